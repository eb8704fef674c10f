/* test_lifecycle.c - service tasks through the ECS lifecycle: state times,
 * health (40-second rule, container checks, load-balancer target health,
 * grace period), declared failures, replacement, throttle and launch rate.
 *
 * Every time is a constant here, so each case checks exact instants.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

/* What the observer saw: finished tasks and service events. */
struct seen {
	int ntasks, nevents;
	sim_task_rec tasks[64];
	char events[64][24];
	char details[64][200];
	int64_t event_at[64];
	int out_of_order;
};

static void on_task(void *ctx, const sim_task_rec *r)
{
	struct seen *w = ctx;
	if (w->ntasks < 64)
		w->tasks[w->ntasks++] = *r;
}

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct seen *w = ctx;
	if (w->nevents && time < w->event_at[w->nevents - 1])
		w->out_of_order = 1;
	if (w->nevents < 64) {
		w->event_at[w->nevents] = time;
		snprintf(w->events[w->nevents], sizeof(w->events[0]), "%s", event);
		snprintf(w->details[w->nevents], sizeof(w->details[0]), "%s", detail);
		w->nevents++;
	}
}

static int count_events(const struct seen *w, const char *event)
{
	int n = 0;
	for (int i = 0; i < w->nevents; i++)
		n += strcmp(w->events[i], event) == 0;
	return n;
}

/* Loads a scenario text with --check on and builds the model. */
static int start(sim *s, scenario *sc, const char *text, struct seen *w)
{
	sim_observer obs = { .ctx = w, .task_done = on_task, .event = on_event };

	return test_start(s, sc, NULL, text, &obs);
}

static int run_to(sim *s, int64_t t)
{
	return test_run_to(s, t);
}

/* A cluster of one zone; HOSTS hosts of 4 vCPU / 8 GiB with 4 ENIs. */
#define CLUSTER(hosts)                                                                 \
	" \"cluster\": {\"availabilityZones\": [\"a\"],"                               \
	"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192, \"enis\": 4}]," \
	"  \"instances\": [{\"instanceType\": \"m\", \"count\": " #hosts "}]},"

/* awsvpc behind a load balancer, crashing 100 s after RUNNING: every state
 * of the lifecycle in order, with its time; resources held until STOPPED. */
TEST(test_lifecycle_every_state_in_order)
{
	static const char *text =
		"{\"duration\": \"200s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"eniAttach\": 3, \"eniDetach\": 1,"
		"  \"startLatency\": {\"EC2\": 7}},"
		CLUSTER(2)
		" \"taskDefinitions\": [{\"family\": \"web\", \"networkMode\": \"awsvpc\","
		"  \"failure\": {\"crashAfter\": 100},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024,"
		"   \"stopTimeout\": 4}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 1, \"loadBalancers\": [{\"containerName\": \"c\"}],"
		"  \"targetGroup\": {\"registration\": 2, \"healthCheckInterval\": \"10s\","
		"   \"healthyThreshold\": 3, \"deregistrationDelay\": \"20s\"}}]}";
	static const struct {
		int64_t t;
		int pending, running, healthy, stopping, on_hosts;
	} want[] = {
		{ S(2), 1, 0, 0, 0, 1 },    /* PROVISIONING 0-3 */
		{ S(9), 1, 0, 0, 0, 1 },    /* PENDING 3-10 */
		{ S(11), 1, 0, 0, 0, 1 },   /* ACTIVATING 10-12 */
		{ S(41), 0, 1, 0, 0, 1 },   /* RUNNING from 12, healthy after 3 x 10 s */
		{ S(43), 0, 1, 1, 0, 1 },
		{ S(113), 1, 0, 0, 1, 2 },  /* exited at 112: DEACTIVATING 112-132, replaced */
		{ S(133), 0, 1, 0, 1, 2 },  /* STOPPING 132-136; the new one RUNNING at 124 */
		{ S(136) + 500000, 0, 1, 0, 1, 2 }, /* DEPROVISIONING 136-137 */
		{ S(138), 0, 1, 0, 0, 1 },
	};
	scenario sc;
	sim s;
	struct seen w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		const sim_service *v = &s.svcs[0];
		if (run_to(&s, want[i].t) < 0)
			TEST_FAILED("run failed");
		if (v->pending != want[i].pending || v->running != want[i].running ||
		    v->healthy != want[i].healthy || v->stopping != want[i].stopping ||
		    s.cl.tasks_running != want[i].on_hosts)
			TEST_FAILED("at %.1f s: pending %lld running %lld healthy %lld stopping %lld "
				    "on hosts %d", us_to_s(want[i].t), (long long)v->pending,
				    (long long)v->running, (long long)v->healthy,
				    (long long)v->stopping, s.cl.tasks_running);
	}
	CHECK_EQ(w.ntasks, 1);
	CHECK_EQ(w.tasks[0].reason, SIM_END_EXITED);
	CHECK_EQ(w.tasks[0].start, 0);
	CHECK_EQ(w.tasks[0].end, S(137));
	CHECK_EQ(s.svcs[0].exits, 1);
	CHECK_EQ(s.st.stopped, 1);
	CHECK_EQ(run_to(&s, S(200)), 0);
	CHECK_EQ(count_events(&w, "steady-state"), 2); /* at 42 and again at 154 */
	CHECK_EQ(w.ntasks, 1);
	CHECK_EQ(count_events(&w, "task-stopped"), 1);
	CHECK_STR(w.details[1], "task 0 (RUNNING): Essential container in task exited");
	CHECK_EQ(w.event_at[1], S(112));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Without health checks or a load balancer a task is healthy 40 s after
 * RUNNING, even one declared never to pass a check (nothing checks it);
 * availability counts healthy tasks only. */
TEST(test_lifecycle_healthy_40s_without_checks)
{
	static const char *text =
		"{\"duration\": \"100s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 5}},"
		CLUSTER(1)
		" \"taskDefinitions\": [{\"family\": \"web\", \"failure\": {\"unhealthy\": 1},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 2}]}";
	scenario sc;
	sim s;
	struct seen w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(44)), 0);
	CHECK_EQ(s.svcs[0].running, 2);
	CHECK_EQ(s.svcs[0].healthy, 0);
	CHECK_EQ(run_to(&s, S(100)), 0);
	sim_finish(&s);
	CHECK_EQ(s.svcs[0].healthy, 2);
	CHECK_NEAR(metrics_availability(&s.svcs[0]), 55.0 / 100.0, 1e-12);
	CHECK_NEAR(s.svcs[0].down_s, 45, 1e-9);
	CHECK_EQ(count_events(&w, "steady-state"), 1);
	CHECK_EQ(w.event_at[0], S(45));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Container health check interval 10, timeout 5, retries 3, start period
 * 25: a good task is healthy at its first check (10 s after RUNNING); a
 * failing one is found unhealthy at the 3rd counted check (probes 3, 4, 5
 * count) plus its timeout, 55 s after RUNNING, or when the grace period
 * ends if later; it is stopped (STOPPING 30 s) and replaced at once. */
TEST(test_lifecycle_container_health_check)
{
	static const char *fmt =
		"{\"duration\": \"%s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 5}},"
		CLUSTER(1)
		" \"taskDefinitions\": [{\"family\": \"web\", \"failure\": {\"unhealthy\": %s},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024,"
		"   \"healthCheck\": {\"command\": [\"CMD\", \"true\"], \"interval\": 10,"
		"    \"timeout\": 5, \"retries\": 3, \"startPeriod\": 25}}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 1, \"healthCheckGracePeriodSeconds\": %d}]}";
	char text[4096];
	scenario sc;
	sim s;
	struct seen w = { 0 };

	/* good: RUNNING at 5, healthy at 15 */
	snprintf(text, sizeof(text), fmt, "30s", "0", 0);
	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(14)), 0);
	CHECK_EQ(s.svcs[0].healthy, 0);
	CHECK_EQ(run_to(&s, S(15)), 0);
	CHECK_EQ(s.svcs[0].healthy, 1);
	sim_destroy(&s);
	scenario_destroy(&sc);

	/* failing: unhealthy at 60, stopped at 90; the replacement is launched
	 * at 60, RUNNING at 65, unhealthy at 120, ... */
	memset(&w, 0, sizeof(w));
	snprintf(text, sizeof(text), fmt, "200s", "1", 0);
	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(200)), 0);
	CHECK_EQ(s.svcs[0].unhealthy_stops, 3); /* at 60, 120, 180 */
	CHECK_EQ(w.tasks[0].reason, SIM_END_UNHEALTHY);
	CHECK_EQ(w.tasks[0].end, S(90));
	CHECK_EQ(w.tasks[1].submit, S(60));
	CHECK_STR(w.details[0], "task 0 (RUNNING): Task failed container health checks");
	CHECK_EQ(w.event_at[0], S(60));
	CHECK_EQ(s.svcs[0].backoff, 0); /* they reached RUNNING: no throttle */
	CHECK_NEAR(s.svcs[0].avail_area, 0, 1e-12);
	sim_destroy(&s);
	scenario_destroy(&sc);

	/* a 100 s grace period: failed checks are ignored until 105 */
	memset(&w, 0, sizeof(w));
	snprintf(text, sizeof(text), fmt, "200s", "1", 100);
	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(200)), 0);
	CHECK_EQ(s.svcs[0].unhealthy_stops, 1);
	CHECK_EQ(w.event_at[0], S(105));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Behind a load balancer a task is healthy after healthyThreshold checks
 * (5 x 30 s by default), or the slower of that and its container check; a
 * failing one fails ELB checks after unhealthyThreshold x interval (2 x 30 s)
 * when that comes before the container check gives up. */
TEST(test_lifecycle_load_balancer_health)
{
	static const char *fmt =
		"{\"duration\": \"300s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 5}},"
		CLUSTER(1)
		" \"taskDefinitions\": [{\"family\": \"web\", \"failure\": {\"unhealthy\": %s},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024,"
		"   \"healthCheck\": {\"command\": [\"CMD\", \"true\"]}}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 1, \"loadBalancers\": [{}],"
		"  \"targetGroup\": {\"registration\": 0, \"deregistrationDelay\": 0}}]}";
	char text[4096];
	scenario sc;
	sim s;
	struct seen w = { 0 };

	snprintf(text, sizeof(text), fmt, "0");
	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(154)), 0);
	CHECK_EQ(s.svcs[0].healthy, 0);
	CHECK_EQ(run_to(&s, S(155)), 0);
	CHECK_EQ(s.svcs[0].healthy, 1);
	sim_destroy(&s);
	scenario_destroy(&sc);

	/* container check: (1 + 3 - 1) x 30 + 5 = 95 s; ELB: 60 s, first */
	memset(&w, 0, sizeof(w));
	snprintf(text, sizeof(text), fmt, "1");
	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(100)), 0);
	CHECK_EQ(w.event_at[0], S(65));
	CHECK_STR(w.details[0], "task 0 (RUNNING): Task failed ELB health checks");
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Collects the launch times of a service whose every task fails to start. */
static void failing_launches(const char *extra, int64_t until, int reset_at, int64_t *got,
			     int *n, int64_t *backoff)
{
	char text[4096];
	scenario sc;
	sim s;
	struct seen w = { 0 };

	snprintf(text, sizeof(text),
		 "{\"duration\": \"1h\", %s"
		 " \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 0}},"
		 CLUSTER(1)
		 " \"taskDefinitions\": [{\"family\": \"web\", \"failure\": {\"startFailure\": 1},"
		 "  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}],"
		 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		 "  \"desiredCount\": 1}]}", extra);
	*n = 0;
	if (start(&s, &sc, text, &w) < 0)
		return;
	if (reset_at) {
		run_to(&s, S(reset_at));
		sched_reset_throttle(&s, &s.svcs[0]);
	}
	run_to(&s, until);
	for (int i = 0; i < w.ntasks; i++) {
		if (w.tasks[i].reason != SIM_END_START_FAILURE || w.tasks[i].end != w.tasks[i].submit)
			break;
		got[(*n)++] = w.tasks[i].submit;
	}
	*backoff = s.svcs[0].backoff;
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Tasks that stop before RUNNING throttle the service: 10 s, doubling up to
 * 27 min by default (the current ECS guide; 15 min before); both ends are
 * settings. */
TEST(test_lifecycle_throttle_growth)
{
	static const int64_t want[] = { 0, 10, 30, 70, 150, 310, 630, 1270, 2550 };
	static const int64_t want2[] = { 0, 1, 3, 7, 12, 17 };
	int64_t got[64], backoff;
	int n;

	failing_launches("", S(3600), 0, got, &n, &backoff);
	CHECK_EQ(n, 9);
	for (int i = 0; i < n; i++)
		CHECK_EQ(got[i], S(want[i]));
	CHECK_EQ(backoff, S(1620));
	failing_launches("\"scheduler\": {\"throttle\": {\"initialDelay\": \"1s\", "
			 "\"maxDelay\": \"5s\"}},", S(20), 0, got, &n, &backoff);
	CHECK_EQ(n, 6);
	for (int i = 0; i < n; i++)
		CHECK_EQ(got[i], S(want2[i]));
}

/* A new deployment resets the throttle: the service launches at once and
 * the back-off starts again from the initial delay. */
TEST(test_lifecycle_throttle_reset)
{
	static const int64_t want[] = { 0, 10, 30, 70, 150, 310, 630, 700, 710, 730, 770 };
	int64_t got[64], backoff;
	int n;

	failing_launches("", S(800), 700, got, &n, &backoff);
	CHECK_EQ(n, 11);
	for (int i = 0; i < n; i++)
		CHECK_EQ(got[i], S(want[i]));
	CHECK_EQ(backoff, S(80));
}

/* Tasks launched together that all fail to start double the back-off once. */
TEST(test_lifecycle_throttle_batch_counts_once)
{
	static const char *text =
		"{\"duration\": \"100s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": {\"type\": \"uniform\", \"min\": 1, \"max\": 3}}},"
		CLUSTER(2)
		" \"taskDefinitions\": [{\"family\": \"web\", \"failure\": {\"startFailure\": 1},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 256, \"memory\": 256}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 5}]}";
	scenario sc;
	sim s;
	struct seen w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(9)), 0);
	CHECK_EQ(s.svcs[0].failed_starts, 5);
	CHECK_EQ(s.svcs[0].backoff, S(10));
	CHECK_EQ(count_events(&w, "throttled"), 1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* The launch rate: a burst of launchesPerMinute, then one every
 * 60 s / launchesPerMinute (250: 240 ms). */
TEST(test_lifecycle_launch_rate)
{
	static const char *fmt =
		"{\"duration\": \"200s\", %s"
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 0}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1000000, \"memory\": 1000000}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 1}]},"
		" \"taskDefinitions\": [{\"family\": \"web\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1, \"memory\": 4}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 600}]}";
	char text[4096];
	scenario sc;
	sim s;
	struct seen w = { 0 };

	snprintf(text, sizeof(text), fmt, "");
	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, 0), 0);
	CHECK_EQ(s.svcs[0].launches, 250);
	CHECK_EQ(run_to(&s, S(84) - 1), 0);
	CHECK_EQ(s.svcs[0].launches, 599);
	CHECK_EQ(run_to(&s, S(84)), 0);
	CHECK_EQ(s.svcs[0].launches, 600);
	sim_destroy(&s);
	scenario_destroy(&sc);

	snprintf(text, sizeof(text), fmt, "\"scheduler\": {\"launchesPerMinute\": 60},");
	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(100)), 0);
	CHECK_EQ(s.svcs[0].launches, 60 + 100);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A task that cannot be placed is logged once per run of failures (not at
 * every retry); a stopping task's resources come free only at STOPPED, and
 * the waiting service places its task then, without waiting for a retry. */
TEST(test_lifecycle_resources_held_until_stopped)
{
	static const char *text =
		"{\"duration\": \"300s\", \"scheduler\": {\"retryInterval\": \"1h\"},"
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 5}},"
		CLUSTER(1)
		" \"taskDefinitions\": [{\"family\": \"web\", \"failure\": {\"crashAfter\": 50},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 4096, \"memory\": 1024}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 1}]}";
	scenario sc;
	sim s;
	struct seen w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(300)), 0);
	/* RUNNING at 5, exits at 55, STOPPING until 85; the replacement cannot
	 * be placed at 55 and is placed at 85 */
	CHECK_EQ(w.tasks[0].end, S(85));
	CHECK_EQ(w.tasks[1].submit, S(85));
	CHECK_EQ(w.tasks[1].end, S(85 + 5 + 50 + 30));
	CHECK_EQ(count_events(&w, "unable-to-place"), 3); /* at 55, 140, 225 */
	CHECK_STR(w.details[2], "service web was unable to place a task because no container "
				"instance met all of its requirements: RESOURCE:CPU");
	CHECK_EQ(s.svcs[0].placement_failures, 3);
	CHECK(!w.out_of_order);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A host failure kills its tasks in any state at once (no lifecycle to
 * wind down); a task killed while PENDING did not fail to start, so the
 * service is not throttled, and its replacement waits for capacity. */
TEST(test_lifecycle_host_failure_while_pending)
{
	static const char *text =
		"{\"duration\": \"100s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 30}},"
		CLUSTER(2)
		" \"taskDefinitions\": [{\"family\": \"web\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 2}],"
		" \"failures\": {\"instances\": {\"timeToFailure\": 20, \"timeToRepair\": 1000}}}";
	scenario sc;
	sim s;
	struct seen w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(100)), 0);
	CHECK_EQ(s.st.killed, 2);
	CHECK_EQ(w.ntasks, 2);
	CHECK_EQ(w.tasks[0].reason, SIM_END_HOST_FAILURE);
	CHECK_EQ(w.tasks[0].end, S(20) + 1);
	CHECK_EQ(s.svcs[0].backoff, 0);
	CHECK_EQ(s.svcs[0].pending + s.svcs[0].running + s.svcs[0].stopping, 0);
	CHECK_EQ(count_events(&w, "task-stopped"), 2);
	/* spread put task 0 on the second host, which fails second; the
	 * cluster event of the failure comes before the task it stops */
	CHECK_STR(w.events[0], "instance-failed");
	CHECK_STR(w.details[0], "container instance i-00000000000000000 (m, zone a) failed");
	CHECK_STR(w.details[1], "task 1 (PENDING): host i-00000000000000000 failed");
	CHECK_EQ(count_events(&w, "instance-failed"), 2);
	CHECK_EQ(count_events(&w, "unable-to-place"), 1);
	CHECK(strstr(w.details[w.nevents - 1], ": NO_ACTIVE_INSTANCES"));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* The default warm start: the initial tasks are RUNNING and healthy at
 * time 0, all of them (no launch rate), so availability is 1 without
 * failures; their crash times still apply, and the replacements walk the
 * lifecycle. */
TEST(test_lifecycle_warm_start)
{
	static const char *text =
		"{\"duration\": \"100s\","
		" \"taskLifecycle\": {\"startLatency\": {\"EC2\": 5}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1000000, \"memory\": 1000000}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 1}]},"
		" \"taskDefinitions\": [{\"family\": \"web\", \"failure\": {\"crashAfter\": 60},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1, \"memory\": 4, \"stopTimeout\": 0}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 600}]}";
	scenario sc;
	sim s;
	struct seen w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, 0), 0);
	CHECK_EQ(s.svcs[0].healthy, 600);
	CHECK_EQ(count_events(&w, "steady-state"), 1);
	CHECK_EQ(run_to(&s, S(59)), 0);
	CHECK_EQ(s.svcs[0].healthy, 600);
	/* all exit at 60; the replacements start in 5 s and are healthy 40 s
	 * later, launched 250 at once, then one every 240 ms */
	CHECK_EQ(run_to(&s, S(60)), 0);
	CHECK_EQ(s.svcs[0].healthy, 0);
	CHECK_EQ(s.svcs[0].pending, 250);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
