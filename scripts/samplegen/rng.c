/*
 * rng.c - the generator's own random numbers: xoshiro256** (Blackman and
 * Vigna) seeded through splitmix64.  Never rand(): its sequence differs
 * between C libraries, and the samples must be byte-for-byte reproducible.
 */
#include <math.h>

#include "scripts/samplegen/samplegen.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t seed_mix(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ (b * 0xd1342543de82ef95ull);

	return splitmix64(&x);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* 53 random bits: exact in a double, so no rounding differs between platforms. */
double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double rng_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(r);
}

unsigned rng_below(struct rng *r, unsigned n)
{
	return n ? (unsigned)(rng_uniform(r) * n) : 0;
}

double rng_normal(struct rng *r)
{
	double sum = 0;

	for (int i = 0; i < 12; i++)
		sum += rng_uniform(r);
	return sum - 6.0;
}

/*
 * x[k+1] = rho x[k] + innov_sd e, with rho = exp(-dt/tau) and
 * innov_sd = sd sqrt(1 - rho^2), so the stationary sd is sd.  Starts in
 * the stationary distribution.
 */
void ar1_init(struct ar1 *a, struct rng *r, double sd, double tau_s, double dt_s)
{
	a->rho = tau_s > 0 ? exp(-dt_s / tau_s) : 0;
	a->innov_sd = sd * sqrt(1 - a->rho * a->rho);
	a->x = sd * rng_normal(r);
}

double ar1_step(struct ar1 *a, struct rng *r)
{
	a->x = a->rho * a->x + a->innov_sd * rng_normal(r);
	return a->x;
}
