/*
 * tcx.c - streaming TCX (Garmin Training Center) parser on the libxml2 SAX2
 * push interface.
 *
 * Workload: one call per file, files from a few KB to tens of MB (a long
 * ride with 1 s recording and every sensor is ~1 KB per point).  Memory is
 * constant: a read buffer, a capped text buffer and a fixed stack of the
 * innermost element names; libxml2's own push buffer stays small because
 * it discards what it has consumed.
 *
 * Elements are matched by local name only (TCX files arrive with a default
 * namespace, ns3:, tpx: or none at all) and by their position relative to
 * the enclosing Activity/Course, Lap and Trackpoint, so that a lap's
 * DistanceMeters never lands in a point and a CoursePoint's Name never
 * becomes the course name.
 *
 * All state is in struct tcx_parser, one per call: parses in several
 * threads at once share nothing but libxml2's process-wide initialisation,
 * done once under pthread_once.  No global libxml2 handler is touched; errors
 * arrive through the context's structured-error callback.
 */
#include "parsers/parse.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/dict.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "core/num.h"
#include "core/timeutil.h"

#define TCX_READ_BUF (64 * 1024)
/*
 * Longest text kept for one element.  Numbers and times need < 64 bytes,
 * meta strings at most RR_META_TEXT; longer text is truncated (strings) or
 * rejected (numbers, times).  Leading white space is never stored.
 */
#define TCX_TEXT_CAP 512
/*
 * Element names remembered for context.  Everything TCX defines lies within
 * 12 levels; elements deeper than this are still counted against
 * lim->max_depth but are never read.
 */
#define TCX_STACK 48
/* Slots of the table of interned tag names: a power of two, over twice the names. */
#define TCX_NAME_SLOTS 128

enum tcx_tag {
	TAG_OTHER = 0,
	TAG_ACTIVITY,
	TAG_ALTITUDE,
	TAG_AVG_HR,
	TAG_CADENCE,
	TAG_CALORIES,
	TAG_COURSE,
	TAG_COURSES,
	TAG_CREATOR,
	TAG_DISTANCE,
	TAG_EXTENSIONS,
	TAG_HISTORY,
	TAG_HR,
	TAG_ID,
	TAG_INTENSITY,
	TAG_LAP,
	TAG_LAT,
	TAG_LON,
	TAG_MAX_HR,
	TAG_NAME,
	TAG_NOTES,
	TAG_POSITION,
	TAG_RUN,
	TAG_RUN_CADENCE,
	TAG_SPEED,
	TAG_TIME,
	TAG_TOTAL_TIME,
	TAG_TPX,
	TAG_TRACK,
	TAG_TRACKPOINT,
	TAG_ROOT,
	TAG_TRIGGER,
	TAG_VALUE,
	TAG_WATTS
};

/* Sorted by name (strcmp order) for bsearch. */
static const struct tcx_tag_name {
	const char *name;
	enum tcx_tag tag;
} tcx_tag_names[] = {
	{ "Activity", TAG_ACTIVITY },
	{ "AltitudeMeters", TAG_ALTITUDE },
	{ "AverageHeartRateBpm", TAG_AVG_HR },
	{ "Cadence", TAG_CADENCE },
	{ "Calories", TAG_CALORIES },
	{ "Course", TAG_COURSE },
	{ "Courses", TAG_COURSES },
	{ "Creator", TAG_CREATOR },
	{ "DistanceMeters", TAG_DISTANCE },
	{ "Extensions", TAG_EXTENSIONS },
	{ "HeartRateBpm", TAG_HR },
	{ "History", TAG_HISTORY },
	{ "Id", TAG_ID },
	{ "Intensity", TAG_INTENSITY },
	{ "Lap", TAG_LAP },
	{ "LatitudeDegrees", TAG_LAT },
	{ "LongitudeDegrees", TAG_LON },
	{ "MaximumHeartRateBpm", TAG_MAX_HR },
	{ "Name", TAG_NAME },
	{ "Notes", TAG_NOTES },
	{ "Position", TAG_POSITION },
	{ "Run", TAG_RUN },
	{ "RunCadence", TAG_RUN_CADENCE },
	{ "Speed", TAG_SPEED },
	{ "TPX", TAG_TPX },
	{ "Time", TAG_TIME },
	{ "TotalTimeSeconds", TAG_TOTAL_TIME },
	{ "Track", TAG_TRACK },
	{ "Trackpoint", TAG_TRACKPOINT },
	{ "TrainingCenterDatabase", TAG_ROOT },
	{ "TriggerMethod", TAG_TRIGGER },
	{ "Value", TAG_VALUE },
	{ "Watts", TAG_WATTS },
};

/* What to do with an element's text when it ends. */
enum tcx_field {
	F_NONE = 0,
	F_ACT_ID,
	F_ACT_NOTES,
	F_COURSE_NAME,
	F_CREATOR_NAME,
	F_LAP_TIME,
	F_LAP_DIST,
	F_LAP_CAL,
	F_LAP_HR_AVG,
	F_LAP_HR_MAX,
	F_PT_TIME,
	F_PT_LAT,
	F_PT_LON,
	F_PT_ALT,
	F_PT_DIST,
	F_PT_HR,
	F_PT_CAD,
	F_PT_SPEED,
	F_PT_RUN_CAD,
	F_PT_WATTS
};

struct tcx_elem {
	unsigned char tag;	/* enum tcx_tag */
	unsigned char field;	/* enum tcx_field */
};

/*
 * A known tag name as libxml2's dictionary holds it.  libxml2 interns every
 * element name in ctxt->dict and hands startElementNs the dictionary's
 * pointer, so a name found here by its pointer is that tag without a
 * string compare; any other pointer still goes through tag_lookup().
 */
struct tcx_interned {
	const xmlChar *name;	/* NULL: empty slot */
	unsigned char tag;	/* enum tcx_tag */
};

/*
 * Per-call state.  Invariants: depth counts open elements (stk[0] is the
 * root); stk[i] is valid for i < min(depth, TCX_STACK).  act_idx, lap_idx
 * and pt_idx are stack indices of the open Activity/Course, Lap and
 * Trackpoint, meaningful only while in_act, in_lap, in_pt.  Once err.code
 * is set, every callback returns at once.
 */
struct tcx_parser {
	xmlParserCtxtPtr ctxt;
	const struct rr_sink *sink;
	unsigned long max_depth;	/* never 0 */
	unsigned long long max_points;	/* 0: no cap */
	unsigned max_activities;	/* 0: no cap */
	struct rr_error err;

	unsigned long depth;
	struct tcx_elem stk[TCX_STACK];
	struct tcx_interned names[TCX_NAME_SLOTS];	/* open addressing by pointer */

	char text[TCX_TEXT_CAP];
	size_t text_len;
	bool text_over;			/* text did not fit: truncated */
	/*
	 * The innermost open element is kept (depth <= TCX_STACK) with a
	 * field: its text is collected (while err.code is RR_OK).  Kept by
	 * on_start/on_end.
	 */
	bool text_on;

	char v1_sport[32];		/* TCX v1: History folder holding the Run */

	bool foreign_root;		/* root is not TrainingCenterDatabase */
	char root_name[48];
	unsigned long root_line, root_col;

	bool in_act, in_lap, in_pt;
	bool begun;			/* sink->begin() called for this activity */
	unsigned long act_idx, lap_idx, pt_idx;
	unsigned tracks;		/* Track elements seen in this activity */
	unsigned segment;		/* segment of the points being read */
	unsigned activities;		/* activities ended so far */
	unsigned long long points;	/* points emitted, whole file */
	struct rr_meta meta;
	struct rr_point pt;
	double pt_run_cad;		/* TPX RunCadence, used when Cadence is absent */

	unsigned char buf[TCX_READ_BUF];
};

static pthread_once_t tcx_once = PTHREAD_ONCE_INIT;

static void tcx_init_libxml(void)
{
	xmlInitParser();
}

static int tag_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tcx_tag_name *)elem)->name);
}

static enum tcx_tag tag_lookup(const xmlChar *localname)
{
	const struct tcx_tag_name *t;

	t = bsearch(localname, tcx_tag_names,
		    sizeof(tcx_tag_names) / sizeof(tcx_tag_names[0]),
		    sizeof(tcx_tag_names[0]), tag_cmp);
	return t ? t->tag : TAG_OTHER;
}

static size_t name_slot(const xmlChar *name)
{
	/* Fibonacci hashing of the pointer: its top 7 bits of 64. */
	return (size_t)(((uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15ULL) >> 57);
}

/* Intern every known name in the parser's dictionary (before any element is read). */
static void tcx_intern_names(struct tcx_parser *p)
{
	size_t i, n = sizeof(tcx_tag_names) / sizeof(tcx_tag_names[0]);

	for (i = 0; i < n; i++) {
		const xmlChar *name = xmlDictLookup(p->ctxt->dict,
						    (const xmlChar *)tcx_tag_names[i].name, -1);
		size_t s;

		if (!name)
			continue;	/* out of memory: tag_lookup() still finds it */
		for (s = name_slot(name); p->names[s].name; s = (s + 1) % TCX_NAME_SLOTS)
			;
		p->names[s].name = name;
		p->names[s].tag = (unsigned char)tcx_tag_names[i].tag;
	}
}

/* The tag of an element name: by dictionary pointer, else by bsearch. */
static enum tcx_tag tag_of(const struct tcx_parser *p, const xmlChar *localname)
{
	size_t s;

	for (s = name_slot(localname); p->names[s].name; s = (s + 1) % TCX_NAME_SLOTS)
		if (p->names[s].name == localname)
			return (enum tcx_tag)p->names[s].tag;
	return tag_lookup(localname);
}

/* Tag of the element at stack index i, TAG_OTHER when it was not kept. */
static enum tcx_tag tag_at(const struct tcx_parser *p, unsigned long i)
{
	return i < TCX_STACK ? (enum tcx_tag)p->stk[i].tag : TAG_OTHER;
}

static unsigned long cur_line(const struct tcx_parser *p)
{
	int n = xmlSAX2GetLineNumber(p->ctxt);

	return n > 0 ? (unsigned long)n : 0;
}

static unsigned long cur_col(const struct tcx_parser *p)
{
	int n = xmlSAX2GetColumnNumber(p->ctxt);

	return n > 0 ? (unsigned long)n : 0;
}

/*
 * Record an error found by one of our callbacks (limit, refusal, sink) at
 * the parser's position and halt libxml2.  Only SAX callbacks call this:
 * stopping from inside libxml2's error reporting is not safe.
 */
static void tcx_fail(struct tcx_parser *p, enum rr_status code, enum rr_msg id, ...)
{
	va_list ap;

	va_start(ap, id);
	rr_error_vmsg(&p->err, code, cur_line(p), cur_col(p), id, ap);
	va_end(ap);
	xmlStopParser(p->ctxt);
}

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Copy s[0..n) into dst (size > 0), truncating at a UTF-8 character
 * boundary so that a cut never leaves half a character.
 */
static void copy_text(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/*
 * Read a time.  The first time with a numeric offset ("+02:00", "-0300",
 * also "+00:00") sets the activity's zone; "Z" says only that the writer
 * used UTC, not where the athlete was, so it leaves the zone unknown.
 */
static int read_time(struct tcx_parser *p, const char *s, size_t n, bool over,
		     double *t_s)
{
	unsigned flags = 0;
	int off = 0;

	if (over || rr_parse_iso8601(s, n, t_s, &off, &flags) != 0) {
		p->meta.notes |= RR_NOTE_BAD_TIME;
		*t_s = NAN;
		return -1;
	}
	if (!(flags & RR_TIME_HAS_ZONE)) {
		p->meta.notes |= RR_NOTE_NO_ZONE;
	} else if (!p->meta.tz_known) {
		while (n > 0 && is_xml_space(s[n - 1]))
			n--;
		if (n > 0 && s[n - 1] != 'Z' && s[n - 1] != 'z') {
			p->meta.tz_offset_s = off;
			p->meta.tz_known = true;
		}
	}
	return 0;
}

/* Read a number; a bad one is noted and reads as NAN. */
static double read_num(struct tcx_parser *p, const char *s, size_t n, bool over)
{
	double v;

	if (over || rr_parse_double(s, n, &v) != 0) {
		p->meta.notes |= RR_NOTE_BAD_NUMBER;
		return NAN;
	}
	return v;
}

static void add_sum(double *sum, double v)
{
	if (isnan(v))
		return;
	*sum = isnan(*sum) ? v : *sum + v;
}

static int sink_begin(struct tcx_parser *p)
{
	const struct rr_sink *s = p->sink;

	p->begun = true;
	if (s->begin && s->begin(s->ctx, &p->meta) != 0) {
		tcx_fail(p, RR_EABORT, RR_MSG_STOPPED);
		return -1;
	}
	return 0;
}

static void activity_open(struct tcx_parser *p, unsigned long idx, bool route,
			  const char *sport, size_t sport_len)
{
	if (p->max_activities && p->activities >= p->max_activities) {
		tcx_fail(p, RR_ELIMIT, RR_MSG_TOO_MANY_ACTIVITIES, p->max_activities);
		return;
	}
	rr_meta_init(&p->meta, RR_FORMAT_TCX);
	p->meta.index = p->activities;
	if (route) {
		p->meta.route = true;
		p->meta.notes |= RR_NOTE_ROUTE;
	}
	if (sport)
		copy_text(p->meta.sport, sizeof(p->meta.sport), sport, sport_len);
	p->in_act = true;
	p->act_idx = idx;
	p->in_lap = p->in_pt = false;
	p->begun = false;
	p->tracks = 0;
	p->segment = 0;
}

static void activity_close(struct tcx_parser *p)
{
	const struct rr_sink *s = p->sink;

	p->in_act = false;
	if (!p->begun && sink_begin(p) != 0)
		return;
	p->activities++;
	if (s->end && s->end(s->ctx, &p->meta) != 0)
		tcx_fail(p, RR_EABORT, RR_MSG_STOPPED);
}

static void point_close(struct tcx_parser *p)
{
	const struct rr_sink *s = p->sink;

	p->in_pt = false;
	if (isnan(p->pt.cad_rpm))
		p->pt.cad_rpm = p->pt_run_cad;
	if (p->max_points && p->points >= p->max_points) {
		tcx_fail(p, RR_ELIMIT, RR_MSG_TOO_MANY_POINTS, p->max_points);
		return;
	}
	if (!p->begun && sink_begin(p) != 0)
		return;
	p->points++;
	if (s->point && s->point(s->ctx, &p->pt) != 0)
		tcx_fail(p, RR_EABORT, RR_MSG_STOPPED);
}

/* Find attribute local name in a SAX2 attribute array (5 pointers each). */
static bool find_attr(int nb, const xmlChar **attrs, const char *name,
		      const char **val, size_t *len)
{
	int i;

	for (i = 0; i < nb; i++) {
		const xmlChar **a = attrs + 5 * i;

		if (strcmp((const char *)a[0], name) == 0) {
			*val = (const char *)a[3];
			*len = (size_t)(a[4] - a[3]);
			return true;
		}
	}
	return false;
}

static void lap_open(struct tcx_parser *p, unsigned long idx, int nb,
		     const xmlChar **attrs)
{
	const char *v;
	size_t n;
	double t;

	p->in_lap = true;
	p->lap_idx = idx;
	p->meta.laps++;
	if (find_attr(nb, attrs, "StartTime", &v, &n) &&
	    read_time(p, v, n, false, &t) == 0 && isnan(p->meta.start_t_s))
		p->meta.start_t_s = t;	/* no usable Id (TCX v1 Run) */
}

static void point_open(struct tcx_parser *p, unsigned long idx)
{
	rr_point_init(&p->pt);
	p->pt.segment = p->segment;
	p->pt_run_cad = NAN;
	p->in_pt = true;
	p->pt_idx = idx;
}

/* Field for an element inside the open Trackpoint, or F_NONE. */
static enum tcx_field point_field(const struct tcx_parser *p, unsigned long idx,
				  enum tcx_tag tag)
{
	unsigned long rel = idx - p->pt_idx;
	enum tcx_tag parent = tag_at(p, idx - 1);

	if (rel == 1) {
		switch (tag) {
		case TAG_TIME:		return F_PT_TIME;
		case TAG_ALTITUDE:	return F_PT_ALT;
		case TAG_DISTANCE:	return F_PT_DIST;
		case TAG_HR:		return F_PT_HR;	/* v1: the number itself */
		case TAG_CADENCE:	return F_PT_CAD;
		default:		return F_NONE;
		}
	}
	if (rel == 2 && parent == TAG_POSITION) {
		if (tag == TAG_LAT)
			return F_PT_LAT;
		if (tag == TAG_LON)
			return F_PT_LON;
	}
	if (rel == 2 && parent == TAG_HR && tag == TAG_VALUE)
		return F_PT_HR;
	if (rel == 3 && parent == TAG_TPX && tag_at(p, idx - 2) == TAG_EXTENSIONS) {
		switch (tag) {
		case TAG_SPEED:		return F_PT_SPEED;
		case TAG_RUN_CADENCE:	return F_PT_RUN_CAD;
		case TAG_WATTS:		return F_PT_WATTS;
		default:		break;
		}
	}
	return F_NONE;
}

/* Field for an element inside the open Lap (not in a Trackpoint), or F_NONE. */
static enum tcx_field lap_field(const struct tcx_parser *p, unsigned long idx,
				enum tcx_tag tag)
{
	unsigned long rel = idx - p->lap_idx;
	enum tcx_tag parent = tag_at(p, idx - 1);

	if (rel == 1) {
		switch (tag) {
		case TAG_TOTAL_TIME:	return F_LAP_TIME;
		case TAG_DISTANCE:	return F_LAP_DIST;
		case TAG_CALORIES:	return F_LAP_CAL;
		case TAG_AVG_HR:	return F_LAP_HR_AVG;	/* v1: the number */
		case TAG_MAX_HR:	return F_LAP_HR_MAX;
		default:		return F_NONE;
		}
	}
	if (rel == 2 && tag == TAG_VALUE) {
		if (parent == TAG_AVG_HR)
			return F_LAP_HR_AVG;
		if (parent == TAG_MAX_HR)
			return F_LAP_HR_MAX;
	}
	return F_NONE;
}

/* An element opened inside an Activity/Course: structure or a field. */
static enum tcx_field start_inside(struct tcx_parser *p, unsigned long idx,
				   enum tcx_tag tag, int nb, const xmlChar **attrs)
{
	unsigned long rel = idx - p->act_idx;
	enum tcx_tag parent = tag_at(p, idx - 1);

	if (p->in_pt)
		return point_field(p, idx, tag);
	switch (tag) {
	case TAG_ID:
		return rel == 1 && !p->meta.route ? F_ACT_ID : F_NONE;
	case TAG_NOTES:
		return rel == 1 && !p->meta.route ? F_ACT_NOTES : F_NONE;
	case TAG_NAME:
		if (rel == 1 && p->meta.route)
			return F_COURSE_NAME;
		if (rel == 2 && parent == TAG_CREATOR)
			return F_CREATOR_NAME;
		return F_NONE;
	case TAG_LAP:
		if (rel == 1 && !p->in_lap)
			lap_open(p, idx, nb, attrs);
		return F_NONE;
	case TAG_TRACK:
		/* Lap/Track (activities), Course/Track (courses). */
		if (parent == TAG_LAP || rel == 1)
			p->segment = p->tracks++;
		return F_NONE;
	case TAG_TRACKPOINT:
		if (parent == TAG_TRACK)
			point_open(p, idx);
		return F_NONE;
	default:
		break;
	}
	return p->in_lap ? lap_field(p, idx, tag) : F_NONE;
}

/* An element opened outside any activity: look for the next one. */
static void start_outside(struct tcx_parser *p, unsigned long idx, enum tcx_tag tag,
			  const xmlChar *localname, int nb, const xmlChar **attrs)
{
	const char *v = NULL;
	size_t n = 0;
	unsigned long i;

	switch (tag) {
	case TAG_ACTIVITY:
		find_attr(nb, attrs, "Sport", &v, &n);
		activity_open(p, idx, false, v, n);
		return;
	case TAG_COURSE:
		for (i = 1; i < idx; i++)
			if (tag_at(p, i) == TAG_COURSES) {
				activity_open(p, idx, true, NULL, 0);
				return;
			}
		return;
	case TAG_RUN:
		/* TCX v1: History/<sport folder>[/Folder...]/Run */
		for (i = 1; i < idx; i++)
			if (tag_at(p, i) == TAG_HISTORY) {
				activity_open(p, idx, false, p->v1_sport,
					      strlen(p->v1_sport));
				return;
			}
		return;
	default:
		break;
	}
	if (tag_at(p, idx - 1) == TAG_HISTORY)
		copy_text(p->v1_sport, sizeof(p->v1_sport), (const char *)localname,
			  strlen((const char *)localname));
}

static void on_start(void *vp, const xmlChar *localname, const xmlChar *prefix,
		     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		     int nb_attributes, int nb_defaulted, const xmlChar **attrs)
{
	struct tcx_parser *p = vp;
	enum tcx_tag tag;
	enum tcx_field field = F_NONE;
	unsigned long idx;

	if (p->err.code != RR_OK)
		return;
	p->text_on = false;	/* until this element proves to be a field */
	idx = p->depth++;
	if (p->depth > p->max_depth) {
		tcx_fail(p, RR_ELIMIT, RR_MSG_TOO_DEEP, p->max_depth);
		return;
	}
	if (idx >= TCX_STACK || p->foreign_root)
		return;
	tag = tag_of(p, localname);
	if (idx == 0 && tag != TAG_ROOT) {
		/*
		 * Not TCX.  Read on without looking, so that a document that
		 * is not even well-formed still gets RR_EPARSE at its error.
		 */
		p->foreign_root = true;
		p->root_line = cur_line(p);
		p->root_col = cur_col(p);
		copy_text(p->root_name, sizeof(p->root_name), (const char *)localname,
			  strlen((const char *)localname));
		return;
	}
	if (idx > 0) {
		if (p->in_act)
			field = start_inside(p, idx, tag, nb_attributes, attrs);
		else
			start_outside(p, idx, tag, localname, nb_attributes, attrs);
	}
	p->stk[idx].tag = (unsigned char)tag;
	p->stk[idx].field = (unsigned char)field;
	if (field != F_NONE) {
		p->text_len = 0;
		p->text_over = false;
	}
	p->text_on = field != F_NONE;
}

/*
 * Text arrives in pieces of any size (down to one byte): append to the
 * buffer of the innermost element if it is one we read.
 */
static void on_text(void *vp, const xmlChar *ch, int len)
{
	struct tcx_parser *p = vp;
	const char *s = (const char *)ch;
	size_t n, room;

	if (!p->text_on || p->err.code != RR_OK || len <= 0)
		return;
	n = (size_t)len;
	if (p->text_len == 0) {
		while (n > 0 && is_xml_space(*s)) {
			s++;
			n--;
		}
	}
	room = sizeof(p->text) - p->text_len;
	if (n > room) {
		n = room;
		p->text_over = true;
	}
	memcpy(p->text + p->text_len, s, n);
	p->text_len += n;
}

/* Where a point field that is one number goes (f is one of them). */
static double *point_number(struct tcx_parser *p, enum tcx_field f)
{
	switch (f) {
	case F_PT_LAT:		return &p->pt.lat_deg;
	case F_PT_LON:		return &p->pt.lon_deg;
	case F_PT_ALT:		return &p->pt.ele_m;
	case F_PT_DIST:		return &p->pt.dist_m;
	case F_PT_HR:		return &p->pt.hr_bpm;
	case F_PT_CAD:		return &p->pt.cad_rpm;
	case F_PT_SPEED:	return &p->pt.speed_mps;
	case F_PT_WATTS:	return &p->pt.power_w;
	default:		return &p->pt_run_cad;	/* F_PT_RUN_CAD */
	}
}

static void field_done(struct tcx_parser *p, enum tcx_field f)
{
	const char *s = p->text;
	size_t n = p->text_len;
	bool over = p->text_over;
	struct rr_meta *m = &p->meta;
	double v;

	p->text_len = 0;
	p->text_over = false;
	while (n > 0 && is_xml_space(s[n - 1]))
		n--;
	if (n == 0)
		return;		/* empty element: absent, not wrong */
	switch (f) {
	case F_NONE:
		break;
	case F_ACT_ID:
		copy_text(m->id, sizeof(m->id), s, n);
		if (read_time(p, s, n, over, &v) == 0)
			m->start_t_s = v;
		break;
	case F_ACT_NOTES:
	case F_COURSE_NAME:
		copy_text(m->name, sizeof(m->name), s, n);
		break;
	case F_CREATOR_NAME:
		copy_text(m->creator, sizeof(m->creator), s, n);
		break;
	case F_LAP_TIME:
		add_sum(&m->lap_time_s, read_num(p, s, n, over));
		break;
	case F_LAP_DIST:
		add_sum(&m->lap_distance_m, read_num(p, s, n, over));
		break;
	case F_LAP_CAL:
		add_sum(&m->lap_calories, read_num(p, s, n, over));
		break;
	case F_LAP_HR_AVG:
		read_num(p, s, n, over);	/* checked; rr_meta has no field */
		break;
	case F_LAP_HR_MAX:
		v = read_num(p, s, n, over);
		if (!isnan(v) && (isnan(m->lap_hr_max) || v > m->lap_hr_max))
			m->lap_hr_max = v;
		break;
	case F_PT_TIME:
		read_time(p, s, n, over, &p->pt.t_s);
		break;
	case F_PT_LAT:
	case F_PT_LON:
	case F_PT_ALT:
	case F_PT_DIST:
	case F_PT_HR:
	case F_PT_CAD:
	case F_PT_SPEED:
	case F_PT_RUN_CAD:
	case F_PT_WATTS:
		*point_number(p, f) = read_num(p, s, n, over);
		break;
	}
}

static void on_end(void *vp, const xmlChar *localname, const xmlChar *prefix,
		   const xmlChar *uri)
{
	struct tcx_parser *p = vp;
	unsigned long idx;

	if (p->err.code != RR_OK || p->depth == 0)
		return;
	idx = --p->depth;
	if (idx < TCX_STACK) {
		if (p->stk[idx].field != F_NONE)
			field_done(p, (enum tcx_field)p->stk[idx].field);
		if (p->in_pt && idx == p->pt_idx)
			point_close(p);
		else if (p->in_lap && idx == p->lap_idx)
			p->in_lap = false;
		else if (p->in_act && idx == p->act_idx)
			activity_close(p);
	}
	/* Back in the parent: its text is read again if it is a field. */
	p->text_on = idx > 0 && idx <= TCX_STACK && p->stk[idx - 1].field != F_NONE;
}

/*
 * Hostile-input refusals.  A TCX file never needs a DOCTYPE, so any DOCTYPE
 * is refused before its internal subset is read: no entity is ever
 * declared, expanded or fetched.  The other handlers are belts to those
 * braces: they refuse whatever might still reach them.
 */
static void on_doctype(void *vp, const xmlChar *name, const xmlChar *public_id,
		       const xmlChar *system_id)
{
	struct tcx_parser *p = vp;

	if (p->err.code == RR_OK)
		tcx_fail(p, RR_EPARSE, RR_MSG_DOCTYPE, "TCX");
}

static void on_entity_decl(void *vp, const xmlChar *name, int type,
			   const xmlChar *public_id, const xmlChar *system_id,
			   xmlChar *content)
{
	struct tcx_parser *p = vp;

	if (p->err.code == RR_OK)
		tcx_fail(p, RR_EPARSE, RR_MSG_ENTITY_DECL);
}

/*
 * libxml2 resolves the five predefined entities itself; anything reaching
 * here is an undeclared (or would-be external) entity.  Record it and let
 * libxml2 raise its own fatal "not defined" error and stop.
 */
static xmlEntityPtr on_get_entity(void *vp, const xmlChar *name)
{
	struct tcx_parser *p = vp;

	rr_error_msg(&p->err, RR_EPARSE, cur_line(p), cur_col(p), RR_MSG_ENTITY_REF,
		     (const char *)name);
	return NULL;
}

static xmlParserInputPtr on_resolve_entity(void *vp, const xmlChar *public_id,
					   const xmlChar *system_id)
{
	struct tcx_parser *p = vp;

	rr_error_msg(&p->err, RR_EPARSE, cur_line(p), cur_col(p), RR_MSG_EXTERNAL_ENTITY);
	return NULL;
}

/*
 * libxml2's structured error for this context (never the global handler).
 * Namespace errors (an unbound prefix) are errors, not warnings, in
 * libxml2, and it would go on parsing: we count every error as fatal.
 */
static void on_xml_error(void *vp, xmlErrorPtr e)
{
	struct tcx_parser *p = vp;
	char msg[sizeof(p->err.msg)];
	size_t n;

	if (!e || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "XML error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	rr_error_set(&p->err, RR_EPARSE, e->line > 0 ? (unsigned long)e->line : 0,
		     e->int2 > 0 ? (unsigned long)e->int2 : 0, "%s", msg);
}

static void sax_setup(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof(*sax));
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_text;
	/*
	 * Without a tree (ctxt->node is NULL) libxml2 2.9 never finds blanks
	 * ignorable and hands them to characters; naming the same callback
	 * here only lets it skip that check.
	 */
	sax->ignorableWhitespace = on_text;
	sax->cdataBlock = on_text;
	sax->internalSubset = on_doctype;
	sax->externalSubset = on_doctype;
	sax->entityDecl = on_entity_decl;
	sax->getEntity = on_get_entity;
	sax->getParameterEntity = on_get_entity;
	sax->resolveEntity = on_resolve_entity;
	sax->serror = on_xml_error;
}

/* Feed the rest of the input to libxml2 in TCX_READ_BUF pieces. */
static void tcx_feed(struct tcx_parser *p, struct rr_input *in)
{
	for (;;) {
		const void *data;
		size_t got;
		int rc;

		/* libxml2 copies what it is given: memory input need not be copied first */
		if (rr_input_fetch(in, p->buf, sizeof(p->buf), &data, &got, &p->err) != RR_OK)
			return;
		rc = xmlParseChunk(p->ctxt, data, (int)got, got == 0);
		if (p->err.code != RR_OK)
			return;
		if (rc != 0) {
			/* An error our handler did not see (should not happen). */
			xmlErrorPtr e = xmlCtxtGetLastError(p->ctxt);

			rr_error_msg(&p->err, RR_EPARSE, e ? (unsigned long)e->line : 0,
				     e && e->int2 > 0 ? (unsigned long)e->int2 : 0,
				     RR_MSG_XML_CODE, rc);
			return;
		}
		if (got == 0)
			return;
	}
}

static void tcx_run(struct tcx_parser *p, struct rr_input *in)
{
	xmlSAXHandler sax;
	size_t head = 0;

	/* libxml2 guesses the encoding from the first 4 bytes: give it them. */
	while (head < 4) {
		size_t got;

		if (rr_input_read(in, p->buf + head, 4 - head, &got, &p->err) != RR_OK)
			return;
		if (got == 0)
			break;
		head += got;
	}
	if (head == 0) {
		rr_error_msg(&p->err, RR_EPARSE, 1, 1, RR_MSG_EMPTY_DOCUMENT);
		return;
	}
	sax_setup(&sax);
	p->ctxt = xmlCreatePushParserCtxt(&sax, p, (const char *)p->buf, (int)head, NULL);
	if (!p->ctxt) {
		rr_error_msg(&p->err, RR_ENOMEM, 0, 0, RR_MSG_NOMEM, "libxml2 parser");
		return;
	}
	/*
	 * No XML_PARSE_NOENT (no entity substitution), no DTDLOAD/DTDATTR/
	 * DTDVALID, no HUGE (libxml2 keeps its own caps: 10 MB for one
	 * name, attribute value or lookahead).
	 */
	if (xmlCtxtUseOptions(p->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA) != 0) {
		rr_error_msg(&p->err, RR_EPARSE, 0, 0, RR_MSG_PARSER_SETUP,
			     "libxml2 refused the parser options");
		return;
	}
	tcx_intern_names(p);
	tcx_feed(p, in);
	if (p->err.code == RR_OK && p->foreign_root) {
		rr_error_msg(&p->err, RR_EFORMAT, p->root_line, p->root_col, RR_MSG_WRONG_ROOT,
			     p->root_name, "TrainingCenterDatabase");
		return;
	}
	if (p->err.code == RR_OK && p->activities == 0) {
		/* A TCX file with no Activity or Course: one empty activity. */
		rr_meta_init(&p->meta, RR_FORMAT_TCX);
		if (sink_begin(p) == 0 && p->sink->end &&
		    p->sink->end(p->sink->ctx, &p->meta) != 0)
			rr_error_msg(&p->err, RR_EABORT, 0, 0, RR_MSG_STOPPED);
	}
}

enum rr_status tcx_parse(struct rr_input *in, const struct rr_limits *lim,
			 const struct rr_sink *sink, struct rr_error *err)
{
	struct rr_limits defaults;
	struct tcx_parser *p;
	enum rr_status st;

	if (pthread_once(&tcx_once, tcx_init_libxml) != 0)
		return rr_error_msg(err, RR_ENOMEM, 0, 0, RR_MSG_NOMEM, "libxml2 initialisation");
	if (!lim) {
		rr_limits_default(&defaults);
		lim = &defaults;
	}
	p = malloc(sizeof(*p));
	if (!p)
		return rr_error_msg(err, RR_ENOMEM, 0, 0, RR_MSG_NOMEM, "TCX parser");
	/* buf (most of the struct) is only ever read after input is written to it */
	memset(p, 0, offsetof(struct tcx_parser, buf));
	p->sink = sink;
	/*
	 * libxml2's push parser has no depth cap of its own (2.9.14 grows its
	 * name stacks without bound), so ours always applies: 0 means the
	 * default, not "none".
	 */
	p->max_depth = lim->max_depth;
	if (p->max_depth == 0) {
		rr_limits_default(&defaults);
		p->max_depth = defaults.max_depth;
	}
	p->max_points = lim->max_points;
	p->max_activities = lim->max_activities;
	tcx_run(p, in);
	if (p->ctxt) {
		if (p->ctxt->myDoc)
			xmlFreeDoc(p->ctxt->myDoc);
		xmlFreeParserCtxt(p->ctxt);
	}
	st = p->err.code;
	if (st != RR_OK && err && err->code == RR_OK)
		*err = p->err;
	free(p);
	return st;
}
