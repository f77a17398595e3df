/*
 * libFuzzer target: the parse cache and alert memory loaders (cmd/cache.c),
 * past their checksum.  The cache lives in OUTDIR, which other people or a
 * broken disk may write; a file that passes the checksum must still never
 * make the loader read out of bounds or keep a bad record.
 *
 * Input: u16 entry count (little end first), then the body.  The harness
 * wraps it in a valid header (magic, version, byte order, summary layout,
 * producer, body length, checksum) taken from a cache it saves itself on
 * the first call, writes the file and loads it.  A loaded cache is saved
 * and loaded again: the same entries must come back.  The same bytes are
 * also loaded as an alert memory file.
 * FUZZ_CACHE_SEED=FILE writes a valid input (one entry with one run) to
 * FILE, for the seed folder.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/alerts.h"
#include "cmd/cache.h"
#include "core/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FC_HEADER 128
#define FC_SEED 0x52756e5269736bULL	/* cmd/cache.c CACHE_SEED; checked below */
#define FC_PRODUCER "runrisk fuzz"

struct fc_state {
	char dir[64];
	char path[96], path2[96], alerts[96];
	unsigned char header[FC_HEADER];
};

static uint64_t fc_checksum(unsigned char *head, const uint8_t *body, size_t len)
{
	struct rr_hash64 h;
	unsigned char copy[FC_HEADER];

	memcpy(copy, head, FC_HEADER);
	memset(copy + 56, 0, 8);
	rr_hash64_init(&h, FC_SEED);
	rr_hash64_update(&h, copy, FC_HEADER);
	rr_hash64_update(&h, body, len);
	return rr_hash64_final(&h);
}

static void fc_write(const char *path, const void *a, size_t alen, const void *b, size_t blen)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(a, 1, alen, f) != alen || (blen && fwrite(b, 1, blen, f) != blen) ||
	    fclose(f) != 0)
		abort();
}

static unsigned char *fc_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0)
		abort();
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static struct fc_state *fc_cleanup_state;

static void fc_cleanup(void)
{
	struct fc_state *s = fc_cleanup_state;

	unlink(s->path);
	unlink(s->path2);
	unlink(s->alerts);
	rmdir(s->dir);
}

/* Save a one-entry cache of our own; keep its header as the template. */
static void fc_setup(struct fc_state *s)
{
	struct cache c;
	struct cache_key k = { "a/run.gpx", 1234, 1700000000, 5, NULL };
	struct run_summary run;
	struct rr_error err = RR_ERROR_INIT;
	unsigned char *buf;
	size_t len;
	uint64_t sum;
	const char *seed;

	snprintf(s->dir, sizeof(s->dir), "%s/fuzz-cache-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (strlen(s->dir) > 40 || !mkdtemp(s->dir))
		abort();
	snprintf(s->path, sizeof(s->path), "%s/c", s->dir);
	snprintf(s->path2, sizeof(s->path2), "%s/c2", s->dir);
	snprintf(s->alerts, sizeof(s->alerts), "%s/a", s->dir);
	fc_cleanup_state = s;
	atexit(fc_cleanup);
	memset(&run, 0, sizeof(run));
	run.format = RR_FORMAT_GPX;
	run.distance_m = 5000;
	cache_init(&c, FC_PRODUCER);
	if (cache_put(&c, &k, 42, RR_FORMAT_GPX, NULL, &run, 1, &err) != RR_OK ||
	    cache_save(&c, s->path, &err) != RR_OK)
		abort();
	cache_release(&c);
	buf = fc_read(s->path, &len);
	if (len < FC_HEADER)
		abort();
	memcpy(s->header, buf, FC_HEADER);
	memcpy(&sum, buf + 56, 8);
	if (fc_checksum(buf, buf + FC_HEADER, len - FC_HEADER) != sum)
		abort();	/* cache.c changed its checksum: update FC_SEED */
	seed = getenv("FUZZ_CACHE_SEED");
	if (seed) {
		uint64_t n;
		unsigned char count[2];

		memcpy(&n, buf + 40, 8);
		count[0] = (unsigned char)(n & 0xff);
		count[1] = (unsigned char)(n >> 8);
		fc_write(seed, count, 2, buf + FC_HEADER, len - FC_HEADER);
	}
	free(buf);
}

/* Two loaded caches hold the same entries. */
static void fc_same(const struct cache *a, const struct cache *b)
{
	size_t i, j;

	if (a->nentries != b->nentries)
		abort();
	for (i = 0; i < a->nentries; i++) {
		const struct cache_entry *x = &a->entries[i];

		for (j = 0; j < b->nentries; j++)
			if (!strcmp(x->path, b->entries[j].path))
				break;
		if (j == b->nentries)
			abort();
		if (x->nruns != b->entries[j].nruns || x->status != b->entries[j].status ||
		    x->size_bytes != b->entries[j].size_bytes ||
		    strcmp(x->msg, b->entries[j].msg) ||
		    (x->nruns && memcmp(x->runs, b->entries[j].runs,
					x->nruns * sizeof(*x->runs))))
			abort();
	}
}

static void fc_cache(struct fc_state *s, const uint8_t *data, size_t size)
{
	unsigned char head[FC_HEADER];
	uint64_t n, body_len, sum;
	struct cache c, c2;
	struct cache_load_info info, info2;
	struct rr_error err = RR_ERROR_INIT;
	size_t i;

	if (size < 2)
		return;
	memcpy(head, s->header, FC_HEADER);
	n = (uint64_t)data[0] | (uint64_t)data[1] << 8;
	body_len = size - 2;
	memcpy(head + 40, &n, 8);
	memcpy(head + 48, &body_len, 8);
	sum = fc_checksum(head, data + 2, size - 2);
	memcpy(head + 56, &sum, 8);
	fc_write(s->path, head, FC_HEADER, data + 2, size - 2);

	cache_init(&c, FC_PRODUCER);
	if (cache_load(&c, s->path, &info, &err) != RR_OK) {
		cache_release(&c);
		return;		/* out of memory */
	}
	if (info.state == CACHE_LOADED) {
		if (c.nentries != info.nentries || c.nentries > n)
			abort();
		for (i = 0; i < c.nentries; i++) {
			const struct cache_entry *e = &c.entries[i];
			struct cache_probe pr;
			struct cache_key k = { e->path, e->size_bytes, e->mtime_s, e->mtime_ns, NULL };

			if (!memchr(e->msg, '\0', sizeof(e->msg)) || (e->nruns && !e->runs))
				abort();
			cache_lookup(&c, &k, &pr);
		}
		/* round trip: what was loaded saves and loads back the same */
		for (i = 0; i < c.nentries; i++)
			c.entries[i].seen = true;
		c.dirty = true;
		if (cache_save(&c, s->path2, &err) == RR_OK) {
			cache_init(&c2, FC_PRODUCER);
			if (cache_load(&c2, s->path2, &info2, &err) == RR_OK) {
				if (info2.state != CACHE_LOADED)
					abort();
				fc_same(&c, &c2);
			}
			cache_release(&c2);
			unlink(s->path2);
		}
	} else if (c.nentries != 0) {
		abort();	/* a rejected cache starts empty */
	}
	cache_release(&c);
}

static void fc_alerts(struct fc_state *s, const uint8_t *data, size_t size)
{
	struct alert_set a, b;
	struct rr_error err = RR_ERROR_INIT;
	bool rejected = false;

	fc_write(s->alerts, data, size, NULL, 0);
	alert_set_init(&a);
	if (alert_set_load(&a, s->alerts, &rejected, &err) == RR_OK && !rejected && a.n) {
		(void)alert_set_contains(&a, "athlete", 19000, "long_run_spike", FLAG_ALERT);
		a.dirty = true;
		if (alert_set_save(&a, s->path2, &err) == RR_OK) {
			alert_set_init(&b);
			rejected = false;
			if (alert_set_load(&b, s->path2, &rejected, &err) == RR_OK &&
			    (rejected || b.n != a.n))
				abort();	/* saved alerts load back, all of them */
			alert_set_release(&b);
			unlink(s->path2);
		}
	}
	alert_set_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fc_state state;
	static int ready;

	if (!ready) {
		fc_setup(&state);
		ready = 1;
	}
	fc_cache(&state, data, size);
	fc_alerts(&state, data, size);
	return 0;
}
