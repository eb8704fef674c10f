/* test_asg_groups.c - issue 18: Auto Scaling groups as AWS runs them.  A
 * mixed instances policy (the instances distribution's on-demand base and
 * percentage, as the EC2 Auto Scaling guide's examples give them; the
 * on-demand and Spot allocation strategies; weights), ECS managed
 * scaling's rule for the group's smallest and largest types, warm pools
 * (Stopped and Running, minSize, maxGroupPreparedCapacity,
 * reuseOnScaleIn) and Spot Capacity Rebalancing.  Every run is under
 * --check (test_start).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

/* m: on-demand 0.2, Spot 0.06; n: on-demand 0.1, Spot 0.09 (both take 4
 * tasks); small takes 1. */
#define TYPES                                                                          \
	"{\"name\": \"m\", \"cpu\": 4096, \"memory\": 16384, \"pricePerHour\": 0.2},"  \
	"{\"name\": \"n\", \"cpu\": 4096, \"memory\": 16384, \"pricePerHour\": 0.1,"   \
	" \"spotPricePerHour\": 0.09},"                                                  \
	"{\"name\": \"small\", \"cpu\": 1024, \"memory\": 4096, \"pricePerHour\": 0.05}"

/* A scenario of one managed group "asg": GROUP its entry's keys, COUNT
 * its instances at time 0, REST what follows the task definitions. */
static int start(sim *s, scenario *sc, const char *group, int count, const char *rest)
{
	char text[8000];

	snprintf(text, sizeof(text),
		 "{\"duration\": \"6h\", \"seed\": 3,"
		 " \"taskLifecycle\": {\"startLatency\": {\"EC2\": 10}},"
		 " \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		 "  \"capacityProviders\": [\"asg\"],"
		 "  \"autoScalingGroupProviders\": [{\"capacityProvider\": \"asg\","
		 "   \"managedScaling\": {\"targetCapacity\": 100}, %s}],"
		 "  \"instanceTypes\": [" TYPES "],"
		 "  \"instances\": [{\"instanceType\": \"m\", \"count\": %d, "
		 "\"capacityProvider\": \"asg\"}]},"
		 " \"taskDefinitions\": [{\"family\": \"job\","
		 "  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]},"
		 "  {\"family\": \"wide\","
		 "  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 2048, \"memory\": 1024}]}]%s}",
		 group, count, rest);
	return test_start(s, sc, NULL, text, NULL);
}

/* Instances of the group in service by type name and purchase option. */
static int in_service(const sim *s, const char *type, int spot)
{
	const sim_asg *a = &s->cas->asgs[0];
	int n = 0;

	for (int32_t k = 0; k < a->n; k++) {
		int32_t h = a->first + k;
		n += a->phase[k] == ASG_IN_SERVICE && s->host_spot[h] == spot &&
		     (!type || strcmp(s->sc->types[s->cl.hosts[h].type].name, type) == 0);
	}
	return n;
}

static int in_phase(const sim *s, int phase)
{
	const sim_asg *a = &s->cas->asgs[0];
	int n = 0;

	for (int32_t k = 0; k < a->n; k++)
		n += a->phase[k] == phase;
	return n;
}

/* A group of m and n (in that priority) with instances distribution
 * DISTRIBUTION and COUNT instances at time 0. */
static int start_mixed(sim *s, scenario *sc, const char *distribution, int count,
		       const char *rest)
{
	char group[600];

	snprintf(group, sizeof(group), "\"maxSize\": 40, \"mixedInstancesPolicy\": "
		 "{\"launchTemplate\": {\"overrides\": [{\"instanceType\": \"m\"}, "
		 "{\"instanceType\": \"n\"}]}, \"instancesDistribution\": {%s}}", distribution);
	return start(s, sc, group, count, rest);
}

/* The EC2 Auto Scaling guide's examples ("Control the proportion of
 * On-Demand Instances"): base 10 and 50 % of 20 instances is 15 on-demand
 * and 5 Spot; 60 % of 10 is 6 and 4; base 12 and 0 % of 10 is 10 and 0.
 * On-demand is prioritized (the first override, m); Spot lowest-price over
 * 2 pools. */
TEST(test_asg_instances_distribution)
{
	static const struct { const char *dist; int count, od, spot; } c[] = {
		{ "\"onDemandBaseCapacity\": 10, \"onDemandPercentageAboveBaseCapacity\": 50", 20, 15, 5 },
		{ "\"onDemandPercentageAboveBaseCapacity\": 60", 10, 6, 4 },
		{ "\"onDemandBaseCapacity\": 12, \"onDemandPercentageAboveBaseCapacity\": 0", 10, 10, 0 },
		{ "\"onDemandPercentageAboveBaseCapacity\": 0", 10, 0, 10 },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		scenario sc;
		sim s;
		if (start_mixed(&s, &sc, c[i].dist, c[i].count, "") < 0)
			TEST_FAILED("cannot start case %zu", i);
		CHECK_EQ(in_service(&s, NULL, 0), c[i].od);
		CHECK_EQ(in_service(&s, NULL, 1), c[i].spot);
		CHECK_EQ(in_service(&s, "m", 0), c[i].od); /* prioritized: the first override */
		/* lowest-price over 2 pools: both Spot pools, spread in each zone */
		CHECK_INT(in_service(&s, "n", 1) - in_service(&s, "m", 1), <=, 2);
		CHECK_INT(in_service(&s, "m", 1) - in_service(&s, "n", 1), <=, 2);
		CHECK_INT(in_service(&s, "n", 1), >=, c[i].spot > 1);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* The allocation strategies pick the type: on-demand lowest-price the
 * cheaper n (0.1 against 0.2); Spot lowest-price over 1 pool the cheaper
 * Spot m (0.06 against 0.09).  With m interrupted once an hour and n once
 * a day, capacity-optimized and price-capacity-optimized pick n (m's pool
 * has less than half of n's capacity), lowest-price still m; with no
 * interruptions at all price-capacity-optimized is the cheapest, m. */
TEST(test_asg_allocation_strategies)
{
	static const char *const rules =
		", \"failures\": {\"spotInterruptions\": {\"instances\": ["
		"{\"instanceType\": \"m\", \"rate\": \"1/h\"}, {\"instanceType\": \"n\", \"rate\": \"1/d\"}]}}";
	static const struct { const char *dist; int rules; const char *type; int spot; } c[] = {
		{ "\"onDemandAllocationStrategy\": \"lowest-price\"", 0, "n", 0 },
		{ "\"onDemandPercentageAboveBaseCapacity\": 0, \"spotInstancePools\": 1", 0, "m", 1 },
		{ "\"onDemandPercentageAboveBaseCapacity\": 0, \"spotAllocationStrategy\": "
		  "\"capacity-optimized\"", 1, "n", 1 },
		{ "\"onDemandPercentageAboveBaseCapacity\": 0, \"spotAllocationStrategy\": "
		  "\"price-capacity-optimized\"", 1, "n", 1 },
		{ "\"onDemandPercentageAboveBaseCapacity\": 0, \"spotInstancePools\": 1", 1, "m", 1 },
		{ "\"onDemandPercentageAboveBaseCapacity\": 0, \"spotAllocationStrategy\": "
		  "\"price-capacity-optimized\"", 0, "m", 1 },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		scenario sc;
		sim s;
		if (start_mixed(&s, &sc, c[i].dist, 6, c[i].rules ? rules : "") < 0)
			TEST_FAILED("cannot start case %zu", i);
		CHECK_EQ(in_service(&s, c[i].type, c[i].spot), 6);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* Weights count capacity units: overrides n (weight 4) before m (weight
 * 1), prioritized: a group of 8 units at time 0 is 2 instances of n.  An
 * instance of 4 units never takes the group past maxSize + a weight. */
TEST(test_asg_weights)
{
	scenario sc;
	sim s;

	if (start(&s, &sc, "\"maxSize\": 10, \"mixedInstancesPolicy\": {\"launchTemplate\": "
		  "{\"overrides\": [{\"instanceType\": \"n\", \"weightedCapacity\": \"4\"}, "
		  "{\"instanceType\": \"m\", \"weightedCapacity\": \"1\"}]}}", 8, "") < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(in_service(&s, "n", 0), 2);
	CHECK_EQ(in_service(&s, "m", 0), 0);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* ECS's scale-out with several types: tasks that do not fit the group's
 * smallest type are left out (the group does not grow for them; they wait
 * and time out), and the instances the others need are counted on the
 * largest.  Group of small and m, one m in service full with 4 tasks; 8
 * more tasks of 1024 wait: on m (4 each) they need 2, so at 60 s the
 * reservation is (1 + 2) / 1 = 300 % (on small it would be 900 %).  Wide
 * tasks (2048) fit no small: nothing is launched for them. */
TEST(test_asg_smallest_and_largest_types)
{
	static const char *const group =
		"\"maxSize\": 10, \"instanceLaunchTime\": 120, \"mixedInstancesPolicy\": {\"launchTemplate\": "
		"{\"overrides\": [{\"instanceType\": \"m\"}, {\"instanceType\": \"small\"}]}}";
	scenario sc;
	sim s;

	if (start(&s, &sc, group, 1,
		  ", \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"job\","
		  " \"desiredCount\": 12, \"placementStrategy\": [{\"type\": \"binpack\", \"field\": \"cpu\"}],"
		  " \"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}]}]") < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(61)), 0);
	CHECK_EQ(s.st.provisioning, 8);
	CHECK_NEAR(s.cas->asgs[0].reservation, 300, 1e-9);
	sim_destroy(&s);
	scenario_destroy(&sc);

	if (start(&s, &sc, group, 0,
		  ", \"services\": [{\"serviceName\": \"wide\", \"taskDefinition\": \"wide\","
		  " \"desiredCount\": 4,"
		  " \"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}]}]") < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(600)), 0);
	CHECK_EQ(s.st.provisioning, 4);
	CHECK_EQ(s.cas->asgs[0].launched, 0);
	CHECK_NEAR(s.cas->asgs[0].reservation, 100, 1e-9);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

#define BATCH                                                                          \
	", \"workloads\": [{\"name\": \"batch\", \"taskDefinition\": \"job\","        \
	" \"arrival\": {\"type\": \"times\", \"times\": [0, 0, 0, 0, 0, 0, 0, 0]},"     \
	" \"duration\": 3600,"                                                         \
	" \"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}]}]"

/* A warm pool (Stopped; its size maxSize - desired, 10): the first step
 * at 60 s takes 2 instances from the pool, ACTIVE 40 s later (the warm
 * start), so the 8 jobs wait 100 s, not the 180 s of a cold launch; the
 * stopped pool costs nothing.  A Running pool of 2 (minSize 2,
 * maxGroupPreparedCapacity 2) is billed while it waits and starts in
 * 10 s. */
TEST(test_asg_warm_pool)
{
	scenario sc;
	sim s;
	sim_wait_view w;

	if (start(&s, &sc, "\"maxSize\": 10, \"instanceLaunchTime\": 120, \"warmPool\": {}", 0,
		  BATCH) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(in_phase(&s, ASG_WARM), 10);
	CHECK_EQ(test_run_to(&s, S(59)), 0);
	CHECK_EQ(s.st.cost_usd, 0);
	CHECK_EQ(test_run_to(&s, S(120)), 0);
	sim_wait_now(&s, &w);
	CHECK_EQ(w.placed, 8);
	CHECK_NEAR(w.max_s, 100, 1e-5);
	CHECK_EQ(s.cas->asgs[0].warm_starts, 2);
	CHECK_EQ(in_phase(&s, ASG_WARM), 8);
	sim_destroy(&s);
	scenario_destroy(&sc);

	if (start(&s, &sc, "\"maxSize\": 10, \"instanceLaunchTime\": 120, \"warmPool\": "
		  "{\"poolState\": \"Running\", \"minSize\": 2, \"maxGroupPreparedCapacity\": 2}", 0,
		  "") < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(in_phase(&s, ASG_WARM), 2);
	CHECK_EQ(test_run_to(&s, S(3600)), 0);
	CHECK_NEAR(s.st.cost_usd, 2 * 0.2, 1e-9);
	CHECK_EQ(s.cl.hosts_up, 0);
	sim_destroy(&s);
	scenario_destroy(&sc);

	if (start(&s, &sc, "\"maxSize\": 10, \"instanceLaunchTime\": 120, \"warmPool\": "
		  "{\"poolState\": \"Running\", \"minSize\": 2, \"maxGroupPreparedCapacity\": 2}", 0,
		  BATCH) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(120)), 0);
	sim_wait_now(&s, &w);
	CHECK_NEAR(w.max_s, 70, 1e-5);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* reuseOnScaleIn: when the batch is done the group scales in and its two
 * instances go back to the pool, stopped (4 ready at once); without it they
 * are terminated and the pool launches two new ones into it (cold). */
TEST(test_asg_warm_pool_reuse_on_scale_in)
{
	for (int reuse = 0; reuse < 2; reuse++) {
		char group[300];
		scenario sc;
		sim s;
		snprintf(group, sizeof(group), "\"maxSize\": 4, \"instanceLaunchTime\": 120, "
			 "\"warmPool\": {\"instanceReusePolicy\": {\"reuseOnScaleIn\": %s}}",
			 reuse ? "true" : "false");
		if (start(&s, &sc, group, 0, BATCH) < 0)
			TEST_FAILED("cannot start");
		/* the jobs end at 3700 s; the 15th minute below target is 4560 s,
		 * and a cold launch into the pool takes 120 s */
		CHECK_EQ(test_run_to(&s, S(4570)), 0);
		CHECK_EQ(s.cl.hosts_up, 0);
		CHECK_EQ(s.cas->asgs[0].terminated, 2);
		CHECK_EQ(in_phase(&s, ASG_WARM), reuse ? 4 : 2);
		CHECK_EQ(in_phase(&s, ASG_WARMING), reuse ? 0 : 2);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* Spot Capacity Rebalancing: two Spot instances running a service's two
 * tasks get their notices at 1 h, their rebalance recommendations 10 min
 * before.  With capacityRebalance the group launches a replacement for
 * each at the recommendation; once up (2 min) each old instance is
 * drained (managed draining) and terminated empty before its notice: no
 * task dies, no instance is interrupted.  Without it, both are
 * terminated at the end of their notices with their tasks. */
TEST(test_asg_spot_capacity_rebalancing)
{
	for (int rebalance = 0; rebalance < 2; rebalance++) {
		char text[8000];
		scenario sc;
		sim s;
		snprintf(text, sizeof(text),
			 "{\"duration\": \"100m\", \"seed\": 3,"
			 " \"taskLifecycle\": {\"startLatency\": {\"EC2\": 10}},"
			 " \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
			 "  \"capacityProviders\": [\"asg\"],"
			 "  \"autoScalingGroupProviders\": [{\"capacityProvider\": \"asg\", \"maxSize\": 2,"
			 "   \"instanceLaunchTime\": 120, \"capacityRebalance\": %s,"
			 "   \"rebalanceRecommendationLead\": 600,"
			 "   \"managedScaling\": {\"targetCapacity\": 100}}],"
			 "  \"instanceTypes\": [" TYPES "],"
			 "  \"instances\": [{\"instanceType\": \"m\", \"count\": 2, \"purchaseOption\": \"spot\","
			 "   \"capacityProvider\": \"asg\"}]},"
			 " \"taskDefinitions\": [{\"family\": \"job\","
			 "  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}],"
			 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"job\","
			 "  \"desiredCount\": 2, \"placementConstraints\": [{\"type\": \"distinctInstance\"}],"
			 "  \"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}]}],"
			 " \"failures\": {\"spotInterruptions\": {\"instances\": ["
			 "  {\"instanceType\": \"m\", \"timeToInterruption\": 3600}]}}}",
			 rebalance ? "true" : "false");
		if (test_start(&s, &sc, NULL, text, NULL) < 0)
			TEST_FAILED("cannot start");
		CHECK_EQ(test_run_to(&s, S(3500)), 0);
		if (rebalance) {
			CHECK_EQ(s.cas->asgs[0].rebalances, 2);
			CHECK_EQ(s.cas->asgs[0].drained, 2);
			CHECK_EQ(s.st.spot_replacements, 2);
			CHECK_EQ(s.cl.hosts_up, 2);
		}
		CHECK_EQ(test_run_to(&s, S(3900)), 0);
		CHECK_EQ(s.st.spot_interruptions, rebalance ? 0 : 2);
		CHECK_EQ(s.st.spot_tasks_killed, rebalance ? 0 : 2);
		CHECK_EQ(s.st.killed, rebalance ? 0 : 2);
		CHECK_EQ(s.svcs[0].healthy, 2);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* docs/examples.md's batch walkthrough, in the direction it reports: a
 * warm pool shortens the jobs' waits; without termination protection the
 * scale-ins stop jobs (managed draining), with it none. */
static int batch(const char *const *sets, int n, sim_wait_view *w, int64_t *stopped)
{
	char path[1024];
	scenario sc;
	sim s;
	ecs_err e = { 0 };

	snprintf(path, sizeof(path), "%s/scenarios/batch-capacity.json", test_srcdir());
	if (scenario_load(&sc, path, (char **)sets, n, &e) < 0 ||
	    sim_init(&s, &sc, NULL, NULL, &e) < 0 || sim_run(&s, INT64_MAX, &e) < 0) {
		fprintf(stderr, "  %s\n", e.msg);
		return -1;
	}
	sim_finish(&s);
	sim_wait_now(&s, w);
	*stopped = s.st.stopped;
	sim_destroy(&s);
	scenario_destroy(&sc);
	return 0;
}

TEST(test_asg_batch_example)
{
	static const char *const warm[] = { "cluster.autoScalingGroupProviders[0].warmPool={}" };
	static const char *const protect[] = {
		"cluster.autoScalingGroupProviders[0].managedTerminationProtection=ENABLED" };
	sim_wait_view cold, warmed, prot;
	int64_t stop_cold, stop_warm, stop_prot;

	CHECK_EQ(batch(NULL, 0, &cold, &stop_cold), 0);
	CHECK_EQ(batch(warm, 1, &warmed, &stop_warm), 0);
	CHECK_EQ(batch(protect, 1, &prot, &stop_prot), 0);
	CHECK_EQ(cold.placed, 112);
	CHECK_EQ(warmed.placed, 112);
	CHECK(warmed.mean_s < cold.mean_s - 60);
	CHECK(warmed.max_s < cold.max_s);
	CHECK_INT(stop_cold, >, 0);
	CHECK_EQ(stop_prot, 0);
	CHECK_NEAR(prot.mean_s, cold.mean_s, 1e-9);
}
