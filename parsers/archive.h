/*
 * archive.h - zip archives read in place (libarchive): list the members of
 * a zip (zips inside it too, to a depth of 2: a Garmin Connect export) and
 * open one member as an rr_input, so that every parser, gzip inside a zip
 * and the input caps work as for a file on disk.  Nothing is ever written:
 * member names are only shown and compared, never used as paths.
 * Included by cmd/, parsers/ and tests.
 *
 * Caps against zip bombs (doc/archive.md gives the reasons):
 *   - the uncompressed bytes of one archive, nested members included
 *     (declared sizes, and bytes actually read where none is declared);
 *   - the ratio of those bytes to the archive's compressed size, checked
 *     once past a floor (small files compress well and are harmless);
 *   - a member delivers no more bytes than its header declares;
 *   - nesting depth (a zip in a zip in a zip is refused) and member count.
 * A member named absolutely ("/etc/x") or with a ".." component refuses
 * the whole archive: no export is made like that.
 *
 * Ownership: struct rr_archive_listing owns its names; a cursor owns its
 * libarchive handles; an input opened on a cursor borrows it (close the
 * input before the cursor moves or is freed).  A cursor is used by one
 * thread at a time.
 */
#ifndef RR_ARCHIVE_H
#define RR_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "parsers/input.h"

#define RR_ARCHIVE_MAX_DEPTH 2		/* the zip itself is depth 1 */
#define RR_ARCHIVE_SEP ':'		/* "export.zip:activities/1.gpx.gz" */

struct rr_archive_limits {
	unsigned long long max_total_bytes;	/* uncompressed, whole archive */
	unsigned max_ratio;			/* uncompressed / compressed */
	unsigned long long ratio_floor_bytes;	/* ratio checked only above this */
	unsigned long long max_member_bytes;	/* one member without a declared size */
	size_t max_members;
	unsigned max_depth;			/* <= RR_ARCHIVE_MAX_DEPTH */
};

void rr_archive_limits_default(struct rr_archive_limits *l);

/* Where a member is: its entry's position at each level (0-based). */
struct rr_member_ref {
	unsigned depth;				/* 0: not a member; 1 or 2 */
	uint64_t index[RR_ARCHIVE_MAX_DEPTH];
	uint64_t size_bytes;			/* declared uncompressed size; 0 unknown */
	bool size_known;
};

struct rr_archive_member {
	char *name;		/* "activities/1.gpx.gz"; nested: "part1.zip:x.fit" */
	struct rr_member_ref ref;
};

struct rr_archive_listing {
	struct rr_archive_member *members;	/* in archive order */
	size_t n, cap;
	char bad_member[512];	/* on a refusal caused by one member: its name */
};

void rr_archive_listing_release(struct rr_archive_listing *l);

/* Does the file start with a zip local header ("PK\3\4")?  false when unreadable. */
bool rr_archive_sniff(const char *path);

/*
 * List the regular-file members of the zip at path (file_size: its size
 * on disk, for the ratio).  Zip members (by content) are entered, not
 * listed.  On RR_ELIMIT or RR_EFORMAT caused by one member,
 * out->bad_member names it (nested: "part1.zip:x"); the listing is then
 * empty.  Errors: RR_EIO, RR_EFORMAT (not a zip, corrupt, a refused name),
 * RR_ELIMIT (a cap), RR_ENOMEM.
 */
enum rr_status rr_archive_list(const char *path, uint64_t file_size,
			       const struct rr_archive_limits *lim,
			       struct rr_archive_listing *out, struct rr_error *err);

/* A reader's position in an open archive, reused from member to member. */
struct rr_archive_cursor;

struct rr_archive_cursor *rr_archive_cursor_new(void);
void rr_archive_cursor_free(struct rr_archive_cursor *c);	/* NULL is fine */

/*
 * Open member ref of the zip at path for reading through c: forward from
 * where c stands when it can, else from the start.  max_bytes caps the
 * bytes after any gzip inside (rr_input_open()).
 */
enum rr_status rr_archive_open_member(struct rr_input **out, struct rr_archive_cursor *c,
				      const char *path, const struct rr_member_ref *ref,
				      const struct rr_archive_limits *lim,
				      unsigned long long max_bytes, struct rr_error *err);

/*
 * The same on a zip held in memory (tests and the fuzz target); buf must
 * outlive the input and the cursor's use of it.
 */
enum rr_status rr_archive_list_mem(const void *buf, size_t len,
				   const struct rr_archive_limits *lim,
				   struct rr_archive_listing *out, struct rr_error *err);
enum rr_status rr_archive_open_member_mem(struct rr_input **out, struct rr_archive_cursor *c,
					  const void *buf, size_t len,
					  const struct rr_member_ref *ref,
					  const struct rr_archive_limits *lim,
					  unsigned long long max_bytes, struct rr_error *err);

#endif
