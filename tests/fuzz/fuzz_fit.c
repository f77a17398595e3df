/* libFuzzer target: the FIT decoder behind the input layer, whole buffer and in small pieces. */
#include <stddef.h>
#include <stdint.h>

#include "parsers/fit.h"
#include "tests/fuzz/fuzz_sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(data, size, fit_parse);
	return 0;
}
