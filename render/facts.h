/*
 * facts.h - the facts about one athlete's result that several renderers
 * show the same way: which flags are active and how many, which is the
 * most urgent, the order to list them in, the name to show, and numbers
 * printed whatever the locale.  No words of a rule (those are in
 * rule_words.h) and no sums (analysis/ made them).  The bottom of render/:
 * it calls no other render/ file.  Private to render/ and its tests.
 */
#ifndef RR_FACTS_H
#define RR_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/timeline.h"
#include "render/report.h"

/* The name to show for an athlete: the configured name, else the folder. */
const char *athlete_display_name(const struct athlete_report *a);

/* Active flags per level (index = enum flag_level), and the most recent one's day. */
struct flag_counts {
	size_t level[4];
	size_t total;
	int32_t latest_day;	/* RR_NO_DAY when none is active */
	const struct flag *top;	/* the most urgent (flag_more_urgent); NULL when none */
};

void flag_counts_compute(struct flag_counts *c, const struct athlete_result *res);

/* v with exactly decimals digits after a '.', whatever the locale; "-" for NAN. */
char *fmt_fixed(char *buf, size_t size, double v, int decimals);

/*
 * Is a more urgent than b?  Higher level; at one level a training rule
 * before an equipment rule (a worn shoe is bought away, a load spike must be
 * trained away; rule_table.h says which is which); then the more recent.
 */
bool flag_more_urgent(const struct flag *a, const struct flag *b);

/*
 * The rules among the active flags, once each (its highest level, then
 * latest flag), most urgent first (flag_more_urgent).  Fills out[0..max)
 * and returns how many.
 */
size_t active_rules(const struct athlete_result *r, const struct flag **out, size_t max);

/*
 * Is r->flags[i] the first active flag of its rule: the highest level, then
 * the first listed?  Its rule's "why" and "do" are shown there, once.
 */
bool flag_first_of_rule(const struct athlete_result *r, size_t i);

/*
 * The flags newest day first and, within a day, highest level first (the
 * order of r->flags, which is sorted by day, then level).
 */
struct flag_walk {
	const struct athlete_result *r;
	size_t start, end, i;	/* the current day's flags are [start, end) */
};

void flag_walk_init(struct flag_walk *w, const struct athlete_result *r);
const struct flag *flag_walk_next(struct flag_walk *w);	/* NULL at the end */

/*
 * The Load block of report.txt and the page: the analysis' 7- and 28-day
 * loads (r->last7, r->last28) in display units, one line each.
 */
struct load_line {
	const char *label;
	double last7, last28;
	int decimals;
};

#define LOAD_LINES 6
void load_lines_of(struct load_line out[LOAD_LINES], const struct athlete_result *r);

/*
 * Under this many km left a shoe is "soon" to retire: its bar on the shoe
 * chart turns orange, and a shoe in use in the last 28 days gets a line in
 * the headline.  A display choice, not a rule threshold.
 */
#define SHOE_SOON_KM 100.0

/*
 * report.txt and the page list at most this many pain entries, the latest
 * (r->pain is in date order); the charts and the rules use them all.  A
 * years-long diary would otherwise bury the report (and take seconds to
 * write every night).  A display choice, not a rule threshold.
 */
#define PAIN_SHOWN_MAX 30

/* The index of the first pain entry the report lists (PAIN_SHOWN_MAX). */
size_t pain_first_shown(const struct athlete_result *r);

/*
 * A pain entry's preceding flags as "rule level date; ...", cut with "..."
 * to fit size (report.txt and the page use PAIN_PRECEDING_SIZE); "" none.
 */
#define PAIN_PRECEDING_SIZE 512
char *pain_preceding_text(char *buf, size_t size, const struct pain_row *p);

/* The day row of r->last_day, NULL when there is none. */
const struct day_row *last_day_row(const struct athlete_result *r);

/*
 * The roster's latest day with data (RR_NO_DAY: none): an athlete with no
 * data for more than PLAN_STALE_DAYS (analysis/plan.h) before it ranks with
 * the warnings, as a reason to check in.
 */
int32_t roster_ref_day(const struct athlete_report *a, size_t n);

#endif
