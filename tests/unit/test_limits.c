/* test_limits.c - absurd sizes get a clear error, never an allocation failure
 * or an overflowed counter.  Limits that a small file can reach are the
 * tests/invalid/limit-* folders; these are the ones that need a large file
 * or a running model.
 */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

/* A file one byte over the limit is refused before it is parsed. */
TEST(test_limits_scenario_file_size)
{
	char path[1100], want[1300];
	size_t n = (size_t)SC_MAX_FILE_BYTES + 1;
	char *buf = xmalloc(n);
	scenario sc;
	ecs_err e = { 0 };
	FILE *f;

	memset(buf, ' ', n);
	buf[0] = '{';
	buf[n - 1] = '}';
	snprintf(path, sizeof(path), "%s/big.json", test_tmpdir());
	f = fopen(path, "wb");
	CHECK(f);
	CHECK_EQ(fwrite(buf, 1, n, f), n);
	fclose(f);
	CHECK_EQ(scenario_load(&sc, path, NULL, 0, &e), -1);
	snprintf(want, sizeof(want), "%s: 16777217 bytes, larger than the 16 MiB a scenario file "
		 "may have", path);
	CHECK_STR(e.msg, want);
	err_clear(&e);
	CHECK_EQ(scenario_load_buffer(&sc, "b.json", buf, n, NULL, 0, &e), -1);
	CHECK_STR(e.msg, "b.json: 16777217 bytes, larger than the 16 MiB a scenario file may have");
	free(buf);
}

/* Tasks that ask for nothing and never end pile up: the run stops with a
 * message at the limit of tasks running at once (lowered here from
 * SIM_MAX_RUNNING), with and without --check. */
TEST(test_limits_running_tasks)
{
	static const char *text =
		"{\"duration\": \"1d\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 2048}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 3}]},"
		" \"taskDefinitions\": [{\"family\": \"t\", \"containerDefinitions\": [{\"name\": \"c\", \"memory\": 64}]}],"
		" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"t\", \"cpu\": 0, \"memory\": 0,"
		"   \"arrival\": {\"type\": \"poisson\", \"rate\": \"10/s\"}, \"duration\": \"100d\"}]}";

	for (int check = 0; check <= 1; check++) {
		scenario sc;
		sim s;
		ecs_err e = { 0 };
		sim_opts o = { .check = check, .max_running = 500 };
		int rc;

		CHECK_EQ(scenario_load_buffer(&sc, "s.json", text, strlen(text), NULL, 0, &e), 0);
		CHECK_EQ(sim_init(&s, &sc, &o, NULL, &e), 0);
		rc = sim_run(&s, INT64_MAX, &e);
		CHECK_EQ(s.cl.tasks_running, 500);
		sim_destroy(&s);
		scenario_destroy(&sc);
		CHECK_EQ(rc, -1);
		CHECK(strncmp(e.msg, "at t=", 5) == 0);
		CHECK(strstr(e.msg, "s more than 500 tasks would be running at once, the most ecsim "
			  "keeps in memory;"));
	}
}

/* The largest durations and rates allowed run into no overflow: times stay
 * below 100 years, a host failure process over 100 years keeps counting. */
TEST(test_limits_century_run)
{
	static const char *text =
		"{\"duration\": \"36500d\", \"metricsInterval\": \"3650d\","
		" \"scheduler\": {\"retryInterval\": \"365d\"},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 16777216, \"memory\": 1073741823}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 16777216, \"memory\": 1073741823,"
		"   \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"services\": [{\"serviceName\": \"s\", \"taskDefinition\": \"t\", \"desiredCount\": 2}],"
		" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"t\","
		"   \"arrival\": {\"type\": \"interval\", \"interval\": \"36499d\"}, \"duration\": \"36500d\"}],"
		" \"failures\": {\"instances\": {\"timeToFailure\": {\"type\": \"pareto\", \"shape\": 0.5, \"scale\": \"1d\"},"
		"   \"timeToRepair\": {\"type\": \"lognormal\", \"mu\": 700, \"sigma\": 1}}}}";
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };

	CHECK_EQ(scenario_load_buffer(&sc, "s.json", text, strlen(text), NULL, 0, &e), 0);
	CHECK_EQ(sim_init(&s, &sc, &o, NULL, &e), 0);
	if (sim_run(&s, INT64_MAX, &e) < 0)
		TEST_FAILED("%s", e.msg);
	sim_finish(&s);
	CHECK_EQ(s.eng.now, INT64_C(36500) * 86400 * USEC_PER_SEC);
	CHECK(s.cl.cpu_up <= INT64_C(2) * 16777216);
	CHECK(s.st.cpu_up >= 0 && isfinite(s.st.cpu_up));
	CHECK(s.st.mem_used >= 0 && isfinite(s.st.mem_used));
	CHECK_EQ(s.st.submitted, s.st.placed + s.st.rejected);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Names longer than the fixed buffers they once went through: a family of
 * 300 characters can be referenced, and two services alike in their first
 * 291 characters keep separate task groups (distinctInstance applies to
 * each alone, so both reach their desired count on 3 hosts). */
TEST(test_limits_long_names)
{
	char *text = xmalloc(4096), fam[301], svc[401];
	scenario sc;
	sim s;
	ecs_err e = { 0 };

	memset(fam, 'f', 300), fam[300] = 0;
	memset(svc, 's', 400), svc[400] = 0;
	snprintf(text, 4096,
		 "{\"duration\": \"1h\","
		 " \"cluster\": {\"availabilityZones\": [\"a\"],"
		 "  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 2048}],"
		 "  \"instances\": [{\"instanceType\": \"m\", \"count\": 3}]},"
		 " \"taskDefinitions\": [{\"family\": \"%s\", \"containerDefinitions\": [{\"name\": \"c\", \"memory\": 64}],"
		 "   \"placementConstraints\": [{\"type\": \"distinctInstance\"}]}],"
		 " \"services\": [{\"serviceName\": \"%s1\", \"taskDefinition\": \"%s:1\", \"desiredCount\": 2},"
		 "  {\"serviceName\": \"%s2\", \"taskDefinition\": \"%s\", \"desiredCount\": 2}]}",
		 fam, svc, fam, svc, fam);
	if (scenario_load_buffer(&sc, "s.json", text, strlen(text), NULL, 0, &e) < 0) {
		free(text);
		TEST_FAILED("%s", e.msg);
	}
	free(text);
	CHECK_EQ(sim_init(&s, &sc, NULL, NULL, &e), 0);
	CHECK_EQ(sim_run(&s, INT64_MAX, &e), 0);
	CHECK_EQ(s.svcs[0].running, 2);
	CHECK_EQ(s.svcs[1].running, 2);
	CHECK(s.svcs[0].group != s.svcs[1].group);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
