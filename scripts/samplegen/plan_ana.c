/*
 * plan_ana.c - Ana: a 34-year-old club runner in Madrid with a history of
 * calf trouble, ~45 km a week on five runs, Garmin watch synced to Strava.
 * Almost every calf-risk pattern the tool knows happens to her once, on a
 * known date, on top of a steady base (see samples/SCENARIO.md).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scripts/samplegen/samplegen.h"

enum { R_RIVER, R_PARK, R_ROLLING, R_HILLY, R_SIERRA, R_HILLREP, R_TRACK, R_COAST, R_N };
enum { PEGASUS, VOMERO, KINVARA };

static void ana_routes(struct athlete_def *a, uint64_t seed)
{
	struct route *rt = a->routes;

	route_make_path(&rt[R_RIVER], "Madrid Rio", 40.41020, -3.72050, 13000, 165, 2.0, seed_mix(seed, 1));
	rt[R_RIVER].ele0_m = 596;
	rt[R_RIVER].undulation_m = 1.2;
	rt[R_RIVER].undulation_period_m = 900;
	route_add_bump(&rt[R_RIVER], 3100, 60, 3);	/* footbridge ramps */
	route_add_bump(&rt[R_RIVER], 7400, 60, 3);

	route_make_loop(&rt[R_PARK], "Retiro loop", 40.41680, -3.68890, 3300, 0.75, seed_mix(seed, 2));
	rt[R_PARK].ele0_m = 655;
	route_add_bump(&rt[R_PARK], 1700, 800, 7);
	rt[R_PARK].gps_sd_m = 2.6;

	route_make_loop(&rt[R_ROLLING], "Casa de Campo lake", 40.41560, -3.73480, 7000, 0.6, seed_mix(seed, 3));
	rt[R_ROLLING].ele0_m = 618;
	route_add_bump(&rt[R_ROLLING], 2200, 700, 12);
	route_add_bump(&rt[R_ROLLING], 5100, 500, 8);
	rt[R_ROLLING].undulation_m = 1;

	route_make_loop(&rt[R_HILLY], "Casa de Campo hills", 40.42010, -3.74650, 6000, 0.7, seed_mix(seed, 4));
	rt[R_HILLY].ele0_m = 612;
	route_add_bump(&rt[R_HILLY], 1300, 700, 68);
	route_add_bump(&rt[R_HILLY], 3700, 600, 42);
	route_add_bump(&rt[R_HILLY], 5100, 350, -22);
	rt[R_HILLY].gps_sd_m = 3.2;	/* pines */

	route_make_path(&rt[R_SIERRA], "Cercedilla, Camino Schmid", 40.74120, -4.05680, 8000, 25, 7.0, seed_mix(seed, 5));
	rt[R_SIERRA].ele0_m = 1195;
	route_add_bump(&rt[R_SIERRA], 7600, 6600, 395);
	rt[R_SIERRA].gps_sd_m = 3.5;

	route_make_path(&rt[R_HILLREP], "Cuesta de la Vega", 40.41500, -3.71820, 1500, 80, 1.5, seed_mix(seed, 6));
	rt[R_HILLREP].ele0_m = 600;
	route_add_bump(&rt[R_HILLREP], 1500, 300, 24);	/* 8 % on average */

	route_make_track(&rt[R_TRACK], "Vallehermoso track", 40.44230, -3.71010, 15);

	route_make_path(&rt[R_COAST], "Playa de San Juan", 38.37080, -0.41460, 9000, 40, 1.5, seed_mix(seed, 8));
	rt[R_COAST].ele0_m = 4;
	rt[R_COAST].undulation_m = 0.8;
	a->nroutes = R_N;
}

/* Shoe for a slot: A = the main shoe, B = the rotation shoe. */
static int shoe_a(int week) { return week >= 14 && week <= 17 ? KINVARA : PEGASUS; }
static int shoe_b(int week) { return week >= 14 ? PEGASUS : VOMERO; }

/* Tue easy, Wed easy, Thu tempo, Sat easy, Sun long: ~45 km. */
static void normal_week(struct planner *p, int w, bool wed, bool mon)
{
	int sat_route = w >= 5 ? R_ROLLING : R_PARK;

	if (mon)
		plan_add(p, w, 0, 7, 15, K_EASY, R_PARK, 5.0, 0.2, shoe_b(w), "Recovery jog");
	plan_add(p, w, 1, 7, 15, K_EASY, R_RIVER, 8.0, 0.25, shoe_a(w), "Morning Run");
	if (wed)
		plan_add(p, w, 2, 7, 15, K_EASY, R_PARK, 7.0, 0.2, shoe_b(w), "Retiro easy");
	plan_add(p, w, 3, 19, 30, K_TEMPO, R_PARK, 9.0, 0.1, shoe_a(w), "Tempo 3x4' (%s)");
	plan_add(p, w, 5, 8, 30, K_EASY, sat_route, 6.5, 0.2, shoe_a(w), "Saturday easy");
	plan_add(p, w, 6, 8, 45, K_LONG, R_RIVER, 14.6, 0.15, shoe_b(w), "Sunday long run");
}

static void ana_plan_runs(struct planner *p)
{
	struct plan_run *pr;

	/* W0: the export starts with a Monday long run (she raced on the Sunday before). */
	plan_add(p, 0, 0, 9, 0, K_LONG, R_RIVER, 14.5, 0.1, PEGASUS, "Long run Madrid Rio");
	plan_add(p, 0, 1, 7, 15, K_EASY, R_RIVER, 8.0, 0.25, PEGASUS, "Morning Run");
	plan_add(p, 0, 2, 7, 15, K_EASY, R_PARK, 7.0, 0.2, VOMERO, "Retiro easy");
	plan_add(p, 0, 3, 19, 30, K_TEMPO, R_PARK, 9.0, 0.1, PEGASUS, "Tempo 3x4' (%s)");
	plan_add(p, 0, 5, 8, 30, K_EASY, R_PARK, 6.5, 0.2, VOMERO, "Saturday easy");
	plan_add(p, 0, 6, 8, 45, K_LONG, R_RIVER, 14.6, 0.15, PEGASUS, "Sunday long run");

	normal_week(p, 1, true, false);
	normal_week(p, 2, true, true);
	normal_week(p, 3, true, false);

	/* W4: hill block after four flat weeks. */
	plan_add(p, 4, 1, 7, 15, K_HILL_REPS, R_HILLREP, 6.0, 0, PEGASUS, "Hill repeats 6x300m - %s");
	plan_add(p, 4, 2, 7, 15, K_EASY, R_PARK, 7.0, 0.2, VOMERO, "Retiro easy");
	plan_add(p, 4, 3, 19, 15, K_HILLY, R_HILLY, 12.0, 0.1, PEGASUS, "Casa de Campo hills");
	plan_add(p, 4, 5, 8, 30, K_EASY, R_PARK, 6.5, 0.2, VOMERO, "Saturday easy");
	pr = plan_add(p, 4, 6, 8, 0, K_LONG, R_SIERRA, 15.0, 0, PEGASUS, "Sierra long run, Cercedilla");
	pr->pace = EF_LONG;

	/* W5: normal; the Sunday long run reaches the folder twice (Strava GPX + Garmin TCX). */
	normal_week(p, 5, true, false);
	pr = &p->a->runs[p->a->nruns - 1];
	pr->flags |= RF_DUP_TCX;

	/* W6: tempo on Wednesday, hills on Thursday: hard days back to back. */
	plan_add(p, 6, 1, 7, 15, K_EASY, R_RIVER, 8.0, 0.25, PEGASUS, "Morning Run");
	pr = plan_add(p, 6, 2, 19, 30, K_TEMPO, R_PARK, 9.0, 0.1, PEGASUS, "Tempo 3x4' (%s)");
	pr->style = FS_TCX_GARMIN;
	snprintf(pr->fname, sizeof pr->fname, "TEMPO_0715.TCX.GZ");
	plan_add(p, 6, 3, 19, 15, K_HILLY, R_HILLY, 12.0, 0.1, VOMERO, "Casa de Campo hills with Marta");
	plan_add(p, 6, 5, 8, 30, K_EASY, R_ROLLING, 6.5, 0.2, VOMERO, "Saturday easy");
	plan_add(p, 6, 6, 8, 45, K_LONG, R_RIVER, 14.6, 0.15, VOMERO, "Sunday long run");

	/* W7: normal, but Saturday's run starts ten minutes after midnight (heat wave). */
	plan_add(p, 7, 1, 7, 15, K_EASY, R_RIVER, 8.0, 0.25, PEGASUS, "Morning Run");
	plan_add(p, 7, 2, 7, 15, K_EASY, R_PARK, 7.0, 0.2, VOMERO, "Retiro easy");
	pr = plan_add(p, 7, 3, 19, 30, K_TEMPO, R_PARK, 9.0, 0.1, PEGASUS, "Tempo 3x4' (%s)");
	pr->flags |= RF_SHOE_TARGET_WARN;	/* the Pegasus passes 500 km during this run */
	pr = plan_add(p, 7, 5, 0, 0, K_EASY, R_RIVER, 6.5, 0.2, PEGASUS, "Midnight run, too hot by day");
	pr->start_s = 10 * 60 + 17;
	plan_add(p, 7, 6, 8, 45, K_LONG, R_RIVER, 14.6, 0.15, VOMERO, "Sunday long run");

	/* W8: the long run spike on Sunday. */
	plan_add(p, 8, 1, 7, 15, K_EASY, R_RIVER, 8.0, 0.25, PEGASUS, "Morning Run");
	plan_add(p, 8, 2, 7, 15, K_EASY, R_PARK, 7.0, 0.2, VOMERO, "Retiro easy");
	plan_add(p, 8, 3, 19, 30, K_TEMPO, R_PARK, 9.0, 0.1, PEGASUS, "Tempo 3x4' (%s)");
	plan_add(p, 8, 5, 8, 30, K_EASY, R_ROLLING, 6.5, 0.2, VOMERO, "Saturday easy");
	pr = plan_add(p, 8, 6, 7, 30, K_LONG, R_RIVER, 24.0, 0, PEGASUS, "24 k with the marathon group - %s");
	pr->flags |= RF_FIXED;
	pr->opts.nstops = 2;
	pr->opts.stop_min_s = 35;
	pr->opts.stop_max_s = 70;

	/* W9: beach holiday: phone app (watch charger at home), one hotel treadmill run. */
	pr = plan_add(p, 9, 1, 8, 0, K_EASY, R_COAST, 6.0, 0.1, PEGASUS, "Beach run");
	pr->style = FS_GPX_OPENTRACKS;
	pr->opts.pause = PAUSE_SEGMENT;
	pr->opts.nstops = 1;
	pr = plan_add(p, 9, 2, 18, 0, K_TREADMILL, R_COAST, 6.0, 0, PEGASUS, "Hotel treadmill - %s");
	pr->flags |= RF_FIXED;
	pr->gz = false;
	pr->opts.dt_min_s = 2;
	pr->opts.dt_max_s = 4;
	pr = plan_add(p, 9, 5, 8, 0, K_EASY, R_COAST, 7.0, 0.1, VOMERO, "Beach run");
	pr->style = FS_GPX_OPENTRACKS;
	pr->opts.pause = PAUSE_SEGMENT;
	pr = plan_add(p, 9, 6, 8, 0, K_LONG, R_COAST, 10.0, 0, VOMERO, "Promenade long-ish");
	pr->style = FS_GPX_OPENTRACKS;
	pr->opts.pause = PAUSE_SEGMENT;
	pr->opts.nstops = 2;

	/* W10: straight back to full volume after the light week: the weekly jump. */
	plan_add(p, 10, 1, 7, 15, K_EASY, R_RIVER, 8.0, 0, PEGASUS, "Back home - %s")->flags |= RF_FIXED;
	plan_add(p, 10, 2, 7, 15, K_EASY, R_PARK, 7.0, 0, VOMERO, "Retiro easy");
	plan_add(p, 10, 3, 19, 30, K_TEMPO, R_PARK, 9.0, 0, PEGASUS, "Tempo 3x4' (%s)")->flags |= RF_FIXED;
	plan_add(p, 10, 5, 8, 30, K_EASY, R_ROLLING, 7.0, 0, VOMERO, "Saturday easy");
	plan_add(p, 10, 6, 8, 45, K_LONG, R_RIVER, 15.0, 0, PEGASUS, "Sunday long run")->flags |= RF_FIXED;

	normal_week(p, 11, true, false);

	/* W12: track session: the jump in speed work. */
	plan_add(p, 12, 1, 7, 15, K_EASY, R_RIVER, 8.0, 0.25, PEGASUS, "Morning Run");
	plan_add(p, 12, 2, 7, 15, K_EASY, R_PARK, 7.0, 0.2, VOMERO, "Retiro easy");
	pr = plan_add(p, 12, 3, 19, 30, K_TRACK, R_TRACK, 11.0, 0, PEGASUS, "Track 16x400 with the club - %s");
	pr->flags |= RF_FIXED;
	pr->style = FS_TCX_GARMIN;
	pr = plan_add(p, 12, 5, 8, 30, K_EASY, R_ROLLING, 6.5, 0.2, VOMERO, "Saturday easy");
	pr->flags |= RF_CORRUPT_COPY;
	plan_add(p, 12, 6, 8, 45, K_LONG, R_RIVER, 14.6, 0.15, VOMERO, "Sunday long run");

	normal_week(p, 13, true, false);
	p->a->runs[p->a->nruns - 1].shoe = PEGASUS;	/* the Vomero's upper is torn */
	/* W14: the Vomero is retired; the new Kinvara (4 mm) takes half the week. */
	normal_week(p, 14, true, false);
	normal_week(p, 15, true, false);
	normal_week(p, 16, false, false);
	/* W17: the calf is tight from Thursday on; she skips Wednesday and Saturday, not Sunday. */
	plan_add(p, 17, 1, 7, 15, K_EASY, R_RIVER, 8.0, 0.25, shoe_a(17), "Morning Run");
	plan_add(p, 17, 3, 19, 30, K_TEMPO, R_PARK, 9.0, 0.1, shoe_a(17), "Tempo 3x4' (%s)");
	plan_add(p, 17, 6, 8, 45, K_LONG, R_RIVER, 14.6, 0.15, shoe_b(17), "Sunday long run, calf tight");
	/* W18 and W19: calf strain, no running from Oct 5 to Oct 17. */
	pr = plan_add(p, 19, 6, 9, 0, K_RETURN, R_RIVER, 17.5, 0, PEGASUS, "Back! Felt great - %s");
	pr->opts.nstops = 1;
	pr->flags |= RF_FIXED;
	/* W20: straight back to a full week; the Pegasus passes 800 km on Sunday. */
	plan_add(p, 20, 1, 7, 15, K_EASY, R_RIVER, 8.0, 0.1, PEGASUS, "Morning Run")->flags |= RF_FIXED;
	plan_add(p, 20, 2, 7, 15, K_EASY, R_PARK, 8.0, 0.1, PEGASUS, "Retiro easy")->flags |= RF_FIXED;
	plan_add(p, 20, 3, 19, 30, K_TEMPO, R_PARK, 9.0, 0, PEGASUS, "Tempo 3x4' (%s)")->flags |= RF_FIXED;
	plan_add(p, 20, 5, 8, 30, K_EASY, R_ROLLING, 7.0, 0, PEGASUS, "Saturday easy")->flags |= RF_FIXED;
	pr = plan_add(p, 20, 6, 9, 30, K_LONG, R_RIVER, 16.0, 0, PEGASUS, "Sunday long run, first morning of winter time");
	pr->flags |= RF_SHOE_TARGET;
}

/* Formats and odd names, as a real folder of downloads ends up. */
static void ana_files(struct athlete_def *a)
{
	for (size_t i = 0; i < a->nruns; i++) {
		struct plan_run *pr = &a->runs[i];
		char d[11];

		day_format(pr->day, d);
		if (!strcmp(d, "2026-06-09"))
			pr->gz = false, snprintf(pr->fname, sizeof pr->fname, "Morning Run 2026-06-09.gpx");
		else if (!strcmp(d, "2026-06-17"))
			pr->gz = false, snprintf(pr->fname, sizeof pr->fname, "activity_2026-06-17");
		else if (!strcmp(d, "2026-06-23"))
			pr->gz = false, snprintf(pr->fname, sizeof pr->fname, "Easy run export.txt");
		else if (!strcmp(d, "2026-06-27"))
			pr->gz = false, snprintf(pr->fname, sizeof pr->fname, "RUN_0627.GPX");
		else if (pr->kind == K_TEMPO && weekday_mon0(pr->day) == 3 && i % 3 == 0)
			pr->style = FS_TCX_GARMIN;	/* some workouts downloaded from Garmin Connect */
		else if (!strncmp(d, "2026-09", 7) && pr->kind == K_EASY && weekday_mon0(pr->day) == 1)
			pr->style = FS_GPX_GARMIN;
		else if (pr->kind == K_HILL_REPS || pr->kind == K_HILLY)
			pr->style = FS_TCX_GARMIN;
	}
}

static void ana_story(struct athlete_def *a);

void plan_ana(struct athlete_def *a, uint64_t seed)
{
	struct planner p;

	memset(a, 0, sizeof *a);
	a->dir = "ana";
	a->name = "Ana Ruiz";
	a->sex = 'f';
	a->hr_rest = 48;
	a->hr_max = 188;
	a->threshold_s_per_km = 275;	/* 4:35 */
	a->zone = (struct zone){ "Europe/Madrid", 3600, true };
	a->runner = (struct runner){
		.thr_speed_mps = 1000.0 / 275, .hr_rest = 48, .hr_max = 188,
		.records_hr = true, .records_cad = true,
		.ele_sd_m = 1.0, .ele_white_m = 0.25, .mass_kg = 57, .gps_scale = 1.0,
	};
	a->device = "Forerunner 255";
	a->product_id = 3992;
	a->unit_id = 3421907765u;
	a->shoes[PEGASUS] = (struct shoe_def){ "Pegasus 39", 0, "2025-11-20", "", 10, 800, "pegasus" };
	a->shoes[VOMERO] = (struct shoe_def){ "Vomero 16", 140, "2026-03-14", "2026-09-06", 10, NAN, "vomero" };
	a->shoes[KINVARA] = (struct shoe_def){ "Kinvara 14", 0, "2026-09-08", "", 4, NAN, "kinvara" };
	a->nshoes = 3;
	ana_routes(a, seed_mix(seed, 0xa7a));
	planner_init(&p, a, seed, 0xa7a);
	p.dt_min_s = 3;		/* smart recording */
	p.dt_max_s = 5;
	ana_plan_runs(&p);
	ana_files(a);
	plan_finish(&p, 14663000000ull, 19245000000ull);
	ana_story(a);
}

/* The story's events, in date order: the flags the samples must raise, and the why. */
static const struct {
	const char *date, *rule, *level, *note, *story;
} ana_events[] = {
	{ "2026-06-01", NULL, NULL, NULL,
	  "The export starts with a Monday long run (14.5 km): \"raced a 10 k on Sunday, "
	  "so the long run moved\". Starting with her longest run keeps the first weeks "
	  "from looking like a spike." },
	{ "2026-06-30", "hill_block", "warn",
	  "first hilly run (6x300 m at 8 %) after four flat weeks; the week climbs ~830 m vs ~130 m",
	  "\"Marta talked me into a hill block.\" After four flat weeks (about 130 m of "
	  "climbing a week), hill repeats on the Cuesta de la Vega on Tuesday, the Casa de "
	  "Campo hills on Thursday (12 km, ~260 m) and a trail long run from Cercedilla on "
	  "Sunday (15 km, ~400 m): about 830 m in the week." },
	{ "2026-07-02", "late_climb_spike", "warn",
	  "Casa de Campo hills: ~130 m of the ~260 m climbed after the first 6 km, vs a few metres in her flat runs",
	  "The Thursday hill run saves its climbs for the second half: about half its climbing "
	  "comes after 6 km, on a tiring calf." },
	{ "2026-07-05", "pain_signal", "warn",
	  "15 km Sierra trail long run (~400 m up) two days after \"calf tight\" (3/10)",
	  "Her diary says the left calf was tight on Friday after the hills; she still runs "
	  "the Sierra long run on Sunday: a hard session within 3 days of pain." },
	{ "2026-07-12", NULL, NULL, NULL,
	  "The Sunday long run is in the folder twice: the Strava GPX and the Garmin "
	  "Connect TCX of the same recording (same start time, same points). It must be "
	  "counted once." },
	{ "2026-07-16", "back_to_back", "warn",
	  "hilly 12 km (Casa de Campo) less than 24 h after the Wednesday tempo",
	  "\"Moved the tempo to Wednesday, then Marta wanted the hills on Thursday.\" "
	  "Two hard days in a row: tempo 3x4' on Wednesday evening, 12 km with ~260 m of "
	  "climbing on Thursday evening." },
	{ "2026-07-23", "shoe_mileage", "warn",
	  "Pegasus 39 passes 500 km during this tempo",
	  "The Pegasus 39 (start_km in athlete.ini plus every run named \"pegasus\") "
	  "passes 500 km halfway through the Thursday tempo." },
	{ "2026-07-25", NULL, NULL, NULL,
	  "Heat wave: the Saturday run starts at 00:10 local time, which is 22:10 UTC on "
	  "Friday. It belongs to Saturday in Ana's calendar." },
	{ "2026-08-02", "long_run_spike", "warn",
	  "24 km vs 15 km longest in the previous 30 days",
	  "\"Joined the marathon group for their 24 k.\" Her longest run of the previous "
	  "30 days was the 15 km Sierra run; this one is 60 % longer, with two fountain stops." },
	{ "2026-08-04", NULL, NULL, NULL,
	  "Beach week in Alicante. The watch charger stayed in Madrid, so three runs are "
	  "recorded with a phone app (GPX with local times written as +02:00, a new track "
	  "segment after each pause, heart rate from a chest strap). The week is light, 30 km." },
	{ "2026-08-05", NULL, NULL, NULL,
	  "Hotel treadmill, 6 km, on the last of the watch battery: a TCX with time, "
	  "distance, heart rate and cadence but no position and no altitude, saved "
	  "uncompressed." },
	{ "2026-08-08", "soft_surface", "warn",
	  "beach runs in Alicante (names say beach): ~13 km on sand in 7 days after none",
	  "Two of the Alicante runs are on the beach, on sand: soft ground that works the "
	  "calf longer at every push-off, after weeks of none." },
	{ "2026-08-16", NULL, NULL, NULL,
	  "\"Back home, back to normal.\" Straight from the 30 km beach week to a full "
	  "46 km week: more than 50 % up on the week before, but not above her usual "
	  "weeks. A week is compared with the larger of the week before and the mean of "
	  "the four before it, so a light week does not make the next normal one a jump: "
	  "nothing is flagged." },
	{ "2026-08-27", "speed_spike", "warn",
	  "16x400 m at 3:50/km: ~24 min faster than threshold vs ~10 min in any run of the previous 30 days",
	  "\"Club track night, 16 x 400.\" Her usual Thursday tempo has about 10 minutes "
	  "faster than threshold pace; this session has about 24." },
	{ "2026-08-27", "speed_week", "warn",
	  "~24 min fast in the track session on top of the week's usual tempo vs ~10 min a week before",
	  "" },
	{ "2026-08-29", NULL, NULL, NULL,
	  "A download of the Saturday run was interrupted: next to the good file there is "
	  "a truncated gzip copy (\"... (1).gpx.gz\"). It cannot be read and must be "
	  "reported, not counted." },
	{ "2026-09-08", "shoe_drop_change", "warn",
	  "first run in Kinvara 14 (4 mm) after Pegasus/Vomero (10 mm); about half her weekly km from now on",
	  "\"The Vomero is done (upper torn), bought Kinvaras.\" From this Tuesday the "
	  "Kinvara 14, with a 4 mm heel drop instead of 10 mm, takes three runs and about "
	  "23 km a week: more load on the calf and Achilles." },
	{ "2026-09-13", "pain_signal", "warn",
	  "14 km long run three days after \"lower calves achy\" (3/10)",
	  "Achy calves on Thursday after the first Kinvara runs; the Sunday long run goes "
	  "ahead anyway." },
	{ "2026-10-01", "pain_signal", "alert",
	  "pain 4/10 in the diary: at the alert severity",
	  "\"Right calf tight on the stairs\": 4/10 in the pain diary." },
	{ "2026-10-04", "pain_signal", "warn",
	  "Sunday long run three days after \"right calf tight\" (4/10), one after \"tight\"",
	  "Calf tight since Thursday; she skipped Wednesday and Saturday but did the "
	  "Sunday long run. On Monday the physio says grade 1 calf strain: no running "
	  "until October 18 (see pain.csv)." },
	{ "2026-10-05", "pain_signal", "alert",
	  "pain 6/10 (\"grade 1 calf strain\"), worse than the 4/10 alert of October 1",
	  "The physio's diagnosis goes in the diary at 6/10: worse than the entry that "
	  "raised the alert four days before, so a new alert says so." },
	{ "2026-10-18", "layoff_return", "alert",
	  "13 days without running, then 17.5 km at ~5:05/km with the last 2.5 km at 4:25 (pre-layoff easy ~5:40, typical run 8 km)",
	  "\"Back! Felt great.\" After 13 days off, her first run is 17.5 km, faster than "
	  "her usual easy pace, finishing at tempo pace: too long and too fast for a return." },
	{ "2026-10-19", "pain_signal", "alert",
	  "pain 4/10 the day after the return run",
	  "\"Tight again after Sunday\": 4/10 in the pain diary." },
	{ "2026-10-21", NULL, NULL, NULL,
	  "\"Straight back to my normal week.\" Three runs in four days after the return. "
	  "The 7-day load is far above a 28-day average that the layoff has lowered, but "
	  "while she is returning that ratio means nothing: the return phase owns these "
	  "days, and the report says \"returning\" instead of a ratio." },
	{ "2026-10-22", "pain_signal", "warn",
	  "Thursday tempo three days after \"tight again\" (4/10)",
	  "The Thursday tempo, three days after the calf was tight again." },
	{ "2026-10-23", "pain_signal", "alert",
	  "pain 5/10 during the tempo, worse than the 4/10 alert of October 19",
	  "\"Pain during the tempo, finished anyway\": 5/10, up from 4/10 four days "
	  "before." },
	{ "2026-10-25", NULL, NULL, NULL,
	  "A full 48 km week after the 17.5 km return week: still inside the return, "
	  "which already raised its alert; no separate weekly jump." },
	{ "2026-10-25", "shoe_mileage", "alert",
	  "Pegasus 39 passes 800 km during the Sunday long run",
	  "Since the return she runs only in the old Pegasus (\"the Kinvaras hurt my "
	  "calf\"); it passes 800 km during the Sunday long run. That morning Spain "
	  "changed from summer time (+02:00) to winter time (+01:00)." },
};

static void ana_story(struct athlete_def *a)
{
	size_t i;

	a->summary = "Ana runs five times a week in Madrid, about 45 km: easy runs along Madrid "
		     "Rio and round the Retiro, a tempo on Thursday evening, a long run on Sunday. "
		     "She has had calf trouble before. Her Forerunner 255 records heart rate and "
		     "cadence; most files come from her Strava bulk export (GPX), some workouts from "
		     "Garmin Connect (TCX). She rotates two 10 mm shoes, keyword in the run's name.";

	for (i = 0; i < sizeof(ana_events) / sizeof(ana_events[0]); i++)
		plan_event(a, ana_events[i].date, ana_events[i].rule, ana_events[i].level,
			   ana_events[i].note, ana_events[i].story);

	plan_pain(a, "2026-07-03", "left", 3, "calf tight after the hill repeats and the hills on Thursday");
	plan_pain(a, "2026-07-06", "left", 2, "better, foam roller");
	plan_pain(a, "2026-08-03", "both", 2, "sore calves after the 24 k");
	plan_pain(a, "2026-09-10", "both", 3, "lower calves achy, the new shoes feel very low");
	plan_pain(a, "2026-10-01", "right", 4, "right calf tight on the stairs");
	plan_pain(a, "2026-10-03", "right", 4, "tight, skipped Saturday");
	plan_pain(a, "2026-10-05", "right", 6, "physio: grade 1 calf strain, \"no running for ten days\"");
	plan_pain(a, "2026-10-12", "right", 2, "walking fine, stairs fine");
	plan_pain(a, "2026-10-19", "right", 4, "tight again after Sunday");
	plan_pain(a, "2026-10-23", "right", 5, "pain during the tempo, finished anyway");
}
