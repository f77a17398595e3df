/* err.h - status codes and the error record every stage fills. Included by everyone. */
#ifndef RR_ERR_H
#define RR_ERR_H

/*
 * Functions below cmd/ return one of these and never exit().  Only cmd/ maps
 * them to process exit codes (cmd/exitcode.h).
 */
enum rr_status {
	RR_OK = 0,
	RR_EPARSE,	/* the input is not well-formed XML, or not GPX/TCX */
	RR_EFORMAT,	/* well-formed, but not a format we read (FIT, KML, ...) */
	RR_ELIMIT,	/* a cap on hostile input was hit (size, depth, points) */
	RR_EIO,		/* read or write failed; errno_ holds errno */
	RR_EGZIP,	/* zlib reported corrupt or truncated compressed data */
	RR_ENOMEM,	/* allocation failed */
	RR_ECONFIG,	/* a configuration file is wrong */
	RR_EABORT	/* a sink asked the parser to stop */
};

/*
 * An error record.  A function that fails fills it once (the first failure
 * wins: later calls to rr_error_set() on a set record are ignored) and leaves
 * it untouched on success.  line and col are 1-based; 0 means unknown.
 */
struct rr_error {
	enum rr_status code;
	unsigned long line;
	unsigned long col;
	int errno_;
	char msg[256];
};

#define RR_ERROR_INIT { RR_OK, 0, 0, 0, { 0 } }

void rr_error_clear(struct rr_error *e);

/* Set the record unless it already holds an error; e may be NULL.  Returns code. */
enum rr_status rr_error_set(struct rr_error *e, enum rr_status code,
			    unsigned long line, unsigned long col,
			    const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* A short lowercase name of a status ("parse error", "gzip error", ...). */
const char *rr_status_name(enum rr_status code);

#endif
