/* firstfit.c - first-fit: the lowest-numbered host the task fits on.
 *
 * Hosts are numbered in the order the scenario's `instances` entries create
 * them.  score = host index.  Scale-in stops on the highest-numbered host
 * that runs the group, so the low hosts stay full and the high ones empty.
 */
#include "strategy.h"

static int ff_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	if (field)
		return err_set(e, "first-fit takes no field, not \"%s\"", field);
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
