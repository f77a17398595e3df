#include "analysis/rule_table.h"

#include <math.h>
#include <string.h>

#include "core/num.h"

#define SRC_FRANDSEN "Frandsen 2025, BJSM 59:1203"
#define SRC_NIELSEN "Nielsen 2014, JOSPT 44:739; context"
#define SRC_ACWR "Gabbett 2016, BJSM 50:273; context"
#define SRC_FOSTER "Foster 1998, MSSE 30:1164; the threshold is a convention"
#define SRC_HEUR "heuristic"
#define SRC_CLINIC "clinical guidance; heuristic"
#define SRC_LAYOFF "7 days as in Yamato 2015, JOSPT 45:375; limits heuristic"
#define SRC_PAIN "the seed's advice; heuristic"
#define SRC_SHOE "common practice, heuristic"
#define SRC_DROP "Malisoux 2016, AJSM 44:2933; thresholds heuristic"
#define SRC_BANISTER "Banister; as GoldenCheetah"

/*
 * The rule table.  The order of enum rule_id is the tie-break when flags
 * are sorted.  Study, population and effect as doc/rules.md gives them.
 */
#define LV(l) (1u << (l))
#define NOP RP_COUNT

static const struct rule_def rule_defs[RULE_COUNT] = {
	[RULE_LONG_RUN_SPIKE] = { "long_run_spike", LV(FLAG_WARN) | LV(FLAG_ALERT),
		{ NOP, NOP, RP_LONG_WARN, RP_LONG_ALERT }, false, SRC_FRANDSEN,
		EVIDENCE_COHORT, "prospective cohort, 5 205 adult runners (Garmin-RUNSAFE), "
		"588 071 sessions, self-reported overuse injury",
		"hazard rate ratio 1.64 (10-30 % longer), 1.52 (30-100 %), 2.28 (over 100 %)" },
	[RULE_CLIMB_SPIKE] = { "climb_spike", LV(FLAG_WARN), { NOP, NOP, RP_CLIMB_WARN, NOP },
		false, SRC_HEUR, EVIDENCE_HEURISTIC, "heuristic", "" },
	[RULE_LATE_CLIMB_SPIKE] = { "late_climb_spike", LV(FLAG_WARN),
		{ NOP, NOP, RP_LATE_CLIMB_WARN, NOP }, false, SRC_HEUR, EVIDENCE_HEURISTIC,
		"heuristic: the seed's runner breaks down after 6-9 km, sooner with hills", "" },
	[RULE_SPEED_SPIKE] = { "speed_spike", LV(FLAG_WARN), { NOP, NOP, RP_SPEED_WARN, NOP },
		false, SRC_HEUR, EVIDENCE_HEURISTIC, "heuristic", "" },
	[RULE_WEEKLY_JUMP] = { "weekly_jump", LV(FLAG_NOTE), { NOP, RP_WEEK_NOTE, NOP, NOP },
		false, SRC_NIELSEN, EVIDENCE_COHORT,
		"prospective cohort, 874 novice runners (Nielsen 2014): no difference for all "
		"injuries; Frandsen 2025 found no association for the week-to-week ratio in "
		"5 205 runners",
		"novices: knee, hip and shin injuries (not calf or Achilles) HR 1.59, 95 % CI "
		"0.96-2.66, after a 2-week progression over 30 %; context only (note)" },
	[RULE_ACWR] = { "acwr", LV(FLAG_NOTE),
		{ NOP, RP_ACWR_ALERT, NOP, NOP }, false, SRC_ACWR, EVIDENCE_CONVENTION,
		"review of team-sport cohorts (Gabbett 2016); Frandsen 2025 found a negative "
		"dose-response in runners", "the thresholds come from team sports; context only "
		"(note), not meaningful while returning" },
	[RULE_MONOTONY] = { "monotony", LV(FLAG_WARN), { NOP, NOP, RP_MONOTONY_WARN, NOP },
		false, SRC_FOSTER, EVIDENCE_CONVENTION, "convention (Foster 1998, athletes)", "" },
	[RULE_HILL_BLOCK] = { "hill_block", LV(FLAG_WARN), { NOP, NOP, RP_HILL_RATIO, NOP },
		false, SRC_HEUR, EVIDENCE_HEURISTIC, "heuristic", "" },
	[RULE_BACK_TO_BACK] = { "back_to_back", LV(FLAG_WARN), { NOP, NOP, NOP, NOP },
		false, SRC_CLINIC, EVIDENCE_PRACTICE, "clinical guidance; definitions heuristic", "" },
	[RULE_LAYOFF_RETURN] = { "layoff_return", LV(FLAG_WARN) | LV(FLAG_ALERT),
		{ NOP, NOP, NOP, RP_RETURN_ALERT }, false, SRC_LAYOFF, EVIDENCE_CONSENSUS,
		"consensus injury definition (>= 7 days, Yamato 2015); the return limits are "
		"heuristic", "" },
	[RULE_BREAKDOWN_CYCLE] = { "repeated_breakdown", LV(FLAG_ALERT),
		{ NOP, NOP, NOP, RP_CYCLE_COUNT }, false, SRC_HEUR, EVIDENCE_HEURISTIC,
		"heuristic: the seed's \"ten times over\"", "" },
	[RULE_SPEED_WEEK] = { "speed_week", LV(FLAG_WARN), { NOP, NOP, RP_SPEED_WEEK_WARN, NOP },
		false, SRC_HEUR, EVIDENCE_HEURISTIC, "heuristic", "" },
	[RULE_SOFT_SURFACE] = { "soft_surface", LV(FLAG_WARN), { NOP, NOP, RP_SOFT_WARN, NOP },
		false, SRC_HEUR, EVIDENCE_HEURISTIC,
		"heuristic: sand and mud among the seed's named causes", "" },
	[RULE_PAIN] = { "pain_signal", LV(FLAG_WARN) | LV(FLAG_ALERT),
		{ NOP, NOP, RP_PAIN_HARD_DAYS, RP_PAIN_SEVERITY }, false, SRC_PAIN,
		EVIDENCE_HEURISTIC, "heuristic: the runner's own pain diary", "" },
	[RULE_SHOE_MILEAGE] = { "shoe_mileage", LV(FLAG_WARN) | LV(FLAG_ALERT),
		{ NOP, NOP, RP_SHOE_WARN_KM, RP_SHOE_ALERT_KM }, true, SRC_SHOE,
		EVIDENCE_PRACTICE, "common practice", "" },
	[RULE_SHOE_DROP_CHANGE] = { "shoe_drop_change", LV(FLAG_WARN),
		{ NOP, NOP, RP_DROP_MM, NOP }, true, SRC_DROP, EVIDENCE_TRIAL,
		"randomised trial, 553 leisure-time runners, 6 months (Malisoux 2016)",
		"no overall difference; low drop (6 or 0 mm): higher risk in regular runners "
		"(HR 1.67), lower in occasional ones (HR 0.48)" },
};

#define PL(l) (1u << (l))

/* What each rule restricts in the plan; rules.c raises, plan.c reads. */
static const unsigned rule_limits[RULE_COUNT] = {
	[RULE_LONG_RUN_SPIKE] = PL(PLAN_LONGEST),
	[RULE_CLIMB_SPIKE] = PL(PLAN_HILLS),
	[RULE_SPEED_SPIKE] = PL(PLAN_SPEED),
	[RULE_WEEKLY_JUMP] = PL(PLAN_KM),
	[RULE_ACWR] = PL(PLAN_KM) | PL(PLAN_HILLS) | PL(PLAN_SPEED),
	[RULE_HILL_BLOCK] = PL(PLAN_HILLS),
	[RULE_BACK_TO_BACK] = PL(PLAN_HILLS) | PL(PLAN_SPEED),
	[RULE_LAYOFF_RETURN] = PL(PLAN_KM) | PL(PLAN_LONGEST) | PL(PLAN_HILLS) | PL(PLAN_SPEED),
	[RULE_SHOE_MILEAGE] = PL(PLAN_SHOE),
};

unsigned rule_plan_limits(enum rule_id r)
{
	return (unsigned)r < RULE_COUNT ? rule_limits[r] : 0;
}

const struct rule_def *rule_def(enum rule_id r)
{
	return (unsigned)r < RULE_COUNT ? &rule_defs[r] : NULL;
}

const char *rule_name(enum rule_id r)
{
	return (unsigned)r < RULE_COUNT ? rule_defs[r].name : "unknown";
}

int rule_lookup(const char *name)
{
	int i;

	for (i = 0; i < RULE_COUNT; i++)
		if (!strcmp(rule_defs[i].name, name))
			return i;
	return -1;
}

const char *flag_level_name(enum flag_level l)
{
	switch (l) {
	case FLAG_NOTE:		return "note";
	case FLAG_WARN:		return "warn";
	case FLAG_ALERT:	return "alert";
	}
	return "none";
}

void acwr_zones_of(struct acwr_zones *z, const struct rule_params *p)
{
	z->usual_low = 0.8;
	z->warn = p->v[RP_ACWR_WARN];
	z->alert = p->v[RP_ACWR_ALERT];
}

/*
 * The threshold table.  Keys are stable: athlete.ini files name them.
 * Ranges keep an override from turning a rule inside out (a negative
 * window, a zero divisor); doc/rules.md lists the same table.
 */
static const struct rule_param_def params[RP_COUNT] = {
	[RP_LONG_WARN] = { "long_run_spike_warn", 0.10, 0, 10, 0, "fraction", SRC_FRANDSEN,
		"run distance / longest run of the window - 1: warn above this (small spike)" },
	[RP_LONG_MODERATE] = { "long_run_spike_moderate", 0.30, 0, 10, 0, "fraction",
		SRC_FRANDSEN, "same ratio: a moderate spike above this (still a warning; a band "
		"in the spike chart)" },
	[RP_LONG_ALERT] = { "long_run_spike_alert", 1.00, 0, 10, 0, "fraction", SRC_FRANDSEN,
		"same ratio: alert above this" },
	[RP_LONG_WINDOW_DAYS] = { "long_run_spike_window_days", 30, 1, 365, 1, "days", SRC_FRANDSEN,
		"how far back the reference runs go (also for climb_spike, speed_spike)" },
	[RP_LONG_MIN_REF_KM] = { "long_run_spike_min_ref_km", 1.0, 0, 100, 0, "km", SRC_HEUR,
		"no comparison when the longest reference run is shorter" },
	[RP_LONG_DUR_WARN] = { "long_run_spike_duration_warn", 0.30, 0, 10, 0, "fraction", SRC_HEUR,
		"moving time / longest moving time of the window - 1: warn above this" },
	[RP_LONG_DUR_ALERT] = { "long_run_spike_duration_alert", 1.00, 0, 10, 0, "fraction", SRC_HEUR,
		"same duration ratio: alert above this" },
	[RP_CLIMB_WARN] = { "climb_spike_warn", 0.30, 0, 10, 0, "fraction", SRC_HEUR,
		"run ascent / largest ascent of the window - 1: warn above this" },
	[RP_CLIMB_MIN_M] = { "climb_spike_min_m", 100, 0, 10000, 0, "m", SRC_HEUR,
		"runs with less ascent are never a climb spike" },
	[RP_CLIMB_MIN_INCREASE_M] = { "climb_spike_min_increase_m", 50, 0, 10000, 0, "m", SRC_HEUR,
		"and the ascent must exceed the reference by at least this" },
	[RP_LATE_CLIMB_WARN] = { "late_climb_spike_warn", 0.30, 0, 10, 0, "fraction", SRC_HEUR,
		"ascent after the first late_km / the largest of the window - 1: warn above this" },
	[RP_LATE_CLIMB_MIN_M] = { "late_climb_spike_min_m", 50, 0, 10000, 0, "m", SRC_HEUR,
		"runs climbing less after late_km are never a late-climb spike" },
	[RP_LATE_CLIMB_MIN_INCREASE_M] = { "late_climb_spike_min_increase_m", 30, 0, 10000, 0,
		"m", SRC_HEUR, "and the late ascent must exceed the reference by at least this" },
	[RP_SPEED_WARN] = { "speed_spike_warn", 0.30, 0, 10, 0, "fraction", SRC_HEUR,
		"fast time / largest fast time of the window - 1: warn above this" },
	[RP_SPEED_MIN_S] = { "speed_spike_min_s", 300, 0, 36000, 0, "s", SRC_HEUR,
		"runs with less fast time are never a speed spike" },
	[RP_SPEED_MIN_INCREASE_S] = { "speed_spike_min_increase_s", 120, 0, 36000, 0, "s", SRC_HEUR,
		"and the fast time must exceed the reference by at least this" },
	[RP_WEEK_NOTE] = { "weekly_jump_note", 0.30, 0, 10, 0, "fraction", SRC_NIELSEN,
		"week (Mon-Sun) distance / the larger of the previous week and the mean of the 4 "
		"weeks before - 1: note above this" },
	[RP_WEEK_MIN_BASE_KM] = { "weekly_jump_min_base_km", 10, 0, 1000, 0, "km", SRC_HEUR,
		"no weekly jump (and no ratio shown) when that reference is shorter than this" },
	[RP_ACWR_WARN] = { "acwr_warn", 1.30, 0.5, 10, 0, "ratio", SRC_ACWR,
		"coupled acute:chronic ratio on distance: caution zone above this (shown only)" },
	[RP_ACWR_ALERT] = { "acwr_alert", 1.50, 0.5, 10, 0, "ratio", SRC_ACWR,
		"same ratio: a note at or above this (context, never warn or alert)" },
	[RP_ACWR_MIN_CHRONIC_KM] = { "acwr_min_chronic_km", 10, 0, 1000, 0, "km/week", SRC_HEUR,
		"no ACWR flag, and no ratio shown, when the chronic weekly distance is below this" },
	[RP_MONOTONY_WARN] = { "monotony_warn", 2.0, 0.1, 10, 0, "ratio", SRC_FOSTER,
		"7-day mean / SD of daily km: warn above this" },
	[RP_MONOTONY_MIN_WEEK_KM] = { "monotony_min_week_km", 10, 0, 1000, 0, "km", SRC_HEUR,
		"no monotony flag for a 7-day total below this" },
	[RP_HILL_RATIO] = { "hill_block_ratio", 1.5, 1, 10, 0, "ratio", SRC_HEUR,
		"7-day ascent / weekly mean ascent of the 28 days: warn above this; also how much "
		"a first hilly run or week must exceed the flat weeks' largest" },
	[RP_HILL_MIN_WEEK_M] = { "hill_block_min_week_m", 300, 0, 100000, 0, "m", SRC_HEUR,
		"no ratio flag for a 7-day ascent below this" },
	[RP_HILLY_RUN_M] = { "hilly_run_min_m", 80, 0, 10000, 0, "m", SRC_HEUR,
		"a hilly run climbs at least this much ..." },
	[RP_HILLY_RUN_M_PER_KM] = { "hilly_run_min_m_per_km", 12, 0, 1000, 0, "m/km", SRC_HEUR,
		"... and more than this much per km (the floor: so a flat runner's real hill "
		"run is hilly) ..." },
	[RP_HILLY_USUAL_RATIO] = { "hilly_usual_ratio", 1.5, 1, 10, 0, "ratio", SRC_HEUR,
		"... and more than this times the athlete's usual m/km (the median run of "
		"hilly_usual_days), so an easy run on a runner's own hilly ground is not hilly" },
	[RP_HILLY_USUAL_DAYS] = { "hilly_usual_days", 56, 7, 365, 1, "days", SRC_HEUR,
		"the usual m/km is the median climb per km of the runs of this many days "
		"before the run's day (8 weeks: a season's ground, not one hill block)" },
	[RP_HILLY_USUAL_MIN_RUNS] = { "hilly_usual_min_runs", 5, 1, 1000, 1, "runs", SRC_HEUR,
		"fewer runs with a known climb in those days: the last this many runs before, "
		"of any age; fewer in all (the first runs of the data): no usual, never hilly" },
	[RP_HILLY_WEEK_M] = { "hilly_week_min_m", 500, 0, 100000, 0, "m", SRC_HEUR,
		"a hilly week climbs at least this much in 7 days" },
	[RP_FLAT_WEEK_M] = { "flat_week_max_m", 250, 0, 100000, 0, "m", SRC_HEUR,
		"a flat week climbs less than this and holds no hilly run" },
	[RP_FLAT_WEEK_M_PER_KM] = { "flat_week_max_m_per_km", 5, 0, 1000, 0, "m/km", SRC_HEUR,
		"... or less than this per km run (a high-volume runner's flat weeks)" },
	[RP_FLAT_WEEKS] = { "hill_block_flat_weeks", 3, 1, 52, 1, "weeks", SRC_HEUR,
		"flat weeks before the first hilly run or week that is flagged" },
	[RP_HARD_LONG_RATIO] = { "hard_long_ratio", 1.5, 1, 10, 0, "ratio", SRC_HEUR,
		"a long run is at least this times the mean run of the 28 days before (>= 3 runs) ..." },
	[RP_HARD_LONG_MIN_KM] = { "hard_long_min_km", 10, 0, 1000, 0, "km", SRC_HEUR,
		"... and at least this long" },
	[RP_HARD_FAST_S] = { "hard_fast_min_s", 300, 1, 36000, 0, "s", SRC_HEUR,
		"a fast run has at least this much fast time" },
	[RP_LAYOFF_DAYS] = { "layoff_days", 7, 2, 365, 1, "days", SRC_LAYOFF,
		"days without running that make a layoff" },
	[RP_RETURN_LOSS_DAYS] = { "return_loss_days", 56, 7, 3650, 0, "days", SRC_LAYOFF,
		"first-run limit = pre-break mean run x (1 - days off / this), at least "
		"return_min_factor" },
	[RP_RETURN_MIN_FACTOR] = { "return_min_factor", 0.3, 0.05, 1, 0, "fraction", SRC_LAYOFF,
		"the smallest factor, however long the break" },
	[RP_RETURN_GROWTH] = { "return_growth", 0.30, 0, 10, 0, "fraction", SRC_LAYOFF,
		"the run and week limits grow by this each return week (1 + growth)^week" },
	[RP_RETURN_ALERT] = { "return_alert", 0.5, 0, 10, 0, "fraction", SRC_LAYOFF,
		"a run or week above its limit warns; more than this fraction above, alerts" },
	[RP_RETURN_EASY_RUNS] = { "return_easy_runs", 3, 0, 100, 1, "runs", SRC_LAYOFF,
		"the first runs back: a hilly or fast run among them warns" },
	[RP_RETURN_MAX_DAYS] = { "return_max_days", 84, 7, 365, 1, "days", SRC_LAYOFF,
		"a return ends when a run reaches the pre-break longest, or after this many days" },
	[RP_CYCLE_BREAK_DAYS] = { "breakdown_break_days", 14, 7, 365, 1, "days", SRC_HEUR,
		"a breakdown is a break of at least this many days that follows a return" },
	[RP_CYCLE_COUNT] = { "breakdown_count", 2, 2, 100, 1, "breaks", SRC_HEUR,
		"this many breakdowns within breakdown_window_days: an alert naming the cycle" },
	[RP_CYCLE_WINDOW_DAYS] = { "breakdown_window_days", 365, 30, 3650, 1, "days", SRC_HEUR,
		"how far back the breakdowns are counted (12 months)" },
	[RP_CYCLE_WITHIN_DAYS] = { "breakdown_within_days", 56, 7, 365, 1, "days", SRC_HEUR,
		"... and that begins at most this many days after the return's first run" },
	[RP_CYCLE_MIN_RUNS] = { "breakdown_min_runs", 2, 1, 100, 1, "runs", SRC_HEUR,
		"... of which at least this many runs came before the break (one file a year is no cycle)" },
	[RP_SPEED_WEEK_WARN] = { "speed_week_warn", 1.5, 1, 10, 0, "ratio", SRC_HEUR,
		"fast time of the last 7 days / weekly mean of the 28 days before: warn above" },
	[RP_SPEED_WEEK_MIN_S] = { "speed_week_min_s", 1200, 0, 360000, 0, "s", SRC_HEUR,
		"no speed_week flag for 7 days with less fast time" },
	[RP_SPEED_WEEK_MIN_REF_S] = { "speed_week_min_ref_s", 300, 1, 360000, 0, "s/week",
		SRC_HEUR, "a weekly mean below this is taken as this (a stated minimum denominator)" },
	[RP_SOFT_WARN] = { "soft_surface_warn", 1.5, 1, 10, 0, "ratio", SRC_HEUR,
		"soft and trail km of the last 7 days / weekly mean of the 28 days before: warn above" },
	[RP_SOFT_MIN_KM] = { "soft_surface_min_km", 10, 0, 1000, 0, "km", SRC_HEUR,
		"no soft_surface flag for 7 days with fewer soft km" },
	[RP_SOFT_MIN_REF_KM] = { "soft_surface_min_ref_km", 5, 0.1, 1000, 0, "km/week", SRC_HEUR,
		"a weekly mean below this is taken as this (a stated minimum denominator)" },
	[RP_PAIN_SEVERITY] = { "pain_alert_severity", 4, 0, 10, 1, "0-10", SRC_PAIN,
		"a pain entry at or above this severity, or rising over the one before, alerts" },
	[RP_PAIN_HARD_DAYS] = { "pain_hard_days", 3, 0, 60, 1, "days", SRC_PAIN,
		"a hard run (long, hilly or fast) within this many days after pain warns" },
	[RP_SHOE_WARN_KM] = { "shoe_warn_km", 500, 1, 100000, 0, "km", SRC_SHOE,
		"warn when a shoe reaches this distance" },
	[RP_SHOE_ALERT_KM] = { "shoe_alert_km", 800, 1, 100000, 0, "km", SRC_SHOE,
		"alert (retire) at this distance unless the shoe sets retire_at_km" },
	[RP_DROP_MM] = { "shoe_drop_change_mm", 4, 0.5, 30, 0, "mm", SRC_DROP,
		"a switch to a heel drop lower by at least this" },
	[RP_DROP_MIN_KM] = { "shoe_drop_min_km", 20, 0, 10000, 0, "km", SRC_DROP,
		"... is flagged once the new shoe has this many km ..." },
	[RP_DROP_WINDOW_DAYS] = { "shoe_drop_window_days", 14, 1, 365, 1, "days", SRC_DROP,
		"... within this many days of its first run" },
	[RP_CTL_DAYS] = { "ctl_days", 42, 2, 365, 0, "days", SRC_BANISTER,
		"fitness (CTL) time constant" },
	[RP_ATL_DAYS] = { "atl_days", 7, 1, 365, 0, "days", SRC_BANISTER,
		"fatigue (ATL) time constant" },
	[RP_EPISODE_GAP_DAYS] = { "episode_gap_days", 7, 1, 365, 1, "days", SRC_HEUR,
		"a daily rule raises again at the same level only after this many calm days" },
};

const struct rule_param_def *rule_param_def(enum rule_param p)
{
	return (unsigned)p < RP_COUNT ? &params[p] : NULL;
}

int rule_param_lookup(const char *key)
{
	int i;

	for (i = 0; i < RP_COUNT; i++)
		if (!strcmp(params[i].key, key))
			return i;
	return -1;
}

void rule_params_init(struct rule_params *p, const struct rr_athlete *a)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < RP_COUNT; i++)
		p->v[i] = params[i].value;
	if (!a)
		return;
	for (i = 0; i < a->noverrides; i++) {
		int k = rule_param_lookup(a->overrides[i].key);
		double v = a->overrides[i].value;

		if (k < 0 || !isfinite(v) || v < params[k].min || v > params[k].max ||
		    (params[k].integer && v != floor(v)))
			continue;	/* rule_params_check() reports these */
		p->v[k] = v;
		p->overridden[k / 32] |= 1u << (k % 32);
	}
}

enum rr_status rule_params_check(const struct rr_athlete *a, struct rr_error *err)
{
	size_t i;

	for (i = 0; i < a->noverrides; i++) {
		const struct rr_override *o = &a->overrides[i];
		int k = rule_param_lookup(o->key);
		char lo[48], hi[48];

		if (k < 0)
			return rr_error_set(err, RR_ECONFIG, 0, 0,
					    "[thresholds]: unknown key \"%s\"", o->key);
		if (!isfinite(o->value) || o->value < params[k].min ||
		    o->value > params[k].max)
			return rr_error_set(err, RR_ECONFIG, 0, 0,
					    "[thresholds]: %s must be within %s..%s %s",
					    o->key,
					    rr_format_double(lo, sizeof(lo), params[k].min, 3),
					    rr_format_double(hi, sizeof(hi), params[k].max, 3),
					    params[k].unit);
		if (params[k].integer && o->value != floor(o->value))
			return rr_error_set(err, RR_ECONFIG, 0, 0,
					    "[thresholds]: %s must be a whole number", o->key);
	}
	return RR_OK;
}

