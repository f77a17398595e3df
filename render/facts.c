/*
 * facts.c - active flags, their order and urgency, names and numbers that
 * report.txt, the HTML pages, the roster and the charts share (facts.h).
 */
#include "render/facts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/rule_table.h"
#include "core/timeutil.h"

const char *athlete_display_name(const struct athlete_report *a)
{
	if (a->res && a->res->name[0])
		return a->res->name;
	return a->folder && *a->folder ? a->folder : "athlete";
}

void flag_counts_compute(struct flag_counts *c, const struct athlete_result *res)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->latest_day = RR_NO_DAY;
	for (i = 0; i < res->nflags; i++) {
		const struct flag *f = &res->flags[i];

		if (!flag_is_active(res, f) || f->level < FLAG_NOTE ||
		    f->level > FLAG_ALERT)
			continue;
		c->level[f->level]++;
		c->total++;
		if (c->latest_day == RR_NO_DAY || f->day > c->latest_day)
			c->latest_day = f->day;
		if (!c->top || flag_more_urgent(f, c->top))
			c->top = f;
	}
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

static bool is_equipment(const struct flag *f)
{
	const struct rule_def *d = rule_def(f->rule);

	return d && d->equipment;
}

bool flag_more_urgent(const struct flag *a, const struct flag *b)
{
	if (a->level != b->level)
		return a->level > b->level;
	if (is_equipment(a) != is_equipment(b))
		return !is_equipment(a);
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
			if (out[j]->rule == f->rule)
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

bool flag_first_of_rule(const struct athlete_result *r, size_t i)
{
	const struct flag *fl = &r->flags[i];
	size_t j;

	for (j = 0; j < r->nflags; j++) {
		const struct flag *g = &r->flags[j];

		if (j != i && flag_is_active(r, g) && g->rule == fl->rule &&
		    (g->level > fl->level || (g->level == fl->level && j < i)))
			return false;
	}
	return true;
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

void load_lines_of(struct load_line out[LOAD_LINES], const struct athlete_result *r)
{
	const struct load_window *a = &r->last7, *b = &r->last28;
	const struct load_line lines[LOAD_LINES] = {
		{ "distance (km)", a->distance_m / 1000, b->distance_m / 1000, 1 },
		{ "runs", a->runs, b->runs, 0 },
		{ "climb (m)", a->ascent_m, b->ascent_m, 0 },
		{ "fast running (min)", a->fast_s / 60, b->fast_s / 60, 0 },
		{ "longest run (km)", a->longest_m / 1000, b->longest_m / 1000, 1 },
		{ "calf load (weighted km)", a->calf_load, b->calf_load, 1 },
	};

	memcpy(out, lines, sizeof(lines));
}

char *pain_preceding_text(char *buf, size_t size, const struct pain_row *p)
{
	size_t len = 0, k;

	buf[0] = '\0';
	for (k = 0; k <= p->npreceding; k++) {
		char date[16], item[64];
		int n = 0;

		if (k < p->npreceding)
			n = snprintf(item, sizeof(item), "%s%s %s %s", len ? "; " : "",
				     rule_name(p->preceding[k].rule),
				     flag_level_name(p->preceding[k].level),
				     rr_format_date(date, sizeof(date), p->preceding[k].day));
		else if (!p->more)
			break;
		if (n < 0)
			continue;
		/* room for the item and for "; ..." after it, else "..." now */
		if (k == p->npreceding || len + (size_t)n + 5 >= size) {
			snprintf(buf + len, size - len, "%s", len ? "; ..." : "...");
			break;
		}
		memcpy(buf + len, item, (size_t)n + 1);
		len += (size_t)n;
	}
	return buf;
}

const struct day_row *last_day_row(const struct athlete_result *r)
{
	size_t i;

	for (i = r->ndays; i-- > 0;)
		if (r->days[i].day == r->last_day)
			return &r->days[i];
	return NULL;
}

int32_t roster_ref_day(const struct athlete_report *a, size_t n)
{
	int32_t ref = RR_NO_DAY;
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].res->last_day != RR_NO_DAY &&
		    (ref == RR_NO_DAY || a[i].res->last_day > ref))
			ref = a[i].res->last_day;
	return ref;
}

size_t pain_first_shown(const struct athlete_result *r)
{
	return r->npain > PAIN_SHOWN_MAX ? r->npain - PAIN_SHOWN_MAX : 0;
}
