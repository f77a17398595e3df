/*
 * run_entry.h - one run as the run assembly makes it (analysis/assemble.h)
 * and the timeline sees it (analysis/timeline.h): a header of its own, so
 * that assembly, de-duplication and the timeline share it without
 * including each other.  Included by analysis/, render/, cmd/ and tests.
 *
 * Ownership: a plain value (no pointers); copy freely.
 */
#ifndef RR_RUN_ENTRY_H
#define RR_RUN_ENTRY_H

#include <stdint.h>

#include "analysis/summary.h"

struct run_entry {
	struct run_summary s;
	char file[512];		/* path as given, for evidence and tables */
	int32_t local_day;	/* the athlete's local day (run_zone_local_day()) */
	int shoe;		/* index in rr_athlete.shoes, -1 none (run_shoe()) */
	char strava_gear[64];	/* Strava "Activity Gear" when known, else "" */
};

#endif
