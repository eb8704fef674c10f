/* test_sim.c - the model against queueing theory, and its invariants.
 *
 * Sample sizes are chosen so that each tolerance is about 4-5 standard
 * errors of the estimate while each case runs well under a second.
 */
#include <stdlib.h>

#include "tests/test.h"
#include "tests/support.h"
#include "sim/support/units.h"

/* Writes text to a scratch scenario file and loads it. */
static int load_text(scenario *sc, const char *text, char *const *sets, int nsets,
		     ecs_err *e)
{
	char path[1100];
	FILE *f;

	snprintf(path, sizeof(path), "%s/s.json", test_tmpdir());
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return scenario_load(sc, path, sets, nsets, e);
}

static int run_text(const char *text, char *const *sets, int nsets, int check, sim *s,
		    scenario *sc, const sim_observer *obs)
{
	ecs_err e = { 0 };
	sim_opts o = { .check = check };

	if (load_text(sc, text, sets, nsets, &e) < 0 || sim_init(s, sc, &o, obs, &e) < 0 ||
	    sim_run(s, INT64_MAX, &e) < 0) {
		fprintf(stderr, "  %s\n", e.msg);
		return -1;
	}
	sim_finish(s);
	return 0;
}

static double erlang_b(int n, double a)
{
	double b = 1;
	for (int k = 1; k <= n; k++)
		b = a * b / (k + a * b);
	return b;
}

/* N servers = N hosts that each hold one task; Poisson arrivals, exponential
 * durations, no queue: the share rejected is Erlang-B(N, lambda/mu). */
TEST(test_sim_erlang_b_loss_system)
{
	static const char *text =
		"{\"duration\": \"500000s\", \"metricsInterval\": \"1d\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"slot\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": [{\"instanceType\": \"slot\", \"count\": 20}]},"
		" \"taskDefinitions\": [{\"family\": \"j\", \"cpu\": 1024, \"memory\": 1024,"
		"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"j\","
		"  \"arrival\": {\"type\": \"poisson\", \"rate\": 1.5},"
		"  \"duration\": {\"type\": \"exponential\", \"mean\": 10}}]}";
	scenario sc;
	sim s;
	double want = erlang_b(20, 15.0), got;

	CHECK_EQ(run_text(text, NULL, 0, 0, &s, &sc, NULL), 0);
	got = (double)s.st.rejected / (double)s.st.submitted;
	/* ~750k arrivals; B ~ 0.0456; over seeds the estimate varies by ~0.0005 */
	CHECK(s.st.submitted > 700000);
	CHECK_NEAR(got, want, 0.002);
	/* carried load: mean busy servers = a (1 - B) */
	CHECK_NEAR(s.st.running / 500000.0, 15.0 * (1 - want), 0.06);
	CHECK_EQ(s.st.rejections[CL_CHECK_CPU], s.st.rejected);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* M/G/infinity: with ample capacity the mean number running is
 * lambda x E[duration] whatever the duration distribution (Little). */
TEST(test_sim_little_law_any_distribution)
{
	static const char *dists[] = {
		"{\"type\": \"constant\", \"value\": 10}",
		"{\"type\": \"uniform\", \"min\": 0, \"max\": 20}",
		"{\"type\": \"lognormal\", \"mean\": 10, \"stddev\": 15}",
		"{\"type\": \"weibull\", \"shape\": 0.7, \"scale\": 7.9}",
		"{\"type\": \"choice\", \"values\": [2, 40], \"weights\": [0.789473684, 0.210526316]}",
	};
	char text[2048];

	for (size_t i = 0; i < sizeof(dists) / sizeof(*dists); i++) {
		scenario sc;
		sim s;
		dist d;
		json_t *j = json_loads(dists[i], 0, NULL);
		ecs_err e = { 0 };
		double mean;
		CHECK_EQ(dist_parse(&d, j, "$", DIST_SECONDS, &e), 0);
		mean = dist_mean(&d);
		dist_destroy(&d);
		json_decref(j);
		snprintf(text, sizeof(text),
			 "{\"duration\": \"400000s\", \"metricsInterval\": \"1d\","
			 " \"cluster\": {\"availabilityZones\": [\"a\"],"
			 "  \"instanceTypes\": [{\"name\": \"big\", \"cpu\": 1000000, \"memory\": 1000000}],"
			 "  \"instances\": [{\"instanceType\": \"big\", \"count\": 2}]},"
			 " \"taskDefinitions\": [{\"family\": \"j\", \"cpu\": 1, \"memory\": 1,"
			 "  \"containerDefinitions\": [{\"name\": \"c\"}]}],"
			 " \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"j\","
			 "  \"arrival\": {\"type\": \"poisson\", \"rate\": 1},"
			 "  \"duration\": %s}]}", dists[i]);
		CHECK_EQ(run_text(text, NULL, 0, 0, &s, &sc, NULL), 0);
		CHECK_EQ(s.st.rejected, 0);
		/* L = 10; se of the time average ~ 0.02-0.04 over 400k s */
		CHECK_NEAR(s.st.running / 400000.0, 1.0 * mean, 0.15);
		CHECK_NEAR(mean, 10, 0.05);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* A host alternates up (time to failure) and down (time to repair): its
 * long-run up fraction is MTBF / (MTBF + MTTR), for any distributions. */
TEST(test_sim_host_up_fraction)
{
	static const char *text =
		"{\"duration\": \"2000h\", \"metricsInterval\": \"1d\","
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 400}]},"
		" \"failures\": {\"instances\": {"
		"  \"timeToFailure\": {\"type\": \"weibull\", \"shape\": 0.8, \"scale\": \"8.82h\"},"
		"  \"timeToRepair\": {\"type\": \"lognormal\", \"mean\": \"2h\", \"stddev\": \"1h\"}}}}";
	scenario sc;
	sim s;
	double mtbf, want, got;

	CHECK_EQ(run_text(text, NULL, 0, 0, &s, &sc, NULL), 0);
	mtbf = dist_mean(&sc.failures.rules[0].ttf) / 3600;
	CHECK_NEAR(mtbf, 10, 0.01);
	want = mtbf / (mtbf + 2.0);
	got = s.st.hosts_up / us_to_s(sc.duration) / 400;
	/* ~67k failure cycles: se of the fraction ~ 0.002 */
	CHECK_NEAR(got, want, 0.01);
	CHECK(s.st.host_failures > 50000);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

struct svc_watch {
	int samples, short_samples;
};

static void watch_sample(void *ctx, const sim *s)
{
	struct svc_watch *w = ctx;
	w->samples++;
	if (s->eng.now == 0) /* the first sample is taken before placement */
		return;
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].running != s->svcs[i].desired)
			w->short_samples++;
}

/* With spare capacity a killed service task is replaced at once, so every
 * sample sees the desired count although hosts keep failing.  Tasks start
 * and turn healthy instantly here (taskLifecycle), as before the lifecycle
 * was modelled. */
TEST(test_sim_service_replaced_at_once)
{
	static const char *text =
		"{\"duration\": \"10d\", \"metricsInterval\": \"10m\","
		" \"taskLifecycle\": {\"startLatency\": {\"EC2\": 0}, \"healthyWithoutChecks\": 0},"
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\", \"c\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 12}]},"
		" \"taskDefinitions\": [{\"family\": \"web\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 18}],"
		" \"failures\": {\"instances\": {"
		"  \"timeToFailure\": {\"type\": \"exponential\", \"mean\": \"1d\"},"
		"  \"timeToRepair\": {\"type\": \"exponential\", \"mean\": \"1h\"}}}}";
	scenario sc;
	sim s;
	struct svc_watch w = { 0 };
	sim_observer obs = { .ctx = &w, .sample = watch_sample };

	CHECK_EQ(run_text(text, NULL, 0, 1, &s, &sc, &obs), 0);
	CHECK(s.st.killed > 20);
	CHECK(w.samples > 1000);
	CHECK_EQ(w.short_samples, 0);
	CHECK_NEAR(metrics_availability(&s.svcs[0]), 1.0, 1e-12);
	/* default strategy spreads the 18 tasks evenly over the 3 zones at start */
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Too little capacity: the service runs short, availability is the time
 * average of running/desired, and placement failures are counted. */
TEST(test_sim_service_short_of_capacity)
{
	static const char *text =
		"{\"duration\": \"1h\", \"metricsInterval\": \"1m\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 2048, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 3}]},"
		" \"taskDefinitions\": [{\"family\": \"web\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 8}]}";
	scenario sc;
	sim s;

	CHECK_EQ(run_text(text, NULL, 0, 1, &s, &sc, NULL), 0);
	CHECK_EQ(s.svcs[0].running, 6);
	CHECK_NEAR(metrics_availability(&s.svcs[0]), 6.0 / 8.0, 1e-9);
	CHECK_NEAR(s.svcs[0].degraded_s, 3600, 1e-6);
	CHECK_NEAR(s.svcs[0].down_s, 0, 1e-9);
	/* retried every 30 s by default: 1 + 120 attempts in the hour */
	CHECK_EQ(s.svcs[0].placement_failures, 121);
	CHECK_EQ(s.svcs[0].last_reason, CL_CHECK_CPU);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* The quickstart scenario under --check: invariants hold after every event
 * and every task is accounted for at the end. */
TEST(test_sim_quickstart_invariants)
{
	char path[1024];
	char *sets[] = { "duration=8h" };
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };

	snprintf(path, sizeof(path), "%s/scenarios/quickstart.json", test_srcdir());
	CHECK_EQ(scenario_load(&sc, path, sets, 1, &e), 0);
	CHECK_EQ(sim_init(&s, &sc, &o, NULL, &e), 0);
	if (sim_run(&s, INT64_MAX, &e) < 0)
		TEST_FAILED("%s", e.msg);
	sim_finish(&s);
	CHECK(s.st.submitted > 10000);
	CHECK_EQ(s.st.submitted, s.st.placed + s.st.rejected);
	CHECK_EQ(s.st.placed, s.st.completed + s.st.killed + s.cl.tasks_running);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

struct placed_watch {
	const sim *s;
	int on_big, on_other, rejected_member_of;
};

static void watch_task(void *ctx, const sim_task_rec *r)
{
	struct placed_watch *w = ctx;
	if (r->reason == SIM_END_REJECTED) {
		if (r->detail && strcmp(r->detail, "MemberOf placement constraint unsatisfied") == 0)
			w->rejected_member_of++;
		return;
	}
	if (strcmp(r->group, "service:web") != 0)
		return;
	if (w->s->cl.hosts[r->host].type == 1)
		w->on_big++;
	else
		w->on_other++;
}

/* memberOf constraints decide where tasks go, from the task definition and
 * the service together; a workload nobody can take is rejected with the
 * constraint as its reason. */
TEST(test_sim_member_of_constraints)
{
	static const char *text =
		"{\"duration\": \"2h\", \"metricsInterval\": \"1h\","
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		"  \"instanceTypes\": [{\"name\": \"m5.large\", \"cpu\": 2048, \"memory\": 8192},"
		"                      {\"name\": \"m5.4xlarge\", \"cpu\": 16384, \"memory\": 65536}],"
		"  \"instances\": [{\"instanceType\": \"m5.large\", \"count\": 20},"
		"                {\"instanceType\": \"m5.4xlarge\", \"count\": 4, \"attributes\": {\"rack\": \"r1\"}}]},"
		" \"taskDefinitions\": [{\"family\": \"web\", \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 256, \"memory\": 256}],"
		"   \"placementConstraints\": [{\"type\": \"memberOf\", \"expression\": \"attribute:ecs.instance-type =~ m5.*\"}]},"
		"  {\"family\": \"job\", \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 10, \"memory\": 10}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 30,"
		"   \"placementConstraints\": [{\"type\": \"memberOf\", \"expression\": \"attribute:rack exists and attribute:ecs.availability-zone in [a, b]\"}]}],"
		" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"job\", \"arrival\": {\"type\": \"interval\", \"interval\": \"10m\"},"
		"   \"duration\": 60, \"placementConstraints\": [{\"type\": \"memberOf\", \"expression\": \"attribute:rack == r2\"}]}]}";
	scenario sc;
	sim s;
	struct placed_watch w = { .s = &s };
	sim_observer obs = { .ctx = &w, .task_done = watch_task };

	CHECK_EQ(run_text(text, NULL, 0, 1, &s, &sc, &obs), 0);
	CHECK_EQ(s.svcs[0].running, 30);
	/* still running at the end: reported by sim_finish */
	CHECK_EQ(w.on_big, 30);
	CHECK_EQ(w.on_other, 0);
	CHECK_EQ(w.rejected_member_of, 13); /* t = 0, 10m, ..., 2h */
	CHECK_EQ(s.st.rejections[CL_CHECK_MEMBER_OF], 13);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
