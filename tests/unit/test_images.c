/* test_images.c - container image pulls, with hand-worked times: a host's
 * pulls one after another, a pull shared by the tasks that want its image,
 * a deployment of a new image, the cache's budget and its least recently
 * used evictions, ECS_IMAGE_PULL_BEHAVIOR, the AMI's images, FARGATE's
 * pull every time, a warm start, a terminated instance's cold disk,
 * standalone tasks, and the --check invariant of the budget.
 *
 * Unless a case says otherwise: 100 MiB/s and 1 s of registry round trips
 * a pull, so web:1 and web:2 (1000 MiB) take 11 s and side:1 (200 MiB) 3 s.
 */
#include <math.h>
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/images.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct seen {
	int n, ndeps;
	int64_t submit[64], pull[64], wait[64];
	int64_t dep_end[8];
};

static void on_task(void *ctx, const sim_task_rec *r)
{
	struct seen *w = ctx;

	if (w->n < 64) {
		w->submit[w->n] = r->submit;
		w->pull[w->n] = r->pull;
		w->wait[w->n] = r->wait;
		w->n++;
	}
}

static void on_dep(void *ctx, const sim_deployment_rec *d)
{
	struct seen *w = ctx;

	if (w->ndeps < 8)
		w->dep_end[w->ndeps++] = d->end;
}

/* Runs text to its end under --check; the images' totals into v. */
static int run(const char *text, struct seen *w, sim_image_view *v)
{
	sim_observer obs = { .ctx = w, .task_done = on_task, .deployment_done = on_dep };
	scenario sc;
	sim s;
	int rc = 0;

	if (test_start(&s, &sc, NULL, text, &obs) < 0)
		return -1;
	if (test_run_to(&s, sc.duration) < 0)
		rc = -1;
	sim_finish(&s);
	sim_images_now(&s, v);
	sim_destroy(&s);
	scenario_destroy(&sc);
	return rc;
}

/* The pulls (s) of the tasks submitted at time at, sorted, into out. */
static int pulls_at(const struct seen *w, int64_t at, double *out)
{
	int n = 0;

	for (int i = 0; i < w->n; i++)
		if (w->submit[i] == S(at)) {
			double p = us_to_s(w->pull[i]);
			int k = n++;
			while (k > 0 && out[k - 1] > p) {
				out[k] = out[k - 1];
				k--;
			}
			out[k] = p;
		}
	return n;
}

/* How many tasks were submitted at time at, if every one of them waited
 * want s for its images; else -1. */
static int same_pulls(const struct seen *w, int64_t at, double want)
{
	double p[64];
	int n = pulls_at(w, at, p);

	for (int i = 0; i < n; i++)
		if (fabs(p[i] - want) > 1e-9)
			return -1;
	return n;
}

/* web:1 -> web:2 at 100 s -> web:1 at 300 s on two hosts, 4 tasks; the
 * cache budget, the behaviour. */
static void deploy_text(char *buf, size_t n, int cache_mib, const char *behavior,
			const char *preloaded)
{
	snprintf(buf, n,
		 "{\"duration\": \"400s\","
		 " \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 2},"
		 "  \"healthyWithoutChecks\": 0},"
		 " \"cluster\": {\"availabilityZones\": [\"a\"],"
		 "  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		 "  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}],"
		 "  \"imagePull\": {\"bandwidthMiBps\": 100, \"pullLatency\": 1, \"cacheMiB\": %d,"
		 "   \"behavior\": \"%s\"%s}},"
		 " \"images\": [{\"name\": \"web:1\", \"sizeMiB\": 1000},"
		 "  {\"name\": \"web:2\", \"sizeMiB\": 1000}, {\"name\": \"side:1\", \"sizeMiB\": 200}],"
		 " \"taskDefinitions\": ["
		 "  {\"family\": \"web\", \"revision\": 1, \"containerDefinitions\": ["
		 "   {\"name\": \"app\", \"image\": \"web:1\", \"cpu\": 512, \"memory\": 1024},"
		 "   {\"name\": \"side\", \"image\": \"side:1\", \"memory\": 64}]},"
		 "  {\"family\": \"web\", \"revision\": 2, \"containerDefinitions\": ["
		 "   {\"name\": \"app\", \"image\": \"web:2\", \"cpu\": 512, \"memory\": 1024},"
		 "   {\"name\": \"side\", \"image\": \"side:1\", \"memory\": 64}]}],"
		 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\","
		 "  \"desiredCount\": 4}],"
		 " \"deployments\": [{\"service\": \"web\", \"at\": \"100s\", \"taskDefinition\": \"web:2\"},"
		 "  {\"service\": \"web\", \"at\": \"300s\", \"taskDefinition\": \"web:1\"}]}",
		 cache_mib, behavior, preloaded);
}

/* deploy_text's scenario, run as run() does. */
static int run_deploy(int cache_mib, const char *behavior, const char *preloaded,
		      struct seen *w, sim_image_view *v)
{
	char text[4096];

	deploy_text(text, sizeof(text), cache_mib, behavior, preloaded);
	return run(text, w, v);
}

/* Two tasks per host at 0: web:1 [0, 11], then side:1 [11, 14] on each
 * host, the second task joining both pulls: all wait 14 s.  web:2 at 100:
 * [100, 111], side:1 is on disk but `default` asks the registry (1 s):
 * 11 s, RUNNING (and healthy) at 113.  At 300 web:1 is still cached
 * (2200 MiB within 2500): 1 s, healthy at 303.  No eviction. */
TEST(images_deployment_pulls_the_new_image_once_per_host)
{
	struct seen w = { 0 };
	sim_image_view v;

	if (run_deploy(2500, "default", "", &w, &v) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(same_pulls(&w, 0, 14), 4);
	CHECK_EQ(same_pulls(&w, 100, 11), 4);
	CHECK_EQ(same_pulls(&w, 300, 1), 4);
	CHECK_EQ(w.ndeps, 2);
	CHECK_EQ(w.dep_end[0], S(113));
	CHECK_EQ(w.dep_end[1], S(303));
	/* the first task of a host pulls or finds each image, the second joins
	 * (a pull of a cached image too): web:1, side:1, web:2 pulled per
	 * host; side:1 at 100 and both at 300 found; 2 joined per host each time */
	CHECK_EQ(v.pulls, 6);
	CHECK_EQ(v.cached, 2 + 4);
	CHECK_EQ(v.shared, 4 + 4 + 4);
	CHECK_EQ(v.evictions, 0);
	CHECK_NEAR(v.mib_pulled, 4400, 1e-9);
	CHECK_NEAR(v.max_wait_s, 14, 1e-9);
}

/* A 2000 MiB budget: web:2 makes 2200 at 100 s, over the budget but all in
 * use; the old tasks are STOPPED at 143 (stopTimeout 30 s from 113) and
 * web:1 goes, least recently used and no longer in use.  Back to web:1 at
 * 300: pulled again, [300, 311]: 11 s, healthy at 313; web:2 goes when its
 * tasks are gone.  Two evictions per host. */
TEST(images_budget_evicts_least_recently_used_when_no_task_uses_it)
{
	struct seen w = { 0 };
	sim_image_view v;

	if (run_deploy(2000, "default", "", &w, &v) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(same_pulls(&w, 300, 11), 4);
	CHECK_EQ(w.dep_end[1], S(313));
	CHECK_EQ(v.evictions, 4);
	CHECK_EQ(v.pulls, 8);
}

/* ECS_IMAGE_PULL_BEHAVIOR with web:1 cached at 300 s: prefer-cached and
 * once (the agent pulled it) use the copy: 0 s, healthy at 302; always
 * asks the registry as default does: 1 s. */
TEST(images_pull_behavior_on_a_cached_image)
{
	static const struct { const char *b; double pull; int64_t end; } cases[] = {
		{ "prefer-cached", 0, 302 }, { "once", 0, 302 }, { "always", 1, 303 },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		struct seen w = { 0 };
		sim_image_view v;
		double p[8];
		if (run_deploy(2500, cases[c].b, "", &w, &v) < 0)
			TEST_FAILED("cannot run %s", cases[c].b);
		CHECK_EQ(same_pulls(&w, 300, cases[c].pull), 4);
		CHECK_EQ(w.dep_end[1], S(cases[c].end));
		/* at 100 side:1 is cached: 0 or 1 s, web:2 still 11 s */
		CHECK_EQ(pulls_at(&w, 100, p), 4);
		CHECK_NEAR(p[3], 11, 1e-9);
	}
}

/* web:2 baked into the AMI (a warm fleet for the deployment): default asks
 * the registry (1 s); so does once, since the agent never pulled it (the
 * second task of a host joins that pull: 1 s too); prefer-cached uses it
 * (0 s). */
TEST(images_preloaded_in_the_ami)
{
	static const struct { const char *b; double first, second; } cases[] = {
		{ "default", 1, 1 }, { "once", 1, 1 }, { "prefer-cached", 0, 0 },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		struct seen w = { 0 };
		sim_image_view v;
		double p[8];
		if (run_deploy(2500, cases[c].b, ", \"preloaded\": [\"web:2\"]", &w, &v) < 0)
			TEST_FAILED("cannot run %s", cases[c].b);
		CHECK_EQ(pulls_at(&w, 100, p), 4);
		/* sorted: two hosts, each a first and a second task */
		CHECK_NEAR(p[0], cases[c].first < cases[c].second ? cases[c].first : cases[c].second,
			   1e-9);
		CHECK_NEAR(p[3], cases[c].first > cases[c].second ? cases[c].first : cases[c].second,
			   1e-9);
		CHECK_EQ(v.pulls, 4); /* web:1 and side:1 per host; never web:2 */
	}
}

#define ONE_HOST(pull, extra)                                                           \
	"\"cluster\": {\"availabilityZones\": [\"a\"],"                                 \
	" \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"      \
	" \"instances\": [{\"instanceType\": \"m\", \"count\": 1}],"                    \
	" \"imagePull\": " pull "}," extra                                             \
	"\"images\": [{\"name\": \"web:1\", \"sizeMiB\": 1000}],"                       \
	"\"taskDefinitions\": [{\"family\": \"web\", \"containerDefinitions\": ["       \
	" {\"name\": \"app\", \"image\": \"web:1\", \"cpu\": 512, \"memory\": 1024}]}],"

/* An instance that fails loses its disk: the replacement task after the
 * outage (the host is back at 150 s) pulls web:1 again, 11 s, not 1 s. */
TEST(images_failed_instance_comes_back_cold)
{
	static const char *text =
		"{\"duration\": \"300s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 2}},"
		ONE_HOST("{\"bandwidthMiBps\": 100, \"pullLatency\": 1}", "")
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 1}],"
		" \"failures\": {\"zoneOutages\": [{\"zone\": \"a\", \"start\": 100, \"duration\": 50}]}}";
	struct seen w = { 0 };
	sim_image_view v;

	if (run(text, &w, &v) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(same_pulls(&w, 0, 11), 1);
	CHECK_EQ(same_pulls(&w, 150, 11), 1);
	CHECK_EQ(v.pulls, 2);
}

/* A warm start: the initial tasks have run since long before time 0, so
 * their images are on the host; a task added at 50 s pays only the
 * registry round trip (1 s), or nothing with prefer-cached. */
TEST(images_warm_start_has_the_images_cached)
{
	static const char *fmt =
		"{\"duration\": \"100s\","
		" \"taskLifecycle\": {\"startLatency\": {\"EC2\": 2}},"
		ONE_HOST("{\"bandwidthMiBps\": 100, \"pullLatency\": 1, \"behavior\": \"%s\"}", "")
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 2, \"desiredCountChanges\": [{\"at\": \"50s\", \"desiredCount\": 3}]}]}";
	static const struct { const char *b; double pull; } cases[] = {
		{ "default", 1 }, { "prefer-cached", 0 },
	};
	for (size_t c = 0; c < 2; c++) {
		char text[4096];
		struct seen w = { 0 };
		sim_image_view v;
		snprintf(text, sizeof(text), fmt, cases[c].b);
		if (run(text, &w, &v) < 0)
			TEST_FAILED("cannot run");
		CHECK_EQ(same_pulls(&w, 50, cases[c].pull), 1);
		CHECK_EQ(v.pulls, 0);
	}
}

/* FARGATE keeps no image: every task pulls all of its images, at the
 * FARGATE throughput (500 MiB at 50 MiB/s + 1 s: 11 s), before its start
 * latency (5 s); the replacement of a task that crashed pulls again. */
TEST(images_fargate_pulls_every_time)
{
	static const char *text =
		"{\"duration\": \"200s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"eniAttach\": 0,"
		"  \"startLatency\": {\"FARGATE\": 5}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"], \"instanceTypes\": [], \"instances\": [],"
		"  \"imagePull\": {\"fargateBandwidthMiBps\": 50, \"pullLatency\": 1}},"
		" \"images\": [{\"name\": \"api:1\", \"sizeMiB\": 500}],"
		" \"taskDefinitions\": [{\"family\": \"api\", \"cpu\": \"256\", \"memory\": \"512\","
		"  \"networkMode\": \"awsvpc\", \"requiresCompatibilities\": [\"FARGATE\"],"
		"  \"failure\": {\"crashAfter\": 50},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"image\": \"api:1\"}]}],"
		" \"services\": [{\"serviceName\": \"api\", \"taskDefinition\": \"api\","
		"  \"desiredCount\": 2, \"launchType\": \"FARGATE\"}]}";
	struct seen w = { 0 };
	sim_image_view v;

	if (run(text, &w, &v) < 0)
		TEST_FAILED("cannot run");
	CHECK(w.n >= 4);
	for (int i = 0; i < w.n; i++)
		CHECK_NEAR(us_to_s(w.pull[i]), 11, 1e-9);
	CHECK_EQ(v.pulls, 0);
	CHECK_EQ(v.fargate_pulls, w.n);
}

/* Standalone tasks run once their images are on the host: a 300 MiB
 * image at 100 MiB/s with no round trip is 3 s, so the task of 10 s
 * arriving at 10 s ends at 23 s; the one at 20 s finds it cached, ends at
 * 30 s. */
TEST(images_standalone_task_runs_after_its_pull)
{
	static const char *text =
		"{\"duration\": \"100s\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 1}],"
		"  \"imagePull\": {\"bandwidthMiBps\": 100, \"pullLatency\": 0}},"
		" \"images\": [{\"name\": \"etl:1\", \"sizeMiB\": 300}],"
		" \"taskDefinitions\": [{\"family\": \"etl\", \"containerDefinitions\": ["
		"  {\"name\": \"c\", \"image\": \"etl:1\", \"cpu\": 256, \"memory\": 256}]}],"
		" \"workloads\": [{\"name\": \"etl\", \"taskDefinition\": \"etl\","
		"  \"arrival\": {\"type\": \"times\", \"times\": [10, 20]}, \"duration\": 10}]}";
	struct seen w = { 0 };
	sim_image_view v;
	sim_dist_view d;
	sim_observer obs = { .ctx = &w, .task_done = on_task };
	scenario sc;
	sim s;

	if (test_start(&s, &sc, NULL, text, &obs) < 0)
		TEST_FAILED("cannot start");
	if (test_run_to(&s, S(22)) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(w.n, 0);             /* the first is still running at 22 s */
	if (test_run_to(&s, S(23)) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(w.n, 1);
	CHECK_EQ(w.pull[0], S(3));
	if (test_run_to(&s, S(30)) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(w.n, 2);
	CHECK_EQ(w.pull[1], 0);
	sim_images_now(&s, &v);
	CHECK_EQ(v.pulls, 1);
	CHECK_EQ(v.cached, 1);
	/* the waits' nearest-rank percentiles: 0 and 3 s */
	sim_dist_now(&s, SIM_DIST_PULL, &d);
	CHECK_EQ(d.count, 2);
	CHECK_NEAR(d.p50, 0, 1e-9);
	CHECK_NEAR(d.p95, 3, 1e-9);
	sim_finish(&s);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* --check finds an instance over its budget with an image no task uses. */
TEST(images_check_finds_a_cache_over_its_budget)
{
	char text[4096];
	ecs_err e = { 0 };
	scenario sc;
	sim s;

	deploy_text(text, sizeof(text), 2500, "default", "");
	if (test_start(&s, &sc, NULL, text, NULL) < 0)
		TEST_FAILED("cannot start");
	if (test_run_to(&s, S(50)) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(sim_check(&s, &e), 0);
	/* host 0 holds web:1 and side:1 (1200 MiB), both in use; a budget of
	 * 1000 MiB is exceeded, but by images in use: allowed */
	sc.pull.cache_bytes = INT64_C(1000) * 1048576;
	CHECK_EQ(sim_check(&s, &e), 0);
	/* web:2, which no task on it uses, over the budget: a fault */
	s.img->hosts[0].e = xrealloc(s.img->hosts[0].e, 8 * sizeof(img_entry));
	s.img->hosts[0].e[s.img->hosts[0].n++] = (img_entry){ .image = 1 };
	s.img->hosts[0].bytes += INT64_C(1000) * 1048576;
	CHECK(sim_check(&s, &e) < 0);
	CHECK(strstr(e.msg, "more than its budget of 1000 MiB, and image web:2 is not in use"));
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Two pulls at once, each at half of 100 MiB/s: at 0 web:1 [0, 21] and
 * side:1 [0, 5] side by side, so the tasks wait 21 s (14 s one at a time);
 * web:2 at 100 s alone is no faster for it: [100, 121]. */
TEST(images_concurrent_pulls_share_the_throughput)
{
	struct seen w = { 0 };
	sim_image_view v;

	if (run_deploy(2500, "default", ", \"concurrentPulls\": 2", &w, &v) < 0)
		TEST_FAILED("cannot run");
	CHECK_EQ(same_pulls(&w, 0, 21), 4);
	CHECK_EQ(same_pulls(&w, 100, 21), 4);
	CHECK_EQ(v.pulls, 6);
}

/* A managed Auto Scaling group from zero: a job at 10 s waits for capacity,
 * and its new instance pulls etl:1 (3 s) once the job is placed. The group
 * scales in once idle, so the job at 3000 s waits again: on a new instance
 * it pulls again; on the instance a warm pool with reuseOnScaleIn stopped
 * (its disk kept) it finds the image (0 s); a pool without reuse refills
 * with a cold instance. */
TEST(images_new_instance_of_a_managed_group_pulls_after_the_wait)
{
	static const char *fmt =
		"{\"duration\": \"2h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 0, \"capacityProvider\": \"cp\"}],"
		"  \"capacityProviders\": [\"cp\"],"
		"  \"autoScalingGroupProviders\": [{\"capacityProvider\": \"cp\", \"minSize\": 0,"
		"   \"maxSize\": 1, \"managedScaling\": {\"targetCapacity\": 100},"
		"   \"instanceLaunchTime\": 60, \"provisioningTimeout\": \"30m\"%s}],"
		"  \"imagePull\": {\"bandwidthMiBps\": 100, \"pullLatency\": 0}},"
		" \"images\": [{\"name\": \"etl:1\", \"sizeMiB\": 300}],"
		" \"taskDefinitions\": [{\"family\": \"etl\", \"containerDefinitions\": ["
		"  {\"name\": \"c\", \"image\": \"etl:1\", \"cpu\": 2048, \"memory\": 2048}]}],"
		" \"workloads\": [{\"name\": \"etl\", \"taskDefinition\": \"etl\","
		"  \"arrival\": {\"type\": \"times\", \"times\": [10, 3000]}, \"duration\": 100,"
		"  \"capacityProviderStrategy\": [{\"capacityProvider\": \"cp\", \"weight\": 1}]}]}";
	static const struct { const char *pool; double second; } cases[] = {
		{ "", 3 },
		{ ", \"warmPool\": {\"instanceReusePolicy\": {\"reuseOnScaleIn\": true}}", 0 },
		{ ", \"warmPool\": {}", 3 },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		char text[4096];
		struct seen w = { 0 };
		sim_image_view v;
		snprintf(text, sizeof(text), fmt, cases[c].pool);
		if (run(text, &w, &v) < 0)
			TEST_FAILED("cannot run case %zu", c);
		CHECK_EQ(w.n, 2);
		CHECK(w.wait[0] > 0);
		CHECK(w.wait[1] > 0);
		CHECK_EQ(w.pull[0], S(3));
		CHECK_NEAR(us_to_s(w.pull[1]), cases[c].second, 1e-9);
	}
}
