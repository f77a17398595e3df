/*
 * linefile.h - runrisk's small memories in OUTDIR (.runrisk-alerts,
 * .runrisk-since): a header line, then one text line per record, read
 * whole and written atomically (core/outfile.h).
 */
#ifndef RR_LINEFILE_H
#define RR_LINEFILE_H

#include <stddef.h>

#include "core/err.h"

enum linefile_state {
	LINEFILE_READ,		/* read, its header matched */
	LINEFILE_MISSING,	/* no such file: a first run */
	LINEFILE_REJECTED	/* unreadable, too large, or another header */
};

/*
 * Read path (at most max bytes) and hand each whole line after header to
 * add(ctx, line): line is malloced and passes to add, which returns 0
 * (kept), 1 (dropped, add freed it) or -1 (out of memory, add freed it).
 * A line cut short (no newline) or holding a NUL is dropped here, unseen.
 * *state says what the file was; *dropped counts the lines dropped here
 * or by add.  RR_OK, or RR_ENOMEM with err set.
 */
enum rr_status linefile_load(const char *path, const char *header, unsigned long long max,
			     int (*add)(void *ctx, char *line), void *ctx,
			     enum linefile_state *state, size_t *dropped, struct rr_error *err);

/* Write header, then each of the n lines with a newline, as one atomic file. */
enum rr_status linefile_save(const char *path, const char *header, char *const *lines,
			     size_t n, struct rr_error *err);

#endif
