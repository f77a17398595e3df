#include "parsers/strava_csv.h"

#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/num.h"
#include "core/timeutil.h"

/* Header names per column: English (Strava's own), then German. */
static const char *const col_names[STRAVA_NCOLS][2] = {
	[STRAVA_COL_ID] = { "Activity ID", "Aktivit\xc3\xa4ts-ID" },
	[STRAVA_COL_DATE] = { "Activity Date", "Aktivit\xc3\xa4tsdatum" },
	[STRAVA_COL_NAME] = { "Activity Name", "Name der Aktivit\xc3\xa4t" },
	[STRAVA_COL_TYPE] = { "Activity Type", "Aktivit\xc3\xa4tsart" },
	[STRAVA_COL_GEAR] = { "Activity Gear", "Aktivit\xc3\xa4tsausr\xc3\xbcstung" },
	[STRAVA_COL_FILENAME] = { "Filename", "Dateiname" },
	[STRAVA_COL_ELAPSED] = { "Elapsed Time", "Verstrichene Zeit" },
	[STRAVA_COL_DISTANCE] = { "Distance", "Distanz" },
};

#define STRAVA_MAX_ROWS 10000000u	/* far beyond any athlete's lifetime */

void strava_export_init(struct strava_export *x)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < STRAVA_NCOLS; i++)
		x->column[i] = -1;
}

void strava_export_release(struct strava_export *x)
{
	if (!x)
		return;
	free(x->rows);
	free(x->warnings);
	free(x->by_file);
	strava_export_init(x);
}

/* Copy at most size - 1 bytes of s[0..len), never splitting a UTF-8 sequence. */
static void copy_utf8(char *dst, size_t size, const char *s, size_t len)
{
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static bool ends_with_ci(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && strncasecmp(s + len - n, suffix, n) == 0;
}

/* ---- Activity Date ---- */

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int read_int(const char **p, int max_digits, int *out)
{
	int v = 0, n = 0;

	while (**p >= '0' && **p <= '9' && n < max_digits) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0)
		return -1;
	*out = v;
	return 0;
}

static int month_of(const char *p)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	int i;

	for (i = 0; i < 12; i++)
		if (strncasecmp(p, months + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

/* "h:mm:ss" with an optional AM/PM, then the end of the text; -1 on error. */
static int read_clock(const char *p, int *h, int *mi, int *s)
{
	p = skip_ws(p);
	if (read_int(&p, 2, h) || *p++ != ':' || read_int(&p, 2, mi) || *p++ != ':' ||
	    read_int(&p, 2, s))
		return -1;
	p = skip_ws(p);
	if ((p[0] == 'A' || p[0] == 'a' || p[0] == 'P' || p[0] == 'p') &&
	    (p[1] == 'M' || p[1] == 'm')) {
		if (*h < 1 || *h > 12)
			return -1;
		*h = *h % 12 + (p[0] == 'P' || p[0] == 'p' ? 12 : 0);
		p = skip_ws(p + 2);
	}
	if (*p || *h > 23 || *mi > 59 || *s > 60)
		return -1;
	return 0;
}

static int civil_to_t(int y, int m, int d, int h, int mi, int s, double *t_s)
{
	int32_t day;
	int yy, mm, dd;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	day = rr_days_from_civil(y, m, d);
	rr_civil_from_days(day, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1;	/* 31 April and the like */
	*t_s = (double)day * 86400.0 + h * 3600.0 + mi * 60.0 + s;
	return 0;
}

int strava_parse_date(const char *s, double *t_s)
{
	const char *p = skip_ws(s);
	int y, m, d, h, mi, sec;

	if (rr_parse_iso8601(s, strlen(s), t_s, NULL, NULL) == 0)
		return 0;
	if (month_of(p)) {
		/* English: "Jan 5, 2024, 7:12:34 AM" (month names may be long: "January") */
		m = month_of(p);
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '.')
			p++;
		p = skip_ws(p);
		if (read_int(&p, 2, &d))
			return -1;
		p = skip_ws(p);
		if (*p == ',')
			p++;
		p = skip_ws(p);
		if (read_int(&p, 4, &y))
			return -1;
	} else {
		/* German: "05.01.2024, 07:12:34" */
		if (read_int(&p, 2, &d) || *p++ != '.' || read_int(&p, 2, &m) || *p++ != '.' ||
		    read_int(&p, 4, &y))
			return -1;
	}
	p = skip_ws(p);
	if (*p == ',')
		p++;
	if (read_clock(p, &h, &mi, &sec))
		return -1;
	return civil_to_t(y, m, d, h, mi, sec, t_s);
}

/* ---- reading ---- */

struct reader {
	struct strava_export *x;
	struct rr_error *err;
	/* the row being assembled: field i is buf + off[i], NUL-terminated */
	char *buf;
	size_t len, cap;
	size_t *off;
	size_t nfields, off_cap;
	unsigned long line;		/* line being fed, from 1 */
	unsigned long row_line;		/* line where the current row began */
	bool have_header;
	bool stop;			/* ignore the rest of the file */
	enum rr_status status;		/* a fatal problem found in a callback */
	bool oom;
};

static void warn(struct reader *r, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct reader *r, unsigned long line, const char *fmt, ...)
{
	struct strava_export *x = r->x;
	struct strava_warning *w;
	va_list ap;

	if (RR_GROW(x->warnings, x->warnings_cap, x->nwarnings + 1)) {
		r->oom = true;
		return;
	}
	w = &x->warnings[x->nwarnings++];
	w->line = line;
	va_start(ap, fmt);
	vsnprintf(w->msg, sizeof(w->msg), fmt, ap);
	va_end(ap);
}

static void on_field(void *field, size_t len, void *data)
{
	struct reader *r = data;

	if (r->stop || r->oom)
		return;
	if (r->nfields == 0)
		r->row_line = r->line;
	if (RR_GROW(r->off, r->off_cap, r->nfields + 1) || len > SIZE_MAX - r->len - 1 ||
	    RR_GROW(r->buf, r->cap, r->len + len + 1)) {
		r->oom = true;
		return;
	}
	r->off[r->nfields++] = r->len;
	if (len)
		memcpy(r->buf + r->len, field, len);
	r->len += len;
	r->buf[r->len++] = '\0';
}

/* Field i of the current row, with surrounding blanks trimmed; "" when absent. */
static const char *field_at(struct reader *r, long i, size_t *len)
{
	const char *s, *e;

	if (i < 0 || (size_t)i >= r->nfields) {
		*len = 0;
		return "";
	}
	s = r->buf + r->off[i];
	e = s + strlen(s);
	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*len = (size_t)(e - s);
	return s;
}

static void header_row(struct reader *r)
{
	struct strava_export *x = r->x;
	size_t i, c, n, len;

	for (i = 0; i < r->nfields; i++) {
		const char *name = field_at(r, (long)i, &len);

		for (c = 0; c < STRAVA_NCOLS; c++) {
			if (x->column[c] >= 0)
				continue;	/* repeated name: the first one counts */
			for (n = 0; n < 2; n++)
				if (strlen(col_names[c][n]) == len &&
				    strncasecmp(name, col_names[c][n], len) == 0)
					x->column[c] = (long)i;
		}
	}
	r->have_header = true;
	if (x->column[STRAVA_COL_FILENAME] < 0) {
		r->status = rr_error_set(r->err, RR_EFORMAT, r->row_line, 0,
					 "no Filename column in the header: not a Strava activities.csv");
		r->stop = true;
	}
}

static double number_or_nan(const char *s, size_t len)
{
	char tmp[64];
	double v;
	char *comma;

	if (len == 0 || len >= sizeof(tmp))
		return NAN;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (rr_parse_double_z(tmp, &v) == 0)
		return v;
	/* a German export may write a decimal comma: "10,5" */
	comma = strchr(tmp, ',');
	if (comma && !strchr(comma + 1, ',') && !strchr(tmp, '.')) {
		*comma = '.';
		if (rr_parse_double_z(tmp, &v) == 0)
			return v;
	}
	return NAN;
}

static void data_row(struct reader *r)
{
	struct strava_export *x = r->x;
	struct strava_row *row;
	const char *s;
	size_t len, i;
	bool blank = true;

	for (i = 0; i < r->nfields && blank; i++)
		if (r->buf[r->off[i]] != '\0')
			blank = false;
	if (blank)
		return;
	if ((size_t)x->column[STRAVA_COL_FILENAME] >= r->nfields) {
		warn(r, r->row_line, "row has %zu fields, no Filename; skipped", r->nfields);
		return;
	}
	if (x->nrows >= STRAVA_MAX_ROWS) {
		warn(r, r->row_line, "too many rows; the rest is ignored");
		r->stop = true;
		return;
	}
	if (RR_GROW(x->rows, x->rows_cap, x->nrows + 1)) {
		r->oom = true;
		return;
	}
	row = &x->rows[x->nrows];
	memset(row, 0, sizeof(*row));
	row->line = r->row_line;

	s = field_at(r, x->column[STRAVA_COL_FILENAME], &len);
	if (len >= sizeof(row->filename)) {
		warn(r, r->row_line, "file name longer than %zu bytes; row skipped",
		     sizeof(row->filename) - 1);
		return;
	}
	copy_utf8(row->filename, sizeof(row->filename), s, len);
	if (len == 0) {
		row->flags |= STRAVA_ROW_NO_FILE;
		x->nno_file++;
	} else if (ends_with_ci(s, len, ".fit") || ends_with_ci(s, len, ".fit.gz")) {
		row->flags |= STRAVA_ROW_FIT;
		x->nfit++;
	}
	s = field_at(r, x->column[STRAVA_COL_ID], &len);
	copy_utf8(row->id, sizeof(row->id), s, len);
	s = field_at(r, x->column[STRAVA_COL_DATE], &len);
	copy_utf8(row->date, sizeof(row->date), s, len);
	if (row->date[0] == '\0' || strava_parse_date(row->date, &row->start_t_s) != 0) {
		row->start_t_s = NAN;
		if (row->date[0])
			warn(r, r->row_line, "unreadable Activity Date \"%.60s\"", row->date);
	}
	s = field_at(r, x->column[STRAVA_COL_NAME], &len);
	copy_utf8(row->name, sizeof(row->name), s, len);
	s = field_at(r, x->column[STRAVA_COL_TYPE], &len);
	copy_utf8(row->type, sizeof(row->type), s, len);
	s = field_at(r, x->column[STRAVA_COL_GEAR], &len);
	copy_utf8(row->gear, sizeof(row->gear), s, len);
	s = field_at(r, x->column[STRAVA_COL_ELAPSED], &len);
	row->elapsed_s = number_or_nan(s, len);
	s = field_at(r, x->column[STRAVA_COL_DISTANCE], &len);
	row->distance = number_or_nan(s, len);
	x->nrows++;
}

static void on_row(int c, void *data)
{
	struct reader *r = data;

	(void)c;
	if (!r->stop && !r->oom) {
		if (!r->have_header)
			header_row(r);
		else
			data_row(r);
	}
	r->nfields = 0;
	r->len = 0;
}

/* ---- the lookup index ---- */

/* The part of a file name that identifies it: without a trailing ".gz". */
static size_t key_len(const char *s)
{
	size_t len = strlen(s);

	return ends_with_ci(s, len, ".gz") ? len - 3 : len;
}

static int key_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);

	if (c)
		return c;
	return al < bl ? -1 : al > bl;
}

/* qsort has no context: sort (row pointer, index) pairs. */
struct key_ref {
	const char *name;
	size_t len;
	size_t idx;
};

static int ref_cmp(const void *pa, const void *pb)
{
	const struct key_ref *a = pa, *b = pb;
	int c = key_cmp(a->name, a->len, b->name, b->len);

	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int build_index(struct strava_export *x)
{
	struct key_ref *refs;
	size_t i, n = 0;

	free(x->by_file);
	x->by_file = rr_alloc_array(x->nrows ? x->nrows : 1, sizeof(*x->by_file));
	refs = rr_alloc_array(x->nrows ? x->nrows : 1, sizeof(*refs));
	if (!x->by_file || !refs) {
		free(refs);
		return -1;
	}
	for (i = 0; i < x->nrows; i++) {
		if (x->rows[i].filename[0] == '\0')
			continue;
		refs[n].name = x->rows[i].filename;
		refs[n].len = key_len(x->rows[i].filename);
		refs[n].idx = i;
		n++;
	}
	qsort(refs, n, sizeof(*refs), ref_cmp);
	for (i = 0; i < n; i++)
		x->by_file[i] = refs[i].idx;
	for (; i < x->nrows; i++)
		x->by_file[i] = SIZE_MAX;	/* rows without a file: not indexed */
	free(refs);
	return 0;
}

static const char *base_name(const char *s)
{
	const char *slash = strrchr(s, '/');

	return slash ? slash + 1 : s;
}

const struct strava_row *strava_export_find(const struct strava_export *x, const char *rel)
{
	size_t lo = 0, hi, i, rl, found = SIZE_MAX, matches = 0;
	const char *base;

	if (!x->by_file || !rel)
		return NULL;
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	rl = key_len(rel);
	for (hi = 0; hi < x->nrows && x->by_file[hi] != SIZE_MAX; hi++)
		;
	/* lower bound: the first indexed row whose key is >= rel */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *name = x->rows[x->by_file[mid]].filename;

		if (key_cmp(name, key_len(name), rel, rl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < x->nrows && x->by_file[lo] != SIZE_MAX) {
		const char *name = x->rows[x->by_file[lo]].filename;

		if (key_cmp(name, key_len(name), rel, rl) == 0)
			return &x->rows[x->by_file[lo]];
	}
	/* Moved files: the same name in one row only. */
	base = base_name(rel);
	rl = key_len(base);
	for (i = 0; i < x->nrows; i++) {
		const char *b = base_name(x->rows[i].filename);

		if (x->rows[i].filename[0] && key_cmp(b, key_len(b), base, rl) == 0) {
			found = i;
			matches++;
		}
	}
	return matches == 1 ? &x->rows[found] : NULL;
}

const char *strava_relative(const char *csv_path, const char *file_path)
{
	/*
	 * The folder ends at the last '/', or at the ':' after a zip's name
	 * ("export.zip:activities.csv"): the file name has neither.
	 */
	const char *slash = strrchr(csv_path, '/'), *colon = strrchr(csv_path, ':');
	size_t dl;

	if (colon && (!slash || colon > slash)) {
		dl = (size_t)(colon - csv_path);
		if (strncmp(file_path, csv_path, dl + 1) != 0)
			return NULL;
		return file_path + dl + 1;
	}

	if (!slash) {
		if (file_path[0] == '/')
			return NULL;
		while (file_path[0] == '.' && file_path[1] == '/')
			file_path += 2;
		return file_path;
	}
	dl = (size_t)(slash - csv_path);
	if (strncmp(file_path, csv_path, dl) != 0 || file_path[dl] != '/')
		return NULL;
	file_path += dl;
	while (*file_path == '/')
		file_path++;
	return file_path;
}

/* Feed data[0..len) line by line so that callbacks know the line number. */
static enum rr_status feed(struct csv_parser *p, struct reader *r, const char *data,
			   size_t len)
{
	while (len) {
		const char *nl = memchr(data, '\n', len);
		size_t n = nl ? (size_t)(nl - data) + 1 : len;

		if (csv_parse(p, data, n, on_field, on_row, r) != n) {
			if (csv_error(p) == CSV_EPARSE)
				return rr_error_set(r->err, RR_EPARSE, r->line, 0,
						    "malformed CSV: a quote inside an unquoted field or after a closing quote");
			r->oom = true;
		}
		if (r->oom)
			return rr_error_set(r->err, RR_ENOMEM, r->line, 0, "out of memory");
		if (nl)
			r->line++;
		data += n;
		len -= n;
	}
	return RR_OK;
}

enum rr_status strava_csv_read(struct strava_export *x, struct rr_input *in,
			       struct rr_error *err)
{
	struct csv_parser p;
	struct reader r;
	const unsigned char *head;
	size_t got, hlen;
	enum rr_status st;
	char *chunk;

	strava_export_release(x);
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	memset(&r, 0, sizeof(r));
	r.x = x;
	r.err = err;
	r.line = 1;
	chunk = malloc(1 << 16);
	if (!chunk) {
		csv_free(&p);
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	}
	/* Skip a UTF-8 byte-order mark (Excel writes one). */
	st = rr_input_peek(in, 3, &head, &hlen, err);
	if (st == RR_OK && hlen == 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
		size_t skipped = 0;

		while (st == RR_OK && skipped < 3) {
			st = rr_input_read(in, chunk, 3 - skipped, &got, err);
			if (st == RR_OK && got == 0)
				break;
			skipped += got;
		}
	}
	while (st == RR_OK && !r.stop) {
		st = rr_input_read(in, chunk, 1 << 16, &got, err);
		if (st != RR_OK || got == 0)
			break;
		st = feed(&p, &r, chunk, got);
	}
	if (st == RR_OK && !r.stop) {
		if (csv_fini(&p, on_field, on_row, &r) != 0)
			st = rr_error_set(err, RR_EPARSE, r.line, 0,
					  "malformed CSV: a quoted field is not closed");
		else if (r.oom)
			st = rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	}
	if (st == RR_OK && r.status != RR_OK)
		st = r.status;
	if (st == RR_OK && !r.have_header)
		st = rr_error_set(err, RR_EFORMAT, 1, 0, "empty file: no header row");
	csv_free(&p);
	free(chunk);
	free(r.buf);
	free(r.off);
	if (build_index(x) != 0 && st == RR_OK)
		st = rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	return st;
}

enum rr_status strava_csv_load(struct strava_export *x, const char *path,
			       unsigned long long max_bytes, struct rr_error *err)
{
	struct rr_input *in = NULL;
	enum rr_status st = rr_input_open(&in, path, max_bytes, err);

	if (st != RR_OK) {
		strava_export_release(x);
		return st;
	}
	st = strava_csv_read(x, in, err);
	rr_input_close(in);
	return st;
}
