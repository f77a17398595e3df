/*
 * main.c - samplegen: write the sample roster (samples/) from a seed.
 *
 *   build/samplegen [-s SEED] [-v] [--no-check] [--force] OUTDIR
 *
 * Simulates every planned run, solves the shoes' starting kilometres,
 * checks the declared events against a reference reading of the rules,
 * then writes the athletes' folders, SCENARIO.md, expected-flags.csv and
 * MANIFEST.csv.  Files that an earlier run listed in MANIFEST.csv and
 * this run no longer writes are removed; nothing else is ever deleted.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scripts/samplegen/samplegen.h"

struct options {
	uint64_t seed;
	bool verbose, no_check, force;
	const char *out;
	const char *archive;	/* --archive DIR */
	unsigned long files;	/* --files N */
	const char *same_run;	/* --same-run DIR */
	double hours;		/* --hours H */
};

struct names {
	char **v;
	size_t n, cap;
};

static void names_add(struct names *ns, const char *s)
{
	ns->v = xgrow(ns->v, &ns->cap, ns->n + 1, sizeof *ns->v);
	ns->v[ns->n] = xmalloc(strlen(s) + 1);
	memcpy(ns->v[ns->n], s, strlen(s) + 1);
	ns->n++;
}

static bool names_has(const struct names *ns, const char *s)
{
	for (size_t i = 0; i < ns->n; i++)
		if (!strcmp(ns->v[i], s))
			return true;
	return false;
}

static void names_release(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	ns->v = NULL;
	ns->n = ns->cap = 0;
}

static void usage(FILE *f, int status)
{
	fputs("usage: samplegen [-s SEED] [-v] [--no-check] [--force] OUTDIR\n"
	      "       samplegen --archive DIR [--files N] [--seed SEED]\n"
	      "       samplegen --same-run DIR [--hours H] [--seed SEED]\n"
	      "  OUTDIR       write the sample roster (make samples: OUTDIR = samples)\n"
	      "  -s, --seed SEED  seed (default 20261126)\n"
	      "  -v           print the reference flags and weekly totals\n"
	      "  --no-check   write even if the declared events disagree with the reference\n"
	      "  --force      write into a non-empty OUTDIR that has no MANIFEST.csv\n"
	      "  --archive DIR  write N calm activity files (default 2000) for benchmarks\n"
	      "  --same-run DIR  one run of about H hours (default 1) as run.fit, run.gpx, run.tcx\n", f);
	exit(status);
}

static uint64_t parse_number(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || !*s || *s == '-')
		usage(stderr, 2);
	return v;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	o->seed = SG_DEFAULT_SEED;
	o->files = 2000;
	for (int i = 1; i < argc; i++) {
		bool more = i + 1 < argc;

		if ((!strcmp(argv[i], "-s") || !strcmp(argv[i], "--seed")) && more) {
			o->seed = parse_number(argv[++i]);
		} else if (!strcmp(argv[i], "--files") && more) {
			o->files = (unsigned long)parse_number(argv[++i]);
		} else if (!strcmp(argv[i], "--archive") && more) {
			o->archive = argv[++i];
		} else if (!strcmp(argv[i], "--same-run") && more) {
			o->same_run = argv[++i];
		} else if (!strcmp(argv[i], "--hours") && more) {
			o->hours = (double)parse_number(argv[++i]);
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout, 0);
		} else if (!strcmp(argv[i], "-v")) {
			o->verbose = true;
		} else if (!strcmp(argv[i], "--no-check")) {
			o->no_check = true;
		} else if (!strcmp(argv[i], "--force")) {
			o->force = true;
		} else if (argv[i][0] == '-' || o->out) {
			usage(stderr, 2);
		} else {
			o->out = argv[i];
		}
	}
	if ((o->out != NULL) + (o->archive != NULL) + (o->same_run != NULL) != 1)
		usage(stderr, 2);
}

/*
 * Shoe crossings land halfway through marked runs, so that they survive a
 * few km of difference between the true path and what an analysis
 * measures.  With only an alert (or only a warn) target, start_km is the
 * knob.  With both on one shoe, the shoe's runs between the two targets are
 * first stretched or shrunk together (by a few per cent) so that exactly
 * alert - warn km lie between the two midpoints, and re-simulated.
 */
static void solve_shoes(struct athlete_def *a, uint64_t seed)
{
	for (size_t s = 0; s < a->nshoes; s++) {
		long iw = -1, ia = -1;
		double before = 0, between = 0;

		for (size_t i = 0; i < a->nruns; i++) {
			if (a->runs[i].shoe != (int)s)
				continue;
			if (a->runs[i].flags & RF_SHOE_TARGET_WARN)
				iw = (long)i;
			if (a->runs[i].flags & RF_SHOE_TARGET)
				ia = (long)i;
		}
		if (iw < 0 && ia < 0)
			continue;
		if (iw >= 0 && ia >= 0) {
			double kw = a->runs[iw].trk.true_dist_m / 1000, ka = a->runs[ia].trk.true_dist_m / 1000;
			double need = 800 - 500 - kw / 2 - ka / 2, k;

			for (long i = iw + 1; i < ia; i++) {
				if (a->runs[i].shoe != (int)s)
					continue;
				if (a->runs[i].flags & RF_FIXED)
					need -= a->runs[i].trk.true_dist_m / 1000;
				else
					between += a->runs[i].trk.true_dist_m / 1000;
			}
			k = need / between;
			if (ia < iw || k < 0.9 || k > 1.1)
				die("%s: cannot place %s's 500 and 800 km marks (scale %.3f)", a->dir,
				    a->shoes[s].name, k);
			for (long i = iw + 1; i < ia; i++) {
				if (a->runs[i].shoe != (int)s || (a->runs[i].flags & RF_FIXED))
					continue;
				a->runs[i].dist_m = round(a->runs[i].dist_m * k / 10) * 10;
				plan_simulate(a, (size_t)i, seed);
			}
		}
		long target = iw >= 0 ? iw : ia;

		for (long i = 0; i < target; i++)
			if (a->runs[i].shoe == (int)s)
				before += a->runs[i].trk.true_dist_m / 1000;
		a->shoes[s].start_km = round((iw >= 0 ? 500 : 800) - before -
					     a->runs[target].trk.true_dist_m / 2000);
	}
}

static void write_ini(struct sbuf *b, const struct athlete_def *a)
{
	int thr = (int)lround(a->threshold_s_per_km);

	sbuf_printf(b, "; %s/athlete.ini - written by build/samplegen; the story is in ../SCENARIO.md\n"
		    "[athlete]\nname = %s\ntimezone = %s\nsex = %c\n", a->dir, a->name, a->zone.name, a->sex);
	if (!isnan(a->hr_rest))
		sbuf_printf(b, "hr_rest = %.0f\n", a->hr_rest);
	if (!isnan(a->hr_max))
		sbuf_printf(b, "hr_max = %.0f\n", a->hr_max);
	sbuf_printf(b, "threshold_pace = %d:%02d\n", thr / 60, thr % 60);
	for (size_t s = 0; s < a->nshoes; s++) {
		const struct shoe_def *sh = &a->shoes[s];

		sbuf_printf(b, "\n[shoe \"%s\"]\nstart_km = %.0f\n", sh->name, sh->start_km);
		if (sh->first_use[0])
			sbuf_printf(b, "first_use = %s\n", sh->first_use);
		if (sh->retire[0])
			sbuf_printf(b, "retire = %s\n", sh->retire);
		sbuf_printf(b, "heel_drop_mm = %.0f\n", sh->drop_mm);
		if (!isnan(sh->retire_at_km))
			sbuf_printf(b, "retire_at_km = %.0f\n", sh->retire_at_km);
		if (sh->keyword[0])
			sbuf_printf(b, "keyword = %s\n", sh->keyword);
	}
}

static void write_pain(struct sbuf *b, const struct athlete_def *a)
{
	sbuf_puts(b, "date,side,severity,note\n");
	for (size_t i = 0; i < a->npain; i++) {
		const struct pain_def *p = &a->pain[i];

		sbuf_printf(b, "%s,%s,%d,", p->date, p->side, p->severity);
		if (strpbrk(p->note, ",\"")) {
			sbuf_puts(b, "\"");
			for (const char *c = p->note; *c; c++) {
				if (*c == '"')
					sbuf_puts(b, "\"");
				sbuf_add(b, c, 1);
			}
			sbuf_puts(b, "\"\n");
		} else {
			sbuf_printf(b, "%s\n", p->note);
		}
	}
}

static const char *kind_name(enum run_kind k)
{
	static const char *const n[] = {
		[K_EASY] = "easy", [K_LONG] = "long", [K_TEMPO] = "tempo", [K_TRACK] = "track",
		[K_HILL_REPS] = "hill_reps", [K_HILLY] = "hilly", [K_STRIDES] = "strides",
		[K_RETURN] = "return", [K_RACE] = "race", [K_TREADMILL] = "treadmill",
	};
	return n[k];
}

static const char *style_name(enum file_style st)
{
	static const char *const n[] = {
		[FS_GPX_STRAVA] = "gpx strava", [FS_GPX_GARMIN] = "gpx garmin",
		[FS_GPX_OPENTRACKS] = "gpx phone +offset", [FS_GPX_PLAIN] = "gpx plain",
		[FS_TCX_GARMIN] = "tcx garmin", [FS_TCX_TREADMILL] = "tcx treadmill",
		[FS_FIT_GARMIN] = "fit garmin",
	};
	return n[st];
}

struct out_ctx {
	const struct options *o;
	struct names written;
	struct sbuf manifest;
};

static void out_file(struct out_ctx *c, const char *rel, const void *data, size_t n)
{
	char path[1024];

	if ((size_t)snprintf(path, sizeof path, "%s/%s", c->o->out, rel) >= sizeof path)
		die("path too long: %s/%s", c->o->out, rel);
	if (names_has(&c->written, rel))
		die("two files named %s", rel);
	write_file(path, data, n);
	names_add(&c->written, rel);
}

static void csv_put(struct sbuf *b, const char *s, bool last)
{
	if (strpbrk(s, ",\"\n")) {
		sbuf_puts(b, "\"");
		for (; *s; s++) {
			if (*s == '"')
				sbuf_puts(b, "\"");
			sbuf_add(b, s, 1);
		}
		sbuf_puts(b, "\"");
	} else {
		sbuf_puts(b, s);
	}
	sbuf_puts(b, last ? "\n" : ",");
}

static void manifest_row(struct sbuf *b, const char *file, const char *date, const char *start,
			 const char *kind, const char *format, const char *km, const char *asc,
			 const char *shoe, const char *name)
{
	csv_put(b, file, false);
	csv_put(b, date, false);
	csv_put(b, start, false);
	csv_put(b, kind, false);
	csv_put(b, format, false);
	csv_put(b, km, false);
	csv_put(b, asc, false);
	csv_put(b, shoe, false);
	csv_put(b, name, true);
}

static void manifest_run(struct out_ctx *c, const struct athlete_def *a, const struct plan_run *pr,
			 const char *fname, const char *style, const char *what)
{
	char d[11], file[256], start[8], km[16], asc[16];

	day_format(pr->day, d);
	snprintf(file, sizeof file, "%s/%s", a->dir, fname);
	snprintf(start, sizeof start, "%02d:%02d", pr->start_s / 3600 % 24, pr->start_s / 60 % 60);
	snprintf(km, sizeof km, "%.2f", pr->trk.true_dist_m / 1000);
	snprintf(asc, sizeof asc, "%.0f", pr->trk.true_ascent_m);
	manifest_row(&c->manifest, file, d, start, kind_name(pr->kind), style, km, asc,
		     pr->shoe >= 0 ? a->shoes[pr->shoe].name : "", what);
}

static void write_run(struct out_ctx *c, const struct athlete_def *a, const struct plan_run *pr)
{
	struct sbuf data;
	char rel[256];

	sbuf_init(&data);
	export_run(a, pr, pr->style, pr->gz ? 9 : 0, &data);
	snprintf(rel, sizeof rel, "%s/%s", a->dir, pr->fname);
	out_file(c, rel, data.p, data.len);
	manifest_run(c, a, pr, pr->fname, style_name(pr->style), pr->name);
	if (pr->flags & RF_CORRUPT_COPY) {
		if (!pr->gz)
			die("corrupt copy needs a gzip original");
		snprintf(rel, sizeof rel, "%s/%s", a->dir, pr->corrupt_fname);
		out_file(c, rel, data.p, data.len * 55 / 100);	/* an interrupted download */
		manifest_run(c, a, pr, pr->corrupt_fname, "gpx.gz truncated",
			     "CORRUPT: truncated copy of the run above");
	}
	if (pr->flags & RF_DUP_TCX) {
		sbuf_release(&data);
		export_run(a, pr, FS_TCX_GARMIN, 9, &data);
		snprintf(rel, sizeof rel, "%s/%s", a->dir, pr->dup_fname);
		out_file(c, rel, data.p, data.len);
		manifest_run(c, a, pr, pr->dup_fname, "tcx garmin",
			     "DUPLICATE: the same recording as the GPX above");
	}
	sbuf_release(&data);
}

/* "Jun 1, 2026, 5:30:00 AM", in UTC, as a Strava export writes Activity Date. */
static void strava_date(char *out, size_t cap, int64_t utc_s)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int32_t day = (int32_t)(utc_s / 86400 - (utc_s % 86400 < 0));
	int sec = (int)(utc_s - (int64_t)day * 86400), y, m, d, h = sec / 3600;

	civil_from_day(day, &y, &m, &d);
	snprintf(out, cap, "%s %d, %d, %d:%02d:%02d %s", mon[m - 1], d, y,
		 h % 12 ? h % 12 : 12, sec / 60 % 60, sec % 60, h < 12 ? "AM" : "PM");
}

/* The id in a file name ("activity_19399852367.tcx.gz"), else one made from i. */
static unsigned long long activity_id(const char *fname, size_t i)
{
	for (const char *p = fname; *p; p++) {
		size_t n = strspn(p, "0123456789");

		if (n >= 8)
			return strtoull(p, NULL, 10);
		if (n)
			p += n - 1;
	}
	return 19240000000ull + i;
}

/*
 * A Strava bulk export as downloaded: activities.csv first (its Activity
 * Gear names the shoe), then activities/FILE for every run, in one zip.
 */
static void write_strava_zip(struct out_ctx *c, const struct athlete_def *a)
{
	struct sbuf csv, data, zip;
	struct zipw z;
	char rel[256], member[160], date[48];

	sbuf_init(&csv);
	sbuf_puts(&csv, "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,"
			"Distance,Activity Gear,Filename\n");
	for (size_t i = 0; i < a->nruns; i++) {
		const struct plan_run *pr = &a->runs[i];

		if (pr->flags & (RF_CORRUPT_COPY | RF_DUP_TCX))
			die("%s: extra copies are not written into a zip", a->dir);
		strava_date(date, sizeof date, zone_local_to_utc(&a->zone, pr->day, pr->start_s));
		sbuf_printf(&csv, "%llu,", activity_id(pr->fname, i));
		csv_put(&csv, date, false);
		csv_put(&csv, pr->name, false);
		sbuf_printf(&csv, "Run,%.0f,%.2f,", pr->trk.elapsed_s, pr->trk.true_dist_m / 1000);
		csv_put(&csv, pr->shoe >= 0 ? a->shoes[pr->shoe].name : "", false);
		snprintf(member, sizeof member, "activities/%s", pr->fname);
		csv_put(&csv, member, true);
	}
	zipw_init(&z);
	zipw_add(&z, "activities.csv", csv.p, csv.len);
	sbuf_release(&csv);
	for (size_t i = 0; i < a->nruns; i++) {
		const struct plan_run *pr = &a->runs[i];

		sbuf_init(&data);
		export_run(a, pr, pr->style, pr->gz ? 9 : 0, &data);
		snprintf(member, sizeof member, "activities/%s", pr->fname);
		zipw_add(&z, member, data.p, data.len);
		sbuf_release(&data);
		snprintf(member, sizeof member, "%s:activities/%s", a->strava_zip, pr->fname);
		manifest_run(c, a, pr, member, style_name(pr->style), pr->name);
	}
	zipw_finish(&z, &zip);
	snprintf(rel, sizeof rel, "%s/%s", a->dir, a->strava_zip);
	out_file(c, rel, zip.p, zip.len);
	manifest_row(&c->manifest, rel, "", "", "export", "zip", "", "", "",
		     "Strava bulk export as downloaded: activities.csv + activities/ (rows above)");
	sbuf_release(&zip);
}

static void write_athlete(struct out_ctx *c, const struct athlete_def *a)
{
	char path[1024], rel[256];
	struct sbuf b;

	snprintf(path, sizeof path, "%s/%s", c->o->out, a->dir);
	mkdir_p(path);
	sbuf_init(&b);
	write_ini(&b, a);
	snprintf(rel, sizeof rel, "%s/athlete.ini", a->dir);
	out_file(c, rel, b.p, b.len);
	manifest_row(&c->manifest, rel, "", "", "config", "ini", "", "", "", "athlete, zone, heart rate, shoes");
	sbuf_release(&b);
	if (a->npain) {
		write_pain(&b, a);
		snprintf(rel, sizeof rel, "%s/pain.csv", a->dir);
		out_file(c, rel, b.p, b.len);
		manifest_row(&c->manifest, rel, "", "", "diary", "csv", "", "", "", "pain diary");
		sbuf_release(&b);
	}
	if (a->strava_zip) {
		write_strava_zip(c, a);
		return;
	}
	for (size_t i = 0; i < a->nruns; i++)
		write_run(c, a, &a->runs[i]);
}

/* File names (first CSV field) of an earlier MANIFEST.csv; false if there is none. */
static bool read_old_manifest(const char *out, struct names *old)
{
	char path[1024], line[2048];
	FILE *f;

	snprintf(path, sizeof path, "%s/MANIFEST.csv", out);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (!fgets(line, sizeof line, f))	/* header */
		line[0] = '\0';
	while (fgets(line, sizeof line, f)) {
		char name[1024];
		size_t n = 0;
		const char *p = line;

		if (*p == '"') {	/* quoted: "" is a quote */
			for (p++; *p && n + 1 < sizeof name; p++) {
				if (*p == '"' && p[1] != '"')
					break;
				if (*p == '"')
					p++;
				name[n++] = *p;
			}
		} else {
			for (; *p && *p != ',' && *p != '\n' && n + 1 < sizeof name; p++)
				name[n++] = *p;
		}
		name[n] = '\0';
		if (n)
			names_add(old, name);
	}
	if (ferror(f))
		die("cannot read %s", path);
	fclose(f);
	return true;
}

static bool dir_has_files(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool any = false;

	if (!d)
		return false;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			any = true;
	closedir(d);
	return any;
}

static void remove_stale(const struct out_ctx *c, const struct names *old)
{
	for (size_t i = 0; i < old->n; i++) {
		const char *rel = old->v[i];
		char path[1024];

		if (names_has(&c->written, rel))
			continue;
		if (rel[0] == '/' || strstr(rel, ".."))
			continue;	/* never outside OUTDIR */
		snprintf(path, sizeof path, "%s/%s", c->o->out, rel);
		if (unlink(path) != 0 && errno != ENOENT)
			die("cannot remove stale %s: %s", path, strerror(errno));
	}
}

/* Plan, simulate and check; returns the number of disagreements with the reference. */
static int roster_build(struct athlete_def *const *as, size_t n, const struct options *o)
{
	int bad = 0;

	plan_ana(as[0], o->seed);
	plan_ben(as[1], o->seed);
	plan_carla(as[2], o->seed);
	for (size_t i = 0; i < n; i++) {
		for (size_t r = 0; r < as[i]->nruns; r++)
			plan_simulate(as[i], r, o->seed);
		solve_shoes(as[i], o->seed);
		bad += truth_check(as[i], o->verbose);
	}
	return bad;
}

/* The athletes' folders, then the truth files; MANIFEST.csv last. */
static void roster_write(struct out_ctx *c, struct athlete_def *const *as, size_t n)
{
	struct sbuf b;

	mkdir_p(c->o->out);
	/* CSV, so that runrisk's walker skips it (a .txt could be an export) */
	sbuf_puts(&c->manifest, "file,local_date,local_start,kind,format,true_km,true_ascent_m,shoe,name\n");
	for (size_t i = 0; i < n; i++)
		write_athlete(c, as[i]);

	sbuf_init(&b);
	sbuf_puts(&b, "athlete,date,rule,level,note\n");
	for (size_t i = 0; i < n; i++)
		truth_write_expected(&b, as[i]);
	out_file(c, "expected-flags.csv", b.p, b.len);
	sbuf_release(&b);

	truth_write_scenario(&b, (const struct athlete_def *const *)as, n, c->o->seed);
	out_file(c, "SCENARIO.md", b.p, b.len);
	sbuf_release(&b);

	manifest_row(&c->manifest, "expected-flags.csv", "", "", "truth", "csv", "", "", "",
		     "the flags the samples should raise");
	manifest_row(&c->manifest, "SCENARIO.md", "", "", "truth", "md", "", "", "", "the story, for people");
	manifest_row(&c->manifest, "MANIFEST.csv", "", "", "truth", "csv", "", "", "",
		     "this list; seed in SCENARIO.md");
	out_file(c, "MANIFEST.csv", c->manifest.p, c->manifest.len);
}

int main(int argc, char **argv)
{
	static struct athlete_def ana, ben, carla;	/* large: keep off the stack */
	struct athlete_def *const as[] = { &ana, &ben, &carla };
	const size_t nas = sizeof as / sizeof as[0];
	struct options o = { 0 };
	struct names old = { 0 };
	struct out_ctx c;
	int bad;

	parse_args(argc, argv, &o);
	if (o.archive) {
		archive_write(o.archive, o.files, o.seed);
		return 0;
	}
	if (o.same_run) {
		same_run_write(o.same_run, o.hours > 0 ? o.hours : 1, o.seed);
		return 0;
	}
	if (!read_old_manifest(o.out, &old) && dir_has_files(o.out) && !o.force)
		die("%s is not empty and has no MANIFEST.csv from an earlier run (use --force)", o.out);
	bad = roster_build(as, nas, &o);
	if (bad && !o.no_check)
		die("%d disagreement(s) between the declared events and the reference rules; nothing written", bad);

	memset(&c, 0, sizeof c);
	c.o = &o;
	sbuf_init(&c.manifest);
	roster_write(&c, as, nas);
	remove_stale(&c, &old);

	sbuf_release(&c.manifest);
	names_release(&c.written);
	names_release(&old);
	for (size_t i = 0; i < nas; i++)
		athlete_release(as[i]);
	return 0;
}
