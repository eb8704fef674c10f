/* autoscaling.c - services[].autoScaling: Service Auto Scaling's scalable
 * target, target tracking and step scaling policies (with their alarms)
 * and scheduled actions.  Not the demand the metrics come from (service.c).
 */
#include "parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

static const char *const metric_names[] = { "ECSServiceAverageCPUUtilization",
					    "ECSServiceAverageMemoryUtilization",
					    "ALBRequestCountPerTarget", NULL };

/* stepAdjustments of a step scaling policy at q: 1 to 20 steps, each an
 * interval of the metric relative to the alarm threshold. */
static int parse_steps(sc_step_policy *sp, const json_t *v, const char *q, ecs_err *e)
{
	static const char *const known[] = { "metricIntervalLowerBound",
					     "metricIntervalUpperBound", "scalingAdjustment",
					     NULL };
	char p[JREAD_PATHMAX], r[JREAD_PATHMAX];
	json_t *arr, *x;
	size_t i;

	jread_kpath(p, q, "stepAdjustments");
	if (!(arr = json_object_get(v, "stepAdjustments")))
		return err_set(e, "%s: required", p);
	if (jread_array_max(arr, p, 20, "steps", e) < 0)
		return -1;
	if (json_array_size(arr) == 0)
		return err_set(e, "%s: must have at least one step", p);
	sp->steps = xcalloc(json_array_size(arr), sizeof(*sp->steps));
	json_array_foreach(arr, i, x) {
		sc_step *st = &sp->steps[i];
		jread_ipath(r, p, i);
		st->lower = -INFINITY;
		st->upper = INFINITY;
		if (jread_object(x, r, e) < 0 || jread_keys(x, r, known, NULL, e) < 0 ||
		    jread_number(x, "metricIntervalLowerBound", r, &st->lower, -INFINITY, e) < 0 ||
		    jread_number(x, "metricIntervalUpperBound", r, &st->upper, -INFINITY, e) < 0 ||
		    jread_int(x, "scalingAdjustment", r, &st->adjustment, -SC_MAX_DESIRED,
			      SC_MAX_DESIRED, 1, e) < 0)
			return -1;
		if (!(st->upper > st->lower))
			return err_set(e, "%s.metricIntervalUpperBound: must be > "
				       "metricIntervalLowerBound", r);
		sp->nsteps++;
	}
	return 0;
}

/* One stepScaling policy: the alarm (metric, comparison, threshold,
 * evaluationPeriods) and the StepScalingPolicyConfiguration. */
static int parse_step_policy(sc_step_policy *sp, const json_t *v, const char *q, ecs_err *e)
{
	static const char *const known[] = { "metric", "comparison", "threshold",
					     "evaluationPeriods", "adjustmentType",
					     "stepAdjustments", "cooldown", "minAdjustmentMagnitude",
					     NULL };
	static const char *const cmps[] = { "GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
					    "LessThanThreshold", "LessThanOrEqualToThreshold", NULL };
	static const char *const adjs[] = { "ChangeInCapacity", "PercentChangeInCapacity",
					    "ExactCapacity", NULL };
	char *m = NULL, *c = NULL, *a = NULL;
	int km = 0, kc = 0, ka = 0, rc = -1;

	sp->periods = 1;
	sp->cooldown = 300 * USEC_PER_SEC;
	if (jread_object(v, q, e) < 0 || jread_keys(v, q, known, NULL, e) < 0 ||
	    jread_str(v, "metric", q, &m, 1, e) < 0 ||
	    jread_str(v, "comparison", q, &c, 1, e) < 0 ||
	    jread_str(v, "adjustmentType", q, &a, 1, e) < 0)
		goto out;
	for (; metric_names[km] && strcmp(metric_names[km], m); km++)
		;
	for (; cmps[kc] && strcmp(cmps[kc], c); kc++)
		;
	for (; adjs[ka] && strcmp(adjs[ka], a); ka++)
		;
	if (!metric_names[km]) {
		err_set(e, "%s.metric: must be ECSServiceAverageCPUUtilization, "
			"ECSServiceAverageMemoryUtilization or ALBRequestCountPerTarget", q);
		goto out;
	}
	if (!cmps[kc]) {
		err_set(e, "%s.comparison: must be GreaterThanOrEqualToThreshold, GreaterThanThreshold, "
			"LessThanThreshold or LessThanOrEqualToThreshold", q);
		goto out;
	}
	if (!adjs[ka]) {
		err_set(e, "%s.adjustmentType: must be ChangeInCapacity, PercentChangeInCapacity or "
			"ExactCapacity", q);
		goto out;
	}
	sp->metric = (enum sc_metric)km;
	sp->cmp = (enum sc_cmp)kc;
	sp->adjust = (enum sc_adjust)ka;
	if (!json_object_get(v, "threshold")) {
		err_set(e, "%s.threshold: required", q);
		goto out;
	}
	if (jread_number(v, "threshold", q, &sp->threshold, 0, e) < 0 ||
	    jread_int32(v, "evaluationPeriods", q, &sp->periods, 1, 1440, 0, e) < 0 ||
	    jread_duration(v, "cooldown", q, &sp->cooldown, 0, e) < 0 ||
	    jread_int(v, "minAdjustmentMagnitude", q, &sp->min_magnitude, 0, SC_MAX_DESIRED, 0,
		      e) < 0)
		goto out;
	rc = parse_steps(sp, v, q, e);
out:
	free(m);
	free(c);
	free(a);
	return rc;
}

/* One targetTracking policy (at q). */
static int parse_tt_policy(sc_tt_policy *t, const json_t *v, const char *q, ecs_err *e)
{
	static const char *const known[] = { "metric", "target", "scaleOutCooldown",
					     "scaleInCooldown", "disableScaleIn", NULL };
	char *m = NULL;
	int k;

	t->out_cooldown = t->in_cooldown = 300 * USEC_PER_SEC;
	if (jread_object(v, q, e) < 0 || jread_keys(v, q, known, NULL, e) < 0 ||
	    jread_str(v, "metric", q, &m, 1, e) < 0) {
		free(m);
		return -1;
	}
	for (k = 0; metric_names[k] && strcmp(metric_names[k], m); k++)
		;
	free(m);
	if (!metric_names[k])
		return err_set(e, "%s.metric: must be ECSServiceAverageCPUUtilization, "
			       "ECSServiceAverageMemoryUtilization or ALBRequestCountPerTarget", q);
	t->metric = (enum sc_metric)k;
	if (!json_object_get(v, "target"))
		return err_set(e, "%s.target: required", q);
	if (jread_number(v, "target", q, &t->target, 0, e) < 0 ||
	    jread_duration(v, "scaleOutCooldown", q, &t->out_cooldown, 0, e) < 0 ||
	    jread_duration(v, "scaleInCooldown", q, &t->in_cooldown, 0, e) < 0)
		return -1;
	if (!(t->target > 0) || (t->metric != SC_METRIC_REQUESTS && t->target > 100))
		return err_set(e, "%s.target: must be > 0%s", q,
			       t->metric != SC_METRIC_REQUESTS ? " and <= 100" : "");
	return jread_bool(v, "disableScaleIn", q, &t->disable_in, e);
}

/* targetTracking and stepScaling: arrays of policies (arr may be NULL),
 * which need the service's demand for their metrics. */
static int parse_policies(sc_service *s, const json_t *j, const char *path, const char *spath,
			  ecs_err *e)
{
	sc_autoscaling *a = &s->as;
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	json_t *arr, *v;
	size_t i;

	if ((arr = json_object_get(j, "targetTracking"))) {
		jread_kpath(p, path, "targetTracking");
		if (jread_array_max(arr, p, 50, "policies", e) < 0)
			return -1;
		a->tt = xcalloc(json_array_size(arr) + 1, sizeof(*a->tt));
		json_array_foreach(arr, i, v) {
			if (parse_tt_policy(&a->tt[i], v, jread_ipath(q, p, i), e) < 0)
				return -1;
			a->ntt++;
		}
		if (a->ntt && !s->demand.given)
			return err_set(e, "%s: target tracking needs the service's demand (give "
				       "%s.demand)", p, spath);
	}
	if ((arr = json_object_get(j, "stepScaling"))) {
		jread_kpath(p, path, "stepScaling");
		if (jread_array_max(arr, p, 50, "policies", e) < 0)
			return -1;
		a->sp = xcalloc(json_array_size(arr) + 1, sizeof(*a->sp));
		json_array_foreach(arr, i, v) {
			a->nsp++;
			if (parse_step_policy(&a->sp[i], v, jread_ipath(q, p, i), e) < 0)
				return -1;
		}
		if (a->nsp && !s->demand.given)
			return err_set(e, "%s: step scaling needs the service's demand (give %s.demand)",
				       p, spath);
	}
	return 0;
}

/* scheduledActions (arr may be NULL): new minimum and maximum capacities
 * at given times, in time order. */
static int parse_scheduled(sc_autoscaling *a, const json_t *arr, const char *path, ecs_err *e)
{
	static const char *const known[] = { "at", "minCapacity", "maxCapacity", NULL };
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	json_t *v;
	size_t i;

	if (!arr)
		return 0;
	jread_kpath(p, path, "scheduledActions");
	if (jread_array_max(arr, p, 100000, "actions", e) < 0)
		return -1;
	a->sched = xcalloc(json_array_size(arr) + 1, sizeof(*a->sched));
	json_array_foreach(arr, i, v) {
		sc_scheduled_action *x = &a->sched[i];
		jread_ipath(q, p, i);
		x->min = x->max = -1;
		if (jread_object(v, q, e) < 0 || jread_keys(v, q, known, NULL, e) < 0 ||
		    jread_duration(v, "at", q, &x->at, 1, e) < 0 ||
		    jread_int(v, "minCapacity", q, &x->min, 0, SC_MAX_DESIRED, 0, e) < 0 ||
		    jread_int(v, "maxCapacity", q, &x->max, 0, SC_MAX_DESIRED, 0, e) < 0)
			return -1;
		if (x->min < 0 && x->max < 0)
			return err_set(e, "%s: give minCapacity, maxCapacity or both", q);
		if (x->min >= 0 && x->max >= 0 && x->max < x->min)
			return err_set(e, "%s.maxCapacity: must be >= minCapacity", q);
		if (i > 0 && x->at < a->sched[i - 1].at)
			return err_set(e, "%s.at: before the previous action (actions must be "
				       "in time order)", q);
		a->nsched++;
	}
	return 0;
}

/* services[].autoScaling: the scalable target (min, max), target tracking
 * and step scaling policies and scheduled actions of Application Auto
 * Scaling. */
int sc_parse_autoscaling(sc_service *s, const json_t *j, const char *spath, ecs_err *e)
{
	static const char *const known[] = { "minCapacity", "maxCapacity", "targetTracking",
					     "stepScaling", "scheduledActions", "scaleOutDatapoints",
					     "scaleInDatapoints", "scaleInMarginPercent", NULL };
	sc_autoscaling *a = &s->as;
	char path[JREAD_PATHMAX];
	double margin = 10;

	if (!j)
		return 0;
	jread_kpath(path, spath, "autoScaling");
	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0)
		return -1;
	if (s->daemon)
		return err_set(e, "%s: not allowed with schedulingStrategy DAEMON (one task per "
			       "instance)", path);
	a->given = 1;
	a->out_points = 3;
	a->in_points = 15;
	if (jread_int(j, "minCapacity", path, &a->min, 0, SC_MAX_DESIRED, 1, e) < 0 ||
	    jread_int(j, "maxCapacity", path, &a->max, 0, SC_MAX_DESIRED, 1, e) < 0 ||
	    jread_int32(j, "scaleOutDatapoints", path, &a->out_points, 1, 1440, 0, e) < 0 ||
	    jread_int32(j, "scaleInDatapoints", path, &a->in_points, 1, 1440, 0, e) < 0 ||
	    jread_number(j, "scaleInMarginPercent", path, &margin, 0, e) < 0)
		return -1;
	if (a->max < a->min)
		return err_set(e, "%s.maxCapacity: must be >= minCapacity", path);
	if (margin >= 100)
		return err_set(e, "%s.scaleInMarginPercent: must be < 100", path);
	a->in_margin = margin / 100;
	if (parse_policies(s, j, path, spath, e) < 0)
		return -1;
	return parse_scheduled(a, json_object_get(j, "scheduledActions"), path, e);
}

void sc_autoscaling_destroy(sc_autoscaling *a)
{
	free(a->tt);
	for (int k = 0; k < a->nsp; k++)
		free(a->sp[k].steps);
	free(a->sp);
	free(a->sched);
}
