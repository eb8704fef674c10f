/* test_gpushare.c - GPU sharing: the GPU slot choice, the workload's
 * fragmentation (gpufrag.h) and the baselines of Weng et al. (ATC'23), each
 * on a hand-worked cluster whose figures are computed in the comments. */
#include <stdlib.h>
#include <string.h>

#include "tests/test.h"
#include "sim/cluster/gpufrag.h"
#include "sim/engine/rng.h"
#include "strategies/place.h"
#include "tests/support.h"

static int consistent(const cl_cluster *cl)
{
	char buf[600];
	if (cl_check_invariants(cl, buf, sizeof(buf)) < 0) {
		fprintf(stderr, "  %s\n", buf);
		return 0;
	}
	return 1;
}

/* A task of the cluster: a share on a given slot, or whole GPUs. */
static void put(cl_cluster *cl, cl_task *t, int32_t h, int32_t cpu, int32_t gpu, int32_t milli,
		int32_t slot)
{
	t->req = (cl_req){ .cpu = cpu, .mem = 1, .gpu = gpu, .gpu_milli = milli };
	CHECK_EQ(cl_fit(cl, h, &t->req), CL_NCHECKS);
	cl_place_at(cl, t, h, slot);
}

static double score(const cl_cluster *cl, const char *spec, int32_t h, const cl_req *r)
{
	st_chain c = { 0 };
	ecs_err e = { 0 };
	double v;

	if (st_chain_parse(&c, spec, (cl_cluster *)cl, &e) < 0) {
		fprintf(stderr, "  %s: %s\n", spec, e.msg);
		return NAN;
	}
	v = c.steps[0].s->score(&c.steps[0], cl, h, r);
	st_chain_destroy(&c);
	return v;
}

/* The slots a share can take, and the default (fullest) is today's. */
TEST(test_gpu_share_slots_and_default)
{
	cl_cluster cl;
	cl_task t[3] = { 0 };
	int32_t slots[4];

	cl_init(&cl);
	cl_add_hosts(&cl, 1, 0, 0, 100000, 100000, 4, 100, 0);
	cl_group_id(&cl, "g");
	/* nothing used: one free GPU is offered */
	CHECK_EQ(cl_share_slots(&cl.hosts[0], 300, slots), 1);
	CHECK_EQ(slots[0], 0);
	put(&cl, &t[0], 0, 1, 0, 400, 2);    /* GPU 2 holds 400 */
	put(&cl, &t[1], 0, 1, 0, 700, 3);    /* GPU 3 holds 700 */
	put(&cl, &t[2], 0, 1, 1, 0, -1);     /* one GPU whole */
	/* 300 fits GPUs 2 and 3 (in slot order), then the first unused slot */
	CHECK_EQ(cl_share_slots(&cl.hosts[0], 300, slots), 3);
	CHECK_EQ(slots[0], 2);
	CHECK_EQ(slots[1], 3);
	CHECK_EQ(slots[2], 0);
	CHECK_EQ(cl_share_default(&cl.hosts[0], 300), 3);     /* the fullest */
	CHECK_EQ(cl_share_default(&cl.hosts[0], 400), 2);     /* 3 has no room */
	CHECK_EQ(cl_share_slots(&cl.hosts[0], 700, slots), 1); /* a free GPU only */
	CHECK_EQ(cl.gpu_up, 4);
	CHECK_EQ(cl.gpu_whole, 1);
	CHECK_EQ(cl.gpu_shared, 2);
	CHECK_EQ(cl.gpu_share_milli, 1100);
	CHECK(consistent(&cl));
	cl_destroy(&cl);
}

/* A workload of 2 tasks of (cpu 1000, 500 thousandths), 1 of (1000, one
 * GPU), 1 of (1000, no GPU): p = 1/2, 1/4, 1/4. */
static void workload_abc(gf_workload *w)
{
	gf_workload_init(w);
	gf_workload_add(w, 1000, 0, 500, NULL, 1);
	gf_workload_add(w, 1000, 1, 0, NULL, 1);
	gf_workload_add(w, 1000, 0, 0, NULL, 1);
	gf_workload_add(w, 1000, 0, 500, NULL, 1); /* merges with the first */
}

TEST(test_gpu_fragmentation_by_hand)
{
	cl_cluster cl;
	gf_workload w;
	gf_frag *f;
	cl_task t[2] = { 0 };
	int32_t left[2] = { 300, 1000 }, poor[2] = { 300, 400 };

	cl_init(&cl);
	cl_add_hosts(&cl, 2, 0, 0, 5000, 100000, 2, 100, 0);
	cl_group_id(&cl, "g");
	workload_abc(&w);
	CHECK_EQ(w.n, 3);
	CHECK_EQ(w.total, 4);
	f = gf_new(&cl, &w);
	CHECK(cl.frag == f);
	/* an empty host (cpu 5000, GPUs 1000 + 1000): A and B fit and waste
	 * nothing, C wastes all 2000: F = 1/4 x 2000 = 500 */
	CHECK_NEAR(gf_host(f, 0), 500, 1e-9);
	/* GPU 0 of host 0 holds 700 (left 300, 1000), cpu 4000 left:
	 * A fits (the 1000), wastes the 300: 1/2 x 300; B the same: 1/4 x 300;
	 * C wastes 1300: 1/4 x 1300.  F = 150 + 75 + 325 = 550 */
	put(&cl, &t[0], 0, 1000, 0, 700, 0);
	CHECK_NEAR(gf_host(f, 0), 550, 1e-9);
	CHECK_NEAR(gf_eval(f, &cl, -1, 4000, left, 2), 550, 1e-9);
	CHECK_NEAR(gf_total(f), 550 + 500, 1e-9);
	{
		char buf[300];
		CHECK_EQ(gf_check(f, &cl, buf, sizeof(buf)), 0);
		/* a change the cluster did not make: too little cpu for any
		 * shape, all 1300 wasted, not the 550 kept */
		cl.hosts[0].cpu_free = 500;
		CHECK_EQ(gf_check(f, &cl, buf, sizeof(buf)), -1);
		CHECK_STR(buf, "host 0: GPU fragmentation kept as 550.000, recomputed 1300.000");
		cl.hosts[0].cpu_free = 4000;
	}
	/* too little cpu for any shape: all 1300 wasted */
	CHECK_NEAR(gf_eval(f, &cl, -1, 999, left, 2), 1300, 1e-9);
	/* (300, 400): A fits nowhere, B neither: all 700 for every shape */
	CHECK_NEAR(gf_eval(f, &cl, -1, 4000, poor, 2), 700, 1e-9);
	/* what placing 300 more on GPU 0 would make it: (0, 1000), cpu 3000:
	 * A and B waste 0, C 1000: F = 250, a growth of -300 */
	t[1].req = (cl_req){ .cpu = 1000, .mem = 1, .gpu_milli = 300 };
	CHECK_NEAR(gf_after(f, &cl, 0, &t[1].req, 0), 250, 1e-9);
	CHECK_NEAR(gf_delta(f, &cl, 0, &t[1].req, 0), -300, 1e-9);
	/* on GPU 1 instead: (300, 700): A wastes 300, B and C all 1000:
	 * 150 + 250 + 250 = 650 */
	CHECK_NEAR(gf_after(f, &cl, 0, &t[1].req, 1), 650, 1e-9);
	/* the same again is remembered, and the answer is the same */
	CHECK_NEAR(gf_after(f, &cl, 0, &t[1].req, 1), 650, 1e-9);
	/* the host is changed by the cluster, F follows; then back */
	cl_unplace(&cl, &t[0]);
	CHECK_NEAR(gf_host(f, 0), 500, 1e-9);
	CHECK_NEAR(gf_total(f), 1000, 1e-9);
	/* a host that is down has none */
	cl_set_state(&cl, 1, CL_DOWN);
	CHECK_NEAR(gf_total(f), 500, 1e-9);
	gf_free(f, &cl);
	CHECK(cl.frag == NULL);
	gf_workload_destroy(&w);
	cl_destroy(&cl);
}

/* gpu_spec: a shape that names other models wastes all of a host. */
TEST(test_gpu_fragmentation_models)
{
	cl_cluster cl;
	gf_workload w;
	gf_frag *f;
	int32_t t4, v100;

	cl_init(&cl);
	t4 = cl_attr_value(&cl, CL_ATTR_INSTANCE_TYPE, "T4");
	v100 = cl_attr_value(&cl, CL_ATTR_INSTANCE_TYPE, "V100M16");
	cl_add_hosts(&cl, 2, 0, 0, 5000, 100000, 1, 100, 0);
	cl_host_set_attr(&cl, 0, CL_ATTR_INSTANCE_TYPE, t4);
	cl_host_set_attr(&cl, 1, CL_ATTR_INSTANCE_TYPE, v100);
	gf_workload_init(&w);
	gf_workload_add(&w, 1000, 0, 200, "V100M16|V100M32", 1);
	gf_workload_add(&w, 1000, 0, 0, NULL, 1);
	f = gf_new(&cl, &w);
	/* T4: both shapes waste the 1000: F = 1000; V100M16: the share fits
	 * and wastes 0, the CPU task 1000: F = 500 */
	CHECK_NEAR(gf_host(f, 0), 1000, 1e-9);
	CHECK_NEAR(gf_host(f, 1), 500, 1e-9);
	gf_free(f, &cl);
	gf_workload_destroy(&w);
	cl_destroy(&cl);
}

/* Two hosts, Cmax 8000, Gmax 4 GPUs = 4000:
 *   h0: cpu 8000, 4 GPUs; a share of 500 on GPU 0 (cpu 1000), one GPU
 *       whole (cpu 1000): cpu free 6000, GPU free 2 x 1000 + 500 = 2500;
 *   h1: cpu 4000, 2 GPUs, empty: cpu free 4000, GPU free 2000.
 * The task: cpu 1000, a share of 300. */
static void two_hosts(cl_cluster *cl, cl_task *t)
{
	cl_init(cl);
	cl_add_hosts(cl, 1, 0, 0, 8000, 100000, 4, 100, 0);
	cl_add_hosts(cl, 1, 0, 0, 4000, 100000, 2, 100, 0);
	cl_group_id(cl, "g");
	put(cl, &t[0], 0, 1000, 0, 500, -1);
	put(cl, &t[1], 0, 1000, 1, 0, -1);
}

TEST(test_gpu_baselines_by_hand)
{
	cl_cluster cl;
	cl_task t[2] = { 0 };
	cl_req r = { .cpu = 1000, .mem = 1, .gpu_milli = 300 }, none = { .cpu = 1000, .mem = 1 };

	two_hosts(&cl, t);
	/* dot-product: h0 (6000/8000)(1000/8000) + (2500/4000)(300/4000)
	 * = 0.09375 + 0.046875; h1 (4000/8000)(1/8) + (2000/4000)(0.075)
	 * = 0.0625 + 0.0375: h1 is smaller, chosen */
	CHECK_NEAR(score(&cl, "dot-product", 0, &r), 0.140625, 1e-12);
	CHECK_NEAR(score(&cl, "dot-product", 1, &r), 0.1, 1e-12);
	/* gpu-best-fit: h0 1/2 (5000/8000) + 1/2 (2200/4000) = 0.5875;
	 * h1 1/2 (3000/8000) + 1/2 (1700/4000) = 0.4 */
	CHECK_NEAR(score(&cl, "gpu-best-fit", 0, &r), 0.5875, 1e-12);
	CHECK_NEAR(score(&cl, "gpu-best-fit", 1, &r), 0.4, 1e-12);
	/* gpu-packing: h0 has a shared GPU with 500 left that 300 fits:
	 * 100 - (500 x 100 / 1000) / 10 = 95; h1's GPUs are all free:
	 * 100/3 - 2 = 31; a task without GPU: 0 everywhere */
	CHECK_NEAR(score(&cl, "gpu-packing", 0, &r), -95, 0);
	CHECK_NEAR(score(&cl, "gpu-packing", 1, &r), -31, 0);
	CHECK_NEAR(score(&cl, "gpu-packing", 0, &none), 0, 0);
	/* whole GPUs: h0 must take 2 free GPUs: 50 - 2 = 48 */
	{
		cl_req two = { .cpu = 1000, .mem = 1, .gpu = 2 };
		CHECK_NEAR(score(&cl, "gpu-packing", 0, &two), -48, 0);
	}
	/* gpu-clustering: h0 runs a share and a one-GPU task, so the share
	 * kind is there among others: 50 + 25 x (4000 - 2500) / 4000 = 50 + 9;
	 * h1 runs none: 25 + 25 x 2000 / 4000 = 37 */
	CHECK_NEAR(score(&cl, "gpu-clustering", 0, &r), -59, 0);
	CHECK_NEAR(score(&cl, "gpu-clustering", 1, &r), -37, 0);
	CHECK_NEAR(score(&cl, "gpu-clustering", 1, &none), 0, 0);
	/* a one-GPU task: h0 has that kind among two: 50 + 9 */
	{
		cl_req one = { .cpu = 1000, .mem = 1, .gpu = 1 };
		CHECK_NEAR(score(&cl, "gpu-clustering", 0, &one), -59, 0);
	}
	/* gpu-random ranks every host alike */
	CHECK_NEAR(score(&cl, "gpu-random", 0, &r), 0, 0);
	cl_destroy(&cl);
}

/* "integer": the simulator's scores, int64(100 v), negated.
 *   dot-product, the share of 300 above: h0 1 - 0.140625/2 = 0.9296875
 *   -> 92; h1 1 - 0.1/2 = 0.95 -> 95.
 *   gpu-best-fit: h0 1 - 0.5875 = 0.4125 -> 41; h1 1 - 0.4 -> 60.
 * A task of cpu 200 and a share of 100: dot h0 = 0.75 x 0.025 + 0.625 x
 * 0.025 = 0.034375, h1 = 0.5 x 0.025 + 0.5 x 0.025 = 0.025.  Exactly, h1
 * is smaller; as integers 1 - d/2 gives 98.28 and 98.75: both 98, a tie
 * that the next step (first-fit) breaks for h0. */
static int32_t choose_first(const cl_cluster *cl, const char *spec, const cl_req *r)
{
	st_chain c = { 0 };
	ecs_err e = { 0 };
	place_ws ws = { 0 };
	gsl_rng *tie = rng_stream_new(5, "ties", 0);
	enum cl_check why;
	int32_t h = -2;

	if (st_chain_parse(&c, spec, (cl_cluster *)cl, &e) < 0)
		fprintf(stderr, "  %s: %s\n", spec, e.msg);
	else
		h = place_choose((cl_cluster *)cl, r, &c, tie, &ws, &why);
	st_chain_destroy(&c);
	place_ws_destroy(&ws);
	gsl_rng_free(tie);
	return h;
}

TEST(test_gpu_integer_scores_by_hand)
{
	cl_cluster cl;
	cl_task t[2] = { 0 };
	cl_req r = { .cpu = 1000, .mem = 1, .gpu_milli = 300 };
	cl_req small = { .cpu = 200, .mem = 1, .gpu_milli = 100 };

	two_hosts(&cl, t);
	CHECK_NEAR(score(&cl, "dot-product:integer", 0, &r), -92, 0);
	CHECK_NEAR(score(&cl, "dot-product:integer", 1, &r), -95, 0);
	CHECK_NEAR(score(&cl, "gpu-best-fit:integer", 0, &r), -41, 0);
	CHECK_NEAR(score(&cl, "gpu-best-fit:integer", 1, &r), -60, 0);
	CHECK_NEAR(score(&cl, "dot-product", 0, &small), 0.034375, 1e-12);
	CHECK_NEAR(score(&cl, "dot-product", 1, &small), 0.025, 1e-12);
	CHECK_NEAR(score(&cl, "dot-product:integer", 0, &small), -98, 0);
	CHECK_NEAR(score(&cl, "dot-product:integer", 1, &small), -98, 0);
	CHECK_EQ(choose_first(&cl, "dot-product,first-fit", &small), 1);
	CHECK_EQ(choose_first(&cl, "dot-product:integer,first-fit", &small), 0);
	cl_destroy(&cl);
}

/* random-order: one order of the hosts per key.  Under one key the same
 * host is first every time (no draw); as a tie-break it keeps the first in
 * the order among the tied hosts; over many keys each of 4 hosts is first
 * about a quarter of the time; scale-in takes the last in the order. */
TEST(test_random_order_is_fixed_per_run)
{
	cl_cluster cl;
	cl_task t[2] = { 0 };
	cl_req cpu = { .cpu = 100, .mem = 1 };
	int first[4] = { 0 };
	st_chain c = { 0 };
	ecs_err e = { 0 };

	cl_init(&cl);
	cl_add_hosts(&cl, 4, 0, 0, 8000, 100000, 2, 100, 0);
	cl_group_id(&cl, "g");
	for (uint64_t k = 0; k < 4000; k++) {
		int32_t h;
		cl.order_key = rng_mix64(k);
		h = choose_first(&cl, "random-order", &cpu);
		CHECK(h >= 0 && h < 4);
		first[h]++;
		CHECK_EQ(choose_first(&cl, "random-order", &cpu), h);
		/* gpu-packing scores a task without GPU 0 on every host: the
		 * tie goes to the first host of the order */
		CHECK_EQ(choose_first(&cl, "gpu-packing,random-order", &cpu), h);
	}
	for (int h = 0; h < 4; h++)
		CHECK(first[h] > 850 && first[h] < 1150);
	/* a share among tied hosts: h0 and h1 both hold a share (95 each for
	 * 300 where 500 is left), h2 and h3 are idle (31): the first of h0, h1
	 * in the order, whatever the other two */
	put(&cl, &t[0], 0, 100, 0, 500, -1);
	put(&cl, &t[1], 1, 100, 0, 500, -1);
	{
		cl_req r = { .cpu = 100, .mem = 1, .gpu_milli = 300 };
		for (uint64_t k = 0; k < 200; k++) {
			double s0, s1;
			cl.order_key = rng_mix64(k);
			s0 = score(&cl, "random-order", 0, &r);
			s1 = score(&cl, "random-order", 1, &r);
			CHECK_EQ(choose_first(&cl, "gpu-packing,random-order", &r), s0 < s1 ? 0 : 1);
		}
	}
	CHECK_EQ(st_chain_parse(&c, "random-order", &cl, &e), 0);
	CHECK_NEAR(c.steps[0].s->stop_score(&c.steps[0], &cl, 2, &cpu),
		   -c.steps[0].s->score(&c.steps[0], &cl, 2, &cpu), 0);
	st_chain_destroy(&c);
	cl_destroy(&cl);
}

/* gpu-clustering's per-host state follows the cluster (API v2 host_state):
 * once h0 runs only shares, a share scores 75 + 25 x (4000 - 3500) / 4000. */
TEST(test_gpu_clustering_state_follows)
{
	cl_cluster cl;
	cl_task t[2] = { 0 };
	cl_req r = { .cpu = 1000, .mem = 1, .gpu_milli = 300 };
	st_chain c = { 0 };
	ecs_err e = { 0 };

	two_hosts(&cl, t);
	CHECK_EQ(st_chain_parse(&c, "gpu-clustering", &cl, &e), 0);
	CHECK_NEAR(c.steps[0].s->score(&c.steps[0], &cl, 0, &r), -59, 0);
	cl_unplace(&cl, &t[1]);
	CHECK_NEAR(c.steps[0].s->score(&c.steps[0], &cl, 0, &r), -78, 0);
	st_chain_destroy(&c);
	CHECK_EQ(cl.nwatchers, 0);
	cl_destroy(&cl);
}

/* fgd on one host of 3 GPUs with 600, 500 and 1000 free, workload half
 * shares of 500, half one whole GPU; a share of 100 arrives.
 *   now: the share fits, wastes 0; the GPU task wastes 600 + 500: F = 550
 *   on GPU 0 (500, 500, 1000): 0 and 1000: F = 500, growth -50
 *   on GPU 1 (600, 400, 1000): 400 and 1000: F = 700, growth +150
 *   on GPU 2 (600, 500, 900): 0 and 2000: F = 1000, growth +450
 * fgd takes GPU 0; the default (fullest that fits) GPU 1. */
TEST(test_gpu_fgd_chooses_the_gpu)
{
	cl_cluster cl;
	cl_task t[2] = { 0 };
	gf_workload w;
	gf_frag *f;
	cl_req r = { .cpu = 1, .mem = 1, .gpu_milli = 100 };
	st_chain c = { 0 }, ff = { 0 };
	ecs_err e = { 0 };
	place_ws ws = { 0 };
	gsl_rng *tie = rng_stream_new(1, "ties", 0);
	enum cl_check why;

	cl_init(&cl);
	cl_add_hosts(&cl, 1, 0, 0, 10000, 100000, 3, 100, 0);
	cl_group_id(&cl, "g");
	put(&cl, &t[0], 0, 1, 0, 400, 0);
	put(&cl, &t[1], 0, 1, 0, 500, 1);
	gf_workload_init(&w);
	gf_workload_add(&w, 1, 0, 500, NULL, 1);
	gf_workload_add(&w, 1, 1, 0, NULL, 1);
	f = gf_new(&cl, &w);
	CHECK_NEAR(gf_host(f, 0), 550, 1e-9);
	CHECK_EQ(st_chain_parse(&c, "fgd", &cl, &e), 0);
	CHECK_NEAR(c.steps[0].s->score(&c.steps[0], &cl, 0, &r), -50, 1e-9);
	CHECK_NEAR(c.steps[0].s->gpu_score(&c.steps[0], &cl, 0, &r, 1), 150, 1e-9);
	CHECK_NEAR(c.steps[0].s->gpu_score(&c.steps[0], &cl, 0, &r, 2), 450, 1e-9);
	CHECK_EQ(place_choose(&cl, &r, &c, tie, &ws, &why), 0);
	CHECK_EQ(ws.gpu_slot, 0);
	st_chain_destroy(&c);
	/* "integer": sigmoid(-growth / 1000) x 100 truncated: growth -50 ->
	 * 51.25 -> 51, +150 -> 46.26 -> 46, +450 -> 38.94 -> 38; a GPU slot
	 * ranks by that, then by its number */
	CHECK_EQ(st_chain_parse(&c, "fgd:integer", &cl, &e), 0);
	CHECK_NEAR(c.steps[0].s->score(&c.steps[0], &cl, 0, &r), -51, 0);
	CHECK_NEAR(c.steps[0].s->gpu_score(&c.steps[0], &cl, 0, &r, 0), -51.0 * (1 << 24), 0);
	CHECK_NEAR(c.steps[0].s->gpu_score(&c.steps[0], &cl, 0, &r, 1), -46.0 * (1 << 24) + 1, 0);
	CHECK_NEAR(c.steps[0].s->gpu_score(&c.steps[0], &cl, 0, &r, 2), -38.0 * (1 << 24) + 2, 0);
	CHECK_EQ(place_choose(&cl, &r, &c, tie, &ws, &why), 0);
	CHECK_EQ(ws.gpu_slot, 0);
	CHECK_EQ(st_chain_parse(&ff, "first-fit", &cl, &e), 0);
	CHECK_EQ(place_choose(&cl, &r, &ff, tie, &ws, &why), 0);
	CHECK_EQ(ws.gpu_slot, -1);
	CHECK_EQ(cl_share_default(&cl.hosts[0], 100), 1);
	st_chain_destroy(&c);
	st_chain_destroy(&ff);
	place_ws_destroy(&ws);
	gsl_rng_free(tie);
	gf_free(f, &cl);
	gf_workload_destroy(&w);
	cl_destroy(&cl);
}

/* fgd without a workload is refused with a message. */
TEST(test_gpu_fgd_needs_a_workload)
{
	cl_cluster cl;
	st_chain c = { 0 };
	ecs_err e = { 0 };

	cl_init(&cl);
	cl_add_hosts(&cl, 1, 0, 0, 1000, 1000, 1, 100, 0);
	CHECK_EQ(st_chain_parse(&c, "fgd", &cl, &e), -1);
	CHECK_STR(e.msg, "fgd needs the workload's task shapes: replay a trace or give "
		  "$.gpuWorkload (the cluster has no GPUs, or nothing gives them)");
	cl_destroy(&cl);
}

/* gpu-random draws the GPU uniformly among those the share fits: GPU 0
 * (500 free) and an unused one, each about half of 400 draws. */
TEST(test_gpu_random_draws_the_gpu)
{
	cl_cluster cl;
	cl_task t[2] = { 0 };
	cl_req r = { .cpu = 1, .mem = 1, .gpu_milli = 300 };
	st_chain c = { 0 };
	ecs_err e = { 0 };
	gsl_rng *tie = rng_stream_new(7, "ties", 0);
	int n0 = 0, nfree = 0;

	two_hosts(&cl, t);
	CHECK_EQ(st_chain_parse(&c, "gpu-random", &cl, &e), 0);
	for (int i = 0; i < 400; i++) {
		int32_t s = place_choose_slot(&cl, 0, &r, &c, tie);
		n0 += s == 0;
		nfree += s == 1; /* the first unused slot: 1 (GPU 1 is held whole,
				  * uncounted in slots) */
	}
	CHECK_EQ(n0 + nfree, 400);
	CHECK(n0 > 150 && n0 < 250);
	st_chain_destroy(&c);
	gsl_rng_free(tie);
	cl_destroy(&cl);
}

/* $.gpuWorkload gives the shapes: half one GPU and 1024 CPU units, half
 * CPU only.  Two instances of 8192 units and one GPU: empty, the GPU shape
 * wastes nothing and the CPU one the whole GPU: F = 500 each.  A service
 * task of one GPU (placed by fgd) leaves its host nothing free: F = 0.
 * Fragmentation 0.5 GPU, of 1 idle GPU. */
TEST(test_gpu_workload_from_the_scenario)
{
	sim s;
	scenario sc;
	sim_gpu_view g;
	static const char text[] =
		"{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		" \"instanceTypes\": [{\"name\": \"p3.2xlarge\", \"cpu\": 8192, \"memory\": 61440,"
		"   \"gpus\": 1}],"
		" \"instances\": [{\"instanceType\": \"p3.2xlarge\", \"count\": 2}]},"
		" \"taskDefinitions\": [{\"family\": \"train\", \"containerDefinitions\": [{\"name\": \"c\","
		"   \"cpu\": 1024, \"memory\": 1024, \"resourceRequirements\": [{\"type\": \"GPU\","
		"   \"value\": \"1\"}]}]}],"
		" \"services\": [{\"serviceName\": \"t\", \"taskDefinition\": \"train\", \"desiredCount\": 1,"
		"   \"placementStrategy\": [{\"type\": \"fgd\"}]}],"
		" \"gpuWorkload\": [{\"cpu\": 1024, \"gpus\": 1}, {\"cpu\": 1024, \"count\": 1}]}";

	if (test_start(&s, &sc, NULL, text, NULL) < 0 || test_run_to(&s, 3600 * USEC_PER_SEC) < 0)
		TEST_FAILED("the scenario did not run");
	sim_gpu_now(&s, &g);
	CHECK(g.has_frag);
	CHECK_EQ(g.shapes, 2);
	CHECK_NEAR(g.whole, 1, 0);
	CHECK_NEAR(g.frag, 0.5, 1e-12);
	CHECK_NEAR(g.idle, 1, 1e-12);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Same seed, same choices: 300 shares and whole GPUs placed twice on 20
 * hosts by each GPU policy give the same hosts and GPUs. */
static void place_many(const char *spec, int32_t *out)
{
	cl_cluster cl;
	gf_workload w;
	st_chain c = { 0 };
	ecs_err e = { 0 };
	place_ws ws = { 0 };
	gsl_rng *tie = rng_stream_new(3, "ties", 0), *draw = rng_stream_new(3, "draw", 0);
	static cl_task t[300];
	enum cl_check why;

	cl_init(&cl);
	cl_attr_value(&cl, CL_ATTR_ZONE, "a");
	cl_add_hosts(&cl, 20, 0, 0, 16384, 65536, 4, 100, 0);
	cl_group_id(&cl, "g");
	gf_workload_init(&w);
	gf_workload_add(&w, 1024, 0, 250, NULL, 3);
	gf_workload_add(&w, 1024, 1, 0, NULL, 1);
	gf_new(&cl, &w);
	CHECK_EQ(st_chain_parse(&c, spec, &cl, &e), 0);
	for (int i = 0; i < 300; i++) {
		int32_t h;
		t[i] = (cl_task){ .req = { .cpu = 512, .mem = 1 } };
		if (gsl_rng_uniform_int(draw, 4))
			t[i].req.gpu_milli = 100 + 100 * (int32_t)gsl_rng_uniform_int(draw, 8);
		else
			t[i].req.gpu = 1;
		h = place_choose(&cl, &t[i].req, &c, tie, &ws, &why);
		out[2 * i] = h;
		out[2 * i + 1] = -2;
		if (h >= 0) {
			cl_place_at(&cl, &t[i], h, ws.gpu_slot);
			out[2 * i + 1] = t[i].gpu_slot;
		}
	}
	CHECK(consistent(&cl));
	{
		char buf[300];
		CHECK_EQ(gf_check(cl.frag, &cl, buf, sizeof(buf)), 0);
	}
	st_chain_destroy(&c);
	place_ws_destroy(&ws);
	gsl_rng_free(tie);
	gsl_rng_free(draw);
	gf_free(cl.frag, &cl);
	gf_workload_destroy(&w);
	cl_destroy(&cl);
}

TEST(test_gpu_policies_are_deterministic)
{
	static const char *const specs[] = { "gpu-random", "dot-product", "gpu-packing",
					     "gpu-clustering", "gpu-best-fit", "fgd",
					     "dot-product:integer,random-order",
					     "gpu-packing,random-order",
					     "gpu-best-fit:integer,random-order",
					     "fgd:integer,random-order" };
	static int32_t a[600], b[600];

	for (size_t k = 0; k < sizeof(specs) / sizeof(*specs); k++) {
		place_many(specs[k], a);
		place_many(specs[k], b);
		CHECK(memcmp(a, b, sizeof(a)) == 0);
	}
}
