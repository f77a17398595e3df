/*
 * rule_table.h - the calf-risk rules as data: each rule's fixed id and its
 * one table row (name, levels, the thresholds that set them, source and
 * strength of evidence), and every threshold (key, default, range, unit,
 * source) with the per-athlete values in force.  Pure data, no I/O, no
 * wording (the words of each rule live in render/rule_words.c).
 *
 * Included by analysis/ (timeline.h, rules.h), render/ (names for the
 * tables, thresholds for bands and zones), cmd/ (to check overrides) and
 * tests.  doc/rules.md explains every rule and key.
 */
#ifndef RR_RULE_TABLE_H
#define RR_RULE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/athlete.h"
#include "core/err.h"

/* Rule ids as written in flags.csv; the order is the tie-break in sorting. */
enum rule_id {
	RULE_LONG_RUN_SPIKE,
	RULE_CLIMB_SPIKE,
	RULE_SPEED_SPIKE,
	RULE_LATE_CLIMB_SPIKE,
	RULE_WEEKLY_JUMP,
	RULE_ACWR,
	RULE_MONOTONY,
	RULE_HILL_BLOCK,
	RULE_BACK_TO_BACK,
	RULE_LAYOFF_RETURN,
	RULE_BREAKDOWN_CYCLE,
	RULE_SPEED_WEEK,
	RULE_SOFT_SURFACE,
	RULE_PAIN,
	RULE_SHOE_MILEAGE,
	RULE_SHOE_DROP_CHANGE,
	RULE_COUNT
};

enum flag_level { FLAG_NOTE = 1, FLAG_WARN = 2, FLAG_ALERT = 3 };

const char *flag_level_name(enum flag_level l);	/* "note", "warn", "alert" */

const char *rule_name(enum rule_id r);	/* "long_run_spike", ...: flags.csv, never wording */
int rule_lookup(const char *name);	/* enum rule_id, or -1 */

/* Every threshold; the key is its name in athlete.ini [thresholds]. */
enum rule_param {
	RP_LONG_WARN,		/* long_run_spike_warn */
	RP_LONG_MODERATE,
	RP_LONG_ALERT,
	RP_LONG_WINDOW_DAYS,
	RP_LONG_MIN_REF_KM,
	RP_LONG_DUR_WARN,
	RP_LONG_DUR_ALERT,
	RP_CLIMB_WARN,
	RP_CLIMB_MIN_M,
	RP_CLIMB_MIN_INCREASE_M,
	RP_LATE_CLIMB_WARN,
	RP_LATE_CLIMB_MIN_M,
	RP_LATE_CLIMB_MIN_INCREASE_M,
	RP_SPEED_WARN,
	RP_SPEED_MIN_S,
	RP_SPEED_MIN_INCREASE_S,
	RP_WEEK_NOTE,
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
	RP_HILLY_USUAL_RATIO,
	RP_HILLY_USUAL_DAYS,
	RP_HILLY_USUAL_MIN_RUNS,
	RP_HILLY_WEEK_M,
	RP_FLAT_WEEK_M,
	RP_FLAT_WEEK_M_PER_KM,
	RP_FLAT_WEEKS,
	RP_HARD_LONG_RATIO,
	RP_HARD_LONG_MIN_KM,
	RP_HARD_FAST_S,
	RP_LAYOFF_DAYS,
	RP_RETURN_LOSS_DAYS,
	RP_RETURN_MIN_FACTOR,
	RP_RETURN_GROWTH,
	RP_RETURN_ALERT,
	RP_RETURN_EASY_RUNS,
	RP_RETURN_MAX_DAYS,
	RP_CYCLE_BREAK_DAYS,
	RP_CYCLE_COUNT,
	RP_CYCLE_WINDOW_DAYS,
	RP_CYCLE_WITHIN_DAYS,
	RP_CYCLE_MIN_RUNS,
	RP_SPEED_WEEK_WARN,
	RP_SPEED_WEEK_MIN_S,
	RP_SPEED_WEEK_MIN_REF_S,
	RP_SOFT_WARN,
	RP_SOFT_MIN_KM,
	RP_SOFT_MIN_REF_KM,
	RP_PAIN_SEVERITY,
	RP_PAIN_HARD_DAYS,
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

/* How strong the evidence behind a rule is. */
enum evidence_strength {
	EVIDENCE_TRIAL,		/* a randomised trial */
	EVIDENCE_COHORT,	/* a prospective cohort study */
	EVIDENCE_CONVENTION,	/* a published convention, not an injury outcome */
	EVIDENCE_CONSENSUS,	/* a consensus definition */
	EVIDENCE_PRACTICE,	/* clinical guidance or common practice */
	EVIDENCE_HEURISTIC	/* this program's own: no published value */
};

/*
 * One rule.  level_param[l] is the threshold that raises level l (index =
 * enum flag_level; RP_COUNT: the rule never raises that level, or the limit
 * is per item, like a shoe's retire_at_km).
 */
struct rule_def {
	const char *name;		/* flags.csv id */
	unsigned levels;		/* 1u << enum flag_level it can raise */
	int level_param[4];		/* enum rule_param per level, or RP_COUNT */
	bool equipment;			/* about a shoe, not about training load */
	const char *source;		/* "Frandsen 2025, BJSM 59:1203", "heuristic" */
	enum evidence_strength strength;
	const char *study;		/* study type and population, or "heuristic" */
	const char *effect;		/* the effect found, or "" */
};

const struct rule_def *rule_def(enum rule_id r);	/* NULL for an unknown id */

/*
 * What an active flag of a rule restricts in the coming days' plan
 * (analysis/plan.h): one row per rule, bits of 1u << enum plan_limit.  A rule
 * without a row restricts nothing.
 */
enum plan_limit {
	PLAN_KM,		/* the km of the next 7 days */
	PLAN_LONGEST,		/* the longest run */
	PLAN_HILLS,		/* no hill sessions */
	PLAN_SPEED,		/* no speed work */
	PLAN_SHOE,		/* a shoe to retire or replace */
	PLAN_LIMIT_COUNT
};

unsigned rule_plan_limits(enum rule_id r);

/*
 * The acute:chronic ratio zones a renderer shows: below usual_low is less
 * than usual (detraining), up to warn the usual range, above warn caution,
 * from alert danger.  warn and alert are the athlete's thresholds.
 */
struct acwr_zones {
	double usual_low;	/* 0.8, Gabbett 2016's lower edge of the sweet spot */
	double warn, alert;
};

void acwr_zones_of(struct acwr_zones *z, const struct rule_params *p);

#endif
