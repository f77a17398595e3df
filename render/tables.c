/*
 * tables.c - the rows of the report's per-athlete tables: days, weeks,
 * flags, shoes.  Apart from table.c so that `runrisk runs` (runs_table.c)
 * links without the timeline.
 */
#include "render/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/timeutil.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- days ---- */

const char *const days_columns[] = {
	"date", "runs", "distance_m", "ascent_m", "fast_s", "calf_load",
	"acute7_m", "chronic28_m", "acwr_coupled", "acwr_uncoupled",
	"acwr_ewma", "monotony", "strain", "ctl", "atl", "tsb",
	"acwr_calf_ewma"
};
const size_t days_ncolumns = NCOLS(days_columns);

void days_row_write(struct table *t, const struct day_row *d)
{
	table_row_begin(t);
	table_date(t, d->day);
	table_uint(t, d->runs);
	table_num(t, d->distance_m, DEC_M);
	table_num(t, d->ascent_m, DEC_M);
	table_num(t, d->fast_s, DEC_S);
	table_num(t, d->calf_load, DEC_LOAD);
	table_num(t, d->acute7_m, DEC_M);
	table_num(t, d->chronic28_m, DEC_M);
	table_num(t, d->acwr_coupled, DEC_RATIO);
	table_num(t, d->acwr_uncoupled, DEC_RATIO);
	table_num(t, d->acwr_ewma, DEC_RATIO);
	table_num(t, d->monotony, DEC_RATIO);
	table_num(t, d->strain, DEC_LOAD);
	table_num(t, d->ctl, DEC_LOAD);
	table_num(t, d->atl, DEC_LOAD);
	table_num(t, d->tsb, DEC_LOAD);
	table_num(t, d->acwr_calf_ewma, DEC_RATIO);
	table_row_end(t);
}

/* ---- weeks ---- */

const char *const weeks_columns[] = {
	"week_start", "days", "runs", "distance_m", "ascent_m", "fast_s",
	"calf_load", "longest_run_m", "change", "weekly_jump_flag"
};
const size_t weeks_ncolumns = NCOLS(weeks_columns);

/* NAN + x = x, so that a week with one unknown day still sums the others. */
static void add_known(double *sum, double v)
{
	if (isfinite(v))
		*sum = isfinite(*sum) ? *sum + v : v;
}

static int32_t week_of(int32_t day)
{
	return day - rr_weekday(day);
}

int weeks_compute(const struct athlete_result *res, struct week_row **out, size_t *n)
{
	struct week_row *w = NULL, *cur = NULL;
	size_t cap = 0, nw = 0, i, k;

	*out = NULL;
	*n = 0;
	for (i = 0; i < res->ndays; i++) {
		const struct day_row *d = &res->days[i];
		int32_t ws = week_of(d->day);

		if (!cur || cur->week_start != ws) {
			if (RR_GROW(w, cap, nw + 1)) {
				free(w);
				return -1;
			}
			cur = &w[nw++];
			memset(cur, 0, sizeof(*cur));
			cur->week_start = ws;
			cur->distance_m = cur->ascent_m = NAN;
			cur->fast_s = cur->calf_load = NAN;
			cur->longest_run_m = cur->change = NAN;
		}
		cur->days++;
		cur->runs += d->runs;
		add_known(&cur->distance_m, d->distance_m);
		add_known(&cur->ascent_m, d->ascent_m);
		add_known(&cur->fast_s, d->fast_s);
		add_known(&cur->calf_load, d->calf_load);
	}
	for (k = 0; k < nw; k++) {
		int32_t ws = w[k].week_start;

		if (k && w[k - 1].week_start == ws - 7 &&
		    isfinite(w[k - 1].distance_m) && w[k - 1].distance_m > 0 &&
		    isfinite(w[k].distance_m))
			w[k].change = w[k].distance_m / w[k - 1].distance_m - 1;
		for (i = 0; i < res->nruns; i++) {
			const struct run_entry *e = &res->runs[i];

			if (e->local_day < ws || e->local_day > ws + 6 ||
			    e->s.route || !isfinite(e->s.distance_m))
				continue;
			if (!isfinite(w[k].longest_run_m) ||
			    e->s.distance_m > w[k].longest_run_m)
				w[k].longest_run_m = e->s.distance_m;
		}
		for (i = 0; i < res->nflags; i++) {
			const struct flag *fl = &res->flags[i];

			if (!strcmp(fl->rule, "weekly_jump") && fl->day >= ws &&
			    fl->day <= ws + 6)
				w[k].jump_flag = true;
		}
	}
	*out = w;
	*n = nw;
	return 0;
}

void weeks_row_write(struct table *t, const struct week_row *w)
{
	table_row_begin(t);
	table_date(t, w->week_start);
	table_uint(t, w->days);
	table_uint(t, w->runs);
	table_num(t, w->distance_m, DEC_M);
	table_num(t, w->ascent_m, DEC_M);
	table_num(t, w->fast_s, DEC_S);
	table_num(t, w->calf_load, DEC_LOAD);
	table_num(t, w->longest_run_m, DEC_M);
	table_num(t, w->change, DEC_RATIO);
	table_uint(t, w->jump_flag);
	table_row_end(t);
}

/* ---- flags ---- */

const char *const flags_columns[] = {
	"athlete", "date", "rule", "level", "value", "threshold", "evidence"
};
const size_t flags_ncolumns = NCOLS(flags_columns);

void flags_row_write(struct table *t, const char *athlete, const struct flag *fl)
{
	table_row_begin(t);
	table_text(t, athlete);
	table_date(t, fl->day);
	table_text(t, fl->rule);
	table_text(t, flag_level_name(fl->level));
	table_num(t, fl->value, 4);
	table_num(t, fl->threshold, 4);
	table_text(t, fl->evidence);
	table_row_end(t);
}

/* ---- shoes ---- */

const char *const shoes_columns[] = {
	"shoe", "runs", "km", "retire_at_km", "left_km", "heel_drop_mm",
	"first_run", "last_run"
};
const size_t shoes_ncolumns = NCOLS(shoes_columns);

void shoes_row_write(struct table *t, const struct shoe_row *s)
{
	table_row_begin(t);
	table_text(t, s->name);
	table_uint(t, s->runs);
	table_num(t, s->km, 1);
	table_num(t, s->retire_at_km, 1);
	table_num(t, s->left_km, 1);
	table_num(t, s->heel_drop_mm, 1);
	table_date(t, s->first_day);
	table_date(t, s->last_day);
	table_row_end(t);
}
