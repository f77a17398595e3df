/*
 * test_classify.c - activity classes (analysis/classify.h), the split of a
 * long-gap activity into parts (analysis/collect.c) and path fitting
 * (core/pathfit.h).  Every expected value is set by hand below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classify.h"
#include "analysis/collect.h"
#include "core/pathfit.h"

static void test_sport_words(void **state)
{
	static const struct {
		const char *sport;
		enum rr_class want;
	} cases[] = {
		{ "Running", RR_CLASS_RUN }, { "running", RR_CLASS_RUN },
		{ "trail_running", RR_CLASS_RUN }, { "VirtualRun", RR_CLASS_RUN },
		{ "9", RR_CLASS_RUN }, { "Laufen", RR_CLASS_RUN }, { "Dauerlauf", RR_CLASS_RUN },
		{ "course \xc3\xa0 pied", RR_CLASS_RUN }, { "Hardlopen", RR_CLASS_RUN },
		{ "Biking", RR_CLASS_RIDE }, { "cycling", RR_CLASS_RIDE }, { "1", RR_CLASS_RIDE },
		{ "17", RR_CLASS_RIDE }, { "Radfahren", RR_CLASS_RIDE }, { "E-Bike Ride", RR_CLASS_RIDE },
		{ "walking", RR_CLASS_WALK }, { "Hiking", RR_CLASS_WALK }, { "10", RR_CLASS_WALK },
		{ "4", RR_CLASS_WALK }, { "Wandern", RR_CLASS_WALK }, { "Nordic walking", RR_CLASS_WALK },
		{ "mountaineering", RR_CLASS_WALK }, { "e-biking", RR_CLASS_RIDE },
		{ "driving", RR_CLASS_OTHER }, { "cross country skiing", RR_CLASS_OTHER },
		{ "Other", RR_CLASS_OTHER }, { "swimming", RR_CLASS_OTHER }, { "16", RR_CLASS_OTHER },
		{ "", RR_CLASS_COUNT }, { "unknown", RR_CLASS_COUNT }, { "generic", RR_CLASS_COUNT },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (rr_class_of_sport(cases[i].sport) != cases[i].want)
			fail_msg("sport '%s': class %d, wanted %d", cases[i].sport,
				 (int)rr_class_of_sport(cases[i].sport), (int)cases[i].want);
	}
}

/* A timed, moving summary: 30 min, 5.4 km, speeds as given. */
static void timed(struct run_summary *s, const char *sport, double median, double p90)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->sport, sizeof(s->sport), "%s", sport);
	s->start_t_s = 1709280000;
	s->elapsed_s = s->moving_s = 1800;
	s->distance_m = 5400;
	s->speed_median_mps = median;
	s->speed_p90_mps = p90;
}

static void test_motion(void **state)
{
	struct run_summary s;

	(void)state;
	/* thresholds are strict: exactly 6.5 m/s is still a run */
	timed(&s, "", 6.5, 7.0);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_RUN);
	assert_int_equal(s.class_why, RR_WHY_MOTION_RUN);
	timed(&s, "", 6.51, 7.0);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_RIDE);
	assert_int_equal(s.class_why, RR_WHY_MEDIAN_FAST);
	assert_float_equal(s.class_value_mps, 6.51, 1e-9);
	/* a tenth of the time above 9 m/s: a ride even with a slow median (climbs) */
	timed(&s, "", 4.0, 9.5);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_RIDE);
	assert_int_equal(s.class_why, RR_WHY_P90_FAST);
	/* vehicles */
	timed(&s, "", 12.5, 14);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_OTHER);
	assert_int_equal(s.class_why, RR_WHY_VEHICLE);
	timed(&s, "", 8, 21);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_OTHER);
	/* a sport that says run is overruled by a ride's speed */
	timed(&s, "Running", 7.4, 8);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_RIDE);
	/* ... but not by a slow one: a slow run is a run */
	timed(&s, "Running", 1.2, 2);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_RUN);
	assert_int_equal(s.class_why, RR_WHY_SPORT);
	/* without a sport, a median below 1.7 m/s is a walk */
	timed(&s, "", 1.69, 2);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_WALK);
	assert_int_equal(s.class_why, RR_WHY_MEDIAN_SLOW);
	timed(&s, "", 1.7, 2);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_RUN);
	/* a sport that says ride at running speed stays a ride */
	timed(&s, "Biking", 3, 4);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_RIDE);
	assert_int_equal(s.class_why, RR_WHY_SPORT);
	/* no speeds at all (HR only): nothing says otherwise */
	timed(&s, "", NAN, NAN);
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_RUN);
}

static void test_unusable(void **state)
{
	struct run_summary s;

	(void)state;
	timed(&s, "Running", 3, 4);
	s.route = true;
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_UNUSABLE);
	assert_int_equal(s.class_why, RR_WHY_ROUTE);
	timed(&s, "", 3, 4);
	s.elapsed_s = s.moving_s = NAN;		/* no valid time, only a metadata start */
	rr_classify(&s);
	assert_int_equal(s.class_why, RR_WHY_NO_TIME);
	timed(&s, "", 3, 4);
	s.start_t_s = -2147483648.0;		/* GPSBabel's 1901 placeholder */
	rr_classify(&s);
	assert_int_equal(s.class_why, RR_WHY_NO_TIME);
	timed(&s, "", 3, 4);
	s.elapsed_s = s.moving_s = 0;
	rr_classify(&s);
	assert_int_equal(s.class_why, RR_WHY_ONE_INSTANT);
	timed(&s, "", NAN, NAN);
	s.moving_s = 0;
	s.distance_m = NAN;
	rr_classify(&s);
	assert_int_equal(s.klass, RR_CLASS_UNUSABLE);
	assert_int_equal(s.class_why, RR_WHY_NO_MOTION);
}

/* Push a due-north walk of n points 1 s apart from t0 into the sink. */
static void push(const struct rr_sink *k, double t0, unsigned n, double v, double *lat)
{
	struct rr_point p;
	unsigned i;

	for (i = 0; i < n; i++) {
		rr_point_init(&p);
		p.t_s = t0 + i;
		p.lat_deg = *lat;
		p.lon_deg = 14;
		assert_int_equal(k->point(k->ctx, &p), 0);
		*lat += v / 6371008.8 * 180 / M_PI;
	}
}

static void test_split_at_long_gaps(void **state)
{
	struct summary_collect c;
	struct rr_sink k;
	struct rr_meta meta;
	struct run_summary *runs;
	struct rr_point glitch;
	size_t n;
	double lat = 46;
	const double t0 = 1709280000;

	(void)state;
	assert_int_equal(summary_collect_init(&c, NULL, true), 0);
	summary_collect_sink(&c, &k);
	rr_meta_init(&meta, RR_FORMAT_GPX);
	assert_int_equal(k.begin(k.ctx, &meta), 0);
	push(&k, t0, 601, 3, &lat);			/* 600 s */
	/* one glitched time 5 h ahead, then back in order: not a split */
	rr_point_init(&glitch);
	glitch.t_s = t0 + 600 + 5 * 3600;
	glitch.lat_deg = lat;
	glitch.lon_deg = 14;
	assert_int_equal(k.point(k.ctx, &glitch), 0);
	push(&k, t0 + 601, 300, 3, &lat);		/* to t0 + 900 */
	/* 3 h 0 min 1 s later: a new part */
	push(&k, t0 + 900 + 3 * 3600 + 1, 1201, 1.3, &lat);
	/* exactly 3 h later: the same part */
	push(&k, t0 + 2100 + 3 * 3600 + 1 + 3 * 3600, 61, 1.3, &lat);
	snprintf(meta.sport, sizeof(meta.sport), "hiking");	/* known only at the end */
	assert_int_equal(k.end(k.ctx, &meta), 0);
	runs = summary_collect_take(&c, &n);
	assert_int_equal(n, 2);
	assert_float_equal(runs[0].start_t_s, t0, 0);
	assert_float_equal(runs[0].elapsed_s, 900, 0);
	assert_int_equal(runs[0].dropped_points, 1);	/* the glitch */
	assert_float_equal(runs[1].start_t_s, t0 + 900 + 3 * 3600 + 1, 0);
	assert_float_equal(runs[1].elapsed_s, 1200 + 3 * 3600 + 60, 0);
	assert_int_equal(runs[0].activity_index, 0);
	assert_int_equal(runs[1].activity_index, 1);
	/* the first part got the sport the file gave at the end */
	assert_string_equal(runs[0].sport, "hiking");
	assert_int_equal(runs[0].klass, RR_CLASS_WALK);
	assert_int_equal(runs[1].klass, RR_CLASS_WALK);
	free(runs);
	summary_collect_release(&c);
}

static void test_path_fit(void **state)
{
	char a[700], b[700], fa[128], fb[128], small[128];

	(void)state;
	rr_path_fit(small, sizeof(small), "ana/run.gpx");
	assert_string_equal(small, "ana/run.gpx");
	memset(a, 'a', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memcpy(b, a, sizeof(a));
	b[350] = 'b';				/* differ only in the middle */
	memcpy(a + sizeof(a) - 9, "/run.gpx", 8);
	memcpy(b + sizeof(b) - 9, "/run.gpx", 8);
	rr_path_fit(fa, sizeof(fa), a);
	rr_path_fit(fb, sizeof(fb), b);
	assert_int_equal(strlen(fa), sizeof(fa) - 1);
	assert_memory_equal(fa, a, 20);			/* head kept */
	assert_string_equal(fa + strlen(fa) - 8, "/run.gpx");	/* tail kept */
	assert_non_null(strstr(fa, "...[#"));
	assert_string_not_equal(fa, fb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sport_words),
		cmocka_unit_test(test_motion),
		cmocka_unit_test(test_unusable),
		cmocka_unit_test(test_split_at_long_gaps),
		cmocka_unit_test(test_path_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
