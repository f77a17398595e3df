/*
 * strava_csv.h - read the activities.csv of a Strava bulk export, so that
 * each activity file can be joined to its row (gear, name, type).
 * Included by cmd/ and tests; not by analysis/ or render/.
 *
 * Columns are found by header NAME, never by position: exports differ in
 * column order and repeat some names ("Distance", "Elapsed Time" appear
 * twice, in different units): the first of each is used.  English and
 * German headers are recognised (doc/archive.md lists them).  Quoted
 * fields may hold commas, quotes and newlines; a UTF-8 BOM is skipped.
 *
 * Ownership: struct strava_export owns its arrays; strings in a row are
 * fixed-size, NUL-terminated and cut at a UTF-8 character boundary.
 */
#ifndef RR_STRAVA_CSV_H
#define RR_STRAVA_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/activity.h"
#include "core/err.h"
#include "parsers/input.h"

enum strava_row_flags {
	STRAVA_ROW_FIT = 1 << 0,	/* the file is FIT (.fit / .fit.gz) */
	STRAVA_ROW_NO_FILE = 1 << 1	/* no file (a manual entry) */
};

struct strava_row {
	unsigned long line;		/* line of the file where the row starts */
	char id[32];			/* Activity ID, as written */
	char date[64];			/* Activity Date, as written */
	double start_t_s;		/* that date read as UTC; NAN when unreadable */
	char name[RR_META_TEXT];	/* Activity Name */
	char type[32];			/* Activity Type ("Run", "Lauf", ...) */
	char gear[64];			/* Activity Gear; "" when none */
	char filename[512];		/* Filename, relative to the folder of activities.csv */
	double elapsed_s;		/* first Elapsed Time column; NAN when absent */
	double distance;		/* first Distance column, in the export's unit; NAN when absent */
	unsigned flags;			/* enum strava_row_flags */
};

struct strava_warning {
	unsigned long line;
	char msg[160];
};

enum strava_columns {
	STRAVA_COL_ID, STRAVA_COL_DATE, STRAVA_COL_NAME, STRAVA_COL_TYPE,
	STRAVA_COL_GEAR, STRAVA_COL_FILENAME, STRAVA_COL_ELAPSED, STRAVA_COL_DISTANCE,
	STRAVA_NCOLS
};

struct strava_export {
	struct strava_row *rows;	/* in file order */
	size_t nrows, rows_cap;
	struct strava_warning *warnings;	/* rows skipped or odd, with their line */
	size_t nwarnings, warnings_cap;
	size_t nfit;			/* rows whose file is FIT */
	size_t nno_file;		/* rows without a file */
	long column[STRAVA_NCOLS];	/* header position of each column, -1 absent */
	size_t *by_file;		/* row indices sorted by file key, for lookups */
};

void strava_export_init(struct strava_export *x);
void strava_export_release(struct strava_export *x);

/*
 * Read an activities.csv from in (plain or gzip).  Errors: RR_EFORMAT when
 * the header has no Filename column (not an export's activities.csv),
 * RR_EPARSE with the line for malformed CSV (rows before it are kept),
 * RR_EIO/RR_EGZIP/RR_ELIMIT from the input, RR_ENOMEM.  Rows that cannot
 * be used are skipped with a warning, never fatal.  x must have been
 * initialised (strava_export_init()); what it held before is released.
 */
enum rr_status strava_csv_read(struct strava_export *x, struct rr_input *in,
			       struct rr_error *err);

/* Open path and read it; max_bytes caps the decompressed size (0: none). */
enum rr_status strava_csv_load(struct strava_export *x, const char *path,
			       unsigned long long max_bytes, struct rr_error *err);

/*
 * The row for a file.  rel is its path relative to the folder of
 * activities.csv ("activities/123.gpx.gz"); a trailing ".gz" is ignored on
 * both sides (the user may have unpacked the files), and when no path
 * matches, a file name that matches exactly one row is accepted.  NULL
 * when no row matches.
 */
const struct strava_row *strava_export_find(const struct strava_export *x, const char *rel);

/*
 * file_path relative to the folder holding csv_path, or NULL when the file
 * is not below that folder.  In a zip the folder ends at the ':' after the
 * zip's name ("x.zip:activities.csv" holds "x.zip:activities/1.gpx").
 * Returns a pointer into file_path.
 */
const char *strava_relative(const char *csv_path, const char *file_path);

/*
 * Read a Strava "Activity Date" ("Jan 5, 2024, 7:12:34 AM", German
 * "05.01.2024, 07:12:34", or ISO 8601) as UTC.  0 and *t_s, or -1.
 */
int strava_parse_date(const char *s, double *t_s);

#endif
