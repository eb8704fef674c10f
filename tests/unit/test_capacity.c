/* test_capacity.c - capacityProviderStrategy: base and weight splits over
 * FARGATE / FARGATE_SPOT and Auto Scaling group providers, the cluster's
 * default strategy, and Spot prices.
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

/* Runs a FARGATE service with strategy (JSON) and desired tasks to 100 s;
 * counts its tasks per strategy item into n[]. */
static int fargate_split(const char *strategy, int desired, int64_t n[6], double *cost)
{
	char text[4096];
	scenario sc;
	sim s;
	ecs_err e = { 0 };

	snprintf(text, sizeof(text),
		 "{\"duration\": \"100s\","
		 " \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		 "  \"capacityProviders\": [\"FARGATE\", \"FARGATE_SPOT\"],"
		 "  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024}],"
		 "  \"instances\": [{\"instanceType\": \"m\", \"count\": 1}]},"
		 " \"taskDefinitions\": [{\"family\": \"web\", \"networkMode\": \"awsvpc\","
		 "  \"cpu\": \"1 vCPU\", \"memory\": \"2 GB\", \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		 "  \"desiredCount\": %d, \"capacityProviderStrategy\": %s}]}", desired, strategy);
	if (start(&s, &sc, text) < 0 || sim_run(&s, S(100), &e) < 0)
		return -1;
	sim_finish(&s);
	for (int i = 0; i < 6; i++)
		n[i] = 0;
	for (const sim_task *t = s.svcs[0].tasks; t; t = t->snext)
		n[t->cp]++;
	if (cost)
		*cost = s.st.fargate_cost_usd;
	sim_destroy(&s);
	scenario_destroy(&sc);
	return 0;
}

/* The ECS example: FARGATE base 2 weight 1 and FARGATE_SPOT weight 3 over
 * 10 tasks give 4 and 6; more splits of the same rule. */
TEST(test_capacity_base_weight_split)
{
	static const struct {
		const char *strategy;
		int desired;
		int64_t want[2];
	} c[] = {
		{ "[{\"capacityProvider\": \"FARGATE\", \"base\": 2, \"weight\": 1},"
		  " {\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 3}]", 10, { 4, 6 } },
		{ "[{\"capacityProvider\": \"FARGATE\", \"base\": 2, \"weight\": 1},"
		  " {\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 3}]", 1, { 1, 0 } },
		{ "[{\"capacityProvider\": \"FARGATE\", \"weight\": 1},"
		  " {\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 1}]", 9, { 5, 4 } },
		{ "[{\"capacityProvider\": \"FARGATE\", \"base\": 5},"
		  " {\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 1}]", 7, { 5, 2 } },
		{ "[{\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 4},"
		  " {\"capacityProvider\": \"FARGATE\", \"weight\": 1}]", 10, { 8, 2 } },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++) {
		int64_t n[6];
		if (fargate_split(c[i].strategy, c[i].desired, n, NULL) < 0)
			TEST_FAILED("case %zu: cannot run", i);
		if (n[0] != c[i].want[0] || n[1] != c[i].want[1])
			TEST_FAILED("case %zu: %lld and %lld, want %lld and %lld", i, (long long)n[0],
				    (long long)n[1], (long long)c[i].want[0], (long long)c[i].want[1]);
	}
}

/* FARGATE_SPOT tasks are billed at the Spot prices (70 % off by default). */
TEST(test_capacity_fargate_spot_price)
{
	int64_t n[6];
	double on_demand, spot;

	CHECK_EQ(fargate_split("[{\"capacityProvider\": \"FARGATE\", \"weight\": 1}]", 1, n,
			       &on_demand), 0);
	CHECK_EQ(fargate_split("[{\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 1}]", 1, n,
			       &spot), 0);
	CHECK_NEAR(on_demand, 100.0 / 3600 * (0.04048 + 2 * 0.004445), 1e-12);
	CHECK_NEAR(spot, 0.3 * on_demand, 1e-12);
}

/* Auto Scaling group providers: each task goes to the instances of its
 * provider; the cluster's default strategy applies to a service with
 * neither launchType nor a strategy of its own. */
TEST(test_capacity_auto_scaling_groups)
{
	static const char *text =
		"{\"duration\": \"100s\","
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		"  \"capacityProviders\": [\"small\", \"big\"],"
		"  \"defaultCapacityProviderStrategy\": [{\"capacityProvider\": \"small\", \"base\": 1, \"weight\": 1},"
		"   {\"capacityProvider\": \"big\", \"weight\": 2}],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2, \"capacityProvider\": \"small\"},"
		"   {\"instanceType\": \"m\", \"count\": 3, \"capacityProvider\": \"big\"},"
		"   {\"instanceType\": \"m\", \"count\": 1}]},"
		" \"taskDefinitions\": [{\"family\": \"web\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 256, \"memory\": 256}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 10}]}";
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	int64_t n[2] = { 0 }, wrong = 0;

	if (start(&s, &sc, text) < 0 || sim_run(&s, S(100), &e) < 0)
		TEST_FAILED("cannot run");
	for (const sim_task *t = s.svcs[0].tasks; t; t = t->snext) {
		n[t->cp]++;
		/* small: instances 0-1, big: 2-4, none on 5 */
		wrong += t->cp == 0 ? t->ct.host > 1 : t->ct.host < 2 || t->ct.host > 4;
	}
	CHECK_EQ(n[0], 4); /* base 1, then 3 of the 9 beyond it */
	CHECK_EQ(n[1], 6);
	CHECK_EQ(wrong, 0);
	CHECK_EQ(s.cl.hosts[5].ntasks, 0);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A full provider: its tasks may not use the other instances, which have
 * room, so they wait with the memberOf reason ECS gives. */
TEST(test_capacity_full_provider_waits_on_member_of)
{
	static const char *text =
		"{\"duration\": \"100s\","
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		"  \"capacityProviders\": [\"small\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 512, \"memory\": 8192},"
		"   {\"name\": \"l\", \"cpu\": 8192, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 1, \"capacityProvider\": \"small\"},"
		"   {\"instanceType\": \"l\", \"count\": 2}]},"
		" \"taskDefinitions\": [{\"family\": \"web\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 256, \"memory\": 256}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 5,"
		"  \"capacityProviderStrategy\": [{\"capacityProvider\": \"small\", \"weight\": 1}]}]}";
	scenario sc;
	sim s;
	ecs_err e = { 0 };

	if (start(&s, &sc, text) < 0 || sim_run(&s, S(100), &e) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(s.svcs[0].running + s.svcs[0].pending, 2);
	CHECK_EQ(s.cl.hosts[0].ntasks, 2);
	CHECK_EQ(s.cl.hosts[1].ntasks + s.cl.hosts[2].ntasks, 0);
	CHECK_EQ(s.svcs[0].last_reason, CL_CHECK_MEMBER_OF);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
