#include "cmd/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cache_internal.h"
#include "cmd/summary_codec.h"
#include "core/alloc.h"
#include "core/bytebuf.h"
#include "core/hash.h"
#include "core/outfile.h"
#include "core/strindex.h"
#include "core/timeutil.h"

/*
 * File layout (host byte order; a byte-order mark rejects a foreign host):
 *
 *   header, CACHE_HEADER bytes:
 *     0 magic "RRCACHE\x1a"   8 u32 version       12 u32 0x01020304
 *    16 u32 sizeof(run_summary)                    20 u32 0
 *    24 u64 layout fingerprint of struct run_summary
 *    32 i64 written at (UTC s)                     40 u64 entries
 *    48 u64 body bytes        56 u64 checksum      64 producer[64], NUL padded
 *   body, one record per entry:
 *     u32 path bytes, path; u64 size; i64 mtime s; i64 mtime ns; u64 hash;
 *     u32 status; u32 format; u64 line; u64 col; u32 msg bytes, msg;
 *     u32 runs; runs x sizeof(struct run_summary) as in memory.
 *
 * The checksum is the 64-bit hash of the header (checksum field zeroed)
 * followed by the body.
 */
#define CACHE_HEADER 128
#define CACHE_MAGIC "RRCACHE\x1a"
#define CACHE_BOM 0x01020304u
#define CACHE_SEED 0x52756e5269736bULL		/* "RunRisk" */
#define CACHE_MAX_BYTES (1ULL << 31)		/* refuse to load more */
#define CACHE_MAX_PATH 65536u
#define CACHE_MAX_RUNS 100000u
#define RACY_WINDOW_S 2				/* coarsest mtime we expect (FAT) */

/* Errors that the bytes of the file cause: re-parsing would repeat them. */
static bool status_cacheable(enum rr_status s)
{
	return s == RR_OK || s == RR_EPARSE || s == RR_EFORMAT || s == RR_ELIMIT ||
	       s == RR_EGZIP;
}

/* ---- the parse cache ---- */

static const char *entry_key(const void *owner, size_t i)
{
	return ((const struct cache *)owner)->entries[i].path;
}

static void entry_release(struct cache_entry *e)
{
	free(e->path);
	free(e->runs);
	memset(e, 0, sizeof(*e));
}

void cache_init(struct cache *c, const char *producer)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->producer, sizeof(c->producer), "%.63s", producer ? producer : "");
}

static void cache_clear(struct cache *c)
{
	size_t i;

	for (i = 0; i < c->nentries; i++)
		entry_release(&c->entries[i]);
	free(c->entries);
	free(c->slots);
	c->entries = NULL;
	c->slots = NULL;
	c->nentries = c->entries_cap = c->nslots = 0;
	c->loaded_written_s = 0;
}

void cache_release(struct cache *c)
{
	if (!c)
		return;
	free(c->memo_path);
	c->memo_path = NULL;
	cache_clear(c);
	c->dirty = false;
}

static size_t cache_find(const struct cache *c, const char *path)
{
	return index_find(c->slots, c->nslots, c, entry_key, path);
}

/* Append an entry (path copied); its index, or SIZE_MAX on OOM. */
static size_t cache_append(struct cache *c, const char *path, size_t path_len)
{
	struct cache_entry *e;
	size_t idx;

	if (RR_GROW(c->entries, c->entries_cap, c->nentries + 1))
		return SIZE_MAX;
	idx = c->nentries;
	e = &c->entries[idx];
	memset(e, 0, sizeof(*e));
	e->path = rr_strndup(path, path_len);
	if (!e->path)
		return SIZE_MAX;
	c->nentries++;
	if ((c->nentries + 1) * 2 > c->nslots) {
		if (index_rebuild(&c->slots, &c->nslots, c->nentries, c, entry_key, NULL)) {
			entry_release(e);
			c->nentries--;
			return SIZE_MAX;
		}
	} else {
		index_put(c->slots, c->nslots, e->path, idx);
	}
	return idx;
}

/* Parse one body record into a new entry.  0, -1 corrupt, -2 OOM. */
static int load_record(struct cache *c, struct rbuf *r)
{
	uint32_t path_len = rbuf_u32(r), msg_len, nruns, status, format, i;
	const unsigned char *path = rbuf_take(r, path_len), *msg, *runs;
	struct cache_entry *e;
	size_t idx;

	if (r->bad || path_len == 0 || path_len > CACHE_MAX_PATH ||
	    memchr(path, '\0', path_len))
		return -1;
	{
		char *tmp = rr_strndup((const char *)path, path_len);
		bool dup;

		if (!tmp)
			return -2;
		dup = cache_find(c, tmp) != SIZE_MAX;
		free(tmp);
		if (dup)
			return -1;
	}
	idx = cache_append(c, (const char *)path, path_len);
	if (idx == SIZE_MAX)
		return -2;
	e = &c->entries[idx];
	e->size_bytes = rbuf_u64(r);
	e->mtime_s = rbuf_i64(r);
	e->mtime_ns = (long)rbuf_i64(r);
	e->content_hash = rbuf_u64(r);
	status = rbuf_u32(r);
	format = rbuf_u32(r);
	e->line = (unsigned long)rbuf_u64(r);
	e->col = (unsigned long)rbuf_u64(r);
	msg_len = rbuf_u32(r);
	msg = rbuf_take(r, msg_len);
	nruns = rbuf_u32(r);
	if (r->bad || msg_len >= sizeof(e->msg) || !summary_format_ok(format) ||
	    !status_cacheable((enum rr_status)status) || nruns > CACHE_MAX_RUNS ||
	    e->mtime_ns < 0 || e->mtime_ns > 999999999L ||
	    (status != RR_OK && nruns))
		return -1;
	e->status = (enum rr_status)status;
	e->format = (enum rr_format)format;
	memcpy(e->msg, msg, msg_len);
	e->msg[msg_len] = '\0';
	runs = rbuf_take(r, (size_t)nruns * sizeof(struct run_summary));
	if (r->bad)
		return -1;
	if (nruns) {
		e->runs = rr_alloc_array(nruns, sizeof(*e->runs));
		if (!e->runs)
			return -2;
	}
	for (i = 0; i < nruns; i++)
		if (!summary_decode(&e->runs[i], runs + (size_t)i * sizeof(struct run_summary)))
			return -1;
	e->nruns = nruns;
	return 0;
}

int slurp(const char *path, unsigned long long max, unsigned char **out,
		 size_t *len, int *e)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t have = 0, cap = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	*out = NULL;
	*len = 0;
	if (fd < 0 || fstat(fd, &st) != 0) {
		*e = errno;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -4;	/* a FIFO would block, a device never end */
	}
	if (st.st_size < 0 || (unsigned long long)st.st_size > max) {
		close(fd);
		return -3;
	}
	cap = (size_t)st.st_size + 1;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -2;
	}
	for (;;) {
		ssize_t n;

		if (have == cap) {
			if (cap >= max) {
				free(buf);
				close(fd);
				return -3;
			}
			if (RR_GROW(buf, cap, cap + 1)) {
				free(buf);
				close(fd);
				return -2;
			}
		}
		n = read(fd, buf + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*e = errno;
			free(buf);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	*out = buf;
	*len = have;
	return 0;
}

static enum rr_status reject(struct cache *c, struct cache_load_info *info,
			     const char *why, const char *detail)
{
	cache_clear(c);
	c->dirty = true;
	info->state = CACHE_REJECTED;
	info->nentries = 0;
	snprintf(info->why, sizeof(info->why), "%s%s%.100s", why, detail ? ": " : "",
		 detail ? detail : "");
	return RR_OK;
}

enum rr_status cache_load(struct cache *c, const char *path,
			  struct cache_load_info *info, struct rr_error *err)
{
	struct cache_load_info scratch;
	unsigned char *buf;
	unsigned char head[CACHE_HEADER];
	char producer[65];
	size_t len;
	uint64_t nentries, body_len, sum, u64;
	uint32_t u32;
	int64_t written;
	struct rr_hash64 h;
	struct rbuf r;
	int rc, e = 0;

	if (!info)
		info = &scratch;
	memset(info, 0, sizeof(*info));
	cache_clear(c);
	c->dirty = false;

	rc = slurp(path, CACHE_MAX_BYTES, &buf, &len, &e);
	if (rc == -1 && e == ENOENT) {
		info->state = CACHE_ABSENT;
		return RR_OK;
	}
	if (rc == -2)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory loading the cache");
	if (rc == -3)
		return reject(c, info, "too large", NULL);
	if (rc == -4)
		return rr_error_set(err, RR_ECONFIG, 0, 0, "%s: the cache is not a regular file",
				    path);
	if (rc == -1)
		return reject(c, info, "cannot read", strerror(e));

	if (len < CACHE_HEADER) {
		free(buf);
		return reject(c, info, "truncated header", NULL);
	}
	memcpy(head, buf, CACHE_HEADER);
	if (memcmp(head, CACHE_MAGIC, 8) != 0) {
		free(buf);
		return reject(c, info, "not a runrisk cache", NULL);
	}
	memcpy(&u32, head + 8, 4);
	if (u32 != RR_CACHE_VERSION) {
		free(buf);
		return reject(c, info, "another cache version", NULL);
	}
	memcpy(&u32, head + 12, 4);
	if (u32 != CACHE_BOM) {
		free(buf);
		return reject(c, info, "written on a machine of another byte order", NULL);
	}
	memcpy(&u32, head + 16, 4);
	memcpy(&u64, head + 24, 8);
	if (u32 != sizeof(struct run_summary) || u64 != summary_layout(CACHE_SEED)) {
		free(buf);
		return reject(c, info, "written by a build with another summary layout", NULL);
	}
	memcpy(producer, head + 64, 64);
	producer[64] = '\0';
	if (strcmp(producer, c->producer) != 0) {
		free(buf);
		return reject(c, info, "written by another version", producer);
	}
	memcpy(&written, head + 32, 8);
	memcpy(&nentries, head + 40, 8);
	memcpy(&body_len, head + 48, 8);
	memcpy(&sum, head + 56, 8);
	if (body_len != len - CACHE_HEADER) {
		free(buf);
		return reject(c, info, body_len > len - CACHE_HEADER ? "truncated" : "trailing bytes",
			      NULL);
	}
	memset(head + 56, 0, 8);
	rr_hash64_init(&h, CACHE_SEED);
	rr_hash64_update(&h, head, CACHE_HEADER);
	rr_hash64_update(&h, buf + CACHE_HEADER, len - CACHE_HEADER);
	if (rr_hash64_final(&h) != sum) {
		free(buf);
		return reject(c, info, "checksum mismatch (corrupt)", NULL);
	}

	r.p = buf + CACHE_HEADER;
	r.len = len - CACHE_HEADER;
	r.off = 0;
	r.bad = false;
	for (u64 = 0; u64 < nentries; u64++) {
		rc = load_record(c, &r);
		if (rc == -2) {
			free(buf);
			cache_clear(c);
			return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory loading the cache");
		}
		if (rc) {
			free(buf);
			return reject(c, info, "corrupt entry", NULL);
		}
	}
	free(buf);
	if (r.off != r.len)
		return reject(c, info, "corrupt entry list", NULL);
	c->loaded_written_s = written;
	info->state = CACHE_LOADED;
	info->nentries = c->nentries;
	return RR_OK;
}

enum rr_status cache_hash_file(const char *path, uint64_t *hash, struct rr_error *err)
{
	unsigned char buf[1 << 16];
	struct rr_hash64 h;
	enum rr_status st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), e;
	unsigned long long left = RR_CACHE_HASH_MAX_BYTES;
	struct stat sb;

	if (fd < 0 || fstat(fd, &sb) != 0)
		goto fail;
	if (!S_ISREG(sb.st_mode)) {
		errno = EINVAL;	/* a FIFO swapped in after the walk: never block */
		goto fail;
	}
	rr_hash64_init(&h, 0);
	while (left) {
		ssize_t n = read(fd, buf, left < sizeof(buf) ? (size_t)left : sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		rr_hash64_update(&h, buf, (size_t)n);
		left -= (unsigned long long)n;
	}
	close(fd);
	*hash = rr_hash64_final(&h);
	return RR_OK;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	st = rr_error_set(err, RR_EIO, 0, 0, "%s", strerror(e));
	if (err)
		err->errno_ = e;
	return st;
}

enum rr_status cache_hash_key(struct cache *c, const struct cache_key *k, uint64_t *hash,
			      struct rr_error *err)
{
	enum rr_status st;

	if (!k->hash_path)
		return cache_hash_file(k->path, hash, err);
	if (c->memo_path && strcmp(c->memo_path, k->hash_path) == 0) {
		*hash = c->memo_hash;
		return RR_OK;
	}
	st = cache_hash_file(k->hash_path, hash, err);
	if (st == RR_OK) {
		char *p = rr_strdup(k->hash_path);

		if (p) {
			free(c->memo_path);
			c->memo_path = p;
			c->memo_hash = *hash;
		}
	}
	return st;
}

void cache_lookup(struct cache *c, const struct cache_key *k, struct cache_probe *out)
{
	struct cache_entry *e;
	size_t idx;
	bool same_mtime, racy;

	memset(out, 0, sizeof(*out));
	out->verdict = CACHE_MISS;
	if (strcmp(k->path, "-") == 0)
		return;
	idx = cache_find(c, k->path);
	if (idx == SIZE_MAX || c->entries[idx].dead)
		return;
	e = &c->entries[idx];
	e->seen = true;
	if (e->size_bytes != k->size_bytes)
		return;	/* other bytes for certain */
	same_mtime = e->mtime_s == k->mtime_s && e->mtime_ns == k->mtime_ns;
	/*
	 * An entry stored within the mtime granularity before the cache was
	 * written may describe an older version of a file rewritten in the
	 * same tick: trust its mtime only after checking the bytes once.
	 */
	racy = c->loaded_written_s && e->mtime_s >= c->loaded_written_s - RACY_WINDOW_S;
	if (same_mtime && !racy) {
		out->verdict = CACHE_HIT;
		out->entry = e;
		return;
	}
	if (cache_hash_key(c, k, &out->hash, NULL) != RR_OK)
		return;
	out->hashed = true;
	if (out->hash != e->content_hash)
		return;
	/* Same bytes: re-key on the new mtime; saving clears the racy doubt. */
	e->mtime_s = k->mtime_s;
	e->mtime_ns = k->mtime_ns;
	c->dirty = true;
	out->verdict = CACHE_HIT_REHASHED;
	out->entry = e;
}

enum rr_status cache_put(struct cache *c, const struct cache_key *k,
			 uint64_t content_hash, enum rr_format format,
			 const struct rr_error *file_err,
			 const struct run_summary *runs, size_t nruns,
			 struct rr_error *err)
{
	enum rr_status status = file_err ? file_err->code : RR_OK;
	struct run_summary *copy = NULL;
	struct cache_entry *e;
	size_t idx;

	if (strcmp(k->path, "-") == 0)
		return RR_OK;
	idx = cache_find(c, k->path);
	if (!status_cacheable(status)) {
		if (idx != SIZE_MAX && !c->entries[idx].dead) {
			c->entries[idx].dead = true;
			c->dirty = true;
		}
		return RR_OK;
	}
	if (status != RR_OK)
		nruns = 0;
	if (nruns > CACHE_MAX_RUNS)
		return RR_OK;	/* absurd: do not cache, the file is parsed again */
	if (nruns) {
		copy = rr_alloc_array(nruns, sizeof(*copy));
		if (!copy)
			return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		memcpy(copy, runs, nruns * sizeof(*copy));
	}
	if (idx == SIZE_MAX) {
		idx = cache_append(c, k->path, strlen(k->path));
		if (idx == SIZE_MAX) {
			free(copy);
			return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		}
	}
	e = &c->entries[idx];
	free(e->runs);
	e->runs = copy;
	e->nruns = nruns;
	e->size_bytes = k->size_bytes;
	e->mtime_s = k->mtime_s;
	e->mtime_ns = k->mtime_ns;
	e->content_hash = content_hash;
	e->status = status;
	e->format = format;
	e->line = status != RR_OK ? file_err->line : 0;
	e->col = status != RR_OK ? file_err->col : 0;
	snprintf(e->msg, sizeof(e->msg), "%s", status != RR_OK ? file_err->msg : "");
	e->seen = true;
	e->dead = false;
	c->dirty = true;
	return RR_OK;
}

static void put_record(struct wbuf *b, const struct cache_entry *e)
{
	size_t msg_len = strlen(e->msg);

	wbuf_u32(b, (uint32_t)strlen(e->path));
	wbuf_add(b, e->path, strlen(e->path));
	wbuf_u64(b, e->size_bytes);
	wbuf_i64(b, e->mtime_s);
	wbuf_i64(b, (int64_t)e->mtime_ns);
	wbuf_u64(b, e->content_hash);
	wbuf_u32(b, (uint32_t)e->status);
	wbuf_u32(b, (uint32_t)e->format);
	wbuf_u64(b, (uint64_t)e->line);
	wbuf_u64(b, (uint64_t)e->col);
	wbuf_u32(b, (uint32_t)msg_len);
	wbuf_add(b, e->msg, msg_len);
	wbuf_u32(b, (uint32_t)e->nruns);
	summary_encode(b, e->runs, e->nruns);
}

/*
 * A zip member's key is "ZIP:MEMBER" (cmd/walk.h): does a regular file
 * stand at a prefix of key ending before a ':' after its last folder of the
 * zip's own path?  Tried from the left, so "/a/x.zip:p.zip:m" finds x.zip.
 */
static bool member_zip_exists(const char *key)
{
	const char *colon;

	for (colon = strchr(key, ':'); colon; colon = strchr(colon + 1, ':')) {
		char *zip = rr_strndup(key, (size_t)(colon - key));
		struct stat sb;
		bool found = zip && stat(zip, &sb) == 0 && S_ISREG(sb.st_mode);

		free(zip);
		if (found)
			return true;
	}
	return false;
}

enum rr_status cache_save(struct cache *c, const char *path, struct rr_error *err)
{
	struct wbuf b = { NULL, 0, 0, false };
	struct rr_hash64 h;
	struct timespec now;
	uint64_t n = 0, body_len, sum, layout = summary_layout(CACHE_SEED);
	uint32_t u32;
	int64_t written;
	enum rr_status st;
	size_t i;

	/* Forget files that are gone; keep those this run did not look at. */
	for (i = 0; i < c->nentries; i++) {
		struct cache_entry *e = &c->entries[i];
		struct stat sb;

		if (e->dead || e->seen)
			continue;
		/*
		 * Keys are spelt from the real path of the PATH argument
		 * (cmd/walk.h), so absolute: a relative key not looked up is
		 * an older runrisk's, which no run would find again.
		 */
		if (e->path[0] != '/' ||
		    (stat(e->path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR) &&
		     !member_zip_exists(e->path))) {
			e->dead = true;
			c->dirty = true;
		}
	}
	if (!c->dirty)
		return RR_OK;

	clock_gettime(CLOCK_REALTIME, &now);
	written = (int64_t)now.tv_sec;
	wbuf_add(&b, CACHE_MAGIC, 8);
	u32 = RR_CACHE_VERSION;
	wbuf_u32(&b, u32);
	wbuf_u32(&b, CACHE_BOM);
	wbuf_u32(&b, (uint32_t)sizeof(struct run_summary));
	wbuf_u32(&b, 0);
	wbuf_u64(&b, layout);
	wbuf_i64(&b, written);
	wbuf_u64(&b, 0);	/* entries, patched below */
	wbuf_u64(&b, 0);	/* body bytes */
	wbuf_u64(&b, 0);	/* checksum */
	{
		char producer[64];

		memset(producer, 0, sizeof(producer));
		memcpy(producer, c->producer, strlen(c->producer));
		wbuf_add(&b, producer, sizeof(producer));
	}
	for (i = 0; i < c->nentries; i++) {
		if (c->entries[i].dead)
			continue;
		put_record(&b, &c->entries[i]);
		n++;
	}
	if (b.oom) {
		free(b.p);
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory writing the cache");
	}
	body_len = b.len - CACHE_HEADER;
	memcpy(b.p + 40, &n, 8);
	memcpy(b.p + 48, &body_len, 8);
	rr_hash64_init(&h, CACHE_SEED);
	rr_hash64_update(&h, b.p, b.len);
	sum = rr_hash64_final(&h);
	memcpy(b.p + 56, &sum, 8);

	st = rr_outfile_write(path, b.p, b.len, err);
	free(b.p);
	if (st == RR_OK) {
		c->dirty = false;
		c->loaded_written_s = written;
	}
	return st;
}
