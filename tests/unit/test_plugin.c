/* test_plugin.c - strategy plug-ins: the example built with the system cc and
 * loaded in-process and through the CLI, and every loading error. */
#include <stdlib.h>
#include <sys/wait.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/engine/rng.h"
#include "strategies/place.h"

/* Builds src (a path, or a file written from text when text != NULL) into
 * dir/name.so with the system compiler; returns the .so path or NULL. */
static const char *build(const char *dir, const char *name, const char *src, const char *text)
{
	static char so[4][1200];
	static int k;
	char c[1200], cmd[5000];
	char *out = so[k++ % 4];

	if (text) {
		FILE *f;
		snprintf(c, sizeof(c), "%s/%s.c", dir, name);
		if (!(f = fopen(c, "w")))
			return NULL;
		fputs(text, f);
		fclose(f);
		src = c;
	}
	snprintf(out, 1200, "%s/%s.so", dir, name);
	snprintf(cmd, sizeof(cmd), "cc -shared -fPIC -std=c11 -Wall -Wextra -Wno-unused-parameter "
		 "-Werror -I'%s' -o '%s' '%s'", test_srcdir(), out, src);
	return system(cmd) == 0 ? out : NULL;
}

static const char *example(const char *dir)
{
	char src[1200];
	snprintf(src, sizeof(src), "%s/examples/plugins/least-tasks.c", test_srcdir());
	return build(dir, "least-tasks", src, NULL);
}

#define STRATEGY_BODY                                                                  \
	"#include \"strategies/strategy.h\"\n"                                          \
	"static int r(st_step *s, const char *f, cl_cluster *c, ecs_err *e) { return 0; }\n" \
	"__attribute__((unused))\n"                                                  \
	"static double sc(const st_step *s, const cl_cluster *c, int32_t h, const cl_req *q)\n" \
	"{ return h; }\n"

TEST(test_plugin_example_loads_and_places)
{
	const char *dir = test_tmpdir(), *so = example(dir);
	st_registry reg;
	ecs_err e = { 0 };
	cl_cluster cl;
	cl_task t[3] = { 0 };
	st_chain c = { 0 };
	place_ws ws = { 0 };
	gsl_rng *tie = rng_stream_new(1, "ties", 0);
	enum cl_check why;
	const st_strategy *s;
	int n0;

	CHECK(so);
	st_registry_init(&reg);
	n0 = reg.n;
	CHECK_EQ(st_registry_load(&reg, so, &e), 0);
	CHECK_EQ(reg.n, n0 + 1);
	CHECK((s = st_registry_find(&reg, "least-tasks")));
	CHECK(!st_find("least-tasks"));          /* the built-in table is untouched */
	CHECK_STR(reg.origin[reg.n - 1], so);
	CHECK(s->stop_score && s->stop_summary);
	/* loading it twice fails and leaves the registry as it was */
	CHECK_EQ(st_registry_load(&reg, so, &e), -1);
	char want[1400];
	snprintf(want, sizeof(want), "%s: strategy \"least-tasks\" is already defined", so);
	CHECK_STR(e.msg, want);
	CHECK_EQ(reg.n, n0 + 1);

	/* three hosts, loaded 2, 0 and 1 tasks: the plug-in picks host 1 */
	cl_init(&cl);
	cl_attr_value(&cl, CL_ATTR_ZONE, "a");
	cl_add_hosts(&cl, 3, 0, 0, 4096, 8192, 0, 10, 0.1);
	for (int i = 0; i < 3; i++)
		t[i].req = (cl_req){ .cpu = 10, .mem = 10, .group = cl_group_id(&cl, "family:x") };
	cl_place(&cl, &t[0], 0);
	cl_place(&cl, &t[1], 0);
	cl_place(&cl, &t[2], 2);
	c.reg = &reg;
	err_clear(&e);
	CHECK_EQ(st_chain_parse(&c, "least-tasks,binpack:memory", &cl, &e), 0);
	CHECK_EQ(place_choose(&cl, &t[0].req, &c, tie, &ws, &why), 1);
	st_chain_destroy(&c);
	/* its field check */
	CHECK_EQ(st_chain_parse(&c, "least-tasks:cpu", &cl, &e), -1);
	CHECK_STR(e.msg, "least-tasks takes no field, not \"cpu\"");
	st_chain_destroy(&c);
	/* a chain without the registry does not know it */
	c.reg = NULL;
	err_clear(&e);
	CHECK_EQ(st_chain_parse(&c, "least-tasks", &cl, &e), -1);
	CHECK(strstr(e.msg, "unknown placement strategy \"least-tasks\""));
	st_chain_destroy(&c);
	place_ws_destroy(&ws);
	gsl_rng_free(tie);
	cl_destroy(&cl);
	st_registry_destroy(&reg);
}

TEST(test_plugin_load_errors)
{
	const char *dir = test_tmpdir(), *so;
	st_registry reg;
	ecs_err e = { 0 };
	char want[2600];
	int n0;

	st_registry_init(&reg);
	n0 = reg.n;

	snprintf(want, sizeof(want), "%s/none.so", dir);
	CHECK_EQ(st_registry_load(&reg, want, &e), -1);
	snprintf(want, sizeof(want), "cannot load %s/none.so: cannot open shared object file: "
		 "No such file or directory", dir);
	CHECK_STR(e.msg, want);

	err_clear(&e);
	CHECK((so = build(dir, "nosym", NULL, "int nothing(void);\nint nothing(void) { return 0; }\n")));
	CHECK_EQ(st_registry_load(&reg, so, &e), -1);
	snprintf(want, sizeof(want), "%s: no ecsim_strategies symbol (end the file with "
		 "ST_PLUGIN(&your_strategy))", so);
	CHECK_STR(e.msg, want);

	err_clear(&e);
	CHECK((so = build(dir, "oldapi", NULL, STRATEGY_BODY
			  "static const st_strategy x = { .name = \"x\", .resolve = r, .score = sc };\n"
			  "const int ecsim_api_version = ST_API_VERSION + 1;\n"
			  "const st_strategy *const ecsim_strategies[] = { &x, NULL };\n")));
	CHECK_EQ(st_registry_load(&reg, so, &e), -1);
	snprintf(want, sizeof(want), "%s: built for plug-in API version %d, this ecsim has %d "
		 "(rebuild it against this ecsim's strategies/strategy.h)", so, ST_API_VERSION + 1,
		 ST_API_VERSION);
	CHECK_STR(e.msg, want);

	/* a name that is taken: nothing of the plug-in is added, not even the
	 * strategy before it */
	err_clear(&e);
	CHECK((so = build(dir, "dup", NULL, STRATEGY_BODY
			  "static const st_strategy a = { .name = \"fresh\", .resolve = r, .score = sc };\n"
			  "static const st_strategy b = { .name = \"binpack\", .resolve = r, .score = sc };\n"
			  "ST_PLUGIN(&a, &b);\n")));
	CHECK_EQ(st_registry_load(&reg, so, &e), -1);
	snprintf(want, sizeof(want), "%s: strategy \"binpack\" is already defined", so);
	CHECK_STR(e.msg, want);
	CHECK_EQ(reg.n, n0);
	CHECK(!st_registry_find(&reg, "fresh"));

	err_clear(&e);
	CHECK((so = build(dir, "badname", NULL, STRATEGY_BODY
			  "static const st_strategy a = { .name = \"a:b\", .resolve = r, .score = sc };\n"
			  "ST_PLUGIN(&a);\n")));
	CHECK_EQ(st_registry_load(&reg, so, &e), -1);
	snprintf(want, sizeof(want), "%s: strategy name \"a:b\" must be letters, digits, '-', '_' "
		 "or '.'", so);
	CHECK_STR(e.msg, want);

	err_clear(&e);
	CHECK((so = build(dir, "noscore", NULL, STRATEGY_BODY
			  "static const st_strategy a = { .name = \"half\", .resolve = r };\n"
			  "ST_PLUGIN(&a);\n")));
	CHECK_EQ(st_registry_load(&reg, so, &e), -1);
	snprintf(want, sizeof(want), "%s: strategy \"half\" has no score function", so);
	CHECK_STR(e.msg, want);
	CHECK_EQ(reg.n, n0);
	st_registry_destroy(&reg);
}

/* ---- through the CLI -------------------------------------------------------- */

static int ecsim(const char *dir, const char *args)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "'%s' %s", test_ecsim(), args);
	return test_run(dir, cmd);
}

/* Most tasks.csv rows on one host. */
static int max_per_host(const char *csv)
{
	char line[512], hosts[16][32];
	int count[16] = { 0 }, n = 0, best = 0;
	FILE *f = fopen(csv, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		char *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
		int i;
		if (!c3 || strncmp(c2 + 1, "i-", 2) != 0)
			continue;
		*c3 = 0;
		for (i = 0; i < n && strcmp(hosts[i], c2 + 1) != 0; i++)
			;
		if (i == n && n < 16)
			snprintf(hosts[n++], sizeof(hosts[0]), "%s", c2 + 1);
		if (i < 16 && ++count[i] > best)
			best = count[i];
	}
	fclose(f);
	return best;
}

/* 4 hosts, 8 long tasks arriving one a second; the scenario itself asks for
 * the plug-in's strategy. */
static const char *scenario_text =
	"{\"name\": \"plug\", \"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
	" \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 8192}],"
	" \"instances\": [{\"instanceType\": \"m\", \"count\": 4}]},"
	" \"taskDefinitions\": [{\"family\": \"t\", \"cpu\": 256, \"memory\": 256,"
	"  \"containerDefinitions\": [{\"name\": \"c\"}]}],"
	" \"workloads\": [{\"name\": \"w\", \"taskDefinition\": \"t\","
	"  \"arrival\": {\"type\": \"times\", \"times\": [0, 1, 2, 3, 4, 5, 6, 7]},"
	"  \"duration\": {\"type\": \"constant\", \"value\": \"2h\"},"
	"  \"placementStrategy\": [{\"type\": \"least-tasks\"}]}]}";

/* DIR/plug.json: scenario_text. */
static void write_plug(const char *dir)
{
	char path[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/plug.json", dir);
	f = fopen(path, "w");
	if (f) {
		fputs(scenario_text, f);
		fclose(f);
	}
}

TEST(test_plugin_cli)
{
	const char *dir = test_tmpdir(), *so = example(dir);
	char args[4000], path[1200];

	CHECK(so);
	write_plug(dir);

	/* listed, with where it comes from */
	snprintf(args, sizeof(args), "strategies --plugin '%s'", so);
	CHECK_EQ(ecsim(dir, args), 0);
	CHECK(strstr(test_out, "least-tasks\n    host running the fewest tasks"));
	CHECK(strstr(test_out, "plug-in: "));
	CHECK(strstr(test_out, "binpack\n"));
	/* a bare file name is looked for in the current directory */
	CHECK_EQ(ecsim(dir, "strategies --plugin least-tasks.so"), 0);
	CHECK(strstr(test_out, "plug-in: least-tasks.so"));

	/* the scenario names a strategy that only exists with the plug-in */
	CHECK_EQ(ecsim(dir, "validate plug.json"), 1);
	CHECK(strstr(test_err, "plug.json: $.workloads[0].placementStrategy[0]: unknown placement "
			      "strategy \"least-tasks\" (known: binpack, "));
	snprintf(args, sizeof(args), "validate plug.json --plugin '%s'", so);
	CHECK_EQ(ecsim(dir, args), 0);

	/* placements follow it: two tasks per host; binpack puts all on one */
	snprintf(args, sizeof(args), "run plug.json --plugin '%s' -o lt -q --no-plots", so);
	CHECK_EQ(ecsim(dir, args), 0);
	snprintf(path, sizeof(path), "%s/lt/tasks.csv", dir);
	CHECK_EQ(max_per_host(path), 2);
	snprintf(args, sizeof(args), "run plug.json --plugin '%s' --strategy binpack:memory -o bp "
		 "-q --no-plots", so);
	CHECK_EQ(ecsim(dir, args), 0);
	snprintf(path, sizeof(path), "%s/bp/tasks.csv", dir);
	CHECK_EQ(max_per_host(path), 8);
	/* and in --strategy */
	snprintf(args, sizeof(args), "run plug.json --plugin '%s' --strategy least-tasks,random "
		 "-o lt2 -q --no-plots", so);
	CHECK_EQ(ecsim(dir, args), 0);
	snprintf(path, sizeof(path), "%s/lt2/tasks.csv", dir);
	CHECK_EQ(max_per_host(path), 2);

	/* a plug-in that does not load stops every command before anything runs */
	CHECK_EQ(ecsim(dir, "run plug.json --plugin nope.so -o x"), 1);
	CHECK_STR(test_err, "ecsim: cannot load nope.so: cannot open shared object file: No such "
			   "file or directory\n");
	CHECK_EQ(ecsim(dir, "validate plug.json --plugin nope.so"), 1);
	CHECK_EQ(ecsim(dir, "strategies --plugin nope.so"), 1);
	CHECK_EQ(ecsim(dir, "strategies --plugin"), 2);
	CHECK_EQ(ecsim(dir, "strategies extra"), 2);
	snprintf(args, sizeof(args), "strategies --plugin '%s' --plugin '%s'", so, so);
	CHECK_EQ(ecsim(dir, args), 1);
	CHECK(strstr(test_err, "strategy \"least-tasks\" is already defined"));
}

/* `make plugins` builds the examples warning-free with the project flags. */
TEST(test_plugin_make_target_builds)
{
	const char *dir = test_tmpdir();
	char cmd[3000];

	snprintf(cmd, sizeof(cmd), "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C '%s' BUILD='%s/b' plugins >'%s/log' 2>&1 && "
		 "[ -f '%s/b/plugins/least-tasks.so' ] && ! grep -q warning '%s/log'",
		 test_srcdir(), dir, dir, dir, dir);
	CHECK(system(cmd) == 0);
}

/* `ecsim strategies` lists every built-in with its summary, field and
 * scale-in rule, in registry order. */
TEST(test_plugin_cli_lists_every_builtin)
{
	const char *dir = test_tmpdir(), *prev = NULL;
	char want[1024];

	CHECK_EQ(ecsim(dir, "strategies"), 0);
	for (int i = 0; st_builtins[i]; i++) {
		const st_strategy *s = st_builtins[i];
		const char *at;
		snprintf(want, sizeof(want), "%s\n    %s\n    field: %s\n    scale-in: %s\n", s->name,
			 s->summary, s->fields, s->stop_summary);
		CHECK((at = strstr(test_out, want)));
		CHECK(!prev || at > prev);
		prev = at;
	}
	CHECK(!strstr(test_out, "plug-in:"));
	CHECK_EQ(ecsim(dir, "help strategies"), 0);
	CHECK(strstr(test_out, "usage: ecsim strategies [--plugin FILE.so]..."));
}

/* Runs a compare of least-tasks (labelled lt) against binpack:memory with
 * the plug-in so and J jobs, into DIR/cJ; its comparison.csv into buf. */
static int compare_lt(const char *dir, const char *so, int jobs, char *buf, size_t n)
{
	char args[4000], path[1200];
	int rc;

	snprintf(args, sizeof(args), "compare plug.json --plugin '%s' --strategies "
		 "'lt=least-tasks;binpack:memory' -r 2 -j %d -q --no-plots -o c%d", so, jobs, jobs);
	rc = ecsim(dir, args);
	snprintf(path, sizeof(path), "%s/c%d/comparison.csv", dir, jobs);
	test_slurp(path, buf, n);
	return rc;
}

/* compare, sweep and size take --plugin too: their runs (forked workers
 * included) see the plug-in's strategies, by the scenario or by
 * --strategies, and results do not depend on the number of jobs. */
TEST(test_plugin_studies)
{
	const char *dir = test_tmpdir(), *so = example(dir);
	static char a[1 << 20], b[1 << 20];
	char args[4000], path[1200];

	CHECK(so);
	write_plug(dir);

	/* least-tasks keeps 4 hosts busy, binpack 1, whatever the number of jobs */
	CHECK_EQ(compare_lt(dir, so, 2, a, sizeof(a)), 0);
	CHECK(strstr(a, "\nhosts.mean_busy,lt,2,3.99"));
	CHECK(strstr(a, "\nhosts.mean_busy,binpack:memory,2,1,"));
	CHECK_EQ(compare_lt(dir, so, 1, b, sizeof(b)), 0);
	CHECK(*a && strcmp(a, b) == 0);

	/* without it, nothing runs */
	CHECK_EQ(ecsim(dir, "compare plug.json --strategies 'binpack:memory' -r 2 -q -o c3"), 1);
	CHECK(strstr(test_err, "unknown placement strategy \"least-tasks\""));
	snprintf(path, sizeof(path), "%s/c3", dir);
	CHECK(access(path, F_OK) != 0);

	snprintf(args, sizeof(args), "sweep plug.json --plugin '%s' --strategies least-tasks "
		 "--param 'cluster.instances[0].count=4,8' -r 1 -q --no-plots -o s", so);
	CHECK_EQ(ecsim(dir, args), 0);
	snprintf(path, sizeof(path), "%s/s/sweep.csv", dir);
	test_slurp(path, a, sizeof(a));
	CHECK(strstr(a, "\n4,least-tasks,hosts.mean_busy,1,3.99"));
	CHECK(strstr(a, "\n8,least-tasks,hosts.mean_busy,1,7.9"));

	snprintf(args, sizeof(args), "size plug.json --plugin '%s' --strategies least-tasks "
		 "--target 'tasks.rejected<=0' -r 1 --trials 0 -q --no-plots -o z", so);
	CHECK_EQ(ecsim(dir, args), 0);
	snprintf(path, sizeof(path), "%s/z/fleet.csv", dir);
	test_slurp(path, a, sizeof(a));
	CHECK(strstr(a, "\nleast-tasks,cluster.instances[0].count,1,"));
}

/* API version 2: the example typical-share plug-in chooses the GPU slot,
 * reads the workload, keeps per-host state and reports a metric.  Host 0
 * has 2 GPUs, a share of 600 on GPU 0 (400 free); the workload's typical
 * share is 300.  A share of 200: on GPU 0 it leaves 200 < 300 stranded
 * (+200); on GPU 1 it leaves 800 (+0): GPU 1.  Stranded now: 0 (400 >=
 * 300); after, 0: the metric is 0 GPUs, then 0.2 with a share of 200 on
 * GPU 0. */
static void add_metric(void *ctx, const st_step *step, double v)
{
	*(double *)ctx = v;
}

TEST(test_plugin_api_v2_example)
{
	const char *dir = test_tmpdir(), *so;
	char src[1200];
	st_registry reg;
	ecs_err e = { 0 };
	cl_cluster cl;
	cl_task t[2] = { 0 };
	st_chain c = { 0 };
	gf_workload w;
	gsl_rng *tie = rng_stream_new(1, "ties", 0);
	double m = -1;

	snprintf(src, sizeof(src), "%s/examples/plugins/typical-share.c", test_srcdir());
	CHECK((so = build(dir, "typical-share", src, NULL)));
	st_registry_init(&reg);
	CHECK_EQ(st_registry_load(&reg, so, &e), 0);
	CHECK_EQ(st_registry_api(&reg, st_registry_find(&reg, "typical-share")), 2);
	cl_init(&cl);
	cl_add_hosts(&cl, 1, 0, 0, 10000, 10000, 2, 100, 0);
	cl_group_id(&cl, "g");
	gf_workload_init(&w);
	gf_workload_add(&w, 1, 0, 300, NULL, 3);
	gf_workload_add(&w, 1, 0, 700, NULL, 1);
	gf_new(&cl, &w);
	t[0].req = (cl_req){ .cpu = 1, .mem = 1, .gpu_milli = 600 };
	cl_place(&cl, &t[0], 0);
	c.reg = &reg;
	CHECK_EQ(st_chain_parse(&c, "typical-share", &cl, &e), 0);
	CHECK_EQ(c.steps[0].field, 300);
	t[1].req = (cl_req){ .cpu = 1, .mem = 1, .gpu_milli = 200 };
	CHECK_EQ(place_choose_slot(&cl, 0, &t[1].req, &c, tie), 1);
	st_metrics_each(&cl, add_metric, &m);
	CHECK_NEAR(m, 0, 0);
	cl_place_at(&cl, &t[1], 0, 0);
	st_metrics_each(&cl, add_metric, &m);
	CHECK_NEAR(m, 0.2, 1e-12);
	st_chain_destroy(&c);
	gf_free(cl.frag, &cl);
	gf_workload_destroy(&w);
	cl_destroy(&cl);
	gsl_rng_free(tie);
	st_registry_destroy(&reg);
}

/* A plug-in built for API version 1 still loads, and nothing of version 2
 * is read from it (its struct ends at stop_summary). */
TEST(test_plugin_api_v1_still_loads)
{
	const char *dir = test_tmpdir(), *so;
	st_registry reg;
	ecs_err e = { 0 };
	cl_cluster cl;
	st_chain c = { 0 };

	CHECK((so = build(dir, "v1", NULL, STRATEGY_BODY
			  "static const st_strategy x = { .name = \"old-one\", .resolve = r, .score = sc };\n"
			  "const int ecsim_api_version = 1;\n"
			  "const st_strategy *const ecsim_strategies[] = { &x, NULL };\n")));
	st_registry_init(&reg);
	CHECK_EQ(st_registry_load(&reg, so, &e), 0);
	CHECK_EQ(st_registry_api(&reg, st_registry_find(&reg, "old-one")), 1);
	cl_init(&cl);
	cl_add_hosts(&cl, 1, 0, 0, 1000, 1000, 1, 100, 0);
	c.reg = &reg;
	CHECK_EQ(st_chain_parse(&c, "old-one", &cl, &e), 0);
	CHECK_EQ(c.steps[0].api, 1);
	CHECK(st_step_gpu_score(&c.steps[0]) == NULL);
	CHECK(c.steps[0].ext == NULL);
	st_chain_destroy(&c);
	cl_destroy(&cl);
	st_registry_destroy(&reg);
}
