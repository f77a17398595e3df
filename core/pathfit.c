#include "core/pathfit.h"

#include <stdio.h>
#include <string.h>

#include "core/hash.h"

#define PATHFIT_SEED 0x70617468666974ULL	/* "pathfit" */

void rr_path_fit(char *dst, size_t size, const char *path)
{
	size_t len = strlen(path), mid, head, tail;
	char tag[40];

	if (len < size) {
		memcpy(dst, path, len + 1);
		return;
	}
	/* "...[#0123456789abcdef]..." then the tail: 64-bit hash of the whole path */
	mid = (size_t)snprintf(tag, sizeof(tag), "...[#%016llx]...",
			       (unsigned long long)rr_hash64(path, len, PATHFIT_SEED));
	head = (size - 1 - mid) / 2;
	tail = size - 1 - mid - head;
	memcpy(dst, path, head);
	memcpy(dst + head, tag, mid);
	memcpy(dst + head + mid, path + len - tail, tail);
	dst[size - 1] = '\0';
}
