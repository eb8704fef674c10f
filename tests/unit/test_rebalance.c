/* test_rebalance.c - Availability Zone rebalancing (availabilityZoneRebalancing)
 * and FARGATE tasks in a zone outage: a service that lost a zone moves
 * back into it when the zone returns (and stays put with DISABLED), within
 * the rolling bounds, with ECS's events; which services it applies to by
 * default; a replacement that finds no room calls the move off; FARGATE
 * tasks die with their zone and come back in the others.  Every run is
 * under --check, whose rebalancing invariants are tested to fail too.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/rebalance.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct watch {
	int nevents;
	char events[512][32];
	char details[512][240];
	int64_t worst_healthy;  /* lowest healthy count of service 0 after from */
	int64_t most_active;    /* most starting or RUNNING tasks of service 0 after from */
	int64_t from;
	int ntasks;
	char codes[64][32], reasons[64][96];
	enum sim_end ends[64];
};

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct watch *w = ctx;

	(void)time;
	(void)service;
	if (w->nevents < 512) {
		snprintf(w->events[w->nevents], sizeof(w->events[0]), "%s", event);
		snprintf(w->details[w->nevents], sizeof(w->details[0]), "%s", detail);
		w->nevents++;
	}
}

static void on_sample(void *ctx, const sim *s)
{
	struct watch *w = ctx;
	const sim_service *v = &s->svcs[0];

	if (s->eng.now < w->from)
		return;
	if (w->worst_healthy < 0 || v->healthy < w->worst_healthy)
		w->worst_healthy = v->healthy;
	if (sim_service_active(v) > w->most_active)
		w->most_active = sim_service_active(v);
}

static void on_task(void *ctx, const sim_task_rec *r)
{
	struct watch *w = ctx;

	if (!r->stop_code || w->ntasks >= 64)
		return;
	snprintf(w->codes[w->ntasks], sizeof(w->codes[0]), "%s", r->stop_code);
	snprintf(w->reasons[w->ntasks], sizeof(w->reasons[0]), "%s", r->stopped_reason);
	w->ends[w->ntasks++] = r->reason;
}

static int start(sim *s, scenario *sc, const char *text, struct watch *w)
{
	sim_observer obs = { .ctx = w, .event = on_event, .sample = on_sample,
			     .task_done = on_task };

	w->worst_healthy = -1;
	return test_start(s, sc, NULL, text, &obs);
}

static int count(const struct watch *w, const char *event)
{
	int n = 0;
	for (int i = 0; i < w->nevents; i++)
		n += strcmp(w->events[i], event) == 0;
	return n;
}

static const char *detail(const struct watch *w, const char *event)
{
	for (int i = 0; i < w->nevents; i++)
		if (strcmp(w->events[i], event) == 0)
			return w->details[i];
	return "";
}

/* Starting or RUNNING tasks of service 0 in zone z (a host's or FARGATE's). */
static int64_t in_zone(const sim *s, int z)
{
	int64_t n = 0;

	for (const sim_task *t = s->svcs[0].tasks; t; t = t->snext)
		if (t->state <= SIM_RUNNING &&
		    (t->fargate ? t->zone : s->cl.hosts[t->ct.host].zone) == z)
			n++;
	return n;
}

/* Three zones of three instances with room for 4 tasks each; zone b is out
 * from 10 to 40 minutes.  DEPLOY: the service's deploymentConfiguration
 * and other keys. */
#define OUTAGE_B(SERVICE)                                                              \
	"{\"duration\": \"2h\", \"metricsInterval\": \"5s\","                          \
	" \"cluster\": {\"availabilityZones\": [\"a\", \"b\", \"c\"],"                 \
	"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"   \
	"  \"instances\": [{\"instanceType\": \"m\", \"count\": 9}]},"                 \
	" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 1024, \"memory\": 2048,"  \
	"  \"networkMode\": \"awsvpc\", \"containerDefinitions\": [{\"name\": \"c\"}]}],"  \
	" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"t\","        \
	"   \"desiredCount\": 6" SERVICE "}],"                                         \
	" \"failures\": {\"zoneOutages\": [{\"zone\": \"b\", \"start\": \"10m\","      \
	"  \"duration\": \"30m\"}]}}"

/* Issue 17: the zone is back and the service moves two tasks into it,
 * one at a time within the bounds, with ECS's events; without
 * rebalancing it stays 3 / 0 / 3 to the end. */
TEST(test_rebalance_after_zone_outage)
{
	scenario sc;
	sim s;
	struct watch w = { .from = S(40 * 60) };

	if (start(&s, &sc, OUTAGE_B(""), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(s.svcs[0].rebalancing, 1);
	CHECK_EQ(test_run_to(&s, S(40 * 60) - 1), 0);
	CHECK_EQ(in_zone(&s, 0), 3);
	CHECK_EQ(in_zone(&s, 1), 0);
	CHECK_EQ(in_zone(&s, 2), 3);
	CHECK_EQ(count(&w, "rebalancing-started"), 0); /* b is not usable while out */
	CHECK_EQ(test_run_to(&s, S(7200)), 0);
	sim_finish(&s);
	CHECK_EQ(in_zone(&s, 0), 2);
	CHECK_EQ(in_zone(&s, 1), 2);
	CHECK_EQ(in_zone(&s, 2), 2);
	CHECK_EQ(s.svcs[0].rebalanced, 2);
	CHECK_EQ(count(&w, "rebalancing-started"), 1);
	CHECK_EQ(count(&w, "rebalancing-tasks-started"), 2);
	CHECK_EQ(count(&w, "rebalancing-tasks-stopped"), 2);
	CHECK_EQ(count(&w, "rebalancing-completed"), 1);
	CHECK_STR(detail(&w, "rebalancing-started"),
		  "service (web) is not AZ balanced with 3 tasks in a, 0 in b, and 3 in c. AZ "
		  "Rebalancing in progress.");
	CHECK_STR(detail(&w, "rebalancing-completed"),
		  "service (web) is AZ balanced with 2 tasks in a, 2 tasks in b, and 2 tasks in c.");
	CHECK_INT(strstr(detail(&w, "rebalancing-tasks-started"),
			 "web has started 1 tasks in Availability Zone b to AZ Rebalance: ") != NULL,
		  ==, 1);
	/* minimumHealthyPercent 100, maximumPercent 200: never below 6 healthy,
	 * never more than 12 starting or RUNNING */
	CHECK_EQ(w.worst_healthy, 6);
	CHECK_INT(w.most_active, <=, 12);
	for (int i = 0; i < w.ntasks; i++)
		if (w.ends[i] == SIM_END_REBALANCED) {
			CHECK_STR(w.codes[i], "ServiceSchedulerInitiated");
			CHECK_INT(strstr(w.reasons[i], "Availability Zone rebalancing") != NULL, ==, 1);
		}
	sim_destroy(&s);
	scenario_destroy(&sc);

	/* DISABLED: the service stays where the outage left it */
	memset(&w, 0, sizeof(w));
	if (start(&s, &sc, OUTAGE_B(", \"availabilityZoneRebalancing\": \"DISABLED\""), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(s.svcs[0].rebalancing, 0);
	CHECK_EQ(test_run_to(&s, S(7200)), 0);
	CHECK_EQ(in_zone(&s, 1), 0);
	CHECK_EQ(s.svcs[0].rebalanced, 0);
	CHECK_EQ(count(&w, "rebalancing-started"), 0);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* maximumPercent 100: a surplus task stops first (minimumHealthyPercent
 * 50 allows it) and its replacement starts in b; never more than 6 tasks.
 * With 100 and 100 nothing can move, and nothing does. */
TEST(test_rebalance_within_bounds)
{
	scenario sc;
	sim s;
	struct watch w = { .from = S(40 * 60) };

	if (start(&s, &sc, OUTAGE_B(", \"deploymentConfiguration\": {\"minimumHealthyPercent\": "
				    "50, \"maximumPercent\": 100}"), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(7200)), 0);
	CHECK_EQ(in_zone(&s, 1), 2);
	CHECK_EQ(s.svcs[0].rebalanced, 2);
	CHECK_INT(w.most_active, <=, 6);
	CHECK_INT(w.worst_healthy, >=, 3);
	CHECK_INT(w.worst_healthy, <, 6); /* it did stop first */
	sim_destroy(&s);
	scenario_destroy(&sc);

	memset(&w, 0, sizeof(w));
	if (start(&s, &sc, OUTAGE_B(", \"deploymentConfiguration\": {\"minimumHealthyPercent\": "
				    "100, \"maximumPercent\": 100}"), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(7200)), 0);
	CHECK_EQ(in_zone(&s, 1), 0);
	CHECK_EQ(s.svcs[0].rebalanced, 0);
	CHECK_EQ(count(&w, "rebalancing-started"), 0);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Zone b comes back full (a standalone workload took its room while it was
 * out is hard to arrange; a memberOf keeps the service off b's only
 * instance type instead): b has no instance the service may use, so it is
 * not a zone to balance over; with room but no fit, the move is called off
 * with ECS's event, logged once. */
TEST(test_rebalance_no_room)
{
	static const char *text =
		"{\"duration\": \"2h\","
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192},"
		"   {\"name\": \"small\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2, \"zone\": \"a\"},"
		"   {\"instanceType\": \"small\", \"count\": 1, \"zone\": \"b\"}]},"
		" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 1024, \"memory\": 1024,"
		"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"t\","
		"   \"desiredCount\": 4}]}";
	scenario sc;
	sim s;
	struct watch w = { 0 };

	/* 4 tasks: b's instance holds one; a holds 3: 3 / 1 is balanced enough?
	 * No: 3 - 1 = 2.  The move to b finds no room (its one slot is taken). */
	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(7200)), 0);
	CHECK_EQ(in_zone(&s, 0), 3);
	CHECK_EQ(in_zone(&s, 1), 1);
	CHECK_EQ(s.svcs[0].rebalanced, 0);
	CHECK_EQ(count(&w, "rebalancing-started"), 1);
	CHECK_EQ(count(&w, "unable-to-place"), 1);
	CHECK_STR(detail(&w, "unable-to-place"),
		  "service (web) is unable to place a task in Availability Zone b because no "
		  "container instance met all of its requirements (RESOURCE:CPU).");
	CHECK_EQ(s.svcs[0].moving, 0);
	CHECK_EQ(s.svcs[0].drained, 0);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Which services rebalance when the scenario does not say. */
TEST(test_rebalance_default_by_placement)
{
	static const char *const cases[][2] = {
		{ "", "1" },
		{ ", \"placementStrategy\": [{\"type\": \"binpack\", \"field\": \"memory\"}]", "0" },
		{ ", \"placementStrategy\": [{\"type\": \"random\"}]", "0" },
		{ ", \"placementStrategy\": [{\"type\": \"spread\", \"field\": \"instanceId\"}]", "0" },
		{ ", \"placementStrategy\": [{\"type\": \"spread\", \"field\": "
		  "\"attribute:ecs.availability-zone\"}, {\"type\": \"binpack\", \"field\": \"cpu\"}]",
		  "0" },
		{ ", \"placementStrategy\": [{\"type\": \"binpack\", \"field\": \"memory\"}],"
		  " \"availabilityZoneRebalancing\": \"ENABLED\"", "1" },
		{ ", \"availabilityZoneRebalancing\": \"DISABLED\"", "0" },
		{ ", \"launchType\": \"FARGATE\", \"placementStrategy\": []", "1" },
	};
	char text[2048];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		scenario sc;
		sim s;
		struct watch w = { 0 };
		snprintf(text, sizeof(text), OUTAGE_B("%s"), cases[i][0]);
		if (start(&s, &sc, text, &w) < 0)
			TEST_FAILED("cannot start case %zu", i);
		if (s.svcs[0].rebalancing != atoi(cases[i][1]))
			TEST_FAILED("case %zu (%s): rebalancing %d", i, cases[i][0],
				    s.svcs[0].rebalancing);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* Issue 17: FARGATE tasks die with their zone (InfrastructureHealth) and
 * come back in the zones that are up; none goes to b while it is out; the
 * zone back, rebalancing moves two into it. */
TEST(test_fargate_zone_outage_replaced_elsewhere)
{
	scenario sc;
	sim s;
	struct watch w = { .from = S(11 * 60) };
	int killed = 0;

	if (start(&s, &sc, OUTAGE_B(", \"launchType\": \"FARGATE\", \"placementStrategy\": []"),
		  &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(10 * 60) - 1), 0);
	CHECK_EQ(in_zone(&s, 1), 2);
	CHECK_EQ(test_run_to(&s, S(10 * 60)), 0);
	CHECK_EQ(in_zone(&s, 1), 0);
	CHECK_EQ(s.st.killed, 2);
	CHECK_EQ(sim_service_active(&s.svcs[0]), 6); /* replaced at once */
	CHECK_EQ(in_zone(&s, 0) + in_zone(&s, 2), 6);
	CHECK_EQ(test_run_to(&s, S(40 * 60) - 1), 0);
	CHECK_EQ(in_zone(&s, 1), 0);
	CHECK_EQ(s.svcs[0].healthy, 6);
	for (int i = 0; i < w.ntasks; i++)
		if (w.ends[i] == SIM_END_HOST_FAILURE) {
			killed++;
			CHECK_STR(w.codes[i], "InfrastructureHealth");
			CHECK_STR(w.reasons[i], "Availability Zone b is out");
		}
	CHECK_EQ(killed, 2);
	CHECK_EQ(test_run_to(&s, S(7200)), 0);
	CHECK_EQ(in_zone(&s, 1), 2);
	CHECK_EQ(s.svcs[0].rebalanced, 2);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Every zone out: a FARGATE service waits, then comes back. */
TEST(test_fargate_every_zone_out)
{
	static const char *text =
		"{\"duration\": \"1h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 1}]},"
		" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 256, \"memory\": 512,"
		"  \"requiresCompatibilities\": [\"FARGATE\"], \"networkMode\": \"awsvpc\","
		"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"services\": [{\"serviceName\": \"w\", \"taskDefinition\": \"t\","
		"   \"desiredCount\": 2, \"launchType\": \"FARGATE\"}],"
		" \"failures\": {\"zoneOutages\": [{\"zone\": \"a\", \"start\": \"10m\","
		"  \"duration\": \"10m\"}]}}";
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(15 * 60)), 0);
	CHECK_EQ(sim_service_active(&s.svcs[0]), 0);
	CHECK_EQ(count(&w, "unable-to-place"), 1);
	CHECK_STR(detail(&w, "unable-to-place"),
		  "service w was unable to place a task: every Availability Zone is out");
	CHECK_EQ(test_run_to(&s, S(30 * 60)), 0);
	CHECK_EQ(s.svcs[0].healthy, 2);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* The scenario's keys: bad values are refused with their path. */
TEST(test_rebalance_keys)
{
	static const char *const bad[][2] = {
		{ ", \"availabilityZoneRebalancing\": \"ON\"",
		  "$.services[0].availabilityZoneRebalancing: must be ENABLED or DISABLED, not \"ON\"" },
	};
	char text[2048];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		scenario sc;
		ecs_err e = { 0 };
		snprintf(text, sizeof(text), OUTAGE_B("%s"), bad[i][0]);
		CHECK_EQ(scenario_load_buffer(&sc, "t.json", text, strlen(text), NULL, 0, &e), -1);
		CHECK_INT(strstr(e.msg, bad[i][1]) != NULL, ==, 1);
	}
}

/* --check's rebalancing invariants can fail: a move with more tasks than
 * the upper bound, and a healthy task stopped below the lower bound. */
TEST(test_rebalance_check_catches_violations)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };
	ecs_err e = { 0 };

	if (start(&s, &sc, OUTAGE_B(""), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(300)), 0);
	CHECK_EQ(sim_check(&s, &e), 0);
	s.svcs[0].zone_want[1] = 1;
	s.svcs[0].desired = 2; /* upper bound 4 < 6 tasks */
	CHECK_EQ(sim_check(&s, &e), -1);
	CHECK_INT(strstr(e.msg, "AZ rebalancing: 6 tasks starting or RUNNING, more than 4") != NULL,
		  ==, 1);
	s.svcs[0].zone_want[1] = 0;
	s.svcs[0].desired = 6;
	s.svcs[0].rebal_below = 1;
	e = (ecs_err){ 0 };
	CHECK_EQ(sim_check(&s, &e), -1);
	CHECK_INT(strstr(e.msg, "stopped a healthy task below the lower bound") != NULL, ==, 1);
	s.svcs[0].rebal_below = 0;
	sim_destroy(&s);
	scenario_destroy(&sc);
}
