/*
 * cmd_report.c - `runrisk report`: walk, parse (through the cache, on
 * workers), de-duplicate, build each athlete's timeline and flags, render,
 * and tell cron through the exit status whether anything new was flagged.
 * The order of the steps is the one doc/archive.md gives.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analysis/assemble.h"
#include "analysis/classify.h"
#include "analysis/rules.h"
#include "analysis/timeline.h"
#include "cmd/alerts.h"
#include "cmd/athlete_inputs.h"
#include "cmd/cache.h"
#include "cmd/commands.h"
#include "cmd/lock.h"
#include "cmd/manifest.h"
#include "cmd/pipeline.h"
#include "cmd/since_store.h"
#include "cmd/walk.h"
#include "core/alloc.h"
#include "core/pathfit.h"
#include "core/timeutil.h"
#include "core/tz.h"
#include "parsers/athlete_ini.h"
#include "parsers/pain_csv.h"
#include "parsers/strava_csv.h"
#include "render/report.h"
#include "render/rule_words.h"
#include "render/table.h"

struct report_args {
	const char *outdir;
	const char *config;		/* -c: one athlete.ini for every athlete */
	const char *cache_path;		/* NULL: OUTDIR/.runrisk-cache */
	int32_t since;			/* RR_NO_DAY: all flags */
	bool quiet;
	bool charts;
	bool force;			/* --force: write into a folder runrisk did not make */
	unsigned jobs;
	double lock_wait_s;
	char **paths;
	size_t npaths;
};

/* One athlete's inputs and results; released by athlete_work_release(). */
struct athlete_work {
	struct walk_athlete *wa;
	struct rr_athlete cfg;
	struct rr_tz zone;
	bool have_zone;
	struct rr_pain *pain;
	size_t npain;
	struct strava_export *strava;	/* one per activities.csv */
	struct parsed_file *files;	/* one per wa->files[i] */
	struct run_entry *runs;
	size_t nruns;
	struct file_note *notes;
	size_t nnotes, notes_cap;
	size_t skipped, duplicates;
	/* Activities: in = runs + not_runs + duplicates + unusable (DESIGN.md). */
	size_t act_in, act_runs, act_not_runs, act_unusable;
	size_t walk_errors;		/* paths under this athlete the walk could not read */
	size_t strava_bad;		/* unreadable activities.csv files */
	bool config_bad;		/* its athlete.ini or pain.csv was not used */
	bool *known_bad;		/* per wa->files[i]: bad, and reported by an earlier run */
	bool quiet;			/* print only new bad files */
	struct athlete_result res;
	struct since_diff since;	/* against the previous report (.runrisk-since) */
};

static void athlete_work_release(struct athlete_work *a)
{
	size_t i;

	athlete_strava_free(a->wa, a->strava);
	if (a->files)
		for (i = 0; i < a->wa->nfiles; i++)
			parsed_file_release(&a->files[i]);
	free(a->files);
	free(a->known_bad);
	free(a->runs);
	free(a->notes);
	free(a->pain);
	rr_tz_release(&a->zone);
	since_diff_release(&a->since);
	athlete_result_release(&a->res);
}

static int usage_error(const char *what, const char *arg)
{
	if (arg)
		fprintf(stderr, "runrisk report: %s, not '%s' (try 'runrisk --help')\n", what, arg);
	else
		fprintf(stderr, "runrisk report: %s (try 'runrisk --help')\n", what);
	return EXIT_USAGE;
}

static int parse_args(struct report_args *a, int argc, char **argv)
{
	enum { OPT_SINCE = 256, OPT_CACHE, OPT_NO_CHARTS, OPT_NO_WAIT, OPT_FORCE };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'c' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ "no-charts", no_argument, NULL, OPT_NO_CHARTS },
		{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(a, 0, sizeof(*a));
	a->outdir = "report";
	a->since = RR_NO_DAY;
	a->charts = true;
	a->jobs = default_jobs();
	a->lock_wait_s = RR_LOCK_WAIT_DEFAULT_S;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:c:j:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			a->outdir = optarg;
			break;
		case 'c':
			a->config = optarg;
			break;
		case 'j':
			if (parse_jobs(optarg, &a->jobs))
				return usage_error("-j takes a number from 0 to 256", optarg);
			break;
		case OPT_SINCE:
			if (rr_parse_date(optarg, strlen(optarg), &a->since))
				return usage_error("--since takes a date as YYYY-MM-DD", optarg);
			break;
		case OPT_CACHE:
			a->cache_path = optarg;
			break;
		case OPT_NO_CHARTS:
			a->charts = false;
			break;
		case OPT_NO_WAIT:
			a->lock_wait_s = 0;
			break;
		case OPT_FORCE:
			a->force = true;
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'h':
			usage_print(stdout);
			return -1;
		default:
			return usage_error("bad option", NULL);
		}
	}
	if (optind >= argc)
		return usage_error("no PATH given", NULL);
	if (!*a->outdir)
		return usage_error("-o needs a folder name", NULL);
	a->paths = argv + optind;
	a->npaths = (size_t)(argc - optind);
	return 0;
}

/*
 * Every PATH must exist and be readable before anything is written: an
 * unmounted archive or a typo is a usage error, not an empty report that
 * replaces a good one.  EXIT_DONE or EXIT_USAGE (printed).
 */
static int check_paths(const struct report_args *a)
{
	size_t i;

	for (i = 0; i < a->npaths; i++) {
		const char *p = a->paths[i];
		struct stat st;
		int e = 0;

		if (strcmp(p, "-") == 0)
			continue;
		if (stat(p, &st) != 0) {
			e = errno;
		} else if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(p);

			if (!d)
				e = errno;
			else
				closedir(d);
		} else if (!S_ISREG(st.st_mode)) {
			e = EINVAL;
		} else if (access(p, R_OK) != 0) {
			e = errno;
		}
		if (!e)
			continue;
		fputs("runrisk report: ", stderr);
		put_safe(stderr, p);
		fprintf(stderr, ": error: %s; nothing written\n",
			e == EINVAL ? "not a file or folder" : strerror(e));
		return EXIT_USAGE;
	}
	return EXIT_DONE;
}

/*
 * Refuse a non-empty folder runrisk did not make.  (A file in OUTDIR's
 * place fails later, when the folder cannot be made: exit 4.)  EXIT_DONE
 * or EXIT_USAGE (printed).
 */
static int check_outdir(const struct report_args *a)
{
	enum outdir_state s = outdir_state_of(a->outdir);

	if (s == OUTDIR_FOREIGN && !a->force) {
		fprintf(stderr, "runrisk report: %s: error: this folder is not empty and was "
			"not made by runrisk (no %s); nothing written. Choose another -o, "
			"or use --force to write the report there anyway\n", a->outdir,
			RR_MANIFEST_NAME);
		return EXIT_USAGE;
	}
	return EXIT_DONE;
}

/* mkdir -p; 0 or -1 with errno. */
static int make_dirs(const char *path)
{
	char *p = rr_strdup(path), *s;
	int rc = 0;

	if (!p)
		return -1;
	for (s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static struct file_note *note_add(struct athlete_work *a, const char *file,
				  enum file_note_kind kind);

/* A configuration file with an error: the athlete's report says so. -1 on OOM. */
static int config_note(struct athlete_work *a, const char *file, const struct rr_error *e,
		       const char *what)
{
	struct file_note *n = note_add(a, file, FILE_CONFIG);

	if (!n)
		return -1;
	if (e->line)
		snprintf(n->reason, sizeof(n->reason), "%s:%lu: %.150s; %s", file, e->line,
			 e->msg, what);
	else
		snprintf(n->reason, sizeof(n->reason), "%s: %.150s; %s", file, e->msg, what);
	a->config_bad = true;
	return 0;
}

/*
 * athlete.ini, its zone and pain.csv.  In a roster, a bad file of one
 * athlete is not used: the athlete's report names it with its line, every
 * other athlete is reported, and the exit status is still 2.  A bad -c
 * CONFIG (every athlete's), or the bad file of a single athlete, stops the
 * run before anything is written.  EXIT_DONE, EXIT_USAGE (printed) or
 * EXIT_INTERNAL.
 */
static int load_config(struct athlete_work *a, const struct report_args *args, bool roster)
{
	const char *ini = args->config ? args->config : a->wa->ini_path;
	struct rr_error e = RR_ERROR_INIT;

	rr_athlete_init(&a->cfg);
	rr_tz_init(&a->zone);
	if (athlete_config_load(ini, &a->cfg, &a->zone, &a->have_zone, &e)) {
		if (args->config || !roster)
			return EXIT_USAGE;	/* everyone's, or the only athlete's */
		rr_athlete_init(&a->cfg);
		rr_tz_release(&a->zone);
		rr_tz_init(&a->zone);
		a->have_zone = false;
		if (config_note(a, ini, &e, "not used: default settings"))
			return EXIT_INTERNAL;
	}
	rr_error_clear(&e);
	if (a->wa->pain_path && rr_pain_load(a->wa->pain_path, &a->pain, &a->npain, &e) != RR_OK) {
		print_file_error(a->wa->pain_path, &e, "bad pain diary");
		if (!roster)
			return EXIT_USAGE;
		free(a->pain);
		a->pain = NULL;
		a->npain = 0;
		if (config_note(a, a->wa->pain_path, &e, "the pain diary is not used"))
			return EXIT_INTERNAL;
	}
	return EXIT_DONE;
}

static struct file_note *note_add(struct athlete_work *a, const char *file,
				  enum file_note_kind kind)
{
	struct file_note *n;

	if (RR_GROW(a->notes, a->notes_cap, a->nnotes + 1))
		return NULL;
	n = &a->notes[a->nnotes++];
	memset(n, 0, sizeof(*n));
	rr_path_fit(n->file, sizeof(n->file), file);
	n->kind = kind;
	return n;
}

/* Strava activities.csv files: unreadable ones are skipped inputs. */
static int load_strava(struct athlete_work *a)
{
	struct rr_error *errs = rr_alloc_array(a->wa->nstrava_csvs ? a->wa->nstrava_csvs : 1,
					       sizeof(*errs));
	size_t i;
	int rc = -1;

	if (!errs)
		return -1;
	a->strava = athlete_strava_load(a->wa, errs);
	if (!a->strava)
		goto out;
	for (i = 0; i < a->wa->nstrava_csvs; i++) {
		struct file_note *n;

		if (errs[i].code == RR_OK)
			continue;
		a->skipped++;
		a->strava_bad++;
		n = note_add(a, a->wa->strava_csvs[i], FILE_SKIPPED);
		if (!n)
			goto out;
		snprintf(n->reason, sizeof(n->reason), "%s", errs[i].msg);
	}
	rc = 0;
out:
	free(errs);
	return rc;
}

static void key_of(struct cache_key *k, const struct walk_file *f)
{
	k->path = f->key ? f->key : f->path;	/* one key however PATH was spelt */
	k->size_bytes = f->size_bytes;
	k->mtime_s = f->mtime_s;
	k->mtime_ns = f->mtime_ns;
	k->hash_path = f->archive;	/* a zip member: the zip's bytes identify it */
}

/* A file to parse: where its result goes, what the walk saw, its content hash. */
struct miss {
	struct parsed_file *f;
	const struct walk_file *wf;
	uint64_t hash;
};

/* Take a cache entry as the parse result.  -1 on allocation failure. */
static int from_cache(struct parsed_file *f, const struct cache_entry *e)
{
	f->from_cache = true;
	f->format = e->format;
	f->status = e->status;
	f->err.code = e->status;
	f->err.line = e->line;
	f->err.col = e->col;
	snprintf(f->err.msg, sizeof(f->err.msg), "%s", e->msg);
	if (e->nruns) {
		f->runs = rr_alloc_array(e->nruns, sizeof(*f->runs));
		if (!f->runs)
			return -1;
		memcpy(f->runs, e->runs, e->nruns * sizeof(*f->runs));
		f->nruns = e->nruns;
	}
	return 0;
}

/*
 * Parse every athlete's files: cache hits are taken as they are, misses
 * are hashed, parsed on the workers, then stored.  -1 on allocation failure.
 */
static int parse_files(struct athlete_work *aw, size_t nath, struct cache *cache,
		       const struct report_args *args)
{
	struct pipeline_opts po;
	struct miss *miss = NULL;
	struct parsed_file *flat = NULL;
	size_t total = 0, nmiss = 0, i, j, k;
	int rc = -1;

	pipeline_opts_init(&po);
	po.jobs = args->jobs;
	for (i = 0; i < nath; i++)
		total += aw[i].wa->nfiles;
	miss = rr_alloc_array(total, sizeof(*miss));
	flat = rr_alloc_array(total, sizeof(*flat));
	if (!miss || !flat)
		goto out;
	for (i = 0; i < nath; i++) {
		struct athlete_work *a = &aw[i];

		a->files = rr_alloc_array(a->wa->nfiles, sizeof(*a->files));
		if (!a->files)
			goto out;
		for (j = 0; j < a->wa->nfiles; j++) {
			struct parsed_file *f = &a->files[j];
			const struct walk_file *wf = &a->wa->files[j];
			struct cache_key key;
			struct cache_probe probe;

			f->path = wf->path;
			f->archive = wf->archive;
			f->member = &wf->member;
			f->refused = wf->refused;
			f->refused_status = wf->refused_status;
			key_of(&key, wf);
			cache_lookup(cache, &key, &probe);
			if (probe.verdict != CACHE_MISS) {
				if (from_cache(f, probe.entry))
					goto out;
				continue;
			}
			miss[nmiss].f = f;
			miss[nmiss].wf = wf;
			miss[nmiss].hash = 0;
			if (probe.hashed) {
				miss[nmiss].hash = probe.hash;
			} else if (strcmp(f->path, "-") != 0) {
				struct rr_error he = RR_ERROR_INIT;

				/* An unreadable file fails again in the parse, which names it. */
				(void)cache_hash_key(cache, &key, &miss[nmiss].hash, &he);
			}
			nmiss++;
		}
	}
	/* The workers take a flat array; copy the misses in and back out. */
	for (k = 0; k < nmiss; k++)
		flat[k] = *miss[k].f;
	po.progress = isatty(STDERR_FILENO) && nmiss > 20 && !args->quiet;
	pipeline_parse_all(&po, flat, nmiss);
	for (k = 0; k < nmiss; k++) {
		struct cache_key key;
		struct rr_error ce = RR_ERROR_INIT;
		struct parsed_file *f = miss[k].f;

		*f = flat[k];
		key_of(&key, miss[k].wf);
		if (cache_put(cache, &key, miss[k].hash, f->format,
			      f->status == RR_OK ? NULL : &f->err, f->runs, f->nruns,
			      &ce) != RR_OK)
			goto out;
	}
	rc = 0;
out:
	free(miss);
	free(flat);
	return rc;
}

/* A FIT file that holds no activity (settings, a course): ignored, not bad. */
static bool file_not_activity(const struct parsed_file *f)
{
	return f->format == RR_FORMAT_FIT && f->status == RR_EFORMAT;
}

/*
 * A file that could not be read: a data note, and named on stderr.  A FIT
 * file that is not an activity (settings, a course, monitoring: a Garmin
 * export holds many) was read fine and is not a run: a data note, not an
 * error on stderr or in the exit status, so that a nightly run stays quiet.
 */
static int note_skipped(struct athlete_work *a, size_t i, int *internal)
{
	const struct parsed_file *f = &a->files[i];
	struct file_note *note;
	bool not_activity = file_not_activity(f);

	if (!not_activity && (!a->quiet || !a->known_bad || !a->known_bad[i]))
		pipeline_print_error(f);	/* with --quiet, only bad files no run reported */
	if (f->status == RR_ENOMEM)
		*internal = 1;
	note = note_add(a, f->path, not_activity ? FILE_IGNORED : FILE_SKIPPED);
	if (!note)
		return -1;
	if (f->format == RR_FORMAT_FIT && f->err.line)	/* FIT: 1:offset+1 */
		snprintf(note->reason, sizeof(note->reason), "byte %lu: %.200s",
			 f->err.col ? f->err.col - 1 : 0, f->err.msg);
	else if (f->err.line)
		snprintf(note->reason, sizeof(note->reason), "line %lu, column %lu: %.200s",
			 f->err.line, f->err.col, f->err.msg);
	else
		snprintf(note->reason, sizeof(note->reason), "%s", f->err.msg);
	if (!not_activity)
		a->skipped++;
	return 0;
}

/*
 * From the parsed files to the runs the timeline sees (analysis/assemble.h,
 * the same assembly as `runrisk runs`): skipped files and duplicates become
 * data notes, so that files in = parsed + skipped + duplicates.  Returns 0,
 * or -1 on allocation failure.
 */
static int assemble_runs(struct athlete_work *a, int *internal)
{
	struct athlete_runs all;
	size_t i;

	for (i = 0; i < a->wa->nfiles; i++) {
		if (a->files[i].status == RR_OK)
			a->act_in += a->files[i].nruns;
		else if (note_skipped(a, i, internal))
			return -1;
	}
	if (athlete_assemble(&all, &a->cfg, a->have_zone ? &a->zone : NULL, a->wa, a->files,
			     a->strava))
		return -1;
	/* Copied: the files' own summaries are not needed any more. */
	for (i = 0; i < a->wa->nfiles; i++)
		parsed_file_release(&a->files[i]);
	for (i = 0; i < all.nruns; i++) {
		struct file_note *note;

		if (all.dup_of[i] == DEDUPE_KEPT)
			continue;
		note = note_add(a, all.runs[i].file, FILE_DUPLICATE);
		if (!note) {
			athlete_runs_release(&all);
			return -1;
		}
		rr_path_fit(note->duplicate_of, sizeof(note->duplicate_of),
			    all.runs[all.dup_of[i]].file);
		snprintf(note->reason, sizeof(note->reason), "%s",
			 "the same activity as another file (start, distance and duration agree); "
			 "the richer copy is kept");
		a->duplicates++;
	}
	a->nruns = athlete_runs_keep(&all);
	a->runs = all.runs;	/* handed over */
	return 0;
}

/*
 * Every kept activity that is not a run becomes a data note with its class
 * and reason, and is counted, so that activities in = runs + not runs +
 * duplicates + unusable.  -1 on allocation failure.
 */
static int note_not_runs(struct athlete_work *a)
{
	size_t i;

	for (i = 0; i < a->nruns; i++) {
		const struct run_summary *s = &a->runs[i].s;
		struct file_note *note;
		char why[128], day[16];

		if (s->klass == RR_CLASS_RUN) {
			a->act_runs++;
			continue;
		}
		if (s->klass == RR_CLASS_UNUSABLE)
			a->act_unusable++;
		else
			a->act_not_runs++;
		note = note_add(a, a->runs[i].file, FILE_IGNORED);
		if (!note)
			return -1;
		rr_class_reason(why, sizeof(why), s);
		day[0] = '\0';
		if (isfinite(s->start_t_s))
			rr_format_date(day, sizeof(day), rr_floor_day(s->start_t_s));
		snprintf(note->reason, sizeof(note->reason), "activity %u%s%s%s: %s: %s",
			 s->activity_index + 1, day[0] ? " (" : "", day, day[0] ? ")" : "",
			 rr_class_name(s->klass), why);
	}
	return 0;
}

/*
 * What the walk could not use (unreadable folders, loops, paths too long or
 * too deep, special files) goes into the data notes of the athlete whose
 * folder holds it, else of the first athlete.  An unreadable path counts as
 * a skipped input.  -1 on allocation failure.
 */
static int note_walk_problems(struct athlete_work *aw, size_t nath, const struct walk_result *w)
{
	size_t i, j;

	for (i = 0; i < w->nproblems && nath; i++) {
		const struct walk_problem *p = &w->problems[i];
		struct athlete_work *a = &aw[0];
		struct file_note *note;

		for (j = 0; j < nath; j++) {
			const char *dir = aw[j].wa->dir;
			size_t n = dir ? strlen(dir) : 0;

			if (n && strncmp(p->path, dir, n) == 0 &&
			    (p->path[n] == '/' || p->path[n] == '\0' || dir[n - 1] == '/')) {
				a = &aw[j];
				break;
			}
		}
		note = note_add(a, p->path, p->error ? FILE_SKIPPED : FILE_NOT_WALKED);
		if (!note)
			return -1;
		snprintf(note->reason, sizeof(note->reason), "%s", p->what);
		if (p->error) {
			a->walk_errors++;
			a->skipped++;
		}
	}
	return 0;
}

static const char *athlete_label(const struct athlete_work *a)
{
	if (a->wa->name && a->wa->name[0])
		return a->wa->name;
	if (a->cfg.name[0])
		return a->cfg.name;
	return "athlete";
}

/*
 * Alerts not seen by an earlier run: printed on stdout (the cron contract)
 * and remembered.  Returns how many, or -1 on allocation failure.
 */
static long new_alerts(struct athlete_work *aw, size_t nath, struct alert_set *seen)
{
	long count = 0;
	size_t i, j;

	for (i = 0; i < nath; i++) {
		const struct athlete_result *r = &aw[i].res;

		for (j = 0; j < r->nflags; j++) {
			const struct flag *f = &r->flags[j];
			char day[16], ev[EVIDENCE_SIZE];
			int added;

			if (f->level < FLAG_ALERT)
				continue;
			added = alert_set_add(seen, athlete_label(&aw[i]), f->day, rule_name(f->rule),
					      f->level);
			if (added < 0)
				return -1;
			if (!added)
				continue;
			count++;
			/* One line per alert: no name or note can forge another (cron mails it). */
			put_safe(stdout, athlete_label(&aw[i]));
			printf(" %s %s %s: ", rr_format_date(day, sizeof(day), f->day),
			       flag_level_name(f->level), rule_name(f->rule));
			put_safe(stdout, flag_evidence(ev, sizeof(ev), r, f));
			putchar('\n');
		}
	}
	return count;
}

struct report_run {
	struct report_args args;
	char *cache_path, *alerts_path;
	struct outdir_lock lock;
	struct cache cache;
	struct alert_set seen;
	struct since_store since;	/* what the previous report showed */
	char *since_path;
	struct walk_result walk;
	struct athlete_work *aw;
	size_t nath;
	struct manifest owned;		/* what the previous report wrote */
	struct manifest next;		/* what this one wrote */
	struct rr_outset_log written;
	char **exclude;			/* OUTDIR, the cache, every file owned */
	bool legacy;			/* OUTDIR has runrisk's lock but no manifest yet */
	size_t new_bad;			/* unreadable inputs no earlier run reported */
	size_t config_bad;		/* athletes whose athlete.ini or pain.csv was not used */
	size_t nexclude;
};

static void report_run_release(struct report_run *r)
{
	size_t i;

	for (i = 0; i < r->nath; i++)
		athlete_work_release(&r->aw[i]);
	free(r->aw);
	walk_result_release(&r->walk);
	for (i = 0; i < r->nexclude; i++)
		free(r->exclude[i]);
	free(r->exclude);
	manifest_release(&r->owned);
	manifest_release(&r->next);
	rr_outset_log_release(&r->written);
	alert_set_release(&r->seen);
	since_store_release(&r->since);
	free(r->since_path);
	cache_release(&r->cache);
	outdir_lock_release(&r->lock);
	free(r->cache_path);
	free(r->alerts_path);
}

static int oom(void)
{
	fprintf(stderr, "runrisk: error: out of memory\n");
	return EXIT_INTERNAL;
}

/*
 * The walk never reads runrisk's own output: OUTDIR (when it lies inside
 * an input folder), the cache, and every file the manifest lists (when
 * OUTDIR is an input folder itself, as in 'report -o ros ros').
 * 0, or -1 on allocation failure.
 */
static int exclude_owned(struct report_run *r)
{
	size_t i;

	r->exclude = rr_alloc_array(r->owned.n + 2, sizeof(*r->exclude));
	if (!r->exclude)
		return -1;
	r->exclude[r->nexclude++] = rr_strdup(r->args.outdir);
	r->exclude[r->nexclude++] = rr_strdup(r->cache_path);
	for (i = 0; i < r->owned.n; i++)
		r->exclude[r->nexclude++] = rr_path_join(r->args.outdir, r->owned.v[i].rel);
	for (i = 0; i < r->nexclude; i++)
		if (!r->exclude[i])
			return -1;
	return 0;
}

/* report_options.may_replace: only files the manifest lists, unless --force. */
static enum rr_status may_replace(void *ctx, const char *target, struct rr_error *err)
{
	const struct report_run *r = ctx;
	const char *rel = manifest_relative(r->args.outdir, target);
	const struct manifest_entry *m = rel ? manifest_find(&r->owned, rel) : NULL;

	/* Listed, and still the bytes runrisk wrote. */
	if (r->args.force || (m && manifest_hash_file(target) == m->hash))
		return RR_OK;
	/* An OUTDIR from before the manifest: its report files are taken as runrisk's. */
	if (r->legacy)
		return RR_OK;
	return rr_error_set(err, RR_ECONFIG, 0, 0, "%s was not written by runrisk (it is not in "
			    "%s, or it changed since); move it away, or use --force to "
			    "replace it", target, RR_MANIFEST_NAME);
}

/* Output folder, lock, cache and alert memory.  EXIT_DONE or a failure status (printed). */
static int open_outdir(struct report_run *r)
{
	struct rr_error e = RR_ERROR_INIT;
	struct cache_load_info info;
	bool rejected = false;
	int rc;

	rc = check_paths(&r->args);
	if (rc == EXIT_DONE)
		rc = check_outdir(&r->args);
	if (rc != EXIT_DONE)
		return rc;
	{
		struct stat st;
		char *m = rr_path_join(r->args.outdir, RR_MANIFEST_NAME);

		if (!m)
			return oom();
		r->legacy = outdir_state_of(r->args.outdir) == OUTDIR_OURS && lstat(m, &st) != 0;
		free(m);
	}
	if (make_dirs(r->args.outdir) != 0) {
		fprintf(stderr, "runrisk: %s: error: cannot create the output folder: %s\n",
			r->args.outdir, strerror(errno));
		return EXIT_INTERNAL;
	}
	if (outdir_lock_acquire(&r->lock, r->args.outdir, r->args.lock_wait_s, &e) != RR_OK) {
		fprintf(stderr, "runrisk: %s: error: %s\n", r->args.outdir, e.msg);
		return EXIT_INTERNAL;
	}
	r->cache_path = r->args.cache_path ? rr_strdup(r->args.cache_path)
					    : rr_path_join(r->args.outdir, RR_CACHE_NAME);
	r->alerts_path = rr_path_join(r->args.outdir, RR_ALERTS_NAME);
	if (!r->cache_path || !r->alerts_path)
		return oom();
	manifest_init(&r->owned);
	manifest_init(&r->next);
	if (manifest_load(&r->owned, r->args.outdir, &e) != RR_OK || exclude_owned(r))
		return oom();
	cache_init(&r->cache, "runrisk " RUNRISK_VERSION);
	if (cache_load(&r->cache, r->cache_path, &info, &e) != RR_OK) {
		if (e.code == RR_ENOMEM)
			return oom();
		fprintf(stderr, "runrisk: error: %s; nothing written\n", e.msg);
		return EXIT_USAGE;
	}
	if (info.state == CACHE_REJECTED)
		fprintf(stderr, "runrisk: %s: warning: cache ignored (%s); rebuilding\n",
			r->cache_path, info.why);
	alert_set_init(&r->seen);
	if (alert_set_load(&r->seen, r->alerts_path, &rejected, &e) != RR_OK)
		return oom();
	if (rejected)
		fprintf(stderr, "runrisk: %s: warning: not an alert list; starting afresh\n",
			r->alerts_path);
	since_store_init(&r->since);
	r->since_path = rr_path_join(r->args.outdir, RR_SINCE_NAME);
	if (!r->since_path || since_store_load(&r->since, r->since_path, &e) != RR_OK)
		return oom();
	if (r->since.rejected)
		fprintf(stderr, "runrisk: %s: warning: not runrisk's report memory; "
			"starting afresh\n", r->since_path);
	return EXIT_DONE;
}

/*
 * Which unreadable files an earlier run already reported (the alert
 * memory keeps them by path, size and mtime): those are listed in the
 * report but neither change the exit status nor, with --quiet, print.
 * Sets r->new_bad.  0, or -1 on allocation failure.
 */
static int mark_bad_files(struct report_run *r)
{
	size_t i, j;

	for (i = 0; i < r->nath; i++) {
		struct athlete_work *a = &r->aw[i];

		a->quiet = r->args.quiet;
		a->known_bad = rr_alloc_array(a->wa->nfiles ? a->wa->nfiles : 1,
					      sizeof(*a->known_bad));
		if (!a->known_bad)
			return -1;
		r->new_bad += a->strava_bad;
		for (j = 0; j < a->wa->nfiles; j++) {
			const struct walk_file *wf = &a->wa->files[j];
			int added;

			if (a->files[j].status == RR_OK || file_not_activity(&a->files[j]))
				continue;
			if (wf->hints & WALK_HINT_STDIN) {
				r->new_bad++;
				continue;
			}
			added = alert_set_add_bad(&r->seen, wf->key ? wf->key : wf->path,
						  wf->size_bytes, wf->mtime_s, wf->mtime_ns);
			if (added < 0)
				return -1;
			a->known_bad[j] = added == 0;
			r->new_bad += (size_t)added;
		}
	}
	alert_set_forget_unseen_bad(&r->seen);
	return 0;
}

/*
 * A folder or link the walk could not read is a bad input like a bad file:
 * remembered by path, so one that stays broken sets the status 3 (and,
 * with --quiet, prints) once.
 */
static void walk_problem(void *ctx, const char *path, int errno_, const char *what)
{
	struct report_run *r = ctx;
	int added = alert_set_add_bad(&r->seen, path, 0, 0, 0);

	if (added != 0)
		r->new_bad++;	/* new, or out of memory: better twice than never */
	if (added != 0 || !r->args.quiet)
		print_walk_error(path, errno_, what);
}

static enum rr_status walk_report(struct report_run *r)
{
	struct walk_options o;
	struct rr_error err = RR_ERROR_INIT;
	enum rr_status st;

	walk_options_init(&o);
	o.on_error = walk_problem;
	o.ctx = r;
	o.exclude = (const char *const *)r->exclude;
	o.nexclude = r->nexclude;
	st = walk_paths(&r->walk, (const char *const *)r->args.paths, r->args.npaths, &o, &err);
	if (st != RR_OK)
		fprintf(stderr, "runrisk: error: %s\n", err.msg[0] ? err.msg : rr_status_name(st));
	return st;
}

/* "Since the last report": this athlete against what the store remembers.  0 or -1 (OOM). */
static int compare_since(struct report_run *r, struct athlete_work *a)
{
	struct since_state prev;
	int rc;

	if (since_store_get(&r->since, athlete_label(a), &prev))
		return -1;
	rc = since_compare(&a->since, &prev, &a->res);
	since_state_release(&prev);
	return rc;
}

/*
 * Remember this report's facts for the next one, once the report is in
 * place (a failed run compares with the last report that was written).
 */
static enum rr_status remember_since(struct report_run *r, struct rr_error *e)
{
	const char **names = rr_alloc_array(r->nath + 1, sizeof(*names));
	int32_t today = (int32_t)(time(NULL) / 86400);
	size_t i;

	if (!names)
		return rr_error_set(e, RR_ENOMEM, 0, 0, "out of memory");
	for (i = 0; i < r->nath; i++) {
		struct since_state st;

		names[i] = athlete_label(&r->aw[i]);
		if (since_state_of(&st, &r->aw[i].res, today) ||
		    since_store_put(&r->since, names[i], &st)) {
			since_state_release(&st);
			free(names);
			return rr_error_set(e, RR_ENOMEM, 0, 0, "out of memory");
		}
		since_state_release(&st);
	}
	since_store_keep_only(&r->since, names, r->nath);
	free(names);
	return since_store_save(&r->since, r->since_path, e);
}

/*
 * The new set is in place, and the memories beside it (.runrisk-alerts,
 * .runrisk-since: runrisk's own files in OUTDIR, written after the
 * report): record them all in the manifest, then drop what the report no
 * longer has.  A memory that is not there (no alert ever remembered) is
 * not listed.
 */
static enum rr_status record_outputs(struct report_run *r, struct rr_error *e)
{
	const char *memories[2] = { r->alerts_path, r->since_path };
	enum rr_status st;
	struct stat sb;
	size_t i;

	for (i = 0; i < 2; i++)
		if (memories[i] && lstat(memories[i], &sb) == 0 && S_ISREG(sb.st_mode))
			rr_outset_log_add(&r->written, memories[i]);
	if (r->written.oom)
		return rr_error_set(e, RR_ENOMEM, 0, 0, "out of memory");
	st = manifest_save(&r->next, &r->owned, r->args.outdir, &r->written, e);
	if (st == RR_OK)
		manifest_remove_stale(&r->owned, &r->next, r->args.outdir);
	return st;
}

/* Walk, configuration, parse, timelines.  EXIT_DONE or a failure status (printed). */
static int analyse(struct report_run *r, int *internal)
{
	size_t i;
	int rc;

	if (walk_report(r) != RR_OK)
		return EXIT_INTERNAL;
	r->nath = r->walk.nathletes;
	r->aw = rr_alloc_array(r->nath, sizeof(*r->aw));
	if (!r->aw)
		return oom();
	for (i = 0; i < r->nath; i++) {
		r->aw[i].wa = &r->walk.athletes[i];
		rc = load_config(&r->aw[i], &r->args, r->walk.roster);
		if (rc == EXIT_INTERNAL)
			return oom();
		if (rc != EXIT_DONE)
			return rc;
		r->config_bad += r->aw[i].config_bad;
		if (load_strava(&r->aw[i]))
			return oom();
	}
	if (parse_files(r->aw, r->nath, &r->cache, &r->args) ||
	    note_walk_problems(r->aw, r->nath, &r->walk) || mark_bad_files(r))
		return oom();
	for (i = 0; i < r->nath; i++) {
		struct athlete_work *a = &r->aw[i];

		if (assemble_runs(a, internal) || note_not_runs(a))
			return oom();
		if (timeline_build_zone(&a->res, &a->cfg, a->have_zone ? &a->zone : NULL,
					a->runs, a->nruns, a->pain, a->npain) ||
		    rules_apply(&a->res, &a->cfg))
			return oom();
		rules_keep_since(&a->res, r->args.since);
		if (compare_since(r, a))
			return oom();
	}
	return EXIT_DONE;
}

/* Render every athlete.  EXIT_DONE or EXIT_INTERNAL (printed). */
static int render(struct report_run *r)
{
	struct athlete_report *ar = rr_alloc_array(r->nath, sizeof(*ar));
	struct report_options o;
	struct rr_error e = RR_ERROR_INIT;
	enum rr_status st;
	size_t i;

	if (!ar)
		return oom();
	for (i = 0; i < r->nath; i++) {
		struct athlete_work *a = &r->aw[i];

		ar[i].res = &a->res;
		ar[i].folder = athlete_label(a);
		ar[i].notes = a->notes;
		ar[i].nnotes = a->nnotes;
		ar[i].files_in = a->wa->nfiles + a->wa->nstrava_csvs + a->walk_errors;
		ar[i].files_skipped = a->skipped;
		ar[i].files_duplicate = a->duplicates;
		ar[i].files_parsed = ar[i].files_in - a->skipped - a->duplicates;
		ar[i].activities_in = a->act_in;
		ar[i].activities_runs = a->act_runs;
		ar[i].activities_not_runs = a->act_not_runs;
		ar[i].activities_duplicate = a->duplicates;
		ar[i].activities_unusable = a->act_unusable;
		ar[i].since = &a->since;
	}
	report_options_init(&o);
	o.outdir = r->args.outdir;
	o.charts = r->args.charts;
	o.written = &r->written;
	o.may_replace = may_replace;
	o.may_replace_ctx = r;
	st = report_write(&o, ar, r->nath, &e);
	free(ar);
	if (st == RR_ECONFIG) {
		fprintf(stderr, "runrisk: error: %s\n", e.msg);
		return EXIT_USAGE;
	}
	if (st != RR_OK) {
		fprintf(stderr, "runrisk: %s: error: %s\n", r->args.outdir,
			e.msg[0] ? e.msg : rr_status_name(st));
		return EXIT_INTERNAL;
	}
	return EXIT_DONE;
}

/* Was at least one activity read (kept or a duplicate), for any athlete? */
static bool any_activity(const struct report_run *r)
{
	size_t i;

	for (i = 0; i < r->nath; i++)
		if (r->aw[i].nruns || r->aw[i].duplicates)
			return true;
	return false;
}

int cmd_report(int argc, char **argv)
{
	struct report_run r;
	struct rr_error e = RR_ERROR_INIT;
	size_t i, j, files = 0, skipped = 0, dups = 0, acts = 0, runs = 0, notruns = 0,
	       unusable = 0, active = 0, new_bad, config_bad;
	int internal = 0, rc;
	long fresh;

	memset(&r, 0, sizeof(r));
	outdir_lock_init(&r.lock);
	rc = parse_args(&r.args, argc, argv);
	if (rc)
		return rc < 0 ? EXIT_DONE : rc;
	/* A file-size limit must make writes fail with EFBIG, not kill us. */
	signal(SIGXFSZ, SIG_IGN);
	rc = open_outdir(&r);
	if (rc == EXIT_DONE)
		rc = analyse(&r, &internal);
	if (rc == EXIT_DONE && !internal && !any_activity(&r)) {
		/* An empty report would replace a good one: keep it, and say so. */
		fprintf(stderr, "runrisk: error: no activity could be read from the input; "
			"the report in %s is unchanged\n", r.args.outdir);
		if (cache_save(&r.cache, r.cache_path, &e) != RR_OK)
			fprintf(stderr, "runrisk: error: %s\n", e.msg);
		report_run_release(&r);
		return EXIT_SKIPPED;
	}
	if (rc == EXIT_DONE)
		rc = render(&r);
	if (rc != EXIT_DONE) {
		report_run_release(&r);
		return rc;
	}
	fresh = new_alerts(r.aw, r.nath, &r.seen);
	if (fresh < 0) {
		/* the report is in place: record it, or the next run will not own it */
		(void)record_outputs(&r, &e);
		report_run_release(&r);
		return oom();
	}
	/* Remember only once the report is written: a failed run re-sends next time. */
	if (cache_save(&r.cache, r.cache_path, &e) != RR_OK ||
	    alert_set_save(&r.seen, r.alerts_path, &e) != RR_OK ||
	    remember_since(&r, &e) != RR_OK) {
		fprintf(stderr, "runrisk: error: %s\n", e.msg);
		internal = 1;
	}
	/* After the memories: the manifest lists them with the report. */
	if (record_outputs(&r, &e) != RR_OK) {
		fprintf(stderr, "runrisk: %s: error: %s\n", r.args.outdir,
			e.msg[0] ? e.msg : rr_status_name(RR_EIO));
		report_run_release(&r);
		return EXIT_INTERNAL;
	}
	for (i = 0; i < r.nath; i++) {
		files += r.aw[i].wa->nfiles + r.aw[i].wa->nstrava_csvs + r.aw[i].walk_errors;
		skipped += r.aw[i].skipped;
		dups += r.aw[i].duplicates;
		acts += r.aw[i].act_in;
		runs += r.aw[i].act_runs;
		notruns += r.aw[i].act_not_runs;
		unusable += r.aw[i].act_unusable;
		/* "0 new" alone reads as all clear: say how many alerts are active */
		for (j = 0; j < r.aw[i].res.nflags; j++)
			active += r.aw[i].res.flags[j].level == FLAG_ALERT &&
				  flag_is_active(&r.aw[i].res, &r.aw[i].res.flags[j]);
	}
	/* Walk errors are in the athletes' skipped counts (note_walk_problems()). */
	new_bad = r.new_bad;
	config_bad = r.config_bad;
	if (!r.args.quiet)
		printf("runrisk: %zu files: %zu parsed, %zu skipped, %zu duplicates; "
		       "%zu activities: %zu runs, %zu not runs, %zu duplicates, %zu unusable; "
		       "%zu active alert%s, %ld new; report in %s/report.txt\n",
		       files, files - skipped - dups, skipped, dups,
		       acts, runs, notruns, dups, unusable, active,
		       active == 1 ? "" : "s", fresh, r.args.outdir);
	report_run_release(&r);
	if (internal)
		return EXIT_INTERNAL;
	if (config_bad)
		return EXIT_USAGE;	/* reported, but a configuration is wrong */
	if (fresh > 0)
		return EXIT_ALERT;
	/* A file that stays unreadable is mailed once: 3 for new ones only. */
	return new_bad ? EXIT_SKIPPED : EXIT_DONE;
}
