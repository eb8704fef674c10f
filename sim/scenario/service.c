/* service.c - $.services: each service's task definition, desired count,
 * launch type or capacity provider strategy, deployment configuration,
 * load balancer target group and demand curve.  Not its autoScaling
 * (autoscaling.c) nor its desiredCountChanges (operations.c).
 */
#include "parse.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

static const jread_key target_group_keys[] = {
	JR_REF("registration", "distSeconds", "time to register a target (default 5)"),
	JR_DURATION("healthCheckInterval", "between target health checks, 5s to 300s (default "
		    "30s)"),
	JR_INT("healthyThreshold", 2, 10, "passed checks that make a target healthy (default 5)"),
	JR_INT("unhealthyThreshold", 2, 10, "failed checks that make it unhealthy (default 2)"),
	JR_DURATION("deregistrationDelay", "DEACTIVATING lasts this long, at most 3600s (default "
		    "300s)"),
	JREAD_END,
};

/* ecsim's "targetGroup" of a service behind a load balancer: the ELB target
 * group settings that decide ACTIVATING, target health and DEACTIVATING.
 * Defaults are ELB's; registration time is undocumented (5 s assumed). */
static int parse_target_group(sc_service *s, const json_t *j, const char *spath, ecs_err *e)
{
	sc_target_group *tg = &s->tg;
	int64_t hthr = 5, uthr = 2;
	char path[JREAD_PATHMAX];

	tg->interval = 30 * USEC_PER_SEC;
	tg->deregistration_delay = 300 * USEC_PER_SEC;
	jread_kpath(path, spath, "targetGroup");
	if (j && !s->lb)
		return err_set(e, "%s: needs a non-empty loadBalancers (the service has no load "
			       "balancer)", path);
	if (j && (jread_object(j, path, e) < 0 || jread_check_keys(j, path, target_group_keys, e) < 0))
		return -1;
	if (sc_get_dist(j, "registration", path, &tg->registration, "5", e) < 0 ||
	    jread_duration(j, "healthCheckInterval", path, &tg->interval, 0, e) < 0 ||
	    jread_int(j, "healthyThreshold", path, &hthr, 2, 10, 0, e) < 0 ||
	    jread_int(j, "unhealthyThreshold", path, &uthr, 2, 10, 0, e) < 0 ||
	    jread_duration(j, "deregistrationDelay", path, &tg->deregistration_delay, 0, e) < 0)
		return -1;
	if (tg->interval < 5 * USEC_PER_SEC || tg->interval > 300 * USEC_PER_SEC)
		return err_set(e, "%s.healthCheckInterval: must be between 5s and 300s", path);
	if (tg->deregistration_delay > 3600 * USEC_PER_SEC)
		return err_set(e, "%s.deregistrationDelay: must be at most 3600s", path);
	tg->healthy_threshold = (int)hthr;
	tg->unhealthy_threshold = (int)uthr;
	return 0;
}

/* A demand value: requests per second, a JSON number >= 0. */
static int get_demand(const json_t *obj, const char *key, const char *path, double *out,
		      int required, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (!json_object_get(obj, key) && required)
		return err_set(e, "%s: required", jread_kpath(p, path, key));
	return jread_number(obj, key, path, out, 0, e);
}

/* "file" of a csv demand: rows "time,value" (seconds, requests per second)
 * in time order; a first row that is not two numbers is a header. */
static int read_demand_csv(const scenario *sc, sc_demand *d, const json_t *j, const char *path,
			   ecs_err *e)
{
	char p[JREAD_PATHMAX], line[512], *file = NULL, *name = NULL;
	FILE *f = NULL;
	int cap = 0, lineno = 0, rc = -1;

	if (!json_object_get(j, "file")) {
		err_set(e, "%s: required", jread_kpath(p, path, "file"));
		goto out;
	}
	if (sc_file_path(sc, json_object_get(j, "file"), jread_kpath(p, path, "file"), &file,
			 &name, e) < 0)
		goto out;
	if (!(f = fopen(file, "r"))) {
		err_set(e, "%s: cannot open \"%s\": %s", p, name, strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof(line), f)) {
		char *end, *end2;
		double t, v;
		lineno++;
		if (line[strspn(line, " \t\r\n")] == 0)
			continue;
		t = strtod(line, &end);
		while (*end == ' ' || *end == '\t')
			end++;
		if (end == line || *end != ',' ) {
			if (lineno == 1)
				continue;
			err_set(e, "%s: %s:%d: expected \"seconds,requests per second\"", p, name,
				lineno);
			goto out;
		}
		v = strtod(end + 1, &end2);
		if (end2 == end + 1 || end2[strspn(end2, " \t\r\n")] != 0) {
			if (lineno == 1)
				continue;
			err_set(e, "%s: %s:%d: expected \"seconds,requests per second\"", p, name,
				lineno);
			goto out;
		}
		if (!(t >= 0 && t <= 3153600000.0) || !(v >= 0) || !isfinite(v)) {
			err_set(e, "%s: %s:%d: time must be 0 to 100 years and demand >= 0", p, name,
				lineno);
			goto out;
		}
		if (d->npts == cap) {
			cap = cap ? 2 * cap : 64;
			d->pts = xrealloc(d->pts, (size_t)cap * sizeof(*d->pts));
		}
		d->pts[d->npts] = (sc_demand_point){ .at = s_to_us(t), .value = v };
		if (d->npts > 0 && d->pts[d->npts].at < d->pts[d->npts - 1].at) {
			err_set(e, "%s: %s:%d: time before the previous row (rows must be in time "
				"order)", p, name, lineno);
			goto out;
		}
		d->npts++;
	}
	if (d->npts == 0) {
		err_set(e, "%s: %s has no rows", p, name);
		goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	free(file);
	free(name);
	return rc;
}

/* A diurnal demand: a sine between trough and peak, peaking at peakHour. */
static int demand_diurnal(sc_demand *d, const json_t *j, const char *path, ecs_err *e)
{
	double hour = 12;

	if (get_demand(j, "trough", path, &d->trough, 1, e) < 0 ||
	    get_demand(j, "peak", path, &d->peak, 1, e) < 0 ||
	    jread_number(j, "peakHour", path, &hour, 0, e) < 0)
		return -1;
	if (hour >= 24)
		return err_set(e, "%s.peakHour: must be < 24", path);
	if (d->peak < d->trough)
		return err_set(e, "%s.peak: must be >= trough", path);
	d->peak_at = s_to_us(hour * 3600);
	return 0;
}

/* requests per second */
#define JR_DEMAND(n, d, ...) JR_NUM(n, 0, d, __VA_ARGS__)

static const jread_key step_keys[] = {
	JR_DURATION("at", "when the demand changes", JREAD_REQ),
	JR_DEMAND("value", "the demand from then on, requests per second", JREAD_REQ),
	JREAD_END,
};

static const jread_key spike_keys[] = {
	JR_DURATION("at", "when the spike starts", JREAD_REQ),
	JR_DURATION("duration", "how long it lasts", JREAD_REQ),
	JR_DEMAND("value", "the demand during the spike, requests per second", JREAD_REQ),
	JREAD_END,
};

/* A steps demand (initial, then steps in time order) or a spikes one (base,
 * then spikes of a duration each, in any order). */
static int demand_points(sc_demand *d, const json_t *j, const char *path, ecs_err *e)
{
	int steps = d->kind == SC_DEMAND_STEPS;
	const char *key = steps ? "steps" : "spikes";
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	json_t *arr, *v;
	size_t i;

	if (get_demand(j, steps ? "initial" : "base", path, &d->value, !steps, e) < 0)
		return -1;
	jread_kpath(p, path, key);
	if (!(arr = json_object_get(j, key)))
		return err_set(e, "%s: required", p);
	if (jread_array_max(arr, p, 100000, key, e) < 0)
		return -1;
	d->pts = xcalloc(json_array_size(arr) + 1, sizeof(*d->pts));
	json_array_foreach(arr, i, v) {
		sc_demand_point *x = &d->pts[i];
		int64_t dur = 0;
		jread_ipath(q, p, i);
		if (jread_object(v, q, e) < 0 ||
		    jread_check_keys(v, q, steps ? step_keys : spike_keys, e) < 0 ||
		    jread_duration(v, "at", q, &x->at, 1, e) < 0 ||
		    (!steps && jread_duration(v, "duration", q, &dur, 1, e) < 0) ||
		    get_demand(v, "value", q, &x->value, 1, e) < 0)
			return -1;
		x->end = x->at + dur;
		if (steps && i > 0 && x->at < d->pts[i - 1].at)
			return err_set(e, "%s.at: before the previous step (steps must be in time "
				       "order)", q);
		d->npts++;
	}
	return 0;
}

/* The keys every demand takes: what one task serves and uses idle. */
static int demand_common(sc_demand *d, const json_t *j, const char *path, ecs_err *e)
{
	double idle = 0;

	if (!json_object_get(j, "capacityPerTask"))
		return err_set(e, "%s.capacityPerTask: required", path);
	if (jread_number(j, "capacityPerTask", path, &d->capacity, 0, e) < 0 ||
	    jread_number(j, "idleMemoryPercent", path, &idle, 0, e) < 0)
		return -1;
	if (!(d->capacity > 0))
		return err_set(e, "%s.capacityPerTask: must be > 0", path);
	if (idle > 100)
		return err_set(e, "%s.idleMemoryPercent: must be <= 100", path);
	d->idle_memory = idle / 100;
	return 0;
}

/* The keys of a demand by its type: those of every type first. */
static const jread_key demand_keys_common[] = {
	JR_STR("type", "the curve: constant, diurnal, steps, spikes or csv", JREAD_REQ),
	JR_POSITIVE("capacityPerTask", "requests per second one healthy task serves", JREAD_REQ),
	JR_NUM_RANGE("idleMemoryPercent", 0, 100, "memory a task uses idle, percent of its "
		     "reservation (default 0)"),
	JREAD_END,
};
static const jread_key demand_keys_constant[] = {
	JR_INCLUDE(demand_keys_common),
	JR_DEMAND("value", "requests per second", JREAD_REQ),
	JREAD_END,
};
static const jread_key demand_keys_diurnal[] = {
	JR_INCLUDE(demand_keys_common),
	JR_DEMAND("trough", "the least demand, requests per second", JREAD_REQ),
	JR_DEMAND("peak", "the largest demand (>= trough)", JREAD_REQ),
	JR_NUM_BELOW("peakHour", 0, 24, "hour of the day of the peak (default 12)"),
	JREAD_END,
};
static const jread_key demand_keys_steps[] = {
	JR_INCLUDE(demand_keys_common),
	JR_DEMAND("initial", "the demand before the first step"),
	JR_OBJS("steps", step_keys, "changes of the demand, in time order", JREAD_REQ),
	JREAD_END,
};
static const jread_key demand_keys_spikes[] = {
	JR_INCLUDE(demand_keys_common),
	JR_DEMAND("base", "the demand between spikes", JREAD_REQ),
	JR_OBJS("spikes", spike_keys, "spikes, in any order", JREAD_REQ),
	JREAD_END,
};
static const jread_key demand_keys_csv[] = {
	JR_INCLUDE(demand_keys_common),
	JR_NAME("file", "rows \"seconds,requests per second\", relative to the scenario",
		JREAD_REQ),
	JR_DEMAND("initial", "the demand before the first row"),
	JREAD_END,
};
/* in the order of enum sc_demand_kind */
static const jread_variant demand_types[] = {
	{ "constant", demand_keys_constant },
	{ "diurnal", demand_keys_diurnal },
	{ "steps", demand_keys_steps },
	{ "spikes", demand_keys_spikes },
	{ "csv", demand_keys_csv },
	{ NULL, NULL },
};

/* ecsim's "demand": a curve of requests per second and what a task serves.
 * Its keys depend on its type. */
static int parse_demand(const scenario *sc, sc_service *s, const json_t *j, const char *spath,
			ecs_err *e)
{
	sc_demand *d = &s->demand;
	char path[JREAD_PATHMAX], *type = NULL;
	int k, rc = -1;

	if (!j)
		return 0;
	jread_kpath(path, spath, "demand");
	if (jread_object(j, path, e) < 0 || jread_str(j, "type", path, &type, 1, e) < 0)
		goto out;
	for (k = 0; demand_types[k].tag && strcmp(demand_types[k].tag, type); k++)
		;
	if (!demand_types[k].tag) {
		err_set(e, "%s.type: must be constant, diurnal, steps, spikes or csv, not \"%s\"",
			path, type);
		goto out;
	}
	if (jread_check_keys(j, path, demand_types[k].keys, e) < 0)
		goto out;
	d->given = 1;
	d->kind = (enum sc_demand_kind)k;
	if (demand_common(d, j, path, e) < 0)
		goto out;
	switch (d->kind) {
	case SC_DEMAND_CONSTANT:
		rc = get_demand(j, "value", path, &d->value, 1, e);
		break;
	case SC_DEMAND_DIURNAL:
		rc = demand_diurnal(d, j, path, e);
		break;
	case SC_DEMAND_CSV:
		rc = get_demand(j, "initial", path, &d->value, 0, e) < 0 ? -1
		     : read_demand_csv(sc, d, j, path, e);
		break;
	case SC_DEMAND_STEPS:
	case SC_DEMAND_SPIKES:
		rc = demand_points(d, j, path, e);
		break;
	}
out:
	free(type);
	return rc;
}

/* launchType or capacityProviderStrategy (else the cluster's default when
 * the service has neither, as in ECS), and what they allow with
 * schedulingStrategy (ss, NULL if absent). */
static int service_launch(const scenario *sc, sc_service *s, const json_t *j, const char *path,
			  const char *lt, const char *ss, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (lt && strcmp(lt, "EC2") && strcmp(lt, "FARGATE") && strcmp(lt, "EXTERNAL"))
		return err_set(e, "%s.launchType: must be EC2, FARGATE or EXTERNAL, not \"%s\"",
			       path, lt);
	if (lt && strcmp(lt, "EXTERNAL") == 0)
		return err_set(e, "%s.launchType: %s is not modelled yet (only EC2 and FARGATE)",
			       path, lt);
	s->fargate = lt && strcmp(lt, "FARGATE") == 0;
	if (json_object_get(j, "capacityProviderStrategy")) {
		if (lt)
			return err_set(e, "%s.capacityProviderStrategy: not allowed together with "
				       "launchType", path);
		if (sc_parse_cp_strategy(sc, json_object_get(j, "capacityProviderStrategy"),
					 jread_kpath(p, path, "capacityProviderStrategy"), &s->cps,
					 &s->ncps, e) < 0)
			return -1;
	} else if (!lt && sc->ndefault_cps) {
		s->cps = xmalloc((size_t)sc->ndefault_cps * sizeof(*s->cps));
		memcpy(s->cps, sc->default_cps, (size_t)sc->ndefault_cps * sizeof(*s->cps));
		s->ncps = sc->ndefault_cps;
	}
	if (s->ncps && s->daemon)
		return err_set(e, "%s.capacityProviderStrategy: DAEMON services use the EC2 launch "
			       "type, not capacity providers", path);
	if (s->ncps && s->cps[0].kind != SC_CP_ASG)
		s->fargate = 1;
	if (s->fargate && s->daemon)
		return err_set(e, "%s.schedulingStrategy: DAEMON services cannot use the FARGATE "
			       "launch type", path);
	if (ss && strcmp(ss, "REPLICA") && strcmp(ss, "DAEMON"))
		return err_set(e, "%s.schedulingStrategy: must be REPLICA or DAEMON, not \"%s\"",
			       path, ss);
	return 0;
}

static const jread_key protection_keys[] = {
	JR_BOOL("protectionEnabled", "ECS's flag: true turns task scale-in protection on",
		JREAD_REQ),
	JR_INT("expiresInMinutes", 1, 2880, "a protection ends this long after it is set "
	       "(default 120)"),
	JR_NUM_RANGE("share", 0, 1, "of the service's tasks that protect themselves (default 1)"),
	JR_REF("after", "distSeconds", "seconds after RUNNING (or after its work) until a task "
	       "protects itself (default 0)"),
	JR_REF("workDuration", "distSeconds", "seconds until a task clears its protection "
	       "(default: it expires)"),
	JR_BOOL("repeat", "the task protects itself again after its work (needs workDuration)"),
	JREAD_END,
};

/* taskProtection: ECS's protectionEnabled and expiresInMinutes (default
 * 120, 1 to 2880: UpdateTaskProtection), and how the tasks use them: the
 * share of tasks that protect themselves, when after RUNNING, how long
 * their work lasts (they clear protection then; without it protection
 * lasts until it expires) and whether they protect themselves again. */
static int parse_protection(sc_service *s, const json_t *j, const char *path, ecs_err *e)
{
	sc_protection *p = &s->prot;
	char kp[JREAD_PATHMAX];
	int64_t minutes = 120;
	int on = 0;
	json_t *v;

	dist_constant(&p->after, 0);
	dist_constant(&p->work, 0);
	if (!j)
		return 0;
	jread_kpath(kp, path, "taskProtection");
	if (jread_object(j, kp, e) < 0 || jread_check_keys(j, kp, protection_keys, e) < 0 ||
	    jread_bool(j, "protectionEnabled", kp, &on, e) < 0 ||
	    jread_int(j, "expiresInMinutes", kp, &minutes, 1, 2880, 0, e) < 0 ||
	    jread_bool(j, "repeat", kp, &p->repeat, e) < 0)
		return -1;
	if (!json_object_get(j, "protectionEnabled"))
		return err_set(e, "%s.protectionEnabled: required", kp);
	p->share = 1;
	if (jread_share(j, "share", kp, &p->share, e) < 0)
		return -1;
	if ((v = json_object_get(j, "after"))) {
		dist_destroy(&p->after);
		if (dist_parse(&p->after, v, jread_kpath(kp, path, "taskProtection.after"),
			       DIST_SECONDS, e) < 0)
			return -1;
	}
	if ((v = json_object_get(j, "workDuration"))) {
		dist_destroy(&p->work);
		p->has_work = 1;
		if (dist_parse(&p->work, v, jread_kpath(kp, path, "taskProtection.workDuration"),
			       DIST_SECONDS, e) < 0)
			return -1;
	}
	if (p->repeat && !p->has_work)
		return err_set(e, "%s.taskProtection.repeat: needs workDuration (a task that never "
			       "clears its protection cannot protect itself again)", path);
	if (s->daemon && on)
		return err_set(e, "%s.taskProtection: not for a DAEMON service (scale-in does not "
			       "apply to it)", path);
	p->given = on;
	p->expires = minutes * 60 * USEC_PER_SEC;
	return 0;
}

/* availabilityZoneRebalancing (CreateService): ENABLED or DISABLED; not
 * given, the model enables it for a compatible service.  ECS does not
 * rebalance DAEMON services (one task per instance). */
static int parse_rebalancing(sc_service *s, const json_t *j, const char *path, ecs_err *e)
{
	char *r = NULL;
	int rc = 0;

	s->rebalancing = SC_REBAL_DEFAULT;
	if (jread_str(j, "availabilityZoneRebalancing", path, &r, 0, e) < 0)
		return -1;
	if (!r)
		return 0;
	if (strcmp(r, "ENABLED") && strcmp(r, "DISABLED"))
		rc = err_set(e, "%s.availabilityZoneRebalancing: must be ENABLED or DISABLED, not "
			     "\"%s\"", path, r);
	else if (s->daemon && strcmp(r, "ENABLED") == 0)
		rc = err_set(e, "%s.availabilityZoneRebalancing: ENABLED is not supported for a "
			     "DAEMON service (one task per instance)", path);
	else
		s->rebalancing = strcmp(r, "ENABLED") == 0 ? SC_REBAL_ENABLED : SC_REBAL_DISABLED;
	free(r);
	return rc;
}

/* DAEMON (ECS): one task per instance, so no desired count, no strategy,
 * maximumPercent 100 and minimumHealthyPercent 0 by default; REPLICA: a
 * desiredCount.  A service describe-services printed (printed) shows a
 * DAEMON's desiredCount, the instances it ran on then, and an empty
 * placementStrategy: read-only figures, ignored. */
static int service_count(sc_service *s, const json_t *j, const char *path, int printed,
			 ecs_err *e)
{
	static const char *const no[] = { "desiredCount", "desiredCountChanges",
					  "placementStrategy", NULL };

	if (!s->daemon)
		return jread_int(j, "desiredCount", path, &s->desired, 0, SC_MAX_DESIRED, 1, e);
	for (int k = 0; no[k]; k++) {
		const json_t *v = json_object_get(j, no[k]);
		if (printed && v && (k == 0 || (k == 2 && json_is_array(v) &&
						json_array_size(v) == 0)))
			continue;
		if (v)
			return err_set(e, "%s.%s: not allowed with schedulingStrategy DAEMON (one "
				       "task per instance)", path, no[k]);
	}
	s->min_healthy_pct = 0;
	s->max_pct = 100;
	return 0;
}

static const jread_key service_keys[] = {
	JR_NAME("serviceName", "unique name", JREAD_REQ),
	JR_NAME("taskDefinition", "family, family:revision or ARN of a task definition",
		JREAD_REQ),
	JR_INT("desiredCount", 0, SC_MAX_DESIRED, "tasks to keep running (REPLICA services)"),
	JR_WORDS("launchType", JREAD_LIST("EC2", "FARGATE"), "default EC2, or the cluster's "
		 "default capacity provider strategy"),
	JR_LIKE("placementStrategy", &sc_placement_strategy_json, "how a host is chosen"),
	JR_LIKE("placementConstraints", &sc_constraints_json, "which hosts may run its tasks"),
	JR_OBJ("deploymentConfiguration", sc_deployment_config_keys, "bounds of rolling updates, "
	       "the circuit breaker, the strategy, the alarms"),
	JR_WORDS("schedulingStrategy", JREAD_LIST("REPLICA", "DAEMON"), "default REPLICA"),
	{ .name = "loadBalancers", .doc = "non-empty: the service is behind a load balancer "
	  "(entries not read)", .v = { .type = JREAD_ARR } },
	JR_INT("healthCheckGracePeriodSeconds", 0, INT32_MAX, "health checks do not count "
	       "this long after RUNNING"),
	JR_OBJ("targetGroup", target_group_keys, "the load balancer's target group (ecsim key)"),
	JR_LIKE("desiredCountChanges", &sc_desired_changes_json, "scheduled changes of "
		"desiredCount (ecsim key)"),
	JR_LIKE("capacityProviderStrategy", &sc_cp_strategy_json, "capacity providers instead "
		"of launchType"),
	{ .name = "demand", .doc = "requests per second and what a task serves (ecsim key)",
	  .v = { .type = JREAD_OBJ, .tag = "type", .variants = demand_types } },
	JR_LIKE("autoScaling", &sc_autoscaling_json, "Service Auto Scaling (ecsim key)"),
	JR_WORDS("availabilityZoneRebalancing", JREAD_LIST("ENABLED", "DISABLED"),
		 "default: enabled where the service allows it"),
	JR_OBJ("taskProtection", protection_keys, "which tasks protect themselves from scale-in, "
	       "when and for how long"),
	JR_OBJS("cloudWatchAlarms", sc_cloudwatch_alarm_keys, "alarms deployments may watch "
		"(ecsim key)"),
	JR_IGNORED("cluster"), JR_IGNORED("clientToken"), JR_IGNORED("platformVersion"),
	JR_IGNORED("role"), JR_IGNORED("serviceRegistries"), JR_IGNORED("networkConfiguration"),
	JR_IGNORED("deploymentController"), JR_IGNORED("tags"), JR_IGNORED("enableECSManagedTags"),
	JR_IGNORED("propagateTags"), JR_IGNORED("enableExecuteCommand"),
	JR_IGNORED("serviceConnectConfiguration"), JR_IGNORED("volumeConfigurations"),
	JR_IGNORED("vpcLatticeConfigurations"),
	/* read-only keys of the Service type describe-services prints */
	JR_IGNORED("serviceArn"), JR_IGNORED("clusterArn"), JR_IGNORED("status"),
	JR_IGNORED("runningCount"), JR_IGNORED("pendingCount"), JR_IGNORED("platformFamily"),
	JR_IGNORED("taskSets"), JR_IGNORED("deployments"), JR_IGNORED("roleArn"),
	JR_IGNORED("events"), JR_IGNORED("createdAt"), JR_IGNORED("createdBy"),
	JR_IGNORED("currentServiceDeployment"), JR_IGNORED("currentServiceRevisions"),
	JR_IGNORED("resourceManagementType"),
	JREAD_END,
};

static int parse_service(scenario *sc, sc_service *s, const json_t *j, const char *path,
			 int printed, ecs_err *e)
{
	char *lt = NULL, *ss = NULL, p[JREAD_PATHMAX];
	json_t *v;
	int64_t grace = 0;
	int rc = -1;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, service_keys, e) < 0)
		return -1;
	s->path = xstrdup(path);
	s->min_healthy_pct = 100;
	s->max_pct = 200;
	if (jread_str(j, "serviceName", path, &s->name, 1, e) < 0 ||
	    sc_resolve_taskdef(sc, j, path, &s->taskdef, e) < 0 ||
	    jread_str(j, "launchType", path, &lt, 0, e) < 0 ||
	    jread_str(j, "schedulingStrategy", path, &ss, 0, e) < 0)
		goto out;
	s->daemon = ss && strcmp(ss, "DAEMON") == 0;
	if (service_count(s, j, path, printed, e) < 0 ||
	    service_launch(sc, s, j, path, lt, ss, e) < 0 ||
	    parse_rebalancing(s, j, path, e) < 0 ||
	    parse_protection(s, json_object_get(j, "taskProtection"), path, e) < 0 ||
	    sc_parse_rollout(s, json_object_get(j, "deploymentConfiguration"),
			     json_object_get(j, "cloudWatchAlarms"), path, e) < 0 ||
	    jread_int(j, "healthCheckGracePeriodSeconds", path, &grace, 0, INT32_MAX, 0, e) < 0)
		goto out;
	s->grace = grace * USEC_PER_SEC;
	if ((v = json_object_get(j, "loadBalancers"))) {
		if (jread_array(v, jread_kpath(p, path, "loadBalancers"), e) < 0)
			goto out;
		s->lb = json_array_size(v) > 0;
	}
	if (parse_target_group(s, json_object_get(j, "targetGroup"), path, e) < 0 ||
	    sc_parse_desired_changes(s, json_object_get(j, "desiredCountChanges"), path, e) < 0 ||
	    parse_demand(sc, s, json_object_get(j, "demand"), path, e) < 0 ||
	    sc_parse_autoscaling(s, json_object_get(j, "autoScaling"), path, e) < 0)
		goto out;
	/* a printed DAEMON's (empty) placementStrategy is not read (service_count) */
	if (s->daemon && printed) {
		if ((v = json_object_get(j, "placementConstraints")) &&
		    sc_parse_constraints(&s->place.cons, &s->place.ncons, v,
					 jread_kpath(p, path, "placementConstraints"), e) < 0)
			goto out;
	} else if (sc_parse_placement(&s->place, j, path, e) < 0) {
		goto out;
	}
	if ((s->fargate ? sc_check_fargate(sc, s->taskdef, path, e)
			: sc_check_fits(sc, s->taskdef, path, e)) < 0)
		goto out;
	for (int k = 0; k < sc->nservices; k++)
		if (&sc->services[k] != s && strcmp(sc->services[k].name, s->name) == 0) {
			err_set(e, "%s.serviceName: duplicate service \"%s\"", path, s->name);
			goto out;
		}
	rc = 0;
out:
	free(lt);
	free(ss);
	return rc;
}

static const jread_val service_json = { .type = JREAD_OBJ, .keys = service_keys,
					.def = "service" };

/* What describe-services prints. */
static const jread_key services_output[] = {
	{ .name = "services", .flags = JREAD_REQUIRED, .doc = "the services",
	  .v = { .type = JREAD_ARR, .items = &service_json } },
	JR_IGNORED("failures"),
	JREAD_END,
};

static const jread_val services_output_json = {
	.type = JREAD_OBJ, .keys = services_output, .def = "describeServicesOutput",
};

/* services, outputs among them, or one output */
const jread_val sc_services_json = { .any_of = (const jread_val *const[]){
	&(const jread_val){ .type = JREAD_ARR, .items = &(const jread_val){
		.any_of = (const jread_val *const[]){ &service_json, &services_output_json, NULL } } },
	&services_output_json,
	NULL } };

/* $.services: an array of services, or what describe-services prints (one
 * output, or outputs among the entries; aws.c).  The desired tasks of all
 * services together are bounded (SC_MAX_TASKS). */
int sc_parse_services(scenario *sc, const json_t *arr, ecs_err *e)
{
	int64_t desired = 0;
	sc_aws_list l;
	int rc = -1;

	if (!arr)
		return 0;
	if (sc_aws_list_read(&l, arr, "$.services", services_output, SC_MAX_SERVICES,
			     "services", e) < 0)
		goto out;
	sc->services = xcalloc(l.n + 1, sizeof(*sc->services));
	for (size_t i = 0; i < l.n; i++) {
		const sc_aws_item *it = &l.items[i];
		sc->nservices++;
		if (parse_service(sc, &sc->services[i], it->j, it->path, it->printed, e) < 0)
			goto out;
		desired += sc->services[i].desired;
		if (desired > SC_MAX_TASKS) {
			err_set(e, "%s.desiredCount: more than %d desired tasks in all services",
				it->path, SC_MAX_TASKS);
			goto out;
		}
	}
	rc = 0;
out:
	sc_aws_list_free(&l);
	return rc;
}

void sc_services_destroy(scenario *sc)
{
	for (int i = 0; i < sc->nservices; i++) {
		sc_service *s = &sc->services[i];
		free(s->name);
		free(s->path);
		free(s->changes);
		free(s->demand.pts);
		sc_autoscaling_destroy(&s->as);
		free(s->cps);
		dist_destroy(&s->tg.registration);
		sc_rollout_destroy(s);
		dist_destroy(&s->prot.after);
		dist_destroy(&s->prot.work);
		sc_placement_destroy(&s->place);
	}
	free(sc->services);
}
