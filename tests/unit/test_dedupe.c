/* test_dedupe.c - one activity in several files counts once. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/dedupe.h"

#define T0 1714548600.0		/* 2024-05-01T07:30:00Z */

static struct run_summary run(enum rr_format f, double start, double dist_m,
			      double elapsed_s, unsigned long points, bool hr,
			      bool device_dist)
{
	struct run_summary s;

	memset(&s, 0, sizeof(s));
	s.format = f;
	s.running = true;
	s.start_t_s = start;
	s.distance_m = dist_m;
	s.elapsed_s = elapsed_s;
	s.points = points;
	s.hr_avg = hr ? 150 : NAN;
	s.device_distance_m = device_dist ? dist_m : NAN;
	return s;
}

static void find(const struct dedupe_item *items, size_t n, size_t *dup, size_t *ndup)
{
	assert_int_equal(dedupe_find(NULL, items, n, dup, ndup), 0);
}

static void test_gpx_tcx_gzip_count_once(void **state)
{
	/* A watch run exported three ways: TCX (device distance), GPX (GPS), and a gzip copy. */
	struct run_summary gpx = run(RR_FORMAT_GPX, T0 + 1, 10120, 3601, 3600, true, false);
	struct run_summary tcx = run(RR_FORMAT_TCX, T0, 10000, 3600, 3600, true, true);
	struct run_summary gz = gpx;
	struct dedupe_item items[3] = {
		{ &gpx, "runs/2024-05-01.gpx" },
		{ &tcx, "runs/2024-05-01.tcx" },
		{ &gz, "runs/2024-05-01.gpx.gz" },
	};
	size_t dup[3], ndup;

	(void)state;
	find(items, 3, dup, &ndup);
	assert_int_equal(ndup, 2);
	assert_true(dup[1] == DEDUPE_KEPT);	/* same HR and points: device distance wins */
	assert_int_equal(dup[0], 1);
	assert_int_equal(dup[2], 1);
}

static void test_order_independent(void **state)
{
	/* All 24 orders of four copies keep the same file. */
	struct run_summary s[4] = {
		run(RR_FORMAT_GPX, T0, 10000, 3600, 3600, false, false),
		run(RR_FORMAT_GPX, T0 + 20, 10100, 3590, 3600, false, false),
		run(RR_FORMAT_TCX, T0 + 5, 9950, 3600, 1800, false, true),
		run(RR_FORMAT_GPX, T0 + 40, 10050, 3580, 3600, false, false),
	};
	const char *paths[4] = { "b.gpx", "a.gpx", "c.tcx", "d.gpx" };
	size_t perm[4] = { 0, 1, 2, 3 };
	int count = 0;

	(void)state;
	/* Heap's algorithm would do; a plain nested loop over 4! is clearer. */
	for (size_t a = 0; a < 4; a++)
		for (size_t b = 0; b < 4; b++)
			for (size_t c = 0; c < 4; c++)
				for (size_t d = 0; d < 4; d++) {
					struct dedupe_item items[4];
					size_t dup[4], ndup, i, kept = 0;

					if (a == b || a == c || a == d || b == c || b == d || c == d)
						continue;
					perm[0] = a, perm[1] = b, perm[2] = c, perm[3] = d;
					for (i = 0; i < 4; i++) {
						items[i].s = &s[perm[i]];
						items[i].path = paths[perm[i]];
					}
					find(items, 4, dup, &ndup);
					assert_int_equal(ndup, 3);
					for (i = 0; i < 4; i++)
						if (dup[i] == DEDUPE_KEPT)
							kept = i;
					/* equal HR (none) and points: a.gpx and b.gpx and d.gpx
					 * tie on everything but the path: a.gpx */
					assert_string_equal(items[kept].path, "a.gpx");
					for (i = 0; i < 4; i++)
						if (i != kept)
							assert_int_equal(dup[i], kept);
					count++;
				}
	assert_int_equal(count, 24);
}

static void test_two_runs_same_day(void **state)
{
	struct run_summary am = run(RR_FORMAT_GPX, T0, 10000, 3600, 3600, true, false);
	struct run_summary pm = run(RR_FORMAT_GPX, T0 + 10 * 3600, 10000, 3600, 3600, true, false);
	/* a warm-up and the race started within the minute: distances differ */
	struct run_summary warm = run(RR_FORMAT_GPX, T0 + 20 * 3600, 2000, 900, 900, true, false);
	struct run_summary race = run(RR_FORMAT_GPX, T0 + 20 * 3600 + 30, 5000, 1200, 1200, true, false);
	struct dedupe_item items[4] = {
		{ &am, "am.gpx" }, { &pm, "pm.gpx" }, { &warm, "warm.gpx" }, { &race, "race.gpx" },
	};
	size_t dup[4], ndup, i;

	(void)state;
	find(items, 4, dup, &ndup);
	assert_int_equal(ndup, 0);
	for (i = 0; i < 4; i++)
		assert_true(dup[i] == DEDUPE_KEPT);
}

static void test_chain_of_three(void **state)
{
	/* a~b and b~c, but a and c start 100 s apart: still one activity */
	struct run_summary a = run(RR_FORMAT_GPX, T0, 10000, 3600, 3000, false, false);
	struct run_summary b = run(RR_FORMAT_GPX, T0 + 50, 10000, 3600, 3000, true, false);
	struct run_summary c = run(RR_FORMAT_GPX, T0 + 100, 10000, 3600, 3000, false, false);
	struct dedupe_rules r;
	struct dedupe_item items[3] = { { &c, "c.gpx" }, { &a, "a.gpx" }, { &b, "b.gpx" } };
	size_t dup[3], ndup;

	(void)state;
	dedupe_rules_default(&r);
	assert_false(dedupe_same_activity(&r, &a, &c));
	assert_true(dedupe_same_activity(&r, &a, &b));
	assert_true(dedupe_same_activity(&r, &b, &c));
	find(items, 3, dup, &ndup);
	assert_int_equal(ndup, 2);
	assert_true(dup[2] == DEDUPE_KEPT);	/* b has heart rate */
	assert_int_equal(dup[0], 2);
	assert_int_equal(dup[1], 2);
}

static void test_margins(void **state)
{
	struct dedupe_rules r;
	struct run_summary a = run(RR_FORMAT_GPX, T0, 10000, 3600, 100, false, false), b;

	(void)state;
	dedupe_rules_default(&r);
	b = a;
	b.start_t_s = T0 + 60;			/* window is inclusive */
	assert_true(dedupe_same_activity(&r, &a, &b));
	b.start_t_s = T0 + 61;
	assert_false(dedupe_same_activity(&r, &a, &b));
	assert_false(dedupe_same_activity(&r, &b, &a));

	b = a;
	b.distance_m = 10600;			/* 600 m = 5.7 % of the longer */
	assert_true(dedupe_same_activity(&r, &a, &b));
	b.distance_m = 10700;			/* 700 m = 6.5 %, > 200 m */
	assert_false(dedupe_same_activity(&r, &a, &b));
	a.distance_m = 2000;
	b.distance_m = 2150;			/* 7 % but only 150 m */
	assert_true(dedupe_same_activity(&r, &a, &b));
	b.distance_m = 2250;			/* 250 m and 11 % */
	assert_false(dedupe_same_activity(&r, &a, &b));

	a = run(RR_FORMAT_GPX, T0, 10000, 3600, 100, false, false);
	b = a;
	b.elapsed_s = 3780;			/* 180 s = 4.8 % */
	assert_true(dedupe_same_activity(&r, &a, &b));
	b.elapsed_s = 3900;			/* 300 s = 7.7 % */
	assert_false(dedupe_same_activity(&r, &a, &b));
	a.elapsed_s = 600;
	b.elapsed_s = 710;			/* 18 % but 110 s */
	assert_true(dedupe_same_activity(&r, &a, &b));
}

static void test_unknowns_and_routes(void **state)
{
	struct dedupe_rules r;
	struct run_summary a = run(RR_FORMAT_GPX, T0, 10000, 3600, 100, false, false), b;

	(void)state;
	dedupe_rules_default(&r);
	b = a;
	b.start_t_s = NAN;			/* no time: cannot tell */
	assert_false(dedupe_same_activity(&r, &a, &b));
	b = a;
	b.distance_m = NAN;			/* treadmill GPX without positions: elapsed decides */
	assert_true(dedupe_same_activity(&r, &a, &b));
	b.elapsed_s = NAN;
	assert_false(dedupe_same_activity(&r, &a, &b));
	b = a;
	b.route = true;				/* a planned course is never a copy */
	assert_false(dedupe_same_activity(&r, &a, &b));
}

static void test_richness_order(void **state)
{
	struct run_summary hr = run(RR_FORMAT_GPX, T0, 1, 1, 10, true, false);
	struct run_summary many = run(RR_FORMAT_GPX, T0, 1, 1, 5000, false, true);
	struct run_summary dev = run(RR_FORMAT_GPX, T0, 1, 1, 10, false, true);
	struct run_summary tcx = run(RR_FORMAT_TCX, T0, 1, 1, 10, false, false);
	struct run_summary gpx = run(RR_FORMAT_GPX, T0, 1, 1, 10, false, false);
	struct run_summary fit = run(RR_FORMAT_FIT, T0, 1, 1, 10, false, false);
	struct dedupe_item i_fit = { &fit, "z" };
	struct dedupe_item i_hr = { &hr, "z" }, i_many = { &many, "z" }, i_dev = { &dev, "z" },
			   i_tcx = { &tcx, "z" }, i_gpx = { &gpx, "z" }, i_gpx_a = { &gpx, "a" };
	struct run_summary second = gpx;
	struct dedupe_item i_second = { &second, "a" };

	(void)state;
	second.activity_index = 1;
	assert_true(dedupe_richer(&i_hr, &i_many) < 0);	/* HR beats points */
	assert_true(dedupe_richer(&i_many, &i_dev) < 0);	/* points beat device distance */
	assert_true(dedupe_richer(&i_dev, &i_tcx) < 0);	/* device distance beats format */
	assert_true(dedupe_richer(&i_fit, &i_tcx) < 0);	/* FIT over TCX */
	assert_true(dedupe_richer(&i_tcx, &i_gpx) < 0);	/* TCX over GPX */
	assert_true(dedupe_richer(&i_dev, &i_fit) < 0);	/* device distance beats format */
	assert_true(dedupe_richer(&i_gpx_a, &i_gpx) < 0);	/* then path */
	assert_true(dedupe_richer(&i_gpx_a, &i_second) < 0);	/* then activity index */
	assert_true(dedupe_richer(&i_gpx, &i_hr) > 0);
	assert_int_equal(dedupe_richer(&i_gpx, &i_gpx), 0);
}

static void test_many_runs(void **state)
{
	/* Ten years of daily runs, each also exported as TCX: half are duplicates. */
	size_t n = 7300, i, ndup, *dup = calloc(n, sizeof(*dup));
	struct run_entry *runs = calloc(n, sizeof(*runs));

	(void)state;
	assert_non_null(dup);
	assert_non_null(runs);
	for (i = 0; i < n; i++) {
		size_t day = i / 2;

		runs[i].s = run(i % 2 ? RR_FORMAT_TCX : RR_FORMAT_GPX, T0 + day * 86400.0 + (i % 2) * 3,
				8000 + (double)(day % 7) * 1000, 3000, 3000, false, i % 2);
		snprintf(runs[i].file, sizeof(runs[i].file), "%zu.%s", day, i % 2 ? "tcx" : "gpx");
	}
	assert_int_equal(dedupe_runs(NULL, runs, n, dup, &ndup), 0);
	assert_int_equal(ndup, n / 2);
	for (i = 0; i < n; i += 2) {
		assert_int_equal(dup[i], i + 1);
		assert_true(dup[i + 1] == DEDUPE_KEPT);
	}
	free(dup);
	free(runs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gpx_tcx_gzip_count_once),
		cmocka_unit_test(test_order_independent),
		cmocka_unit_test(test_two_runs_same_day),
		cmocka_unit_test(test_chain_of_three),
		cmocka_unit_test(test_margins),
		cmocka_unit_test(test_unknowns_and_routes),
		cmocka_unit_test(test_richness_order),
		cmocka_unit_test(test_many_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
