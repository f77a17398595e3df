/*
 * athlete_inputs.h - what cmd/ gathers from one walked athlete folder for
 * the run assembly (analysis/assemble.h): the Strava activities.csv files
 * and the parsed files, joined by path.  `runs` and `report` both go
 * through athlete_assemble(), so both see the same runs.  Included by cmd/
 * and tests.
 *
 * Ownership: the Strava array from athlete_strava_load() belongs to the
 * caller (athlete_strava_free()); athlete_assemble() copies what it needs.
 */
#ifndef RR_ATHLETE_INPUTS_H
#define RR_ATHLETE_INPUTS_H

#include <stddef.h>

#include "analysis/assemble.h"
#include "cmd/pipeline.h"
#include "cmd/walk.h"
#include "core/err.h"
#include "parsers/strava_csv.h"

/*
 * Read each of wa's activities.csv into x[i] (wa->nstrava_csvs of them).
 * An unreadable one is named on stderr and left empty; errs (may be NULL;
 * nstrava_csvs records) says which and why.  NULL on allocation failure.
 */
struct strava_export *athlete_strava_load(const struct walk_athlete *wa, struct rr_error *errs);
void athlete_strava_free(const struct walk_athlete *wa, struct strava_export *x);

/* The "Activity Gear" that wa's activities.csv files give file, or NULL. */
const char *athlete_strava_gear(const struct walk_athlete *wa, const struct strava_export *x,
				const char *file);

/*
 * Assemble the athlete's runs from pf[0..wa->nfiles) (parsed in walk
 * order; files not RR_OK contribute nothing) and the Strava exports x
 * (may be NULL).  cfg (may be NULL) first gains a shoe for each Strava gear
 * it does not name (assemble_add_gear_shoes()), so that the timeline's
 * shoes table has it too.  0, or -1 on allocation failure.
 */
int athlete_assemble(struct athlete_runs *out, struct rr_athlete *cfg,
		     const struct rr_tz *zone, const struct walk_athlete *wa,
		     const struct parsed_file *pf, const struct strava_export *x);

#endif
