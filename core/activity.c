#include "core/activity.h"

#include <math.h>
#include <string.h>

const char *rr_format_name(enum rr_format f)
{
	switch (f) {
	case RR_FORMAT_GPX:	return "gpx";
	case RR_FORMAT_TCX:	return "tcx";
	case RR_FORMAT_FIT:	return "fit";
	case RR_FORMAT_UNKNOWN:	break;
	}
	return "unknown";
}

void rr_point_init(struct rr_point *p)
{
	p->t_s = p->lat_deg = p->lon_deg = p->ele_m = p->dist_m = NAN;
	p->speed_mps = p->hr_bpm = p->cad_rpm = p->temp_c = p->power_w = NAN;
	p->segment = 0;
}

void rr_meta_init(struct rr_meta *m, enum rr_format f)
{
	memset(m, 0, sizeof(*m));
	m->format = f;
	m->start_t_s = NAN;
	m->lap_distance_m = m->lap_time_s = m->lap_calories = NAN;
	m->lap_hr_max = NAN;
}

void rr_limits_default(struct rr_limits *l)
{
	l->max_bytes = 1024ULL * 1024 * 1024;	/* 1 GiB of XML is ~5M points */
	l->max_depth = 256;			/* GPX/TCX need fewer than 12 */
	l->max_points = 10ULL * 1000 * 1000;
	l->max_activities = 1000;
}
