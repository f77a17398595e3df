/*
 * rules.h - the calf-risk rules: their fixed ids, the thresholds they use
 * (name, default, unit, source), per-athlete overrides, and the pass that
 * raises flags on a built timeline.  Pure computation, no I/O.  Included by
 * analysis/, report/ (to print the table), cmd/ (to check overrides) and
 * tests.  doc/rules.md explains every rule and key.
 */
#ifndef RR_RULES_H
#define RR_RULES_H

#include <stddef.h>

#include "analysis/timeline.h"
#include "core/athlete.h"
#include "core/err.h"

/* Rule ids as written in flags.csv; the order is the tie-break in sorting. */
enum rule_id {
	RULE_LONG_RUN_SPIKE,
	RULE_CLIMB_SPIKE,
	RULE_SPEED_SPIKE,
	RULE_WEEKLY_JUMP,
	RULE_ACWR,
	RULE_MONOTONY,
	RULE_HILL_BLOCK,
	RULE_BACK_TO_BACK,
	RULE_LAYOFF_RETURN,
	RULE_SHOE_MILEAGE,
	RULE_SHOE_DROP_CHANGE,
	RULE_COUNT
};

const char *rule_name(enum rule_id r);	/* "long_run_spike", ... */
int rule_lookup(const char *name);	/* enum rule_id, or -1 */

/* Every threshold; the key is its name in athlete.ini [thresholds]. */
enum rule_param {
	RP_LONG_NOTE,		/* long_run_spike_note */
	RP_LONG_WARN,
	RP_LONG_ALERT,
	RP_LONG_WINDOW_DAYS,
	RP_LONG_MIN_REF_KM,
	RP_LONG_DUR_WARN,
	RP_LONG_DUR_ALERT,
	RP_CLIMB_WARN,
	RP_CLIMB_MIN_M,
	RP_CLIMB_MIN_INCREASE_M,
	RP_SPEED_WARN,
	RP_SPEED_MIN_S,
	RP_SPEED_MIN_INCREASE_S,
	RP_WEEK_WARN,
	RP_WEEK_MIN_BASE_KM,
	RP_ACWR_WARN,
	RP_ACWR_ALERT,
	RP_ACWR_MIN_CHRONIC_KM,
	RP_MONOTONY_WARN,
	RP_MONOTONY_MIN_WEEK_KM,
	RP_HILL_RATIO,
	RP_HILL_MIN_WEEK_M,
	RP_HILLY_RUN_M,
	RP_HILLY_RUN_M_PER_KM,
	RP_HILLY_WEEK_M,
	RP_FLAT_WEEK_M,
	RP_FLAT_WEEKS,
	RP_HARD_LONG_RATIO,
	RP_HARD_LONG_MIN_KM,
	RP_HARD_FAST_S,
	RP_LAYOFF_DAYS,
	RP_LAYOFF_LONG_RATIO,
	RP_LAYOFF_CLIMB_RATIO,
	RP_LAYOFF_CLIMB_MIN_M,
	RP_LAYOFF_FAST_RATIO,
	RP_LAYOFF_FAST_MIN_S,
	RP_LAYOFF_WEEK_RATIO,
	RP_SHOE_WARN_KM,
	RP_SHOE_ALERT_KM,
	RP_DROP_MM,
	RP_DROP_MIN_KM,
	RP_DROP_WINDOW_DAYS,
	RP_CTL_DAYS,
	RP_ATL_DAYS,
	RP_EPISODE_GAP_DAYS,
	RP_COUNT
};

struct rule_param_def {
	const char *key;	/* athlete.ini [thresholds] key */
	double value;		/* default */
	double min, max;	/* accepted override range */
	int integer;		/* must be a whole number (days, weeks) */
	const char *unit;
	const char *source;	/* "Frandsen 2025", "heuristic", ... */
	const char *meaning;	/* one line for the report and the docs */
};

const struct rule_param_def *rule_param_def(enum rule_param p);
int rule_param_lookup(const char *key);	/* enum rule_param, or -1 */

struct rule_params {
	double v[RP_COUNT];
	unsigned overridden[(RP_COUNT + 31) / 32];	/* bit per parameter */
};

/* Defaults, then the athlete's overrides (unknown keys are skipped here). */
void rule_params_init(struct rule_params *p, const struct rr_athlete *a);

/*
 * Check an athlete's [thresholds]: every key known, every value in range
 * (and whole where it must be).  RR_ECONFIG names the first bad key.
 */
enum rr_status rule_params_check(const struct rr_athlete *a, struct rr_error *err);

/*
 * Raise every rule's flags on r (runs, days and shoes filled by
 * timeline_build) and append them to r->flags (unsorted).  -1 on allocation
 * failure.
 */
int rules_apply(struct athlete_result *r, const struct rr_athlete *cfg,
		const struct rule_params *p);

#endif
