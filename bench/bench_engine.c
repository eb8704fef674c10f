/* bench_engine.c - the classic hold model: N pending events; each event
 * reschedules itself at now + an exponential increment.  Prints ns per hold
 * (one pop + one push) for N = 1e3 .. 1e6.  Timing only; nothing asserted. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/engine.h"
#include "sim/rng.h"

struct ev {
	eng_event ev;
};

static int64_t *incs;
static size_t ninc, pos;

static void hold(eng *e, eng_event *ev)
{
	eng_schedule(e, ev, e->now + incs[pos++ & (ninc - 1)], hold);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
	static const long sizes[] = { 1000, 10000, 100000, 1000000 };
	gsl_rng *r = rng_stream_new(1, "bench", 0);

	/* Pre-drawn increments so that the RNG is not what is measured. */
	ninc = 1u << 20;
	incs = malloc(ninc * sizeof(*incs));
	for (size_t i = 0; i < ninc; i++)
		incs[i] = 1 + (int64_t)(-1e6 * __builtin_log(1 - gsl_rng_uniform(r)));
	printf("engine hold model (4-ary heap)\n%12s %14s %12s\n", "pending", "holds", "ns/hold");
	for (size_t k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		long n = sizes[k], holds = 10 * n > 5000000 ? 10 * n : 5000000;
		struct ev *evs = calloc((size_t)n, sizeof(*evs));
		eng e;
		double t0, t1;
		eng_init(&e);
		for (long i = 0; i < n; i++)
			eng_schedule(&e, &evs[i].ev, incs[pos++ & (ninc - 1)], hold);
		/* warm up, then measure */
		for (long i = 0; i < n; i++)
			eng_step(&e, INT64_MAX);
		t0 = now_s();
		for (long i = 0; i < holds; i++)
			eng_step(&e, INT64_MAX);
		t1 = now_s();
		printf("%12ld %14ld %12.1f\n", n, holds, (t1 - t0) * 1e9 / (double)holds);
		eng_destroy(&e);
		free(evs);
	}
	free(incs);
	gsl_rng_free(r);
	return 0;
}
