/*
 * activity_class.h - the classes an activity can have and why, as enums
 * only (analysis/classify.h decides them), so that the run summary can
 * carry them without including the classifier.  Included by
 * analysis/summary.h and analysis/classify.h.
 */
#ifndef RR_ACTIVITY_CLASS_H
#define RR_ACTIVITY_CLASS_H

enum rr_class {
	RR_CLASS_RUN = 0,
	RR_CLASS_WALK,		/* walk or hike */
	RR_CLASS_RIDE,		/* bicycle */
	RR_CLASS_OTHER,		/* another sport, or a vehicle */
	RR_CLASS_UNUSABLE,	/* a route, no valid time, nothing moved */
	RR_CLASS_COUNT
};

/* Why the class was chosen; the renderer owns the words (render/report.h). */
enum rr_class_why {
	RR_WHY_SPORT = 0,	/* the file's sport names it */
	RR_WHY_MOTION_RUN,	/* no sport; the motion fits running */
	RR_WHY_MEDIAN_FAST,	/* median moving speed above CLASS_RIDE_MEDIAN_MPS */
	RR_WHY_P90_FAST,	/* a tenth of the moving time above CLASS_RIDE_P90_MPS */
	RR_WHY_VEHICLE,		/* speeds only a motor vehicle holds */
	RR_WHY_MEDIAN_SLOW,	/* no sport; median moving speed below CLASS_WALK_MEDIAN_MPS */
	RR_WHY_ROUTE,		/* a planned route or course */
	RR_WHY_NO_TIME,		/* no valid timestamp */
	RR_WHY_ONE_INSTANT,	/* timed points, but all at one instant */
	RR_WHY_NO_MOTION,	/* timed, but no distance and no moving time */
	RR_WHY_COUNT
};

#endif
