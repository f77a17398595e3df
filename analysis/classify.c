/*
 * classify.c - run, walk, ride, other or unusable (analysis/classify.h).
 * The rules and their reasons are in doc/metrics.md, "Classification".
 */
#include "analysis/classify.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "analysis/summary.h"

#define T_MIN_S 315964800.0	/* 1980-01-06, as in metrics.c and timeline.c */
#define T_MAX_S 4102444800.0	/* 2100-01-01 */

/*
 * Sport words, lower-case ASCII, matched as a substring of the lower-cased
 * sport (so "trail_running", "VirtualRun", "Mountain Biking" match).  The
 * first match wins, so the more specific words come first.  Numbers are
 * Strava's activity types in its GPX <type>, matched whole.
 */
struct sport_word {
	const char *word;
	enum rr_class cls;
	bool whole;		/* the whole sport, not a part of it */
};

static const struct sport_word sport_words[] = {
	/* Strava GPX <type> numbers (its activity type ids) */
	{ "1", RR_CLASS_RIDE, true },		/* Ride */
	{ "4", RR_CLASS_WALK, true },		/* Hike */
	{ "9", RR_CLASS_RUN, true },		/* Run */
	{ "10", RR_CLASS_WALK, true },		/* Walk */
	{ "17", RR_CLASS_RIDE, true },		/* VirtualRide */
	{ "unknown", RR_CLASS_COUNT, true },
	{ "generic", RR_CLASS_COUNT, true },	/* Garmin's "no sport chosen" */
	{ "other", RR_CLASS_OTHER, true },	/* TCX Sport="Other" */
	/* walking first: "Nordic walking", "Walk-run" are walks */
	{ "walk", RR_CLASS_WALK, false },
	{ "hik", RR_CLASS_WALK, false },
	{ "trek", RR_CLASS_WALK, false },
	{ "mountaineer", RR_CLASS_WALK, false },	/* FIT sport 16 */
	{ "wander", RR_CLASS_WALK, false },	/* de Wandern, nl wandelen */
	{ "gehen", RR_CLASS_WALK, false },	/* de */
	{ "marche", RR_CLASS_WALK, false },	/* fr */
	{ "randonn", RR_CLASS_WALK, false },	/* fr randonnee */
	{ "caminar", RR_CLASS_WALK, false },	/* es */
	{ "senderismo", RR_CLASS_WALK, false },	/* es */
	{ "camminat", RR_CLASS_WALK, false },	/* it */
	{ "escursion", RR_CLASS_WALK, false },	/* it */
	/* runs */
	{ "run", RR_CLASS_RUN, false },		/* running, Run, trail_running, VirtualRun */
	{ "jog", RR_CLASS_RUN, false },
	{ "lauf", RR_CLASS_RUN, false },	/* de Laufen, Dauerlauf */
	{ "course a pied", RR_CLASS_RUN, false },	/* fr, unaccented */
	{ "course \xc3\xa0 pied", RR_CLASS_RUN, false },	/* fr, "course à pied" */
	{ "correr", RR_CLASS_RUN, false },	/* es */
	{ "carrera", RR_CLASS_RUN, false },	/* es */
	{ "corsa", RR_CLASS_RUN, false },	/* it */
	{ "hardlop", RR_CLASS_RUN, false },	/* nl */
	{ "l\xc3\xb6p", RR_CLASS_RUN, false },	/* sv lopning */
	{ "juoks", RR_CLASS_RUN, false },	/* fi */
	{ "bieg", RR_CLASS_RUN, false },	/* pl */
	{ "treadmill", RR_CLASS_RUN, false },
	/* rides */
	{ "bik", RR_CLASS_RIDE, false },	/* Biking, e-bike, mountain biking */
	{ "cycl", RR_CLASS_RIDE, false },	/* cycling, cyclocross */
	{ "ride", RR_CLASS_RIDE, false },
	{ "radfahr", RR_CLASS_RIDE, false },	/* de */
	{ "rennrad", RR_CLASS_RIDE, false },	/* de */
	{ "velo", RR_CLASS_RIDE, false },	/* fr velo */
	{ "v\xc3\xa9lo", RR_CLASS_RIDE, false },	/* fr vélo */
	{ "ciclismo", RR_CLASS_RIDE, false },	/* es, it */
	{ "fiets", RR_CLASS_RIDE, false },	/* nl */
};

enum rr_class rr_class_of_sport(const char *sport)
{
	char low[64];
	size_t i;

	for (i = 0; i + 1 < sizeof(low) && sport && sport[i]; i++)
		low[i] = (sport[i] >= 'A' && sport[i] <= 'Z') ? (char)(sport[i] - 'A' + 'a') : sport[i];
	low[i] = '\0';
	if (!low[0])
		return RR_CLASS_COUNT;
	for (i = 0; i < sizeof(sport_words) / sizeof(sport_words[0]); i++) {
		const struct sport_word *w = &sport_words[i];

		if (w->whole ? strcmp(low, w->word) == 0 : strstr(low, w->word) != NULL)
			return w->cls;
	}
	return RR_CLASS_OTHER;	/* a sport we do not know is not a run */
}

static void set(struct run_summary *s, enum rr_class c, enum rr_class_why why, double v)
{
	s->klass = c;
	s->class_why = why;
	s->class_value_mps = v;
}

/* Not a run by its speeds: a vehicle, a ride, or RR_CLASS_COUNT (fits a run). */
static enum rr_class by_speed(const struct run_summary *s, enum rr_class_why *why, double *v)
{
	if (s->speed_median_mps > CLASS_VEHICLE_MEDIAN_MPS) {
		*why = RR_WHY_VEHICLE;
		*v = s->speed_median_mps;
		return RR_CLASS_OTHER;
	}
	if (s->speed_p90_mps > CLASS_VEHICLE_P90_MPS) {
		*why = RR_WHY_VEHICLE;
		*v = s->speed_p90_mps;
		return RR_CLASS_OTHER;
	}
	if (s->speed_median_mps > CLASS_RIDE_MEDIAN_MPS) {
		*why = RR_WHY_MEDIAN_FAST;
		*v = s->speed_median_mps;
		return RR_CLASS_RIDE;
	}
	if (s->speed_p90_mps > CLASS_RIDE_P90_MPS) {
		*why = RR_WHY_P90_FAST;
		*v = s->speed_p90_mps;
		return RR_CLASS_RIDE;
	}
	return RR_CLASS_COUNT;
}

void rr_classify(struct run_summary *s)
{
	enum rr_class sport = rr_class_of_sport(s->sport), c;
	enum rr_class_why why = RR_WHY_SPORT;
	double v = NAN;

	if (s->route) {
		set(s, RR_CLASS_UNUSABLE, RR_WHY_ROUTE, NAN);
		return;
	}
	if (!isfinite(s->elapsed_s) || !(s->start_t_s >= T_MIN_S && s->start_t_s < T_MAX_S)) {
		set(s, RR_CLASS_UNUSABLE, RR_WHY_NO_TIME, NAN);
		return;
	}
	if (!(s->elapsed_s > 0)) {
		set(s, RR_CLASS_UNUSABLE, RR_WHY_ONE_INSTANT, NAN);
		return;
	}
	if (!(s->moving_s > 0) && !(s->distance_m > 0)) {
		set(s, RR_CLASS_UNUSABLE, RR_WHY_NO_MOTION, NAN);
		return;
	}
	if (sport != RR_CLASS_COUNT && sport != RR_CLASS_RUN) {
		set(s, sport, RR_WHY_SPORT, NAN);
		return;
	}
	c = by_speed(s, &why, &v);
	if (c != RR_CLASS_COUNT) {
		set(s, c, why, v);
		return;
	}
	if (sport == RR_CLASS_RUN) {
		set(s, RR_CLASS_RUN, RR_WHY_SPORT, NAN);
		return;
	}
	if (s->speed_median_mps < CLASS_WALK_MEDIAN_MPS) {
		set(s, RR_CLASS_WALK, RR_WHY_MEDIAN_SLOW, s->speed_median_mps);
		return;
	}
	set(s, RR_CLASS_RUN, RR_WHY_MOTION_RUN, s->speed_median_mps);
}

const char *rr_class_name(enum rr_class c)
{
	static const char *const names[RR_CLASS_COUNT] = {
		[RR_CLASS_RUN] = "run", [RR_CLASS_WALK] = "walk", [RR_CLASS_RIDE] = "ride",
		[RR_CLASS_OTHER] = "other", [RR_CLASS_UNUSABLE] = "unusable",
	};

	return (unsigned)c < RR_CLASS_COUNT ? names[c] : "?";
}
