#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

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
