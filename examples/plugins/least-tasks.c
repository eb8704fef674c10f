/* least-tasks.c - an example ecsim strategy plug-in: the host with the fewest
 * running tasks (of any group).
 *
 * Build it against the ecsim source tree and load it at run time:
 *
 *   make plugins        # or: cc -shared -fPIC -I. -o least-tasks.so examples/plugins/least-tasks.c
 *   ecsim strategies --plugin build/plugins/least-tasks.so
 *   ecsim run scenarios/quickstart.json --plugin build/plugins/least-tasks.so \
 *         --strategy least-tasks,binpack:memory
 *
 * Against an installed ecsim (make install): -I PREFIX/include/ecsim instead of -I.
 *
 * The same file, copied to strategies/ with one line added to the table in
 * strategies/registry.c, becomes a built-in strategy (then drop ST_PLUGIN).
 */
#include "strategies/strategy.h"

/* No field: reject one, so that a typo in a scenario is not silently ignored. */
static int lt_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	if (field)
		return err_set(e, "least-tasks takes no field, not \"%s\"", field);
	return 0;
}

/* Lower is better: the number of tasks the host runs now. */
static double lt_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return cl->hosts[h].ntasks;
}

/* Scale-in keeps the hosts even: stop on the host with the most tasks. */
static double lt_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	return -(double)cl->hosts[h].ntasks;
}

static const st_strategy least_tasks = {
	.name = "least-tasks",
	.fields = "none",
	.summary = "host running the fewest tasks of any group (example plug-in)",
	.resolve = lt_resolve,
	.score = lt_score,
	.stop_score = lt_stop_score,
	.stop_summary = "the host running the most tasks",
};

ST_PLUGIN(&least_tasks);
