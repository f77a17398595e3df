/*
 * libFuzzer target: the OUTDIR manifest loader (cmd/manifest.c).  The
 * manifest lives in OUTDIR, which other tools or people may write, and it
 * decides what runrisk deletes: no path it keeps may leave OUTDIR.
 *
 * Input: the bytes of .runrisk-manifest.  Checks: every kept path is
 * relative, non-empty, has no "", "." or ".." component and no control
 * byte; paths are sorted and unique; saving them (from a report log) and
 * loading again gives the same paths; removing them all as stale never
 * touches the file beside OUTDIR.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/manifest.h"
#include "core/outfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fm_state {
	char root[64];		/* holds out/ and the sentinel beside it */
	char out[80];
	char file[128];
	char keep[96];
};

static struct fm_state *fm_state(void)
{
	static struct fm_state s;
	static int ready;

	if (!ready) {
		FILE *f;

		snprintf(s.root, sizeof(s.root), "/tmp/fuzz-manifest-XXXXXX");
		if (!mkdtemp(s.root))
			abort();
		snprintf(s.out, sizeof(s.out), "%s/out", s.root);
		snprintf(s.file, sizeof(s.file), "%s/%s", s.out, RR_MANIFEST_NAME);
		snprintf(s.keep, sizeof(s.keep), "%s/keep", s.root);
		if (mkdir(s.out, 0755) != 0 || !(f = fopen(s.keep, "w")) || fclose(f) != 0)
			abort();
		ready = 1;
	}
	return &s;
}

static void fm_check_path(const char *rel)
{
	const char *p = rel, *c;

	if (!*rel || *rel == '/')
		abort();
	for (c = rel; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			abort();
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			abort();
		if (!slash)
			break;
		p = slash + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fm_state *s = fm_state();
	struct manifest m, again, none;
	struct rr_outset_log log = { NULL, 0, 0, false };
	struct rr_error err = RR_ERROR_INIT;
	char path[4400];
	struct stat st;
	size_t i;
	FILE *f = fopen(s->file, "wb");

	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
	manifest_init(&m);
	manifest_init(&again);
	manifest_init(&none);
	if (manifest_load(&m, s->out, &err) != RR_OK)
		return 0;	/* out of memory only */
	for (i = 0; i < m.n; i++) {
		fm_check_path(m.v[i].rel);
		if (i && strcmp(m.v[i - 1].rel, m.v[i].rel) >= 0)
			abort();	/* sorted, unique: manifest_has() depends on it */
		if (!manifest_has(&m, m.v[i].rel))
			abort();
		snprintf(path, sizeof(path), "%s/%s", s->out, m.v[i].rel);
		rr_outset_log_add(&log, path);
	}
	if (log.oom)
		abort();
	if (manifest_save(&again, NULL, s->out, &log, &err) != RR_OK)
		abort();
	manifest_release(&again);
	if (manifest_load(&again, s->out, &err) != RR_OK || again.n != m.n)
		abort();
	for (i = 0; i < m.n; i++)
		if (strcmp(again.v[i].rel, m.v[i].rel))
			abort();
	(void)manifest_remove_stale(&m, &none, s->out);
	if (stat(s->keep, &st) != 0 || stat(s->out, &st) != 0)
		abort();	/* nothing outside OUTDIR, nor OUTDIR itself, removed */
	manifest_release(&m);
	manifest_release(&again);
	rr_outset_log_release(&log);
	return 0;
}
