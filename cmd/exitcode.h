/* exitcode.h - the process exit statuses, one enum.  Included by cmd/ only. */
#ifndef RR_EXITCODE_H
#define RR_EXITCODE_H

/*
 * The contract (README, --help, runrisk(1)).  When several apply, the
 * lowest line in this list that applies wins: EXIT_INTERNAL over EXIT_USAGE
 * over EXIT_ALERT over EXIT_SKIPPED over EXIT_DONE.
 */
enum rr_exit {
	EXIT_DONE = 0,		/* done; nothing new at or above the alert level */
	EXIT_ALERT = 1,		/* done; at least one new alert */
	EXIT_USAGE = 2,		/* usage or configuration error; nothing done */
	EXIT_SKIPPED = 3,	/* done, but some input files could not be read */
	EXIT_INTERNAL = 4	/* out of memory, cannot write output, gnuplot failed */
};

#endif
