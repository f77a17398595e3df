#include "analysis/timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/assemble.h"
#include "analysis/rule_table.h"
#include "analysis/surface.h"
#include "core/alloc.h"
#include "core/timeutil.h"
#include "core/tz.h"

bool shoe_is_retired(const struct athlete_result *r, const struct shoe_row *s)
{
	return s->retire_day != RR_NO_DAY && r->last_day != RR_NO_DAY &&
	       s->retire_day <= r->last_day;
}

bool flag_is_active(const struct athlete_result *r, const struct flag *f)
{
	if (r->last_day == RR_NO_DAY || f->day > r->last_day)
		return false;
	if (f->day > r->last_day - 7)
		return true;
	/* a worn shoe is a risk for as long as it is run in */
	if (f->rule == RULE_SHOE_MILEAGE && f->level == FLAG_ALERT &&
	    f->ev.kind == EVK_SHOE_KM && f->ev.u.shoe.shoe >= 0 &&
	    (size_t)f->ev.u.shoe.shoe < r->nshoes)
		return r->shoes[f->ev.u.shoe.shoe].last_day != RR_NO_DAY &&
		       r->shoes[f->ev.u.shoe.shoe].last_day > r->last_day - 7;
	return false;
}

const struct return_phase *return_phase_at(const struct athlete_result *r, int32_t day)
{
	size_t i;

	for (i = 0; i < r->nreturns; i++)
		if (day >= r->returns[i].back_day && day <= r->returns[i].end_day)
			return &r->returns[i];
	return NULL;
}

bool day_is_returning(const struct athlete_result *r, int32_t day)
{
	return return_phase_at(r, day) != NULL;
}

void athlete_result_release(struct athlete_result *r)
{
	if (!r)
		return;
	free(r->runs);
	free(r->days);
	free(r->flags);
	free(r->shoes);
	free(r->pain);
	free(r->weeks);
	free(r->longest_before_m);
	free(r->returns);
	memset(r, 0, sizeof(*r));
	r->first_day = r->last_day = RR_NO_DAY;
}

/* ---- runs ---- */

static int cmp_run(const void *a, const void *b)
{
	const struct run_entry *x = a, *y = b;
	int c;

	if (x->s.start_t_s != y->s.start_t_s)
		return x->s.start_t_s < y->s.start_t_s ? -1 : 1;
	c = strcmp(x->file, y->file);
	if (c)
		return c;
	return (x->s.activity_index > y->s.activity_index) -
	       (x->s.activity_index < y->s.activity_index);
}

/* ---- daily series ---- */

static void day_init(struct day_row *d, int32_t day)
{
	memset(d, 0, sizeof(*d));
	d->day = day;
	d->acute7_m = d->chronic28_m = NAN;
	d->acwr_coupled = d->acwr_uncoupled = d->acwr_ewma = d->acwr_calf_ewma = NAN;
	d->monotony = d->strain = NAN;
	d->ramp7 = NAN;
}

/* Rolling 7/28-day sums and the coupled and uncoupled ratios, on distance. */
static void days_rolling(struct athlete_result *r)
{
	double s7 = 0, s28 = 0;
	size_t i;

	for (i = 0; i < r->ndays; i++) {
		struct day_row *d = &r->days[i];
		double s21;

		s7 += d->distance_m;
		s28 += d->distance_m;
		if (i >= 7)
			s7 -= r->days[i - 7].distance_m;
		if (i >= 28)
			s28 -= r->days[i - 28].distance_m;
		if (i >= 6)
			d->acute7_m = s7;
		if (i < 27)
			continue;
		/* chronic28_m is the 28-day weekly mean, so acute7/chronic28 is coupled */
		d->chronic28_m = s28 / 4.0;
		s21 = s28 - s7;
		d->acwr_coupled = d->chronic28_m > 0 ? s7 / d->chronic28_m : NAN;
		d->acwr_uncoupled = s21 > 0 ? s7 / (s21 / 3.0) : NAN;
	}
}

/*
 * EWMA acute:chronic ratio (Williams 2017): lambda = 2 / (N + 1), N = 7 and
 * 28.  Seed: both averages start at the mean daily load of the first 28
 * days of the timeline, and are updated from day 0; the ratio is reported
 * from day 27 on, when the seed holds no future data.
 */
static void days_ewma(struct athlete_result *r, double (*get)(const struct day_row *),
		      void (*set)(struct day_row *, double))
{
	const double la = 2.0 / (7 + 1), lc = 2.0 / (28 + 1);
	double seed = 0, a, c;
	size_t i;

	if (r->ndays < 28)
		return;
	for (i = 0; i < 28; i++)
		seed += get(&r->days[i]);
	a = c = seed / 28.0;
	for (i = 0; i < r->ndays; i++) {
		double x = get(&r->days[i]);

		a = la * x + (1 - la) * a;
		c = lc * x + (1 - lc) * c;
		if (i >= 27)
			set(&r->days[i], c > 0 ? a / c : NAN);
	}
}

static double get_dist(const struct day_row *d) { return d->distance_m; }
static double get_calf(const struct day_row *d) { return d->calf_load; }
static void set_ewma(struct day_row *d, double v) { d->acwr_ewma = v; }
static void set_calf_ewma(struct day_row *d, double v) { d->acwr_calf_ewma = v; }

/*
 * Foster monotony over the 7 days ending on each day: mean / population SD
 * of daily km.  The SD is floored at a tenth of the mean, so seven equal
 * days give 10 rather than a division by zero.  Strain = weekly km x
 * monotony.  NAN for the first 6 days and for weeks without running.
 */
static void days_monotony(struct athlete_result *r)
{
	size_t i, k;

	for (i = 6; i < r->ndays; i++) {
		double sum = 0, mean, var = 0, sd;

		for (k = i - 6; k <= i; k++)
			sum += r->days[k].distance_m / 1000.0;
		mean = sum / 7.0;
		if (mean <= 0)
			continue;
		for (k = i - 6; k <= i; k++) {
			double dv = r->days[k].distance_m / 1000.0 - mean;

			var += dv * dv;
		}
		sd = sqrt(var / 7.0);
		if (sd < mean / 10.0)
			sd = mean / 10.0;
		r->days[i].monotony = mean / sd;
		r->days[i].strain = sum * r->days[i].monotony;
	}
}

/*
 * Fitness (CTL) and fatigue (ATL): exponentially weighted daily km with
 * update factor 1 - e^(-1/tau), starting from 0 the day before the
 * timeline.  Form (TSB) is yesterday's CTL - ATL: the form you start the
 * day with, before its run.  ramp7 = CTL change over the last 7 days.
 */
static void days_fitness(struct athlete_result *r, double ctl_days, double atl_days)
{
	const double kc = 1 - exp(-1.0 / ctl_days), ka = 1 - exp(-1.0 / atl_days);
	double ctl = 0, atl = 0;
	size_t i;

	for (i = 0; i < r->ndays; i++) {
		struct day_row *d = &r->days[i];
		double km = d->distance_m / 1000.0;

		d->tsb = ctl - atl;
		ctl += (km - ctl) * kc;
		atl += (km - atl) * ka;
		d->ctl = ctl;
		d->atl = atl;
		if (i >= 7)
			d->ramp7 = ctl - r->days[i - 7].ctl;
	}
}

static int build_days(struct athlete_result *r)
{
	size_t i, n;

	n = (size_t)((int64_t)r->last_day - r->first_day + 1);
	r->days = rr_alloc_array(n, sizeof(*r->days));
	if (!r->days)
		return -1;
	r->ndays = n;
	for (i = 0; i < n; i++)
		day_init(&r->days[i], r->first_day + (int32_t)i);
	/* Unknown quantities add nothing: a day's sums are over known values. */
	for (i = 0; i < r->nruns; i++) {
		const struct run_summary *s = &r->runs[i].s;
		struct day_row *d = &r->days[r->runs[i].local_day - r->first_day];

		d->runs++;
		if (isfinite(s->distance_m))
			d->distance_m += s->distance_m;
		if (isfinite(s->ascent_m))
			d->ascent_m += s->ascent_m;
		if (isfinite(s->fast_s))
			d->fast_s += s->fast_s;
		if (isfinite(s->calf_load))
			d->calf_load += s->calf_load;
	}
	return 0;
}

static int build_shoes(struct athlete_result *r, const struct rr_athlete *cfg,
		       const struct rule_params *p)
{
	size_t i;

	if (!cfg->nshoes)
		return 0;
	r->shoes = rr_alloc_array(cfg->nshoes, sizeof(*r->shoes));
	if (!r->shoes)
		return -1;
	r->nshoes = cfg->nshoes;
	for (i = 0; i < cfg->nshoes; i++) {
		struct shoe_row *row = &r->shoes[i];
		const struct rr_shoe *s = &cfg->shoes[i];

		snprintf(row->name, sizeof(row->name), "%s", s->name);
		row->km = isfinite(s->start_km) ? s->start_km : 0;
		row->retire_at_km = isfinite(s->retire_at_km) ? s->retire_at_km :
								p->v[RP_SHOE_ALERT_KM];
		row->heel_drop_mm = s->heel_drop_mm;
		row->first_day = row->last_day = RR_NO_DAY;
		row->retire_day = s->retire_day;
	}
	for (i = 0; i < r->nruns; i++) {
		const struct run_entry *e = &r->runs[i];
		struct shoe_row *row;

		if (e->shoe < 0)
			continue;
		row = &r->shoes[e->shoe];
		if (isfinite(e->s.distance_m))
			row->km += e->s.distance_m / 1000.0;
		row->runs++;
		if (row->first_day == RR_NO_DAY)
			row->first_day = e->local_day;
		row->last_day = e->local_day;
	}
	/* a shoe retired by the last day of data has no km left to show */
	for (i = 0; i < r->nshoes; i++)
		r->shoes[i].left_km = shoe_is_retired(r, &r->shoes[i]) ? NAN :
				      r->shoes[i].retire_at_km - r->shoes[i].km;
	return 0;
}

static int cmp_pain(const void *a, const void *b)
{
	const struct pain_row *x = a, *y = b;

	return (x->entry.day > y->entry.day) - (x->entry.day < y->entry.day);
}

/* The pain entries by date; rules_apply() fills in the flags before each. */
static int build_pain(struct athlete_result *r, const struct rr_pain *pain, size_t npain)
{
	size_t i;

	if (!npain)
		return 0;
	r->pain = rr_alloc_array(npain, sizeof(*r->pain));
	if (!r->pain)
		return -1;
	r->npain = npain;
	for (i = 0; i < npain; i++)
		r->pain[i].entry = pain[i];
	qsort(r->pain, npain, sizeof(*r->pain), cmp_pain);
	return 0;
}

/* ---- the references and tables the renderers read ---- */

static long long per_mille(double frac)
{
	return llround(frac * 1000.0);
}

/* Whole metres, like the rule: exactly the threshold above is not above it. */
static int spike_band_of(const struct rule_params *p, double dist_m, double longest_m)
{
	long long d, l;

	if (!isfinite(dist_m) || !isfinite(longest_m) || longest_m <= 0)
		return SPIKE_NO_REF;	/* a run without a distance is not compared either */
	d = llround(dist_m);
	l = llround(longest_m);
	if (d * 1000 <= l * (1000 + per_mille(p->v[RP_LONG_WARN])))
		return SPIKE_FINE;
	if (d * 1000 <= l * (1000 + per_mille(p->v[RP_LONG_MODERATE])))
		return SPIKE_NOTE;
	if (d * 1000 <= l * (1000 + per_mille(p->v[RP_LONG_ALERT])))
		return SPIKE_WARN;
	return SPIKE_ALERT;
}

/*
 * longest_before_m[i], the longest run of the window days before day i (i
 * in [0, ndays]): a sliding-window maximum over each day's longest run,
 * linear in runs + days (a scan per day was runs x days: most of a report
 * for an athlete with 100 000 runs).  Then each run's reference and band.
 */
static int build_references(struct athlete_result *r)
{
	size_t window = (size_t)r->params.v[RP_LONG_WINDOW_DAYS];
	double *day_max;
	size_t *dq, head = 0, tail = 0, i;

	r->longest_before_m = rr_alloc_array(r->ndays + 1, sizeof(*r->longest_before_m));
	day_max = rr_alloc_array(r->ndays, sizeof(*day_max));
	dq = rr_alloc_array(r->ndays, sizeof(*dq));
	if (!r->longest_before_m || !day_max || !dq) {
		free(day_max);
		free(dq);
		return -1;
	}
	for (i = 0; i < r->ndays; i++)
		day_max[i] = NAN;
	for (i = 0; i < r->nruns; i++) {
		const struct run_entry *e = &r->runs[i];
		double *m = &day_max[e->local_day - r->first_day];

		if (!e->s.route && isfinite(e->s.distance_m) &&
		    (!isfinite(*m) || e->s.distance_m > *m))
			*m = e->s.distance_m;
	}
	/* dq[head..tail): day indexes in the window, their maxima decreasing */
	for (i = 0; i <= r->ndays; i++) {
		if (i && isfinite(day_max[i - 1])) {
			while (tail > head && day_max[dq[tail - 1]] <= day_max[i - 1])
				tail--;
			dq[tail++] = i - 1;
		}
		while (tail > head && dq[head] + window < i)
			head++;
		r->longest_before_m[i] = tail > head ? day_max[dq[head]] : NAN;
	}
	free(day_max);
	free(dq);
	for (i = 0; i < r->nruns; i++) {
		struct run_entry *e = &r->runs[i];

		e->longest_before_m = r->longest_before_m[e->local_day - r->first_day];
		e->spike_band = spike_band_of(&r->params, e->s.distance_m, e->longest_before_m);
	}
	return 0;
}

/* A run's climb per km, NAN when its ascent or distance is unknown. */
static double climb_per_km_of(const struct run_entry *e)
{
	if (!isfinite(e->s.ascent_m) || e->s.ascent_m < 0 || !isfinite(e->s.distance_m) ||
	    e->s.distance_m <= 0)
		return NAN;
	return e->s.ascent_m / (e->s.distance_m / 1000.0);
}

/* Index of the first element of v[0..n) not below x (v sorted ascending). */
static size_t lower_bound(const double *v, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_by_day(const void *a, const void *b, const struct run_entry *runs)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (runs[x].local_day != runs[y].local_day)
		return runs[x].local_day < runs[y].local_day ? -1 : 1;
	return (x > y) - (x < y);
}

/*
 * Run indexes in local-day order.  The runs are sorted by start time, so
 * this is nearly sorted already; an insertion sort keeps it linear then,
 * and stays correct when a zone change puts a later start on an earlier day.
 */
static void order_by_day(size_t *order, const struct run_entry *runs, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		size_t x = order[i] = i;

		for (j = i; j > 0 && cmp_by_day(&order[j - 1], &x, runs) > 0; j--)
			order[j] = order[j - 1];
		order[j] = x;
	}
}

static double median_sorted(const double *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The median climb per km of the last want known runs before order[hi]
 * (any age), NAN when there are fewer: the usual after a long break, when
 * the window is short of runs.  buf holds want values.
 */
static double median_last(const struct run_entry *runs, const size_t *order, size_t hi,
			  size_t want, double *buf)
{
	size_t n = 0;

	while (hi-- > 0 && n < want) {
		double v = climb_per_km_of(&runs[order[hi]]);

		if (!isnan(v))
			buf[n++] = v;
	}
	if (n < want)
		return NAN;
	qsort(buf, n, sizeof(*buf), cmp_double);
	return median_sorted(buf, n);
}

/*
 * Each run's usual climb per km, hilly line and hilly bit (run_entry.h).
 * The window of the hilly_usual_days before a run's day slides over the
 * runs in day order; win[] keeps its known climbs per km sorted, so each
 * median is a lookup and each step an insertion or a removal: runs x
 * window size in all, no sort per run.  A window with fewer than
 * hilly_usual_min_runs takes the last that many runs before, of any age
 * (the ground before a long break); an athlete's first runs, with fewer
 * runs before them in all, have no usual and are not called hilly.
 */
static int build_hilly(struct athlete_result *r)
{
	const struct rule_params *p = &r->params;
	int32_t days = (int32_t)p->v[RP_HILLY_USUAL_DAYS];
	size_t min_runs = (size_t)p->v[RP_HILLY_USUAL_MIN_RUNS];
	size_t *order, nwin = 0, lo = 0, hi = 0, i;
	double *win, *last;

	if (!r->nruns)
		return 0;
	order = rr_alloc_array(r->nruns, sizeof(*order));
	win = rr_alloc_array(r->nruns, sizeof(*win));
	last = rr_alloc_array(min_runs, sizeof(*last));
	if (!order || !win || !last) {
		free(order);
		free(win);
		free(last);
		return -1;
	}
	order_by_day(order, r->runs, r->nruns);
	for (i = 0; i < r->nruns; i++) {
		struct run_entry *e = &r->runs[order[i]];
		double cpk = climb_per_km_of(e), usual, limit;

		/* into the window: runs of earlier days; out: older than days before */
		for (; hi < r->nruns && r->runs[order[hi]].local_day < e->local_day; hi++) {
			double v = climb_per_km_of(&r->runs[order[hi]]);
			size_t k;

			if (isnan(v))
				continue;
			k = lower_bound(win, nwin, v);
			memmove(win + k + 1, win + k, (nwin - k) * sizeof(*win));
			win[k] = v;
			nwin++;
		}
		for (; lo < hi && r->runs[order[lo]].local_day < e->local_day - days; lo++) {
			double v = climb_per_km_of(&r->runs[order[lo]]);
			size_t k;

			if (isnan(v))
				continue;
			k = lower_bound(win, nwin, v);	/* present: it went in */
			memmove(win + k, win + k + 1, (nwin - k - 1) * sizeof(*win));
			nwin--;
		}
		usual = nwin >= min_runs ? median_sorted(win, nwin) :
					   median_last(r->runs, order, hi, min_runs, last);
		limit = NAN;
		if (isfinite(usual)) {
			limit = p->v[RP_HILLY_RUN_M_PER_KM];
			if (p->v[RP_HILLY_USUAL_RATIO] * usual > limit)
				limit = p->v[RP_HILLY_USUAL_RATIO] * usual;
		}
		e->usual_climb_m_per_km = usual;
		e->hilly_limit_m_per_km = limit;
		e->hilly = isfinite(cpk) && isfinite(limit) &&
			   e->s.ascent_m >= p->v[RP_HILLY_RUN_M] && cpk > limit;
	}
	free(order);
	free(win);
	free(last);
	return 0;
}

/* NAN + x = x, so that a sum with one unknown day still sums the others. */
static void add_known(double *sum, double v)
{
	if (isfinite(v))
		*sum = isfinite(*sum) ? *sum + v : v;
}

static void longest_known(double *best, const struct run_entry *e)
{
	if (e->s.route || !isfinite(e->s.distance_m))
		return;
	if (!isfinite(*best) || e->s.distance_m > *best)
		*best = e->s.distance_m;
}

/* Weeks Monday to Sunday over the days, summed from them; runs give their longest. */
static int build_weeks(struct athlete_result *r)
{
	struct week_row *cur = NULL;
	size_t cap = 0, i, k;

	for (i = 0; i < r->ndays; i++) {
		const struct day_row *d = &r->days[i];
		int32_t ws = d->day - rr_weekday(d->day);

		if (!cur || cur->week_start != ws) {
			if (RR_GROW(r->weeks, cap, r->nweeks + 1))
				return -1;
			cur = &r->weeks[r->nweeks++];
			memset(cur, 0, sizeof(*cur));
			cur->week_start = ws;
			cur->distance_m = cur->ascent_m = NAN;
			cur->fast_s = cur->calf_load = NAN;
			cur->longest_run_m = cur->change = NAN;
			cur->late_ascent_m = NAN;
		}
		cur->days++;
		cur->runs += d->runs;
		add_known(&cur->distance_m, d->distance_m);
		add_known(&cur->ascent_m, d->ascent_m);
		add_known(&cur->fast_s, d->fast_s);
		add_known(&cur->calf_load, d->calf_load);
	}
	for (k = 0; k < r->nweeks; k++) {
		struct week_row *w = &r->weeks[k];

		if (k && r->weeks[k - 1].week_start == w->week_start - 7 &&
		    isfinite(r->weeks[k - 1].distance_m) && r->weeks[k - 1].distance_m > 0 &&
		    isfinite(w->distance_m))
			w->change = w->distance_m / r->weeks[k - 1].distance_m - 1;
	}
	/* The days are contiguous, so are the weeks: a run's week is found by its date. */
	for (i = 0; i < r->nruns; i++) {
		struct week_row *w = &r->weeks[week_index(r, r->runs[i].local_day)];

		longest_known(&w->longest_run_m, &r->runs[i]);
		add_known(&w->late_ascent_m, r->runs[i].s.late_ascent_m);
		if ((unsigned)r->runs[i].surface < SURFACE_COUNT &&
		    isfinite(r->runs[i].s.distance_m))
			w->surface_m[r->runs[i].surface] += r->runs[i].s.distance_m;
	}
	return 0;
}

size_t week_index(const struct athlete_result *r, int32_t day)
{
	return (size_t)((day - rr_weekday(day)) - r->weeks[0].week_start) / 7;
}

static void load_window_sum(struct load_window *w, const struct athlete_result *r, int ndays)
{
	int32_t from = r->last_day - (ndays - 1);
	size_t i;

	w->distance_m = w->ascent_m = w->fast_s = w->calf_load = NAN;
	w->longest_m = NAN;
	w->runs = 0;
	for (i = 0; i < r->ndays; i++) {
		const struct day_row *d = &r->days[i];

		if (d->day < from || d->day > r->last_day)
			continue;
		w->runs += d->runs;
		add_known(&w->distance_m, d->distance_m);
		add_known(&w->ascent_m, d->ascent_m);
		add_known(&w->fast_s, d->fast_s);
		add_known(&w->calf_load, d->calf_load);
	}
	for (i = 0; i < r->nruns; i++)
		if (r->runs[i].local_day >= from && r->runs[i].local_day <= r->last_day)
			longest_known(&w->longest_m, &r->runs[i]);
}

int timeline_derive(struct athlete_result *r)
{
	acwr_zones_of(&r->zones, &r->params);
	free(r->weeks);
	free(r->longest_before_m);
	r->weeks = NULL;
	r->nweeks = 0;
	r->longest_before_m = NULL;
	memset(&r->last7, 0, sizeof(r->last7));
	memset(&r->last28, 0, sizeof(r->last28));
	if (!r->ndays)
		return 0;
	if (build_weeks(r) || build_references(r) || build_hilly(r))
		return -1;
	load_window_sum(&r->last7, r, 7);
	load_window_sum(&r->last28, r, 28);
	return 0;
}

int timeline_build(struct athlete_result *out, const struct rr_athlete *cfg,
		   const struct run_entry *runs, size_t nruns,
		   const struct rr_pain *pain, size_t npain)
{
	return timeline_build_zone(out, cfg, NULL, runs, nruns, pain, npain);
}

int timeline_build_zone(struct athlete_result *out, const struct rr_athlete *cfg,
			const struct rr_tz *zone,
			const struct run_entry *runs, size_t nruns,
			const struct rr_pain *pain, size_t npain)
{
	struct rule_params *p = &out->params;
	struct rr_athlete none;
	struct run_zone z;
	size_t i, n = 0;

	memset(&z, 0, sizeof(z));	/* released on every path */
	rr_tz_init(&z.fixed);
	if (!cfg) {
		rr_athlete_init(&none);
		cfg = &none;
	}
	memset(out, 0, sizeof(*out));
	out->first_day = out->last_day = RR_NO_DAY;
	snprintf(out->name, sizeof(out->name), "%s", cfg->name);
	out->late_km = cfg->late_km;
	rule_params_init(p, cfg);

	out->runs = rr_alloc_array(nruns ? nruns : 1, sizeof(*out->runs));
	if (!out->runs)
		goto oom;
	for (i = 0; i < nruns; i++) {
		if (run_counts(&runs[i]))
			out->runs[n++] = runs[i];
		else
			out->nignored++;
	}
	out->nruns = n;
	qsort(out->runs, n, sizeof(*out->runs), cmp_run);
	if (run_zone_choose(&z, out->zone_used, sizeof(out->zone_used), cfg, zone,
			    out->runs, n))
		goto oom;
	for (i = 0; i < n; i++) {
		struct run_entry *e = &out->runs[i];

		e->local_day = run_zone_local_day(&z, &e->s);
		if (out->first_day == RR_NO_DAY || e->local_day < out->first_day)
			out->first_day = e->local_day;
		if (out->last_day == RR_NO_DAY || e->local_day > out->last_day)
			out->last_day = e->local_day;
	}
	for (i = 0; i < n; i++) {
		out->runs[i].shoe = run_shoe(cfg, &out->runs[i]);
		out->runs[i].surface = surface_of_words(&out->runs[i].s, cfg->surface_words);
	}

	if (n) {
		if (build_days(out))
			goto oom;
		days_rolling(out);
		days_ewma(out, get_dist, set_ewma);
		days_ewma(out, get_calf, set_calf_ewma);
		days_monotony(out);
		days_fitness(out, p->v[RP_CTL_DAYS], p->v[RP_ATL_DAYS]);
	}
	if (timeline_derive(out))
		goto oom;
	if (build_shoes(out, cfg, p))
		goto oom;
	if (build_pain(out, pain, npain))
		goto oom;
	run_zone_release(&z);
	return 0;
oom:
	run_zone_release(&z);
	athlete_result_release(out);
	return -1;
}

