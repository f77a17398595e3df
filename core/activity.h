/*
 * activity.h - what a parser emits: activity metadata and a stream of points
 * pushed into a sink.  Included by parsers/ (producers), analysis/ and cmd/
 * (consumers).  Knows nothing about XML or files.
 */
#ifndef RR_ACTIVITY_H
#define RR_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>

enum rr_format {
	RR_FORMAT_UNKNOWN = 0,
	RR_FORMAT_GPX,
	RR_FORMAT_TCX,
	RR_FORMAT_FIT		/* Garmin FIT, decoded by parsers/fit.c */
};

const char *rr_format_name(enum rr_format f);	/* "gpx", "tcx", "fit", "unknown" */

/*
 * One sample.  Every field that a file may omit is NAN when absent (never
 * 0).  Times are UTC seconds since the epoch.  Points arrive in file order;
 * the parser does no cleaning (that is analysis' job) beyond rejecting text
 * that is not a number.
 */
struct rr_point {
	double t_s;
	double lat_deg, lon_deg;
	double ele_m;
	double dist_m;		/* device cumulative distance (TCX DistanceMeters) */
	double speed_mps;	/* device speed (GPX 1.0 <speed>, TPX Speed, gpxtpx:speed) */
	double hr_bpm;
	double cad_rpm;		/* cadence as recorded (Garmin running: per foot) */
	double temp_c;
	double power_w;
	unsigned segment;	/* GPX track segment / TCX Track index, from 0, per activity */
};

void rr_point_init(struct rr_point *p);	/* all NAN, segment 0 */

enum rr_meta_notes {
	RR_NOTE_NO_ZONE = 1 << 0,	/* some times had no zone; read as UTC */
	RR_NOTE_BAD_NUMBER = 1 << 1,	/* some numeric fields were not numbers; ignored */
	RR_NOTE_BAD_TIME = 1 << 2,	/* some timestamps could not be parsed; ignored */
	RR_NOTE_ROUTE = 1 << 3		/* a planned route or course, not a recording */
};

#define RR_META_TEXT 160

/*
 * Activity metadata.  Strings are UTF-8, NUL-terminated, truncated to fit
 * (never escaped: escaping is the renderer's job).  Numbers are NAN when
 * unknown.  begin() sees what is known at the start; end() sees the final
 * values (a GPX <name> or <type> may come after the first point).
 */
struct rr_meta {
	enum rr_format format;
	char sport[32];			/* TCX Sport / GPX <type>, as written; FIT: "running" */
	char sub_sport[32];		/* FIT sub_sport ("treadmill", "trail"); else empty */
	char name[RR_META_TEXT];	/* GPX trk name / TCX Notes or Id / FIT sport name */
	char creator[RR_META_TEXT];	/* GPX creator / TCX Creator Name / FIT maker+product */
	char id[48];			/* TCX Activity Id, as written */
	double start_t_s;		/* TCX Id / GPX metadata time; NAN if absent */
	int tz_offset_s;		/* offset of the first zoned time seen */
	bool tz_known;			/* that offset came from a numeric zone */
	bool route;			/* a planned route/course, not a recording */
	unsigned index;			/* activity number within the file, from 0 */
	unsigned notes;			/* enum rr_meta_notes */
	unsigned laps;			/* TCX or FIT laps */
	double lap_distance_m;		/* sum of lap DistanceMeters */
	double lap_time_s;		/* sum of lap TotalTimeSeconds */
	double lap_calories;
	double lap_hr_max;
};

void rr_meta_init(struct rr_meta *m, enum rr_format f);

/*
 * A consumer of parsed activities.  A file yields one or more activities,
 * each as begin, points..., end.  A callback returns 0 to go on, non-zero to
 * make the parser stop with RR_EABORT.  The sink's pointers are only valid
 * during the call.
 */
struct rr_sink {
	void *ctx;
	int (*begin)(void *ctx, const struct rr_meta *meta);
	int (*point)(void *ctx, const struct rr_point *pt);
	int (*end)(void *ctx, const struct rr_meta *meta);
};

/* Caps against hostile input; cmd/ fills them, tests may lower them. */
struct rr_limits {
	unsigned long long max_bytes;	/* after decompression */
	unsigned long max_depth;	/* element nesting */
	unsigned long long max_points;	/* per file */
	unsigned max_activities;	/* per file */
};

void rr_limits_default(struct rr_limits *l);

#endif
