#include "core/err.h"

#include <stdarg.h>
#include <stdbool.h>
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

/* The words of each rr_msg: subject says the first argument is the subject. */
static const struct {
	const char *format;
	bool subject;
} msg_table[RR_MSG_COUNT] = {
	[RR_MSG_TEXT] =			{ "%s", false },
	[RR_MSG_EMPTY_FILE] =		{ "empty file", false },
	[RR_MSG_EMPTY_DOCUMENT] =	{ "empty document", false },
	[RR_MSG_NO_ROOT] =		{ "not a GPX or TCX file (no <gpx> or <TrainingCenterDatabase> "
					  "root element)", false },
	[RR_MSG_WRONG_ROOT] =		{ "root element is <%.60s>, not <%s>", true },
	[RR_MSG_FOREIGN_ROOT] =		{ "not a GPX or TCX file: root element is <%.60s>", true },
	[RR_MSG_BROKEN_XML] =		{ "unrecognised XML: %s", false },
	[RR_MSG_STOPPED] =		{ "stopped by the consumer", false },
	[RR_MSG_TOO_MANY_ACTIVITIES] =	{ "more than %u activities in one file", false },
	[RR_MSG_TOO_MANY_POINTS] =	{ "more than %llu track points in one file", false },
	[RR_MSG_TOO_DEEP] =		{ "elements nested more than %lu deep", false },
	[RR_MSG_TOKEN_TOO_LONG] =	{ "a tag, comment or processing instruction longer than %d "
					  "bytes", false },
	[RR_MSG_DOCTYPE] =		{ "DOCTYPE refused: %s needs no DTD or entities", false },
	[RR_MSG_ENTITY_DECL] =		{ "entity declaration refused", false },
	[RR_MSG_ENTITY_REF] =		{ "entity reference &%s; refused", true },
	[RR_MSG_EXTERNAL_ENTITY] =	{ "external entity refused", false },
	[RR_MSG_PARSER_SETUP] =		{ "%s", false },
	[RR_MSG_NOMEM] =		{ "out of memory (%s)", false },
	[RR_MSG_XML_CODE] =		{ "XML error %d", false },
	[RR_MSG_ZIP_NOT_HERE] =		{ "a zip archive here (standard input or gzip-compressed) is "
					  "not read; give the .zip itself as a PATH", false },
};

const char *rr_msg_format(enum rr_msg id)
{
	if ((unsigned)id >= RR_MSG_COUNT || !msg_table[id].format)
		return "%s";
	return msg_table[id].format;
}

enum rr_status rr_error_vmsg(struct rr_error *e, enum rr_status code,
			     unsigned long line, unsigned long col, enum rr_msg id,
			     va_list ap)
{
	if (!e || e->code != RR_OK)
		return code;
	if ((unsigned)id >= RR_MSG_COUNT)
		id = RR_MSG_TEXT;
	e->code = code;
	e->line = line;
	e->col = col;
	e->id = id;
	if (msg_table[id].subject) {
		va_list cp;

		va_copy(cp, ap);
		snprintf(e->subject, sizeof(e->subject), "%s", va_arg(cp, const char *));
		va_end(cp);
	}
	vsnprintf(e->msg, sizeof(e->msg), msg_table[id].format, ap);
	return code;
}

enum rr_status rr_error_msg(struct rr_error *e, enum rr_status code,
			    unsigned long line, unsigned long col, enum rr_msg id, ...)
{
	va_list ap;

	va_start(ap, id);
	code = rr_error_vmsg(e, code, line, col, id, ap);
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
