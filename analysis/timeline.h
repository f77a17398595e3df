/*
 * timeline.h - one athlete's analysis result: the runs as a daily series,
 * the weekly table, the load of the last 7 and 28 days, each day's 30-day
 * reference, the thresholds in force, and the flags (with their structured
 * evidence) that analysis/rules.h raises on it.  timeline_build() fills
 * everything but the flags; the caller then runs rules_apply() (one way:
 * the timeline never calls the rules).  Pure computation, no I/O, no
 * wording.  Included by analysis/, render/ (read only), cmd/ and tests.
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
#include "analysis/rule_table.h"
#include "analysis/summary.h"
#include "analysis/surface.h"
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

/* weeks.csv: a calendar week (Monday to Sunday), summed from the day rows. */
struct week_row {
	int32_t week_start;	/* a Monday */
	unsigned days;		/* days of the week inside the timeline (1..7) */
	unsigned runs;
	double distance_m, ascent_m, fast_s, calf_load;	/* NAN when no day knows */
	double longest_run_m;
	double late_ascent_m;	/* sum of the runs' late_ascent_m (after late_km); NAN none known */
	double surface_m[SURFACE_COUNT];	/* metres of runs per enum surface */
	double change;		/* distance / previous week's - 1; NAN when that had none */
	bool jump_flag;		/* a weekly_jump flag falls in this week (rules_apply) */
};

/* Sums over the days [last_day - ndays + 1, last_day]; NAN when no day knows. */
struct load_window {
	double distance_m, ascent_m, fast_s, calf_load, longest_m;
	unsigned runs;
};

/*
 * A flag's evidence as data: which sentence shape it takes (kind) and the
 * numbers, dates and items compared.  The words are render/rule_words.c's.
 * Distances are in metres, times in seconds, unless a name says otherwise.
 */
enum evidence_kind {
	EVK_SPIKE_DISTANCE,	/* long_run_spike on distance; spike */
	EVK_SPIKE_DURATION,	/* long_run_spike on moving time; spike */
	EVK_SPIKE_CLIMB,	/* climb_spike; spike */
	EVK_SPIKE_FAST,		/* speed_spike; spike */
	EVK_SPIKE_LATE_CLIMB,	/* late_climb_spike; spike (other_*: the run's whole ascent) */
	EVK_WEEK_JUMP,		/* weekly_jump; week */
	EVK_ACWR,		/* acwr; ratio */
	EVK_MONOTONY,		/* monotony; monotony */
	EVK_HILL_RATIO,		/* hill_block: 7-day climb vs the 28-day weekly mean; ratio */
	EVK_HILL_FIRST_RUN,	/* hill_block: the first hilly run after flat weeks; hill */
	EVK_HILL_FIRST_WEEK,	/* hill_block: the first hilly week after flat weeks; hill */
	EVK_HARD_DAYS,		/* back_to_back; hard */
	EVK_LAYOFF_LONG,	/* layoff_return: a run too long; layoff */
	EVK_LAYOFF_HILLY,	/* ... too hilly */
	EVK_LAYOFF_FAST,	/* ... too fast */
	EVK_LAYOFF_WEEK,	/* ... a return week too big */
	EVK_CYCLE,		/* repeated_breakdown; cycle */
	EVK_SPEED_WEEK,		/* speed_week: 7-day fast time vs the 4 weeks before; ratio */
	EVK_SOFT_SURFACE,	/* soft_surface: 7-day soft km vs the 4 weeks before; ratio */
	EVK_PAIN_SEVERE,	/* pain: an entry at or above the severity; pain */
	EVK_PAIN_RISING,	/* pain: severity above the entry before; pain */
	EVK_PAIN_HARD,		/* pain: a hard run within days after an entry; pain */
	EVK_PAIN_ONSET,		/* pain: a run longer than the entry's km_at_onset; pain */
	EVK_SHOE_KM,		/* shoe_mileage; shoe */
	EVK_SHOE_DROP,		/* shoe_drop_change; drop */
	EVK_COUNT
};

/* A run's quantity against the largest of the window before (whole m or s). */
struct ev_spike {
	double cur, ref;
	int32_t ref_day;	/* the reference run */
	int window_days;
	/*
	 * long_run_spike: the other measure (duration on a distance flag,
	 * shown only when it crossed too; distance on a duration flag).
	 */
	bool other_shown;
	double other_cur, other_ref, other_frac;
	unsigned late_km;	/* climb and late-climb spikes: the athlete's late_km */
};

struct ev_week {
	int32_t week_start, prev_start;	/* Mondays */
	double cur_m, prev_m;		/* whole metres; prev_m: the reference */
	double week_before_m;		/* the week before, whole metres */
	double mean4_m;			/* mean of the 4 weeks before; NAN: fewer in the data */
	bool complete;			/* else in progress, crossed on the flag's day */
};

/* A 7-day sum against the weekly mean of the 28 days ending the same day. */
struct ev_ratio {
	int32_t acute_from, chronic_from;	/* both end on the flag's day */
	double acute, chronic_week;		/* acwr: m; hill_block: m of ascent */
	double uncoupled, ewma;			/* acwr: the other forms */
	double calf_coupled, calf_ewma;		/* acwr on calf load; calf_coupled NAN: none */
};

struct ev_monotony {
	int32_t from;		/* the 7 days end on the flag's day */
	double daily_m[7];	/* whole metres */
	double week_km, strain;
};

/*
 * Why a run is hilly for this athlete (run_entry.h): its climb per km, the
 * athlete's usual then (NAN: too little history) and the line it crossed.
 */
struct ev_hilly {
	double climb_m_per_km, usual_m_per_km, limit_m_per_km;
};

struct ev_hill {
	double ascent_m;	/* the run's, or the 7 days' */
	double distance_m;	/* the run's (first run) */
	struct ev_hilly hilly;	/* first run */
	int32_t from;		/* first week: the 7 days' first day */
	int flat_weeks;
	int32_t flat_from, flat_to;
	double flat_max_m;	/* the most a run (first run) or a week (first week) climbed */
};

enum hard_why { HARD_LONG = 1, HARD_HILLY = 2, HARD_FAST = 4 };

struct ev_hard_day {
	int32_t day;
	unsigned why;		/* enum hard_why bits */
	double distance_m, mean_ratio, ascent_m, fast_s;	/* mean_ratio: vs the 28-day mean run */
	struct ev_hilly hilly;	/* why & HARD_HILLY */
};

struct ev_hard {
	struct ev_hard_day day[2];	/* the earlier hard day, then the flagged one */
};

/* Which limit a return run was judged by (rules.c return_run_limit). */
enum run_limit_by {
	LIMIT_BY_TABLE,		/* the return week's limit (f x mean run x growth^week) */
	LIMIT_BY_SINCE,		/* return_growth over the longest run since the return */
	LIMIT_BY_FIRST		/* the first run's limit (the growth over that longest is less) */
};

struct ev_layoff {
	int32_t last_day, back_day;	/* the last run before and the first after */
	int gap_days;
	unsigned pre_runs;		/* in the 28 days up to last_day */
	double pre_total_m;
	double cur, pre_mean;		/* long: m vs mean run; hilly: m up; fast: s; week: m vs weekly mean */
	bool as_long_as_longest;	/* long: at least the longest pre-layoff run */
	double pre_longest_m;
	double limit;			/* long, week: the return limit crossed (whole m) */
	enum run_limit_by limit_by;	/* long: which run limit it was */
	double since_longest_m;		/* long: the longest run since the return before it */
	double factor;			/* the break's limit factor */
	int day_n;			/* day N of the return (the first run back is day 1) */
	int week_n;			/* return week, 0 = the first 7 days */
	unsigned run_n;			/* hilly, fast: the Nth run back */
	struct ev_hilly hilly;		/* hilly */
};

/* What the returns before the breakdowns had in common (bits). */
enum cycle_common {
	CYCLE_VOLUME = 1,	/* a run or week over its return limit */
	CYCLE_HILLS = 2,	/* a hilly run among the first runs back */
	CYCLE_SPEED = 4,	/* fast time among the first runs back */
	CYCLE_SOFT = 8		/* soft ground or trail among the first runs back */
};

#define CYCLE_MAX 6

/* repeated_breakdown: each return, the km run since it, and the break that ended it. */
struct ev_cycle {
	unsigned n;			/* cycles listed (the latest CYCLE_MAX) */
	unsigned count;			/* breakdowns in the window */
	int window_days;
	struct {
		int32_t back_day;	/* the return */
		double km_since;	/* km run from it to the break */
		int32_t break_from, break_to;	/* the first and last day without a run */
		unsigned traits;	/* enum cycle_common bits of this return */
	} c[CYCLE_MAX];
	unsigned common;		/* enum cycle_common bits, all returns */
};

/* pain: severity on an entry, the entry before, the hard run after. */
struct ev_pain {
	int32_t day;			/* the pain entry */
	int severity, threshold;
	int32_t prev_day;		/* rising: the entry before; else RR_NO_DAY */
	int prev_severity;
	int32_t run_day;		/* hard: the run's day */
	unsigned why;			/* hard: enum hard_why bits */
	double distance_m, ascent_m, fast_s;
	struct ev_hilly hilly;		/* hard, why & HARD_HILLY */
	int within_days;
	double km_at_onset;		/* onset: the entry's */
};

struct ev_shoe {
	int shoe;			/* index in athlete_result.shoes */
	double km, start_km, runs_km;	/* runs_km = km - start_km: its runs' */
	unsigned runs;
	int32_t since;			/* the shoe's first run */
	double retire_km;
};

struct ev_drop {
	int shoe, prev_shoe;		/* indexes in athlete_result.shoes */
	double drop_mm, prev_drop_mm, prev_km, km;
	int32_t reached_day;		/* when km was reached */
	int window_days;
};

struct flag_evidence {
	enum evidence_kind kind;
	union {
		struct ev_spike spike;
		struct ev_week week;
		struct ev_ratio ratio;
		struct ev_monotony monotony;
		struct ev_hill hill;
		struct ev_hard hard;
		struct ev_layoff layoff;
		struct ev_pain pain;
		struct ev_cycle cycle;
		struct ev_shoe shoe;
		struct ev_drop drop;
	} u;
};

/* One flag: flags.csv, the report, and the samples truth test. */
struct flag {
	int32_t day;		/* local date the flag is about */
	enum rule_id rule;
	enum flag_level level;
	double value;		/* the measured quantity (ratio or km, per rule) */
	double threshold;	/* the threshold it crossed */
	struct flag_evidence ev;
};

struct shoe_row {
	char name[64];
	double km;		/* start km + runs assigned */
	double retire_at_km;	/* per shoe or default */
	double left_km;		/* retire_at_km - km (may be negative) */
	double heel_drop_mm;
	unsigned runs;
	int32_t first_day, last_day;	/* of assigned runs, RR_NO_DAY if none */
	int32_t retire_day;	/* athlete.ini retire date, RR_NO_DAY if none */
};

/*
 * A return phase: after a break of at least layoff_days without running,
 * from the first run back to end_day.  Limits (NAN without two runs in the
 * 28 days before the break) scale with the break and the load before it:
 * run limit in return week w = min(first_limit_m x (1 + growth)^w,
 * pre_longest_m), the same for the week with week_limit_m and the
 * pre-break weekly mean.  doc/rules.md has the table and its reasons.
 */
struct return_phase {
	int32_t last_day, back_day, end_day;
	int gap_days;
	unsigned pre_runs;
	double pre_total_m, pre_mean_m, pre_longest_m;
	double factor;			/* 1 - gap / return_loss_days, floored */
	double first_limit_m, week_limit_m;	/* return week 0 */
	double km_since;		/* km run from back_day to the next break or the data's end */
};

/* A flag before a pain entry: the pain diary lists these. */
struct pain_flag {
	enum rule_id rule;
	enum flag_level level;
	int32_t day;
};

#define PAIN_FLAGS_MAX 32

struct pain_row {
	struct rr_pain entry;
	/* the flags of the 14 days up to its day, in flag order (rules_apply) */
	struct pain_flag preceding[PAIN_FLAGS_MAX];
	size_t npreceding;
	bool more;		/* there were more than PAIN_FLAGS_MAX */
};

struct athlete_result {
	char name[96];
	char zone_used[80];	/* e.g. "Europe/Madrid (athlete.ini)", "+01:00 (from files)", "UTC" */
	unsigned late_km;	/* athlete.ini's late_km: runs' late_ascent_m is after this */
	int32_t first_day, last_day;	/* RR_NO_DAY when there are no runs */
	struct run_entry *runs;	size_t nruns;	/* sorted by start time */
	struct day_row *days;	size_t ndays;	/* every day first..last */
	struct flag *flags;	size_t nflags;	/* sorted by day, then level desc */
	struct shoe_row *shoes;	size_t nshoes;
	struct pain_row *pain;	size_t npain;
	struct week_row *weeks;	size_t nweeks;	/* every calendar week first..last */
	/*
	 * longest_before_m[i]: the longest run of the long_run_spike window
	 * before day first_day + i (that day excluded); i in [0, ndays], the
	 * last one is the day after the data.  NAN when none.
	 */
	double *longest_before_m;
	struct load_window last7, last28;	/* ending on last_day */
	struct rule_params params;		/* the thresholds in force */
	struct acwr_zones zones;		/* from params */
	enum flag_level top_level;	/* highest level among active flags, 0 none */
	struct return_phase *returns;	size_t nreturns;	/* rules_apply */
	/* "returning: day N after M days off" on last_day; 0 when not returning */
	int returning_day, returning_gap_days;
	size_t nignored;	/* activities not counted: not running, routes, no start time */
};

/* Retired (athlete.ini) on or before the last day of data: left_km is then NAN. */
bool shoe_is_retired(const struct athlete_result *r, const struct shoe_row *s);

/*
 * Active means: within the last 7 days of the timeline (the report's "this
 * week"); a shoe_mileage alert stays active while its shoe is in use (a run
 * in those 7 days).
 */
bool flag_is_active(const struct athlete_result *r, const struct flag *f);

/*
 * Build the timeline (everything but the flags: rules_apply() raises them
 * next).  runs are copied; the caller keeps its array.  cfg NULL means an
 * athlete with no configuration; pain may be NULL.  Returns 0, or -1 on
 * allocation failure (out is then released).
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

/*
 * The tables the renderers read, from r's runs, days and params: the ACWR
 * zones, the weekly table, the window references (longest_before_m and each
 * run's longest_before_m and spike_band), each run's usual climb per km and
 * hilly judgement (run_entry.h) and the 7- and 28-day loads.
 * timeline_build() ends with it; a test that crafts days by hand calls it
 * too.  Replaces what it made before.  -1 on allocation failure.
 */
int timeline_derive(struct athlete_result *r);

/* The return phase day lies in (rules_apply found them; they do not overlap), or NULL. */
const struct return_phase *return_phase_at(const struct athlete_result *r, int32_t day);

/* Is day inside a return phase? */
bool day_is_returning(const struct athlete_result *r, int32_t day);

/* The index in r->weeks of the week holding day, a day of the timeline. */
size_t week_index(const struct athlete_result *r, int32_t day);

void athlete_result_release(struct athlete_result *r);


#endif
