#include "analysis/dedupe.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

void dedupe_rules_default(struct dedupe_rules *r)
{
	r->start_window_s = 60;
	r->distance_frac = 0.06;	/* a GPX (GPS) and a TCX (foot pod) copy of one run differ by up to ~5 % */
	r->distance_abs_m = 200;
	r->elapsed_frac = 0.05;
	r->elapsed_abs_s = 120;
}

/* |a - b| within frac of the larger magnitude, or within abs. */
static bool close_enough(double a, double b, double frac, double abs_margin)
{
	double diff = fabs(a - b), big = fmax(fabs(a), fabs(b));

	return diff <= abs_margin || diff <= frac * big;
}

static bool eligible(const struct run_summary *s)
{
	return !s->route && isfinite(s->start_t_s);
}

bool dedupe_same_activity(const struct dedupe_rules *r, const struct run_summary *a,
			  const struct run_summary *b)
{
	bool dist_known, elapsed_known;

	if (!eligible(a) || !eligible(b) ||
	    fabs(a->start_t_s - b->start_t_s) > r->start_window_s)
		return false;
	dist_known = isfinite(a->distance_m) && isfinite(b->distance_m);
	elapsed_known = isfinite(a->elapsed_s) && isfinite(b->elapsed_s);
	if (!dist_known && !elapsed_known)
		return false;
	if (dist_known && !close_enough(a->distance_m, b->distance_m, r->distance_frac,
					r->distance_abs_m))
		return false;
	if (elapsed_known && !close_enough(a->elapsed_s, b->elapsed_s, r->elapsed_frac,
					   r->elapsed_abs_s))
		return false;
	return true;
}

static int format_rank(enum rr_format f)
{
	/* FIT is the watch's own recording (sub-sport, laps, device): the richest */
	return f == RR_FORMAT_FIT ? 3 : f == RR_FORMAT_TCX ? 2 : f == RR_FORMAT_GPX ? 1 : 0;
}

/* -1 when x is preferred (true beats false, more beats less). */
static int prefer(bool x, bool y)
{
	return x == y ? 0 : x ? -1 : 1;
}

int dedupe_richer(const struct dedupe_item *a, const struct dedupe_item *b)
{
	const struct run_summary *x = a->s, *y = b->s;
	int c;

	if ((c = prefer(isfinite(x->hr_avg), isfinite(y->hr_avg))))
		return c;
	if (x->points != y->points)
		return x->points > y->points ? -1 : 1;
	if ((c = prefer(isfinite(x->device_distance_m), isfinite(y->device_distance_m))))
		return c;
	if (format_rank(x->format) != format_rank(y->format))
		return format_rank(x->format) > format_rank(y->format) ? -1 : 1;
	c = strcmp(a->path ? a->path : "", b->path ? b->path : "");
	if (c)
		return c < 0 ? -1 : 1;
	if (x->activity_index != y->activity_index)
		return x->activity_index < y->activity_index ? -1 : 1;
	return 0;
}

/* Union-find over item indices; parent[i] == i at a root. */
static size_t uf_root(size_t *parent, size_t i)
{
	size_t root = i, next;

	while (parent[root] != root)
		root = parent[root];
	while (parent[i] != root) {	/* path compression */
		next = parent[i];
		parent[i] = root;
		i = next;
	}
	return root;
}

static void uf_join(size_t *parent, size_t a, size_t b)
{
	a = uf_root(parent, a);
	b = uf_root(parent, b);
	if (a != b)
		parent[a > b ? a : b] = a < b ? a : b;	/* smaller index as root */
}


/* qsort has no context argument: sort (start, index) pairs instead. */
struct start_key {
	double start_t_s;
	size_t idx;
};

static int start_cmp(const void *pa, const void *pb)
{
	const struct start_key *a = pa, *b = pb;

	if (a->start_t_s != b->start_t_s)
		return a->start_t_s < b->start_t_s ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

int dedupe_find(const struct dedupe_rules *r, const struct dedupe_item *items, size_t n,
		size_t *dup_of, size_t *nduplicates)
{
	struct dedupe_rules defaults;
	struct start_key *order;
	size_t *parent, *best;
	size_t i, j, m = 0, ndup = 0;

	for (i = 0; i < n; i++)
		dup_of[i] = DEDUPE_KEPT;
	if (nduplicates)
		*nduplicates = 0;
	if (!r) {
		dedupe_rules_default(&defaults);
		r = &defaults;
	}
	if (n < 2)
		return 0;
	order = rr_alloc_array(n, sizeof(*order));
	parent = rr_alloc_array(n, sizeof(*parent));
	best = rr_alloc_array(n, sizeof(*best));
	if (!order || !parent || !best) {
		free(order);
		free(parent);
		free(best);
		return -1;
	}
	for (i = 0; i < n; i++) {
		parent[i] = i;
		if (eligible(items[i].s)) {
			order[m].start_t_s = items[i].s->start_t_s;
			order[m].idx = i;
			m++;
		}
	}
	qsort(order, m, sizeof(*order), start_cmp);

	/* Compare each activity with those starting within the window after it. */
	for (i = 0; i < m; i++)
		for (j = i + 1; j < m && order[j].start_t_s - order[i].start_t_s <=
					   r->start_window_s; j++)
			if (dedupe_same_activity(r, items[order[i].idx].s, items[order[j].idx].s))
				uf_join(parent, order[i].idx, order[j].idx);

	/* The richest member of each group; richness is a total order. */
	for (i = 0; i < n; i++)
		best[i] = DEDUPE_KEPT;
	for (i = 0; i < n; i++) {
		size_t root = uf_root(parent, i);

		if (best[root] == DEDUPE_KEPT || dedupe_richer(&items[i], &items[best[root]]) < 0)
			best[root] = i;
	}
	for (i = 0; i < n; i++) {
		size_t keep = best[uf_root(parent, i)];

		if (keep != i) {
			dup_of[i] = keep;
			ndup++;
		}
	}
	free(order);
	free(parent);
	free(best);
	if (nduplicates)
		*nduplicates = ndup;
	return 0;
}

int dedupe_runs(const struct dedupe_rules *r, const struct run_entry *runs, size_t n,
		size_t *dup_of, size_t *nduplicates)
{
	struct dedupe_item *items = rr_alloc_array(n ? n : 1, sizeof(*items));
	size_t i;
	int rc;

	if (!items) {
		for (i = 0; i < n; i++)
			dup_of[i] = DEDUPE_KEPT;
		return -1;
	}
	for (i = 0; i < n; i++) {
		items[i].s = &runs[i].s;
		items[i].path = runs[i].file;
	}
	rc = dedupe_find(r, items, n, dup_of, nduplicates);
	free(items);
	return rc;
}
