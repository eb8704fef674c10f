/* mix.h - mix64, the 64-bit integer mix that hashes keys and derives seeds.
 *
 * One function, inline because hash tables call it on every probe.  Owns
 * no state; which keys are mixed, and why, is the callers' business (hmap
 * slots, host-index classes, rng stream seeds, trace sampling).
 */
#ifndef ECS_MIX_H
#define ECS_MIX_H

#include <stdint.h>

/* splitmix64's finaliser: every input bit affects every output bit, and
 * distinct inputs give distinct outputs (it is a bijection).  Seeds of
 * recorded runs depend on these constants: never change them. */
static inline uint64_t mix64(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

#endif
