/* cmd_runs.c - `runrisk runs`: one summary row per activity (the map step). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "cmd/files.h"
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
	struct file_list fl = { 0 };
	struct parsed_file *pf;
	struct runs_writer w;
	enum runs_format fmt = RUNS_CSV;
	size_t i, j, skipped = 0;
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
	for (i = (size_t)optind; i < (size_t)argc; i++)
		if (file_list_add(&fl, argv[i])) {
			fprintf(stderr, "runrisk: out of memory\n");
			return EXIT_INTERNAL;
		}
	pf = rr_alloc_array(fl.n, sizeof(*pf));
	if (!pf) {
		file_list_release(&fl);
		fprintf(stderr, "runrisk: out of memory\n");
		return EXIT_INTERNAL;
	}
	for (i = 0; i < fl.n; i++)
		pf[i].path = fl.paths[i];
	po.progress = isatty(STDERR_FILENO) && fl.n > 20;
	pipeline_parse_all(&po, pf, fl.n);

	runs_writer_init(&w, stdout, fmt);
	runs_writer_header(&w);
	for (i = 0; i < fl.n; i++) {
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
			runs_writer_row(&w, &row);
		}
	}
	runs_writer_finish(&w);
	for (i = 0; i < fl.n; i++)
		parsed_file_release(&pf[i]);
	free(pf);
	if (rc == EXIT_DONE && (skipped || fl.errors))
		rc = EXIT_SKIPPED;
	if (skipped || fl.errors)
		fprintf(stderr, "runrisk: %zu files: %zu parsed, %zu skipped%s\n",
			fl.n + fl.errors, fl.n - skipped, skipped + fl.errors,
			fl.errors ? " (including unreadable paths)" : "");
	file_list_release(&fl);
	return rc;
}
