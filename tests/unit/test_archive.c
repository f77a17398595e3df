/*
 * test_archive.c - the zip layer (parsers/archive.h) on zips written here
 * with libarchive's writer: listing (nested, directories, names), every
 * cap at its edge, refused names, and reading members through one cursor
 * forward, backward and across two zips, gzip inside the zip included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "parsers/archive.h"

struct zbuf {
	unsigned char *p;
	size_t len;
};

struct member {
	const char *name;
	const void *data;
	size_t len;		/* (size_t)-1: a directory */
};

/* A zip of members[0..n) (deflate, or stored), sizes declared in the headers. */
static struct zbuf make_zip(const struct member *m, size_t n, int stored)
{
	size_t cap = 1 << 20, used = 0, i;
	struct zbuf z;
	struct archive *a = archive_write_new();

	for (i = 0; i < n; i++)
		if (m[i].len != (size_t)-1)
			cap += m[i].len + 1024;
	z.p = malloc(cap);
	assert_non_null(z.p);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	if (stored)
		assert_int_equal(archive_write_set_options(a, "zip:compression=store"), ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, z.p, cap, &used), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();

		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_mtime(e, 1704067200, 0);
		if (m[i].len == (size_t)-1) {
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, (la_int64_t)m[i].len);
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (m[i].len && m[i].len != (size_t)-1)
			assert_int_equal(archive_write_data(a, m[i].data, m[i].len), (la_ssize_t)m[i].len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	z.len = used;
	return z;
}

static struct zbuf gzip_of(const char *s)
{
	struct zbuf z;
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	z.p = malloc(strlen(s) + 128);
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)(uintptr_t)s;
	zs.avail_in = (uInt)strlen(s);
	zs.next_out = z.p;
	zs.avail_out = (uInt)(strlen(s) + 128);
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	z.len = zs.total_out;
	deflateEnd(&zs);
	return z;
}

/* Read member i of the listing through cur into out (NUL-terminated). */
static enum rr_status slurp(struct rr_archive_cursor *cur, const struct zbuf *z,
			    const struct rr_member_ref *ref, const struct rr_archive_limits *lim,
			    char *out, size_t cap, struct rr_error *err)
{
	struct rr_input *in;
	enum rr_status st;
	size_t got, have = 0;

	st = rr_archive_open_member_mem(&in, cur, z->p, z->len, ref, lim, 0, err);
	if (st != RR_OK)
		return st;
	while ((st = rr_input_read(in, out + have, cap - 1 - have, &got, err)) == RR_OK && got)
		have += got;
	out[have] = '\0';
	rr_input_close(in);
	return st;
}

static void test_defaults(void **state)
{
	struct rr_archive_limits l;

	(void)state;
	rr_archive_limits_default(&l);
	assert_true(l.max_total_bytes == 16ULL << 30);
	assert_int_equal(l.max_ratio, 100);
	assert_true(l.ratio_floor_bytes == 64ULL << 20);
	assert_true(l.max_member_bytes == 1ULL << 30);
	assert_int_equal(l.max_members, 200000);
	assert_int_equal(l.max_depth, 2);
}

static void test_list_and_read(void **state)
{
	struct zbuf gz = gzip_of("<gpx>zipped</gpx>");
	const struct member inner_m[] = {
		{ "a.fit", "AAAA", 4 },
		{ "b.gpx", "<gpx>b</gpx>", 12 },
	};
	struct zbuf inner = make_zip(inner_m, 2, 0);
	const struct member m[] = {
		{ "activities/", NULL, (size_t)-1 },
		{ "activities.csv", "Filename\n", 9 },
		{ "activities/1.gpx.gz", gz.p, gz.len },
		{ "part1.zip", inner.p, inner.len },
		{ "activities/2.gpx", "<gpx>two</gpx>", 14 },
	};
	struct zbuf z = make_zip(m, 5, 0);
	struct rr_archive_listing l;
	struct rr_error err = RR_ERROR_INIT;
	struct rr_archive_cursor *cur = rr_archive_cursor_new();
	char buf[256];

	(void)state;
	assert_int_equal(rr_archive_list_mem(z.p, z.len, NULL, &l, &err), RR_OK);
	assert_int_equal(l.n, 5);	/* the folder is no member, the inner zip is entered */
	assert_string_equal(l.members[0].name, "activities.csv");
	assert_string_equal(l.members[1].name, "activities/1.gpx.gz");
	assert_string_equal(l.members[2].name, "part1.zip:a.fit");
	assert_string_equal(l.members[3].name, "part1.zip:b.gpx");
	assert_string_equal(l.members[4].name, "activities/2.gpx");
	assert_int_equal(l.members[2].ref.depth, 2);
	assert_int_equal(l.members[2].ref.index[0], 3);
	assert_int_equal(l.members[2].ref.index[1], 0);
	assert_int_equal(l.members[3].ref.index[1], 1);
	assert_int_equal(l.members[4].ref.depth, 1);
	assert_int_equal(l.members[4].ref.index[0], 4);
	assert_true(l.members[4].ref.size_known);
	assert_int_equal(l.members[4].ref.size_bytes, 14);

	/* Forward, gzip inflated inside the zip, nested, then backward (a reopen). */
	assert_int_equal(slurp(cur, &z, &l.members[1].ref, NULL, buf, sizeof(buf), &err), RR_OK);
	assert_string_equal(buf, "<gpx>zipped</gpx>");
	assert_int_equal(slurp(cur, &z, &l.members[2].ref, NULL, buf, sizeof(buf), &err), RR_OK);
	assert_string_equal(buf, "AAAA");
	assert_int_equal(slurp(cur, &z, &l.members[3].ref, NULL, buf, sizeof(buf), &err), RR_OK);
	assert_string_equal(buf, "<gpx>b</gpx>");
	assert_int_equal(slurp(cur, &z, &l.members[4].ref, NULL, buf, sizeof(buf), &err), RR_OK);
	assert_string_equal(buf, "<gpx>two</gpx>");
	assert_int_equal(slurp(cur, &z, &l.members[0].ref, NULL, buf, sizeof(buf), &err), RR_OK);
	assert_string_equal(buf, "Filename\n");
	assert_int_equal(slurp(cur, &z, &l.members[3].ref, NULL, buf, sizeof(buf), &err), RR_OK);
	assert_string_equal(buf, "<gpx>b</gpx>");
	assert_int_equal(slurp(cur, &z, &l.members[2].ref, NULL, buf, sizeof(buf), &err), RR_OK);
	assert_string_equal(buf, "AAAA");

	rr_archive_cursor_free(cur);
	rr_archive_listing_release(&l);
	free(z.p);
	free(inner.p);
	free(gz.p);
}

static void refused_name(const char *name, bool refused)
{
	const struct member m[] = { { "ok.gpx", "x", 1 }, { name, "y", 1 } };
	struct zbuf z = make_zip(m, 2, 1);
	struct rr_archive_listing l;
	struct rr_error err = RR_ERROR_INIT;
	enum rr_status st = rr_archive_list_mem(z.p, z.len, NULL, &l, &err);

	if (refused) {
		assert_int_equal(st, RR_EFORMAT);
		/* libarchive may turn a Windows '\\' into '/': the name is still named. */
		if (!strchr(name, '\\'))
			assert_string_equal(l.bad_member, name);
		else
			assert_true(strlen(l.bad_member) == strlen(name));
		assert_int_equal(l.n, 0);	/* the whole archive, not just the member */
		assert_non_null(strstr(err.msg, "archive refused"));
	} else {
		assert_int_equal(st, RR_OK);
		assert_int_equal(l.n, 2);
	}
	rr_archive_listing_release(&l);
	free(z.p);
}

static void test_names(void **state)
{
	(void)state;
	refused_name("../evil.gpx", true);
	refused_name("a/../../evil.gpx", true);
	refused_name("a/..", true);
	refused_name("..\\evil.gpx", true);
	refused_name("/etc/evil.gpx", true);
	refused_name("\\evil.gpx", true);
	refused_name("C:evil.gpx", true);
	refused_name("...gpx", false);
	refused_name("a..b/c..gpx", false);
	refused_name("a/.../b.gpx", false);
}

static void test_ratio_and_total(void **state)
{
	size_t n = 200000;
	char *zeros = calloc(1, n);
	const struct member m[] = { { "z.gpx", zeros, n } };
	struct zbuf z = make_zip(m, 1, 0);	/* ~200:1 and more */
	struct rr_archive_limits lim;
	struct rr_archive_listing l;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rr_archive_limits_default(&lim);
	/* Below the floor any ratio is fine. */
	lim.ratio_floor_bytes = n;
	assert_int_equal(rr_archive_list_mem(z.p, z.len, &lim, &l, &err), RR_OK);
	rr_archive_listing_release(&l);
	/* Past the floor the ratio refuses it... */
	lim.ratio_floor_bytes = n - 1;
	lim.max_ratio = (unsigned)(n / z.len);
	rr_error_clear(&err);
	assert_int_equal(rr_archive_list_mem(z.p, z.len, &lim, &l, &err), RR_ELIMIT);
	assert_string_equal(l.bad_member, "z.gpx");
	assert_non_null(strstr(err.msg, "times its size"));
	/* ...unless the ratio allows one more. */
	lim.max_ratio = (unsigned)(n / z.len) + 1;
	rr_error_clear(&err);
	assert_int_equal(rr_archive_list_mem(z.p, z.len, &lim, &l, &err), RR_OK);
	rr_archive_listing_release(&l);
	/* The total: exactly n passes, n - 1 does not. */
	rr_archive_limits_default(&lim);
	lim.max_total_bytes = n;
	rr_error_clear(&err);
	assert_int_equal(rr_archive_list_mem(z.p, z.len, &lim, &l, &err), RR_OK);
	rr_archive_listing_release(&l);
	lim.max_total_bytes = n - 1;
	rr_error_clear(&err);
	assert_int_equal(rr_archive_list_mem(z.p, z.len, &lim, &l, &err), RR_ELIMIT);
	assert_non_null(strstr(err.msg, "uncompressed"));
	free(z.p);
	free(zeros);
}

static void test_members_and_depth(void **state)
{
	const struct member three[] = { { "a", "1", 1 }, { "b", "2", 1 }, { "c", "3", 1 } };
	struct zbuf z = make_zip(three, 3, 1);
	const struct member l2m[] = { { "z3.zip", z.p, z.len } };
	struct zbuf l2 = make_zip(l2m, 1, 1);
	const struct member l1m[] = { { "z2.zip", l2.p, l2.len } };
	struct zbuf l1 = make_zip(l1m, 1, 1);
	struct rr_archive_limits lim;
	struct rr_archive_listing l;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	rr_archive_limits_default(&lim);
	lim.max_members = 3;
	assert_int_equal(rr_archive_list_mem(z.p, z.len, &lim, &l, &err), RR_OK);
	assert_int_equal(l.n, 3);
	rr_archive_listing_release(&l);
	/* The zip's end record declares 3: refused before its directory is loaded. */
	lim.max_members = 2;
	assert_int_equal(rr_archive_list_mem(z.p, z.len, &lim, &l, &err), RR_ELIMIT);
	assert_non_null(strstr(err.msg, "declares 3 members"));
	/* Inside a zip (streamed, no end record to trust) the third member refuses it. */
	rr_error_clear(&err);
	assert_int_equal(rr_archive_list_mem(l2.p, l2.len, &lim, &l, &err), RR_ELIMIT);
	assert_string_equal(l.bad_member, "z3.zip:c");
	assert_int_equal(l.n, 0);

	/* Depth 2 is read (z2.zip:z3.zip is a zip at depth 3: refused). */
	rr_archive_limits_default(&lim);
	rr_error_clear(&err);
	assert_int_equal(rr_archive_list_mem(l2.p, l2.len, &lim, &l, &err), RR_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.members[2].name, "z3.zip:c");
	rr_archive_listing_release(&l);
	rr_error_clear(&err);
	assert_int_equal(rr_archive_list_mem(l1.p, l1.len, &lim, &l, &err), RR_ELIMIT);
	assert_string_equal(l.bad_member, "z2.zip:z3.zip");
	assert_non_null(strstr(err.msg, "nested more than 2"));
	free(z.p);
	free(l2.p);
	free(l1.p);
}

/* A member that delivers more than its header declares stops at the declared size. */
static void test_declared_size_cap(void **state)
{
	const struct member m[] = { { "big.gpx", "0123456789", 10 } };
	struct zbuf z = make_zip(m, 1, 1);
	struct rr_archive_listing l;
	struct rr_error err = RR_ERROR_INIT;
	struct rr_archive_cursor *cur = rr_archive_cursor_new();
	struct rr_member_ref ref;
	char buf[64];

	(void)state;
	assert_int_equal(rr_archive_list_mem(z.p, z.len, NULL, &l, &err), RR_OK);
	ref = l.members[0].ref;
	assert_int_equal(slurp(cur, &z, &ref, NULL, buf, sizeof(buf), &err), RR_OK);
	assert_string_equal(buf, "0123456789");
	/* A reader trusting a header that claimed 9 bytes: the 10th is refused. */
	{
		struct rr_archive_limits lim;

		rr_archive_limits_default(&lim);
		lim.max_member_bytes = 9;	/* caps the declared 10 too */
		rr_error_clear(&err);
		assert_int_equal(slurp(cur, &z, &ref, &lim, buf, sizeof(buf), &err), RR_ELIMIT);
		assert_non_null(strstr(err.msg, "9 bytes"));
	}
	rr_archive_cursor_free(cur);
	rr_archive_listing_release(&l);
	free(z.p);
}

/*
 * A zip cut before its central directory (an interrupted download) has no
 * end record: it is read in streaming mode, and the missing rest makes it
 * corrupt as a whole (nothing listed; the message says why).  A member
 * before the cut is still readable by position.
 */
static void test_no_end_record(void **state)
{
	const struct member m[] = { { "a.gpx", "<gpx>a</gpx>", 12 }, { "b.gpx", "<gpx>b</gpx>", 12 } };
	struct zbuf z = make_zip(m, 2, 1);
	struct rr_archive_listing l;
	struct rr_error err = RR_ERROR_INIT;
	struct rr_archive_cursor *cur = rr_archive_cursor_new();
	struct zbuf cut;
	char buf[64];
	size_t i;
	enum rr_status st;

	(void)state;
	for (i = 0; i + 4 <= z.len; i++)
		if (memcmp(z.p + i, "PK\1\2", 4) == 0)
			break;
	assert_true(i + 4 <= z.len);
	cut.p = z.p;
	cut.len = i;
	st = rr_archive_list_mem(cut.p, cut.len, NULL, &l, &err);
	assert_int_equal(st, RR_EFORMAT);
	assert_int_equal(l.n, 0);
	assert_non_null(strstr(err.msg, "truncated"));
	rr_archive_listing_release(&l);
	{
		struct rr_member_ref ref = { 1, { 0, 0 }, 12, true };

		rr_error_clear(&err);
		assert_int_equal(slurp(cur, &cut, &ref, NULL, buf, sizeof(buf), &err), RR_OK);
		assert_string_equal(buf, "<gpx>a</gpx>");
	}
	rr_archive_cursor_free(cur);
	free(z.p);
}

static void test_not_a_zip(void **state)
{
	struct rr_archive_listing l;
	struct rr_error err = RR_ERROR_INIT;

	(void)state;
	assert_int_not_equal(rr_archive_list_mem("PK\3\4garbage", 11, NULL, &l, &err), RR_OK);
	assert_int_equal(l.n, 0);
	assert_false(rr_archive_sniff("/nonexistent/x.zip"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_list_and_read),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ratio_and_total),
		cmocka_unit_test(test_members_and_depth),
		cmocka_unit_test(test_declared_size_cap),
		cmocka_unit_test(test_no_end_record),
		cmocka_unit_test(test_not_a_zip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
