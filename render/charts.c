/*
 * charts.c - gnuplot scripts and the one gnuplot process that runs them.
 *
 * Safety: the only strings from input that reach gnuplot are titles (the
 * athlete's name) and shoe names, always through esc_gp() (single-quoted,
 * no backquotes, no controls).  Datablocks hold numbers and dates only.
 * Output file names are fixed; the athlete's folder never appears in the
 * script (gnuplot runs in a staging folder of ours and we move the files).
 */
#include "render/render.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/num.h"
#include "core/timeutil.h"
#include "render/escape.h"
#include "render/table.h"

const struct chart_def chart_defs[CHART_N] = {
	[CHART_WEEKLY] = { "weekly_distance", "Weekly distance",
		"Each bar is a calendar week (Monday to Sunday) in km; a paler bar is a "
		"week the data covers only in part. A triangle over a bar is a "
		"weekly-jump flag, with how much the week rose over the one before "
		"(flagged above +{%weekly_jump_note} %; Nielsen et al. 2014)." },
	[CHART_SPIKES] = { "run_spikes",
		"Each run against the longest of the {long_run_spike_window_days} days before",
		"Each dot is a run. The grey step is the longest run of the "
		"{long_run_spike_window_days} days before; the coloured bands above it are "
		"{%long_run_spike_warn} %, {%long_run_spike_moderate} % and {%long_run_spike_alert} % "
		"longer. "
		"A dot in the yellow, orange or red band is a single-run spike "
		"(Frandsen et al. 2025); flagged runs carry their percentage." },
	[CHART_ACWR] = { "acwr", "Acute:chronic workload ratio (distance)",
		"The km of the last 7 days over the weekly mean of the last 28 "
		"(the thick line; the dashed line is the EWMA form). Green ({acwr_usual_low} to "
		"{acwr_warn}) is the usual range, yellow above {acwr_warn} is caution, red from "
		"{acwr_alert} is danger "
		"(Gabbett 2016). The line starts after 28 days of data. A grey band is a "
		"return after a break: the ratio means nothing there and is not drawn." },
	[CHART_CLIMB_FAST] = { "climb_fast", "Weekly climb and fast running",
		"Bars are metres climbed per week (left axis); the red line is minutes "
		"at or faster than the fast pace per week (right axis). Both load the "
		"calf even when the km stay flat; triangles mark hill and speed flags." },
	[CHART_SHOES] = { "shoes", "Kilometres per shoe",
		"Each bar is a shoe's km (start km plus runs); the dark line across it "
		"is where it should retire. Orange: under 100 km left; red: past it." },
	[CHART_FITNESS] = { "fitness", "Fitness, fatigue and form",
		"Fitness (42-day exponentially weighted mean of daily km, blue) and "
		"fatigue (7-day, red). "
		"The shaded form is fitness minus fatigue: green when fresh, red when "
		"fatigue runs ahead of fitness." },
	[CHART_RISK] = { "risk", "Risk timeline: active flags per rule",
		"One row per rule that raised a flag: each flag stays active for the 7 "
		"days from its date, coloured by its level (blue note, orange warn, red "
		"alert), so a trend across weeks shows at a glance." },
};

#define DAY_S 86400
/*
 * Charts with a date axis show the last year of the timeline: ten years of
 * daily ACWR in 1000 pixels helps nobody.  The datablocks (and the tables)
 * keep everything; only the x range is cut.
 */
#define VIEW_DAYS 365
#define PAIN_COLOR "#8e24aa"
#define PAIN_LINE "#708e24aa"	/* the same, 44 % transparent ('#AARRGGBB') */
#define RETURN_FILL "#e0e0e0"	/* the ACWR chart's return phases: no ratio there */

static size_t col_of(const char *const *cols, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(cols[i], name))
			return i + 1;	/* gnuplot counts from 1 */
	return 0;
}

#define DAYCOL(name) col_of(days_columns, days_ncolumns, (name))
#define WEEKCOL(name) col_of(weeks_columns, weeks_ncolumns, (name))

static bool is_run(const struct run_entry *e)
{
	return !e->s.route && isfinite(e->s.distance_m) && e->local_day != RR_NO_DAY;
}

static const char *level_color(enum flag_level l)
{
	return l == FLAG_ALERT ? "#c62828" : l == FLAG_WARN ? "#ef6c00" : "#1e88e5";
}

/* ---- the per-run spike data ---- */

/* band: enum spike_band (analysis/timeline.h), by the athlete's thresholds. */
static const char *const spike_columns[] = {
	"date", "distance_m", "longest30_m", "band"
};

/* ---- script pieces ---- */

/*
 * One output of every chart: its file extension, the gnuplot terminal and
 * the geometry the marks are placed by (the plot area of a date chart,
 * the size less its two 10-character margins, and a character's width),
 * and how many ticks the time axis has room for.
 */
struct chart_term {
	const char *ext, *set;
	int plot_w_px, char_w_px, xtics;
	int lmargin, rmargin;	/* of a date chart, in characters */
	int key_font;		/* the legend's font size */
	bool name_in_title;	/* the SVG is on the athlete's own page: no name */
};

struct chart_ctx {
	FILE *f;
	const struct athlete_report *a;
	const char *name;
	const struct week_row *weeks;	/* the analysis' weekly table */
	size_t nweeks;
	int32_t first_day, last_day;	/* of the data in view: at most VIEW_DAYS */
	/*
	 * The x range of every date chart, Monday to Monday, the same for all
	 * so that charts stacked on a page line up day for day.  It reaches a
	 * pain entry up to 30 days after the last run.
	 */
	int32_t view_from, view_to;
	bool pain_shown;	/* the current chart marks a pain entry */
	bool marked;		/* the current chart marks a flag */
	bool pain_in_view;	/* $pain has at least one row */
	/*
	 * Pain marks are plotted from $pain on the y2 axis, from 0 to this
	 * value (the top of the plot): "1" where y2 is free (gp_pain() sets
	 * y2range [0:1]), else the chart's own y2 maximum.
	 */
	char y2_top[48];
	const struct chart_term *term;	/* the output being written (png or svg) */
};

static long long mid_s(int32_t day)
{
	return (long long)day * DAY_S + DAY_S / 2;
}

static void gp_title(struct chart_ctx *c, const char *what)
{
	char buf[256];

	/* The name is cut at 120 bytes: a title wider than the chart helps nobody. */
	if (!c->term->name_in_title) {
		/* the page's SVG: a title font a little under the text's, so it fits */
		fputs("set title ", c->f);
		esc_gp(c->f, what, strlen(what));
		fputs(" font ',14'\n", c->f);
		return;
	}
	snprintf(buf, sizeof(buf), "%s: %s", what, c->name);
	fputs("set title ", c->f);
	esc_gp(c->f, buf, strlen(what) + 2 + 120);
	fputc('\n', c->f);
}

/* A date chart's title carries its year(s): the tics show day and month. */
static void gp_date_title(struct chart_ctx *c, const char *what_thresholds)
{
	char buf[128], what[96];
	int y0, y1, m, d;

	thresholds_fill(what, sizeof(what), c->a->res, what_thresholds);

	rr_civil_from_days(c->view_from, &y0, &m, &d);
	rr_civil_from_days(c->view_to - 1, &y1, &m, &d);
	if (y0 == y1)
		snprintf(buf, sizeof(buf), "%s, %d", what, y0);
	else
		snprintf(buf, sizeof(buf), "%s, %d-%d", what, y0, y1);
	gp_title(c, buf);
}

/*
 * Pain diary entries inside the view: a faint dotted line through the chart
 * and a purple triangle at the top, bigger for a worse entry.  They are
 * data ($pain, one row per day in view: charts_script()), plotted by
 * gp_key_tail(), not one "set label" each: gnuplot's cost per label grows
 * with the number of labels, and a diary of 100 000 entries never finished.
 */
static void gp_pain(struct chart_ctx *c)
{
	c->pain_shown = c->a->res->npain && c->pain_in_view;
	snprintf(c->y2_top, sizeof(c->y2_top), "1");
	if (c->pain_shown)
		fputs("set y2range [0:1]\n", c->f);
}

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/*
 * The date axis of every date chart: tics on Mondays, about six labels
 * ("6 Jul"; the first tic of a new year carries its year, "1 Mar 2027": a
 * bare "2027" would read as 1 January), written one by one because
 * gnuplot rounds a long time increment to months.  Fixed margins so that
 * the plot areas of all date charts line up.
 */
static void gp_time_axis(struct chart_ctx *c)
{
	int32_t day, step;
	int y, m, d, year;
	const char *sep = "";

	step = ((c->view_to - c->view_from) / 7 + c->term->xtics - 1) / c->term->xtics * 7;
	if (step < 7)
		step = 7;
	fprintf(c->f,
		"set xdata time\n"
		"set timefmt '%%Y-%%m-%%d'\n"
		"set xrange [%lld:%lld]\n"
		"set lmargin %d\nset rmargin %d\n"
		"set xtics nomirror scale 0.6 (",
		(long long)c->view_from * DAY_S, (long long)c->view_to * DAY_S,
		c->term->lmargin, c->term->rmargin);
	rr_civil_from_days(c->view_from, &year, &m, &d);
	for (day = c->view_from; day <= c->view_to; day += step) {
		rr_civil_from_days(day, &y, &m, &d);
		if (y != year)
			fprintf(c->f, "%s'%d %s %d' %lld", sep, d, month_abbr[m - 1], y,
				(long long)day * DAY_S);
		else
			fprintf(c->f, "%s'%d %s' %lld", sep, d, month_abbr[m - 1],
				(long long)day * DAY_S);
		year = y;
		sep = ", ";
	}
	fputs(")\n", c->f);
	gp_pain(c);
}

/*
 * A flag on a chart: a triangle in the level's colour, with a short text
 * centred above it, so that marks close together do not write over each
 * other; near an edge the text ends (or starts) at the mark instead.
 */
static void gp_mark(struct chart_ctx *c, long long x_s, double y, bool y2,
		    enum flag_level level, const char *text)
{
	long long from = (long long)c->view_from * DAY_S, to = (long long)c->view_to * DAY_S;
	double plot_w = c->term->plot_w_px;
	double px = to > from ? (double)(x_s - from) / (double)(to - from) * plot_w : 0;
	double half = (double)strlen(text) * c->term->char_w_px / 2;
	const char *align = "center", *dx = "0";
	char yb[48];

	if (px + half > plot_w) {
		align = "right";
		dx = "0.6";
	} else if (px < half) {
		align = "left";
		dx = "-0.6";
	}
	/* on a white box: the text stays readable over bands, bars and lines */
	if (!c->marked)
		fputs("set style textbox opaque fc rgb 'white' noborder margins 1, 1\n", c->f);
	fputs("set label ", c->f);
	esc_gp(c->f, text, 80);
	fprintf(c->f, " at %lld, %s %s %s point pt 9 ps 2*PS lc rgb '%s' offset %s, 1.2 "
		"tc rgb '%s' boxed front\n", x_s, y2 ? "second" : "first",
		fmt_fixed(yb, sizeof(yb), y, 3), align, level_color(level), dx,
		level_color(level));
	c->marked = true;
}

/* The pain marks (see gp_pain()) and the legend lines every date chart ends with. */
static void gp_key_tail(struct chart_ctx *c, const char *mark_title)
{
	if (c->pain_shown)
		fprintf(c->f, ", \\\n  $pain using (timecolumn(1,'%%Y-%%m-%%d')+%d):(0):(0):(%s) "
			"axes x1y2 with vectors nohead dt 3 lw 1.5 lc rgb '" PAIN_LINE "' notitle, \\\n"
			"  $pain using (timecolumn(1,'%%Y-%%m-%%d')+%d):(%s*0.96):($2*PS) axes x1y2 "
			"with points pt 11 ps variable lc rgb '" PAIN_COLOR "' notitle",
			DAY_S / 2, c->y2_top, DAY_S / 2, c->y2_top);
	if (c->marked && mark_title)
		fprintf(c->f, ", \\\n  keyentry with points pt 9 ps 2*PS lc rgb '%s' title '%s'",
			level_color(FLAG_WARN), mark_title);
	if (c->pain_shown)
		fputs(", \\\n  keyentry with points pt 11 ps 1.6*PS lc rgb '" PAIN_COLOR "' "
		      "title 'pain (bigger = worse)'", c->f);
	fputc('\n', c->f);
}

/* The flag of rule on days [from, to] with the highest level (the first of them); NULL: none. */
static const struct flag *flag_in(const struct athlete_result *r, enum rule_id rule,
				  int32_t from, int32_t to)
{
	const struct flag *best = NULL;
	size_t i;

	for (i = 0; i < r->nflags; i++)
		if (r->flags[i].day >= from && r->flags[i].day <= to &&
		    r->flags[i].rule == rule &&
		    (!best || r->flags[i].level > best->level))
			best = &r->flags[i];
	return best;
}

/* A rule's chart label (rule_words.c); "" for a rule without one. */
static const char *mark_of(enum rule_id rule)
{
	const struct rule_words *w = rule_words_of(rule);

	return w && w->mark ? w->mark : "";
}

static double max_of(double a, double b)
{
	return !isfinite(a) ? b : !isfinite(b) ? a : a > b ? a : b;
}

static const char *nice_max(char *buf, size_t size, double v, double floor_v)
{
	return fmt_fixed(buf, size, isfinite(v) && v > floor_v ? v : floor_v, 1);
}

/* Weeks the timeline covers only in part (its first and last) are drawn paler. */
static void chart_weekly(struct chart_ctx *c)
{
	size_t x = WEEKCOL("week_start"), d = WEEKCOL("distance_m"), n = WEEKCOL("days");
	bool partial = false, full = false;
	double top = NAN;
	char buf[64];
	size_t i;

	gp_date_title(c, chart_defs[CHART_WEEKLY].title);
	gp_time_axis(c);
	for (i = 0; i < c->nweeks; i++) {
		const struct week_row *w = &c->weeks[i];
		const struct flag *fl, *sw;
		enum flag_level lvl;
		char pct[32];

		partial |= w->days < 7;
		full |= w->days == 7;
		top = max_of(top, w->distance_m / 1000);
		fl = flag_in(c->a->res, RULE_WEEKLY_JUMP, w->week_start, w->week_start + 6);
		sw = flag_in(c->a->res, RULE_SHOE_DROP_CHANGE, w->week_start, w->week_start + 6);
		if ((!fl && !sw) || !isfinite(w->distance_m) || w->week_start < c->view_from)
			continue;
		/* the rise the rule measured (a week in progress: up to its crossing day) */
		buf[0] = '\0';
		if (fl)
			snprintf(buf, sizeof(buf), "%s%s", isfinite(fl->value) ? "+" : "jump",
				 isfinite(fl->value) ? fmt_fixed(pct, sizeof(pct), fl->value * 100, 0) : "");
		if (fl && isfinite(fl->value))
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %%");
		if (sw)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
				 fl ? ", " : "", mark_of(RULE_SHOE_DROP_CHANGE));
		lvl = fl && (!sw || fl->level >= sw->level) ? fl->level : sw->level;
		gp_mark(c, (long long)w->week_start * DAY_S + 7 * DAY_S / 2,
			w->distance_m / 1000, false, lvl, buf);
	}
	fprintf(c->f,
		"set ylabel 'km per week'\n"
		"set yrange [0:%s]\n"
		"set boxwidth %d absolute\n"
		"set style fill solid 0.85 border lc rgb '#1565c0'\n"
		"plot $weeks using (timecolumn(%zu,'%%Y-%%m-%%d')+%d):($%zu == 7 ? $%zu/1000 : NaN) "
		"with boxes lc rgb '#64b5f6' %s",
		nice_max(buf, sizeof(buf), top * 1.18, 10), 6 * DAY_S, x, 7 * DAY_S / 2, n, d,
		/* the legend lists only what is drawn */
		full ? "title 'km per week'" : "notitle");
	if (partial)
		fprintf(c->f, ", \\\n  $weeks using (timecolumn(%zu,'%%Y-%%m-%%d')+%d):"
			"($%zu < 7 ? $%zu/1000 : NaN) with boxes lc rgb '#d6eaf8' "
			"title 'part of a week'",
			x, 7 * DAY_S / 2, n, d);
	gp_key_tail(c, "flag (weekly jump, shoe switch)");
}

/* The analysis' window longest run for each day of the view, as steps (NaN: none). */
static void block_ref(struct chart_ctx *c)
{
	const struct athlete_result *r = c->a->res;
	int32_t day;
	char buf[48];

	fputs("$ref << EOD\n# date longest30_m\n", c->f);
	for (day = c->first_day; day <= c->last_day + 1; day++) {
		double l = r->longest_before_m[day - r->first_day];

		fprintf(c->f, "%s %s\n", rr_format_date(buf, sizeof(buf), day),
			isfinite(l) ? fmt_fixed(buf + 16, sizeof(buf) - 16, l, 1) : "NaN");
	}
	fputs("EOD\n", c->f);
}

/*
 * The bands of the single-run spike rule, by the athlete's thresholds, as
 * filled steps over the window's longest run, painted from the top band
 * down so that each covers the part of the one above it that is below its
 * own edge.  "50" times the reference is simply off the chart.
 */
static void chart_spikes(struct chart_ctx *c)
{
	static const char *const color[] = {
		"#ffcdd2", "#ffe0b2", "#fff59d", "#dcedc8", "#ffffff"
	};
	const struct athlete_result *r = c->a->res;
	const double *p = r->params.v;
	char factor[5][48], title[4][112], n[48], w[48], a[48];
	double top = NAN;
	char buf[128], pct[48];
	size_t i, k;

	rr_format_double(n, sizeof(n), p[RP_LONG_WARN] * 100, 2);
	rr_format_double(w, sizeof(w), p[RP_LONG_MODERATE] * 100, 2);
	rr_format_double(a, sizeof(a), p[RP_LONG_ALERT] * 100, 2);
	snprintf(factor[0], sizeof(factor[0]), "50");
	rr_format_double(factor[1], sizeof(factor[1]), 1 + p[RP_LONG_ALERT], 4);
	rr_format_double(factor[2], sizeof(factor[2]), 1 + p[RP_LONG_MODERATE], 4);
	rr_format_double(factor[3], sizeof(factor[3]), 1 + p[RP_LONG_WARN], 4);
	snprintf(factor[4], sizeof(factor[4]), "1");
	snprintf(title[0], sizeof(title[0]), "over +%s %%", a);
	snprintf(title[1], sizeof(title[1]), "+%s to +%s %%", w, a);
	snprintf(title[2], sizeof(title[2]), "+%s to +%s %%", n, w);
	snprintf(title[3], sizeof(title[3]), "up to +%s %%", n);

	gp_date_title(c, chart_defs[CHART_SPIKES].title);
	block_ref(c);
	gp_time_axis(c);
	for (i = 0; i < r->nruns; i++) {
		const struct run_entry *e = &r->runs[i];
		const struct flag *spike, *back, *hard;
		int lvl_l, lvl_b;

		if (!is_run(e) || e->local_day < c->first_day)
			continue;
		top = max_of(top, e->s.distance_m / 1000 * 1.12);
		top = max_of(top, e->longest_before_m / 1000 * 1.45);
		/* one label per day: the first run of the day carries it */
		if (i && r->runs[i - 1].local_day == e->local_day)
			continue;
		spike = flag_in(r, RULE_LONG_RUN_SPIKE, e->local_day, e->local_day);
		back = flag_in(r, RULE_LAYOFF_RETURN, e->local_day, e->local_day);
		hard = flag_in(r, RULE_BACK_TO_BACK, e->local_day, e->local_day);
		if (!spike && !back && !hard)
			continue;
		buf[0] = '\0';
		if (spike && isfinite(spike->value))
			snprintf(buf, sizeof(buf), "+%s %%",
				 fmt_fixed(pct, sizeof(pct), spike->value * 100, 0));
		if (back)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
				 buf[0] ? ", " : "", mark_of(RULE_LAYOFF_RETURN));
		if (hard)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
				 buf[0] ? ", " : "", mark_of(RULE_BACK_TO_BACK));
		lvl_l = spike ? (int)spike->level : 0;
		lvl_b = back ? (int)back->level : 0;
		if (hard && (int)hard->level > lvl_b)
			lvl_b = (int)hard->level;
		gp_mark(c, mid_s(e->local_day), e->s.distance_m / 1000, false,
			(enum flag_level)(lvl_l > lvl_b ? lvl_l : lvl_b), buf);
	}
	fprintf(c->f,
		"set ylabel 'km'\n"
		"set yrange [0:%s]\n"
		"set style fill solid 1 noborder\n"
		"plot ", nice_max(buf, sizeof(buf), top, 5));
	for (k = 0; k < sizeof(color) / sizeof(color[0]); k++) {
		fprintf(c->f, "%s$ref using (timecolumn(1,'%%Y-%%m-%%d')):($2*%s/1000) "
			"with fillsteps fc rgb '%s' ", k ? ", \\\n  " : "", factor[k], color[k]);
		if (k < 4)
			fprintf(c->f, "title '%s'", title[k]);
		else
			fputs("notitle", c->f);
	}
	fprintf(c->f, ", \\\n  $ref using (timecolumn(1,'%%Y-%%m-%%d')):($2/1000) with steps "
		"lw 2 lc rgb '#616161' title '%s-day longest run', \\\n"
		"  $runs using (timecolumn(1,'%%Y-%%m-%%d')+%d):($2/1000) with points "
		"pt 7 ps 1.1*PS lc rgb '#263238' title 'a run'",
		rr_format_double(n, sizeof(n), p[RP_LONG_WINDOW_DAYS], 0), DAY_S / 2);
	gp_key_tail(c, "flagged run");
}

/*
 * The return phases in view (doc/rules.md: the ratio is not meaningful
 * while returning): ret(t) is true on their days, so the plot leaves the
 * ratio out there (an undefined point breaks the line), and a grey band
 * covers them.  The legend says what the band is; a band wide enough for
 * it also carries the words upright inside, where no other text is.  Tags
 * from 1000: the flag marks' labels are numbered by gnuplot from 1.
 * Returns how many phases are in view.
 */
#define RETURN_LABEL_CHARS 7	/* two upright lines of text, with room: in character widths */

static size_t gp_acwr_returns(struct chart_ctx *c)
{
	const struct athlete_result *r = c->a->res;
	long long span = (long long)(c->view_to - c->view_from) * DAY_S;
	size_t i, n = 0;

	fputs("ret(t) = 0", c->f);
	for (i = 0; i < r->nreturns; i++) {
		int32_t from = r->returns[i].back_day, to = r->returns[i].end_day;

		if (to < c->view_from || from > c->view_to)
			continue;
		fprintf(c->f, " || (t >= %lld && t < %lld)", (long long)from * DAY_S,
			(long long)(to + 1) * DAY_S);
	}
	fputc('\n', c->f);
	for (i = 0; i < r->nreturns; i++) {
		int32_t from = r->returns[i].back_day, to = r->returns[i].end_day;
		long long x0, x1;

		if (to < c->view_from || from > c->view_to)
			continue;
		if (from < c->view_from)
			from = c->view_from;
		if (to >= c->view_to)
			to = c->view_to - 1;
		x0 = (long long)from * DAY_S;
		x1 = (long long)(to + 1) * DAY_S;
		fprintf(c->f, "set object %zu rect from %lld, graph 0 to %lld, graph 1 "
			"behind fc rgb '" RETURN_FILL "' fs solid noborder\n", 1000 + n, x0, x1);
		if (span > 0 && (double)(x1 - x0) / (double)span * c->term->plot_w_px >=
		    RETURN_LABEL_CHARS * c->term->char_w_px)
			fprintf(c->f, "set label %zu \"returning:\\nratio not meaningful\" at %lld, "
				"graph 0.5 center rotate by 90 tc rgb '#424242' front\n", 1000 + n,
				(x0 + x1) / 2);
		n++;
	}
	return n;
}

/* The zones are the athlete's (r->zones); the y axis shows them all. */
static void chart_acwr(struct chart_ctx *c)
{
	const struct athlete_result *r = c->a->res;
	const struct acwr_zones *z = &r->zones;
	double top = NAN, lo = z->alert + 0.5 > 2 ? z->alert + 0.5 : 2, hi = lo > 3 ? lo : 3;
	char buf[64], v[48], zl[48], zw[48], za[48], yd[48], yc[48], yu[48];
	size_t i, returning;

	gp_date_title(c, chart_defs[CHART_ACWR].title);
	gp_time_axis(c);
	for (i = 0; i < r->ndays; i++) {
		/* the days of a return are not drawn: they do not set the scale */
		if (r->days[i].day < c->first_day || day_is_returning(r, r->days[i].day))
			continue;
		top = max_of(top, r->days[i].acwr_coupled);
		top = max_of(top, r->days[i].acwr_ewma);
	}
	/* 2 to 3 (more for high zones): the bands stay readable; a higher ratio runs off the top */
	top = isfinite(top) ? top * 1.12 : lo;
	top = top < lo ? lo : top > hi ? hi : top;
	for (i = 0; i < r->nflags; i++) {
		const struct flag *fl = &r->flags[i];

		if (fl->rule != RULE_ACWR || fl->day < c->first_day || !isfinite(fl->value))
			continue;
		gp_mark(c, mid_s(fl->day), fl->value > top ? top : fl->value, false,
			fl->level, fmt_fixed(v, sizeof(v), fl->value, 2));
	}
	returning = gp_acwr_returns(c);
	rr_format_double(zl, sizeof(zl), z->usual_low, 3);
	rr_format_double(zw, sizeof(zw), z->warn, 3);
	rr_format_double(za, sizeof(za), z->alert, 3);
	rr_format_double(yd, sizeof(yd), z->alert + 0.1, 3);
	rr_format_double(yc, sizeof(yc), (z->warn + z->alert) / 2, 3);
	rr_format_double(yu, sizeof(yu), (z->usual_low + z->warn) / 2, 3);
	fprintf(c->f,
		"set ylabel 'ratio: 7 days / 28-day mean'\n"
		"set yrange [0:%s]\n"
		"set object 1 rect from graph 0, first %s to graph 1, first %s "
		"behind fc rgb '#e8f5e9' fs solid noborder\n"
		"set object 2 rect from graph 0, first %s to graph 1, first %s "
		"behind fc rgb '#fff8e1' fs solid noborder\n"
		"set object 3 rect from graph 0, first %s to graph 1, graph 1 "
		"behind fc rgb '#ffebee' fs solid noborder\n"
		"set label 'danger' at graph 1.01, first %s left tc rgb '#c62828'\n"
		"set label 'caution' at graph 1.01, first %s left tc rgb '#b26a00'\n"
		"set label 'usual' at graph 1.01, first %s left tc rgb '#2e7d32'\n"
		"plot $days using (timecolumn(1,'%%Y-%%m-%%d')+%d):"
		"(ret(timecolumn(1,'%%Y-%%m-%%d')) ? NaN : column(%zu)) with lines lw 3 "
		"lc rgb '#1565c0' title 'ACWR (flags use this)', \\\n"
		"  $days using (timecolumn(1,'%%Y-%%m-%%d')+%d):"
		"(ret(timecolumn(1,'%%Y-%%m-%%d')) ? NaN : column(%zu)) with lines dt 2 lw 1.5 "
		"lc rgb '#6d4c41' title 'EWMA ratio'",
		fmt_fixed(buf, sizeof(buf), top, 1), zl, zw, zw, za, za, yd, yc, yu,
		DAY_S / 2, DAYCOL("acwr_coupled"),
		DAY_S / 2, DAYCOL("acwr_ewma"));
	if (returning)
		fputs(", \\\n  keyentry with boxes fs solid fc rgb '" RETURN_FILL "' "
		      "title 'returning: ratio not meaningful'", c->f);
	gp_key_tail(c, "ACWR flag");
}

static const struct week_row *week_at(const struct chart_ctx *c, int32_t day)
{
	size_t i;

	for (i = 0; i < c->nweeks; i++)
		if (day >= c->weeks[i].week_start && day <= c->weeks[i].week_start + 6)
			return &c->weeks[i];
	return NULL;
}

static void chart_climb_fast(struct chart_ctx *c)
{
	const struct athlete_result *r = c->a->res;
	size_t x = WEEKCOL("week_start");
	double top1 = NAN, top2 = NAN;
	char b1[48], b2[48];
	size_t i;

	gp_date_title(c, chart_defs[CHART_CLIMB_FAST].title);
	gp_time_axis(c);
	for (i = 0; i < c->nweeks; i++) {
		top1 = max_of(top1, c->weeks[i].ascent_m);
		top2 = max_of(top2, c->weeks[i].fast_s / 60);
	}
	for (i = 0; i < r->nflags; i++) {
		const struct flag *fl = &r->flags[i];
		bool climb = fl->rule == RULE_HILL_BLOCK || fl->rule == RULE_CLIMB_SPIKE;
		const struct week_row *w;

		if (!climb && fl->rule != RULE_SPEED_SPIKE)
			continue;
		w = week_at(c, fl->day);
		if (!w || w->week_start < c->view_from)
			continue;
		/* one mark per week and kind */
		if (i && r->flags[i - 1].rule == fl->rule &&
		    week_at(c, r->flags[i - 1].day) == w)
			continue;
		gp_mark(c, (long long)w->week_start * DAY_S + 7 * DAY_S / 2,
			climb ? w->ascent_m : w->fast_s / 60, !climb, fl->level, mark_of(fl->rule));
	}
	fprintf(c->f,
		"set ylabel 'climb, m per week'\n"
		"set y2label 'fast running, min per week'\n"
		"set ytics nomirror\n"
		"set y2tics\n"
		"set yrange [0:%s]\n"
		"set y2range [0:%s]\n"
		"set boxwidth %d absolute\n"
		"set style fill solid 0.7 border lc rgb '#6d4c41'\n"
		"plot $weeks using (timecolumn(%zu,'%%Y-%%m-%%d')+%d):%zu with boxes "
		"lc rgb '#bcaaa4' title 'climb (m)', \\\n"
		"  $weeks using (timecolumn(%zu,'%%Y-%%m-%%d')+%d):($%zu/60) axes x1y2 "
		"with linespoints pt 7 ps PS lw 2 lc rgb '#e53935' title 'fast running (min)'",
		nice_max(b1, sizeof(b1), top1 * 1.2, 100),
		nice_max(b2, sizeof(b2), top2 * 1.2, 10),
		6 * DAY_S, x, 7 * DAY_S / 2, WEEKCOL("ascent_m"),
		x, 7 * DAY_S / 2, WEEKCOL("fast_s"));
	snprintf(c->y2_top, sizeof(c->y2_top), "%s", b2);	/* y2 is taken: pain to its top */
	gp_key_tail(c, "hill or speed flag");
}

static void chart_shoes(struct chart_ctx *c)
{
	const struct athlete_result *r = c->a->res;
	size_t km = col_of(shoes_columns, shoes_ncolumns, "km");
	size_t ret = col_of(shoes_columns, shoes_ncolumns, "retire_at_km");
	double top = NAN, pad;
	char a[48], b[48];
	size_t i;

	gp_title(c, chart_defs[CHART_SHOES].title);
	/* fewer than three shoes: pad, so that one shoe is not a wall of colour */
	pad = r->nshoes < 3 ? (double)(3 - r->nshoes) / 2 : 0;
	fprintf(c->f, "set xrange [%s:", fmt_fixed(a, sizeof(a), -0.6 - pad, 1));
	fprintf(c->f, "%s]\n", fmt_fixed(a, sizeof(a), (double)r->nshoes - 0.4 + pad, 1));
	fputs("set xtics nomirror scale 0 (", c->f);
	for (i = 0; i < r->nshoes; i++) {
		if (i)
			fputs(", ", c->f);
		esc_gp(c->f, r->shoes[i].name, 40);
		fprintf(c->f, " %zu", i);
	}
	fputs(")\n", c->f);
	for (i = 0; i < r->nshoes; i++) {
		const struct shoe_row *s = &r->shoes[i];
		char y[48];

		top = max_of(top, max_of(s->km, s->retire_at_km));
		if (!isfinite(s->km))
			continue;
		/*
		 * km and what is left, over the bar or its retire line, whichever
		 * is higher: our own digits, so double quotes are safe.
		 */
		fmt_fixed(y, sizeof(y), max_of(s->km, s->retire_at_km), 1);
		if (isfinite(s->left_km))
			fprintf(c->f, "set label \"%s km\\n%s km %s\" at %zu, first %s center "
				"offset 0, 1.6 front\n", fmt_fixed(a, sizeof(a), s->km, 0),
				fmt_fixed(b, sizeof(b), fabs(s->left_km), 0),
				s->left_km > 0 ? "left" : "past", i, y);
		else
			fprintf(c->f, "set label \"%s km%s\" at %zu, first %s center offset 0, "
				"%s front\n", fmt_fixed(a, sizeof(a), s->km, 0),
				shoe_is_retired(c->a->res, s) ? "\\nretired" : "", i, y,
				shoe_is_retired(c->a->res, s) ? "1.6" : "0.8");
	}
	if (r->nshoes > 4)
		fputs("set xtics rotate by 30 right\n", c->f);
	fprintf(c->f,
		"set ylabel 'km'\n"
		"set yrange [0:%s]\n"
		"set key outside bottom center horizontal\n"
		"set boxwidth 0.6\n"
		"set style fill solid 0.85 border lc rgb '#424242'\n"
		"plot $shoes using 0:%zu:($%zu - $%zu <= 0 ? 0xe53935 : "
		"($%zu - $%zu < %d ? 0xfb8c00 : 0x7e57c2)) with boxes lc rgb variable "
		"title 'km on the shoe', \\\n"
		"  $shoes using ($0-0.36):%zu:(0.72):(0) with vectors nohead lw 4 "
		"lc rgb '#212121' title 'retire at'\n",
		nice_max(a, sizeof(a), top * 1.25, 100), km, ret, km, ret, km,
		(int)SHOE_SOON_KM, ret);
}

static void chart_fitness(struct chart_ctx *c)
{
	size_t tsb = DAYCOL("tsb");

	gp_date_title(c, chart_defs[CHART_FITNESS].title);
	gp_time_axis(c);
	/*
	 * Fitness starts from zero on the first day of data, so the first six
	 * weeks read as "tired" whatever the training: grey them out.
	 */
	if (c->a->res->first_day + 42 > c->view_from) {
		long long end = (long long)(c->a->res->first_day + 42) * DAY_S;

		fprintf(c->f, "set object rect from %lld, graph 0 to %lld, graph 1 behind "
			"fc rgb '#eeeeee' fs solid noborder\n"
			"set style textbox opaque fc rgb '#eeeeee' noborder\n"
			"set label \"fitness still\\ncounting up\" at %lld, graph 0.9 "
			"center tc rgb '#616161' font ',15' boxed front\n",
			(long long)c->view_from * DAY_S, end,
			((long long)c->view_from * DAY_S + end) / 2);
	}
	fprintf(c->f,
		"set ylabel 'km a day (averages)'\n"
		"set xzeroaxis lt -1\n"
		"set style fill solid 0.6 noborder\n"
		"plot $days using (timecolumn(1,'%%Y-%%m-%%d')+%d):($%zu > 0 ? $%zu : 0) "
		"with filledcurves y=0 fc rgb '#a5d6a7' title 'form above 0: fresh', \\\n"
		"  $days using (timecolumn(1,'%%Y-%%m-%%d')+%d):($%zu < 0 ? $%zu : 0) "
		"with filledcurves y=0 fc rgb '#ef9a9a' title 'form below 0: tired', \\\n"
		"  $days using (timecolumn(1,'%%Y-%%m-%%d')+%d):%zu with lines lw 3 "
		"lc rgb '#1565c0' title 'fitness (42 days)', \\\n"
		"  $days using (timecolumn(1,'%%Y-%%m-%%d')+%d):%zu with lines lw 2 "
		"lc rgb '#e53935' title 'fatigue (7 days)'",
		DAY_S / 2, tsb, tsb, DAY_S / 2, tsb, tsb, DAY_S / 2, DAYCOL("ctl"),
		DAY_S / 2, DAYCOL("atl"));
	gp_key_tail(c, NULL);
}

/*
 * The risk timeline: a row per rule with a flag in view, a bar per flag over
 * the 7 days it is active (flag_is_active()), lower levels drawn first so an
 * alert shows over a warning.
 */
static void chart_risk(struct chart_ctx *c)
{
	const struct athlete_result *r = c->a->res;
	int row[RULE_COUNT];
	unsigned drawn = 0;
	int nrows = 0, lvl;
	size_t i;
	const char *sep = "";

	for (i = 0; i < RULE_COUNT; i++)
		row[i] = 0;
	for (i = 0; i < r->nflags; i++)
		if ((unsigned)r->flags[i].rule < RULE_COUNT && r->flags[i].day + 7 > c->view_from &&
		    !row[r->flags[i].rule])
			row[r->flags[i].rule] = -1;
	for (i = 0; i < RULE_COUNT; i++)
		if (row[i])
			row[i] = ++nrows;
	gp_date_title(c, chart_defs[CHART_RISK].title);
	gp_time_axis(c);
	fputs("set ytics nomirror scale 0 (", c->f);
	for (i = 0; i < RULE_COUNT; i++) {
		if (!row[i])
			continue;
		fprintf(c->f, "%s'%s' %d", sep, rule_name((enum rule_id)i), row[i]);
		sep = ", ";
	}
	fprintf(c->f, ")\nset yrange [0.4:%.1f]\nset lmargin 18\nunset grid\n"
		"set grid xtics lc rgb '#d9d9d9'\n", nrows + 0.6);
	for (lvl = FLAG_NOTE; lvl <= FLAG_ALERT; lvl++) {
		for (i = 0; i < r->nflags; i++) {
			const struct flag *f = &r->flags[i];
			int32_t from = f->day, to = f->day + 7;

			if ((int)f->level != lvl || (unsigned)f->rule >= RULE_COUNT ||
			    to <= c->view_from)
				continue;
			if (from < c->view_from)
				from = c->view_from;
			if (to > c->view_to)
				to = c->view_to;
			fprintf(c->f, "set object rect from %lld, %.2f to %lld, %.2f fc rgb '%s' "
				"fs solid 0.85 noborder front\n", (long long)from * DAY_S,
				row[f->rule] - 0.32, (long long)to * DAY_S, row[f->rule] + 0.32,
				level_color(f->level));
			drawn |= 1u << lvl;
		}
	}
	/* the legend lists only the levels drawn */
	fputs("plot NaN notitle", c->f);
	for (lvl = FLAG_ALERT; lvl >= FLAG_NOTE; lvl--)
		if (drawn & (1u << lvl))
			fprintf(c->f, ", \\\n  keyentry with boxes fs solid 0.85 fc rgb '%s' title '%s'",
				level_color((enum flag_level)lvl), flag_level_name((enum flag_level)lvl));
	gp_key_tail(c, NULL);
}

static void (*const chart_fn[CHART_N])(struct chart_ctx *) = {
	[CHART_RISK] = chart_risk,
	[CHART_WEEKLY] = chart_weekly,
	[CHART_SPIKES] = chart_spikes,
	[CHART_ACWR] = chart_acwr,
	[CHART_CLIMB_FAST] = chart_climb_fast,
	[CHART_SHOES] = chart_shoes,
	[CHART_FITNESS] = chart_fitness,
};

/* ---- which charts have something to show ---- */

static bool days_have(const struct athlete_result *r, size_t off)
{
	size_t i;

	for (i = 0; i < r->ndays; i++)
		if (isfinite(*(const double *)((const char *)&r->days[i] + off)))
			return true;
	return false;
}

static unsigned charts_planned(const struct chart_ctx *c)
{
	const struct athlete_result *r = c->a->res;
	unsigned m = 0;
	size_t i;

	for (i = 0; i < c->nweeks; i++) {
		if (isfinite(c->weeks[i].distance_m))
			m |= 1u << CHART_WEEKLY;
		if (isfinite(c->weeks[i].ascent_m) || isfinite(c->weeks[i].fast_s))
			m |= 1u << CHART_CLIMB_FAST;
	}
	for (i = 0; i < r->nruns; i++)
		if (is_run(&r->runs[i]))
			m |= 1u << CHART_SPIKES;
	if (days_have(r, offsetof(struct day_row, acwr_coupled)) ||
	    days_have(r, offsetof(struct day_row, acwr_uncoupled)) ||
	    days_have(r, offsetof(struct day_row, acwr_ewma)))
		m |= 1u << CHART_ACWR;
	if (days_have(r, offsetof(struct day_row, ctl)) ||
	    days_have(r, offsetof(struct day_row, atl)))
		m |= 1u << CHART_FITNESS;
	for (i = 0; i < r->nshoes; i++)
		if (isfinite(r->shoes[i].km))
			m |= 1u << CHART_SHOES;
	for (i = 0; i < r->nflags; i++)
		if (r->flags[i].day + 7 > c->view_from)
			m |= 1u << CHART_RISK;
	if (r->first_day == RR_NO_DAY || r->last_day == RR_NO_DAY)
		m &= 1u << CHART_SHOES;
	return m;
}

/* ---- datablocks ---- */

static void block_days(FILE *f, const struct athlete_result *r)
{
	struct table t;
	size_t i;

	fputs("$days << EOD\n", f);
	table_begin(&t, f, TABLE_GP, days_columns, days_ncolumns);
	for (i = 0; i < r->ndays; i++)
		days_row_write(&t, &r->days[i]);
	table_end(&t);
	fputs("EOD\n", f);
}

static void block_weeks(FILE *f, const struct week_row *w, size_t n)
{
	struct table t;
	size_t i;

	fputs("$weeks << EOD\n", f);
	table_begin(&t, f, TABLE_GP, weeks_columns, weeks_ncolumns);
	for (i = 0; i < n; i++)
		weeks_row_write(&t, &w[i]);
	table_end(&t);
	fputs("EOD\n", f);
}

static void block_runs(FILE *f, const struct athlete_result *r)
{
	struct table t;
	size_t i;

	fputs("$runs << EOD\n", f);
	table_begin(&t, f, TABLE_GP, spike_columns,
		    sizeof(spike_columns) / sizeof(spike_columns[0]));
	for (i = 0; i < r->nruns; i++) {
		const struct run_entry *e = &r->runs[i];

		if (!is_run(e))
			continue;
		table_row_begin(&t);
		table_date(&t, e->local_day);
		table_num(&t, e->s.distance_m, DEC_M);
		table_num(&t, e->longest_before_m, DEC_M);
		table_uint(&t, (unsigned)e->spike_band);
		table_row_end(&t);
	}
	table_end(&t);
	fputs("EOD\n", f);
}

/*
 * The pain entries in the view, one row per day (the worst entry of the
 * day): "date marker_size".  Linear in the diary plus the view (at most
 * VIEW_DAYS + 37 days).  Returns whether there was a row; -1 on OOM.
 */
static int block_pain(FILE *f, const struct chart_ctx *c)
{
	const struct athlete_result *r = c->a->res;
	size_t ndays = c->view_to > c->view_from ? (size_t)(c->view_to - c->view_from) : 0;
	signed char *worst;
	char date[16], ps[48];
	size_t i;
	int rows = 0;

	fputs("$pain << EOD\n# date marker_size\n", f);
	worst = ndays ? malloc(ndays) : NULL;
	if (ndays && !worst)
		return -1;
	if (worst)
		memset(worst, -2, ndays);
	for (i = 0; worst && i < r->npain; i++) {
		int32_t d = r->pain[i].entry.day;
		int sev = r->pain[i].entry.severity;

		if (d == RR_NO_DAY || d < c->view_from || d >= c->view_to)
			continue;
		if (sev < 0)
			sev = 3;	/* severity unknown: a middle-sized mark */
		if (sev > worst[d - c->view_from])
			worst[d - c->view_from] = (signed char)(sev > 10 ? 10 : sev);
	}
	for (i = 0; i < ndays; i++) {
		if (worst[i] < 0)
			continue;
		fprintf(f, "%s %s\n", rr_format_date(date, sizeof(date), c->view_from + (int32_t)i),
			fmt_fixed(ps, sizeof(ps), 1.0 + worst[i] * 0.2, 1));
		rows = 1;
	}
	free(worst);
	fputs("EOD\n", f);
	return rows;
}

static void block_shoes(FILE *f, const struct athlete_result *r)
{
	struct table t;
	size_t i;

	fputs("$shoes << EOD\n", f);
	table_begin(&t, f, TABLE_GP, shoes_columns, shoes_ncolumns);
	for (i = 0; i < r->nshoes; i++)
		shoes_row_write(&t, &r->shoes[i]);
	table_end(&t);
	fputs("EOD\n", f);
}

/*
 * The PNG: 1000 x 600 with an 18 pt font, for the README, report.txt's
 * readers and a desktop.  The SVG is what index.html shows, scaled to the
 * screen's width: drawn at 460 x 470 with a 16-unit font, so that at a
 * 390 px phone (about 366 px of image) the text is about 13 px high and on
 * a desktop (at most 560 px, html.c) about 19 px; "dynamic" leaves the
 * size to the page, and the page's heading
 * names the athlete, so its titles do not (they would not fit).  Its
 * margins are just wide enough for the tick labels and the zone names.  PS scales the point
 * sizes: gnuplot's SVG terminal draws points about twice as large as
 * pngcairo at the same size.
 */
static const struct chart_term terminals[2] = {
	{ "png", "set terminal pngcairo size 1000,600 noenhanced font 'sans,18'\nPS = 1",
	  780, 11, 6, 10, 10, 15, true },
	{ "svg", "set terminal svg size 460,470 dynamic noenhanced font 'sans,16' "
		 "background rgb 'white'\nPS = 0.42", 300, 9, 3, 8, 7, 15, false },
};

int charts_script(FILE *f, const struct athlete_report *a)
{
	const struct athlete_result *r = a->res;
	struct chart_ctx c = {
		.f = f, .a = a, .name = athlete_display_name(a),
		.first_day = r->first_day, .last_day = r->last_day,
	};
	unsigned mask;
	size_t i;
	int id, t;

	c.weeks = r->weeks;
	c.nweeks = r->nweeks;
	if (c.first_day != RR_NO_DAY && c.last_day - c.first_day >= VIEW_DAYS)
		c.first_day = c.last_day - (VIEW_DAYS - 1);
	if (c.first_day != RR_NO_DAY) {
		int32_t end = c.last_day;

		for (i = 0; i < r->npain; i++) {
			int32_t d = r->pain[i].entry.day;

			if (d != RR_NO_DAY && d > end && d <= c.last_day + 30)
				end = d;
		}
		c.view_from = c.first_day - rr_weekday(c.first_day);
		c.view_to = end - rr_weekday(end) + 7;
	}
	mask = charts_planned(&c);
	fputs("# runrisk charts: run with gnuplot in the folder the charts go to.\n"
	      "# The datablocks hold the same numbers as days.csv, weeks.csv and\n"
	      "# shoes.csv (unknown = NaN).\n"
	      "reset session\n"
	      "set encoding utf8\n"
	      "set decimalsign '.'\n", f);
	block_days(f, r);
	block_weeks(f, c.weeks, c.nweeks);
	block_runs(f, r);
	block_shoes(f, r);
	id = block_pain(f, &c);
	if (id < 0)
		return -1;
	c.pain_in_view = id > 0;
	for (id = 0; id < CHART_N; id++) {
		if (!(mask & 1u << id))
			continue;
		for (t = 0; t < 2; t++) {
			fprintf(f, "\n# %s.%s\nreset\n%s\nset output '%s.%s'\n"
				"set grid lc rgb '#d9d9d9' lw 1\n"
				"set key outside bottom center horizontal Left reverse samplen 1.5 "
				"font ',%d'\n"
				"set border lc rgb '#616161'\n",
				chart_defs[id].file, terminals[t].ext, terminals[t].set,
				chart_defs[id].file, terminals[t].ext, terminals[t].key_font);
			c.term = &terminals[t];
			c.marked = c.pain_shown = false;
			chart_fn[id](&c);
			fputs("unset output\n", f);
		}
	}
	return (int)mask;
}

/* ---- running gnuplot ---- */

/* snprintf for paths: -1 when it does not fit (never a silently cut path). */
__attribute__((format(printf, 3, 4)))
static int pathf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Remove the staging tree: files in it and in its sub-folders (two levels, ours). */
static void staging_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];

	if (!d) {
		rmdir(dir);
		return;
	}
	while ((de = readdir(d))) {
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (pathf(path, sizeof(path), "%s/%s", dir, de->d_name))
			continue;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			staging_remove(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

void charts_sweep(const char *dir)
{
	static const char prefix[] = ".runrisk-charts-";
	char path[4096];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, prefix, sizeof(prefix) - 1) &&
		    !pathf(path, sizeof(path), "%s/%s", dir, de->d_name))
			staging_remove(path);
	closedir(d);
}

/* Write all of buf to a socket; a dead reader gives EPIPE, never SIGPIPE. */
static int send_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = send(fd, buf, len, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Start gnuplot in dir with its stdin on a socket (so that writes can use
 * MSG_NOSIGNAL), stdout to /dev/null, stderr to dir/gnuplot.log.  An exec
 * failure comes back through a close-on-exec pipe as the child's errno.
 */
static enum rr_status gnuplot_start(const char *prog, const char *dir,
				    pid_t *pid, int *in, struct rr_error *err)
{
	int sv[2], ep[2], child_errno = 0;
	ssize_t got;
	pid_t p;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return rr_error_set(err, RR_EIO, 0, 0, "gnuplot: socketpair: %s",
				    strerror(errno));
	if (pipe(ep) != 0 || fcntl(ep[1], F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(ep[0], F_SETFD, FD_CLOEXEC) != 0) {
		close(sv[0]);
		close(sv[1]);
		return rr_error_set(err, RR_EIO, 0, 0, "gnuplot: pipe: %s",
				    strerror(errno));
	}
	p = fork();
	if (p < 0) {
		int e = errno;

		close(sv[0]);
		close(sv[1]);
		close(ep[0]);
		close(ep[1]);
		return rr_error_set(err, RR_EIO, 0, 0, "gnuplot: fork: %s",
				    strerror(e));
	}
	if (p == 0) {
		/* Child: only async-signal-safe calls until exec. */
		char *const argv[] = { (char *)(uintptr_t)prog, NULL };
		int fd;

		if (chdir(dir) != 0 || dup2(sv[1], 0) < 0)
			goto fail;
		fd = open("/dev/null", O_WRONLY);
		if (fd < 0 || dup2(fd, 1) < 0)
			goto fail;
		fd = open("gnuplot.log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 2) < 0)
			goto fail;
		signal(SIGPIPE, SIG_DFL);
		execvp(prog, argv);
fail:
		child_errno = errno;
		(void)!write(ep[1], &child_errno, sizeof(child_errno));
		_exit(127);
	}
	close(sv[1]);
	close(ep[1]);
	do
		got = read(ep[0], &child_errno, sizeof(child_errno));
	while (got < 0 && errno == EINTR);
	close(ep[0]);
	if (got == (ssize_t)sizeof(child_errno)) {
		close(sv[0]);
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR)
			;
		if (child_errno == ENOENT)
			return rr_error_set(err, RR_EIO, 0, 0,
					    "gnuplot not found (\"%s\" is not in PATH): "
					    "install gnuplot-nox, or run with "
					    "--no-charts", prog);
		return rr_error_set(err, RR_EIO, 0, 0,
				    "gnuplot could not start (%s): %s", prog,
				    strerror(child_errno));
	}
	*pid = p;
	*in = sv[0];
	return RR_OK;
}

/* First line of the gnuplot log, for the error message. */
static void log_first_line(const char *dir, char *buf, size_t size)
{
	char path[4096];
	FILE *f;
	size_t n;

	buf[0] = '\0';
	if (pathf(path, sizeof(path), "%s/gnuplot.log", dir))
		return;
	f = fopen(path, "r");
	if (!f)
		return;
	/* gnuplot echoes the failing line first; its message follows. */
	while (fgets(buf, (int)size, f)) {
		n = strlen(buf);
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
			buf[--n] = '\0';
		if (strstr(buf, "line ") || strstr(buf, "rror"))
			break;
	}
	fclose(f);
}

/*
 * Copy a staged image into a temporary beside its target and queue it.
 * Beside the target, so that the rename at commit stays in one folder
 * (an athlete's folder may be a link to another file system), and
 * fsynced like every other file of the report.
 */
static enum rr_status stage_copy(struct rr_outset *set, const char *from,
				 const char *to, struct rr_error *err)
{
	char buf[65536];
	struct rr_outfile o;
	enum rr_status st;
	size_t n;
	FILE *in = fopen(from, "rb");

	if (!in)
		return rr_error_set(err, RR_EIO, 0, 0, "cannot read %s: %s", from,
				    strerror(errno));
	if ((st = rr_outfile_open(&o, to, err))) {
		fclose(in);
		return st;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, o.f) != n)
			break;	/* the error is sticky: rr_outset_add reports it */
	if (ferror(in)) {
		int e = errno;

		fclose(in);
		rr_outfile_abort(&o);
		return rr_error_set(err, RR_EIO, 0, 0, "cannot read %s: %s", from,
				    strerror(e));
	}
	fclose(in);
	return rr_outset_add(set, &o, err);
}

/*
 * Check that gnuplot made every expected image (non-empty), or, with set,
 * queue a copy of each one, then of the script, for the job's folder.
 */
static enum rr_status stage_move(const char *stage, const struct chart_job *jobs,
				 size_t n, struct rr_outset *set,
				 struct rr_error *err)
{
	static const char *const ext[2] = { "png", "svg" };
	char from[4096], to[4096];
	enum rr_status st;
	size_t j;
	int id, t;

	for (j = 0; j < n; j++) {
		for (id = 0; id < CHART_N; id++) {
			if (!(jobs[j].mask & 1u << id))
				continue;
			for (t = 0; t < 2; t++) {
				struct stat sb;

				if (pathf(from, sizeof(from), "%s/%zu/%s.%s", stage,
					  j + 1, chart_defs[id].file, ext[t]) ||
				    pathf(to, sizeof(to), "%s%s%s.%s", jobs[j].dest_dir,
					  *jobs[j].dest_dir ? "/" : "",
					  chart_defs[id].file, ext[t]))
					return rr_error_set(err, RR_EIO, 0, 0,
						"output path too long in %s",
						jobs[j].dest_dir);
				if (!set) {
					if (stat(from, &sb) != 0 || sb.st_size == 0)
						return rr_error_set(err, RR_EIO, 0, 0,
							"gnuplot failed: it did not make %s",
							to);
					continue;
				}
				if ((st = stage_copy(set, from, to, err)))
					return st;
			}
		}
		/* The script after its images: see report.c charts_current(). */
		if (!set)
			continue;
		if (pathf(from, sizeof(from), "%s/%zu/charts.gp", stage, j + 1) ||
		    pathf(to, sizeof(to), "%s%scharts.gp", jobs[j].dest_dir,
			  *jobs[j].dest_dir ? "/" : ""))
			return rr_error_set(err, RR_EIO, 0, 0, "output path too long in %s",
					    jobs[j].dest_dir);
		if ((st = stage_copy(set, from, to, err)))
			return st;
	}
	return RR_OK;
}

/* Write a job's script into its staging folder, for gnuplot's `load`. */
static enum rr_status stage_script(const char *sub, const struct chart_job *job,
				   struct rr_error *err)
{
	char path[4096];
	FILE *f;
	int bad;

	if (pathf(path, sizeof(path), "%s/charts.gp", sub))
		return rr_error_set(err, RR_EIO, 0, 0, "output path too long: %s", sub);
	f = fopen(path, "w");
	if (!f)
		return rr_error_set(err, RR_EIO, 0, 0, "cannot write %s: %s", path,
				    strerror(errno));
	bad = job->len && fwrite(job->script, 1, job->len, f) != job->len;
	if (fclose(f) != 0 || bad)
		return rr_error_set(err, RR_EIO, 0, 0, "cannot write %s: %s", path,
				    strerror(errno ? errno : EIO));
	return RR_OK;
}

enum rr_status charts_run(const char *gnuplot, const char *outdir,
			  const struct chart_job *jobs, size_t n,
			  struct rr_outset *set, struct rr_error *err)
{
	char stage[4096], sub[4096], cmd[64];
	enum rr_status st = RR_OK;
	int in = -1, status, e;
	pid_t pid = -1;
	size_t j;

	if (!n)
		return RR_OK;
	if (pathf(stage, sizeof(stage), "%s/.runrisk-charts-XXXXXX", outdir))
		return rr_error_set(err, RR_EIO, 0, 0, "output path too long: %s",
				    outdir);
	if (!mkdtemp(stage)) {
		e = errno;
		return rr_error_set(err, RR_EIO, 0, 0,
				    "cannot create a staging folder in %s: %s",
				    outdir, strerror(e));
	}
	for (j = 0; j < n; j++) {
		if (pathf(sub, sizeof(sub), "%s/%zu", stage, j + 1) ||
		    mkdir(sub, 0755) != 0) {
			st = rr_error_set(err, RR_EIO, 0, 0, "cannot create %s: %s",
					  sub, strerror(errno));
			goto out;
		}
		if ((st = stage_script(sub, &jobs[j], err)))
			goto out;
	}
	st = gnuplot_start(gnuplot ? gnuplot : "gnuplot", stage, &pid, &in, err);
	if (st)
		goto out;
	/*
	 * gnuplot reads a loaded file through stdio; a script sent down the
	 * socket it reads one byte per read(2).  Only our digits and fixed
	 * names reach it here.
	 */
	e = 0;
	for (j = 0; j < n && !e; j++) {
		snprintf(cmd, sizeof(cmd), "cd '%zu'\nload 'charts.gp'\ncd '..'\n", j + 1);
		if (send_all(in, cmd, strlen(cmd)))
			e = errno;
	}
	if (!e && send_all(in, "exit\n", 5))
		e = errno;
	close(in);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			st = rr_error_set(err, RR_EIO, 0, 0, "gnuplot: waitpid: %s",
					  strerror(errno));
			goto out;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char line[200];

		log_first_line(stage, line, sizeof(line));
		if (WIFSIGNALED(status))
			st = rr_error_set(err, RR_EIO, 0, 0,
					  "gnuplot failed: killed by signal %d",
					  WTERMSIG(status));
		else
			st = rr_error_set(err, RR_EIO, 0, 0,
					  "gnuplot failed (exit status %d): %s",
					  WIFEXITED(status) ? WEXITSTATUS(status) : -1,
					  *line ? line : "no message");
		goto out;
	}
	if (e) {
		st = rr_error_set(err, RR_EIO, 0, 0,
				  "gnuplot failed: writing the script: %s",
				  strerror(e));
		goto out;
	}
	st = stage_move(stage, jobs, n, NULL, err);
	if (!st)
		st = stage_move(stage, jobs, n, set, err);
out:
	staging_remove(stage);
	return st;
}
