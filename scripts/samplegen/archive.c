/*
 * archive.c - `samplegen --archive DIR --files N --seed S`: a large, calm
 * roster for the benchmarks (tests/bench/bench.sh), written run by run so
 * memory stays flat whatever N is.
 *
 * Athletes runner01, runner02, ... alternate Ana's Madrid routes and Ben's
 * Sheffield routes (each with its own seed, so the routes differ), about
 * two years of a steady five-run week each, up to PLAN_LAST_DAY.  Only
 * activity files are written (mostly .gpx.gz, some .tcx.gz, a few plain),
 * so that every file the bench lists is an export (gzip level 6 here); the folder is marked by
 * a hidden ".samplegen-archive" file.  No events and no truth files.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "scripts/samplegen/samplegen.h"

#define RUNS_PER_ATHLETE 520UL	/* ~two years of five runs a week */
#define MARKER ".samplegen-archive"

/* Route 0 is an out-and-back path, routes 1 and 2 are loops, for both athletes. */
static void archive_week(struct planner *p, int w, struct rng *r)
{
	int shoe = 0;
	bool wed = rng_uniform(r) < 0.8, mon = rng_uniform(r) < 0.15;

	if (mon)
		plan_add(p, w, 0, 7, 15, K_EASY, 2, 5.0, 0.2, shoe, "Recovery jog");
	plan_add(p, w, 1, 7, 15, K_EASY, 0, 8.0, 0.3, shoe, "Morning Run");
	if (wed)
		plan_add(p, w, 2, 18, 30, K_EASY, 2, 7.0, 0.3, shoe, "Easy loop");
	plan_add(p, w, 3, 19, 30, K_TEMPO, 1, 9.0, 0.1, shoe, "Tempo 3x4' (%s)");
	plan_add(p, w, 5, 8, 30, K_EASY, 2, 6.5, 0.3, shoe, "Saturday easy");
	plan_add(p, w, 6, 9, 0, K_LONG, 0, 14.0, 0.4, shoe, "Sunday long run");
}

static void archive_check_dir(const char *dir)
{
	char marker[1024];
	struct stat st;
	DIR *d = opendir(dir);
	struct dirent *e;
	bool any = false;

	snprintf(marker, sizeof marker, "%s/%s", dir, MARKER);
	if (!d)
		return;		/* created below */
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			any = true;
	closedir(d);
	if (any && stat(marker, &st) != 0)
		die("%s is not empty and is not a samplegen archive", dir);
}

/* Write runs for athlete k until *written reaches quota. */
static void archive_athlete(const char *dir, unsigned k, unsigned long quota, uint64_t seed,
			    unsigned long *written)
{
	static struct athlete_def a;	/* large: keep off the stack */
	char folder[1024], name[24], path[1200];
	struct planner p;
	struct rng r;
	uint64_t aseed = seed_mix(seed, k);
	int32_t last = day_parse(PLAN_LAST_DAY);
	int weeks = (int)((quota - *written) / 4) + 2;	/* >= 4 runs a week */

	if (k % 2)
		plan_ben(&a, aseed);
	else
		plan_ana(&a, aseed);
	a.nruns = 0;		/* keep routes, runner, zone, shoes; drop the scenario */
	a.nevents = a.npain = 0;
	snprintf(name, sizeof name, "runner%02u", k + 1);
	a.dir = name;
	snprintf(folder, sizeof folder, "%s/%s", dir, name);
	mkdir_p(folder);
	planner_init(&p, &a, aseed, 0xa2c);
	p.first_day = last - weeks * 7 + 1;	/* a Monday: PLAN_LAST_DAY is a Sunday */
	p.style = k % 2 ? FS_GPX_PLAIN : FS_GPX_STRAVA;
	p.pause = k % 2 ? PAUSE_NONE : PAUSE_GAP;
	p.dt_min_s = 3;
	p.dt_max_s = 5;
	rng_seed(&r, seed_mix(aseed, 0x3e3));
	for (int w = 0; w < weeks && *written < quota; w++) {
		a.nruns = 0;
		archive_week(&p, w, &r);
		for (size_t i = 0; i < a.nruns; i++) {
			double u = rng_uniform(&r);

			if (u < 0.15)
				a.runs[i].style = FS_TCX_GARMIN;
			a.runs[i].gz = u > 0.02 && u < 0.98;
		}
		plan_finish(&p, 10000000000ull + k * 1000000000ull, 20000000000ull + k * 1000000000ull);
		for (size_t i = 0; i < a.nruns && *written < quota; i++) {
			struct sbuf b;

			plan_simulate(&a, i, aseed);
			sbuf_init(&b);
			export_run(&a, &a.runs[i], a.runs[i].style, a.runs[i].gz ? 6 : 0, &b);
			snprintf(path, sizeof path, "%s/%s", folder, a.runs[i].fname);
			write_file(path, b.p, b.len);
			sbuf_release(&b);
			track_release(&a.runs[i].trk);
			(*written)++;
		}
	}
	athlete_release(&a);
}

void archive_write(const char *dir, unsigned long files, uint64_t seed)
{
	char marker[1024];
	unsigned long written = 0;

	archive_check_dir(dir);
	mkdir_p(dir);
	snprintf(marker, sizeof marker, "%s/%s", dir, MARKER);
	write_file(marker, "written by build/samplegen --archive\n",
		   strlen("written by build/samplegen --archive\n"));
	for (unsigned k = 0; written < files; k++) {
		unsigned long quota = written + (files - written < RUNS_PER_ATHLETE ? files - written : RUNS_PER_ATHLETE);

		archive_athlete(dir, k, quota, seed, &written);
	}
}
