/*
 * samplegen.h - the project's generator of realistic watch exports
 * (samples/).  Private to scripts/samplegen/; nothing else includes it.
 *
 * The generator is a standalone tool: it links only zlib and libm, and it
 * may exit() on a failed allocation or write (it is not library code).
 *
 * Determinism: every random number comes from struct rng, seeded from the
 * global seed and a fixed key per athlete, per plan and per run, so the
 * same seed gives the same bytes on the same platform (libm and zlib
 * versions included), and editing one run leaves the others unchanged.
 */
#ifndef SAMPLEGEN_H
#define SAMPLEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SG_DEFAULT_SEED 20261126u

/* ---- rng.c: xoshiro256** seeded through splitmix64 ------------------ */

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
double rng_uniform(struct rng *r);		/* [0, 1) */
double rng_range(struct rng *r, double lo, double hi);
unsigned rng_below(struct rng *r, unsigned n);	/* 0 .. n-1 */
/* Approximately N(0, 1): Irwin-Hall sum of 12 uniforms (no libm). */
double rng_normal(struct rng *r);
uint64_t seed_mix(uint64_t a, uint64_t b);

/* A first-order autoregressive noise: stationary sd, correlation time. */
struct ar1 {
	double x, rho, innov_sd;
};

void ar1_init(struct ar1 *a, struct rng *r, double sd, double tau_s, double dt_s);
double ar1_step(struct ar1 *a, struct rng *r);

/* ---- caltime.c: civil dates, EU summer time ------------------------- */

int32_t day_from_civil(int y, int m, int d);	/* epoch day */
void civil_from_day(int32_t day, int *y, int *m, int *d);
int32_t day_parse(const char *ymd);		/* "2026-06-01"; aborts on a bad literal */
void day_format(int32_t day, char out[11]);	/* "2026-06-01" */
int weekday_mon0(int32_t day);			/* Monday = 0 .. Sunday = 6 */

/* A zone with a standard offset and, optionally, the EU summer-time rule. */
struct zone {
	const char *name;	/* IANA name written to athlete.ini */
	int std_offset_s;
	bool eu_dst;		/* +1 h from last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC */
};

int zone_offset_at(const struct zone *z, int64_t utc_s);
int64_t zone_local_to_utc(const struct zone *z, int32_t day, int sec_of_day);

enum time_style {
	TS_Z,		/* 2026-06-02T05:12:07Z */
	TS_Z_MS,	/* 2026-06-02T05:12:07.000Z */
	TS_OFFSET_MS	/* 2026-06-02T07:12:07.000+02:00 (local offset) */
};

/* Writes at most 40 bytes including the NUL. */
void time_format(char *out, size_t cap, int64_t utc_s, enum time_style st, const struct zone *z);

/* ---- buf.c: growable text, deterministic gzip, files ----------------- */

struct sbuf {
	char *p;
	size_t len, cap;
};

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
void *xgrow(void *p, size_t *cap, size_t need, size_t elem);	/* amortised, overflow-checked */
void sbuf_init(struct sbuf *b);
void sbuf_release(struct sbuf *b);
void sbuf_add(struct sbuf *b, const void *data, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_xml_text(struct sbuf *b, const char *s);	/* escapes & < > " ' */

/* gzip with zlib deflate at level 1-9: header mtime 0, no name, OS byte from zlib. */
void gzip_bytes(const void *data, size_t n, int level, struct sbuf *out);

/* ---- zipw.c: a deterministic zip (fixed times, caller's order) -------- */

struct zipw {
	struct sbuf data, central;
	unsigned n;
};

void zipw_init(struct zipw *z);
/* Stored when name ends in .gz, else deflated (level 9). */
void zipw_add(struct zipw *z, const char *name, const void *data, size_t n);
/* The whole zip into out (initialised here); z is released. */
void zipw_finish(struct zipw *z, struct sbuf *out);

void mkdir_p(const char *path);
void write_file(const char *path, const void *data, size_t n);	/* tmp + rename */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- route.c: geometry and terrain ----------------------------------- */

struct bump {
	double c_m;	/* centre, metres along the route */
	double w_m;	/* half width: the bump rises over w_m and falls over w_m */
	double h_m;	/* height; negative for a dip */
};

#define ROUTE_MAX_BUMPS 16

struct route {
	const char *name;
	double lat0_deg, lon0_deg;	/* the route's start point */
	double *x_m, *y_m, *s_m;	/* polyline in a local east/north frame; s cumulative */
	size_t n;
	double length_m;
	bool loop;			/* s wraps at length_m; else an out-and-back path */
	double ele0_m;
	struct bump bumps[ROUTE_MAX_BUMPS];
	size_t nbumps;
	double undulation_m;		/* amplitude of a gentle wave on top */
	double undulation_period_m;
	double gps_sd_m;		/* GPS error here (trees, buildings) */
};

/* Park-like loop: a wobbly ellipse of the given length, starting at (lat0, lon0). */
void route_make_loop(struct route *rt, const char *name, double lat0, double lon0,
		     double length_m, double aspect, uint64_t seed);
/* 400 m athletics track (lane 1). */
void route_make_track(struct route *rt, const char *name, double lat0, double lon0,
		      double heading_deg);
/* Meandering path (river side, trail), run out and back. */
void route_make_path(struct route *rt, const char *name, double lat0, double lon0,
		     double length_m, double heading_deg, double turniness, uint64_t seed);
void route_add_bump(struct route *rt, double c_m, double w_m, double h_m);
void route_release(struct route *rt);

/* Position and true elevation at s (wrapped for loops, clamped for paths). */
void route_at(const struct route *rt, double s_m, double *x_m, double *y_m, double *ele_m);
double route_ele(const struct route *rt, double s_m);
void local_to_latlon(const struct route *rt, double x_m, double y_m, double *lat, double *lon);

/* ---- sim.c: the runner on a route ------------------------------------- */

enum effort {
	EF_STAND, EF_WALK, EF_JOG, EF_EASY, EF_LONG, EF_STEADY, EF_TEMPO,
	EF_INTERVAL, EF_REP, EF_STRIDE, EF_RACE, EF_COUNT
};

struct step {
	enum effort effort;
	double dist_m;		/* > 0: step ends after this distance */
	double dur_s;		/* > 0: step ends after this time */
	int dir;		/* +1 along the route, -1 back (paths only) */
	bool to_total;		/* ends when the run reaches its planned total */
	bool lap;		/* the watch takes a manual lap at the end */
};

#define MAX_STEPS 80

struct runner {
	double thr_speed_mps;	/* threshold pace as speed */
	double hr_rest, hr_max;	/* physiology (used even when not recorded) */
	bool records_hr;
	bool records_cad;
	double ele_sd_m;	/* elevation sensor noise: baro watch ~1, phone ~2 */
	double ele_white_m;
	double mass_kg;
	double gps_scale;	/* multiplies the route's GPS error (phone > watch) */
};

enum pause_mode {
	PAUSE_GAP,	/* auto-pause: no points while stopped, time jumps */
	PAUSE_SEGMENT,	/* the app starts a new track segment after a stop */
	PAUSE_NONE	/* no auto-pause: standing points with GPS jitter */
};

struct sim_opts {
	int nstops;		/* traffic lights, fountains */
	double stop_min_s, stop_max_s;
	enum pause_mode pause;
	int teleports;		/* single wild GPS points */
	bool treadmill;		/* no position, no grade, belt speed */
	bool autolap_1km;	/* laps every km (else only at step laps) */
	double day_factor;	/* speed multiplier for the day (heat, fatigue) */
	double hr_offset;	/* bpm for the day */
	double dt_min_s, dt_max_s;	/* recording interval range */
	double ele_sd_m, ele_white_m;	/* altitude noise for this device; 0: the runner's */
	double gps_scale;		/* GPS error scale for this device; 0: the runner's */
};

struct sample {
	int64_t t_s;
	double lat_deg, lon_deg;	/* as recorded (noise, teleports) */
	double ele_m;			/* as recorded */
	double dist_m;			/* device cumulative distance */
	double speed_mps;		/* device speed (smoothed) */
	double hr_bpm;			/* NAN when not recorded */
	double cad_rpm;			/* per foot, NAN when not recorded */
	unsigned seg;			/* increments after each pause */
	unsigned lap;			/* lap index */
	bool resting;			/* in a recovery step (TCX lap Intensity) */
};

struct track {
	struct sample *v;
	size_t n, cap;
	unsigned nlaps;
	/* truth, for MANIFEST and the reference checks */
	double true_dist_m, true_ascent_m, fast_s, elapsed_s, moving_s;
	double hr_avg;
};

void track_init(struct track *t);
void track_release(struct track *t);

/* Minetti et al. 2002, J/kg/m; grade clamped to +-0.45. */
double cost_of_running(double grade);

void sim_run(const struct runner *ru, const struct route *rt, const struct step *steps,
	     size_t nsteps, double total_m, int64_t start_utc_s, const struct sim_opts *o,
	     struct rng *r, struct track *out);

/* ---- writers ------------------------------------------------------------ */

enum file_style {
	FS_GPX_STRAVA,		/* creator StravaGPX, gpxtpx prefix, whole-second Z */
	FS_GPX_GARMIN,		/* creator Garmin Connect, ns3 prefix, .000Z */
	FS_GPX_OPENTRACKS,	/* phone app, local +02:00 offsets, segments on pause */
	FS_GPX_PLAIN,		/* StravaGPX iPhone: no extensions */
	FS_TCX_GARMIN,		/* Garmin Connect TCX, TPX Speed/RunCadence, LX */
	FS_TCX_TREADMILL,	/* same, no Position/Altitude */
	FS_FIT_GARMIN		/* the watch's FIT activity file (write_fit.c) */
};

struct export_meta {
	const char *name;	/* activity name (GPX trk/name, TCX Notes) */
	const char *device;	/* TCX Creator Name, e.g. "Forerunner 255" */
	unsigned product_id;
	uint32_t unit_id;
	const struct zone *zone;
	bool split_segments;	/* GPX: a new trkseg after each pause */
	/* FIT: the watch's activity profile ("Run", "Trail Run") as a sport message; NULL: none */
	const char *fit_profile;
	unsigned fit_sub_sport;	/* FIT session sub_sport: 0 generic, 3 trail (treadmill: 1) */
};

void write_gpx(struct sbuf *b, const struct track *t, enum file_style st, const struct export_meta *m);
void write_tcx(struct sbuf *b, const struct track *t, enum file_style st, const struct export_meta *m);
/* A FIT activity; treadmill: no positions or altitude.  mass_kg for lap calories. */
void write_fit(struct sbuf *b, const struct track *t, const struct export_meta *m, bool treadmill,
	       double mass_kg);

/* ---- plan.c / athletes: the scenario ---------------------------------- */

enum run_kind {
	K_EASY, K_LONG, K_TEMPO, K_TRACK, K_HILL_REPS, K_HILLY, K_STRIDES,
	K_RETURN, K_RACE, K_TREADMILL
};

enum run_flags {
	RF_DUP_TCX = 1 << 0,		/* also exported as a Garmin TCX (same recording) */
	RF_CORRUPT_COPY = 1 << 1,	/* plus a truncated gzip copy */
	RF_SHOE_TARGET = 1 << 2,	/* start_km is solved so the shoe's alert km falls mid-run */
	RF_SHOE_TARGET_WARN = 1 << 3,	/* same for the warn km */
	RF_FIXED = 1 << 4		/* never rescaled by the shoe solver (event runs) */
};

#define MAX_SHOES 4
#define MAX_ROUTES 12
#define MAX_RUNS 256
#define MAX_EVENTS 32
#define MAX_PAIN 16

struct shoe_def {
	const char *name;
	double start_km;	/* may be solved (RF_SHOE_TARGET) */
	const char *first_use, *retire;	/* "" when absent; no first_use: by keyword only */
	double drop_mm;
	double retire_at_km;	/* NAN: not written */
	const char *keyword;	/* "": assigned by date (first_use, retire) */
};

struct plan_run {
	int32_t day;		/* local date */
	int start_s;		/* local seconds after midnight */
	enum run_kind kind;
	int route;
	double dist_m;		/* planned total */
	int shoe;		/* index, -1 none */
	char title[96];		/* activity name without the shoe part */
	char name[128];		/* full activity name */
	enum file_style style;
	bool gz;
	char fname[96];		/* file name in the athlete folder */
	unsigned flags;
	struct sim_opts opts;
	enum effort pace;	/* main effort for K_EASY/K_LONG/K_HILLY; EF_COUNT = kind default */
	bool trail;		/* FIT: the watch's Trail Run profile (sub_sport trail) */
	/* filled by the generator */
	struct track trk;
	char dup_fname[96], corrupt_fname[96];
};

/* An expected flag (rule != NULL) or a scenario note for people (rule NULL). */
struct event {
	const char *date;
	const char *rule;	/* rule id, or NULL */
	const char *level;	/* note|warn|alert */
	const char *note;	/* short, for expected-flags.csv */
	const char *story;	/* the runner's words, for SCENARIO.md */
	char evidence[160];	/* filled by truth_check() for the rules it computes */
};

struct pain_def {
	const char *date, *side;
	int severity;
	const char *note;
};

struct athlete_def {
	const char *dir;	/* folder name under samples/ */
	const char *name;
	char sex;
	double hr_rest, hr_max;	/* NAN: not written */
	double threshold_s_per_km;
	struct zone zone;
	const char *summary;	/* SCENARIO.md paragraph */
	struct runner runner;
	const char *device;
	unsigned product_id;
	uint32_t unit_id;
	bool fit_profiles;	/* FIT files name the watch profile (Run / Trail Run) */
	/* Monday of plan week 0 (plan_add's week numbers); NULL: PLAN_FIRST_DAY */
	const char *week0;
	uint64_t id_base;	/* activity ids for file names */
	/*
	 * Non-NULL: the runs are written as a Strava bulk export zip of this
	 * name in the athlete's folder (activities.csv + activities/FILE),
	 * not as loose files.
	 */
	const char *strava_zip;
	struct shoe_def shoes[MAX_SHOES];
	size_t nshoes;
	struct route routes[MAX_ROUTES];
	size_t nroutes;
	struct plan_run runs[MAX_RUNS];
	size_t nruns;
	struct event events[MAX_EVENTS];
	size_t nevents;
	struct pain_def pain[MAX_PAIN];
	size_t npain;
};

#define PLAN_FIRST_DAY "2026-06-01"	/* a Monday; an athlete's week0 may be earlier */
#define PLAN_LAST_DAY "2026-10-25"	/* a Sunday; EU clocks go back that morning */

/* Helpers shared by the athletes' plans (plan.c). */
struct planner {
	struct athlete_def *a;
	uint64_t seed;		/* already mixed with the athlete's key */
	int32_t first_day;
	enum file_style style;	/* default export style */
	bool gz;		/* default compression */
	enum pause_mode pause;	/* default auto-pause behaviour */
	double dt_min_s, dt_max_s;
};

void planner_init(struct planner *p, struct athlete_def *a, uint64_t seed, uint64_t key);
/* Add a run in week w (0 = the week of PLAN_FIRST_DAY), day of week dow (Monday 0). */
struct plan_run *plan_add(struct planner *p, int week, int dow, int hh, int mm,
			  enum run_kind k, int route, double km, double sd_km, int shoe,
			  const char *title);
void plan_event(struct athlete_def *a, const char *date, const char *rule, const char *level,
		const char *note, const char *story);
void plan_pain(struct athlete_def *a, const char *date, const char *side, int severity,
	       const char *note);
/* Names, file names and ids for every run; call once after the last plan_add(). */
void plan_finish(struct planner *p, uint64_t strava_id0, uint64_t garmin_id0);

void plan_ana(struct athlete_def *a, uint64_t seed);
void plan_ben(struct athlete_def *a, uint64_t seed);
void plan_carla(struct athlete_def *a, uint64_t seed);
int32_t athlete_week0(const struct athlete_def *a);	/* epoch day of plan week 0 */
void athlete_release(struct athlete_def *a);

/* Simulate run i (its own generator: seed, athlete, date, start). */
void plan_simulate(struct athlete_def *a, size_t i, uint64_t seed);
/* The run's file bytes in style st, appended to out. */
void export_run(const struct athlete_def *a, const struct plan_run *pr, enum file_style st,
		int gz_level, struct sbuf *out);	/* gz_level 0: plain */

/* archive.c: a long, calm roster for benchmarks (no events, no truth files). */
void archive_write(const char *dir, unsigned long files, uint64_t seed);

/* same_run.c: one run as FIT, GPX and TCX (run.fit, run.gpx, run.tcx in dir). */
void same_run_write(const char *dir, double hours, uint64_t seed);

/* Turn a planned run into steps; returns the count. */
size_t plan_steps(const struct athlete_def *a, const struct plan_run *pr, struct step *steps);

/* ---- truth.c: reference checks and the human/machine truth files -------- */

/* Returns the number of disagreements between declared events and the reference rules. */
int truth_check(struct athlete_def *a, bool verbose);
void truth_write_expected(struct sbuf *csv, const struct athlete_def *a);
void truth_write_scenario(struct sbuf *md, const struct athlete_def *const *as, size_t n, uint64_t seed);

#endif
