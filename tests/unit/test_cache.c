/*
 * test_cache.c - the content hash, the parse cache (hits, invalidation,
 * corruption), the alert memory, and the OUTDIR lock across processes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/helpers.h"

#include "cmd/alerts.h"
#include "cmd/cache.h"
#include "cmd/lock.h"
#include "core/hash.h"
#include "core/outfile.h"

#define PRODUCER "runrisk test"


struct fixture {
	char dir[PATH_MAX];
	char cache[PATH_MAX];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/rr-cache-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->cache, sizeof(f->cache), "%.4000s/.runrisk-cache", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%.4000s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Write content to dir/name with the given mtime; fill *k. */
static void put_file(const char *dir, const char *name, const char *content,
		     int64_t mtime_s, long mtime_ns, char *path, size_t size,
		     struct cache_key *k)
{
	struct timespec ts[2];
	struct stat st;
	FILE *fp;

	fmt(path, size, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_true(fputs(content, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
	ts[0].tv_sec = ts[1].tv_sec = (time_t)mtime_s;
	ts[0].tv_nsec = ts[1].tv_nsec = mtime_ns;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	assert_int_equal(stat(path, &st), 0);
	k->path = path;
	k->size_bytes = (uint64_t)st.st_size;
	k->mtime_s = (int64_t)st.st_mtim.tv_sec;
	k->mtime_ns = st.st_mtim.tv_nsec;
	k->hash_path = NULL;
}

static void make_summary(struct run_summary *s, double start, double dist_m)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->format = RR_FORMAT_GPX;
	snprintf(s->sport, sizeof(s->sport), "running");
	snprintf(s->name, sizeof(s->name), "Morning Run \xc3\xa9");
	s->running = true;
	s->start_t_s = start;
	s->elapsed_s = 3600;
	s->distance_m = dist_m;
	s->device_distance_m = NAN;
	s->hr_avg = NAN;
	s->trimp = NAN;
	s->points = 3600;
	for (i = 0; i < RR_SPEED_BINS; i++)
		s->speed_hist_s[i] = (float)i;
}

/* ---------------------------------------------------------------- hash */

static uint64_t hash_str(const char *s, uint64_t seed)
{
	return rr_hash64(s, strlen(s), seed);
}

static void test_hash_vectors(void **state)
{
	(void)state;
	/* Published XXH64 values (xxHash's and its ports' test suites). */
	assert_true(hash_str("", 0) == 0xEF46DB3751D8E999ULL);
	assert_true(hash_str("a", 0) == 0xD24EC4F1A98C6E5BULL);
	assert_true(hash_str("abc", 0) == 0x44BC2CF5AD770999ULL);
	assert_true(hash_str("Nobody inspects the spammish repetition", 0) ==
		    0xFBCEA83C8A378BF1ULL);
	assert_true(hash_str("", 0x1234567890abcdefULL) == 0xA2F5C44D0F46C872ULL);
	assert_true(hash_str("0123", 0x1234567890abcdefULL) == 0xE19FFF0227E3B861ULL);
}

static void test_hash_streaming(void **state)
{
	unsigned char data[1000];
	struct rr_hash64 h;
	size_t i, step, off;
	uint64_t one;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 131 + 7);
	for (i = 0; i <= sizeof(data); i += 37) {
		one = rr_hash64(data, i, 42);
		for (step = 1; step <= 65; step += 8) {
			rr_hash64_init(&h, 42);
			for (off = 0; off < i; off += step)
				rr_hash64_update(&h, data + off, i - off < step ? i - off : step);
			assert_true(rr_hash64_final(&h) == one);
		}
	}
	/* One changed bit changes the value. */
	one = rr_hash64(data, sizeof(data), 0);
	data[500] ^= 1;
	assert_true(rr_hash64(data, sizeof(data), 0) != one);
}

/* --------------------------------------------------------------- cache */

static void test_roundtrip(void **state)
{
	struct fixture *f = *state;
	struct run_summary runs[2];
	struct cache c, d;
	struct cache_key k1, k2, k3;
	struct cache_load_info info;
	struct cache_probe pr;
	struct rr_error ferr = RR_ERROR_INIT, err = RR_ERROR_INIT;
	char p1[PATH_MAX], p2[PATH_MAX], p3[PATH_MAX];
	uint64_t h;

	put_file(f->dir, "two.gpx", "<gpx>two runs</gpx>", 1600000000, 5, p1, sizeof(p1), &k1);
	put_file(f->dir, "bad.tcx", "<TrainingCenter", 1600000100, 0, p2, sizeof(p2), &k2);
	put_file(f->dir, "empty.gpx", "<gpx/>", 1600000200, 999999999, p3, sizeof(p3), &k3);
	make_summary(&runs[0], 1.6e9, 10000);
	make_summary(&runs[1], 1.6e9 + 7200, 5000);
	runs[1].activity_index = 1;

	cache_init(&c, PRODUCER);
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.state, CACHE_ABSENT);
	assert_int_equal(cache_hash_file(p1, &h, &err), RR_OK);
	assert_int_equal(cache_put(&c, &k1, h, RR_FORMAT_GPX, NULL, runs, 2, &err), RR_OK);
	rr_error_set(&ferr, RR_EPARSE, 3, 17, "unclosed token");
	assert_int_equal(cache_hash_file(p2, &h, &err), RR_OK);
	assert_int_equal(cache_put(&c, &k2, h, RR_FORMAT_TCX, &ferr, NULL, 0, &err), RR_OK);
	assert_int_equal(cache_hash_file(p3, &h, &err), RR_OK);
	assert_int_equal(cache_put(&c, &k3, h, RR_FORMAT_GPX, NULL, NULL, 0, &err), RR_OK);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);

	cache_init(&d, PRODUCER);
	assert_int_equal(cache_load(&d, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.state, CACHE_LOADED);
	assert_int_equal(info.nentries, 3);

	cache_lookup(&d, &k1, &pr);
	assert_int_equal(pr.verdict, CACHE_HIT);
	assert_false(pr.hashed);	/* stat matched: the file was not read */
	assert_int_equal(pr.entry->status, RR_OK);
	assert_int_equal(pr.entry->nruns, 2);
	assert_memory_equal(pr.entry->runs, runs, sizeof(runs));
	assert_true(isnan(pr.entry->runs[0].hr_avg));

	cache_lookup(&d, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_HIT);
	assert_int_equal(pr.entry->status, RR_EPARSE);
	assert_int_equal(pr.entry->format, RR_FORMAT_TCX);
	assert_int_equal(pr.entry->line, 3);
	assert_int_equal(pr.entry->col, 17);
	assert_string_equal(pr.entry->msg, "unclosed token");
	assert_int_equal(pr.entry->nruns, 0);

	cache_lookup(&d, &k3, &pr);
	assert_int_equal(pr.verdict, CACHE_HIT);
	assert_int_equal(pr.entry->mtime_ns, 999999999);
	assert_int_equal(pr.entry->nruns, 0);
	cache_release(&d);
}

/* Store one file, save, reload; returns the cache ready for lookups. */
static void cache_with(struct fixture *f, struct cache *c, const struct cache_key *k)
{
	struct run_summary run;
	struct cache_load_info info;
	struct rr_error err = RR_ERROR_INIT;
	uint64_t h;

	make_summary(&run, 1.6e9, 8000);
	cache_init(c, PRODUCER);
	assert_int_equal(cache_hash_file(k->path, &h, &err), RR_OK);
	assert_int_equal(cache_put(c, k, h, RR_FORMAT_GPX, NULL, &run, 1, &err), RR_OK);
	assert_int_equal(cache_save(c, f->cache, &err), RR_OK);
	cache_release(c);
	cache_init(c, PRODUCER);
	assert_int_equal(cache_load(c, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.state, CACHE_LOADED);
}

static void test_invalidation(void **state)
{
	struct fixture *f = *state;
	struct cache c;
	struct cache_key k, k2;
	struct cache_probe pr;
	struct rr_error err = RR_ERROR_INIT;
	char p[PATH_MAX];
	uint64_t h;

	put_file(f->dir, "run.gpx", "AAAAAAAA", 1600000000, 0, p, sizeof(p), &k);
	cache_with(f, &c, &k);

	/* touched: new mtime, same bytes -> reused, re-keyed */
	put_file(f->dir, "run.gpx", "AAAAAAAA", 1600000500, 1, p, sizeof(p), &k2);
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_HIT_REHASHED);
	assert_true(pr.hashed);
	assert_int_equal(pr.entry->mtime_s, 1600000500);
	assert_true(c.dirty);
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_HIT);
	assert_false(pr.hashed);

	/* same size, other bytes, new mtime -> miss, with the hash for cache_put */
	put_file(f->dir, "run.gpx", "AAAABAAA", 1600000600, 0, p, sizeof(p), &k2);
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_MISS);
	assert_true(pr.hashed);
	assert_int_equal(cache_hash_file(p, &h, &err), RR_OK);
	assert_true(pr.hash == h);

	/* other size -> miss without reading */
	put_file(f->dir, "run.gpx", "AAAAAAAAA", 1600000700, 0, p, sizeof(p), &k2);
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_MISS);
	assert_false(pr.hashed);

	/* unknown path, and stdin */
	k2.path = "/nonexistent/x.gpx";
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_MISS);
	k2.path = "-";
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_MISS);
	assert_int_equal(cache_put(&c, &k2, 0, RR_FORMAT_GPX, NULL, NULL, 0, &err), RR_OK);
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_MISS);
	cache_release(&c);
}

static void test_stat_hit_does_not_read(void **state)
{
	struct fixture *f = *state;
	struct cache c;
	struct cache_key k, k2;
	struct cache_probe pr;
	char p[PATH_MAX];

	/* Same size and mtime restored: the documented limit of a stat check. */
	put_file(f->dir, "run.gpx", "AAAAAAAA", 1600000000, 0, p, sizeof(p), &k);
	cache_with(f, &c, &k);
	put_file(f->dir, "run.gpx", "BBBBBBBB", 1600000000, 0, p, sizeof(p), &k2);
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_HIT);
	assert_false(pr.hashed);
	cache_release(&c);
}

static void test_racy_entry_is_verified(void **state)
{
	struct fixture *f = *state;
	struct cache c;
	struct cache_key k, k2;
	struct cache_probe pr;
	struct rr_error err = RR_ERROR_INIT;
	char p[PATH_MAX];
	int64_t now = (int64_t)time(NULL);

	/* An mtime as recent as the cache itself is not trusted alone. */
	put_file(f->dir, "run.gpx", "AAAAAAAA", now, 0, p, sizeof(p), &k);
	cache_with(f, &c, &k);
	put_file(f->dir, "run.gpx", "BBBBBBBB", now, 0, p, sizeof(p), &k2);
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_MISS);
	assert_true(pr.hashed);

	/* Unchanged racy entry: verified, then trusted after the next save. */
	put_file(f->dir, "run.gpx", "AAAAAAAA", now, 0, p, sizeof(p), &k2);
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_HIT_REHASHED);
	assert_true(c.dirty);
	c.loaded_written_s = now + 10;	/* as if saved 10 s later */
	cache_lookup(&c, &k2, &pr);
	assert_int_equal(pr.verdict, CACHE_HIT);
	assert_false(pr.hashed);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);
}

static void test_transient_errors_not_cached(void **state)
{
	struct fixture *f = *state;
	struct cache c;
	struct cache_key k;
	struct cache_probe pr;
	struct cache_load_info info;
	struct rr_error ferr = RR_ERROR_INIT, err = RR_ERROR_INIT;
	char p[PATH_MAX];

	put_file(f->dir, "run.gpx", "AAAAAAAA", 1600000000, 0, p, sizeof(p), &k);
	cache_with(f, &c, &k);
	rr_error_set(&ferr, RR_EIO, 0, 0, "Permission denied");
	assert_int_equal(cache_put(&c, &k, 0, RR_FORMAT_UNKNOWN, &ferr, NULL, 0, &err), RR_OK);
	cache_lookup(&c, &k, &pr);
	assert_int_equal(pr.verdict, CACHE_MISS);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.state, CACHE_LOADED);
	assert_int_equal(info.nentries, 0);
	cache_release(&c);
}

static void test_prune_gone_files(void **state)
{
	struct fixture *f = *state;
	struct cache c;
	struct cache_key k1, k2;
	struct cache_load_info info;
	struct rr_error err = RR_ERROR_INIT;
	char p1[PATH_MAX], p2[PATH_MAX];

	put_file(f->dir, "a.gpx", "A", 1600000000, 0, p1, sizeof(p1), &k1);
	put_file(f->dir, "b.gpx", "B", 1600000000, 0, p2, sizeof(p2), &k2);
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_put(&c, &k1, 1, RR_FORMAT_GPX, NULL, NULL, 0, &err), RR_OK);
	assert_int_equal(cache_put(&c, &k2, 2, RR_FORMAT_GPX, NULL, NULL, 0, &err), RR_OK);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);

	/* Next run looks at nothing; a.gpx is deleted, b.gpx still exists. */
	assert_int_equal(unlink(p1), 0);
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.nentries, 2);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.nentries, 1);
	assert_string_equal(c.entries[0].path, p2);
	cache_release(&c);
}

/*
 * Zip members (key "ZIP:MEMBER", nested "ZIP:INNER.zip:MEMBER") that a run
 * did not look at are kept while their zip exists, dropped when it is gone.
 */
static void test_prune_zip_members(void **state)
{
	struct fixture *f = *state;
	struct cache c;
	struct cache_key kz, k1, k2;
	struct cache_load_info info;
	struct rr_error err = RR_ERROR_INIT;
	char pz[PATH_MAX], m1[PATH_MAX + 32], m2[PATH_MAX + 32];

	put_file(f->dir, "x.zip", "PK", 1600000000, 0, pz, sizeof(pz), &kz);
	snprintf(m1, sizeof(m1), "%s:activities/1.gpx", pz);
	snprintf(m2, sizeof(m2), "%s:part1.zip:2.fit", pz);
	k1 = kz;
	k1.path = m1;
	k1.hash_path = pz;
	k2 = k1;
	k2.path = m2;
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_put(&c, &k1, 1, RR_FORMAT_GPX, NULL, NULL, 0, &err), RR_OK);
	assert_int_equal(cache_put(&c, &k2, 1, RR_FORMAT_GPX, NULL, NULL, 0, &err), RR_OK);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);

	cache_init(&c, PRODUCER);	/* a run that looks at nothing: both kept */
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.nentries, 2);
	c.dirty = true;		/* make the next save look again */
	assert_int_equal(unlink(pz), 0);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.nentries, 0);
	cache_release(&c);
}

/* A relative key (an older runrisk's) that this run did not look up is dropped. */
static void test_prune_relative_keys(void **state)
{
	struct fixture *f = *state;
	struct cache c;
	struct cache_key k1, k2;
	struct cache_load_info info;
	struct rr_error err = RR_ERROR_INIT;
	char p1[PATH_MAX], p2[PATH_MAX], cwd[PATH_MAX];

	put_file(f->dir, "a.gpx", "A", 1600000000, 0, p1, sizeof(p1), &k1);
	put_file(f->dir, "b.gpx", "B", 1600000000, 0, p2, sizeof(p2), &k2);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);	/* "b.gpx" exists from here */
	k2.path = "b.gpx";
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_put(&c, &k1, 1, RR_FORMAT_GPX, NULL, NULL, 0, &err), RR_OK);
	assert_int_equal(cache_put(&c, &k2, 2, RR_FORMAT_GPX, NULL, NULL, 0, &err), RR_OK);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);	/* both seen: both kept */
	cache_release(&c);
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.nentries, 2);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);	/* neither seen */
	cache_release(&c);
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(info.nentries, 1);
	assert_string_equal(c.entries[0].path, p1);
	cache_release(&c);
}

/* The bytes of a good cache file with two entries. */
static unsigned char *good_cache(struct fixture *f, size_t *len)
{
	struct run_summary run;
	struct cache c;
	struct cache_key k1, k2;
	struct rr_error ferr = RR_ERROR_INIT, err = RR_ERROR_INIT;
	char p1[PATH_MAX], p2[PATH_MAX];
	unsigned char *buf;
	struct stat st;
	FILE *fp;

	put_file(f->dir, "a.gpx", "A", 1600000000, 0, p1, sizeof(p1), &k1);
	put_file(f->dir, "b.gpx", "B", 1600000000, 0, p2, sizeof(p2), &k2);
	make_summary(&run, 1.6e9, 8000);
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_put(&c, &k1, 1, RR_FORMAT_GPX, NULL, &run, 1, &err), RR_OK);
	rr_error_set(&ferr, RR_EGZIP, 0, 0, "unexpected end of file");
	assert_int_equal(cache_put(&c, &k2, 2, RR_FORMAT_UNKNOWN, &ferr, NULL, 0, &err), RR_OK);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);

	assert_int_equal(stat(f->cache, &st), 0);
	*len = (size_t)st.st_size;
	buf = malloc(*len);
	assert_non_null(buf);
	fp = fopen(f->cache, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(buf, 1, *len, fp), *len);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void write_bytes(const char *path, const unsigned char *buf, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	if (len)
		assert_int_equal(fwrite(buf, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static enum cache_load_state load_state(const char *path, const char *producer,
					size_t *n)
{
	struct cache c;
	struct cache_load_info info;
	struct rr_error err = RR_ERROR_INIT;

	cache_init(&c, producer);
	assert_int_equal(cache_load(&c, path, &info, &err), RR_OK);
	if (info.state != CACHE_LOADED) {
		assert_int_equal(c.nentries, 0);
		assert_true(c.dirty);
		assert_true(info.why[0] != '\0');
	}
	if (n)
		*n = info.nentries;
	cache_release(&c);
	return info.state;
}

static void test_corrupt_flip_every_byte(void **state)
{
	struct fixture *f = *state;
	size_t len, i, n;
	unsigned char *buf = good_cache(f, &len);

	assert_int_equal(load_state(f->cache, PRODUCER, &n), CACHE_LOADED);
	assert_int_equal(n, 2);
	for (i = 0; i < len; i++) {
		buf[i] ^= 0x10;
		write_bytes(f->cache, buf, len);
		if (load_state(f->cache, PRODUCER, NULL) != CACHE_REJECTED)
			fail_msg("flipped byte %zu of %zu was not detected", i, len);
		buf[i] ^= 0x10;
	}
	free(buf);
}

static void test_corrupt_truncated(void **state)
{
	struct fixture *f = *state;
	size_t len, i;
	unsigned char *buf = good_cache(f, &len);

	for (i = 0; i < len; i++) {
		write_bytes(f->cache, buf, i);
		if (load_state(f->cache, PRODUCER, NULL) != CACHE_REJECTED)
			fail_msg("cache cut to %zu of %zu bytes was trusted", i, len);
	}
	/* one byte too many */
	buf = realloc(buf, len + 1);
	assert_non_null(buf);
	buf[len] = 0;
	write_bytes(f->cache, buf, len + 1);
	assert_int_equal(load_state(f->cache, PRODUCER, NULL), CACHE_REJECTED);
	free(buf);
}

static void test_corrupt_foreign(void **state)
{
	struct fixture *f = *state;
	size_t len, i, n;
	unsigned char *buf = good_cache(f, &len), *noise;
	struct cache c;
	struct cache_load_info info;
	struct rr_error err = RR_ERROR_INIT;
	uint32_t version;

	/* another producer (program version) */
	write_bytes(f->cache, buf, len);
	assert_int_equal(load_state(f->cache, "runrisk 9.9", NULL), CACHE_REJECTED);

	/* another format version */
	memcpy(&version, buf + 8, 4);
	version++;
	memcpy(buf + 8, &version, 4);
	write_bytes(f->cache, buf, len);
	assert_int_equal(load_state(f->cache, PRODUCER, NULL), CACHE_REJECTED);

	/* wrong magic: another program's file */
	write_bytes(f->cache, (const unsigned char *)"SQLite format 3\0", 16);
	assert_int_equal(load_state(f->cache, PRODUCER, NULL), CACHE_REJECTED);

	/* random bytes of every size up to the real one */
	noise = malloc(len);
	assert_non_null(noise);
	srand(12345);
	for (i = 0; i < len; i += 97) {
		size_t j;

		for (j = 0; j < i; j++)
			noise[j] = (unsigned char)rand();
		if (i >= 8)
			memcpy(noise, "RRCACHE\x1a", 8);	/* even with our magic */
		write_bytes(f->cache, noise, i);
		assert_int_equal(load_state(f->cache, PRODUCER, NULL), CACHE_REJECTED);
	}
	free(noise);

	/* A rejected cache is rebuilt by the next save. */
	cache_init(&c, PRODUCER);
	assert_int_equal(cache_load(&c, f->cache, &info, &err), RR_OK);
	assert_int_equal(info.state, CACHE_REJECTED);
	assert_int_equal(cache_save(&c, f->cache, &err), RR_OK);
	cache_release(&c);
	assert_int_equal(load_state(f->cache, PRODUCER, &n), CACHE_LOADED);
	assert_int_equal(n, 0);
	free(buf);
}

static void test_atomic_write_failures(void **state)
{
	struct fixture *f = *state;
	struct rr_error err = RR_ERROR_INIT;
	char p[PATH_MAX], cmd[PATH_MAX + 64];

	fmt(p, sizeof(p), "%s/no/such/dir/file", f->dir);
	assert_int_equal(rr_outfile_write(p, "x", 1, &err), RR_EIO);
	assert_int_equal(err.errno_, ENOENT);

	/* the target is a folder: rename fails, nothing is left behind */
	rr_error_clear(&err);
	fmt(p, sizeof(p), "%s/target", f->dir);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(rr_outfile_write(p, "x", 1, &err), RR_EIO);
	fmt(cmd, sizeof(cmd), "test \"$(ls -A '%s')\" = target", f->dir);
	assert_int_equal(system(cmd), 0);

	/* success replaces the content */
	fmt(p, sizeof(p), "%s/out.txt", f->dir);
	assert_int_equal(rr_outfile_write(p, "old", 3, &err), RR_OK);
	assert_int_equal(rr_outfile_write(p, "new!", 4, &err), RR_OK);
	{
		char got[8] = { 0 };
		FILE *fp = fopen(p, "r");

		assert_non_null(fp);
		assert_int_equal(fread(got, 1, sizeof(got) - 1, fp), 4);
		assert_int_equal(fclose(fp), 0);
		assert_string_equal(got, "new!");
	}
}

/* -------------------------------------------------------------- alerts */

/* Known bad files: new once, known after a save and load, new again when changed, forgotten when gone. */
static void test_alerts_bad_files(void **state)
{
	struct fixture *f = *state;
	struct alert_set s;
	struct rr_error err = RR_ERROR_INIT;
	char path[PATH_MAX];
	const char *odd = "/x/two\nlines\t%.gpx";
	bool rejected;

	fmt(path, sizeof(path), "%s/%s", f->dir, RR_ALERTS_NAME);
	alert_set_init(&s);
	assert_int_equal(alert_set_add(&s, "ana", 19876, "acwr", FLAG_ALERT), 1);
	assert_int_equal(alert_set_add_bad(&s, "/x/a.gpx", 100, 1700000000, 5), 1);
	assert_int_equal(alert_set_add_bad(&s, "/x/a.gpx", 100, 1700000000, 5), 0);
	assert_int_equal(alert_set_add_bad(&s, odd, 7, 1, 0), 1);
	assert_int_equal(alert_set_save(&s, path, &err), RR_OK);
	alert_set_release(&s);

	alert_set_init(&s);
	assert_int_equal(alert_set_load(&s, path, &rejected, &err), RR_OK);
	assert_false(rejected);
	assert_int_equal(s.n, 3);
	assert_int_equal(alert_set_add_bad(&s, "/x/a.gpx", 100, 1700000000, 5), 0);	/* known */
	assert_int_equal(alert_set_add_bad(&s, "/x/a.gpx", 101, 1700000000, 5), 1);	/* changed */
	assert_int_equal(alert_set_add_bad(&s, "/x/a.gpx", 101, 1700000000, 6), 1);	/* mtime too */
	/* odd was not met by this run: forgotten; the alert and the three met stay */
	alert_set_forget_unseen_bad(&s);
	assert_int_equal(s.n, 4);
	alert_set_prune_before(&s, 30000);	/* pruning by day never drops a bad file */
	assert_int_equal(s.n, 3);
	assert_int_equal(alert_set_add_bad(&s, odd, 7, 1, 0), 1);
	assert_int_equal(alert_set_save(&s, path, &err), RR_OK);
	alert_set_release(&s);

	alert_set_init(&s);
	assert_int_equal(alert_set_load(&s, path, &rejected, &err), RR_OK);
	assert_int_equal(s.n, 4);
	assert_int_equal(alert_set_add_bad(&s, odd, 7, 1, 0), 0);	/* escaped, read back */
	alert_set_release(&s);
}


static void test_alerts(void **state)
{
	struct fixture *f = *state;
	struct alert_set s;
	struct rr_error err = RR_ERROR_INIT;
	char path[PATH_MAX];
	const char *odd = "Ana\tB\n%\xff";	/* tab, newline, percent, not UTF-8 */
	int32_t day = 19876;
	bool rejected;

	fmt(path, sizeof(path), "%s/%s", f->dir, RR_ALERTS_NAME);
	alert_set_init(&s);
	assert_int_equal(alert_set_load(&s, path, &rejected, &err), RR_OK);
	assert_false(rejected);
	assert_false(alert_set_contains(&s, "ana", day, "acwr", FLAG_ALERT));
	assert_int_equal(alert_set_add(&s, "ana", day, "acwr", FLAG_ALERT), 1);
	assert_int_equal(alert_set_add(&s, "ana", day, "acwr", FLAG_ALERT), 0);
	assert_int_equal(alert_set_add(&s, "ana", day, "acwr", FLAG_WARN), 1);	/* level counts */
	assert_int_equal(alert_set_add(&s, "ana", day + 1, "acwr", FLAG_ALERT), 1);
	assert_int_equal(alert_set_add(&s, "ben", day, "acwr", FLAG_ALERT), 1);
	assert_int_equal(alert_set_add(&s, odd, day - 400, "shoe", FLAG_ALERT), 1);
	assert_int_equal(alert_set_save(&s, path, &err), RR_OK);
	alert_set_release(&s);

	alert_set_init(&s);
	assert_int_equal(alert_set_load(&s, path, &rejected, &err), RR_OK);
	assert_false(rejected);
	assert_int_equal(s.n, 5);
	assert_true(alert_set_contains(&s, "ana", day, "acwr", FLAG_ALERT));
	assert_true(alert_set_contains(&s, "ana", day, "acwr", FLAG_WARN));
	assert_false(alert_set_contains(&s, "ana", day, "acwr", FLAG_NOTE));
	assert_false(alert_set_contains(&s, "ana", day, "weekly_jump", FLAG_ALERT));
	assert_true(alert_set_contains(&s, odd, day - 400, "shoe", FLAG_ALERT));
	assert_false(alert_set_contains(&s, "Ana", day - 400, "shoe", FLAG_ALERT));
	alert_set_prune_before(&s, day - 30);
	assert_int_equal(s.n, 4);
	assert_false(alert_set_contains(&s, odd, day - 400, "shoe", FLAG_ALERT));
	assert_true(alert_set_contains(&s, "ben", day, "acwr", FLAG_ALERT));
	assert_int_equal(alert_set_save(&s, path, &err), RR_OK);
	alert_set_release(&s);

	/* a malformed line and a line cut short are dropped, the rest kept */
	{
		FILE *fp = fopen(path, "a");

		assert_non_null(fp);
		assert_true(fputs("garbage line\n2024-01-01\t3\tacwr\tcut", fp) >= 0);
		assert_int_equal(fclose(fp), 0);
	}
	alert_set_init(&s);
	assert_int_equal(alert_set_load(&s, path, &rejected, &err), RR_OK);
	assert_false(rejected);
	assert_int_equal(s.n, 4);
	alert_set_release(&s);

	/* a foreign file is ignored */
	write_bytes(path, (const unsigned char *)"hello\n", 6);
	alert_set_init(&s);
	assert_int_equal(alert_set_load(&s, path, &rejected, &err), RR_OK);
	assert_true(rejected);
	assert_int_equal(s.n, 0);
	alert_set_release(&s);
}

static void test_alerts_many(void **state)
{
	struct fixture *f = *state;
	struct alert_set s;
	struct rr_error err = RR_ERROR_INIT;
	char path[PATH_MAX], name[32];
	int i;

	fmt(path, sizeof(path), "%s/alerts", f->dir);
	alert_set_init(&s);
	for (i = 0; i < 5000; i++) {
		fmt(name, sizeof(name), "athlete%d", i % 50);
		assert_int_equal(alert_set_add(&s, name, 19000 + i / 50, "acwr", FLAG_ALERT), 1);
	}
	assert_int_equal(alert_set_save(&s, path, &err), RR_OK);
	alert_set_release(&s);
	alert_set_init(&s);
	assert_int_equal(alert_set_load(&s, path, NULL, &err), RR_OK);
	assert_int_equal(s.n, 5000);
	for (i = 0; i < 5000; i += 7) {
		fmt(name, sizeof(name), "athlete%d", i % 50);
		assert_true(alert_set_contains(&s, name, 19000 + i / 50, "acwr", FLAG_ALERT));
	}
	assert_false(s.dirty);
	alert_set_release(&s);
}

/* ---------------------------------------------------------------- lock */

/* In a child: try the lock; exit 0 got it, 10 busy, 11 other error. */
static void child_try(const char *dir, double wait_s, int hold_fd)
{
	struct outdir_lock l;
	struct rr_error err = RR_ERROR_INIT;
	char c = 'x';

	outdir_lock_init(&l);
	if (outdir_lock_acquire(&l, dir, wait_s, &err) != RR_OK)
		_exit(err.errno_ == EWOULDBLOCK ? 10 : 11);
	if (hold_fd >= 0) {
		/* tell the parent, then hold until killed */
		if (write(hold_fd, &c, 1) != 1)
			_exit(12);
		for (;;)
			pause();
	}
	outdir_lock_release(&l);
	_exit(0);
}

static int wait_child(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_lock_exclusive(void **state)
{
	struct fixture *f = *state;
	struct outdir_lock l;
	struct rr_error err = RR_ERROR_INIT;
	pid_t pid;
	double t0;

	outdir_lock_init(&l);
	assert_int_equal(outdir_lock_acquire(&l, f->dir, 0, &err), RR_OK);

	/* a second process fails at once without waiting */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		child_try(f->dir, 0, -1);
	assert_int_equal(wait_child(pid), 10);

	/* with a short wait it fails after about that long */
	t0 = mono_s();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		child_try(f->dir, 0.4, -1);
	assert_int_equal(wait_child(pid), 10);
	assert_true(mono_s() - t0 >= 0.35);

	/* a waiting process gets it once we release */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		child_try(f->dir, 10, -1);
	usleep(300000);
	outdir_lock_release(&l);
	assert_int_equal(wait_child(pid), 0);

	/* and we can take it again */
	assert_int_equal(outdir_lock_acquire(&l, f->dir, 0, &err), RR_OK);
	outdir_lock_release(&l);
	outdir_lock_release(&l);	/* harmless twice */
}

static void test_lock_message_and_crash(void **state)
{
	struct fixture *f = *state;
	struct outdir_lock l;
	struct rr_error err = RR_ERROR_INIT;
	char pidtext[32], c;
	int pfd[2];
	pid_t pid;

	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		child_try(f->dir, 0, pfd[1]);
	}
	close(pfd[1]);
	assert_int_equal(read(pfd[0], &c, 1), 1);	/* child holds the lock */
	close(pfd[0]);

	outdir_lock_init(&l);
	assert_int_equal(outdir_lock_acquire(&l, f->dir, 0.2, &err), RR_EIO);
	assert_int_equal(err.errno_, EWOULDBLOCK);
	fmt(pidtext, sizeof(pidtext), "pid %ld", (long)pid);
	assert_non_null(strstr(err.msg, pidtext));
	assert_non_null(strstr(err.msg, f->dir));

	/* the holder dies without releasing: the kernel frees the lock */
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	rr_error_clear(&err);
	assert_int_equal(outdir_lock_acquire(&l, f->dir, 0, &err), RR_OK);
	outdir_lock_release(&l);
}

static void test_lock_missing_dir(void **state)
{
	struct fixture *f = *state;
	struct outdir_lock l;
	struct rr_error err = RR_ERROR_INIT;
	char p[PATH_MAX];

	fmt(p, sizeof(p), "%s/absent", f->dir);
	outdir_lock_init(&l);
	assert_int_equal(outdir_lock_acquire(&l, p, 0, &err), RR_EIO);
	assert_int_equal(err.errno_, ENOENT);
	assert_int_equal(l.fd, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_hash_streaming),
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalidation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stat_hit_does_not_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_racy_entry_is_verified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transient_errors_not_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_gone_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_zip_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_relative_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_flip_every_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_foreign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_write_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alerts_bad_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alerts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alerts_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_exclusive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_message_and_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_missing_dir, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
