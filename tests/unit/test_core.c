/* Unit tests: locale-free numbers, ISO 8601 times, calendar days, the input layer, format detection. */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/helpers.h"
#include <zlib.h>

#include "core/num.h"
#include "core/timeutil.h"
#include "parsers/input.h"
#include "parsers/parse.h"

static double num(const char *s)
{
	double v = -12345;

	assert_int_equal(rr_parse_double_z(s, &v), 0);
	return v;
}

static void test_parse_double(void **state)
{
	double v;

	(void)state;
	assert_true(num("46.0574") == 46.0574);
	assert_true(num(" -12.5\n") == -12.5);
	assert_true(num("3e2") == 300.0);
	assert_true(num("+0.000005") == 0.000005);
	assert_true(num("1E-3") == 0.001);
	assert_true(num("7.") == 7.0);
	assert_true(num(".5") == 0.5);
	assert_int_equal(rr_parse_double_z("", &v), -1);
	assert_int_equal(rr_parse_double_z("1,5", &v), -1);
	assert_int_equal(rr_parse_double_z("NaN", &v), -1);
	assert_int_equal(rr_parse_double_z("inf", &v), -1);
	assert_int_equal(rr_parse_double_z("1e999", &v), -1);
	assert_int_equal(rr_parse_double_z("12abc", &v), -1);
	assert_int_equal(rr_parse_double_z("-", &v), -1);
	assert_int_equal(rr_parse_double_z("1e", &v), -1);
}

/*
 * Up to 19 digits take a fast path in rr_parse_double(); longer numbers keep
 * their first 19 significant digits.  Both paths must agree at the seam.
 */
static void test_parse_double_long_digits(void **state)
{
	(void)state;
	/* 19 digits (fast) and 20 or more (general): same values */
	assert_true(num("1234567890123456789") == (double)1234567890123456789ULL);
	assert_true(num("12345678901234567890") == (double)1234567890123456789ULL * 10.0);
	assert_true(num("1.5000000000000000000") == 1.5);
	assert_true(num("1.50000000000000000000000") == 1.5);
	assert_true(num("00000000000000000000012.5") == 12.5);
	assert_true(num("0.00000000000000000000000000001") == 1e-29);
	/* the 20th significant digit is dropped, not rounded */
	assert_true(num("0.12345678901234567899") == num("0.1234567890123456789"));
	assert_true(num("-40.41677150000000000000") == num("-40.4167715"));
	/* all 23 exact powers of ten */
	assert_true(num("1e22") == 1e22);
	assert_true(num("1e-22") == 1e-22);
	assert_true(num("4.5e21") == 4.5e21);
}

static void test_parse_double_ignores_locale(void **state)
{
	(void)state;
	/* A comma-decimal locale must not change how "1.5" reads (skipped if absent). */
	if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
		skip();
	assert_true(num("1.5") == 1.5);
	setlocale(LC_NUMERIC, "C");
}

static void test_format_double(void **state)
{
	char b[48];

	(void)state;
	assert_string_equal(rr_format_double(b, sizeof(b), 4686.31, 2), "4686.31");
	assert_string_equal(rr_format_double(b, sizeof(b), 0.000005, 6), "0.000005");
	assert_string_equal(rr_format_double(b, sizeof(b), 10.0, 3), "10");
	assert_string_equal(rr_format_double(b, sizeof(b), -0.04, 1), "0");
	assert_string_equal(rr_format_double(b, sizeof(b), -2.25, 1), "-2.3");
	assert_string_equal(rr_format_double(b, sizeof(b), 0.999, 2), "1");
	assert_string_equal(rr_format_double(b, sizeof(b), 1.0 / 3.0, 4), "0.3333");
}

static double iso(const char *s, int *off, unsigned *fl)
{
	double t = NAN;

	assert_int_equal(rr_parse_iso8601(s, strlen(s), &t, off, fl), 0);
	return t;
}

static void test_iso8601(void **state)
{
	int off;
	unsigned fl;
	double t;

	(void)state;
	/* 2012-12-26T21:29:53Z = 1356557393 (date -u -d ... +%s). */
	assert_true(iso("2012-12-26T21:29:53Z", &off, &fl) == 1356557393.0);
	assert_true(fl & RR_TIME_HAS_ZONE);
	assert_int_equal(off, 0);
	assert_true(iso("2012-12-26T22:29:53+01:00", &off, &fl) == 1356557393.0);
	assert_int_equal(off, 3600);
	assert_true(iso("2012-12-26T16:59:53-0430", &off, &fl) == 1356557393.0);
	assert_int_equal(off, -16200);
	assert_true(iso("2012-12-26 21:29:53Z", NULL, NULL) == 1356557393.0);
	t = iso("2012-12-26T21:29:53", &off, &fl);
	assert_true(t == 1356557393.0);
	assert_false(fl & RR_TIME_HAS_ZONE);
	t = iso("2012-12-26T21:29:53.2073437Z", NULL, &fl);
	assert_true(fabs(t - 1356557393.2073437) < 1e-6);
	assert_true(fl & RR_TIME_HAS_FRAC);
	assert_true(fabs(iso("2020-12-02T06:08:29.123456+00:00", NULL, NULL) - 1606889309.123456) < 1e-6);
	/* 1901 and 2100 are fine instants; year 1901 is before the epoch. */
	assert_true(iso("1901-12-13T20:45:52Z", NULL, NULL) == -2147483648.0);
	assert_true(iso("2100-01-01T00:00:00Z", NULL, NULL) == 4102444800.0);
	assert_true(iso("2024-02-29T12:00:00Z", NULL, NULL) == 1709208000.0);
}

/*
 * "YYYY-MM-DDTHH:MM:SS[.fff]Z" takes a fixed-offset fast path; every other
 * spelling of the same instant goes the general way and must agree exactly.
 */
static void test_iso8601_fast_path_agrees(void **state)
{
	static const char *const same[] = {
		" 2024-05-01t06:30:00.25z\n", "2024-05-01 06:30:00.25Z", "2024-05-01T06:30:00,25Z",
		"2024-05-01T08:30:00.25+02:00", "2024-05-01T06:30:00.250000000000+00",
	};
	unsigned fl, fl2;
	int off;
	size_t i;
	double t = iso("2024-05-01T06:30:00.25Z", &off, &fl);

	(void)state;
	assert_true(t == 1714545000.25);
	assert_int_equal(off, 0);
	assert_int_equal(fl, RR_TIME_HAS_ZONE | RR_TIME_HAS_FRAC);
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		assert_true(iso(same[i], NULL, &fl2) == t);
		assert_int_equal(fl2, fl);
	}
	assert_true(iso("2024-05-01T24:00:00Z", NULL, &fl) == iso("2024-05-02T00:00:00Z", NULL, NULL));
	assert_int_equal(fl, RR_TIME_HAS_ZONE);
	assert_true(iso("2016-12-31T23:59:60Z", NULL, NULL) == iso("2017-01-01T00:00:00Z", NULL, NULL));
}

static void test_iso8601_rejects(void **state)
{
	static const char *const bad[] = {
		"", "yesterday", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
		"2024-01-01T25:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01", "2024-01-01T00:00:00Q",
		"2024-01-01T00:00:00+", "2024-01-01T00:00:00.Z", "0000-01-01T00:00:00Z",
		"2024-01-01T00:00:00Z trailing",
		/* the fixed form, invalid */
		"2024-04-31T00:00:00Z", "2024-01-01T24:00:01Z", "2024-01-01T24:00:00.5Z",
		"2024-01-01T00:00:61Z", "2024-01-01T0a:00:00Z", "-024-01-01T00:00:00Z",
		"2024-01-01T00:00:00.5.5Z", "2024-01-01T00:00:00ZZ",
	};
	size_t i;
	double t;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(rr_parse_iso8601(bad[i], strlen(bad[i]), &t, NULL, NULL), -1);
}

static void test_days(void **state)
{
	int y, m, d;
	int32_t day;
	char b[32];

	(void)state;
	assert_int_equal(rr_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(rr_days_from_civil(2000, 3, 1), 11017);
	rr_civil_from_days(19782, &y, &m, &d);	/* 2024-02-29 */
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	assert_int_equal(rr_weekday(rr_days_from_civil(2026, 11, 26)), 3);	/* a Thursday */
	assert_int_equal(rr_parse_date("2026-11-26", 10, &day), 0);
	assert_string_equal(rr_format_date(b, sizeof(b), day), "2026-11-26");
	assert_int_equal(rr_floor_day(-1.0), -1);
	assert_string_equal(rr_format_iso8601(b, sizeof(b), 1356557393.4), "2012-12-26T21:29:53Z");
}

/* Read everything from an input; returns a malloc'd buffer. */
static unsigned char *slurp(struct rr_input *in, size_t *len, enum rr_status *st, size_t bufsize)
{
	unsigned char *all = NULL, buf[8192];
	size_t got, n = 0;
	struct rr_error err = RR_ERROR_INIT;

	if (bufsize > sizeof(buf))
		bufsize = sizeof(buf);
	for (;;) {
		*st = rr_input_read(in, buf, bufsize, &got, &err);
		if (*st != RR_OK || got == 0)
			break;
		all = realloc(all, n + got);
		memcpy(all + n, buf, got);
		n += got;
	}
	*len = n;
	return all;
}

static void test_input_gzip(void **state)
{
	static const char text[] = "<gpx version=\"1.1\"><trk/></gpx>\n";
	unsigned char *gz, two[512], *out;
	size_t n, len, chunk;
	enum rr_status st;
	struct rr_input *in;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	gz = test_gzip(text, strlen(text), &n);
	assert_true(2 * n <= sizeof(two));
	for (chunk = 1; chunk <= 4096; chunk *= 8) {
		assert_int_equal(rr_input_open_mem(&in, gz, n, 0, &err), RR_OK);
		out = slurp(in, &len, &st, chunk);
		assert_int_equal(st, RR_OK);
		assert_true(rr_input_is_gzip(in));
		assert_int_equal(len, strlen(text));
		assert_memory_equal(out, text, len);
		free(out);
		rr_input_close(in);
	}
	/* Two concatenated members read as one stream (cat a.gz b.gz). */
	memcpy(two, gz, n);
	memcpy(two + n, gz, n);
	assert_int_equal(rr_input_open_mem(&in, two, 2 * n, 0, &err), RR_OK);
	out = slurp(in, &len, &st, 4096);
	assert_int_equal(st, RR_OK);
	assert_int_equal(len, 2 * strlen(text));
	free(out);
	rr_input_close(in);
	/* Truncated gzip is a gzip error, told apart from an I/O error. */
	assert_int_equal(rr_input_open_mem(&in, gz, n - 10, 0, &err), RR_OK);
	out = slurp(in, &len, &st, 4096);
	assert_int_equal(st, RR_EGZIP);
	free(out);
	rr_input_close(in);
	/* Corrupt deflate data. */
	gz[12] ^= 0xff;
	gz[13] ^= 0xff;
	assert_int_equal(rr_input_open_mem(&in, gz, n, 0, &err), RR_OK);
	out = slurp(in, &len, &st, 4096);
	assert_true(st == RR_EGZIP);
	free(out);
	rr_input_close(in);
	free(gz);
}

static void test_input_cap_and_peek(void **state)
{
	static const char text[] = "0123456789abcdef";
	const unsigned char *head;
	unsigned char *out;
	size_t len;
	enum rr_status st;
	struct rr_input *in;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	/* Peek does not consume. */
	assert_int_equal(rr_input_open_mem(&in, text, 16, 0, &err), RR_OK);
	assert_int_equal(rr_input_peek(in, 4, &head, &len, &err), RR_OK);
	assert_int_equal(len, 4);
	assert_memory_equal(head, "0123", 4);
	out = slurp(in, &len, &st, 3);
	assert_int_equal(st, RR_OK);
	assert_int_equal(len, 16);
	assert_memory_equal(out, text, 16);
	free(out);
	rr_input_close(in);
	/* The cap is a limit error. */
	assert_int_equal(rr_input_open_mem(&in, text, 16, 10, &err), RR_OK);
	out = slurp(in, &len, &st, 4);
	assert_int_equal(st, RR_ELIMIT);
	assert_true(len <= 10);
	free(out);
	rr_input_close(in);
	/* A missing file is an I/O error with errno. */
	rr_error_clear(&err);
	assert_int_equal(rr_input_open(&in, "/nonexistent/x.gpx", 0, &err), RR_EIO);
	assert_int_equal(err.errno_, 2);
	assert_null(in);
}

/* rr_input_fetch(): the same bytes as rr_input_read(), lent in place from memory. */
static void test_input_fetch(void **state)
{
	static const char text[] = "0123456789abcdef";
	unsigned char *gz, buf[8];
	const unsigned char *head;
	const void *data;
	size_t n, got, len;
	struct rr_input *in;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	/* After a peek: the peeked bytes are copied, the rest lent. */
	assert_int_equal(rr_input_open_mem(&in, text, 16, 0, &err), RR_OK);
	assert_int_equal(rr_input_peek(in, 4, &head, &len, &err), RR_OK);
	assert_int_equal(rr_input_fetch(in, buf, sizeof(buf), &data, &got, &err), RR_OK);
	assert_int_equal(got, 4);
	assert_ptr_equal(data, buf);
	assert_memory_equal(data, "0123", 4);
	rr_input_set_chunk(in, 5);
	assert_int_equal(rr_input_fetch(in, buf, sizeof(buf), &data, &got, &err), RR_OK);
	assert_int_equal(got, 5);
	assert_ptr_equal(data, text + 4);
	assert_int_equal(rr_input_fetch(in, buf, 100, &data, &got, &err), RR_OK);
	assert_int_equal(got, 5);
	assert_ptr_equal(data, text + 9);
	assert_int_equal(rr_input_fetch(in, buf, 100, &data, &got, &err), RR_OK);
	assert_int_equal(got, 2);
	assert_int_equal(rr_input_fetch(in, buf, 100, &data, &got, &err), RR_OK);
	assert_int_equal(got, 0);
	assert_int_equal(rr_input_bytes_out(in), 16);
	rr_input_close(in);
	/* The cap still applies. */
	assert_int_equal(rr_input_open_mem(&in, text, 16, 10, &err), RR_OK);
	assert_int_equal(rr_input_fetch(in, buf, 8, &data, &got, &err), RR_OK);
	assert_int_equal(got, 8);
	assert_int_equal(rr_input_fetch(in, buf, 8, &data, &got, &err), RR_ELIMIT);
	rr_input_close(in);
	/* gzip is inflated into buf. */
	gz = test_gzip(text, 16, &n);
	assert_int_equal(rr_input_open_mem(&in, gz, n, 0, &err), RR_OK);
	assert_int_equal(rr_input_fetch(in, buf, sizeof(buf), &data, &got, &err), RR_OK);
	assert_ptr_equal(data, buf);
	assert_true(got > 0 && got <= sizeof(buf));
	assert_memory_equal(data, text, got);
	rr_input_close(in);
	free(gz);
}

static void test_detect(void **state)
{
#define DET(s) rr_detect_format((const unsigned char *)(s), strlen(s))
	(void)state;
	assert_int_equal(DET("<gpx version=\"1.1\">"), RR_FORMAT_GPX);
	assert_int_equal(DET("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<gpx>"), RR_FORMAT_GPX);
	assert_int_equal(DET("<?xml version='1.0'?><gpx:gpx xmlns:gpx='x'>"), RR_FORMAT_GPX);
	assert_int_equal(DET("<?xml version=\"1.0\"?>\r\n<TrainingCenterDatabase xmlns=\"x\">"), RR_FORMAT_TCX);
	assert_int_equal(DET("<ns0:TrainingCenterDatabase>"), RR_FORMAT_TCX);
	assert_int_equal(DET("<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [<!ENTITY a \"b>\">]>\n<gpx>"), RR_FORMAT_GPX);
	assert_int_equal(DET("<!DOCTYPE TrainingCenterDatabase SYSTEM \"x.dtd\">"), RR_FORMAT_TCX);
	assert_int_equal(DET("<gpxfoo>"), RR_FORMAT_UNKNOWN);
	assert_int_equal(DET("<kml>"), RR_FORMAT_UNKNOWN);
	assert_int_equal(DET("hello"), RR_FORMAT_UNKNOWN);
	assert_int_equal(DET("<!-- unterminated"), RR_FORMAT_UNKNOWN);
	assert_int_equal(rr_detect_format((const unsigned char *)"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00", 14),
			 RR_FORMAT_FIT);
#undef DET
}

/* Parser errors carry an id; rr_parse() re-words a foreign root by id and subject. */
static enum rr_status parse_doc(const char *doc, struct rr_error *err)
{
	static const struct rr_sink none = { NULL, NULL, NULL, NULL };
	struct rr_input *in = NULL;
	enum rr_status st;

	assert_int_equal(rr_input_open_mem(&in, doc, strlen(doc), 0, err), RR_OK);
	st = rr_parse(in, NULL, &none, NULL, err);
	rr_input_close(in);
	return st;
}

static void test_error_ids(void **state)
{
	struct rr_error e = RR_ERROR_INIT;

	(void)state;
	assert_int_equal(rr_error_msg(&e, RR_ELIMIT, 3, 4, RR_MSG_TOO_DEEP, 256ul), RR_ELIMIT);
	assert_int_equal(e.id, RR_MSG_TOO_DEEP);
	assert_string_equal(e.msg, "elements nested more than 256 deep");
	assert_int_equal(e.line, 3);
	/* The first failure wins. */
	rr_error_msg(&e, RR_EPARSE, 1, 1, RR_MSG_ENTITY_DECL);
	assert_int_equal(e.id, RR_MSG_TOO_DEEP);
	rr_error_clear(&e);
	rr_error_msg(&e, RR_EFORMAT, 1, 1, RR_MSG_WRONG_ROOT, "kml", "gpx");
	assert_string_equal(e.subject, "kml");
	assert_string_equal(e.msg, "root element is <kml>, not <gpx>");
	rr_error_clear(&e);
	rr_error_set(&e, RR_EIO, 0, 0, "disk on fire");
	assert_int_equal(e.id, RR_MSG_TEXT);
	assert_string_equal(rr_msg_format(RR_MSG_COUNT), "%s");

	/* XML that is neither GPX nor TCX: the TCX probe's id, not its words, decides. */
	rr_error_clear(&e);
	assert_int_equal(parse_doc("<?xml version=\"1.0\"?>\n<kml><Document/></kml>", &e), RR_EFORMAT);
	assert_int_equal(e.id, RR_MSG_FOREIGN_ROOT);
	assert_string_equal(e.subject, "kml");
	assert_string_equal(e.msg, "not a GPX or TCX file: root element is <kml>");
	assert_int_equal(e.line, 2);
	rr_error_clear(&e);
	assert_int_equal(parse_doc("<?xml version=\"1.0\"?>\n<kml>", &e), RR_EPARSE);
	assert_int_equal(e.id, RR_MSG_BROKEN_XML);
	rr_error_clear(&e);
	assert_int_equal(parse_doc("", &e), RR_EFORMAT);
	assert_int_equal(e.id, RR_MSG_EMPTY_FILE);
	rr_error_clear(&e);
	assert_int_equal(parse_doc("hello", &e), RR_EFORMAT);
	assert_int_equal(e.id, RR_MSG_NO_ROOT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_double),
		cmocka_unit_test(test_error_ids),
		cmocka_unit_test(test_parse_double_long_digits),
		cmocka_unit_test(test_parse_double_ignores_locale),
		cmocka_unit_test(test_format_double),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_iso8601_fast_path_agrees),
		cmocka_unit_test(test_iso8601_rejects),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_input_gzip),
		cmocka_unit_test(test_input_cap_and_peek),
		cmocka_unit_test(test_input_fetch),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
