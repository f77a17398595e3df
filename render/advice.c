/*
 * advice.c - the sentences about an athlete as a whole that report.txt and
 * the HTML pages share: this week's headline, the ACWR and its zone (by the
 * athlete's thresholds), fitness and form, and the disclaimer.  The words
 * of each rule are rule_words.c's.
 */
#include "render/render.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/num.h"
#include "core/timeutil.h"

const char report_disclaimer[] =
	"Not medical advice: runrisk counts training load; it cannot diagnose an "
	"injury. Calf pain that lasts more than a week or gets worse needs a doctor "
	"or a physiotherapist; a sudden sharp pain or a \"pop\", bruising, or a calf "
	"that is swollen, warm and red needs one at once.";

char *acwr_zone(char *buf, size_t size, const struct athlete_result *r, double ratio)
{
	char lo[48], warn[48], alert[48];

	rr_format_double(lo, sizeof(lo), r->zones.usual_low, 2);
	rr_format_double(warn, sizeof(warn), r->zones.warn, 2);
	rr_format_double(alert, sizeof(alert), r->zones.alert, 2);
	if (!isfinite(ratio))
		snprintf(buf, size, "unknown (needs 28 days of data)");
	else if (ratio >= r->zones.alert)
		snprintf(buf, size, "danger zone (%s and above)", alert);
	else if (ratio > r->zones.warn)
		snprintf(buf, size, "caution zone (above %s)", warn);
	else if (ratio >= r->zones.usual_low)
		snprintf(buf, size, "usual range (%s to %s)", lo, warn);
	else
		snprintf(buf, size, "below the usual range (under %s: less than usual)", lo);
	return buf;
}

/* snprintf that appends at *len and never runs past size. */
__attribute__((format(printf, 4, 5)))
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n;
	if (*len >= size)
		*len = size - 1;
}

char *athlete_headline(char *buf, size_t size, const struct athlete_result *r)
{
	const struct flag *act[16];
	struct flag_counts c;
	char day[16], k[48], t[48], title[256];
	size_t n, i, len = 0;

	buf[0] = '\0';
	flag_counts_compute(&c, r);
	n = active_rules(r, act, sizeof(act) / sizeof(act[0]));
	if (!n) {
		const struct flag *last = r->nflags ? &r->flags[r->nflags - 1] : NULL;

		append(buf, size, &len, "Nothing flagged in the last 7 days.");
		if (last)
			append(buf, size, &len, " Last flag: %s %s %s (%s).",
			       rr_format_date(day, sizeof(day), last->day), rule_name(last->rule),
			       flag_level_name(last->level),
			       rule_text(title, sizeof(title), r, last->rule, WORDS_TITLE));
	} else {
		append(buf, size, &len, "%s: ", c.level[FLAG_ALERT] ? "ALERT" :
		       c.level[FLAG_WARN] ? "WARN" : "NOTE");
		for (i = 0; i < n; i++)
			append(buf, size, &len, "%s%s (%s)", i ? "; " : "",
			       rule_text(title, sizeof(title), r, act[i]->rule, WORDS_TITLE),
			       rule_name(act[i]->rule));
		append(buf, size, &len, ".");
	}
	for (i = 0; i < r->nshoes; i++) {
		const struct shoe_row *s = &r->shoes[i];

		if (!isfinite(s->left_km) || s->left_km >= SHOE_SOON_KM ||
		    s->last_day == RR_NO_DAY || s->last_day < r->last_day - 27)
			continue;
		fmt_fixed(t, sizeof(t), s->retire_at_km, 0);
		if (s->left_km > 0)
			append(buf, size, &len, " Shoe %s: %s km left before %s km.", s->name,
			       fmt_fixed(k, sizeof(k), s->left_km, 0), t);
		else
			append(buf, size, &len, " Shoe %s: %s km past its %s km.", s->name,
			       fmt_fixed(k, sizeof(k), -s->left_km, 0), t);
	}
	return buf;
}

char *acwr_sentence(char *buf, size_t size, const struct athlete_result *r,
		    const struct day_row *d)
{
	char day[16], x[48], y[48], z[48], zone[96];
	const struct return_phase *ph = return_phase_at(r, d->day);

	rr_format_date(day, sizeof(day), d->day);
	if (ph) {
		snprintf(buf, size, "ACWR on %s: not meaningful (returning: day %ld after %d "
			 "days off); the return limits apply instead (Next 7 days).", day,
			 (long)(d->day - ph->back_day) + 1,
			 ph->gap_days);
		return buf;
	}
	if (isfinite(d->chronic28_m) &&
	    d->chronic28_m < r->params.v[RP_ACWR_MIN_CHRONIC_KM] * 1000.0) {
		snprintf(buf, size, "ACWR on %s: not shown: the weekly mean of the last 28 days, "
			 "%s km, is under the %s km minimum for a ratio.", day,
			 fmt_fixed(x, sizeof(x), d->chronic28_m / 1000.0, 1),
			 fmt_fixed(y, sizeof(y), r->params.v[RP_ACWR_MIN_CHRONIC_KM], 0));
		return buf;
	}
	if (!isfinite(d->acwr_coupled)) {
		snprintf(buf, size, "ACWR on %s: not known until 28 days of data (it is the km "
			 "of the last 7 days over the weekly mean of the last 28).", day);
		return buf;
	}
	snprintf(buf, size, "ACWR %s on %s: %s. It is the km of the last 7 days over the "
		 "weekly mean of the last 28 (other forms: uncoupled %s, EWMA %s).",
		 fmt_fixed(x, sizeof(x), d->acwr_coupled, 2), day,
		 acwr_zone(zone, sizeof(zone), r, d->acwr_coupled),
		 fmt_fixed(y, sizeof(y), d->acwr_uncoupled, 2),
		 fmt_fixed(z, sizeof(z), d->acwr_ewma, 2));
	return buf;
}

char *fitness_sentence(char *buf, size_t size, const struct athlete_result *r,
		       const struct day_row *d)
{
	char x[48], y[48], z[48], day[16];
	const struct day_row *prev = d > r->days ? d - 1 : NULL;
	size_t len;

	/*
	 * Form of day d is fitness - fatigue at the end of the day before
	 * (analysis/timeline.c): print that day's fitness and fatigue with it,
	 * so the three printed numbers belong to one date.
	 */
	if (!prev) {
		len = (size_t)snprintf(buf, size, "Fitness and fatigue: from the second day of "
				       "data on.");
	} else {
		rr_format_date(day, sizeof(day), prev->day);
		len = (size_t)snprintf(buf, size, "At the end of %s: fitness %s km/day and "
				       "fatigue %s km/day (exponentially weighted means of daily "
				       "km over %.0f and %.0f days); form, fitness minus fatigue: %s "
				       "km/day (negative: tired).", day,
				       fmt_fixed(x, sizeof(x), prev->ctl, 2),
				       fmt_fixed(y, sizeof(y), prev->atl, 2),
				       r->params.v[RP_CTL_DAYS], r->params.v[RP_ATL_DAYS],
				       fmt_fixed(z, sizeof(z), d->tsb, 2));
	}
	/* fitness starts from 0: under six weeks it reads low whatever the training */
	if (len < size && r->first_day != RR_NO_DAY && d->day - r->first_day < 42)
		snprintf(buf + len, size - len, " Under six weeks of data: fitness is still "
			 "counting up from 0.");
	return buf;
}

/* ---- since the last report ---- */

/* Append to buf (cut, never overflowing). */
static void cat_to(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

char *since_head(char *buf, size_t size, const struct since_diff *d)
{
	char date[16];

	rr_format_date(date, sizeof(date), d->prev_day);
	if (d->first)
		snprintf(buf, size, "first report");
	else if (since_diff_empty(d))
		snprintf(buf, size, "nothing new since the last report (%s)", date);
	else
		snprintf(buf, size, "what changed since the last report (%s):", date);
	return buf;
}

static void since_more(char *buf, size_t size, size_t shown, size_t n)
{
	if (n > shown)
		cat_to(buf, size, ", and %zu more", n - shown);
	cat_to(buf, size, ".");
}

size_t since_items(char items[][SINCE_ITEM_SIZE], size_t max,
		   const struct athlete_result *r, const struct since_diff *d)
{
	size_t n = 0, k;
	char date[16], km[48];

	if (d->first || since_diff_empty(d))
		return 0;
	if (d->nnew_runs && n < max) {
		char *b = items[n++];

		snprintf(b, SINCE_ITEM_SIZE, "New run%s (%zu): ", d->nnew_runs == 1 ? "" : "s",
			 d->nnew_runs);
		for (k = 0; k < d->nnew_runs && k < SINCE_LIST_MAX; k++) {
			const struct run_entry *e = &r->runs[d->new_runs[k]];

			fmt_fixed(km, sizeof(km), e->s.distance_m / 1000.0, 1);
			cat_to(b, SINCE_ITEM_SIZE, "%s%s %s km", k ? ", " : "",
			       rr_format_date(date, sizeof(date), e->local_day), km);
		}
		since_more(b, SINCE_ITEM_SIZE, k, d->nnew_runs);
	}
	if (d->nnew_flags && n < max) {
		char *b = items[n++];

		snprintf(b, SINCE_ITEM_SIZE, "New flag%s (%zu): ", d->nnew_flags == 1 ? "" : "s",
			 d->nnew_flags);
		for (k = 0; k < d->nnew_flags && k < SINCE_LIST_MAX; k++) {
			const struct flag *fl = &r->flags[d->new_flags[k]];

			cat_to(b, SINCE_ITEM_SIZE, "%s%s %s on %s", k ? ", " : "",
			       flag_level_name(fl->level), rule_name(fl->rule),
			       rr_format_date(date, sizeof(date), fl->day));
		}
		since_more(b, SINCE_ITEM_SIZE, k, d->nnew_flags);
	}
	if (d->ncleared && n < max) {
		char *b = items[n++];

		snprintf(b, SINCE_ITEM_SIZE, "Cleared (%zu): ", d->ncleared);
		for (k = 0; k < d->ncleared && k < SINCE_LIST_MAX; k++)
			cat_to(b, SINCE_ITEM_SIZE, "%s%s %s on %s", k ? ", " : "",
			       flag_level_name(d->cleared[k].level),
			       rule_name(d->cleared[k].rule),
			       rr_format_date(date, sizeof(date), d->cleared[k].day));
		since_more(b, SINCE_ITEM_SIZE, k, d->ncleared);
	}
	if (d->nnew_pain && n < max) {
		char *b = items[n++];

		snprintf(b, SINCE_ITEM_SIZE, "New pain entr%s (%zu): ",
			 d->nnew_pain == 1 ? "y" : "ies", d->nnew_pain);
		for (k = 0; k < d->nnew_pain && k < SINCE_LIST_MAX; k++) {
			const struct rr_pain *p = &r->pain[d->new_pain[k]].entry;

			cat_to(b, SINCE_ITEM_SIZE, "%s%s", k ? ", " : "",
			       rr_format_date(date, sizeof(date), p->day));
			if (p->severity >= 0)
				cat_to(b, SINCE_ITEM_SIZE, " %d/10", p->severity);
			if (p->side[0])
				cat_to(b, SINCE_ITEM_SIZE, " %s", p->side);
		}
		since_more(b, SINCE_ITEM_SIZE, k, d->nnew_pain);
	}
	return n;
}
