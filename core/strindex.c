#include "core/strindex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/hash.h"

static size_t slot_home(const char *key, size_t nslots)
{
	return (size_t)rr_hash64(key, strlen(key), 0) & (nslots - 1);
}

size_t index_find(const size_t *slots, size_t nslots, const void *owner,
			 key_of_fn key_of, const char *key)
{
	size_t i;

	if (!nslots)
		return SIZE_MAX;
	for (i = slot_home(key, nslots);; i = (i + 1) & (nslots - 1)) {
		if (!slots[i])
			return SIZE_MAX;
		if (strcmp(key_of(owner, slots[i] - 1), key) == 0)
			return slots[i] - 1;
	}
}

void index_put(size_t *slots, size_t nslots, const char *key, size_t idx)
{
	size_t i;

	for (i = slot_home(key, nslots); slots[i]; i = (i + 1) & (nslots - 1))
		;
	slots[i] = idx + 1;
}

int index_rebuild(size_t **slots, size_t *nslots, size_t n, const void *owner,
			 key_of_fn key_of, const bool *skip)
{
	size_t cap = 64, i;
	size_t *fresh;

	while (cap < n * 2 + 2) {
		if (cap > SIZE_MAX / 4)
			return -1;
		cap *= 2;
	}
	fresh = rr_alloc_array(cap, sizeof(*fresh));
	if (!fresh)
		return -1;
	for (i = 0; i < n; i++)
		if (!skip || !skip[i])
			index_put(fresh, cap, key_of(owner, i), i);
	free(*slots);
	*slots = fresh;
	*nslots = cap;
	return 0;
}
