/* test_loader.c - valid scenarios load with the values ECS would use. */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/scenario/scenario.h"
#include "sim/support/units.h"

static int load_json(scenario *sc, json_t *root, ecs_err *e)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s/s.json", test_tmpdir());
	json_dump_file(root, path, 0);
	return scenario_load(sc, path, NULL, 0, e);
}

static json_t *base(void)
{
	return json_loads(
		"{\"duration\": \"36h\", \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		" \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		" \"instances\": [{\"instanceType\": \"m\", \"count\": 5}]},"
		" \"taskDefinitions\": [], \"services\": []}", 0, NULL);
}

/* The object `aws ecs describe-task-definition` prints loads as it is. */
TEST(test_loader_describe_task_definition_output)
{
	char path[1100];
	json_t *root = base(), *td;
	scenario sc;
	ecs_err e = { 0 };

	snprintf(path, sizeof(path), "%s/tests/data/describe-task-definition.json", test_srcdir());
	td = json_load_file(path, 0, NULL);
	CHECK(td != NULL);
	json_array_append_new(json_object_get(root, "taskDefinitions"), td);
	json_array_append_new(json_object_get(root, "services"),
			      json_pack("{s:s, s:s, s:i}", "serviceName", "web", "taskDefinition",
					"web-app:7", "desiredCount", 3));
	if (load_json(&sc, root, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_STR(sc.taskdefs[0].family, "web-app");
	CHECK_EQ(sc.taskdefs[0].revision, 7);
	/* cpu sums the containers; memory reserves memoryReservation when set */
	CHECK_EQ(sc.taskdefs[0].cpu, 512);
	CHECK_EQ(sc.taskdefs[0].memory, 768 + 50);
	CHECK_EQ(sc.taskdefs[0].nports, 0); /* hostPort 0 is dynamic */
	CHECK_EQ(sc.services[0].taskdef, 0);
	CHECK_EQ(sc.duration, 36 * 3600 * USEC_PER_SEC);
	scenario_destroy(&sc);
	json_decref(root);
}

TEST(test_loader_ports_per_protocol_and_task_sizes)
{
	json_t *root = base();
	scenario sc;
	ecs_err e = { 0 };

	json_array_append_new(json_object_get(root, "taskDefinitions"), json_loads(
		"{\"family\": \"dns\", \"revision\": 3, \"cpu\": \"0.5 vCPU\", \"memory\": \"1 GB\","
		" \"networkMode\": \"bridge\", \"containerDefinitions\": [{\"name\": \"d\","
		"  \"portMappings\": [{\"containerPort\": 53, \"hostPort\": 53, \"protocol\": \"tcp\"},"
		"                     {\"containerPort\": 53, \"hostPort\": 53, \"protocol\": \"udp\"},"
		"                     {\"containerPort\": 9000}]}]}", 0, NULL));
	json_array_append_new(json_object_get(root, "taskDefinitions"), json_loads(
		"{\"family\": \"dns\", \"revision\": 9, \"networkMode\": \"host\","
		" \"containerDefinitions\": [{\"name\": \"d\", \"cpu\": 10, \"memory\": 20,"
		"  \"portMappings\": [{\"containerPort\": 8053}]}]}", 0, NULL));
	json_array_append_new(json_object_get(root, "services"), json_loads(
		"{\"serviceName\": \"dns\", \"taskDefinition\": \"dns\", \"desiredCount\": 2}", 0, NULL));
	if (load_json(&sc, root, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_EQ(sc.taskdefs[0].cpu, 512);
	CHECK_EQ(sc.taskdefs[0].memory, 1024);
	CHECK_EQ(sc.taskdefs[0].nports, 2);
	CHECK_EQ(sc.taskdefs[0].ports[0], 53);
	CHECK_EQ(sc.taskdefs[0].ports[1], 53 + SC_PORT_UDP);
	/* host mode binds containerPort */
	CHECK_EQ(sc.taskdefs[1].nports, 1);
	CHECK_EQ(sc.taskdefs[1].ports[0], 8053);
	/* a family without revision means the latest one */
	CHECK_EQ(sc.services[0].taskdef, 1);
	scenario_destroy(&sc);
	json_decref(root);
}

TEST(test_loader_set_overrides)
{
	char path[1100];
	char *sets[] = { "services.web.desiredCount=40", "cluster.instances[0].count=500",
			 "duration=2h", "name=\"renamed\"", "workloads.etl.arrival.rate=\"1/s\"" };
	scenario sc;
	ecs_err e = { 0 };

	snprintf(path, sizeof(path), "%s/scenarios/quickstart.json", test_srcdir());
	if (scenario_load(&sc, path, sets, 5, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_EQ(sc.services[0].desired, 40);
	CHECK_EQ(sc.instances[0].count, 500);
	CHECK_EQ(sc.duration, 2 * 3600 * USEC_PER_SEC);
	CHECK_STR(sc.name, "renamed");
	CHECK_NEAR(sc.workloads[0].rate, 1.0, 1e-12);
	scenario_destroy(&sc);
}
