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
 */
static bool cap_of(const struct athlete_result *r, const struct flag *f,
		   enum plan_limit limit, double *base, double *ratio)
{
	const struct flag_evidence *e = &f->ev;

	switch (e->kind) {
	case EVK_ACWR:
		if (limit != PLAN_KM)
			return false;
		/* 7 days that keep the ratio at the warn level */
		*base = e->u.ratio.chronic_week;
		*ratio = PV(r, RP_ACWR_WARN);
		return true;
	case EVK_WEEK_JUMP:
		if (limit != PLAN_KM)
			return false;
		*base = e->u.week.prev_m;
		*ratio = 1 + PV(r, RP_WEEK_NOTE);
		return true;
	case EVK_SPIKE_DISTANCE:
		if (limit != PLAN_LONGEST)
			return false;
		*base = e->u.spike.ref;
		*ratio = 1 + PV(r, RP_LONG_WARN);
		return true;
	case EVK_LAYOFF_LONG:
	case EVK_LAYOFF_HILLY:
	case EVK_LAYOFF_FAST:
	case EVK_LAYOFF_WEEK:
		if (!e->u.layoff.pre_runs || !(e->u.layoff.pre_total_m > 0))
			return false;
		/* the return phase's first-week limits: the break's factor x the level before */
		if (limit == PLAN_KM) {
			/* the weekly mean of the 28 days before the break */
			*base = e->u.layoff.pre_total_m / 4;
			*ratio = e->u.layoff.factor;
			return true;
		}
		if (limit == PLAN_LONGEST) {
			*base = e->u.layoff.pre_total_m / e->u.layoff.pre_runs;
			*ratio = e->u.layoff.factor;
			return true;
		}
		return false;
	default:
		return false;
	}
}

static void cap_take(struct plan_cap *c, double base, double ratio, struct plan_src src)
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
	c->src = src;
}

/*
 * The status follows the return phase of the rules (returns_find() in
 * rules.c): the ACWR sentence and the status then say the same day of the
 * same return, even past its first 28 days.
 */
static void plan_return(struct week_plan *p, const struct athlete_result *r)
{
	if (r->returning_day <= 0)
		return;
	p->returning = true;
	p->return_day = r->returning_day;
	p->break_days = r->returning_gap_days;
	p->back_day = r->last_day - (r->returning_day - 1);
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
	if (last->severity == 0)
		return;
	/* the episode: entries with pain, each within episode_gap_days of the next */
	for (i = k; i > 0; i--) {
		const struct rr_pain *a = &r->pain[i - 1].entry;

		if (a->severity == 0 || r->pain[i].entry.day - a->day > gap)
			break;
	}
	p->pain_days = (int)(last->day - r->pain[i].entry.day) + 1;
	p->see_professional = p->pain_days > PLAN_PAIN_PRO_DAYS;
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
		size_t k;

		if (!flag_is_active(r, f))
			continue;
		if (f->level > p->level)
			p->level = f->level;
		if ((lim & (1u << PLAN_KM)) && cap_of(r, f, PLAN_KM, &base, &ratio))
			cap_take(&p->km7, base, ratio, src);
		if ((lim & (1u << PLAN_LONGEST)) && cap_of(r, f, PLAN_LONGEST, &base, &ratio))
			cap_take(&p->longest, base, ratio, src);
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

		if (p->hills_ok) {
			p->hills_ok = false;
			p->hills_src = src;
		}
		if (p->speed_ok) {
			p->speed_ok = false;
			p->speed_src = src;
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
