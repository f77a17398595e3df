/*
 * pipeline.h - parse files into run summaries, on several worker threads.
 * The map step shared by `runs` and `report`.  Included by cmd/ and tests.
 *
 * Ownership: a parsed_file owns its runs array; parsed_file_release() frees it.
 */
#ifndef RR_PIPELINE_H
#define RR_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis/summary.h"
#include "core/activity.h"
#include "core/err.h"
#include "parsers/input.h"

struct rr_member_ref;
struct rr_archive_cursor;

struct parsed_file {
	const char *path;		/* borrowed from the caller */
	/* A zip member (borrowed; NULL: path is a file): cmd/walk.h's walk_file. */
	const char *archive;
	const struct rr_member_ref *member;
	/* Borrowed: the walk refused this zip; the message is the file's error. */
	const char *refused;
	enum rr_status refused_status;
	enum rr_format format;
	enum rr_status status;		/* RR_OK or why the file was skipped */
	struct rr_error err;
	struct run_summary *runs;	/* one per activity in the file */
	size_t nruns;
	bool from_cache;
};

void parsed_file_release(struct parsed_file *f);

struct pipeline_opts {
	struct rr_limits limits;
	struct run_params params;
	unsigned jobs;			/* worker threads, >= 1 */
	bool progress;			/* a progress line on stderr */
};

void pipeline_opts_init(struct pipeline_opts *o);

/*
 * Parse one file (path "-" = stdin) into f, which the caller zeroed and set
 * f->path on (and f->archive, f->member for a zip member).
 */
void pipeline_parse_one(const struct pipeline_opts *o, struct parsed_file *f);

/*
 * The same, reading zip members through cur (may be NULL), which then
 * stays open in the archive so that the next member of it is reached by
 * reading forward, not from the start.  One cursor per thread.
 */
void pipeline_parse_one_at(const struct pipeline_opts *o, struct parsed_file *f,
			   struct rr_archive_cursor *cur);

/*
 * Open what a walk found: the file at path (archive NULL), or member ref of
 * the zip archive read through cur (required for a member; the input
 * borrows it: close the input before reusing or freeing cur).
 */
enum rr_status pipeline_open_input(struct rr_input **in, const char *path, const char *archive,
				   const struct rr_member_ref *ref, struct rr_archive_cursor *cur,
				   unsigned long long max_bytes, struct rr_error *err);

/*
 * Parse files[0..n) in parallel; files already marked from_cache are left
 * alone.  Each file's outcome is in its own struct.  Returns 0, or -1 when a
 * worker could not be started (the remaining files are then parsed on the
 * calling thread).
 */
int pipeline_parse_all(const struct pipeline_opts *o, struct parsed_file *files, size_t n);

struct walk_result;
struct rr_athlete;
struct rr_tz;

/*
 * Load an athlete.ini (ini may be NULL: defaults): its keys, the rule
 * thresholds' sanity, and its time zone (*have_zone says whether it names
 * one).  Threshold levels of one signal must not contradict each other
 * (note <= warn <= alert).  cfg and zone must be initialised.  Errors are
 * printed as "runrisk: FILE:LINE:COL: error: ..." and copied to *out when
 * out is not NULL; returns 0, or -1 on a bad file.
 */
int athlete_config_load(const char *ini, struct rr_athlete *cfg, struct rr_tz *zone,
			bool *have_zone, struct rr_error *out);

/*
 * Walk the PATH arguments (cmd/walk.h), excluding exclude[0..nexclude),
 * printing each unreadable path on stderr as "runrisk: PATH: error: ...".
 * flat: never split a folder into athletes.  RR_OK, or RR_ENOMEM (printed).
 */
enum rr_status walk_cmdline(struct walk_result *w, const char *const *paths, size_t n,
			    const char *const *exclude, size_t nexclude, bool flat);

/* "runrisk: PATH: error: what[: strerror]" for a path the walk could not read. */
void print_walk_error(const char *path, int errno_, const char *what);

/* Write s with control bytes as '?' (names from files must not forge lines). */
void put_safe(FILE *f, const char *s);

/*
 * "runrisk: FILE:LINE:COL: error: message" (LINE/COL omitted when unknown;
 * fallback when e has no message), with control bytes shown as '?'.
 */
void print_file_error(const char *file, const struct rr_error *e, const char *fallback);

/* print_file_error() for a file that could not be parsed. */
void pipeline_print_error(const struct parsed_file *f);

#endif
