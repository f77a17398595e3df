/*
 * pain_csv.h - read a pain diary (pain.csv) with libcsv.  Included by cmd/
 * and tests.
 *
 * Format: a header line naming the columns "date,side,severity,note" (any
 * order, case-insensitive, extra columns ignored); without a header the
 * columns are taken in that order.  date is YYYY-MM-DD (local date); side is
 * left, right, both (also l, r, b, bilateral) or empty; severity is 0..10 or
 * empty (unknown, -1); note is free text, quoted when it holds commas,
 * quotes or newlines (RFC 4180).  Blank lines are skipped.
 *
 * Errors are RR_ECONFIG with err->line = the line where the bad record
 * starts.  Ownership: *out is malloc'd, the caller free()s it.
 */
#ifndef RR_PAIN_CSV_H
#define RR_PAIN_CSV_H

#include <stddef.h>

#include "core/athlete.h"
#include "core/err.h"

#define RR_PAIN_MAX_BYTES (16u << 20)
#define RR_PAIN_MAX_ROWS 100000

enum rr_status rr_pain_parse(const char *buf, size_t len, struct rr_pain **out,
			     size_t *n, struct rr_error *err);

/* Same, reading path (plain or gzip) through the input layer. */
enum rr_status rr_pain_load(const char *path, struct rr_pain **out, size_t *n,
			    struct rr_error *err);

#endif
