/* test_cluster_gpu.c - whole GPUs and shares of one GPU on a host. */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/cluster/cluster.h"

static void one_host(cl_cluster *cl, int32_t gpus)
{
	cl_init(cl);
	cl_add_hosts(cl, 1, 0, 0, 100000, 100000, gpus, 100, 0);
	cl_group_id(cl, "g");
}

static int consistent(const cl_cluster *cl)
{
	char buf[600];
	if (cl_check_invariants(cl, buf, sizeof(buf)) < 0) {
		fprintf(stderr, "  %s\n", buf);
		return 0;
	}
	return 1;
}

/* Shares stack on one GPU (best fit) up to a whole GPU; a whole-GPU task
 * needs a GPU nobody uses; everything comes back when tasks leave. */
TEST(test_cluster_gpu_shares)
{
	cl_cluster cl;
	cl_task t[6] = { 0 };
	static const int32_t milli[] = { 600, 600, 400, 500 };

	one_host(&cl, 2);
	for (int i = 0; i < 4; i++)
		t[i].req = (cl_req){ .cpu = 1, .mem = 1, .gpu_milli = milli[i] };
	/* 600 on GPU 0, 600 on GPU 1 (does not fit with the first) */
	CHECK_EQ(cl_fit(&cl, 0, &t[0].req), CL_NCHECKS);
	cl_place(&cl, &t[0], 0);
	CHECK_EQ(cl.hosts[0].gpu_free, 1);
	cl_place(&cl, &t[1], 0);
	CHECK_EQ(cl.hosts[0].gpu_free, 0);
	CHECK(t[0].gpu_slot != t[1].gpu_slot);
	/* 400 fills one of them exactly; 500 then fits nowhere */
	CHECK_EQ(cl_fit(&cl, 0, &t[2].req), CL_NCHECKS);
	cl_place(&cl, &t[2], 0);
	CHECK_EQ(cl.hosts[0].gpu_used[t[2].gpu_slot], 1000);
	CHECK_EQ(cl_fit(&cl, 0, &t[3].req), CL_CHECK_GPU);
	t[4].req = (cl_req){ .cpu = 1, .mem = 1, .gpu = 1 };
	CHECK_EQ(cl_fit(&cl, 0, &t[4].req), CL_CHECK_GPU);
	CHECK(consistent(&cl));
	/* the GPU with 600 alone empties: a whole GPU is free again */
	cl_unplace(&cl, &t[t[2].gpu_slot == t[0].gpu_slot ? 1 : 0]);
	CHECK_EQ(cl.hosts[0].gpu_free, 1);
	CHECK_EQ(cl_fit(&cl, 0, &t[4].req), CL_NCHECKS);
	cl_place(&cl, &t[4], 0);
	CHECK_EQ(cl.hosts[0].gpu_free, 0);
	CHECK_EQ(cl_fit(&cl, 0, &t[3].req), CL_CHECK_GPU);
	CHECK(consistent(&cl));
	cl_unplace(&cl, &t[4]);
	cl_unplace(&cl, &t[2]);
	cl_unplace(&cl, &t[t[2].gpu_slot == t[0].gpu_slot ? 0 : 1]);
	CHECK_EQ(cl.hosts[0].gpu_free, 2);
	CHECK_EQ(cl.hosts[0].gpu_used[0] + cl.hosts[0].gpu_used[1], 0);
	CHECK(consistent(&cl));
	cl_destroy(&cl);
}

/* Whole-GPU semantics are unchanged, and a host without GPUs takes no share. */
TEST(test_cluster_gpu_whole_and_none)
{
	cl_cluster cl;
	cl_task a = { 0 }, b = { 0 };

	one_host(&cl, 0);
	a.req = (cl_req){ .cpu = 1, .mem = 1, .gpu_milli = 1 };
	CHECK_EQ(cl_fit(&cl, 0, &a.req), CL_CHECK_GPU);
	cl_destroy(&cl);

	one_host(&cl, 4);
	a.req = (cl_req){ .cpu = 1, .mem = 1, .gpu = 3 };
	b.req = (cl_req){ .cpu = 1, .mem = 1, .gpu_milli = 999 };
	cl_place(&cl, &a, 0);
	CHECK_EQ(cl.hosts[0].gpu_free, 1);
	CHECK(cl.hosts[0].gpu_used == NULL);
	CHECK_EQ(cl_fit(&cl, 0, &b.req), CL_NCHECKS);
	cl_place(&cl, &b, 0);
	CHECK_EQ(cl.hosts[0].gpu_free, 0);
	CHECK(consistent(&cl));
	/* a corrupted share is caught */
	cl.hosts[0].gpu_used[b.gpu_slot] = 500;
	{
		char buf[600];
		CHECK_EQ(cl_check_invariants(&cl, buf, sizeof(buf)), -1);
		CHECK(strstr(buf, "shares add up to 999"));
	}
	cl.hosts[0].gpu_used[b.gpu_slot] = 999;
	cl_unplace(&cl, &b);
	cl_unplace(&cl, &a);
	CHECK_EQ(cl.hosts[0].gpu_free, 4);
	CHECK(consistent(&cl));
	cl_destroy(&cl);
}

/* Many groups: found again by name, through the hash index. */
TEST(test_cluster_many_groups)
{
	cl_cluster cl;
	char name[32];

	cl_init(&cl);
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "job:%d", i);
		CHECK_EQ(cl_group_id(&cl, name), i);
	}
	for (int i = 19999; i >= 0; i -= 7) {
		snprintf(name, sizeof(name), "job:%d", i);
		CHECK_EQ(cl_group_id(&cl, name), i);
	}
	CHECK_EQ(cl.ngroups, 20000);
	cl_destroy(&cl);
}
