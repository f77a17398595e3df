/*
 * summary.h - per-run metrics: a streaming accumulator that turns one
 * activity's points into a run summary.  Pure computation, no I/O.
 * Included by analysis/, render/, cmd/ and tests.
 *
 * Ownership: a run_summary is a plain value (no pointers); copy it freely.
 * The accumulator keeps O(1) memory per activity (small ring buffers and
 * histograms), whatever the number of points.
 */
#ifndef RR_SUMMARY_H
#define RR_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/activity_class.h"
#include "core/athlete.h"
#include "core/activity.h"

#define RR_SPEED_BIN_MPS 0.05	/* width of a speed histogram bin */
#define RR_SPEED_BINS 200	/* 0 .. 10 m/s; the last bin holds everything faster */
#define RR_HR_BINS 256		/* 1 bpm per bin, 0 .. 255 */
#define RR_GRADE_BANDS 5	/* < -6 %, -6..-2, -2..2, 2..6, > 6 % */

/*
 * Every double is NAN when unknown (never 0 for "unknown").  Units are in
 * the names.  The README defines each field.
 */
struct run_summary {
	enum rr_format format;
	char sport[32];			/* as written in the file */
	char sub_sport[32];		/* FIT sub_sport name ("treadmill", "trail"), else "" */
	char name[RR_META_TEXT];
	char device[RR_META_TEXT];	/* creator / device name */
	bool route;			/* planned route or course: not a run */
	bool running;			/* sport says running (or unknown on foot) */
	unsigned activity_index;	/* within the file */
	/* What the activity is (analysis/classify.h decides); only runs are analysed. */
	enum rr_class klass;
	enum rr_class_why class_why;
	double class_value_mps;		/* the speed the reason quotes; NAN none */
	double speed_median_mps;	/* moving time's median speed (not grade-adjusted) */
	double speed_p90_mps;		/* ... its 90th percentile */

	double start_t_s;		/* UTC instant of the first valid time */
	int tz_offset_s;		/* zone offset the file carried */
	bool tz_known;

	double elapsed_s;		/* last - first timestamp */
	double moving_s;		/* elapsed minus pauses (README) */
	double distance_m;		/* device distance if any, else GPS */
	double gps_distance_m;		/* haversine over cleaned points */
	double device_distance_m;	/* recorded by the device */
	double ascent_m, descent_m;	/* smoothed, with hysteresis */
	double ascent_raw_m, descent_raw_m;	/* sum of raw positive/negative steps */
	unsigned long points;		/* points read */
	unsigned long dropped_points;	/* removed by cleaning */

	double hr_avg, hr_max, hr_min;	/* time-weighted average, bpm */
	double cadence_avg;		/* as recorded (per foot for Garmin) */
	double pace_s_per_km;		/* moving pace */
	double gap_pace_s_per_km;	/* grade-adjusted (Minetti 2002) */
	double fast_s;			/* time at or faster than the fast threshold */
	unsigned surges;		/* short steep accelerations */
	double climb_per_km;		/* ascent_m per km of distance_m */
	double late_ascent_m;		/* of ascent_m, climbed after the athlete's late_km
					 * (6 km at parse time; assemble re-derives it); 0 if shorter */
	double late_ascent_60_m;	/* of ascent_m, climbed after 60 % of the run */
	double trimp;			/* Banister; NAN without rest/max HR */
	double calf_load;		/* heuristic, README */
	double grade_band_m[RR_GRADE_BANDS];
	/*
	 * ascent_after_km_m[k - 1]: of ascent_m, climbed after the first k km
	 * (k = 1..RR_LATE_KM_MAX; 0 past the run's end, NAN when ascent_m is),
	 * so that late_ascent_m follows an athlete's late_km without re-parsing.
	 */
	float ascent_after_km_m[RR_LATE_KM_MAX];

	/*
	 * Histograms kept so that later stages can re-derive fast_s and TRIMP
	 * with an athlete's configuration without re-parsing (and so that the
	 * cache does not depend on the configuration).  Moving time only.
	 */
	float speed_hist_s[RR_SPEED_BINS];	/* seconds per grade-adjusted speed bin */
	float hr_hist_s[RR_HR_BINS];		/* seconds per whole bpm */
};

/* Athlete parameters that change per-run numbers.  NAN = not configured. */
struct run_params {
	double threshold_pace_s_per_km;	/* fast_s counts time at or below it */
	double hr_rest_bpm, hr_max_bpm;
	char sex;			/* 'm', 'f', or 0 (unknown: documented average constant) */
};

void run_params_init(struct run_params *p);	/* all unknown */

struct metrics;	/* opaque accumulator */

struct metrics *metrics_new(const struct run_params *params);	/* NULL on OOM */
void metrics_begin(struct metrics *m, const struct rr_meta *meta);
void metrics_point(struct metrics *m, const struct rr_point *pt);
/* Finish the activity begun last and write its summary. */
void metrics_end(struct metrics *m, const struct rr_meta *meta, struct run_summary *out);
void metrics_free(struct metrics *m);

/*
 * For tests: also find every window bound by binary search and the surge
 * window's minimum by a scan, and count where the accumulator's moving
 * structures disagree (always 0).
 */
void metrics_check_windows(struct metrics *m, bool on);
unsigned long metrics_window_mismatches(const struct metrics *m);

/*
 * Of s->ascent_m, the climbing after the first late_km km (1..RR_LATE_KM_MAX;
 * out of range: NAN), from ascent_after_km_m.  A run climbing 100 m between
 * km 4 and 5 gives 100 for late_km 4 and 0 for late_km 6.
 */
double late_ascent_after_km(const struct run_summary *s, unsigned late_km);

/* Minetti et al. 2002 cost of running, J/kg/m, grade i as a fraction, clamped to +-0.45. */
double minetti_cr(double grade);

/*
 * Banister TRIMP over a histogram of seconds per bpm: sum of minutes x
 * HRR x a e^(b HRR) with Morton et al. 1990's constants: a = 0.64, b = 1.92
 * (men), a = 0.86, b = 1.67 (women), their means a = 0.75, b = 1.795 when
 * the sex is unknown.  NAN when rest or max HR is unknown or max <= rest.
 */
double trimp_from_hist(const float *hr_hist_s, size_t bins, double hr_rest,
		       double hr_max, char sex);

/*
 * Seconds of moving time at or faster than speed_mps, from the histogram
 * (the bin holding the threshold counts pro rata).  NAN when the threshold
 * falls in the last, open-ended bin (>= 9.95 m/s: only rides get there).
 */
double fast_s_from_hist(const float *speed_hist_s, size_t bins, double speed_mps);

#endif
