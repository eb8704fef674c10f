/* test_load.c - demand curves (services[].demand), the utilization they give
 * healthy tasks and unserved demand.
 *
 * Warm start: the initial tasks are RUNNING and healthy at time 0.
 */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/model/demand.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

static int load_text(scenario *sc, const char *text, const char *csv, ecs_err *e)
{
	char path[1100];
	const char *dir = test_tmpdir();
	FILE *f;

	if (csv) {
		snprintf(path, sizeof(path), "%s/load.csv", dir);
		f = fopen(path, "w");
		fputs(csv, f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/s.json", dir);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return scenario_load(sc, path, NULL, 0, e);
}

#define HEAD                                                                          \
	"{\"duration\": \"1h\","                                                      \
	" \"cluster\": {\"availabilityZones\": [\"a\"],"                              \
	"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"  \
	"  \"instances\": [{\"instanceType\": \"m\", \"count\": 4}]},"                \
	" \"taskDefinitions\": [{\"family\": \"web\","                                \
	"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 512, \"memory\": 512}]}],"

/* A constant 300 requests/s on tasks serving 100 each: with 4 healthy tasks
 * utilization is 300 / (4 x 100) = 75 % and nothing is unserved; with 2
 * the tasks are at 100 % and 100 requests/s go unserved for the whole hour. */
TEST(test_load_constant_utilization_and_unserved)
{
	for (int desired = 4; desired >= 2; desired -= 2) {
		char text[2000];
		scenario sc;
		sim s;
		ecs_err e = { 0 };
		sim_opts o = { .check = 1 };
		demand_util u;

		snprintf(text, sizeof(text), HEAD
			 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
			 "  \"desiredCount\": %d, \"demand\": {\"type\": \"constant\", \"value\": 300,"
			 "  \"capacityPerTask\": 100, \"idleMemoryPercent\": 20}}]}", desired);
		if (load_text(&sc, text, NULL, &e) < 0 || sim_init(&s, &sc, &o, NULL, &e) < 0)
			TEST_FAILED("%s", e.msg);
		CHECK_EQ(sim_run(&s, S(3600), &e), 0);
		sim_finish(&s);
		CHECK_EQ(s.svcs[0].healthy, desired);
		u = demand_apply(&sc.services[0].demand, s.svcs[0].demand, s.svcs[0].healthy);
		CHECK_NEAR(s.svcs[0].demand_area, 300.0 * 3600, 1e-6);
		if (desired == 4) {
			CHECK_NEAR(u.cpu, 75, 1e-9);
			CHECK_NEAR(u.mem, 20 + 0.8 * 75, 1e-9);
			CHECK_NEAR(u.unserved, 0, 1e-9);
			CHECK_NEAR(s.svcs[0].unserved_area, 0, 1e-9);
			CHECK_NEAR(s.svcs[0].overloaded_s, 0, 1e-9);
		} else {
			CHECK_NEAR(u.cpu, 100, 1e-9);
			CHECK_NEAR(u.mem, 100, 1e-9);
			CHECK_NEAR(u.unserved, 100, 1e-9);
			CHECK_NEAR(s.svcs[0].unserved_area, 100.0 * 3600, 1e-6);
			CHECK_NEAR(s.svcs[0].overloaded_s, 3600, 1e-6);
		}
		/* no healthy task: no utilization, all demand unserved */
		u = demand_apply(&sc.services[0].demand, 300, 0);
		CHECK(isnan(u.cpu) && isnan(u.mem));
		CHECK_NEAR(u.unserved, 300, 1e-9);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
}

/* The curve shapes: diurnal peaks at peakHour and bottoms out 12 h later;
 * steps and csv hold each value from its time on; spikes replace the base. */
TEST(test_load_curves)
{
	static const char *const curves[] = {
		"{\"type\": \"diurnal\", \"trough\": 10, \"peak\": 110, \"peakHour\": 14, "
		"\"capacityPerTask\": 1}",
		"{\"type\": \"steps\", \"initial\": 5, \"steps\": [{\"at\": \"10m\", \"value\": 50},"
		" {\"at\": \"20m\", \"value\": 20}], \"capacityPerTask\": 1}",
		"{\"type\": \"spikes\", \"base\": 7, \"spikes\": [{\"at\": \"10m\", \"duration\": "
		"\"5m\", \"value\": 70}], \"capacityPerTask\": 1}",
		"{\"type\": \"csv\", \"file\": \"load.csv\", \"capacityPerTask\": 1}",
	};
	for (int k = 0; k < 4; k++) {
		char text[2000];
		scenario sc;
		ecs_err e = { 0 };
		const sc_demand *d;

		snprintf(text, sizeof(text), HEAD
			 " \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
			 "  \"desiredCount\": 1, \"demand\": %s}]}", curves[k]);
		if (load_text(&sc, text, "time_s,rps\n0,3\n600,30\n1200,12.5\n", &e) < 0)
			TEST_FAILED("curve %d: %s", k, e.msg);
		d = &sc.services[0].demand;
		switch (k) {
		case 0:
			CHECK_NEAR(demand_at(d, S(14 * 3600)), 110, 1e-9);
			CHECK_NEAR(demand_at(d, S(2 * 3600)), 10, 1e-9);
			CHECK_NEAR(demand_at(d, S(86400 + 8 * 3600)), 60, 1e-9);
			break;
		case 1:
			CHECK_NEAR(demand_at(d, S(599)), 5, 0);
			CHECK_NEAR(demand_at(d, S(600)), 50, 0);
			CHECK_NEAR(demand_at(d, S(5000)), 20, 0);
			break;
		case 2:
			CHECK_NEAR(demand_at(d, S(599)), 7, 0);
			CHECK_NEAR(demand_at(d, S(700)), 70, 0);
			CHECK_NEAR(demand_at(d, S(900)), 7, 0);
			break;
		case 3:
			CHECK_EQ(d->npts, 3);
			CHECK_NEAR(demand_at(d, S(0)), 3, 0);
			CHECK_NEAR(demand_at(d, S(1199)), 30, 0);
			CHECK_NEAR(demand_at(d, S(9999)), 12.5, 0);
			break;
		}
		scenario_destroy(&sc);
	}
}
