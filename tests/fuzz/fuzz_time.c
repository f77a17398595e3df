/* libFuzzer target: the ISO 8601 time parser and the locale-free number parser. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/num.h"
#include "core/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double t, v;
	int off;
	unsigned fl;
	int32_t day;
	char buf[64];

	if (rr_parse_iso8601((const char *)data, size, &t, &off, &fl) == 0) {
		if (!isfinite(t))
			abort();
		rr_format_iso8601(buf, sizeof(buf), t);
	}
	if (rr_parse_date((const char *)data, size, &day) == 0)
		rr_format_date(buf, sizeof(buf), day);
	if (rr_parse_double((const char *)data, size, &v) == 0) {
		if (!isfinite(v))
			abort();
		rr_format_double(buf, sizeof(buf), v, 3);
	}
	return 0;
}
