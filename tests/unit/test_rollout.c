/* test_rollout.c - the deployment strategies (deploymentConfiguration.strategy
 * BLUE_GREEN, LINEAR, CANARY) and deployment alarms, on hand-worked
 * timelines: a warm start (every task RUNNING at 0), a deployment of t:2
 * at 60 s whose tasks start in 10 s and are healthy 40 s after RUNNING, so
 * the new revision is all healthy at 110 s.  Also: a blue/green deployment
 * the cluster cannot hold waits and says why; a canary whose tasks crash
 * under traffic trips an alarm on unserved demand and rolls back; the
 * traffic split of demand; the keys' errors.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/traffic.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct watch {
	int n;
	int64_t at[32];
	char what[32][200];
	int ndeps;
	sim_deployment_rec deps[8];
	char detail[8][240], stage[8][40], strategy[8][16], outcome[8][16];
};

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct watch *w = ctx;

	(void)service;
	if (strncmp(event, "deployment-", 11) || w->n == 32)
		return;
	w->at[w->n] = time;
	snprintf(w->what[w->n++], sizeof(w->what[0]), "%s: %s", event, detail);
}

static void on_deployment(void *ctx, const sim_deployment_rec *d)
{
	struct watch *w = ctx;
	int k = w->ndeps;

	if (k == 8)
		return;
	w->deps[k] = *d;
	snprintf(w->detail[k], sizeof(w->detail[0]), "%s", d->detail);
	snprintf(w->stage[k], sizeof(w->stage[0]), "%s", d->stage);
	snprintf(w->strategy[k], sizeof(w->strategy[0]), "%s", d->strategy);
	snprintf(w->outcome[k], sizeof(w->outcome[0]), "%s", d->outcome);
	w->ndeps++;
}

static int start(sim *s, scenario *sc, const char *text, struct watch *w)
{
	sim_observer obs = { .ctx = w, .event = on_event, .deployment_done = on_deployment };

	memset(w, 0, sizeof(*w));
	return test_start(s, sc, NULL, text, &obs);
}

/* HOSTS instances with room for 4 tasks each; 4 tasks of t:1; CONFIG: the
 * service's deploymentConfiguration and more; t:2's FAILURE. */
#define ROLLOUT(HOSTS, CONFIG, FAILURE)                                                \
	"{\"duration\": \"1h\", \"taskLifecycle\": {\"warmStart\": true,"              \
	"  \"startLatency\": {\"EC2\": 10}},"                                          \
	" \"cluster\": {\"availabilityZones\": [\"a\"],"                               \
	"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"   \
	"  \"instances\": [{\"instanceType\": \"m\", \"count\": " HOSTS "}]},"         \
	" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 1024, \"memory\": 1024,"  \
	"  \"containerDefinitions\": [{\"name\": \"c\"}]},"                            \
	"  {\"family\": \"t\", \"revision\": 2, \"cpu\": 1024, \"memory\": 1024" FAILURE "," \
	"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"                           \
	" \"services\": [{\"serviceName\": \"w\", \"taskDefinition\": \"t:1\","        \
	"   \"desiredCount\": 4, \"deploymentConfiguration\": {" CONFIG "}}],"         \
	" \"deployments\": [{\"service\": \"w\", \"taskDefinition\": \"t:2\", \"at\": \"60s\"}]}"

/* BLUE_GREEN, bake 2 min: the 4 green tasks start at once beside blue (8
 * running: 200 %), all traffic moves at 110 s, both run until 230 s, then
 * blue stops and the deployment completes. */
TEST(test_rollout_blue_green)
{
	scenario sc;
	sim s;
	struct watch w;

	if (start(&s, &sc, ROLLOUT("2", "\"strategy\": \"BLUE_GREEN\", \"bakeTimeInMinutes\": 2", ""),
		  &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(109)), 0);
	CHECK_EQ(s.svcs[0].running, 8);
	CHECK_EQ(s.svcs[0].old_active, 4);
	CHECK_INT(s.svcs[0].green_w, ==, 0);
	CHECK_EQ(test_run_to(&s, S(229)), 0);
	CHECK_INT(s.svcs[0].green_w, ==, 1);
	CHECK_EQ(s.svcs[0].old_active, 4);
	CHECK_EQ(s.deploy->deps[0].stage, DEP_BAKE_TIME);
	CHECK_EQ(test_run_to(&s, S(3600)), 0);
	sim_finish(&s);
	CHECK_EQ(w.ndeps, 1);
	CHECK_STR(w.outcome[0], "COMPLETED");
	CHECK_STR(w.strategy[0], "BLUE_GREEN");
	CHECK_STR(w.stage[0], "CLEAN_UP");
	CHECK_EQ(w.deps[0].scaled_up, S(110));
	CHECK_EQ(w.deps[0].end, S(230));
	CHECK_EQ(w.deps[0].lowest_healthy, 4);
	CHECK_EQ(s.svcs[0].replaced, 4);
	CHECK_INT(s.svcs[0].green_w, <, 0);
	CHECK_STR(w.what[1], "deployment-traffic-shifted: service w deployment of t:2 "
		  "(BLUE_GREEN): 100 % of production traffic on the new revision");
	CHECK_EQ(w.at[1], S(110));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Two instances hold 8 tasks, one holds 4: blue/green cannot start green
 * beside blue and waits (ECS has no time limit for it), with the reason in
 * deployments.csv's detail; a rolling deployment (maximumPercent 200,
 * minimumHealthyPercent 50) fits in the same cluster. */
TEST(test_rollout_blue_green_does_not_fit)
{
	scenario sc;
	sim s;
	struct watch w;

	if (start(&s, &sc, ROLLOUT("1", "\"strategy\": \"BLUE_GREEN\", \"bakeTimeInMinutes\": 2", ""),
		  &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(3600)), 0);
	sim_finish(&s);
	CHECK_EQ(w.ndeps, 1);
	CHECK_STR(w.outcome[0], "IN_PROGRESS");
	CHECK_STR(w.stage[0], "SCALE_UP");
	CHECK_EQ(w.deps[0].scaled_up, -1);
	CHECK_STR(w.detail[0], "at the end: 0 of 4 new tasks healthy, 4 old tasks running; new "
		  "tasks wait for capacity (RESOURCE:CPU)");
	CHECK_EQ(s.svcs[0].healthy, 4); /* blue still serves */
	sim_destroy(&s);
	scenario_destroy(&sc);

	if (start(&s, &sc, ROLLOUT("1", "\"minimumHealthyPercent\": 50", ""), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(3600)), 0);
	CHECK_EQ(w.ndeps, 1);
	CHECK_STR(w.outcome[0], "COMPLETED");
	CHECK_STR(w.strategy[0], "ROLLING");
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* CANARY 25 % for 5 min, then all, bake 5 min: shifts at 110 s and 410 s,
 * clean-up at 710 s. */
TEST(test_rollout_canary)
{
	scenario sc;
	sim s;
	struct watch w;

	if (start(&s, &sc, ROLLOUT("2", "\"strategy\": \"CANARY\", \"bakeTimeInMinutes\": 5,"
				   " \"canaryConfiguration\": {\"canaryPercent\": 25,"
				   " \"canaryBakeTimeInMinutes\": 5}", ""), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(200)), 0);
	CHECK_INT(fabs(s.svcs[0].green_w - 0.25) < 1e-12, ==, 1);
	CHECK_EQ(test_run_to(&s, S(3600)), 0);
	CHECK_EQ(w.ndeps, 1);
	CHECK_EQ(w.deps[0].end, S(710));
	CHECK_INT(w.n, >=, 5);
	CHECK_EQ(w.at[1], S(110));
	CHECK_STR(w.what[1], "deployment-traffic-shifted: service w deployment of t:2 (CANARY): "
		  "25 % of production traffic on the new revision");
	CHECK_EQ(w.at[2], S(410));
	CHECK_STR(w.what[2], "deployment-traffic-shifted: service w deployment of t:2 (CANARY): "
		  "100 % of production traffic on the new revision");
	CHECK_EQ(w.at[3], S(410));
	CHECK_EQ(w.at[4], S(710));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* LINEAR 30 % every 2 min, no bake: 30, 60, 90 and 100 % at 110, 230, 350
 * and 470 s (no step bake after 100 %), clean-up at once. */
TEST(test_rollout_linear)
{
	static const int64_t at[] = { 110, 230, 350, 470 };
	static const char *const pct[] = { "30 %", "60 %", "90 %", "100 %" };
	scenario sc;
	sim s;
	struct watch w;

	if (start(&s, &sc, ROLLOUT("2", "\"strategy\": \"LINEAR\","
				   " \"linearConfiguration\": {\"stepPercent\": 30,"
				   " \"stepBakeTimeInMinutes\": 2}", ""), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(3600)), 0);
	CHECK_EQ(w.ndeps, 1);
	CHECK_STR(w.outcome[0], "COMPLETED");
	for (int i = 0; i < 4; i++) {
		char want[200];
		snprintf(want, sizeof(want), "deployment-traffic-shifted: service w deployment of "
			 "t:2 (LINEAR): %s of production traffic on the new revision", pct[i]);
		CHECK_EQ(w.at[1 + i], S(at[i]));
		CHECK_STR(w.what[1 + i], want);
	}
	CHECK_EQ(w.deps[0].end, S(470));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A bad canary: the new tasks crash 100 s after RUNNING (at 170 s, after
 * the 50 % shift at 110 s), so while they restart the canary's half of the
 * demand goes unserved; the alarm on UnservedRequests fails the deployment
 * at its first datapoint above 0 and rolls back to t:1. */
TEST(test_rollout_canary_alarm_rolls_back)
{
	scenario sc;
	sim s;
	struct watch w;
	int green = 0;

	if (start(&s, &sc, ROLLOUT("2", "\"strategy\": \"CANARY\", \"bakeTimeInMinutes\": 5,"
				   " \"canaryConfiguration\": {\"canaryPercent\": 50,"
				   " \"canaryBakeTimeInMinutes\": 20},"
				   " \"alarms\": {\"alarmNames\": [\"unserved\"], \"enable\": true,"
				   " \"rollback\": true}}, \"cloudWatchAlarms\": [{\"alarmName\": "
				   "\"unserved\", \"metric\": \"UnservedRequests\", \"comparison\": "
				   "\"GreaterThanThreshold\", \"threshold\": 0}], \"demand\": {\"type\": "
				   "\"constant\", \"value\": 200, \"capacityPerTask\": 100",
				   ", \"failure\": {\"crashAfter\": 100}"), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(3600)), 0);
	CHECK_EQ(w.ndeps, 2);
	CHECK_STR(w.outcome[0], "FAILED");
	CHECK_STR(w.stage[0], "PRODUCTION_TRAFFIC_SHIFT");
	CHECK_INT(strstr(w.detail[0], "alarm unserved: UnservedRequests at ") != NULL, ==, 1);
	CHECK_INT(w.deps[0].end, >, S(170));
	CHECK_INT(w.deps[0].end, <=, S(240));
	CHECK_EQ(w.deps[1].rollback, 1);
	CHECK_STR(w.outcome[1], "COMPLETED");
	for (const sim_task *t = s.svcs[0].tasks; t; t = t->snext)
		green += t->state <= SIM_RUNNING && t->td != s.svcs[0].sc->taskdef;
	CHECK_EQ(green, 0);
	CHECK_EQ(s.svcs[0].healthy, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* The split by hand: 300 requests/s, 100 per task, 30 % on the new
 * revision with 1 healthy task, 70 % on 3 old ones: the new one serves 90,
 * the old ones 210 of their 300; CPU is (90 + 210) / 400. */
TEST(test_rollout_demand_split)
{
	sc_demand d = { .given = 1, .capacity = 100, .idle_memory = 0.5 };
	demand_util u = demand_apply_split(&d, 300, 0.3, 3, 1);

	CHECK_INT(fabs(u.unserved - 0) < 1e-9, ==, 1);
	CHECK_INT(fabs(u.cpu - 75) < 1e-9, ==, 1);
	CHECK_INT(fabs(u.mem - 87.5) < 1e-9, ==, 1);
	u = demand_apply_split(&d, 300, 0.5, 3, 1); /* the new one gets 150 of its 100 */
	CHECK_INT(fabs(u.unserved - 50) < 1e-9, ==, 1);
	CHECK_INT(fabs(u.cpu - 62.5) < 1e-9, ==, 1);
	u = demand_apply_split(&d, 300, 0.5, 3, 0); /* no new task healthy: its half is lost */
	CHECK_INT(fabs(u.unserved - 150) < 1e-9, ==, 1);
	u = demand_apply_split(&d, 300, -1, 3, 1); /* no split */
	CHECK_INT(fabs(u.unserved - 0) < 1e-9, ==, 1);
	CHECK_INT(fabs(u.cpu - 75) < 1e-9, ==, 1);
}

/* The keys' errors, with their paths. */
TEST(test_rollout_keys)
{
	static const char *const bad[][2] = {
		{ "\"strategy\": \"RED_BLACK\"",
		  "deploymentConfiguration.strategy: must be ROLLING, BLUE_GREEN, LINEAR or CANARY" },
		{ "\"strategy\": \"BLUE_GREEN\"",
		  "deploymentConfiguration.bakeTimeInMinutes: required with strategy BLUE_GREEN" },
		{ "\"strategy\": \"CANARY\", \"linearConfiguration\": {}",
		  "deploymentConfiguration.linearConfiguration: only with strategy LINEAR" },
		{ "\"strategy\": \"LINEAR\", \"linearConfiguration\": {\"stepPercent\": 2.5}",
		  "linearConfiguration.stepPercent: must be a multiple of 0.1 from 3.0 to 100.0" },
		{ "\"strategy\": \"CANARY\", \"canaryConfiguration\": {\"canaryPercent\": 5.05}",
		  "canaryConfiguration.canaryPercent: must be a multiple of 0.1 from 0.1 to 100.0" },
		{ "\"strategy\": \"BLUE_GREEN\", \"bakeTimeInMinutes\": 1441",
		  "deploymentConfiguration.bakeTimeInMinutes: must be <= 1440" },
		{ "\"strategy\": \"BLUE_GREEN\", \"bakeTimeInMinutes\": 1,"
		  " \"deploymentCircuitBreaker\": {\"enable\": true}",
		  "deploymentConfiguration.deploymentCircuitBreaker: only with strategy ROLLING" },
		{ "\"alarms\": {\"alarmNames\": [\"x\"], \"enable\": true, \"rollback\": true}",
		  "deploymentConfiguration.alarms.alarmNames[0]: no alarm \"x\" in the service's "
		  "cloudWatchAlarms" },
		{ "\"alarms\": {\"alarmNames\": [], \"enable\": true}",
		  "deploymentConfiguration.alarms.rollback: required" },
	};
	char text[4096];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		scenario sc;
		ecs_err e = { 0 };
		snprintf(text, sizeof(text), ROLLOUT("2", "%s", ""), bad[i][0]);
		CHECK_EQ(scenario_load_buffer(&sc, "t.json", text, strlen(text), NULL, 0, &e), -1);
		if (!strstr(e.msg, bad[i][1]))
			TEST_FAILED("case %zu: got \"%s\", want \"%s\"", i, e.msg, bad[i][1]);
	}
}
