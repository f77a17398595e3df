/*
 * gpx.c - streaming GPX 1.0/1.1 reader on expat (push parser).
 *
 * Workload: files from a few hundred bytes to hundreds of megabytes, read
 * in 64 KiB blocks from the input layer (or one byte at a time in tests).
 * Memory is constant: one expat parser, a small element-kind stack and one
 * capped text buffer; no point is kept after it has been handed to the sink.
 * One exception: a file-level heart-rate track (SportTracks' and SpoQ's
 * <extensions><st:activity><st:heartRateTrack>, written before the track)
 * is kept (at most HRTRACK_MAX_SAMPLES) to be merged into the points that
 * follow.
 *
 * Elements are recognised by their local name whatever their namespace or
 * prefix (GPX 1.0, 1.1 and no namespace at all), and by their place in the
 * tree: <time> counts under a <trkpt> but not inside its <extensions>
 * (GraphHopper writes a gh:time there).  The activity contract and the
 * hostile-input policy are written down in doc/gpx.md.
 */
#include "parsers/parse.h"

#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/num.h"
#include "core/timeutil.h"

/*
 * expat.h declares the billion-laughs setter only under XML_DTD, a macro of
 * expat's own build that installed headers do not define.  Debian's
 * libexpat is built with it (expat >= 2.4 exports the symbol); declare it
 * ourselves, exactly as expat.h does, so that the call links against it.
 */
#if !defined(XML_DTD) && \
	(XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4))
XMLPARSEAPI(XML_Bool)
XML_SetBillionLaughsAttackProtectionMaximumAmplification(XML_Parser parser,
							 float maximumAmplificationFactor);
#define GPX_HAVE_AMPLIFICATION 1
#elif defined(XML_DTD) && \
	(XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4))
#define GPX_HAVE_AMPLIFICATION 1
#endif

#define NS_SEP '\n'		/* cannot occur in a namespace URI or a local name */
#define READ_BLOCK (64 * 1024)
#define KIND_STACK 32		/* deeper elements are never GPX data: all skipped */
#define TEXT_CAP 256		/* longest text kept; names are cut to RR_META_TEXT */
#define MAX_AMPLIFICATION 4.0f
/* A heart-rate track sample older than this before a point is not its heart rate. */
#define HRTRACK_MAX_AGE_S 10.0
/* Samples kept at most (3.2 MB): 55 h at 1 Hz; later ones are ignored. */
#define HRTRACK_MAX_SAMPLES 200000
/*
 * expat keeps a tag (with its attributes), a comment or a processing
 * instruction whole until it ends; text it hands over in pieces.  Legitimate
 * GPX tokens are under a few KiB, so a token this long is hostile.
 */
#define MAX_TOKEN_BYTES (4 * 1024 * 1024)

/* What an open element is, decided from its parent's kind and its local name. */
enum gpx_kind {
	K_SKIP = 0,	/* ignored subtree: wpt, unknown elements, late routes */
	K_GPX,		/* the root */
	K_META,		/* <metadata> (GPX 1.1) */
	K_TRK,
	K_RTE,
	K_SEG,		/* <trkseg> */
	K_PT,		/* <trkpt> or <rtept> */
	K_NAME,		/* <name> of gpx (1.0), metadata, trk or rte */
	K_TYPE,		/* <type> of trk or rte */
	K_TIME,		/* <time> of gpx (1.0), metadata or a point */
	K_ELE,
	K_SPEED,	/* GPX 1.0 <speed> on a point */
	K_EXT,		/* a point's <extensions> and containers inside it */
	K_FIELD,	/* a sensor value inside a point's extensions */
	K_FEXT,		/* the file's own <extensions> */
	K_STACT,	/* SportTracks/SpoQ <st:activity> in them */
	K_HRTRACK,	/* its <st:heartRateTrack> */
	K_HRSAMPLE	/* one <st:heartRate time=".." bpm=".."/> */
};

/* A file-level heart-rate sample (struct gpx_reader.hr). */
struct gpx_hr {
	double t_s, bpm;
};

enum gpx_field { F_HR, F_CAD, F_TEMP, F_POWER, F_SPEED };

enum gpx_act { ACT_NONE, ACT_TRACK, ACT_ROUTE };

/*
 * All per-file parse state (expat's user data).  Invariants: status holds
 * the first failure and, once set, every handler returns at once; act is
 * meaningful only while act_state != ACT_NONE; kind[i] is the kind of the
 * open element at depth i (0 = root) for i < KIND_STACK.
 */
struct gpx_reader {
	XML_Parser xp;
	const struct rr_sink *sink;
	struct rr_limits lim;
	struct rr_error *err;
	enum rr_status status;

	unsigned long depth;		/* open elements */
	unsigned char kind[KIND_STACK];
	enum gpx_field field;		/* of the open K_FIELD (they never nest) */

	char text[TEXT_CAP];		/* text of the open leaf, leading blanks dropped */
	size_t text_len;
	int text_over;			/* non-blank text was cut off */
	/*
	 * depth > 0 and gpx_wants_text(kind of the innermost element): its
	 * text is collected (while status is RR_OK).
	 */
	int text_on;

	struct rr_meta file;		/* creator, metadata name/time, their notes */
	struct rr_meta act;		/* the open activity */
	enum gpx_act act_state;
	int track_begun;		/* the track activity has begun (once per file) */
	int sink_begun;			/* sink->begin() called for the open activity */
	/*
	 * Byte offset of the last event expat reported.  Bytes fed past it
	 * belong to a token expat has not finished (it keeps tags, comments
	 * and PIs whole); read in callbacks because, outside them, newer
	 * expat builds that defer re-parsing a long token do not say where
	 * the token began.
	 */
	XML_Index progress;		/* >= 0 */
	unsigned activities;		/* begun so far */

	unsigned next_segment;		/* next number for a trkseg with points */
	unsigned cur_segment;
	int seg_numbered;		/* the open trkseg has its number */

	struct rr_point pt;		/* the open trkpt/rtept */
	unsigned long long points;	/* emitted so far, all activities */

	/*
	 * The file-level heart-rate track, in file order (times ascending
	 * for a sane file); hr_next is the first sample not yet behind the
	 * points (they come in time order too).
	 */
	struct gpx_hr *hr;
	size_t nhr, hr_cap, hr_next;
};

/* Record the first failure (id's words, core/err.h) at the parser's position and stop expat. */
static void gpx_fail(struct gpx_reader *r, enum rr_status code, enum rr_msg id, ...)
{
	va_list ap;

	if (r->status != RR_OK)
		return;
	r->status = code;
	va_start(ap, id);
	rr_error_vmsg(r->err, code, (unsigned long)XML_GetCurrentLineNumber(r->xp),
		      (unsigned long)XML_GetCurrentColumnNumber(r->xp) + 1, id, ap);
	va_end(ap);
	XML_StopParser(r->xp, XML_FALSE);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The local part of an expat namespaced name "uri\nlocal" (or "local"). */
static const char *local_name(const char *name)
{
	const char *sep = strrchr(name, NS_SEP);

	return sep ? sep + 1 : name;
}

/* local_name() and its length, so that names compare by length first. */
static const char *local_name_len(const char *name, size_t *len)
{
	const char *local = local_name(name);

	*len = strlen(local);
	return local;
}

/* local[0..len) is the literal lit (a string constant). */
#define NAME_IS(local, len, lit) \
	((len) == sizeof(lit) - 1 && memcmp((local), (lit), sizeof(lit) - 1) == 0)

static int ascii_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* ASCII case-insensitive a[0..n) == lower[0..n); lower is in lower case. */
static int ascii_ieq_n(const char *a, const char *lower, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i];

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (x != lower[i])
			return 0;
	}
	return 1;
}

/*
 * Copy UTF-8 text into dst[size], dropping surrounding blanks and cutting
 * at a character boundary when it does not fit.
 */
static void copy_utf8(char *dst, size_t size, const char *src, size_t len)
{
	size_t n;

	while (len > 0 && is_blank(*src)) {
		src++;
		len--;
	}
	while (len > 0 && is_blank(src[len - 1]))
		len--;
	n = len;
	if (n > size - 1) {
		n = size - 1;
		/* src[n] is the first byte left out: never split a sequence. */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The meta that notes and zones of the current element belong to. */
static struct rr_meta *gpx_target(struct gpx_reader *r)
{
	return r->act_state != ACT_NONE ? &r->act : &r->file;
}

/* The collected text as a number; NAN (and a note) when it is not one. */
static double gpx_number(struct gpx_reader *r, const char *s, size_t len, int over)
{
	double v;

	if (len == 0 && !over)
		return NAN;		/* <ele/>: unknown, not zero */
	if (over || rr_parse_double(s, len, &v) != 0) {
		gpx_target(r)->notes |= RR_NOTE_BAD_NUMBER;
		return NAN;
	}
	return v;
}

static double gpx_text_number(struct gpx_reader *r)
{
	return gpx_number(r, r->text, r->text_len, r->text_over);
}

/*
 * The collected text as an instant.  The first time with a numeric offset
 * ("+01:00", not "Z") gives the activity its zone; a time without any
 * zone is read as UTC and noted.
 */
static double gpx_text_time(struct gpx_reader *r)
{
	struct rr_meta *m = gpx_target(r);
	const char *s = r->text;
	size_t len = r->text_len;
	unsigned flags = 0;
	int off = 0;
	double t;

	if (len == 0 && !r->text_over)
		return NAN;
	if (r->text_over || rr_parse_iso8601(s, len, &t, &off, &flags) != 0) {
		m->notes |= RR_NOTE_BAD_TIME;
		return NAN;
	}
	if (!(flags & RR_TIME_HAS_ZONE)) {
		m->notes |= RR_NOTE_NO_ZONE;
	} else if (!m->tz_known) {
		while (len > 0 && is_blank(s[len - 1]))
			len--;
		if (len > 0 && s[len - 1] != 'Z' && s[len - 1] != 'z') {
			m->tz_offset_s = off;
			m->tz_known = true;
		}
	}
	return t;
}

static void gpx_text_add(struct gpx_reader *r, const char *s, size_t len)
{
	size_t room;

	if (r->text_len == 0)
		while (len > 0 && is_blank(*s)) {
			s++;
			len--;
		}
	room = sizeof(r->text) - 1 - r->text_len;
	if (len > room) {
		size_t i;

		for (i = room; i < len; i++)
			if (!is_blank(s[i]))
				r->text_over = 1;
		len = room;
	}
	memcpy(r->text + r->text_len, s, len);
	r->text_len += len;
	r->text[r->text_len] = '\0';
}

static void gpx_text_reset(struct gpx_reader *r)
{
	r->text_len = 0;
	r->text_over = 0;
	r->text[0] = '\0';
}

static void gpx_sink_begin(struct gpx_reader *r)
{
	if (r->sink_begun || r->act_state == ACT_NONE)
		return;
	r->sink_begun = 1;
	if (r->sink->begin && r->sink->begin(r->sink->ctx, &r->act) != 0)
		gpx_fail(r, RR_EABORT, RR_MSG_STOPPED);
}

/* Start an activity from the file-level metadata known so far. */
static void gpx_begin(struct gpx_reader *r, enum gpx_act kind)
{
	if (r->lim.max_activities && r->activities >= r->lim.max_activities) {
		gpx_fail(r, RR_ELIMIT, RR_MSG_TOO_MANY_ACTIVITIES, r->lim.max_activities);
		return;
	}
	/* Name and sport are the activity's own; the file's name is a fallback at end. */
	r->act = r->file;
	r->act.name[0] = '\0';
	r->act.sport[0] = '\0';
	r->act.index = r->activities++;
	r->act.route = kind == ACT_ROUTE;
	if (kind == ACT_ROUTE)
		r->act.notes |= RR_NOTE_ROUTE;
	r->act_state = kind;
	r->sink_begun = 0;
	/*
	 * A track's sink->begin() waits for its first segment or point, so
	 * that the <name> and <type> written before them are known at begin
	 * (a consumer may treat a ride differently from a run).
	 */
	if (kind == ACT_ROUTE)
		gpx_sink_begin(r);
}

/* End the open activity, completing its meta from the file's. */
static void gpx_end(struct gpx_reader *r)
{
	struct rr_meta *m = &r->act;

	if (m->name[0] == '\0')
		memcpy(m->name, r->file.name, sizeof(m->name));
	memcpy(m->creator, r->file.creator, sizeof(m->creator));
	if (isnan(m->start_t_s))
		m->start_t_s = r->file.start_t_s;
	if (!m->tz_known && r->file.tz_known) {
		m->tz_known = true;
		m->tz_offset_s = r->file.tz_offset_s;
	}
	m->notes |= r->file.notes;
	gpx_sink_begin(r);
	if (r->status != RR_OK)
		return;
	r->act_state = ACT_NONE;
	if (r->sink->end && r->sink->end(r->sink->ctx, m) != 0)
		gpx_fail(r, RR_EABORT, RR_MSG_STOPPED);
}

/* A sensor field by its local name, in any letter case; the length picks the candidates. */
static int gpx_field_of(const char *local, size_t len, enum gpx_field *f)
{
	switch (len) {
	case 2:
		return ascii_ieq_n(local, "hr", 2) ? (*f = F_HR, 1) : 0;
	case 3:
		return ascii_ieq_n(local, "cad", 3) ? (*f = F_CAD, 1) : 0;
	case 4:
		return ascii_ieq_n(local, "temp", 4) ? (*f = F_TEMP, 1) : 0;
	case 5:
		if (ascii_ieq_n(local, "atemp", 5))
			*f = F_TEMP;
		else if (ascii_ieq_n(local, "power", 5) || ascii_ieq_n(local, "watts", 5))
			*f = F_POWER;
		else if (ascii_ieq_n(local, "speed", 5))
			*f = F_SPEED;
		else
			return 0;
		return 1;
	case 7:
		return ascii_ieq_n(local, "cadence", 7) ? (*f = F_CAD, 1) : 0;
	case 9:
		return ascii_ieq_n(local, "heartrate", 9) ? (*f = F_HR, 1) : 0;
	case 11:
		return ascii_ieq_n(local, "temperature", 11) ? (*f = F_TEMP, 1) : 0;
	default:
		return 0;
	}
}

/* The kind of a new element under an element of kind parent. */
static enum gpx_kind gpx_child(struct gpx_reader *r, enum gpx_kind parent, const char *local,
				size_t len)
{
	switch (parent) {
	case K_GPX:
		if (NAME_IS(local, len, "metadata"))
			return K_META;
		if (NAME_IS(local, len, "extensions"))
			return K_FEXT;
		if (NAME_IS(local, len, "trk"))
			return K_TRK;
		if (NAME_IS(local, len, "rte"))
			return K_RTE;
		if (NAME_IS(local, len, "name"))
			return K_NAME;
		if (NAME_IS(local, len, "time"))
			return K_TIME;
		return K_SKIP;
	case K_META:
		if (NAME_IS(local, len, "name"))
			return K_NAME;
		if (NAME_IS(local, len, "time"))
			return K_TIME;
		return K_SKIP;
	case K_TRK:
	case K_RTE:
		if (NAME_IS(local, len, "name"))
			return K_NAME;
		if (NAME_IS(local, len, "type"))
			return K_TYPE;
		if (parent == K_TRK && NAME_IS(local, len, "trkseg"))
			return K_SEG;
		if (parent == K_RTE && NAME_IS(local, len, "rtept"))
			return K_PT;
		return K_SKIP;
	case K_SEG:
		return NAME_IS(local, len, "trkpt") ? K_PT : K_SKIP;
	case K_PT:
		if (NAME_IS(local, len, "ele"))
			return K_ELE;
		if (NAME_IS(local, len, "time"))
			return K_TIME;
		if (NAME_IS(local, len, "speed"))
			return K_SPEED;
		/*
		 * GPX 1.1 wraps private data in <extensions>; GPX 1.0 lets it
		 * stand directly in the point.  No standard child of a point
		 * has a descendant named like a sensor field, so every other
		 * child is searched like <extensions>.
		 */
		if (gpx_field_of(local, len, &r->field))
			return K_FIELD;
		return K_EXT;
	case K_EXT:
		return gpx_field_of(local, len, &r->field) ? K_FIELD : K_EXT;
	case K_FEXT:
		return NAME_IS(local, len, "activity") ? K_STACT : K_SKIP;
	case K_STACT:
		return NAME_IS(local, len, "heartRateTrack") ? K_HRTRACK : K_SKIP;
	case K_HRTRACK:
		return NAME_IS(local, len, "heartRate") ? K_HRSAMPLE : K_SKIP;
	case K_SKIP: case K_NAME: case K_TYPE: case K_TIME: case K_ELE:
	case K_SPEED: case K_FIELD: case K_HRSAMPLE:
		break;
	}
	return K_SKIP;
}

static enum gpx_kind gpx_kind_at(const struct gpx_reader *r, unsigned long depth)
{
	return depth < KIND_STACK ? (enum gpx_kind)r->kind[depth] : K_SKIP;
}

static int gpx_wants_text(enum gpx_kind k)
{
	return k == K_NAME || k == K_TYPE || k == K_TIME || k == K_ELE ||
	       k == K_SPEED || k == K_FIELD;
}

static void gpx_root(struct gpx_reader *r, const char *local, const char **attr)
{
	size_t i;

	if (strcmp(local, "gpx") != 0) {
		gpx_fail(r, RR_EFORMAT, RR_MSG_WRONG_ROOT, local, "gpx");
		return;
	}
	for (i = 0; attr[i]; i += 2)
		if (!strcmp(local_name(attr[i]), "creator"))
			copy_utf8(r->file.creator, sizeof(r->file.creator), attr[i + 1],
				  strlen(attr[i + 1]));
}

enum gpx_attr { A_OTHER, A_LAT, A_LON };

/* A point's attribute by its local name. */
static enum gpx_attr gpx_point_attr(const char *name)
{
	/*
	 * Plain "lat" and "lon" (no namespace, the usual case) skip
	 * local_name(): a three-byte name with a separator has a local part
	 * of one byte, which is neither, so the answer is the same.  Each
	 * test stops at the first NUL.
	 */
	const char *l = name[0] && name[1] && name[2] && !name[3] ? name : local_name(name);

	if (l[0] == 'l' && l[1] == 'a' && l[2] == 't' && !l[3])
		return A_LAT;
	if (l[0] == 'l' && l[1] == 'o' && l[2] == 'n' && !l[3])
		return A_LON;
	return A_OTHER;
}

static void gpx_point_start(struct gpx_reader *r, enum gpx_kind parent, const char **attr)
{
	size_t i;

	rr_point_init(&r->pt);
	if (parent == K_SEG) {
		if (!r->seg_numbered) {
			r->cur_segment = r->next_segment++;
			r->seg_numbered = 1;
		}
		r->pt.segment = r->cur_segment;
	}
	for (i = 0; attr[i]; i += 2) {
		const char *v = attr[i + 1];

		switch (gpx_point_attr(attr[i])) {
		case A_LAT:
			r->pt.lat_deg = gpx_number(r, v, strlen(v), 0);
			break;
		case A_LON:
			r->pt.lon_deg = gpx_number(r, v, strlen(v), 0);
			break;
		default:
			break;
		}
	}
}

/* <st:heartRate time="..." bpm="..."/>: keep the sample (both attributes valid). */
static void gpx_hr_sample(struct gpx_reader *r, const char **attr)
{
	double t = NAN, bpm = NAN;
	unsigned flags = 0;
	int off = 0;
	size_t i;

	for (i = 0; attr[i]; i += 2) {
		const char *n = local_name(attr[i]), *v = attr[i + 1];

		if (!strcmp(n, "time")) {
			if (rr_parse_iso8601(v, strlen(v), &t, &off, &flags) != 0) {
				gpx_target(r)->notes |= RR_NOTE_BAD_TIME;
				t = NAN;
			}
		} else if (!strcmp(n, "bpm")) {
			bpm = gpx_number(r, v, strlen(v), 0);
		}
	}
	if (!isfinite(t) || !isfinite(bpm))
		return;
	if (r->nhr >= HRTRACK_MAX_SAMPLES || (r->lim.max_points && r->nhr >= r->lim.max_points))
		return;	/* bounded memory: the points keep their own heart rate, if any */
	if (RR_GROW(r->hr, r->hr_cap, r->nhr + 1)) {
		gpx_fail(r, RR_ENOMEM, RR_MSG_NOMEM, "heart-rate track");
		return;
	}
	r->hr[r->nhr].t_s = t;
	r->hr[r->nhr].bpm = bpm;
	r->nhr++;
}

/*
 * A point without its own heart rate takes the file-level track's latest
 * sample at or before its time, when that is at most HRTRACK_MAX_AGE_S old.
 */
static void gpx_hr_merge(struct gpx_reader *r)
{
	double t = r->pt.t_s;

	if (!r->nhr || !isnan(r->pt.hr_bpm) || !isfinite(t))
		return;
	while (r->hr_next < r->nhr && r->hr[r->hr_next].t_s <= t)
		r->hr_next++;
	if (r->hr_next > 0 && t - r->hr[r->hr_next - 1].t_s <= HRTRACK_MAX_AGE_S)
		r->pt.hr_bpm = r->hr[r->hr_next - 1].bpm;
}

static void gpx_progress(struct gpx_reader *r)
{
	XML_Index at = XML_GetCurrentByteIndex(r->xp);

	if (at > r->progress)
		r->progress = at;
}

static void XMLCALL gpx_on_start(void *data, const XML_Char *name, const XML_Char **attr)
{
	struct gpx_reader *r = data;
	size_t len;
	const char *local = local_name_len(name, &len);
	enum gpx_kind parent, k;

	gpx_progress(r);
	if (r->status != RR_OK)
		return;
	if (r->lim.max_depth && r->depth >= r->lim.max_depth) {
		gpx_fail(r, RR_ELIMIT, RR_MSG_TOO_DEEP, r->lim.max_depth);
		return;
	}
	if (r->depth == 0) {
		gpx_root(r, local, attr);
		k = K_GPX;
	} else {
		parent = gpx_kind_at(r, r->depth - 1);
		k = gpx_child(r, parent, local, len);
		switch (k) {
		case K_TRK:
			if (r->act_state == ACT_NONE)
				gpx_begin(r, ACT_TRACK);
			r->track_begun = 1;
			break;
		case K_RTE:
			/* Schema order puts routes first; a late one is skipped. */
			if (r->track_begun)
				k = K_SKIP;
			else
				gpx_begin(r, ACT_ROUTE);
			break;
		case K_SEG:
			r->seg_numbered = 0;
			gpx_sink_begin(r);
			break;
		case K_PT:
			gpx_sink_begin(r);
			gpx_point_start(r, parent, attr);
			break;
		case K_HRSAMPLE:
			gpx_hr_sample(r, attr);
			break;
		default:
			break;
		}
		if (gpx_wants_text(k))
			gpx_text_reset(r);
	}
	if (r->depth < KIND_STACK)
		r->kind[r->depth] = (unsigned char)k;
	r->depth++;
	r->text_on = r->depth <= KIND_STACK && gpx_wants_text(k);	/* as gpx_kind_at() sees it */
}

static void gpx_point_end(struct gpx_reader *r)
{
	gpx_hr_merge(r);
	r->points++;
	if (r->lim.max_points && r->points > r->lim.max_points) {
		gpx_fail(r, RR_ELIMIT, RR_MSG_TOO_MANY_POINTS, r->lim.max_points);
		return;
	}
	if (r->sink->point && r->sink->point(r->sink->ctx, &r->pt) != 0)
		gpx_fail(r, RR_EABORT, RR_MSG_STOPPED);
}

static void gpx_field_end(struct gpx_reader *r)
{
	double v = gpx_text_number(r);

	switch (r->field) {
	case F_HR:	r->pt.hr_bpm = v; break;
	case F_CAD:	r->pt.cad_rpm = v; break;
	case F_TEMP:	r->pt.temp_c = v; break;
	case F_POWER:	r->pt.power_w = v; break;
	case F_SPEED:	r->pt.speed_mps = v; break;
	}
}

/* The first non-empty name or type wins (several <trk> share one activity). */
static void gpx_set_text(char *dst, size_t size, const struct gpx_reader *r)
{
	if (dst[0] == '\0')
		copy_utf8(dst, size, r->text, r->text_len);
}

static void gpx_leaf_end(struct gpx_reader *r, enum gpx_kind k, enum gpx_kind parent)
{
	switch (k) {
	case K_NAME:
		if (parent == K_TRK || parent == K_RTE)
			gpx_set_text(r->act.name, sizeof(r->act.name), r);
		else
			gpx_set_text(r->file.name, sizeof(r->file.name), r);
		break;
	case K_TYPE:
		gpx_set_text(r->act.sport, sizeof(r->act.sport), r);
		break;
	case K_TIME:
		if (parent == K_PT) {
			r->pt.t_s = gpx_text_time(r);
		} else {
			/* metadata/time (1.1) or gpx/time (1.0): the file's time */
			struct rr_meta *m = &r->file;
			enum gpx_act saved = r->act_state;
			double t;

			r->act_state = ACT_NONE;	/* its notes are the file's */
			t = gpx_text_time(r);
			r->act_state = saved;
			if (isnan(m->start_t_s))
				m->start_t_s = t;
		}
		break;
	case K_ELE:
		r->pt.ele_m = gpx_text_number(r);
		break;
	case K_SPEED:
		r->pt.speed_mps = gpx_text_number(r);
		break;
	case K_FIELD:
		gpx_field_end(r);
		break;
	default:
		break;
	}
}

static void XMLCALL gpx_on_end(void *data, const XML_Char *name)
{
	struct gpx_reader *r = data;
	enum gpx_kind k, parent;

	(void)name;
	gpx_progress(r);
	if (r->status != RR_OK)
		return;
	r->depth--;
	k = gpx_kind_at(r, r->depth);
	parent = r->depth > 0 ? gpx_kind_at(r, r->depth - 1) : K_SKIP;
	switch (k) {
	case K_PT:
		gpx_point_end(r);
		break;
	case K_RTE:
		gpx_end(r);
		break;
	default:
		gpx_leaf_end(r, k, parent);
		break;
	}
	if (gpx_wants_text(k))
		gpx_text_reset(r);
	r->text_on = gpx_wants_text(parent);	/* K_SKIP at depth 0 */
}

/* Called for every piece of text, white space between tags included: keep it short. */
static void XMLCALL gpx_on_text(void *data, const XML_Char *s, int len)
{
	struct gpx_reader *r = data;

	gpx_progress(r);
	if (r->text_on && r->status == RR_OK && len > 0)
		gpx_text_add(r, s, (size_t)len);
}

/* Hostile-input policy: no DTD at all, so no entity can ever be declared. */
static void XMLCALL gpx_on_doctype(void *data, const XML_Char *doctype, const XML_Char *sysid,
				   const XML_Char *pubid, int has_internal_subset)
{
	struct gpx_reader *r = data;

	(void)doctype; (void)sysid; (void)pubid; (void)has_internal_subset;
	gpx_fail(r, RR_EPARSE, RR_MSG_DOCTYPE, "GPX");
}

static void XMLCALL gpx_on_entity(void *data, const XML_Char *entity, int is_param,
				  const XML_Char *value, int value_len, const XML_Char *base,
				  const XML_Char *sysid, const XML_Char *pubid,
				  const XML_Char *notation)
{
	struct gpx_reader *r = data;

	(void)entity; (void)is_param; (void)value; (void)value_len; (void)base;
	(void)sysid; (void)pubid; (void)notation;
	gpx_fail(r, RR_EPARSE, RR_MSG_ENTITY_DECL);
}

static int XMLCALL gpx_on_external(XML_Parser xp, const XML_Char *context, const XML_Char *base,
				  const XML_Char *sysid, const XML_Char *pubid)
{
	(void)xp; (void)context; (void)base; (void)sysid; (void)pubid;
	return XML_STATUS_ERROR;	/* never load anything */
}

/*
 * Windows-1252, which some Windows tools declare and expat does not know:
 * Latin-1 except 0x80..0x9F.  The five unassigned bytes map to the C1
 * controls of the same value, as browsers do.
 */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static int XMLCALL gpx_on_encoding(void *data, const XML_Char *name, XML_Encoding *info)
{
	int i;

	(void)data;
	if (!ascii_ieq(name, "windows-1252") && !ascii_ieq(name, "cp1252") &&
	    !ascii_ieq(name, "x-cp1252"))
		return XML_STATUS_ERROR;
	for (i = 0; i < 256; i++)
		info->map[i] = i;
	for (i = 0; i < 32; i++)
		info->map[0x80 + i] = cp1252_high[i];
	info->data = NULL;
	info->convert = NULL;
	info->release = NULL;
	return XML_STATUS_OK;
}

static enum rr_status gpx_setup(struct gpx_reader *r)
{
	XML_Parser xp = XML_ParserCreateNS(NULL, NS_SEP);

	if (!xp)
		return rr_error_msg(r->err, RR_ENOMEM, 0, 0, RR_MSG_NOMEM, "expat");
	r->xp = xp;
	XML_SetUserData(xp, r);
	XML_SetElementHandler(xp, gpx_on_start, gpx_on_end);
	XML_SetCharacterDataHandler(xp, gpx_on_text);
	XML_SetStartDoctypeDeclHandler(xp, gpx_on_doctype);
	XML_SetEntityDeclHandler(xp, gpx_on_entity);
	XML_SetExternalEntityRefHandler(xp, gpx_on_external);
	XML_SetUnknownEncodingHandler(xp, gpx_on_encoding, NULL);
	if (!XML_SetParamEntityParsing(xp, XML_PARAM_ENTITY_PARSING_NEVER))
		return rr_error_msg(r->err, RR_EPARSE, 0, 0, RR_MSG_PARSER_SETUP,
				    "expat refused to switch parameter entities off");
#ifdef GPX_HAVE_AMPLIFICATION
	/* Second wall behind the DOCTYPE refusal; expat's default is 100. */
	(void)XML_SetBillionLaughsAttackProtectionMaximumAmplification(xp, MAX_AMPLIFICATION);
#endif
	return RR_OK;
}

/* After a well-formed end of document: close what is open, or emit the empty activity. */
static void gpx_finish(struct gpx_reader *r)
{
	if (r->act_state != ACT_NONE)
		gpx_end(r);
	else if (r->activities == 0) {
		gpx_begin(r, ACT_TRACK);
		if (r->status == RR_OK)
			gpx_end(r);
	}
}

/* The bytes expat holds for a token it has not finished. */
static unsigned long long gpx_backlog(const struct gpx_reader *r, unsigned long long fed)
{
	unsigned long long done = (unsigned long long)r->progress;

	return done < fed ? fed - done : 0;
}

static enum rr_status gpx_run(struct gpx_reader *r, struct rr_input *in)
{
	unsigned long long fed = 0;

	for (;;) {
		void *buf = XML_GetBuffer(r->xp, READ_BLOCK);
		size_t got = 0;
		enum rr_status st;

		if (!buf)
			return rr_error_msg(r->err, RR_ENOMEM, 0, 0, RR_MSG_NOMEM, "expat buffer");
		st = rr_input_read(in, buf, READ_BLOCK, &got, r->err);
		if (st != RR_OK)
			return st;
		if (XML_ParseBuffer(r->xp, (int)got, got == 0) != XML_STATUS_OK) {
			if (r->status != RR_OK)
				return r->status;
			return rr_error_set(r->err, RR_EPARSE,
					    (unsigned long)XML_GetCurrentLineNumber(r->xp),
					    (unsigned long)XML_GetCurrentColumnNumber(r->xp) + 1,
					    "%s", XML_ErrorString(XML_GetErrorCode(r->xp)));
		}
		if (r->status != RR_OK)
			return r->status;
		fed += got;
		if (gpx_backlog(r, fed) > MAX_TOKEN_BYTES)
			return rr_error_msg(r->err, RR_ELIMIT,
					    (unsigned long)XML_GetCurrentLineNumber(r->xp),
					    (unsigned long)XML_GetCurrentColumnNumber(r->xp) + 1,
					    RR_MSG_TOKEN_TOO_LONG, MAX_TOKEN_BYTES);
		if (got == 0)
			break;
	}
	gpx_finish(r);
	return r->status;
}

enum rr_status gpx_parse(struct rr_input *in, const struct rr_limits *lim,
			 const struct rr_sink *sink, struct rr_error *err)
{
	struct gpx_reader r;
	enum rr_status st;

	memset(&r, 0, sizeof(r));
	r.sink = sink;
	r.err = err;
	if (lim)
		r.lim = *lim;
	else
		rr_limits_default(&r.lim);
	rr_meta_init(&r.file, RR_FORMAT_GPX);
	st = gpx_setup(&r);
	if (st == RR_OK)
		st = gpx_run(&r, in);
	if (r.xp)
		XML_ParserFree(r.xp);
	free(r.hr);
	return st;
}
