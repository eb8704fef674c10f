/* test_measure.c - measuring from a time: the warm-up ($.measureFrom) on a
 * cluster whose every figure is worked out by hand, with and without it.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/test.h"
#include "tests/support.h"
#include "reports/summary.h"
#include "sim/support/units.h"

/* Three hosts of one vCPU at 1 USD an hour, for 4 h.  A service of one
 * task that takes a whole host: placed at 0, RUNNING at 10 min, healthy
 * at 20 min (a cold start).  Four standalone tasks of a whole host each,
 * at 0, 30, 90 and 150 min, each running 60 min: A [0, 60), B [30, 90),
 * C [90, 150), D [150, 210).  Nothing is ever rejected (three hosts, at
 * most three tasks).  With measureFrom at 60 min, A's completion at
 * exactly 60 min is counted, its submission is not. */
static const char *warm_text(const char *measure)
{
	static char buf[2048];

	snprintf(buf, sizeof(buf),
		 "{\"duration\": \"4h\", \"metricsInterval\": \"1h\"%s,"
		 " \"cluster\": {\"availabilityZones\": [\"a\"],"
		 "  \"instanceTypes\": [{\"name\": \"box\", \"cpu\": 1024, \"memory\": 1024,"
		 "   \"pricePerHour\": 1}],"
		 "  \"instances\": [{\"instanceType\": \"box\", \"count\": 3}]},"
		 " \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 600},"
		 "  \"healthyWithoutChecks\": \"600s\"},"
		 " \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 1024, \"memory\": 512,"
		 "  \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"t\","
		 "  \"desiredCount\": 1}],"
		 " \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"t\","
		 "  \"arrival\": {\"type\": \"times\", \"times\": [\"0s\", \"30m\", \"90m\", \"150m\"]},"
		 "  \"duration\": 3600}]}",
		 measure);
	return buf;
}

static json_t *run_summary(const char *text)
{
	scenario sc;
	sim s;
	json_t *sm = NULL;

	if (test_start(&s, &sc, NULL, text, NULL) < 0)
		return NULL;
	if (test_run_to(&s, INT64_MAX) == 0) {
		sim_finish(&s);
		sm = summary_build(&s, 0);
	}
	sim_destroy(&s);
	scenario_destroy(&sc);
	return sm;
}

/* The value at a dotted path ("hosts.mean_busy"), NAN if absent. */
static double at(const json_t *o, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		o = json_object_get(o, k);
	return o && json_is_number(o) ? json_number_value(o) : NAN;
}

TEST(test_measure_whole_run_by_hand)
{
	json_t *sm = run_summary(warm_text(""));

	CHECK(sm);
	/* task-minutes: the service 240, the workload 4 x 60 = 240, over 240 min */
	CHECK_NEAR(at(sm, "tasks.mean_running"), 2.0, 1e-12);
	CHECK_NEAR(at(sm, "hosts.mean_busy"), 2.0, 1e-12);
	CHECK_NEAR(at(sm, "utilization.cpu"), 2.0 / 3.0, 1e-12);
	/* healthy from 20 of 240 minutes */
	CHECK_NEAR(at(sm, "availability"), 220.0 / 240.0, 1e-12);
	CHECK_NEAR(at(sm, "services.web.degraded_seconds"), 1200, 1e-9);
	CHECK_NEAR(at(sm, "services.web.downtime_seconds"), 1200, 1e-9);
	CHECK_NEAR(at(sm, "cost_usd"), 12, 1e-9);
	CHECK_NEAR(at(sm, "cost.per_hour_usd"), 3, 1e-9);
	/* idle: 3 USD/h x (1 - reserved share), reserved (r + 1) / 3 */
	CHECK_NEAR(at(sm, "cost.idle_usd"), 12 - 8, 1e-9);
	CHECK_NEAR(at(sm, "hosts.instance_hours"), 12, 1e-9);
	CHECK_EQ(at(sm, "tasks.submitted"), 5); /* 4 standalone + 1 service */
	CHECK_EQ(at(sm, "tasks.completed"), 4);
	/* percentiles: the service's start (10 min), the four placements */
	CHECK_EQ(at(sm, "percentiles.task_start_s.count"), 1);
	CHECK_NEAR(at(sm, "percentiles.task_start_s.p50"), 600, 0);
	CHECK_EQ(at(sm, "percentiles.pending_s.count"), 4);
	CHECK(isnan(at(sm, "tasks.running_at_measure_from")));
	CHECK(isnan(at(sm, "measure_from_seconds")));
	json_decref(sm);
}

TEST(test_measure_from_an_hour_by_hand)
{
	json_t *sm = run_summary(warm_text(", \"measureFrom\": \"1h\""));

	CHECK(sm);
	CHECK_NEAR(at(sm, "measure_from_seconds"), 3600, 0);
	CHECK_NEAR(at(sm, "sim_seconds"), 4 * 3600, 0);
	/* from 60 to 240 min: the service 180, B 30, C 60, D 60 task-minutes */
	CHECK_NEAR(at(sm, "tasks.mean_running"), 330.0 / 180.0, 1e-12);
	CHECK_NEAR(at(sm, "hosts.mean_busy"), 330.0 / 180.0, 1e-12);
	CHECK_NEAR(at(sm, "hosts.mean_up"), 3, 1e-12);
	CHECK_NEAR(at(sm, "utilization.cpu"), 330.0 / 540.0, 1e-12);
	/* healthy the whole time measured */
	CHECK_NEAR(at(sm, "availability"), 1.0, 0);
	CHECK_NEAR(at(sm, "services.web.availability"), 1.0, 0);
	CHECK_NEAR(at(sm, "services.web.degraded_seconds"), 0, 0);
	CHECK_NEAR(at(sm, "cost_usd"), 9, 1e-9);
	CHECK_NEAR(at(sm, "cost.per_hour_usd"), 3, 1e-9);
	CHECK_NEAR(at(sm, "cost.on_demand_usd"), 9, 1e-9);
	CHECK_NEAR(at(sm, "cost.by_instance_type.box.on_demand_hours"), 9, 1e-9);
	CHECK_NEAR(at(sm, "cost.idle_usd"), 9 - 330.0 / 60, 1e-9);
	CHECK_NEAR(at(sm, "hosts.instance_hours"), 9, 1e-9);
	/* events from 60 min on: C and D submitted and placed; A (at exactly
	 * 60 min), B, C, D completed; A and B and the service ran at 60 min */
	CHECK_EQ(at(sm, "tasks.submitted"), 2);
	CHECK_EQ(at(sm, "tasks.placed"), 2);
	CHECK_EQ(at(sm, "tasks.completed"), 4);
	CHECK_EQ(at(sm, "tasks.running_at_measure_from"), 3);
	/* percentiles of what happened from 60 min: C's and D's placements;
	 * the service started in the warm-up */
	CHECK_EQ(at(sm, "percentiles.pending_s.count"), 2);
	CHECK_EQ(at(sm, "percentiles.task_start_s.count"), 0);
	CHECK_EQ(at(sm, "tasks.running_at_end"), 1);
	/* placed + running at measureFrom = completed + killed + stopped + running at end */
	CHECK_EQ(at(sm, "tasks.placed") + at(sm, "tasks.running_at_measure_from"),
		 at(sm, "tasks.completed") + at(sm, "tasks.killed") + at(sm, "tasks.stopped") +
			 at(sm, "tasks.running_at_end"));
	json_decref(sm);
}

/* The warm-up changes what the summary measures, never the run: the time
 * series and task log are the same, byte for byte. */
TEST(test_measure_from_leaves_the_run_alone)
{
	char a[1 << 16], b[1 << 16], cmd[4096], path[1200];
	const char *dir = test_tmpdir();
	FILE *f;

	snprintf(path, sizeof(path), "%s/w.json", dir);
	f = fopen(path, "w");
	fputs(warm_text(""), f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s run w.json -o a --no-plots --quiet && "
		 "%s run w.json -o b --no-plots --quiet --set measureFrom=5400", test_ecsim(),
		 test_ecsim());
	CHECK_EQ(test_run(dir, cmd), 0);
	for (int i = 0; i < 3; i++) {
		static const char *const files[] = { "timeseries.csv", "tasks.csv", "cost.csv" };
		snprintf(path, sizeof(path), "%s/a/%s", dir, files[i]);
		test_slurp(path, a, sizeof(a));
		snprintf(path, sizeof(path), "%s/b/%s", dir, files[i]);
		test_slurp(path, b, sizeof(b));
		CHECK(*a);
		CHECK_STR(a, b);
	}
}

TEST(test_measure_from_must_be_inside_the_run)
{
	scenario sc;
	ecs_err e = { 0 };
	char path[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/w.json", test_tmpdir());
	f = fopen(path, "w");
	fputs(warm_text(", \"measureFrom\": \"4h\""), f);
	fclose(f);
	CHECK(scenario_load(&sc, path, NULL, 0, &e) < 0);
	CHECK(strstr(e.msg, "$.measureFrom: must be before the end of the run"));
}

/* ---- batch means ----------------------------------------------------------- */

/* One host; a task every hour from 0, each running 45 min.  In batches
 * of 90 min the mean number of tasks running alternates:
 * [0, 90): 45 + 30 = 75 task-min, 5/6;  [90, 180): 15 + 45 = 60, 2/3;
 * then 5/6 and 2/3 again.  Mean 3/4, standard deviation
 * sqrt(4 (1/12)^2 / 3) = sqrt(1/108), half-width t(0.975, 3) sd / 2,
 * lag-1 autocorrelation -3a^2 / 4a^2 = -0.75. */
static const char *alt_text =
	"{\"duration\": \"6h\", \"metricsInterval\": \"1h\","
	" \"cluster\": {\"availabilityZones\": [\"a\"],"
	"  \"instanceTypes\": [{\"name\": \"box\", \"cpu\": 1024, \"memory\": 1024,"
	"   \"pricePerHour\": 1}],"
	"  \"instances\": [{\"instanceType\": \"box\", \"count\": 1}]},"
	" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 1024, \"memory\": 512,"
	"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"
	" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"t\","
	"  \"arrival\": {\"type\": \"interval\", \"interval\": \"1h\"}, \"duration\": 2700}]}";

/* Runs "ecsim run F.json OPTIONS" in a scratch folder on text; the summary
 * (a new reference), NULL if the run failed. */
static json_t *cli_summary(const char *text, const char *options)
{
	char cmd[4096], path[1200];
	const char *dir = test_tmpdir();
	FILE *f;

	snprintf(path, sizeof(path), "%s/s.json", dir);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s run s.json -o out --no-plots --quiet %s", test_ecsim(),
		 options);
	if (test_run(dir, cmd) != 0) {
		fprintf(stderr, "  %s", test_err);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/out/summary.json", dir);
	return json_load_file(path, 0, NULL);
}

TEST(test_batch_means_by_hand)
{
	json_t *sm = cli_summary(alt_text, "--batches 4"), *bm, *m;
	double sd = sqrt(1.0 / 108), half = 3.182446305284263 * sd / 2;

	CHECK(sm);
	bm = json_object_get(sm, "batch_means");
	CHECK_NEAR(at(bm, "batches"), 4, 0);
	CHECK_NEAR(at(bm, "batch_seconds"), 5400, 0);
	CHECK_NEAR(at(bm, "from_seconds"), 0, 0);
	m = json_object_get(json_object_get(bm, "metrics"), "tasks.mean_running");
	CHECK(m);
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(m, "values"), 0)), 5.0 / 6,
		   1e-9);
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(m, "values"), 1)), 2.0 / 3,
		   1e-9);
	CHECK_NEAR(at(m, "mean"), 0.75, 1e-9);
	CHECK_NEAR(at(m, "stddev"), sd, 1e-9);
	CHECK_NEAR(at(m, "ci95_low"), 0.75 - half, 1e-9);
	CHECK_NEAR(at(m, "ci95_high"), 0.75 + half, 1e-9);
	CHECK_NEAR(at(m, "lag1_autocorrelation"), -0.75, 1e-9);
	/* a count per batch, the events at a boundary in the batch it starts,
	 * those at the end in the last: 0 and 1 h | 2 h | 3 h and 4 h | 5 h and 6 h */
	m = json_object_get(json_object_get(bm, "metrics"), "tasks.submitted");
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(m, "values"), 0)), 2, 0);
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(m, "values"), 1)), 1, 0);
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(m, "values"), 2)), 2, 0);
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(m, "values"), 3)), 2, 0);
	CHECK_EQ(json_array_size(json_object_get(bm, "warnings")), 0);
	json_decref(sm);
}

/* Batches read the run and change nothing: the summary is that of the run
 * without them, but for batch_means. */
TEST(test_batch_means_leave_the_summary_alone)
{
	json_t *a = cli_summary(warm_text(", \"measureFrom\": \"1h\""), "--batches 3");
	json_t *b = cli_summary(warm_text(", \"measureFrom\": \"1h\""), "");
	json_t *m;

	CHECK(a && b);
	/* batches of 1 h from 1 h: the service's availability is 1 in each */
	m = json_object_get(json_object_get(json_object_get(a, "batch_means"), "metrics"),
			    "availability");
	CHECK_NEAR(at(m, "mean"), 1, 0);
	CHECK_NEAR(at(m, "ci95_high"), 1, 0);
	/* [60, 120): service 60 + B 30 + C 30; [120, 180): 60 + 60; [180, 240): 60 + 30 */
	m = json_object_get(json_object_get(json_object_get(a, "batch_means"), "metrics"),
			    "tasks.mean_running");
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(m, "values"), 0)), 2.0, 1e-12);
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(m, "values"), 1)), 2.0, 1e-12);
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(m, "values"), 2)), 1.5, 1e-12);
	json_object_del(a, "batch_means");
	/* the provenance's command line says --batches: that is the only
	 * difference there */
	CHECK(strstr(json_string_value(json_object_get(json_object_get(a, "provenance"),
							"command_line")), "--batches 3"));
	json_object_del(json_object_get(a, "provenance"), "command_line");
	json_object_del(json_object_get(b, "provenance"), "command_line");
	for (int i = 0; i < 2; i++) {
		json_object_del(i ? a : b, "wall_seconds");
		json_object_del(i ? a : b, "peak_rss_mib");
	}
	CHECK(json_equal(a, b));
	json_decref(a);
	json_decref(b);
}

/* Five busy hours, then five idle ones, in ten batches: the batch means
 * 1 1 1 1 1 0 0 0 0 0 have lag-1 autocorrelation (8 - 1) / 4 / 2.5 = 0.7,
 * above 1.96 / sqrt(10) = 0.62: a warning names the metric. */
TEST(test_batch_means_warn_when_correlated)
{
	static const char *text =
		"{\"duration\": \"10h\", \"metricsInterval\": \"1h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"box\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": [{\"instanceType\": \"box\", \"count\": 1}]},"
		" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 1024, \"memory\": 512,"
		"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"t\", \"end\": \"5h\","
		"  \"arrival\": {\"type\": \"interval\", \"interval\": \"1h\"}, \"duration\": 3600}]}";
	json_t *sm = cli_summary(text, "--batches 10"), *bm, *w;
	const char *msg;
	size_t i;
	int found = 0;

	CHECK(sm);
	bm = json_object_get(sm, "batch_means");
	CHECK_NEAR(at(json_object_get(json_object_get(bm, "metrics"), "tasks.mean_running"),
		      "lag1_autocorrelation"), 0.7, 1e-9);
	CHECK_NEAR(at(bm, "lag1_limit"), 1.96 / sqrt(10), 1e-9);
	json_array_foreach(json_object_get(bm, "warnings"), i, w) {
		msg = json_string_value(w);
		if (strncmp(msg, "tasks.mean_running: the lag-1 autocorrelation of the batch means "
			    "is 0.70, above 0.62", 84) == 0)
			found = 1;
	}
	CHECK(found);
	json_decref(sm);
}

TEST(test_batch_means_usage)
{
	char cmd[4096], path[1200];
	const char *dir = test_tmpdir();
	FILE *f;

	snprintf(path, sizeof(path), "%s/s.json", dir);
	f = fopen(path, "w");
	fputs(alt_text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s run s.json -o out --batches 1", test_ecsim());
	CHECK_EQ(test_run(dir, cmd), 2);
	CHECK(strstr(test_err, "--batches wants an integer from 2 to 1000, not '1'"));
	snprintf(cmd, sizeof(cmd), "%s run s.json -o out --batches 1000 --set duration=999",
		 test_ecsim());
	CHECK_EQ(test_run(dir, cmd), 1);
	CHECK(strstr(test_err, "--batches 1000: batches would be shorter than a second"));
}
