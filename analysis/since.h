/*
 * since.h - "Since the last report": what the previous report knew of an
 * athlete (a plain struct that cmd/ loads from OUTDIR) against this
 * report's result: new runs, new flags, flags that cleared, new pain
 * entries.  Pure, no I/O.  Included by analysis/, render/, cmd/ and tests.
 *
 * Ownership: struct since_state and struct since_diff own their arrays
 * (since_state_release(), since_diff_release()); a diff's indices point
 * into the result it was computed from, which must outlive it.
 */
#ifndef RR_SINCE_H
#define RR_SINCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/timeline.h"

/* An active flag as the previous report showed it. */
struct since_flag {
	int32_t day;
	enum rule_id rule;
	enum flag_level level;
};

/* A pain entry, by its day and severity (-1 unknown). */
struct since_pain {
	int32_t day;
	int severity;
};

/* What one report knew of an athlete. */
struct since_state {
	bool known;		/* false: no previous report (the first one) */
	int32_t report_day;	/* the day that report was written (UTC), RR_NO_DAY */
	int64_t *run_starts_s;	size_t nruns;	/* UTC start second of each run */
	struct since_flag *flags;	size_t nflags;	/* its active flags */
	struct since_pain *pain;	size_t npain;
	size_t runs_cap, flags_cap, pain_cap;
};

void since_state_init(struct since_state *s);
void since_state_release(struct since_state *s);
/* Append one fact; 0, or -1 on allocation failure. */
int since_state_add_run(struct since_state *s, int64_t start_s);
int since_state_add_flag(struct since_state *s, int32_t day, enum rule_id rule,
			 enum flag_level level);
int since_state_add_pain(struct since_state *s, int32_t day, int severity);

/*
 * The facts of r to remember for the next report (known = true,
 * report_day as given).  0, or -1 on allocation failure (out released).
 */
int since_state_of(struct since_state *out, const struct athlete_result *r,
		   int32_t report_day);

/* The comparison; every index is into the result given to since_compare(). */
struct since_diff {
	bool first;		/* no previous report: nothing else is set */
	int32_t prev_day;	/* the previous report's day */
	size_t *new_runs;	size_t nnew_runs;	/* into r->runs */
	size_t *new_flags;	size_t nnew_flags;	/* into r->flags, active ones */
	struct since_flag *cleared;	size_t ncleared;	/* active before, not now */
	size_t *new_pain;	size_t nnew_pain;	/* into r->pain */
};

void since_diff_release(struct since_diff *d);
/* true when nothing is new and nothing cleared (and not the first report). */
bool since_diff_empty(const struct since_diff *d);

/*
 * Compare the previous report's facts with r.  A run is new when no
 * earlier run started in the same second; a flag is new when it is
 * active now and the same (day, rule, level) was not active before; a
 * flag cleared when it was active before and is not active now; a pain
 * entry is new when no earlier entry had its day and severity (as many
 * times).  0, or -1 on allocation failure (out released).
 */
int since_compare(struct since_diff *out, const struct since_state *prev,
		  const struct athlete_result *r);

#endif
