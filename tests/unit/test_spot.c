/* test_spot.c - Spot instances: interruption notices (drawn per type or from
 * a times file), draining at the notice, termination, replacement, price.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct watch {
	int notices, terminated, replaced;
};

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct watch *w = ctx;
	(void)time;
	(void)service;
	(void)detail;
	w->notices += strcmp(event, "spot-interruption-notice") == 0;
	w->terminated += strcmp(event, "spot-instance-terminated") == 0;
	w->replaced += strcmp(event, "spot-instance-replaced") == 0;
}

static int start(sim *s, scenario *sc, const char *text, const char *times, struct watch *w)
{
	const char *dir = test_tmpdir();
	sim_observer obs = { .ctx = w, .event = on_event };

	if (times) { /* beside s.json: the scenario names it relatively */
		char path[1100];
		FILE *f;
		snprintf(path, sizeof(path), "%s/spot.txt", dir);
		f = fopen(path, "w");
		fputs(times, f);
		fclose(f);
	}
	return test_start(s, sc, dir, text, &obs);
}

static int run_to(sim *s, int64_t t)
{
	return test_run_to(s, t);
}

/* Four on-demand and two Spot instances, one task of a six-task service on
 * each (spread by instance); both Spot instances get a notice at 600 s. */
#define SPOT_SCENARIO(draining)                                                        \
	"{\"duration\": \"1h\","                                                       \
	" \"cluster\": {\"availabilityZones\": [\"a\"], \"spotDraining\": " draining "," \
	"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"   \
	"  \"instances\": [{\"instanceType\": \"m\", \"count\": 4},"                   \
	"   {\"instanceType\": \"m\", \"count\": 2, \"purchaseOption\": \"spot\"}]},"   \
	" \"taskDefinitions\": [{\"family\": \"t\","                                   \
	"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}]," \
	" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"t\", \"desiredCount\": 6," \
	"  \"placementStrategy\": [{\"type\": \"spread\", \"field\": \"instanceId\"}]}]," \
	" \"failures\": {\"spotInterruptions\": {\"timesFile\": \"spot.txt\"}}}"

/* Issue 5: a Spot notice with draining loses no service task that could
 * have been moved: both tasks move to on-demand instances within the
 * notice, none is killed by the termination. */
TEST(test_spot_draining_loses_no_task)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, SPOT_SCENARIO("true"), "# two notices\n600\n600.0\n", &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(599)), 0);
	CHECK_EQ(s.svcs[0].running, 6);
	CHECK_EQ(s.cl.hosts[4].ntasks, 1);
	CHECK_EQ(s.cl.hosts[5].ntasks, 1);
	CHECK_EQ(run_to(&s, S(600)), 0);
	CHECK_EQ(s.cl.hosts[4].state, CL_DRAINING);
	CHECK_EQ(run_to(&s, S(720)), 0);
	CHECK_EQ(s.cl.hosts_up, 4); /* terminated at the end of the notice */
	CHECK_EQ(s.st.spot_tasks_killed, 0);
	CHECK_EQ(s.st.killed, 0);
	CHECK_EQ(s.svcs[0].moved_off_draining, 2);
	CHECK_EQ(run_to(&s, S(900)), 0);   /* replaced after the 180 s launch time */
	CHECK_EQ(s.cl.hosts_up, 6);
	CHECK_EQ(s.cl.hosts[4].state, CL_ACTIVE);
	CHECK_EQ(run_to(&s, S(3600)), 0);
	sim_finish(&s);
	CHECK_EQ(s.svcs[0].running, 6);
	CHECK_EQ(s.st.spot_notices, 2);
	CHECK_EQ(s.st.spot_interruptions, 2);
	CHECK_EQ(s.st.spot_replacements, 2);
	CHECK_EQ(w.notices, 2);
	CHECK_EQ(w.terminated, 2);
	CHECK_EQ(w.replaced, 2);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* ECS's default: no spot draining, the tasks die at termination. */
TEST(test_spot_without_draining_tasks_die)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, SPOT_SCENARIO("false"), "600\n600\n", &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(719)), 0);
	CHECK_EQ(s.cl.hosts[4].state, CL_ACTIVE);
	CHECK_EQ(s.svcs[0].running, 6);
	CHECK_EQ(run_to(&s, S(720)), 0);
	CHECK_EQ(s.st.spot_tasks_killed, 2);
	CHECK_EQ(s.st.killed, 2);
	CHECK_EQ(run_to(&s, S(3600)), 0);
	sim_finish(&s);
	CHECK_EQ(s.svcs[0].running, 6);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Drawn interruptions hit Spot instances only, by their type's entry; the
 * Spot price is what they cost. */
TEST(test_spot_rate_per_type_and_price)
{
	static const char *text =
		"{\"duration\": \"10h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024,"
		"   \"pricePerHour\": 1, \"spotPricePerHour\": 0.25},"
		"   {\"name\": \"n\", \"cpu\": 1024, \"memory\": 1024, \"pricePerHour\": 1}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 10, \"purchaseOption\": \"spot\"},"
		"   {\"instanceType\": \"m\", \"count\": 5, \"purchaseOption\": \"on-demand\"},"
		"   {\"instanceType\": \"n\", \"count\": 5, \"purchaseOption\": \"spot\"}]},"
		" \"failures\": {\"spotInterruptions\": {\"instances\": ["
		"  {\"instanceType\": \"m\", \"rate\": \"1/h\"}],"
		"  \"notice\": \"1m\", \"replacementLaunchTime\": 240}}}";
	scenario sc;
	sim s;
	struct watch w = { 0 };
	double down_h;

	if (start(&s, &sc, text, NULL, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(36000)), 0);
	sim_finish(&s);
	/* 10 instances, one notice per 1 h + 5 min of cycle: about 92 */
	CHECK_INT(s.st.spot_notices, >, 60);
	CHECK_INT(s.st.spot_notices, <, 130);
	CHECK_INT(s.st.spot_notices - s.st.spot_interruptions, <=, 10);
	CHECK_INT(s.st.spot_interruptions - s.st.spot_replacements, <=, 10);
	CHECK_INT(s.st.spot_interruptions - s.st.spot_replacements, >=, 0);
	CHECK_EQ(w.notices, s.st.spot_notices);
	/* type n has no entry, on-demand instances are never interrupted */
	for (int32_t h = 10; h < 20; h++)
		CHECK_EQ(s.cl.hosts[h].state, CL_ACTIVE);
	/* cost: on-demand m at 1, Spot m at 0.25 while up, Spot n at 0.3 x 1 */
	down_h = 200 - s.st.hosts_up / 3600.0; /* instance-hours lost, all on Spot m */
	CHECK_NEAR(s.st.cost_usd, 5 * 10 * 1.0 + 5 * 10 * 0.3 + (100 - down_h) * 0.25, 1e-6);
	/* by type and purchase option */
	CHECK_NEAR(sim_instance_hours(&s, 0, 0), 50, 1e-6);
	CHECK_NEAR(sim_instance_hours(&s, 0, 1), 100 - down_h, 1e-6);
	CHECK_NEAR(sim_instance_hours(&s, 1, 1), 50, 1e-6);
	CHECK_EQ(sim_instance_hours(&s, 1, 0), 0);
	CHECK_EQ(sim_instance_count(&s, 0, 1), 10);
	CHECK_EQ(sim_instance_count(&s, 1, 0), 0);
	/* nothing runs: all of it is idle */
	CHECK_NEAR(s.st.idle_cost_usd, s.st.cost_usd, 1e-6);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* FARGATE_SPOT tasks are interrupted (rate per task), stop with the
 * warning and are relaunched on Spot; FARGATE tasks are never touched. */
TEST(test_spot_fargate_interrupted_and_relaunched)
{
	static const char *text =
		"{\"duration\": \"10h\","
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		"  \"capacityProviders\": [\"FARGATE\", \"FARGATE_SPOT\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": []},"
		" \"taskDefinitions\": [{\"family\": \"web\", \"networkMode\": \"awsvpc\","
		"  \"cpu\": \"1 vCPU\", \"memory\": \"2 GB\", \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 10, \"capacityProviderStrategy\": ["
		"   {\"capacityProvider\": \"FARGATE\", \"base\": 5},"
		"   {\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 1}]}],"
		" \"failures\": {\"spotInterruptions\": {\"fargate\": {\"rate\": \"1/h\"}}}}";
	scenario sc;
	sim s;
	struct watch w = { 0 };
	int64_t n[2] = { 0 };

	if (start(&s, &sc, text, NULL, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(36000)), 0);
	/* 5 Spot tasks for about 10 h each: about 50 interruptions */
	CHECK_INT(s.st.fargate_spot_interruptions, >, 30);
	CHECK_INT(s.st.fargate_spot_interruptions, <, 75);
	CHECK_EQ(s.svcs[0].spot_interrupted, s.st.fargate_spot_interruptions);
	CHECK_EQ(s.st.killed, 0);
	for (const sim_task *t = s.svcs[0].tasks; t; t = t->snext)
		if (t->state <= SIM_RUNNING)
			n[t->cp]++;
	CHECK_EQ(n[0], 5);
	CHECK_INT(n[1], >=, 4);
	sim_finish(&s);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Idle cost: the unreserved share (by the scarcer resource) of the cost of
 * the instances up; FARGATE vCPU-hours and GB-hours. */
TEST(test_spot_idle_cost_and_fargate_hours)
{
	static const char *text =
		"{\"duration\": \"10h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024,"
		"   \"pricePerHour\": 1}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"taskDefinitions\": [{\"family\": \"t\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 256}]},"
		"  {\"family\": \"f\", \"networkMode\": \"awsvpc\","
		"  \"cpu\": \"1 vCPU\", \"memory\": \"2 GB\", \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"t\", \"desiredCount\": 1},"
		"  {\"serviceName\": \"fg\", \"taskDefinition\": \"f\", \"desiredCount\": 2,"
		"   \"launchType\": \"FARGATE\"}]}";
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, text, NULL, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(36000)), 0);
	sim_finish(&s);
	/* one of two instances is fully reserved by CPU (from a few seconds
	 * in): about 10 of the 20 USD are idle */
	CHECK_NEAR(s.st.idle_cost_usd, 10, 0.05);
	CHECK(s.st.idle_cost_usd > 10);
	/* two FARGATE tasks of 1 vCPU and 2 GB, from their placement */
	CHECK_NEAR(s.st.fargate_vcpu_hours, 20, 0.05);
	CHECK_NEAR(s.st.fargate_gb_hours, 40, 0.1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
