/*
 * report.h - the report stage: renders analysis results (read-only) into an
 * output folder of text, CSV, JSON, gnuplot charts and HTML.  Included by
 * cmd/ and tests.  doc/report.md describes the folder and every file.
 *
 * Ownership: report_write() borrows everything; it keeps no pointer after it
 * returns.  Every file is written atomically (core/outfile.h).
 */
#ifndef RR_REPORT_H
#define RR_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/since.h"
#include "analysis/timeline.h"
#include "core/err.h"

struct rr_outset_log;	/* core/outfile.h */

/* A file that did not become a run, for the report's data notes. */
enum file_note_kind {
	FILE_SKIPPED,		/* could not be read or parsed (reason says why) */
	FILE_DUPLICATE,		/* same activity as duplicate_of */
	FILE_UNSUPPORTED,	/* a format we recognise but do not read (FIT, ...) */
	FILE_IGNORED,		/* an activity that is not a run (reason: class and why) */
	FILE_NOT_WALKED,	/* not an input file: a FIFO, a device (reason says which) */
	FILE_CONFIG		/* athlete.ini or pain.csv with an error: not used (reason: line, why) */
};

struct file_note {
	char file[512];
	enum file_note_kind kind;
	char reason[256];
	char duplicate_of[512];	/* FILE_DUPLICATE only */
};

/*
 * One athlete.  Count in = parsed + skipped + duplicates (DESIGN.md); the
 * report prints the four counts as given.
 */
struct athlete_report {
	const struct athlete_result *res;
	const char *folder;		/* the athlete's input folder name (its id) */
	const struct file_note *notes;
	size_t nnotes;
	size_t files_in, files_parsed, files_skipped, files_duplicate;
	/* Activities in = runs + not runs + duplicates + unusable (DESIGN.md). */
	size_t activities_in, activities_runs, activities_not_runs, activities_duplicate,
	       activities_unusable;
	/* "Since the last report" (indices into res); NULL: the block is left out. */
	const struct since_diff *since;
};

struct report_options {
	const char *outdir;	/* created if missing (one level) */
	bool charts;		/* run gnuplot */
	const char *gnuplot;	/* program, looked up in PATH; NULL: "gnuplot" */
	int32_t today;		/* epoch day, or RR_NO_DAY: the report never reads the clock */
	/*
	 * NULL, or where every file of the report is recorded (replaced or
	 * unchanged), for the OUTDIR manifest.
	 */
	struct rr_outset_log *written;
	/*
	 * NULL, or asked before any file is replaced, for each existing
	 * target whose bytes change: RR_OK, or an error (then nothing is
	 * replaced).  Lets cmd/ refuse to overwrite a file runrisk did not write.
	 */
	enum rr_status (*may_replace)(void *ctx, const char *target, struct rr_error *err);
	void *may_replace_ctx;
};

void report_options_init(struct report_options *o);	/* "report", charts on, RR_NO_DAY */

/*
 * Write the report for n athletes (n >= 1; with one athlete everything goes
 * flat into outdir, with several each gets outdir/<safe folder name>/ and
 * outdir gets the ranked roster).  Text, CSV and JSON come first and charts
 * last, then the HTML pages (which show the charts that were made).  Returns
 * the first error (RR_EIO, RR_ENOMEM) but writes everything it can: when
 * gnuplot is missing or fails, err says "gnuplot not found ..." or
 * "gnuplot failed ..." and every other file is still written.
 */
enum rr_status report_write(const struct report_options *o,
			    const struct athlete_report *a, size_t n,
			    struct rr_error *err);

/*
 * The roster order: highest active flag level (no data for more than
 * PLAN_STALE_DAYS counts as a warning), then the most recent active
 * flag, then the number of active flags, then the name.  Fills idx[0..n)
 * with athlete indices in that order.
 */
void report_rank(const struct athlete_report *a, size_t n, size_t *idx);


#endif
