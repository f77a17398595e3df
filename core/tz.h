/*
 * tz.h - time zones as data: fixed offsets, POSIX TZ rules and IANA zones
 * read from TZif bytes (RFC 8536).  Pure: no file access, no TZ environment
 * variable, no localtime(), no global state, so it is safe in threads.
 * Loading the bytes of /usr/share/zoneinfo/NAME is the caller's job
 * (parsers/athlete_ini.h: rr_zone_load).  Included by everyone.
 *
 * Ownership: struct rr_tz owns its transition arrays; rr_tz_release() frees
 * them.  A zone is read-only once built, so threads may share it.
 */
#ifndef RR_TZ_H
#define RR_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define RR_TZ_MAX_OFFSET_S (26 * 3600)	/* RFC 8536 bound on a UT offset */

/* One end of a daylight-saving period in a POSIX TZ string. */
struct rr_tz_rule {
	char kind;		/* 'M' (Mm.w.d), 'J' (Jn, no Feb 29), 'N' (n, from 0) */
	int month, week, wday;	/* M: month 1..12, week 1..5 (5 = last), wday 0 = Sunday */
	int yday;		/* J: 1..365; N: 0..365 */
	int32_t time_s;		/* local wall time of the change, may be < 0 or > 24 h */
};

/* A POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3", offsets east of UTC. */
struct rr_tz_posix {
	int32_t std_off_s;
	int32_t dst_off_s;
	bool has_dst;
	struct rr_tz_rule start, end;	/* only with has_dst */
};

struct rr_tz {
	char name[64];		/* "Europe/Madrid", "+13:00", "UTC" */
	size_t ntrans;
	int64_t *trans_s;	/* ascending UTC instants, owned */
	unsigned char *trans_type;	/* type index in force from trans_s[i], owned */
	size_t ntypes;		/* >= 1 */
	int32_t type_off_s[256];	/* UT offset of each local time type */
	bool has_footer;	/* footer rule applies after the last transition */
	struct rr_tz_posix footer;
};

/* UTC: no transitions, one type at offset 0. */
void rr_tz_init(struct rr_tz *tz);
/* Free the arrays and go back to UTC.  NULL is fine. */
void rr_tz_release(struct rr_tz *tz);

/* A fixed zone at off_s east of UTC, named like "+13:00". */
void rr_tz_set_fixed(struct rr_tz *tz, int32_t off_s);

/*
 * Parse a fixed offset as written in athlete.ini: "+13:00", "-05:30",
 * "+0530", "-03", "UTC", "GMT", "Z", and "UTC+02:00"/"GMT-3" (sign as in
 * ISO 8601: east is positive).  At most 18 hours.  0 or -1.
 */
int rr_tz_parse_offset(const char *s, int32_t *off_s);

/* Format an offset as "+13:00" / "-03:30".  buf >= 16 bytes.  Returns buf. */
char *rr_tz_format_offset(char *buf, size_t size, int32_t off_s);

/*
 * Read a TZif file (versions 1 to 4) from buf[0..len).  Uses the 64-bit
 * data block and the footer when present.  Leap-second records are skipped
 * (runrisk's instants are POSIX time).  name is copied into tz->name.  On
 * failure tz is left as UTC and err says why (RR_EFORMAT or RR_ENOMEM).
 */
enum rr_status rr_tz_parse_tzif(struct rr_tz *tz, const char *name,
				const unsigned char *buf, size_t len,
				struct rr_error *err);

/* Parse a POSIX TZ string (the TZif footer).  0 or -1. */
int rr_tz_parse_posix(const char *s, size_t len, struct rr_tz_posix *out);

/* Offset east of UTC in force at the instant t_s. */
int32_t rr_tz_offset_at(const struct rr_tz *tz, double t_s);
int32_t rr_tz_posix_offset_at(const struct rr_tz_posix *p, double t_s);

/* The local calendar day (epoch day) of the instant t_s. */
int32_t rr_tz_local_day(const struct rr_tz *tz, double t_s);

#endif
