#include "core/athlete.h"

#include <math.h>
#include <string.h>

#include "core/timeutil.h"

void rr_athlete_init(struct rr_athlete *a)
{
	size_t i;

	memset(a, 0, sizeof(*a));
	a->hr_rest_bpm = NAN;
	a->hr_max_bpm = NAN;
	a->threshold_pace_s_per_km = NAN;
	a->late_km = RR_LATE_KM_DEFAULT;
	for (i = 0; i < RR_MAX_SHOES; i++) {
		struct rr_shoe *s = &a->shoes[i];

		s->start_km = 0.0;
		s->first_use_day = RR_NO_DAY;
		s->retire_day = RR_NO_DAY;
		s->heel_drop_mm = NAN;
		s->retire_at_km = NAN;
	}
}
