/*
 * test_config.c - athlete.ini (libinih), pain.csv (libcsv) and time zones
 * (fixed offsets, POSIX rules, TZif files from /usr/share/zoneinfo).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/athlete.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "core/tz.h"
#include "parsers/athlete_ini.h"
#include "parsers/pain_csv.h"

static int32_t day_of(const char *ymd)
{
	int32_t d = 0;

	assert_int_equal(rr_parse_date(ymd, strlen(ymd), &d), 0);
	return d;
}

static double instant(const char *iso)
{
	double t = NAN;

	assert_int_equal(rr_parse_iso8601(iso, strlen(iso), &t, NULL, NULL), 0);
	return t;
}

/* ---- athlete.ini ---- */

static const char full_ini[] =
	"; athlete.ini for a test\n"
	"[athlete]\n"
	"name = Ana\n"
	"timezone = Europe/Madrid        ; IANA name\n"
	"sex = f\n"
	"hr_rest = 50\n"
	"hr_max = 190\n"
	"threshold_pace = 4:10\n"
	"\n"
	"[thresholds]\n"
	"long_run_spike_moderate = 0.25\n"
	"shoe_warn_km = 450\n"
	"\n"
	"[shoe \"Pegasus 39\"]\n"
	"start_km = 120\n"
	"first_use = 2024-01-10\n"
	"retire = 2024-09-01\n"
	"heel_drop_mm = 10\n"
	"retire_at_km = 700\n"
	"keyword = pegasus\n"
	"\n"
	"[shoe \"Vaporfly\"]\n"
	"heel_drop_mm = 8\n"
	"keyword = race\n";

static void ini_all_fields(void **state)
{
	struct rr_athlete a;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	assert_int_equal(rr_athlete_ini_parse(&a, full_ini, strlen(full_ini), &err), RR_OK);
	assert_int_equal(err.code, RR_OK);
	assert_string_equal(a.name, "Ana");
	assert_string_equal(a.timezone, "Europe/Madrid");
	assert_int_equal(a.sex, 'f');
	assert_float_equal(a.hr_rest_bpm, 50, 0);
	assert_float_equal(a.hr_max_bpm, 190, 0);
	assert_float_equal(a.threshold_pace_s_per_km, 250, 0);
	assert_int_equal(a.noverrides, 2);
	assert_string_equal(a.overrides[0].key, "long_run_spike_moderate");
	assert_float_equal(a.overrides[0].value, 0.25, 1e-12);
	assert_string_equal(a.overrides[1].key, "shoe_warn_km");
	assert_float_equal(a.overrides[1].value, 450, 0);
	assert_int_equal(a.nshoes, 2);
	assert_string_equal(a.shoes[0].name, "Pegasus 39");
	assert_float_equal(a.shoes[0].start_km, 120, 0);
	assert_int_equal(a.shoes[0].first_use_day, day_of("2024-01-10"));
	assert_int_equal(a.shoes[0].retire_day, day_of("2024-09-01"));
	assert_float_equal(a.shoes[0].heel_drop_mm, 10, 0);
	assert_float_equal(a.shoes[0].retire_at_km, 700, 0);
	assert_string_equal(a.shoes[0].keyword, "pegasus");
	assert_string_equal(a.shoes[1].name, "Vaporfly");
	assert_float_equal(a.shoes[1].start_km, 0, 0);
	assert_int_equal(a.shoes[1].first_use_day, RR_NO_DAY);
	assert_int_equal(a.shoes[1].retire_day, RR_NO_DAY);
	assert_true(isnan(a.shoes[1].retire_at_km));
	assert_string_equal(a.shoes[1].keyword, "race");
}

static void ini_defaults_unknown(void **state)
{
	struct rr_athlete a;
	struct rr_error err = RR_ERROR_INIT;
	const char *txt = "[athlete]\r\nname = \"Bo\"\r\n[shoe Trail]\r\n";

	(void)state;
	/* CRLF, quoted value, a shoe section with no keys, missing everything else */
	assert_int_equal(rr_athlete_ini_parse(&a, txt, strlen(txt), &err), RR_OK);
	assert_string_equal(a.name, "Bo");
	assert_string_equal(a.timezone, "");
	assert_int_equal(a.sex, 0);
	assert_true(isnan(a.hr_rest_bpm));
	assert_true(isnan(a.hr_max_bpm));
	assert_true(isnan(a.threshold_pace_s_per_km));
	assert_int_equal(a.nshoes, 1);
	assert_string_equal(a.shoes[0].name, "Trail");
	assert_true(isnan(a.shoes[0].heel_drop_mm));
	assert_int_equal(a.noverrides, 0);
	assert_int_equal(a.late_km, 6);
	assert_int_equal(a.surface_words[RR_SKW_SOFT].set, 0);
}

/* Parse txt, expect RR_ECONFIG at line, with want in the message. */
static void expect_ini_error(const char *txt, unsigned long line, const char *want)
{
	struct rr_athlete a;
	struct rr_error err = RR_ERROR_INIT;

	assert_int_equal(rr_athlete_ini_parse(&a, txt, strlen(txt), &err), RR_ECONFIG);
	assert_int_equal(err.code, RR_ECONFIG);
	if (err.line != line || !strstr(err.msg, want))
		fail_msg("for %s got line %lu \"%s\", want line %lu \"%s\"", txt,
			 err.line, err.msg, line, want);
}

/* late_km and the surface keyword lists of [athlete]. */
static void ini_late_km_and_surfaces(void **state)
{
	struct rr_athlete a;
	struct rr_error err = RR_ERROR_INIT;
	const char *txt = "[athlete]\nlate_km = 4\nsurface_soft = Playa, ARENA ,barro\n"
			  "surface_track =\n";

	(void)state;
	assert_int_equal(rr_athlete_ini_parse(&a, txt, strlen(txt), &err), RR_OK);
	assert_int_equal(a.late_km, 4);
	assert_int_equal(a.surface_words[RR_SKW_SOFT].set, 1);
	assert_int_equal(a.surface_words[RR_SKW_SOFT].n, 3);
	assert_string_equal(a.surface_words[RR_SKW_SOFT].w[0], "playa");	/* lower case */
	assert_string_equal(a.surface_words[RR_SKW_SOFT].w[1], "arena");	/* trimmed */
	assert_string_equal(a.surface_words[RR_SKW_SOFT].w[2], "barro");
	/* an empty list is set: no name makes a run a track run */
	assert_int_equal(a.surface_words[RR_SKW_TRACK].set, 1);
	assert_int_equal(a.surface_words[RR_SKW_TRACK].n, 0);
	assert_int_equal(a.surface_words[RR_SKW_TRAIL].set, 0);

	expect_ini_error("[athlete]\nname = A\nlate_km = 0\n", 3, "outside 1..100");
	expect_ini_error("[athlete]\nlate_km = 101\n", 2, "outside 1..100");
	expect_ini_error("[athlete]\nlate_km = 6.5\n", 2, "whole km");
	expect_ini_error("[athlete]\nlate_km = six\n", 2, "not a number");
	expect_ini_error("[athlete]\nsurface_soft = sand,,mud\n", 2, "surface_soft");
	expect_ini_error("[athlete]\nsurface_trail = monte,\n", 2, "no word after it");
	expect_ini_error("[athlete]\nsurface_indoor = a,b,c,d,e,f,g,h,i\n", 2, "more than 8");
	expect_ini_error("[athlete]\nsurface_soft = averyveryverylongkeyword1\n", 2,
			 "1..23 bytes");
}

static void ini_bad_values(void **state)
{
	(void)state;
	expect_ini_error("[athlete]\nname = X\nhr_max = abc\n", 3, "hr_max");
	expect_ini_error("[athlete]\nhr_max = 400\n", 2, "outside");
	expect_ini_error("[athlete]\nsex = x\n", 2, "sex");
	expect_ini_error("[athlete]\nthreshold_pace = 4.10\n", 2, "threshold_pace");
	expect_ini_error("[athlete]\nthreshold_pace = 4:75\n", 2, "threshold_pace");
	expect_ini_error("[athlete]\ntimezone = ../../etc/passwd\n", 2, "timezone");
	expect_ini_error("[athlete]\nhr_rest = 95\nhr_max = 90\n", 3, "hr_rest");
	expect_ini_error("[athlete]\nfoo = 1\n", 2, "unknown key \"foo\"");
	expect_ini_error("\n[coach]\nx = 1\n", 3, "unknown section");
	expect_ini_error("[thresholds]\nacwr_warn = high\n", 2, "not a number");
	expect_ini_error("[thresholds]\nACWR warn = 1\n", 2, "not a threshold name");
	expect_ini_error("[shoe \"A\"]\nstart_km = 10\nfirst_use = 2024-13-01\n", 3,
			 "first_use");
	expect_ini_error("[shoe \"A\"]\nheel_drop_mm = -2\n", 2, "heel_drop_mm");
	expect_ini_error("[shoe \"A\"]\nfirst_use = 2024-05-01\nretire = 2024-04-01\n",
			 1, "retire is before first_use");
	expect_ini_error("[shoe \"\"]\n", 1, "needs a name");
	expect_ini_error("[shoe \"A\"]\ncolour = red\n", 2, "unknown key");
	/* syntax errors found by libinih itself */
	expect_ini_error("[athlete]\nname = A\nthis line has no equals sign\n", 3,
			 "key = value");
	expect_ini_error("[athlete\nname = A\n", 1, "key = value");
}

static void ini_long_line(void **state)
{
	char txt[1024];

	(void)state;
	snprintf(txt, sizeof(txt), "[athlete]\nname = A\n; %0400d\nsex = f\n", 0);
	expect_ini_error(txt, 3, "longer than");
}

static void ini_too_many_shoes(void **state)
{
	char txt[4096];
	size_t n = 0;
	int i;

	(void)state;
	for (i = 0; i < 33; i++)
		n += (size_t)snprintf(txt + n, sizeof(txt) - n, "[shoe \"S%d\"]\n", i);
	expect_ini_error(txt, 33, "more than 32 shoes");
}

static void ini_load_file(void **state)
{
	char path[] = "/tmp/rr_test_iniXXXXXX";
	struct rr_athlete a;
	struct rr_error err = RR_ERROR_INIT;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, full_ini, strlen(full_ini)), (ssize_t)strlen(full_ini));
	assert_int_equal(close(fd), 0);
	assert_int_equal(rr_athlete_ini_load(&a, path, &err), RR_OK);
	assert_string_equal(a.shoes[0].name, "Pegasus 39");
	unlink(path);
	assert_int_equal(rr_athlete_ini_load(&a, path, &err), RR_EIO);
}

/* ---- pain.csv ---- */

static void pain_quoted(void **state)
{
	const char *txt =
		"date,side,severity,note\n"
		"2024-05-01,left,4,\"tight after hills, stairs hurt\"\n"
		"2024-05-03,Right,,\"line one\nline two, with comma\"\n"
		"\n"
		"2024-05-05,both,7/10,\"she said \"\"ouch\"\"\"\r\n"
		"2024-05-06,,0,plain";
	struct rr_pain *p;
	struct rr_error err = RR_ERROR_INIT;
	size_t n;

	(void)state;
	assert_int_equal(rr_pain_parse(txt, strlen(txt), &p, &n, &err), RR_OK);
	assert_int_equal(n, 4);
	assert_int_equal(p[0].day, day_of("2024-05-01"));
	assert_string_equal(p[0].side, "left");
	assert_int_equal(p[0].severity, 4);
	assert_string_equal(p[0].note, "tight after hills, stairs hurt");
	assert_int_equal(p[1].day, day_of("2024-05-03"));
	assert_string_equal(p[1].side, "right");
	assert_int_equal(p[1].severity, -1);
	assert_string_equal(p[1].note, "line one\nline two, with comma");
	assert_string_equal(p[2].side, "both");
	assert_int_equal(p[2].severity, 7);
	assert_string_equal(p[2].note, "she said \"ouch\"");
	assert_string_equal(p[3].side, "");
	assert_int_equal(p[3].severity, 0);
	assert_string_equal(p[3].note, "plain");
	free(p);
}

static void pain_header_order_and_none(void **state)
{
	const char *a = "Note,Date,Severity\n\"x, y\",2024-02-29,3\n";
	const char *b = "2024-02-28,l,2,no header\n";
	struct rr_pain *p;
	struct rr_error err = RR_ERROR_INIT;
	size_t n;

	(void)state;
	assert_int_equal(rr_pain_parse(a, strlen(a), &p, &n, &err), RR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].day, day_of("2024-02-29"));
	assert_int_equal(p[0].severity, 3);
	assert_string_equal(p[0].note, "x, y");
	free(p);
	assert_int_equal(rr_pain_parse(b, strlen(b), &p, &n, &err), RR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].side, "left");
	assert_string_equal(p[0].note, "no header");
	assert_true(isnan(p[0].km_at_onset));
	free(p);
}

static void expect_pain_error(const char *txt, unsigned long line, const char *want);

/* The optional km_at_onset column: a distance in km, empty when unknown. */
static void pain_km_at_onset(void **state)
{
	const char *a = "date,severity,km_at_onset,note\n2024-05-01,3,6.5,after 6 k\n"
			"2024-05-02,2,,none\n";
	struct rr_pain *p;
	struct rr_error err = RR_ERROR_INIT;
	size_t n;

	(void)state;
	assert_int_equal(rr_pain_parse(a, strlen(a), &p, &n, &err), RR_OK);
	assert_int_equal(n, 2);
	assert_float_equal(p[0].km_at_onset, 6.5, 0);
	assert_true(isnan(p[1].km_at_onset));
	free(p);
	expect_pain_error("date,severity,km_at_onset\n2024-05-01,3,six\n", 2, "km_at_onset");
	expect_pain_error("date,severity,km_at_onset\n2024-05-01,3,-1\n", 2, "km_at_onset");
}

static void expect_pain_error(const char *txt, unsigned long line, const char *want)
{
	struct rr_pain *p = (struct rr_pain *)&p;
	struct rr_error err = RR_ERROR_INIT;
	size_t n = 99;

	assert_int_equal(rr_pain_parse(txt, strlen(txt), &p, &n, &err), RR_ECONFIG);
	assert_null(p);
	assert_int_equal(n, 0);
	if (err.line != line || !strstr(err.msg, want))
		fail_msg("for %s got line %lu \"%s\", want line %lu \"%s\"", txt,
			 err.line, err.msg, line, want);
}

static void pain_errors(void **state)
{
	(void)state;
	/* the bad record starts on line 5, after a note spanning lines 2-4 */
	expect_pain_error("date,side,severity,note\n"
			  "2024-05-01,left,4,\"a\nb\nc\"\n"
			  "2024-05-32,left,4,x\n", 5, "date");
	expect_pain_error("date,side,severity,note\n2024-05-01,calf,4,x\n", 2, "side");
	expect_pain_error("date,side,severity,note\n2024-05-01,left,11,x\n", 2, "severity");
	expect_pain_error("date,side,severity,note\n2024-05-01,left,4.5,x\n", 2, "severity");
	expect_pain_error("date,side,severity,note\n,left,4,x\n", 2, "date is missing");
	expect_pain_error("date,side,severity,note\n2024-05-01,left,4,\"open\n",
			  2, "not closed");
	expect_pain_error("date,side,severity,note\n2024-05-01,left,4,\"a\"b\n",
			  2, "malformed");
	expect_pain_error("side,note\nleft,x\n", 1, "no \"date\" column");
}

/* ---- time zones ---- */

static void tz_fixed_offsets(void **state)
{
	int32_t off = 1;
	char buf[16];

	(void)state;
	assert_int_equal(rr_tz_parse_offset("+13:00", &off), 0);
	assert_int_equal(off, 13 * 3600);
	assert_int_equal(rr_tz_parse_offset("-05:30", &off), 0);
	assert_int_equal(off, -(5 * 3600 + 1800));
	assert_int_equal(rr_tz_parse_offset("+0545", &off), 0);
	assert_int_equal(off, 5 * 3600 + 45 * 60);
	assert_int_equal(rr_tz_parse_offset("-03", &off), 0);
	assert_int_equal(off, -3 * 3600);
	assert_int_equal(rr_tz_parse_offset("UTC+02:00", &off), 0);
	assert_int_equal(off, 7200);
	assert_int_equal(rr_tz_parse_offset("Z", &off), 0);
	assert_int_equal(off, 0);
	assert_int_equal(rr_tz_parse_offset("UTC", &off), 0);
	assert_int_equal(rr_tz_parse_offset("+19:00", &off), -1);
	assert_int_equal(rr_tz_parse_offset("13:00", &off), -1);
	assert_int_equal(rr_tz_parse_offset("+1:3", &off), -1);
	assert_int_equal(rr_tz_parse_offset("Europe/Madrid", &off), -1);
	assert_string_equal(rr_tz_format_offset(buf, sizeof(buf), -9000), "-02:30");
	assert_string_equal(rr_tz_format_offset(buf, sizeof(buf), 46800), "+13:00");
}

static void tz_posix_rules(void **state)
{
	struct rr_tz_posix nz, es, us, fixed;

	(void)state;
	assert_int_equal(rr_tz_parse_posix("NZST-12NZDT,M9.5.0,M4.1.0/3", 27, &nz), 0);
	assert_int_equal(nz.std_off_s, 12 * 3600);
	assert_int_equal(nz.dst_off_s, 13 * 3600);
	/* NZ daylight time ends 2024-04-07 03:00 NZDT = 2024-04-06T14:00Z, and
	 * starts 2024-09-29 02:00 NZST = 2024-09-28T14:00Z. */
	assert_int_equal(rr_tz_posix_offset_at(&nz, instant("2024-01-15T10:30:00Z")), 46800);
	assert_int_equal(rr_tz_posix_offset_at(&nz, instant("2024-04-06T13:59:59Z")), 46800);
	assert_int_equal(rr_tz_posix_offset_at(&nz, instant("2024-04-06T14:00:00Z")), 43200);
	assert_int_equal(rr_tz_posix_offset_at(&nz, instant("2024-07-15T10:30:00Z")), 43200);
	assert_int_equal(rr_tz_posix_offset_at(&nz, instant("2024-09-28T13:59:59Z")), 43200);
	assert_int_equal(rr_tz_posix_offset_at(&nz, instant("2024-09-28T14:00:00Z")), 46800);
	assert_int_equal(rr_tz_posix_offset_at(&nz, instant("2024-12-31T12:00:00Z")), 46800);

	/* Spain: 2024-03-31 01:00Z and 2024-10-27 01:00Z */
	assert_int_equal(rr_tz_parse_posix("CET-1CEST,M3.5.0,M10.5.0/3", 26, &es), 0);
	assert_int_equal(rr_tz_posix_offset_at(&es, instant("2024-03-31T00:59:59Z")), 3600);
	assert_int_equal(rr_tz_posix_offset_at(&es, instant("2024-03-31T01:00:00Z")), 7200);
	assert_int_equal(rr_tz_posix_offset_at(&es, instant("2024-10-27T00:59:59Z")), 7200);
	assert_int_equal(rr_tz_posix_offset_at(&es, instant("2024-10-27T01:00:00Z")), 3600);

	/* US Eastern: 2024-03-10 07:00Z, 2024-11-03 06:00Z */
	assert_int_equal(rr_tz_parse_posix("EST5EDT,M3.2.0,M11.1.0", 22, &us), 0);
	assert_int_equal(rr_tz_posix_offset_at(&us, instant("2024-03-10T06:59:59Z")), -18000);
	assert_int_equal(rr_tz_posix_offset_at(&us, instant("2024-03-10T07:00:00Z")), -14400);
	assert_int_equal(rr_tz_posix_offset_at(&us, instant("2024-11-03T05:59:59Z")), -14400);
	assert_int_equal(rr_tz_posix_offset_at(&us, instant("2024-11-03T06:00:00Z")), -18000);

	assert_int_equal(rr_tz_parse_posix("<+13>-13", 8, &fixed), 0);
	assert_false(fixed.has_dst);
	assert_int_equal(fixed.std_off_s, 13 * 3600);
	assert_int_equal(rr_tz_parse_posix("<-03>3", 6, &fixed), 0);
	assert_int_equal(fixed.std_off_s, -3 * 3600);

	assert_int_equal(rr_tz_parse_posix("CET", 3, &fixed), -1);
	assert_int_equal(rr_tz_parse_posix("CET-1CEST,M13.5.0,M10.5.0", 25, &fixed), -1);
	assert_int_equal(rr_tz_parse_posix("CET-1CEST,M3.5.0", 16, &fixed), -1);
}

static int have_zoneinfo(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", RR_ZONEINFO_DIR, name);
	return access(path, R_OK) == 0;
}

static void tz_tzif_files(void **state)
{
	struct rr_tz tz;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	if (!have_zoneinfo("Europe/Madrid") || !have_zoneinfo("Pacific/Auckland"))
		skip();
	rr_tz_init(&tz);
	assert_int_equal(rr_zone_load(&tz, "Europe/Madrid", NULL, &err), RR_OK);
	assert_string_equal(tz.name, "Europe/Madrid");
	assert_int_equal(rr_tz_offset_at(&tz, instant("2024-03-31T00:59:59Z")), 3600);
	assert_int_equal(rr_tz_offset_at(&tz, instant("2024-03-31T01:00:00Z")), 7200);
	assert_int_equal(rr_tz_offset_at(&tz, instant("2024-10-27T01:00:00Z")), 3600);
	/* 1975: Spain kept daylight time rules of its own; winter was +01:00 */
	assert_int_equal(rr_tz_offset_at(&tz, instant("1975-01-15T12:00:00Z")), 3600);
	/* far future: the footer rule */
	assert_int_equal(rr_tz_offset_at(&tz, instant("2091-07-01T12:00:00Z")), 7200);
	assert_int_equal(rr_tz_offset_at(&tz, instant("2091-12-01T12:00:00Z")), 3600);
	rr_tz_release(&tz);

	assert_int_equal(rr_zone_load(&tz, "Pacific/Auckland", NULL, &err), RR_OK);
	assert_int_equal(rr_tz_offset_at(&tz, instant("2024-01-15T10:30:00Z")), 46800);
	assert_int_equal(rr_tz_offset_at(&tz, instant("2024-07-15T10:30:00Z")), 43200);
	/* 23:30 local on 2024-01-15 (NZDT, +13) is 10:30Z the same date */
	assert_int_equal(rr_tz_local_day(&tz, instant("2024-01-15T10:30:00Z")),
			 day_of("2024-01-15"));
	/* and 11:30Z is already 00:30 on the 16th */
	assert_int_equal(rr_tz_local_day(&tz, instant("2024-01-15T11:30:00Z")),
			 day_of("2024-01-16"));
	rr_tz_release(&tz);
	assert_int_equal(err.code, RR_OK);
}

static void tz_bad_names_and_files(void **state)
{
	struct rr_tz tz;
	struct rr_error err = RR_ERROR_INIT;
	char path[] = "/tmp/rr_test_tzXXXXXX";
	const char junk[] = "TZif2 but not really";
	char dir[sizeof(path)];
	int fd;

	(void)state;
	rr_tz_init(&tz);
	assert_false(rr_zone_name_ok("../etc/passwd"));
	assert_false(rr_zone_name_ok("/etc/passwd"));
	assert_false(rr_zone_name_ok("Europe/../../x"));
	assert_false(rr_zone_name_ok("Europe//Madrid"));
	assert_false(rr_zone_name_ok(""));
	assert_true(rr_zone_name_ok("America/Argentina/Buenos_Aires"));
	assert_true(rr_zone_name_ok("Etc/GMT+5"));
	assert_int_equal(rr_zone_load(&tz, "../etc/passwd", NULL, &err), RR_ECONFIG);
	rr_error_clear(&err);
	assert_int_equal(rr_zone_load(&tz, "Nowhere/Atlantis", NULL, &err), RR_ECONFIG);
	assert_non_null(strstr(err.msg, "unknown time zone"));

	/* a file that is not TZif */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
	assert_int_equal(close(fd), 0);
	strcpy(dir, "/tmp");
	rr_error_clear(&err);
	assert_int_equal(rr_zone_load(&tz, path + 5, dir, &err), RR_EFORMAT);
	unlink(path);
	assert_int_equal(rr_tz_offset_at(&tz, 0), 0);	/* left as UTC */
}

static void tz_truncated_tzif(void **state)
{
	struct rr_error err = RR_ERROR_INIT;
	struct rr_tz tz;
	char *buf;
	size_t len, cut;

	(void)state;
	if (!have_zoneinfo("Europe/Madrid"))
		skip();
	rr_tz_init(&tz);
	assert_int_equal(rr_read_file(RR_ZONEINFO_DIR "/Europe/Madrid", 1 << 20, &buf,
				      &len, &err), RR_OK);
	for (cut = 0; cut < len; cut += 7) {
		/* Every prefix either fails cleanly or (past the v2 data) parses. */
		enum rr_status st;

		rr_error_clear(&err);
		st = rr_tz_parse_tzif(&tz, "cut", (unsigned char *)buf, cut, &err);
		assert_true(st == RR_OK || st == RR_EFORMAT);
		rr_tz_release(&tz);
	}
	free(buf);
}

static void athlete_zone(void **state)
{
	struct rr_athlete a;
	struct rr_tz tz;
	struct rr_error err = RR_ERROR_INIT;
	bool have = true;

	(void)state;
	rr_athlete_init(&a);
	rr_tz_init(&tz);
	assert_int_equal(rr_athlete_zone_load(&a, &tz, &have, NULL, &err), RR_OK);
	assert_false(have);
	strcpy(a.timezone, "-03:00");
	assert_int_equal(rr_athlete_zone_load(&a, &tz, &have, NULL, &err), RR_OK);
	assert_true(have);
	assert_int_equal(rr_tz_offset_at(&tz, 1e9), -10800);
	strcpy(a.timezone, "Mars/Olympus_Mons");
	assert_int_equal(rr_athlete_zone_load(&a, &tz, &have, NULL, &err), RR_ECONFIG);
	assert_false(have);
	rr_tz_release(&tz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ini_all_fields),
		cmocka_unit_test(ini_defaults_unknown),
		cmocka_unit_test(ini_late_km_and_surfaces),
		cmocka_unit_test(ini_bad_values),
		cmocka_unit_test(ini_long_line),
		cmocka_unit_test(ini_too_many_shoes),
		cmocka_unit_test(ini_load_file),
		cmocka_unit_test(pain_quoted),
		cmocka_unit_test(pain_header_order_and_none),
		cmocka_unit_test(pain_errors),
		cmocka_unit_test(pain_km_at_onset),
		cmocka_unit_test(tz_fixed_offsets),
		cmocka_unit_test(tz_posix_rules),
		cmocka_unit_test(tz_tzif_files),
		cmocka_unit_test(tz_bad_names_and_files),
		cmocka_unit_test(tz_truncated_tzif),
		cmocka_unit_test(athlete_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
