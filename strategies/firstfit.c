/* firstfit.c - the first host in an order that the task fits on:
 * first-fit (host index order) and random-order (an order drawn once per
 * run).
 *
 * Hosts are numbered in the order the scenario's `instances` entries create
 * them.  first-fit: score = host index.  Scale-in stops on the highest-numbered
 * host that runs the group, so the low hosts stay full and the high ones empty.
 * random-order does the same in a random order of the hosts that holds for the
 * whole run (cl->order_key) and differs between runs.
 */
#include "strategy.h"
#include "sim/support/mix.h"

static int ff_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	if (field)
		return err_set(e, "%s takes no field, not \"%s\"", step->s->name, field);
	return 0;
}

static double ff_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return h;
}

static double ff_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	return -(double)h;
}

const st_strategy st_first_fit = {
	.name = "first-fit",
	.fields = "none",
	.summary = "the lowest-numbered host that fits (research)",
	.resolve = ff_resolve,
	.score = ff_score,
	.stop_score = ff_stop_score,
	.stop_summary = "the highest-numbered host running the group",
};

/* Host h's place in the run's order: 53 bits of a bijective mix of the key
 * and h, exact as a double.  Two hosts tie only if 53 of the 64 bits
 * collide (about n^2 / 2^54 per run), and then the tie stream decides. */
static double ro_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return (double)(mix64(cl->order_key ^ mix64((uint64_t)h)) >> 11);
}

static double ro_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	return -ro_score(step, cl, h, r);
}

/* Weng et al.'s simulator breaks ties this way: kube-scheduler (their fork)
 * keeps the node with the smallest name among the best, and the simulator
 * prefixes each node's name with its place in a random permutation drawn at
 * the start of the run. */
const st_strategy st_random_order = {
	.name = "random-order",
	.fields = "none",
	.summary = "the first host that fits in a random order drawn once per run (research)",
	.resolve = ff_resolve,
	.score = ro_score,
	.stop_score = ro_stop_score,
	.stop_summary = "the last host running the group in the run's order",
};
