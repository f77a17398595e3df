/* num.h - locale-independent number parsing.  Included by everyone. */
#ifndef RR_NUM_H
#define RR_NUM_H

#include <stddef.h>

/*
 * Parse a decimal number ("-12.5", "3e2", " 7 ") from s[0..len), ignoring
 * leading and trailing XML white space.  Never looks at the C locale: a
 * comma is never a decimal point.  Returns 0 and sets *out, or -1 when the
 * text is not a finite number (NaN, inf and garbage are all rejected).
 */
int rr_parse_double(const char *s, size_t len, double *out);

/* Same, for a NUL-terminated string. */
int rr_parse_double_z(const char *s, double *out);

/*
 * Format v with at most decimals digits after the point, trailing zeros
 * removed, never in exponent form and never with a locale's comma.
 * buf must hold 48 bytes.  Returns buf.
 */
char *rr_format_double(char *buf, size_t size, double v, int decimals);

#endif
