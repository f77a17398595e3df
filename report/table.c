#include "report/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/num.h"
#include "core/timeutil.h"
#include "report/escape.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* A datablock cell: one word that gnuplot reads back as written. */
static void gp_word(FILE *f, const char *s)
{
	if (!*s)
		fputc('_', f);
	for (; *s; s++) {
		char c = *s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("._:+-", c))
			fputc(c, f);
		else
			fputc('_', f);
	}
}

void table_begin(struct table *t, FILE *f, enum table_format fmt,
		 const char *const *cols, size_t ncols)
{
	size_t i;

	t->f = f;
	t->fmt = fmt;
	t->cols = cols;
	t->ncols = ncols;
	t->col = 0;
	t->rows = 0;
	if (fmt == TABLE_JSON) {
		fputc('[', f);
		return;
	}
	if (fmt == TABLE_GP)
		fputs("# ", f);
	for (i = 0; i < ncols; i++) {
		if (i)
			fputc(fmt == TABLE_GP ? ' ' : ',', f);
		if (fmt == TABLE_GP)
			gp_word(f, cols[i]);
		else
			esc_csv(f, cols[i]);
	}
	fputc('\n', f);
}

void table_row_begin(struct table *t)
{
	t->col = 0;
	if (t->fmt == TABLE_JSON)
		fputs(t->rows ? ",\n{" : "\n{", t->f);
}

/* Separator and key before a cell. */
static void cell_start(struct table *t)
{
	if (t->fmt == TABLE_JSON) {
		if (t->col)
			fputc(',', t->f);
		esc_json(t->f, t->col < t->ncols ? t->cols[t->col] : "?");
		fputc(':', t->f);
	} else if (t->col) {
		fputc(t->fmt == TABLE_GP ? ' ' : ',', t->f);
	}
	t->col++;
}

void table_text(struct table *t, const char *s)
{
	cell_start(t);
	if (t->fmt == TABLE_JSON)
		esc_json(t->f, s);
	else if (t->fmt == TABLE_GP && s)
		gp_word(t->f, s);
	else if (t->fmt == TABLE_GP)
		fputs("NaN", t->f);
	else
		esc_csv(t->f, s);
}

static void cell_unknown(struct table *t)
{
	if (t->fmt == TABLE_JSON)
		fputs("null", t->f);
	else if (t->fmt == TABLE_GP)
		fputs("NaN", t->f);
}

void table_num(struct table *t, double v, int decimals)
{
	char buf[48];

	cell_start(t);
	if (!isfinite(v)) {
		cell_unknown(t);
		return;
	}
	rr_format_double(buf, sizeof(buf), v, decimals);
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	fputs(buf, t->f);
}

void table_uint(struct table *t, unsigned long long v)
{
	cell_start(t);
	fprintf(t->f, "%llu", v);
}

void table_date(struct table *t, int32_t day)
{
	char buf[16];

	if (day == RR_NO_DAY) {
		cell_start(t);
		cell_unknown(t);
		return;
	}
	table_text(t, rr_format_date(buf, sizeof(buf), day));
}

void table_row_end(struct table *t)
{
	/* A row written short would shift every later column: fill it. */
	while (t->col < t->ncols) {
		cell_start(t);
		cell_unknown(t);
	}
	if (t->fmt == TABLE_JSON)
		fputc('}', t->f);
	else
		fputc('\n', t->f);
	t->rows++;
}

void table_end(struct table *t)
{
	if (t->fmt == TABLE_JSON)
		fputs(t->rows ? "\n]\n" : "]\n", t->f);
}

/* "" means unknown for optional text fields. */
static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

/* ---- runs ---- */

const char *const runs_columns[] = {
	"file", "format", "sport", "start", "local_date", "elapsed_s",
	"moving_s", "distance_m", "gps_distance_m", "device_distance_m",
	"ascent_m", "descent_m", "ascent_raw_m", "points", "dropped_points",
	"hr_avg", "hr_max", "cadence_avg", "gap_pace_s_per_km", "fast_s",
	"climb_per_km", "trimp", "calf_load", "shoe", "device", "duplicate_of"
};
const size_t runs_ncolumns = NCOLS(runs_columns);

void run_row_write(struct table *t, const struct run_row *r)
{
	const struct run_summary *s = r->s;
	int32_t day = r->local_day;
	char buf[32];

	if (day == RR_NO_DAY && isfinite(s->start_t_s))
		day = rr_floor_day(s->start_t_s + s->tz_offset_s);
	table_row_begin(t);
	table_text(t, r->file);
	table_text(t, rr_format_name(s->format));
	table_text(t, opt(s->sport));
	table_text(t, isfinite(s->start_t_s) ?
		   rr_format_iso8601(buf, sizeof(buf), s->start_t_s) : NULL);
	table_date(t, day);
	table_num(t, s->elapsed_s, DEC_S);
	table_num(t, s->moving_s, DEC_S);
	table_num(t, s->distance_m, DEC_M);
	table_num(t, s->gps_distance_m, DEC_M);
	table_num(t, s->device_distance_m, DEC_M);
	table_num(t, s->ascent_m, DEC_M);
	table_num(t, s->descent_m, DEC_M);
	table_num(t, s->ascent_raw_m, DEC_M);
	table_uint(t, s->points);
	table_uint(t, s->dropped_points);
	table_num(t, s->hr_avg, 1);
	table_num(t, s->hr_max, 1);
	table_num(t, s->cadence_avg, 1);
	table_num(t, s->gap_pace_s_per_km, 1);
	table_num(t, s->fast_s, DEC_S);
	table_num(t, s->climb_per_km, 1);
	table_num(t, s->trimp, DEC_LOAD);
	table_num(t, s->calf_load, DEC_LOAD);
	table_text(t, opt(r->shoe));
	table_text(t, opt(s->device));
	table_text(t, opt(r->duplicate_of));
	table_row_end(t);
}

void run_row_from_entry(struct run_row *r, const struct athlete_result *res,
			const struct run_entry *e)
{
	r->s = &e->s;
	r->file = e->file;
	r->local_day = e->local_day;
	/* run_entry.shoe indexes the configured shoes; shoe rows keep that order. */
	if (e->shoe >= 0 && (size_t)e->shoe < res->nshoes)
		r->shoe = res->shoes[e->shoe].name;
	else
		r->shoe = opt(e->strava_gear);
	r->duplicate_of = NULL;
}

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
