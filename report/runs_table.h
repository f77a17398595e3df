/*
 * runs_table.h - the `runs` table: one row per activity, as CSV or JSON, with
 * the columns of DESIGN.md.  Included by report/ and cmd/.  Takes summaries
 * const; writes to a stdio stream (the caller checks ferror/fclose).
 */
#ifndef RR_RUNS_TABLE_H
#define RR_RUNS_TABLE_H

#include <stdio.h>

#include "analysis/summary.h"

enum runs_format { RUNS_CSV, RUNS_JSON };

/* One row's context beyond the summary: strings may be NULL (unknown). */
struct runs_row {
	const struct run_summary *s;
	const char *file;
	const char *local_date;		/* "YYYY-MM-DD" or NULL */
	const char *shoe;
	const char *duplicate_of;
};

struct runs_writer {
	FILE *out;
	enum runs_format format;
	unsigned long rows;
};

void runs_writer_init(struct runs_writer *w, FILE *out, enum runs_format f);
void runs_writer_header(struct runs_writer *w);
void runs_writer_row(struct runs_writer *w, const struct runs_row *r);
void runs_writer_finish(struct runs_writer *w);

/* Escapers shared by every table writer (write to out, no surrounding quotes for JSON). */
void csv_put_text(FILE *out, const char *s);	/* RFC 4180, formula-injection safe */
void json_put_string(FILE *out, const char *s);	/* quoted, escaped, invalid UTF-8 replaced */
void put_number(FILE *out, double v, int decimals, int json);	/* NAN -> "" or null */

#endif
