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

#include <stdbool.h>
#include <stdint.h>

#include "analysis/summary.h"

struct run_entry {
	struct run_summary s;
	char file[512];		/* path as given, for evidence and tables */
	int32_t local_day;	/* the athlete's local day (run_zone_local_day()) */
	int shoe;		/* index in rr_athlete.shoes, -1 none (run_shoe()) */
	char strava_gear[64];	/* Strava "Activity Gear" when known, else "" */
	/* set by timeline_build(): the single-run spike reference and band */
	double longest_before_m;	/* longest run of the window days before its day; NAN none */
	int spike_band;		/* enum spike_band */
	/*
	 * enum surface (analysis/surface.h) of a run that counts (run_counts()),
	 * -1 for other activities: set by the assembly and by timeline_build()
	 */
	int surface;
	/*
	 * "Hilly" for this athlete (timeline_build()): usual_climb_m_per_km is
	 * the median climb per km of the runs of the hilly_usual_days before
	 * its day (fewer than hilly_usual_min_runs there: of the last that
	 * many before it; NAN when the athlete has fewer before it in all);
	 * hilly_limit_m_per_km = max(hilly_run_min_m_per_km, hilly_usual_ratio
	 * x usual), NAN with the usual; hilly: ascent >= hilly_run_min_m and
	 * climb per km > hilly_limit_m_per_km.
	 */
	double usual_climb_m_per_km;
	double hilly_limit_m_per_km;
	bool hilly;
};

/*
 * Where a run's distance falls against longest_before_m, by the athlete's
 * long_run_spike thresholds (compared in whole metres, like the rule).
 */
enum spike_band {
	SPIKE_FINE,		/* at most note above */
	SPIKE_NOTE,		/* above note, at most warn */
	SPIKE_WARN,		/* above warn, at most alert */
	SPIKE_ALERT,		/* above alert */
	SPIKE_NO_REF		/* no run in the window before, or no distance */
};


#endif
