/* test_trace.c - trace replay: the real samples in ../shared/data (skipped
 * with a message when the folder is absent), hand-written google-2011 and
 * csv traces, bad rows, --strict, windows, sampling, ordering, streaming.
 *
 * Every run checks that each task is accounted for: submitted = placed +
 * rejected, placed = completed + killed + running, and the rows read =
 * used + skipped + bad.  Runs on real data are slices (a window, a sample)
 * so that each case stays well under a second.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <string.h>

#include "tests/support.h"
#include "sim/engine/rng.h"
#include "reports/summary.h"
#include "tests/test.h"
#include "sim/model/model.h"
#include "sim/support/units.h"

static char dir[1100];

/* A fresh scratch folder for the scenario and its trace files. */
static void fresh(void)
{
	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
}

/* s with the scratch folder before it: how messages name trace files. */
static const char *at(const char *s)
{
	static char buf[4][1600];
	static int k;
	char *b = buf[k++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", dir, s);
	return b;
}

static void put(const char *name, const char *text)
{
	char p[1300];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
}

/* The shared samples, or NULL after printing why the case is skipped. */
static const char *samples(void)
{
	static char p[1100];
	struct stat st;

	snprintf(p, sizeof(p), "%s/../shared/data", test_srcdir());
	if (stat(p, &st) != 0) {
		printf("  skipped: %s not found (the shared trace samples live beside the "
		       "checkout)\n", p);
		return NULL;
	}
	return p;
}

static int load(scenario *sc, const char *json, ecs_err *e)
{
	char p[1300];

	put("s.json", json);
	snprintf(p, sizeof(p), "%s/s.json", dir);
	return scenario_load(sc, p, NULL, 0, e);
}

/* Loads, builds and runs json; -1 with the message in e (file prefix cut). */
static int run(const char *json, const sim_opts *o, const sim_observer *obs, sim *s,
	       scenario *sc, ecs_err *e)
{
	int rc = load(sc, json, e);

	*s = (sim){ 0 };
	if (rc == 0 && (rc = sim_init(s, sc, o, obs, e)) == 0 &&
	    (rc = sim_run(s, INT64_MAX, e)) == 0)
		sim_finish(s);
	if (rc < 0) {
		char p[1300], msg[1024];
		snprintf(p, sizeof(p), "%s/s.json: ", dir);
		if (strncmp(e->msg, p, strlen(p)) == 0) {
			snprintf(msg, sizeof(msg), "%s", e->msg + strlen(p));
			snprintf(e->msg, sizeof(e->msg), "%s", msg);
		}
	}
	return rc;
}

static void done(sim *s, scenario *sc)
{
	sim_destroy(s);
	scenario_destroy(sc);
}

static int64_t tally_of(const trace_tally *y, const char *reason)
{
	for (int i = 0; i < y->n; i++)
		if (strcmp(y->reason[i], reason) == 0)
			return y->count[i];
	return 0;
}

static int64_t tally_sum(const trace_tally *y)
{
	int64_t n = 0;
	for (int i = 0; i < y->n; i++)
		n += y->count[i];
	return n;
}

/* No task and no row lost, for every trace of s. */
static int accounted(const sim *s)
{
	for (int i = 0; i < s->replay->ntrs; i++) {
		const sim_trace *x = &s->replay->trs[i];
		const trace_table_stats *w = &x->tr.tasks_in;
		int64_t running = 0;
		for (int32_t h = 0; h < s->cl.nhosts; h++)
			for (const cl_task *t = s->cl.hosts[h].tasks; t; t = t->hnext)
				running += ENG_CONTAINER_OF(t, sim_task, ct)->tr == i;
		if (x->submitted != x->placed + x->rejected ||
		    x->placed != x->completed + x->killed + running ||
		    w->rows != w->used + tally_sum(&w->skipped) + w->bad ||
		    x->submitted != x->tr.tasks) {
			fprintf(stderr, "  trace %d: submitted %lld placed %lld rejected %lld "
				"completed %lld killed %lld running %lld handed out %lld; rows %lld "
				"used %lld skipped %lld bad %lld\n", i, (long long)x->submitted,
				(long long)x->placed, (long long)x->rejected, (long long)x->completed,
				(long long)x->killed, (long long)running, (long long)x->tr.tasks,
				(long long)w->rows, (long long)w->used,
				(long long)tally_sum(&w->skipped), (long long)w->bad);
			return 0;
		}
	}
	return 1;
}

/* ---- alibaba-2017 ------------------------------------------------------ */

static void alibaba_2017(char *buf, size_t n, const char *data, const char *duration,
			 const char *extra)
{
	snprintf(buf, n,
		 "{\"duration\": \"%s\", \"metricsInterval\": \"1h\","
		 " \"cluster\": {\"availabilityZones\": [\"a\", \"b\"], \"instanceTypes\": [],"
		 "  \"instances\": []},"
		 " \"traces\": [{\"format\": \"alibaba-2017\","
		 "  \"file\": \"%s/alibaba-2017/batch_task.csv\","
		 "  \"machines\": \"%s/alibaba-2017/server_event.csv\"%s}]}",
		 duration, data, data, extra);
}

/* The whole task table is read (it is not sorted, and the default buffer
 * holds it), the fleet is 1313 machines of 64 CPUs, every row is counted. */
TEST(test_trace_alibaba_2017_rows_and_fleet)
{
	const char *data = samples();
	char json[2048];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	const trace *t;
	int32_t n90436 = 0, draining = 0;

	if (!data)
		return;
	fresh();
	alibaba_2017(json, sizeof(json), data, "10h", ", \"sample\": 0.002");
	if (run(json, NULL, NULL, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	t = &s.replay->trs[0].tr;
	CHECK_EQ(t->tasks_in.rows, 80553);
	CHECK(t->tasks_in.complete);
	CHECK_EQ(tally_of(&t->tasks_in.skipped, "status Waiting (never started; no resources given)"),
		 8847);
	/* 159 Running and 10 Terminated rows without CPU or memory; one
	 * Terminated row that ends before it is created */
	CHECK_EQ(t->tasks_in.bad, 170);
	CHECK_EQ(t->tasks_in.nexamples, 10);
	snprintf(json, sizeof(json), "%s/alibaba-2017/batch_task.csv:4117: no CPU request "
		 "(empty field)", data);
	CHECK_STR(t->tasks_in.examples[0], json);
	CHECK_EQ(t->machines_in.rows, 1352);
	CHECK_EQ(t->machines_in.bad, 0);
	CHECK_EQ(t->nmachines, 1313);
	CHECK_EQ(s.cl.nhosts, 1313);
	for (int32_t h = 0; h < s.cl.nhosts; h++) {
		CHECK_EQ(s.cl.hosts[h].cpu_total, 64 * 1024);
		n90436 += s.cl.hosts[h].mem_total == 90436; /* 0.6899697 x 131072 MiB */
		draining += s.cl.hosts[h].state == CL_DRAINING;
	}
	CHECK_EQ(n90436, 736);
	/* 3 machines had a softerror in the first 10 hours: they drain */
	CHECK_EQ(draining, 3);
	CHECK_EQ(s.cl.hosts_up, 1313);
	CHECK(s.replay->trs[0].submitted > 1000);
	CHECK(accounted(&s));
	done(&s, &sc);
}

/* A 10-minute slice with invariants checked after every event: tasks that
 * were running when the window opens start at time 0. */
TEST(test_trace_alibaba_2017_window_invariants)
{
	const char *data = samples();
	char json[2048];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	const trace *t;

	if (!data)
		return;
	fresh();
	alibaba_2017(json, sizeof(json), data, "10m",
		     ", \"start\": \"10h\", \"end\": \"36300s\", \"sample\": 0.01");
	if (run(json, &o, NULL, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	t = &s.replay->trs[0].tr;
	CHECK(tally_of(&t->tasks_in.skipped, "ended before the window") > 1000);
	CHECK(tally_of(&t->tasks_in.skipped, "after the window") > 1000);
	CHECK(t->tasks_in.used > 5);
	CHECK(s.replay->trs[0].completed > 0);
	CHECK_EQ(s.st.submitted, s.replay->trs[0].submitted);
	CHECK(accounted(&s));
	done(&s, &sc);
}

/* ---- alibaba-gpu-2023 -------------------------------------------------- */

TEST(test_trace_alibaba_gpu_2023_shares)
{
	const char *data = samples();
	char json[2048];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	const trace *t;
	int64_t gpus = 0, cpu = 0, shared = 0;
	static const char fmt[] =
		"{\"duration\": \"2d\", \"metricsInterval\": \"1h\","
		" \"cluster\": {\"availabilityZones\": [\"a\"], \"instanceTypes\": [],"
		"  \"instances\": []},"
		" \"traces\": [{\"format\": \"alibaba-gpu-2023\", \"start\": \"140d\","
		"  \"file\": \"%s/alibaba-gpu-2023/openb_pod_list_default.csv\","
		"  \"machines\": \"%s/alibaba-gpu-2023/openb_node_list_all_node.csv\"%s}]}";

	if (!data)
		return;
	fresh();
	snprintf(json, sizeof(json), fmt, data, data, "");
	if (run(json, &o, NULL, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	t = &s.replay->trs[0].tr;
	CHECK_EQ(t->tasks_in.rows, 8152);
	CHECK_EQ(tally_of(&t->tasks_in.skipped, "never scheduled (Pending, no scheduled_time)"),
		 897);
	CHECK_EQ(t->tasks_in.bad, 0);
	CHECK_EQ(t->nmachines, 1523);
	for (int32_t h = 0; h < s.cl.nhosts; h++) {
		gpus += s.cl.hosts[h].gpu_total;
		cpu += s.cl.hosts[h].cpu_total;
		shared += s.cl.hosts[h].gpu_used != NULL; /* held a share at some time */
	}
	CHECK_EQ(gpus, 6212);
	CHECK_EQ(cpu, 125514 * 1024);
	CHECK(shared > 10);
	CHECK(s.replay->trs[0].placed > 100);
	CHECK(accounted(&s));
	done(&s, &sc);

	/* gpu "ignore": no GPUs on the nodes, none asked for */
	snprintf(json, sizeof(json), fmt, data, data, ", \"gpu\": \"ignore\"");
	if (run(json, &o, NULL, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	for (int32_t h = 0; h < s.cl.nhosts; h++)
		CHECK_EQ(s.cl.hosts[h].gpu_total, 0);
	CHECK_EQ(s.st.rejections[CL_CHECK_GPU], 0);
	CHECK(accounted(&s));
	done(&s, &sc);
}

/* A hand-written openb trace: gpu_spec, the GPU allocation and the
 * fragmentation, by hand.  Nodes: n0 T4 with 2 GPUs, n1 V100M32 with 1.
 * Pods (cpu 1000 milli each): p0 a share of 500, any model, 0-100 s; p1
 * one GPU on a V100M32, 0-50 s; p2 the same at 10 s, when n1's GPU is
 * taken: n0 has the GPU but not the model, so MemberOf.  first-fit puts
 * p0 on GPU 0 of n0.  Over 200 s and 3 GPUs:
 *   allocated: 0.5 x 100 + 1 x 50 = 100 GPU s of 600: 1/6 (shares 50,
 *   whole 50);
 *   workload: p0's shape once, the V100M32 GPU shape twice (total 3);
 *   F(n0) empty: p0 fits and wastes 0, the V100M32 shape wastes 2000:
 *   4000/3; with p0: (1000, 500) left, 2 x 1500 / 3 = 1000; F(n1) is 0
 *   (empty: both fit and waste 0; p1 there: nothing free);
 *   fragmentation: 1000 x 100 s + 4000/3 x 100 s over 200 s = 1166.67
 *   thousandths; idle: 1500 x 50 + 2500 x 50 + 3000 x 100 = 500000, so the
 *   rate is 233333.3 / 500000. */
TEST(test_trace_openb_gpu_spec_and_metrics)
{
	char json[2048];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	sim_gpu_view g;

	fresh();
	put("nodes.csv", "sn,cpu_milli,memory_mib,gpu,model\n"
	    "n0,8000,65536,2,T4\n"
	    "n1,8000,65536,1,V100M32\n");
	put("pods.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,"
	    "creation_time,deletion_time,scheduled_time\n"
	    "p0,1000,1024,1,500,,LS,Running,0,100,0\n"
	    "p1,1000,1024,1,1000,V100M32,LS,Running,0,50,0\n"
	    "p2,1000,1024,1,1000,V100M32,LS,Running,10,60,10\n");
	snprintf(json, sizeof(json),
		 "{\"duration\": \"200s\", \"metricsInterval\": \"50s\","
		 " \"cluster\": {\"availabilityZones\": [\"a\"], \"instanceTypes\": [],"
		 "  \"instances\": []},"
		 " \"traces\": [{\"format\": \"alibaba-gpu-2023\", \"file\": \"pods.csv\","
		 "  \"machines\": \"nodes.csv\", \"placementStrategy\": [{\"type\": \"first-fit\"}]}]}");
	if (run(json, &o, NULL, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_EQ(s.replay->trs[0].placed, 2);
	CHECK_EQ(s.replay->trs[0].rejected, 1);
	CHECK_EQ(s.st.rejections[CL_CHECK_MEMBER_OF], 1);
	CHECK(accounted(&s));
	sim_gpu_now(&s, &g);
	CHECK(g.has_gpus && g.has_frag);
	CHECK_EQ(g.shapes, 2);
	CHECK_NEAR(g.up, 3, 0);
	CHECK_NEAR(g.mean_up, 3, 1e-12);
	CHECK_NEAR(g.mean_whole + g.mean_shared, 0.5, 1e-12);   /* 1/6 of 3 */
	CHECK_NEAR(g.mean_whole, 0.25, 1e-12);
	CHECK_NEAR(g.mean_shared, 0.25, 1e-12);
	CHECK_NEAR(g.mean_frag * 1000, 3500.0 / 3, 1e-6);
	CHECK_NEAR(g.mean_idle * 1000, 2500, 1e-9);
	CHECK_NEAR(g.frag * 1000, 4000.0 / 3, 1e-9);            /* at the end: all empty */
	done(&s, &sc);
}

/* ---- swf --------------------------------------------------------------- */

TEST(test_trace_swf_gzip)
{
	const char *data = samples();
	char json[2048];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	const trace *t;

	if (!data)
		return;
	fresh();
	snprintf(json, sizeof(json),
		 "{\"duration\": \"100d\", \"metricsInterval\": \"1d\","
		 " \"cluster\": {\"availabilityZones\": [\"a\"],"
		 "  \"instanceTypes\": [{\"name\": \"node\", \"cpu\": 1024, \"memory\": 16}],"
		 "  \"instances\": [{\"instanceType\": \"node\", \"count\": 128}]},"
		 " \"traces\": [{\"format\": \"swf\", \"sample\": 0.1,"
		 "  \"file\": \"%s/swf/NASA-iPSC-1993-3.1-cln.swf.gz\"}]}", data);
	if (run(json, NULL, NULL, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	t = &s.replay->trs[0].tr;
	CHECK_EQ(t->tasks_in.rows, 18239);
	CHECK_EQ(t->tasks_in.bad, 0);
	CHECK(t->tasks_in.complete);
	/* 10 % of the jobs: about 31,000 of the 309,953 processors */
	CHECK(s.replay->trs[0].submitted > 25000 && s.replay->trs[0].submitted < 37000);
	CHECK_EQ(s.replay->trs[0].placed, s.replay->trs[0].completed); /* all ended within 100 days */
	CHECK(accounted(&s));
	done(&s, &sc);
}

/* ---- google-2011 (hand-written from the published schema) -------------- */

static const char google_machines[] =
	"0,1,0,PLAT_A,0.5,0.5\n"
	"0,2,0,PLAT_A,0.5,0.5\n"
	"0,3,0,PLAT_B,1,1\n"
	"5000000,3,2,PLAT_B,1,0.5\n"
	"60000000,3,1,,,\n"
	"90000000,3,0,PLAT_B,1,1\n";

static const char google_tasks[] =
	/* job 100: task 0 runs 0-10 s; task 1 is scheduled at 1 s with the
	 * request of its SUBMIT, evicted at 20 s, resubmitted, runs from 26 s */
	"0,,100,0,,0,u1,0,0,0.25,0.25,0,0\n"
	"0,,100,0,1,1,u1,0,0,0.25,0.25,0,0\n"
	"0,,100,1,,0,u1,0,0,0.25,0.25,0,0\n"
	"1000000,,100,1,2,1,u1,0,0,,,,\n"
	/* job 200 waits forever; job 300 is killed while pending */
	"2000000,,200,0,,0,u2,1,2,0.5,0.5,0,0\n"
	"2500000,,200,0,,7,u2,1,2,0.6,0.6,0,0\n"
	"3000000,,300,0,,0,u2,1,2,0.1,0.1,0,0\n"
	"4000000,,300,0,,5,u2,1,2,,,,\n"
	"10000000,,100,0,1,4,u1,0,0,,,,\n"
	"20000000,,100,1,2,2,u1,0,0,,,,\n"
	"25000000,,100,1,,0,u1,0,0,0.25,0.25,0,0\n"
	"26000000,,100,1,3,1,u1,0,0,,,,\n"
	"30000000,,100,1,3,8,u1,0,0,0.3,0.3,0,0\n"
	/* job 400 needs 0.75 of the largest machine: only machine 3, which is
	 * removed at 60 s; its FINISH at 70 s finds the task gone */
	"40000000,,400,5,,1,u3,0,0,0.75,0.1,0,0\n"
	"45000000,,400,5,,9,u3,0,0,,,,\n"
	"50000000,,999,0,,4,u3,0,0,,,,\n"
	"70000000,,400,5,3,4,u3,0,0,,,,\n";

struct rec_log {
	sim_task_rec r[16];
	char group[16][32];
	int n;
};

static void log_task(void *ctx, const sim_task_rec *r)
{
	struct rec_log *l = ctx;
	if (l->n < 16) {
		l->r[l->n] = *r;
		snprintf(l->group[l->n], sizeof(l->group[0]), "%s", r->group);
		l->n++;
	}
}

TEST(test_trace_google_2011_events)
{
	static const char json[] =
		"{\"duration\": \"100s\", \"metricsInterval\": \"10s\","
		" \"cluster\": {\"availabilityZones\": [\"a\"], \"instanceTypes\": [],"
		"  \"instances\": []},"
		" \"traces\": [{\"format\": \"google-2011\", \"file\": [\"task_events.csv\"],"
		"  \"machines\": \"machine_events.csv\","
		"  \"placementStrategy\": [{\"type\": \"binpack\", \"field\": \"cpu\"}]}]}";
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	struct rec_log log = { .n = 0 };
	sim_observer obs = { .ctx = &log, .task_done = log_task };
	const sim_trace *x;
	const trace *t;

	fresh();
	put("task_events.csv", google_tasks);
	put("machine_events.csv", google_machines);
	if (run(json, &o, &obs, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	x = &s.replay->trs[0];
	t = &x->tr;
	CHECK_EQ(t->nmachines, 3);
	CHECK_EQ(s.cl.hosts[2].cpu_total, 65536);
	CHECK_EQ(s.cl.hosts[0].mem_total, 65536);
	CHECK_EQ(s.cl.hosts[2].state, CL_ACTIVE); /* re-added at 90 s */
	CHECK_EQ(tally_of(&t->machines_in.notes, "UPDATE (capacity changes are not modelled)"), 1);
	CHECK_EQ(t->tasks_in.rows, 17);
	CHECK_EQ(t->tasks_in.bad, 1);
	CHECK_STR(t->tasks_in.examples[0], at("task_events.csv:15: event type \"9\" is not 0-8"));
	CHECK_EQ(x->submitted, 4);
	CHECK_EQ(x->placed, 4);
	CHECK_EQ(x->completed, 2);
	CHECK_EQ(x->killed, 1);
	CHECK_EQ(t->tasks, 4);
	CHECK_EQ(tally_of(&t->tasks_in.notes, "end of a task never scheduled"), 1);
	CHECK_EQ(tally_of(&t->tasks_in.notes, "end of a task not seen before (ignored)"), 1);
	CHECK_EQ(tally_of(&t->tasks_in.notes,
			  "UPDATE_RUNNING (changes of running tasks are not modelled)"), 1);
	CHECK(accounted(&s));
	/* the order tasks ended in: job 100 task 0 at 10 s, task 1 evicted at
	 * 20 s, job 400 killed at 60 s, then job 100 task 1 still running */
	CHECK_EQ(log.n, 4);
	CHECK_STR(log.group[0], "job:100");
	CHECK_EQ(log.r[0].start, 0);
	CHECK_EQ(log.r[0].end, 10 * USEC_PER_SEC);
	CHECK_EQ(log.r[1].start, 1 * USEC_PER_SEC);
	CHECK_EQ(log.r[1].end, 20 * USEC_PER_SEC);
	CHECK_STR(log.group[2], "job:400");
	CHECK_EQ(log.r[2].host, 2);
	CHECK_EQ(log.r[2].end, 60 * USEC_PER_SEC);
	CHECK_EQ(log.r[2].reason, SIM_END_HOST_FAILURE);
	CHECK_EQ(log.r[3].start, 26 * USEC_PER_SEC);
	CHECK_EQ(log.r[3].reason, SIM_END_RUNNING);
	{
		json_t *j = summary_build(&s, 0);
		CHECK_EQ(json_integer_value(json_object_get(json_array_get(json_object_get(j,
			"traces"), 0), "tasks_pending_at_end")), 1);
		json_decref(j);
	}
	done(&s, &sc);
}

/* ---- csv: a column mapping --------------------------------------------- */

TEST(test_trace_csv_mapping_units_window_scale)
{
	static const char json[] =
		"{\"duration\": \"1h\", \"metricsInterval\": \"10m\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 8192, \"memory\": 16384,"
		"   \"gpus\": 1}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"traces\": [{\"name\": \"jobs\", \"file\": \"jobs.tsv\","
		"  \"format\": {\"delimiter\": \"\\t\", \"timeUnit\": \"m\","
		"   \"cpuUnit\": \"millicores\", \"memoryUnit\": \"GiB\","
		"   \"columns\": {\"submit\": \"at\", \"end\": 3, \"cpu\": \"mc\","
		"    \"memory\": \"gib\", \"count\": \"n\", \"group\": \"job\", \"gpu\": \"gpu\"}},"
		"  \"start\": \"10m\", \"end\": \"40m\", \"timeScale\": 0.5, \"durationScale\": 1}]}";
	static const char tsv[] =
		"at\tjob\tstop\tmc\tgib\tn\tgpu\n"
		"0\tj0\t5\t500\t1\t1\t0\n"          /* ends before the window */
		"5\tj1\t20\t1000\t0.5\t2\t0\n"      /* runs at the start: 10 min left */
		"12\tj2\t13\t250\t2\t1\t0.5\n"      /* at (12-10)*0.5 = 1 min, runs 1 min */
		"20\tj3\t50\t2000\t1\t4\t1\n"       /* 1 whole GPU each: 2 of 4 fit */
		"30\tj4\t31\tx\t1\t1\t0\n"          /* bad cpu */
		"45\tj5\t46\t1\t1\t1\t0\n";         /* after the window */
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	struct rec_log log = { .n = 0 };
	sim_observer obs = { .ctx = &log, .task_done = log_task };
	const sim_trace *x;

	fresh();
	put("jobs.tsv", tsv);
	if (run(json, &o, &obs, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	x = &s.replay->trs[0];
	CHECK_EQ(x->tr.tasks_in.rows, 6);
	CHECK_EQ(x->tr.tasks_in.bad, 1);
	CHECK_STR(x->tr.tasks_in.examples[0], at("jobs.tsv:6: cpu \"x\" is not a number >= 0"));
	CHECK_EQ(tally_of(&x->tr.tasks_in.skipped, "ended before the window"), 1);
	CHECK_EQ(tally_of(&x->tr.tasks_in.skipped, "after the window"), 1);
	CHECK_EQ(x->submitted, 7);
	CHECK_EQ(x->rejected, 2);
	CHECK_EQ(s.st.rejections[CL_CHECK_GPU], 2);
	CHECK_EQ(s.st.rejected, 2);
	CHECK(accounted(&s));
	/* j2: one task, 256 CPU units, 2048 MiB, a share of a GPU */
	for (int i = 0; i < log.n; i++) {
		if (strcmp(log.group[i], "j2") == 0) {
			CHECK_EQ(log.r[i].submit, 60 * USEC_PER_SEC);
			CHECK_EQ(log.r[i].end, 120 * USEC_PER_SEC);
		}
		if (strcmp(log.group[i], "j1") == 0) {
			CHECK_EQ(log.r[i].submit, 0);
			CHECK_EQ(log.r[i].end, 600 * USEC_PER_SEC);
		}
		if (strcmp(log.group[i], "j3") == 0 && log.r[i].reason != SIM_END_REJECTED)
			CHECK_EQ(log.r[i].submit, 300 * USEC_PER_SEC);
	}
	done(&s, &sc);
}

/* ---- bad rows and --strict --------------------------------------------- */

static const char bad_tasks[] =
	"task_create_time,task_end_time,job_id,task_id,number_of_instances,status,cpus,mem\n"
	"10,20,1,1,2,Terminated,50,0.01\n"
	"10,20,1,2,1,Terminated,50\n"
	"x,20,1,3,1,Terminated,50,0.01\n"
	"30,20,1,4,1,Terminated,50,0.01\n"
	"10,20,1,5,1,Waiting,,\n"
	"10,0,1,6,3,Running,100,0.02\n"
	"10,20,1,7,1,Terminated,,0.01\n"
	"10,20,1,8,1,Done,50,0.01\n"
	"10,20,1,9,-1,Terminated,50,0.01\n"
	"10,20,1,10,0,Failed,50,0.01\n"
	"\n"
	"15,25,2,1,1,Failed,50,abc\n";

static const char bad_machines[] =
	"0,1,add,,64,0.5,1\n"
	"0,2,add,,64,0.5,1\n"
	"5,2,softerror,agent_check,0,0,0\n"
	"7,3,softerror,x,0,0,0\n"
	"8,1,reboot,,0,0,0\n"
	"12,2,add,,64,0.5,1\n"
	"50,1,remove,,,,\n";

static const char bad_json[] =
	"{\"duration\": \"60s\", \"metricsInterval\": \"10s\","
	" \"cluster\": {\"availabilityZones\": [\"a\"], \"instanceTypes\": [],"
	"  \"instances\": []},"
	" \"traces\": [{\"name\": \"t\", \"format\": \"alibaba-2017\","
	"  \"file\": \"tasks.csv\", \"machines\": \"machines.csv\"%s}]}";

TEST(test_trace_bad_rows_reported)
{
	char json[1024];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	const sim_trace *x;
	static const char *const want[] = {
		"tasks.csv:3: 7 fields, expected 8",
		"tasks.csv:4: create time \"x\" is not a number",
		"tasks.csv:5: end time 20 is before create time 30",
		"tasks.csv:8: no CPU request (empty field)",
		"tasks.csv:9: unknown status \"Done\"",
		"tasks.csv:10: number of instances \"-1\" is not a whole number >= 0",
		"tasks.csv:13: memory request \"abc\" is not a number >= 0",
	};

	fresh();
	put("tasks.csv", bad_tasks);
	put("machines.csv", bad_machines);
	snprintf(json, sizeof(json), bad_json, "");
	if (run(json, &o, NULL, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	x = &s.replay->trs[0];
	CHECK_EQ(x->tr.tasks_in.rows, 11);
	CHECK_EQ(x->tr.tasks_in.bad, 7);
	CHECK_EQ(x->tr.tasks_in.nexamples, 7);
	for (int i = 0; i < 7; i++)
		CHECK_STR(x->tr.tasks_in.examples[i], at(want[i]));
	CHECK_EQ(tally_of(&x->tr.tasks_in.skipped, "no instances"), 1);
	CHECK_EQ(x->tr.machines_in.bad, 1);
	CHECK_STR(x->tr.machines_in.examples[0], at("machines.csv:5: unknown event \"reboot\""));
	CHECK_EQ(tally_of(&x->tr.machines_in.skipped, "event of a machine not added before"), 1);
	/* machine 2 drains at 5 s and is back at 12 s: the 5 tasks of 10 s all
	 * go to machine 1; its removal at 50 s kills the 3 still running */
	CHECK_EQ(x->submitted, 5);
	CHECK_EQ(x->completed, 2);
	CHECK_EQ(x->killed, 3);
	CHECK_EQ(s.cl.hosts[0].state, CL_DOWN);
	CHECK_EQ(s.cl.hosts[1].state, CL_ACTIVE);
	CHECK(accounted(&s));
	done(&s, &sc);
}

TEST(test_trace_strict)
{
	char json[1024];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .strict = 1 };

	fresh();
	put("tasks.csv", bad_tasks);
	put("machines.csv", bad_machines);
	snprintf(json, sizeof(json), bad_json, "");
	CHECK_EQ(run(json, &o, NULL, &s, &sc, &e), -1);
	snprintf(json, sizeof(json), "$.traces[0]: %s", at("machines.csv:5: unknown event "
		 "\"reboot\" (bad row; --strict makes it an error)"));
	CHECK_STR(e.msg, json);
	done(&s, &sc);

	/* a bad row read while the run goes on stops it */
	put("machines.csv", "0,1,add,,64,0.5,1\n");
	snprintf(json, sizeof(json), bad_json, ", \"reorderRows\": 1");
	err_clear(&e);
	CHECK_EQ(run(json, &o, NULL, &s, &sc, &e), -1);
	CHECK_STR(e.msg, at("tasks.csv:3: 7 fields, expected 8 (bad row; --strict makes it an "
			    "error)"));
	CHECK_EQ(s.eng.now, 10 * USEC_PER_SEC);
	done(&s, &sc);
}

/* ---- ordering and streaming -------------------------------------------- */

TEST(test_trace_unsorted_rows)
{
	static const char json[] =
		"{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 8192, \"memory\": 16384}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"traces\": [{\"file\": \"t.csv\", \"reorderRows\": %d,"
		"  \"format\": {\"header\": false, \"columns\": {\"submit\": 1, \"duration\": 2,"
		"   \"cpu\": 3, \"memory\": 4}}}]}";
	static const char rows[] = "30,5,1,100\n10,5,1,100\n20,5,1,100\n40,5,1,100\n"
				   "0,5,1,100\n50,5,1,100\n";
	char j[1024];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	struct rec_log log = { .n = 0 };
	sim_observer obs = { .ctx = &log, .task_done = log_task };

	fresh();
	put("t.csv", rows);
	/* a buffer of 5 rows sorts the row of 0 s, the fifth */
	snprintf(j, sizeof(j), json, 5);
	if (run(j, NULL, &obs, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK_EQ(log.n, 6);
	for (int i = 0; i < 6; i++)
		CHECK_EQ(log.r[i].submit, i * 10 * USEC_PER_SEC);
	done(&s, &sc);
	snprintf(j, sizeof(j), json, 3);
	CHECK_EQ(run(j, NULL, NULL, &s, &sc, &e), -1);
	CHECK_STR(e.msg, at("t.csv:5: this row's time (0 s simulated) is before 20 s, which the "
			    "replay has passed: the file is not sorted by time within 3 rows "
			    "(reorderRows); sort it by time or raise reorderRows"));
	done(&s, &sc);
}

/* A long sorted trace and a short run: the replay reads only as far as the
 * simulated clock has gone, plus the reorder buffer. */
TEST(test_trace_streams)
{
	static const char json[] =
		"{\"duration\": \"100s\", \"metricsInterval\": \"10s\","
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 8192, \"memory\": 16384}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"traces\": [{\"file\": \"big.csv.gz\", \"reorderRows\": 100,"
		"  \"format\": {\"header\": false, \"columns\": {\"submit\": 1, \"duration\": 2,"
		"   \"cpu\": 3, \"memory\": 4}}}]}";
	char p[1300];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	gzFile f;

	fresh();
	snprintf(p, sizeof(p), "%s/big.csv.gz", dir);
	f = gzopen(p, "wb1");
	for (int i = 0; i < 200000; i++)
		gzprintf(f, "%d.%d,1,1,1\n", i / 10, i % 10);
	gzclose(f);
	if (run(json, NULL, NULL, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	/* 1000 rows within 100 s (and the one at 100 s), 100 ahead at most */
	CHECK_EQ(s.replay->trs[0].submitted, 1001);
	CHECK(!s.replay->trs[0].tr.tasks_in.complete);
	CHECK(s.replay->trs[0].tr.tasks_in.rows <= 1001 + 100);
	CHECK_EQ(s.replay->trs[0].tr.nheap, 100);
	done(&s, &sc);
}

/* The same seed keeps the same rows; another seed other rows. */
TEST(test_trace_sample_is_seeded)
{
	static const char json[] =
		"{\"duration\": \"1000s\", \"seed\": %d,"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 8192, \"memory\": 16384}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"traces\": [{\"file\": \"t.csv\", \"sample\": 0.25,"
		"  \"format\": {\"header\": false, \"columns\": {\"submit\": 1, \"duration\": 2,"
		"   \"cpu\": 3}}}]}";
	char j[1024], rows[40000];
	size_t n = 0;
	int64_t kept[3];
	scenario sc;
	sim s;
	ecs_err e = { 0 };

	fresh();
	for (int i = 0; i < 4000; i++)
		n += (size_t)snprintf(rows + n, sizeof(rows) - n, "%d,0,1\n", i / 4);
	put("t.csv", rows);
	for (int k = 0; k < 3; k++) {
		snprintf(j, sizeof(j), json, k == 2 ? 8 : 7);
		if (run(j, NULL, NULL, &s, &sc, &e) < 0)
			TEST_FAILED("%s", e.msg);
		kept[k] = s.replay->trs[0].submitted;
		CHECK_EQ(tally_of(&s.replay->trs[0].tr.tasks_in.skipped, "sampled out"), 4000 - kept[k]);
		done(&s, &sc);
	}
	CHECK_EQ(kept[0], kept[1]);
	CHECK(kept[0] != kept[2]);
	/* 1000 expected; sd ~ 27 */
	CHECK(kept[0] > 880 && kept[0] < 1120);
}

/* ---- loading ----------------------------------------------------------- */

TEST(test_trace_loader_paths_and_defaults)
{
	static const char json[] =
		"{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [], \"instances\": []},"
		" \"traces\": [{\"format\": \"alibaba-2017\", \"file\": \"sub/batch_task.csv\"},"
		"  {\"format\": \"google-2011\", \"file\": [\"sub/batch_task.csv\", \"%s\"],"
		"   \"timeScale\": 0.5, \"sample\": 0.3, \"group\": \"g\"%s}]}";
	char j[2048], abs[1300];
	scenario sc;
	ecs_err e = { 0 };
	const sc_trace *t;

	fresh();
	snprintf(abs, sizeof(abs), "%s/sub", dir);
	mkdir(abs, 0700);
	put("sub/batch_task.csv", "");
	snprintf(abs, sizeof(abs), "%s/sub/batch_task.csv", dir);
	snprintf(j, sizeof(j), json, abs, ", \"name\": \"google\"");
	if (load(&sc, j, &e) < 0)
		TEST_FAILED("%s", e.msg);
	t = &sc.traces[0];
	CHECK_STR(t->name, "batch_task");
	CHECK_STR(t->fmt->name, "alibaba-2017");
	CHECK_STR(t->files[0], at("sub/batch_task.csv"));
	CHECK_STR(t->file_names[0], "sub/batch_task.csv");
	CHECK_EQ(t->start, 0);
	CHECK_EQ(t->end, INT64_MAX);
	CHECK_NEAR(t->time_scale, 1, 0);
	CHECK_NEAR(t->duration_scale, 1, 0);
	CHECK_NEAR(t->sample, 1, 0);
	CHECK_EQ(t->cpu_per_core, 1024);
	CHECK_NEAR(t->memory_per_unit, 131072, 0);
	CHECK_EQ(t->reorder_rows, 131072);
	CHECK_EQ(t->zone, -1);
	CHECK_EQ(t->error_recovery, -1);
	CHECK(t->group == NULL);
	t = &sc.traces[1];
	CHECK_STR(t->name, "google");
	CHECK_EQ(t->nfiles, 2);
	CHECK_STR(t->files[1], abs);
	CHECK_NEAR(t->duration_scale, 0.5, 0); /* follows timeScale */
	CHECK_NEAR(t->cpu_per_unit, 65536, 0);
	CHECK_EQ(t->reorder_rows, 4096);
	CHECK_STR(t->group, "g");
	scenario_destroy(&sc);

	/* two traces named after the same file must be told apart */
	fresh();
	snprintf(abs, sizeof(abs), "%s/sub", dir);
	mkdir(abs, 0700);
	put("sub/batch_task.csv", "");
	snprintf(abs, sizeof(abs), "%s/sub/batch_task.csv", dir);
	snprintf(j, sizeof(j), json, abs, "");
	CHECK_EQ(load(&sc, j, &e), -1);
	CHECK(strstr(e.msg, "$.traces[1].name: duplicate trace \"batch_task\" (from the file "
		  "name; set \"name\")"));
	scenario_destroy(&sc);
}

TEST(test_trace_loader_missing_file)
{
	static const char json[] =
		"{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [], \"instances\": []},"
		" \"traces\": [{\"format\": \"swf\", \"file\": \"nope.swf\"}]}";
	scenario sc;
	ecs_err e = { 0 };
	char want[2048];

	fresh();
	CHECK_EQ(load(&sc, json, &e), -1);
	snprintf(want, sizeof(want), "%s/s.json: $.traces[0].file: cannot open \"nope.swf\" "
		 "(%s): No such file or directory", dir, at("nope.swf"));
	CHECK_STR(e.msg, want);
	scenario_destroy(&sc);
}

/* A header without a mapped column: the model cannot be built. */
TEST(test_trace_csv_header_without_column)
{
	static const char json[] =
		"{\"duration\": \"1h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [], \"instances\": []},"
		" \"traces\": [{\"file\": \"t.csv\", \"format\": {\"columns\": {\"submit\": \"at\","
		"  \"duration\": \"d\", \"cpu\": \"cpus\"}}}]}";
	scenario sc;
	sim s;
	ecs_err e = { 0 };

	fresh();
	put("t.csv", "at,dur,cpus\n1,2,3\n");
	CHECK_EQ(run(json, NULL, NULL, &s, &sc, &e), -1);
	CHECK(strncmp(e.msg, "$.traces[0]: ", 13) == 0);
	CHECK_STR(e.msg + 13, at("t.csv: no column \"d\" (for duration) in the header"));
	done(&s, &sc);
}

/* ---- the command line -------------------------------------------------- */

static int ecsim(const char *args)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "'%s' %s", test_ecsim(), args);
	return test_run(dir, cmd);
}

TEST(test_trace_cli_bad_rows_and_strict)
{
	char json[1024];
	struct stat st;
	json_t *sum, *t;

	fresh();
	put("tasks.csv", bad_tasks);
	put("machines.csv", bad_machines);
	snprintf(json, sizeof(json), bad_json, "");
	put("s.json", json);
	CHECK_EQ(ecsim("run s.json -o strict --strict --quiet --no-plots"), 1);
	CHECK(strstr(test_err, "machines.csv:5: unknown event \"reboot\" (bad row; --strict makes "
			      "it an error)\n"));
	CHECK(stat("strict", &st) != 0 && stat(at("strict"), &st) != 0);
	CHECK_EQ(ecsim("run s.json -o out --quiet --no-plots"), 0);
	CHECK(strstr(test_err, "ecsim: trace t: 1 bad row in its machine table, not replayed:\n"));
	CHECK(strstr(test_err, "ecsim: trace t: 7 bad rows in its workload, not replayed:\n"));
	CHECK(strstr(test_err, "tasks.csv:13: memory request \"abc\" is not a number >= 0\n"));
	sum = json_load_file(at("out/summary.json"), 0, NULL);
	CHECK(sum != NULL);
	t = json_array_get(json_object_get(sum, "traces"), 0);
	CHECK_EQ(json_integer_value(json_object_get(json_object_get(t, "workload"), "rows_bad")),
		 7);
	CHECK_EQ(json_array_size(json_object_get(json_object_get(t, "workload"), "bad_rows")), 7);
	CHECK_EQ(json_integer_value(json_object_get(json_object_get(t, "tasks"), "killed")), 3);
	CHECK_EQ(json_integer_value(json_object_get(json_object_get(t, "machines"), "machines")),
		 2);
	json_decref(sum);
	CHECK_EQ(ecsim("traces"), 0);
	CHECK(strstr(test_out, "alibaba-gpu-2023  openb_node_list_*.csv"));
	CHECK_EQ(ecsim("validate s.json"), 0);
	CHECK(strstr(test_out, "s.json: ok (s: 2 hosts in 1 zones"));
}

/* DIR/name: first, a row of TRACEIN_MAX_ROW + 1 bytes, then last. */
static void put_long(const char *name, const char *first, const char *last)
{
	char p[1300];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	fputs(first, f);
	for (int i = 0; i <= TRACEIN_MAX_ROW; i++)
		putc(i % 10 == 9 ? ',' : '1', f);
	putc('\n', f);
	fputs(last, f);
	fclose(f);
}

/* A row over the length limit, in either table, is one bad row at its own
 * line and the rows after it are read as usual; under --strict it is the
 * error, in the run and on the command line. */
TEST(test_trace_too_long_row)
{
	char json[1024];
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	const sim_trace *x;
	json_t *sum, *t;

	fresh();
	put_long("tasks.csv", "10,20,1,1,2,Terminated,50,0.01\n",
		 "10,20,1,2,1,Terminated,50,0.01\n");
	put_long("machines.csv", "0,1,add,,64,0.5,1\n", "0,2,add,,64,0.5,1\n");
	snprintf(json, sizeof(json), bad_json, "");
	if (run(json, &o, NULL, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	x = &s.replay->trs[0];
	CHECK_EQ(x->tr.tasks_in.rows, 3);
	CHECK_EQ(x->tr.tasks_in.bad, 1);
	CHECK_STR(x->tr.tasks_in.examples[0], at("tasks.csv:2: row longer than 1048576 bytes"));
	CHECK_EQ(x->tr.machines_in.rows, 3);
	CHECK_EQ(x->tr.machines_in.bad, 1);
	CHECK_STR(x->tr.machines_in.examples[0],
		  at("machines.csv:2: row longer than 1048576 bytes"));
	CHECK_EQ(x->tr.nmachines, 2);
	CHECK_EQ(x->submitted, 3);
	CHECK(accounted(&s));
	done(&s, &sc);

	o = (sim_opts){ .strict = 1 };
	CHECK_EQ(run(json, &o, NULL, &s, &sc, &e), -1);
	snprintf(json, sizeof(json), "$.traces[0]: %s", at("machines.csv:2: row longer than "
		 "1048576 bytes (bad row; --strict makes it an error)"));
	CHECK_STR(e.msg, json);
	done(&s, &sc);
	put("machines.csv", "0,1,add,,64,0.5,1\n");
	snprintf(json, sizeof(json), bad_json, "");
	err_clear(&e);
	CHECK_EQ(run(json, &o, NULL, &s, &sc, &e), -1);
	snprintf(json, sizeof(json), "$.traces[0]: %s", at("tasks.csv:2: row longer than "
		 "1048576 bytes (bad row; --strict makes it an error)"));
	CHECK_STR(e.msg, json);
	done(&s, &sc);

	/* what a user sees: the message, and the count in summary.json */
	snprintf(json, sizeof(json), bad_json, "");
	put("s.json", json);
	CHECK_EQ(ecsim("run s.json -o strict --strict --quiet --no-plots"), 1);
	CHECK(strstr(test_err, "tasks.csv:2: row longer than 1048576 bytes (bad row; --strict "
			      "makes it an error)\n"));
	CHECK_EQ(ecsim("run s.json -o out --quiet --no-plots"), 0);
	CHECK(strstr(test_err, "ecsim: trace t: 1 bad row in its workload, not replayed:\n"));
	CHECK(strstr(test_err, "tasks.csv:2: row longer than 1048576 bytes\n"));
	sum = json_load_file(at("out/summary.json"), 0, NULL);
	CHECK(sum != NULL);
	t = json_object_get(json_array_get(json_object_get(sum, "traces"), 0), "workload");
	CHECK_EQ(json_integer_value(json_object_get(t, "rows_bad")), 1);
	CHECK(strstr(json_string_value(json_array_get(json_object_get(t, "bad_rows"), 0)),
		     "tasks.csv:2: row longer than 1048576 bytes"));
	json_decref(sum);
}

/* ---- inflate: the inflation experiment --------------------------------- */

static const char infl_nodes[] = "sn,cpu_milli,memory_mib,gpu,model\n"
				 "n0,8000,65536,1,T4\n"
				 "n1,8000,65536,1,T4\n";

static int infl_run(const char *pods, const char *inflate, uint64_t seed, sim *s, scenario *sc,
		    ecs_err *e)
{
	char json[2048];
	sim_opts o = { .check = 1, .seed = seed, .has_seed = 1 };

	fresh();
	put("nodes.csv", infl_nodes);
	put("pods.csv", pods);
	snprintf(json, sizeof(json),
		 "{\"duration\": \"1s\","
		 " \"cluster\": {\"availabilityZones\": [\"a\"], \"instanceTypes\": [],"
		 "  \"instances\": []},"
		 " \"traces\": [{\"format\": \"alibaba-gpu-2023\", \"file\": \"pods.csv\","
		 "  \"machines\": \"nodes.csv\", \"placementStrategy\": [{\"type\": \"first-fit\"}],"
		 "  \"inflate\": %s}]}", inflate);
	return run(json, &o, NULL, s, sc, e);
}

#define POD_HEAD "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase," \
		 "creation_time,deletion_time,scheduled_time\n"

/* By hand: 2 GPUs (2000 thousandths), one pod shape, a 500 share with 1
 * core of the 16; to 1.5 x 2000 = 3000: 6 pods arrive (a 7th would go
 * over), 4 fit (two shares per GPU), the 5th and 6th fail.  Steps of
 * 0.25 x 2000 = 500: row k after pod k, k = 0..6: allocated k/4 up to 1,
 * CPU k/16 up to 4/16, failed max(0, k - 4).  First failure: pod 5,
 * arrived 2500/2000 = 1.25, allocated 1.  The one shape fits any free
 * half of a GPU, so fragmentation is 0 throughout. */
TEST(test_trace_inflate_by_hand)
{
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_inflation_view v;

	if (infl_run(POD_HEAD "p0,1000,1024,1,500,,LS,Running,0,100,0\n",
		     "{\"to\": 1.5, \"step\": 0.25}", 1, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	sim_inflation(&s, &v);
	CHECK(v.given);
	CHECK_NEAR(v.capacity, 2, 0);
	CHECK_EQ(v.trace_tasks, 1);
	CHECK_EQ(v.nrows, 7);
	for (int k = 0; k < 7; k++) {
		const sim_inflation_row *r = &v.rows[k];
		int placed = k < 4 ? k : 4;
		CHECK_NEAR(r->arrived, k * 0.25, 1e-12);
		CHECK_EQ(r->tasks, k);
		CHECK_EQ(r->failed, k - placed);
		CHECK_NEAR(r->gpu_allocated, placed / 4.0, 1e-12);
		CHECK_NEAR(r->gpu_allocated_shared, placed / 4.0, 1e-12);
		CHECK_NEAR(r->gpu_allocated_whole, 0, 0);
		CHECK_NEAR(r->cpu_allocated, placed / 16.0, 1e-12);
		CHECK_NEAR(r->gpu_fragmentation, 0, 1e-12);
	}
	CHECK(v.first_failure != NULL);
	CHECK_NEAR(v.first_failure->arrived, 1.25, 1e-12);
	CHECK_EQ(v.first_failure->tasks, 5);
	CHECK_EQ(v.first_failure->failed, 1);
	CHECK_NEAR(v.first_failure->gpu_allocated, 1, 1e-12);
	CHECK_NEAR(v.end.arrived, 1.5, 1e-12);
	CHECK_EQ(s.replay->trs[0].placed, 4);
	CHECK_EQ(s.replay->trs[0].rejected, 2);
	done(&s, &sc);
}

/* The draws: shape k = uniform_int(stream "inflate" of the trace, tasks)
 * in the trace's order (p0, then p1 created later), submitted until the
 * next would carry the arrived GPU demand over 1.0 x 2000; every row's
 * arrived load is the sum of the demands drawn before it; the same seed
 * draws the same, another seed another sequence. */
TEST(test_trace_inflate_draws_and_seeds)
{
	static const char pods[] = POD_HEAD "p0,1000,1024,1,250,,LS,Running,0,100,0\n"
					    "p1,1000,1024,1,1000,,LS,Running,5,100,5\n";
	const int64_t demand[2] = { 250, 1000 };
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_inflation_view v;
	sim_inflation_row first[32];
	int32_t nfirst;
	gsl_rng *r;
	int64_t arrived = 0, n = 0, next;

	if (infl_run(pods, "{\"to\": 1.0, \"step\": 0.125}", 7, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	sim_inflation(&s, &v);
	r = rng_stream_new(7, "inflate", 0);
	for (;;) {
		next = demand[gsl_rng_uniform_int(r, 2)];
		if (arrived + next > 2000)
			break;
		arrived += next;
		n++;
	}
	gsl_rng_free(r);
	CHECK_EQ(v.end.tasks, n);
	CHECK_NEAR(v.end.arrived, arrived / 2000.0, 1e-12);
	CHECK_EQ(v.nrows, 9);
	for (int k = 1; k < v.nrows; k++) /* monotone, each at or past its step */
		CHECK(v.rows[k].arrived >= v.rows[k - 1].arrived &&
		      (v.rows[k].arrived >= k * 0.125 - 1e-12 || v.rows[k].tasks == n));
	nfirst = v.nrows;
	memcpy(first, v.rows, (size_t)nfirst * sizeof(*first));
	done(&s, &sc);

	if (infl_run(pods, "{\"to\": 1.0, \"step\": 0.125}", 7, &s, &sc, &e) < 0)
		TEST_FAILED("%s", e.msg);
	sim_inflation(&s, &v);
	CHECK_EQ(v.nrows, nfirst);
	CHECK(memcmp(first, v.rows, (size_t)nfirst * sizeof(*first)) == 0);
	done(&s, &sc);

	{ /* another seed: some row differs (8 draws agreeing by chance: 1/256) */
		int same = 1;
		if (infl_run(pods, "{\"to\": 1.0, \"step\": 0.125}", 8, &s, &sc, &e) < 0)
			TEST_FAILED("%s", e.msg);
		sim_inflation(&s, &v);
		for (int k = 0; k < v.nrows && k < nfirst; k++)
			same &= v.rows[k].tasks == first[k].tasks;
		CHECK(!same);
		done(&s, &sc);
	}
}

/* trace-first: each pod once in a random order (100 + 200 + 400 = 700
 * thousandths of 2000 after 3 pods, whatever the order, and 600 at most
 * after 2: row 2, at 0.35, is the third pod's), then draws; a
 * Pending pod (never scheduled) is drawn too. */
TEST(test_trace_inflate_trace_first)
{
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	sim_inflation_view v;

	if (infl_run(POD_HEAD "p0,1000,1024,1,100,,LS,Running,0,100,0\n"
			      "p1,1000,1024,1,200,,LS,Running,1,100,1\n"
			      "p2,1000,1024,1,400,,LS,Pending,2,,\n",
		     "{\"to\": 1.0, \"step\": 0.175, \"sampling\": \"trace-first\"}", 3, &s, &sc,
		     &e) < 0)
		TEST_FAILED("%s", e.msg);
	sim_inflation(&s, &v);
	CHECK_EQ(v.trace_tasks, 3);
	CHECK_EQ(v.nrows, 6);                      /* 0, 0.175, ..., 0.875 */
	CHECK_EQ(v.rows[2].tasks, 3);              /* 0.35 reached by the third pod */
	CHECK_NEAR(v.rows[2].arrived, 0.35, 1e-12);
	CHECK_NEAR(v.rows[2].gpu_allocated, 0.35, 1e-12);
	CHECK(v.end.tasks > 3);
	done(&s, &sc);
}
