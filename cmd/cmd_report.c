/* cmd_report.c - `runrisk report`: timeline, flags, tables and charts per athlete. */
#include <stdio.h>

#include "cmd/commands.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "runrisk report: the report stage is not built yet\n");
	return EXIT_INTERNAL;
}
