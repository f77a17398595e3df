/*
 * html.c - index.html: flags and charts on one page, readable on a phone.
 * No external resource: the charts are the PNG files beside the page,
 * referenced by relative name; the style is inline.  Every string from
 * input goes through esc_html().
 */
#include "render/render.h"

#include <math.h>
#include <string.h>

#include "core/num.h"
#include "core/timeutil.h"
#include "render/escape.h"

static const char style[] =
	"body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;"
	"margin:0 auto;max-width:1040px;padding:0 12px 40px;line-height:1.45;"
	"color:#212121}\n"
	"h1,p,li,.flag,.week{overflow-wrap:anywhere}\n"
	"h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em}\n"
	"table{border-collapse:collapse;font-size:.95em}"
	"td,th{padding:3px 6px;border-bottom:1px solid #e0e0e0;text-align:left;"
	"vertical-align:top}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	".scroll{overflow-x:auto}\n"
	".week{border-left:8px solid #43a047;background:#f1f8e9;padding:8px 12px;"
	"margin:12px 0;font-size:1.05em}\n"
	".week.alert{border-color:#c62828;background:#ffebee}"
	".week.warn{border-color:#ef6c00;background:#fff3e0}"
	".week.note{border-color:#1e88e5;background:#e3f2fd}\n"
	".flag{border-left:6px solid #9e9e9e;padding:6px 10px;margin:10px 0;"
	"background:#fafafa}\n"
	".flag.alert{border-color:#c62828}.flag.warn{border-color:#ef6c00}"
	".flag.note{border-color:#1e88e5}\n"
	".badge{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;"
	"font-size:.85em;font-weight:bold;text-transform:uppercase;background:#757575}\n"
	".badge.alert{background:#c62828}.badge.warn{background:#ef6c00}"
	".badge.note{background:#1e88e5}\n"
	".ev{font-size:.9em;color:#555;margin:2px 0}\n"
	".ft{font-weight:bold}.ft::first-letter{text-transform:uppercase}\n"
	"th.n{text-align:right}\n"
	".advice{margin:4px 0 0}\n"
	"img{width:100%;height:auto;border:1px solid #e0e0e0}\n"
	"figure img{max-width:560px;display:block}\n"
	".plan{margin:.4em 0 0}ul.plan{margin:.2em 0 0;padding-left:1.2em}\n"
	"figure{margin:16px 0}figcaption{font-size:.9em;color:#555}\n"
	".small{font-size:.9em;color:#555}\n"
	"tr.why td{font-size:.9em;color:#555;padding-top:0}\n"
	"summary{cursor:pointer;color:#1565c0}\n";

static void head(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>", f);
	esc_html(f, title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

static void tail(FILE *f)
{
	fputs("<p class=\"small\">", f);
	esc_html(f, report_disclaimer);
	fputs("</p>\n</body>\n</html>\n", f);
}

static void num(FILE *f, double v, int dec)
{
	char buf[48];

	fputs(fmt_fixed(buf, sizeof(buf), v, dec), f);
}

static void date(FILE *f, int32_t day)
{
	char buf[16];

	fputs(day == RR_NO_DAY ? "-" : rr_format_date(buf, sizeof(buf), day), f);
}

static void load_row(FILE *f, const char *label, double a, double b, int dec)
{
	fprintf(f, "<tr><td>%s</td><td class=\"n\">", label);
	num(f, a, dec);
	fputs("</td><td class=\"n\">", f);
	num(f, b, dec);
	fputs("</td></tr>\n", f);
}

/* The same numbers as report.txt's Load block. */
static void html_load(FILE *f, const struct athlete_result *r)
{
	struct load_line lines[LOAD_LINES];
	const struct day_row *d = last_day_row(r);
	char buf[512];
	size_t i;

	if (r->last_day == RR_NO_DAY)
		return;
	fputs("<h2>Load up to ", f);
	date(f, r->last_day);
	fputs("</h2>\n<div class=\"scroll\"><table>\n<tr><th></th>"
	      "<th class=\"n\">last 7 days</th><th class=\"n\">last 28 days</th></tr>\n", f);
	load_lines_of(lines, r);
	for (i = 0; i < LOAD_LINES; i++)
		load_row(f, lines[i].label, lines[i].last7, lines[i].last28, lines[i].decimals);
	fputs("</table></div>\n", f);
	if (!d)
		return;
	fputs("<p>", f);
	esc_html(f, acwr_sentence(buf, sizeof(buf), r, d));
	fputs("</p>\n<p>", f);
	esc_html(f, fitness_sentence(buf, sizeof(buf), r, d));
	fputs("</p>\n", f);
}

/* One flag: badge, date, rule and measure; what it is; evidence; why and what to do. */
static void html_flag(FILE *f, const struct athlete_result *r, const struct flag *fl,
		      bool advice)
{
	const struct rule_words *w = rule_words_of(fl->rule);
	const char *name = flag_level_name(fl->level);
	char m[160], buf[EVIDENCE_SIZE];

	fprintf(f, "<div class=\"flag %s\"><div><span class=\"badge %s\">%s</span> ",
		name, name, name);
	date(f, fl->day);
	fputs(" <b>", f);
	esc_html(f, rule_name(fl->rule));
	fputs("</b>: ", f);
	esc_html(f, flag_measure(m, sizeof(m), fl));
	fputs("</div>\n", f);
	if (w) {
		fputs("<div class=\"ft\">", f);
		esc_html(f, rule_text(buf, sizeof(buf), r, fl->rule, WORDS_TITLE));
		fputs("</div>\n", f);
	}
	fputs("<div class=\"ev\">", f);
	esc_html(f, flag_evidence(buf, sizeof(buf), r, fl));
	fputs("</div>\n", f);
	if (advice && w) {
		fputs("<p class=\"advice\"><b>Why it matters:</b> ", f);
		esc_html(f, rule_text(buf, sizeof(buf), r, fl->rule, WORDS_CALF));
		fputs("<br><b>What to do:</b> ", f);
		esc_html(f, rule_text(buf, sizeof(buf), r, fl->rule, WORDS_TODO));
		fputs("</p>\n", f);
	}
	fputs("</div>\n", f);
}

static void html_flags(FILE *f, const struct athlete_result *r)
{
	const struct flag *fl;
	struct flag_walk walk;
	struct flag_counts c;
	size_t i, earlier;
	int lvl;
	char m[160];

	flag_counts_compute(&c, r);
	if (c.total)
		fprintf(f, "<h2>Flags this week</h2>\n<p class=\"small\">%zu alert%s, %zu "
			"warning%s, %zu note%s (the last 7 days of data).</p>\n",
			c.level[FLAG_ALERT], c.level[FLAG_ALERT] == 1 ? "" : "s",
			c.level[FLAG_WARN], c.level[FLAG_WARN] == 1 ? "" : "s",
			c.level[FLAG_NOTE], c.level[FLAG_NOTE] == 1 ? "" : "s");
	else
		fputs("<h2>Flags this week</h2>\n<p>No flag in the last 7 days of data.</p>\n", f);
	for (lvl = FLAG_ALERT; lvl >= FLAG_NOTE; lvl--)
		for (i = 0; i < r->nflags; i++)
			if ((int)r->flags[i].level == lvl && flag_is_active(r, &r->flags[i]))
				html_flag(f, r, &r->flags[i], flag_first_of_rule(r, i));
	earlier = r->nflags - c.total;
	if (!earlier)
		return;
	fprintf(f, "<details><summary>Earlier flags (%zu)</summary>\n<div class=\"scroll\">"
		"<table>\n<tr><th>date</th><th>level</th><th>rule</th><th>measure</th></tr>\n",
		earlier);
	flag_walk_init(&walk, r);
	while ((fl = flag_walk_next(&walk))) {
		if (flag_is_active(r, fl))
			continue;
		fputs("<tr><td>", f);
		date(f, fl->day);
		fprintf(f, "</td><td>%s</td><td>", flag_level_name(fl->level));
		esc_html(f, rule_name(fl->rule));
		fputs("</td><td>", f);
		esc_html(f, flag_measure(m, sizeof(m), fl));
		fputs("</td></tr>\n", f);
	}
	fputs("</table></div>\n<p class=\"small\">The evidence of each is in "
	      "<a href=\"flags.csv\">flags.csv</a>.</p></details>\n", f);
}

/* The status, the pain diary's latest entry and the next 7 days (analysis/plan.h). */
static void html_plan(FILE *f, const struct athlete_result *r)
{
	char buf[1024], items[PLAN_ITEMS_MAX][PLAN_ITEM_SIZE];
	struct week_plan p;
	size_t i, n;

	plan_compute(&p, r);
	fputs("<p class=\"plan\"><b>Status:</b> ", f);
	esc_html(f, plan_status(buf, sizeof(buf), &p, r));
	fputs("</p>\n", f);
	if (p.pain) {
		fputs("<p class=\"plan\"><b>Pain:</b> ", f);
		esc_html(f, plan_pain(buf, sizeof(buf), &p, r));
		fputs("</p>\n", f);
	}
	fputs("<p class=\"plan\"><b>Next 7 days</b>, ", f);
	esc_html(f, plan_window(buf, sizeof(buf), &p));
	fputs(":</p>\n<ul class=\"plan\">", f);
	n = plan_items(items, PLAN_ITEMS_MAX, &p, r);
	for (i = 0; i < n; i++) {
		fputs("<li>", f);
		esc_html(f, items[i]);
		fputs("</li>", f);
	}
	fputs("</ul>\n", f);
}

/* The headline box: this week in words, coloured by the highest active level. */
static void html_week(FILE *f, const struct athlete_result *r)
{
	struct flag_counts c;
	char buf[2048];

	flag_counts_compute(&c, r);
	fprintf(f, "<div class=\"week%s%s\"><b>This week.</b> ", c.top ? " " : "",
		c.top ? flag_level_name(c.top->level) : "");
	esc_html(f, athlete_headline(buf, sizeof(buf), r));
	html_plan(f, r);
	fputs("</div>\n", f);
}

static void html_since(FILE *f, const struct athlete_report *a)
{
	char head[160], items[SINCE_ITEMS_MAX][SINCE_ITEM_SIZE];
	size_t i, n;

	if (!a->since)
		return;
	fputs("<p class=\"since\"><b>Since last:</b> ", f);
	esc_html(f, since_head(head, sizeof(head), a->since));
	fputs("</p>\n", f);
	n = since_items(items, SINCE_ITEMS_MAX, a->res, a->since);
	if (!n)
		return;
	fputs("<ul class=\"since\">\n", f);
	for (i = 0; i < n; i++) {
		fputs("<li>", f);
		esc_html(f, items[i]);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
}

static void html_charts(FILE *f, const struct athlete_result *r, unsigned charts,
			const char *note)
{
	char buf[1024];
	int id;

	fputs("<h2>Charts</h2>\n<p class=\"small\">Purple triangles along the top of a "
	      "chart are pain diary entries (bigger: worse); the date charts share one time "
	      "axis, so they line up. Tap a chart to open it on its own and zoom in.</p>\n", f);
	if (note) {
		fputs("<p>Charts not made: ", f);
		esc_html(f, note);
		fputs("</p>\n", f);
	}
	for (id = 0; id < CHART_N; id++) {
		if (!(charts & 1u << id))
			continue;
		/* the SVG, drawn for a phone's width (render/charts.c) and scaled to the page */
		fprintf(f, "<figure><a href=\"%s.svg\"><img src=\"%s.svg\" alt=\"",
			chart_defs[id].file, chart_defs[id].file);
		esc_html(f, thresholds_fill(buf, sizeof(buf), r, chart_defs[id].title));
		fputs("\"></a><figcaption>", f);
		esc_html(f, thresholds_fill(buf, sizeof(buf), r, chart_defs[id].how_to_read));
		fputs("</figcaption></figure>\n", f);
	}
}

static void html_shoes(FILE *f, const struct athlete_result *r)
{
	size_t i;

	if (!r->nshoes)
		return;
	fputs("<h2>Shoes</h2>\n<div class=\"scroll\"><table>\n<tr><th>shoe</th>"
	      "<th class=\"n\">runs</th><th class=\"n\">km</th><th class=\"n\">retire at</th>"
	      "<th class=\"n\">km left</th><th>last run</th></tr>\n", f);
	/* km left under 0: past retirement, in red */
	for (i = 0; i < r->nshoes; i++) {
		const struct shoe_row *s = &r->shoes[i];

		fputs("<tr><td>", f);
		esc_html(f, s->name);
		fprintf(f, "</td><td class=\"n\">%u</td><td class=\"n\">", s->runs);
		num(f, s->km, 1);
		fputs("</td><td class=\"n\">", f);
		num(f, s->retire_at_km, 0);
		fputs(isfinite(s->left_km) && s->left_km <= 0 ?
		      "</td><td class=\"n\" style=\"color:#c62828;font-weight:bold\">" :
		      "</td><td class=\"n\">", f);
		num(f, s->left_km, 1);
		fputs("</td><td>", f);
		date(f, s->last_day);
		fputs("</td></tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

static void html_pain(FILE *f, const struct athlete_result *r)
{
	char before[PAIN_PRECEDING_SIZE];
	size_t i;

	if (!r->npain)
		return;
	fputs("<h2>Pain diary</h2>\n<p class=\"small\">Each entry with the flags of the "
	      "14 days before it.</p>\n", f);
	if (pain_first_shown(r))
		fprintf(f, "<p class=\"small\">The latest %d of %zu entries; the others are in "
			"your pain.csv and on the charts.</p>\n", PAIN_SHOWN_MAX, r->npain);
	fputs("<ul>\n", f);
	for (i = pain_first_shown(r); i < r->npain; i++) {
		const struct pain_row *p = &r->pain[i];

		fputs("<li>", f);
		date(f, p->entry.day);
		fputs(" ", f);
		esc_html(f, p->entry.side);
		if (p->entry.severity >= 0)
			fprintf(f, " %d/10", p->entry.severity);
		if (p->entry.note[0]) {
			fputs(": ", f);
			esc_html(f, p->entry.note);
		}
		fputs("<br><span class=\"small\">Flags before: ", f);
		esc_html(f, pain_preceding_text(before, sizeof(before), p)[0] ? before : "none");
		fputs("</span></li>\n", f);
	}
	fputs("</ul>\n", f);
}

static void html_notes(FILE *f, const struct athlete_report *a)
{
	static const char *const kind_name[] = {
		[FILE_SKIPPED] = "skipped", [FILE_DUPLICATE] = "duplicate",
		[FILE_UNSUPPORTED] = "not supported", [FILE_IGNORED] = "not a run",
		[FILE_NOT_WALKED] = "passed over",
		[FILE_CONFIG] = "configuration error, not used"
	};
	size_t i;

	fprintf(f, "<h2>Data</h2>\n<p>%zu files read: %zu parsed, %zu skipped, "
		"%zu duplicates. Tables: <a href=\"runs.csv\">runs</a>, "
		"<a href=\"days.csv\">days</a>, <a href=\"weeks.csv\">weeks</a>, "
		"<a href=\"flags.csv\">flags</a>, <a href=\"shoes.csv\">shoes</a> "
		"(also as .json); <a href=\"report.txt\">report.txt</a>.</p>\n",
		a->files_in, a->files_parsed, a->files_skipped, a->files_duplicate);
	fprintf(f, "<p>%zu activities: %zu runs, %zu not runs, %zu duplicates, "
		"%zu unusable.</p>\n", a->activities_in, a->activities_runs,
		a->activities_not_runs, a->activities_duplicate, a->activities_unusable);
	if (!a->nnotes)
		return;
	fputs("<ul class=\"small\">\n", f);
	for (i = 0; i < a->nnotes; i++) {
		const struct file_note *n = &a->notes[i];

		fprintf(f, "<li>%s: ", n->kind <= FILE_CONFIG ? kind_name[n->kind] : "?");
		esc_html(f, n->file);
		if (n->kind == FILE_DUPLICATE && n->duplicate_of[0]) {
			fputs(" (same as ", f);
			esc_html(f, n->duplicate_of);
			fputs(")", f);
		}
		if (n->reason[0]) {
			fputs(": ", f);
			esc_html(f, n->reason);
		}
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
}

void html_athlete(FILE *f, const struct athlete_report *a, unsigned charts,
		  const char *chart_note, bool several)
{
	const struct athlete_result *r = a->res;
	const char *name = athlete_display_name(a);

	head(f, name);
	if (several)
		fputs("<p class=\"small\"><a href=\"../index.html\">roster</a></p>\n", f);
	fputs("<h1>", f);
	esc_html(f, name);
	fputs("</h1>\n<p class=\"small\">", f);
	if (r->first_day == RR_NO_DAY) {
		fputs("No runs.", f);
	} else {
		date(f, r->first_day);
		fputs(" to ", f);
		date(f, r->last_day);
		fprintf(f, ", %zu run%s. Time zone: ", r->nruns, r->nruns == 1 ? "" : "s");
		esc_html(f, r->zone_used[0] ? r->zone_used : "UTC");
		fputs(".", f);
	}
	fputs("</p>\n", f);
	html_week(f, r);
	html_since(f, a);
	html_flags(f, r);
	html_load(f, r);
	html_charts(f, r, charts, chart_note);
	html_pain(f, r);
	html_shoes(f, r);
	html_notes(f, a);
	tail(f);
}

void html_roster(FILE *f, const struct athlete_report *a, size_t n,
		 const size_t *order, const char *const *dirs)
{
	char why[2048];
	size_t i;

	head(f, "runrisk roster");
	fprintf(f, "<h1>Roster</h1>\n<p>%zu athletes, who needs a check-in first. "
		"<a href=\"report.txt\">report.txt</a>, "
		"<a href=\"roster.csv\">roster.csv</a>, "
		"<a href=\"flags.csv\">flags.csv</a>.</p>\n"
		"<div class=\"scroll\"><table>\n<tr><th>#</th><th>athlete</th>"
		"<th>level</th><th>alert / warn / note</th>"
		"<th>latest flag</th></tr>\n", n);
	for (i = 0; i < n; i++) {
		const struct athlete_report *x = &a[order[i]];
		struct flag_counts c;

		flag_counts_compute(&c, x->res);
		fprintf(f, "<tr><td class=\"n\">%zu</td><td><a href=\"", i + 1);
		esc_html(f, dirs[order[i]]);
		fputs("/index.html\">", f);
		esc_html(f, athlete_display_name(x));
		if (c.top)
			fprintf(f, "</a></td><td><span class=\"badge %s\">%s</span></td>",
				flag_level_name(c.top->level), flag_level_name(c.top->level));
		else
			fputs("</a></td><td>-</td>", f);
		fprintf(f, "<td>%zu / %zu / %zu</td><td>",
			c.level[FLAG_ALERT], c.level[FLAG_WARN], c.level[FLAG_NOTE]);
		date(f, c.latest_day);
		fputs("</td></tr>\n", f);
		/* The reason on a row of its own: long sentences would stretch the table. */
		fputs("<tr class=\"why\"><td></td><td colspan=\"4\">", f);
		esc_html(f, athlete_headline(why, sizeof(why), x->res));
		fputs("</td></tr>\n", f);
	}
	fputs("</table></div>\n", f);
	tail(f);
}
