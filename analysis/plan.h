/*
 * plan.h - the next 7 days as one plan, derived from every active flag
 * together (and the pain diary): a cap on the km of the 7 days, a cap on the
 * longest run, hills and speed work yes or no, shoes to retire, and the
 * athlete's status (training or returning after a break, pain).  Each cap
 * is the strictest any flag asks for and names the flag (or pain entry) it
 * came from, with the base and the ratio it is computed from, so the words
 * can show the arithmetic.  What a rule restricts is its row in
 * rule_table.c (rule_plan_limits()).  Pure computation, no I/O, no wording.
 * Included by render/ (read only), cmd/ and tests.
 */
#ifndef RR_PLAN_H
#define RR_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/timeline.h"

/*
 * A recent pain entry at or above this severity (0..10) stops hills and
 * speed work and caps the longest run (the pain cap).
 */
#define PLAN_PAIN_SEVERITY 4
/*
 * The pain cap (heuristic): no run longer than PLAN_PAIN_ONSET_RATIO x the
 * km at onset an entry of the episode gives (stop well before the pain
 * began), else than the shortest run in the PLAN_PAIN_FREE_DAYS days before
 * the episode's first entry (a distance run without this pain).
 */
#define PLAN_PAIN_ONSET_RATIO 0.8
#define PLAN_PAIN_FREE_DAYS 28
/* Pain lasting longer than this many days needs a professional. */
#define PLAN_PAIN_PRO_DAYS 7
#define PLAN_SHOES_MAX 8

enum plan_src_kind {
	PLAN_SRC_NONE, PLAN_SRC_FLAG, PLAN_SRC_PAIN, PLAN_SRC_RETURN,
	PLAN_SRC_SPIKE_RULE	/* no flag: the single-run rule every run is judged by */
};

/*
 * Where a limit came from: r->flags[index], r->pain[index] or
 * r->returns[index] (PLAN_SRC_SPIKE_RULE: no index).
 */
struct plan_src {
	enum plan_src_kind kind;
	size_t index;
};

/* What a cap's base_m is (the words are render/'s). */
enum plan_base {
	PLAN_BASE_NONE,
	PLAN_BASE_CHRONIC_WEEK,		/* acwr: the weekly mean of the 28 days */
	PLAN_BASE_WEEK_BEFORE,		/* weekly_jump: the week before the jump */
	PLAN_BASE_LONGEST_BEFORE,	/* long_run_spike: the longest run before it */
	PLAN_BASE_RETURN_WEEK,		/* the weekly mean of the 28 days before the break */
	PLAN_BASE_RETURN_RUN,		/* the mean run of those 28 days */
	PLAN_BASE_RETURN_LONGEST,	/* the longest run of those 28 days (the run cap's ceiling) */
	PLAN_BASE_RETURN_SINCE,		/* the longest run since the return */
	PLAN_BASE_RETURN_FIRST,		/* the first run's limit (growth over the longest since is less) */
	PLAN_BASE_RETURN_WEEK_LEFT,	/* km7: what is left of the return week's limit, and the next's */
	PLAN_BASE_LONGEST_WINDOW,	/* the longest run of the long_run_spike window */
	PLAN_BASE_PAIN_ONSET,		/* the km at onset a pain entry gives */
	PLAN_BASE_PAIN_FREE,		/* the shortest run before the pain episode */
	PLAN_BASE_KM7			/* longest: the cap of the 7 days, which is lower */
};

/*
 * A cap in metres: value = base_m x ratio.  For PLAN_SRC_RETURN: ratio =
 * factor (the break's) x growth ((1 + return_growth)^return_week, 1 when
 * the cap is the pre-break level itself), return_week 0 = the first 7 days.
 */
struct plan_cap {
	bool set;
	double value_m, base_m, ratio;
	enum plan_base base;
	int return_week;
	double factor, growth;
	struct plan_src src;
	/*
	 * PLAN_BASE_RETURN_WEEK_LEFT: week_m, the limit of the return week in
	 * progress; used_m, run in it up to the last day; week_end, its last
	 * day; next_m, the next return week's limit, and next_days of it in
	 * the plan's 7 days (value = week_m - used_m + next_m x next_days / 7).
	 * PLAN_BASE_LONGEST_WINDOW: since_day, the first day of the window.
	 */
	double week_m, used_m, next_m;
	int32_t week_end, since_day;
	int next_days;
};

struct week_plan {
	int32_t from, until;		/* the 7 days after the last day with data */
	enum flag_level level;		/* highest active level, 0: none */
	struct plan_cap km7;		/* the km of the 7 days */
	struct plan_cap longest;	/* the longest run */
	/*
	 * With km7 by PLAN_BASE_RETURN_WEEK_LEFT and less left of the return
	 * week in progress than the longest-run cap: until early_until (its
	 * last day) no run above early_m (what is left), or none at all.
	 */
	bool early;
	double early_m;
	int32_t early_until;
	bool hills_ok, speed_ok;
	struct plan_src hills_src, speed_src;	/* the most urgent reason when not ok */
	int shoes[PLAN_SHOES_MAX];	/* shoes to retire (r->shoes index), alert first */
	struct plan_src shoe_src[PLAN_SHOES_MAX];
	size_t nshoes;

	/* status */
	bool returning;			/* last_day lies in a return phase (r->returns) */
	size_t return_phase;		/* its r->returns index */
	int return_day;			/* last_day is day N of the return (1 = the first run back) */
	int break_days;			/* days without running before it */
	int32_t back_day;
	unsigned return_runs;		/* runs from back_day to last_day */

	/* pain: the latest entry, its trend, how long this episode has lasted */
	bool pain;			/* a diary entry exists */
	size_t pain_latest;		/* r->pain index */
	int pain_trend;			/* +1 worse than the entry before, -1 better, 0 same or none */
	int pain_days;			/* first to latest entry of the episode, both counted */
	bool pain_recent;		/* the latest entry is within the last 7 days of data */
	bool see_professional;		/* pain has lasted more than PLAN_PAIN_PRO_DAYS */
	size_t pain_first;		/* r->pain index: the episode's first entry */
};

/*
 * Days from an athlete's last day with data to ref_day (a roster's latest
 * day, or the report date): -1 without runs.  More than PLAN_STALE_DAYS is
 * a reason to check in, ranked with the warnings.
 */
#define PLAN_STALE_DAYS 7
int days_without_data(const struct athlete_result *r, int32_t ref_day);
bool athlete_is_stale(const struct athlete_result *r, int32_t ref_day);

/*
 * The plan for the 7 days after r->last_day; a result without runs gets an
 * empty plan.  Each cap is the tightest of: the active flags' (acwr,
 * weekly_jump, long_run_spike), the return phase's for the return week the 7
 * days start in (for the whole phase, not only while its flag is active),
 * and the pain cap.  The longest run is never capped above the 7 days.
 * Needs rules_apply() to have run (r->returns).
 */
void plan_compute(struct week_plan *p, const struct athlete_result *r);

#endif
