/*
 * plan_ben.c - Ben: a steady 41-year-old in Sheffield, four runs and ~33
 * km a week, phone app and later a Forerunner 55 with the wrist sensor off
 * (no heart rate anywhere).  A calm second athlete: a half marathon that
 * is much longer than his long runs, and a shoe passing 500 km.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scripts/samplegen/samplegen.h"

enum { B_CANAL, B_ROLLING, B_PARK, B_RACE, B_N };
enum { GHOST };

static void ben_routes(struct athlete_def *a, uint64_t seed)
{
	struct route *rt = a->routes;

	route_make_path(&rt[B_CANAL], "Five Weirs Walk", 53.38590, -1.45780, 8000, 60, 2.5, seed_mix(seed, 1));
	rt[B_CANAL].ele0_m = 44;
	rt[B_CANAL].undulation_m = 1.0;
	rt[B_CANAL].undulation_period_m = 1200;

	route_make_loop(&rt[B_ROLLING], "Endcliffe and Bingham", 53.36780, -1.50110, 6500, 0.65, seed_mix(seed, 2));
	rt[B_ROLLING].ele0_m = 118;
	route_add_bump(&rt[B_ROLLING], 1800, 650, 34);
	route_add_bump(&rt[B_ROLLING], 4400, 500, 22);
	rt[B_ROLLING].gps_sd_m = 2.8;

	route_make_loop(&rt[B_PARK], "Hillsborough Park", 53.40260, -1.49920, 2400, 0.8, seed_mix(seed, 3));
	rt[B_PARK].ele0_m = 96;
	route_add_bump(&rt[B_PARK], 900, 500, 9);

	route_make_loop(&rt[B_RACE], "Sheffield Half course", 53.38110, -1.47010, 21100, 0.55, seed_mix(seed, 4));
	rt[B_RACE].ele0_m = 70;
	route_add_bump(&rt[B_RACE], 6000, 1500, 12);
	route_add_bump(&rt[B_RACE], 14500, 1200, 8);
	a->nroutes = B_N;
}

static void ben_week(struct planner *p, int w, bool wed)
{
	plan_add(p, w, 1, 18, 15, K_STRIDES, B_ROLLING, 8.0, 0.2, GHOST, "Evening Run, strides");
	if (wed)
		plan_add(p, w, 2, 18, 30, K_EASY, B_PARK, 5.0, 0.1, GHOST, "Recovery laps");
	plan_add(p, w, 3, 18, 30, K_EASY, B_CANAL, 6.0, 0.2, GHOST, "Canal easy");
	plan_add(p, w, 5, 9, 0, K_EASY, B_PARK, 6.0, 0.2, GHOST, "Park laps");
	plan_add(p, w, 6, 9, 30, K_LONG, B_CANAL, 13.0, 0.15, GHOST, "Sunday long");
}

static void ben_plan_runs(struct planner *p)
{
	struct plan_run *pr;

	plan_add(p, 0, 0, 9, 30, K_LONG, B_CANAL, 13.0, 0.1, GHOST, "Day off, long run");
	plan_add(p, 0, 1, 18, 15, K_STRIDES, B_ROLLING, 8.0, 0.2, GHOST, "Evening Run, strides");
	plan_add(p, 0, 3, 18, 30, K_EASY, B_CANAL, 6.0, 0.2, GHOST, "Canal easy");
	plan_add(p, 0, 5, 9, 0, K_EASY, B_PARK, 6.0, 0.2, GHOST, "Park laps");
	plan_add(p, 0, 6, 9, 30, K_LONG, B_CANAL, 13.0, 0.15, GHOST, "Sunday long");
	for (int w = 1; w <= 14; w++)
		ben_week(p, w, w == 6 || w == 11);
	/* W15: race week. */
	plan_add(p, 15, 1, 18, 15, K_STRIDES, B_ROLLING, 8.0, 0, GHOST, "Evening Run, strides");
	plan_add(p, 15, 3, 18, 30, K_EASY, B_CANAL, 6.0, 0, GHOST, "Canal easy");
	plan_add(p, 15, 5, 9, 0, K_EASY, B_PARK, 5.0, 0, GHOST, "Shakeout");
	pr = plan_add(p, 15, 6, 9, 0, K_RACE, B_RACE, 21.1, 0, GHOST, "Sheffield Half Marathon (%s)");
	pr->start_s = 9 * 3600 + 31;	/* gun time */
	pr->opts.nstops = 0;
	/* W16: recovery. */
	plan_add(p, 16, 1, 18, 15, K_EASY, B_PARK, 5.0, 0, GHOST, "Legs still heavy");
	plan_add(p, 16, 3, 18, 30, K_EASY, B_CANAL, 5.5, 0, GHOST, "Canal easy");
	plan_add(p, 16, 5, 9, 0, K_EASY, B_PARK, 6.0, 0, GHOST, "Park laps");
	plan_add(p, 16, 6, 9, 30, K_LONG, B_CANAL, 12.0, 0, GHOST, "Sunday long-ish");
	for (int w = 17; w <= 20; w++)
		ben_week(p, w, false);
}

static void ben_files(struct athlete_def *a)
{
	for (size_t i = 0; i < a->nruns; i++) {
		struct plan_run *pr = &a->runs[i];
		char d[11];

		day_format(pr->day, d);
		if (!strcmp(d, "2026-06-21")) {
			pr->gz = false;
			snprintf(pr->fname, sizeof pr->fname, "export_2026-06-21.gpx");
		} else if (strcmp(d, "2026-08-09") >= 0 && (pr->kind == K_LONG || pr->kind == K_RACE || pr->kind == K_STRIDES)) {
			pr->style = FS_TCX_GARMIN;	/* the Forerunner 55 arrived */
			pr->opts.ele_sd_m = 1.5;	/* GPS altitude, smoothed by the watch */
			pr->opts.ele_white_m = 0.3;
			pr->opts.gps_scale = 1.0;
		}
		if (strcmp(d, "2026-08-09") >= 0)
			pr->opts.pause = PAUSE_GAP;
	}
}

static void ben_story(struct athlete_def *a);

void plan_ben(struct athlete_def *a, uint64_t seed)
{
	struct planner p;

	memset(a, 0, sizeof *a);
	a->dir = "ben";
	a->name = "Ben Walsh";
	a->sex = 'm';
	a->hr_rest = NAN;
	a->hr_max = NAN;
	a->threshold_s_per_km = 240;	/* 4:00 */
	a->zone = (struct zone){ "Europe/London", 0, true };
	a->runner = (struct runner){
		.thr_speed_mps = 1000.0 / 240, .hr_rest = 55, .hr_max = 182,
		.records_hr = false, .records_cad = true,
		.ele_sd_m = 2.0, .ele_white_m = 0.8, .mass_kg = 74, .gps_scale = 1.4,
	};
	a->device = "Forerunner 55";
	a->product_id = 3869;
	a->unit_id = 3390127704u;
	a->shoes[GHOST] = (struct shoe_def){ "Ghost 15", 0, "2025-12-27", "", 12, NAN, "ghost" };
	a->nshoes = 1;
	a->strava_zip = "export_58219344.zip";	/* his Strava bulk export, as downloaded */
	ben_routes(a, seed_mix(seed, 0xbe4));
	planner_init(&p, a, seed, 0xbe4);
	p.style = FS_GPX_PLAIN;
	p.pause = PAUSE_NONE;
	p.dt_min_s = 3;
	p.dt_max_s = 5;
	ben_plan_runs(&p);
	/* the 500 km mark falls in the middle of this Sunday's long run */
	for (size_t i = 0; i < a->nruns; i++) {
		char d[11];

		day_format(a->runs[i].day, d);
		if (!strcmp(d, "2026-08-30"))
			a->runs[i].flags |= RF_SHOE_TARGET_WARN;
	}
	ben_files(a);
	plan_finish(&p, 14661000000ull, 19243000000ull);
	ben_story(a);
}

static void ben_story(struct athlete_def *a)
{
	a->summary = "Ben runs four times a week around Sheffield, about 33 km: strides on "
		     "Tuesday, the canal towpath, laps of Hillsborough Park, a Sunday long run. "
		     "Until August he records with his phone (plain GPX from the Strava iPhone app, "
		     "no extensions, no auto-pause: standing points at crossings); then a "
		     "Forerunner 55 with the wrist sensor switched off (a tattoo). There is no "
		     "heart rate in any of his files and none in his athlete.ini. His runs come "
		     "as Strava's bulk export, exactly as downloaded: one zip "
		     "(`ben/export_58219344.zip`: `activities.csv`, whose Activity Gear names "
		     "the shoe, and `activities/`), read without unpacking. He is the calm "
		     "athlete of the roster: two flags in five months.";

	plan_event(a, "2026-06-01", NULL, NULL, NULL,
		   "The export starts with a 13 km long run on a day off.");
	plan_event(a, "2026-08-09", NULL, NULL, NULL,
		   "First run with the Forerunner 55: from now on his Tuesday, Sunday and race "
		   "runs are Garmin TCX files (speed, cadence, laps; no heart rate).");
	plan_event(a, "2026-08-30", "shoe_mileage", "warn",
		   "Ghost 15 passes 500 km during the Sunday long run",
		   "His only shoe, the Ghost 15, passes 500 km halfway through the Sunday long run. "
		   "He keeps running in it.");
	plan_event(a, "2026-09-20", "long_run_spike", "warn",
		   "half marathon 21.1 km vs ~13 km longest in the previous 30 days",
		   "\"Sheffield Half! Went out steady, 1:34.\" His long runs are 13 km; the race "
		   "is 21.1 km at about 4:27/km, 60 % longer than anything in the previous 30 days. "
		   "The pace stays below his threshold, so it is not a speed spike.");
}
