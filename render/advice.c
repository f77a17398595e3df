/*
 * advice.c - the plain words of the report: what each rule's flag means
 * for the calf and what to do about it, and each flag's measured value
 * with its unit.  Shared by report.txt and the HTML pages so that the two
 * say the same thing.  doc/report.md "How to read each flag" is the long
 * form of these sentences; change both together.
 */
#include "render/render.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"

/*
 * One sentence each, short enough to read in passing.  Not medical advice:
 * they describe training load, and the report's disclaimer says so.
 */
static const struct rule_words words[] = {
	{ "long_run_spike", "a run much longer than any in the last 30 days",
	  "The calf and Achilles tire late in a long run; going well past your "
	  "longest recent run asks them for endurance they have not built yet.",
	  "Grow the longest run by about 10 % at a time, and keep the next two "
	  "days short and easy." },
	{ "climb_spike", "much more climbing in one run than lately",
	  "Uphill running makes the calf push off from a stretched ankle at every "
	  "step; a sudden jump in climbing overloads it.",
	  "Add hills a little each week, and keep the next run flat and easy." },
	{ "speed_spike", "much more fast running in one run than lately",
	  "Fast running loads the calf more per step than easy running (more "
	  "force, more time on the forefoot).",
	  "Build speed work step by step, follow it with an easy day, and stop "
	  "fast repeats when the calf is tight." },
	{ "weekly_jump", "weekly distance jumped",
	  "Tissue adapts over weeks; a week far above the one before gives the "
	  "calf more repeated load than it is ready for.",
	  "Bring next week back near the level before the jump, then add about "
	  "10 % a week." },
	{ "acwr", "the last 7 days far above the 4-week average",
	  "The calf is ready for what the last four weeks trained it for; a week "
	  "far above that outruns it, most often after a break or a sudden block.",
	  "Hold or cut the coming days until the ratio is back under 1.3; add no "
	  "hills or speed work meanwhile." },
	{ "monotony", "the same load day after day",
	  "Without lighter days the calf never gets the recovery in which it "
	  "adapts.",
	  "Make one or two days a week clearly easier, or rest; vary distance "
	  "and pace." },
	{ "hill_block", "a sudden block of hill running",
	  "Uphill running works the calf and Achilles harder; going from flat "
	  "weeks to a hilly block gives them no time to adapt.",
	  "Bring hills in over a few weeks: one hilly run a week at first, with "
	  "flat easy days between." },
	{ "back_to_back", "hard days back to back",
	  "After a long, hilly or fast run the calf needs about 48 hours to "
	  "recover; a second hard day stacks load on tired tissue.",
	  "Put an easy day or a rest day between hard days." },
	{ "layoff_return", "too much too soon after a break",
	  "After a week or more off, the calf has lost some of its tolerance; "
	  "coming back at the old length, pace or climb is how it gets hurt "
	  "again.",
	  "Come back at about half the usual runs, flat and easy, and build up "
	  "over two to three weeks; stop if the pain returns." },
	{ "shoe_mileage", "a shoe at or past its kilometres",
	  "A worn midsole cushions less, so more of each landing goes into the "
	  "lower leg.",
	  "Plan a new pair, and bring it in over a few weeks, alternating with "
	  "the old one." },
	{ "shoe_drop_change", "a switch to a shoe with a lower heel drop",
	  "A lower heel-to-toe drop stretches the calf and Achilles further at "
	  "every step.",
	  "Alternate with the old shoe and give the new one a few more km each "
	  "week." },
};

const struct rule_words *rule_words_of(const char *rule)
{
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(words[i].rule, rule))
			return &words[i];
	return NULL;
}

char *fmt_fixed(char *buf, size_t size, double v, int decimals)
{
	long long scale = 1, x;
	char frac[24];
	int k;

	if (!isfinite(v) || fabs(v) > 1e15) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (decimals > 6)
		decimals = 6;
	for (k = 0; k < decimals; k++)
		scale *= 10;
	/*
	 * Integer digits only: no locale can change the decimal point.  The
	 * fraction is printed as scale + fraction ("105" for .05) minus its 1.
	 */
	x = llround(fabs(v) * (double)scale);
	snprintf(frac, sizeof(frac), "%lld", x % scale + scale);
	snprintf(buf, size, "%s%lld%s%s", v < 0 && x ? "-" : "", x / scale,
		 decimals > 0 ? "." : "", frac + 1);
	return buf;
}

/* "warn above", "alert from": the level and the comparison its rule makes. */
static const char *level_word(const struct flag *f)
{
	return flag_level_name(f->level);
}

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
			 fmt_fixed(v, sizeof(v), f->value * 100, dec), level_word(f), t);
	else
		snprintf(buf, size, "%s new (%s above +%s %%)", what, level_word(f), t);
}

char *flag_measure(char *buf, size_t size, const struct flag *f)
{
	const char *r = f->rule;
	char v[48], t[48];

	if (!strcmp(r, "long_run_spike")) {
		measure_frac(buf, size, f, "longer by");
	} else if (!strcmp(r, "climb_spike")) {
		measure_frac(buf, size, f, "climb up");
	} else if (!strcmp(r, "speed_spike")) {
		measure_frac(buf, size, f, "fast minutes up");
	} else if (!strcmp(r, "weekly_jump")) {
		measure_frac(buf, size, f, "week up");
	} else if (!strcmp(r, "acwr")) {
		snprintf(buf, size, "ratio %s (%s %s %s)", fmt_fixed(v, sizeof(v), f->value, 2),
			 level_word(f), f->level == FLAG_ALERT ? "from" : "above",
			 fmt_fixed(t, sizeof(t), f->threshold, 2));
	} else if (!strcmp(r, "monotony")) {
		snprintf(buf, size, "monotony %s (%s above %s)",
			 fmt_fixed(v, sizeof(v), f->value, 2), level_word(f),
			 fmt_fixed(t, sizeof(t), f->threshold, 2));
	} else if (!strcmp(r, "hill_block")) {
		/*
		 * hill_block's value is a 7-day : 28-day-mean climb ratio (at most
		 * 4, the 28 days hold the 7) or the metres of a first hilly run or
		 * week (at least hilly_run_min_m, normally far above 4).
		 */
		if (f->value <= 4.0)
			snprintf(buf, size, "7-day climb %s x the 4-week mean (%s above %s)",
				 fmt_fixed(v, sizeof(v), f->value, 2), level_word(f),
				 fmt_fixed(t, sizeof(t), f->threshold, 2));
		else
			snprintf(buf, size, "%s m up after flat weeks (%s from %s m)",
				 fmt_fixed(v, sizeof(v), f->value, 0), level_word(f),
				 fmt_fixed(t, sizeof(t), f->threshold, 0));
	} else if (!strcmp(r, "back_to_back")) {
		snprintf(buf, size, "%s", f->value <= 1 ? "two hard runs on the same day" :
			 "hard runs on consecutive days");
	} else if (!strcmp(r, "layoff_return")) {
		/* an alert is a run as long as the longest before the break */
		snprintf(buf, size, "%s x the level before the break (limit %s x)",
			 fmt_fixed(v, sizeof(v), f->value, 2),
			 fmt_fixed(t, sizeof(t), f->threshold, 2));
	} else if (!strcmp(r, "shoe_mileage")) {
		snprintf(buf, size, "%s km on the shoe (%s at %s km)",
			 fmt_fixed(v, sizeof(v), f->value, 0), level_word(f),
			 fmt_fixed(t, sizeof(t), f->threshold, 0));
	} else if (!strcmp(r, "shoe_drop_change")) {
		snprintf(buf, size, "heel drop %s mm lower (%s from %s mm)",
			 fmt_fixed(v, sizeof(v), f->value, 0), level_word(f),
			 fmt_fixed(t, sizeof(t), f->threshold, 0));
	} else {
		snprintf(buf, size, "value %s, threshold %s",
			 fmt_fixed(v, sizeof(v), f->value, 3),
			 fmt_fixed(t, sizeof(t), f->threshold, 3));
	}
	return buf;
}

/* Shoe flags are about equipment, the others about training: at one level, training first. */
static bool is_shoe_rule(const char *rule)
{
	return !strncmp(rule, "shoe_", 5);
}

bool flag_more_urgent(const struct flag *a, const struct flag *b)
{
	if (a->level != b->level)
		return a->level > b->level;
	if (is_shoe_rule(a->rule) != is_shoe_rule(b->rule))
		return !is_shoe_rule(a->rule);
	return a->day > b->day;
}

size_t active_rules(const struct athlete_result *r, const struct flag **out, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->nflags; i++) {
		const struct flag *f = &r->flags[i];

		if (!flag_is_active(r, f) || f->level < FLAG_NOTE || f->level > FLAG_ALERT)
			continue;
		for (j = 0; j < n; j++)
			if (!strcmp(out[j]->rule, f->rule))
				break;
		if (j < n) {
			/* keep the rule's highest level, then its latest day */
			if (f->level > out[j]->level ||
			    (f->level == out[j]->level && f->day > out[j]->day))
				out[j] = f;
			continue;
		}
		if (n < max)
			out[n++] = f;
	}
	/* Most urgent first; insertion sort (n is small). */
	for (i = 1; i < n; i++) {
		const struct flag *v = out[i];

		for (j = i; j > 0 && flag_more_urgent(v, out[j - 1]); j--)
			out[j] = out[j - 1];
		out[j] = v;
	}
	return n;
}

const char report_disclaimer[] =
	"Not medical advice: runrisk counts training load; it cannot diagnose an "
	"injury. Calf pain that lasts more than a week or gets worse needs a doctor "
	"or a physiotherapist; a sudden sharp pain or a \"pop\", bruising, or a calf "
	"that is swollen, warm and red needs one at once.";

const char *acwr_zone(double ratio)
{
	if (!isfinite(ratio))
		return "unknown (needs 28 days of data)";
	if (ratio >= 1.5)
		return "danger zone (1.5 and above)";
	if (ratio > 1.3)
		return "caution zone (above 1.3)";
	if (ratio >= 0.8)
		return "usual range (0.8 to 1.3)";
	return "below the usual range (under 0.8: less than usual)";
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

/* A shoe in use in the last 28 days with under 100 km left gets a line. */
#define SHOE_SOON_KM 100.0

char *athlete_headline(char *buf, size_t size, const struct athlete_result *r)
{
	const struct flag *act[16];
	struct flag_counts c;
	char day[16], k[48], t[48];
	size_t n, i, len = 0;

	buf[0] = '\0';
	flag_counts_compute(&c, r);
	n = active_rules(r, act, sizeof(act) / sizeof(act[0]));
	if (!n) {
		const struct flag *last = r->nflags ? &r->flags[r->nflags - 1] : NULL;
		const struct rule_words *w = last ? rule_words_of(last->rule) : NULL;

		append(buf, size, &len, "Nothing flagged in the last 7 days.");
		if (last)
			append(buf, size, &len, " Last flag: %s %s %s (%s).",
			       rr_format_date(day, sizeof(day), last->day), last->rule,
			       flag_level_name(last->level), w ? w->title : "see flags.csv");
	} else {
		append(buf, size, &len, "%s: ", c.level[FLAG_ALERT] ? "ALERT" :
		       c.level[FLAG_WARN] ? "WARN" : "NOTE");
		for (i = 0; i < n; i++) {
			const struct rule_words *w = rule_words_of(act[i]->rule);

			append(buf, size, &len, "%s%s (%s)", i ? "; " : "",
			       w ? w->title : act[i]->rule, act[i]->rule);
		}
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

char *acwr_sentence(char *buf, size_t size, const struct day_row *d)
{
	char day[16], x[48], y[48], z[48];

	rr_format_date(day, sizeof(day), d->day);
	if (!isfinite(d->acwr_coupled)) {
		snprintf(buf, size, "ACWR on %s: not known until 28 days of data (it is the km "
			 "of the last 7 days over the weekly mean of the last 28).", day);
		return buf;
	}
	snprintf(buf, size, "ACWR %s on %s: %s. It is the km of the last 7 days over the "
		 "weekly mean of the last 28 (other forms: uncoupled %s, EWMA %s).",
		 fmt_fixed(x, sizeof(x), d->acwr_coupled, 2), day, acwr_zone(d->acwr_coupled),
		 fmt_fixed(y, sizeof(y), d->acwr_uncoupled, 2),
		 fmt_fixed(z, sizeof(z), d->acwr_ewma, 2));
	return buf;
}

char *fitness_sentence(char *buf, size_t size, const struct athlete_result *r,
		       const struct day_row *d)
{
	char x[48], y[48], z[48];
	size_t len;

	len = (size_t)snprintf(buf, size, "Fitness %s, fatigue %s (km a day, 42- and 7-day "
			       "averages); form %s (fitness - fatigue before the day's run; "
			       "negative: tired).", fmt_fixed(x, sizeof(x), d->ctl, 1),
			       fmt_fixed(y, sizeof(y), d->atl, 1), fmt_fixed(z, sizeof(z), d->tsb, 1));
	/* fitness starts from 0: under six weeks it reads low whatever the training */
	if (len < size && r->first_day != RR_NO_DAY && d->day - r->first_day < 42)
		snprintf(buf + len, size - len, " Under six weeks of data: fitness is still "
			 "counting up from 0.");
	return buf;
}

void flag_walk_init(struct flag_walk *w, const struct athlete_result *r)
{
	w->r = r;
	w->start = w->end = w->i = r->nflags;
}

const struct flag *flag_walk_next(struct flag_walk *w)
{
	const struct flag *fl = w->r->flags;

	if (w->i >= w->end) {
		if (!w->start)
			return NULL;
		/* the previous day's group: flags are sorted by day, then level */
		w->end = w->start;
		w->start = w->end - 1;
		while (w->start > 0 && fl[w->start - 1].day == fl[w->end - 1].day)
			w->start--;
		w->i = w->start;
	}
	return &fl[w->i++];
}
