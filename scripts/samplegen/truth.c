/*
 * truth.c - what the samples are supposed to show, written twice (for
 * people: SCENARIO.md; for tests: expected-flags.csv), and a reference
 * implementation of the distance rules that checks the declared events
 * against the generated ground truth.
 *
 * The reference works on true distances (the path the simulated runner
 * ran), per local day.  Its reading of DESIGN.md's rules, which the shipped
 * dates assume:
 *   long_run_spike  run / longest run of the 30 previous days - 1, in
 *                   integer metres: > 10 % warn, > 100 % alert (Frandsen
 *                   2025); needs some earlier run in those 30 days; not
 *                   inside a return phase (a run after 7 days without one,
 *                   with 2 runs in the 28 days before the break: for 28
 *                   days and until a run as long as the longest of those).
 *   weekly_jump     7 days ending that day / the 7 days before - 1 > 30 %:
 *                   context (a note), printed, never declared.
 *   acwr            coupled: 7-day sum / (28-day sum / 4), 28 days of data;
 *                   >= 1.5: context (a note), printed, never declared.
 *   monotony        mean / population sd of 7 daily distances > 2.0 (warn).
 *   shoe_mileage    start_km + km of the shoe's runs: the run day it first
 *                   reaches 500 (warn) and 800 km (alert).
 * The other rules (hill_block, speed_spike, speed_week, back_to_back,
 * layoff_return, pain_signal, shoe_drop_change) are declared by hand; the reference prints their
 * evidence (weekly ascent, fast minutes) but does not judge them.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scripts/samplegen/samplegen.h"

struct ref_flag {
	int32_t day;
	const char *rule;
	int level;		/* 1 note, 2 warn, 3 alert */
	char info[160];
};

static const char *level_name(int l)
{
	return l == 3 ? "alert" : l == 2 ? "warn" : "note";
}

static int level_parse(const char *s)
{
	return !strcmp(s, "alert") ? 3 : !strcmp(s, "warn") ? 2 : !strcmp(s, "note") ? 1 : 0;
}

static bool rule_checked(const char *rule)
{
	static const char *const checked[] = {
		"long_run_spike", "weekly_jump", "acwr", "monotony", "shoe_mileage",
	};

	for (size_t i = 0; i < sizeof checked / sizeof checked[0]; i++)
		if (!strcmp(rule, checked[i]))
			return true;
	return false;
}

struct ref {
	int32_t first, ndays;
	double *day_m;		/* distance per local day */
	double *long_m;		/* longest run per day */
	double *asc_m, *fast_s;
	struct ref_flag flags[64];
	size_t nflags;
	double near[8];		/* closest call below threshold per rule */
	int32_t near_day[8];
	bool verbose;
};

static void ref_add(struct ref *rf, int32_t day, const char *rule, int level, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void ref_add(struct ref *rf, int32_t day, const char *rule, int level, const char *fmt, ...)
{
	va_list ap;
	struct ref_flag *f;

	if (rf->nflags == sizeof rf->flags / sizeof rf->flags[0])
		die("reference: too many flags");
	f = &rf->flags[rf->nflags++];
	f->day = day;
	f->rule = rule;
	f->level = level;
	va_start(ap, fmt);
	vsnprintf(f->info, sizeof f->info, fmt, ap);
	va_end(ap);
}

static double window_sum(const double *v, int32_t end, int len)
{
	double s = 0;

	for (int32_t i = end - len + 1; i <= end; i++)
		s += v[i];
	return s;
}

/* Is day d inside a return phase (see the top of this file)? */
static bool ref_returning(const struct ref *rf, int32_t d)
{
	for (int32_t b = d; b >= 0 && b > d - 366; b--) {
		int32_t p = b - 1, runs = 0;
		long longest = 0;

		if (lround(rf->long_m[b]) == 0)
			continue;
		while (p >= 0 && lround(rf->long_m[p]) == 0)
			p--;
		if (p < 0 || b - p - 1 < 7)
			continue;
		for (int32_t k = p - 27 > 0 ? p - 27 : 0; k <= p; k++)
			if (lround(rf->long_m[k]) > 0) {
				runs++;
				if (lround(rf->long_m[k]) > longest)
					longest = lround(rf->long_m[k]);
			}
		if (runs < 2)
			return false;
		if (d <= b + 27)
			return true;
		for (int32_t k = b; k < d; k++)
			if (lround(rf->long_m[k]) >= longest)
				return false;	/* the phase ended at that run */
		return true;
	}
	return false;
}

static void ref_long_runs(struct ref *rf)
{
	for (int32_t d = 0; d < rf->ndays; d++) {
		long run = lround(rf->long_m[d]), prev = 0;

		if (run == 0 || ref_returning(rf, d))
			continue;
		for (int32_t k = d - 30 > 0 ? d - 30 : 0; k < d; k++)
			if (lround(rf->long_m[k]) > prev)
				prev = lround(rf->long_m[k]);
		if (prev == 0)
			continue;
		int level = run * 100 > prev * 200 ? 3 : run * 100 > prev * 110 ? 2 : 0;
		double ratio = (double)run / (double)prev - 1;

		if (level)
			ref_add(rf, rf->first + d, "long_run_spike", level,
				"%.1f km vs %.1f km (%+.0f %%)", run / 1000.0, prev / 1000.0, 100 * ratio);
		else if (ratio > rf->near[0]) {
			rf->near[0] = ratio;
			rf->near_day[0] = rf->first + d;
		}
	}
}

/*
 * Episode bookkeeping for rules that hold over several days: a flag on the
 * first day of an episode and whenever the level rises within it; an
 * episode ends after 7 days without the condition.
 */
struct episode {
	int32_t last_day;	/* last day the condition held; < 0: none yet */
	int top;		/* highest level raised in this episode */
};

static bool episode_raise(struct episode *e, int32_t d, int level)
{
	bool raise;

	if (!level)
		return false;
	if (e->last_day < 0 || d - e->last_day > 7)
		e->top = 0;
	raise = level > e->top;
	if (raise)
		e->top = level;
	e->last_day = d;
	return raise;
}

static void ref_weekly(struct ref *rf)
{
	struct episode ep = { -1, 0 };

	for (int32_t d = 13; d < rf->ndays; d++) {
		double a = window_sum(rf->day_m, d, 7), p = window_sum(rf->day_m, d - 7, 7);
		bool hit = p > 0 && a > 1.3 * p;

		if (rf->verbose && p > 0 && a / p > 1.15) {
			char ds[11];

			day_format(rf->first + d, ds);
			fprintf(stderr, "    weekly %s %+.0f %%\n", ds, 100 * (a / p - 1));
		}

		if (episode_raise(&ep, d, hit ? 1 : 0))
			ref_add(rf, rf->first + d, "weekly_jump", 1, "%.1f km vs %.1f km (%+.0f %%)",
				a / 1000, p / 1000, 100 * (a / p - 1));
		if (!hit && p > 0 && a / p - 1 > rf->near[1]) {
			rf->near[1] = a / p - 1;
			rf->near_day[1] = rf->first + d;
		}
	}
}

static void ref_acwr(struct ref *rf)
{
	struct episode ep = { -1, 0 };

	for (int32_t d = 27; d < rf->ndays; d++) {
		double a = window_sum(rf->day_m, d, 7), c = window_sum(rf->day_m, d, 28) / 4;
		double x = c > 0 ? a / c : 0;
		int level = x >= 1.5 ? 1 : 0;	/* context: a note */

		if (rf->verbose && x > 1.1) {
			char ds[11];

			day_format(rf->first + d, ds);
			fprintf(stderr, "    acwr %s %.2f\n", ds, x);
		}
		if (episode_raise(&ep, d, level))
			ref_add(rf, rf->first + d, "acwr", level, "7 d %.1f km / 28 d mean %.1f km = %.2f",
				a / 1000, c / 1000, x);
		if (level != 3 && fabs(x - 1.3) < 0.07) {
			rf->near[2] = x;
			rf->near_day[2] = rf->first + d;
		}
		if (level == 2 && fabs(x - 1.5) < 0.07) {
			rf->near[4] = x;
			rf->near_day[4] = rf->first + d;
		}
	}
}

static void ref_monotony(struct ref *rf)
{
	for (int32_t d = 6; d < rf->ndays; d++) {
		double mean = window_sum(rf->day_m, d, 7) / 7, ss = 0;

		for (int32_t k = d - 6; k <= d; k++)
			ss += (rf->day_m[k] - mean) * (rf->day_m[k] - mean);
		double sd = sqrt(ss / 7);

		if (sd <= 0)
			continue;
		if (mean / sd > 2.0)
			ref_add(rf, rf->first + d, "monotony", 2, "monotony %.2f", mean / sd);
		else if (mean / sd > rf->near[3]) {
			rf->near[3] = mean / sd;
			rf->near_day[3] = rf->first + d;
		}
	}
}

static void ref_shoes(struct ref *rf, const struct athlete_def *a)
{
	for (size_t s = 0; s < a->nshoes; s++) {
		double km = a->shoes[s].start_km;
		int level = km >= 800 ? 3 : km >= 500 ? 2 : 0;

		for (size_t i = 0; i < a->nruns; i++) {
			if (a->runs[i].shoe != (int)s)
				continue;
			km += a->runs[i].trk.true_dist_m / 1000;
			int now = km >= 800 ? 3 : km >= 500 ? 2 : 0;

			if (now > level)
				ref_add(rf, a->runs[i].day, "shoe_mileage", now, "%s %.1f km after %.1f km run",
					a->shoes[s].name, km, a->runs[i].trk.true_dist_m / 1000);
			level = now;
		}
	}
}

static void ref_build(struct ref *rf, const struct athlete_def *a, bool verbose)
{
	memset(rf, 0, sizeof *rf);
	rf->verbose = verbose;
	rf->first = athlete_week0(a);
	rf->ndays = day_parse(PLAN_LAST_DAY) - rf->first + 1;
	rf->day_m = calloc((size_t)rf->ndays, sizeof(double));
	rf->long_m = calloc((size_t)rf->ndays, sizeof(double));
	rf->asc_m = calloc((size_t)rf->ndays, sizeof(double));
	rf->fast_s = calloc((size_t)rf->ndays, sizeof(double));
	if (!rf->day_m || !rf->long_m || !rf->asc_m || !rf->fast_s)
		die("out of memory");
	for (size_t i = 0; i < a->nruns; i++) {
		const struct plan_run *pr = &a->runs[i];
		int32_t d = pr->day - rf->first;

		if (d < 0 || d >= rf->ndays)
			die("%s: run outside the plan's dates", a->dir);
		rf->day_m[d] += pr->trk.true_dist_m;
		rf->long_m[d] = fmax(rf->long_m[d], pr->trk.true_dist_m);
		rf->asc_m[d] += pr->trk.true_ascent_m;
		rf->fast_s[d] += pr->trk.fast_s;
	}
	ref_long_runs(rf);
	ref_weekly(rf);
	ref_acwr(rf);
	ref_monotony(rf);
	ref_shoes(rf, a);
}

static void ref_release(struct ref *rf)
{
	free(rf->day_m);
	free(rf->long_m);
	free(rf->asc_m);
	free(rf->fast_s);
}

static void ref_print_evidence(const struct ref *rf)
{
	fprintf(stderr, "  week       km   ascent_m  fast_min\n");
	for (int32_t w = 0; w * 7 < rf->ndays; w++) {
		double km = 0, asc = 0, fast = 0;
		char d[11];

		for (int32_t k = w * 7; k < w * 7 + 7 && k < rf->ndays; k++) {
			km += rf->day_m[k] / 1000;
			asc += rf->asc_m[k];
			fast += rf->fast_s[k] / 60;
		}
		day_format(rf->first + w * 7, d);
		fprintf(stderr, "  %s %5.1f %8.0f %8.1f\n", d, km, asc, fast);
	}
}

int truth_check(struct athlete_def *a, bool verbose)
{
	struct ref rf;
	int bad = 0;

	ref_build(&rf, a, verbose);
	if (verbose) {
		fprintf(stderr, "%s: reference flags\n", a->dir);
		for (size_t i = 0; i < rf.nflags; i++) {
			char d[11];

			day_format(rf.flags[i].day, d);
			fprintf(stderr, "  %s %-15s %-5s %s\n", d, rf.flags[i].rule,
				level_name(rf.flags[i].level), rf.flags[i].info);
		}
		char d0[11], d1[11], d2[11], d3[11], d4[11];

		day_format(rf.near_day[0], d0);
		day_format(rf.near_day[1], d1);
		day_format(rf.near_day[2], d2);
		day_format(rf.near_day[3], d3);
		day_format(rf.near_day[4], d4);
		fprintf(stderr, "  closest calls: long run %+.0f %% (%s), weekly %+.0f %% (%s), monotony %.2f (%s)\n"
			"  acwr within 0.07 of 1.3: %.2f (%s), of 1.5: %.2f (%s)\n",
			100 * rf.near[0], d0, 100 * rf.near[1], d1, rf.near[3], d3, rf.near[2], d2,
			rf.near[4], d4);
		ref_print_evidence(&rf);
	}
	/* every reference flag at warn or alert is declared ... */
	for (size_t i = 0; i < rf.nflags; i++) {
		bool found = false;
		char d[11];

		if (rf.flags[i].level < 2)
			continue;	/* context notes are not events */
		day_format(rf.flags[i].day, d);
		for (size_t e = 0; e < a->nevents; e++) {
			const struct event *ev = &a->events[e];

			if (ev->rule && !strcmp(ev->rule, rf.flags[i].rule) && !strcmp(ev->date, d) &&
			    level_parse(ev->level) == rf.flags[i].level)
				found = true;
		}
		if (!found) {
			fprintf(stderr, "samplegen: %s: undeclared %s %s on %s (%s)\n", a->dir,
				rf.flags[i].rule, level_name(rf.flags[i].level), d, rf.flags[i].info);
			bad++;
		}
	}
	/* ... and every declared event of a checked rule happens */
	for (size_t e = 0; e < a->nevents; e++) {
		struct event *ev = &a->events[e];
		bool found = false;

		if (!ev->rule || !rule_checked(ev->rule))
			continue;
		for (size_t i = 0; i < rf.nflags; i++) {
			char d[11];

			day_format(rf.flags[i].day, d);
			if (!strcmp(ev->rule, rf.flags[i].rule) && !strcmp(ev->date, d) &&
			    level_parse(ev->level) == rf.flags[i].level) {
				found = true;
				snprintf(ev->evidence, sizeof ev->evidence, "%s", rf.flags[i].info);
			}
		}
		if (!found) {
			fprintf(stderr, "samplegen: %s: declared %s %s on %s does not happen\n", a->dir,
				ev->rule, ev->level, ev->date);
			bad++;
		}
	}
	ref_release(&rf);
	return bad;
}

static void csv_field(struct sbuf *b, const char *s)
{
	if (!strpbrk(s, ",\"\n")) {
		sbuf_puts(b, s);
		return;
	}
	sbuf_puts(b, "\"");
	for (; *s; s++) {
		if (*s == '"')
			sbuf_puts(b, "\"");
		sbuf_add(b, s, 1);
	}
	sbuf_puts(b, "\"");
}

static int event_cmp(const void *x, const void *y)
{
	const struct event *a = *(const struct event *const *)x, *b = *(const struct event *const *)y;
	int c = strcmp(a->date, b->date);

	if (c)
		return c;
	if (!a->rule || !b->rule)
		return (a->rule == NULL) - (b->rule == NULL);
	return strcmp(a->rule, b->rule);
}

static size_t sorted_events(const struct athlete_def *a, const struct event **out)
{
	size_t n = a->nevents;

	for (size_t i = 0; i < n; i++)
		out[i] = &a->events[i];
	qsort(out, n, sizeof out[0], event_cmp);
	return n;
}

void truth_write_expected(struct sbuf *csv, const struct athlete_def *a)
{
	const struct event *ev[MAX_EVENTS];
	size_t n = sorted_events(a, ev);

	for (size_t i = 0; i < n; i++) {
		if (!ev[i]->rule)
			continue;
		sbuf_printf(csv, "%s,%s,%s,%s,", a->dir, ev[i]->date, ev[i]->rule, ev[i]->level);
		csv_field(csv, ev[i]->note);
		sbuf_puts(csv, "\n");
	}
}

static const char *const weekday_names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

static void scenario_athlete(struct sbuf *md, const struct athlete_def *a)
{
	const struct event *ev[MAX_EVENTS];
	size_t n = sorted_events(a, ev);
	double km = 0;

	char first[11];

	for (size_t i = 0; i < a->nruns; i++)
		km += a->runs[i].trk.true_dist_m / 1000;
	day_format(a->nruns ? a->runs[0].day : athlete_week0(a), first);
	sbuf_printf(md, "## %s (`samples/%s/`)\n\n%s\n\n", a->name, a->dir, a->summary);
	sbuf_printf(md, "%zu runs, %.0f km from %s to %s; time zone %s.\n\n", a->nruns, km,
		    first, PLAN_LAST_DAY, a->zone.name);
	sbuf_puts(md, "| shoe | heel drop | km at the first run | first use | retired |\n"
		  "|---|---|---|---|---|\n");
	for (size_t s = 0; s < a->nshoes; s++) {
		const struct shoe_def *sh = &a->shoes[s];

		if (sh->keyword[0])
			sbuf_printf(md, "| %s (keyword `%s`)", sh->name, sh->keyword);
		else
			sbuf_printf(md, "| %s (by date)", sh->name);
		sbuf_printf(md, " | %.0f mm | %.0f | %s | %s |\n", sh->drop_mm, sh->start_km,
			    sh->first_use[0] ? sh->first_use : "-", sh->retire[0] ? sh->retire : "-");
	}
	sbuf_puts(md, "\n### What happens, in order\n\n");
	for (size_t i = 0; i < n; i++) {
		bool same = i > 0 && !strcmp(ev[i]->date, ev[i - 1]->date);
		int32_t d = day_parse(ev[i]->date);

		if (!same)
			sbuf_printf(md, "- **%s %s**", weekday_names[weekday_mon0(d)], ev[i]->date);
		else
			sbuf_puts(md, "  ");
		if (ev[i]->story && ev[i]->story[0])
			sbuf_printf(md, " %s", ev[i]->story);
		if (ev[i]->rule && ev[i]->evidence[0])
			sbuf_printf(md, " *Expected flag: `%s` %s (true distances: %s).*", ev[i]->rule,
				    ev[i]->level, ev[i]->evidence);
		else if (ev[i]->rule)
			sbuf_printf(md, " *Expected flag: `%s` %s.*", ev[i]->rule, ev[i]->level);
		sbuf_puts(md, "\n");
	}
	sbuf_puts(md, "\n");
}

void truth_write_scenario(struct sbuf *md, const struct athlete_def *const *as, size_t n, uint64_t seed)
{
	int32_t day0 = day_parse(PLAN_FIRST_DAY);
	char first[11];

	for (size_t i = 0; i < n; i++)
		if (as[i]->nruns && as[i]->runs[0].day < day0)
			day0 = as[i]->runs[0].day;
	day_format(day0, first);
	sbuf_printf(md,
		"# The sample athletes\n\n"
		"Everything under `samples/` is made up: `build/samplegen` (sources in "
		"`scripts/samplegen/`, seed %llu) simulated %zu runners from %s to %s and wrote "
		"their watch exports the way Strava, Garmin Connect and a phone app would. "
		"`make samples` regenerates the folder byte for byte. The runs are realistic on "
		"purpose (pace and heart rate follow the terrain and the workout, GPS wanders by a "
		"few metres, the watch pauses at traffic lights), and the risky moments below were "
		"put there on purpose, on known dates. `expected-flags.csv` lists the flag each "
		"one should raise (rule, local date, level); `MANIFEST.csv` lists every file with "
		"its date, distance and climb. Dates are the athlete's local dates.\n\n"
		"Outside these events the training is kept steady, so that a correct analysis "
		"raises nothing else at warn or alert level.\n\n",
		(unsigned long long)seed, n, first, PLAN_LAST_DAY);
	for (size_t i = 0; i < n; i++)
		scenario_athlete(md, as[i]);
}
