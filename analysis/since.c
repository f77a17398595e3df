#include "analysis/since.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/timeutil.h"

void since_state_init(struct since_state *s)
{
	memset(s, 0, sizeof(*s));
	s->report_day = RR_NO_DAY;
}

void since_state_release(struct since_state *s)
{
	if (!s)
		return;
	free(s->run_starts_s);
	free(s->flags);
	free(s->pain);
	since_state_init(s);
}

int since_state_add_run(struct since_state *s, int64_t start_s)
{
	if (RR_GROW(s->run_starts_s, s->runs_cap, s->nruns + 1))
		return -1;
	s->run_starts_s[s->nruns++] = start_s;
	return 0;
}

int since_state_add_flag(struct since_state *s, int32_t day, enum rule_id rule,
			 enum flag_level level)
{
	if (RR_GROW(s->flags, s->flags_cap, s->nflags + 1))
		return -1;
	s->flags[s->nflags].day = day;
	s->flags[s->nflags].rule = rule;
	s->flags[s->nflags].level = level;
	s->nflags++;
	return 0;
}

int since_state_add_pain(struct since_state *s, int32_t day, int severity)
{
	if (RR_GROW(s->pain, s->pain_cap, s->npain + 1))
		return -1;
	s->pain[s->npain].day = day;
	s->pain[s->npain].severity = severity;
	s->npain++;
	return 0;
}

static int64_t run_start_s(const struct run_entry *e)
{
	return isfinite(e->s.start_t_s) ? (int64_t)llround(e->s.start_t_s) : INT64_MIN;
}

int since_state_of(struct since_state *out, const struct athlete_result *r,
		   int32_t report_day)
{
	size_t i;

	since_state_init(out);
	out->known = true;
	out->report_day = report_day;
	for (i = 0; i < r->nruns; i++)
		if (since_state_add_run(out, run_start_s(&r->runs[i])))
			goto oom;
	for (i = 0; i < r->nflags; i++)
		if (flag_is_active(r, &r->flags[i]) &&
		    since_state_add_flag(out, r->flags[i].day, r->flags[i].rule,
					 r->flags[i].level))
			goto oom;
	for (i = 0; i < r->npain; i++)
		if (since_state_add_pain(out, r->pain[i].entry.day, r->pain[i].entry.severity))
			goto oom;
	return 0;
oom:
	since_state_release(out);
	return -1;
}

void since_diff_release(struct since_diff *d)
{
	if (!d)
		return;
	free(d->new_runs);
	free(d->new_flags);
	free(d->cleared);
	free(d->new_pain);
	memset(d, 0, sizeof(*d));
}

bool since_diff_empty(const struct since_diff *d)
{
	return !d->first && !d->nnew_runs && !d->nnew_flags && !d->ncleared && !d->nnew_pain;
}

static bool flag_same(const struct since_flag *a, const struct flag *f)
{
	return a->day == f->day && a->rule == f->rule && a->level == f->level;
}

/*
 * The workload: a nightly report of one runner (hundreds of runs, a few
 * flags): quadratic matching with a "used" mark is simple and fast enough.
 */
int since_compare(struct since_diff *out, const struct since_state *prev,
		  const struct athlete_result *r)
{
	size_t i, j;
	bool *used = NULL;

	memset(out, 0, sizeof(*out));
	if (!prev->known) {
		out->first = true;
		return 0;
	}
	out->prev_day = prev->report_day;
	out->new_runs = rr_alloc_array(r->nruns + 1, sizeof(*out->new_runs));
	out->new_flags = rr_alloc_array(r->nflags + 1, sizeof(*out->new_flags));
	out->cleared = rr_alloc_array(prev->nflags + 1, sizeof(*out->cleared));
	out->new_pain = rr_alloc_array(r->npain + 1, sizeof(*out->new_pain));
	used = rr_alloc_array(prev->npain + 1, sizeof(*used));
	if (!out->new_runs || !out->new_flags || !out->cleared || !out->new_pain || !used)
		goto oom;
	for (i = 0; i < r->nruns; i++) {
		int64_t s = run_start_s(&r->runs[i]);

		for (j = 0; j < prev->nruns && prev->run_starts_s[j] != s; j++)
			;
		if (j == prev->nruns)
			out->new_runs[out->nnew_runs++] = i;
	}
	for (i = 0; i < r->nflags; i++) {
		if (!flag_is_active(r, &r->flags[i]))
			continue;
		for (j = 0; j < prev->nflags && !flag_same(&prev->flags[j], &r->flags[i]); j++)
			;
		if (j == prev->nflags)
			out->new_flags[out->nnew_flags++] = i;
	}
	for (j = 0; j < prev->nflags; j++) {
		for (i = 0; i < r->nflags; i++)
			if (flag_same(&prev->flags[j], &r->flags[i]) &&
			    flag_is_active(r, &r->flags[i]))
				break;
		if (i == r->nflags)
			out->cleared[out->ncleared++] = prev->flags[j];
	}
	/* pain: each earlier entry accounts for one entry now */
	for (i = 0; i < r->npain; i++) {
		const struct rr_pain *p = &r->pain[i].entry;

		for (j = 0; j < prev->npain; j++)
			if (!used[j] && prev->pain[j].day == p->day &&
			    prev->pain[j].severity == p->severity)
				break;
		if (j < prev->npain)
			used[j] = true;
		else
			out->new_pain[out->nnew_pain++] = i;
	}
	free(used);
	return 0;
oom:
	free(used);
	since_diff_release(out);
	return -1;
}
