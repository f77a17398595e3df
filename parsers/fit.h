/*
 * fit.h - the FIT (Garmin Flexible and Interoperable Data Transfer) decoder:
 * its entry point and the few protocol facts its callers share.  Included
 * by parsers/parse.c, tests and fuzz targets; not by analysis/ or render/.
 *
 * What is decoded, the CRC policy, the caps and what error locations mean
 * are written down in doc/fit.md.
 */
#ifndef RR_FIT_H
#define RR_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/activity.h"
#include "core/err.h"
#include "parsers/input.h"

/* FIT times count seconds from 1989-12-31T00:00:00Z; this is that instant in Unix time. */
#define FIT_EPOCH_UNIX 631065600.0
/* A FIT time below this is seconds since the device powered on, not a date. */
#define FIT_TIME_MIN_ABSOLUTE 0x10000000u

/*
 * Stream a FIT file (or several chained in one) into sink.  A streaming
 * pull decoder: memory is one fixed-size reader (read buffer, the 16 local
 * definitions), never proportional to the file.  Points are handed to the
 * sink as their record messages are read, so a file that fails later (a
 * CRC mismatch at the end, a truncation) has already sent points: the
 * caller drops the activities of a file that failed, as for GPX and TCX.
 *
 * Errors (err->line is 1, err->col the byte offset + 1 of the offending
 * header, message or CRC in the decompressed stream):
 *   RR_EPARSE   not well-formed: bad header, CRC mismatch, truncated,
 *               a data message of an undefined local type, ...
 *   RR_EFORMAT  well-formed but not an activity (settings, course, ...)
 *   RR_ELIMIT   lim->max_points, lim->max_activities, or a data size
 *               above lim->max_bytes
 *   and the input layer's RR_EIO, RR_EGZIP, RR_ELIMIT; RR_EABORT.
 */
enum rr_status fit_parse(struct rr_input *in, const struct rr_limits *lim,
			 const struct rr_sink *sink, struct rr_error *err);

/*
 * The FIT CRC-16 (reflected polynomial 0xA001, initial value 0, no final
 * xor: CRC-16/ARC) of buf[0..len) continued from crc.  Pure.
 */
uint16_t fit_crc16(uint16_t crc, const void *buf, size_t len);

/* Readable names of the FIT sport and sub_sport enums ("running", "trail"); NULL when unknown. */
const char *fit_sport_name(unsigned sport);
const char *fit_sub_sport_name(unsigned sub_sport);

#endif
