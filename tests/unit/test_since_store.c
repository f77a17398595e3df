/*
 * test_since_store.c - OUTDIR/.runrisk-since (cmd/since_store.h): the
 * facts of two athletes survive a save and a load; an athlete never
 * reported, a foreign file and a name with a tab come back as "never
 * reported" or as themselves; a roster that loses an athlete forgets it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd/since_store.h"

static void tmp_path(char *buf, size_t size)
{
	snprintf(buf, size, "%s/rr-since-%ld", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (long)getpid());
}

static void fill(struct since_state *st, int32_t day)
{
	since_state_init(st);
	st->known = true;
	st->report_day = day;
	assert_int_equal(since_state_add_run(st, 1793088000), 0);
	assert_int_equal(since_state_add_run(st, 1793174400), 0);
	assert_int_equal(since_state_add_flag(st, day - 1, RULE_HILL_BLOCK, FLAG_WARN), 0);
	assert_int_equal(since_state_add_pain(st, day - 2, 5), 0);
	assert_int_equal(since_state_add_pain(st, day - 2, -1), 0);
}

static void round_trip(void **state)
{
	struct since_store s, t;
	struct since_state a, b, got;
	struct rr_error e = RR_ERROR_INIT;
	const char *keep[] = { "ana" };
	char path[256];

	(void)state;
	tmp_path(path, sizeof(path));
	since_store_init(&s);
	fill(&a, 20000);
	fill(&b, 20001);
	assert_int_equal(since_store_put(&s, "ana", &a), 0);
	assert_int_equal(since_store_put(&s, "b\tx%", &b), 0);
	assert_int_equal(since_store_put(&s, "ana", &a), 0);	/* replaces, no doubles */
	assert_int_equal(since_store_save(&s, path, &e), RR_OK);
	since_store_init(&t);
	assert_int_equal(since_store_load(&t, path, &e), RR_OK);
	assert_false(t.rejected);
	assert_int_equal(since_store_get(&t, "ana", &got), 0);
	assert_true(got.known);
	assert_int_equal(got.report_day, 20000);
	assert_int_equal(got.nruns, 2);
	assert_true(got.run_starts_s[1] == 1793174400);
	assert_int_equal(got.nflags, 1);
	assert_int_equal(got.flags[0].rule, RULE_HILL_BLOCK);
	assert_int_equal(got.flags[0].level, FLAG_WARN);
	assert_int_equal(got.flags[0].day, 19999);
	assert_int_equal(got.npain, 2);
	assert_int_equal(got.pain[1].severity, -1);
	since_state_release(&got);
	assert_int_equal(since_store_get(&t, "b\tx%", &got), 0);
	assert_true(got.known);
	assert_int_equal(got.report_day, 20001);
	since_state_release(&got);
	assert_int_equal(since_store_get(&t, "carl", &got), 0);
	assert_false(got.known);
	since_state_release(&got);
	since_store_keep_only(&t, keep, 1);
	assert_int_equal(since_store_get(&t, "b\tx%", &got), 0);
	assert_false(got.known);
	since_state_release(&got);
	since_store_release(&t);
	since_store_release(&s);
	since_state_release(&a);
	since_state_release(&b);
	unlink(path);
}

static void foreign_file(void **state)
{
	struct since_store t;
	struct since_state got;
	struct rr_error e = RR_ERROR_INIT;
	char path[256];
	FILE *f;

	(void)state;
	tmp_path(path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("runrisk-alerts 1\nd\t2026-01-01\tana\n", f);
	assert_int_equal(fclose(f), 0);
	since_store_init(&t);
	assert_int_equal(since_store_load(&t, path, &e), RR_OK);
	assert_true(t.rejected);
	assert_int_equal(since_store_get(&t, "ana", &got), 0);
	assert_false(got.known);
	since_store_release(&t);
	unlink(path);
	/* missing: empty, not rejected */
	since_store_init(&t);
	assert_int_equal(since_store_load(&t, path, &e), RR_OK);
	assert_false(t.rejected);
	since_store_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(foreign_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
