/*
 * outfile.h - atomic output files: write to a temporary file in the target's
 * folder, then rename it over the target, so that a reader (or a crash)
 * never sees a half-written report.  Included by render/ and cmd/.
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

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct rr_outfile {
	FILE *f;	/* write here */
	char *path;	/* the target */
	char *tmp;	/* "<dir>/.<name>.runrisk-XXXXXX" in the target's folder */
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

/* mkstemp's template after ".<name>": every runrisk temporary ends so. */
#define RR_OUTFILE_TMP_TAIL ".runrisk-XXXXXX"

/*
 * Is name (a folder entry) one of rr_outfile_open()'s temporaries, left by
 * a process that died before commit or abort: ".BASE.runrisk-XXXXXX"?
 * Other tools' temporaries (rsync's ".BASE.XXXXXX") are not.
 */
bool rr_outfile_is_temporary(const char *name);

/* Open, write len bytes of data, commit. */
enum rr_status rr_outfile_write(const char *path, const void *data, size_t len,
				struct rr_error *err);

/*
 * A set of output files replaced together: every file is written, flushed
 * and fsynced to its temporary (beside its target) first; only when all of
 * them (and anything else the caller must finish, such as charts)
 * succeeded does rr_outset_commit() rename them over their targets, one
 * rename each.  A failure before the commit leaves every previous target
 * untouched.
 *
 *	struct rr_outset set = RR_OUTSET_INIT;
 *	rr_outfile_open(&o, path, err); fprintf(o.f, ...);
 *	if (rr_outset_add(&set, &o, err)) ...	// o is released either way
 *	...
 *	st = failed ? (rr_outset_abort(&set), st) : rr_outset_commit(&set, NULL, err);
 *
 * A file whose new bytes equal its target's is not replaced at all (its
 * mtime stays).  The renames are not one atomic step: a crash between two
 * of them leaves some files new and some old, each file whole.
 */
struct rr_outset {
	struct rr_outset_item {
		char *from;	/* a finished temporary (or a staged file) */
		char *to;	/* its target */
	} *v;
	size_t n, cap;
	struct rr_outset_log *log;	/* NULL, or where every target is recorded */
};

#define RR_OUTSET_INIT { NULL, 0, 0, NULL }

/*
 * Every target given to rr_outset_add(), replaced or left alone because
 * its bytes did not change: what a report consists of (the OUTDIR
 * manifest, cmd/manifest.h).  oom is sticky.  The log owns its strings.
 */
struct rr_outset_log {
	char **paths;
	size_t n, cap;
	bool oom;
};

/* Record path (a file of the report left as it is); log may be NULL. */
void rr_outset_log_add(struct rr_outset_log *log, const char *path);
void rr_outset_log_release(struct rr_outset_log *log);

/*
 * Flush, fsync and close o's temporary and queue it in the set.  On failure
 * the temporary is unlinked and RR_EIO or RR_ENOMEM returned (target named).
 * o is released either way.
 */
enum rr_status rr_outset_add(struct rr_outset *set, struct rr_outfile *o,
			     struct rr_error *err);

/*
 * Rename every queued file over its target, in the order queued.  A rename
 * that fails (it should not: same folder) is reported and the rest are
 * still tried; the message then says how many files were already
 * replaced.  *replaced (may be NULL) gets that number.  The set is emptied.
 */
enum rr_status rr_outset_commit(struct rr_outset *set, size_t *replaced,
				struct rr_error *err);

/* Unlink every queued file; no target is touched.  The set is emptied. */
void rr_outset_abort(struct rr_outset *set);

#endif
