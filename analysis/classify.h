/*
 * classify.h - what kind of activity a run summary is: a run, a walk or
 * hike, a ride, something else, or unusable (nothing to count).  Only runs
 * enter the timeline and the rules; every other class is listed in the
 * report's data notes with its reason.  Pure, no I/O.  Included by
 * analysis/, render/, cmd/ and tests.
 *
 * The class comes from the file's sport when it names one (TCX Sport, GPX
 * <type> in English, a few other languages, or Strava's numeric types),
 * else from the activity's own motion; doc/metrics.md names every threshold
 * and its reason.  A sport that says "run" is still overruled by a motion
 * no runner has (a watch left in run mode on a bike).
 */
#ifndef RR_CLASSIFY_H
#define RR_CLASSIFY_H

#include <stdbool.h>

#include "analysis/activity_class.h"

/* Thresholds, m/s (doc/metrics.md, "Classification"). */
#define CLASS_RIDE_MEDIAN_MPS 6.5	/* 2:34/km held as a median: no training run */
#define CLASS_RIDE_P90_MPS 9.0		/* 1:51/km for a tenth of the moving time */
#define CLASS_VEHICLE_MEDIAN_MPS 12.0	/* 43 km/h as a median: beyond a cyclist's cruise */
#define CLASS_VEHICLE_P90_MPS 20.0	/* 72 km/h for a tenth of the moving time */
#define CLASS_WALK_MEDIAN_MPS 1.7	/* 6.1 km/h, 9:48/km: below the slowest jog */

/* What the file's sport says: RR_CLASS_COUNT when it names nothing known (or is empty). */
enum rr_class rr_class_of_sport(const char *sport);

struct run_summary;

/*
 * Set s->klass, s->class_why and s->class_value_mps (the speed the reason
 * quotes, NAN when none) from the sport and the motion figures the metrics
 * wrote (elapsed_s, moving_s, distance_m, speed_median_mps, speed_p90_mps,
 * route, start_t_s).
 */
void rr_classify(struct run_summary *s);

/* "run", "walk", "ride", "other", "unusable". */
const char *rr_class_name(enum rr_class c);

#endif
