/*
 * text.c - report.txt: what a runner reads in a minute.  Plain text, at
 * most 80 columns, deterministic (no clock: only options->today).
 */
#include "render/render.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/num.h"
#include "core/timeutil.h"
#include "render/escape.h"

#define WIDTH 80
#define NAME_COLS (WIDTH - 8)	/* an athlete's name in the section rule */

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

static bool is_blank(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/*
 * Word-wrap s to WIDTH columns, continuation lines indented by indent
 * spaces.  col is the column the cursor is at on entry (0: a fresh line,
 * which gets the indent; more: a label is already there and s follows it).
 * A word longer than a line (a long path) is split across lines, never
 * cut.  Ends the line; never leaves a trailing blank.
 */
static void wrap_at(FILE *f, const char *s, size_t indent, size_t col)
{
	const char *p = s, *word;
	bool sep = false;	/* a word is on this line: the next needs a space */
	size_t w, shown;

	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		word = p;
		while (*p && !is_blank(*p))
			p++;
		w = range_width(word, p);
		if (col < indent) {
			indent_to(f, indent - col);
			col = indent;
		}
		if (col + (sep ? 1 : 0) + w > WIDTH && col > indent) {
			fputc('\n', f);
			indent_to(f, indent);
			col = indent;
		} else if (sep) {
			fputc(' ', f);
			col++;
		}
		while (w > WIDTH - col) {
			word = put_chars(f, word, p, WIDTH - col, &shown);
			fputc('\n', f);
			indent_to(f, indent);
			col = indent;
			w -= shown;
		}
		put_chars(f, word, p, w, &shown);
		col += shown;
		sep = true;
	}
	if (col)
		fputc('\n', f);
}

static void wrap(FILE *f, const char *s, size_t indent)
{
	wrap_at(f, s, indent, 0);
}

/* A last column: cut to width, never padded (no trailing blanks). */
static void last_cell(FILE *f, const char *s, size_t width)
{
	if (text_width(s) > width)
		text_cell(f, s, width, false);
	else
		esc_text(f, s);
}

#define STR_(x) #x
#define STR(x) STR_(x)

/* ---- one athlete ---- */

static void load_line(FILE *f, const char *label, double a, double b, int dec)
{
	char x[48], y[48];

	fprintf(f, "  %-28s %14s %14s\n", label, fmt_fixed(x, sizeof(x), a, dec),
		fmt_fixed(y, sizeof(y), b, dec));
}

static void text_period(FILE *f, const struct athlete_result *r, int32_t today)
{
	char a[16], b[16];

	if (r->first_day == RR_NO_DAY || r->last_day == RR_NO_DAY) {
		fputs("Period      no runs\n", f);
		return;
	}
	fprintf(f, "Period      %s to %s: %ld day%s, %zu run%s\n",
		date_str(a, r->first_day), date_str(b, r->last_day),
		(long)(r->last_day - r->first_day) + 1,
		r->last_day == r->first_day ? "" : "s", r->nruns, r->nruns == 1 ? "" : "s");
	fputs("Time zone   ", f);
	esc_text(f, r->zone_used[0] ? r->zone_used : "UTC");
	fputc('\n', f);
	fputs("Windows     ", f);
	if (today != RR_NO_DAY && today > r->last_day) {
		char buf[160];

		snprintf(buf, sizeof(buf), "end on %s, the last day with data (%ld days before "
			 "the report date, %s)", b, (long)(today - r->last_day),
			 date_str(a, today));
		wrap_at(f, buf, 12, 12);
	} else {
		fprintf(f, "end on %s, the last day with data\n", b);
	}
}

/* "Since last": what changed since the previous report (cmd/ gives it). */
static void text_since(FILE *f, const struct athlete_report *a)
{
	char head[160], items[SINCE_ITEMS_MAX][SINCE_ITEM_SIZE];
	size_t i, n;

	if (!a->since)
		return;
	fputs("Since last  ", f);
	wrap_at(f, since_head(head, sizeof(head), a->since), 12, 12);
	n = since_items(items, SINCE_ITEMS_MAX, a->res, a->since);
	for (i = 0; i < n; i++) {
		fputs("  - ", f);
		wrap_at(f, items[i], 4, 4);
	}
}

/* The title of a rule with a capital first letter ("A sudden block ..."). */
static void put_title(char *buf, size_t size, const struct athlete_result *r,
		      enum rule_id rule)
{
	rule_text(buf, size, r, rule, WORDS_TITLE);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
}

/*
 * The first screen of an athlete: the status, the plan for the next 7 days
 * from every active flag together, and the pain diary's latest entry, so
 * that a runner who reads nothing else knows what to do this week.
 */
static void text_headline(FILE *f, const struct athlete_result *r)
{
	char buf[1024], items[PLAN_ITEMS_MAX][PLAN_ITEM_SIZE];
	struct week_plan p;
	size_t i, n;

	plan_compute(&p, r);
	fputs("Status      ", f);
	wrap_at(f, plan_status(buf, sizeof(buf), &p, r), 12, 12);
	if (p.pain) {
		fputs("Pain        ", f);
		wrap_at(f, plan_pain(buf, sizeof(buf), &p, r), 12, 12);
	}
	fputs("Next 7 days ", f);
	wrap_at(f, plan_window(buf, sizeof(buf), &p), 12, 12);
	n = plan_items(items, PLAN_ITEMS_MAX, &p, r);
	for (i = 0; i < n; i++) {
		fputs("  - ", f);
		wrap_at(f, items[i], 4, 4);
	}
}

static void text_load(FILE *f, const struct athlete_result *r)
{
	struct load_line lines[LOAD_LINES];
	const struct day_row *d = last_day_row(r);
	char buf[512], day[16];
	size_t i;

	if (r->last_day == RR_NO_DAY)
		return;
	/* the figures below and the ACWR all end on this day: say it once, here */
	snprintf(buf, sizeof(buf), "Load up to %s", rr_format_date(day, sizeof(day), r->last_day));
	fprintf(f, "\n  %-28s %14s %14s\n", buf, "last 7 days", "last 28 days");
	load_lines_of(lines, r);
	for (i = 0; i < LOAD_LINES; i++)
		load_line(f, lines[i].label, lines[i].last7, lines[i].last28, lines[i].decimals);
	if (!d)
		return;
	wrap(f, acwr_sentence(buf, sizeof(buf), r, d), 2);
	wrap(f, fitness_sentence(buf, sizeof(buf), r, d), 2);
}

/* The last weeks of r->weeks, one line each, with the flags that fall in them. */
#define WEEKS_SHOWN 8

/* A week's km on one surface: "-" for none, so the used surfaces stand out. */
static const char *surface_km(char *buf, size_t size, double m)
{
	if (!(m > 0))
		return "-";
	return fmt_fixed(buf, size, m / 1000, 1);
}

static void text_weeks(FILE *f, const struct athlete_result *r)
{
	size_t first, w, i;
	char a[48], b[48], c[48], d[48], e[48], sk[SURFACE_COUNT][48], day[16], flags[512];

	if (!r->nweeks)
		return;
	first = r->nweeks > WEEKS_SHOWN ? r->nweeks - WEEKS_SHOWN : 0;
	fprintf(f, "\nLast %zu weeks (Monday to Sunday; * the data covers part of it)\n",
		r->nweeks - first);
	fprintf(f, "  late: climbing after the first %u km of each run; road to indoor: km\n",
		r->late_km ? r->late_km : RR_LATE_KM_DEFAULT);
	fprintf(f, "  %-11s %5s %4s %5s %5s %5s %4s", "week of", "km", "runs", "long", "climb",
		"late", "fast");
	for (i = 0; i < SURFACE_COUNT; i++)
		fprintf(f, " %5s", surface_name((enum surface)i));
	fprintf(f, "\n  %-11s %5s %4s %5s %5s %5s %4s\n", "", "", "", "km", "m", "m", "min");
	for (w = first; w < r->nweeks; w++) {
		const struct week_row *wk = &r->weeks[w];
		enum flag_level top[RULE_COUNT] = { 0 };
		size_t len = 0;

		for (i = 0; i < r->nflags; i++) {
			const struct flag *fl = &r->flags[i];

			if ((unsigned)fl->rule < RULE_COUNT && fl->day >= r->first_day &&
			    fl->day <= r->last_day && week_index(r, fl->day) == w &&
			    fl->level > top[fl->rule])
				top[fl->rule] = fl->level;
		}
		flags[0] = '\0';
		for (i = 0; i < RULE_COUNT && len < sizeof(flags); i++)
			if (top[i])
				len += (size_t)snprintf(flags + len, sizeof(flags) - len, "%s%s %s",
							len ? ", " : "", rule_name((enum rule_id)i),
							flag_level_name(top[i]));
		fprintf(f, "  %s%c %5s %4u %5s %5s %5s %4s", date_str(day, wk->week_start),
			wk->days < 7 ? '*' : ' ', fmt_fixed(a, sizeof(a), wk->distance_m / 1000, 1),
			wk->runs, fmt_fixed(b, sizeof(b), wk->longest_run_m / 1000, 1),
			fmt_fixed(c, sizeof(c), wk->ascent_m, 0),
			fmt_fixed(e, sizeof(e), wk->late_ascent_m, 0),
			fmt_fixed(d, sizeof(d), wk->fast_s / 60, 0));
		for (i = 0; i < SURFACE_COUNT; i++)
			fprintf(f, " %5s", surface_km(sk[i], sizeof(sk[i]), wk->surface_m[i]));
		fputc('\n', f);
		if (flags[0]) {
			fputs("    flags: ", f);
			wrap_at(f, flags, 11, 11);
		}
	}
}

static const char *level_tag(enum flag_level l)
{
	return l == FLAG_ALERT ? "ALERT" : l == FLAG_WARN ? "WARN" : "NOTE";
}

/* One active flag: what, how much, the evidence; why and what to do once per rule. */
static void text_flag(FILE *f, const struct athlete_result *r, const struct flag *fl,
		      bool advice)
{
	char day[16], m[160], t[128], ev[EVIDENCE_SIZE], buf[1024];

	fprintf(f, "  %-5s  %s  ", level_tag(fl->level), date_str(day, fl->day));
	snprintf(buf, sizeof(buf), "%s: %s", rule_name(fl->rule),
		 flag_measure(m, sizeof(m), fl));
	wrap_at(f, buf, 21, 21);
	put_title(t, sizeof(t), r, fl->rule);
	snprintf(buf, sizeof(buf), "%s. %s", t, flag_evidence(ev, sizeof(ev), r, fl));
	wrap(f, buf, 9);
	if (!advice || !rule_words_of(fl->rule))
		return;
	fputs("         Why: ", f);
	wrap_at(f, rule_text(buf, sizeof(buf), r, fl->rule, WORDS_CALF), 14, 14);
	fputs("         Do:  ", f);
	wrap_at(f, rule_text(buf, sizeof(buf), r, fl->rule, WORDS_TODO), 14, 14);
}

/* The newest earlier flags, one line each; the rest are in flags.csv. */
#define EARLIER_SHOWN 10

static void text_earlier(FILE *f, const struct athlete_result *r, size_t earlier)
{
	const struct flag *fl;
	struct flag_walk walk;
	size_t shown = 0;
	char day[16], m[160];

	if (!earlier)
		return;
	fprintf(f, "  Earlier flags: %zu%s, all in flags.csv:\n", earlier,
		earlier > EARLIER_SHOWN ? " (the newest " STR(EARLIER_SHOWN) " below)" : "");
	flag_walk_init(&walk, r);
	while (shown < EARLIER_SHOWN && (fl = flag_walk_next(&walk))) {
		if (flag_is_active(r, fl))
			continue;
		fprintf(f, "    %s  %-5s  %-18s  ", date_str(day, fl->day),
			flag_level_name(fl->level), rule_name(fl->rule));
		last_cell(f, flag_measure(m, sizeof(m), fl), WIDTH - 45);
		fputc('\n', f);
		shown++;
	}
}

static void text_flags(FILE *f, const struct athlete_result *r)
{
	struct flag_counts c;
	size_t i;
	int lvl;

	flag_counts_compute(&c, r);
	fprintf(f, "\nFlags this week (the last 7 days of data): %zu alert%s, %zu warning%s, "
		"%zu note%s\n", c.level[FLAG_ALERT], c.level[FLAG_ALERT] == 1 ? "" : "s",
		c.level[FLAG_WARN], c.level[FLAG_WARN] == 1 ? "" : "s",
		c.level[FLAG_NOTE], c.level[FLAG_NOTE] == 1 ? "" : "s");
	if (!c.total)
		fputs("  No flag in the last 7 days.\n", f);
	for (lvl = FLAG_ALERT; lvl >= FLAG_NOTE; lvl--) {
		for (i = 0; i < r->nflags; i++) {
			const struct flag *fl = &r->flags[i];

			if ((int)fl->level != lvl || !flag_is_active(r, fl))
				continue;
			/* Why and what to do: at the rule's first (highest) flag only. */
			text_flag(f, r, fl, flag_first_of_rule(r, i));
		}
	}
	text_earlier(f, r, r->nflags - c.total);
}

static void text_pain(FILE *f, const struct athlete_result *r)
{
	size_t i;
	char day[16], before[PAIN_PRECEDING_SIZE], buf[600];

	if (!r->npain)
		return;
	fprintf(f, "\nPain diary: %zu entr%s, each with the flags of the 14 days before it\n",
		r->npain, r->npain == 1 ? "y" : "ies");
	if (pain_first_shown(r))
		fprintf(f, "  (the latest %d; the %zu before them are in your pain.csv and on "
			"the charts)\n", PAIN_SHOWN_MAX, pain_first_shown(r));
	for (i = pain_first_shown(r); i < r->npain; i++) {
		const struct pain_row *p = &r->pain[i];

		fprintf(f, "  %s  ", date_str(day, p->entry.day));
		text_cell(f, p->entry.side[0] ? p->entry.side : "-", 5, false);
		if (p->entry.severity >= 0)
			fprintf(f, "  %2d/10", p->entry.severity);
		else
			fputs("      -", f);
		wrap_at(f, p->entry.note[0] ? p->entry.note : "-", 28, 26);
		pain_preceding_text(before, sizeof(before), p);
		snprintf(buf, sizeof(buf), "flags before: %s", before[0] ? before : "none");
		wrap(f, buf, 28);
	}
}

static void text_shoes(FILE *f, const struct athlete_result *r)
{
	size_t i;
	char a[48], b[48], c[48], d2[16];

	if (!r->nshoes)
		return;
	fputs("\nShoes\n  ", f);
	text_cell(f, "shoe", 20, false);
	fprintf(f, "%5s %8s %9s %8s  %s\n", "runs", "km", "retire at", "km left",
		"last run");
	for (i = 0; i < r->nshoes; i++) {
		const struct shoe_row *s = &r->shoes[i];

		fputs("  ", f);
		text_cell(f, s->name, 20, false);
		fprintf(f, "%5u %8s %9s %8s  %s%s\n", s->runs,
			fmt_fixed(a, sizeof(a), s->km, 1),
			fmt_fixed(b, sizeof(b), s->retire_at_km, 0),
			shoe_is_retired(r, s) ? "retired" : fmt_fixed(c, sizeof(c), s->left_km, 1),
			date_str(d2, s->last_day),
			isfinite(s->left_km) && s->left_km <= 0 ? "  retire it" : "");
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
			fputs("        same activity as ", f);
			wrap_at(f, fn->duplicate_of, 8, 24);
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
	fprintf(f, "  Activities: %zu read, %zu runs, %zu not runs, %zu duplicates, "
		"%zu unusable.\n", a->activities_in, a->activities_runs,
		a->activities_not_runs, a->activities_duplicate, a->activities_unusable);
	notes_of(f, a, FILE_CONFIG, "CONFIGURATION ERROR (file not used, defaults in force)");
	notes_of(f, a, FILE_SKIPPED, "Skipped");
	notes_of(f, a, FILE_DUPLICATE, "Duplicates");
	notes_of(f, a, FILE_UNSUPPORTED, "Not read (format not supported)");
	notes_of(f, a, FILE_IGNORED, "Left out of the analysis (not runs, unusable)");
	notes_of(f, a, FILE_NOT_WALKED, "Not activity files (passed over)");
}

void text_athlete(FILE *f, const struct athlete_report *a, int32_t today)
{
	const struct athlete_result *r = a->res;
	size_t w;

	fputs("== ", f);
	w = text_width(athlete_display_name(a));
	/* the name is cut so that "== NAME =" fits the line: never a negative rule */
	if (w > NAME_COLS)
		w = NAME_COLS;
	text_cell(f, athlete_display_name(a), w, false);
	fputc(' ', f);
	rule(f, '=', WIDTH - 4 - w);
	text_headline(f, r);
	text_period(f, r, today);
	text_since(f, a);
	text_load(f, r);
	text_weeks(f, r);
	text_flags(f, r);
	text_pain(f, r);
	text_shoes(f, r);
	text_notes(f, a);
	fputc('\n', f);
	wrap(f, report_disclaimer, 0);
}

/* ---- the roster ---- */

void text_roster(FILE *f, const struct athlete_report *a, size_t n,
		 const size_t *order)
{
	size_t i, k;
	int32_t ref = roster_ref_day(a, n);
	char day[16], last[16], m[160], t[128], why[1024];

	fprintf(f, "Roster: %zu athletes, who needs a check-in first (data up to %s)\n", n,
		date_str(day, ref));
	fprintf(f, "%4s  %-18s  %-7s %6s %8s %5s  %-10s  %s\n", "rank", "athlete",
		"level", "alerts", "warnings", "notes", "last flag", "last data");
	for (i = 0; i < n; i++) {
		const struct athlete_report *x = &a[order[i]];
		const struct flag *act[16];
		struct flag_counts c;
		size_t na, len = 0;
		bool stale = athlete_is_stale(x->res, ref);

		flag_counts_compute(&c, x->res);
		fprintf(f, "%4zu  ", i + 1);
		text_cell(f, athlete_display_name(x), 18, false);
		fprintf(f, "  %-7s %6zu %8zu %5zu  %-10s  %s\n",
			c.top ? flag_level_name(c.top->level) : stale ? "no data" : "-",
			c.level[FLAG_ALERT], c.level[FLAG_WARN], c.level[FLAG_NOTE],
			date_str(day, c.latest_day), date_str(last, x->res->last_day));
		why[0] = '\0';
		if (stale && x->res->last_day != RR_NO_DAY)
			len = (size_t)snprintf(why, sizeof(why), "No data for %d days (last run "
					       "%s): check in.", days_without_data(x->res, ref),
					       date_str(last, x->res->last_day));
		else if (stale)
			len = (size_t)snprintf(why, sizeof(why), "No runs: check in.");
		if (!c.top) {
			wrap(f, len ? why : "no flag in the last 7 days of data", 6);
			continue;
		}
		/* Why: the top flag in words, then the other rules raised. */
		put_title(t, sizeof(t), x->res, c.top->rule);
		if (len < sizeof(why))
			len += (size_t)snprintf(why + len, sizeof(why) - len, "%s%s (%s %s %s): %s.",
						len ? " " : "", t, rule_name(c.top->rule),
						flag_level_name(c.top->level),
						date_str(day, c.top->day),
						flag_measure(m, sizeof(m), c.top));
		na = active_rules(x->res, act, sizeof(act) / sizeof(act[0]));
		for (k = 0; k < na && len < sizeof(why); k++) {
			if (act[k]->rule == c.top->rule)
				continue;
			len += (size_t)snprintf(why + len, sizeof(why) - len, "%s%s %s",
						len && why[len - 1] == '.' ? " Also: " : ", ",
						rule_name(act[k]->rule),
						flag_level_name(act[k]->level));
		}
		wrap(f, why, 6);
	}
}
