/* fuzz_sink.h - shared by the parser fuzz targets: a sink that runs the metrics. */
#ifndef RR_FUZZ_SINK_H
#define RR_FUZZ_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/collect.h"
#include "parsers/parse.h"

typedef enum rr_status (*fuzz_parser)(struct rr_input *, const struct rr_limits *,
				      const struct rr_sink *, struct rr_error *);

/*
 * Parse data with small caps, as a whole and in small pieces (text split
 * anywhere): 7 bytes for inputs up to 64 KiB, 4093 beyond.  An XML parser
 * re-scans an unfinished token on every piece, so a long token fed 7 bytes
 * at a time costs time quadratic in its length: a harness artefact (the
 * parsers read 64 KiB blocks), which only made libFuzzer report timeouts.
 */
static void fuzz_parse(const uint8_t *data, size_t size, fuzz_parser parse)
{
	const size_t chunks[] = { 0, size <= 65536 ? 7 : 4093 };
	struct rr_limits lim;
	size_t i;

	rr_limits_default(&lim);
	lim.max_bytes = 16u << 20;
	lim.max_points = 100000;
	lim.max_activities = 64;
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		struct run_params p;
		struct summary_collect c;
		struct rr_sink sink;
		struct rr_input *in;
		struct rr_error err = RR_ERROR_INIT;

		run_params_init(&p);
		p.hr_rest_bpm = 50;
		p.hr_max_bpm = 190;
		if (summary_collect_init(&c, &p, true) ||
		    rr_input_open_mem(&in, data, size, lim.max_bytes, &err) != RR_OK) {
			summary_collect_release(&c);
			return;
		}
		summary_collect_sink(&c, &sink);
		if (chunks[i])
			rr_input_set_chunk(in, chunks[i]);
		(void)parse(in, &lim, &sink, &err);
		rr_input_close(in);
		summary_collect_release(&c);
	}
}

#endif
