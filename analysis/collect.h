/*
 * collect.h - the parser sink that runs the metrics: each activity a parser
 * reports becomes one run_summary.  Shared by the pipeline (cmd/), the
 * benchmark and the fuzz targets, so that all of them measure and test the
 * same path.
 *
 * Usage:
 *	struct summary_collect c;
 *	struct rr_sink sink;
 *	if (summary_collect_init(&c, &params, true)) ... out of memory
 *	summary_collect_sink(&c, &sink);
 *	st = rr_parse(in, &limits, &sink, &format, &err);
 *	if (c.oom) ... out of memory
 *	runs = summary_collect_take(&c, &nruns);	// caller frees runs
 *	summary_collect_release(&c);
 *
 * Ownership: the collector owns its metrics accumulator and, until taken,
 * the summaries.
 */
#ifndef RR_COLLECT_H
#define RR_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/summary.h"
#include "core/activity.h"

/*
 * An activity whose timed points stop for more than this is two activities
 * (a GPS logger's multi-day file): longer than any stop within one outing
 * (lunch on a hike, an ultra's aid station), shorter than a night.
 */
#define COLLECT_SPLIT_GAP_S (3 * 3600.0)

struct summary_collect {
	struct metrics *m;
	/* Splitting at long gaps (COLLECT_SPLIT_GAP_S), one point of look-ahead. */
	struct rr_meta meta;		/* the parser's activity as begun */
	struct rr_point held;		/* a point after a long gap, waiting for the next */
	bool held_valid;
	double last_t;			/* last valid time of the current part, NAN none */
	unsigned long part_timed;	/* timed points in the current part */
	size_t act_first;		/* runs[] index of this activity's first part */
	bool keep_all;			/* false: only the last summary is kept */
	struct run_summary *runs;	/* keep_all: one per activity */
	size_t nruns, cap;
	struct run_summary last;	/* the latest activity's summary */
	size_t activities;		/* activities ended so far */
	bool oom;			/* a summary could not be stored */
};

/* 0, or -1 when out of memory.  keep_all: store every summary (else only last). */
int summary_collect_init(struct summary_collect *c, const struct run_params *p,
			 bool keep_all);

/* A sink whose callbacks feed c (valid while c lives). */
void summary_collect_sink(struct summary_collect *c, struct rr_sink *sink);

/*
 * Hand the summaries over (trimmed to their number: a report keeps every
 * file's summaries until it ends); the collector then holds none.
 */
struct run_summary *summary_collect_take(struct summary_collect *c, size_t *n);

void summary_collect_release(struct summary_collect *c);

#endif
