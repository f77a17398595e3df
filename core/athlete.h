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
