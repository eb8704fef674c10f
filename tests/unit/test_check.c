/* test_check.c - the self-check (--check): every example scenario runs under it,
 * and a model whose state is deliberately corrupted stops at the first event
 * after the corruption with a report that says what is wrong.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>

#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

/* Longest simulated time per example, to keep the suite fast: the first
 * hours hold the start-up (every service placed at t=0) and the steady
 * state; failures are made frequent where the example has them. */
#define EXAMPLE_HOURS 3
#define BENCH_MINUTES 30

/* Loads file with duration capped to cap (us), runs it under --check to the
 * end and checks that every task is accounted for. */
static int run_checked(const char *file, int64_t cap, int64_t *events)
{
	char set[64];
	char *sets[] = { set };
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	int rc = -1;

	if (scenario_load(&sc, file, NULL, 0, &e) < 0) {
		fprintf(stderr, "  %s\n", e.msg);
		return -1;
	}
	snprintf(set, sizeof(set), "duration=%lld", (long long)(sc.duration < cap ? sc.duration : cap) / USEC_PER_SEC);
	scenario_destroy(&sc);
	if (scenario_load(&sc, file, sets, 1, &e) < 0 || sim_init(&s, &sc, &o, NULL, &e) < 0 ||
	    sim_run(&s, INT64_MAX, &e) < 0) {
		fprintf(stderr, "  %s: %s\n", file, e.msg);
	} else {
		sim_finish(&s);
		*events = (int64_t)s.eng.executed;
		if (s.st.submitted != s.st.placed + s.st.rejected ||
		    s.st.placed != s.st.completed + s.st.killed + s.st.stopped +
				   s.cl.tasks_running + s.fargate.tasks)
			fprintf(stderr, "  %s: tasks not accounted for at the end\n", file);
		else
			rc = 0;
	}
	sim_destroy(&s);
	scenario_destroy(&sc);
	return rc;
}

static int is_json(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

/* Simulated time each example runs for under --check.  A full check after
 * every event costs O(tasks): the Alibaba 2017 replay submits ~80,000 task
 * instances in its first seconds, so it gets 5 s (91 events); the other
 * replays are small and run whole.  Trace examples need ../shared/data. */
static int64_t check_cap(const char *name, int *skip)
{
	char data[1100];
	struct stat st;

	*skip = 0;
	if (strncmp(name, "trace-", 6) != 0)
		return EXAMPLE_HOURS * 3600 * USEC_PER_SEC;
	snprintf(data, sizeof(data), "%s/../shared/data", test_srcdir());
	if (stat(data, &st) != 0) {
		printf("  skipped %s: %s not found\n", name, data);
		*skip = 1;
	}
	return strstr(name, "alibaba-2017") ? 5 * USEC_PER_SEC : INT64_MAX;
}

/* Every .json in scenarios/ (a new example is covered without touching this
 * file) and the 1k-host benchmark. */
TEST(test_check_every_example_scenario)
{
	char dir[1024], file[2048];
	struct dirent **list;
	int n, ran = 0, failed = 0;
	int64_t events = 0;

	snprintf(dir, sizeof(dir), "%s/scenarios", test_srcdir());
	n = scandir(dir, &list, is_json, alphasort);
	CHECK_INT(n, >=, 2);
	for (int i = 0; i < n; i++) {
		int skip;
		int64_t cap = check_cap(list[i]->d_name, &skip);
		snprintf(file, sizeof(file), "%s/%s", dir, list[i]->d_name);
		if (skip) {
			free(list[i]);
			continue;
		}
		if (run_checked(file, cap, &events) < 0)
			failed++;
		else if (events < 20)
			fprintf(stderr, "  %s: only %lld events\n", file, (long long)events), failed++;
		ran++;
		free(list[i]);
	}
	free(list);
	snprintf(file, sizeof(file), "%s/bench/std-1k.json", test_srcdir());
	if (run_checked(file, BENCH_MINUTES * 60 * USEC_PER_SEC, &events) < 0)
		failed++;
	CHECK_EQ(failed, 0);
	CHECK_INT(ran, >=, 2);
}

/* A small cluster with a service, a workload and failures. */
static const char *small =
	"{\"duration\": \"6h\", \"seed\": 3,"
	" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
	"  \"instanceTypes\": [{\"name\": \"m5.large\", \"cpu\": 2048, \"memory\": 8192}],"
	"  \"instances\": [{\"instanceType\": \"m5.large\", \"count\": 6}]},"
	" \"taskDefinitions\": [{\"family\": \"web\", \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 256, \"memory\": 512}]}],"
	" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 8}],"
	" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"web\", \"arrival\": {\"type\": \"poisson\", \"rate\": \"2/min\"},"
	"   \"duration\": {\"type\": \"exponential\", \"mean\": \"10m\"}}],"
	" \"failures\": {\"instances\": {\"timeToFailure\": {\"type\": \"exponential\", \"mean\": \"1d\"},"
	"   \"timeToRepair\": \"30m\"}}}";

enum corruption { CPU_FREE, OVER_CAPACITY, TASK_ON_DOWN_HOST, TOTALS, LOST_TASK, TIME_BACK };

/* Runs `small` under --check to 1 h, corrupts the state, runs on: the run
 * must stop at the very next event with the report in e. */
static int corrupt_and_run(enum corruption what, ecs_err *e, uint64_t *stopped_at,
			   uint64_t *first_after)
{
	scenario sc;
	sim s;
	sim_opts o = { .check = 1 };
	int32_t h = 0;
	int rc;

	if (scenario_load_buffer(&sc, "small.json", small, strlen(small), NULL, 0, e) < 0 ||
	    sim_init(&s, &sc, &o, NULL, e) < 0 || sim_run(&s, 3600 * USEC_PER_SEC, e) < 0)
		return -2;
	while (h < s.cl.nhosts && !s.cl.hosts[h].ntasks)
		h++;
	if (h == s.cl.nhosts)
		return -2;
	switch (what) {
	case CPU_FREE: s.cl.hosts[h].cpu_free -= 1; break;
	case OVER_CAPACITY:
		/* a task that asks for more than the host has, as a broken
		 * placement would leave it */
		s.cl.hosts[h].tasks->req.cpu += s.cl.hosts[h].cpu_free + 1;
		s.cl.hosts[h].cpu_free = -1;
		s.cl.cpu_used += s.cl.hosts[h].tasks->req.cpu;
		break;
	case TASK_ON_DOWN_HOST: s.cl.hosts[h].state = CL_DOWN; break;
	case TOTALS: s.cl.mem_used += 64; break;
	case LOST_TASK: s.st.placed += 1; break;
	case TIME_BACK: s.last_event_time = s.eng.now + 3600 * USEC_PER_SEC; break;
	}
	*first_after = s.eng.executed + 1;
	rc = sim_run(&s, INT64_MAX, e);
	*stopped_at = s.eng.executed;
	sim_destroy(&s);
	scenario_destroy(&sc);
	return rc;
}

/* The report names the time, the event number and what is wrong; these
 * are the messages 'ecsim run --check' prints before "nothing was written". */
TEST(test_check_stops_on_first_violation)
{
	static const struct {
		enum corruption what;
		const char *want;
	} cases[] = {
		{ CPU_FREE, "differ from the sum of its tasks" },
		{ OVER_CAPACITY, "is over capacity (cpu free -1," },
		{ TASK_ON_DOWN_HOST, "is down but has" },
		{ TOTALS, "cluster totals drifted" },
		{ LOST_TASK, "tasks not accounted for: submitted" },
		{ TIME_BACK, "time went back from" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ecs_err e = { 0 };
		uint64_t at = 0, first = 0;
		char prefix[64];
		int rc = corrupt_and_run(cases[i].what, &e, &at, &first);
		if (rc == -2)
			TEST_FAILED("case %zu: setup failed: %s", i, e.msg);
		if (rc == 0)
			TEST_FAILED("case %zu: corruption not detected", i);
		snprintf(prefix, sizeof(prefix), "check failed at t=");
		if (strncmp(e.msg, prefix, strlen(prefix)) != 0 || !strstr(e.msg, cases[i].want))
			TEST_FAILED("case %zu: report \"%s\" lacks \"%s\"", i, e.msg, cases[i].want);
		snprintf(prefix, sizeof(prefix), "(event %llu)", (unsigned long long)first);
		if (!strstr(e.msg, prefix))
			TEST_FAILED("case %zu: report \"%s\" is not about event %llu", i, e.msg,
				    (unsigned long long)first);
		CHECK_EQ(at, first);
	}
}

/* One exact report, as a user would read it. */
TEST(test_check_report_text)
{
	ecs_err e = { 0 };
	uint64_t at = 0, first = 0;

	CHECK_EQ(corrupt_and_run(LOST_TASK, &e, &at, &first), -1);
	CHECK(strncmp(e.msg, "check failed at t=36", 20) == 0);
	CHECK(strstr(e.msg, "tasks not accounted for: submitted "));
	CHECK(strstr(e.msg, ", stopped "));
	CHECK(strstr(e.msg, ", on hosts "));
}
