#include "cmd/athlete_inputs.h"

#include <stdlib.h>

#include "core/alloc.h"
#include "parsers/archive.h"

/* Cap on one activities.csv, decompressed: a real export's is a few MB. */
#define STRAVA_MAX_BYTES (64ull << 20)

/* An activities.csv on disk, or a member of a zip (cmd/walk.h's walk_csv_src). */
static enum rr_status strava_load_src(struct strava_export *x, const char *csv,
				      const struct walk_csv_src *src, struct rr_error *e)
{
	struct rr_archive_cursor *cur;
	struct rr_input *in = NULL;
	enum rr_status st;

	if (!src->archive)
		return strava_csv_load(x, csv, STRAVA_MAX_BYTES, e);
	if (!(cur = rr_archive_cursor_new()))
		return rr_error_set(e, RR_ENOMEM, 0, 0, "out of memory");
	st = pipeline_open_input(&in, csv, src->archive, &src->member, cur, STRAVA_MAX_BYTES, e);
	if (st == RR_OK)
		st = strava_csv_read(x, in, e);
	rr_input_close(in);
	rr_archive_cursor_free(cur);
	return st;
}

struct strava_export *athlete_strava_load(const struct walk_athlete *wa, struct rr_error *errs)
{
	struct strava_export *x = rr_alloc_array(wa->nstrava_csvs ? wa->nstrava_csvs : 1,
						 sizeof(*x));
	size_t i;

	if (!x)
		return NULL;
	for (i = 0; i < wa->nstrava_csvs; i++) {
		struct rr_error e = RR_ERROR_INIT;

		strava_export_init(&x[i]);
		if (strava_load_src(&x[i], wa->strava_csvs[i], &wa->strava_srcs[i], &e) != RR_OK)
			print_file_error(wa->strava_csvs[i], &e, "unreadable activities.csv");
		if (errs)
			errs[i] = e;
	}
	return x;
}

void athlete_strava_free(const struct walk_athlete *wa, struct strava_export *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < wa->nstrava_csvs; i++)
		strava_export_release(&x[i]);
	free(x);
}

const char *athlete_strava_gear(const struct walk_athlete *wa, const struct strava_export *x,
				const char *file)
{
	size_t i;

	for (i = 0; x && i < wa->nstrava_csvs; i++) {
		const char *rel = strava_relative(wa->strava_csvs[i], file);
		const struct strava_row *row = rel ? strava_export_find(&x[i], rel) : NULL;

		if (row && row->gear[0])
			return row->gear;
	}
	return NULL;
}

int athlete_assemble(struct athlete_runs *out, struct rr_athlete *cfg,
		     const struct rr_tz *zone, const struct walk_athlete *wa,
		     const struct parsed_file *pf, const struct strava_export *x)
{
	struct assemble_file *files = rr_alloc_array(wa->nfiles ? wa->nfiles : 1, sizeof(*files));
	size_t i, n = 0;
	int rc;

	if (!files)
		return -1;
	for (i = 0; i < wa->nfiles; i++) {
		if (pf[i].status != RR_OK)
			continue;
		files[n].path = pf[i].path;
		files[n].runs = pf[i].runs;
		files[n].nruns = pf[i].nruns;
		files[n].strava_gear = athlete_strava_gear(wa, x, pf[i].path);
		n++;
	}
	if (cfg)
		(void)assemble_add_gear_shoes(cfg, files, n);
	rc = athlete_runs_assemble(out, cfg, zone, files, n);
	free(files);
	return rc;
}
