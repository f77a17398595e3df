/* test_manifest.c - the record of what runrisk wrote in OUTDIR (cmd/manifest.h). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cmd/manifest.h"
#include "core/outfile.h"

static void fmt(char *buf, size_t size, const char *f, ...)
	__attribute__((format(printf, 3, 4)));
static void fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, size, f, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < size);
}

static void put(const char *dir, const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	fmt(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static bool exists(const char *dir, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	fmt(path, sizeof(path), "%s/%s", dir, rel);
	return lstat(path, &st) == 0;
}

static void test_relative(void **state)
{
	(void)state;
	assert_string_equal(manifest_relative("out", "out/report.txt"), "report.txt");
	assert_string_equal(manifest_relative("out/", "out/ana/runs.csv"), "ana/runs.csv");
	assert_string_equal(manifest_relative("/a/out", "/a/out//x.png"), "x.png");
	assert_null(manifest_relative("out", "outer/report.txt"));
	assert_null(manifest_relative("out", "out"));
	assert_null(manifest_relative("out", "elsewhere/out/x"));
}

/* Save, load, find; a file whose bytes changed keeps its old hash in the manifest. */
static void test_save_load_stale(void **state)
{
	char dir[] = "/tmp/rr-manifest-XXXXXX", path[PATH_MAX], cmd[PATH_MAX + 16];
	struct rr_outset_log log = { NULL, 0, 0, false };
	struct manifest old, next, loaded;
	struct rr_error err = RR_ERROR_INIT;
	const struct manifest_entry *e;
	static const char *const files[] = { "report.txt", "ana/report.txt", "ben/report.txt" };
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(outdir_state_of(dir), OUTDIR_EMPTY);
	fmt(path, sizeof(path), "%s/ana", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	fmt(path, sizeof(path), "%s/ben", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(outdir_state_of(dir), OUTDIR_FOREIGN);	/* folders count */
	for (i = 0; i < 3; i++) {
		put(dir, files[i], files[i]);
		fmt(path, sizeof(path), "%s/%s", dir, files[i]);
		rr_outset_log_add(&log, path);
	}
	rr_outset_log_add(&log, "/somewhere/else/x.txt");	/* not under dir: not listed */
	manifest_init(&old);
	manifest_init(&next);
	manifest_init(&loaded);
	assert_int_equal(outdir_state_of(dir), OUTDIR_FOREIGN);
	assert_int_equal(manifest_save(&next, NULL, dir, &log, &err), RR_OK);
	assert_int_equal(next.n, 3);
	assert_int_equal(outdir_state_of(dir), OUTDIR_OURS);
	assert_int_equal(manifest_load(&loaded, dir, &err), RR_OK);
	assert_int_equal(loaded.n, 3);
	assert_true(manifest_has(&loaded, "ana/report.txt"));
	assert_false(manifest_has(&loaded, "cid/report.txt"));
	e = manifest_find(&loaded, "report.txt");
	assert_non_null(e);
	fmt(path, sizeof(path), "%s/report.txt", dir);
	assert_true(e->hash == manifest_hash_file(path) && e->hash != 0);

	/* The next report has no ben; the coach edited ana's report in between. */
	put(dir, "ben/notes.txt", "coach");
	put(dir, "ana/report.txt", "edited by hand");
	rr_outset_log_release(&log);
	fmt(path, sizeof(path), "%s/report.txt", dir);
	rr_outset_log_add(&log, path);
	assert_int_equal(manifest_save(&next, &loaded, dir, &log, &err), RR_OK);
	assert_int_equal(next.n, 1);
	assert_int_equal(manifest_remove_stale(&loaded, &next, dir), 1);
	assert_false(exists(dir, "ben/report.txt"));
	assert_true(exists(dir, "ben/notes.txt"));	/* a foreign file, and its folder, stay */
	assert_true(exists(dir, "ana/report.txt"));	/* rewritten by someone else: theirs now */
	put(dir, "ben/notes.txt", "");
	fmt(path, sizeof(path), "%s/ben/notes.txt", dir);
	assert_int_equal(unlink(path), 0);

	/* A foreign or cut manifest is ignored; a line with ".." is never trusted. */
	put(dir, RR_MANIFEST_NAME, "runrisk-manifest 1\n0123456789abcdef ../etc/passwd\n"
	    "0123456789abcdef ok.txt\n0123456789abcdef cut");
	assert_int_equal(manifest_load(&old, dir, &err), RR_OK);
	assert_int_equal(old.n, 1);
	assert_true(manifest_has(&old, "ok.txt"));
	put(dir, RR_MANIFEST_NAME, "something else\n0123456789abcdef ok.txt\n");
	assert_int_equal(manifest_load(&old, dir, &err), RR_OK);
	assert_int_equal(old.n, 0);

	manifest_release(&old);
	manifest_release(&next);
	manifest_release(&loaded);
	rr_outset_log_release(&log);
	fmt(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_save_load_stale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
