/*
 * cache.h - what a nightly run remembers of each file: its parse result
 * (run summaries or the error that made it unreadable).  Included by cmd/
 * and tests.
 *
 * Parse cache (OUTDIR/.runrisk-cache, or --cache FILE).  An entry is keyed
 * by path and holds the file's size, mtime (s + ns) and a 64-bit hash of
 * its bytes as they are on disk (core/hash.h).  A lookup is a hit without
 * reading the file when size and mtime match; when only the mtime differs
 * the file is hashed, and an equal hash is still a hit (a touched or
 * copied file); anything else is a miss and the file is parsed again.  A
 * cache file that is truncated, corrupt, foreign or of another version or
 * producer is ignored and rebuilt, never trusted.  doc/archive.md has the
 * format and the full rule.
 *
 * The cache is written with core/outfile.h, so its temporary has the
 * same name rule as the report's (".NAME.runrisk-XXXXXX") and a killed run's
 * leftover is found by the same sweep.  The alert memory is cmd/alerts.h.
 *
 * Ownership: struct cache owns its entries and their summaries; pointers
 * it hands out stay valid until the next cache_put(), cache_load() or
 * cache_release().  Not thread-safe: call it from the main thread (workers
 * parse; the main thread looks up and stores).
 */
#ifndef RR_CACHE_H
#define RR_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/summary.h"
#include "analysis/timeline.h"
#include "core/activity.h"
#include "core/err.h"

#define RR_CACHE_NAME ".runrisk-cache"
/*
 * Bump when the file layout or a cached metric's definition changes; a file
 * of another version is rebuilt.  2: activity classes, moving-time and
 * distance rules of issue 13.  3: calf_load on grade-adjusted speed,
 * late_ascent_m and late_ascent_60_m.  4: ascent_after_km_m, for the
 * athlete's late_km.
 */
#define RR_CACHE_VERSION 4u

struct cache_entry {
	char *path;
	uint64_t size_bytes;
	int64_t mtime_s;
	long mtime_ns;
	uint64_t content_hash;
	/*
	 * RR_OK, or an error that the file's content causes and that parsing
	 * it again would repeat (parse, format, limit, gzip): the file is
	 * not re-parsed but still reported on every run.
	 */
	enum rr_status status;
	enum rr_format format;
	unsigned long line, col;
	char msg[256];
	struct run_summary *runs;	/* nruns summaries, one per activity */
	size_t nruns;
	bool seen;			/* looked up or stored by this run */
	bool dead;			/* dropped; not written back */
};

struct cache {
	struct cache_entry *entries;
	size_t nentries, entries_cap;
	size_t *slots;			/* open addressing on path: entry index + 1, 0 free */
	size_t nslots;			/* a power of two, or 0 */
	char producer[64];		/* must match the file's; see cache_init() */
	int64_t loaded_written_s;	/* when the loaded file was written; 0 none */
	char *memo_path;		/* the last zip hashed by cache_hash_key(), */
	uint64_t memo_hash;		/* and its hash */
	bool dirty;			/* differs from the file on disk */
};

/*
 * producer names the program that computes the summaries (e.g.
 * "runrisk 0.1.0"): a cache written by another producer is rebuilt, so a
 * change in how a metric is computed must change it (or RR_CACHE_VERSION).
 * Truncated to 63 bytes.
 */
void cache_init(struct cache *c, const char *producer);
void cache_release(struct cache *c);

enum cache_load_state {
	CACHE_ABSENT,		/* no cache file yet: start empty */
	CACHE_LOADED,
	CACHE_REJECTED		/* unreadable, corrupt, foreign or old: start empty */
};

struct cache_load_info {
	enum cache_load_state state;
	size_t nentries;	/* entries loaded */
	char why[160];		/* for CACHE_REJECTED: the reason, for a warning */
};

/*
 * Replace c's entries by those of the file at path.  A bad file is not an
 * error (info->state says CACHE_REJECTED and why; c is empty and dirty, so
 * that the next save rewrites it).  Returns RR_OK, or RR_ENOMEM.
 */
enum rr_status cache_load(struct cache *c, const char *path,
			  struct cache_load_info *info, struct rr_error *err);

/* What the walk saw of a file (cmd/walk.h's struct walk_file). */
struct cache_key {
	const char *path;
	uint64_t size_bytes;
	int64_t mtime_s;
	long mtime_ns;
	/*
	 * The file whose bytes identify the entry: for a zip member
	 * ("/abs/export.zip:activities/1.gpx", size its declared size, mtime
	 * the zip's) the zip on disk, so that a touched but unchanged zip is
	 * still a hit.  NULL: path itself.
	 */
	const char *hash_path;
};

enum cache_verdict {
	CACHE_MISS,		/* parse the file, then cache_put() */
	CACHE_HIT,		/* size and mtime match: the file was not read */
	CACHE_HIT_REHASHED	/* mtime changed, bytes did not: entry re-keyed */
};

struct cache_probe {
	enum cache_verdict verdict;
	const struct cache_entry *entry;	/* on a hit */
	bool hashed;		/* hash holds the file's content hash */
	uint64_t hash;
};

/*
 * Is path's entry still valid?  Reads (hashes) the file (k->hash_path when
 * set; one zip is hashed once per run, however many members) only when the size
 * matches but the mtime does not, or when the entry was stored too close
 * to the time the cache was written to trust the mtime ("racy", see
 * doc/archive.md).  A file that cannot be read is a miss (the parse will
 * report it).  "-" (stdin) is always a miss.
 */
void cache_lookup(struct cache *c, const struct cache_key *k, struct cache_probe *out);

/*
 * The input cap (core/activity.h's default rr_limits.max_bytes): a file
 * larger than that fails its parse with RR_ELIMIT, so only its first
 * RR_CACHE_HASH_MAX_BYTES are hashed (a 20 GB sparse file is not read).
 */
#define RR_CACHE_HASH_MAX_BYTES (1ULL << 30)

/*
 * Hash a file's bytes as stored (not decompressed), at most the first
 * RR_CACHE_HASH_MAX_BYTES; a file that is not regular (a FIFO put in its
 * place) fails at once, without blocking.  Call it BEFORE
 * parsing a missed file, with the key the walk took before that: if the
 * file changes meanwhile, the stored hash or mtime will not match on the
 * next run and the file is parsed again.
 */
enum rr_status cache_hash_file(const char *path, uint64_t *hash, struct rr_error *err);

/* cache_hash_file() of k->hash_path, else k->path; a zip's hash is remembered. */
enum rr_status cache_hash_key(struct cache *c, const struct cache_key *k, uint64_t *hash,
			      struct rr_error *err);

/*
 * Store the result of parsing k->path: file_err NULL or RR_OK with runs,
 * or the parse error.  Errors that do not come from the content (I/O,
 * memory, abort, configuration) are not stored (a previous entry is
 * dropped) so that the file is tried again next time.  "-" is never
 * stored.  Returns RR_OK or RR_ENOMEM.
 */
enum rr_status cache_put(struct cache *c, const struct cache_key *k,
			 uint64_t content_hash, enum rr_format format,
			 const struct rr_error *file_err,
			 const struct run_summary *runs, size_t nruns,
			 struct rr_error *err);

/*
 * Write the cache atomically when it changed.  Entries neither looked up
 * nor stored by this run are kept while their file still exists (a run on
 * part of the archive keeps the rest), and dropped when it is gone.
 */
enum rr_status cache_save(struct cache *c, const char *path, struct rr_error *err);

#endif
