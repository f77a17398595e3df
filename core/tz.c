#include "core/tz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/timeutil.h"

void rr_tz_init(struct rr_tz *tz)
{
	memset(tz, 0, sizeof(*tz));
	strcpy(tz->name, "UTC");
	tz->ntypes = 1;
}

void rr_tz_release(struct rr_tz *tz)
{
	if (!tz)
		return;
	free(tz->trans_s);
	free(tz->trans_type);
	rr_tz_init(tz);
}

char *rr_tz_format_offset(char *buf, size_t size, int32_t off_s)
{
	long a = off_s < 0 ? -(long)off_s : (long)off_s;

	if (a % 60)
		snprintf(buf, size, "%c%02ld:%02ld:%02ld", off_s < 0 ? '-' : '+',
			 a / 3600, a / 60 % 60, a % 60);
	else
		snprintf(buf, size, "%c%02ld:%02ld", off_s < 0 ? '-' : '+',
			 a / 3600, a / 60 % 60);
	return buf;
}

void rr_tz_set_fixed(struct rr_tz *tz, int32_t off_s)
{
	rr_tz_release(tz);
	tz->type_off_s[0] = off_s;
	rr_tz_format_offset(tz->name, sizeof(tz->name), off_s);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int rr_tz_parse_offset(const char *s, int32_t *off_s)
{
	const char *p = s;
	int sign, h = 0, m = 0, nd = 0;
	size_t n;

	while (*p == ' ' || *p == '\t')
		p++;
	n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if ((n == 1 && (*p == 'Z' || *p == 'z')) ||
	    (n == 3 && (!strncmp(p, "UTC", 3) || !strncmp(p, "GMT", 3)))) {
		*off_s = 0;
		return 0;
	}
	if (n > 3 && (!strncmp(p, "UTC", 3) || !strncmp(p, "GMT", 3))) {
		p += 3;
		n -= 3;
	}
	if (!n || (*p != '+' && *p != '-'))
		return -1;
	sign = *p == '-' ? -1 : 1;
	p++, n--;
	while (nd < 2 && n && is_digit(*p))
		h = h * 10 + (*p - '0'), p++, n--, nd++;
	if (!nd)
		return -1;
	if (n && *p == ':')
		p++, n--;
	if (n) {
		if (n != 2 || !is_digit(p[0]) || !is_digit(p[1]))
			return -1;
		m = (p[0] - '0') * 10 + (p[1] - '0');
	}
	if (h > 18 || m > 59 || (h == 18 && m))
		return -1;
	*off_s = sign * (h * 3600 + m * 60);
	return 0;
}

/* ---- POSIX TZ strings ---- */

struct scan {
	const char *p, *end;
};

static int scan_num(struct scan *sc, int max_digits, int *out)
{
	int v = 0, nd = 0;

	while (sc->p < sc->end && is_digit(*sc->p) && nd < max_digits) {
		v = v * 10 + (*sc->p - '0');
		sc->p++, nd++;
	}
	if (!nd)
		return -1;
	*out = v;
	return 0;
}

/* A zone abbreviation: <...> or at least three letters. */
static int scan_name(struct scan *sc)
{
	const char *start = sc->p;

	if (sc->p < sc->end && *sc->p == '<') {
		while (sc->p < sc->end && *sc->p != '>')
			sc->p++;
		if (sc->p >= sc->end)
			return -1;
		sc->p++;
		return sc->p - start >= 3 ? 0 : -1;
	}
	while (sc->p < sc->end &&
	       ((*sc->p >= 'A' && *sc->p <= 'Z') || (*sc->p >= 'a' && *sc->p <= 'z')))
		sc->p++;
	return sc->p - start >= 3 ? 0 : -1;
}

/* [+-]hh[:mm[:ss]], hours up to 167 (RFC 8536 extension); seconds out. */
static int scan_hms(struct scan *sc, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;

	if (sc->p < sc->end && (*sc->p == '+' || *sc->p == '-'))
		sign = *sc->p++ == '-' ? -1 : 1;
	if (scan_num(sc, 3, &h) || h > 167)
		return -1;
	if (sc->p < sc->end && *sc->p == ':') {
		sc->p++;
		if (scan_num(sc, 2, &m) || m > 59)
			return -1;
		if (sc->p < sc->end && *sc->p == ':') {
			sc->p++;
			if (scan_num(sc, 2, &s) || s > 59)
				return -1;
		}
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return 0;
}

static int scan_rule(struct scan *sc, struct rr_tz_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->time_s = 2 * 3600;
	if (sc->p < sc->end && *sc->p == 'M') {
		sc->p++;
		r->kind = 'M';
		if (scan_num(sc, 2, &r->month) || r->month < 1 || r->month > 12 ||
		    sc->p >= sc->end || *sc->p++ != '.' ||
		    scan_num(sc, 1, &r->week) || r->week < 1 || r->week > 5 ||
		    sc->p >= sc->end || *sc->p++ != '.' ||
		    scan_num(sc, 1, &r->wday) || r->wday > 6)
			return -1;
	} else if (sc->p < sc->end && *sc->p == 'J') {
		sc->p++;
		r->kind = 'J';
		if (scan_num(sc, 3, &r->yday) || r->yday < 1 || r->yday > 365)
			return -1;
	} else {
		r->kind = 'N';
		if (scan_num(sc, 3, &r->yday) || r->yday > 365)
			return -1;
	}
	if (sc->p < sc->end && *sc->p == '/') {
		sc->p++;
		if (scan_hms(sc, &r->time_s))
			return -1;
	}
	return 0;
}

int rr_tz_parse_posix(const char *s, size_t len, struct rr_tz_posix *out)
{
	struct scan sc = { s, s + len };
	struct rr_tz_posix z;
	int32_t v;

	memset(&z, 0, sizeof(z));
	if (scan_name(&sc) || scan_hms(&sc, &v))
		return -1;
	z.std_off_s = -v;	/* POSIX counts west of Greenwich as positive */
	if (sc.p < sc.end) {
		if (scan_name(&sc))
			return -1;
		z.has_dst = true;
		z.dst_off_s = z.std_off_s + 3600;
		if (sc.p < sc.end && *sc.p != ',') {
			if (scan_hms(&sc, &v))
				return -1;
			z.dst_off_s = -v;
		}
		if (sc.p < sc.end) {
			sc.p++;	/* ',' */
			if (scan_rule(&sc, &z.start) || sc.p >= sc.end ||
			    *sc.p++ != ',' || scan_rule(&sc, &z.end))
				return -1;
		} else {
			/* POSIX leaves the default to the implementation; use the US rule. */
			struct scan d = { "M3.2.0,M11.1.0", NULL };

			d.end = d.p + strlen(d.p);
			if (scan_rule(&d, &z.start) || (d.p++, scan_rule(&d, &z.end)))
				return -1;
		}
	}
	if (sc.p != sc.end)
		return -1;
	if (labs((long)z.std_off_s) > RR_TZ_MAX_OFFSET_S ||
	    labs((long)z.dst_off_s) > RR_TZ_MAX_OFFSET_S)
		return -1;
	*out = z;
	return 0;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local wall-clock second (since the epoch, as if UTC) of a rule in year y. */
static int64_t rule_local_s(const struct rr_tz_rule *r, int y)
{
	int32_t day;

	if (r->kind == 'J') {
		day = rr_days_from_civil(y, 1, 1) + r->yday - 1;
		if (is_leap(y) && r->yday >= 60)
			day++;
	} else if (r->kind == 'N') {
		day = rr_days_from_civil(y, 1, 1) + r->yday;
	} else {
		int32_t first = rr_days_from_civil(y, r->month, 1);
		int wd_first = (rr_weekday(first) + 1) % 7;	/* 0 = Sunday */
		int mdays;
		int32_t next;

		day = first + (r->wday - wd_first + 7) % 7 + 7 * (r->week - 1);
		next = r->month == 12 ? rr_days_from_civil(y + 1, 1, 1) :
					rr_days_from_civil(y, r->month + 1, 1);
		mdays = (int)(next - first);
		while (day - first >= mdays)
			day -= 7;
	}
	return (int64_t)day * 86400 + r->time_s;
}

int32_t rr_tz_posix_offset_at(const struct rr_tz_posix *p, double t_s)
{
	int64_t t, start, end;
	int y, m, d;

	if (!p->has_dst || !isfinite(t_s))
		return p->std_off_s;
	t = (int64_t)floor(t_s);
	rr_civil_from_days(rr_floor_day((double)(t + p->std_off_s)), &y, &m, &d);
	/* The start is written in standard time, the end in daylight time. */
	start = rule_local_s(&p->start, y) - p->std_off_s;
	end = rule_local_s(&p->end, y) - p->dst_off_s;
	if (start < end)
		return t >= start && t < end ? p->dst_off_s : p->std_off_s;
	/* Southern hemisphere: daylight time spans the new year. */
	return t >= end && t < start ? p->std_off_s : p->dst_off_s;
}

/* ---- TZif (RFC 8536) ---- */

static uint32_t be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int64_t be64(const unsigned char *b)
{
	return (int64_t)((uint64_t)be32(b) << 32 | be32(b + 4));
}

struct tzif_hdr {
	char version;
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int tzif_header(const unsigned char *b, size_t len, struct tzif_hdr *h)
{
	if (len < 44 || memcmp(b, "TZif", 4))
		return -1;
	h->version = (char)b[4];
	h->isutcnt = be32(b + 20);
	h->isstdcnt = be32(b + 24);
	h->leapcnt = be32(b + 28);
	h->timecnt = be32(b + 32);
	h->typecnt = be32(b + 36);
	h->charcnt = be32(b + 40);
	if (h->typecnt == 0 || h->typecnt > 256 || h->timecnt > 1000000 ||
	    h->leapcnt > 100000 || h->charcnt > 100000 ||
	    (h->isutcnt && h->isutcnt != h->typecnt) ||
	    (h->isstdcnt && h->isstdcnt != h->typecnt))
		return -1;
	return 0;
}

/* Bytes of the data block after the header, for time size tsz (4 or 8). */
static size_t tzif_block_len(const struct tzif_hdr *h, size_t tsz)
{
	return (size_t)h->timecnt * tsz + h->timecnt + (size_t)h->typecnt * 6 +
	       h->charcnt + (size_t)h->leapcnt * (tsz + 4) + h->isstdcnt + h->isutcnt;
}

enum rr_status rr_tz_parse_tzif(struct rr_tz *tz, const char *name,
				const unsigned char *buf, size_t len,
				struct rr_error *err)
{
	struct tzif_hdr h;
	const unsigned char *data, *types;
	size_t tsz = 4, blk, i;
	struct rr_tz z;

	rr_tz_release(tz);
	if (tzif_header(buf, len, &h))
		return rr_error_set(err, RR_EFORMAT, 0, 0, "%s: not a TZif file", name);
	blk = tzif_block_len(&h, 4);
	if (len - 44 < blk)
		return rr_error_set(err, RR_EFORMAT, 0, 0, "%s: truncated TZif data", name);
	data = buf + 44;
	if (h.version >= '2') {
		const unsigned char *b2 = data + blk;
		size_t left = len - 44 - blk;

		if (tzif_header(b2, left, &h))
			return rr_error_set(err, RR_EFORMAT, 0, 0,
					    "%s: bad TZif version 2 header", name);
		tsz = 8;
		blk = tzif_block_len(&h, 8);
		if (left - 44 < blk)
			return rr_error_set(err, RR_EFORMAT, 0, 0,
					    "%s: truncated TZif data", name);
		data = b2 + 44;
	}

	rr_tz_init(&z);
	snprintf(z.name, sizeof(z.name), "%s", name);
	z.ntypes = h.typecnt;
	types = data + (size_t)h.timecnt * tsz + h.timecnt;
	for (i = 0; i < h.typecnt; i++) {
		int32_t off = (int32_t)be32(types + 6 * i);

		if (off < -RR_TZ_MAX_OFFSET_S || off > RR_TZ_MAX_OFFSET_S)
			return rr_error_set(err, RR_EFORMAT, 0, 0,
					    "%s: offset out of range", name);
		z.type_off_s[i] = off;
	}
	if (h.timecnt) {
		z.trans_s = rr_alloc_array(h.timecnt, sizeof(*z.trans_s));
		z.trans_type = rr_alloc_array(h.timecnt, 1);
		if (!z.trans_s || !z.trans_type) {
			free(z.trans_s);
			free(z.trans_type);
			rr_tz_init(tz);
			return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		}
	}
	for (i = 0; i < h.timecnt; i++) {
		const unsigned char *t = data + i * tsz;

		z.trans_s[i] = tsz == 8 ? be64(t) : (int64_t)(int32_t)be32(t);
		z.trans_type[i] = data[(size_t)h.timecnt * tsz + i];
		if (z.trans_type[i] >= h.typecnt ||
		    (i && z.trans_s[i] <= z.trans_s[i - 1])) {
			free(z.trans_s);
			free(z.trans_type);
			rr_tz_init(tz);
			return rr_error_set(err, RR_EFORMAT, 0, 0,
					    "%s: bad TZif transition %zu", name, i);
		}
	}
	z.ntrans = h.timecnt;

	if (tsz == 8) {
		const unsigned char *f = data + blk, *end = buf + len, *nl;

		/* Footer: "\n" POSIX-TZ "\n"; an empty one means no rule. */
		if (f < end && *f == '\n') {
			nl = memchr(f + 1, '\n', (size_t)(end - f - 1));
			if (nl && nl > f + 1 &&
			    rr_tz_parse_posix((const char *)f + 1, (size_t)(nl - f - 1),
					      &z.footer) == 0)
				z.has_footer = true;
		}
	}
	*tz = z;
	return RR_OK;
}

int32_t rr_tz_offset_at(const struct rr_tz *tz, double t_s)
{
	size_t lo, hi;
	int64_t t;

	if (!isfinite(t_s))
		return tz->type_off_s[0];
	t = (int64_t)floor(t_s);
	if (!tz->ntrans)
		return tz->has_footer ? rr_tz_posix_offset_at(&tz->footer, t_s) :
					tz->type_off_s[0];
	if (t < tz->trans_s[0])
		return tz->type_off_s[0];
	if (t >= tz->trans_s[tz->ntrans - 1] && tz->has_footer)
		return rr_tz_posix_offset_at(&tz->footer, t_s);
	/* Last transition at or before t. */
	lo = 0;
	hi = tz->ntrans;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (tz->trans_s[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return tz->type_off_s[tz->trans_type[lo]];
}

int32_t rr_tz_local_day(const struct rr_tz *tz, double t_s)
{
	return rr_floor_day(t_s + rr_tz_offset_at(tz, t_s));
}
