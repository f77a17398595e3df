/*
 * test_tcx.c - the TCX parser on inline fixtures, hostile input and the
 * real corpus in ../shared/corpus (skipped when absent).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/helpers.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/activity.h"
#include "core/err.h"
#include "parsers/input.h"
#include "parsers/parse.h"

#define CORPUS "../shared/corpus/"

/* ---- a sink that records everything, and checks the call order ---- */

struct rec_act {
	struct rr_meta begin_meta, end_meta;
	size_t first_pt, npts;
	bool ended;
};

struct rec {
	struct rec_act *acts;
	size_t nacts;
	struct rr_point *pts;
	size_t npts, cap_pts;
	bool open;		/* between begin and end */
	int order_errors;
	long abort_begin;	/* abort at this begin (1-based); 0 never */
	long abort_point;	/* abort at this point (1-based) */
	long abort_end;
};

static int rec_begin(void *ctx, const struct rr_meta *m)
{
	struct rec *r = ctx;
	struct rec_act *a;

	if (r->open)
		r->order_errors++;
	a = realloc(r->acts, (r->nacts + 1) * sizeof(*a));
	assert_non_null(a);
	r->acts = a;
	a = &r->acts[r->nacts++];
	memset(a, 0, sizeof(*a));
	a->begin_meta = *m;
	a->first_pt = r->npts;
	r->open = true;
	return r->abort_begin && (long)r->nacts == r->abort_begin;
}

static int rec_point(void *ctx, const struct rr_point *p)
{
	struct rec *r = ctx;

	if (!r->open)
		r->order_errors++;
	if (r->npts == r->cap_pts) {
		r->cap_pts = r->cap_pts ? 2 * r->cap_pts : 256;
		r->pts = realloc(r->pts, r->cap_pts * sizeof(*r->pts));
		assert_non_null(r->pts);
	}
	r->pts[r->npts++] = *p;
	if (r->nacts)
		r->acts[r->nacts - 1].npts++;
	return r->abort_point && (long)r->npts == r->abort_point;
}

static int rec_end(void *ctx, const struct rr_meta *m)
{
	struct rec *r = ctx;

	if (!r->open || !r->nacts)
		r->order_errors++;
	else {
		r->acts[r->nacts - 1].end_meta = *m;
		r->acts[r->nacts - 1].ended = true;
	}
	r->open = false;
	return r->abort_end && (long)r->nacts == r->abort_end;
}

static void rec_free(struct rec *r)
{
	free(r->acts);
	free(r->pts);
	memset(r, 0, sizeof(*r));
}

static struct rr_sink rec_sink(struct rec *r)
{
	struct rr_sink s = { r, rec_begin, rec_point, rec_end };

	return s;
}

static enum rr_status parse_in(struct rr_input *in, size_t chunk,
			       const struct rr_limits *lim, struct rec *r,
			       struct rr_error *err)
{
	struct rr_sink s = rec_sink(r);
	struct rr_limits def;

	if (!lim) {
		rr_limits_default(&def);
		lim = &def;
	}
	if (chunk)
		rr_input_set_chunk(in, chunk);
	return tcx_parse(in, lim, &s, err);
}

static enum rr_status parse_buf(const void *buf, size_t len, size_t chunk,
				const struct rr_limits *lim, struct rec *r,
				struct rr_error *err)
{
	struct rr_input *in;
	enum rr_status st;

	assert_int_equal(rr_input_open_mem(&in, buf, len, 0, err), RR_OK);
	st = parse_in(in, chunk, lim, r, err);
	rr_input_close(in);
	return st;
}

static enum rr_status parse_str(const char *xml, size_t chunk, struct rec *r,
				struct rr_error *err)
{
	return parse_buf(xml, strlen(xml), chunk, NULL, r, err);
}

/* Parse a corpus file; false when the corpus is absent (caller skips). */
static bool corpus_path(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s%s", CORPUS, rel);
	return access(buf, R_OK) == 0;
}

static enum rr_status parse_file(const char *path, size_t chunk,
				 const struct rr_limits *lim, struct rec *r,
				 struct rr_error *err)
{
	struct rr_input *in;
	enum rr_status st;

	st = rr_input_open(&in, path, 0, err);
	assert_int_equal(st, RR_OK);
	st = parse_in(in, chunk, lim, r, err);
	rr_input_close(in);
	return st;
}

#define NEED_CORPUS(path, rel) do { \
	if (!corpus_path(path, sizeof(path), rel)) { \
		skip(); \
		return; \
	} \
} while (0)

static bool same_num(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static bool same_point(const struct rr_point *a, const struct rr_point *b)
{
	return same_num(a->t_s, b->t_s) && same_num(a->lat_deg, b->lat_deg) &&
	       same_num(a->lon_deg, b->lon_deg) && same_num(a->ele_m, b->ele_m) &&
	       same_num(a->dist_m, b->dist_m) && same_num(a->speed_mps, b->speed_mps) &&
	       same_num(a->hr_bpm, b->hr_bpm) && same_num(a->cad_rpm, b->cad_rpm) &&
	       same_num(a->temp_c, b->temp_c) && same_num(a->power_w, b->power_w) &&
	       a->segment == b->segment;
}

static bool same_meta(const struct rr_meta *a, const struct rr_meta *b)
{
	return a->format == b->format && strcmp(a->sport, b->sport) == 0 &&
	       strcmp(a->name, b->name) == 0 && strcmp(a->creator, b->creator) == 0 &&
	       strcmp(a->id, b->id) == 0 && same_num(a->start_t_s, b->start_t_s) &&
	       a->tz_offset_s == b->tz_offset_s && a->tz_known == b->tz_known &&
	       a->route == b->route && a->index == b->index && a->notes == b->notes &&
	       a->laps == b->laps && same_num(a->lap_distance_m, b->lap_distance_m) &&
	       same_num(a->lap_time_s, b->lap_time_s) &&
	       same_num(a->lap_calories, b->lap_calories) &&
	       same_num(a->lap_hr_max, b->lap_hr_max);
}

/* Two recordings are the same stream: same activities, metas and points. */
static void assert_same_stream(const struct rec *a, const struct rec *b)
{
	size_t i;

	assert_int_equal(a->nacts, b->nacts);
	assert_int_equal(a->npts, b->npts);
	for (i = 0; i < a->nacts; i++) {
		assert_true(same_meta(&a->acts[i].begin_meta, &b->acts[i].begin_meta));
		assert_true(same_meta(&a->acts[i].end_meta, &b->acts[i].end_meta));
		assert_int_equal(a->acts[i].npts, b->acts[i].npts);
	}
	for (i = 0; i < a->npts; i++) {
		if (!same_point(&a->pts[i], &b->pts[i]))
			fail_msg("point %zu differs", i);
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#define TCX_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"" \
	" xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\n"
#define TCX_TAIL "</TrainingCenterDatabase>\n"

/* ---- inline fixtures ---- */

static const char basic_tcx[] = TCX_HEAD
	"<Activities>\n"
	" <Activity Sport=\"Running\">\n"
	"  <Id>2024-05-01T06:30:00+02:00</Id>\n"
	"  <Lap StartTime=\"2024-05-01T06:30:00+02:00\">\n"
	"   <TotalTimeSeconds>60.5</TotalTimeSeconds>\n"
	"   <DistanceMeters>200.25</DistanceMeters>\n"
	"   <Calories>12</Calories>\n"
	"   <AverageHeartRateBpm><Value>140</Value></AverageHeartRateBpm>\n"
	"   <MaximumHeartRateBpm><Value>171</Value></MaximumHeartRateBpm>\n"
	"   <Intensity>Active</Intensity>\n"
	"   <Cadence>88</Cadence>\n"
	"   <TriggerMethod>Manual</TriggerMethod>\n"
	"   <Track>\n"
	"    <Trackpoint>\n"
	"     <Time>2024-05-01T06:30:00+02:00</Time>\n"
	"     <Position><LatitudeDegrees>45.5</LatitudeDegrees>"
	"<LongitudeDegrees>-73.25</LongitudeDegrees></Position>\n"
	"     <AltitudeMeters>12.5</AltitudeMeters>\n"
	"     <DistanceMeters>0</DistanceMeters>\n"
	"     <HeartRateBpm><Value>120</Value></HeartRateBpm>\n"
	"     <Cadence>80</Cadence>\n"
	"     <Extensions><ns3:TPX><ns3:Speed>2.5</ns3:Speed><ns3:Watts>250</ns3:Watts>"
	"<ns3:RunCadence>90</ns3:RunCadence></ns3:TPX></Extensions>\n"
	"    </Trackpoint>\n"
	"    <Trackpoint>\n"
	"     <Time>2024-05-01T06:30:01.25+02:00</Time>\n"
	"     <Position><LatitudeDegrees>45.50001</LatitudeDegrees>"
	"<LongitudeDegrees>-73.25001</LongitudeDegrees></Position>\n"
	"     <AltitudeMeters>13</AltitudeMeters>\n"
	"     <DistanceMeters>3.5</DistanceMeters>\n"
	"     <HeartRateBpm><Value>121</Value></HeartRateBpm>\n"
	"     <Extensions><ns3:TPX><ns3:RunCadence>91</ns3:RunCadence></ns3:TPX></Extensions>\n"
	"    </Trackpoint>\n"
	"   </Track>\n"
	"  </Lap>\n"
	"  <Lap StartTime=\"2024-05-01T06:31:00+02:00\">\n"
	"   <TotalTimeSeconds>30</TotalTimeSeconds>\n"
	"   <DistanceMeters>100</DistanceMeters>\n"
	"   <Calories>5</Calories>\n"
	"   <MaximumHeartRateBpm><Value>175</Value></MaximumHeartRateBpm>\n"
	"   <Intensity>Resting</Intensity>\n"
	"   <TriggerMethod>Distance</TriggerMethod>\n"
	"   <Track>\n"
	"    <Trackpoint><Time>2024-05-01T04:31:00Z</Time></Trackpoint>\n"
	"   </Track>\n"
	"   <Track>\n"
	"    <Trackpoint><Time>2024-05-01T04:31:05Z</Time>"
	"<HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>\n"
	"   </Track>\n"
	"   <Notes>lap notes are not the activity name</Notes>\n"
	"  </Lap>\n"
	"  <Notes>Easy &amp; <![CDATA[slow <run>]]></Notes>\n"
	"  <Creator xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Device_t\">"
	"<Name>Forerunner 265</Name><UnitId>1</UnitId></Creator>\n"
	" </Activity>\n"
	"</Activities>\n"
	"<Author><Name>Garmin Connect</Name></Author>\n"
	TCX_TAIL;

/* 2024-05-01T04:30:00Z */
#define T0 1714537800.0

static void test_basic_fields(void **state)
{
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	const struct rr_meta *b, *e;
	const struct rr_point *p;

	assert_int_equal(parse_str(basic_tcx, 0, &r, &err), RR_OK);
	assert_int_equal(err.code, RR_OK);
	assert_int_equal(r.order_errors, 0);
	assert_int_equal(r.nacts, 1);
	assert_true(r.acts[0].ended);
	assert_int_equal(r.npts, 4);

	b = &r.acts[0].begin_meta;
	e = &r.acts[0].end_meta;
	/* begin() sees what came before the first point. */
	assert_int_equal(b->format, RR_FORMAT_TCX);
	assert_string_equal(b->sport, "Running");
	assert_string_equal(b->id, "2024-05-01T06:30:00+02:00");
	assert_true(b->start_t_s == T0);
	assert_true(b->tz_known);
	assert_int_equal(b->tz_offset_s, 7200);
	assert_int_equal(b->laps, 1);
	assert_string_equal(b->name, "");

	/* end() sees the final values. */
	assert_string_equal(e->sport, "Running");
	assert_string_equal(e->name, "Easy & slow <run>");
	assert_string_equal(e->creator, "Forerunner 265");
	assert_int_equal(e->index, 0);
	assert_false(e->route);
	assert_int_equal(e->notes, 0);
	assert_int_equal(e->laps, 2);
	assert_true(e->lap_distance_m == 300.25);
	assert_true(e->lap_time_s == 90.5);
	assert_true(e->lap_calories == 17);
	assert_true(e->lap_hr_max == 175);
	assert_true(e->tz_known);
	assert_int_equal(e->tz_offset_s, 7200);

	p = &r.pts[0];
	assert_true(p->t_s == T0);
	assert_true(p->lat_deg == 45.5);
	assert_true(p->lon_deg == -73.25);
	assert_true(p->ele_m == 12.5);
	assert_true(p->dist_m == 0);
	assert_true(p->hr_bpm == 120);
	assert_true(p->cad_rpm == 80);	/* Cadence wins over RunCadence */
	assert_true(p->speed_mps == 2.5);
	assert_true(p->power_w == 250);
	assert_true(isnan(p->temp_c));
	assert_int_equal(p->segment, 0);

	p = &r.pts[1];
	assert_true(p->t_s == T0 + 1.25);
	assert_true(p->lat_deg == 45.50001);
	assert_true(p->dist_m == 3.5);
	assert_true(p->cad_rpm == 91);	/* RunCadence when Cadence is absent */
	assert_true(isnan(p->speed_mps));
	assert_true(isnan(p->power_w));
	assert_int_equal(p->segment, 0);

	/* A time-only point is emitted as is; each Track is a new segment. */
	p = &r.pts[2];
	assert_true(p->t_s == T0 + 60);
	assert_true(isnan(p->lat_deg) && isnan(p->lon_deg) && isnan(p->ele_m));
	assert_true(isnan(p->dist_m) && isnan(p->hr_bpm) && isnan(p->cad_rpm));
	assert_int_equal(p->segment, 1);
	p = &r.pts[3];
	assert_true(p->hr_bpm == 150);
	assert_int_equal(p->segment, 2);
	rec_free(&r);
}

/* Lap-level values must never leak into points. */
static void test_lap_values_not_points(void **state)
{
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	size_t i;

	assert_int_equal(parse_str(basic_tcx, 0, &r, &err), RR_OK);
	for (i = 0; i < r.npts; i++) {
		assert_false(r.pts[i].dist_m == 200.25 || r.pts[i].dist_m == 100);
		assert_false(r.pts[i].hr_bpm == 171 || r.pts[i].hr_bpm == 140 ||
			     r.pts[i].hr_bpm == 175);
		assert_false(r.pts[i].cad_rpm == 88);
	}
	rec_free(&r);
}

#define NS_FMT \
	"<?xml version=\"1.0\"?>\n" \
	"<%sTrainingCenterDatabase %s>" \
	"<%sActivities><%sActivity Sport=\"Biking\"><%sId>2013-10-12T18:17:26Z</%sId>" \
	"<%sLap StartTime=\"2013-10-12T18:17:26Z\"><%sTrack><%sTrackpoint>" \
	"<%sTime>2013-10-12T18:17:26Z</%sTime>" \
	"<%sHeartRateBpm><%sValue>141</%sValue></%sHeartRateBpm>" \
	"<%sExtensions><TPX %s><Speed>2.07</Speed><Watts>101</Watts></TPX></%sExtensions>" \
	"</%sTrackpoint></%sTrack></%sLap></%sActivity></%sActivities>" \
	"</%sTrainingCenterDatabase>"

/* The same document under several namespace spellings gives the same stream. */
static void test_namespace_agnostic(void **state)
{
	static const struct {
		const char *pfx, *rootns, *tpxns;
	} v[] = {
		{ "", "xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"",
		  "xmlns=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\"" },
		{ "tcd:", "xmlns:tcd=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"",
		  "" },
		{ "", "", "" },
	};
	char doc[4096];
	size_t k;

	for (k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		struct rec r = { 0 };
		struct rr_error err = RR_ERROR_INIT;
		const char *P = v[k].pfx;

		snprintf(doc, sizeof(doc), NS_FMT, P, v[k].rootns, P, P, P, P, P, P, P, P,
			 P, P, P, P, P, P, v[k].tpxns, P, P, P, P, P, P, P);
		assert_int_equal(parse_str(doc, 0, &r, &err), RR_OK);
		assert_int_equal(r.nacts, 1);
		assert_int_equal(r.npts, 1);
		assert_string_equal(r.acts[0].end_meta.sport, "Biking");
		assert_true(r.pts[0].hr_bpm == 141);
		assert_true(r.pts[0].speed_mps == 2.07);
		assert_true(r.pts[0].power_w == 101);
		rec_free(&r);
	}
}

static void test_several_activities_and_course(void **state)
{
	static const char doc[] = TCX_HEAD
		"<Folders><Courses><CourseFolder Name=\"Courses\"><CourseNameRef>"
		"<Id>Hill loop</Id></CourseNameRef></CourseFolder></Courses></Folders>\n"
		"<Activities>\n"
		"<MultiSportSession><Id>2024-05-01T06:00:00Z</Id>\n"
		"<FirstSport><Activity Sport=\"Biking\"><Id>2024-05-01T06:00:00Z</Id>"
		"<Lap StartTime=\"2024-05-01T06:00:00Z\"><Track><Trackpoint>"
		"<Time>2024-05-01T06:00:00Z</Time></Trackpoint></Track></Lap></Activity></FirstSport>\n"
		"<NextSport><Activity Sport=\"Running\"><Id>2024-05-01T07:00:00Z</Id>"
		"<Lap StartTime=\"2024-05-01T07:00:00Z\"><Track><Trackpoint>"
		"<Time>2024-05-01T07:00:00Z</Time></Trackpoint><Trackpoint>"
		"<Time>2024-05-01T07:00:01Z</Time></Trackpoint></Track></Lap></Activity></NextSport>\n"
		"</MultiSportSession></Activities>\n"
		"<Courses><Course><Name>Hill loop</Name>"
		"<Lap><TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>2000</DistanceMeters>"
		"<BeginPosition><LatitudeDegrees>1</LatitudeDegrees><LongitudeDegrees>2</LongitudeDegrees>"
		"</BeginPosition><Intensity>Active</Intensity></Lap>"
		"<Track><Trackpoint><Time>2012-01-04T00:00:00Z</Time><Position>"
		"<LatitudeDegrees>28.5</LatitudeDegrees><LongitudeDegrees>-16.5</LongitudeDegrees>"
		"</Position><AltitudeMeters>231</AltitudeMeters></Trackpoint></Track>"
		"<CoursePoint><Name>Turn left</Name><Time>2012-01-04T00:01:00Z</Time><Position>"
		"<LatitudeDegrees>9</LatitudeDegrees><LongitudeDegrees>9</LongitudeDegrees></Position>"
		"<PointType>Left</PointType></CoursePoint>"
		"</Course></Courses>\n"
		TCX_TAIL;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	const struct rr_meta *c;

	assert_int_equal(parse_str(doc, 0, &r, &err), RR_OK);
	assert_int_equal(r.order_errors, 0);
	assert_int_equal(r.nacts, 3);
	assert_int_equal(r.npts, 4);
	assert_int_equal(r.acts[0].end_meta.index, 0);
	assert_int_equal(r.acts[1].end_meta.index, 1);
	assert_int_equal(r.acts[2].end_meta.index, 2);
	assert_string_equal(r.acts[0].end_meta.sport, "Biking");
	assert_string_equal(r.acts[1].end_meta.sport, "Running");
	assert_int_equal(r.acts[0].npts, 1);
	assert_int_equal(r.acts[1].npts, 2);
	assert_false(r.acts[0].end_meta.route);
	/* Segments restart at 0 in each activity. */
	assert_int_equal(r.pts[1].segment, 0);

	c = &r.acts[2].end_meta;
	assert_true(c->route);
	assert_true(c->notes & RR_NOTE_ROUTE);
	assert_true(r.acts[2].begin_meta.route);
	assert_string_equal(c->name, "Hill loop");	/* not the CoursePoint's */
	assert_string_equal(c->sport, "");
	assert_int_equal(c->laps, 1);
	assert_true(c->lap_distance_m == 2000);
	assert_int_equal(r.acts[2].npts, 1);		/* CoursePoint is no point */
	assert_true(r.pts[3].lat_deg == 28.5 && r.pts[3].ele_m == 231);
	rec_free(&r);
}

static void test_empty_database(void **state)
{
	static const char *docs[] = {
		TCX_HEAD TCX_TAIL,
		TCX_HEAD "<Activities/>" TCX_TAIL,
		"<TrainingCenterDatabase/>",
		TCX_HEAD "<Workouts><Running Name=\"Running\"/></Workouts>"
		"<Author><Name>x</Name></Author>" TCX_TAIL,
	};
	size_t i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct rec r = { 0 };
		struct rr_error err = RR_ERROR_INIT;

		assert_int_equal(parse_str(docs[i], 0, &r, &err), RR_OK);
		assert_int_equal(r.nacts, 1);
		assert_true(r.acts[0].ended);
		assert_int_equal(r.npts, 0);
		assert_int_equal(r.acts[0].end_meta.format, RR_FORMAT_TCX);
		assert_int_equal(r.acts[0].end_meta.laps, 0);
		assert_true(isnan(r.acts[0].end_meta.start_t_s));
		rec_free(&r);
	}
}

/* Only Creator/Name names the device; other Names in an activity do not. */
static void test_name_contexts(void **state)
{
	static const char doc[] = TCX_HEAD
		"<Activities><Activity Sport=\"Biking\"><Id>2020-02-05T16:25:14Z</Id>"
		"<Creator><Name>Polar Vantage V</Name></Creator>"
		"<Training VirtualPartner=\"false\"><Plan Type=\"Workout\"><Name>Indoor Cycling</Name>"
		"</Plan></Training><Lap><Notes>lap</Notes><Track><Trackpoint><Time>2020-02-05T16:25:14Z"
		"</Time></Trackpoint></Track></Lap></Activity>"
		"<Activity Sport=\"Running\"><Training><Plan><Name>Tempo</Name></Plan></Training>"
		"</Activity></Activities>"
		"<Author><Name>Polar Flow</Name></Author>" TCX_TAIL;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	assert_int_equal(parse_str(doc, 0, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 2);
	assert_string_equal(r.acts[0].end_meta.creator, "Polar Vantage V");
	assert_string_equal(r.acts[0].end_meta.name, "");
	assert_string_equal(r.acts[1].end_meta.creator, "");
	assert_string_equal(r.acts[1].end_meta.name, "");
	rec_free(&r);
}

/* An activity with no points still gives begin+end. */
static void test_activity_without_points(void **state)
{
	static const char doc[] = TCX_HEAD
		"<Activities><Activity Sport=\"Other\"><Id>2024-01-01T00:00:00Z</Id>"
		"<Lap StartTime=\"2024-01-01T00:00:00Z\"><TotalTimeSeconds>10</TotalTimeSeconds>"
		"<DistanceMeters>0</DistanceMeters><Calories>0</Calories></Lap></Activity>"
		"<Activity Sport=\"Running\"><Id>2024-01-02T00:00:00Z</Id></Activity>"
		"</Activities>" TCX_TAIL;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	assert_int_equal(parse_str(doc, 0, &r, &err), RR_OK);
	assert_int_equal(r.order_errors, 0);
	assert_int_equal(r.nacts, 2);
	assert_int_equal(r.npts, 0);
	assert_true(r.acts[0].end_meta.lap_time_s == 10);
	assert_true(r.acts[0].end_meta.lap_calories == 0);
	assert_int_equal(r.acts[1].end_meta.laps, 0);
	assert_true(isnan(r.acts[1].end_meta.lap_distance_m));	/* unknown, not 0 */
	assert_true(isnan(r.acts[1].end_meta.lap_hr_max));
	rec_free(&r);
}

static void test_times_and_numbers(void **state)
{
	static const char doc[] = TCX_HEAD
		"<Activities><Activity Sport=\"Running\"><Id>2024-05-01T04:30:00Z</Id>"
		"<Lap StartTime=\"2024-05-01T04:30:00Z\"><DistanceMeters>abc</DistanceMeters>"
		"<Track>"
		"<Trackpoint><Time>2024-05-01T04:30:00Z</Time><AltitudeMeters>1,5</AltitudeMeters>"
		"</Trackpoint>"
		"<Trackpoint><Time>yesterday</Time><AltitudeMeters/><DistanceMeters>  </DistanceMeters>"
		"<HeartRateBpm><Value>nan</Value></HeartRateBpm></Trackpoint>"
		"<Trackpoint><Time>2024-05-01T01:30:05-03:00</Time><AltitudeMeters>\n 7e1 \n</AltitudeMeters>"
		"</Trackpoint>"
		"<Trackpoint><Time>2024-05-01T04:30:06</Time></Trackpoint>"
		"<Trackpoint><Time>2024-05-01T06:30:07+02:00</Time></Trackpoint>"
		"</Track></Lap></Activity></Activities>" TCX_TAIL;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	const struct rr_meta *e;

	assert_int_equal(parse_str(doc, 0, &r, &err), RR_OK);
	assert_int_equal(r.npts, 5);
	e = &r.acts[0].end_meta;
	assert_true(e->notes & RR_NOTE_BAD_NUMBER);
	assert_true(e->notes & RR_NOTE_BAD_TIME);
	assert_true(e->notes & RR_NOTE_NO_ZONE);
	assert_false(e->notes & RR_NOTE_ROUTE);
	/* 'Z' does not set the zone; the first numeric offset does. */
	assert_false(r.acts[0].begin_meta.tz_known);
	assert_true(e->tz_known);
	assert_int_equal(e->tz_offset_s, -3 * 3600);
	assert_true(isnan(e->lap_distance_m));
	assert_true(isnan(r.pts[0].ele_m));	/* "1,5": a comma is not a point */
	assert_true(isnan(r.pts[1].t_s));
	assert_true(isnan(r.pts[1].ele_m) && isnan(r.pts[1].dist_m));
	assert_true(isnan(r.pts[1].hr_bpm));
	assert_true(r.pts[2].t_s == T0 + 5);
	assert_true(r.pts[2].ele_m == 70);
	assert_true(r.pts[3].t_s == T0 + 6);	/* no zone: read as UTC */
	assert_true(r.pts[4].t_s == T0 + 7);
	rec_free(&r);
}

/* Empty elements are absent values, not bad ones. */
static void test_empty_elements_no_note(void **state)
{
	static const char doc[] = TCX_HEAD
		"<Activities><Activity Sport=\"Running\"><Id>2024-05-01T04:30:00Z</Id><Lap><Track>"
		"<Trackpoint><Time>2024-05-01T04:30:00Z</Time><AltitudeMeters/>"
		"<DistanceMeters> </DistanceMeters><HeartRateBpm><Value></Value></HeartRateBpm>"
		"</Trackpoint></Track></Lap><Notes/></Activity></Activities>" TCX_TAIL;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	assert_int_equal(parse_str(doc, 0, &r, &err), RR_OK);
	assert_int_equal(r.npts, 1);
	assert_int_equal(r.acts[0].end_meta.notes, 0);
	assert_true(isnan(r.pts[0].ele_m) && isnan(r.pts[0].dist_m) && isnan(r.pts[0].hr_bpm));
	rec_free(&r);
}

/* TCX v1: History/<sport>/Run, heart rate as a bare number. */
static void test_tcx_v1(void **state)
{
	static const char doc[] =
		"<?xml version=\"1.0\"?>\n"
		"<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v1\">"
		"<History><Running Name=\"Running\"><Run><Lap StartTime=\"2007-03-01T10:00:00Z\">"
		"<TotalTimeSeconds>100</TotalTimeSeconds><DistanceMeters>300</DistanceMeters>"
		"<Calories>20</Calories><AverageHeartRateBpm>140</AverageHeartRateBpm>"
		"<MaximumHeartRateBpm>160</MaximumHeartRateBpm><Intensity>Active</Intensity>"
		"<TriggerMethod>Manual</TriggerMethod><Track><Trackpoint>"
		"<Time>2007-03-01T10:00:00Z</Time><HeartRateBpm>133</HeartRateBpm>"
		"</Trackpoint></Track></Lap><Notes>v1 run</Notes></Run></Running>"
		"<Biking Name=\"Biking\"/><Other Name=\"Other\"/><MultiSport Name=\"MultiSport\"/>"
		"</History></TrainingCenterDatabase>";
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	assert_int_equal(parse_str(doc, 0, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 1);
	assert_int_equal(r.npts, 1);
	assert_string_equal(r.acts[0].end_meta.sport, "Running");
	assert_string_equal(r.acts[0].end_meta.name, "v1 run");
	assert_true(r.acts[0].end_meta.lap_hr_max == 160);
	assert_true(r.acts[0].end_meta.start_t_s == 1172743200.0);
	assert_true(r.pts[0].hr_bpm == 133);
	rec_free(&r);
}

static void test_long_text(void **state)
{
	/* A Notes longer than any buffer: truncated at a character boundary. */
	size_t n_notes = 20000, i;
	char *doc = malloc(n_notes * 3 + 1024);
	char *q = doc;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	const char *name;

	assert_non_null(doc);
	q += sprintf(q, TCX_HEAD "<Activities><Activity Sport=\"Running\"><Notes>a");
	for (i = 0; i < n_notes; i++)
		q += sprintf(q, "\xc3\xa9");	/* U+00E9, 2 bytes */
	q += sprintf(q, "</Notes><Lap><Track><Trackpoint><Time>2024-05-01T04:30:00Z</Time>"
		     "<AltitudeMeters>1");
	for (i = 0; i < n_notes; i++)
		*q++ = '0';
	q += sprintf(q, "</AltitudeMeters></Trackpoint></Track></Lap></Activity></Activities>"
		     TCX_TAIL);
	assert_int_equal(parse_buf(doc, (size_t)(q - doc), 0, NULL, &r, &err), RR_OK);
	name = r.acts[0].end_meta.name;
	assert_true(strlen(name) < RR_META_TEXT);
	assert_true(strlen(name) >= RR_META_TEXT - 2);
	assert_int_equal(name[0], 'a');
	/* 'a' + whole 2-byte characters: odd length, last byte a continuation. */
	assert_int_equal(strlen(name) % 2, 1);
	assert_int_equal((unsigned char)name[strlen(name) - 1], 0xa9);
	/* A 20001-digit altitude does not fit: rejected, not misread. */
	assert_true(isnan(r.pts[0].ele_m));
	assert_true(r.acts[0].end_meta.notes & RR_NOTE_BAD_NUMBER);
	rec_free(&r);
	free(doc);
}

/* Non-UTF-8 documents: strings reach the sink as UTF-8. */
static void test_encodings(void **state)
{
	static const char latin1[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		"<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">"
		"<Id>2024-05-01T04:30:00Z</Id><Notes>Caf\xe9 run</Notes>"
		"<Lap><Track><Trackpoint><Time>2024-05-01T04:30:00Z</Time></Trackpoint>"
		"</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n";
	static const char utf8_bom[] = "\xef\xbb\xbf"
		"<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">"
		"<Notes>Caf\xc3\xa9 run</Notes></Activity></Activities>"
		"</TrainingCenterDatabase>";
	const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
		"<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">"
		"<Notes>Cafe run</Notes><Lap><Track><Trackpoint><Time>2024-05-01T04:30:00Z"
		"</Time><HeartRateBpm><Value>99</Value></HeartRateBpm></Trackpoint>"
		"</Track></Lap></Activity></Activities></TrainingCenterDatabase>";
	size_t n = strlen(ascii), i;
	unsigned char *u16 = malloc(2 * n + 2);
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	assert_int_equal(parse_str(latin1, 1, &r, &err), RR_OK);
	assert_string_equal(r.acts[0].end_meta.name, "Caf\xc3\xa9 run");
	assert_int_equal(r.npts, 1);
	rec_free(&r);

	assert_int_equal(parse_str(utf8_bom, 1, &r, &err), RR_OK);
	assert_string_equal(r.acts[0].end_meta.name, "Caf\xc3\xa9 run");
	rec_free(&r);

	/* UTF-16LE with a byte-order mark, fed one byte at a time. */
	assert_non_null(u16);
	u16[0] = 0xff;
	u16[1] = 0xfe;
	for (i = 0; i < n; i++) {
		u16[2 + 2 * i] = (unsigned char)ascii[i];
		u16[3 + 2 * i] = 0;
	}
	assert_int_equal(parse_buf(u16, 2 * n + 2, 1, NULL, &r, &err), RR_OK);
	assert_string_equal(r.acts[0].end_meta.name, "Cafe run");
	assert_int_equal(r.npts, 1);
	assert_true(r.pts[0].hr_bpm == 99);
	rec_free(&r);
	free(u16);
}

/* Byte-at-a-time feeding gives exactly the stream of one whole buffer. */
static void test_chunk_sizes_inline(void **state)
{
	static const size_t chunks[] = { 1, 2, 3, 7, 64, 4096 };
	struct rec whole = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	size_t i;

	assert_int_equal(parse_str(basic_tcx, 0, &whole, &err), RR_OK);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		struct rec r = { 0 };

		assert_int_equal(parse_str(basic_tcx, chunks[i], &r, &err), RR_OK);
		assert_same_stream(&whole, &r);
		rec_free(&r);
	}
	rec_free(&whole);
}

/* ---- errors ---- */

static void test_malformed_inline(void **state)
{
	static const char doc[] = TCX_HEAD
		"<Activities><Activity Sport=\"Running\">\n"
		"<Id>2024-05-01T04:30:00Z</Id>\n"
		"<Lap></Track></Lap></Activity></Activities>" TCX_TAIL;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	assert_int_equal(parse_str(doc, 0, &r, &err), RR_EPARSE);
	assert_int_equal(err.code, RR_EPARSE);
	assert_int_equal(err.line, 5);
	assert_true(err.col > 0);
	assert_non_null(strstr(err.msg, "mismatch"));
	rec_free(&r);
}

static void test_unbound_prefix_is_error(void **state)
{
	static const char doc[] = TCX_HEAD
		"<Activities><Activity Sport=\"Running\">\n"
		"<Creator xsi:type=\"Device_t\"><Name>x</Name></Creator>"
		"</Activity></Activities>" TCX_TAIL;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	assert_int_equal(parse_str(doc, 0, &r, &err), RR_EPARSE);
	assert_int_equal(err.line, 4);
	assert_non_null(strstr(err.msg, "xsi"));
	rec_free(&r);
}

static void test_not_tcx_root(void **state)
{
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	assert_int_equal(parse_str("<gpx>\n <trk><Activity/></trk></gpx>", 0, &r, &err),
			 RR_EFORMAT);
	assert_int_equal(r.nacts, 0);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.id, RR_MSG_WRONG_ROOT);
	assert_string_equal(err.subject, "gpx");
	assert_string_equal(err.msg, "root element is <gpx>, not <TrainingCenterDatabase>");
	rec_free(&r);
	/* Not well-formed and not TCX: the XML error wins, where it is. */
	rr_error_clear(&err);
	assert_int_equal(parse_str("<Activities>\n<Activity>\n</Activities>", 0, &r, &err),
			 RR_EPARSE);
	assert_int_equal(err.line, 3);
	assert_int_equal(r.nacts, 0);
	rec_free(&r);
}

static void test_empty_and_garbage_input(void **state)
{
	static const char *docs[] = { "", "   ", "not xml", "<TrainingCenterDatabase>",
				      "\x1f\x8b" };
	size_t i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct rec r = { 0 };
		struct rr_error err = RR_ERROR_INIT;
		enum rr_status st = parse_str(docs[i], 0, &r, &err);

		/* "\x1f\x8b" alone is a truncated gzip stream. */
		assert_int_equal(st, i == 4 ? RR_EGZIP : RR_EPARSE);
		assert_int_equal(err.code, st);
		assert_true(err.msg[0] != '\0');
		assert_int_equal(r.nacts, 0);
		rec_free(&r);
	}
}

static void test_sink_abort(void **state)
{
	long k;

	for (k = 0; k < 3; k++) {
		struct rec r = { 0 };
		struct rr_error err = RR_ERROR_INIT;

		if (k == 0)
			r.abort_begin = 1;
		else if (k == 1)
			r.abort_point = 2;
		else
			r.abort_end = 1;
		assert_int_equal(parse_str(basic_tcx, 0, &r, &err), RR_EABORT);
		assert_int_equal(err.code, RR_EABORT);
		assert_true(err.line > 0);
		if (k == 1)
			assert_int_equal(r.npts, 2);	/* stopped at once */
		rec_free(&r);
	}
}

static void test_gzip_and_input_errors(void **state)
{
	struct rec plain = { 0 }, r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	struct rr_input *in;
	size_t glen;
	unsigned char *gz = test_gzip(basic_tcx, strlen(basic_tcx), &glen);

	assert_int_equal(parse_str(basic_tcx, 0, &plain, &err), RR_OK);
	assert_int_equal(parse_buf(gz, glen, 0, NULL, &r, &err), RR_OK);
	assert_same_stream(&plain, &r);
	rec_free(&r);

	/* Truncated gzip: the input layer's error, unchanged. */
	rr_error_clear(&err);
	assert_int_equal(parse_buf(gz, glen / 2, 0, NULL, &r, &err), RR_EGZIP);
	assert_int_equal(err.code, RR_EGZIP);
	assert_non_null(strstr(err.msg, "truncated"));
	rec_free(&r);

	/* Size cap after decompression: RR_ELIMIT from the input layer. */
	rr_error_clear(&err);
	assert_int_equal(rr_input_open_mem(&in, gz, glen, 1000, &err), RR_OK);
	assert_int_equal(parse_in(in, 0, NULL, &r, &err), RR_ELIMIT);
	assert_non_null(strstr(err.msg, "cap"));
	rr_input_close(in);
	rec_free(&r);

	/* Not a regular file (a folder, a FIFO): RR_EIO at open, never a blocking read. */
	rr_error_clear(&err);
	assert_int_equal(rr_input_open(&in, "/", 0, &err), RR_EIO);
	assert_int_equal(err.code, RR_EIO);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_null(in);
	rec_free(&plain);
	free(gz);
}

static void test_limits(void **state)
{
	struct rr_limits lim;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	rr_limits_default(&lim);
	lim.max_points = 3;
	assert_int_equal(parse_buf(basic_tcx, strlen(basic_tcx), 0, &lim, &r, &err), RR_ELIMIT);
	assert_int_equal(r.npts, 3);
	assert_non_null(strstr(err.msg, "points"));
	assert_int_equal(err.id, RR_MSG_TOO_MANY_POINTS);
	rec_free(&r);

	rr_limits_default(&lim);
	lim.max_points = 4;	/* exactly enough */
	rr_error_clear(&err);
	assert_int_equal(parse_buf(basic_tcx, strlen(basic_tcx), 0, &lim, &r, &err), RR_OK);
	rec_free(&r);

	rr_limits_default(&lim);
	lim.max_depth = 8;	/* basic_tcx needs 9 (.../Extensions/TPX/Speed) */
	rr_error_clear(&err);
	assert_int_equal(parse_buf(basic_tcx, strlen(basic_tcx), 0, &lim, &r, &err), RR_ELIMIT);
	assert_non_null(strstr(err.msg, "deep"));
	assert_int_equal(err.id, RR_MSG_TOO_DEEP);
	assert_true(err.line > 0);
	rec_free(&r);
	lim.max_depth = 9;
	rr_error_clear(&err);
	assert_int_equal(parse_buf(basic_tcx, strlen(basic_tcx), 0, &lim, &r, &err), RR_OK);
	rec_free(&r);
}

static void test_activity_limit(void **state)
{
	char doc[8192], *q = doc;
	struct rr_limits lim;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	int i;

	q += sprintf(q, "%s<Activities>", TCX_HEAD);
	for (i = 0; i < 6; i++)
		q += sprintf(q, "<Activity Sport=\"Running\"><Id>2024-05-0%dT00:00:00Z</Id>"
			     "</Activity>", i + 1);
	sprintf(q, "</Activities>%s", TCX_TAIL);
	rr_limits_default(&lim);
	lim.max_activities = 5;
	assert_int_equal(parse_buf(doc, strlen(doc), 0, &lim, &r, &err), RR_ELIMIT);
	assert_int_equal(r.nacts, 5);
	assert_non_null(strstr(err.msg, "activities"));
	rec_free(&r);
	lim.max_activities = 6;
	rr_error_clear(&err);
	assert_int_equal(parse_buf(doc, strlen(doc), 0, &lim, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 6);
	assert_int_equal(r.acts[5].end_meta.index, 5);
	rec_free(&r);
}

/* ---- hostile input ---- */

static void expect_refused_msg(const char *doc, enum rr_status want, const char *forbidden,
			       const char *msg_part)
{
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	double t0 = now_s();
	size_t i;

	assert_int_equal(parse_buf(doc, strlen(doc), 0, NULL, &r, &err), want);
	assert_int_equal(err.code, want);
	assert_true(err.line > 0);
	assert_true(now_s() - t0 < 5.0);	/* bounded, not exponential */
	if (msg_part && !strstr(err.msg, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg_part);
	if (forbidden) {
		assert_null(strstr(err.msg, forbidden));
		for (i = 0; i < r.nacts; i++) {
			assert_null(strstr(r.acts[i].begin_meta.name, forbidden));
			assert_null(strstr(r.acts[i].end_meta.name, forbidden));
			assert_null(strstr(r.acts[i].end_meta.creator, forbidden));
			assert_null(strstr(r.acts[i].end_meta.id, forbidden));
		}
	}
	rec_free(&r);
}

static void expect_refused(const char *doc, enum rr_status want, const char *forbidden)
{
	expect_refused_msg(doc, want, forbidden, "DOCTYPE");
}

/* Any DOCTYPE is refused, even a harmless one: TCX never needs one. */
static void test_doctype_refused(void **state)
{
	expect_refused("<?xml version=\"1.0\"?>\n<!DOCTYPE TrainingCenterDatabase>\n"
		       "<TrainingCenterDatabase/>", RR_EPARSE, NULL);
	expect_refused("<!DOCTYPE TrainingCenterDatabase [ ]><TrainingCenterDatabase/>",
		       RR_EPARSE, NULL);
}

static void test_billion_laughs(void **state)
{
	static const char doc[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE TrainingCenterDatabase [\n"
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
		"<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">"
		"<Notes>&lol9;</Notes></Activity></Activities></TrainingCenterDatabase>\n";

	expect_refused(doc, RR_EPARSE, "lollol");
}

/* Write a file holding a secret; return its path in buf. */
static void secret_file(char *buf, size_t size, const char *secret)
{
	FILE *f;

	snprintf(buf, size, "/tmp/test_tcx_secret_%ld.txt", (long)getpid());
	f = fopen(buf, "w");
	assert_non_null(f);
	assert_true(fputs(secret, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void test_external_entity(void **state)
{
	char path[256], doc[2048];

	secret_file(path, sizeof(path), "TOPSECRET42");
	snprintf(doc, sizeof(doc),
		 "<?xml version=\"1.0\"?>\n"
		 "<!DOCTYPE TrainingCenterDatabase [\n"
		 " <!ENTITY xxe SYSTEM \"file://%s\">\n"
		 "]>\n"
		 "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">"
		 "<Id>&xxe;</Id><Notes>&xxe;</Notes><Creator><Name>&xxe;</Name></Creator>"
		 "</Activity></Activities></TrainingCenterDatabase>\n", path);
	expect_refused(doc, RR_EPARSE, "TOPSECRET42");

	/* The same reference with no DOCTYPE at all: undeclared, refused. */
	snprintf(doc, sizeof(doc),
		 "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">"
		 "<Notes>&xxe;</Notes></Activity></Activities></TrainingCenterDatabase>\n");
	expect_refused_msg(doc, RR_EPARSE, "TOPSECRET42", "&xxe;");

	/* Parameter entity pulling in a local file. */
	snprintf(doc, sizeof(doc),
		 "<?xml version=\"1.0\"?>\n"
		 "<!DOCTYPE TrainingCenterDatabase [\n"
		 " <!ENTITY %% ext SYSTEM \"file://%s\">\n"
		 " %%ext;\n"
		 "]>\n"
		 "<TrainingCenterDatabase/>\n", path);
	expect_refused(doc, RR_EPARSE, "TOPSECRET42");
	unlink(path);
}

static void test_external_dtd(void **state)
{
	char path[256], doc[1024];

	secret_file(path, sizeof(path), "<!ENTITY leak \"TOPSECRET42\">");
	snprintf(doc, sizeof(doc),
		 "<?xml version=\"1.0\"?>\n"
		 "<!DOCTYPE TrainingCenterDatabase SYSTEM \"file://%s\">\n"
		 "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">"
		 "<Notes>&leak;</Notes></Activity></Activities></TrainingCenterDatabase>\n",
		 path);
	expect_refused(doc, RR_EPARSE, "TOPSECRET42");
	/* A network DTD is refused before any fetch is attempted. */
	expect_refused("<?xml version=\"1.0\"?>\n<!DOCTYPE TrainingCenterDatabase PUBLIC "
		       "\"-//x//y\" \"http://127.0.0.1:9/x.dtd\"><TrainingCenterDatabase/>",
		       RR_EPARSE, NULL);
	unlink(path);
}

static void test_deep_nesting(void **state)
{
	size_t depth = 20000, i;
	size_t len = depth * 7 + 128;
	char *doc = malloc(len), *q = doc;
	struct rr_limits lim;
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	double t0 = now_s();

	assert_non_null(doc);
	q += sprintf(q, "<TrainingCenterDatabase>");
	for (i = 0; i < depth; i++)
		q += sprintf(q, "<a>");
	for (i = 0; i < depth; i++)
		q += sprintf(q, "</a>");
	q += sprintf(q, "</TrainingCenterDatabase>");
	assert_int_equal(parse_buf(doc, (size_t)(q - doc), 0, NULL, &r, &err), RR_ELIMIT);
	assert_non_null(strstr(err.msg, "256"));
	assert_true(now_s() - t0 < 5.0);
	assert_int_equal(r.nacts, 0);
	rec_free(&r);

	/* max_depth 0 is the default cap, not "none": libxml2's push parser has none. */
	rr_limits_default(&lim);
	lim.max_depth = 0;
	rr_error_clear(&err);
	assert_int_equal(parse_buf(doc, (size_t)(q - doc), 0, &lim, &r, &err), RR_ELIMIT);
	assert_non_null(strstr(err.msg, "256"));
	rec_free(&r);
	free(doc);
}

/* ---- threads ---- */

struct thread_job {
	const char *doc;
	struct rec r;
	enum rr_status st;
};

static void *thread_main(void *arg)
{
	struct thread_job *j = arg;
	struct rr_error err = RR_ERROR_INIT;
	int k;

	for (k = 0; k < 20; k++) {
		rec_free(&j->r);
		j->st = parse_str(j->doc, (size_t)(k % 5) + 1, &j->r, &err);
		if (j->st != RR_OK)
			break;
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct thread_job jobs[4];
	pthread_t th[4];
	struct rec whole = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	size_t i;

	assert_int_equal(parse_str(basic_tcx, 0, &whole, &err), RR_OK);
	for (i = 0; i < 4; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].doc = basic_tcx;
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(jobs[i].st, RR_OK);
		assert_same_stream(&whole, &jobs[i].r);
		rec_free(&jobs[i].r);
	}
	rec_free(&whole);
}

/* ---- the real corpus ---- */

static void test_corpus_tcxparser(void **state)
{
	char path[512];
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	const struct rr_meta *e;
	double hr_max = -1, hr_min = 1e9;
	size_t i;

	NEED_CORPUS(path, "python-tcxparser/tests/files/test.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 1);
	assert_int_equal(r.npts, 384);
	e = &r.acts[0].end_meta;
	assert_string_equal(e->sport, "Running");
	assert_string_equal(e->name, "Aerobics");
	assert_string_equal(e->creator, "Forerunner 410 Software Version 2.20");
	assert_string_equal(e->id, "2012-12-26T21:29:53Z");
	assert_int_equal(e->laps, 3);
	/*
	 * python-tcxparser's distance, 4686.31, is the last DistanceMeters of
	 * the track (point 383 of 384: the last point holds only a Time); the
	 * laps sum to 4689.24 (1609.34 + 1609.34 + 1470.55).
	 */
	assert_true(isnan(r.pts[383].dist_m));
	assert_false(isnan(r.pts[383].t_s));
	assert_true(fabs(r.pts[382].dist_m - 4686.31) < 0.005);
	assert_true(fabs(e->lap_distance_m - 4689.24267578) < 1e-6);
	assert_false(fabs(e->lap_distance_m - 4686.31) < 0.005);
	assert_true(fabs(e->lap_time_s - 1992.78) < 1e-9);
	assert_true(e->lap_calories == 94 + 151 + 134);
	assert_true(e->lap_hr_max == 189);
	for (i = 0; i < r.npts; i++) {
		if (isnan(r.pts[i].hr_bpm))
			continue;
		if (r.pts[i].hr_bpm > hr_max)
			hr_max = r.pts[i].hr_bpm;
		if (r.pts[i].hr_bpm < hr_min)
			hr_min = r.pts[i].hr_bpm;
	}
	assert_true(hr_max == 189);
	assert_true(hr_min == 60);
	rec_free(&r);
}

/* Split a CSV line (no quoting in gpsbabel's unicsv output) in place. */
static size_t split_csv(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		f[n++] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

static void test_corpus_kona_default_ns_tpx(void **state)
{
	char path[512], csvpath[512], line[512];
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	FILE *f;
	size_t i = 0;

	NEED_CORPUS(path, "gpsbabel/reference/track/kona2013.tcx");
	NEED_CORPUS(csvpath, "gpsbabel/reference/track/kona2013~tcx.csv");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 5);
	assert_string_equal(r.acts[0].end_meta.creator, "Garmin Edge 500");
	f = fopen(csvpath, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));	/* header */
	assert_non_null(strstr(line, "Speed,Heartrate,Cadence,Power"));
	while (fgets(line, sizeof(line), f)) {
		char *fl[16];
		const struct rr_point *p;
		double v;

		line[strcspn(line, "\r\n")] = '\0';
		assert_int_equal(split_csv(line, fl, 16), 10);
		assert_true(i < r.npts);
		p = &r.pts[i++];
		/* No,Latitude,Longitude,Altitude,Speed,Heartrate,Cadence,Power,... */
		assert_true(fabs(p->lat_deg - atof(fl[1])) < 5e-7);
		assert_true(fabs(p->lon_deg - atof(fl[2])) < 5e-7);
		assert_true(fabs(p->ele_m - atof(fl[3])) < 0.05);
		assert_true(fabs(p->speed_mps - atof(fl[4])) < 0.005);
		assert_true(p->hr_bpm == atof(fl[5]));
		assert_true(p->cad_rpm == atof(fl[6]));
		/* gpsbabel leaves a recorded 0 W blank; we keep the 0. */
		v = fl[7][0] ? atof(fl[7]) : 0.0;
		assert_true(p->power_w == v);
	}
	assert_int_equal(fclose(f), 0);
	assert_int_equal(i, 5);
	/* Spot values straight from the file (the TPX has no prefix). */
	assert_true(fabs(r.pts[2].speed_mps - 3.505000114440918) < 1e-12);
	assert_true(r.pts[3].power_w == 0);
	/* 12:17:26 at utc-6 in the CSV is 18:17:26Z. */
	assert_true(r.pts[0].t_s == 1381601846.0);
	rec_free(&r);
}

static void test_corpus_multisession(void **state)
{
	static const char *sports[] = { "Running", "Biking", "Running", "Biking" };
	char path[512];
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	size_t i;

	NEED_CORPUS(path, "GoldenCheetah/test/rides/activity_165850259_multi-session.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.order_errors, 0);
	assert_int_equal(r.nacts, 4);
	assert_int_equal(r.npts, 1893);
	for (i = 0; i < 4; i++) {
		assert_int_equal(r.acts[i].end_meta.index, i);
		assert_string_equal(r.acts[i].end_meta.sport, sports[i]);
		/* The Activity's Creator, not the file's Author. */
		assert_string_equal(r.acts[i].end_meta.creator,
				    "Forerunner305 (Unit ID 3815748186)");
	}
	assert_string_equal(r.acts[1].end_meta.id, "2011-12-01T12:59:37Z");
	rec_free(&r);
}

static void test_corpus_course(void **state)
{
	char path[512];
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	NEED_CORPUS(path, "gpsbabel/reference/track/course.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 1);
	assert_true(r.acts[0].end_meta.route);
	assert_true(r.acts[0].end_meta.notes & RR_NOTE_ROUTE);
	assert_string_equal(r.acts[0].end_meta.name, "ThursRide");
	assert_int_equal(r.npts, 1205);
	rec_free(&r);

	NEED_CORPUS(path, "gpsbabel/reference/track/gtrnctr-readcp.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.nacts, 1);
	assert_true(r.acts[0].end_meta.route);
	assert_string_equal(r.acts[0].end_meta.name, "Test CP Reading");
	assert_int_equal(r.npts, 18);
	rec_free(&r);
}

static void test_corpus_malformed(void **state)
{
	char path[512];
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	NEED_CORPUS(path, "runpandas/runpandas/tests/io/data/tcx/malformed.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_EPARSE);
	assert_int_equal(err.code, RR_EPARSE);
	assert_int_equal(err.line, 4653);
	assert_true(err.col > 0);
	assert_non_null(strstr(err.msg, "xsi"));
	rec_free(&r);
}

static void test_corpus_mapmyride(void **state)
{
	char path[512];
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	const struct rr_meta *e;
	size_t i;

	NEED_CORPUS(path, "tcxreader/tcxreader/tests/data/mapmyride_biking.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 3112);
	e = &r.acts[0].end_meta;
	assert_int_equal(e->notes & (RR_NOTE_BAD_TIME | RR_NOTE_NO_ZONE | RR_NOTE_BAD_NUMBER), 0);
	assert_true(e->tz_known);
	assert_int_equal(e->tz_offset_s, 0);
	assert_true(fabs(e->lap_calories - 457.99999973619197) < 1e-9);
	/* Six leading time-only points, emitted as they are. */
	for (i = 0; i < 6; i++)
		assert_true(isnan(r.pts[i].lat_deg) && !isnan(r.pts[i].t_s));
	assert_false(isnan(r.pts[6].lat_deg));
	/* 2022-11-12T15:58:25.849800+00:00 */
	assert_true(fabs(r.pts[0].t_s - 1668268705.8498) < 1e-6);
	rec_free(&r);
}

static void test_corpus_no_altitude(void **state)
{
	char path[512];
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	size_t i, speed = 0;

	NEED_CORPUS(path, "GoldenCheetah/test/runs/10kUNLP2014-Garmin15.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 686);
	for (i = 0; i < r.npts; i++) {
		assert_true(isnan(r.pts[i].ele_m));
		assert_true(isnan(r.pts[i].hr_bpm));
		speed += !isnan(r.pts[i].speed_mps);
	}
	assert_int_equal(speed, 686);
	assert_int_equal(r.acts[0].end_meta.laps, 11);
	rec_free(&r);
}

static void test_corpus_runcadence_no_position(void **state)
{
	char path[512];
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	size_t i, cad = 0;

	NEED_CORPUS(path, "runpandas/runpandas/tests/io/data/tcx/run_garmin.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 147);
	for (i = 0; i < r.npts; i++)
		cad += !isnan(r.pts[i].cad_rpm);
	assert_int_equal(cad, 147);	/* all from TPX RunCadence */
	rec_free(&r);

	/* No HR anywhere: NAN, never 0. */
	NEED_CORPUS(path, "python-tcxparser/tests/files/no_hr.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 384);
	for (i = 0; i < r.npts; i++)
		assert_true(isnan(r.pts[i].hr_bpm));
	rec_free(&r);
}

/* Indoor ride: no Position anywhere, points still count; multi-line Notes. */
static void test_corpus_indoor_notes(void **state)
{
	char path[512];
	struct rec r = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	const struct rr_meta *e;
	size_t i, hr = 0;

	NEED_CORPUS(path, "GoldenCheetah/test/rides/2020-02-05_17-25-14_Training-with-Notes.tcx");
	assert_int_equal(parse_file(path, 0, NULL, &r, &err), RR_OK);
	assert_int_equal(r.npts, 6862);
	for (i = 0; i < r.npts; i++) {
		assert_true(isnan(r.pts[i].lat_deg) && isnan(r.pts[i].lon_deg));
		assert_false(isnan(r.pts[i].t_s));
		hr += !isnan(r.pts[i].hr_bpm);
	}
	assert_int_equal(hr, 6862);
	e = &r.acts[0].end_meta;
	assert_string_equal(e->creator, "Polar Vantage V");	/* not the Plan's Name */
	/* Notes are trimmed of the trailing newline, kept otherwise. */
	assert_string_equal(e->name, "- immer noch den Muskelkater in beiden Oberschenkeln "
			    "(Unterseite)");
	assert_int_equal(e->laps, 3);
	rec_free(&r);
}

/* Every well-formed corpus TCX parses, with the MANIFEST's point count. */
static void test_corpus_all(void **state)
{
	static const struct {
		const char *rel;
		size_t acts, pts;
	} files[] = {
		{ "GoldenCheetah/test/rides/2020-02-05_17-25-14_Training-with-Notes.tcx", 1, 6862 },
		{ "GoldenCheetah/test/swims/argmac_Garmin_FR910XT_2015_01_31_10_17_02.tcx", 1, 85 },
		{ "gpsbabel/reference/track/bike.tcx", 1, 1812 },
		{ "gpsbabel/reference/track/gtrnctr-lap_s.tcx", 1, 943 },
		{ "gpsbabel/reference/track/gtrnctr_power.tcx", 1, 5109 },
		{ "gpsbabel/reference/track/history.tcx", 1, 1205 },
		{ "python-tcxparser/tests/files/sup_activity_1.tcx", 1, 111 },
		{ "runpandas/runpandas/tests/io/data/samples/2020-12-02T06_08_29-300_Running.tcx", 1, 927 },
		{ "runpandas/runpandas/tests/io/data/samples/2020-12-04T19_09_21-300_Running.tcx", 1, 1353 },
		{ "runpandas/runpandas/tests/io/data/samples/2020-12-06T06_36_21-300_Running.tcx", 1, 1747 },
		{ "runpandas/runpandas/tests/io/data/samples/2020-12-08T06_36_12-300_Running.tcx", 1, 898 },
		{ "runpandas/runpandas/tests/io/data/samples/2020-12-13T07_25_55-300_Running.tcx", 1, 1355 },
		{ "runpandas/runpandas/tests/io/data/samples/2020-12-16T05_44_18-300_Running.tcx", 1, 805 },
		{ "runpandas/runpandas/tests/io/data/samples/2020-12-20T05_50_47-300_Running.tcx", 1, 2327 },
		{ "runpandas/runpandas/tests/io/data/samples/2020-12-26T06_03_49-300_Running.tcx", 1, 808 },
		{ "runpandas/runpandas/tests/io/data/tcx/basic.tcx", 1, 383 },
		{ "runpandas/runpandas/tests/io/data/tcx/run.tcx", 1, 1424 },
		{ "runpandas/runpandas/tests/io/data/tcx/stopped_example.tcx", 1, 1697 },
		{ "tcxreader/tcxreader/tests/data/cross-country-skiing_activity_1.tcx", 1, 486 },
		{ "tcxreader/tcxreader/tests/data/sup_activity_1.tcx", 1, 111 },
	};
	char path[512];
	size_t i;

	NEED_CORPUS(path, "MANIFEST.md");
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct rec r = { 0 };
		struct rr_error err = RR_ERROR_INIT;

		if (!corpus_path(path, sizeof(path), files[i].rel))
			fail_msg("corpus file missing: %s", files[i].rel);
		if (parse_file(path, 0, NULL, &r, &err) != RR_OK)
			fail_msg("%s: %s at %lu:%lu", files[i].rel, err.msg, err.line, err.col);
		assert_int_equal(r.order_errors, 0);
		assert_int_equal(r.nacts, files[i].acts);
		if (r.npts != files[i].pts)
			fail_msg("%s: %zu points, want %zu", files[i].rel, r.npts, files[i].pts);
		rec_free(&r);
	}
}

static void test_corpus_byte_at_a_time(void **state)
{
	static const char *rels[] = {
		"python-tcxparser/tests/files/test.tcx",
		"gpsbabel/reference/track/kona2013.tcx",
		"gpsbabel/reference/track/course.tcx",
		"GoldenCheetah/test/rides/activity_165850259_multi-session.tcx",
		"tcxreader/tcxreader/tests/data/mapmyride_biking.tcx",
		"python-tcxparser/tests/files/sup_activity_1.tcx",
	};
	char path[512];
	size_t i;

	NEED_CORPUS(path, "MANIFEST.md");
	for (i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
		struct rec whole = { 0 }, bytes = { 0 }, odd = { 0 };
		struct rr_error err = RR_ERROR_INIT;

		if (!corpus_path(path, sizeof(path), rels[i]))
			fail_msg("corpus file missing: %s", rels[i]);
		assert_int_equal(parse_file(path, 0, NULL, &whole, &err), RR_OK);
		assert_int_equal(parse_file(path, 1, NULL, &bytes, &err), RR_OK);
		assert_int_equal(parse_file(path, 1021, NULL, &odd, &err), RR_OK);
		assert_true(whole.npts > 0);
		assert_same_stream(&whole, &bytes);
		assert_same_stream(&whole, &odd);
		rec_free(&whole);
		rec_free(&bytes);
		rec_free(&odd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_fields),
		cmocka_unit_test(test_lap_values_not_points),
		cmocka_unit_test(test_namespace_agnostic),
		cmocka_unit_test(test_several_activities_and_course),
		cmocka_unit_test(test_empty_database),
		cmocka_unit_test(test_name_contexts),
		cmocka_unit_test(test_activity_without_points),
		cmocka_unit_test(test_times_and_numbers),
		cmocka_unit_test(test_empty_elements_no_note),
		cmocka_unit_test(test_tcx_v1),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_chunk_sizes_inline),
		cmocka_unit_test(test_malformed_inline),
		cmocka_unit_test(test_unbound_prefix_is_error),
		cmocka_unit_test(test_not_tcx_root),
		cmocka_unit_test(test_empty_and_garbage_input),
		cmocka_unit_test(test_sink_abort),
		cmocka_unit_test(test_gzip_and_input_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_activity_limit),
		cmocka_unit_test(test_doctype_refused),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_external_entity),
		cmocka_unit_test(test_external_dtd),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_corpus_tcxparser),
		cmocka_unit_test(test_corpus_kona_default_ns_tpx),
		cmocka_unit_test(test_corpus_multisession),
		cmocka_unit_test(test_corpus_course),
		cmocka_unit_test(test_corpus_malformed),
		cmocka_unit_test(test_corpus_mapmyride),
		cmocka_unit_test(test_corpus_no_altitude),
		cmocka_unit_test(test_corpus_runcadence_no_position),
		cmocka_unit_test(test_corpus_indoor_notes),
		cmocka_unit_test(test_corpus_all),
		cmocka_unit_test(test_corpus_byte_at_a_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
