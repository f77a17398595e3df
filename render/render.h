/*
 * render.h - the report's renderers, one per output kind.  Private to
 * render/ (and its tests): cmd/ calls report_write() in report.h.
 *
 * Each renderer writes to a FILE the caller owns (an atomic output file,
 * core/outfile.h, or a memory stream in tests) and reads its input const:
 * every number and threshold comes from the analysis result, every word of
 * a rule from rule_words.h.  Order inside render/ (no loops): facts.c <-
 * rule_words.c <- advice.c, plan.c <- text.c, html.c, charts.c, tables.c <-
 * report.c.
 */
#ifndef RR_RENDER_H
#define RR_RENDER_H

#include <stdio.h>

#include "analysis/plan.h"
#include "core/outfile.h"
#include "render/facts.h"
#include "render/report.h"
#include "render/rule_words.h"

/* ---- sentences about the athlete (render/advice.c) ---- */

/*
 * This week in one paragraph: the level and the rules raised in words (or
 * the last flag when none is active), then any shoe in use near or past
 * its retirement km.  Raw text (escape it for the output).  Returns buf.
 */
char *athlete_headline(char *buf, size_t size, const struct athlete_result *r);

/* The ACWR of day d in words, and fitness, fatigue and form: report.txt and the page. */
char *acwr_sentence(char *buf, size_t size, const struct athlete_result *r,
		    const struct day_row *d);
char *fitness_sentence(char *buf, size_t size, const struct athlete_result *r,
		       const struct day_row *d);

/* Where an ACWR falls in r->zones: "caution zone (above 1.3)", ... */
char *acwr_zone(char *buf, size_t size, const struct athlete_result *r, double ratio);

/* The closing sentence of every report and page. */
extern const char report_disclaimer[];

/* ---- since the last report (render/advice.c) ---- */

#define SINCE_ITEM_SIZE 640
#define SINCE_ITEMS_MAX 4
#define SINCE_LIST_MAX 5	/* runs, flags or pain entries named per line */

/*
 * "first report", "nothing new since the last report (DATE)", or the
 * lead-in to since_items().  Raw text.
 */
char *since_head(char *buf, size_t size, const struct since_diff *d);
/* One sentence each: new runs, new flags, cleared flags, new pain entries. */
size_t since_items(char items[][SINCE_ITEM_SIZE], size_t max,
		   const struct athlete_result *r, const struct since_diff *d);

/* ---- the next 7 days (render/plan.c) ---- */

#define PLAN_ITEM_SIZE 320
#define PLAN_ITEMS_MAX (4 + PLAN_SHOES_MAX)

/* "training" or "returning: day N after M days off"; pain logged; shoes to retire. */
char *plan_status(char *buf, size_t size, const struct week_plan *p,
		  const struct athlete_result *r);
/* The latest pain entry, its trend, and the see-a-professional line; "" without a diary. */
char *plan_pain(char *buf, size_t size, const struct week_plan *p,
		const struct athlete_result *r);
/* "2026-10-26 to 2026-11-01". */
char *plan_window(char *buf, size_t size, const struct week_plan *p);
/* One sentence per limit: distance, longest run, hills, speed work, shoes. */
size_t plan_items(char items[][PLAN_ITEM_SIZE], size_t max, const struct week_plan *p,
		  const struct athlete_result *r);

/* ---- text (render/text.c) ---- */

/* One athlete's section of report.txt (also its own report.txt). */
void text_athlete(FILE *f, const struct athlete_report *a, int32_t today);

/* The ranked roster table; order from report_rank(). */
void text_roster(FILE *f, const struct athlete_report *a, size_t n,
		 const size_t *order);

/* ---- charts (render/charts.c) ---- */

enum chart_id {
	CHART_WEEKLY,		/* weekly distance, weekly-jump markers */
	CHART_SPIKES,		/* each run against the 30-day longest, spike bands */
	CHART_ACWR,		/* ACWR with 0.8 / 1.3 / 1.5 bands */
	CHART_CLIMB_FAST,	/* weekly climb and fast minutes */
	CHART_SHOES,		/* km per shoe, retirement lines */
	CHART_FITNESS,		/* fitness / fatigue / form */
	CHART_RISK,		/* active flag levels per rule over time */
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

/* ---- HTML (render/html.c) ---- */

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
