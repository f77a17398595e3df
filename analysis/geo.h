/*
 * geo.h - great-circle distance on a spherical Earth.  Pure computation.
 * Included by analysis/ and tests.
 */
#ifndef RR_GEO_H
#define RR_GEO_H

#include <stdbool.h>

/* IUGG mean Earth radius R1 = (2a + b) / 3 of WGS 84, metres. */
#define GEO_EARTH_RADIUS_M 6371008.8

/*
 * Haversine distance in metres between two points given in degrees.
 * Callers pass valid coordinates; a NAN in gives NAN out.
 */
double geo_haversine_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

/*
 * The same distance, bit for bit, from each point's geo_cos_lat(): a caller
 * that measures from one point more than once computes its cosine once.
 */
double geo_cos_lat(double lat_deg);
double geo_haversine_cos_m(double lat1_deg, double lon1_deg, double cos_lat1,
			   double lat2_deg, double lon2_deg, double cos_lat2);

/*
 * True when geo_haversine_cos_m() of the same points is surely at least
 * min_m (>= 0), found without trigonometry; false when close or unsure
 * (points more than 0.1 rad apart in latitude or longitude).
 */
bool geo_surely_at_least_m(double lat1_deg, double lon1_deg, double cos_lat1,
			   double lat2_deg, double lon2_deg, double cos_lat2, double min_m);

#endif
