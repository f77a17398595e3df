/*
 * libFuzzer target: the time-zone readers in core/tz.c: TZif bytes
 * (RFC 8536), the POSIX TZ footer string, fixed offsets; then lookups.
 * Zone files come from the system, but the name an athlete.ini gives picks
 * which one, and a broken or foreign zoneinfo tree must not crash a report.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void probe(const struct rr_tz *tz)
{
	static const double t[] = { -1e12, -2.2e9, 0, 1.7e9, 4.1e9, 1e12, 0.0 / 0.0 };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int32_t off = rr_tz_offset_at(tz, t[i]);

		if (off < -RR_TZ_MAX_OFFSET_S || off > RR_TZ_MAX_OFFSET_S)
			abort();
		(void)rr_tz_local_day(tz, t[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rr_tz tz;
	struct rr_tz_posix px;
	struct rr_error err = RR_ERROR_INIT;
	char *s, buf[16];
	int32_t off;

	rr_tz_init(&tz);
	if (rr_tz_parse_tzif(&tz, "Fuzz/Zone", data, size, &err) == RR_OK) {
		if (tz.ntypes < 1 || tz.ntypes > 256)
			abort();
		probe(&tz);
	} else if (tz.ntrans != 0 || tz.ntypes != 1 || err.code == RR_OK) {
		abort();	/* left as UTC, with a reason */
	}
	rr_tz_release(&tz);

	if (rr_tz_parse_posix((const char *)data, size, &px) == 0) {
		static const double t[] = { -1e12, 0, 1.7e9, 1e12 };
		size_t i;

		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
			(void)rr_tz_posix_offset_at(&px, t[i]);
	}

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (rr_tz_parse_offset(s, &off) == 0) {
		if (off < -18 * 3600 || off > 18 * 3600)
			abort();
		rr_tz_format_offset(buf, sizeof(buf), off);
		rr_tz_set_fixed(&tz, off);
		probe(&tz);
		rr_tz_release(&tz);
	}
	free(s);
	return 0;
}
