/* test_index.c - the indexed placement chooses exactly what the scan does.
 *
 * Random clusters (zones, sizes, states) take long random sequences of
 * placements, removals and host state changes.  Every placement is decided
 * twice, by the index and by the plain scan, each with its own copy of the
 * tie-break stream: the hosts, the rejection reasons and the number of
 * draws must be identical, and the index must match a rebuild from scratch.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/test.h"
#include "sim/engine/rng.h"
#include "strategies/place.h"
#include "strategies/query.h"
#include "strategies/scalein.h"

/* Scale-in may not stop the smallest tasks (to exercise the filter). */
static int not_smallest(const cl_task *t, void *ctx)
{
	return t->req.cpu != 128;
}

static const char *const specs[] = {
	"binpack:memory",
	"binpack:cpu",
	"spread:attribute:ecs.availability-zone,binpack:memory",
	"spread:attribute:ecs.availability-zone,binpack:cpu",
	"binpack:memory,binpack:cpu",
	"spread:attribute:ecs.availability-zone,binpack:cpu,binpack:memory",
	"random",
	"spread:attribute:ecs.availability-zone",
	"spread:attribute:ecs.availability-zone,random",
	"random,binpack:memory",
	/* R3: spread on instanceId, by the group's levels */
	"spread:instanceId",
	"spread:attribute:ecs.availability-zone,spread:instanceId",
	"random,spread:attribute:ecs.availability-zone,spread:instanceId,random",
};
#define NSPECS ((int)(sizeof(specs) / sizeof(*specs)))

static int scaleins;

static void run_sequence(uint64_t seed, int nhosts, int nzones, int steps, int *decisions,
			 int *rejects, int *failed, int one_shape)
{
	cl_cluster cl;
	st_chain chains[NSPECS];
	place_ws ws_a = { 0 }, ws_b = { 0 };
	gsl_rng *rnd = rng_stream_new(seed, "test", 0);
	gsl_rng *tie_a = rng_stream_new(seed, "ties", 0), *tie_b = rng_stream_new(seed, "ties", 0);
	cl_task *tasks = calloc((size_t)steps, sizeof(*tasks));
	int ntasks = 0, ngroups = 4;
	ecs_err e = { 0 };
	char buf[512];

	cl_init(&cl);
	for (int z = 0; z < nzones; z++) {
		char name[8];
		snprintf(name, sizeof(name), "z%d", z);
		cl_attr_value(&cl, CL_ATTR_ZONE, name);
	}
	struct qry *few_tasks = NULL;
	const struct qry *mo[1];
	/* Hosts are partitioned in two (as by capacity providers), some in none. */
	cl_set_part_attr(&cl, cl_attr_id(&cl, "provider"));
	cl_attr_value(&cl, cl.part_attr, "p0");
	cl_attr_value(&cl, cl.part_attr, "p1");
	for (int i = 0; i < NSPECS; i++) {
		chains[i] = (st_chain){ 0 };
		if (st_chain_parse(&chains[i], specs[i], &cl, &e) < 0) {
			fprintf(stderr, "  %s\n", e.msg);
			*failed = 1;
		}
	}
	for (int g = 0; g < ngroups; g++) {
		char name[16];
		snprintf(name, sizeof(name), "g%d", g);
		cl_group_id(&cl, name);
	}

	/* hosts of a few shapes, zones assigned at random */
	for (int h = 0; h < nhosts; h++) {
		static const int32_t cpu[] = { 2048, 4096, 4096, 8192 };
		static const int32_t mem[] = { 4096, 8192, 16384, 16384 };
		int k = one_shape ? 1 : (int)gsl_rng_uniform_int(rnd, 4);
		int32_t added = cl_add_hosts(&cl, 1, 0,
					     (int32_t)gsl_rng_uniform_int(rnd, (unsigned long)nzones),
					     cpu[k], mem[k], 0,
					     1 + (int32_t)gsl_rng_uniform_int(rnd, 4), 0.1);
		cl_host_set_attr(&cl, added, cl.part_attr,
				 (int32_t)gsl_rng_uniform_int(rnd, 3) - 1);
	}
	/* Half the runs build the index first, half after the hosts. */
	cl_index_enable(&cl);
	if (qry_parse(&few_tasks, "runningTasksCount <= 2", &cl, &e) < 0) {
		fprintf(stderr, "  %s\n", e.msg);
		*failed = 1;
	}
	mo[0] = few_tasks;

	for (int step = 0; step < steps && !*failed; step++) {
		double u = gsl_rng_uniform(rnd);
		if (u < 0.62) {
			static const int32_t cs[] = { 128, 256, 512, 1024, 2048, 4096 };
			static const int32_t ms[] = { 256, 512, 1024, 2048, 4096 };
			cl_req r = { .cpu = cs[gsl_rng_uniform_int(rnd, 6)],
				     .mem = ms[gsl_rng_uniform_int(rnd, 5)],
				     .group = (int32_t)gsl_rng_uniform_int(rnd, (unsigned long)ngroups) };
			int sp = (int)gsl_rng_uniform_int(rnd, NSPECS);
			enum cl_check ra = CL_NCHECKS, rb = CL_NCHECKS;
			int32_t a, b;
			double w = gsl_rng_uniform(rnd);
			if (gsl_rng_uniform(rnd) < 0.3) /* one partition only */
				r.part = (int16_t)(1 + gsl_rng_uniform_int(rnd, 2));
			/* now and then what the classes do not know */
			if (w < 0.15)
				r.eni = 1;
			else if (w < 0.22)
				r.distinct = 1;
			else if (w < 0.30)
				r.member_of = mo, r.nmember_of = 1;
			/* the index answers them for R3 chains only */
			if (!place_indexable(&cl, &r, &chains[sp]) &&
			    !((r.part || r.eni || r.distinct || r.nmember_of) &&
			      place_chain_r3(&chains[sp]) < 0)) {
				fprintf(stderr, "  %s should be indexable\n", specs[sp]);
				*failed = 1;
				break;
			}
			a = place_choose(&cl, &r, &chains[sp], tie_a, &ws_a, &ra);
			b = place_choose_scan(&cl, &r, &chains[sp], tie_b, &ws_b, &rb);
			(*decisions)++;
			if (a != b || (a < 0 && ra != rb)) {
				fprintf(stderr, "  seed %llu step %d %s (cpu %d mem %d): index chose %d "
					"(reason %d), scan chose %d (reason %d)\n",
					(unsigned long long)seed, step, specs[sp], r.cpu, r.mem, a, ra, b,
					rb);
				*failed = 1;
				break;
			}
			if (gsl_rng_get(tie_a) != gsl_rng_get(tie_b)) {
				fprintf(stderr, "  seed %llu step %d %s: the two paths drew a "
					"different number of random numbers\n",
					(unsigned long long)seed, step, specs[sp]);
				*failed = 1;
				break;
			}
			/* Scale-in of R3 chains goes by the levels: the same task, the
			 * same draws as the scan. */
			if (place_chain_r3(&chains[sp]) >= 0) {
				cl_task *sa = scalein_choose_if(&cl, r.group, &chains[sp], tie_a,
								not_smallest, NULL);
				cl_task *sb = scalein_choose_scan_if(&cl, r.group, &chains[sp], tie_b,
								     not_smallest, NULL);
				scaleins++;
				if (sa != sb || gsl_rng_get(tie_a) != gsl_rng_get(tie_b)) {
					fprintf(stderr, "  seed %llu step %d %s: scale-in of group %d: "
						"levels chose %p, scan %p, or they drew differently\n",
						(unsigned long long)seed, step, specs[sp], r.group,
						(void *)sa, (void *)sb);
					*failed = 1;
					break;
				}
			}
			if (a < 0) {
				(*rejects)++;
				continue;
			}
			tasks[ntasks].req = r;
			cl_place(&cl, &tasks[ntasks++], a);
		} else if (u < 0.95) {
			if (ntasks) { /* stop a random task */
				int k = (int)gsl_rng_uniform_int(rnd, (unsigned long)ntasks);
				cl_unplace(&cl, &tasks[k]);
				tasks[k] = tasks[--ntasks];
				if (tasks[k].host >= 0 && k < ntasks) {
					/* re-link the moved task record */
					cl_task *t = &tasks[k];
					cl_host *ho = &cl.hosts[t->host];
					if (t->hprev)
						t->hprev->hnext = t;
					else
						ho->tasks = t;
					if (t->hnext)
						t->hnext->hprev = t;
				}
			}
		} else { /* a host changes state: fail (killing its tasks), drain, return */
			int32_t h = (int32_t)gsl_rng_uniform_int(rnd, (unsigned long)nhosts);
			double v = gsl_rng_uniform(rnd);
			if (cl.hosts[h].state == CL_ACTIVE && v < 0.5) {
				for (int k = 0; k < ntasks;)
					if (tasks[k].host == h) {
						cl_unplace(&cl, &tasks[k]);
						tasks[k] = tasks[--ntasks];
						if (k < ntasks && tasks[k].host >= 0) {
							cl_task *t = &tasks[k];
							cl_host *ho = &cl.hosts[t->host];
							if (t->hprev)
								t->hprev->hnext = t;
							else
								ho->tasks = t;
							if (t->hnext)
								t->hnext->hprev = t;
						}
					} else {
						k++;
					}
				cl_set_state(&cl, h, CL_DOWN);
			} else if (cl.hosts[h].state == CL_ACTIVE) {
				cl_set_state(&cl, h, CL_DRAINING);
			} else if (cl.hosts[h].state == CL_DRAINING || cl.hosts[h].ntasks == 0) {
				cl_set_state(&cl, h, CL_ACTIVE);
			}
			if (v > 0.97) /* now and then a host changes partition */
				cl_host_set_attr(&cl, h, cl.part_attr,
						 (int32_t)gsl_rng_uniform_int(rnd, 3) - 1);
		}
		if (step % (nhosts > 1000 ? 2999 : 997) == 0 && cl_check_invariants(&cl, buf, sizeof(buf)) < 0) {
			fprintf(stderr, "  seed %llu step %d: %s\n", (unsigned long long)seed, step, buf);
			*failed = 1;
		}
	}
	if (!*failed && cl_check_invariants(&cl, buf, sizeof(buf)) < 0) {
		fprintf(stderr, "  seed %llu at the end: %s\n", (unsigned long long)seed, buf);
		*failed = 1;
	}
	for (int i = 0; i < NSPECS; i++)
		st_chain_destroy(&chains[i]);
	qry_free(few_tasks);
	place_ws_destroy(&ws_a);
	place_ws_destroy(&ws_b);
	gsl_rng_free(rnd), gsl_rng_free(tie_a), gsl_rng_free(tie_b);
	free(tasks);
	cl_destroy(&cl);
}

TEST(test_index_matches_scan)
{
	int decisions = 0, rejects = 0, failed = 0;

	/* small clusters get full and exercise rejections and fallbacks */
	for (uint64_t seed = 1; seed <= 40 && !failed; seed++)
		run_sequence(seed, 3 + (int)(seed % 20), 1 + (int)(seed % 5), 3000, &decisions,
			     &rejects, &failed, 0);
	for (uint64_t seed = 100; seed <= 103 && !failed; seed++)
		run_sequence(seed, 400, 3, 20000, &decisions, &rejects, &failed, 0);
	/* One host shape over 2600 hosts in 2 zones: classes grow past HIX_BIG (the bitmap
	 * form) and shrink back as the cluster fills and empties. */
	for (uint64_t seed = 200; seed <= 201 && !failed; seed++)
		run_sequence(seed, 2600, 2, 9000, &decisions, &rejects, &failed, 1);
	if (failed)
		TEST_FAILED("indexed and scanned placement differ (see above)");
	CHECK(decisions > 120000);
	CHECK(scaleins > 20000);
	CHECK(rejects > 1000);
	CHECK(decisions - rejects > 50000);
}

TEST(test_index_not_used_when_it_cannot_answer)
{
	cl_cluster cl;
	st_chain c = { 0 }, inst = { 0 };
	ecs_err e = { 0 };
	static const uint32_t port[] = { 80 };
	cl_req r = { .cpu = 1, .mem = 1 };

	cl_init(&cl);
	cl_attr_value(&cl, CL_ATTR_ZONE, "a");
	cl_add_hosts(&cl, 2, 0, 0, 1024, 1024, 1, 2, 0);
	cl_index_enable(&cl);
	CHECK_EQ(st_chain_parse(&c, "binpack:memory", &cl, &e), 0);
	CHECK_EQ(st_chain_parse(&inst, "spread:instanceId,binpack:memory", &cl, &e), 0);
	CHECK(place_indexable(&cl, &r, &c));
	CHECK(!place_indexable(&cl, &r, &inst));
	r.gpu = 1;
	CHECK(!place_indexable(&cl, &r, &c));
	r = (cl_req){ .cpu = 1, .mem = 1, .gpu_milli = 250 };
	CHECK(!place_indexable(&cl, &r, &c));
	r = (cl_req){ .cpu = 1, .mem = 1, .ports = port, .nports = 1 };
	CHECK(!place_indexable(&cl, &r, &c));
	r = (cl_req){ .cpu = 1, .mem = 1, .distinct = 1 };
	CHECK(!place_indexable(&cl, &r, &c));
	r = (cl_req){ .cpu = 1, .mem = 1, .eni = 1 };
	CHECK(!place_indexable(&cl, &r, &c));
	st_chain_destroy(&c);
	st_chain_destroy(&inst);
	cl_destroy(&cl);
}

static int like_random_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	step->field = 0;
	return 0;
}

static double like_random_score(const st_step *step, const cl_cluster *cl, int32_t h,
				const cl_req *r)
{
	return 0;
}

/* Ranks as random does, and says so. */
static const st_strategy like_random = {
	.name = "like-random",
	.fields = "none",
	.summary = "every host ties",
	.resolve = like_random_resolve,
	.score = like_random_score,
	.indexed_as = ST_INDEX_RANDOM,
};

/* Only the ECS strategies declare an index kind, and a plug-in's is never
 * read (one built for API version 1 has no such field): the same strategy
 * is indexed as a built-in and scanned as a plug-in. */
TEST(test_index_kind_is_declared_and_never_read_from_a_plugin)
{
	cl_cluster cl;
	st_registry as_builtin, as_plugin;
	st_chain a = { .reg = &as_builtin }, b = { .reg = &as_plugin };
	ecs_err e = { 0 };
	cl_req r = { .cpu = 1, .mem = 1 };

	CHECK_EQ(st_binpack.indexed_as, ST_INDEX_BINPACK);
	CHECK_EQ(st_spread.indexed_as, ST_INDEX_SPREAD);
	CHECK_EQ(st_random.indexed_as, ST_INDEX_RANDOM);
	/* gpu-random ranks hosts as random does (it only adds a GPU choice) */
	for (int i = 3; st_builtins[i]; i++)
		CHECK_EQ(st_builtins[i]->indexed_as, strcmp(st_builtins[i]->name, "gpu-random") == 0
						     ? ST_INDEX_RANDOM : ST_INDEX_NONE);
	cl_init(&cl);
	cl_attr_value(&cl, CL_ATTR_ZONE, "a");
	cl_add_hosts(&cl, 2, 0, 0, 1024, 1024, 1, 2, 0);
	cl_index_enable(&cl);
	st_registry_init(&as_builtin);
	st_registry_init(&as_plugin);
	CHECK_EQ(st_registry_add(&as_builtin, &like_random, NULL, &e), 0);
	CHECK_EQ(st_registry_add(&as_plugin, &like_random, "./like-random.so", &e), 0);
	CHECK_EQ(st_chain_parse(&a, "like-random", &cl, &e), 0);
	CHECK_EQ(st_chain_parse(&b, "like-random", &cl, &e), 0);
	CHECK_EQ(st_step_index(&a.steps[0]), ST_INDEX_RANDOM);
	CHECK_EQ(st_step_index(&b.steps[0]), ST_INDEX_NONE);
	CHECK(place_indexable(&cl, &r, &a));
	CHECK(!place_indexable(&cl, &r, &b));
	st_chain_destroy(&a);
	st_chain_destroy(&b);
	st_registry_destroy(&as_builtin);
	st_registry_destroy(&as_plugin);
	cl_destroy(&cl);
}

/* The class sets switch between their small and large forms correctly. */
TEST(test_index_large_classes)
{
	hix x;
	int32_t n = 5000, cpu[5000], mem[5000], zone[5000];
	char buf[256];

	hix_init(&x, 1);
	for (int32_t h = 0; h < n; h++) {
		hix_add_host(&x, h, 0);
		hix_activate(&x, h, 4096, 8192);
		cpu[h] = 4096, mem[h] = 8192, zone[h] = 0;
	}
	CHECK_EQ(x.cls[x.host_cls[0]].count, n);
	CHECK(x.cls[x.host_cls[0]].bits != NULL);
	if (hix_check(&x, cpu, mem, zone, n, buf, sizeof(buf)) < 0)
		TEST_FAILED("%s", buf);
	/* move every third host out, check order statistics, then all but 100 */
	for (int32_t h = 0; h < n; h += 3) {
		hix_update(&x, h, 1024, 8192);
		cpu[h] = 1024;
	}
	if (hix_check(&x, cpu, mem, zone, n, buf, sizeof(buf)) < 0)
		TEST_FAILED("%s", buf);
	CHECK_EQ(hix_class_select(&x, x.host_cls[1], 0), 1);
	CHECK_EQ(hix_class_select(&x, x.host_cls[1], 1), 2);
	CHECK_EQ(hix_class_select(&x, x.host_cls[1], 2), 4);
	for (int32_t h = 100; h < n; h++) {
		hix_update(&x, h, 512, 512);
		cpu[h] = 512, mem[h] = 512;
	}
	CHECK(x.cls[x.host_cls[1]].bits == NULL); /* back to the small form */
	CHECK(x.cls[x.host_cls[4999]].bits != NULL);
	for (int32_t h = 0; h < n; h += 7) {
		hix_deactivate(&x, h);
		cpu[h] = mem[h] = -1;
	}
	if (hix_check(&x, cpu, mem, zone, n, buf, sizeof(buf)) < 0)
		TEST_FAILED("%s", buf);
	CHECK_EQ(hix_zone_active(&x, 0), n - (n + 6) / 7);
	hix_destroy(&x);
}
