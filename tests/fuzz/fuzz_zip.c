/*
 * libFuzzer target: the zip layer (parsers/archive.h): list a zip held in
 * memory (nested zips, caps, hostile names), then read every listed member
 * through one cursor, forward and once more backward (a reopen), through
 * the input layer (gzip inside the zip) and format detection.
 */
#include <stddef.h>
#include <stdint.h>

#include "parsers/archive.h"
#include "parsers/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_member(struct rr_archive_cursor *cur, const uint8_t *data, size_t size,
			const struct rr_member_ref *ref, const struct rr_archive_limits *lim)
{
	struct rr_input *in;
	struct rr_error err = RR_ERROR_INIT;
	const unsigned char *head;
	unsigned char buf[4096];
	size_t len, got;

	if (rr_archive_open_member_mem(&in, cur, data, size, ref, lim, 1u << 22, &err) != RR_OK)
		return;
	if (rr_input_peek(in, 4096, &head, &len, &err) == RR_OK)
		(void)rr_detect_format(head, len);
	while (rr_input_read(in, buf, sizeof(buf), &got, &err) == RR_OK && got)
		;
	rr_input_close(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rr_archive_limits lim;
	struct rr_archive_listing l;
	struct rr_archive_cursor *cur;
	struct rr_error err = RR_ERROR_INIT;
	size_t i;

	rr_archive_limits_default(&lim);
	lim.max_total_bytes = 16u << 20;
	lim.max_member_bytes = 4u << 20;
	lim.ratio_floor_bytes = 1u << 20;
	lim.max_members = 64;
	if (rr_archive_list_mem(data, size, &lim, &l, &err) != RR_OK)
		return 0;
	cur = rr_archive_cursor_new();
	if (cur) {
		for (i = 0; i < l.n && i < 16; i++)
			read_member(cur, data, size, &l.members[i].ref, &lim);
		for (i = l.n < 16 ? l.n : 16; i-- > 0;)
			read_member(cur, data, size, &l.members[i].ref, &lim);
		rr_archive_cursor_free(cur);
	}
	rr_archive_listing_release(&l);
	return 0;
}
