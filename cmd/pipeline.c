#include "cmd/pipeline.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/collect.h"
#include "analysis/rule_table.h"
#include "cmd/walk.h"
#include "core/alloc.h"
#include "core/num.h"
#include "parsers/archive.h"
#include "parsers/athlete_ini.h"
#include "parsers/parse.h"

void parsed_file_release(struct parsed_file *f)
{
	free(f->runs);
	f->runs = NULL;
	f->nruns = 0;
}

void pipeline_opts_init(struct pipeline_opts *o)
{
	memset(o, 0, sizeof(*o));
	rr_limits_default(&o->limits);
	run_params_init(&o->params);
	o->jobs = 1;
}

enum rr_status pipeline_open_input(struct rr_input **in, const char *path, const char *archive,
				   const struct rr_member_ref *ref, struct rr_archive_cursor *cur,
				   unsigned long long max_bytes, struct rr_error *err)
{
	if (!archive || !ref || ref->depth == 0)
		return rr_input_open(in, path, max_bytes, err);
	*in = NULL;
	if (!cur)
		return rr_error_set(err, RR_EIO, 0, 0, "a zip member needs a cursor");
	return rr_archive_open_member(in, cur, archive, ref, NULL, max_bytes, err);
}

void pipeline_parse_one(const struct pipeline_opts *o, struct parsed_file *f)
{
	struct rr_archive_cursor *cur = NULL;

	if (f->archive && !(cur = rr_archive_cursor_new())) {
		rr_error_clear(&f->err);
		f->status = rr_error_set(&f->err, RR_ENOMEM, 0, 0, "out of memory");
		return;
	}
	pipeline_parse_one_at(o, f, cur);
	rr_archive_cursor_free(cur);
}

void pipeline_parse_one_at(const struct pipeline_opts *o, struct parsed_file *f,
			   struct rr_archive_cursor *cur)
{
	struct rr_input *in = NULL;
	struct summary_collect c;
	struct rr_sink sink;

	rr_error_clear(&f->err);
	if (f->refused) {
		f->status = rr_error_set(&f->err, f->refused_status, 0, 0, "%s", f->refused);
		return;
	}
	f->status = pipeline_open_input(&in, f->path, f->archive, f->member, cur,
					o->limits.max_bytes, &f->err);
	if (f->status != RR_OK)
		return;
	if (summary_collect_init(&c, &o->params, true)) {
		f->status = rr_error_set(&f->err, RR_ENOMEM, 0, 0, "out of memory");
	} else {
		summary_collect_sink(&c, &sink);
		f->status = rr_parse(in, &o->limits, &sink, &f->format, &f->err);
		if (c.oom) {
			rr_error_clear(&f->err);	/* not "stopped by the consumer" */
			f->status = rr_error_set(&f->err, RR_ENOMEM, 0, 0, "out of memory");
		}
		if (f->status == RR_OK)
			f->runs = summary_collect_take(&c, &f->nruns);
	}
	summary_collect_release(&c);
	rr_input_close(in);
}

struct pool {
	const struct pipeline_opts *o;
	struct parsed_file *files;
	size_t n;
	atomic_size_t next;
	atomic_size_t done;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	/* Kept open across files: members of one zip come in archive order. */
	struct rr_archive_cursor *cur = rr_archive_cursor_new();
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n) {
		if (!p->files[i].from_cache) {
			if (p->files[i].archive && cur)
				pipeline_parse_one_at(p->o, &p->files[i], cur);
			else
				pipeline_parse_one(p->o, &p->files[i]);
		}
		atomic_fetch_add(&p->done, 1);
	}
	rr_archive_cursor_free(cur);
	return NULL;
}

static void show_progress(struct pool *p, int final)
{
	size_t done = atomic_load(&p->done);

	fprintf(stderr, "\rrunrisk: parsing %zu/%zu files%s", done, p->n, final ? "\n" : "");
	fflush(stderr);
}

int pipeline_parse_all(const struct pipeline_opts *o, struct parsed_file *files, size_t n)
{
	struct pool p = { o, files, n, 0, 0 };
	pthread_t *tids;
	size_t started = 0, t, nt = o->jobs ? o->jobs : 1;
	int rc = 0;

	if (nt > n)
		nt = n ? n : 1;
	tids = rr_alloc_array(nt, sizeof(*tids));
	if (tids)
		for (t = 0; t < nt; t++, started++)
			if (pthread_create(&tids[t], NULL, worker, &p))
				break;
	if (started < nt)
		rc = -1;
	if (started == 0) {
		worker(&p);
	} else if (o->progress) {
		while (atomic_load(&p.done) < n) {
			show_progress(&p, 0);
			usleep(200 * 1000);
		}
	}
	for (t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
	if (o->progress)
		show_progress(&p, 1);
	free(tids);
	return rc;
}

/*
 * File names and messages come from the files: a newline in a name would
 * forge a diagnostic line (cron mails stderr), so control bytes print as
 * '?'.  Other bytes pass unchanged: names are bytes, not always UTF-8.
 */
void put_safe(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

void print_file_error(const char *file, const struct rr_error *e, const char *fallback)
{
	fputs("runrisk: ", stderr);
	put_safe(stderr, file);
	if (e->line)
		fprintf(stderr, ":%lu:%lu", e->line, e->col ? e->col : 1);
	fputs(": error: ", stderr);
	put_safe(stderr, e->msg[0] ? e->msg : fallback);
	fputc('\n', stderr);
}

void pipeline_print_error(const struct parsed_file *f)
{
	print_file_error(f->path, &f->err, rr_status_name(f->status));
}

static void walk_error(void *ctx, const char *path, int errno_, const char *what)
{
	(void)ctx;
	print_walk_error(path, errno_, what);
}

void print_walk_error(const char *path, int errno_, const char *what)
{
	fputs("runrisk: ", stderr);
	put_safe(stderr, path);
	if (errno_)
		fprintf(stderr, ": error: %s: %s\n", what, strerror(errno_));
	else
		fprintf(stderr, ": error: %s\n", what);
}

enum rr_status walk_cmdline(struct walk_result *w, const char *const *paths, size_t n,
			    const char *const *exclude, size_t nexclude, bool flat)
{
	struct walk_options o;
	struct rr_error err = RR_ERROR_INIT;
	enum rr_status st;

	walk_options_init(&o);
	o.on_error = walk_error;
	o.exclude = exclude;
	o.nexclude = nexclude;
	o.no_roster = flat;
	st = walk_paths(w, paths, n, &o, &err);
	if (st != RR_OK)
		fprintf(stderr, "runrisk: error: %s\n", err.msg[0] ? err.msg : rr_status_name(st));
	return st;
}

/* Does name end with suffix?  Its stem length in *stem. */
static bool has_suffix(const char *name, const char *suffix, size_t *stem)
{
	size_t n = strlen(name), k = strlen(suffix);

	if (n <= k || strcmp(name + n - k, suffix))
		return false;
	*stem = n - k;
	return true;
}

/*
 * Levels of one signal must not contradict each other: note <= warn <=
 * alert (an alert below its warning would flag every warning as an
 * alert).  Checked on the values in force (defaults and overrides), named
 * by the override's line.  RR_OK or RR_ECONFIG.
 */
static enum rr_status levels_check(const struct rr_athlete *a, struct rr_error *err)
{
	static const char *const levels[] = { "_note", "_warn", "_alert" };
	struct rule_params p;
	size_t i, l, m, stem;

	rule_params_init(&p, a);
	/* The last override written is the one to blame when two disagree. */
	for (i = a->noverrides; i-- > 0;) {
		const struct rr_override *o = &a->overrides[i];

		for (l = 0; l < 3; l++) {
			if (!has_suffix(o->key, levels[l], &stem))
				continue;
			for (m = 0; m < 3; m++) {
				char other[96];
				int k = -1, ko = rule_param_lookup(o->key);
				bool bad;

				if (m == l)
					continue;
				snprintf(other, sizeof(other), "%.*s%s", (int)stem, o->key, levels[m]);
				k = rule_param_lookup(other);
				if (k < 0 || ko < 0)
					continue;
				bad = m < l ? p.v[k] > p.v[ko] : p.v[k] < p.v[ko];
				if (bad) {
					char a1[48], a2[48];

					return rr_error_set(err, RR_ECONFIG, o->line, 0,
							    "[thresholds]: %s = %s contradicts %s = %s "
							    "(the %s level must not be %s the %s level)",
							    o->key, rr_format_double(a1, sizeof(a1), p.v[ko], 3),
							    other, rr_format_double(a2, sizeof(a2), p.v[k], 3),
							    levels[l] + 1, m < l ? "below" : "above",
							    levels[m] + 1);
				}
			}
		}
	}
	return RR_OK;
}

int athlete_config_load(const char *ini, struct rr_athlete *cfg, struct rr_tz *zone,
			bool *have_zone, struct rr_error *out)
{
	struct rr_error e = RR_ERROR_INIT;

	*have_zone = false;
	if (!ini)
		return 0;
	if (rr_athlete_ini_load(cfg, ini, &e) != RR_OK ||
	    rule_params_check(cfg, &e) != RR_OK || levels_check(cfg, &e) != RR_OK ||
	    rr_athlete_zone_load(cfg, zone, have_zone, NULL, &e) != RR_OK) {
		print_file_error(ini, &e, "bad configuration");
		if (out)
			*out = e;
		return -1;
	}
	return 0;
}
