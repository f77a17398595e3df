/*
 * table.h - one writer for CSV and JSON tables, and the row writers of each
 * table the report writes (runs, days, weeks, flags, shoes).  The runs row
 * writer is also `runrisk runs --format csv|json`.  Included by render/,
 * cmd/ and tests.
 *
 * CSV: a header line of column names, one line per row, LF line ends,
 * RFC 4180 quoting (render/escape.h); unknown values are empty.
 * JSON: an array with one object per row (one object per line), keys = the
 * CSV column names; unknown values are null.  Numbers are printed without
 * the locale (core/num.h) and identically in both formats.
 * GP: a gnuplot datablock body: a "# names" comment line, then one line per
 * row with space-separated cells; unknown is NaN; text cells keep only
 * [A-Za-z0-9._:+-] (others become '_'), so a cell is one word and no line
 * can read "EOD".  The charts use it so that their numbers are the tables'.
 */
#ifndef RR_TABLE_H
#define RR_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/timeline.h"

enum table_format { TABLE_CSV, TABLE_JSON, TABLE_GP };

/* Writer state; cells must come in column order.  Borrows f and cols. */
struct table {
	FILE *f;
	enum table_format fmt;
	const char *const *cols;
	size_t ncols;
	size_t col;	/* next cell of the current row */
	size_t rows;
};

void table_begin(struct table *t, FILE *f, enum table_format fmt,
		 const char *const *cols, size_t ncols);
void table_row_begin(struct table *t);
void table_text(struct table *t, const char *s);	/* NULL: unknown */
void table_num(struct table *t, double v, int decimals);	/* NAN: unknown */
void table_uint(struct table *t, unsigned long long v);
void table_date(struct table *t, int32_t day);		/* RR_NO_DAY: unknown */
void table_row_end(struct table *t);
void table_end(struct table *t);

/* ---- runs: one row per activity (DESIGN.md `runs` fields) ---- */

/*
 * Why the activity has its class (analysis/classify.h), in words: "median
 * speed 8.3 m/s", "no valid timestamp".  Returns buf.
 */
const char *rr_class_reason(char *buf, size_t size, const struct run_summary *s);

extern const char *const runs_columns[];
extern const size_t runs_ncolumns;

/* What a runs row needs beyond the summary.  Strings may be NULL (unknown). */
struct run_row {
	const struct run_summary *s;
	const char *file;
	int32_t local_day;	/* RR_NO_DAY: start + the file's zone offset */
	const char *shoe;
	const char *duplicate_of;
	const char *surface;	/* surface_name() of a counted run; NULL: not one */
};

void run_row_write(struct table *t, const struct run_row *r);

/* A run_row for a timeline entry; the shoe name comes from res->shoes. */
void run_row_from_entry(struct run_row *r, const struct athlete_result *res,
			const struct run_entry *e);

/* ---- the per-athlete tables of the report ---- */

/* days.csv: one row per day of the timeline. */
extern const char *const days_columns[];
extern const size_t days_ncolumns;
void days_row_write(struct table *t, const struct day_row *d);

/* weeks.csv: the weekly table of the analysis (analysis/timeline.h week_row). */
extern const char *const weeks_columns[];
extern const size_t weeks_ncolumns;
void weeks_row_write(struct table *t, const struct week_row *w);

/* flags.csv: athlete,date,rule,level,value,threshold,evidence. */
extern const char *const flags_columns[];
extern const size_t flags_ncolumns;
/* The evidence sentence is rule_words.h's flag_evidence() (it needs res for shoe names). */
void flags_row_write(struct table *t, const char *athlete, const struct athlete_result *res,
		     const struct flag *fl);

extern const char *const shoes_columns[];
extern const size_t shoes_ncolumns;
void shoes_row_write(struct table *t, const struct shoe_row *s);

/* Decimals used for each quantity, shared with the chart datablocks. */
#define DEC_M 1		/* metres */
#define DEC_S 1		/* seconds */
#define DEC_RATIO 3	/* ACWR, monotony, change */
#define DEC_LOAD 2	/* calf load, TRIMP, strain, ctl/atl/tsb */

#endif
