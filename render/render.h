/*
 * render.h - the report's renderers, one per output kind.  Private to
 * report/ (and its tests): cmd/ calls report_write() in report.h.
 *
 * Each renderer writes to a FILE the caller owns (an atomic output file,
 * core/outfile.h, or a memory stream in tests) and reads its input const.
 */
#ifndef RR_RENDER_H
#define RR_RENDER_H

#include <stdio.h>

#include "core/outfile.h"
#include "render/report.h"

/* The name to show for an athlete: the configured name, else the folder. */
const char *athlete_display_name(const struct athlete_report *a);

/* Active flags per level (index = enum flag_level), and the most recent one's day. */
struct flag_counts {
	size_t level[4];
	size_t total;
	int32_t latest_day;	/* RR_NO_DAY when none is active */
	const struct flag *top;	/* the most urgent (flag_more_urgent); NULL when none */
};

void flag_counts_compute(struct flag_counts *c, const struct athlete_result *res);

/* Totals of the days [last_day - ndays + 1, last_day]; NAN when no day knows. */
struct load_window {
	double distance_m, ascent_m, fast_s, calf_load, longest_m;
	unsigned runs;
};

void load_window_sum(struct load_window *w, const struct athlete_result *r, int ndays);

/* ---- plain words (report/advice.c) ---- */

/* What a rule's flag means, for a runner: one short sentence each. */
struct rule_words {
	const char *rule;	/* the fixed id (analysis/rules.h) */
	const char *title;	/* what happened: "hard days back to back" */
	const char *calf;	/* why it matters for the calf */
	const char *todo;	/* what to do about it */
};

const struct rule_words *rule_words_of(const char *rule);	/* NULL: unknown id */

/* The flag's value against its threshold, with units: "week up +59 % (warn above +30 %)". */
char *flag_measure(char *buf, size_t size, const struct flag *f);

/* v with exactly decimals digits after a '.', whatever the locale; "-" for NAN. */
char *fmt_fixed(char *buf, size_t size, double v, int decimals);

/*
 * Is a more urgent than b?  Higher level; at one level a training rule
 * before a shoe rule (a worn shoe is bought away, a load spike must be
 * trained away); then the more recent.
 */
bool flag_more_urgent(const struct flag *a, const struct flag *b);

/*
 * The rules among the active flags, once each (its highest level, then
 * latest flag), most urgent first (flag_more_urgent).  Fills out[0..max)
 * and returns how many.
 */
size_t active_rules(const struct athlete_result *r, const struct flag **out, size_t max);

/*
 * This week in one paragraph: the level and the rules raised in words (or
 * the last flag when none is active), then any shoe in use near or past
 * its retirement km.  Raw text (escape it for the output).  Returns buf.
 */
char *athlete_headline(char *buf, size_t size, const struct athlete_result *r);

/* The ACWR of day d in words, and fitness, fatigue and form: report.txt and the page. */
char *acwr_sentence(char *buf, size_t size, const struct day_row *d);
char *fitness_sentence(char *buf, size_t size, const struct athlete_result *r,
		       const struct day_row *d);

/*
 * The flags newest day first and, within a day, highest level first (the
 * order of r->flags, which is sorted by day, then level).
 */
struct flag_walk {
	const struct athlete_result *r;
	size_t start, end, i;	/* the current day's flags are [start, end) */
};

void flag_walk_init(struct flag_walk *w, const struct athlete_result *r);
const struct flag *flag_walk_next(struct flag_walk *w);	/* NULL at the end */

/* Where an ACWR falls with the default bands: "caution zone (above 1.3)", ... */
const char *acwr_zone(double ratio);

/* The closing sentence of every report and page. */
extern const char report_disclaimer[];

/* ---- text (report/text.c) ---- */

/* One athlete's section of report.txt (also its own report.txt). */
void text_athlete(FILE *f, const struct athlete_report *a, int32_t today);

/* The ranked roster table; order from report_rank(). */
void text_roster(FILE *f, const struct athlete_report *a, size_t n,
		 const size_t *order);

/* ---- charts (report/charts.c) ---- */

enum chart_id {
	CHART_WEEKLY,		/* weekly distance, weekly-jump markers */
	CHART_SPIKES,		/* each run against the 30-day longest, spike bands */
	CHART_ACWR,		/* ACWR with 0.8 / 1.3 / 1.5 bands */
	CHART_CLIMB_FAST,	/* weekly climb and fast minutes */
	CHART_SHOES,		/* km per shoe, retirement lines */
	CHART_FITNESS,		/* fitness / fatigue / form */
	CHART_N
};

struct chart_def {
	const char *file;	/* base name: FILE.png and FILE.svg */
	const char *title;
	const char *how_to_read;	/* one sentence for the HTML page */
};

extern const struct chart_def chart_defs[CHART_N];

/*
 * Write one athlete's gnuplot script (charts.gp): settings, the datablocks,
 * and each chart that has data, as PNG and SVG into the current folder.
 * Returns the set of charts it plots (bit 1 << chart_id), or -1 on OOM.
 */
int charts_script(FILE *f, const struct athlete_report *a);

/* One athlete's part of the gnuplot run. */
struct chart_job {
	const char *script;	/* charts_script() output */
	size_t len;
	const char *dest_dir;	/* where the charts go ("" = current folder) */
	unsigned mask;		/* charts the script makes */
};

/*
 * Run ONE gnuplot process for all jobs: each job's script is written into
 * its own folder of a staging folder under outdir and loaded there.  Only
 * when gnuplot exits 0 having made every expected file is a copy of each
 * image, then of the script, queued in set (temporaries beside
 * dest_dir/FILE.png|svg and dest_dir/charts.gp).  The staging folder is
 * removed in every case; on failure err says why.
 */
enum rr_status charts_run(const char *gnuplot, const char *outdir,
			  const struct chart_job *jobs, size_t n,
			  struct rr_outset *set, struct rr_error *err);

/* Remove chart staging folders that a killed run left in dir. */
void charts_sweep(const char *dir);

/* ---- HTML (report/html.c) ---- */

/*
 * One athlete's page; charts = set of charts made (their PNGs are beside
 * the page).  chart_note: why charts are missing, or NULL.
 */
void html_athlete(FILE *f, const struct athlete_report *a, unsigned charts,
		  const char *chart_note, bool several);

/* The roster page, linking dirs[i]/index.html. */
void html_roster(FILE *f, const struct athlete_report *a, size_t n,
		 const size_t *order, const char *const *dirs);

#endif
