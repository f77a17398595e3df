/*
 * athlete.h - an athlete's configuration (athlete.ini) and pain diary
 * (pain.csv) as plain data.  Filled by parsers/athlete_ini.c and
 * parsers/pain_csv.c; read by analysis/ and render/.  Included by everyone.
 *
 * athlete.ini (every key optional):
 *
 *   [athlete]
 *   name = Ana
 *   timezone = Europe/Madrid        ; IANA name or a fixed offset "+02:00"
 *   sex = f                         ; m | f
 *   hr_rest = 50
 *   hr_max = 190
 *   threshold_pace = 4:10           ; min:sec per km
 *   late_km = 6                     ; late climbing: after this many whole km, 1..100
 *   surface_soft = sand, beach, mud ; name keywords per surface class (analysis/surface.h);
 *   surface_trail = trail, monte    ; each key replaces that class's default list:
 *   surface_track = track, pista    ; up to 8 words of 1..23 bytes, matched
 *   surface_indoor = treadmill      ; case-insensitively anywhere in a run's name
 *
 *   [thresholds]                    ; override any rule default (analysis/rule_table.h)
 *   long_run_spike_moderate = 0.30
 *   shoe_warn_km = 500
 *
 *   [shoe "Pegasus 39"]             ; one section per shoe
 *   start_km = 120
 *   first_use = 2024-01-10
 *   retire = 2024-09-01
 *   heel_drop_mm = 10
 *   retire_at_km = 800
 *   keyword = pegasus               ; a run whose name holds it used this shoe
 *
 * Ownership: plain values with fixed-size strings; copy freely.
 */
#ifndef RR_ATHLETE_H
#define RR_ATHLETE_H

#include <stddef.h>
#include <stdint.h>

#define RR_MAX_SHOES 32
#define RR_MAX_OVERRIDES 64
#define RR_LATE_KM_DEFAULT 6	/* late climbing starts after this many km ... */
#define RR_LATE_KM_MAX 100	/* ... at most this many (run_summary keeps 1..100) */
#define RR_SURFACE_WORDS 8	/* name keywords per surface class */
#define RR_SURFACE_WORD_LEN 24	/* bytes, with the NUL */

/* Surface classes whose name keywords athlete.ini may set (analysis/surface.h maps them). */
enum rr_surface_kw { RR_SKW_SOFT, RR_SKW_TRAIL, RR_SKW_TRACK, RR_SKW_INDOOR, RR_SKW_COUNT };

/* One class's name keywords; set == 0: the defaults of analysis/surface.c. */
struct rr_surface_words {
	unsigned char set;
	unsigned char n;
	char w[RR_SURFACE_WORDS][RR_SURFACE_WORD_LEN];	/* lower case */
};

struct rr_shoe {
	char name[64];
	double start_km;	/* km already on the shoe before the first run seen; 0 default */
	int32_t first_use_day;	/* epoch day, RR_NO_DAY when absent */
	int32_t retire_day;	/* epoch day, RR_NO_DAY when absent */
	double heel_drop_mm;	/* NAN when absent */
	double retire_at_km;	/* NAN: use the rule default */
	char keyword[64];	/* "" when absent; matched case-insensitively in run names */
	unsigned char gear_only;	/* from a Strava "Activity Gear": assigned by gear, never by date */
};

struct rr_override {
	char key[48];		/* a threshold key of analysis/rule_table.h */
	double value;
	unsigned long line;	/* in athlete.ini, for errors; 0 unknown */
};

struct rr_athlete {
	char name[96];		/* "" -> the folder name */
	char timezone[64];	/* "" -> the zone the files carry, else UTC */
	char sex;		/* 'm', 'f' or 0 */
	double hr_rest_bpm;	/* NAN when absent */
	double hr_max_bpm;
	double threshold_pace_s_per_km;
	unsigned late_km;	/* RR_LATE_KM_DEFAULT unless set; 1..RR_LATE_KM_MAX */
	struct rr_surface_words surface_words[RR_SKW_COUNT];
	struct rr_shoe shoes[RR_MAX_SHOES];
	size_t nshoes;
	struct rr_override overrides[RR_MAX_OVERRIDES];
	size_t noverrides;
};

void rr_athlete_init(struct rr_athlete *a);	/* everything unknown */

struct rr_pain {
	int32_t day;		/* epoch day (local) */
	char side[16];		/* "left", "right", "both", "" */
	int severity;		/* 0..10, -1 unknown */
	char note[200];
	double km_at_onset;	/* optional: km into a run when the pain began; <= 0 or NAN: none */
};

#endif
