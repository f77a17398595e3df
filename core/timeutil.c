#include "core/timeutil.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

/* Howard Hinnant's days-from-civil algorithm, in era arithmetic. */
int32_t rr_days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void rr_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int32_t rr_floor_day(double t_s)
{
	return (int32_t)floor(t_s / 86400.0);
}

int rr_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)((day % 7 + 7 + 3) % 7);
	return w;
}

static int digits(const char **p, const char *end, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (*p >= end || **p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dm[m - 1];
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A real calendar day (both parsers check dates the same way). */
static bool ymd_ok(int y, int m, int d)
{
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

static int parse_ymd(const char **p, const char *end, int *y, int *m, int *d)
{
	if (digits(p, end, 4, y) || *p >= end || **p != '-' ||
	    (++*p, digits(p, end, 2, m)) || *p >= end || **p != '-' ||
	    (++*p, digits(p, end, 2, d)))
		return -1;
	return ymd_ok(*y, *m, *d) ? 0 : -1;
}

/* The fraction digits after the decimal sign, at most end - p of them; *nd counts them. */
static double read_frac(const char **pp, const char *end, int *nd)
{
	const char *p = *pp;
	double frac = 0.0, scale = 0.1;

	for (*nd = 0; p < end && *p >= '0' && *p <= '9'; p++, ++*nd) {
		frac += (*p - '0') * scale;
		scale /= 10.0;
	}
	*pp = p;
	return frac;
}

/* The parts of an ISO 8601 date-time, as written. */
struct iso_fields {
	int y, mo, d, h, mi, sec;
	double frac;		/* fraction of a second */
	int off;		/* zone offset east of UTC, s */
	unsigned fl;		/* enum rr_time_flags */
};

/* A real time of day: 24:00:00 only exactly, a leap second allowed. */
static bool hms_ok(const struct iso_fields *f)
{
	return f->h <= 24 && f->mi <= 59 && f->sec <= 60 &&
	       !(f->h == 24 && (f->mi || f->sec || f->frac > 0));
}

/* The two digits at p as a number, or -1 when they are not two digits. */
static int digit2(const char *p)
{
	unsigned a = (unsigned)(p[0] - '0'), b = (unsigned)(p[1] - '0');

	return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

/*
 * The form nearly every device writes, "YYYY-MM-DDTHH:MM:SS[.fff]Z", read at
 * fixed offsets.  Returns 0 with the fields when p[0..end) (trimmed) has
 * exactly that form and valid fields; -1 leaves the decision, valid or not,
 * to parse_general(), which would compute the same fields the same way.
 */
static int parse_fixed_utc(const char *p, const char *end, struct iso_fields *f)
{
	int cent, nd;

	if (end - p < 20 || p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' ||
	    p[16] != ':' || end[-1] != 'Z')
		return -1;
	cent = digit2(p);
	f->y = digit2(p + 2);
	f->mo = digit2(p + 5);
	f->d = digit2(p + 8);
	f->h = digit2(p + 11);
	f->mi = digit2(p + 14);
	f->sec = digit2(p + 17);
	if ((cent | f->y | f->mo | f->d | f->h | f->mi | f->sec) < 0)
		return -1;
	f->y += cent * 100;
	f->frac = 0.0;
	f->off = 0;
	f->fl = RR_TIME_HAS_ZONE;
	p += 19;
	if (*p == '.' || *p == ',') {
		p++;
		f->frac = read_frac(&p, end, &nd);
		if (!nd)
			return -1;
		f->fl |= RR_TIME_HAS_FRAC;
	}
	if (p != end - 1)
		return -1;
	return ymd_ok(f->y, f->mo, f->d) && hms_ok(f) ? 0 : -1;
}

/* Every form rr_parse_iso8601() accepts, from p[0..end) (trimmed). */
static int parse_general(const char *p, const char *end, struct iso_fields *f)
{
	f->sec = 0;
	f->frac = 0.0;
	f->off = 0;
	f->fl = 0;
	if (parse_ymd(&p, end, &f->y, &f->mo, &f->d))
		return -1;
	if (p >= end || (*p != 'T' && *p != 't' && *p != ' '))
		return -1;
	p++;
	if (digits(&p, end, 2, &f->h) || p >= end || *p != ':' ||
	    (++p, digits(&p, end, 2, &f->mi)))
		return -1;
	if (p < end && *p == ':') {
		p++;
		if (digits(&p, end, 2, &f->sec))
			return -1;
		if (p < end && (*p == '.' || *p == ',')) {
			int nd;

			p++;
			f->frac = read_frac(&p, end, &nd);
			if (!nd)
				return -1;
			f->fl |= RR_TIME_HAS_FRAC;
		}
	}
	if (!hms_ok(f))
		return -1;
	if (p < end) {
		if (*p == 'Z' || *p == 'z') {
			p++;
			f->fl |= RR_TIME_HAS_ZONE;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om = 0;

			if (digits(&p, end, 2, &oh))
				return -1;
			if (p < end && *p == ':')
				p++;
			if (p < end && digits(&p, end, 2, &om))
				return -1;
			if (oh > 18 || om > 59)
				return -1;
			f->off = sign * (oh * 3600 + om * 60);
			f->fl |= RR_TIME_HAS_ZONE;
		}
	}
	return p == end ? 0 : -1;
}

int rr_parse_iso8601(const char *s, size_t len, double *t_s, int *offset_s,
		     unsigned *flags)
{
	const char *p = s, *end = s + len;
	struct iso_fields f;

	while (p < end && is_ws(*p))
		p++;
	while (end > p && is_ws(end[-1]))
		end--;
	if (parse_fixed_utc(p, end, &f) != 0 && parse_general(p, end, &f) != 0)
		return -1;
	*t_s = (double)rr_days_from_civil(f.y, f.mo, f.d) * 86400.0 + f.h * 3600.0 +
	       f.mi * 60.0 + f.sec + f.frac - f.off;
	if (offset_s)
		*offset_s = f.off;
	if (flags)
		*flags = f.fl;
	return 0;
}

int rr_parse_date(const char *s, size_t len, int32_t *day)
{
	const char *p = s, *end = s + len;
	int y, m, d;

	while (p < end && is_ws(*p))
		p++;
	while (end > p && is_ws(end[-1]))
		end--;
	if (parse_ymd(&p, end, &y, &m, &d) || p != end)
		return -1;
	*day = rr_days_from_civil(y, m, d);
	return 0;
}

char *rr_format_date(char *buf, size_t size, int32_t day)
{
	int y, m, d;

	rr_civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	return buf;
}

char *rr_format_iso8601(char *buf, size_t size, double t_s)
{
	double whole = floor(t_s + 0.5);
	int32_t day = rr_floor_day(whole);
	long rem = (long)(whole - (double)day * 86400.0);
	int y, m, d;

	rr_civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", y, m, d,
		 rem / 3600, rem / 60 % 60, rem % 60);
	return buf;
}
