/* operations.c - what an operator does at given times: a service's
 * desiredCountChanges, $.deployments of new task definitions and
 * $.maintenance drains of instances.  Not the scheduled actions of Service
 * Auto Scaling (autoscaling.c) nor failures (failures.c).
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

static const jread_key change_keys[] = {
	JR_DURATION("at", "when", JREAD_REQ),
	JR_INT("desiredCount", 0, SC_MAX_DESIRED, "the new desired count", JREAD_REQ),
	JREAD_END,
};

const jread_val sc_desired_changes_json = {
	.type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_OBJ, .keys = change_keys },
};

/* ecsim's "desiredCountChanges": [{at, desiredCount}], in time order. */
int sc_parse_desired_changes(sc_service *s, const json_t *arr, const char *spath, ecs_err *e)
{
	char path[JREAD_PATHMAX], p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	jread_kpath(path, spath, "desiredCountChanges");
	if (jread_array(arr, path, e) < 0)
		return -1;
	s->changes = xcalloc(json_array_size(arr) + 1, sizeof(*s->changes));
	json_array_foreach(arr, i, v) {
		sc_desired_change *c = &s->changes[i];
		jread_ipath(p, path, i);
		if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, change_keys, e) < 0 ||
		    jread_duration(v, "at", p, &c->at, 1, e) < 0 ||
		    jread_int(v, "desiredCount", p, &c->desired, 0, SC_MAX_DESIRED, 1, e) < 0)
			return -1;
		if (i > 0 && c->at < s->changes[i - 1].at)
			return err_set(e, "%s.at: before the previous change (changes must be in time "
				       "order)", p);
		s->nchanges++;
	}
	return 0;
}

static const jread_key drain_keys[] = {
	JR_DURATION("at", "when the drain starts", JREAD_REQ),
	JR_INT("drain", 1, SC_MAX_HOSTS, "instances set to DRAINING", JREAD_REQ),
	JR_STR("zone", "only instances of this zone"),
	JR_STR("instanceType", "only instances of this type"),
	JR_DURATION("duration", "they are ACTIVE again after this (default: until the end)"),
	JREAD_END,
};

const jread_val sc_maintenance_json = {
	.type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_OBJ, .keys = drain_keys },
};

/* ecsim's "maintenance": scheduled drains of instances, in time order. */
int sc_parse_maintenance(scenario *sc, const json_t *arr, ecs_err *e)
{
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	if (jread_array(arr, "$.maintenance", e) < 0)
		return -1;
	sc->drains = xcalloc(json_array_size(arr) + 1, sizeof(*sc->drains));
	json_array_foreach(arr, i, v) {
		sc_drain *d = &sc->drains[i];
		char *zone = NULL, *type = NULL;
		int rc;
		jread_ipath(p, "$.maintenance", i);
		d->duration = -1;
		d->zone = d->type = -1;
		if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, drain_keys, e) < 0 ||
		    jread_duration(v, "at", p, &d->at, 1, e) < 0 ||
		    jread_int(v, "drain", p, &d->count, 1, SC_MAX_HOSTS, 1, e) < 0 ||
		    jread_duration(v, "duration", p, &d->duration, 0, e) < 0)
			return -1;
		if (d->duration == 0)
			return err_set(e, "%s.duration: must be > 0 (leave it out to drain until the "
				       "end)", p);
		rc = jread_str(v, "zone", p, &zone, 0, e) < 0 ||
		     jread_str(v, "instanceType", p, &type, 0, e) < 0 ? -1 : 0;
		if (rc == 0 && zone && (d->zone = sc_zone_at(sc, p, zone, e)) < 0)
			rc = -1;
		if (rc == 0 && type && (d->type = sc_type_at(sc, p, type, e)) < 0)
			rc = -1;
		free(zone);
		free(type);
		if (rc < 0)
			return -1;
		if (i > 0 && d->at < sc->drains[i - 1].at)
			return err_set(e, "%s.at: before the previous drain (drains must be in time "
				       "order)", p);
		sc->ndrains++;
	}
	return 0;
}

static const jread_key deployment_keys[] = {
	JR_NAME("service", "the service's serviceName", JREAD_REQ),
	JR_DURATION("at", "when the deployment starts", JREAD_REQ),
	JR_NAME("taskDefinition", "the new task definition", JREAD_REQ),
	JREAD_END,
};

const jread_val sc_deployments_json = {
	.type = JREAD_ARR,
	.items = &(const jread_val){ .type = JREAD_OBJ, .keys = deployment_keys },
};

/* ecsim's "deployments": [{service, at, taskDefinition}], in time order. */
int sc_parse_deployments(scenario *sc, const json_t *arr, ecs_err *e)
{
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	if (jread_array(arr, "$.deployments", e) < 0)
		return -1;
	sc->deployments = xcalloc(json_array_size(arr) + 1, sizeof(*sc->deployments));
	json_array_foreach(arr, i, v) {
		sc_deployment *d = &sc->deployments[i];
		char *name = NULL;
		jread_ipath(p, "$.deployments", i);
		sc->ndeployments++;
		d->path = xstrdup(p);
		d->svc = -1;
		if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, deployment_keys, e) < 0 ||
		    jread_str(v, "service", p, &name, 1, e) < 0)
			return -1;
		for (int k = 0; k < sc->nservices; k++)
			if (strcmp(sc->services[k].name, name) == 0)
				d->svc = k;
		if (d->svc < 0) {
			err_set(e, "%s: no service \"%s\" in $.services", jread_kpath(q, p, "service"),
				name);
			free(name);
			return -1;
		}
		free(name);
		if (jread_duration(v, "at", p, &d->at, 1, e) < 0 ||
		    sc_resolve_taskdef(sc, v, p, &d->taskdef, e) < 0 ||
		    (sc->services[d->svc].fargate ? sc_check_fargate(sc, d->taskdef, p, e)
						  : sc_check_fits(sc, d->taskdef, p, e)) < 0)
			return -1;
		if (i > 0 && d->at < sc->deployments[i - 1].at)
			return err_set(e, "%s.at: before the previous deployment (deployments must be "
				       "in time order)", p);
	}
	return 0;
}

void sc_operations_destroy(scenario *sc)
{
	free(sc->drains);
	for (int i = 0; i < sc->ndeployments; i++)
		free(sc->deployments[i].path);
	free(sc->deployments);
}
