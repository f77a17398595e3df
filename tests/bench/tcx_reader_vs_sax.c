/*
 * tcx_reader_vs_sax.c - measure libxml2's SAX2 push parser against its
 * xmlTextReader on the same TCX bytes, both fed by the one input layer.
 *
 *   tcx_reader_vs_sax [-n RUNS] [FILE...]
 *
 * Four ways through each file, RUNS times each (the file is read into
 * memory once, so the disk is not measured):
 *   sax2 tcx_parse   the real parser (parsers/tcx.c) into a counting sink
 *   reader extract   xmlTextReader doing the same per-point work: match
 *                    local names, parse Time/lat/lon/alt/dist/HR/cadence/
 *                    speed/watts with the same number and time parsers
 *   sax2 bare        push parser, handlers that only count elements
 *   reader bare      xmlTextReaderRead() loop, nothing else
 * Prints the best and median wall time per method and the reader/SAX2
 * ratio.  A benchmark: it never fails on time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "core/activity.h"
#include "core/num.h"
#include "core/timeutil.h"
#include "parsers/input.h"
#include "parsers/parse.h"

#define DEFAULT_FILE "../shared/corpus/gpsbabel/reference/track/gtrnctr_power.tcx"
#define READ_BUF (64 * 1024)
#define MAX_RUNS 200

/* What both extractors produce, to show they did the same work. */
struct tally {
	unsigned long long points;
	double sum;		/* of every value read, NAN skipped */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void tally_point(struct tally *t, const struct rr_point *p)
{
	const double v[] = { p->t_s, p->lat_deg, p->lon_deg, p->ele_m, p->dist_m,
			     p->hr_bpm, p->cad_rpm, p->speed_mps, p->power_w };
	size_t i;

	t->points++;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (!isnan(v[i]))
			t->sum += v[i];
}

/* ---- 1: the real SAX2 parser ---- */

static int count_point(void *ctx, const struct rr_point *p)
{
	tally_point(ctx, p);
	return 0;
}

static int run_tcx_parse(const unsigned char *buf, size_t len, struct tally *t)
{
	struct rr_sink sink = { t, NULL, count_point, NULL };
	struct rr_error err = RR_ERROR_INIT;
	struct rr_limits lim;
	struct rr_input *in;
	enum rr_status st;

	rr_limits_default(&lim);
	if (rr_input_open_mem(&in, buf, len, 0, &err) != RR_OK)
		return -1;
	st = tcx_parse(in, &lim, &sink, &err);
	rr_input_close(in);
	if (st != RR_OK)
		fprintf(stderr, "tcx_parse: %s at %lu:%lu\n", err.msg, err.line, err.col);
	return st == RR_OK ? 0 : -1;
}

/* ---- 2 and 4: xmlTextReader over the input layer ---- */

static int reader_read(void *ctx, char *buf, int len)
{
	size_t got;

	if (rr_input_read(ctx, buf, (size_t)len, &got, NULL) != RR_OK)
		return -1;
	return (int)got;
}

static int reader_close(void *ctx)
{
	return 0;
}

enum rtag { R_OTHER, R_TRACKPOINT, R_TIME, R_LAT, R_LON, R_ALT, R_DIST, R_HR_VALUE,
	    R_HR, R_CAD, R_SPEED, R_WATTS, R_RUNCAD };

static enum rtag rtag_of(const char *n)
{
	static const struct {
		const char *name;
		enum rtag tag;
	} names[] = {
		{ "Trackpoint", R_TRACKPOINT }, { "Time", R_TIME },
		{ "LatitudeDegrees", R_LAT }, { "LongitudeDegrees", R_LON },
		{ "AltitudeMeters", R_ALT }, { "DistanceMeters", R_DIST },
		{ "Value", R_HR_VALUE }, { "HeartRateBpm", R_HR }, { "Cadence", R_CAD },
		{ "Speed", R_SPEED }, { "Watts", R_WATTS }, { "RunCadence", R_RUNCAD },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(n, names[i].name) == 0)
			return names[i].tag;
	return R_OTHER;
}

static void reader_text(struct rr_point *pt, double *run_cad, enum rtag tag,
			enum rtag parent, const char *s)
{
	size_t n = strlen(s);
	double v;

	if (tag == R_TIME) {
		if (rr_parse_iso8601(s, n, &v, NULL, NULL) == 0)
			pt->t_s = v;
		return;
	}
	if (rr_parse_double(s, n, &v) != 0)
		return;
	switch (tag) {
	case R_LAT:	pt->lat_deg = v; break;
	case R_LON:	pt->lon_deg = v; break;
	case R_ALT:	pt->ele_m = v; break;
	case R_DIST:	pt->dist_m = v; break;
	case R_HR_VALUE: if (parent == R_HR) pt->hr_bpm = v; break;
	case R_CAD:	pt->cad_rpm = v; break;
	case R_SPEED:	pt->speed_mps = v; break;
	case R_WATTS:	pt->power_w = v; break;
	case R_RUNCAD:	*run_cad = v; break;
	default:	break;
	}
}

static int run_reader(const unsigned char *buf, size_t len, struct tally *t, int extract)
{
	struct rr_error err = RR_ERROR_INIT;
	struct rr_input *in;
	xmlTextReaderPtr r;
	enum rtag stack[64];
	struct rr_point pt;
	double run_cad = NAN;
	int in_pt = 0, rc;

	if (rr_input_open_mem(&in, buf, len, 0, &err) != RR_OK)
		return -1;
	r = xmlReaderForIO(reader_read, reader_close, in, NULL, NULL, XML_PARSE_NONET);
	if (!r) {
		rr_input_close(in);
		return -1;
	}
	rr_point_init(&pt);
	while ((rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r), d;

		if (!extract) {
			t->points += type == XML_READER_TYPE_ELEMENT;
			continue;
		}
		d = xmlTextReaderDepth(r);
		if (d < 0 || d >= 64)
			continue;
		if (type == XML_READER_TYPE_ELEMENT) {
			const char *name = (const char *)xmlTextReaderConstLocalName(r);

			stack[d] = rtag_of(name);
			if (stack[d] == R_TRACKPOINT) {
				rr_point_init(&pt);
				run_cad = NAN;
				in_pt = 1;
				if (xmlTextReaderIsEmptyElement(r)) {
					tally_point(t, &pt);
					in_pt = 0;
				}
			}
		} else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) &&
			   in_pt && d >= 2) {
			const char *v = (const char *)xmlTextReaderConstValue(r);

			if (v)
				reader_text(&pt, &run_cad, stack[d - 1], stack[d - 2], v);
		} else if (type == XML_READER_TYPE_END_ELEMENT && stack[d] == R_TRACKPOINT) {
			if (isnan(pt.cad_rpm))
				pt.cad_rpm = run_cad;
			tally_point(t, &pt);
			in_pt = 0;
		}
	}
	xmlFreeTextReader(r);
	rr_input_close(in);
	return rc == 0 ? 0 : -1;
}

/* ---- 3: bare SAX2 push ---- */

static void bare_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		       const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		       int nb_attributes, int nb_defaulted, const xmlChar **attrs)
{
	((struct tally *)ctx)->points++;
}

static void bare_text(void *ctx, const xmlChar *ch, int len)
{
}

static int run_bare_sax(const unsigned char *buf, size_t len, struct tally *t)
{
	static unsigned char chunk[READ_BUF];
	struct rr_error err = RR_ERROR_INIT;
	struct rr_input *in;
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt;
	size_t got;
	int rc = 0;

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = bare_start;
	sax.characters = bare_text;
	if (rr_input_open_mem(&in, buf, len, 0, &err) != RR_OK)
		return -1;
	ctxt = xmlCreatePushParserCtxt(&sax, t, NULL, 0, NULL);
	if (!ctxt) {
		rr_input_close(in);
		return -1;
	}
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
	do {
		if (rr_input_read(in, chunk, sizeof(chunk), &got, &err) != RR_OK) {
			rc = -1;
			break;
		}
		if (xmlParseChunk(ctxt, (const char *)chunk, (int)got, got == 0) != 0) {
			rc = -1;
			break;
		}
	} while (got > 0);
	xmlFreeParserCtxt(ctxt);
	rr_input_close(in);
	return rc;
}

/* ---- driver ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

enum method { M_TCX, M_READER, M_BARE_SAX, M_BARE_READER, M_COUNT };

static const char *method_name[M_COUNT] = {
	"sax2 tcx_parse", "reader extract", "sax2 bare", "reader bare"
};

static int run_method(enum method m, const unsigned char *buf, size_t len, struct tally *t)
{
	switch (m) {
	case M_TCX:		return run_tcx_parse(buf, len, t);
	case M_READER:		return run_reader(buf, len, t, 1);
	case M_BARE_SAX:	return run_bare_sax(buf, len, t);
	case M_BARE_READER:	return run_reader(buf, len, t, 0);
	case M_COUNT:		break;
	}
	return -1;
}

static int bench_file(const char *path, int runs)
{
	double times[M_COUNT][MAX_RUNS], best[M_COUNT], median[M_COUNT];
	struct tally tl[M_COUNT];
	unsigned char *buf;
	size_t len = 0;
	int m, i;

	buf = slurp(path, &len);
	if (!buf) {
		printf("skip: cannot read %s\n", path);
		return 0;
	}
	/* Interleave methods so that drift (heat, other load) hits all alike. */
	for (i = 0; i < runs; i++) {
		for (m = 0; m < M_COUNT; m++) {
			double t0;

			memset(&tl[m], 0, sizeof(tl[m]));
			t0 = now_s();
			if (run_method((enum method)m, buf, len, &tl[m]) != 0) {
				printf("%s: %s failed\n", path, method_name[m]);
				free(buf);
				return -1;
			}
			times[m][i] = now_s() - t0;
		}
	}
	printf("%s: %zu bytes, %llu points, %d runs\n", path, len, tl[M_TCX].points, runs);
	for (m = 0; m < M_COUNT; m++) {
		qsort(times[m], (size_t)runs, sizeof(double), cmp_double);
		best[m] = times[m][0];
		median[m] = times[m][runs / 2];
		printf("  %-15s best %8.2f ms  median %8.2f ms  %7.1f MB/s",
		       method_name[m], best[m] * 1e3, median[m] * 1e3,
		       (double)len / median[m] / 1e6);
		if (m == M_TCX || m == M_READER)
			printf("  (points %llu, value sum %.6g)", tl[m].points, tl[m].sum);
		printf("\n");
	}
	printf("  reader/sax2 median ratio: extract %.2fx, bare %.2fx\n",
	       median[M_READER] / median[M_TCX], median[M_BARE_READER] / median[M_BARE_SAX]);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int runs = 15, i = 1, rc = 0;

	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		runs = atoi(argv[2]);
		i = 3;
	}
	if (runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: tcx_reader_vs_sax [-n 1..%d] [FILE...]\n", MAX_RUNS);
		return 2;
	}
	xmlInitParser();
	if (i >= argc)
		return bench_file(DEFAULT_FILE, runs) ? 1 : 0;
	for (; i < argc; i++)
		if (bench_file(argv[i], runs) != 0)
			rc = 1;
	return rc;
}
