/* test_daemon.c - DAEMON services: one task per ACTIVE instance that meets
 * the constraints, placed before replica services, following instances as
 * they fail and come back, stopped last on a draining instance, and
 * replaced instance by instance in a deployment.
 *
 * Tasks start in 10 s and are healthy 40 s after RUNNING; STOPPING 30 s.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct recs {
	int n;
	sim_task_rec r[64];
	int ndeps;
	sim_deployment_rec d[4];
};

static void on_task(void *ctx, const sim_task_rec *r)
{
	struct recs *w = ctx;
	if (w->n < 64)
		w->r[w->n++] = *r;
}

static void on_dep(void *ctx, const sim_deployment_rec *d)
{
	struct recs *w = ctx;
	if (w->ndeps < 4)
		w->d[w->ndeps++] = *d;
}

static int start(sim *s, scenario *sc, const char *text, struct recs *w)
{
	sim_observer obs = { .ctx = w, .task_done = on_task, .deployment_done = on_dep };

	return test_start(s, sc, NULL, text, &obs);
}

static int run_to(sim *s, int64_t t)
{
	return test_run_to(s, t);
}

#define BASE(extra_instances, extra)                                                    \
	"{\"duration\": \"400s\"," extra                                                    \
	" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 10}},"                            \
	" \"cluster\": {\"availabilityZones\": [\"a\"],"                                    \
	"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 8192}],"         \
	"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2, \"attributes\": {\"rack\": \"r1\"}}" \
	extra_instances "]},"                                                               \
	" \"taskDefinitions\": ["                                                           \
	"  {\"family\": \"agent\", \"revision\": 1, \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 64}]}," \
	"  {\"family\": \"agent\", \"revision\": 2, \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 64}]}," \
	"  {\"family\": \"web\", \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 64}]}],"

/* The daemon runs on the two r1 instances only and is placed first: the
 * replica service, listed before it, gets the rest (6 of 8 slots). */
TEST(test_daemon_one_per_instance_placed_first)
{
	static const char *text =
		BASE(", {\"instanceType\": \"m\", \"count\": 2}", "")
		" \"services\": ["
		"  {\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 8},"
		"  {\"serviceName\": \"agent\", \"taskDefinition\": \"agent:1\", \"schedulingStrategy\": \"DAEMON\","
		"   \"placementConstraints\": [{\"type\": \"memberOf\", \"expression\": \"attribute:rack == r1\"}]}]}";
	scenario sc;
	sim s;
	struct recs w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(100)), 0);
	CHECK_EQ(s.svcs[1].desired, 2);
	CHECK_EQ(s.svcs[1].healthy, 2);
	CHECK_EQ(cl_group_on_host(&s.cl, s.svcs[1].group, 0), 1);
	CHECK_EQ(cl_group_on_host(&s.cl, s.svcs[1].group, 1), 1);
	CHECK_EQ(cl_group_on_host(&s.cl, s.svcs[1].group, 2), 0);
	CHECK_EQ(s.svcs[0].running, 6);
	CHECK_INT(s.svcs[0].placement_failures, >, 0);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Instances that fail leave the daemon's desired count; repaired, they get
 * a daemon task again. */
TEST(test_daemon_follows_instances)
{
	static const char *text =
		BASE("", " \"failures\": {\"instances\": {\"timeToFailure\": 100, \"timeToRepair\": 50}},")
		" \"services\": ["
		"  {\"serviceName\": \"agent\", \"taskDefinition\": \"agent\", \"schedulingStrategy\": \"DAEMON\"}]}";
	scenario sc;
	sim s;
	struct recs w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(99)), 0);
	CHECK_EQ(s.svcs[0].desired, 2);
	CHECK_EQ(s.svcs[0].healthy, 2);
	CHECK_EQ(run_to(&s, S(120)), 0);
	CHECK_EQ(s.svcs[0].desired, 0);
	CHECK_EQ(s.st.killed, 2);
	CHECK_EQ(run_to(&s, S(151)), 0);
	CHECK_EQ(s.svcs[0].desired, 2);
	CHECK_EQ(s.svcs[0].pending, 2);
	CHECK_EQ(s.svcs[0].launches, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* On a draining instance the replica task is replaced first (100/200: the
 * old one stops at 150, STOPPED at 180); the daemon task goes only then
 * (STOPPED at 210).  The daemon's desired count drops at once. */
TEST(test_daemon_stopped_last_on_drain)
{
	static const char *text =
		BASE("", " \"maintenance\": [{\"at\": \"100s\", \"drain\": 1}],")
		" \"services\": ["
		"  {\"serviceName\": \"agent\", \"taskDefinition\": \"agent\", \"schedulingStrategy\": \"DAEMON\"},"
		"  {\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 1,"
		"   \"placementConstraints\": [{\"type\": \"memberOf\", \"expression\": \"ec2InstanceId == i-00000000000000000\"}]}]}";
	scenario sc;
	sim s;
	struct recs w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(101)), 0);
	CHECK_EQ(s.svcs[0].desired, 1);
	/* the replica's replacement has nowhere to go (its constraint names
	 * the draining instance), so nothing moves and the daemon stays */
	CHECK_EQ(run_to(&s, S(400)), 0);
	CHECK_EQ(w.n, 0);
	CHECK_EQ(s.svcs[0].running, 2);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* The same with room for the replica elsewhere (the seed makes the
 * placement tie-break put the replica on instance 0, the one drained). */
TEST(test_daemon_stopped_after_replicas_on_drain)
{
	static const char *text =
		BASE("", " \"seed\": 2, \"maintenance\": [{\"at\": \"100s\", \"drain\": 1}],")
		" \"services\": ["
		"  {\"serviceName\": \"agent\", \"taskDefinition\": \"agent\", \"schedulingStrategy\": \"DAEMON\"},"
		"  {\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 1,"
		"   \"placementStrategy\": [{\"type\": \"binpack\", \"field\": \"cpu\"}]}]}";
	scenario sc;
	sim s;
	struct recs w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(99)), 0);
	if (s.cl.hosts[0].ntasks != 2)
		TEST_FAILED("the replica is not on instance 0 (%d tasks there)",
			    s.cl.hosts[0].ntasks);
	CHECK_EQ(run_to(&s, S(400)), 0);
	CHECK_EQ(w.n, 2);
	CHECK_STR(w.r[0].group, "service:web");
	CHECK_EQ(w.r[0].end, S(180));
	CHECK_STR(w.r[1].group, "service:agent");
	CHECK_EQ(w.r[1].reason, SIM_END_DRAINED);
	CHECK_EQ(w.r[1].end, S(210));
	CHECK_EQ(s.cl.hosts[0].ntasks, 0);
	CHECK_EQ(s.svcs[0].desired, 1);
	CHECK_EQ(s.svcs[0].healthy, 1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A daemon deployment (minimumHealthyPercent 0 by default) stops the old
 * task on each instance at once and starts the new one beside it while the
 * old one winds down; it completes when the new ones are healthy. */
TEST(test_daemon_deployment)
{
	static const char *text =
		BASE("", " \"deployments\": [{\"service\": \"agent\", \"at\": \"100s\", \"taskDefinition\": \"agent:2\"}],")
		" \"services\": ["
		"  {\"serviceName\": \"agent\", \"taskDefinition\": \"agent:1\", \"schedulingStrategy\": \"DAEMON\"}]}";
	scenario sc;
	sim s;
	struct recs w = { 0 };

	if (start(&s, &sc, text, &w) < 0 || run_to(&s, S(400)) < 0)
		TEST_FAILED("cannot run");
	sim_finish(&s);
	CHECK_EQ(w.ndeps, 1);
	CHECK_STR(w.d[0].outcome, "COMPLETED");
	CHECK_EQ(w.d[0].end, S(150));
	CHECK_EQ(w.d[0].lowest_healthy, 0);
	CHECK_EQ(s.svcs[0].replaced, 2);
	CHECK_EQ(s.svcs[0].healthy, 2);
	for (const sim_task *t = s.svcs[0].tasks; t; t = t->snext)
		CHECK_EQ(t->td, 1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
