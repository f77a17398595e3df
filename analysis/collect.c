#include "analysis/collect.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

int summary_collect_init(struct summary_collect *c, const struct run_params *p,
			 bool keep_all)
{
	memset(c, 0, sizeof(*c));
	c->keep_all = keep_all;
	c->m = metrics_new(p);
	return c->m ? 0 : -1;
}

static int on_begin(void *ctx, const struct rr_meta *meta)
{
	struct summary_collect *c = ctx;

	metrics_begin(c->m, meta);
	return 0;
}

static int on_point(void *ctx, const struct rr_point *pt)
{
	struct summary_collect *c = ctx;

	metrics_point(c->m, pt);
	return 0;
}

static int on_end(void *ctx, const struct rr_meta *meta)
{
	struct summary_collect *c = ctx;

	metrics_end(c->m, meta, &c->last);
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
