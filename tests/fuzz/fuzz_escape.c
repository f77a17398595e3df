/*
 * libFuzzer target: the escapers of render/escape.h, which every string from
 * a file passes on its way into CSV, JSON, HTML, gnuplot and the text
 * report.  Each output is checked against what its reader needs, with checks
 * written here independently of escape.c: valid UTF-8 always; a CSV cell
 * that cannot start a formula or end early; a JSON string that ends only at
 * its closing quote; HTML with no markup characters; a gnuplot literal that
 * no input can close; text with no control characters; a folder name that
 * stays one folder.
 * Input: byte 0 picks the gnuplot cut and the text cell width; the rest,
 * up to the first NUL, is the string.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct out {
	FILE *f;
	char *buf;
	size_t len;
};

static void out_open(struct out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
	if (!o->f)
		abort();
}

static void out_close(struct out *o)
{
	if (fclose(o->f) != 0)
		abort();
	if (memchr(o->buf, '\0', o->len))
		abort();	/* no escaper writes a NUL */
}

/* Strict UTF-8 (RFC 3629); the number of code points, or -1. */
static long utf8_count(const unsigned char *s, size_t len)
{
	size_t i = 0;
	long n = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t k, need;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			n++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) { need = 1; cp = c & 0x1f; }
		else if ((c & 0xf0) == 0xe0) { need = 2; cp = c & 0x0f; }
		else if ((c & 0xf8) == 0xf0) { need = 3; cp = c & 0x07; }
		else return -1;
		for (k = 1; k <= need; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		i += need + 1;
		n++;
	}
	return n;
}

static void need_utf8(const struct out *o)
{
	if (utf8_count((const unsigned char *)o->buf, o->len) < 0)
		abort();
}

/* No C0 control, DEL or C1 control (U+0080..U+009F) except those allowed. */
static bool has_control(const char *s, size_t len, const char *allowed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 || c == 0x7f) && !(c && strchr(allowed, c)))
			return true;
		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return true;
	}
	return false;
}

static void check_csv(const char *s)
{
	struct out o;
	const char *b, *e;
	size_t i;

	out_open(&o);
	esc_csv(o.f, s);
	out_close(&o);
	need_utf8(&o);
	b = o.buf;
	e = o.buf + o.len;
	if (o.len && b[0] == '"') {
		/* quoted: ends with a quote, every quote inside doubled */
		if (o.len < 2 || e[-1] != '"')
			abort();
		for (i = 1; i + 1 < o.len; i++) {
			if (b[i] != '"')
				continue;
			if (i + 2 >= o.len || b[i + 1] != '"')
				abort();
			i++;
		}
		b++;
		e--;
	} else if (memchr(b, ',', o.len) || memchr(b, '"', o.len) || memchr(b, '\n', o.len) ||
		   memchr(b, '\r', o.len)) {
		abort();
	}
	if (b < e && strchr("=+-@\t\r", *b))
		abort();	/* a spreadsheet would run it as a formula */
	for (i = 0; i < o.len; i++)
		if ((unsigned char)o.buf[i] < 0x20 || o.buf[i] == 0x7f)
			abort();	/* a control: a forged row or a hidden one */
	free(o.buf);
}

static void check_json(const char *s)
{
	struct out o;
	size_t i;

	out_open(&o);
	esc_json(o.f, s);
	out_close(&o);
	need_utf8(&o);
	if (o.len < 2 || o.buf[0] != '"' || o.buf[o.len - 1] != '"')
		abort();
	for (i = 1; i + 1 < o.len; i++) {
		unsigned char c = (unsigned char)o.buf[i];

		if (c < 0x20 || c == '"')
			abort();
		if (c == '\\') {
			char n = o.buf[++i];

			if (i + 1 >= o.len || !strchr("\"\\/bfnrtu", n))
				abort();
		}
		if (c == 0xe2 && i + 2 < o.len && (unsigned char)o.buf[i + 1] == 0x80 &&
		    ((unsigned char)o.buf[i + 2] == 0xa8 || (unsigned char)o.buf[i + 2] == 0xa9))
			abort();	/* U+2028/9 end a line in JavaScript */
	}
	free(o.buf);
}

static void check_html(const char *s)
{
	static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
	struct out o;
	size_t i, k;

	out_open(&o);
	esc_html(o.f, s);
	out_close(&o);
	need_utf8(&o);
	if (has_control(o.buf, o.len, "\t\n"))
		abort();
	for (i = 0; i < o.len; i++) {
		if (strchr("<>\"'", o.buf[i]))
			abort();
		if (o.buf[i] != '&')
			continue;
		for (k = 0; k < 5; k++)
			if (!strncmp(o.buf + i, ent[k], strlen(ent[k])))
				break;
		if (k == 5)
			abort();
	}
	free(o.buf);
}

static void check_gp(const char *s, size_t max_bytes)
{
	struct out o;

	out_open(&o);
	esc_gp(o.f, s, max_bytes);
	out_close(&o);
	need_utf8(&o);
	if (o.len < 2 || o.buf[0] != '\'' || o.buf[o.len - 1] != '\'')
		abort();
	if (memchr(o.buf + 1, '\'', o.len - 2) || memchr(o.buf, '`', o.len) ||
	    has_control(o.buf, o.len, ""))
		abort();
	if (o.len - 2 > 3 * max_bytes)
		abort();	/* the cut holds (a character grows to 3 bytes at most) */
	free(o.buf);
}

static void check_text(const char *s, size_t width)
{
	struct out o;
	long w;

	out_open(&o);
	esc_text(o.f, s);
	out_close(&o);
	need_utf8(&o);
	if (has_control(o.buf, o.len, ""))
		abort();
	if (utf8_count((const unsigned char *)o.buf, o.len) != (long)text_width(s))
		abort();
	free(o.buf);

	out_open(&o);
	text_cell(o.f, s, width, width & 1);
	out_close(&o);
	need_utf8(&o);
	if (has_control(o.buf, o.len, ""))
		abort();
	w = utf8_count((const unsigned char *)o.buf, o.len);
	if (w != (long)width && !(width == 0 && w == 0))
		abort();	/* a cell is exactly as wide as asked */
	free(o.buf);
}

static void check_folder(const char *s)
{
	char name[72];
	size_t len, i;

	memset(name, 'X', sizeof(name));
	esc_folder_name(name, sizeof(name), s);
	if (!memchr(name, '\0', sizeof(name)))
		abort();
	len = strlen(name);
	if (len == 0 || len > 64 || utf8_count((const unsigned char *)name, len) < 0)
		abort();
	if (has_control(name, len, ""))
		abort();
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				  (c >= '0' && c <= '9') || c == '-' || c == '_'))
			abort();	/* no '/', '.', space, quote or control */
	}
	if (!strcmp(name, "report.txt") || !strcmp(name, "index.html"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	size_t max_bytes, width;

	if (size < 1)
		return 0;
	max_bytes = data[0] & 0x7f;
	width = data[0] & 0x3f;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	check_csv(s);
	check_json(s);
	check_html(s);
	check_gp(s, max_bytes);
	check_text(s, width);
	check_folder(s);
	free(s);
	return 0;
}
