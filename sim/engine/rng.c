/* rng.c - seeded GSL streams per purpose (see rng.h). */
#include "rng.h"

#include "sim/support/err.h"

uint64_t rng_mix64(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325); /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	return h;
}

gsl_rng *rng_stream_new(uint64_t seed, const char *purpose, uint64_t index)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	uint64_t s;

	if (!r) {
		xmalloc((size_t)-1 / 2); /* reports out-of-memory and aborts */
		return NULL;
	}
	s = rng_mix64(seed ^ rng_mix64(hash_str(purpose) ^ rng_mix64(index)));
	/* mt19937 uses 32 bits of the seed; 0 would select GSL's default. */
	s = (s ^ (s >> 32)) & 0xffffffffu;
	gsl_rng_set(r, s ? (unsigned long)s : 1ul);
	return r;
}
