/* commands.h - the subcommands of runrisk.  Included by cmd/ only. */
#ifndef RR_COMMANDS_H
#define RR_COMMANDS_H

#include <stdio.h>

#include "cmd/exitcode.h"

/* Each takes argv with argv[0] = the subcommand name, and returns an enum rr_exit. */
int cmd_runs(int argc, char **argv);
int cmd_report(int argc, char **argv);

void usage_print(FILE *out);

/* Parse "-j N": 1..256; 0 = the number of online cores. */
int parse_jobs(const char *s, unsigned *jobs);
unsigned default_jobs(void);

#endif
