#include "analysis/geo.h"

#include <math.h>

#define DEG_TO_RAD (3.14159265358979323846 / 180.0)

double geo_cos_lat(double lat_deg)
{
	return cos(lat_deg * DEG_TO_RAD);
}

double geo_haversine_cos_m(double lat1_deg, double lon1_deg, double cos_lat1,
			   double lat2_deg, double lon2_deg, double cos_lat2)
{
	double phi1 = lat1_deg * DEG_TO_RAD, phi2 = lat2_deg * DEG_TO_RAD;
	double s_phi = sin((phi2 - phi1) / 2);
	double s_lam = sin((lon2_deg - lon1_deg) * DEG_TO_RAD / 2);
	double a = s_phi * s_phi + cos_lat1 * cos_lat2 * s_lam * s_lam;

	/* Rounding can push a a hair outside [0, 1] for (near-)antipodal points. */
	if (a > 1)
		a = 1;
	if (a < 0)
		a = 0;
	return 2 * GEO_EARTH_RADIUS_M * atan2(sqrt(a), sqrt(1 - a));
}

double geo_haversine_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg)
{
	return geo_haversine_cos_m(lat1_deg, lon1_deg, geo_cos_lat(lat1_deg),
				   lat2_deg, lon2_deg, geo_cos_lat(lat2_deg));
}

/*
 * For |x| <= 0.05, sin x >= x (1 - x^2 / 6) >= 0.9995 x, and asin y >= y:
 * so with |dphi|, |dlambda| <= 0.1 rad the haversine distance is at least
 * R sqrt(0.999 (dphi^2 + cos1 cos2 dlambda^2)).  Asking 0.998 leaves room
 * for the roundings of both computations (each some 1e-15 relative).
 */
bool geo_surely_at_least_m(double lat1_deg, double lon1_deg, double cos_lat1,
			   double lat2_deg, double lon2_deg, double cos_lat2, double min_m)
{
	double dphi = (lat2_deg - lat1_deg) * DEG_TO_RAD;
	double dlam = (lon2_deg - lon1_deg) * DEG_TO_RAD;
	double q = dphi * dphi + cos_lat1 * cos_lat2 * dlam * dlam;

	if (!(fabs(dphi) <= 0.1 && fabs(dlam) <= 0.1))
		return false;
	return 0.998 * GEO_EARTH_RADIUS_M * GEO_EARTH_RADIUS_M * q >= min_m * min_m;
}
