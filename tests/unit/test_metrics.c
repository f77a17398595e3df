/*
 * Unit tests: the per-run metrics accumulator (analysis/summary.h) on
 * synthetic activities whose answers are known by construction, and the
 * published formulas (Minetti 2002, Banister TRIMP, haversine) against
 * hand-computed values.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/geo.h"
#include "analysis/summary.h"
#include "parsers/parse.h"

#define CORPUS "../shared/corpus/"

#define PI 3.14159265358979323846
#define DEG_PER_M (180.0 / (PI * GEO_EARTH_RADIUS_M))	/* along a meridian */
#define T0 1700000000.0	/* 2023-11-14T22:13:20Z */

static void near(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("%s: got %.6f, want %.6f +- %g", what, got, want, tol);
}

/*
 * A synthetic recording: a runner heading north (a meridian, where the
 * haversine distance is exactly R x dlat) or standing, one point a second.
 * Noise comes from a local LCG so that every run is reproducible.
 */
struct gen {
	struct metrics *m;
	double t;			/* time of the next point */
	double north_m;			/* true distance along the meridian */
	double ele;			/* true elevation */
	double hr, cad;
	double speed_mps;		/* device speed written with each point; NAN: none */
	bool write_speed;		/* write the running speed as the device speed */
	double pos_noise_m, ele_noise_m;	/* uniform +- amplitude */
	bool positions, elevation;
	double dist_m;			/* device cumulative distance; NAN: none */
	unsigned segment;
	uint32_t seed;
};

static double rnd(struct gen *g)	/* uniform in [-1, 1] */
{
	g->seed = g->seed * 1664525u + 1013904223u;
	return (double)(g->seed >> 8) / (double)(1u << 23) - 1.0;
}

static void gen_init(struct gen *g, struct metrics *m)
{
	memset(g, 0, sizeof(*g));
	g->m = m;
	g->t = 1700000000;
	g->ele = 300;
	g->hr = NAN;
	g->cad = NAN;
	g->speed_mps = NAN;
	g->positions = true;
	g->elevation = true;
	g->dist_m = NAN;
	g->seed = 12345;
}

static void gen_emit(struct gen *g)
{
	struct rr_point p;

	rr_point_init(&p);
	p.t_s = g->t;
	if (g->positions) {
		p.lat_deg = 46.0 + (g->north_m + g->pos_noise_m * rnd(g)) * DEG_PER_M;
		p.lon_deg = 14.0 + g->pos_noise_m * rnd(g) * DEG_PER_M / cos(46.0 * PI / 180);
	}
	if (g->elevation)
		p.ele_m = g->ele + g->ele_noise_m * rnd(g);
	p.dist_m = g->dist_m;
	p.hr_bpm = g->hr;
	p.cad_rpm = g->cad;
	p.speed_mps = g->speed_mps;
	p.segment = g->segment;
	metrics_point(g->m, &p);
}

/* secs points, one a second, at speed_mps on a constant grade (first point at the current place). */
static void gen_run(struct gen *g, double secs, double speed_mps, double grade)
{
	int i;

	if (g->write_speed)
		g->speed_mps = speed_mps;
	for (i = 0; i < (int)secs; i++) {
		gen_emit(g);
		g->t += 1;
		g->north_m += speed_mps;
		g->ele += speed_mps * grade;
		if (isfinite(g->dist_m))
			g->dist_m += speed_mps;
	}
}

static struct metrics *new_metrics(void)
{
	struct run_params p;
	struct metrics *m;

	run_params_init(&p);
	m = metrics_new(&p);
	assert_non_null(m);
	return m;
}

static void begin(struct metrics *m, struct rr_meta *meta, const char *sport)
{
	rr_meta_init(meta, RR_FORMAT_GPX);
	snprintf(meta->sport, sizeof(meta->sport), "%s", sport);
	metrics_begin(m, meta);
}

/* ---- formulas ---- */

static void test_minetti(void **state)
{
	(void)state;
	/* Cr(i) = 155.4i^5 - 30.4i^4 - 43.3i^3 + 46.3i^2 + 19.5i + 3.6, by hand. */
	near(minetti_cr(0), 3.6, 1e-12, "Cr(0)");
	near(minetti_cr(0.1), 5.968214, 1e-9, "Cr(0.1)");
	near(minetti_cr(-0.2), 1.800032, 1e-9, "Cr(-0.2)");
	near(minetti_cr(0.45), 19.4260145625, 1e-9, "Cr(0.45)");
	near(minetti_cr(0.6), minetti_cr(0.45), 1e-12, "clamp above");
	near(minetti_cr(-0.9), minetti_cr(-0.45), 1e-12, "clamp below");
	assert_true(minetti_cr(-0.46) == minetti_cr(-0.45));
	assert_true(isnan(minetti_cr(NAN)));
}

static void test_haversine(void **state)
{
	(void)state;
	/* One degree of a great circle: R x pi / 180. */
	near(geo_haversine_m(0, 0, 0, 1), 111195.0802335329, 1e-6, "1 deg equator");
	near(geo_haversine_m(10, 20, 11, 20), 111195.0802335329, 1e-6, "1 deg meridian");
	near(geo_haversine_m(-90, 0, 90, 0), PI * GEO_EARTH_RADIUS_M, 1e-6, "pole to pole");
	/* Paris (48.8566 N, 2.3522 E) - London (51.5074 N, 0.1278 W), computed independently. */
	near(geo_haversine_m(48.8566, 2.3522, 51.5074, -0.1278), 343556.5349, 1e-3, "Paris-London");
	near(geo_haversine_m(51.5074, -0.1278, 48.8566, 2.3522), 343556.5349, 1e-3, "symmetric");
	near(geo_haversine_m(0, 0, 0, 180), PI * GEO_EARTH_RADIUS_M, 1e-6, "antipodes");
}

/*
 * geo_surely_at_least_m() is a lower bound of the haversine distance: never
 * true above it (random pairs up to 0.12 rad apart, poles included), and
 * true well below it for points close together away from the poles.
 */
static void test_haversine_lower_bound(void **state)
{
	struct gen g;
	int k;

	(void)state;
	gen_init(&g, NULL);
	for (k = 0; k < 200000; k++) {
		double lat1 = 90 * rnd(&g), lon1 = 180 * rnd(&g);
		double span = (k % 3 == 0) ? 7 : (k % 3 == 1) ? 0.01 : 1e-5;	/* degrees */
		double lat2 = lat1 + span * rnd(&g), lon2 = lon1 + span * rnd(&g);
		double c1, c2, d;

		if (fabs(lat2) > 90)
			lat2 = lat1;
		c1 = geo_cos_lat(lat1);
		c2 = geo_cos_lat(lat2);
		d = geo_haversine_cos_m(lat1, lon1, c1, lat2, lon2, c2);
		assert_true(d == geo_haversine_m(lat1, lon1, lat2, lon2));
		if (geo_surely_at_least_m(lat1, lon1, c1, lat2, lon2, c2, d * (1 + 1e-12)))
			fail_msg("%.9f %.9f - %.9f %.9f: bound above %.9f m", lat1, lon1, lat2, lon2, d);
		if (span < 1 && fabs(lat1) < 70 && d > 0 &&
		    !geo_surely_at_least_m(lat1, lon1, c1, lat2, lon2, c2, d * 0.99))
			fail_msg("%.9f %.9f - %.9f %.9f: no bound at 0.99 x %.9f m", lat1, lon1, lat2, lon2, d);
	}
}

static void test_trimp_hist(void **state)
{
	float hist[RR_HR_BINS] = { 0 };

	(void)state;
	/*
	 * 20 min at 140 bpm, 10 min at 160; rest 60, max 200.
	 * x1 = 80/140, x2 = 100/140.  Men: 20 x1 0.64 e^(1.92 x1) + 10 x2 0.64 e^(1.92 x2)
	 * = 21.9102 + 18.0163 = 39.9265.  Women use 0.86 e^(1.67 x), unknown 0.75 e^(1.795 x).
	 */
	hist[140] = 20 * 60;
	hist[160] = 10 * 60;
	near(trimp_from_hist(hist, RR_HR_BINS, 60, 200, 'm'), 39.92653051841543, 1e-3, "men");
	near(trimp_from_hist(hist, RR_HR_BINS, 60, 200, 'f'), 45.772826627884456, 1e-3, "women");
	near(trimp_from_hist(hist, RR_HR_BINS, 60, 200, 0), 43.21550464772854, 1e-3, "unknown");
	assert_true(isnan(trimp_from_hist(hist, RR_HR_BINS, NAN, 200, 'm')));
	assert_true(isnan(trimp_from_hist(hist, RR_HR_BINS, 60, NAN, 'm')));
	assert_true(isnan(trimp_from_hist(hist, RR_HR_BINS, 200, 150, 'm')));
	/* Below rest counts nothing. */
	memset(hist, 0, sizeof(hist));
	hist[50] = 3600;
	near(trimp_from_hist(hist, RR_HR_BINS, 60, 200, 'm'), 0, 1e-12, "below rest");
}

static void test_fast_s_hist(void **state)
{
	float hist[RR_SPEED_BINS] = { 0 };

	(void)state;
	hist[60] = 100;		/* 3.00 .. 3.05 m/s */
	hist[100] = 40;		/* 5.00 .. 5.05 m/s */
	near(fast_s_from_hist(hist, RR_SPEED_BINS, 4.0), 40, 1e-9, "above");
	near(fast_s_from_hist(hist, RR_SPEED_BINS, 5.0), 40, 1e-4, "at lower edge");
	near(fast_s_from_hist(hist, RR_SPEED_BINS, 5.025), 20, 1e-3, "mid bin");
	near(fast_s_from_hist(hist, RR_SPEED_BINS, 6.0), 0, 1e-9, "none");
	near(fast_s_from_hist(hist, RR_SPEED_BINS, 0), 140, 1e-9, "all");
	/* The last bin (9.95 m/s and up) is open-ended: above it, time is unknown. */
	assert_true(isnan(fast_s_from_hist(hist, RR_SPEED_BINS, 9.96)));
	assert_true(isnan(fast_s_from_hist(hist, RR_SPEED_BINS, 50)));
	assert_true(isnan(fast_s_from_hist(hist, RR_SPEED_BINS, NAN)));
}

/* ---- the accumulator ---- */

static void test_empty_activity(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	size_t j;

	(void)state;
	begin(m, &meta, "running");
	metrics_end(m, &meta, &s);
	assert_int_equal(s.points, 0);
	assert_int_equal(s.dropped_points, 0);
	assert_int_equal(s.surges, 0);
	assert_true(isnan(s.start_t_s));
	assert_true(isnan(s.elapsed_s) && isnan(s.moving_s));
	assert_true(isnan(s.distance_m) && isnan(s.gps_distance_m) && isnan(s.device_distance_m));
	assert_true(isnan(s.ascent_m) && isnan(s.descent_m));
	assert_true(isnan(s.ascent_raw_m) && isnan(s.descent_raw_m));
	assert_true(isnan(s.hr_avg) && isnan(s.hr_max) && isnan(s.hr_min));
	assert_true(isnan(s.cadence_avg) && isnan(s.pace_s_per_km) && isnan(s.gap_pace_s_per_km));
	assert_true(isnan(s.fast_s) && isnan(s.climb_per_km) && isnan(s.trimp));
	assert_true(isnan(s.calf_load));
	for (j = 0; j < RR_GRADE_BANDS; j++)
		assert_true(isnan(s.grade_band_m[j]));
	assert_true(s.running);
	metrics_free(m);
}

static void test_flat_noise_ascent(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;

	(void)state;
	begin(m, &meta, "running");
	gen_init(&g, m);
	g.ele_noise_m = 2;
	gen_run(&g, 10000 / 3.0 + 1, 3.0, 0);	/* 10 km at 3 m/s */
	metrics_end(m, &meta, &s);
	assert_int_equal(s.points, 3334);
	near(s.gps_distance_m, 10000, 5, "distance");
	assert_true(s.distance_m == s.gps_distance_m);
	assert_true(isnan(s.device_distance_m));
	if (!(s.ascent_m < 10))
		fail_msg("ascent %.1f m on a flat run with +-2 m noise", s.ascent_m);
	assert_true(s.descent_m < 10);
	/* The raw sum counts the noise: hundreds of metres. */
	assert_true(s.ascent_raw_m > 500);
	assert_true(s.ascent_m <= s.ascent_raw_m);
	/* Flat: (almost) everything in the -2..2 % band. */
	assert_true(s.grade_band_m[2] > 0.95 * s.gps_distance_m);
	near(s.elapsed_s, 3333, 1e-9, "elapsed");
	near(s.moving_s, 3333, 1e-9, "moving");
	near(s.pace_s_per_km, 333.3, 0.5, "pace");
	near(s.gap_pace_s_per_km, s.pace_s_per_km, 0.05 * s.pace_s_per_km, "flat GAP ~ pace");
	metrics_free(m);
}

static void climb(double ele_noise_m)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;
	double factor = minetti_cr(0.08) / minetti_cr(0);	/* 1.5093 */

	begin(m, &meta, "running");
	gen_init(&g, m);
	g.ele_noise_m = ele_noise_m;
	gen_run(&g, 401, 2.5, 0.08);	/* 1000 m at 2.5 m/s, +80 m */
	metrics_end(m, &meta, &s);
	near(s.gps_distance_m, 1000, 0.5, "distance");
	near(s.ascent_m, 80, 3, "ascent");
	assert_true(s.descent_m < 3);
	near(s.ascent_raw_m, ele_noise_m > 0 ? s.ascent_raw_m : 80, 1e-6, "raw");
	assert_true(s.ascent_m <= s.ascent_raw_m);
	near(s.pace_s_per_km, 400, 0.5, "pace");
	near(s.gap_pace_s_per_km, s.pace_s_per_km / factor, 0.02 * s.pace_s_per_km / factor,
	     "GAP = pace / (Cr(0.08)/Cr(0))");
	assert_true(s.grade_band_m[4] > 0.95 * s.gps_distance_m);
	near(s.climb_per_km, s.ascent_m, 1, "climb per km over 1 km");
	metrics_free(m);
}

static void test_climb_8_percent(void **state)
{
	(void)state;
	climb(0);
	climb(1);
}

static void test_standstill_not_moving(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;

	(void)state;
	begin(m, &meta, "running");
	gen_init(&g, m);
	gen_run(&g, 600, 3.0, 0);
	g.pos_noise_m = 1;	/* a watch at rest wanders a little */
	gen_run(&g, 600, 0, 0);
	g.pos_noise_m = 0;
	gen_run(&g, 601, 3.0, 0);
	metrics_end(m, &meta, &s);
	near(s.elapsed_s, 1800, 1e-9, "elapsed");
	/* 20 min of running; the stop costs at most a window's worth at each edge. */
	near(s.moving_s, 1200, 15, "moving");
	/*
	 * Jitter while standing is about 630 m of path here; only the net
	 * progress over each 10 s window counts (~0.1 m/s x 600 s).
	 */
	near(s.gps_distance_m, 3600, 100, "distance");
	assert_true(s.moving_s <= s.elapsed_s);
	metrics_free(m);
}

static void test_teleport(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary clean, bad;
	struct rr_point p;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		int k;

		begin(m, &meta, "running");
		for (k = 0; k <= 400; k++) {
			rr_point_init(&p);
			p.t_s = T0 + k;
			p.lat_deg = 46.0 + 3.0 * k * DEG_PER_M;
			p.lon_deg = 14.0;
			if (i == 1 && k == 200)
				p.lon_deg = 14.03;	/* ~2.3 km east for one second */
			metrics_point(m, &p);
		}
		metrics_end(m, &meta, i ? &bad : &clean);
	}
	assert_int_equal(clean.dropped_points, 0);
	assert_int_equal(bad.dropped_points, 1);
	assert_int_equal(bad.points, 401);
	near(clean.gps_distance_m, 1200, 0.01, "clean");
	/* Dropping one point of a straight line: the chord equals the two steps. */
	near(bad.gps_distance_m, clean.gps_distance_m, 3.0, "teleport within one step");
	near(bad.moving_s, clean.moving_s, 1e-9, "moving time");
	metrics_free(m);
}

static void test_relocation(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct rr_point p;
	int k;

	(void)state;
	/* A bad first fix 50 km away: the track re-anchors instead of losing everything. */
	begin(m, &meta, "running");
	rr_point_init(&p);
	p.t_s = T0;
	p.lat_deg = 46.5;
	p.lon_deg = 14.0;
	metrics_point(m, &p);
	for (k = 1; k <= 400; k++) {
		rr_point_init(&p);
		p.t_s = T0 + k;
		p.lat_deg = 46.0 + 3.0 * k * DEG_PER_M;
		p.lon_deg = 14.0;
		metrics_point(m, &p);
	}
	metrics_end(m, &meta, &s);
	assert_int_equal(s.dropped_points, 2);
	near(s.gps_distance_m, 3.0 * (400 - 3), 0.01, "distance after re-anchoring");
	metrics_free(m);
}

static void test_dirty_points(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct rr_point p;
	static const double times[] = { 10, 11, 11, 9, 12, 13, NAN, 14 };
	size_t k;

	(void)state;
	begin(m, &meta, "running");
	for (k = 0; k < sizeof(times) / sizeof(times[0]); k++) {
		rr_point_init(&p);
		p.t_s = T0 + times[k];
		p.lat_deg = 46.0 + 3.0 * (double)k * DEG_PER_M;
		p.lon_deg = 14.0;
		p.hr_bpm = 150;
		if (k == 4)
			p.lat_deg = 95;		/* out of range: kept for time and HR */
		if (k == 5)
			p.hr_bpm = 0;		/* strap glitch: ignored */
		metrics_point(m, &p);
	}
	metrics_end(m, &meta, &s);
	assert_int_equal(s.points, 8);
	/* 11 repeated, 9 backwards; the point without a time keeps its position. */
	assert_int_equal(s.dropped_points, 2);
	near(s.elapsed_s, 4, 1e-9, "elapsed");
	near(s.start_t_s, T0 + 10, 1e-9, "start");
	near(s.hr_max, 150, 1e-9, "hr max");
	near(s.hr_min, 150, 1e-9, "hr min");
	/* Kept positions: k = 0, 1, 5, 6, 7 -> 21 m north. */
	near(s.gps_distance_m, 21, 0.01, "distance");
	metrics_free(m);
}

static void test_placeholder_times(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct rr_point p;
	int k;

	(void)state;
	/* Every point at 1901-12-13T20:45:52Z (INT32_MIN seconds), as in a GPSBabel conversion. */
	begin(m, &meta, "");
	for (k = 0; k <= 100; k++) {
		rr_point_init(&p);
		p.t_s = -2147483648.0;
		p.lat_deg = 46.0 + 3.0 * k * DEG_PER_M;
		p.lon_deg = 14.0;
		metrics_point(m, &p);
	}
	metrics_end(m, &meta, &s);
	assert_int_equal(s.dropped_points, 0);
	near(s.gps_distance_m, 300, 0.01, "distance");
	assert_true(isnan(s.elapsed_s) && isnan(s.moving_s));
	metrics_free(m);
}

/* 600 points, one a second, 3 m apart; point bad_k gets bad_t. */
static void glitch_run(struct metrics *m, struct run_summary *s, int bad_k, double bad_t)
{
	struct rr_meta meta;
	struct rr_point p;
	int k;

	begin(m, &meta, "running");
	for (k = 0; k < 600; k++) {
		rr_point_init(&p);
		p.t_s = k == bad_k ? bad_t : T0 + k;
		p.lat_deg = 46.0 + 3.0 * k * DEG_PER_M;
		p.lon_deg = 14.0;
		metrics_point(m, &p);
	}
	metrics_end(m, &meta, s);
}

static void test_time_glitches(void **state)
{
	struct metrics *m = new_metrics();
	struct run_summary s;

	(void)state;
	/* One point a year ahead: it goes, the 299 after it stay. */
	glitch_run(m, &s, 300, T0 + 300 + 365 * 86400.0);
	assert_int_equal(s.dropped_points, 1);
	near(s.elapsed_s, 599, 1e-9, "elapsed, future glitch");
	near(s.moving_s, 599, 1e-9, "moving, future glitch");
	near(s.gps_distance_m, 1797, 0.01, "distance, future glitch");
	/* A stale first time (a clock not yet set): the start is the second point. */
	glitch_run(m, &s, 0, T0 - 400 * 86400.0);
	assert_int_equal(s.dropped_points, 1);
	near(s.start_t_s, T0 + 1, 1e-9, "start, stale first time");
	near(s.elapsed_s, 598, 1e-9, "elapsed, stale first time");
	/* A garbled first time in the future would otherwise drop everything after it. */
	glitch_run(m, &s, 0, T0 + 30 * 86400.0);
	assert_int_equal(s.dropped_points, 1);
	near(s.elapsed_s, 598, 1e-9, "elapsed, future first time");
	/* A real long break (2 h) with the run going on afterwards is kept. */
	glitch_run(m, &s, 599, T0 + 599 + 7200);
	assert_int_equal(s.dropped_points, 0);
	near(s.elapsed_s, 599 + 7200, 1e-9, "elapsed, real break at the end");
	/* Two points 10 h apart are an activity, not a stale clock. */
	glitch_run(m, &s, 0, T0 - 10 * 3600.0);
	assert_int_equal(s.dropped_points, 0);
	near(s.start_t_s, T0 - 10 * 3600.0, 1e-9, "start, 10 h before the rest");
	metrics_free(m);
}

static void test_sparse_times(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct rr_point p;
	int k;

	(void)state;
	/* A time on every 20th point only (a planner's export): positions all count. */
	begin(m, &meta, "running");
	for (k = 0; k <= 1000; k++) {
		rr_point_init(&p);
		if (k % 20 == 0)
			p.t_s = T0 + k;
		p.lat_deg = 46.0 + 3.0 * k * DEG_PER_M;
		p.lon_deg = 14.0;
		metrics_point(m, &p);
	}
	metrics_end(m, &meta, &s);
	assert_int_equal(s.dropped_points, 0);
	near(s.gps_distance_m, 3000, 0.01, "distance");
	near(s.elapsed_s, 1000, 1e-9, "elapsed");
	near(s.moving_s, 1000, 1e-9, "moving");
	near(s.pace_s_per_km, 1000 / 3.0, 0.01, "pace");

	/* The same with 60 s between times: each step is a recording gap that moved. */
	begin(m, &meta, "running");
	for (k = 0; k <= 1200; k++) {
		rr_point_init(&p);
		if (k % 60 == 0)
			p.t_s = T0 + k;
		p.lat_deg = 46.0 + 3.0 * k * DEG_PER_M;
		p.lon_deg = 14.0;
		metrics_point(m, &p);
	}
	metrics_end(m, &meta, &s);
	near(s.gps_distance_m, 3600, 0.01, "distance, 60 s");
	near(s.moving_s, 1200, 1e-9, "moving, 60 s");
	metrics_free(m);
}

static void test_segments_gap_is_pause(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;

	(void)state;
	begin(m, &meta, "running");
	gen_init(&g, m);
	gen_run(&g, 301, 3.0, 0);	/* t 0..300 */
	g.t += 599;			/* next point at 900 */
	g.north_m += 100;		/* wandered 100 m during the stop */
	g.segment = 1;
	gen_run(&g, 301, 3.0, 0);	/* t 900..1200 */
	metrics_end(m, &meta, &s);
	near(s.elapsed_s, 1200, 1e-9, "elapsed");
	near(s.moving_s, 600, 1e-9, "moving");
	near(s.gps_distance_m, 1800, 0.01, "no distance across segments");

	/* The same gap inside one segment is a pause too (100 m in 600 s). */
	begin(m, &meta, "running");
	gen_init(&g, m);
	gen_run(&g, 301, 3.0, 0);
	g.t += 599;
	g.north_m += 100;
	gen_run(&g, 301, 3.0, 0);
	metrics_end(m, &meta, &s);
	near(s.moving_s, 600, 1e-9, "moving, one segment");
	/* 2 x 300 steps of 3 m, and the 103 m from the last point before the stop to the next. */
	near(s.gps_distance_m, 1903, 0.01, "the ground covered across a gap counts");

	/* A signal loss while running (60 s, 180 m) is moving. */
	begin(m, &meta, "running");
	gen_init(&g, m);
	gen_run(&g, 301, 3.0, 0);
	g.t += 59;
	g.north_m += 177;
	gen_run(&g, 301, 3.0, 0);
	metrics_end(m, &meta, &s);
	near(s.elapsed_s, 660, 1e-9, "elapsed");
	near(s.moving_s, 660, 1e-9, "moving through a signal loss");
	near(s.gps_distance_m, 1980, 0.01, "distance through a signal loss");
	metrics_free(m);
}

static void test_laps_as_segments(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;
	int lap;

	(void)state;
	/* A TCX writes a <Track> per lap: 5 laps of 200 s, no pause between them. */
	rr_meta_init(&meta, RR_FORMAT_TCX);
	metrics_begin(m, &meta);
	gen_init(&g, m);
	for (lap = 0; lap < 5; lap++) {
		g.segment = (unsigned)lap;
		gen_run(&g, lap == 4 ? 201 : 200, 3.0, 0);
	}
	metrics_end(m, &meta, &s);
	near(s.elapsed_s, 1000, 1e-9, "elapsed");
	near(s.moving_s, 1000, 1e-9, "moving: a lap change is no pause");
	near(s.gps_distance_m, 3000, 0.01, "distance: no step lost per lap");

	/* In a GPX a new segment is a pause, even 20 s long (Forerunner 10 pauses). */
	begin(m, &meta, "running");
	gen_init(&g, m);
	gen_run(&g, 301, 3.0, 0);
	g.t += 19;
	g.segment = 1;
	gen_run(&g, 300, 3.0, 0);
	metrics_end(m, &meta, &s);
	near(s.elapsed_s, 619, 1e-9, "elapsed");
	near(s.moving_s, 599, 1e-9, "moving: the 20 s between GPX segments is a pause");
	metrics_free(m);
}

static void test_sparse_sampling_keeps_grade(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct rr_point p;
	int k;

	(void)state;
	/* 8 % at 3 m/s, a point every 40 s (120 m): the gaps moved, so grade survives. */
	begin(m, &meta, "running");
	for (k = 0; k <= 45; k++) {
		rr_point_init(&p);
		p.t_s = T0 + 40.0 * k;
		p.lat_deg = 46.0 + 120.0 * k * DEG_PER_M;
		p.lon_deg = 14.0;
		p.ele_m = 300 + 9.6 * k;
		metrics_point(m, &p);
	}
	metrics_end(m, &meta, &s);
	near(s.moving_s, 1800, 1e-9, "moving");
	near(s.gap_pace_s_per_km, s.pace_s_per_km / (minetti_cr(0.08) / minetti_cr(0)),
	     0.02 * s.pace_s_per_km, "GAP on 8 %");
	near(s.ascent_m, 432, 3, "ascent");
	metrics_free(m);
}

static void test_pace_over_timed_distance(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct rr_point p;
	int k;

	(void)state;
	/*
	 * 2 km of track without times, then 999 m timed in 299.7 s (334 points
	 * 0.9 s apart): pace 300 s/km, not 100 s/km over all 3 km.
	 */
	begin(m, &meta, "");
	for (k = 0; k <= 1000; k++) {
		rr_point_init(&p);
		if (k > 666)
			p.t_s = T0 + (k - 667) * 0.9;
		p.lat_deg = 46.0 + 3.0 * k * DEG_PER_M;
		p.lon_deg = 14.0;
		metrics_point(m, &p);
	}
	metrics_end(m, &meta, &s);
	near(s.gps_distance_m, 3000, 0.01, "distance");
	near(s.moving_s, 299.7, 1e-6, "moving");
	near(s.pace_s_per_km, 300.0, 0.01, "pace over the timed kilometre");
	metrics_free(m);
}

static void test_treadmill(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;

	(void)state;
	rr_meta_init(&meta, RR_FORMAT_TCX);
	snprintf(meta.sport, sizeof(meta.sport), "Running");
	metrics_begin(m, &meta);
	gen_init(&g, m);
	g.positions = false;
	g.elevation = false;
	g.dist_m = 0;
	g.hr = 140;
	g.cad = 85;
	gen_run(&g, 1801, 2.8, 0);	/* 30 min at 2.8 m/s: 5040 m */
	metrics_end(m, &meta, &s);
	assert_true(isnan(s.gps_distance_m));
	near(s.device_distance_m, 5040, 1e-6, "device distance");
	near(s.distance_m, 5040, 1e-6, "distance");
	near(s.elapsed_s, 1800, 1e-9, "elapsed");
	near(s.moving_s, 1800, 1e-9, "moving");
	near(s.pace_s_per_km, 1800 / 5.04, 0.01, "pace");
	assert_true(isnan(s.ascent_m) && isnan(s.ascent_raw_m));
	near(s.hr_avg, 140, 1e-9, "hr");
	near(s.cadence_avg, 85, 1e-9, "cadence");
	assert_true(s.calf_load > 0);
	assert_true(s.fast_s == 0);

	/* A device distance that resets (new lap from 0) still adds up. */
	metrics_begin(m, &meta);
	gen_init(&g, m);
	g.positions = false;
	g.dist_m = 0;
	gen_run(&g, 601, 2.8, 0);
	g.dist_m = 0;
	gen_run(&g, 600, 2.8, 0);
	metrics_end(m, &meta, &s);
	near(s.device_distance_m, 2.8 * 1199, 1e-6, "reset");

	/* A device that writes 0 throughout has no distance sensor: unknown, not 0. */
	metrics_begin(m, &meta);
	gen_init(&g, m);
	g.positions = false;
	g.dist_m = 0;
	g.hr = 120;
	gen_run(&g, 601, 0, 0);
	meta.lap_distance_m = 0;
	metrics_end(m, &meta, &s);
	assert_true(isnan(s.device_distance_m) && isnan(s.distance_m) && isnan(s.calf_load));
	near(s.moving_s, 600, 1e-9, "no distance sensor: moving");

	/* Only the lap total: distance from the lap, duration from the times. */
	rr_meta_init(&meta, RR_FORMAT_TCX);
	metrics_begin(m, &meta);
	gen_init(&g, m);
	g.positions = false;
	g.hr = 150;
	gen_run(&g, 601, 0, 0);
	meta.lap_distance_m = 1800;
	metrics_end(m, &meta, &s);
	near(s.distance_m, 1800, 1e-9, "lap distance");
	near(s.elapsed_s, 600, 1e-9, "elapsed");
	near(s.moving_s, 600, 1e-9, "no speed data: moving");
	near(s.calf_load, 1.8 * pow(3.0 / 3.0, 1.5), 1e-9, "calf load from the lap");
	metrics_free(m);
}

/*
 * 30 min easy at 3 m/s; with strides, 6 x 20 s at 5.5 m/s every 80 s from
 * minute 15.  noise_m of GPS jitter; device_speed: the points carry the
 * watch's speed.
 */
static void easy_run_ex(struct metrics *m, struct run_summary *s, bool strides,
			double noise_m, bool device_speed)
{
	struct rr_meta meta;
	struct gen g;
	int k;

	begin(m, &meta, "running");
	gen_init(&g, m);
	g.pos_noise_m = noise_m;
	g.write_speed = device_speed;
	if (!strides) {
		gen_run(&g, 1801, 3.0, 0);
	} else {
		gen_run(&g, 900, 3.0, 0);
		for (k = 0; k < 6; k++) {
			gen_run(&g, 20, 5.5, 0);
			gen_run(&g, 60, 3.0, 0);
		}
		gen_run(&g, 421, 3.0, 0);
	}
	metrics_end(m, &meta, s);
}

static void easy_run(struct metrics *m, struct run_summary *s, bool strides)
{
	easy_run_ex(m, s, strides, 1, false);
}

static void test_device_speed_over_noise(void **state)
{
	struct metrics *m = new_metrics();
	struct run_summary s;

	(void)state;
	/* 4 m of jitter a second, but the watch's own speed is steady: no speed work. */
	easy_run_ex(m, &s, false, 4, true);
	assert_true(s.fast_s == 0);
	assert_int_equal(s.surges, 0);
	near(s.moving_s, 1800, 1e-9, "moving");
	/* The strides still show through the device speed. */
	easy_run_ex(m, &s, true, 4, true);
	if (!(s.fast_s >= 60 && s.fast_s <= 180))
		fail_msg("fast_s %.1f for 6 x 20 s strides", s.fast_s);
	assert_int_equal(s.surges, 6);
	metrics_free(m);
}

static void test_fast_and_surges(void **state)
{
	struct metrics *m = new_metrics();
	struct run_params p;
	struct run_summary s;

	(void)state;
	easy_run(m, &s, false);
	assert_true(s.fast_s == 0);
	assert_int_equal(s.surges, 0);
	easy_run(m, &s, true);
	if (!(s.fast_s >= 60 && s.fast_s <= 180))
		fail_msg("fast_s %.1f for 6 x 20 s strides", s.fast_s);
	assert_int_equal(s.surges, 6);
	metrics_free(m);

	/* With a threshold pace of 4:00/km (4.17 m/s): the same answers. */
	run_params_init(&p);
	p.threshold_pace_s_per_km = 240;
	m = metrics_new(&p);
	assert_non_null(m);
	easy_run(m, &s, false);
	assert_true(s.fast_s == 0);
	easy_run(m, &s, true);
	assert_true(s.fast_s >= 60 && s.fast_s <= 180);
	assert_int_equal(s.surges, 6);
	/* fast_s can be re-derived from the histogram the summary keeps. */
	near(fast_s_from_hist(s.speed_hist_s, RR_SPEED_BINS, 1000.0 / 240), s.fast_s, 1e-3,
	     "re-derived");
	metrics_free(m);
}

static void test_trimp_trace(void **state)
{
	struct run_params p;
	struct metrics *m;
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;

	(void)state;
	run_params_init(&p);
	p.hr_rest_bpm = 60;
	p.hr_max_bpm = 200;
	p.sex = 'm';
	m = metrics_new(&p);
	assert_non_null(m);
	begin(m, &meta, "running");
	gen_init(&g, m);
	g.hr = 140;
	gen_run(&g, 1200, 3.0, 0);
	g.hr = 160;
	gen_run(&g, 601, 3.0, 0);
	metrics_end(m, &meta, &s);
	/* As test_trimp_hist, 20 min at 140 and 10 at 160 (one second at 150 in between). */
	near(s.trimp, 39.9265, 0.05, "trimp");
	near(s.hr_avg, (140.0 * 1199.5 + 160.0 * 600.5) / 1800, 0.01, "hr_avg");
	near(s.hr_max, 160, 0, "hr_max");
	near(s.hr_min, 140, 0, "hr_min");
	metrics_free(m);

	/* Without rest/max HR: no TRIMP. */
	m = new_metrics();
	begin(m, &meta, "running");
	gen_init(&g, m);
	g.hr = 140;
	gen_run(&g, 61, 3.0, 0);
	metrics_end(m, &meta, &s);
	assert_true(isnan(s.trimp));
	near(s.hr_avg, 140, 1e-9, "hr_avg");
	metrics_free(m);
}

static double calf_of(double speed_mps, double grade, double dist_m)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;

	begin(m, &meta, "running");
	gen_init(&g, m);
	gen_run(&g, dist_m / speed_mps + 1, speed_mps, grade);
	metrics_end(m, &meta, &s);
	metrics_free(m);
	return s.calf_load;
}

static void test_calf_load(void **state)
{
	double v25 = calf_of(2.5, 0, 3000), v35 = calf_of(3.5, 0, 3000), v45 = calf_of(4.5, 0, 3000);
	double g0 = calf_of(3.0, 0, 3000), g4 = calf_of(3.0, 0.04, 3000), g8 = calf_of(3.0, 0.08, 3000);
	double down = calf_of(3.0, -0.08, 3000);

	(void)state;
	assert_true(v25 < v35 && v35 < v45);
	assert_true(g0 < g4 && g4 < g8);
	/*
	 * d_km x (v_gap / 3)^1.5 x (1 + 5 max(grade, 0)), by hand; v_gap = v x
	 * Cr(i) / Cr(0) uphill (Cr(0.08) / Cr(0) = 1.5093), v on the flat and downhill.
	 */
	near(g0, 3.0, 0.02, "3 km flat at the reference speed");
	near(v45, 3.0 * pow(1.5, 1.5), 0.03, "3 km flat at 4.5 m/s");
	near(g8, 3.0 * pow(1.5093, 1.5) * 1.4, 0.1, "3 km at 8 % at 3 m/s: 7.79");
	near(down, g0, 0.02, "downhill adds nothing");
	/* the same effort uphill: 3 / 1.5093 = 1.988 m/s at 8 % is GAP 3 m/s: 3 x 1.4 = 4.2 */
	near(calf_of(3.0 / 1.5093, 0.08, 3000), 4.2, 0.06, "equal effort at 8 %");
	assert_true(calf_of(3.0 / 1.5093, 0.08, 3000) > g0);
}

/*
 * The late-climbing pair: two 10 km runs at 3 m/s with the same 100 m of
 * climbing (2 km at 5 %), one in km 1-2, one in km 7-8.  Same distance,
 * same ascent; the late one climbs 100 m after 6 km and after 60 % (6 km),
 * the early one none.
 */
static void late_pair(bool late, struct run_summary *s)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct gen g;

	begin(m, &meta, "running");
	gen_init(&g, m);
	if (late) {
		gen_run(&g, 2000, 3, 0);		/* 6000 m flat */
		gen_run(&g, 667, 3, 0.05);		/* 2000 m, +100 m */
		gen_run(&g, 668, 3, 0);			/* 2000 m flat */
	} else {
		gen_run(&g, 667, 3, 0.05);
		gen_run(&g, 2668, 3, 0);
	}
	metrics_end(m, &meta, s);
	metrics_free(m);
}

static void test_late_climbing(void **state)
{
	struct run_summary early, late;

	(void)state;
	late_pair(false, &early);
	late_pair(true, &late);
	near(early.gps_distance_m, 10000, 5, "early: 10 km");
	near(late.gps_distance_m, 10000, 5, "late: 10 km");
	near(early.ascent_m, 100, 3, "early: 100 m up");
	near(late.ascent_m, 100, 3, "late: 100 m up");
	near(early.late_ascent_m, 0, 3, "early: nothing after 6 km");
	near(early.late_ascent_60_m, 0, 3, "early: nothing after 60 %");
	near(late.late_ascent_m, 100, 5, "late: 100 m after 6 km");
	near(late.late_ascent_60_m, 100, 5, "late: 100 m after 60 % (6 km)");
	assert_true(late.late_ascent_m <= late.ascent_m);
}

/*
 * The profile behind late_km: a 10 km run at 3 m/s climbing 100 m between
 * km 4 and 5 (334 s at 10 %: 1002 m, +100 m).  By hand: after km 1..4 the
 * whole 100 m is still ahead; after km 5..10 none of it.
 */
static void test_late_km_profile(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;
	unsigned k;

	(void)state;
	begin(m, &meta, "running");
	gen_init(&g, m);
	gen_run(&g, 1333, 3, 0);		/* 3999 m flat */
	gen_run(&g, 334, 3, 0.10);		/* 1002 m, +100 m */
	gen_run(&g, 1667, 3, 0);		/* 5001 m flat */
	metrics_end(m, &meta, &s);
	metrics_free(m);
	near(s.ascent_m, 100, 3, "100 m up");
	near(late_ascent_after_km(&s, 4), 100, 5, "late_km 4: 100 m");
	near(late_ascent_after_km(&s, 1), 100, 5, "late_km 1: 100 m");
	near(late_ascent_after_km(&s, 6), 0, 5, "late_km 6: 0 m");
	near(s.late_ascent_m, late_ascent_after_km(&s, 6), 0.01, "parse time: 6 km");
	for (k = 11; k <= RR_LATE_KM_MAX; k++)
		assert_true(late_ascent_after_km(&s, k) == 0);	/* past the end */
	assert_true(isnan(late_ascent_after_km(&s, 0)));
	assert_true(isnan(late_ascent_after_km(&s, RR_LATE_KM_MAX + 1)));
}

static void test_reuse_and_meta(void **state)
{
	struct metrics *m = new_metrics(), *fresh = new_metrics();
	struct rr_meta meta;
	struct run_summary a, b;
	struct gen g;

	(void)state;
	begin(m, &meta, "Biking");
	gen_init(&g, m);
	g.hr = 150;
	gen_run(&g, 500, 7.0, 0.03);
	metrics_end(m, &meta, &a);
	assert_false(a.running);

	rr_meta_init(&meta, RR_FORMAT_GPX);
	snprintf(meta.sport, sizeof(meta.sport), "9");
	snprintf(meta.name, sizeof(meta.name), "Morning Run");
	snprintf(meta.creator, sizeof(meta.creator), "StravaGPX");
	meta.index = 1;
	meta.tz_offset_s = 3600;
	meta.tz_known = true;
	metrics_begin(m, &meta);
	gen_init(&g, m);
	gen_run(&g, 301, 3.0, 0);
	metrics_end(m, &meta, &a);
	metrics_begin(fresh, &meta);
	gen_init(&g, fresh);
	gen_run(&g, 301, 3.0, 0);
	metrics_end(fresh, &meta, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_true(a.running);
	assert_string_equal(a.name, "Morning Run");
	assert_string_equal(a.device, "StravaGPX");
	assert_int_equal(a.activity_index, 1);
	assert_int_equal(a.tz_offset_s, 3600);
	assert_true(a.tz_known);
	metrics_free(m);
	metrics_free(fresh);
}

static void test_running_sports(void **state)
{
	static const struct { const char *sport; bool running; } cases[] = {
		{ "", true }, { "running", true }, { "Running", true }, { "trail_running", true },
		{ "9", true }, { "unknown", true }, { "Biking", false }, { "cycling", false },
		{ "1", false }, { "Other", false }, { "swimming", false }, { "walking", false },
	};
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		begin(m, &meta, cases[i].sport);
		metrics_end(m, &meta, &s);
		if (s.running != cases[i].running)
			fail_msg("sport '%s': running %d", cases[i].sport, s.running);
	}
	metrics_free(m);
}

static void test_no_times(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct rr_point p;
	int k;

	(void)state;
	begin(m, &meta, "");
	meta.start_t_s = 1600000000;
	for (k = 0; k <= 1000; k++) {
		rr_point_init(&p);
		p.lat_deg = 46.0 + 2.0 * k * DEG_PER_M;
		p.lon_deg = 14.0;
		p.ele_m = 100 + 0.1 * k;	/* 5 % */
		metrics_point(m, &p);
	}
	metrics_end(m, &meta, &s);
	near(s.gps_distance_m, 2000, 0.01, "distance");
	assert_true(isnan(s.elapsed_s) && isnan(s.moving_s) && isnan(s.pace_s_per_km));
	assert_true(isnan(s.fast_s));
	near(s.start_t_s, 1600000000, 0, "start from meta");
	near(s.ascent_m, 100, 3, "ascent");
	near(s.calf_load, 2.0 * 1.25, 0.03, "calf load without speeds");
	near(s.grade_band_m[3], 2000, 1, "2..6 % band");
	metrics_free(m);
}

static void test_long_standstill_bounded(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct gen g;

	(void)state;
	/* 3 hours standing then 10 min running: the ring is forced round many times. */
	begin(m, &meta, "running");
	gen_init(&g, m);
	g.hr = 70;
	gen_run(&g, 3 * 3600, 0, 0);
	gen_run(&g, 601, 3.0, 0);
	metrics_end(m, &meta, &s);
	near(s.elapsed_s, 3 * 3600 + 600, 1e-9, "elapsed");
	near(s.moving_s, 600, 10, "moving");
	near(s.gps_distance_m, 1800, 0.01, "distance");
	metrics_free(m);
}

/* A value from a hostile menu: NAN, infinities, huge, zero, negative, or plausible. */
static double garbage(struct gen *g, double plausible)
{
	switch ((g->seed = g->seed * 1664525u + 1013904223u) >> 29) {
	case 0: return NAN;
	case 1: return INFINITY;
	case 2: return -1e300;
	case 3: return 0;
	case 4: return -plausible;
	default: return plausible * (1 + 0.5 * rnd(g));
	}
}

static void test_garbage_invariants(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct rr_point p;
	struct gen g;
	int round, k;

	(void)state;
	gen_init(&g, m);
	for (round = 0; round < 40; round++) {
		begin(m, &meta, round % 3 ? "running" : "Biking");
		for (k = 0; k < 3000; k++) {
			rr_point_init(&p);
			/* Mostly forward in time, sometimes anything. */
			p.t_s = (k % 17) ? T0 + k + rnd(&g) : garbage(&g, T0 + k);
			p.lat_deg = (k % 13) ? 46 + 3.0 * k * DEG_PER_M + 1e-4 * rnd(&g) : garbage(&g, 46);
			p.lon_deg = (k % 11) ? 14 + 1e-5 * rnd(&g) : garbage(&g, 14);
			p.ele_m = garbage(&g, 300);
			p.dist_m = (k % 5) ? 3.0 * k : garbage(&g, 3.0 * k);
			p.speed_mps = garbage(&g, 3);
			p.hr_bpm = garbage(&g, 150);
			p.cad_rpm = garbage(&g, 85);
			p.segment = (unsigned)(k / 700);
			metrics_point(m, &p);
		}
		metrics_end(m, &meta, &s);
		assert_int_equal(s.points, 3000);
		assert_true(s.dropped_points <= s.points);
		assert_true(s.moving_s >= 0 && s.moving_s <= s.elapsed_s);
		assert_true(isfinite(s.gps_distance_m) && s.gps_distance_m >= 0);
		assert_true(isfinite(s.distance_m) && s.distance_m > 0);
		assert_true(s.ascent_m >= 0 && s.ascent_m <= s.ascent_raw_m);
		assert_true(s.descent_m >= 0 && s.descent_m <= s.descent_raw_m);
		assert_true(s.hr_min >= 25 && s.hr_max <= 250 && s.hr_min <= s.hr_avg &&
			    s.hr_avg <= s.hr_max);
		if (!(s.fast_s >= 0 && s.fast_s <= s.moving_s + 1e-6))
			fail_msg("round %d: fast %g s, moving %g s elapsed %g dropped %lu start %.0f dist %g", round, s.fast_s, s.moving_s, s.elapsed_s, s.dropped_points, s.start_t_s, s.distance_m);
		assert_true(isfinite(s.calf_load) && s.calf_load >= 0);
		assert_true(isfinite(s.pace_s_per_km) && isfinite(s.gap_pace_s_per_km));
	}
	metrics_free(m);
}

/*
 * The accumulator finds its window bounds and the surge window's minimum
 * with structures that only move forward; they must agree with a binary
 * search and a scan on every step.  Random tracks with what moves the
 * bounds unevenly: points without time (first and carried), long
 * standstills (the distance windows then reach back past the ring),
 * sprints (surges), slow ramps (the oldest point is the minimum), 20 Hz recording (more than SURGE_SCAN_MAX points in
 * the surge window), gaps and segment changes (new blocks), device
 * distance without positions, device speeds, teleports and garbage.
 */
static void test_windows_match_search(void **state)
{
	struct metrics *m = new_metrics();
	struct rr_meta meta;
	struct run_summary s;
	struct rr_point p;
	struct gen g;
	double t, north, v, dt;
	int round, k, sprint;

	(void)state;
	gen_init(&g, m);
	metrics_check_windows(m, true);
	for (round = 0; round < 24; round++) {
		rr_meta_init(&meta, round % 2 ? RR_FORMAT_TCX : RR_FORMAT_GPX);
		metrics_begin(m, &meta);
		t = T0;
		north = 0;
		v = 3;
		dt = (round % 4 == 1) ? 0.05 : 1;
		sprint = 0;
		for (k = 0; k < 4000; k++) {
			double r = rnd(&g), vk;

			if (k % 500 == 0)	/* standstill, stroll, run or sprint for a while */
				v = (r < -0.5) ? 0 : (r < 0) ? 0.3 : (r < 0.5) ? 3 : 7;
			if (rnd(&g) > 0.99)
				sprint = 1 + (int)(20 / dt * (rnd(&g) + 1));
			vk = sprint > 0 ? (sprint--, v + 3) : v + 0.001 * (k % 500);	/* or ramps */
			rr_point_init(&p);
			t += (rnd(&g) > 0.997) ? 40 + 100 * (rnd(&g) + 1) : dt * (1 + 0.4 * rnd(&g));
			north += vk * dt * (1 + 0.3 * rnd(&g));
			p.t_s = (k < 20 * (round % 3) || rnd(&g) > 0.9) ? NAN : t;
			if (round % 4 != 3) {	/* GPS noise: +-2 m, +-5 cm at 20 Hz */
				p.lat_deg = 46 + (north + 2 * dt * rnd(&g)) * DEG_PER_M;
				p.lon_deg = 14 + 2 * dt * rnd(&g) * DEG_PER_M;
			}
			if (round % 4 >= 2)
				p.dist_m = north;
			if (round % 5 == 4 && k % 97 == 0)
				p.lat_deg = garbage(&g, 46);
			p.ele_m = (k % 7) ? 300 + north * 0.03 + rnd(&g) : NAN;
			if (round % 6 == 5)
				p.speed_mps = garbage(&g, vk);
			else if (round % 6 == 4)
				p.speed_mps = vk * (1 + 0.2 * rnd(&g));
			else if (round % 6 == 3) {	/* ramps of strictly rising GAP speed */
				p.speed_mps = vk;
				p.ele_m = NAN;
			}
			p.segment = (unsigned)(k / (300 + 200 * round));
			metrics_point(m, &p);
		}
		metrics_end(m, &meta, &s);
		assert_true(s.moving_s > 0 && s.distance_m > 0);
	}
	assert_int_equal(metrics_window_mismatches(m), 0);
	metrics_free(m);
}

/* ---- real files (../shared/corpus, skipped when absent) ---- */

struct corpus_run {
	struct metrics *m;
	struct run_summary s[8];
	struct rr_meta meta[8];
	size_t n;
};

static int cr_begin(void *c, const struct rr_meta *meta)
{
	metrics_begin(((struct corpus_run *)c)->m, meta);
	return 0;
}

static int cr_point(void *c, const struct rr_point *pt)
{
	metrics_point(((struct corpus_run *)c)->m, pt);
	return 0;
}

static int cr_end(void *c, const struct rr_meta *meta)
{
	struct corpus_run *r = c;

	if (r->n < 8) {
		metrics_end(r->m, meta, &r->s[r->n]);
		r->meta[r->n++] = *meta;
	}
	return 0;
}

static bool corpus_present(void)
{
	FILE *f = fopen(CORPUS "MANIFEST.md", "r");

	if (!f)
		return false;
	fclose(f);
	return true;
}

static void parse_file(struct corpus_run *r, const char *rel)
{
	char path[512];
	struct rr_limits lim;
	struct rr_input *in;
	struct rr_error err = RR_ERROR_INIT;
	struct rr_sink sink = { r, cr_begin, cr_point, cr_end };
	enum rr_format f;

	snprintf(path, sizeof(path), CORPUS "%s", rel);
	rr_limits_default(&lim);
	r->n = 0;
	if (rr_input_open(&in, path, lim.max_bytes, &err) != RR_OK)
		fail_msg("%s: %s", rel, err.msg);
	if (rr_parse(in, &lim, &sink, &f, &err) != RR_OK)
		fail_msg("%s: %s", rel, err.msg);
	rr_input_close(in);
	assert_true(r->n >= 1);
}

/*
 * Garmin Forerunner runs with auto-pause on (runpandas samples): the watch's
 * own lap totals are an independent reference.  TotalTimeSeconds is the
 * timer, which stops while auto-paused: moving time must be within 2.5 %.
 * DistanceMeters of the laps must match the points' device distance.
 */
static void test_corpus_garmin_laps(void **state)
{
	static const char *const files[] = {
		"runpandas/runpandas/tests/io/data/samples/2020-12-02T06_08_29-300_Running.tcx",
		"runpandas/runpandas/tests/io/data/samples/2020-12-04T19_09_21-300_Running.tcx",
		"runpandas/runpandas/tests/io/data/samples/2020-12-06T06_36_21-300_Running.tcx",
		"runpandas/runpandas/tests/io/data/samples/2020-12-08T06_36_12-300_Running.tcx",
		"runpandas/runpandas/tests/io/data/samples/2020-12-13T07_25_55-300_Running.tcx",
		"runpandas/runpandas/tests/io/data/samples/2020-12-16T05_44_18-300_Running.tcx",
		"runpandas/runpandas/tests/io/data/samples/2020-12-20T05_50_47-300_Running.tcx",
		"runpandas/runpandas/tests/io/data/samples/2020-12-26T06_03_49-300_Running.tcx",
		"runpandas/runpandas/tests/io/data/tcx/stopped_example.tcx",
	};
	struct corpus_run r;
	size_t i;

	(void)state;
	if (!corpus_present())
		skip();
	r.m = new_metrics();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const struct run_summary *s = &r.s[0];
		const struct rr_meta *meta = &r.meta[0];

		parse_file(&r, files[i]);
		if (!(fabs(s->moving_s - meta->lap_time_s) <= 0.025 * meta->lap_time_s))
			fail_msg("%s: moving %.0f s, watch timer %.0f s", files[i], s->moving_s,
				 meta->lap_time_s);
		if (!(fabs(s->device_distance_m - meta->lap_distance_m) <= 0.002 * meta->lap_distance_m))
			fail_msg("%s: device distance %.1f m, laps %.1f m", files[i],
				 s->device_distance_m, meta->lap_distance_m);
		assert_true(s->distance_m == s->device_distance_m);
		assert_true(s->moving_s <= s->elapsed_s);
		assert_true(s->hr_max == meta->lap_hr_max);
		assert_true(s->ascent_m <= s->ascent_raw_m);
		assert_true(s->running);
	}
	metrics_free(r.m);
}

/* gpxpy's reference track and its edited copies (no elevation, all-zero elevation). */
static void test_corpus_gpxpy_variants(void **state)
{
	struct corpus_run r;
	struct run_summary base;

	(void)state;
	if (!corpus_present())
		skip();
	r.m = new_metrics();
	parse_file(&r, "gpxpy/test_files/cerknicko-jezero.gpx");
	base = r.s[0];
	assert_true(base.ascent_m > 0 && base.ascent_m <= base.ascent_raw_m);
	assert_true(base.moving_s > 0 && base.moving_s < base.elapsed_s);	/* 8 tracks, pauses */
	parse_file(&r, "gpxpy/test_files/cerknicko-jezero-with-elevations-zero.gpx");
	assert_true(r.s[0].ascent_m == 0 && r.s[0].ascent_raw_m == 0 && r.s[0].descent_m == 0);
	near(r.s[0].gps_distance_m, base.gps_distance_m, 1e-6, "same track");
	parse_file(&r, "gpxpy/test_files/cerknicko-jezero-without-elevations.gpx");
	assert_true(isnan(r.s[0].ascent_m) && isnan(r.s[0].ascent_raw_m));
	assert_true(isnan(r.s[0].climb_per_km));
	/* Times all at the 1901 placeholder: positions still count, time is unknown. */
	parse_file(&r, "gpxpy/test_files/Mojstrovka.gpx");
	assert_int_equal(r.s[0].points, 184);
	assert_int_equal(r.s[0].dropped_points, 0);
	assert_true(r.s[0].gps_distance_m > 1000 && isnan(r.s[0].elapsed_s));
	/* A multisport TCX: the rides have DistanceMeters 0 throughout (no sensor). */
	parse_file(&r, "GoldenCheetah/test/rides/activity_165850259_multi-session.tcx");
	assert_int_equal(r.n, 4);
	assert_true(r.s[0].running && !r.s[1].running);
	assert_true(isnan(r.s[1].distance_m) && isnan(r.s[1].calf_load));
	metrics_free(r.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minetti),
		cmocka_unit_test(test_haversine),
		cmocka_unit_test(test_haversine_lower_bound),
		cmocka_unit_test(test_trimp_hist),
		cmocka_unit_test(test_fast_s_hist),
		cmocka_unit_test(test_empty_activity),
		cmocka_unit_test(test_flat_noise_ascent),
		cmocka_unit_test(test_climb_8_percent),
		cmocka_unit_test(test_standstill_not_moving),
		cmocka_unit_test(test_teleport),
		cmocka_unit_test(test_relocation),
		cmocka_unit_test(test_dirty_points),
		cmocka_unit_test(test_placeholder_times),
		cmocka_unit_test(test_sparse_times),
		cmocka_unit_test(test_time_glitches),
		cmocka_unit_test(test_segments_gap_is_pause),
		cmocka_unit_test(test_laps_as_segments),
		cmocka_unit_test(test_sparse_sampling_keeps_grade),
		cmocka_unit_test(test_pace_over_timed_distance),
		cmocka_unit_test(test_treadmill),
		cmocka_unit_test(test_fast_and_surges),
		cmocka_unit_test(test_device_speed_over_noise),
		cmocka_unit_test(test_trimp_trace),
		cmocka_unit_test(test_calf_load),
		cmocka_unit_test(test_late_climbing),
		cmocka_unit_test(test_late_km_profile),
		cmocka_unit_test(test_reuse_and_meta),
		cmocka_unit_test(test_running_sports),
		cmocka_unit_test(test_no_times),
		cmocka_unit_test(test_long_standstill_bounded),
		cmocka_unit_test(test_garbage_invariants),
		cmocka_unit_test(test_windows_match_search),
		cmocka_unit_test(test_corpus_garmin_laps),
		cmocka_unit_test(test_corpus_gpxpy_variants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
