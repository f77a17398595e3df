#include "parsers/pain_csv.h"

#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/num.h"
#include "core/timeutil.h"
#include "parsers/athlete_ini.h"

#define MAX_FIELDS 8
#define FIELD_BYTES 256

enum col { COL_DATE, COL_SIDE, COL_SEVERITY, COL_NOTE, COL_KM_ONSET, NCOLS };

/*
 * libcsv reports fields and record ends but no line numbers, so the text is
 * fed one physical line at a time: a record ends on the line being fed when
 * its terminator arrives, and starts as many lines earlier as it holds
 * newlines inside quoted fields.
 */
struct pain_ctx {
	struct rr_pain *rows;
	size_t n, cap;
	struct rr_error *err;
	bool failed;
	unsigned long line;		/* line being fed */
	unsigned long nl_in_record;	/* newlines inside the record's fields */
	bool header_seen;		/* the first record was looked at */
	int col[NCOLS];			/* field index of each column, -1 absent */
	size_t nfields;
	char field[MAX_FIELDS][FIELD_BYTES];
	size_t field_len[MAX_FIELDS];
};

static void pain_error(struct pain_ctx *c, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void pain_error(struct pain_ctx *c, unsigned long line, const char *fmt, ...)
{
	char msg[sizeof(c->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rr_error_set(c->err, RR_ECONFIG, line, 0, "%s", msg);
	c->failed = true;
}

/* Copy at most size-1 bytes, not cutting a UTF-8 sequence in half. */
static size_t copy_utf8(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size) {
		n = size - 1;
		while (n && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct pain_ctx *c = ctx;
	const char *s = data;
	size_t i;

	for (i = 0; i < len; i++)
		c->nl_in_record += s[i] == '\n';
	if (c->nfields < MAX_FIELDS) {
		c->field_len[c->nfields] = copy_utf8(c->field[c->nfields], FIELD_BYTES,
						     s ? s : "", s ? len : 0);
		c->nfields++;
	}
}

static bool eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

static bool try_header(struct pain_ctx *c)
{
	static const char *const names[NCOLS] = {
		"date", "side", "severity", "note", "km_at_onset"
	};
	bool any = false;
	size_t i, k;

	for (k = 0; k < NCOLS; k++)
		c->col[k] = -1;
	for (i = 0; i < c->nfields; i++)
		for (k = 0; k < NCOLS; k++)
			if (eq_nocase(c->field[i], names[k])) {
				c->col[k] = (int)i;
				any = true;
			}
	if (!any)
		for (k = 0; k < NCOLS; k++)
			c->col[k] = (int)k;
	return any;
}

static const char *col_text(const struct pain_ctx *c, enum col k)
{
	int i = c->col[k];

	return i >= 0 && (size_t)i < c->nfields ? c->field[i] : "";
}

static int parse_side(const char *s, char *out, size_t size)
{
	static const struct { const char *in, *out; } map[] = {
		{ "", "" }, { "left", "left" }, { "l", "left" }, { "right", "right" },
		{ "r", "right" }, { "both", "both" }, { "b", "both" },
		{ "bilateral", "both" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (eq_nocase(s, map[i].in)) {
			snprintf(out, size, "%s", map[i].out);
			return 0;
		}
	return -1;
}

/* "", "7", "7/10" -> 0..10, or -1 for unknown; -2 when invalid. */
static int parse_severity(const char *s)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	double v;

	if (!s[0])
		return -1;
	if (slash && strcmp(slash, "/10"))
		return -2;
	if (rr_parse_double(s, n, &v) || v < 0 || v > 10 || v != floor(v))
		return -2;
	return (int)v;
}

static void on_record(int term, void *ctx)
{
	struct pain_ctx *c = ctx;
	unsigned long start = c->line - c->nl_in_record;
	struct rr_pain p;
	const char *date, *side, *sev;
	size_t i;
	bool blank = true;

	(void)term;
	if (c->failed)
		goto done;
	for (i = 0; i < c->nfields; i++)
		blank = blank && c->field_len[i] == 0;
	if (blank)
		goto done;
	if (!c->header_seen) {
		c->header_seen = true;
		if (try_header(c)) {
			if (c->col[COL_DATE] < 0)
				pain_error(c, start, "the header has no \"date\" column");
			goto done;
		}
	}
	memset(&p, 0, sizeof(p));
	date = col_text(c, COL_DATE);
	side = col_text(c, COL_SIDE);
	sev = col_text(c, COL_SEVERITY);
	if (!date[0]) {
		pain_error(c, start, "date is missing");
		goto done;
	}
	if (rr_parse_date(date, strlen(date), &p.day)) {
		pain_error(c, start, "date \"%.40s\": expected YYYY-MM-DD", date);
		goto done;
	}
	if (parse_side(side, p.side, sizeof(p.side))) {
		pain_error(c, start, "side \"%.40s\": expected left, right, both or empty",
			   side);
		goto done;
	}
	p.severity = parse_severity(sev);
	if (p.severity == -2) {
		pain_error(c, start, "severity \"%.40s\": expected 0 to 10 or empty", sev);
		goto done;
	}
	copy_utf8(p.note, sizeof(p.note), col_text(c, COL_NOTE),
		  strlen(col_text(c, COL_NOTE)));
	p.km_at_onset = NAN;
	if (col_text(c, COL_KM_ONSET)[0] &&
	    (rr_parse_double_z(col_text(c, COL_KM_ONSET), &p.km_at_onset) ||
	     !(p.km_at_onset > 0 && p.km_at_onset < 1000))) {
		pain_error(c, start, "km_at_onset \"%.40s\": expected a distance in km",
			   col_text(c, COL_KM_ONSET));
		goto done;
	}
	if (c->n >= RR_PAIN_MAX_ROWS) {
		pain_error(c, start, "more than %d entries", RR_PAIN_MAX_ROWS);
		goto done;
	}
	if (RR_GROW(c->rows, c->cap, c->n + 1)) {
		rr_error_set(c->err, RR_ENOMEM, 0, 0, "out of memory");
		c->failed = true;
		goto done;
	}
	c->rows[c->n++] = p;
done:
	c->nfields = 0;
	c->nl_in_record = 0;
}

enum rr_status rr_pain_parse(const char *buf, size_t len, struct rr_pain **out,
			     size_t *n, struct rr_error *err)
{
	struct rr_error local = RR_ERROR_INIT;
	struct csv_parser csv;
	struct pain_ctx *c;
	const char *p = buf, *end = buf + len;
	enum rr_status st = RR_OK;

	*out = NULL;
	*n = 0;
	c = calloc(1, sizeof(*c));
	if (!c)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	c->err = &local;
	if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI)) {
		free(c);
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	}
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end && !c->failed) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t chunk = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		c->line++;
		if (csv_parse(&csv, p, chunk, on_field, on_record, c) != chunk) {
			if (csv_error(&csv) == CSV_EPARSE)
				pain_error(c, c->line - c->nl_in_record,
					   "malformed quoting (a quote inside an unquoted "
					   "field, or text after a closing quote)");
			else
				rr_error_set(c->err, RR_ENOMEM, 0, 0, "out of memory");
			c->failed = true;
		}
		p += chunk;
	}
	if (!c->failed && csv_fini(&csv, on_field, on_record, c))
		pain_error(c, c->line - c->nl_in_record, "a quoted field is not closed");
	csv_free(&csv);
	if (c->failed || local.code != RR_OK) {
		st = local.code != RR_OK ? local.code : RR_ECONFIG;
		if (err && err->code == RR_OK)
			*err = local;
		free(c->rows);
	} else {
		*out = c->rows;
		*n = c->n;
	}
	free(c);
	return st;
}

enum rr_status rr_pain_load(const char *path, struct rr_pain **out, size_t *n,
			    struct rr_error *err)
{
	enum rr_status st;
	char *buf;
	size_t len;

	*out = NULL;
	*n = 0;
	st = rr_read_file(path, RR_PAIN_MAX_BYTES, &buf, &len, err);
	if (st)
		return st;
	st = rr_pain_parse(buf, len, out, n, err);
	free(buf);
	return st;
}
