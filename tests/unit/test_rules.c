/*
 * test_rules.c - each calf-risk rule fires on a crafted series and stays
 * quiet on a calm one; thresholds are compared in whole units; overrides
 * work and are checked; evidence names the numbers, dates and source.
 * Day numbers below count from Monday 2024-01-01 (day 0).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/helpers.h"

#include "analysis/rules.h"
#include "analysis/timeline.h"
#include "core/athlete.h"
#include "core/timeutil.h"
#include "render/rule_words.h"

#define MAX_RUNS 600

struct series {
	struct rr_athlete a;
	struct run_entry runs[MAX_RUNS];
	size_t n;
	struct athlete_result r;
};

/* The result build() made last: expect_flag() words its flags' evidence with it. */
static const struct athlete_result *s_last;

static int32_t day0(void)
{
	return rr_days_from_civil(2024, 1, 1);
}

/* A run of km on day (07:00Z, 5:30 per km, 5 m of climbing per km, no fast time). */
static struct run_entry *add(struct series *s, int day, double km)
{
	struct run_entry *e;

	assert_true(s->n < MAX_RUNS);
	e = &s->runs[s->n++];
	test_run_entry(e, (double)(day0() + day) * 86400.0 + 7 * 3600.0, km);
	snprintf(e->file, sizeof(e->file), "day%d-%zu.gpx", day, s->n);
	strcpy(e->s.name, "Morning Run");
	return e;
}

/* 1 km runs on days from, from + step, ... up to to: no break of 7 days. */
static void fill(struct series *s, int from, int to, int step)
{
	int d;

	for (d = from; d <= to; d += step)
		add(s, d, 1);
}

static struct series *series_new(void)
{
	struct series *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	rr_athlete_init(&s->a);
	return s;
}

static void series_free(struct series *s)
{
	athlete_result_release(&s->r);
	free(s);
}

static void dump(const struct athlete_result *r)
{
	char d[16], ev[EVIDENCE_SIZE];
	size_t i;


	for (i = 0; i < r->nflags; i++)
		print_message("  %s %s %s %g/%g: %s\n",
			      rr_format_date(d, sizeof(d), r->flags[i].day),
			      rule_name(r->flags[i].rule), flag_level_name(r->flags[i].level),
			      r->flags[i].value, r->flags[i].threshold,
			      flag_evidence(ev, sizeof(ev), r, &r->flags[i]));
}

static void build(struct series *s)
{
	athlete_result_release(&s->r);
	assert_int_equal(timeline_build(&s->r, &s->a, s->runs, s->n, NULL, 0), 0);
	assert_int_equal(rules_apply(&s->r, &s->a), 0);
	s_last = &s->r;
}

/* Flags of rule (at level, or any level when level is 0). */
static size_t count(const struct series *s, const char *rule, int level)
{
	size_t i, n = 0;

	for (i = 0; i < s->r.nflags; i++)
		if ((int)s->r.flags[i].rule == rule_lookup(rule) &&
		    (!level || (int)s->r.flags[i].level == level))
			n++;
	return n;
}

static const struct flag *first(const struct series *s, const char *rule)
{
	size_t i;

	for (i = 0; i < s->r.nflags; i++)
		if ((int)s->r.flags[i].rule == rule_lookup(rule))
			return &s->r.flags[i];
	dump(&s->r);
	fail_msg("no %s flag", rule);
	return NULL;
}

static void expect_count(const struct series *s, const char *rule, int level, size_t want)
{
	size_t got = count(s, rule, level);

	if (got != want) {
		dump(&s->r);
		fail_msg("%s level %d: %zu flags, want %zu", rule, level, got, want);
	}
}

/*
 * The flag is on day, at level, and its evidence holds each of the words.
 * The evidence is the flag's data in render/rule_words.c's sentence: the
 * series' result s_last (set by build) gives the shoe names and thresholds.
 */

static void expect_flag(const struct flag *f, int day, int level, ...)
{
	char evidence[EVIDENCE_SIZE];
	const char *w;
	va_list ap;

	flag_evidence(evidence, sizeof(evidence), s_last, f);
	assert_int_equal(f->day, day0() + day);
	assert_int_equal(f->level, level);
	va_start(ap, level);
	while ((w = va_arg(ap, const char *)) != NULL)
		if (!strstr(evidence, w))
			fail_msg("evidence \"%s\" lacks \"%s\"", evidence, w);
	va_end(ap);
}

/* ---- long_run_spike ---- */

static int long_level(double ref_m, double m)
{
	struct series *s = series_new();
	int lvl = 0;

	fill(s, 0, 25, 5);	/* the data start 30 days before; no break */
	add(s, 20, ref_m / 1000.0);
	add(s, 30, m / 1000.0);
	build(s);
	if (count(s, "long_run_spike", 0) > 1)
		fail_msg("more than one flag");
	if (count(s, "long_run_spike", 0))
		lvl = (int)first(s, "long_run_spike")->level;
	series_free(s);
	return lvl;
}

static void long_run_spike_boundaries(void **state)
{
	(void)state;
	/* exactly 10 % longer is not a spike; 1 m more is a warning (Frandsen 2025) */
	assert_int_equal(long_level(10000, 11000), 0);
	assert_int_equal(long_level(10000, 11001), FLAG_WARN);
	assert_int_equal(long_level(10000, 13000), FLAG_WARN);
	assert_int_equal(long_level(10000, 13001), FLAG_WARN);
	assert_int_equal(long_level(10000, 20000), FLAG_WARN);
	assert_int_equal(long_level(10000, 20001), FLAG_ALERT);
	/* rounding to whole metres: 11000.4 m is 11000 m */
	assert_int_equal(long_level(10000, 11000.4), 0);
	/* shorter is calm */
	assert_int_equal(long_level(10000, 8000), 0);
}

static void long_run_spike_evidence(void **state)
{
	struct series *s = series_new();
	const struct flag *f;

	(void)state;
	fill(s, 0, 25, 5);
	add(s, 20, 10);
	add(s, 30, 11.001);
	build(s);
	f = first(s, "long_run_spike");
	expect_flag(f, 30, FLAG_WARN, "11 km on 2024-01-31", "10 km on 2024-01-21",
		    "previous 30 days", "Frandsen 2025", NULL);
	assert_float_equal(f->value, 0.1001, 1e-9);
	assert_float_equal(f->threshold, 0.10, 0);
	series_free(s);
}

static void long_run_spike_window(void **state)
{
	struct series *s = series_new();

	(void)state;
	/* 30 days back is inside the window ... */
	add(s, 0, 1);
	add(s, 10, 10);
	fill(s, 16, 34, 6);
	add(s, 40, 15);
	build(s);
	expect_count(s, "long_run_spike", FLAG_WARN, 1);
	series_free(s);

	/* ... 31 is not: no reference run, so no flag (not a division by nothing) */
	s = series_new();
	add(s, 0, 1);
	add(s, 10, 10);
	add(s, 41, 25);
	build(s);
	expect_count(s, "long_run_spike", 0, 0);
	series_free(s);

	/* a window reaching before the first data is unknown: no flag */
	s = series_new();
	add(s, 0, 10);
	add(s, 7, 25);
	build(s);
	expect_count(s, "long_run_spike", 0, 0);
	series_free(s);
}

static void long_run_spike_duration(void **state)
{
	struct series *s = series_new();
	struct run_entry *e;

	(void)state;
	add(s, 0, 1);
	add(s, 25, 10);			/* 55 min */
	e = add(s, 32, 10.5);		/* +5 %: a slow trail run of 5000 s, +52 % */
	e->s.moving_s = 5000;
	build(s);
	expect_count(s, "long_run_spike", 0, 1);
	expect_flag(first(s, "long_run_spike"), 32, FLAG_WARN, "lasted 83 min", "55 min",
		    "heuristic", NULL);
	series_free(s);
}

/* ---- climb_spike, speed_spike ---- */

/*
 * Runs every third day from day 0 to 27 with ascent (or fast time) ref,
 * then one with cur on day 30.  The steady history keeps hill_block quiet
 * (no flat weeks, 7-day/28-day ascent ratio under 1.5).
 */
static struct series *spike_series(const char *rule, double ref, double cur)
{
	struct series *s = series_new();
	bool climb = !strcmp(rule, "climb_spike");
	struct run_entry *e;
	int d;

	for (d = 0; d <= 30; d += 3) {
		e = add(s, d, 10);
		if (climb)
			e->s.ascent_m = d < 30 ? ref : cur;
		else
			e->s.fast_s = d < 30 ? ref : cur;
	}
	build(s);
	return s;
}

static size_t spike_count(const char *rule, double ref, double cur)
{
	struct series *s = spike_series(rule, ref, cur);
	size_t n;

	n = count(s, rule, FLAG_WARN);
	assert_int_equal(count(s, rule, 0), n);	/* warn only */
	series_free(s);
	return n;
}

static void climb_spike(void **state)
{
	(void)state;
	assert_int_equal(spike_count("climb_spike", 200, 300), 1);
	/* and the evidence */
	{
		struct series *s = spike_series("climb_spike", 200, 300);

		expect_count(s, "hill_block", 0, 0);
		expect_flag(first(s, "climb_spike"), 30, FLAG_WARN,
			    "300 m of climbing on 2024-01-31", "at most 200 m",
			    "(2024-01-28): +50 %, above 30 % (heuristic)", NULL);
		/* where in the run: 180 m of the 300 after 6 km, 120 m after 60 % */
		s->runs[s->n - 1].s.late_ascent_m = 180;
		s->runs[s->n - 1].s.late_ascent_60_m = 120;
		build(s);
		expect_flag(first(s, "climb_spike"), 30, FLAG_WARN, "300 m of climbing on "
			    "2024-01-31 (180 m of it after 6 km, 120 m after 60 % of the run)",
			    NULL);
		series_free(s);
	}
	assert_int_equal(spike_count("climb_spike", 200, 260), 0);	/* exactly 30 % */
	assert_int_equal(spike_count("climb_spike", 200, 261), 1);
	assert_int_equal(spike_count("climb_spike", 40, 90), 0);	/* under 100 m */
	assert_int_equal(spike_count("climb_spike", 100, 140), 0);	/* +40 m only */
}

static void speed_spike(void **state)
{
	(void)state;
	assert_int_equal(spike_count("speed_spike", 60, 120), 0);	/* 1 vs 2 min */
	assert_int_equal(spike_count("speed_spike", 600, 900), 1);
	assert_int_equal(spike_count("speed_spike", 600, 780), 0);	/* exactly 30 % */
	assert_int_equal(spike_count("speed_spike", 250, 350), 0);	/* +100 s only */
}

/*
 * late_climb_spike: every third day 10 km with 40 m after 6 km; day 30
 * climbs 100 m after 6 km (and 100 m after 60 %): 100 / 40 - 1 = +150 %,
 * over 50 m and 60 m more: a warning that says where the climbing was.
 * The same 100 m early in the run (0 m after 6 km) is no late-climb spike.
 */
static void late_climb_spike(void **state)
{
	struct series *s = series_new();
	struct run_entry *e;
	const struct flag *f;
	int d;

	(void)state;
	for (d = 0; d < 30; d += 3) {
		e = add(s, d, 10);
		e->s.ascent_m = 50;
		e->s.late_ascent_m = e->s.late_ascent_60_m = 40;
	}
	e = add(s, 30, 10);
	e->s.ascent_m = 110;
	e->s.late_ascent_m = e->s.late_ascent_60_m = 100;
	build(s);
	expect_count(s, "late_climb_spike", 0, 1);
	f = first(s, "late_climb_spike");
	expect_flag(f, 30, FLAG_WARN, "100 m of climbing after the first 6 km",
		    "100 m after 60 % of the run, of 110 m in all", "at most 40 m", NULL);
	assert_float_equal(f->value, 1.5, 1e-12);
	s->runs[s->n - 1].s.late_ascent_m = s->runs[s->n - 1].s.late_ascent_60_m = 0;
	build(s);
	expect_count(s, "late_climb_spike", 0, 0);
	series_free(s);
}

/* ---- weekly_jump ---- */

static void weekly_jump(void **state)
{
	struct series *s = series_new();
	int d;

	(void)state;
	/* 30 km then 40 km: +33 %, crossing 39 km on Sunday 2024-01-14 */
	for (d = 0; d < 7; d += 2)
		add(s, d, 7.5);
	for (d = 7; d < 14; d += 2)
		add(s, d, 10);
	build(s);
	expect_count(s, "weekly_jump", 0, 1);
	expect_flag(first(s, "weekly_jump"), 13, FLAG_NOTE, "week of 2024-01-08",
		    "totalled 40 km", "30 km", "week of 2024-01-01", "Nielsen 2014", NULL);
	assert_float_equal(first(s, "weekly_jump")->value, 1.0 / 3.0, 1e-9);
	series_free(s);

	/* a complete week is judged on its Sunday even when it crossed on Thursday */
	s = series_new();
	for (d = 0; d < 7; d += 2)
		add(s, d, 7.5);
	add(s, 7, 20);
	add(s, 10, 20);			/* 40 km by Thursday */
	add(s, 13, 5);			/* 45 km by Sunday */
	build(s);
	expect_flag(first(s, "weekly_jump"), 13, FLAG_NOTE, "totalled 45 km", NULL);
	assert_float_equal(first(s, "weekly_jump")->value, 0.5, 1e-9);

	/* the week in progress at the end of the data: flagged the day it crosses */
	s->n--;
	add(s, 11, 1);			/* data end on Friday */
	build(s);
	expect_count(s, "weekly_jump", 0, 1);
	expect_flag(first(s, "weekly_jump"), 10, FLAG_NOTE, "reached 40 km by 2024-01-11",
		    NULL);
	series_free(s);

	/* 30 then 38: +27 %: calm */
	s = series_new();
	for (d = 0; d < 7; d += 2)
		add(s, d, 7.5);
	for (d = 7; d < 14; d += 2)
		add(s, d, 9.5);
	build(s);
	expect_count(s, "weekly_jump", 0, 0);
	series_free(s);

	/* 8 km then 20 km: the base is under 10 km */
	s = series_new();
	add(s, 0, 4);
	add(s, 3, 4);
	add(s, 8, 10);
	add(s, 10, 10);
	build(s);
	expect_count(s, "weekly_jump", 0, 0);
	series_free(s);

	/*
	 * After a planned down week: 40, 40, 40, 40, 28, then 40 km.  The week
	 * before is 28 km (+43 %), but the mean of the 4 weeks before is
	 * (40 + 40 + 40 + 28) / 4 = 37 km, the larger: +8.1 %: calm.
	 */
	s = series_new();
	for (d = 0; d < 42; d++)
		if (d % 7 % 2 == 0)	/* Mon, Wed, Fri, Sun */
			add(s, d, d >= 28 && d < 35 ? 7 : 10);
	build(s);
	expect_count(s, "weekly_jump", 0, 0);
	series_free(s);

	/* ... and 56 km after it: 56 / 37 - 1 = +51 % over the 4-week mean: a note */
	s = series_new();
	for (d = 0; d < 42; d++)
		if (d % 7 % 2 == 0)
			add(s, d, d >= 28 && d < 35 ? 7 : d >= 35 ? 14 : 10);
	build(s);
	expect_count(s, "weekly_jump", 0, 1);
	expect_flag(first(s, "weekly_jump"), 41, FLAG_NOTE, "totalled 56 km",
		    "37 km of the mean of the 4 weeks before", "Context, not a warning", NULL);
	assert_float_equal(first(s, "weekly_jump")->value, 56.0 / 37.0 - 1, 1e-9);
	series_free(s);
}

/* ---- acwr ---- */

static void acwr_alert_and_warn(void **state)
{
	struct series *s = series_new();
	const struct flag *f;
	int d;

	(void)state;
	for (d = 0; d < 35; d++)
		add(s, d, d < 21 ? 30 : 50);
	build(s);
	/* coupled 350 / (980 / 4) = 1.4286 on day 27, the first day with 28 days
	 * of history: in the caution zone (above 1.3), below the 1.5 note: calm */
	expect_count(s, "acwr", 0, 0);
	series_free(s);

	/* 70 km after 30: 490 / (1120 / 4) = 1.75: context, a note, never more */
	s = series_new();
	for (d = 0; d < 28; d++)
		add(s, d, d < 21 ? 30 : 70);
	build(s);
	expect_count(s, "acwr", FLAG_NOTE, 1);
	expect_count(s, "acwr", 0, 1);
	f = first(s, "acwr");
	expect_flag(f, 27, FLAG_NOTE, "7-day distance 490 km", "280 km",
		    "2024-01-22..2024-01-28", "2024-01-01..2024-01-28", "1.75 (coupled)",
		    "Gabbett 2016", "Context, not a warning", NULL);
	assert_float_equal(f->value, 1.75, 1e-9);
	assert_float_equal(f->threshold, 1.5, 0);
	series_free(s);

	/* 42 km after 30: 294 / 231 = 1.27: calm */
	s = series_new();
	for (d = 0; d < 28; d++)
		add(s, d, d < 21 ? 30 : 42);
	build(s);
	expect_count(s, "acwr", 0, 0);
	series_free(s);

	/* tiny chronic load (2.8 km a week): no ratio flag */
	s = series_new();
	for (d = 0; d < 28; d++)
		add(s, d, d < 21 ? 0.4 : 2);
	build(s);
	expect_count(s, "acwr", 0, 0);
	series_free(s);
}

static void acwr_calm_and_level_rise(void **state)
{
	struct series *s = series_new();
	int d;

	(void)state;
	for (d = 0; d < 60; d++)
		add(s, d, 10);
	build(s);
	expect_count(s, "acwr", 0, 0);
	series_free(s);

	/* 1.43 on day 27 is calm; day 28: 400 over 1050 / 4 = 1.52: one note */
	s = series_new();
	for (d = 0; d < 21; d++)
		add(s, d, 30);
	for (d = 21; d < 28; d++)
		add(s, d, 50);		/* day 27: 1.43 */
	for (d = 28; d < 30; d++)
		add(s, d, 100);		/* day 28: 400 over 1050 / 4: 1.52 */
	build(s);
	expect_count(s, "acwr", FLAG_NOTE, 1);
	expect_flag(first(s, "acwr"), 28, FLAG_NOTE, "1.52 (coupled)", NULL);
	expect_count(s, "acwr", FLAG_WARN, 0);
	expect_count(s, "acwr", FLAG_ALERT, 0);
	series_free(s);
}

static void acwr_on_calf_load(void **state)
{
	struct series *s = series_new();
	struct run_entry *e;
	int d;

	(void)state;
	/* the same distance every day, but the last week's calf load doubles:
	 * 140 / (350 / 4) = 1.6 on calf load is reported, not flagged */
	for (d = 0; d < 28; d++) {
		e = add(s, d, 10);
		e->s.calf_load = d < 21 ? 10 : 20;
	}
	build(s);
	expect_count(s, "acwr", 0, 0);
	series_free(s);

	/* a distance flag names the calf-load ratio too */
	s = series_new();
	for (d = 0; d < 28; d++) {
		e = add(s, d, d < 21 ? 30 : 70);
		e->s.calf_load = d < 21 ? 10 : 20;
	}
	build(s);
	expect_flag(first(s, "acwr"), 27, FLAG_NOTE, "calf load coupled 1.6", NULL);
	series_free(s);
}

/* ---- monotony ---- */

static void monotony(void **state)
{
	struct series *s = series_new();
	const struct flag *f;
	int d;

	(void)state;
	for (d = 0; d < 21; d++)
		add(s, d, 10);
	build(s);
	expect_count(s, "monotony", 0, 1);	/* one episode, not 15 flags */
	f = first(s, "monotony");
	expect_flag(f, 6, FLAG_WARN, "2024-01-01..2024-01-07", "monotony 10", "strain 700",
		    "Foster 1998", NULL);
	series_free(s);

	/* 0,8,10,6,0,8,18 every week: monotony 1.24 */
	s = series_new();
	for (d = 0; d < 63; d++) {
		static const double wk[7] = { 0, 8, 10, 6, 0, 8, 18 };

		if (wk[d % 7] > 0)
			add(s, d, wk[d % 7]);
	}
	build(s);
	expect_count(s, "monotony", 0, 0);
	series_free(s);
}

/* ---- hill_block ---- */

static void hill_block_after_flat(void **state)
{
	struct series *s = series_new();
	struct run_entry *e;
	int d;

	(void)state;
	/* four flat weeks (5 x 8 km, 20 m each: 100 m a week), then a hilly run */
	for (d = 0; d < 28; d++)
		if (d % 7 < 5)
			add(s, d, 8)->s.ascent_m = 20;
	e = add(s, 29, 10);
	e->s.ascent_m = 400;
	build(s);
	expect_count(s, "hill_block", 0, 1);
	expect_flag(first(s, "hill_block"), 29, FLAG_WARN, "First hilly run", "400 m",
		    "3 flat weeks", "heuristic", NULL);
	/* 400 m vs 20 m is also a climb spike, but the same episode: not raised */
	expect_count(s, "climb_spike", 0, 0);
	series_free(s);

	/* a "hilly" run that does not stand out from the flat weeks' 70 m runs */
	s = series_new();
	for (d = 0; d < 28; d++)
		if (d % 7 == 0 || d % 7 == 2 || d % 7 == 4)
			add(s, d, 8)->s.ascent_m = 70;	/* 8.75 m/km, 210 m a week */
	add(s, 29, 7)->s.ascent_m = 90;		/* 12.9 m/km, but < 1.5 x 70 m */
	build(s);
	expect_count(s, "hill_block", 0, 0);
	s->runs[s->n - 1].s.ascent_m = 106;	/* 15 m/km and > 105 m: it does */
	build(s);
	expect_count(s, "hill_block", 0, 1);
	series_free(s);

	/* the same, but the hilly week comes from several moderate runs */
	s = series_new();
	for (d = 0; d < 28; d++)
		if (d % 7 < 5)
			add(s, d, 8)->s.ascent_m = 20;
	for (d = 28; d < 35; d++)
		if (d % 7 < 5)
			add(s, d, 10)->s.ascent_m = 110;	/* 11 m/km: not a hilly run */
	build(s);
	/* the ratio sees it first: days 24..30 climb 370 m vs (340 + 330) / 4 a week */
	expect_count(s, "hill_block", 0, 1);
	expect_flag(first(s, "hill_block"), 30, FLAG_WARN, "7-day ascent 370 m", NULL);
	/* with the ratio's floor above it, the hilly week (550 m by day 32) is named */
	s->a.noverrides = 1;
	strcpy(s->a.overrides[0].key, "hill_block_min_week_m");
	s->a.overrides[0].value = 600;
	build(s);
	expect_count(s, "hill_block", 0, 1);
	expect_flag(first(s, "hill_block"), 32, FLAG_WARN, "hilly week", "550 m", NULL);
	series_free(s);
}

static void hill_block_ratio(void **state)
{
	struct series *s = series_new();
	int d;

	(void)state;
	/* hilly every week (3 x 150 m), then a week of 3 x 400 m */
	for (d = 0; d < 28; d++)
		if (d % 7 == 1 || d % 7 == 3 || d % 7 == 5)
			add(s, d, 10)->s.ascent_m = 150;
	for (d = 28; d < 35; d++)
		if (d % 7 == 1 || d % 7 == 3 || d % 7 == 5)
			add(s, d, 10)->s.ascent_m = 400;
	build(s);
	expect_count(s, "hill_block", 0, 1);
	/* day 29: 700 m over (11 x 150 + 400) / 4 = 512.5: 1.37, calm;
	 * day 31: 150 + 400 + 400 = 950 over (10 x 150 + 800) / 4 = 575: 1.65 */
	expect_flag(first(s, "hill_block"), 31, FLAG_WARN, "7-day ascent 950 m",
		    "weekly mean of 575 m", "2024-01-05..2024-02-01", NULL);
	assert_float_equal(first(s, "hill_block")->value, 950.0 / 575.0, 1e-9);
	series_free(s);

	/* the same hills every week: calm */
	s = series_new();
	for (d = 0; d < 70; d++)
		if (d % 7 == 1 || d % 7 == 3 || d % 7 == 5)
			add(s, d, 10)->s.ascent_m = 150;
	build(s);
	expect_count(s, "hill_block", 0, 0);
	series_free(s);
}

/* ---- back_to_back ---- */

static void back_to_back(void **state)
{
	struct series *s = series_new();
	struct run_entry *e;
	int d;

	(void)state;
	for (d = 0; d < 28; d++)
		if (d % 7 == 0 || d % 7 == 2 || d % 7 == 4)
			add(s, d, 8);
	add(s, 33, 20);			/* Saturday long: 2.5 x 8 km */
	e = add(s, 34, 10);		/* Sunday hilly */
	e->s.ascent_m = 300;
	e = add(s, 35, 8);		/* Monday fast: same chain, no second flag */
	e->s.fast_s = 900;
	build(s);
	expect_count(s, "back_to_back", 0, 1);
	expect_flag(first(s, "back_to_back"), 34, FLAG_WARN, "2024-02-03 (long: 20 km",
		    "2024-02-04 (hilly: 300 m up, 30 m/km, above the 12 m/km floor (usual "
		    "5 m/km))", "48 h",
		    "hilly = >= 80 m up and > max(12 m/km, 1.5 x the median m/km of the 56 days "
		    "before)", NULL);
	series_free(s);

	/* a weekly long run among easy runs: calm */
	s = series_new();
	for (d = 0; d < 56; d++)
		if (d % 7 == 1 || d % 7 == 3 || d % 7 == 5)
			add(s, d, 8);
		else if (d % 7 == 6)
			add(s, d, 16);
	build(s);
	expect_count(s, "back_to_back", 0, 0);
	series_free(s);
}

/*
 * "Hilly" against the athlete's own ground: 10 km with 150 m every day
 * (15 m/km: hilly by the 80 m and the 12 m/km floor alone) makes no hard
 * days: from day 5 the usual is the median of 15 m/km, the line 1.5 x 15
 * = 22.5 m/km; days 0-4 have fewer than 5 runs before them, no usual, and
 * are not judged.  Then 300 m on days 28 and 29 (30 m/km): day 29's window
 * (days 0-28) has the median 15 m/km, 30 > 22.5: hilly, a back_to_back
 * warning with the usual in its evidence.
 */
static void back_to_back_own_hills(void **state)
{
	struct series *s = series_new();
	int d;

	(void)state;
	for (d = 0; d < 28; d++)
		add(s, d, 10)->s.ascent_m = 150;
	build(s);
	expect_count(s, "back_to_back", 0, 0);
	add(s, 28, 10)->s.ascent_m = 300;
	add(s, 29, 10)->s.ascent_m = 300;
	build(s);
	expect_count(s, "back_to_back", 0, 1);
	expect_flag(first(s, "back_to_back"), 29, FLAG_WARN,
		    "hilly: 300 m up, 30 m/km, above 22.5 = 1.5 x the usual 15 m/km", NULL);

	/*
	 * The longest sentence: both days long (20 km, 2 x the 10 km mean),
	 * hilly (600 m, 30 m/km) and fast (15 min): whole, not cut at
	 * EVIDENCE_SIZE.
	 */
	for (d = 28; d < 30; d++) {
		s->runs[d].s.distance_m = 20000;
		s->runs[d].s.ascent_m = 600;
		s->runs[d].s.fast_s = 900;
	}
	build(s);
	expect_flag(first(s, "back_to_back"), 29, FLAG_WARN,
		    "2024-01-29 (long: 20 km, 2 x the 28-day mean run; hilly: 600 m up, 30 m/km, "
		    "above 22.5 = 1.5 x the usual 15 m/km; fast: 15 min fast) and 2024-01-30 (long",
		    "; fast = >= 5 min fast.", NULL);
	series_free(s);
}

/*
 * A safe runner on hilly ground: the plan of safe_runner() below (a tempo
 * on Tuesday, easy runs, the Sunday long run, down weeks at 70 %), every
 * run climbing 25 m per km.  Each run's usual is the median of 25 m/km, its
 * line 1.5 x 25 = 37.5 m/km: the easy 7 km on the Wednesday after the
 * tempo (175 m up, which the fixed 80 m and 12 m/km alone call hilly) is
 * not a hard day, and no week stands out in hill_block.  Then one
 * Wednesday at 40 m/km (280 m in 7 km) > 37.5: hilly, back to back with
 * the tempo.
 */
static uint32_t lcg(uint32_t *x);

static void hilly_ground_runner(void **state)
{
	static const struct { int dow; double km, fast_s; } plan[4] = {
		{ 1, 8, 900 }, { 2, 7, 0 }, { 5, 8, 0 }, { 6, 12, 0 },
	};
	uint32_t x = 7;
	struct series *s = series_new();
	const struct run_entry *wed = NULL;
	size_t i;
	int w, k;

	(void)state;
	for (w = 0; w < 26; w++)
		for (k = 0; k < 4; k++) {
			double km = plan[k].km * (w % 4 == 3 ? 0.7 : 1.0) *
				    (0.95 + 0.1 * (double)(lcg(&x) % 1000) / 1000.0);
			struct run_entry *e = add(s, w * 7 + plan[k].dow, km);

			e->s.ascent_m = 25.0 * km;
			e->s.fast_s = plan[k].fast_s * (w % 4 == 3 ? 0.7 : 1.0);
		}
	build(s);
	expect_count(s, "back_to_back", 0, 0);
	expect_count(s, "hill_block", 0, 0);
	for (i = 0; i < s->r.nflags; i++)
		if (s->r.flags[i].level == FLAG_ALERT) {
			dump(&s->r);
			fail_msg("an alert on the hilly-ground safe runner");
		}
	for (i = 0; i < s->r.nruns; i++)
		if (s->r.runs[i].local_day == day0() + 10 * 7 + 2)
			wed = &s->r.runs[i];
	assert_non_null(wed);
	assert_true(wed->s.ascent_m >= 80);		/* hilly by the fixed lines alone */
	assert_float_equal(wed->usual_climb_m_per_km, 25, 1e-9);
	assert_float_equal(wed->hilly_limit_m_per_km, 37.5, 1e-9);
	assert_false(wed->hilly);
	assert_false(s->r.runs[0].hilly);		/* no usual yet: not judged */
	assert_true(isnan(s->r.runs[0].usual_climb_m_per_km));

	/* one Wednesday (week 10) at 40 m/km: above 37.5, after Tuesday's tempo */
	for (i = 0; i < s->n; i++)
		if (s->runs[i].s.start_t_s == (double)(day0() + 10 * 7 + 2) * 86400.0 + 7 * 3600.0)
			s->runs[i].s.ascent_m = 40.0 * s->runs[i].s.distance_m / 1000.0;
	build(s);
	expect_count(s, "back_to_back", 0, 1);
	expect_flag(first(s, "back_to_back"), 10 * 7 + 2, FLAG_WARN, "(fast: 15 min fast)",
		    "40 m/km, above 37.5 = 1.5 x the usual 25 m/km", NULL);
	expect_count(s, "hill_block", 0, 0);
	series_free(s);
}

/*
 * A flat runner (4 x 8 km a week at 3 m/km: 96 m a week) and one 8 km run
 * with 200 m, 25 m/km, on day 29: the usual is 3 m/km, 1.5 x 3 = 4.5 is
 * under the 12 m/km floor, so the line is 12 and 25 > 12: hilly, the first
 * hilly run after 3 flat weeks (200 m > 1.5 x the flat weeks' 24 m).  The
 * same run at 12 m/km (96 m in 8 km) is not above the floor: no flag.
 */
static void flat_runner_hill(void **state)
{
	static const int dows[4] = { 0, 2, 4, 6 };
	struct series *s = series_new();
	int w, k;

	(void)state;
	for (w = 0; w < 4; w++)
		for (k = 0; k < 4; k++)
			add(s, w * 7 + dows[k], 8)->s.ascent_m = 24;
	add(s, 29, 8)->s.ascent_m = 200;
	build(s);
	assert_float_equal(s->r.runs[s->r.nruns - 1].usual_climb_m_per_km, 3, 1e-9);
	assert_float_equal(s->r.runs[s->r.nruns - 1].hilly_limit_m_per_km, 12, 1e-9);
	assert_true(s->r.runs[s->r.nruns - 1].hilly);
	expect_count(s, "hill_block", 0, 1);
	expect_flag(first(s, "hill_block"), 29, FLAG_WARN,
		    "First hilly run (200 m up in 8 km: 25 m/km, above the 12 m/km floor "
		    "(usual 3 m/km)) on 2024-01-30", "3 flat weeks", NULL);
	s->runs[s->n - 1].s.ascent_m = 96;
	build(s);
	assert_false(s->r.runs[s->r.nruns - 1].hilly);
	expect_count(s, "hill_block", 0, 0);

	/* the athlete's own lines (athlete.ini [thresholds]): a floor of 30 m/km */
	s->runs[s->n - 1].s.ascent_m = 200;
	s->a.noverrides = 1;
	strcpy(s->a.overrides[0].key, "hilly_run_min_m_per_km");
	s->a.overrides[0].value = 30;
	build(s);
	assert_false(s->r.runs[s->r.nruns - 1].hilly);
	expect_count(s, "hill_block", 0, 0);
	series_free(s);
}

/*
 * A high-volume flat runner: 4 weeks of 5 x 20 km at 3 m/km (300 m a week,
 * over flat_week_max_m's 250 m, but under 5 m/km: flat weeks), then one
 * 12 km run climbing 300 m (25 m/km: hilly, 60 m > 1.5 x 60 m of the
 * largest flat run) on day 29: the first hilly run after 3 flat weeks.
 * With flat_week_max_m_per_km = 2 the weeks are not flat and nothing fires
 * (the ratio rule: 7 days 300 m vs a weekly mean of ~300 m, no).
 */
static void flat_high_volume(void **state)
{
	struct series *s = series_new();
	int d;

	(void)state;
	for (d = 0; d < 28; d++)
		if (d % 7 < 5)
			add(s, d, 20)->s.ascent_m = 60;
	add(s, 29, 12)->s.ascent_m = 300;
	build(s);
	assert_true(s->r.runs[s->r.nruns - 1].hilly);
	expect_count(s, "hill_block", FLAG_WARN, 1);
	expect_flag(first(s, "hill_block"), 29, FLAG_WARN, "First hilly run", "3 flat weeks",
		    NULL);

	s->a.noverrides = 1;
	strcpy(s->a.overrides[0].key, "flat_week_max_m_per_km");
	s->a.overrides[0].value = 2;
	build(s);
	expect_count(s, "hill_block", 0, 0);
	series_free(s);
}

/* ---- layoff_return ---- */

static struct series *before_layoff(void)
{
	struct series *s = series_new();
	int d;

	/* four weeks of 5 x 8 km (Mon-Fri): last run Friday day 25 */
	for (d = 0; d < 26; d++)
		if (d % 7 < 5)
			add(s, d, 8)->s.ascent_m = 40;
	return s;
}

/*
 * Before every return below: 20 runs of 8 km in the 28 days up to Friday
 * day 25, so the pre-break mean run and longest are 8 km and the weekly
 * mean 40 km.  Limits: factor = 1 - days off / 56 (floor 0.3); run limit
 * = factor x 8 km x 1.3^week, at most 8 km; week limit = factor x 40 km
 * x 1.3^week, at most 40 km; more than 50 % over a limit is an alert.
 */
static void layoff_return(void **state)
{
	struct series *s = before_layoff();
	const struct flag *f;
	int d;

	(void)state;
	/* 10 days off: factor 1 - 10/56 = 0.8214, limit 6571 m; 16 km > 1.5 x 6571 m */
	add(s, 36, 16);
	build(s);
	expect_count(s, "layoff_return", 0, 1);
	f = first(s, "layoff_return");
	expect_flag(f, 36, FLAG_ALERT, "day 1 after 10 days off", "last run 2024-01-26",
		    "too long: 16 km vs the limit of 6.6 km for return week 1",
		    "limits x 0.82", NULL);
	assert_float_equal(f->ev.u.layoff.limit, 6571, 0);
	assert_float_equal(f->value, 16000.0 / 6571.0, 1e-9);
	series_free(s);

	/* a short easy return: 6 km < 6571 m, 12 km in the week < 32 857 m: calm */
	s = before_layoff();
	add(s, 36, 6);
	add(s, 38, 6);
	build(s);
	expect_count(s, "layoff_return", 0, 0);
	series_free(s);

	/* a hilly first run back */
	s = before_layoff();
	add(s, 36, 6)->s.ascent_m = 200;
	build(s);
	expect_count(s, "layoff_return", FLAG_WARN, 1);
	expect_flag(first(s, "layoff_return"), 36, FLAG_WARN,
		    "too hilly for run 1 back: 200 m", NULL);
	series_free(s);

	/* a fast second run back: 10 min fast >= 5 min */
	s = before_layoff();
	add(s, 36, 5);
	add(s, 38, 5)->s.fast_s = 600;
	build(s);
	expect_count(s, "layoff_return", FLAG_WARN, 1);
	expect_flag(first(s, "layoff_return"), 38, FLAG_WARN, "too fast for run 2 back", NULL);
	series_free(s);

	/* 6 km every day: each run under its limit, the week passes 32 857 m on day 6 */
	s = before_layoff();
	for (d = 36; d < 43; d++)
		add(s, d, 6);
	build(s);
	expect_count(s, "layoff_return", 0, 1);
	expect_flag(first(s, "layoff_return"), 41, FLAG_WARN, "return week 1 too big: 36 km",
		    "its limit of 32.9 km", NULL);
	series_free(s);

	/* only six days off: no return phase */
	s = before_layoff();
	add(s, 32, 16);
	build(s);
	expect_count(s, "layoff_return", 0, 0);
	assert_int_equal(s->r.nreturns, 0);
	series_free(s);
}

/*
 * The commenter's pattern: 28 days off, then 10 km on days 1, 3 and 5.
 * factor 1 - 28/56 = 0.5: run limit 4 km, week limit 20 km; 10 km is 2.5 x
 * the limit (more than 1.5 x): an alert on the first run.  No ACWR read
 * across the break, and the result says "day 5 after 28 days off".
 */
static void return_commenter(void **state)
{
	struct series *s = before_layoff();
	const struct flag *f;
	size_t i;

	(void)state;
	add(s, 54, 10);
	add(s, 56, 10);
	add(s, 58, 10);
	build(s);
	expect_count(s, "layoff_return", FLAG_ALERT, 1);
	f = first(s, "layoff_return");
	expect_flag(f, 54, FLAG_ALERT, "day 1 after 28 days off",
		    "too long: 10 km vs the limit of 4 km", NULL);
	assert_float_equal(f->value, 2.5, 1e-9);
	assert_int_equal(s->r.nreturns, 1);
	assert_int_equal(s->r.returns[0].back_day, day0() + 54);
	assert_int_equal(s->r.returns[0].gap_days, 28);
	assert_float_equal(s->r.returns[0].factor, 0.5, 1e-12);
	assert_int_equal(s->r.returning_day, 5);
	assert_int_equal(s->r.returning_gap_days, 28);
	for (i = 0; i < s->r.nflags; i++)
		if (s->r.flags[i].rule == RULE_ACWR || s->r.flags[i].rule == RULE_LONG_RUN_SPIKE) {
			dump(&s->r);
			fail_msg("%s while returning", rule_name(s->r.flags[i].rule));
		}
	series_free(s);
}

/*
 * The careful return: 28 days off, then 3 runs a week (Sat, Mon, Wed)
 * growing 25 % a week from 3 km (3, 3.75, 4.69, 5.86, 7.32 km) until the
 * old 8 km, then two weeks of 8 km.  Run limits 4, 5.2, 6.76, 8, 8 km and
 * week limits 20, 26, 33.8, 40 km are never crossed: nothing at warn or
 * alert, no long_run_spike for +25 % runs (the return owns them), no ACWR.
 */
static void return_careful(void **state)
{
	struct series *s = before_layoff();
	size_t i;
	int w, k;

	(void)state;
	for (w = 0; w < 8; w++)
		for (k = 0; k < 3; k++) {
			double km = 3 * pow(1.25, w);

			add(s, 54 + 7 * w + 2 * k, km > 8 ? 8 : km);
		}
	build(s);
	for (i = 0; i < s->r.nflags; i++)
		if (s->r.flags[i].level >= FLAG_WARN) {
			dump(&s->r);
			fail_msg("careful return: %s %s", rule_name(s->r.flags[i].rule),
				 flag_level_name(s->r.flags[i].level));
		}
	assert_int_equal(s->r.nreturns, 1);
	assert_int_equal(s->r.returns[0].gap_days, 28);
	/* the first 8 km run (return week 5, day 54 + 35) ends the return */
	assert_int_equal(s->r.returns[0].end_day, day0() + 89);
	assert_int_equal(s->r.returning_day, 0);
	series_free(s);
}

/*
 * A jump late in a return: 10 days off (limit factor 0.8214, first-week run
 * limit 6571 m, the table's limit 8 km from week 2 on), then 5 km every
 * other day from day 36 to day 70, and 8 km on day 72 (return week 6).
 * The table alone allows 8 km; 30 % over the longest run since the return
 * is 6500 m, under the first run's 6571 m, so the first run's limit holds:
 * 8000 / 6571 = 1.2175, a warning, worded as that limit.  The same 8 km
 * after 6.5 km runs (6.5 x 1.3 = 8450 m) is no flag.  And 28 days off
 * (first run limit 4 km), 4 km every other day from day 54 to day 80, then
 * 6.5 km on day 82: the table allows 8 km in return week 5, the longest
 * since the return 4 km x 1.3 = 5200 m: 6500 / 5200 = 1.25, a warning.
 */
static void return_late_jump(void **state)
{
	struct series *s = before_layoff();
	const struct flag *f;
	int d;

	(void)state;
	for (d = 36; d <= 70; d += 2)
		add(s, d, 5);
	add(s, 72, 8);
	build(s);
	expect_count(s, "layoff_return", FLAG_WARN, 1);
	f = first(s, "layoff_return");
	expect_flag(f, 72, FLAG_WARN, "too long: 8 km vs the first run's limit of 6.6 km",
		    "(30 % over the longest run since the return, 5 km, is less)", NULL);
	assert_int_equal(f->ev.u.layoff.limit_by, LIMIT_BY_FIRST);
	assert_float_equal(f->ev.u.layoff.limit, 6571, 0);
	assert_float_equal(f->ev.u.layoff.since_longest_m, 5000, 0);
	assert_float_equal(f->value, 8000.0 / 6571.0, 1e-9);
	series_free(s);

	s = before_layoff();
	for (d = 54; d <= 80; d += 2)
		add(s, d, 4);
	add(s, 82, 6.5);
	build(s);
	expect_count(s, "layoff_return", FLAG_WARN, 1);
	f = first(s, "layoff_return");
	expect_flag(f, 82, FLAG_WARN, "too long: 6.5 km vs the limit of 5.2 km, 30 % over the "
		    "longest run since the return (4 km)", NULL);
	assert_int_equal(f->ev.u.layoff.limit_by, LIMIT_BY_SINCE);
	assert_float_equal(f->value, 6500.0 / 5200.0, 1e-9);
	series_free(s);

	s = before_layoff();
	for (d = 36; d <= 70; d += 2)
		add(s, d, 6.5);
	add(s, 72, 8);
	build(s);
	expect_count(s, "layoff_return", 0, 0);
	series_free(s);
}

/*
 * Repeated breakdowns: the 8 km weeks, 28 days off, back on day 54 with
 * 10 km every other day to day 80 (14 runs, 140 km), 20 days off, back on
 * day 101 with the same to day 129 (15 runs, 150 km), 20 days off, back on
 * day 150.  The breaks before days 101 and 150 each follow a return: two
 * breakdowns in 12 months, one alert on day 150 naming both; every return
 * started over its limit (10 km vs 4 km and 5.6 km): volume in common.
 * The first break (before day 54) follows no return and is not counted.
 */
static void repeated_breakdown(void **state)
{
	struct series *s = before_layoff();
	const struct flag *f;
	const struct ev_cycle *c;
	int d;

	(void)state;
	for (d = 54; d <= 80; d += 2)
		add(s, d, 10);
	for (d = 101; d <= 129; d += 2)
		add(s, d, 10);
	add(s, 150, 5);
	build(s);
	assert_int_equal(s->r.nreturns, 3);
	expect_count(s, "repeated_breakdown", FLAG_ALERT, 1);
	f = first(s, "repeated_breakdown");
	expect_flag(f, 150, FLAG_ALERT, "2 breaks of 14 days or more in 365 days",
		    "back 2024-04-11, 150 km run (too much volume for the return limits), then "
		    "no running 2024-05-10..2024-05-29",
		    "back 2024-02-24, 140 km run (too much volume for the return limits), then "
		    "no running 2024-03-22..2024-04-10",
		    "In common: too much volume for the return limits (", NULL);
	c = &f->ev.u.cycle;
	assert_int_equal(c->n, 2);
	assert_int_equal(c->common, CYCLE_VOLUME);
	assert_int_equal(c->c[0].traits, CYCLE_VOLUME);
	assert_int_equal(c->c[1].traits, CYCLE_VOLUME);
	series_free(s);

	/* one breakdown only (no third return): no cycle */
	s = before_layoff();
	for (d = 54; d <= 80; d += 2)
		add(s, d, 10);
	add(s, 101, 5);
	build(s);
	expect_count(s, "repeated_breakdown", 0, 0);
	series_free(s);
}

/*
 * Not a cycle: files of one run every few months (days 54, 154, 254, 354:
 * three breaks of 99 days, each after a "return" of a single run), and
 * returns that lasted: back on day 54 and on day 150 with 8 km every other
 * day for 70 days, so each break begins 72 days after its return, more
 * than breakdown_within_days (56).  With breakdown_within_days = 80 the
 * second pattern is a cycle again (the parameter is read).
 */
static void breakdown_not_sparse(void **state)
{
	struct series *s = before_layoff();
	int d;

	(void)state;
	for (d = 54; d <= 354; d += 100)
		add(s, d, 8);
	build(s);
	assert_int_equal(s->r.nreturns, 4);
	expect_count(s, "repeated_breakdown", 0, 0);
	series_free(s);

	s = before_layoff();
	for (d = 54; d <= 124; d += 2)
		add(s, d, 8);
	for (d = 150; d <= 220; d += 2)
		add(s, d, 8);
	add(s, 250, 5);
	build(s);
	assert_int_equal(s->r.nreturns, 3);
	expect_count(s, "repeated_breakdown", 0, 0);
	series_free(s);

	s = before_layoff();
	for (d = 54; d <= 124; d += 2)
		add(s, d, 8);
	for (d = 150; d <= 220; d += 2)
		add(s, d, 8);
	add(s, 250, 5);
	s->a.noverrides = 1;
	strcpy(s->a.overrides[0].key, "breakdown_within_days");
	s->a.overrides[0].value = 80;
	build(s);
	expect_count(s, "repeated_breakdown", FLAG_ALERT, 1);
	series_free(s);
}

/* ---- shoes ---- */

static void shoe_mileage(void **state)
{
	struct series *s = series_new();
	int d;

	(void)state;
	s->a.nshoes = 1;
	strcpy(s->a.shoes[0].name, "Pegasus");
	s->a.shoes[0].start_km = 480;
	s->a.shoes[0].first_use_day = day0();
	for (d = 0; d < 40; d++)
		add(s, d, 10);
	build(s);
	expect_count(s, "shoe_mileage", FLAG_WARN, 1);
	expect_count(s, "shoe_mileage", FLAG_ALERT, 1);
	/* 480 + 2 x 10 = 500 on day 1; 480 + 32 x 10 = 800 on day 31 */
	expect_flag(first(s, "shoe_mileage"), 1, FLAG_WARN, "Pegasus reached 500 km",
		    "480 km at start", NULL);
	assert_float_equal(s->r.shoes[0].km, 880, 1e-9);

	/* the shoe's own retire_at_km, and an override of the warn level */
	s->a.shoes[0].retire_at_km = 600;
	s->a.noverrides = 1;
	strcpy(s->a.overrides[0].key, "shoe_warn_km");
	s->a.overrides[0].value = 450;
	build(s);
	expect_flag(first(s, "shoe_mileage"), 0, FLAG_WARN, "490 km", NULL);
	expect_count(s, "shoe_mileage", FLAG_ALERT, 1);
	assert_int_equal(s->r.flags[0].level, FLAG_WARN);
	series_free(s);
}

/*
 * A shoe past its alert stays an active alert while it is run in: 480 +
 * 32 x 10 km = 800 km on day 31; the data end on day 45, so the flag is
 * older than the last 7 days, yet the shoe ran on day 45.  Retired on day
 * 35 (later runs in no shoe), the alert is no longer active.
 */
static void shoe_alert_stays_active(void **state)
{
	struct series *s = series_new();
	const struct flag *f = NULL;
	size_t i;
	int d;

	(void)state;
	s->a.nshoes = 1;
	strcpy(s->a.shoes[0].name, "Pegasus");
	s->a.shoes[0].start_km = 480;
	s->a.shoes[0].first_use_day = day0();
	for (d = 0; d < 46; d++)
		add(s, d, 10);
	build(s);
	for (i = 0; i < s->r.nflags; i++)
		if (s->r.flags[i].rule == RULE_SHOE_MILEAGE && s->r.flags[i].level == FLAG_ALERT)
			f = &s->r.flags[i];
	assert_non_null(f);
	assert_int_equal(f->day, day0() + 31);
	assert_true(flag_is_active(&s->r, f));
	assert_int_equal(s->r.top_level, FLAG_ALERT);

	s->a.shoes[0].retire_day = day0() + 35;	/* last shoe run before days 39..45 */
	build(s);
	for (i = 0, f = NULL; i < s->r.nflags; i++)
		if (s->r.flags[i].rule == RULE_SHOE_MILEAGE && s->r.flags[i].level == FLAG_ALERT)
			f = &s->r.flags[i];
	assert_non_null(f);
	assert_false(flag_is_active(&s->r, f));
	series_free(s);
}

/* ---- speed_week ---- */

/*
 * 8 km every day; 15 min fast every Tuesday (days 1, 8, ..., 29), then
 * from day 35 a second session on Fridays.  Day 39: the 7 days 33..39 hold
 * 1800 s, the 28 days before (5..32) 3600 s, 900 s a week: 2.00 > 1.5 and
 * 1800 s >= 1200 s: a warning.
 */
static void speed_week(void **state)
{
	struct series *s = series_new();
	const struct flag *f;
	int d;

	(void)state;
	for (d = 0; d < 49; d++) {
		struct run_entry *e = add(s, d, 8);

		if (d % 7 == 1 || (d >= 35 && d % 7 == 4))
			e->s.fast_s = 900;
	}
	build(s);
	expect_count(s, "speed_week", 0, 1);
	f = first(s, "speed_week");
	expect_flag(f, 39, FLAG_WARN, "30 min at or faster", "the 7 days 2024-02-03..2024-02-09",
		    "weekly mean of 15 min", NULL);
	assert_float_equal(f->value, 2.0, 1e-12);
	series_free(s);

	/* one session a week: calm */
	s = series_new();
	for (d = 0; d < 49; d++)
		add(s, d, 8)->s.fast_s = d % 7 == 1 ? 900 : 0;
	build(s);
	expect_count(s, "speed_week", 0, 0);
	series_free(s);

	/* none before, then 2 x 500 s: 1000 s over the 300 s floor is 3.3 x, but under 1200 s */
	s = series_new();
	for (d = 0; d < 49; d++)
		add(s, d, 8)->s.fast_s = d == 40 || d == 42 ? 500 : 0;
	build(s);
	expect_count(s, "speed_week", 0, 0);
	series_free(s);
}

/* ---- surfaces ---- */

static void surface_classes(void **state)
{
	struct run_summary s;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.distance_m = s.gps_distance_m = 8000;
	assert_int_equal(surface_of(&s), SURFACE_ROAD);
	strcpy(s.name, "Beach run at sunrise");
	assert_int_equal(surface_of(&s), SURFACE_SOFT);
	strcpy(s.name, "Sierra TRAIL long run");
	assert_int_equal(surface_of(&s), SURFACE_TRAIL);
	strcpy(s.name, "Club track night");
	assert_int_equal(surface_of(&s), SURFACE_TRACK);
	strcpy(s.name, "Morning Run");
	strcpy(s.sport, "trail_running");	/* a FIT sub-sport as text */
	assert_int_equal(surface_of(&s), SURFACE_TRAIL);
	strcpy(s.sport, "treadmill_running");
	assert_int_equal(surface_of(&s), SURFACE_INDOOR);
	strcpy(s.sport, "running");
	strcpy(s.sub_sport, "treadmill");	/* the FIT sub_sport */
	assert_int_equal(surface_of(&s), SURFACE_INDOOR);
	strcpy(s.sub_sport, "trail");
	assert_int_equal(surface_of(&s), SURFACE_TRAIL);
	s.sub_sport[0] = '\0';
	s.gps_distance_m = NAN;		/* a distance with no positions */
	assert_int_equal(surface_of(&s), SURFACE_INDOOR);
	assert_string_equal(surface_name(SURFACE_SOFT), "soft");
}

/* athlete.ini's keyword lists replace a class's defaults for the name only. */
static void surface_athlete_words(void **state)
{
	struct rr_athlete a;
	struct run_summary s;

	(void)state;
	rr_athlete_init(&a);
	memset(&s, 0, sizeof(s));
	s.distance_m = s.gps_distance_m = 8000;
	strcpy(s.name, "Playa de la Concha");
	assert_int_equal(surface_of_words(&s, a.surface_words), SURFACE_ROAD);	/* defaults */
	a.surface_words[RR_SKW_SOFT].set = 1;
	a.surface_words[RR_SKW_SOFT].n = 1;
	strcpy(a.surface_words[RR_SKW_SOFT].w[0], "playa");
	assert_int_equal(surface_of_words(&s, a.surface_words), SURFACE_SOFT);
	strcpy(s.name, "Beach run");	/* "beach" is no longer a soft word */
	assert_int_equal(surface_of_words(&s, a.surface_words), SURFACE_ROAD);
	assert_int_equal(surface_of_words(&s, NULL), SURFACE_SOFT);
	/* an empty track list: the name no longer says track, the sport still does */
	a.surface_words[RR_SKW_TRACK].set = 1;
	strcpy(s.name, "Club track night");
	assert_int_equal(surface_of_words(&s, a.surface_words), SURFACE_ROAD);
	strcpy(s.sub_sport, "track");
	assert_int_equal(surface_of_words(&s, a.surface_words), SURFACE_TRACK);
}

/*
 * soft_surface: 8 km road runs every day for 5 weeks, then a trail block:
 * "Trail" runs of 8 km on days 35, 37, 39.  Day 37: 16 km soft in 7 days
 * vs a weekly mean of 0 km, taken as 5 km: 3.2 x > 1.5, and 16 >= 10 km: a
 * warning.  The weeks carry km by surface.
 */
static void soft_surface(void **state)
{
	struct series *s = series_new();
	const struct flag *f;
	int d;

	(void)state;
	for (d = 0; d < 42; d++) {
		struct run_entry *e = add(s, d, 8);

		e->s.gps_distance_m = e->s.distance_m;
		if (d == 35 || d == 37 || d == 39)
			strcpy(e->s.name, "Trail run");
	}
	build(s);
	expect_count(s, "soft_surface", 0, 1);
	f = first(s, "soft_surface");
	expect_flag(f, 37, FLAG_WARN, "16 km on soft ground or trail", "taken as at least 5 km",
		    NULL);
	assert_float_equal(f->value, 3.2, 1e-12);
	/* week 5 (days 35..41): 24 km trail, 32 km road */
	assert_float_equal(s->r.weeks[5].surface_m[SURFACE_TRAIL], 24000, 1e-6);
	assert_float_equal(s->r.weeks[5].surface_m[SURFACE_ROAD], 32000, 1e-6);
	series_free(s);
}

/* ---- pain ---- */

/*
 * Steady 8 km runs; pain 2/10 on day 10, 3/10 on day 12 (rising: alert),
 * 5/10 on day 20 (>= 4: alert); a fast run (10 min fast) on day 14, 2 days
 * after the day-12 entry: a warning.
 */
static void pain_rules(void **state)
{
	struct series *s = series_new();
	struct rr_pain pain[3];
	const struct flag *f;
	size_t i, alerts = 0, warns = 0;
	int d;

	(void)state;
	for (d = 0; d < 28; d++)
		add(s, d, 8)->s.fast_s = d == 14 ? 600 : 0;
	memset(pain, 0, sizeof(pain));
	pain[0].day = day0() + 10, pain[0].severity = 2;
	pain[1].day = day0() + 12, pain[1].severity = 3;
	pain[2].day = day0() + 20, pain[2].severity = 5;
	assert_int_equal(timeline_build(&s->r, &s->a, s->runs, s->n, pain, 3), 0);
	assert_int_equal(rules_apply(&s->r, &s->a), 0);
	s_last = &s->r;
	for (i = 0; i < s->r.nflags; i++) {
		f = &s->r.flags[i];
		if (f->rule != RULE_PAIN)
			continue;
		if (f->level == FLAG_ALERT) {
			alerts++;
			if (f->day == day0() + 12)
				expect_flag(f, 12, FLAG_ALERT, "3/10 on 2024-01-13, up from 2/10 on "
					    "2024-01-11", NULL);
			else
				expect_flag(f, 20, FLAG_ALERT, "5/10 on 2024-01-21, at or above 4/10",
					    NULL);
		} else {
			warns++;
			expect_flag(f, 14, FLAG_WARN, "A hard run on 2024-01-15 (fast 8 km",
				    "2 day(s) after pain 3/10 on 2024-01-13", NULL);
		}
	}
	if (alerts != 2 || warns != 1) {
		dump(&s->r);
		fail_msg("pain: %zu alerts, %zu warnings; want 2 and 1", alerts, warns);
	}
	series_free(s);

	/*
	 * One episode: 4/10 on day 10 (alert), 4/10 on day 12 (the same: no
	 * new alert), 6/10 on day 14 (worse than the alert's 4: a new alert, so
	 * the active alert does not understate it), 5/10 on day 16 (not worse
	 * than 6: none).
	 */
	s = series_new();
	for (d = 0; d < 20; d++)
		add(s, d, 6);
	{
		struct rr_pain ep[4];
		static const int day[4] = { 10, 12, 14, 16 }, sev[4] = { 4, 4, 6, 5 };

		memset(ep, 0, sizeof(ep));
		for (i = 0; i < 4; i++) {
			ep[i].day = day0() + day[i];
			ep[i].severity = sev[i];
			ep[i].km_at_onset = NAN;
		}
		assert_int_equal(timeline_build(&s->r, &s->a, s->runs, s->n, ep, 4), 0);
		assert_int_equal(rules_apply(&s->r, &s->a), 0);
	}
	s_last = &s->r;
	alerts = 0;
	for (i = 0; i < s->r.nflags; i++) {
		f = &s->r.flags[i];
		if (f->rule != RULE_PAIN || f->level != FLAG_ALERT)
			continue;
		alerts++;
		if (f->day != day0() + 10 && f->day != day0() + 14) {
			dump(&s->r);
			fail_msg("a pain alert on day %d", (int)(f->day - day0()));
		}
	}
	assert_int_equal(alerts, 2);
	series_free(s);

	/*
	 * km_at_onset: pain 2/10 that began 7 km into a run, on day 10; 6 km
	 * runs after it are fine, the 7.5 km run on day 15 is a warning (and
	 * not a hard run: 7.5 km is no long run against the 8 km before).
	 */
	s = series_new();
	for (d = 0; d < 20; d++)
		add(s, d, d < 10 ? 8 : d == 15 ? 7.5 : 6);
	memset(pain, 0, sizeof(pain));
	pain[0].day = day0() + 10, pain[0].severity = 2, pain[0].km_at_onset = 7;
	assert_int_equal(timeline_build(&s->r, &s->a, s->runs, s->n, pain, 1), 0);
	assert_int_equal(rules_apply(&s->r, &s->a), 0);
	s_last = &s->r;
	expect_count(s, "pain_signal", 0, 1);
	expect_flag(first(s, "pain_signal"), 15, FLAG_WARN, "A 7.5 km run on 2024-01-16, "
		    "longer than the 7 km into a run at which the pain of 2024-01-11 began", NULL);
	series_free(s);
}

static void shoe_drop_change(void **state)
{
	struct series *s = series_new();
	int d;

	(void)state;
	s->a.nshoes = 3;
	strcpy(s->a.shoes[0].name, "High");
	s->a.shoes[0].heel_drop_mm = 10;
	s->a.shoes[0].first_use_day = day0();
	strcpy(s->a.shoes[1].name, "Zero");
	s->a.shoes[1].heel_drop_mm = 4;
	s->a.shoes[1].first_use_day = day0() + 31;
	strcpy(s->a.shoes[2].name, "Mid");
	s->a.shoes[2].heel_drop_mm = 8;
	s->a.shoes[2].first_use_day = day0() + 61;
	for (d = 0; d < 90; d += 2)
		add(s, d, 8);
	build(s);
	/* Zero from day 32: 8, 16, 24 km by day 36; Mid is only 4 mm lower than Zero... */
	expect_count(s, "shoe_drop_change", 0, 1);
	/* dated on the switch, 2024-02-02 */
	expect_flag(first(s, "shoe_drop_change"), 32, FLAG_WARN, "from High (10 mm",
		    "to Zero (4 mm)", "24 km by 2024-02-06", "6 mm lower", NULL);
	series_free(s);

	/* ... and a switch with too little volume is calm */
	s = series_new();
	s->a.nshoes = 2;
	strcpy(s->a.shoes[0].name, "High");
	s->a.shoes[0].heel_drop_mm = 10;
	strcpy(s->a.shoes[1].name, "Zero");
	s->a.shoes[1].heel_drop_mm = 2;
	strcpy(s->a.shoes[1].keyword, "zero");
	for (d = 0; d < 60; d += 2)
		add(s, d, 8);
	strcpy(s->runs[20].s.name, "zero test");	/* day 40 */
	strcpy(s->runs[25].s.name, "zero test");	/* day 50 */
	build(s);
	assert_int_equal(s->r.runs[20].shoe, 1);
	expect_count(s, "shoe_drop_change", 0, 0);
	series_free(s);
}

/* ---- thresholds ---- */

static void overrides(void **state)
{
	struct series *s = series_new();
	struct rr_error err = RR_ERROR_INIT;
	struct rule_params p;

	(void)state;
	fill(s, 0, 25, 5);
	add(s, 20, 10);
	add(s, 30, 13.001);
	s->a.noverrides = 1;
	strcpy(s->a.overrides[0].key, "long_run_spike_warn");
	s->a.overrides[0].value = 0.5;
	build(s);
	expect_count(s, "long_run_spike", 0, 0);	/* +30 %: under the athlete's 50 % */
	s->a.overrides[0].value = 0.2;
	build(s);
	expect_count(s, "long_run_spike", FLAG_WARN, 1);
	strcpy(s->a.overrides[0].key, "long_run_spike_moderate");
	s->a.overrides[0].value = 0.5;
	assert_int_equal(rule_params_check(&s->a, &err), RR_OK);
	rule_params_init(&p, &s->a);
	assert_float_equal(p.v[RP_LONG_MODERATE], 0.5, 0);
	assert_float_equal(p.v[RP_LONG_WARN], 0.1, 0);

	strcpy(s->a.overrides[0].key, "long_run_spike_warm");
	assert_int_equal(rule_params_check(&s->a, &err), RR_ECONFIG);
	assert_non_null(strstr(err.msg, "long_run_spike_warm"));
	rr_error_clear(&err);
	strcpy(s->a.overrides[0].key, "acwr_warn");
	s->a.overrides[0].value = -1;
	assert_int_equal(rule_params_check(&s->a, &err), RR_ECONFIG);
	rr_error_clear(&err);
	strcpy(s->a.overrides[0].key, "layoff_days");
	s->a.overrides[0].value = 7.5;
	assert_int_equal(rule_params_check(&s->a, &err), RR_ECONFIG);
	assert_non_null(strstr(err.msg, "whole"));
	/* a rejected value leaves the default in force */
	rule_params_init(&p, &s->a);
	assert_float_equal(p.v[RP_LAYOFF_DAYS], 7, 0);
	series_free(s);
}

static void table_complete(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < RP_COUNT; i++) {
		const struct rule_param_def *d = rule_param_def((enum rule_param)i);

		assert_non_null(d);
		assert_non_null(d->key);
		assert_non_null(d->source);
		assert_non_null(d->meaning);
		assert_int_equal(rule_param_lookup(d->key), i);
		assert_true(d->value >= d->min && d->value <= d->max);
	}
	for (i = 0; i < RULE_COUNT; i++)
		assert_int_equal(rule_lookup(rule_name((enum rule_id)i)), i);
	assert_int_equal(rule_lookup("nope"), -1);
}

/* ---- calm training ---- */

static uint32_t lcg(uint32_t *x)
{
	*x = *x * 1664525u + 1013904223u;
	return *x >> 8;
}

/* a uniform value in [lo, hi) */
static double uniform(uint32_t *x, double lo, double hi)
{
	return lo + (hi - lo) * (double)lcg(x) / 16777216.0;
}

static void calm_training(void **state)
{
	uint32_t seed;

	(void)state;
	for (seed = 1; seed <= 20; seed++) {
		struct series *s = series_new();
		uint32_t x = seed;
		int d, w;

		s->a.nshoes = 1;
		strcpy(s->a.shoes[0].name, "Daily");
		s->a.shoes[0].heel_drop_mm = 8;
		/*
		 * 26 weeks of a steady plan: 45 km a week +-10 %, in 4-6 runs, the
		 * Sunday long run a third of the week, each run +-10 %; the usual
		 * routes climb 6-9 m per km.
		 */
		for (w = 0; w < 26; w++) {
			int nruns = 4 + (int)(lcg(&x) % 3);
			double week_km = 45 * uniform(&x, 0.9, 1.1);

			for (d = 0; d < 7; d++) {
				static const int order[7] = { 6, 2, 4, 1, 5, 3, 0 };
				struct run_entry *e;
				int day = w * 7 + d;
				bool runs_today = false;
				double km;
				int k;

				for (k = 0; k < nruns; k++)
					runs_today |= order[k] == d;
				if (!runs_today)
					continue;
				km = (d == 6 ? week_km / 3 : week_km * 2 / 3 / (nruns - 1)) *
				     uniform(&x, 0.9, 1.1);
				e = add(s, day, km);
				e->s.ascent_m = km * uniform(&x, 6, 9);
				e->s.fast_s = uniform(&x, 0, 240);
				e->s.calf_load = km * uniform(&x, 0.9, 1.1);
				e->s.start_t_s += uniform(&x, 0, 12) * 3600;
			}
		}
		build(s);
		{
			size_t i, warns = 0;

			for (i = 0; i < s->r.nflags; i++) {
				const struct flag *f = &s->r.flags[i];

				if (f->level == FLAG_ALERT && f->rule != RULE_SHOE_MILEAGE) {
					dump(&s->r);
					fail_msg("seed %u: an alert on calm training", seed);
				}
				if (f->level == FLAG_WARN &&
				    (f->rule == RULE_ACWR || f->rule == RULE_WEEKLY_JUMP ||
				     f->rule == RULE_MONOTONY || f->rule == RULE_BACK_TO_BACK ||
				     f->rule == RULE_LAYOFF_RETURN))
					warns++;
			}
			if (warns) {
				dump(&s->r);
				fail_msg("seed %u: %zu load warnings on calm training", seed, warns);
			}
		}
		series_free(s);
	}
}

/*
 * The safe runner of README "False alarms": 26 weeks of a steady plan,
 * every fourth week a down week at 70 %; each week a speed session on
 * Tuesday (8 km, 15 min fast), easy 7 and 8 km on Thursday and Saturday,
 * the long run on Sunday (12 km): 35 km a week.  Two shoes, each under
 * 500 km (the second from week 13: 13 x 32.4 km = 421 km at most).
 * Runs vary +-5 % (a fixed LCG), climbs 5-9 m per km.  No alert, and at
 * most one warning in ten weeks: at most 2 in 26 weeks.
 */
static void safe_runner(void **state)
{
	static const struct { int dow; double km, fast_s; } plan[4] = {
		{ 1, 8, 900 }, { 3, 7, 0 }, { 5, 8, 0 }, { 6, 12, 0 },
	};
	uint32_t seed;

	(void)state;
	for (seed = 1; seed <= 10; seed++) {
		struct series *s = series_new();
		uint32_t x = seed;
		size_t i, warns = 0;
		int w, k;

		s->a.nshoes = 2;
		strcpy(s->a.shoes[0].name, "First");
		s->a.shoes[0].first_use_day = day0();
		s->a.shoes[0].retire_day = day0() + 13 * 7 - 1;
		strcpy(s->a.shoes[1].name, "Second");
		s->a.shoes[1].first_use_day = day0() + 13 * 7;
		for (w = 0; w < 26; w++)
			for (k = 0; k < 4; k++) {
				double f = (w % 4 == 3 ? 0.7 : 1.0) * uniform(&x, 0.95, 1.05);
				struct run_entry *e = add(s, w * 7 + plan[k].dow, plan[k].km * f);

				e->s.ascent_m = plan[k].km * f * uniform(&x, 5, 9);
				e->s.fast_s = plan[k].fast_s * (w % 4 == 3 ? 0.7 : 1.0);
			}
		build(s);
		for (i = 0; i < s->r.nflags; i++) {
			const struct flag *f = &s->r.flags[i];

			if (f->level == FLAG_ALERT) {
				dump(&s->r);
				fail_msg("seed %u: an alert on the safe runner", seed);
			}
			warns += f->level == FLAG_WARN;
		}
		if (warns > 2) {
			dump(&s->r);
			fail_msg("seed %u: %zu warnings in 26 weeks (at most 2)", seed, warns);
		}
		assert_true(s->r.shoes[0].km < 500 && s->r.shoes[1].km < 500);
		assert_true(s->r.shoes[1].runs > 0);
		series_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_run_spike_boundaries),
		cmocka_unit_test(long_run_spike_evidence),
		cmocka_unit_test(long_run_spike_window),
		cmocka_unit_test(long_run_spike_duration),
		cmocka_unit_test(climb_spike),
		cmocka_unit_test(speed_spike),
		cmocka_unit_test(late_climb_spike),
		cmocka_unit_test(weekly_jump),
		cmocka_unit_test(acwr_alert_and_warn),
		cmocka_unit_test(acwr_calm_and_level_rise),
		cmocka_unit_test(acwr_on_calf_load),
		cmocka_unit_test(monotony),
		cmocka_unit_test(hill_block_after_flat),
		cmocka_unit_test(hill_block_ratio),
		cmocka_unit_test(back_to_back),
		cmocka_unit_test(back_to_back_own_hills),
		cmocka_unit_test(hilly_ground_runner),
		cmocka_unit_test(flat_runner_hill),
		cmocka_unit_test(layoff_return),
		cmocka_unit_test(return_commenter),
		cmocka_unit_test(return_careful),
		cmocka_unit_test(flat_high_volume),
		cmocka_unit_test(return_late_jump),
		cmocka_unit_test(repeated_breakdown),
		cmocka_unit_test(breakdown_not_sparse),
		cmocka_unit_test(shoe_mileage),
		cmocka_unit_test(shoe_drop_change),
		cmocka_unit_test(shoe_alert_stays_active),
		cmocka_unit_test(speed_week),
		cmocka_unit_test(surface_classes),
		cmocka_unit_test(surface_athlete_words),
		cmocka_unit_test(soft_surface),
		cmocka_unit_test(pain_rules),
		cmocka_unit_test(overrides),
		cmocka_unit_test(table_complete),
		cmocka_unit_test(calm_training),
		cmocka_unit_test(safe_runner),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
