/* test_asg.c - issue 18: capacity as AWS provisions it.  Tasks that wait in
 * PROVISIONING for a managed Auto Scaling group (task objects on no host,
 * the cluster's limit, the timeout, their wait in tasks.csv), managed
 * termination protection DISABLED with managed draining (busy instances
 * drained, standalone tasks stopped, the deadline), mixed instances
 * policies (instances distribution, allocation strategies, weights, the
 * smallest and largest types of ECS's scale-out), warm pools and Spot
 * Capacity Rebalancing.  Every run is under --check (test_start).
 *
 * Instances take 4 tasks of 1024 CPU units (4096 units, 16 GiB) unless
 * said otherwise; the reservation is taken every minute from t = 60 s.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

/* What the observer saw. */
struct log {
	int tasks, rejected, timeouts, drained, running_at_end;
	int64_t wait_max, wait_sum;   /* us, of the rows with a wait */
	int waits;                    /* rows with wait > 0 */
	int64_t drain_start, deadline_end;
	int drain_events, deadline_events;
	char drain_id[8][24];         /* instances drained, and when */
	int64_t drain_at[8];
	int64_t deadline_wait;        /* the last deadline's end - its drain's start */
	int64_t standalone_drain_stop; /* end - drain start of a stopped standalone task */
	int recs, notices, spot_terms;
};

static void on_task(void *ctx, const sim_task_rec *r)
{
	struct log *l = ctx;

	l->tasks++;
	l->rejected += r->reason == SIM_END_REJECTED;
	l->timeouts += r->reason == SIM_END_CAPACITY_TIMEOUT;
	l->running_at_end += r->reason == SIM_END_RUNNING;
	if (r->reason == SIM_END_DRAINED && r->stop_code &&
	    strcmp(r->stop_code, "TerminationNotice") == 0) {
		l->drained++;
		l->standalone_drain_stop = r->end - l->drain_start;
	}
	if (r->wait > 0) {
		l->waits++;
		l->wait_sum += r->wait;
		if (r->wait > l->wait_max)
			l->wait_max = r->wait;
	}
}

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct log *l = ctx;

	if (strcmp(event, "instance-draining") == 0) {
		if (l->drain_events == 0)
			l->drain_start = time;
		if (l->drain_events < 8) {
			sscanf(detail, "instance %23s", l->drain_id[l->drain_events]);
			l->drain_at[l->drain_events] = time;
		}
		l->drain_events++;
	}
	if (strcmp(event, "instance-terminated") == 0 && strstr(detail, "draining deadline")) {
		char id[24] = "";
		sscanf(detail, "instance %23s", id);
		l->deadline_events++;
		l->deadline_end = time;
		for (int i = 0; i < l->drain_events && i < 8; i++)
			if (strcmp(l->drain_id[i], id) == 0)
				l->deadline_wait = time - l->drain_at[i];
	}
	l->recs += strcmp(event, "spot-rebalance-recommendation") == 0;
	l->notices += strcmp(event, "spot-interruption-notice") == 0;
	l->spot_terms += strcmp(event, "spot-instance-terminated") == 0;
}

static int start_text(sim *s, scenario *sc, struct log *l, const char *text)
{
	sim_observer obs = { .ctx = l, .task_done = on_task, .event = on_event };

	*l = (struct log){ 0 };
	return test_start(s, sc, NULL, text, &obs);
}

/* A cluster of one managed group "asg" (GROUP: its entry's extra keys),
 * instance types TYPES, the instances entry INST, then the rest. */
#define CLUSTER(group, types, inst, rest) CLUSTER_WITH("", group, types, inst, rest)
#define CLUSTER_WITH(keys, group, types, inst, rest)                                   \
	"{\"duration\": \"6h\", \"seed\": 7,"                                          \
	" \"taskLifecycle\": {\"startLatency\": {\"EC2\": 10}},"                       \
	" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"], " keys                 \
	"  \"capacityProviders\": [\"asg\"],"                                         \
	"  \"autoScalingGroupProviders\": [{\"capacityProvider\": \"asg\","            \
	"   \"managedScaling\": {\"targetCapacity\": 100}, " group "}],"               \
	"  \"instanceTypes\": [" types "],"                                           \
	"  \"instances\": [" inst "]},"                                               \
	" \"taskDefinitions\": [{\"family\": \"job\","                                \
	"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}]," \
	rest "}"

#define TYPE_M "{\"name\": \"m\", \"cpu\": 4096, \"memory\": 16384, \"pricePerHour\": 0.2}"
#define INST(n) "{\"instanceType\": \"m\", \"count\": " #n ", \"capacityProvider\": \"asg\"}"

/* A batch of 8 jobs of 1 h at time 0 on the group (RunTask with its
 * strategy). */
#define BATCH                                                                         \
	"\"workloads\": [{\"name\": \"batch\", \"taskDefinition\": \"job\","          \
	" \"arrival\": {\"type\": \"times\", \"times\": [0, 0, 0, 0, 0, 0, 0, 0]},"   \
	" \"duration\": 3600,"                                                       \
	" \"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}]}]"

/* From an empty group: the 8 jobs wait in PROVISIONING holding nothing;
 * at 60 s the first step launches 2 instances (ECS's first step from
 * none; binpacked, 8 jobs need 2), ACTIVE at 180 s, and every job starts
 * then: each waited 180 s, as tasks.csv's wait_s says.  Without waiting
 * they would all have been rejected at time 0. */
TEST(test_asg_batch_waits_for_capacity)
{
	scenario sc;
	sim s;
	struct log l;
	sim_wait_view w;

	if (start_text(&s, &sc, &l, CLUSTER("\"maxSize\": 10, \"instanceLaunchTime\": 120",
					    TYPE_M, INST(0), BATCH)) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(170)), 0);
	CHECK_EQ(s.st.provisioning, 8);
	CHECK_EQ(s.st.rejected, 0);
	CHECK_EQ(s.cl.tasks_running, 0); /* they hold no resources */
	CHECK_EQ(s.cl.cpu_used, 0);
	CHECK_EQ(s.cas->asgs[0].launching, 2);
	CHECK_EQ(test_run_to(&s, S(200)), 0);
	CHECK_EQ(s.st.provisioning, 0);
	CHECK_EQ(s.cl.tasks_running, 8);
	CHECK_EQ(s.cl.hosts_up, 2);
	sim_wait_now(&s, &w);
	CHECK_EQ(w.placed, 8);
	CHECK_NEAR(w.max_s, 180, 1e-5);
	CHECK_NEAR(w.mean_s, 180, 1e-5);
	sim_finish(&s);
	/* tasks.csv: the still-running rows carry their 180 s wait */
	CHECK_EQ(l.waits, 8);
	CHECK_EQ(l.wait_max, S(180) + 1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* maxSize 0: capacity never comes.  cluster.maxProvisioningTasks 5 lets
 * 5 jobs wait; the other 3 fail at once (RunTask without room); after
 * provisioningTimeout (10 min) the 5 give up: end reason capacity-timeout,
 * wait 600 s. */
TEST(test_asg_limit_and_timeout)
{
	scenario sc;
	sim s;
	struct log l;
	if (start_text(&s, &sc, &l, CLUSTER_WITH("\"maxProvisioningTasks\": 5,",
		"\"maxSize\": 0, \"provisioningTimeout\": \"10m\"", TYPE_M, INST(0), BATCH)) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(599)), 0);
	CHECK_EQ(s.st.provisioning, 5);
	CHECK_EQ(s.st.rejected, 3);
	CHECK_EQ(l.rejected, 3);
	CHECK_EQ(test_run_to(&s, S(601)), 0);
	CHECK_EQ(s.st.provisioning, 0);
	CHECK_EQ(s.st.provisioning_stopped, 5);
	CHECK_EQ(l.timeouts, 5);
	CHECK_EQ(l.wait_max, S(600));
	CHECK_EQ(s.capacity->refused, 3);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A service on a group of 3 holds 12 tasks; at 1 h desiredCount 20 makes
 * 8 wait, at 1 h 1 min desiredCount 14 stops 6 of them at once (scale-in
 * stops tasks not yet RUNNING first), without touching a host. */
TEST(test_asg_waiting_service_tasks_scale_in)
{
	scenario sc;
	sim s;
	struct log l;

	if (start_text(&s, &sc, &l, CLUSTER("\"maxSize\": 3, \"instanceLaunchTime\": 60",
					    TYPE_M, INST(3),
		"\"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"job\","
		" \"desiredCount\": 12,"
		" \"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}],"
		" \"desiredCountChanges\": [{\"at\": \"1h\", \"desiredCount\": 20},"
		"  {\"at\": \"61m\", \"desiredCount\": 14}]}]")) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(3630)), 0);
	CHECK_EQ(s.svcs[0].pending, 8);
	CHECK_EQ(s.st.provisioning, 8);
	CHECK_EQ(s.svcs[0].healthy, 12);
	CHECK_EQ(test_run_to(&s, S(3661)), 0);
	CHECK_EQ(s.st.provisioning, 2);
	CHECK_EQ(s.st.provisioning_stopped, 6);
	CHECK_EQ(s.svcs[0].healthy, 12);
	CHECK_EQ(s.cl.tasks_running, 12);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Managed termination protection ENABLED and managed draining: an
 * instance that runs only a daemon task counts as empty (ECS) and goes on
 * scale-in, drained first (its daemon task stops), then terminated; none
 * dies with it.  With managedDraining DISABLED the daemon task dies with
 * the instance. */
TEST(test_asg_daemon_only_instance_drained)
{
	static const char *const draining[] = { "ENABLED", "DISABLED" };

	for (int k = 0; k < 2; k++) {
		scenario sc;
		sim s;
		struct log l;
		char group[300], text[6000];
		snprintf(group, sizeof(group), "\"maxSize\": 2, \"managedTerminationProtection\": "
			 "\"ENABLED\", \"managedDraining\": \"%s\"", draining[k]);
		snprintf(text, sizeof(text), CLUSTER("%s", TYPE_M, INST(2),
			"\"services\": [{\"serviceName\": \"d\", \"taskDefinition\": \"job\","
			" \"schedulingStrategy\": \"DAEMON\"}]"), group);
		if (start_text(&s, &sc, &l, text) < 0)
			TEST_FAILED("cannot start");
		CHECK_EQ(test_run_to(&s, S(1800)), 0);
		CHECK_EQ(s.cl.hosts_up, 0);
		CHECK_EQ(s.cas->asgs[0].terminated, 2);
		CHECK_EQ(s.cas->asgs[0].drained, k == 0 ? 2 : 0);
		CHECK_EQ(s.cas->asgs[0].drain_kills, k == 0 ? 0 : 2);
		CHECK_EQ(s.st.killed, k == 0 ? 0 : 2);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* Starts text with its "seed": 7 replaced by seed. */
static int start_seed(sim *s, scenario *sc, struct log *l, const char *text, int seed)
{
	const char *p = strstr(text, "\"seed\": 7");
	char out[8000];

	snprintf(out, sizeof(out), "%.*s\"seed\": %d%s", (int)(p - text), text, seed, p + 9);
	return start_text(s, sc, l, out);
}

/* Two services' worth of tasks on 3 instances of one zone: WEB (2 tasks,
 * distinctInstance, rolling bounds MIN/MAX), draining deadline 20 min. */
#define THREE(min, max, rest)                                                          \
	"{\"duration\": \"2h\", \"seed\": 7,"                                          \
	" \"taskLifecycle\": {\"startLatency\": {\"EC2\": 10}},"                       \
	" \"cluster\": {\"availabilityZones\": [\"a\"],"                                \
	"  \"capacityProviders\": [\"asg\"],"                                         \
	"  \"autoScalingGroupProviders\": [{\"capacityProvider\": \"asg\", \"maxSize\": 3,"  \
	"   \"managedDrainingTimeout\": \"20m\","                                     \
	"   \"managedScaling\": {\"targetCapacity\": 100}}],"                          \
	"  \"instanceTypes\": [" TYPE_M "],"                                          \
	"  \"instances\": [" INST(3) "]},"                                            \
	" \"taskDefinitions\": [{\"family\": \"job\","                                \
	"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}]," \
	" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"job\","      \
	"  \"desiredCount\": 2, \"placementConstraints\": [{\"type\": \"distinctInstance\"}]," \
	"  \"deploymentConfiguration\": {\"minimumHealthyPercent\": " #min ", \"maximumPercent\": " #max "}," \
	"  \"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}]}]" rest "}"

/* managedTerminationProtection DISABLED (ECS's default): on scale-in (2
 * busy instances and 1 empty: the reservation is 67 %, the goal 2) the
 * group's termination policy picks at random among all three, busy ones
 * too.  A busy one is drained: its task's replacement starts on the empty
 * one first (rolling bounds 100/200), then the old task stops and the
 * instance, empty, terminates.  No task dies, the service never drops
 * below 2 healthy, and over 10 seeds a busy instance is picked several
 * times (as likely as 2 in 3). */
TEST(test_asg_unprotected_scale_in_drains_busy_instances)
{
	int busy_picked = 0;

	for (int seed = 1; seed <= 10; seed++) {
		scenario sc;
		sim s;
		struct log l;
		int64_t lowest = 99;
		if (start_seed(&s, &sc, &l, THREE(100, 200, ""), seed) < 0)
			TEST_FAILED("cannot start");
		for (int64_t t = 120; t <= 3600; t += 10) {
			CHECK_EQ(test_run_to(&s, S(t)), 0);
			if (s.svcs[0].healthy < lowest)
				lowest = s.svcs[0].healthy;
		}
		CHECK_EQ(lowest, 2);
		CHECK_EQ(s.st.killed, 0);
		CHECK_EQ(s.cas->asgs[0].drain_kills, 0);
		CHECK_EQ(s.cl.hosts_up, 2);
		CHECK_EQ(s.cl.hosts_busy, 2);
		CHECK_EQ(s.cas->asgs[0].terminated, 1);
		busy_picked += s.cas->asgs[0].drained > 0;
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
	CHECK_INT(busy_picked, >=, 4);
}

/* The same with rolling bounds 100/100: the drained task can neither be
 * stopped first nor replaced first (ECS's deadlock), so the instance stays
 * DRAINING until managedDrainingTimeout (20 min) and terminates then, its
 * task killed; --check holds it to terminating neither earlier nor later. */
TEST(test_asg_draining_deadline)
{
	int deadlines = 0;

	for (int seed = 1; seed <= 10; seed++) {
		scenario sc;
		sim s;
		struct log l;
		if (start_seed(&s, &sc, &l, THREE(100, 100, ""), seed) < 0)
			TEST_FAILED("cannot start");
		CHECK_EQ(test_run_to(&s, S(7200)), 0);
		if (l.deadline_events) {
			deadlines++;
			CHECK_EQ(l.deadline_wait, S(1200));
			CHECK_EQ(s.cas->asgs[0].drain_kills, l.deadline_events);
			CHECK_EQ(s.st.killed, l.deadline_events);
		} else {
			CHECK_EQ(s.cas->asgs[0].drained, 0);
		}
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
	CHECK_INT(deadlines, >=, 4);
}

/* Managed draining stops standalone tasks too (SIGTERM, SIGKILL after the
 * stopTimeout, 30 s by default): a 10 h job on an instance the group
 * drains ends 30 s after the drain begins, stopCode TerminationNotice. */
TEST(test_asg_draining_stops_standalone_tasks)
{
	int stopped = 0;

	for (int seed = 1; seed <= 10; seed++) {
		scenario sc;
		sim s;
		struct log l;
		if (start_seed(&s, &sc, &l, THREE(100, 200,
			", \"workloads\": [{\"name\": \"batch\", \"taskDefinition\": \"job\","
			" \"arrival\": {\"type\": \"times\", \"times\": [0]}, \"duration\": 36000,"
			" \"capacityProviderStrategy\": [{\"capacityProvider\": \"asg\", \"weight\": 1}]}]"),
			seed) < 0)
			TEST_FAILED("cannot start");
		/* 3 instances, 2 service tasks and a job on distinct ones or not:
		 * whichever instance is drained, a job on it stops in 30 s */
		CHECK_EQ(test_run_to(&s, S(7200)), 0);
		if (l.drained) {
			stopped++;
			CHECK_EQ(l.standalone_drain_stop, S(30));
		}
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
	CHECK_INT(stopped, >=, 1);
}
