/*
 * cache_internal.h - the whole-file read that the parse cache
 * (cmd/cache.c) and the memory files (cmd/linefile.c) share.  Included by
 * those two files only.
 */
#ifndef RR_CACHE_INTERNAL_H
#define RR_CACHE_INTERNAL_H

#include <stddef.h>

/*
 * Read a whole regular file (at most max bytes), opened without blocking.
 * 0; -1 with errno in *e; -2 out of memory; -3 too large; -4 not a
 * regular file.
 */
int slurp(const char *path, unsigned long long max, unsigned char **out, size_t *len,
	  int *e);

#endif
