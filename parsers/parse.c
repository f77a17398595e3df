#include "parsers/parse.h"
#include "parsers/fit.h"

#include <string.h>

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skip to just past the first occurrence of tok; NULL when absent. */
static const unsigned char *skip_past(const unsigned char *p, const unsigned char *end,
				      const char *tok)
{
	size_t n = strlen(tok);

	for (; p + n <= end; p++)
		if (memcmp(p, tok, n) == 0)
			return p + n;
	return NULL;
}

static int name_is(const unsigned char *p, const unsigned char *end, const char *name)
{
	size_t n = strlen(name);
	const unsigned char *q = p;

	/* Skip a namespace prefix: "<gpx:gpx" and "<ns0:TrainingCenterDatabase". */
	while (q < end && !is_ws(*q) && *q != '>' && *q != '/' && *q != ':')
		q++;
	if (q < end && *q == ':')
		p = q + 1;
	if ((size_t)(end - p) < n || memcmp(p, name, n) != 0)
		return 0;
	p += n;
	return p == end || is_ws(*p) || *p == '>' || *p == '/';
}

/* Does the head start (after a BOM and white space) with '<'? */
static int looks_like_xml(const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;

	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;
	while (p < end && is_ws(*p))
		p++;
	return p < end && *p == '<';
}

/*
 * A DOCTYPE names the root element: let it decide, so that the parser of
 * the right format refuses the DTD with its own diagnostic.
 */
static enum rr_format doctype_format(const unsigned char *p, const unsigned char *end)
{
	while (p < end && is_ws(*p))
		p++;
	if (name_is(p, end, "gpx"))
		return RR_FORMAT_GPX;
	if (name_is(p, end, "TrainingCenterDatabase"))
		return RR_FORMAT_TCX;
	return RR_FORMAT_UNKNOWN;
}

enum rr_format rr_detect_format(const unsigned char *buf, size_t len)
{
	const unsigned char *p = buf, *end = buf + len;

	if (len >= 12 && memcmp(buf + 8, ".FIT", 4) == 0 && buf[0] >= 12)
		return RR_FORMAT_FIT;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;
	for (;;) {
		while (p < end && is_ws(*p))
			p++;
		if (p >= end || *p != '<')
			return RR_FORMAT_UNKNOWN;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
			p = skip_past(p + 4, end, "-->");
		else if (end - p >= 2 && p[1] == '?')
			p = skip_past(p + 2, end, "?>");
		else if (end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0)
			return doctype_format(p + 9, end);
		else if (end - p >= 2 && p[1] == '!')
			p = skip_past(p + 2, end, ">");
		else
			break;
		if (!p)
			return RR_FORMAT_UNKNOWN;
	}
	p++;
	if (name_is(p, end, "gpx"))
		return RR_FORMAT_GPX;
	if (name_is(p, end, "TrainingCenterDatabase"))
		return RR_FORMAT_TCX;
	return RR_FORMAT_UNKNOWN;
}

enum rr_status rr_parse(struct rr_input *in, const struct rr_limits *lim,
			const struct rr_sink *sink, enum rr_format *format,
			struct rr_error *err)
{
	const unsigned char *head;
	size_t len;
	enum rr_status st;
	enum rr_format f;

	if (format)
		*format = RR_FORMAT_UNKNOWN;
	st = rr_input_peek(in, 4096, &head, &len, err);
	if (st != RR_OK)
		return st;
	if (len == 0)
		return rr_error_msg(err, RR_EFORMAT, 0, 0, RR_MSG_EMPTY_FILE);
	if (len >= 4 && memcmp(head, "PK\3\4", 4) == 0)
		/* Zips are listed by the walk (parsers/archive.h); not from a pipe or a .gz. */
		return rr_error_msg(err, RR_EFORMAT, 0, 0, RR_MSG_ZIP_NOT_HERE);
	f = rr_detect_format(head, len);
	if (format)
		*format = f;
	switch (f) {
	case RR_FORMAT_GPX:
		return gpx_parse(in, lim, sink, err);
	case RR_FORMAT_TCX:
		return tcx_parse(in, lim, sink, err);
	case RR_FORMAT_FIT:
		return fit_parse(in, lim, sink, err);
	case RR_FORMAT_UNKNOWN:
		break;
	}
	if (looks_like_xml(head, len)) {
		/*
		 * XML of another kind, or broken XML: let libxml2 read it, so the
		 * diagnostic says where it breaks or what the root element is.
		 */
		struct rr_error e = RR_ERROR_INIT;
		static const struct rr_sink none = { NULL, NULL, NULL, NULL };

		st = tcx_parse(in, lim, &none, &e);
		if (st == RR_EFORMAT && e.id == RR_MSG_WRONG_ROOT)
			/* The root element, without what TCX wanted: neither is GPX. */
			return rr_error_msg(err, st, e.line, e.col, RR_MSG_FOREIGN_ROOT, e.subject);
		if (st != RR_OK) {
			rr_error_msg(err, st, e.line, e.col, RR_MSG_BROKEN_XML, e.msg);
			if (err)
				err->errno_ = e.errno_;
			return st;
		}
	}
	return rr_error_msg(err, RR_EFORMAT, 1, 1, RR_MSG_NO_ROOT);
}
