/* import_service.c - AWS::ECS::Service into the scenario's services: task
 * definition, desired count, launch type or strategy, placement, deployment
 * configuration, load balancers, and its subnets' zones.  Service Auto
 * Scaling is import_scaling.c's.
 */
#include "import_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_eval.h"
#include "import_note.h"
#include "import_props.h"
#include "import_provider.h"
#include "import_taskdef.h"
#include "import_tpl.h"
#include "import_zones.h"

static json_t *conv_placement(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object();

	imp_copy(m, o, "type", x, "Type", p, AS_IS);
	imp_copy(m, o, "field", x, "Field", p, AS_IS);
	return o;
}

static json_t *conv_lb(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object(), *v;
	char kp[PATHMAX], *why = NULL;
	static const char *const keys[][2] = { { "ContainerName", "containerName" },
					       { "ContainerPort", "containerPort" } };

	/* the entries are not read: only what evaluates is kept, and nothing
	 * is asked for */
	for (int k = 0; k < 2; k++) {
		const json_t *raw = json_object_get(x, keys[k][0]);
		snprintf(kp, sizeof(kp), "%s.%s", p, keys[k][0]);
		if (raw && (v = imp_eval_deep(m, raw, &why)))
			json_object_set_new(o, keys[k][1], k ? imp_as_number(v) : v);
		free(why);
		why = NULL;
	}
	return o;
}

void imp_service(imp *m, const char *id, const json_t *res)
{
	const json_t *p = imp_props(res), *raw;
	char path[PATHMAX], kp[PATHMAX], *name = imp_svc_name(m, id);
	json_t *s = json_object(), *v, *ss;
	const char *td;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	json_object_set_new(s, "serviceName", json_string(name));
	free(name);
	raw = json_object_get(p, "TaskDefinition");
	if ((td = imp_ref_target(m, raw, "AWS::ECS::TaskDefinition")) &&
	    imp_is_intrinsic(raw)) {
		json_object_set_new(s, "taskDefinition", imp_string(imp_td_family(m, td)));
	} else if ((v = imp_get_deep(m, p, "TaskDefinition", path, kp))) {
		if (imp_str(v))
			imp_note(m, kp, "the task definition \"%s\" is not in the template: add it "
				 "to taskDefinitions (aws ecs describe-task-definition prints it)",
				 imp_str(v));
		json_object_set_new(s, "taskDefinition", v);
	} else {
		json_object_set_new(s, "taskDefinition",
				    imp_fill(m, kp, xstrdup("the service's task definition "
							    "(TaskDefinition is absent)")));
	}
	ss = imp_get_deep(m, p, "SchedulingStrategy", path, kp);
	if ((v = imp_get_deep(m, p, "DesiredCount", path, kp))) {
		json_object_set_new(s, "desiredCount", imp_as_number(v));
	} else if (!(imp_str(ss) && strcmp(imp_str(ss), "DAEMON") == 0)) {
		imp_note(m, kp, "absent: a new service starts with 1 (CloudFormation's default)");
		json_object_set_new(s, "desiredCount", json_integer(1));
	}
	imp_copy(m, s, "launchType", p, "LaunchType", path, AS_IS);
	if ((v = imp_conv_strategy(m, p, "CapacityProviderStrategy", path)))
		json_object_set_new(s, "capacityProviderStrategy", v);
	if (ss)
		json_object_set_new(s, "schedulingStrategy", ss);
	if ((v = imp_conv_list(m, p, "PlacementStrategies", path, conv_placement)))
		json_object_set_new(s, "placementStrategy", v);
	if ((v = imp_conv_list(m, p, "PlacementConstraints", path, imp_conv_constraint)))
		json_object_set_new(s, "placementConstraints", v);
	if ((v = imp_get(m, p, "DeploymentConfiguration", path, kp)) && imp_is_fill(v)) {
		json_object_set(s, "deploymentConfiguration", v);
	} else if (v && json_is_object(v)) {
		json_t *dc = json_object(), *cb, *st;
		char cp[PATHMAX];
		imp_copy(m, dc, "minimumHealthyPercent", v, "MinimumHealthyPercent", kp, AS_NUMBER);
		imp_copy(m, dc, "maximumPercent", v, "MaximumPercent", kp, AS_NUMBER);
		if ((cb = imp_get(m, v, "DeploymentCircuitBreaker", kp, cp)) && imp_is_fill(cb)) {
			json_object_set(dc, "deploymentCircuitBreaker", cb);
		} else if (cb && json_is_object(cb)) {
			json_t *o = json_object();
			imp_copy(m, o, "enable", cb, "Enable", cp, AS_BOOL);
			imp_copy(m, o, "rollback", cb, "Rollback", cp, AS_BOOL);
			json_object_set_new(dc, "deploymentCircuitBreaker", o);
		}
		json_decref(cb);
		if ((st = imp_get_deep(m, v, "Strategy", kp, cp)) && imp_str(st) &&
		    strcmp(imp_str(st), "ROLLING") != 0)
			imp_note(m, cp, "%s deployments: ecsim simulates rolling ones", imp_str(st));
		json_decref(st);
		json_object_set_new(s, "deploymentConfiguration", dc);
	}
	json_decref(v);
	if ((v = imp_get(m, p, "DeploymentController", path, kp)) && imp_is_fill(v)) {
		imp_unplaced(m, v, "ecsim simulates ECS's rolling deployments");
	} else if (v && json_is_object(v)) {
		char tp[PATHMAX];
		json_t *t = imp_get_deep(m, v, "Type", kp, tp);
		if (imp_is_fill(t))
			imp_unplaced(m, t, "ecsim simulates ECS's rolling deployments");
		else if (imp_str(t) && strcmp(imp_str(t), "ECS") != 0)
			imp_note(m, tp, "deployment controller %s: ecsim simulates ECS's rolling "
				 "deployments", imp_str(t));
		json_decref(t);
	}
	json_decref(v);
	if ((v = imp_conv_list(m, p, "LoadBalancers", path, conv_lb)))
		json_object_set_new(s, "loadBalancers", v);
	imp_copy(m, s, "healthCheckGracePeriodSeconds", p, "HealthCheckGracePeriodSeconds", path,
		 AS_NUMBER);
	/* the zones of its awsvpc subnets */
	if ((raw = json_object_get(p, "NetworkConfiguration")) &&
	    (raw = json_object_get(raw, "AwsvpcConfiguration")) &&
	    (raw = json_object_get(raw, "Subnets"))) {
		snprintf(kp, sizeof(kp), "%s.NetworkConfiguration.AwsvpcConfiguration.Subnets", path);
		imp_subnet_zones(m, raw, kp);
	}
	json_object_set(m->svc_by_id, id, s);
	json_array_append_new(m->services, s);
}
