#include "render/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classify.h"
#include "core/alloc.h"
#include "core/num.h"
#include "core/timeutil.h"
#include "render/escape.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* A datablock cell: one word that gnuplot reads back as written. */
static void gp_word(FILE *f, const char *s)
{
	if (!*s)
		putc_unlocked('_', f);
	for (; *s; s++) {
		char c = *s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("._:+-", c))
			putc_unlocked(c, f);
		else
			putc_unlocked('_', f);
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
		putc_unlocked('[', f);
		return;
	}
	if (fmt == TABLE_GP)
		fputs("# ", f);
	for (i = 0; i < ncols; i++) {
		if (i)
			putc_unlocked(fmt == TABLE_GP ? ' ' : ',', f);
		if (fmt == TABLE_GP)
			gp_word(f, cols[i]);
		else
			esc_csv(f, cols[i]);
	}
	putc_unlocked('\n', f);
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
			putc_unlocked(',', t->f);
		esc_json(t->f, t->col < t->ncols ? t->cols[t->col] : "?");
		putc_unlocked(':', t->f);
	} else if (t->col) {
		putc_unlocked(t->fmt == TABLE_GP ? ' ' : ',', t->f);
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
		putc_unlocked('}', t->f);
	else
		putc_unlocked('\n', t->f);
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

const char *rr_class_reason(char *buf, size_t size, const struct run_summary *s)
{
	double v = s->class_value_mps;

	switch (s->class_why) {
	case RR_WHY_SPORT:
		snprintf(buf, size, "sport '%s'", s->sport);
		break;
	case RR_WHY_MOTION_RUN:
		if (isfinite(v))
			snprintf(buf, size, "no sport; median speed %.1f m/s", v);
		else
			snprintf(buf, size, "no sport; nothing says otherwise");
		break;
	case RR_WHY_MEDIAN_FAST:
		snprintf(buf, size, "median speed %.1f m/s", v);
		break;
	case RR_WHY_P90_FAST:
		snprintf(buf, size, "a tenth of the moving time at %.1f m/s or more", v);
		break;
	case RR_WHY_VEHICLE:
		snprintf(buf, size, "a vehicle's speed: %.1f m/s", v);
		break;
	case RR_WHY_MEDIAN_SLOW:
		snprintf(buf, size, "no sport; median speed %.1f m/s", v);
		break;
	case RR_WHY_ROUTE:
		snprintf(buf, size, "a planned route, not a recording");
		break;
	case RR_WHY_NO_TIME:
		snprintf(buf, size, "no valid timestamp");
		break;
	case RR_WHY_ONE_INSTANT:
		snprintf(buf, size, "every timed point at one instant");
		break;
	case RR_WHY_NO_MOTION:
		snprintf(buf, size, "no distance and no moving time");
		break;
	default:
		snprintf(buf, size, "?");
		break;
	}
	return buf;
}

const char *const runs_columns[] = {
	"file", "format", "sport", "start", "local_date", "elapsed_s",
	"moving_s", "distance_m", "gps_distance_m", "device_distance_m",
	"ascent_m", "descent_m", "ascent_raw_m", "points", "dropped_points",
	"hr_avg", "hr_max", "cadence_avg", "gap_pace_s_per_km", "fast_s",
	"climb_per_km", "late_ascent_m", "late_ascent_60_m", "trimp", "calf_load", "shoe",
	"device", "duplicate_of", "class", "class_reason", "surface"
};
const size_t runs_ncolumns = NCOLS(runs_columns);

void run_row_write(struct table *t, const struct run_row *r)
{
	const struct run_summary *s = r->s;
	int32_t day = r->local_day;
	char buf[32], buf_reason[128];

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
	table_num(t, s->late_ascent_m, DEC_M);
	table_num(t, s->late_ascent_60_m, DEC_M);
	table_num(t, s->trimp, DEC_LOAD);
	table_num(t, s->calf_load, DEC_LOAD);
	table_text(t, opt(r->shoe));
	table_text(t, opt(s->device));
	table_text(t, opt(r->duplicate_of));
	table_text(t, rr_class_name(s->klass));
	table_text(t, rr_class_reason(buf_reason, sizeof(buf_reason), s));
	table_text(t, r->surface);
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
	r->surface = e->surface >= 0 ? surface_name((enum surface)e->surface) : NULL;
}
