/*
 * timeline.h - one athlete's runs as a daily series, and the calf-risk flags
 * raised on it.  Pure computation, no I/O.  Included by analysis/, render/,
 * cmd/ and tests.
 *
 * Ownership: struct athlete_result owns its arrays; athlete_result_release()
 * frees them.  Everything else is plain values.
 */
#ifndef RR_TIMELINE_H
#define RR_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/run_entry.h"
#include "analysis/summary.h"
#include "core/athlete.h"

struct rr_tz;	/* core/tz.h */

/* days.csv; ACWR columns are on distance (NAN before 28 days of history). */
struct day_row {
	int32_t day;
	unsigned runs;
	double distance_m, ascent_m, fast_s, calf_load;
	double acute7_m, chronic28_m;
	double acwr_coupled, acwr_uncoupled, acwr_ewma;
	double acwr_calf_ewma;	/* EWMA ACWR on calf_load */
	double monotony, strain;	/* over the 7 days ending here; NAN if undefined */
	double ctl, atl, tsb;		/* fitness, fatigue, form on distance in km */
	double ramp7;		/* ctl - ctl 7 days earlier (km/day per week); NAN first 7 days */
};

enum flag_level { FLAG_NOTE = 1, FLAG_WARN = 2, FLAG_ALERT = 3 };

const char *flag_level_name(enum flag_level l);	/* "note", "warn", "alert" */

/* One flag: flags.csv, the report, and the samples truth test. */
struct flag {
	int32_t day;		/* local date the flag is about */
	char rule[24];		/* long_run_spike, weekly_jump, acwr, ... (fixed ids) */
	enum flag_level level;
	double value;		/* the measured quantity (ratio or km, per rule) */
	double threshold;	/* the threshold it crossed */
	char evidence[512];	/* sentence with the numbers, dates compared and the source */
};

struct shoe_row {
	char name[64];
	double km;		/* start km + runs assigned */
	double retire_at_km;	/* per shoe or default */
	double left_km;		/* retire_at_km - km (may be negative) */
	double heel_drop_mm;
	unsigned runs;
	int32_t first_day, last_day;	/* of assigned runs, RR_NO_DAY if none */
};

struct pain_row {
	struct rr_pain entry;
	char preceding[512];	/* flags of the 14 days before, "rule level date; ..." */
};

struct athlete_result {
	char name[96];
	char zone_used[80];	/* e.g. "Europe/Madrid (athlete.ini)", "+01:00 (from files)", "UTC" */
	int32_t first_day, last_day;	/* RR_NO_DAY when there are no runs */
	struct run_entry *runs;	size_t nruns;	/* sorted by start time */
	struct day_row *days;	size_t ndays;	/* every day first..last */
	struct flag *flags;	size_t nflags;	/* sorted by day, then level desc */
	struct shoe_row *shoes;	size_t nshoes;
	struct pain_row *pain;	size_t npain;
	enum flag_level top_level;	/* highest level among active flags, 0 none */
	size_t nignored;	/* activities not counted: not running, routes, no start time */
};

/* Active means: within the last 7 days of the timeline (the report's "this week"). */
bool flag_is_active(const struct athlete_result *r, const struct flag *f);

/*
 * Build the timeline and raise the flags.  runs are copied; the caller keeps
 * its array.  cfg NULL means an athlete with no configuration; pain may be
 * NULL.  Returns 0, or -1 on allocation failure (out is then released).
 */
int timeline_build(struct athlete_result *out, const struct rr_athlete *cfg,
		   const struct run_entry *runs, size_t nruns,
		   const struct rr_pain *pain, size_t npain);

/*
 * The same with the athlete's zone already resolved (an IANA name needs its
 * TZif data: parsers/athlete_ini.h rr_athlete_zone_load()).  zone NULL:
 * cfg->timezone when it is a fixed offset ("+13:00"), else the offsets the
 * files carry, else UTC.  timeline_build() is this with zone NULL.
 */
int timeline_build_zone(struct athlete_result *out, const struct rr_athlete *cfg,
			const struct rr_tz *zone,
			const struct run_entry *runs, size_t nruns,
			const struct rr_pain *pain, size_t npain);

void athlete_result_release(struct athlete_result *r);

/* --since: drop the flags dated before since (RR_NO_DAY: keep all). */
void athlete_result_keep_since(struct athlete_result *r, int32_t since);

#endif
