/* test_protection.c - task scale-in protection (taskProtection): scale-in
 * and deployments pass over protected tasks and wait for their protection
 * to end (expiry, or the end of the work a task protected itself for,
 * again and again with repeat); the keys' limits; --check's invariant
 * that no protected task is stopped by scale-in fails when one is.  Times
 * are hand-worked from a warm start (every task RUNNING at 0).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/protection.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct watch {
	int waits;
	int64_t scale_in_at[8];
	int nscale_in;
};

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct watch *w = ctx;

	(void)service;
	(void)detail;
	w->waits += strcmp(event, "protection-wait") == 0;
	if (strcmp(event, "task-stopped") == 0 && strstr(detail, "desired count") &&
	    w->nscale_in < 8)
		w->scale_in_at[w->nscale_in++] = time;
}

static int start(sim *s, scenario *sc, const char *text, struct watch *w)
{
	sim_observer obs = { .ctx = w, .event = on_event };

	return test_start(s, sc, NULL, text, &obs);
}

/* Four tasks, warm start; desired drops to 2 at 200 s.  PROT: the
 * service's taskProtection (or nothing). */
#define SCALE_IN(PROT)                                                                 \
	"{\"duration\": \"1h\", \"taskLifecycle\": {\"warmStart\": true},"             \
	" \"cluster\": {\"availabilityZones\": [\"a\"],"                               \
	"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"   \
	"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"                 \
	" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 1024, \"memory\": 1024,"  \
	"  \"containerDefinitions\": [{\"name\": \"c\"}]},"                            \
	"  {\"family\": \"t\", \"revision\": 2, \"cpu\": 1024, \"memory\": 1024,"      \
	"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"                           \
	" \"services\": [{\"serviceName\": \"w\", \"taskDefinition\": \"t:1\","        \
	"   \"desiredCount\": 4, \"desiredCountChanges\": [{\"at\": \"200s\", \"desiredCount\": 2}]" \
	PROT "}]}"

/* Protected for 10 minutes from RUNNING (0 s): the scale-in at 200 s waits
 * until 600 s, when the protections expire; without protection it stops
 * two tasks at 200 s. */
TEST(test_protection_scale_in_waits_for_expiry)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, SCALE_IN(""), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(201)), 0);
	CHECK_EQ(s.svcs[0].running, 2);
	sim_destroy(&s);
	scenario_destroy(&sc);

	memset(&w, 0, sizeof(w));
	if (start(&s, &sc, SCALE_IN(", \"taskProtection\": {\"protectionEnabled\": true, "
				    "\"expiresInMinutes\": 10}"), &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(599)), 0);
	CHECK_EQ(s.svcs[0].running, 4);
	CHECK_EQ(s.svcs[0].desired, 2);
	CHECK_EQ(s.svcs[0].protections, 4);
	CHECK_EQ(w.waits, 1);
	CHECK_EQ(w.nscale_in, 0);
	CHECK_EQ(test_run_to(&s, S(601)), 0);
	CHECK_EQ(s.svcs[0].running, 2);
	CHECK_EQ(w.nscale_in, 2);
	CHECK_EQ(w.scale_in_at[0], S(600));
	CHECK_EQ(s.svcs[0].protection_waits, 1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Work of 120 s, protected again 30 s after each: windows [30, 150),
 * [180, 300), [330, 450), ...  The scale-in at 200 s falls in one and
 * waits for its end at 300 s. */
TEST(test_protection_work_and_repeat)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, SCALE_IN(", \"taskProtection\": {\"protectionEnabled\": true, "
				    "\"after\": 30, \"workDuration\": 120, \"repeat\": true}"),
		  &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(299)), 0);
	CHECK_EQ(s.svcs[0].running, 4);
	CHECK_EQ(s.svcs[0].protections, 8); /* at 30 and at 180 */
	CHECK_EQ(test_run_to(&s, S(301)), 0);
	CHECK_EQ(s.svcs[0].running, 2);
	CHECK_EQ(w.scale_in_at[0], S(300));
	CHECK_EQ(test_run_to(&s, S(340)), 0);
	CHECK_EQ(s.svcs[0].protections, 10); /* the two left, again at 330 */
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A rolling deployment at 60 s starts the new tasks but stops the old
 * ones only when their 10-minute protection expires. */
TEST(test_protection_deployment_waits)
{
	static const char *text =
		"{\"duration\": \"1h\", \"taskLifecycle\": {\"warmStart\": true},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 1024, \"memory\": 1024,"
		"  \"containerDefinitions\": [{\"name\": \"c\"}]},"
		"  {\"family\": \"t\", \"revision\": 2, \"cpu\": 1024, \"memory\": 1024,"
		"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"services\": [{\"serviceName\": \"w\", \"taskDefinition\": \"t:1\","
		"   \"desiredCount\": 4, \"taskProtection\": {\"protectionEnabled\": true,"
		"   \"expiresInMinutes\": 10}}],"
		" \"deployments\": [{\"service\": \"w\", \"taskDefinition\": \"t:2\", \"at\": \"60s\"}]}";
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(599)), 0);
	CHECK_EQ(s.svcs[0].deploying, 1);
	CHECK_EQ(s.svcs[0].old_active, 4);
	CHECK_EQ(sim_service_active(&s.svcs[0]) - s.svcs[0].old_active, 4); /* the new ones */
	CHECK_INT(w.waits, >=, 1);
	CHECK_EQ(test_run_to(&s, S(1200)), 0);
	CHECK_EQ(s.svcs[0].deploying, 0);
	CHECK_EQ(s.svcs[0].old_active, 0);
	CHECK_EQ(s.svcs[0].replaced, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* The keys' limits, with their paths. */
TEST(test_protection_keys)
{
	static const char *const bad[][2] = {
		{ ", \"taskProtection\": {\"protectionEnabled\": true, \"expiresInMinutes\": 2881}",
		  "$.services[0].taskProtection.expiresInMinutes: must be <= 2880" },
		{ ", \"taskProtection\": {\"protectionEnabled\": true, \"expiresInMinutes\": 0}",
		  "$.services[0].taskProtection.expiresInMinutes: must be >= 1" },
		{ ", \"taskProtection\": {\"expiresInMinutes\": 5}",
		  "$.services[0].taskProtection.protectionEnabled: required" },
		{ ", \"taskProtection\": {\"protectionEnabled\": true, \"repeat\": true}",
		  "$.services[0].taskProtection.repeat: needs workDuration" },
		{ ", \"taskProtection\": {\"protectionEnabled\": true, \"share\": 2}",
		  "$.services[0].taskProtection.share" },
	};
	char text[4096];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		scenario sc;
		ecs_err e = { 0 };
		snprintf(text, sizeof(text), SCALE_IN("%s"), bad[i][0]);
		CHECK_EQ(scenario_load_buffer(&sc, "t.json", text, strlen(text), NULL, 0, &e), -1);
		if (!strstr(e.msg, bad[i][1]))
			TEST_FAILED("case %zu: got \"%s\", want \"%s\"", i, e.msg, bad[i][1]);
	}
}

/* --check fails when a protected task is stopped by a scale-in. */
TEST(test_protection_check_catches_a_protected_stop)
{
	scenario sc;
	sim s;
	struct watch w = { 0 };
	ecs_err e = { 0 };
	sim_task *t;

	if (start(&s, &sc, SCALE_IN(", \"taskProtection\": {\"protectionEnabled\": true}"),
		  &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(100)), 0);
	CHECK_EQ(sim_check(&s, &e), 0);
	t = s.svcs[0].tasks;
	CHECK_INT(sim_task_protected(t, s.eng.now), ==, 1);
	life_stop(&s, &s.svcs[0], t, SIM_END_SCALED_IN, 0);
	CHECK_EQ(sim_check(&s, &e), -1);
	CHECK_INT(strstr(e.msg, "was protected from scale-in when it was stopped (scale-in)") !=
		  NULL, ==, 1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
