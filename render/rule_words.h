/*
 * rule_words.h - every word the report says about a rule, from one table
 * indexed by enum rule_id (render/rule_words.c, one row per rule): what
 * happened, why it matters for the calf, what to do, the chart mark, the
 * measured value with its unit, and the evidence sentence built from the
 * flag's structured evidence (one shape per enum evidence_kind).  The only
 * render/ file that may name a rule.  Private to render/ (and cmd/ for the
 * new-alert line, and tests).
 *
 * Texts may hold {key} (a threshold of analysis/rule_table.h, by its
 * athlete.ini key, or acwr_usual_low, the lower ACWR zone) or {%key} (the
 * same as a percentage): rule_text() puts the athlete's value in, so the
 * words follow an athlete's own thresholds.
 */
#ifndef RR_RULE_WORDS_H
#define RR_RULE_WORDS_H

#include <stddef.h>

#include "analysis/timeline.h"

struct rule_words {
	const char *title;	/* what happened: "hard days back to back" */
	const char *calf;	/* why it matters for the calf */
	const char *todo;	/* what to do about it */
	const char *mark;	/* the chart label of its flags; NULL: the value */
	/* the value against the threshold: "week up +59 % (warn above +30 %)" */
	const char *measure_what;	/* "week up"; NULL where measure words it all */
	void (*measure)(char *buf, size_t size, const struct flag *f, const char *what);
	/* the evidence sentence: numbers, dates and items compared, source */
	void (*evidence)(char *buf, size_t size, const struct athlete_result *r,
			 const struct flag *f);
};

/* The row of rule; NULL for an id outside the table (never for a flag of ours). */
const struct rule_words *rule_words_of(enum rule_id rule);

/* Which words of a row rule_text() gives. */
enum rule_text_part { WORDS_TITLE, WORDS_CALF, WORDS_TODO };

/* That text with the athlete's thresholds put in (r->params).  Returns buf. */
char *rule_text(char *buf, size_t size, const struct athlete_result *r, enum rule_id rule,
		enum rule_text_part part);

/* Any text with {key} and {%key} filled from r->params (chart notes use it too). */
char *thresholds_fill(char *buf, size_t size, const struct athlete_result *r, const char *text);

/* The flag's value against its threshold, with units. */
char *flag_measure(char *buf, size_t size, const struct flag *f);

/* The flag's evidence sentence (flags.csv, report.txt, the pages, cron lines). */
char *flag_evidence(char *buf, size_t size, const struct athlete_result *r,
		    const struct flag *f);

/*
 * Room for an evidence sentence: longer ones are cut.  The longest, two hard
 * days each long, hilly (with the athlete's usual climb) and fast, is about
 * 500 bytes; text.c's line buffer (1024) holds a title and this.
 */
#define EVIDENCE_SIZE 768

#endif
