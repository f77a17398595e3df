#include "analysis/collect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classify.h"
#include "core/alloc.h"

int summary_collect_init(struct summary_collect *c, const struct run_params *p,
			 bool keep_all)
{
	memset(c, 0, sizeof(*c));
	c->keep_all = keep_all;
	c->m = metrics_new(p);
	return c->m ? 0 : -1;
}

#define T_MIN_S 315964800.0	/* 1980-01-06: as metrics.c, earlier times are placeholders */
#define T_MAX_S 4102444800.0	/* 2100-01-01 */

static bool time_valid(double t)
{
	return t >= T_MIN_S && t < T_MAX_S;
}

static int on_begin(void *ctx, const struct rr_meta *meta)
{
	struct summary_collect *c = ctx;

	c->meta = *meta;
	c->held_valid = false;
	c->last_t = NAN;
	c->part_timed = 0;
	c->act_first = c->nruns;
	metrics_begin(c->m, meta);
	return 0;
}

/* Finish one summary (a part or a whole activity).  -1 when out of memory. */
static int emit(struct summary_collect *c, const struct rr_meta *meta)
{
	metrics_end(c->m, meta, &c->last);
	c->last.activity_index = (unsigned)c->activities;	/* parts are numbered too */
	c->activities++;
	if (!c->keep_all)
		return 0;
	if (RR_GROW(c->runs, c->cap, c->nruns + 1)) {
		c->oom = true;
		return -1;	/* the parser stops */
	}
	c->runs[c->nruns++] = c->last;
	return 0;
}

/* End the current part and begin the next with the same metadata. */
static int split(struct summary_collect *c)
{
	if (emit(c, &c->meta))
		return -1;
	metrics_begin(c->m, &c->meta);
	c->last_t = NAN;
	c->part_timed = 0;
	return 0;
}

static void feed(struct summary_collect *c, const struct rr_point *pt)
{
	if (time_valid(pt->t_s)) {
		c->last_t = pt->t_s;
		c->part_timed++;
	}
	metrics_point(c->m, pt);
}

/*
 * A point more than COLLECT_SPLIT_GAP_S after the part's last time waits
 * for the next point: when that one does not fall back before it, the gap
 * is real and a new part begins; else it is one glitched time, which the
 * metrics drop.  A part of one timed point is not split (the metrics'
 * stale-clock rule deals with a lone first point).
 */
static int on_point(void *ctx, const struct rr_point *pt)
{
	struct summary_collect *c = ctx;

	if (c->held_valid) {
		c->held_valid = false;
		if (!(time_valid(pt->t_s) && pt->t_s < c->held.t_s) && split(c))
			return -1;
		feed(c, &c->held);
	}
	if (time_valid(pt->t_s) && c->part_timed >= 2 &&
	    pt->t_s - c->last_t > COLLECT_SPLIT_GAP_S) {
		c->held = *pt;
		c->held_valid = true;
		return 0;
	}
	feed(c, pt);
	return 0;
}

static void copy_meta_text(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int on_end(void *ctx, const struct rr_meta *meta)
{
	struct summary_collect *c = ctx;
	size_t i;

	if (c->held_valid) {
		c->held_valid = false;
		if (split(c))
			return -1;
		feed(c, &c->held);
	}
	if (emit(c, meta))
		return -1;
	/*
	 * Earlier parts were finished with the metadata known at the start; a
	 * GPX <type> or <name> may come later: give them the final one.
	 */
	for (i = c->act_first; c->keep_all && i + 1 < c->nruns; i++) {
		struct run_summary *s = &c->runs[i];

		copy_meta_text(s->sport, sizeof(s->sport), meta->sport);
		copy_meta_text(s->name, sizeof(s->name), meta->name);
		copy_meta_text(s->device, sizeof(s->device), meta->creator);
		s->route = meta->route;
		rr_classify(s);
	}
	return 0;
}

void summary_collect_sink(struct summary_collect *c, struct rr_sink *sink)
{
	sink->ctx = c;
	sink->begin = on_begin;
	sink->point = on_point;
	sink->end = on_end;
}

struct run_summary *summary_collect_take(struct summary_collect *c, size_t *n)
{
	struct run_summary *runs = c->runs;

	/*
	 * RR_GROW starts at 16 summaries (~39 KB) and most files hold one
	 * activity: trim, or 2 000 files would hold ~75 MB of slack.
	 */
	if (runs && c->nruns < c->cap) {
		struct run_summary *fit = realloc(runs, c->nruns * sizeof(*runs));

		if (fit)
			runs = fit;
	}
	*n = c->nruns;
	c->runs = NULL;
	c->nruns = c->cap = 0;
	return runs;
}

void summary_collect_release(struct summary_collect *c)
{
	metrics_free(c->m);
	free(c->runs);
	c->m = NULL;
	c->runs = NULL;
	c->nruns = c->cap = 0;
}
