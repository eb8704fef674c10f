/* test_strategies.c - the research strategies on hand-built clusters: the
 * host each one chooses, exact scores against the documented formulas, and
 * field errors. */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/engine/rng.h"
#include "strategies/place.h"

#define MAXT 64

/* A cluster whose hosts start with some load, put there by filler tasks. */
typedef struct fx {
	cl_cluster cl;
	cl_task t[MAXT];
	int nt;
	int32_t filler;
} fx;

static void fx_init(fx *f)
{
	cl_init(&f->cl);
	cl_attr_value(&f->cl, CL_ATTR_ZONE, "a");
	f->nt = 0;
	f->filler = cl_group_id(&f->cl, "family:filler");
}

static void fx_put(fx *f, int32_t group, int32_t cpu, int32_t mem, int32_t eni, int32_t h)
{
	cl_task *t = &f->t[f->nt++];
	t->req = (cl_req){ .cpu = cpu, .mem = mem, .eni = eni, .group = group };
	cl_place(&f->cl, t, h);
}

/* A host with the given totals and cpu/memory already reserved; 10 ENIs. */
static int32_t fx_host(fx *f, int32_t cpu, int32_t mem, int32_t cpu_used, int32_t mem_used)
{
	int32_t h = cl_add_hosts(&f->cl, 1, 0, 0, cpu, mem, 0, 10, 0.1);
	if (cpu_used || mem_used)
		fx_put(f, f->filler, cpu_used, mem_used, 0, h);
	return h;
}

static int32_t choose_seeded(cl_cluster *cl, const char *spec, const cl_req *r, uint64_t seed)
{
	st_chain c = { 0 };
	place_ws ws = { 0 };
	ecs_err e = { 0 };
	gsl_rng *tie = rng_stream_new(seed, "ties", 0);
	enum cl_check why;
	int32_t h = -99;

	if (st_chain_parse(&c, spec, cl, &e) == 0)
		h = place_choose(cl, r, &c, tie, &ws, &why);
	else
		fprintf(stderr, "  spec %s: %s\n", spec, e.msg);
	st_chain_destroy(&c);
	place_ws_destroy(&ws);
	gsl_rng_free(tie);
	return h;
}

static int32_t choose(cl_cluster *cl, const char *spec, const cl_req *r)
{
	return choose_seeded(cl, spec, r, 1);
}

/* The first step's placement score of host h (NAN on a spec error). */
static double score_of(cl_cluster *cl, const char *spec, int32_t h, const cl_req *r)
{
	st_chain c = { 0 };
	ecs_err e = { 0 };
	double s = NAN;

	if (st_chain_parse(&c, spec, cl, &e) == 0)
		s = c.steps[0].s->score(&c.steps[0], cl, h, r);
	else
		fprintf(stderr, "  spec %s: %s\n", spec, e.msg);
	st_chain_destroy(&c);
	return s;
}

/* The message of a spec that must not parse. */
static const char *spec_error(cl_cluster *cl, const char *spec)
{
	static ecs_err e;
	st_chain c = { 0 };

	err_clear(&e);
	if (st_chain_parse(&c, spec, cl, &e) == 0)
		snprintf(e.msg, sizeof(e.msg), "(parsed)");
	st_chain_destroy(&c);
	return e.msg;
}

/* Four 4096-cpu / 8192-MiB hosts loaded (cpu, memory) as
 * 0: (0, 0)  1: (2048, 0)  2: (0, 4096)  3: (1024, 3072)
 * and a task of 1024 cpu / 2048 MiB. */
static void cluster_a(fx *f, cl_req *r)
{
	fx_init(f);
	fx_host(f, 4096, 8192, 0, 0);
	fx_host(f, 4096, 8192, 2048, 0);
	fx_host(f, 4096, 8192, 0, 4096);
	fx_host(f, 4096, 8192, 1024, 3072);
	*r = (cl_req){ .cpu = 1024, .mem = 2048, .group = cl_group_id(&f->cl, "service:x") };
}

TEST(test_strategies_first_fit)
{
	fx f;
	cl_req r = { .cpu = 512, .mem = 512 };

	fx_init(&f);
	fx_host(&f, 1024, 1024, 1000, 0); /* does not fit */
	fx_host(&f, 4096, 8192, 0, 0);
	fx_host(&f, 1024, 1024, 0, 0);
	CHECK_EQ(choose(&f.cl, "first-fit", &r), 1);
	cl_set_state(&f.cl, 1, CL_DRAINING);
	CHECK_EQ(choose(&f.cl, "first-fit", &r), 2);
	CHECK_STR(spec_error(&f.cl, "first-fit:cpu"), "first-fit takes no field, not \"cpu\"");
	CHECK_STR(spec_error(&f.cl, "random-order:cpu"), "random-order takes no field, not \"cpu\"");
	cl_destroy(&f.cl);
}

/* score = sum w_i (free_i - req_i) / total_i / sum w_i */
TEST(test_strategies_best_and_worst_fit)
{
	fx f;
	cl_req r;

	cluster_a(&f, &r);
	/* after placing: 0: (.75+.75)/2  1: (.25+.75)/2  2: (.75+.25)/2  3: (.5+.375)/2 */
	CHECK_NEAR(score_of(&f.cl, "best-fit", 0, &r), 0.75, 1e-12);
	CHECK_NEAR(score_of(&f.cl, "best-fit", 3, &r), 0.4375, 1e-12);
	CHECK_EQ(choose(&f.cl, "best-fit", &r), 3);
	CHECK_EQ(choose(&f.cl, "best-fit:cpu=1,memory=1", &r), 3);
	/* cpu=3: 1: (3*.25+.75)/4 = .375 beats 3: (3*.5+.375)/4 = .46875 */
	CHECK_NEAR(score_of(&f.cl, "best-fit:cpu=3,memory=1", 1, &r), 0.375, 1e-12);
	CHECK_EQ(choose(&f.cl, "best-fit:cpu=3,memory=1", &r), 1);
	CHECK_EQ(choose(&f.cl, "best-fit:memory", &r), 2);
	CHECK_EQ(choose(&f.cl, "best-fit:memory=0.5", &r), 2);
	CHECK_EQ(choose(&f.cl, "worst-fit", &r), 0);
	CHECK_NEAR(score_of(&f.cl, "worst-fit", 0, &r), -0.75, 1e-12);
	/* worst-fit on cpu ties hosts 0 and 2 (.75); best-fit breaks it: 2.
	 * The comma before best-fit starts a step, the one inside a field not. */
	for (uint64_t seed = 1; seed < 20; seed++)
		CHECK_EQ(choose_seeded(&f.cl, "worst-fit:cpu,best-fit", &r, seed), 2);
	CHECK_EQ(choose(&f.cl, "worst-fit:cpu=1,memory=2,first-fit", &r), 0);
	cl_destroy(&f.cl);
}

/* Kubernetes integer scores, worked by hand from the formulas in k8s.h. */
TEST(test_strategies_least_and_most_allocated)
{
	fx f;
	cl_req r;

	cluster_a(&f, &r);
	/* LeastAllocated: 0: (75+75)/2=75  1: (25+75)/2=50  2: 50
	 * 3: cpu 2048 -> 50, memory 5120 -> 3072*100/8192 = 37 (37.5 cut), (50+37)/2 = 43 */
	CHECK_EQ(score_of(&f.cl, "least-allocated", 0, &r), -75);
	CHECK_EQ(score_of(&f.cl, "least-allocated", 1, &r), -50);
	CHECK_EQ(score_of(&f.cl, "least-allocated", 3, &r), -43);
	CHECK_EQ(choose(&f.cl, "least-allocated", &r), 0);
	/* MostAllocated: 0: 25  1: (75+25)/2=50  2: 50  3: (50+62)/2 = 56 */
	CHECK_EQ(score_of(&f.cl, "most-allocated", 0, &r), -25);
	CHECK_EQ(score_of(&f.cl, "most-allocated", 3, &r), -56);
	CHECK_EQ(choose(&f.cl, "most-allocated", &r), 3);
	/* cpu=3,memory=1: 1: (3*75+25)/4 = 62  3: (3*50+62)/4 = 53 */
	CHECK_EQ(score_of(&f.cl, "most-allocated:cpu=3,memory=1", 1, &r), -62);
	CHECK_EQ(score_of(&f.cl, "most-allocated:cpu=3,memory=1", 3, &r), -53);
	CHECK_EQ(choose(&f.cl, "most-allocated:cpu=3,memory=1", &r), 1);
	/* gpu is an extended resource: not scored when the task asks none */
	CHECK_EQ(score_of(&f.cl, "least-allocated:cpu,memory,gpu", 3, &r), -43);
	cl_destroy(&f.cl);

	/* Integer truncation makes ties exactly where Kubernetes has them:
	 * cpu requested 2110 and 2190 of 10000 both score 78. */
	fx_init(&f);
	fx_host(&f, 10000, 10000, 2090, 2090);
	fx_host(&f, 10000, 10000, 2010, 2010);
	r = (cl_req){ .cpu = 100, .mem = 100 };
	CHECK_EQ(score_of(&f.cl, "least-allocated", 0, &r), -78);
	CHECK_EQ(score_of(&f.cl, "least-allocated", 1, &r), -78);
	CHECK_EQ(choose(&f.cl, "least-allocated,first-fit", &r), 0);
	CHECK_EQ(choose(&f.cl, "least-allocated,worst-fit", &r), 1);
	cl_destroy(&f.cl);
}

TEST(test_strategies_balanced_allocation)
{
	fx f;
	cl_req r;

	cluster_a(&f, &r);
	fx_host(&f, 4096, 8192, 2048, 4096); /* 4: .75/.75 after placing */
	/* fractions after placing: 0: .25/.25 -> 100  1: .75/.25 -> std .25 -> 75
	 * 3: .5/.625 -> std .0625 -> 93 (93.75 cut) */
	CHECK_EQ(score_of(&f.cl, "balanced-allocation", 0, &r), -100);
	CHECK_EQ(score_of(&f.cl, "balanced-allocation", 1, &r), -75);
	CHECK_EQ(score_of(&f.cl, "balanced-allocation", 3, &r), -93);
	CHECK_EQ(score_of(&f.cl, "balanced-allocation", 4, &r), -100);
	/* 0 and 4 tie; most-allocated breaks it */
	CHECK_EQ(choose(&f.cl, "balanced-allocation,most-allocated", &r), 4);
	/* three resources: population std-dev.  Host 0 with an awsvpc task:
	 * .25, .25, .1 -> mean .2, std sqrt(.015/3) = .0707 -> 92 */
	r.eni = 1;
	CHECK_EQ(score_of(&f.cl, "balanced-allocation:cpu,memory,eni", 0, &r), -92);
	/* a task asking nothing scores 0 everywhere (best-effort pod) */
	r = (cl_req){ 0 };
	CHECK_EQ(score_of(&f.cl, "balanced-allocation", 1, &r), 0);
	CHECK_STR(spec_error(&f.cl, "balanced-allocation:cpu=2"),
		  "balanced-allocation takes resource names without weights, not \"cpu=2\"");
	cl_destroy(&f.cl);
}

TEST(test_strategies_requested_to_capacity_ratio)
{
	fx f;
	cl_req r;

	cluster_a(&f, &r);
	/* packing shape 0:0,100:10 (x10): f(u) = u.  utilisation after placing
	 * 0: 25/25 -> 25  1: 75/25 -> 50  3: 50/62 -> 56 */
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:0:0,100:10", 0, &r), -25);
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:0:0,100:10", 3, &r), -56);
	CHECK_EQ(choose(&f.cl, "requested-to-capacity-ratio:0:0,100:10", &r), 3);
	/* spreading shape: f(u) = 100 - u; 3: (50 + 38)/2 = 44 */
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:0:10,100:0", 0, &r), -75);
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:0:10,100:0", 3, &r), -44);
	CHECK_EQ(choose(&f.cl, "requested-to-capacity-ratio:0:10,100:0", &r), 0);
	/* a resource scoring 0 is left out of the weights too (Kubernetes):
	 * shape 50:0,100:10 on host 1: cpu 75 -> 50, memory 25 -> 0: score 50 */
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:50:0,100:10", 1, &r), -50);
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:50:0,100:10", 0, &r), 0);
	/* weights mixed in the list; cpu=3 on host 3: (3*50 + 62)/4 = 53 */
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:0:0,100:10,cpu=3,memory=1", 3, &r),
		 -53);
	/* the mean is rounded, not cut: utilisations 25 and 50 give 37.5 -> 38 */
	fx_host(&f, 4096, 8192, 0, 2048); /* 4: after placing 25 % cpu, 50 % memory */
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:0:0,100:10", 4, &r), -38);
	/* flat before the first point and after the last */
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:30:4,40:6", 0, &r), -40);
	CHECK_EQ(score_of(&f.cl, "requested-to-capacity-ratio:10:4,20:6", 0, &r), -60);
	cl_destroy(&f.cl);
}

TEST(test_strategies_tetris)
{
	fx f;
	cl_req cpu_heavy = { .cpu = 1024, .mem = 512 }, mem_heavy = { .cpu = 256, .mem = 2048 };

	fx_init(&f);
	fx_host(&f, 4096, 8192, 0, 6144);    /* 0: much cpu free, little memory */
	fx_host(&f, 4096, 8192, 2048, 0);    /* 1: half the cpu, all memory */
	/* 0: .25*1 + .0625*.25 = .265625   1: .25*.5 + .0625*1 = .1875 */
	CHECK_NEAR(score_of(&f.cl, "tetris", 0, &cpu_heavy), -0.265625, 1e-12);
	CHECK_NEAR(score_of(&f.cl, "tetris", 1, &cpu_heavy), -0.1875, 1e-12);
	CHECK_EQ(choose(&f.cl, "tetris", &cpu_heavy), 0);
	/* 0: .0625 + .25*.25 = .125   1: .0625*.5 + .25 = .28125 */
	CHECK_EQ(choose(&f.cl, "tetris", &mem_heavy), 1);
	CHECK_NEAR(score_of(&f.cl, "tetris:cpu=2,memory=1", 1, &mem_heavy),
		   -(2 * 0.0625 * 0.5 + 0.25), 1e-12);
	cl_destroy(&f.cl);
}

TEST(test_strategies_stranding)
{
	fx f;
	cl_req r;

	fx_init(&f);
	fx_host(&f, 4096, 8192, 2048, 0);    /* 0: free 2048 / 8192 */
	fx_host(&f, 4096, 8192, 2048, 5120); /* 1: free 2048 / 3072 */
	fx_host(&f, 4096, 8192, 2560, 6656); /* 2: free 1536 / 1536 */
	r = (cl_req){ .cpu = 1024, .mem = 1024 };
	/* shape 1:2.  After placing, 0 keeps (1024, 7168): 1024 typical tasks'
	 * cpu, memory 7168 - 2048 stranded = .625.  1 keeps (1024, 2048): none.
	 * 2 keeps (512, 512): k = 256, cpu 256 stranded = .0625 */
	CHECK_NEAR(score_of(&f.cl, "stranding:cpu=1,memory=2", 0, &r), 0.625, 1e-12);
	CHECK_NEAR(score_of(&f.cl, "stranding:cpu=1,memory=2", 1, &r), 0, 1e-12);
	CHECK_NEAR(score_of(&f.cl, "stranding:cpu=1,memory=2", 2, &r), 0.0625, 1e-12);
	CHECK_EQ(choose(&f.cl, "stranding:cpu=1,memory=2", &r), 1);
	/* best-fit prefers 2 (least left); stranding does not */
	CHECK_EQ(choose(&f.cl, "best-fit", &r), 2);
	/* the task's own 1:1 shape: 2 keeps (512, 512), nothing stranded */
	CHECK_NEAR(score_of(&f.cl, "stranding:task", 1, &r), 1024.0 / 8192, 1e-12);
	CHECK_EQ(choose(&f.cl, "stranding:task", &r), 2);
	/* the cluster's shape: reserved (6656, 11776) + the task = (7680, 12800).
	 * 1: k = 1024/7680, memory 2048 - 12800 k = 341.33 stranded -> .0417;
	 * 2: k = 512/12800, cpu 512 - 7680 k = 204.8 stranded -> .05 */
	CHECK_NEAR(score_of(&f.cl, "stranding", 1, &r), (2048 - 12800 * (1024.0 / 7680)) / 8192,
		   1e-12);
	CHECK_NEAR(score_of(&f.cl, "stranding:cluster", 2, &r), (512 - 7680 * (512.0 / 12800)) / 4096,
		   1e-12);
	CHECK_EQ(choose(&f.cl, "stranding", &r), 1);
	CHECK_STR(spec_error(&f.cl, "stranding:disk"),
		  "stranding field must be cluster, task or cpu=C,memory=M, not \"disk\"");
	CHECK_STR(spec_error(&f.cl, "stranding:cpu=1"),
		  "stranding: a fixed shape needs both cpu=C and memory=M, not \"cpu=1\"");
	CHECK_STR(spec_error(&f.cl, "stranding:cpu=1,memory=2,gpu=1"),
		  "stranding: the shape is cpu and memory only, not \"cpu=1,memory=2,gpu=1\"");
	cl_destroy(&f.cl);
}

TEST(test_strategies_field_errors)
{
	fx f;
	cl_req r;

	cluster_a(&f, &r);
	CHECK_STR(spec_error(&f.cl, "best-fit:disk=1"),
		  "best-fit: unknown resource \"disk\" (known: cpu, memory, gpu, eni)");
	CHECK_STR(spec_error(&f.cl, "best-fit:cpu=0"),
		  "best-fit: weight of cpu must be a number > 0, not \"0\"");
	CHECK_STR(spec_error(&f.cl, "worst-fit:cpu=-1"),
		  "worst-fit: weight of cpu must be a number > 0, not \"-1\"");
	CHECK_STR(spec_error(&f.cl, "tetris:cpu=1e3"),
		  "tetris: weight of cpu must be a number > 0, not \"1e3\"");
	CHECK_STR(spec_error(&f.cl, "best-fit:cpu,cpu=2"), "best-fit: resource cpu listed twice");
	CHECK_STR(spec_error(&f.cl, "least-allocated:cpu=1.5"),
		  "least-allocated: weight of cpu must be an integer 1-100, not \"1.5\"");
	CHECK_STR(spec_error(&f.cl, "most-allocated:memory=101"),
		  "most-allocated: weight of memory must be an integer 1-100, not \"101\"");
	CHECK_STR(spec_error(&f.cl, "requested-to-capacity-ratio"),
		  "requested-to-capacity-ratio needs a field: shape points UTIL:SCORE,... "
		  "(e.g. 0:0,100:10 to pack, 0:10,100:0 to spread), optionally with weights "
		  "such as cpu=1,memory=1");
	CHECK_STR(spec_error(&f.cl, "requested-to-capacity-ratio:0:11"),
		  "requested-to-capacity-ratio: shape point \"0:11\" must be UTIL:SCORE with "
		  "UTIL an integer 0-100 and SCORE 0-10");
	CHECK_STR(spec_error(&f.cl, "requested-to-capacity-ratio:50:5,40:3"),
		  "requested-to-capacity-ratio: shape point \"40:3\": utilizations must "
		  "increase strictly");
	CHECK_STR(spec_error(&f.cl, "requested-to-capacity-ratio:cpu=1"),
		  "requested-to-capacity-ratio needs at least one shape point UTIL:SCORE, "
		  "e.g. 0:0,100:10");
	CHECK_STR(spec_error(&f.cl, "requested-to-capacity-ratio:0:0,100:10,disk=1"),
		  "requested-to-capacity-ratio: unknown resource \"disk\" (known: cpu, memory, "
		  "gpu, eni)");
	CHECK_STR(spec_error(&f.cl, "first-fit,bestfit"),
		  "unknown placement strategy \"bestfit\" (did you mean \"best-fit\"?)");
	CHECK_STR(spec_error(&f.cl, "bestfit"),
		  "unknown placement strategy \"bestfit\" (did you mean \"best-fit\"?)");
	CHECK_STR(spec_error(&f.cl, "ranked"),
		  "unknown placement strategy \"ranked\" (known: binpack, spread, random, "
		  "first-fit, random-order, best-fit, worst-fit, least-allocated, most-allocated, "
		  "balanced-allocation, requested-to-capacity-ratio, tetris, stranding, "
		  "gpu-random, dot-product, gpu-packing, gpu-clustering, gpu-best-fit, fgd)");
	CHECK_STR(spec_error(&f.cl, "best-fit:cpu,,memory"),
		  "best-fit: empty item in resource list \"cpu,,memory\"");
	/* "integer" is the field of the GPU policies whose scores are not
	 * integers already */
	CHECK_STR(spec_error(&f.cl, "gpu-best-fit:int"),
		  "gpu-best-fit field must be \"integer\" or absent, not \"int\"");
	CHECK_STR(spec_error(&f.cl, "dot-product:integer"), "(parsed)");
	CHECK_STR(spec_error(&f.cl, "gpu-packing:integer"),
		  "gpu-packing takes no field, not \"integer\"");
	cl_destroy(&f.cl);
}

/* Commas separate steps only where a known strategy follows. */
TEST(test_strategies_spec_commas)
{
	fx f;
	cl_req r;
	st_chain c = { 0 };
	ecs_err e = { 0 };
	char buf[256];

	cluster_a(&f, &r);
	CHECK_EQ(st_chain_parse(&c, "best-fit:cpu=2,memory=1,spread:instanceId,"
				"requested-to-capacity-ratio:0:0,100:10,random", &f.cl, &e), 0);
	CHECK_EQ(c.n, 4);
	CHECK_STR(c.steps[0].spec, "best-fit:cpu=2,memory=1");
	CHECK_STR(c.steps[1].spec, "spread:instanceId");
	CHECK_STR(c.steps[2].spec, "requested-to-capacity-ratio:0:0,100:10");
	CHECK_STR(c.steps[3].spec, "random");
	st_chain_format(&c, buf, sizeof(buf));
	CHECK_STR(buf, "best-fit:cpu=2,memory=1,spread:instanceId,"
		       "requested-to-capacity-ratio:0:0,100:10,random");
	st_chain_destroy(&c);
	CHECK_STR(spec_error(&f.cl, ",random"), "empty step in strategy spec \",random\"");
	cl_destroy(&f.cl);
}

/* The same inputs give the same scores: the chain's tie-break is the only
 * randomness, so a fixed seed gives a fixed choice among exact ties. */
TEST(test_strategies_deterministic_ties)
{
	fx f;
	cl_req r = { .cpu = 100, .mem = 100 };
	int seen[4] = { 0 };

	fx_init(&f);
	for (int i = 0; i < 4; i++)
		fx_host(&f, 4096, 8192, 1024, 2048);
	for (uint64_t seed = 1; seed <= 200; seed++) {
		int32_t h = choose_seeded(&f.cl, "best-fit,tetris,least-allocated", &r, seed);
		CHECK(h >= 0 && h < 4);
		CHECK_EQ(h, choose_seeded(&f.cl, "best-fit,tetris,least-allocated", &r, seed));
		seen[h]++;
	}
	for (int i = 0; i < 4; i++)
		CHECK_INT(seen[i], >, 20);
	cl_destroy(&f.cl);
}
