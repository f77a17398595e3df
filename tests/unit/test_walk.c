/* test_walk.c - the file walk: order, skips, links, odd names, rosters. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>

#include "tests/unit/helpers.h"

#include "cmd/walk.h"


struct errlog {
	size_t n;
	char last_path[PATH_MAX];
	char last_what[128];
};

static void on_error(void *ctx, const char *path, int errno_, const char *what)
{
	struct errlog *l = ctx;

	l->n++;
	snprintf(l->last_path, sizeof(l->last_path), "%.*s", (int)sizeof(l->last_path) - 1, path);
	snprintf(l->last_what, sizeof(l->last_what), "%.*s", (int)sizeof(l->last_what) - 1, what);
}

/* A fresh temporary folder; the tests leave it behind only on failure. */
static void make_root(char *root, size_t size)
{
	fmt(root, size, "%s/rr-walk-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(root));
}

static void put(const char *root, const char *rel, const char *content)
{
	char path[PATH_MAX], dir[PATH_MAX];
	char *slash;
	FILE *f;

	fmt(path, sizeof(path), "%s/%s", root, rel);
	/* mkdir -p of the parents */
	fmt(dir, sizeof(dir), "%s", path);
	for (slash = dir + strlen(root) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			fail_msg("mkdir %s: %s", dir, strerror(errno));
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(content, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void rm_rf(const char *root)
{
	char cmd[PATH_MAX + 32];

	/* root comes from mkdtemp: no quote inside it */
	fmt(cmd, sizeof(cmd), "chmod -R u+rwx '%s'; rm -rf '%s'", root, root);
	assert_int_equal(system(cmd), 0);
}

/* The path of file i of athlete a, relative to root. */
static const char *rel(const char *root, const struct walk_athlete *a, size_t i)
{
	size_t n = strlen(root);

	assert_true(i < a->nfiles);
	assert_memory_equal(a->files[i].path, root, n);
	return a->files[i].path + n + 1;
}

static void walk_one(struct walk_result *r, const char *path, struct errlog *log,
		     const char *exclude)
{
	struct walk_options o;
	struct rr_error err = RR_ERROR_INIT;
	const char *paths[1] = { path };
	const char *ex[1] = { exclude };

	walk_options_init(&o);
	o.on_error = on_error;
	o.ctx = log;
	if (exclude) {
		o.exclude = ex;
		o.nexclude = 1;
	}
	assert_int_equal(walk_paths(r, paths, 1, &o, &err), RR_OK);
}

static void test_names_skipped(void **state)
{
	(void)state;
	assert_true(walk_name_skipped("athlete.ini"));
	assert_true(walk_name_skipped("pain.csv"));
	assert_true(walk_name_skipped("activities.csv"));
	assert_true(walk_name_skipped("expected-flags.csv"));
	assert_true(walk_name_skipped("README"));
	assert_true(walk_name_skipped("Readme.txt"));
	assert_true(walk_name_skipped("notes.MD"));
	assert_true(walk_name_skipped("chart.svg"));
	assert_true(walk_name_skipped("report.html"));
	assert_true(walk_name_skipped("photo.JPG"));
	assert_true(walk_name_skipped(".runrisk-cache"));
	assert_true(walk_name_skipped("run.gpx~"));
	/* Content decides for everything else, even odd extensions. */
	assert_false(walk_name_skipped("run.gpx"));
	assert_false(walk_name_skipped("run.tcx.gz"));
	assert_false(walk_name_skipped("run.txt"));
	assert_false(walk_name_skipped("export"));
	assert_false(walk_name_skipped("ride.fit"));
}

static void test_order_skips_hidden(void **state)
{
	char root[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };
	const struct walk_athlete *a;

	(void)state;
	make_root(root, sizeof(root));
	put(root, "b.gpx", "x");
	put(root, "a.tcx.gz", "x");
	put(root, "Z.gpx", "x");		/* 'Z' < 'a' bytewise */
	put(root, "notes.txt", "x");		/* kept: may be a GPX */
	put(root, "README.md", "x");
	put(root, "athlete.ini", "[athlete]\n");
	put(root, "pain.csv", "date\n");
	put(root, ".git/HEAD.gpx", "x");
	put(root, ".hidden.gpx", "x");
	put(root, "sub/c.gpx", "x");
	put(root, "sub/deeper/d.gpx", "x");
	put(root, "ride.fit", "x");

	walk_one(&r, root, &log, NULL);
	assert_false(r.roster);
	assert_int_equal(r.nathletes, 1);
	a = &r.athletes[0];
	assert_int_equal(a->nfiles, 7);
	assert_string_equal(rel(root, a, 0), "Z.gpx");
	assert_string_equal(rel(root, a, 1), "a.tcx.gz");
	assert_string_equal(rel(root, a, 2), "b.gpx");
	assert_string_equal(rel(root, a, 3), "notes.txt");
	assert_string_equal(rel(root, a, 4), "ride.fit");
	assert_true(a->files[4].hints & WALK_HINT_FIT);
	assert_false(a->files[0].hints & WALK_HINT_FIT);
	assert_string_equal(rel(root, a, 5), "sub/c.gpx");
	assert_string_equal(rel(root, a, 6), "sub/deeper/d.gpx");
	assert_non_null(a->ini_path);
	assert_non_null(a->pain_path);
	assert_int_equal(r.nskipped, 1);	/* README.md; markers and hidden files are not counted */
	assert_int_equal(log.n, 0);
	assert_string_equal(a->name, strrchr(root, '/') + 1);
	walk_result_release(&r);
	rm_rf(root);
}

static void test_stat_fields(void **state)
{
	char root[PATH_MAX], path[PATH_MAX];
	struct timespec ts[2];
	struct walk_result r;
	struct errlog log = { 0 };

	(void)state;
	make_root(root, sizeof(root));
	put(root, "run.gpx", "12345");
	fmt(path, sizeof(path), "%s/run.gpx", root);
	ts[0].tv_sec = ts[1].tv_sec = 1700000000;
	ts[0].tv_nsec = ts[1].tv_nsec = 123456789;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);

	walk_one(&r, root, &log, NULL);
	assert_int_equal(r.athletes[0].nfiles, 1);
	assert_int_equal(r.athletes[0].files[0].size_bytes, 5);
	assert_int_equal(r.athletes[0].files[0].mtime_s, 1700000000);
	assert_int_equal(r.athletes[0].files[0].mtime_ns, 123456789);
	walk_result_release(&r);
	rm_rf(root);
}

static void test_symlink_loops(void **state)
{
	char root[PATH_MAX], p[PATH_MAX], t[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };
	const struct walk_athlete *a;

	(void)state;
	make_root(root, sizeof(root));
	put(root, "runs/a.gpx", "x");
	put(root, "runs/sub/b.gpx", "x");
	/* runs/sub/up -> .. (a loop), runs/z-alias -> sub, runs/c.gpx -> a.gpx, runs/dead -> nowhere */
	fmt(p, sizeof(p), "%s/runs/sub/up", root);
	assert_int_equal(symlink("..", p), 0);
	fmt(p, sizeof(p), "%s/runs/z-alias", root);
	assert_int_equal(symlink("sub", p), 0);
	fmt(p, sizeof(p), "%s/runs/c.gpx", root);
	assert_int_equal(symlink("a.gpx", p), 0);
	fmt(p, sizeof(p), "%s/runs/dead.gpx", root);
	assert_int_equal(symlink("nowhere.gpx", p), 0);

	fmt(t, sizeof(t), "%s/runs", root);
	walk_one(&r, t, &log, NULL);
	assert_int_equal(r.nathletes, 1);
	a = &r.athletes[0];
	assert_int_equal(a->nfiles, 2);
	assert_string_equal(rel(root, a, 0), "runs/a.gpx");
	assert_string_equal(rel(root, a, 1), "runs/sub/b.gpx");
	assert_int_equal(r.nsame, 3);	/* c.gpx, sub/up, z-alias */
	assert_int_equal(log.n, 1);
	assert_string_equal(log.last_what, "broken symbolic link");
	fmt(p, sizeof(p), "%s/runs/dead.gpx", root);
	assert_string_equal(log.last_path, p);
	assert_int_equal(r.nerrors, 1);
	walk_result_release(&r);
	rm_rf(root);
}

static void test_non_utf8_names(void **state)
{
	char root[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };
	const struct walk_athlete *a;

	(void)state;
	make_root(root, sizeof(root));
	put(root, "\xff\xfe-dir/caf\xe9.gpx", "x");
	put(root, "\xc3\xa9t\xc3\xa9.gpx", "x");	/* valid UTF-8 "été" */
	walk_one(&r, root, &log, NULL);
	a = &r.athletes[0];
	assert_int_equal(a->nfiles, 2);
	assert_string_equal(rel(root, a, 0), "\xc3\xa9t\xc3\xa9.gpx");	/* 0xc3 < 0xff */
	assert_string_equal(rel(root, a, 1), "\xff\xfe-dir/caf\xe9.gpx");
	assert_int_equal(log.n, 0);
	walk_result_release(&r);
	rm_rf(root);
}

/* The walk of root by the current user: one error for root/b, files of a and c. */
static int walk_unreadable(const char *root, const char *b)
{
	struct walk_options o;
	struct walk_result r;
	struct errlog log = { 0 };
	struct rr_error err = RR_ERROR_INIT;
	int ok;

	/* No cmocka assertion here: this may run in a forked child. */
	walk_options_init(&o);
	o.on_error = on_error;
	o.ctx = &log;
	ok = walk_paths(&r, &root, 1, &o, &err) == RR_OK && log.n == 1 && strcmp(log.last_path, b) == 0 && r.nerrors == 1 &&
	     r.nathletes == 2 && r.roster && r.athletes[0].nfiles == 1 &&
	     r.athletes[1].nfiles == 1 && strcmp(r.athletes[1].name, "c") == 0;
	walk_result_release(&r);
	return ok;
}

static void test_unreadable_folder(void **state)
{
	char root[PATH_MAX], p[PATH_MAX];
	pid_t pid;
	int status;

	(void)state;
	make_root(root, sizeof(root));
	put(root, "a/1.gpx", "x");
	put(root, "b/2.gpx", "x");
	put(root, "c/3.gpx", "x");
	fmt(p, sizeof(p), "%s/b", root);
	{
		char cmd[PATH_MAX + 32];

		/* readable by everyone whatever the umask, then b by no one */
		fmt(cmd, sizeof(cmd), "chmod -R a+rX '%s'", root);
		assert_int_equal(system(cmd), 0);
	}
	assert_int_equal(chmod(p, 0), 0);
	if (geteuid() != 0) {
		assert_true(walk_unreadable(root, p));
	} else {
		/* root reads every folder: walk as "nobody" in a child */
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			if (setgid(65534) || setuid(65534) || access(root, R_OK | X_OK) != 0)
				_exit(3);	/* no other user, or TMPDIR closed to it */
			_exit(walk_unreadable(root, p) ? 0 : 1);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		if (WEXITSTATUS(status) == 3) {
			rm_rf(root);
			skip();	/* cannot drop privileges here */
		}
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	rm_rf(root);
}

static void test_missing_and_explicit(void **state)
{
	char root[PATH_MAX], f1[PATH_MAX], f2[PATH_MAX], missing[PATH_MAX];
	const char *paths[4];
	struct walk_options o;
	struct walk_result r;
	struct errlog log = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	make_root(root, sizeof(root));
	put(root, "README.gpx", "x");	/* skipped when walking, kept when named */
	fmt(f1, sizeof(f1), "%s/README.gpx", root);
	fmt(f2, sizeof(f2), "%s/./README.gpx", root);	/* the same file again */
	fmt(missing, sizeof(missing), "%s/nope.gpx", root);
	paths[0] = f1;
	paths[1] = "-";
	paths[2] = missing;
	paths[3] = f2;
	walk_options_init(&o);
	o.on_error = on_error;
	o.ctx = &log;
	assert_int_equal(walk_paths(&r, paths, 4, &o, &err), RR_OK);
	assert_int_equal(r.nathletes, 1);
	assert_int_equal(r.athletes[0].nfiles, 2);
	assert_string_equal(r.athletes[0].files[0].path, f1);
	assert_true(r.athletes[0].files[0].hints & WALK_HINT_EXPLICIT);
	assert_string_equal(r.athletes[0].files[1].path, "-");
	assert_true(r.athletes[0].files[1].hints & WALK_HINT_STDIN);
	assert_int_equal(r.nsame, 1);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.last_path, missing);
	assert_string_equal(r.athletes[0].name, "");
	assert_null(r.athletes[0].dir);
	walk_result_release(&r);
	rm_rf(root);
}

static void test_roster_with_markers(void **state)
{
	char root[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };

	(void)state;
	make_root(root, sizeof(root));
	put(root, "README.md", "coach notes");
	put(root, "ana/athlete.ini", "[athlete]\n");
	put(root, "ana/2024/run1.gpx", "x");
	put(root, "ben/run2.tcx", "x");
	put(root, "ben/run3.tcx", "x");
	put(root, "empty/notes.md", "x");
	put(root, "carla/athlete.ini", "[athlete]\n");	/* no runs yet: still listed */

	walk_one(&r, root, &log, NULL);
	assert_true(r.roster);
	assert_int_equal(r.nathletes, 3);
	assert_string_equal(r.athletes[0].name, "ana");
	assert_non_null(r.athletes[0].ini_path);
	assert_int_equal(r.athletes[0].nfiles, 1);
	assert_string_equal(rel(root, &r.athletes[0], 0), "ana/2024/run1.gpx");
	assert_string_equal(r.athletes[1].name, "ben");
	assert_null(r.athletes[1].ini_path);
	assert_int_equal(r.athletes[1].nfiles, 2);
	assert_string_equal(r.athletes[2].name, "carla");
	assert_int_equal(r.athletes[2].nfiles, 0);
	walk_result_release(&r);
	rm_rf(root);
}

static void test_roster_without_markers(void **state)
{
	char root[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };

	(void)state;
	make_root(root, sizeof(root));
	put(root, "ana/a.gpx", "x");
	put(root, "ben/b.gpx", "x");
	walk_one(&r, root, &log, NULL);
	assert_true(r.roster);
	assert_int_equal(r.nathletes, 2);
	walk_result_release(&r);
	rm_rf(root);
}

static void test_year_folders_are_one_athlete(void **state)
{
	char root[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };

	(void)state;
	make_root(root, sizeof(root));
	put(root, "2023/a.gpx", "x");
	put(root, "2024-01/b.gpx", "x");
	put(root, "2024-02/c.gpx", "x");
	walk_one(&r, root, &log, NULL);
	assert_false(r.roster);
	assert_int_equal(r.nathletes, 1);
	assert_int_equal(r.athletes[0].nfiles, 3);
	assert_string_equal(rel(root, &r.athletes[0], 0), "2023/a.gpx");
	assert_string_equal(rel(root, &r.athletes[0], 2), "2024-02/c.gpx");
	assert_string_equal(r.athletes[0].dir, root);
	walk_result_release(&r);
	rm_rf(root);
}

static void test_top_file_means_single(void **state)
{
	char root[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };

	(void)state;
	make_root(root, sizeof(root));
	put(root, "loose.gpx", "x");
	put(root, "ana/athlete.ini", "x");
	put(root, "ana/a.gpx", "x");
	put(root, "ben/b.gpx", "x");
	walk_one(&r, root, &log, NULL);
	assert_false(r.roster);
	assert_int_equal(r.nathletes, 1);
	assert_int_equal(r.athletes[0].nfiles, 3);
	assert_null(r.athletes[0].ini_path);	/* ana's ini is not the top's */
	walk_result_release(&r);
	rm_rf(root);
}

static void test_strava_layout_and_exclude(void **state)
{
	char root[PATH_MAX], out[PATH_MAX], csv[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };
	const struct walk_athlete *a;

	(void)state;
	make_root(root, sizeof(root));
	put(root, "activities.csv", "Activity ID\n");
	put(root, "profile.csv", "x");
	put(root, "activities/111.gpx.gz", "x");
	put(root, "activities/222.tcx", "x");
	put(root, "activities/333.fit.gz", "x");
	put(root, "media/photo.jpg", "x");
	put(root, "report/old.gpx", "x");	/* the output folder, excluded */
	fmt(out, sizeof(out), "%s/./report/", root);	/* another spelling of the folder */

	walk_one(&r, root, &log, out);
	assert_false(r.roster);
	a = &r.athletes[0];
	assert_int_equal(a->nstrava_csvs, 1);
	fmt(csv, sizeof(csv), "%s/activities.csv", root);
	assert_string_equal(a->strava_csvs[0], csv);
	assert_int_equal(a->nfiles, 3);
	assert_string_equal(rel(root, a, 0), "activities/111.gpx.gz");
	assert_string_equal(rel(root, a, 2), "activities/333.fit.gz");
	assert_true(a->files[2].hints & WALK_HINT_FIT);
	assert_int_equal(log.n, 0);
	walk_result_release(&r);
	rm_rf(root);
}

static void test_roster_of_strava_exports(void **state)
{
	char root[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };

	(void)state;
	make_root(root, sizeof(root));
	put(root, "ana/export_1/activities.csv", "x");
	put(root, "ana/export_1/activities/1.gpx", "x");
	put(root, "ben/2.gpx", "x");
	walk_one(&r, root, &log, NULL);
	assert_true(r.roster);
	assert_int_equal(r.nathletes, 2);
	assert_int_equal(r.athletes[0].nstrava_csvs, 1);
	assert_int_equal(r.athletes[1].nstrava_csvs, 0);
	walk_result_release(&r);
	rm_rf(root);
}

/* Write root/rel as a zip of names[i] holding "x" (stored). */
static void put_zip(const char *root, const char *rel_path, const char *const *names, size_t n)
{
	char path[PATH_MAX];
	struct archive *a = archive_write_new();
	size_t i;

	fmt(path, sizeof(path), "%s/%s", root, rel_path);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_set_options(a, "zip:compression=store"), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();

		archive_entry_set_pathname(e, names[i]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, 1);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, "x", 1), 1);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

/*
 * Zips: at the top of a roster each is an athlete named after the file;
 * inside an athlete folder they are that athlete's; members are files
 * named ZIP:MEMBER by the folder rules (activities.csv is the Strava list,
 * media skipped); a refused zip is one file carrying its refusal.
 */
static void test_zips(void **state)
{
	static const char *const strava[] = { "activities.csv", "activities/1.gpx",
					      "media/photo.jpg" };
	static const char *const one[] = { "2.gpx" };
	static const char *const bad[] = { "ok.gpx", "../evil.gpx" };
	char root[PATH_MAX], p[PATH_MAX];
	struct walk_result r;
	struct errlog log = { 0 };
	const struct walk_athlete *a;

	(void)state;
	make_root(root, sizeof(root));
	put(root, "cleo/3.gpx", "x");
	put_zip(root, "ana.zip", strava, 3);
	put_zip(root, "ben_export.ZIP", one, 1);
	walk_one(&r, root, &log, NULL);
	assert_int_equal(log.n, 0);
	assert_true(r.roster);
	assert_int_equal(r.nathletes, 3);
	a = &r.athletes[0];
	assert_string_equal(a->name, "ana");
	assert_int_equal(a->nstrava_csvs, 1);
	fmt(p, sizeof(p), "%s/ana.zip:activities.csv", root);
	assert_string_equal(a->strava_csvs[0], p);
	assert_non_null(a->strava_srcs[0].archive);
	assert_int_equal(a->nfiles, 1);
	assert_string_equal(rel(root, a, 0), "ana.zip:activities/1.gpx");
	fmt(p, sizeof(p), "%s/ana.zip", root);
	assert_string_equal(a->files[0].archive, p);
	assert_int_equal(a->files[0].member.depth, 1);
	assert_int_equal(a->files[0].member.index[0], 1);
	assert_int_equal(a->files[0].size_bytes, 1);
	assert_null(a->files[0].refused);
	assert_int_equal(r.nskipped, 1);	/* media/photo.jpg */
	assert_string_equal(r.athletes[1].name, "ben_export");
	assert_string_equal(rel(root, &r.athletes[1], 0), "ben_export.ZIP:2.gpx");
	assert_string_equal(r.athletes[2].name, "cleo");
	walk_result_release(&r);

	/* An athlete folder (it has a file at its top): the zip is one of its files. */
	put(root, "ana.gpx", "x");
	walk_one(&r, root, &log, NULL);
	assert_false(r.roster);
	assert_int_equal(r.nathletes, 1);
	assert_int_equal(r.athletes[0].nfiles, 4);	/* ana.gpx, the two zips' runs, cleo/3.gpx */
	assert_string_equal(rel(root, &r.athletes[0], 1), "ana.zip:activities/1.gpx");
	walk_result_release(&r);

	/* One zip as the PATH: an athlete named after it. */
	fmt(p, sizeof(p), "%s/ana.zip", root);
	walk_one(&r, p, &log, NULL);
	assert_int_equal(r.nathletes, 1);
	assert_string_equal(r.athletes[0].name, "ana");
	assert_int_equal(r.athletes[0].nfiles, 1);
	walk_result_release(&r);

	/* Refused: one file named after the member at fault, nothing else listed. */
	put_zip(root, "cleo/bad.zip", bad, 2);
	fmt(p, sizeof(p), "%s/cleo", root);
	walk_one(&r, p, &log, NULL);
	assert_int_equal(log.n, 0);
	assert_int_equal(r.athletes[0].nfiles, 2);
	assert_string_equal(rel(root, &r.athletes[0], 1), "cleo/bad.zip:../evil.gpx");
	assert_non_null(r.athletes[0].files[1].refused);
	assert_int_equal(r.athletes[0].files[1].refused_status, RR_EFORMAT);
	walk_result_release(&r);
	rm_rf(root);
}

static void test_depth_limit(void **state)
{
	char root[PATH_MAX];
	const char *paths[1];
	struct walk_options o;
	struct walk_result r;
	struct errlog log = { 0 };
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	make_root(root, sizeof(root));
	put(root, "a/1.gpx", "x");
	put(root, "a/b/2.gpx", "x");
	put(root, "a/b/c/3.gpx", "x");
	paths[0] = root;
	walk_options_init(&o);
	o.on_error = on_error;
	o.ctx = &log;
	o.max_depth = 2;
	assert_int_equal(walk_paths(&r, paths, 1, &o, &err), RR_OK);
	assert_int_equal(r.athletes[0].nfiles, 2);
	assert_int_equal(log.n, 1);
	assert_non_null(strstr(log.last_what, "too deep"));
	assert_non_null(strstr(log.last_path, "a/b/c"));
	walk_result_release(&r);
	rm_rf(root);
}

static void test_deterministic(void **state)
{
	char root[PATH_MAX];
	struct walk_result r1, r2;
	struct errlog log = { 0 };
	size_t i;
	char name[32];

	(void)state;
	make_root(root, sizeof(root));
	for (i = 0; i < 200; i++) {
		fmt(name, sizeof(name), "d%zu/r%zu.gpx", (i * 7919) % 13, (i * 104729) % 1000);
		put(root, name, "x");
	}
	walk_one(&r1, root, &log, NULL);
	walk_one(&r2, root, &log, NULL);
	assert_int_equal(r1.nathletes, r2.nathletes);
	assert_true(r1.roster);
	for (i = 0; i < r1.nathletes; i++) {
		size_t j;

		assert_int_equal(r1.athletes[i].nfiles, r2.athletes[i].nfiles);
		for (j = 0; j < r1.athletes[i].nfiles; j++) {
			assert_string_equal(r1.athletes[i].files[j].path, r2.athletes[i].files[j].path);
			if (j)
				assert_true(strcmp(r1.athletes[i].files[j - 1].path,
						   r1.athletes[i].files[j].path) < 0);
		}
	}
	walk_result_release(&r1);
	walk_result_release(&r2);
	rm_rf(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_skipped),
		cmocka_unit_test(test_order_skips_hidden),
		cmocka_unit_test(test_stat_fields),
		cmocka_unit_test(test_symlink_loops),
		cmocka_unit_test(test_non_utf8_names),
		cmocka_unit_test(test_unreadable_folder),
		cmocka_unit_test(test_missing_and_explicit),
		cmocka_unit_test(test_roster_with_markers),
		cmocka_unit_test(test_roster_without_markers),
		cmocka_unit_test(test_year_folders_are_one_athlete),
		cmocka_unit_test(test_top_file_means_single),
		cmocka_unit_test(test_strava_layout_and_exclude),
		cmocka_unit_test(test_roster_of_strava_exports),
		cmocka_unit_test(test_zips),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
