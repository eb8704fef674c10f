/* workload.c - $.workloads: batch tasks that arrive by a process (poisson,
 * fixed interval or given times), run for a drawn duration and may have
 * sizes of their own.  Not traces, which are workloads read from files
 * (traces.c).
 */
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static const jread_key arrival_keys[] = {
	JR_WORDS("type", JREAD_LIST("poisson", "interval", "times"), "the arrival process",
		 JREAD_REQ),
	JR_RATE("rate", "poisson: tasks per second, or a string such as \"30/min\""),
	JR_DURATION("interval", "interval: time between tasks (> 0)"),
	{ .name = "times", .doc = "times: when each task arrives",
	  .v = { .type = JREAD_ARR, .items = &(const jread_val){ .ref = "duration" } } },
	JREAD_END,
};

/* arrival: how tasks arrive (required). */
static int parse_arrival(sc_workload *w, const json_t *j, const char *path, ecs_err *e)
{
	char *type = NULL, p[JREAD_PATHMAX];
	int rc = -1;

	if (!j)
		return err_set(e, "%s: required", path);
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, arrival_keys, e) < 0 ||
	    jread_str(j, "type", path, &type, 1, e) < 0)
		return -1;
	if (strcmp(type, "poisson") == 0) {
		json_t *r = json_object_get(j, "rate");
		w->arrival = SC_ARRIVAL_POISSON;
		jread_kpath(p, path, "rate");
		if (!r) {
			err_set(e, "%s: required for poisson arrivals", p);
			goto out;
		}
		if (units_rate(r, p, &w->rate, e) < 0)
			goto out;
		if (w->rate > 1e7) {
			err_set(e, "%s: at most 10000000 per second", p);
			goto out;
		}
	} else if (strcmp(type, "interval") == 0) {
		w->arrival = SC_ARRIVAL_INTERVAL;
		if (jread_duration(j, "interval", path, &w->interval, 1, e) < 0)
			goto out;
		if (w->interval < 1) {
			err_set(e, "%s.interval: must be > 0", path);
			goto out;
		}
	} else if (strcmp(type, "times") == 0) {
		json_t *arr = json_object_get(j, "times"), *v;
		size_t i;
		w->arrival = SC_ARRIVAL_TIMES;
		jread_kpath(p, path, "times");
		if (!arr) {
			err_set(e, "%s: required for times arrivals", p);
			goto out;
		}
		if (jread_array(arr, p, e) < 0)
			goto out;
		w->times = xcalloc(json_array_size(arr), sizeof(*w->times));
		json_array_foreach(arr, i, v) {
			char q[JREAD_PATHMAX];
			if (units_duration(v, jread_ipath(q, p, i), &w->times[i], e) < 0)
				goto out;
			w->ntimes++;
		}
		qsort(w->times, (size_t)w->ntimes, sizeof(*w->times), cmp_i64);
	} else {
		err_set(e, "%s.type: unknown arrival process \"%s\" (known: poisson, interval, "
			"times)", path, type);
		goto out;
	}
	if ((w->arrival != SC_ARRIVAL_POISSON && json_object_get(j, "rate")) ||
	    (w->arrival != SC_ARRIVAL_INTERVAL && json_object_get(j, "interval")) ||
	    (w->arrival != SC_ARRIVAL_TIMES && json_object_get(j, "times"))) {
		err_set(e, "%s: %s arrivals take %s only", path, type,
			w->arrival == SC_ARRIVAL_POISSON ? "\"rate\""
			: w->arrival == SC_ARRIVAL_INTERVAL ? "\"interval\"" : "\"times\"");
		goto out;
	}
	rc = 0;
out:
	free(type);
	return rc;
}

static const jread_key workload_keys[] = {
	JR_NAME("name", "unique name", JREAD_REQ),
	JR_NAME("taskDefinition", "family, family:revision or ARN of a task definition",
		JREAD_REQ),
	JR_STR("group", "the task group (default family:FAMILY)"),
	JR_OBJ("arrival", arrival_keys, "how tasks arrive", JREAD_REQ),
	JR_REF("duration", "distSeconds", "run time of a task", JREAD_REQ),
	JR_INT("count", 0, (double)(INT64_C(1) << 40), "tasks submitted at most (default: no "
	       "limit)"),
	JR_DURATION("start", "first arrival not before (default 0)"),
	JR_DURATION("end", "no arrival from then on (default: the end)"),
	JR_REF("cpu", "distNumber", "CPU units of a task (default: the task definition's)"),
	JR_REF("memory", "distNumber", "MiB of a task (default: the task definition's)"),
	JR_LIKE("placementStrategy", &sc_placement_strategy_json, "how a host is chosen"),
	JR_LIKE("placementConstraints", &sc_constraints_json, "which hosts may run its tasks"),
	JR_LIKE("capacityProviderStrategy", &sc_cp_strategy_json, "Auto Scaling group providers "
		"its tasks run on (and wait for)"),
	JREAD_END,
};

const jread_val sc_workloads_json = {
	.type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_OBJ, .keys = workload_keys },
};

static int parse_workload(scenario *sc, sc_workload *w, const json_t *j, const char *path,
			  ecs_err *e)
{
	char p[JREAD_PATHMAX];
	json_t *v;

	if (jread_object(j, path, e) < 0)
		return -1;
	if (json_object_get(j, "taskProtection"))
		return err_set(e, "%s.taskProtection: ECS protects service tasks only "
			       "(UpdateTaskProtection fails with TASK_NOT_VALID for a standalone "
			       "task); put the tasks in a service", path);
	if (jread_check_keys(j, path, workload_keys, e) < 0)
		return -1;
	w->path = xstrdup(path);
	w->count = -1;
	w->end = INT64_MAX;
	dist_constant(&w->duration, 0);
	if (jread_str(j, "name", path, &w->name, 1, e) < 0 ||
	    sc_resolve_taskdef(sc, j, path, &w->taskdef, e) < 0 ||
	    jread_str(j, "group", path, &w->group, 0, e) < 0 ||
	    parse_arrival(w, json_object_get(j, "arrival"), jread_kpath(p, path, "arrival"),
			  e) < 0 ||
	    jread_int(j, "count", path, &w->count, 0, INT64_C(1) << 40, 0, e) < 0 ||
	    jread_duration(j, "start", path, &w->start, 0, e) < 0 ||
	    jread_duration(j, "end", path, &w->end, 0, e) < 0)
		return -1;
	if (w->end <= w->start)
		return err_set(e, "%s.end: must be after start", path);
	if (!(v = json_object_get(j, "duration")))
		return err_set(e, "%s.duration: required (a distribution of task run times)", path);
	dist_destroy(&w->duration);
	if (dist_parse(&w->duration, v, jread_kpath(p, path, "duration"), DIST_SECONDS, e) < 0)
		return -1;
	if ((v = json_object_get(j, "cpu"))) {
		if (dist_parse(&w->cpu, v, jread_kpath(p, path, "cpu"), DIST_NUMBER, e) < 0)
			return -1;
		w->has_cpu = 1;
	}
	if ((v = json_object_get(j, "memory"))) {
		if (dist_parse(&w->memory, v, jread_kpath(p, path, "memory"), DIST_NUMBER, e) < 0)
			return -1;
		w->has_memory = 1;
	}
	if (!w->group) {
		size_t n = strlen(sc->taskdefs[w->taskdef].family) + 8;
		w->group = xmalloc(n);
		snprintf(w->group, n, "family:%s", sc->taskdefs[w->taskdef].family);
	}
	if (sc_parse_placement(&w->place, j, path, e) < 0 ||
	    sc_parse_cp_strategy(sc, json_object_get(j, "capacityProviderStrategy"),
				 jread_kpath(p, path, "capacityProviderStrategy"), &w->cps, &w->ncps,
				 e) < 0)
		return -1;
	/* RunTask with a strategy: ecsim's standalone tasks run on EC2 */
	for (int k = 0; k < w->ncps; k++)
		if (w->cps[k].kind != SC_CP_ASG)
			return err_set(e, "%s.capacityProviderStrategy[%d].capacityProvider: a "
				       "workload runs on EC2 instances: name an Auto Scaling group "
				       "provider, not %s", path, k, sc->providers[w->cps[k].provider]);
	if (sc->taskdefs[w->taskdef].not_ec2 > 0)
		return err_set(e, "%s: task definition %s:%d is not compatible with EC2 (its "
			       "requiresCompatibilities lists no EC2)", path,
			       sc->taskdefs[w->taskdef].family, sc->taskdefs[w->taskdef].revision);
	if (!w->has_cpu && !w->has_memory && sc_check_fits(sc, w->taskdef, path, e) < 0)
		return -1;
	for (int k = 0; k < sc->nworkloads; k++)
		if (&sc->workloads[k] != w && strcmp(sc->workloads[k].name, w->name) == 0)
			return err_set(e, "%s.name: duplicate workload \"%s\"", path, w->name);
	return 0;
}

int sc_parse_workloads(scenario *sc, const json_t *arr, ecs_err *e)
{
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	if (jread_array_max(arr, "$.workloads", SC_MAX_WORKLOADS, "workloads", e) < 0)
		return -1;
	sc->workloads = xcalloc(json_array_size(arr), sizeof(*sc->workloads));
	json_array_foreach(arr, i, v) {
		sc->nworkloads++;
		if (parse_workload(sc, &sc->workloads[i], v, jread_ipath(p, "$.workloads", i),
				   e) < 0)
			return -1;
	}
	return 0;
}

void sc_workloads_destroy(scenario *sc)
{
	for (int i = 0; i < sc->nworkloads; i++) {
		sc_workload *w = &sc->workloads[i];
		free(w->name);
		free(w->group);
		free(w->times);
		free(w->path);
		dist_destroy(&w->duration);
		if (w->has_cpu)
			dist_destroy(&w->cpu);
		if (w->has_memory)
			dist_destroy(&w->memory);
		sc_placement_destroy(&w->place);
		free(w->cps);
	}
	free(sc->workloads);
}
