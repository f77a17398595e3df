#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rr_error_clear(struct rr_error *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

enum rr_status rr_error_set(struct rr_error *e, enum rr_status code,
			    unsigned long line, unsigned long col,
			    const char *fmt, ...)
{
	va_list ap;

	if (!e || e->code != RR_OK)
		return code;
	e->code = code;
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *rr_status_name(enum rr_status code)
{
	switch (code) {
	case RR_OK:		return "ok";
	case RR_EPARSE:		return "parse error";
	case RR_EFORMAT:	return "unsupported format";
	case RR_ELIMIT:		return "limit exceeded";
	case RR_EIO:		return "i/o error";
	case RR_EGZIP:		return "gzip error";
	case RR_ENOMEM:		return "out of memory";
	case RR_ECONFIG:	return "configuration error";
	case RR_EABORT:		return "aborted";
	}
	return "unknown error";
}
