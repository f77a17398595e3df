/*
 * text.c - report.txt: what a runner reads in a minute.  Plain text, at
 * most 100 columns, deterministic (no clock: only options->today).
 */
#include "report/render.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/num.h"
#include "core/timeutil.h"
#include "report/escape.h"

#define WIDTH 100

const char *athlete_display_name(const struct athlete_report *a)
{
	if (a->res && a->res->name[0])
		return a->res->name;
	return a->folder && *a->folder ? a->folder : "athlete";
}

void flag_counts_compute(struct flag_counts *c, const struct athlete_result *res)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->latest_day = RR_NO_DAY;
	for (i = 0; i < res->nflags; i++) {
		const struct flag *f = &res->flags[i];

		if (!flag_is_active(res, f) || f->level < FLAG_NOTE ||
		    f->level > FLAG_ALERT)
			continue;
		c->level[f->level]++;
		c->total++;
		if (c->latest_day == RR_NO_DAY || f->day > c->latest_day)
			c->latest_day = f->day;
		if (!c->top || f->level > c->top->level ||
		    (f->level == c->top->level && f->day > c->top->day))
			c->top = f;
	}
}

static const char *fmtd(char *buf, double v, int dec)
{
	if (!isfinite(v))
		return "-";
	rr_format_double(buf, 48, v, dec);
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	return buf;
}

static const char *date_str(char *buf, int32_t day)
{
	if (day == RR_NO_DAY)
		return "-";
	return rr_format_date(buf, 16, day);
}

static void rule(FILE *f, char c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fputc(c, f);
	fputc('\n', f);
}

/*
 * Print up to n characters of [s, end) sanitised like esc_text(); returns
 * where it stopped.  *shown gets the number printed.
 */
static const char *put_chars(FILE *f, const char *s, const char *end, size_t n,
			     size_t *shown)
{
	size_t k = 0;

	while (s < end && k < n) {
		uint32_t cp;
		size_t len = utf8_decode(s, (size_t)(end - s), &cp);

		if (!len) {
			fputs("\xef\xbf\xbd", f);
			len = 1;
		} else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			fputc('?', f);
		} else {
			fwrite(s, 1, len, f);
		}
		s += len;
		k++;
	}
	*shown = k;
	return s;
}

static size_t range_width(const char *s, const char *end)
{
	size_t k = 0;

	while (s < end) {
		uint32_t cp;
		size_t len = utf8_decode(s, (size_t)(end - s), &cp);

		s += len ? len : 1;
		k++;
	}
	return k;
}

static void indent_to(FILE *f, size_t indent)
{
	while (indent--)
		fputc(' ', f);
}

/*
 * Word-wrap s to WIDTH columns, every line indented by indent spaces.  A
 * word longer than a line (a long path) is split across lines, never cut.
 */
static void wrap(FILE *f, const char *s, size_t indent)
{
	size_t avail = WIDTH - indent, col = 0, w, shown;
	const char *p = s, *word;

	for (;;) {
		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		word = p;
		while (*p && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
			p++;
		w = range_width(word, p);
		if (col && col + 1 + w <= avail) {
			fputc(' ', f);
			put_chars(f, word, p, w, &shown);
			col += 1 + shown;
			continue;
		}
		if (col)
			fputc('\n', f);
		while (w > avail) {
			indent_to(f, indent);
			word = put_chars(f, word, p, avail, &shown);
			fputc('\n', f);
			w -= shown;
		}
		col = 0;
		if (w) {
			indent_to(f, indent);
			put_chars(f, word, p, w, &shown);
			col = shown;
		}
	}
	if (col)
		fputc('\n', f);
}

/* ---- one athlete ---- */

static void add(double *sum, double v)
{
	if (isfinite(v))
		*sum = isfinite(*sum) ? *sum + v : v;
}

void load_window_sum(struct load_window *w, const struct athlete_result *r, int ndays)
{
	int32_t from = r->last_day - (ndays - 1);
	size_t i;

	w->distance_m = w->ascent_m = w->fast_s = w->calf_load = NAN;
	w->longest_m = NAN;
	w->runs = 0;
	for (i = 0; i < r->ndays; i++) {
		const struct day_row *d = &r->days[i];

		if (d->day < from || d->day > r->last_day)
			continue;
		w->runs += d->runs;
		add(&w->distance_m, d->distance_m);
		add(&w->ascent_m, d->ascent_m);
		add(&w->fast_s, d->fast_s);
		add(&w->calf_load, d->calf_load);
	}
	for (i = 0; i < r->nruns; i++) {
		const struct run_entry *e = &r->runs[i];

		if (e->local_day < from || e->local_day > r->last_day ||
		    e->s.route || !isfinite(e->s.distance_m))
			continue;
		if (!isfinite(w->longest_m) || e->s.distance_m > w->longest_m)
			w->longest_m = e->s.distance_m;
	}
}

static void load_line(FILE *f, const char *label, double a, double b, int dec)
{
	char x[48], y[48];

	fprintf(f, "  %-28s %14s %14s\n", label, fmtd(x, a, dec), fmtd(y, b, dec));
}

static void text_period(FILE *f, const struct athlete_result *r, int32_t today)
{
	char a[16], b[16];

	if (r->first_day == RR_NO_DAY || r->last_day == RR_NO_DAY) {
		fputs("Period      no runs\n", f);
		return;
	}
	fprintf(f, "Period      %s to %s: %ld days, %zu runs\n",
		date_str(a, r->first_day), date_str(b, r->last_day),
		(long)(r->last_day - r->first_day) + 1, r->nruns);
	fputs("Time zone   ", f);
	esc_text(f, r->zone_used[0] ? r->zone_used : "UTC");
	fputc('\n', f);
	fprintf(f, "Windows     end on %s, the last day with data", b);
	if (today != RR_NO_DAY && today > r->last_day)
		fprintf(f, " (%ld days before the report date, %s)",
			(long)(today - r->last_day), date_str(a, today));
	fputc('\n', f);
}

static const struct day_row *last_day_row(const struct athlete_result *r)
{
	size_t i;

	for (i = r->ndays; i-- > 0;)
		if (r->days[i].day == r->last_day)
			return &r->days[i];
	return NULL;
}

static void text_load(FILE *f, const struct athlete_result *r)
{
	struct load_window w7, w28;
	const struct day_row *d = last_day_row(r);
	char x[48], y[48], z[48], day[16];

	if (r->last_day == RR_NO_DAY)
		return;
	load_window_sum(&w7, r, 7);
	load_window_sum(&w28, r, 28);
	fprintf(f, "\n  %-28s %14s %14s\n", "Load", "last 7 days", "last 28 days");
	load_line(f, "distance (km)", w7.distance_m / 1000, w28.distance_m / 1000, 1);
	load_line(f, "runs", w7.runs, w28.runs, 0);
	load_line(f, "climb (m)", w7.ascent_m, w28.ascent_m, 0);
	load_line(f, "fast running (min)", w7.fast_s / 60, w28.fast_s / 60, 0);
	load_line(f, "longest run (km)", w7.longest_m / 1000, w28.longest_m / 1000, 1);
	load_line(f, "calf load", w7.calf_load, w28.calf_load, 1);
	if (!d)
		return;
	fprintf(f, "  ACWR on %s: coupled %s, uncoupled %s, EWMA %s "
		"(caution above 1.3, danger from 1.5)\n",
		date_str(day, d->day), fmtd(x, d->acwr_coupled, 2),
		fmtd(y, d->acwr_uncoupled, 2), fmtd(z, d->acwr_ewma, 2));
	fprintf(f, "  Fitness %s, fatigue %s, form %s (km per day, 42- and 7-day EWMA)\n",
		fmtd(x, d->ctl, 1), fmtd(y, d->atl, 1), fmtd(z, d->tsb, 1));
}

static void text_flags(FILE *f, const struct athlete_result *r)
{
	struct flag_counts c;
	size_t i, earlier;
	int lvl;
	char day[16], v[48], t[48];

	flag_counts_compute(&c, r);
	fprintf(f, "\nActive flags (last 7 days): %zu alert, %zu warn, %zu note\n",
		c.level[FLAG_ALERT], c.level[FLAG_WARN], c.level[FLAG_NOTE]);
	if (!c.total)
		fputs("  No flag in the last 7 days.\n", f);
	for (lvl = FLAG_ALERT; lvl >= FLAG_NOTE; lvl--) {
		for (i = 0; i < r->nflags; i++) {
			const struct flag *fl = &r->flags[i];

			if ((int)fl->level != lvl || !flag_is_active(r, fl))
				continue;
			fprintf(f, "  %-5s  %s  ", lvl == FLAG_ALERT ? "ALERT" :
				lvl == FLAG_WARN ? "WARN" : "NOTE",
				date_str(day, fl->day));
			esc_text(f, fl->rule);
			fprintf(f, ": value %s, threshold %s\n",
				fmtd(v, fl->value, 3), fmtd(t, fl->threshold, 3));
			wrap(f, fl->evidence, 9);
		}
	}
	earlier = r->nflags - c.total;
	if (earlier)
		fprintf(f, "  Earlier flags: %zu, listed in flags.csv.\n", earlier);
}

static void text_pain(FILE *f, const struct athlete_result *r)
{
	size_t i;
	char day[16];

	if (!r->npain)
		return;
	fprintf(f, "\nPain diary: %zu entr%s\n", r->npain, r->npain == 1 ? "y" : "ies");
	for (i = 0; i < r->npain; i++) {
		const struct pain_row *p = &r->pain[i];

		fprintf(f, "  %s  ", date_str(day, p->entry.day));
		text_cell(f, p->entry.side[0] ? p->entry.side : "-", 6, false);
		if (p->entry.severity >= 0)
			fprintf(f, "  %2d/10", p->entry.severity);
		else
			fputs("      -", f);
		fputc('\n', f);
		if (p->entry.note[0])
			wrap(f, p->entry.note, 14);
		fputs("              Flags in the 14 days before:\n", f);
		wrap(f, p->preceding[0] ? p->preceding : "none", 16);
	}
}

static void text_shoes(FILE *f, const struct athlete_result *r)
{
	size_t i;
	char a[48], b[48], c[48], d1[16], d2[16];

	if (!r->nshoes)
		return;
	fputs("\nShoes\n  ", f);
	text_cell(f, "shoe", 28, false);
	fprintf(f, "%6s %9s %10s %9s  %-10s  %s\n", "runs", "km", "retire at",
		"km left", "first run", "last run");
	for (i = 0; i < r->nshoes; i++) {
		const struct shoe_row *s = &r->shoes[i];

		fputs("  ", f);
		text_cell(f, s->name, 28, false);
		fprintf(f, "%6u %9s %10s %9s  %-10s  %s\n", s->runs,
			fmtd(a, s->km, 1), fmtd(b, s->retire_at_km, 0),
			fmtd(c, s->left_km, 1), date_str(d1, s->first_day),
			date_str(d2, s->last_day));
	}
}

static void notes_of(FILE *f, const struct athlete_report *a,
		     enum file_note_kind kind, const char *title)
{
	size_t i, n = 0;

	for (i = 0; i < a->nnotes; i++)
		n += a->notes[i].kind == kind;
	if (!n)
		return;
	fprintf(f, "  %s (%zu):\n", title, n);
	for (i = 0; i < a->nnotes; i++) {
		const struct file_note *fn = &a->notes[i];

		if (fn->kind != kind)
			continue;
		wrap(f, fn->file, 4);
		if (kind == FILE_DUPLICATE && fn->duplicate_of[0]) {
			fputs("        same activity as:\n", f);
			wrap(f, fn->duplicate_of, 8);
		}
		if (fn->reason[0])
			wrap(f, fn->reason, 8);
	}
}

static void text_notes(FILE *f, const struct athlete_report *a)
{
	fprintf(f, "\nData notes\n  Files: %zu read, %zu parsed, %zu skipped, "
		"%zu duplicates.\n", a->files_in, a->files_parsed,
		a->files_skipped, a->files_duplicate);
	notes_of(f, a, FILE_SKIPPED, "Skipped");
	notes_of(f, a, FILE_DUPLICATE, "Duplicates");
	notes_of(f, a, FILE_UNSUPPORTED, "Not read (format not supported)");
	notes_of(f, a, FILE_IGNORED, "Ignored (not a run)");
}

void text_athlete(FILE *f, const struct athlete_report *a, int32_t today)
{
	const struct athlete_result *r = a->res;
	size_t w;

	fputs("== ", f);
	w = text_width(athlete_display_name(a));
	text_cell(f, athlete_display_name(a), w > 80 ? 80 : w, false);
	fputc(' ', f);
	rule(f, '=', WIDTH - 4 - (w > 80 ? 80 : w));
	text_period(f, r, today);
	text_load(f, r);
	text_flags(f, r);
	text_pain(f, r);
	text_shoes(f, r);
	text_notes(f, a);
	fputc('\n', f);
	wrap(f, "Not medical advice. runrisk counts training load; it cannot "
	     "diagnose an injury. Pain that lasts more than a week, or any "
	     "bruising, needs a doctor or a physiotherapist.", 0);
}

/* ---- the roster ---- */

/* A last column: cut to width, never padded (no trailing blanks). */
static void last_cell(FILE *f, const char *s, size_t width)
{
	if (text_width(s) > width)
		text_cell(f, s, width, false);
	else
		esc_text(f, s);
}

void text_roster(FILE *f, const struct athlete_report *a, size_t n,
		 const size_t *order)
{
	size_t i;
	char day[16], why[640];

	fprintf(f, "Roster: %zu athletes, who needs a check-in first\n", n);
	fprintf(f, "%4s  %-20s  %-5s %5s %5s %5s  %-11s  %s\n", "rank", "athlete",
		"level", "alert", "warn", "note", "latest flag", "why");
	for (i = 0; i < n; i++) {
		const struct athlete_report *x = &a[order[i]];
		struct flag_counts c;

		flag_counts_compute(&c, x->res);
		fprintf(f, "%4zu  ", i + 1);
		text_cell(f, athlete_display_name(x), 20, false);
		fprintf(f, "  %-5s %5zu %5zu %5zu  %-11s  ",
			c.top ? flag_level_name(c.top->level) : "-",
			c.level[FLAG_ALERT], c.level[FLAG_WARN], c.level[FLAG_NOTE],
			date_str(day, c.latest_day));
		if (c.top)
			snprintf(why, sizeof(why), "%s: %s", c.top->rule, c.top->evidence);
		else
			snprintf(why, sizeof(why), "no active flag");
		last_cell(f, why, WIDTH - 66);
		fputc('\n', f);
	}
}
