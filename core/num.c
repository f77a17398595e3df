#include "core/num.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * 10^k for k <= 22.  Each is an exact double (10^22 = 2^22 * 5^22 and
 * 5^22 < 2^53), so this table holds exactly what multiplying 1.0 by 10.0
 * k times gives.
 */
static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static int is_digit(char c)
{
	return (unsigned)(c - '0') <= 9;
}

/*
 * The digits "ddd[.ddd]" at *pp into *mant and *exp10, keeping at most 19
 * significant digits (leading zeros are not significant); later integer
 * digits scale by ten, later fraction digits are dropped.  Returns whether
 * there was any digit.
 */
static int read_digits(const char **pp, const char *end, uint64_t *mant, int *exp10)
{
	const char *p = *pp, *q = p;
	uint64_t m = 0;
	size_t nint, nfrac = 0;
	int digits = 0, e = 0, any = 0;

	/*
	 * Fast path: with at most 19 digits in all, every digit is kept and m
	 * cannot overflow (10^19 < 2^64), so the general loops below would
	 * compute the same m and e.
	 */
	while (q < end && is_digit(*q))
		m = m * 10 + (uint64_t)(*q++ - '0');
	nint = (size_t)(q - p);
	if (q < end && *q == '.') {
		const char *f = ++q;

		while (q < end && is_digit(*q))
			m = m * 10 + (uint64_t)(*q++ - '0');
		nfrac = (size_t)(q - f);
	}
	if (nint + nfrac <= 19) {
		*pp = q;
		*mant = m;
		*exp10 = -(int)nfrac;
		return nint + nfrac > 0;
	}
	m = 0;
	for (; p < end && is_digit(*p); p++, any = 1) {
		if (digits < 19) {
			m = m * 10 + (uint64_t)(*p - '0');
			if (m)
				digits++;
		} else {
			e++;
		}
	}
	if (p < end && *p == '.') {
		for (p++; p < end && is_digit(*p); p++, any = 1) {
			if (digits < 19) {
				m = m * 10 + (uint64_t)(*p - '0');
				if (m)
					digits++;
				e--;
			}
		}
	}
	*pp = p;
	*mant = m;
	*exp10 = e;
	return any;
}

int rr_parse_double(const char *s, size_t len, double *out)
{
	const char *p = s, *end = s + len;
	uint64_t mant = 0;
	int exp10 = 0, neg = 0;
	double v;

	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (!read_digits(&p, end, &mant, &exp10))
		return -1;
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, e = 0, edig = 0;

		p++;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		for (; p < end && is_digit(*p); p++, edig++)
			if (e < 10000)
				e = e * 10 + (*p - '0');
		if (!edig)
			return -1;
		exp10 += eneg ? -e : e;
	}
	if (p != end)
		return -1;
	v = (double)mant;
	/*
	 * Powers of ten up to 1e22 are exact doubles, so one multiplication or
	 * division is correctly rounded for mantissas below 2^53: "0.000005"
	 * reads as the same double the compiler makes of 0.000005.
	 */
	if (mant && exp10 >= -22 && exp10 <= 22) {
		double p10 = pow10_exact[exp10 < 0 ? -exp10 : exp10];

		v = exp10 < 0 ? v / p10 : v * p10;
	} else if (mant && exp10) {
		if (exp10 < -300) {
			v *= pow(10.0, -300);
			exp10 += 300;
		}
		v *= pow(10.0, exp10);
	}
	if (!isfinite(v))
		return -1;
	*out = neg ? -v : v;
	return 0;
}

int rr_parse_double_z(const char *s, double *out)
{
	return rr_parse_double(s, strlen(s), out);
}

char *rr_format_double(char *buf, size_t size, double v, int decimals)
{
	double scale, r;
	uint64_t ip, fp;
	int neg, n, i;
	char frac[24];

	if (!isfinite(v) || fabs(v) >= 1e17 || decimals < 0 || decimals > 9) {
		snprintf(buf, size, "%s", isfinite(v) ? "0" : "");
		if (isfinite(v))
			snprintf(buf, size, "%.0f", v);
		return buf;
	}
	scale = pow(10.0, decimals);
	r = round(fabs(v) * scale);
	neg = v < 0 && r > 0;
	ip = (uint64_t)(r / scale);
	fp = (uint64_t)(r - (double)ip * scale + 0.5);
	if (fp >= (uint64_t)scale) {
		ip++;
		fp -= (uint64_t)scale;
	}
	for (i = decimals - 1; i >= 0; i--) {
		frac[i] = (char)('0' + fp % 10);
		fp /= 10;
	}
	n = decimals;
	while (n > 0 && frac[n - 1] == '0')
		n--;
	frac[n] = '\0';
	snprintf(buf, size, "%s%llu%s%s", neg ? "-" : "", (unsigned long long)ip,
		 n ? "." : "", frac);
	return buf;
}
