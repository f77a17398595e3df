/*
 * outfile.h - atomic output files: write to a temporary file in the target's
 * folder, then rename it over the target, so that a reader (or a crash)
 * never sees a half-written report.  Included by report/ and cmd/.
 *
 * Usage:
 *	struct rr_outfile o;
 *	if (rr_outfile_open(&o, "out/runs.csv", err))
 *		return err->code;
 *	fprintf(o.f, ...);		// any stdio output; errors are sticky
 *	return rr_outfile_commit(&o, err);	// or rr_outfile_abort(&o)
 *
 * Ownership: the struct owns the FILE and both path strings until commit or
 * abort, which always release them (whatever they return).  On failure the
 * temporary file is unlinked and the previous target, if any, is intact.
 */
#ifndef RR_OUTFILE_H
#define RR_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct rr_outfile {
	FILE *f;	/* write here */
	char *path;	/* the target */
	char *tmp;	/* "<dir>/.<name>.XXXXXX" in the target's folder */
};

/*
 * Create the temporary file.  New files get mode 0644; an existing target
 * keeps its mode.  Fails with RR_EIO (err names the file and errno) or
 * RR_ENOMEM.
 */
enum rr_status rr_outfile_open(struct rr_outfile *o, const char *path,
			       struct rr_error *err);

/*
 * Check ferror, flush, fsync, close and rename over the target.  On any
 * failure the temporary is unlinked and RR_EIO is returned, with errno in
 * err->errno_ (ENOSPC, EFBIG, EACCES, ...) and the target named in the
 * message.
 */
enum rr_status rr_outfile_commit(struct rr_outfile *o, struct rr_error *err);

/* Close and unlink the temporary; the target is untouched.  Safe after commit. */
void rr_outfile_abort(struct rr_outfile *o);

/* Open, write len bytes of data, commit. */
enum rr_status rr_outfile_write(const char *path, const void *data, size_t len,
				struct rr_error *err);

#endif
