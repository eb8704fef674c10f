/* cluster.c - $.cluster: zones, instance types, instance groups, capacity
 * providers and their managed scaling, reserved ports and ENI trunking.
 * Owns the names other sections refer to (zones, instance types, providers)
 * and their look-up; not the hosts built from them (the model's).
 */
#include "parse.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cluster/cluster.h"
#include "sim/support/units.h"

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

int sc_ref_type(const scenario *sc, const char *name, const char *where, ecs_err *e)
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

int sc_zone_at(const scenario *sc, const char *path, const char *name, ecs_err *e)
{
	char where[JREAD_PATHMAX];

	snprintf(where, sizeof(where), "%s.zone", path);
	return ref_zone(sc, name, where, e);
}

int sc_type_at(const scenario *sc, const char *path, const char *name, ecs_err *e)
{
	char where[JREAD_PATHMAX];

	snprintf(where, sizeof(where), "%s.instanceType", path);
	return sc_ref_type(sc, name, where, e);
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

/* The memory ECS registers for catalog type ct: the catalog's figure, or
 * the registered-memory rule with the settings $.cluster gives. */
static int registered_memory(scenario *sc, const catalog *cat, const cat_type *ct,
			     const char *path, int32_t *out, ecs_err *e)
{
	const sc_catalog_use *u = sc_catalog_use_of(sc);
	int64_t m;

	if (u->overhead < 0 && u->reserved < 0) {
		*out = ct->registered;
		return 0;
	}
	m = catalog_registered_mib(ct->memory, u->overhead >= 0 ? u->overhead : cat->overhead_pct,
				   u->reserved >= 0 ? u->reserved : cat->reserved_mib);
	if (m < 1)
		return err_set(e, "%s: %s has %d MiB installed, and $.cluster's memoryOverheadPercent "
			       "and ecsReservedMemory leave ECS none of it", path, ct->name,
			       ct->memory);
	*out = (int32_t)m;
	return 0;
}

/* t takes catalog type ct's figures (an entry's own keys then override
 * them).  enis stays the EC2 limit, primary ENI included, until
 * catalog_finish. */
static int type_from_catalog(scenario *sc, sc_instance_type *t, const catalog *cat,
			     const cat_type *ct, const char *path, ecs_err *e)
{
	t->from_catalog = 1;
	t->cpu = ct->cpu;
	t->gpus = ct->gpus;
	t->enis = ct->enis ? ct->enis : 1 << 20;
	t->trunked_enis = ct->trunked;
	if (ct->price >= 0) {
		t->price = ct->price;
		t->price_given = 1;
	}
	free(t->arch);
	t->arch = xstrdup(ct->arch);
	return registered_memory(sc, cat, ct, path, &t->memory, e);
}

/* The ENI limits of a catalog type once its entry's keys are read: less
 * the primary ENI, and a type that ENI trunking does not support keeps
 * its limit with trunking on (enis_raw: enis is an EC2 limit). */
static void catalog_finish(sc_instance_type *t, int enis_raw, int trunked_given)
{
	if (enis_raw)
		t->enis -= 1;
	if (!t->trunked_enis && !trunked_given)
		t->trunked_enis = t->enis;
}

/* "missing: cpu, memory" for an entry without them. */
static const char *missing_fields(int has_cpu, int has_mem)
{
	return !has_cpu && !has_mem ? "cpu, memory" : !has_cpu ? "cpu" : "memory";
}

/* An entry without cpu and memory (or with "fromCatalog": true) takes its
 * type from the catalog, by name.  An entry that gives one of cpu and
 * memory, whose name is near no catalog name, is a hand-written type that
 * lacks the other: *from becomes 0 and the caller says which is required,
 * as before there was a catalog. */
static int type_by_name(scenario *sc, sc_instance_type *t, const json_t *j, const char *path,
			int given_from, int *from, ecs_err *e)
{
	int has_cpu = json_object_get(j, "cpu") != NULL;
	int has_mem = json_object_get(j, "memory") != NULL;
	int partial = !given_from && (has_cpu || has_mem);
	ecs_err why = { 0 };
	const catalog *cat = sc_catalog_optional(sc, &why);
	const cat_type *ct;
	const char *near;
	char p[JREAD_PATHMAX];

	if (err_isset(&why))
		return err_set(e, "%s: instance type \"%s\" needs the catalog: %s", path, t->name,
			       why.msg);
	if (!cat) {
		if (partial) {
			*from = 0;
			return 0;
		}
		sc_catalog(sc, &why);
		return err_set(e, "%s: instance type \"%s\" gives no %s, and there is no catalog to "
			       "take them from: %s", path, t->name, missing_fields(has_cpu, has_mem),
			       why.msg);
	}
	if ((ct = catalog_find(cat, t->name)))
		return type_from_catalog(sc, t, cat, ct, path, e);
	near = catalog_closest(cat, t->name);
	if (partial && !near) {
		*from = 0;
		return 0;
	}
	jread_kpath(p, path, "name");
	if (has_cpu && has_mem)
		return err_set(e, "%s: instance type \"%s\" is unknown to the catalog%s%s%s; "
			       "fromCatalog needs a name the catalog knows", p, t->name,
			       near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "");
	return err_set(e, "%s: instance type \"%s\" is unknown to the catalog%s%s%s; a type the "
		       "catalog does not know needs cpu and memory (missing: %s)", p, t->name,
		       near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "",
		       missing_fields(has_cpu, has_mem));
}

static const jread_key instance_type_keys[] = {
	JR_NAME("name", "unique name, the attribute ecs.instance-type; a catalog type's name "
		"takes its figures from the catalog", JREAD_REQ),
	JR_INT("cpu", 1, 1 << 24, "registered CPU units (1024 = 1 vCPU)"),
	JR_INT("memory", 1, INT32_MAX / 2, "registered memory, MiB"),
	JR_INT("gpus", 0, 1024, "GPUs (default 0)"),
	JR_INT("enis", 1, 1 << 20, "network interfaces, the primary one included (default "
	       "unlimited)"),
	JR_INT("trunkedEnis", 1, 1 << 20, "awsvpc tasks per instance with ENI trunking"),
	JR_NUM("pricePerHour", 0, "on-demand price, USD per hour"),
	JR_NUM("spotPricePerHour", 0, "Spot price, USD per hour (default 0.3 x pricePerHour)"),
	JR_STR("cpuArchitecture", "the attribute ecs.cpu-architecture (default x86_64)"),
	JR_STR("osType", "the attribute ecs.os-type (default linux)"),
	JR_BOOL("fromCatalog", "take the figures not given from the catalog, by name"),
	JREAD_END,
};

/* An entry that gives cpu and memory is a type described by hand, as
 * before there was a catalog: nothing of it comes from the catalog (so
 * its ENIs, price and trunking stay as written) unless "fromCatalog":
 * true.  Any other entry names a catalog type and overrides any of its
 * figures. */
static int parse_instance_type(scenario *sc, sc_instance_type *t, const json_t *j,
			       const char *path, ecs_err *e)
{
	int from, given_from = json_object_get(j, "fromCatalog") != NULL;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, instance_type_keys, e) < 0)
		return -1;
	t->gpus = 0;
	t->enis = 1 << 20; /* not limited unless given */
	if (jread_str(j, "name", path, &t->name, 1, e) < 0)
		return -1;
	from = !(json_object_get(j, "cpu") && json_object_get(j, "memory"));
	if (jread_bool(j, "fromCatalog", path, &from, e) < 0 ||
	    (from && type_by_name(sc, t, j, path, given_from, &from, e) < 0))
		return -1;
	if (jread_int32(j, "cpu", path, &t->cpu, 1, 1 << 24, !t->from_catalog, e) < 0 ||
	    jread_int32(j, "memory", path, &t->memory, 1, INT32_MAX / 2, !t->from_catalog, e) < 0 ||
	    jread_int32(j, "gpus", path, &t->gpus, 0, 1024, 0, e) < 0 ||
	    jread_int32(j, "enis", path, &t->enis, 1, 1 << 20, 0, e) < 0 ||
	    jread_int32(j, "trunkedEnis", path, &t->trunked_enis, 1, 1 << 20, 0, e) < 0 ||
	    jread_number(j, "pricePerHour", path, &t->price, 0, e) < 0 ||
	    (t->spot_price = 0.3 * t->price,
	     jread_number(j, "spotPricePerHour", path, &t->spot_price, 0, e) < 0) ||
	    jread_str(j, "cpuArchitecture", path, &t->arch, 0, e) < 0 ||
	    jread_str(j, "osType", path, &t->os, 0, e) < 0)
		return -1;
	t->price_given |= json_object_get(j, "pricePerHour") != NULL;
	t->spot_price_given = json_object_get(j, "spotPricePerHour") != NULL;
	t->catalog_price = -1;
	if (!t->price_given && !t->from_catalog) {
		ecs_err ignored = { 0 }; /* the catalog only improves a warning here */
		const catalog *cat = sc_catalog_optional(sc, &ignored);
		const cat_type *ct = cat ? catalog_find(cat, t->name) : NULL;
		if (ct)
			t->catalog_price = ct->price;
	}
	if (!t->arch)
		t->arch = xstrdup("x86_64");
	if (!t->os)
		t->os = xstrdup("linux");
	if (t->from_catalog)
		catalog_finish(t, t->enis != 1 << 20 || json_object_get(j, "enis"),
			       json_object_get(j, "trunkedEnis") != NULL);
	else if (json_object_get(j, "enis"))
		t->enis -= 1; /* the primary ENI is the instance's own */
	for (int i = 0; i < sc->ntypes; i++)
		if (strcmp(sc->types[i].name, t->name) == 0 && &sc->types[i] != t)
			return err_set(e, "%s.name: duplicate instance type \"%s\"", path, t->name);
	return 0;
}

/* Without $.cluster.instanceTypes, an instances entry (at path) names a
 * catalog type: it is added to the scenario's types as an entry
 * {"name": NAME} would be.  A name the catalog does not know, near no
 * catalog name, gets the message it had before there was a catalog. */
static int add_catalog_type(scenario *sc, const char *name, const char *path, ecs_err *e)
{
	ecs_err why = { 0 };
	const catalog *cat = sc_catalog_optional(sc, &why);
	const cat_type *ct;
	sc_instance_type *t;
	const char *near;

	if (err_isset(&why))
		return err_set(e, "%s.instanceType: instance type \"%s\" needs the catalog: %s", path,
			       name, why.msg);
	if (!cat) {
		sc_catalog(sc, &why);
		return err_set(e, "$.cluster.instanceTypes: required (without it, instances name "
			       "types of the instance-type catalog, and %s)", why.msg);
	}
	if (!(ct = catalog_find(cat, name))) {
		if (!(near = catalog_closest(cat, name)))
			return err_set(e, "$.cluster.instanceTypes: required");
		return err_set(e, "%s.instanceType: instance type \"%s\" is unknown to the catalog "
			       "(did you mean \"%s\"?), and there is no $.cluster.instanceTypes to "
			       "describe it", path, name, near);
	}
	if (sc->ntypes >= SC_MAX_TYPES)
		return err_set(e, "%s.instanceType: more than %d instance types", path,
			       SC_MAX_TYPES);
	sc->types = xrealloc(sc->types, (size_t)(sc->ntypes + 1) * sizeof(*sc->types));
	t = &sc->types[sc->ntypes++];
	*t = (sc_instance_type){ .name = xstrdup(name), .os = xstrdup("linux"),
				 .catalog_price = -1 };
	if (type_from_catalog(sc, t, cat, ct, path, e) < 0)
		return -1;
	t->spot_price = 0.3 * t->price;
	catalog_finish(t, ct->enis != 0, 0);
	return 0;
}

static int find_provider(const scenario *sc, const char *name)
{
	for (int i = 0; i < sc->nproviders; i++)
		if (strcmp(sc->providers[i], name) == 0)
			return i;
	return -1;
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

int sc_instance_type_at(scenario *sc, const char *path, const char *name, ecs_err *e)
{
	if (find_type(sc, name) < 0 && sc->cat && sc->cat->implicit &&
	    add_catalog_type(sc, name, path, e) < 0)
		return -1;
	return sc_type_at(sc, path, name, e);
}

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
	if (cp && ((in->provider = find_provider(sc, cp)) < 0 || strcmp(cp, "FARGATE") == 0 ||
		   strcmp(cp, "FARGATE_SPOT") == 0)) {
		err_set(e, "%s.capacityProvider: \"%s\" is not an Auto Scaling group provider of "
			"$.cluster.capacityProviders", path, cp);
		goto out;
	}
	if (find_type(sc, type) < 0 && sc->cat && sc->cat->implicit &&
	    add_catalog_type(sc, type, path, e) < 0)
		goto out;
	if ((in->type = sc_type_at(sc, path, type, e)) < 0)
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
				       jread_ipath(p, "$.cluster.instanceTypes", (size_t)i),
				       t->name);
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

/* An entry's capacityProvider: an Auto Scaling group provider of the
 * cluster, managed by one entry only, whose instances are exactly one
 * instances entry (g->group). */
static int asg_provider(scenario *sc, sc_asg *g, const json_t *v, const char *p, size_t i,
			ecs_err *e)
{
	char *name = NULL;
	int rc;

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
	return 0;
}

static const jread_key managed_scaling_keys[] = {
	JR_WORDS("status", JREAD_LIST("ENABLED", "DISABLED"), "ENABLED: ECS scales the group"),
	JR_INT("targetCapacity", 1, 100, "the CapacityProviderReservation to keep, percent "
	       "(default 100)"),
	JR_INT("minimumScalingStepSize", 1, 10000, "instances added or removed at least (default 1)"),
	JR_INT("maximumScalingStepSize", 1, 10000, "instances added or removed at most (default "
	       "10000)"),
	JR_DURATION("instanceWarmupPeriod", "a new instance counts after this (default 300s)"),
	JREAD_END,
};

const jread_val sc_managed_scaling_json = {
	.type = JREAD_OBJ, .keys = managed_scaling_keys, .def = "managedScaling",
};

int sc_read_managed_scaling(sc_asg *g, const json_t *ms, const char *q, int *enabled,
			    ecs_err *e)
{
	char *status = NULL;
	int32_t target = 100;
	int rc = 0;

	g->min_step = 1;
	g->max_step = 10000;
	g->warmup = 300 * USEC_PER_SEC;
	if (jread_object(ms, q, e) < 0 || jread_check_keys(ms, q, managed_scaling_keys, e) < 0 ||
	    jread_str(ms, "status", q, &status, 0, e) < 0) {
		free(status);
		return -1;
	}
	if (enabled && status && strcmp(status, "ENABLED") && strcmp(status, "DISABLED"))
		rc = err_set(e, "%s.status: must be ENABLED or DISABLED, not \"%s\"", q, status);
	else if (enabled)
		*enabled = !status || strcmp(status, "ENABLED") == 0;
	else if (status && strcmp(status, "ENABLED"))
		rc = err_set(e, "%s.status: only ENABLED (leave the provider out of "
			     "autoScalingGroupProviders for a fixed group), not \"%s\"", q,
			     status);
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
	return 0;
}

/* An entry's managedScaling: required, unless its provider was printed by
 * describe-capacity-providers with one (aws.c); only ENABLED is modelled. */
static int parse_managed_scaling(const scenario *sc, sc_asg *g, const json_t *v,
				 const char *p, ecs_err *e)
{
	json_t *ms = json_object_get(v, "managedScaling");
	char q[JREAD_PATHMAX];

	if (!ms)
		return sc_aws_asg_scaling(sc, g, p, e);
	return sc_read_managed_scaling(g, ms, jread_kpath(q, p, "managedScaling"), NULL, e);
}

static const jread_key asg_keys[] = {
	JR_NAME("capacityProvider", "an Auto Scaling group provider of capacityProviders",
		JREAD_REQ),
	JR_INT("minSize", 0, SC_MAX_HOSTS, "the group's least size (default 0)"),
	JR_INT("maxSize", 0, SC_MAX_HOSTS, "the group's largest size", JREAD_REQ),
	JR_LIKE("managedScaling", &sc_managed_scaling_json, "ECS's managed scaling (ENABLED only)"),
	JR_WORDS("managedTerminationProtection", JREAD_LIST("ENABLED", "DISABLED"),
		 "ENABLED: scale-in removes only instances without tasks (default DISABLED)"),
	JR_REF("instanceLaunchTime", "distSeconds", "time from launch to registered (default 180)"),
	JR_DURATION("provisioningTimeout", "a PROVISIONING task waits this long for capacity "
		    "(default 30m)"),
	JR_WORDS("managedDraining", JREAD_LIST("ENABLED", "DISABLED"), "drain an instance before "
		 "it terminates (default ENABLED)"),
	JR_DURATION("managedDrainingTimeout", "a draining instance terminates at the latest this "
		    "long after (default 48h)"),
	JR_LIKE("mixedInstancesPolicy", &sc_mixed_instances_json, "several instance types, "
		"on-demand and Spot (EC2 Auto Scaling's MixedInstancesPolicy)"),
	JR_BOOL("capacityRebalance", "replace Spot instances at a rebalance recommendation"),
	JR_REF("rebalanceRecommendationLead", "distSeconds", "how long before the interruption "
	       "notice the recommendation comes (default 600 s)"),
	JR_LIKE("warmPool", &sc_warm_pool_json, "instances kept ready (EC2 Auto Scaling's warm "
		"pool)"),
	JREAD_END,
};

/* One entry of autoScalingGroupProviders (the i-th, at p). */
static int parse_asg(scenario *sc, sc_asg *g, const json_t *v, const char *p, size_t i,
		     ecs_err *e)
{
	static const char *const states[] = { "DISABLED", "ENABLED", NULL };

	if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, asg_keys, e) < 0)
		return -1;
	g->path = xstrdup(p);
	if (asg_provider(sc, g, v, p, i, e) < 0 || sc_aws_asg(sc, g, v, e) < 0)
		return -1;
	g->max_size = SC_MAX_HOSTS;
	if (jread_int(v, "minSize", p, &g->min_size, 0, SC_MAX_HOSTS, 0, e) < 0 ||
	    jread_int(v, "maxSize", p, &g->max_size, 0, SC_MAX_HOSTS, 1, e) < 0 ||
	    sc_get_dist(v, "instanceLaunchTime", p, &g->launch, "180", e) < 0 ||
	    jread_duration(v, "provisioningTimeout", p, &g->timeout, 0, e) < 0 ||
	    jread_choice(v, "managedTerminationProtection", p, states, "setting", &g->protect,
			 e) < 0 ||
	    jread_choice(v, "managedDraining", p, states, "setting", &g->draining, e) < 0 ||
	    sc_parse_asg_more(sc, g, v, p, e) < 0)
		return -1;
	if (g->max_size < g->min_size)
		return err_set(e, "%s.maxSize: must be >= minSize", p);
	if (sc->instances[g->group].count < g->min_size ||
	    sc->instances[g->group].count > g->max_size)
		return err_set(e, "%s: the count of $.cluster.instances[%d] (%lld) must be "
			       "within minSize and maxSize", p, g->group,
			       (long long)sc->instances[g->group].count);
	if (sc_asg_pools(sc, g, e) < 0)
		return -1;
	sc->nhosts += g->nhosts - sc->instances[g->group].count;
	if (sc->nhosts > SC_MAX_HOSTS)
		return err_set(e, "%s.maxSize: more than %d instances in all", p, SC_MAX_HOSTS);
	return parse_managed_scaling(sc, g, v, p, e);
}

/* cluster.autoScalingGroupProviders (ecsim key): managed scaling of Auto
 * Scaling group capacity providers.  Each names a provider of
 * capacityProviders whose instances are exactly one instances entry; that
 * entry's count is the group's size at time 0. */
static int parse_asgs(scenario *sc, const json_t *arr, ecs_err *e)
{
	const char *path = "$.cluster.autoScalingGroupProviders";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return sc_aws_check_printed(sc, e);
	if (jread_array_max(arr, path, 100, "providers", e) < 0)
		return -1;
	sc->asgs = xcalloc(json_array_size(arr) + 1, sizeof(*sc->asgs));
	json_array_foreach(arr, i, v) {
		sc_asg *g = &sc->asgs[i];
		g->group = -1;
		g->min_step = 1;
		g->max_step = 10000;
		g->warmup = 300 * USEC_PER_SEC;
		g->timeout = 30 * 60 * USEC_PER_SEC;
		g->draining = 1;              /* ECS's defaults: managedDraining ENABLED, */
		g->protect = 0;               /* managedTerminationProtection DISABLED */
		sc->nasgs++;
		if (parse_asg(sc, g, v, jread_ipath(p, path, i), i, e) < 0)
			return -1;
	}
	return sc_aws_check_printed(sc, e);
}

static int parse_zones(scenario *sc, const json_t *zones, ecs_err *e)
{
	const char *path = "$.cluster.availabilityZones";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!zones)
		return err_set(e, "$.cluster.availabilityZones: required");
	if (jread_array_max(zones, path, SC_MAX_ZONES, "zones", e) < 0)
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

/* cluster.instanceTypes.  Left out, the instances name catalog types
 * (add_catalog_type); instances must then be an array, else the message
 * is the one from before the catalog. */
static int parse_types(scenario *sc, const json_t *types, const json_t *insts, ecs_err *e)
{
	const char *path = "$.cluster.instanceTypes";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!types) {
		if (!json_is_array(insts))
			return err_set(e, "$.cluster.instanceTypes: required");
		sc_catalog_use_of(sc)->implicit = 1;
		return 0;
	}
	if (jread_array_max(types, path, SC_MAX_TYPES, "instance types", e) < 0)
		return -1;
	sc->types = xcalloc(json_array_size(types), sizeof(*sc->types));
	json_array_foreach(types, i, v) {
		sc->ntypes++;
		if (parse_instance_type(sc, &sc->types[i], v, jread_ipath(p, path, i), e) < 0)
			return -1;
	}
	return resolve_trunking(sc, e);
}

/* cluster.memoryOverheadPercent and ecsReservedMemory (ecsim keys): the
 * registered-memory rule for catalog types, replacing the catalog's. */
static int parse_memory_rule(scenario *sc, const json_t *j, ecs_err *e)
{
	sc_catalog_use *u = sc_catalog_use_of(sc);
	const char *path = "$.cluster";
	int64_t reserved = -1;

	if (jread_number(j, "memoryOverheadPercent", path, &u->overhead, 0, e) < 0 ||
	    jread_int(j, "ecsReservedMemory", path, &reserved, 0, INT32_MAX / 2, 0, e) < 0)
		return -1;
	if (u->overhead >= 100)
		return err_set(e, "$.cluster.memoryOverheadPercent: must be < 100");
	u->reserved = reserved;
	return 0;
}

/* cluster.instances: groups of like instances, counted into nhosts. */
static int parse_groups(scenario *sc, const json_t *inst, ecs_err *e)
{
	const char *path = "$.cluster.instances";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!inst)
		return err_set(e, "$.cluster.instances: required");
	if (jread_array_max(inst, path, SC_MAX_GROUPS, "instance groups", e) < 0)
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
	JR_OBJS("instanceTypes", instance_type_keys, "instance types, by hand or from the catalog "
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
	JR_OBJS("autoScalingGroupProviders", asg_keys, "cluster auto scaling of Auto Scaling group "
		"providers"),
	JR_NUM_BELOW("memoryOverheadPercent", 0, 100, "catalog types: share of installed memory "
		     "the agent does not see (default the catalog's)"),
	JR_INT("ecsReservedMemory", 0, INT32_MAX / 2, "catalog types: ECS_RESERVED_MEMORY, MiB"),
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
	    parse_memory_rule(sc, j, e) < 0 ||
	    parse_types(sc, json_object_get(j, "instanceTypes"), json_object_get(j, "instances"),
			e) < 0 ||
	    parse_groups(sc, json_object_get(j, "instances"), e) < 0 ||
	    parse_asgs(sc, json_object_get(j, "autoScalingGroupProviders"), e) < 0 ||
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
