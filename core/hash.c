#include "core/hash.h"

#include <string.h>

/*
 * XXH64: four lanes each absorb one 64-bit word of every 32-byte stripe;
 * at the end the lanes are folded together, the tail (< 32 bytes) is mixed
 * in 8, 4 and 1 bytes at a time, and a final avalanche spreads every bit.
 */

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
#define P4 0x85EBCA77C2B2AE63ULL
#define P5 0x27D4EB2F165667C5ULL

static uint64_t rotl64(uint64_t x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t read_le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint32_t read_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t lane_round(uint64_t acc, uint64_t input)
{
	acc += input * P2;
	acc = rotl64(acc, 31);
	return acc * P1;
}

static uint64_t lane_merge(uint64_t h, uint64_t lane)
{
	h ^= lane_round(0, lane);
	return h * P1 + P4;
}

static void stripe(uint64_t v[4], const unsigned char *p)
{
	v[0] = lane_round(v[0], read_le64(p));
	v[1] = lane_round(v[1], read_le64(p + 8));
	v[2] = lane_round(v[2], read_le64(p + 16));
	v[3] = lane_round(v[3], read_le64(p + 24));
}

void rr_hash64_init(struct rr_hash64 *h, uint64_t seed)
{
	memset(h, 0, sizeof(*h));
	h->seed = seed;
	h->v[0] = seed + P1 + P2;
	h->v[1] = seed + P2;
	h->v[2] = seed;
	h->v[3] = seed - P1;
}

void rr_hash64_update(struct rr_hash64 *h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t take;

	if (len == 0)
		return;
	h->total_len += len;
	if (h->buf_len) {
		take = 32 - h->buf_len;
		if (take > len)
			take = len;
		memcpy(h->buf + h->buf_len, p, take);
		h->buf_len += take;
		p += take;
		len -= take;
		if (h->buf_len < 32)
			return;
		stripe(h->v, h->buf);
		h->buf_len = 0;
	}
	while (len >= 32) {
		stripe(h->v, p);
		p += 32;
		len -= 32;
	}
	if (len) {
		memcpy(h->buf, p, len);
		h->buf_len = len;
	}
}

uint64_t rr_hash64_final(const struct rr_hash64 *h)
{
	const unsigned char *p = h->buf;
	size_t n = h->buf_len;
	uint64_t r;

	if (h->total_len >= 32) {
		r = rotl64(h->v[0], 1) + rotl64(h->v[1], 7) +
		    rotl64(h->v[2], 12) + rotl64(h->v[3], 18);
		r = lane_merge(r, h->v[0]);
		r = lane_merge(r, h->v[1]);
		r = lane_merge(r, h->v[2]);
		r = lane_merge(r, h->v[3]);
	} else {
		r = h->seed + P5;
	}
	r += h->total_len;

	while (n >= 8) {
		r ^= lane_round(0, read_le64(p));
		r = rotl64(r, 27) * P1 + P4;
		p += 8;
		n -= 8;
	}
	if (n >= 4) {
		r ^= (uint64_t)read_le32(p) * P1;
		r = rotl64(r, 23) * P2 + P3;
		p += 4;
		n -= 4;
	}
	while (n) {
		r ^= (uint64_t)*p * P5;
		r = rotl64(r, 11) * P1;
		p++;
		n--;
	}

	r ^= r >> 33;
	r *= P2;
	r ^= r >> 29;
	r *= P3;
	r ^= r >> 32;
	return r;
}

uint64_t rr_hash64(const void *data, size_t len, uint64_t seed)
{
	struct rr_hash64 h;

	rr_hash64_init(&h, seed);
	rr_hash64_update(&h, data, len);
	return rr_hash64_final(&h);
}
