/* gpuwork.c - $.gpuWorkload (ecsim key): the task shapes the GPU
 * fragmentation of the cluster is measured with (and fgd places by),
 * instead of the replayed traces' tasks.  Owns reading them; the measure
 * is sim/cluster/gpufrag.c's.
 */
#include "parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "gpuModels": an array of model names, joined with '|' into *out. */
static int read_models(const json_t *j, const char *path, char **out, ecs_err *e)
{
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	const json_t *a = json_object_get(j, "gpuModels"), *v;
	size_t i, len = 1;

	if (!a)
		return 0;
	jread_kpath(p, path, "gpuModels");
	if (jread_array(a, p, e) < 0)
		return -1;
	if (!json_array_size(a))
		return err_set(e, "%s: must name at least one GPU model", p);
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);
		if (!json_is_string(v) || !*s || strchr(s, '|'))
			return err_set(e, "%s: must be a GPU model name (an instance type's name, or "
				       "an openb node's model), without '|'", jread_ipath(q, p, i));
		len += strlen(s) + 1;
	}
	*out = xcalloc(len, 1);
	json_array_foreach(a, i, v) {
		if (i)
			strcat(*out, "|");
		strcat(*out, json_string_value(v));
	}
	return 0;
}

static const jread_key shape_keys[] = {
	JR_INT("cpu", 0, INT32_MAX, "CPU units of the shape (default 0)"),
	JR_INT("gpus", 0, 1024, "whole GPUs (not with gpuShare)"),
	JR_NUM_BELOW("gpuShare", 0, 1, "a share of one GPU, more than 0 and less than 1"),
	{ .name = "gpuModels", .doc = "the GPU models (instance types) it accepts",
	  .v = { .type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_STR } } },
	JR_INT("count", 1, INT32_MAX, "its weight among the shapes (default 1)"),
	JREAD_END,
};

const jread_val sc_gpu_workload_json = {
	.type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_OBJ, .keys = shape_keys },
};

static int parse_shape(sc_gpu_shape *g, const json_t *j, const char *path, ecs_err *e)
{
	char p[JREAD_PATHMAX];
	double share = 0;

	g->count = 1;
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, shape_keys, e) < 0 ||
	    jread_int32(j, "cpu", path, &g->cpu, 0, INT32_MAX, 0, e) < 0 ||
	    jread_int32(j, "gpus", path, &g->gpus, 0, 1024, 0, e) < 0 ||
	    jread_number(j, "gpuShare", path, &share, 0, e) < 0 ||
	    jread_int(j, "count", path, &g->count, 1, INT32_MAX, 0, e) < 0 ||
	    read_models(j, path, &g->models, e) < 0)
		return -1;
	if (json_object_get(j, "gpuShare")) {
		if (json_object_get(j, "gpus"))
			return err_set(e, "%s: give gpus (whole GPUs) or gpuShare (a share of one), "
				       "not both", path);
		g->milli = (int32_t)lround(share * 1000);
		if (g->milli < 1 || g->milli > 999)
			return err_set(e, "%s: must be more than 0 and less than 1 (thousandths of "
				       "one GPU)", jread_kpath(p, path, "gpuShare"));
	}
	return 0;
}

int sc_parse_gpu_workload(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.gpuWorkload";
	char p[JREAD_PATHMAX];
	const json_t *v;
	size_t i;

	if (!j)
		return 0;
	if (jread_array(j, path, e) < 0)
		return -1;
	if (!json_array_size(j))
		return err_set(e, "%s: must list at least one task shape", path);
	sc->gpu_shapes = xcalloc(json_array_size(j), sizeof(*sc->gpu_shapes));
	json_array_foreach(j, i, v) {
		if (parse_shape(&sc->gpu_shapes[i], v, jread_ipath(p, path, i), e) < 0)
			return -1;
		sc->ngpu_shapes++;
	}
	return 0;
}

void sc_gpu_workload_destroy(scenario *sc)
{
	for (int i = 0; i < sc->ngpu_shapes; i++)
		free(sc->gpu_shapes[i].models);
	free(sc->gpu_shapes);
	sc->gpu_shapes = NULL;
	sc->ngpu_shapes = 0;
}
