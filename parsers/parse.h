/*
 * parse.h - the parsers' public face: recognise a format by content and
 * stream a file's activities into a sink.  Included by cmd/ and tests; not
 * by analysis/ or render/.
 */
#ifndef RR_PARSE_H
#define RR_PARSE_H

#include "core/activity.h"
#include "core/err.h"
#include "parsers/input.h"

/*
 * Recognise GPX, TCX or FIT from the first bytes of a (decompressed) file:
 * FIT by ".FIT" at bytes 8..11 (and a header size of at least 12); XML
 * after skipping a BOM, the XML declaration, comments and processing
 * instructions, by the root element's local name.  RR_FORMAT_UNKNOWN otherwise.
 */
enum rr_format rr_detect_format(const unsigned char *buf, size_t len);

/*
 * Parse one input: detect its format, then stream it through the GPX, TCX
 * or FIT parser (parsers/fit.h) into sink.  *format (may be NULL) receives
 * what was detected.  Errors carry line and column where the XML parser
 * knows them; FIT errors are at line 1, column = byte offset + 1.
 * A file with no track yields one empty activity; it is not an error.
 */
enum rr_status rr_parse(struct rr_input *in, const struct rr_limits *lim,
			const struct rr_sink *sink, enum rr_format *format,
			struct rr_error *err);

/*
 * The two parsers, for callers that already know the format.  Both are
 * streaming push parsers: memory is bounded by the buffers and the longest
 * text node they keep (capped), never by the file size.  Hostile XML is
 * harmless: no network, no external entities or DTDs, entity expansion off
 * or capped, depth capped by lim->max_depth.
 */
enum rr_status gpx_parse(struct rr_input *in, const struct rr_limits *lim,
			 const struct rr_sink *sink, struct rr_error *err);
enum rr_status tcx_parse(struct rr_input *in, const struct rr_limits *lim,
			 const struct rr_sink *sink, struct rr_error *err);

#endif
