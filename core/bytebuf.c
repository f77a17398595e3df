#include "core/bytebuf.h"

#include <string.h>

#include "core/alloc.h"

void wbuf_add(struct wbuf *b, const void *data, size_t n)
{
	if (b->oom || n == 0)
		return;
	if (b->len > SIZE_MAX - n || RR_GROW(b->p, b->cap, b->len + n)) {
		b->oom = true;
		return;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

void wbuf_add_escaped(struct wbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '%') {
			char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			wbuf_add(b, esc, 3);
		} else {
			wbuf_add(b, p, 1);
		}
	}
}

void wbuf_u32(struct wbuf *b, uint32_t v) { wbuf_add(b, &v, sizeof(v)); }
void wbuf_u64(struct wbuf *b, uint64_t v) { wbuf_add(b, &v, sizeof(v)); }
void wbuf_i64(struct wbuf *b, int64_t v) { wbuf_add(b, &v, sizeof(v)); }

const unsigned char *rbuf_take(struct rbuf *r, size_t n)
{
	const unsigned char *at;

	if (r->bad || n > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	at = r->p + r->off;
	r->off += n;
	return at;
}

/* n bytes into v, which keeps its value (0) when they are not there. */
static void rbuf_copy(struct rbuf *r, void *v, size_t n)
{
	const unsigned char *at = rbuf_take(r, n);

	if (at)
		memcpy(v, at, n);
}

uint32_t rbuf_u32(struct rbuf *r)
{
	uint32_t v = 0;

	rbuf_copy(r, &v, sizeof(v));
	return v;
}

uint64_t rbuf_u64(struct rbuf *r)
{
	uint64_t v = 0;

	rbuf_copy(r, &v, sizeof(v));
	return v;
}

int64_t rbuf_i64(struct rbuf *r)
{
	return (int64_t)rbuf_u64(r);
}
