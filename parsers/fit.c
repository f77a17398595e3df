/*
 * fit.c - streaming FIT decoder (pull over the input layer), written from
 * the public FIT protocol description: file header and its CRC, definition
 * and data messages, 16 local message types, both byte orders,
 * compressed-timestamp record headers, developer fields (skipped), chained
 * FIT files, the file CRC.
 *
 * Workload: files from a few hundred bytes (a one-minute walk) to a few
 * megabytes (a 24-hour ultra at one record a second is about 2 MB; FIT is
 * ~14 times smaller than the same run as GPX), read in 64 KiB
 * blocks from the input layer (or one byte at a time in tests).  Memory is
 * constant: one reader struct holding the read buffer and the 16 local
 * definitions; no point is kept after it has been handed to the sink.
 *
 * Of the profile only what an activity needs is decoded: file_id (0),
 * sport (12), session (18), lap (19), record (20), event (21),
 * device_info (23) and activity (34); every other message is skipped by
 * the sizes its definition gives.  The activity contract, the CRC policy
 * and what error locations mean are written down in doc/fit.md.
 */
#include "parsers/fit.h"
#include "parsers/parse.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define READ_BLOCK (64 * 1024)
#define LOCAL_TYPES 16
#define FIELD_MAX 255		/* a field's size is one byte */
#define HEADER_MAX 255		/* so is the header's */

/* Global message numbers (FIT profile, "mesg_num"). */
enum fit_mesg {
	MESG_FILE_ID = 0,
	MESG_SPORT = 12,
	MESG_SESSION = 18,
	MESG_LAP = 19,
	MESG_RECORD = 20,
	MESG_EVENT = 21,
	MESG_DEVICE_INFO = 23,
	MESG_ACTIVITY = 34
};

#define FIELD_TIMESTAMP 253	/* the same number in every message */
#define FILE_TYPE_ACTIVITY 4
#define EVENT_TIMER 0
#define SPORT_MULTISPORT 18	/* what sessions of different sports add up to */
#define SEMICIRCLE_DEG (180.0 / 2147483648.0)

/* Base types, by their number (the low five bits of the base type byte). */
enum fit_kind { B_UINT, B_SINT, B_UINTZ, B_FLOAT, B_STRING, B_BYTE };

static const struct {
	unsigned char size;
	unsigned char kind;
} fit_base[17] = {
	{ 1, B_UINT },	/* 0x00 enum */
	{ 1, B_SINT },	/* 0x01 sint8 */
	{ 1, B_UINT },	/* 0x02 uint8 */
	{ 2, B_SINT },	/* 0x83 sint16 */
	{ 2, B_UINT },	/* 0x84 uint16 */
	{ 4, B_SINT },	/* 0x85 sint32 */
	{ 4, B_UINT },	/* 0x86 uint32 */
	{ 1, B_STRING },	/* 0x07 string */
	{ 4, B_FLOAT },	/* 0x88 float32 */
	{ 8, B_FLOAT },	/* 0x89 float64 */
	{ 1, B_UINTZ },	/* 0x0A uint8z */
	{ 2, B_UINTZ },	/* 0x8B uint16z */
	{ 4, B_UINTZ },	/* 0x8C uint32z */
	{ 1, B_BYTE },	/* 0x0D byte */
	{ 8, B_SINT },	/* 0x8E sint64 */
	{ 8, B_UINT },	/* 0x8F uint64 */
	{ 8, B_UINTZ },	/* 0x90 uint64z */
};

struct fit_field {
	unsigned char num, size, base;
};

/* A local message type as its last definition message declared it. */
struct fit_def {
	bool defined;
	bool big_endian;		/* architecture byte 1 */
	unsigned short global;
	unsigned char nfields;
	unsigned dev_bytes;		/* developer fields: skipped whole */
	struct fit_field field[255];
};

enum fit_part { PART_NONE, PART_ACTIVITY, PART_OTHER };

/*
 * All per-file decode state.  Invariants: status holds the first failure
 * and, once set, nothing more is read or sent; win[pos..len) are fetched
 * bytes not yet consumed, and off is the stream offset of win[pos];
 * crc covers every byte of the current FIT file consumed so far (its
 * header included); remain counts the data bytes of the current FIT file
 * not yet consumed; val[n] is the current message's field n only while
 * gen[n] == cur_gen.
 */
struct fit_reader {
	struct rr_input *in;
	const struct rr_sink *sink;
	struct rr_limits lim;
	struct rr_error *err;
	enum rr_status status;

	const unsigned char *win;
	size_t pos, len;
	unsigned long long off;
	uint16_t crc;
	unsigned long long remain;
	unsigned long long msg_off;	/* where the current message began */
	unsigned long data_size;	/* of the current FIT file */
	unsigned part;			/* chained FIT file, from 0 */
	enum fit_part part_kind;
	bool part_new_act;		/* this part's file_id opens a new activity */
	bool leg_done;			/* a session closed the open activity's records */

	uint32_t last_ts;		/* for compressed timestamps */
	bool have_last_ts;

	unsigned long cur_gen;
	unsigned long gen[256];
	double val[256];
	char text[64];			/* the message's name or product string */
	bool have_text;
	unsigned char csd[3];		/* record compressed_speed_distance */
	bool have_csd;

	/* The open activity. */
	bool act_open, begun;
	struct rr_meta act;
	unsigned activities;
	unsigned long long act_points, points;
	unsigned segment;
	unsigned long long seg_points;	/* in the current segment */
	bool paused;			/* a timer stop not yet followed by a start */
	double csd_dist_m;		/* accumulated compressed distance */
	unsigned csd_last;
	bool csd_started;
	int sess_sport, sess_sub;	/* -1 none, -2 sessions disagree */
	int sport_sport, sport_sub;	/* from the sport message; -1 none */
	int lap_sport;
	unsigned laps;
	double lap_dist_m, lap_timer_s, lap_kcal, lap_hr_max;
	double sess_dist_m, sess_timer_s, sess_start;
	unsigned sessions;
	/* The device: file_id, overridden by the creator's device_info. */
	int maker, product;
	char product_name[64];

	struct fit_def def[LOCAL_TYPES];
	unsigned char field_buf[FIELD_MAX];
	unsigned char buf[READ_BLOCK];
};

static void fit_fail(struct fit_reader *r, enum rr_status code, unsigned long long at,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* fit_fail() with the shared words of id (core/err.h), for conditions every parser meets. */
static void fit_fail_id(struct fit_reader *r, enum rr_status code, unsigned long long at,
			enum rr_msg id, ...)
{
	va_list ap;

	if (r->status != RR_OK)
		return;
	r->status = code;
	va_start(ap, id);
	rr_error_vmsg(r->err, code, 1, (unsigned long)(at + 1), id, ap);
	va_end(ap);
}

/* Record the first failure at byte offset at (line 1, column at + 1). */
static void fit_fail(struct fit_reader *r, enum rr_status code, unsigned long long at,
		     const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (r->status != RR_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->status = code;
	rr_error_set(r->err, code, 1, (unsigned long)(at + 1), "%s", msg);
}

uint16_t fit_crc16(uint16_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i;
	int bit;

	for (i = 0; i < len; i++) {
		crc ^= p[i];
		for (bit = 0; bit < 8; bit++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
	}
	return crc;
}

/* ---- bytes ---------------------------------------------------------------- */

/*
 * Copy the next n bytes of the stream into dst (NULL: skip them), adding
 * them to the CRC.  Returns 0, or -1 at the end of input (the bytes before
 * it are consumed) or on an input error (status set).
 */
static int fit_take(struct fit_reader *r, unsigned char *dst, size_t n)
{
	while (n > 0) {
		size_t k;

		if (r->pos == r->len) {
			const void *data;
			size_t got;
			enum rr_status st = rr_input_fetch(r->in, r->buf, sizeof(r->buf), &data,
							   &got, r->err);

			if (st != RR_OK) {
				r->status = st;
				return -1;
			}
			if (got == 0)
				return -1;
			r->win = data;
			r->pos = 0;
			r->len = got;
		}
		k = r->len - r->pos;
		if (k > n)
			k = n;
		r->crc = fit_crc16(r->crc, r->win + r->pos, k);
		if (dst) {
			memcpy(dst, r->win + r->pos, k);
			dst += k;
		}
		r->pos += k;
		r->off += k;
		n -= k;
	}
	return 0;
}

/* fit_take() for bytes of the data section: the header's data size bounds them. */
static int fit_data(struct fit_reader *r, unsigned char *dst, size_t n)
{
	if (n > r->remain) {
		fit_fail(r, RR_EPARSE, r->msg_off,
			 "a message runs past the end of the data (the header says %lu bytes)",
			 r->data_size);
		return -1;
	}
	if (fit_take(r, dst, n) != 0) {
		fit_fail(r, RR_EPARSE, r->off,
			 "truncated: the file ends inside the %lu bytes of FIT data its header announces",
			 r->data_size);
		return -1;
	}
	r->remain -= n;
	return 0;
}

static uint64_t fit_load(const unsigned char *p, unsigned n, bool big)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[big ? n - 1 - i : i] << (8 * i);
	return v;
}

/*
 * The first element of a numeric field, NAN when it holds the base type's
 * invalid value, when the field is shorter than its base type, or when the
 * base type is not a number.
 */
static double fit_value(const unsigned char *p, unsigned size, unsigned base, bool big)
{
	unsigned t = base & 0x1F, bs;
	uint64_t u, top;

	if (t >= sizeof(fit_base) / sizeof(fit_base[0]))
		return NAN;
	bs = fit_base[t].size;
	if (size < bs)
		return NAN;
	u = fit_load(p, bs, big);
	top = bs == 8 ? UINT64_MAX : ((uint64_t)1 << (8 * bs)) - 1;
	switch (fit_base[t].kind) {
	case B_UINT:
		return u == top ? NAN : (double)u;
	case B_UINTZ:
		return u == 0 ? NAN : (double)u;
	case B_SINT:
		if (u == top >> 1)
			return NAN;
		if (u > top >> 1)	/* negative: sign-extend */
			return -(double)(top - u) - 1.0;
		return (double)u;
	case B_FLOAT:
		if (u == top)
			return NAN;
		if (bs == 4) {
			float f;
			uint32_t w = (uint32_t)u;

			memcpy(&f, &w, sizeof(f));
			return isfinite(f) ? (double)f : NAN;
		} else {
			double d;

			memcpy(&d, &u, sizeof(d));
			return isfinite(d) ? d : NAN;
		}
	default:
		return NAN;
	}
}

/*
 * A FIT string into dst: up to its NUL, blanks trimmed; bytes that are not
 * printable ASCII or well-formed UTF-8 become '?'.  FIT strings need not be
 * NUL-terminated (tormoder/fit's unterminated-strings.fit).
 */
static void fit_string(char *dst, size_t cap, const unsigned char *p, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n && p[i] != 0 && o + 1 < cap) {
		unsigned char c = p[i];
		size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
			   (c & 0xF8) == 0xF0 ? 4 : 0;
		size_t j;
		bool ok = k > 0 && i + k <= n && o + k < cap && (k > 1 || c >= 0x20) && c != 0x7F;

		for (j = 1; ok && j < k; j++)
			ok = (p[i + j] & 0xC0) == 0x80;
		if (ok && k == 2 && c < 0xC2)
			ok = false;	/* overlong */
		if (!ok) {
			if (k > 1 && i + k <= n && o + k >= cap)
				break;	/* a character that does not fit: cut before it */
			dst[o++] = '?';
			i++;
			continue;
		}
		memcpy(dst + o, p + i, k);
		o += k;
		i += k;
	}
	while (o > 0 && dst[o - 1] == ' ')
		o--;
	dst[o] = '\0';
	for (i = 0; dst[i] == ' '; i++)
		;
	if (i)
		memmove(dst, dst + i, o - i + 1);
}

/* ---- names ---------------------------------------------------------------- */

static const char *const sport_names[] = {
	"generic", "running", "cycling", "transition", "fitness equipment", "swimming",
	"basketball", "soccer", "tennis", "american football", "training", "walking",
	"cross country skiing", "alpine skiing", "snowboarding", "rowing", "mountaineering",
	"hiking", "multisport", "paddling", "flying", "e-biking", "motorcycling", "boating",
	"driving", "golf", "hang gliding", "horseback riding", "hunting", "fishing",
	"inline skating", "rock climbing", "sailing", "ice skating", "sky diving",
	"snowshoeing", "snowmobiling", "stand up paddleboarding", "surfing", "wakeboarding",
	"water skiing", "kayaking", "rafting", "windsurfing", "kitesurfing", "tactical",
	"jumpmaster", "boxing", "floor climbing",
};

static const char *const sub_sport_names[] = {
	"generic", "treadmill", "street", "trail", "track", "spin", "indoor cycling", "road",
	"mountain", "downhill", "recumbent", "cyclocross", "hand cycling", "track cycling",
	"indoor rowing", "elliptical", "stair climbing", "lap swimming", "open water",
	"flexibility training", "strength training", "warm up", "match", "exercise",
	"challenge", "indoor skiing", "cardio training", "indoor walking", "e-bike fitness",
	"bmx", "casual walking", "speed walking", "bike to run transition",
	"run to bike transition", "swim to bike transition", "atv", "motocross", "backcountry",
	"resort", "rc drone", "wingsuit", "whitewater", "skate skiing", "yoga", "pilates",
	"indoor running", "gravel cycling", "e-bike mountain", "commuting", "mixed surface",
	"navigate", "track me", "map", "single gas diving", "multi gas diving", "gauge diving",
	"apnea diving", "apnea hunting", "virtual activity", "obstacle",
};

const char *fit_sport_name(unsigned sport)
{
	if (sport < sizeof(sport_names) / sizeof(sport_names[0]))
		return sport_names[sport];
	switch (sport) {
	case 53: return "diving";
	case 62: return "hiit";
	case 82: return "snorkeling";
	default: return NULL;
	}
}

const char *fit_sub_sport_name(unsigned sub)
{
	if (sub < sizeof(sub_sport_names) / sizeof(sub_sport_names[0]))
		return sub_sport_names[sub];
	return NULL;
}

static const char *fit_maker_name(int m)
{
	switch (m) {
	case 1: case 2:	return "Garmin";
	case 13: case 15: return "Dynastream";
	case 23:	return "Suunto";
	case 32:	return "Wahoo";
	case 70:	return "Sigma";
	case 76:	return "Lezyne";
	case 89:	return "Tacx";
	case 95:	return "Stryd";
	case 123:	return "Polar";
	case 255:	return "development";
	case 260:	return "Zwift";
	case 265:	return "Strava";
	case 289:	return "Hammerhead";
	case 294:	return "COROS";
	default:	return NULL;
	}
}

static const char *fit_file_type_name(unsigned t)
{
	switch (t) {
	case 1:  return "device";
	case 2:  return "settings";
	case 3:  return "sport settings";
	case 5:  return "workout";
	case 6:  return "course";
	case 7:  return "schedules";
	case 9:  return "weight";
	case 10: return "totals";
	case 11: return "goals";
	case 14: return "blood pressure";
	case 15: case 32: return "monitoring";
	case 20: return "activity summary";
	case 28: return "daily monitoring";
	case 34: return "segment";
	case 35: return "segment list";
	default: return "non-activity";
	}
}

/* ---- the activity ----------------------------------------------------- */

static double fv(const struct fit_reader *r, unsigned num)
{
	return r->gen[num] == r->cur_gen ? r->val[num] : NAN;
}

/*
 * An enum or uint16 field as an int, -1 when absent or invalid, or out of
 * range (a hostile definition may declare any base type for any field).
 */
static int fv_enum(const struct fit_reader *r, unsigned num)
{
	double v = fv(r, num);

	return v >= 0 && v <= 65535 ? (int)v : -1;
}

static void set_name(char *dst, size_t cap, const char *name, int num)
{
	if (name)
		snprintf(dst, cap, "%s", name);
	else
		snprintf(dst, cap, "%d", num);
}

/* The meta as known now: sport, device, totals, from what has been read. */
static void fit_resolve(struct fit_reader *r)
{
	struct rr_meta *m = &r->act;
	int sport = r->sess_sport >= 0 ? r->sess_sport : r->sess_sport == -2 ? SPORT_MULTISPORT :
		    r->sport_sport >= 0 ? r->sport_sport : r->lap_sport;
	int sub = r->sess_sport != -1 ? r->sess_sub : r->sport_sub;
	const char *maker = fit_maker_name(r->maker);

	m->sport[0] = m->sub_sport[0] = '\0';
	if (sport >= 0)
		set_name(m->sport, sizeof(m->sport), fit_sport_name((unsigned)sport), sport);
	if (sub >= 0)
		set_name(m->sub_sport, sizeof(m->sub_sport), fit_sub_sport_name((unsigned)sub), sub);
	if (r->product_name[0] && maker &&
	    strncasecmp(r->product_name, maker, strlen(maker)) != 0)
		snprintf(m->creator, sizeof(m->creator), "%s %s", maker, r->product_name);
	else if (r->product_name[0])
		snprintf(m->creator, sizeof(m->creator), "%s", r->product_name);
	else if (maker && r->product >= 0)
		snprintf(m->creator, sizeof(m->creator), "%s product %d", maker, r->product);
	else if (maker)
		snprintf(m->creator, sizeof(m->creator), "%s", maker);
	else if (r->maker >= 0 && r->product >= 0)
		snprintf(m->creator, sizeof(m->creator), "manufacturer %d product %d", r->maker,
			 r->product);
	else if (r->maker >= 0)
		snprintf(m->creator, sizeof(m->creator), "manufacturer %d", r->maker);
	if (!isnan(r->sess_start))
		m->start_t_s = r->sess_start;
	m->laps = r->laps;
	m->lap_calories = r->lap_kcal;
	m->lap_hr_max = r->lap_hr_max;
	if (r->laps == 0 && r->sessions > 0) {
		m->lap_distance_m = r->sess_dist_m;
		m->lap_time_s = r->sess_timer_s;
	} else {
		m->lap_distance_m = r->lap_dist_m;
		m->lap_time_s = r->lap_timer_s;
	}
}

static void fit_sink_begin(struct fit_reader *r)
{
	if (r->begun || r->status != RR_OK)
		return;
	r->begun = true;
	fit_resolve(r);
	if (r->sink->begin && r->sink->begin(r->sink->ctx, &r->act) != 0)
		fit_fail_id(r, RR_EABORT, r->msg_off, RR_MSG_STOPPED);
}

static void fit_open(struct fit_reader *r, double created)
{
	if (r->lim.max_activities && r->activities >= r->lim.max_activities) {
		fit_fail_id(r, RR_ELIMIT, r->msg_off, RR_MSG_TOO_MANY_ACTIVITIES,
			    r->lim.max_activities);
		return;
	}
	rr_meta_init(&r->act, RR_FORMAT_FIT);
	r->act.index = r->activities++;
	r->act.start_t_s = created;
	r->act_open = true;
	r->begun = false;
	r->leg_done = false;
	r->act_points = r->seg_points = 0;
	r->segment = 0;
	r->paused = false;
	r->csd_started = false;
	r->csd_dist_m = 0;
	r->sess_sport = r->sess_sub = r->sport_sport = r->sport_sub = r->lap_sport = -1;
	r->sess_dist_m = r->sess_timer_s = r->sess_start = NAN;
	r->sessions = 0;
	r->laps = 0;
	r->lap_dist_m = r->lap_timer_s = r->lap_kcal = r->lap_hr_max = NAN;
}

static void fit_close(struct fit_reader *r)
{
	if (!r->act_open || r->status != RR_OK)
		return;
	fit_sink_begin(r);
	if (r->status != RR_OK)
		return;
	fit_resolve(r);
	r->act_open = false;
	if (r->sink->end && r->sink->end(r->sink->ctx, &r->act) != 0)
		fit_fail_id(r, RR_EABORT, r->msg_off, RR_MSG_STOPPED);
}

/* A FIT date_time (uint32 seconds since the FIT epoch) as Unix time; NAN when relative or not one. */
/*
 * A multisport watch writes each leg as sport, records, laps, session: a
 * sport, lap or record message after a session that closed records is the
 * next leg, so each leg is an activity of its own (a triathlon's run is a
 * run).  Sessions that all follow the records (one file, several sports)
 * leave one activity, whose sport is then "multisport".
 */
static void fit_next_leg(struct fit_reader *r)
{
	if (!r->act_open || !r->leg_done)
		return;
	fit_close(r);
	fit_open(r, NAN);
}

static double fit_time(double fit_s)
{
	return fit_s >= FIT_TIME_MIN_ABSOLUTE && fit_s <= UINT32_MAX ? fit_s + FIT_EPOCH_UNIX : NAN;
}

static void on_file_id(struct fit_reader *r)
{
	int type = fv_enum(r, 0);
	double created = fit_time(fv(r, 4));

	if (r->part_kind != PART_NONE)
		return;		/* only a part's first file_id says what it is */
	r->maker = fv_enum(r, 1);
	r->product = fv_enum(r, 2);
	r->product_name[0] = '\0';
	if (r->have_text)
		snprintf(r->product_name, sizeof(r->product_name), "%s", r->text);
	if (type != FILE_TYPE_ACTIVITY) {
		if (r->part == 0 && !r->act_open) {
			if (type < 0)
				fit_fail(r, RR_EFORMAT, r->msg_off,
					 "not an activity: the FIT file_id has no file type");
			else
				fit_fail(r, RR_EFORMAT, r->msg_off,
					 "not an activity: a FIT %s file (file type %d)",
					 fit_file_type_name((unsigned)type), type);
			return;
		}
		r->part_kind = PART_OTHER;	/* a chained settings file etc.: skipped */
		return;
	}
	r->part_kind = PART_ACTIVITY;
	if (!r->act_open)
		fit_open(r, created);
	else if (r->part > 0)
		r->part_new_act = true;
}

static void on_device_info(struct fit_reader *r)
{
	double idx = fv(r, 0);
	int maker = fv_enum(r, 2);

	if (idx != 0 || maker < 0)
		return;		/* only the creator (device index 0) names the device */
	r->maker = maker;
	if (fv_enum(r, 4) >= 0)
		r->product = fv_enum(r, 4);
	if (r->have_text)
		snprintf(r->product_name, sizeof(r->product_name), "%s", r->text);
}

static void on_sport(struct fit_reader *r)
{
	fit_next_leg(r);
	if (!r->act_open)
		return;
	if (r->sport_sport < 0) {	/* sport 0, sub_sport 1, name 3 */
		r->sport_sport = fv_enum(r, 0);
		r->sport_sub = fv_enum(r, 1);
	}
	if (r->have_text && r->act.name[0] == '\0')
		snprintf(r->act.name, sizeof(r->act.name), "%s", r->text);
}

static void add_sum(double *sum, double v)
{
	if (!isnan(v))
		*sum = isnan(*sum) ? v : *sum + v;
}

static void on_session(struct fit_reader *r)
{
	int sport = fv_enum(r, 5), sub = fv_enum(r, 6);

	if (!r->act_open)
		return;
	if (r->sessions++ == 0) {
		r->sess_sport = sport;
		r->sess_sub = sub;
		r->sess_start = fit_time(fv(r, 2));
	} else if (sport != r->sess_sport) {
		r->sess_sport = -2;	/* multisport */
		r->sess_sub = -1;
	} else if (sub != r->sess_sub) {
		r->sess_sub = -1;
	}
	add_sum(&r->sess_dist_m, fv(r, 9) / 100.0);
	add_sum(&r->sess_timer_s, fv(r, 8) / 1000.0);
	if (r->act_points > 0)
		r->leg_done = true;
}

static void on_lap(struct fit_reader *r)
{
	double hr = fv(r, 16);

	fit_next_leg(r);
	if (!r->act_open)
		return;
	r->laps++;
	add_sum(&r->lap_dist_m, fv(r, 9) / 100.0);
	add_sum(&r->lap_timer_s, fv(r, 8) / 1000.0);
	add_sum(&r->lap_kcal, fv(r, 11));
	if (!isnan(hr) && (isnan(r->lap_hr_max) || hr > r->lap_hr_max))
		r->lap_hr_max = hr;
	if (r->lap_sport < 0)
		r->lap_sport = fv_enum(r, 25);
}

/* Timer stop, then start: a pause; the points after it are a new segment. */
static void on_event(struct fit_reader *r)
{
	int ev = fv_enum(r, 0), type = fv_enum(r, 1);

	if (ev != EVENT_TIMER)
		return;
	switch (type) {
	case 0:			/* start */
		if (r->paused && r->seg_points > 0) {
			r->segment++;
			r->seg_points = 0;
		}
		r->paused = false;
		break;
	case 1: case 4: case 8: case 9:	/* stop, stop_all, stop_disable(_all) */
		r->paused = true;
		break;
	default:
		break;
	}
}

/* The activity message's local_timestamp - timestamp is the zone's offset. */
static void on_activity(struct fit_reader *r)
{
	double utc = fv(r, FIELD_TIMESTAMP), local = fv(r, 5), d;

	if (!r->act_open || isnan(utc) || isnan(local) || r->act.tz_known)
		return;
	d = local - utc;
	if (fabs(d) > 15.0 * 3600)
		return;
	r->act.tz_offset_s = (int)(900.0 * floor(d / 900.0 + 0.5));
	r->act.tz_known = true;
}

/* compressed_speed_distance: 12 bits of speed (1/100 m/s), 12 of distance (1/16 m, rolling). */
static void fit_csd(struct fit_reader *r, struct rr_point *pt)
{
	const unsigned char *b = r->csd;
	unsigned d;

	if (b[0] == 0xFF && b[1] == 0xFF && b[2] == 0xFF)
		return;
	pt->speed_mps = (double)(b[0] | (unsigned)(b[1] & 0x0F) << 8) / 100.0;
	d = (unsigned)(b[1] >> 4) | (unsigned)b[2] << 4;
	if (!r->csd_started) {
		r->csd_started = true;
		r->csd_dist_m = d / 16.0;
	} else {
		r->csd_dist_m += (double)((d - r->csd_last) & 0xFFF) / 16.0;
	}
	r->csd_last = d;
	pt->dist_m = r->csd_dist_m;
}

static void on_record(struct fit_reader *r)
{
	struct rr_point pt;
	double lat = fv(r, 0), lon = fv(r, 1), v, frac;

	if (!r->act_open)
		fit_open(r, NAN);	/* no file_id before: read it as an activity */
	else if (r->leg_done || (r->part_new_act && r->act_points > 0)) {
		fit_close(r);
		fit_open(r, NAN);
	}
	r->part_new_act = false;
	if (r->status != RR_OK)
		return;
	fit_sink_begin(r);
	if (r->status != RR_OK)
		return;
	if (r->lim.max_points && r->points >= r->lim.max_points) {
		fit_fail_id(r, RR_ELIMIT, r->msg_off, RR_MSG_TOO_MANY_POINTS, r->lim.max_points);
		return;
	}
	r->points++;
	r->act_points++;
	r->seg_points++;
	rr_point_init(&pt);
	pt.segment = r->segment;
	v = fv(r, FIELD_TIMESTAMP);
	pt.t_s = fit_time(v);
	if (!isnan(v) && isnan(pt.t_s))
		r->act.notes |= RR_NOTE_BAD_TIME;	/* device-relative (or not a date) */
	/* Semicircles are sint32: a field declared wider is unknown beyond that range. */
	if (fabs(lat) <= 2147483648.0 && fabs(lon) <= 2147483648.0) {
		pt.lat_deg = lat * SEMICIRCLE_DEG;
		pt.lon_deg = lon * SEMICIRCLE_DEG;
	}
	v = fv(r, 78);		/* enhanced_altitude */
	if (isnan(v))
		v = fv(r, 2);	/* altitude */
	if (!isnan(v))
		pt.ele_m = v / 5.0 - 500.0;
	v = fv(r, 5);
	if (!isnan(v))
		pt.dist_m = v / 100.0;
	v = fv(r, 73);		/* enhanced_speed */
	if (isnan(v))
		v = fv(r, 6);
	if (!isnan(v))
		pt.speed_mps = v / 1000.0;
	if (r->have_csd && isnan(pt.dist_m))
		fit_csd(r, &pt);
	pt.hr_bpm = fv(r, 3);
	pt.cad_rpm = fv(r, 4);
	frac = fv(r, 53);
	if (!isnan(pt.cad_rpm) && !isnan(frac))
		pt.cad_rpm += frac / 128.0;
	v = fv(r, 7);
	pt.power_w = v;
	pt.temp_c = fv(r, 13);
	if (r->sink->point && r->sink->point(r->sink->ctx, &pt) != 0)
		fit_fail_id(r, RR_EABORT, r->msg_off, RR_MSG_STOPPED);
}

/* ---- messages ------------------------------------------------------------ */

/* Is field num of global message g a string this decoder keeps? */
static bool wants_text(unsigned g, unsigned num)
{
	return (g == MESG_FILE_ID && num == 8) || (g == MESG_DEVICE_INFO && num == 27) ||
	       (g == MESG_SPORT && num == 3);
}

static bool decoded(unsigned g)
{
	switch (g) {
	case MESG_FILE_ID: case MESG_SPORT: case MESG_SESSION: case MESG_LAP:
	case MESG_RECORD: case MESG_EVENT: case MESG_DEVICE_INFO: case MESG_ACTIVITY:
		return true;
	default:
		return false;
	}
}

static void fit_definition(struct fit_reader *r, unsigned char hdr)
{
	struct fit_def *d = &r->def[hdr & 0x0F];
	unsigned char h[5], f[3];
	unsigned i, ndev;

	d->defined = false;	/* until it is read whole */
	if (fit_data(r, h, 5) != 0)
		return;
	if (h[1] > 1) {
		fit_fail(r, RR_EPARSE, r->msg_off,
			 "a definition message with architecture byte 0x%02X (0 or 1 expected)",
			 h[1]);
		return;
	}
	d->big_endian = h[1] == 1;
	d->global = (unsigned short)fit_load(h + 2, 2, d->big_endian);
	d->nfields = h[4];
	d->dev_bytes = 0;
	for (i = 0; i < d->nfields; i++) {
		if (fit_data(r, f, 3) != 0)
			return;
		d->field[i].num = f[0];
		d->field[i].size = f[1];
		d->field[i].base = f[2];
	}
	if (hdr & 0x20) {	/* developer fields: only their sizes matter */
		if (fit_data(r, h, 1) != 0)
			return;
		ndev = h[0];
		for (i = 0; i < ndev; i++) {
			if (fit_data(r, f, 3) != 0)
				return;
			d->dev_bytes += f[1];
		}
	}
	d->defined = true;
}

static void fit_message(struct fit_reader *r, unsigned local, bool compressed, uint32_t ts)
{
	const struct fit_def *d = &r->def[local];
	unsigned i;
	bool want;

	if (!d->defined) {
		fit_fail(r, RR_EPARSE, r->msg_off,
			 "a data message of local type %u, which no definition message declared",
			 local);
		return;
	}
	want = decoded(d->global) && r->part_kind != PART_OTHER;
	r->cur_gen++;
	r->have_text = r->have_csd = false;
	if (compressed) {
		r->val[FIELD_TIMESTAMP] = ts;
		r->gen[FIELD_TIMESTAMP] = r->cur_gen;
	}
	for (i = 0; i < d->nfields; i++) {
		const struct fit_field *f = &d->field[i];
		unsigned num = f->num;

		if (!want && num != FIELD_TIMESTAMP) {
			if (fit_data(r, NULL, f->size) != 0)
				return;
			continue;
		}
		if (fit_data(r, r->field_buf, f->size) != 0)
			return;
		if (wants_text(d->global, num) && (f->base & 0x1F) == 7) {
			fit_string(r->text, sizeof(r->text), r->field_buf, f->size);
			r->have_text = r->text[0] != '\0';
		} else if (d->global == MESG_RECORD && num == 8 && f->size >= 3) {
			memcpy(r->csd, r->field_buf, 3);
			r->have_csd = true;
		} else {
			r->val[num] = fit_value(r->field_buf, f->size, f->base, d->big_endian);
			r->gen[num] = r->cur_gen;
		}
	}
	if (d->dev_bytes && fit_data(r, NULL, d->dev_bytes) != 0)
		return;
	if (fv(r, FIELD_TIMESTAMP) >= 0 && fv(r, FIELD_TIMESTAMP) <= UINT32_MAX) {
		r->last_ts = (uint32_t)fv(r, FIELD_TIMESTAMP);
		r->have_last_ts = true;
	}
	if (!want)
		return;
	switch (d->global) {
	case MESG_FILE_ID:	on_file_id(r); break;
	case MESG_SPORT:	on_sport(r); break;
	case MESG_SESSION:	on_session(r); break;
	case MESG_LAP:		on_lap(r); break;
	case MESG_RECORD:	on_record(r); break;
	case MESG_EVENT:	on_event(r); break;
	case MESG_DEVICE_INFO:	on_device_info(r); break;
	case MESG_ACTIVITY:	on_activity(r); break;
	default:		break;
	}
}

/* One record: its header byte, then a definition or a data message. */
static void fit_record(struct fit_reader *r)
{
	unsigned char hdr;

	r->msg_off = r->off;
	if (fit_data(r, &hdr, 1) != 0)
		return;
	if (hdr & 0x80) {
		/* Compressed timestamp: 2 bits of local type, 5 of seconds past the last time. */
		unsigned dt = hdr & 0x1F;
		uint32_t ts = 0;

		if (r->have_last_ts) {
			ts = (r->last_ts & ~(uint32_t)0x1F) + dt;
			if (dt < (r->last_ts & 0x1F))
				ts += 0x20;
		}
		/* Without an earlier time the record's time stays unknown. */
		fit_message(r, (hdr >> 5) & 0x03, r->have_last_ts, ts);
	} else if (hdr & 0x40) {
		fit_definition(r, hdr);
	} else {
		fit_message(r, hdr & 0x0F, false, 0);
	}
}

/* ---- files ------------------------------------------------------------- */

/*
 * One FIT file's header.  Returns 1 when a header was read, 0 at a clean
 * end of input before a chained file, -1 on failure.
 */
static int fit_header(struct fit_reader *r)
{
	unsigned char h[HEADER_MAX];
	unsigned hsize, ver;
	uint16_t hcrc;

	r->crc = 0;
	r->msg_off = r->off;
	if (fit_take(r, h, 1) != 0) {
		if (r->status != RR_OK)
			return -1;
		if (r->part == 0) {
			fit_fail_id(r, RR_EPARSE, r->msg_off, RR_MSG_EMPTY_FILE);
			return -1;
		}
		return 0;
	}
	hsize = h[0];
	if (hsize < 12) {
		if (r->part)
			fit_fail(r, RR_EPARSE, r->msg_off,
				 "bytes after the FIT data that are not a chained FIT file "
				 "(a header size of %u)", hsize);
		else
			fit_fail(r, RR_EPARSE, r->msg_off,
				 "a FIT header of %u bytes (12 or 14 expected)", hsize);
		return -1;
	}
	if (fit_take(r, h + 1, hsize - 1) != 0) {
		fit_fail(r, RR_EPARSE, r->off, "truncated inside the %u-byte FIT header", hsize);
		return -1;
	}
	if (memcmp(h + 8, ".FIT", 4) != 0) {
		fit_fail(r, RR_EPARSE, r->msg_off + 8, r->part ?
			 "bytes after the FIT data that are not a chained FIT file (no \".FIT\")" :
			 "not a FIT header (no \".FIT\" at bytes 8 to 11)");
		return -1;
	}
	ver = h[1];
	if ((ver >> 4) > 2) {
		fit_fail(r, RR_EPARSE, r->msg_off + 1,
			 "FIT protocol version %u.%u (this decoder reads 1.x and 2.x)",
			 ver >> 4, ver & 0x0F);
		return -1;
	}
	r->data_size = (unsigned long)fit_load(h + 4, 4, false);
	if (hsize >= 14) {
		hcrc = (uint16_t)fit_load(h + 12, 2, false);
		if (hcrc != 0 && hcrc != fit_crc16(0, h, 12)) {
			fit_fail(r, RR_EPARSE, r->msg_off + 12,
				 "FIT header CRC mismatch (stored 0x%04X, computed 0x%04X)", hcrc,
				 fit_crc16(0, h, 12));
			return -1;
		}
	}
	if (r->lim.max_bytes && r->data_size > r->lim.max_bytes) {
		fit_fail(r, RR_ELIMIT, r->msg_off + 4,
			 "the FIT header announces %lu bytes of data (the cap is %llu)",
			 r->data_size, r->lim.max_bytes);
		return -1;
	}
	r->remain = r->data_size;
	return 1;
}

static void fit_file_crc(struct fit_reader *r)
{
	unsigned char c[2];
	uint16_t computed = r->crc, stored;
	unsigned long long at = r->off;

	if (fit_take(r, c, 2) != 0) {
		fit_fail(r, RR_EPARSE, at, "truncated: the file ends before its 2-byte FIT CRC");
		return;
	}
	stored = (uint16_t)(c[0] | c[1] << 8);
	if (stored != computed)
		fit_fail(r, RR_EPARSE, at,
			 "FIT file CRC mismatch (stored 0x%04X, computed 0x%04X): the file is "
			 "corrupt, none of it is used", stored, computed);
}

static void fit_run(struct fit_reader *r)
{
	for (r->part = 0; r->status == RR_OK; r->part++) {
		int h = fit_header(r);

		if (h <= 0)
			break;
		memset(r->def, 0, sizeof(r->def));
		r->have_last_ts = false;
		r->part_kind = PART_NONE;
		r->part_new_act = false;
		while (r->remain > 0 && r->status == RR_OK)
			fit_record(r);
		if (r->status == RR_OK)
			fit_file_crc(r);
	}
	if (r->status != RR_OK)
		return;
	r->msg_off = r->off;
	if (r->act_open)
		fit_close(r);
	else if (r->activities == 0)
		fit_fail(r, RR_EFORMAT, 0,
			 "not an activity: a FIT file with no file_id message and no records");
}

enum rr_status fit_parse(struct rr_input *in, const struct rr_limits *lim,
			 const struct rr_sink *sink, struct rr_error *err)
{
	struct fit_reader *r = malloc(sizeof(*r));
	enum rr_status st;

	if (!r)
		return rr_error_msg(err, RR_ENOMEM, 0, 0, RR_MSG_NOMEM, "FIT decoder");
	/* buf (most of the struct) is only read after the input wrote it */
	memset(r, 0, offsetof(struct fit_reader, buf));
	r->in = in;
	r->sink = sink;
	r->err = err;
	if (lim)
		r->lim = *lim;
	else
		rr_limits_default(&r->lim);
	r->maker = r->product = -1;
	fit_run(r);
	st = r->status;
	free(r);
	return st;
}
