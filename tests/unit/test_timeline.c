/*
 * test_timeline.c - the daily series: local dates in the athlete's zone,
 * what counts as a run, shoe assignment, ACWR (coupled, uncoupled, EWMA),
 * monotony, fitness/fatigue/form, pain entries and their preceding flags.
 * Expected values are hand-computed (see the comments).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/unit/helpers.h"

#include "analysis/rules.h"
#include "analysis/timeline.h"
#include "core/athlete.h"
#include "core/timeutil.h"
#include "core/tz.h"
#include "parsers/athlete_ini.h"

static int32_t day_of(const char *ymd)
{
	int32_t d = 0;

	assert_int_equal(rr_parse_date(ymd, strlen(ymd), &d), 0);
	return d;
}

/* A running activity starting at iso (its zone, if any, is what the file carried). */
static void mk_run(struct run_entry *e, const char *iso, double km)
{
	unsigned flags = 0;
	int off = 0;
	double t_s = 0;

	assert_int_equal(rr_parse_iso8601(iso, strlen(iso), &t_s, &off, &flags), 0);
	test_run_entry(e, t_s, km);
	e->s.tz_known = (flags & RR_TIME_HAS_ZONE) && strchr(iso + 10, 'Z') == NULL;
	e->s.tz_offset_s = off;
	snprintf(e->file, sizeof(e->file), "%s.gpx", iso);
	snprintf(e->s.name, sizeof(e->s.name), "Run");
}

/* Runs at 07:00Z on consecutive days from 2024-01-01, km[i] per day (0 = rest). */
static size_t daily_runs(struct run_entry *runs, const double *km, size_t ndays)
{
	size_t i, n = 0;
	char iso[32], date[16];

	for (i = 0; i < ndays; i++) {
		if (km[i] <= 0)
			continue;
		rr_format_date(date, sizeof(date), day_of("2024-01-01") + (int32_t)i);
		snprintf(iso, sizeof(iso), "%sT07:00:00Z", date);
		mk_run(&runs[n++], iso, km[i]);
	}
	return n;
}

static const struct flag *find_flag(const struct athlete_result *r, const char *rule,
				    size_t *count)
{
	const struct flag *first = NULL;
	size_t i;

	*count = 0;
	for (i = 0; i < r->nflags; i++)
		if ((int)r->flags[i].rule == rule_lookup(rule)) {
			if (!first)
				first = &r->flags[i];
			(*count)++;
		}
	return first;
}

/* ---- time zones ---- */

static void local_day_fixed_offsets(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[3];

	(void)state;
	rr_athlete_init(&a);
	/* 23:30 at +13:00 on 2024-07-15 is 10:30Z the same date */
	mk_run(&runs[0], "2024-07-15T10:30:00Z", 5);
	/* 05:30 at +13:00 on 2024-07-20 is 16:30Z the day before */
	mk_run(&runs[1], "2024-07-19T16:30:00Z", 5);
	strcpy(a.timezone, "+13:00");
	assert_int_equal(timeline_build(&r, &a, runs, 2, NULL, 0), 0);
	assert_string_equal(r.zone_used, "+13:00 (athlete.ini)");
	assert_int_equal(r.runs[0].local_day, day_of("2024-07-15"));
	assert_int_equal(r.runs[1].local_day, day_of("2024-07-20"));
	assert_int_equal(r.first_day, day_of("2024-07-15"));
	assert_int_equal(r.last_day, day_of("2024-07-20"));
	assert_int_equal(r.ndays, 6);
	athlete_result_release(&r);

	/* 23:30 at -05:00 on 2024-07-15 is 04:30Z on the 16th */
	mk_run(&runs[0], "2024-07-16T04:30:00Z", 5);
	strcpy(a.timezone, "-05:00");
	assert_int_equal(timeline_build(&r, &a, runs, 1, NULL, 0), 0);
	assert_int_equal(r.runs[0].local_day, day_of("2024-07-15"));
	athlete_result_release(&r);

	/* "UTC" written out */
	strcpy(a.timezone, "UTC");
	assert_int_equal(timeline_build(&r, &a, runs, 1, NULL, 0), 0);
	assert_string_equal(r.zone_used, "UTC (athlete.ini)");
	athlete_result_release(&r);

	/* no configuration at all */
	assert_int_equal(timeline_build(&r, NULL, runs, 1, NULL, 0), 0);
	assert_string_equal(r.zone_used, "UTC");
	assert_string_equal(r.name, "");
	athlete_result_release(&r);

	/* without athlete.ini zone: UTC gives the 16th */
	a.timezone[0] = '\0';
	assert_int_equal(timeline_build(&r, &a, runs, 1, NULL, 0), 0);
	assert_string_equal(r.zone_used, "UTC");
	assert_int_equal(r.runs[0].local_day, day_of("2024-07-16"));
	athlete_result_release(&r);
}

static void local_day_from_files(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[3];

	(void)state;
	rr_athlete_init(&a);
	/* the files carry -05:00: 23:30 local on the 15th */
	mk_run(&runs[0], "2024-07-15T23:30:00-05:00", 5);
	mk_run(&runs[1], "2024-07-17T23:30:00-05:00", 5);
	/* this one carries no zone: it takes the common file offset */
	mk_run(&runs[2], "2024-07-19T04:30:00Z", 5);
	assert_false(runs[2].s.tz_known);
	assert_int_equal(timeline_build(&r, &a, runs, 3, NULL, 0), 0);
	assert_string_equal(r.zone_used, "-05:00 (from files)");
	assert_int_equal(r.runs[0].local_day, day_of("2024-07-15"));
	assert_int_equal(r.runs[1].local_day, day_of("2024-07-17"));
	assert_int_equal(r.runs[2].local_day, day_of("2024-07-18"));
	athlete_result_release(&r);

	/* an IANA name that was not loaded falls back to the files, and says so */
	strcpy(a.timezone, "America/Bogota");
	assert_int_equal(timeline_build(&r, &a, runs, 2, NULL, 0), 0);
	assert_string_equal(r.zone_used, "America/Bogota not loaded; -05:00 (from files)");
	athlete_result_release(&r);
}

static void local_day_iana(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[2];
	struct rr_tz tz;
	struct rr_error err = RR_ERROR_INIT;
	bool have = false;

	(void)state;
	if (access(RR_ZONEINFO_DIR "/Pacific/Auckland", R_OK))
		skip();
	rr_athlete_init(&a);
	rr_tz_init(&tz);
	strcpy(a.timezone, "Pacific/Auckland");
	assert_int_equal(rr_athlete_zone_load(&a, &tz, &have, NULL, &err), RR_OK);
	assert_true(have);
	/* 23:30 NZDT (+13) on 2024-01-15 = 10:30Z; 23:30 NZST (+12) on 2024-07-15 = 11:30Z */
	mk_run(&runs[0], "2024-01-15T10:30:00Z", 5);
	mk_run(&runs[1], "2024-07-15T11:30:00Z", 5);
	assert_int_equal(timeline_build_zone(&r, &a, &tz, runs, 2, NULL, 0), 0);
	assert_string_equal(r.zone_used, "Pacific/Auckland (athlete.ini)");
	assert_int_equal(r.runs[0].local_day, day_of("2024-01-15"));
	assert_int_equal(r.runs[1].local_day, day_of("2024-07-15"));
	athlete_result_release(&r);
	rr_tz_release(&tz);
}

/* ---- what counts ---- */

static void only_running_counts(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[5];

	(void)state;
	rr_athlete_init(&a);
	mk_run(&runs[0], "2024-03-02T07:00:00Z", 10);
	mk_run(&runs[1], "2024-03-01T07:00:00Z", 5);
	mk_run(&runs[2], "2024-03-03T07:00:00Z", 40);
	runs[2].s.running = false;	/* a ride */
	runs[2].s.klass = RR_CLASS_RIDE;
	mk_run(&runs[3], "2024-03-04T07:00:00Z", 12);
	runs[3].s.route = true;		/* a planned course */
	mk_run(&runs[4], "2024-03-05T07:00:00Z", 8);
	runs[4].s.start_t_s = NAN;	/* no time */
	assert_int_equal(timeline_build(&r, &a, runs, 5, NULL, 0), 0);
	assert_int_equal(r.nruns, 2);
	assert_int_equal(r.nignored, 3);
	/* sorted by start time */
	assert_float_equal(r.runs[0].s.distance_m, 5000, 0);
	assert_float_equal(r.runs[1].s.distance_m, 10000, 0);
	assert_int_equal(r.ndays, 2);
	assert_int_equal(r.days[0].runs, 1);
	assert_float_equal(r.days[1].distance_m, 10000, 0);
	athlete_result_release(&r);

	/* nothing at all */
	assert_int_equal(timeline_build(&r, &a, runs, 0, NULL, 0), 0);
	assert_int_equal(r.nruns, 0);
	assert_int_equal(r.ndays, 0);
	assert_int_equal(r.first_day, RR_NO_DAY);
	assert_int_equal(r.nflags, 0);
	athlete_result_release(&r);
}

static void rest_days_are_zero(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[2];

	(void)state;
	rr_athlete_init(&a);
	mk_run(&runs[0], "2024-03-01T07:00:00Z", 5);
	mk_run(&runs[1], "2024-03-05T07:00:00Z", 6);
	assert_int_equal(timeline_build(&r, &a, runs, 2, NULL, 0), 0);
	assert_int_equal(r.ndays, 5);
	assert_int_equal(r.days[2].runs, 0);
	assert_float_equal(r.days[2].distance_m, 0, 0);
	assert_float_equal(r.days[2].ascent_m, 0, 0);
	assert_int_equal(r.days[2].day, day_of("2024-03-03"));
	athlete_result_release(&r);
}

/* ---- shoes ---- */

static void shoe_assignment(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[7];

	(void)state;
	rr_athlete_init(&a);
	a.nshoes = 4;
	strcpy(a.shoes[0].name, "Racer");
	strcpy(a.shoes[0].keyword, "race");	/* keyword only: no dates */
	strcpy(a.shoes[1].name, "Daily A");
	a.shoes[1].first_use_day = day_of("2024-01-01");
	a.shoes[1].start_km = 100;
	strcpy(a.shoes[2].name, "Daily B");
	a.shoes[2].first_use_day = day_of("2024-02-01");
	a.shoes[2].retire_day = day_of("2024-03-01");
	strcpy(a.shoes[3].name, "Trail Beast");
	a.shoes[3].first_use_day = day_of("2030-01-01");	/* only by gear name here */
	a.shoes[3].retire_at_km = 600;

	mk_run(&runs[0], "2024-01-10T07:00:00Z", 10);	/* Daily A by date */
	mk_run(&runs[1], "2024-02-10T07:00:00Z", 10);	/* Daily B: latest first_use */
	mk_run(&runs[2], "2024-02-11T07:00:00Z", 21);	/* keyword, case-insensitive */
	strcpy(runs[2].s.name, "Half marathon RACE day");
	mk_run(&runs[3], "2024-03-15T07:00:00Z", 10);	/* Daily B retired: Daily A */
	mk_run(&runs[4], "2024-03-16T07:00:00Z", 15);	/* Strava gear name */
	strcpy(runs[4].strava_gear, "  trail beast ");
	mk_run(&runs[5], "2023-12-01T07:00:00Z", 10);	/* before every shoe */
	mk_run(&runs[6], "2024-03-01T07:00:00Z", 10);	/* retire day itself: Daily B */
	assert_int_equal(timeline_build(&r, &a, runs, 7, NULL, 0), 0);
	/* sorted: 12-01, 01-10, 02-10, 02-11, 03-01, 03-15, 03-16 */
	assert_int_equal(r.runs[0].shoe, -1);
	assert_int_equal(r.runs[1].shoe, 1);
	assert_int_equal(r.runs[2].shoe, 2);
	assert_int_equal(r.runs[3].shoe, 0);
	assert_int_equal(r.runs[4].shoe, 2);
	assert_int_equal(r.runs[5].shoe, 1);
	assert_int_equal(r.runs[6].shoe, 3);

	assert_int_equal(r.nshoes, 4);
	assert_string_equal(r.shoes[0].name, "Racer");
	assert_float_equal(r.shoes[0].km, 21, 1e-9);
	assert_int_equal(r.shoes[0].runs, 1);
	assert_float_equal(r.shoes[1].km, 100 + 10 + 10, 1e-9);	/* start_km + runs */
	assert_int_equal(r.shoes[1].first_day, day_of("2024-01-10"));
	assert_int_equal(r.shoes[1].last_day, day_of("2024-03-15"));
	assert_float_equal(r.shoes[1].retire_at_km, 800, 0);	/* default */
	assert_float_equal(r.shoes[1].left_km, 680, 1e-9);
	assert_float_equal(r.shoes[2].km, 20, 1e-9);
	assert_float_equal(r.shoes[3].km, 15, 1e-9);
	assert_float_equal(r.shoes[3].retire_at_km, 600, 0);
	athlete_result_release(&r);
}

/* ---- ACWR, monotony, fitness ---- */

static void acwr_columns(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[40];
	double km[28];
	size_t i, n;

	(void)state;
	rr_athlete_init(&a);
	/* 21 days of 30, then 7 days of 50 */
	for (i = 0; i < 28; i++)
		km[i] = i < 21 ? 30 : 50;
	n = daily_runs(runs, km, 28);
	assert_int_equal(timeline_build(&r, &a, runs, n, NULL, 0), 0);
	assert_int_equal(r.ndays, 28);
	/* nothing before 28 days of history */
	assert_true(isnan(r.days[26].acwr_coupled));
	assert_true(isnan(r.days[26].acwr_uncoupled));
	assert_true(isnan(r.days[26].acwr_ewma));
	assert_true(isnan(r.days[26].chronic28_m));
	assert_true(isnan(r.days[5].acute7_m));
	assert_float_equal(r.days[6].acute7_m, 210000, 1e-6);
	/* acute 350 km; chronic 980 / 4 = 245 km a week; 350 / 245 = 1.4286 */
	assert_float_equal(r.days[27].acute7_m, 350000, 1e-6);
	assert_float_equal(r.days[27].chronic28_m, 245000, 1e-6);
	assert_float_equal(r.days[27].acwr_coupled, 1.4286, 1e-4);
	/* uncoupled: 350 / (630 / 3) = 1.6667 */
	assert_float_equal(r.days[27].acwr_uncoupled, 1.6667, 1e-4);
	/*
	 * EWMA, seed = mean of the first 28 days = 980 / 28 = 35 for both.
	 * acute (lambda 0.25): A = 30 + 5 x 0.75^21 after 21 days, then
	 * 50 + (A - 50) x 0.75^7 = 47.3319; chronic (lambda 2/29):
	 * C = 30 + 5 x (27/29)^21, then 50 + (C - 50) x (27/29)^7 = 38.5481.
	 * 47.3319 / 38.5481 = 1.2279.
	 */
	assert_float_equal(r.days[27].acwr_ewma, 1.2279, 1e-4);
	/* calf_load = km here, so the calf EWMA ratio is the same */
	assert_float_equal(r.days[27].acwr_calf_ewma, 1.2279, 1e-4);
	athlete_result_release(&r);
}

static void monotony_known_week(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[20];
	const double km[14] = { 0, 8, 10, 6, 0, 8, 18, 10, 10, 10, 10, 10, 10, 10 };
	size_t n;

	(void)state;
	rr_athlete_init(&a);
	n = daily_runs(runs, km, 14);
	assert_int_equal(timeline_build(&r, &a, runs, n, NULL, 0), 0);
	/* first run is on day 1: the timeline starts there */
	assert_int_equal(r.first_day, day_of("2024-01-02"));
	/* week 0,8,10,6,0,8,18 is days -1..5 of the timeline: not complete at index 5 */
	assert_true(isnan(r.days[4].monotony));
	/* the week ending 2024-01-07 (index 5) lacks day 2024-01-01: use the next one:
	 * index 6 = 2024-01-08: 8,10,6,0,8,18,10: mean 60/7 = 8.5714,
	 * population SD = sqrt(sum((x-m)^2)/7) = 4.9816 -> monotony 1.7206 */
	assert_float_equal(r.days[6].monotony, 1.7206, 1e-4);
	assert_float_equal(r.days[6].strain, 103.24, 1e-2);
	/* seven equal days: SD floored at a tenth of the mean -> 10 */
	assert_float_equal(r.days[12].monotony, 10.0, 1e-9);
	athlete_result_release(&r);
}

static void monotony_rest_first(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[20];
	/* a 1 km run the day before makes the timeline start early enough */
	const double km[8] = { 1, 0, 8, 10, 6, 0, 8, 18 };
	size_t n;

	(void)state;
	rr_athlete_init(&a);
	n = daily_runs(runs, km, 8);
	assert_int_equal(timeline_build(&r, &a, runs, n, NULL, 0), 0);
	/* week 0,8,10,6,0,8,18: mean 50/7 = 7.1429, SD 5.7428, monotony 1.2438,
	 * strain 50 x 1.2438 = 62.19 */
	assert_float_equal(r.days[7].monotony, 1.2438, 1e-4);
	assert_float_equal(r.days[7].strain, 62.19, 1e-2);
	athlete_result_release(&r);
}

static void fitness_fatigue_form(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[42];
	double km[42];
	size_t i, n;

	(void)state;
	rr_athlete_init(&a);
	for (i = 0; i < 42; i++)
		km[i] = 100;
	n = daily_runs(runs, km, 42);
	assert_int_equal(timeline_build(&r, &a, runs, n, NULL, 0), 0);
	/* CTL = 100 (1 - e^-1) = 63.21; ATL = 100 (1 - e^-6) = 99.75 */
	assert_float_equal(r.days[41].ctl, 63.21, 5e-3);
	assert_float_equal(r.days[41].atl, 99.75, 5e-3);
	/* form is yesterday's CTL - ATL */
	assert_float_equal(r.days[41].tsb, r.days[40].ctl - r.days[40].atl, 1e-12);
	assert_float_equal(r.days[0].tsb, 0, 0);
	/* day 0: CTL = 100 (1 - e^(-1/42)) = 2.3528 */
	assert_float_equal(r.days[0].ctl, 2.3528, 1e-4);
	/* ramp: CTL(day 41) - CTL(day 34) = 100 (1 - q^42) - 100 (1 - q^35), q = e^(-1/42) */
	assert_true(isnan(r.days[6].ramp7));
	assert_float_equal(r.days[41].ramp7, 100 * (exp(-35.0 / 42) - exp(-1.0)), 1e-9);
	athlete_result_release(&r);
}

/* ---- pain ---- */

static void pain_preceding_flags(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[4];
	struct rr_pain pain[3];
	const struct flag *f;
	size_t count, i;

	(void)state;
	rr_athlete_init(&a);
	mk_run(&runs[0], "2024-03-01T07:00:00Z", 2);	/* the data start here */
	mk_run(&runs[1], "2024-04-01T07:00:00Z", 10);
	mk_run(&runs[2], "2024-04-08T07:00:00Z", 25);	/* +150 %: alert */
	mk_run(&runs[3], "2024-04-10T07:00:00Z", 5);
	memset(pain, 0, sizeof(pain));
	pain[0].day = day_of("2024-04-30");	/* 22 days after: nothing */
	pain[0].severity = 2;
	pain[1].day = day_of("2024-04-12");	/* given out of order */
	pain[1].severity = 5;
	strcpy(pain[1].side, "left");
	pain[2].day = day_of("2024-04-08");	/* the same day counts */
	assert_int_equal(timeline_build(&r, &a, runs, 4, pain, 3), 0);
	/* the timeline raises nothing: rules_apply(), called next, does */
	assert_int_equal(r.nflags, 0);
	assert_int_equal(r.npain, 3);
	assert_int_equal(r.pain[0].npreceding, 0);
	assert_int_equal(rules_apply(&r, &a), 0);
	f = find_flag(&r, "long_run_spike", &count);
	assert_int_equal(count, 1);
	assert_int_equal(f->level, FLAG_ALERT);
	assert_int_equal(r.npain, 3);
	assert_int_equal(r.pain[0].entry.day, day_of("2024-04-08"));
	assert_int_equal(r.pain[1].entry.day, day_of("2024-04-12"));
	assert_string_equal(r.pain[1].entry.side, "left");
	/*
	 * The flags before each entry, as data (the renderers word them), in
	 * the order of r->flags: the spike's day comes first, its alert first.
	 */
	assert_int_equal(r.pain[1].npreceding, r.nflags);
	assert_int_equal(r.pain[1].preceding[0].rule, RULE_LONG_RUN_SPIKE);
	assert_int_equal(r.pain[1].preceding[0].level, FLAG_ALERT);
	assert_int_equal(r.pain[1].preceding[0].day, day_of("2024-04-08"));
	for (i = 0; i < r.nflags; i++) {
		assert_int_equal(r.pain[1].preceding[i].rule, r.flags[i].rule);
		assert_int_equal(r.pain[1].preceding[i].day, r.flags[i].day);
	}
	/* 04-08: only the flags of that day */
	assert_int_equal(r.pain[0].preceding[0].day, day_of("2024-04-08"));
	assert_int_equal(r.pain[0].preceding[r.pain[0].npreceding - 1].day, day_of("2024-04-08"));
	assert_int_equal(r.pain[2].npreceding, 0);
	assert_false(r.pain[2].more);
	athlete_result_release(&r);
}

static void flags_sorted_and_active(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[5];
	size_t i;

	(void)state;
	rr_athlete_init(&a);
	mk_run(&runs[0], "2024-03-01T07:00:00Z", 2);
	mk_run(&runs[1], "2024-04-01T07:00:00Z", 10);
	mk_run(&runs[2], "2024-04-08T07:00:00Z", 25);	/* alert */
	mk_run(&runs[3], "2024-04-14T07:00:00Z", 10);
	mk_run(&runs[4], "2024-04-21T07:00:00Z", 25);	/* equal to the longest: calm */
	assert_int_equal(timeline_build(&r, &a, runs, 5, NULL, 0), 0);
	assert_int_equal(rules_apply(&r, &a), 0);
	assert_true(r.nflags >= 1);
	for (i = 1; i < r.nflags; i++)
		assert_true(r.flags[i - 1].day < r.flags[i].day ||
			    (r.flags[i - 1].day == r.flags[i].day &&
			     r.flags[i - 1].level >= r.flags[i].level));
	/* the alert on 04-08 is more than 7 days before the end: not active */
	assert_int_equal(r.flags[0].day, day_of("2024-04-08"));
	assert_int_equal(r.flags[0].level, FLAG_ALERT);
	assert_false(flag_is_active(&r, &r.flags[0]));
	assert_int_equal(r.top_level, 0);
	athlete_result_release(&r);
	assert_string_equal(flag_level_name(FLAG_WARN), "warn");
}

/*
 * What timeline_build() derives for the renderers: each day's and run's
 * window reference and spike band (whole metres, the athlete's thresholds),
 * the weekly table and the 7- and 28-day loads.
 */
static void derived_references(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[6];

	(void)state;
	rr_athlete_init(&a);
	mk_run(&runs[0], "2024-01-01T07:00:00Z", 2);	/* Monday: the data start */
	mk_run(&runs[1], "2024-02-05T07:00:00Z", 10);
	mk_run(&runs[2], "2024-02-07T07:00:00Z", 11);	/* exactly +10 %: fine */
	runs[2].s.distance_m = 11000;
	mk_run(&runs[3], "2024-02-09T07:00:00Z", 11);
	runs[3].s.distance_m = 14301;			/* 11 000 x 1.3 + 1 m: warn */
	mk_run(&runs[4], "2024-02-10T07:00:00Z", 5);
	mk_run(&runs[5], "2024-02-10T09:00:00Z", 5);
	runs[5].s.distance_m = NAN;			/* no distance: no band */
	assert_int_equal(timeline_build(&r, &a, runs, 6, NULL, 0), 0);
	assert_int_equal(r.nflags, 0);
	/* 2024-01-01: nothing before it; 2024-02-05: nothing in the 30 days before */
	assert_int_equal(r.runs[0].spike_band, SPIKE_NO_REF);
	assert_true(isnan(r.longest_before_m[0]));
	assert_int_equal(r.runs[1].spike_band, SPIKE_NO_REF);
	assert_float_equal(r.runs[2].longest_before_m, 10000, 1e-9);
	assert_int_equal(r.runs[2].spike_band, SPIKE_FINE);
	assert_float_equal(r.runs[3].longest_before_m, 11000, 1e-9);
	assert_int_equal(r.runs[3].spike_band, SPIKE_WARN);
	assert_float_equal(r.runs[4].longest_before_m, 14301, 1e-9);
	assert_int_equal(r.runs[5].spike_band, SPIKE_NO_REF);
	/* the day after the data: the last run counts */
	assert_float_equal(r.longest_before_m[r.ndays], 14301, 1e-9);
	/* 2024-01-01 .. 2024-02-10: weeks from Monday 01-01, the last one partial */
	assert_int_equal(r.nweeks, 6);
	assert_int_equal(r.weeks[5].week_start, day_of("2024-02-05"));
	assert_int_equal(r.weeks[5].days, 6);
	assert_float_equal(r.weeks[5].distance_m, 40301, 1e-9);
	assert_float_equal(r.weeks[5].longest_run_m, 14301, 1e-9);
	assert_true(isnan(r.weeks[5].change));	/* the week before had no distance */
	assert_float_equal(r.last7.distance_m, 40301, 1e-9);
	assert_int_equal(r.last7.runs, 5);
	assert_float_equal(r.last28.distance_m, 40301, 1e-9);
	assert_float_equal(r.last7.longest_m, 14301, 1e-9);
	assert_float_equal(r.zones.warn, 1.3, 1e-12);
	athlete_result_release(&r);

	/* With the athlete's thresholds: a note from +50 %, a warn from +100 %. */
	snprintf(a.overrides[0].key, sizeof(a.overrides[0].key), "long_run_spike_warn");
	a.overrides[0].value = 0.5;
	snprintf(a.overrides[1].key, sizeof(a.overrides[1].key), "long_run_spike_moderate");
	a.overrides[1].value = 1.0;
	snprintf(a.overrides[2].key, sizeof(a.overrides[2].key), "acwr_warn");
	a.overrides[2].value = 1.2;
	a.noverrides = 3;
	assert_int_equal(timeline_build(&r, &a, runs, 6, NULL, 0), 0);
	assert_int_equal(r.runs[3].spike_band, SPIKE_FINE);	/* +30 % */
	assert_float_equal(r.zones.warn, 1.2, 1e-12);
	assert_float_equal(r.zones.alert, 1.5, 1e-12);
	athlete_result_release(&r);
}

/*
 * The usual climb per km (run_entry.h), by hand: 10 km runs on days 0-6
 * climbing 2, 4, 6, 8, 10, 30, 20 m/km.  Runs 0-4 have fewer than 5 runs
 * before them: no usual, not hilly.  Day 5: median of {2, 4, 6, 8, 10} = 6,
 * line max(12, 1.5 x 6 = 9) = 12, 30 > 12: hilly.  Day 6: median of {2, 4,
 * 6, 8, 10, 30} = (6 + 8) / 2 = 7, line 12, 20 > 12: hilly.  Day 70, after
 * 63 days off (15 m/km): no run in the 56 days before, so the last 5 runs,
 * {4, 6, 8, 10, 30, 20} without the oldest: {6, 8, 10, 30, 20}, median 10,
 * line 15: 15 is not above it.  Day 71 (15.1 m/km): the last 5 are {8, 10,
 * 30, 20, 15}, median 15, line 22.5: not hilly.
 */
static void hilly_usual(void **state)
{
	static const double m_per_km[7] = { 2, 4, 6, 8, 10, 30, 20 };
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[9];
	size_t i;

	(void)state;
	rr_athlete_init(&a);
	for (i = 0; i < 7; i++) {
		mk_run(&runs[i], "2024-01-01T07:00:00Z", 10);
		runs[i].s.start_t_s += (double)i * 86400;
		runs[i].s.ascent_m = m_per_km[i] * 10;
	}
	mk_run(&runs[7], "2024-03-11T07:00:00Z", 10);	/* day 70 */
	runs[7].s.ascent_m = 150;
	mk_run(&runs[8], "2024-03-12T07:00:00Z", 10);	/* day 71 */
	runs[8].s.ascent_m = 151;
	assert_int_equal(timeline_build(&r, &a, runs, 9, NULL, 0), 0);
	for (i = 0; i < 5; i++) {
		assert_true(isnan(r.runs[i].usual_climb_m_per_km));
		assert_true(isnan(r.runs[i].hilly_limit_m_per_km));
		assert_false(r.runs[i].hilly);
	}
	assert_float_equal(r.runs[5].usual_climb_m_per_km, 6, 1e-9);
	assert_float_equal(r.runs[5].hilly_limit_m_per_km, 12, 1e-9);
	assert_true(r.runs[5].hilly);
	assert_float_equal(r.runs[6].usual_climb_m_per_km, 7, 1e-9);
	assert_true(r.runs[6].hilly);
	assert_float_equal(r.runs[7].usual_climb_m_per_km, 10, 1e-9);
	assert_float_equal(r.runs[7].hilly_limit_m_per_km, 15, 1e-9);
	assert_false(r.runs[7].hilly);			/* exactly on the line */
	assert_float_equal(r.runs[8].usual_climb_m_per_km, 15, 1e-9);
	assert_float_equal(r.runs[8].hilly_limit_m_per_km, 22.5, 1e-9);
	assert_false(r.runs[8].hilly);
	athlete_result_release(&r);

	/*
	 * The athlete's own window and history (athlete.ini [thresholds]): 7
	 * days and 1 run.  Day 1: {2}; day 3: {2, 4, 6}: 4; day 4: {2, 4, 6,
	 * 8}: 5; day 70: the window (days 63-69) is empty, the last run is day
	 * 6's 20 m/km: line 30; day 71: the window holds day 70's 15 alone.
	 */
	snprintf(a.overrides[0].key, sizeof(a.overrides[0].key), "hilly_usual_days");
	a.overrides[0].value = 7;
	snprintf(a.overrides[1].key, sizeof(a.overrides[1].key), "hilly_usual_min_runs");
	a.overrides[1].value = 1;
	a.noverrides = 2;
	assert_int_equal(timeline_build(&r, &a, runs, 9, NULL, 0), 0);
	assert_true(isnan(r.runs[0].usual_climb_m_per_km));
	assert_float_equal(r.runs[1].usual_climb_m_per_km, 2, 1e-9);
	assert_float_equal(r.runs[3].usual_climb_m_per_km, 4, 1e-9);
	assert_float_equal(r.runs[4].usual_climb_m_per_km, 5, 1e-9);
	assert_float_equal(r.runs[7].usual_climb_m_per_km, 20, 1e-9);
	assert_float_equal(r.runs[7].hilly_limit_m_per_km, 30, 1e-9);
	assert_float_equal(r.runs[8].usual_climb_m_per_km, 15, 1e-9);
	athlete_result_release(&r);
}

/*
 * The weekly table's late climb and km by surface (weeks.csv, report.txt's
 * Last 8 weeks): in the week of Monday 2024-01-01, a road run of 10 km with
 * 40 m after late_km, a "Beach run" of 6 km (soft) with 15 m, a "Trail"
 * run of 8 km whose late climb is unknown, and a treadmill 5 km (a
 * distance and no positions: indoor) with 0 m: 55 m late, 10 000 m road,
 * 6 000 m soft, 8 000 m trail, 5 000 m indoor, 0 m track.  The next week
 * has no known late climb: NAN, not 0.
 */
static void weeks_late_climb_and_surfaces(void **state)
{
	struct rr_athlete a;
	struct athlete_result r;
	struct run_entry runs[5];

	(void)state;
	rr_athlete_init(&a);
	mk_run(&runs[0], "2024-01-01T07:00:00Z", 10);
	mk_run(&runs[1], "2024-01-02T07:00:00Z", 6);
	mk_run(&runs[2], "2024-01-04T07:00:00Z", 8);
	mk_run(&runs[3], "2024-01-06T07:00:00Z", 5);
	mk_run(&runs[4], "2024-01-09T07:00:00Z", 5);
	runs[0].s.late_ascent_m = 40;
	runs[1].s.late_ascent_m = 15;
	snprintf(runs[1].s.name, sizeof(runs[1].s.name), "Beach run");
	runs[2].s.late_ascent_m = NAN;
	snprintf(runs[2].s.name, sizeof(runs[2].s.name), "Trail");
	runs[3].s.late_ascent_m = 0;
	runs[4].s.late_ascent_m = NAN;
	runs[0].s.gps_distance_m = runs[1].s.gps_distance_m = 1;	/* a track: outdoors */
	runs[2].s.gps_distance_m = runs[4].s.gps_distance_m = 1;
	runs[3].s.gps_distance_m = NAN;				/* no positions */
	assert_int_equal(timeline_build(&r, &a, runs, 5, NULL, 0), 0);
	assert_int_equal(r.nweeks, 2);
	assert_float_equal(r.weeks[0].late_ascent_m, 55, 1e-9);
	assert_float_equal(r.weeks[0].surface_m[SURFACE_ROAD], 10000, 1e-9);
	assert_float_equal(r.weeks[0].surface_m[SURFACE_SOFT], 6000, 1e-9);
	assert_float_equal(r.weeks[0].surface_m[SURFACE_TRAIL], 8000, 1e-9);
	assert_float_equal(r.weeks[0].surface_m[SURFACE_INDOOR], 5000, 1e-9);
	assert_float_equal(r.weeks[0].surface_m[SURFACE_TRACK], 0, 1e-9);
	assert_true(isnan(r.weeks[1].late_ascent_m));
	assert_float_equal(r.weeks[1].surface_m[SURFACE_ROAD], 5000, 1e-9);
	athlete_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(local_day_fixed_offsets),
		cmocka_unit_test(local_day_from_files),
		cmocka_unit_test(local_day_iana),
		cmocka_unit_test(only_running_counts),
		cmocka_unit_test(rest_days_are_zero),
		cmocka_unit_test(shoe_assignment),
		cmocka_unit_test(acwr_columns),
		cmocka_unit_test(monotony_known_week),
		cmocka_unit_test(monotony_rest_first),
		cmocka_unit_test(fitness_fatigue_form),
		cmocka_unit_test(pain_preceding_flags),
		cmocka_unit_test(derived_references),
		cmocka_unit_test(flags_sorted_and_active),
		cmocka_unit_test(hilly_usual),
		cmocka_unit_test(weeks_late_climb_and_surfaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
