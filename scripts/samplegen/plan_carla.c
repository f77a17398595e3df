/*
 * plan_carla.c - Carla: a 38-year-old in Lyon, ~35 km a week on four or
 * five easy runs, a Garmin watch whose files she downloads from Garmin
 * Connect (FIT).  Her year is the classic calf cycle: the calf goes after
 * 6-9 km, a month off, back with 10 km runs, and it goes again; the third
 * time she stops at once and comes back slowly.  A summer trail block too.
 *
 * Her history starts earlier than the others' (2025-11-02), so that both
 * month-long breaks and the return before the first of them fall inside the
 * twelve months that repeated_breakdown counts.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scripts/samplegen/samplegen.h"

enum { C_QUAIS, C_PARC, C_CROIX, C_MIRIBEL, C_N };
enum { CLIFTON9, CLIFTON10, NOVABLAST, CHALLENGER };

#define CARLA_WEEK0 "2025-10-27"	/* a Monday; her first run is that Sunday */

static void carla_routes(struct athlete_def *a, uint64_t seed)
{
	struct route *rt = a->routes;

	route_make_path(&rt[C_QUAIS], "Berges du Rhone", 45.76010, 4.84170, 8000, 5, 1.5, seed_mix(seed, 1));
	rt[C_QUAIS].ele0_m = 165;
	rt[C_QUAIS].undulation_m = 0.8;
	rt[C_QUAIS].undulation_period_m = 1100;
	route_add_bump(&rt[C_QUAIS], 2600, 50, 3);	/* ramps up to the bridges */
	route_add_bump(&rt[C_QUAIS], 5200, 50, 3);

	route_make_loop(&rt[C_PARC], "Parc de la Tete d'Or", 45.77420, 4.85480, 4100, 0.7, seed_mix(seed, 2));
	rt[C_PARC].ele0_m = 169;
	route_add_bump(&rt[C_PARC], 2300, 600, 4);
	rt[C_PARC].gps_sd_m = 2.6;

	/* the gentle side of the Croix-Rousse: ~40 m a lap, never a "hilly" run */
	route_make_loop(&rt[C_CROIX], "Croix-Rousse loop", 45.77050, 4.83210, 7000, 0.6, seed_mix(seed, 3));
	rt[C_CROIX].ele0_m = 172;
	route_add_bump(&rt[C_CROIX], 2500, 700, 38);
	rt[C_CROIX].gps_sd_m = 3.0;	/* narrow streets */

	/* dirt paths between the lakes of Miribel-Jonage: trail, but flat */
	route_make_path(&rt[C_MIRIBEL], "Grand Parc Miribel-Jonage", 45.81210, 4.94630, 7000, 70, 5.0, seed_mix(seed, 4));
	rt[C_MIRIBEL].ele0_m = 181;
	rt[C_MIRIBEL].undulation_m = 1.2;
	rt[C_MIRIBEL].undulation_period_m = 700;
	rt[C_MIRIBEL].gps_sd_m = 3.4;	/* poplars */
	a->nroutes = C_N;
}

/* The road shoe of a day: a new pair at Christmas and after the second breakdown. */
static int road_shoe(int32_t day)
{
	if (day < day_parse("2025-12-31"))
		return CLIFTON9;
	if (day < day_parse("2026-06-13"))
		return CLIFTON10;
	return NOVABLAST;
}

/* A run on a calendar date (the story's dates), road shoe by date. */
static struct plan_run *at(struct planner *p, const char *date, int hh, int mm, enum run_kind k,
			   int route, double km, double sd_km, const char *title)
{
	int32_t d = day_parse(date) - p->first_day;

	return plan_add(p, d / 7, d % 7, hh, mm, k, route, km, sd_km, road_shoe(day_parse(date)), title);
}

static struct plan_run *trail(struct plan_run *pr)
{
	pr->trail = true;
	pr->shoe = CHALLENGER;
	pr->opts.day_factor *= 0.95;	/* roots, gravel, soft ground */
	pr->opts.nstops = 0;
	return pr;
}

/*
 * Tue quays, (Wed park), Thu Croix-Rousse, Sat park, Sun long on the quays:
 * 34 km on four runs, 39 km with the Wednesday lunch run.
 */
static void carla_week(struct planner *p, int w, bool wed, double long_km, bool trail_block)
{
	int shoe = road_shoe(p->first_day + 7 * w);
	struct plan_run *pr;

	plan_add(p, w, 1, 18, 30, K_EASY, C_QUAIS, 7.5, 0.2, shoe, "Quais du Rhone");
	if (wed)
		plan_add(p, w, 2, 12, 30, K_EASY, C_PARC, 5.0, 0.1, shoe, "Lunch run, Tete d'Or");
	if (trail_block) {
		trail(plan_add(p, w, 3, 18, 45, K_EASY, C_MIRIBEL, 7.0, 0.2, shoe, "Trail group, Miribel"));
	} else {
		plan_add(p, w, 3, 18, 30, K_EASY, C_CROIX, 8.0, 0.2, shoe, "Croix-Rousse loop");
	}
	plan_add(p, w, 5, 9, 0, K_EASY, C_PARC, 6.5, 0.2, shoe, "Parc de la Tete d'Or");
	pr = plan_add(p, w, 6, 9, 30, K_LONG, trail_block ? C_MIRIBEL : C_QUAIS, long_km, 0.1, shoe,
		      trail_block ? "Sunday trail long run, Miribel" : "Sunday long run");
	if (trail_block)
		trail(pr);
}

static void carla_plan_runs(struct planner *p)
{
	struct plan_run *pr;
	int w;

	/* W0-W7: the new watch, a steady base; Christmas off (W8). */
	at(p, "2025-11-02", 9, 30, K_LONG, C_QUAIS, 12.2, 0.1, "First run with the new watch");
	for (w = 1; w <= 7; w++)
		carla_week(p, w, w % 2 == 1, 12.2, false);

	/* 9 days off; back gently, inside the return limits, long run 11.5 km at most. */
	at(p, "2025-12-31", 11, 0, K_EASY, C_PARC, 5.0, 0.1, "Easy after the flu");
	at(p, "2026-01-02", 11, 0, K_EASY, C_QUAIS, 5.0, 0.1, "Quais du Rhone, easy");
	at(p, "2026-01-04", 10, 0, K_EASY, C_QUAIS, 6.0, 0.1, "Sunday, short");
	at(p, "2026-01-06", 18, 30, K_EASY, C_QUAIS, 6.0, 0.1, "Quais du Rhone");
	at(p, "2026-01-08", 18, 30, K_EASY, C_CROIX, 7.0, 0.1, "Croix-Rousse loop");
	at(p, "2026-01-10", 9, 0, K_EASY, C_PARC, 6.0, 0.1, "Parc de la Tete d'Or");
	at(p, "2026-01-11", 9, 30, K_LONG, C_QUAIS, 7.5, 0.1, "Sunday run");
	at(p, "2026-01-13", 18, 30, K_EASY, C_QUAIS, 7.0, 0.1, "Quais du Rhone");
	at(p, "2026-01-15", 18, 30, K_EASY, C_CROIX, 8.0, 0.1, "Croix-Rousse loop");
	at(p, "2026-01-17", 9, 0, K_EASY, C_PARC, 6.5, 0.1, "Parc de la Tete d'Or");
	at(p, "2026-01-18", 9, 30, K_LONG, C_QUAIS, 10.0, 0.1, "Sunday long run");
	for (w = 12; w <= 15; w++)
		carla_week(p, w, false, w == 12 ? 11.0 : 11.5, false);

	/* W16: the calf goes on Thursday, 7 km into the Croix-Rousse loop. */
	plan_add(p, 16, 1, 18, 30, K_EASY, C_QUAIS, 7.5, 0.2, CLIFTON10, "Quais du Rhone");
	pr = at(p, "2026-02-19", 18, 30, K_EASY, C_CROIX, 7.0, 0, "Croix-Rousse loop, calf!");
	pr->flags |= RF_FIXED;

	/* 29 days off, then the commenter's comeback: 10 km on days 1, 3, 5 and 7. */
	at(p, "2026-03-21", 9, 30, K_EASY, C_QUAIS, 10.0, 0, "Back! 10 k")->flags |= RF_FIXED;
	at(p, "2026-03-23", 18, 30, K_EASY, C_QUAIS, 10.0, 0, "10 k")->flags |= RF_FIXED;
	at(p, "2026-03-25", 18, 30, K_EASY, C_QUAIS, 10.0, 0, "10 k again")->flags |= RF_FIXED;
	at(p, "2026-03-27", 18, 30, K_EASY, C_QUAIS, 10.0, 0, "10 k, four in a week")->flags |= RF_FIXED;
	for (w = 22; w <= 26; w++)
		carla_week(p, w, w % 2 == 0, 12.0, false);

	/* W27: the calf goes again, at 8 km of the Sunday long run. */
	plan_add(p, 27, 1, 18, 30, K_EASY, C_QUAIS, 7.5, 0.2, CLIFTON10, "Quais du Rhone");
	plan_add(p, 27, 3, 18, 30, K_EASY, C_CROIX, 8.0, 0.2, CLIFTON10, "Croix-Rousse loop");
	plan_add(p, 27, 5, 9, 0, K_EASY, C_PARC, 6.5, 0.2, CLIFTON10, "Parc de la Tete d'Or");
	at(p, "2026-05-10", 9, 30, K_LONG, C_QUAIS, 8.2, 0, "Long run, calf again at 8 k")->flags |= RF_FIXED;

	/* 33 days off; new shoes, and the same comeback. */
	at(p, "2026-06-13", 9, 30, K_EASY, C_QUAIS, 10.0, 0, "Back, new shoes, 10 k")->flags |= RF_FIXED;
	at(p, "2026-06-15", 18, 30, K_EASY, C_QUAIS, 10.0, 0, "10 k")->flags |= RF_FIXED;
	at(p, "2026-06-17", 18, 30, K_EASY, C_QUAIS, 10.0, 0, "10 k")->flags |= RF_FIXED;
	at(p, "2026-06-19", 18, 30, K_EASY, C_QUAIS, 10.0, 0, "10 k")->flags |= RF_FIXED;
	for (w = 34; w <= 38; w++)
		carla_week(p, w, w % 2 == 1, 12.0, false);
	/* W39-W44: the club's trail group at Miribel on Thursday and Sunday. */
	for (w = 39; w <= 44; w++)
		carla_week(p, w, false, 12.0, true);

	/* W45: a twinge at 5 km on Sunday; this time she stops at once. */
	plan_add(p, 45, 1, 18, 30, K_EASY, C_QUAIS, 7.5, 0.2, NOVABLAST, "Quais du Rhone");
	plan_add(p, 45, 3, 18, 30, K_EASY, C_CROIX, 8.0, 0.2, NOVABLAST, "Croix-Rousse loop");
	plan_add(p, 45, 5, 9, 0, K_EASY, C_PARC, 6.5, 0.2, NOVABLAST, "Parc de la Tete d'Or");
	at(p, "2026-09-13", 9, 30, K_LONG, C_QUAIS, 5.0, 0, "Long run, stopped at 5 k")->flags |= RF_FIXED;

	/* 12 days off; the physio's plan: 3 km every other day, +25 % a week, flat and easy. */
	{
		static const struct {
			const char *date;
			double km;
		} back[] = {
			{ "2026-09-26", 3.0 }, { "2026-09-28", 3.0 }, { "2026-09-30", 3.0 },
			{ "2026-10-02", 3.0 }, { "2026-10-04", 3.8 }, { "2026-10-06", 3.8 },
			{ "2026-10-08", 3.8 }, { "2026-10-10", 4.7 }, { "2026-10-12", 4.7 },
			{ "2026-10-14", 4.7 }, { "2026-10-17", 5.9 }, { "2026-10-19", 5.9 },
			{ "2026-10-21", 5.9 }, { "2026-10-23", 5.9 }, { "2026-10-25", 7.3 },
		};

		for (size_t i = 0; i < sizeof back / sizeof back[0]; i++) {
			int32_t d = day_parse(back[i].date);
			bool sat = weekday_mon0(d) >= 5;

			at(p, back[i].date, sat ? 9 : 18, sat ? 30 : 30, K_EASY,
			   i % 2 ? C_PARC : C_QUAIS, back[i].km, 0,
			   i == 0 ? "Physio plan: 3 km" : "Physio plan")->flags |= RF_FIXED;
		}
	}
}

static void carla_files(struct athlete_def *a)
{
	for (size_t i = 0; i < a->nruns; i++) {
		struct plan_run *pr = &a->runs[i];

		pr->style = FS_FIT_GARMIN;
		/* the winter files she had archived compressed */
		pr->gz = pr->day < day_parse("2026-03-01");
	}
}

static void carla_story(struct athlete_def *a);

void plan_carla(struct athlete_def *a, uint64_t seed)
{
	struct planner p;

	memset(a, 0, sizeof *a);
	a->dir = "carla";
	a->name = "Carla Mercier";
	a->sex = 'f';
	a->hr_rest = 52;
	a->hr_max = 186;
	a->threshold_s_per_km = 295;	/* 4:55 */
	a->zone = (struct zone){ "Europe/Paris", 3600, true };
	a->runner = (struct runner){
		.thr_speed_mps = 1000.0 / 295, .hr_rest = 52, .hr_max = 186,
		.records_hr = true, .records_cad = true,
		.ele_sd_m = 1.0, .ele_white_m = 0.25, .mass_kg = 61, .gps_scale = 1.0,
	};
	a->device = "Forerunner 265";
	a->product_id = 4257;
	a->unit_id = 3512876102u;
	a->fit_profiles = true;
	a->week0 = CARLA_WEEK0;
	a->shoes[CLIFTON9] = (struct shoe_def){ "Clifton 9", 180, "2025-08-30", "2025-12-30", 5, NAN, "" };
	a->shoes[CLIFTON10] = (struct shoe_def){ "Clifton 10", 0, "2025-12-31", "2026-06-12", 8, NAN, "" };
	a->shoes[NOVABLAST] = (struct shoe_def){ "Novablast 5", 0, "2026-06-13", "", 8, NAN, "" };
	a->shoes[CHALLENGER] = (struct shoe_def){ "Challenger 7", 0, "", "", 5, NAN, "trail" };
	a->nshoes = 4;
	carla_routes(a, seed_mix(seed, 0xca7));
	planner_init(&p, a, seed, 0xca7);
	p.gz = false;
	p.dt_min_s = 3;		/* smart recording */
	p.dt_max_s = 6;
	carla_plan_runs(&p);
	carla_files(a);
	plan_finish(&p, 16420000000ull, 18740000000ull);
	carla_story(a);
}

/* The story's events, in date order: the flags the samples must raise, and the why. */
static const struct {
	const char *date, *rule, *level, *note, *story;
} carla_events[] = {
	{ "2025-11-02", NULL, NULL, NULL,
	  "Her history starts with a Sunday long run: the Forerunner 265 was a birthday "
	  "present, and her Garmin Connect account begins with it. She runs everything "
	  "easy: no tempo, no track, no hill repeats." },
	{ "2025-12-31", NULL, NULL, NULL,
	  "Nine days without running over Christmas (family in Brittany, then flu); new "
	  "Clifton 10 under the tree. She comes back gently: 5-6 km for a week, the long "
	  "run back to 11 km after three weeks, every run and week inside the return "
	  "limits: nothing is flagged. This short break matters later: it is the return "
	  "that her first breakdown follows." },
	{ "2026-02-19", "pain_signal", "alert",
	  "pain 5/10: calf went at 7 km on the Croix-Rousse loop",
	  "\"Calf went at 7 km, on the climb to the Croix-Rousse. Walked home.\" 5/10 in "
	  "the pain diary; she stops running." },
	{ "2026-03-21", "layoff_return", "alert",
	  "29 days without running, then 10 km (pre-break mean run ~8 km): limit ~4 km",
	  "\"Back! Felt nothing.\" After 29 days off she comes back the way a runner "
	  "described it: 10 km on days 1, 3, 5 and 7 (March 21, 23, 25, 27), easy pace, "
	  "flat quays. A month off halves what the calf can take: the first run is more "
	  "than twice its limit (one flag per level and return: the next three add none)." },
	{ "2026-03-28", NULL, NULL, NULL,
	  "\"Calf a bit tight after the four 10 k's\": 2/10, no more than the last entry, "
	  "and no hard run in the three days after it: nothing is flagged. She goes back "
	  "to her usual weeks." },
	{ "2026-05-10", "pain_signal", "alert",
	  "pain 6/10: the calf went again at 8 km of the long run",
	  "\"Same calf, same spot, at 8 km.\" 6/10; a second month off." },
	{ "2026-06-13", "layoff_return", "alert",
	  "33 days without running, then 10 km again (limit ~3.3 km)",
	  "\"New shoes, fresh start.\" After 33 days off, the same comeback: 10 km on "
	  "June 13, 15, 17 and 19, in new Novablast 5." },
	{ "2026-06-13", "repeated_breakdown", "alert",
	  "second break of >= 14 days after a return within 12 months (Feb-Mar, May-Jun)",
	  "Two breaks of 14 days or more within twelve months, each after a return (February "
	  "20 to March 20 after the Christmas return, May 11 to June 12 after the March one): "
	  "the cycle itself is named on the first run back." },
	{ "2026-08-02", "soft_surface", "warn",
	  "first Miribel trail runs (FIT sub-sport trail): ~19 km on trail in 7 days after none",
	  "Summer with the club's trail group: from Thursday July 30 the Thursday run and "
	  "the Sunday long run move to the dirt paths of Miribel-Jonage (the watch's Trail "
	  "Run profile: sport running, sub-sport trail), about 19 km a week for six weeks "
	  "after none; the Sunday makes the first 19 km. Flat, but softer and more uneven "
	  "under the calf." },
	{ "2026-09-13", NULL, NULL, NULL,
	  "\"Twinge at 5 km. Stopped at once, walked home, booked the physio.\" 3/10 in "
	  "the diary: below the alert severity, and no run in the days after it." },
	{ "2026-09-26", NULL, NULL, NULL,
	  "After 12 days off (not a breakdown: under 14 days), the physio's plan: 3 km "
	  "every other day, about 25 % more each week, flat and easy. Every run and week "
	  "stays under the return limits: nothing is flagged." },
	{ "2026-10-25", NULL, NULL, NULL,
	  "Day 30 of the careful return, 7.3 km. The report says \"returning: day 30 "
	  "after 12 days off\" (the phase lasts until a run reaches her old longest); no "
	  "flag is active, so the next 7 days carry no cap." },
};

static void carla_story(struct athlete_def *a)
{
	a->summary = "Carla runs four or five times a week in Lyon, about 35 km, all of it easy: "
		     "the Rhone quays, laps of the Parc de la Tete d'Or, a loop on the gentle side "
		     "of the Croix-Rousse, a Sunday long run of 12 km. Her calf goes after 6-9 km, "
		     "sooner on a climb; she rests a month, comes back with four 10 km runs, and it "
		     "goes again. Her Forerunner 265 records heart rate and cadence; her files are "
		     "the watch's FIT files as Garmin Connect exports them (`ID_ACTIVITY.fit`, the "
		     "winter ones gzipped), with the watch's profile (Run, Trail Run) and no "
		     "activity names, so her road shoes are found by date (athlete.ini) and the "
		     "trail shoe by the profile's name.";

	for (size_t i = 0; i < sizeof carla_events / sizeof carla_events[0]; i++)
		plan_event(a, carla_events[i].date, carla_events[i].rule, carla_events[i].level,
			   carla_events[i].note, carla_events[i].story);

	plan_pain(a, "2026-02-19", "right", 5, "calf went at 7 km on the Croix-Rousse climb, walked home");
	plan_pain(a, "2026-03-04", "right", 2, "walking fine, stairs still tight");
	plan_pain(a, "2026-03-28", "right", 2, "calf a bit tight after the four 10 k's");
	plan_pain(a, "2026-05-10", "right", 6, "same calf, same spot, at 8 km");
	plan_pain(a, "2026-05-25", "right", 2, "sore on stairs only");
	plan_pain(a, "2026-09-13", "right", 3, "twinge at 5 km, stopped at once");
	plan_pain(a, "2026-09-22", "right", 1, "physio: 3 km every other day, +25 % a week");
}
