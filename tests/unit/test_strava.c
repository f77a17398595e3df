/*
 * test_strava.c - Strava bulk export: activities.csv read by header name,
 * and a generated export folder joined file by file to its gear.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
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

#include "tests/unit/helpers.h"

#include "cmd/walk.h"
#include "parsers/input.h"
#include "parsers/strava_csv.h"

/*
 * The shape of a real English export: 'Elapsed Time' and 'Distance' twice
 * (the first in seconds and the account's unit, the second in seconds and
 * metres), a description with commas, quotes and a newline.
 */
static const char english[] =
	"\xef\xbb\xbf"
	"Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
	"Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,"
	"Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance\n"
	"1001,\"Jan 5, 2024, 7:12:34 AM\",Morning Run,Run,\"Easy, \"\"recovery\"\" run\nsecond line\","
	"3601,10.02,171,40,false,,Pegasus 39,activities/1001.gpx.gz,,,3600.0,3500.0,10020.5\n"
	"1002,\"Jul 4, 2024, 12:30:00 PM\",\"Hill reps, Montju\xc3\xaf" "c\",Run,,"
	"2400,7.5,,,,,Speedgoat 5,activities/1002.tcx.gz,,,2400.0,2300.0,7500.0\n"
	"1003,\"Dec 31, 2023, 12:00:00 AM\",Ride,Ride,,5400,40.1,,,,,,activities/1003.fit.gz,,,,,\n"
	"1004,\"Feb 29, 2024, 11:59:59 PM\",Treadmill,Run,,1800,5.0,,,,,Pegasus 39,,,,,,\n";

static void read_mem(struct strava_export *x, const char *text, size_t len, size_t chunk,
		     enum rr_status want, struct rr_error *err)
{
	struct rr_input *in = NULL;

	assert_int_equal(rr_input_open_mem(&in, text, len, 0, err), RR_OK);
	if (chunk)
		rr_input_set_chunk(in, chunk);
	strava_export_init(x);
	assert_int_equal(strava_csv_read(x, in, err), want);
	rr_input_close(in);
}

static void check_english(const struct strava_export *x)
{
	const struct strava_row *r;

	assert_int_equal(x->nrows, 4);
	assert_int_equal(x->nwarnings, 0);
	r = &x->rows[0];
	assert_string_equal(r->id, "1001");
	assert_string_equal(r->name, "Morning Run");
	assert_string_equal(r->type, "Run");
	assert_string_equal(r->gear, "Pegasus 39");
	assert_string_equal(r->filename, "activities/1001.gpx.gz");
	assert_true(r->start_t_s == 1704438754.0);	/* 2024-01-05T07:12:34Z */
	assert_true(r->elapsed_s == 3601.0);		/* the first Elapsed Time */
	assert_true(r->distance == 10.02);		/* the first Distance */
	assert_int_equal(r->line, 2);
	assert_int_equal(r->flags, 0);

	r = &x->rows[1];
	assert_int_equal(r->line, 4);	/* after the two-line description */
	assert_string_equal(r->name, "Hill reps, Montju\xc3\xaf" "c");
	assert_string_equal(r->gear, "Speedgoat 5");
	assert_true(r->start_t_s == 1720096200.0);	/* 12:30 PM */

	r = &x->rows[2];
	assert_true(r->start_t_s == 1703980800.0);	/* 12:00 AM is midnight */
	assert_string_equal(r->gear, "");
	assert_int_equal(r->flags, STRAVA_ROW_FIT);

	r = &x->rows[3];
	assert_true(r->start_t_s == 1709251199.0);	/* leap day */
	assert_int_equal(r->flags, STRAVA_ROW_NO_FILE);
	assert_int_equal(x->nfit, 1);
	assert_int_equal(x->nno_file, 1);
	assert_int_equal(x->column[STRAVA_COL_ELAPSED], 5);
	assert_int_equal(x->column[STRAVA_COL_DISTANCE], 6);
	assert_int_equal(x->column[STRAVA_COL_FILENAME], 12);
}

static void test_english_export(void **state)
{
	struct strava_export x;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	read_mem(&x, english, sizeof(english) - 1, 0, RR_OK, &err);
	check_english(&x);
	strava_export_release(&x);
}

static void test_one_byte_at_a_time(void **state)
{
	struct strava_export x;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	read_mem(&x, english, sizeof(english) - 1, 1, RR_OK, &err);
	check_english(&x);
	strava_export_release(&x);
}

static void test_crlf_and_reordered_columns(void **state)
{
	static const char text[] =
		"Filename,Activity Gear,Distance,Activity ID,Activity Date\r\n"
		"activities/7.gpx,\"Shoe, old\",5.5,7,2024-05-01T06:30:00Z\r\n"
		"\r\n"
		"activities/8.gpx,,6,8,not a date\r\n";
	struct strava_export x;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	read_mem(&x, text, sizeof(text) - 1, 0, RR_OK, &err);
	assert_int_equal(x.nrows, 2);
	assert_string_equal(x.rows[0].gear, "Shoe, old");
	assert_string_equal(x.rows[0].filename, "activities/7.gpx");
	assert_true(x.rows[0].start_t_s == 1714545000.0);
	assert_true(isnan(x.rows[0].elapsed_s));	/* no such column */
	assert_string_equal(x.rows[1].id, "8");
	assert_int_equal(x.rows[1].line, 4);
	assert_true(isnan(x.rows[1].start_t_s));
	assert_int_equal(x.nwarnings, 1);		/* the unreadable date */
	assert_int_equal(x.warnings[0].line, 4);
	strava_export_release(&x);
}

static void test_german_export(void **state)
{
	static const char text[] =
		"Aktivit\xc3\xa4ts-ID,Aktivit\xc3\xa4tsdatum,Name der Aktivit\xc3\xa4t,"
		"Aktivit\xc3\xa4tsart,Verstrichene Zeit,Distanz,Aktivit\xc3\xa4tsausr\xc3\xbcstung,"
		"Dateiname,Distanz\n"
		"55,\"19.07.2026, 14:52:02\",Abendlauf,Lauf,3600,\"10,5\",Nimbus,activities/55.gpx.gz,10500\n";
	struct strava_export x;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	read_mem(&x, text, sizeof(text) - 1, 0, RR_OK, &err);
	assert_int_equal(x.nrows, 1);
	assert_string_equal(x.rows[0].id, "55");
	assert_string_equal(x.rows[0].name, "Abendlauf");
	assert_string_equal(x.rows[0].type, "Lauf");
	assert_string_equal(x.rows[0].gear, "Nimbus");
	assert_string_equal(x.rows[0].filename, "activities/55.gpx.gz");
	assert_true(x.rows[0].start_t_s == 1784472722.0);
	assert_true(x.rows[0].distance == 10.5);	/* decimal comma */
	assert_true(x.rows[0].elapsed_s == 3600.0);
	strava_export_release(&x);
}

static void test_errors(void **state)
{
	static const char no_filename[] = "Activity ID,Activity Gear\n1,Shoe\n";
	static const char bad_quote[] =
		"Activity ID,Filename\n1,a.gpx\n2,b\"x\".gpx\n3,c.gpx\n";
	static const char unclosed[] = "Activity ID,Filename\n1,a.gpx\n2,\"b.gpx\n";
	static const char short_row[] =
		"Activity ID,Activity Name,Filename\n1,ok,a.gpx\n2\n3,fine,c.gpx\n";
	struct strava_export x;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	read_mem(&x, no_filename, sizeof(no_filename) - 1, 0, RR_EFORMAT, &err);
	assert_int_equal(err.line, 1);
	strava_export_release(&x);

	rr_error_clear(&err);
	read_mem(&x, bad_quote, sizeof(bad_quote) - 1, 0, RR_EPARSE, &err);
	assert_int_equal(err.line, 3);
	assert_int_equal(x.nrows, 1);	/* rows before the error are kept */
	strava_export_release(&x);

	rr_error_clear(&err);
	read_mem(&x, unclosed, sizeof(unclosed) - 1, 0, RR_EPARSE, &err);
	assert_non_null(strstr(err.msg, "not closed"));
	strava_export_release(&x);

	rr_error_clear(&err);
	read_mem(&x, short_row, sizeof(short_row) - 1, 0, RR_OK, &err);
	assert_int_equal(x.nrows, 2);
	assert_int_equal(x.nwarnings, 1);
	assert_int_equal(x.warnings[0].line, 3);
	strava_export_release(&x);

	rr_error_clear(&err);
	read_mem(&x, "", 0, 0, RR_EFORMAT, &err);
	strava_export_release(&x);
}

static void test_dates(void **state)
{
	double t;

	(void)state;
	assert_int_equal(strava_parse_date("Jan 5, 2024, 7:12:34 AM", &t), 0);
	assert_true(t == 1704438754.0);
	assert_int_equal(strava_parse_date("January 5, 2024, 7:12:34 AM", &t), 0);
	assert_true(t == 1704438754.0);
	assert_int_equal(strava_parse_date("05.01.2024, 07:12:34", &t), 0);
	assert_true(t == 1704438754.0);
	assert_int_equal(strava_parse_date("2024-01-05T07:12:34Z", &t), 0);
	assert_true(t == 1704438754.0);
	assert_int_equal(strava_parse_date("Dec 31, 2023, 12:00:00 PM", &t), 0);
	assert_true(t == 1703980800.0 + 12 * 3600);
	assert_int_equal(strava_parse_date("Feb 30, 2024, 1:00:00 AM", &t), -1);
	assert_int_equal(strava_parse_date("Jan 5, 2024, 13:00:00 PM", &t), -1);
	assert_int_equal(strava_parse_date("Jan 5, 2024", &t), -1);
	assert_int_equal(strava_parse_date("yesterday", &t), -1);
	assert_int_equal(strava_parse_date("", &t), -1);
}

static void test_find(void **state)
{
	static const char text[] =
		"Activity ID,Activity Gear,Filename\n"
		"1,A,activities/1.gpx.gz\n"
		"2,B,activities/2.tcx\n"
		"3,C,old/x.gpx\n"
		"4,D,other/x.gpx\n"
		"5,E,activities/1.gpx.gz\n";	/* repeated: the first row wins */
	struct strava_export x;
	struct rr_error err = RR_ERROR_INIT;
	const struct strava_row *r;

	(void)state;
	read_mem(&x, text, sizeof(text) - 1, 0, RR_OK, &err);
	r = strava_export_find(&x, "activities/1.gpx.gz");
	assert_non_null(r);
	assert_string_equal(r->gear, "A");
	r = strava_export_find(&x, "activities/1.gpx");	/* unpacked by the user */
	assert_non_null(r);
	assert_string_equal(r->gear, "A");
	r = strava_export_find(&x, "./activities/2.tcx.gz");	/* packed by the user */
	assert_non_null(r);
	assert_string_equal(r->gear, "B");
	r = strava_export_find(&x, "moved/2.tcx");		/* unique name elsewhere */
	assert_non_null(r);
	assert_string_equal(r->gear, "B");
	assert_null(strava_export_find(&x, "moved/x.gpx"));	/* two rows: ambiguous */
	assert_null(strava_export_find(&x, "activities/9.gpx"));
	strava_export_release(&x);

	assert_string_equal(strava_relative("/a/export/activities.csv", "/a/export/activities/1.gpx"),
			    "activities/1.gpx");
	assert_null(strava_relative("/a/export/activities.csv", "/a/exports/1.gpx"));
	assert_string_equal(strava_relative("activities.csv", "./activities/1.gpx"), "activities/1.gpx");
	assert_null(strava_relative("activities.csv", "/abs/1.gpx"));
}

/* ---- a generated Strava export folder ---- */


static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

struct fixture_run {
	const char *id, *gear, *csv_name, *disk_name;
};

/*
 * Write root/activities.csv and root/activities/ as Strava lays them out.
 * disk_name differs from csv_name where the user unpacked a file; NULL
 * disk_name: the file is missing from the folder.
 */
static void make_export(const char *root, const struct fixture_run *runs, size_t n)
{
	char path[PATH_MAX], line[512];
	FILE *csv;
	size_t i;

	fmt(path, sizeof(path), "%s/activities", root);
	assert_int_equal(mkdir(path, 0755), 0);
	fmt(path, sizeof(path), "%s/media", root);
	assert_int_equal(mkdir(path, 0755), 0);
	fmt(path, sizeof(path), "%s/media/photo.jpg", root);
	write_text(path, "\xff\xd8\xff");
	fmt(path, sizeof(path), "%s/profile.csv", root);
	write_text(path, "Athlete ID\n1\n");
	fmt(path, sizeof(path), "%s/activities.csv", root);
	csv = fopen(path, "w");
	assert_non_null(csv);
	assert_true(fputs("Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,"
			  "Distance,Activity Gear,Filename,Elapsed Time,Distance\n", csv) >= 0);
	for (i = 0; i < n; i++) {
		fmt(line, sizeof(line), "%s,\"May %zu, 2024, 6:00:00 AM\",\"Run %s, easy\",Run,"
		    "3600,10,%s,%s,3600.0,10000.0\n", runs[i].id, i + 1, runs[i].id,
		    runs[i].gear, runs[i].csv_name);
		assert_true(fputs(line, csv) >= 0);
		if (runs[i].disk_name) {
			fmt(path, sizeof(path), "%s/%s", root, runs[i].disk_name);
			write_text(path, "<gpx version=\"1.1\"><trk><trkseg/></trk></gpx>\n");
		}
	}
	assert_int_equal(fclose(csv), 0);
}

static void test_generated_export_gear_per_file(void **state)
{
	static const struct fixture_run runs[] = {
		{ "101", "Pegasus 39", "activities/101.gpx", "activities/101.gpx" },
		{ "102", "Speedgoat 5", "activities/102.gpx.gz", "activities/102.gpx" },
		{ "103", "\"Race, flats\"", "activities/103.gpx", "activities/103.gpx" },
		{ "104", "Pegasus 39", "activities/104.fit.gz", "activities/104.fit.gz" },
		{ "105", "", "activities/105.gpx", "activities/105.gpx" },
		{ "106", "Gone", "activities/106.gpx", NULL },
	};
	static const char *const want_gear[] = {
		"Pegasus 39", "Speedgoat 5", "Race, flats", "Pegasus 39", "",
	};
	char root[] = "/tmp/rr-strava-XXXXXX", cmd[64];
	const char *paths[1];
	struct walk_options o;
	struct walk_result w;
	struct strava_export x;
	struct rr_error err = RR_ERROR_INIT;
	const struct walk_athlete *a;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(root));
	make_export(root, runs, sizeof(runs) / sizeof(runs[0]));

	paths[0] = root;
	walk_options_init(&o);
	assert_int_equal(walk_paths(&w, paths, 1, &o, &err), RR_OK);
	assert_false(w.roster);
	assert_int_equal(w.nathletes, 1);
	a = &w.athletes[0];
	assert_int_equal(a->nstrava_csvs, 1);
	assert_int_equal(a->nfiles, 5);	/* media, profile.csv skipped */

	strava_export_init(&x);
	assert_int_equal(strava_csv_load(&x, a->strava_csvs[0], 0, &err), RR_OK);
	assert_int_equal(x.nrows, 6);
	assert_int_equal(x.nfit, 1);
	for (i = 0; i < a->nfiles; i++) {
		const char *rel = strava_relative(a->strava_csvs[0], a->files[i].path);
		const struct strava_row *r;

		assert_non_null(rel);
		r = strava_export_find(&x, rel);
		if (!r)
			fail_msg("no row for %s", rel);
		assert_string_equal(r->gear, want_gear[i]);
		assert_string_equal(r->id, runs[i].id);
		assert_int_equal((a->files[i].hints & WALK_HINT_FIT) != 0,
				 (r->flags & STRAVA_ROW_FIT) != 0);
	}
	strava_export_release(&x);
	walk_result_release(&w);
	fmt(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void test_corpus_absent_ok(void **state)
{
	struct strava_export x;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	strava_export_init(&x);
	assert_int_equal(strava_csv_load(&x, "/nonexistent/activities.csv", 0, &err), RR_EIO);
	assert_int_equal(err.errno_, ENOENT);
	strava_export_release(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_export),
		cmocka_unit_test(test_one_byte_at_a_time),
		cmocka_unit_test(test_crlf_and_reordered_columns),
		cmocka_unit_test(test_german_export),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_generated_export_gear_per_file),
		cmocka_unit_test(test_corpus_absent_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
