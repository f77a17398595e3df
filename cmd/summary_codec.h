/*
 * summary_codec.h - run summaries as the parse cache stores them: the
 * struct's bytes as in memory, a fingerprint of its layout (a cache written
 * by a build with another struct run_summary is rebuilt, never misread),
 * and a checked decode (bools, the format enum, NUL-terminated strings).
 * The cache file's framing is cmd/cache.c's.  Pure, no I/O.  Included by
 * cmd/ and tests.
 */
#ifndef RR_SUMMARY_CODEC_H
#define RR_SUMMARY_CODEC_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/summary.h"
#include "core/bytebuf.h"

/* Hash (with seed) of sizeof and offsetof of every field: changes when the struct does. */
uint64_t summary_layout(uint64_t seed);

/* Is v an enum rr_format value? */
bool summary_format_ok(unsigned v);

/* Append runs[0..n) (n x sizeof(struct run_summary) bytes). */
void summary_encode(struct wbuf *b, const struct run_summary *runs, size_t n);

/* One stored summary (sizeof(struct run_summary) bytes at p) into *out; false when corrupt. */
bool summary_decode(struct run_summary *out, const unsigned char *p);

#endif
