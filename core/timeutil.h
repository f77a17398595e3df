/* timeutil.h - calendar arithmetic and ISO 8601 parsing.  Included by everyone. */
#ifndef RR_TIMEUTIL_H
#define RR_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Instants are double seconds since 1970-01-01T00:00:00Z (UTC, no leap
 * seconds); days are int32 days since 1970-01-01 ("epoch days").  Both are
 * proleptic Gregorian, valid for years 1..9999.
 */

#define RR_NO_DAY INT32_MIN

/*
 * Plausible instants for a recorded activity: from 1980-01-06 (the GPS
 * epoch: a watch cannot know an earlier time, and a broken clock says 1970)
 * to 2100-01-01.  Point times outside are dropped; runs outside do not count.
 */
#define RR_T_MIN_S 315964800.0
#define RR_T_MAX_S 4102444800.0

int32_t rr_days_from_civil(int y, int m, int d);
void rr_civil_from_days(int32_t days, int *y, int *m, int *d);
int32_t rr_floor_day(double t_s);		/* epoch day of an instant (UTC) */
int rr_weekday(int32_t day);			/* 0 = Monday .. 6 = Sunday */

enum rr_time_flags {
	RR_TIME_HAS_ZONE = 1 << 0,	/* 'Z' or a numeric offset was given */
	RR_TIME_HAS_FRAC = 1 << 1
};

/*
 * Parse an ISO 8601 date-time: "2024-05-01T06:30:00Z", "...+01:00",
 * "...+0100", "...-05", fractions of any length, a space instead of 'T',
 * no zone (read as UTC; RR_TIME_HAS_ZONE stays clear).  Leading and trailing
 * white space is ignored.  On success returns 0, sets *t_s to the UTC
 * instant, *offset_s to the zone offset east of UTC (0 when none) and
 * *flags.  Returns -1 for anything else, including out-of-range fields.
 * Any output pointer but t_s may be NULL.
 */
int rr_parse_iso8601(const char *s, size_t len, double *t_s, int *offset_s,
		     unsigned *flags);

/* Parse "YYYY-MM-DD" into an epoch day; -1 on error. */
int rr_parse_date(const char *s, size_t len, int32_t *day);

/* "2024-05-01T06:30:00Z" (whole seconds, UTC).  buf >= 32 bytes. */
char *rr_format_iso8601(char *buf, size_t size, double t_s);
/* "2024-05-01".  buf >= 16 bytes. */
char *rr_format_date(char *buf, size_t size, int32_t day);

#endif
