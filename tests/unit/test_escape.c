/* test_escape.c - escaping for CSV, JSON, HTML, gnuplot and text, with hostile strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/escape.h"

typedef void (*esc_fn)(FILE *, const char *);

/* Run fn on s into a fresh string (caller frees). */
static char *run(esc_fn fn, const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, s);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void gp200(FILE *f, const char *s)
{
	esc_gp(f, s, 200);
}

#define CHECK(fn, in, want) do { \
		char *got_ = run((fn), (in)); \
		assert_string_equal(got_, (want)); \
		free(got_); \
	} while (0)

static void test_utf8_decode(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);	/* é */
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_decode("\xe2\x82\xac", 3, &cp), 3);	/* € */
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(utf8_decode("\xf0\x9f\x8f\x83", 4, &cp), 4);	/* runner */
	assert_int_equal(cp, 0x1f3c3);
	assert_int_equal(utf8_decode("\xc0\xaf", 2, &cp), 0);	/* overlong '/' */
	assert_int_equal(utf8_decode("\xe0\x80\xaf", 3, &cp), 0);	/* overlong */
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0);	/* surrogate */
	assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0);	/* > U+10FFFF */
	assert_int_equal(utf8_decode("\x80", 1, &cp), 0);	/* lone continuation */
	assert_int_equal(utf8_decode("\xc3", 1, &cp), 0);	/* truncated */
	assert_int_equal(utf8_decode("\xc3(", 2, &cp), 0);
}

static void test_csv(void **state)
{
	(void)state;
	CHECK(esc_csv, "plain", "plain");
	CHECK(esc_csv, "", "");
	CHECK(esc_csv, "a,b", "\"a,b\"");
	CHECK(esc_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	/* controls as in report.txt: a record stays one line */
	CHECK(esc_csv, "two\nlines", "two?lines");
	CHECK(esc_csv, "cr\rhere", "cr?here");
	CHECK(esc_csv, "a,b\nc", "\"a,b?c\"");
	CHECK(esc_csv, "del\x7f", "del?");
	/* Formula injection: text starting with = + - @ TAB CR gets a ' */
	CHECK(esc_csv, "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	CHECK(esc_csv, "+1", "'+1");
	CHECK(esc_csv, "-2+3", "'-2+3");
	CHECK(esc_csv, "@SUM(A1)", "'@SUM(A1)");
	CHECK(esc_csv, "\tx", "'?x");
	CHECK(esc_csv, "a=b", "a=b");	/* only a leading one matters */
	CHECK(esc_csv, "$(touch /tmp/pwned)", "$(touch /tmp/pwned)");
	/* Invalid UTF-8 becomes U+FFFD, valid stays. */
	CHECK(esc_csv, "caf\xe9 \xc3\xa9", "caf\xef\xbf\xbd \xc3\xa9");
	{
		char *got = run(esc_csv, NULL);

		assert_string_equal(got, "");
		free(got);
	}
}

static void test_json(void **state)
{
	(void)state;
	CHECK(esc_json, "plain", "\"plain\"");
	CHECK(esc_json, "q\"b\\s/", "\"q\\\"b\\\\s/\"");
	CHECK(esc_json, "n\nr\rt\tb\bf\f", "\"n\\nr\\rt\\tb\\bf\\f\"");
	CHECK(esc_json, "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	CHECK(esc_json, "\xe2\x80\xa8", "\"\\u2028\"");
	CHECK(esc_json, "bad\xff\xfe", "\"bad\xef\xbf\xbd\xef\xbf\xbd\"");
	CHECK(esc_json, "\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\"");
	CHECK(esc_json, NULL, "null");
	CHECK(esc_json, "`touch /tmp/pwned`", "\"`touch /tmp/pwned`\"");
}

static void test_html(void **state)
{
	(void)state;
	CHECK(esc_html, "<script>alert('x')</script>",
	      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	CHECK(esc_html, "a & \"b\"", "a &amp; &quot;b&quot;");
	CHECK(esc_html, "nul\x01", "nul\xef\xbf\xbd");
	CHECK(esc_html, "\xff", "\xef\xbf\xbd");
	CHECK(esc_html, "\" onerror=\"x", "&quot; onerror=&quot;x");
}

static void test_gnuplot(void **state)
{
	(void)state;
	CHECK(gp200, "Ana", "'Ana'");
	/* Quotes are never doubled (gnuplot 5.4 misreads runs of them). */
	CHECK(gp200, "O'Brien", "'O\xe2\x80\x99" "Brien'");
	CHECK(gp200, "Ana'`x`", "'Ana\xe2\x80\x99\xe2\x80\x98x\xe2\x80\x98'");
	/* Backquotes never survive: each becomes U+2018. */
	CHECK(gp200, "`touch /tmp/pwned`", "'\xe2\x80\x98touch /tmp/pwned\xe2\x80\x98'");
	/* A newline would end the command; control characters become spaces. */
	CHECK(gp200, "a\nset output '/etc/x'", "'a set output \xe2\x80\x99/etc/x\xe2\x80\x99'");
	/* $(...), system(), @macros and backslashes are inert in single quotes. */
	CHECK(gp200, "$(touch /tmp/pwned)", "'$(touch /tmp/pwned)'");
	CHECK(gp200, "system(\"touch /tmp/pwned\")", "'system(\"touch /tmp/pwned\")'");
	CHECK(gp200, "@x \\n", "'@x \\n'");
	CHECK(gp200, "bad\xc3", "'bad\xef\xbf\xbd'");
	CHECK(gp200, NULL, "''");
	{
		/* Cut on a character boundary. */
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		esc_gp(f, "ab\xc3\xa9", 3);
		fclose(f);
		assert_string_equal(buf, "'ab'");
		free(buf);
	}
}

/* Every character that reaches gnuplot: no backquote, no control, quotes paired. */
static void test_gnuplot_fuzz(void **state)
{
	unsigned seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		char in[64], *out;
		size_t i, n = (size_t)(seed % 60), quotes = 0;

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (char)(1 + (seed >> 16) % 255);
		}
		in[n] = '\0';
		out = run(gp200, in);
		assert_true(out[0] == '\'');
		for (i = 0; out[i]; i++) {
			unsigned char c = (unsigned char)out[i];

			assert_true(c != '`');
			assert_true(c >= 0x20 && c != 0x7f);
			quotes += c == '\'';
		}
		assert_true(quotes == 2);	/* only the two that fence the literal */
		free(out);
	}
}

static void test_text(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	CHECK(esc_text, "line\nforged", "line?forged");
	assert_int_equal(text_width("caf\xc3\xa9"), 4);
	assert_int_equal(text_width("\xff"), 1);
	f = open_memstream(&buf, &len);
	text_cell(f, "abcdef", 4, false);
	fputc('|', f);
	text_cell(f, "ab", 4, false);
	fputc('|', f);
	text_cell(f, "ab", 4, true);
	fputc('|', f);
	text_cell(f, "\xc3\xa9\xc3\xa9\xc3\xa9", 2, false);
	fclose(f);
	assert_string_equal(buf, "abc~|ab  |  ab|\xc3\xa9~");
	free(buf);
}

static void test_folder_name(void **state)
{
	char out[80];

	(void)state;
	esc_folder_name(out, sizeof(out), "Ana");
	assert_string_equal(out, "Ana");
	esc_folder_name(out, sizeof(out), "../etc/passwd");
	assert_string_equal(out, "___etc_passwd");
	esc_folder_name(out, sizeof(out), ".hidden");
	assert_string_equal(out, "_hidden");
	esc_folder_name(out, sizeof(out), "");
	assert_string_equal(out, "athlete");
	esc_folder_name(out, sizeof(out), NULL);
	assert_string_equal(out, "athlete");
	esc_folder_name(out, sizeof(out), "Jos\xc3\xa9 M");
	assert_string_equal(out, "Jos\xc3\xa9_M");
	esc_folder_name(out, sizeof(out), "a'b\"c`$(x)\n");
	assert_string_equal(out, "a_b_c___x__");
	esc_folder_name(out, sizeof(out), "index.html");
	assert_string_equal(out, "index_html");
	memset(out, 0, sizeof(out));
	{
		char longname[200];

		memset(longname, 'x', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		esc_folder_name(out, sizeof(out), longname);
		assert_int_equal(strlen(out), 64);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_gnuplot),
		cmocka_unit_test(test_gnuplot_fuzz),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_folder_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
