/* test_scalein.c - which task a chain stops on scale-in, on hand-built clusters. */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/engine/rng.h"
#include "strategies/scalein.h"

#define MAXT 64

typedef struct fx {
	cl_cluster cl;
	cl_task t[MAXT];
	int nt;
	int32_t g, other;
} fx;

/* n hosts of 4096 cpu / 8192 MiB, host i in zone "abc"[i % 3]. */
static void fx_init(fx *f, int n)
{
	cl_init(&f->cl);
	cl_attr_value(&f->cl, CL_ATTR_ZONE, "a");
	cl_attr_value(&f->cl, CL_ATTR_ZONE, "b");
	cl_attr_value(&f->cl, CL_ATTR_ZONE, "c");
	for (int i = 0; i < n; i++)
		cl_add_hosts(&f->cl, 1, 0, i % 3, 4096, 8192, 0, 10, 0.1);
	f->nt = 0;
	f->g = cl_group_id(&f->cl, "service:web");
	f->other = cl_group_id(&f->cl, "service:db");
}

static cl_task *fx_put(fx *f, int32_t group, int32_t cpu, int32_t mem, int32_t h)
{
	cl_task *t = &f->t[f->nt++];
	t->req = (cl_req){ .cpu = cpu, .mem = mem, .group = group };
	cl_place(&f->cl, t, h);
	return t;
}

/* The host scale-in picks with chain spec, or -1 (-99 on a spec error). */
static int32_t stop_host(fx *f, const char *spec, uint64_t seed)
{
	st_chain c = { 0 };
	ecs_err e = { 0 };
	gsl_rng *tie = rng_stream_new(seed, "scale-in", 0);
	int32_t h = -99;

	if (!*spec || st_chain_parse(&c, spec, &f->cl, &e) == 0) {
		cl_task *t = scalein_choose(&f->cl, f->g, &c, tie);
		h = t ? t->host : -1;
		if (t && t->req.group != f->g)
			h = -98;
	} else {
		fprintf(stderr, "  spec %s: %s\n", spec, e.msg);
	}
	st_chain_destroy(&c);
	gsl_rng_free(tie);
	return h;
}

/* ECS binpack: the instance that would have the most left after stopping. */
TEST(test_scalein_binpack)
{
	fx f;

	fx_init(&f, 4);
	fx_put(&f, f.g, 512, 1024, 0);
	fx_put(&f, f.other, 0, 6000, 0);     /* 0: 2192 MiB left after stopping */
	fx_put(&f, f.g, 512, 1024, 1);       /* 1: 8192 left */
	fx_put(&f, f.g, 512, 1024, 2);
	fx_put(&f, f.other, 3000, 2000, 2);  /* 2: 6192 left, 584 cpu */
	/* host 3 runs nothing of the group and is never chosen */
	CHECK_EQ(stop_host(&f, "binpack:memory", 1), 1);
	/* by cpu: 0 and 1 have 4096 after stopping, 2 has 1096: a tie 0/1 */
	for (uint64_t seed = 1; seed <= 20; seed++) {
		int32_t h = stop_host(&f, "binpack:cpu", seed);
		CHECK(h == 0 || h == 1);
	}
	CHECK_EQ(stop_host(&f, "binpack:cpu,binpack:memory", 3), 1);
	cl_destroy(&f.cl);
}

/* ECS spread (and the service default): the zone with the most tasks of the
 * group, then the instance with the most. */
TEST(test_scalein_spread_keeps_balance)
{
	fx f;
	int seen[6] = { 0 };
	st_chain c = { 0 };
	ecs_err e = { 0 };
	gsl_rng *tie;

	fx_init(&f, 6); /* zone a: 0, 3   b: 1, 4   c: 2, 5 */
	CHECK_EQ(st_chain_parse(&c, "spread:attribute:ecs.availability-zone", &f.cl, &e), 0);
	st_chain_destroy(&c);
	fx_put(&f, f.g, 10, 10, 0);
	fx_put(&f, f.g, 10, 10, 3);
	fx_put(&f, f.g, 10, 10, 3);         /* a: 3 */
	fx_put(&f, f.g, 10, 10, 1);
	fx_put(&f, f.g, 10, 10, 4);         /* b: 2 */
	fx_put(&f, f.g, 10, 10, 2);         /* c: 1 */
	fx_put(&f, f.other, 10, 10, 5);
	fx_put(&f, f.other, 10, 10, 5);
	fx_put(&f, f.other, 10, 10, 5);     /* other groups do not count */
	const char *dflt = "spread:attribute:ecs.availability-zone,spread:instanceId";
	CHECK_EQ(stop_host(&f, dflt, 1), 3);
	/* zone alone: a, then random inside it */
	for (uint64_t seed = 1; seed <= 60; seed++)
		seen[stop_host(&f, "spread:attribute:ecs.availability-zone", seed)]++;
	CHECK(seen[0] > 0 && seen[3] > 0);
	CHECK_EQ(seen[0] + seen[3], 60);
	/* stop one on 3: a and b have 2 each, all four hosts 1: any of them */
	tie = rng_stream_new(7, "scale-in", 0);
	CHECK_EQ(st_chain_parse(&c, dflt, &f.cl, &e), 0);
	cl_task *t = scalein_choose(&f.cl, f.g, &c, tie);
	CHECK_EQ(t->host, 3);
	cl_unplace(&f.cl, t);
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < 400; i++)
		seen[scalein_choose(&f.cl, f.g, &c, tie)->host]++;
	CHECK_EQ(seen[2] + seen[5], 0);
	for (int h = 0; h < 2; h++)
		CHECK_NEAR(seen[h], 100, 40);
	CHECK_NEAR(seen[3], 100, 40);
	CHECK_NEAR(seen[4], 100, 40);
	st_chain_destroy(&c);
	gsl_rng_free(tie);
	cl_destroy(&f.cl);
}

TEST(test_scalein_random_and_empty_chain)
{
	fx f;
	int seen[4] = { 0 };

	fx_init(&f, 4);
	fx_put(&f, f.g, 10, 10, 0);
	fx_put(&f, f.g, 10, 10, 2);
	fx_put(&f, f.g, 10, 10, 2);
	fx_put(&f, f.g, 10, 10, 3);
	/* a host is chosen, not a task: uniform over hosts 0, 2, 3 */
	for (uint64_t seed = 1; seed <= 300; seed++)
		seen[stop_host(&f, "random", seed)]++;
	CHECK_EQ(seen[1], 0);
	for (int h = 0; h < 4; h++)
		if (h != 1)
			CHECK_NEAR(seen[h], 100, 35);
	/* "placementStrategy": [] ranks nothing: random too */
	memset(seen, 0, sizeof(seen));
	for (uint64_t seed = 1; seed <= 300; seed++)
		seen[stop_host(&f, "", seed)]++;
	CHECK_EQ(seen[1], 0);
	CHECK(seen[0] > 50 && seen[2] > 50 && seen[3] > 50);
	/* the same seed, the same choice */
	CHECK_EQ(stop_host(&f, "random", 11), stop_host(&f, "random", 11));
	cl_destroy(&f.cl);
}

TEST(test_scalein_nothing_to_stop)
{
	fx f;

	fx_init(&f, 3);
	fx_put(&f, f.other, 10, 10, 1);
	CHECK_EQ(stop_host(&f, "binpack:memory", 1), -1);
	CHECK_EQ(stop_host(&f, "random", 1), -1);
	cl_destroy(&f.cl);
}

/* The most recently placed task of the group on the chosen host. */
TEST(test_scalein_returns_latest_task_of_group)
{
	fx f;
	st_chain c = { 0 };
	ecs_err e = { 0 };
	gsl_rng *tie = rng_stream_new(1, "scale-in", 0);
	cl_task *a, *b;

	fx_init(&f, 1);
	a = fx_put(&f, f.g, 10, 10, 0);
	b = fx_put(&f, f.g, 20, 20, 0);
	fx_put(&f, f.other, 10, 10, 0);
	CHECK_EQ(st_chain_parse(&c, "binpack:cpu", &f.cl, &e), 0);
	CHECK(scalein_choose(&f.cl, f.g, &c, tie) == b);
	cl_unplace(&f.cl, b);
	CHECK(scalein_choose(&f.cl, f.g, &c, tie) == a);
	st_chain_destroy(&c);
	gsl_rng_free(tie);
	cl_destroy(&f.cl);
}

/* The research strategies stop where their placement preference is weakest. */
TEST(test_scalein_research_rules)
{
	fx f;

	fx_init(&f, 4);
	/* load (cpu, memory) with the group's task of 512/1024 included:
	 * 0: (512, 1024)  1: (2560, 5120)  2: (1536, 3072)  3: nothing of the group */
	fx_put(&f, f.g, 512, 1024, 0);
	fx_put(&f, f.g, 512, 1024, 1);
	fx_put(&f, f.other, 2048, 4096, 1);
	fx_put(&f, f.g, 512, 1024, 2);
	fx_put(&f, f.other, 1024, 2048, 2);
	fx_put(&f, f.other, 4000, 8000, 3);
	CHECK_EQ(stop_host(&f, "first-fit", 1), 2);           /* highest-numbered */
	CHECK_EQ(stop_host(&f, "best-fit", 1), 0);            /* most left after stopping */
	CHECK_EQ(stop_host(&f, "worst-fit", 1), 1);           /* least left */
	CHECK_EQ(stop_host(&f, "most-allocated", 1), 0);      /* least allocated */
	CHECK_EQ(stop_host(&f, "least-allocated", 1), 1);     /* most allocated */
	CHECK_EQ(stop_host(&f, "requested-to-capacity-ratio:0:0,100:10", 1), 0);
	CHECK_EQ(stop_host(&f, "requested-to-capacity-ratio:0:10,100:0", 1), 1);
	CHECK_EQ(stop_host(&f, "tetris", 1), 1);              /* least free for the task */
	/* the stranding shape 1:1 (cpu:MiB) strands memory everywhere; the
	 * most on 0 (3584 of 8192 MiB unusable), so 0 goes first */
	CHECK_EQ(stop_host(&f, "stranding:cpu=1,memory=1", 1), 0);
	cl_destroy(&f.cl);
}

/* balanced-allocation stops on the least balanced host. */
TEST(test_scalein_balanced_allocation)
{
	fx f;

	fx_init(&f, 3);
	fx_put(&f, f.g, 1024, 1024, 0);
	fx_put(&f, f.g, 1024, 1024, 1);
	fx_put(&f, f.other, 2048, 0, 1);     /* 1: cpu .75, memory .125: least balanced */
	fx_put(&f, f.g, 1024, 2048, 2);      /* 2: .25 / .25: balanced */
	CHECK_EQ(stop_host(&f, "balanced-allocation", 1), 1);
	cl_destroy(&f.cl);
}
