/*
 * libFuzzer target: the zip layer (parsers/archive.h): list a zip held in
 * memory (nested zips, caps, hostile names), then read every listed member
 * through one cursor, forward and once more backward (a reopen), through
 * the input layer (gzip inside the zip) and format detection.
 *
 * Invariants (abort() when broken): a listing that succeeds has at most
 * max_members members, each at depth 1 or 2 with a name that is neither
 * absolute nor holds a ".." component; a refused one is empty; a member
 * never delivers more raw bytes than its declared size, nor than the
 * per-member cap.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	if ((ref->size_known && rr_input_bytes_in(in) > ref->size_bytes) ||
	    rr_input_bytes_in(in) > lim->max_member_bytes)
		abort();
	rr_input_close(in);
}

/*
 * The archive's rule: no name is absolute or starts with a drive letter,
 * and no component between slashes is "..".  ':' is not a path separator:
 * it joins a nested zip's name to its member's (RR_ARCHIVE_SEP) and may sit
 * inside a member's own name ("ab:../x.gpx" stays inside the archive).
 */
static int name_ok(const char *n)
{
	const char *p = n;

	if (n[0] == '/' || n[0] == '\\')
		return 0;
	if (((n[0] >= 'A' && n[0] <= 'Z') || (n[0] >= 'a' && n[0] <= 'z')) && n[1] == ':')
		return 0;
	while (*p) {
		size_t len = strcspn(p, "/\\");

		if (len == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += len;
		if (*p)
			p++;
	}
	return 1;
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
	if (rr_archive_list_mem(data, size, &lim, &l, &err) != RR_OK) {
		if (l.n || l.members)
			abort();
		return 0;
	}
	if (l.n > lim.max_members)
		abort();
	for (i = 0; i < l.n; i++)
		if (!l.members[i].name || l.members[i].ref.depth < 1 ||
		    l.members[i].ref.depth > RR_ARCHIVE_MAX_DEPTH || !name_ok(l.members[i].name))
			abort();
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
