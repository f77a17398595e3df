/*
 * main.c - samplegen: write the sample roster (samples/) from a seed.
 *
 *   build/samplegen [-s SEED] [-v] [--no-check] [--force] OUTDIR
 *
 * Simulates every planned run, solves the shoes' starting kilometres,
 * checks the declared events against a reference reading of the rules,
 * then writes the athletes' folders, SCENARIO.md, expected-flags.csv and
 * MANIFEST.txt.  Files that an earlier run listed in MANIFEST.txt and
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

static void usage(void)
{
	fputs("usage: samplegen [-s SEED] [-v] [--no-check] [--force] OUTDIR\n"
	      "  -s SEED      seed (default " "20261126" ")\n"
	      "  -v           print the reference flags and weekly totals\n"
	      "  --no-check   write even if the declared events disagree with the reference\n"
	      "  --force      write into a non-empty OUTDIR that has no MANIFEST.txt\n", stderr);
	exit(2);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	o->seed = SG_DEFAULT_SEED;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			char *end;

			errno = 0;
			o->seed = strtoull(argv[++i], &end, 10);
			if (errno || *end)
				usage();
		} else if (!strcmp(argv[i], "-v")) {
			o->verbose = true;
		} else if (!strcmp(argv[i], "--no-check")) {
			o->no_check = true;
		} else if (!strcmp(argv[i], "--force")) {
			o->force = true;
		} else if (argv[i][0] == '-' || o->out) {
			usage();
		} else {
			o->out = argv[i];
		}
	}
	if (!o->out)
		usage();
}

static uint64_t key_of(const char *s)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void simulate_one(struct athlete_def *a, size_t i, uint64_t seed)
{
	struct plan_run *pr = &a->runs[i];
	struct step steps[MAX_STEPS];
	size_t n = plan_steps(a, pr, steps);
	struct rng r;
	int64_t t0 = zone_local_to_utc(&a->zone, pr->day, pr->start_s);
	uint64_t akey = seed_mix(seed, key_of(a->dir));

	rng_seed(&r, seed_mix(akey, (uint64_t)pr->day * 86400 + (uint64_t)pr->start_s));
	track_release(&pr->trk);
	sim_run(&a->runner, &a->routes[pr->route], steps, n, pr->dist_m, t0, &pr->opts, &r, &pr->trk);
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
			if (getenv("SAMPLEGEN_DEBUG"))
				fprintf(stderr, "%s: %s scale %.4f\n", a->dir, a->shoes[s].name, k);
			if (ia < iw || k < 0.9 || k > 1.1)
				die("%s: cannot place %s's 500 and 800 km marks (scale %.3f)", a->dir,
				    a->shoes[s].name, k);
			for (long i = iw + 1; i < ia; i++) {
				if (a->runs[i].shoe != (int)s || (a->runs[i].flags & RF_FIXED))
					continue;
				a->runs[i].dist_m = round(a->runs[i].dist_m * k / 10) * 10;
				simulate_one(a, (size_t)i, seed);
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

		sbuf_printf(b, "\n[shoe \"%s\"]\nstart_km = %.0f\nfirst_use = %s\n", sh->name, sh->start_km,
			    sh->first_use);
		if (sh->retire[0])
			sbuf_printf(b, "retire = %s\n", sh->retire);
		sbuf_printf(b, "heel_drop_mm = %.0f\n", sh->drop_mm);
		if (!isnan(sh->retire_at_km))
			sbuf_printf(b, "retire_at_km = %.0f\n", sh->retire_at_km);
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

static void manifest_run(struct out_ctx *c, const struct athlete_def *a, const struct plan_run *pr,
			 const char *fname, const char *style, const char *what)
{
	char d[11];

	day_format(pr->day, d);
	sbuf_printf(&c->manifest, "%s/%s\t%s\t%02d:%02d\t%s\t%s\t%.2f\t%.0f\t%s\t%s\n", a->dir, fname, d,
		    pr->start_s / 3600, pr->start_s / 60 % 60, kind_name(pr->kind), style,
		    pr->trk.true_dist_m / 1000, pr->trk.true_ascent_m,
		    pr->shoe >= 0 ? a->shoes[pr->shoe].name : "-", what);
}

static void write_run(struct out_ctx *c, const struct athlete_def *a, const struct plan_run *pr)
{
	struct export_meta m = {
		.name = pr->name, .device = a->device, .product_id = a->product_id,
		.unit_id = a->unit_id, .zone = &a->zone,
		.split_segments = pr->opts.pause == PAUSE_SEGMENT,
	};
	struct sbuf xml, gz;
	char rel[256];
	bool tcx = pr->style == FS_TCX_GARMIN || pr->style == FS_TCX_TREADMILL;

	sbuf_init(&xml);
	sbuf_init(&gz);
	if (tcx)
		write_tcx(&xml, &pr->trk, pr->style, &m);
	else
		write_gpx(&xml, &pr->trk, pr->style, &m);
	snprintf(rel, sizeof rel, "%s/%s", a->dir, pr->fname);
	if (pr->gz) {
		gzip_bytes(xml.p, xml.len, &gz);
		out_file(c, rel, gz.p, gz.len);
	} else {
		out_file(c, rel, xml.p, xml.len);
	}
	manifest_run(c, a, pr, pr->fname, style_name(pr->style), pr->name);
	if (pr->flags & RF_CORRUPT_COPY) {
		if (!pr->gz)
			die("corrupt copy needs a gzip original");
		snprintf(rel, sizeof rel, "%s/%s", a->dir, pr->corrupt_fname);
		out_file(c, rel, gz.p, gz.len * 55 / 100);	/* an interrupted download */
		manifest_run(c, a, pr, pr->corrupt_fname, "gpx.gz truncated",
			     "CORRUPT: truncated copy of the run above");
	}
	if (pr->flags & RF_DUP_TCX) {
		sbuf_release(&xml);
		sbuf_release(&gz);
		write_tcx(&xml, &pr->trk, FS_TCX_GARMIN, &m);
		gzip_bytes(xml.p, xml.len, &gz);
		snprintf(rel, sizeof rel, "%s/%s", a->dir, pr->dup_fname);
		out_file(c, rel, gz.p, gz.len);
		manifest_run(c, a, pr, pr->dup_fname, "tcx garmin",
			     "DUPLICATE: the same recording as the GPX above");
	}
	sbuf_release(&xml);
	sbuf_release(&gz);
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
	sbuf_printf(&c->manifest, "%s\t-\t-\tconfig\t-\t-\t-\t-\tathlete, zone, heart rate, shoes\n", rel);
	sbuf_release(&b);
	if (a->npain) {
		write_pain(&b, a);
		snprintf(rel, sizeof rel, "%s/pain.csv", a->dir);
		out_file(c, rel, b.p, b.len);
		sbuf_printf(&c->manifest, "%s\t-\t-\tdiary\t-\t-\t-\t-\tpain diary\n", rel);
		sbuf_release(&b);
	}
	for (size_t i = 0; i < a->nruns; i++)
		write_run(c, a, &a->runs[i]);
}

/* Names listed in an earlier MANIFEST.txt (first column), or NULL if there is none. */
static bool read_old_manifest(const char *out, struct names *old)
{
	char path[1024], line[2048];
	FILE *f;

	snprintf(path, sizeof path, "%s/MANIFEST.txt", out);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');

		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		names_add(old, line);
	}
	if (ferror(f))
		die("cannot read %s", path);
	fclose(f);
	names_add(old, "MANIFEST.txt");
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

int main(int argc, char **argv)
{
	static struct athlete_def ana, ben;	/* large: keep off the stack */
	struct athlete_def *as[] = { &ana, &ben };
	const size_t nas = sizeof as / sizeof as[0];
	struct options o = { 0 };
	struct names old = { 0 };
	struct out_ctx c;
	struct sbuf b;
	int bad = 0;

	parse_args(argc, argv, &o);
	if (!read_old_manifest(o.out, &old) && dir_has_files(o.out) && !o.force)
		die("%s is not empty and has no MANIFEST.txt from an earlier run (use --force)", o.out);
	plan_ana(&ana, o.seed);
	plan_ben(&ben, o.seed);
	for (size_t i = 0; i < nas; i++) {
		for (size_t r = 0; r < as[i]->nruns; r++)
			simulate_one(as[i], r, o.seed);
		solve_shoes(as[i], o.seed);
		bad += truth_check(as[i], o.verbose);
	}
	if (bad && !o.no_check)
		die("%d disagreement(s) between the declared events and the reference rules; nothing written", bad);

	memset(&c, 0, sizeof c);
	c.o = &o;
	sbuf_init(&c.manifest);
	mkdir_p(o.out);
	sbuf_printf(&c.manifest,
		    "# samples/MANIFEST.txt - written by build/samplegen (seed %llu); do not edit.\n"
		    "# file\tlocal_date\tlocal_start\tkind\tformat\ttrue_km\ttrue_ascent_m\tshoe\tname\n",
		    (unsigned long long)o.seed);
	for (size_t i = 0; i < nas; i++)
		write_athlete(&c, as[i]);

	sbuf_init(&b);
	sbuf_puts(&b, "athlete,date,rule,level,note\n");
	for (size_t i = 0; i < nas; i++)
		truth_write_expected(&b, as[i]);
	out_file(&c, "expected-flags.csv", b.p, b.len);
	sbuf_release(&b);

	truth_write_scenario(&b, (const struct athlete_def *const *)as, nas, o.seed);
	out_file(&c, "SCENARIO.md", b.p, b.len);
	sbuf_release(&b);

	sbuf_printf(&c.manifest, "expected-flags.csv\t-\t-\ttruth\t-\t-\t-\t-\tthe flags the samples should raise\n"
		    "SCENARIO.md\t-\t-\ttruth\t-\t-\t-\t-\tthe story, for people\n");
	out_file(&c, "MANIFEST.txt", c.manifest.p, c.manifest.len);
	remove_stale(&c, &old);

	sbuf_release(&c.manifest);
	names_release(&c.written);
	names_release(&old);
	for (size_t i = 0; i < nas; i++)
		athlete_release(as[i]);
	return 0;
}
