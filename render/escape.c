#include "render/escape.h"

#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD in UTF-8 */

size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;	/* continuation byte, 0xc0/0xc1 overlongs, > 0xf4 */
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/*
 * Walk s one character at a time; invalid bytes arrive as cp = U+FFFD with
 * n = 1 and raw pointing at the replacement's UTF-8.
 */
struct utf8_iter {
	const char *s, *end;
	uint32_t cp;
	const char *raw;	/* bytes to copy for this character */
	size_t rawlen;
};

static void utf8_iter_init(struct utf8_iter *it, const char *s)
{
	it->s = s;
	it->end = s + strlen(s);
}

static bool utf8_iter_next(struct utf8_iter *it)
{
	size_t n;

	if (it->s >= it->end)
		return false;
	n = utf8_decode(it->s, (size_t)(it->end - it->s), &it->cp);
	if (n) {
		it->raw = it->s;
		it->rawlen = n;
		it->s += n;
	} else {
		it->cp = 0xfffd;
		it->raw = REPLACEMENT;
		it->rawlen = 3;
		it->s++;
	}
	return true;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

static void put_raw(FILE *f, const struct utf8_iter *it)
{
	if (it->rawlen == 1)
		putc_unlocked(*it->raw, f);	/* ASCII: most of every table */
	else
		fwrite(it->raw, 1, it->rawlen, f);
}

void esc_csv(FILE *f, const char *s)
{
	struct utf8_iter it;
	bool quote = false, guard;

	if (!s)
		return;
	guard = strchr("=+-@\t\r", s[0]) && s[0];
	quote = strpbrk(s, ",\"") != NULL;
	if (quote)
		putc_unlocked('"', f);
	if (guard)
		putc_unlocked('\'', f);
	utf8_iter_init(&it, s);
	while (utf8_iter_next(&it)) {
		if (it.cp == '"')
			putc_unlocked('"', f);
		if (is_control(it.cp))
			putc_unlocked('?', f);	/* as in report.txt: one record, one line */
		else
			put_raw(f, &it);
	}
	if (quote)
		putc_unlocked('"', f);
}

void esc_json(FILE *f, const char *s)
{
	struct utf8_iter it;

	if (!s) {
		fputs("null", f);
		return;
	}
	putc_unlocked('"', f);
	utf8_iter_init(&it, s);
	while (utf8_iter_next(&it)) {
		switch (it.cp) {
		case '"':	fputs("\\\"", f); break;
		case '\\':	fputs("\\\\", f); break;
		case '\n':	fputs("\\n", f); break;
		case '\r':	fputs("\\r", f); break;
		case '\t':	fputs("\\t", f); break;
		case '\b':	fputs("\\b", f); break;
		case '\f':	fputs("\\f", f); break;
		default:
			if (it.cp < 0x20 || it.cp == 0x7f || it.cp == 0x2028 ||
			    it.cp == 0x2029)
				fprintf(f, "\\u%04x", (unsigned)it.cp);
			else
				put_raw(f, &it);
		}
	}
	putc_unlocked('"', f);
}

void esc_html(FILE *f, const char *s)
{
	struct utf8_iter it;

	if (!s)
		return;
	utf8_iter_init(&it, s);
	while (utf8_iter_next(&it)) {
		switch (it.cp) {
		case '&':	fputs("&amp;", f); break;
		case '<':	fputs("&lt;", f); break;
		case '>':	fputs("&gt;", f); break;
		case '"':	fputs("&quot;", f); break;
		case '\'':	fputs("&#39;", f); break;
		case '\t':
		case '\n':	putc_unlocked((int)it.cp, f); break;
		default:
			if (is_control(it.cp))
				fputs(REPLACEMENT, f);
			else
				put_raw(f, &it);
		}
	}
}

void esc_gp(FILE *f, const char *s, size_t max_bytes)
{
	struct utf8_iter it;
	size_t used = 0;

	putc_unlocked('\'', f);
	if (s) {
		utf8_iter_init(&it, s);
		while (utf8_iter_next(&it)) {
			if (used + it.rawlen > max_bytes)
				break;
			used += it.rawlen;
			/*
			 * gnuplot 5.4 misreads runs of doubled quotes (four
			 * quotes in a row are a syntax error), so quotes are
			 * never doubled: an apostrophe becomes U+2019 and a
			 * backquote U+2018, which read the same in a title and
			 * can form no command.
			 */
			if (it.cp == '\'')
				fputs("\xE2\x80\x99", f);
			else if (it.cp == '`')
				fputs("\xE2\x80\x98", f);
			else if (is_control(it.cp))
				putc_unlocked(' ', f);
			else
				put_raw(f, &it);
		}
	}
	putc_unlocked('\'', f);
}

void esc_text(FILE *f, const char *s)
{
	struct utf8_iter it;

	if (!s)
		return;
	utf8_iter_init(&it, s);
	while (utf8_iter_next(&it)) {
		if (is_control(it.cp))
			putc_unlocked('?', f);
		else
			put_raw(f, &it);
	}
}

size_t text_width(const char *s)
{
	struct utf8_iter it;
	size_t w = 0;

	if (!s)
		return 0;
	utf8_iter_init(&it, s);
	while (utf8_iter_next(&it))
		w++;
	return w;
}

void text_cell(FILE *f, const char *s, size_t width, bool right_align)
{
	struct utf8_iter it;
	size_t w = text_width(s), i, shown;

	if (w > width) {
		/* Cut: width - 1 characters and a '~'. */
		shown = 0;
		if (width) {
			utf8_iter_init(&it, s);
			while (shown + 1 < width && utf8_iter_next(&it)) {
				if (is_control(it.cp))
					putc_unlocked('?', f);
				else
					put_raw(f, &it);
				shown++;
			}
			putc_unlocked('~', f);
		}
		return;
	}
	if (right_align)
		for (i = w; i < width; i++)
			putc_unlocked(' ', f);
	esc_text(f, s);
	if (!right_align)
		for (i = w; i < width; i++)
			putc_unlocked(' ', f);
}

void esc_folder_name(char *out, size_t size, const char *folder)
{
	struct utf8_iter it;
	size_t n = 0, limit = size - 1 < 64 ? size - 1 : 64;

	utf8_iter_init(&it, folder ? folder : "");
	while (utf8_iter_next(&it)) {
		uint32_t c = it.cp;

		if (c >= 0x80 && c != 0xfffd && !is_control(c)) {
			if (n + it.rawlen > limit)
				break;
			memcpy(out + n, it.raw, it.rawlen);
			n += it.rawlen;
			continue;
		}
		if (n + 1 > limit)
			break;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_')
			out[n++] = (char)c;
		else
			out[n++] = '_';
	}
	out[n] = '\0';
	if (!n)
		snprintf(out, size, "athlete");
}
