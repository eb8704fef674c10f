/* test_outputs.c - the run's files as data: one unit convention, hosts.csv,
 * the columns of events.csv, percentiles and provenance in summary.json,
 * and the output folder a run owns (its manifest).  Runs ./ecsim and reads
 * what it wrote. */
#include <csv.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/test.h"
#include "tests/support.h"
#include "reports/provenance.h"
#include "sim/support/sha256.h"

/* A CSV file read whole: rows of fields, the header first. */
typedef struct table {
	char ***row;
	int *nf;
	int nrows, cap;
	int cur;      /* fields of the row being read */
	char **fields;
} table;

static void tb_field(void *s, size_t len, void *ctx)
{
	table *t = ctx;
	char *f = xmalloc(len + 1);

	memcpy(f, s, len);
	f[len] = 0;
	t->fields = xrealloc(t->fields, (size_t)(t->cur + 1) * sizeof(char *));
	t->fields[t->cur++] = f;
}

static void tb_row(int c, void *ctx)
{
	table *t = ctx;

	(void)c;
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->row = xrealloc(t->row, (size_t)t->cap * sizeof(*t->row));
		t->nf = xrealloc(t->nf, (size_t)t->cap * sizeof(*t->nf));
	}
	t->row[t->nrows] = t->fields;
	t->nf[t->nrows++] = t->cur;
	t->fields = NULL;
	t->cur = 0;
}

/* 0, or -1 if the file cannot be read. */
static int tb_load(table *t, const char *path)
{
	struct csv_parser p;
	char buf[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	*t = (table){ 0 };
	if (!f)
		return -1;
	csv_init(&p, CSV_APPEND_NULL);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		csv_parse(&p, buf, n, tb_field, tb_row, t);
	csv_fini(&p, tb_field, tb_row, t);
	csv_free(&p);
	fclose(f);
	return 0;
}

static void tb_free(table *t)
{
	for (int r = 0; r < t->nrows; r++) {
		for (int i = 0; i < t->nf[r]; i++)
			free(t->row[r][i]);
		free(t->row[r]);
	}
	free(t->row);
	free(t->nf);
	*t = (table){ 0 };
}

/* The column named name in the header, or -1. */
static int tb_col(const table *t, const char *name)
{
	for (int i = 0; t->nrows > 0 && i < t->nf[0]; i++)
		if (strcmp(t->row[0][i], name) == 0)
			return i;
	return -1;
}

static const char *tb_get(const table *t, int r, int c)
{
	return r < t->nrows && c >= 0 && c < t->nf[r] ? t->row[r][c] : NULL;
}

/* Runs ecsim in the source tree; its exit status. */
static int ecsim(const char *args)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd), "%s %s", test_ecsim(), args);
	return test_run(test_srcdir(), cmd);
}

/* Runs "ecsim ARGS -o DIR" (DIR: a fresh folder o in the case's scratch
 * folder, into dir) and loads DIR/FILE into t; -1 if either fails. */
static int run_csv(const char *args, char dir[1100], const char *file, table *t)
{
	char cmd[4200];

	snprintf(dir, 1100, "%s/o", test_tmpdir());
	snprintf(cmd, sizeof(cmd), "%s -o %s", args, dir);
	if (ecsim(cmd) != 0) {
		fprintf(stderr, "  ecsim %s: %s", cmd, test_err);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "%s/%s", dir, file);
	return tb_load(t, cmd);
}

static json_t *load_json(const char *dir, const char *name)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return json_load_file(path, 0, NULL);
}

/* The number at "a.b" under o; NAN if absent. */
static double summary_num(const json_t *o, const char *path)
{
	char buf[128];
	char *dot;

	snprintf(buf, sizeof(buf), "%s", path);
	dot = strchr(buf, '.');
	if (dot) {
		*dot = 0;
		o = json_object_get(o, buf);
	}
	o = json_object_get(o, dot ? dot + 1 : buf);
	return json_is_number(o) ? json_number_value(o) : NAN;
}

/* ---- units ------------------------------------------------------------------ */

/* Every file uses fractions (docs/outputs.md): services.csv's utilization of
 * a demand curve is in [0, 1] and named like timeseries.csv's; the one
 * percent figure, AWS's CapacityProviderReservation, says _pct. */
TEST(test_outputs_units_are_fractions)
{
	char dir[1100];
	table t;
	int cpu, mem, seen = 0;
	json_t *sm, *asg;

	CHECK_EQ(run_csv("run scenarios/diurnal-web.json --set duration=6h --no-plots --quiet",
			 dir, "services.csv", &t), 0);
	cpu = tb_col(&t, "cpu_util");
	mem = tb_col(&t, "mem_util");
	CHECK(cpu >= 0 && mem >= 0);
	CHECK_EQ(tb_col(&t, "cpu_util_pct"), -1);
	for (int r = 1; r < t.nrows; r++) {
		const char *c = tb_get(&t, r, cpu), *m = tb_get(&t, r, mem);
		if (!*c)
			continue;
		seen++;
		if (!(atof(c) >= 0 && atof(c) <= 1 && atof(m) >= 0 && atof(m) <= 1)) {
			tb_free(&t);
			TEST_FAILED("row %d: cpu_util %s, mem_util %s: not fractions", r, c, m);
		}
	}
	tb_free(&t);
	CHECK(seen > 100);
	sm = load_json(dir, "summary.json");
	CHECK(sm);
	asg = json_object_get(json_object_get(sm, "cluster_autoscaling"), "asg");
	CHECK(json_is_number(json_object_get(asg, "last_reservation_pct")));
	CHECK(!json_object_get(asg, "last_reservation"));
	json_decref(sm);
}

/* ---- percentiles -------------------------------------------------------------- */

#define S(x) ((int64_t)(x) * USEC_PER_SEC)

/* Constant times (test_lifecycle_every_state_in_order's service): a task
 * is RUNNING 12 s after its launch and healthy 30 s later; it exits 100 s
 * after RUNNING.  The first one: launched at 0, healthy at 42, exits at
 * 112; its replacement: launched at 112, healthy at 154, exits at 224.
 * The initial start-up (0-42) is no recovery; 112-154 is one of 42 s; at
 * 230 the service is below desired again, a recovery not over.  A
 * workload's 4 tasks are placed when submitted: 4 pending times of 0. */
TEST(test_outputs_percentiles_by_hand)
{
	static const char *text =
		"{\"duration\": \"230s\", \"metricsInterval\": \"7s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"eniAttach\": 3, \"eniDetach\": 1,"
		"  \"startLatency\": {\"EC2\": 7}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192, \"enis\": 4}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"taskDefinitions\": [{\"family\": \"web\", \"networkMode\": \"awsvpc\","
		"  \"failure\": {\"crashAfter\": 100},"
		"  \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 1024, \"memory\": 1024,"
		"   \"stopTimeout\": 4}]},"
		"  {\"family\": \"job\", \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 10, \"memory\": 10}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\","
		"  \"desiredCount\": 1, \"loadBalancers\": [{\"containerName\": \"c\"}],"
		"  \"targetGroup\": {\"registration\": 2, \"healthCheckInterval\": \"10s\","
		"   \"healthyThreshold\": 3, \"deregistrationDelay\": \"20s\"}}],"
		" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"job\","
		"  \"arrival\": {\"type\": \"interval\", \"interval\": \"60s\"}, \"duration\": 5}]}";
	scenario sc;
	sim s;
	sim_dist_view d;

	if (test_start(&s, &sc, NULL, text, NULL) < 0)
		TEST_FAILED("cannot start");
	if (test_run_to(&s, S(230)) < 0)
		TEST_FAILED("run failed");
	sim_finish(&s);
	sim_dist_now(&s, SIM_DIST_START_LATENCY, &d);
	CHECK_EQ(d.count, 2); /* 0 -> 12, 112 -> 124; the third, 224 -> 236, is not yet */
	CHECK_NEAR(d.p50, 12, 0);
	CHECK_NEAR(d.p99, 12, 0);
	CHECK(d.exact);
	sim_dist_now(&s, SIM_DIST_RECOVERY, &d);
	CHECK_EQ(d.count, 1);
	CHECK_NEAR(d.p50, 42, 0);
	CHECK_NEAR(d.p95, 42, 0);
	CHECK_EQ(sim_recoveries_open(&s), 1);
	sim_dist_now(&s, SIM_DIST_PENDING, &d);
	CHECK_EQ(d.count, 4);
	CHECK_NEAR(d.p99, 0, 0);
	sim_destroy(&s);
	scenario_destroy(&sc);
}

/* ---- hosts.csv ---------------------------------------------------------------- */

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Worked by hand: two 1024-unit, 2048-MiB hosts, one with 2 GPUs (zone a),
 * one without (zone b, out from 40 s for 30 s).  Two 512/512 tasks run on
 * the GPU host from time 0 (warm start): its CPU is exhausted (0 free,
 * less than the smallest task definition's 512), so its 1024 free MiB and
 * its 2 free GPUs are stranded the whole 100 s. */
TEST(test_outputs_hosts_by_hand)
{
	static const char *text =
		"{\"name\": \"h\", \"duration\": \"100s\","
		" \"cluster\": {\"availabilityZones\": [\"a\", \"b\"],"
		"  \"instanceTypes\": [{\"name\": \"g.big\", \"cpu\": 1024, \"memory\": 2048, \"gpus\": 2,"
		"                      \"pricePerHour\": 1},"
		"                     {\"name\": \"m\", \"cpu\": 1024, \"memory\": 2048, \"pricePerHour\": 1}],"
		"  \"instances\": [{\"instanceType\": \"g.big\", \"count\": 1, \"zone\": \"a\"},"
		"                {\"instanceType\": \"m\", \"count\": 1, \"zone\": \"b\"}]},"
		" \"taskDefinitions\": [{\"family\": \"web\", \"containerDefinitions\":"
		"  [{\"name\": \"c\", \"cpu\": 512, \"memory\": 512}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 2,"
		"  \"placementConstraints\": [{\"type\": \"memberOf\","
		"   \"expression\": \"attribute:ecs.instance-type == g.big\"}]}],"
		" \"failures\": {\"zoneOutages\": [{\"zone\": \"b\", \"start\": \"40s\", \"duration\": \"30s\"}]}}";
	static const char *const want[3][16] = {
		{ "host", "instance_type", "zone", "capacity_provider", "purchase", "cpu_units",
		  "memory_mib", "gpus", "up_s", "cpu_reserved", "mem_reserved", "gpu_reserved",
		  "tasks_placed", "cpu_stranded", "mem_stranded", "gpu_stranded" },
		{ "i-00000000000000000", "g.big", "a", "", "on-demand", "1024", "2048", "2", "100",
		  "1", "0.5", "0", "2", "0", "0.5", "1" },
		{ "i-00000000000000001", "m", "b", "", "on-demand", "1024", "2048", "0", "70",
		  "0", "0", "", "0", "0", "0", "" },
	};
	char dir[1100], cmd[2400];
	table t;

	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
	snprintf(cmd, sizeof(cmd), "%s/h.json", dir);
	write_text(cmd, text);
	snprintf(cmd, sizeof(cmd), "run %s/h.json -o %s/o --no-plots --quiet", dir, dir);
	if (ecsim(cmd) != 0)
		TEST_FAILED("ecsim failed: %s", test_err);
	snprintf(cmd, sizeof(cmd), "%s/o/hosts.csv", dir);
	CHECK_EQ(tb_load(&t, cmd), 0);
	CHECK_EQ(t.nrows, 3);
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 16; c++)
			if (!tb_get(&t, r, c) || strcmp(tb_get(&t, r, c), want[r][c]) != 0) {
				const char *got = tb_get(&t, r, c);
				char msg[200];
				snprintf(msg, sizeof(msg), "row %d, %s: '%s', want '%s'", r, want[0][c],
					 got ? got : "(none)", want[r][c]);
				tb_free(&t);
				TEST_FAILED("%s", msg);
			}
	tb_free(&t);
	/* per_host in summary.json: the hosts' figures over the hosts that were
	 * up, by nearest rank; CPU {0, 1}: min, p10 and p50 are 0 (ranks
	 * ceil(0.1 * 2) = ceil(0.5 * 2) = 1), p90 and max are 1 (rank 2);
	 * memory stranded {0, 0.5}; GPU figures of the one GPU host alone */
	{
		char o[1200];
		json_t *sm, *ph;
		snprintf(o, sizeof(o), "%s/o", dir);
		sm = load_json(o, "summary.json");
		ph = json_object_get(sm, "per_host");
		CHECK(ph != NULL);
		CHECK_EQ(json_integer_value(json_object_get(ph, "hosts")), 2);
		CHECK_NEAR(summary_num(ph, "cpu_reserved.min"), 0, 0);
		CHECK_NEAR(summary_num(ph, "cpu_reserved.p10"), 0, 0);
		CHECK_NEAR(summary_num(ph, "cpu_reserved.p50"), 0, 0);
		CHECK_NEAR(summary_num(ph, "cpu_reserved.p90"), 1, 0);
		CHECK_NEAR(summary_num(ph, "cpu_reserved.max"), 1, 0);
		CHECK_NEAR(summary_num(ph, "mem_reserved.p90"), 0.5, 0);
		CHECK_NEAR(summary_num(ph, "mem_stranded.p50"), 0, 0);
		CHECK_NEAR(summary_num(ph, "mem_stranded.max"), 0.5, 0);
		CHECK_NEAR(summary_num(ph, "gpu_reserved.hosts"), 1, 0);
		CHECK_NEAR(summary_num(ph, "gpu_stranded.p50"), 1, 0);
		json_decref(sm);
	}
	/* --no-host-log: no hosts.csv */
	snprintf(cmd, sizeof(cmd), "run %s/h.json -o %s/n --no-plots --quiet --no-host-log", dir, dir);
	CHECK_EQ(ecsim(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/n/hosts.csv", dir);
	CHECK(access(cmd, F_OK) != 0);
	snprintf(cmd, sizeof(cmd), "%s/n/summary.json", dir);
	CHECK(access(cmd, F_OK) == 0);
}

/* Over a whole run with failures, the hosts add up to the cluster: their
 * reservations weighted by registered capacity x up time give
 * utilization.cpu and .memory, their up times the instance-hours, their
 * placements tasks.placed. */
TEST(test_outputs_hosts_add_up)
{
	char dir[1100];
	table t;
	json_t *sm;
	double cu = 0, ct = 0, mu = 0, mt = 0, up = 0, placed = 0;
	int c[6];
	static const char *const cols[6] = { "cpu_units", "memory_mib", "up_s", "cpu_reserved",
					     "mem_reserved", "tasks_placed" };

	CHECK_EQ(run_csv("run scenarios/quickstart.json --set duration=12h --no-plots --quiet "
			 "--no-task-log", dir, "hosts.csv", &t), 0);
	for (int k = 0; k < 6; k++)
		CHECK((c[k] = tb_col(&t, cols[k])) >= 0);
	for (int r = 1; r < t.nrows; r++) {
		double cpu = atof(tb_get(&t, r, c[0])), mem = atof(tb_get(&t, r, c[1]));
		double u = atof(tb_get(&t, r, c[2]));
		cu += atof(tb_get(&t, r, c[3])) * cpu * u;
		ct += cpu * u;
		mu += atof(tb_get(&t, r, c[4])) * mem * u;
		mt += mem * u;
		up += u;
		placed += atof(tb_get(&t, r, c[5]));
	}
	tb_free(&t);
	sm = load_json(dir, "summary.json");
	CHECK(sm);
	CHECK(json_integer_value(json_object_get(json_object_get(sm, "hosts"), "failures")) > 0);
	CHECK_NEAR(cu / ct, json_number_value(json_object_get(json_object_get(sm, "utilization"),
								 "cpu")), 1e-8);
	CHECK_NEAR(mu / mt, json_number_value(json_object_get(json_object_get(sm, "utilization"),
								 "memory")), 1e-8);
	CHECK_NEAR(up / 3600, json_number_value(json_object_get(json_object_get(sm, "hosts"),
								"instance_hours")), 1e-4);
	CHECK_NEAR(placed, json_integer_value(json_object_get(json_object_get(sm, "tasks"),
							      "placed")), 0);
	json_decref(sm);
}

/* ---- events.csv ---------------------------------------------------------------- */

/* host, instance_type and zone come from the model, not from the text:
 * where the text names an instance, the host column is that instance; a
 * host's type and zone are its own in hosts.csv; a zone outage has its
 * zone and no host.  Over a zone outage, and over Spot notices,
 * terminations and replacements with FARGATE tasks. */
static void check_events(const char *file, int *with_host, int *zone_only)
{
	char dir[1100], cmd[1400];
	table ev, ho;
	int cs[4], ch[3];

	snprintf(cmd, sizeof(cmd), "run %s --no-plots --quiet --no-task-log", file);
	CHECK_EQ(run_csv(cmd, dir, "events.csv", &ev), 0);
	snprintf(cmd, sizeof(cmd), "%s/hosts.csv", dir);
	CHECK_EQ(tb_load(&ho, cmd), 0);
	cs[0] = tb_col(&ev, "host");
	cs[1] = tb_col(&ev, "instance_type");
	cs[2] = tb_col(&ev, "zone");
	cs[3] = tb_col(&ev, "detail");
	ch[0] = tb_col(&ho, "host");
	ch[1] = tb_col(&ho, "instance_type");
	ch[2] = tb_col(&ho, "zone");
	CHECK(cs[0] == 3 && cs[1] == 4 && cs[2] == 5 && cs[3] == 6);
	for (int r = 1; r < ev.nrows; r++) {
		const char *host = tb_get(&ev, r, cs[0]), *detail = tb_get(&ev, r, cs[3]);
		const char *named = strstr(detail, "i-");
		char msg[600] = "";
		if (*host) {
			/* i-<17 hex digits of the index> */
			int h = (int)strtol(host + 2, NULL, 16);
			(*with_host)++;
			if (h + 1 >= ho.nrows || strcmp(tb_get(&ho, h + 1, ch[0]), host) ||
			    strcmp(tb_get(&ho, h + 1, ch[1]), tb_get(&ev, r, cs[1])) ||
			    strcmp(tb_get(&ho, h + 1, ch[2]), tb_get(&ev, r, cs[2])))
				snprintf(msg, sizeof(msg), "row %d: %s %s %s is not the host's", r,
					 host, tb_get(&ev, r, cs[1]), tb_get(&ev, r, cs[2]));
		} else if (*tb_get(&ev, r, cs[1])) {
			snprintf(msg, sizeof(msg), "row %d: a type without a host", r);
		} else if (*tb_get(&ev, r, cs[2])) {
			(*zone_only)++;
		}
		if (!*msg && named && strncmp(named, host, 19) != 0)
			snprintf(msg, sizeof(msg), "row %d: the text names %.19s, the host column "
				 "says '%s'", r, named, host);
		if (*msg) {
			tb_free(&ev);
			tb_free(&ho);
			TEST_FAILED("%s: %s", file, msg);
		}
	}
	tb_free(&ev);
	tb_free(&ho);
}

TEST(test_outputs_events_where)
{
	int with_host = 0, zone_only = 0;

	check_events("scenarios/az-outage.json", &with_host, &zone_only);
	CHECK(with_host >= 8);
	CHECK_EQ(zone_only, 2); /* the outage's start and end */
	with_host = zone_only = 0;
	check_events("scenarios/spot-fleet.json", &with_host, &zone_only);
	CHECK(with_host > 10);
}

/* ---- metric names in studies ---------------------------------------------------- */

#define BOX_DOTTED "tests/data/whole-host.json --set 'cluster.instanceTypes[0].name=b.ox' " \
		   "--set 'cluster.instances[0].instanceType=b.ox'"

/* replications.csv names each metric once: no repeated key (cost.total_usd
 * is cost_usd), no provenance, and a dotted instance type in brackets. */
TEST(test_outputs_metric_names_unique_and_safe)
{
	char dir[1100], cmd[1600];
	table t;
	int dup = 0;

	snprintf(dir, sizeof(dir), "%s/c", test_tmpdir());
	snprintf(cmd, sizeof(cmd), "compare " BOX_DOTTED " -r 2 --jobs 1 --strategies "
		 "'scenario;binpack:cpu' --no-plots -q -o %s", dir);
	if (ecsim(cmd) != 0)
		TEST_FAILED("compare failed: %s", test_err);
	snprintf(cmd, sizeof(cmd), "%s/replications.csv", dir);
	CHECK_EQ(tb_load(&t, cmd), 0);
	for (int i = 0; i < t.nf[0]; i++)
		for (int j = 0; j < i; j++)
			dup += strcmp(t.row[0][i], t.row[0][j]) == 0;
	CHECK_EQ(dup, 0);
	CHECK(tb_col(&t, "cost_usd") >= 0);
	CHECK(tb_col(&t, "fargate_cost_usd") >= 0);
	CHECK_EQ(tb_col(&t, "cost.total_usd"), -1);
	CHECK_EQ(tb_col(&t, "cost.fargate_usd"), -1);
	CHECK(tb_col(&t, "cost.by_instance_type[b.ox].on_demand_hours") >= 0);
	CHECK_EQ(tb_col(&t, "cost.by_instance_type.b.ox.on_demand_hours"), -1);
	CHECK(tb_col(&t, "percentiles.service_recovery_s.p99") >= 0);
	for (int i = 0; i < t.nf[0]; i++)
		CHECK(strncmp(t.row[0][i], "provenance", 10) != 0);
	tb_free(&t);
}

/* size takes the bracketed name, and says which name to use for the dotted
 * one and for a repeated key.  whole-host: with H boxes for an hour the
 * service has availability min(1, H / 6) and H instance-hours, so the
 * smallest fleet with availability 1 and at least 5 hours is 6. */
TEST(test_outputs_metric_names_in_targets)
{
	char dir[1100], cmd[1600];
	table t;

	snprintf(dir, sizeof(dir), "%s/s", test_tmpdir());
	snprintf(cmd, sizeof(cmd), "size " BOX_DOTTED " -r 1 --trials 0 --jobs 1 "
		 "--target 'availability>=1' "
		 "--target 'cost.by_instance_type[b.ox].on_demand_hours>=5' --no-plots -q -o %s",
		 dir);
	if (ecsim(cmd) != 0)
		TEST_FAILED("size failed: %s", test_err);
	snprintf(cmd, sizeof(cmd), "%s/fleet.csv", dir);
	CHECK_EQ(tb_load(&t, cmd), 0);
	CHECK_STR(tb_get(&t, 1, tb_col(&t, "smallest_count")), "6");
	tb_free(&t);
	snprintf(cmd, sizeof(cmd), "size " BOX_DOTTED " -r 1 --trials 0 --jobs 1 "
		 "--target 'cost.by_instance_type.b.ox.on_demand_hours<=6' --no-plots -q -o %s/x",
		 dir);
	CHECK_EQ(ecsim(cmd), 1);
	CHECK(strstr(test_err, "no metric 'cost.by_instance_type.b.ox.on_demand_hours'; a key "
			       "with '.' is written in brackets: "
			       "'cost.by_instance_type[b.ox].on_demand_hours'"));
	snprintf(cmd, sizeof(cmd), "size " BOX_DOTTED " -r 1 --trials 0 --jobs 1 "
		 "--target 'cost.total_usd<=100' --no-plots -q -o %s/y", dir);
	CHECK_EQ(ecsim(cmd), 1);
	CHECK(strstr(test_err, "'cost.total_usd' is 'cost_usd' under a second name; the metric "
			       "is 'cost_usd'"));
}

/* ---- provenance ----------------------------------------------------------------- */

static const char *prov_str(const json_t *sm, const char *key)
{
	return json_string_value(json_object_get(json_object_get(sm, "provenance"), key));
}

/* The file of the provenance's files whose "from" is from, or NULL. */
static const json_t *prov_file(const json_t *sm, const char *from)
{
	const json_t *files = json_object_get(json_object_get(sm, "provenance"), "files"), *f;
	size_t i;

	json_array_foreach(files, i, f)
		if (strcmp(json_string_value(json_object_get(f, "from")), from) == 0)
			return f;
	return NULL;
}

static int is_commit(const char *c)
{
	size_t n = strspn(c, "0123456789abcdef");
	return n == 40 && (!c[40] || strcmp(c + 40, "-dirty") == 0);
}

/* A run's summary.json says what it came from: version, commit (when built
 * from git), the command line without -o and -q, seed, strategy, and the
 * SHA-256 of the scenario and of the demand CSV it names, which change with
 * the file; the same inputs give the same block. */
TEST(test_outputs_provenance_of_a_run)
{
	static const char *text =
		"{\"name\": \"p\", \"duration\": \"1h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192, \"pricePerHour\": 1}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"taskDefinitions\": [{\"family\": \"web\", \"containerDefinitions\":"
		"  [{\"name\": \"c\", \"cpu\": 512, \"memory\": 512}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 2,"
		"  \"demand\": {\"type\": \"csv\", \"file\": \"load.csv\", \"capacityPerTask\": 10}}]}";
	char dir[1100], cmd[2600], hex[SHA256_HEX_LEN + 1];
	json_t *a, *b, *c;
	const json_t *f;
	const char *commit;

	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
	snprintf(cmd, sizeof(cmd), "%s/p.json", dir);
	write_text(cmd, text);
	snprintf(cmd, sizeof(cmd), "%s/load.csv", dir);
	write_text(cmd, "0,5\n1800,15\n");
	snprintf(cmd, sizeof(cmd), "cd %s && %s run p.json --seed 9 --strategy binpack:memory "
		 "-o out1 -q --no-plots", dir, test_ecsim());
	if (test_run(dir, cmd) != 0)
		TEST_FAILED("run failed: %s", test_err);
	snprintf(cmd, sizeof(cmd), "cd %s && %s run p.json --seed 9 --strategy binpack:memory "
		 "--output=out2 --quiet --no-plots", dir, test_ecsim());
	CHECK_EQ(test_run(dir, cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/out1", dir);
	a = load_json(cmd, "summary.json");
	snprintf(cmd, sizeof(cmd), "%s/out2", dir);
	b = load_json(cmd, "summary.json");
	CHECK(a && b);
	CHECK_STR(prov_str(a, "ecsim_version"), ECSIM_VERSION);
	commit = prov_str(a, "git_commit");
	CHECK(!commit || is_commit(commit)); /* null: not built from a git checkout */
	CHECK_STR(prov_str(a, "command_line"),
		  "ecsim run p.json --seed 9 --strategy binpack:memory --no-plots");
	CHECK_STR(prov_str(a, "strategy"), "binpack:memory");
	CHECK_EQ(json_integer_value(json_object_get(json_object_get(a, "provenance"), "seed")), 9);
	CHECK(f = prov_file(a, "scenario"));
	CHECK_STR(json_string_value(json_object_get(f, "file")), "p.json");
	sha256_hex(text, strlen(text), hex);
	CHECK_STR(json_string_value(json_object_get(f, "sha256")), hex);
	CHECK(f = prov_file(a, "$.services[0].demand.file"));
	CHECK_STR(json_string_value(json_object_get(f, "file")), "load.csv");
	sha256_hex("0,5\n1800,15\n", 12, hex);
	CHECK_STR(json_string_value(json_object_get(f, "sha256")), hex);
	/* -o and -q are not in it: the two runs have the same block */
	CHECK(json_equal(json_object_get(a, "provenance"), json_object_get(b, "provenance")));
	/* a changed CSV changes its hash, and nothing else of the block */
	snprintf(cmd, sizeof(cmd), "%s/load.csv", dir);
	write_text(cmd, "0,5\n1800,16\n");
	snprintf(cmd, sizeof(cmd), "cd %s && %s run p.json --seed 9 --strategy binpack:memory "
		 "-o out3 -q --no-plots", dir, test_ecsim());
	CHECK_EQ(test_run(dir, cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/out3", dir);
	c = load_json(cmd, "summary.json");
	CHECK(c);
	CHECK(f = prov_file(c, "$.services[0].demand.file"));
	sha256_hex("0,5\n1800,16\n", 12, hex);
	CHECK_STR(json_string_value(json_object_get(f, "sha256")), hex);
	CHECK_STR(json_string_value(json_object_get(prov_file(c, "scenario"), "sha256")),
		  json_string_value(json_object_get(prov_file(a, "scenario"), "sha256")));
	json_decref(a);
	json_decref(b);
	json_decref(c);
}

/* A plug-in's file is hashed; a study writes a summary.json with the
 * block, its seeds (base to base + replications - 1) and strategies. */
TEST(test_outputs_provenance_of_a_study)
{
	char dir[1100], cmd[2600], so[1200], hex[SHA256_HEX_LEN + 1];
	json_t *sm;
	const json_t *p, *f;
	ecs_err e = { 0 };

	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
	snprintf(so, sizeof(so), "%s/least-tasks.so", dir);
	snprintf(cmd, sizeof(cmd), "cc -shared -fPIC -std=c11 -I'%s' -o '%s' "
		 "'%s/examples/plugins/least-tasks.c'", test_srcdir(), so, test_srcdir());
	CHECK_EQ(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "compare tests/data/study-small.json -r 3 --seed 40 --jobs 2 "
		 "--plugin %s --strategies 'scenario;l=least-tasks' --no-plots -q -o %s/c", so, dir);
	if (ecsim(cmd) != 0)
		TEST_FAILED("compare failed: %s", test_err);
	snprintf(cmd, sizeof(cmd), "%s/c", dir);
	sm = load_json(cmd, "summary.json");
	CHECK(sm);
	CHECK_STR(json_string_value(json_object_get(sm, "command")), "compare");
	CHECK_EQ(json_integer_value(json_object_get(sm, "runs")), 6);
	p = json_object_get(sm, "provenance");
	CHECK_EQ(json_integer_value(json_object_get(json_object_get(p, "seeds"), "first")), 40);
	CHECK_EQ(json_integer_value(json_object_get(json_object_get(p, "seeds"), "last")), 42);
	CHECK_STR(json_string_value(json_array_get(json_object_get(p, "strategies"), 1)),
		  "l=least-tasks");
	CHECK(strstr(prov_str(sm, "command_line"), "--plugin "));
	CHECK(!strstr(prov_str(sm, "command_line"), "--jobs"));
	CHECK(f = prov_file(sm, "--plugin"));
	CHECK_EQ(sha256_file(so, hex, &e), 0);
	CHECK_STR(json_string_value(json_object_get(f, "sha256")), hex);
	CHECK(prov_file(sm, "scenario"));
	json_decref(sm);
}

/* ---- the output folder ---------------------------------------------------------- */

/* A second run with --no-task-log --no-plots into the same -o leaves no
 * tasks.csv, hosts.csv or plots of the first; the user's notes.txt stays. */
TEST(test_outputs_folder_owned_by_the_run)
{
	char dir[1100], cmd[1400], p[1300];
	int plots;

	snprintf(dir, sizeof(dir), "%s/o", test_tmpdir());
	snprintf(cmd, sizeof(cmd), "run scenarios/quickstart.json --set duration=1h -q -o %s", dir);
	CHECK_EQ(ecsim(cmd), 0);
	snprintf(p, sizeof(p), "%s/tasks.csv", dir);
	CHECK(access(p, F_OK) == 0);
	snprintf(p, sizeof(p), "%s/utilization.png", dir);
	plots = access(p, F_OK) == 0; /* gnuplot may be missing */
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	write_text(p, "my notes\n");
	snprintf(cmd, sizeof(cmd), "run scenarios/quickstart.json --set duration=1h -q -o %s "
		 "--no-task-log --no-plots --no-host-log", dir);
	CHECK_EQ(ecsim(cmd), 0);
	snprintf(p, sizeof(p), "%s/tasks.csv", dir);
	CHECK(access(p, F_OK) != 0);
	snprintf(p, sizeof(p), "%s/hosts.csv", dir);
	CHECK(access(p, F_OK) != 0);
	if (plots) {
		static const char *const figs[] = { "utilization", "hosts", "services", "cost" };
		for (int i = 0; i < 4; i++) {
			snprintf(p, sizeof(p), "%s/%s.png", dir, figs[i]);
			CHECK(access(p, F_OK) != 0);
			snprintf(p, sizeof(p), "%s/%s.svg", dir, figs[i]);
			CHECK(access(p, F_OK) != 0);
		}
	}
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	CHECK(access(p, F_OK) == 0);
	snprintf(p, sizeof(p), "%s/summary.json", dir);
	CHECK(access(p, F_OK) == 0);
}
