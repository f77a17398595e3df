/*
 * plan.c - the next 7 days from every active flag together: see plan.h.
 * Each rule's evidence gives the cap it asks for (what the rule itself
 * would let pass); the plan keeps the strictest.
 */
#include "analysis/plan.h"

#include <math.h>
#include <string.h>

#include "core/timeutil.h"

#define PV(r, k) ((r)->params.v[(k)])

/* The flag that is more urgent: higher level, then the later day. */
static bool src_more_urgent(const struct athlete_result *r, size_t i, struct plan_src cur)
{
	const struct flag *a = &r->flags[i], *b;

	if (cur.kind != PLAN_SRC_FLAG)
		return cur.kind == PLAN_SRC_NONE;
	b = &r->flags[cur.index];
	return a->level != b->level ? a->level > b->level : a->day > b->day;
}

/*
 * The cap a flag asks for on limit (PLAN_KM: m in 7 days, PLAN_LONGEST: m
 * in one run), as base x ratio; false when its evidence holds no number.
 * layoff_return gives none here: the return phase's own limits do, for the
 * whole phase (plan_return_caps()).
 */
static bool cap_of(const struct athlete_result *r, const struct flag *f,
		   enum plan_limit limit, double *base, double *ratio, enum plan_base *kind)
{
	const struct flag_evidence *e = &f->ev;

	switch (e->kind) {
	case EVK_ACWR:
		if (limit != PLAN_KM)
			return false;
		/* 7 days that keep the ratio at the warn level */
		*base = e->u.ratio.chronic_week;
		*ratio = PV(r, RP_ACWR_WARN);
		*kind = PLAN_BASE_CHRONIC_WEEK;
		return true;
	case EVK_WEEK_JUMP:
		if (limit != PLAN_KM)
			return false;
		*base = e->u.week.prev_m;
		*ratio = 1 + PV(r, RP_WEEK_NOTE);
		*kind = PLAN_BASE_WEEK_BEFORE;
		return true;
	case EVK_SPIKE_DISTANCE:
		if (limit != PLAN_LONGEST)
			return false;
		*base = e->u.spike.ref;
		*ratio = 1 + PV(r, RP_LONG_WARN);
		*kind = PLAN_BASE_LONGEST_BEFORE;
		return true;
	default:
		return false;
	}
}

static void cap_take(struct plan_cap *c, double base, double ratio, enum plan_base kind,
		     int return_week, struct plan_src src)
{
	double v = base * ratio;

	if (!isfinite(v) || v <= 0)
		return;
	/* the strictest; on a tie the first (most urgent) source stays */
	if (c->set && !(v < c->value_m))
		return;
	c->set = true;
	c->value_m = v;
	c->base_m = base;
	c->ratio = ratio;
	c->base = kind;
	c->return_week = return_week;
	c->src = src;
}

/* The return phase last_day lies in (rules_apply found the phases). */
static void plan_return(struct week_plan *p, const struct athlete_result *r)
{
	const struct return_phase *ph = return_phase_at(r, r->last_day);
	size_t k;

	if (!ph)
		return;
	p->returning = true;
	p->return_phase = (size_t)(ph - r->returns);
	p->back_day = ph->back_day;
	p->break_days = ph->gap_days;
	p->return_day = (int)(r->last_day - ph->back_day) + 1;
	for (k = 0; k < r->nruns; k++)
		if (r->runs[k].local_day >= ph->back_day)
			p->return_runs++;
}

/* No hills and no speed work, for src, unless a reason is already given. */
static void bar_hills_speed(struct week_plan *p, struct plan_src src)
{
	if (p->hills_ok) {
		p->hills_ok = false;
		p->hills_src = src;
	}
	if (p->speed_ok) {
		p->speed_ok = false;
		p->speed_src = src;
	}
}

/* The factor and growth a return cap is the product of (1 x 1 at the ceiling). */
static void return_terms(struct plan_cap *c, double factor, double grow)
{
	if (!c->set || c->src.kind != PLAN_SRC_RETURN)
		return;
	c->factor = c->ratio < 1 ? factor : 1;
	c->growth = c->ratio < 1 ? grow : 1;
}

/*
 * The return phase's limits for the return week the 7 days start in (the
 * lower of the two return weeks they overlap): each run at most factor x
 * the mean run before the break x (1 + return_growth)^week, never above the
 * longest run before it; the 7 days at most factor x the weekly mean before
 * the break x (1 + return_growth)^week, never above that mean; and no hills
 * or speed while fewer than return_easy_runs runs are done.  The same
 * numbers rules.c judges the runs of the phase by (doc/rules.md).
 */
static void plan_return_caps(struct week_plan *p, const struct athlete_result *r)
{
	const struct return_phase *ph;
	struct plan_src src = { PLAN_SRC_RETURN, 0 };
	int w;
	double g = PV(r, RP_RETURN_GROWTH), grow, run_ratio, week_ratio, since_m = 0, used_m = 0;
	int32_t week_end;
	size_t k;

	if (!p->returning)
		return;
	src.index = p->return_phase;
	ph = &r->returns[p->return_phase];
	/* without two runs before the break there is nothing to scale from: no limits */
	if (!isfinite(ph->first_limit_m) || ph->pre_runs == 0)
		return;
	w = (int)(p->from - ph->back_day) / 7;
	grow = pow(1.0 + g, w);
	run_ratio = ph->factor * grow;
	if (ph->pre_mean_m * run_ratio > ph->pre_longest_m)
		cap_take(&p->longest, ph->pre_longest_m, 1.0, PLAN_BASE_RETURN_LONGEST, w, src);
	else
		cap_take(&p->longest, ph->pre_mean_m, run_ratio, PLAN_BASE_RETURN_RUN, w, src);
	/*
	 * and no run more than return_growth over the longest since the
	 * return, never below the first run's limit (rules.c return_run_limit)
	 */
	week_end = ph->back_day + 7 * (w + 1) - 1;
	for (k = 0; k < r->nruns; k++) {
		const struct run_entry *q = &r->runs[k];

		if (q->local_day < ph->back_day || q->local_day > r->last_day ||
		    !isfinite(q->s.distance_m))
			continue;
		if (q->s.distance_m > since_m)
			since_m = q->s.distance_m;
		if (q->local_day >= ph->back_day + 7 * w)
			used_m += q->s.distance_m;
	}
	if (since_m > 0) {
		if (since_m * (1.0 + g) > ph->first_limit_m)
			cap_take(&p->longest, since_m, 1.0 + g, PLAN_BASE_RETURN_SINCE, w, src);
		else
			cap_take(&p->longest, ph->first_limit_m, 1.0, PLAN_BASE_RETURN_FIRST, w, src);
	}
	week_ratio = ph->factor * grow;
	if (week_ratio > 1)
		week_ratio = 1;
	if (used_m <= 0) {
		cap_take(&p->km7, ph->pre_total_m / 4.0, week_ratio, PLAN_BASE_RETURN_WEEK, w, src);
	} else {
		/*
		 * The rule sums each return week (7 days from back_day): what is
		 * left of the week in progress, and the next week's limit pro rata
		 * for its days among the plan's 7, so neither week can pass its own.
		 */
		double week_m = ph->pre_total_m / 4.0 * week_ratio;
		double next_ratio = ph->factor * grow * (1.0 + g);
		double next_m = ph->pre_total_m / 4.0 * (next_ratio > 1 ? 1 : next_ratio);
		int next_days = (int)(p->until - week_end);
		double left = week_m - used_m;
		double v;

		if (left < 0)
			left = 0;
		if (next_days < 0)
			next_days = 0;
		v = left + next_m * next_days / 7.0;
		if (!p->km7.set || v < p->km7.value_m) {
			p->km7.set = true;
			p->km7.value_m = v;
			p->km7.base_m = v;
			p->km7.ratio = 1.0;
			p->km7.base = PLAN_BASE_RETURN_WEEK_LEFT;
			p->km7.return_week = w;
			p->km7.src = src;
			p->km7.week_m = week_m;
			p->km7.used_m = used_m;
			p->km7.week_end = week_end;
			p->km7.next_m = next_m;
			p->km7.next_days = next_days;
		}
	}
	return_terms(&p->longest, ph->factor, grow);
	return_terms(&p->km7, ph->factor, grow);
	if (p->return_runs < (unsigned)PV(r, RP_RETURN_EASY_RUNS))
		bar_hills_speed(p, src);
}

/*
 * The pain cap (plan.h): with recent pain at or above PLAN_PAIN_SEVERITY, no
 * run longer than PLAN_PAIN_ONSET_RATIO x the km at onset of the episode's
 * latest entry that gives one, else the shortest run of the
 * PLAN_PAIN_FREE_DAYS days before the episode began.  Heuristic.
 */
static void plan_pain_cap(struct week_plan *p, const struct athlete_result *r)
{
	struct plan_src src = { PLAN_SRC_PAIN, 0 };
	int32_t start, from;
	double shortest = NAN;
	size_t i;

	for (i = p->pain_latest + 1; i-- > p->pain_first;) {
		double km = r->pain[i].entry.km_at_onset;

		if (isfinite(km) && km > 0) {
			src.index = i;
			cap_take(&p->longest, km * 1000.0, PLAN_PAIN_ONSET_RATIO,
				 PLAN_BASE_PAIN_ONSET, 0, src);
			return;
		}
	}
	start = r->pain[p->pain_first].entry.day;
	from = start - PLAN_PAIN_FREE_DAYS;
	for (i = 0; i < r->nruns; i++) {
		double d = r->runs[i].s.distance_m;

		if (r->runs[i].local_day < from || r->runs[i].local_day >= start ||
		    !isfinite(d) || d <= 0)
			continue;
		if (!isfinite(shortest) || d < shortest)
			shortest = d;
	}
	src.index = p->pain_first;
	if (isfinite(shortest))
		cap_take(&p->longest, shortest, 1.0, PLAN_BASE_PAIN_FREE, 0, src);
}

static void plan_pain(struct week_plan *p, const struct athlete_result *r)
{
	size_t i, k;
	int gap = (int)PV(r, RP_EPISODE_GAP_DAYS);
	const struct rr_pain *last;

	if (!r->npain)
		return;
	p->pain = true;
	k = r->npain - 1;
	p->pain_latest = k;
	last = &r->pain[k].entry;
	if (k > 0 && last->severity >= 0 && r->pain[k - 1].entry.severity >= 0)
		p->pain_trend = (last->severity > r->pain[k - 1].entry.severity) -
				(last->severity < r->pain[k - 1].entry.severity);
	p->pain_recent = r->last_day != RR_NO_DAY && last->day > r->last_day - 7;
	p->pain_first = k;
	if (last->severity == 0)
		return;
	/* the episode: entries with pain, each within episode_gap_days of the next */
	for (i = k; i > 0; i--) {
		const struct rr_pain *a = &r->pain[i - 1].entry;

		if (a->severity == 0 || r->pain[i].entry.day - a->day > gap)
			break;
	}
	p->pain_first = i;
	p->pain_days = (int)(last->day - r->pain[i].entry.day) + 1;
	p->see_professional = p->pain_days > PLAN_PAIN_PRO_DAYS;
}

/*
 * Outside a return with limits, with nothing stricter: the single-run rule
 * itself (long_run_spike, the primary volume rule).  A run on day D is
 * judged against the longest of the runs of D - window .. D, so the
 * plan's last day has the fewest runs behind it: its window, the tightest,
 * is the one stated (a run up to that cap on any of the 7 days is no spike
 * warning).  A return without limits is judged by long_run_spike too.
 */
static void plan_spike_rule(struct week_plan *p, const struct athlete_result *r)
{
	struct plan_src src = { PLAN_SRC_SPIKE_RULE, 0 };
	int32_t from = p->until - (int32_t)PV(r, RP_LONG_WINDOW_DAYS);
	double longest = 0;
	size_t i;

	/* a return with limits owns its runs, up to its last day */
	if (p->returning && isfinite(r->returns[p->return_phase].first_limit_m) &&
	    r->returns[p->return_phase].end_day >= p->until)
		return;
	for (i = 0; i < r->nruns; i++) {
		double d = r->runs[i].s.distance_m;

		if (r->runs[i].local_day >= from && r->runs[i].local_day <= r->last_day &&
		    isfinite(d) && d > longest)
			longest = d;
	}
	if (longest > 0 && (!p->longest.set || longest * (1.0 + PV(r, RP_LONG_WARN)) <
						p->longest.value_m)) {
		cap_take(&p->longest, longest, 1.0 + PV(r, RP_LONG_WARN),
			 PLAN_BASE_LONGEST_WINDOW, 0, src);
		p->longest.since_day = from;
	}
}

void plan_compute(struct week_plan *p, const struct athlete_result *r)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->hills_ok = p->speed_ok = true;
	p->from = p->until = RR_NO_DAY;
	if (r->last_day == RR_NO_DAY)
		return;
	p->from = r->last_day + 1;
	p->until = r->last_day + 7;
	plan_return(p, r);
	plan_pain(p, r);

	for (i = 0; i < r->nflags; i++) {
		const struct flag *f = &r->flags[i];
		unsigned lim = rule_plan_limits(f->rule);
		struct plan_src src = { PLAN_SRC_FLAG, i };
		double base, ratio;
		enum plan_base kind;
		size_t k;

		if (!flag_is_active(r, f))
			continue;
		if (f->level > p->level)
			p->level = f->level;
		if ((lim & (1u << PLAN_KM)) && cap_of(r, f, PLAN_KM, &base, &ratio, &kind))
			cap_take(&p->km7, base, ratio, kind, 0, src);
		if ((lim & (1u << PLAN_LONGEST)) && cap_of(r, f, PLAN_LONGEST, &base, &ratio, &kind))
			cap_take(&p->longest, base, ratio, kind, 0, src);
		if ((lim & (1u << PLAN_HILLS)) && (p->hills_ok || src_more_urgent(r, i, p->hills_src))) {
			p->hills_ok = false;
			p->hills_src = src;
		}
		if ((lim & (1u << PLAN_SPEED)) && (p->speed_ok || src_more_urgent(r, i, p->speed_src))) {
			p->speed_ok = false;
			p->speed_src = src;
		}
		if ((lim & (1u << PLAN_SHOE)) && f->ev.kind == EVK_SHOE_KM) {
			for (k = 0; k < p->nshoes && p->shoes[k] != f->ev.u.shoe.shoe; k++)
				;
			if (k == p->nshoes && k < PLAN_SHOES_MAX) {
				p->shoes[k] = f->ev.u.shoe.shoe;
				p->shoe_src[k] = src;
				p->nshoes++;
			} else if (k < p->nshoes && src_more_urgent(r, i, p->shoe_src[k])) {
				p->shoe_src[k] = src;
			}
		}
	}
	/* recent pain at or above PLAN_PAIN_SEVERITY: no hills, no speed */
	if (p->pain && p->pain_recent &&
	    r->pain[p->pain_latest].entry.severity >= PLAN_PAIN_SEVERITY) {
		struct plan_src src = { PLAN_SRC_PAIN, p->pain_latest };

		bar_hills_speed(p, src);
		plan_pain_cap(p, r);
	}
	plan_return_caps(p, r);
	plan_spike_rule(p, r);
	/* one story: no single run above the whole 7 days' cap */
	if (p->km7.set && p->longest.set && p->longest.value_m > p->km7.value_m) {
		p->longest = p->km7;
		p->longest.base_m = p->km7.value_m;
		p->longest.ratio = 1.0;
		p->longest.base = PLAN_BASE_KM7;
	}
	/* nor, before the return week in progress ends, above what is left of it */
	if (p->km7.set && p->km7.base == PLAN_BASE_RETURN_WEEK_LEFT && p->km7.next_days > 0) {
		double left = p->km7.week_m - p->km7.used_m;

		if (left < 0)
			left = 0;
		if (!p->longest.set || left < p->longest.value_m) {
			p->early = true;
			p->early_m = left;
			p->early_until = p->km7.week_end;
		}
	}
}

int days_without_data(const struct athlete_result *r, int32_t ref_day)
{
	if (r->last_day == RR_NO_DAY || ref_day == RR_NO_DAY || ref_day < r->last_day)
		return r->last_day == RR_NO_DAY ? -1 : 0;
	return (int)(ref_day - r->last_day);
}

bool athlete_is_stale(const struct athlete_result *r, int32_t ref_day)
{
	return r->last_day == RR_NO_DAY || days_without_data(r, ref_day) > PLAN_STALE_DAYS;
}
