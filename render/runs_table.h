/*
 * runs_table.h - the `runs` table for `runrisk runs`: one row per activity,
 * as CSV or JSON, with the columns of DESIGN.md.  Included by cmd/.  A thin
 * front for render/table.h (run_row_write), so that `runs` and the report's
 * runs.csv are the same writer.  Takes summaries const; writes to a stdio
 * stream (the caller checks ferror/fclose).
 */
#ifndef RR_RUNS_TABLE_H
#define RR_RUNS_TABLE_H

#include <stdio.h>

#include "analysis/summary.h"
#include "render/table.h"

enum runs_format { RUNS_CSV, RUNS_JSON };

/* One row's context beyond the summary: strings may be NULL (unknown). */
struct runs_row {
	const struct run_summary *s;
	const char *file;
	const char *local_date;		/* "YYYY-MM-DD"; NULL: from start + the file's zone */
	const char *shoe;
	const char *duplicate_of;
	const char *surface;		/* analysis/surface.h surface_name(); NULL: unknown */
};

struct runs_writer {
	struct table t;
};

void runs_writer_init(struct runs_writer *w, FILE *out, enum runs_format f);
void runs_writer_header(struct runs_writer *w);
void runs_writer_row(struct runs_writer *w, const struct runs_row *r);
void runs_writer_finish(struct runs_writer *w);

#endif
