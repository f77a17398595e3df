#include "cmd/linefile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cache_internal.h"
#include "core/alloc.h"
#include "core/bytebuf.h"
#include "core/outfile.h"

enum rr_status linefile_load(const char *path, const char *header, unsigned long long max,
			     int (*add)(void *ctx, char *line), void *ctx,
			     enum linefile_state *state, size_t *dropped, struct rr_error *err)
{
	unsigned char *buf = NULL;
	size_t len = 0, off, hl = strlen(header);
	int rc, e = 0;

	*dropped = 0;
	rc = slurp(path, max, &buf, &len, &e);
	if (rc == -1 && e == ENOENT) {
		*state = LINEFILE_MISSING;
		return RR_OK;
	}
	if (rc == -2)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	if (rc != 0 || len < hl || memcmp(buf, header, hl) != 0) {
		free(buf);
		*state = LINEFILE_REJECTED;
		return RR_OK;
	}
	*state = LINEFILE_READ;
	for (off = hl; off < len;) {
		unsigned char *nl = memchr(buf + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - buf) : len, ll = end - off;
		char *line;
		int r;

		if (!nl || memchr(buf + off, '\0', ll)) {
			(*dropped)++;	/* cut short, or holding a NUL */
			off = end + 1;
			continue;
		}
		line = rr_strndup((const char *)buf + off, ll);
		off = end + 1;
		r = line ? add(ctx, line) : -1;
		if (r < 0) {
			free(buf);
			return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
		}
		if (r > 0)
			(*dropped)++;
	}
	free(buf);
	return RR_OK;
}

enum rr_status linefile_save(const char *path, const char *header, char *const *lines,
			     size_t n, struct rr_error *err)
{
	struct wbuf b = { NULL, 0, 0, false };
	enum rr_status st;
	size_t i;

	wbuf_add(&b, header, strlen(header));
	for (i = 0; i < n; i++) {
		wbuf_add(&b, lines[i], strlen(lines[i]));
		wbuf_add(&b, "\n", 1);
	}
	if (b.oom) {
		free(b.p);
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	}
	st = rr_outfile_write(path, b.p, b.len, err);
	free(b.p);
	return st;
}
