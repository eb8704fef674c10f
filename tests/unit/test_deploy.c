/* test_deploy.c - rolling deployments within minimumHealthyPercent and
 * maximumPercent (including the 100/100 deadlock), the circuit breaker
 * (threshold formula, rollback, failure without rollback) and the throttle
 * reset by a deployment.
 *
 * Four tasks on four instances; tasks start in 10 s and are healthy 40 s
 * after RUNNING, STOPPING lasts 30 s, so a task launched at t is healthy
 * at t + 50.  web:1 runs first, web:2 is deployed at 100 s.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct rows {
	int n;
	sim_deployment_rec d[8];
	int64_t min_healthy;
};

static void on_dep(void *ctx, const sim_deployment_rec *d)
{
	struct rows *r = ctx;
	if (r->n < 8)
		r->d[r->n++] = *d;
}

static void on_sample(void *ctx, const sim *s)
{
	struct rows *r = ctx;
	if (s->eng.now >= S(60) && s->svcs[0].healthy < r->min_healthy)
		r->min_healthy = s->svcs[0].healthy;
}

static int start(sim *s, scenario *sc, const char *text, struct rows *r)
{
	sim_observer obs = { .ctx = r, .deployment_done = on_dep, .sample = on_sample };

	r->min_healthy = INT64_MAX;
	return test_start(s, sc, NULL, text, &obs);
}

static int run_all(sim *s)
{
	ecs_err e = { 0 };
	if (sim_run(s, INT64_MAX, &e) < 0) {
		fprintf(stderr, "  %s\n", e.msg);
		return -1;
	}
	sim_finish(s);
	return 0;
}

/* The scenario: min/max percent, web:2's failure object, circuit breaker
 * object (or ""), and the desired count. */
static void text_of(char *buf, size_t n, int min_pct, int max_pct, const char *failure,
		    const char *breaker, int desired, const char *extra)
{
	snprintf(buf, n,
		 "{\"duration\": \"400s\", \"metricsInterval\": \"1s\", %s"
		 " \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 10}},"
		 " \"cluster\": {\"availabilityZones\": [\"a\"],"
		 "  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 65536, \"memory\": 65536}],"
		 "  \"instances\": [{\"instanceType\": \"m\", \"count\": 4}]},"
		 " \"taskDefinitions\": ["
		 "  {\"family\": \"web\", \"revision\": 1,"
		 "   \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 64, \"memory\": 64}]},"
		 "  {\"family\": \"web\", \"revision\": 2, \"failure\": {%s},"
		 "   \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 64, \"memory\": 64}]}],"
		 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\","
		 "  \"desiredCount\": %d,"
		 "  \"deploymentConfiguration\": {\"minimumHealthyPercent\": %d,"
		 "   \"maximumPercent\": %d%s%s}}],"
		 " \"deployments\": [{\"service\": \"web\", \"at\": \"100s\", \"taskDefinition\": \"web:2\"}]}",
		 extra, failure, desired, min_pct, max_pct, *breaker ? ", " : "", breaker);
}

static int all_on(const sim *s, int td)
{
	for (const sim_task *t = s->svcs[0].tasks; t; t = t->snext)
		if (t->td != td)
			return 0;
	return 1;
}

/* Defaults 100/200: all four new tasks start at once; the old ones stop
 * when the new are healthy (150 s); healthy never drops below 4. */
TEST(test_deploy_rolling_100_200)
{
	char text[4096];
	scenario sc;
	sim s;
	struct rows r = { 0 };

	text_of(text, sizeof(text), 100, 200, "", "", 4, "");
	if (start(&s, &sc, text, &r) < 0 || run_all(&s) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(r.n, 1);
	CHECK_STR(r.d[0].outcome, "COMPLETED");
	CHECK_EQ(r.d[0].start, S(100));
	CHECK_EQ(r.d[0].end, S(150));
	CHECK_EQ(r.d[0].failed, 0);
	CHECK_EQ(r.d[0].lowest_healthy, 4);
	CHECK_EQ(r.min_healthy, 4);
	CHECK_EQ(s.svcs[0].replaced, 4);
	CHECK_EQ(s.svcs[0].launches, 8);
	CHECK(all_on(&s, 1));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* 50/100: at most 4 tasks in all and at least 2 healthy: stop 2 old
 * (100 s), launch 2 new when they are gone (130 s), stop the other 2 old
 * when those are healthy (180 s), launch 2 more (210 s), done at 260 s. */
TEST(test_deploy_rolling_50_100)
{
	char text[4096];
	scenario sc;
	sim s;
	struct rows r = { 0 };

	text_of(text, sizeof(text), 50, 100, "", "", 4, "");
	if (start(&s, &sc, text, &r) < 0 || run_all(&s) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(r.n, 1);
	CHECK_STR(r.d[0].outcome, "COMPLETED");
	CHECK_EQ(r.d[0].end, S(260));
	CHECK_EQ(r.d[0].lowest_healthy, 2);
	CHECK_EQ(r.min_healthy, 2);
	CHECK(all_on(&s, 1));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* 100/100 deadlocks: no task may start above 4, none may stop below 4; the
 * deployment is still IN_PROGRESS at the end, all tasks are the old ones. */
TEST(test_deploy_deadlock_100_100)
{
	char text[4096];
	scenario sc;
	sim s;
	struct rows r = { 0 };

	text_of(text, sizeof(text), 100, 100, "", "", 4, "");
	if (start(&s, &sc, text, &r) < 0 || run_all(&s) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(r.n, 1);
	CHECK_STR(r.d[0].outcome, "IN_PROGRESS");
	CHECK_EQ(r.d[0].end, -1);
	CHECK_EQ(s.svcs[0].launches, 4);
	CHECK(all_on(&s, 0));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* web:2 never starts: threshold clamp(ceil(4 / 2), 3, 200) = 3; at the third
 * failure the deployment FAILS and rolls back to web:1, whose tasks are
 * still running, so the rollback completes at once. */
TEST(test_deploy_circuit_breaker_rollback)
{
	char text[4096];
	scenario sc;
	sim s;
	struct rows r = { 0 };

	text_of(text, sizeof(text), 100, 200, "\"startFailure\": 1",
		"\"deploymentCircuitBreaker\": {\"enable\": true, \"rollback\": true}", 4, "");
	if (start(&s, &sc, text, &r) < 0 || run_all(&s) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(r.n, 2);
	CHECK_STR(r.d[0].outcome, "FAILED");
	CHECK_EQ(r.d[0].threshold, 3);
	CHECK_EQ(r.d[0].failed, 3);
	CHECK_EQ(r.d[0].end, S(110));
	CHECK_EQ(r.d[1].rollback, 1);
	CHECK_EQ(r.d[1].taskdef, 0);
	CHECK_STR(r.d[1].outcome, "COMPLETED");
	CHECK_EQ(r.d[1].end, S(110));
	CHECK_EQ(r.min_healthy, 4);
	CHECK_EQ(s.svcs[0].healthy, 4);
	CHECK_EQ(s.svcs[0].backoff, 0); /* the rollback reset the throttle */
	CHECK(all_on(&s, 0));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Without rollback a failed deployment stops launching: the old tasks keep
 * serving, nothing new starts. */
TEST(test_deploy_circuit_breaker_no_rollback)
{
	char text[4096];
	scenario sc;
	sim s;
	struct rows r = { 0 };

	text_of(text, sizeof(text), 100, 200, "\"unhealthy\": 1, \"crashAfter\": 20",
		"\"deploymentCircuitBreaker\": {\"enable\": true}", 4, "");
	if (start(&s, &sc, text, &r) < 0 || run_all(&s) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(r.n, 1);
	CHECK_STR(r.d[0].outcome, "FAILED");
	CHECK_EQ(r.d[0].failed, 3);
	CHECK_EQ(r.d[0].end, S(130)); /* RUNNING at 110, exited at 130, never healthy */
	CHECK(s.svcs[0].launch_blocked);
	CHECK_EQ(s.svcs[0].launches, 8);
	CHECK_EQ(s.svcs[0].healthy, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Without the breaker a bad deployment goes on forever (throttled). */
TEST(test_deploy_bad_without_breaker)
{
	char text[4096];
	scenario sc;
	sim s;
	struct rows r = { 0 };

	text_of(text, sizeof(text), 100, 200, "\"startFailure\": 1", "", 4, "");
	if (start(&s, &sc, text, &r) < 0 || run_all(&s) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(r.n, 1);
	CHECK_STR(r.d[0].outcome, "IN_PROGRESS");
	CHECK_INT(r.d[0].failed, >, 10);
	CHECK_INT(s.svcs[0].backoff, >, S(10));
	CHECK_EQ(s.svcs[0].healthy, 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Threshold = clamp(ceil(0.5 x desired), minimum, 200); the minimum is 3 by
 * default and a setting (ECS used 10 before). */
TEST(test_deploy_circuit_breaker_threshold)
{
	static const struct { int desired; const char *extra; int want; } c[] = {
		{ 1, "", 3 }, { 5, "", 3 }, { 7, "", 4 }, { 10, "", 5 }, { 401, "", 200 },
		{ 600, "", 200 }, { 4, "\"scheduler\": {\"circuitBreakerMinimum\": 10},", 10 },
		{ 30, "\"scheduler\": {\"circuitBreakerMinimum\": 10},", 15 },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++) {
		char text[4096];
		scenario sc;
		sim s;
		struct rows r = { 0 };
		text_of(text, sizeof(text), 100, 200, "", "", c[i].desired, c[i].extra);
		if (start(&s, &sc, text, &r) < 0)
			TEST_FAILED("cannot start");
		sim_run(&s, S(100), NULL);
		if (s.deploy->deps[0].threshold != c[i].want)
			TEST_FAILED("desired %d: threshold %lld, want %d", c[i].desired,
				    (long long)s.deploy->deps[0].threshold, c[i].want);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* A service throttled by tasks that fail to start launches at once when a
 * deployment starts, and the back-off starts again. */
TEST(test_deploy_resets_throttle)
{
	static const char *text =
		"{\"duration\": \"400s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 0}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 4096}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 1}]},"
		" \"taskDefinitions\": ["
		"  {\"family\": \"web\", \"revision\": 1, \"failure\": {\"startFailure\": 1},"
		"   \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 64, \"memory\": 64}]},"
		"  {\"family\": \"web\", \"revision\": 2,"
		"   \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 64, \"memory\": 64}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\", \"desiredCount\": 1}],"
		" \"deployments\": [{\"service\": \"web\", \"at\": \"200s\", \"taskDefinition\": \"web\"}]}";
	scenario sc;
	sim s;
	struct rows r = { 0 };

	if (start(&s, &sc, text, &r) < 0)
		TEST_FAILED("cannot start");
	/* launches at 0, 10, 30, 70, 150, then 310 without the deployment */
	sim_run(&s, S(199), NULL);
	CHECK_EQ(s.svcs[0].launches, 5);
	CHECK_EQ(s.svcs[0].backoff, S(160));
	sim_run(&s, S(200), NULL);
	CHECK_EQ(s.svcs[0].launches, 6);
	CHECK_EQ(s.svcs[0].backoff, 0);
	if (run_all(&s) < 0)
		TEST_FAILED("run failed");
	CHECK_STR(r.d[0].outcome, "COMPLETED");
	CHECK_EQ(r.d[0].end, S(240));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A second deployment before the first ends supersedes it; the tasks of
 * both earlier task definitions are then old and replaced: at 120 s the
 * web:2 tasks (not healthy yet) stop at once, web:1 stays for the bound;
 * the web:3 tasks start when web:2's are STOPPED (150 s), since stopping
 * tasks count towards maximumPercent, and are healthy at 200 s. */
TEST(test_deploy_superseded)
{
	static const char *text =
		"{\"duration\": \"400s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 10}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 65536, \"memory\": 65536}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 4}]},"
		" \"taskDefinitions\": ["
		"  {\"family\": \"web\", \"revision\": 1, \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 64, \"memory\": 64}]},"
		"  {\"family\": \"web\", \"revision\": 2, \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 64, \"memory\": 64}]},"
		"  {\"family\": \"web\", \"revision\": 3, \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 64, \"memory\": 64}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\", \"desiredCount\": 4}],"
		" \"deployments\": [{\"service\": \"web\", \"at\": \"100s\", \"taskDefinition\": \"web:2\"},"
		"  {\"service\": \"web\", \"at\": \"120s\", \"taskDefinition\": \"web:3\"}]}";
	scenario sc;
	sim s;
	struct rows r = { 0 };

	if (start(&s, &sc, text, &r) < 0 || run_all(&s) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(r.n, 2);
	CHECK_STR(r.d[0].outcome, "SUPERSEDED");
	CHECK_EQ(r.d[0].end, S(120));
	CHECK_STR(r.d[1].outcome, "COMPLETED");
	CHECK_EQ(r.d[1].taskdef, 2);
	CHECK_EQ(r.d[1].end, S(200));
	CHECK_EQ(s.svcs[0].healthy, 4);
	CHECK(all_on(&s, 2));
	sim_destroy(&s);
	scenario_destroy(&sc);
}
