/* libFuzzer target: the input layer (gzip detection and inflation, caps) and format detection. */
#include <stddef.h>
#include <stdint.h>

#include "parsers/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rr_input *in;
	struct rr_error err = RR_ERROR_INIT;
	const unsigned char *head;
	size_t len, got;
	unsigned char buf[4096];

	if (rr_input_open_mem(&in, data, size, 1u << 24, &err) != RR_OK)
		return 0;
	if (rr_input_peek(in, 4096, &head, &len, &err) == RR_OK)
		(void)rr_detect_format(head, len);
	while (rr_input_read(in, buf, sizeof(buf), &got, &err) == RR_OK && got)
		;
	rr_input_close(in);
	return 0;
}
