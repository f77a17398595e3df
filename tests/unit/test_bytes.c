/*
 * test_bytes.c - the cache's plumbing on its own: the string index
 * (core/strindex.h), the byte buffers (core/bytebuf.h) and the stored form
 * of a run summary (cmd/summary_codec.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/helpers.h"

#include "cmd/summary_codec.h"
#include "core/bytebuf.h"
#include "core/strindex.h"

#define NKEYS 200

struct keyset {
	char k[NKEYS][16];
};

static const char *key_at(const void *owner, size_t i)
{
	const struct keyset *ks = owner;

	return ks->k[i];
}

static void index_finds_every_key(void **state)
{
	static struct keyset ks;
	bool skip[NKEYS] = { false };
	size_t *slots = NULL, nslots = 0, i;

	assert_int_equal(index_find(slots, nslots, &ks, key_at, "k0"), SIZE_MAX);	/* empty */
	for (i = 0; i < NKEYS; i++)
		fmt(ks.k[i], sizeof(ks.k[i]), "k%zu", i);
	skip[7] = true;
	assert_int_equal(index_rebuild(&slots, &nslots, NKEYS, &ks, key_at, skip), 0);
	/* 64 slots at least, a power of two, at most half full: 200 keys -> 512. */
	assert_int_equal(nslots, 512);
	for (i = 0; i < NKEYS; i++)
		assert_int_equal(index_find(slots, nslots, &ks, key_at, ks.k[i]),
				 i == 7 ? SIZE_MAX : i);
	assert_int_equal(index_find(slots, nslots, &ks, key_at, "k200"), SIZE_MAX);
	index_put(slots, nslots, ks.k[7], 7);
	assert_int_equal(index_find(slots, nslots, &ks, key_at, "k7"), 7);
	free(slots);
	(void)state;
}

static void buffers_round_trip(void **state)
{
	struct wbuf w = { NULL, 0, 0, false };
	struct rbuf r;

	wbuf_u32(&w, 0xdeadbeefu);
	wbuf_u64(&w, 0x0102030405060708ull);
	wbuf_i64(&w, -42);
	wbuf_add(&w, "xy", 2);
	assert_false(w.oom);
	assert_int_equal(w.len, 4 + 8 + 8 + 2);
	r.p = w.p;
	r.len = w.len;
	r.off = 0;
	r.bad = false;
	assert_int_equal(rbuf_u32(&r), 0xdeadbeefu);
	assert_int_equal(rbuf_u64(&r), 0x0102030405060708ull);
	assert_int_equal(rbuf_i64(&r), -42);
	assert_memory_equal(rbuf_take(&r, 2), "xy", 2);
	assert_false(r.bad);
	/* Past the end: 0 and bad, and bad stays. */
	assert_int_equal(rbuf_u32(&r), 0);
	assert_true(r.bad);
	r.off = 0;
	assert_null(rbuf_take(&r, 1));
	free(w.p);
	(void)state;
}

static void summary_codec_checks_bytes(void **state)
{
	struct run_summary s, back;
	struct wbuf w = { NULL, 0, 0, false };

	memset(&s, 0, sizeof(s));
	s.format = RR_FORMAT_TCX;
	s.running = true;
	s.distance_m = 1234.5;
	memset(s.name, 'n', sizeof(s.name));	/* not terminated: decode terminates it */
	summary_encode(&w, &s, 1);
	assert_int_equal(w.len, sizeof(s));
	assert_true(summary_decode(&back, w.p));
	assert_true(back.distance_m == 1234.5);
	assert_int_equal(back.format, RR_FORMAT_TCX);
	assert_int_equal(strlen(back.name), sizeof(back.name) - 1);
	/* A bool that is neither 0 nor 1, a format out of range: corrupt. */
	w.p[offsetof(struct run_summary, running)] = 2;
	assert_false(summary_decode(&back, w.p));
	s.format = (enum rr_format)(RR_FORMAT_FIT + 1);
	memcpy(w.p, &s, sizeof(s));
	assert_false(summary_decode(&back, w.p));
	assert_true(summary_format_ok(RR_FORMAT_FIT));
	assert_false(summary_format_ok(RR_FORMAT_FIT + 1));
	/* The fingerprint depends on the seed (the cache passes its own). */
	assert_true(summary_layout(1) != summary_layout(2));
	assert_true(summary_layout(1) == summary_layout(1));
	free(w.p);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(index_finds_every_key),
		cmocka_unit_test(buffers_round_trip),
		cmocka_unit_test(summary_codec_checks_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
