/* load.c - loading a scenario file (see scenario.h): the file and its
 * size limit, --set assignments, the top-level keys (name, seed,
 * duration, scheduler, taskLifecycle, fargate) and the order of the
 * sections, whose loaders are the other files of sim/scenario/ (parse.h);
 * and freeing what a load built.
 */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import.h"
#include "sim/support/units.h"

/* ---- top level --------------------------------------------------------- */

static const jread_key fargate_keys[] = {
	JR_NUM("vcpuHour", 0, "USD per vCPU-hour of FARGATE tasks (default: the catalog's)"),
	JR_NUM("gbHour", 0, "USD per GB-hour of FARGATE task memory (default: the catalog's)"),
	JR_NUM("spotVcpuHour", 0, "USD per vCPU-hour of FARGATE_SPOT tasks"),
	JR_NUM("spotGbHour", 0, "USD per GB-hour of FARGATE_SPOT task memory"),
	JR_DURATION("minimumBilled", "the least time a FARGATE task is billed (default 60s)"),
	JREAD_END,
};

/* ecsim's "fargate": prices of the FARGATE launch type and the minimum
 * billed time.  A price the scenario does not give comes from the
 * instance-type catalog (Linux/x86_64); Spot is the catalog's discount off
 * on-demand ("up to 70 % less": 70 % when there is no catalog). */
static int parse_fargate(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.fargate";
	int vcpu = j && json_object_get(j, "vcpuHour"), gb = j && json_object_get(j, "gbHour");
	const catalog *cat = NULL;
	double discount = 70;

	sc->fargate_min_billed = 60 * USEC_PER_SEC;
	if (j && (jread_object(j, path, e) < 0 || jread_check_keys(j, path, fargate_keys, e) < 0))
		return -1;
	if (!vcpu || !gb || !j || !json_object_get(j, "spotVcpuHour") ||
	    !json_object_get(j, "spotGbHour"))
		cat = sc_catalog_optional(sc, e);
	if (err_isset(e))
		return -1;
	if (cat && cat->has_fargate) {
		sc->fargate_vcpu_hour = cat->fargate_vcpu_hour;
		sc->fargate_gb_hour = cat->fargate_gb_hour;
		vcpu = gb = 1;
	}
	if (cat)
		discount = cat->fargate_spot_discount;
	sc->fargate_priced = (vcpu ? SC_PRICED_VCPU : 0) | (gb ? SC_PRICED_GB : 0);
	if (j && (jread_number(j, "vcpuHour", path, &sc->fargate_vcpu_hour, 0, e) < 0 ||
		  jread_number(j, "gbHour", path, &sc->fargate_gb_hour, 0, e) < 0 ||
		  jread_duration(j, "minimumBilled", path, &sc->fargate_min_billed, 0, e) < 0))
		return -1;
	/* (100 - 70) / 100 is the double 0.3 exactly as a literal 0.3 is */
	sc->fargate_spot_vcpu_hour = (100 - discount) / 100 * sc->fargate_vcpu_hour;
	sc->fargate_spot_gb_hour = (100 - discount) / 100 * sc->fargate_gb_hour;
	sc->fargate_spot_priced =
		(vcpu || (j && json_object_get(j, "spotVcpuHour")) ? SC_PRICED_VCPU : 0) |
		(gb || (j && json_object_get(j, "spotGbHour")) ? SC_PRICED_GB : 0);
	return j && (jread_number(j, "spotVcpuHour", path, &sc->fargate_spot_vcpu_hour, 0,
				  e) < 0 ||
		     jread_number(j, "spotGbHour", path, &sc->fargate_spot_gb_hour, 0, e) < 0)
		       ? -1 : 0;
}

static const jread_key throttle_keys[] = {
	JR_DURATION("initialDelay", "wait after the first task that failed to start (default 10s)"),
	JR_DURATION("maxDelay", "the wait never grows beyond this (default 27m)"),
	JREAD_END,
};

/* Back-off after service tasks stop before RUNNING.  ECS documents only the
 * cap (15 min; newer pages 27 min); doubling from 10 s is an assumption. */
static int parse_throttle(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.scheduler.throttle";

	if (!j)
		return 0;
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, throttle_keys, e) < 0 ||
	    jread_duration(j, "initialDelay", path, &sc->throttle_initial, 0, e) < 0 ||
	    jread_duration(j, "maxDelay", path, &sc->throttle_max, 0, e) < 0)
		return -1;
	if (sc->throttle_initial < 1000)
		return err_set(e, "%s.initialDelay: must be at least 1ms", path);
	if (sc->throttle_max < sc->throttle_initial)
		return err_set(e, "%s.maxDelay: must be >= initialDelay", path);
	return 0;
}

static const jread_key rebalancing_keys[] = {
	JR_DURATION("interval", "time between checks of a service in steady state (default 60s)"),
	JR_WORDS("order", JREAD_LIST("newest", "oldest"),
		 "which of a zone's surplus tasks move first (default newest)"),
	JREAD_END,
};

/* Availability Zone rebalancing's cadence and order, which ECS does not
 * document ("continuously monitors", service-rebalancing.html). */
static int parse_rebalancing(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.scheduler.azRebalancing";
	char *order = NULL;

	if (!j)
		return 0;
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, rebalancing_keys, e) < 0 ||
	    jread_duration(j, "interval", path, &sc->rebal_interval, 0, e) < 0 ||
	    jread_str(j, "order", path, &order, 0, e) < 0)
		goto bad;
	if (sc->rebal_interval < USEC_PER_SEC) {
		err_set(e, "%s.interval: must be at least 1s", path);
		goto bad;
	}
	if (order && strcmp(order, "newest") && strcmp(order, "oldest")) {
		err_set(e, "%s.order: must be \"newest\" or \"oldest\", not \"%s\"", path, order);
		goto bad;
	}
	sc->rebal_oldest = order && strcmp(order, "oldest") == 0;
	free(order);
	return 0;
bad:
	free(order);
	return -1;
}

static const jread_key start_latency_keys[] = {
	JR_REF("EC2", "distSeconds", "container start on EC2 (default uniform 2-10 s)"),
	JR_REF("FARGATE", "distSeconds", "task start on FARGATE (default uniform 30-45 s)"),
	JREAD_END,
};

static const jread_key lifecycle_keys[] = {
	JR_REF("eniAttach", "distSeconds", "ENI attachment of an awsvpc task (default 5s)"),
	JR_REF("eniDetach", "distSeconds", "ENI detachment of an awsvpc task (default 5s)"),
	JR_OBJ("startLatency", start_latency_keys, "PENDING to RUNNING, by launch type"),
	JR_DURATION("healthyWithoutChecks", "a task without health checks is healthy this long "
		    "after RUNNING (default 40s)"),
	JR_BOOL("warmStart", "tasks placed at time 0 start RUNNING (default true)"),
	JREAD_END,
};

/* Times of the lifecycle states that ECS does not document (ENI attach and
 * detach, container start): distributions with assumed defaults. */
static int parse_lifecycle(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.taskLifecycle";
	sc_lifecycle *l = &sc->life;
	json_t *st = NULL;

	l->healthy_without_checks = 40 * USEC_PER_SEC;
	l->warm_start = 1;
	if (j && (jread_object(j, path, e) < 0 || jread_check_keys(j, path, lifecycle_keys, e) < 0))
		return -1;
	if (jread_bool(j, "warmStart", path, &l->warm_start, e) < 0)
		return -1;
	if (j && (st = json_object_get(j, "startLatency")) &&
	    (jread_object(st, "$.taskLifecycle.startLatency", e) < 0 ||
	     jread_check_keys(st, "$.taskLifecycle.startLatency", start_latency_keys, e) < 0))
		return -1;
	return sc_get_dist(j, "eniAttach", path, &l->eni_attach, "5", e) < 0 ||
	       sc_get_dist(j, "eniDetach", path, &l->eni_detach, "5", e) < 0 ||
	       sc_get_dist(st, "EC2", "$.taskLifecycle.startLatency", &l->start_ec2,
			   "{\"type\": \"uniform\", \"min\": 2, \"max\": 10}", e) < 0 ||
	       sc_get_dist(st, "FARGATE", "$.taskLifecycle.startLatency", &l->start_fargate,
			   "{\"type\": \"uniform\", \"min\": 30, \"max\": 45}", e) < 0 ||
	       jread_duration(j, "healthyWithoutChecks", path, &l->healthy_without_checks, 0, e) < 0
		       ? -1 : 0;
}

/* startTime: the UTC instant of time 0, the calendar of cron schedules. */
static int parse_start_time(scenario *sc, const json_t *root, ecs_err *e)
{
	char *text = NULL, msg[200];
	int rc = 0;

	if (sx_parse_time(SC_DEFAULT_START_TIME, &sc->start_time, msg, sizeof(msg)) < 0 ||
	    jread_str(root, "startTime", "$", &text, 0, e) < 0)
		return -1;
	if (text && sx_parse_time(text, &sc->start_time, msg, sizeof(msg)) < 0)
		rc = err_set(e, "$.startTime: %s", msg);
	free(text);
	return rc;
}

/* name, description, seed, duration, metricsInterval, measureFrom and
 * startTime ($schema is for editors: a string, not read). */
static int parse_run(scenario *sc, const json_t *root, ecs_err *e)
{
	int64_t seed = 1;
	json_t *v;

	if ((v = json_object_get(root, "description")) && !json_is_string(v))
		return err_set(e, "$.description: must be a string, not %s", jread_type_name(v));
	if ((v = json_object_get(root, "$schema")) && !json_is_string(v))
		return err_set(e, "$.$schema: must be a string, not %s", jread_type_name(v));
	if ((v = json_object_get(root, "name")) && json_is_string(v) && !*json_string_value(v))
		return err_set(e, "$.name: must not be empty");
	if (jread_str(root, "name", "$", &sc->name, 0, e) < 0 ||
	    jread_int(root, "seed", "$", &seed, 0, INT64_MAX, 0, e) < 0 ||
	    jread_duration(root, "duration", "$", &sc->duration, 1, e) < 0)
		return -1;
	sc->seed = (uint64_t)seed;
	if (sc->duration <= 0)
		return err_set(e, "$.duration: must be > 0");
	sc->metrics_interval = 60 * USEC_PER_SEC;
	if (jread_duration(root, "metricsInterval", "$", &sc->metrics_interval, 0, e) < 0)
		return -1;
	if (sc->metrics_interval < USEC_PER_SEC)
		return err_set(e, "$.metricsInterval: must be at least 1s");
	if (sc->duration / sc->metrics_interval > 10000000)
		return err_set(e, "$.metricsInterval: more than 10,000,000 samples over the "
			       "duration; use a longer interval");
	if (jread_duration(root, "measureFrom", "$", &sc->measure_from, 0, e) < 0)
		return -1;
	if (sc->measure_from >= sc->duration)
		return err_set(e, "$.measureFrom: must be before the end of the run (duration)");
	return parse_start_time(sc, root, e);
}

static const jread_key scheduler_keys[] = {
	JR_DURATION("retryInterval", "wait before a service tries again to place tasks (default "
		    "30s, at least 1ms)"),
	JR_OBJ("throttle", throttle_keys, "back-off after service tasks stop before RUNNING"),
	JR_INT("launchesPerMinute", 1, 1000000, "launch rate of each EC2 service (default 250)"),
	JR_INT("circuitBreakerMinimum", 1, 200, "floor of the circuit breaker threshold (default 3)"),
	JR_INT("launchesPerMinuteFargate", 1, 1000000, "launch rate of each FARGATE service "
	       "(default 500)"),
	JR_OBJ("azRebalancing", rebalancing_keys, "cadence and order of Availability Zone "
	       "rebalancing"),
	JREAD_END,
};

/* "scheduler" (may be absent): how the service scheduler paces itself. */
static int parse_scheduler(scenario *sc, const json_t *v, ecs_err *e)
{
	const char *path = "$.scheduler";

	sc->retry_interval = 30 * USEC_PER_SEC;
	sc->throttle_initial = 10 * USEC_PER_SEC;
	sc->failures.fargate_spot_warning = 120 * USEC_PER_SEC;
	sc->throttle_max = 27 * 60 * USEC_PER_SEC; /* the current guide; older pages: 15 min */
	sc->launch_rate = 250;
	sc->breaker_min = 3;
	sc->launch_rate_fargate = 500;
	sc->rebal_interval = 60 * USEC_PER_SEC;
	if (!v)
		return 0;
	if (jread_object(v, path, e) < 0 || jread_check_keys(v, path, scheduler_keys, e) < 0 ||
	    jread_duration(v, "retryInterval", path, &sc->retry_interval, 0, e) < 0 ||
	    jread_int32(v, "launchesPerMinute", path, &sc->launch_rate, 1, 1000000, 0, e) < 0 ||
	    jread_int32(v, "circuitBreakerMinimum", path, &sc->breaker_min, 1, 200, 0, e) < 0 ||
	    jread_int32(v, "launchesPerMinuteFargate", path, &sc->launch_rate_fargate, 1,
			1000000, 0, e) < 0 ||
	    parse_throttle(sc, json_object_get(v, "throttle"), e) < 0 ||
	    parse_rebalancing(sc, json_object_get(v, "azRebalancing"), e) < 0)
		return -1;
	if (sc->retry_interval < 1000)
		return err_set(e, "$.scheduler.retryInterval: must be at least 1ms");
	return 0;
}

static const jread_key root_keys[] = {
	JR_NAME("name", "scenario name; the default output folder is out/NAME/"),
	JR_STR("description", "free text, not read"),
	{ .name = "seed", .v = { .type = JREAD_INT, .flags = JREAD_MIN }, .doc = "seed of every "
	  "random stream (default 1): the same seed gives the same results" },
	JR_DURATION("duration", "simulated time (> 0)", JREAD_REQ),
	JR_DURATION("metricsInterval", "time between metric samples (default 60s, at least 1s)"),
	JR_STR("startTime", "the UTC date and time of time 0, YYYY-MM-DDTHH:MM:SSZ (default "
	       SC_DEFAULT_START_TIME "): the calendar of cron schedules"),
	JR_DURATION("measureFrom", "warm-up left out of summary.json: its figures measure from "
		    "this time (default 0)"),
	JR_OBJ("scheduler", scheduler_keys, "how the service scheduler paces itself"),
	JR_LIKE("cluster", &sc_cluster_json, "zones, instance types, instances, capacity "
		"providers", JREAD_REQ),
	JR_LIKE("taskDefinitions", &sc_taskdefs_json, "task definitions (as RegisterTaskDefinition "
		"takes them, or describe-task-definition outputs)"),
	JR_LIKE("services", &sc_services_json, "services (as CreateService takes them, or "
		"describe-services outputs)"),
	JR_LIKE("workloads", &sc_workloads_json, "standalone tasks that arrive by a process"),
	JR_LIKE("images", &sc_images_json, "container images and their sizes (image pulls)"),
	JR_LIKE("traces", &sc_traces_json, "workloads (and fleets) replayed from trace files"),
	JR_LIKE("failures", &sc_failures_json, "instance failures, zone outages, failure domains, "
		"Spot interruptions"),
	JR_OBJ("taskLifecycle", lifecycle_keys, "times of the service task lifecycle"),
	JR_LIKE("maintenance", &sc_maintenance_json, "scheduled drains of instances"),
	JR_LIKE("deployments", &sc_deployments_json, "scheduled rolling deployments"),
	JR_OBJ("fargate", fargate_keys, "FARGATE prices"),
	JR_LIKE("pricing", &sc_pricing_json, "Savings Plan and Reserved Instances"),
	JR_LIKE("gpuWorkload", &sc_gpu_workload_json, "the task shapes GPU fragmentation is "
		"measured with (default: the replayed traces' tasks)"),
	JR_STR("$schema", "the JSON Schema of this file, for editors (ecsim schema); not read"),
	JREAD_END,
};

const jread_val sc_scenario_json = { .type = JREAD_OBJ, .keys = root_keys };

/* The sections in an order where each finds what it refers to: the
 * cluster's names, then task definitions, then services (deployments name
 * them). */
static int parse_root(scenario *sc, const json_t *root, ecs_err *e)
{
	if (jread_object(root, "$", e) < 0 || jread_check_keys(root, "$", root_keys, e) < 0 ||
	    parse_run(sc, root, e) < 0 ||
	    parse_scheduler(sc, json_object_get(root, "scheduler"), e) < 0 ||
	    parse_lifecycle(sc, json_object_get(root, "taskLifecycle"), e) < 0 ||
	    parse_fargate(sc, json_object_get(root, "fargate"), e) < 0 ||
	    sc_parse_cluster(sc, json_object_get(root, "cluster"), e) < 0 ||
	    sc_parse_taskdefs(sc, json_object_get(root, "taskDefinitions"), e) < 0 ||
	    sc_parse_images(sc, json_object_get(root, "images"),
			    json_object_get(json_object_get(root, "cluster"), "imagePull"), e) < 0 ||
	    sc_parse_services(sc, json_object_get(root, "services"), e) < 0)
		return -1;
	/* services.csv has a row per sample and service. */
	if ((sc->duration / sc->metrics_interval + 2) * sc->nservices > SC_MAX_SERVICE_ROWS)
		return err_set(e, "$.metricsInterval: %" PRId64 " samples of %d services make more "
			       "than %d rows of services.csv; use a longer interval",
			       sc->duration / sc->metrics_interval + 2, sc->nservices,
			       SC_MAX_SERVICE_ROWS);
	if (sc_parse_workloads(sc, json_object_get(root, "workloads"), e) < 0 ||
	    sc_parse_traces(sc, json_object_get(root, "traces"), e) < 0 ||
	    sc_parse_maintenance(sc, json_object_get(root, "maintenance"), e) < 0 ||
	    sc_parse_deployments(sc, json_object_get(root, "deployments"), e) < 0 ||
	    sc_parse_failures(sc, json_object_get(root, "failures"), e) < 0)
		return -1;
	if (sc_parse_gpu_workload(sc, json_object_get(root, "gpuWorkload"), e) < 0)
		return -1;
	return sc_parse_pricing(sc, json_object_get(root, "pricing"), e);
}

/* A placeholder "ecsim import" left (import.h) anywhere in j at path: the
 * first one, in file order, is an error naming it. */
static int find_placeholder(const json_t *j, const char *path, ecs_err *e)
{
	char p[JREAD_PATHMAX];
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_string(j) && strncmp(json_string_value(j), IMPORT_FILL,
					 strlen(IMPORT_FILL)) == 0)
		return err_set(e, "%s: a value to fill in, left by ecsim import: %s", path,
			       json_string_value(j));
	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			if (find_placeholder(v, jread_ipath(p, path, i), e) < 0)
				return -1;
	} else if (json_is_object(j)) {
		json_object_foreach((json_t *)j, k, v)
			if (find_placeholder(v, jread_kpath(p, path, k), e) < 0)
				return -1;
	}
	return 0;
}

/* ---- --set ------------------------------------------------------------- */

static json_t *array_by_name(json_t *arr, const char *name)
{
	static const char *const keys[] = { "serviceName", "name", "family", NULL };
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		for (int k = 0; keys[k]; k++) {
			const char *s = json_string_value(json_object_get(v, keys[k]));
			if (s && strcmp(s, name) == 0)
				return v;
		}
	return NULL;
}

int scenario_set(json_t *root, const char *assignment, ecs_err *e)
{
	const char *eq = strchr(assignment, '=');
	char path[JREAD_PATHMAX], done[JREAD_PATHMAX] = "$";
	json_t *cur = root, *val;
	json_error_t jerr;
	char *seg, *save = NULL;

	if (!eq || eq == assignment)
		return err_set(e, "--set %s: expected PATH=VALUE, e.g. services.web.desiredCount=40",
			       assignment);
	if ((size_t)(eq - assignment) >= sizeof(path))
		return err_set(e, "--set: path too long");
	memcpy(path, assignment, (size_t)(eq - assignment));
	path[eq - assignment] = 0;
	val = json_loads(eq + 1, JSON_DECODE_ANY, &jerr);
	if (!val)
		val = json_string(eq + 1);
	if (!val)
		return err_set(e, "--set %s: value is not valid UTF-8", assignment);

	/* Split on '.' and '[i]'; the last segment is assigned. */
	for (char *p = path; *p; p++)
		if (*p == '[')
			*p = '.';
	for (seg = strtok_r(path, ".", &save); seg; ) {
		char *next = strtok_r(NULL, ".", &save);
		size_t len = strlen(seg);
		int is_index = len && seg[len - 1] == ']';
		if (is_index)
			seg[--len] = 0;
		if (json_is_array(cur)) {
			char *end;
			long idx = strtol(seg, &end, 10);
			json_t *child;
			if (is_index && (!*seg || !isdigit((unsigned char)seg[0]) || *end || idx < 0)) {
				json_decref(val);
				return err_set(e, "--set %s: bad index [%s] after %s", assignment, seg,
					       done);
			}
			child = is_index ? json_array_get(cur, (size_t)idx) : array_by_name(cur, seg);
			if (!child) {
				json_decref(val);
				return is_index ? err_set(e, "--set %s: %s has no element [%ld]",
							  assignment, done, idx)
						: err_set(e, "--set %s: %s has no element named \"%s\"",
							  assignment, done, seg);
			}
			if (!next) {
				size_t at = 0;
				json_t *x;
				json_array_foreach(cur, at, x) if (x == child) break;
				json_array_set_new(cur, at, val);
				return 0;
			}
			cur = child;
		} else if (json_is_object(cur)) {
			if (is_index) {
				json_decref(val);
				return err_set(e, "--set %s: %s is an object, not an array", assignment,
					       done);
			}
			if (!next)
				return json_object_set_new(cur, seg, val) ? err_set(e, "--set failed")
									  : 0;
			if (!json_object_get(cur, seg)) {
				json_decref(val);
				return err_set(e, "--set %s: %s has no key \"%s\"", assignment, done,
					       seg);
			}
			cur = json_object_get(cur, seg);
		} else {
			json_decref(val);
			return err_set(e, "--set %s: %s is %s, it has no \"%s\"", assignment, done,
				       jread_type_name(cur), seg);
		}
		snprintf(done + strlen(done), sizeof(done) - strlen(done), is_index ? "[%s]" : ".%s",
			 seg);
		seg = next;
	}
	json_decref(val);
	return err_set(e, "--set %s: empty path", assignment);
}

/* ---- load / destroy ---------------------------------------------------- */

/* Frees whatever a failed load had built; returns rc. */
static int scenario_fail(scenario *sc, int rc)
{
	scenario_destroy(sc);
	return rc;
}

/* The common tail of both loaders: --set, then the checks.  Takes root. */
static int load_root(scenario *sc, json_t *root, const char *file, char *const *sets,
		     int nsets, ecs_err *e)
{
	int rc;

	for (int i = 0; i < nsets; i++)
		if (scenario_set(root, sets[i], e) < 0) {
			json_decref(root);
			return scenario_fail(sc, -1);
		}
	rc = find_placeholder(root, "$", e) < 0 ? -1 : parse_root(sc, root, e);
	json_decref(root);
	if (rc == 0 && sc->cat && sc->cat->state > 0)
		sc_input_add(sc, sc->cat->path, "catalog");
	sc_catalog_release(sc);
	if (rc < 0) {
		err_prefix(e, "%s: ", file);
		return scenario_fail(sc, -1);
	}
	if (!sc->name) {
		const char *base = strrchr(file, '/');
		char *dot;
		sc->name = xstrdup(base ? base + 1 : file);
		if ((dot = strrchr(sc->name, '.')) && dot != sc->name)
			*dot = 0;
	}
	return 0;
}

static int syntax_error(scenario *sc, const char *file, const json_error_t *jerr, ecs_err *e)
{
	if (jerr->line < 0)
		return scenario_fail(sc, err_set(e, "%s: %s", file, jerr->text));
	return scenario_fail(sc, err_set(e, "%s:%d:%d: %s", file, jerr->line, jerr->column,
					 jerr->text));
}

int scenario_load(scenario *sc, const char *file, char *const *sets, int nsets, ecs_err *e)
{
	json_error_t jerr;
	json_t *root;

	*sc = (scenario){ 0 };
	sc->file = xstrdup(file);
	sc->inputs = xcalloc(1, sizeof(*sc->inputs));
	{
		struct stat st;
		if (stat(file, &st) != 0)
			return scenario_fail(sc, err_set(e, "cannot open %s: %s", file,
							 strerror(errno)));
		if (S_ISDIR(st.st_mode))
			return scenario_fail(sc, err_set(e, "cannot open %s: it is a directory",
							 file));
		if (st.st_size > SC_MAX_FILE_BYTES)
			return scenario_fail(sc, err_set(e, "%s: %lld bytes, larger than the %d MiB "
							 "a scenario file may have", file,
							 (long long)st.st_size, SC_MAX_FILE_BYTES >> 20));
	}
	root = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return syntax_error(sc, file, &jerr, e);
	return load_root(sc, root, file, sets, nsets, e);
}

int scenario_load_buffer(scenario *sc, const char *file, const char *buf, size_t len,
			 char *const *sets, int nsets, ecs_err *e)
{
	json_error_t jerr;
	json_t *root;

	*sc = (scenario){ 0 };
	sc->file = xstrdup(file);
	sc->inputs = xcalloc(1, sizeof(*sc->inputs));
	if (len > SC_MAX_FILE_BYTES)
		return scenario_fail(sc, err_set(e, "%s: %zu bytes, larger than the %d MiB a "
						 "scenario file may have", file, len,
						 SC_MAX_FILE_BYTES >> 20));
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return syntax_error(sc, file, &jerr, e);
	return load_root(sc, root, file, sets, nsets, e);
}

void scenario_destroy(scenario *sc)
{
	free(sc->file);
	for (int i = 0; sc->inputs && i < sc->inputs->n; i++) {
		free(sc->inputs->v[i].file);
		free(sc->inputs->v[i].key);
	}
	if (sc->inputs)
		free(sc->inputs->v);
	free(sc->inputs);
	free(sc->name);
	sc_cluster_destroy(sc);
	sc_aws_destroy(sc);
	sc_taskdefs_destroy(sc);
	sc_images_destroy(sc);
	sc_services_destroy(sc);
	sc_workloads_destroy(sc);
	sc_traces_destroy(sc);
	sc_gpu_workload_destroy(sc);
	sc_operations_destroy(sc);
	sc_failures_destroy(sc);
	sc_pricing_destroy(sc);
	sc_catalog_release(sc);
	dist_destroy(&sc->life.eni_attach);
	dist_destroy(&sc->life.eni_detach);
	dist_destroy(&sc->life.start_ec2);
	dist_destroy(&sc->life.start_fargate);
	*sc = (scenario){ 0 };
}
