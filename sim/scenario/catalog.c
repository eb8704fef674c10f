/* catalog.c - the instance-type catalog: where it is, reading and checking
 * it, looking names up (see catalog.h). */
#include "catalog.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/support/jread.h"

/* Compiled in by the Makefile (build/catalog-paths has the flags). */
#ifndef ECSIM_SRCDIR
#define ECSIM_SRCDIR ""
#endif
#ifndef ECSIM_CATALOG_SRC
#define ECSIM_CATALOG_SRC ""
#endif
#ifndef ECSIM_CATALOG_DATA
#define ECSIM_CATALOG_DATA ""
#endif

static int is_file(const char *path)
{
	struct stat st;
	return *path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether the running program lies inside the source tree it was built
 * from (./ecsim, build/run_tests): then the tree's copy is the one that
 * goes with it, even when an older one is installed. */
static int runs_from_tree(void)
{
	char exe[PATH_MAX], tree[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t k;

	if (n <= 0 || !*ECSIM_SRCDIR || !realpath(ECSIM_SRCDIR, tree))
		return 0;
	exe[n] = 0;
	k = strlen(tree);
	return strncmp(exe, tree, k) == 0 && exe[k] == '/';
}

int catalog_locate(char *buf, size_t n, ecs_err *e)
{
	const char *env = getenv(CATALOG_ENV);

	if (env && *env) {
		snprintf(buf, n, "%s", env);
		return 1;
	}
	if (runs_from_tree() && is_file(ECSIM_CATALOG_SRC)) {
		snprintf(buf, n, "%s", ECSIM_CATALOG_SRC);
		return 0;
	}
	if (is_file(ECSIM_CATALOG_DATA)) {
		snprintf(buf, n, "%s", ECSIM_CATALOG_DATA);
		return 0;
	}
	if (is_file(ECSIM_CATALOG_SRC)) {
		snprintf(buf, n, "%s", ECSIM_CATALOG_SRC);
		return 0;
	}
	buf[0] = 0;
	return err_set(e, "no instance-type catalog found (looked for %s and %s; set %s to a "
		       "catalog file)", *ECSIM_CATALOG_DATA ? ECSIM_CATALOG_DATA : "(no DATADIR)",
		       *ECSIM_CATALOG_SRC ? ECSIM_CATALOG_SRC : "(no source tree)", CATALOG_ENV);
}

int64_t catalog_registered_mib(int64_t memory, double overhead_pct, int64_t reserved_mib)
{
	/* (100 - p) first: exact for a whole p, so 8192 x 95 / 100 is 7782.4 */
	return (int64_t)floor((double)memory * (100.0 - overhead_pct) / 100.0) - reserved_mib;
}

/* A percentage at key of obj: 0 <= p < 100. */
static int read_pct(const json_t *obj, const char *key, const char *path, double *out,
		    ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (jread_number(obj, key, path, out, 0, e) < 0)
		return -1;
	if (*out >= 100)
		return err_set(e, "%s: must be < 100", jread_kpath(p, path, key));
	return 0;
}

static int load_rule(catalog *c, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "osOverheadPercent", "ecsReservedMemory", NULL };
	static const char *const ignored[] = { "rule", "why", NULL };
	const char *path = "$.registeredMemory";

	if (!j)
		return err_set(e, "%s: required", path);
	return jread_object(j, path, e) < 0 || jread_keys(j, path, known, ignored, e) < 0 ||
	       read_pct(j, "osOverheadPercent", path, &c->overhead_pct, e) < 0 ||
	       jread_int32(j, "ecsReservedMemory", path, &c->reserved_mib, 0, INT32_MAX / 2, 0,
			   e) < 0 ? -1 : 0;
}

static int load_fargate(catalog *c, const json_t *j, ecs_err *e)
{
	static const char *const known[] = { "x86_64", "arm64", "spotDiscountPercent", NULL };
	static const char *const ignored[] = { "pricesAsOf", "source", "spotNote", NULL };
	static const char *const arch_known[] = { "vcpuHour", "gbHour", NULL };
	const char *path = "$.fargate";
	const char *archs[] = { "x86_64", "arm64" };

	c->fargate_spot_discount = 70;
	if (!j)
		return 0;
	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, ignored, e) < 0 ||
	    read_pct(j, "spotDiscountPercent", path, &c->fargate_spot_discount, e) < 0)
		return -1;
	for (int a = 0; a < 2; a++) {
		const json_t *x = json_object_get(j, archs[a]);
		char p[JREAD_PATHMAX];
		double vcpu = 0, gb = 0;
		if (!x)
			continue;
		jread_kpath(p, path, archs[a]);
		if (jread_object(x, p, e) < 0 || jread_keys(x, p, arch_known, NULL, e) < 0 ||
		    jread_number(x, "vcpuHour", p, &vcpu, 0, e) < 0 ||
		    jread_number(x, "gbHour", p, &gb, 0, e) < 0)
			return -1;
		if (a == 0) {
			if (!json_object_get(x, "vcpuHour") || !json_object_get(x, "gbHour"))
				return err_set(e, "%s: needs vcpuHour and gbHour", p);
			c->has_fargate = 1;
			c->fargate_vcpu_hour = vcpu;
			c->fargate_gb_hour = gb;
		}
	}
	return 0;
}

/* One entry of instanceTypes.  Checked for what the loader relies on;
 * whether the figures are AWS's is the tests' business. */
static int load_type(catalog *c, cat_type *t, const json_t *j, const char *path, ecs_err *e)
{
	static const char *const known[] = { "name", "vcpus", "cpu", "memoryMiB",
					     "registeredMemoryMiB", "gpus", "enis", "trunkedEnis",
					     "cpuArchitecture", "pricePerHour", NULL };
	static const char *const ignored[] = { "family", "category", "note", NULL };
	char p[JREAD_PATHMAX];
	int32_t vcpus = 0;
	int64_t reg;
	const json_t *v;

	t->price = -1;
	if (jread_object(j, path, e) < 0 || jread_keys(j, path, known, ignored, e) < 0 ||
	    jread_str(j, "name", path, &t->name, 1, e) < 0 ||
	    jread_int32(j, "vcpus", path, &vcpus, 1, 1 << 14, 1, e) < 0 ||
	    jread_int32(j, "cpu", path, &t->cpu, 1, 1 << 24, 1, e) < 0 ||
	    jread_int32(j, "memoryMiB", path, &t->memory, 1, INT32_MAX / 2, 1, e) < 0 ||
	    jread_int32(j, "gpus", path, &t->gpus, 0, 1024, 0, e) < 0 ||
	    jread_int32(j, "enis", path, &t->enis, 1, 1 << 20, 0, e) < 0 ||
	    jread_str(j, "cpuArchitecture", path, &t->arch, 0, e) < 0)
		return -1;
	if (t->cpu != 1024 * vcpus)
		return err_set(e, "%s.cpu: %d is not 1024 x vcpus (%d)", path, t->cpu, 1024 * vcpus);
	reg = catalog_registered_mib(t->memory, c->overhead_pct, c->reserved_mib);
	t->registered = reg > 0 ? (int32_t)reg : 0;
	if (jread_int32(j, "registeredMemoryMiB", path, &t->registered, 1, t->memory, 0, e) < 0)
		return -1;
	if (t->registered < 1)
		return err_set(e, "%s.memoryMiB: the registered-memory rule leaves no memory", path);
	if ((v = json_object_get(j, "trunkedEnis")) && !json_is_null(v) &&
	    jread_int32(j, "trunkedEnis", path, &t->trunked, 1, 1 << 20, 0, e) < 0)
		return -1;
	if ((v = json_object_get(j, "pricePerHour")) && !json_is_null(v) &&
	    jread_number(j, "pricePerHour", path, &t->price, 0, e) < 0)
		return -1;
	if (!t->arch)
		t->arch = xstrdup("x86_64");
	if (catalog_find(c, t->name))
		return err_set(e, "%s: duplicate instance type \"%s\"", jread_kpath(p, path, "name"),
			       t->name);
	return 0;
}

static int load_root(catalog *c, const json_t *root, ecs_err *e)
{
	static const char *const known[] = { "registeredMemory", "fargate", "instanceTypes",
					     "pricesAsOf", NULL };
	static const char *const ignored[] = { "schema", "about", "region", "currency", "sources",
					       "notes", NULL };
	const json_t *arr = json_object_get(root, "instanceTypes");
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (jread_object(root, "$", e) < 0 || jread_keys(root, "$", known, ignored, e) < 0 ||
	    jread_str(root, "pricesAsOf", "$", &c->prices_as_of, 0, e) < 0 ||
	    load_rule(c, json_object_get(root, "registeredMemory"), e) < 0 ||
	    load_fargate(c, json_object_get(root, "fargate"), e) < 0)
		return -1;
	if (!arr)
		return err_set(e, "$.instanceTypes: required");
	if (jread_array_max(arr, "$.instanceTypes", 100000, "instance types", e) < 0)
		return -1;
	c->types = xcalloc(json_array_size(arr) + 1, sizeof(*c->types));
	c->names = xcalloc(json_array_size(arr) + 1, sizeof(*c->names));
	json_array_foreach(arr, i, v) {
		cat_type *t = &c->types[c->ntypes];
		if (load_type(c, t, v, jread_ipath(p, "$.instanceTypes", i), e) < 0) {
			free(t->name);
			free(t->arch);
			*t = (cat_type){ 0 };
			return -1;
		}
		c->names[c->ntypes++] = t->name;
	}
	return 0;
}

int catalog_load(catalog *c, const char *path, ecs_err *e)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	*c = (catalog){ .path = xstrdup(path) };
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (jerr.line < 0)
			return err_set(e, "%s: %s", path, jerr.text);
		return err_set(e, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
	}
	rc = load_root(c, root, e);
	json_decref(root);
	if (rc < 0)
		err_prefix(e, "%s: ", path);
	return rc;
}

void catalog_destroy(catalog *c)
{
	for (int i = 0; i < c->ntypes; i++) {
		free(c->types[i].name);
		free(c->types[i].arch);
	}
	free(c->types);
	free(c->names);
	free(c->prices_as_of);
	free(c->path);
	*c = (catalog){ 0 };
}

const cat_type *catalog_find(const catalog *c, const char *name)
{
	for (int i = 0; i < c->ntypes; i++)
		if (strcmp(c->types[i].name, name) == 0)
			return &c->types[i];
	return NULL;
}

const char *catalog_closest(const catalog *c, const char *name)
{
	return c->names ? err_closest(name, (const char *const *)c->names) : NULL;
}
