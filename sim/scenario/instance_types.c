/* instance_types.c - $.cluster.instanceTypes: instance types described by
 * hand or taken from the instance-type catalog (by name, also implicitly
 * when instances name catalog types), the registered-memory rule, ENI
 * trunking limits, and the look-up of a type by name.  Not the instances
 * entries that use the types (cluster.c).
 */
#include "parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int find_type(const scenario *sc, const char *name)
{
	for (int i = 0; i < sc->ntypes; i++)
		if (strcmp(sc->types[i].name, name) == 0)
			return i;
	return -1;
}

int sc_ref_type(const scenario *sc, const char *name, const char *where, ecs_err *e)
{
	int t = find_type(sc, name);

	if (t < 0) {
		const char **names = xcalloc((size_t)sc->ntypes + 1, sizeof(*names));
		for (int i = 0; i < sc->ntypes; i++)
			names[i] = sc->types[i].name;
		sc_unknown_ref(where, "instance type", name, "$.cluster.instanceTypes", names,
			       sc->ntypes, e);
		free(names);
	}
	return t;
}

int sc_type_at(const scenario *sc, const char *path, const char *name, ecs_err *e)
{
	char where[JREAD_PATHMAX];

	snprintf(where, sizeof(where), "%s.instanceType", path);
	return sc_ref_type(sc, name, where, e);
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

const jread_key sc_instance_type_keys[] = {
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
	JR_POSITIVE("imagePullMiBps", "container image pull throughput of an instance, MiB/s "
		    "(default: cluster.imagePull.bandwidthMiBps)"),
	JR_INT("imageCacheMiB", 0, SC_MAX_CACHE_MIB, "disk an instance keeps container images "
	       "in, MiB (default: cluster.imagePull.cacheMiB)"),
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

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, sc_instance_type_keys, e) < 0)
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
	    jread_str(j, "osType", path, &t->os, 0, e) < 0 ||
	    (t->cache_mib = -1,
	     jread_int(j, "imageCacheMiB", path, &t->cache_mib, 0, SC_MAX_CACHE_MIB, 0, e) < 0) ||
	    jread_number(j, "imagePullMiBps", path, &t->pull_mibps, 0, e) < 0)
		return -1;
	if (json_object_get(j, "imagePullMiBps") && (t->pull_mibps <= 0 ||
						     t->pull_mibps > SC_MAX_PULL_MIBPS))
		return err_set(e, "%s.imagePullMiBps: must be > 0 and at most %d", path,
			       SC_MAX_PULL_MIBPS);
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
				 .catalog_price = -1, .cache_mib = -1 };
	if (type_from_catalog(sc, t, cat, ct, path, e) < 0)
		return -1;
	t->spot_price = 0.3 * t->price;
	catalog_finish(t, ct->enis != 0, 0);
	return 0;
}

int sc_instance_type_at(scenario *sc, const char *path, const char *name, ecs_err *e)
{
	if (find_type(sc, name) < 0 && sc->cat && sc->cat->implicit &&
	    add_catalog_type(sc, name, path, e) < 0)
		return -1;
	return sc_type_at(sc, path, name, e);
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

int sc_parse_instance_types(scenario *sc, const json_t *cluster, ecs_err *e)
{
	if (parse_memory_rule(sc, cluster, e) < 0)
		return -1;
	return parse_types(sc, json_object_get(cluster, "instanceTypes"),
			   json_object_get(cluster, "instances"), e);
}
