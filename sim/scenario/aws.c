/* aws.c - what the AWS CLI prints, taken where the sections take their own
 * objects: the outputs of describe-task-definition (and
 * register-task-definition), describe-services and
 * describe-capacity-providers, and the capacity provider objects those
 * print with their Auto Scaling group settings.  Owns the wrappers and
 * what the printed providers say; the task definitions, services and
 * managed groups themselves are parsed by taskdef.c, service.c and
 * asg.c.
 */
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

/* DescribeTaskDefinition's response: taskDefinition and tags. */
static const jread_key taskdef_output[] = {
	JR_LIKE("taskDefinition", &sc_taskdef_json, "the task definition", JREAD_REQ),
	JR_IGNORED("tags"),
	JREAD_END,
};

const jread_val sc_aws_taskdef_json = {
	.type = JREAD_OBJ, .keys = taskdef_output, .def = "describeTaskDefinitionOutput",
};

int sc_aws_taskdef(const json_t *j, const char *path, const json_t **td, char *tdpath,
		   ecs_err *e)
{
	const json_t *v;

	*td = j;
	snprintf(tdpath, JREAD_PATHMAX, "%s", path);
	if (!json_is_object(j) || !(v = json_object_get(j, "taskDefinition")))
		return 0;
	if (jread_check_keys(j, path, taskdef_output, e) < 0)
		return -1;
	jread_kpath(tdpath, path, "taskDefinition");
	if (jread_object(v, tdpath, e) < 0)
		return -1;
	*td = v;
	return 0;
}

static void add_item(sc_aws_list *l, const json_t *j, const char *path, int printed)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->items = xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	l->items[l->n].j = j;
	snprintf(l->items[l->n].path, sizeof(l->items[l->n].path), "%s", path);
	l->items[l->n++].printed = printed;
}

/* One CLI output w at path: its array under its first key, the other keys
 * it prints (ignored) accepted. */
static int add_output(sc_aws_list *l, const json_t *w, const char *path,
		      const jread_key *output, ecs_err *e)
{
	const char *key = output[0].name;
	char apath[JREAD_PATHMAX], q[JREAD_PATHMAX];
	const json_t *arr = json_object_get(w, key), *v;
	size_t i;

	if (jread_check_keys(w, path, output, e) < 0 ||
	    jread_array(arr, jread_kpath(apath, path, key), e) < 0)
		return -1;
	json_array_foreach(arr, i, v)
		add_item(l, v, jread_ipath(q, apath, i), 1);
	return 0;
}

int sc_aws_list_read(sc_aws_list *l, const json_t *v, const char *path,
		     const jread_key *output, size_t max, const char *what, ecs_err *e)
{
	const char *key = output[0].name;
	char q[JREAD_PATHMAX];
	const json_t *x;
	size_t i;

	*l = (sc_aws_list){ 0 };
	if (json_is_object(v) && json_object_get(v, key)) {
		if (add_output(l, v, path, output, e) < 0)
			return -1;
	} else {
		if (jread_array_max(v, path, max, what, e) < 0)
			return -1;
		json_array_foreach(v, i, x) {
			jread_ipath(q, path, i);
			if (json_is_object(x) && json_object_get(x, key)) {
				if (add_output(l, x, q, output, e) < 0)
					return -1;
			} else {
				add_item(l, x, q, 0);
			}
		}
	}
	if (l->n > max)
		return err_set(e, "%s: %zu %s, at most %zu", path, l->n, what, max);
	return 0;
}

void sc_aws_list_free(sc_aws_list *l)
{
	free(l->items);
	*l = (sc_aws_list){ 0 };
}

/* The AutoScalingGroupProvider type of the ECS API. */
static const jread_key printed_asg_keys[] = {
	JR_ANY("autoScalingGroupArn", "the group (not read)"),
	JR_LIKE("managedScaling", &sc_managed_scaling_json, "ECS's managed scaling of the group"),
	JR_WORDS("managedTerminationProtection", JREAD_LIST("ENABLED", "DISABLED"),
		 "whether scale-in may remove instances with tasks"),
	JR_WORDS("managedDraining", JREAD_LIST("ENABLED", "DISABLED"),
		 "whether an instance is drained before it terminates"),
	JREAD_END,
};

/* autoScalingGroupProvider of a printed capacity provider (at p): what
 * its managed scaling and termination protection say, for the
 * autoScalingGroupProviders entry that names the provider. */
static int printed_asg(sc_cp_printed *cp, const json_t *j, const char *p, ecs_err *e)
{
	static const char *const states[] = { "DISABLED", "ENABLED", NULL };
	const json_t *ms;
	char q[JREAD_PATHMAX];
	int rc = 0;

	cp->mtp_enabled = cp->md_enabled = -1;
	if (jread_object(j, p, e) < 0 || jread_check_keys(j, p, printed_asg_keys, e) < 0 ||
	    jread_choice(j, "managedTerminationProtection", p, states, "setting",
			 &cp->mtp_enabled, e) < 0 ||
	    jread_choice(j, "managedDraining", p, states, "setting", &cp->md_enabled, e) < 0)
		return -1;
	cp->path = xstrdup(p);
	if (rc == 0 && (ms = json_object_get(j, "managedScaling"))) {
		cp->scaling = 1;
		rc = sc_read_managed_scaling(&cp->ms, ms, jread_kpath(q, p, "managedScaling"),
					     &cp->managed, e);
	}
	return rc;
}

/* The CapacityProvider type of the ECS API. */
static const jread_key provider_keys[] = {
	JR_NAME("name", "the provider's name", JREAD_REQ),
	JR_OBJ("autoScalingGroupProvider", printed_asg_keys, "its Auto Scaling group settings"),
	JR_IGNORED("capacityProviderArn"),
	JR_IGNORED("cluster"),
	JR_IGNORED("status"),
	JR_IGNORED("updateStatus"),
	JR_IGNORED("updateStatusReason"),
	JR_IGNORED("tags"),
	JR_IGNORED("type"),
	JREAD_END,
};

/* A provider's name, or the provider as describe-capacity-providers prints it. */
const jread_val sc_aws_provider_json = {
	.type = JREAD_STR | JREAD_OBJ, .flags = JREAD_NONEMPTY, .keys = provider_keys,
	.def = "capacityProvider",
};

int sc_aws_provider(scenario *sc, const json_t *v, const char *p, const char **name,
		    ecs_err *e)
{
	sc_cp_printed *cp;
	const json_t *asg;
	char q[JREAD_PATHMAX];

	/* one entry past the providers stays zeroed: sc_aws_destroy reads it */
	sc->cp_printed = xrealloc(sc->cp_printed,
				  (size_t)(sc->nproviders + 2) * sizeof(*sc->cp_printed));
	cp = &sc->cp_printed[sc->nproviders];
	cp[0] = cp[1] = (sc_cp_printed){ 0 };
	if (json_is_string(v) && *json_string_value(v)) {
		*name = json_string_value(v);
		return 0;
	}
	if (!json_is_object(v))
		return err_set(e, "%s: must be a capacity provider name (or a capacity provider "
			       "as describe-capacity-providers prints it)", p);
	if (json_object_get(v, "managedInstancesProvider"))
		return err_set(e, "%s.managedInstancesProvider: ECS Managed Instances capacity "
			       "providers are not modelled (only Auto Scaling group providers, "
			       "FARGATE and FARGATE_SPOT)", p);
	if (jread_check_keys(v, p, provider_keys, e) < 0)
		return -1;
	if (!json_is_string(json_object_get(v, "name")) ||
	    !*json_string_value(json_object_get(v, "name")))
		return err_set(e, "%s.name: %s", p, json_object_get(v, "name") ?
			       "must be a capacity provider name" : "required");
	*name = json_string_value(json_object_get(v, "name"));
	if (!(asg = json_object_get(v, "autoScalingGroupProvider")))
		return 0;
	if (strcmp(*name, "FARGATE") == 0 || strcmp(*name, "FARGATE_SPOT") == 0)
		return err_set(e, "%s.autoScalingGroupProvider: %s has no Auto Scaling group", p,
			       *name);
	return printed_asg(cp, asg, jread_kpath(q, p, "autoScalingGroupProvider"), e);
}

/* The printed provider of entry g, or NULL. */
static sc_cp_printed *printed_of(const scenario *sc, const sc_asg *g)
{
	sc_cp_printed *cp = &sc->cp_printed[g->provider];

	return cp->path ? cp : NULL;
}

int sc_aws_asg(scenario *sc, sc_asg *g, const json_t *v, ecs_err *e)
{
	sc_cp_printed *cp = printed_of(sc, g);

	sc->cp_printed[g->provider].has_asg = 1;
	(void)v; /* the entry's own keys, read after this, win */
	if (cp && cp->mtp_enabled >= 0)
		g->protect = cp->mtp_enabled;
	if (cp && cp->md_enabled >= 0)
		g->draining = cp->md_enabled;
	return 0;
}

int sc_aws_asg_scaling(const scenario *sc, sc_asg *g, const char *p, ecs_err *e)
{
	const sc_cp_printed *cp = printed_of(sc, g);

	if (!cp || !cp->scaling)
		return err_set(e, "%s.managedScaling: required", p);
	if (!cp->managed)
		return err_set(e, "%s.managedScaling.status: only ENABLED (leave the provider out "
			       "of autoScalingGroupProviders for a fixed group), not \"DISABLED\"",
			       cp->path);
	g->target = cp->ms.target;
	g->min_step = cp->ms.min_step;
	g->max_step = cp->ms.max_step;
	g->warmup = cp->ms.warmup;
	return 0;
}

int sc_aws_check_printed(const scenario *sc, ecs_err *e)
{
	for (int i = 0; i < sc->nproviders; i++) {
		const sc_cp_printed *cp = &sc->cp_printed[i];
		/* ECS scales such a group; a fixed group in its place would
		 * quietly simulate something else. */
		if (cp->path && cp->managed && !cp->has_asg)
			return err_set(e, "%s.managedScaling: ENABLED, so ECS scales the group of "
				       "\"%s\": give it an entry in "
				       "$.cluster.autoScalingGroupProviders with the group's "
				       "minSize and maxSize (describe-capacity-providers does not "
				       "print them) and its instances in $.cluster.instances",
				       cp->path, sc->providers[i]);
	}
	return 0;
}

void sc_aws_destroy(scenario *sc)
{
	for (int i = 0; sc->cp_printed && i <= sc->nproviders; i++)
		free(sc->cp_printed[i].path);
	free(sc->cp_printed);
	sc->cp_printed = NULL;
}
