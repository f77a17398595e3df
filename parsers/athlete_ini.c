#include "parsers/athlete_ini.h"

#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/num.h"
#include "core/timeutil.h"
#include "parsers/input.h"

/*
 * libinih calls the handler once per key with no line number (Debian builds
 * it without INI_HANDLER_LINENO), so the reader below hands it one physical
 * line at a time and remembers which line that was.  Lines longer than
 * libinih's buffer are refused rather than split (a split line would shift
 * libinih's own line count and make a half key).
 */
struct ini_ctx {
	struct rr_athlete *a;
	struct rr_error *err;
	const char *p, *end;	/* text not yet given to libinih */
	unsigned long line;	/* line of the text last given */
	unsigned long hr_max_line, hr_rest_line;
	unsigned long shoe_line[RR_MAX_SHOES];
	/*
	 * The section name as written (see_section_line()): libinih cuts
	 * section names at INI_MAX_SECTION - 1 bytes (49 in Debian's build),
	 * which would split a long shoe name into two shoes.
	 */
	char section[128];
	bool section_long;	/* the last section name did not fit section[] */
};

static void cfg_error(struct ini_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record a configuration error at the current line (the first one wins). */
static void cfg_error(struct ini_ctx *c, const char *fmt, ...)
{
	char msg[sizeof(c->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rr_error_set(c->err, RR_ECONFIG, c->line, 0, "%s", msg);
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Register a [shoe "Name"] section; returns its index or -1 (error set). */
static int shoe_section(struct ini_ctx *c, const char *section, bool create)
{
	const char *p = section + 4;	/* after "shoe" */
	char name[sizeof(c->a->shoes[0].name)];
	size_t n, i;

	while (is_space(*p))
		p++;
	if (*p == ':')
		p++;
	while (is_space(*p))
		p++;
	n = strlen(p);
	while (n && is_space(p[n - 1]))
		n--;
	if (n >= 2 && p[0] == '"' && p[n - 1] == '"')
		p++, n -= 2;
	if (!n) {
		cfg_error(c, "[%s]: a shoe section needs a name: [shoe \"Pegasus 39\"]",
			  section);
		return -1;
	}
	if (n >= sizeof(name)) {
		cfg_error(c, "[%s]: shoe name longer than 63 bytes", section);
		return -1;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	for (i = 0; i < c->a->nshoes; i++)
		if (!strcmp(c->a->shoes[i].name, name))
			return (int)i;
	if (!create)
		return -1;
	if (c->a->nshoes >= RR_MAX_SHOES) {
		cfg_error(c, "[%s]: more than 32 shoes", section);
		return -1;
	}
	i = c->a->nshoes++;
	memcpy(c->a->shoes[i].name, name, n + 1);
	c->shoe_line[i] = c->line;
	return (int)i;
}

static bool is_shoe_section(const char *section)
{
	return !strncmp(section, "shoe", 4) &&
	       (section[4] == '\0' || is_space(section[4]) || section[4] == '"' ||
		section[4] == ':');
}

/* Called by the reader on each "[...]" line, so that empty shoe sections count. */
static void see_section_line(struct ini_ctx *c, const char *s, size_t len)
{
	char sec[128];
	const char *close;
	size_t n;

	while (len && is_space(*s))
		s++, len--;
	if (!len || *s != '[')
		return;
	close = memchr(s, ']', len);
	if (!close)
		return;	/* libinih reports it */
	n = (size_t)(close - s - 1);
	c->section[0] = '\0';
	c->section_long = n >= sizeof(sec);
	if (c->section_long) {
		cfg_error(c, "section name longer than %zu bytes", sizeof(sec) - 1);
		return;
	}
	memcpy(sec, s + 1, n);
	sec[n] = '\0';
	/* libinih strips spaces around the section name too */
	while (n && is_space(sec[n - 1]))
		sec[--n] = '\0';
	snprintf(c->section, sizeof(c->section), "%s", sec + strspn(sec, " \t"));
	if (is_shoe_section(sec + strspn(sec, " \t")))
		shoe_section(c, sec + strspn(sec, " \t"), true);
}

static char *line_reader(char *str, int num, void *stream)
{
	struct ini_ctx *c = stream;
	const char *nl;
	size_t n, cap;

	if (c->p >= c->end || num < 2)
		return NULL;
	cap = (size_t)num - 1;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	n = nl ? (size_t)(nl - c->p) + 1 : (size_t)(c->end - c->p);
	c->line++;
	if (n > cap) {
		rr_error_set(c->err, RR_ECONFIG, c->line, 0,
			     "line longer than %zu bytes", cap - 1);
		c->p += n;
		strcpy(str, ";\n");	/* give libinih a comment in its place */
		return str;
	}
	memcpy(str, c->p, n);
	str[n] = '\0';
	see_section_line(c, c->p, n);
	c->p += n;
	return str;
}

/* Copy a string value, dropping one pair of surrounding double quotes. */
static int set_text(struct ini_ctx *c, char *dst, size_t size, const char *key,
		    const char *value)
{
	size_t n = strlen(value);

	if (n >= 2 && value[0] == '"' && value[n - 1] == '"')
		value++, n -= 2;
	if (n >= size) {
		char lim[32];

		snprintf(lim, sizeof(lim), "%zu", size - 1);
		cfg_error(c, "%s: value longer than %s bytes", key, lim);
		return 0;
	}
	memcpy(dst, value, n);
	dst[n] = '\0';
	return 1;
}

static int set_number(struct ini_ctx *c, double *dst, const char *key,
		      const char *value, double lo, double hi)
{
	double v;

	if (rr_parse_double_z(value, &v)) {
		cfg_error(c, "%s = \"%s\": not a number", key, value);
		return 0;
	}
	if (v < lo || v > hi) {
		char range[96], a[48], b[48];

		snprintf(range, sizeof(range), "%s outside %s..%s", value,
			 rr_format_double(a, sizeof(a), lo, 3),
			 rr_format_double(b, sizeof(b), hi, 3));
		cfg_error(c, "%s: %s", key, range);
		return 0;
	}
	*dst = v;
	return 1;
}

static int set_date(struct ini_ctx *c, int32_t *dst, const char *key, const char *value)
{
	if (rr_parse_date(value, strlen(value), dst)) {
		cfg_error(c, "%s = \"%s\": not a date (YYYY-MM-DD)", key, value);
		return 0;
	}
	return 1;
}

/* "4:10", "4:10/km", "4:10 min/km" -> seconds per km. */
static int parse_pace(const char *s, double *out)
{
	int m = 0, sec, nd = 0;

	while (is_space(*s))
		s++;
	while (*s >= '0' && *s <= '9' && nd < 3)
		m = m * 10 + (*s++ - '0'), nd++;
	if (!nd || *s++ != ':' || s[0] < '0' || s[0] > '5' || s[1] < '0' || s[1] > '9')
		return -1;
	sec = (s[0] - '0') * 10 + (s[1] - '0');
	s += 2;
	while (is_space(*s))
		s++;
	if (*s && strcmp(s, "/km") && strcmp(s, "min/km"))
		return -1;
	*out = m * 60.0 + sec;
	return 0;
}

/* "sand, beach, mud" -> lower-case words; an empty value clears the class's keywords. */
static int set_surface_words(struct ini_ctx *c, struct rr_surface_words *dst,
			     const char *key, const char *value)
{
	struct rr_surface_words w;
	const char *p = value;

	memset(&w, 0, sizeof(w));
	w.set = 1;
	while (is_space(*p))
		p++;
	while (*p) {
		size_t n = strcspn(p, ","), end = n, i;

		while (end && is_space(p[end - 1]))
			end--;
		if (!end || end >= RR_SURFACE_WORD_LEN) {
			cfg_error(c, "%s = \"%s\": expected words of 1..%d bytes "
				  "separated by commas", key, value, RR_SURFACE_WORD_LEN - 1);
			return 0;
		}
		if (w.n >= RR_SURFACE_WORDS) {
			cfg_error(c, "%s: more than %d words", key, RR_SURFACE_WORDS);
			return 0;
		}
		for (i = 0; i < end; i++)
			w.w[w.n][i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] - 'A' + 'a' : p[i]);
		w.n++;
		p += n;
		if (*p == ',') {
			p++;
			while (is_space(*p))
				p++;
			if (!*p) {
				cfg_error(c, "%s = \"%s\": a comma with no word after it", key, value);
				return 0;
			}
		}
	}
	*dst = w;
	return 1;
}

static int athlete_key(struct ini_ctx *c, const char *name, const char *value)
{
	static const char *const surface_keys[RR_SKW_COUNT] = {
		[RR_SKW_SOFT] = "surface_soft", [RR_SKW_TRAIL] = "surface_trail",
		[RR_SKW_TRACK] = "surface_track", [RR_SKW_INDOOR] = "surface_indoor",
	};
	size_t k;
	struct rr_athlete *a = c->a;

	if (!strcmp(name, "name"))
		return set_text(c, a->name, sizeof(a->name), name, value);
	if (!strcmp(name, "timezone")) {
		int32_t off;

		if (!set_text(c, a->timezone, sizeof(a->timezone), name, value))
			return 0;
		if (rr_tz_parse_offset(a->timezone, &off) && !rr_zone_name_ok(a->timezone)) {
			cfg_error(c, "timezone = \"%s\": not an IANA zone name "
				  "(Europe/Madrid) or an offset (+02:00)", value);
			return 0;
		}
		return 1;
	}
	if (!strcmp(name, "sex")) {
		if (!strcmp(value, "m") || !strcmp(value, "M") || !strcmp(value, "male"))
			a->sex = 'm';
		else if (!strcmp(value, "f") || !strcmp(value, "F") || !strcmp(value, "female"))
			a->sex = 'f';
		else {
			cfg_error(c, "sex = \"%s\": expected m or f", value);
			return 0;
		}
		return 1;
	}
	if (!strcmp(name, "hr_rest")) {
		c->hr_rest_line = c->line;
		return set_number(c, &a->hr_rest_bpm, name, value, 20, 150);
	}
	if (!strcmp(name, "hr_max")) {
		c->hr_max_line = c->line;
		return set_number(c, &a->hr_max_bpm, name, value, 80, 250);
	}
	if (!strcmp(name, "threshold_pace")) {
		double v;

		if (parse_pace(value, &v) || v < 120 || v > 1200) {
			cfg_error(c, "threshold_pace = \"%s\": expected min:sec per km "
				  "between 2:00 and 20:00, e.g. 4:10", value);
			return 0;
		}
		a->threshold_pace_s_per_km = v;
		return 1;
	}
	if (!strcmp(name, "late_km")) {
		double v;

		if (!set_number(c, &v, name, value, 1, RR_LATE_KM_MAX))
			return 0;
		if (v != floor(v)) {
			cfg_error(c, "late_km = \"%s\": expected whole km (1..%d)", value,
				  RR_LATE_KM_MAX);
			return 0;
		}
		a->late_km = (unsigned)v;
		return 1;
	}
	for (k = 0; k < RR_SKW_COUNT; k++)
		if (!strcmp(name, surface_keys[k]))
			return set_surface_words(c, &a->surface_words[k], name, value);
	cfg_error(c, "[athlete]: unknown key \"%s\"", name);
	return 0;
}

static int threshold_key(struct ini_ctx *c, const char *name, const char *value)
{
	struct rr_athlete *a = c->a;
	struct rr_override *o = NULL;
	size_t i, n = strlen(name);
	double v;

	if (!n || n >= sizeof(a->overrides[0].key) || strspn(name,
	    "abcdefghijklmnopqrstuvwxyz0123456789_") != n) {
		cfg_error(c, "[thresholds]: \"%s\" is not a threshold name", name);
		return 0;
	}
	if (rr_parse_double_z(value, &v)) {
		cfg_error(c, "%s = \"%s\": not a number", name, value);
		return 0;
	}
	for (i = 0; i < a->noverrides; i++)
		if (!strcmp(a->overrides[i].key, name))
			o = &a->overrides[i];
	if (!o) {
		if (a->noverrides >= RR_MAX_OVERRIDES) {
			cfg_error(c, "[thresholds]: more than 64 keys");
			return 0;
		}
		o = &a->overrides[a->noverrides++];
		memcpy(o->key, name, n + 1);
	}
	o->value = v;
	o->line = c->line;
	return 1;
}

static int shoe_key(struct ini_ctx *c, const char *section, const char *name,
		    const char *value)
{
	int i = shoe_section(c, section, true);
	struct rr_shoe *s;

	if (i < 0)
		return 0;
	s = &c->a->shoes[i];
	if (!strcmp(name, "start_km"))
		return set_number(c, &s->start_km, name, value, 0, 100000);
	if (!strcmp(name, "first_use"))
		return set_date(c, &s->first_use_day, name, value);
	if (!strcmp(name, "retire"))
		return set_date(c, &s->retire_day, name, value);
	if (!strcmp(name, "heel_drop_mm"))
		return set_number(c, &s->heel_drop_mm, name, value, 0, 30);
	if (!strcmp(name, "retire_at_km"))
		return set_number(c, &s->retire_at_km, name, value, 1, 100000);
	if (!strcmp(name, "keyword")) {
		if (!set_text(c, s->keyword, sizeof(s->keyword), name, value))
			return 0;
		if (!s->keyword[0]) {
			cfg_error(c, "keyword: empty");
			return 0;
		}
		return 1;
	}
	cfg_error(c, "[%s]: unknown key \"%s\"", section, name);
	return 0;
}

static int key_handler(void *user, const char *section, const char *name,
		       const char *value)
{
	struct ini_ctx *c = user;

	if (c->err && c->err->code != RR_OK)
		return 0;	/* report the first error only */
	/* The full name when libinih cut it (a long shoe name stays one shoe). */
	if (section[0] && c->section[0] && strlen(section) < strlen(c->section) &&
	    !strncmp(section, c->section, strlen(section)))
		section = c->section;
	if (!section[0] || !strcmp(section, "athlete"))
		return athlete_key(c, name, value);
	if (!strcmp(section, "thresholds"))
		return threshold_key(c, name, value);
	if (is_shoe_section(section))
		return shoe_key(c, section, name, value);
	cfg_error(c, "unknown section [%s]", section);
	return 0;
}

static enum rr_status check_whole(struct ini_ctx *c)
{
	struct rr_athlete *a = c->a;
	size_t i;

	if (isfinite(a->hr_rest_bpm) && isfinite(a->hr_max_bpm) &&
	    a->hr_rest_bpm >= a->hr_max_bpm)
		return rr_error_set(c->err, RR_ECONFIG,
				    c->hr_max_line > c->hr_rest_line ? c->hr_max_line :
								       c->hr_rest_line,
				    0, "hr_rest must be below hr_max");
	for (i = 0; i < a->nshoes; i++) {
		const struct rr_shoe *s = &a->shoes[i];

		if (s->first_use_day != RR_NO_DAY && s->retire_day != RR_NO_DAY &&
		    s->retire_day < s->first_use_day)
			return rr_error_set(c->err, RR_ECONFIG, c->shoe_line[i], 0,
					    "[shoe \"%s\"]: retire is before first_use",
					    s->name);
	}
	return RR_OK;
}

enum rr_status rr_athlete_ini_parse(struct rr_athlete *a, const char *buf,
				    size_t len, struct rr_error *err)
{
	struct rr_error local = RR_ERROR_INIT;
	struct ini_ctx c;
	const char *nul;
	int rc;

	rr_athlete_init(a);
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.err = &local;
	c.p = buf;
	c.end = buf + len;
	/* A UTF-8 byte order mark is not part of the first key. */
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		c.p += 3;
	nul = memchr(c.p, '\0', (size_t)(c.end - c.p));
	if (nul) {
		unsigned long line = 1;
		const char *q;

		for (q = c.p; q < nul; q++)
			line += *q == '\n';
		return rr_error_set(err, RR_ECONFIG, line, 0, "NUL byte in the file");
	}
	rc = ini_parse_stream(line_reader, &c, key_handler, &c);
	if (local.code == RR_OK) {
		if (rc == -2)
			rr_error_set(&local, RR_ENOMEM, 0, 0, "out of memory");
		else if (rc != 0)
			rr_error_set(&local, RR_ECONFIG, (unsigned long)(rc > 0 ? rc : 0), 0,
				     "expected \"key = value\" or \"[section]\"");
		else
			check_whole(&c);
	}
	if (local.code != RR_OK) {
		if (err && err->code == RR_OK)
			*err = local;
		return local.code;
	}
	return RR_OK;
}

enum rr_status rr_read_file(const char *path, size_t max, char **out, size_t *len,
			       struct rr_error *err)
{
	struct rr_input *in;
	enum rr_status st;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	*out = NULL;
	*len = 0;
	st = rr_input_open(&in, path, max, err);
	if (st)
		return st;
	for (;;) {
		if (RR_GROW(buf, cap, n + 4096 + 1)) {
			st = rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
			break;
		}
		st = rr_input_read(in, buf + n, cap - n - 1, &got, err);
		if (st || !got)
			break;
		n += got;
	}
	rr_input_close(in);
	if (st) {
		free(buf);
		return st;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return RR_OK;
}

enum rr_status rr_athlete_ini_load(struct rr_athlete *a, const char *path,
				   struct rr_error *err)
{
	enum rr_status st;
	char *buf;
	size_t len;

	rr_athlete_init(a);
	st = rr_read_file(path, RR_ATHLETE_INI_MAX_BYTES, &buf, &len, err);
	if (st)
		return st;
	st = rr_athlete_ini_parse(a, buf, len, err);
	free(buf);
	return st;
}

bool rr_zone_name_ok(const char *name)
{
	size_t n = strlen(name), i;
	const char *comp;

	if (!n || n >= 64 || name[0] == '/' || name[n - 1] == '/' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789_-+/") != n)
		return false;
	/* no empty, "." or ".." component, and no component starting with '-' */
	comp = name;
	for (i = 0; i <= n; i++) {
		if (name[i] == '/' || name[i] == '\0') {
			size_t cl = (size_t)(name + i - comp);

			if (!cl || comp[0] == '-')
				return false;
			comp = name + i + 1;
		}
	}
	return true;
}

enum rr_status rr_zone_load(struct rr_tz *tz, const char *name, const char *dir,
			    struct rr_error *err)
{
	struct rr_error local = RR_ERROR_INIT;
	char path[512];
	enum rr_status st;
	char *buf;
	size_t len;
	int n;

	rr_tz_release(tz);
	if (!rr_zone_name_ok(name))
		return rr_error_set(err, RR_ECONFIG, 0, 0,
				    "\"%s\" is not a time zone name", name);
	n = snprintf(path, sizeof(path), "%s/%s", dir ? dir : RR_ZONEINFO_DIR, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return rr_error_set(err, RR_ECONFIG, 0, 0, "zone path too long");
	st = rr_read_file(path, 1u << 20, &buf, &len, &local);
	if (st == RR_EIO && local.errno_ != 0)
		return rr_error_set(err, RR_ECONFIG, 0, 0,
				    "unknown time zone \"%s\" (no %s: %s)", name, path,
				    local.msg);
	if (st) {
		if (err && err->code == RR_OK)
			*err = local;
		return st;
	}
	st = rr_tz_parse_tzif(tz, name, (const unsigned char *)buf, len, err);
	free(buf);
	return st;
}

enum rr_status rr_athlete_zone_load(const struct rr_athlete *a, struct rr_tz *tz,
				    bool *have, const char *dir,
				    struct rr_error *err)
{
	int32_t off;
	enum rr_status st;

	rr_tz_release(tz);
	*have = false;
	if (!a->timezone[0])
		return RR_OK;
	if (rr_tz_parse_offset(a->timezone, &off) == 0) {
		rr_tz_set_fixed(tz, off);
		snprintf(tz->name, sizeof(tz->name), "%s", a->timezone);
		*have = true;
		return RR_OK;
	}
	st = rr_zone_load(tz, a->timezone, dir, err);
	if (st == RR_OK)
		*have = true;
	return st;
}
