#include "core/num.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int rr_parse_double(const char *s, size_t len, double *out)
{
	const char *p = s, *end = s + len;
	uint64_t mant = 0;
	int digits = 0, exp10 = 0, neg = 0, any = 0;
	double v;

	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++, any = 1) {
		if (digits < 19) {
			mant = mant * 10 + (uint64_t)(*p - '0');
			if (mant)
				digits++;
		} else {
			exp10++;
		}
	}
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, any = 1) {
			if (digits < 19) {
				mant = mant * 10 + (uint64_t)(*p - '0');
				if (mant)
					digits++;
				exp10--;
			}
		}
	}
	if (!any)
		return -1;
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, e = 0, edig = 0;

		p++;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		for (; p < end && *p >= '0' && *p <= '9'; p++, edig++)
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
		double p10 = 1.0;
		int k = exp10 < 0 ? -exp10 : exp10;

		while (k--)
			p10 *= 10.0;
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
