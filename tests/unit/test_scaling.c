/* test_scaling.c - scheduled desired-count changes (scale-in by the
 * strategy's rule) and draining instances within the rolling bounds.
 *
 * Every time is a constant: tasks start in 10 s and are healthy 40 s after
 * RUNNING (no health checks), so a task launched at t is healthy at t + 50.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct watch {
	int64_t min_healthy_after;   /* the lowest healthy count from this time on */
	int64_t min_healthy;
	int nrec;
	sim_task_rec rec[64];
	int ndesired_events;
};

static void on_sample(void *ctx, const sim *s)
{
	struct watch *w = ctx;
	if (s->eng.now >= w->min_healthy_after && s->svcs[0].healthy < w->min_healthy)
		w->min_healthy = s->svcs[0].healthy;
}

static void on_task(void *ctx, const sim_task_rec *r)
{
	struct watch *w = ctx;
	if (w->nrec < 64)
		w->rec[w->nrec++] = *r;
}

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct watch *w = ctx;
	w->ndesired_events += strcmp(event, "desired-count") == 0;
}

static int start(sim *s, scenario *sc, const char *text, struct watch *w)
{
	sim_observer obs = { .ctx = w, .sample = on_sample, .task_done = on_task,
			     .event = on_event };

	w->min_healthy = INT64_MAX;
	return test_start(s, sc, NULL, text, &obs);
}

static int run_to(sim *s, int64_t t)
{
	return test_run_to(s, t);
}

/* RUNNING tasks of service 0 per zone. */
static void per_zone(const sim *s, int n[3])
{
	n[0] = n[1] = n[2] = 0;
	for (const sim_task *t = s->svcs[0].tasks; t; t = t->snext)
		if (t->state == SIM_RUNNING)
			n[s->cl.hosts[t->ct.host].zone]++;
}

/* desiredCountChanges: 6 tasks spread over 3 zones scale in to 3, one a
 * zone (the spread rule keeps the balance; stopping tasks no longer count),
 * then out to 5; each change is an event. */
TEST(test_scaling_desired_count_changes)
{
	static const char *text =
		"{\"duration\": \"300s\", \"metricsInterval\": \"1s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 10}},"
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\", \"c\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 6}]},"
		" \"taskDefinitions\": [{\"family\": \"web\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 512}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 6, \"desiredCountChanges\": [{\"at\": \"100s\", \"desiredCount\": 3},"
		"   {\"at\": \"200s\", \"desiredCount\": 5}]}]}";
	scenario sc;
	sim s;
	struct watch w = { 0 };
	int n[3];

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(99)), 0);
	per_zone(&s, n);
	CHECK(n[0] == 2 && n[1] == 2 && n[2] == 2);
	CHECK_EQ(run_to(&s, S(101)), 0);
	CHECK_EQ(s.svcs[0].desired, 3);
	CHECK_EQ(s.svcs[0].running, 3);
	CHECK_EQ(s.svcs[0].stopping, 3);
	CHECK_EQ(s.svcs[0].scaled_in, 3);
	per_zone(&s, n);
	CHECK(n[0] == 1 && n[1] == 1 && n[2] == 1);
	CHECK_EQ(run_to(&s, S(131)), 0); /* STOPPING 30 s */
	CHECK_EQ(s.svcs[0].stopping, 0);
	CHECK_EQ(run_to(&s, S(260)), 0);
	CHECK_EQ(s.svcs[0].healthy, 5);
	CHECK_EQ(w.ndesired_events, 2);
	for (int i = 0; i < w.nrec; i++) {
		CHECK_EQ(w.rec[i].reason, SIM_END_SCALED_IN);
		CHECK_STR(w.rec[i].group, "service:web");
	}
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Scale-in stops tasks that are not RUNNING yet before running ones, the
 * newest first. */
TEST(test_scaling_in_stops_pending_first)
{
	static const char *text =
		"{\"duration\": \"300s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 100}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"taskDefinitions\": [{\"family\": \"web\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 512}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 2, \"desiredCountChanges\": [{\"at\": \"150s\", \"desiredCount\": 4},"
		"   {\"at\": \"160s\", \"desiredCount\": 3}]}]}";
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(161)), 0);
	CHECK_EQ(s.svcs[0].running, 2);
	CHECK_EQ(s.svcs[0].pending, 1);
	CHECK_EQ(w.nrec, 1);
	CHECK_EQ(w.rec[0].id, 3);    /* the newer of tasks 2 and 3 */
	CHECK_EQ(w.rec[0].end, S(160)); /* never started: no STOPPING */
	CHECK_EQ(w.rec[0].reason, SIM_END_SCALED_IN);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Four tasks, one per instance; instance 0 drains at 100 s.  Returns the
 * lowest healthy count from 50 s on, and leaves the model at 300 s. */
static int drain_case(sim *s, scenario *sc, struct watch *w, int min_pct, int max_pct,
		      const char *extra)
{
	char text[4096];

	snprintf(text, sizeof(text),
		 "{\"duration\": \"300s\", \"metricsInterval\": \"1s\","
		 " \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 10}},"
		 " \"cluster\": {\"availabilityZones\": [\"a\"],"
		 "  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 8192}],"
		 "  \"instances\": [{\"instanceType\": \"m\", \"count\": 4}]},"
		 " \"taskDefinitions\": [{\"family\": \"web\","
		 "  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 512}]},"
		 "  {\"family\": \"job\", \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1, \"memory\": 4}]}],"
		 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		 "  \"desiredCount\": 4, \"placementStrategy\": [{\"type\": \"spread\", \"field\": \"instanceId\"}],"
		 "  \"deploymentConfiguration\": {\"minimumHealthyPercent\": %d, \"maximumPercent\": %d}}],"
		 " \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"job\","
		 "  \"arrival\": {\"type\": \"times\", \"times\": [90]}, \"duration\": 150,"
		 "  \"placementConstraints\": [{\"type\": \"memberOf\", \"expression\": \"ec2InstanceId == i-00000000000000000\"}]}],"
		 " \"maintenance\": [{\"at\": \"100s\", \"drain\": 1%s}]}",
		 min_pct, max_pct, extra);
	w->min_healthy_after = S(50);
	if (start(s, sc, text, w) < 0 || run_to(s, S(300)) < 0)
		return -1;
	return 0;
}

/* minimumHealthyPercent 100, maximumPercent 200: the replacement starts
 * first (at 100 s, healthy at 150 s), the drained task stops only then, so
 * the healthy count never drops below 4; the standalone task stays. */
TEST(test_scaling_drain_replaces_first_within_max)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (drain_case(&s, &sc, &w, 100, 200, "") < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(w.min_healthy, 4);
	CHECK_EQ(s.svcs[0].moved_off_draining, 1);
	CHECK_EQ(s.svcs[0].healthy, 4);
	CHECK_EQ(s.svcs[0].drained, 0);
	CHECK_EQ(w.nrec, 2);
	CHECK_EQ(w.rec[0].reason, SIM_END_DRAINED);
	CHECK_EQ(w.rec[0].end, S(150 + 30));
	CHECK_EQ(w.rec[1].reason, SIM_END_COMPLETED); /* the workload task, left alone */
	CHECK_EQ(w.rec[1].end, S(240));
	CHECK_EQ(s.cl.hosts[0].ntasks, 0);
	CHECK_EQ(s.cl.hosts[0].state, CL_DRAINING);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* minimumHealthyPercent 50, maximumPercent 100: no room above 4 tasks, so
 * the drained task stops at once (3 healthy >= 2) and is replaced. */
TEST(test_scaling_drain_stops_first_within_min)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (drain_case(&s, &sc, &w, 50, 100, "") < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(w.min_healthy, 3);
	CHECK_EQ(w.rec[0].reason, SIM_END_DRAINED);
	CHECK_EQ(w.rec[0].end, S(100 + 30));
	CHECK_EQ(s.svcs[0].healthy, 4);
	CHECK_EQ(s.svcs[0].launches, 5);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* minimumHealthyPercent 100 with maximumPercent 100 deadlocks: nothing may
 * start above 4 and nothing may stop below 4, so the drained task stays. */
TEST(test_scaling_drain_deadlock_min_100_max_100)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (drain_case(&s, &sc, &w, 100, 100, "") < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(w.min_healthy, 4);
	CHECK_EQ(s.svcs[0].drained, 1);
	CHECK_EQ(s.svcs[0].moved_off_draining, 0);
	CHECK_EQ(s.svcs[0].launches, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A drain with a duration ends: the instance is ACTIVE again and the task
 * still there (deadlocked above) is no longer waiting to move. */
TEST(test_scaling_drain_ends)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (drain_case(&s, &sc, &w, 100, 100, ", \"duration\": \"60s\"") < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(s.svcs[0].drained, 0);
	CHECK_EQ(s.cl.hosts[0].state, CL_ACTIVE);
	CHECK_EQ(s.svcs[0].healthy, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Tasks not yet RUNNING on a draining instance stop at once and start
 * again elsewhere. */
TEST(test_scaling_drain_moves_pending_at_once)
{
	static const char *text =
		"{\"duration\": \"100s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 30}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"taskDefinitions\": [{\"family\": \"web\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 512}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 4}],"
		" \"maintenance\": [{\"at\": \"5s\", \"drain\": 1, \"zone\": \"a\"}]}";
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(6)), 0);
	CHECK_EQ(w.nrec, 2);
	CHECK_EQ(w.rec[0].reason, SIM_END_DRAINED);
	CHECK_EQ(w.rec[0].end, S(5));
	CHECK_EQ(s.cl.hosts[0].ntasks, 0);
	CHECK_EQ(s.cl.hosts[1].ntasks, 4);
	CHECK_EQ(s.svcs[0].pending, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
