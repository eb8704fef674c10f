/* test_place.c - strategies and the resource filter on hand-built clusters. */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/engine/rng.h"
#include "strategies/place.h"

/* Hosts i = 0..n-1 in zone i % 3, with the given free cpu and memory. */
static void build(cl_cluster *cl, int n, const int32_t *cpu, const int32_t *mem)
{
	cl_init(cl);
	cl_attr_value(cl, CL_ATTR_ZONE, "a");
	cl_attr_value(cl, CL_ATTR_ZONE, "b");
	cl_attr_value(cl, CL_ATTR_ZONE, "c");
	for (int i = 0; i < n; i++)
		cl_add_hosts(cl, 1, 0, i % 3, cpu[i], mem[i], 0, 2, 0.1);
}

static int32_t choose(cl_cluster *cl, const char *spec, const cl_req *r, enum cl_check *why)
{
	st_chain c = { 0 };
	place_ws ws = { 0 };
	ecs_err e = { 0 };
	gsl_rng *tie = rng_stream_new(1, "ties", 0);
	int32_t h = -99;

	if (st_chain_parse(&c, spec, cl, &e) == 0)
		h = place_choose(cl, r, &c, tie, &ws, why);
	else
		fprintf(stderr, "  spec %s: %s\n", spec, e.msg);
	st_chain_destroy(&c);
	place_ws_destroy(&ws);
	gsl_rng_free(tie);
	return h;
}

static cl_task *put(cl_cluster *cl, int32_t group, int32_t cpu, int32_t mem, int32_t h)
{
	cl_task *t = calloc(1, sizeof(*t));
	t->req = (cl_req){ .cpu = cpu, .mem = mem, .group = group };
	cl_place(cl, t, h);
	return t;
}

TEST(test_place_binpack_memory_and_cpu)
{
	cl_cluster cl;
	int32_t cpu[5] = { 4096, 1024, 4096, 2048, 4096 };
	int32_t mem[5] = { 8000, 8000, 3000, 1500, 2100 };
	cl_req r = { .cpu = 512, .mem = 2000 };
	enum cl_check why;

	build(&cl, 5, cpu, mem);
	/* least memory left that still fits 2000: host 4 (2100) */
	CHECK_EQ(choose(&cl, "binpack:memory", &r, &why), 4);
	/* least cpu left among hosts fitting: host 1 (1024) */
	CHECK_EQ(choose(&cl, "binpack:cpu", &r, &why), 1);
	cl_destroy(&cl);
}

TEST(test_place_spread_zone_then_instance)
{
	cl_cluster cl;
	int32_t cpu[6] = { 4096, 4096, 4096, 4096, 4096, 4096 };
	int32_t mem[6] = { 8000, 8000, 8000, 8000, 8000, 8000 };
	cl_task *t[4];
	int32_t g, other;
	cl_req r;
	enum cl_check why;
	st_chain c = { 0 };
	ecs_err e = { 0 };

	build(&cl, 6, cpu, mem);
	/* spread by zone needs the zone attribute tracked before tasks exist */
	CHECK_EQ(st_chain_parse(&c, "spread:attribute:ecs.availability-zone", &cl, &e), 0);
	st_chain_destroy(&c);
	g = cl_group_id(&cl, "service:web");
	other = cl_group_id(&cl, "service:db");
	r = (cl_req){ .cpu = 100, .mem = 100, .group = g };
	/* zone a: hosts 0, 3; zone b: 1, 4; zone c: 2, 5 */
	t[0] = put(&cl, g, 100, 100, 0);  /* a: 1 */
	t[1] = put(&cl, g, 100, 100, 1);  /* b: 1 */
	t[2] = put(&cl, g, 100, 100, 4);  /* b: 2 */
	t[3] = put(&cl, other, 100, 100, 2); /* other group does not count */
	/* zone c has 0 tasks of the group: host 2 or 5; host 5 has none at all
	 * of the group either way, so instanceId spread must break the tie
	 * only among c's hosts, where both have 0 of g: two ties. */
	int32_t h = choose(&cl, "spread:attribute:ecs.availability-zone,spread:instanceId", &r,
			   &why);
	CHECK(h == 2 || h == 5);
	/* by instance alone: any host with 0 tasks of g (2, 3, 5) */
	h = choose(&cl, "spread:instanceId", &r, &why);
	CHECK(h == 2 || h == 3 || h == 5);
	/* zone then binpack:memory: in zone c, host 2 has less memory left */
	CHECK_EQ(choose(&cl, "spread:attribute:ecs.availability-zone,binpack:memory", &r, &why),
		 2);
	for (int i = 0; i < 4; i++) {
		cl_unplace(&cl, t[i]);
		free(t[i]);
	}
	cl_destroy(&cl);
}

TEST(test_place_random_is_uniform_and_seeded)
{
	cl_cluster cl;
	int32_t cpu[4] = { 4096, 4096, 100, 4096 };
	int32_t mem[4] = { 8000, 8000, 8000, 8000 };
	cl_req r = { .cpu = 512, .mem = 512 };
	st_chain c = { 0 };
	place_ws ws = { 0 };
	ecs_err e = { 0 };
	gsl_rng *tie = rng_stream_new(5, "ties", 0);
	int count[4] = { 0 };
	enum cl_check why;

	build(&cl, 4, cpu, mem);
	CHECK_EQ(st_chain_parse(&c, "random", &cl, &e), 0);
	for (int i = 0; i < 30000; i++)
		count[place_choose(&cl, &r, &c, tie, &ws, &why)]++;
	CHECK_EQ(count[2], 0); /* does not fit */
	for (int i = 0; i < 4; i++)
		if (i != 2) /* 10000 expected, sd ~ 82 */
			CHECK_NEAR(count[i], 10000, 400);
	st_chain_destroy(&c);
	place_ws_destroy(&ws);
	gsl_rng_free(tie);
	cl_destroy(&cl);
}

TEST(test_place_rejection_reasons)
{
	cl_cluster cl;
	int32_t cpu[3] = { 1024, 2048, 512 };
	int32_t mem[3] = { 4096, 1024, 8192 };
	static const uint32_t port80[] = { 80 }, port22[] = { 22 };
	uint16_t reserved[] = { 22 };
	cl_req r;
	enum cl_check why;

	build(&cl, 3, cpu, mem);
	cl_group_id(&cl, "family:x"); /* group 0, used by the tasks below */
	cl.reserved_ports = malloc(sizeof(reserved));
	memcpy(cl.reserved_ports, reserved, sizeof(reserved));
	cl.nreserved_ports = 1;
	/* no host has 4096 cpu */
	r = (cl_req){ .cpu = 4096, .mem = 100 };
	CHECK_EQ(choose(&cl, "random", &r, &why), -1);
	CHECK_EQ(why, CL_CHECK_CPU);
	/* cpu fits on 0 and 1 but memory 5000 only on 2, which lacks cpu */
	r = (cl_req){ .cpu = 1000, .mem = 5000 };
	CHECK_EQ(choose(&cl, "random", &r, &why), -1);
	CHECK_EQ(why, CL_CHECK_MEMORY);
	CHECK_STR(cl_check_reason(why), "RESOURCE:MEMORY");
	r = (cl_req){ .cpu = 100, .mem = 100, .gpu = 1 };
	CHECK_EQ(choose(&cl, "random", &r, &why), -1);
	CHECK_EQ(why, CL_CHECK_GPU);
	/* a reserved port binds on every host */
	r = (cl_req){ .cpu = 100, .mem = 100, .ports = port22, .nports = 1 };
	CHECK_EQ(choose(&cl, "random", &r, &why), -1);
	CHECK_EQ(why, CL_CHECK_PORTS);
	/* static port 80: one task per host; the fourth has nowhere to go */
	{
		cl_task t[3] = { 0 };
		for (int i = 0; i < 3; i++) {
			t[i].req = (cl_req){ .cpu = 10, .mem = 10, .ports = port80, .nports = 1 };
			int32_t h = choose(&cl, "binpack:cpu", &t[i].req, &why);
			CHECK(h >= 0);
			cl_place(&cl, &t[i], h);
		}
		r = (cl_req){ .cpu = 10, .mem = 10, .ports = port80, .nports = 1 };
		CHECK_EQ(choose(&cl, "random", &r, &why), -1);
		CHECK_EQ(why, CL_CHECK_PORTS);
		/* ENIs: each host has 2 task ENIs */
		r = (cl_req){ .cpu = 10, .mem = 10, .eni = 3 };
		CHECK_EQ(choose(&cl, "random", &r, &why), -1);
		CHECK_EQ(why, CL_CHECK_ENI);
		for (int i = 0; i < 3; i++)
			cl_unplace(&cl, &t[i]);
	}
	/* hosts that are down or draining get nothing */
	cl_set_state(&cl, 0, CL_DOWN);
	cl_set_state(&cl, 1, CL_DRAINING);
	cl_set_state(&cl, 2, CL_DOWN);
	r = (cl_req){ .cpu = 1, .mem = 1 };
	CHECK_EQ(choose(&cl, "random", &r, &why), -1);
	CHECK_EQ(why, CL_NCHECKS);
	cl_destroy(&cl);
}

TEST(test_place_distinct_instance)
{
	cl_cluster cl;
	int32_t cpu[3] = { 4096, 4096, 4096 };
	int32_t mem[3] = { 8000, 8000, 8000 };
	cl_task t[4] = { 0 };
	enum cl_check why;
	int32_t g;

	build(&cl, 3, cpu, mem);
	cl_track_group_hosts(&cl);
	g = cl_group_id(&cl, "service:cache");
	for (int i = 0; i < 3; i++) {
		t[i].req = (cl_req){ .cpu = 10, .mem = 10, .group = g, .distinct = 1 };
		int32_t h = choose(&cl, "binpack:memory", &t[i].req, &why);
		CHECK(h >= 0);
		CHECK_EQ(cl_group_on_host(&cl, g, h), 0);
		cl_place(&cl, &t[i], h);
	}
	t[3].req = (cl_req){ .cpu = 10, .mem = 10, .group = g, .distinct = 1 };
	CHECK_EQ(choose(&cl, "binpack:memory", &t[3].req, &why), -1);
	CHECK_EQ(why, CL_CHECK_DISTINCT);
	cl_destroy(&cl);
}

TEST(test_place_spec_errors)
{
	cl_cluster cl;
	st_chain c = { 0 };
	ecs_err e = { 0 };
	int32_t cpu[1] = { 1 }, mem[1] = { 1 };

	build(&cl, 1, cpu, mem);
	CHECK_EQ(st_chain_parse(&c, "binpak:memory", &cl, &e), -1);
	CHECK_STR(e.msg, "unknown placement strategy \"binpak\" (did you mean \"binpack\"?)");
	err_clear(&e);
	CHECK_EQ(st_chain_parse(&c, "binpack:disk", &cl, &e), -1);
	CHECK_STR(e.msg, "binpack field must be cpu or memory, not \"disk\"");
	err_clear(&e);
	CHECK_EQ(st_chain_parse(&c, "spread:attribute:rack", &cl, &e), -1);
	CHECK_STR(e.msg, "spread on unknown attribute \"rack\" (no instance has it)");
	err_clear(&e);
	st_chain_destroy(&c);
	CHECK_EQ(st_chain_parse(&c, "random,random,random,random,random,random", &cl, &e), -1);
	CHECK_STR(e.msg, "at most 5 placement strategy steps");
	st_chain_destroy(&c);
	err_clear(&e);
	CHECK_EQ(st_chain_parse(&c, "spread:attribute:ecs.availability-zone,binpack:memory", &cl,
				&e), 0);
	char buf[128];
	st_chain_format(&c, buf, sizeof(buf));
	CHECK_STR(buf, "spread:attribute:ecs.availability-zone,binpack:memory");
	st_chain_destroy(&c);
	cl_destroy(&cl);
}
