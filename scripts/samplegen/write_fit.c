/*
 * write_fit.c - a FIT activity file as a Garmin watch writes one: a 14-byte
 * header with its CRC, file_id, the creator's device_info, a timer start
 * event, one record per sample (a timer stop_all and start around each
 * pause), a lap per lap, one session, the activity message (with the local
 * time, which gives the zone), and the file CRC.  All little-endian,
 * one definition per local message type, no compressed timestamps.
 *
 * Written from the public FIT protocol description, independently of
 * runrisk's decoder (parsers/fit.c): the generator links nothing of
 * runrisk, and its CRC is computed here.  Values are rounded to the FIT
 * units (1e-7-degree semicircles, 0.2 m altitude, 0.01 m distance,
 * 0.001 m/s speed, whole bpm and rpm), as a watch rounds them.
 */
#include <math.h>
#include <string.h>

#include "scripts/samplegen/samplegen.h"

#define FIT_EPOCH 631065600	/* 1989-12-31T00:00:00Z in Unix time */

enum { L_FILE_ID, L_DEVICE, L_EVENT, L_RECORD, L_LAP, L_SESSION, L_ACTIVITY, L_SPORT };

struct fitw {
	struct sbuf *b;
	size_t start;		/* of the header in b */
};

static uint16_t crc16(uint16_t crc, const unsigned char *p, size_t n)
{
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
	}
	return crc;
}

static void put(struct fitw *w, uint64_t v, unsigned size)
{
	unsigned char le[8];

	for (unsigned i = 0; i < size; i++)
		le[i] = (unsigned char)(v >> (8 * i));
	sbuf_add(w->b, le, size);
}

/* A definition: local type, global number, then (field, size, base type) triples. */
static void def(struct fitw *w, unsigned local, unsigned global, const unsigned char *f, size_t n)
{
	put(w, 0x40 | local, 1);
	put(w, 0, 1);		/* reserved */
	put(w, 0, 1);		/* little-endian */
	put(w, global, 2);
	put(w, n, 1);
	sbuf_add(w->b, f, 3 * n);
}

static uint32_t fit_ts(int64_t unix_s)
{
	return (uint32_t)(unix_s - FIT_EPOCH);
}

/* A scaled value rounded to the FIT unit; the invalid value when unknown. */
static uint64_t scaled(double v, double scale, double offset, uint64_t invalid, uint64_t max)
{
	double x;

	if (isnan(v))
		return invalid;
	x = floor((v + offset) * scale + 0.5);
	if (x < 0 || x >= (double)max)
		return invalid;
	return (uint64_t)x;
}

static uint32_t semicircles(double deg)
{
	return (uint32_t)(int32_t)floor(deg * (2147483648.0 / 180.0) + 0.5);
}

static const unsigned char F_FILE_ID[] = {
	0, 1, 0x00,	/* type */
	1, 2, 0x84,	/* manufacturer */
	2, 2, 0x84,	/* product */
	3, 4, 0x8C,	/* serial_number */
	4, 4, 0x86,	/* time_created */
};
static const unsigned char F_DEVICE[] = {
	253, 4, 0x86, 0, 1, 0x02, 2, 2, 0x84, 4, 2, 0x84, 27, 20, 0x07,
};
/* sport, sub_sport, name: the watch's activity profile */
static const unsigned char F_SPORT[] = { 0, 1, 0x00, 1, 1, 0x00, 3, 16, 0x07 };
static const unsigned char F_EVENT[] = { 253, 4, 0x86, 0, 1, 0x00, 1, 1, 0x00 };
static const unsigned char F_RECORD[] = {
	253, 4, 0x86,	/* timestamp */
	0, 4, 0x85,	/* position_lat */
	1, 4, 0x85,	/* position_long */
	2, 2, 0x84,	/* altitude: 5 * (m + 500) */
	5, 4, 0x86,	/* distance: cm */
	6, 2, 0x84,	/* speed: mm/s */
	3, 1, 0x02,	/* heart_rate */
	4, 1, 0x02,	/* cadence */
};
static const unsigned char F_LAP[] = {
	253, 4, 0x86, 2, 4, 0x86, 7, 4, 0x86, 8, 4, 0x86, 9, 4, 0x86, 11, 2, 0x84,
	15, 1, 0x02, 16, 1, 0x02, 25, 1, 0x00,
};
static const unsigned char F_SESSION[] = {
	253, 4, 0x86, 2, 4, 0x86, 5, 1, 0x00, 6, 1, 0x00, 7, 4, 0x86, 8, 4, 0x86,
	9, 4, 0x86, 26, 2, 0x84,
};
static const unsigned char F_ACTIVITY[] = {
	253, 4, 0x86, 0, 4, 0x86, 1, 2, 0x84, 2, 1, 0x00, 3, 1, 0x00, 4, 1, 0x00, 5, 4, 0x86,
};

static void event(struct fitw *w, int64_t t, unsigned type)
{
	put(w, L_EVENT, 1);
	put(w, fit_ts(t), 4);
	put(w, 0, 1);		/* timer */
	put(w, type, 1);	/* 0 start, 4 stop_all */
}

static void record(struct fitw *w, const struct sample *p, bool treadmill)
{
	put(w, L_RECORD, 1);
	put(w, fit_ts(p->t_s), 4);
	put(w, treadmill ? 0x7FFFFFFFu : semicircles(p->lat_deg), 4);
	put(w, treadmill ? 0x7FFFFFFFu : semicircles(p->lon_deg), 4);
	put(w, treadmill ? 0xFFFF : scaled(p->ele_m, 5, 500, 0xFFFF, 0xFFFF), 2);
	put(w, scaled(p->dist_m, 100, 0, 0xFFFFFFFFu, 0xFFFFFFFFu), 4);
	put(w, scaled(p->speed_mps, 1000, 0, 0xFFFF, 0xFFFF), 2);
	put(w, scaled(p->hr_bpm, 1, 0, 0xFF, 0xFF), 1);
	put(w, scaled(p->cad_rpm, 1, 0, 0xFF, 0xFF), 1);
}

/* Timer time of samples [first, end): pauses (a new segment) do not count. */
static double timer_s(const struct track *t, size_t first, size_t end)
{
	double s = 0;

	for (size_t i = first + 1; i < end; i++)
		if (t->v[i - 1].seg == t->v[i].seg)
			s += (double)(t->v[i].t_s - t->v[i - 1].t_s);
	return s;
}

static void lap(struct fitw *w, const struct track *t, size_t first, size_t end, double start_dist,
		double mass_kg)
{
	double hr_sum = 0, hr_max = 0, dist = t->v[end - 1].dist_m - start_dist;
	size_t hr_n = 0;

	for (size_t i = first; i < end; i++)
		if (!isnan(t->v[i].hr_bpm)) {
			hr_sum += t->v[i].hr_bpm;
			hr_max = fmax(hr_max, t->v[i].hr_bpm);
			hr_n++;
		}
	put(w, L_LAP, 1);
	put(w, fit_ts(t->v[end - 1].t_s), 4);
	put(w, fit_ts(t->v[first].t_s), 4);
	put(w, (uint64_t)(t->v[end - 1].t_s - t->v[first].t_s) * 1000, 4);
	put(w, scaled(timer_s(t, first, end), 1000, 0, 0xFFFFFFFFu, 0xFFFFFFFFu), 4);
	put(w, scaled(dist, 100, 0, 0xFFFFFFFFu, 0xFFFFFFFFu), 4);
	put(w, scaled(mass_kg * dist / 1000 * 1.03, 1, 0, 0xFFFF, 0xFFFF), 2);
	put(w, hr_n ? scaled(hr_sum / (double)hr_n, 1, 0, 0xFF, 0xFF) : 0xFF, 1);
	put(w, hr_n ? scaled(hr_max, 1, 0, 0xFF, 0xFF) : 0xFF, 1);
	put(w, 1, 1);		/* running */
}

void write_fit(struct sbuf *b, const struct track *t, const struct export_meta *m, bool treadmill,
	       double mass_kg)
{
	struct fitw w = { b, b->len };
	const struct sample *first = &t->v[0], *last = &t->v[t->n - 1];
	char name[20];
	size_t lap_first = 0;
	unsigned nlaps = 0;
	uint16_t crc;
	uint32_t size;
	double start_dist = 0;

	/* header: size, protocol 2.0, profile 21.40, data size (patched), ".FIT", CRC (patched) */
	put(&w, 14, 1);
	put(&w, 0x20, 1);
	put(&w, 2140, 2);
	put(&w, 0, 4);
	sbuf_add(b, ".FIT", 4);
	put(&w, 0, 2);

	def(&w, L_FILE_ID, 0, F_FILE_ID, sizeof F_FILE_ID / 3);
	put(&w, L_FILE_ID, 1);
	put(&w, 4, 1);		/* activity */
	put(&w, 1, 2);		/* Garmin */
	put(&w, m->product_id, 2);
	put(&w, m->unit_id, 4);
	put(&w, fit_ts(first->t_s), 4);

	def(&w, L_DEVICE, 23, F_DEVICE, sizeof F_DEVICE / 3);
	put(&w, L_DEVICE, 1);
	put(&w, fit_ts(first->t_s), 4);
	put(&w, 0, 1);		/* device_index 0: the creator */
	put(&w, 1, 2);
	put(&w, m->product_id, 2);
	memset(name, 0, sizeof name);
	strncpy(name, m->device ? m->device : "", sizeof name - 1);
	sbuf_add(b, name, sizeof name);

	if (m->fit_profile) {
		char prof[16];

		def(&w, L_SPORT, 12, F_SPORT, sizeof F_SPORT / 3);
		put(&w, L_SPORT, 1);
		put(&w, 1, 1);		/* running */
		put(&w, treadmill ? 1 : m->fit_sub_sport, 1);
		memset(prof, 0, sizeof prof);
		strncpy(prof, m->fit_profile, sizeof prof - 1);
		sbuf_add(b, prof, sizeof prof);
	}

	def(&w, L_EVENT, 21, F_EVENT, sizeof F_EVENT / 3);
	def(&w, L_RECORD, 20, F_RECORD, sizeof F_RECORD / 3);
	def(&w, L_LAP, 19, F_LAP, sizeof F_LAP / 3);
	event(&w, first->t_s, 0);
	for (size_t i = 0; i < t->n; i++) {
		const struct sample *p = &t->v[i];

		if (i > 0 && p->lap != t->v[i - 1].lap) {
			lap(&w, t, lap_first, i, start_dist, mass_kg);
			start_dist = t->v[i - 1].dist_m;
			lap_first = i;
			nlaps++;
		}
		if (i > 0 && p->seg != t->v[i - 1].seg) {
			event(&w, t->v[i - 1].t_s, 4);	/* stop_all */
			event(&w, p->t_s, 0);
		}
		record(&w, p, treadmill);
	}
	event(&w, last->t_s, 4);
	lap(&w, t, lap_first, t->n, start_dist, mass_kg);
	nlaps++;

	def(&w, L_SESSION, 18, F_SESSION, sizeof F_SESSION / 3);
	put(&w, L_SESSION, 1);
	put(&w, fit_ts(last->t_s), 4);
	put(&w, fit_ts(first->t_s), 4);
	put(&w, 1, 1);				/* running */
	put(&w, treadmill ? 1 : m->fit_sub_sport, 1);	/* treadmill, generic, trail */
	put(&w, (uint64_t)(last->t_s - first->t_s) * 1000, 4);
	put(&w, scaled(timer_s(t, 0, t->n), 1000, 0, 0xFFFFFFFFu, 0xFFFFFFFFu), 4);
	put(&w, scaled(last->dist_m, 100, 0, 0xFFFFFFFFu, 0xFFFFFFFFu), 4);
	put(&w, nlaps, 2);

	def(&w, L_ACTIVITY, 34, F_ACTIVITY, sizeof F_ACTIVITY / 3);
	put(&w, L_ACTIVITY, 1);
	put(&w, fit_ts(last->t_s), 4);
	put(&w, scaled(timer_s(t, 0, t->n), 1000, 0, 0xFFFFFFFFu, 0xFFFFFFFFu), 4);
	put(&w, 1, 2);		/* one session */
	put(&w, 0, 1);		/* manual */
	put(&w, 26, 1);		/* event: activity */
	put(&w, 1, 1);		/* stop */
	put(&w, fit_ts(last->t_s + (m->zone ? zone_offset_at(m->zone, last->t_s) : 0)), 4);

	size = (uint32_t)(b->len - w.start - 14);
	for (int i = 0; i < 4; i++)
		b->p[w.start + 4 + i] = (char)(size >> (8 * i));
	crc = crc16(0, (const unsigned char *)b->p + w.start, 12);
	b->p[w.start + 12] = (char)(crc & 0xFF);
	b->p[w.start + 13] = (char)(crc >> 8);
	crc = crc16(0, (const unsigned char *)b->p + w.start, b->len - w.start);
	put(&w, crc, 2);
}
