/*
 * plan.c - the machinery shared by the athletes' training plans: adding
 * runs with small, seeded day-to-day variation, workouts as steps, names
 * and file names.  The plans themselves (what happens when) live in
 * plan_ana.c and plan_ben.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scripts/samplegen/samplegen.h"

int32_t athlete_week0(const struct athlete_def *a)
{
	return day_parse(a->week0 ? a->week0 : PLAN_FIRST_DAY);
}

void planner_init(struct planner *p, struct athlete_def *a, uint64_t seed, uint64_t key)
{
	memset(p, 0, sizeof *p);
	p->a = a;
	p->seed = seed_mix(seed, key);
	p->first_day = athlete_week0(a);
	p->style = FS_GPX_STRAVA;
	p->gz = true;
	p->pause = PAUSE_GAP;
	p->dt_min_s = 2;
	p->dt_max_s = 5;
}

static bool kind_is_workout(enum run_kind k)
{
	return k == K_TEMPO || k == K_TRACK || k == K_HILL_REPS || k == K_STRIDES;
}

/*
 * Each run draws its variation from its own generator, keyed by date and
 * planned start, so adding or moving one run leaves every other run as it was.
 */
struct plan_run *plan_add(struct planner *p, int week, int dow, int hh, int mm,
			  enum run_kind k, int route, double km, double sd_km, int shoe,
			  const char *title)
{
	struct athlete_def *a = p->a;
	struct plan_run *pr;
	struct rng r;
	int32_t day = p->first_day + week * 7 + dow;
	int month, y, d;

	if (a->nruns == MAX_RUNS)
		die("%s: too many runs", a->dir);
	if (route < 0 || (size_t)route >= a->nroutes)
		die("%s: bad route %d", a->dir, route);
	pr = &a->runs[a->nruns++];
	memset(pr, 0, sizeof *pr);
	rng_seed(&r, seed_mix(p->seed, (uint64_t)day * 1440 + (uint64_t)(hh * 60 + mm)));
	pr->day = day;
	pr->start_s = hh * 3600 + mm * 60 + (int)rng_below(&r, 900) - 450;
	if (pr->start_s < 0)
		pr->start_s += 60 * 10;
	pr->kind = k;
	pr->route = route;
	pr->dist_m = round((km + sd_km * fmax(-2, fmin(2, rng_normal(&r)))) * 100) * 10;
	pr->shoe = shoe;
	snprintf(pr->title, sizeof pr->title, "%s", title);
	pr->style = k == K_TREADMILL ? FS_TCX_TREADMILL : p->style;
	pr->gz = p->gz;
	pr->pace = EF_COUNT;
	civil_from_day(day, &y, &month, &d);
	pr->opts = (struct sim_opts){
		.nstops = (k == K_EASY || k == K_LONG) && !a->routes[route].loop ? (int)rng_below(&r, 3) : 0,
		.stop_min_s = 12,
		.stop_max_s = 75,
		.pause = p->pause,
		.teleports = rng_uniform(&r) < 0.06 ? 1 : 0,
		.treadmill = k == K_TREADMILL,
		.autolap_1km = !kind_is_workout(k),
		.day_factor = 1 + 0.012 * rng_normal(&r) - (month == 7 || month == 8 ? 0.015 : 0),
		.hr_offset = 1.5 * rng_normal(&r) + (month == 7 || month == 8 ? 2.5 : 0),
		.dt_min_s = p->dt_min_s,
		.dt_max_s = p->dt_max_s,
	};
	return pr;
}

void plan_event(struct athlete_def *a, const char *date, const char *rule, const char *level,
		const char *note, const char *story)
{
	if (a->nevents == MAX_EVENTS)
		die("%s: too many events", a->dir);
	(void)day_parse(date);
	a->events[a->nevents++] = (struct event){ date, rule, level, note, story, "" };
}

void plan_pain(struct athlete_def *a, const char *date, const char *side, int severity,
	       const char *note)
{
	if (a->npain == MAX_PAIN)
		die("%s: too many pain entries", a->dir);
	(void)day_parse(date);
	a->pain[a->npain++] = (struct pain_def){ date, side, severity, note };
}

/* "Tempo 3x4' (%s)" puts the shoe keyword at %s; otherwise " - keyword" is appended. */
static void plan_name(const struct athlete_def *a, struct plan_run *pr)
{
	const char *kw = pr->shoe >= 0 && a->shoes[pr->shoe].keyword[0] ? a->shoes[pr->shoe].keyword : NULL;
	const char *at = strstr(pr->title, "%s");

	if (!kw)
		snprintf(pr->name, sizeof pr->name, "%s", pr->title);
	else if (at)
		snprintf(pr->name, sizeof pr->name, "%.*s%s%s", (int)(at - pr->title), pr->title, kw, at + 2);
	else
		snprintf(pr->name, sizeof pr->name, "%s - %s", pr->title, kw);
}

static int run_cmp(const void *x, const void *y)
{
	const struct plan_run *a = x, *b = y;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return (a->start_s > b->start_s) - (a->start_s < b->start_s);
}

void plan_finish(struct planner *p, uint64_t strava_id0, uint64_t garmin_id0)
{
	struct athlete_def *a = p->a;
	struct rng r;

	qsort(a->runs, a->nruns, sizeof a->runs[0], run_cmp);
	rng_seed(&r, seed_mix(p->seed, 0x1d5));
	for (size_t i = 0; i < a->nruns; i++) {
		struct plan_run *pr = &a->runs[i];
		uint64_t days = (uint64_t)(pr->day - p->first_day);
		unsigned long long sid = strava_id0 + days * 1310000 + rng_below(&r, 1000000);
		unsigned long long gid = garmin_id0 + days * 2270000 + rng_below(&r, 2000000);
		bool tcx = pr->style == FS_TCX_GARMIN || pr->style == FS_TCX_TREADMILL;
		bool fit = pr->style == FS_FIT_GARMIN;

		if (i > 0 && pr->day == a->runs[i - 1].day && pr->start_s - a->runs[i - 1].start_s < 3 * 3600)
			die("%s: two runs too close on one day", a->dir);
		plan_name(a, pr);
		if (!pr->fname[0]) {
			if (fit)	/* Garmin Connect's "Export Original", unzipped */
				snprintf(pr->fname, sizeof pr->fname, "%llu_ACTIVITY.fit%s", gid, pr->gz ? ".gz" : "");
			else if (tcx)
				snprintf(pr->fname, sizeof pr->fname, "activity_%llu.tcx%s", gid, pr->gz ? ".gz" : "");
			else
				snprintf(pr->fname, sizeof pr->fname, "%llu.gpx%s", sid, pr->gz ? ".gz" : "");
		}
		if (pr->flags & RF_DUP_TCX)
			snprintf(pr->dup_fname, sizeof pr->dup_fname, "activity_%llu.tcx.gz", gid);
		if (pr->flags & RF_CORRUPT_COPY)
			snprintf(pr->corrupt_fname, sizeof pr->corrupt_fname, "%llu (1).gpx.gz", sid);
	}
}

static size_t push(struct step *s, size_t n, struct step st)
{
	if (n == MAX_STEPS)
		die("too many workout steps");
	if (!st.dir)
		st.dir = 1;
	s[n] = st;
	return n + 1;
}

size_t plan_steps(const struct athlete_def *a, const struct plan_run *pr, struct step *s)
{
	const struct route *rt = &a->routes[pr->route];
	size_t n = 0;
	enum effort easy = pr->pace != EF_COUNT ? pr->pace : pr->kind == K_LONG ? EF_LONG : EF_EASY;

	switch (pr->kind) {
	case K_EASY:
	case K_LONG:
	case K_HILLY:
		if (rt->loop) {
			n = push(s, n, (struct step){ .effort = easy, .to_total = true });
		} else {
			n = push(s, n, (struct step){ .effort = easy, .dist_m = pr->dist_m / 2 });
			n = push(s, n, (struct step){ .effort = easy, .to_total = true, .dir = -1 });
		}
		break;
	case K_TEMPO:	/* 3 x 4 min at tempo, 2 min jog */
		n = push(s, n, (struct step){ .effort = EF_EASY, .dist_m = 2000, .lap = true });
		for (int i = 0; i < 3; i++) {
			n = push(s, n, (struct step){ .effort = EF_TEMPO, .dur_s = 240, .lap = true });
			n = push(s, n, (struct step){ .effort = EF_JOG, .dur_s = 120, .lap = true });
		}
		n = push(s, n, (struct step){ .effort = EF_EASY, .to_total = true });
		break;
	case K_TRACK:	/* 16 x 400 m, 60 s jog */
		n = push(s, n, (struct step){ .effort = EF_EASY, .dist_m = 1600, .lap = true });
		for (int i = 0; i < 16; i++) {
			n = push(s, n, (struct step){ .effort = EF_REP, .dist_m = 400, .lap = true });
			if (i < 15)
				n = push(s, n, (struct step){ .effort = EF_JOG, .dur_s = 60, .lap = true });
		}
		n = push(s, n, (struct step){ .effort = EF_JOG, .dur_s = 90, .lap = true });
		n = push(s, n, (struct step){ .effort = EF_EASY, .to_total = true });
		break;
	case K_HILL_REPS: {	/* the hill is the last 300 m of the path */
		double approach = rt->length_m - 300;

		n = push(s, n, (struct step){ .effort = EF_EASY, .dist_m = approach, .lap = true });
		for (int i = 0; i < 6; i++) {
			n = push(s, n, (struct step){ .effort = EF_REP, .dist_m = 300, .lap = true });
			n = push(s, n, (struct step){ .effort = EF_JOG, .dist_m = 300, .dir = -1, .lap = true });
		}
		n = push(s, n, (struct step){ .effort = EF_EASY, .to_total = true, .dir = -1 });
		break;
	}
	case K_STRIDES:	/* easy, then 6 x 20 s strides with 45 s jog */
		n = push(s, n, (struct step){ .effort = EF_EASY, .dist_m = pr->dist_m - 1800, .lap = true });
		for (int i = 0; i < 6; i++) {
			n = push(s, n, (struct step){ .effort = EF_STRIDE, .dur_s = 20, .lap = true });
			n = push(s, n, (struct step){ .effort = EF_JOG, .dur_s = 45, .lap = true });
		}
		n = push(s, n, (struct step){ .effort = EF_EASY, .to_total = true });
		break;
	case K_RETURN:	/* too long, too fast: steady out, steady back, last 2.5 km at tempo */
		n = push(s, n, (struct step){ .effort = EF_STEADY, .dist_m = pr->dist_m / 2 });
		n = push(s, n, (struct step){ .effort = EF_STEADY, .dist_m = pr->dist_m / 2 - 2500, .dir = -1 });
		n = push(s, n, (struct step){ .effort = EF_TEMPO, .to_total = true, .dir = -1 });
		break;
	case K_RACE:
		n = push(s, n, (struct step){ .effort = EF_RACE, .to_total = true });
		break;
	case K_TREADMILL:
		n = push(s, n, (struct step){ .effort = EF_JOG, .dist_m = 600 });
		n = push(s, n, (struct step){ .effort = EF_EASY, .to_total = true });
		break;
	}
	return n;
}

static uint64_t key_of(const char *s)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

void plan_simulate(struct athlete_def *a, size_t i, uint64_t seed)
{
	struct plan_run *pr = &a->runs[i];
	struct step steps[MAX_STEPS];
	size_t n = plan_steps(a, pr, steps);
	struct rng r;
	int64_t t0 = zone_local_to_utc(&a->zone, pr->day, pr->start_s);
	uint64_t akey = seed_mix(seed, key_of(a->dir));

	rng_seed(&r, seed_mix(akey, (uint64_t)pr->day * 86400 + (uint64_t)pr->start_s));
	track_release(&pr->trk);
	sim_run(&a->runner, &a->routes[pr->route], steps, n, pr->dist_m, t0, &pr->opts, &r, &pr->trk);
}

void export_run(const struct athlete_def *a, const struct plan_run *pr, enum file_style st,
		int gz_level, struct sbuf *out)
{
	struct export_meta m = {
		.name = pr->name, .device = a->device, .product_id = a->product_id,
		.unit_id = a->unit_id, .zone = &a->zone,
		.split_segments = pr->opts.pause == PAUSE_SEGMENT,
		.fit_profile = a->fit_profiles ? (pr->trail ? "Trail Run" : "Run") : NULL,
		.fit_sub_sport = pr->trail ? 3 : 0,
	};
	struct sbuf xml;

	sbuf_init(&xml);
	if (st == FS_FIT_GARMIN)
		write_fit(&xml, &pr->trk, &m, pr->opts.treadmill, a->runner.mass_kg);
	else if (st == FS_TCX_GARMIN || st == FS_TCX_TREADMILL)
		write_tcx(&xml, &pr->trk, st, &m);
	else
		write_gpx(&xml, &pr->trk, st, &m);
	if (gz_level > 0)
		gzip_bytes(xml.p, xml.len, gz_level, out);
	else
		sbuf_add(out, xml.p, xml.len);
	sbuf_release(&xml);
}

void athlete_release(struct athlete_def *a)
{
	for (size_t i = 0; i < a->nroutes; i++)
		route_release(&a->routes[i]);
	for (size_t i = 0; i < a->nruns; i++)
		track_release(&a->runs[i].trk);
	a->nroutes = a->nruns = 0;
}
