#include "analysis/assemble.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/surface.h"
#include "core/alloc.h"
#include "core/pathfit.h"
#include "core/timeutil.h"

/* ---- zone ---- */

bool run_counts(const struct run_entry *e)
{
	return e->s.klass == RR_CLASS_RUN && !e->s.route && isfinite(e->s.start_t_s) &&
	       e->s.start_t_s >= RR_T_MIN_S && e->s.start_t_s < RR_T_MAX_S;
}

static void text_set(char *dst, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* snprintf that may truncate on purpose (labels for tables). */
static void text_set(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

static int cmp_int32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

int run_zone_choose(struct run_zone *z, char *zone_used, size_t used_size,
		    const struct rr_athlete *cfg, const struct rr_tz *given,
		    const struct run_entry *runs, size_t n)
{
	char off[16];
	int32_t parsed, *offs;
	size_t i, k = 0, best = 0, run_len;

	memset(z, 0, sizeof(*z));
	rr_tz_init(&z->fixed);
	if (given) {
		z->mode = RUN_ZONE_TZ;
		z->tz = given;
		text_set(zone_used, used_size, "%s (%s)", given->name,
			 cfg->timezone[0] ? "athlete.ini" : "given");
		return 0;
	}
	if (cfg->timezone[0] && rr_tz_parse_offset(cfg->timezone, &parsed) == 0) {
		rr_tz_set_fixed(&z->fixed, parsed);
		z->mode = RUN_ZONE_TZ;
		z->tz = &z->fixed;
		text_set(zone_used, used_size, "%s (athlete.ini)",
			 parsed ? z->fixed.name : "UTC");
		return 0;
	}
	z->mode = RUN_ZONE_FILES;
	offs = rr_alloc_array(n ? n : 1, sizeof(*offs));
	if (!offs)
		return -1;
	for (i = 0; i < n; i++)
		if (runs[i].s.tz_known)
			offs[k++] = runs[i].s.tz_offset_s;
	qsort(offs, k, sizeof(*offs), cmp_int32);
	for (i = 0; i < k; i += run_len) {
		run_len = 1;
		while (i + run_len < k && offs[i + run_len] == offs[i])
			run_len++;
		if (run_len > best) {
			best = run_len;
			z->files_default_s = offs[i];
		}
	}
	free(offs);
	/* zone_used has room for 79 bytes; the IANA name is at most 63 */
	if (k)
		text_set(zone_used, used_size, "%s%s%s (from files%s)",
			 cfg->timezone[0] ? cfg->timezone : "",
			 cfg->timezone[0] ? " not loaded; " : "",
			 rr_tz_format_offset(off, sizeof(off), z->files_default_s),
			 best < k ? ", varies" : "");
	else
		text_set(zone_used, used_size, "%s%sUTC",
			 cfg->timezone[0] ? cfg->timezone : "",
			 cfg->timezone[0] ? " not loaded; " : "");
	return 0;
}

int32_t run_zone_local_day(const struct run_zone *z, const struct run_summary *s)
{
	if (z->mode == RUN_ZONE_TZ)
		return rr_tz_local_day(z->tz, s->start_t_s);
	return rr_floor_day(s->start_t_s + (s->tz_known ? s->tz_offset_s : z->files_default_s));
}

void run_zone_release(struct run_zone *z)
{
	rr_tz_release(&z->fixed);
}

/* ---- shoes ---- */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Case-insensitive (ASCII) substring test. */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	if (!n)
		return false;
	for (; *hay; hay++) {
		for (i = 0; i < n && hay[i] && lower(hay[i]) == lower(needle[i]); i++)
			;
		if (i == n)
			return true;
	}
	return false;
}

/* Equal ignoring ASCII case and surrounding blanks. */
static bool same_name(const char *a, const char *b)
{
	size_t na, nb, i;

	while (*a == ' ' || *a == '\t')
		a++;
	while (*b == ' ' || *b == '\t')
		b++;
	na = strlen(a);
	nb = strlen(b);
	while (na && (a[na - 1] == ' ' || a[na - 1] == '\t'))
		na--;
	while (nb && (b[nb - 1] == ' ' || b[nb - 1] == '\t'))
		nb--;
	if (na != nb || !na)
		return false;
	for (i = 0; i < na; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

int run_shoe(const struct rr_athlete *cfg, const struct run_entry *e)
{
	int best = -1;
	size_t i, best_len = 0;
	int32_t best_first = 0;

	for (i = 0; i < cfg->nshoes; i++) {
		size_t n = strlen(cfg->shoes[i].keyword);

		if (n > best_len && contains_nocase(e->s.name, cfg->shoes[i].keyword)) {
			best = (int)i;
			best_len = n;
		}
	}
	if (best >= 0)
		return best;
	if (e->strava_gear[0])
		for (i = 0; i < cfg->nshoes; i++)
			if (same_name(e->strava_gear, cfg->shoes[i].name))
				return (int)i;
	for (i = 0; i < cfg->nshoes; i++) {
		const struct rr_shoe *s = &cfg->shoes[i];
		int32_t first = s->first_use_day;

		if ((first == RR_NO_DAY && s->keyword[0]) || s->gear_only)
			continue;
		if ((first != RR_NO_DAY && e->local_day < first) ||
		    (s->retire_day != RR_NO_DAY && e->local_day > s->retire_day))
			continue;
		if (first == RR_NO_DAY)
			first = INT32_MIN + 1;	/* earlier than any date */
		if (best < 0 || first >= best_first) {
			best = (int)i;
			best_first = first;
		}
	}
	return best;
}

/* Does one of the file's activities count as a run (run_counts())? */
static bool file_has_run(const struct assemble_file *f)
{
	struct run_entry e;
	size_t j;

	for (j = 0; j < f->nruns; j++) {
		memset(&e, 0, sizeof(e));
		e.s = f->runs[j];
		if (run_counts(&e))
			return true;
	}
	return false;
}

size_t assemble_add_gear_shoes(struct rr_athlete *cfg, const struct assemble_file *files,
			       size_t nfiles)
{
	size_t i, j, added = 0;

	for (i = 0; i < nfiles && cfg->nshoes < RR_MAX_SHOES; i++) {
		const char *gear = files[i].strava_gear;
		struct rr_shoe *s;

		if (!gear || !gear[0] || !file_has_run(&files[i]))
			continue;
		for (j = 0; j < cfg->nshoes; j++)
			if (same_name(gear, cfg->shoes[j].name))
				break;
		if (j < cfg->nshoes)
			continue;
		s = &cfg->shoes[cfg->nshoes++];
		memset(s, 0, sizeof(*s));
		snprintf(s->name, sizeof(s->name), "%s", gear);
		s->first_use_day = RR_NO_DAY;
		s->retire_day = RR_NO_DAY;
		s->heel_drop_mm = NAN;
		s->retire_at_km = NAN;
		s->gear_only = 1;
		added++;
	}
	return added;
}

const char *run_shoe_name(const struct rr_athlete *cfg, const struct run_entry *e)
{
	if (e->shoe >= 0 && (size_t)e->shoe < cfg->nshoes)
		return cfg->shoes[e->shoe].name;
	return e->strava_gear[0] ? e->strava_gear : NULL;
}

/* ---- one athlete's runs ---- */

/* Re-derive the configuration-dependent numbers from the stored histograms. */
static void apply_params(struct run_summary *s, const struct rr_athlete *cfg)
{
	if (isfinite(cfg->threshold_pace_s_per_km) && cfg->threshold_pace_s_per_km > 0)
		s->fast_s = fast_s_from_hist(s->speed_hist_s, RR_SPEED_BINS,
					     1000.0 / cfg->threshold_pace_s_per_km);
	s->trimp = trimp_from_hist(s->hr_hist_s, RR_HR_BINS, cfg->hr_rest_bpm,
				   cfg->hr_max_bpm, cfg->sex);
	if (cfg->late_km != RR_LATE_KM_DEFAULT)
		s->late_ascent_m = late_ascent_after_km(s, cfg->late_km);
}

void athlete_runs_release(struct athlete_runs *r)
{
	if (!r)
		return;
	free(r->runs);
	free(r->dup_of);
	memset(r, 0, sizeof(*r));
}

/* Copy every activity of the files, with the athlete's parameters and gear. */
static int collect(struct athlete_runs *out, const struct rr_athlete *cfg,
		   const struct assemble_file *files, size_t nfiles)
{
	size_t cap = 0, i, j;

	for (i = 0; i < nfiles; i++)
		for (j = 0; j < files[i].nruns; j++) {
			struct run_entry *e;

			if (RR_GROW(out->runs, cap, out->nruns + 1))
				return -1;
			e = &out->runs[out->nruns++];
			memset(e, 0, sizeof(*e));
			e->s = files[i].runs[j];
			apply_params(&e->s, cfg);
			rr_path_fit(e->file, sizeof(e->file), files[i].path);
			e->local_day = RR_NO_DAY;
			e->shoe = -1;
			e->surface = -1;
			if (files[i].strava_gear)
				snprintf(e->strava_gear, sizeof(e->strava_gear), "%s",
					 files[i].strava_gear);
		}
	return 0;
}

/*
 * The zone is chosen from the kept runs that count, as the timeline does
 * (timeline_build_zone() makes the same call on the same runs), so that
 * every row's local day and shoe are the timeline's.
 */
static int place(struct athlete_runs *out, const struct rr_athlete *cfg,
		 const struct rr_tz *zone)
{
	struct run_entry *counted;
	struct run_zone z;
	size_t i, n = 0;
	int rc;

	counted = rr_alloc_array(out->nruns ? out->nruns : 1, sizeof(*counted));
	if (!counted)
		return -1;
	for (i = 0; i < out->nruns; i++)
		if (out->dup_of[i] == DEDUPE_KEPT && run_counts(&out->runs[i]))
			counted[n++] = out->runs[i];
	rc = run_zone_choose(&z, out->zone_used, sizeof(out->zone_used), cfg, zone, counted, n);
	free(counted);
	if (rc)
		return -1;
	for (i = 0; i < out->nruns; i++) {
		struct run_entry *e = &out->runs[i];

		if (!isfinite(e->s.start_t_s))
			continue;
		e->local_day = run_zone_local_day(&z, &e->s);
		e->shoe = run_shoe(cfg, e);
		if (run_counts(e))	/* as timeline_build() classes it */
			e->surface = (int)surface_of_words(&e->s, cfg->surface_words);
	}
	run_zone_release(&z);
	return 0;
}

int athlete_runs_assemble(struct athlete_runs *out, const struct rr_athlete *cfg,
			  const struct rr_tz *zone, const struct assemble_file *files,
			  size_t nfiles)
{
	struct dedupe_rules rules;
	struct rr_athlete none;

	memset(out, 0, sizeof(*out));
	if (!cfg) {
		rr_athlete_init(&none);
		cfg = &none;
	}
	if (collect(out, cfg, files, nfiles))
		goto oom;
	out->dup_of = rr_alloc_array(out->nruns ? out->nruns : 1, sizeof(*out->dup_of));
	if (!out->dup_of)
		goto oom;
	dedupe_rules_default(&rules);
	if (dedupe_runs(&rules, out->runs, out->nruns, out->dup_of, &out->nduplicates))
		goto oom;
	if (place(out, cfg, zone))
		goto oom;
	return 0;
oom:
	athlete_runs_release(out);
	return -1;
}

size_t athlete_runs_keep(struct athlete_runs *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nruns; i++)
		if (r->dup_of[i] == DEDUPE_KEPT)
			r->runs[n++] = r->runs[i];
	r->nruns = n;
	free(r->dup_of);
	r->dup_of = NULL;
	return n;
}
