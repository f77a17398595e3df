#include "analysis/rules.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/num.h"
#include "core/timeutil.h"

static const char *const rule_names[RULE_COUNT] = {
	[RULE_LONG_RUN_SPIKE] = "long_run_spike",
	[RULE_CLIMB_SPIKE] = "climb_spike",
	[RULE_SPEED_SPIKE] = "speed_spike",
	[RULE_WEEKLY_JUMP] = "weekly_jump",
	[RULE_ACWR] = "acwr",
	[RULE_MONOTONY] = "monotony",
	[RULE_HILL_BLOCK] = "hill_block",
	[RULE_BACK_TO_BACK] = "back_to_back",
	[RULE_LAYOFF_RETURN] = "layoff_return",
	[RULE_SHOE_MILEAGE] = "shoe_mileage",
	[RULE_SHOE_DROP_CHANGE] = "shoe_drop_change",
};

const char *rule_name(enum rule_id r)
{
	return (unsigned)r < RULE_COUNT ? rule_names[r] : "unknown";
}

int rule_lookup(const char *name)
{
	int i;

	for (i = 0; i < RULE_COUNT; i++)
		if (!strcmp(rule_names[i], name))
			return i;
	return -1;
}

#define SRC_FRANDSEN "Frandsen 2025, BJSM 59:1203"
#define SRC_NIELSEN "Nielsen 2014, JOSPT 44:739"
#define SRC_ACWR "Gabbett 2016, BJSM 50:273"
#define SRC_FOSTER "Foster 1998, MSSE 30:1164; the threshold is a convention"
#define SRC_HEUR "heuristic"
#define SRC_CLINIC "clinical guidance; heuristic"
#define SRC_LAYOFF "7 days as in Yamato 2015, JOSPT 45:375; ratios heuristic"
#define SRC_SHOE "common practice, heuristic"
#define SRC_DROP "Malisoux 2016, AJSM 44:2933; thresholds heuristic"
#define SRC_BANISTER "Banister; as GoldenCheetah"

/*
 * The threshold table.  Keys are stable: athlete.ini files name them.
 * Ranges keep an override from turning a rule inside out (a negative
 * window, a zero divisor); doc/rules.md lists the same table.
 */
static const struct rule_param_def params[RP_COUNT] = {
	[RP_LONG_NOTE] = { "long_run_spike_note", 0.10, 0, 10, 0, "fraction", SRC_FRANDSEN,
		"run distance / longest run of the window - 1: note above this" },
	[RP_LONG_WARN] = { "long_run_spike_warn", 0.30, 0, 10, 0, "fraction", SRC_FRANDSEN,
		"same ratio: warn above this" },
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
	[RP_SPEED_WARN] = { "speed_spike_warn", 0.30, 0, 10, 0, "fraction", SRC_HEUR,
		"fast time / largest fast time of the window - 1: warn above this" },
	[RP_SPEED_MIN_S] = { "speed_spike_min_s", 300, 0, 36000, 0, "s", SRC_HEUR,
		"runs with less fast time are never a speed spike" },
	[RP_SPEED_MIN_INCREASE_S] = { "speed_spike_min_increase_s", 120, 0, 36000, 0, "s", SRC_HEUR,
		"and the fast time must exceed the reference by at least this" },
	[RP_WEEK_WARN] = { "weekly_jump_warn", 0.30, 0, 10, 0, "fraction", SRC_NIELSEN,
		"week (Mon-Sun) distance / previous week - 1: warn above this" },
	[RP_WEEK_MIN_BASE_KM] = { "weekly_jump_min_base_km", 10, 0, 1000, 0, "km", SRC_HEUR,
		"no weekly jump from a previous week shorter than this" },
	[RP_ACWR_WARN] = { "acwr_warn", 1.30, 0.5, 10, 0, "ratio", SRC_ACWR,
		"coupled acute:chronic ratio on distance: warn above this" },
	[RP_ACWR_ALERT] = { "acwr_alert", 1.50, 0.5, 10, 0, "ratio", SRC_ACWR,
		"same ratio: alert at or above this" },
	[RP_ACWR_MIN_CHRONIC_KM] = { "acwr_min_chronic_km", 10, 0, 1000, 0, "km/week", SRC_HEUR,
		"no ACWR flag when the chronic weekly distance is below this" },
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
		"... and at least this much per km" },
	[RP_HILLY_WEEK_M] = { "hilly_week_min_m", 500, 0, 100000, 0, "m", SRC_HEUR,
		"a hilly week climbs at least this much in 7 days" },
	[RP_FLAT_WEEK_M] = { "flat_week_max_m", 250, 0, 100000, 0, "m", SRC_HEUR,
		"a flat week climbs less than this and holds no hilly run" },
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
	[RP_LAYOFF_LONG_RATIO] = { "layoff_long_ratio", 1.25, 0.1, 10, 0, "ratio", SRC_LAYOFF,
		"a run of the first week back longer than this times the pre-layoff mean run "
		"(alert when also >= the longest)" },
	[RP_LAYOFF_CLIMB_RATIO] = { "layoff_climb_ratio", 1.25, 0.1, 10, 0, "ratio", SRC_LAYOFF,
		"... or climbing more than this times the pre-layoff mean ascent" },
	[RP_LAYOFF_CLIMB_MIN_M] = { "layoff_climb_min_m", 100, 0, 10000, 0, "m", SRC_LAYOFF,
		"(and at least this much)" },
	[RP_LAYOFF_FAST_RATIO] = { "layoff_fast_ratio", 1.25, 0.1, 10, 0, "ratio", SRC_LAYOFF,
		"... or with more than this times the pre-layoff mean fast time" },
	[RP_LAYOFF_FAST_MIN_S] = { "layoff_fast_min_s", 300, 0, 36000, 0, "s", SRC_LAYOFF,
		"(and at least this much)" },
	[RP_LAYOFF_WEEK_RATIO] = { "layoff_week_ratio", 1.0, 0.1, 10, 0, "ratio", SRC_LAYOFF,
		"first 7 days back / pre-layoff weekly mean: warn above this" },
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

/* ---- flags and their evidence ---- */

struct ctx {
	struct athlete_result *r;
	const struct rr_athlete *cfg;
	const struct rule_params *p;
	size_t cap;
	bool oom;
};

/*
 * Evidence is assembled with %s only: every number goes through
 * rr_format_double() first, so the text never depends on the C locale.
 */
struct ev {
	char *out;
	size_t size, len;
	char num[16][48];
	unsigned ni;
};

static void ev_add(struct ev *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ev_add(struct ev *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!e->out || e->len + 1 >= e->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(e->out + e->len, e->size - e->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		e->len = e->len + (size_t)n < e->size ? e->len + (size_t)n : e->size - 1;
}

static char *ev_slot(struct ev *e)
{
	return e->num[e->ni++ % (sizeof(e->num) / sizeof(e->num[0]))];
}

static const char *N(struct ev *e, double v, int decimals)
{
	char *b = ev_slot(e);

	if (!isfinite(v)) {
		strcpy(b, "?");
		return b;
	}
	return rr_format_double(b, 48, v, decimals);
}

static const char *KM(struct ev *e, double m)
{
	return N(e, m / 1000.0, 1);
}

/* A ratio minus 1 as a whole percentage. */
static const char *PCT(struct ev *e, double frac)
{
	return N(e, frac * 100.0, 0);
}

static const char *D(struct ev *e, int32_t day)
{
	return rr_format_date(ev_slot(e), 48, day);
}

static const char *MIN(struct ev *e, double s)
{
	return N(e, s / 60.0, 0);
}

/* Append a flag; ev is pointed at its evidence.  NULL after an allocation failure. */
static struct flag *flag_add(struct ctx *c, struct ev *e, int32_t day, enum rule_id rule,
			     enum flag_level level, double value, double threshold)
{
	struct flag *f;

	e->out = NULL;
	if (c->oom)
		return NULL;
	if (RR_GROW(c->r->flags, c->cap, c->r->nflags + 1)) {
		c->oom = true;
		return NULL;
	}
	f = &c->r->flags[c->r->nflags++];
	memset(f, 0, sizeof(*f));
	f->day = day;
	snprintf(f->rule, sizeof(f->rule), "%s", rule_names[rule]);
	f->level = level;
	f->value = value;
	f->threshold = threshold;
	e->out = f->evidence;
	e->size = sizeof(f->evidence);
	e->len = 0;
	e->ni = 0;
	return f;
}

/*
 * One flag per episode for rules evaluated every day: raise on the first
 * day a level is reached and again only when the level rises; the episode
 * ends after gap days with nothing to raise.
 */
struct episode {
	int level;
	int32_t last_day;
};

static int episode_step(struct episode *ep, int32_t day, int level, int gap_days)
{
	if (ep->level && day - ep->last_day > gap_days)
		ep->level = 0;
	if (!level)
		return 0;
	ep->last_day = day;
	if (level > ep->level) {
		ep->level = level;
		return level;
	}
	return 0;
}

/* ---- small helpers over runs and days ---- */

static double P(const struct ctx *c, enum rule_param k)
{
	return c->p->v[k];
}

static long long per_mille(double frac)
{
	return llround(frac * 1000.0);
}

/* cur > ref * (1 + frac), in whole units: exactly frac more is not above. */
static bool above_frac(long long cur, long long ref, double frac)
{
	return cur * 1000 > ref * (1000 + per_mille(frac));
}

static double run_duration_s(const struct run_entry *r)
{
	return isfinite(r->s.moving_s) ? r->s.moving_s : r->s.elapsed_s;
}

static double val_or0(double v)
{
	return isfinite(v) ? v : 0.0;
}

static bool is_hilly(const struct ctx *c, const struct run_entry *r)
{
	double a = r->s.ascent_m, d = r->s.distance_m;

	return isfinite(a) && a >= P(c, RP_HILLY_RUN_M) && isfinite(d) && d > 0 &&
	       a / (d / 1000.0) >= P(c, RP_HILLY_RUN_M_PER_KM);
}

static long long day_metres(const struct day_row *d)
{
	return llround(val_or0(d->distance_m));
}

/* Sum of a day column over day indexes [from, to], clipped to the timeline. */
static double day_sum(const struct athlete_result *r, long from, long to,
		      double (*get)(const struct day_row *))
{
	double s = 0;
	long i;

	if (from < 0)
		from = 0;
	for (i = from; i <= to && i < (long)r->ndays; i++)
		s += get(&r->days[i]);
	return s;
}

static double get_m(const struct day_row *d) { return (double)day_metres(d); }
static double get_asc(const struct day_row *d) { return val_or0(d->ascent_m); }
static double get_calf(const struct day_row *d) { return val_or0(d->calf_load); }

/* ---- long_run_spike, climb_spike, speed_spike ---- */

/*
 * Largest value of get() over runs before run i (in start order) whose local
 * day is within window days before it (same day included).  Returns the
 * index of that run, or -1 when no earlier run in the window has a value or
 * when the window reaches back before the first day of the timeline.
 */
static long window_max(const struct athlete_result *r, size_t i, int window,
		       double (*get)(const struct run_entry *))
{
	int32_t d = r->runs[i].local_day;
	long best = -1;
	double bv = -1;
	size_t j;

	if (d - window < r->first_day)
		return -1;	/* the window reaches before the data: unknown */

	for (j = i; j-- > 0;) {
		const struct run_entry *q = &r->runs[j];
		double v;

		if (q->local_day < d - window - 2)
			break;	/* runs are in start order; days can differ by one zone shift */
		if (q->local_day < d - window || q->local_day > d)
			continue;
		v = get(q);
		if (isfinite(v) && v > bv) {
			bv = v;
			best = (long)j;
		}
	}
	return best;
}

static double get_dist(const struct run_entry *r) { return r->s.distance_m; }
static double get_dur(const struct run_entry *r) { return run_duration_s(r); }
static double get_ascent(const struct run_entry *r) { return r->s.ascent_m; }
static double get_fast(const struct run_entry *r) { return r->s.fast_s; }

static void rule_long_run_spike(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	int window = (int)P(c, RP_LONG_WINDOW_DAYS);
	size_t i;

	for (i = 0; i < r->nruns; i++) {
		const struct run_entry *run = &r->runs[i];
		long jd = window_max(r, i, window, get_dist);
		long jt = window_max(r, i, window, get_dur);
		long long m, ref, s = 0, sref = 0;
		int lvl = 0, lvl_t = 0;
		double frac, frac_t = NAN, thr;
		struct flag *f;
		struct ev e;

		if (!isfinite(run->s.distance_m) || jd < 0)
			continue;	/* no run in the window: nothing to compare with */
		m = llround(run->s.distance_m);
		ref = llround(r->runs[jd].s.distance_m);
		if ((double)ref < P(c, RP_LONG_MIN_REF_KM) * 1000.0 || ref <= 0)
			continue;
		if (above_frac(m, ref, P(c, RP_LONG_ALERT)))
			lvl = FLAG_ALERT;
		else if (above_frac(m, ref, P(c, RP_LONG_WARN)))
			lvl = FLAG_WARN;
		else if (above_frac(m, ref, P(c, RP_LONG_NOTE)))
			lvl = FLAG_NOTE;
		if (jt >= 0 && isfinite(get_dur(run))) {
			s = llround(get_dur(run));
			sref = llround(get_dur(&r->runs[jt]));
			if (sref > 0) {
				frac_t = (double)s / (double)sref - 1.0;
				if (above_frac(s, sref, P(c, RP_LONG_DUR_ALERT)))
					lvl_t = FLAG_ALERT;
				else if (above_frac(s, sref, P(c, RP_LONG_DUR_WARN)))
					lvl_t = FLAG_WARN;
			}
		}
		if (!lvl && !lvl_t)
			continue;
		frac = (double)m / (double)ref - 1.0;
		if (lvl >= lvl_t) {
			thr = P(c, lvl == FLAG_ALERT ? RP_LONG_ALERT :
				   lvl == FLAG_WARN ? RP_LONG_WARN : RP_LONG_NOTE);
			f = flag_add(c, &e, run->local_day, RULE_LONG_RUN_SPIKE,
				     (enum flag_level)lvl, frac, thr);
			if (!f)
				return;
			ev_add(&e, "%s km on %s is %s %% longer than the longest run of the "
			       "previous %d days (%s km on %s): above %s %% (%s).",
			       KM(&e, (double)m), D(&e, run->local_day), PCT(&e, frac), window,
			       KM(&e, (double)ref), D(&e, r->runs[jd].local_day),
			       PCT(&e, thr), SRC_FRANDSEN);
			if (lvl_t)
				ev_add(&e, " Moving time %s min vs %s min (+%s %%).",
				       MIN(&e, (double)s), MIN(&e, (double)sref),
				       PCT(&e, frac_t));
		} else {
			thr = P(c, lvl_t == FLAG_ALERT ? RP_LONG_DUR_ALERT : RP_LONG_DUR_WARN);
			f = flag_add(c, &e, run->local_day, RULE_LONG_RUN_SPIKE,
				     (enum flag_level)lvl_t, frac_t, thr);
			if (!f)
				return;
			ev_add(&e, "The run on %s lasted %s min, %s %% longer than the longest "
			       "of the previous %d days (%s min on %s): above %s %% "
			       "(duration: heuristic, after %s). Distance %s km vs %s km (%s%s %%).",
			       D(&e, run->local_day), MIN(&e, (double)s), PCT(&e, frac_t),
			       window, MIN(&e, (double)sref), D(&e, r->runs[jt].local_day),
			       PCT(&e, thr), SRC_FRANDSEN, KM(&e, (double)m),
			       KM(&e, (double)ref), frac >= 0 ? "+" : "", PCT(&e, frac));
		}
	}
}

/* Is day inside an episode that hill_block already raised? */
static bool in_hill_episode(const struct ctx *c, int32_t day)
{
	const struct athlete_result *r = c->r;
	size_t k;

	for (k = 0; k < r->nflags; k++)
		if (!strcmp(r->flags[k].rule, rule_names[RULE_HILL_BLOCK]) &&
		    day >= r->flags[k].day &&
		    day - r->flags[k].day <= (int32_t)P(c, RP_EPISODE_GAP_DAYS))
			return true;
	return false;
}

/*
 * climb_spike and speed_spike: the same test on ascent or fast time, warn
 * only.  A climb spike inside a hill_block episode is that episode: it is
 * not raised twice.
 */
static void rule_quantity_spike(struct ctx *c, enum rule_id rule)
{
	const struct athlete_result *r = c->r;
	bool climb = rule == RULE_CLIMB_SPIKE;
	double (*get)(const struct run_entry *) = climb ? get_ascent : get_fast;
	double warn = P(c, climb ? RP_CLIMB_WARN : RP_SPEED_WARN);
	double min_v = P(c, climb ? RP_CLIMB_MIN_M : RP_SPEED_MIN_S);
	double min_inc = P(c, climb ? RP_CLIMB_MIN_INCREASE_M : RP_SPEED_MIN_INCREASE_S);
	int window = (int)P(c, RP_LONG_WINDOW_DAYS);
	size_t i;

	for (i = 0; i < r->nruns; i++) {
		const struct run_entry *run = &r->runs[i];
		double v = get(run);
		long j;
		long long cur, ref;
		double frac;
		struct ev e;

		if (!isfinite(v) || v < min_v)
			continue;
		j = window_max(r, i, window, get);
		if (j < 0)
			continue;
		cur = llround(v);
		ref = llround(get(&r->runs[j]));
		if ((double)(cur - ref) < min_inc || !above_frac(cur, ref, warn))
			continue;
		if (climb && in_hill_episode(c, run->local_day))
			continue;
		frac = ref > 0 ? (double)cur / (double)ref - 1.0 : NAN;
		if (!flag_add(c, &e, run->local_day, rule, FLAG_WARN, frac, warn))
			return;
		if (climb)
			ev_add(&e, "%s m of climbing on %s vs at most %s m in the previous %d "
			       "days (%s): ",
			       N(&e, (double)cur, 0), D(&e, run->local_day), N(&e, (double)ref, 0),
			       window, D(&e, r->runs[j].local_day));
		else
			ev_add(&e, "%s min at or faster than the fast pace on %s vs at most "
			       "%s min in the previous %d days (%s): ",
			       MIN(&e, (double)cur), D(&e, run->local_day), MIN(&e, (double)ref),
			       window, D(&e, r->runs[j].local_day));
		if (ref > 0)
			ev_add(&e, "+%s %%, above %s %% (heuristic).", PCT(&e, frac), PCT(&e, warn));
		else
			ev_add(&e, "none before, above %s %% (heuristic).", PCT(&e, warn));
	}
}

/* ---- weekly_jump ---- */

/*
 * A complete calendar week is judged on its Sunday; the week in progress at
 * the end of the data is flagged on the day its running total crosses (it
 * cannot uncross), so a nightly run hears of it before Sunday.
 */
static void rule_weekly_jump(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	double warn = P(c, RP_WEEK_WARN);
	long i, mon;

	if (!r->ndays)
		return;
	/* First Monday with a complete previous week inside the timeline. */
	mon = (7 - rr_weekday(r->first_day)) % 7 + 7;
	for (; mon < (long)r->ndays; mon += 7) {
		long long prev = 0, cum = 0;
		bool complete = mon + 6 < (long)r->ndays;
		double frac;
		struct ev e;

		for (i = mon - 7; i < mon; i++)
			prev += day_metres(&r->days[i]);
		if ((double)prev < P(c, RP_WEEK_MIN_BASE_KM) * 1000.0)
			continue;
		for (i = mon; i < mon + 7 && i < (long)r->ndays; i++) {
			cum += day_metres(&r->days[i]);
			if (!complete && above_frac(cum, prev, warn))
				break;
		}
		if (!above_frac(cum, prev, warn))
			continue;
		if (i >= (long)r->ndays)
			i = (long)r->ndays - 1;
		if (complete)
			i = mon + 6;
		frac = (double)cum / (double)prev - 1.0;
		if (!flag_add(c, &e, r->days[i].day, RULE_WEEKLY_JUMP, FLAG_WARN, frac, warn))
			return;
		ev_add(&e, "The week of %s (Monday to Sunday) %s %s km%s%s, %s %% more than the "
		       "%s km of the week of %s: above %s %% (%s).",
		       D(&e, r->days[mon].day), complete ? "totalled" : "reached",
		       KM(&e, (double)cum), complete ? "" : " by ",
		       complete ? "" : D(&e, r->days[i].day), PCT(&e, frac),
		       KM(&e, (double)prev), D(&e, r->days[mon - 7].day), PCT(&e, warn),
		       SRC_NIELSEN);
	}
}

/* ---- acwr ---- */

/*
 * The flag uses the coupled rolling ratio on distance, on which Gabbett's
 * 1.3 and 1.5 were set: the 7-day sum over the weekly mean of the 28 days
 * ending the same day.  The uncoupled and EWMA ratios, and the ratios on
 * calf load, are in days.csv and the evidence: calf load is a heuristic
 * whose spikes hill_block, climb_spike and speed_spike already name.
 * Integer metres keep the comparison exact: acute x 4 vs sum28 x threshold.
 */
static void rule_acwr(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	struct episode ep = { 0, 0 };
	int gap = (int)P(c, RP_EPISODE_GAP_DAYS);
	long i;

	for (i = 27; i < (long)r->ndays; i++) {
		const struct day_row *day = &r->days[i];
		double acute = day_sum(r, i - 6, i, get_m);
		double sum28 = day_sum(r, i - 27, i, get_m);
		double acute_c = day_sum(r, i - 6, i, get_calf);
		double sum28_c = day_sum(r, i - 27, i, get_calf);
		double ratio, thr;
		int lvl = 0;
		long long a4 = llround(acute) * 4, ch = llround(sum28);
		struct ev e;

		if (sum28 / 4.0 < P(c, RP_ACWR_MIN_CHRONIC_KM) * 1000.0 || sum28 <= 0) {
			episode_step(&ep, day->day, 0, gap);
			continue;
		}
		ratio = acute * 4.0 / sum28;
		if (a4 * 1000 >= ch * per_mille(P(c, RP_ACWR_ALERT)))
			lvl = FLAG_ALERT;
		else if (a4 * 1000 > ch * per_mille(P(c, RP_ACWR_WARN)))
			lvl = FLAG_WARN;
		lvl = episode_step(&ep, day->day, lvl, gap);
		if (!lvl)
			continue;
		thr = P(c, lvl == FLAG_ALERT ? RP_ACWR_ALERT : RP_ACWR_WARN);
		if (!flag_add(c, &e, day->day, RULE_ACWR, (enum flag_level)lvl, ratio, thr))
			return;
		ev_add(&e, "7-day distance %s km (%s..%s) vs a weekly mean of %s km over 28 days "
		       "(%s..%s): ACWR %s (coupled), %s %s (%s). Uncoupled %s, EWMA %s",
		       KM(&e, acute), D(&e, r->days[i - 6].day), D(&e, day->day),
		       KM(&e, sum28 / 4.0), D(&e, r->days[i - 27].day), D(&e, day->day),
		       N(&e, ratio, 2), lvl == FLAG_ALERT ? ">=" : ">", N(&e, thr, 2),
		       SRC_ACWR, N(&e, day->acwr_uncoupled, 2), N(&e, day->acwr_ewma, 2));
		if (sum28_c > 0)
			ev_add(&e, "; calf load coupled %s, EWMA %s",
			       N(&e, acute_c * 4.0 / sum28_c, 2), N(&e, day->acwr_calf_ewma, 2));
		ev_add(&e, ".");
	}
}

/* ---- monotony ---- */

static void rule_monotony(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	struct episode ep = { 0, 0 };
	int gap = (int)P(c, RP_EPISODE_GAP_DAYS);
	double warn = P(c, RP_MONOTONY_WARN);
	long i, k;

	for (i = 6; i < (long)r->ndays; i++) {
		const struct day_row *d = &r->days[i];
		double week_km = day_sum(r, i - 6, i, get_m) / 1000.0;
		int lvl = 0;
		struct ev e;

		if (isfinite(d->monotony) && d->monotony > warn &&
		    week_km >= P(c, RP_MONOTONY_MIN_WEEK_KM))
			lvl = FLAG_WARN;
		if (!episode_step(&ep, d->day, lvl, gap))
			continue;
		if (!flag_add(c, &e, d->day, RULE_MONOTONY, FLAG_WARN, d->monotony, warn))
			return;
		ev_add(&e, "Daily km %s..%s:", D(&e, r->days[i - 6].day), D(&e, d->day));
		for (k = i - 6; k <= i; k++)
			ev_add(&e, " %s", KM(&e, (double)day_metres(&r->days[k])));
		ev_add(&e, "; weekly %s km, monotony %s (mean / SD) > %s, strain %s (%s).",
		       N(&e, week_km, 1), N(&e, d->monotony, 2), N(&e, warn, 2),
		       N(&e, d->strain, 0), SRC_FOSTER);
	}
}

/* ---- hill_block ---- */

/*
 * Was each of the nweeks 7-day blocks ending on day index end flat?  If so,
 * *max_run_m and *max_week_m get the largest single-run and 7-day ascent
 * seen in them, so that a "first hilly" run or week must stand out from
 * the flat weeks and not just cross a line they almost touched.
 */
static bool flat_blocks(const struct ctx *c, long end, int nweeks,
			const double *run_max_day, double *max_run_m, double *max_week_m)
{
	const struct athlete_result *r = c->r;
	long i;
	int w;

	*max_run_m = *max_week_m = 0;
	if (end - 7L * nweeks + 1 < 0)
		return false;	/* not enough history to know */
	for (w = 0; w < nweeks; w++) {
		long hi = end - 7L * w, lo = hi - 6;
		double week = day_sum(r, lo, hi, get_asc);

		if (week >= P(c, RP_FLAT_WEEK_M))
			return false;
		if (week > *max_week_m)
			*max_week_m = week;
		for (i = lo; i <= hi; i++) {
			if (run_max_day[i] < 0)
				return false;	/* a hilly run */
			if (run_max_day[i] > *max_run_m)
				*max_run_m = run_max_day[i];
		}
	}
	return true;
}

static void rule_hill_block(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	struct episode ep = { 0, 0 };
	int gap = (int)P(c, RP_EPISODE_GAP_DAYS);
	int nflat = (int)P(c, RP_FLAT_WEEKS);
	double ratio_t = P(c, RP_HILL_RATIO);
	double *run_max_day;	/* largest run ascent per day; -1: a hilly run */
	size_t k = 0;
	long i;

	if (!r->ndays)
		return;
	run_max_day = rr_alloc_array(r->ndays, sizeof(*run_max_day));
	if (!run_max_day) {
		c->oom = true;
		return;
	}
	for (k = 0; k < r->nruns; k++) {
		double *m = &run_max_day[r->runs[k].local_day - r->first_day];

		if (is_hilly(c, &r->runs[k]))
			*m = -1;
		else if (*m >= 0 && val_or0(r->runs[k].s.ascent_m) > *m)
			*m = val_or0(r->runs[k].s.ascent_m);
	}

	for (i = 0, k = 0; i < (long)r->ndays; i++) {
		int32_t day = r->days[i].day;
		double acute = day_sum(r, i - 6, i, get_asc);
		double sum28 = i >= 27 ? day_sum(r, i - 27, i, get_asc) : NAN;
		const struct run_entry *first_hilly = NULL;
		int why = 0;	/* 1 ratio, 2 hilly run after flat, 3 hilly week after flat */
		double max_run, max_week;
		struct ev e;

		while (k < r->nruns && r->runs[k].local_day < day)
			k++;
		for (; k < r->nruns && r->runs[k].local_day == day; k++)
			if (!first_hilly && is_hilly(c, &r->runs[k]))
				first_hilly = &r->runs[k];
		if (first_hilly && flat_blocks(c, i - 1, nflat, run_max_day, &max_run, &max_week) &&
		    first_hilly->s.ascent_m > ratio_t * max_run)
			why = 2;
		else if (acute >= P(c, RP_HILLY_WEEK_M) &&
			 acute - val_or0(r->days[i].ascent_m) < P(c, RP_HILLY_WEEK_M) &&
			 flat_blocks(c, i - 7, nflat, run_max_day, &max_run, &max_week) &&
			 acute > ratio_t * max_week)
			why = 3;
		else if (isfinite(sum28) && acute >= P(c, RP_HILL_MIN_WEEK_M) &&
			 acute * 4.0 > sum28 * ratio_t + 1e-9)
			why = 1;
		if (!episode_step(&ep, day, why ? FLAG_WARN : 0, gap))
			continue;
		if (why == 1) {
			double ratio = acute * 4.0 / sum28;	/* sum28 >= acute > 0 */

			if (!flag_add(c, &e, day, RULE_HILL_BLOCK, FLAG_WARN, ratio, ratio_t))
				break;
			ev_add(&e, "7-day ascent %s m (%s..%s) vs a weekly mean of %s m over 28 "
			       "days (%s..%s): ratio %s > %s (heuristic: calf load rises "
			       "uphill).",
			       N(&e, acute, 0), D(&e, r->days[i - 6].day), D(&e, day),
			       N(&e, sum28 / 4.0, 0), D(&e, r->days[i - 27].day), D(&e, day),
			       N(&e, ratio, 2), N(&e, ratio_t, 2));
		} else if (why == 2) {
			if (!flag_add(c, &e, day, RULE_HILL_BLOCK, FLAG_WARN,
				      first_hilly->s.ascent_m, P(c, RP_HILLY_RUN_M)))
				break;
			ev_add(&e, "First hilly run (%s m up in %s km) on %s after %d flat weeks "
			       "(%s..%s: under %s m a week, at most %s m in a run, none of "
			       "%s m and %s m/km) (heuristic).",
			       N(&e, first_hilly->s.ascent_m, 0),
			       KM(&e, first_hilly->s.distance_m), D(&e, day), nflat,
			       D(&e, day - 7 * nflat), D(&e, day - 1),
			       N(&e, P(c, RP_FLAT_WEEK_M), 0), N(&e, max_run, 0),
			       N(&e, P(c, RP_HILLY_RUN_M), 0),
			       N(&e, P(c, RP_HILLY_RUN_M_PER_KM), 0));
		} else {
			if (!flag_add(c, &e, day, RULE_HILL_BLOCK, FLAG_WARN, acute,
				      P(c, RP_HILLY_WEEK_M)))
				break;
			ev_add(&e, "A hilly week: %s m up over %s..%s (>= %s m) after %d flat "
			       "weeks (%s..%s: at most %s m a week) (heuristic).",
			       N(&e, acute, 0), D(&e, r->days[i - 6].day), D(&e, day),
			       N(&e, P(c, RP_HILLY_WEEK_M), 0), nflat,
			       D(&e, day - 6 - 7 * nflat), D(&e, day - 7), N(&e, max_week, 0));
		}
	}
	free(run_max_day);
}

/* ---- back_to_back ---- */

enum hard { HARD_LONG = 1, HARD_HILLY = 2, HARD_FAST = 4 };

/* Why run i is hard (enum hard bits), 0 when it is not. */
static unsigned run_hardness(const struct ctx *c, size_t i, double *mean_out)
{
	const struct athlete_result *r = c->r;
	const struct run_entry *run = &r->runs[i];
	unsigned why = 0, n = 0;
	double sum = 0;
	size_t j;

	for (j = i; j-- > 0;) {
		const struct run_entry *q = &r->runs[j];

		if (q->local_day < run->local_day - 30)
			break;
		if (q->local_day >= run->local_day - 28 && q->local_day < run->local_day &&
		    isfinite(q->s.distance_m)) {
			sum += q->s.distance_m;
			n++;
		}
	}
	*mean_out = n ? sum / n : NAN;
	if (n >= 3 && isfinite(run->s.distance_m) &&
	    run->s.distance_m >= P(c, RP_HARD_LONG_MIN_KM) * 1000.0 &&
	    run->s.distance_m >= P(c, RP_HARD_LONG_RATIO) * (sum / n))
		why |= HARD_LONG;
	if (is_hilly(c, run))
		why |= HARD_HILLY;
	if (isfinite(run->s.fast_s) && run->s.fast_s >= P(c, RP_HARD_FAST_S))
		why |= HARD_FAST;
	return why;
}

static void ev_hard(struct ctx *c, struct ev *e, const struct run_entry *run,
		    unsigned why, double mean)
{
	const char *sep = "";

	ev_add(e, "%s (", D(e, run->local_day));
	if (why & HARD_LONG) {
		ev_add(e, "long: %s km, %s x the 28-day mean run", KM(e, run->s.distance_m),
		       N(e, run->s.distance_m / mean, 1));
		sep = "; ";
	}
	if (why & HARD_HILLY) {
		ev_add(e, "%shilly: %s m up", sep, N(e, run->s.ascent_m, 0));
		sep = "; ";
	}
	if (why & HARD_FAST)
		ev_add(e, "%sfast: %s min fast", sep, MIN(e, run->s.fast_s));
	ev_add(e, ")");
}

static void rule_back_to_back(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	long prev = -1;		/* last hard run */
	double prev_mean = NAN;
	unsigned prev_why = 0;
	bool chain = false;	/* the current chain of hard days was flagged */
	size_t i;

	for (i = 0; i < r->nruns; i++) {
		const struct run_entry *run = &r->runs[i];
		double mean;
		unsigned why = run_hardness(c, i, &mean);
		struct ev e;

		if (!why)
			continue;
		if (prev >= 0 && run->local_day - r->runs[prev].local_day <= 1) {
			if (!chain) {
				if (!flag_add(c, &e, run->local_day, RULE_BACK_TO_BACK, FLAG_WARN,
					      (double)(run->local_day - r->runs[prev].local_day + 1),
					      2))
					return;
				ev_add(&e, "Hard days within 48 h: ");
				ev_hard(c, &e, &r->runs[prev], prev_why, prev_mean);
				ev_add(&e, " and ");
				ev_hard(c, &e, run, why, mean);
				ev_add(&e, "; %s. Long = >= %s x the 28-day mean run and >= %s "
				       "km; hilly = >= %s m and %s m/km; fast = >= %s min fast.",
				       SRC_CLINIC, N(&e, P(c, RP_HARD_LONG_RATIO), 2),
				       N(&e, P(c, RP_HARD_LONG_MIN_KM), 0),
				       N(&e, P(c, RP_HILLY_RUN_M), 0),
				       N(&e, P(c, RP_HILLY_RUN_M_PER_KM), 0),
				       MIN(&e, P(c, RP_HARD_FAST_S)));
				chain = true;
			}
		} else {
			chain = false;
		}
		prev = (long)i;
		prev_why = why;
		prev_mean = mean;
	}
}

/* ---- layoff_return ---- */

struct pre_layoff {
	unsigned runs;
	double total_m, mean_m, longest_m, mean_asc, mean_fast;
	int32_t longest_day;
	unsigned n_asc, n_fast;
};

static void pre_layoff_stats(const struct athlete_result *r, size_t last, struct pre_layoff *s)
{
	int32_t end = r->runs[last].local_day;
	double asc = 0, fast = 0;
	size_t j;

	memset(s, 0, sizeof(*s));
	for (j = last + 1; j-- > 0;) {
		const struct run_entry *q = &r->runs[j];

		if (q->local_day < end - 29)
			break;
		if (q->local_day < end - 27)
			continue;
		if (isfinite(q->s.distance_m)) {
			s->runs++;
			s->total_m += q->s.distance_m;
			if (q->s.distance_m > s->longest_m) {
				s->longest_m = q->s.distance_m;
				s->longest_day = q->local_day;
			}
		}
		if (isfinite(q->s.ascent_m))
			asc += q->s.ascent_m, s->n_asc++;
		if (isfinite(q->s.fast_s))
			fast += q->s.fast_s, s->n_fast++;
	}
	s->mean_m = s->runs ? s->total_m / s->runs : NAN;
	s->mean_asc = s->n_asc ? asc / s->n_asc : NAN;
	s->mean_fast = s->n_fast ? fast / s->n_fast : NAN;
}

static void rule_layoff_return(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	int layoff = (int)P(c, RP_LAYOFF_DAYS);
	size_t i, k;

	for (i = 1; i < r->nruns; i++) {
		int32_t last = r->runs[i - 1].local_day, back = r->runs[i].local_day;
		int gap = (int)(back - last - 1);
		struct pre_layoff s;
		double cum = 0;
		int level = 0;
		bool week_done = false;

		if (gap < layoff)
			continue;
		pre_layoff_stats(r, i - 1, &s);
		if (s.runs < 2)
			continue;	/* no training before to compare with */
		for (k = i; k < r->nruns && r->runs[k].local_day <= back + 6; k++) {
			const struct run_entry *run = &r->runs[k];
			double d = run->s.distance_m, a = run->s.ascent_m, f = run->s.fast_s;
			int lvl = 0;
			double value = NAN, thr = NAN;
			char what[200];
			struct ev e;

			what[0] = '\0';
			cum += val_or0(d);
			if (isfinite(d) && d > P(c, RP_LAYOFF_LONG_RATIO) * s.mean_m) {
				bool alert = d >= s.longest_m;
				struct ev w = { what, sizeof(what), 0, { { 0 } }, 0 };

				lvl = alert ? FLAG_ALERT : FLAG_WARN;
				value = d / s.mean_m;
				thr = P(c, RP_LAYOFF_LONG_RATIO);
				ev_add(&w, "too long: %s km = %s x the pre-layoff mean run of %s km%s%s%s",
				       KM(&w, d), N(&w, value, 2), KM(&w, s.mean_m),
				       alert ? ", as long as the longest pre-layoff run (" : "",
				       alert ? KM(&w, s.longest_m) : "",
				       alert ? " km)" : "");
			} else if (isfinite(a) && a >= P(c, RP_LAYOFF_CLIMB_MIN_M) &&
				   isfinite(s.mean_asc) &&
				   a > P(c, RP_LAYOFF_CLIMB_RATIO) * s.mean_asc) {
				struct ev w = { what, sizeof(what), 0, { { 0 } }, 0 };

				lvl = FLAG_WARN;
				value = s.mean_asc > 0 ? a / s.mean_asc : NAN;
				thr = P(c, RP_LAYOFF_CLIMB_RATIO);
				ev_add(&w, "too hilly: %s m up vs a pre-layoff mean of %s m",
				       N(&w, a, 0), N(&w, s.mean_asc, 0));
			} else if (isfinite(f) && f >= P(c, RP_LAYOFF_FAST_MIN_S) &&
				   isfinite(s.mean_fast) &&
				   f > P(c, RP_LAYOFF_FAST_RATIO) * s.mean_fast) {
				struct ev w = { what, sizeof(what), 0, { { 0 } }, 0 };

				lvl = FLAG_WARN;
				value = s.mean_fast > 0 ? f / s.mean_fast : NAN;
				thr = P(c, RP_LAYOFF_FAST_RATIO);
				ev_add(&w, "too fast: %s min fast vs a pre-layoff mean of %s min",
				       MIN(&w, f), MIN(&w, s.mean_fast));
			} else if (!week_done &&
				   cum > P(c, RP_LAYOFF_WEEK_RATIO) * s.total_m / 4.0) {
				struct ev w = { what, sizeof(what), 0, { { 0 } }, 0 };

				week_done = true;
				lvl = FLAG_WARN;
				value = cum / (s.total_m / 4.0);
				thr = P(c, RP_LAYOFF_WEEK_RATIO);
				ev_add(&w, "first week back too big: %s km by %s vs a pre-layoff "
				       "weekly mean of %s km",
				       KM(&w, cum), D(&w, run->local_day), KM(&w, s.total_m / 4.0));
			}
			if (lvl <= level)
				continue;
			level = lvl;
			if (!flag_add(c, &e, run->local_day, RULE_LAYOFF_RETURN,
				      (enum flag_level)lvl, value, thr))
				return;
			ev_add(&e, "Back on %s after %d days without running (last run %s); "
			       "the run on %s is %s (pre-layoff 28 days: %u runs, %s km; %s).",
			       D(&e, back), gap, D(&e, last), D(&e, run->local_day), what,
			       s.runs, KM(&e, s.total_m), SRC_LAYOFF);
		}
	}
}

/* ---- shoe_mileage, shoe_drop_change ---- */

static void rule_shoe_mileage(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	size_t s, i;

	for (s = 0; s < c->cfg->nshoes && s < r->nshoes; s++) {
		const struct rr_shoe *sh = &c->cfg->shoes[s];
		double alert_km = r->shoes[s].retire_at_km;
		double warn_km = P(c, RP_SHOE_WARN_KM);
		double km = val_or0(sh->start_km);
		unsigned runs = 0;
		int level = 0;

		if (warn_km > alert_km)
			warn_km = alert_km;
		for (i = 0; i < r->nruns; i++) {
			const struct run_entry *run = &r->runs[i];
			int lvl = 0;
			double thr;
			struct ev e;

			if (run->shoe != (int)s)
				continue;
			km += val_or0(run->s.distance_m) / 1000.0;
			runs++;
			if (km >= alert_km)
				lvl = FLAG_ALERT;
			else if (km >= warn_km)
				lvl = FLAG_WARN;
			if (lvl <= level)
				continue;
			level = lvl;
			thr = lvl == FLAG_ALERT ? alert_km : warn_km;
			if (!flag_add(c, &e, run->local_day, RULE_SHOE_MILEAGE,
				      (enum flag_level)lvl, km, thr))
				return;
			ev_add(&e, "%s reached %s km on %s (%s km at start + %s km in %u runs "
			       "since %s): %s at %s km, retire at %s km (%s).",
			       sh->name, N(&e, km, 0), D(&e, run->local_day),
			       N(&e, val_or0(sh->start_km), 0),
			       N(&e, km - val_or0(sh->start_km), 0), runs,
			       D(&e, r->shoes[s].first_day),
			       lvl == FLAG_ALERT ? "alert" : "warn", N(&e, thr, 0),
			       N(&e, alert_km, 0), SRC_SHOE);
		}
	}
}

static void rule_shoe_drop_change(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	const struct rr_athlete *cfg = c->cfg;
	int window = (int)P(c, RP_DROP_WINDOW_DAYS);
	size_t s, i;

	for (s = 0; s < cfg->nshoes && s < r->nshoes; s++) {
		double prev_km[RR_MAX_SHOES] = { 0 };
		int32_t d0 = r->shoes[s].first_day;
		double km = 0, drop = cfg->shoes[s].heel_drop_mm;
		long prev = -1;
		size_t t;

		if (d0 == RR_NO_DAY || !isfinite(drop))
			continue;
		/* the shoe most used (km) with a known drop in the 28 days before */
		for (i = 0; i < r->nruns; i++) {
			const struct run_entry *q = &r->runs[i];

			if (q->shoe >= 0 && q->shoe != (int)s && q->local_day < d0 &&
			    q->local_day >= d0 - 28)
				prev_km[q->shoe] += val_or0(q->s.distance_m) / 1000.0;
		}
		for (t = 0; t < cfg->nshoes && t < RR_MAX_SHOES; t++)
			if (prev_km[t] > 0 && isfinite(cfg->shoes[t].heel_drop_mm) &&
			    (prev < 0 || prev_km[t] > prev_km[prev]))
				prev = (long)t;
		if (prev < 0 || cfg->shoes[prev].heel_drop_mm - drop < P(c, RP_DROP_MM) - 1e-9)
			continue;
		for (i = 0; i < r->nruns; i++) {
			const struct run_entry *q = &r->runs[i];
			struct ev e;

			if (q->shoe != (int)s || q->local_day > d0 + window - 1)
				continue;
			km += val_or0(q->s.distance_m) / 1000.0;
			if (km < P(c, RP_DROP_MIN_KM))
				continue;
			/* dated on the switch; known once the volume is there */
			if (!flag_add(c, &e, d0, RULE_SHOE_DROP_CHANGE, FLAG_WARN,
				      cfg->shoes[prev].heel_drop_mm - drop, P(c, RP_DROP_MM)))
				return;
			ev_add(&e, "Switch from %s (%s mm drop, %s km in the 28 days before) to "
			       "%s (%s mm) on %s: %s km by %s, within %d days of the first run "
			       "on the new shoe; a drop %s mm lower loads the calf and Achilles "
			       "more (%s).",
			       cfg->shoes[prev].name, N(&e, cfg->shoes[prev].heel_drop_mm, 1),
			       N(&e, prev_km[prev], 0), cfg->shoes[s].name, N(&e, drop, 1),
			       D(&e, d0), N(&e, km, 1), D(&e, q->local_day), window,
			       N(&e, cfg->shoes[prev].heel_drop_mm - drop, 1), SRC_DROP);
			break;
		}
	}
}

int rules_apply(struct athlete_result *r, const struct rr_athlete *cfg,
		const struct rule_params *p)
{
	struct ctx c;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.cfg = cfg;
	c.p = p;
	c.cap = r->nflags;
	if (!r->nruns)
		return 0;
	rule_long_run_spike(&c);
	rule_hill_block(&c);	/* before climb_spike, which defers to it */
	rule_quantity_spike(&c, RULE_CLIMB_SPIKE);
	rule_quantity_spike(&c, RULE_SPEED_SPIKE);
	rule_weekly_jump(&c);
	rule_acwr(&c);
	rule_monotony(&c);
	rule_back_to_back(&c);
	rule_layoff_return(&c);
	rule_shoe_mileage(&c);
	rule_shoe_drop_change(&c);
	return c.oom ? -1 : 0;
}
