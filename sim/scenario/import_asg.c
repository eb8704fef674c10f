/* import_asg.c - AWS::AutoScaling::AutoScalingGroup into the scenario's
 * instances and instanceTypes: the group's one instance type (launch
 * template, launch configuration or mixed instances policy), purchase
 * option, size and zones.  Capacity providers are import_provider.c's.
 */
#include "import_asg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_eval.h"
#include "import_note.h"
#include "import_props.h"
#include "import_tpl.h"
#include "import_zones.h"

/* The launch template a specification ({LaunchTemplateId|LaunchTemplateName,
 * Version}) names, or NULL. */
static const char *launch_template(imp *m, const json_t *spec)
{
	const char *id = imp_ref_target(m, json_object_get(spec, "LaunchTemplateId"),
					"AWS::EC2::LaunchTemplate");
	const json_t *name = json_object_get(spec, "LaunchTemplateName"), *r;
	const char *k;
	char *s;

	if (id)
		return id;
	if (!name)
		return NULL;
	if ((id = imp_ref_target(m, name, "AWS::EC2::LaunchTemplate")))
		return id;
	if (!(s = imp_text_or_null(m, name)))
		return NULL;
	json_object_foreach(m->resources, k, r) {
		char *n;
		const json_t *raw = json_object_get(imp_props(r), "LaunchTemplateName");
		if (strcmp(imp_rtype(r), "AWS::EC2::LaunchTemplate") || !raw)
			continue;
		n = imp_text_or_null(m, raw);
		if (n && strcmp(n, s) == 0) {
			free(n);
			free(s);
			return k;
		}
		free(n);
	}
	free(s);
	return NULL;
}

/* The instance type of a launch template's data (tpath where it is), and
 * into *purchase "spot" when its market type says so. */
static json_t *lt_type(imp *m, const char *lt, const char *group, const char *gpath,
		       json_t **purchase, char *tpath)
{
	const json_t *data = json_object_get(imp_props(imp_resource(m, lt)), "LaunchTemplateData");
	char path[PATHMAX], kp[PATHMAX], mp[PATHMAX];
	json_t *t, *mo;

	snprintf(path, sizeof(path), "Resources.%s.Properties.LaunchTemplateData", lt);
	snprintf(tpath, PATHMAX, "%s.InstanceType", path);
	if ((mo = imp_get(m, data, "InstanceMarketOptions", path, kp))) {
		json_t *mt = imp_is_fill(mo) ? json_incref(mo)
					     : imp_get_deep(m, mo, "MarketType", kp, mp);
		if (imp_is_fill(mt))
			*purchase = json_incref(mt);
		else if (imp_str(mt) && strcasecmp(imp_str(mt), "spot") == 0)
			*purchase = json_string("spot");
		json_decref(mt);
		json_decref(mo);
	}
	if (json_object_get(data, "InstanceRequirements") &&
	    !json_object_get(data, "InstanceType"))
		return imp_fill(m, gpath, imp_fmt("one instance type for Auto Scaling group %s (its "
						  "launch template %s selects types by attributes)",
						  group, lt));
	if ((t = imp_get_deep(m, data, "InstanceType", path, kp)))
		return t;
	return imp_fill(m, gpath, imp_fmt("the instance type of Auto Scaling group %s (launch "
					  "template %s gives none)", group, lt));
}

/* The one instance type a mixed instances policy's Overrides (at op) name,
 * or a placeholder when they name several; NULL when none. */
static json_t *override_type(imp *m, const json_t *ov, const char *op, const char *asg)
{
	json_t *types = json_array(), *x, *t = NULL;
	char *list;
	size_t i, k;

	json_array_foreach(ov, i, x) {
		json_t *it = json_object_get(x, "InstanceType"), *y;
		int seen = 0;
		if (!json_is_string(it))
			continue;
		json_array_foreach(types, k, y)
			seen |= json_equal(y, it);
		if (!seen)
			json_array_append(types, it);
	}
	list = imp_join(types);
	if (json_array_size(types) == 1)
		t = json_incref(json_array_get(types, 0));
	else if (json_array_size(types) > 1)
		t = imp_fill(m, op, imp_fmt("one instance type for Auto Scaling group %s (its mixed "
					    "instances policy lists %s; ecsim gives a group one "
					    "type)", asg,
					    list));
	free(list);
	json_decref(types);
	return t;
}

/* A mixed instances policy's purchase option: on-demand above a base
 * (CloudFormation's defaults: base 0, 100 % on-demand). */
static json_t *distribution(imp *m, const json_t *dist, const char *dp, const char *asg)
{
	char bp[PATHMAX], pp[PATHMAX];
	json_t *base = imp_get_deep(m, dist, "OnDemandBaseCapacity", dp, bp), *v = NULL;
	json_t *pct = imp_get_deep(m, dist, "OnDemandPercentageAboveBaseCapacity", dp, pp);

	base = base ? imp_as_number(base) : json_integer(0);
	pct = pct ? imp_as_number(pct) : json_integer(100);
	if (imp_is_fill(pct) || imp_is_fill(base))
		v = json_incref(imp_is_fill(pct) ? pct : base);
	else if (json_is_integer(pct) && json_integer_value(pct) == 0 && json_is_integer(base) &&
		 json_integer_value(base) == 0)
		v = json_string("spot");
	else if (!(json_is_integer(pct) && json_integer_value(pct) == 100))
		v = imp_fill(m, dp, imp_fmt("on-demand or spot for Auto Scaling group %s (it mixes "
					    "both; ecsim gives a group one purchase option)", asg));
	json_decref(base);
	json_decref(pct);
	return v;
}

/* The instance type of group (logical ID asg) as a string or placeholder,
 * and tpath where it comes from; *purchase the purchase option ("spot"),
 * or a placeholder, or NULL (on-demand). */
static json_t *asg_type(imp *m, const char *asg, json_t **purchase, char *tpath)
{
	const json_t *p = imp_props(imp_resource(m, asg)), *spec;
	char path[PATHMAX], gpath[PATHMAX], kp[PATHMAX];
	const char *lt;
	json_t *t = NULL;

	*purchase = NULL;
	snprintf(path, sizeof(path), "Resources.%s.Properties", asg);
	snprintf(gpath, sizeof(gpath), "%s.LaunchTemplate", path);
	if (json_object_get(p, "MixedInstancesPolicy")) {
		json_t *mp = imp_get(m, p, "MixedInstancesPolicy", path, kp), *ltc = NULL, *ov = NULL,
		       *dist = NULL, *lt_purchase = NULL;
		char lp[PATHMAX], op[PATHMAX], dp[PATHMAX];
		snprintf(gpath, sizeof(gpath), "%s", kp);
		if (imp_is_fill(mp))
			t = json_incref(mp);
		else if ((ltc = imp_get(m, mp, "LaunchTemplate", kp, lp)) && imp_is_fill(ltc))
			t = json_incref(ltc);
		else if ((ov = imp_get_deep(m, ltc, "Overrides", lp, op)) && imp_is_fill(ov))
			t = json_incref(ov);
		if (!t && json_is_array(ov) && (t = override_type(m, ov, op, asg)))
			snprintf(tpath, PATHMAX, "%s", op);
		if (!t && ltc && (spec = json_object_get(ltc, "LaunchTemplateSpecification")) &&
		    (lt = launch_template(m, spec)))
			t = lt_type(m, lt, asg, lp, &lt_purchase, tpath);
		if (t && !tpath[0])
			snprintf(tpath, PATHMAX, "%s", kp);
		json_decref(lt_purchase); /* a mixed policy's distribution decides */
		if (json_is_object(mp) && (dist = imp_get(m, mp, "InstancesDistribution", kp, dp)))
			*purchase = imp_is_fill(dist) ? json_incref(dist)
						      : distribution(m, dist, dp, asg);
		json_decref(dist);
		json_decref(ov);
		json_decref(ltc);
		json_decref(mp);
	} else if ((spec = json_object_get(p, "LaunchTemplate"))) {
		if ((lt = launch_template(m, spec)))
			t = lt_type(m, lt, asg, gpath, purchase, tpath);
	} else if (json_object_get(p, "LaunchConfigurationName")) {
		const char *lc = imp_ref_target(m, json_object_get(p, "LaunchConfigurationName"),
						"AWS::AutoScaling::LaunchConfiguration");
		char lpath[PATHMAX];
		snprintf(gpath, sizeof(gpath), "%s.LaunchConfigurationName", path);
		if (lc) {
			const json_t *lp = imp_props(imp_resource(m, lc));
			snprintf(lpath, sizeof(lpath), "Resources.%s.Properties", lc);
			t = imp_get_deep(m, lp, "InstanceType", lpath, tpath);
			if (json_object_get(lp, "SpotPrice"))
				*purchase = json_string("spot");
		}
	}
	if (!t) {
		snprintf(tpath, PATHMAX, "%s", gpath);
		t = imp_fill(m, gpath, imp_fmt("the instance type of Auto Scaling group %s (its "
					       "launch template is not in the template)", asg));
	}
	return t;
}

void imp_add_type(imp *m, const json_t *type, const char *path)
{
	size_t i;
	json_t *x, *o;
	const char *name = json_string_value(type);

	if (!name)
		return;
	json_array_foreach(m->types, i, x)
		if (json_equal(json_object_get(x, "name"), type))
			return;
	o = json_object();
	json_object_set(o, "name", (json_t *)type);
	if (imp_is_fill(type)) {
		json_object_set_new(o, "cpu", json_string(IMPORT_FILL "the CPU units that type "
							  "registers with ECS>>"));
		json_object_set_new(o, "memory", json_string(IMPORT_FILL "the MiB of memory that "
							     "type registers with ECS>>"));
	} else {
		json_object_set_new(o, "cpu", imp_fill(m, path, imp_fmt("the CPU units one %s "
									"registers with ECS (1024 "
									"per vCPU)", name)));
		json_object_set_new(o, "memory", imp_fill(m, path, imp_fmt("the MiB of memory one "
									   "%s registers with ECS "
									   "(less than it has "
									   "installed)", name)));
	}
	json_array_append_new(m->types, o);
}

/* The group's MinSize or MaxSize (key), a placeholder when absent. */
static json_t *group_bound(imp *m, const json_t *p, const char *key, const char *path,
			   const char *asg)
{
	char kp[PATHMAX];
	json_t *v = imp_get_deep(m, p, key, path, kp);

	return v ? imp_as_number(v) : imp_fill(m, kp, imp_fmt("the %s of Auto Scaling group %s",
							      key, asg));
}

void imp_group_instances(imp *m, const char *asg, const json_t *cp, json_t **min,
			 json_t **max)
{
	const json_t *p = imp_props(imp_resource(m, asg)), *raw;
	char path[PATHMAX], kp[PATHMAX], tpath[PATHMAX] = "";
	json_t *in = json_object(), *purchase, *type = asg_type(m, asg, &purchase, tpath), *count;

	imp_add_type(m, type, tpath);
	snprintf(path, sizeof(path), "Resources.%s.Properties", asg);
	json_object_set_new(in, "instanceType", type);
	*min = group_bound(m, p, "MinSize", path, asg);
	*max = group_bound(m, p, "MaxSize", path, asg);
	if ((count = imp_get_deep(m, p, "DesiredCapacity", path, kp))) {
		count = imp_as_number(count);
	} else {
		imp_note(m, kp, "absent: the group starts at its MinSize");
		count = json_incref(*min);
	}
	json_object_set_new(in, "count", count);
	if (cp)
		json_object_set(in, "capacityProvider", (json_t *)cp);
	if (purchase)
		json_object_set_new(in, "purchaseOption", purchase);
	json_array_append_new(m->instances, in);
	snprintf(kp, sizeof(kp), "%s.AvailabilityZones", path);
	if ((raw = json_object_get(p, "AvailabilityZones")))
		imp_group_zones(m, raw, kp);
	snprintf(kp, sizeof(kp), "%s.VPCZoneIdentifier", path);
	if ((raw = json_object_get(p, "VPCZoneIdentifier")))
		imp_subnet_zones(m, raw, kp);
}
