#include "cmd/alerts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/linefile.h"
#include "core/alloc.h"
#include "core/bytebuf.h"
#include "core/strindex.h"
#include "core/timeutil.h"

/* ---- alerts already reported ---- */

static const char *alert_key(const void *owner, size_t i)
{
	return ((const struct alert_set *)owner)->keys[i];
}

void alert_set_init(struct alert_set *s)
{
	memset(s, 0, sizeof(*s));
}

void alert_set_release(struct alert_set *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->keys[i]);
	free(s->keys);
	free(s->days);
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

/* "YYYY-MM-DD\tLEVEL\trule\tathlete", escaped; NULL on OOM. */
static char *alert_make_key(const char *athlete, int32_t day, const char *rule,
			    enum flag_level level)
{
	struct wbuf b = { NULL, 0, 0, false };
	char date[16], lv[16];

	rr_format_date(date, sizeof(date), day);
	snprintf(lv, sizeof(lv), "\t%d\t", (int)level);
	wbuf_add(&b, date, strlen(date));
	wbuf_add(&b, lv, strlen(lv));
	wbuf_add_escaped(&b, rule);
	wbuf_add(&b, "\t", 1);
	wbuf_add_escaped(&b, athlete);
	wbuf_add(&b, "", 1);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return (char *)b.p;
}

/* Takes ownership of key.  1 added, 0 present, -1 OOM. */
static int alert_insert(struct alert_set *s, char *key, int32_t day)
{
	if (index_find(s->slots, s->nslots, s, alert_key, key) != SIZE_MAX) {
		free(key);
		return 0;
	}
	if (s->n + 1 > s->cap) {
		size_t cap = s->cap;

		if (RR_GROW(s->keys, cap, s->n + 1)) {
			free(key);
			return -1;
		}
		cap = s->cap;
		if (RR_GROW(s->days, cap, s->n + 1)) {
			free(key);
			return -1;
		}
		s->cap = cap;
	}
	s->keys[s->n] = key;
	s->days[s->n] = day;
	s->n++;
	if ((s->n + 1) * 2 > s->nslots) {
		if (index_rebuild(&s->slots, &s->nslots, s->n, s, alert_key, NULL)) {
			s->n--;
			free(key);
			return -1;
		}
	} else {
		index_put(s->slots, s->nslots, key, s->n - 1);
	}
	return 1;
}

bool alert_set_contains(const struct alert_set *s, const char *athlete, int32_t day,
			const char *rule, enum flag_level level)
{
	char *key = alert_make_key(athlete, day, rule, level);
	bool found;

	if (!key)
		return false;	/* out of memory: say new, better twice than never */
	found = index_find(s->slots, s->nslots, s, alert_key, key) != SIZE_MAX;
	free(key);
	return found;
}

int alert_set_add(struct alert_set *s, const char *athlete, int32_t day,
		  const char *rule, enum flag_level level)
{
	char *key = alert_make_key(athlete, day, rule, level);
	int rc;

	if (!key)
		return -1;
	rc = alert_insert(s, key, day);
	if (rc == 1)
		s->dirty = true;
	return rc;
}

/*
 * Known bad files share the set: their "day" is one of two values no
 * calendar day reaches, so that pruning by day never drops them.
 */
#define BAD_UNSEEN (INT32_MAX - 1)	/* loaded, not met by this run */
#define BAD_SEEN INT32_MAX		/* met by this run */

/* Drop the entries drop() picks, keeping the order and a correct index. */
static void compact(struct alert_set *s, bool (*drop)(int32_t day, int32_t arg), int32_t arg)
{
	size_t i, keep = 0;

	for (i = 0; i < s->n; i++) {
		if (drop(s->days[i], arg)) {
			free(s->keys[i]);
			continue;
		}
		s->keys[keep] = s->keys[i];
		s->days[keep] = s->days[i];
		keep++;
	}
	if (keep == s->n)
		return;
	s->n = keep;
	s->dirty = true;
	if (index_rebuild(&s->slots, &s->nslots, s->n, s, alert_key, NULL)) {
		/* Keep a correct (if crowded) index: clear and re-insert in place. */
		memset(s->slots, 0, s->nslots * sizeof(*s->slots));
		for (i = 0; i < s->n; i++)
			index_put(s->slots, s->nslots, s->keys[i], i);
	}
}

static bool before(int32_t day, int32_t first_day)
{
	return day < first_day;
}

static bool unseen_bad(int32_t day, int32_t unused)
{
	(void)unused;
	return day == BAD_UNSEEN;
}

void alert_set_prune_before(struct alert_set *s, int32_t first_day)
{
	compact(s, before, first_day);
}

/* "bad\tSIZE\tMTIME_S.NS\tpath", escaped; NULL on OOM. */
static char *bad_make_key(const char *path, uint64_t size_bytes, int64_t mtime_s,
			  long mtime_ns)
{
	struct wbuf b = { NULL, 0, 0, false };
	char head[96];

	snprintf(head, sizeof(head), "bad\t%llu\t%lld.%09ld\t", (unsigned long long)size_bytes,
		 (long long)mtime_s, mtime_ns);
	wbuf_add(&b, head, strlen(head));
	wbuf_add_escaped(&b, path);
	wbuf_add(&b, "", 1);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return (char *)b.p;
}

int alert_set_add_bad(struct alert_set *s, const char *path, uint64_t size_bytes,
		      int64_t mtime_s, long mtime_ns)
{
	char *key = bad_make_key(path, size_bytes, mtime_s, mtime_ns);
	size_t idx;
	int rc;

	if (!key)
		return -1;
	idx = index_find(s->slots, s->nslots, s, alert_key, key);
	if (idx != SIZE_MAX) {
		free(key);
		s->days[idx] = BAD_SEEN;
		return 0;
	}
	rc = alert_insert(s, key, BAD_SEEN);
	if (rc == 1)
		s->dirty = true;
	return rc;
}

void alert_set_forget_unseen_bad(struct alert_set *s)
{
	compact(s, unseen_bad, 0);
}

#define ALERTS_HEADER "runrisk-alerts 1\n"
#define ALERTS_MAX_BYTES (64ULL << 20)

/* Is line (without newline) a key as alert_make_key() writes it? */
static bool alert_line_ok(const char *line, int32_t *day)
{
	const char *p;
	int tabs = 0;

	if (!strncmp(line, "bad\t", 4)) {
		unsigned long long size;
		long long sec;
		long ns;
		int used = 0;

		*day = BAD_UNSEEN;
		if (sscanf(line + 4, "%llu\t%lld.%9ld\t%n", &size, &sec, &ns, &used) != 3 ||
		    used == 0 || !line[4 + used])
			return false;
	} else if (strlen(line) < 16 || rr_parse_date(line, 10, day) != 0 ||
		   line[10] != '\t' || line[11] < '1' || line[11] > '3' || line[12] != '\t') {
		return false;
	}
	for (p = line; *p; p++) {
		if (*p == '\t')
			tabs++;
		else if ((unsigned char)*p < 0x20)
			return false;
	}
	return tabs == 3;
}

/* A line of the memory file: kept (0), malformed and dropped (1), or OOM (-1). */
static int alert_add_line(void *ctx, char *line)
{
	int32_t day;

	if (!alert_line_ok(line, &day)) {
		free(line);
		return 1;
	}
	return alert_insert(ctx, line, day) < 0 ? -1 : 0;
}

enum rr_status alert_set_load(struct alert_set *s, const char *path, bool *rejected,
			      struct rr_error *err)
{
	enum linefile_state state;
	enum rr_status st;
	size_t dropped;

	alert_set_release(s);
	if (rejected)
		*rejected = false;
	st = linefile_load(path, ALERTS_HEADER, ALERTS_MAX_BYTES, alert_add_line, s, &state,
			   &dropped, err);
	if (st != RR_OK)
		return st;
	if (state == LINEFILE_REJECTED && rejected)
		*rejected = true;
	/* a rejected file or a dropped line: the memory is rewritten */
	if (state == LINEFILE_REJECTED || dropped)
		s->dirty = true;
	return RR_OK;
}

enum rr_status alert_set_save(struct alert_set *s, const char *path, struct rr_error *err)
{
	enum rr_status st;

	if (!s->dirty)
		return RR_OK;
	st = linefile_save(path, ALERTS_HEADER, s->keys, s->n, err);
	if (st == RR_OK)
		s->dirty = false;
	return st;
}
