/*
 * assemble.h - one athlete's run list, the one place that decides it: from
 * the parsed summaries of the athlete's files, its configuration and the
 * Strava gear of each file, to run entries with the athlete's parameters
 * applied (threshold pace -> fast_s, heart rate -> TRIMP), duplicates found,
 * and each run's local day and shoe.  `runrisk runs` and `runrisk report`
 * both take their rows from here, so every column they share is equal by
 * construction.  Pure computation, no I/O.  Included by analysis/, cmd/ and
 * tests.
 *
 * Ownership: struct athlete_runs owns its arrays; athlete_runs_release()
 * frees them.  The files' summaries are copied, never kept.
 */
#ifndef RR_ASSEMBLE_H
#define RR_ASSEMBLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/dedupe.h"
#include "analysis/run_entry.h"
#include "analysis/summary.h"
#include "core/athlete.h"
#include "core/tz.h"

/*
 * One readable file as assembly sees it.  strava_gear is the "Activity
 * Gear" of the file's row in a Strava activities.csv (cmd/ joins rows to
 * files: that join is about paths, not training), or NULL.
 */
struct assemble_file {
	const char *path;
	const struct run_summary *runs;
	size_t nruns;
	const char *strava_gear;
};

struct athlete_runs {
	struct run_entry *runs;	/* every activity of the files, in file order */
	size_t nruns;
	size_t *dup_of;		/* per run: DEDUPE_KEPT or the index of the kept copy */
	size_t nduplicates;	/* runs not kept */
	char zone_used[80];	/* which zone, as athlete_result.zone_used (timeline.h) */
};

/*
 * Assemble files[0..nfiles) of one athlete (duplicates are looked for
 * within the athlete only).  cfg NULL: no configuration; zone as
 * timeline_build_zone() takes it.  Runs with no start time keep local_day
 * RR_NO_DAY and no shoe.  Returns 0, or -1 on allocation failure (out is
 * then released).
 */
int athlete_runs_assemble(struct athlete_runs *out, const struct rr_athlete *cfg,
			  const struct rr_tz *zone, const struct assemble_file *files,
			  size_t nfiles);

/* Drop the duplicates, keeping the order; dup_of is freed.  Returns nruns. */
size_t athlete_runs_keep(struct athlete_runs *r);

void athlete_runs_release(struct athlete_runs *r);

/*
 * Strava gear without athlete.ini: each "Activity Gear" of a file holding a
 * counted run that names no shoe of cfg becomes a shoe with the default
 * thresholds (start 0 km, the rule's retire km, drop unknown), assigned by
 * gear only (never by date), in the order the files first name it; past
 * RR_MAX_SHOES the rest are left out.  Returns how many shoes were added.
 */
size_t assemble_add_gear_shoes(struct rr_athlete *cfg, const struct assemble_file *files,
			       size_t nfiles);

/* The shoe's name for a run: its configured shoe, else its Strava gear, else NULL. */
const char *run_shoe_name(const struct rr_athlete *cfg, const struct run_entry *e);

/* ---- the parts the timeline shares ---- */

/* A run the timeline counts: class run (classify.h), not a route, a plausible start. */
bool run_counts(const struct run_entry *e);

enum run_zone_mode { RUN_ZONE_TZ, RUN_ZONE_FILES };

/* The zone an athlete's local days are taken in; run_zone_release() frees it. */
struct run_zone {
	enum run_zone_mode mode;
	const struct rr_tz *tz;
	struct rr_tz fixed;		/* a fixed offset from athlete.ini */
	int32_t files_default_s;	/* for runs whose file carried no offset */
};

/*
 * Decide the zone and say which in zone_used.  runs are the counted runs.
 * given: a loaded zone, else cfg->timezone when it is a fixed offset.
 * Without either each run keeps the offset its file carried; files with
 * none use the most common carried offset, else UTC.  0, or -1 on OOM.
 */
int run_zone_choose(struct run_zone *z, char *zone_used, size_t used_size,
		    const struct rr_athlete *cfg, const struct rr_tz *given,
		    const struct run_entry *runs, size_t n);
int32_t run_zone_local_day(const struct run_zone *z, const struct run_summary *s);
void run_zone_release(struct run_zone *z);

/*
 * Which shoe a run used (an index in cfg->shoes, -1 none): a keyword in its
 * name (the longest matching keyword wins), else the Strava gear named like
 * a shoe, else the shoe whose date range holds e->local_day, the latest
 * first_use winning.  A shoe with no first_use is in use from the start,
 * unless it has a keyword: then only its keyword assigns it; a gear-only
 * shoe (assemble_add_gear_shoes()) only by its gear.
 */
int run_shoe(const struct rr_athlete *cfg, const struct run_entry *e);

#endif
