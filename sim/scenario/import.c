/* import.c - `ecsim import`'s driver (see import.h): reads the template
 * (JSON, or YAML through yamlread.c), checks it and the --parameter names,
 * runs the mappers resource type by resource type in an order where each
 * finds what it refers to, and assembles the scenario.  The evaluation and
 * the mapping are the import_*.c files'; the checks of the result the loader's.
 */
#include "import.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_asg.h"
#include "import_ctx.h"
#include "import_eval.h"
#include "import_note.h"
#include "import_provider.h"
#include "import_scaling.h"
#include "import_service.h"
#include "import_taskdef.h"
#include "import_tpl.h"
#include "yamlread.h"

/* Whether resource id is in the stack: its Condition true (or unknown:
 * kept, with a note). */
static int included(imp *m, const char *id, const json_t *res)
{
	const char *cond = json_string_value(json_object_get(res, "Condition"));
	char path[PATHMAX], *why = NULL;
	int c;

	if (!cond)
		return 1;
	snprintf(path, sizeof(path), "Resources.%s.Condition", id);
	if ((c = imp_cond_eval(m, cond, &why)) == 0) {
		imp_note(m, path, "%s is false: the resource is left out", cond);
		return 0;
	}
	if (c < 0) {
		imp_note(m, path, "%s cannot be evaluated (%s): the resource is kept", cond, why);
		free(why);
	}
	return 1;
}

static int is_ecs(const char *t)
{
	return strcmp(t, "AWS::ECS::TaskDefinition") == 0 || strcmp(t, "AWS::ECS::Service") == 0 ||
	       strcmp(t, "AWS::ECS::CapacityProvider") == 0 || strcmp(t, "AWS::ECS::Cluster") == 0 ||
	       strcmp(t, "AWS::ECS::ClusterCapacityProviderAssociations") == 0;
}

static json_t *read_template(const char *file, ecs_err *e)
{
	FILE *f = fopen(file, "rb");
	json_error_t jerr;
	json_t *j;
	int c;

	if (!f) {
		err_set(e, "cannot open %s: %s", file, strerror(errno));
		return NULL;
	}
	while ((c = getc(f)) != EOF && isspace(c))
		;
	fclose(f);
	if (c != '{')
		return yamlread_file(file, e);
	if (!(j = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr)))
		err_set(e, "%s:%d:%d: %s", file, jerr.line, jerr.column, jerr.text);
	return j;
}

static json_t *scenario_of(imp *m, json_t *dflt)
{
	json_t *sc = json_object(), *cl = json_object();
	const char *base = strrchr(m->file, '/');
	char *name = xstrdup(base ? base + 1 : m->file), *dot = strrchr(name, '.');

	if (dot && dot != name)
		*dot = 0;
	json_object_set_new(sc, "name", json_string(name));
	free(name);
	json_object_set_new(sc, "description", json_null()); /* set when the fills are counted */
	json_object_set_new(sc, "duration", json_string("24h"));
	if (json_array_size(m->zones) && !m->zones_unknown) {
		json_object_set(cl, "availabilityZones", m->zones);
	} else {
		json_t *z = json_array();
		char *list = imp_join(m->zones);
		if (!m->zones_unknown)
			json_array_append_new(z, imp_fill(m, "Resources", xstrdup(
				"the cluster's Availability Zones, one string each (the template "
				"names no subnets or zones)")));
		else
			json_array_append_new(z, imp_fill(m, m->zones_path, imp_fmt(
				"the cluster's Availability Zones, one string each (%s%s%s)",
				m->zones_why, *list ? "; the template names " : "", list)));
		free(list);
		json_object_set_new(cl, "availabilityZones", z);
	}
	json_object_set(cl, "instanceTypes", m->types);
	json_object_set(cl, "instances", m->instances);
	if (json_array_size(m->providers))
		json_object_set(cl, "capacityProviders", m->providers);
	if (dflt)
		json_object_set(cl, "defaultCapacityProviderStrategy", dflt);
	if (json_array_size(m->asgs))
		json_object_set(cl, "autoScalingGroupProviders", m->asgs);
	json_object_set_new(sc, "cluster", cl);
	json_object_set(sc, "taskDefinitions", m->taskdefs);
	json_object_set(sc, "services", m->services);
	return sc;
}

/* Fills the placeholders' text in as the scenario shows it, and the
 * description. */
static void finish(imp *m)
{
	char *d = m->r->nfills ?
		imp_fmt("Imported by 'ecsim import' from %s: %d value%s to fill in (search for "
			"\"<<FILL IN\"); duration is ecsim's choice. See docs/import.md.", m->file,
			m->r->nfills, m->r->nfills == 1 ? "" : "s") :
		imp_fmt("Imported by 'ecsim import' from %s; duration is ecsim's choice. See "
			"docs/import.md.", m->file);

	json_object_set_new(m->r->scenario, "description", json_string(d));
	free(d);
}

int import_template(const char *file, const import_opts *o, import_result *r, ecs_err *e)
{
	imp m = { .file = file, .o = o, .r = r };
	json_t *dflt = NULL, *used_groups, *res;
	const char *id;
	int ecs = 0;

	*r = (import_result){ 0 };
	if (!(m.tpl = read_template(file, e)))
		return -1;
	m.resources = json_object_get(m.tpl, "Resources");
	if (!json_is_object(m.tpl) || !json_is_object(m.resources)) {
		json_decref(m.tpl);
		return err_set(e, "%s: not a CloudFormation template (no Resources object)", file);
	}
	json_object_foreach(m.resources, id, res)
		ecs |= json_is_object(res) && is_ecs(imp_rtype(res));
	if (!ecs) {
		json_decref(m.tpl);
		return err_set(e, "%s: no ECS resources in the template (ecsim import reads "
			       "AWS::ECS::TaskDefinition, AWS::ECS::Service, "
			       "AWS::ECS::CapacityProvider, AWS::ECS::Cluster and "
			       "AWS::ECS::ClusterCapacityProviderAssociations, with their Auto "
			       "Scaling groups and Service Auto Scaling)", file);
	}
	m.params = json_object_get(m.tpl, "Parameters");
	m.conditions = json_object_get(m.tpl, "Conditions");
	m.mappings = json_object_get(m.tpl, "Mappings");
	for (int i = 0; o && i < o->nparams; i++) {
		const char *eq = strchr(o->params[i], '=');
		char name[256];
		snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - o->params[i]) : 0, o->params[i]);
		if (!eq || !json_object_get(m.params, name)) {
			json_decref(m.tpl);
			return err_set(e, "--parameter %s: %s", o->params[i],
				       eq ? "the template has no such parameter" : "expected NAME=VALUE");
		}
	}
	m.novalue = json_object();
	m.conds = json_object();
	m.noted = json_object();
	m.taskdefs = json_array();
	m.services = json_array();
	m.providers = json_array();
	m.instances = json_array();
	m.types = json_array();
	m.asgs = json_array();
	m.svc_by_id = json_object();
	m.target_svc = json_object();
	m.zones = json_array();
	used_groups = json_object();

	/* in an order where each finds what it refers to */
	json_object_foreach(m.resources, id, res)
		if (strcmp(imp_rtype(res), "AWS::ECS::TaskDefinition") == 0 && included(&m, id, res))
			imp_taskdef(&m, id, res);
	json_object_foreach(m.resources, id, res)
		if ((strcmp(imp_rtype(res), "AWS::ECS::ClusterCapacityProviderAssociations") == 0 ||
		     strcmp(imp_rtype(res), "AWS::ECS::Cluster") == 0) && included(&m, id, res))
			imp_cluster_providers(&m, id, res, &dflt);
	json_object_foreach(m.resources, id, res)
		if (strcmp(imp_rtype(res), "AWS::ECS::CapacityProvider") == 0 &&
		    included(&m, id, res))
			imp_provider(&m, id, res, used_groups);
	json_object_foreach(m.resources, id, res)
		if (strcmp(imp_rtype(res), "AWS::AutoScaling::AutoScalingGroup") == 0 &&
		    !json_object_get(used_groups, id) && included(&m, id, res)) {
			json_t *min, *max;
			char path[PATHMAX];
			snprintf(path, sizeof(path), "Resources.%s", id);
			imp_note(&m, path, "a group of no capacity provider: its instances take "
				 "tasks of the EC2 launch type, and its own scaling policies are "
				 "not simulated (it keeps its starting size)");
			imp_group_instances(&m, id, NULL, &min, &max);
			json_decref(min);
			json_decref(max);
		}
	json_object_foreach(m.resources, id, res)
		if (strcmp(imp_rtype(res), "AWS::ECS::Service") == 0 && included(&m, id, res))
			imp_service(&m, id, res);
	json_object_foreach(m.resources, id, res)
		if (strcmp(imp_rtype(res), "AWS::ApplicationAutoScaling::ScalableTarget") == 0 &&
		    included(&m, id, res))
			imp_target(&m, id, res);
	json_object_foreach(m.resources, id, res)
		if (strcmp(imp_rtype(res), "AWS::ApplicationAutoScaling::ScalingPolicy") == 0 &&
		    included(&m, id, res))
			imp_policy(&m, id, res);

	r->scenario = scenario_of(&m, dflt);
	finish(&m);
	json_decref(dflt);
	json_decref(used_groups);
	json_decref(m.novalue);
	json_decref(m.conds);
	json_decref(m.noted);
	json_decref(m.taskdefs);
	json_decref(m.services);
	json_decref(m.providers);
	json_decref(m.instances);
	json_decref(m.types);
	json_decref(m.asgs);
	json_decref(m.svc_by_id);
	json_decref(m.target_svc);
	json_decref(m.zones);
	free(m.zones_why);
	json_decref(m.tpl);
	return 0;
}

void import_result_destroy(import_result *r)
{
	for (int i = 0; i < r->nfills; i++) {
		free(r->fills[i].path);
		free(r->fills[i].text);
	}
	for (int i = 0; i < r->nnotes; i++) {
		free(r->notes[i].path);
		free(r->notes[i].text);
	}
	free(r->fills);
	free(r->notes);
	json_decref(r->scenario);
	*r = (import_result){ 0 };
}
