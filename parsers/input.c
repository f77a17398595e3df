#include "parsers/input.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define RAW_BUF (64 * 1024)
#define PEEK_MAX 4096

/*
 * Layout: raw bytes come from fd (or mem) into raw[]; if the first two
 * bytes are the gzip magic, zlib inflates them, concatenated members
 * included.  A small peek buffer holds bytes already produced but not yet
 * delivered, so format detection does not consume input.
 */
struct rr_input {
	int fd;
	int own_fd;
	rr_input_pull_fn pull;	/* when set, raw bytes come from pull(pull_ctx) */
	void *pull_ctx;
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	int gzip;
	int z_ready;
	int z_end;		/* saw Z_STREAM_END with no more input */
	z_stream z;
	unsigned char raw[RAW_BUF];
	size_t raw_len, raw_pos;
	int raw_eof;
	unsigned char peek[PEEK_MAX];
	size_t peek_len, peek_pos;
	size_t chunk;
	unsigned long long bytes_in, bytes_out, max_bytes;
	int sniffed;
};

/* read(2), again after a signal; -1 with err set (errno in err->errno_) on failure. */
static ssize_t read_fd(int fd, void *buf, size_t cap, struct rr_error *err)
{
	ssize_t n;

	do
		n = read(fd, buf, cap > SSIZE_MAX ? SSIZE_MAX : cap);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int e = errno;

		rr_error_set(err, RR_EIO, 0, 0, "read failed: %s", strerror(e));
		if (err)
			err->errno_ = e;
	}
	return n;
}

/* The file descriptor or the pull function; -1 with err set on failure. */
static ssize_t read_src(struct rr_input *in, void *buf, size_t cap, struct rr_error *err)
{
	size_t got = 0;

	if (!in->pull)
		return read_fd(in->fd, buf, cap, err);
	if (cap > SSIZE_MAX)
		cap = SSIZE_MAX;
	if (in->pull(in->pull_ctx, buf, cap, &got, err) != RR_OK)
		return -1;
	return (ssize_t)(got < cap ? got : cap);
}

static enum rr_status fill_raw(struct rr_input *in, struct rr_error *err)
{
	ssize_t n;

	if (in->raw_pos < in->raw_len || in->raw_eof)
		return RR_OK;
	in->raw_pos = in->raw_len = 0;
	if (in->mem) {
		size_t left = in->mem_len - in->mem_pos;

		n = (ssize_t)(left < RAW_BUF ? left : RAW_BUF);
		memcpy(in->raw, in->mem + in->mem_pos, (size_t)n);
		in->mem_pos += (size_t)n;
	} else if ((n = read_src(in, in->raw, RAW_BUF, err)) < 0) {
		return err && err->code ? err->code : RR_EIO;
	}
	if (n == 0)
		in->raw_eof = 1;
	in->raw_len = (size_t)n;
	in->bytes_in += (unsigned long long)n;
	return RR_OK;
}

static enum rr_status gzip_start(struct rr_input *in, struct rr_error *err)
{
	memset(&in->z, 0, sizeof(in->z));
	if (inflateInit2(&in->z, 15 + 16) != Z_OK)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "zlib: cannot initialise");
	in->gzip = 1;
	in->z_ready = 1;
	return RR_OK;
}

static enum rr_status sniff(struct rr_input *in, struct rr_error *err)
{
	enum rr_status st;

	if (in->sniffed)
		return RR_OK;
	in->sniffed = 1;
	if (in->mem) {
		/* Look in place: plain memory input is then never copied to raw[]. */
		if (in->mem_len >= 2 && in->mem[0] == 0x1f && in->mem[1] == 0x8b)
			return gzip_start(in, err);
		return RR_OK;
	}
	/* The magic may straddle two reads of a pipe: get two bytes first. */
	while (in->raw_len - in->raw_pos < 2 && !in->raw_eof) {
		size_t have = in->raw_len - in->raw_pos;
		ssize_t n;

		if (have == 0) {
			if ((st = fill_raw(in, err)) != RR_OK)
				return st;
			continue;
		}
		memmove(in->raw, in->raw + in->raw_pos, have);
		in->raw_pos = 0;
		in->raw_len = have;
		if ((n = read_src(in, in->raw + have, RAW_BUF - have, err)) < 0)
			return err && err->code ? err->code : RR_EIO;
		if (n == 0)
			in->raw_eof = 1;
		in->raw_len += (size_t)n;
		in->bytes_in += (unsigned long long)n;
	}
	if (in->raw_len - in->raw_pos >= 2 && in->raw[in->raw_pos] == 0x1f &&
	    in->raw[in->raw_pos + 1] == 0x8b)
		return gzip_start(in, err);
	return RR_OK;
}

/*
 * Plain input: bytes left in raw[] (from sniffing) first, then straight from
 * the memory buffer or the file into buf, sparing a copy through raw[].
 */
static enum rr_status produce_plain(struct rr_input *in, unsigned char *buf, size_t cap,
				    size_t *got, struct rr_error *err)
{
	size_t n;
	ssize_t r;

	if (in->raw_pos < in->raw_len) {
		n = in->raw_len - in->raw_pos;
		if (n > cap)
			n = cap;
		memcpy(buf, in->raw + in->raw_pos, n);
		in->raw_pos += n;
		*got = n;
		return RR_OK;
	}
	if (in->raw_eof || cap == 0)
		return RR_OK;
	if (in->mem) {
		n = in->mem_len - in->mem_pos;
		if (n > cap)
			n = cap;
		memcpy(buf, in->mem + in->mem_pos, n);
		in->mem_pos += n;
		r = (ssize_t)n;
	} else if ((r = read_src(in, buf, cap, err)) < 0) {
		return err && err->code ? err->code : RR_EIO;
	}
	if (r == 0)
		in->raw_eof = 1;
	in->bytes_in += (unsigned long long)r;
	*got = (size_t)r;
	return RR_OK;
}

/*
 * After a gzip member: skip zero bytes up to the next member or the end.
 * The padding counts against the input cap like any other byte.
 */
static enum rr_status skip_zero_padding(struct rr_input *in, struct rr_error *err)
{
	enum rr_status st;

	for (;;) {
		if ((st = fill_raw(in, err)) != RR_OK)
			return st;
		if (in->raw_pos == in->raw_len)
			return RR_OK;	/* the end */
		while (in->raw_pos < in->raw_len && in->raw[in->raw_pos] == 0)
			in->raw_pos++;
		if (in->raw_pos < in->raw_len)
			return RR_OK;	/* another member */
		if (in->max_bytes && in->bytes_in > in->max_bytes)
			return rr_error_set(err, RR_ELIMIT, 0, 0, "gzip padding is larger than "
					    "the %llu-byte cap", in->max_bytes);
	}
}

/* Produce up to cap bytes from the underlying source, no peek buffer. */
static enum rr_status produce(struct rr_input *in, unsigned char *buf, size_t cap,
			      size_t *got, struct rr_error *err)
{
	enum rr_status st;

	*got = 0;
	if (!in->gzip)
		return produce_plain(in, buf, cap, got, err);
	while (*got == 0 && !in->z_end) {
		int zr;

		if ((st = fill_raw(in, err)) != RR_OK)
			return st;
		if (in->raw_pos == in->raw_len && in->raw_eof) {
			return rr_error_set(err, RR_EGZIP, 0, 0,
					    "gzip data is truncated (%llu compressed bytes read)",
					    in->bytes_in);
		}
		in->z.next_in = in->raw + in->raw_pos;
		in->z.avail_in = (uInt)(in->raw_len - in->raw_pos);
		in->z.next_out = buf;
		in->z.avail_out = (uInt)(cap > (1u << 30) ? (1u << 30) : cap);
		zr = inflate(&in->z, Z_NO_FLUSH);
		in->raw_pos = in->raw_len - in->z.avail_in;
		*got = (size_t)(in->z.next_out - buf);
		if (zr == Z_STREAM_END) {
			/*
			 * Another gzip member may follow (cat a.gz b.gz), or
			 * zero padding (tape blocks, some exporters), which
			 * gzip -t accepts too.
			 */
			if ((st = skip_zero_padding(in, err)) != RR_OK)
				return st;
			if (in->raw_pos == in->raw_len && in->raw_eof)
				in->z_end = 1;
			else if (inflateReset(&in->z) != Z_OK)
				return rr_error_set(err, RR_EGZIP, 0, 0, "zlib: reset failed");
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			return rr_error_set(err, RR_EGZIP, 0, 0, "corrupt gzip data: %s",
					    in->z.msg ? in->z.msg : zError(zr));
		}
	}
	return RR_OK;
}

static enum rr_status deliver_cap(struct rr_input *in, size_t n, struct rr_error *err)
{
	if (in->max_bytes && in->bytes_out + n > in->max_bytes)
		return rr_error_set(err, RR_ELIMIT, 0, 0,
				    "input is larger than the %llu-byte cap%s",
				    in->max_bytes, in->gzip ? " after decompression" : "");
	in->bytes_out += n;
	return RR_OK;
}

enum rr_status rr_input_read(struct rr_input *in, void *buf, size_t cap,
			     size_t *got, struct rr_error *err)
{
	enum rr_status st;

	*got = 0;
	if (in->chunk && cap > in->chunk)
		cap = in->chunk;
	if ((st = sniff(in, err)) != RR_OK)
		return st;
	if (in->peek_pos < in->peek_len) {
		size_t n = in->peek_len - in->peek_pos;

		if (n > cap)
			n = cap;
		memcpy(buf, in->peek + in->peek_pos, n);
		in->peek_pos += n;
		*got = n;
		return RR_OK;
	}
	if ((st = produce(in, buf, cap, got, err)) != RR_OK)
		return st;
	return deliver_cap(in, *got, err);
}

enum rr_status rr_input_fetch(struct rr_input *in, void *buf, size_t cap,
			      const void **data, size_t *got, struct rr_error *err)
{
	enum rr_status st;
	size_t n;

	*data = buf;
	*got = 0;
	if ((st = sniff(in, err)) != RR_OK)
		return st;
	/* Plain memory input, once the peeked bytes are gone: lend it as is. */
	if (!in->mem || in->gzip || in->peek_pos < in->peek_len || in->raw_pos < in->raw_len)
		return rr_input_read(in, buf, cap, got, err);
	if (in->chunk && cap > in->chunk)
		cap = in->chunk;
	n = in->mem_len - in->mem_pos;
	if (n > cap)
		n = cap;
	if (n == 0)
		in->raw_eof = 1;
	*data = in->mem + in->mem_pos;
	in->mem_pos += n;
	in->bytes_in += n;
	*got = n;
	return deliver_cap(in, n, err);
}

enum rr_status rr_input_peek(struct rr_input *in, size_t want,
			     const unsigned char **data, size_t *len,
			     struct rr_error *err)
{
	enum rr_status st;

	if (want > PEEK_MAX)
		want = PEEK_MAX;
	if ((st = sniff(in, err)) != RR_OK)
		return st;
	if (in->peek_pos > 0) {
		memmove(in->peek, in->peek + in->peek_pos, in->peek_len - in->peek_pos);
		in->peek_len -= in->peek_pos;
		in->peek_pos = 0;
	}
	while (in->peek_len < want) {
		size_t got;

		if ((st = produce(in, in->peek + in->peek_len, want - in->peek_len,
				  &got, err)) != RR_OK)
			return st;
		if (got == 0)
			break;
		if ((st = deliver_cap(in, got, err)) != RR_OK)
			return st;
		in->peek_len += got;
	}
	*data = in->peek;
	*len = in->peek_len;
	return RR_OK;
}

static struct rr_input *input_new(unsigned long long max_bytes)
{
	struct rr_input *in = calloc(1, sizeof(*in));

	if (!in)
		return NULL;
	in->fd = -1;
	in->max_bytes = max_bytes;
	return in;
}

enum rr_status rr_input_open(struct rr_input **out, const char *path,
			     unsigned long long max_bytes, struct rr_error *err)
{
	struct rr_input *in;

	*out = NULL;
	in = input_new(max_bytes);
	if (!in)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
	} else {
		struct stat st;

		/*
		 * O_NONBLOCK: a FIFO or device put where the walk saw a file
		 * must fail here, not block the run (and its OUTDIR lock).
		 */
		in->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (in->fd < 0 || fstat(in->fd, &st) != 0) {
			int e = errno;

			if (in->fd >= 0)
				close(in->fd);
			free(in);
			rr_error_set(err, RR_EIO, 0, 0, "cannot open: %s", strerror(e));
			if (err)
				err->errno_ = e;
			return RR_EIO;
		}
		if (!S_ISREG(st.st_mode)) {
			close(in->fd);
			free(in);
			return rr_error_set(err, RR_EIO, 0, 0, "not a regular file (a FIFO, "
					    "device or socket is never read)");
		}
		in->own_fd = 1;
	}
	*out = in;
	return RR_OK;
}

enum rr_status rr_input_open_mem(struct rr_input **out, const void *buf,
				 size_t len, unsigned long long max_bytes,
				 struct rr_error *err)
{
	struct rr_input *in = input_new(max_bytes);

	*out = NULL;
	if (!in)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	in->mem = buf ? buf : (const unsigned char *)"";
	in->mem_len = len;
	*out = in;
	return RR_OK;
}

enum rr_status rr_input_open_pull(struct rr_input **out, rr_input_pull_fn pull,
				  void *ctx, unsigned long long max_bytes,
				  struct rr_error *err)
{
	struct rr_input *in = input_new(max_bytes);

	*out = NULL;
	if (!in)
		return rr_error_set(err, RR_ENOMEM, 0, 0, "out of memory");
	in->pull = pull;
	in->pull_ctx = ctx;
	*out = in;
	return RR_OK;
}

void rr_input_set_chunk(struct rr_input *in, size_t chunk)
{
	in->chunk = chunk;
}

int rr_input_is_gzip(const struct rr_input *in)
{
	return in->gzip;
}

unsigned long long rr_input_bytes_in(const struct rr_input *in)
{
	return in->bytes_in;
}

unsigned long long rr_input_bytes_out(const struct rr_input *in)
{
	return in->bytes_out;
}

void rr_input_close(struct rr_input *in)
{
	if (!in)
		return;
	if (in->z_ready)
		inflateEnd(&in->z);
	if (in->own_fd && in->fd >= 0)
		close(in->fd);
	free(in);
}
