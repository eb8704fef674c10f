/* import_scaling.c - Service Auto Scaling: AWS::ApplicationAutoScaling's
 * ScalableTarget and ScalingPolicy (target tracking, step scaling with the
 * AWS::CloudWatch::Alarm that triggers it) into a service's autoScaling.
 * Needs the services mapped first (import_service.c).
 */
#include "import_scaling.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_eval.h"
#include "import_note.h"
#include "import_props.h"
#include "import_tpl.h"

/* The service (logical ID) a ResourceId names: "service/CLUSTER/NAME", as
 * an expression over the template's service or as a string. */
static const char *target_service(imp *m, const json_t *rid)
{
	const char *id = imp_ref_target(m, rid, "AWS::ECS::Service"), *k;
	char *s, *slash;
	json_t *x;

	if (id || !rid)
		return id;
	if (!(s = imp_text_or_null(m, rid)))
		return NULL;
	slash = strrchr(s, '/');
	json_object_foreach(m->svc_by_id, k, x)
		if (slash && strncmp(s, "service/", 8) == 0 &&
		    strcmp(json_string_value(json_object_get(x, "serviceName")), slash + 1) == 0) {
			free(s);
			return k;
		}
	free(s);
	return NULL;
}

/* Whether a target or policy (properties p at path) scales something other
 * than an ECS service's desired count. */
static int other_dimension(imp *m, const json_t *p, const char *path)
{
	char kp[PATHMAX];
	json_t *dim = imp_get_deep(m, p, "ScalableDimension", path, kp);
	int other = imp_str(dim) && strcmp(imp_str(dim), "ecs:service:DesiredCount") != 0;

	json_decref(dim);
	return other;
}

void imp_target(imp *m, const char *id, const json_t *res)
{
	const json_t *p = imp_props(res);
	char path[PATHMAX], kp[PATHMAX];
	json_t *svc, *as;
	const char *sid;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	if (other_dimension(m, p, path))
		return; /* another service's target (DynamoDB, ...) */
	if (!(sid = target_service(m, json_object_get(p, "ResourceId"))) ||
	    !(svc = json_object_get(m->svc_by_id, sid))) {
		imp_note(m, path, "the scalable target's service is not in the template (or its "
			 "ResourceId cannot be read): left out");
		return;
	}
	as = json_object();
	imp_copy(m, as, "minCapacity", p, "MinCapacity", path, AS_NUMBER);
	imp_copy(m, as, "maxCapacity", p, "MaxCapacity", path, AS_NUMBER);
	json_object_set_new(svc, "autoScaling", as);
	json_object_set_new(m->target_svc, id, json_string(sid));
	if (json_object_get(p, "ScheduledActions")) {
		snprintf(kp, sizeof(kp), "%s.ScheduledActions", path);
		imp_note(m, kp, "not imported: ecsim's scheduledActions are times from the start of "
			 "the run, not schedules (give them in autoScaling.scheduledActions)");
	}
	if (json_object_get(p, "SuspendedState")) {
		snprintf(kp, sizeof(kp), "%s.SuspendedState", path);
		imp_note(m, kp, "not imported: ecsim does not suspend scaling");
	}
}

/* The CloudWatch metric of an alarm as a service metric of ecsim. */
static json_t *alarm_metric(imp *m, const json_t *ap, const char *path, const char *policy)
{
	char kp[PATHMAX];
	json_t *ns = imp_get_deep(m, ap, "Namespace", path, kp), *mn, *v = NULL;

	mn = imp_get_deep(m, ap, "MetricName", path, kp);
	if (imp_str(ns) && imp_str(mn)) {
		if (strcmp(imp_str(ns), "AWS/ECS") == 0 && strcmp(imp_str(mn), "CPUUtilization") == 0)
			v = json_string("ECSServiceAverageCPUUtilization");
		else if (strcmp(imp_str(ns), "AWS/ECS") == 0 &&
			 strcmp(imp_str(mn), "MemoryUtilization") == 0)
			v = json_string("ECSServiceAverageMemoryUtilization");
		else if (strcmp(imp_str(ns), "AWS/ApplicationELB") == 0 &&
			 strcmp(imp_str(mn), "RequestCountPerTarget") == 0)
			v = json_string("ALBRequestCountPerTarget");
	}
	if (!v)
		v = imp_fill(m, kp, imp_fmt("ECSServiceAverageCPUUtilization, "
					    "ECSServiceAverageMemoryUtilization or "
					    "ALBRequestCountPerTarget for policy %s (its alarm "
					    "watches a metric ecsim does not simulate)", policy));
	json_decref(ns);
	json_decref(mn);
	return v;
}

static json_t *conv_step(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object();

	imp_copy(m, o, "metricIntervalLowerBound", x, "MetricIntervalLowerBound", p, AS_NUMBER);
	imp_copy(m, o, "metricIntervalUpperBound", x, "MetricIntervalUpperBound", p, AS_NUMBER);
	imp_copy(m, o, "scalingAdjustment", x, "ScalingAdjustment", p, AS_NUMBER);
	return o;
}

/* One stepScaling entry: the alarm (id, may be NULL) and the policy's
 * StepScalingPolicyConfiguration (sc at sp). */
static json_t *step_entry(imp *m, const char *pid, const char *alarm, const json_t *sc,
			  const char *sp)
{
	json_t *o = json_object(), *v;
	char apath[PATHMAX], kp[PATHMAX];

	if (alarm) {
		const json_t *ap = imp_props(imp_resource(m, alarm));
		json_t *period;
		snprintf(apath, sizeof(apath), "Resources.%s.Properties", alarm);
		json_object_set_new(o, "metric", alarm_metric(m, ap, apath, pid));
		imp_copy(m, o, "comparison", ap, "ComparisonOperator", apath, AS_IS);
		imp_copy(m, o, "threshold", ap, "Threshold", apath, AS_NUMBER);
		imp_copy(m, o, "evaluationPeriods", ap, "EvaluationPeriods", apath, AS_NUMBER);
		if ((period = imp_get_deep(m, ap, "Period", apath, kp)) &&
		    !(json_is_integer(period = imp_as_number(period)) &&
		      json_integer_value(period) == 60))
			imp_note(m, kp, "the alarm's period is not 60 s: ecsim's datapoints are one "
				 "minute each");
		json_decref(period);
		if (json_object_get(ap, "DatapointsToAlarm")) {
			snprintf(kp, sizeof(kp), "%s.DatapointsToAlarm", apath);
			imp_note(m, kp, "not imported: ecsim's step scaling alarm breaches after "
				 "evaluationPeriods datapoints in a row");
		}
	} else {
		snprintf(apath, sizeof(apath), "Resources.%s", pid);
		json_object_set_new(o, "metric", imp_fill(m, apath, imp_fmt(
			"the metric of the alarm that triggers policy %s (no AWS::CloudWatch::Alarm "
			"of the template names it)", pid)));
		json_object_set_new(o, "comparison", imp_fill(m, apath, imp_fmt(
			"that alarm's comparison, e.g. GreaterThanOrEqualToThreshold")));
		json_object_set_new(o, "threshold", imp_fill(m, apath,
							     imp_fmt("that alarm's threshold")));
	}
	if (imp_is_fill(sc))
		json_object_set(o, "adjustmentType", (json_t *)sc);
	imp_copy(m, o, "adjustmentType", sc, "AdjustmentType", sp, AS_IS);
	if ((v = imp_conv_list(m, sc, "StepAdjustments", sp, conv_step)))
		json_object_set_new(o, "stepAdjustments", v);
	imp_copy(m, o, "minAdjustmentMagnitude", sc, "MinAdjustmentMagnitude", sp, AS_NUMBER);
	imp_copy(m, o, "cooldown", sc, "Cooldown", sp, AS_NUMBER);
	return o;
}

/* Appends entry (taken) to the service's autoScaling array key. */
static void add_policy(json_t *svc, const char *key, json_t *entry)
{
	json_t *as = json_object_get(svc, "autoScaling"), *arr = json_object_get(as, key);

	if (!arr) {
		arr = json_array();
		json_object_set_new(as, key, arr);
	}
	json_array_append_new(arr, entry);
}

void imp_policy(imp *m, const char *id, const json_t *res)
{
	const json_t *p = imp_props(res), *tid = json_object_get(p, "ScalingTargetId");
	char path[PATHMAX], kp[PATHMAX], sp[PATHMAX];
	const char *target = imp_ref_target(m, tid, "AWS::ApplicationAutoScaling::ScalableTarget");
	const char *sid = NULL, *k;
	json_t *svc, *type, *sc;
	int alarms = 0;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	if (target)
		sid = json_string_value(json_object_get(m->target_svc, target));
	else if (!tid && json_object_get(p, "ResourceId")) {
		if (other_dimension(m, p, path))
			return;
		sid = target_service(m, json_object_get(p, "ResourceId"));
	}
	if (!sid || !(svc = json_object_get(m->svc_by_id, sid)) ||
	    !json_object_get(svc, "autoScaling")) {
		imp_note(m, path, "the policy's scalable target is not in the template (or not an "
			 "ECS service's): left out");
		return;
	}
	type = imp_get_deep(m, p, "PolicyType", path, kp);
	if (imp_str(type) && strcmp(imp_str(type), "TargetTrackingScaling") == 0) {
		json_t *o = json_object(), *pm = NULL, *mt;
		char mp[PATHMAX];
		sc = imp_get(m, p, "TargetTrackingScalingPolicyConfiguration", path, sp);
		if (imp_is_fill(sc))
			json_object_set(o, "metric", sc);
		else if ((pm = imp_get(m, sc, "PredefinedMetricSpecification", sp, mp)) &&
			 imp_is_fill(pm))
			json_object_set(o, "metric", pm);
		else if (pm && (mt = imp_get_deep(m, pm, "PredefinedMetricType", mp, kp)))
			json_object_set_new(o, "metric", mt);
		else
			json_object_set_new(o, "metric", imp_fill(m, sp, imp_fmt(
				"ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization "
				"or ALBRequestCountPerTarget for policy %s (it tracks a customized "
				"metric ecsim does not simulate)", id)));
		json_decref(pm);
		imp_copy(m, o, "target", sc, "TargetValue", sp, AS_NUMBER);
		imp_copy(m, o, "scaleOutCooldown", sc, "ScaleOutCooldown", sp, AS_NUMBER);
		imp_copy(m, o, "scaleInCooldown", sc, "ScaleInCooldown", sp, AS_NUMBER);
		imp_copy(m, o, "disableScaleIn", sc, "DisableScaleIn", sp, AS_BOOL);
		add_policy(svc, "targetTracking", o);
		json_decref(sc);
	} else if (imp_str(type) && strcmp(imp_str(type), "StepScaling") == 0) {
		const json_t *r;
		const char *pol;
		sc = imp_get(m, p, "StepScalingPolicyConfiguration", path, sp);
		/* each alarm whose AlarmActions name the policy */
		json_object_foreach(m->resources, k, r) {
			const json_t *acts = json_object_get(imp_props(r), "AlarmActions"), *x;
			size_t i;
			if (strcmp(imp_rtype(r), "AWS::CloudWatch::Alarm") || !json_is_array(acts))
				continue;
			json_array_foreach(acts, i, x)
				if ((pol = imp_ref_target(m, x, "AWS::ApplicationAutoScaling::"
							  "ScalingPolicy")) && strcmp(pol, id) == 0) {
					add_policy(svc, "stepScaling", step_entry(m, id, k, sc, sp));
					alarms++;
					break;
				}
		}
		if (!alarms)
			add_policy(svc, "stepScaling", step_entry(m, id, NULL, sc, sp));
		json_decref(sc);
	} else {
		imp_note(m, kp, "%s policy: not imported (ecsim simulates target tracking and step "
			 "scaling)", imp_str(type) ? imp_str(type) : "this");
		json_decref(type);
		return;
	}
	json_decref(type);
	if (!json_object_get(svc, "demand")) {
		char dp[PATHMAX];
		snprintf(dp, sizeof(dp), "Resources.%s", sid);
		json_object_set_new(svc, "demand", imp_fill(m, dp, imp_fmt(
			"the load on service %s, a demand object (docs/scenario-format.md#demand); "
			"its scaling policies need it and the template does not say",
			json_string_value(json_object_get(svc, "serviceName")))));
	}
}
