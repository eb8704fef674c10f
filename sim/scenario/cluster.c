/* cluster.c - $.cluster: its keys and the order its parts are read in;
 * zones, instances entries (groups of like instances), capacity providers
 * and capacity provider strategies, reserved ports.  Owns the zone and
 * provider names other sections refer to and their look-up; not the
 * instance types (instance_types.c), the autoScalingGroupProviders entries
 * (asg.c), nor the hosts built from them all (the model's).
 */
#include "parse.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cluster/cluster.h"

static const uint16_t default_reserved_ports[] = { 22, 2375, 2376, 51678, 51679 };

static int find_zone(const scenario *sc, const char *name)
{
	for (int i = 0; i < sc->nzones; i++)
		if (strcmp(sc->zones[i], name) == 0)
			return i;
	return -1;
}

int sc_unknown_ref(const char *where, const char *what, const char *name, const char *list,
		   const char *const *names, int n, ecs_err *e)
{
	char known[200];
	size_t k = 0;

	known[0] = 0;
	for (int i = 0; i < n && k < sizeof(known); i++) {
		int w = snprintf(known + k, sizeof(known) - k, "%s%s", i ? ", " : "", names[i]);
		if (w < 0 || (size_t)w >= sizeof(known) - k || (i == 8 && i + 1 < n)) {
			snprintf(known + k, sizeof(known) - k, ", ...");
			break;
		}
		k += (size_t)w;
	}
	return err_set(e, "%s: unknown %s \"%s\" (not in %s: %s)", where, what, name, list, known);
}

/* The zone a field names (where: the field's path): its index, or -1 with
 * the error set. */
static int ref_zone(const scenario *sc, const char *name, const char *where, ecs_err *e)
{
	int z = find_zone(sc, name);

	if (z < 0)
		sc_unknown_ref(where, "zone", name, "$.cluster.availabilityZones",
			       (const char *const *)sc->zones, sc->nzones, e);
	return z;
}

int sc_zone_at(const scenario *sc, const char *path, const char *name, ecs_err *e)
{
	char where[JREAD_PATHMAX];

	snprintf(where, sizeof(where), "%s.zone", path);
	return ref_zone(sc, name, where, e);
}

static int parse_ports_list(const json_t *arr, const char *path, uint16_t **out, int *n,
			    int max, ecs_err *e)
{
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (jread_array(arr, path, e) < 0)
		return -1;
	if ((int)json_array_size(arr) > max)
		return err_set(e, "%s: at most %d ports", path, max);
	*out = xcalloc(json_array_size(arr), sizeof(**out));
	*n = 0;
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 65535)
			return err_set(e, "%s: must be a port number 1-65535",
				       jread_ipath(p, path, i));
		(*out)[(*n)++] = (uint16_t)json_integer_value(v);
	}
	return 0;
}

static int find_provider(const scenario *sc, const char *name)
{
	for (int i = 0; i < sc->nproviders; i++)
		if (strcmp(sc->providers[i], name) == 0)
			return i;
	return -1;
}

int sc_asg_provider_at(const scenario *sc, const char *path, const char *name, ecs_err *e)
{
	int k = find_provider(sc, name);

	if (k < 0 || strcmp(name, "FARGATE") == 0 || strcmp(name, "FARGATE_SPOT") == 0)
		return err_set(e, "%s.capacityProvider: \"%s\" is not an Auto Scaling group "
			       "provider of $.cluster.capacityProviders", path, name);
	return k;
}

static const jread_key instances_keys[] = {
	JR_NAME("instanceType", "an instance type (of instanceTypes, or of the catalog)",
		JREAD_REQ),
	JR_INT("count", 0, SC_MAX_HOSTS, "instances in the group (default 1)"),
	JR_STR("zone", "their zone (default: spread over the zones)"),
	{ .name = "attributes", .doc = "custom attributes, name to value (not ecs.*)",
	  .v = { .type = JREAD_OBJ, .other = &(const jread_val){ .type = JREAD_STR } } },
	JR_STR("capacityProvider", "the Auto Scaling group capacity provider they belong to"),
	JR_WORDS("purchaseOption", JREAD_LIST("on-demand", "spot"), "default on-demand"),
	JREAD_END,
};

static int parse_instances(scenario *sc, sc_instances *in, const json_t *j,
			   const char *path, ecs_err *e)
{
	char *type = NULL, *zone = NULL, *cp = NULL, *po = NULL, p[JREAD_PATHMAX];
	json_t *attrs;
	int rc = -1;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, instances_keys, e) < 0)
		return -1;
	in->count = 1;
	in->zone = -1;
	in->provider = -1;
	if (jread_str(j, "instanceType", path, &type, 1, e) < 0 ||
	    jread_int(j, "count", path, &in->count, 0, SC_MAX_HOSTS, 0, e) < 0 ||
	    jread_str(j, "zone", path, &zone, 0, e) < 0 ||
	    jread_str(j, "capacityProvider", path, &cp, 0, e) < 0 ||
	    jread_str(j, "purchaseOption", path, &po, 0, e) < 0)
		goto out;
	if (po && strcmp(po, "spot") != 0 && strcmp(po, "on-demand") != 0) {
		err_set(e, "%s.purchaseOption: unknown purchase option \"%s\" (known: on-demand, "
			"spot)", path, po);
		goto out;
	}
	in->spot = po && strcmp(po, "spot") == 0;
	/* ecsim: the instances of an Auto Scaling group capacity provider */
	if (cp && (in->provider = sc_asg_provider_at(sc, path, cp, e)) < 0)
		goto out;
	if ((in->type = sc_instance_type_at(sc, path, type, e)) < 0)
		goto out;
	if (zone && (in->zone = sc_zone_at(sc, path, zone, e)) < 0)
		goto out;
	if ((attrs = json_object_get(j, "attributes"))) {
		const char *k;
		json_t *v;
		jread_kpath(p, path, "attributes");
		if (jread_object(attrs, p, e) < 0)
			goto out;
		if (json_object_size(attrs) > SC_MAX_ATTRS) {
			err_set(e, "%s: %zu attributes, at most %d (the ECS quota per instance)", p,
				json_object_size(attrs), SC_MAX_ATTRS);
			goto out;
		}
		in->attrs = xcalloc(json_object_size(attrs), sizeof(*in->attrs));
		json_object_foreach(attrs, k, v) {
			char q[JREAD_PATHMAX];
			if (!json_is_string(v)) {
				err_set(e, "%s: must be a string, not %s", jread_kpath(q, p, k),
					jread_type_name(v));
				goto out;
			}
			if (strncmp(k, "ecs.", 4) == 0) {
				err_set(e, "%s: \"ecs.\" attributes are built in and cannot be set",
					jread_kpath(q, p, k));
				goto out;
			}
			in->attrs[in->nattrs].name = xstrdup(k);
			in->attrs[in->nattrs++].value = xstrdup(json_string_value(v));
		}
	}
	rc = 0;
out:
	free(type);
	free(zone);
	free(cp);
	free(po);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The model keeps one value per host and attribute name: instances x
 * (distinct custom names + the built-in ones) must stay bounded. */
static int check_attr_cells(const scenario *sc, ecs_err *e)
{
	int64_t n = 0, distinct = 0;
	char **names;

	for (int i = 0; i < sc->ninstances; i++)
		n += sc->instances[i].nattrs;
	names = xcalloc((size_t)n + 1, sizeof(*names));
	n = 0;
	for (int i = 0; i < sc->ninstances; i++)
		for (int k = 0; k < sc->instances[i].nattrs; k++)
			names[n++] = sc->instances[i].attrs[k].name;
	qsort(names, (size_t)n, sizeof(*names), cmp_str);
	for (int64_t i = 0; i < n; i++)
		distinct += i == 0 || strcmp(names[i - 1], names[i]) != 0;
	free(names);
	distinct += CL_NBUILTIN_ATTRS;
	if (sc->nhosts * distinct > SC_MAX_ATTR_CELLS)
		return err_set(e, "$.cluster.instances: %" PRId64 " instances with %" PRId64
			       " attribute names (built-in ones included) make %" PRId64
			       " attribute values, at most %d; use fewer instances or attribute names",
			       sc->nhosts, distinct, sc->nhosts * distinct, SC_MAX_ATTR_CELLS);
	return 0;
}

/* What describe-capacity-providers prints. */
static const jread_val printed_providers = { .type = JREAD_ARR, .items = &sc_aws_provider_json };
static const jread_key providers_output[] = {
	JR_LIKE("capacityProviders", &printed_providers, "the providers", JREAD_REQ),
	JR_IGNORED("failures"),
	JR_IGNORED("nextToken"),
	JREAD_END,
};

static const jread_val providers_output_json = {
	.type = JREAD_OBJ, .keys = providers_output, .def = "describeCapacityProvidersOutput",
};

/* providers, outputs among them, or one output */
static const jread_val providers_json = { .any_of = (const jread_val *const[]){
	&(const jread_val){ .type = JREAD_ARR, .items = &(const jread_val){
		.any_of = (const jread_val *const[]){ &sc_aws_provider_json, &providers_output_json,
						      NULL } } },
	&providers_output_json,
	NULL } };

/* cluster.capacityProviders: FARGATE, FARGATE_SPOT, and names of Auto
 * Scaling group providers (their instances name them); or what
 * describe-capacity-providers prints (aws.c). */
static int parse_providers(scenario *sc, const json_t *arr, ecs_err *e)
{
	sc_aws_list l;
	int rc = -1;

	if (!arr)
		return 0;
	if (sc_aws_list_read(&l, arr, "$.cluster.capacityProviders", providers_output,
			     (size_t)INT32_MAX, "capacity providers", e) < 0)
		goto out;
	sc->providers = xcalloc(l.n + 1, sizeof(*sc->providers));
	for (size_t i = 0; i < l.n; i++) {
		const char *name;
		if (sc_aws_provider(sc, l.items[i].j, l.items[i].path, &name, e) < 0)
			goto out;
		if (find_provider(sc, name) >= 0) {
			err_set(e, "%s: duplicate capacity provider \"%s\"", l.items[i].path, name);
			goto out;
		}
		sc->providers[sc->nproviders++] = xstrdup(name);
	}
	rc = 0;
out:
	sc_aws_list_free(&l);
	return rc;
}

static const jread_key cp_item_keys[] = {
	JR_NAME("capacityProvider", "a provider of cluster.capacityProviders", JREAD_REQ),
	JR_INT("base", 0, 100000, "tasks placed with this provider first (one item at most)"),
	JR_INT("weight", 0, 1000, "its share of the tasks beyond the base"),
	JREAD_END,
};

const jread_val sc_cp_strategy_json = {
	.type = JREAD_ARR, .flags = JREAD_NONEMPTY, .def = "capacityProviderStrategy",
	.items = &(const jread_val){ .type = JREAD_OBJ, .keys = cp_item_keys },
};

/* A capacityProviderStrategy, as the ECS API checks it: providers of the
 * cluster, base 0-100000 on at most one item, weight 0-1000 with one > 0,
 * and FARGATE providers not mixed with Auto Scaling group ones. */
int sc_parse_cp_strategy(const scenario *sc, const json_t *arr, const char *path,
			 sc_cp_item **out, int *n, ecs_err *e)
{
	int with_base = -1, weights = 0, kinds = 0;
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	if (jread_array(arr, path, e) < 0)
		return -1;
	if (json_array_size(arr) == 0)
		return err_set(e, "%s: must have at least one item", path);
	if (json_array_size(arr) > 6)
		return err_set(e, "%s: at most 6 capacity providers", path);
	*out = xcalloc(json_array_size(arr), sizeof(**out));
	json_array_foreach(arr, i, v) {
		sc_cp_item *it = &(*out)[i];
		char *name = NULL;
		int64_t weight = 0;
		jread_ipath(p, path, i);
		if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, cp_item_keys, e) < 0 ||
		    jread_str(v, "capacityProvider", p, &name, 1, e) < 0)
			return -1;
		it->provider = find_provider(sc, name);
		if (it->provider < 0) {
			err_set(e, "%s: no capacity provider \"%s\" in $.cluster.capacityProviders",
				jread_kpath(q, p, "capacityProvider"), name);
			free(name);
			return -1;
		}
		it->kind = strcmp(name, "FARGATE") == 0 ? SC_CP_FARGATE :
			   strcmp(name, "FARGATE_SPOT") == 0 ? SC_CP_FARGATE_SPOT : SC_CP_ASG;
		free(name);
		for (size_t k = 0; k < i; k++)
			if ((*out)[k].provider == it->provider)
				return err_set(e, "%s.capacityProvider: \"%s\" is in the strategy twice",
					       p, sc->providers[it->provider]);
		(*n)++;
		if (jread_int(v, "base", p, &it->base, 0, 100000, 0, e) < 0 ||
		    jread_int(v, "weight", p, &weight, 0, 1000, 0, e) < 0)
			return -1;
		it->weight = (int32_t)weight;
		if (it->base > 0 && with_base >= 0)
			return err_set(e, "%s.base: only one item may have a base (item %d has one)", p,
				       with_base);
		if (it->base > 0)
			with_base = (int)i;
		weights += it->weight > 0;
		kinds |= it->kind == SC_CP_ASG ? 1 : 2;
	}
	if (!weights)
		return err_set(e, "%s: at least one item needs a weight > 0", path);
	if (kinds == 3)
		return err_set(e, "%s: FARGATE and FARGATE_SPOT cannot be mixed with Auto Scaling "
			       "group providers", path);
	return 0;
}

/* A required array of $.cluster at path, of at most max items (what:
 * their name in the message). */
static int required_array(const json_t *arr, const char *path, size_t max, const char *what,
			  ecs_err *e)
{
	if (!arr)
		return err_set(e, "%s: required", path);
	return jread_array_max(arr, path, max, what, e);
}

static int parse_zones(scenario *sc, const json_t *zones, ecs_err *e)
{
	const char *path = "$.cluster.availabilityZones";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (required_array(zones, path, SC_MAX_ZONES, "zones", e) < 0)
		return -1;
	if (json_array_size(zones) == 0)
		return err_set(e, "$.cluster.availabilityZones: must name at least one zone");
	sc->zones = xcalloc(json_array_size(zones), sizeof(*sc->zones));
	json_array_foreach(zones, i, v) {
		jread_ipath(p, path, i);
		if (!json_is_string(v) || !*json_string_value(v))
			return err_set(e, "%s: must be a zone name", p);
		if (find_zone(sc, json_string_value(v)) >= 0)
			return err_set(e, "%s: duplicate zone \"%s\"", p, json_string_value(v));
		sc->zones[sc->nzones++] = xstrdup(json_string_value(v));
	}
	return 0;
}

/* cluster.instances: groups of like instances, counted into nhosts. */
static int parse_groups(scenario *sc, const json_t *inst, ecs_err *e)
{
	const char *path = "$.cluster.instances";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (required_array(inst, path, SC_MAX_GROUPS, "instance groups", e) < 0)
		return -1;
	sc->instances = xcalloc(json_array_size(inst), sizeof(*sc->instances));
	json_array_foreach(inst, i, v) {
		sc->ninstances++;
		if (parse_instances(sc, &sc->instances[i], v, jread_ipath(p, path, i), e) < 0)
			return -1;
		sc->nhosts += sc->instances[i].count;
		if (sc->nhosts > SC_MAX_HOSTS)
			return err_set(e, "%s.count: more than %d instances in all", p,
				       SC_MAX_HOSTS);
	}
	return 0;
}

/* cluster.reservedPorts, by default those the ECS agent reserves. */
static int parse_reserved_ports(scenario *sc, const json_t *rp, ecs_err *e)
{
	if (rp)
		return parse_ports_list(rp, "$.cluster.reservedPorts", &sc->reserved_ports,
					&sc->nreserved_ports, 100, e);
	sc->nreserved_ports = (int)(sizeof(default_reserved_ports) /
				    sizeof(default_reserved_ports[0]));
	sc->reserved_ports = xmalloc(sizeof(default_reserved_ports));
	memcpy(sc->reserved_ports, default_reserved_ports, sizeof(default_reserved_ports));
	return 0;
}

static const jread_key cluster_keys[] = {
	{ .name = "availabilityZones", .flags = JREAD_REQUIRED,
	  .doc = "zone names, the values of the attribute ecs.availability-zone",
	  .v = { .type = JREAD_ARR, .flags = JREAD_NONEMPTY | JREAD_UNIQUE,
		 .items = &(const jread_val){ .type = JREAD_STR, .flags = JREAD_NONEMPTY } } },
	JR_OBJS("instanceTypes", sc_instance_type_keys, "instance types, by hand or from the catalog "
		"(without it, instances name catalog types)"),
	JR_OBJS("instances", instances_keys, "groups of like instances", JREAD_REQ),
	{ .name = "reservedPorts", .doc = "host ports no task may bind (replaces the default "
	  "22, 2375, 2376, 51678, 51679)",
	  .v = { .type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_INT,
		 .flags = JREAD_MIN | JREAD_MAX, .min = 1, .max = 65535 } } },
	JR_BOOL("awsvpcTrunking", "ENI trunking: more awsvpc tasks per instance (default false)"),
	JR_LIKE("capacityProviders", &providers_json, "FARGATE, FARGATE_SPOT and Auto Scaling group "
		"providers (names, or describe-capacity-providers output)"),
	JR_LIKE("defaultCapacityProviderStrategy", &sc_cp_strategy_json, "the strategy of services "
		"that give neither launchType nor capacityProviderStrategy"),
	JR_BOOL("spotDraining", "Spot instances go DRAINING at their interruption notice"),
	JR_OBJS("autoScalingGroupProviders", sc_asg_keys, "cluster auto scaling of Auto Scaling group "
		"providers"),
	JR_NUM_BELOW("memoryOverheadPercent", 0, 100, "catalog types: share of installed memory "
		     "the agent does not see (default the catalog's)"),
	JR_INT("ecsReservedMemory", 0, INT32_MAX / 2, "catalog types: ECS_RESERVED_MEMORY, MiB"),
	JR_LIKE("imagePull", &sc_image_pull_json, "container image pulls: ECS_IMAGE_PULL_BEHAVIOR, "
		"throughput, the instances' image cache"),
	JR_INT("maxProvisioningTasks", 1, SC_MAX_TASKS, "tasks that may wait for capacity at "
	       "once (default 100)"),
	JR_IGNORED("clusterName"),
	JR_IGNORED("settings"),
	JR_IGNORED("configuration"),
	JR_IGNORED("tags"),
	JREAD_END,
};

const jread_val sc_cluster_json = { .type = JREAD_OBJ, .keys = cluster_keys };

/* The parts in an order where each finds the names it refers to. */
int sc_parse_cluster(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.cluster";

	if (!j)
		return err_set(e, "$.cluster: required");
	/* the one figure AWS published ("Deep Dive on Amazon ECS Cluster Auto
	 * Scaling"); the quota page names the quota without a value */
	sc->max_provisioning = 100;
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, cluster_keys, e) < 0 ||
	    parse_zones(sc, json_object_get(j, "availabilityZones"), e) < 0 ||
	    jread_bool(j, "awsvpcTrunking", path, &sc->awsvpc_trunking, e) < 0 ||
	    jread_bool(j, "spotDraining", path, &sc->spot_draining, e) < 0 ||
	    jread_int(j, "maxProvisioningTasks", path, &sc->max_provisioning, 1, SC_MAX_TASKS, 0,
		      e) < 0 ||
	    parse_providers(sc, json_object_get(j, "capacityProviders"), e) < 0 ||
	    sc_parse_cp_strategy(sc, json_object_get(j, "defaultCapacityProviderStrategy"),
				 "$.cluster.defaultCapacityProviderStrategy", &sc->default_cps,
				 &sc->ndefault_cps, e) < 0 ||
	    sc_parse_instance_types(sc, j, e) < 0 ||
	    parse_groups(sc, json_object_get(j, "instances"), e) < 0 ||
	    sc_parse_asgs(sc, json_object_get(j, "autoScalingGroupProviders"), e) < 0 ||
	    check_attr_cells(sc, e) < 0)
		return -1;
	return parse_reserved_ports(sc, json_object_get(j, "reservedPorts"), e);
}

void sc_cluster_destroy(scenario *sc)
{
	for (int i = 0; i < sc->nzones; i++)
		free(sc->zones[i]);
	free(sc->zones);
	for (int i = 0; i < sc->ntypes; i++) {
		free(sc->types[i].name);
		free(sc->types[i].arch);
		free(sc->types[i].os);
	}
	free(sc->types);
	for (int i = 0; i < sc->ninstances; i++) {
		for (int k = 0; k < sc->instances[i].nattrs; k++) {
			free(sc->instances[i].attrs[k].name);
			free(sc->instances[i].attrs[k].value);
		}
		free(sc->instances[i].attrs);
	}
	free(sc->instances);
	free(sc->reserved_ports);
	for (int i = 0; i < sc->nproviders; i++)
		free(sc->providers[i]);
	free(sc->providers);
	free(sc->default_cps);
	for (int i = 0; i < sc->nasgs; i++)
		sc_asg_destroy(&sc->asgs[i]);
	free(sc->asgs);
}
