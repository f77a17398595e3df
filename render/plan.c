/*
 * plan.c - the words of the next-7-days plan (analysis/plan.h): the status
 * line, the pain line and one sentence per limit, each cap with its unit
 * and where it came from.  Reads the plan and the result only.
 */
#include "render/render.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"

/* Append to buf at *len (cut, never overflowing). */
static void put(char *buf, size_t size, size_t *len, const char *f, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t size, size_t *len, const char *f, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return;
	va_start(ap, f);
	n = vsnprintf(buf + *len, size - *len, f, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n;
	if (*len >= size)
		*len = size - 1;
}

/* What a cap's base is (analysis/plan.h enum plan_base). */
static const char *base_words(enum plan_base b)
{
	switch (b) {
	case PLAN_BASE_CHRONIC_WEEK:
		return "the weekly mean of the last 28 days";
	case PLAN_BASE_WEEK_BEFORE:
		return "the week before the jump";
	case PLAN_BASE_LONGEST_BEFORE:
		return "the longest run before the spike";
	case PLAN_BASE_RETURN_WEEK:
		return "the weekly mean before the break";
	case PLAN_BASE_RETURN_RUN:
		return "the mean run before the break";
	case PLAN_BASE_RETURN_LONGEST:
		return "the longest run before the break";
	case PLAN_BASE_RETURN_SINCE:
		return "the longest run since the return";
	case PLAN_BASE_LONGEST_WINDOW:
		return "the longest run of the window";
	case PLAN_BASE_RETURN_FIRST:
		return "the first run's limit";
	case PLAN_BASE_RETURN_WEEK_LEFT:
		return "what is left of the return week";
	case PLAN_BASE_PAIN_ONSET:
		return "stop well before the km where the pain began";
	case PLAN_BASE_PAIN_FREE:
		return "the shortest run in the 4 weeks before this pain began";
	case PLAN_BASE_KM7:
		return "no run above the cap of the 7 days";
	default:
		return "the reference";
	}
}

/* A rule id, level and date, or "pain 5/10 on 2026-10-23". */
static void src_words(char *buf, size_t size, size_t *len, const struct athlete_result *r,
		      struct plan_src s)
{
	char d[16];

	if (s.kind == PLAN_SRC_FLAG) {
		const struct flag *f = &r->flags[s.index];

		put(buf, size, len, "%s %s %s", rule_name(f->rule), flag_level_name(f->level),
		    rr_format_date(d, sizeof(d), f->day));
	} else if (s.kind == PLAN_SRC_PAIN) {
		const struct rr_pain *p = &r->pain[s.index].entry;

		put(buf, size, len, "pain %d/10 on %s", p->severity,
		    rr_format_date(d, sizeof(d), p->day));
	} else if (s.kind == PLAN_SRC_RETURN) {
		const struct return_phase *ph = &r->returns[s.index];

		put(buf, size, len, "the return from %s after %d days off",
		    rr_format_date(d, sizeof(d), ph->back_day), ph->gap_days);
	} else if (s.kind == PLAN_SRC_SPIKE_RULE) {
		put(buf, size, len, "a longer run is a %s warning", rule_name(RULE_LONG_RUN_SPIKE));
	}
}

char *plan_status(char *buf, size_t size, const struct week_plan *p,
		  const struct athlete_result *r)
{
	size_t len = 0, i;
	char d[16];

	buf[0] = '\0';
	if (p->returning)
		put(buf, size, &len, "returning: day %d after %d days off", p->return_day,
		    p->break_days);
	else if (r->last_day != RR_NO_DAY)
		put(buf, size, &len, "training");
	else
		put(buf, size, &len, "no runs");
	if (p->pain && p->pain_recent && r->pain[p->pain_latest].entry.severity > 0)
		put(buf, size, &len, "; pain logged (%d/10 on %s)",
		    r->pain[p->pain_latest].entry.severity,
		    rr_format_date(d, sizeof(d), r->pain[p->pain_latest].entry.day));
	for (i = 0; i < p->nshoes; i++) {
		const struct flag *f = &r->flags[p->shoe_src[i].index];

		put(buf, size, &len, "; shoe %s %s", r->shoes[p->shoes[i]].name,
		    f->level == FLAG_ALERT ? "to retire" : "to replace soon");
	}
	/* a shoe in use (a run in the last 28 days) close to its km, not flagged */
	for (i = 0; i < r->nshoes; i++) {
		const struct shoe_row *s = &r->shoes[i];
		size_t k;

		for (k = 0; k < p->nshoes && p->shoes[k] != (int)i; k++)
			;
		if (k < p->nshoes || !isfinite(s->left_km) || s->left_km >= SHOE_SOON_KM ||
		    s->last_day == RR_NO_DAY || s->last_day < r->last_day - 27)
			continue;
		if (s->left_km > 0)
			put(buf, size, &len, "; shoe %s: %.0f km left before %.0f km", s->name,
			    s->left_km, s->retire_at_km);
		else
			put(buf, size, &len, "; shoe %s: %.0f km past its %.0f km, retire it",
			    s->name, -s->left_km, s->retire_at_km);
	}
	return buf;
}

char *plan_pain(char *buf, size_t size, const struct week_plan *p,
		const struct athlete_result *r)
{
	const struct rr_pain *e;
	size_t len = 0;
	char d[16];

	buf[0] = '\0';
	if (!p->pain)
		return buf;
	e = &r->pain[p->pain_latest].entry;
	put(buf, size, &len, "latest entry %s: ", rr_format_date(d, sizeof(d), e->day));
	if (e->severity >= 0)
		put(buf, size, &len, "%d/10", e->severity);
	else
		put(buf, size, &len, "severity not given");
	if (e->side[0])
		put(buf, size, &len, ", %s", e->side);
	if (e->note[0])
		put(buf, size, &len, ", \"%s\"", e->note);
	if (p->pain_latest > 0) {
		const struct rr_pain *b = &r->pain[p->pain_latest - 1].entry;

		put(buf, size, &len, "; %s the %d/10 of %s",
		    p->pain_trend > 0 ? "worse than" : p->pain_trend < 0 ? "better than"
									: "the same as",
		    b->severity, rr_format_date(d, sizeof(d), b->day));
	}
	put(buf, size, &len, ".");
	if (p->pain_days > 1)
		put(buf, size, &len, " Pain logged over %d days.", p->pain_days);
	if (p->see_professional)
		put(buf, size, &len, " Pain for more than %d days: see a physiotherapist or a "
		    "doctor before the next hard run.", PLAN_PAIN_PRO_DAYS);
	return buf;
}

/* A cap in km, rounded down to 0.1 km: "at most" never reads above the cap. */
static double cap_km(double m)
{
	return floor(m / 100.0 + 1e-9) / 10.0;
}

static void cap_item(char *buf, size_t size, const struct athlete_result *r,
		     const struct plan_cap *c, const char *what)
{
	size_t len = 0;
	char d[16];

	buf[0] = '\0';
	if (!c->set) {
		put(buf, size, &len, "%s: no cap.", what);
		return;
	}
	if (c->base == PLAN_BASE_RETURN_WEEK_LEFT) {
		if (c->value_m <= 0)
			put(buf, size, &len, "%s: no running until %s (return week %d's %.1f km "
			    "are run; ", what, rr_format_date(d, sizeof(d), c->week_end),
			    c->return_week + 1, c->week_m / 1000);
		else if (c->next_days > 0)
			put(buf, size, &len, "%s: at most %.1f km (%.1f km left of return week "
			    "%d's %.1f km until %s, %.1f km run; then %d day(s) of week %d's "
			    "%.1f km; ", what, cap_km(c->value_m),
			    cap_km(c->week_m - c->used_m > 0 ? c->week_m - c->used_m : 0),
			    c->return_week + 1, c->week_m / 1000,
			    rr_format_date(d, sizeof(d), c->week_end), c->used_m / 1000,
			    c->next_days, c->return_week + 2, c->next_m / 1000);
		else
			put(buf, size, &len, "%s: at most %.1f km (left of return week %d's %.1f "
			    "km until %s, %.1f km run; ", what, cap_km(c->value_m),
			    c->return_week + 1, c->week_m / 1000,
			    rr_format_date(d, sizeof(d), c->week_end), c->used_m / 1000);
		src_words(buf, size, &len, r, c->src);
		put(buf, size, &len, ").");
		return;
	}
	if (c->base == PLAN_BASE_KM7 || c->base == PLAN_BASE_PAIN_FREE ||
	    c->base == PLAN_BASE_RETURN_LONGEST)
		put(buf, size, &len, "%s: at most %.1f km (%s; ", what, cap_km(c->value_m),
		    base_words(c->base));
	else if (c->base == PLAN_BASE_RETURN_FIRST)
		put(buf, size, &len, "%s: at most %.1f km (the first run's limit: %.2f x the "
		    "longest run since the return is less; ", what, cap_km(c->value_m),
		    1.0 + r->params.v[RP_RETURN_GROWTH]);
	else if (c->base == PLAN_BASE_LONGEST_WINDOW)
		put(buf, size, &len, "%s: at most %.1f km (%.2f x %.1f km, the longest run "
		    "since %s; ", what, cap_km(c->value_m), c->ratio, c->base_m / 1000,
		    rr_format_date(d, sizeof(d), c->since_day));
	else if (c->src.kind == PLAN_SRC_RETURN && c->growth > 1)
		put(buf, size, &len, "%s: at most %.1f km (%.2f for the break x %.2f growth "
		    "x %.1f km, %s; ", what, cap_km(c->value_m), c->factor, c->growth,
		    c->base_m / 1000, base_words(c->base));
	else
		put(buf, size, &len, "%s: at most %.1f km (%.2f x %.1f km, %s; ", what,
		    cap_km(c->value_m), c->ratio, c->base_m / 1000, base_words(c->base));
	src_words(buf, size, &len, r, c->src);
	if (c->src.kind == PLAN_SRC_RETURN)
		put(buf, size, &len, ", week %d of the return", c->return_week + 1);
	if (c->base == PLAN_BASE_PAIN_ONSET || c->base == PLAN_BASE_PAIN_FREE)
		put(buf, size, &len, "; heuristic");
	put(buf, size, &len, ").");
}

static void yes_no_item(char *buf, size_t size, const struct athlete_result *r, bool ok,
			struct plan_src s, const char *what)
{
	size_t len = 0;

	buf[0] = '\0';
	if (ok) {
		put(buf, size, &len, "%s: yes.", what);
		return;
	}
	put(buf, size, &len, "%s: no (", what);
	src_words(buf, size, &len, r, s);
	put(buf, size, &len, ").");
}

size_t plan_items(char items[][PLAN_ITEM_SIZE], size_t max, const struct week_plan *p,
		  const struct athlete_result *r)
{
	size_t n = 0, i;

	if (p->from == RR_NO_DAY || max < 4)
		return 0;
	cap_item(items[n++], PLAN_ITEM_SIZE, r, &p->km7, "Distance of the 7 days");
	cap_item(items[n], PLAN_ITEM_SIZE, r, &p->longest, "Longest run");
	if (p->early) {
		size_t len = strlen(items[n]);
		char d[16];

		rr_format_date(d, sizeof(d), p->early_until);
		if (p->early_m < 100)
			put(items[n], PLAN_ITEM_SIZE, &len, " Until %s no run: return week %d's "
			    "km are run.", d, p->km7.return_week + 1);
		else
			put(items[n], PLAN_ITEM_SIZE, &len, " Until %s at most %.1f km (what is "
			    "left of return week %d).", d, cap_km(p->early_m),
			    p->km7.return_week + 1);
	}
	n++;
	yes_no_item(items[n++], PLAN_ITEM_SIZE, r, p->hills_ok, p->hills_src, "Hills");
	yes_no_item(items[n++], PLAN_ITEM_SIZE, r, p->speed_ok, p->speed_src, "Speed work");
	for (i = 0; i < p->nshoes && n < max; i++) {
		const struct flag *f = &r->flags[p->shoe_src[i].index];
		const struct shoe_row *s = &r->shoes[p->shoes[i]];
		size_t len = 0;

		items[n][0] = '\0';
		put(items[n], PLAN_ITEM_SIZE, &len, "Shoe %s: %s (%.0f km; ", s->name,
		    f->level == FLAG_ALERT ? "retire it" : "plan a new pair", s->km);
		src_words(items[n], PLAN_ITEM_SIZE, &len, r, p->shoe_src[i]);
		put(items[n], PLAN_ITEM_SIZE, &len, ").");
		n++;
	}
	return n;
}

char *plan_window(char *buf, size_t size, const struct week_plan *p)
{
	char a[16], b[16];

	if (p->from == RR_NO_DAY)
		snprintf(buf, size, "no runs: nothing to plan");
	else
		snprintf(buf, size, "%s to %s", rr_format_date(a, sizeof(a), p->from),
			 rr_format_date(b, sizeof(b), p->until));
	return buf;
}
