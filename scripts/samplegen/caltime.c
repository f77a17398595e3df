/*
 * caltime.c - proleptic Gregorian dates as epoch days, and the EU
 * summer-time rule (the only one the sample athletes need).  Pure integer
 * arithmetic: no TZ database, no locale, no libc time functions.
 */
#include <stdio.h>
#include <string.h>

#include "scripts/samplegen/samplegen.h"

/* Days since 1970-01-01; the era-based method (400-year cycles). */
int32_t day_from_civil(int y, int m, int d)
{
	int yy = y - (m <= 2);
	int era = (yy >= 0 ? yy : yy - 399) / 400;
	int yoe = yy - era * 400;
	int mp = (m + 9) % 12;			/* March = 0 */
	int doy = (153 * mp + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)era * 146097 + doe - 719468;
}

void civil_from_day(int32_t day, int *y, int *m, int *d)
{
	int32_t z = day + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int32_t day_parse(const char *ymd)
{
	int y, m, d;
	char tail;

	if (sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		die("bad date literal '%s'", ymd);
	return day_from_civil(y, m, d);
}

void day_format(int32_t day, char out[11])
{
	int y, m, d;

	civil_from_day(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

int weekday_mon0(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	return (int)(((day % 7) + 7 + 3) % 7);
}

static int32_t last_sunday(int y, int m)
{
	int32_t last = day_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;

	return last - (weekday_mon0(last) + 1) % 7;
}

int zone_offset_at(const struct zone *z, int64_t utc_s)
{
	if (z->eu_dst) {
		int y, m, d;
		int32_t day = (int32_t)((utc_s >= 0 ? utc_s : utc_s - 86399) / 86400);

		civil_from_day(day, &y, &m, &d);
		int64_t on = (int64_t)last_sunday(y, 3) * 86400 + 3600;
		int64_t off = (int64_t)last_sunday(y, 10) * 86400 + 3600;

		if (utc_s >= on && utc_s < off)
			return z->std_offset_s + 3600;
	}
	return z->std_offset_s;
}

/* Local wall time to UTC; in the repeated hour the earlier (summer) reading wins. */
int64_t zone_local_to_utc(const struct zone *z, int32_t day, int sec_of_day)
{
	int64_t local = (int64_t)day * 86400 + sec_of_day;
	int64_t summer = local - (z->std_offset_s + 3600);

	if (z->eu_dst && zone_offset_at(z, summer) == z->std_offset_s + 3600)
		return summer;
	return local - z->std_offset_s;
}

void time_format(char *out, size_t cap, int64_t utc_s, enum time_style st, const struct zone *z)
{
	int off = st == TS_OFFSET_MS ? zone_offset_at(z, utc_s) : 0;
	int64_t t = utc_s + off;
	int32_t day = (int32_t)((t >= 0 ? t : t - 86399) / 86400);
	int sod = (int)(t - (int64_t)day * 86400);
	int y, m, d;

	civil_from_day(day, &y, &m, &d);
	switch (st) {
	case TS_Z:
		snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
			 sod / 3600, sod / 60 % 60, sod % 60);
		break;
	case TS_Z_MS:
		snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", y, m, d,
			 sod / 3600, sod / 60 % 60, sod % 60);
		break;
	case TS_OFFSET_MS: {
		int a = off < 0 ? -off : off;

		snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.000%c%02d:%02d", y, m, d,
			 sod / 3600, sod / 60 % 60, sod % 60, off < 0 ? '-' : '+',
			 a / 3600, a / 60 % 60);
		break;
	}
	}
}
