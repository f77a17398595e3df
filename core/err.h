/* err.h - status codes and the error record every stage fills. Included by everyone. */
#ifndef RR_ERR_H
#define RR_ERR_H

#include <stdarg.h>

/*
 * Functions below cmd/ return one of these and never exit().  Only cmd/ maps
 * them to process exit codes (cmd/exitcode.h).
 */
enum rr_status {
	RR_OK = 0,
	RR_EPARSE,	/* not well-formed XML or FIT (bad CRC, truncated), or not GPX/TCX */
	RR_EFORMAT,	/* well-formed, but not a format we read (KML, a FIT course, ...) */
	RR_ELIMIT,	/* a cap on hostile input was hit (size, depth, points) */
	RR_EIO,		/* read or write failed; errno_ holds errno */
	RR_EGZIP,	/* zlib reported corrupt or truncated compressed data */
	RR_ENOMEM,	/* allocation failed */
	RR_ECONFIG,	/* a configuration file is wrong */
	RR_EABORT	/* a sink asked the parser to stop */
};

/*
 * What exactly went wrong: one id per condition, the same id and words
 * whichever parser meets it (mandoc's enum mandocerr and its table).
 * Callers decide by id, never by the message text; the words live in one
 * table in core/err.c.  RR_MSG_TEXT: a message that is not ours (expat,
 * libxml2, zlib, the system) or from a stage without ids yet, kept as is.
 */
enum rr_msg {
	RR_MSG_TEXT = 0,
	RR_MSG_EMPTY_FILE,		/* nothing to read */
	RR_MSG_EMPTY_DOCUMENT,		/* the XML parser got no bytes */
	RR_MSG_NO_ROOT,			/* neither GPX nor TCX, nor XML we can read */
	RR_MSG_WRONG_ROOT,		/* subject: the root element's name; arg 2: the one wanted */
	RR_MSG_FOREIGN_ROOT,		/* subject: the root element's name */
	RR_MSG_BROKEN_XML,		/* arg: the XML parser's own message */
	RR_MSG_STOPPED,			/* the sink asked the parser to stop */
	RR_MSG_TOO_MANY_ACTIVITIES,	/* arg: unsigned cap */
	RR_MSG_TOO_MANY_POINTS,		/* arg: unsigned long long cap */
	RR_MSG_TOO_DEEP,		/* arg: unsigned long cap */
	RR_MSG_TOKEN_TOO_LONG,		/* arg: int cap in bytes */
	RR_MSG_DOCTYPE,			/* arg: the format's name */
	RR_MSG_ENTITY_DECL,
	RR_MSG_ENTITY_REF,		/* subject: the entity's name */
	RR_MSG_EXTERNAL_ENTITY,
	RR_MSG_PARSER_SETUP,		/* arg: which library refused what */
	RR_MSG_NOMEM,			/* arg: what could not be allocated */
	RR_MSG_XML_CODE,		/* arg: int libxml2 error code */
	RR_MSG_ZIP_NOT_HERE,		/* a zip on standard input or inside gzip */
	RR_MSG_COUNT
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
	enum rr_msg id;		/* RR_MSG_TEXT unless set by rr_error_msg() */
	char subject[64];	/* the name the message is about, for ids that have one */
	char msg[256];
};

#define RR_ERROR_INIT { RR_OK, 0, 0, 0, RR_MSG_TEXT, { 0 }, { 0 } }

void rr_error_clear(struct rr_error *e);

/* Set the record unless it already holds an error; e may be NULL.  Returns code. */
enum rr_status rr_error_set(struct rr_error *e, enum rr_status code,
			    unsigned long line, unsigned long col,
			    const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * rr_error_set() with the words of id from the message table; the
 * arguments are the ones the id's comment in enum rr_msg names, in order
 * (a subject first, when the id has one: it is also kept in e->subject).
 */
enum rr_status rr_error_msg(struct rr_error *e, enum rr_status code,
			    unsigned long line, unsigned long col, enum rr_msg id, ...);
enum rr_status rr_error_vmsg(struct rr_error *e, enum rr_status code,
			     unsigned long line, unsigned long col, enum rr_msg id,
			     va_list ap);

/* The printf format of id's words ("%s" for RR_MSG_TEXT). */
const char *rr_msg_format(enum rr_msg id);

/* A short lowercase name of a status ("parse error", "gzip error", ...). */
const char *rr_status_name(enum rr_status code);

#endif
