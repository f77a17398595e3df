/*
 * test_assemble.c - one athlete's run list (analysis/assemble.h): the
 * athlete's threshold pace and heart rates re-derive fast_s and TRIMP,
 * Strava gear and keywords pick shoes, duplicates are found across files,
 * local days follow the zone, --since drops older flags, and the earliest
 * valid instant (RR_T_MIN_S) is the one the timeline counts from.
 * Expected values are hand-computed (see the comments).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/helpers.h"

#include "analysis/assemble.h"
#include "analysis/rules.h"
#include "analysis/timeline.h"
#include "core/timeutil.h"

#define T0 1714548600.0		/* 2024-05-01T07:30:00Z */

/* A 10 km run at T0 + day days: 100 s at 4.05..4.10 m/s, 200 s at 3.00..3.05 m/s, 60 s at 150 bpm. */
static struct run_summary summary(int day)
{
	struct run_entry e;

	test_run_entry(&e, T0 + day * 86400.0, 10.0);
	e.s.format = RR_FORMAT_GPX;
	e.s.fast_s = 7;			/* the parse-time value, without a threshold */
	e.s.trimp = NAN;
	e.s.hr_avg = NAN;
	e.s.device_distance_m = NAN;
	e.s.points = 100;
	e.s.speed_hist_s[81] = 100;
	e.s.speed_hist_s[60] = 200;
	e.s.hr_hist_s[150] = 60;
	return e.s;
}

static void assemble(struct athlete_runs *out, const struct rr_athlete *cfg,
		     const struct assemble_file *f, size_t n)
{
	assert_int_equal(athlete_runs_assemble(out, cfg, NULL, f, n), 0);
}

static void threshold_pace_and_heart_rate(void **state)
{
	struct run_summary s = summary(0);
	struct assemble_file f = { "a.gpx", &s, 1, NULL };
	struct athlete_runs out;
	struct rr_athlete cfg;

	rr_athlete_init(&cfg);
	assemble(&out, &cfg, &f, 1);
	assert_int_equal(out.nruns, 1);
	assert_true(out.runs[0].s.fast_s == 7);		/* no threshold: as parsed */
	assert_true(isnan(out.runs[0].s.trimp));	/* no rest/max HR */
	athlete_runs_release(&out);

	/* 4:10 per km = 4.00 m/s: the 100 s at 4.05..4.10 m/s count, the 200 s do not. */
	cfg.threshold_pace_s_per_km = 250;
	/* Banister, men: 1 min x 0.7143 x 0.64 e^(1.92 x 0.7143) = 1.8016 (HRR = 100/140). */
	cfg.hr_rest_bpm = 50;
	cfg.hr_max_bpm = 190;
	cfg.sex = 'm';
	assemble(&out, &cfg, &f, 1);
	assert_true(fabs(out.runs[0].s.fast_s - 100.0) < 1e-9);
	assert_true(fabs(out.runs[0].s.trimp - 1.8016) < 1e-4);
	assert_string_equal(out.runs[0].file, "a.gpx");
	athlete_runs_release(&out);
	(void)state;
}

/*
 * Each counted run's surface class, as the report's timeline gives it, so
 * that `runs` and runs.csv share the column: a run named with the
 * athlete's own soft keyword ("playa") is soft, one with a distance and no
 * positions indoor, a plain one road; a ride has none (-1, an empty cell).
 */
static void surface_at_assembly(void **state)
{
	struct run_summary s[4] = { summary(0), summary(1), summary(2), summary(3) };
	struct assemble_file f = { "a.gpx", s, 4, NULL };
	struct athlete_runs out;
	struct rr_athlete cfg;

	(void)state;
	rr_athlete_init(&cfg);
	cfg.surface_words[RR_SKW_SOFT].set = 1;
	cfg.surface_words[RR_SKW_SOFT].n = 1;
	strcpy(cfg.surface_words[RR_SKW_SOFT].w[0], "playa");
	snprintf(s[0].name, sizeof(s[0].name), "Playa Sunday");
	s[0].gps_distance_m = s[2].gps_distance_m = s[3].gps_distance_m = 10000;
	s[1].gps_distance_m = NAN;
	s[3].klass = RR_CLASS_RIDE;
	assemble(&out, &cfg, &f, 1);
	assert_int_equal(out.nruns, 4);
	assert_int_equal(out.runs[0].surface, SURFACE_SOFT);
	assert_int_equal(out.runs[1].surface, SURFACE_INDOOR);
	assert_int_equal(out.runs[2].surface, SURFACE_ROAD);
	assert_int_equal(out.runs[3].surface, -1);
	athlete_runs_release(&out);
}

/*
 * late_km re-derives late_ascent_m from the summary's profile at assembly:
 * a run that climbed 100 m between km 4 and 5 (after km 1..4: 100 m; after
 * km 5 on: 0) has 100 m late with late_km 4 and 0 with the default 6.
 */
static void late_km_per_athlete(void **state)
{
	struct run_summary s = summary(0);
	struct assemble_file f = { "a.gpx", &s, 1, NULL };
	struct athlete_runs out;
	struct rr_athlete cfg;
	unsigned k;

	(void)state;
	s.ascent_m = 100;
	for (k = 1; k <= RR_LATE_KM_MAX; k++)
		s.ascent_after_km_m[k - 1] = k <= 4 ? 100.0f : 0.0f;
	s.late_ascent_m = 0;	/* the parse-time value, after 6 km */
	rr_athlete_init(&cfg);
	assemble(&out, &cfg, &f, 1);
	assert_true(out.runs[0].s.late_ascent_m == 0);
	athlete_runs_release(&out);
	cfg.late_km = 4;
	assemble(&out, &cfg, &f, 1);
	assert_true(out.runs[0].s.late_ascent_m == 100);
	athlete_runs_release(&out);
	cfg.late_km = 5;
	assemble(&out, &cfg, &f, 1);
	assert_true(out.runs[0].s.late_ascent_m == 0);
	athlete_runs_release(&out);
}

static void duplicates_across_files(void **state)
{
	struct run_summary gpx = summary(0), tcx = summary(0), other = summary(1);
	struct assemble_file f[] = {
		{ "run.gpx", &gpx, 1, NULL },
		{ "run.tcx", &tcx, 1, NULL },
		{ "next.gpx", &other, 1, NULL },
	};
	struct athlete_runs out;

	tcx.format = RR_FORMAT_TCX;	/* richer: TCX over GPX */
	assemble(&out, NULL, f, 3);
	assert_int_equal(out.nruns, 3);
	assert_int_equal(out.nduplicates, 1);
	assert_int_equal(out.dup_of[0], 1);
	assert_true(out.dup_of[1] == DEDUPE_KEPT);
	assert_true(out.dup_of[2] == DEDUPE_KEPT);
	assert_int_equal(athlete_runs_keep(&out), 2);
	assert_string_equal(out.runs[0].file, "run.tcx");
	assert_string_equal(out.runs[1].file, "next.gpx");
	athlete_runs_release(&out);
	(void)state;
}

static void shoes_gear_and_zone(void **state)
{
	struct run_summary a = summary(0), b = summary(1), c = summary(2), none = summary(3);
	struct assemble_file f[] = {
		{ "a.gpx", &a, 1, "Trail Shoe" },
		{ "b.gpx", &b, 1, NULL },
		{ "c.gpx", &c, 1, "Old Gear" },
		{ "d.gpx", &none, 1, NULL },
	};
	struct athlete_runs out;
	struct rr_athlete cfg;

	rr_athlete_init(&cfg);
	snprintf(cfg.timezone, sizeof(cfg.timezone), "-09:00");
	cfg.nshoes = 2;
	snprintf(cfg.shoes[0].name, sizeof(cfg.shoes[0].name), "trail shoe");
	snprintf(cfg.shoes[0].keyword, sizeof(cfg.shoes[0].keyword), "trail");
	snprintf(cfg.shoes[1].name, sizeof(cfg.shoes[1].name), "Road");
	snprintf(cfg.shoes[1].keyword, sizeof(cfg.shoes[1].keyword), "tempo");
	snprintf(b.name, sizeof(b.name), "Tempo Tuesday");
	none.start_t_s = NAN;
	assemble(&out, &cfg, f, 4);
	/* 07:30Z at -09:00 is 22:30 the evening before. */
	assert_int_equal(out.runs[0].local_day, rr_days_from_civil(2024, 4, 30));
	assert_int_equal(out.runs[2].local_day, rr_days_from_civil(2024, 5, 2));
	assert_string_equal(out.zone_used, "-09:00 (athlete.ini)");
	assert_int_equal(out.runs[0].shoe, 0);		/* Strava gear, named like a shoe */
	assert_int_equal(out.runs[1].shoe, 1);		/* keyword in the name */
	assert_int_equal(out.runs[2].shoe, -1);		/* gear that is no configured shoe */
	assert_string_equal(run_shoe_name(&cfg, &out.runs[0]), "trail shoe");
	assert_string_equal(run_shoe_name(&cfg, &out.runs[2]), "Old Gear");
	assert_null(run_shoe_name(&cfg, &out.runs[3]));
	assert_int_equal(out.runs[3].local_day, RR_NO_DAY);	/* no start time */
	athlete_runs_release(&out);
	(void)state;
}

/*
 * Strava gear without athlete.ini: each gear of a file holding a counted
 * run becomes a shoe (once, blanks and case aside) with the default 800 km,
 * takes no run by date, and gets its runs' km; a configured shoe of that
 * name is not doubled; a ride's gear (a bike) is no shoe; at most
 * RR_MAX_SHOES.
 */
static void gear_shoes_without_ini(void **state)
{
	struct run_summary a = summary(0), b = summary(1), c = summary(2), d = summary(3),
			   ride = summary(4);
	struct assemble_file f[] = {
		{ "a.gpx", &a, 1, "Ghost 15" },
		{ "b.gpx", &b, 1, " ghost 15 " },
		{ "c.gpx", &c, 1, NULL },		/* no gear: no shoe, not by date */
		{ "d.gpx", &d, 1, "Kinvara 14" },
		{ "ride.gpx", &ride, 1, "Canyon Endurace" },
	};
	struct assemble_file many[RR_MAX_SHOES + 3];
	char names[RR_MAX_SHOES + 3][16];
	struct athlete_runs out;
	struct athlete_result r;
	struct rr_athlete cfg;
	size_t i;

	(void)state;
	ride.running = false;
	ride.klass = RR_CLASS_RIDE;
	rr_athlete_init(&cfg);
	assert_int_equal(assemble_add_gear_shoes(&cfg, f, 5), 2);
	assert_int_equal(cfg.nshoes, 2);
	assert_string_equal(cfg.shoes[0].name, "Ghost 15");
	assert_string_equal(cfg.shoes[1].name, "Kinvara 14");
	assert_true(cfg.shoes[0].gear_only);
	assert_int_equal(assemble_add_gear_shoes(&cfg, f, 5), 0);	/* already there */
	assemble(&out, &cfg, f, 5);
	assert_int_equal(out.runs[0].shoe, 0);
	assert_int_equal(out.runs[1].shoe, 0);
	assert_int_equal(out.runs[2].shoe, -1);
	assert_int_equal(out.runs[3].shoe, 1);
	assert_int_equal(timeline_build(&r, &cfg, out.runs, out.nruns, NULL, 0), 0);
	assert_int_equal(r.nshoes, 2);
	assert_true(fabs(r.shoes[0].km - 20.0) < 1e-9);		/* two 10 km runs */
	assert_int_equal(r.shoes[0].runs, 2);
	assert_true(r.shoes[0].retire_at_km == 800);
	assert_true(fabs(r.shoes[0].left_km - 780.0) < 1e-9);
	assert_true(fabs(r.shoes[1].km - 10.0) < 1e-9);
	athlete_result_release(&r);
	athlete_runs_release(&out);

	/* A configured shoe of the gear's name is used, not doubled. */
	rr_athlete_init(&cfg);
	cfg.nshoes = 1;
	snprintf(cfg.shoes[0].name, sizeof(cfg.shoes[0].name), "GHOST 15");
	assert_int_equal(assemble_add_gear_shoes(&cfg, f, 5), 1);
	assert_string_equal(cfg.shoes[1].name, "Kinvara 14");
	assert_false(cfg.shoes[0].gear_only);

	/* At most RR_MAX_SHOES. */
	rr_athlete_init(&cfg);
	for (i = 0; i < RR_MAX_SHOES + 3; i++) {
		snprintf(names[i], sizeof(names[i]), "Shoe %zu", i);
		many[i] = f[0];
		many[i].strava_gear = names[i];
	}
	assert_int_equal(assemble_add_gear_shoes(&cfg, many, RR_MAX_SHOES + 3), RR_MAX_SHOES);
	assert_string_equal(cfg.shoes[RR_MAX_SHOES - 1].name, "Shoe 31");
}

static void earliest_valid_instant(void **state)
{
	struct run_entry e;

	/* 1980-01-06T00:00:00Z, the GPS epoch: 3 657 days after 1970-01-01. */
	assert_true(RR_T_MIN_S == 3657.0 * 86400.0);
	assert_true(RR_T_MAX_S == (double)rr_days_from_civil(2100, 1, 1) * 86400.0);
	test_run_entry(&e, RR_T_MIN_S, 5);
	assert_true(run_counts(&e));
	e.s.start_t_s = RR_T_MIN_S - 1;
	assert_false(run_counts(&e));
	/* 1985: a run the timeline used to ignore (it started counting at 1990). */
	e.s.start_t_s = (double)rr_days_from_civil(1985, 6, 1) * 86400.0;
	assert_true(run_counts(&e));
	e.s.start_t_s = RR_T_MAX_S;
	assert_false(run_counts(&e));
	(void)state;
}

static void since_drops_older_flags(void **state)
{
	struct flag flags[3];
	struct athlete_result r;

	memset(&r, 0, sizeof(r));
	memset(flags, 0, sizeof(flags));
	flags[0].day = 100;
	flags[1].day = 105;
	flags[2].day = 110;
	r.flags = flags;
	r.nflags = 3;
	rules_keep_since(&r, RR_NO_DAY);
	assert_int_equal(r.nflags, 3);
	rules_keep_since(&r, 105);
	assert_int_equal(r.nflags, 2);
	assert_int_equal(r.flags[0].day, 105);
	assert_int_equal(r.flags[1].day, 110);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(threshold_pace_and_heart_rate),
		cmocka_unit_test(late_km_per_athlete),
		cmocka_unit_test(surface_at_assembly),
		cmocka_unit_test(duplicates_across_files),
		cmocka_unit_test(shoes_gear_and_zone),
		cmocka_unit_test(gear_shoes_without_ini),
		cmocka_unit_test(earliest_valid_instant),
		cmocka_unit_test(since_drops_older_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
