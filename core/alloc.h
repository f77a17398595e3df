/* alloc.h - overflow-checked allocation helpers.  Included by everyone. */
#ifndef RR_ALLOC_H
#define RR_ALLOC_H

#include <stddef.h>

/*
 * These never exit: they return NULL (or RR_ENOMEM) and let the caller
 * propagate the failure.  Sizes that grow from input go through
 * rr_size_mul() so that a hostile count cannot wrap around.
 */

/* a * b, or 0 and *overflow = 1 when it does not fit in size_t. */
size_t rr_size_mul(size_t a, size_t b, int *overflow);

void *rr_alloc_array(size_t n, size_t size);	/* zeroed; NULL on overflow or failure */
char *rr_strdup(const char *s);			/* NULL in, NULL out */
char *rr_strndup(const char *s, size_t n);
char *rr_path_join(const char *dir, const char *name);	/* "dir/name", malloced; NULL on OOM */

/*
 * Make room for at least need elements in *arr, whose capacity is *cap,
 * growing geometrically.  Returns 0, or -1 (and leaves *arr intact) on
 * overflow or allocation failure.
 */
int rr_grow(void **arr, size_t *cap, size_t need, size_t size);

#define RR_GROW(arr, cap, need) \
	rr_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif
