/*
 * runrisk - which training loads put the calf at risk, from GPX/TCX exports.
 * The program is a thin client of the pipeline: this file only dispatches
 * subcommands (cmd/commands.h).
 */
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "report", cmd_report },
	{ "runs", cmd_runs },
};

static int check_stdout(int rc)
{
	/* A full disk or a closed pipe on stdout must not look like success. */
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "runrisk: error: cannot write standard output\n");
		return EXIT_INTERNAL;
	}
	return rc;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;
	size_t i;

	if (!name) {
		usage_print(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(name, "help") || !strcmp(name, "--help") || !strcmp(name, "-h")) {
		usage_print(stdout);
		return check_stdout(EXIT_DONE);
	}
	if (!strcmp(name, "--version") || !strcmp(name, "version")) {
		printf("runrisk %s\n", RUNRISK_VERSION);
		return check_stdout(EXIT_DONE);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return check_stdout(commands[i].run(argc - 1, argv + 1));
	fprintf(stderr, "runrisk: unknown command '%s' (try 'runrisk --help')\n", name);
	return EXIT_USAGE;
}
