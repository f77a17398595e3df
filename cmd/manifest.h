/*
 * manifest.h - the record of what runrisk wrote in an OUTDIR
 * (OUTDIR/.runrisk-manifest, beside the lock), so that it replaces and
 * deletes only its own files, and recognises its own output folders when
 * they lie among the inputs.  Included by cmd/ and tests.
 *
 * File: a first line "runrisk-manifest 1", then one file per line: the
 * 64-bit hash of the bytes runrisk wrote (16 hex digits), a blank, the
 * path relative to OUTDIR ("report.txt", "ana/runs.csv", and the report's
 * memories ".runrisk-alerts", ".runrisk-since"); written atomically
 * (core/outfile.h) after each report and its memories.  Paths are bytes; a path holding a
 * newline or a ".." component is never written nor trusted.
 *
 * An OUTDIR is runrisk's when it holds the manifest or the lock file
 * (cmd/lock.h; an OUTDIR of a runrisk from before the manifest, or of a
 * run that never finished, has the lock).
 *
 * Ownership: struct manifest owns its strings.  Main thread only.
 */
#ifndef RR_MANIFEST_H
#define RR_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/outfile.h"

#define RR_MANIFEST_NAME ".runrisk-manifest"

struct manifest {
	struct manifest_entry {
		char *rel;		/* relative to OUTDIR */
		uint64_t hash;		/* manifest_hash_file() when written */
	} *v;			/* sorted by rel (strcmp), unique */
	size_t n, cap;
};

enum outdir_state {
	OUTDIR_ABSENT,		/* nothing there yet */
	OUTDIR_EMPTY,		/* an empty folder */
	OUTDIR_OURS,		/* holds the manifest or the lock */
	OUTDIR_FOREIGN,		/* a non-empty folder runrisk did not make */
	OUTDIR_NOT_DIR		/* something else: a file, a device, ... */
};

/* What is at dir?  Reads only its entry names. */
enum outdir_state outdir_state_of(const char *dir);

/* Does dir hold runrisk's marker (the manifest or the lock)? */
bool outdir_has_marker(const char *dir);

void manifest_init(struct manifest *m);
void manifest_release(struct manifest *m);

/*
 * Load OUTDIR's manifest (missing: empty).  A file that is not a regular
 * file, or has a wrong first line, is ignored (empty).  RR_OK or RR_ENOMEM.
 */
enum rr_status manifest_load(struct manifest *m, const char *outdir, struct rr_error *err);

/* rel's entry (rel relative to OUTDIR), or NULL. */
const struct manifest_entry *manifest_find(const struct manifest *m, const char *rel);
bool manifest_has(const struct manifest *m, const char *rel);

/*
 * The hash a manifest keeps of a regular file's bytes (opened without
 * blocking, links not followed); 0 when it cannot be read.  A listed file
 * whose hash changed was rewritten by someone else: no longer runrisk's.
 */
uint64_t manifest_hash_file(const char *path);

/* The part of path below outdir ("outdir/x/y" -> "x/y"), or NULL. */
const char *manifest_relative(const char *outdir, const char *path);

/*
 * Make the new manifest from the files of a report (log: full paths under
 * outdir) and write it atomically, unless it equals old (may be NULL).
 * RR_OK, RR_EIO or RR_ENOMEM.
 */
enum rr_status manifest_save(struct manifest *next, const struct manifest *old,
			     const char *outdir, const struct rr_outset_log *log,
			     struct rr_error *err);

/*
 * Remove the files old lists and next does not (an athlete no longer in
 * the roster), and their folders when that leaves them empty.  Only
 * regular files are removed; a folder that still holds another file
 * stays, and so does a file whose bytes changed since runrisk wrote it.
 * Returns how many files were removed.
 */
size_t manifest_remove_stale(const struct manifest *old, const struct manifest *next,
			     const char *outdir);

#endif
