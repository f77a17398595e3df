#include "report/runs_table.h"

#include <math.h>
#include <string.h>

#include "core/num.h"
#include "core/timeutil.h"

void csv_put_text(FILE *out, const char *s)
{
	const char *p;
	int quote = 0;

	if (!s || !*s)
		return;
	for (p = s; *p; p++)
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
			quote = 1;
	/* A cell a spreadsheet would run as a formula is defused with a quote. */
	if (strchr("=+-@\t", s[0]))
		quote = 2;
	if (!quote) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (quote == 2)
		fputc('\'', out);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if (n == 3 && s[0] == 0xE0 && s[1] < 0xA0)
		return 0;
	if (n == 3 && s[0] == 0xED && s[1] >= 0xA0)
		return 0;
	if (n == 4 && s[0] == 0xF0 && s[1] < 0x90)
		return 0;
	if (n == 4 && s[0] == 0xF4 && s[1] >= 0x90)
		return 0;
	return n;
}

void json_put_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', out);
	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fwrite(p, 1, n, out);
		p += n;
	}
	fputc('"', out);
}

void put_number(FILE *out, double v, int decimals, int json)
{
	char buf[48];

	if (!isfinite(v)) {
		if (json)
			fputs("null", out);
		return;
	}
	fputs(rr_format_double(buf, sizeof(buf), v, decimals), out);
}

static const char *const columns[] = {
	"file", "format", "sport", "start", "local_date", "elapsed_s", "moving_s",
	"distance_m", "gps_distance_m", "device_distance_m", "ascent_m", "descent_m",
	"ascent_raw_m", "points", "dropped_points", "hr_avg", "hr_max", "cadence_avg",
	"gap_pace_s_per_km", "fast_s", "climb_per_km", "trimp", "calf_load", "shoe",
	"device", "duplicate_of"
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

void runs_writer_init(struct runs_writer *w, FILE *out, enum runs_format f)
{
	w->out = out;
	w->format = f;
	w->rows = 0;
}

void runs_writer_header(struct runs_writer *w)
{
	size_t i;

	if (w->format == RUNS_JSON) {
		fputs("[", w->out);
		return;
	}
	for (i = 0; i < NCOLUMNS; i++)
		fprintf(w->out, "%s%s", i ? "," : "", columns[i]);
	fputc('\n', w->out);
}

/* Emit column i's separator and key. */
static void field(struct runs_writer *w, size_t i)
{
	if (w->format == RUNS_JSON)
		fprintf(w->out, "%s\"%s\":", i ? "," : "", columns[i]);
	else if (i)
		fputc(',', w->out);
}

static void text(struct runs_writer *w, size_t i, const char *s)
{
	field(w, i);
	if (w->format == RUNS_JSON) {
		if (s && *s)
			json_put_string(w->out, s);
		else
			fputs("null", w->out);
	} else {
		csv_put_text(w->out, s);
	}
}

static void num(struct runs_writer *w, size_t i, double v, int decimals)
{
	field(w, i);
	put_number(w->out, v, decimals, w->format == RUNS_JSON);
}

void runs_writer_row(struct runs_writer *w, const struct runs_row *r)
{
	const struct run_summary *s = r->s;
	char start[32];
	size_t i = 0;

	if (w->format == RUNS_JSON)
		fprintf(w->out, "%s\n{", w->rows ? "," : "");
	text(w, i++, r->file);
	text(w, i++, rr_format_name(s->format));
	text(w, i++, s->sport);
	text(w, i++, isfinite(s->start_t_s) ?
		rr_format_iso8601(start, sizeof(start), s->start_t_s) : NULL);
	text(w, i++, r->local_date);
	num(w, i++, s->elapsed_s, 0);
	num(w, i++, s->moving_s, 0);
	num(w, i++, s->distance_m, 1);
	num(w, i++, s->gps_distance_m, 1);
	num(w, i++, s->device_distance_m, 1);
	num(w, i++, s->ascent_m, 1);
	num(w, i++, s->descent_m, 1);
	num(w, i++, s->ascent_raw_m, 1);
	num(w, i++, (double)s->points, 0);
	num(w, i++, (double)s->dropped_points, 0);
	num(w, i++, s->hr_avg, 1);
	num(w, i++, s->hr_max, 0);
	num(w, i++, s->cadence_avg, 1);
	num(w, i++, s->gap_pace_s_per_km, 1);
	num(w, i++, s->fast_s, 0);
	num(w, i++, s->climb_per_km, 1);
	num(w, i++, s->trimp, 1);
	num(w, i++, s->calf_load, 2);
	text(w, i++, r->shoe);
	text(w, i++, s->device);
	text(w, i++, r->duplicate_of);
	if (w->format == RUNS_JSON)
		fputc('}', w->out);
	else
		fputc('\n', w->out);
	w->rows++;
}

void runs_writer_finish(struct runs_writer *w)
{
	if (w->format == RUNS_JSON)
		fputs(w->rows ? "\n]\n" : "]\n", w->out);
}
