#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd/commands.h"

void usage_print(FILE *out)
{
	fputs(
"usage: runrisk report [-o OUTDIR] [-c CONFIG] [-j JOBS] [--since DATE] [--quiet] [--force]\n"
"                      PATH...\n"
"       runrisk runs [--format csv|json] [-c CONFIG] [-j JOBS] PATH...\n"
"       runrisk help | --help | --version\n"
"\n"
"Reads GPX and TCX exports (plain or gzip, any file name; '-' is stdin),\n"
"directories recursively, and tells which training loads put the calf at risk.\n"
"\n"
"  report   write report.txt, index.html, charts and CSV/JSON tables to OUTDIR\n"
"           (default ./report). A folder of athlete folders is a roster.\n"
"  runs     one summary row per activity on standard output (the map step)\n"
"\n"
"options:\n"
"  -o, --output OUTDIR   where the report goes (default: report)\n"
"  -c, --config FILE     athlete.ini to use (default: ATHLETE/athlete.ini)\n"
"  -j, --jobs N          parse with N threads (default: number of cores)\n"
"      --since DATE      only report flags on or after DATE (YYYY-MM-DD)\n"
"      --cache FILE      cache of parsed files (default: OUTDIR/.runrisk-cache)\n"
"      --no-charts       skip the gnuplot charts\n"
"      --no-wait         fail at once if another run holds OUTDIR (default: wait 10 min)\n"
"      --force           write into a non-empty OUTDIR runrisk did not make, and\n"
"                        replace files there that runrisk did not write\n"
"  -q, --quiet           print only alerts (and unreadable files) new since the last run\n"
"      --format csv|json `runs` output format (default: csv)\n"
"\n"
"exit status:\n"
"  0  done, nothing new at or above the alert level\n"
"  1  done, and at least one new alert\n"
"  2  usage or configuration error (a missing PATH: nothing written; a bad athlete.ini\n"
"     or pain.csv of one athlete in a roster: the report is written, that file not used)\n"
"  3  done, but some input files could not be read (named on stderr and in the report;\n"
"     a file that stays unreadable sets 3 once); or no activity could be read at all\n"
"     (the previous report is kept)\n"
"  4  internal failure: out of memory, output not written, gnuplot failed\n"
"  (1 wins over 3, 2 over both; every skipped file is still named)\n"
"\n"
"Diagnostics go to stderr as 'runrisk: FILE:LINE:COL: error: message'.\n"
"Not medical advice: pain that lasts more than a week, or bruising, needs a professional.\n",
	      out);
}

int parse_jobs(const char *s, unsigned *jobs)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 256)
		return -1;
	*jobs = v ? (unsigned)v : default_jobs();
	return 0;
}

unsigned default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}
