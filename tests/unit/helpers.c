#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "tests/unit/helpers.h"

void fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, size, f, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < size);
}

void test_run_entry(struct run_entry *e, double start_t_s, double km)
{
	memset(e, 0, sizeof(*e));
	e->s.running = true;
	e->s.start_t_s = start_t_s;
	e->s.distance_m = km * 1000.0;
	e->s.moving_s = km * 330.0;	/* 5:30 per km */
	e->s.elapsed_s = e->s.moving_s;
	e->s.ascent_m = 5.0 * km;
	e->s.fast_s = NAN;
	e->s.calf_load = km;
	e->local_day = 0;
	e->shoe = -1;
}

unsigned char *test_gzip(const void *src, size_t len, size_t *out_len)
{
	z_stream z;
	size_t cap = len + len / 100 + 128;
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)src;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}
