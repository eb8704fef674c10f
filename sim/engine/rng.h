/* rng.h - independent random streams derived from one scenario seed.
 *
 * Every purpose (arrivals of workload 2, durations of workload 2, failures
 * of host 17, placement tie-breaks, ...) gets its own GSL generator whose
 * seed is a hash of (scenario seed, purpose name, index).  So adding a
 * failure model does not shift the arrival sequence, and a replication k
 * uses the same streams under every strategy (common random numbers).
 */
#ifndef ECS_RNG_H
#define ECS_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* A new generator (gsl_rng_free it) for (seed, purpose, index). */
gsl_rng *rng_stream_new(uint64_t seed, const char *purpose, uint64_t index);

/* mix64 (sim/support/mix.h), the mix that derives stream seeds, as a
 * function: for callers outside the support layer that already use rng. */
uint64_t rng_mix64(uint64_t x);

#endif
