/* test_fargate.c - the FARGATE launch type: no hosts, tasks balanced over
 * zones (also on scale-in), billed per second with a one-minute minimum,
 * its own start latency and launch rate.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

static int start(sim *s, scenario *sc, const char *text)
{

	return test_start(s, sc, NULL, text, NULL);
}

static int run_to(sim *s, int64_t t)
{
	return test_run_to(s, t);
}

#define SCEN(lifecycle, td, svc)                                                        \
	"{\"duration\": \"1h\", \"taskLifecycle\": " lifecycle ","                          \
	" \"cluster\": {\"availabilityZones\": [\"a\", \"b\", \"c\"],"                      \
	"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024}],"         \
	"  \"instances\": [{\"instanceType\": \"m\", \"count\": 1}]},"                       \
	" \"taskDefinitions\": [{\"family\": \"web\", \"networkMode\": \"awsvpc\"," td     \
	"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"                                \
	" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","           \
	"  \"launchType\": \"FARGATE\", " svc "}]}"

static void per_zone(const sim *s, int n[3])
{
	n[0] = n[1] = n[2] = 0;
	for (const sim_task *t = s->svcs[0].tasks; t; t = t->snext)
		if (t->state <= SIM_RUNNING)
			n[t->zone]++;
}

/* 7 tasks over 3 zones: 3, 2, 2, on no host, RUNNING after the Fargate
 * start latency; a scale-in to 3 leaves one a zone. */
TEST(test_fargate_balanced_over_zones)
{
	static const char *text =
		SCEN("{\"warmStart\": false, \"startLatency\": {\"FARGATE\": 35}}", "\"cpu\": \"1 vCPU\", \"memory\": \"2 GB\",",
		     "\"desiredCount\": 7, \"desiredCountChanges\": [{\"at\": \"10m\", \"desiredCount\": 3}]");
	scenario sc;
	sim s;
	int n[3];

	if (start(&s, &sc, text) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(39)), 0);
	CHECK_EQ(s.svcs[0].pending, 7);
	CHECK_EQ(run_to(&s, S(41)), 0); /* ENI attach 5 s + start 35 s */
	CHECK_EQ(s.svcs[0].running, 7);
	CHECK_EQ(s.cl.tasks_running, 0);
	CHECK_EQ(s.fargate.tasks, 7);
	per_zone(&s, n);
	CHECK(n[0] == 3 && n[1] == 2 && n[2] == 2);
	CHECK_EQ(run_to(&s, S(601)), 0);
	per_zone(&s, n);
	CHECK(n[0] == 1 && n[1] == 1 && n[2] == 1);
	CHECK_EQ(s.svcs[0].scaled_in, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A task that runs the whole hour is billed its vCPU and GB for the hour:
 * 1 x 0.04048 + 2 x 0.004445 USD. */
TEST(test_fargate_billed_per_second)
{
	static const char *text =
		SCEN("{\"eniAttach\": 0, \"startLatency\": {\"FARGATE\": 0}}",
		     "\"cpu\": \"1 vCPU\", \"memory\": \"2 GB\",", "\"desiredCount\": 1");
	scenario sc;
	sim s;

	if (start(&s, &sc, text) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(3600)), 0);
	sim_finish(&s);
	CHECK_NEAR(s.st.fargate_cost_usd, 0.04048 + 2 * 0.004445, 1e-12);
	CHECK_NEAR(s.st.cost_usd, s.st.fargate_cost_usd, 1e-12); /* the instance is free */
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Tasks that live 10 s are billed a minute each: tasks at 0, 10 and 20 s
 * (the last still running at the end of a 25 s run), 3 minutes in all of
 * 0.25 vCPU and 0.5 GB; a lower minimum (setting) bills less. */
TEST(test_fargate_one_minute_minimum)
{
	static const char *fmt =
		"{\"duration\": \"25s\", %s \"taskLifecycle\": {\"warmStart\": false, \"eniAttach\": 0, \"eniDetach\": 0,"
		"  \"startLatency\": {\"FARGATE\": 0}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 1}]},"
		" \"taskDefinitions\": [{\"family\": \"web\", \"networkMode\": \"awsvpc\","
		"  \"cpu\": 256, \"memory\": 512, \"failure\": {\"crashAfter\": 10},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"stopTimeout\": 0}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"launchType\": \"FARGATE\", \"desiredCount\": 1}]}";
	double rate = 0.25 * 0.04048 + 0.5 * 0.004445;
	char text[4096];
	scenario sc;
	sim s;

	snprintf(text, sizeof(text), fmt, "");
	if (start(&s, &sc, text) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(25)), 0);
	sim_finish(&s);
	CHECK_EQ(s.svcs[0].launches, 3);
	CHECK_NEAR(s.st.fargate_cost_usd, 180.0 / 3600 * rate, 1e-12);
	sim_destroy(&s);
	scenario_destroy(&sc);

	snprintf(text, sizeof(text), fmt, "\"fargate\": {\"minimumBilled\": 0},");
	if (start(&s, &sc, text) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(25)), 0);
	sim_finish(&s);
	CHECK_NEAR(s.st.fargate_cost_usd, 25.0 / 3600 * rate, 1e-12);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* FARGATE services launch up to 500 tasks a minute by default. */
TEST(test_fargate_launch_rate)
{
	static const char *text =
		SCEN("{\"warmStart\": false, \"startLatency\": {\"FARGATE\": 35}}", "\"cpu\": 256, \"memory\": 512,",
		     "\"desiredCount\": 700");
	scenario sc;
	sim s;

	if (start(&s, &sc, text) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, 0), 0);
	CHECK_EQ(s.svcs[0].launches, 500);
	CHECK_EQ(run_to(&s, S(24)), 0); /* one every 120 ms after the burst */
	CHECK_EQ(s.svcs[0].launches, 700);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
