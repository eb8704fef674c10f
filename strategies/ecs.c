/* ecs.c - the three ECS placement strategies: binpack, spread and random.
 *
 * binpack: the host with the least remaining amount of the field (cpu or
 * memory) that still fits; on scale-in, the host that would have the most
 * left after stopping.  spread: the host whose value of the field
 * (instanceId or an attribute) has the fewest tasks of the task's group; on
 * scale-in, the value with the most.  random: every candidate ties, for
 * placing and stopping; the chain's seeded tie-break picks one.
 */
#include <string.h>

#include "strategy.h"


static int binpack_resolve(st_step *step, const char *field, cl_cluster *cl,
			   ecs_err *e)
{
	if (!field || !*field)
		return err_set(e, "binpack needs a field: cpu or memory");
	if (strcmp(field, "cpu") == 0)
		step->field = ST_BINPACK_CPU;
	else if (strcmp(field, "memory") == 0)
		step->field = ST_BINPACK_MEMORY;
	else
		return err_set(e, "binpack field must be cpu or memory, not \"%s\"", field);
	return 0;
}

static double binpack_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	const cl_host *ho = &cl->hosts[h];
	return step->field == ST_BINPACK_CPU ? ho->cpu_free - r->cpu : ho->mem_free - r->mem;
}

/* ECS: "the instance that would have the most left after stopping". */
static double binpack_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
				 const cl_req *r)
{
	const cl_host *ho = &cl->hosts[h];
	return -(double)(step->field == ST_BINPACK_CPU ? ho->cpu_free + r->cpu : ho->mem_free + r->mem);
}

static int spread_resolve(st_step *step, const char *field, cl_cluster *cl,
			  ecs_err *e)
{
	int32_t a;

	if (!field || !*field)
		return err_set(e, "spread needs a field: instanceId or attribute:NAME");
	if (strcmp(field, "instanceId") == 0 || strcmp(field, "host") == 0) {
		cl_track_group_hosts(cl);
		step->field = ST_FIELD_INSTANCE;
		return 0;
	}
	if (strncmp(field, "attribute:", 10) != 0 || !field[10])
		return err_set(e, "spread field must be instanceId or attribute:NAME, not \"%s\"",
			       field);
	a = cl_attr_find(cl, field + 10);
	if (a < 0)
		return err_set(e, "spread on unknown attribute \"%s\" (no instance has it)",
			       field + 10);
	cl_attr_track(cl, a);
	step->field = a;
	return 0;
}

static double spread_score(const st_step *step, const cl_cluster *cl, int32_t h,
			   const cl_req *r)
{
	if (step->field == ST_FIELD_INSTANCE)
		return cl_group_on_host(cl, r->group, h);
	/* Hosts without the attribute count as having none of the group (assumed). */
	int32_t v = cl_host_attr(cl, h, step->field);
	return v < 0 ? 0 : cl_group_on_value(cl, r->group, step->field, v);
}

/* ECS keeps the balance on scale-in: the value with the most tasks of the
 * group loses one (a chain zone, then instanceId, gives ECS's default
 * "the zone with the most, then the instance with the most"). */
static double spread_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
				const cl_req *r)
{
	return -spread_score(step, cl, h, r);
}

static int random_resolve(st_step *step, const char *field, cl_cluster *cl,
			  ecs_err *e)
{
	if (field && *field)
		return err_set(e, "random takes no field, not \"%s\"", field);
	step->field = 0;
	return 0;
}

static double random_score(const st_step *step, const cl_cluster *cl, int32_t h,
			   const cl_req *r)
{
	return 0;
}

const st_strategy st_binpack = {
	.name = "binpack",
	.fields = "cpu | memory",
	.summary = "host with the least remaining cpu or memory that still fits (ECS)",
	.resolve = binpack_resolve,
	.score = binpack_score,
	.stop_score = binpack_stop_score,
	.stop_summary = "the host that would have the most of the field left after stopping",
	.indexed_as = ST_INDEX_BINPACK,
};

const st_strategy st_spread = {
	.name = "spread",
	.fields = "instanceId | attribute:NAME (e.g. attribute:ecs.availability-zone)",
	.summary = "value of the field with the fewest tasks of the task's group (ECS)",
	.resolve = spread_resolve,
	.score = spread_score,
	.stop_score = spread_stop_score,
	.stop_summary = "a host of the value with the most tasks of the group",
	.indexed_as = ST_INDEX_SPREAD,
};

const st_strategy st_random = {
	.name = "random",
	.fields = "none",
	.summary = "uniformly random host among those that fit (ECS)",
	.resolve = random_resolve,
	.score = random_score,
	.stop_score = random_score,
	.stop_summary = "a uniformly random host running the group",
	.indexed_as = ST_INDEX_RANDOM,
};
