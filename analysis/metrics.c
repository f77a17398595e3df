/*
 * metrics.c - the per-run metrics accumulator (analysis/summary.h).
 *
 * Two stages, both streaming:
 *
 *  1. Cleaning, as each point arrives: time order, coordinate ranges,
 *     teleports.  A kept point is appended to a ring of the last RING kept
 *     points with its track distance and running (prefix) sums.
 *  2. Step processing, a little later: the step ending at kept point s is
 *     processed once LOOKAHEAD_S seconds and LOOKAHEAD_M metres of later
 *     points are in the ring (or the block ends, or the ring is half full),
 *     so that every window is centred on the step.  Windows never cross a
 *     block boundary (segment change, recording gap, relocation).
 *
 * Invariant: at most RING / 2 kept points wait for processing, so each
 * waiting point still has RING / 2 points of history in the ring.  Memory
 * is the fixed struct metrics, whatever the number of points.
 *
 * Every constant below is a rule of doc/metrics.md; change both together.
 */
#include "analysis/summary.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classify.h"
#include "analysis/geo.h"
#include "core/alloc.h"
#include "core/timeutil.h"

/* Cleaning */
#define V_MAX_MPS 12.0		/* no runner is faster (Bolt's peak: ~12.4 m/s for a second) */
#define V_MAX_OTHER_MPS 60.0	/* sport known at begin and not running: bikes, skis */
#define T_JUMP_S 3600.0		/* a forward jump this long is checked against the next point */
#define T_STALE_S 86400.0	/* first and second times this far apart: a stale clock */
#define TELEPORT_SLACK_M 30.0	/* GPS error allowed on top of v_max x dt */
#define RELOCATE_RUN 3		/* this many consistent "teleports" move the anchor */
#define ELE_MIN_M (-500.0)	/* Dead Sea shore is -430 m */
#define ELE_MAX_M 9000.0	/* Everest is 8849 m */
#define HR_MIN_BPM 25.0
#define HR_MAX_BPM 250.0
#define CAD_MAX_RPM 250.0

/* Lap totals: used only when the laps' time is at most this x the points' + slack */
#define LAP_TIME_RATIO 1.5
#define LAP_TIME_SLACK_S 60.0

/* Moving time */
#define GAP_S 30.0		/* a longer gap between points is a pause unless it moved */
#define V_FLOOR_MPS 0.5		/* below this over the window: standing, not moving */
#define MOVE_HALF_S 5.0		/* the moving window reaches this far each side of a step */
#define SPEED_HALF_S 10.0	/* the speed window, longer: GPS path noise */
#define TURN_MIN_MPS 1.0	/* turnaround: each half of the moving window at least this */
#define CLIMB_HALF_S 30.0	/* climb window: this far each side of a step ... */
#define CLIMB_MIN_MPS 0.12	/* ... each half rising (or each falling) at least this (432 m/h) */

/* Elevation and grade */
#define SMOOTH_HALF_M 15.0	/* elevation is averaged over +-15 m ... */
#define SMOOTH_HALF_S 30.0	/* ... and at most +-30 s */
#define HYSTERESIS_M 3.0	/* GoldenCheetah's default */
#define GRADE_HALF_M 50.0	/* grade: 50 m behind the step vs 50 m ahead */
#define GRADE_MIN_BASE_M 10.0	/* centroids closer than this give no grade */
#define GRADE_CLAMP 0.45	/* Minetti's measured range */

/* Speed work */
#define FAST_REL 1.2		/* default fast threshold: 1.2 x median moving GAP speed */
#define SURGE_GAIN_MPS 1.0	/* a surge gains at least this much ... */
#define SURGE_WINDOW_S 15.0	/* ... within this many seconds */
#define SURGE_REFRACTORY_S 30.0	/* between the starts of two surges */
#define SURGE_SCAN_MAX 128	/* points looked back at for the window minimum */

/* Late climbing: one ascent sample per 50 m, up to 400 km */
#define PROF_STEP_M 50.0
#define PROF_N 8000
#define LATE_M (RR_LATE_KM_DEFAULT * 1000.0)	/* climbing after the first 6 km */
#define LATE_FRAC 0.6		/* ... and after 60 % of the run */

/* Calf load */
#define CALF_REF_MPS 3.0
#define CALF_SPEED_EXP 1.5
#define CALF_GRADE_K 5.0

/* Classification (analysis/classify.h): plain moving speed, 0.05 m/s bins to 50 m/s */
#define VRAW_BIN_MPS 0.05
#define VRAW_BINS 1000

#define RING 1024
#define LOOKAHEAD_M GRADE_HALF_M
#define LOOKAHEAD_S SMOOTH_HALF_S	/* >= MOVE_HALF_S and SPEED_HALF_S */

enum step_kind {
	STEP_FIRST,		/* first kept point of the activity */
	STEP_NORMAL,		/* same block as the previous kept point */
	STEP_GAP,		/* same segment, more than GAP_S later, and it did not move */
	STEP_SEGMENT,		/* a new track segment more than GAP_S later (or untimed) */
	STEP_RELOCATE		/* the position re-anchored after repeated teleports */
};

/* One kept point.  Prefix sums are inclusive, over the activity's kept points. */
struct slot {
	double t;		/* own time, else the previous kept point's; NAN before any */
	double cum_timed;	/* cum_m at the last kept point with its own time */
	double lat, lon;	/* valid when pos */
	double cos_lat;		/* geo_cos_lat(lat), valid when pos */
	double ele, hr, cad;	/* NAN when absent or absurd */
	double dist_dev, speed_dev;	/* device values, NAN when absent */
	double step_m;		/* track distance from the previous kept point */
	double gps_step_m;	/* GPS distance from the last position, counted if it moved */
	double cum_m;		/* track distance since the first kept point */
	double e_n, e_sum, e_x;	/* count, sum of ele, sum of cum_m over points with ele */
	double known_n;		/* steps whose distance had a source */
	double v_gap;		/* GAP speed of the step ending here, NAN unknown */
	enum step_kind kind;
	bool own_t, pos, dist_known;
	bool gap_moved;		/* a step longer than GAP_S that covered ground */
};

/*
 * The window bounds of step processing, each found by its own cursor (see
 * seek()): first point at or after a target distance or time.
 */
enum cursor {
	CUR_SMOOTH_M_LO, CUR_SMOOTH_M_HI, CUR_SMOOTH_T_LO, CUR_SMOOTH_T_HI,
	CUR_BEHIND_LO, CUR_BEHIND_HI, CUR_AHEAD_LO, CUR_AHEAD_HI,
	CUR_SPEED_LO, CUR_SPEED_HI, CUR_MOVE_LO, CUR_MOVE_HI,
	CUR_CLIMB_LO, CUR_CLIMB_HI,
	CUR_COUNT
};

struct metrics {
	struct run_params params;
	double v_max;			/* teleport ceiling for this activity, m/s */
	bool segment_is_pause;		/* GPX: a new segment means the recording stopped */
	bool check_windows;		/* tests: binary-search and scan every window too ... */
	unsigned long window_mismatches;	/* ... and count disagreements */

	/* Everything from here to ring is reset by metrics_begin(). */
	unsigned long points, dropped;
	bool held_valid;		/* the last point read waits for the next one */
	struct rr_point held;
	unsigned long n;		/* kept points so far */
	unsigned long proc;		/* next kept point whose step is unprocessed */
	unsigned long block_first;	/* first kept point of the current block */
	unsigned last_segment;
	unsigned long cur[CUR_COUNT];	/* where each cursor stopped last */

	bool have_time;
	double first_t, last_t;

	unsigned long epoch;		/* segment breaks and relocations so far */
	bool lp_valid;			/* last kept point with a position */
	double lp_lat, lp_lon, lp_cos;
	unsigned long lp_epoch;
	bool lp_is_prev;		/* ... and it is the last kept point */
	bool lp_is_tp;			/* ... and it is also the tp point below */
	double d_lp;			/* metres from it to the point being read, NAN none */
	bool tp_valid;			/* last kept point with a position and its own time */
	double tp_lat, tp_lon, tp_cos, tp_t;
	unsigned cand_run;		/* consecutive consistent teleports */
	double cand_lat, cand_lon, cand_t;

	bool have_pos;
	double gps_m;
	unsigned long dev_n;
	double dev_m, dev_last, dev_last_t;

	bool have_ele;
	double raw_last, raw_up, raw_down;
	bool have_anchor;
	double anchor, last_smooth, up, down;
	double grade_last;		/* last grade of the current block, NAN none */

	unsigned long hr_n, cad_n;
	double hr_sum, hr_max, hr_min, cad_sum;
	double hr_t, hr_w, cad_t, cad_w;

	double start_t;			/* the file's own start time (TCX Id), NAN unknown */
	bool dist_seen;			/* a kept point had a position, device distance or speed */
	double moving_s;
	double d_moving, d_gap;		/* moving track metres, and their GAP equivalent */
	double track_all;		/* track metres of steps that count (moving or untimed) */
	double track_timed;		/* ... of them, those of steps with a time */
	double calf_raw;
	bool bands_known;
	double bands[RR_GRADE_BANDS];
	double speed_hist[RR_SPEED_BINS];
	double vraw_hist[VRAW_BINS];	/* moving seconds by plain speed, for classify */
	double hr_hist[RR_HR_BINS];

	bool surging;
	double surge_peak, surge_start_t;
	unsigned long surge_hist[RR_SPEED_BINS];	/* surges by peak GAP speed */
	/*
	 * The surge window's minimum (surge_floor()): of the last
	 * SURGE_SCAN_MAX processed points with a GAP speed, those slower
	 * than every later one (the others can never be the minimum again).
	 * [floor_head, floor_tail) count pushes; an entry is
	 * floor[count % SURGE_SCAN_MAX].
	 */
	unsigned long floor[SURGE_SCAN_MAX];
	unsigned long floor_head, floor_tail;

	/*
	 * Late climbing: prof_up[k] is the filtered ascent so far when the
	 * smoothed point reached k x PROF_STEP_M of cumulative distance; the
	 * late ascent is the final ascent minus the one at 6 km or at 60 %.
	 */
	size_t nprof;
	double prof_cum_m;		/* the last smoothed point's cumulative metres */
	double prof_up[PROF_N];

	struct slot ring[RING];
};

#define SLOT(m, s) (&(m)->ring[(s) % RING])

void run_params_init(struct run_params *p)
{
	p->threshold_pace_s_per_km = NAN;
	p->hr_rest_bpm = NAN;
	p->hr_max_bpm = NAN;
	p->sex = 0;
}

double minetti_cr(double grade)
{
	double i = grade;

	if (isnan(i))
		return NAN;
	if (i > GRADE_CLAMP)
		i = GRADE_CLAMP;
	if (i < -GRADE_CLAMP)
		i = -GRADE_CLAMP;
	return ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6;
}

double trimp_from_hist(const float *hr_hist_s, size_t bins, double hr_rest,
		       double hr_max, char sex)
{
	double a, b, sum = 0;
	size_t j;

	if (!hr_hist_s || !isfinite(hr_rest) || !isfinite(hr_max) || hr_max <= hr_rest)
		return NAN;
	/* Morton, Fitz-Clarke & Banister 1990; unknown sex: the mean constants. */
	if (sex == 'm' || sex == 'M') {
		a = 0.64;
		b = 1.92;
	} else if (sex == 'f' || sex == 'F') {
		a = 0.86;
		b = 1.67;
	} else {
		a = 0.75;
		b = 1.795;
	}
	for (j = 0; j < bins; j++) {
		double x = ((double)j - hr_rest) / (hr_max - hr_rest);

		if (!(hr_hist_s[j] > 0))
			continue;
		if (x <= 0)
			continue;
		if (x > 1)
			x = 1;
		sum += hr_hist_s[j] / 60.0 * x * a * exp(b * x);
	}
	return sum;
}

double fast_s_from_hist(const float *speed_hist_s, size_t bins, double speed_mps)
{
	double sum = 0, pos;
	size_t j, first;

	if (!speed_hist_s || isnan(speed_mps))
		return NAN;
	if (speed_mps <= 0)
		pos = 0;
	else
		pos = speed_mps / RR_SPEED_BIN_MPS;
	if (pos >= (double)(bins - 1))
		return NAN;	/* the last bin is open-ended: time above is unknown */
	first = (size_t)pos;
	/* Time is taken as spread evenly over its bin: count the part at or above. */
	if (speed_hist_s[first] > 0)
		sum += speed_hist_s[first] * ((double)(first + 1) - pos);
	for (j = first + 1; j < bins; j++)
		if (speed_hist_s[j] > 0)
			sum += speed_hist_s[j];
	return sum;
}

/* The speed at which a fraction q of the histogram's time is slower; NAN when empty. */
static double hist_quantile_w(const double *hist, size_t bins, double width, double q)
{
	double total = 0, acc = 0;
	size_t j;

	for (j = 0; j < bins; j++)
		total += hist[j];
	if (!(total > 0))
		return NAN;
	for (j = 0; j < bins; j++) {
		if (hist[j] > 0 && acc + hist[j] >= q * total)
			return ((double)j + (q * total - acc) / hist[j]) * width;
		acc += hist[j];
	}
	return (double)bins * width;
}

static double hist_quantile(const double *hist, size_t bins, double q)
{
	return hist_quantile_w(hist, bins, RR_SPEED_BIN_MPS, q);
}

static size_t speed_bin(double v)
{
	double b = v / RR_SPEED_BIN_MPS;

	if (!(b > 0))
		return 0;
	if (b >= RR_SPEED_BINS - 1)
		return RR_SPEED_BINS - 1;
	return (size_t)b;
}

static bool sport_is_running(const char *sport)
{
	char low[32];
	size_t i;

	for (i = 0; i + 1 < sizeof(low) && sport[i]; i++)
		low[i] = (sport[i] >= 'A' && sport[i] <= 'Z') ? (char)(sport[i] - 'A' + 'a') : sport[i];
	low[i] = '\0';
	if (low[0] == '\0' || strcmp(low, "unknown") == 0 || strcmp(low, "9") == 0)
		return true;
	return strstr(low, "run") != NULL;
}

struct metrics *metrics_new(const struct run_params *params)
{
	/*
	 * Not zeroed whole: the ring (nearly all of the struct) is never read
	 * before a kept point is copied into its slot, and the rest is set
	 * below and by metrics_begin().
	 */
	struct metrics *m = malloc(sizeof(*m));

	if (!m)
		return NULL;
	memset(m, 0, offsetof(struct metrics, ring));
	if (params)
		m->params = *params;
	else
		run_params_init(&m->params);
	metrics_begin(m, NULL);
	return m;
}

void metrics_free(struct metrics *m)
{
	free(m);
}

void metrics_check_windows(struct metrics *m, bool on)
{
	m->check_windows = on;
	m->window_mismatches = 0;
}

unsigned long metrics_window_mismatches(const struct metrics *m)
{
	return m->window_mismatches;
}

void metrics_begin(struct metrics *m, const struct rr_meta *meta)
{
	memset(&m->points, 0, offsetof(struct metrics, ring) - offsetof(struct metrics, points));
	m->v_max = (meta && !sport_is_running(meta->sport)) ? V_MAX_OTHER_MPS : V_MAX_MPS;
	m->start_t = meta ? meta->start_t_s : NAN;
	/* GPX 1.1: "a new Track Segment should be started" when the fix is lost
	 * or the receiver turned off; a TCX <Track> is just the points of a lap. */
	m->segment_is_pause = !(meta && meta->format == RR_FORMAT_TCX);
	m->first_t = m->last_t = NAN;
	m->tp_t = m->cand_t = NAN;
	m->dev_last = m->dev_last_t = NAN;
	m->raw_last = NAN;
	m->anchor = m->last_smooth = NAN;
	m->grade_last = NAN;
	m->hr_max = m->hr_min = NAN;
	m->surge_peak = m->surge_start_t = NAN;
}

/* v when within [lo, hi], else NAN.  lo and hi are finite: NAN and infinities fail. */
static double clean(double v, double lo, double hi)
{
	return (v >= lo && v <= hi) ? v : NAN;
}

/* ---- step processing (stage 2) ---- */

enum key { KEY_T, KEY_CUM };

static double key_of(const struct metrics *m, unsigned long s, enum key k)
{
	const struct slot *p = SLOT(m, s);

	return k == KEY_T ? p->t : p->cum_m;
}

/*
 * First point in [lo, hi] whose key is >= x (> x when strict), or hi + 1.
 * Keys never decrease within a block (kept times increase or are carried,
 * distance accumulates; points without any time lead the activity, and a
 * NAN key compares as smaller than everything).
 */
static unsigned long search(const struct metrics *m, unsigned long lo, unsigned long hi,
			    enum key k, double x, bool strict)
{
	unsigned long a = lo, b = hi + 1;

	while (a < b) {
		unsigned long mid = a + (b - a) / 2;
		double v = key_of(m, mid, k);

		if (strict ? v > x : v >= x)
			b = mid;
		else
			a = mid + 1;
	}
	return a;
}

static void check_window(struct metrics *m, unsigned long i, unsigned long lo,
			 unsigned long hi, enum key k, double x, bool strict)
{
	if (i != search(m, lo, hi, k, x, strict))
		m->window_mismatches++;
}

/*
 * search() for cursor c, in amortised O(1): the cursor walks forward from
 * where it stopped last.  That is the same answer because each cursor's
 * target x never decreases (steps are processed in order and the keys of
 * a block do not decrease), nor does lo, and every point it passed was
 * below a target not above x.  A new block starts past every cursor.
 * Targets are never NAN: distances add non-negative steps, and callers
 * test times.
 */
static inline unsigned long seek(struct metrics *m, enum cursor c, unsigned long lo,
				 unsigned long hi, enum key k, double x, bool strict)
{
	unsigned long i = m->cur[c] > lo ? m->cur[c] : lo;

	for (; i <= hi; i++) {
		double v = key_of(m, i, k);

		if (strict ? v > x : v >= x)
			break;
	}
	m->cur[c] = i;
	if (m->check_windows)
		check_window(m, i, lo, hi, k, x, strict);
	return i;
}

/* Points with elevation in [i, j]: count, sum of ele, sum of track position. */
static inline void ele_range(const struct metrics *m, unsigned long i, unsigned long j,
			     double *n, double *sum_e, double *sum_x)
{
	const struct slot *a = SLOT(m, i), *b = SLOT(m, j);
	bool own = isfinite(a->ele);

	*n = b->e_n - a->e_n + (own ? 1 : 0);
	*sum_e = b->e_sum - a->e_sum + (own ? a->ele : 0);
	*sum_x = b->e_x - a->e_x + (own ? a->cum_m : 0);
}

static void hysteresis(struct metrics *m, double e)
{
	if (!m->have_anchor) {
		m->have_anchor = true;
		m->anchor = e;
	} else if (e - m->anchor >= HYSTERESIS_M) {
		m->up += e - m->anchor;
		m->anchor = e;
	} else if (m->anchor - e >= HYSTERESIS_M) {
		m->down += m->anchor - e;
		m->anchor = e;
	}
	m->last_smooth = e;
}

/* Smoothed elevation at point s: mean over +-SMOOTH_HALF_M and +-SMOOTH_HALF_S. */
static void smooth_point(struct metrics *m, unsigned long s, unsigned long lo, unsigned long hi)
{
	const struct slot *p = SLOT(m, s);
	unsigned long i, j, i2, j2;
	double n, se, sx;

	i = seek(m, CUR_SMOOTH_M_LO, lo, hi, KEY_CUM, p->cum_m - SMOOTH_HALF_M, false);
	j = seek(m, CUR_SMOOTH_M_HI, lo, hi, KEY_CUM, p->cum_m + SMOOTH_HALF_M, true) - 1;
	if (isfinite(p->t)) {
		i2 = seek(m, CUR_SMOOTH_T_LO, lo, hi, KEY_T, p->t - SMOOTH_HALF_S, false);
		j2 = seek(m, CUR_SMOOTH_T_HI, lo, hi, KEY_T, p->t + SMOOTH_HALF_S, true) - 1;
		if (i2 > i)
			i = i2;
		if (j2 < j)
			j = j2;
	}
	ele_range(m, i, j, &n, &se, &sx);
	if (n > 0) {
		/* the ascent before this point's distance, for the late climbing */
		while (m->nprof < PROF_N && (double)m->nprof * PROF_STEP_M <= p->cum_m)
			m->prof_up[m->nprof++] = m->up;
		m->prof_cum_m = p->cum_m;
		hysteresis(m, se / n);
	}
}

/*
 * Grade of the step ending at s: mean elevation 50 m ahead vs 50 m behind
 * its middle; each half reaches at least the step's own end (sparse points).
 */
static double step_grade(struct metrics *m, unsigned long s, unsigned long lo,
			 unsigned long hi)
{
	double c0 = SLOT(m, s - 1)->cum_m, c1 = SLOT(m, s)->cum_m, x = (c0 + c1) / 2;
	double from = x - GRADE_HALF_M, to = x + GRADE_HALF_M;	/* not NAN: ?: is fmin, fmax */
	unsigned long i1, i2, j1, j2;
	double nb, eb, xb, na, ea, xa;

	i1 = seek(m, CUR_BEHIND_LO, lo, hi, KEY_CUM, from < c0 ? from : c0, false);
	i2 = seek(m, CUR_BEHIND_HI, lo, hi, KEY_CUM, x, true) - 1;
	j1 = seek(m, CUR_AHEAD_LO, lo, hi, KEY_CUM, x, false);
	j2 = seek(m, CUR_AHEAD_HI, lo, hi, KEY_CUM, to > c1 ? to : c1, true) - 1;
	if (i2 < i1 || i2 == (unsigned long)-1 || j1 > j2 || j1 > hi)
		return NAN;
	ele_range(m, i1, i2, &nb, &eb, &xb);
	ele_range(m, j1, j2, &na, &ea, &xa);
	if (!(nb > 0 && na > 0))
		return NAN;
	xb /= nb;
	xa /= na;
	if (xa - xb < GRADE_MIN_BASE_M)
		return NAN;
	return (ea / na - eb / nb) / (xa - xb);
}

static size_t grade_band(double g)
{
	if (g < -0.06)
		return 0;
	if (g < -0.02)
		return 1;
	if (g <= 0.02)
		return 2;
	if (g <= 0.06)
		return 3;
	return 4;
}

static double calf_speed_factor(double v)
{
	if (!isfinite(v))
		return 1;	/* no speed: count the distance at the reference speed */
	if (v > V_MAX_MPS)
		v = V_MAX_MPS;
	return pow(v / CALF_REF_MPS, CALF_SPEED_EXP);
}

/*
 * The speed the calf load counts: grade-adjusted (Minetti) uphill, so that
 * slowing down on a climb at the same effort does not lower the load;
 * downhill as on the flat (the lower metabolic cost downhill is not a
 * lower calf load; its eccentric work is not modelled).
 */
static double calf_speed(double v, double cr_factor)
{
	return isfinite(v) && cr_factor > 1 ? v * cr_factor : v;
}

/* Uphill term of the calf load; an unknown grade counts as flat. */
static double calf_grade_factor(double grade)
{
	if (!(grade > 0))
		return 1;
	return 1 + CALF_GRADE_K * (grade > GRADE_CLAMP ? GRADE_CLAMP : grade);
}

static void surge_end(struct metrics *m)
{
	if (m->surging)
		m->surge_hist[speed_bin(m->surge_peak)]++;
	m->surging = false;
}

/*
 * Lowest GAP speed over the points scanned back from step s: at most
 * SURGE_SCAN_MAX of them, not before lo, and stopping at the first one more
 * than SURGE_WINDOW_S older than s.  NAN when none has one.  The reference
 * for surge_floor().
 */
static double surge_floor_scan(const struct metrics *m, unsigned long s, unsigned long lo)
{
	const struct slot *p = SLOT(m, s);
	double vmin = NAN;
	unsigned long i, scanned = 0;

	for (i = s; i > lo && scanned < SURGE_SCAN_MAX; scanned++) {
		const struct slot *q = SLOT(m, --i);

		if (p->t - q->t > SURGE_WINDOW_S)
			break;
		if (isfinite(q->v_gap) && !(q->v_gap >= vmin))
			vmin = q->v_gap;
	}
	return vmin;
}

/* Step s has its GAP speed, finite: it enters the surge window. */
static void surge_floor_push(struct metrics *m, unsigned long s)
{
	double v = SLOT(m, s)->v_gap;

	while (m->floor_tail > m->floor_head &&
	       SLOT(m, m->floor[(m->floor_tail - 1) % SURGE_SCAN_MAX])->v_gap >= v)
		m->floor_tail--;
	while (m->floor_tail > m->floor_head &&
	       m->floor[m->floor_head % SURGE_SCAN_MAX] + SURGE_SCAN_MAX <= s)
		m->floor_head++;	/* out of reach of every later step */
	m->floor[m->floor_tail++ % SURGE_SCAN_MAX] = s;
}

/*
 * surge_floor_scan() in O(1) amortised: the window's first entry.  Entries
 * leave from the front once out of the window, for good: its start (lo,
 * s - SURGE_SCAN_MAX, the time limit) only moves forward, within a block
 * (times never decrease) and to a new block (lo passes every entry).
 */
static double surge_floor(struct metrics *m, unsigned long s, unsigned long lo)
{
	const struct slot *p = SLOT(m, s);
	double vmin = NAN;

	while (m->floor_tail > m->floor_head) {
		unsigned long i = m->floor[m->floor_head % SURGE_SCAN_MAX];

		if (i >= lo && i + SURGE_SCAN_MAX >= s &&
		    !(p->t - SLOT(m, i)->t > SURGE_WINDOW_S)) {
			vmin = SLOT(m, i)->v_gap;
			break;
		}
		m->floor_head++;
	}
	if (m->check_windows) {
		double ref = surge_floor_scan(m, s, lo);

		if (!(vmin == ref || (isnan(vmin) && isnan(ref))))
			m->window_mismatches++;
	}
	return vmin;
}

/*
 * Follow the GAP speed of one moving step for surge detection.  A surge
 * starts when the speed is SURGE_GAIN_MPS above the lowest of the last
 * SURGE_WINDOW_S, and is judged by the peak of its first SURGE_WINDOW_S:
 * short by definition, so a long rep is one surge at its start and a
 * restart after a stop cannot swallow the strides that follow.
 */
static void surge_step(struct metrics *m, unsigned long s, unsigned long lo, double vg)
{
	const struct slot *p = SLOT(m, s);
	double vmin;

	if (!isfinite(vg) || !isfinite(p->t)) {
		surge_end(m);
		return;
	}
	if (m->surging) {
		if (vg > m->surge_peak)
			m->surge_peak = vg;
		if (p->t - m->surge_start_t >= SURGE_WINDOW_S)
			surge_end(m);
		return;
	}
	if (isfinite(m->surge_start_t) && p->t - m->surge_start_t < SURGE_REFRACTORY_S)
		return;
	vmin = surge_floor(m, s, lo);
	if (isfinite(vmin) && vg - vmin >= SURGE_GAIN_MPS) {
		m->surging = true;
		m->surge_peak = vg;
		m->surge_start_t = p->t;
	}
}

/* Time-weighted HR and cadence over one moving step of dt seconds. */
static void weigh_sensors(struct metrics *m, const struct slot *q, const struct slot *p, double dt)
{
	double hr, cad;

	if (isfinite(q->hr) && isfinite(p->hr))
		hr = (q->hr + p->hr) / 2;
	else
		hr = isfinite(p->hr) ? p->hr : q->hr;
	if (isfinite(hr)) {
		/* lround(hr): for hr >= 1, hr + 0.5 never rounds up to the next integer */
		long b = (long)(hr + 0.5);

		m->hr_t += dt;
		m->hr_w += hr * dt;
		m->hr_hist[b < 0 ? 0 : b >= RR_HR_BINS ? RR_HR_BINS - 1 : b] += dt;
	}
	if (q->cad > 0 && p->cad > 0)
		cad = (q->cad + p->cad) / 2;
	else
		cad = p->cad > 0 ? p->cad : q->cad > 0 ? q->cad : NAN;
	if (isfinite(cad)) {
		m->cad_t += dt;
		m->cad_w += cad * dt;
	}
}

/* A moving step: time, speed histogram, GAP distance, sensors, surges, calf load. */
static void count_moving(struct metrics *m, unsigned long s, unsigned long lo,
			 double dt, double v, double grade)
{
	const struct slot *p = SLOT(m, s), *q = SLOT(m, s - 1);
	double gi = isfinite(grade) ? grade : 0;
	double factor = minetti_cr(gi) / minetti_cr(0);
	double vg = isfinite(v) ? v * factor : NAN;

	m->moving_s += dt;
	if (isfinite(vg))
		m->speed_hist[speed_bin(vg)] += dt;
	if (isfinite(v) && v >= 0) {
		double b = v / VRAW_BIN_MPS;

		m->vraw_hist[b < VRAW_BINS - 1 ? (size_t)b : VRAW_BINS - 1] += dt;
	}
	if (p->dist_known) {
		m->d_moving += p->step_m;
		m->d_gap += p->step_m * factor;
	}
	weigh_sensors(m, q, p, dt);
	surge_step(m, s, lo, vg);
	m->calf_raw += p->step_m / 1000 * calf_speed_factor(calf_speed(v, factor)) *
		       calf_grade_factor(grade);
}

/*
 * The step into a new block is a pause.  A recording gap inside a segment
 * still adds its distance (that ground was covered, paused or not); across a
 * segment change or a relocation there is none (step_m and gps_step_m are 0).
 */
static void process_break(struct metrics *m, unsigned long s)
{
	const struct slot *p = SLOT(m, s);

	surge_end(m);
	m->grade_last = NAN;
	m->gps_m += p->gps_step_m;
	m->track_all += p->step_m;
	m->track_timed += p->step_m;
}

/*
 * The window of points around the step ending at s: from the last point at
 * least half_s before the step's start to the first at least half_s after
 * its end, within [lo, hi].
 */
static inline void step_window(struct metrics *m, enum cursor ca, enum cursor cb,
			       unsigned long s, unsigned long lo, unsigned long hi, double half_s,
			       unsigned long *a, unsigned long *b)
{
	*a = seek(m, ca, lo, s - 1, KEY_T, SLOT(m, s - 1)->t - half_s, true);
	*a = *a > lo ? *a - 1 : lo;
	*b = seek(m, cb, s, hi, KEY_T, SLOT(m, s)->t + half_s, false);
	if (*b > hi)
		*b = hi;
}

/*
 * Speed of the step ending at s: the device speed at its ends when the
 * points have one (a watch's Doppler speed is already filtered, and far
 * steadier than positions), else the track distance over the longer window
 * divided by its duration.
 */
static double step_speed(struct metrics *m, unsigned long s, unsigned long lo, unsigned long hi)
{
	const struct slot *p = SLOT(m, s), *q = SLOT(m, s - 1);
	const struct slot *sa, *sb;
	unsigned long a, b;

	if (isfinite(p->speed_dev) && isfinite(q->speed_dev))
		return (p->speed_dev + q->speed_dev) / 2;
	if (isfinite(p->speed_dev) || isfinite(q->speed_dev))
		return isfinite(p->speed_dev) ? p->speed_dev : q->speed_dev;
	step_window(m, CUR_SPEED_LO, CUR_SPEED_HI, s, lo, hi, SPEED_HALF_S, &a, &b);
	sa = SLOT(m, a);
	sb = SLOT(m, b);
	if (sb->known_n - sa->known_n > 0 && sb->t > sa->t)
		return (sb->cum_m - sa->cum_m) / (sb->t - sa->t);
	return NAN;
}

/*
 * Straight-line speed over the short window around the step (jitter
 * inflates path length, not displacement); NAN when no step in the window
 * has a distance source.  Only a speed below V_FLOOR_MPS is used (it is
 * the net progress of a stop): a window surely faster gives HUGE_VAL.
 */
static double step_displacement_speed(struct metrics *m, unsigned long s,
				      unsigned long lo, unsigned long hi)
{
	unsigned long a, b;
	const struct slot *sa, *sb;
	double tw, disp;

	step_window(m, CUR_MOVE_LO, CUR_MOVE_HI, s, lo, hi, MOVE_HALF_S, &a, &b);
	sa = SLOT(m, a);
	sb = SLOT(m, b);
	tw = sb->t - sa->t;
	if (!(sb->known_n - sa->known_n > 0 && tw > 0))
		return NAN;
	if (!(sa->pos && sb->pos))
		return (sb->cum_m - sa->cum_m) / tw;
	/* Twice the floor: disp / tw cannot then round below it. */
	if (geo_surely_at_least_m(sa->lat, sa->lon, sa->cos_lat, sb->lat, sb->lon, sb->cos_lat,
				  2 * V_FLOOR_MPS * tw))
		return HUGE_VAL;
	disp = geo_haversine_cos_m(sa->lat, sa->lon, sa->cos_lat, sb->lat, sb->lon, sb->cos_lat);
	return disp / tw;
}

static double pos_dist_m(const struct slot *x, const struct slot *y)
{
	return geo_haversine_cos_m(x->lat, x->lon, x->cos_lat, y->lat, y->lon, y->cos_lat);
}

/*
 * A step whose window shows no net progress may still be moving: at a
 * turnaround (a shuttle's cone, an out-and-back) the runner comes and goes
 * along the same line, so each half of the window (up to the step's start,
 * and from its end) covers ground at TURN_MIN_MPS or more while the whole
 * window nets nothing.  Twice the floor, so that standing jitter (a metre
 * or two over 5 s) does not pass it.
 */
static bool turnaround(struct metrics *m, unsigned long s, unsigned long lo, unsigned long hi)
{
	const struct slot *p = SLOT(m, s), *q = SLOT(m, s - 1), *sa, *sb;
	unsigned long a, b;
	double t1, t2;

	step_window(m, CUR_MOVE_LO, CUR_MOVE_HI, s, lo, hi, MOVE_HALF_S, &a, &b);
	sa = SLOT(m, a);
	sb = SLOT(m, b);
	t1 = q->t - sa->t;
	t2 = sb->t - p->t;
	if (!(t1 > 0 && t2 > 0) || !(sa->pos && q->pos && p->pos && sb->pos))
		return false;
	return pos_dist_m(sa, q) >= TURN_MIN_MPS * t1 && pos_dist_m(p, sb) >= TURN_MIN_MPS * t2;
}

/*
 * Steep hiking makes little horizontal progress but steady vertical
 * progress: a step is moving when the elevation over CLIMB_HALF_S before
 * it and over CLIMB_HALF_S after it both rise (or both fall) by
 * CLIMB_MIN_MPS x their time or more (432 m/h: a steady climb, well above
 * the drift of an elevation reading at rest).
 */
static bool climbing(struct metrics *m, unsigned long s, unsigned long lo, unsigned long hi)
{
	const struct slot *p = SLOT(m, s), *q = SLOT(m, s - 1), *sa, *sb;
	unsigned long a, b;
	double t1, t2, d1, d2;

	step_window(m, CUR_CLIMB_LO, CUR_CLIMB_HI, s, lo, hi, CLIMB_HALF_S, &a, &b);
	sa = SLOT(m, a);
	sb = SLOT(m, b);
	t1 = q->t - sa->t;
	t2 = sb->t - p->t;
	d1 = q->ele - sa->ele;
	d2 = sb->ele - p->ele;
	/* At a block's first or last step only one side exists: it decides. */
	if (!(t1 > 0) && t2 > 0)
		return isfinite(d2) && fabs(d2) >= CLIMB_MIN_MPS * t2;
	if (t1 > 0 && !(t2 > 0))
		return isfinite(d1) && fabs(d1) >= CLIMB_MIN_MPS * t1;
	if (!(t1 > 0 && t2 > 0) || !isfinite(d1) || !isfinite(d2))
		return false;
	return (d1 >= CLIMB_MIN_MPS * t1 && d2 >= CLIMB_MIN_MPS * t2) ||
	       (-d1 >= CLIMB_MIN_MPS * t1 && -d2 >= CLIMB_MIN_MPS * t2);
}

static void process_normal(struct metrics *m, unsigned long s, unsigned long lo, unsigned long hi)
{
	struct slot *p = SLOT(m, s);
	double dt = p->t - SLOT(m, s - 1)->t, v, vd, grade;

	grade = step_grade(m, s, lo, hi);
	if (isfinite(grade))
		m->grade_last = grade;
	else
		grade = m->grade_last;
	if (isfinite(grade)) {
		m->bands[grade_band(grade)] += p->step_m;
		m->bands_known = true;
	}
	if (!isfinite(dt)) {
		/* No times: distance and climb still count; there is no moving time. */
		m->gps_m += p->gps_step_m;
		m->track_all += p->step_m;
		m->calf_raw += p->step_m / 1000 * calf_grade_factor(grade);
		return;
	}
	v = step_speed(m, s, lo, hi);
	p->v_gap = v * minetti_cr(isfinite(grade) ? grade : 0) / minetti_cr(0);
	/*
	 * Judged already: a long step by the ground it covered; a step that
	 * takes no time (its point carries the previous time) moves with the
	 * timed step after it, so its distance counts whole.
	 */
	vd = (p->gap_moved || !(dt > 0)) ? HUGE_VAL : step_displacement_speed(m, s, lo, hi);
	if (vd < V_FLOOR_MPS && (turnaround(m, s, lo, hi) || climbing(m, s, lo, hi)))
		vd = HUGE_VAL;
	if (!(vd < V_FLOOR_MPS)) {	/* unknown counts as moving: nothing shows a stop */
		m->gps_m += p->gps_step_m;
		m->track_all += p->step_m;
		m->track_timed += p->step_m;
		count_moving(m, s, lo, dt, v, grade);
	} else {
		/*
		 * Not moving: only the net progress counts as distance, so
		 * that jitter while standing adds next to nothing and a very
		 * slow walk keeps its ground.
		 */
		double net = vd * dt;

		m->gps_m += p->gps_step_m < net ? p->gps_step_m : net;
		m->track_all += p->step_m < net ? p->step_m : net;
		m->track_timed += p->step_m < net ? p->step_m : net;
		surge_end(m);
	}
	if (isfinite(p->v_gap))
		surge_floor_push(m, s);
}

static void process_one(struct metrics *m)
{
	unsigned long s = m->proc++;
	unsigned long oldest = m->n > RING ? m->n - RING : 0;
	unsigned long lo = m->block_first > oldest ? m->block_first : oldest;
	unsigned long hi = m->n - 1;
	const struct slot *p = SLOT(m, s);

	smooth_point(m, s, lo, hi);
	if (p->kind == STEP_FIRST)
		return;
	if (p->kind == STEP_NORMAL)
		process_normal(m, s, lo, hi);
	else
		process_break(m, s);
}

static bool ready(const struct metrics *m, unsigned long s)
{
	const struct slot *p = SLOT(m, s), *newest = SLOT(m, m->n - 1);

	if (newest->t < p->t + LOOKAHEAD_S)	/* false when either time is NAN */
		return false;
	return newest->cum_m >= p->cum_m + LOOKAHEAD_M;
}

static void flush(struct metrics *m)
{
	while (m->proc < m->n)
		process_one(m);
}

/* ---- cleaning (stage 1) ---- */

static bool pos_valid(double lat, double lon)
{
	if (!isfinite(lat) || !isfinite(lon) || fabs(lat) > 90 || fabs(lon) > 180)
		return false;
	return !(lat == 0 && lon == 0);	/* "null island": a missing fix written as zeros */
}

/*
 * Track distance of the step from prev to p, from the best source both
 * points share.  A device distance of 0 is no source: devices without a
 * sensor write 0 throughout, and a real start at 0 only delays the source
 * by one point.
 */
static void step_distance(const struct metrics *m, struct slot *p, const struct slot *prev)
{
	double dt = p->t - prev->t;
	double sp;

	p->step_m = 0;
	p->dist_known = false;
	if (p->pos && prev->pos) {
		p->step_m = m->lp_is_prev ? m->d_lp :
			    geo_haversine_cos_m(prev->lat, prev->lon, prev->cos_lat,
						p->lat, p->lon, p->cos_lat);
		p->dist_known = true;
	} else if (p->dist_dev > 0 && prev->dist_dev > 0 && p->dist_dev >= prev->dist_dev &&
		   (!isfinite(dt) || p->dist_dev - prev->dist_dev <= m->v_max * dt + TELEPORT_SLACK_M)) {
		p->step_m = p->dist_dev - prev->dist_dev;
		p->dist_known = true;
	} else if (isfinite(dt)) {
		if (isfinite(p->speed_dev) && isfinite(prev->speed_dev))
			sp = (p->speed_dev + prev->speed_dev) / 2;
		else
			sp = isfinite(p->speed_dev) ? p->speed_dev : prev->speed_dev;
		if (isfinite(sp)) {
			p->step_m = sp * dt;
			p->dist_known = true;
		}
	}
}

static bool has_dist_source(const struct slot *p)
{
	return p->pos || p->dist_dev > 0 || isfinite(p->speed_dev);
}

static void account(struct metrics *m, struct slot *p)
{
	if (has_dist_source(p))
		m->dist_seen = true;
	/* Added when the step is processed, if it moved (or has no time to judge). */
	p->gps_step_m = 0;
	if (p->pos) {
		if (m->lp_valid && m->lp_epoch == m->epoch)
			p->gps_step_m = m->d_lp;
		m->lp_valid = m->have_pos = true;
		m->lp_lat = p->lat;
		m->lp_lon = p->lon;
		m->lp_cos = p->cos_lat;
		m->lp_epoch = m->epoch;
		m->lp_is_tp = p->own_t;
		if (p->own_t) {
			m->tp_valid = true;
			m->tp_lat = p->lat;
			m->tp_lon = p->lon;
			m->tp_cos = p->cos_lat;
			m->tp_t = p->t;
		}
	}
	if (isfinite(p->dist_dev)) {
		/*
		 * Sum of plausible increases: a decrease or a jump is a reset.
		 * The device counts from 0 at the start (and after a reset):
		 * the first value counts too when it is plausible for the time
		 * since the start (the activity's own start time, else none).
		 */
		if (m->dev_n > 0) {
			double d = p->dist_dev - m->dev_last, dt = p->t - m->dev_last_t;

			if (d >= 0 && (!isfinite(dt) || d <= m->v_max * dt + TELEPORT_SLACK_M))
				m->dev_m += d;
			else if (d < 0 && isfinite(dt) && p->dist_dev <= m->v_max * dt + TELEPORT_SLACK_M)
				m->dev_m += p->dist_dev;	/* a new lap counting from 0 */
		} else {
			double since = p->t - m->start_t;

			if (!(since > 0))
				since = 0;
			if (p->dist_dev <= m->v_max * since + TELEPORT_SLACK_M)
				m->dev_m += p->dist_dev;
		}
		m->dev_n++;
		m->dev_last = p->dist_dev;
		m->dev_last_t = p->t;
	}
	if (isfinite(p->ele)) {
		if (m->have_ele) {
			double d = p->ele - m->raw_last;

			if (d > 0)
				m->raw_up += d;
			else
				m->raw_down -= d;
		}
		m->have_ele = true;
		m->raw_last = p->ele;
	}
	if (isfinite(p->hr)) {
		m->hr_n++;
		m->hr_sum += p->hr;
		if (!(p->hr <= m->hr_max))
			m->hr_max = p->hr;
		if (!(p->hr >= m->hr_min))
			m->hr_min = p->hr;
	}
	if (p->cad > 0) {
		m->cad_n++;
		m->cad_sum += p->cad;
	}
	m->lp_is_prev = p->pos;
	if (p->own_t) {
		if (!m->have_time)
			m->first_t = p->t;
		m->have_time = true;
		m->last_t = p->t;
	}
}

/*
 * How the step from prev to p continues the recording, with its track
 * distance.  A GPX segment change is a pause.  A TCX <Track> change (one per
 * lap) or a gap longer than GAP_S breaks the block only when the recording
 * stopped: more than GAP_S for a track change, no ground covered for a gap
 * (a watch that lost the signal while its runner went on covered it).  The device's distance decides whether a gap moved
 * when both ends have one (a watch that paused itself says so, even if the
 * GPS shows its runner walking meanwhile).
 */
static enum step_kind step_kind_of(const struct metrics *m, struct slot *p,
				   const struct slot *prev, unsigned segment, bool relocate)
{
	double dt = p->t - prev->t, covered;

	if (relocate)
		return STEP_RELOCATE;
	if (segment != m->last_segment && (m->segment_is_pause || !(dt <= GAP_S)))
		return STEP_SEGMENT;
	step_distance(m, p, prev);
	if (!(dt > GAP_S))
		return STEP_NORMAL;
	if (isfinite(p->dist_dev) && isfinite(prev->dist_dev) && p->dist_dev >= prev->dist_dev)
		covered = p->dist_dev - prev->dist_dev;
	else if (p->dist_known)
		covered = p->step_m + prev->cum_m - prev->cum_timed;
	else if (!m->dist_seen && !has_dist_source(p))
		covered = HUGE_VAL;	/* nothing ever measured ground: no sign of a stop */
	else
		return STEP_GAP;
	p->gap_moved = covered / dt >= V_FLOOR_MPS;
	return p->gap_moved ? STEP_NORMAL : STEP_GAP;
}

static void keep(struct metrics *m, struct slot *p, unsigned segment, bool relocate)
{
	unsigned long seq = m->n;
	const struct slot *prev = seq ? SLOT(m, seq - 1) : NULL;

	if (!p->own_t)
		p->t = prev ? prev->t : NAN;	/* carried: the step takes no time */
	p->step_m = 0;
	p->dist_known = false;
	p->gap_moved = false;
	p->kind = prev ? step_kind_of(m, p, prev, segment, relocate) : STEP_FIRST;
	if (p->kind == STEP_SEGMENT || p->kind == STEP_RELOCATE || p->kind == STEP_FIRST)
		m->epoch++;	/* no distance across */

	if (p->kind != STEP_NORMAL) {
		flush(m);	/* windows never cross a block boundary */
		m->block_first = seq;
	} else if (seq - m->proc >= RING / 2) {
		process_one(m);	/* keep RING / 2 points of history for the oldest waiting point */
	}

	p->cum_m = (prev ? prev->cum_m : 0) + p->step_m;
	p->cum_timed = (p->own_t || !prev) ? p->cum_m : prev->cum_timed;
	p->e_n = (prev ? prev->e_n : 0) + (isfinite(p->ele) ? 1 : 0);
	p->e_sum = (prev ? prev->e_sum : 0) + (isfinite(p->ele) ? p->ele : 0);
	p->e_x = (prev ? prev->e_x : 0) + (isfinite(p->ele) ? p->cum_m : 0);
	p->known_n = (prev ? prev->known_n : 0) + (p->dist_known ? 1 : 0);
	p->v_gap = NAN;

	account(m, p);
	*SLOT(m, seq) = *p;
	m->n++;
	m->last_segment = segment;
	while (m->proc < m->n && ready(m, m->proc))
		process_one(m);
}

/* Teleport test against the last kept point with a position and a time.  True: drop p. */
static bool teleport(struct metrics *m, const struct slot *p, bool *relocate)
{
	double d = m->lp_is_tp ? m->d_lp :
		   geo_haversine_cos_m(m->tp_lat, m->tp_lon, m->tp_cos, p->lat, p->lon, p->cos_lat);

	if (d <= m->v_max * (p->t - m->tp_t) + TELEPORT_SLACK_M) {
		m->cand_run = 0;
		return false;
	}
	/* Rejected points that agree with one another are a new place, not noise. */
	if (m->cand_run > 0 &&
	    geo_haversine_m(m->cand_lat, m->cand_lon, p->lat, p->lon) <=
	    m->v_max * (p->t - m->cand_t) + TELEPORT_SLACK_M)
		m->cand_run++;
	else
		m->cand_run = 1;
	m->cand_lat = p->lat;
	m->cand_lon = p->lon;
	m->cand_t = p->t;
	if (m->cand_run < RELOCATE_RUN)
		return true;
	m->cand_run = 0;
	*relocate = true;
	return false;
}

static void read_point(struct metrics *m, const struct rr_point *pt)
{
	struct slot p;
	bool relocate = false;

	memset(&p, 0, sizeof(p));
	p.t = clean(pt->t_s, RR_T_MIN_S, RR_T_MAX_S);
	p.own_t = isfinite(p.t);
	p.pos = pos_valid(pt->lat_deg, pt->lon_deg);
	p.lat = p.pos ? pt->lat_deg : NAN;
	p.lon = p.pos ? pt->lon_deg : NAN;
	p.cos_lat = p.pos ? geo_cos_lat(p.lat) : NAN;
	p.ele = clean(pt->ele_m, ELE_MIN_M, ELE_MAX_M);
	p.hr = clean(pt->hr_bpm, HR_MIN_BPM, HR_MAX_BPM);
	p.cad = clean(pt->cad_rpm, 0, CAD_MAX_RPM);
	p.dist_dev = clean(pt->dist_m, 0, DBL_MAX);
	p.speed_dev = clean(pt->speed_mps, 0, m->v_max);

	/* One haversine from the last position serves the teleport test and both distances. */
	m->d_lp = (p.pos && m->lp_valid) ?
		  geo_haversine_cos_m(m->lp_lat, m->lp_lon, m->lp_cos, p.lat, p.lon, p.cos_lat) : NAN;
	if ((p.own_t && m->have_time && !(p.t > m->last_t)) ||	/* repeated or backwards */
	    (!p.own_t && !p.pos) ||				/* nothing places it */
	    (p.own_t && p.pos && m->tp_valid && teleport(m, &p, &relocate))) {
		m->dropped++;
		return;
	}
	keep(m, &p, pt->segment, relocate);
}

/*
 * A single timestamp far off the others must not rule the activity: one
 * glitch into the future would make every later point "go backwards", and a
 * stale first time (a clock not yet set) would stretch the elapsed time and
 * move the start to another day.  So each point waits for the next one, and
 * a time that jumps forward by more than T_JUMP_S is dropped when the next
 * point does not follow it but returns between the two (the jump was a
 * glitch).  The first timed point is dropped when the second is more than
 * T_STALE_S away from it, either way (a stale or garbled clock at start).
 */
static bool time_outlier(const struct metrics *m, const struct rr_point *h, const struct rr_point *next)
{
	double th = clean(h->t_s, RR_T_MIN_S, RR_T_MAX_S);
	double tn = clean(next->t_s, RR_T_MIN_S, RR_T_MAX_S);

	if (!isfinite(th) || !isfinite(tn))
		return false;
	if (!m->have_time)
		return fabs(tn - th) > T_STALE_S;
	return th - m->last_t > T_JUMP_S && tn > m->last_t && tn < th;
}

void metrics_point(struct metrics *m, const struct rr_point *pt)
{
	m->points++;
	if (m->held_valid) {
		if (time_outlier(m, &m->held, pt))
			m->dropped++;
		else
			read_point(m, &m->held);
	}
	m->held = *pt;
	m->held_valid = true;
}

/* ---- the summary ---- */

static void copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static double fast_threshold_mps(const struct metrics *m)
{
	double pace = m->params.threshold_pace_s_per_km;

	if (isfinite(pace) && pace > 0)
		return 1000.0 / pace;
	return FAST_REL * hist_quantile(m->speed_hist, RR_SPEED_BINS, 0.5);
}

static void finish_speed(struct metrics *m, struct run_summary *out)
{
	double total = 0, thr = fast_threshold_mps(m);
	unsigned long surges = 0;
	size_t j;

	for (j = 0; j < RR_SPEED_BINS; j++) {
		out->speed_hist_s[j] = (float)m->speed_hist[j];
		total += m->speed_hist[j];
	}
	out->fast_s = (total > 0 && isfinite(thr)) ?
		fast_s_from_hist(out->speed_hist_s, RR_SPEED_BINS, thr) : NAN;
	if (isfinite(thr))
		for (j = 0; j < RR_SPEED_BINS; j++)
			if (((double)j + 0.5) * RR_SPEED_BIN_MPS >= thr)
				surges += m->surge_hist[j];
	out->surges = (unsigned)surges;
}

static void finish_hr(struct metrics *m, struct run_summary *out)
{
	double total = 0;
	size_t j;

	for (j = 0; j < RR_HR_BINS; j++) {
		out->hr_hist_s[j] = (float)m->hr_hist[j];
		total += m->hr_hist[j];
	}
	if (m->hr_t > 0)
		out->hr_avg = m->hr_w / m->hr_t;
	else
		out->hr_avg = m->hr_n ? m->hr_sum / (double)m->hr_n : NAN;
	out->hr_max = m->hr_max;
	out->hr_min = m->hr_min;
	if (m->cad_t > 0)
		out->cadence_avg = m->cad_w / m->cad_t;
	else
		out->cadence_avg = m->cad_n ? m->cad_sum / (double)m->cad_n : NAN;
	out->trimp = total > 0 ? trimp_from_hist(out->hr_hist_s, RR_HR_BINS, m->params.hr_rest_bpm,
						 m->params.hr_max_bpm, m->params.sex) : NAN;
}

/*
 * The laps' distance describes the points only when the laps' time does:
 * a lap total far longer than the timed points (Runalyze's
 * First-point-empty.tcx: 18.7 km of lap for 142 s of points) belongs to a
 * recording the file does not hold.  Without timed points or lap time
 * there is nothing to compare, and the laps are all there is.
 */
static bool laps_agree(const struct rr_meta *meta, double elapsed_s)
{
	if (!(elapsed_s > 0) || !(meta->lap_time_s > 0))
		return true;
	return meta->lap_time_s <= LAP_TIME_RATIO * elapsed_s + LAP_TIME_SLACK_S;
}

static void finish_distance(struct metrics *m, const struct rr_meta *meta, struct run_summary *out)
{
	out->gps_distance_m = m->have_pos ? m->gps_m : NAN;
	/* A device that writes 0 throughout has no sensor: its distance is unknown. */
	if (m->dev_m > 0)
		out->device_distance_m = m->dev_m;
	else if (meta && meta->lap_distance_m > 0 && laps_agree(meta, out->elapsed_s))
		out->device_distance_m = meta->lap_distance_m;
	else
		out->device_distance_m = NAN;
	out->distance_m = isfinite(out->device_distance_m) ?
		out->device_distance_m : out->gps_distance_m;
}

/*
 * The filtered ascent after at_m of the run's profile distance: the final
 * ascent minus the ascent when the smoothed points reached at_m (within
 * PROF_STEP_M), scaled as ascent_m is (capped at the raw sum).
 */
static double late_ascent(const struct metrics *m, double at_m, double ascent_m)
{
	size_t k;

	if (!isfinite(ascent_m) || !(m->up > 0))
		return isfinite(ascent_m) ? 0 : NAN;
	if (!(at_m < m->prof_cum_m) || !m->nprof)
		return 0;
	k = (size_t)(at_m / PROF_STEP_M);
	if (k >= m->nprof)
		k = m->nprof - 1;
	return (m->up - m->prof_up[k]) * (ascent_m / m->up);
}

double late_ascent_after_km(const struct run_summary *s, unsigned late_km)
{
	if (late_km < 1 || late_km > RR_LATE_KM_MAX)
		return NAN;
	return s->ascent_after_km_m[late_km - 1];
}

static void finish_elevation(struct metrics *m, struct run_summary *out)
{
	size_t j;

	if (m->have_anchor) {
		/* The last climb or drop, shorter than the hysteresis, still happened. */
		if (m->last_smooth > m->anchor)
			m->up += m->last_smooth - m->anchor;
		else
			m->down += m->anchor - m->last_smooth;
		m->anchor = m->last_smooth;
	}
	if (m->have_ele) {
		out->ascent_raw_m = m->raw_up;
		out->descent_raw_m = m->raw_down;
		out->ascent_m = m->up < m->raw_up ? m->up : m->raw_up;
		out->descent_m = m->down < m->raw_down ? m->down : m->raw_down;
	} else {
		out->ascent_m = out->descent_m = out->ascent_raw_m = out->descent_raw_m = NAN;
	}
	out->late_ascent_m = late_ascent(m, LATE_M, out->ascent_m);
	out->late_ascent_60_m = late_ascent(m, LATE_FRAC * m->prof_cum_m, out->ascent_m);
	for (j = 0; j < RR_LATE_KM_MAX; j++)
		out->ascent_after_km_m[j] = (float)late_ascent(m, (j + 1) * 1000.0, out->ascent_m);
	for (j = 0; j < RR_GRADE_BANDS; j++)
		out->grade_band_m[j] = m->bands_known ? m->bands[j] : NAN;
}

void metrics_end(struct metrics *m, const struct rr_meta *meta, struct run_summary *out)
{
	double pace = NAN;

	if (m->held_valid)
		read_point(m, &m->held);
	m->held_valid = false;
	flush(m);
	surge_end(m);
	memset(out, 0, sizeof(*out));
	if (meta) {
		out->format = meta->format;
		copy_text(out->sport, sizeof(out->sport), meta->sport);
		copy_text(out->sub_sport, sizeof(out->sub_sport), meta->sub_sport);
		copy_text(out->name, sizeof(out->name), meta->name);
		copy_text(out->device, sizeof(out->device), meta->creator);
		out->route = meta->route;
		out->activity_index = meta->index;
		out->tz_offset_s = meta->tz_offset_s;
		out->tz_known = meta->tz_known;
	}
	out->running = sport_is_running(out->sport);
	out->start_t_s = m->have_time ? m->first_t : meta ? meta->start_t_s : NAN;
	out->points = m->points;
	out->dropped_points = m->dropped;

	out->elapsed_s = m->have_time ? m->last_t - m->first_t : NAN;
	out->moving_s = m->have_time ?
		(m->moving_s < out->elapsed_s ? m->moving_s : out->elapsed_s) : NAN;
	finish_distance(m, meta, out);
	finish_elevation(m, out);

	/* Pace over the timed share of the distance: untimed track has no time. */
	if (out->moving_s > 0 && out->distance_m > 0 && m->track_timed > 0)
		pace = out->moving_s / (out->distance_m / 1000 * (m->track_timed / m->track_all));
	else if (out->moving_s > 0 && out->distance_m > 0 && !(m->track_all > 0))
		pace = out->moving_s / (out->distance_m / 1000);
	out->pace_s_per_km = pace;
	out->gap_pace_s_per_km = (isfinite(pace) && m->d_moving > 0 && m->d_gap > 0) ?
		pace * m->d_moving / m->d_gap : NAN;
	finish_speed(m, out);
	if (!(out->moving_s > 0))
		out->fast_s = NAN;
	out->climb_per_km = (out->distance_m > 0 && isfinite(out->ascent_m)) ?
		out->ascent_m / (out->distance_m / 1000) : NAN;
	finish_hr(m, out);
	out->speed_median_mps = hist_quantile_w(m->vraw_hist, VRAW_BINS, VRAW_BIN_MPS, 0.5);
	out->speed_p90_mps = hist_quantile_w(m->vraw_hist, VRAW_BINS, VRAW_BIN_MPS, 0.9);

	if (!isfinite(out->distance_m)) {
		out->calf_load = NAN;
	} else if (m->track_all > 0) {
		out->calf_load = m->calf_raw * out->distance_m / m->track_all;
	} else {
		double v = out->moving_s > 0 ? out->distance_m / out->moving_s : NAN;

		out->calf_load = out->distance_m / 1000 * calf_speed_factor(v);
	}
	/* No step speeds (a lap distance only): the average moving speed stands in. */
	if (!isfinite(out->speed_median_mps) && out->moving_s > 0 && out->distance_m > 0)
		out->speed_median_mps = out->distance_m / out->moving_s;
	rr_classify(out);
}
