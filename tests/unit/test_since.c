/*
 * test_since.c - "Since the last report" (analysis/since.h): hand-made
 * before and after results, compared through the state the first one
 * leaves for the next report.  Covers the first report, nothing new, a
 * new run, a new pain entry, a new flag, a flag that cleared (aged out of
 * the 7 active days), a repeated pain entry on one day, and the words
 * render/advice.c gives them.  Day numbers count from 2024-01-01 (day
 * 19723 is that date as an epoch day).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/since.h"
#include "analysis/timeline.h"
#include "core/timeutil.h"
#include "render/render.h"

#define D0 19723	/* 2024-01-01 */

/* A result made by hand: runs at noon UTC of the given days, flags, pain. */
struct hand {
	struct run_entry runs[8];
	struct flag flags[8];
	struct pain_row pain[8];
	struct athlete_result r;
};

static void hand_init(struct hand *h, int32_t last_day)
{
	memset(h, 0, sizeof(*h));
	h->r.first_day = D0;
	h->r.last_day = D0 + last_day;
	h->r.runs = h->runs;
	h->r.flags = h->flags;
	h->r.pain = h->pain;
}

static void hand_run(struct hand *h, int32_t day, double km)
{
	struct run_entry *e = &h->runs[h->r.nruns++];

	e->local_day = D0 + day;
	e->s.start_t_s = ((double)D0 + day) * 86400.0 + 43200.0;
	e->s.distance_m = km * 1000.0;
	e->shoe = -1;
}

static void hand_flag(struct hand *h, int32_t day, enum rule_id rule, enum flag_level level)
{
	struct flag *f = &h->flags[h->r.nflags++];

	f->day = D0 + day;
	f->rule = rule;
	f->level = level;
}

static void hand_pain(struct hand *h, int32_t day, int severity, const char *side)
{
	struct pain_row *p = &h->pain[h->r.npain++];

	p->entry.day = D0 + day;
	p->entry.severity = severity;
	snprintf(p->entry.side, sizeof(p->entry.side), "%s", side);
}

/* The state "before" leaves, compared with "after". */
static void compare(struct since_diff *d, const struct hand *before, const struct hand *after)
{
	struct since_state st;

	assert_int_equal(since_state_of(&st, &before->r, D0 + 100), 0);
	assert_int_equal(since_compare(d, &st, &after->r), 0);
	since_state_release(&st);
}

static void first_report(void **state)
{
	struct since_state none;
	struct since_diff d;
	struct hand h;
	char buf[160];

	(void)state;
	hand_init(&h, 10);
	hand_run(&h, 10, 8.0);
	since_state_init(&none);
	assert_int_equal(since_compare(&d, &none, &h.r), 0);
	assert_true(d.first);
	assert_false(since_diff_empty(&d));
	assert_string_equal(since_head(buf, sizeof(buf), &d), "first report");
	since_diff_release(&d);
}

static void nothing_new(void **state)
{
	struct since_diff d;
	struct hand h;
	char buf[160], items[SINCE_ITEMS_MAX][SINCE_ITEM_SIZE];

	(void)state;
	hand_init(&h, 10);
	hand_run(&h, 3, 8.0);
	hand_run(&h, 10, 12.0);
	hand_flag(&h, 10, RULE_LONG_RUN_SPIKE, FLAG_WARN);
	hand_pain(&h, 9, 3, "left");
	compare(&d, &h, &h);
	assert_true(since_diff_empty(&d));
	assert_int_equal(d.prev_day, D0 + 100);
	assert_string_equal(since_head(buf, sizeof(buf), &d),
			    "nothing new since the last report (2024-04-10)");
	assert_int_equal(since_items(items, SINCE_ITEMS_MAX, &h.r, &d), 0);
	since_diff_release(&d);
}

static void new_run_pain_and_flag(void **state)
{
	struct since_diff d;
	struct hand a, b;
	char items[SINCE_ITEMS_MAX][SINCE_ITEM_SIZE];

	(void)state;
	hand_init(&a, 10);
	hand_run(&a, 3, 8.0);
	hand_run(&a, 10, 12.0);
	hand_pain(&a, 9, 3, "left");
	hand_init(&b, 12);
	hand_run(&b, 3, 8.0);
	hand_run(&b, 10, 12.0);
	hand_run(&b, 12, 20.0);
	hand_flag(&b, 12, RULE_LONG_RUN_SPIKE, FLAG_ALERT);
	hand_pain(&b, 9, 3, "left");
	hand_pain(&b, 12, 5, "right");
	compare(&d, &a, &b);
	assert_false(since_diff_empty(&d));
	assert_int_equal(d.nnew_runs, 1);
	assert_int_equal(d.new_runs[0], 2);
	assert_int_equal(d.nnew_flags, 1);
	assert_int_equal(d.new_flags[0], 0);
	assert_int_equal(d.ncleared, 0);
	assert_int_equal(d.nnew_pain, 1);
	assert_int_equal(d.new_pain[0], 1);
	assert_int_equal(since_items(items, SINCE_ITEMS_MAX, &b.r, &d), 3);
	assert_string_equal(items[0], "New run (1): 2024-01-13 20.0 km.");
	assert_string_equal(items[1], "New flag (1): alert long_run_spike on 2024-01-13.");
	assert_string_equal(items[2], "New pain entry (1): 2024-01-13 5/10 right.");
	since_diff_release(&d);
}

/* A flag active before that is past the 7 active days now, and one that changed level. */
static void flags_clear(void **state)
{
	struct since_diff d;
	struct hand a, b;
	char items[SINCE_ITEMS_MAX][SINCE_ITEM_SIZE];

	(void)state;
	hand_init(&a, 10);
	hand_flag(&a, 5, RULE_HILL_BLOCK, FLAG_WARN);
	hand_flag(&a, 9, RULE_BACK_TO_BACK, FLAG_WARN);
	hand_init(&b, 14);
	hand_flag(&b, 5, RULE_HILL_BLOCK, FLAG_WARN);	/* 14 - 5 >= 7: not active */
	hand_flag(&b, 9, RULE_BACK_TO_BACK, FLAG_WARN);	/* still active */
	compare(&d, &a, &b);
	assert_int_equal(d.nnew_flags, 0);
	assert_int_equal(d.ncleared, 1);
	assert_int_equal(d.cleared[0].rule, RULE_HILL_BLOCK);
	assert_int_equal(d.cleared[0].day, D0 + 5);
	assert_int_equal(since_items(items, SINCE_ITEMS_MAX, &b.r, &d), 1);
	assert_string_equal(items[0], "Cleared (1): warn hill_block on 2024-01-06.");
	since_diff_release(&d);
}

/* Two entries of one day and severity: the second is new once, not never. */
static void repeated_pain(void **state)
{
	struct since_diff d;
	struct hand a, b;

	(void)state;
	hand_init(&a, 10);
	hand_pain(&a, 9, 3, "left");
	hand_init(&b, 10);
	hand_pain(&b, 9, 3, "left");
	hand_pain(&b, 9, 3, "right");
	compare(&d, &a, &b);
	assert_int_equal(d.nnew_pain, 1);
	assert_int_equal(d.new_pain[0], 1);
	since_diff_release(&d);
}

/* Many new runs: five named, the rest counted. */
static void many_runs(void **state)
{
	struct since_diff d;
	struct hand a, b;
	char items[SINCE_ITEMS_MAX][SINCE_ITEM_SIZE];
	int i;

	(void)state;
	hand_init(&a, 0);
	hand_init(&b, 7);
	for (i = 0; i < 7; i++)
		hand_run(&b, i + 1, 5.0);
	compare(&d, &a, &b);
	assert_int_equal(d.nnew_runs, 7);
	assert_int_equal(since_items(items, SINCE_ITEMS_MAX, &b.r, &d), 1);
	assert_non_null(strstr(items[0], "New runs (7): 2024-01-02 5.0 km,"));
	assert_non_null(strstr(items[0], ", and 2 more."));
	since_diff_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_report),
		cmocka_unit_test(nothing_new),
		cmocka_unit_test(new_run_pain_and_flag),
		cmocka_unit_test(flags_clear),
		cmocka_unit_test(repeated_pain),
		cmocka_unit_test(many_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
