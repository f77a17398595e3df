/*
 * noop_parse.c - the speed floor of the XML libraries: parse the same
 * files with expat and with libxml2's SAX2 push parser, both with no
 * handlers at all, and print MB/s.  bench.sh compares runrisk's own
 * parse + metrics with these numbers.
 *
 * usage: noop_parse [-r REPEAT] [-l LISTFILE] [FILE...]
 *   Files (plain or gzip, via the runrisk input layer) are read into
 *   memory first, so only parsing is timed.  LISTFILE holds one path per
 *   line.  Output lines are "key=value" for bench.sh, plus a summary.
 */
#include <expat.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "parsers/input.h"

#define FEED 65536		/* bytes per push, as a streaming reader would */
#define MAX_FILE (1ULL << 30)

struct doc {
	unsigned char *bytes;
	size_t len;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
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
	return 0;
fail:
	fprintf(stderr, "noop_parse: %s: %s\n", path, err.msg[0] ? err.msg : "out of memory");
	rr_input_close(in);
	free(d->bytes);
	d->bytes = NULL;
	return -1;
}

static int expat_parse(const struct doc *d)
{
	XML_Parser p = XML_ParserCreate(NULL);
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

static int libxml2_parse(const struct doc *d)
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

int main(int argc, char **argv)
{
	char **paths = NULL, line[4096];
	size_t npaths = 0, cap = 0, i, total = 0, bad_expat = 0, bad_libxml2 = 0;
	struct doc *docs;
	unsigned repeat = 1, r;
	double t0, t_expat, t_libxml2, mb;
	int a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-r") == 0 && a + 1 < argc) {
			repeat = (unsigned)strtoul(argv[++a], NULL, 10);
			if (repeat == 0)
				repeat = 1;
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
		fprintf(stderr, "usage: noop_parse [-r REPEAT] [-l LISTFILE] [FILE...]\n");
		return 2;
	}
	docs = rr_alloc_array(npaths, sizeof(*docs));
	if (!docs)
		return 2;
	for (i = 0; i < npaths; i++)
		if (load(paths[i], &docs[i]) == 0)
			total += docs[i].len;

	xmlInitParser();
	t0 = now_s();
	for (r = 0; r < repeat; r++)
		for (i = 0; i < npaths; i++)
			if (docs[i].bytes && expat_parse(&docs[i]) && r == 0)
				bad_expat++;
	t_expat = now_s() - t0;
	t0 = now_s();
	for (r = 0; r < repeat; r++)
		for (i = 0; i < npaths; i++)
			if (docs[i].bytes && libxml2_parse(&docs[i]) && r == 0)
				bad_libxml2++;
	t_libxml2 = now_s() - t0;
	xmlCleanupParser();

	mb = (double)total * repeat / 1e6;
	printf("files=%zu\nbytes=%zu\nrepeat=%u\n", npaths, total, repeat);
	printf("expat_s=%.6f\nexpat_mb_s=%.1f\nexpat_not_wellformed=%zu\n", t_expat,
	       t_expat > 0 ? mb / t_expat : 0.0, bad_expat);
	printf("libxml2_s=%.6f\nlibxml2_mb_s=%.1f\nlibxml2_not_wellformed=%zu\n", t_libxml2,
	       t_libxml2 > 0 ? mb / t_libxml2 : 0.0, bad_libxml2);
	for (i = 0; i < npaths; i++) {
		free(docs[i].bytes);
		free(paths[i]);
	}
	free(docs);
	free(paths);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
