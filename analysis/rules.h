/*
 * rules.h - the pass that raises the calf-risk flags, with their structured
 * evidence, on a timeline that timeline_build() made: the second step of
 * the analysis, called by the caller after the first (the timeline never
 * calls it).  The rules themselves, as data, are in rule_table.h.  Pure
 * computation, no I/O, no wording.  Included by cmd/ and tests; renderers
 * need only timeline.h and rule_table.h.  doc/rules.md explains every rule.
 */
#ifndef RR_RULES_H
#define RR_RULES_H

#include <stddef.h>

#include "analysis/rule_table.h"
#include "analysis/timeline.h"
#include "core/athlete.h"
#include "core/err.h"

/*
 * Raise every rule's flags on r, which timeline_build() filled (runs, days,
 * weeks, shoes, the thresholds in r->params), then sort them (day, level
 * descending, rule), set r->top_level, each pain entry's preceding flags and
 * the weeks' jump marks.  cfg is the athlete timeline_build() was given
 * (NULL: none).  -1 on allocation failure (r is then still valid, to be
 * released).
 */
int rules_apply(struct athlete_result *r, const struct rr_athlete *cfg);

/* Drop the flags before since (RR_NO_DAY: keep all) and mark the weeks again. */
void rules_keep_since(struct athlete_result *r, int32_t since);

#endif
