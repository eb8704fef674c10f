/* autoscaling.c - services[].autoScaling: Service Auto Scaling's scalable
 * target, the policies of each type (parsed by the types of sim/policy/)
 * and scheduled actions.  Not the demand the metrics come from (service.c).
 */
#include "parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

/* The policies of each type of as_policy_types: the type's array of
 * autoScaling (absent: none), which needs the service's demand for the
 * metrics. */
static int parse_policies(sc_service *s, const json_t *j, const char *path, const char *spath,
			  ecs_err *e)
{
	sc_autoscaling *a = &s->as;
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];

	while (as_policy_types[a->npol])
		a->npol++;
	a->pol = xcalloc((size_t)a->npol + 1, sizeof(*a->pol));
	for (int t = 0; t < a->npol; t++) {
		const as_policy_type *ty = as_policy_types[t];
		sc_policies *pl = &a->pol[t];
		json_t *arr = json_object_get(j, ty->key), *v;
		size_t i;
		pl->type = ty;
		if (!arr)
			continue;
		jread_kpath(p, path, ty->key);
		if (jread_array_max(arr, p, (size_t)ty->max, "policies", e) < 0)
			return -1;
		pl->cfgs = xcalloc(json_array_size(arr) + 1, sizeof(*pl->cfgs));
		json_array_foreach(arr, i, v) {
			pl->n++;
			if (ty->parse(v, jread_ipath(q, p, i), &pl->cfgs[i], e) < 0)
				return -1;
		}
		a->npolicies += pl->n;
		if (pl->n && !s->demand.given)
			return err_set(e, "%s: %s needs the service's demand (give %s.demand)", p,
				       ty->what, spath);
	}
	return 0;
}

static const jread_key scheduled_keys[] = {
	JR_DURATION("at", "when", JREAD_REQ),
	JR_INT("minCapacity", 0, SC_MAX_DESIRED, "the new minimum capacity"),
	JR_INT("maxCapacity", 0, SC_MAX_DESIRED, "the new maximum capacity"),
	JREAD_END,
};

/* scheduledActions (arr may be NULL): new minimum and maximum capacities
 * at given times, in time order. */
static int parse_scheduled(sc_autoscaling *a, const json_t *arr, const char *path, ecs_err *e)
{
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
		if (jread_object(v, q, e) < 0 || jread_check_keys(v, q, scheduled_keys, e) < 0 ||
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

/* Each policy type's array of autoScaling, a key of the table below. */
static int policy_key(int i, jread_key *out)
{
	const as_policy_type *ty = as_policy_types[i];

	if (!ty)
		return 0;
	*out = (jread_key){ .name = ty->key, .doc = ty->what,
			    .v = { .type = JREAD_ARR, .items = ty->entry } };
	return 1;
}

/* The policy types' keys sit where they are listed (the order "did you
 * mean" breaks ties in). */
static const jread_key autoscaling_keys[] = {
	JR_INT("minCapacity", 0, SC_MAX_DESIRED, "the least desired count", JREAD_REQ),
	JR_INT("maxCapacity", 0, SC_MAX_DESIRED, "the largest desired count", JREAD_REQ),
	JR_EXPAND(policy_key),
	JR_OBJS("scheduledActions", scheduled_keys, "new capacities at given times, in time order"),
	JR_INT("scaleOutDatapoints", 1, 1440, "minutes above target that raise the scale-out "
	       "alarm (default 3)"),
	JR_INT("scaleInDatapoints", 1, 1440, "minutes clearly below target that raise the "
	       "scale-in alarm (default 15)"),
	JR_NUM_BELOW("scaleInMarginPercent", 0, 100, "\"clearly below\": this much below the "
		     "target, percent (default 10)"),
	JR_INT("scaleInMaxStepPercent", 1, 100, "target tracking scales in by at most this "
	       "percent of the desired count a step (default 10)"),
	JREAD_END,
};

const jread_val sc_autoscaling_json = { .type = JREAD_OBJ, .keys = autoscaling_keys };

/* services[].autoScaling: the scalable target (min, max), target tracking
 * and step scaling policies and scheduled actions of Application Auto
 * Scaling. */
int sc_parse_autoscaling(sc_service *s, const json_t *j, const char *spath, ecs_err *e)
{
	sc_autoscaling *a = &s->as;
	char path[JREAD_PATHMAX];
	double margin = 10;

	if (!j)
		return 0;
	jread_kpath(path, spath, "autoScaling");
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, autoscaling_keys, e) < 0)
		return -1;
	if (s->daemon)
		return err_set(e, "%s: not allowed with schedulingStrategy DAEMON (one task per "
			       "instance)", path);
	a->given = 1;
	a->out_points = 3;
	a->in_points = 15;
	a->in_step_pct = 10;
	if (jread_int(j, "minCapacity", path, &a->min, 0, SC_MAX_DESIRED, 1, e) < 0 ||
	    jread_int(j, "maxCapacity", path, &a->max, 0, SC_MAX_DESIRED, 1, e) < 0 ||
	    jread_int32(j, "scaleOutDatapoints", path, &a->out_points, 1, 1440, 0, e) < 0 ||
	    jread_int32(j, "scaleInDatapoints", path, &a->in_points, 1, 1440, 0, e) < 0 ||
	    jread_number(j, "scaleInMarginPercent", path, &margin, 0, e) < 0 ||
	    jread_int32(j, "scaleInMaxStepPercent", path, &a->in_step_pct, 1, 100, 0, e) < 0)
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
	for (int t = 0; t < a->npol; t++) {
		for (int k = 0; k < a->pol[t].n; k++)
			a->pol[t].type->free_config(a->pol[t].cfgs[k]);
		free(a->pol[t].cfgs);
	}
	free(a->pol);
	free(a->sched);
}
