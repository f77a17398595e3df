/*
 * zipw.c - a deterministic zip writer for the samples (a Strava bulk export
 * as downloaded).  Every entry has the same DOS time, sizes and CRC in the
 * local header (no data descriptor), and the order the caller gives; gzip
 * files are stored (deflating them again gains nothing), the rest deflated
 * with zlib level 9, raw.  The same input gives the same bytes with the
 * same zlib (see doc/samples.md).
 */
#include <string.h>
#include <zlib.h>

#include "scripts/samplegen/samplegen.h"

/* 2026-10-26 08:00:00, the day after the data end: the day of the download. */
#define DOS_TIME ((8u << 11) | (0u << 5) | 0u)
#define DOS_DATE (((2026u - 1980u) << 9) | (10u << 5) | 26u)

static void le16(struct sbuf *b, unsigned v)
{
	unsigned char c[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	sbuf_add(b, c, 2);
}

static void le32(struct sbuf *b, unsigned long v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };

	sbuf_add(b, c, 4);
}

void zipw_init(struct zipw *z)
{
	sbuf_init(&z->data);
	sbuf_init(&z->central);
	z->n = 0;
}

static void deflate_raw(const void *data, size_t n, struct sbuf *out)
{
	z_stream zs;
	int rc;

	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		die("deflateInit2 failed");
	if (n > 0xffffffffu)
		die("zip member too large");
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)n;
	do {
		unsigned char buf[65536];

		zs.next_out = buf;
		zs.avail_out = sizeof buf;
		rc = deflate(&zs, Z_FINISH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			die("deflate failed (%d)", rc);
		sbuf_add(out, buf, sizeof buf - zs.avail_out);
	} while (rc != Z_STREAM_END);
	deflateEnd(&zs);
}

void zipw_add(struct zipw *z, const char *name, const void *data, size_t n)
{
	size_t nl = strlen(name);
	unsigned long crc = crc32(0L, (const Bytef *)data, (uInt)n);
	unsigned long offset = (unsigned long)z->data.len;
	bool stored = nl > 3 && strcmp(name + nl - 3, ".gz") == 0;
	struct sbuf packed;
	const void *body = data;
	size_t body_len = n;

	sbuf_init(&packed);
	if (!stored) {
		deflate_raw(data, n, &packed);
		body = packed.p;
		body_len = packed.len;
	}
	le32(&z->data, 0x04034b50);
	le16(&z->data, 20);			/* version needed: deflate */
	le16(&z->data, 0);			/* flags: sizes here, no descriptor */
	le16(&z->data, stored ? 0 : 8);
	le16(&z->data, DOS_TIME);
	le16(&z->data, DOS_DATE);
	le32(&z->data, crc);
	le32(&z->data, (unsigned long)body_len);
	le32(&z->data, (unsigned long)n);
	le16(&z->data, (unsigned)nl);
	le16(&z->data, 0);			/* no extra field */
	sbuf_add(&z->data, name, nl);
	sbuf_add(&z->data, body, body_len);

	le32(&z->central, 0x02014b50);
	le16(&z->central, 0x0314);		/* made by: Unix, 2.0 */
	le16(&z->central, 20);
	le16(&z->central, 0);
	le16(&z->central, stored ? 0 : 8);
	le16(&z->central, DOS_TIME);
	le16(&z->central, DOS_DATE);
	le32(&z->central, crc);
	le32(&z->central, (unsigned long)body_len);
	le32(&z->central, (unsigned long)n);
	le16(&z->central, (unsigned)nl);
	le16(&z->central, 0);
	le16(&z->central, 0);			/* no comment */
	le16(&z->central, 0);			/* disk */
	le16(&z->central, 0);			/* internal attributes */
	le32(&z->central, 0100644ul << 16);	/* -rw-r--r-- */
	le32(&z->central, offset);
	sbuf_add(&z->central, name, nl);
	sbuf_release(&packed);
	z->n++;
	if (z->data.len > 0xffffffffu || z->n > 0xffffu)
		die("zip too large for the samples' writer (no zip64)");
}

void zipw_finish(struct zipw *z, struct sbuf *out)
{
	unsigned long cd_offset = (unsigned long)z->data.len;

	sbuf_init(out);
	sbuf_add(out, z->data.p, z->data.len);
	sbuf_add(out, z->central.p, z->central.len);
	le32(out, 0x06054b50);
	le16(out, 0);
	le16(out, 0);
	le16(out, z->n);
	le16(out, z->n);
	le32(out, (unsigned long)z->central.len);
	le32(out, cd_offset);
	le16(out, 0);				/* no comment */
	sbuf_release(&z->data);
	sbuf_release(&z->central);
}
