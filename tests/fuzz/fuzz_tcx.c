/* libFuzzer target: the TCX parser behind the input layer, whole buffer and byte by byte. */
#include <stddef.h>
#include <stdint.h>

#include "tests/fuzz/fuzz_sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(data, size, tcx_parse);
	return 0;
}
