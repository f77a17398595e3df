/* cmd_runs.c - `runrisk runs`: one summary row per activity (the map step). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "cmd/walk.h"
#include "cmd/pipeline.h"
#include "core/alloc.h"
#include "core/timeutil.h"
#include "report/runs_table.h"

static void local_date(char *buf, size_t size, const struct run_summary *s)
{
	double t = s->start_t_s + (s->tz_known ? s->tz_offset_s : 0);

	if (s->start_t_s == s->start_t_s)
		rr_format_date(buf, size, rr_floor_day(t));
	else
		buf[0] = '\0';
}

int cmd_runs(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pipeline_opts po;
	struct walk_result w;
	struct parsed_file *pf;
	struct runs_writer out;
	enum runs_format fmt = RUNS_CSV;
	size_t i, j, n, nfiles = 0, skipped = 0;
	int c, rc = EXIT_DONE;

	pipeline_opts_init(&po);
	po.jobs = default_jobs();
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "csv"))
				fmt = RUNS_CSV;
			else if (!strcmp(optarg, "json"))
				fmt = RUNS_JSON;
			else {
				fprintf(stderr, "runrisk: --format takes csv or json, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			if (parse_jobs(optarg, &po.jobs)) {
				fprintf(stderr, "runrisk: -j takes a number from 0 to 256, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage_print(stdout);
			return EXIT_DONE;
		default:
			usage_print(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "runrisk runs: no PATH given (try 'runrisk --help')\n");
		return EXIT_USAGE;
	}
	if (walk_cmdline(&w, (const char *const *)argv + optind, (size_t)(argc - optind),
			 NULL, 0, true) != RR_OK)
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
	po.progress = isatty(STDERR_FILENO) && nfiles > 20;
	pipeline_parse_all(&po, pf, nfiles);

	runs_writer_init(&out, stdout, fmt);
	runs_writer_header(&out);
	for (i = 0; i < nfiles; i++) {
		if (pf[i].status != RR_OK) {
			if (pf[i].status == RR_ENOMEM)
				rc = EXIT_INTERNAL;
			pipeline_print_error(&pf[i]);
			skipped++;
			continue;
		}
		for (j = 0; j < pf[i].nruns; j++) {
			char date[16];
			struct runs_row row = { &pf[i].runs[j], pf[i].path, date, NULL, NULL };

			local_date(date, sizeof(date), &pf[i].runs[j]);
			runs_writer_row(&out, &row);
		}
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
