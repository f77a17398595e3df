/*
 * test_report.c - the report stage on hand-built analysis results: files
 * written, text layout, tables, charts (datablocks = days.csv, valid PNGs),
 * hostile names, a missing or dying gnuplot, atomic output files, roster.
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "analysis/rules.h"
#include "core/outfile.h"
#include "core/timeutil.h"
#include "render/escape.h"
#include "render/render.h"
#include "render/report.h"
#include "render/table.h"

/*
 * analysis/timeline.c defines these; until it is in the library, the
 * documented meaning stands in (a weak definition yields to the real one).
 */
__attribute__((weak)) bool flag_is_active(const struct athlete_result *r,
					  const struct flag *f)
{
	return r->last_day != RR_NO_DAY && f->day > r->last_day - 7 &&
	       f->day <= r->last_day;
}

__attribute__((weak)) const char *flag_level_name(enum flag_level l)
{
	return l == FLAG_ALERT ? "alert" : l == FLAG_WARN ? "warn" :
	       l == FLAG_NOTE ? "note" : "none";
}

/* ---- fixture ---- */

/* Compare the start of a buffer with a literal. */
#define assert_prefix(buf, lit) do { \
		if (strncmp((buf), (lit), strlen(lit))) \
			fail_msg("want prefix:\n%s\ngot:\n%.*s", (lit), \
				 (int)strlen(lit) + 40, (buf)); \
	} while (0)

#define NDAYS 42
#define MAXRUNS 32

struct fixture {
	struct athlete_result res;
	struct run_entry runs[MAXRUNS];
	struct day_row days[NDAYS];
	struct flag flags[3];
	struct shoe_row shoes[2];
	struct pain_row pain[1];
	struct week_row weeks[8];
	double longest_before_m[NDAYS + 1];
	struct file_note notes[3];
	struct athlete_report rep;
};

static void summary_unknown(struct run_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->start_t_s = s->elapsed_s = s->moving_s = s->distance_m = NAN;
	s->gps_distance_m = s->device_distance_m = s->ascent_m = NAN;
	s->descent_m = s->ascent_raw_m = s->descent_raw_m = NAN;
	s->hr_avg = s->hr_max = s->hr_min = s->cadence_avg = NAN;
	s->pace_s_per_km = s->gap_pace_s_per_km = s->fast_s = NAN;
	s->climb_per_km = s->trimp = s->calf_load = NAN;
	s->late_ascent_m = s->late_ascent_60_m = NAN;
}

/*
 * 42 days from 2024-03-01 (a Friday).  A run every other day:
 * 8 km + 0.5 km x (i % 3), 40 m climb x (i % 4), 300 s fast on i % 6 == 0;
 * the run on the second-to-last day is 16 km (the spike).
 */
static void fixture_init(struct fixture *fx, const char *folder, const char *name)
{
	struct athlete_result *r = &fx->res;
	int32_t first = rr_days_from_civil(2024, 3, 1);
	double ctl = 0, atl = 0;
	size_t i, nr = 0;

	memset(fx, 0, sizeof(*fx));
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->zone_used, sizeof(r->zone_used), "Europe/Madrid (athlete.ini)");
	r->first_day = first;
	r->last_day = first + NDAYS - 1;
	for (i = 0; i < NDAYS; i++) {
		struct day_row *d = &fx->days[i];
		double acute = 0, chronic = 0;
		size_t k;

		d->day = first + (int32_t)i;
		d->distance_m = d->ascent_m = d->fast_s = d->calf_load = 0;
		if (i % 2 == 0 || i == NDAYS - 2) {
			struct run_entry *e = &fx->runs[nr++];

			summary_unknown(&e->s);
			e->s.format = RR_FORMAT_GPX;
			snprintf(e->s.sport, sizeof(e->s.sport), "running");
			snprintf(e->s.device, sizeof(e->s.device), "Garmin Forerunner 255");
			e->s.running = true;
			e->s.start_t_s = (double)d->day * 86400 + 6 * 3600;
			e->s.tz_offset_s = 3600;
			e->s.tz_known = true;
			e->s.distance_m = i == NDAYS - 2 ? 16000 : 8000 + 500.0 * (double)(i % 3);
			e->s.gps_distance_m = e->s.distance_m + 12.5;
			e->s.elapsed_s = e->s.distance_m * 0.33;
			e->s.moving_s = e->s.distance_m * 0.3;
			e->s.ascent_m = 40.0 * (double)(i % 4);
			e->s.descent_m = e->s.ascent_m;
			e->s.ascent_raw_m = e->s.ascent_m * 1.5;
			e->s.points = 1000 + i;
			e->s.dropped_points = i % 5;
			e->s.hr_avg = i % 4 ? 150 : NAN;
			e->s.fast_s = i % 6 == 0 ? 300 : 0;
			e->s.climb_per_km = e->s.ascent_m / (e->s.distance_m / 1000);
			e->s.calf_load = e->s.distance_m / 100;
			snprintf(e->file, sizeof(e->file), "exports/run-%02zu.gpx", i);
			e->local_day = d->day;
			e->shoe = (int)(i % 2 ? 1 : 0) * (i > 30);
			d->runs = 1;
			d->distance_m = e->s.distance_m;
			d->ascent_m = e->s.ascent_m;
			d->fast_s = e->s.fast_s;
			d->calf_load = e->s.calf_load;
		}
		for (k = 0; k <= i && k < 28; k++) {
			if (k < 7)
				acute += fx->days[i - k].distance_m;
			chronic += fx->days[i - k].distance_m;
		}
		d->acute7_m = acute;
		d->chronic28_m = i >= 27 ? chronic / 4 : NAN;
		d->acwr_coupled = i >= 27 ? acute / (chronic / 4) : NAN;
		d->acwr_uncoupled = NAN;
		d->acwr_ewma = i >= 27 ? d->acwr_coupled * 0.95 : NAN;
		d->acwr_calf_ewma = NAN;
		d->monotony = d->strain = NAN;
		ctl += (d->distance_m / 1000 - ctl) / 42;
		atl += (d->distance_m / 1000 - atl) / 7;
		d->ctl = ctl;
		d->atl = atl;
		d->tsb = ctl - atl;
	}
	r->runs = fx->runs;
	r->nruns = nr;
	r->days = fx->days;
	r->ndays = NDAYS;

	fx->flags[0].day = first + 10;
	fx->flags[0].rule = RULE_WEEKLY_JUMP;
	fx->flags[0].level = FLAG_NOTE;
	fx->flags[0].value = 0.35;
	fx->flags[0].threshold = 0.3;
	fx->flags[0].ev.kind = EVK_WEEK_JUMP;
	fx->flags[0].ev.u.week.week_start = first + 10;
	fx->flags[0].ev.u.week.prev_start = first + 3;
	fx->flags[0].ev.u.week.cur_m = 34425;
	fx->flags[0].ev.u.week.prev_m = 25500;
	fx->flags[0].ev.u.week.complete = true;
	fx->flags[1].day = r->last_day - 1;
	fx->flags[1].rule = RULE_LONG_RUN_SPIKE;
	fx->flags[1].level = FLAG_ALERT;
	fx->flags[1].value = 0.7778;
	fx->flags[1].threshold = 0.3;
	fx->flags[1].ev.kind = EVK_SPIKE_DISTANCE;
	fx->flags[1].ev.u.spike.cur = 16000;
	fx->flags[1].ev.u.spike.ref = 9000;
	fx->flags[1].ev.u.spike.ref_day = rr_days_from_civil(2024, 3, 29);
	fx->flags[1].ev.u.spike.window_days = 30;
	fx->flags[2].day = r->last_day;
	fx->flags[2].rule = RULE_ACWR;
	fx->flags[2].level = FLAG_WARN;
	fx->flags[2].value = 1.42;
	fx->flags[2].threshold = 1.3;
	fx->flags[2].ev.kind = EVK_ACWR;
	fx->flags[2].ev.u.ratio.acute_from = r->last_day - 6;
	fx->flags[2].ev.u.ratio.chronic_from = r->last_day - 27;
	fx->flags[2].ev.u.ratio.acute = 33000;
	fx->flags[2].ev.u.ratio.chronic_week = 23239;
	fx->flags[2].ev.u.ratio.uncoupled = 1.5;
	fx->flags[2].ev.u.ratio.ewma = 1.35;
	fx->flags[2].ev.u.ratio.calf_coupled = NAN;
	r->flags = fx->flags;
	r->nflags = 3;
	r->top_level = FLAG_ALERT;

	snprintf(fx->shoes[0].name, sizeof(fx->shoes[0].name), "Pegasus 39");
	fx->shoes[0].km = 612.3;
	fx->shoes[0].retire_at_km = 800;
	fx->shoes[0].left_km = 187.7;
	fx->shoes[0].heel_drop_mm = 10;
	fx->shoes[0].runs = 18;
	fx->shoes[0].first_day = first;
	fx->shoes[0].last_day = r->last_day;
	fx->shoes[0].retire_day = RR_NO_DAY;
	fx->shoes[1].retire_day = RR_NO_DAY;
	snprintf(fx->shoes[1].name, sizeof(fx->shoes[1].name), "=Trail, \"wet\"");
	fx->shoes[1].km = 850;
	fx->shoes[1].retire_at_km = 800;
	fx->shoes[1].left_km = -50;
	fx->shoes[1].heel_drop_mm = NAN;
	fx->shoes[1].runs = 4;
	fx->shoes[1].first_day = first + 31;
	fx->shoes[1].last_day = first + 39;
	r->shoes = fx->shoes;
	r->nshoes = 2;

	fx->pain[0].entry.day = r->last_day;
	snprintf(fx->pain[0].entry.side, sizeof(fx->pain[0].entry.side), "left");
	fx->pain[0].entry.severity = 4;
	snprintf(fx->pain[0].entry.note, sizeof(fx->pain[0].entry.note),
		 "tight after the long run");
	fx->pain[0].preceding[0].rule = RULE_LONG_RUN_SPIKE;
	fx->pain[0].preceding[0].level = FLAG_ALERT;
	fx->pain[0].preceding[0].day = r->last_day - 1;
	fx->pain[0].npreceding = 1;
	r->pain = fx->pain;
	r->npain = 1;

	/*
	 * What the analysis derives from these days (the weekly table, the
	 * window references, the 7- and 28-day loads), by its own code, kept
	 * in the fixture so that nothing needs freeing; then the weeks' jump
	 * marks from the flags above.
	 */
	rule_params_init(&r->params, NULL);
	assert_int_equal(timeline_derive(r), 0);
	assert_true(r->nweeks <= sizeof(fx->weeks) / sizeof(fx->weeks[0]));
	memcpy(fx->weeks, r->weeks, r->nweeks * sizeof(*r->weeks));
	memcpy(fx->longest_before_m, r->longest_before_m, sizeof(fx->longest_before_m));
	free(r->weeks);
	free(r->longest_before_m);
	r->weeks = fx->weeks;
	r->longest_before_m = fx->longest_before_m;
	rules_keep_since(r, r->first_day);

	snprintf(fx->notes[0].file, sizeof(fx->notes[0].file),
		 "exports/broken.gpx");
	fx->notes[0].kind = FILE_SKIPPED;
	snprintf(fx->notes[0].reason, sizeof(fx->notes[0].reason),
		 "exports/broken.gpx:12:3: error: mismatched tag");
	snprintf(fx->notes[1].file, sizeof(fx->notes[1].file), "exports/run-00.tcx");
	fx->notes[1].kind = FILE_DUPLICATE;
	snprintf(fx->notes[1].duplicate_of, sizeof(fx->notes[1].duplicate_of),
		 "exports/run-00.gpx");
	/* A long path: the text report must wrap it, not overflow 100 columns. */
	memset(fx->notes[2].file, 'p', 300);
	fx->notes[2].file[300] = '\0';
	fx->notes[2].kind = FILE_UNSUPPORTED;
	snprintf(fx->notes[2].reason, sizeof(fx->notes[2].reason), "FIT is not read yet");

	fx->rep.res = r;
	fx->rep.folder = folder;
	fx->rep.notes = fx->notes;
	fx->rep.nnotes = 3;
	fx->rep.files_in = nr + 3;
	fx->rep.files_parsed = nr;
	fx->rep.files_skipped = 1;
	fx->rep.files_duplicate = 1;
}

/* ---- helpers ---- */

static char tmproot[64];

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void rm_rf(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmproot, sizeof(tmproot), "/tmp/rr-test-report-XXXXXX");
	return mkdtemp(tmproot) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	if (getenv("RR_TEST_KEEP"))	/* look at the output */
		fprintf(stderr, "kept %s\n", tmproot);
	else
		rm_rf(tmproot);
	return 0;
}

static char *path_in(const char *dir, const char *name)
{
	static char buf[4][1024];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[1024];

	while (path && *path) {
		const char *end = strchr(path, ':');
		size_t n = end ? (size_t)(end - path) : strlen(path);

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
		if (access(buf, X_OK) == 0)
			return true;
		path = end ? end + 1 : NULL;
	}
	return false;
}

static void write_script(const char *path, const char *body)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s", body);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0755), 0);
}

static char *new_outdir(const char *name)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s/%s", tmproot, name);
	return buf;
}

/* The athlete's gnuplot script, as report_write() would write charts.gp. */
static char *script_of(const struct athlete_report *a)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	assert_non_null(mem);
	assert_true(charts_script(mem, a) > 0);
	assert_int_equal(fclose(mem), 0);
	return buf;
}

/* No staging folder left behind. */
static void assert_no_staging(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)))
		assert_null(strstr(de->d_name, ".runrisk-charts-"));
	closedir(d);
}

/* Count lines and check each is at most 100 characters (code points). */
static void assert_width(const char *text, size_t max)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];

		assert_true(n < sizeof(line));
		memcpy(line, p, n);
		line[n] = '\0';
		if (text_width(line) > max)
			fail_msg("line wider than %zu: %s", max, line);
		if (n && line[n - 1] == ' ')
			fail_msg("trailing blank: %s|", line);
		p += n + (nl ? 1 : 0);
	}
}

/* ---- tests: files and text ---- */

static void test_files_single_athlete(void **state)
{
	static const char *const want[] = {
		"report.txt", "index.html", "runs.csv", "runs.json", "days.csv",
		"days.json", "weeks.csv", "weeks.json", "flags.csv", "flags.json",
		"shoes.csv", "shoes.json"
	};
	struct fixture fx;
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	size_t i;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	report_options_init(&o);
	o.outdir = new_outdir("single");
	o.charts = false;
	assert_int_equal(report_write(&o, &fx.rep, 1, &err), RR_OK);
	assert_int_equal(err.code, RR_OK);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!exists(path_in(o.outdir, want[i])))
			fail_msg("missing %s", want[i]);
	assert_false(exists(path_in(o.outdir, "roster.txt")));
	assert_false(exists(path_in(o.outdir, "charts.gp")));
	assert_false(exists(path_in(o.outdir, "ana")));
}

/* s holds want with any run of blanks and newlines as one space (wrapped prose). */
static bool has_words(const char *s, const char *want)
{
	char *a = malloc(strlen(s) + 1), *b = malloc(strlen(want) + 1);
	const char *src[2] = { s, want };
	char *dst[2] = { a, b };
	bool found;
	int k;

	assert_non_null(a);
	assert_non_null(b);
	for (k = 0; k < 2; k++) {
		const char *p = src[k];
		char *q = dst[k];

		for (; *p; p++) {
			if (*p == ' ' || *p == '\n') {
				if (q > dst[k] && q[-1] == ' ')
					continue;
				*q++ = ' ';
			} else {
				*q++ = *p;
			}
		}
		*q = '\0';
	}
	found = strstr(a, b) != NULL;
	if (!found)
		print_message("no \"%s\"\n", b);
	free(a);
	free(b);
	return found;
}

static void test_text_report(void **state)
{
	struct fixture fx;
	struct report_options o;
	char *a, *b, *alert, *warn, *note_pos;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	report_options_init(&o);
	o.outdir = new_outdir("text");
	o.charts = false;
	o.today = fx.res.last_day + 3;
	assert_int_equal(report_write(&o, &fx.rep, 1, NULL), RR_OK);
	a = slurp(path_in(o.outdir, "report.txt"), NULL);
	assert_non_null(a);
	assert_width(a, 80);
	assert_non_null(strstr(a, "== Ana =="));
	assert_non_null(strstr(a, "Period      2024-03-01 to 2024-04-11: 42 days, 21 runs\n"));
	assert_non_null(strstr(a, "Time zone   Europe/Madrid (athlete.ini)\n"));
	assert_non_null(strstr(a, "Windows     end on 2024-04-11, the last day with data (3 days before the report\n"
			       "            date, 2024-04-14)\n"));
	/*
	 * Last 7 days = 2024-04-05..11 = i 35..41: runs on i 36, 38, 40 and
	 * the 16 km spike on i 40 (same day as a regular run? no: i 40 is even,
	 * its run is the spike) -> i 36 (8 km), 38 (9 km), 40 (16 km) = 33 km.
	 */
	assert_non_null(strstr(a, "  distance (km)                          33.0          127.0\n"));
	assert_non_null(strstr(a, "  longest run (km)                       16.0           16.0\n"));
	/*
	 * The first screen: the status (pain logged, the shoe past its km), the
	 * pain line, then one plan for the next 7 days from the active flags
	 * together: acwr warn asks for 1.3 x 23.2 km and stops hills and speed;
	 * the spike over 9 km asks for a longest run of 1.1 x 9 km, but the pain
	 * of 4/10 asks for less: the shortest run of the 28 days before it, 8 km.
	 */
	assert_non_null(strstr(a, "=====\n"
			       "Status      training; pain logged (4/10 on 2024-04-11); shoe =Trail, "
			       "\"wet\": 50\n            km past its 800 km, retire it\n"
			       "Pain        latest entry 2024-04-11: 4/10, left, \"tight after the long "
			       "run\".\n"
			       "Next 7 days 2024-04-12 to 2024-04-18\n"
			       "  - Distance of the 7 days: at most 30.2 km (1.30 x 23.2 km, the weekly "
			       "mean of\n    the last 28 days; acwr warn 2024-04-11).\n"
			       "  - Longest run: at most 8.0 km (the shortest run in the 4 weeks before "
			       "this\n    pain began; pain 4/10 on 2024-04-11; heuristic).\n"
			       "  - Hills: no (acwr warn 2024-04-11).\n"
			       "  - Speed work: no (acwr warn 2024-04-11).\n"
			       "Period      "));
	/* The ACWR of the last day with its zone; coupled 33 / (127 / 4) = 1.039. */
	assert_non_null(strstr(a, "  ACWR 1.04 on 2024-04-11: usual range (0.8 to 1.3)."));
	/* 42 days of data: fitness is still counting up, and the report says so. */
	assert_non_null(strstr(a, "Under six weeks of data:"));
	assert_non_null(strstr(a, "counting up from 0.\n"));
	/* fitness and fatigue of one day, and form = fitness - fatigue of that day */
	assert_non_null(strstr(a, "At the end of 2024-04-10: fitness "));
	assert_non_null(strstr(a, "minus fatigue:"));
	assert_non_null(strstr(a, "Flags this week (the last 7 days of data): 1 alert, 1 warning, 0 notes\n"));
	alert = strstr(a, "  ALERT  2024-04-10  long_run_spike: longer by +78 % (alert above +30 %)\n"
		       "         A run much longer than any in the last 30 days. 16 km on");
	warn = strstr(a, "  WARN   2024-04-11  acwr: ratio 1.42 (warn above 1.30)\n");
	assert_non_null(alert);
	assert_non_null(warn);
	assert_true(alert < warn);	/* alerts first */
	/* the evidence, worded from the flag's data: the reference run, the threshold, the source */
	assert_true(has_words(a, "longest run of the previous 30 days (9 km on 2024-03-29): above "
			      "30 % (Frandsen 2025, BJSM 59:1203).\n"));
	/* Why it matters for the calf and what to do, under each rule. */
	assert_non_null(strstr(alert, "\n         Why: The calf and Achilles tire late in a long run;"));
	assert_non_null(strstr(warn, "\n         Do:  Context, not a warning: check the single long"));
	/* Earlier flags: one line each, without their evidence. */
	assert_non_null(strstr(a, "  Earlier flags: 1, all in flags.csv:\n"
			       "    2024-03-11  note   weekly_jump         week up +35 % (note above +30 %)\n"));
	assert_null(strstr(a, "Nielsen"));
	assert_non_null(strstr(a, "  shoe                 runs       km retire at  km left  last run\n"));
	assert_non_null(strstr(a, "  Pegasus 39             18    612.3       800    187.7  2024-04-11\n"));
	assert_non_null(strstr(a, "  =Trail, \"wet\"           4    850.0       800    -50.0  2024-04-09  retire it\n"));
	assert_non_null(strstr(a, "  Files: 24 read, 21 parsed, 1 skipped, 1 duplicates.\n"));
	assert_non_null(strstr(a, "exports/broken.gpx:12:3: error: mismatched tag"));
	note_pos = strstr(a, "pppppppppp");
	assert_non_null(note_pos);
	assert_non_null(strstr(a, "Pain diary: 1 entry, each with the flags of the 14 days before it\n"
			       "  2024-04-11  left    4/10  tight after the long run\n"
			       "                            flags before: long_run_spike alert 2024-04-10\n"));
	assert_non_null(strstr(a, "\nNot medical advice: runrisk counts training load;"));
	assert_true(has_words(a, "a sudden sharp pain or a \"pop\", bruising, or a calf that is "
			      "swollen, warm and red needs one at once.\n"));
	/* Deterministic: the same input gives the same bytes. */
	assert_int_equal(report_write(&o, &fx.rep, 1, NULL), RR_OK);
	b = slurp(path_in(o.outdir, "report.txt"), NULL);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* ---- tests: tables ---- */

static void test_runs_table(void **state)
{
	struct fixture fx;
	struct report_options o;
	char *csv, *json, *line2;
	size_t commas = 0;
	const char *p;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	snprintf(fx.runs[1].file, sizeof(fx.runs[1].file), "=cmd|' /C calc'!A0");
	report_options_init(&o);
	o.outdir = new_outdir("runs");
	o.charts = false;
	assert_int_equal(report_write(&o, &fx.rep, 1, NULL), RR_OK);
	csv = slurp(path_in(o.outdir, "runs.csv"), NULL);
	assert_non_null(csv);
	assert_prefix(csv,
		"file,format,sport,start,local_date,elapsed_s,moving_s,distance_m,"
		"gps_distance_m,device_distance_m,ascent_m,descent_m,ascent_raw_m,"
		"points,dropped_points,hr_avg,hr_max,cadence_avg,gap_pace_s_per_km,"
		"fast_s,climb_per_km,late_ascent_m,late_ascent_60_m,trimp,calf_load,shoe,"
		"device,duplicate_of,class,class_reason,surface\n");
	/* Run 0 (i = 0): hr_avg unknown -> empty, never 0; its surface, road. */
	line2 = strchr(csv, '\n') + 1;
	assert_prefix(line2,
		"exports/run-00.gpx,gpx,running,2024-03-01T06:00:00Z,2024-03-01,2640,"
		"2400,8000,8012.5,,0,0,0,1000,0,,,,,300,0,,,,80,Pegasus 39,"
		"Garmin Forerunner 255,,run,sport 'running',road\n");
	for (p = line2; *p != '\n'; p++)
		commas += *p == ',';
	assert_int_equal(commas, 30);
	/* Formula guard on a text cell; numbers never get one. */
	assert_non_null(strstr(csv, "\n'=cmd|' /C calc'!A0,gpx,"));
	json = slurp(path_in(o.outdir, "runs.json"), NULL);
	assert_non_null(json);
	assert_prefix(json, "[\n{\"file\":\"exports/run-00.gpx\",\"format\":\"gpx\","
			    "\"sport\":\"running\",\"start\":\"2024-03-01T06:00:00Z\","
			    "\"local_date\":\"2024-03-01\",\"elapsed_s\":2640,");
	assert_non_null(strstr(json, "\"hr_avg\":null,"));
	assert_non_null(strstr(json, "\"file\":\"=cmd|' /C calc'!A0\""));	/* JSON: as is */
	assert_non_null(strstr(json, "\"duplicate_of\":null,\"class\":\"run\","
				     "\"class_reason\":\"sport 'running'\",\"surface\":\"road\"}\n]\n"));
	free(csv);
	free(json);
}

static void test_run_row_standalone(void **state)
{
	/* `runrisk runs` writes rows with no timeline: local date from the file's zone. */
	struct run_summary s;
	struct run_row row = { &s, "a,b.gpx", RR_NO_DAY, NULL, "x.gpx", NULL };
	struct table t;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	summary_unknown(&s);
	s.format = RR_FORMAT_TCX;
	s.start_t_s = (double)rr_days_from_civil(2024, 5, 1) * 86400 + 23 * 3600;
	s.tz_offset_s = 2 * 3600;	/* 01:00 the next day, local */
	s.klass = RR_CLASS_UNUSABLE;
	s.class_why = RR_WHY_NO_MOTION;
	table_begin(&t, f, TABLE_CSV, runs_columns, runs_ncolumns);
	run_row_write(&t, &row);
	table_end(&t);
	fclose(f);
	assert_non_null(strstr(buf, "\n\"a,b.gpx\",tcx,,2024-05-01T23:00:00Z,2024-05-02,"
			       ",,,,,,,,0,0,,,,,,,,,,,,,x.gpx,unusable,"
			       "no distance and no moving time,\n"));
	free(buf);
}

static void test_run_row_surface(void **state)
{
	/* A counted run's surface class by name (analysis/surface.h); none: empty. */
	struct fixture fx;
	struct run_row row;
	struct table t;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	fx.runs[0].surface = SURFACE_TRAIL;
	fx.runs[1].surface = -1;
	table_begin(&t, f, TABLE_CSV, runs_columns, runs_ncolumns);
	run_row_from_entry(&row, &fx.res, &fx.runs[0]);
	run_row_write(&t, &row);
	run_row_from_entry(&row, &fx.res, &fx.runs[1]);
	run_row_write(&t, &row);
	table_end(&t);
	fclose(f);
	assert_non_null(strstr(buf, ",class_reason,surface\n"));
	assert_non_null(strstr(buf, ",run,sport 'running',trail\n"));
	assert_non_null(strstr(buf, ",run,sport 'running',\n"));
	free(buf);
}

static void test_days_and_flags_tables(void **state)
{
	struct fixture fx;
	struct report_options o;
	char *days, *flags, *shoes, *json;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	report_options_init(&o);
	o.outdir = new_outdir("days");
	o.charts = false;
	assert_int_equal(report_write(&o, &fx.rep, 1, NULL), RR_OK);
	days = slurp(path_in(o.outdir, "days.csv"), NULL);
	assert_non_null(days);
	assert_prefix(days, "date,runs,distance_m,ascent_m,fast_s,calf_load,acute7_m,"
			    "chronic28_m,acwr_coupled,acwr_uncoupled,acwr_ewma,monotony,"
			    "strain,ctl,atl,tsb,acwr_calf_ewma\n"
			    "2024-03-01,1,8000,0,300,80,8000,,,,,,,0.19,1.14,-0.95,\n"
			    "2024-03-02,0,0,0,0,0,8000,,,,,,,0.19,0.98,-0.79,\n");
	/* Day 28 (i = 27) is the first with a chronic load. */
	assert_non_null(strstr(days, "\n2024-03-28,0,0,0,0,0,25500,"));
	json = slurp(path_in(o.outdir, "days.json"), NULL);
	assert_non_null(strstr(json, "{\"date\":\"2024-03-01\",\"runs\":1,\"distance_m\":8000,"));
	assert_non_null(strstr(json, "\"chronic28_m\":null,"));
	flags = slurp(path_in(o.outdir, "flags.csv"), NULL);
	assert_non_null(flags);
	assert_prefix(flags, "athlete,date,rule,level,value,threshold,evidence\n"
			    "Ana,2024-03-11,weekly_jump,note,0.35,0.3,\"The week of 2024-03-11 "
			    "(Monday to Sunday) totalled 34.4 km, 35 % more than the 25.5 km of the "
			    "week of 2024-03-04: above 30 % (Nielsen 2014, JOSPT 44:739; context). "
			    "Context, not a warning: Frandsen 2025 found no association for the "
			    "week-to-week ratio.\"\n");
	shoes = slurp(path_in(o.outdir, "shoes.csv"), NULL);
	assert_non_null(strstr(shoes, "\n\"'=Trail, \"\"wet\"\"\",4,850,800,-50,,2024-04-01,2024-04-09\n"));
	free(days);
	days = slurp(path_in(o.outdir, "weeks.csv"), NULL);
	assert_non_null(days);
	/* no run knows its late climb: empty, never 0; all road */
	assert_prefix(days, "week_start,days,runs,distance_m,ascent_m,fast_s,calf_load,"
			    "longest_run_m,change,weekly_jump_flag,late_ascent_m,road_m,trail_m,"
			    "soft_m,track_m,indoor_m\n"
			    "2024-02-26,3,2,17000,80,300,170,9000,,0,,17000,0,0,0,0\n");
	free(days);
	/*
	 * Week 1 (02-26..03-03): run 0 (8 km) climbs 12 m after late_km, run 1
	 * (i = 2, 9 km) on a trail climbs 30 m: 42 m late, 8000 m road, 9000 m
	 * trail, as the analysis summed them (timeline_derive()).
	 */
	fx.runs[0].s.late_ascent_m = 12;
	fx.runs[1].s.late_ascent_m = 30;
	fx.runs[1].surface = SURFACE_TRAIL;
	fx.res.weeks = NULL;		/* the fixture's arrays: not for timeline_derive() to free */
	fx.res.longest_before_m = NULL;
	assert_int_equal(timeline_derive(&fx.res), 0);
	assert_int_equal(report_write(&o, &fx.rep, 1, NULL), RR_OK);
	free(fx.res.weeks);
	free(fx.res.longest_before_m);
	days = slurp(path_in(o.outdir, "weeks.csv"), NULL);
	assert_non_null(strstr(days, "\n2024-02-26,3,2,17000,80,300,170,9000,,0,42,8000,9000,0,0,0\n"));
	free(json);
	json = slurp(path_in(o.outdir, "weeks.json"), NULL);
	assert_non_null(strstr(json, "\"late_ascent_m\":42,\"road_m\":8000,\"trail_m\":9000,"
			       "\"soft_m\":0,\"track_m\":0,\"indoor_m\":0}"));
	free(days);
	free(flags);
	free(shoes);
	free(json);
}

static void test_weeks(void **state)
{
	struct fixture fx;
	const struct week_row *w;
	size_t n;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	w = fx.res.weeks;
	n = fx.res.nweeks;
	/* 2024-03-01 is a Friday: weeks start 02-26, 03-04, ..., 04-08: 7 weeks. */
	assert_int_equal(n, 7);
	assert_int_equal(w[0].week_start, rr_days_from_civil(2024, 2, 26));
	assert_int_equal(w[0].days, 3);		/* Fri, Sat, Sun */
	assert_int_equal(w[0].runs, 2);		/* i = 0, 2 */
	assert_float_equal(w[0].distance_m, 8000 + 9000, 1e-9);
	assert_float_equal(w[0].longest_run_m, 9000, 1e-9);
	assert_true(isnan(w[0].change));
	/* Week 2 (03-04..03-10) = i 3..9: runs on 4, 6, 8 = 8500 + 8000 + 9000. */
	assert_int_equal(w[1].runs, 3);
	assert_float_equal(w[1].distance_m, 25500, 1e-9);
	assert_float_equal(w[1].change, 25500.0 / 17000 - 1, 1e-12);
	/* The weekly_jump flag on 03-11 marks the week of 03-11. */
	assert_false(w[1].jump_flag);
	assert_true(w[2].jump_flag);
	/* Last week 04-08..04-11 (i 38..41): 38 (9 km) and the 16 km spike on 40. */
	assert_int_equal(w[6].days, 4);
	assert_float_equal(w[6].distance_m, 25000, 1e-9);
	assert_float_equal(w[6].longest_run_m, 16000, 1e-9);
}

/* ---- tests: charts ---- */

/* The lines of datablock name in a gnuplot script, '#' lines skipped. */
static size_t datablock(const char *script, const char *name, char ***lines)
{
	char head[64];
	const char *p, *end;
	size_t n = 0;

	snprintf(head, sizeof(head), "%s << EOD\n", name);
	p = strstr(script, head);
	assert_non_null(p);
	p += strlen(head);
	end = strstr(p, "\nEOD\n");
	assert_non_null(end);
	{
		size_t cap = 1;
		const char *q;

		for (q = p; q < end; q++)
			cap += *q == '\n';
		*lines = calloc(cap + 1, sizeof(char *));
		assert_non_null(*lines);
	}
	while (p <= end) {
		const char *nl = strchr(p, '\n');

		if (*p != '#')
			(*lines)[n++] = strndup(p, (size_t)(nl - p));
		p = nl + 1;
	}
	return n;
}

static void free_lines(char **l, size_t n)
{
	while (n--)
		free(l[n]);
	free(l);
}

/* Compare a datablock with a CSV file: same rows, same cells (empty = NaN). */
static void assert_block_equals_csv(const char *script, const char *block,
				    const char *csvpath)
{
	char *csv = slurp(csvpath, NULL), **rows;
	size_t n = datablock(script, block, &rows), i = 0;
	char *line, *save = NULL;

	assert_non_null(csv);
	line = strtok_r(csv, "\n", &save);	/* header */
	while ((line = strtok_r(NULL, "\n", &save))) {
		char want[1024], *w = want;
		const char *c;

		assert_true(i < n);
		for (c = line; ; c++) {
			bool empty = (*c == ',' || !*c) && (c == line || c[-1] == ',');

			if (empty)
				w += sprintf(w, "NaN");
			if (!*c)
				break;
			*w++ = *c == ',' ? ' ' : *c;
		}
		*w = '\0';
		if (strcmp(rows[i], want))
			fail_msg("%s row %zu: %s != %s", block, i, rows[i], want);
		i++;
	}
	assert_int_equal(i, n);
	free_lines(rows, n);
	free(csv);
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

static void assert_png(const char *path)
{
	size_t len;
	unsigned char *png = (unsigned char *)slurp(path, &len);

	if (!png)
		fail_msg("missing %s", path);
	assert_true(len > 33);
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(png + 12, "IHDR", 4);
	if (be32(png + 16) < 800)
		fail_msg("%s is %lu px wide", path, be32(png + 16));
	assert_true(be32(png + 20) >= 400);
	free(png);
}

static const char *const chart_files[] = {
	"weekly_distance", "run_spikes", "acwr", "climb_fast", "shoes", "fitness"
};

static void test_charts(void **state)
{
	struct fixture fx;
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	char *gp, *html, *svg;
	size_t i;

	(void)state;
	if (!in_path("gnuplot"))
		skip();
	fixture_init(&fx, "ana", "Ana");
	report_options_init(&o);
	o.outdir = new_outdir("charts");
	if (report_write(&o, &fx.rep, 1, &err))
		fail_msg("report_write: %s", err.msg);
	gp = slurp(path_in(o.outdir, "charts.gp"), NULL);
	assert_non_null(gp);
	assert_block_equals_csv(gp, "$days", path_in(o.outdir, "days.csv"));
	assert_block_equals_csv(gp, "$weeks", path_in(o.outdir, "weeks.csv"));
	/*
	 * The ACWR chart plots the acwr_coupled column of $days (column 9), at
	 * noon, but not on the days of a return (ret(t)).
	 */
	assert_non_null(strstr(gp, "plot $days using (timecolumn(1,'%Y-%m-%d')+43200):"
			       "(ret(timecolumn(1,'%Y-%m-%d')) ? NaN : column(9)) with lines lw 3"));
	assert_non_null(strstr(gp, "set title 'Weekly distance, 2024: Ana'\n"));
	html = slurp(path_in(o.outdir, "index.html"), NULL);
	for (i = 0; i < sizeof(chart_files) / sizeof(chart_files[0]); i++) {
		char name[64];

		snprintf(name, sizeof(name), "%s.png", chart_files[i]);
		assert_png(path_in(o.outdir, name));
		snprintf(name, sizeof(name), "%s.svg", chart_files[i]);
		svg = slurp(path_in(o.outdir, name), NULL);
		assert_non_null(svg);
		assert_non_null(strstr(svg, "<svg"));
		assert_non_null(strstr(svg, "</svg>"));
		/* scaled by the page: a viewBox, no fixed size */
		assert_non_null(strstr(svg, " viewBox=\"0 0 460 470\""));
		free(svg);
		/* the page shows the SVG (drawn for a phone's width) */
		snprintf(name, sizeof(name), "<img src=\"%s.svg\"", chart_files[i]);
		assert_non_null(strstr(html, name));
	}
	/* Nothing from the web, and a phone viewport. */
	assert_null(strstr(html, "http://"));
	assert_null(strstr(html, "https://"));
	assert_non_null(strstr(html, "<meta name=\"viewport\""));
	assert_no_staging(o.outdir);
	assert_false(exists(path_in(o.outdir, "gnuplot.log")));
	free(gp);
	free(html);
}

/* Pain markers: on the day, and a pain entry after the last run widens the date axis. */
static void test_chart_pain(void **state)
{
	struct fixture fx;
	char want[128], *gp;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	fx.pain[0].entry.day = fx.res.last_day + 5;
	gp = script_of(&fx.rep);
	/*
	 * As data (one row per day in view, the worst entry's marker size:
	 * 4/10 is 1 + 4 x 0.2), not one label each: 2024-04-16 is last_day + 5.
	 */
	{
		char date[16];

		rr_format_date(date, sizeof(date), fx.res.last_day + 5);
		snprintf(want, sizeof(want), "$pain << EOD\n# date marker_size\n%s 1.8\nEOD\n", date);
		assert_non_null(strstr(gp, want));
	}
	assert_null(strstr(gp, "set arrow from"));
	assert_non_null(strstr(gp, "$pain using (timecolumn(1,'%Y-%m-%d')+43200):(0):(0):(1) "
			   "axes x1y2 with vectors nohead"));
	/*
	 * From the Monday of the first day (Friday 2024-03-01 -> 02-26) to the
	 * Monday after the pain entry's week (Tuesday 04-16 -> 04-22).
	 */
	snprintf(want, sizeof(want), "set xrange [%lld:%lld]\n",
		 (long long)rr_days_from_civil(2024, 2, 26) * 86400,
		 (long long)rr_days_from_civil(2024, 4, 22) * 86400);
	assert_non_null(strstr(gp, want));
	/* A triangle at the top, its size by severity, from the datablock's column 2. */
	assert_non_null(strstr(gp, "$pain using (timecolumn(1,'%Y-%m-%d')+43200):(1*0.96):($2*PS) "
			   "axes x1y2 with points pt 11 ps variable"));
	assert_non_null(strstr(gp, "set y2range [0:1]"));
	assert_non_null(strstr(gp, "title 'pain (bigger = worse)'"));
	free(gp);
	/* Out of the 30 days after the last run: not drawn, no legend entry. */
	fx.pain[0].entry.day = fx.res.last_day + 40;
	gp = script_of(&fx.rep);
	assert_null(strstr(gp, "set arrow from"));
	assert_null(strstr(gp, "pain ("));
	free(gp);
}

/*
 * report.txt lists the latest PAIN_SHOWN_MAX pain entries and says how many
 * came before; with exactly PAIN_SHOWN_MAX it lists them all and says nothing.
 */
static void test_pain_list_capped(void **state)
{
	struct fixture fx;
	struct pain_row rows[PAIN_SHOWN_MAX + 1];
	char *buf = NULL, want[64];
	size_t len = 0, i;
	FILE *f;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	memset(rows, 0, sizeof(rows));
	for (i = 0; i < PAIN_SHOWN_MAX + 1; i++) {
		rows[i].entry.day = fx.res.last_day - (int32_t)(PAIN_SHOWN_MAX - i);
		rows[i].entry.severity = 2;
		snprintf(rows[i].entry.note, sizeof(rows[i].entry.note), "entry %zu", i);
	}
	fx.res.pain = rows;
	fx.res.npain = PAIN_SHOWN_MAX + 1;
	assert_int_equal(pain_first_shown(&fx.res), 1);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	text_athlete(f, &fx.rep, fx.res.last_day);
	assert_int_equal(fclose(f), 0);
	snprintf(want, sizeof(want), "(the latest %d; the 1 before them", PAIN_SHOWN_MAX);
	assert_non_null(strstr(buf, want));
	assert_null(strstr(buf, "entry 0\n"));	/* the oldest is left out */
	assert_non_null(strstr(buf, "entry 1\n"));
	snprintf(want, sizeof(want), "entry %d\n", PAIN_SHOWN_MAX);
	assert_non_null(strstr(buf, want));
	free(buf);

	fx.res.pain = rows + 1;
	fx.res.npain = PAIN_SHOWN_MAX;
	assert_int_equal(pain_first_shown(&fx.res), 0);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	text_athlete(f, &fx.rep, fx.res.last_day);
	assert_int_equal(fclose(f), 0);
	assert_null(strstr(buf, "(the latest"));
	assert_non_null(strstr(buf, "entry 1\n"));
	free(buf);
}

/* Charts with no data are left out rather than failing gnuplot. */
static void test_charts_sparse(void **state)
{
	struct fixture fx;
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	size_t i;

	(void)state;
	if (!in_path("gnuplot"))
		skip();
	fixture_init(&fx, "ana", "Ana");
	for (i = 0; i < NDAYS; i++)
		fx.days[i].acwr_coupled = fx.days[i].acwr_ewma = NAN;
	fx.res.nshoes = 0;
	report_options_init(&o);
	o.outdir = new_outdir("sparse");
	if (report_write(&o, &fx.rep, 1, &err))
		fail_msg("report_write: %s", err.msg);
	assert_true(exists(path_in(o.outdir, "weekly_distance.png")));
	assert_false(exists(path_in(o.outdir, "acwr.png")));
	assert_false(exists(path_in(o.outdir, "shoes.png")));
}

#define HOSTILE_FMT "Ana'\"`touch %s`$(touch %s)system(\"touch %s\")@x\\n\nset output '/tmp/x'"

static void test_hostile_names(void **state)
{
	struct fixture fx;
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	char canary[256], name[900], shoe[64], *gp, *html, *txt, *title;

	(void)state;
	if (!in_path("gnuplot"))
		skip();
	/* Short, so that the whole name fits the 120 bytes a title keeps. */
	snprintf(canary, sizeof(canary), "/tmp/rrpwn%ld", (long)getpid());
	unlink(canary);
	snprintf(name, sizeof(name), HOSTILE_FMT, canary, canary, canary);
	fixture_init(&fx, name, "");	/* no configured name: the folder is shown */
	snprintf(fx.shoes[0].name, sizeof(fx.shoes[0].name), "`touch %.40s`", canary);
	snprintf(shoe, sizeof(shoe), "<b>'x'</b>");
	snprintf(fx.shoes[1].name, sizeof(fx.shoes[1].name), "%s", shoe);
	report_options_init(&o);
	o.outdir = new_outdir("hostile");
	if (report_write(&o, &fx.rep, 1, &err))
		fail_msg("report_write: %s", err.msg);
	assert_false(exists(canary));
	assert_false(exists("/tmp/x"));
	gp = slurp(path_in(o.outdir, "charts.gp"), NULL);
	/*
	 * The title as gnuplot reads it: quotes as U+2019, backquotes as U+2018,
	 * newline a space; no quote of gnuplot's own but the two fences.
	 */
	title = strstr(gp, "set title 'Weekly distance, 2024: Ana\xe2\x80\x99\"\xe2\x80\x98" "touch ");
	assert_non_null(title);
	assert_null(strchr(gp, '`'));
	assert_non_null(strstr(title, "\xe2\x80\x98$(touch "));
	assert_non_null(strstr(title, ")system(\"touch "));
	assert_non_null(strstr(title, "\")@x\\n set output \xe2\x80\x99/tmp/x\xe2\x80\x99'\n"));
	assert_png(path_in(o.outdir, "weekly_distance.png"));
	assert_png(path_in(o.outdir, "shoes.png"));
	assert_false(exists(canary));
	unlink(canary);
	html = slurp(path_in(o.outdir, "index.html"), NULL);
	assert_null(strstr(html, "<b>'x'</b>"));
	assert_non_null(strstr(html, "&lt;b&gt;&#39;x&#39;&lt;/b&gt;"));
	assert_non_null(strstr(html, "<h1>Ana&#39;&quot;`touch "));
	txt = slurp(path_in(o.outdir, "report.txt"), NULL);
	assert_null(strstr(txt, "\nset output"));	/* the newline did not forge a line */
	assert_width(txt, 100);
	free(gp);
	free(html);
	free(txt);
}

/*
 * The report of an earlier run: a failed run must leave exactly these three
 * files, byte for byte, and nothing else (no new table, no temporary).
 */
static void old_report_write(const char *dir)
{
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(rr_outfile_write(path_in(dir, "report.txt"), "OLD report", 10, NULL), RR_OK);
	assert_int_equal(rr_outfile_write(path_in(dir, "index.html"), "OLD page", 8, NULL), RR_OK);
	assert_int_equal(rr_outfile_write(path_in(dir, "acwr.png"), "OLD", 3, NULL), RR_OK);
}

static void assert_old_report(const char *dir)
{
	static const char *const name[3] = { "report.txt", "index.html", "acwr.png" };
	static const char *const body[3] = { "OLD report", "OLD page", "OLD" };
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;
	int k;

	for (k = 0; k < 3; k++) {
		char *got = slurp(path_in(dir, name[k]), NULL);

		assert_non_null(got);
		assert_string_equal(got, body[k]);
		free(got);
	}
	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			if (strcmp(de->d_name, name[0]) && strcmp(de->d_name, name[1]) &&
			    strcmp(de->d_name, name[2]))
				fail_msg("a failed report left %s", de->d_name);
			n++;
		}
	closedir(d);
	assert_int_equal(n, 3);
}

/* No gnuplot: an error, and the previous report stays whole. */
static void test_gnuplot_missing(void **state)
{
	struct fixture fx;
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	report_options_init(&o);
	o.outdir = new_outdir("nognuplot");
	old_report_write(o.outdir);
	o.gnuplot = "runrisk-no-such-gnuplot";
	assert_int_equal(report_write(&o, &fx.rep, 1, &err), RR_EIO);
	assert_int_equal(err.code, RR_EIO);
	assert_memory_equal(err.msg, "gnuplot not found", 17);
	assert_old_report(o.outdir);
	/* Without charts the same report is written. */
	o.charts = false;
	assert_int_equal(report_write(&o, &fx.rep, 1, &err), RR_OK);
	assert_true(exists(path_in(o.outdir, "runs.csv")));
	assert_false(exists(path_in(o.outdir, "charts.gp")));
}

/* A fake gnuplot: body is a shell script run in the staging folder. */
static void run_fake(const char *sub, const char *body, const char *want_msg)
{
	struct fixture fx;
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	char prog[600];

	fixture_init(&fx, "ana", "Ana");
	report_options_init(&o);
	o.outdir = new_outdir(sub);
	old_report_write(o.outdir);
	snprintf(prog, sizeof(prog), "%s/fake-%s", tmproot, sub);
	write_script(prog, body);
	o.gnuplot = prog;
	assert_int_equal(report_write(&o, &fx.rep, 1, &err), RR_EIO);
	if (!strstr(err.msg, want_msg))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want_msg);
	assert_old_report(o.outdir);
}

static void test_gnuplot_killed(void **state)
{
	(void)state;
	/* Reads part of the script, leaves a half PNG, dies. */
	run_fake("killed", "head -c 3000 >/dev/null\n"
		 "printf '\\211PNG half' > 1/weekly_distance.png\n"
		 "kill -9 $$\n", "killed by signal 9");
}

static void test_gnuplot_dies_at_once(void **state)
{
	(void)state;
	/* Exits before reading anything: the writes get EPIPE, not SIGPIPE. */
	run_fake("dies", "exit 3\n", "exit status 3");
}

static void test_gnuplot_error(void **state)
{
	(void)state;
	run_fake("error", "cat >/dev/null\necho '         line 7: undefined variable: x' >&2\nexit 1\n",
		 "line 7: undefined variable: x");
}

static void test_gnuplot_makes_nothing(void **state)
{
	(void)state;
	run_fake("nothing", "cat >/dev/null\nexit 0\n", "did not make");
}

/* gnuplot loads, so far, in the log of a fake gnuplot that tees to the real one. */
static size_t loads_logged(const char *log)
{
	char *txt = slurp(log, NULL), *p;
	size_t n = 0;

	for (p = txt; p && (p = strstr(p, "load 'charts.gp'")); p++)
		n++;
	free(txt);
	return n;
}

static struct timespec mtime_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mtim;
}

static bool same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* Charts are drawn again only for athletes whose script changed or whose images went missing. */
static void test_charts_only_changed(void **state)
{
	struct fixture *fx = calloc(2, sizeof(*fx));
	struct athlete_report a[2];
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	struct timespec ana_t, ben_t;
	char prog[600], log[600], body[1400];

	(void)state;
	assert_non_null(fx);
	if (!in_path("gnuplot")) {
		free(fx);
		skip();
	}
	fixture_init(&fx[0], "ana", "Ana");
	fixture_init(&fx[1], "ben", "Ben");
	a[0] = fx[0].rep;
	a[1] = fx[1].rep;
	report_options_init(&o);
	o.outdir = new_outdir("redraw");
	snprintf(prog, sizeof(prog), "%s/fake-redraw", tmproot);
	snprintf(log, sizeof(log), "%s/redraw.log", tmproot);
	snprintf(body, sizeof(body), "tee -a '%s' | gnuplot\n", log);
	write_script(prog, body);
	o.gnuplot = prog;
	if (report_write(&o, a, 2, &err))
		fail_msg("report_write: %s", err.msg);
	assert_int_equal(loads_logged(log), 2);
	assert_png(path_in(o.outdir, "ana/acwr.png"));
	ana_t = mtime_of(path_in(o.outdir, "ana/acwr.png"));
	ben_t = mtime_of(path_in(o.outdir, "ben/acwr.png"));

	/* Nothing changed: gnuplot is not even started, nothing is rewritten. */
	if (report_write(&o, a, 2, &err))
		fail_msg("report_write: %s", err.msg);
	assert_int_equal(loads_logged(log), 2);
	assert_true(same_time(ana_t, mtime_of(path_in(o.outdir, "ana/acwr.png"))));
	assert_no_staging(o.outdir);

	/* Ben's data changed: only his charts are drawn again. */
	fx[1].pain[0].entry.day = fx[1].res.last_day + 5;
	a[1] = fx[1].rep;
	if (report_write(&o, a, 2, &err))
		fail_msg("report_write: %s", err.msg);
	assert_int_equal(loads_logged(log), 3);
	assert_true(same_time(ana_t, mtime_of(path_in(o.outdir, "ana/acwr.png"))));
	assert_false(same_time(ben_t, mtime_of(path_in(o.outdir, "ben/acwr.png"))));

	/* An image gone missing is drawn again. */
	assert_int_equal(unlink(path_in(o.outdir, "ana/acwr.svg")), 0);
	if (report_write(&o, a, 2, &err))
		fail_msg("report_write: %s", err.msg);
	assert_int_equal(loads_logged(log), 4);
	assert_true(exists(path_in(o.outdir, "ana/acwr.svg")));
	assert_no_staging(o.outdir);

	/* Another gnuplot (an upgrade, another program): every chart is drawn again. */
	snprintf(prog, sizeof(prog), "%s/fake-redraw-2", tmproot);
	write_script(prog, body);
	o.gnuplot = prog;
	if (report_write(&o, a, 2, &err))
		fail_msg("report_write: %s", err.msg);
	assert_int_equal(loads_logged(log), 6);
	free(fx);
}

/* An athlete's folder on another file system (a link): the charts still land there. */
static void test_charts_other_fs(void **state)
{
	struct fixture *fx = calloc(2, sizeof(*fx));
	struct athlete_report a[2];
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	struct stat s_out, s_shm;
	char far[] = "/dev/shm/runrisk-test-XXXXXX";

	(void)state;
	assert_non_null(fx);
	o.outdir = new_outdir("otherfs");
	assert_int_equal(mkdir(o.outdir, 0755), 0);
	if (!in_path("gnuplot") || stat(o.outdir, &s_out) != 0 ||
	    stat("/dev/shm", &s_shm) != 0 || s_out.st_dev == s_shm.st_dev || !mkdtemp(far)) {
		free(fx);
		skip();	/* needs gnuplot and a /dev/shm on another file system */
	}
	fixture_init(&fx[0], "ana", "Ana");
	fixture_init(&fx[1], "ben", "Ben");
	a[0] = fx[0].rep;
	a[1] = fx[1].rep;
	report_options_init(&o);
	o.outdir = new_outdir("otherfs");
	assert_int_equal(symlink(far, path_in(o.outdir, "ben")), 0);
	if (report_write(&o, a, 2, &err))
		fail_msg("report_write: %s", err.msg);
	assert_png(path_in(o.outdir, "ben/acwr.png"));
	assert_png(path_in(o.outdir, "ana/acwr.png"));
	assert_true(exists(path_in(o.outdir, "ben/charts.gp")));
	assert_no_staging(o.outdir);
	{
		/* only this test's own folder: others may be running beside it */
		char cmd[sizeof(far) + 16];

		snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", far);
		assert_int_equal(system(cmd), 0);
	}
	free(fx);
}

/*
 * What a killed run left (temporaries, a staging folder) goes; other hidden
 * files stay, rsync's temporaries of the same report names included.
 */
static void test_leftovers_swept(void **state)
{
	struct fixture fx;
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	const char *left[] = { ".report.txt.runrisk-Ab3dE9", ".runs.csv.runrisk-x1Y2z3",
				".acwr.png.runrisk-QQQQQQ", "..runrisk-cache.runrisk-a1b2c3" };
	size_t i;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	report_options_init(&o);
	o.outdir = new_outdir("leftovers");
	o.charts = false;
	assert_int_equal(mkdir(o.outdir, 0755), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(rr_outfile_write(path_in(o.outdir, left[i]), "x", 1, NULL), RR_OK);
	assert_int_equal(mkdir(path_in(o.outdir, ".runrisk-charts-k2J9aa"), 0755), 0);
	assert_int_equal(mkdir(path_in(o.outdir, ".runrisk-charts-k2J9aa/1"), 0755), 0);
	assert_int_equal(rr_outfile_write(path_in(o.outdir, ".runrisk-charts-k2J9aa/1/acwr.png"),
					  "half", 4, NULL), RR_OK);
	/* Not ours: no ".runrisk-" tag (rsync's ".NAME.XXXXXX" shape). */
	assert_int_equal(rr_outfile_write(path_in(o.outdir, ".notes.txt"), "keep", 4, NULL), RR_OK);
	assert_int_equal(rr_outfile_write(path_in(o.outdir, ".secret.key.Ab3dE9"), "keep", 4, NULL), RR_OK);
	assert_int_equal(rr_outfile_write(path_in(o.outdir, ".report.txt.Ab3dE9"), "keep", 4, NULL), RR_OK);
	assert_int_equal(rr_outfile_write(path_in(o.outdir, ".index.html.x1Y2z3"), "keep", 4, NULL), RR_OK);
	if (report_write(&o, &fx.rep, 1, &err))
		fail_msg("report_write: %s", err.msg);
	for (i = 0; i < 4; i++)
		assert_false(exists(path_in(o.outdir, left[i])));
	assert_no_staging(o.outdir);
	assert_true(exists(path_in(o.outdir, ".notes.txt")));
	assert_true(exists(path_in(o.outdir, ".secret.key.Ab3dE9")));
	assert_true(exists(path_in(o.outdir, ".report.txt.Ab3dE9")));
	assert_true(exists(path_in(o.outdir, ".index.html.x1Y2z3")));
	assert_true(exists(path_in(o.outdir, "report.txt")));
}

/* ---- tests: atomic output files ---- */

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static void test_outfile_basic(void **state)
{
	char *dir = new_outdir("outfile"), *s;
	struct rr_outfile o;
	struct rr_error err = RR_ERROR_INIT;
	struct stat st;

	(void)state;
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(rr_outfile_write(path_in(dir, "a.txt"), "first", 5, &err), RR_OK);
	assert_int_equal(stat(path_in(dir, "a.txt"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* Replace: readers see the old file until the rename. */
	assert_int_equal(rr_outfile_open(&o, path_in(dir, "a.txt"), &err), RR_OK);
	fputs("second", o.f);
	s = slurp(path_in(dir, "a.txt"), NULL);
	assert_string_equal(s, "first");
	free(s);
	assert_int_equal(count_entries(dir), 2);	/* a.txt + the temporary */
	assert_int_equal(rr_outfile_commit(&o, &err), RR_OK);
	s = slurp(path_in(dir, "a.txt"), NULL);
	assert_string_equal(s, "second");
	free(s);
	assert_int_equal(count_entries(dir), 1);
	/* Abort keeps the old file and removes the temporary. */
	assert_int_equal(rr_outfile_open(&o, path_in(dir, "a.txt"), &err), RR_OK);
	fputs("third", o.f);
	rr_outfile_abort(&o);
	s = slurp(path_in(dir, "a.txt"), NULL);
	assert_string_equal(s, "second");
	free(s);
	assert_int_equal(count_entries(dir), 1);
	/* A folder that does not exist: the error names the file and errno. */
	assert_int_equal(rr_outfile_write(path_in(dir, "no/b.txt"), "x", 1, &err), RR_EIO);
	assert_int_equal(err.errno_, ENOENT);
	assert_non_null(strstr(err.msg, "/no/b.txt"));
}

/* A set: nothing replaced before the commit; unchanged bytes never replaced; abort keeps all. */
static void test_outset(void **state)
{
	char *dir = new_outdir("outset"), *s;
	struct rr_outset set = RR_OUTSET_INIT;
	struct rr_outfile o;
	struct rr_error err = RR_ERROR_INIT;
	struct stat before, after;

	(void)state;
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(rr_outfile_write(path_in(dir, "a.txt"), "same", 4, &err), RR_OK);
	assert_int_equal(rr_outfile_write(path_in(dir, "b.txt"), "old b", 5, &err), RR_OK);
	assert_int_equal(stat(path_in(dir, "a.txt"), &before), 0);
	assert_int_equal(rr_outfile_open(&o, path_in(dir, "a.txt"), &err), RR_OK);
	fputs("same", o.f);
	assert_int_equal(rr_outset_add(&set, &o, &err), RR_OK);
	assert_int_equal(rr_outfile_open(&o, path_in(dir, "b.txt"), &err), RR_OK);
	fputs("new b", o.f);
	assert_int_equal(rr_outset_add(&set, &o, &err), RR_OK);
	assert_int_equal(rr_outfile_open(&o, path_in(dir, "c.txt"), &err), RR_OK);
	fputs("new c", o.f);
	assert_int_equal(rr_outset_add(&set, &o, &err), RR_OK);
	/* Queued, not yet visible: the unchanged a.txt was dropped at once. */
	assert_int_equal(set.n, 2);
	s = slurp(path_in(dir, "b.txt"), NULL);
	assert_string_equal(s, "old b");
	free(s);
	assert_false(exists(path_in(dir, "c.txt")));
	assert_int_equal(count_entries(dir), 4);	/* a, b + two temporaries */
	assert_int_equal(rr_outset_commit(&set, NULL, &err), RR_OK);
	assert_int_equal(count_entries(dir), 3);
	s = slurp(path_in(dir, "b.txt"), NULL);
	assert_string_equal(s, "new b");
	free(s);
	s = slurp(path_in(dir, "c.txt"), NULL);
	assert_string_equal(s, "new c");
	free(s);
	assert_int_equal(stat(path_in(dir, "a.txt"), &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);	/* never replaced */
	/* Abort: every target as it was, no temporary left. */
	assert_int_equal(rr_outfile_open(&o, path_in(dir, "b.txt"), &err), RR_OK);
	fputs("newer b", o.f);
	assert_int_equal(rr_outset_add(&set, &o, &err), RR_OK);
	rr_outset_abort(&set);
	assert_int_equal(set.n, 0);
	s = slurp(path_in(dir, "b.txt"), NULL);
	assert_string_equal(s, "new b");
	free(s);
	assert_int_equal(count_entries(dir), 3);
}

/* RLIMIT_FSIZE: the write fails with EFBIG; the old report stays whole. */
static void test_outfile_efbig(void **state)
{
	char *dir = new_outdir("efbig"), *s, path[600];
	pid_t pid;
	int status;

	(void)state;
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/report.txt", dir);
	assert_int_equal(rr_outfile_write(path, "old report\n", 11, NULL), RR_OK);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { 4096, 4096 };
		struct rr_outfile o;
		struct rr_error err = RR_ERROR_INIT;
		int i;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(10);
		if (rr_outfile_open(&o, path, &err))
			_exit(11);
		for (i = 0; i < 10000; i++)
			fputs("a line of the new report\n", o.f);
		if (rr_outfile_commit(&o, &err) != RR_EIO)
			_exit(12);
		if (err.errno_ != EFBIG || !strstr(err.msg, "report.txt"))
			_exit(13);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	s = slurp(path, NULL);
	assert_string_equal(s, "old report\n");
	free(s);
	assert_int_equal(count_entries(dir), 1);	/* no temporary left */
}

/*
 * A whole report into a read-only folder fails with EACCES and leaves the
 * old report whole.  Root may write anywhere, so the child drops to
 * nobody (65534) first when it is root.
 */
static void test_report_readonly(void **state)
{
	struct fixture fx;
	struct report_options o;
	char *s;
	pid_t pid;
	int status;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	report_options_init(&o);
	o.outdir = new_outdir("readonly");
	o.charts = false;
	assert_int_equal(mkdir(o.outdir, 0755), 0);
	assert_int_equal(rr_outfile_write(path_in(o.outdir, "report.txt"), "old", 3, NULL), RR_OK);
	assert_int_equal(chmod(o.outdir, 0555), 0);
	assert_int_equal(chmod(tmproot, 0711), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rr_error err = RR_ERROR_INIT;

		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(10);
		if (report_write(&o, &fx.rep, 1, &err) != RR_EIO)
			_exit(11);
		if (err.errno_ != EACCES || !strstr(err.msg, "readonly/report.txt"))
			_exit(12);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	chmod(tmproot, 0700);
	chmod(o.outdir, 0755);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 10)
		skip();		/* root without the right to change user */
	assert_int_equal(WEXITSTATUS(status), 0);
	s = slurp(path_in(o.outdir, "report.txt"), NULL);
	assert_string_equal(s, "old");
	free(s);
	assert_int_equal(count_entries(o.outdir), 1);
}

/* An athlete folder with no run: a short report, no chart, gnuplot not even started. */
static void test_no_runs(void **state)
{
	struct athlete_result r;
	struct athlete_report a;
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	char *txt, *csv;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.first_day = r.last_day = RR_NO_DAY;
	memset(&a, 0, sizeof(a));
	a.res = &r;
	a.folder = "empty";
	a.files_in = a.files_skipped = 1;
	report_options_init(&o);
	o.outdir = new_outdir("empty");
	o.gnuplot = "runrisk-no-such-gnuplot";	/* would fail if it were started */
	if (report_write(&o, &a, 1, &err))
		fail_msg("report_write: %s", err.msg);
	txt = slurp(path_in(o.outdir, "report.txt"), NULL);
	assert_non_null(strstr(txt, "== empty ="));
	assert_non_null(strstr(txt, "Period      no runs\n"));
	assert_non_null(strstr(txt, "No flag in the last 7 days."));
	assert_non_null(strstr(txt, "Files: 1 read, 0 parsed, 1 skipped, 0 duplicates."));
	assert_width(txt, 100);
	csv = slurp(path_in(o.outdir, "runs.csv"), NULL);
	assert_non_null(csv);
	assert_int_equal(strchr(csv, '\n')[1], '\0');	/* header only */
	free(csv);
	csv = slurp(path_in(o.outdir, "days.json"), NULL);
	assert_string_equal(csv, "[]\n");
	assert_false(exists(path_in(o.outdir, "charts.gp")));
	free(csv);
	free(txt);
}

/* Ten years of daily data: a smoke test of size (no timing gate). */
static void test_ten_years(void **state)
{
	enum { DAYS = 3653 };
	struct fixture fx;
	struct day_row *days = calloc(DAYS, sizeof(*days));
	struct run_entry *runs = calloc(DAYS, sizeof(*runs));
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	int32_t first = rr_days_from_civil(2015, 1, 1);
	size_t i, nr = 0;
	char *gp;

	(void)state;
	fixture_init(&fx, "long", "Long Haul");
	for (i = 0; i < DAYS; i++) {
		days[i] = fx.days[i % NDAYS];
		days[i].day = first + (int32_t)i;
		if (days[i].runs) {
			runs[nr] = fx.runs[0];
			runs[nr].local_day = days[i].day;
			runs[nr].s.distance_m = days[i].distance_m;
			runs[nr].s.start_t_s = (double)days[i].day * 86400 + 3600;
			nr++;
		}
	}
	fx.res.days = days;
	fx.res.ndays = DAYS;
	fx.res.runs = runs;
	fx.res.nruns = nr;
	fx.res.first_day = first;
	fx.res.last_day = first + DAYS - 1;
	fx.res.npain = 0;
	fx.res.nflags = 0;
	/* the analysis' tables for these ten years (the fixture's are its own storage) */
	fx.res.weeks = NULL;
	fx.res.longest_before_m = NULL;
	assert_int_equal(timeline_derive(&fx.res), 0);
	report_options_init(&o);
	o.outdir = new_outdir("tenyears");
	o.charts = in_path("gnuplot");
	if (report_write(&o, &fx.rep, 1, &err))
		fail_msg("report_write: %s", err.msg);
	if (o.charts) {
		assert_png(path_in(o.outdir, "acwr.png"));
		gp = slurp(path_in(o.outdir, "charts.gp"), NULL);
		assert_block_equals_csv(gp, "$days", path_in(o.outdir, "days.csv"));
		free(gp);
	}
	free(days);
	free(runs);
	free(fx.res.weeks);
	free(fx.res.longest_before_m);
}

/* The athlete page says what report.txt says, in the same order. */
static void test_html_page(void **state)
{
	struct fixture fx;
	struct report_options o;
	char *html, *week, *flags, *why, *earlier, *load;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	report_options_init(&o);
	o.outdir = new_outdir("html");
	o.charts = false;
	assert_int_equal(report_write(&o, &fx.rep, 1, NULL), RR_OK);
	html = slurp(path_in(o.outdir, "index.html"), NULL);
	assert_non_null(html);
	week = strstr(html, "<div class=\"week alert\"><b>This week.</b> ALERT: a run much "
		      "longer than any in the last 30 days (long_run_spike);");
	flags = strstr(html, "<p class=\"small\">1 alert, 1 warning, 0 notes (the last 7 days");
	why = strstr(html, "<p class=\"advice\"><b>Why it matters:</b> The calf and Achilles");
	earlier = strstr(html, "<details><summary>Earlier flags (1)</summary>");
	load = strstr(html, "<p>ACWR 1.04 on 2024-04-11: usual range (0.8 to 1.3).");
	assert_non_null(week);
	assert_non_null(flags);
	assert_non_null(why);
	assert_non_null(earlier);
	assert_non_null(load);
	assert_true(week < flags && flags < why && why < earlier && earlier < load);
	assert_non_null(strstr(html, "<span class=\"badge alert\">alert</span> 2024-04-10 "
			       "<b>long_run_spike</b>: longer by +78 % (alert above +30 %)</div>"));
	/* The evidence and the input strings are escaped. */
	assert_non_null(strstr(html, "=Trail, &quot;wet&quot;"));
	assert_non_null(strstr(html, "calf that is swollen, warm and red needs one at once."));
	free(html);
	/* Nothing active: said in words, and the box is green (no level class). */
	fx.res.nflags = 1;
	assert_int_equal(report_write(&o, &fx.rep, 1, NULL), RR_OK);
	html = slurp(path_in(o.outdir, "index.html"), NULL);
	assert_non_null(strstr(html, "<div class=\"week\"><b>This week.</b> Nothing flagged in "
			       "the last 7 days. Last flag: 2024-03-11 weekly_jump note"));
	assert_non_null(strstr(html, "<p>No flag in the last 7 days of data.</p>"));
	free(html);
}

/* ---- tests: plain words ---- */

static struct flag mkflag(const char *rule, enum flag_level l, double v, double t)
{
	struct flag f;

	memset(&f, 0, sizeof(f));
	f.rule = (enum rule_id)rule_lookup(rule);	/* -1: no such rule */
	f.level = l;
	f.value = v;
	f.threshold = t;
	return f;
}

static void assert_measure_kind(const char *rule, enum evidence_kind kind,
				enum flag_level l, double v, double t, const char *want)
{
	struct flag f = mkflag(rule, l, v, t);
	char buf[160];

	f.ev.kind = kind;
	assert_string_equal(flag_measure(buf, sizeof(buf), &f), want);
}

static void assert_measure(const char *rule, enum flag_level l, double v, double t,
			   const char *want)
{
	assert_measure_kind(rule, EVK_COUNT, l, v, t, want);
}

static void test_flag_measure(void **state)
{
	(void)state;
	/* Fractions as percentages over the reference, with the threshold crossed. */
	assert_measure("long_run_spike", FLAG_WARN, 0.6, 0.3,
		       "longer by +60 % (warn above +30 %)");
	assert_measure("weekly_jump", FLAG_WARN, 1.7324, 0.3,
		       "week up +173 % (warn above +30 %)");
	assert_measure("climb_spike", FLAG_WARN, NAN, 0.3, "climb up new (warn above +30 %)");
	/* Just over the threshold: decimals until the two differ (11 001 m vs 10 000 m). */
	assert_measure("long_run_spike", FLAG_NOTE, 0.1001, 0.1,
		       "longer by +10.01 % (note above +10 %)");
	assert_measure("long_run_spike", FLAG_NOTE, 0.104, 0.1, "longer by +10.4 % (note above +10 %)");
	assert_measure("speed_spike", FLAG_WARN, 2.08, 0.3,
		       "fast minutes up +208 % (warn above +30 %)");
	/* ACWR: the alert is >= its threshold, the warning > its own. */
	assert_measure("acwr", FLAG_ALERT, 1.8, 1.5, "ratio 1.80 (alert from 1.50)");
	assert_measure("acwr", FLAG_WARN, 1.415, 1.3, "ratio 1.42 (warn above 1.30)");
	assert_measure("monotony", FLAG_WARN, 2.345, 2, "monotony 2.35 (warn above 2.00)");
	/*
	 * hill_block: a ratio or the metres of a first hilly run or week, told
	 * apart by the evidence kind (never by the size of the value: a ratio
	 * of 3 and a 3 m threshold must not be confused).
	 */
	assert_measure_kind("hill_block", EVK_HILL_RATIO, FLAG_WARN, 2.1, 1.5,
			    "7-day climb 2.10 x the 4-week mean (warn above 1.50)");
	assert_measure_kind("hill_block", EVK_HILL_FIRST_RUN, FLAG_WARN, 128.4, 80,
			    "128 m up after flat weeks (warn from 80 m)");
	assert_measure_kind("hill_block", EVK_HILL_FIRST_WEEK, FLAG_WARN, 3, 2,
			    "3 m up after flat weeks (warn from 2 m)");
	assert_measure_kind("hill_block", EVK_HILL_RATIO, FLAG_WARN, 4.5, 1.5,
			    "7-day climb 4.50 x the 4-week mean (warn above 1.50)");
	assert_measure("back_to_back", FLAG_WARN, 2, 2, "hard runs on consecutive days");
	assert_measure("back_to_back", FLAG_WARN, 1, 2, "two hard runs on the same day");
	assert_measure("layoff_return", FLAG_ALERT, 1.8832, 1,
		       "1.88 x the return limit");
	assert_measure("speed_week", FLAG_WARN, 2, 1.5, "fast time x 2.00 (warn above 1.50)");
	assert_measure("shoe_mileage", FLAG_ALERT, 808.586, 800, "809 km on the shoe (alert at 800 km)");
	assert_measure("shoe_drop_change", FLAG_WARN, 6, 4, "heel drop 6 mm lower (warn from 4 mm)");
	assert_measure("no_such_rule", FLAG_NOTE, 0.5, 0.25, "value 0.500, threshold 0.250");
}

/*
 * Every rule of the enum has its row in the wording table (a new rule must
 * add one): a title, why, what to do, a measure and an evidence sentence;
 * and the rule table has its row too (name, levels, source, strength).
 */
static void test_rule_words(void **state)
{
	struct fixture fx;
	char buf[EVIDENCE_SIZE];
	int r;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	for (r = 0; r < RULE_COUNT; r++) {
		const struct rule_words *w = rule_words_of((enum rule_id)r);
		const struct rule_def *d = rule_def((enum rule_id)r);

		if (!w)
			fail_msg("no words for rule %s", rule_name((enum rule_id)r));
		assert_non_null(d);
		assert_int_equal(rule_lookup(d->name), r);
		assert_true(d->levels != 0 && (d->levels & ~0xeu) == 0);
		assert_true(strlen(d->source) > 5 && strlen(d->study) > 5);
		assert_true(strlen(w->title) > 10 && strlen(w->title) < 80);
		assert_true(strlen(w->calf) > 30);
		assert_true(strlen(w->todo) > 20);
		assert_non_null(w->measure);
		assert_non_null(w->evidence);
		/* the title as shown: placeholders filled, under 50 columns */
		rule_text(buf, sizeof(buf), &fx.res, (enum rule_id)r, WORDS_TITLE);
		assert_null(strchr(buf, '{'));
		assert_true(strlen(buf) > 10 && strlen(buf) < 50);
		rule_text(buf, sizeof(buf), &fx.res, (enum rule_id)r, WORDS_TODO);
		assert_null(strchr(buf, '{'));
	}
	assert_null(rule_words_of(RULE_COUNT));
	assert_null(rule_words_of((enum rule_id)rule_lookup("no_such_rule")));
}

/* Every evidence kind words into a sentence under its rule, with the flag's own numbers. */
static void test_evidence_kinds(void **state)
{
	static const struct { enum evidence_kind kind; const char *rule, *want; } k[] = {
		{ EVK_SPIKE_DISTANCE, "long_run_spike", "12 km on 2024-04-11 is 50 % longer" },
		{ EVK_SPIKE_DURATION, "long_run_spike", "lasted 200 min, 50 % longer" },
		{ EVK_SPIKE_CLIMB, "climb_spike", "12000 m of climbing on 2024-04-11" },
		{ EVK_SPIKE_FAST, "speed_spike", "200 min at or faster" },
		{ EVK_SPIKE_LATE_CLIMB, "late_climb_spike", "12000 m of climbing after the first 6 km" },
		{ EVK_WEEK_JUMP, "weekly_jump", "reached 12 km by 2024-04-11" },
		{ EVK_ACWR, "acwr", "7-day distance 12 km" },
		{ EVK_MONOTONY, "monotony", "Daily km 2024-04-05..2024-04-11: 1 2 3 4 5 6 7;" },
		{ EVK_HILL_RATIO, "hill_block", "7-day ascent 12000 m" },
		{ EVK_HILL_FIRST_RUN, "hill_block", "First hilly run (12000 m up" },
		{ EVK_HILL_FIRST_WEEK, "hill_block", "A hilly week: 12000 m up" },
		{ EVK_HARD_DAYS, "back_to_back", "Hard days within 48 h: 2024-04-10 (long: 12 km" },
		{ EVK_LAYOFF_LONG, "layoff_return", "too long: 12 km" },
		{ EVK_LAYOFF_HILLY, "layoff_return", "too hilly for run 0 back: 12000 m up" },
		{ EVK_LAYOFF_FAST, "layoff_return", "too fast for run 0 back: 200 min fast" },
		{ EVK_LAYOFF_WEEK, "layoff_return", "return week 1 too big: 12 km" },
		{ EVK_CYCLE, "repeated_breakdown", "back 2024-03-12, 140 km run, then no running "
		  "2024-04-01..2024-04-10" },
		{ EVK_SPEED_WEEK, "speed_week", "200 min at or faster than threshold pace" },
		{ EVK_SOFT_SURFACE, "soft_surface", "12 km on soft ground or trail" },
		{ EVK_PAIN_SEVERE, "pain_signal", "Pain diary: 5/10 on 2024-04-11, at or above 4/10" },
		{ EVK_PAIN_RISING, "pain_signal", "5/10 on 2024-04-11, up from 2/10 on 2024-04-09" },
		{ EVK_PAIN_HARD, "pain_signal", "A hard run on 2024-04-11 (fast 12 km" },
		{ EVK_PAIN_ONSET, "pain_signal", "A 12 km run on 2024-04-11, longer than the 7.5 km" },
		{ EVK_SHOE_KM, "shoe_mileage", "=Trail, \"wet\" reached 12000 km" },
		{ EVK_SHOE_DROP, "shoe_drop_change", "Switch from Pegasus 39 (10 mm drop" },
	};
	struct fixture fx;
	char buf[EVIDENCE_SIZE];
	size_t i, d;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	assert_int_equal(sizeof(k) / sizeof(k[0]), EVK_COUNT);
	for (i = 0; i < EVK_COUNT; i++) {
		struct flag f = mkflag(k[i].rule, FLAG_WARN, 0.5, 0.3);

		assert_int_equal(k[i].kind, i);
		f.day = fx.res.last_day;
		f.ev.kind = k[i].kind;
		switch (k[i].kind) {
		case EVK_MONOTONY:
			f.ev.u.monotony.from = f.day - 6;
			for (d = 0; d < 7; d++)
				f.ev.u.monotony.daily_m[d] = 1000.0 * (double)(d + 1);
			break;
		case EVK_HARD_DAYS:
			f.ev.u.hard.day[0].day = f.day - 1;
			f.ev.u.hard.day[0].why = HARD_LONG;
			f.ev.u.hard.day[0].distance_m = 12000;
			f.ev.u.hard.day[1].day = f.day;
			f.ev.u.hard.day[1].why = HARD_FAST;
			break;
		case EVK_SHOE_KM:
			f.ev.u.shoe.shoe = 1;
			f.ev.u.shoe.km = 12000;
			break;
		case EVK_SHOE_DROP:
			f.ev.u.drop.prev_shoe = 0;
			f.ev.u.drop.prev_drop_mm = 10;
			f.ev.u.drop.shoe = 1;
			break;
		case EVK_WEEK_JUMP:
			f.ev.u.week.cur_m = 12000;
			break;
		case EVK_ACWR:
		case EVK_HILL_RATIO:
			f.ev.u.ratio.acute = 12000;
			break;
		case EVK_HILL_FIRST_RUN:
		case EVK_HILL_FIRST_WEEK:
			f.ev.u.hill.ascent_m = 12000;
			break;
		case EVK_LAYOFF_LONG:
		case EVK_LAYOFF_HILLY:
		case EVK_LAYOFF_WEEK:
			f.ev.u.layoff.cur = 12000;
			break;
		case EVK_LAYOFF_FAST:
			f.ev.u.layoff.cur = 12000;
			break;
		case EVK_SPEED_WEEK:
		case EVK_SOFT_SURFACE:
			f.ev.u.ratio.acute = 12000;
			break;
		case EVK_CYCLE:
			f.ev.u.cycle.n = 1;
			f.ev.u.cycle.count = 2;
			f.ev.u.cycle.window_days = 365;
			f.ev.u.cycle.c[0].back_day = rr_days_from_civil(2024, 3, 12);
			f.ev.u.cycle.c[0].km_since = 140;
			f.ev.u.cycle.c[0].break_from = rr_days_from_civil(2024, 4, 1);
			f.ev.u.cycle.c[0].break_to = rr_days_from_civil(2024, 4, 10);
			f.ev.u.cycle.common = CYCLE_VOLUME;
			break;
		case EVK_PAIN_SEVERE:
		case EVK_PAIN_RISING:
		case EVK_PAIN_HARD:
		case EVK_PAIN_ONSET:
			f.ev.u.pain.km_at_onset = 7.5;
			f.ev.u.pain.day = f.day;
			f.ev.u.pain.severity = 5;
			f.ev.u.pain.threshold = 4;
			f.ev.u.pain.prev_day = f.day - 2;
			f.ev.u.pain.prev_severity = 2;
			f.ev.u.pain.run_day = f.day;
			f.ev.u.pain.why = HARD_FAST;
			f.ev.u.pain.distance_m = 12000;
			break;
		default:	/* the spikes */
			f.ev.u.spike.cur = 12000;
			f.ev.u.spike.ref = 8000;
			break;
		}
		flag_evidence(buf, sizeof(buf), &fx.res, &f);
		if (!strstr(buf, k[i].want))
			fail_msg("kind %zu: \"%s\" lacks \"%s\"", i, buf, k[i].want);
	}
}

/* A pain entry's flags in words: "rule level date; ...", cut with "..." to fit. */
static void test_pain_preceding(void **state)
{
	struct pain_row p;
	char buf[PAIN_PRECEDING_SIZE], small[40];
	size_t k;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_string_equal(pain_preceding_text(buf, sizeof(buf), &p), "");
	p.preceding[0].rule = RULE_ACWR;
	p.preceding[0].level = FLAG_WARN;
	p.preceding[0].day = rr_days_from_civil(2024, 4, 1);
	p.preceding[1].rule = RULE_SHOE_DROP_CHANGE;
	p.preceding[1].level = FLAG_WARN;
	p.preceding[1].day = rr_days_from_civil(2024, 4, 2);
	p.npreceding = 2;
	assert_string_equal(pain_preceding_text(buf, sizeof(buf), &p),
			    "acwr warn 2024-04-01; shoe_drop_change warn 2024-04-02");
	/* 40 bytes hold the first item and "; ..." but not the second */
	assert_string_equal(pain_preceding_text(small, sizeof(small), &p),
			    "acwr warn 2024-04-01; ...");
	p.more = true;
	assert_string_equal(pain_preceding_text(buf, sizeof(buf), &p),
			    "acwr warn 2024-04-01; shoe_drop_change warn 2024-04-02; ...");
	for (k = 0; k < PAIN_FLAGS_MAX; k++)
		p.preceding[k] = p.preceding[1];
	p.npreceding = PAIN_FLAGS_MAX;
	pain_preceding_text(buf, sizeof(buf), &p);
	assert_true(strlen(buf) < sizeof(buf) && strlen(buf) > sizeof(buf) - 40);
	assert_string_equal(buf + strlen(buf) - 5, "; ...");
}

static void test_fmt_fixed(void **state)
{
	char b[48];

	(void)state;
	assert_string_equal(fmt_fixed(b, sizeof(b), 1.8, 2), "1.80");
	assert_string_equal(fmt_fixed(b, sizeof(b), 16, 1), "16.0");
	assert_string_equal(fmt_fixed(b, sizeof(b), 0.05, 2), "0.05");
	assert_string_equal(fmt_fixed(b, sizeof(b), -8.64, 1), "-8.6");
	assert_string_equal(fmt_fixed(b, sizeof(b), -0.04, 1), "0.0");	/* no "-0.0" */
	assert_string_equal(fmt_fixed(b, sizeof(b), 2.5, 0), "3");
	assert_string_equal(fmt_fixed(b, sizeof(b), 1234567.891, 3), "1234567.891");
	assert_string_equal(fmt_fixed(b, sizeof(b), NAN, 1), "-");
	assert_string_equal(fmt_fixed(b, sizeof(b), INFINITY, 1), "-");
}

static void test_load_sentences(void **state)
{
	struct fixture fx;
	struct day_row d;
	char buf[512];

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	d = fx.days[NDAYS - 1];
	d.acwr_coupled = 1.5;	/* the alert threshold is in the danger zone */
	assert_non_null(strstr(acwr_sentence(buf, sizeof(buf), &fx.res, &d),
			       "ACWR 1.50 on 2024-04-11: danger zone (1.5 and above)."));
	d.acwr_coupled = 1.3;	/* the warning is above 1.3 */
	assert_non_null(strstr(acwr_sentence(buf, sizeof(buf), &fx.res, &d), ": usual range"));
	d.acwr_coupled = 0.79;
	assert_non_null(strstr(acwr_sentence(buf, sizeof(buf), &fx.res, &d), ": below the usual range"));
	d.acwr_coupled = NAN;
	assert_string_equal(acwr_sentence(buf, sizeof(buf), &fx.res, &d),
			    "ACWR on 2024-04-11: not known until 28 days of data (it is the km of "
			    "the last 7 days over the weekly mean of the last 28).");
	/* a chronic weekly mean of 9.9 km is under the 10 km minimum: no ratio */
	d.acwr_coupled = 4.0;
	d.chronic28_m = 9900;
	assert_string_equal(acwr_sentence(buf, sizeof(buf), &fx.res, &d),
			    "ACWR on 2024-04-11: not shown: the weekly mean of the last 28 days, "
			    "9.9 km, is under the 10 km minimum for a ratio.");
	/* inside a return phase: not meaningful, whatever the ratio */
	{
		struct return_phase ph;

		memset(&ph, 0, sizeof(ph));
		ph.back_day = d.day - 4;
		ph.end_day = d.day + 10;
		ph.gap_days = 28;
		fx.res.returns = &ph;
		fx.res.nreturns = 1;
		d.chronic28_m = 20000;
		assert_string_equal(acwr_sentence(buf, sizeof(buf), &fx.res, &d),
				    "ACWR on 2024-04-11: not meaningful (returning: day 5 after 28 "
				    "days off); the return limits apply instead (Next 7 days).");
		fx.res.returns = NULL;
		fx.res.nreturns = 0;
	}
	/* From the 43rd day fitness is no longer "counting up". */
	d.day = fx.res.first_day + 42;
	assert_null(strstr(fitness_sentence(buf, sizeof(buf), &fx.res, &d), "six weeks"));
	d.day = fx.res.first_day + 41;
	assert_non_null(strstr(fitness_sentence(buf, sizeof(buf), &fx.res, &d), "six weeks"));
}

/* Newest day first, and within a day the order of the array (highest level first). */
static void test_flag_walk(void **state)
{
	struct athlete_result r;
	struct flag fl[5];
	struct flag_walk w;
	static const int32_t day[5] = { 10, 12, 12, 12, 15 };
	static const size_t want[5] = { 4, 1, 2, 3, 0 };
	size_t k;

	(void)state;
	memset(&r, 0, sizeof(r));
	for (k = 0; k < 5; k++) {
		fl[k] = mkflag("acwr", FLAG_WARN, 1.4, 1.3);
		fl[k].day = day[k];
	}
	r.flags = fl;
	r.nflags = 5;
	flag_walk_init(&w, &r);
	for (k = 0; k < 5; k++)
		assert_ptr_equal(flag_walk_next(&w), &fl[want[k]]);
	assert_null(flag_walk_next(&w));
	r.nflags = 0;
	flag_walk_init(&w, &r);
	assert_null(flag_walk_next(&w));
}

/* More than ten earlier flags: the newest ten, and the count of all. */
static void test_text_earlier_cut(void **state)
{
	struct fixture fx;
	struct report_options o;
	struct flag many[14];
	char *a, *p;
	size_t k, lines = 0;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	for (k = 0; k < 14; k++) {
		many[k] = mkflag("weekly_jump", FLAG_WARN, 0.31 + 0.01 * (double)k, 0.3);
		many[k].day = fx.res.first_day + (int32_t)k;	/* all older than 7 days */
	}
	fx.res.flags = many;
	fx.res.nflags = 14;
	report_options_init(&o);
	o.outdir = new_outdir("earlier");
	o.charts = false;
	assert_int_equal(report_write(&o, &fx.rep, 1, NULL), RR_OK);
	a = slurp(path_in(o.outdir, "report.txt"), NULL);
	p = strstr(a, "  Earlier flags: 14 (the newest 10 below), all in flags.csv:\n"
		   "    2024-03-14  warn   weekly_jump         week up +44 % (warn above +30 %)\n");
	assert_non_null(p);
	for (p = strchr(p, '\n') + 1; !strncmp(p, "    2024-", 9); p = strchr(p, '\n') + 1)
		lines++;
	assert_int_equal(lines, 10);
	free(a);
}

/* Active rules once each, highest level first, then the most recent. */
static void test_active_rules(void **state)
{
	struct fixture fx;
	const struct flag *out[8];
	struct flag more[5];
	size_t n;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	more[0] = fx.flags[0];					/* old note: not active */
	more[1] = mkflag("acwr", FLAG_WARN, 1.4, 1.3);
	more[1].day = fx.res.last_day - 3;
	more[2] = mkflag("weekly_jump", FLAG_WARN, 0.5, 0.3);
	more[2].day = fx.res.last_day - 2;
	more[3] = mkflag("acwr", FLAG_ALERT, 1.6, 1.5);
	more[3].day = fx.res.last_day - 1;
	more[4] = mkflag("shoe_mileage", FLAG_WARN, 510, 500);
	more[4].day = fx.res.last_day;
	fx.res.flags = more;
	fx.res.nflags = 5;
	n = active_rules(&fx.res, out, 8);
	assert_int_equal(n, 3);
	assert_ptr_equal(out[0], &more[3]);	/* acwr at its alert */
	assert_ptr_equal(out[1], &more[2]);	/* training before the newer shoe warning */
	assert_ptr_equal(out[2], &more[4]);
	assert_true(flag_more_urgent(&more[2], &more[4]));
	assert_false(flag_more_urgent(&more[4], &more[2]));
	more[4].level = FLAG_ALERT;		/* a higher level wins over training */
	assert_true(flag_more_urgent(&more[4], &more[2]));
	/* A short array keeps the first rules met. */
	assert_int_equal(active_rules(&fx.res, out, 1), 1);
}

/* Flags appear on the charts they concern, and every date chart shares one x range. */
static void test_chart_marks(void **state)
{
	struct fixture fx;
	char want[256], *gp, *p, *range = NULL;
	size_t ranges = 0;

	(void)state;
	fixture_init(&fx, "ana", "Ana");
	gp = script_of(&fx.rep);
	/* The 16 km spike on the run chart, in the alert colour, its text above it. */
	snprintf(want, sizeof(want), "set label '+78 %%' at %lld, first 16.000 center point pt 9 "
		 "ps 2*PS lc rgb '#c62828'", (long long)(fx.res.last_day - 1) * 86400 + 43200);
	assert_non_null(strstr(gp, want));
	/* The ACWR warning on the ACWR chart at its value. */
	snprintf(want, sizeof(want), "set label '1.42' at %lld, first 1.420 center point pt 9 "
		 "ps 2*PS lc rgb '#ef6c00'", (long long)fx.res.last_day * 86400 + 43200);
	assert_non_null(strstr(gp, want));
	/*
	 * The weekly jump (a note) over its week's bar: week of 03-11, 03-14 at
	 * noon.  A long text near the right edge ends at its mark.
	 */
	snprintf(want, sizeof(want), "set label '+35 %%' at %lld, first ",
		 (long long)rr_days_from_civil(2024, 3, 14) * 86400 + 43200);
	assert_non_null(strstr(gp, want));
	fx.flags[2].day = fx.res.last_day - 1;
	fx.flags[2].rule = RULE_LAYOFF_RETURN;
	fx.flags[2].ev.kind = EVK_LAYOFF_LONG;
	free(gp);
	gp = script_of(&fx.rep);
	snprintf(want, sizeof(want), "set label '+78 %%, after a break' at %lld, first 16.000 "
		 "right point", (long long)(fx.res.last_day - 1) * 86400 + 43200);
	assert_non_null(strstr(gp, want));
	/* The spike bands are filled steps over the 30-day longest run. */
	assert_non_null(strstr(gp, "$ref << EOD\n"));
	assert_non_null(strstr(gp, "with fillsteps fc rgb"));
	/* One x range for all date charts (the shoe chart has its own). */
	for (p = gp; (p = strstr(p, "set xrange [")); p++) {
		if (p[12] == '-')
			continue;
		if (!range)
			range = p;
		else if (strncmp(range, p, strcspn(range, "\n")))
			fail_msg("two date ranges: %.40s / %.40s", range, p);
		ranges++;
	}
	assert_int_equal(ranges, 2 * 6);	/* 6 date charts (risk included), PNG and SVG */
	/* The risk timeline: a row per rule with a flag, a bar per active flag */
	assert_non_null(strstr(gp, "set title 'Risk timeline: active flags per rule, 2024: Ana'\n"));
	snprintf(want, sizeof(want), "set object rect from %lld, ", (long long)(fx.res.last_day - 1) * 86400);
	assert_non_null(strstr(gp, want));
	/* Tic labels are day and month; the year is in the title. */
	assert_non_null(strstr(gp, "set xtics nomirror scale 0.6 ('26 Feb' "));
	assert_non_null(strstr(gp, "set title 'Each run against the longest of the 30 days "
			       "before, 2024: Ana'\n"));
	free(gp);
}

/* ---- tests: the roster ---- */

static void set_flags(struct fixture *fx, size_t n, enum flag_level top, int32_t day)
{
	size_t i;

	fx->res.nflags = n;
	for (i = 0; i < n; i++) {
		fx->flags[i].level = i ? FLAG_NOTE : top;
		fx->flags[i].day = day;
	}
}

static void test_rank(void **state)
{
	struct fixture *fx = calloc(4, sizeof(*fx));
	struct athlete_report a[4];
	size_t idx[4], i;

	(void)state;
	fixture_init(&fx[0], "d", "Dora");
	set_flags(&fx[0], 0, FLAG_NOTE, 0);			/* nothing */
	fixture_init(&fx[1], "c", "Carl");
	set_flags(&fx[1], 1, FLAG_WARN, fx[1].res.last_day);	/* warn, today */
	fixture_init(&fx[2], "b", "Bea");
	set_flags(&fx[2], 2, FLAG_ALERT, fx[2].res.last_day - 3);	/* alert, 3 days ago, 2 flags */
	fixture_init(&fx[3], "a", "Abe");
	set_flags(&fx[3], 1, FLAG_ALERT, fx[3].res.last_day - 3);	/* alert, same day, 1 flag */
	for (i = 0; i < 4; i++) {
		fx[i].res.runs = fx[i].runs;
		fx[i].res.days = fx[i].days;
		fx[i].res.flags = fx[i].flags;
		fx[i].res.shoes = fx[i].shoes;
		fx[i].res.pain = fx[i].pain;
		fx[i].rep.res = &fx[i].res;
		fx[i].rep.notes = fx[i].notes;
		a[i] = fx[i].rep;
	}
	report_rank(a, 4, idx);
	assert_int_equal(idx[0], 2);	/* Bea: alert, more flags than Abe */
	assert_int_equal(idx[1], 3);	/* Abe */
	assert_int_equal(idx[2], 1);	/* Carl: warn */
	assert_int_equal(idx[3], 0);	/* Dora: none */
	/* A more recent alert ranks above more alerts. */
	fx[3].flags[0].day = fx[3].res.last_day - 1;
	report_rank(a, 4, idx);
	assert_int_equal(idx[0], 3);
	free(fx);
}

static void test_roster(void **state)
{
	struct fixture *fx = calloc(3, sizeof(*fx));
	struct athlete_report a[3];
	struct report_options o;
	struct rr_error err = RR_ERROR_INIT;
	char *txt, *roster, *html, *csv, *p;
	size_t i;

	(void)state;
	fixture_init(&fx[0], "a b", "Quiet Quinn");
	fx[0].res.nflags = 1;		/* only the old note */
	fixture_init(&fx[1], "a_b", "Alert Alex");
	fixture_init(&fx[2], ".hidden/x", "");
	fx[2].res.nflags = 0;
	fx[2].res.npain = 0;
	for (i = 0; i < 3; i++)
		a[i] = fx[i].rep;
	report_options_init(&o);
	o.outdir = new_outdir("roster");
	o.charts = in_path("gnuplot");
	if (report_write(&o, a, 3, &err))
		fail_msg("report_write: %s", err.msg);
	roster = slurp(path_in(o.outdir, "roster.txt"), NULL);
	assert_non_null(roster);
	assert_width(roster, 80);
	assert_prefix(roster, "Roster: 3 athletes, who needs a check-in first (data up to 2024-04-11)\n"
			    "rank  athlete             level   alerts warnings notes  last flag   "
			    "last data\n"
			    "   1  Alert Alex          alert        1        1     0  2024-04-11  "
			    "2024-04-11\n"
			    "      A run much longer than any in the last 30 days (long_run_spike alert\n"
			    "      2024-04-10): longer by +78 % (alert above +30 %). Also: acwr warn\n"
			    "   2  ");
	/* Athletes with nothing active say so on their second line. */
	assert_non_null(strstr(roster, "0  -           2024-04-11\n"
			       "      no flag in the last 7 days of data\n"));
	txt = slurp(path_in(o.outdir, "report.txt"), NULL);
	assert_memory_equal(txt, roster, strlen(roster));	/* the roster comes first */
	p = strstr(txt, "== Alert Alex ==");
	assert_non_null(p);
	assert_true(p < strstr(txt, "== Quiet Quinn =="));
	assert_width(txt, 80);
	/* Safe, unique folders. */
	assert_true(exists(path_in(o.outdir, "a_b/report.txt")));
	assert_true(exists(path_in(o.outdir, "a_b-2/report.txt")));
	assert_true(exists(path_in(o.outdir, "_hidden_x/runs.csv")));
	assert_true(exists(path_in(o.outdir, "_hidden_x/index.html")));
	assert_true(exists(path_in(o.outdir, "flags.csv")));
	assert_true(exists(path_in(o.outdir, "roster.csv")));
	if (o.charts) {
		assert_png(path_in(o.outdir, "a_b-2/acwr.png"));
		assert_png(path_in(o.outdir, "a_b/fitness.png"));
		assert_no_staging(o.outdir);
	}
	html = slurp(path_in(o.outdir, "index.html"), NULL);
	assert_non_null(strstr(html, "<a href=\"a_b-2/index.html\">Alert Alex</a>"));
	csv = slurp(path_in(o.outdir, "roster.csv"), NULL);
	assert_non_null(strstr(csv, "rank,athlete,folder,dir,level,"));
	assert_non_null(strstr(csv, "\n1,Alert Alex,a_b,a_b-2,alert,1,1,0,2024-04-11,long_run_spike,"));
	free(roster);
	free(txt);
	free(html);
	free(csv);
	free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files_single_athlete),
		cmocka_unit_test(test_text_report),
		cmocka_unit_test(test_runs_table),
		cmocka_unit_test(test_run_row_standalone),
		cmocka_unit_test(test_days_and_flags_tables),
		cmocka_unit_test(test_run_row_surface),
		cmocka_unit_test(test_weeks),
		cmocka_unit_test(test_charts),
		cmocka_unit_test(test_chart_pain),
		cmocka_unit_test(test_pain_list_capped),
		cmocka_unit_test(test_charts_sparse),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_gnuplot_missing),
		cmocka_unit_test(test_gnuplot_killed),
		cmocka_unit_test(test_gnuplot_dies_at_once),
		cmocka_unit_test(test_gnuplot_error),
		cmocka_unit_test(test_gnuplot_makes_nothing),
		cmocka_unit_test(test_charts_only_changed),
		cmocka_unit_test(test_charts_other_fs),
		cmocka_unit_test(test_leftovers_swept),
		cmocka_unit_test(test_outfile_basic),
		cmocka_unit_test(test_outfile_efbig),
		cmocka_unit_test(test_outset),
		cmocka_unit_test(test_report_readonly),
		cmocka_unit_test(test_no_runs),
		cmocka_unit_test(test_ten_years),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_roster),
		cmocka_unit_test(test_html_page),
		cmocka_unit_test(test_flag_measure),
		cmocka_unit_test(test_rule_words),
		cmocka_unit_test(test_evidence_kinds),
		cmocka_unit_test(test_pain_preceding),
		cmocka_unit_test(test_fmt_fixed),
		cmocka_unit_test(test_active_rules),
		cmocka_unit_test(test_flag_walk),
		cmocka_unit_test(test_text_earlier_cut),
		cmocka_unit_test(test_load_sentences),
		cmocka_unit_test(test_chart_marks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
