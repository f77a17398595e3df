/*
 * walk.h - find the activity files under the PATH arguments, in a stable
 * order, and group them by athlete: one athlete, or a coach's roster of
 * one sub-folder per athlete.  Included by cmd/ and tests.
 *
 * Names are bytes: nothing here assumes UTF-8, and a path is printed or
 * escaped by whoever shows it.  Within a folder, entries are taken in
 * bytewise name order (strcmp), so the same tree always gives the same
 * list, whatever the file system or locale.
 *
 * The walk decides by NAME only what is certainly not an activity
 * (walk_name_skipped()); everything else is kept, and the parser decides by
 * content (a GPX named .txt is still read).
 *
 * Ownership: struct walk_result owns every string and array below it;
 * walk_result_release() frees them all.
 */
#ifndef RR_WALK_H
#define RR_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "parsers/archive.h"

enum walk_hint {
	WALK_HINT_STDIN = 1 << 0,	/* "-": read standard input, no cache */
	WALK_HINT_FIT = 1 << 1,		/* named *.fit or *.fit.gz */
	WALK_HINT_EXPLICIT = 1 << 2	/* named on the command line, not found by walking */
};

struct walk_file {
	char *path;		/* PATH argument joined with names by '/'; "-" for stdin */
	/*
	 * The same file spelt from its PATH argument's canonical form
	 * (realpath), for the cache: "exports", "./exports/" and
	 * "/home/me/exports" give one key.  NULL when unknown (stdin, or the
	 * argument could not be resolved): use path.
	 */
	char *key;
	uint64_t size_bytes;	/* st_size; 0 for stdin */
	int64_t mtime_s;	/* st_mtim; 0 for stdin */
	long mtime_ns;
	uint64_t dev, ino;	/* identity; a file reached twice is listed once */
	unsigned hints;		/* enum walk_hint bits */
	/*
	 * A zip member: path is "ZIP:MEMBER" (nested "ZIP:INNER.zip:MEMBER"),
	 * archive the zip on disk, member where it sits; size_bytes is the
	 * member's declared size, mtime and dev/ino are the zip's.  For a
	 * plain file archive is NULL and member.depth 0.
	 */
	char *archive;
	struct rr_member_ref member;
	/*
	 * Non-NULL: a zip that cannot be listed or is refused (path names
	 * the zip, or ZIP:MEMBER for the member at fault); this message and
	 * refused_status are the file's error, so that it is counted and
	 * reported like an unreadable file.  Nothing of the zip is read.
	 */
	char *refused;
	enum rr_status refused_status;
};

/* Where an activities.csv is: a file (archive NULL) or a zip member. */
struct walk_csv_src {
	char *archive;
	struct rr_member_ref member;
};

struct walk_athlete {
	char *name;		/* folder name as bytes; "" when the files come from several PATHs */
	char *dir;		/* the athlete's folder; NULL when not one folder */
	char *ini_path;		/* <dir>/athlete.ini when it exists, else NULL */
	char *pain_path;	/* <dir>/pain.csv when it exists, else NULL */
	/*
	 * Every "activities.csv" met at any depth (a Strava bulk export);
	 * its Filename column is relative to the folder holding it.
	 */
	char **strava_csvs;
	size_t nstrava_csvs, strava_cap;
	struct walk_csv_src *strava_srcs;	/* parallel to strava_csvs */
	size_t strava_srcs_cap;
	struct walk_file *files;	/* in walk order */
	size_t nfiles, files_cap;
};

/* A path the walk could not use, for the report's data notes. */
struct walk_problem {
	char *path;
	char what[96];		/* short phrase, and the system's reason when there is one */
	bool error;		/* true: counted in nerrors (unreadable); false: a special file */
};

struct walk_result {
	bool roster;			/* athletes are the sub-folders of the one PATH */
	struct walk_athlete *athletes;
	size_t nathletes, athletes_cap;
	size_t nerrors;			/* problems reported through on_error */
	size_t nskipped;		/* files skipped by name (walk_name_skipped) */
	size_t nsame;			/* files or folders reached twice, kept once */
	/* Every error reported, and every special file (fifo, device) passed over. */
	struct walk_problem *problems;
	size_t nproblems, problems_cap;
};

/*
 * Called for each PATH or folder entry that cannot be read (missing PATH,
 * unreadable folder, broken symbolic link, too deep); the walk goes on.
 * errno_ may be 0; what is a short lowercase phrase.
 */
typedef void (*walk_error_fn)(void *ctx, const char *path, int errno_,
			      const char *what);

struct walk_options {
	walk_error_fn on_error;		/* NULL: only counted */
	void *ctx;
	/* Files or folders never listed nor entered (OUTDIR, --cache FILE). */
	const char *const *exclude;
	size_t nexclude;
	bool no_roster;			/* never split a folder into athletes */
	unsigned max_depth;		/* folder levels below a PATH; 0 = default 64 */
};

void walk_options_init(struct walk_options *o);

/*
 * Walk paths[0..npaths).  "-" is standard input.  With exactly one PATH
 * that is a folder (and !no_roster), decide roster or single athlete (rule
 * in doc/archive.md); otherwise every PATH belongs to one athlete.  A zip
 * (recognised by content) is listed in place: its members are files of the
 * athlete it belongs to; a zip at the top of a roster folder is an athlete.
 * A zip that cannot be listed or is refused is reported through on_error
 * as "ZIP" or "ZIP:MEMBER".
 * Returns RR_OK even when some paths could not be read (see nerrors), or
 * RR_ENOMEM.  r is initialised here; release it in every case.
 */
enum rr_status walk_paths(struct walk_result *r, const char *const *paths,
			  size_t npaths, const struct walk_options *o,
			  struct rr_error *err);

void walk_result_release(struct walk_result *r);

/* True for names that are certainly not activities (the list in doc/archive.md). */
bool walk_name_skipped(const char *name);

/* True for names of an athlete folder's own files (athlete.ini, pain.csv, activities.csv). */
bool walk_name_is_marker(const char *name);

#endif
