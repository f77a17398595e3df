/*
 * libFuzzer target: a pain diary through rr_pain_parse() (libcsv).  The
 * buffer is exactly size bytes (no NUL after it), as the header allows.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "parsers/pain_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rr_pain *rows = NULL;
	struct rr_error err = RR_ERROR_INIT;
	size_t n = 0, i;

	if (rr_pain_parse((const char *)data, size, &rows, &n, &err) != RR_OK) {
		if (rows || n || err.code == RR_OK)
			abort();	/* nothing returned, and a reason given */
		return 0;
	}
	if (n > RR_PAIN_MAX_ROWS || (n && !rows))
		abort();
	for (i = 0; i < n; i++) {
		const struct rr_pain *p = &rows[i];

		if (!memchr(p->side, '\0', sizeof(p->side)) ||
		    !memchr(p->note, '\0', sizeof(p->note)))
			abort();
		if (strcmp(p->side, "left") && strcmp(p->side, "right") &&
		    strcmp(p->side, "both") && strcmp(p->side, ""))
			abort();
		if (p->severity < -1 || p->severity > 10 || p->day == RR_NO_DAY)
			abort();
	}
	free(rows);
	return 0;
}
