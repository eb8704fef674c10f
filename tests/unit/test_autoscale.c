/* test_autoscale.c - Service Auto Scaling: target tracking and step scaling on a step in
 * load (3-datapoint scale-out, 15-datapoint gradual scale-in, cooldowns),
 * min and max capacity, scheduled actions, no scale-in during a deployment.
 *
 * Tasks start in 10 s and are healthy 40 s after RUNNING; 100 requests/s
 * per task; the metric is taken every minute from t = 60 s.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

struct log {
	int n;
	int64_t at[64];
	int64_t to[64];
	int out[64];
	int scheduled;
	int64_t max_desired, min_desired;
};

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct log *l = ctx;
	const char *p;

	if (strcmp(event, "autoscaling-scheduled") == 0)
		l->scheduled++;
	if (strcmp(event, "autoscaling") || l->n == 64)
		return;
	l->at[l->n] = time;
	l->out[l->n] = strstr(detail, " out from ") != NULL;
	p = strstr(detail, " to ");
	l->to[l->n++] = p ? atoll(p + 4) : -1;
}

static void on_sample(void *ctx, const sim *s)
{
	struct log *l = ctx;
	if (s->svcs[0].desired > l->max_desired)
		l->max_desired = s->svcs[0].desired;
	if (s->svcs[0].desired < l->min_desired)
		l->min_desired = s->svcs[0].desired;
}

static int start(sim *s, scenario *sc, const char *service_extra, const char *top_extra,
		 struct log *l)
{
	char text[4000];
	sim_observer obs = { .ctx = l, .event = on_event, .sample = on_sample };

	*l = (struct log){ .min_desired = INT64_MAX };
	snprintf(text, sizeof(text),
		 "{\"duration\": \"4h\", %s"
		 " \"taskLifecycle\": {\"startLatency\": {\"EC2\": 10}},"
		 " \"cluster\": {\"availabilityZones\": [\"a\"],"
		 "  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 8192, \"memory\": 16384}],"
		 "  \"instances\": [{\"instanceType\": \"m\", \"count\": 8}]},"
		 " \"taskDefinitions\": [{\"family\": \"web\","
		 "  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 512}]},"
		 "  {\"family\": \"web\", \"revision\": 2, \"failure\": {\"startFailure\": 1},"
		 "  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 512}]}],"
		 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\","
		 "  \"desiredCount\": 2, %s}]}", top_extra, service_extra);
	return test_start(s, sc, NULL, text, &obs);
}

static int run_to(sim *s, int64_t t)
{
	return test_run_to(s, t);
}

#define STEP_DEMAND                                                                   \
	"\"demand\": {\"type\": \"steps\", \"initial\": 100, \"capacityPerTask\": 100," \
	" \"steps\": [{\"at\": \"30m\", \"value\": 800}, {\"at\": \"2h\", \"value\": 200}]}"

/* Demand steps from 100 to 800 requests/s at 30 min: CPU at 100 % against
 * a 50 % target.  Datapoints are one-minute averages (the one at 30 min is
 * the minute before the step), so the first scale-out comes on the third
 * datapoint above target (31, 32, 33 min) to ceil(2 x 100 / 50) = 4, then 8, then 16 = 800 /
 * (100 x 50 %), never closer than the 300 s cooldown; there it holds.  At 2 h
 * demand falls to 200: after 15 datapoints below 45 % the service scales in
 * one task (a tenth of 16, at least 1) per cooldown, never below minCapacity. */
TEST(test_autoscale_target_tracking_converges)
{
	scenario sc;
	sim s;
	struct log l;

	if (start(&s, &sc, STEP_DEMAND ", \"autoScaling\": {\"minCapacity\": 2, \"maxCapacity\": 40,"
		  " \"targetTracking\": [{\"metric\": \"ECSServiceAverageCPUUtilization\","
		  " \"target\": 50}]}", "", &l) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(7199)), 0);
	CHECK_EQ(l.n, 3);
	CHECK_EQ(l.at[0], S(1980));
	CHECK_EQ(l.to[0], 4);
	CHECK_EQ(l.to[1], 8);
	CHECK_EQ(l.to[2], 16);
	for (int i = 0; i < l.n; i++) {
		CHECK(l.out[i]);
		if (i > 0)
			CHECK_INT(l.at[i] - l.at[i - 1], >=, S(300));
	}
	CHECK_EQ(s.svcs[0].desired, 16);
	CHECK_EQ(s.svcs[0].healthy, 16);
	CHECK_EQ(s.as->t[0].scale_outs, 3);
	/* 200 requests/s on 16 tasks: 12.5 %; the first minute below ends at
	 * 2 h 1 min, the 15th at 2 h 15 min: the first scale-in */
	CHECK_EQ(run_to(&s, S(4 * 3600)), 0);
	CHECK_INT(l.n, >, 4);
	CHECK(!l.out[3]);
	CHECK_EQ(l.at[3], S(7200 + 15 * 60));
	CHECK_EQ(l.to[3], 15);
	for (int i = 4; i < l.n; i++) {
		CHECK(!l.out[i]);
		CHECK_INT(l.at[i] - l.at[i - 1], >=, S(300));
		CHECK_EQ(l.to[i], l.to[i - 1] - 1);
	}
	CHECK_INT(l.min_desired, >=, 2);
	CHECK_EQ(s.svcs[0].desired, l.to[l.n - 1]);
	CHECK_EQ(s.as->t[0].scale_ins, l.n - 3);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* maxCapacity caps the scale-out (demand left unserved); minCapacity holds
 * with no load; a scheduled action raises the minimum and desired follows. */
TEST(test_autoscale_min_max_and_scheduled_actions)
{
	scenario sc;
	sim s;
	struct log l;

	if (start(&s, &sc, STEP_DEMAND ", \"autoScaling\": {\"minCapacity\": 1, \"maxCapacity\": 5,"
		  " \"targetTracking\": [{\"metric\": \"ALBRequestCountPerTarget\","
		  " \"target\": 3000, \"scaleOutCooldown\": \"60s\"}]}", "", &l) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(7199)), 0);
	CHECK_EQ(s.svcs[0].desired, 5);
	CHECK_EQ(l.max_desired, 5);
	CHECK_INT(s.svcs[0].unserved_area, >, 0);
	sim_destroy(&s);
	scenario_destroy(&sc);

	if (start(&s, &sc, "\"demand\": {\"type\": \"constant\", \"value\": 0, \"capacityPerTask\": 100},"
		  " \"autoScaling\": {\"minCapacity\": 1, \"maxCapacity\": 5,"
		  " \"targetTracking\": [{\"metric\": \"ECSServiceAverageCPUUtilization\", \"target\": 50}],"
		  " \"scheduledActions\": [{\"at\": \"2h\", \"minCapacity\": 3}]}", "", &l) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(7199)), 0);
	CHECK_EQ(s.svcs[0].desired, 1);
	CHECK_EQ(l.min_desired, 1);
	CHECK_EQ(run_to(&s, S(4 * 3600)), 0);
	CHECK_EQ(l.scheduled, 1);
	CHECK_EQ(s.svcs[0].desired, 3);
	CHECK_EQ(s.svcs[0].healthy, 3);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A deployment that never completes (its tasks fail to start, no circuit
 * breaker) suspends scale-in: low load for hours scales nothing in.  The
 * same scenario without the deployment scales in. */
TEST(test_autoscale_no_scale_in_during_deployment)
{
	for (int dep = 0; dep <= 1; dep++) {
		scenario sc;
		sim s;
		struct log l;

		if (start(&s, &sc, "\"demand\": {\"type\": \"constant\", \"value\": 10,"
			  " \"capacityPerTask\": 100}, \"autoScaling\": {\"minCapacity\": 1,"
			  " \"maxCapacity\": 5, \"targetTracking\": [{\"metric\":"
			  " \"ECSServiceAverageCPUUtilization\", \"target\": 50}]}",
			  dep ? "\"deployments\": [{\"service\": \"web\", \"at\": \"5m\","
				" \"taskDefinition\": \"web:2\"}]," : "", &l) < 0)
			TEST_FAILED("cannot start");
		CHECK_EQ(run_to(&s, S(4 * 3600)), 0);
		if (dep) {
			CHECK(s.svcs[0].deploying);
			CHECK_EQ(s.as->t[0].scale_ins, 0);
			CHECK_EQ(s.svcs[0].desired, 2);
		} else {
			CHECK_EQ(s.as->t[0].scale_ins, 1);
			CHECK_EQ(s.svcs[0].desired, 1);
		}
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* Step scaling: CPU >= 70 for 2 minutes adds 1 task (up to 20 above the
 * threshold) or 3 (beyond); CPU < 30 for 5 minutes removes 50 %.  On the
 * step to 800 requests/s at 30 min: the datapoints are one-minute averages,
 * so the first above is the minute ending at 31 min and the alarm fires on
 * the second, at 32 min: 2 -> 5, then 8, 11 (100 % CPU) and 12 (72.7 %),
 * one policy cooldown apart; the demand falls at 2 h (200 requests/s,
 * 16.7 %): five minutes below from the minute ending 2 h 1 min, so
 * 12 -> 6 at 2 h 5 min. */
TEST(test_autoscale_step_scaling)
{
	scenario sc;
	sim s;
	struct log l;
	static const int64_t want_at[] = { 1920, 2220, 2520, 2820, 7500 };
	static const int64_t want_to[] = { 5, 8, 11, 12, 6 };

	if (start(&s, &sc, STEP_DEMAND ", \"autoScaling\": {\"minCapacity\": 1, \"maxCapacity\": 40,"
		  " \"stepScaling\": [{\"metric\": \"ECSServiceAverageCPUUtilization\","
		  "  \"comparison\": \"GreaterThanOrEqualToThreshold\", \"threshold\": 70,"
		  "  \"evaluationPeriods\": 2, \"adjustmentType\": \"ChangeInCapacity\","
		  "  \"stepAdjustments\": [{\"metricIntervalLowerBound\": 0,"
		  "   \"metricIntervalUpperBound\": 20, \"scalingAdjustment\": 1},"
		  "   {\"metricIntervalLowerBound\": 20, \"scalingAdjustment\": 3}]},"
		  "  {\"metric\": \"ECSServiceAverageCPUUtilization\", \"comparison\": \"LessThanThreshold\","
		  "  \"threshold\": 30, \"evaluationPeriods\": 5, \"adjustmentType\": \"PercentChangeInCapacity\","
		  "  \"stepAdjustments\": [{\"metricIntervalUpperBound\": 0, \"scalingAdjustment\": -50}]}]}",
		  "", &l) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(4 * 3600)), 0);
	CHECK_EQ(l.n, 5);
	for (int i = 0; i < l.n && i < 5; i++) {
		CHECK_EQ(l.at[i], S(want_at[i]));
		CHECK_EQ(l.to[i], want_to[i]);
	}
	CHECK_EQ(s.svcs[0].desired, 6);
	CHECK_EQ(s.as->t[0].scale_outs, 4);
	CHECK_EQ(s.as->t[0].scale_ins, 1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* CloudWatch's one-minute average: demand steps from 100 to 800 requests/s
 * at 30 min 30 s; on 2 tasks of 100 that is 50 % then 100 % CPU, so the
 * datapoint of the minute ending at 31 min is 75 % (the instant value
 * there is 100 %).  Against a target of 80 with one datapoint to scale out,
 * the first scale-out is at 32 min, not 31. */
TEST(test_autoscale_metric_is_the_minute_average)
{
	scenario sc;
	sim s;
	struct log l;

	if (start(&s, &sc, "\"demand\": {\"type\": \"steps\", \"initial\": 100, \"capacityPerTask\": 100,"
		  " \"steps\": [{\"at\": \"1830s\", \"value\": 800}]},"
		  " \"autoScaling\": {\"minCapacity\": 2, \"maxCapacity\": 40, \"scaleOutDatapoints\": 1,"
		  " \"targetTracking\": [{\"metric\": \"ECSServiceAverageCPUUtilization\","
		  " \"target\": 80}]}", "", &l) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(1900)), 0);
	CHECK_EQ(l.n, 0);
	CHECK_EQ(run_to(&s, S(1920)), 0);
	CHECK_EQ(l.n, 1);
	CHECK_EQ(l.at[0], S(1920));
	CHECK_EQ(l.to[0], 3); /* ceil(2 x 100 / 80) */
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* scaleInMaxStepPercent 100: target tracking scales in straight to the
 * proportional count, ceil(16 x 12.5 / 50) = 4, at 2 h 15 min (see
 * test_autoscale_target_tracking_converges for the rest). */
TEST(test_autoscale_scale_in_step_setting)
{
	scenario sc;
	sim s;
	struct log l;

	if (start(&s, &sc, STEP_DEMAND ", \"autoScaling\": {\"minCapacity\": 2, \"maxCapacity\": 40,"
		  " \"scaleInMaxStepPercent\": 100,"
		  " \"targetTracking\": [{\"metric\": \"ECSServiceAverageCPUUtilization\","
		  " \"target\": 50}]}", "", &l) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(4 * 3600)), 0);
	CHECK_INT(l.n, >=, 4);
	CHECK(!l.out[3]);
	CHECK_EQ(l.at[3], S(7200 + 15 * 60));
	CHECK_EQ(l.to[3], 4);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
