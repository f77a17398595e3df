/*
 * charts.c - gnuplot scripts and the one gnuplot process that runs them.
 *
 * Safety: the only strings from input that reach gnuplot are titles (the
 * athlete's name) and shoe names, always through esc_gp() (single-quoted,
 * no backquotes, no controls).  Datablocks hold numbers and dates only.
 * Output file names are fixed; the athlete's folder never appears in the
 * script (gnuplot runs in a staging folder of ours and we move the files).
 */
#include "report/render.h"

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
#include "report/escape.h"
#include "report/table.h"

const struct chart_def chart_defs[CHART_N] = {
	[CHART_WEEKLY] = { "weekly_distance", "Weekly distance",
		"Bars are km per calendar week (Monday to Sunday), paler for a week the "
		"data covers only in part (its first and last); a red triangle "
		"marks a week the weekly-jump rule flagged (by default more than 30 % "
		"over the week before; Nielsen et al. 2014)." },
	[CHART_SPIKES] = { "run_spikes", "Each run against the longest of the 30 days before",
		"Each dot is a run, coloured by how far it goes beyond the longest run "
		"of the 30 days before it (the grey dash at the run); the yellow, orange "
		"and red dashes are 10 %, 30 % and 100 % above that. A dot above a dash "
		"is a single-run spike (Frandsen et al. 2025)." },
	[CHART_ACWR] = { "acwr", "Acute:chronic workload ratio (distance)",
		"7-day load over 28-day load. The green band (0.8 to 1.3) is the usual "
		"range; above 1.3 is caution, 1.5 and above is danger (Gabbett 2016)." },
	[CHART_CLIMB_FAST] = { "climb_fast", "Weekly climb and fast running",
		"Bars are metres climbed per week (left axis); the line is minutes at or "
		"faster than the fast threshold (right axis). Both load the calf." },
	[CHART_SHOES] = { "shoes", "Kilometres per shoe",
		"Bars are km on each shoe; the red line on a bar is the km at which "
		"that shoe should retire." },
	[CHART_FITNESS] = { "fitness", "Fitness, fatigue and form",
		"Fitness (42-day average of daily km) and fatigue (7-day) as lines; "
		"form = fitness - fatigue. Deeply negative form means fatigue is "
		"running ahead of fitness." },
};

#define DAY_S 86400
/*
 * Charts with a date axis show the last year of the timeline: ten years of
 * daily ACWR in 1000 pixels helps nobody.  The datablocks (and the tables)
 * keep everything; only the x range is cut.
 */
#define VIEW_DAYS 365
#define PAIN_COLOR "#8e24aa"

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

/* ---- the per-run spike data ---- */

static const char *const spike_columns[] = {
	"date", "distance_m", "longest30_m", "band"
};

/*
 * band: 0 <= 10 % above the 30-day longest, 1 <= 30 %, 2 <= 100 %, 3 more,
 * 4 no run in the 30 days before.  Compared in whole metres, like the rule.
 */
static int spike_band(double dist_m, double longest_m)
{
	long long d, l;

	if (!isfinite(longest_m) || longest_m <= 0)
		return 4;
	d = llround(dist_m);
	l = llround(longest_m);
	if (d * 100 <= l * 110)
		return 0;
	if (d * 100 <= l * 130)
		return 1;
	if (d <= l * 2)
		return 2;
	return 3;
}

/* Longest run on the 30 local days before run i (runs are sorted by start). */
static double longest_before(const struct athlete_result *res, size_t i)
{
	int32_t day = res->runs[i].local_day;
	double best = NAN;
	size_t j;

	for (j = i; j-- > 0;) {
		const struct run_entry *e = &res->runs[j];

		if (!is_run(e) || e->local_day >= day)
			continue;
		if (e->local_day < day - 30)
			break;
		if (!isfinite(best) || e->s.distance_m > best)
			best = e->s.distance_m;
	}
	return best;
}

/* ---- script pieces ---- */

struct chart_ctx {
	FILE *f;
	const struct athlete_report *a;
	const char *name;
	struct week_row *weeks;
	size_t nweeks;
	int32_t first_day, last_day;	/* of the view: at most VIEW_DAYS */
	int32_t first_week;		/* Monday of the view's first week */
	int32_t pain_to;		/* last pain entry up to 30 days after the runs, or last_day */
	bool pain_shown;		/* the current chart marks a pain entry */
};

static void gp_title(struct chart_ctx *c, const char *what)
{
	char buf[256];

	/* The name is cut at 120 bytes: a title wider than the chart helps nobody. */
	snprintf(buf, sizeof(buf), "%s: %s", what, c->name);
	fputs("set title ", c->f);
	esc_gp(c->f, buf, strlen(what) + 2 + 120);
	fputc('\n', c->f);
}

/* Dotted vertical lines on the days of the pain diary inside [from, to]. */
static void gp_pain(struct chart_ctx *c, int32_t from, int32_t to)
{
	const struct athlete_result *r = c->a->res;
	size_t i;

	c->pain_shown = false;
	for (i = 0; i < r->npain; i++) {
		int32_t d = r->pain[i].entry.day;

		if (d == RR_NO_DAY || d < from || d > to)
			continue;
		fprintf(c->f, "set arrow from %lld, graph 0 to %lld, graph 1 "
			"nohead dt 3 lw 2 lc rgb '" PAIN_COLOR "' front\n",
			(long long)d * DAY_S + DAY_S / 2,
			(long long)d * DAY_S + DAY_S / 2);
		c->pain_shown = true;
	}
}

/*
 * A date axis from day "from" to day "to", with tics on Mondays: every week
 * up to ten weeks, then every few weeks (about ten labels).  The tics are
 * listed one by one: gnuplot rounds a long time increment to months.
 */
static void gp_time_axis(struct chart_ctx *c, int32_t from, int32_t to)
{
	int32_t day = from + (7 - rr_weekday(from)) % 7, step;
	const char *sep = "";
	char buf[16];

	if (c->pain_to >= to)
		to = c->pain_to + 1;
	step = (int32_t)(((long)(to - from) + 69) / 70) * 7;
	if (step < 7)
		step = 7;
	fprintf(c->f,
		"set xdata time\n"
		"set timefmt '%%Y-%%m-%%d'\n"
		"set xrange [%lld:%lld]\n"
		"set offsets 0, 0, graph 0.08, 0\n"
		"set xtics rotate by 30 right (",
		(long long)from * DAY_S, (long long)to * DAY_S);
	for (; day <= to; day += step) {
		fprintf(c->f, "%s'%s' %lld", sep, rr_format_date(buf, sizeof(buf), day),
			(long long)day * DAY_S);
		sep = ", ";
	}
	fputs(")\n", c->f);
	gp_pain(c, from, to);
}

static const char *pain_key(const struct chart_ctx *c)
{
	return c->pain_shown ?
		", keyentry with lines dt 3 lw 2 lc rgb '" PAIN_COLOR "' title 'pain diary'" : "";
}

/* Weeks the timeline covers only in part (its first and last) are drawn paler. */
static void chart_weekly(struct chart_ctx *c)
{
	size_t x = WEEKCOL("week_start"), d = WEEKCOL("distance_m"),
	       j = WEEKCOL("weekly_jump_flag"), n = WEEKCOL("days");
	bool partial = false;
	size_t i;

	for (i = 0; i < c->nweeks; i++)
		partial |= c->weeks[i].days < 7;
	gp_title(c, chart_defs[CHART_WEEKLY].title);
	gp_time_axis(c, c->first_week, c->weeks[c->nweeks - 1].week_start + 7);
	fprintf(c->f,
		"set ylabel 'km per week'\n"
		"set yrange [0:*]\n"
		"set boxwidth %d absolute\n"
		"set style fill solid 0.6 border -1\n"
		"plot $weeks using (timecolumn(%zu,'%%Y-%%m-%%d')+%d):($%zu == 7 ? $%zu/1000 : NaN) "
		"with boxes lc rgb '#1e88e5' title 'km per week', \\\n",
		6 * DAY_S, x, 7 * DAY_S / 2, n, d);
	if (partial)
		fprintf(c->f, "  $weeks using (timecolumn(%zu,'%%Y-%%m-%%d')+%d):"
			"($%zu < 7 ? $%zu/1000 : NaN) with boxes lc rgb '#bbdefb' "
			"title 'part of a week (start or end of the data)', \\\n",
			x, 7 * DAY_S / 2, n, d);
	fprintf(c->f, "  $weeks using (timecolumn(%zu,'%%Y-%%m-%%d')+%d):"
		"($%zu > 0 ? $%zu/1000 : NaN) with points pt 9 ps 2 lc rgb '#d32f2f' "
		"title 'weekly jump flag'%s\n",
		x, 7 * DAY_S / 2, j, d, pain_key(c));
}

/*
 * Each run is a dot coloured by how far it is above the longest run of the
 * 30 days before it; that longest run and the +10/+30/+100 % limits are
 * short dashes at the run, so each dot is read against its own limits.
 */
static void chart_spikes(struct chart_ctx *c)
{
	static const char *const band_title[] = {
		"run: up to 10 % over", "run: 10-30 % over", "run: 30-100 % over",
		"run: more than 100 % over", "run: none in the 30 days before"
	};
	static const char *const band_color[] = {
		"#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#757575"
	};
	static const struct { const char *factor, *style, *title; } limit[] = {
		{ "1", "lw 3 lc rgb '#9e9e9e'", "longest of the 30 days before" },
		{ "1.1", "lw 2 lc rgb '#f9a825'", "+10 %" },
		{ "1.3", "lw 2 lc rgb '#ef6c00'", "+30 %" },
		{ "2", "lw 2 lc rgb '#c62828'", "+100 %" },
	};
	size_t k;
	int b;

	gp_title(c, chart_defs[CHART_SPIKES].title);
	gp_time_axis(c, c->first_day - 1, c->last_day + 1);
	fputs("set ylabel 'km'\n"
	      "set yrange [0:*]\n"
	      "set key outside bottom center horizontal maxcols 4\n"
	      "plot ", c->f);
	for (k = 0; k < sizeof(limit) / sizeof(limit[0]); k++)
		fprintf(c->f, "%s$runs using (timecolumn(1,'%%Y-%%m-%%d')-%d):($3*%s/1000):"
			"(%d):(0) with vectors nohead %s title '%s'", k ? ", \\\n  " : "",
			DAY_S * 3 / 4, limit[k].factor, DAY_S * 3 / 2, limit[k].style,
			limit[k].title);
	for (b = 0; b < 5; b++)
		fprintf(c->f, ", \\\n  $runs using (timecolumn(1,'%%Y-%%m-%%d')):"
			"($4 == %d ? $2/1000 : NaN) with points pt 7 ps 1.2 lc rgb '%s' "
			"title '%s'", b, band_color[b], band_title[b]);
	fprintf(c->f, "%s\n", pain_key(c));
}

static void chart_acwr(struct chart_ctx *c)
{
	gp_title(c, chart_defs[CHART_ACWR].title);
	gp_time_axis(c, c->first_day - 1, c->last_day + 1);
	fprintf(c->f,
		"set ylabel 'acute:chronic ratio'\n"
		"set yrange [0:2<*]\n"
		"set object 1 rect from graph 0, first 0.8 to graph 1, first 1.3 "
		"behind fc rgb '#e8f5e9' fs solid noborder\n"
		"set object 2 rect from graph 0, first 1.3 to graph 1, first 1.5 "
		"behind fc rgb '#fff8e1' fs solid noborder\n"
		"set object 3 rect from graph 0, first 1.5 to graph 1, graph 1 "
		"behind fc rgb '#ffebee' fs solid noborder\n"
		"set label 1 'danger >= 1.5' at graph 0.01, first 1.55\n"
		"set label 2 'caution > 1.3' at graph 0.01, first 1.35\n"
		"set label 3 'usual range 0.8 - 1.3' at graph 0.01, first 0.85\n"
		"set key top right\n"
		"plot $days using 1:%zu with lines lw 2 lc rgb '#1e88e5' title 'coupled', \\\n"
		"  $days using 1:%zu with lines lc rgb '#43a047' title 'uncoupled', \\\n"
		"  $days using 1:%zu with lines dt 2 lc rgb '#6d4c41' title 'EWMA'%s\n",
		DAYCOL("acwr_coupled"), DAYCOL("acwr_uncoupled"),
		DAYCOL("acwr_ewma"), pain_key(c));
}

static void chart_climb_fast(struct chart_ctx *c)
{
	size_t x = WEEKCOL("week_start");

	gp_title(c, chart_defs[CHART_CLIMB_FAST].title);
	gp_time_axis(c, c->first_week, c->weeks[c->nweeks - 1].week_start + 7);
	fprintf(c->f,
		"set ylabel 'climb, m per week'\n"
		"set y2label 'fast running, min per week'\n"
		"set ytics nomirror\n"
		"set y2tics\n"
		"set yrange [0:*]\n"
		"set y2range [0:*]\n"
		"set boxwidth %d absolute\n"
		"set style fill solid 0.5 border -1\n"
		"plot $weeks using (timecolumn(%zu,'%%Y-%%m-%%d')+%d):%zu with boxes "
		"lc rgb '#8d6e63' title 'climb (m)', \\\n"
		"  $weeks using (timecolumn(%zu,'%%Y-%%m-%%d')+%d):($%zu/60) axes x1y2 "
		"with linespoints pt 7 lc rgb '#e53935' title 'fast running (min)'%s\n",
		6 * DAY_S, x, 7 * DAY_S / 2, WEEKCOL("ascent_m"),
		x, 7 * DAY_S / 2, WEEKCOL("fast_s"), pain_key(c));
}

static void chart_shoes(struct chart_ctx *c)
{
	const struct athlete_result *r = c->a->res;
	size_t i;

	gp_title(c, chart_defs[CHART_SHOES].title);
	fprintf(c->f, "set xrange [-0.6:%zu.4]\n", r->nshoes - 1);
	fputs("set xtics (", c->f);
	for (i = 0; i < r->nshoes; i++) {
		if (i)
			fputs(", ", c->f);
		esc_gp(c->f, r->shoes[i].name, 40);
		fprintf(c->f, " %zu", i);
	}
	fputs(")\n", c->f);
	if (r->nshoes > 4)
		fputs("set xtics rotate by 30 right\n", c->f);
	fprintf(c->f,
		"set ylabel 'km'\n"
		"set yrange [0:*]\n"
		"set boxwidth 0.7\n"
		"set style fill solid 0.6 border -1\n"
		"plot $shoes using 0:%zu with boxes lc rgb '#5e35b1' title 'km on the shoe', \\\n"
		"  $shoes using ($0-0.4):%zu:(0.8):(0) with vectors nohead lw 3 "
		"lc rgb '#c62828' title 'retire at'\n",
		col_of(shoes_columns, shoes_ncolumns, "km"),
		col_of(shoes_columns, shoes_ncolumns, "retire_at_km"));
}

static void chart_fitness(struct chart_ctx *c)
{
	gp_title(c, chart_defs[CHART_FITNESS].title);
	gp_time_axis(c, c->first_day - 1, c->last_day + 1);
	fprintf(c->f,
		"set ylabel 'km per day (EWMA)'\n"
		"set xzeroaxis\n"
		"set key top left\n"
		"plot $days using 1:%zu with lines lw 2 lc rgb '#1e88e5' title 'fitness (42 d)', \\\n"
		"  $days using 1:%zu with lines lw 2 lc rgb '#e53935' title 'fatigue (7 d)', \\\n"
		"  $days using 1:%zu with lines dt 2 lc rgb '#43a047' title 'form'%s\n",
		DAYCOL("ctl"), DAYCOL("atl"), DAYCOL("tsb"), pain_key(c));
}

static void (*const chart_fn[CHART_N])(struct chart_ctx *) = {
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
		double longest;

		if (!is_run(e))
			continue;
		longest = longest_before(r, i);
		table_row_begin(&t);
		table_date(&t, e->local_day);
		table_num(&t, e->s.distance_m, DEC_M);
		table_num(&t, longest, DEC_M);
		table_uint(&t, (unsigned)spike_band(e->s.distance_m, longest));
		table_row_end(&t);
	}
	table_end(&t);
	fputs("EOD\n", f);
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

static const char *const terminals[2][2] = {
	{ "png", "set terminal pngcairo size 1000,500 noenhanced font 'sans,10'" },
	{ "svg", "set terminal svg size 1000,500 noenhanced font 'sans,10' "
		 "background rgb 'white'" },
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

	if (weeks_compute(r, &c.weeks, &c.nweeks))
		return -1;
	if (c.first_day != RR_NO_DAY && c.last_day - c.first_day >= VIEW_DAYS)
		c.first_day = c.last_day - (VIEW_DAYS - 1);
	c.first_week = c.first_day == RR_NO_DAY ? 0 :
		       c.first_day - rr_weekday(c.first_day);
	c.pain_to = c.last_day;
	for (i = 0; i < r->npain && c.last_day != RR_NO_DAY; i++) {
		int32_t d = r->pain[i].entry.day;

		if (d != RR_NO_DAY && d > c.pain_to && d <= c.last_day + 30)
			c.pain_to = d;
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
	for (id = 0; id < CHART_N; id++) {
		if (!(mask & 1u << id))
			continue;
		for (t = 0; t < 2; t++) {
			fprintf(f, "\n# %s.%s\nreset\n%s\nset output '%s.%s'\n"
				"set grid\nset key top left\n",
				chart_defs[id].file, terminals[t][0], terminals[t][1],
				chart_defs[id].file, terminals[t][0]);
			chart_fn[id](&c);
			fputs("unset output\n", f);
		}
	}
	free(c.weeks);
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
					    "charts not made; install gnuplot-nox, or "
					    "skip charts", prog);
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

static enum rr_status stage_move(const char *stage, const struct chart_job *jobs,
				 size_t n, bool do_move, struct rr_error *err)
{
	static const char *const ext[2] = { "png", "svg" };
	char from[4096], to[4096];
	size_t j;
	int id, t;

	for (j = 0; j < n; j++) {
		for (id = 0; id < CHART_N; id++) {
			if (!(jobs[j].mask & 1u << id))
				continue;
			for (t = 0; t < 2; t++) {
				struct stat st;

				if (pathf(from, sizeof(from), "%s/%zu/%s.%s", stage,
					  j + 1, chart_defs[id].file, ext[t]) ||
				    pathf(to, sizeof(to), "%s%s%s.%s", jobs[j].dest_dir,
					  *jobs[j].dest_dir ? "/" : "",
					  chart_defs[id].file, ext[t]))
					return rr_error_set(err, RR_EIO, 0, 0,
						"output path too long in %s",
						jobs[j].dest_dir);
				if (!do_move) {
					if (stat(from, &st) != 0 || st.st_size == 0)
						return rr_error_set(err, RR_EIO, 0, 0,
							"gnuplot failed: it did not make %s",
							to);
					continue;
				}
				if (rename(from, to) != 0)
					return rr_error_set(err, RR_EIO, 0, 0,
						"cannot write %s: %s", to,
						strerror(errno));
			}
		}
	}
	return RR_OK;
}

enum rr_status charts_run(const char *gnuplot, const char *outdir,
			  const struct chart_job *jobs, size_t n,
			  struct rr_error *err)
{
	char stage[4096], sub[4096], cd[64];
	enum rr_status st = RR_OK;
	int in = -1, status, e;
	pid_t pid = -1;
	size_t j;

	if (!n)
		return RR_OK;
	if (pathf(stage, sizeof(stage), "%s/.runrisk-charts-XXXXXX", outdir))
		return rr_error_set(err, RR_EIO, 0, 0, "output path too long: %s",
				    outdir);
	if (!mkdtemp(stage))
		return rr_error_set(err, RR_EIO, 0, 0,
				    "cannot create a staging folder in %s: %s",
				    outdir, strerror(errno));
	for (j = 0; j < n; j++) {
		if (pathf(sub, sizeof(sub), "%s/%zu", stage, j + 1) ||
		    mkdir(sub, 0755) != 0) {
			st = rr_error_set(err, RR_EIO, 0, 0, "cannot create %s: %s",
					  sub, strerror(errno));
			goto out;
		}
	}
	st = gnuplot_start(gnuplot ? gnuplot : "gnuplot", stage, &pid, &in, err);
	if (st)
		goto out;
	e = 0;
	for (j = 0; j < n && !e; j++) {
		/* cd into the job's staging folder; only our digits reach gnuplot. */
		snprintf(cd, sizeof(cd), "cd '%zu'\n", j + 1);
		if (send_all(in, cd, strlen(cd)) ||
		    send_all(in, jobs[j].script, jobs[j].len) ||
		    send_all(in, "\ncd '..'\n", 9))
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
					  "gnuplot failed: killed by signal %d; charts not made",
					  WTERMSIG(status));
		else
			st = rr_error_set(err, RR_EIO, 0, 0,
					  "gnuplot failed (exit status %d): %s; charts not made",
					  WIFEXITED(status) ? WEXITSTATUS(status) : -1,
					  *line ? line : "no message");
		goto out;
	}
	if (e) {
		st = rr_error_set(err, RR_EIO, 0, 0,
				  "gnuplot failed: writing the script: %s; charts not made",
				  strerror(e));
		goto out;
	}
	st = stage_move(stage, jobs, n, false, err);
	if (!st)
		st = stage_move(stage, jobs, n, true, err);
out:
	staging_remove(stage);
	return st;
}
