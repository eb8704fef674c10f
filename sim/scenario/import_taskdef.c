/* import_taskdef.c - AWS::ECS::TaskDefinition into the scenario's
 * taskDefinitions: family, sizes, network mode, placement constraints and
 * containers (ports, resource requirements, health check).  Services are
 * import_service.c's.
 */
#include "import_taskdef.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_eval.h"
#include "import_note.h"
#include "import_props.h"
#include "import_tpl.h"

json_t *imp_conv_constraint(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object();

	imp_copy(m, o, "type", x, "Type", p, AS_IS);
	imp_copy(m, o, "expression", x, "Expression", p, AS_IS);
	return o;
}

static json_t *conv_port(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object();

	imp_copy(m, o, "containerPort", x, "ContainerPort", p, AS_NUMBER);
	imp_copy(m, o, "hostPort", x, "HostPort", p, AS_NUMBER);
	imp_copy(m, o, "protocol", x, "Protocol", p, AS_IS);
	imp_copy(m, o, "containerPortRange", x, "ContainerPortRange", p, AS_IS);
	return o;
}

static json_t *conv_requirement(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object(), *v;

	imp_copy(m, o, "type", x, "Type", p, AS_IS);
	imp_copy(m, o, "value", x, "Value", p, AS_IS);
	/* the API's value is a string ("1"); YAML reads 1 as a number */
	if ((v = json_object_get(o, "value")) && json_is_number(v)) {
		char *s = imp_scalar_text(v);
		json_object_set_new(o, "value", json_string(s));
		free(s);
	}
	return o;
}

static json_t *conv_container(imp *m, const json_t *c, const char *p)
{
	json_t *o = json_object(), *hc, *v;
	char kp[PATHMAX];

	imp_copy(m, o, "name", c, "Name", p, AS_IS);
	if (!json_object_get(o, "name")) {
		snprintf(kp, sizeof(kp), "%s.Name", p);
		json_object_set_new(o, "name", imp_fill(m, kp, xstrdup("the container's name (Name "
								       "is absent)")));
	}
	imp_copy(m, o, "cpu", c, "Cpu", p, AS_NUMBER);
	imp_copy(m, o, "memory", c, "Memory", p, AS_NUMBER);
	imp_copy(m, o, "memoryReservation", c, "MemoryReservation", p, AS_NUMBER);
	if ((v = imp_conv_list(m, c, "PortMappings", p, conv_port)))
		json_object_set_new(o, "portMappings", v);
	if ((v = imp_conv_list(m, c, "ResourceRequirements", p, conv_requirement)))
		json_object_set_new(o, "resourceRequirements", v);
	if ((hc = imp_get(m, c, "HealthCheck", p, kp))) {
		json_t *h = imp_is_fill(hc) ? json_incref(hc) : json_object();
		if (json_is_object(hc)) {
			imp_copy(m, h, "interval", hc, "Interval", kp, AS_NUMBER);
			imp_copy(m, h, "timeout", hc, "Timeout", kp, AS_NUMBER);
			imp_copy(m, h, "retries", hc, "Retries", kp, AS_NUMBER);
			imp_copy(m, h, "startPeriod", hc, "StartPeriod", kp, AS_NUMBER);
		}
		json_object_set_new(o, "healthCheck", h);
		json_decref(hc);
	}
	imp_copy(m, o, "stopTimeout", c, "StopTimeout", p, AS_NUMBER);
	return o;
}

void imp_taskdef(imp *m, const char *id, const json_t *res)
{
	const json_t *p = imp_props(res);
	char path[PATHMAX], *family = imp_td_family(m, id);
	json_t *td = json_object(), *v;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	json_object_set_new(td, "family", json_string(family));
	free(family);
	imp_copy(m, td, "cpu", p, "Cpu", path, AS_IS);
	imp_copy(m, td, "memory", p, "Memory", path, AS_IS);
	imp_copy(m, td, "networkMode", p, "NetworkMode", path, AS_IS);
	imp_copy(m, td, "requiresCompatibilities", p, "RequiresCompatibilities", path, AS_IS);
	if ((v = imp_conv_list(m, p, "PlacementConstraints", path, imp_conv_constraint)))
		json_object_set_new(td, "placementConstraints", v);
	if ((v = imp_conv_list(m, p, "ContainerDefinitions", path, conv_container)))
		json_object_set_new(td, "containerDefinitions", v);
	json_array_append_new(m->taskdefs, td);
}
