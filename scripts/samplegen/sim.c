/*
 * sim.c - a runner moving along a route, second by second, and a watch
 * recording what it sees every few seconds.
 *
 * Model (deliberately simple, but with the physics that matter to the
 * analysis): the runner holds an effort; speed on a grade is the flat
 * speed times (Cr(0)/Cr(i))^0.8 uphill (people slow down, a little less
 * than the Minetti cost would ask) and up to 15 % faster downhill.  Heart
 * rate follows metabolic intensity (speed x cost relative to threshold)
 * with a first-order lag (25 s up, 40 s down) and cardiac drift.  GPS
 * error is correlated in time (AR(1), ~2 m, 60 s), like a real receiver,
 * plus a little white noise; the barometric or GPS altitude has its own
 * slow error.  The watch records every dt_min..dt_max seconds.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scripts/samplegen/samplegen.h"

/* Effort as a fraction of threshold speed (WALK is absolute, below). */
static const double effort_mult[EF_COUNT] = {
	[EF_STAND] = 0, [EF_WALK] = 0, [EF_JOG] = 0.66, [EF_EASY] = 0.81,
	[EF_LONG] = 0.785, [EF_STEADY] = 0.885, [EF_TEMPO] = 1.04,
	[EF_INTERVAL] = 1.12, [EF_REP] = 1.195, [EF_STRIDE] = 1.30, [EF_RACE] = 0.90,
};

#define WALK_MPS 1.4

void track_init(struct track *t)
{
	memset(t, 0, sizeof *t);
}

void track_release(struct track *t)
{
	free(t->v);
	track_init(t);
}

double cost_of_running(double i)
{
	if (i > 0.45)
		i = 0.45;
	if (i < -0.45)
		i = -0.45;
	return 155.4 * pow(i, 5) - 30.4 * pow(i, 4) - 43.3 * pow(i, 3) + 46.3 * i * i + 19.5 * i + 3.6;
}

static double grade_factor(double g)
{
	double ratio = cost_of_running(0) / cost_of_running(g);

	if (g >= 0)
		return pow(ratio, 0.8);
	return fmin(pow(ratio, 0.3), 1.15);
}

struct sim {
	const struct runner *ru;
	const struct route *rt;
	const struct sim_opts *o;
	struct rng *r;
	struct track *out;
	double total_m;
	int64_t t0;

	double t;		/* seconds since start */
	double s, cum;		/* route position, distance run */
	int dir;
	double v, hr, ele_prev;
	double next_rec_t;
	unsigned seg, lap;
	bool resting;
	double stop_s;		/* seconds spent stopped */
	double hr_sum_s;
	struct ar1 speed_noise, gps_x, gps_y, ele_noise;
	double ele_offset;
	double stop_at[8], stop_len[8];
	int nstops, next_stop;
	bool pause_pending;	/* the next recorded point starts a new segment */
};

static double sim_grade(const struct sim *m)
{
	if (m->o->treadmill)
		return 0;
	double a = route_ele(m->rt, m->s + 8 * m->dir), b = route_ele(m->rt, m->s - 8 * m->dir);

	return (a - b) / 16;
}

static void sim_record(struct sim *m, bool standing)
{
	struct track *t = m->out;
	struct sample *p;
	double x, y, ele;
	const struct runner *ru = m->ru;

	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	p = &t->v[t->n++];
	memset(p, 0, sizeof *p);
	p->t_s = m->t0 + (int64_t)llround(m->t);
	route_at(m->rt, m->s, &x, &y, &ele);
	if (m->o->treadmill) {
		p->lat_deg = p->lon_deg = p->ele_m = NAN;
	} else {
		x += ar1_step(&m->gps_x, m->r) + 0.3 * rng_normal(m->r);
		y += ar1_step(&m->gps_y, m->r) + 0.3 * rng_normal(m->r);
		local_to_latlon(m->rt, x, y, &p->lat_deg, &p->lon_deg);
		p->ele_m = ele + m->ele_offset + ar1_step(&m->ele_noise, m->r) +
			   (m->o->ele_white_m > 0 ? m->o->ele_white_m : ru->ele_white_m) * rng_normal(m->r);
	}
	p->dist_m = m->cum;
	p->speed_mps = standing ? 0 : fmax(0, m->v * (1 + 0.01 * rng_normal(m->r)));
	p->hr_bpm = ru->records_hr ? round(m->hr + 0.7 * rng_normal(m->r)) : NAN;
	if (!ru->records_cad)
		p->cad_rpm = NAN;
	else if (standing || m->v < 0.3)
		p->cad_rpm = 0;
	else if (m->v < 2.0)
		p->cad_rpm = round(52 + 3 * m->v + 0.8 * rng_normal(m->r));
	else
		p->cad_rpm = round(70 + 5 * m->v + 0.8 * rng_normal(m->r));
	if (m->pause_pending) {
		m->seg++;
		m->pause_pending = false;
	}
	p->seg = m->seg;
	p->lap = m->lap;
	p->resting = m->resting;
	m->next_rec_t = m->t + floor(rng_range(m->r, m->o->dt_min_s, m->o->dt_max_s + 1));
}

static double sim_hr_target(const struct sim *m, double v_gap)
{
	const struct runner *ru = m->ru;
	double p = v_gap / ru->thr_speed_mps;
	double frac = fmin(fmax(0.05 + 0.83 * p, 0.22), 0.985);

	/* drift: ~0.08 bpm per minute of running; never more than a beat over max */
	return fmin(ru->hr_rest + frac * (ru->hr_max - ru->hr_rest) + 0.08 * (m->t - m->stop_s) / 60 +
		    m->o->hr_offset, ru->hr_max + 1);
}

static void sim_hr_toward(struct sim *m, double target)
{
	double tau = target > m->hr ? 25 : 40;

	m->hr += (target - m->hr) * (1 - exp(-1 / tau));
}

/* One stop: traffic light, fountain, shoelace. */
static void sim_stop(struct sim *m, double len_s)
{
	enum pause_mode pm = m->o->pause;

	m->v = 0;
	sim_record(m, true);
	for (double k = 0; k < len_s; k++) {
		m->t += 1;
		m->stop_s += 1;
		sim_hr_toward(m, sim_hr_target(m, 0));
		m->hr_sum_s += m->hr;
		if (pm == PAUSE_NONE && m->t >= m->next_rec_t)
			sim_record(m, true);
	}
	if (pm != PAUSE_NONE) {
		m->pause_pending = true;
		m->next_rec_t = m->t;	/* the watch resumes with a point */
	}
}

static bool step_done(const struct sim *m, const struct step *st, double t_in, double d_in)
{
	if (st->to_total)
		return m->cum >= m->total_m;
	if (st->dist_m > 0)
		return d_in >= st->dist_m;
	return t_in >= st->dur_s;
}

static void sim_step(struct sim *m, const struct step *st)
{
	const struct runner *ru = m->ru;
	double t_in = 0, d_in = 0;
	double base = st->effort == EF_WALK ? WALK_MPS : ru->thr_speed_mps * effort_mult[st->effort];
	double accel = st->effort >= EF_TEMPO ? 0.45 : 0.25;
	bool can_stop = st->effort >= EF_EASY && st->effort <= EF_STEADY;
	double c0 = cost_of_running(0);

	m->dir = st->dir ? st->dir : 1;
	m->resting = st->effort <= EF_JOG;
	while (!step_done(m, st, t_in, d_in)) {
		if (can_stop && m->next_stop < m->nstops && m->cum >= m->stop_at[m->next_stop]) {
			sim_stop(m, m->stop_len[m->next_stop]);
			m->next_stop++;
			continue;
		}
		double g = sim_grade(m);
		double noise = m->o->treadmill ? 0 : ar1_step(&m->speed_noise, m->r);
		double gf = grade_factor(g);
		double target;

		if (gf > 1 && st->effort <= EF_JOG)
			gf = 1;		/* recoveries stay slow downhill */
		target = base * m->o->day_factor * gf * (1 + noise);

		if (m->o->treadmill)
			target = base;
		m->v += (target - m->v) * accel;
		double ds = m->v;

		if (st->dist_m > 0 && !st->to_total && d_in + ds > st->dist_m)
			ds = st->dist_m - d_in;
		if (st->to_total && m->cum + ds > m->total_m)
			ds = m->total_m - m->cum;
		m->s += m->dir * ds;
		if (!m->rt->loop && m->s > m->rt->length_m) {	/* turn at the end of a path */
			m->s = 2 * m->rt->length_m - m->s;
			m->dir = -m->dir;
		} else if (!m->rt->loop && m->s < 0) {
			m->s = -m->s;
			m->dir = -m->dir;
		}
		m->cum += ds;
		d_in += ds;
		m->t += 1;
		t_in += 1;

		double ele = m->o->treadmill ? 0 : route_ele(m->rt, m->s);

		if (ele > m->ele_prev)
			m->out->true_ascent_m += ele - m->ele_prev;
		m->ele_prev = ele;
		double v_gap = m->v * cost_of_running(g) / c0;

		if (v_gap >= ru->thr_speed_mps)
			m->out->fast_s += 1;
		sim_hr_toward(m, sim_hr_target(m, v_gap));
		m->hr_sum_s += m->hr;
		if (m->o->autolap_1km && floor(m->cum / 1000) > m->lap && m->cum < m->total_m - 50)
			m->lap = (unsigned)floor(m->cum / 1000);
		if (m->t >= m->next_rec_t)
			sim_record(m, false);
	}
	if (st->lap && !m->o->autolap_1km)
		m->lap++;
}

static void sim_teleports(struct sim *m)
{
	struct track *t = m->out;

	for (int k = 0; k < m->o->teleports && t->n > 40; k++) {
		size_t i = 20 + rng_below(m->r, (unsigned)(t->n - 40));
		double d = rng_range(m->r, 400, 1500), b = rng_range(m->r, 0, 2 * M_PI);
		double dx = d * sin(b), dy = d * cos(b), lat, lon;

		local_to_latlon(m->rt, dx, dy, &lat, &lon);
		t->v[i].lat_deg += lat - m->rt->lat0_deg;
		t->v[i].lon_deg += lon - m->rt->lon0_deg;
	}
}

void sim_run(const struct runner *ru, const struct route *rt, const struct step *steps,
	     size_t nsteps, double total_m, int64_t start_utc_s, const struct sim_opts *o,
	     struct rng *r, struct track *out)
{
	struct sim m;

	memset(&m, 0, sizeof m);
	m.ru = ru;
	m.rt = rt;
	m.o = o;
	m.r = r;
	m.out = out;
	m.total_m = total_m;
	m.t0 = start_utc_s;
	m.dir = 1;
	m.hr = ru->hr_rest + 0.25 * (ru->hr_max - ru->hr_rest) + 4 * rng_normal(r);
	ar1_init(&m.speed_noise, r, 0.025, 60, 1);
	double gps_sd = rt->gps_sd_m * (o->gps_scale > 0 ? o->gps_scale : ru->gps_scale);

	ar1_init(&m.gps_x, r, gps_sd, 60, 1);
	ar1_init(&m.gps_y, r, gps_sd, 60, 1);
	ar1_init(&m.ele_noise, r, o->ele_sd_m > 0 ? o->ele_sd_m : ru->ele_sd_m, 90, 1);
	m.ele_offset = 2.5 * rng_normal(r);
	m.ele_prev = o->treadmill ? 0 : route_ele(rt, 0);
	m.nstops = o->nstops > 8 ? 8 : o->nstops;
	for (int i = 0; i < m.nstops; i++) {
		/* spread over the middle of the run, in order */
		m.stop_at[i] = total_m * (0.15 + 0.7 * (i + rng_range(r, 0.1, 0.9)) / m.nstops);
		m.stop_len[i] = floor(rng_range(r, o->stop_min_s, o->stop_max_s));
	}
	sim_record(&m, true);
	for (size_t i = 0; i < nsteps; i++)
		sim_step(&m, &steps[i]);
	if (out->n == 0 || out->v[out->n - 1].t_s != m.t0 + (int64_t)llround(m.t))
		sim_record(&m, false);
	out->nlaps = out->v[out->n - 1].lap + 1;
	out->true_dist_m = m.cum;
	out->elapsed_s = m.t;
	out->moving_s = m.t - m.stop_s;
	out->hr_avg = m.t > 0 ? m.hr_sum_s / m.t : NAN;
	sim_teleports(&m);
}
