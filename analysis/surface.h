/*
 * surface.h - each run's surface class (road, trail, soft, track, indoor)
 * from its sport text, keywords in its name and whether it has positions.
 * Pure, no I/O, no wording (render/ names the classes).  Included by
 * analysis/ (timeline.c, rules.c), render/ and tests.
 */
#ifndef RR_SURFACE_H
#define RR_SURFACE_H

#include "analysis/summary.h"

enum surface {
	SURFACE_ROAD,		/* the default: outdoors, none of the below */
	SURFACE_TRAIL,		/* "trail" in the sport or the name */
	SURFACE_SOFT,		/* sand, beach, mud, snow, grass in the name */
	SURFACE_TRACK,		/* "track" in the sport or the name */
	SURFACE_INDOOR,		/* treadmill / indoor, or a distance with no positions */
	SURFACE_COUNT
};

const char *surface_name(enum surface s);	/* "road", ...: CSV ids, never wording */

/*
 * The class of one run.  Order of the tests: indoor (sport or name says
 * treadmill or indoor, or the run has a distance but no GPS track), then
 * soft, trail, track keywords in the name, then the sport's "trail" or
 * "track" (FIT sub-sport text, TCX/GPX sport), else road.
 */
enum surface surface_of(const struct run_summary *s);

/*
 * The same with an athlete's name keywords (core/athlete.h, indexed by
 * enum rr_surface_kw): a class whose list is set uses it instead of the
 * default list above for the run's name; the sport tests and the
 * no-positions test do not change.  words NULL: the defaults.
 */
enum surface surface_of_words(const struct run_summary *s,
			      const struct rr_surface_words *words);

/* Soft ground for the soft_surface rule: soft and trail. */
static inline int surface_is_soft(enum surface s)
{
	return s == SURFACE_SOFT || s == SURFACE_TRAIL;
}

#endif
