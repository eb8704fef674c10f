/* test_cluster_scaling.c - cluster auto scaling of an Auto Scaling group
 * capacity provider: the first step of 2 from none, scale-out while tasks
 * wait for capacity, scale-in of empty instances only after 15 minutes,
 * maxSize and the provisioning timeout.
 *
 * Instances take 4 tasks (4096 CPU units, tasks of 1024) and launch in
 * 120 s; the reservation is taken every minute from t = 60 s.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct log {
	int outs, ins, launched, timeouts;
	int64_t first_out, first_in;
};

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct log *l = ctx;

	if (strcmp(event, "cluster-scale-out") == 0 && l->outs++ == 0)
		l->first_out = time;
	if (strcmp(event, "cluster-scale-in") == 0 && l->ins++ == 0)
		l->first_in = time;
	l->launched += strcmp(event, "instance-launched") == 0;
	l->timeouts += strstr(detail, "PROVISIONING") != NULL;
}

static int start(sim *s, scenario *sc, int64_t max_size, struct log *l)
{
	char text[4000];
	sim_observer obs = { .ctx = l, .event = on_event };

	*l = (struct log){ 0 };
	snprintf(text, sizeof(text),
		 "{\"duration\": \"4h\","
		 " \"taskLifecycle\": {\"startLatency\": {\"EC2\": 10}},"
		 " \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		 "  \"capacityProviders\": [\"asg\"],"
		 "  \"autoScalingGroupProviders\": [{\"capacityProvider\": \"asg\", \"maxSize\": %lld,"
		 "   \"instanceLaunchTime\": 120, \"provisioningTimeout\": \"10m\","
		 "   \"managedTerminationProtection\": \"ENABLED\","
		 "   \"managedScaling\": {\"targetCapacity\": 100}}],"
		 "  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 16384}],"
		 "  \"instances\": [{\"instanceType\": \"m\", \"count\": 0,"
		 "   \"capacityProvider\": \"asg\"}]},"
		 " \"taskDefinitions\": [{\"family\": \"web\","
		 "  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}],"
		 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		 "  \"desiredCount\": 6, \"placementStrategy\": [{\"type\": \"binpack\", \"field\": \"cpu\"}],"
		 "  \"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}],"
		 "  \"desiredCountChanges\": [{\"at\": \"1h\", \"desiredCount\": 20},"
		 "   {\"at\": \"2h\", \"desiredCount\": 3}]}]}", (long long)max_size);
	return test_start(s, sc, NULL, text, &obs);
}

static int run_to(sim *s, int64_t t)
{
	return test_run_to(s, t);
}

/* From no instance: 6 tasks wait, the first step launches 2 instances at
 * 60 s, ACTIVE at 180 s, and the tasks run.  At 1 h 14 more tasks wait:
 * M = 2 + ceil(14 / 4) = 6, so 4 more instances.  At 2 h the service scales
 * in to 3; after 15 minutes below target the empty instances go, and the
 * busy ones stay. */
TEST(test_cluster_scaling_out_and_in)
{
	scenario sc;
	sim s;
	struct log l;

	if (start(&s, &sc, 10, &l) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(s.cl.hosts_up, 0);
	CHECK_EQ(run_to(&s, S(400)), 0);
	CHECK_EQ(l.first_out, S(60));
	CHECK_EQ(l.launched, 2);
	CHECK_EQ(s.cl.hosts_up, 2);
	CHECK_EQ(s.svcs[0].healthy, 6);
	CHECK_EQ(run_to(&s, S(3600 + 600)), 0);
	CHECK_EQ(l.outs, 2);
	CHECK_EQ(s.cl.hosts_up, 5);
	CHECK_EQ(s.svcs[0].healthy, 20);
	CHECK_EQ(l.ins, 0);
	CHECK_EQ(run_to(&s, S(4 * 3600)), 0);
	CHECK_EQ(s.svcs[0].healthy, 3);
	CHECK_INT(l.ins, >=, 1);
	CHECK_INT(l.first_in, >=, S(7200 + 14 * 60));
	/* every empty instance went, every busy one stayed (the 17 tasks
	 * scaled in at once hold their resources while stopping, so binpack's
	 * scale-in rule may leave the 3 on one or two instances) */
	CHECK_INT(s.cl.hosts_busy, >=, 1);
	CHECK_EQ(s.cl.hosts_up, s.cl.hosts_busy);
	CHECK_EQ(s.cas->asgs[0].terminated, 5 - s.cl.hosts_busy);
	CHECK_EQ(l.timeouts, 0);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* maxSize 3 holds 12 tasks: from 1 h the other 8 wait in PROVISIONING
 * (task objects on no host) for capacity that never comes; every 10
 * minutes all 8 give up together and their replacements wait again:
 * 5 rounds by 7199 s. */
TEST(test_cluster_scaling_max_size_and_provisioning_timeout)
{
	scenario sc;
	sim s;
	struct log l;

	if (start(&s, &sc, 3, &l) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(7199)), 0);
	CHECK_EQ(s.cl.hosts_up, 3);
	CHECK_EQ(s.svcs[0].healthy, 12);
	CHECK_EQ(s.svcs[0].pending, 8);
	CHECK_EQ(s.st.provisioning, 8);
	CHECK_EQ(l.timeouts, 40);
	CHECK_EQ(s.st.provisioning_stopped, 40);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Instances that the cluster autoscaler launches and terminates are billed
 * by instance type exactly as the cluster's total instance-hours say. */
TEST(test_cluster_scaling_cost_by_type_adds_up)
{
	char path[1024];
	char *sets[] = { "duration=30h" };
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	double by_type = 0;

	snprintf(path, sizeof(path), "%s/scenarios/diurnal-web.json", test_srcdir());
	if (scenario_load(&sc, path, sets, 1, &e) < 0 || sim_init(&s, &sc, NULL, NULL, &e) < 0 ||
	    sim_run(&s, INT64_MAX, &e) < 0)
		TEST_FAILED("%s", e.msg);
	sim_finish(&s);
	CHECK(s.cas->nasgs > 0);
	CHECK(s.cas->asgs[0].launched > 0);
	CHECK(s.cas->asgs[0].terminated > 0);
	for (int32_t t = 0; t < sc.ntypes; t++)
		by_type += sim_instance_hours(&s, t, 0) + sim_instance_hours(&s, t, 1);
	CHECK_NEAR(by_type, s.st.hosts_up / 3600.0, 1e-6);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
