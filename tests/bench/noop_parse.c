/*
 * noop_parse.c - the speed floor of the XML libraries, and runrisk's own
 * parse + metrics on the same bytes.  bench.sh compares them.
 *
 * usage: noop_parse [-r REPEAT] [-m MODES] [-l LISTFILE] [FILE...]
 *   Files (plain or gzip, through the runrisk input layer) are read and
 *   decompressed into memory first (timed apart as "load"), so that only
 *   parsing is timed.  LISTFILE holds one path per line.  MODES is a comma
 *   list of (default: all):
 *     expat      expat, XML_ParserCreate, no handler at all
 *     expat_ns   expat with namespace processing (XML_ParserCreateNS), no
 *                handler: the configuration parsers/gpx.c needs
 *     libxml2    libxml2 SAX2 push parser, no callback (as parsers/tcx.c)
 *     floor      each document through the library runrisk uses for its
 *                format, no handler: expat_ns for GPX, libxml2 for TCX
 *     runrisk    runrisk's rr_parse() (GPX: expat, TCX: libxml2) into the
 *                metrics accumulator, one run_summary per activity, from
 *                memory through rr_input_open_mem(): the `runs` map step
 *                without the disk, the inflate and the CSV
 *   Every mode is fed in 64 KiB pushes, as a streaming reader is.
 *   Each document is classed by content (rr_detect_format) so that GPX and
 *   TCX are timed apart: each format against the library that parses it.
 *
 * Timing: REPEAT rounds, each round running every mode over every file in
 * turn (interleaved, so a burst of load elsewhere hits all modes alike);
 * each mode's time is its best round.  Times are CPU seconds of this
 * process (CLOCK_PROCESS_CPUTIME_ID; one thread), which a busy machine
 * disturbs less than wall time.
 *
 * For instruction counts that no load can disturb, run it under
 *   valgrind --tool=callgrind --toggle-collect='*_parse_doc' noop_parse -m MODE ...
 * (the per-document parse functions are never inlined).
 *
 * Output: "key=value" lines:
 *   files= bytes= files_gpx= bytes_gpx= files_tcx= bytes_tcx= repeat=
 *   load_cpu_s=  (read + gunzip of every file once)
 *   MODE_gpx_s= MODE_tcx_s= MODE_s= MODE_mb_s= MODE_gpx_mb_s= MODE_tcx_mb_s=
 *   MODE_bad=  (best round, one pass over the files; MB/s over CPU time;
 *   bad = not well-formed or refused)
 */
#include <expat.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/collect.h"
#include "analysis/summary.h"
#include "core/activity.h"
#include "core/alloc.h"
#include "parsers/input.h"
#include "parsers/parse.h"

#define FEED 65536		/* bytes per push, as a streaming reader would */
#define MAX_FILE (1ULL << 30)

enum mode { M_EXPAT, M_EXPAT_NS, M_LIBXML2, M_FLOOR, M_RUNRISK, NMODES };
static const char *const mode_name[NMODES] = { "expat", "expat_ns", "libxml2", "floor", "runrisk" };

/*
 * callgrind's --toggle-collect needs these to stay functions of their own,
 * under their own names (no ".isra"/".constprop" clones either).
 */
#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#elif defined(__GNUC__)
#define NOINLINE __attribute__((noinline, noclone))
#else
#define NOINLINE
#endif

enum kind { K_GPX, K_TCX, K_OTHER, NKINDS };

struct doc {
	unsigned char *bytes;
	size_t len;
	enum kind kind;
};

/* What one mode took in one round, per kind of document. */
struct timing {
	double cpu_s[NKINDS];
	size_t bad;
};

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

/* Read a whole (decompressed) file.  0, or -1 with a message printed. */
static int load(const char *path, struct doc *d)
{
	struct rr_input *in = NULL;
	struct rr_error err = RR_ERROR_INIT;
	size_t cap = 1 << 20, got;

	d->len = 0;
	d->bytes = malloc(cap);
	if (!d->bytes || rr_input_open(&in, path, MAX_FILE, &err) != RR_OK)
		goto fail;
	for (;;) {
		if (d->len == cap && RR_GROW(d->bytes, cap, cap + 1))
			goto fail;
		if (rr_input_read(in, d->bytes + d->len, cap - d->len, &got, &err) != RR_OK)
			goto fail;
		if (got == 0)
			break;
		d->len += got;
	}
	rr_input_close(in);
	switch (rr_detect_format(d->bytes, d->len)) {
	case RR_FORMAT_GPX:
		d->kind = K_GPX;
		break;
	case RR_FORMAT_TCX:
		d->kind = K_TCX;
		break;
	default:
		d->kind = K_OTHER;
		break;
	}
	return 0;
fail:
	fprintf(stderr, "noop_parse: %s: %s\n", path, err.msg[0] ? err.msg : "out of memory");
	rr_input_close(in);
	free(d->bytes);
	d->bytes = NULL;
	return -1;
}

NOINLINE static int expat_parse_doc(const struct doc *d, int ns)
{
	XML_Parser p = ns ? XML_ParserCreateNS(NULL, '\n') : XML_ParserCreate(NULL);
	size_t off = 0;
	int ok = 1;

	if (!p)
		return -1;
	do {
		size_t n = d->len - off < FEED ? d->len - off : FEED;
		int last = off + n == d->len;

		if (XML_Parse(p, (const char *)d->bytes + off, (int)n, last) != XML_STATUS_OK) {
			ok = 0;
			break;
		}
		off += n;
	} while (off < d->len);
	XML_ParserFree(p);
	return ok ? 0 : -1;
}

NOINLINE static int libxml2_parse_doc(const struct doc *d)
{
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt;
	size_t off = 0;
	int ok;

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;	/* SAX2, and no callback at all */
	ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
	if (!ctxt)
		return -1;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	do {
		size_t n = d->len - off < FEED ? d->len - off : FEED;
		int last = off + n == d->len;

		if (xmlParseChunk(ctxt, (const char *)d->bytes + off, (int)n, last) != 0)
			break;
		off += n;
	} while (off < d->len);
	ok = ctxt->wellFormed;
	xmlFreeParserCtxt(ctxt);
	return ok ? 0 : -1;
}

/* runrisk mode: the metrics sink the pipeline uses (analysis/collect.h). */
NOINLINE static int runrisk_parse_doc(const struct doc *d, const struct rr_limits *lim,
				      const struct run_params *params, size_t *nruns)
{
	struct rr_input *in = NULL;
	struct rr_error err = RR_ERROR_INIT;
	struct summary_collect c;
	struct rr_sink sink;
	enum rr_status st;

	if (rr_input_open_mem(&in, d->bytes, d->len, lim->max_bytes, &err) != RR_OK)
		return -1;
	if (summary_collect_init(&c, params, false)) {
		rr_input_close(in);
		return -1;
	}
	summary_collect_sink(&c, &sink);
	st = rr_parse(in, lim, &sink, NULL, &err);
	*nruns += c.activities;
	summary_collect_release(&c);
	rr_input_close(in);
	return st == RR_OK ? 0 : -1;
}

static int add_path(char ***paths, size_t *n, size_t *cap, const char *p)
{
	char *copy = rr_strdup(p);

	if (!copy || RR_GROW(*paths, *cap, *n + 1)) {
		free(copy);
		return -1;
	}
	(*paths)[(*n)++] = copy;
	return 0;
}

/* Parse every loaded document once in one mode. */
static void run_mode(enum mode m, const struct doc *docs, size_t n, struct timing *t,
		     size_t *nruns)
{
	struct rr_limits lim;
	struct run_params params;
	size_t i;

	rr_limits_default(&lim);
	run_params_init(&params);
	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		double c0;
		int bad;

		if (!docs[i].bytes)
			continue;
		c0 = cpu_s();
		switch (m) {
		case M_EXPAT:
			bad = expat_parse_doc(&docs[i], 0);
			break;
		case M_EXPAT_NS:
			bad = expat_parse_doc(&docs[i], 1);
			break;
		case M_LIBXML2:
			bad = libxml2_parse_doc(&docs[i]);
			break;
		case M_FLOOR:
			bad = docs[i].kind == K_TCX ? libxml2_parse_doc(&docs[i])
						    : expat_parse_doc(&docs[i], 1);
			break;
		default:
			bad = runrisk_parse_doc(&docs[i], &lim, &params, nruns);
			break;
		}
		t->cpu_s[docs[i].kind] += cpu_s() - c0;
		if (bad)
			t->bad++;
	}
}

static double total_s(const struct timing *t)
{
	return t->cpu_s[K_GPX] + t->cpu_s[K_TCX] + t->cpu_s[K_OTHER];
}

static double mb_s(size_t bytes, double s)
{
	return s > 0 ? (double)bytes / 1e6 / s : 0.0;
}

static int parse_modes(const char *arg, int *want)
{
	char buf[256], *tok, *save = NULL;
	int m;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (m = 0; m < NMODES; m++)
		want[m] = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "all") == 0) {
			for (m = 0; m < NMODES; m++)
				want[m] = 1;
			continue;
		}
		for (m = 0; m < NMODES && strcmp(tok, mode_name[m]) != 0; m++)
			;
		if (m == NMODES)
			return -1;
		want[m] = 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char **paths = NULL, line[4096];
	size_t npaths = 0, cap = 0, i, bytes[NKINDS] = { 0 }, files[NKINDS] = { 0 }, total = 0;
	size_t nruns = 0;
	struct doc *docs;
	struct timing t, best[NMODES];
	unsigned repeat = 1, r;
	double c0, load_s;
	int a, m, want[NMODES] = { 1, 1, 1, 1, 1 };

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-r") == 0 && a + 1 < argc) {
			repeat = (unsigned)strtoul(argv[++a], NULL, 10);
			if (repeat == 0)
				repeat = 1;
		} else if (strcmp(argv[a], "-m") == 0 && a + 1 < argc) {
			if (parse_modes(argv[++a], want)) {
				fprintf(stderr, "noop_parse: modes are expat,expat_ns,libxml2,floor,runrisk,all\n");
				return 2;
			}
		} else if (strcmp(argv[a], "-l") == 0 && a + 1 < argc) {
			FILE *f = fopen(argv[++a], "r");

			if (!f) {
				perror(argv[a]);
				return 2;
			}
			while (fgets(line, sizeof(line), f)) {
				line[strcspn(line, "\n")] = '\0';
				if (line[0] && add_path(&paths, &npaths, &cap, line))
					return 2;
			}
			fclose(f);
		} else if (add_path(&paths, &npaths, &cap, argv[a])) {
			return 2;
		}
	}
	if (npaths == 0) {
		fprintf(stderr, "usage: noop_parse [-r REPEAT] [-m MODES] [-l LISTFILE] [FILE...]\n");
		return 2;
	}
	docs = rr_alloc_array(npaths, sizeof(*docs));
	if (!docs)
		return 2;
	c0 = cpu_s();
	for (i = 0; i < npaths; i++)
		if (load(paths[i], &docs[i]) == 0) {
			bytes[docs[i].kind] += docs[i].len;
			files[docs[i].kind]++;
			total += docs[i].len;
		}
	load_s = cpu_s() - c0;

	printf("files=%zu\nbytes=%zu\nfiles_gpx=%zu\nbytes_gpx=%zu\nfiles_tcx=%zu\nbytes_tcx=%zu\n"
	       "repeat=%u\nload_cpu_s=%.6f\n", npaths, total, files[K_GPX], bytes[K_GPX],
	       files[K_TCX], bytes[K_TCX], repeat, load_s);
	xmlInitParser();
	for (r = 0; r < repeat; r++)
		for (m = 0; m < NMODES; m++) {
			size_t runs_once = 0;

			if (!want[m])
				continue;
			run_mode((enum mode)m, docs, npaths, &t, &runs_once);
			if (r == 0 || total_s(&t) < total_s(&best[m]))
				best[m] = t;
			if (m == M_RUNRISK)
				nruns = runs_once;
		}
	for (m = 0; m < NMODES; m++) {
		const struct timing *b = &best[m];

		if (!want[m])
			continue;
		printf("%s_gpx_s=%.6f\n%s_tcx_s=%.6f\n%s_s=%.6f\n", mode_name[m], b->cpu_s[K_GPX],
		       mode_name[m], b->cpu_s[K_TCX], mode_name[m], total_s(b));
		printf("%s_mb_s=%.1f\n%s_gpx_mb_s=%.1f\n%s_tcx_mb_s=%.1f\n%s_bad=%zu\n",
		       mode_name[m], mb_s(total, total_s(b)), mode_name[m],
		       mb_s(bytes[K_GPX], b->cpu_s[K_GPX]), mode_name[m],
		       mb_s(bytes[K_TCX], b->cpu_s[K_TCX]), mode_name[m], b->bad);
	}
	if (want[M_RUNRISK])
		printf("runrisk_activities=%zu\n", nruns);
	xmlCleanupParser();
	for (i = 0; i < npaths; i++) {
		free(docs[i].bytes);
		free(paths[i]);
	}
	free(docs);
	free(paths);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
