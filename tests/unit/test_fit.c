/*
 * test_fit.c - the FIT decoder on fixtures built byte by byte here, one per
 * edge case, by a small writer of its own (its CRC is the FIT document's
 * nibble-table form, not the decoder's bitwise one).  Expected values are
 * computed by hand in the comments.  The real corpus is tests/cli/corpus_fit.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/activity.h"
#include "core/err.h"
#include "parsers/fit.h"
#include "parsers/input.h"
#include "parsers/parse.h"

/* ---- a recording sink ---- */

#define MAX_ACTS 8
#define MAX_PTS 64

struct rec {
	struct rr_meta begin[MAX_ACTS], end[MAX_ACTS];
	size_t nacts, nends;
	struct rr_point pts[MAX_PTS];
	size_t npts;
	size_t act_pts[MAX_ACTS];
};

static int rec_begin(void *ctx, const struct rr_meta *m)
{
	struct rec *r = ctx;

	assert_true(r->nacts < MAX_ACTS);
	assert_int_equal(r->nacts, r->nends);
	r->begin[r->nacts++] = *m;
	return 0;
}

static int rec_point(void *ctx, const struct rr_point *p)
{
	struct rec *r = ctx;

	assert_true(r->npts < MAX_PTS);
	assert_int_equal(r->nacts, r->nends + 1);
	r->pts[r->npts++] = *p;
	r->act_pts[r->nacts - 1]++;
	return 0;
}

static int rec_end(void *ctx, const struct rr_meta *m)
{
	struct rec *r = ctx;

	assert_int_equal(r->nacts, r->nends + 1);
	r->end[r->nends++] = *m;
	return 0;
}

static enum rr_status parse_mem(const void *buf, size_t len, size_t chunk,
				const struct rr_limits *lim, struct rec *r, struct rr_error *err)
{
	struct rr_sink sink = { r, rec_begin, rec_point, rec_end };
	struct rr_input *in;
	enum rr_format f;
	enum rr_status st;

	memset(r, 0, sizeof(*r));
	rr_error_clear(err);
	assert_int_equal(rr_input_open_mem(&in, buf, len, 0, err), RR_OK);
	if (chunk)
		rr_input_set_chunk(in, chunk);
	st = rr_parse(in, lim, &sink, &f, err);
	assert_int_equal(f, RR_FORMAT_FIT);
	rr_input_close(in);
	return st;
}

/* ---- a FIT writer for fixtures ---- */

static uint16_t crc_nibbles(uint16_t crc, const unsigned char *p, size_t n)
{
	static const uint16_t t[16] = {
		0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
		0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
	};
	size_t i;

	for (i = 0; i < n; i++) {
		uint16_t tmp = t[crc & 0xF];

		crc = (crc >> 4) & 0x0FFF;
		crc = crc ^ tmp ^ t[p[i] & 0xF];
		tmp = t[crc & 0xF];
		crc = (crc >> 4) & 0x0FFF;
		crc = crc ^ tmp ^ t[(p[i] >> 4) & 0xF];
	}
	return crc;
}

struct fw {
	unsigned char b[4096];
	size_t n;
	size_t start;		/* of the current FIT file */
	unsigned hsize;
};

static void w_u8(struct fw *w, unsigned v)
{
	assert_true(w->n < sizeof(w->b));
	w->b[w->n++] = (unsigned char)v;
}

static void w_val(struct fw *w, uint64_t v, unsigned size, bool big)
{
	unsigned i;

	for (i = 0; i < size; i++)
		w_u8(w, (unsigned)(v >> (8 * (big ? size - 1 - i : i))) & 0xFF);
}

/* Start a FIT file with a 12- or 14-byte header (sizes patched by w_end()). */
static void w_begin(struct fw *w, unsigned hsize)
{
	unsigned i;

	w->start = w->n;
	w->hsize = hsize;
	w_u8(w, hsize);
	w_u8(w, 0x20);		/* protocol 2.0 */
	w_val(w, 2132, 2, false);	/* profile 21.32 */
	w_val(w, 0, 4, false);
	w_u8(w, '.'); w_u8(w, 'F'); w_u8(w, 'I'); w_u8(w, 'T');
	for (i = 12; i < hsize; i++)
		w_u8(w, 0);
}

static void w_end(struct fw *w)
{
	unsigned char *h = w->b + w->start;
	size_t data = w->n - w->start - w->hsize;
	uint16_t crc;

	h[4] = (unsigned char)data;
	h[5] = (unsigned char)(data >> 8);
	h[6] = h[7] = 0;
	if (w->hsize >= 14) {
		crc = crc_nibbles(0, h, 12);
		h[12] = (unsigned char)crc;
		h[13] = (unsigned char)(crc >> 8);
	}
	crc = crc_nibbles(0, h, w->n - w->start);
	w_val(w, crc, 2, false);
}

struct fdef {
	unsigned char num, size, base;
};

static void w_def(struct fw *w, unsigned local, bool big, unsigned global,
		  const struct fdef *f, size_t n, const unsigned char *dev_sizes, size_t ndev)
{
	size_t i;

	w_u8(w, 0x40 | (ndev ? 0x20 : 0) | local);
	w_u8(w, 0);
	w_u8(w, big);
	w_val(w, global, 2, big);
	w_u8(w, (unsigned)n);
	for (i = 0; i < n; i++) {
		w_u8(w, f[i].num);
		w_u8(w, f[i].size);
		w_u8(w, f[i].base);
	}
	if (ndev) {
		w_u8(w, (unsigned)ndev);
		for (i = 0; i < ndev; i++) {
			w_u8(w, (unsigned)i);
			w_u8(w, dev_sizes[i]);
			w_u8(w, 0);	/* developer data index */
		}
	}
}

/* file_id: type, manufacturer, product, time_created. */
static const struct fdef FILE_ID[] = {
	{ 0, 1, 0x00 }, { 1, 2, 0x84 }, { 2, 2, 0x84 }, { 4, 4, 0x86 },
};

static void w_file_id(struct fw *w, unsigned local, unsigned type, uint32_t created)
{
	w_def(w, local, false, 0, FILE_ID, 4, NULL, 0);
	w_u8(w, local);
	w_u8(w, type);
	w_val(w, 1, 2, false);		/* Garmin */
	w_val(w, 1234, 2, false);
	w_val(w, created, 4, false);
}

/* record: timestamp, lat, lon, altitude, hr, distance, speed, cadence, fractional_cadence */
static const struct fdef RECORD[] = {
	{ 253, 4, 0x86 }, { 0, 4, 0x85 }, { 1, 4, 0x85 }, { 2, 2, 0x84 }, { 3, 1, 0x02 },
	{ 5, 4, 0x86 }, { 6, 2, 0x84 }, { 4, 1, 0x02 }, { 53, 1, 0x02 },
};

static void w_record(struct fw *w, unsigned local, bool big, uint32_t ts, int32_t lat,
		     int32_t lon, unsigned alt, unsigned hr, uint32_t dist, unsigned speed,
		     unsigned cad, unsigned frac)
{
	w_u8(w, local);
	w_val(w, ts, 4, big);
	w_val(w, (uint32_t)lat, 4, big);
	w_val(w, (uint32_t)lon, 4, big);
	w_val(w, alt, 2, big);
	w_u8(w, hr);
	w_val(w, dist, 4, big);
	w_val(w, speed, 2, big);
	w_u8(w, cad);
	w_u8(w, frac);
}

/* session: sport, sub_sport, total_timer_time, total_distance */
static const struct fdef SESSION[] = {
	{ 5, 1, 0x00 }, { 6, 1, 0x00 }, { 8, 4, 0x86 }, { 9, 4, 0x86 },
};

static void w_session(struct fw *w, unsigned local, unsigned sport, unsigned sub)
{
	w_def(w, local, false, 18, SESSION, 4, NULL, 0);
	w_u8(w, local);
	w_u8(w, sport);
	w_u8(w, sub);
	w_val(w, 60000, 4, false);	/* 60.000 s */
	w_val(w, 24690, 4, false);	/* 246.90 m */
}

/* event: timestamp, event, event_type */
static const struct fdef EVENT[] = { { 253, 4, 0x86 }, { 0, 1, 0x00 }, { 1, 1, 0x00 } };

static void w_event(struct fw *w, unsigned local, uint32_t ts, unsigned type)
{
	w_u8(w, local);
	w_val(w, ts, 4, false);
	w_u8(w, 0);		/* timer */
	w_u8(w, type);
}

/*
 * The basic activity: 2021-09-08T01:46:40Z is FIT time 1 000 000 000
 * (Unix 1 631 065 600 - 631 065 600).  Semicircles 2^29 = 45 degrees,
 * -2^30 = -90 degrees; altitude 2600 / 5 - 500 = 20 m; distance 12345 /
 * 100 = 123.45 m; speed 3500 / 1000 = 3.5 m/s; cadence 85 + 64/128 = 85.5.
 */
#define T0 1000000000u
#define T0_UNIX 1631065600.0

static void w_basic(struct fw *w, unsigned hsize, bool big)
{
	memset(w, 0, sizeof(*w));
	w_begin(w, hsize);
	w_file_id(w, 0, 4, T0);
	w_def(w, 1, big, 20, RECORD, 9, NULL, 0);
	w_record(w, 1, big, T0, 1 << 29, -(1 << 30), 2600, 150, 12345, 3500, 85, 64);
	/* every field invalid but the time: all unknown, never numbers */
	w_record(w, 1, big, T0 + 1, 0x7FFFFFFF, 0x7FFFFFFF, 0xFFFF, 0xFF, 0xFFFFFFFF, 0xFFFF,
		 0xFF, 0xFF);
	w_session(w, 2, 1, 3);		/* running, trail */
	w_end(w);
}

static void assert_basic(const struct rec *r)
{
	const struct rr_point *p = r->pts;

	assert_int_equal(r->nacts, 1);
	assert_int_equal(r->nends, 1);
	assert_int_equal(r->npts, 2);
	assert_true(p[0].t_s == T0_UNIX);
	assert_true(p[0].lat_deg == 45.0);
	assert_true(p[0].lon_deg == -90.0);
	assert_true(p[0].ele_m == 20.0);
	assert_true(p[0].hr_bpm == 150.0);
	assert_true(fabs(p[0].dist_m - 123.45) < 1e-9);
	assert_true(p[0].speed_mps == 3.5);
	assert_true(p[0].cad_rpm == 85.5);
	assert_true(isnan(p[0].temp_c) && isnan(p[0].power_w));
	assert_true(p[1].t_s == T0_UNIX + 1);
	assert_true(isnan(p[1].lat_deg) && isnan(p[1].lon_deg) && isnan(p[1].ele_m));
	assert_true(isnan(p[1].hr_bpm) && isnan(p[1].dist_m) && isnan(p[1].speed_mps));
	assert_true(isnan(p[1].cad_rpm));
	assert_int_equal(r->end[0].format, RR_FORMAT_FIT);
	assert_string_equal(r->end[0].sport, "running");
	assert_string_equal(r->end[0].sub_sport, "trail");
	assert_string_equal(r->end[0].creator, "Garmin product 1234");
	assert_true(r->end[0].start_t_s == T0_UNIX);
	/* no lap messages: the session's totals stand in */
	assert_int_equal(r->end[0].laps, 0);
	assert_true(fabs(r->end[0].lap_distance_m - 246.9) < 1e-9);
	assert_true(r->end[0].lap_time_s == 60.0);
	/* at begin the session (written after the records) is not known yet */
	assert_string_equal(r->begin[0].sport, "");
}

static void test_crc16(void **state)
{
	(void)state;
	/* CRC-16/ARC check value of "123456789" */
	assert_int_equal(fit_crc16(0, "123456789", 9), 0xBB3D);
	assert_int_equal(crc_nibbles(0, (const unsigned char *)"123456789", 9), 0xBB3D);
	assert_int_equal(fit_crc16(fit_crc16(0, "1234", 4), "56789", 5), 0xBB3D);
}

static void test_basic(void **state)
{
	struct fw w;
	struct rec r;
	struct rr_error err;
	size_t chunk;

	(void)state;
	for (chunk = 0; chunk <= 7; chunk += 1) {
		w_basic(&w, 14, false);
		assert_int_equal(parse_mem(w.b, w.n, chunk, NULL, &r, &err), RR_OK);
		assert_basic(&r);
	}
	w_basic(&w, 12, false);	/* legacy 12-byte header, no header CRC */
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_basic(&r);
}

static void test_big_endian(void **state)
{
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	w_basic(&w, 14, true);
	assert_int_equal(parse_mem(w.b, w.n, 1, NULL, &r, &err), RR_OK);
	assert_basic(&r);
}

static void test_gzip_and_detect(void **state)
{
	struct fw w;
	struct rec r;
	struct rr_error err;
	unsigned char z[4096];
	uLongf zn = sizeof(z);
	z_stream s;

	(void)state;
	w_basic(&w, 14, false);
	assert_int_equal(rr_detect_format(w.b, w.n), RR_FORMAT_FIT);
	memset(&s, 0, sizeof(s));
	assert_int_equal(deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	s.next_in = w.b;
	s.avail_in = (uInt)w.n;
	s.next_out = z;
	s.avail_out = (uInt)zn;
	assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
	zn = s.total_out;
	deflateEnd(&s);
	assert_int_equal(parse_mem(z, zn, 3, NULL, &r, &err), RR_OK);
	assert_basic(&r);
}

/*
 * Compressed timestamps.  A full timestamp T0 + 30 (low five bits 30, as
 * T0 is a multiple of 32); then offset 2: 2 < 30, so the rollover adds 32:
 * T0 + 30 - 30 + 2 + 32 = T0 + 34; then offset 5 (low bits of T0 + 34 are
 * 2, 5 >= 2): T0 + 32 + 5 = T0 + 37.
 */
static void test_compressed_timestamps(void **state)
{
	static const struct fdef hr_only[] = { { 3, 1, 0x02 } };
	static const struct fdef ts_hr[] = { { 253, 4, 0x86 }, { 3, 1, 0x02 } };
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	assert_int_equal(T0 % 32, 0);
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_def(&w, 1, false, 20, ts_hr, 2, NULL, 0);
	w_def(&w, 2, false, 20, hr_only, 1, NULL, 0);
	w_u8(&w, 1); w_val(&w, T0 + 30, 4, false); w_u8(&w, 100);
	w_u8(&w, 0x80 | (2 << 5) | 2); w_u8(&w, 101);
	w_u8(&w, 0x80 | (2 << 5) | 5); w_u8(&w, 102);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 1, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 3);
	assert_true(r.pts[0].t_s == T0_UNIX + 30);
	assert_true(r.pts[1].t_s == T0_UNIX + 34);
	assert_true(r.pts[2].t_s == T0_UNIX + 37);
	assert_true(r.pts[2].hr_bpm == 102);
}

/* Developer fields: 5 bytes per record skipped by their declared size. */
static void test_developer_fields(void **state)
{
	static const struct fdef ts_hr[] = { { 253, 4, 0x86 }, { 3, 1, 0x02 } };
	static const struct fdef dev_id[] = { { 3, 1, 0x02 } };	/* developer_data_index */
	static const unsigned char dev_sizes[] = { 4, 1 };
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_def(&w, 3, false, 207, dev_id, 1, NULL, 0);	/* developer_data_id */
	w_u8(&w, 3); w_u8(&w, 0);
	w_def(&w, 1, false, 20, ts_hr, 2, dev_sizes, 2);
	/* hr 0x40 in the record, then 5 developer bytes that look like headers */
	w_u8(&w, 1); w_val(&w, T0, 4, false); w_u8(&w, 140);
	w_u8(&w, 0x41); w_u8(&w, 0x01); w_u8(&w, 0x42); w_u8(&w, 0xFF); w_u8(&w, 0x40);
	w_u8(&w, 1); w_val(&w, T0 + 1, 4, false); w_u8(&w, 141);
	w_u8(&w, 0); w_u8(&w, 0); w_u8(&w, 0); w_u8(&w, 0); w_u8(&w, 0);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 2);
	assert_true(r.pts[0].hr_bpm == 140);
	assert_true(r.pts[1].hr_bpm == 141);
	assert_true(r.pts[1].t_s == T0_UNIX + 1);
}

/*
 * Chained files: an activity with two records, a chained part without
 * file_id or records (HR data), then a chained activity with one record:
 * two activities of 2 and 1 points.
 */
static void test_chained(void **state)
{
	static const struct fdef ts_hr[] = { { 253, 4, 0x86 }, { 3, 1, 0x02 } };
	static const struct fdef hr_msg[] = { { 253, 4, 0x86 } };
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_def(&w, 1, false, 20, ts_hr, 2, NULL, 0);
	w_u8(&w, 1); w_val(&w, T0, 4, false); w_u8(&w, 120);
	w_u8(&w, 1); w_val(&w, T0 + 1, 4, false); w_u8(&w, 121);
	w_end(&w);
	w_begin(&w, 12);
	w_def(&w, 0, false, 132, hr_msg, 1, NULL, 0);	/* hr */
	w_u8(&w, 0); w_val(&w, T0 + 2, 4, false);
	w_end(&w);
	w_begin(&w, 14);
	/* local 1 was defined in the first file only: a chained file starts afresh */
	w_file_id(&w, 0, 4, T0 + 3600);
	w_def(&w, 1, false, 20, ts_hr, 2, NULL, 0);
	w_u8(&w, 1); w_val(&w, T0 + 3600, 4, false); w_u8(&w, 130);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 5, NULL, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 2);
	assert_int_equal(r.nends, 2);
	assert_int_equal(r.act_pts[0], 2);
	assert_int_equal(r.act_pts[1], 1);
	assert_int_equal(r.end[1].index, 1);
	assert_true(r.pts[2].hr_bpm == 130);
	{
		/* the cap on activities per file counts chained ones */
		struct rr_limits lim;

		rr_limits_default(&lim);
		lim.max_activities = 1;
		assert_int_equal(parse_mem(w.b, w.n, 0, &lim, &r, &err), RR_ELIMIT);
		assert_non_null(strstr(err.msg, "more than 1 activities"));
		assert_int_equal(err.id, RR_MSG_TOO_MANY_ACTIVITIES);
		assert_int_equal(r.nends, 1);
	}
}

/* A chained file may not reuse a definition from the one before it. */
static void test_chained_definitions_reset(void **state)
{
	static const struct fdef ts_hr[] = { { 253, 4, 0x86 }, { 3, 1, 0x02 } };
	struct fw w;
	struct rec r;
	struct rr_error err;
	size_t second;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_def(&w, 1, false, 20, ts_hr, 2, NULL, 0);
	w_u8(&w, 1); w_val(&w, T0, 4, false); w_u8(&w, 120);
	w_end(&w);
	w_begin(&w, 14);
	second = w.n;
	w_u8(&w, 1); w_val(&w, T0 + 1, 4, false); w_u8(&w, 121);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EPARSE);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, second + 1);
	assert_non_null(strstr(err.msg, "local type 1"));
}

static void test_crc_errors(void **state)
{
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	/* a flipped bit in an altitude: the file CRC (the last 2 bytes) catches it */
	w_basic(&w, 14, false);
	w.b[88] ^= 0x01;	/* 14 + 18 + 10 + 33 = 75: the record; +13 altitude */
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EPARSE);
	assert_non_null(strstr(err.msg, "file CRC mismatch"));
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, w.n - 2 + 1);
	/* the stored CRC itself damaged */
	w_basic(&w, 14, false);
	w.b[w.n - 1] ^= 0x80;
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EPARSE);
	assert_non_null(strstr(err.msg, "file CRC mismatch"));
	/* the header CRC (bytes 12..13) */
	w_basic(&w, 14, false);
	w.b[2] ^= 0x01;		/* profile version */
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EPARSE);
	assert_non_null(strstr(err.msg, "header CRC mismatch"));
	assert_int_equal(err.col, 13);
	/* a header CRC of 0 means "not computed": accepted */
	w_basic(&w, 14, false);
	w.b[12] = w.b[13] = 0;
	/* the file CRC covers the header: recompute it */
	{
		uint16_t c = crc_nibbles(0, w.b, w.n - 2);

		w.b[w.n - 2] = (unsigned char)c;
		w.b[w.n - 1] = (unsigned char)(c >> 8);
	}
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_basic(&r);
}

static void test_truncated(void **state)
{
	struct fw w;
	struct rec r;
	struct rr_error err;
	size_t cut;

	(void)state;
	w_basic(&w, 14, false);
	/* every proper prefix fails with a parse error, none crashes */
	for (cut = 1; cut < w.n; cut++) {
		enum rr_status st;

		if (cut < 12)
			continue;	/* too short to be recognised as FIT */
		st = parse_mem(w.b, cut, 0, NULL, &r, &err);
		assert_int_equal(st, RR_EPARSE);
		assert_int_equal(err.line, 1);
		assert_true(err.col >= 1 && err.col <= cut + 1);
		if (cut >= 14 && cut < w.n - 2)
			assert_non_null(strstr(err.msg, "truncated"));
	}
	/* cut inside the data: the offset where the data ran out */
	cut = 40;
	assert_int_equal(parse_mem(w.b, cut, 0, NULL, &r, &err), RR_EPARSE);
	assert_int_equal(err.col, cut + 1);
}

static void test_not_an_activity(void **state)
{
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 2, T0);	/* settings */
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EFORMAT);
	assert_string_equal(err.msg, "not an activity: a FIT settings file (file type 2)");
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 14 + 1 + 5 + 12 + 1);	/* the file_id data message */
	assert_int_equal(r.nacts, 0);
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 6, T0);	/* a course */
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EFORMAT);
	assert_non_null(strstr(err.msg, "course file (file type 6)"));
}

/* An activity with no records is one empty activity, as for GPX and TCX. */
static void test_empty_activity(void **state)
{
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 1);
	assert_int_equal(r.npts, 0);
	assert_true(r.end[0].start_t_s == T0_UNIX);
}

/* Timer stop then start: the records after the pause are a new segment. */
static void test_pause_segments(void **state)
{
	static const struct fdef ts_hr[] = { { 253, 4, 0x86 }, { 3, 1, 0x02 } };
	static const struct fdef act[] = { { 253, 4, 0x86 }, { 5, 4, 0x86 } };
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_def(&w, 1, false, 20, ts_hr, 2, NULL, 0);
	w_def(&w, 2, false, 21, EVENT, 3, NULL, 0);
	w_event(&w, 2, T0, 0);		/* start: nothing recorded yet, segment 0 */
	w_u8(&w, 1); w_val(&w, T0, 4, false); w_u8(&w, 120);
	w_event(&w, 2, T0 + 5, 4);	/* stop_all */
	w_event(&w, 2, T0 + 65, 0);	/* start */
	w_u8(&w, 1); w_val(&w, T0 + 65, 4, false); w_u8(&w, 121);
	w_event(&w, 2, T0 + 70, 1);	/* stop */
	w_event(&w, 2, T0 + 80, 0);
	w_u8(&w, 1); w_val(&w, T0 + 80, 4, false); w_u8(&w, 122);
	/* activity: local_timestamp 2 h ahead of UTC (+7200 s, +2 s of skew) */
	w_def(&w, 3, false, 34, act, 2, NULL, 0);
	w_u8(&w, 3); w_val(&w, T0 + 90, 4, false); w_val(&w, T0 + 90 + 7202, 4, false);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 3);
	assert_int_equal(r.pts[0].segment, 0);
	assert_int_equal(r.pts[1].segment, 1);
	assert_int_equal(r.pts[2].segment, 2);
	assert_true(r.end[0].tz_known);
	assert_int_equal(r.end[0].tz_offset_s, 7200);
}

static void test_bad_structure(void **state)
{
	struct fw w;
	struct rec r;
	struct rr_error err;
	size_t at;

	(void)state;
	/* a data message whose local type was never defined */
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	at = w.n;
	w_u8(&w, 5);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EPARSE);
	assert_int_equal(err.col, at + 1);
	assert_non_null(strstr(err.msg, "local type 5"));
	/* an architecture byte that is neither 0 nor 1 */
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	at = w.n;
	w_def(&w, 0, false, 0, FILE_ID, 4, NULL, 0);
	w.b[at + 2] = 0xE5;
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EPARSE);
	assert_int_equal(err.col, at + 1);
	assert_non_null(strstr(err.msg, "architecture byte 0xE5"));
	/* a message that runs past the data size: header says 3 bytes fewer */
	w_basic(&w, 12, false);
	w.b[4] = (unsigned char)(w.b[4] - 3);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EPARSE);
	assert_non_null(strstr(err.msg, "past the end of the data"));
	/* a header that says it is 11 bytes long: rr_parse() does not take it for FIT */
	w_basic(&w, 14, false);
	w.b[0] = 11;
	assert_int_equal(rr_detect_format(w.b, w.n), RR_FORMAT_UNKNOWN);
	{
		struct rr_input *in;
		struct rr_sink sink = { &r, rec_begin, rec_point, rec_end };

		memset(&r, 0, sizeof(r));
		rr_error_clear(&err);
		assert_int_equal(rr_input_open_mem(&in, w.b, w.n, 0, &err), RR_OK);
		assert_int_equal(fit_parse(in, NULL, &sink, &err), RR_EPARSE);
		rr_input_close(in);
		assert_string_equal(err.msg, "a FIT header of 11 bytes (12 or 14 expected)");
		assert_int_equal(err.col, 1);
	}
}

static void test_caps(void **state)
{
	struct fw w;
	struct rec r;
	struct rr_error err;
	struct rr_limits lim;

	(void)state;
	rr_limits_default(&lim);
	lim.max_points = 1;
	w_basic(&w, 14, false);
	assert_int_equal(parse_mem(w.b, w.n, 0, &lim, &r, &err), RR_ELIMIT);
	assert_non_null(strstr(err.msg, "more than 1 track points"));
	assert_int_equal(err.id, RR_MSG_TOO_MANY_POINTS);
	rr_limits_default(&lim);
	lim.max_bytes = 50;	/* the header announces more data than that */
	assert_int_equal(parse_mem(w.b, w.n, 0, &lim, &r, &err), RR_ELIMIT);
	assert_int_equal(err.col, 5);
}

/* Strings: names in file_id/device_info, cut, unterminated and non-UTF-8 made safe. */
static void test_device_name(void **state)
{
	static const struct fdef dev[] = { { 0, 1, 0x02 }, { 2, 2, 0x84 }, { 27, 8, 0x07 } };
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_def(&w, 1, false, 23, dev, 3, NULL, 0);
	/* device 0 (the creator), Wahoo (32), "BOLT\x01\xff" + no NUL */
	w_u8(&w, 1); w_u8(&w, 0); w_val(&w, 32, 2, false);
	w_u8(&w, 'B'); w_u8(&w, 'O'); w_u8(&w, 'L'); w_u8(&w, 'T'); w_u8(&w, ' ');
	w_u8(&w, 0x01); w_u8(&w, 0xFF); w_u8(&w, 'x');
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_string_equal(r.end[0].creator, "Wahoo BOLT ??x");
}

/*
 * Strava's order: session and laps before the records.  The sport is then
 * known at begin; two laps sum to 1000 + 500 m, 300 + 150 s, 50 + 25 kcal,
 * max HR max(170, 180); the session's own totals are not added to them.
 */
static void test_laps_session_first(void **state)
{
	static const struct fdef lapf[] = {
		{ 9, 4, 0x86 }, { 8, 4, 0x86 }, { 11, 2, 0x84 }, { 16, 1, 0x02 },
	};
	static const struct fdef ts_hr[] = { { 253, 4, 0x86 }, { 3, 1, 0x02 } };
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_session(&w, 1, 1, 4);		/* running, track */
	w_def(&w, 2, false, 19, lapf, 4, NULL, 0);
	w_u8(&w, 2); w_val(&w, 100000, 4, false); w_val(&w, 300000, 4, false);
	w_val(&w, 50, 2, false); w_u8(&w, 170);
	w_u8(&w, 2); w_val(&w, 50000, 4, false); w_val(&w, 150000, 4, false);
	w_val(&w, 25, 2, false); w_u8(&w, 180);
	w_def(&w, 3, false, 20, ts_hr, 2, NULL, 0);
	w_u8(&w, 3); w_val(&w, T0, 4, false); w_u8(&w, 150);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_string_equal(r.begin[0].sport, "running");
	assert_string_equal(r.begin[0].sub_sport, "track");
	assert_int_equal(r.end[0].laps, 2);
	assert_true(r.end[0].lap_distance_m == 1500.0);
	assert_true(r.end[0].lap_time_s == 450.0);
	assert_true(r.end[0].lap_calories == 75.0);
	assert_true(r.end[0].lap_hr_max == 180.0);
}

/*
 * Multisport: each leg written as sport, records, session is an activity of
 * its own; sessions that all come after the records leave one activity
 * whose sport is "multisport".
 */
static void test_multisport_legs(void **state)
{
	static const struct fdef sp[] = { { 0, 1, 0x00 }, { 1, 1, 0x00 } };
	static const struct fdef ts_hr[] = { { 253, 4, 0x86 }, { 3, 1, 0x02 } };
	static const unsigned sports[3] = { 5, 2, 1 };	/* swimming, cycling, running */
	struct fw w;
	struct rec r;
	struct rr_error err;
	unsigned k;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_def(&w, 1, false, 12, sp, 2, NULL, 0);
	w_def(&w, 2, false, 20, ts_hr, 2, NULL, 0);
	w_def(&w, 3, false, 18, SESSION, 4, NULL, 0);
	for (k = 0; k < 3; k++) {
		w_u8(&w, 1); w_u8(&w, sports[k]); w_u8(&w, 0);
		w_u8(&w, 2); w_val(&w, T0 + 100 * k, 4, false); w_u8(&w, 120 + k);
		w_u8(&w, 2); w_val(&w, T0 + 100 * k + 1, 4, false); w_u8(&w, 130 + k);
		w_u8(&w, 3); w_u8(&w, sports[k]); w_u8(&w, 0);
		w_val(&w, 60000, 4, false); w_val(&w, 24690, 4, false);
	}
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 3);
	assert_string_equal(r.end[0].sport, "swimming");
	assert_string_equal(r.begin[1].sport, "cycling");
	assert_string_equal(r.end[2].sport, "running");
	assert_int_equal(r.end[2].index, 2);
	assert_int_equal(r.act_pts[0], 2);
	assert_int_equal(r.act_pts[1], 2);
	assert_int_equal(r.act_pts[2], 2);
	assert_true(r.pts[4].t_s == T0_UNIX + 200 && r.pts[4].hr_bpm == 122);
	assert_string_equal(r.end[1].creator, "Garmin product 1234");

	/* the same records, then the three sessions: one activity */
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_def(&w, 2, false, 20, ts_hr, 2, NULL, 0);
	w_def(&w, 3, false, 18, SESSION, 4, NULL, 0);
	for (k = 0; k < 3; k++) {
		w_u8(&w, 2); w_val(&w, T0 + 100 * k, 4, false); w_u8(&w, 120 + k);
	}
	for (k = 0; k < 3; k++) {
		w_u8(&w, 3); w_u8(&w, sports[k]); w_u8(&w, 0);
		w_val(&w, 60000, 4, false); w_val(&w, 24690, 4, false);
	}
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 1);
	assert_string_equal(r.end[0].sport, "multisport");
	assert_true(fabs(r.end[0].lap_distance_m - 3 * 246.9) < 1e-9);
}

/* The sport message (12) before the records: sport 0, sub_sport 1, name 3. */
static void test_sport_message(void **state)
{
	static const struct fdef sp[] = { { 3, 12, 0x07 }, { 0, 1, 0x00 }, { 1, 1, 0x00 } };
	static const struct fdef ts_hr[] = { { 253, 4, 0x86 }, { 3, 1, 0x02 } };
	static const char name[12] = "Trail Run";
	struct fw w;
	struct rec r;
	struct rr_error err;
	size_t i;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	w_def(&w, 1, false, 12, sp, 3, NULL, 0);
	w_u8(&w, 1);
	for (i = 0; i < sizeof(name); i++)
		w_u8(&w, (unsigned char)name[i]);
	w_u8(&w, 1); w_u8(&w, 3);
	w_def(&w, 2, false, 20, ts_hr, 2, NULL, 0);
	w_u8(&w, 2); w_val(&w, T0, 4, false); w_u8(&w, 150);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_string_equal(r.begin[0].sport, "running");
	assert_string_equal(r.begin[0].sub_sport, "trail");
	assert_string_equal(r.begin[0].name, "Trail Run");
	assert_string_equal(r.end[0].name, "Trail Run");
}

/*
 * Any base type for any field: a file type declared as a uint64 of 2^64-2
 * is not an activity; a latitude declared uint32 beyond the sint32
 * semicircle range (2^31 + 1) and a timestamp declared uint64 beyond 32
 * bits (2^32) are unknown, not 180.00000008 degrees or the year 2126.
 */
static void test_hostile_types(void **state)
{
	static const struct fdef fid[] = { { 0, 8, 0x8F } };
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_def(&w, 0, false, 0, fid, 1, NULL, 0);
	w_u8(&w, 0); w_val(&w, UINT64_MAX - 1, 8, false);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_EFORMAT);
	assert_string_equal(err.msg, "not an activity: the FIT file_id has no file type");

	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_file_id(&w, 0, 4, T0);
	{
		static const struct fdef wide[] = {
			{ 253, 8, 0x8F }, { 0, 4, 0x86 }, { 1, 4, 0x85 }, { 3, 1, 0x02 },
		};

		w_def(&w, 1, false, 20, wide, 4, NULL, 0);
	}
	w_u8(&w, 1); w_val(&w, 1ull << 32, 8, false); w_val(&w, (1ull << 31) + 1, 4, false);
	w_val(&w, 1u << 29, 4, false); w_u8(&w, 77);
	w_u8(&w, 1); w_val(&w, T0, 8, false); w_val(&w, 1u << 31, 4, false);
	w_val(&w, 1u << 29, 4, false); w_u8(&w, 78);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 2);
	assert_true(isnan(r.pts[0].t_s) && isnan(r.pts[0].lat_deg) && isnan(r.pts[0].lon_deg));
	assert_true(r.pts[0].hr_bpm == 77);
	/* exactly 2^31 as a uint32 is still a semicircle count: 180 degrees */
	assert_true(r.pts[1].t_s == T0_UNIX);
	assert_true(r.pts[1].lat_deg == 180.0 && r.pts[1].lon_deg == 45.0);
}

/*
 * compressed_speed_distance (byte[3]): speed 345 (3.45 m/s) in the low 12
 * bits, distance 1608 sixteenths (100.5 m) in the high 12: bytes 0x59,
 * 0x81, 0x64.  Then distance 16 (0x010), speed 0: the 12 bits rolled over,
 * (16 - 1608) mod 4096 = 2504 sixteenths = 156.5 m more: 257.0 m.  Also a
 * negative sint8 temperature (-5 C: 0xFB), power 250 W, and timestamps
 * below 0x10000000 (device-relative seconds): unknown, and noted.
 */
static void test_compressed_speed_distance(void **state)
{
	static const struct fdef f[] = {
		{ 253, 4, 0x86 }, { 8, 3, 0x0D }, { 13, 1, 0x01 }, { 7, 2, 0x84 },
	};
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 12);
	w_file_id(&w, 0, 4, 1000);
	w_def(&w, 1, false, 20, f, 4, NULL, 0);
	w_u8(&w, 1); w_val(&w, 1000, 4, false);
	w_u8(&w, 0x59); w_u8(&w, 0x81); w_u8(&w, 0x64); w_u8(&w, 0xFB); w_val(&w, 250, 2, false);
	w_u8(&w, 1); w_val(&w, 1001, 4, false);
	w_u8(&w, 0x00); w_u8(&w, 0x00); w_u8(&w, 0x01); w_u8(&w, 0x7F); w_val(&w, 0xFFFF, 2, false);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 2);
	assert_true(r.pts[0].speed_mps == 3.45);
	assert_true(r.pts[0].dist_m == 100.5);
	assert_true(r.pts[1].speed_mps == 0.0);
	assert_true(r.pts[1].dist_m == 257.0);
	assert_true(r.pts[0].temp_c == -5.0);
	assert_true(isnan(r.pts[1].temp_c));	/* 0x7F: sint8 invalid */
	assert_true(r.pts[0].power_w == 250.0);
	assert_true(isnan(r.pts[1].power_w));
	assert_true(isnan(r.pts[0].t_s) && isnan(r.pts[1].t_s));
	assert_true(r.end[0].notes & RR_NOTE_BAD_TIME);
	assert_true(isnan(r.end[0].start_t_s));
}

/* A compressed timestamp with no full timestamp before it: unknown, not 0 + offset. */
static void test_compressed_without_base(void **state)
{
	static const struct fdef hr_only[] = { { 3, 1, 0x02 } };
	struct fw w;
	struct rec r;
	struct rr_error err;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_begin(&w, 14);
	w_def(&w, 1, false, 20, hr_only, 1, NULL, 0);	/* no file_id either: read as an activity */
	w_u8(&w, 0x80 | (1 << 5) | 7); w_u8(&w, 99);
	w_end(&w);
	assert_int_equal(parse_mem(w.b, w.n, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 1);
	assert_true(isnan(r.pts[0].t_s));
	assert_true(r.pts[0].hr_bpm == 99);
	assert_string_equal(r.end[0].creator, "");
}

/* ---- the real corpus (skipped when ../shared/corpus is absent) ---- */

#define CORPUS_FIT "../shared/corpus/fit/"

struct big_rec {
	struct rr_meta end[16];
	size_t nacts;
	unsigned long long npts;
	uint64_t hash;		/* of every point's fields, in order */
};

static void mix(uint64_t *h, double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	if (v != v)
		u = 0x7FF8000000000001ull;	/* every NAN alike */
	*h = (*h ^ u) * 0x100000001B3ull;
}

static int big_begin(void *ctx, const struct rr_meta *m)
{
	(void)ctx; (void)m;
	return 0;
}

static int big_point(void *ctx, const struct rr_point *p)
{
	struct big_rec *r = ctx;

	r->npts++;
	mix(&r->hash, p->t_s); mix(&r->hash, p->lat_deg); mix(&r->hash, p->lon_deg);
	mix(&r->hash, p->ele_m); mix(&r->hash, p->dist_m); mix(&r->hash, p->speed_mps);
	mix(&r->hash, p->hr_bpm); mix(&r->hash, p->cad_rpm); mix(&r->hash, p->temp_c);
	mix(&r->hash, p->power_w); mix(&r->hash, (double)p->segment);
	return 0;
}

static int big_end(void *ctx, const struct rr_meta *m)
{
	struct big_rec *r = ctx;

	if (r->nacts < 16)
		r->end[r->nacts] = *m;
	r->nacts++;
	return 0;
}

static enum rr_status parse_path(const char *path, size_t chunk, struct big_rec *r,
				 struct rr_error *err)
{
	struct rr_sink sink = { r, big_begin, big_point, big_end };
	struct rr_input *in;
	enum rr_status st;

	memset(r, 0, sizeof(*r));
	r->hash = 0xCBF29CE484222325ull;
	rr_error_clear(err);
	if (rr_input_open(&in, path, 0, err) != RR_OK)
		return err->code;
	if (chunk)
		rr_input_set_chunk(in, chunk);
	st = fit_parse(in, NULL, &sink, err);
	rr_input_close(in);
	return st;
}

/* Fed whole, one byte at a time and 13 at a time: the same points, metas and errors. */
static void test_corpus_chunks(void **state)
{
	static const char *const files[] = {
		"python-fitparse/tests/files/compressed-speed-distance.fit",
		"python-fitparse/tests/files/2019-02-17-062644-ELEMNT-297E-195-0.fit",
		"python-fitparse/tests/files/sample_mulitple_header.fit",
		"python-fitparse/tests/files/developer-types-sample.fit",
		"python-fitparse/tests/files/strava-android-app-201.10-b1218918.fit",
		"python-fitparse/tests/files/nick.fit",
		"fit/testdata/misc/unterminated-strings.fit",
		"elevate/desktop/src/specs/integration/file/fixtures/swimming/spiros-01.fit",
	};
	static const size_t chunks[] = { 1, 13 };
	static struct big_rec a, b;
	struct rr_error ea, eb;
	char path[512];
	size_t i, k;

	(void)state;
	snprintf(path, sizeof(path), "%s%s", CORPUS_FIT, files[0]);
	if (access(path, R_OK) != 0) {
		skip();
		return;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", CORPUS_FIT, files[i]);
		parse_path(path, 0, &a, &ea);
		for (k = 0; k < 2; k++) {
			parse_path(path, chunks[k], &b, &eb);
			assert_int_equal(ea.code, eb.code);
			assert_int_equal(ea.col, eb.col);
			assert_string_equal(ea.msg, eb.msg);
			assert_true(a.npts == b.npts);
			assert_true(a.hash == b.hash);
			assert_int_equal(a.nacts, b.nacts);
		}
	}
}

/*
 * Values the MANIFEST.md of the corpus states: sub-sports (treadmill,
 * trail), a chained triathlon of 4 parts whose 5 sessions are 5 legs (its
 * 3 chained parts hold only hr messages), the compressed-timestamp files whose times
 * are device-relative (below 0x10000000: no date, so unknown).
 */
static void test_corpus_manifest(void **state)
{
	static struct big_rec r;
	struct rr_error err;
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s%s", CORPUS_FIT,
		 "elevate/desktop/src/specs/integration/file/fixtures/running/treadmill.fit");
	if (access(path, R_OK) != 0) {
		skip();
		return;
	}
	assert_int_equal(parse_path(path, 0, &r, &err), RR_OK);
	assert_string_equal(r.end[0].sport, "running");
	assert_string_equal(r.end[0].sub_sport, "treadmill");
	snprintf(path, sizeof(path), "%s%s", CORPUS_FIT,
		 "elevate/desktop/src/specs/integration/file/fixtures/running/bloemendaal.fit");
	assert_int_equal(parse_path(path, 0, &r, &err), RR_OK);
	assert_string_equal(r.end[0].sub_sport, "trail");
	snprintf(path, sizeof(path), "%s%s", CORPUS_FIT,
		 "python-fitparse/tests/files/sample_mulitple_header.fit");
	assert_int_equal(parse_path(path, 0, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 5);	/* one activity per leg */
	assert_string_equal(r.end[0].sport, "swimming");
	assert_string_equal(r.end[0].sub_sport, "open water");
	assert_string_equal(r.end[1].sport, "transition");
	assert_string_equal(r.end[2].sport, "cycling");
	assert_string_equal(r.end[3].sport, "transition");
	assert_string_equal(r.end[4].sport, "running");
	snprintf(path, sizeof(path), "%s%s", CORPUS_FIT,
		 "python-fitparse/tests/files/compressed-speed-distance.fit");
	assert_int_equal(parse_path(path, 0, &r, &err), RR_OK);
	assert_true(r.npts > 700);
	assert_true(r.end[0].notes & RR_NOTE_BAD_TIME);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc16),
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_big_endian),
		cmocka_unit_test(test_gzip_and_detect),
		cmocka_unit_test(test_compressed_timestamps),
		cmocka_unit_test(test_developer_fields),
		cmocka_unit_test(test_chained),
		cmocka_unit_test(test_chained_definitions_reset),
		cmocka_unit_test(test_crc_errors),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_not_an_activity),
		cmocka_unit_test(test_empty_activity),
		cmocka_unit_test(test_pause_segments),
		cmocka_unit_test(test_bad_structure),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_device_name),
		cmocka_unit_test(test_laps_session_first),
		cmocka_unit_test(test_compressed_speed_distance),
		cmocka_unit_test(test_compressed_without_base),
		cmocka_unit_test(test_hostile_types),
		cmocka_unit_test(test_sport_message),
		cmocka_unit_test(test_multisport_legs),
		cmocka_unit_test(test_corpus_chunks),
		cmocka_unit_test(test_corpus_manifest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
