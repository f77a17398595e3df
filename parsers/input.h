/*
 * input.h - the one input layer: the same bytes to every parser from a plain
 * file, a gzip file (recognised by its magic bytes, whatever its name), stdin
 * ("-"), a memory buffer or a pull function (a zip member: parsers/archive.h).
 * Included by parsers/, cmd/ and tests.
 */
#ifndef RR_INPUT_H
#define RR_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct rr_input;	/* opaque; owns its file descriptor and zlib stream */

/*
 * Open path ("-" is stdin).  max_bytes caps the bytes delivered after
 * decompression (0: no cap); reading past it fails with RR_ELIMIT.
 */
enum rr_status rr_input_open(struct rr_input **out, const char *path,
			     unsigned long long max_bytes, struct rr_error *err);

/* Read from buf[0..len) (not copied: it must outlive the input). */
enum rr_status rr_input_open_mem(struct rr_input **out, const void *buf,
				 size_t len, unsigned long long max_bytes,
				 struct rr_error *err);

/*
 * A source that delivers raw bytes on demand: at most cap bytes into buf,
 * *got = 0 at the end.  Returns RR_OK or an error it has set in err.
 */
typedef enum rr_status (*rr_input_pull_fn)(void *ctx, void *buf, size_t cap,
					   size_t *got, struct rr_error *err);

/*
 * Read the bytes pull(ctx, ...) delivers (not owned: ctx must outlive the
 * input).  Gzip detection and max_bytes apply as for a file: a .gpx.gz
 * member of a zip is inflated like a .gpx.gz on disk.
 */
enum rr_status rr_input_open_pull(struct rr_input **out, rr_input_pull_fn pull,
				  void *ctx, unsigned long long max_bytes,
				  struct rr_error *err);

/*
 * Deliver at most cap decompressed bytes into buf; *got = 0 means end of
 * input.  Errors: RR_EIO (errno in err->errno_), RR_EGZIP (zlib's message),
 * RR_ELIMIT.
 */
enum rr_status rr_input_read(struct rr_input *in, void *buf, size_t cap,
			     size_t *got, struct rr_error *err);

/*
 * rr_input_read() without the copy where the input already holds the bytes:
 * *data is either buf or a pointer into the memory buffer given to
 * rr_input_open_mem(), valid as long as that buffer.  Same caps and errors.
 */
enum rr_status rr_input_fetch(struct rr_input *in, void *buf, size_t cap,
			      const void **data, size_t *got, struct rr_error *err);

/*
 * Look at the first bytes without consuming them: *data points at up to
 * want bytes (fewer at end of input) valid until the next read.
 */
enum rr_status rr_input_peek(struct rr_input *in, size_t want,
			     const unsigned char **data, size_t *len,
			     struct rr_error *err);

/* Deliver at most chunk bytes per read (tests: 1 to feed byte by byte). */
void rr_input_set_chunk(struct rr_input *in, size_t chunk);

int rr_input_is_gzip(const struct rr_input *in);
unsigned long long rr_input_bytes_in(const struct rr_input *in);	/* compressed */
unsigned long long rr_input_bytes_out(const struct rr_input *in);	/* delivered */

void rr_input_close(struct rr_input *in);	/* NULL is fine */

#endif
