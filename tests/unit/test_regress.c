/*
 * test_regress.c - every input the fuzzers ever crashed on, replayed in
 * `make check` through the very harness that found it, plus one focused
 * test per bug that states what the fixed code must do.
 *
 * The harnesses (tests/fuzz/fuzz_*.c) are compiled in here with their entry
 * point renamed, so a reproducer in tests/fuzz/regress/<target>/ goes
 * through the same calls and the same invariant checks (abort()) as under
 * libFuzzer.  The hand-written seeds (tests/fuzz/seeds/<target>/) are
 * replayed too, so the harnesses' invariants are checked on every build.
 * Under SANITIZE=address,undefined a memory error aborts the test as well.
 * Run from the repository root (make check does).
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#define LLVMFuzzerTestOneInput fuzz_gpx_one
#include "tests/fuzz/fuzz_gpx.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tcx_one
#include "tests/fuzz/fuzz_tcx.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_input_one
#include "tests/fuzz/fuzz_input.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_time_one
#include "tests/fuzz/fuzz_time.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_strava_csv_one
#include "tests/fuzz/fuzz_strava_csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_ini_one
#include "tests/fuzz/fuzz_ini.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_pain_csv_one
#include "tests/fuzz/fuzz_pain_csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tzif_one
#include "tests/fuzz/fuzz_tzif.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_escape_one
#include "tests/fuzz/fuzz_escape.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_cache_one
#include "tests/fuzz/fuzz_cache.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_zip_one
#include "tests/fuzz/fuzz_zip.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_manifest_one
#include "tests/fuzz/fuzz_manifest.c"
#undef LLVMFuzzerTestOneInput

#define REGRESS_DIR "tests/fuzz/regress"
#define SEEDS_DIR "tests/fuzz/seeds"
#define MAX_REPRODUCER_BYTES (1u << 20)	/* reproducers are minimised: small */

typedef int (*fuzz_entry)(const uint8_t *data, size_t size);

struct target {
	const char *name;
	fuzz_entry run;
};

static const struct target targets[] = {
	{ "fuzz_gpx", fuzz_gpx_one },
	{ "fuzz_tcx", fuzz_tcx_one },
	{ "fuzz_input", fuzz_input_one },
	{ "fuzz_time", fuzz_time_one },
	{ "fuzz_strava_csv", fuzz_strava_csv_one },
	{ "fuzz_ini", fuzz_ini_one },
	{ "fuzz_pain_csv", fuzz_pain_csv_one },
	{ "fuzz_tzif", fuzz_tzif_one },
	{ "fuzz_escape", fuzz_escape_one },
	{ "fuzz_cache", fuzz_cache_one },
	{ "fuzz_zip", fuzz_zip_one },
	{ "fuzz_manifest", fuzz_manifest_one },
};

/* Read all of path into a malloc'd buffer of exactly *len bytes (as libFuzzer gives). */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0 && (unsigned long)n <= MAX_REPRODUCER_BYTES);
	rewind(f);
	buf = malloc(n ? (size_t)n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	assert_int_equal(fclose(f), 0);
	*len = (size_t)n;
	return buf;
}

/* Replay every file in top/<target>/; returns how many. */
static size_t replay_target(const char *top, const struct target *t)
{
	char dir[256], path[768];
	struct dirent *e;
	DIR *d;
	size_t n = 0;

	snprintf(dir, sizeof(dir), "%s/%s", top, t->name);
	d = opendir(dir);
	if (!d) {
		assert_int_equal(errno, ENOENT);	/* none for this target */
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		uint8_t *buf;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_int_equal(stat(path, &st), 0);
		if (!S_ISREG(st.st_mode))
			continue;
		buf = slurp(path, &len);
		printf("replay %s\n", path);
		assert_int_equal(t->run(buf, len), 0);
		free(buf);
		n++;
	}
	closedir(d);
	return n;
}

/* Crash reproducers: each once crashed its harness; now none may. */
static void test_replay_crashes(void **state)
{
	size_t i, n = 0;
	struct stat st;

	(void)state;
	if (stat("tests/fuzz", &st) != 0)
		skip();		/* not run from the repository root */
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		n += replay_target(REGRESS_DIR, &targets[i]);
	printf("replayed %zu crash reproducers\n", n);
}

/* The seeds: valid and tricky inputs that must pass every harness check. */
static void test_replay_seeds(void **state)
{
	size_t i, n = 0;
	struct stat st;

	(void)state;
	if (stat(SEEDS_DIR, &st) != 0)
		skip();
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		n += replay_target(SEEDS_DIR, &targets[i]);
	printf("replayed %zu seeds\n", n);
	assert_true(n >= 10);	/* the committed seeds are there and were read */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_crashes),
		cmocka_unit_test(test_replay_seeds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
