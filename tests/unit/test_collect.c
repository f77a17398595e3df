/* test_collect.c - the metrics sink: one summary per activity, trimmed, taken once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/collect.h"
#include "parsers/input.h"
#include "parsers/parse.h"

/*
 * Two TCX activities: 1 000 m in 300 s, then 2 000 m in 600 s, each as two
 * trackpoints with the device's cumulative distance.
 */
static const char two_activities[] =
	"<?xml version=\"1.0\"?>\n"
	"<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\">"
	"<Activities>"
	"<Activity Sport=\"Running\"><Id>2024-05-01T06:00:00Z</Id>"
	"<Lap StartTime=\"2024-05-01T06:00:00Z\"><TotalTimeSeconds>300</TotalTimeSeconds>"
	"<DistanceMeters>1000</DistanceMeters><Track>"
	"<Trackpoint><Time>2024-05-01T06:00:00Z</Time><DistanceMeters>0</DistanceMeters></Trackpoint>"
	"<Trackpoint><Time>2024-05-01T06:05:00Z</Time><DistanceMeters>1000</DistanceMeters></Trackpoint>"
	"</Track></Lap></Activity>"
	"<Activity Sport=\"Running\"><Id>2024-05-02T06:00:00Z</Id>"
	"<Lap StartTime=\"2024-05-02T06:00:00Z\"><TotalTimeSeconds>600</TotalTimeSeconds>"
	"<DistanceMeters>2000</DistanceMeters><Track>"
	"<Trackpoint><Time>2024-05-02T06:00:00Z</Time><DistanceMeters>0</DistanceMeters></Trackpoint>"
	"<Trackpoint><Time>2024-05-02T06:10:00Z</Time><DistanceMeters>2000</DistanceMeters></Trackpoint>"
	"</Track></Lap></Activity>"
	"</Activities></TrainingCenterDatabase>\n";

static enum rr_status parse_into(struct summary_collect *c)
{
	struct rr_input *in = NULL;
	struct rr_limits lim;
	struct rr_error err = RR_ERROR_INIT;
	struct rr_sink sink;
	enum rr_status st;

	rr_limits_default(&lim);
	assert_int_equal(rr_input_open_mem(&in, two_activities, strlen(two_activities),
					   lim.max_bytes, &err), RR_OK);
	summary_collect_sink(c, &sink);
	st = rr_parse(in, &lim, &sink, NULL, &err);
	rr_input_close(in);
	return st;
}

static void test_keep_all(void **state)
{
	struct summary_collect c;
	struct run_params p;
	struct run_summary *runs;
	size_t n = 99;

	(void)state;
	run_params_init(&p);
	assert_int_equal(summary_collect_init(&c, &p, true), 0);
	assert_int_equal(parse_into(&c), RR_OK);
	assert_false(c.oom);
	assert_int_equal(c.activities, 2);
	runs = summary_collect_take(&c, &n);
	assert_int_equal(n, 2);
	assert_non_null(runs);
	assert_float_equal(runs[0].distance_m, 1000.0, 1e-9);
	assert_float_equal(runs[0].elapsed_s, 300.0, 1e-9);
	assert_float_equal(runs[1].distance_m, 2000.0, 1e-9);
	assert_float_equal(runs[1].elapsed_s, 600.0, 1e-9);
	/* Taken: the collector holds nothing more, and a second take is empty. */
	assert_null(summary_collect_take(&c, &n));
	assert_int_equal(n, 0);
	summary_collect_release(&c);
	free(runs);
}

static void test_keep_last(void **state)
{
	struct summary_collect c;
	struct run_params p;
	size_t n = 99;

	(void)state;
	run_params_init(&p);
	assert_int_equal(summary_collect_init(&c, &p, false), 0);
	assert_int_equal(parse_into(&c), RR_OK);
	assert_int_equal(c.activities, 2);
	assert_float_equal(c.last.distance_m, 2000.0, 1e-9);
	assert_null(summary_collect_take(&c, &n));
	assert_int_equal(n, 0);
	summary_collect_release(&c);
	summary_collect_release(&c);	/* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keep_all),
		cmocka_unit_test(test_keep_last),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
