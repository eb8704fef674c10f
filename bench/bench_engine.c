/* bench_engine.c - the classic hold model: N pending events; each event
 * reschedules itself at now + an exponential increment.  Prints ns per hold
 * (one pop + one push) for N = 1e3 .. 1e6: the median of REPS timed rounds
 * after a warm-up round, as one round is at the mercy of the machine's
 * other work.  Timing only; nothing asserted. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/engine/engine.h"
#include "sim/engine/rng.h"

struct ev {
	eng_event ev;
};

static int64_t *incs;
static size_t ninc, pos;

static void hold(eng *e, eng_event *ev)
{
	eng_schedule(e, ev, e->now + incs[pos++ & (ninc - 1)], hold);
}

#define REPS 5

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
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
	printf("engine hold model (calendar ring + 4-ary heap): ns per hold, median of %d rounds\n"
	       "%12s %14s %12s %12s %12s\n", REPS, "pending", "holds/round", "ns/hold", "min", "max");
	for (size_t k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		long n = sizes[k], holds = 10 * n > 5000000 ? 10 * n : 5000000;
		struct ev *evs = calloc((size_t)n, sizeof(*evs));
		eng e;
		double t0, t1, ns[REPS];
		eng_init(&e);
		for (long i = 0; i < n; i++)
			eng_schedule(&e, &evs[i].ev, incs[pos++ & (ninc - 1)], hold);
		/* warm up, then measure */
		for (long i = 0; i < n; i++)
			eng_step(&e, INT64_MAX);
		for (int k2 = 0; k2 < REPS; k2++) {
			t0 = now_s();
			for (long i = 0; i < holds; i++)
				eng_step(&e, INT64_MAX);
			t1 = now_s();
			ns[k2] = (t1 - t0) * 1e9 / (double)holds;
		}
		qsort(ns, REPS, sizeof(*ns), cmp_double);
		printf("%12ld %14ld %12.1f %12.1f %12.1f\n", n, holds, ns[REPS / 2], ns[0],
		       ns[REPS - 1]);
		eng_destroy(&e);
		free(evs);
	}
	free(incs);
	gsl_rng_free(r);
	return 0;
}
