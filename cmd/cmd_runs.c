/*
 * cmd_runs.c - `runrisk runs`: one summary row per activity (the map step).
 * Rows come in walk order, athlete by athlete as the walk splits the PATHs
 * (a roster folder: one athlete per sub-folder).  Each athlete's rows come
 * from the report's own run assembly (analysis/assemble.h) with that
 * athlete folder's athlete.ini and activities.csv: fast_s follows its
 * threshold_pace, trimp its heart rates, local_date its zone, shoe its
 * shoes, and duplicate_of names the kept copy of an activity exported
 * twice.  -c takes one athlete.ini for every athlete, as report's -c; a
 * file given on its own belongs to no athlete folder and gets none.  Every column is then the report's runs.csv value for the same
 * run; `runs` also lists what runs.csv leaves out (duplicates, activities
 * that are not runs).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/assemble.h"
#include "cmd/athlete_inputs.h"
#include "cmd/commands.h"
#include "cmd/pipeline.h"
#include "cmd/walk.h"
#include "core/alloc.h"
#include "core/timeutil.h"
#include "core/tz.h"
#include "render/runs_table.h"

struct runs_args {
	enum runs_format format;
	const char *config;		/* -c: one athlete.ini for every athlete, as in report */
	unsigned jobs;
};

static int parse_args(struct runs_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "config", required_argument, NULL, 'c' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	a->format = RUNS_CSV;
	a->config = NULL;
	a->jobs = default_jobs();
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:c:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "csv")) {
				a->format = RUNS_CSV;
			} else if (!strcmp(optarg, "json")) {
				a->format = RUNS_JSON;
			} else {
				fprintf(stderr, "runrisk: --format takes csv or json, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			a->config = optarg;
			break;
		case 'j':
			if (parse_jobs(optarg, &a->jobs)) {
				fprintf(stderr, "runrisk: -j takes a number from 0 to 256, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage_print(stdout);
			return -1;
		default:
			usage_print(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "runrisk runs: no PATH given (try 'runrisk --help')\n");
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * Print one athlete's rows: every activity of its files pf[0..wa->nfiles),
 * in walk order, assembled as the report assembles them (athlete.ini,
 * Strava gear, duplicates within the athlete).  EXIT_DONE, EXIT_USAGE (a bad
 * athlete.ini, printed: its files are still listed, without it) or
 * EXIT_INTERNAL (out of memory, printed).
 */
static int print_athlete(struct runs_writer *out, const struct walk_athlete *wa,
			 const char *config, const struct parsed_file *pf, size_t *skipped)
{
	struct rr_athlete cfg;
	struct rr_tz tz;
	struct strava_export *x;
	struct rr_error *errs;
	struct athlete_runs ar;
	bool have = false;
	size_t i;
	int rc = EXIT_DONE;

	rr_athlete_init(&cfg);
	rr_tz_init(&tz);
	if (athlete_config_load(config ? config : wa->ini_path, &cfg, &tz, &have, NULL)) {
		rc = EXIT_USAGE;
		rr_athlete_init(&cfg);
		have = false;
	}
	errs = rr_alloc_array(wa->nstrava_csvs ? wa->nstrava_csvs : 1, sizeof(*errs));
	x = errs ? athlete_strava_load(wa, errs) : NULL;
	if (!x || athlete_assemble(&ar, &cfg, have ? &tz : NULL, wa, pf, x)) {
		fprintf(stderr, "runrisk: out of memory\n");
		athlete_strava_free(wa, x);
		free(errs);
		rr_tz_release(&tz);
		return EXIT_INTERNAL;
	}
	for (i = 0; i < wa->nstrava_csvs; i++)
		if (errs[i].code != RR_OK)
			(*skipped)++;
	for (i = 0; i < ar.nruns; i++) {
		const struct run_entry *e = &ar.runs[i];
		char date[16] = "";
		struct runs_row row = { &e->s, e->file, date, run_shoe_name(&cfg, e),
					ar.dup_of[i] == DEDUPE_KEPT ? NULL
								   : ar.runs[ar.dup_of[i]].file,
					e->surface >= 0 ? surface_name((enum surface)e->surface)
							: NULL };

		if (e->local_day != RR_NO_DAY)
			rr_format_date(date, sizeof(date), e->local_day);
		runs_writer_row(out, &row);
	}
	athlete_runs_release(&ar);
	athlete_strava_free(wa, x);
	free(errs);
	rr_tz_release(&tz);
	return rc;
}

int cmd_runs(int argc, char **argv)
{
	struct runs_args args;
	struct pipeline_opts po;
	struct walk_result w;
	struct parsed_file *pf;
	struct runs_writer out;
	size_t i, j, n, nfiles = 0, nin, skipped = 0;
	int rc;

	rc = parse_args(&args, argc, argv);
	if (rc)
		return rc < 0 ? EXIT_DONE : rc;
	if (walk_cmdline(&w, (const char *const *)argv + optind, (size_t)(argc - optind),
			 NULL, 0, false) != RR_OK)
		return EXIT_INTERNAL;
	for (i = 0; i < w.nathletes; i++)
		nfiles += w.athletes[i].nfiles;
	pf = rr_alloc_array(nfiles, sizeof(*pf));
	if (!pf) {
		walk_result_release(&w);
		fprintf(stderr, "runrisk: out of memory\n");
		return EXIT_INTERNAL;
	}
	for (i = 0, n = 0; i < w.nathletes; i++)
		for (j = 0; j < w.athletes[i].nfiles; j++, n++) {
			pf[n].path = w.athletes[i].files[j].path;
			pf[n].archive = w.athletes[i].files[j].archive;
			pf[n].member = &w.athletes[i].files[j].member;
			pf[n].refused = w.athletes[i].files[j].refused;
			pf[n].refused_status = w.athletes[i].files[j].refused_status;
		}
	pipeline_opts_init(&po);
	po.jobs = args.jobs;
	po.progress = isatty(STDERR_FILENO) && nfiles > 20;
	pipeline_parse_all(&po, pf, nfiles);

	runs_writer_init(&out, stdout, args.format);
	runs_writer_header(&out);
	rc = EXIT_DONE;
	for (i = 0, n = 0; i < w.nathletes; n += w.athletes[i++].nfiles) {
		int arc;

		for (j = n; j < n + w.athletes[i].nfiles; j++) {
			if (pf[j].status == RR_OK)
				continue;
			if (pf[j].status == RR_ENOMEM)
				rc = EXIT_INTERNAL;
			pipeline_print_error(&pf[j]);
			skipped++;
		}
		arc = print_athlete(&out, &w.athletes[i], args.config, pf + n, &skipped);
		if (arc == EXIT_INTERNAL || (arc == EXIT_USAGE && rc == EXIT_DONE))
			rc = arc;
	}
	runs_writer_finish(&out);
	nin = nfiles;
	for (i = 0; i < nfiles; i++)
		parsed_file_release(&pf[i]);
	free(pf);
	if (rc == EXIT_DONE && (skipped || w.nerrors))
		rc = EXIT_SKIPPED;
	/* As the report counts: activities.csv files are inputs too. */
	for (i = 0; i < w.nathletes; i++)
		nin += w.athletes[i].nstrava_csvs;
	if (skipped || w.nerrors)
		fprintf(stderr, "runrisk: %zu files: %zu parsed, %zu skipped%s\n",
			nin, nin - skipped, skipped,
			w.nerrors ? "; some paths could not be read" : "");
	walk_result_release(&w);
	return rc;
}
