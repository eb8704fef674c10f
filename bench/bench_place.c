/* bench_place.c - placements per second at 1,000 / 10,000 / 100,000 hosts
 * with about 70 % of CPU in use, for the chains of the standard benchmark.
 * Hosts: 4096 CPU units, 16384 MiB, 3 zones; tasks: cpu from {256, 512,
 * 1024}, memory from {512, 1024, 2048}.  Each measured operation chooses a
 * host, places the task and stops a random running task (so the load stays
 * at 70 %).  Timing only; nothing asserted. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/engine/rng.h"
#include "strategies/place.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void relink(cl_cluster *cl, cl_task *t)
{
	if (t->hprev)
		t->hprev->hnext = t;
	else
		cl->hosts[t->host].tasks = t;
	if (t->hnext)
		t->hnext->hprev = t;
}

static void bench(int nhosts, const char *spec, int scan, int ops)
{
	static const int32_t cs[] = { 256, 512, 1024 }, ms[] = { 512, 1024, 2048 };
	cl_cluster cl;
	st_chain chain = { 0 };
	place_ws ws = { 0 };
	ecs_err e = { 0 };
	gsl_rng *r = rng_stream_new(1, "bench", 0), *tie = rng_stream_new(1, "ties", 0);
	int64_t cap = (int64_t)nhosts * 4096, target = cap * 7 / 10;
	int ntasks = 0, maxtasks = nhosts * 16, rejected = 0;
	cl_task *tasks = calloc((size_t)maxtasks, sizeof(*tasks));
	double t0, t1;
	(void)t1;

	cl_init(&cl);
	cl_attr_value(&cl, CL_ATTR_ZONE, "us-east-1a");
	cl_attr_value(&cl, CL_ATTR_ZONE, "us-east-1b");
	cl_attr_value(&cl, CL_ATTR_ZONE, "us-east-1c");
	if (st_chain_parse(&chain, spec, &cl, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
	cl_group_id(&cl, "family:bench");
	for (int h = 0; h < nhosts; h++)
		cl_add_hosts(&cl, 1, 0, h % 3, 4096, 16384, 0, 4, 0.1);
	cl_index_enable(&cl);

	/* Fill to 70 % of CPU with the strategy itself. */
	while (cl.cpu_used < target && ntasks < maxtasks) {
		cl_req q = { .cpu = cs[gsl_rng_uniform_int(r, 3)], .mem = ms[gsl_rng_uniform_int(r, 3)] };
		enum cl_check why;
		int32_t h = place_choose(&cl, &q, &chain, tie, &ws, &why);
		if (h < 0)
			break;
		tasks[ntasks].req = q;
		cl_place(&cl, &tasks[ntasks++], h);
	}
	/* Batches of B placements are timed; after each, B random tasks are
	 * stopped (timed apart), so the load stays near 70 %. */
	{
		enum { B = 1024 };
		int32_t placed[B];
		double tp = 0, ts = 0;
		int done = 0;
		while (done < ops) {
			int np = 0;
			cl_req qs[B];
			for (int i = 0; i < B; i++)
				qs[i] = (cl_req){ .cpu = cs[gsl_rng_uniform_int(r, 3)],
						  .mem = ms[gsl_rng_uniform_int(r, 3)] };
			t0 = now_s();
			for (int i = 0; i < B && ntasks < maxtasks; i++) {
				enum cl_check why;
				int32_t h = scan ? place_choose_scan(&cl, &qs[i], &chain, tie, &ws, &why)
						 : place_choose(&cl, &qs[i], &chain, tie, &ws, &why);
				if (h < 0) {
					rejected++;
					continue;
				}
				tasks[ntasks].req = qs[i];
				cl_place(&cl, &tasks[ntasks], h);
				placed[np++] = ntasks++;
			}
			t1 = now_s();
			tp += t1 - t0;
			(void)placed;
			t0 = now_s();
			for (int i = 0; i < np; i++) {
				int k = (int)gsl_rng_uniform_int(r, (unsigned long)ntasks);
				cl_unplace(&cl, &tasks[k]);
				tasks[k] = tasks[--ntasks];
				if (k < ntasks)
					relink(&cl, &tasks[k]);
			}
			ts += now_s() - t0;
			done += B;
		}
		printf("%8d  %-52s %-5s %12.0f %9.1f %10.1f %7.1f%%\n", nhosts, spec,
		       scan ? "scan" : "index", done / tp, tp * 1e9 / done, ts * 1e9 / done,
		       100.0 * (double)cl.cpu_used / (double)cap);
	}
	st_chain_destroy(&chain);
	place_ws_destroy(&ws);
	gsl_rng_free(r);
	gsl_rng_free(tie);
	free(tasks);
	cl_destroy(&cl);
}

int main(int argc, char **argv)
{
	if (argc > 2) { bench(atoi(argv[1]), argv[2], 0, 3000000); return 0; }
	static const char *const specs[] = {
		"binpack:memory",
		"spread:attribute:ecs.availability-zone,binpack:memory",
		"random",
		"spread:attribute:ecs.availability-zone,spread:instanceId",
	};
	static const int sizes[] = { 1000, 10000, 100000 };
	int with_scan = argc > 1;

	printf("placement (choose a host + place), ~70%% of CPU in use; stopping a random\n"
	       "task afterwards (to hold the load) is timed apart\n");
	printf("%8s  %-52s %-5s %12s %9s %10s %8s\n", "hosts", "strategy", "path", "placements/s",
	       "ns/place", "ns/stop", "cpu used");
	for (int s = 0; s < (int)(sizeof(specs) / sizeof(*specs)); s++)
		for (int z = 0; z < 3; z++) {
			bench(sizes[z], specs[s], 0, 2000000);
			if (with_scan && sizes[z] <= 10000)
				bench(sizes[z], specs[s], 1, sizes[z] == 1000 ? 200000 : 20000);
		}
	return 0;
}
