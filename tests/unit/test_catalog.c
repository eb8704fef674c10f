/* test_catalog.c - the instance-type catalog (scenarios/catalog/), instance
 * types taken from it and overridden, where the file is found, the
 * warnings for costs without a price, and the cost a planner budgets with:
 * per hour, per 30-day month, and under $.pricing's Savings Plan and
 * Reserved Instances, computed by hand.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "reports/summary.h"
#include "sim/model/billing.h"
#include "sim/scenario/catalog.h"
#include "sim/support/units.h"

#define H(x) ((int64_t)((x) * 3600 * USEC_PER_SEC))

/* A cluster in zone a of the given instanceTypes (JSON array text, or NULL
 * to leave the key out) and instances, and more top-level keys. */
#define SCEN(types, insts, more)                                                          \
	"{\"duration\": \"2h\", \"cluster\": {\"availabilityZones\": [\"a\"]"               \
	types ", \"instances\": " insts "}" more "}"
#define TYPES(t) ", \"instanceTypes\": " t

static const char *catalog_file(void)
{
	static char path[1100];
	snprintf(path, sizeof(path), "%s/scenarios/catalog/aws-instance-types.json",
		 test_srcdir());
	return path;
}

static int load(scenario *sc, const char *text, ecs_err *e)
{
	return scenario_load_buffer(sc, "s.json", text, strlen(text), NULL, 0, e);
}

/* Writes text to a file in a scratch folder and returns its path. */
static const char *write_file(const char *name, const char *text)
{
	static char path[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", test_tmpdir(), name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static const cat_type *must_find(const catalog *c, const char *name)
{
	const cat_type *t = catalog_find(c, name);
	if (!t)
		fprintf(stderr, "  %s is not in the catalog\n", name);
	return t;
}

/* ---- the file ------------------------------------------------------------ */

/* The shipped file reads; every entry has what the loader relies on and
 * follows the registered-memory rule; every family and size the catalog
 * promises is there, with the right architecture and GPUs. */
TEST(test_catalog_file_is_complete)
{
	static const char *const families[] = {
		"m5", "m6i", "m6a", "m7i", "t3", "t3a", "c5", "c6i", "c7i", "r5", "r6i", "r7i",
		"g4dn", "g5", "p3", "m6g", "m7g", "c6g", "c7g", "r6g", "r7g",
	};
	static const char *const sizes[] = { "xlarge", "2xlarge" };
	catalog c;
	ecs_err e = { 0 };
	json_t *root;

	if (catalog_load(&c, catalog_file(), &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_INT(c.ntypes, >=, 150);
	CHECK_STR(c.prices_as_of, "2026-07-20");
	CHECK_NEAR(c.overhead_pct, 5, 0);
	CHECK_EQ(c.reserved_mib, 0);
	for (int i = 0; i < c.ntypes; i++) {
		const cat_type *t = &c.types[i];
		int graviton = strchr(t->name, 'g') && strchr(t->name, 'g') < strchr(t->name, '.') &&
			       t->name[0] != 'g';
		int gpu = t->name[0] == 'g' || t->name[0] == 'p';
		CHECK(t->cpu >= 1024 && t->cpu % 1024 == 0);
		CHECK_EQ(t->registered, catalog_registered_mib(t->memory, 5, 0));
		CHECK(t->registered > 0 && t->registered < t->memory);
		CHECK(t->price > 0);
		CHECK_INT(t->enis, >=, 2);
		CHECK(t->trunked == 0 || t->trunked > t->enis - 1);
		CHECK_STR(t->arch, graviton ? "arm64" : "x86_64");
		if (gpu ? t->gpus < 1 : t->gpus != 0)
			TEST_FAILED("%s: %d GPUs", t->name, t->gpus);
	}
	for (size_t f = 0; f < sizeof(families) / sizeof(*families); f++)
		for (size_t k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
			char name[64];
			snprintf(name, sizeof(name), "%s.%s", families[f], sizes[k]);
			if (strcmp(families[f], "p3") != 0)
				CHECK(must_find(&c, name));
		}
	CHECK(must_find(&c, "p3.2xlarge") && must_find(&c, "p3.16xlarge"));
	CHECK(c.has_fargate);
	CHECK_NEAR(c.fargate_vcpu_hour, 0.04048, 0);
	CHECK_NEAR(c.fargate_gb_hour, 0.004445, 0);
	CHECK_NEAR(c.fargate_spot_discount, 70, 0);
	catalog_destroy(&c);
	/* each figure names its source, and the prices their date */
	root = json_load_file(catalog_file(), 0, NULL);
	CHECK(root);
	CHECK_INT(json_object_size(json_object_get(root, "sources")), >=, 5);
	CHECK_STR(json_string_value(json_object_get(json_object_get(root, "fargate"), "pricesAsOf")),
		  "2026-06");
	json_decref(root);
}

/* Figures of a few types against the pages the catalog cites: the ECS
 * guide's trunking table and its c5.large example (3 ENIs: 2 awsvpc tasks,
 * 10 with trunking), EC2's specifications and the us-east-1 Linux
 * on-demand prices of 2026-07-20. */
TEST(test_catalog_figures_as_documented)
{
	static const struct {
		const char *name;
		int32_t cpu, memory, gpus, enis, trunked;
		double price;
		const char *arch;
	} want[] = {
		{ "c5.large", 2048, 4096, 0, 3, 10, 0.085, "x86_64" },
		{ "m5.large", 2048, 8192, 0, 3, 10, 0.096, "x86_64" },
		{ "m5.8xlarge", 32768, 131072, 0, 8, 60, 1.536, "x86_64" },
		{ "m6i.xlarge", 4096, 16384, 0, 4, 20, 0.192, "x86_64" },
		{ "m6i.8xlarge", 32768, 131072, 0, 8, 90, 1.536, "x86_64" },
		{ "r5.8xlarge", 32768, 262144, 0, 8, 0, 2.016, "x86_64" }, /* not trunked */
		{ "t3.medium", 2048, 4096, 0, 3, 0, 0.0416, "x86_64" },
		{ "g4dn.xlarge", 4096, 16384, 1, 3, 0, 0.526, "x86_64" },
		{ "g5.12xlarge", 49152, 196608, 4, 15, 120, 5.672, "x86_64" },
		{ "p3.16xlarge", 65536, 499712, 8, 8, 120, 24.48, "x86_64" },
		{ "m7g.large", 2048, 8192, 0, 3, 10, 0.0816, "arm64" },
		{ "c6g.medium", 1024, 2048, 0, 2, 4, 0.034, "arm64" },
	};
	catalog c;
	ecs_err e = { 0 };

	if (catalog_load(&c, catalog_file(), &e) < 0)
		TEST_FAILED("%s", e.msg);
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		const cat_type *t = must_find(&c, want[i].name);
		CHECK(t);
		CHECK_EQ(t->cpu, want[i].cpu);
		CHECK_EQ(t->memory, want[i].memory);
		CHECK_EQ(t->gpus, want[i].gpus);
		CHECK_EQ(t->enis, want[i].enis);
		CHECK_EQ(t->trunked, want[i].trunked);
		CHECK_NEAR(t->price, want[i].price, 1e-12);
		CHECK_STR(t->arch, want[i].arch);
	}
	/* the rule: 95 % of the installed memory, less ECS_RESERVED_MEMORY 0 */
	CHECK_EQ(must_find(&c, "m5.xlarge")->registered, 15564);
	CHECK_EQ(catalog_registered_mib(8192, 2.5, 0), 7987);
	CHECK_EQ(catalog_registered_mib(16384, 10, 256), 14489);
	catalog_destroy(&c);
}

/* ---- types from the catalog ---------------------------------------------- */

/* {"name": NAME} takes every figure; awsvpc tasks per instance are the
 * ENIs less the primary, with trunking the trunked limit, and a type that
 * trunking does not support keeps its limit. */
TEST(test_catalog_type_from_catalog_alone)
{
	static const char *text =
		SCEN(TYPES("[{\"name\": \"m6i.xlarge\"}, {\"name\": \"r7g.large\"},"
			   " {\"name\": \"t3.medium\"}]"),
		     "[{\"instanceType\": \"m6i.xlarge\", \"count\": 2}]", "");
	scenario sc;
	ecs_err e = { 0 };
	const sc_instance_type *m, *r, *t;

	if (load(&sc, text, &e) < 0)
		TEST_FAILED("%s", e.msg);
	m = &sc.types[0], r = &sc.types[1], t = &sc.types[2];
	CHECK(m->from_catalog && m->price_given);
	CHECK_EQ(m->cpu, 4096);
	CHECK_EQ(m->memory, 15564);
	CHECK_EQ(m->gpus, 0);
	CHECK_EQ(m->enis, 3);
	CHECK_EQ(m->trunked_enis, 20);
	CHECK_NEAR(m->price, 0.192, 0);
	CHECK_NEAR(m->spot_price, 0.3 * 0.192, 0);
	CHECK_STR(m->arch, "x86_64");
	CHECK_STR(m->os, "linux");
	CHECK_STR(r->arch, "arm64");
	CHECK_EQ(r->memory, catalog_registered_mib(16384, 5, 0));
	CHECK_EQ(t->enis, 2);
	CHECK_EQ(t->trunked_enis, 2); /* t3: no trunking */
	CHECK_EQ(sc_task_enis(&sc, m), 3);
	sc.awsvpc_trunking = 1;
	CHECK_EQ(sc_task_enis(&sc, m), 20);
	CHECK_EQ(sc_task_enis(&sc, t), 2);
	scenario_destroy(&sc);
}

/* Any key overrides the catalog's figure; an entry that gives cpu and
 * memory is described by hand (nothing from the catalog, as before it
 * existed) unless fromCatalog is true. */
TEST(test_catalog_overrides)
{
	static const char *text = SCEN(
		TYPES("[{\"name\": \"m6i.xlarge\", \"pricePerHour\": 0.17, \"enis\": 2,"
		      "  \"trunkedEnis\": 7, \"gpus\": 1, \"cpuArchitecture\": \"arm64\"},"
		      " {\"name\": \"c6i.large\", \"memory\": 3000, \"spotPricePerHour\": 0.01},"
		      " {\"name\": \"m5.xlarge\", \"cpu\": 4096, \"memory\": 15576},"
		      " {\"name\": \"m5.large\", \"cpu\": 2000, \"memory\": 7000,"
		      "  \"fromCatalog\": true}]"),
		"[]", "");
	scenario sc;
	ecs_err e = { 0 };
	const sc_instance_type *t;

	if (load(&sc, text, &e) < 0)
		TEST_FAILED("%s", e.msg);
	t = &sc.types[0];
	CHECK_NEAR(t->price, 0.17, 0);
	CHECK_NEAR(t->spot_price, 0.3 * 0.17, 0);
	CHECK_EQ(t->enis, 1);
	CHECK_EQ(t->trunked_enis, 7);
	CHECK_EQ(t->gpus, 1);
	CHECK_STR(t->arch, "arm64");
	CHECK_EQ(t->cpu, 4096);
	t = &sc.types[1];
	CHECK_EQ(t->cpu, 2048);
	CHECK_EQ(t->memory, 3000);
	CHECK_NEAR(t->price, 0.085, 0);
	CHECK_NEAR(t->spot_price, 0.01, 0);
	CHECK(t->spot_price_given);
	/* by hand: unlimited ENIs, no price, no trunked limit, as written */
	t = &sc.types[2];
	CHECK(!t->from_catalog && !t->price_given);
	CHECK_EQ(t->enis, 1 << 20);
	CHECK_EQ(t->trunked_enis, 0);
	CHECK_NEAR(t->price, 0, 0);
	CHECK_NEAR(t->catalog_price, 0.192, 0); /* for the warning only */
	/* fromCatalog: the rest from the catalog */
	t = &sc.types[3];
	CHECK(t->from_catalog);
	CHECK_EQ(t->cpu, 2000);
	CHECK_EQ(t->memory, 7000);
	CHECK_EQ(t->enis, 2);
	CHECK_NEAR(t->price, 0.096, 0);
	scenario_destroy(&sc);
}

/* A name the catalog does not know: which fields are missing, and the
 * closest catalog name. */
TEST(test_catalog_unknown_type_did_you_mean)
{
	static const struct {
		const char *types, *msg;
	} cases[] = {
		{ "[{\"name\": \"m6i.xlrge\"}]",
		  "s.json: $.cluster.instanceTypes[0].name: instance type \"m6i.xlrge\" is unknown to "
		  "the catalog (did you mean \"m6i.xlarge\"?); a type the catalog does not know needs "
		  "cpu and memory (missing: cpu, memory)" },
		{ "[{\"name\": \"M7G.LARGE\", \"cpu\": 2048}]",
		  "s.json: $.cluster.instanceTypes[0].name: instance type \"M7G.LARGE\" is unknown to "
		  "the catalog (did you mean \"m7g.large\"?); a type the catalog does not know needs "
		  "cpu and memory (missing: memory)" },
		{ "[{\"name\": \"box\"}]",
		  "s.json: $.cluster.instanceTypes[0].name: instance type \"box\" is unknown to the "
		  "catalog; a type the catalog does not know needs cpu and memory (missing: cpu, "
		  "memory)" },
		/* one of cpu and memory, near no catalog name: described by hand */
		{ "[{\"name\": \"box\", \"memory\": 1024}]",
		  "s.json: $.cluster.instanceTypes[0].cpu: required" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char text[1024];
		scenario sc;
		ecs_err e = { 0 };
		snprintf(text, sizeof(text),
			 "{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"], "
			 "\"instanceTypes\": %s, \"instances\": []}}", cases[i].types);
		CHECK_EQ(load(&sc, text, &e), -1);
		CHECK_STR(e.msg, cases[i].msg);
	}
}

/* Without instanceTypes, instances name catalog types, added in the order
 * they are first named; later sections find them. */
TEST(test_catalog_instances_name_catalog_types)
{
	static const char *text = SCEN(
		"", "[{\"instanceType\": \"r7g.large\", \"count\": 3},"
		    " {\"instanceType\": \"t3.medium\"}, {\"instanceType\": \"r7g.large\"}]",
		", \"maintenance\": [{\"at\": \"1h\", \"drain\": 1, \"instanceType\": \"t3.medium\"}]");
	scenario sc;
	ecs_err e = { 0 };

	if (load(&sc, text, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_EQ(sc.ntypes, 2);
	CHECK_STR(sc.types[0].name, "r7g.large");
	CHECK_STR(sc.types[1].name, "t3.medium");
	CHECK_EQ(sc.instances[2].type, 0);
	CHECK_EQ(sc.nhosts, 5);
	CHECK_NEAR(sc.types[1].price, 0.0416, 0);
	CHECK_EQ(sc.drains[0].type, 1);
	scenario_destroy(&sc);
}

/* cluster.memoryOverheadPercent and ecsReservedMemory replace the
 * catalog's rule for the types it gives. */
TEST(test_catalog_registered_memory_settings)
{
	static const struct {
		const char *keys;
		int32_t memory;
	} cases[] = {
		{ "", 15564 },
		{ ", \"memoryOverheadPercent\": 10", 14745 },
		{ ", \"ecsReservedMemory\": 256", 15308 },
		{ ", \"memoryOverheadPercent\": 10, \"ecsReservedMemory\": 256", 14489 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char text[1024];
		scenario sc;
		ecs_err e = { 0 };
		snprintf(text, sizeof(text),
			 "{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"], "
			 "\"instanceTypes\": [{\"name\": \"m6i.xlarge\"}, {\"name\": \"m\", "
			 "\"cpu\": 1024, \"memory\": 999}], \"instances\": []%s}}", cases[i].keys);
		if (load(&sc, text, &e) < 0)
			TEST_FAILED("%s", e.msg);
		CHECK_EQ(sc.types[0].memory, cases[i].memory);
		CHECK_EQ(sc.types[1].memory, 999); /* by hand: as written */
		scenario_destroy(&sc);
	}
}

/* ---- where the catalog is ------------------------------------------------ */

/* From the tree it was built in, the tree's copy; $ECSIM_CATALOG wins;
 * a file it names that does not exist is an error, even for a scenario
 * that names no catalog type. */
TEST(test_catalog_lookup_and_env_override)
{
	static const char *mine =
		"{\"registeredMemory\": {\"osOverheadPercent\": 0, \"ecsReservedMemory\": 100},"
		" \"instanceTypes\": [{\"name\": \"x.big\", \"vcpus\": 3, \"cpu\": 3072,"
		"  \"memoryMiB\": 5000, \"enis\": 5, \"trunkedEnis\": 9,"
		"  \"cpuArchitecture\": \"arm64\", \"pricePerHour\": 0.5}]}";
	static const char *text = SCEN(TYPES("[{\"name\": \"x.big\"}]"), "[]", "");
	char buf[4096];
	const char *path;
	scenario sc;
	ecs_err e = { 0 };

	unsetenv(CATALOG_ENV);
	CHECK_EQ(catalog_locate(buf, sizeof(buf), &e), 0);
	CHECK_STR(buf, catalog_file());
	path = write_file("mine.json", mine);
	setenv(CATALOG_ENV, path, 1);
	CHECK_EQ(catalog_locate(buf, sizeof(buf), &e), 1);
	CHECK_STR(buf, path);
	if (load(&sc, text, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_EQ(sc.types[0].cpu, 3072);
	CHECK_EQ(sc.types[0].memory, 4900); /* the file's rule: 5000 - 100 */
	CHECK_EQ(sc.types[0].enis, 4);
	CHECK_EQ(sc.types[0].trunked_enis, 9);
	CHECK_STR(sc.types[0].arch, "arm64");
	/* this catalog has no FARGATE prices */
	CHECK_EQ(sc.fargate_priced, 0);
	CHECK_NEAR(sc.fargate_vcpu_hour, 0, 0);
	scenario_destroy(&sc);
	setenv(CATALOG_ENV, "/nonexistent/catalog.json", 1);
	CHECK_EQ(load(&sc, SCEN(TYPES("[{\"name\": \"m\", \"cpu\": 1, \"memory\": 1}]"), "[]", ""),
		      &e), -1);
	CHECK_STR(e.msg, "s.json: cannot read the instance-type catalog /nonexistent/catalog.json "
			 "(from $ECSIM_CATALOG): No such file or directory");
	/* a bad catalog file is reported with its own path */
	setenv(CATALOG_ENV, write_file("bad.json", "{\"instanceTypes\": [{\"name\": \"y\"}]}"),
	       1);
	e = (ecs_err){ 0 };
	CHECK_EQ(load(&sc, text, &e), -1);
	CHECK(strstr(e.msg, "instance-type catalog "));
	CHECK(strstr(e.msg, "bad.json: $.registeredMemory: required"));
	unsetenv(CATALOG_ENV);
}

/* FARGATE prices the scenario does not give come from the catalog, Spot
 * 70 % off them: the figures ecsim used before the catalog. */
TEST(test_catalog_fargate_prices)
{
	scenario sc;
	ecs_err e = { 0 };

	if (load(&sc, SCEN(TYPES("[]"), "[]", ""), &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_NEAR(sc.fargate_vcpu_hour, 0.04048, 0);
	CHECK_NEAR(sc.fargate_gb_hour, 0.004445, 0);
	CHECK(sc.fargate_spot_vcpu_hour == 0.3 * 0.04048);
	CHECK(sc.fargate_spot_gb_hour == 0.3 * 0.004445);
	CHECK_EQ(sc.fargate_priced, SC_PRICED_VCPU | SC_PRICED_GB);
	scenario_destroy(&sc);
	if (load(&sc, SCEN(TYPES("[]"), "[]", ", \"fargate\": {\"gbHour\": 0.01}"), &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_NEAR(sc.fargate_vcpu_hour, 0.04048, 0);
	CHECK_NEAR(sc.fargate_gb_hour, 0.01, 0);
	scenario_destroy(&sc);
}

/* ---- no silent zero cost ------------------------------------------------- */

static char *slurp(const char *path)
{
	static char buf[1 << 16];
	test_slurp(path, buf, sizeof(buf));
	return buf;
}

/* A type without a price anywhere, and one described by hand whose name
 * the catalog knows: warnings on stdout, in summary.json and the page. */
TEST(test_catalog_price_warning)
{
	static const char *text = SCEN(
		TYPES("[{\"name\": \"box\", \"cpu\": 1024, \"memory\": 2048},"
		      " {\"name\": \"m5.xlarge\", \"cpu\": 4096, \"memory\": 15576},"
		      " {\"name\": \"m6i.large\"}]"),
		"[{\"instanceType\": \"box\", \"count\": 2}, {\"instanceType\": \"m5.xlarge\"},"
		" {\"instanceType\": \"m6i.large\"}]", "");
	static const char *w0 =
		"instance type box has no price (neither pricePerHour nor the catalog gives one): "
		"cost is 0 for its 2 instances (4 instance-hours)";
	static const char *w1 =
		"instance type m5.xlarge has no price: cost is 0 for its 1 instance (2 "
		"instance-hours); it gives cpu and memory, so it takes nothing from the catalog, "
		"whose price for it is 0.192 USD per hour (give pricePerHour, or \"fromCatalog\": "
		"true)";
	char cmd[4096], dir[1200], want[1024];
	const char *scen = write_file("s.json", text);
	json_t *sm, *w;

	snprintf(dir, sizeof(dir), "%s/out", test_tmpdir());
	snprintf(cmd, sizeof(cmd), "'%s' run '%s' -o '%s' --no-plots", test_ecsim(), scen, dir);
	CHECK_EQ(test_run(test_srcdir(), cmd), 0);
	snprintf(want, sizeof(want), "warning: %s\n", w0);
	CHECK(strstr(test_out, want));
	snprintf(want, sizeof(want), "warning: %s\n", w1);
	CHECK(strstr(test_out, want));
	snprintf(cmd, sizeof(cmd), "%s/summary.json", dir);
	sm = json_load_file(cmd, 0, NULL);
	CHECK(sm);
	w = json_object_get(sm, "warnings");
	CHECK_EQ(json_array_size(w), 2);
	CHECK_STR(json_string_value(json_array_get(w, 0)), w0);
	CHECK_STR(json_string_value(json_array_get(w, 1)), w1);
	/* the priced type is costed: 2 h at 0.096 */
	CHECK_NEAR(json_real_value(json_object_get(json_object_get(sm, "cost"), "total_usd")),
		   0.192, 1e-12);
	json_decref(sm);
	snprintf(cmd, sizeof(cmd), "%s/index.html", dir);
	CHECK(strstr(slurp(cmd), "<h2>Warnings</h2>"));
	CHECK(strstr(slurp(cmd), "instance type box has no price"));
}

/* FARGATE tasks with no FARGATE price anywhere (a catalog without one). */
TEST(test_catalog_fargate_price_warning)
{
	static const char *text =
		"{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		" \"instanceTypes\": [], \"instances\": []},"
		" \"taskDefinitions\": [{\"family\": \"w\", \"networkMode\": \"awsvpc\","
		"  \"cpu\": \"1 vCPU\", \"memory\": \"2 GB\", \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"services\": [{\"serviceName\": \"w\", \"taskDefinition\": \"w\","
		"  \"launchType\": \"FARGATE\", \"desiredCount\": 3}]}";
	char cmd[4096], dir[1200];
	const char *cat = write_file("cat.json", "{\"registeredMemory\": {}, \"instanceTypes\": []}");
	char catpath[1200];
	const char *scen;
	json_t *sm;

	snprintf(catpath, sizeof(catpath), "%s", cat);
	scen = write_file("s.json", text);
	snprintf(dir, sizeof(dir), "%s/out", test_tmpdir());
	snprintf(cmd, sizeof(cmd), "ECSIM_CATALOG='%s' '%s' run '%s' -o '%s' --no-plots", catpath,
		 test_ecsim(), scen, dir);
	CHECK_EQ(test_run(test_srcdir(), cmd), 0);
	CHECK(strstr(test_out, "warning: FARGATE has no price for vCPU-hours and GB-hours "
			       "(neither $.fargate nor the catalog gives one): its 3 tasks cost 0 "
			       "for them\n"));
	snprintf(cmd, sizeof(cmd), "%s/summary.json", dir);
	sm = json_load_file(cmd, 0, NULL);
	CHECK(sm);
	CHECK_EQ(json_array_size(json_object_get(sm, "warnings")), 1);
	json_decref(sm);
}

/* ---- cost per hour and month, commitments -------------------------------- */

/* Runs text to its end and returns its summary's "cost" (a new ref). */
static json_t *run_cost(const char *text, int64_t duration)
{
	scenario sc;
	sim s;
	json_t *sm, *cost = NULL;

	if (test_start(&s, &sc, NULL, text, NULL) < 0)
		return NULL;
	if (test_run_to(&s, duration) == 0) {
		sim_finish(&s);
		sm = summary_build(&s, 0);
		cost = json_incref(json_object_get(sm, "cost"));
		json_decref(sm);
	}
	sim_destroy(&s);
	scenario_destroy(&sc);
	return cost;
}

/* cost.K, and cost.commitments.K */
static double key(const json_t *cost, const char *k)
{
	const json_t *v = json_object_get(cost, k);
	return v ? json_number_value(v) : NAN;
}

static double ckey(const json_t *cost, const char *k)
{
	return key(json_object_get(cost, "commitments"), k);
}

/* 2 m6i.large (0.096) and a c7g.large (0.0725) for 90 minutes:
 * (2 x 0.096 + 0.0725) x 1.5 = 0.39675 USD, 0.2645 an hour, x 720 a month. */
TEST(test_catalog_cost_per_hour_and_month)
{
	static const char *text =
		"{\"duration\": \"90m\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		" \"instances\": [{\"instanceType\": \"m6i.large\", \"count\": 2},"
		"  {\"instanceType\": \"c7g.large\"}]}}";
	json_t *c = run_cost(text, H(1.5));

	CHECK(c);
	CHECK_NEAR(key(c, "total_usd"), 0.39675, 1e-12);
	CHECK_NEAR(key(c, "per_hour_usd"), 0.2645, 1e-12);
	CHECK_NEAR(key(c, "per_month_usd"), 0.2645 * 720, 1e-9);
	CHECK(!json_object_get(c, "commitments")); /* no $.pricing */
	json_decref(c);
}

/* A Savings Plan that the fleet under-uses: 2 m6i.large (0.192 USD an hour
 * on-demand) for 2 h under 0.20 an hour at 28 % off.  Each hour the usage
 * costs 0.192 x 0.72 = 0.13824 of the commitment; the commitment (0.20 an
 * hour) is billed in full: 0.40 in all, 0.016 more than on-demand. */
TEST(test_catalog_savings_plan_under_used)
{
	static const char *text =
		"{\"duration\": \"2h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		" \"instances\": [{\"instanceType\": \"m6i.large\", \"count\": 2}]},"
		" \"pricing\": {\"savingsPlan\": {\"commitmentPerHour\": 0.2, \"discountPercent\": 28}}}";
	json_t *c = run_cost(text, H(2));

	CHECK(c);
	CHECK_NEAR(key(c, "total_usd"), 0.384, 1e-12);
	CHECK_NEAR(ckey(c, "effective_usd"), 0.4, 1e-12);
	CHECK_NEAR(ckey(c, "effective_per_month_usd"), 0.2 * 720, 1e-9);
	CHECK_NEAR(ckey(c, "savings_usd"), -0.016, 1e-12);
	CHECK_NEAR(ckey(c, "savings_plan_commitment_usd"), 0.4, 1e-12);
	CHECK_NEAR(ckey(c, "savings_plan_used_usd"), 2 * 0.13824, 1e-12);
	CHECK_NEAR(ckey(c, "savings_plan_unused_usd"), 0.4 - 2 * 0.13824, 1e-12);
	CHECK_NEAR(ckey(c, "savings_plan_utilization"), 0.6912, 1e-12);
	CHECK_NEAR(ckey(c, "savings_plan_covered_on_demand_usd"), 0.384, 1e-12);
	CHECK_NEAR(ckey(c, "on_demand_usd"), 0, 0);
	json_decref(c);
}

/* A Savings Plan the fleet over-uses, with a last part-hour: 4 m6i.large
 * (0.384 an hour) for 2.5 h under 0.10 an hour at 28 % off.  The
 * commitment covers 0.10 / 0.72 = 0.13889 of on-demand usage an hour (and
 * half that in the last half hour); the rest is on-demand:
 * 0.25 + (0.96 - 0.25 / 0.72) = 0.86278 in all. */
TEST(test_catalog_savings_plan_over_used)
{
	static const char *text =
		"{\"duration\": \"150m\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		" \"instances\": [{\"instanceType\": \"m6i.large\", \"count\": 4}]},"
		" \"pricing\": {\"savingsPlan\": {\"commitmentPerHour\": 0.1, \"discountPercent\": 28}}}";
	json_t *c = run_cost(text, H(2.5));

	CHECK(c);
	CHECK_NEAR(key(c, "total_usd"), 0.96, 1e-12);
	CHECK_NEAR(ckey(c, "savings_plan_commitment_usd"), 0.25, 1e-12);
	CHECK_NEAR(ckey(c, "savings_plan_utilization"), 1, 1e-12);
	CHECK_NEAR(ckey(c, "savings_plan_covered_on_demand_usd"), 0.25 / 0.72, 1e-12);
	CHECK_NEAR(ckey(c, "on_demand_usd"), 0.96 - 0.25 / 0.72, 1e-12);
	CHECK_NEAR(ckey(c, "effective_usd"), 0.25 + 0.96 - 0.25 / 0.72, 1e-12);
	CHECK_NEAR(ckey(c, "savings_usd"), 0.25 / 0.72 - 0.25, 1e-12);
	json_decref(c);
}

/* Reserved Instances before the Savings Plan: 3 m6i.xlarge (0.192) for
 * 2.5 h, 1 reserved at 40 % off (0.1152 an hour, billed used or not) and
 * 2 of a type with none running; the other two cost 0.384 an hour, which
 * at 28 % off (0.27648) fits in a 0.30 commitment. */
TEST(test_catalog_reserved_then_savings_plan)
{
	static const char *text =
		"{\"duration\": \"150m\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		" \"instanceTypes\": [{\"name\": \"m6i.xlarge\"}, {\"name\": \"r6i.large\"}],"
		" \"instances\": [{\"instanceType\": \"m6i.xlarge\", \"count\": 3}]},"
		" \"pricing\": {\"savingsPlan\": {\"commitmentPerHour\": 0.3, \"discountPercent\": 28},"
		"  \"reservedInstances\": [{\"instanceType\": \"m6i.xlarge\", \"count\": 1,"
		"   \"discountPercent\": 40}, {\"instanceType\": \"r6i.large\", \"count\": 2,"
		"   \"discountPercent\": 30}]}}";
	json_t *c = run_cost(text, H(2.5));
	double ri = 2.5 * (0.1152 + 2 * 0.126 * 0.7);

	CHECK(c);
	CHECK_NEAR(ckey(c, "reserved_fees_usd"), ri, 1e-12);
	CHECK_NEAR(ckey(c, "reserved_covered_hours"), 2.5, 1e-12);
	CHECK_NEAR(ckey(c, "reserved_unused_hours"), 5, 1e-12);
	CHECK_NEAR(ckey(c, "savings_plan_used_usd"), 2.5 * 0.27648, 1e-12);
	CHECK_NEAR(ckey(c, "on_demand_usd"), 0, 0);
	CHECK_NEAR(ckey(c, "effective_usd"), ri + 0.75, 1e-12);
	json_decref(c);
}

/* The hour is the unit: a commitment unused in one hour does not carry
 * to the next.  Two hours of 0.096 and 0.384 on-demand under 0.20 at 28 %
 * off: 0.20 + (0.20 + 0.384 - 0.20 / 0.72), not the 0.40 a pooled total
 * would give; and a Compute Savings Plan covers FARGATE, the higher
 * discount first. */
TEST(test_catalog_bill_hour_by_hand)
{
	sc_instance_type types[1] = { { .price = 0.096 } };
	double hours[1];
	scenario sc = { .types = types, .ntypes = 1,
			.pricing = { .given = 1, .sp = 1, .sp_commit = 0.2, .sp_discount = 28 } };
	bill_totals t = { 0 };
	bill_usage u = { .frac = 1, .type_hours = hours };

	hours[0] = 1, u.ec2_usd = 0.096;
	bill_hour(&sc, &u, &t);
	hours[0] = 4, u.ec2_usd = 0.384;
	bill_hour(&sc, &u, &t);
	CHECK_NEAR(t.sp_commitment + t.on_demand, 0.2 + 0.2 + 0.384 - 0.2 / 0.72, 1e-12);
	CHECK_NEAR(t.sp_used, 0.096 * 0.72 + 0.2, 1e-12);
	/* FARGATE at 50 % off goes first: 0.30 of it takes 0.15 of 0.20 */
	sc.pricing.sp_fargate = 1;
	sc.pricing.sp_fargate_discount = 50;
	t = (bill_totals){ 0 };
	u = (bill_usage){ .frac = 1, .ec2_usd = 0.096, .fargate_usd = 0.3, .type_hours = hours };
	hours[0] = 1;
	bill_hour(&sc, &u, &t);
	CHECK_NEAR(t.sp_used, 0.2, 1e-12);
	CHECK_NEAR(t.sp_covered, 0.3 + 0.05 / 0.72, 1e-12);
	CHECK_NEAR(t.on_demand, 0.096 - 0.05 / 0.72, 1e-12);
}
