/* test_failures.c - instance failures per type, zone outages (scheduled and
 * random) and failure domains: what goes down together, what comes back,
 * the counters and the cluster events, and what a service keeps running.
 */
#include <stdlib.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

/* What the observer saw. */
struct watch {
	int nevents;
	char events[256][32];
	char details[256][200];
	int64_t min_running[4]; /* per service, over samples at or after from */
	int64_t from;
	int nsamples;
	int zone_split;         /* a sample found a zone partly down (with zones) */
	int32_t per_zone;       /* hosts per zone, for zone_split */
	int64_t zone_starts;    /* zone-outage-started events, all of them */
};

static void on_event(void *ctx, int64_t time, const char *service, const char *event,
		     const char *detail)
{
	struct watch *w = ctx;
	(void)time;
	(void)service;
	w->zone_starts += strcmp(event, "zone-outage-started") == 0;
	if (w->nevents < 256) {
		snprintf(w->events[w->nevents], sizeof(w->events[0]), "%s", event);
		snprintf(w->details[w->nevents], sizeof(w->details[0]), "%s", detail);
		w->nevents++;
	}
}

static void on_sample(void *ctx, const sim *s)
{
	struct watch *w = ctx;

	if (s->eng.now < w->from)
		return;
	w->nsamples++;
	for (int i = 0; i < s->nsvcs && i < 4; i++)
		if (w->nsamples == 1 || s->svcs[i].running < w->min_running[i])
			w->min_running[i] = s->svcs[i].running;
	if (w->per_zone)
		for (int z = 0; z < s->sc->nzones; z++) {
			int32_t down = 0;
			for (int32_t h = 0; h < s->cl.nhosts; h++)
				down += s->cl.hosts[h].zone == z && s->cl.hosts[h].state == CL_DOWN;
			if (down != 0 && down != w->per_zone)
				w->zone_split = 1;
		}
}

static int count(const struct watch *w, const char *event)
{
	int n = 0;
	for (int i = 0; i < w->nevents; i++)
		n += strcmp(w->events[i], event) == 0;
	return n;
}

static int start(sim *s, scenario *sc, const char *text, struct watch *w)
{
	sim_observer obs = { .ctx = w, .event = on_event, .sample = on_sample };

	return test_start(s, sc, NULL, text, &obs);
}

static int run_to(sim *s, int64_t t)
{
	return test_run_to(s, t);
}

/* Three zones of three 4-task instances; services spread by zone (the
 * default). */
#define ZONES3                                                                         \
	" \"cluster\": {\"availabilityZones\": [\"a\", \"b\", \"c\"],"                 \
	"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"   \
	"  \"instances\": [{\"instanceType\": \"m\", \"count\": 9}]},"                 \
	" \"taskDefinitions\": [{\"family\": \"t\","                                   \
	"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024}]}],"

/* Issue 5: with spread by zone, a one-zone outage of three keeps at least
 * two thirds of each service running, the lost third comes back in the
 * other zones, and the whole zone goes down and comes back at once. */
TEST(test_failures_zone_outage_spread_keeps_two_thirds)
{
	static const char *text =
		"{\"duration\": \"1h\", \"metricsInterval\": \"5s\"," ZONES3
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"t\", \"desiredCount\": 6},"
		"  {\"serviceName\": \"api\", \"taskDefinition\": \"t\", \"desiredCount\": 9}],"
		" \"failures\": {\"zoneOutages\": [{\"zone\": \"b\", \"start\": \"10m\","
		"  \"duration\": \"30m\"}]}}";
	scenario sc;
	sim s;
	struct watch w = { .from = S(300), .per_zone = 3 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(600) - 1), 0);
	CHECK_EQ(s.svcs[0].running, 6);
	CHECK_EQ(s.svcs[1].running, 9);
	CHECK_EQ(run_to(&s, S(600)), 0);
	/* exactly the zone's third is lost */
	CHECK_EQ(s.svcs[0].running, 4);
	CHECK_EQ(s.svcs[1].running, 6);
	CHECK_EQ(s.cl.hosts_up, 6);
	CHECK_EQ(run_to(&s, S(3600)), 0);
	sim_finish(&s);
	CHECK_INT(w.nsamples, >, 600);
	CHECK_INT(w.min_running[0], >=, 4);
	CHECK_INT(w.min_running[1], >=, 6);
	CHECK_EQ(w.zone_split, 0);
	CHECK_EQ(s.svcs[0].running, 6);
	CHECK_EQ(s.svcs[1].running, 9);
	CHECK_EQ(s.st.killed, 5);
	CHECK_EQ(s.st.zone_outages, 1);
	CHECK_EQ(s.st.zone_outage_hosts, 3);
	CHECK_EQ(s.st.host_failures, 3);
	CHECK_EQ(s.st.host_repairs, 3);
	CHECK_EQ(s.st.instance_failures, 0);
	CHECK_EQ(count(&w, "zone-outage-started"), 1);
	CHECK_EQ(count(&w, "zone-outage-ended"), 1);
	for (int i = 0; i < w.nevents; i++)
		if (strcmp(w.events[i], "zone-outage-started") == 0)
			CHECK_STR(w.details[i], "zone b is out: 3 instances went down");
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Per-type rules: an entry with instanceType for that type, one without
 * for the others; constant times give exact counts. */
TEST(test_failures_per_instance_type)
{
	static const char *text =
		"{\"duration\": \"1h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"x\", \"cpu\": 1024, \"memory\": 1024},"
		"   {\"name\": \"y\", \"cpu\": 1024, \"memory\": 1024},"
		"   {\"name\": \"z\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": [{\"instanceType\": \"x\"}, {\"instanceType\": \"y\"},"
		"   {\"instanceType\": \"z\"}]},"
		" \"failures\": {\"instances\": ["
		"  {\"timeToFailure\": 1000, \"timeToRepair\": 50},"
		"  {\"instanceType\": \"x\", \"timeToFailure\": 100, \"timeToRepair\": 50}]}}";
	scenario sc;
	sim s;
	struct watch w = { 0 };
	int on_x = 0;

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(3600)), 0);
	sim_finish(&s);
	/* x: up 100 s + 1 us, down 50 s: 24 failures in an hour; y and z (the
	 * default entry): up 1000 s + 1 us, down 50 s: 3 each */
	CHECK_EQ(s.st.instance_failures, 24 + 3 + 3);
	CHECK_EQ(s.st.host_failures, 30);
	CHECK_EQ(count(&w, "instance-failed"), 30);
	for (int i = 0; i < w.nevents; i++)
		on_x += strstr(w.details[i], "(x, zone a) failed") != NULL;
	CHECK_EQ(on_x, 24);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Instances with the same value of the domain attribute fail together;
 * instances without the attribute never do. */
TEST(test_failures_domain_fails_together)
{
	static const char *text =
		"{\"duration\": \"1000s\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 3, \"attributes\": {\"rack\": \"r1\"}},"
		"   {\"instanceType\": \"m\", \"count\": 2}]},"
		" \"failures\": {\"domains\": {\"attribute\": \"rack\", \"timeToFailure\": 600,"
		"  \"timeToRepair\": 60}}}";
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(630)), 0);
	CHECK_EQ(s.cl.hosts_up, 2);
	for (int32_t h = 0; h < 3; h++)
		CHECK_EQ(s.cl.hosts[h].state, CL_DOWN);
	CHECK_EQ(run_to(&s, S(1000)), 0);
	sim_finish(&s);
	CHECK_EQ(s.cl.hosts_up, 5);
	CHECK_EQ(s.st.domain_failures, 1);
	CHECK_EQ(s.st.domain_hosts, 3);
	CHECK_EQ(s.st.host_repairs, 3);
	CHECK_EQ(count(&w, "domain-failed"), 1);
	CHECK_STR(w.details[0], "rack r1 failed: 3 instances went down");
	CHECK_EQ(count(&w, "domain-repaired"), 1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* A host held down by two causes comes back only when both are over: an
 * instance repaired during its zone's outage stays down until the end. */
TEST(test_failures_overlapping_causes)
{
	static const char *text =
		"{\"duration\": \"350s\","
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 1024, \"memory\": 1024}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"zone\": \"a\"}]},"
		" \"failures\": {\"instances\": {\"timeToFailure\": 150, \"timeToRepair\": 100},"
		"  \"zoneOutages\": [{\"zone\": \"a\", \"start\": 100, \"duration\": 200}]}}";
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(260)), 0); /* its own repair was at 250 s */
	CHECK_EQ(s.cl.hosts[0].state, CL_DOWN);
	CHECK_EQ(s.st.instance_failures, 1);
	CHECK_EQ(count(&w, "instance-repaired"), 1);
	CHECK_EQ(run_to(&s, S(300)), 0);
	CHECK_EQ(s.cl.hosts[0].state, CL_ACTIVE);
	CHECK_EQ(s.st.host_failures, 1); /* down once, for two reasons */
	CHECK_EQ(s.st.host_repairs, 1);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* Random outages take a whole zone down at a time, same seed same run. */
TEST(test_failures_random_zone_outages)
{
	static const char *text =
		"{\"duration\": \"2d\", \"metricsInterval\": \"1m\"," ZONES3
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"t\", \"desiredCount\": 6}],"
		" \"failures\": {\"randomZoneOutages\": {\"rate\": \"1/h\","
		"  \"duration\": {\"type\": \"uniform\", \"min\": 60, \"max\": 600}}}}";
	int64_t outages[2];

	for (int k = 0; k < 2; k++) {
		scenario sc;
		sim s;
		struct watch w = { .per_zone = 3 };
		if (start(&s, &sc, text, &w) < 0)
			TEST_FAILED("cannot start");
		CHECK_EQ(run_to(&s, S(2 * 86400)), 0);
		sim_finish(&s);
		outages[k] = s.st.zone_outages;
		/* about 48 drawn; overlapping draws on one zone merge */
		CHECK_INT(s.st.zone_outages, >, 25);
		CHECK_INT(s.st.zone_outages, <, 80);
		CHECK_EQ(s.st.zone_outage_hosts, 3 * s.st.zone_outages);
		CHECK_EQ(w.zone_split, 0);
		CHECK_EQ(w.zone_starts, s.st.zone_outages);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
	CHECK_EQ(outages[0], outages[1]);
}

/* Every cause at once, often, with --check after every event: instance
 * failures, zone outages (scheduled and random), domains, Spot with
 * draining, a maintenance drain, a daemon and standalone tasks.  Every
 * instance is up at the end exactly when no cause holds it. */
TEST(test_failures_all_causes_checked)
{
	static const char *text =
		"{\"duration\": \"1d\", \"metricsInterval\": \"10m\","
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\", \"c\"], \"spotDraining\": true,"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192, \"pricePerHour\": 1}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 6, \"attributes\": {\"rack\": \"r1\"}},"
		"   {\"instanceType\": \"m\", \"count\": 6, \"attributes\": {\"rack\": \"r2\"}},"
		"   {\"instanceType\": \"m\", \"count\": 6, \"purchaseOption\": \"spot\"}]},"
		" \"taskDefinitions\": [{\"family\": \"t\","
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 1024}]},"
		"  {\"family\": \"d\", \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 128, \"memory\": 128}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"t\", \"desiredCount\": 20},"
		"  {\"serviceName\": \"agent\", \"taskDefinition\": \"d\", \"schedulingStrategy\": \"DAEMON\"}],"
		" \"workloads\": [{\"name\": \"batch\", \"taskDefinition\": \"t\","
		"  \"arrival\": {\"type\": \"poisson\", \"rate\": \"30/h\"}, \"duration\": 600}],"
		" \"maintenance\": [{\"at\": \"3h\", \"drain\": 3, \"duration\": \"2h\"}],"
		" \"failures\": {\"instances\": {\"timeToFailure\": {\"type\": \"exponential\", \"mean\": \"6h\"},"
		"   \"timeToRepair\": {\"type\": \"exponential\", \"mean\": \"30m\"}},"
		"  \"zoneOutages\": [{\"zone\": \"a\", \"start\": \"4h\", \"duration\": \"1h\"},"
		"   {\"zone\": \"a\", \"start\": \"270m\", \"duration\": \"1h\"}],"
		"  \"randomZoneOutages\": {\"timeBetween\": {\"type\": \"exponential\", \"mean\": \"3h\"},"
		"   \"duration\": {\"type\": \"exponential\", \"mean\": \"20m\"}},"
		"  \"domains\": {\"attribute\": \"rack\", \"timeToFailure\": {\"type\": \"exponential\", \"mean\": \"8h\"},"
		"   \"timeToRepair\": \"15m\"},"
		"  \"spotInterruptions\": {\"instances\": {\"rate\": \"6/d\"}}}}";
	scenario sc;
	sim s;
	struct watch w = { 0 };

	if (start(&s, &sc, text, &w) < 0)
		TEST_FAILED("cannot start");
	CHECK_EQ(run_to(&s, S(86400)), 0);
	sim_finish(&s);
	CHECK_INT(s.st.instance_failures, >, 10);
	CHECK_INT(s.st.zone_outages, >, 2);
	CHECK_INT(s.st.domain_failures, >, 0);
	CHECK_INT(s.st.spot_interruptions, >, 10);
	for (int32_t h = 0; h < s.base_hosts; h++)
		if ((s.cl.hosts[h].state == CL_DOWN) != (s.fail->down_by[h] > 0))
			TEST_FAILED("host %d: state %d with %d causes", h, s.cl.hosts[h].state,
				    s.fail->down_by[h]);
	CHECK_EQ(s.st.host_failures - s.st.host_repairs, s.cl.nhosts - s.cl.hosts_up);
	sim_destroy(&s);
	scenario_destroy(&sc);
}
