#include "parsers/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"

#define LEVEL_BUF (64 * 1024)

static const unsigned char zip_magic[4] = { 'P', 'K', 3, 4 };

void rr_archive_limits_default(struct rr_archive_limits *l)
{
	l->max_total_bytes = 16ULL << 30;	/* a big Garmin export holds a few GB */
	l->max_ratio = 100;			/* deflate tops out near 1032:1; XML and FIT stay far below 100 */
	l->ratio_floor_bytes = 64ULL << 20;
	l->max_member_bytes = 1ULL << 30;	/* the per-file cap of rr_limits */
	l->max_members = 200000;
	l->max_depth = RR_ARCHIVE_MAX_DEPTH;
}

void rr_archive_listing_release(struct rr_archive_listing *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->members[i].name);
	free(l->members);
	l->members = NULL;
	l->n = l->cap = 0;
}

bool rr_archive_sniff(const char *path)
{
	unsigned char head[4];
	size_t have = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return false;
	while (have < sizeof(head)) {
		ssize_t n = read(fd, head + have, sizeof(head) - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	return have == sizeof(head) && memcmp(head, zip_magic, 4) == 0;
}

/* Absolute, a drive letter, or a ".." component (either slash). */
static bool name_hostile(const char *n)
{
	const char *p = n;

	if (n[0] == '/' || n[0] == '\\')
		return true;
	if (((n[0] >= 'A' && n[0] <= 'Z') || (n[0] >= 'a' && n[0] <= 'z')) && n[1] == ':')
		return true;
	while (*p) {
		size_t len = strcspn(p, "/\\");

		if (len == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += len;
		if (*p)
			p++;
	}
	return false;
}

/*
 * One open level: the zip itself (depth 1) or a zip member of it read as a
 * zip (depth 2), fed from the parent's member data by inner_read().
 */
struct level {
	struct archive *a;
	uint64_t index;		/* entries returned so far; the current one is index - 1 */
	struct archive *parent;	/* depth 2 only */
	const unsigned char *pre;	/* bytes already taken from the parent (a peek) */
	size_t pre_len;
	uint64_t bytes_in;	/* bytes taken from the parent */
	uint64_t cap;		/* of bytes_in */
	unsigned char buf[LEVEL_BUF];
};

static la_ssize_t inner_read(struct archive *a, void *ctx, const void **out)
{
	struct level *lv = ctx;
	la_ssize_t n;

	if (lv->pre_len) {
		*out = lv->pre;
		n = (la_ssize_t)lv->pre_len;
		lv->pre_len = 0;
		lv->bytes_in += (uint64_t)n;
		return n;
	}
	n = archive_read_data(lv->parent, lv->buf, sizeof(lv->buf));
	if (n < 0) {
		archive_set_error(a, -1, "%s",
				  archive_error_string(lv->parent) ? archive_error_string(lv->parent)
								   : "cannot read the outer zip");
		return -1;
	}
	lv->bytes_in += (uint64_t)n;
	if (lv->bytes_in > lv->cap) {
		archive_set_error(a, -1,
				  "a zip inside the zip is larger than the %llu-byte cap",
				  (unsigned long long)lv->cap);
		return -1;
	}
	*out = lv->buf;
	return n;
}

/*
 * seekable: read the central directory (sizes known for every member, so
 * members are skipped by seeking, never inflated to find their end); only
 * for the zip itself, once its end record has shown a directory of a
 * bounded size (eocd_check()).  Otherwise streaming: local headers in
 * order, as for a zip inside a zip, which has no seek.  Zip only: no tar,
 * no compression filters.
 */
static struct archive *zip_reader(bool seekable)
{
	struct archive *a = archive_read_new();

	if (a && (seekable ? archive_read_support_format_zip_seekable(a)
			   : archive_read_support_format_zip_streamable(a)) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* The source of depth 1: a file or memory. */
struct source {
	const char *path;
	const void *mem;
	size_t mem_len;
};

static uint32_t get_le(const unsigned char *p, unsigned n)
{
	uint32_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/*
 * The end of central directory record in the last bytes of a zip: 1 with
 * the entry count and directory size when there is one (and not zip64),
 * else 0.  The record is 22 bytes plus a comment of up to 65535.
 */
static int eocd_find(const unsigned char *tail, size_t n, uint64_t *entries,
		     uint64_t *cd_bytes)
{
	size_t i;

	if (n < 22)
		return 0;
	for (i = n - 22 + 1; i-- > 0;) {
		if (tail[i] != 'P' || tail[i + 1] != 'K' || tail[i + 2] != 5 || tail[i + 3] != 6)
			continue;
		*entries = get_le(tail + i + 10, 2);
		*cd_bytes = get_le(tail + i + 12, 4);
		return *entries != 0xffff && *cd_bytes != 0xffffffffu;
	}
	return 0;
}

#define EOCD_TAIL (65535 + 22)
#define CD_ENTRY_MAX_BYTES (46 + 65535 * 3)	/* fixed part, name, extra, comment */

/*
 * May the zip be read through its central directory?  0: yes; 1: no
 * usable end record (streaming then); -1: the directory declares more
 * members than the cap (err set: refused before libarchive loads it).
 */
static int eocd_check(const struct source *src, const struct rr_archive_limits *lim,
		      struct rr_error *err)
{
	unsigned char *tail;
	size_t n = 0;
	uint64_t entries = 0, cd_bytes = 0;
	int found;

	if (src->path) {
		int fd = open(src->path, O_RDONLY | O_CLOEXEC);
		off_t size, at;

		if (fd < 0)
			return 1;
		size = lseek(fd, 0, SEEK_END);
		at = size > EOCD_TAIL ? size - EOCD_TAIL : 0;
		tail = size > 0 ? malloc((size_t)(size - at)) : NULL;
		if (tail) {
			ssize_t r;

			do
				r = pread(fd, tail, (size_t)(size - at), at);
			while (r < 0 && errno == EINTR);
			n = r > 0 ? (size_t)r : 0;
		}
		close(fd);
		found = tail && eocd_find(tail, n, &entries, &cd_bytes);
		free(tail);
	} else {
		n = src->mem_len > EOCD_TAIL ? EOCD_TAIL : src->mem_len;
		found = eocd_find((const unsigned char *)src->mem + src->mem_len - n, n,
				  &entries, &cd_bytes);
	}
	if (!found)
		return 1;
	if (entries > lim->max_members) {
		rr_error_set(err, RR_ELIMIT, 0, 0,
			     "zip declares %llu members, more than %zu; archive refused",
			     (unsigned long long)entries, lim->max_members);
		return -1;
	}
	/* A directory larger than its entries can be is not a directory to load. */
	return cd_bytes > (entries + 1) * (uint64_t)CD_ENTRY_MAX_BYTES ? 1 : 0;
}

/* Open lv as a zip read from parent's current member.  0 or -1 (err set). */
static int level_open_inner(struct level *lv, struct archive *parent, const unsigned char *pre,
			    size_t pre_len, uint64_t cap, struct rr_error *err)
{
	lv->a = zip_reader(false);
	lv->index = 0;
	lv->parent = parent;
	lv->pre = pre;
	lv->pre_len = pre_len;
	lv->bytes_in = 0;
	lv->cap = cap;
	if (!lv->a) {
		rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		return -1;
	}
	if (archive_read_open(lv->a, lv, NULL, inner_read, NULL) != ARCHIVE_OK) {
		rr_error_set(err, RR_EFORMAT, 0, 0, "not a readable zip: %s",
			     archive_error_string(lv->a) ? archive_error_string(lv->a) : "?");
		archive_read_free(lv->a);
		lv->a = NULL;
		return -1;
	}
	return 0;
}

static void level_close(struct level *lv)
{
	if (lv->a)
		archive_read_free(lv->a);
	lv->a = NULL;
	lv->index = 0;
}

static int level_open_outer(struct level *lv, const struct source *src,
			    const struct rr_archive_limits *lim, struct rr_error *err)
{
	int r = eocd_check(src, lim, err);

	memset(lv, 0, offsetof(struct level, buf));
	if (r < 0)
		return -1;
	lv->a = zip_reader(r == 0);
	if (!lv->a) {
		rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		return -1;
	}
	if (src->path)
		r = archive_read_open_filename(lv->a, src->path, LEVEL_BUF);
	else
		r = archive_read_open_memory(lv->a, src->mem, src->mem_len);
	if (r != ARCHIVE_OK) {
		int e = archive_errno(lv->a);

		rr_error_set(err, src->path && e > 0 && e < 4096 ? RR_EIO : RR_EFORMAT, 0, 0,
			     "cannot open the zip: %s",
			     archive_error_string(lv->a) ? archive_error_string(lv->a) : "?");
		if (err && src->path && e > 0 && e < 4096)
			err->errno_ = e;
		level_close(lv);
		return -1;
	}
	return 0;
}

/* Next header of lv: 1 with *e, 0 at the end, -1 on error (err set). */
static int level_next(struct level *lv, struct archive_entry **e, struct rr_error *err)
{
	int r = archive_read_next_header(lv->a, e);

	if (r == ARCHIVE_EOF)
		return 0;
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
		const char *why = archive_error_string(lv->a);

		if (why)
			rr_error_set(err, RR_EFORMAT, 0, 0, "corrupt zip: %s", why);
		else
			rr_error_set(err, RR_EFORMAT, 0, 0,
				     "corrupt or truncated zip (an interrupted download?)");
		return -1;
	}
	lv->index++;
	return 1;
}

/* ---- listing ---- */

struct lister {
	const struct rr_archive_limits *lim;
	struct rr_archive_listing *out;
	uint64_t compressed;	/* the zip file's size */
	uint64_t total;		/* uncompressed bytes counted */
	struct level inner;	/* depth 2, while one is open */
};

/* Name the member that made the archive refused. */
static void blame(struct lister *l, const char *prefix, const char *name)
{
	snprintf(l->out->bad_member, sizeof(l->out->bad_member), "%s%s", prefix, name);
}

/* Count n more uncompressed bytes against the total and ratio caps. */
static enum rr_status count_bytes(struct lister *l, uint64_t n, const char *prefix,
				  const char *name, struct rr_error *err)
{
	const struct rr_archive_limits *lim = l->lim;

	l->total = n > UINT64_MAX - l->total ? UINT64_MAX : l->total + n;
	if (l->total > lim->max_total_bytes) {
		blame(l, prefix, name);
		return rr_error_set(err, RR_ELIMIT, 0, 0,
				    "zip holds more than %llu bytes uncompressed (a zip bomb?); archive refused",
				    lim->max_total_bytes);
	}
	if (l->total > lim->ratio_floor_bytes && l->compressed && lim->max_ratio &&
	    l->compressed <= UINT64_MAX / lim->max_ratio &&
	    l->total > lim->max_ratio * l->compressed) {
		blame(l, prefix, name);
		return rr_error_set(err, RR_ELIMIT, 0, 0,
				    "zip expands more than %u times its size (a zip bomb?); archive refused",
				    lim->max_ratio);
	}
	return RR_OK;
}

static enum rr_status add_member(struct lister *l, const char *prefix, const char *name,
				 const struct rr_member_ref *ref, struct rr_error *err)
{
	struct rr_archive_listing *o = l->out;
	size_t pl = strlen(prefix), nl = strlen(name);
	char *full;

	if (o->n >= l->lim->max_members) {
		blame(l, prefix, name);
		return rr_error_set(err, RR_ELIMIT, 0, 0, "zip has more than %zu members; archive refused",
				    l->lim->max_members);
	}
	if (RR_GROW(o->members, o->cap, o->n + 1) || !(full = malloc(pl + nl + 1)))
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	memcpy(full, prefix, pl);
	memcpy(full + pl, name, nl + 1);
	o->members[o->n].name = full;
	o->members[o->n].ref = *ref;
	o->n++;
	return RR_OK;
}

/* Read up to 4 bytes of the current member into head. */
static int peek_head(struct archive *a, unsigned char head[4], size_t *have)
{
	*have = 0;
	while (*have < 4) {
		la_ssize_t n = archive_read_data(a, head + *have, 4 - *have);

		if (n < 0)
			return -1;
		if (n == 0)
			break;
		*have += (size_t)n;
	}
	return 0;
}

/* Read the rest of a member with no declared size, counting its bytes. */
static enum rr_status drain(struct lister *l, struct archive *a, uint64_t already,
			    const char *prefix, const char *name, struct rr_error *err)
{
	unsigned char buf[16384];
	uint64_t member = already;
	enum rr_status st;

	for (;;) {
		la_ssize_t n = archive_read_data(a, buf, sizeof(buf));

		if (n < 0) {
			blame(l, prefix, name);
			return rr_error_set(err, RR_EFORMAT, 0, 0, "corrupt zip member: %s",
					    archive_error_string(a) ? archive_error_string(a) : "?");
		}
		if (n == 0)
			return RR_OK;
		member += (uint64_t)n;
		if (member > l->lim->max_member_bytes) {
			blame(l, prefix, name);
			return rr_error_set(err, RR_ELIMIT, 0, 0,
					    "zip member is larger than the %llu-byte cap (a zip bomb?); archive refused",
					    l->lim->max_member_bytes);
		}
		if ((st = count_bytes(l, (uint64_t)n, prefix, name, err)) != RR_OK)
			return st;
	}
}

static enum rr_status list_level(struct lister *l, struct level *lv, unsigned depth,
				 struct rr_member_ref *ref, const char *prefix,
				 struct rr_error *err)
{
	struct archive_entry *e;
	enum rr_status st;
	int r;

	while ((r = level_next(lv, &e, err)) == 1) {
		const char *name = archive_entry_pathname(e);
		unsigned char head[4];
		size_t have;
		bool sized = archive_entry_size_is_set(e) && archive_entry_size(e) >= 0;
		uint64_t size = sized ? (uint64_t)archive_entry_size(e) : 0;

		if (!name)
			name = "";
		if (name_hostile(name)) {
			blame(l, prefix, name);
			return rr_error_set(err, RR_EFORMAT, 0, 0,
					    "zip member name is absolute or leaves the archive (..); archive refused");
		}
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		ref->depth = depth;
		ref->index[depth - 1] = lv->index - 1;
		ref->size_bytes = size;
		ref->size_known = sized;
		if (sized && (st = count_bytes(l, size, prefix, name, err)) != RR_OK)
			return st;
		if (peek_head(lv->a, head, &have)) {
			blame(l, prefix, name);
			return rr_error_set(err, RR_EFORMAT, 0, 0, "corrupt zip member: %s",
					    archive_error_string(lv->a) ? archive_error_string(lv->a) : "?");
		}
		if (have == 4 && memcmp(head, zip_magic, 4) == 0) {
			size_t pl = strlen(prefix), nl = strlen(name);
			char *inner_prefix;
			uint64_t cap = sized ? size : l->lim->max_member_bytes;

			if (depth >= l->lim->max_depth) {
				blame(l, prefix, name);
				return rr_error_set(err, RR_ELIMIT, 0, 0,
						    "zip nested more than %u deep; archive refused",
						    l->lim->max_depth);
			}
			inner_prefix = malloc(pl + nl + 2);
			if (!inner_prefix)
				return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
			snprintf(inner_prefix, pl + nl + 2, "%s%s%c", prefix, name, RR_ARCHIVE_SEP);
			if (level_open_inner(&l->inner, lv->a, head, have, cap, err)) {
				snprintf(l->out->bad_member, sizeof(l->out->bad_member), "%s%s", prefix, name);
				free(inner_prefix);
				return err ? err->code : RR_EFORMAT;
			}
			st = list_level(l, &l->inner, depth + 1, ref, inner_prefix, err);
			if (st == RR_OK && !sized)
				st = count_bytes(l, l->inner.bytes_in, prefix, name, err);
			if (st != RR_OK && !l->out->bad_member[0])
				snprintf(l->out->bad_member, sizeof(l->out->bad_member), "%s%s", prefix, name);
			level_close(&l->inner);
			free(inner_prefix);
			if (st != RR_OK)
				return st;
			continue;
		}
		if ((st = add_member(l, prefix, name, ref, err)) != RR_OK)
			return st;
		if (!sized && ((st = count_bytes(l, have, prefix, name, err)) != RR_OK ||
			       (st = drain(l, lv->a, have, prefix, name, err)) != RR_OK))
			return st;
	}
	return r < 0 ? (err ? err->code : RR_EFORMAT) : RR_OK;
}

static enum rr_status list_source(const struct source *src, uint64_t size,
				  const struct rr_archive_limits *lim,
				  struct rr_archive_listing *out, struct rr_error *err)
{
	struct rr_archive_limits defaults;
	struct lister *l;
	struct rr_member_ref ref;
	enum rr_status st;

	memset(out, 0, sizeof(*out));
	if (!lim) {
		rr_archive_limits_default(&defaults);
		lim = &defaults;
	}
	l = calloc(1, sizeof(*l));	/* holds a 64 KiB buffer: not on a worker's stack */
	if (!l)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	l->lim = lim;
	l->out = out;
	l->compressed = size;
	memset(&ref, 0, sizeof(ref));
	{
		struct level *outer = malloc(sizeof(*outer));

		if (!outer) {
			free(l);
			return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		}
		if (level_open_outer(outer, src, lim, err)) {
			st = err ? err->code : RR_EFORMAT;
		} else {
			st = list_level(l, outer, 1, &ref, "", err);
			level_close(outer);
		}
		free(outer);
	}
	level_close(&l->inner);
	free(l);
	if (st != RR_OK) {
		char keep[sizeof(out->bad_member)];

		memcpy(keep, out->bad_member, sizeof(keep));
		rr_archive_listing_release(out);
		memcpy(out->bad_member, keep, sizeof(keep));
	}
	return st;
}

enum rr_status rr_archive_list(const char *path, uint64_t file_size,
			       const struct rr_archive_limits *lim,
			       struct rr_archive_listing *out, struct rr_error *err)
{
	struct source src = { path, NULL, 0 };

	return list_source(&src, file_size, lim, out, err);
}

enum rr_status rr_archive_list_mem(const void *buf, size_t len,
				   const struct rr_archive_limits *lim,
				   struct rr_archive_listing *out, struct rr_error *err)
{
	struct source src = { NULL, buf, len };

	return list_source(&src, len, lim, out, err);
}

/* ---- reading one member ---- */

struct rr_archive_cursor {
	char *path;		/* the open zip; NULL with mem */
	const void *mem;
	size_t mem_len;
	unsigned depth;		/* levels open: 0, 1 or 2 */
	struct level lv[RR_ARCHIVE_MAX_DEPTH];
	/* The member being read. */
	struct archive *top;
	uint64_t member_bytes, member_cap;
	bool member_sized;
};

struct rr_archive_cursor *rr_archive_cursor_new(void)
{
	return calloc(1, sizeof(struct rr_archive_cursor));
}

static void cursor_close(struct rr_archive_cursor *c)
{
	unsigned i;

	for (i = RR_ARCHIVE_MAX_DEPTH; i-- > 0;)
		level_close(&c->lv[i]);
	c->depth = 0;
	free(c->path);
	c->path = NULL;
	c->mem = NULL;
	c->top = NULL;
}

void rr_archive_cursor_free(struct rr_archive_cursor *c)
{
	if (!c)
		return;
	cursor_close(c);
	free(c);
}

static enum rr_status member_pull(void *ctx, void *buf, size_t cap, size_t *got,
				  struct rr_error *err)
{
	struct rr_archive_cursor *c = ctx;
	la_ssize_t n;

	*got = 0;
	if (!c->top)
		return rr_error_set(err, RR_EIO, 0, 0, "zip member no longer open");
	n = archive_read_data(c->top, buf, cap);
	if (n < 0)
		return rr_error_set(err, RR_EFORMAT, 0, 0, "corrupt zip member: %s",
				    archive_error_string(c->top) ? archive_error_string(c->top) : "?");
	c->member_bytes += (uint64_t)n;
	if (c->member_bytes > c->member_cap)
		return rr_error_set(err, RR_ELIMIT, 0, 0, c->member_sized ?
				    "zip member holds more than the %llu bytes its header declares (a zip bomb?)" :
				    "zip member is larger than the %llu-byte cap",
				    (unsigned long long)c->member_cap);
	*got = (size_t)n;
	return RR_OK;
}

/* Step lv forward to entry index; 0, or -1 with err set. */
static int level_seek(struct level *lv, uint64_t index, struct archive_entry **e,
		      struct rr_error *err)
{
	while (lv->index <= index) {
		int r = level_next(lv, e, err);

		if (r < 0)
			return -1;
		if (r == 0) {
			rr_error_set(err, RR_EIO, 0, 0, "member no longer in the zip (changed since it was listed?)");
			return -1;
		}
	}
	return 0;
}

static enum rr_status open_member(struct rr_input **out, struct rr_archive_cursor *c,
				  const struct source *src, const struct rr_member_ref *ref,
				  const struct rr_archive_limits *lim,
				  unsigned long long max_bytes, struct rr_error *err)
{
	struct rr_archive_limits defaults;
	struct archive_entry *e = NULL;
	bool same, reopen;
	uint64_t i0, i1;

	*out = NULL;
	if (!lim) {
		rr_archive_limits_default(&defaults);
		lim = &defaults;
	}
	if (ref->depth < 1 || ref->depth > RR_ARCHIVE_MAX_DEPTH)
		return rr_error_set(err, RR_EIO, 0, 0, "not a zip member");
	i0 = ref->index[0];
	i1 = ref->index[1];
	same = c->depth > 0 && (src->path ? c->path && strcmp(c->path, src->path) == 0
				      : c->mem == src->mem && c->mem_len == src->mem_len);
	/* Forward only: an entry whose data was read, or one behind us, needs a reopen. */
	if (!same)
		reopen = true;
	else if (ref->depth == 1)
		reopen = c->lv[0].index > i0;
	else
		reopen = c->lv[0].index > i0 + 1 ||
			 (c->lv[0].index == i0 + 1 && (c->depth < 2 || c->lv[1].index > i1));
	if (reopen) {
		cursor_close(c);
		if (src->path && !(c->path = rr_strdup(src->path)))
			return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		c->mem = src->mem;
		c->mem_len = src->mem_len;
		if (level_open_outer(&c->lv[0], src, lim, err)) {
			cursor_close(c);
			return err ? err->code : RR_EIO;
		}
		c->depth = 1;
	}
	c->top = NULL;
	if (c->lv[0].index != i0 + 1) {
		level_close(&c->lv[1]);
		c->depth = 1;
		if (level_seek(&c->lv[0], i0, &e, err))
			goto fail;
		if (ref->depth == 2) {
			uint64_t cap = archive_entry_size_is_set(e) && archive_entry_size(e) >= 0 ?
				       (uint64_t)archive_entry_size(e) : lim->max_member_bytes;

			if (level_open_inner(&c->lv[1], c->lv[0].a, NULL, 0, cap, err))
				goto fail;
			c->depth = 2;
		}
	}
	if (ref->depth == 2 && level_seek(&c->lv[1], i1, &e, err))
		goto fail;
	if (!e || archive_entry_filetype(e) != AE_IFREG) {
		rr_error_set(err, RR_EIO, 0, 0, "member no longer in the zip (changed since it was listed?)");
		goto fail;
	}
	/*
	 * The entry found again must be the one listed: a hostile zip can
	 * read differently when its entries are skipped than when they were
	 * read through (entries with a data descriptor), and a member would
	 * then deliver another's bytes under the listed name and size.
	 */
	if ((archive_entry_size_is_set(e) && archive_entry_size(e) >= 0) != ref->size_known ||
	    (ref->size_known && (uint64_t)archive_entry_size(e) != ref->size_bytes)) {
		rr_error_set(err, RR_EFORMAT, 0, 0,
			     "zip member differs from the zip's listing of it (an inconsistent zip)");
		goto fail;
	}
	c->top = c->lv[ref->depth - 1].a;
	c->member_bytes = 0;
	c->member_sized = archive_entry_size_is_set(e) && archive_entry_size(e) >= 0;
	c->member_cap = c->member_sized ? (uint64_t)archive_entry_size(e) : lim->max_member_bytes;
	if (c->member_cap > lim->max_member_bytes)
		c->member_cap = lim->max_member_bytes;
	return rr_input_open_pull(out, member_pull, c, max_bytes, err);
fail:
	cursor_close(c);
	return err && err->code ? err->code : RR_EIO;
}

enum rr_status rr_archive_open_member(struct rr_input **out, struct rr_archive_cursor *c,
				      const char *path, const struct rr_member_ref *ref,
				      const struct rr_archive_limits *lim,
				      unsigned long long max_bytes, struct rr_error *err)
{
	struct source src = { path, NULL, 0 };

	return open_member(out, c, &src, ref, lim, max_bytes, err);
}

enum rr_status rr_archive_open_member_mem(struct rr_input **out, struct rr_archive_cursor *c,
					  const void *buf, size_t len,
					  const struct rr_member_ref *ref,
					  const struct rr_archive_limits *lim,
					  unsigned long long max_bytes, struct rr_error *err)
{
	struct source src = { NULL, buf, len };

	return open_member(out, c, &src, ref, lim, max_bytes, err);
}
