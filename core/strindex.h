/*
 * strindex.h - a string-keyed open-addressing index over an array the
 * caller owns (the parse cache's entries, the alert memory's keys).  Pure
 * computation, no I/O.  Included by cmd/ and tests.
 *
 * The index is slots[0..nslots): nslots is a power of two (or 0: empty),
 * a slot holds an item's index + 1, 0 is free.  Items are not copied: the
 * key of item i is key_of(owner, i), and must not change while indexed.
 * Linear probing; index_rebuild() keeps the table at most half full.
 * Ownership: *slots is malloc'd by index_rebuild(); the caller frees it.
 */
#ifndef RR_STRINDEX_H
#define RR_STRINDEX_H

#include <stdbool.h>
#include <stddef.h>

typedef const char *(*key_of_fn)(const void *owner, size_t i);

/* Index of the item whose key is key, or SIZE_MAX. */
size_t index_find(const size_t *slots, size_t nslots, const void *owner,
		  key_of_fn key_of, const char *key);

/* Add item idx under key; the table must have a free slot. */
void index_put(size_t *slots, size_t nslots, const char *key, size_t idx);

/*
 * Rebuild for items 0..n (skip[i] true: left out; skip may be NULL), at
 * most half full.  0, or -1 on OOM (the old index is kept).
 */
int index_rebuild(size_t **slots, size_t *nslots, size_t n, const void *owner,
		  key_of_fn key_of, const bool *skip);

#endif
