/* rng.c - seeded GSL streams per purpose (see rng.h). */
#include "rng.h"

#include "sim/support/err.h"
#include "sim/support/mix.h"

uint64_t rng_mix64(uint64_t x)
{
	return mix64(x);
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
	s = mix64(seed ^ mix64(hash_str(purpose) ^ mix64(index)));
	/* mt19937 uses 32 bits of the seed; 0 would select GSL's default. */
	s = (s ^ (s >> 32)) & 0xffffffffu;
	gsl_rng_set(r, s ? (unsigned long)s : 1ul);
	return r;
}
