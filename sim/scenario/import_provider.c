/* import_provider.c - AWS::ECS::CapacityProvider (its Auto Scaling group and
 * managed scaling into autoScalingGroupProviders), the provider lists and
 * default strategy of AWS::ECS::Cluster and ClusterCapacityProviderAssociations,
 * and capacity provider strategies.  The group itself is import_asg.c's.
 */
#include "import_provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_asg.h"
#include "import_eval.h"
#include "import_note.h"
#include "import_props.h"
#include "import_tpl.h"

/* A capacity provider a strategy or list names: a CapacityProvider of the
 * template (its scenario name) or a name. */
static json_t *provider_ref(imp *m, const json_t *raw, const char *path)
{
	const char *id = imp_ref_target(m, raw, "AWS::ECS::CapacityProvider");
	char *why = NULL, *s;

	if (id && imp_is_intrinsic(raw))
		return imp_string(imp_cp_name(m, id));
	if ((s = imp_eval_text(m, raw, &why)))
		return imp_string(s);
	return imp_fill(m, path, why);
}

static void add_provider(imp *m, json_t *name)
{
	size_t i;
	json_t *x;

	if (!json_is_string(name))
		return;
	json_array_foreach(m->providers, i, x)
		if (json_equal(x, name))
			return;
	json_array_append(m->providers, name);
}

/* An entry of a capacity provider strategy (an object even when x is not). */
static json_t *strategy_entry(imp *m, const json_t *x, const char *ip)
{
	json_t *o = json_object(), *cp;
	char cpp[PATHMAX];

	if (json_is_object(x) && json_object_get(x, "CapacityProvider")) {
		snprintf(cpp, sizeof(cpp), "%s.CapacityProvider", ip);
		cp = provider_ref(m, json_object_get(x, "CapacityProvider"), cpp);
		add_provider(m, cp);
		json_object_set_new(o, "capacityProvider", cp);
	}
	imp_copy(m, o, "base", x, "Base", ip, AS_NUMBER);
	imp_copy(m, o, "weight", x, "Weight", ip, AS_NUMBER);
	return o;
}

json_t *imp_conv_strategy(imp *m, const json_t *obj, const char *key, const char *path)
{
	return imp_conv_each(m, obj, key, path, strategy_entry);
}

/* The Auto Scaling group of the template that a provider's
 * AutoScalingGroupArn names (a Ref, or its name or ARN), or NULL. */
static const char *provider_group(imp *m, const json_t *raw)
{
	const char *id = imp_ref_target(m, raw, "AWS::AutoScaling::AutoScalingGroup"), *k;
	char *s;
	const json_t *r;

	if (id || !raw)
		return id;
	if (!(s = imp_text_or_null(m, raw)))
		return NULL;
	json_object_foreach(m->resources, k, r) {
		const json_t *n = json_object_get(imp_props(r), "AutoScalingGroupName");
		const char *name = json_string_value(n), *tail = strstr(s, "autoScalingGroupName/");
		if (strcmp(imp_rtype(r), "AWS::AutoScaling::AutoScalingGroup") || !name)
			continue;
		if (strcmp(name, s) == 0 || (tail && strcmp(tail + 21, name) == 0)) {
			free(s);
			return k;
		}
	}
	free(s);
	return NULL;
}

void imp_provider(imp *m, const char *id, const json_t *res, json_t *used_groups)
{
	const json_t *p = imp_props(res);
	char path[PATHMAX], ap[PATHMAX], kp[PATHMAX], *name = imp_cp_name(m, id);
	json_t *cp = json_string(name), *asgp, *ms, *status = NULL, *min, *max;
	const char *group;

	free(name);
	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	add_provider(m, cp);
	if (json_object_get(p, "ManagedInstancesProvider"))
		imp_note(m, path, "an ECS Managed Instances provider: not modelled (the scenario "
			 "refuses it); give its capacity as an Auto Scaling group provider");
	if (!(asgp = imp_get(m, p, "AutoScalingGroupProvider", path, ap)) ||
	    (!json_is_object(asgp) && !imp_is_fill(asgp))) {
		json_decref(asgp);
		json_decref(cp);
		return;
	}
	group = provider_group(m, json_object_get(asgp, "AutoScalingGroupArn"));
	if (group) {
		json_object_set_new(used_groups, group, json_true());
		imp_group_instances(m, group, cp, &min, &max);
	} else {
		json_t *in = json_object(), *t;
		char gp[PATHMAX];
		snprintf(gp, sizeof(gp), "%s%s", ap, imp_is_fill(asgp) ? "" : ".AutoScalingGroupArn");
		t = imp_is_fill(asgp) ? json_incref(asgp) :
		    imp_fill(m, gp, imp_fmt("the instance type of capacity provider %s's Auto "
					    "Scaling group (the group is not in the template)",
					    json_string_value(cp)));
		imp_add_type(m, t, gp);
		json_object_set_new(in, "instanceType", t);
		json_object_set_new(in, "count", imp_fill(m, gp, imp_fmt("the size of capacity "
									 "provider %s's Auto "
									 "Scaling group",
									 json_string_value(cp))));
		json_object_set(in, "capacityProvider", cp);
		json_array_append_new(m->instances, in);
		min = imp_fill(m, gp, imp_fmt("the MinSize of capacity provider %s's Auto Scaling "
					      "group", json_string_value(cp)));
		max = imp_fill(m, gp, imp_fmt("the MaxSize of capacity provider %s's Auto Scaling "
					      "group", json_string_value(cp)));
	}
	if ((ms = imp_get(m, asgp, "ManagedScaling", ap, kp)) && imp_is_fill(ms)) {
		status = json_incref(ms);
	} else if (ms && json_is_object(ms)) {
		char sp[PATHMAX];
		status = imp_get_deep(m, ms, "Status", kp, sp);
		if (!status)
			status = imp_fill(m, sp, xstrdup("ENABLED or DISABLED (ManagedScaling has "
							 "no Status; ECS documents no default)"));
	}
	if (status && !(imp_str(status) && strcmp(imp_str(status), "DISABLED") == 0)) {
		json_t *g = json_object(), *o = json_object(), *mtp;
		json_object_set(g, "capacityProvider", cp);
		json_object_set(g, "minSize", min);
		json_object_set(g, "maxSize", max);
		json_object_set_new(o, "status", json_incref(status));
		imp_copy(m, o, "targetCapacity", ms, "TargetCapacity", kp, AS_NUMBER);
		imp_copy(m, o, "minimumScalingStepSize", ms, "MinimumScalingStepSize", kp, AS_NUMBER);
		imp_copy(m, o, "maximumScalingStepSize", ms, "MaximumScalingStepSize", kp, AS_NUMBER);
		imp_copy(m, o, "instanceWarmupPeriod", ms, "InstanceWarmupPeriod", kp, AS_NUMBER);
		json_object_set_new(g, "managedScaling", o);
		if (!(mtp = imp_get_deep(m, asgp, "ManagedTerminationProtection", ap, kp))) {
			imp_note(m, kp, "absent: ECS's default is DISABLED (scale-in may pick busy "
				 "instances, drained first with managed draining): say ENABLED if "
				 "the group protects its instances from scale-in");
			mtp = json_string("DISABLED");
		}
		json_object_set_new(g, "managedTerminationProtection", mtp);
		if ((mtp = imp_get_deep(m, asgp, "ManagedDraining", ap, kp)))
			json_object_set_new(g, "managedDraining", mtp);
		json_array_append_new(m->asgs, g);
	}
	json_decref(status);
	json_decref(ms);
	json_decref(min);
	json_decref(max);
	json_decref(asgp);
	json_decref(cp);
}

void imp_cluster_providers(imp *m, const char *id, const json_t *res, json_t **dflt)
{
	const json_t *p = imp_props(res), *list = json_object_get(p, "CapacityProviders");
	char path[PATHMAX], kp[PATHMAX], ip[PATHMAX];
	json_t *v;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	snprintf(kp, sizeof(kp), "%s.CapacityProviders", path);
	if (json_is_array(list))
		for (size_t i = 0; i < json_array_size(list); i++) {
			snprintf(ip, sizeof(ip), "%s[%zu]", kp, i);
			v = provider_ref(m, json_array_get(list, i), ip);
			add_provider(m, v);
			json_decref(v);
		}
	if (!*dflt && (v = imp_conv_strategy(m, p, "DefaultCapacityProviderStrategy", path)))
		*dflt = v;
}
