/*
 * tables.c - the rows of the report's per-athlete tables: days, weeks,
 * flags, shoes, written as the analysis made them (nothing summed here).
 * Apart from table.c so that `runrisk runs` (runs_table.c) links without
 * the timeline.
 */
#include "render/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/timeutil.h"
#include "render/rule_words.h"

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
	"calf_load", "longest_run_m", "change", "weekly_jump_flag", "late_ascent_m",
	/* metres by enum surface, in its order (analysis/surface.h surface_name()) */
	"road_m", "trail_m", "soft_m", "track_m", "indoor_m"
};
const size_t weeks_ncolumns = NCOLS(weeks_columns);
_Static_assert(SURFACE_COUNT == 5, "weeks.csv has one km column per surface");

void weeks_row_write(struct table *t, const struct week_row *w)
{
	size_t i;

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
	table_num(t, w->late_ascent_m, DEC_M);
	for (i = 0; i < SURFACE_COUNT; i++)
		table_num(t, w->surface_m[i], DEC_M);
	table_row_end(t);
}

/* ---- flags ---- */

const char *const flags_columns[] = {
	"athlete", "date", "rule", "level", "value", "threshold", "evidence"
};
const size_t flags_ncolumns = NCOLS(flags_columns);

void flags_row_write(struct table *t, const char *athlete, const struct athlete_result *res,
		     const struct flag *fl)
{
	char ev[EVIDENCE_SIZE];

	table_row_begin(t);
	table_text(t, athlete);
	table_date(t, fl->day);
	table_text(t, rule_name(fl->rule));
	table_text(t, flag_level_name(fl->level));
	table_num(t, fl->value, 4);
	table_num(t, fl->threshold, 4);
	table_text(t, flag_evidence(ev, sizeof(ev), res, fl));
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
