/*
 * helpers.h - what several unit tests share: a checked snprintf, a run
 * builder and gzip compression.  tests/unit/helpers.c is linked into every unit test (Makefile).
 * Include after <cmocka.h>: the helpers fail the calling test.
 */
#ifndef RR_TEST_HELPERS_H
#define RR_TEST_HELPERS_H

#include <stddef.h>

#include "analysis/run_entry.h"

/* snprintf that fails the test instead of truncating. */
void fmt(char *buf, size_t size, const char *f, ...) __attribute__((format(printf, 3, 4)));

/*
 * A running activity of km starting at start_t_s (UTC, no zone carried):
 * 5:30 per km, 5 m of climbing per km, no fast time, calf load = km, no
 * shoe.  file and name are "" (the caller names them).
 */
void test_run_entry(struct run_entry *e, double start_t_s, double km);

/* src[0..len) as one gzip member (zlib level 6), malloc'd; *out_len its size. */
unsigned char *test_gzip(const void *src, size_t len, size_t *out_len);

#endif
