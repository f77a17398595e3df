#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t rr_size_mul(size_t a, size_t b, int *overflow)
{
	if (a && b > SIZE_MAX / a) {
		*overflow = 1;
		return 0;
	}
	return a * b;
}

void *rr_alloc_array(size_t n, size_t size)
{
	int of = 0;
	size_t bytes = rr_size_mul(n, size, &of);

	if (of)
		return NULL;
	return calloc(bytes ? n : 1, bytes ? size : 1);
}

char *rr_strndup(const char *s, size_t n)
{
	char *d;

	if (!s)
		return NULL;
	d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *rr_strdup(const char *s)
{
	return s ? rr_strndup(s, strlen(s)) : NULL;
}

char *rr_path_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (!p)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

int rr_grow(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 16;
	int of = 0;
	size_t bytes;
	void *p;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	bytes = rr_size_mul(ncap, size, &of);
	if (of)
		return -1;
	p = realloc(*arr, bytes);
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}
