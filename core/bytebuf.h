/*
 * bytebuf.h - byte buffers for binary files in host byte order: a growing
 * write buffer and a bounds-checked read cursor.  Errors are sticky (as
 * SQLite's string builder): check oom or bad once, at the end.  Pure, no
 * I/O.  Included by cmd/ and tests.
 *
 * Ownership: a wbuf owns p (free() it); an rbuf borrows its bytes.
 */
#ifndef RR_BYTEBUF_H
#define RR_BYTEBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Start as { NULL, 0, 0, false }.  After a failed allocation oom is set and adds do nothing. */
struct wbuf {
	unsigned char *p;
	size_t len, cap;
	bool oom;
};

void wbuf_add(struct wbuf *b, const void *data, size_t n);
void wbuf_u32(struct wbuf *b, uint32_t v);
void wbuf_u64(struct wbuf *b, uint64_t v);
void wbuf_i64(struct wbuf *b, int64_t v);
/*
 * s as one field of a line-and-tab text file (.runrisk-alerts,
 * .runrisk-since): controls, '%' and DEL as %XX, everything else as is.
 */
void wbuf_add_escaped(struct wbuf *b, const char *s);

/* Reads past the end set bad and return NULL or 0; so does every read after. */
struct rbuf {
	const unsigned char *p;
	size_t len, off;
	bool bad;
};


const unsigned char *rbuf_take(struct rbuf *r, size_t n);
uint32_t rbuf_u32(struct rbuf *r);
uint64_t rbuf_u64(struct rbuf *r);
int64_t rbuf_i64(struct rbuf *r);

#endif
