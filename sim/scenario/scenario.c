/* scenario.c - loading and checking scenario files (see scenario.h).
 *
 * Every object's keys are checked against a table of the keys ecsim reads
 * and the AWS keys it accepts but ignores; anything else is an error with a
 * "did you mean" hint.  Paths in messages are JSONPath-like: $.a[1].b.
 */
#include "scenario.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "strategies/query.h"
#include "sim/trace/trace_fmt.h"
#include "sim/support/jread.h"
#include "sim/support/units.h"

/* ---- small helpers ---------------------------------------------------- */

/* A distribution of seconds under key, or the default given as JSON text
 * when the key is absent; d is always safe to dist_destroy afterwards. */
static int get_dist(const json_t *obj, const char *key, const char *path, dist *d,
		    const char *dflt, ecs_err *e)
{
	json_t *v = json_object_get(obj, key), *def = NULL;
	char p[JREAD_PATHMAX];
	int rc;

	dist_destroy(d);
	if (!v)
		v = def = json_loads(dflt, JSON_DECODE_ANY, NULL);
	rc = dist_parse(d, v, jread_kpath(p, path, key), DIST_SECONDS, e);
	json_decref(def);
	return rc;
}

/* ---- cluster ----------------------------------------------------------- */

static const uint16_t default_reserved_ports[] = { 22, 2375, 2376, 51678, 51679 };

static int find_zone(const scenario *sc, const char *name)
{
	for (int i = 0; i < sc->nzones; i++)
		if (strcmp(sc->zones[i], name) == 0)
			return i;
	return -1;
}

static int find_type(const scenario *sc, const char *name)
{
	for (int i = 0; i < sc->ntypes; i++)
		if (strcmp(sc->types[i].name, name) == 0)
			return i;
	return -1;
}

/* "WHERE: unknown WHAT "NAME" (not in LIST: A, B, C)", naming the first
 * few of the n names that are there. */
static int unknown_ref(const char *where, const char *what, const char *name, const char *list,
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
		unknown_ref(where, "zone", name, "$.cluster.availabilityZones",
			    (const char *const *)sc->zones, sc->nzones, e);
	return z;
}

/* The same for an instance type. */
static int ref_type(const scenario *sc, const char *name, const char *where, ecs_err *e)
{
	int t = find_type(sc, name);

	if (t < 0) {
		const char **names = xcalloc((size_t)sc->ntypes + 1, sizeof(*names));
		for (int i = 0; i < sc->ntypes; i++)
			names[i] = sc->types[i].name;
		unknown_ref(where, "instance type", name, "$.cluster.instanceTypes", names,
			    sc->ntypes, e);
		free(names);
	}
	return t;
}

/* The zone or instance type named by PATH.zone / PATH.instanceType. */
static int zone_at(const scenario *sc, const char *path, const char *name, ecs_err *e)
{
	char where[JREAD_PATHMAX];

	snprintf(where, sizeof(where), "%s.zone", path);
	return ref_zone(sc, name, where, e);
}

static int type_at(const scenario *sc, const char *path, const char *name, ecs_err *e)
{
	char where[JREAD_PATHMAX];

	snprintf(where, sizeof(where), "%s.instanceType", path);
	return ref_type(sc, name, where, e);
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
			return err_set(e, "%s: must be a port number 1-65535", jread_ipath(p, path, i));
		(*out)[(*n)++] = (uint16_t)json_integer_value(v);
	}
	return 0;
}

static int parse_instance_type(scenario *sc, sc_instance_type *t, const json_t *j,
			       const char *path, ecs_err *e)
{
	static const char *const known[] = { "name", "cpu", "memory", "gpus", "enis",
					     "trunkedEnis", "pricePerHour", "spotPricePerHour",
					     "cpuArchitecture", "osType", NULL };
	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0)
		return -1;
	t->gpus = 0;
	t->enis = 1 << 20; /* not limited unless given */
	if (jread_str(j, "name", path, &t->name, 1, e) < 0 ||
	    jread_int32(j, "cpu", path, &t->cpu, 1, 1 << 24, 1, e) < 0 ||
	    jread_int32(j, "memory", path, &t->memory, 1, INT32_MAX / 2, 1, e) < 0 ||
	    jread_int32(j, "gpus", path, &t->gpus, 0, 1024, 0, e) < 0 ||
	    jread_int32(j, "enis", path, &t->enis, 1, 1 << 20, 0, e) < 0 ||
	    jread_int32(j, "trunkedEnis", path, &t->trunked_enis, 1, 1 << 20, 0, e) < 0 ||
	    jread_number(j, "pricePerHour", path, &t->price, 0, e) < 0 ||
	    (t->spot_price = 0.3 * t->price,
	     jread_number(j, "spotPricePerHour", path, &t->spot_price, 0, e) < 0) ||
	    jread_str(j, "cpuArchitecture", path, &t->arch, 0, e) < 0 ||
	    jread_str(j, "osType", path, &t->os, 0, e) < 0)
		return -1;
	if (!t->arch)
		t->arch = xstrdup("x86_64");
	if (!t->os)
		t->os = xstrdup("linux");
	if (json_object_get(j, "enis"))
		t->enis -= 1; /* the primary ENI is the instance's own */
	for (int i = 0; i < sc->ntypes; i++)
		if (strcmp(sc->types[i].name, t->name) == 0 && &sc->types[i] != t)
			return err_set(e, "%s.name: duplicate instance type \"%s\"", path, t->name);
	return 0;
}

static int find_provider(const scenario *sc, const char *name);

static int parse_instances(scenario *sc, sc_instances *in, const json_t *j,
			   const char *path, ecs_err *e)
{
	static const char *const known[] = { "instanceType", "count", "zone", "attributes",
					     "capacityProvider", "purchaseOption", NULL };
	char *type = NULL, *zone = NULL, *cp = NULL, *po = NULL, p[JREAD_PATHMAX];
	json_t *attrs;
	int rc = -1;

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0)
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
	if (cp && ((in->provider = find_provider(sc, cp)) < 0 || strcmp(cp, "FARGATE") == 0 ||
		   strcmp(cp, "FARGATE_SPOT") == 0)) {
		err_set(e, "%s.capacityProvider: \"%s\" is not an Auto Scaling group provider of "
			"$.cluster.capacityProviders", path, cp);
		goto out;
	}
	if ((in->type = type_at(sc, path, type, e)) < 0)
		goto out;
	if (zone && (in->zone = zone_at(sc, path, zone, e)) < 0)
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

/* Tasks per instance with ENI trunking by instance size, from the ECS
 * guide's table for the instance types that support trunking. */
static const struct { const char *size; int32_t tasks; } trunked_by_size[] = {
	{ "large", 10 }, { "xlarge", 20 }, { "2xlarge", 40 }, { "4xlarge", 60 },
	{ "12xlarge", 60 }, { "24xlarge", 120 },
};

/* With awsvpcTrunking on, every type needs a trunked limit: its own
 * trunkedEnis, or the table's for the size after the last '.' of its name. */
static int resolve_trunking(scenario *sc, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (!sc->awsvpc_trunking)
		return 0;
	for (int i = 0; i < sc->ntypes; i++) {
		sc_instance_type *t = &sc->types[i];
		const char *dot = strrchr(t->name, '.');
		if (t->trunked_enis)
			continue;
		for (size_t k = 0; dot && k < sizeof(trunked_by_size) / sizeof(trunked_by_size[0]); k++)
			if (strcmp(dot + 1, trunked_by_size[k].size) == 0)
				t->trunked_enis = trunked_by_size[k].tasks;
		if (!t->trunked_enis)
			return err_set(e, "%s: awsvpcTrunking is on but ecsim knows no trunked task "
				       "limit for \"%s\" (only for sizes large, xlarge, 2xlarge, "
				       "4xlarge, 12xlarge, 24xlarge); give trunkedEnis",
				       jread_ipath(p, "$.cluster.instanceTypes", (size_t)i), t->name);
	}
	return 0;
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

static int find_provider(const scenario *sc, const char *name)
{
	for (int i = 0; i < sc->nproviders; i++)
		if (strcmp(sc->providers[i], name) == 0)
			return i;
	return -1;
}

/* cluster.capacityProviders: FARGATE, FARGATE_SPOT, and names of Auto
 * Scaling group providers (their instances name them). */
static int parse_providers(scenario *sc, const json_t *arr, ecs_err *e)
{
	const char *path = "$.cluster.capacityProviders";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	if (jread_array(arr, path, e) < 0)
		return -1;
	sc->providers = xcalloc(json_array_size(arr) + 1, sizeof(*sc->providers));
	json_array_foreach(arr, i, v) {
		jread_ipath(p, path, i);
		if (!json_is_string(v) || !*json_string_value(v))
			return err_set(e, "%s: must be a capacity provider name", p);
		if (find_provider(sc, json_string_value(v)) >= 0)
			return err_set(e, "%s: duplicate capacity provider \"%s\"", p,
				       json_string_value(v));
		sc->providers[sc->nproviders++] = xstrdup(json_string_value(v));
	}
	return 0;
}

/* A capacityProviderStrategy, as the ECS API checks it: providers of the
 * cluster, base 0-100000 on at most one item, weight 0-1000 with one > 0,
 * and FARGATE providers not mixed with Auto Scaling group ones. */
static int parse_cp_strategy(const scenario *sc, const json_t *arr, const char *path,
			     sc_cp_item **out, int *n, ecs_err *e)
{
	static const char *const known[] = { "capacityProvider", "base", "weight", NULL };
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
		if (jread_object(v, p, e) < 0 || jread_keys(v, p, known, NULL, e) < 0 ||
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

static int parse_asgs(scenario *sc, const json_t *arr, ecs_err *e);

static int parse_cluster(scenario *sc, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "availabilityZones", "instanceTypes", "instances",
					     "reservedPorts", "awsvpcTrunking", "capacityProviders",
					     "defaultCapacityProviderStrategy", "spotDraining",
					     "autoScalingGroupProviders", NULL };
	static const char *const ignored[] = { "clusterName", "settings", "configuration", "tags",
					       NULL };
	const char *path = "$.cluster";
	json_t *zones, *types, *inst, *v, *rp, *trunk;
	char p[JREAD_PATHMAX];
	size_t i;

	if (!j)
		return err_set(e, "$.cluster: required");
	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, ignored, e) < 0)
		return -1;

	zones = json_object_get(j, "availabilityZones");
	if (!zones)
		return err_set(e, "$.cluster.availabilityZones: required");
	if (jread_array_max(zones, "$.cluster.availabilityZones", SC_MAX_ZONES, "zones", e) < 0)
		return -1;
	if (json_array_size(zones) == 0)
		return err_set(e, "$.cluster.availabilityZones: must name at least one zone");
	sc->zones = xcalloc(json_array_size(zones), sizeof(*sc->zones));
	json_array_foreach(zones, i, v) {
		jread_ipath(p, "$.cluster.availabilityZones", i);
		if (!json_is_string(v) || !*json_string_value(v))
			return err_set(e, "%s: must be a zone name", p);
		if (find_zone(sc, json_string_value(v)) >= 0)
			return err_set(e, "%s: duplicate zone \"%s\"", p, json_string_value(v));
		sc->zones[sc->nzones++] = xstrdup(json_string_value(v));
	}

	if ((trunk = json_object_get(j, "awsvpcTrunking"))) {
		if (!json_is_boolean(trunk))
			return err_set(e, "$.cluster.awsvpcTrunking: must be true or false, not %s",
				       jread_type_name(trunk));
		sc->awsvpc_trunking = json_is_true(trunk);
	}
	if ((trunk = json_object_get(j, "spotDraining"))) {
		if (!json_is_boolean(trunk))
			return err_set(e, "$.cluster.spotDraining: must be true or false, not %s",
				       jread_type_name(trunk));
		sc->spot_draining = json_is_true(trunk);
	}

	if (parse_providers(sc, json_object_get(j, "capacityProviders"), e) < 0 ||
	    parse_cp_strategy(sc, json_object_get(j, "defaultCapacityProviderStrategy"),
			      "$.cluster.defaultCapacityProviderStrategy", &sc->default_cps,
			      &sc->ndefault_cps, e) < 0)
		return -1;

	types = json_object_get(j, "instanceTypes");
	if (!types)
		return err_set(e, "$.cluster.instanceTypes: required");
	if (jread_array_max(types, "$.cluster.instanceTypes", SC_MAX_TYPES, "instance types",
			   e) < 0)
		return -1;
	sc->types = xcalloc(json_array_size(types), sizeof(*sc->types));
	json_array_foreach(types, i, v) {
		sc->ntypes++;
		if (parse_instance_type(sc, &sc->types[i], v,
					jread_ipath(p, "$.cluster.instanceTypes", i), e) < 0)
			return -1;
	}
	if (resolve_trunking(sc, e) < 0)
		return -1;

	inst = json_object_get(j, "instances");
	if (!inst)
		return err_set(e, "$.cluster.instances: required");
	if (jread_array_max(inst, "$.cluster.instances", SC_MAX_GROUPS, "instance groups", e) < 0)
		return -1;
	sc->instances = xcalloc(json_array_size(inst), sizeof(*sc->instances));
	json_array_foreach(inst, i, v) {
		sc->ninstances++;
		if (parse_instances(sc, &sc->instances[i], v, jread_ipath(p, "$.cluster.instances", i),
				    e) < 0)
			return -1;
		sc->nhosts += sc->instances[i].count;
		if (sc->nhosts > SC_MAX_HOSTS)
			return err_set(e, "%s.count: more than %d instances in all", p,
				       SC_MAX_HOSTS);
	}

	if (parse_asgs(sc, json_object_get(j, "autoScalingGroupProviders"), e) < 0 ||
	    check_attr_cells(sc, e) < 0)
		return -1;
	if ((rp = json_object_get(j, "reservedPorts"))) {
		if (parse_ports_list(rp, "$.cluster.reservedPorts", &sc->reserved_ports,
				     &sc->nreserved_ports, 100, e) < 0)
			return -1;
	} else {
		sc->nreserved_ports = (int)(sizeof(default_reserved_ports) /
					    sizeof(default_reserved_ports[0]));
		sc->reserved_ports = xmalloc(sizeof(default_reserved_ports));
		memcpy(sc->reserved_ports, default_reserved_ports, sizeof(default_reserved_ports));
	}
	return 0;
}

/* cluster.autoScalingGroupProviders (ecsim key): managed scaling of Auto
 * Scaling group capacity providers.  Each names a provider of
 * capacityProviders whose instances are exactly one instances entry; that
 * entry's count is the group's size at time 0. */
static int parse_asgs(scenario *sc, const json_t *arr, ecs_err *e)
{
	static const char *const known[] = { "capacityProvider", "minSize", "maxSize",
					     "managedScaling", "managedTerminationProtection",
					     "instanceLaunchTime", "provisioningTimeout", NULL };
	static const char *const ms_known[] = { "status", "targetCapacity",
						"minimumScalingStepSize",
						"maximumScalingStepSize", "instanceWarmupPeriod",
						NULL };
	const char *path = "$.cluster.autoScalingGroupProviders";
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	size_t i;
	json_t *v, *ms;

	if (!arr)
		return 0;
	if (jread_array_max(arr, path, 100, "providers", e) < 0)
		return -1;
	sc->asgs = xcalloc(json_array_size(arr) + 1, sizeof(*sc->asgs));
	json_array_foreach(arr, i, v) {
		sc_asg *g = &sc->asgs[i];
		char *name = NULL, *mtp = NULL, *status = NULL;
		int32_t target = 100;
		int rc;

		jread_ipath(p, path, i);
		g->group = -1;
		g->min_step = 1;
		g->max_step = 10000;
		g->warmup = 300 * USEC_PER_SEC;
		g->timeout = 30 * 60 * USEC_PER_SEC;
		sc->nasgs++;
		if (jread_object(v, p, e) < 0 || jread_keys(v, p, known, NULL, e) < 0)
			return -1;
		g->path = xstrdup(p);
		rc = jread_str(v, "capacityProvider", p, &name, 1, e);
		if (rc == 0 && ((g->provider = find_provider(sc, name)) < 0 ||
				strcmp(name, "FARGATE") == 0 || strcmp(name, "FARGATE_SPOT") == 0))
			rc = err_set(e, "%s.capacityProvider: \"%s\" is not an Auto Scaling group "
				     "provider of $.cluster.capacityProviders", p, name);
		for (size_t k = 0; rc == 0 && k < i; k++)
			if (sc->asgs[k].provider == g->provider)
				rc = err_set(e, "%s.capacityProvider: \"%s\" is managed twice", p, name);
		free(name);
		if (rc < 0)
			return -1;
		for (int k = 0; k < sc->ninstances; k++)
			if (sc->instances[k].provider == g->provider) {
				if (g->group >= 0)
					return err_set(e, "%s: its provider has several instances "
						       "entries; a managed group has one", p);
				g->group = k;
			}
		if (g->group < 0)
			return err_set(e, "%s: no $.cluster.instances entry names its capacity "
				       "provider (give one, with the group's size at time 0 as count)",
				       p);
		g->max_size = SC_MAX_HOSTS;
		if (jread_int(v, "minSize", p, &g->min_size, 0, SC_MAX_HOSTS, 0, e) < 0 ||
		    jread_int(v, "maxSize", p, &g->max_size, 0, SC_MAX_HOSTS, 1, e) < 0 ||
		    get_dist(v, "instanceLaunchTime", p, &g->launch, "180", e) < 0 ||
		    jread_duration(v, "provisioningTimeout", p, &g->timeout, 0, e) < 0 ||
		    jread_str(v, "managedTerminationProtection", p, &mtp, 0, e) < 0) {
			free(mtp);
			return -1;
		}
		rc = 0;
		if (mtp && strcmp(mtp, "ENABLED"))
			rc = err_set(e, "%s.managedTerminationProtection: only ENABLED is modelled "
				     "(only empty instances are removed), not \"%s\"", p, mtp);
		free(mtp);
		if (rc < 0)
			return -1;
		if (g->max_size < g->min_size)
			return err_set(e, "%s.maxSize: must be >= minSize", p);
		if (sc->instances[g->group].count < g->min_size ||
		    sc->instances[g->group].count > g->max_size)
			return err_set(e, "%s: the count of $.cluster.instances[%d] (%lld) must be "
				       "within minSize and maxSize", p, g->group,
				       (long long)sc->instances[g->group].count);
		sc->nhosts += g->max_size - sc->instances[g->group].count;
		if (sc->nhosts > SC_MAX_HOSTS)
			return err_set(e, "%s.maxSize: more than %d instances in all", p, SC_MAX_HOSTS);
		if (!(ms = json_object_get(v, "managedScaling")))
			return err_set(e, "%s.managedScaling: required", p);
		jread_kpath(q, p, "managedScaling");
		if (jread_object(ms, q, e) < 0 || jread_keys(ms, q, ms_known, NULL, e) < 0 ||
		    jread_str(ms, "status", q, &status, 0, e) < 0) {
			free(status);
			return -1;
		}
		rc = status && strcmp(status, "ENABLED") ?
			     err_set(e, "%s.status: only ENABLED (leave the provider out of "
				     "autoScalingGroupProviders for a fixed group), not \"%s\"", q,
				     status) : 0;
		free(status);
		if (rc < 0 ||
		    jread_int32(ms, "targetCapacity", q, &target, 1, 100, 0, e) < 0 ||
		    jread_int(ms, "minimumScalingStepSize", q, &g->min_step, 1, 10000, 0, e) < 0 ||
		    jread_int(ms, "maximumScalingStepSize", q, &g->max_step, 1, 10000, 0, e) < 0 ||
		    jread_duration(ms, "instanceWarmupPeriod", q, &g->warmup, 0, e) < 0)
			return -1;
		if (g->max_step < g->min_step)
			return err_set(e, "%s.maximumScalingStepSize: must be >= minimumScalingStepSize",
				       q);
		g->target = target;
	}
	return 0;
}

/* ---- placement --------------------------------------------------------- */

static int parse_constraints(sc_constraint **out, int *n, const json_t *arr,
			     const char *path, ecs_err *e)
{
	static const char *const known[] = { "type", "expression", NULL };
	json_t *v;
	size_t i;

	if (jread_array(arr, path, e) < 0)
		return -1;
	if (json_array_size(arr) > SC_MAX_CONSTRAINTS)
		return err_set(e, "%s: at most %d placement constraints", path,
			       SC_MAX_CONSTRAINTS);
	*out = xcalloc(json_array_size(arr), sizeof(**out));
	json_array_foreach(arr, i, v) {
		char p[JREAD_PATHMAX], *type = NULL;
		sc_constraint *c = &(*out)[i];
		jread_ipath(p, path, i);
		if (jread_object(v, p, e) < 0 || jread_keys(v, p, known, NULL, e) < 0 ||
		    jread_str(v, "type", p, &type, 1, e) < 0)
			return -1;
		(*n)++;
		c->path = xstrdup(p);
		if (strcmp(type, "distinctInstance") == 0) {
			c->type = SC_DISTINCT_INSTANCE;
			if (json_object_get(v, "expression")) {
				free(type);
				return err_set(e, "%s.expression: distinctInstance takes no expression",
					       p);
			}
		} else if (strcmp(type, "memberOf") == 0) {
			qry *q = NULL;
			c->type = SC_MEMBER_OF;
			if (jread_str(v, "expression", p, &c->expression, 1, e) < 0) {
				free(type);
				return -1;
			}
			/* Syntax now, with the position; names are resolved later. */
			if (qry_parse(&q, c->expression, NULL, e) < 0) {
				err_prefix(e, "%s.expression: ", p);
				free(type);
				return -1;
			}
			qry_free(q);
		} else {
			err_set(e, "%s.type: unknown constraint \"%s\" (known: distinctInstance, "
				"memberOf)", p, type);
			free(type);
			return -1;
		}
		free(type);
	}
	return 0;
}

static int parse_placement(sc_placement *pl, const json_t *obj, const char *path,
			   ecs_err *e)
{
	static const char *const known[] = { "type", "field", NULL };
	json_t *arr = json_object_get(obj, "placementStrategy"), *v;
	char p[JREAD_PATHMAX];
	size_t i;

	if (arr) {
		jread_kpath(p, path, "placementStrategy");
		if (jread_array(arr, p, e) < 0)
			return -1;
		if (json_array_size(arr) > 5)
			return err_set(e, "%s: at most 5 strategies", p);
		pl->given = 1;
		pl->steps = xcalloc(json_array_size(arr), sizeof(*pl->steps));
		json_array_foreach(arr, i, v) {
			char q[JREAD_PATHMAX];
			sc_strategy_step *s = &pl->steps[i];
			jread_ipath(q, p, i);
			if (jread_object(v, q, e) < 0 || jread_keys(v, q, known, NULL, e) < 0)
				return -1;
			pl->nsteps++;
			s->path = xstrdup(q);
			if (jread_str(v, "type", q, &s->type, 1, e) < 0 ||
			    jread_str(v, "field", q, &s->field, 0, e) < 0)
				return -1;
		}
	}
	if ((arr = json_object_get(obj, "placementConstraints")))
		return parse_constraints(&pl->cons, &pl->ncons, arr,
					 jread_kpath(p, path, "placementConstraints"), e);
	return 0;
}

/* ---- task definitions -------------------------------------------------- */

/* Task-level cpu/memory: integer, or string "256", "1 vCPU", "0.5 vcpu",
 * "2 GB", "2GB" as RegisterTaskDefinition accepts. */
static int parse_task_size(const json_t *v, const char *path, int is_cpu, int32_t *out,
			   ecs_err *e)
{
	const char *s;
	char *end;
	double x;

	if (json_is_integer(v)) {
		x = (double)json_integer_value(v);
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		/* digits with an optional fraction: no sign, hex, exponent or blanks */
		if (!isdigit((unsigned char)s[0]))
			goto bad;
		for (end = (char *)s; isdigit((unsigned char)*end); end++)
			;
		if (*end == '.' && isdigit((unsigned char)end[1]))
			for (end++; isdigit((unsigned char)*end); end++)
				;
		errno = 0;
		x = strtod(s, NULL);
		if (errno || !isfinite(x))
			goto bad;
		while (*end == ' ')
			end++;
		if (*end) {
			if (is_cpu && strcasecmp(end, "vcpu") == 0)
				x *= 1024;
			else if (!is_cpu && strcasecmp(end, "gb") == 0)
				x *= 1024;
			else
				goto bad;
		}
	} else {
		return err_set(e, "%s: must be an integer or a string such as \"%s\", not %s",
			       path, is_cpu ? "1 vCPU" : "2 GB", jread_type_name(v));
	}
	if (x < 1 || x > (is_cpu ? (1 << 24) : INT32_MAX / 2) || x != floor(x))
		return err_set(e, "%s: must be a whole number of %s between 1 and %d", path,
			       is_cpu ? "CPU units" : "MiB", is_cpu ? (1 << 24) : INT32_MAX / 2);
	*out = (int32_t)x;
	return 0;
bad:
	return err_set(e, "%s: bad %s \"%s\" (use e.g. %s)", path, is_cpu ? "cpu" : "memory",
		       json_string_value(v), is_cpu ? "\"256\" or \"1 vCPU\"" : "\"512\" or \"2 GB\"");
}

static const char *const container_ignored[] = {
	"image", "repositoryCredentials", "links", "restartPolicy", "entryPoint", "command",
	"environment", "environmentFiles", "mountPoints", "volumesFrom", "linuxParameters",
	"secrets", "dependsOn", "startTimeout", "versionConsistency",
	"hostname", "user", "workingDirectory", "disableNetworking", "privileged",
	"readonlyRootFilesystem", "dnsServers", "dnsSearchDomains", "extraHosts",
	"dockerSecurityOptions", "interactive", "pseudoTerminal", "dockerLabels", "ulimits",
	"logConfiguration", "systemControls", "firelensConfiguration", "credentialSpecs",
	"essential", NULL,
};

/* containerDefinitions[].healthCheck, as ECS bounds it (seconds).  A good
 * container passes its first check, interval s after RUNNING; a failing one
 * fails every check, each after timeout s, and failures in the start period
 * do not count, so it is unhealthy after its retries-th counted failure. */
static int parse_health_check(sc_taskdef *td, const json_t *j, const char *path, ecs_err *e)
{
	static const char *const known[] = { "command", "interval", "timeout", "retries",
					     "startPeriod", NULL };
	int64_t interval = 30, timeout = 5, retries = 3, start = 0, first, healthy, unhealthy;

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0 ||
	    jread_int(j, "interval", path, &interval, 5, 300, 0, e) < 0 ||
	    jread_int(j, "timeout", path, &timeout, 2, 60, 0, e) < 0 ||
	    jread_int(j, "retries", path, &retries, 1, 10, 0, e) < 0 ||
	    jread_int(j, "startPeriod", path, &start, 0, 300, 0, e) < 0)
		return -1;
	first = (start + interval - 1) / interval;
	if (first < 1)
		first = 1;
	healthy = interval * USEC_PER_SEC;
	unhealthy = ((first + retries - 1) * interval + timeout) * USEC_PER_SEC;
	if (!td->hc_given || healthy > td->hc_healthy_after)
		td->hc_healthy_after = healthy;
	if (!td->hc_given || unhealthy < td->hc_unhealthy_after)
		td->hc_unhealthy_after = unhealthy;
	td->hc_given = 1;
	return 0;
}

static int add_port(const scenario *sc, sc_taskdef *td, int port, int udp, const char *path,
		    ecs_err *e)
{
	uint32_t key = (uint32_t)port + (udp ? SC_PORT_UDP : 0);

	for (int i = 0; i < td->nports; i++)
		if (td->ports[i] == key)
			return err_set(e, "%s: host port %d/%s is used twice in the task", path, port,
				       udp ? "udp" : "tcp");
	for (int i = 0; !udp && i < sc->nreserved_ports; i++)
		if (sc->reserved_ports[i] == port)
			return err_set(e, "%s.hostPort: port %d is reserved on every instance "
				       "($.cluster.reservedPorts), so no instance could run this task",
				       path, port);
	if (td->nports >= SC_MAX_PORTS)
		return err_set(e, "%s: more than %d static host ports in the task", path,
			       SC_MAX_PORTS);
	td->ports = xrealloc(td->ports, (size_t)(td->nports + 1) * sizeof(*td->ports));
	td->ports[td->nports++] = key;
	return 0;
}

static int parse_container(const scenario *sc, sc_taskdef *td, const json_t *j, const char *path,
			   const char *netmode, int64_t *cpu, int64_t *mem, int *mem_given,
			   ecs_err *e)
{
	static const char *const known[] = { "name", "cpu", "memory", "memoryReservation",
					     "portMappings", "resourceRequirements", "healthCheck",
					     "stopTimeout", NULL };
	static const char *const pm_known[] = { "containerPort", "hostPort", "protocol",
						"name", "appProtocol", "containerPortRange",
						"hostIp", NULL };
	int64_t c = 0, m = -1, r = -1, stop = 30;
	char *name = NULL, p[JREAD_PATHMAX];
	json_t *arr, *v;
	size_t i;

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, container_ignored, e) < 0)
		return -1;
	if (jread_str(j, "name", path, &name, 1, e) < 0)
		return -1;
	for (size_t k = 0; k < td->ncontainers; k++)
		if (strcmp(td->containers[k], name) == 0) {
			err_set(e, "%s.name: duplicate container name \"%s\"", path, name);
			free(name);
			return -1;
		}
	td->containers = xrealloc(td->containers, (td->ncontainers + 1) * sizeof(char *));
	td->containers[td->ncontainers++] = name;
	if (jread_int(j, "cpu", path, &c, 0, 1 << 24, 0, e) < 0 ||
	    jread_int(j, "memory", path, &m, 4, INT32_MAX / 2, 0, e) < 0 ||
	    jread_int(j, "memoryReservation", path, &r, 4, INT32_MAX / 2, 0, e) < 0 ||
	    jread_int(j, "stopTimeout", path, &stop, 0, 86400, 0, e) < 0)
		return -1;
	/* Containers stop together: STOPPING lasts the longest stopTimeout
	 * (the agent's default, 30 s, where none is given). */
	if (stop * USEC_PER_SEC > td->stop_timeout)
		td->stop_timeout = stop * USEC_PER_SEC;
	if ((v = json_object_get(j, "healthCheck")) &&
	    parse_health_check(td, v, jread_kpath(p, path, "healthCheck"), e) < 0)
		return -1;
	if (m >= 0 && r >= 0 && r > m)
		return err_set(e, "%s.memoryReservation: must be <= memory (%" PRId64 " > %" PRId64
			       ")", path, r, m);
	*cpu += c;
	/* ECS reserves the soft limit when given, else the hard limit. */
	if (r >= 0 || m >= 0) {
		*mem += r >= 0 ? r : m;
		*mem_given = 1;
	}
	if ((arr = json_object_get(j, "portMappings"))) {
		jread_kpath(p, path, "portMappings");
		if (jread_array(arr, p, e) < 0)
			return -1;
		json_array_foreach(arr, i, v) {
			char q[JREAD_PATHMAX], *proto = NULL;
			int64_t cp = 0, hp = -1;
			int udp;
			jread_ipath(q, p, i);
			if (jread_object(v, q, e) < 0 || jread_keys(v, q, pm_known, NULL, e) < 0 ||
			    jread_str(v, "protocol", q, &proto, 0, e) < 0)
				return -1;
			udp = proto && strcmp(proto, "udp") == 0;
			if (proto && !udp && strcmp(proto, "tcp") != 0) {
				free(proto);
				return err_set(e, "%s.protocol: must be tcp or udp", q);
			}
			free(proto);
			/* A port range is always mapped to dynamic host ports. */
			if (json_object_get(v, "containerPortRange"))
				continue;
			if (jread_int(v, "containerPort", q, &cp, 1, 65535, 1, e) < 0 ||
			    jread_int(v, "hostPort", q, &hp, 0, 65535, 0, e) < 0)
				return -1;
			/* host mode: hostPort is containerPort (ECS rejects others);
			 * bridge: 0/absent is dynamic (49153-65535, does not bind);
			 * awsvpc: the task's own ENI, no host port. */
			if (strcmp(netmode, "host") == 0) {
				if (hp > 0 && hp != cp)
					return err_set(e, "%s.hostPort: in host network mode must equal "
						       "containerPort (%" PRId64 ") or be left out", q, cp);
				hp = cp;
			}
			if (strcmp(netmode, "awsvpc") == 0 || hp <= 0)
				continue;
			if (add_port(sc, td, (int)hp, udp, q, e) < 0)
				return -1;
		}
	}
	if ((arr = json_object_get(j, "resourceRequirements"))) {
		static const char *const rr_known[] = { "type", "value", NULL };
		jread_kpath(p, path, "resourceRequirements");
		if (jread_array(arr, p, e) < 0)
			return -1;
		json_array_foreach(arr, i, v) {
			char q[JREAD_PATHMAX], *type = NULL, *val = NULL, *end;
			long n;
			jread_ipath(q, p, i);
			if (jread_object(v, q, e) < 0 || jread_keys(v, q, rr_known, NULL, e) < 0 ||
			    jread_str(v, "type", q, &type, 1, e) < 0 ||
			    jread_str(v, "value", q, &val, 1, e) < 0) {
				free(type);
				return -1;
			}
			if (strcmp(type, "GPU") != 0 && strcmp(type, "InferenceAccelerator") != 0) {
				err_set(e, "%s.type: must be GPU or InferenceAccelerator, not \"%s\"", q,
					type);
				free(type), free(val);
				return -1;
			}
			if (strcmp(type, "GPU") == 0) {
				n = strtol(val, &end, 10);
				if (*end || n < 1 || n > 1024) {
					free(type), free(val);
					return err_set(e, "%s.value: GPU count must be a whole number "
						       "1-1024 as a string, e.g. \"1\"", q);
				}
				td->gpus += (int32_t)n;
				if (td->gpus > SC_MAX_GPUS) {
					free(type), free(val);
					return err_set(e, "%s.value: more than %d GPUs in the task", q,
						       SC_MAX_GPUS);
				}
			}
			free(type);
			free(val);
		}
	}
	return 0;
}

/* ecsim's "failure" of a task definition: how its tasks go wrong, so that
 * bad deployments and flapping services can be simulated. */
static int parse_failure(sc_taskdef *td, const json_t *j, const char *path, ecs_err *e)
{
	static const char *const known[] = { "startFailure", "unhealthy", "crashAfter", NULL };
	json_t *v;
	char p[JREAD_PATHMAX];

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0 ||
	    jread_share(j, "startFailure", path, &td->fail_start, e) < 0 ||
	    jread_share(j, "unhealthy", path, &td->fail_unhealthy, e) < 0)
		return -1;
	if ((v = json_object_get(j, "crashAfter"))) {
		td->has_crash = 1;
		if (dist_parse(&td->crash, v, jread_kpath(p, path, "crashAfter"), DIST_SECONDS, e) < 0)
			return -1;
	}
	return 0;
}

static int parse_taskdef(scenario *sc, sc_taskdef *td, const json_t *j, const char *path,
			 ecs_err *e)
{
	static const char *const known[] = { "family", "revision", "cpu", "memory",
					     "networkMode", "requiresCompatibilities",
					     "containerDefinitions", "placementConstraints",
					     "failure", NULL };
	static const char *const ignored[] = {
		"taskDefinitionArn", "taskRoleArn", "executionRoleArn", "volumes", "status",
		"requiresAttributes", "compatibilities", "runtimePlatform", "registeredAt",
		"registeredBy", "deregisteredAt", "inferenceAccelerators", "pidMode", "ipcMode",
		"proxyConfiguration", "ephemeralStorage", "tags", "enableFaultInjection", NULL,
	};
	char *netmode = NULL, p[JREAD_PATHMAX];
	int64_t cpu = 0, mem = 0, rev = 1;
	int mem_given = 0, rc = -1;
	json_t *arr, *v;
	size_t i;

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, ignored, e) < 0)
		return -1;
	td->path = xstrdup(path);
	if (jread_str(j, "family", path, &td->family, 1, e) < 0 ||
	    jread_int(j, "revision", path, &rev, 1, INT32_MAX, 0, e) < 0 ||
	    jread_str(j, "networkMode", path, &netmode, 0, e) < 0)
		goto out;
	td->revision = (int)rev;
	if (strchr(td->family, ':') || strchr(td->family, '/')) {
		err_set(e, "%s.family: must not contain ':' or '/' (\"%s\")", path, td->family);
		goto out;
	}
	if (!netmode)
		netmode = xstrdup("bridge");
	if (strcmp(netmode, "bridge") && strcmp(netmode, "host") && strcmp(netmode, "awsvpc") &&
	    strcmp(netmode, "none")) {
		err_set(e, "%s.networkMode: must be bridge, host, awsvpc or none, not \"%s\"",
			path, netmode);
		goto out;
	}
	td->awsvpc = strcmp(netmode, "awsvpc") == 0;
	if ((arr = json_object_get(j, "requiresCompatibilities"))) {
		jread_kpath(p, path, "requiresCompatibilities");
		if (jread_array(arr, p, e) < 0)
			goto out;
		json_array_foreach(arr, i, v) {
			const char *s = json_string_value(v);
			char q[JREAD_PATHMAX];
			if (!s || (strcmp(s, "EC2") && strcmp(s, "FARGATE") && strcmp(s, "EXTERNAL"))) {
				err_set(e, "%s: must be EC2, FARGATE or EXTERNAL", jread_ipath(q, p, i));
				goto out;
			}
			td->not_ec2 = td->not_ec2 || i == 0;
			td->not_fargate = td->not_fargate || i == 0;
			if (strcmp(s, "EC2") == 0)
				td->not_ec2 = -1;
			if (strcmp(s, "FARGATE") == 0)
				td->not_fargate = -1;
		}
	}
	arr = json_object_get(j, "containerDefinitions");
	jread_kpath(p, path, "containerDefinitions");
	if (!arr) {
		err_set(e, "%s: required", p);
		goto out;
	}
	if (jread_array(arr, p, e) < 0)
		goto out;
	if (json_array_size(arr) == 0) {
		err_set(e, "%s: must have at least one container", p);
		goto out;
	}
	if (json_array_size(arr) > SC_MAX_CONTAINERS) {
		err_set(e, "%s: %zu containers, at most %d (the ECS quota per task definition)", p,
			json_array_size(arr), SC_MAX_CONTAINERS);
		goto out;
	}
	json_array_foreach(arr, i, v) {
		char q[JREAD_PATHMAX];
		if (parse_container(sc, td, v, jread_ipath(q, p, i), netmode, &cpu, &mem, &mem_given, e) < 0)
			goto out;
	}
	/* Task-level sizes override the container sums. */
	td->task_cpu = json_object_get(j, "cpu") != NULL;
	td->task_memory = json_object_get(j, "memory") != NULL;
	if ((v = json_object_get(j, "cpu"))) {
		if (parse_task_size(v, jread_kpath(p, path, "cpu"), 1, &td->cpu, e) < 0)
			goto out;
	} else {
		if (cpu > 1 << 24) {
			err_set(e, "%s.containerDefinitions: containers ask for %" PRId64
				" CPU units in all, more than any host can have", path, cpu);
			goto out;
		}
		td->cpu = (int32_t)cpu;
	}
	if ((v = json_object_get(j, "memory"))) {
		if (parse_task_size(v, jread_kpath(p, path, "memory"), 0, &td->memory, e) < 0)
			goto out;
		if (mem_given && mem > td->memory) {
			err_set(e, "%s.memory: %d MiB is less than the containers reserve in all "
				"(%" PRId64 " MiB)", path, td->memory, mem);
			goto out;
		}
	} else if (!mem_given) {
		err_set(e, "%s: no memory given (set the task's memory or a container's memory "
			"or memoryReservation)", path);
		goto out;
	} else {
		if (mem > INT32_MAX / 2) {
			err_set(e, "%s.containerDefinitions: containers reserve %" PRId64
				" MiB in all, more than any host can have", path, mem);
			goto out;
		}
		td->memory = (int32_t)mem;
	}
	if ((arr = json_object_get(j, "placementConstraints")) &&
	    parse_constraints(&td->cons, &td->ncons, arr, jread_kpath(p, path, "placementConstraints"),
			      e) < 0)
		goto out;
	if ((v = json_object_get(j, "failure")) && parse_failure(td, v, jread_kpath(p, path, "failure"),
							      e) < 0)
		goto out;
	for (int k = 0; k < sc->ntaskdefs; k++)
		if (&sc->taskdefs[k] != td && strcmp(sc->taskdefs[k].family, td->family) == 0 &&
		    sc->taskdefs[k].revision == td->revision) {
			err_set(e, "%s: duplicate task definition %s:%d", path, td->family,
				td->revision);
			goto out;
		}
	rc = 0;
out:
	free(netmode);
	return rc;
}

/* "family" (latest revision) or "family:revision"; also the ARN form
 * "arn:aws:ecs:...:task-definition/family:revision". */
static int find_taskdef(const scenario *sc, const char *ref)
{
	const char *slash = strrchr(ref, '/'), *colon;
	size_t famlen;
	int rev = -1, best = -1;

	if (strncmp(ref, "arn:", 4) == 0 && slash)
		ref = slash + 1;
	colon = strrchr(ref, ':');
	if (colon) {
		char *end;
		long r = strtol(colon + 1, &end, 10);
		if (*end || r < 1 || r > INT32_MAX || colon == ref)
			return -1;
		rev = (int)r;
		famlen = (size_t)(colon - ref);
	} else {
		famlen = strlen(ref);
	}
	/* Compared in place: a copy into a fixed buffer cut families longer
	 * than it and they could not be referenced. */
	for (int i = 0; i < sc->ntaskdefs; i++) {
		const char *f = sc->taskdefs[i].family;
		if (strncmp(f, ref, famlen) != 0 || f[famlen] != 0)
			continue;
		if (rev >= 0 ? sc->taskdefs[i].revision == rev
			     : best < 0 || sc->taskdefs[i].revision > sc->taskdefs[best].revision)
			best = i;
		if (rev >= 0 && best >= 0)
			break;
	}
	return best;
}

static int resolve_taskdef(const scenario *sc, const json_t *obj, const char *path,
			   int32_t *out, ecs_err *e)
{
	char *ref = NULL;
	char p[JREAD_PATHMAX];

	if (jread_str(obj, "taskDefinition", path, &ref, 1, e) < 0)
		return -1;
	*out = find_taskdef(sc, ref);
	if (*out < 0) {
		err_set(e, "%s: no task definition \"%s\" (define it in $.taskDefinitions)",
			jread_kpath(p, path, "taskDefinition"), ref);
		free(ref);
		return -1;
	}
	free(ref);
	return 0;
}

/* Fargate task sizes: CPU units, then the memory range and step in MiB. */
static const struct { int32_t cpu, lo, hi, step; } fargate_sizes[] = {
	{ 256, 512, 2048, 0 },  /* 512, 1024, 2048 */
	{ 512, 1024, 4096, 1024 },
	{ 1024, 2048, 8192, 1024 },
	{ 2048, 4096, 16384, 1024 },
	{ 4096, 8192, 30720, 1024 },
	{ 8192, 16384, 61440, 4096 },
	{ 16384, 32768, 122880, 8192 },
};

/* A task definition a FARGATE service runs: awsvpc, task-level cpu and
 * memory of a valid Fargate size, no GPUs, compatible. */
static int check_fargate(const scenario *sc, int32_t t, const char *path, ecs_err *e)
{
	const sc_taskdef *td = &sc->taskdefs[t];

	if (td->not_fargate > 0)
		return err_set(e, "%s: task definition %s:%d is not compatible with FARGATE (its "
			       "requiresCompatibilities lists no FARGATE)", path, td->family,
			       td->revision);
	if (!td->awsvpc)
		return err_set(e, "%s: task definition %s:%d must use networkMode awsvpc on FARGATE",
			       path, td->family, td->revision);
	if (!td->task_cpu || !td->task_memory)
		return err_set(e, "%s: task definition %s:%d needs task-level cpu and memory on "
			       "FARGATE", path, td->family, td->revision);
	if (td->gpus)
		return err_set(e, "%s: task definition %s:%d asks for GPUs, which FARGATE does not "
			       "offer", path, td->family, td->revision);
	for (size_t i = 0; i < sizeof(fargate_sizes) / sizeof(*fargate_sizes); i++) {
		int32_t lo = fargate_sizes[i].lo, hi = fargate_sizes[i].hi, st = fargate_sizes[i].step;
		if (fargate_sizes[i].cpu != td->cpu)
			continue;
		if (st ? td->memory >= lo && td->memory <= hi && (td->memory - lo) % st == 0
		       : td->memory == 512 || td->memory == 1024 || td->memory == 2048)
			return 0;
		if (st)
			return err_set(e, "%s: task definition %s:%d: %d MiB is not a Fargate size for "
				       "%d CPU units (%d to %d MiB in steps of %d)", path, td->family,
				       td->revision, td->memory, td->cpu, lo, hi, st);
		return err_set(e, "%s: task definition %s:%d: %d MiB is not a Fargate size for %d CPU "
			       "units (512, 1024 or 2048 MiB)", path, td->family, td->revision,
			       td->memory, td->cpu);
	}
	return err_set(e, "%s: task definition %s:%d: %d CPU units is not a Fargate size (256, "
		       "512, 1024, 2048, 4096, 8192 or 16384)", path, td->family, td->revision,
		       td->cpu);
}

/* A task that no instance type could ever hold is a scenario mistake, and
 * so is one whose task definition is not compatible with EC2. */
static int check_fits_somewhere(const scenario *sc, int32_t t, const char *path, ecs_err *e)
{
	const sc_taskdef *td = &sc->taskdefs[t];
	int eni_ok = 0;

	if (td->not_ec2 > 0)
		return err_set(e, "%s: task definition %s:%d is not compatible with EC2 (its "
			       "requiresCompatibilities lists no EC2)", path, td->family, td->revision);

	for (int i = 0; i < sc->ntypes; i++) {
		const sc_instance_type *it = &sc->types[i];
		eni_ok |= sc_task_enis(sc, it) >= 1;
		if (it->cpu >= td->cpu && it->memory >= td->memory && it->gpus >= td->gpus &&
		    (!td->awsvpc || sc_task_enis(sc, it) >= 1))
			return 0;
	}
	if (td->awsvpc && !eni_ok)
		return err_set(e, "%s: task definition %s:%d uses awsvpc networking, which needs an "
			       "ENI per task, but every instance type has enis <= 1 (the primary "
			       "ENI is the instance's own)", path, td->family, td->revision);
	if (td->gpus)
		return err_set(e, "%s: task definition %s:%d needs %d CPU units, %d MiB and %d "
			       "GPU%s but no instance type is that large", path, td->family,
			       td->revision, td->cpu, td->memory, td->gpus, td->gpus > 1 ? "s" : "");
	return err_set(e, "%s: task definition %s:%d needs %d CPU units and %d MiB but no "
		       "instance type is that large", path, td->family, td->revision, td->cpu,
		       td->memory);
}

/* ---- services and workloads -------------------------------------------- */

/* ecsim's "targetGroup" of a service behind a load balancer: the ELB target
 * group settings that decide ACTIVATING, target health and DEACTIVATING.
 * Defaults are ELB's; registration time is undocumented (5 s assumed). */
static int parse_target_group(sc_service *s, const json_t *j, const char *spath, ecs_err *e)
{
	static const char *const known[] = { "registration", "healthCheckInterval",
					     "healthyThreshold", "unhealthyThreshold",
					     "deregistrationDelay", NULL };
	sc_target_group *tg = &s->tg;
	int64_t hthr = 5, uthr = 2;
	char path[JREAD_PATHMAX];

	tg->interval = 30 * USEC_PER_SEC;
	tg->deregistration_delay = 300 * USEC_PER_SEC;
	jread_kpath(path, spath, "targetGroup");
	if (j && !s->lb)
		return err_set(e, "%s: needs a non-empty loadBalancers (the service has no load "
			       "balancer)", path);
	if (j && (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0))
		return -1;
	if (get_dist(j, "registration", path, &tg->registration, "5", e) < 0 ||
	    jread_duration(j, "healthCheckInterval", path, &tg->interval, 0, e) < 0 ||
	    jread_int(j, "healthyThreshold", path, &hthr, 2, 10, 0, e) < 0 ||
	    jread_int(j, "unhealthyThreshold", path, &uthr, 2, 10, 0, e) < 0 ||
	    jread_duration(j, "deregistrationDelay", path, &tg->deregistration_delay, 0, e) < 0)
		return -1;
	if (tg->interval < 5 * USEC_PER_SEC || tg->interval > 300 * USEC_PER_SEC)
		return err_set(e, "%s.healthCheckInterval: must be between 5s and 300s", path);
	if (tg->deregistration_delay > 3600 * USEC_PER_SEC)
		return err_set(e, "%s.deregistrationDelay: must be at most 3600s", path);
	tg->healthy_threshold = (int)hthr;
	tg->unhealthy_threshold = (int)uthr;
	return 0;
}

/* deploymentConfiguration.deploymentCircuitBreaker, as in the ECS API. */
static int parse_breaker(sc_service *s, const json_t *j, const char *dpath, ecs_err *e)
{
	static const char *const known[] = { "enable", "rollback", NULL };
	static const char *const keys[] = { "enable", "rollback" };
	char path[JREAD_PATHMAX], p[JREAD_PATHMAX];

	if (!j)
		return 0;
	jread_kpath(path, dpath, "deploymentCircuitBreaker");
	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0)
		return -1;
	for (int k = 0; k < 2; k++) {
		json_t *v = json_object_get(j, keys[k]);
		if (!v && k == 0)
			return err_set(e, "%s: required", jread_kpath(p, path, keys[k]));
		if (v && !json_is_boolean(v))
			return err_set(e, "%s: must be true or false, not %s", jread_kpath(p, path, keys[k]),
				       jread_type_name(v));
	}
	s->breaker = json_is_true(json_object_get(j, "enable"));
	s->rollback = json_is_true(json_object_get(j, "rollback"));
	return 0;
}

/* ecsim's "desiredCountChanges": [{at, desiredCount}], in time order. */
static int parse_desired_changes(sc_service *s, const json_t *arr, const char *spath,
				 ecs_err *e)
{
	static const char *const known[] = { "at", "desiredCount", NULL };
	char path[JREAD_PATHMAX], p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	jread_kpath(path, spath, "desiredCountChanges");
	if (jread_array(arr, path, e) < 0)
		return -1;
	s->changes = xcalloc(json_array_size(arr) + 1, sizeof(*s->changes));
	json_array_foreach(arr, i, v) {
		sc_desired_change *c = &s->changes[i];
		jread_ipath(p, path, i);
		if (jread_object(v, p, e) < 0 || jread_keys(v, p, known, NULL, e) < 0 ||
		    jread_duration(v, "at", p, &c->at, 1, e) < 0 ||
		    jread_int(v, "desiredCount", p, &c->desired, 0, SC_MAX_DESIRED, 1, e) < 0)
			return -1;
		if (i > 0 && c->at < s->changes[i - 1].at)
			return err_set(e, "%s.at: before the previous change (changes must be in time "
				       "order)", p);
		s->nchanges++;
	}
	return 0;
}

/* ---- load and Service Auto Scaling (ecsim "demand", "autoScaling") ------- */

static int trace_path(const scenario *sc, const json_t *v, const char *path, char **out,
		      char **name, ecs_err *e);

/* A demand value: requests per second, a JSON number >= 0. */
static int get_demand(const json_t *obj, const char *key, const char *path, double *out,
		      int required, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (!json_object_get(obj, key) && required)
		return err_set(e, "%s: required", jread_kpath(p, path, key));
	return jread_number(obj, key, path, out, 0, e);
}

/* "file" of a csv demand: rows "time,value" (seconds, requests per second)
 * in time order; a first row that is not two numbers is a header. */
static int read_demand_csv(const scenario *sc, sc_demand *d, const json_t *j, const char *path,
			   ecs_err *e)
{
	char p[JREAD_PATHMAX], line[512], *file = NULL, *name = NULL;
	FILE *f = NULL;
	int cap = 0, lineno = 0, rc = -1;

	if (!json_object_get(j, "file")) {
		err_set(e, "%s: required", jread_kpath(p, path, "file"));
		goto out;
	}
	if (trace_path(sc, json_object_get(j, "file"), jread_kpath(p, path, "file"), &file, &name, e) < 0)
		goto out;
	if (!(f = fopen(file, "r"))) {
		err_set(e, "%s: cannot open \"%s\": %s", p, name, strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof(line), f)) {
		char *end, *end2;
		double t, v;
		lineno++;
		if (line[strspn(line, " \t\r\n")] == 0)
			continue;
		t = strtod(line, &end);
		while (*end == ' ' || *end == '\t')
			end++;
		if (end == line || *end != ',' ) {
			if (lineno == 1)
				continue;
			err_set(e, "%s: %s:%d: expected \"seconds,requests per second\"", p, name,
				lineno);
			goto out;
		}
		v = strtod(end + 1, &end2);
		if (end2 == end + 1 || end2[strspn(end2, " \t\r\n")] != 0) {
			if (lineno == 1)
				continue;
			err_set(e, "%s: %s:%d: expected \"seconds,requests per second\"", p, name,
				lineno);
			goto out;
		}
		if (!(t >= 0 && t <= 3153600000.0) || !(v >= 0) || !isfinite(v)) {
			err_set(e, "%s: %s:%d: time must be 0 to 100 years and demand >= 0", p, name,
				lineno);
			goto out;
		}
		if (d->npts == cap) {
			cap = cap ? 2 * cap : 64;
			d->pts = xrealloc(d->pts, (size_t)cap * sizeof(*d->pts));
		}
		d->pts[d->npts] = (sc_demand_point){ .at = s_to_us(t), .value = v };
		if (d->npts > 0 && d->pts[d->npts].at < d->pts[d->npts - 1].at) {
			err_set(e, "%s: %s:%d: time before the previous row (rows must be in time "
				"order)", p, name, lineno);
			goto out;
		}
		d->npts++;
	}
	if (d->npts == 0) {
		err_set(e, "%s: %s has no rows", p, name);
		goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	free(file);
	free(name);
	return rc;
}

/* ecsim's "demand": a curve of requests per second and what a task serves. */
static int parse_demand(const scenario *sc, sc_service *s, const json_t *j, const char *spath,
			ecs_err *e)
{
	static const char *const common[] = { "type", "capacityPerTask", "idleMemoryPercent" };
	static const char *const types[] = { "constant", "diurnal", "steps", "spikes", "csv", NULL };
	static const char *const extra[][4] = {
		{ "value" }, { "trough", "peak", "peakHour" }, { "initial", "steps" },
		{ "base", "spikes" }, { "file", "initial" },
	};
	const char *known[8];
	sc_demand *d = &s->demand;
	char path[JREAD_PATHMAX], p[JREAD_PATHMAX], q[JREAD_PATHMAX], *type = NULL;
	double idle = 0, hour = 12;
	json_t *arr, *v;
	size_t i;
	int k, n = 0, rc = -1;

	if (!j)
		return 0;
	jread_kpath(path, spath, "demand");
	if (jread_object(j, path, e) < 0 || jread_str(j, "type", path, &type, 1, e) < 0)
		goto out;
	for (k = 0; types[k] && strcmp(types[k], type); k++)
		;
	if (!types[k]) {
		err_set(e, "%s.type: must be constant, diurnal, steps, spikes or csv, not \"%s\"",
			path, type);
		goto out;
	}
	for (int c = 0; c < 3; c++)
		known[n++] = common[c];
	for (int c = 0; c < 4 && extra[k][c]; c++)
		known[n++] = extra[k][c];
	known[n] = NULL;
	if (jread_keys(j, path, known, NULL, e) < 0)
		goto out;
	d->given = 1;
	d->kind = (enum sc_demand_kind)k;
	if (!json_object_get(j, "capacityPerTask")) {
		err_set(e, "%s.capacityPerTask: required", path);
		goto out;
	}
	if (jread_number(j, "capacityPerTask", path, &d->capacity, 0, e) < 0 ||
	    jread_number(j, "idleMemoryPercent", path, &idle, 0, e) < 0)
		goto out;
	if (!(d->capacity > 0)) {
		err_set(e, "%s.capacityPerTask: must be > 0", path);
		goto out;
	}
	if (idle > 100) {
		err_set(e, "%s.idleMemoryPercent: must be <= 100", path);
		goto out;
	}
	d->idle_memory = idle / 100;
	switch (d->kind) {
	case SC_DEMAND_CONSTANT:
		rc = get_demand(j, "value", path, &d->value, 1, e);
		goto out;
	case SC_DEMAND_DIURNAL:
		if (get_demand(j, "trough", path, &d->trough, 1, e) < 0 ||
		    get_demand(j, "peak", path, &d->peak, 1, e) < 0 ||
		    jread_number(j, "peakHour", path, &hour, 0, e) < 0)
			goto out;
		if (hour >= 24) {
			err_set(e, "%s.peakHour: must be < 24", path);
			goto out;
		}
		if (d->peak < d->trough) {
			err_set(e, "%s.peak: must be >= trough", path);
			goto out;
		}
		d->peak_at = s_to_us(hour * 3600);
		rc = 0;
		goto out;
	case SC_DEMAND_CSV:
		if (get_demand(j, "initial", path, &d->value, 0, e) < 0)
			goto out;
		rc = read_demand_csv(sc, d, j, path, e);
		goto out;
	case SC_DEMAND_STEPS:
	case SC_DEMAND_SPIKES:
		break;
	}
	{
		int steps = d->kind == SC_DEMAND_STEPS;
		const char *key = steps ? "steps" : "spikes";
		static const char *const step_keys[] = { "at", "value", NULL };
		static const char *const spike_keys[] = { "at", "duration", "value", NULL };

		if (get_demand(j, steps ? "initial" : "base", path, &d->value, !steps, e) < 0)
			goto out;
		jread_kpath(p, path, key);
		if (!(arr = json_object_get(j, key))) {
			err_set(e, "%s: required", p);
			goto out;
		}
		if (jread_array_max(arr, p, 100000, key, e) < 0)
			goto out;
		d->pts = xcalloc(json_array_size(arr) + 1, sizeof(*d->pts));
		json_array_foreach(arr, i, v) {
			sc_demand_point *x = &d->pts[i];
			int64_t dur = 0;
			jread_ipath(q, p, i);
			if (jread_object(v, q, e) < 0 ||
			    jread_keys(v, q, steps ? step_keys : spike_keys, NULL, e) < 0 ||
			    jread_duration(v, "at", q, &x->at, 1, e) < 0 ||
			    (!steps && jread_duration(v, "duration", q, &dur, 1, e) < 0) ||
			    get_demand(v, "value", q, &x->value, 1, e) < 0)
				goto out;
			x->end = x->at + dur;
			if (steps && i > 0 && x->at < d->pts[i - 1].at) {
				err_set(e, "%s.at: before the previous step (steps must be in time "
					"order)", q);
				goto out;
			}
			d->npts++;
		}
	}
	rc = 0;
out:
	free(type);
	return rc;
}

static const char *const metric_names[] = { "ECSServiceAverageCPUUtilization",
					    "ECSServiceAverageMemoryUtilization",
					    "ALBRequestCountPerTarget", NULL };

/* One stepScaling policy: the alarm (metric, comparison, threshold,
 * evaluationPeriods) and the StepScalingPolicyConfiguration. */
static int parse_step_policy(sc_step_policy *sp, const json_t *v, const char *q, ecs_err *e)
{
	static const char *const known[] = { "metric", "comparison", "threshold",
					     "evaluationPeriods", "adjustmentType",
					     "stepAdjustments", "cooldown", "minAdjustmentMagnitude",
					     NULL };
	static const char *const step_known[] = { "metricIntervalLowerBound",
						  "metricIntervalUpperBound", "scalingAdjustment",
						  NULL };
	static const char *const cmps[] = { "GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
					    "LessThanThreshold", "LessThanOrEqualToThreshold", NULL };
	static const char *const adjs[] = { "ChangeInCapacity", "PercentChangeInCapacity",
					    "ExactCapacity", NULL };
	char *m = NULL, *c = NULL, *a = NULL, p[JREAD_PATHMAX], r[JREAD_PATHMAX];
	json_t *arr, *x;
	size_t i;
	int km = 0, kc = 0, ka = 0, rc = -1;

	sp->periods = 1;
	sp->cooldown = 300 * USEC_PER_SEC;
	if (jread_object(v, q, e) < 0 || jread_keys(v, q, known, NULL, e) < 0 ||
	    jread_str(v, "metric", q, &m, 1, e) < 0 || jread_str(v, "comparison", q, &c, 1, e) < 0 ||
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
	    jread_int(v, "minAdjustmentMagnitude", q, &sp->min_magnitude, 0, SC_MAX_DESIRED, 0, e) < 0)
		goto out;
	jread_kpath(p, q, "stepAdjustments");
	if (!(arr = json_object_get(v, "stepAdjustments"))) {
		err_set(e, "%s: required", p);
		goto out;
	}
	if (jread_array_max(arr, p, 20, "steps", e) < 0)
		goto out;
	if (json_array_size(arr) == 0) {
		err_set(e, "%s: must have at least one step", p);
		goto out;
	}
	sp->steps = xcalloc(json_array_size(arr), sizeof(*sp->steps));
	json_array_foreach(arr, i, x) {
		sc_step *st = &sp->steps[i];
		jread_ipath(r, p, i);
		st->lower = -INFINITY;
		st->upper = INFINITY;
		if (jread_object(x, r, e) < 0 || jread_keys(x, r, step_known, NULL, e) < 0 ||
		    jread_number(x, "metricIntervalLowerBound", r, &st->lower, -INFINITY, e) < 0 ||
		    jread_number(x, "metricIntervalUpperBound", r, &st->upper, -INFINITY, e) < 0 ||
		    jread_int(x, "scalingAdjustment", r, &st->adjustment, -SC_MAX_DESIRED,
			    SC_MAX_DESIRED, 1, e) < 0)
			goto out;
		if (!(st->upper > st->lower)) {
			err_set(e, "%s.metricIntervalUpperBound: must be > metricIntervalLowerBound", r);
			goto out;
		}
		sp->nsteps++;
	}
	rc = 0;
out:
	free(m);
	free(c);
	free(a);
	return rc;
}

/* services[].autoScaling: the scalable target (min, max), target tracking
 * policies and scheduled actions of Application Auto Scaling. */
static int parse_autoscaling(sc_service *s, const json_t *j, const char *spath, ecs_err *e)
{
	static const char *const known[] = { "minCapacity", "maxCapacity", "targetTracking",
					     "stepScaling", "scheduledActions", "scaleOutDatapoints",
					     "scaleInDatapoints", "scaleInMarginPercent", NULL };
	static const char *const tt_known[] = { "metric", "target", "scaleOutCooldown",
						"scaleInCooldown", "disableScaleIn", NULL };
	static const char *const sa_known[] = { "at", "minCapacity", "maxCapacity", NULL };
	sc_autoscaling *a = &s->as;
	char path[JREAD_PATHMAX], p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	double margin = 10;
	json_t *arr, *v, *x;
	size_t i;

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
	if ((arr = json_object_get(j, "targetTracking"))) {
		jread_kpath(p, path, "targetTracking");
		if (jread_array_max(arr, p, 50, "policies", e) < 0)
			return -1;
		a->tt = xcalloc(json_array_size(arr) + 1, sizeof(*a->tt));
		json_array_foreach(arr, i, v) {
			sc_tt_policy *t = &a->tt[i];
			char *m = NULL;
			int k;
			jread_ipath(q, p, i);
			t->out_cooldown = t->in_cooldown = 300 * USEC_PER_SEC;
			if (jread_object(v, q, e) < 0 || jread_keys(v, q, tt_known, NULL, e) < 0 ||
			    jread_str(v, "metric", q, &m, 1, e) < 0) {
				free(m);
				return -1;
			}
			for (k = 0; metric_names[k] && strcmp(metric_names[k], m); k++)
				;
			free(m);
			if (!metric_names[k])
				return err_set(e, "%s.metric: must be ECSServiceAverageCPUUtilization, "
					       "ECSServiceAverageMemoryUtilization or "
					       "ALBRequestCountPerTarget", q);
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
			if ((x = json_object_get(v, "disableScaleIn"))) {
				if (!json_is_boolean(x))
					return err_set(e, "%s.disableScaleIn: must be true or false, "
						       "not %s", q, jread_type_name(x));
				t->disable_in = json_is_true(x);
			}
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
	if ((arr = json_object_get(j, "scheduledActions"))) {
		jread_kpath(p, path, "scheduledActions");
		if (jread_array_max(arr, p, 100000, "actions", e) < 0)
			return -1;
		a->sched = xcalloc(json_array_size(arr) + 1, sizeof(*a->sched));
		json_array_foreach(arr, i, v) {
			sc_scheduled_action *x2 = &a->sched[i];
			jread_ipath(q, p, i);
			x2->min = x2->max = -1;
			if (jread_object(v, q, e) < 0 || jread_keys(v, q, sa_known, NULL, e) < 0 ||
			    jread_duration(v, "at", q, &x2->at, 1, e) < 0 ||
			    jread_int(v, "minCapacity", q, &x2->min, 0, SC_MAX_DESIRED, 0, e) < 0 ||
			    jread_int(v, "maxCapacity", q, &x2->max, 0, SC_MAX_DESIRED, 0, e) < 0)
				return -1;
			if (x2->min < 0 && x2->max < 0)
				return err_set(e, "%s: give minCapacity, maxCapacity or both", q);
			if (x2->min >= 0 && x2->max >= 0 && x2->max < x2->min)
				return err_set(e, "%s.maxCapacity: must be >= minCapacity", q);
			if (i > 0 && x2->at < a->sched[i - 1].at)
				return err_set(e, "%s.at: before the previous action (actions must be "
					       "in time order)", q);
			a->nsched++;
		}
	}
	return 0;
}

static int parse_service(scenario *sc, sc_service *s, const json_t *j, const char *path,
			 ecs_err *e)
{
	static const char *const known[] = { "serviceName", "taskDefinition", "desiredCount",
					     "launchType", "placementStrategy",
					     "placementConstraints", "deploymentConfiguration",
					     "schedulingStrategy", "loadBalancers",
					     "healthCheckGracePeriodSeconds", "targetGroup",
					     "desiredCountChanges", "capacityProviderStrategy",
					     "demand", "autoScaling", NULL };
	static const char *const ignored[] = {
		"cluster", "clientToken", "platformVersion", "role", "serviceRegistries",
		"networkConfiguration", "deploymentController", "tags", "enableECSManagedTags",
		"propagateTags", "enableExecuteCommand", "serviceConnectConfiguration",
		"volumeConfigurations", "vpcLatticeConfigurations", "availabilityZoneRebalancing",
		NULL,
	};
	static const char *const dc_known[] = { "minimumHealthyPercent", "maximumPercent",
						"deploymentCircuitBreaker", "alarms",
						"strategy", "bakeTimeInMinutes",
						"lifecycleHooks", NULL };
	char *lt = NULL, *ss = NULL, p[JREAD_PATHMAX];
	json_t *dc, *v;
	int64_t grace = 0;
	int rc = -1;

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, ignored, e) < 0)
		return -1;
	s->path = xstrdup(path);
	s->min_healthy_pct = 100;
	s->max_pct = 200;
	if (jread_str(j, "serviceName", path, &s->name, 1, e) < 0 ||
	    resolve_taskdef(sc, j, path, &s->taskdef, e) < 0 ||
	    jread_str(j, "launchType", path, &lt, 0, e) < 0 ||
	    jread_str(j, "schedulingStrategy", path, &ss, 0, e) < 0)
		goto out;
	s->daemon = ss && strcmp(ss, "DAEMON") == 0;
	/* DAEMON (ECS): one task per instance, so no desired count, no
	 * strategy, maximumPercent 100 and minimumHealthyPercent 0 by default */
	if (s->daemon) {
		static const char *const no[] = { "desiredCount", "desiredCountChanges",
						  "placementStrategy", NULL };
		for (int k = 0; no[k]; k++)
			if (json_object_get(j, no[k])) {
				err_set(e, "%s.%s: not allowed with schedulingStrategy DAEMON (one task "
					"per instance)", path, no[k]);
				goto out;
			}
		s->min_healthy_pct = 0;
		s->max_pct = 100;
	} else if (jread_int(j, "desiredCount", path, &s->desired, 0, SC_MAX_DESIRED, 1, e) < 0) {
		goto out;
	}
	if (lt && strcmp(lt, "EC2") && strcmp(lt, "FARGATE") && strcmp(lt, "EXTERNAL")) {
		err_set(e, "%s.launchType: must be EC2, FARGATE or EXTERNAL, not \"%s\"", path, lt);
		goto out;
	}
	if (lt && strcmp(lt, "EXTERNAL") == 0) {
		err_set(e, "%s.launchType: %s is not modelled yet (only EC2 and FARGATE)", path, lt);
		goto out;
	}
	s->fargate = lt && strcmp(lt, "FARGATE") == 0;
	/* capacityProviderStrategy, or the cluster's default when the service
	 * has neither it nor a launchType (ECS) */
	if (json_object_get(j, "capacityProviderStrategy")) {
		if (lt) {
			err_set(e, "%s.capacityProviderStrategy: not allowed together with launchType",
				path);
			goto out;
		}
		if (parse_cp_strategy(sc, json_object_get(j, "capacityProviderStrategy"),
				      jread_kpath(p, path, "capacityProviderStrategy"), &s->cps, &s->ncps,
				      e) < 0)
			goto out;
	} else if (!lt && sc->ndefault_cps) {
		s->cps = xmalloc((size_t)sc->ndefault_cps * sizeof(*s->cps));
		memcpy(s->cps, sc->default_cps, (size_t)sc->ndefault_cps * sizeof(*s->cps));
		s->ncps = sc->ndefault_cps;
	}
	if (s->ncps && s->daemon) {
		err_set(e, "%s.capacityProviderStrategy: DAEMON services use the EC2 launch type, "
			"not capacity providers", path);
		goto out;
	}
	if (s->ncps && s->cps[0].kind != SC_CP_ASG)
		s->fargate = 1;
	if (s->fargate && s->daemon) {
		err_set(e, "%s.schedulingStrategy: DAEMON services cannot use the FARGATE launch "
			"type", path);
		goto out;
	}
	if (ss && strcmp(ss, "REPLICA") && strcmp(ss, "DAEMON")) {
		err_set(e, "%s.schedulingStrategy: must be REPLICA or DAEMON, not \"%s\"", path, ss);
		goto out;
	}
	if ((dc = json_object_get(j, "deploymentConfiguration"))) {
		int64_t mn = s->min_healthy_pct, mx = s->max_pct;
		jread_kpath(p, path, "deploymentConfiguration");
		if (jread_object(dc, p, e) < 0 || jread_keys(dc, p, dc_known, NULL, e) < 0 ||
		    jread_int(dc, "minimumHealthyPercent", p, &mn, 0, 100, 0, e) < 0 ||
		    jread_int(dc, "maximumPercent", p, &mx, 100, 200, 0, e) < 0)
			goto out;
		s->min_healthy_pct = (int)mn;
		s->max_pct = (int)mx;
		if (s->daemon && mx != 100) {
			err_set(e, "%s.maximumPercent: must be 100 for a DAEMON service", p);
			goto out;
		}
		if (parse_breaker(s, json_object_get(dc, "deploymentCircuitBreaker"), p, e) < 0)
			goto out;
	}
	if (jread_int(j, "healthCheckGracePeriodSeconds", path, &grace, 0, INT32_MAX, 0, e) < 0)
		goto out;
	s->grace = grace * USEC_PER_SEC;
	if ((v = json_object_get(j, "loadBalancers"))) {
		if (jread_array(v, jread_kpath(p, path, "loadBalancers"), e) < 0)
			goto out;
		s->lb = json_array_size(v) > 0;
	}
	if (parse_target_group(s, json_object_get(j, "targetGroup"), path, e) < 0 ||
	    parse_desired_changes(s, json_object_get(j, "desiredCountChanges"), path, e) < 0 ||
	    parse_demand(sc, s, json_object_get(j, "demand"), path, e) < 0 ||
	    parse_autoscaling(s, json_object_get(j, "autoScaling"), path, e) < 0)
		goto out;
	if (parse_placement(&s->place, j, path, e) < 0 ||
	    (s->fargate ? check_fargate(sc, s->taskdef, path, e)
			: check_fits_somewhere(sc, s->taskdef, path, e)) < 0)
		goto out;
	for (int k = 0; k < sc->nservices; k++)
		if (&sc->services[k] != s && strcmp(sc->services[k].name, s->name) == 0) {
			err_set(e, "%s.serviceName: duplicate service \"%s\"", path, s->name);
			goto out;
		}
	rc = 0;
out:
	free(lt);
	free(ss);
	return rc;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int parse_arrival(sc_workload *w, const json_t *j, const char *path, ecs_err *e)
{
	static const char *const known[] = { "type", "rate", "interval", "times", NULL };
	char *type = NULL, p[JREAD_PATHMAX];
	int rc = -1;

	if (!j)
		return err_set(e, "%s: required", path);
	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0 ||
	    jread_str(j, "type", path, &type, 1, e) < 0)
		return -1;
	if (strcmp(type, "poisson") == 0) {
		json_t *r = json_object_get(j, "rate");
		w->arrival = SC_ARRIVAL_POISSON;
		jread_kpath(p, path, "rate");
		if (!r) {
			err_set(e, "%s: required for poisson arrivals", p);
			goto out;
		}
		if (units_rate(r, p, &w->rate, e) < 0)
			goto out;
		if (w->rate > 1e7) {
			err_set(e, "%s: at most 10000000 per second", p);
			goto out;
		}
	} else if (strcmp(type, "interval") == 0) {
		w->arrival = SC_ARRIVAL_INTERVAL;
		if (jread_duration(j, "interval", path, &w->interval, 1, e) < 0)
			goto out;
		if (w->interval < 1) {
			err_set(e, "%s.interval: must be > 0", path);
			goto out;
		}
	} else if (strcmp(type, "times") == 0) {
		json_t *arr = json_object_get(j, "times"), *v;
		size_t i;
		w->arrival = SC_ARRIVAL_TIMES;
		jread_kpath(p, path, "times");
		if (!arr) {
			err_set(e, "%s: required for times arrivals", p);
			goto out;
		}
		if (jread_array(arr, p, e) < 0)
			goto out;
		w->times = xcalloc(json_array_size(arr), sizeof(*w->times));
		json_array_foreach(arr, i, v) {
			char q[JREAD_PATHMAX];
			if (units_duration(v, jread_ipath(q, p, i), &w->times[i], e) < 0)
				goto out;
			w->ntimes++;
		}
		qsort(w->times, (size_t)w->ntimes, sizeof(*w->times), cmp_i64);
	} else {
		err_set(e, "%s.type: unknown arrival process \"%s\" (known: poisson, interval, "
			"times)", path, type);
		goto out;
	}
	if ((w->arrival != SC_ARRIVAL_POISSON && json_object_get(j, "rate")) ||
	    (w->arrival != SC_ARRIVAL_INTERVAL && json_object_get(j, "interval")) ||
	    (w->arrival != SC_ARRIVAL_TIMES && json_object_get(j, "times"))) {
		err_set(e, "%s: %s arrivals take %s only", path, type,
			w->arrival == SC_ARRIVAL_POISSON ? "\"rate\""
			: w->arrival == SC_ARRIVAL_INTERVAL ? "\"interval\"" : "\"times\"");
		goto out;
	}
	rc = 0;
out:
	free(type);
	return rc;
}

static int parse_workload(scenario *sc, sc_workload *w, const json_t *j, const char *path,
			  ecs_err *e)
{
	static const char *const known[] = { "name", "taskDefinition", "group", "arrival",
					     "duration", "count", "start", "end", "cpu", "memory",
					     "placementStrategy", "placementConstraints", NULL };
	char p[JREAD_PATHMAX];
	json_t *v;

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0)
		return -1;
	w->path = xstrdup(path);
	w->count = -1;
	w->end = INT64_MAX;
	dist_constant(&w->duration, 0);
	if (jread_str(j, "name", path, &w->name, 1, e) < 0 ||
	    resolve_taskdef(sc, j, path, &w->taskdef, e) < 0 ||
	    jread_str(j, "group", path, &w->group, 0, e) < 0 ||
	    parse_arrival(w, json_object_get(j, "arrival"), jread_kpath(p, path, "arrival"), e) < 0 ||
	    jread_int(j, "count", path, &w->count, 0, INT64_C(1) << 40, 0, e) < 0 ||
	    jread_duration(j, "start", path, &w->start, 0, e) < 0 ||
	    jread_duration(j, "end", path, &w->end, 0, e) < 0)
		return -1;
	if (w->end <= w->start)
		return err_set(e, "%s.end: must be after start", path);
	if (!(v = json_object_get(j, "duration")))
		return err_set(e, "%s.duration: required (a distribution of task run times)", path);
	dist_destroy(&w->duration);
	if (dist_parse(&w->duration, v, jread_kpath(p, path, "duration"), DIST_SECONDS, e) < 0)
		return -1;
	if ((v = json_object_get(j, "cpu"))) {
		if (dist_parse(&w->cpu, v, jread_kpath(p, path, "cpu"), DIST_NUMBER, e) < 0)
			return -1;
		w->has_cpu = 1;
	}
	if ((v = json_object_get(j, "memory"))) {
		if (dist_parse(&w->memory, v, jread_kpath(p, path, "memory"), DIST_NUMBER, e) < 0)
			return -1;
		w->has_memory = 1;
	}
	if (!w->group) {
		size_t n = strlen(sc->taskdefs[w->taskdef].family) + 8;
		w->group = xmalloc(n);
		snprintf(w->group, n, "family:%s", sc->taskdefs[w->taskdef].family);
	}
	if (parse_placement(&w->place, j, path, e) < 0)
		return -1;
	if (sc->taskdefs[w->taskdef].not_ec2 > 0)
		return err_set(e, "%s: task definition %s:%d is not compatible with EC2 (its "
			       "requiresCompatibilities lists no EC2)", path,
			       sc->taskdefs[w->taskdef].family, sc->taskdefs[w->taskdef].revision);
	if (!w->has_cpu && !w->has_memory && check_fits_somewhere(sc, w->taskdef, path, e) < 0)
		return -1;
	for (int k = 0; k < sc->nworkloads; k++)
		if (&sc->workloads[k] != w && strcmp(sc->workloads[k].name, w->name) == 0)
			return err_set(e, "%s.name: duplicate workload \"%s\"", path, w->name);
	return 0;
}

/* A time to failure: a distribution of seconds with a mean > 0. */
static int get_ttf(const json_t *obj, const char *path, dist *d, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	jread_kpath(p, path, "timeToFailure");
	if (!json_object_get(obj, "timeToFailure"))
		return err_set(e, "%s: required", p);
	if (get_dist(obj, "timeToFailure", path, d, "0", e) < 0)
		return -1;
	if (!(dist_mean(d) > 0))
		return err_set(e, "%s: must have a mean > 0", p);
	return 0;
}

static int get_ttr(const json_t *obj, const char *path, dist *d, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (!json_object_get(obj, "timeToRepair"))
		return err_set(e, "%s: required", jread_kpath(p, path, "timeToRepair"));
	return get_dist(obj, "timeToRepair", path, d, "0", e);
}

/* failures.instances: one object for every instance, or an array of them,
 * each for one instanceType (or, without it, for the other types). */
static int parse_instance_failures(scenario *sc, const json_t *in, ecs_err *e)
{
	static const char *const in_known[] = { "timeToFailure", "timeToRepair", NULL };
	static const char *const arr_known[] = { "instanceType", "timeToFailure", "timeToRepair",
						 NULL };
	const char *path = "$.failures.instances";
	char p[JREAD_PATHMAX];
	size_t i, n = json_is_array(in) ? json_array_size(in) : 1;
	json_t *v;

	if (!json_is_array(in) && jread_object(in, path, e) < 0)
		return -1;
	sc->failures.rules = xcalloc(n + 1, sizeof(*sc->failures.rules));
	if (!json_is_array(in)) {
		sc_fail_rule *r = &sc->failures.rules[0];
		r->type = -1;
		sc->failures.instances = 1;
		if (jread_keys(in, path, in_known, NULL, e) < 0 || get_ttf(in, path, &r->ttf, e) < 0)
			return -1;
		return get_ttr(in, path, &r->ttr, e);
	}
	if (json_array_size(in) > (size_t)SC_MAX_TYPES + 1)
		return err_set(e, "%s: %zu entries, at most %d", path, json_array_size(in),
			       SC_MAX_TYPES + 1);
	json_array_foreach(in, i, v) {
		sc_fail_rule *r = &sc->failures.rules[i];
		char *type = NULL;
		int rc = 0;
		jread_ipath(p, path, i);
		r->type = -1;
		sc->failures.instances++;
		if (jread_object(v, p, e) < 0 || jread_keys(v, p, arr_known, NULL, e) < 0 ||
		    jread_str(v, "instanceType", p, &type, 0, e) < 0)
			return -1;
		if (type && (r->type = type_at(sc, p, type, e)) < 0)
			rc = -1;
		for (size_t k = 0; rc == 0 && k < i; k++)
			if (sc->failures.rules[k].type == r->type)
				rc = type ? err_set(e, "%s.instanceType: instance type \"%s\" has "
						    "failures already", p, type)
					  : err_set(e, "%s: only one entry may leave out "
						    "instanceType", p);
		free(type);
		if (rc < 0 || get_ttf(v, p, &r->ttf, e) < 0 || get_ttr(v, p, &r->ttr, e) < 0)
			return -1;
	}
	return 0;
}

static int parse_zone_outages(scenario *sc, const json_t *arr, ecs_err *e)
{
	static const char *const known[] = { "zone", "start", "duration", NULL };
	const char *path = "$.failures.zoneOutages";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (jread_array_max(arr, path, 100000, "outages", e) < 0)
		return -1;
	sc->failures.outages = xcalloc(json_array_size(arr) + 1, sizeof(*sc->failures.outages));
	json_array_foreach(arr, i, v) {
		sc_zone_outage *o = &sc->failures.outages[i];
		char *zone = NULL;
		int rc;
		jread_ipath(p, path, i);
		if (jread_object(v, p, e) < 0 || jread_keys(v, p, known, NULL, e) < 0 ||
		    jread_str(v, "zone", p, &zone, 1, e) < 0 ||
		    jread_duration(v, "start", p, &o->start, 1, e) < 0 ||
		    jread_duration(v, "duration", p, &o->duration, 1, e) < 0) {
			free(zone);
			return -1;
		}
		rc = (o->zone = zone_at(sc, p, zone, e)) < 0 ? -1 : 0;
		free(zone);
		if (rc < 0)
			return -1;
		if (o->duration == 0)
			return err_set(e, "%s.duration: must be > 0", p);
		sc->failures.noutages++;
	}
	return 0;
}

/* randomZoneOutages: {rate | timeBetween, duration}. */
static int parse_random_outages(scenario *sc, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "rate", "timeBetween", "duration", NULL };
	const char *path = "$.failures.randomZoneOutages";
	sc_failures *f = &sc->failures;
	json_t *rate;
	char p[JREAD_PATHMAX];

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0)
		return -1;
	f->random_outages = 1;
	rate = json_object_get(j, "rate");
	if (rate && json_object_get(j, "timeBetween"))
		return err_set(e, "%s: give either \"rate\" or \"timeBetween\", not both", path);
	if (rate) {
		double r;
		if (units_rate(rate, jread_kpath(p, path, "rate"), &r, e) < 0)
			return -1;
		/* Poisson outages: exponential times between them. */
		{
			json_t *d = json_pack("{s:s, s:f}", "type", "exponential", "mean", 1.0 / r);
			int rc = dist_parse(&f->outage_between, d, p, DIST_SECONDS, e);
			json_decref(d);
			if (rc < 0)
				return -1;
		}
	} else if (!json_object_get(j, "timeBetween")) {
		return err_set(e, "%s: give \"rate\" or \"timeBetween\"", path);
	} else if (get_dist(j, "timeBetween", path, &f->outage_between, "0", e) < 0) {
		return -1;
	}
	if (!(dist_mean(&f->outage_between) > 0))
		return err_set(e, "%s.%s: must have a mean > 0", path,
			       rate ? "rate" : "timeBetween");
	if (!json_object_get(j, "duration"))
		return err_set(e, "%s.duration: required", path);
	return get_dist(j, "duration", path, &f->outage_duration, "0", e);
}

/* domains: {attribute, timeToFailure, timeToRepair}; the attribute must be
 * a custom one that some instances carry. */
static int parse_domains(scenario *sc, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "attribute", "timeToFailure", "timeToRepair", NULL };
	const char *path = "$.failures.domains";
	sc_failures *f = &sc->failures;
	int found = 0;

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0 ||
	    jread_str(j, "attribute", path, &f->domain_attr, 1, e) < 0)
		return -1;
	for (int i = 0; i < sc->ninstances && !found; i++)
		for (int k = 0; k < sc->instances[i].nattrs; k++)
			if (strcmp(sc->instances[i].attrs[k].name, f->domain_attr) == 0)
				found = 1;
	if (!found)
		return err_set(e, "%s.attribute: no instance has attribute \"%s\" (set it in "
			       "$.cluster.instances[].attributes)", path, f->domain_attr);
	if (get_ttf(j, path, &f->domain_ttf, e) < 0)
		return -1;
	return get_ttr(j, path, &f->domain_ttr, e);
}

static int trace_path(const scenario *sc, const json_t *v, const char *path, char **out,
		      char **name, ecs_err *e);

/* One Spot interruption entry: "rate" (per instance) or "timeToInterruption"
 * (a distribution), and with types an optional "instanceType". */
static int parse_spot_rule(scenario *sc, sc_fail_rule *r, const json_t *j, const char *path,
			   int with_type, ecs_err *e)
{
	static const char *const known[] = { "rate", "timeToInterruption", NULL };
	static const char *const tknown[] = { "instanceType", "rate", "timeToInterruption",
					      NULL };
	json_t *rate;
	char *type = NULL, p[JREAD_PATHMAX];
	int rc = 0;

	r->type = -1;
	if (jread_object(j, path, e) < 0 ||
	    jread_keys(j, path, with_type ? tknown : known, NULL, e) < 0 ||
	    (with_type && jread_str(j, "instanceType", path, &type, 0, e) < 0))
		return -1;
	if (type && (r->type = type_at(sc, path, type, e)) < 0)
		rc = -1;
	free(type);
	if (rc < 0)
		return -1;
	rate = json_object_get(j, "rate");
	if (rate && json_object_get(j, "timeToInterruption"))
		return err_set(e, "%s: give either \"rate\" or \"timeToInterruption\", not both",
			       path);
	if (rate) {
		double x;
		json_t *d;
		if (units_rate(rate, jread_kpath(p, path, "rate"), &x, e) < 0)
			return -1;
		d = json_pack("{s:s, s:f}", "type", "exponential", "mean", 1.0 / x);
		rc = dist_parse(&r->ttf, d, p, DIST_SECONDS, e);
		json_decref(d);
		return rc;
	}
	if (!json_object_get(j, "timeToInterruption"))
		return err_set(e, "%s: give \"rate\" or \"timeToInterruption\"", path);
	if (get_dist(j, "timeToInterruption", path, &r->ttf, "0", e) < 0)
		return -1;
	if (!(dist_mean(&r->ttf) > 0))
		return err_set(e, "%s.timeToInterruption: must have a mean > 0", path);
	return 0;
}

/* The times file: one interruption per line, "SECONDS" or
 * "SECONDS,INSTANCETYPE", in time order; blank lines and # comments skipped. */
static int read_spot_times(scenario *sc, const json_t *v, const char *path, ecs_err *e)
{
	sc_failures *f = &sc->failures;
	char *file = NULL, *name = NULL, line[512];
	int cap = 0, lineno = 0, rc = 0;
	FILE *in;

	if (trace_path(sc, v, path, &file, &name, e) < 0 || !(in = fopen(file, "r"))) {
		if (file && !e->msg[0])
			err_set(e, "%s: cannot open \"%s\": %s", path, name, strerror(errno));
		free(file);
		free(name);
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), in)) {
		char *p = line, *end, *comma;
		double t;
		int32_t type = -1;
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		if ((comma = strchr(p, ',')))
			*comma++ = 0;
		t = strtod(p, &end);
		while (*end == ' ' || *end == '\t')
			end++;
		if (end == p || *end || !(t >= 0) || t > 3153600000.0) {
			rc = err_set(e, "%s: %s line %d: bad time \"%s\" (seconds from the start)",
				     path, name, lineno, p);
			break;
		}
		if (comma) {
			char where[JREAD_PATHMAX + 300];
			snprintf(where, sizeof(where), "%s: %s line %d", path, name, lineno);
			if ((type = ref_type(sc, comma, where, e)) < 0) {
				rc = -1;
				break;
			}
		}
		if (f->nspot_times && s_to_us(t) < f->spot_times[f->nspot_times - 1]) {
			rc = err_set(e, "%s: %s line %d: times must be in order", path, name, lineno);
			break;
		}
		if (f->nspot_times == cap) {
			cap = cap ? 2 * cap : 64;
			f->spot_times = xrealloc(f->spot_times, (size_t)cap * sizeof(*f->spot_times));
			f->spot_time_type = xrealloc(f->spot_time_type,
						     (size_t)cap * sizeof(*f->spot_time_type));
		}
		f->spot_times[f->nspot_times] = s_to_us(t);
		f->spot_time_type[f->nspot_times++] = type;
	}
	fclose(in);
	free(file);
	free(name);
	return rc;
}

/* failures.spotInterruptions */
static int parse_spot(scenario *sc, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "instances", "timesFile", "notice",
					     "replacementLaunchTime", "fargate", NULL };
	static const char *const fknown[] = { "rate", NULL };
	const char *path = "$.failures.spotInterruptions";
	sc_failures *f = &sc->failures;
	json_t *in = json_object_get(j, "instances");
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0)
		return -1;
	f->spot_notice = 120 * USEC_PER_SEC;
	if (jread_duration(j, "notice", path, &f->spot_notice, 0, e) < 0 ||
	    get_dist(j, "replacementLaunchTime", path, &f->spot_launch, "180", e) < 0)
		return -1;
	if (in && json_is_array(in)) {
		jread_kpath(p, path, "instances");
		if (json_array_size(in) > (size_t)SC_MAX_TYPES + 1)
			return err_set(e, "%s: %zu entries, at most %d", p, json_array_size(in),
				       SC_MAX_TYPES + 1);
		f->spot = xcalloc(json_array_size(in) + 1, sizeof(*f->spot));
		json_array_foreach(in, i, v) {
			char q[JREAD_PATHMAX];
			f->spot_rules++;
			if (parse_spot_rule(sc, &f->spot[i], v, jread_ipath(q, p, i), 1, e) < 0)
				return -1;
			for (size_t k = 0; k < i; k++)
				if (f->spot[k].type == f->spot[i].type)
					return f->spot[i].type >= 0
						? err_set(e, "%s.instanceType: instance type \"%s\" has "
							  "interruptions already", q,
							  sc->types[f->spot[i].type].name)
						: err_set(e, "%s: only one entry may leave out "
							  "instanceType", q);
		}
	} else if (in) {
		f->spot = xcalloc(1, sizeof(*f->spot));
		f->spot_rules = 1;
		if (parse_spot_rule(sc, &f->spot[0], in, jread_kpath(p, path, "instances"), 0, e) < 0)
			return -1;
	}
	if ((v = json_object_get(j, "timesFile")) &&
	    read_spot_times(sc, v, jread_kpath(p, path, "timesFile"), e) < 0)
		return -1;
	if ((v = json_object_get(j, "fargate"))) {
		char q[JREAD_PATHMAX];
		jread_kpath(p, path, "fargate");
		if (jread_object(v, p, e) < 0 || jread_keys(v, p, fknown, NULL, e) < 0)
			return -1;
		if (!json_object_get(v, "rate"))
			return err_set(e, "%s.rate: required", p);
		if (units_rate(json_object_get(v, "rate"), jread_kpath(q, p, "rate"),
			       &f->fargate_spot_rate, e) < 0)
			return -1;
	}
	return 0;
}

static int parse_failures(scenario *sc, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "instances", "zoneOutages", "randomZoneOutages",
					     "domains", "spotInterruptions", NULL };
	const char *path = "$.failures";
	json_t *v;

	if (!j)
		return 0;
	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0)
		return -1;
	if ((v = json_object_get(j, "instances")) && parse_instance_failures(sc, v, e) < 0)
		return -1;
	if ((v = json_object_get(j, "zoneOutages")) && parse_zone_outages(sc, v, e) < 0)
		return -1;
	if ((v = json_object_get(j, "randomZoneOutages")) && parse_random_outages(sc, v, e) < 0)
		return -1;
	if ((v = json_object_get(j, "domains")) && parse_domains(sc, v, e) < 0)
		return -1;
	if ((v = json_object_get(j, "spotInterruptions")) && parse_spot(sc, v, e) < 0)
		return -1;
	return 0;
}

/* ---- traces ------------------------------------------------------------ */

/* A trace file's path: absolute as written, else relative to the directory
 * of the scenario file.  It must be a readable regular file. */
static int trace_path(const scenario *sc, const json_t *v, const char *path, char **out,
		      char **name, ecs_err *e)
{
	const char *s, *slash = strrchr(sc->file, '/');
	struct stat st;
	size_t n;

	if (!json_is_string(v) || !*(s = json_string_value(v)))
		return err_set(e, "%s: must be a file name (a non-empty string)", path);
	*name = xstrdup(s);
	if (s[0] == '/' || !slash) {
		*out = xstrdup(s);
	} else {
		n = (size_t)(slash - sc->file) + strlen(s) + 2;
		*out = xmalloc(n);
		snprintf(*out, n, "%.*s/%s", (int)(slash - sc->file), sc->file, s);
	}
	if (stat(*out, &st) != 0)
		return err_set(e, "%s: cannot open \"%s\" (%s): %s", path, s, *out, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(e, "%s: \"%s\" (%s) is not a file", path, s, *out);
	return 0;
}

/* "file" and "machines": one file name or an array of them, read in order. */
static int trace_files(const scenario *sc, const json_t *j, const char *key, const char *path,
		       char ***files, char ***names, int *n, ecs_err *e)
{
	json_t *v = json_object_get(j, key), *x;
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	size_t i;

	jread_kpath(p, path, key);
	if (json_is_array(v)) {
		if (json_array_size(v) == 0)
			return err_set(e, "%s: must name at least one file", p);
		*files = xcalloc(json_array_size(v), sizeof(**files));
		*names = xcalloc(json_array_size(v), sizeof(**names));
		json_array_foreach(v, i, x) {
			(*n)++;
			if (trace_path(sc, x, jread_ipath(q, p, i), &(*files)[i], &(*names)[i], e) < 0)
				return -1;
		}
		return 0;
	}
	*files = xcalloc(1, sizeof(**files));
	*names = xcalloc(1, sizeof(**names));
	*n = 1;
	if (!json_is_string(v))
		return err_set(e, "%s: must be a file name or an array of them, not %s", p,
			       jread_type_name(v));
	return trace_path(sc, v, p, &(*files)[0], &(*names)[0], e);
}

/* format as an object: a csv column mapping. */
static int parse_csv_map(trace_csv_map *m, const json_t *j, const char *path, ecs_err *e)
{
	static const char *const known[] = { "columns", "header", "delimiter", "timeUnit",
					     "cpuUnit", "memoryUnit", NULL };
	static const char *const cols[] = { "submit", "end", "duration", "cpu", "memory",
					    "count", "group", "gpu", NULL };
	static const char *const tunits[] = { "us", "ms", "s", "m", "h", "d", NULL };
	static const int64_t tus[] = { 1, 1000, USEC_PER_SEC, 60 * USEC_PER_SEC,
				       3600 * USEC_PER_SEC, 86400 * USEC_PER_SEC };
	static const char *const cunits[] = { "cores", "millicores", "percent", "units",
					      "normalized", NULL };
	static const char *const munits[] = { "MiB", "GiB", "KiB", "bytes", "MB", "GB",
					      "normalized", NULL };
	static const double mmib[] = { 1, 1024, 1.0 / 1024, 1.0 / 1048576, 1e6 / 1048576,
				       1e9 / 1048576, 0 };
	json_t *c, *v, *h;
	const char *key;
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX], *d = NULL;
	int k = 2, cu = TRACE_CPU_CORES, mu = 0;

	if (jread_keys(j, path, known, NULL, e) < 0)
		return -1;
	m->header = 1;
	m->delim = ',';
	if ((h = json_object_get(j, "header"))) {
		if (!json_is_boolean(h))
			return err_set(e, "%s.header: must be true or false, not %s", path,
				       jread_type_name(h));
		m->header = json_is_true(h);
	}
	if (json_object_get(j, "delimiter")) {
		if (jread_str(j, "delimiter", path, &d, 1, e) < 0)
			return -1;
		if (strlen(d) != 1 || d[0] == '"' || d[0] == '\n' || d[0] == '\r') {
			free(d);
			return err_set(e, "%s.delimiter: must be one character, not a quote or "
				       "newline", path);
		}
		m->delim = d[0];
		free(d);
	}
	if (jread_choice(j, "timeUnit", path, tunits, "time unit", &k, e) < 0 ||
	    jread_choice(j, "cpuUnit", path, cunits, "CPU unit", &cu, e) < 0 ||
	    jread_choice(j, "memoryUnit", path, munits, "memory unit", &mu, e) < 0)
		return -1;
	m->time_unit = tus[k];
	m->cpu_unit = (enum trace_cpu_unit)cu;
	m->mem_unit = mmib[mu];
	for (int i = 0; i < TRACE_CSV_NCOLS; i++)
		m->col[i] = -1;
	if (!(c = json_object_get(j, "columns")))
		return err_set(e, "%s.columns: required (which column holds what)", path);
	jread_kpath(p, path, "columns");
	if (jread_object(c, p, e) < 0 || jread_keys(c, p, cols, NULL, e) < 0)
		return -1;
	json_object_foreach(c, key, v) {
		int i = jread_pick(key, cols, p, "column", e);
		jread_kpath(q, p, key);
		if (json_is_integer(v) && json_integer_value(v) >= 1 &&
		    json_integer_value(v) <= 100000) {
			m->col[i] = (int)json_integer_value(v) - 1;
		} else if (json_is_string(v) && *json_string_value(v)) {
			if (!m->header)
				return err_set(e, "%s: a column name needs \"header\": true; give "
					       "the column's number (from 1)", q);
			m->colname[i] = xstrdup(json_string_value(v));
			m->col[i] = INT32_MAX; /* found in the header */
		} else {
			return err_set(e, "%s: must be a column number (from 1) or a header name",
				       q);
		}
	}
	if (m->col[TRACE_CSV_SUBMIT] < 0)
		return err_set(e, "%s.submit: required (the column of submit times)", p);
	if ((m->col[TRACE_CSV_END] < 0) == (m->col[TRACE_CSV_DURATION] < 0))
		return err_set(e, "%s: give exactly one of \"end\" and \"duration\"", p);
	if (m->col[TRACE_CSV_CPU] < 0)
		return err_set(e, "%s.cpu: required (the column of CPU requests)", p);
	return 0;
}

/* Which scaling keys a trace takes, by its format (and csv mapping). */
static unsigned trace_uses(const sc_trace *t)
{
	unsigned f = t->fmt->flags & ~(unsigned)TRACE_F_MAPPING;
	const trace_csv_map *m = &t->csv;

	if (!(t->fmt->flags & TRACE_F_MAPPING))
		return f;
	f = 0;
	if (m->cpu_unit == TRACE_CPU_CORES || m->cpu_unit == TRACE_CPU_MILLICORES ||
	    m->cpu_unit == TRACE_CPU_PERCENT)
		f |= TRACE_F_CORES;
	if (m->cpu_unit == TRACE_CPU_NORMALIZED)
		f |= TRACE_F_NORM_CPU;
	if (m->col[TRACE_CSV_MEMORY] >= 0 && m->mem_unit == 0)
		f |= TRACE_F_NORM_MEM;
	if (m->col[TRACE_CSV_MEMORY] < 0)
		f |= TRACE_F_DEFAULT_MEM;
	if (m->col[TRACE_CSV_GPU] >= 0)
		f |= TRACE_F_GPU;
	return f;
}

static int parse_trace(scenario *sc, sc_trace *t, const json_t *j, const char *path,
		       ecs_err *e)
{
	static const char *const known[] = {
		"name", "format", "file", "machines", "start", "end", "timeScale",
		"durationScale", "sample", "cpuPerCore", "cpuPerUnit", "memoryPerUnit",
		"defaultMemory", "gpu", "group", "reorderRows", "zone", "errorRecovery",
		"placementStrategy", "placementConstraints", NULL,
	};
	static const char *const gpu_modes[] = { "shared", "whole", "ignore", NULL };
	static const struct { const char *key; unsigned flag; const char *why; } scaled[] = {
		{ "cpuPerCore", TRACE_F_CORES, "its CPU requests are not in cores" },
		{ "cpuPerUnit", TRACE_F_NORM_CPU, "its CPU requests are not normalized" },
		{ "memoryPerUnit", TRACE_F_NORM_MEM, "its memory requests are not normalized" },
		{ "defaultMemory", TRACE_F_DEFAULT_MEM, "its rows always give memory" },
		{ "gpu", TRACE_F_GPU, "it has no GPU requests" },
		{ "errorRecovery", TRACE_F_ERRORS, "its machine table has no error events" },
	};
	json_t *f;
	char p[JREAD_PATHMAX], *zone = NULL;
	int gpu = TRACE_GPU_SHARED;
	unsigned uses;

	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0)
		return -1;
	t->path = xstrdup(path);
	t->end = INT64_MAX;
	t->time_scale = 1;
	t->sample = 1;
	t->cpu_per_core = 1024;
	t->cpu_per_unit = 65536;
	t->memory_per_unit = 131072;
	t->zone = -1;
	t->error_recovery = -1;
	for (int i = 0; i < TRACE_CSV_NCOLS; i++)
		t->csv.col[i] = -1;
	jread_kpath(p, path, "format");
	if (!(f = json_object_get(j, "format")))
		return err_set(e, "%s: required (one of alibaba-2017, alibaba-gpu-2023, swf, "
			       "google-2011, or a csv column mapping object)", p);
	if (json_is_object(f)) {
		t->fmt = trace_format_find("csv");
		if (parse_csv_map(&t->csv, f, p, e) < 0)
			return -1;
	} else if (json_is_string(f)) {
		int k = jread_pick(json_string_value(f), trace_format_names, p, "trace format", e);
		if (k < 0)
			return -1;
		t->fmt = trace_format_find(trace_format_names[k]);
		if (t->fmt->flags & TRACE_F_MAPPING)
			return err_set(e, "%s: csv needs a column mapping object, e.g. {\"columns\": "
				       "{\"submit\": 1, \"duration\": 2, \"cpu\": 3, \"memory\": 4}}", p);
	} else {
		return err_set(e, "%s: must be a format name or a csv column mapping object, not %s",
			       p, jread_type_name(f));
	}
	t->reorder_rows = t->fmt->reorder_rows;
	if (!json_object_get(j, "file"))
		return err_set(e, "%s.file: required", path);
	if (trace_files(sc, j, "file", path, &t->files, &t->file_names, &t->nfiles, e) < 0)
		return -1;
	if (json_object_get(j, "machines")) {
		if (!t->fmt->machines)
			return err_set(e, "%s.machines: %s traces have no machine table; the "
				       "scenario's cluster runs them", path, t->fmt->name);
		if (trace_files(sc, j, "machines", path, &t->machines, &t->machine_names,
				&t->nmachines, e) < 0)
			return -1;
	}
	if (jread_str(j, "name", path, &t->name, 0, e) < 0 ||
	    jread_duration(j, "start", path, &t->start, 0, e) < 0 ||
	    jread_duration(j, "end", path, &t->end, 0, e) < 0 ||
	    jread_number(j, "timeScale", path, &t->time_scale, 0, e) < 0)
		return -1;
	if (t->end <= t->start)
		return err_set(e, "%s.end: must be after start", path);
	if (!(t->time_scale > 0))
		return err_set(e, "%s.timeScale: must be > 0", path);
	t->duration_scale = t->time_scale;
	if (jread_number(j, "durationScale", path, &t->duration_scale, 0, e) < 0 ||
	    jread_number(j, "sample", path, &t->sample, 0, e) < 0 ||
	    jread_int32(j, "cpuPerCore", path, &t->cpu_per_core, 1, 1 << 20, 0, e) < 0 ||
	    jread_number(j, "cpuPerUnit", path, &t->cpu_per_unit, 0, e) < 0 ||
	    jread_number(j, "memoryPerUnit", path, &t->memory_per_unit, 0, e) < 0 ||
	    jread_int32(j, "defaultMemory", path, &t->default_memory, 0, INT32_MAX / 2, 0, e) < 0 ||
	    jread_choice(j, "gpu", path, gpu_modes, "gpu handling", &gpu, e) < 0 ||
	    jread_str(j, "group", path, &t->group, 0, e) < 0 ||
	    jread_int(j, "reorderRows", path, &t->reorder_rows, 1, 10000000, 0, e) < 0 ||
	    jread_str(j, "zone", path, &zone, 0, e) < 0 ||
	    jread_duration(j, "errorRecovery", path, &t->error_recovery, 0, e) < 0) {
		free(zone);
		return -1;
	}
	t->gpu = (enum trace_gpu_mode)gpu;
	if (!(t->duration_scale > 0))
		return err_set(e, "%s.durationScale: must be > 0", path);
	if (!(t->sample > 0 && t->sample <= 1))
		return err_set(e, "%s.sample: must be > 0 and <= 1", path);
	if (!(t->cpu_per_unit > 0))
		return err_set(e, "%s.cpuPerUnit: must be > 0", path);
	if (!(t->memory_per_unit > 0))
		return err_set(e, "%s.memoryPerUnit: must be > 0", path);
	if (t->group && !*t->group)
		return err_set(e, "%s.group: must not be empty", path);
	if (t->name && !*t->name)
		return err_set(e, "%s.name: must not be empty", path);
	uses = trace_uses(t);
	for (size_t i = 0; i < sizeof(scaled) / sizeof(*scaled); i++)
		if (json_object_get(j, scaled[i].key) && !(uses & scaled[i].flag))
			return err_set(e, "%s.%s: not used by this trace: %s", path, scaled[i].key,
				       scaled[i].why);
	if (zone) {
		if (!t->nmachines)
			err_set(e, "%s.zone: only for a trace's own machines (\"machines\")", path);
		else
			t->zone = zone_at(sc, path, zone, e);
		free(zone);
		if (err_isset(e))
			return -1;
	}
	if (json_object_get(j, "errorRecovery") && !t->nmachines)
		return err_set(e, "%s.errorRecovery: only for a trace's own machines (\"machines\")",
			       path);
	if (!t->name) {
		const char *b = strrchr(t->file_names[0], '/');
		char *dot;
		t->name = xstrdup(b ? b + 1 : t->file_names[0]);
		while ((dot = strrchr(t->name, '.')) && dot != t->name)
			*dot = 0;
	}
	for (int k = 0; k < sc->ntraces; k++)
		if (&sc->traces[k] != t && sc->traces[k].name && strcmp(sc->traces[k].name, t->name) == 0)
			return err_set(e, "%s.name: duplicate trace \"%s\"%s", path, t->name,
				       json_object_get(j, "name") ? "" : " (from the file name; "
				       "set \"name\")");
	return parse_placement(&t->place, j, path, e);
}

/* ecsim's "maintenance": scheduled drains of instances, in time order. */
static int parse_maintenance(scenario *sc, const json_t *arr, ecs_err *e)
{
	static const char *const known[] = { "at", "drain", "zone", "instanceType", "duration",
					     NULL };
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	if (jread_array(arr, "$.maintenance", e) < 0)
		return -1;
	sc->drains = xcalloc(json_array_size(arr) + 1, sizeof(*sc->drains));
	json_array_foreach(arr, i, v) {
		sc_drain *d = &sc->drains[i];
		char *zone = NULL, *type = NULL;
		int rc;
		jread_ipath(p, "$.maintenance", i);
		d->duration = -1;
		d->zone = d->type = -1;
		if (jread_object(v, p, e) < 0 || jread_keys(v, p, known, NULL, e) < 0 ||
		    jread_duration(v, "at", p, &d->at, 1, e) < 0 ||
		    jread_int(v, "drain", p, &d->count, 1, SC_MAX_HOSTS, 1, e) < 0 ||
		    jread_duration(v, "duration", p, &d->duration, 0, e) < 0)
			return -1;
		if (d->duration == 0)
			return err_set(e, "%s.duration: must be > 0 (leave it out to drain until the "
				       "end)", p);
		rc = jread_str(v, "zone", p, &zone, 0, e) < 0 || jread_str(v, "instanceType", p, &type, 0,
									  e) < 0 ? -1 : 0;
		if (rc == 0 && zone && (d->zone = zone_at(sc, p, zone, e)) < 0)
			rc = -1;
		if (rc == 0 && type && (d->type = type_at(sc, p, type, e)) < 0)
			rc = -1;
		free(zone);
		free(type);
		if (rc < 0)
			return -1;
		if (i > 0 && d->at < sc->drains[i - 1].at)
			return err_set(e, "%s.at: before the previous drain (drains must be in time "
				       "order)", p);
		sc->ndrains++;
	}
	return 0;
}

/* ecsim's "deployments": [{service, at, taskDefinition}], in time order. */
static int parse_deployments(scenario *sc, const json_t *arr, ecs_err *e)
{
	static const char *const known[] = { "service", "at", "taskDefinition", NULL };
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	if (jread_array(arr, "$.deployments", e) < 0)
		return -1;
	sc->deployments = xcalloc(json_array_size(arr) + 1, sizeof(*sc->deployments));
	json_array_foreach(arr, i, v) {
		sc_deployment *d = &sc->deployments[i];
		char *name = NULL;
		jread_ipath(p, "$.deployments", i);
		sc->ndeployments++;
		d->path = xstrdup(p);
		d->svc = -1;
		if (jread_object(v, p, e) < 0 || jread_keys(v, p, known, NULL, e) < 0 ||
		    jread_str(v, "service", p, &name, 1, e) < 0)
			return -1;
		for (int k = 0; k < sc->nservices; k++)
			if (strcmp(sc->services[k].name, name) == 0)
				d->svc = k;
		if (d->svc < 0) {
			err_set(e, "%s: no service \"%s\" in $.services", jread_kpath(q, p, "service"), name);
			free(name);
			return -1;
		}
		free(name);
		if (jread_duration(v, "at", p, &d->at, 1, e) < 0 ||
		    resolve_taskdef(sc, v, p, &d->taskdef, e) < 0 ||
		    (sc->services[d->svc].fargate ? check_fargate(sc, d->taskdef, p, e)
						  : check_fits_somewhere(sc, d->taskdef, p, e)) < 0)
			return -1;
		if (i > 0 && d->at < sc->deployments[i - 1].at)
			return err_set(e, "%s.at: before the previous deployment (deployments must be "
				       "in time order)", p);
	}
	return 0;
}

/* ---- scheduler and task lifecycle -------------------------------------- */

/* ecsim's "fargate": prices of the FARGATE launch type (us-east-1 Linux/x86
 * by default, third-party figures) and the minimum billed time. */
static int parse_fargate(scenario *sc, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "vcpuHour", "gbHour", "spotVcpuHour", "spotGbHour",
					     "minimumBilled", NULL };
	const char *path = "$.fargate";

	sc->fargate_vcpu_hour = 0.04048;
	sc->fargate_gb_hour = 0.004445;
	sc->fargate_min_billed = 60 * USEC_PER_SEC;
	if (j && (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0 ||
		  jread_number(j, "vcpuHour", path, &sc->fargate_vcpu_hour, 0, e) < 0 ||
		  jread_number(j, "gbHour", path, &sc->fargate_gb_hour, 0, e) < 0 ||
		  jread_duration(j, "minimumBilled", path, &sc->fargate_min_billed, 0, e) < 0))
		return -1;
	/* Spot: "up to ~70 % less"; ecsim assumes 70 % off the on-demand prices */
	sc->fargate_spot_vcpu_hour = 0.3 * sc->fargate_vcpu_hour;
	sc->fargate_spot_gb_hour = 0.3 * sc->fargate_gb_hour;
	return j && (jread_number(j, "spotVcpuHour", path, &sc->fargate_spot_vcpu_hour, 0, e) < 0 ||
		     jread_number(j, "spotGbHour", path, &sc->fargate_spot_gb_hour, 0, e) < 0) ? -1 : 0;
}

/* Back-off after service tasks stop before RUNNING.  ECS documents only the
 * cap (15 min; newer pages 27 min); doubling from 10 s is an assumption. */
static int parse_throttle(scenario *sc, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "initialDelay", "maxDelay", NULL };
	const char *path = "$.scheduler.throttle";

	if (!j)
		return 0;
	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0 ||
	    jread_duration(j, "initialDelay", path, &sc->throttle_initial, 0, e) < 0 ||
	    jread_duration(j, "maxDelay", path, &sc->throttle_max, 0, e) < 0)
		return -1;
	if (sc->throttle_initial < 1000)
		return err_set(e, "%s.initialDelay: must be at least 1ms", path);
	if (sc->throttle_max < sc->throttle_initial)
		return err_set(e, "%s.maxDelay: must be >= initialDelay", path);
	return 0;
}

/* Times of the lifecycle states that ECS does not document (ENI attach and
 * detach, container start): distributions with assumed defaults. */
static int parse_lifecycle(scenario *sc, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "eniAttach", "eniDetach", "startLatency",
					     "healthyWithoutChecks", "warmStart", NULL };
	static const char *const st_known[] = { "EC2", "FARGATE", NULL };
	const char *path = "$.taskLifecycle";
	sc_lifecycle *l = &sc->life;
	json_t *st = NULL;

	l->healthy_without_checks = 40 * USEC_PER_SEC;
	l->warm_start = 1;
	if (j && (jread_object(j, path, e) < 0 || jread_keys(j, path, known, NULL, e) < 0))
		return -1;
	if (j && (st = json_object_get(j, "warmStart"))) {
		if (!json_is_boolean(st))
			return err_set(e, "%s.warmStart: must be true or false, not %s", path,
				       jread_type_name(st));
		l->warm_start = json_is_true(st);
		st = NULL;
	}
	if (j && (st = json_object_get(j, "startLatency")) &&
	    (jread_object(st, "$.taskLifecycle.startLatency", e) < 0 ||
	     jread_keys(st, "$.taskLifecycle.startLatency", st_known, NULL, e) < 0))
		return -1;
	return get_dist(j, "eniAttach", path, &l->eni_attach, "5", e) < 0 ||
	       get_dist(j, "eniDetach", path, &l->eni_detach, "5", e) < 0 ||
	       get_dist(st, "EC2", "$.taskLifecycle.startLatency", &l->start_ec2,
			"{\"type\": \"uniform\", \"min\": 2, \"max\": 10}", e) < 0 ||
	       get_dist(st, "FARGATE", "$.taskLifecycle.startLatency", &l->start_fargate,
			"{\"type\": \"uniform\", \"min\": 30, \"max\": 45}", e) < 0 ||
	       jread_duration(j, "healthyWithoutChecks", path, &l->healthy_without_checks, 0, e) < 0
		       ? -1 : 0;
}

/* ---- top level --------------------------------------------------------- */

static int parse_root(scenario *sc, const json_t *root, ecs_err *e)
{
	static const char *const known[] = { "name", "description", "seed", "duration",
					     "metricsInterval", "scheduler", "cluster",
					     "taskDefinitions", "services", "workloads", "traces",
					     "failures", "taskLifecycle", "maintenance", "deployments",
					     "fargate", NULL };
	static const char *const sched_known[] = { "retryInterval", "throttle",
						   "launchesPerMinute", "circuitBreakerMinimum",
						   "launchesPerMinuteFargate", NULL };
	json_t *arr, *v;
	char p[JREAD_PATHMAX];
	int64_t seed = 1;
	size_t i;

	if (jread_object(root, "$", e) < 0 || jread_keys(root, "$", known, NULL, e) < 0)
		return -1;
	if ((v = json_object_get(root, "description")) && !json_is_string(v))
		return err_set(e, "$.description: must be a string, not %s", jread_type_name(v));
	if ((v = json_object_get(root, "name")) && json_is_string(v) && !*json_string_value(v))
		return err_set(e, "$.name: must not be empty");
	if (jread_str(root, "name", "$", &sc->name, 0, e) < 0 ||
	    jread_int(root, "seed", "$", &seed, 0, INT64_MAX, 0, e) < 0 ||
	    jread_duration(root, "duration", "$", &sc->duration, 1, e) < 0)
		return -1;
	sc->seed = (uint64_t)seed;
	if (sc->duration <= 0)
		return err_set(e, "$.duration: must be > 0");
	sc->metrics_interval = 60 * USEC_PER_SEC;
	if (jread_duration(root, "metricsInterval", "$", &sc->metrics_interval, 0, e) < 0)
		return -1;
	if (sc->metrics_interval < USEC_PER_SEC)
		return err_set(e, "$.metricsInterval: must be at least 1s");
	if (sc->duration / sc->metrics_interval > 10000000)
		return err_set(e, "$.metricsInterval: more than 10,000,000 samples over the "
			       "duration; use a longer interval");
	sc->retry_interval = 30 * USEC_PER_SEC;
	sc->throttle_initial = 10 * USEC_PER_SEC;
	sc->throttle_max = 900 * USEC_PER_SEC;
	sc->launch_rate = 250;
	sc->breaker_min = 3;
	sc->launch_rate_fargate = 500;
	if ((v = json_object_get(root, "scheduler"))) {
		if (jread_object(v, "$.scheduler", e) < 0 ||
		    jread_keys(v, "$.scheduler", sched_known, NULL, e) < 0 ||
		    jread_duration(v, "retryInterval", "$.scheduler", &sc->retry_interval, 0, e) < 0 ||
		    jread_int32(v, "launchesPerMinute", "$.scheduler", &sc->launch_rate, 1, 1000000, 0,
			      e) < 0 ||
		    jread_int32(v, "circuitBreakerMinimum", "$.scheduler", &sc->breaker_min, 1, 200, 0,
			      e) < 0 ||
		    jread_int32(v, "launchesPerMinuteFargate", "$.scheduler", &sc->launch_rate_fargate,
			      1, 1000000, 0, e) < 0 ||
		    parse_throttle(sc, json_object_get(v, "throttle"), e) < 0)
			return -1;
		if (sc->retry_interval < 1000)
			return err_set(e, "$.scheduler.retryInterval: must be at least 1ms");
	}
	if (parse_lifecycle(sc, json_object_get(root, "taskLifecycle"), e) < 0 ||
	    parse_fargate(sc, json_object_get(root, "fargate"), e) < 0)
		return -1;
	if (parse_cluster(sc, json_object_get(root, "cluster"), e) < 0)
		return -1;

	if ((arr = json_object_get(root, "taskDefinitions"))) {
		if (jread_array_max(arr, "$.taskDefinitions", SC_MAX_TASKDEFS, "task definitions",
				   e) < 0)
			return -1;
		sc->taskdefs = xcalloc(json_array_size(arr), sizeof(*sc->taskdefs));
		json_array_foreach(arr, i, v) {
			sc->ntaskdefs++;
			if (parse_taskdef(sc, &sc->taskdefs[i], v, jread_ipath(p, "$.taskDefinitions", i),
					  e) < 0)
				return -1;
		}
	}
	if ((arr = json_object_get(root, "services"))) {
		int64_t desired = 0;
		if (jread_array_max(arr, "$.services", SC_MAX_SERVICES, "services", e) < 0)
			return -1;
		sc->services = xcalloc(json_array_size(arr), sizeof(*sc->services));
		json_array_foreach(arr, i, v) {
			sc->nservices++;
			if (parse_service(sc, &sc->services[i], v, jread_ipath(p, "$.services", i), e) < 0)
				return -1;
			desired += sc->services[i].desired;
			if (desired > SC_MAX_TASKS)
				return err_set(e, "%s.desiredCount: more than %d desired tasks in all "
					       "services", p, SC_MAX_TASKS);
		}
	}
	/* services.csv has a row per sample and service. */
	if ((sc->duration / sc->metrics_interval + 2) * sc->nservices > SC_MAX_SERVICE_ROWS)
		return err_set(e, "$.metricsInterval: %" PRId64 " samples of %d services make more "
			       "than %d rows of services.csv; use a longer interval",
			       sc->duration / sc->metrics_interval + 2, sc->nservices,
			       SC_MAX_SERVICE_ROWS);
	if ((arr = json_object_get(root, "workloads"))) {
		if (jread_array_max(arr, "$.workloads", SC_MAX_WORKLOADS, "workloads", e) < 0)
			return -1;
		sc->workloads = xcalloc(json_array_size(arr), sizeof(*sc->workloads));
		json_array_foreach(arr, i, v) {
			sc->nworkloads++;
			if (parse_workload(sc, &sc->workloads[i], v, jread_ipath(p, "$.workloads", i),
					   e) < 0)
				return -1;
		}
	}
	if ((arr = json_object_get(root, "traces"))) {
		if (jread_array(arr, "$.traces", e) < 0)
			return -1;
		sc->traces = xcalloc(json_array_size(arr), sizeof(*sc->traces));
		json_array_foreach(arr, i, v) {
			sc->ntraces++;
			if (parse_trace(sc, &sc->traces[i], v, jread_ipath(p, "$.traces", i), e) < 0)
				return -1;
		}
	}
	if (parse_maintenance(sc, json_object_get(root, "maintenance"), e) < 0 ||
	    parse_deployments(sc, json_object_get(root, "deployments"), e) < 0)
		return -1;
	return parse_failures(sc, json_object_get(root, "failures"), e);
}

/* ---- --set ------------------------------------------------------------- */

static json_t *array_by_name(json_t *arr, const char *name)
{
	static const char *const keys[] = { "serviceName", "name", "family", NULL };
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		for (int k = 0; keys[k]; k++) {
			const char *s = json_string_value(json_object_get(v, keys[k]));
			if (s && strcmp(s, name) == 0)
				return v;
		}
	return NULL;
}

int scenario_set(json_t *root, const char *assignment, ecs_err *e)
{
	const char *eq = strchr(assignment, '=');
	char path[JREAD_PATHMAX], done[JREAD_PATHMAX] = "$";
	json_t *cur = root, *val;
	json_error_t jerr;
	char *seg, *save = NULL;

	if (!eq || eq == assignment)
		return err_set(e, "--set %s: expected PATH=VALUE, e.g. services.web.desiredCount=40",
			       assignment);
	if ((size_t)(eq - assignment) >= sizeof(path))
		return err_set(e, "--set: path too long");
	memcpy(path, assignment, (size_t)(eq - assignment));
	path[eq - assignment] = 0;
	val = json_loads(eq + 1, JSON_DECODE_ANY, &jerr);
	if (!val)
		val = json_string(eq + 1);
	if (!val)
		return err_set(e, "--set %s: value is not valid UTF-8", assignment);

	/* Split on '.' and '[i]'; the last segment is assigned. */
	for (char *p = path; *p; p++)
		if (*p == '[')
			*p = '.';
	for (seg = strtok_r(path, ".", &save); seg; ) {
		char *next = strtok_r(NULL, ".", &save);
		size_t len = strlen(seg);
		int is_index = len && seg[len - 1] == ']';
		if (is_index)
			seg[--len] = 0;
		if (json_is_array(cur)) {
			char *end;
			long idx = strtol(seg, &end, 10);
			json_t *child;
			if (is_index && (!*seg || !isdigit((unsigned char)seg[0]) || *end || idx < 0)) {
				json_decref(val);
				return err_set(e, "--set %s: bad index [%s] after %s", assignment, seg,
					       done);
			}
			child = is_index ? json_array_get(cur, (size_t)idx) : array_by_name(cur, seg);
			if (!child) {
				json_decref(val);
				return is_index ? err_set(e, "--set %s: %s has no element [%ld]",
							  assignment, done, idx)
						: err_set(e, "--set %s: %s has no element named \"%s\"",
							  assignment, done, seg);
			}
			if (!next) {
				size_t at = 0;
				json_t *x;
				json_array_foreach(cur, at, x) if (x == child) break;
				json_array_set_new(cur, at, val);
				return 0;
			}
			cur = child;
		} else if (json_is_object(cur)) {
			if (is_index) {
				json_decref(val);
				return err_set(e, "--set %s: %s is an object, not an array", assignment,
					       done);
			}
			if (!next)
				return json_object_set_new(cur, seg, val) ? err_set(e, "--set failed")
									  : 0;
			if (!json_object_get(cur, seg)) {
				json_decref(val);
				return err_set(e, "--set %s: %s has no key \"%s\"", assignment, done,
					       seg);
			}
			cur = json_object_get(cur, seg);
		} else {
			json_decref(val);
			return err_set(e, "--set %s: %s is %s, it has no \"%s\"", assignment, done,
				       jread_type_name(cur), seg);
		}
		snprintf(done + strlen(done), sizeof(done) - strlen(done), is_index ? "[%s]" : ".%s",
			 seg);
		seg = next;
	}
	json_decref(val);
	return err_set(e, "--set %s: empty path", assignment);
}

/* ---- load / destroy ---------------------------------------------------- */

/* Frees whatever a failed load had built; returns rc. */
static int scenario_fail(scenario *sc, int rc)
{
	scenario_destroy(sc);
	return rc;
}

/* The common tail of both loaders: --set, then the checks.  Takes root. */
static int load_root(scenario *sc, json_t *root, const char *file, char *const *sets,
		     int nsets, ecs_err *e)
{
	int rc;

	for (int i = 0; i < nsets; i++)
		if (scenario_set(root, sets[i], e) < 0) {
			json_decref(root);
			return scenario_fail(sc, -1);
		}
	rc = parse_root(sc, root, e);
	json_decref(root);
	if (rc < 0) {
		err_prefix(e, "%s: ", file);
		return scenario_fail(sc, -1);
	}
	if (!sc->name) {
		const char *base = strrchr(file, '/');
		char *dot;
		sc->name = xstrdup(base ? base + 1 : file);
		if ((dot = strrchr(sc->name, '.')) && dot != sc->name)
			*dot = 0;
	}
	return 0;
}

static int syntax_error(scenario *sc, const char *file, const json_error_t *jerr, ecs_err *e)
{
	if (jerr->line < 0)
		return scenario_fail(sc, err_set(e, "%s: %s", file, jerr->text));
	return scenario_fail(sc, err_set(e, "%s:%d:%d: %s", file, jerr->line, jerr->column,
					 jerr->text));
}

int scenario_load(scenario *sc, const char *file, char *const *sets, int nsets, ecs_err *e)
{
	json_error_t jerr;
	json_t *root;

	*sc = (scenario){ 0 };
	sc->file = xstrdup(file);
	{
		struct stat st;
		if (stat(file, &st) != 0)
			return scenario_fail(sc, err_set(e, "cannot open %s: %s", file,
							 strerror(errno)));
		if (S_ISDIR(st.st_mode))
			return scenario_fail(sc, err_set(e, "cannot open %s: it is a directory",
							 file));
		if (st.st_size > SC_MAX_FILE_BYTES)
			return scenario_fail(sc, err_set(e, "%s: %lld bytes, larger than the %d MiB "
							 "a scenario file may have", file,
							 (long long)st.st_size, SC_MAX_FILE_BYTES >> 20));
	}
	root = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return syntax_error(sc, file, &jerr, e);
	return load_root(sc, root, file, sets, nsets, e);
}

int scenario_load_buffer(scenario *sc, const char *file, const char *buf, size_t len,
			 char *const *sets, int nsets, ecs_err *e)
{
	json_error_t jerr;
	json_t *root;

	*sc = (scenario){ 0 };
	sc->file = xstrdup(file);
	if (len > SC_MAX_FILE_BYTES)
		return scenario_fail(sc, err_set(e, "%s: %zu bytes, larger than the %d MiB a "
						 "scenario file may have", file, len,
						 SC_MAX_FILE_BYTES >> 20));
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return syntax_error(sc, file, &jerr, e);
	return load_root(sc, root, file, sets, nsets, e);
}

static void placement_destroy(sc_placement *pl)
{
	for (int i = 0; i < pl->nsteps; i++) {
		free(pl->steps[i].type);
		free(pl->steps[i].field);
		free(pl->steps[i].path);
	}
	free(pl->steps);
	for (int i = 0; i < pl->ncons; i++) {
		free(pl->cons[i].expression);
		free(pl->cons[i].path);
	}
	free(pl->cons);
}

void scenario_destroy(scenario *sc)
{
	free(sc->file);
	free(sc->name);
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
	for (int i = 0; i < sc->ntaskdefs; i++) {
		sc_placement pl = { .cons = sc->taskdefs[i].cons, .ncons = sc->taskdefs[i].ncons };
		free(sc->taskdefs[i].family);
		free(sc->taskdefs[i].ports);
		for (size_t k = 0; k < sc->taskdefs[i].ncontainers; k++)
			free(sc->taskdefs[i].containers[k]);
		free(sc->taskdefs[i].containers);
		free(sc->taskdefs[i].path);
		dist_destroy(&sc->taskdefs[i].crash);
		placement_destroy(&pl);
	}
	free(sc->taskdefs);
	for (int i = 0; i < sc->nservices; i++) {
		free(sc->services[i].name);
		free(sc->services[i].path);
		free(sc->services[i].changes);
		free(sc->services[i].demand.pts);
		free(sc->services[i].as.tt);
		for (int k = 0; k < sc->services[i].as.nsp; k++)
			free(sc->services[i].as.sp[k].steps);
		free(sc->services[i].as.sp);
		free(sc->services[i].as.sched);
		free(sc->services[i].cps);
		dist_destroy(&sc->services[i].tg.registration);
		placement_destroy(&sc->services[i].place);
	}
	free(sc->services);
	for (int i = 0; i < sc->nworkloads; i++) {
		sc_workload *w = &sc->workloads[i];
		free(w->name);
		free(w->group);
		free(w->times);
		free(w->path);
		dist_destroy(&w->duration);
		if (w->has_cpu)
			dist_destroy(&w->cpu);
		if (w->has_memory)
			dist_destroy(&w->memory);
		placement_destroy(&w->place);
	}
	free(sc->workloads);
	for (int i = 0; i < sc->ntraces; i++) {
		sc_trace *t = &sc->traces[i];
		free(t->name);
		for (int k = 0; k < t->nfiles; k++) {
			free(t->files[k]);
			free(t->file_names[k]);
		}
		free(t->files);
		free(t->file_names);
		for (int k = 0; k < t->nmachines; k++) {
			free(t->machines[k]);
			free(t->machine_names[k]);
		}
		free(t->machines);
		free(t->machine_names);
		for (int k = 0; k < TRACE_CSV_NCOLS; k++)
			free(t->csv.colname[k]);
		free(t->group);
		free(t->path);
		placement_destroy(&t->place);
	}
	free(sc->traces);
	if (sc->failures.rules)
		for (int i = 0; i < sc->failures.instances; i++) {
			dist_destroy(&sc->failures.rules[i].ttf);
			dist_destroy(&sc->failures.rules[i].ttr);
		}
	free(sc->failures.rules);
	free(sc->failures.outages);
	dist_destroy(&sc->failures.outage_between);
	dist_destroy(&sc->failures.outage_duration);
	free(sc->failures.domain_attr);
	dist_destroy(&sc->failures.domain_ttf);
	dist_destroy(&sc->failures.domain_ttr);
	for (int i = 0; i < sc->failures.spot_rules; i++)
		dist_destroy(&sc->failures.spot[i].ttf);
	free(sc->failures.spot);
	free(sc->failures.spot_times);
	free(sc->failures.spot_time_type);
	dist_destroy(&sc->failures.spot_launch);
	free(sc->drains);
	for (int i = 0; i < sc->nproviders; i++)
		free(sc->providers[i]);
	free(sc->providers);
	free(sc->default_cps);
	for (int i = 0; i < sc->nasgs; i++) {
		dist_destroy(&sc->asgs[i].launch);
		free(sc->asgs[i].path);
	}
	free(sc->asgs);
	for (int i = 0; i < sc->ndeployments; i++)
		free(sc->deployments[i].path);
	free(sc->deployments);
	dist_destroy(&sc->life.eni_attach);
	dist_destroy(&sc->life.eni_detach);
	dist_destroy(&sc->life.start_ec2);
	dist_destroy(&sc->life.start_fargate);
	*sc = (scenario){ 0 };
}
