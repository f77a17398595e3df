/*
 * cmd_runs.c - `runrisk runs`: one summary row per activity (the map step).
 * Rows come in walk order.  local_date is in the athlete's zone when an
 * athlete.ini names one, else the zone the file carries; duplicate_of names
 * the kept copy of an activity exported twice (the same rule as the report).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/dedupe.h"
#include "cmd/commands.h"
#include "cmd/pipeline.h"
#include "cmd/walk.h"
#include "core/alloc.h"
#include "core/timeutil.h"
#include "core/tz.h"
#include "parsers/athlete_ini.h"
#include "render/runs_table.h"

struct runs_args {
	enum runs_format format;
	unsigned jobs;
};

static int parse_args(struct runs_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	a->format = RUNS_CSV;
	a->jobs = default_jobs();
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:j:h", longopts, NULL)) != -1) {
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

/* The athlete's zone from its athlete.ini.  EXIT_DONE or EXIT_USAGE (printed). */
static int athlete_zone(const struct walk_athlete *wa, struct rr_tz *tz, bool *have)
{
	struct rr_athlete cfg;

	rr_athlete_init(&cfg);
	return athlete_config_load(wa->ini_path, &cfg, tz, have) ? EXIT_USAGE : EXIT_DONE;
}

static void local_date(char *buf, size_t size, const struct run_summary *s,
		       const struct rr_tz *tz)
{
	int32_t day;

	buf[0] = '\0';
	if (!isfinite(s->start_t_s))
		return;
	day = tz ? rr_tz_local_day(tz, s->start_t_s)
		 : rr_floor_day(s->start_t_s + (s->tz_known ? s->tz_offset_s : 0));
	rr_format_date(buf, size, day);
}

/*
 * Print one athlete's rows: its files are pf[0..nfiles).  Duplicates are
 * found among this athlete's activities only.  -1 on allocation failure.
 */
static int print_athlete(struct runs_writer *out, const struct parsed_file *pf,
			 size_t nfiles, const struct rr_tz *tz)
{
	struct dedupe_item *items = NULL;
	struct dedupe_rules rules;
	size_t *dup_of = NULL, n = 0, cap = 0, ndup, i, j, k;
	int rc = -1;

	for (i = 0; i < nfiles; i++)
		for (j = 0; pf[i].status == RR_OK && j < pf[i].nruns; j++) {
			if (RR_GROW(items, cap, n + 1))
				goto out;
			items[n].s = &pf[i].runs[j];
			items[n++].path = pf[i].path;
		}
	dup_of = rr_alloc_array(n, sizeof(*dup_of));
	if (!dup_of)
		goto out;
	dedupe_rules_default(&rules);
	if (dedupe_find(&rules, items, n, dup_of, &ndup))
		goto out;
	for (k = 0; k < n; k++) {
		char date[16];
		struct runs_row row = { items[k].s, items[k].path, date, NULL,
					dup_of[k] == DEDUPE_KEPT ? NULL : items[dup_of[k]].path };

		local_date(date, sizeof(date), items[k].s, tz);
		runs_writer_row(out, &row);
	}
	rc = 0;
out:
	free(items);
	free(dup_of);
	return rc;
}

int cmd_runs(int argc, char **argv)
{
	struct runs_args args;
	struct pipeline_opts po;
	struct walk_result w;
	struct parsed_file *pf;
	struct runs_writer out;
	size_t i, j, n, nfiles = 0, skipped = 0;
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
		for (j = 0; j < w.athletes[i].nfiles; j++)
			pf[n++].path = w.athletes[i].files[j].path;
	pipeline_opts_init(&po);
	po.jobs = args.jobs;
	po.progress = isatty(STDERR_FILENO) && nfiles > 20;
	pipeline_parse_all(&po, pf, nfiles);

	runs_writer_init(&out, stdout, args.format);
	runs_writer_header(&out);
	rc = EXIT_DONE;
	for (i = 0, n = 0; i < w.nathletes; n += w.athletes[i++].nfiles) {
		struct rr_tz tz;
		bool have = false;

		rr_tz_init(&tz);
		if (athlete_zone(&w.athletes[i], &tz, &have) != EXIT_DONE)
			rc = EXIT_USAGE;
		for (j = n; j < n + w.athletes[i].nfiles; j++) {
			if (pf[j].status == RR_OK)
				continue;
			if (pf[j].status == RR_ENOMEM)
				rc = EXIT_INTERNAL;
			pipeline_print_error(&pf[j]);
			skipped++;
		}
		if (print_athlete(&out, pf + n, w.athletes[i].nfiles, have ? &tz : NULL)) {
			fprintf(stderr, "runrisk: out of memory\n");
			rc = EXIT_INTERNAL;
		}
		rr_tz_release(&tz);
	}
	runs_writer_finish(&out);
	for (i = 0; i < nfiles; i++)
		parsed_file_release(&pf[i]);
	free(pf);
	if (rc == EXIT_DONE && (skipped || w.nerrors))
		rc = EXIT_SKIPPED;
	if (skipped || w.nerrors)
		fprintf(stderr, "runrisk: %zu files: %zu parsed, %zu skipped%s\n",
			nfiles, nfiles - skipped, skipped,
			w.nerrors ? "; some paths could not be read" : "");
	walk_result_release(&w);
	return rc;
}
