/*
 * test_gpx.c - the streaming GPX parser: inline fixtures, hostile XML, the
 * real corpus (../shared/corpus, skipped when absent) and chunk-size
 * equivalence (one byte at a time must give exactly the whole-buffer
 * stream).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/unit/helpers.h"
#include <zlib.h>

#include "core/activity.h"
#include "core/err.h"
#include "parsers/input.h"
#include "parsers/parse.h"

/* ---- a recording sink ------------------------------------------------- */

#define MAX_ACTS 16

struct rec {
	struct rr_meta begin[MAX_ACTS], end[MAX_ACTS];
	unsigned nbegin, nend;
	struct rr_point *pts;
	unsigned *pt_act;		/* activity index of each point */
	size_t npts, cap;
	int open;			/* between begin and end */
	int protocol_errors;		/* point outside an activity, nested begin... */
	/* make a callback fail: 'b', 'p' or 'e', at its nth call (from 1) */
	char fail_at;
	size_t fail_n;
	size_t calls_b, calls_p, calls_e;
};

static void rec_init(struct rec *r)
{
	memset(r, 0, sizeof(*r));
}

static void rec_release(struct rec *r)
{
	free(r->pts);
	free(r->pt_act);
	r->pts = NULL;
	r->pt_act = NULL;
}

static int rec_begin(void *ctx, const struct rr_meta *m)
{
	struct rec *r = ctx;

	r->calls_b++;
	if (r->fail_at == 'b' && r->calls_b == r->fail_n)
		return 1;
	if (r->open || r->nbegin >= MAX_ACTS)
		r->protocol_errors++;
	else
		r->begin[r->nbegin++] = *m;
	r->open = 1;
	return 0;
}

static int rec_point(void *ctx, const struct rr_point *p)
{
	struct rec *r = ctx;

	r->calls_p++;
	if (r->fail_at == 'p' && r->calls_p == r->fail_n)
		return 1;
	if (!r->open)
		r->protocol_errors++;
	if (r->npts == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;

		r->pts = realloc(r->pts, cap * sizeof(*r->pts));
		r->pt_act = realloc(r->pt_act, cap * sizeof(*r->pt_act));
		assert_non_null(r->pts);
		assert_non_null(r->pt_act);
		r->cap = cap;
	}
	r->pts[r->npts] = *p;
	r->pt_act[r->npts] = r->nbegin ? r->nbegin - 1 : 0;
	r->npts++;
	return 0;
}

static int rec_end(void *ctx, const struct rr_meta *m)
{
	struct rec *r = ctx;

	r->calls_e++;
	if (r->fail_at == 'e' && r->calls_e == r->fail_n)
		return 1;
	if (!r->open || r->nend >= MAX_ACTS)
		r->protocol_errors++;
	else
		r->end[r->nend++] = *m;
	r->open = 0;
	return 0;
}

/* Points of activity a. */
static size_t rec_count(const struct rec *r, unsigned a)
{
	size_t i, n = 0;

	for (i = 0; i < r->npts; i++)
		n += r->pt_act[i] == a;
	return n;
}

/* ---- running the parser ---------------------------------------------- */

static enum rr_status parse_mem_lim(const void *xml, size_t len, size_t chunk,
				    const struct rr_limits *lim, struct rec *rec,
				    struct rr_error *err)
{
	struct rr_input *in = NULL;
	struct rr_sink sink = { rec, rec_begin, rec_point, rec_end };
	enum rr_status st;

	rr_error_clear(err);
	assert_int_equal(rr_input_open_mem(&in, xml, len, 0, err), RR_OK);
	if (chunk)
		rr_input_set_chunk(in, chunk);
	st = gpx_parse(in, lim, &sink, err);
	rr_input_close(in);
	assert_int_equal(err->code, st);
	return st;
}

static enum rr_status parse_str(const char *xml, struct rec *rec, struct rr_error *err)
{
	return parse_mem_lim(xml, strlen(xml), 0, NULL, rec, err);
}

/* Parse xml whole and one byte at a time; both streams must be identical. */
static enum rr_status parse_both(const char *xml, struct rec *rec, struct rr_error *err);

static const char *corpus_dir(void)
{
	const char *d = getenv("RUNRISK_CORPUS");

	return d && *d ? d : "../shared/corpus";
}

/* 1 and the full path when the corpus has the file, else 0 (the caller skips). */
static int corpus_path(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", corpus_dir(), rel);
	return access(buf, R_OK) == 0;
}

static enum rr_status parse_path(const char *path, size_t chunk, struct rec *rec,
				 struct rr_error *err)
{
	struct rr_input *in = NULL;
	struct rr_sink sink = { rec, rec_begin, rec_point, rec_end };
	struct rr_limits lim;
	enum rr_status st;

	rr_limits_default(&lim);
	rr_error_clear(err);
	st = rr_input_open(&in, path, lim.max_bytes, err);
	if (st != RR_OK)
		return st;
	if (chunk)
		rr_input_set_chunk(in, chunk);
	st = gpx_parse(in, &lim, &sink, err);
	rr_input_close(in);
	return st;
}

#define CORPUS_OR_SKIP(buf, rel) \
	do { \
		if (!corpus_path(buf, sizeof(buf), rel)) { \
			print_message("corpus file %s absent: skipped\n", rel); \
			skip(); \
		} \
	} while (0)

/* Parse a corpus file whole; it must succeed without protocol errors. */
static void parse_corpus(const char *rel, struct rec *rec)
{
	char path[1024];
	struct rr_error err = RR_ERROR_INIT;

	CORPUS_OR_SKIP(path, rel);
	rec_init(rec);
	if (parse_path(path, 0, rec, &err) != RR_OK)
		fail_msg("%s: %s at %lu:%lu: %s", rel, rr_status_name(err.code), err.line,
			 err.col, err.msg);
	assert_int_equal(rec->protocol_errors, 0);
	assert_int_equal(rec->nbegin, rec->nend);
	assert_int_equal(rec->open, 0);
}

/* ---- stream comparison ------------------------------------------------ */

static int same_d(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static void assert_same_meta(const struct rr_meta *a, const struct rr_meta *b)
{
	assert_int_equal(a->format, b->format);
	assert_string_equal(a->sport, b->sport);
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->creator, b->creator);
	assert_string_equal(a->id, b->id);
	assert_true(same_d(a->start_t_s, b->start_t_s));
	assert_int_equal(a->tz_offset_s, b->tz_offset_s);
	assert_int_equal(a->tz_known, b->tz_known);
	assert_int_equal(a->route, b->route);
	assert_int_equal(a->index, b->index);
	assert_int_equal(a->notes, b->notes);
	assert_int_equal(a->laps, b->laps);
}

static void assert_same_point(const struct rr_point *a, const struct rr_point *b, size_t i)
{
	if (!same_d(a->t_s, b->t_s) || !same_d(a->lat_deg, b->lat_deg) ||
	    !same_d(a->lon_deg, b->lon_deg) || !same_d(a->ele_m, b->ele_m) ||
	    !same_d(a->dist_m, b->dist_m) || !same_d(a->speed_mps, b->speed_mps) ||
	    !same_d(a->hr_bpm, b->hr_bpm) || !same_d(a->cad_rpm, b->cad_rpm) ||
	    !same_d(a->temp_c, b->temp_c) || !same_d(a->power_w, b->power_w) ||
	    a->segment != b->segment)
		fail_msg("point %zu differs", i);
}

static void assert_same_stream(const struct rec *a, const struct rec *b)
{
	unsigned i;
	size_t k;

	assert_int_equal(a->nbegin, b->nbegin);
	assert_int_equal(a->nend, b->nend);
	assert_int_equal(a->npts, b->npts);
	for (i = 0; i < a->nbegin; i++)
		assert_same_meta(&a->begin[i], &b->begin[i]);
	for (i = 0; i < a->nend; i++)
		assert_same_meta(&a->end[i], &b->end[i]);
	for (k = 0; k < a->npts; k++) {
		assert_int_equal(a->pt_act[k], b->pt_act[k]);
		assert_same_point(&a->pts[k], &b->pts[k], k);
	}
}

static enum rr_status parse_both(const char *xml, struct rec *rec, struct rr_error *err)
{
	struct rec bytewise;
	struct rr_error err1 = RR_ERROR_INIT;
	enum rr_status st, st1;

	st = parse_mem_lim(xml, strlen(xml), 0, NULL, rec, err);
	rec_init(&bytewise);
	st1 = parse_mem_lim(xml, strlen(xml), 1, NULL, &bytewise, &err1);
	assert_int_equal(st, st1);
	assert_int_equal(err->line, err1.line);
	assert_int_equal(err->col, err1.col);
	assert_same_stream(rec, &bytewise);
	rec_release(&bytewise);
	return st;
}

/* Seconds since the epoch of a UTC civil time (test-side, via timegm). */
static double utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (double)timegm(&tm);
}

/* Parsed decimals need not be the correctly rounded double: allow 1e-9 relative. */
#define assert_near(a, b) assert_true(fabs((a) - (b)) <= 1e-9 * fmax(1.0, fabs(b)))

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- inline fixtures -------------------------------------------------- */

static const char basic_gpx[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<gpx version=\"1.1\" creator=\"Test Watch 1.0\" "
	"xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
	"  <metadata><name>Meta name</name><time>2024-05-01T06:00:00Z</time></metadata>\n"
	"  <wpt lat=\"10\" lon=\"20\"><ele>5</ele><time>2024-05-01T05:00:00Z</time>"
	"<name>a waypoint</name></wpt>\n"
	"  <trk>\n"
	"    <name>Morning Run</name>\n"
	"    <type>running</type>\n"
	"    <trkseg>\n"
	"      <trkpt lat=\"46.5\" lon=\"13.25\"><ele>612.5</ele>"
	"<time>2024-05-01T06:30:00Z</time></trkpt>\n"
	"      <trkpt lat=\"46.5001\" lon=\"13.2502\">\n"
	"        <ele>\n  613.0 \n</ele>\n"
	"        <time>2024-05-01T06:30:01.5Z</time>\n"
	"      </trkpt>\n"
	"    </trkseg>\n"
	"  </trk>\n"
	"</gpx>\n";

static void test_basic_track(void **state)
{
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;
	double t0 = utc(2024, 5, 1, 6, 30, 0);

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(basic_gpx, &r, &err), RR_OK);
	assert_int_equal(r.protocol_errors, 0);
	assert_int_equal(r.nbegin, 1);
	assert_int_equal(r.nend, 1);
	assert_int_equal(r.npts, 2);	/* the wpt is not a point */

	/* begin sees what is known at the first segment: the track's <type> too */
	assert_int_equal(r.begin[0].format, RR_FORMAT_GPX);
	assert_string_equal(r.begin[0].creator, "Test Watch 1.0");
	assert_string_equal(r.begin[0].sport, "running");
	assert_int_equal(r.begin[0].index, 0);
	assert_false(r.begin[0].route);
	assert_true(r.begin[0].start_t_s == utc(2024, 5, 1, 6, 0, 0));

	/* end sees the final values */
	assert_string_equal(r.end[0].name, "Morning Run");
	assert_string_equal(r.end[0].sport, "running");
	assert_string_equal(r.end[0].creator, "Test Watch 1.0");
	assert_true(r.end[0].start_t_s == utc(2024, 5, 1, 6, 0, 0));
	assert_int_equal(r.end[0].notes, 0);
	assert_false(r.end[0].tz_known);	/* 'Z' says nothing about local time */

	assert_true(r.pts[0].lat_deg == 46.5);
	assert_true(r.pts[0].lon_deg == 13.25);
	assert_true(r.pts[0].ele_m == 612.5);
	assert_true(r.pts[0].t_s == t0);
	assert_true(r.pts[1].ele_m == 613.0);
	assert_true(r.pts[1].t_s == t0 + 1.5);
	assert_int_equal(r.pts[0].segment, 0);
	assert_int_equal(r.pts[1].segment, 0);
	/* absent sensors are NAN, never 0 */
	assert_true(isnan(r.pts[0].hr_bpm));
	assert_true(isnan(r.pts[0].cad_rpm));
	assert_true(isnan(r.pts[0].speed_mps));
	assert_true(isnan(r.pts[0].temp_c));
	assert_true(isnan(r.pts[0].power_w));
	assert_true(isnan(r.pts[0].dist_m));
	rec_release(&r);
}

static void test_gpx10_speed_and_file_time(void **state)
{
	static const char xml[] =
		"<gpx version=\"1.0\" creator=\"GPSBabel\" xmlns=\"http://www.topografix.com/GPX/1/0\">"
		"<name>Old style</name><time>2010-12-14T06:17:04Z</time>"
		"<trk><trkseg>"
		"<trkpt lat=\"1\" lon=\"2\"><ele>3</ele><time>2010-12-14T06:17:05Z</time>"
		"<course>90</course><speed>2.5</speed></trkpt>"
		"</trkseg></trk></gpx>";
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_OK);
	assert_int_equal(r.npts, 1);
	assert_true(r.pts[0].speed_mps == 2.5);
	assert_true(r.end[0].start_t_s == utc(2010, 12, 14, 6, 17, 4));
	assert_string_equal(r.end[0].name, "Old style");	/* gpx/name as fallback */
	rec_release(&r);
}

static void test_no_namespace_and_prefixes(void **state)
{
	/* the root in a prefixed GPX namespace, a point with no namespace at all */
	static const char xml[] =
		"<g:gpx xmlns:g=\"http://www.topografix.com/GPX/1/1\" creator=\"x\">"
		"<g:trk><g:name>Prefixed</g:name><g:trkseg>"
		"<g:trkpt lat=\"1.5\" lon=\"-2.5\"><g:ele>7</g:ele></g:trkpt>"
		"</g:trkseg></g:trk></g:gpx>";
	static const char bare[] =
		"<gpx><trk><trkseg><trkpt lat=\"3\" lon=\"4\"><ele>8</ele></trkpt>"
		"</trkseg></trk></gpx>";
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_OK);
	assert_int_equal(r.npts, 1);
	assert_true(r.pts[0].lat_deg == 1.5 && r.pts[0].lon_deg == -2.5);
	assert_true(r.pts[0].ele_m == 7);
	assert_string_equal(r.end[0].name, "Prefixed");
	rec_release(&r);

	rec_init(&r);
	assert_int_equal(parse_both(bare, &r, &err), RR_OK);
	assert_int_equal(r.npts, 1);
	assert_true(r.pts[0].ele_m == 8);
	assert_string_equal(r.end[0].creator, "");
	rec_release(&r);
}

static void test_extensions(void **state)
{
	static const char xml[] =
		"<gpx xmlns=\"http://www.topografix.com/GPX/1/1\" "
		"xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\" "
		"xmlns:ns3=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v2\" "
		"xmlns:gpxdata=\"http://www.cluetrust.com/XML/GPXDATA/1/0\" "
		"xmlns:gh=\"https://graphhopper.com/public/schema/gpx/1.1\">"
		"<trk><trkseg>"
		/* 0: TPX v1 with a prefix */
		"<trkpt lat=\"1\" lon=\"1\"><time>2020-01-01T00:00:00Z</time><extensions>"
		"<gpxtpx:TrackPointExtension><gpxtpx:atemp>21.5</gpxtpx:atemp>"
		"<gpxtpx:wtemp>9</gpxtpx:wtemp><gpxtpx:hr>141</gpxtpx:hr>"
		"<gpxtpx:cad>88</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>"
		/* 1: TPX v2 under another prefix, with speed */
		"<trkpt lat=\"1\" lon=\"1\"><extensions><ns3:TrackPointExtension>"
		"<ns3:hr>150</ns3:hr><ns3:speed>3.25</ns3:speed><ns3:course>12</ns3:course>"
		"</ns3:TrackPointExtension></extensions></trkpt>"
		/* 2: the same names with no namespace at all */
		"<trkpt lat=\"1\" lon=\"1\"><extensions><TrackPointExtension>"
		"<hr>151</hr><cad>90</cad></TrackPointExtension></extensions></trkpt>"
		/* 3: ClueTrust gpxdata */
		"<trkpt lat=\"1\" lon=\"1\"><extensions><gpxdata:hr>152</gpxdata:hr>"
		"<gpxdata:cadence>91</gpxdata:cadence><gpxdata:temp>-3.5</gpxdata:temp>"
		"</extensions></trkpt>"
		/* 4: simple names (Strava power, heartrate) */
		"<trkpt lat=\"1\" lon=\"1\"><extensions><power>250</power>"
		"<heartrate>153</heartrate></extensions></trkpt>"
		/* 5: GPX 1.0 style: private elements straight in the point */
		"<trkpt lat=\"1\" lon=\"1\"><gpxdata:hr>154</gpxdata:hr><TrackPointExtension>"
		"<cad>92</cad></TrackPointExtension><sym>x</sym><link href=\"y\"><text>z</text>"
		"</link></trkpt>"
		/* 6: foreign data that must not be taken for GPX fields */
		"<trkpt lat=\"1\" lon=\"1\"><time>2020-01-01T00:00:05Z</time><extensions>"
		"<gh:time>31151</gh:time><gh:distance>43.3</gh:distance></extensions></trkpt>"
		"</trkseg></trk></gpx>";
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;
	const struct rr_point *p;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_OK);
	assert_int_equal(r.npts, 7);
	p = r.pts;
	assert_true(p[0].hr_bpm == 141 && p[0].cad_rpm == 88 && p[0].temp_c == 21.5);
	assert_true(isnan(p[0].speed_mps));
	assert_true(p[1].hr_bpm == 150 && p[1].speed_mps == 3.25);
	assert_true(isnan(p[1].cad_rpm));
	assert_true(p[2].hr_bpm == 151 && p[2].cad_rpm == 90);
	assert_true(p[3].hr_bpm == 152 && p[3].cad_rpm == 91 && p[3].temp_c == -3.5);
	assert_true(p[4].power_w == 250 && p[4].hr_bpm == 153);
	assert_true(p[5].hr_bpm == 154 && p[5].cad_rpm == 92);
	assert_true(p[6].t_s == utc(2020, 1, 1, 0, 0, 5));
	assert_true(isnan(p[6].dist_m));
	assert_int_equal(r.end[0].notes, 0);
	rec_release(&r);
}

static void test_bad_and_empty_numbers(void **state)
{
	static const char xml[] =
		"<gpx><trk><trkseg>"
		"<trkpt lat=\"91.5\" lon=\"-200\"><ele/></trkpt>"		/* 0 */
		"<trkpt lat=\"nan\" lon=\"inf\"><ele>  </ele></trkpt>"		/* 1 */
		"<trkpt lat=\"1,5\" lon=\"2\"><ele>abc</ele></trkpt>"		/* 2 */
		"<trkpt lat=\"1\" lon=\"2\"><ele>1e3</ele></trkpt>"		/* 3 */
		"<trkpt><ele>-12.25</ele></trkpt>"				/* 4 */
		"</trkseg></trk></gpx>";
	static const char clean[] =
		"<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><ele/></trkpt>"
		"</trkseg></trk></gpx>";
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_OK);
	assert_int_equal(r.npts, 5);
	/* out-of-range coordinates pass through: cleaning is analysis' job */
	assert_true(r.pts[0].lat_deg == 91.5 && r.pts[0].lon_deg == -200);
	assert_true(isnan(r.pts[0].ele_m));
	assert_true(isnan(r.pts[1].lat_deg) && isnan(r.pts[1].lon_deg));
	assert_true(isnan(r.pts[1].ele_m));
	assert_true(isnan(r.pts[2].lat_deg));	/* a comma is never a decimal point */
	assert_true(isnan(r.pts[2].ele_m));
	assert_true(r.pts[3].ele_m == 1000);
	assert_true(isnan(r.pts[4].lat_deg) && isnan(r.pts[4].lon_deg));
	assert_true(r.pts[4].ele_m == -12.25);
	assert_int_equal(r.end[0].notes, RR_NOTE_BAD_NUMBER);
	rec_release(&r);

	/* an empty <ele/> is unknown, not bad */
	rec_init(&r);
	assert_int_equal(parse_both(clean, &r, &err), RR_OK);
	assert_true(isnan(r.pts[0].ele_m));
	assert_int_equal(r.end[0].notes, 0);
	rec_release(&r);
}

static void test_times_and_zones(void **state)
{
	static const char xml[] =
		"<gpx><trk><trkseg>"
		"<trkpt lat=\"1\" lon=\"2\"><time>2015-12-11T15:43:13Z</time></trkpt>"
		"<trkpt lat=\"1\" lon=\"2\"><time>2015-12-11T15:43:13.994+01:00</time></trkpt>"
		"<trkpt lat=\"1\" lon=\"2\"><time>2015-12-11T09:43:14-05:00</time></trkpt>"
		"<trkpt lat=\"1\" lon=\"2\"><time>2015-12-11T14:43:15</time></trkpt>"
		"<trkpt lat=\"1\" lon=\"2\"><time>yesterday</time></trkpt>"
		"<trkpt lat=\"1\" lon=\"2\"><time/></trkpt>"
		"</trkseg></trk></gpx>";
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;
	double t = utc(2015, 12, 11, 14, 43, 13);

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_OK);
	assert_int_equal(r.npts, 6);
	assert_true(r.pts[0].t_s == t + 3600);
	assert_true(fabs(r.pts[1].t_s - (t + 0.994)) < 1e-6);
	assert_true(r.pts[2].t_s == t + 1);
	assert_true(r.pts[3].t_s == t + 2);		/* no zone: read as UTC */
	assert_true(isnan(r.pts[4].t_s));
	assert_true(isnan(r.pts[5].t_s));
	/* the first numeric offset gives the zone, not the earlier 'Z' */
	assert_true(r.end[0].tz_known);
	assert_int_equal(r.end[0].tz_offset_s, 3600);
	assert_int_equal(r.end[0].notes, RR_NOTE_NO_ZONE | RR_NOTE_BAD_TIME);
	rec_release(&r);
}

static void test_segments_and_tracks(void **state)
{
	static const char xml[] =
		"<gpx>"
		"<trk><name></name><trkseg><trkpt lat=\"1\" lon=\"1\"/><trkpt lat=\"2\" lon=\"2\"/>"
		"</trkseg><trkseg/><trkseg><trkpt lat=\"3\" lon=\"3\"/></trkseg></trk>"
		"<trk><name>Second</name><type>hiking</type><trkseg></trkseg>"
		"<trkseg><trkpt lat=\"4\" lon=\"4\"/></trkseg></trk>"
		"<trk><name>Third</name><type>cycling</type></trk>"
		"</gpx>";
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_OK);
	/* every <trk> of a file is one activity */
	assert_int_equal(r.nbegin, 1);
	assert_int_equal(r.nend, 1);
	assert_int_equal(r.npts, 4);
	/* segments with points are numbered densely; empty ones take no number */
	assert_int_equal(r.pts[0].segment, 0);
	assert_int_equal(r.pts[1].segment, 0);
	assert_int_equal(r.pts[2].segment, 1);
	assert_int_equal(r.pts[3].segment, 2);
	/* the first non-empty name and type win */
	assert_string_equal(r.end[0].name, "Second");
	assert_string_equal(r.end[0].sport, "hiking");
	rec_release(&r);
}

static void test_routes(void **state)
{
	static const char xml[] =
		"<gpx creator=\"planner\"><metadata><name>Plan</name></metadata>"
		"<rte><name>Route A</name><type>running</type>"
		"<rtept lat=\"1\" lon=\"1\"><ele>10</ele></rtept>"
		"<rtept lat=\"2\" lon=\"2\"/><rtept lat=\"3\" lon=\"3\"/></rte>"
		"<rte><rtept lat=\"4\" lon=\"4\"/></rte>"
		"<trk><name>Run</name><trkseg><trkpt lat=\"5\" lon=\"5\"/></trkseg></trk>"
		/* out of schema order: a route after the track is skipped */
		"<rte><name>Late</name><rtept lat=\"6\" lon=\"6\"/></rte>"
		"</gpx>";
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_OK);
	assert_int_equal(r.protocol_errors, 0);
	assert_int_equal(r.nbegin, 3);
	assert_int_equal(r.nend, 3);
	assert_int_equal(r.npts, 5);

	assert_true(r.begin[0].route);
	assert_int_equal(r.end[0].index, 0);
	assert_true(r.end[0].route);
	assert_int_equal(r.end[0].notes, RR_NOTE_ROUTE);
	assert_string_equal(r.end[0].name, "Route A");
	assert_string_equal(r.end[0].sport, "running");
	assert_string_equal(r.end[0].creator, "planner");
	assert_int_equal(rec_count(&r, 0), 3);
	assert_true(r.pts[0].ele_m == 10);
	assert_int_equal(r.pts[2].segment, 0);

	assert_int_equal(r.end[1].index, 1);
	assert_true(r.end[1].route);
	assert_string_equal(r.end[1].name, "Plan");	/* metadata name as fallback */
	assert_int_equal(rec_count(&r, 1), 1);

	assert_int_equal(r.end[2].index, 2);
	assert_false(r.end[2].route);
	assert_int_equal(r.end[2].notes, 0);
	assert_string_equal(r.end[2].name, "Run");
	assert_int_equal(rec_count(&r, 2), 1);
	assert_true(r.pts[4].lat_deg == 5);
	rec_release(&r);
}

static void test_empty_activity(void **state)
{
	static const char *docs[] = {
		"<gpx/>",
		("<gpx version=\"1.1\" creator=\"c\"><metadata><name>Only meta</name>"
		 "<time>2021-01-02T03:04:05</time></metadata></gpx>"),
		"<gpx><wpt lat=\"1\" lon=\"2\"><ele>3</ele></wpt><wpt lat=\"1\" lon=\"2\"/></gpx>",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct rec r;
		struct rr_error err = RR_ERROR_INIT;

		rec_init(&r);
		assert_int_equal(parse_both(docs[i], &r, &err), RR_OK);
		assert_int_equal(r.nbegin, 1);
		assert_int_equal(r.nend, 1);
		assert_int_equal(r.npts, 0);
		assert_int_equal(r.end[0].index, 0);
		assert_false(r.end[0].route);
		if (i == 1) {
			assert_string_equal(r.end[0].name, "Only meta");
			assert_true(r.end[0].start_t_s == utc(2021, 1, 2, 3, 4, 5));
			assert_int_equal(r.end[0].notes, RR_NOTE_NO_ZONE);
		}
		rec_release(&r);
	}
}

static void test_text_in_pieces(void **state)
{
	/* comments, CDATA, entities and char references split the text */
	static const char xml[] =
		"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- a comment -->\n"
		"<gpx creator=\"A &amp; B &#x263A;\"><trk>"
		"<name>Caf&#233; <!-- x -->run &lt;3</name><trkseg>"
		"<trkpt lat=\"4&#x35;.5\" lon=\"1\"><ele>12<!-- c -->3.5</ele>"
		"<time><![CDATA[2024-01-01T00:00:00Z]]></time></trkpt>"
		"<trkpt lat=\"1\" lon=\"1\"><?pi data?><ele><![CDATA[ 7]]>.25 </ele></trkpt>"
		"</trkseg></trk></gpx>";
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_OK);
	assert_int_equal(r.npts, 2);
	assert_string_equal(r.end[0].creator, "A & B \xE2\x98\xBA");
	assert_string_equal(r.end[0].name, "Caf\xC3\xA9 run <3");
	assert_true(r.pts[0].lat_deg == 45.5);
	assert_true(r.pts[0].ele_m == 123.5);
	assert_true(r.pts[0].t_s == utc(2024, 1, 1, 0, 0, 0));
	assert_true(r.pts[1].ele_m == 7.25);
	rec_release(&r);
}

static void test_long_text(void **state)
{
	char *xml = malloc(20000);
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;
	size_t n, i;

	(void)state;
	assert_non_null(xml);
	/* a 200-character name of two-byte letters: cut on a character boundary */
	n = (size_t)sprintf(xml, "<gpx><trk><name>");
	for (i = 0; i < 200; i++)
		n += (size_t)sprintf(xml + n, "\xC3\xA9");
	n += (size_t)sprintf(xml + n, "</name><trkseg><trkpt lat=\"1\" lon=\"2\"><ele>");
	/* blanks around a number do not count against the text cap */
	memset(xml + n, ' ', 3000);
	n += 3000;
	n += (size_t)sprintf(xml + n, "42");
	memset(xml + n, '\n', 3000);
	n += 3000;
	n += (size_t)sprintf(xml + n, "</ele></trkpt><trkpt lat=\"1\" lon=\"2\"><ele>1");
	/* but a number longer than the cap is not a number */
	memset(xml + n, '0', 1000);
	n += 1000;
	n += (size_t)sprintf(xml + n, "</ele></trkpt></trkseg></trk></gpx>");
	xml[n] = '\0';

	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_OK);
	assert_int_equal(strlen(r.end[0].name), RR_META_TEXT - 2);	/* 79 letters */
	for (i = 0; i < RR_META_TEXT - 2; i += 2)
		assert_memory_equal(r.end[0].name + i, "\xC3\xA9", 2);
	assert_true(r.pts[0].ele_m == 42);
	assert_true(isnan(r.pts[1].ele_m));
	assert_int_equal(r.end[0].notes, RR_NOTE_BAD_NUMBER);
	rec_release(&r);
	free(xml);
}

static void test_encodings(void **state)
{
	/* Windows-1252 (expat does not know it; we map it): 0x80 is the euro sign */
	static const char cp1252[] =
		"<?xml version=\"1.0\" encoding=\"windows-1252\"?>"
		"<gpx creator=\"\x80 \xE9\"><trk><trkseg><trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>";
	static const char latin1[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
		"<gpx creator=\"\xE9t\xE9\"><trk/></gpx>";
	static const char ascii[] =
		"<gpx creator=\"utf16\"><trk><trkseg><trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>";
	unsigned char utf16[2 + 2 * sizeof(ascii)];
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;
	size_t i, n = 0;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(cp1252, &r, &err), RR_OK);
	assert_string_equal(r.end[0].creator, "\xE2\x82\xAC \xC3\xA9");
	assert_int_equal(r.npts, 1);
	rec_release(&r);

	rec_init(&r);
	assert_int_equal(parse_both(latin1, &r, &err), RR_OK);
	assert_string_equal(r.end[0].creator, "\xC3\xA9t\xC3\xA9");
	rec_release(&r);

	/* UTF-16LE with a BOM */
	utf16[n++] = 0xFF;
	utf16[n++] = 0xFE;
	for (i = 0; ascii[i]; i++) {
		utf16[n++] = (unsigned char)ascii[i];
		utf16[n++] = 0;
	}
	rec_init(&r);
	assert_int_equal(parse_mem_lim(utf16, n, 0, NULL, &r, &err), RR_OK);
	assert_string_equal(r.end[0].creator, "utf16");
	assert_int_equal(r.npts, 1);
	rec_release(&r);
	rec_init(&r);
	assert_int_equal(parse_mem_lim(utf16, n, 1, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 1);
	rec_release(&r);

	/* an encoding nobody knows is a parse error, not garbage */
	rec_init(&r);
	assert_int_equal(parse_str("<?xml version=\"1.0\" encoding=\"x-klingon\"?><gpx/>",
				   &r, &err), RR_EPARSE);
	assert_int_equal(r.nbegin, 0);
	rec_release(&r);
}

/* ---- errors ------------------------------------------------------------ */

static void test_malformed(void **state)
{
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both("<gpx>\n  <trk></trkx>\n</gpx>", &r, &err), RR_EPARSE);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 10);		/* expat points at the name in "</trkx>" */
	assert_non_null(strstr(err.msg, "mismatched tag"));
	/* no end() for an activity whose file failed */
	assert_int_equal(r.nend, 0);
	rec_release(&r);

	rec_init(&r);
	assert_int_equal(parse_str("<gpx><trk>", &r, &err), RR_EPARSE);
	assert_int_equal(r.nend, 0);
	rec_release(&r);

	rec_init(&r);
	assert_int_equal(parse_str("", &r, &err), RR_EPARSE);
	assert_int_equal(r.nbegin, 0);
	rec_release(&r);

	/* an unbound prefix is not namespace-well-formed */
	rec_init(&r);
	assert_int_equal(parse_str("<gpx><trk><trkseg><trkpt><x:hr>1</x:hr></trkpt>"
				   "</trkseg></trk></gpx>", &r, &err), RR_EPARSE);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 26);
	rec_release(&r);

	/* trailing garbage after the root: no end() before the whole file is known good */
	rec_init(&r);
	assert_int_equal(parse_str("<gpx><trk/></gpx><gpx/>", &r, &err), RR_EPARSE);
	assert_int_equal(r.nend, 0);
	rec_release(&r);
}

static void test_not_gpx(void **state)
{
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_str("<?xml version=\"1.0\"?>\n<kml><Document/></kml>", &r, &err),
			 RR_EFORMAT);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 1);
	assert_int_equal(err.id, RR_MSG_WRONG_ROOT);	/* the id and words TCX uses */
	assert_string_equal(err.msg, "root element is <kml>, not <gpx>");
	assert_int_equal(r.nbegin, 0);
	rec_release(&r);
}

static void test_limits(void **state)
{
	static const char two_routes[] =
		"<gpx><rte><rtept lat=\"1\" lon=\"1\"/></rte><rte><rtept lat=\"1\" lon=\"1\"/></rte></gpx>";
	static const char three_points[] =
		"<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"1\"/><trkpt lat=\"1\" lon=\"1\"/>"
		"<trkpt lat=\"1\" lon=\"1\"/></trkseg></trk></gpx>";
	struct rr_limits lim;
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rr_limits_default(&lim);
	lim.max_points = 2;
	rec_init(&r);
	assert_int_equal(parse_mem_lim(three_points, strlen(three_points), 0, &lim, &r, &err),
			 RR_ELIMIT);
	assert_int_equal(r.npts, 2);
	assert_non_null(strstr(err.msg, "points"));
	assert_int_equal(err.id, RR_MSG_TOO_MANY_POINTS);
	assert_int_equal(err.line, 1);
	rec_release(&r);
	lim.max_points = 3;
	rec_init(&r);
	assert_int_equal(parse_mem_lim(three_points, strlen(three_points), 0, &lim, &r, &err),
			 RR_OK);
	rec_release(&r);

	rr_limits_default(&lim);
	lim.max_activities = 1;
	rec_init(&r);
	assert_int_equal(parse_mem_lim(two_routes, strlen(two_routes), 0, &lim, &r, &err),
			 RR_ELIMIT);
	assert_int_equal(r.nbegin, 1);
	assert_non_null(strstr(err.msg, "activities"));
	rec_release(&r);

	rr_limits_default(&lim);
	lim.max_depth = 5;	/* gpx/trk/trkseg/trkpt/ele is exactly 5 */
	rec_init(&r);
	assert_int_equal(parse_mem_lim(basic_gpx, strlen(basic_gpx), 0, &lim, &r, &err), RR_OK);
	rec_release(&r);
	lim.max_depth = 4;
	rec_init(&r);
	assert_int_equal(parse_mem_lim(basic_gpx, strlen(basic_gpx), 0, &lim, &r, &err),
			 RR_ELIMIT);
	assert_int_equal(err.line, 9);	/* the first trkpt's <ele> */
	rec_release(&r);

	/* the input layer's size cap comes through unchanged */
	{
		struct rr_input *in = NULL;
		struct rr_sink sink = { &r, rec_begin, rec_point, rec_end };

		rec_init(&r);
		rr_error_clear(&err);
		assert_int_equal(rr_input_open_mem(&in, basic_gpx, strlen(basic_gpx), 100, &err),
				 RR_OK);
		assert_int_equal(gpx_parse(in, NULL, &sink, &err), RR_ELIMIT);
		assert_non_null(strstr(err.msg, "100-byte cap"));
		rr_input_close(in);
		rec_release(&r);
	}
}

static void test_sink_abort(void **state)
{
	static const char routes[] =
		"<gpx><rte><rtept lat=\"1\" lon=\"1\"/></rte><rte><rtept lat=\"1\" lon=\"1\"/></rte></gpx>";
	const char where[] = { 'b', 'p', 'p', 'e', 'e' };
	const size_t nth[] = { 1, 1, 2, 1, 2 };
	/* calls made in all, the refused one included: b p e b p e */
	const size_t total[] = { 1, 2, 5, 3, 6 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(where); i++) {
		struct rec r;
		struct rr_error err = RR_ERROR_INIT;

		rec_init(&r);
		r.fail_at = where[i];
		r.fail_n = nth[i];
		assert_int_equal(parse_str(routes, &r, &err), RR_EABORT);
		/* nothing is called after the refusal */
		assert_int_equal(r.calls_b + r.calls_p + r.calls_e, total[i]);
		rec_release(&r);
	}
	/* the empty activity's begin and end may refuse too */
	{
		struct rec r;
		struct rr_error err = RR_ERROR_INIT;

		rec_init(&r);
		r.fail_at = 'e';
		r.fail_n = 1;
		assert_int_equal(parse_str("<gpx/>", &r, &err), RR_EABORT);
		rec_release(&r);
	}
}

static void test_input_errors(void **state)
{
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;
	size_t n;
	unsigned char *gz = test_gzip(basic_gpx, strlen(basic_gpx), &n);

	(void)state;
	/* a whole gzip stream parses like the plain text */
	rec_init(&r);
	assert_int_equal(parse_mem_lim(gz, n, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 2);
	rec_release(&r);
	/* truncated: the gzip error, not a parse error */
	rec_init(&r);
	assert_int_equal(parse_mem_lim(gz, n - 12, 0, NULL, &r, &err), RR_EGZIP);
	assert_non_null(strstr(err.msg, "truncated"));
	rec_release(&r);
	/* corrupt */
	gz[n / 2] ^= 0x55;
	gz[n / 2 + 1] ^= 0xAA;
	rec_init(&r);
	assert_int_equal(parse_mem_lim(gz, n, 0, NULL, &r, &err), RR_EGZIP);
	rec_release(&r);
	free(gz);

	/* a directory opens but cannot be read */
	rec_init(&r);
	assert_int_equal(parse_path("/", 0, &r, &err), RR_EIO);
	assert_int_equal(r.nbegin, 0);
	rec_release(&r);
}

/* ---- hostile XML ------------------------------------------------------- */

/* Parse a hostile document: must fail cleanly and fast, leaking nothing. */
static void hostile(const char *xml, enum rr_status want, struct rec *r, struct rr_error *err)
{
	double t0 = now_s();

	rec_init(r);
	assert_int_equal(parse_both(xml, r, err), want);
	assert_true(now_s() - t0 < 5.0);
	assert_int_equal(r->nend, 0);
	assert_int_equal(r->npts, 0);
}

static void test_billion_laughs(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE gpx [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n"
		"<gpx><trk><name>&lol9;</name></trk></gpx>\n";
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	hostile(xml, RR_EPARSE, &r, &err);
	assert_int_equal(r.nbegin, 0);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "DOCTYPE"));
	assert_int_equal(err.id, RR_MSG_DOCTYPE);
	rec_release(&r);
}

static void assert_secret_absent(const struct rec *r, const struct rr_error *err,
				 const char *secret)
{
	unsigned i;

	assert_null(strstr(err->msg, secret));
	for (i = 0; i < r->nbegin; i++) {
		assert_null(strstr(r->begin[i].name, secret));
		assert_null(strstr(r->begin[i].creator, secret));
	}
}

static void test_external_entities(void **state)
{
	static const char passwd[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE gpx [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
		"<gpx><trk><name>&xxe;</name><trkseg><trkpt lat=\"1\" lon=\"2\">"
		"<ele>&xxe;</ele></trkpt></trkseg></trk></gpx>\n";
	static const char param[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE gpx [ <!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p; ]>\n"
		"<gpx/>\n";
	static const char ext_dtd[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE gpx SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
		"<gpx><trk/></gpx>\n";
	static const char no_dtd[] =
		"<gpx><trk><name>&xxe;</name></trk></gpx>";
	char tmpl[] = "/tmp/test_gpx_secretXXXXXX";
	char xml[512];
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;
	int fd;

	(void)state;
	hostile(passwd, RR_EPARSE, &r, &err);
	assert_secret_absent(&r, &err, "root:");
	rec_release(&r);

	hostile(param, RR_EPARSE, &r, &err);
	assert_secret_absent(&r, &err, "root:");
	rec_release(&r);

	hostile(ext_dtd, RR_EPARSE, &r, &err);
	assert_int_equal(r.nbegin, 0);
	rec_release(&r);

	/* without a DTD an entity reference is simply undefined */
	hostile(no_dtd, RR_EPARSE, &r, &err);
	assert_non_null(strstr(err.msg, "undefined entity"));
	rec_release(&r);

	/* a local file of our own, so the test does not depend on /etc/passwd */
	fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "SECRET-7f3a", 11), 11);
	assert_int_equal(close(fd), 0);
	snprintf(xml, sizeof(xml),
		 "<!DOCTYPE gpx [ <!ENTITY s SYSTEM \"file://%s\"> ]>"
		 "<gpx creator=\"x\"><trk><name>&s;</name></trk></gpx>", tmpl);
	hostile(xml, RR_EPARSE, &r, &err);
	assert_secret_absent(&r, &err, "SECRET");
	rec_release(&r);
	snprintf(xml, sizeof(xml),
		 "<!DOCTYPE gpx [ <!ENTITY s SYSTEM \"%s\"> ]><gpx><trk><name>&s;</name></trk></gpx>",
		 tmpl);
	hostile(xml, RR_EPARSE, &r, &err);
	assert_secret_absent(&r, &err, "SECRET");
	rec_release(&r);
	unlink(tmpl);
}

static char *deep_doc(size_t depth)
{
	char *xml = malloc(depth * 7 + 64), *p;
	size_t i;

	assert_non_null(xml);
	p = xml + sprintf(xml, "<gpx><trk>");
	for (i = 0; i < depth; i++)
		p += sprintf(p, "<a>");
	for (i = 0; i < depth; i++)
		p += sprintf(p, "</a>");
	sprintf(p, "</trk></gpx>");
	return xml;
}

static void test_deep_nesting(void **state)
{
	char *xml = deep_doc(20000);
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;
	struct rr_limits lim;
	double t0 = now_s();

	(void)state;
	rec_init(&r);
	assert_int_equal(parse_both(xml, &r, &err), RR_ELIMIT);
	assert_true(now_s() - t0 < 5.0);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 10 + 3 * 254 + 1);	/* the 257th element */
	assert_string_equal(err.msg, "elements nested more than 256 deep");	/* as TCX says it */
	rec_release(&r);

	/* with the cap lifted our own state stays bounded too */
	rr_limits_default(&lim);
	lim.max_depth = 100000;
	rec_init(&r);
	assert_int_equal(parse_mem_lim(xml, strlen(xml), 0, &lim, &r, &err), RR_OK);
	assert_int_equal(r.nend, 1);
	rec_release(&r);
	free(xml);
}

/* A document with a run of n filler bytes between pre and post. */
static char *filled_doc(const char *pre, char fill, size_t n, const char *post)
{
	size_t a = strlen(pre), b = strlen(post);
	char *xml = malloc(a + n + b + 1);

	assert_non_null(xml);
	memcpy(xml, pre, a);
	memset(xml + a, fill, n);
	memcpy(xml + a + n, post, b + 1);
	return xml;
}

static void test_huge_tokens(void **state)
{
	static const size_t big = 6 * 1024 * 1024;
	struct {
		const char *pre, *post;
		enum rr_status want;
	} cases[] = {
		/* expat keeps tags and comments whole: capped */
		{ "<gpx>\n<trk><name>x</name><trkseg><trkpt lat=\"1\" lon=\"", "\"/></trkseg></trk></gpx>",
		  RR_ELIMIT },
		{ "<gpx>\n<trk><!-- ", " --></trk></gpx>", RR_ELIMIT },
		{ "<gpx>\n<trk><?pi ", "?></trk></gpx>", RR_ELIMIT },
		/* text comes in pieces: a huge name is fine, and cut */
		{ "<gpx><trk><name>", "</name></trk></gpx>", RR_OK },
		{ "<gpx><trk><desc>", "</desc></trk></gpx>", RR_OK },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *xml = filled_doc(cases[i].pre, 'y', big, cases[i].post);
		struct rec r;
		struct rr_error err = RR_ERROR_INIT;

		rec_init(&r);
		assert_int_equal(parse_mem_lim(xml, strlen(xml), 0, NULL, &r, &err), cases[i].want);
		if (cases[i].want == RR_ELIMIT) {
			assert_non_null(strstr(err.msg, "longer than"));
			assert_int_equal(err.line, 2);
			assert_int_equal(r.npts, 0);
		} else {
			assert_int_equal(r.nend, 1);
		}
		if (i == 3)
			assert_int_equal(strlen(r.end[0].name), RR_META_TEXT - 1);
		rec_release(&r);
		free(xml);
	}
}

/* ---- the real corpus --------------------------------------------------- */

static void test_corpus_graphhopper_gz(void **state)
{
	struct rec r;

	(void)state;
	parse_corpus("gpxgo/test_files/graphhopper.gpx.gz", &r);
	/* schema order: the route (22 rtept) first, then the track */
	assert_int_equal(r.nbegin, 2);
	assert_true(r.end[0].route);
	assert_int_equal(rec_count(&r, 0), 22);
	assert_false(r.end[1].route);
	assert_int_equal(r.end[1].index, 1);
	assert_int_equal(rec_count(&r, 1), 171);
	assert_string_equal(r.end[1].creator,
			    "Graphhopper version bf1ba341dcbeda4ad02843c5306c1c97d675774c");
	assert_true(r.end[1].start_t_s == utc(2022, 2, 13, 21, 11, 36));
	/* gh:time and gh:distance in rtept extensions are not GPX data */
	assert_true(isnan(r.pts[0].t_s));
	assert_true(isnan(r.pts[0].dist_m));
	assert_near(r.pts[22].ele_m, 299.03);
	rec_release(&r);
}

static void test_corpus_wahoo_empty_ele(void **state)
{
	struct rec r;
	size_t i;

	(void)state;
	parse_corpus("georust-gpx/tests/fixtures/wahoo_example.gpx", &r);
	assert_int_equal(r.npts, 3);
	for (i = 0; i < r.npts; i++) {
		assert_true(isnan(r.pts[i].ele_m));
		assert_true(r.pts[i].t_s == utc(2022, 4, 24, 20, 54, 33) + (double)i);
	}
	assert_int_equal(r.end[0].notes, 0);
	assert_string_equal(r.end[0].name, "04/24/22");
	assert_string_equal(r.end[0].creator, "http://ridewithgps.com/");
	rec_release(&r);
}

static void test_corpus_no_elevation(void **state)
{
	struct rec r;
	size_t i;

	(void)state;
	parse_corpus("gpxpy/test_files/cerknicko-jezero-without-elevations.gpx", &r);
	assert_int_equal(r.nbegin, 1);		/* 8 tracks, one activity */
	assert_int_equal(r.npts, 296);
	for (i = 0; i < r.npts; i++)
		assert_true(isnan(r.pts[i].ele_m));
	assert_int_equal(r.pts[0].segment, 0);
	/* the first of the 8 segments is empty: numbers 0..6 */
	assert_int_equal(r.pts[r.npts - 1].segment, 6);
	rec_release(&r);
}

static void test_corpus_zones(void **state)
{
	struct rec r;

	(void)state;
	/* +01:00 offset with milliseconds */
	parse_corpus("gpxpy/test_files/track-with-less-sec-time.gpx", &r);
	assert_int_equal(r.npts, 2);
	assert_true(r.pts[0].t_s == utc(2015, 12, 11, 14, 43, 13));
	assert_true(fabs(r.pts[1].t_s - (utc(2015, 12, 11, 14, 43, 13) + 0.994)) < 1e-6);
	assert_true(r.end[0].tz_known);
	assert_int_equal(r.end[0].tz_offset_s, 3600);
	assert_string_equal(r.end[0].sport, "run");
	assert_int_equal(r.end[0].notes, 0);
	rec_release(&r);

	/* no zone at all (metadata time only) */
	parse_corpus("georust-gpx/tests/fixtures/outdooractive-export.gpx", &r);
	assert_int_equal(r.npts, 9);
	assert_int_equal(r.end[0].notes, RR_NOTE_NO_ZONE);
	assert_false(r.end[0].tz_known);
	assert_true(fabs(r.end[0].start_t_s - (utc(2021, 10, 10, 9, 55, 20) + 0.952)) < 1e-6);
	assert_string_equal(r.end[0].sport, "alpineTour");
	rec_release(&r);

	/* 7-digit fractions in 1901 */
	parse_corpus("gpxpy/test_files/Mojstrovka.gpx", &r);
	assert_int_equal(r.npts, 184);
	assert_true(fabs(r.pts[0].t_s - (-2147483648.0 + 0.2073437)) < 1e-6);
	assert_true(fabs(r.pts[1].t_s - (-2147483648.0 + 0.207)) < 1e-6);
	assert_true(r.end[0].start_t_s == utc(2010, 12, 14, 6, 17, 4));	/* GPX 1.0 gpx/time */
	assert_int_equal(r.end[0].notes, 0);
	rec_release(&r);
}

/*
 * Every time in the gpxpy/gpxgo track files, against instants computed
 * independently (Python datetime on the same files: trkpt and the rtept of
 * routes before the first trk, in file order).  sum is the sum of t - first.
 */
static const struct {
	const char *file;
	size_t points, timed;
	double first, last, sum;
} zone_table[] = {
	{ "gpxpy/test_files/Mojstrovka.gpx", 184, 184, -2147483647.7926562, -2147483647.7926562, -0.0003437995910644531 },
	{ "gpxpy/test_files/around-visnjan-with-car.gpx", 104, 104, 1608272150.0, 1608272664.0, 22307.0 },
	{ "gpxpy/test_files/cerknicko-jezero-no-creator.gpx", 296, 296, 1281018239.0, 1281025429.0, 780221.0 },
	{ "gpxpy/test_files/cerknicko-jezero-without-elevations.gpx", 296, 295, 1281018239.0, 1281025415.0, 773031.0 },
	{ "gpxpy/test_files/cerknicko-jezero.gpx", 296, 296, 1281018239.0, 1281025429.0, 780221.0 },
	{ "gpxpy/test_files/cerknicko-without-times.gpx", 296, 5, 1281025372.0, 1281025429.0, 142.0 },
	{ "gpxpy/test_files/first_and_last_elevation.gpx", 10, 10, 1368865384.0, 1368868984.0, 48520.0 },
	{ "gpxpy/test_files/gpx-with-node-with-comments.gpx", 1, 1, 1399379373.0, 1399379373.0, 0.0 },
	{ "gpxpy/test_files/gpx1.0_with_all_fields.gpx", 6, 2, 1357092183.0, 1357041604.0, -50579.0 },
	{ "gpxpy/test_files/gpx1.1_with_all_fields.gpx", 6, 2, 1357092183.0, 1357041604.0, -50579.0 },
	{ "gpxpy/test_files/korita-zbevnica.gpx", 871, 513, 1286098590.0, 1286111971.0, 3899034.0 },
	{ "gpxpy/test_files/track-with-empty-segment.gpx", 9, 9, 1373131586.0, 1373131662.0, 285.0 },
	{ "gpxpy/test_files/track-with-less-sec-time.gpx", 2, 2, 1449844993.0, 1449844993.994, 0.9939999580383301 },
	{ "gpxpy/test_files/track_with_speed.gpx", 3, 3, 1236002752.0, 1236002765.0, 19.0 },
	{ "gpxpy/test_files/route.gpx", 55, 0, 0, 0, 0 },
	{ "gpxpy/test_files/track-with-extremes.gpx", 25, 0, 0, 0, 0 },
	{ "gpxgo/test_files/Mojstrovka.gpx", 184, 184, -2147483647.7926562, -2147483647.7926562, 0.0 },
	{ "gpxgo/test_files/file.gpx", 4, 4, 1331988379.0, 1331988443.0, 131.0 },
	{ "gpxgo/test_files/gpx-without-root-attributes.gpx", 1, 1, -2147483647.7926562, -2147483647.7926562, 0.0 },
	{ "gpxgo/test_files/gpx-without-xml-declaration.gpx", 1, 1, -2147483647.7926562, -2147483647.7926562, 0.0 },
	{ "gpxgo/test_files/gpx1.1_with_extensions.gpx", 2, 1, 1331988379.0, 1331988379.0, 0.0 },
	{ "gpxgo/test_files/korita-zbevnica.gpx", 871, 513, 1286098590.0, 1286111971.0, 3899034.0 },
	{ "gpxgo/test_files/visnjan.gpx", 413, 413, 1408726132.0, 1408727982.0, 388280.0 },
	{ "gpxgo/test_files/graphhopper.gpx.gz", 193, 22, 1644786696.0, 1644792005.0, 67353.0 },
};

static void test_corpus_every_time(void **state)
{
	size_t f, checked = 0;

	(void)state;
	for (f = 0; f < sizeof(zone_table) / sizeof(zone_table[0]); f++) {
		char path[1024];
		struct rec r;
		size_t i, timed = 0;
		double first = NAN, last = NAN, sum = 0;
		unsigned a;

		if (!corpus_path(path, sizeof(path), zone_table[f].file))
			continue;
		parse_corpus(zone_table[f].file, &r);
		for (i = 0; i < r.npts; i++) {
			double t = r.pts[i].t_s;

			if (isnan(t))
				continue;
			if (!timed++)
				first = t;
			last = t;
			sum += t - first;
		}
		if (r.npts != zone_table[f].points || timed != zone_table[f].timed)
			fail_msg("%s: %zu points, %zu timed", zone_table[f].file, r.npts, timed);
		if (timed && (fabs(first - zone_table[f].first) > 1e-5 ||
			      fabs(last - zone_table[f].last) > 1e-5 ||
			      fabs(sum - zone_table[f].sum) > 1e-3))
			fail_msg("%s: first %.7f last %.7f sum %.7f", zone_table[f].file,
				 first, last, sum);
		for (a = 0; a < r.nend; a++)
			assert_int_equal(r.end[a].notes & RR_NOTE_BAD_TIME, 0);
		rec_release(&r);
		checked++;
	}
	if (!checked) {
		print_message("corpus absent: skipped\n");
		skip();
	}
}

static void test_corpus_garmin_connect(void **state)
{
	struct rec r;
	const double hr[] = { 120, 125, 130 }, cad[] = { 70, 75, 80 };
	size_t i;

	(void)state;
	parse_corpus("runpandas/runpandas/tests/io/data/gpx/garmin_connect.gpx", &r);
	assert_int_equal(r.npts, 3);
	for (i = 0; i < 3; i++) {
		assert_true(r.pts[i].hr_bpm == hr[i]);
		assert_true(r.pts[i].cad_rpm == cad[i]);
		assert_true(r.pts[i].t_s == utc(2018, 2, 21, 14, 30, 50) + (double)i);
	}
	assert_true(fabs(r.pts[0].lat_deg - 51.43788929097354) < 1e-12);
	assert_true(fabs(r.pts[0].ele_m - 23.6000003814697265625) < 1e-9);
	assert_string_equal(r.end[0].name, "Foo Bar");
	assert_string_equal(r.end[0].sport, "running");
	assert_string_equal(r.end[0].creator, "Garmin Connect");
	assert_true(r.end[0].start_t_s == utc(2018, 2, 21, 14, 30, 50));
	rec_release(&r);
}

static void test_corpus_gpsbabel_extensions(void **state)
{
	struct rec r;
	size_t i, nhr = 0, ncad = 0;

	(void)state;
	parse_corpus("gpsbabel/reference/track/gpx_garmin_extensions.gpx", &r);
	assert_int_equal(r.npts, 8);	/* the wpt is not a point */
	for (i = 0; i < r.npts; i++) {
		nhr += !isnan(r.pts[i].hr_bpm);
		ncad += !isnan(r.pts[i].cad_rpm);
	}
	assert_int_equal(nhr, 8);
	assert_int_equal(ncad, 6);
	assert_true(r.pts[0].hr_bpm == 111 && r.pts[0].cad_rpm == 151);
	assert_true(r.pts[7].hr_bpm == 117 && r.pts[7].cad_rpm == 124);
	assert_near(r.pts[1].ele_m, -0.824);
	assert_true(r.end[0].start_t_s == 0);	/* metadata time 1970-01-01T00:00:00Z */
	rec_release(&r);
}

static void test_corpus_gpxdata_temp(void **state)
{
	struct rec r;
	size_t i, ntemp = 0;

	(void)state;
	parse_corpus("GoldenCheetah/test/rides/Move_2014_01_16_19_48_44.gpx", &r);
	assert_int_equal(r.npts, 669);
	for (i = 0; i < r.npts; i++) {
		ntemp += !isnan(r.pts[i].temp_c);
		assert_true(isnan(r.pts[i].hr_bpm));
	}
	assert_int_equal(ntemp, 669);
	assert_true(r.pts[0].temp_c == 20.5);
	assert_true(fabs(r.pts[3].temp_c - 20.3999996185303) < 1e-12);
	assert_true(fabs(r.pts[0].t_s - (utc(2014, 1, 16, 18, 48, 44) + 0.34)) < 1e-6);
	assert_string_equal(r.end[0].name, "Move");
	rec_release(&r);
}

static void test_corpus_empty_segment(void **state)
{
	struct rec r;
	size_t i;

	(void)state;
	parse_corpus("gpxpy/test_files/track-with-empty-segment.gpx", &r);
	assert_int_equal(r.nbegin, 1);
	assert_int_equal(r.npts, 9);
	for (i = 0; i < r.npts; i++)
		assert_int_equal(r.pts[i].segment, 0);
	assert_string_equal(r.end[0].creator, "TC2 to GPX11 XSLT stylesheet");
	rec_release(&r);

	/* runpandas run.gpx: two segments, the second empty */
	parse_corpus("runpandas/runpandas/tests/io/data/gpx/run.gpx", &r);
	assert_int_equal(r.npts, 1424);
	assert_int_equal(r.pts[1423].segment, 0);
	rec_release(&r);
}

static void test_corpus_route(void **state)
{
	struct rec r;

	(void)state;
	parse_corpus("gpxpy/test_files/route.gpx", &r);
	assert_int_equal(r.nbegin, 1);
	assert_true(r.begin[0].route);
	assert_true(r.end[0].route);
	assert_int_equal(r.end[0].notes & RR_NOTE_ROUTE, RR_NOTE_ROUTE);
	assert_int_equal(r.npts, 55);
	assert_near(r.pts[0].lat_deg, 45.2787641494);
	rec_release(&r);

	parse_corpus("georust-gpx/tests/fixtures/ecology-trail-and-lovers-lane-loop.gpx", &r);
	assert_int_equal(r.nbegin, 1);
	assert_true(r.end[0].route);
	assert_int_equal(r.npts, 139);
	rec_release(&r);
}

static void test_corpus_encodings(void **state)
{
	struct rec r;

	(void)state;
	parse_corpus("gpxgo/test_files/iso8859-1encoded.gpx", &r);
	assert_int_equal(r.nbegin, 1);		/* waypoints only: one empty activity */
	assert_int_equal(r.npts, 0);
	assert_true(r.end[0].start_t_s == utc(2013, 7, 29, 21, 43, 1));
	rec_release(&r);

	parse_corpus("gpxpy/test_files/unicode_with_bom.gpx", &r);
	assert_int_equal(r.nbegin, 1);
	assert_int_equal(r.npts, 0);
	rec_release(&r);

	parse_corpus("gpxpy/test_files/unicode_with_bom_noencoding.gpx", &r);
	assert_int_equal(r.nbegin, 1);
	rec_release(&r);
}

static void test_corpus_badcharacter(void **state)
{
	char path[1024];
	struct rec r;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	CORPUS_OR_SKIP(path, "georust-gpx/tests/fixtures/badcharacter.xml");
	rec_init(&r);
	assert_int_equal(parse_path(path, 0, &r, &err), RR_EPARSE);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 5);
	assert_non_null(strstr(err.msg, "not well-formed"));
	assert_int_equal(r.nbegin, 0);
	rec_release(&r);
}

/* Every GPX file of the corpus, whole vs one byte at a time. */
static void test_corpus_bytewise(void **state)
{
	static const char *files[] = {
		"gpxgo/test_files/graphhopper.gpx.gz",
		"runpandas/runpandas/tests/io/data/gpx/garmin_connect.gpx",
		"gpxpy/test_files/Mojstrovka.gpx",
		"gpxpy/test_files/korita-zbevnica.gpx",
		"gpxpy/test_files/gpx1.1_with_all_fields.gpx",
		"gpxgo/test_files/iso8859-1encoded.gpx",
		"gpxpy/test_files/unicode_with_bom.gpx",
		"georust-gpx/tests/fixtures/outdooractive-export.gpx",
		"georust-gpx/tests/fixtures/garmin-activity.gpx",
		"GoldenCheetah/test/rides/Move_2014_01_16_19_48_44.gpx",
		"gpsbabel/reference/track/energympro.gpx",
		"georust-gpx/tests/fixtures/badcharacter.xml",
	};
	size_t f, checked = 0;

	(void)state;
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char path[1024];
		struct rec whole, bytes;
		struct rr_error e1 = RR_ERROR_INIT, e2 = RR_ERROR_INIT;
		enum rr_status s1, s2;

		if (!corpus_path(path, sizeof(path), files[f]))
			continue;
		rec_init(&whole);
		rec_init(&bytes);
		s1 = parse_path(path, 0, &whole, &e1);
		s2 = parse_path(path, 1, &bytes, &e2);
		assert_int_equal(s1, s2);
		assert_int_equal(e1.line, e2.line);
		assert_int_equal(e1.col, e2.col);
		assert_string_equal(e1.msg, e2.msg);
		assert_same_stream(&whole, &bytes);
		if (s1 == RR_OK)
			assert_true(whole.npts > 0 || whole.nend == 1);
		rec_release(&whole);
		rec_release(&bytes);
		checked++;
	}
	if (!checked) {
		print_message("corpus absent: skipped\n");
		skip();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_track),
		cmocka_unit_test(test_gpx10_speed_and_file_time),
		cmocka_unit_test(test_no_namespace_and_prefixes),
		cmocka_unit_test(test_extensions),
		cmocka_unit_test(test_bad_and_empty_numbers),
		cmocka_unit_test(test_times_and_zones),
		cmocka_unit_test(test_segments_and_tracks),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_empty_activity),
		cmocka_unit_test(test_text_in_pieces),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_not_gpx),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_sink_abort),
		cmocka_unit_test(test_input_errors),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_external_entities),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_huge_tokens),
		cmocka_unit_test(test_corpus_graphhopper_gz),
		cmocka_unit_test(test_corpus_wahoo_empty_ele),
		cmocka_unit_test(test_corpus_no_elevation),
		cmocka_unit_test(test_corpus_zones),
		cmocka_unit_test(test_corpus_every_time),
		cmocka_unit_test(test_corpus_garmin_connect),
		cmocka_unit_test(test_corpus_gpsbabel_extensions),
		cmocka_unit_test(test_corpus_gpxdata_temp),
		cmocka_unit_test(test_corpus_empty_segment),
		cmocka_unit_test(test_corpus_route),
		cmocka_unit_test(test_corpus_encodings),
		cmocka_unit_test(test_corpus_badcharacter),
		cmocka_unit_test(test_corpus_bytewise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
