/*
 * lock.h - one runrisk at a time per output folder: an exclusive flock(2)
 * on OUTDIR/.runrisk.lock, held from before the cache is read until after
 * the report and cache are renamed into place.  Included by cmd/ and tests.
 *
 * The lock belongs to the open file description: the kernel drops it when
 * the process ends, however it ends, so a crashed run never leaves a stale
 * lock behind.  The descriptor is close-on-exec (gnuplot does not inherit
 * it).  The lock file is never deleted: deleting it would let two runs
 * lock two different files of the same name.  It holds the holder's pid,
 * for the message a waiting run prints.
 */
#ifndef RR_LOCK_H
#define RR_LOCK_H

#include "core/err.h"

#define RR_LOCK_NAME ".runrisk.lock"
#define RR_LOCK_WAIT_DEFAULT_S 600.0	/* a second cron run waits up to 10 minutes */

struct outdir_lock {
	int fd;		/* -1 when not held */
};

void outdir_lock_init(struct outdir_lock *l);

/*
 * Take the lock of the folder outdir, which must exist.  wait_s = 0: try
 * once; wait_s > 0: retry until that many seconds have passed; wait_s < 0:
 * wait for ever.  On failure returns RR_EIO; err->errno_ is EWOULDBLOCK
 * when another process holds the lock (the message names its pid and the
 * time waited), else the errno of the open that failed.
 */
enum rr_status outdir_lock_acquire(struct outdir_lock *l, const char *outdir,
				   double wait_s, struct rr_error *err);

/* Drop the lock (no-op when not held). */
void outdir_lock_release(struct outdir_lock *l);

#endif
