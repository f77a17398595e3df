/*
 * alerts.h - the alert memory (OUTDIR/.runrisk-alerts): the set of
 * (athlete, day, rule, level) already reported, so that --quiet prints
 * only new ones and cron mails each alert once.  It is a file of its own,
 * apart from the parse cache (cmd/cache.h), so that a rebuilt cache does
 * not re-send old alerts.  Included by cmd/ and tests.
 *
 * File: a first line "runrisk-alerts 1", then one key per line (see
 * doc/archive.md): "DATE\tLEVEL\trule\tathlete" for an alert,
 * "bad\tSIZE\tMTIME\tpath" for a known bad file; written atomically with
 * core/outfile.h.
 *
 * Ownership: struct alert_set owns its keys.  Not thread-safe: the main
 * thread only.
 */
#ifndef RR_ALERTS_H
#define RR_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/timeline.h"
#include "core/err.h"

#define RR_ALERTS_NAME ".runrisk-alerts"

struct alert_set {
	char **keys;		/* canonical lines, see doc/archive.md */
	int32_t *days;
	size_t n, cap;
	size_t *slots;
	size_t nslots;
	bool dirty;
};

void alert_set_init(struct alert_set *s);
void alert_set_release(struct alert_set *s);

/*
 * Load path (missing: empty).  A file with a wrong first line is ignored
 * (*rejected = true when rejected is not NULL); malformed lines are
 * skipped.  Returns RR_OK or RR_ENOMEM.
 */
enum rr_status alert_set_load(struct alert_set *s, const char *path, bool *rejected,
			      struct rr_error *err);

/* athlete is bytes (a folder name), rule a fixed id from analysis/rules. */
bool alert_set_contains(const struct alert_set *s, const char *athlete, int32_t day,
			const char *rule, enum flag_level level);
/* 1 when the key is new (and now added), 0 when already there, -1 on OOM. */
int alert_set_add(struct alert_set *s, const char *athlete, int32_t day,
		  const char *rule, enum flag_level level);
/* Forget alerts about days before first_day (bounds the file). */
void alert_set_prune_before(struct alert_set *s, int32_t first_day);
/*
 * Known bad files (unreadable, unsupported), so that one that stays bad
 * is mailed once, not every night: keyed by path, size and mtime, so a
 * changed file is new again.  1 when new (and now added), 0 when known,
 * -1 on OOM.  Either way the file counts as met by this run.
 */
int alert_set_add_bad(struct alert_set *s, const char *path, uint64_t size_bytes,
		      int64_t mtime_s, long mtime_ns);
/* Forget the bad files this run did not meet (fixed, changed or gone). */
void alert_set_forget_unseen_bad(struct alert_set *s);

/* Write atomically when changed. */
enum rr_status alert_set_save(struct alert_set *s, const char *path, struct rr_error *err);

#endif
