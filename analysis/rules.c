#include "analysis/rules.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/timeutil.h"

/* ---- flags and their evidence ---- */

struct ctx {
	struct athlete_result *r;
	const struct rr_athlete *cfg;
	const struct rule_params *p;
	size_t cap;
	bool oom;
};

/*
 * Append a flag of rule with evidence of kind (its other fields zero, for
 * the caller to fill).  NULL after an allocation failure.
 */
static struct flag *flag_add(struct ctx *c, int32_t day, enum rule_id rule,
			     enum flag_level level, double value, double threshold,
			     enum evidence_kind kind)
{
	struct flag *f;

	if (c->oom)
		return NULL;
	if (RR_GROW(c->r->flags, c->cap, c->r->nflags + 1)) {
		c->oom = true;
		return NULL;
	}
	f = &c->r->flags[c->r->nflags++];
	memset(f, 0, sizeof(*f));
	f->day = day;
	f->rule = rule;
	f->level = level;
	f->value = value;
	f->threshold = threshold;
	f->ev.kind = kind;
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

/*
 * Why a run is hilly: run_entry.hilly, judged once by timeline_build()
 * against the athlete's usual climb per km, is what every rule reads.
 */
static void hilly_of(struct ev_hilly *h, const struct run_entry *r)
{
	h->climb_m_per_km = isfinite(r->s.ascent_m) && isfinite(r->s.distance_m) &&
			    r->s.distance_m > 0 ? r->s.ascent_m / (r->s.distance_m / 1000.0) : NAN;
	h->usual_m_per_km = r->usual_climb_m_per_km;
	h->limit_m_per_km = r->hilly_limit_m_per_km;
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

/*
 * Is day inside a return phase with limits?  The return rule owns those
 * days: its limits replace the single-run spike and the weekly jump.
 */
static bool owned_by_return(const struct athlete_result *r, int32_t day)
{
	const struct return_phase *ph = return_phase_at(r, day);

	return ph && isfinite(ph->first_limit_m);
}

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
static double get_late(const struct run_entry *r) { return r->s.late_ascent_m; }

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
		struct ev_spike *sp;

		if (!isfinite(run->s.distance_m) || jd < 0)
			continue;	/* no run in the window: nothing to compare with */
		if (owned_by_return(r, run->local_day))
			continue;	/* the return rule owns a return's runs */
		m = llround(run->s.distance_m);
		ref = llround(r->runs[jd].s.distance_m);
		if ((double)ref < P(c, RP_LONG_MIN_REF_KM) * 1000.0 || ref <= 0)
			continue;
		if (above_frac(m, ref, P(c, RP_LONG_ALERT)))
			lvl = FLAG_ALERT;
		else if (above_frac(m, ref, P(c, RP_LONG_WARN)))
			lvl = FLAG_WARN;
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
			thr = P(c, lvl == FLAG_ALERT ? RP_LONG_ALERT : RP_LONG_WARN);
			f = flag_add(c, run->local_day, RULE_LONG_RUN_SPIKE,
				     (enum flag_level)lvl, frac, thr, EVK_SPIKE_DISTANCE);
			if (!f)
				return;
			sp = &f->ev.u.spike;
			sp->cur = (double)m;
			sp->ref = (double)ref;
			sp->ref_day = r->runs[jd].local_day;
			sp->other_shown = lvl_t != 0;
			sp->other_cur = (double)s;
			sp->other_ref = (double)sref;
			sp->other_frac = frac_t;
		} else {
			thr = P(c, lvl_t == FLAG_ALERT ? RP_LONG_DUR_ALERT : RP_LONG_DUR_WARN);
			f = flag_add(c, run->local_day, RULE_LONG_RUN_SPIKE,
				     (enum flag_level)lvl_t, frac_t, thr, EVK_SPIKE_DURATION);
			if (!f)
				return;
			sp = &f->ev.u.spike;
			sp->cur = (double)s;
			sp->ref = (double)sref;
			sp->ref_day = r->runs[jt].local_day;
			sp->other_shown = true;
			sp->other_cur = (double)m;
			sp->other_ref = (double)ref;
			sp->other_frac = frac;
		}
		sp->window_days = window;
	}
}

/* Is day inside an episode that hill_block already raised? */
static bool in_hill_episode(const struct ctx *c, int32_t day)
{
	const struct athlete_result *r = c->r;
	size_t k;

	for (k = 0; k < r->nflags; k++)
		if (r->flags[k].rule == RULE_HILL_BLOCK &&
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
	bool climb = rule == RULE_CLIMB_SPIKE, late = rule == RULE_LATE_CLIMB_SPIKE;
	double (*get)(const struct run_entry *) = climb ? get_ascent : late ? get_late : get_fast;
	double warn = P(c, climb ? RP_CLIMB_WARN : late ? RP_LATE_CLIMB_WARN : RP_SPEED_WARN);
	double min_v = P(c, climb ? RP_CLIMB_MIN_M : late ? RP_LATE_CLIMB_MIN_M : RP_SPEED_MIN_S);
	double min_inc = P(c, climb ? RP_CLIMB_MIN_INCREASE_M :
			      late ? RP_LATE_CLIMB_MIN_INCREASE_M : RP_SPEED_MIN_INCREASE_S);
	int window = (int)P(c, RP_LONG_WINDOW_DAYS);
	size_t i;

	for (i = 0; i < r->nruns; i++) {
		const struct run_entry *run = &r->runs[i];
		double v = get(run);
		long j;
		long long cur, ref;
		double frac;
		struct flag *f;

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
		f = flag_add(c, run->local_day, rule, FLAG_WARN, frac, warn,
			     climb ? EVK_SPIKE_CLIMB : late ? EVK_SPIKE_LATE_CLIMB : EVK_SPIKE_FAST);
		if (!f)
			return;
		/* where in the run: the climbing after late_km and after 60 % of it */
		f->ev.u.spike.late_km = r->late_km ? r->late_km : RR_LATE_KM_DEFAULT;
		f->ev.u.spike.other_cur = run->s.late_ascent_m;
		f->ev.u.spike.other_ref = run->s.late_ascent_60_m;
		f->ev.u.spike.other_frac = run->s.ascent_m;
		f->ev.u.spike.cur = (double)cur;
		f->ev.u.spike.ref = (double)ref;
		f->ev.u.spike.ref_day = r->runs[j].local_day;
		f->ev.u.spike.window_days = window;
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
	double warn = P(c, RP_WEEK_NOTE);	/* note: context only */
	long i, mon;

	if (!r->ndays)
		return;
	/* First Monday with a complete previous week inside the timeline. */
	mon = (7 - rr_weekday(r->first_day)) % 7 + 7;
	for (; mon < (long)r->ndays; mon += 7) {
		long long prev = 0, cum = 0, before = 0, sum4 = 0;
		bool complete = mon + 6 < (long)r->ndays;
		bool have4 = mon >= 28;
		double frac;
		struct flag *f;

		for (i = mon - 7; i < mon; i++)
			before += day_metres(&r->days[i]);
		for (i = mon - 28; have4 && i < mon; i++)
			sum4 += day_metres(&r->days[i]);
		/* the larger of the week before and the 4-week mean: no jump after a down week */
		prev = before;
		if (have4 && (sum4 + 2) / 4 > prev)
			prev = (sum4 + 2) / 4;
		if ((double)prev < P(c, RP_WEEK_MIN_BASE_KM) * 1000.0)
			continue;
		if (owned_by_return(r, r->days[mon].day))
			continue;	/* the return rule owns a return's weeks */
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
		f = flag_add(c, r->days[i].day, RULE_WEEKLY_JUMP, FLAG_NOTE, frac, warn,
			     EVK_WEEK_JUMP);
		if (!f)
			return;
		f->ev.u.week.week_start = r->days[mon].day;
		f->ev.u.week.prev_start = r->days[mon - 7].day;
		f->ev.u.week.cur_m = (double)cum;
		f->ev.u.week.prev_m = (double)prev;
		f->ev.u.week.week_before_m = (double)before;
		f->ev.u.week.mean4_m = have4 ? (double)sum4 / 4.0 : NAN;
		f->ev.u.week.complete = complete;
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
		struct ev_ratio *ev;
		struct flag *f;

		if (sum28 / 4.0 < P(c, RP_ACWR_MIN_CHRONIC_KM) * 1000.0 || sum28 <= 0 ||
		    day_is_returning(r, day->day)) {
			/* not meaningful: too small a base, or a return the return rule owns */
			episode_step(&ep, day->day, 0, gap);
			continue;
		}
		ratio = acute * 4.0 / sum28;
		/* context (Frandsen 2025: a negative association in runners): a note at most */
		if (a4 * 1000 >= ch * per_mille(P(c, RP_ACWR_ALERT)))
			lvl = FLAG_NOTE;
		lvl = episode_step(&ep, day->day, lvl, gap);
		if (!lvl)
			continue;
		thr = P(c, RP_ACWR_ALERT);
		f = flag_add(c, day->day, RULE_ACWR, (enum flag_level)lvl, ratio, thr, EVK_ACWR);
		if (!f)
			return;
		ev = &f->ev.u.ratio;
		ev->acute_from = r->days[i - 6].day;
		ev->chronic_from = r->days[i - 27].day;
		ev->acute = acute;
		ev->chronic_week = sum28 / 4.0;
		ev->uncoupled = day->acwr_uncoupled;
		ev->ewma = day->acwr_ewma;
		ev->calf_coupled = sum28_c > 0 ? acute_c * 4.0 / sum28_c : NAN;
		ev->calf_ewma = day->acwr_calf_ewma;
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
		struct flag *f;

		if (isfinite(d->monotony) && d->monotony > warn &&
		    week_km >= P(c, RP_MONOTONY_MIN_WEEK_KM))
			lvl = FLAG_WARN;
		if (!episode_step(&ep, d->day, lvl, gap))
			continue;
		f = flag_add(c, d->day, RULE_MONOTONY, FLAG_WARN, d->monotony, warn, EVK_MONOTONY);
		if (!f)
			return;
		f->ev.u.monotony.from = r->days[i - 6].day;
		for (k = i - 6; k <= i; k++)
			f->ev.u.monotony.daily_m[k - (i - 6)] = (double)day_metres(&r->days[k]);
		f->ev.u.monotony.week_km = week_km;
		f->ev.u.monotony.strain = d->strain;
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
		double km = day_sum(r, lo, hi, get_m) / 1000.0;

		/* flat: under the metres, or under the metres per km run */
		if (week >= P(c, RP_FLAT_WEEK_M) &&
		    !(km > 0 && week < P(c, RP_FLAT_WEEK_M_PER_KM) * km))
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

		if (r->runs[k].hilly)
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
		struct flag *f;

		while (k < r->nruns && r->runs[k].local_day < day)
			k++;
		for (; k < r->nruns && r->runs[k].local_day == day; k++)
			if (!first_hilly && r->runs[k].hilly)
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

			f = flag_add(c, day, RULE_HILL_BLOCK, FLAG_WARN, ratio, ratio_t,
				     EVK_HILL_RATIO);
			if (!f)
				break;
			f->ev.u.ratio.acute_from = r->days[i - 6].day;
			f->ev.u.ratio.chronic_from = r->days[i - 27].day;
			f->ev.u.ratio.acute = acute;
			f->ev.u.ratio.chronic_week = sum28 / 4.0;
			f->ev.u.ratio.uncoupled = f->ev.u.ratio.ewma = NAN;
			f->ev.u.ratio.calf_coupled = f->ev.u.ratio.calf_ewma = NAN;
		} else if (why == 2) {
			f = flag_add(c, day, RULE_HILL_BLOCK, FLAG_WARN, first_hilly->s.ascent_m,
				     P(c, RP_HILLY_RUN_M), EVK_HILL_FIRST_RUN);
			if (!f)
				break;
			f->ev.u.hill.ascent_m = first_hilly->s.ascent_m;
			f->ev.u.hill.distance_m = first_hilly->s.distance_m;
			hilly_of(&f->ev.u.hill.hilly, first_hilly);
			f->ev.u.hill.from = day;
			f->ev.u.hill.flat_weeks = nflat;
			f->ev.u.hill.flat_from = day - 7 * nflat;
			f->ev.u.hill.flat_to = day - 1;
			f->ev.u.hill.flat_max_m = max_run;
		} else {
			f = flag_add(c, day, RULE_HILL_BLOCK, FLAG_WARN, acute,
				     P(c, RP_HILLY_WEEK_M), EVK_HILL_FIRST_WEEK);
			if (!f)
				break;
			f->ev.u.hill.ascent_m = acute;
			f->ev.u.hill.distance_m = NAN;
			f->ev.u.hill.from = r->days[i - 6].day;
			f->ev.u.hill.flat_weeks = nflat;
			f->ev.u.hill.flat_from = day - 6 - 7 * nflat;
			f->ev.u.hill.flat_to = day - 7;
			f->ev.u.hill.flat_max_m = max_week;
		}
	}
	free(run_max_day);
}

/* ---- back_to_back ---- */

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
	if (run->hilly)
		why |= HARD_HILLY;
	if (isfinite(run->s.fast_s) && run->s.fast_s >= P(c, RP_HARD_FAST_S))
		why |= HARD_FAST;
	return why;
}

static void hard_day_of(struct ev_hard_day *h, const struct run_entry *run, unsigned why,
			double mean)
{
	h->day = run->local_day;
	h->why = why;
	h->distance_m = run->s.distance_m;
	h->mean_ratio = run->s.distance_m / mean;
	h->ascent_m = run->s.ascent_m;
	h->fast_s = run->s.fast_s;
	hilly_of(&h->hilly, run);
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
		struct flag *f;

		if (!why)
			continue;
		if (prev >= 0 && run->local_day - r->runs[prev].local_day <= 1) {
			if (!chain) {
				f = flag_add(c, run->local_day, RULE_BACK_TO_BACK, FLAG_WARN,
					     (double)(run->local_day - r->runs[prev].local_day + 1),
					     2, EVK_HARD_DAYS);
				if (!f)
					return;
				hard_day_of(&f->ev.u.hard.day[0], &r->runs[prev], prev_why,
					    prev_mean);
				hard_day_of(&f->ev.u.hard.day[1], run, why, mean);
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

/* ---- return phases: layoff_return ---- */

struct pre_layoff {
	unsigned runs;
	double total_m, mean_m, longest_m;
};

/* The runs of the 28 days up to and including run last's day. */
static void pre_layoff_stats(const struct athlete_result *r, size_t last, struct pre_layoff *s)
{
	int32_t end = r->runs[last].local_day;
	size_t j;

	memset(s, 0, sizeof(*s));
	for (j = last + 1; j-- > 0;) {
		const struct run_entry *q = &r->runs[j];

		if (q->local_day < end - 29)
			break;
		if (q->local_day < end - 27 || !isfinite(q->s.distance_m))
			continue;
		s->runs++;
		s->total_m += q->s.distance_m;
		if (q->s.distance_m > s->longest_m)
			s->longest_m = q->s.distance_m;
	}
	s->mean_m = s->runs ? s->total_m / s->runs : NAN;
}

/*
 * The return phases: a run after at least layoff_days without one starts a
 * phase; it ends at the first run as long as the longest of the 28 days
 * before the break (but not within 28 days of coming back, the ACWR
 * window), at the last run before the next break, or return_max_days after
 * the first run back, whichever comes first.  Without two runs before the break there are no
 * limits, and the phase lasts 28 days (the ACWR window) so that the ratio
 * is not read across the break.
 */
static int returns_find(struct ctx *c)
{
	struct athlete_result *r = c->r;
	int layoff = (int)P(c, RP_LAYOFF_DAYS);
	int max_days = (int)P(c, RP_RETURN_MAX_DAYS);
	size_t cap = 0, i, k;

	free(r->returns);
	r->returns = NULL;
	r->nreturns = 0;
	r->returning_day = r->returning_gap_days = 0;
	for (i = 1; i < r->nruns; i++) {
		int32_t last = r->runs[i - 1].local_day, back = r->runs[i].local_day;
		int gap = (int)(back - last - 1);
		struct return_phase *ph;
		struct pre_layoff s;
		double f;

		if (gap < layoff)
			continue;
		if (RR_GROW(r->returns, cap, r->nreturns + 1))
			return -1;
		ph = &r->returns[r->nreturns++];
		memset(ph, 0, sizeof(*ph));
		pre_layoff_stats(r, i - 1, &s);
		ph->last_day = last;
		ph->back_day = back;
		ph->gap_days = gap;
		ph->pre_runs = s.runs;
		ph->pre_total_m = s.total_m;
		ph->pre_mean_m = s.mean_m;
		ph->pre_longest_m = s.longest_m;
		f = 1.0 - (double)gap / P(c, RP_RETURN_LOSS_DAYS);
		if (f < P(c, RP_RETURN_MIN_FACTOR))
			f = P(c, RP_RETURN_MIN_FACTOR);
		ph->factor = f;
		ph->first_limit_m = s.runs >= 2 ? f * s.mean_m : NAN;
		ph->week_limit_m = s.runs >= 2 ? f * s.total_m / 4.0 : NAN;
		ph->end_day = back + (s.runs >= 2 ? max_days : 28) - 1;
		for (k = i; s.runs >= 2 && k < r->nruns && r->runs[k].local_day <= ph->end_day;
		     k++) {
			const struct run_entry *q = &r->runs[k];

			if (isfinite(q->s.distance_m) &&
			    llround(q->s.distance_m) >= llround(s.longest_m)) {
				/* back to the old longest; 28 days at least (the ACWR window) */
				if (q->local_day < back + 27)
					ph->end_day = back + 27;
				else
					ph->end_day = q->local_day;
				break;
			}
		}
		for (k = i + 1; k < r->nruns && r->runs[k].local_day <= ph->end_day; k++)
			if (r->runs[k].local_day - r->runs[k - 1].local_day - 1 >= layoff) {
				ph->end_day = r->runs[k - 1].local_day;	/* the next break */
				break;
			}
		for (k = i; k < r->nruns; k++) {
			if (k > i && r->runs[k].local_day - r->runs[k - 1].local_day - 1 >= layoff)
				break;
			ph->km_since += val_or0(r->runs[k].s.distance_m) / 1000.0;
		}
	}
	{
		const struct return_phase *now = return_phase_at(r, r->last_day);

		if (now) {
			r->returning_day = (int)(r->last_day - now->back_day) + 1;
			r->returning_gap_days = now->gap_days;
		}
	}
	return 0;
}

/* limit x (1 + growth)^week, capped (cap <= 0: none), in whole metres. */
static long long return_limit(const struct ctx *c, double base, int week, double cap)
{
	double v = base * pow(1.0 + P(c, RP_RETURN_GROWTH), week);

	if (cap > 0 && v > cap)
		v = cap;
	return llround(v);
}

/*
 * The run limit of return week w for a run after others of the same phase,
 * the longest of them since_m long (0: the first run back): the table's
 * limit, and no more than return_growth above the longest run since the
 * return (never below the first week's limit), so that a runner who has
 * built to 7 km does not jump to 12 km because the old longest was 12 km.
 * *by says which limit it was (enum run_limit_by, timeline.h).
 */
static long long return_run_limit(const struct ctx *c, const struct return_phase *ph, int w,
				  long long since_m, enum run_limit_by *by)
{
	long long lim = return_limit(c, ph->first_limit_m, w, ph->pre_longest_m);
	long long grow = llround((double)since_m * (1.0 + P(c, RP_RETURN_GROWTH)));
	long long first = llround(ph->first_limit_m);

	*by = LIMIT_BY_TABLE;
	if (since_m <= 0)
		return lim;
	if (grow < first) {
		if (first < lim) {
			*by = LIMIT_BY_FIRST;
			return first;
		}
		return lim;
	}
	if (grow < lim) {
		*by = LIMIT_BY_SINCE;
		return grow;
	}
	return lim;
}

static int over_limit(const struct ctx *c, long long cur, long long limit)
{
	if (limit <= 0 || cur <= limit)
		return 0;
	return above_frac(cur, limit, P(c, RP_RETURN_ALERT)) ? FLAG_ALERT : FLAG_WARN;
}

static struct flag *return_flag(struct ctx *c, const struct return_phase *ph, int32_t day,
				int lvl, double value, double thr, enum evidence_kind kind)
{
	struct flag *f = flag_add(c, day, RULE_LAYOFF_RETURN, (enum flag_level)lvl, value, thr,
				  kind);
	struct ev_layoff *l;

	if (!f)
		return NULL;
	l = &f->ev.u.layoff;
	l->last_day = ph->last_day;
	l->back_day = ph->back_day;
	l->gap_days = ph->gap_days;
	l->pre_runs = ph->pre_runs;
	l->pre_total_m = ph->pre_total_m;
	l->pre_longest_m = ph->pre_longest_m;
	l->factor = ph->factor;
	l->day_n = (int)(day - ph->back_day) + 1;
	l->week_n = (int)(day - ph->back_day) / 7;
	return f;
}

/*
 * Each run of a return phase against the run limit of its return week, each
 * return week against the week limit, and the first return_easy_runs runs
 * against hills and speed.  One flag per level and phase: the first warning,
 * then an alert if one comes.
 */
static void rule_layoff_return(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	size_t p, k;

	for (p = 0; p < r->nreturns; p++) {
		const struct return_phase *ph = &r->returns[p];
		long long week_m = 0, since_m = 0;
		int week = -1, level = 0;
		unsigned n = 0;

		if (!isfinite(ph->first_limit_m))
			continue;	/* nothing before the break to scale from */
		for (k = 0; k < r->nruns && r->runs[k].local_day < ph->back_day; k++)
			;
		for (; k < r->nruns && r->runs[k].local_day <= ph->end_day; k++) {
			const struct run_entry *run = &r->runs[k];
			int w = (int)(run->local_day - ph->back_day) / 7;
			long long d = llround(val_or0(run->s.distance_m));
			enum run_limit_by by;
			long long lim = return_run_limit(c, ph, w, since_m, &by);
			long long wlim = return_limit(c, ph->week_limit_m, w, ph->pre_total_m / 4.0);
			long long since_before = since_m;
			int lvl, wl;
			enum evidence_kind kind = EVK_LAYOFF_LONG;
			double cur = (double)d, limit = (double)lim;
			struct flag *f;

			n++;
			if (w != week) {
				week = w;
				week_m = 0;
			}
			week_m += d;
			if (d > since_m)
				since_m = d;
			lvl = isfinite(run->s.distance_m) ? over_limit(c, d, lim) : 0;
			wl = over_limit(c, week_m, wlim);
			if (wl > lvl) {
				lvl = wl;
				kind = EVK_LAYOFF_WEEK;
				cur = (double)week_m;
				limit = (double)wlim;
			}
			if (!lvl && n <= (unsigned)P(c, RP_RETURN_EASY_RUNS)) {
				if (run->hilly) {
					lvl = FLAG_WARN;
					kind = EVK_LAYOFF_HILLY;
					cur = run->s.ascent_m;
				} else if (isfinite(run->s.fast_s) &&
					   run->s.fast_s >= P(c, RP_HARD_FAST_S)) {
					lvl = FLAG_WARN;
					kind = EVK_LAYOFF_FAST;
					cur = run->s.fast_s;
				}
			}
			if (lvl <= level)
				continue;
			level = lvl;
			f = return_flag(c, ph, run->local_day, lvl,
					kind == EVK_LAYOFF_LONG || kind == EVK_LAYOFF_WEEK ?
					cur / limit : cur,
					kind == EVK_LAYOFF_LONG || kind == EVK_LAYOFF_WEEK ? 1.0 :
					kind == EVK_LAYOFF_HILLY ? P(c, RP_HILLY_RUN_M) :
					P(c, RP_HARD_FAST_S), kind);
			if (!f)
				return;
			f->ev.u.layoff.cur = cur;
			f->ev.u.layoff.limit = limit;
			f->ev.u.layoff.pre_mean = kind == EVK_LAYOFF_WEEK ? ph->pre_total_m / 4.0 :
						  ph->pre_mean_m;
			f->ev.u.layoff.as_long_as_longest =
				kind == EVK_LAYOFF_LONG && d >= llround(ph->pre_longest_m);
			f->ev.u.layoff.run_n = n;
			if (kind == EVK_LAYOFF_LONG) {
				f->ev.u.layoff.limit_by = by;
				f->ev.u.layoff.since_longest_m = (double)since_before;
			}
			if (kind == EVK_LAYOFF_HILLY)
				hilly_of(&f->ev.u.layoff.hilly, run);
		}
	}
}

/* ---- repeated_breakdown ---- */

/* What a return did (enum cycle_common bits), by the limits of its phase. */
static unsigned return_traits(const struct ctx *c, const struct return_phase *ph)
{
	const struct athlete_result *r = c->r;
	unsigned bits = 0, n = 0;
	long long week_m = 0, since_m = 0;
	int week = -1;
	enum run_limit_by by;
	size_t k;

	for (k = 0; k < r->nruns && r->runs[k].local_day < ph->back_day; k++)
		;
	for (; k < r->nruns && r->runs[k].local_day <= ph->end_day; k++) {
		const struct run_entry *run = &r->runs[k];
		int w = (int)(run->local_day - ph->back_day) / 7;
		long long d = llround(val_or0(run->s.distance_m));

		if (w != week) {
			week = w;
			week_m = 0;
		}
		week_m += d;
		if (isfinite(ph->first_limit_m) &&
		    (over_limit(c, d, return_run_limit(c, ph, w, since_m, &by)) ||
		     over_limit(c, week_m, return_limit(c, ph->week_limit_m, w,
							ph->pre_total_m / 4.0))))
			bits |= CYCLE_VOLUME;
		if (d > since_m)
			since_m = d;
		if (++n <= (unsigned)P(c, RP_RETURN_EASY_RUNS)) {
			if (run->hilly)
				bits |= CYCLE_HILLS;
			if (isfinite(run->s.fast_s) && run->s.fast_s >= P(c, RP_HARD_FAST_S))
				bits |= CYCLE_SPEED;
			if (surface_is_soft((enum surface)run->surface))
				bits |= CYCLE_SOFT;
		}
	}
	return bits;
}

/*
 * Whether the break that ends return q (the one before return q + 1) is a
 * breakdown: at least breakdown_break_days long, beginning at most
 * breakdown_within_days after return q's first run, with at least
 * breakdown_min_runs runs of return q before it.  A runner whose files are
 * one run every few months has long breaks, but no return that broke down.
 */
static bool is_breakdown(const struct ctx *c, size_t q)
{
	const struct athlete_result *r = c->r;
	const struct return_phase *ph = &r->returns[q], *nx = &r->returns[q + 1];
	unsigned runs = 0;
	size_t k;

	if (nx->gap_days < (int)P(c, RP_CYCLE_BREAK_DAYS) ||
	    nx->last_day - ph->back_day >= (int32_t)P(c, RP_CYCLE_WITHIN_DAYS))
		return false;
	for (k = 0; k < r->nruns; k++)
		if (r->runs[k].local_day >= ph->back_day && r->runs[k].local_day <= nx->last_day)
			runs++;
	return runs >= (unsigned)P(c, RP_CYCLE_MIN_RUNS);
}

/*
 * A breakdown (is_breakdown) follows a return.  When breakdown_count of
 * them fall within breakdown_window_days, one alert names the cycle on the
 * first run back after the latest; each further breakdown raises it again.
 */
static void rule_breakdown_cycle(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	int window = (int)P(c, RP_CYCLE_WINDOW_DAYS);
	unsigned need = (unsigned)P(c, RP_CYCLE_COUNT);
	unsigned *traits;	/* per return q: enum cycle_common bits, or ~0u: no breakdown */
	size_t p, q;

	if (r->nreturns < 2)
		return;
	/* each return judged once (both scan the runs), not once per later return */
	traits = rr_alloc_array(r->nreturns, sizeof(*traits));
	if (!traits) {
		c->oom = true;
		return;
	}
	for (q = 0; q + 1 < r->nreturns; q++)
		traits[q] = is_breakdown(c, q) ? return_traits(c, &r->returns[q]) : ~0u;
	for (p = 1; p < r->nreturns; p++) {
		const struct return_phase *ph = &r->returns[p];
		unsigned count = 0, common = ~0u;
		struct ev_cycle *ev;
		struct flag *f;

		if (traits[p - 1] == ~0u)
			continue;
		/* breakdowns up to this one: phase q ended by the break of phase q + 1 */
		for (q = 0; q < p; q++) {
			if (traits[q] == ~0u || r->returns[q + 1].back_day < ph->back_day - window)
				continue;
			count++;
			common &= traits[q];
		}
		if (count < need)
			continue;
		f = flag_add(c, ph->back_day, RULE_BREAKDOWN_CYCLE, FLAG_ALERT, count, need,
			     EVK_CYCLE);
		if (!f)
			break;
		ev = &f->ev.u.cycle;
		ev->count = count;
		ev->window_days = window;
		ev->common = common;
		for (q = p; q-- > 0 && ev->n < CYCLE_MAX;) {
			const struct return_phase *nx = &r->returns[q + 1];

			if (traits[q] == ~0u || nx->back_day < ph->back_day - window)
				continue;
			/* newest first */
			ev->c[ev->n].back_day = r->returns[q].back_day;
			ev->c[ev->n].km_since = r->returns[q].km_since;
			ev->c[ev->n].break_from = nx->last_day + 1;
			ev->c[ev->n].break_to = nx->back_day - 1;
			ev->c[ev->n].traits = traits[q];
			ev->n++;
		}
	}
	free(traits);
}

/* ---- speed_week ---- */

static double get_fast_day(const struct day_row *d) { return val_or0(d->fast_s); }

/*
 * Fast time of the 7 days ending each day against the weekly mean of the 28
 * days before them (a floor of speed_week_min_ref_s, so a first block of
 * speed work after none is still seen); one flag per episode.
 */
static void rule_speed_week(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	struct episode ep = { 0, 0 };
	int gap = (int)P(c, RP_EPISODE_GAP_DAYS);
	double warn = P(c, RP_SPEED_WEEK_WARN);
	long i;

	for (i = 34; i < (long)r->ndays; i++) {
		const struct day_row *day = &r->days[i];
		long long acute = llround(day_sum(r, i - 6, i, get_fast_day));
		long long ref = llround(day_sum(r, i - 34, i - 7, get_fast_day) / 4.0);
		long long floor_s = llround(P(c, RP_SPEED_WEEK_MIN_REF_S));
		int lvl = 0;
		struct flag *f;

		if (ref < floor_s)
			ref = floor_s;
		if ((double)acute >= P(c, RP_SPEED_WEEK_MIN_S) && above_frac(acute, ref, warn - 1.0) &&
		    !day_is_returning(r, day->day))
			lvl = FLAG_WARN;
		if (!episode_step(&ep, day->day, lvl, gap))
			continue;
		f = flag_add(c, day->day, RULE_SPEED_WEEK, FLAG_WARN, (double)acute / (double)ref,
			     warn, EVK_SPEED_WEEK);
		if (!f)
			return;
		f->ev.u.ratio.acute_from = r->days[i - 6].day;
		f->ev.u.ratio.chronic_from = r->days[i - 34].day;
		f->ev.u.ratio.acute = (double)acute;
		f->ev.u.ratio.chronic_week = (double)ref;
		f->ev.u.ratio.uncoupled = f->ev.u.ratio.ewma = NAN;
		f->ev.u.ratio.calf_coupled = f->ev.u.ratio.calf_ewma = NAN;
	}
}

/* ---- soft_surface ---- */

/*
 * Soft and trail km of the 7 days ending each day against the weekly mean
 * of the 28 days before them (taken as at least soft_surface_min_ref_km, so
 * a first trail block after none is seen), from soft_surface_min_km; one
 * flag per episode.  Indoor runs are flat and firm: never soft.
 */
static void rule_soft_surface(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	struct episode ep = { 0, 0 };
	int gap = (int)P(c, RP_EPISODE_GAP_DAYS);
	double warn = P(c, RP_SOFT_WARN);
	long long floor_m = llround(P(c, RP_SOFT_MIN_REF_KM) * 1000.0);
	long long *soft;	/* soft metres per day index */
	size_t k;
	long i;

	if (!r->ndays)
		return;
	soft = rr_alloc_array(r->ndays, sizeof(*soft));
	if (!soft) {
		c->oom = true;
		return;
	}
	memset(soft, 0, r->ndays * sizeof(*soft));
	for (k = 0; k < r->nruns; k++)
		if (surface_is_soft((enum surface)r->runs[k].surface))
			soft[r->runs[k].local_day - r->first_day] +=
				llround(val_or0(r->runs[k].s.distance_m));
	for (i = 34; i < (long)r->ndays; i++) {
		long long acute = 0, sum28 = 0, ref;
		int lvl = 0;
		long j;
		struct flag *f;

		for (j = i - 6; j <= i; j++)
			acute += soft[j];
		for (j = i - 34; j < i - 6; j++)
			sum28 += soft[j];
		ref = (sum28 + 2) / 4;
		if (ref < floor_m)
			ref = floor_m;
		if ((double)acute >= P(c, RP_SOFT_MIN_KM) * 1000.0 &&
		    above_frac(acute, ref, warn - 1.0))
			lvl = FLAG_WARN;
		if (!episode_step(&ep, r->days[i].day, lvl, gap))
			continue;
		f = flag_add(c, r->days[i].day, RULE_SOFT_SURFACE, FLAG_WARN,
			     (double)acute / (double)ref, warn, EVK_SOFT_SURFACE);
		if (!f)
			break;
		f->ev.u.ratio.acute_from = r->days[i - 6].day;
		f->ev.u.ratio.chronic_from = r->days[i - 34].day;
		f->ev.u.ratio.acute = (double)acute;
		f->ev.u.ratio.chronic_week = (double)sum28 / 4.0;
		f->ev.u.ratio.uncoupled = f->ev.u.ratio.ewma = NAN;
		f->ev.u.ratio.calf_coupled = f->ev.u.ratio.calf_ewma = NAN;
	}
	free(soft);
}

/* ---- pain ---- */

/*
 * A pain entry at or above pain_alert_severity, or above the entry before
 * it (within 28 days), is an alert on its day; a hard run (long, hilly or
 * fast, as back_to_back judges) within pain_hard_days after an entry with
 * any pain is a warning on the run's day, and so is a run within 28 days
 * after an entry longer than its km_at_onset.  Each level is raised once
 * per episode: not again within episode_gap_days of the last flag at it,
 * except an alert for pain worse than the last alert's (the active alert
 * would understate it).
 */
static void rule_pain(struct ctx *c)
{
	const struct athlete_result *r = c->r;
	int sev_t = (int)P(c, RP_PAIN_SEVERITY), within = (int)P(c, RP_PAIN_HARD_DAYS);
	int gap = (int)P(c, RP_EPISODE_GAP_DAYS);
	int64_t last_alert = INT32_MIN, last_warn = INT32_MIN;
	int last_alert_sev = -1;
	size_t i, k = 0;

	for (i = 0; i < r->npain; i++) {
		const struct rr_pain *e = &r->pain[i].entry;
		const struct rr_pain *prev = i ? &r->pain[i - 1].entry : NULL;
		struct flag *f;
		bool rising = prev && prev->severity >= 0 && e->severity > prev->severity &&
			      e->day - prev->day <= 28;

		if (e->severity < 0)
			continue;
		if ((e->severity >= sev_t || rising) &&
		    (e->day - last_alert > gap || e->severity > last_alert_sev)) {
			last_alert = e->day;
			last_alert_sev = e->severity;
			f = flag_add(c, e->day, RULE_PAIN, FLAG_ALERT, e->severity, sev_t,
				     e->severity >= sev_t ? EVK_PAIN_SEVERE : EVK_PAIN_RISING);
			if (!f)
				return;
			f->ev.u.pain.day = e->day;
			f->ev.u.pain.severity = e->severity;
			f->ev.u.pain.threshold = sev_t;
			f->ev.u.pain.prev_day = rising ? prev->day : RR_NO_DAY;
			f->ev.u.pain.prev_severity = rising ? prev->severity : -1;
		}
		while (k < r->nruns && r->runs[k].local_day <= e->day)
			k++;
		if (isfinite(e->km_at_onset) && e->km_at_onset > 0) {
			size_t j;

			for (j = k; j < r->nruns && r->runs[j].local_day <= e->day + 28; j++) {
				const struct run_entry *run = &r->runs[j];

				if (!(llround(val_or0(run->s.distance_m)) >
				      llround(e->km_at_onset * 1000.0)) ||
				    run->local_day - last_warn <= gap)
					continue;
				last_warn = run->local_day;
				f = flag_add(c, run->local_day, RULE_PAIN, FLAG_WARN,
					     run->s.distance_m / 1000.0, e->km_at_onset,
					     EVK_PAIN_ONSET);
				if (!f)
					return;
				f->ev.u.pain.day = e->day;
				f->ev.u.pain.severity = e->severity;
				f->ev.u.pain.threshold = sev_t;
				f->ev.u.pain.prev_day = RR_NO_DAY;
				f->ev.u.pain.run_day = run->local_day;
				f->ev.u.pain.distance_m = run->s.distance_m;
				f->ev.u.pain.km_at_onset = e->km_at_onset;
			}
		}
		if (e->severity == 0)
			continue;
		{
			size_t j;

			for (j = k; j < r->nruns && r->runs[j].local_day <= e->day + within; j++) {
				double mean;
				unsigned why = run_hardness(c, j, &mean);
				const struct run_entry *run = &r->runs[j];

				if (!why)
					continue;
				if (run->local_day - last_warn <= gap)
					break;
				last_warn = run->local_day;
				f = flag_add(c, run->local_day, RULE_PAIN, FLAG_WARN,
					     (double)(run->local_day - e->day), within,
					     EVK_PAIN_HARD);
				if (!f)
					return;
				f->ev.u.pain.day = e->day;
				f->ev.u.pain.severity = e->severity;
				f->ev.u.pain.threshold = sev_t;
				f->ev.u.pain.prev_day = RR_NO_DAY;
				f->ev.u.pain.run_day = run->local_day;
				f->ev.u.pain.why = why;
				f->ev.u.pain.distance_m = run->s.distance_m;
				f->ev.u.pain.ascent_m = run->s.ascent_m;
				f->ev.u.pain.fast_s = run->s.fast_s;
				hilly_of(&f->ev.u.pain.hilly, run);
				f->ev.u.pain.within_days = within;
				break;	/* one per entry */
			}
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
			struct flag *f;

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
			f = flag_add(c, run->local_day, RULE_SHOE_MILEAGE, (enum flag_level)lvl,
				     km, thr, EVK_SHOE_KM);
			if (!f)
				return;
			f->ev.u.shoe.shoe = (int)s;
			f->ev.u.shoe.km = km;
			f->ev.u.shoe.start_km = val_or0(sh->start_km);
			f->ev.u.shoe.runs_km = km - val_or0(sh->start_km);
			f->ev.u.shoe.runs = runs;
			f->ev.u.shoe.since = r->shoes[s].first_day;
			f->ev.u.shoe.retire_km = alert_km;
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
			struct flag *f;

			if (q->shoe != (int)s || q->local_day > d0 + window - 1)
				continue;
			km += val_or0(q->s.distance_m) / 1000.0;
			if (km < P(c, RP_DROP_MIN_KM))
				continue;
			/* dated on the switch; known once the volume is there */
			f = flag_add(c, d0, RULE_SHOE_DROP_CHANGE, FLAG_WARN,
				     cfg->shoes[prev].heel_drop_mm - drop, P(c, RP_DROP_MM),
				     EVK_SHOE_DROP);
			if (!f)
				return;
			f->ev.u.drop.shoe = (int)s;
			f->ev.u.drop.prev_shoe = (int)prev;
			f->ev.u.drop.drop_mm = drop;
			f->ev.u.drop.prev_drop_mm = cfg->shoes[prev].heel_drop_mm;
			f->ev.u.drop.prev_km = prev_km[prev];
			f->ev.u.drop.km = km;
			f->ev.u.drop.reached_day = q->local_day;
			f->ev.u.drop.window_days = window;
			break;
		}
	}
}

/* ---- after the rules: order, level, and the flags before each pain entry ---- */

static int cmp_flag(const void *a, const void *b)
{
	const struct flag *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	return (int)x->rule - (int)y->rule;
}

/* The first of r->flags (sorted by day) on or after day. */
static size_t flag_lower(const struct athlete_result *r, int64_t day)
{
	size_t lo = 0, hi = r->nflags;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->flags[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Each pain entry lists the flags of the 14 days up to and including its
 * day, in flag order.  The flags are sorted by day, so each entry's window
 * is found by binary search: a diary of 100 000 entries costs n log n, not
 * entries x flags.
 */
static void pain_preceding(struct athlete_result *r)
{
	size_t i, k, hi;

	for (i = 0; i < r->npain; i++) {
		struct pain_row *row = &r->pain[i];
		int64_t d = row->entry.day;

		row->npreceding = 0;
		row->more = false;
		hi = flag_lower(r, d + 1);
		for (k = flag_lower(r, d - 14); k < hi; k++) {
			struct pain_flag *p;

			if (row->npreceding == PAIN_FLAGS_MAX) {
				row->more = true;
				break;
			}
			p = &row->preceding[row->npreceding++];
			p->rule = r->flags[k].rule;
			p->level = r->flags[k].level;
			p->day = r->flags[k].day;
		}
	}
}

/* weeks.csv's weekly_jump_flag: a weekly_jump flag falls in the week. */
static void weeks_mark_jumps(struct athlete_result *r)
{
	size_t i;

	for (i = 0; i < r->nweeks; i++)
		r->weeks[i].jump_flag = false;
	for (i = 0; i < r->nflags; i++)
		if (r->flags[i].rule == RULE_WEEKLY_JUMP && r->nweeks &&
		    r->flags[i].day >= r->first_day && r->flags[i].day <= r->last_day)
			r->weeks[week_index(r, r->flags[i].day)].jump_flag = true;
}

void rules_keep_since(struct athlete_result *r, int32_t since)
{
	size_t i, n = 0;

	if (since == RR_NO_DAY)
		return;
	for (i = 0; i < r->nflags; i++)
		if (r->flags[i].day >= since)
			r->flags[n++] = r->flags[i];
	r->nflags = n;
	weeks_mark_jumps(r);
}

int rules_apply(struct athlete_result *r, const struct rr_athlete *cfg)
{
	struct rr_athlete none;
	struct ctx c;
	size_t i;

	if (!cfg) {
		rr_athlete_init(&none);
		cfg = &none;
	}
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.cfg = cfg;
	c.p = &r->params;
	c.cap = r->nflags;
	if (returns_find(&c))
		return -1;
	if (r->nruns) {
		rule_long_run_spike(&c);
		rule_hill_block(&c);	/* before climb_spike, which defers to it */
		rule_quantity_spike(&c, RULE_CLIMB_SPIKE);
		rule_quantity_spike(&c, RULE_SPEED_SPIKE);
		rule_quantity_spike(&c, RULE_LATE_CLIMB_SPIKE);
		rule_weekly_jump(&c);
		rule_acwr(&c);
		rule_monotony(&c);
		rule_back_to_back(&c);
		rule_layoff_return(&c);
		rule_breakdown_cycle(&c);
		rule_speed_week(&c);
		rule_soft_surface(&c);
		rule_pain(&c);
		rule_shoe_mileage(&c);
		rule_shoe_drop_change(&c);
	}
	if (c.oom)
		return -1;
	if (r->nflags)
		qsort(r->flags, r->nflags, sizeof(*r->flags), cmp_flag);
	r->top_level = 0;
	for (i = 0; i < r->nflags; i++)
		if (flag_is_active(r, &r->flags[i]) && r->flags[i].level > r->top_level)
			r->top_level = r->flags[i].level;
	pain_preceding(r);
	weeks_mark_jumps(r);
	return 0;
}
