/*
 * test_plan.c - the "Next 7 days" plan follows from the active flags
 * together: a return after a break, an ACWR-style overload (with a weekly
 * jump: the strictest cap wins), a single-run spike, a pain entry, a worn
 * shoe, and nothing at all; the return phase's caps for the whole phase,
 * alone and with pain (the tighter cap is the one stated), and the pain cap
 * from a km at onset.  Each case checks the plan's numbers and their
 * source, then the words render/plan.c gives them.  Day numbers count from
 * Monday 2024-01-01 (day 0).
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

#include "analysis/plan.h"
#include "analysis/rules.h"
#include "analysis/timeline.h"
#include "core/athlete.h"
#include "core/timeutil.h"
#include "render/render.h"

#define MAX_RUNS 200

struct series {
	struct rr_athlete a;
	struct run_entry runs[MAX_RUNS];
	size_t n;
	struct rr_pain pain[8];
	size_t npain;
	struct athlete_result r;
	struct week_plan p;
	char items[PLAN_ITEMS_MAX][PLAN_ITEM_SIZE];
	size_t nitems;
	char status[512];
};

static int32_t day0(void)
{
	return rr_days_from_civil(2024, 1, 1);
}

static void add(struct series *s, int day, double km)
{
	struct run_entry *e;

	assert_true(s->n < MAX_RUNS);
	e = &s->runs[s->n++];
	test_run_entry(e, (double)(day0() + day) * 86400.0 + 7 * 3600.0, km);
	snprintf(e->file, sizeof(e->file), "day%d-%zu.gpx", day, s->n);
	strcpy(e->s.name, "Morning Run");
}

static void pain(struct series *s, int day, int severity)
{
	struct rr_pain *p = &s->pain[s->npain++];

	memset(p, 0, sizeof(*p));
	p->day = day0() + day;
	strcpy(p->side, "right");
	p->severity = severity;
	strcpy(p->note, "tight");
}

/* Four weeks of 5 x 8 km, Monday to Friday: no flag; the last run is day 25. */
static struct series *base(void)
{
	struct series *s = calloc(1, sizeof(*s));
	int d;

	assert_non_null(s);
	rr_athlete_init(&s->a);
	for (d = 0; d < 26; d++)
		if (d % 7 < 5)
			add(s, d, 8);
	return s;
}

static void build(struct series *s)
{
	athlete_result_release(&s->r);
	assert_int_equal(timeline_build(&s->r, &s->a, s->runs, s->n, s->pain, s->npain), 0);
	assert_int_equal(rules_apply(&s->r, &s->a), 0);
	plan_compute(&s->p, &s->r);
	s->nitems = plan_items(s->items, PLAN_ITEMS_MAX, &s->p, &s->r);
	plan_status(s->status, sizeof(s->status), &s->p, &s->r);
}

static void series_free(struct series *s)
{
	athlete_result_release(&s->r);
	free(s);
}

/* Some item holds every word given (NULL-terminated). */
static void expect_item(const struct series *s, ...)
{
	size_t i;
	va_list ap;
	const char *w;

	for (i = 0; i < s->nitems; i++) {
		bool all = true;

		va_start(ap, s);
		while ((w = va_arg(ap, const char *)) != NULL)
			if (!strstr(s->items[i], w))
				all = false;
		va_end(ap);
		if (all)
			return;
	}
	for (i = 0; i < s->nitems; i++)
		print_message("  item: %s\n", s->items[i]);
	fail_msg("no plan item has all the words");
}

static void expect_src_rule(const struct series *s, struct plan_src src, enum rule_id rule)
{
	assert_int_equal(src.kind, PLAN_SRC_FLAG);
	assert_true(src.index < s->r.nflags);
	assert_int_equal(s->r.flags[src.index].rule, rule);
	assert_true(flag_is_active(&s->r, &s->r.flags[src.index]));
}

static void expect_src_return(const struct series *s, struct plan_src src)
{
	assert_int_equal(src.kind, PLAN_SRC_RETURN);
	assert_true(src.index < s->r.nreturns);
}

static void nothing(void **state)
{
	struct series *s = base();

	(void)state;
	build(s);
	assert_int_equal(s->r.nflags, 0);
	assert_int_equal(s->p.from, day0() + 26);
	assert_int_equal(s->p.until, day0() + 32);
	assert_false(s->p.km7.set);
	/* no flag: the single-run rule itself, 1.10 x the longest of 30 days (8 km) */
	assert_true(s->p.longest.set);
	assert_float_equal(s->p.longest.value_m, 8800, 1e-6);
	assert_int_equal(s->p.longest.base, PLAN_BASE_LONGEST_WINDOW);
	assert_int_equal(s->p.longest.src.kind, PLAN_SRC_SPIKE_RULE);
	assert_true(s->p.hills_ok);
	assert_true(s->p.speed_ok);
	assert_int_equal(s->p.nshoes, 0);
	assert_false(s->p.returning);
	assert_false(s->p.pain);
	assert_string_equal(s->status, "training");
	assert_int_equal(s->nitems, 4);
	expect_item(s, "Distance of the 7 days: no cap", NULL);
	expect_item(s, "Longest run: at most 8.8 km (1.10 x 8.0 km, the longest run since "
		    "2024-01-03; a longer run is a long_run_spike warning)", NULL);
	expect_item(s, "Hills: yes.", NULL);
	expect_item(s, "Speed work: yes.", NULL);
	series_free(s);
}

static void return_phase(void **state)
{
	struct series *s = base();

	(void)state;
	add(s, 36, 16);		/* 10 days off, then twice the usual run: layoff_return alert */
	build(s);
	assert_true(s->p.returning);
	assert_int_equal(s->p.break_days, 10);
	assert_int_equal(s->p.return_day, 1);
	assert_string_equal(s->status, "returning: day 1 after 10 days off");
	/* 20 runs, 160 km in the 28 days before the break: 40 km a week, 8 km a run */
	assert_true(s->p.km7.set);
	/*
	 * the return's first-week limit, factor 1 - 10/56 x 40 km = 32 857 m,
	 * less the 16 km already run in it (days 36..42), then day 43, the first
	 * of return week 2, with 1/7 of its 40 km (0.8214 x 1.3 > 1: the mean)
	 */
	assert_float_equal(s->p.km7.value_m, 40000 * (1 - 10 / 56.0) - 16000 + 40000 / 7.0,
			   1e-6);
	assert_int_equal(s->p.km7.base, PLAN_BASE_RETURN_WEEK_LEFT);
	assert_int_equal(s->p.km7.week_end, day0() + 42);
	assert_int_equal(s->p.km7.next_days, 1);
	expect_src_return(s, s->p.km7.src);
	/* the return owns the run: no long_run_spike, the return's 6.57 km */
	assert_true(s->p.longest.set);
	assert_float_equal(s->p.longest.value_m, 8000 * (1 - 10 / 56.0), 1e-6);
	expect_src_return(s, s->p.longest.src);
	assert_false(s->p.hills_ok);
	assert_false(s->p.speed_ok);
	expect_src_rule(s, s->p.hills_src, RULE_LAYOFF_RETURN);
	expect_item(s, "Distance of the 7 days: at most 22.5 km (16.8 km left of return week "
		    "1's 32.9 km until 2024-02-12, 16.0 km run; then 1 day(s) of week 2's "
		    "40.0 km", "the return from 2024-02-06 after 10 days off", NULL);
	expect_item(s, "Longest run: at most 6.5 km", "0.82 x 8.0 km",
		    "the mean run before the break", NULL);
	expect_item(s, "Hills: no (layoff_return alert", NULL);

	/*
	 * 40 days off: the factor's floor, 0.3 (1 - 40/56 = 0.29): runs of
	 * 0.3 x 8 km = 2.4 km, weeks of 0.3 x 40 km = 12 km.  The 12 km run on
	 * day 66 filled return week 1 (days 66..72): nothing left there, then
	 * day 73 with 1/7 of week 2's 0.3 x 1.3 x 40 km = 15.6 km: 2 229 m for
	 * the 7 days, so the longest run is that too (under 2.4 km).
	 */
	{
		struct series *t = base();

		add(t, 66, 12);
		build(t);
		assert_true(t->p.returning);
		assert_int_equal(t->p.break_days, 40);
		assert_float_equal(t->p.km7.value_m, 15600 / 7.0, 1e-6);
		assert_true(t->p.longest.set);
		assert_float_equal(t->p.longest.value_m, 15600 / 7.0, 1e-6);
		assert_int_equal(t->p.longest.base, PLAN_BASE_KM7);
		expect_src_return(t, t->p.longest.src);
		expect_item(t, "Distance of the 7 days: at most 2.2 km (0.0 km left of return "
			    "week 1's 12.0 km until 2024-03-13, 12.0 km run; then 1 day(s) of "
			    "week 2's 15.6 km", NULL);
		expect_item(t, "Longest run: at most 2.2 km (no run above the cap of the 7 days",
			    NULL);
		series_free(t);
	}

	/*
	 * A week later, still in the return phase (16 km reached the old
	 * longest, so it lasts 28 days: to day 63) though its flag is no longer
	 * active: the phase's caps still hold.  Return week 2 (days 43..49):
	 * 0.82 x 1.3 = 1.07 of the old level, so the old level itself: 40 km,
	 * 5 km of it run on day 43: 35 km to day 49, and day 50 of week 3 with
	 * 1/7 of 40 km; 8 km, the longest run before the break.
	 */
	add(s, 43, 5);
	build(s);
	assert_true(s->p.returning);
	assert_int_equal(s->p.return_day, 8);
	assert_true(s->p.km7.set);
	assert_float_equal(s->p.km7.value_m, 35000 + 40000 / 7.0, 1e-6);
	expect_src_return(s, s->p.km7.src);
	assert_true(s->p.longest.set);
	assert_float_equal(s->p.longest.value_m, 8000, 1e-6);
	assert_int_equal(s->p.longest.base, PLAN_BASE_RETURN_LONGEST);
	expect_item(s, "Longest run: at most 8.0 km (the longest run before the break", NULL);
	series_free(s);
}

/*
 * base() then 28 days off (days 26..53) and a careful return: 3 km on days
 * 54, 56 and 58, 3.5 km on day 61.  f = 1 - 28/56 = 0.5; the 7 days from
 * day 62 start in return week 1: each run at most 0.5 x 1.3 x 8 km = 5.2
 * km, the 7 days at most 0.5 x 1.3 x 40 km = 26 km.  Four runs done: hills
 * and speed are no longer barred by the return.
 */
static struct series *careful_return(void)
{
	struct series *s = base();

	add(s, 54, 3);
	add(s, 56, 3);
	add(s, 58, 3);
	add(s, 61, 3.5);
	return s;
}

static void returning_only(void **state)
{
	struct series *s = careful_return();

	(void)state;
	build(s);
	assert_int_equal(s->r.nflags, 0);
	assert_true(s->p.returning);
	assert_int_equal(s->p.return_day, 8);
	assert_int_equal(s->p.break_days, 28);
	assert_string_equal(s->status, "returning: day 8 after 28 days off");
	assert_true(s->p.km7.set);
	/*
	 * return week 2 (days 61..67) allows 0.5 x 1.3 x 40 = 26 km, 3.5 km of
	 * it run on day 61: 22.5 km left to day 67, then day 68 of week 3
	 * (0.5 x 1.69 x 40 = 33.8 km): 22.5 + 33.8 / 7 = 27.33 km
	 */
	assert_float_equal(s->p.km7.value_m, 22500 + 33800 / 7.0, 1e-6);
	assert_int_equal(s->p.km7.base, PLAN_BASE_RETURN_WEEK_LEFT);
	assert_int_equal(s->p.km7.return_week, 1);
	expect_src_return(s, s->p.km7.src);
	/*
	 * the table allows 0.5 x 1.3 x 8 km = 5.2 km in return week 2, but no
	 * run more than 30 % over the longest since the return (3.5 km):
	 * 4.55 km, the stricter (and above the first run's 4 km limit)
	 */
	assert_true(s->p.longest.set);
	assert_float_equal(s->p.longest.value_m, 4550, 1e-6);
	assert_int_equal(s->p.longest.base, PLAN_BASE_RETURN_SINCE);
	expect_src_return(s, s->p.longest.src);
	assert_true(s->p.hills_ok);
	assert_true(s->p.speed_ok);
	expect_item(s, "Distance of the 7 days: at most 27.3 km (22.5 km left of return week "
		    "2's 26.0 km until 2024-03-08, 3.5 km run; then 1 day(s) of week 3's 33.8 km",
		    NULL);
	expect_item(s, "Longest run: at most 4.5 km (1.30 x 3.5 km, the longest run since the "
		    "return", "week 2 of the return", NULL);

	/*
	 * after 3 km runs only: 3.9 km, below the first run's 4 km, so 4 km,
	 * as rules.c judges it (a 5.1 km run would warn), not the table's 5.2
	 */
	s->runs[s->n - 1].s.distance_m = 3000;
	build(s);
	assert_float_equal(s->p.longest.value_m, 4000, 1e-6);
	assert_int_equal(s->p.longest.base, PLAN_BASE_RETURN_FIRST);
	expect_item(s, "Longest run: at most 4.0 km (the first run's limit: 1.30 x the longest "
		    "run since the return is less", NULL);
	s->runs[s->n - 1].s.distance_m = 3500;

	/* the first 3 runs back: no hills, no speed, by the return itself */
	s->n -= 2;
	build(s);
	assert_int_equal(s->p.return_runs, 2);
	assert_false(s->p.hills_ok);
	assert_false(s->p.speed_ok);
	assert_int_equal(s->p.hills_src.kind, PLAN_SRC_RETURN);
	expect_item(s, "Hills: no (the return from 2024-02-24 after 28 days off)", NULL);
	series_free(s);

	/*
	 * one run before the break: nothing to scale from, a return without
	 * limits, which long_run_spike judges: its line, 1.1 x 8 km
	 */
	s = calloc(1, sizeof(*s));
	assert_non_null(s);
	rr_athlete_init(&s->a);
	add(s, 0, 8);
	add(s, 10, 3);
	build(s);
	assert_true(s->p.returning);
	assert_false(s->p.km7.set);
	assert_true(s->p.longest.set);
	assert_int_equal(s->p.longest.src.kind, PLAN_SRC_SPIKE_RULE);
	assert_float_equal(s->p.longest.value_m, 8800, 1e-6);
	assert_true(s->p.hills_ok);
	assert_true(s->p.speed_ok);
	series_free(s);
}

static void returning_in_pain(void **state)
{
	struct series *s = careful_return();

	(void)state;
	/*
	 * 5/10 on day 60, no km at onset: the pain cap is the shortest run of
	 * the 28 days before the episode (days 32..59): 3 km, below the
	 * return's 4.55 km, so the longest run says 3 km and names the pain; the
	 * 7 days keep the return's 26 km.  One cap each, never two.
	 */
	pain(s, 60, 5);
	build(s);
	assert_true(s->p.returning);
	assert_true(s->p.longest.set);
	assert_float_equal(s->p.longest.value_m, 3000, 1e-6);
	assert_int_equal(s->p.longest.base, PLAN_BASE_PAIN_FREE);
	assert_int_equal(s->p.longest.src.kind, PLAN_SRC_PAIN);
	assert_float_equal(s->p.km7.value_m, 22500 + 33800 / 7.0, 1e-6);
	expect_src_return(s, s->p.km7.src);
	assert_int_equal(s->p.hills_src.kind, PLAN_SRC_PAIN);
	expect_item(s, "Longest run: at most 3.0 km", "shortest run", "pain 5/10 on 2024-03-01",
		    "heuristic", NULL);
	assert_int_equal(s->nitems, 4);

	/* km at onset 5: 0.8 x 5 = 4 km, still tighter than the return's 4.55 */
	s->pain[0].km_at_onset = 5;
	build(s);
	assert_float_equal(s->p.longest.value_m, 4000, 1e-6);
	assert_int_equal(s->p.longest.base, PLAN_BASE_PAIN_ONSET);
	expect_item(s, "Longest run: at most 4.0 km (0.80 x 5.0 km", "pain began", NULL);

	/* km at onset 7: 5.6 km, looser: the return's 4.55 km is the one stated */
	s->pain[0].km_at_onset = 7;
	build(s);
	assert_float_equal(s->p.longest.value_m, 4550, 1e-6);
	expect_src_return(s, s->p.longest.src);
	series_free(s);
}

static void pain_onset(void **state)
{
	struct series *s = base();

	(void)state;
	/* training, 5/10 on day 25 after 4.5 km: no run over 0.8 x 4.5 = 3.6 km */
	pain(s, 25, 5);
	s->pain[0].km_at_onset = 4.5;
	build(s);
	assert_false(s->p.returning);
	assert_false(s->p.km7.set);
	assert_true(s->p.longest.set);
	assert_float_equal(s->p.longest.value_m, 3600, 1e-6);
	assert_int_equal(s->p.longest.src.kind, PLAN_SRC_PAIN);
	assert_int_equal(s->p.longest.src.index, 0);
	expect_item(s, "Longest run: at most 3.6 km (0.80 x 4.5 km",
		    "stop well before the km where the pain began", "pain 5/10 on 2024-01-26",
		    "heuristic", NULL);
	expect_item(s, "Distance of the 7 days: no cap.", NULL);

	/* an older entry: pain no longer recent, only the single-run rule's 8.8 km */
	s->pain[0].day = day0() + 10;
	build(s);
	assert_false(s->p.pain_recent);
	assert_float_equal(s->p.longest.value_m, 8800, 1e-6);
	assert_int_equal(s->p.longest.src.kind, PLAN_SRC_SPIKE_RULE);
	series_free(s);
}

/*
 * A careful return still inside its phase after 28 days (no run back to
 * the old longest yet): the status says "returning", as the ACWR sentence
 * does (Carla's last day in the samples: day 30 after 12 days off).
 */
static void return_past_28_days(void **state)
{
	struct series *s = base();
	int d;

	(void)state;
	for (d = 36; d <= 70; d += 2)	/* 10 days off, then 5 km every other day */
		add(s, d, 5);
	build(s);
	assert_int_equal(s->r.nflags, 0);	/* inside every return limit */
	assert_int_equal(s->r.returning_day, 35);
	assert_true(s->p.returning);
	assert_int_equal(s->p.return_day, 35);
	assert_int_equal(s->p.break_days, 10);
	assert_int_equal(s->p.back_day, day0() + 36);
	assert_string_equal(s->status, "returning: day 35 after 10 days off");

	/* back to the old longest (8 km) after day 28: the phase, and the status, end there */
	add(s, 72, 8);
	build(s);
	assert_int_equal(s->r.returning_day, 37);
	assert_true(s->p.returning);
	add(s, 74, 5);
	build(s);
	assert_int_equal(s->r.returning_day, 0);
	assert_false(s->p.returning);
	assert_string_equal(s->status, "training");
	series_free(s);
}

static void overload(void **state)
{
	struct series *s = calloc(1, sizeof(*s));
	int d;

	(void)state;
	assert_non_null(s);
	rr_athlete_init(&s->a);
	for (d = 0; d < 28; d++)
		add(s, d, d < 21 ? 30 : 70);
	build(s);
	/*
	 * acwr note (context): 490 km / (1120 / 4) = 1.75, asking for 1.3 x
	 * 280 = 364 km; weekly_jump note: 490 after 210 km, asking for 1.3 x
	 * 210 = 273 km.  The plan keeps the stricter, once; the warnings
	 * (hill_block, back_to_back on 70 km days) bar hills and speed.
	 */
	assert_true(s->p.km7.set);
	assert_float_equal(s->p.km7.value_m, 273000, 1e-6);
	expect_src_rule(s, s->p.km7.src, RULE_WEEKLY_JUMP);
	assert_int_equal(s->p.level, FLAG_WARN);	/* acwr and weekly_jump are context notes now */
	assert_false(s->p.hills_ok);
	assert_false(s->p.speed_ok);
	expect_src_rule(s, s->p.hills_src, RULE_HILL_BLOCK);
	expect_src_rule(s, s->p.speed_src, RULE_BACK_TO_BACK);
	expect_item(s, "Distance of the 7 days: at most 273.0 km", "1.30 x 210.0 km",
		    "the week before the jump", "weekly_jump note", NULL);
	expect_item(s, "Speed work: no (back_to_back warn", NULL);
	series_free(s);
}

static void single_spike(void **state)
{
	struct series *s = base();

	(void)state;
	/* Wednesday of week 5 (the 30-day window now lies inside the data): 12 km
	 * after a longest of 8: +50 %, warn */
	add(s, 30, 12);
	build(s);
	assert_int_equal(s->p.level, FLAG_WARN);
	assert_false(s->p.km7.set);
	assert_true(s->p.longest.set);
	assert_float_equal(s->p.longest.value_m, 8000 * 1.10, 1e-6);
	expect_src_rule(s, s->p.longest.src, RULE_LONG_RUN_SPIKE);
	assert_true(s->p.hills_ok);
	assert_true(s->p.speed_ok);
	expect_item(s, "Longest run: at most 8.8 km", "1.10 x 8.0 km",
		    "the longest run before the spike", "long_run_spike warn 2024-01-31", NULL);
	series_free(s);
}

static void pain_entry(void **state)
{
	struct series *s = base();
	char buf[512];

	(void)state;
	pain(s, 25, 5);
	build(s);
	/* 5/10 is at or above the 4/10 alert severity: one pain_signal alert */
	assert_int_equal(s->r.nflags, 1);
	assert_int_equal(s->r.flags[0].rule, RULE_PAIN);
	assert_true(s->p.pain);
	assert_true(s->p.pain_recent);
	assert_false(s->p.hills_ok);
	assert_false(s->p.speed_ok);
	assert_int_equal(s->p.hills_src.kind, PLAN_SRC_PAIN);
	assert_int_equal(s->p.speed_src.kind, PLAN_SRC_PAIN);
	assert_false(s->p.km7.set);
	/* the pain cap: the shortest run in the 28 days before it, 8 km */
	assert_true(s->p.longest.set);
	assert_float_equal(s->p.longest.value_m, 8000, 1e-6);
	assert_int_equal(s->p.longest.base, PLAN_BASE_PAIN_FREE);
	assert_string_equal(s->status, "training; pain logged (5/10 on 2024-01-26)");
	expect_item(s, "Hills: no (pain 5/10 on 2024-01-26)", NULL);
	assert_false(s->p.see_professional);

	/* below the severity that stops hills: pain is reported, the plan is not limited */
	s->npain = 0;
	pain(s, 25, PLAN_PAIN_SEVERITY - 1);
	build(s);
	assert_true(s->p.hills_ok);
	assert_true(s->p.speed_ok);
	assert_int_equal(s->p.longest.src.kind, PLAN_SRC_SPIKE_RULE);

	/* three entries a week apart, rising: trend up, more than 7 days: a professional */
	s->npain = 0;
	pain(s, 10, 3);
	pain(s, 17, 3);
	pain(s, 24, 4);
	build(s);
	assert_int_equal(s->p.pain_trend, 1);
	assert_int_equal(s->p.pain_days, 15);
	assert_true(s->p.see_professional);
	plan_pain(buf, sizeof(buf), &s->p, &s->r);
	assert_non_null(strstr(buf, "latest entry 2024-01-25: 4/10, right"));
	assert_non_null(strstr(buf, "worse than the 3/10 of 2024-01-18"));
	assert_non_null(strstr(buf, "see a physiotherapist or a doctor"));

	/* a gap longer than episode_gap_days ends the episode */
	s->npain = 0;
	pain(s, 2, 3);
	pain(s, 24, 2);
	build(s);
	assert_int_equal(s->p.pain_trend, -1);
	assert_int_equal(s->p.pain_days, 1);
	assert_false(s->p.see_professional);
	series_free(s);
}

static void worn_shoe(void **state)
{
	struct series *s = base();

	(void)state;
	s->a.nshoes = 1;
	strcpy(s->a.shoes[0].name, "Pegasus");
	s->a.shoes[0].start_km = 645;	/* 797 km after 19 runs, 805 after the 20th (day 25) */
	s->a.shoes[0].first_use_day = day0();
	build(s);
	assert_int_equal(s->p.nshoes, 1);
	assert_int_equal(s->p.shoes[0], 0);
	expect_src_rule(s, s->p.shoe_src[0], RULE_SHOE_MILEAGE);
	assert_int_equal(s->r.flags[s->p.shoe_src[0].index].level, FLAG_ALERT);
	/* a shoe limits no distance */
	assert_false(s->p.km7.set);
	assert_true(s->p.hills_ok);
	assert_string_equal(s->status, "training; shoe Pegasus to retire");
	expect_item(s, "Shoe Pegasus: retire it (805 km; shoe_mileage alert 2024-01-26)", NULL);

	/* retired in athlete.ini: no km left to show */
	s->a.shoes[0].retire_day = day0() + 20;
	build(s);
	assert_true(shoe_is_retired(&s->r, &s->r.shoes[0]));
	assert_true(isnan(s->r.shoes[0].left_km));
	series_free(s);
}

/* Every rule that restricts something has a row; the plan reads only rows. */
static void rows(void **state)
{
	(void)state;
	assert_int_equal(rule_plan_limits(RULE_MONOTONY), 0);
	assert_true(rule_plan_limits(RULE_ACWR) & (1u << PLAN_KM));
	assert_true(rule_plan_limits(RULE_LONG_RUN_SPIKE) & (1u << PLAN_LONGEST));
	assert_true(rule_plan_limits(RULE_SHOE_MILEAGE) & (1u << PLAN_SHOE));
	assert_int_equal(rule_plan_limits((enum rule_id)RULE_COUNT), 0);
}

static void dump_flags(const struct series *s)
{
	size_t i;

	for (i = 0; i < s->r.nflags; i++)
		print_message("  flag day %d %s %s value %.3f\n",
			      (int)(s->r.flags[i].day - day0()), rule_name(s->r.flags[i].rule),
			      flag_level_name(s->r.flags[i].level), s->r.flags[i].value);
}

/* Warnings and alerts of the volume rules on or after day from. */
static size_t volume_flags_from(const struct series *s, int32_t from)
{
	size_t i, n = 0;

	for (i = 0; i < s->r.nflags; i++) {
		const struct flag *f = &s->r.flags[i];

		if (f->day >= from && f->level >= FLAG_WARN &&
		    (f->rule == RULE_LONG_RUN_SPIKE || f->rule == RULE_LAYOFF_RETURN))
			n++;
	}
	return n;
}

/*
 * The plan is safe by the rules' own numbers: a run as long as the longest
 * -run cap (whole metres, rounded down) on any one of the 7 days, or the
 * 7 days' km run as the plan splits them (each run at most the longest
 * cap; what is left of the return week in progress until its end, then
 * the next week's share), raises no long_run_spike or layoff_return
 * warning.  The runs added are taken away again.
 */
static void plan_holds(struct series *s)
{
	struct week_plan p = s->p;
	size_t n0 = s->n;
	double longest = p.longest.set ? floor(p.longest.value_m) : 1e9;
	int32_t d;

	if (p.longest.set)
		for (d = p.from; d <= p.until; d++) {
			double m = p.early && d <= p.early_until && floor(p.early_m) < longest ?
				   floor(p.early_m) : longest;

			if (m < 1)
				continue;
			add(s, (int)(d - day0()), m / 1000.0);
			build(s);
			if (volume_flags_from(s, p.from)) {
				print_message("a %.0f m run on day %d\n", m, (int)(d - day0()));
				dump_flags(s);
				fail_msg("a run at the plan's longest-run cap raised a flag");
			}
			s->n = n0;
		}
	if (p.km7.set) {
		double first = p.km7.base == PLAN_BASE_RETURN_WEEK_LEFT ?
			       floor(p.km7.week_m - p.km7.used_m) : floor(p.km7.value_m);
		double second = p.km7.base == PLAN_BASE_RETURN_WEEK_LEFT ?
				floor(p.km7.next_m * p.km7.next_days / 7.0) : 0;
		int32_t split = p.km7.base == PLAN_BASE_RETURN_WEEK_LEFT ? p.km7.week_end : p.until;

		if (first < 0)
			first = 0;
		for (d = p.from; d <= p.until; d++) {
			double *left = d <= split ? &first : &second;
			double m = *left < longest ? *left : longest;

			if (m < 1)
				continue;
			add(s, (int)(d - day0()), m / 1000.0);
			*left -= m;
		}
		build(s);
		if (volume_flags_from(s, p.from)) {
			dump_flags(s);
			fail_msg("the plan's 7 days, run as it splits them, raised a flag");
		}
		s->n = n0;
	}
	build(s);
}

/* Every scenario of this file, run at its plan's caps: no volume flag. */
static void plan_is_safe(void **state)
{
	struct series *s;
	int d;

	(void)state;
	s = base();			/* nothing: the single-run rule's line */
	build(s);
	plan_holds(s);
	series_free(s);

	s = base();			/* 10 days off, 16 km back: the return's caps */
	add(s, 36, 16);
	build(s);
	plan_holds(s);
	add(s, 43, 5);			/* a week later */
	build(s);
	plan_holds(s);
	series_free(s);

	s = base();			/* 40 days off, 12 km back: the week is full */
	add(s, 66, 12);
	build(s);
	plan_holds(s);
	series_free(s);

	s = careful_return();		/* the growth over the longest since the return */
	build(s);
	plan_holds(s);
	s->runs[s->n - 1].s.distance_m = 3000;	/* the first run's limit */
	build(s);
	plan_holds(s);
	series_free(s);

	s = base();			/* a return week nearly full: until its end, what is left */
	for (d = 36; d <= 40; d++)
		add(s, d, 6.5);
	build(s);
	assert_true(s->p.early);
	assert_float_equal(s->p.early_m, 40000 * (1 - 10 / 56.0) - 32500, 1e-6);
	assert_int_equal(s->p.early_until, day0() + 42);
	expect_item(s, "Until 2024-02-12 at most 0.3 km (what is left of return week 1).", NULL);
	plan_holds(s);
	series_free(s);

	/*
	 * a return that ends inside the 7 days (return_max_days: day 36 + 83 =
	 * 119): from day 120 long_run_spike judges again, at +10 %: 1.1 x 6 km
	 * (day 117), under the return's 1.3 x 6 km
	 */
	s = base();
	for (d = 36; d <= 115; d += 2)
		add(s, d, 5);
	add(s, 117, 6);
	build(s);
	assert_true(s->p.returning);
	assert_float_equal(s->p.longest.value_m, 6600, 1e-6);
	assert_int_equal(s->p.longest.src.kind, PLAN_SRC_SPIKE_RULE);
	plan_holds(s);
	series_free(s);

	s = base();			/* a single-run spike */
	add(s, 30, 12);
	build(s);
	plan_holds(s);
	series_free(s);

	s = base();			/* a longest run about to leave the window */
	for (d = 28; d <= 58; d += 2)
		add(s, d, d == 30 ? 20 : 10);
	build(s);
	plan_holds(s);
	series_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nothing),
		cmocka_unit_test(return_phase),
		cmocka_unit_test(return_past_28_days),
		cmocka_unit_test(returning_only),
		cmocka_unit_test(returning_in_pain),
		cmocka_unit_test(pain_onset),
		cmocka_unit_test(overload),
		cmocka_unit_test(single_spike),
		cmocka_unit_test(pain_entry),
		cmocka_unit_test(worn_shoe),
		cmocka_unit_test(rows),
		cmocka_unit_test(plan_is_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
