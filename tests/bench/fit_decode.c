/*
 * fit_decode.c - the FIT decoder's own speed: each file is read into memory
 * (through the input layer, so .fit.gz works too), then decoded REPEAT
 * times from memory into a sink that only counts, and into the metrics
 * accumulator (parse + metrics, the `runs` map step without disk and CSV).
 *
 * usage: fit_decode [-r REPEAT] FILE...
 * Output: "key=value" lines: bytes= records= decode_s= decode_mb_s=
 * decode_records_s= metrics_s= (best round, CPU time of this process).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/collect.h"
#include "parsers/fit.h"
#include "parsers/input.h"
#include "parsers/parse.h"

struct doc {
	unsigned char *bytes;
	size_t len;
};

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count_point(void *ctx, const struct rr_point *p)
{
	(void)p;
	++*(unsigned long long *)ctx;
	return 0;
}

static int load(const char *path, struct doc *d)
{
	struct rr_error err = RR_ERROR_INIT;
	struct rr_input *in;
	size_t cap = 1 << 20, got;

	if (rr_input_open(&in, path, 0, &err) != RR_OK)
		return -1;
	d->bytes = malloc(cap);
	d->len = 0;
	for (;;) {
		if (!d->bytes)
			return -1;
		if (rr_input_read(in, d->bytes + d->len, cap - d->len, &got, &err) != RR_OK)
			return -1;
		if (got == 0)
			break;
		d->len += got;
		if (d->len == cap)
			d->bytes = realloc(d->bytes, cap *= 2);
	}
	rr_input_close(in);
	return 0;
}

/* One pass over every document; returns 0 or -1 when one did not decode. */
static int pass(struct doc *docs, int n, int metrics, unsigned long long *records)
{
	for (int i = 0; i < n; i++) {
		struct rr_error err = RR_ERROR_INIT;
		struct rr_input *in;
		struct rr_sink sink = { records, NULL, count_point, NULL };
		struct summary_collect c;
		enum rr_status st;

		if (rr_input_open_mem(&in, docs[i].bytes, docs[i].len, 0, &err) != RR_OK)
			return -1;
		if (metrics) {
			if (summary_collect_init(&c, NULL, false))
				return -1;
			summary_collect_sink(&c, &sink);
		}
		st = fit_parse(in, NULL, &sink, &err);
		rr_input_close(in);
		if (metrics)
			summary_collect_release(&c);
		if (st != RR_OK) {
			fprintf(stderr, "fit_decode: document %d: %s\n", i, err.msg);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int repeat = 5, first = 1, n;
	struct doc *docs;
	size_t bytes = 0;
	unsigned long long records = 0;
	double best[2] = { 1e30, 1e30 };

	if (argc > 2 && !strcmp(argv[1], "-r")) {
		repeat = atoi(argv[2]);
		first = 3;
	}
	n = argc - first;
	if (n <= 0 || repeat <= 0) {
		fputs("usage: fit_decode [-r REPEAT] FILE...\n", stderr);
		return 2;
	}
	docs = calloc((size_t)n, sizeof(*docs));
	if (!docs)
		return 1;
	for (int i = 0; i < n; i++) {
		if (load(argv[first + i], &docs[i]) != 0) {
			fprintf(stderr, "fit_decode: cannot read %s\n", argv[first + i]);
			return 1;
		}
		bytes += docs[i].len;
	}
	for (int r = 0; r < repeat; r++)
		for (int m = 0; m < 2; m++) {
			unsigned long long k = 0;
			double t = cpu_s();

			if (pass(docs, n, m, &k) != 0)
				return 1;
			t = cpu_s() - t;
			if (t < best[m])
				best[m] = t;
			if (m == 0)
				records = k;
		}
	if (best[0] <= 0)
		best[0] = 1e-9;
	printf("bytes=%zu\nrecords=%llu\ndecode_s=%.6f\ndecode_mb_s=%.1f\ndecode_records_s=%.0f\n"
	       "metrics_s=%.6f\n", bytes, records, best[0], (double)bytes / 1e6 / best[0],
	       (double)records / best[0], best[1]);
	for (int i = 0; i < n; i++)
		free(docs[i].bytes);
	free(docs);
	return 0;
}
