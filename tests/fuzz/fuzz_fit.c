/*
 * libFuzzer target: the FIT decoder behind the input layer, whole buffer and
 * in small pieces with the metrics behind it (fuzz_sink.h), then once more
 * into a sink that checks the activity contract and aborts when it breaks:
 * begin/point/end in order; coordinates both known or both NAN, and within
 * +-180 degrees; times NAN or after the FIT epoch; segments never going
 * back; every meta string NUL-terminated and free of control bytes; a
 * parse or format error always located at line 1 within the bytes read
 * (+1 past their end); every error with a message.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/fit.h"
#include "tests/fuzz/fuzz_sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
	bool open;
	unsigned segment;
};

static void text_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == cap)
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			abort();
}

static void meta_ok(const struct rr_meta *m)
{
	if (m->format != RR_FORMAT_FIT)
		abort();
	text_ok(m->sport, sizeof(m->sport));
	text_ok(m->sub_sport, sizeof(m->sub_sport));
	text_ok(m->name, sizeof(m->name));
	text_ok(m->creator, sizeof(m->creator));
	if (m->tz_known && (m->tz_offset_s < -15 * 3600 || m->tz_offset_s > 15 * 3600))
		abort();
}

static int on_begin(void *ctx, const struct rr_meta *m)
{
	struct check *c = ctx;

	if (c->open)
		abort();
	c->open = true;
	c->segment = 0;
	meta_ok(m);
	return 0;
}

static int on_point(void *ctx, const struct rr_point *p)
{
	struct check *c = ctx;

	if (!c->open || p->segment < c->segment)
		abort();
	c->segment = p->segment;
	if (isnan(p->lat_deg) != isnan(p->lon_deg))
		abort();
	if (!isnan(p->lat_deg) && (fabs(p->lat_deg) > 180 || fabs(p->lon_deg) > 180))
		abort();
	if (!isnan(p->t_s) && p->t_s < FIT_EPOCH_UNIX)
		abort();
	return 0;
}

static int on_end(void *ctx, const struct rr_meta *m)
{
	struct check *c = ctx;

	if (!c->open)
		abort();
	c->open = false;
	meta_ok(m);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check c = { false, 0 };
	struct rr_sink sink = { &c, on_begin, on_point, on_end };
	struct rr_error err = RR_ERROR_INIT;
	struct rr_input *in;
	enum rr_status st;
	unsigned long long out;

	fuzz_parse(data, size, fit_parse);
	if (rr_input_open_mem(&in, data, size, 16u << 20, &err) != RR_OK)
		return 0;
	rr_input_set_chunk(in, 3);
	st = fit_parse(in, NULL, &sink, &err);
	out = rr_input_bytes_out(in);	/* a gzip input's offsets are past the inflation */
	rr_input_close(in);
	if (st == RR_OK && c.open)
		abort();
	/* the decoder's own errors (the input layer's have no location) */
	if ((st == RR_EPARSE || st == RR_EFORMAT) &&
	    (err.line != 1 || err.col < 1 || err.col > out + 1))
		abort();
	if (st != RR_OK && err.msg[0] == '\0')
		abort();
	return 0;
}
