/*
 * dedupe.h - find the same activity recorded in several files: the GPX and
 * the TCX export of one run, a re-export, a gzip copy.  Pure computation,
 * no I/O.  Included by analysis/, cmd/ and tests.
 *
 * Two activities are the same when their starts are close AND their
 * distances are close AND their elapsed times are close (each "close" is a
 * fraction or an absolute margin, whichever is larger; see struct
 * dedupe_rules and doc/archive.md).  Matching is transitive: a chain of
 * close copies is one activity.  Of each group the richest copy is kept
 * (dedupe_richer()); the result does not depend on the input order.
 *
 * Call it once per athlete: two athletes on a group run share start,
 * distance and time, and are not duplicates of each other.
 */
#ifndef RR_DEDUPE_H
#define RR_DEDUPE_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/run_entry.h"
#include "analysis/summary.h"

#define DEDUPE_KEPT ((size_t)-1)	/* dup_of[] value of a kept activity */

struct dedupe_rules {
	double start_window_s;		/* starts at most this far apart: 60 */
	double distance_frac;		/* distances within 6 % of the longer ... */
	double distance_abs_m;		/* ... or within 200 m */
	double elapsed_frac;		/* elapsed within 5 % of the longer ... */
	double elapsed_abs_s;		/* ... or within 120 s */
};

void dedupe_rules_default(struct dedupe_rules *r);

/* One activity: its summary and its file (the last tie-break; may be NULL). */
struct dedupe_item {
	const struct run_summary *s;
	const char *path;
};

/*
 * Are a and b one activity?  Both starts must be known; distance and
 * elapsed are compared where both are known, and at least one of the two
 * must be.  Routes (planned courses) are never duplicates.  Symmetric.
 */
bool dedupe_same_activity(const struct dedupe_rules *r, const struct run_summary *a,
			  const struct run_summary *b);

/*
 * Which copy to keep: < 0 when a is richer, > 0 when b is, 0 only for the
 * same file and activity.  In order: has heart rate, more points, has a
 * device distance, FIT over TCX over GPX, path (bytewise, smaller first), activity
 * index within the file.
 */
int dedupe_richer(const struct dedupe_item *a, const struct dedupe_item *b);

/*
 * Set dup_of[i] for each of the n items: DEDUPE_KEPT, or the index of the
 * kept copy of the same activity.  *nduplicates (may be NULL) receives the
 * number of items not kept.  Returns 0, or -1 on allocation failure
 * (dup_of is then all DEDUPE_KEPT).  O(n log n) plus the pairs that start
 * within the window.
 */
int dedupe_find(const struct dedupe_rules *r, const struct dedupe_item *items, size_t n,
		size_t *dup_of, size_t *nduplicates);

/* The same over the runs cmd/ assembles (run_entry.file is the path). */
int dedupe_runs(const struct dedupe_rules *r, const struct run_entry *runs, size_t n,
		size_t *dup_of, size_t *nduplicates);

#endif
