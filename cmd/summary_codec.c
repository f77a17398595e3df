#include "cmd/summary_codec.h"

#include <string.h>

#include "core/hash.h"

uint64_t summary_layout(uint64_t seed)
{
#define OFF(f) (uint64_t)offsetof(struct run_summary, f)
	const uint64_t v[] = {
		sizeof(struct run_summary), sizeof(bool), sizeof(enum rr_format),
		sizeof(double), sizeof(float), RR_SPEED_BINS, RR_HR_BINS,
		RR_GRADE_BANDS, RR_META_TEXT,
		OFF(format), OFF(sport), OFF(sub_sport), OFF(name), OFF(device), OFF(route),
		OFF(running), OFF(activity_index), OFF(klass), OFF(class_why),
		OFF(class_value_mps), OFF(speed_median_mps), OFF(speed_p90_mps),
		OFF(start_t_s), OFF(tz_offset_s),
		OFF(tz_known), OFF(elapsed_s), OFF(moving_s), OFF(distance_m),
		OFF(gps_distance_m), OFF(device_distance_m), OFF(ascent_m),
		OFF(descent_m), OFF(ascent_raw_m), OFF(descent_raw_m), OFF(points),
		OFF(dropped_points), OFF(hr_avg), OFF(hr_max), OFF(hr_min),
		OFF(cadence_avg), OFF(pace_s_per_km), OFF(gap_pace_s_per_km),
		OFF(fast_s), OFF(surges), OFF(climb_per_km), OFF(late_ascent_m),
		OFF(late_ascent_60_m), OFF(trimp),
		OFF(calf_load), OFF(grade_band_m), OFF(ascent_after_km_m), RR_LATE_KM_MAX, OFF(speed_hist_s), OFF(hr_hist_s),
	};
#undef OFF
	return rr_hash64(v, sizeof(v), seed);
}

/* Check the bytes of one stored summary before they become a struct. */
static bool summary_bytes_ok(const unsigned char *p)
{
	const size_t bools[] = {
		offsetof(struct run_summary, route),
		offsetof(struct run_summary, running),
		offsetof(struct run_summary, tz_known),
	};
	enum rr_class k;
	enum rr_class_why why;
	size_t i;

	for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++)
		if (p[bools[i]] > 1)
			return false;
	/* Renderers index tables by these: a forged value must not reach them. */
	memcpy(&k, p + offsetof(struct run_summary, klass), sizeof(k));
	memcpy(&why, p + offsetof(struct run_summary, class_why), sizeof(why));
	return (unsigned)k < RR_CLASS_COUNT && (unsigned)why < RR_WHY_COUNT;
}

bool summary_format_ok(unsigned v)
{
	return v <= RR_FORMAT_FIT;
}

bool summary_decode(struct run_summary *out, const unsigned char *p)
{
	if (!summary_bytes_ok(p))
		return false;
	memcpy(out, p, sizeof(*out));
	if (!summary_format_ok((unsigned)out->format))
		return false;
	out->sport[sizeof(out->sport) - 1] = '\0';
	out->name[sizeof(out->name) - 1] = '\0';
	out->device[sizeof(out->device) - 1] = '\0';
	return true;
}

void summary_encode(struct wbuf *b, const struct run_summary *runs, size_t n)
{
	if (n)
		wbuf_add(b, runs, n * sizeof(*runs));
}
