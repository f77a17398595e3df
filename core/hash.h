/*
 * hash.h - a 64-bit non-cryptographic content hash (the XXH64 algorithm by
 * Yann Collet, written here from its published description), one-shot and
 * streaming.  Included by everyone.
 *
 * Used to tell whether a file's bytes changed (cmd/cache) and to checksum
 * the cache body.  It detects accidents (edits, truncation, bit rot), not
 * attacks: anyone who can write the archive can also write the cache.
 *
 * The value is the same on every host: input is read as little-endian
 * 64/32-bit words whatever the machine's byte order.
 */
#ifndef RR_HASH_H
#define RR_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Streaming state: a plain value, no allocation; copy it to fork a hash. */
struct rr_hash64 {
	uint64_t v[4];			/* the four lane accumulators */
	uint64_t seed;
	uint64_t total_len;		/* bytes fed so far */
	unsigned char buf[32];		/* a partial 32-byte stripe */
	size_t buf_len;			/* bytes in buf, < 32 */
};

void rr_hash64_init(struct rr_hash64 *h, uint64_t seed);
void rr_hash64_update(struct rr_hash64 *h, const void *data, size_t len);
/* The hash of everything fed so far; h is unchanged and may be fed more. */
uint64_t rr_hash64_final(const struct rr_hash64 *h);

/* One shot: the same value as init + update + final. */
uint64_t rr_hash64(const void *data, size_t len, uint64_t seed);

#endif
