/* test_stops.c - how tasks stop, as ECS reports it (issue 17): every
 * stopped task's stopCode and stoppedReason; a FARGATE_SPOT task gone two
 * minutes after its warning whatever the deregistration delay; placement
 * failure reasons in ECS's words.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)
#define MAXREC 4096

struct recs {
	int n;
	sim_task_rec r[MAXREC];
	char code[MAXREC][32], why[MAXREC][128];
};

static void on_task(void *ctx, const sim_task_rec *r)
{
	struct recs *w = ctx;

	if (w->n >= MAXREC)
		return;
	w->r[w->n] = *r;
	snprintf(w->code[w->n], sizeof(w->code[0]), "%s", r->stop_code ? r->stop_code : "");
	snprintf(w->why[w->n], sizeof(w->why[0]), "%s",
		 r->stopped_reason ? r->stopped_reason : "");
	w->n++;
}

/* The first record that ended for reason, or -1. */
static int first(const struct recs *w, enum sim_end reason)
{
	for (int i = 0; i < w->n; i++)
		if (w->r[i].reason == reason)
			return i;
	return -1;
}

static int start(sim *s, scenario *sc, const char *text, struct recs *w)
{
	sim_observer obs = { .ctx = w, .task_done = on_task };

	w->n = 0;
	return test_start(s, sc, NULL, text, &obs);
}

/* A standalone task that ran its course, one killed with its failed host,
 * a service task that failed to start, one stopped by scale-in. */
TEST(test_stops_codes_and_reasons)
{
	static const char *text =
		"{\"duration\": \"2h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 4}]},"
		" \"taskDefinitions\": ["
		"  {\"family\": \"job\", \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 256, \"memory\": 256}]},"
		"  {\"family\": \"bad\", \"failure\": {\"startFailure\": 1},"
		"   \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 256, \"memory\": 256}]},"
		"  {\"family\": \"web\", \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 256, \"memory\": 256}]}],"
		" \"services\": ["
		"  {\"serviceName\": \"bad\", \"taskDefinition\": \"bad\", \"desiredCount\": 1},"
		"  {\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 4,"
		"   \"desiredCountChanges\": [{\"at\": \"30m\", \"desiredCount\": 2}]}],"
		" \"workloads\": [{\"name\": \"jobs\", \"taskDefinition\": \"job\","
		"  \"arrival\": {\"type\": \"interval\", \"interval\": \"1m\"},"
		"  \"duration\": {\"type\": \"constant\", \"value\": \"10m\"}}],"
		" \"failures\": {\"instances\": {\"timeToFailure\": {\"type\": \"constant\", \"value\": \"1h\"},"
		"  \"timeToRepair\": {\"type\": \"constant\", \"value\": \"10m\"}}}}";
	static struct recs w;
	scenario sc;
	sim s;
	int i;

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(test_run_to(&s, S(7200)), 0);
	sim_finish(&s);
	CHECK((i = first(&w, SIM_END_COMPLETED)) >= 0);
	CHECK_STR(w.code[i], "EssentialContainerExited");
	CHECK_STR(w.why[i], "Essential container in task exited");
	CHECK((i = first(&w, SIM_END_HOST_FAILURE)) >= 0);
	CHECK_STR(w.code[i], "InfrastructureHealth");
	CHECK(strncmp(w.why[i], "Host EC2 (instance i-", 21) == 0);
	CHECK(strstr(w.why[i], ") failed"));
	CHECK((i = first(&w, SIM_END_START_FAILURE)) >= 0);
	CHECK_STR(w.code[i], "TaskFailedToStart");
	CHECK_STR(w.why[i], "Task failed to start (essential container exited)");
	CHECK((i = first(&w, SIM_END_SCALED_IN)) >= 0);
	CHECK_STR(w.code[i], "ServiceSchedulerInitiated");
	CHECK_STR(w.why[i], "Scaling activity initiated by a desired count change");
	CHECK((i = first(&w, SIM_END_RUNNING)) >= 0);
	CHECK_STR(w.code[i], "");
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A FARGATE_SPOT task behind a load balancer with a 300 s deregistration
 * delay is gone exactly two minutes after its warning (it lived 335 s
 * after it: the delay, the stop timeout and the ENI detach). */
TEST(test_stops_fargate_spot_two_minutes)
{
	static const char *text =
		"{\"duration\": \"6h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"capacityProviders\": [\"FARGATE_SPOT\"],"
		"  \"instanceTypes\": [], \"instances\": []},"
		" \"taskDefinitions\": [{\"family\": \"web\", \"networkMode\": \"awsvpc\","
		"  \"cpu\": \"1 vCPU\", \"memory\": \"2 GB\", \"containerDefinitions\": [{\"name\": \"c\"}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 4, \"loadBalancers\": [{}],"
		"  \"targetGroup\": {\"deregistrationDelay\": \"300s\"},"
		"  \"capacityProviderStrategy\": [{\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 1}]}],"
		" \"failures\": {\"spotInterruptions\": {\"fargate\": {\"rate\": \"1/h\"}}}}";
	static struct recs w;
	int64_t notice[64];
	int nn = 0, checked = 0;
	scenario sc;
	sim s;

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	/* the notices: the times the spot events fire, read from the records:
	 * every interrupted task ends 120 s after its interruption, which is
	 * the moment its replacement was submitted (launched at once) */
	CHECK_EQ(test_run_to(&s, S(6 * 3600)), 0);
	sim_finish(&s);
	for (int i = 0; i < w.n && nn < 64; i++)
		if (w.r[i].reason == SIM_END_SPOT) {
			CHECK_STR(w.code[i], "TerminationNotice");
			CHECK_STR(w.why[i], "Your Spot Task was interrupted.");
			notice[nn++] = w.r[i].end - S(120);
		}
	CHECK_INT(nn, >, 5);
	/* each notice time is a submission time of a replacement task */
	for (int k = 0; k < nn; k++)
		for (int i = 0; i < w.n; i++)
			if (w.r[i].submit == notice[k]) {
				checked++;
				break;
			}
	CHECK_EQ(checked, nn);
	CHECK_EQ(s.st.fargate_spot_interruptions, nn);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* tasks.csv has the two columns, with ECS's words. */
TEST(test_stops_tasks_csv_columns)
{
	const char *dir = test_tmpdir();
	char cmd[4000], p[1200], buf[65536];

	snprintf(cmd, sizeof(cmd), "'%s' run '%s/tests/data/whole-host.json' -o out --no-plots "
		 "--quiet", test_ecsim(), test_srcdir());
	CHECK_EQ(test_run(dir, cmd), 0);
	snprintf(p, sizeof(p), "%s/out/tasks.csv", dir);
	test_slurp(p, buf, sizeof(buf));
	CHECK(strncmp(buf, "task_id,group,host,zone,submit_s,start_s,end_s,end_reason,"
		      "rejection_reason,stop_code,stopped_reason,wait_s\n", 100) == 0);
}
