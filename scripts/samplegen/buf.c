/*
 * buf.c - growable text buffers, deterministic gzip and file output.
 * Allocation and write failures end the program here, in one place: the
 * generator is a build tool, not library code.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "scripts/samplegen/samplegen.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("samplegen: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die("out of memory (%zu bytes)", n);
	return q;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	while (c < need) {
		if (c > SIZE_MAX / 2 / elem)
			die("size overflow growing an array to %zu elements", need);
		c = c ? c * 2 : 64;
	}
	*cap = c;
	return xrealloc(p, c * elem);
}

void sbuf_init(struct sbuf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
}

void sbuf_release(struct sbuf *b)
{
	free(b->p);
	sbuf_init(b);
}

/* Invariant: p is NUL-terminated once anything was added. */
void sbuf_add(struct sbuf *b, const void *data, size_t n)
{
	if (n > SIZE_MAX - b->len - 1)
		die("buffer too large");
	b->p = xgrow(b->p, &b->cap, b->len + n + 1, 1);
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vsnprintf failed");
	b->p = xgrow(b->p, &b->cap, b->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sbuf_xml_text(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sbuf_puts(b, "&amp;"); break;
		case '<': sbuf_puts(b, "&lt;"); break;
		case '>': sbuf_puts(b, "&gt;"); break;
		case '"': sbuf_puts(b, "&quot;"); break;
		case '\'': sbuf_puts(b, "&apos;"); break;
		default: sbuf_add(b, s, 1); break;
		}
	}
}

/*
 * windowBits 15 + 16 asks deflate for a gzip wrapper; with no gz_header
 * set, zlib writes mtime 0, no file name and its own OS byte, so the
 * output depends only on the input and the zlib version.
 */
void gzip_bytes(const void *data, size_t n, int level, struct sbuf *out)
{
	z_stream zs;
	unsigned char chunk[65536];
	int rc;

	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		die("deflateInit2 failed");
	zs.next_in = (Bytef *)(uintptr_t)data;	/* zlib does not write through next_in */
	if (n > UINT32_MAX)
		die("gzip input too large");
	zs.avail_in = (uInt)n;
	do {
		zs.next_out = chunk;
		zs.avail_out = sizeof chunk;
		rc = deflate(&zs, Z_FINISH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			die("deflate failed (%d)", rc);
		sbuf_add(out, chunk, sizeof chunk - zs.avail_out);
	} while (rc != Z_STREAM_END);
	if (deflateEnd(&zs) != Z_OK)
		die("deflateEnd failed");
}

void mkdir_p(const char *path)
{
	char tmp[1024];
	size_t n = strlen(path);

	if (n >= sizeof tmp)
		die("path too long: %s", path);
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			die("mkdir %s: %s", tmp, strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		die("mkdir %s: %s", tmp, strerror(errno));
}

void write_file(const char *path, const void *data, size_t n)
{
	char tmp[1100];
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp~", path) >= sizeof tmp)
		die("path too long: %s", path);
	f = fopen(tmp, "wb");
	if (!f)
		die("cannot create %s: %s", tmp, strerror(errno));
	if (n && fwrite(data, 1, n, f) != n)
		die("cannot write %s: %s", tmp, strerror(errno));
	if (fclose(f) != 0)
		die("cannot write %s: %s", tmp, strerror(errno));
	if (rename(tmp, path) != 0)
		die("cannot rename %s to %s: %s", tmp, path, strerror(errno));
}
