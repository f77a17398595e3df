/*
 * rule_words.c - the words of each rule, in one table indexed by enum
 * rule_id: the only render/ file that names a rule.  Shared by report.txt,
 * the HTML pages, flags.csv and the charts so that they say the same thing.
 * doc/report.md "How to read each flag" is the long form of these
 * sentences; change both together.
 *
 * Evidence sentences are assembled with %s only: every number goes through
 * rr_format_double() first, so the text never depends on the C locale.
 */
#include "render/rule_words.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "analysis/rule_table.h"
#include "core/num.h"
#include "core/timeutil.h"
#include "render/facts.h"

/* ---- building a sentence ---- */

struct ev {
	char *out;
	size_t size, len;
	char num[16][48];
	unsigned ni;
};

static void ev_init(struct ev *e, char *buf, size_t size)
{
	e->out = buf;
	e->size = size;
	e->len = 0;
	e->ni = 0;
	if (size)
		buf[0] = '\0';
}

static void ev_add(struct ev *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ev_add(struct ev *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!e->out || e->len + 1 >= e->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(e->out + e->len, e->size - e->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		e->len = e->len + (size_t)n < e->size ? e->len + (size_t)n : e->size - 1;
}

static char *ev_slot(struct ev *e)
{
	return e->num[e->ni++ % (sizeof(e->num) / sizeof(e->num[0]))];
}

static const char *N(struct ev *e, double v, int decimals)
{
	char *b = ev_slot(e);

	if (!isfinite(v)) {
		strcpy(b, "?");
		return b;
	}
	return rr_format_double(b, 48, v, decimals);
}

static const char *KM(struct ev *e, double m)
{
	return N(e, m / 1000.0, 1);
}

/* A ratio minus 1 as a whole percentage. */
static const char *PCT(struct ev *e, double frac)
{
	return N(e, frac * 100.0, 0);
}

static const char *D(struct ev *e, int32_t day)
{
	return rr_format_date(ev_slot(e), 48, day);
}

static const char *MIN(struct ev *e, double s)
{
	return N(e, s / 60.0, 0);
}

static const char *SRC(const struct flag *f)
{
	return rule_def(f->rule)->source;
}

static double P(const struct athlete_result *r, enum rule_param k)
{
	return r->params.v[k];
}

/* ---- thresholds in texts ---- */

char *thresholds_fill(char *buf, size_t size, const struct athlete_result *r, const char *text)
{
	struct ev e;
	const char *p = text;

	ev_init(&e, buf, size);
	while (*p) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		char key[64];
		bool pct;
		size_t n;
		int k;

		if (!close) {
			n = strcspn(p + 1, "{") + 1;
			ev_add(&e, "%.*s", (int)n, p);
			p += n;
			continue;
		}
		pct = p[1] == '%';
		n = (size_t)(close - p) - 1 - pct;
		snprintf(key, sizeof(key), "%.*s", (int)n, p + 1 + pct);
		k = rule_param_lookup(key);
		if (k < 0 && !strcmp(key, "acwr_usual_low"))
			ev_add(&e, "%s", N(&e, r->zones.usual_low, 2));
		else if (k < 0)
			ev_add(&e, "%.*s", (int)(close - p) + 1, p);	/* not ours: as written */
		else
			ev_add(&e, "%s", N(&e, pct ? P(r, (enum rule_param)k) * 100 :
					   P(r, (enum rule_param)k), 2));
		p = close + 1;
	}
	return buf;
}

/* ---- the measured value ---- */

/* The fraction rules: value and threshold are fractions over a reference. */
static void measure_frac(char *buf, size_t size, const struct flag *f, const char *what)
{
	char v[48], t[48];
	double scale = 100;
	int dec = 0;

	fmt_fixed(t, sizeof(t), f->threshold * 100, 0);
	/*
	 * Whole percent, unless that would print the value as the threshold
	 * ("+10 % (note above +10 %)" for 10.01 %): then as many decimals as
	 * tell them apart, up to three.
	 */
	while (dec < 3 && isfinite(f->value) && isfinite(f->threshold) &&
	       llround(f->value * scale) <= llround(f->threshold * scale)) {
		dec++;
		scale *= 10;
	}
	if (isfinite(f->value))
		snprintf(buf, size, "%s +%s %% (%s above +%s %%)", what,
			 fmt_fixed(v, sizeof(v), f->value * 100, dec),
			 flag_level_name(f->level), t);
	else
		snprintf(buf, size, "%s new (%s above +%s %%)", what, flag_level_name(f->level), t);
}

/* "ratio 1.80 (alert from 1.50)": a warning is above its threshold, an alert from it. */
static void measure_ratio(char *buf, size_t size, const struct flag *f, const char *what)
{
	char v[48], t[48];

	snprintf(buf, size, "%s %s (%s %s %s)", what, fmt_fixed(v, sizeof(v), f->value, 2),
		 flag_level_name(f->level), f->level == FLAG_ALERT ? "from" : "above",
		 fmt_fixed(t, sizeof(t), f->threshold, 2));
}

/* ---- long_run_spike ---- */

static void evidence_long(char *buf, size_t size, const struct athlete_result *r,
			  const struct flag *f)
{
	const struct ev_spike *s = &f->ev.u.spike;
	struct ev e;

	ev_init(&e, buf, size);
	if (f->ev.kind == EVK_SPIKE_DISTANCE) {
		ev_add(&e, "%s km on %s is %s %% longer than the longest run of the "
		       "previous %d days (%s km on %s): above %s %% (%s).",
		       KM(&e, s->cur), D(&e, f->day), PCT(&e, f->value), s->window_days,
		       KM(&e, s->ref), D(&e, s->ref_day), PCT(&e, f->threshold), SRC(f));
		if (s->other_shown)
			ev_add(&e, " Moving time %s min vs %s min (+%s %%).",
			       MIN(&e, s->other_cur), MIN(&e, s->other_ref),
			       PCT(&e, s->other_frac));
		return;
	}
	ev_add(&e, "The run on %s lasted %s min, %s %% longer than the longest "
	       "of the previous %d days (%s min on %s): above %s %% "
	       "(duration: heuristic, after %s). Distance %s km vs %s km (%s%s %%).",
	       D(&e, f->day), MIN(&e, s->cur), PCT(&e, f->value), s->window_days,
	       MIN(&e, s->ref), D(&e, s->ref_day), PCT(&e, f->threshold), SRC(f),
	       KM(&e, s->other_cur), KM(&e, s->other_ref), s->other_frac >= 0 ? "+" : "",
	       PCT(&e, s->other_frac));
}

/* ---- climb_spike, speed_spike ---- */

/* The athlete's late_km the flag was raised with (a flag made without one: the default). */
static unsigned late_km_of(const struct ev_spike *s)
{
	return s->late_km ? s->late_km : RR_LATE_KM_DEFAULT;
}

static void evidence_quantity(char *buf, size_t size, const struct athlete_result *r,
			      const struct flag *f)
{
	const struct ev_spike *s = &f->ev.u.spike;
	struct ev e;

	ev_init(&e, buf, size);
	if (f->ev.kind == EVK_SPIKE_CLIMB) {
		ev_add(&e, "%s m of climbing on %s", N(&e, s->cur, 0), D(&e, f->day));
		/* where in the run: the hill evidence says whether it came late */
		if (isfinite(s->other_cur) && isfinite(s->other_ref))
			ev_add(&e, " (%s m of it after %u km, %s m after 60 %% of the run)",
			       N(&e, s->other_cur, 0), late_km_of(s), N(&e, s->other_ref, 0));
		ev_add(&e, " vs at most %s m in the previous %d days (%s): ", N(&e, s->ref, 0),
		       s->window_days, D(&e, s->ref_day));
	}
	else if (f->ev.kind == EVK_SPIKE_LATE_CLIMB)
		ev_add(&e, "%s m of climbing after the first %u km on %s (%s m after 60 %% of "
		       "the run, of %s m in all) vs at most %s m after %u km in the previous %d "
		       "days (%s): ", N(&e, s->cur, 0), late_km_of(s), D(&e, f->day),
		       N(&e, s->other_ref, 0), N(&e, s->other_frac, 0), N(&e, s->ref, 0),
		       late_km_of(s), s->window_days, D(&e, s->ref_day));
	else
		ev_add(&e, "%s min at or faster than the fast pace on %s vs at most "
		       "%s min in the previous %d days (%s): ", MIN(&e, s->cur), D(&e, f->day),
		       MIN(&e, s->ref), s->window_days, D(&e, s->ref_day));
	if (s->ref > 0)
		ev_add(&e, "+%s %%, above %s %% (%s).", PCT(&e, f->value), PCT(&e, f->threshold),
		       SRC(f));
	else
		ev_add(&e, "none before, above %s %% (%s).", PCT(&e, f->threshold), SRC(f));
}

/* ---- weekly_jump ---- */

static void evidence_week(char *buf, size_t size, const struct athlete_result *r,
			  const struct flag *f)
{
	const struct ev_week *w = &f->ev.u.week;
	struct ev e;

	bool mean = isfinite(w->mean4_m) && llround(w->mean4_m) > llround(w->week_before_m);

	ev_init(&e, buf, size);
	ev_add(&e, "The week of %s (Monday to Sunday) %s %s km%s%s, %s %% more than the "
	       "%s km of %s%s: above %s %% (%s). Context, not a warning: Frandsen 2025 "
	       "found no association for the week-to-week ratio.",
	       D(&e, w->week_start), w->complete ? "totalled" : "reached", KM(&e, w->cur_m),
	       w->complete ? "" : " by ", w->complete ? "" : D(&e, f->day), PCT(&e, f->value),
	       KM(&e, w->prev_m), mean ? "the mean of the 4 weeks before" : "the week of ",
	       mean ? "" : D(&e, w->prev_start), PCT(&e, f->threshold), SRC(f));
}

/* ---- acwr ---- */

static void evidence_acwr(char *buf, size_t size, const struct athlete_result *r,
			  const struct flag *f)
{
	const struct ev_ratio *a = &f->ev.u.ratio;
	struct ev e;

	ev_init(&e, buf, size);
	ev_add(&e, "7-day distance %s km (%s..%s) vs a weekly mean of %s km over 28 days "
	       "(%s..%s): ACWR %s (coupled), %s %s (%s). Uncoupled %s, EWMA %s",
	       KM(&e, a->acute), D(&e, a->acute_from), D(&e, f->day),
	       KM(&e, a->chronic_week), D(&e, a->chronic_from), D(&e, f->day),
	       N(&e, f->value, 2), ">=", N(&e, f->threshold, 2),
	       SRC(f), N(&e, a->uncoupled, 2), N(&e, a->ewma, 2));
	if (isfinite(a->calf_coupled))
		ev_add(&e, "; calf load coupled %s, EWMA %s", N(&e, a->calf_coupled, 2),
		       N(&e, a->calf_ewma, 2));
	ev_add(&e, ". Context, not a warning: in runners Frandsen 2025 found a negative "
	       "dose-response for this ratio.");
}

/* ---- repeated_breakdown ---- */

static void measure_cycle(char *buf, size_t size, const struct flag *f, const char *what)
{
	(void)what;
	snprintf(buf, size, "%u breakdowns in %d days", f->ev.u.cycle.count,
		 f->ev.u.cycle.window_days);
}

/* "too much volume; hills" for enum cycle_common bits, or empty. */
static void cycle_traits(struct ev *e, unsigned bits)
{
	static const struct { unsigned bit; const char *words; } t[] = {
		{ CYCLE_VOLUME, "too much volume for the return limits" },
		{ CYCLE_HILLS, "hills in the first runs" },
		{ CYCLE_SPEED, "speed in the first runs" },
		{ CYCLE_SOFT, "soft ground or trail in the first runs" },
	};
	const char *sep = "";
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (bits & t[i].bit) {
			ev_add(e, "%s%s", sep, t[i].words);
			sep = "; ";
		}
}

static void evidence_cycle(char *buf, size_t size, const struct athlete_result *r,
			   const struct flag *f)
{
	const struct ev_cycle *c = &f->ev.u.cycle;
	struct ev e;
	unsigned i;

	ev_init(&e, buf, size);
	ev_add(&e, "Back on %s after %s breaks of %s days or more in %s days, each after a "
	       "return (newest first):", D(&e, f->day), N(&e, c->count, 0),
	       N(&e, P(r, RP_CYCLE_BREAK_DAYS), 0), N(&e, c->window_days, 0));
	for (i = 0; i < c->n; i++) {
		ev_add(&e, "%s back %s, %s km run", i ? ";" : "", D(&e, c->c[i].back_day),
		       N(&e, c->c[i].km_since, 0));
		if (c->c[i].traits) {
			ev_add(&e, " (");
			cycle_traits(&e, c->c[i].traits);
			ev_add(&e, ")");
		}
		ev_add(&e, ", then no running %s..%s", D(&e, c->c[i].break_from),
		       D(&e, c->c[i].break_to));
	}
	ev_add(&e, ". In common: ");
	if (c->common)
		cycle_traits(&e, c->common);
	else
		ev_add(&e, "nothing the return limits see (volume, hills, speed, surface)");
	ev_add(&e, " (%s).", SRC(f));
}

/* ---- speed_week ---- */

static void evidence_speed_week(char *buf, size_t size, const struct athlete_result *r,
				const struct flag *f)
{
	const struct ev_ratio *a = &f->ev.u.ratio;
	struct ev e;

	ev_init(&e, buf, size);
	ev_add(&e, "%s min at or faster than threshold pace in the 7 days %s..%s vs a weekly "
	       "mean of %s min over the 4 weeks %s..%s (taken as at least %s min): "
	       "%s x, above %s x (%s).",
	       MIN(&e, a->acute), D(&e, a->acute_from), D(&e, f->day), MIN(&e, a->chronic_week),
	       D(&e, a->chronic_from), D(&e, a->acute_from - 1),
	       MIN(&e, P(r, RP_SPEED_WEEK_MIN_REF_S)), N(&e, f->value, 2),
	       N(&e, f->threshold, 2), SRC(f));
}

/* ---- soft_surface ---- */

static void evidence_soft(char *buf, size_t size, const struct athlete_result *r,
			  const struct flag *f)
{
	const struct ev_ratio *a = &f->ev.u.ratio;
	struct ev e;

	ev_init(&e, buf, size);
	ev_add(&e, "%s km on soft ground or trail (by sport and name: sand, beach, mud, "
	       "snow, grass, trail) in the 7 days %s..%s vs a weekly mean of %s km over the 4 "
	       "weeks %s..%s (taken as at least %s km): %s x, above %s x (%s).",
	       KM(&e, a->acute), D(&e, a->acute_from), D(&e, f->day), KM(&e, a->chronic_week),
	       D(&e, a->chronic_from), D(&e, a->acute_from - 1),
	       N(&e, P(r, RP_SOFT_MIN_REF_KM), 0), N(&e, f->value, 2), N(&e, f->threshold, 2),
	       SRC(f));
}

/* ---- pain ---- */

static void measure_pain(char *buf, size_t size, const struct flag *f, const char *what)
{
	const struct ev_pain *p = &f->ev.u.pain;
	char v[48];

	(void)what;
	if (f->ev.kind == EVK_PAIN_ONSET)
		snprintf(buf, size, "run past the %s km where the pain began",
			 fmt_fixed(v, sizeof(v), p->km_at_onset, 1));
	else if (f->ev.kind == EVK_PAIN_HARD)
		snprintf(buf, size, "hard run %d day%s after pain %d/10",
			 (int)(p->run_day - p->day), p->run_day - p->day == 1 ? "" : "s",
			 p->severity);
	else if (f->ev.kind == EVK_PAIN_RISING)
		snprintf(buf, size, "pain %d/10, up from %d/10", p->severity, p->prev_severity);
	else
		snprintf(buf, size, "pain %d/10 (alert from %d/10)", p->severity, p->threshold);
}

/* ---- "hilly" for this athlete (analysis/run_entry.h) ---- */

/*
 * "40 m/km, above 37.5 = 1.5 x the usual 25 m/km" or "21.2 m/km, above
 * the 12 m/km floor (usual 1.8 m/km)": short, as a hard-day sentence may
 * hold two of them.
 */
static void hilly_line(struct ev *e, const struct athlete_result *r, const struct ev_hilly *h)
{
	if (h->limit_m_per_km > P(r, RP_HILLY_RUN_M_PER_KM))
		ev_add(e, "%s m/km, above %s = %s x the usual %s m/km", N(e, h->climb_m_per_km, 1),
		       N(e, h->limit_m_per_km, 1), N(e, P(r, RP_HILLY_USUAL_RATIO), 1),
		       N(e, h->usual_m_per_km, 1));
	else
		ev_add(e, "%s m/km, above the %s m/km floor (usual %s m/km)",
		       N(e, h->climb_m_per_km, 1), N(e, h->limit_m_per_km, 1),
		       N(e, h->usual_m_per_km, 1));
}

/* The definition every hard-day sentence ends with. */
static void hilly_definition(struct ev *e, const struct athlete_result *r)
{
	ev_add(e, "hilly = >= %s m up and > max(%s m/km, %s x the median m/km of the %s days "
	       "before)", N(e, P(r, RP_HILLY_RUN_M), 0), N(e, P(r, RP_HILLY_RUN_M_PER_KM), 0),
	       N(e, P(r, RP_HILLY_USUAL_RATIO), 1), N(e, P(r, RP_HILLY_USUAL_DAYS), 0));
}

static void evidence_pain(char *buf, size_t size, const struct athlete_result *r,
			  const struct flag *f)
{
	const struct ev_pain *p = &f->ev.u.pain;
	struct ev e;

	ev_init(&e, buf, size);
	switch (f->ev.kind) {
	case EVK_PAIN_RISING:
		ev_add(&e, "Pain diary: %s/10 on %s, up from %s/10 on %s (%s).",
		       N(&e, p->severity, 0), D(&e, p->day), N(&e, p->prev_severity, 0),
		       D(&e, p->prev_day), SRC(f));
		break;
	case EVK_PAIN_ONSET:
		ev_add(&e, "A %s km run on %s, longer than the %s km into a run at which the pain "
		       "of %s began (%s).", KM(&e, p->distance_m), D(&e, p->run_day),
		       N(&e, p->km_at_onset, 1), D(&e, p->day), SRC(f));
		break;
	case EVK_PAIN_HARD:
		ev_add(&e, "A hard run on %s (%s%s%s%s km, %s m up, %s min fast",
		       D(&e, p->run_day), p->why & HARD_LONG ? "long " : "",
		       p->why & HARD_HILLY ? "hilly " : "", p->why & HARD_FAST ? "fast " : "",
		       KM(&e, p->distance_m), N(&e, p->ascent_m, 0), MIN(&e, p->fast_s));
		if (p->why & HARD_HILLY) {
			ev_add(&e, "; ");
			hilly_line(&e, r, &p->hilly);
		}
		ev_add(&e, ") %s day(s) after pain %s/10 on %s: within %s days (%s).",
		       N(&e, (double)(p->run_day - p->day), 0), N(&e, p->severity, 0),
		       D(&e, p->day), N(&e, p->within_days, 0), SRC(f));
		break;
	default:
		ev_add(&e, "Pain diary: %s/10 on %s, at or above %s/10 (%s).",
		       N(&e, p->severity, 0), D(&e, p->day), N(&e, p->threshold, 0), SRC(f));
		break;
	}
}

/* ---- monotony ---- */

static void evidence_monotony(char *buf, size_t size, const struct athlete_result *r,
			      const struct flag *f)
{
	const struct ev_monotony *m = &f->ev.u.monotony;
	struct ev e;
	size_t k;

	ev_init(&e, buf, size);
	ev_add(&e, "Daily km %s..%s:", D(&e, m->from), D(&e, f->day));
	for (k = 0; k < 7; k++)
		ev_add(&e, " %s", KM(&e, m->daily_m[k]));
	ev_add(&e, "; weekly %s km, monotony %s (mean / SD) > %s, strain %s (%s).",
	       N(&e, m->week_km, 1), N(&e, f->value, 2), N(&e, f->threshold, 2),
	       N(&e, m->strain, 0), SRC(f));
}

/* ---- hill_block: three kinds of evidence, one rule ---- */

static void measure_hill(char *buf, size_t size, const struct flag *f, const char *what)
{
	char v[48], t[48];

	if (f->ev.kind == EVK_HILL_RATIO)
		snprintf(buf, size, "7-day climb %s x the 4-week mean (%s above %s)",
			 fmt_fixed(v, sizeof(v), f->value, 2), flag_level_name(f->level),
			 fmt_fixed(t, sizeof(t), f->threshold, 2));
	else
		snprintf(buf, size, "%s m up after flat weeks (%s from %s m)",
			 fmt_fixed(v, sizeof(v), f->value, 0), flag_level_name(f->level),
			 fmt_fixed(t, sizeof(t), f->threshold, 0));
}

static void evidence_hill(char *buf, size_t size, const struct athlete_result *r,
			  const struct flag *f)
{
	const struct ev_ratio *q = &f->ev.u.ratio;
	const struct ev_hill *h = &f->ev.u.hill;
	struct ev e;

	ev_init(&e, buf, size);
	if (f->ev.kind == EVK_HILL_RATIO)
		ev_add(&e, "7-day ascent %s m (%s..%s) vs a weekly mean of %s m over 28 "
		       "days (%s..%s): ratio %s > %s (%s: calf load rises uphill).",
		       N(&e, q->acute, 0), D(&e, q->acute_from), D(&e, f->day),
		       N(&e, q->chronic_week, 0), D(&e, q->chronic_from), D(&e, f->day),
		       N(&e, f->value, 2), N(&e, f->threshold, 2), SRC(f));
	else if (f->ev.kind == EVK_HILL_FIRST_RUN)
	{
		ev_add(&e, "First hilly run (%s m up in %s km: ", N(&e, h->ascent_m, 0),
		       KM(&e, h->distance_m));
		hilly_line(&e, r, &h->hilly);
		ev_add(&e, ") on %s after %d flat weeks (%s..%s: under %s m a week, at most %s m "
		       "in a run, no hilly run) (%s).", D(&e, f->day), h->flat_weeks,
		       D(&e, h->flat_from), D(&e, h->flat_to), N(&e, P(r, RP_FLAT_WEEK_M), 0),
		       N(&e, h->flat_max_m, 0), SRC(f));
	}
	else
		ev_add(&e, "A hilly week: %s m up over %s..%s (>= %s m) after %d flat "
		       "weeks (%s..%s: at most %s m a week) (%s).",
		       N(&e, h->ascent_m, 0), D(&e, h->from), D(&e, f->day),
		       N(&e, f->threshold, 0), h->flat_weeks, D(&e, h->flat_from),
		       D(&e, h->flat_to), N(&e, h->flat_max_m, 0), SRC(f));
}

/* ---- back_to_back ---- */

static void measure_hard(char *buf, size_t size, const struct flag *f, const char *what)
{
	snprintf(buf, size, "%s", f->value <= 1 ? "two hard runs on the same day" :
		 "hard runs on consecutive days");
}

static void hard_day(struct ev *e, const struct athlete_result *r, const struct ev_hard_day *h)
{
	const char *sep = "";

	ev_add(e, "%s (", D(e, h->day));
	if (h->why & HARD_LONG) {
		ev_add(e, "long: %s km, %s x the 28-day mean run", KM(e, h->distance_m),
		       N(e, h->mean_ratio, 1));
		sep = "; ";
	}
	if (h->why & HARD_HILLY) {
		ev_add(e, "%shilly: %s m up, ", sep, N(e, h->ascent_m, 0));
		hilly_line(e, r, &h->hilly);
		sep = "; ";
	}
	if (h->why & HARD_FAST)
		ev_add(e, "%sfast: %s min fast", sep, MIN(e, h->fast_s));
	ev_add(e, ")");
}

static void evidence_hard(char *buf, size_t size, const struct athlete_result *r,
			  const struct flag *f)
{
	struct ev e;

	ev_init(&e, buf, size);
	ev_add(&e, "Hard days within 48 h: ");
	hard_day(&e, r, &f->ev.u.hard.day[0]);
	ev_add(&e, " and ");
	hard_day(&e, r, &f->ev.u.hard.day[1]);
	ev_add(&e, "; %s. Long = >= %s x the 28-day mean run and >= %s km; ", SRC(f),
	       N(&e, P(r, RP_HARD_LONG_RATIO), 2), N(&e, P(r, RP_HARD_LONG_MIN_KM), 0));
	hilly_definition(&e, r);
	ev_add(&e, "; fast = >= %s min fast.", MIN(&e, P(r, RP_HARD_FAST_S)));
}

/* ---- layoff_return ---- */

static void measure_layoff(char *buf, size_t size, const struct flag *f, const char *what)
{
	const struct ev_layoff *l = &f->ev.u.layoff;
	char v[48], t[48];

	(void)what;
	if (f->ev.kind == EVK_LAYOFF_HILLY)
		snprintf(buf, size, "%s m up in run %u back", fmt_fixed(v, sizeof(v), l->cur, 0),
			 l->run_n);
	else if (f->ev.kind == EVK_LAYOFF_FAST)
		snprintf(buf, size, "%s min fast in run %u back",
			 fmt_fixed(v, sizeof(v), l->cur / 60.0, 0), l->run_n);
	else if (l->limit > 0)
		snprintf(buf, size, "%s x the return limit of %s km",
			 fmt_fixed(v, sizeof(v), f->value, 2),
			 fmt_fixed(t, sizeof(t), l->limit / 1000.0, 1));
	else
		snprintf(buf, size, "%s x the return limit", fmt_fixed(v, sizeof(v), f->value, 2));
}

static void evidence_layoff(char *buf, size_t size, const struct athlete_result *r,
			    const struct flag *f)
{
	const struct ev_layoff *l = &f->ev.u.layoff;
	char what[240];
	struct ev e, w;

	ev_init(&w, what, sizeof(what));
	switch (f->ev.kind) {
	case EVK_LAYOFF_HILLY:
		ev_add(&w, "too hilly for run %u back: %s m up, ", l->run_n, N(&w, l->cur, 0));
		hilly_line(&w, r, &l->hilly);
		ev_add(&w, " (no hills in the first %s runs)", N(&w, P(r, RP_RETURN_EASY_RUNS), 0));
		break;
	case EVK_LAYOFF_FAST:
		ev_add(&w, "too fast for run %u back: %s min fast (no speed in the first %s runs)",
		       l->run_n, MIN(&w, l->cur), N(&w, P(r, RP_RETURN_EASY_RUNS), 0));
		break;
	case EVK_LAYOFF_WEEK:
		ev_add(&w, "return week %s too big: %s km by %s vs its limit of %s km "
		       "(pre-break weekly mean %s km)", N(&w, l->week_n + 1, 0), KM(&w, l->cur),
		       D(&w, f->day), KM(&w, l->limit), KM(&w, l->pre_mean));
		break;
	default:
		if (l->limit_by == LIMIT_BY_SINCE) {
			ev_add(&w, "too long: %s km vs the limit of %s km, %s %% over the longest "
			       "run since the return (%s km)", KM(&w, l->cur), KM(&w, l->limit),
			       PCT(&w, P(r, RP_RETURN_GROWTH)), KM(&w, l->since_longest_m));
			break;
		}
		if (l->limit_by == LIMIT_BY_FIRST) {
			ev_add(&w, "too long: %s km vs the first run's limit of %s km (%s %% over "
			       "the longest run since the return, %s km, is less)", KM(&w, l->cur),
			       KM(&w, l->limit), PCT(&w, P(r, RP_RETURN_GROWTH)),
			       KM(&w, l->since_longest_m));
			break;
		}
		ev_add(&w, "too long: %s km vs the limit of %s km for return week %s "
		       "(pre-break mean run %s km%s%s%s)", KM(&w, l->cur), KM(&w, l->limit),
		       N(&w, l->week_n + 1, 0), KM(&w, l->pre_mean),
		       l->as_long_as_longest ? ", longest " : "",
		       l->as_long_as_longest ? KM(&w, l->pre_longest_m) : "",
		       l->as_long_as_longest ? " km" : "");
		break;
	}
	ev_init(&e, buf, size);
	ev_add(&e, "Returning: day %s after %s days off (last run %s, back %s); limits "
	       "x %s of the level before, +%s %% a week; the run on %s is %s "
	       "(pre-break 28 days: %u runs, %s km; %s).",
	       N(&e, l->day_n, 0), N(&e, l->gap_days, 0), D(&e, l->last_day), D(&e, l->back_day),
	       N(&e, l->factor, 2), PCT(&e, P(r, RP_RETURN_GROWTH)), D(&e, f->day), what,
	       l->pre_runs, KM(&e, l->pre_total_m), SRC(f));
}

/* ---- shoe_mileage ---- */

/* "510 km on the shoe (warn at 500 km)". */
static void measure_shoe(char *buf, size_t size, const struct flag *f, const char *what)
{
	char v[48], t[48];

	snprintf(buf, size, "%s km %s (%s at %s km)", fmt_fixed(v, sizeof(v), f->value, 0), what,
		 flag_level_name(f->level), fmt_fixed(t, sizeof(t), f->threshold, 0));
}

static const char *shoe_name(const struct athlete_result *r, int i)
{
	return i >= 0 && (size_t)i < r->nshoes ? r->shoes[i].name : "?";
}

static void evidence_shoe(char *buf, size_t size, const struct athlete_result *r,
			  const struct flag *f)
{
	const struct ev_shoe *s = &f->ev.u.shoe;
	struct ev e;

	ev_init(&e, buf, size);
	ev_add(&e, "%s reached %s km on %s (%s km at start + %s km in %u runs "
	       "since %s): %s at %s km, retire at %s km (%s).",
	       shoe_name(r, s->shoe), N(&e, s->km, 0), D(&e, f->day), N(&e, s->start_km, 0),
	       N(&e, s->runs_km, 0), s->runs, D(&e, s->since),
	       flag_level_name(f->level), N(&e, f->threshold, 0), N(&e, s->retire_km, 0),
	       SRC(f));
}

/* ---- shoe_drop_change ---- */

static void measure_drop(char *buf, size_t size, const struct flag *f, const char *what)
{
	char v[48], t[48];

	snprintf(buf, size, "heel drop %s mm lower (%s from %s mm)",
		 fmt_fixed(v, sizeof(v), f->value, 0), flag_level_name(f->level),
		 fmt_fixed(t, sizeof(t), f->threshold, 0));
}

static void evidence_drop(char *buf, size_t size, const struct athlete_result *r,
			  const struct flag *f)
{
	const struct ev_drop *d = &f->ev.u.drop;
	struct ev e;

	ev_init(&e, buf, size);
	ev_add(&e, "Switch from %s (%s mm drop, %s km in the 28 days before) to "
	       "%s (%s mm) on %s: %s km by %s, within %d days of the first run "
	       "on the new shoe; a drop %s mm lower loads the calf and Achilles "
	       "more (%s).",
	       shoe_name(r, d->prev_shoe), N(&e, d->prev_drop_mm, 1), N(&e, d->prev_km, 0),
	       shoe_name(r, d->shoe), N(&e, d->drop_mm, 1), D(&e, f->day), N(&e, d->km, 1),
	       D(&e, d->reached_day), d->window_days, N(&e, f->value, 1), SRC(f));
}

/* ---- the table ---- */

/*
 * One sentence each, short enough to read in passing.  Not medical advice:
 * they describe training load, and the report's disclaimer says so.
 */
static const struct rule_words words[RULE_COUNT] = {
	[RULE_LONG_RUN_SPIKE] = {
		"a run much longer than any in the last {long_run_spike_window_days} days",
		"The calf and Achilles tire late in a long run; going well past your "
		"longest recent run asks them for endurance they have not built yet.",
		"Grow the longest run by about 10 % at a time, and keep the next two "
		"days short and easy.",
		NULL, "longer by", measure_frac, evidence_long },
	[RULE_CLIMB_SPIKE] = { "much more climbing in one run than lately",
		"Uphill running makes the calf push off from a stretched ankle at every "
		"step; a sudden jump in climbing overloads it.",
		"Add hills a little each week, and keep the next run flat and easy.",
		"climb spike", "climb up", measure_frac, evidence_quantity },
	[RULE_LATE_CLIMB_SPIKE] = { "much more late climbing in a run than lately",
		"The calf tires late in a run; climbing on a tired calf, after 6 km, is "
		"when it gives way for many runners.",
		"Put the hills early in the run, or shorten the run when it ends hilly.",
		"late climb", "late climb up", measure_frac, evidence_quantity },
	[RULE_SPEED_SPIKE] = { "much more fast running in one run than lately",
		"Fast running loads the calf more per step than easy running (more "
		"force, more time on the forefoot).",
		"Build speed work step by step, follow it with an easy day, and stop "
		"fast repeats when the calf is tight.",
		"speed spike", "fast minutes up", measure_frac, evidence_quantity },
	[RULE_WEEKLY_JUMP] = { "weekly distance jumped",
		"Tissue adapts over weeks; a week far above the one before gives the "
		"calf more repeated load than it is ready for.",
		"Context, not a warning: check the single long runs of the week, and "
		"keep the next week near this one.",
		NULL, "week up", measure_frac, evidence_week },
	[RULE_ACWR] = { "the last 7 days far above the 4-week average",
		"The calf is ready for what the last four weeks trained it for; a week "
		"far above that outruns it, most often after a break or a sudden block.",
		"Context, not a warning: check the single long runs and the speed and "
		"hills of these days rather than the ratio.",
		NULL, "ratio", measure_ratio, evidence_acwr },
	[RULE_MONOTONY] = { "the same load day after day",
		"Without lighter days the calf never gets the recovery in which it "
		"adapts.",
		"Make one or two days a week clearly easier, or rest; vary distance "
		"and pace.",
		NULL, "monotony", measure_ratio, evidence_monotony },
	[RULE_HILL_BLOCK] = { "a sudden block of hill running",
		"Uphill running works the calf and Achilles harder; going from flat "
		"weeks to a hilly block gives them no time to adapt.",
		"Bring hills in over a few weeks: one hilly run a week at first, with "
		"flat easy days between.",
		"hill block", NULL, measure_hill, evidence_hill },
	[RULE_BACK_TO_BACK] = { "hard days back to back",
		"After a long, hilly or fast run the calf needs about 48 hours to "
		"recover; a second hard day stacks load on tired tissue.",
		"Put an easy day or a rest day between hard days.",
		"2nd hard day", NULL, measure_hard, evidence_hard },
	[RULE_LAYOFF_RETURN] = { "too much too soon after a break",
		"After a week or more off, the calf has lost some of its tolerance; "
		"coming back at the old length, pace or climb is how it gets hurt "
		"again.",
		"Come back a mile or two at a time, flat and easy, within the return "
		"limits, growing about {%return_growth} % a week; stop if the pain returns.",
		"after a break", NULL, measure_layoff, evidence_layoff },
	[RULE_BREAKDOWN_CYCLE] = { "the same breakdown again after a return",
		"Coming back, breaking down, resting and coming back the same way is a "
		"cycle: the calf is never given the slow rebuild it needs.",
		"Change the return, not only the rest: come back shorter, flat and "
		"easy, within the return limits, and see a physiotherapist.",
		"cycle", NULL, measure_cycle, evidence_cycle },
	[RULE_SPEED_WEEK] = { "much more speed work this week than lately",
		"Fast running loads the calf more per step; several fast sessions in "
		"one week add up even when no single one stands out.",
		"Keep to the speed sessions of a usual week, with easy days between.",
		"speed week", "fast time x", measure_ratio, evidence_speed_week },
	[RULE_SOFT_SURFACE] = { "much more soft ground than lately",
		"On sand, mud or trail the heel sinks and the calf works longer at every "
		"push-off; a sudden block of it is one of the named causes of calf pain.",
		"Bring soft ground and trails in a little each week, on easy runs.",
		"soft ground", "soft km x", measure_ratio, evidence_soft },
	[RULE_PAIN] = { "pain in the diary",
		"Pain is the calf's own signal; training hard on it, or while it "
		"rises, is how a niggle becomes a breakdown.",
		"Run only short, flat and easy until the pain is gone, and see a "
		"physiotherapist if it stays or rises.",
		"pain", NULL, measure_pain, evidence_pain },
	[RULE_SHOE_MILEAGE] = { "a shoe at or past its kilometres",
		"A worn midsole cushions less, so more of each landing goes into the "
		"lower leg.",
		"Plan a new pair, and bring it in over a few weeks, alternating with "
		"the old one.",
		NULL, "on the shoe", measure_shoe, evidence_shoe },
	[RULE_SHOE_DROP_CHANGE] = { "a switch to a shoe with a lower heel drop",
		"A lower heel-to-toe drop stretches the calf and Achilles further at "
		"every step.",
		"Alternate with the old shoe and give the new one a few more km each "
		"week.",
		"lower drop", NULL, measure_drop, evidence_drop },
};

const struct rule_words *rule_words_of(enum rule_id rule)
{
	return (unsigned)rule < RULE_COUNT && words[rule].title ? &words[rule] : NULL;
}

char *rule_text(char *buf, size_t size, const struct athlete_result *r, enum rule_id rule,
		enum rule_text_part part)
{
	const struct rule_words *w = rule_words_of(rule);

	if (!w) {
		snprintf(buf, size, "%s", rule_name(rule));
		return buf;
	}
	return thresholds_fill(buf, size, r, part == WORDS_TITLE ? w->title :
			       part == WORDS_CALF ? w->calf : w->todo);
}

char *flag_measure(char *buf, size_t size, const struct flag *f)
{
	const struct rule_words *w = rule_words_of(f->rule);
	char v[48], t[48];

	if (w && w->measure)
		w->measure(buf, size, f, w->measure_what);
	else
		snprintf(buf, size, "value %s, threshold %s",
			 fmt_fixed(v, sizeof(v), f->value, 3),
			 fmt_fixed(t, sizeof(t), f->threshold, 3));
	return buf;
}

char *flag_evidence(char *buf, size_t size, const struct athlete_result *r,
		    const struct flag *f)
{
	const struct rule_words *w = rule_words_of(f->rule);

	if (size)
		buf[0] = '\0';
	if (w && w->evidence)
		w->evidence(buf, size, r, f);
	return buf;
}
