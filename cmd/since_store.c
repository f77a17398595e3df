#include "cmd/since_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/linefile.h"
#include "core/alloc.h"
#include "core/bytebuf.h"
#include "core/timeutil.h"

#define SINCE_HEADER "runrisk-since 1\n"
#define SINCE_MAX_BYTES (64ULL << 20)

void since_store_init(struct since_store *s)
{
	memset(s, 0, sizeof(*s));
}

void since_store_release(struct since_store *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->lines[i]);
	free(s->lines);
	memset(s, 0, sizeof(*s));
}

/* Controls, '%' and DEL as %XX, as in .runrisk-alerts.  NULL on OOM. */
static char *escape_name(const char *s)
{
	struct wbuf b = { NULL, 0, 0, false };

	wbuf_add_escaped(&b, s);
	wbuf_add(&b, "", 1);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return (char *)b.p;
}

/* The escaped athlete of a line: after its last tab. */
static const char *line_athlete(const char *line)
{
	const char *t = strrchr(line, '\t');

	return t ? t + 1 : "";
}

static int add_line(struct since_store *s, char *line)
{
	if (!line || RR_GROW(s->lines, s->cap, s->n + 1)) {
		free(line);
		return -1;
	}
	s->lines[s->n++] = line;
	return 0;
}

/* linefile_load's add: every whole line is kept (parse_line judges it later). */
static int since_add_line(void *ctx, char *line)
{
	return add_line(ctx, line);
}

enum rr_status since_store_load(struct since_store *s, const char *path, struct rr_error *err)
{
	enum linefile_state state;
	enum rr_status st;
	size_t dropped;

	st = linefile_load(path, SINCE_HEADER, SINCE_MAX_BYTES, since_add_line, s, &state,
			   &dropped, err);
	if (st == RR_OK && state == LINEFILE_REJECTED)
		s->rejected = true;
	return st;
}

/* One line into st; malformed lines are skipped.  0 or -1 (OOM). */
static int parse_line(const char *line, struct since_state *st)
{
	char kind = line[0], date[16], rule[64];
	long long v;
	int level, sev, n = 0;
	int32_t day;

	if (kind == 'd' && sscanf(line, "d\t%15[0-9-]\t%n", date, &n) == 1 && n &&
	    !rr_parse_date(date, strlen(date), &day)) {
		st->known = true;
		st->report_day = day;
		return 0;
	}
	if (kind == 'r' && sscanf(line, "r\t%lld\t%n", &v, &n) == 1 && n)
		return since_state_add_run(st, (int64_t)v);
	if (kind == 'f' && sscanf(line, "f\t%15[0-9-]\t%d\t%63[a-z_]\t%n", date, &level, rule,
				  &n) == 3 && n && !rr_parse_date(date, strlen(date), &day) &&
	    level >= FLAG_NOTE && level <= FLAG_ALERT && rule_lookup(rule) >= 0)
		return since_state_add_flag(st, day, (enum rule_id)rule_lookup(rule),
					    (enum flag_level)level);
	if (kind == 'p' && sscanf(line, "p\t%15[0-9-]\t%d\t%n", date, &sev, &n) == 2 && n &&
	    !rr_parse_date(date, strlen(date), &day))
		return since_state_add_pain(st, day, sev);
	return 0;
}

int since_store_get(const struct since_store *s, const char *athlete, struct since_state *out)
{
	char *name = escape_name(athlete);
	size_t i;

	since_state_init(out);
	if (!name)
		return -1;
	for (i = 0; i < s->n; i++) {
		if (strcmp(line_athlete(s->lines[i]), name) != 0)
			continue;
		if (parse_line(s->lines[i], out)) {
			free(name);
			since_state_release(out);
			return -1;
		}
	}
	free(name);
	if (!out->known)
		since_state_release(out);	/* facts without a report day: not trusted */
	return 0;
}

/* Drop the lines of the athletes for which drop(name) holds. */
static void drop_lines(struct since_store *s, bool (*drop)(const char *, const void *),
		       const void *ctx)
{
	size_t i, k = 0;

	for (i = 0; i < s->n; i++) {
		if (drop(line_athlete(s->lines[i]), ctx))
			free(s->lines[i]);
		else
			s->lines[k++] = s->lines[i];
	}
	s->n = k;
}

static bool is_name(const char *name, const void *ctx)
{
	return strcmp(name, ctx) == 0;
}

int since_store_put(struct since_store *s, const char *athlete, const struct since_state *st)
{
	char *name = escape_name(athlete), line[160], date[16];
	size_t i;
	int rc = -1;

	if (!name)
		return -1;
	drop_lines(s, is_name, name);
#define PUT(...) do { \
		char *l_; \
		snprintf(line, sizeof(line), __VA_ARGS__); \
		l_ = malloc(strlen(line) + strlen(name) + 1); \
		if (l_) { strcpy(l_, line); strcat(l_, name); } \
		if (add_line(s, l_)) goto out; \
	} while (0)
	PUT("d\t%s\t", rr_format_date(date, sizeof(date), st->report_day));
	for (i = 0; i < st->nruns; i++)
		PUT("r\t%" PRId64 "\t", st->run_starts_s[i]);
	for (i = 0; i < st->nflags; i++)
		PUT("f\t%s\t%d\t%s\t", rr_format_date(date, sizeof(date), st->flags[i].day),
		    (int)st->flags[i].level, rule_name(st->flags[i].rule));
	for (i = 0; i < st->npain; i++)
		PUT("p\t%s\t%d\t", rr_format_date(date, sizeof(date), st->pain[i].day),
		    st->pain[i].severity);
#undef PUT
	rc = 0;
out:
	free(name);
	return rc;
}

struct name_list {
	char **v;
	size_t n;
};

static bool not_listed(const char *name, const void *ctx)
{
	const struct name_list *l = ctx;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] && strcmp(l->v[i], name) == 0)
			return false;
	return true;
}

void since_store_keep_only(struct since_store *s, const char *const *names, size_t n)
{
	struct name_list l = { rr_alloc_array(n + 1, sizeof(char *)), n };
	size_t i;

	if (!l.v)
		return;	/* out of memory: keep all, harmless */
	for (i = 0; i < n; i++)
		l.v[i] = escape_name(names[i]);
	for (i = 0; i < n; i++)
		if (!l.v[i])
			goto out;
	drop_lines(s, not_listed, &l);
out:
	for (i = 0; i < n; i++)
		free(l.v[i]);
	free(l.v);
}

enum rr_status since_store_save(const struct since_store *s, const char *path,
				struct rr_error *err)
{
	return linefile_save(path, SINCE_HEADER, s->lines, s->n, err);
}
