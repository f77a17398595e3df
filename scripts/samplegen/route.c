/*
 * route.c - routes as polylines in a local east/north frame (metres) with
 * a terrain profile along them.  The frame is tangent at the route's
 * start; at the sizes used here (< 15 km) the equirectangular mapping to
 * latitude/longitude distorts lengths by well under 0.2 %.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scripts/samplegen/samplegen.h"

#define EARTH_R_M 6371008.8
#define DEG (180.0 / M_PI)

static void route_alloc(struct route *rt, const char *name, double lat0, double lon0, size_t n)
{
	memset(rt, 0, sizeof *rt);
	rt->name = name;
	rt->lat0_deg = lat0;
	rt->lon0_deg = lon0;
	rt->n = n;
	rt->x_m = xmalloc(n * sizeof *rt->x_m);
	rt->y_m = xmalloc(n * sizeof *rt->y_m);
	rt->s_m = xmalloc(n * sizeof *rt->s_m);
	rt->gps_sd_m = 2.2;
	rt->undulation_period_m = 700;
}

/* Cumulative distance, then translate so that point 0 is the origin. */
static void route_finish(struct route *rt)
{
	double x0 = rt->x_m[0], y0 = rt->y_m[0];

	rt->s_m[0] = 0;
	for (size_t i = 0; i < rt->n; i++) {
		rt->x_m[i] -= x0;
		rt->y_m[i] -= y0;
		if (i)
			rt->s_m[i] = rt->s_m[i - 1] + hypot(rt->x_m[i] - rt->x_m[i - 1],
							    rt->y_m[i] - rt->y_m[i - 1]);
	}
	rt->length_m = rt->s_m[rt->n - 1];
}

static void route_scale(struct route *rt, double length_m)
{
	double k = length_m / rt->length_m;

	for (size_t i = 0; i < rt->n; i++) {
		rt->x_m[i] *= k;
		rt->y_m[i] *= k;
		rt->s_m[i] *= k;
	}
	rt->length_m = length_m;
}

void route_make_loop(struct route *rt, const char *name, double lat0, double lon0,
		     double length_m, double aspect, uint64_t seed)
{
	struct rng r;
	double amp[5], ph[5], rot;
	size_t n = (size_t)(length_m / 6) + 1;

	rng_seed(&r, seed);
	for (int k = 2; k < 5; k++) {
		amp[k] = rng_range(&r, 0.02, 0.09);
		ph[k] = rng_range(&r, 0, 2 * M_PI);
	}
	rot = rng_range(&r, 0, 2 * M_PI);
	route_alloc(rt, name, lat0, lon0, n);
	rt->loop = true;
	for (size_t i = 0; i < n; i++) {
		double th = 2 * M_PI * (double)i / (double)(n - 1);
		double rad = 1;
		double x, y;

		for (int k = 2; k < 5; k++)
			rad += amp[k] * cos(k * th + ph[k]);
		if (i == n - 1)
			th = 0;		/* close exactly */
		x = rad * cos(th);
		y = aspect * rad * sin(th);
		rt->x_m[i] = x * cos(rot) - y * sin(rot);
		rt->y_m[i] = x * sin(rot) + y * cos(rot);
	}
	rt->x_m[n - 1] = rt->x_m[0];
	rt->y_m[n - 1] = rt->y_m[0];
	route_finish(rt);
	route_scale(rt, length_m);
}

void route_make_track(struct route *rt, const char *name, double lat0, double lon0,
		     double heading_deg)
{
	const double straight = 84.39;
	const double radius = (400.0 - 2 * straight) / (2 * M_PI);	/* lane 1 line */
	const size_t per_bend = 60, per_straight = 12;
	size_t n = 2 * (per_bend + per_straight) + 1, i = 0;
	double h = heading_deg / DEG;

	route_alloc(rt, name, lat0, lon0, n);
	rt->loop = true;
	rt->gps_sd_m = 1.6;	/* open sky */
	/* Home straight eastwards at y = -radius, then anticlockwise round the bends. */
	for (int half = 0; half < 2; half++) {
		double sign = half ? -1 : 1;

		for (size_t k = 0; k < per_straight; k++, i++) {
			double u = (double)k / (double)per_straight;

			rt->x_m[i] = sign * (-straight / 2 + straight * u);
			rt->y_m[i] = -sign * radius;
		}
		for (size_t k = 0; k < per_bend; k++, i++) {
			double a = -M_PI / 2 + M_PI * (double)k / (double)per_bend + (half ? M_PI : 0);

			rt->x_m[i] = sign * straight / 2 + radius * cos(a);
			rt->y_m[i] = radius * sin(a);
		}
	}
	rt->x_m[i] = rt->x_m[0];
	rt->y_m[i] = rt->y_m[0];
	for (i = 0; i < n; i++) {
		double x = rt->x_m[i], y = rt->y_m[i];

		rt->x_m[i] = x * cos(h) - y * sin(h);
		rt->y_m[i] = x * sin(h) + y * cos(h);
	}
	route_finish(rt);
}

void route_make_path(struct route *rt, const char *name, double lat0, double lon0,
		     double length_m, double heading_deg, double turniness, uint64_t seed)
{
	const double step = 10;
	size_t n = (size_t)(length_m / step) + 2;
	struct rng r;
	struct ar1 turn;
	double h = heading_deg / DEG, x = 0, y = 0;

	rng_seed(&r, seed);
	ar1_init(&turn, &r, turniness / DEG, 15, 1);
	route_alloc(rt, name, lat0, lon0, n);
	for (size_t i = 0; i < n; i++) {
		rt->x_m[i] = x;
		rt->y_m[i] = y;
		h += ar1_step(&turn, &r);
		x += step * sin(h);
		y += step * cos(h);
	}
	route_finish(rt);
	route_scale(rt, length_m);
}

void route_add_bump(struct route *rt, double c_m, double w_m, double h_m)
{
	if (rt->nbumps == ROUTE_MAX_BUMPS)
		die("route %s: too many bumps", rt->name);
	rt->bumps[rt->nbumps++] = (struct bump){ .c_m = c_m, .w_m = w_m, .h_m = h_m };
}

void route_release(struct route *rt)
{
	free(rt->x_m);
	free(rt->y_m);
	free(rt->s_m);
	rt->x_m = rt->y_m = rt->s_m = NULL;
	rt->n = 0;
}

static double route_wrap(const struct route *rt, double s)
{
	if (rt->loop) {
		s = fmod(s, rt->length_m);
		if (s < 0)
			s += rt->length_m;
		return s;
	}
	return s < 0 ? 0 : s > rt->length_m ? rt->length_m : s;
}

double route_ele(const struct route *rt, double s_m)
{
	double s = route_wrap(rt, s_m), e = rt->ele0_m, period = rt->undulation_period_m;

	for (size_t i = 0; i < rt->nbumps; i++) {
		const struct bump *b = &rt->bumps[i];
		double d = fabs(s - b->c_m);

		if (rt->loop && d > rt->length_m / 2)
			d = rt->length_m - d;
		if (d < b->w_m)
			e += b->h_m * 0.5 * (1 + cos(M_PI * d / b->w_m));
	}
	if (rt->undulation_m > 0) {
		if (rt->loop)	/* a whole number of waves per lap keeps the profile periodic */
			period = rt->length_m / fmax(1, round(rt->length_m / period));
		e += rt->undulation_m * sin(2 * M_PI * s / period);
	}
	return e;
}

void route_at(const struct route *rt, double s_m, double *x_m, double *y_m, double *ele_m)
{
	double s = route_wrap(rt, s_m);
	size_t lo = 0, hi = rt->n - 1;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (rt->s_m[mid] <= s)
			lo = mid;
		else
			hi = mid;
	}
	double seg = rt->s_m[hi] - rt->s_m[lo];
	double u = seg > 0 ? (s - rt->s_m[lo]) / seg : 0;

	*x_m = rt->x_m[lo] + u * (rt->x_m[hi] - rt->x_m[lo]);
	*y_m = rt->y_m[lo] + u * (rt->y_m[hi] - rt->y_m[lo]);
	if (ele_m)
		*ele_m = route_ele(rt, s);
}

void local_to_latlon(const struct route *rt, double x_m, double y_m, double *lat, double *lon)
{
	*lat = rt->lat0_deg + y_m / EARTH_R_M * DEG;
	*lon = rt->lon0_deg + x_m / (EARTH_R_M * cos(rt->lat0_deg / DEG)) * DEG;
}
