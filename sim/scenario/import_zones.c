/* import_zones.c - the cluster's Availability Zones, gathered from the
 * subnets (AWS::EC2::Subnet resources) and groups' zone lists the template
 * names, and the first place whose zone it does not say.  Writing them into
 * the scenario is the driver's (import.c).
 */
#include "import_zones.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_eval.h"
#include "import_tpl.h"

/* A zone of the cluster, or (name NULL) a place whose zone the template
 * does not say: the first is kept for the placeholder. */
static void add_zone(imp *m, const char *name, const char *path, const char *why)
{
	size_t k;
	json_t *y;

	if (!name) {
		if (!m->zones_unknown) {
			m->zones_unknown = 1;
			snprintf(m->zones_path, sizeof(m->zones_path), "%s", path);
			m->zones_why = xstrdup(why);
		}
		return;
	}
	json_array_foreach(m->zones, k, y)
		if (strcmp(json_string_value(y), name) == 0)
			return;
	json_array_append_new(m->zones, json_string(name));
}

void imp_subnet_zones(imp *m, const json_t *raw, const char *path)
{
	char ip[PATHMAX], zp[PATHMAX];
	size_t i;
	json_t *x;

	if (!json_is_array(raw)) {
		add_zone(m, NULL, path, "subnets the template does not define");
		return;
	}
	json_array_foreach(raw, i, x) {
		const char *id = imp_ref_target(m, x, "AWS::EC2::Subnet");
		const json_t *az = id ? json_object_get(imp_props(imp_resource(m, id)),
							"AvailabilityZone") : NULL;
		char *why = NULL, *zone = az ? imp_eval_text(m, az, &why) : NULL;
		snprintf(ip, sizeof(ip), "%s[%zu]", path, i);
		snprintf(zp, sizeof(zp), "Resources.%s.Properties.AvailabilityZone", id ? id : "");
		if (zone)
			add_zone(m, zone, ip, NULL);
		else if (!id)
			add_zone(m, NULL, ip, "a subnet the template does not define");
		else if (!az)
			add_zone(m, NULL, zp, "the subnet gives no AvailabilityZone");
		else
			add_zone(m, NULL, zp, why);
		free(zone);
		free(why);
	}
}

void imp_group_zones(imp *m, const json_t *raw, const char *path)
{
	char *why = NULL;
	json_t *z = imp_eval_deep(m, raw, &why), *x;
	size_t i;

	if (!json_is_array(z))
		add_zone(m, NULL, path, why ? why : "not a list of zones");
	json_array_foreach(z, i, x)
		add_zone(m, json_string_value(x), path, "not a zone name");
	json_decref(z);
	free(why);
}
