/* test_binding.c - resources that bind before CPU and memory (awsvpc ENIs with
 * and without trunking, static host ports), through the whole model: a tiny
 * scenario loaded, built and run. */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/model/model.h"

/* Loads text (with --set assignments) from a scratch file, runs it to the
 * end; 0 or -1 with the message printed. */
static int run_text(const char *text, char *const *sets, int nsets, sim *s, scenario *sc)
{
	char path[1100];
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/s.json", test_tmpdir());
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	if (scenario_load(sc, path, sets, nsets, &e) < 0) {
		fprintf(stderr, "  %s\n", e.msg);
		return -1;
	}
	if (sim_init(s, sc, &o, NULL, &e) < 0 || sim_run(s, INT64_MAX, &e) < 0) {
		fprintf(stderr, "  %s\n", e.msg);
		sim_destroy(s);
		scenario_destroy(sc);
		return -1;
	}
	sim_finish(s);
	return 0;
}

/* Two m5.large (3 ENIs: 2 awsvpc tasks each, 10 with trunking) and 24 small
 * awsvpc tasks that would fit 16 to an instance by CPU. */
static const char *eni_text =
	"{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
	" \"instanceTypes\": [{\"name\": \"m5.large\", \"cpu\": 2048, \"memory\": 7680,"
	"  \"enis\": 3}],"
	" \"instances\": [{\"instanceType\": \"m5.large\", \"count\": 2}]},"
	" \"taskDefinitions\": [{\"family\": \"t\", \"networkMode\": \"awsvpc\", \"cpu\": 128,"
	"  \"memory\": 128, \"containerDefinitions\": [{\"name\": \"c\"}]}],"
	" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"t\","
	"  \"arrival\": {\"type\": \"interval\", \"interval\": \"1s\"}, \"count\": 24,"
	"  \"duration\": {\"type\": \"constant\", \"value\": \"2h\"},"
	"  \"placementStrategy\": [{\"type\": \"binpack\", \"field\": \"cpu\"}]}]}";

TEST(test_binding_eni_before_cpu)
{
	scenario sc;
	sim s;

	CHECK_EQ(run_text(eni_text, NULL, 0, &s, &sc), 0);
	CHECK_EQ(s.st.submitted, 24);
	CHECK_EQ(s.st.placed, 4);
	CHECK_EQ(s.st.rejected, 20);
	CHECK_EQ(s.st.rejections[CL_CHECK_ENI], 20);
	CHECK_EQ(s.cl.hosts[0].eni_free + s.cl.hosts[1].eni_free, 0);
	CHECK_INT(s.cl.hosts[0].cpu_free, >, 1024); /* CPU was never the limit */
	sim_destroy(&s);
	scenario_destroy(&sc);
}

TEST(test_binding_eni_trunking)
{
	scenario sc;
	sim s;
	char *on[] = { "cluster.awsvpcTrunking=true" };
	char *given[] = { "cluster.awsvpcTrunking=true",
			  "cluster.instanceTypes[0].trunkedEnis=4" };
	char *off[] = { "cluster.awsvpcTrunking=false",
			"cluster.instanceTypes[0].trunkedEnis=4" };

	/* .large with trunking: 10 tasks an instance (ECS table), 20 in all */
	CHECK_EQ(run_text(eni_text, on, 1, &s, &sc), 0);
	CHECK_EQ(s.st.placed, 20);
	CHECK_EQ(s.st.rejections[CL_CHECK_ENI], 4);
	CHECK_EQ(s.cl.hosts[0].eni_total, 10);
	CHECK_EQ(s.cl.hosts[0].ntasks + s.cl.hosts[1].ntasks, 20);
	sim_destroy(&s);
	scenario_destroy(&sc);
	/* trunkedEnis replaces the table */
	CHECK_EQ(run_text(eni_text, given, 2, &s, &sc), 0);
	CHECK_EQ(s.st.placed, 8);
	CHECK_EQ(s.st.rejections[CL_CHECK_ENI], 16);
	sim_destroy(&s);
	scenario_destroy(&sc);
	/* and means nothing while trunking is off */
	CHECK_EQ(run_text(eni_text, off, 2, &s, &sc), 0);
	CHECK_EQ(s.st.placed, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A static host port binds one task per instance whatever the CPU left;
 * dynamic ports (hostPort 0) bind nothing. */
static const char *port_text =
	"{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\", \"b\", \"c\"],"
	" \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
	" \"instances\": [{\"instanceType\": \"m\", \"count\": 3}]},"
	" \"taskDefinitions\": ["
	"  {\"family\": \"web\", \"cpu\": 256, \"memory\": 256, \"containerDefinitions\":"
	"   [{\"name\": \"c\", \"portMappings\": [{\"containerPort\": 80, \"hostPort\": 8080}]}]},"
	"  {\"family\": \"dyn\", \"cpu\": 256, \"memory\": 256, \"containerDefinitions\":"
	"   [{\"name\": \"c\", \"portMappings\": [{\"containerPort\": 80, \"hostPort\": 0}]}]}],"
	" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
	"  \"desiredCount\": 5, \"placementStrategy\": [{\"type\": \"binpack\", \"field\": \"memory\"}]}],"
	" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"dyn\","
	"  \"arrival\": {\"type\": \"interval\", \"interval\": \"1s\"}, \"count\": 12,"
	"  \"duration\": {\"type\": \"constant\", \"value\": \"2h\"}}]}";

TEST(test_binding_static_ports_before_cpu)
{
	scenario sc;
	sim s;

	CHECK_EQ(run_text(port_text, NULL, 0, &s, &sc), 0);
	/* binpack would stack all five on one instance; port 8080 allows one each */
	CHECK_EQ(s.svcs[0].running, 3);
	CHECK_INT(s.svcs[0].placement_failures, >, 0);
	CHECK_EQ(s.svcs[0].last_reason, CL_CHECK_PORTS);
	for (int h = 0; h < 3; h++)
		CHECK_EQ(cl_group_on_host(&s.cl, s.svcs[0].group, h), 1);
	/* the dynamic-port workload places all twelve */
	CHECK_EQ(s.st.rejected, 0);
	CHECK_EQ(s.cl.tasks_running, 3 + 12);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
