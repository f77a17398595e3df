/*
 * since_store.h - the report's memory for "Since the last report"
 * (OUTDIR/.runrisk-since): per athlete, the day of the last report, its
 * runs' start times, its active flags and its pain entries.  Like the
 * alert memory (alerts.h) it is a file of its own, apart from the cache,
 * written atomically (core/outfile.h) once the report is in place.
 * Included by cmd/ and tests.
 *
 * File: a first line "runrisk-since 1", then one fact per line, the
 * athlete's folder name last and escaped as in .runrisk-alerts:
 *   "d\tDAY\tathlete"                 the day of the report (YYYY-MM-DD)
 *   "r\tSTART_S\tathlete"             a run's UTC start second
 *   "f\tDAY\tLEVEL\trule\tathlete"    an active flag
 *   "p\tDAY\tSEVERITY\tathlete"       a pain entry
 * A line that does not parse is skipped; an athlete without its "d" line
 * counts as never reported.  A file with another first line is ignored.
 *
 * Ownership: struct since_store owns its lines.  Main thread only.
 */
#ifndef RR_SINCE_STORE_H
#define RR_SINCE_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/since.h"
#include "core/err.h"

#define RR_SINCE_NAME ".runrisk-since"

struct since_store {
	char **lines;		/* as in the file, without the newline */
	size_t n, cap;
	bool rejected;		/* the file was there but not ours */
};

void since_store_init(struct since_store *s);
void since_store_release(struct since_store *s);
/* Load path (missing: empty).  RR_OK or RR_ENOMEM. */
enum rr_status since_store_load(struct since_store *s, const char *path, struct rr_error *err);
/* The previous facts of one athlete (out->known false when none).  0 or -1 (OOM). */
int since_store_get(const struct since_store *s, const char *athlete, struct since_state *out);
/* Replace one athlete's facts with st's.  0 or -1 (OOM). */
int since_store_put(struct since_store *s, const char *athlete, const struct since_state *st);
/* Drop every athlete not in names (a roster that lost one). */
void since_store_keep_only(struct since_store *s, const char *const *names, size_t n);
enum rr_status since_store_save(const struct since_store *s, const char *path,
				struct rr_error *err);

#endif
