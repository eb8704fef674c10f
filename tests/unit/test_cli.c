/* test_cli.c - the ecsim binary: exit codes, messages, outputs, determinism. */
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tests/support.h"
#include "tests/test.h"

/* Runs ecsim with args (a shell-quoted string) from the source tree root;
 * returns the exit status and leaves stdout/stderr in test_out/test_err. */
static int ecsim(const char *args)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "'%s' %s", test_ecsim(), args);
	return test_run(test_srcdir(), cmd);
}

static int same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca, cb, same = fa && fb;
	while (same) {
		ca = getc(fa), cb = getc(fb);
		if (ca != cb)
			same = 0;
		if (ca == EOF || cb == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

static int exists(const char *dir, const char *name)
{
	char p[2048];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

TEST(test_cli_usage_and_exit_codes)
{
	CHECK_EQ(ecsim("--version"), 0);
	CHECK(strncmp(test_out, "ecsim ", 6) == 0);
	CHECK_EQ(ecsim("--help"), 0);
	CHECK(strstr(test_out, "run SCENARIO"));
	CHECK_EQ(ecsim("help run"), 0);
	CHECK(strstr(test_out, "--strategy SPEC"));
	CHECK_EQ(ecsim(""), 2);
	CHECK_EQ(ecsim("frobnicate"), 2);
	CHECK_STR(test_err, "ecsim: unknown command 'frobnicate' (see 'ecsim --help')\n");
	CHECK_EQ(ecsim("run"), 2);
	CHECK(strstr(test_err, "missing SCENARIO file"));
	CHECK_EQ(ecsim("run scenarios/quickstart.json --bogus"), 2);
	CHECK(strstr(test_err, "unknown option '--bogus'"));
	CHECK_EQ(ecsim("run scenarios/quickstart.json --seed -3"), 2);
	CHECK_EQ(ecsim("validate scenarios/quickstart.json --no-plots"), 2);
	CHECK_EQ(ecsim("strategies"), 0);
	CHECK(strstr(test_out, "binpack") && strstr(test_out, "spread") && strstr(test_out, "random"));
}

TEST(test_cli_validate)
{
	CHECK_EQ(ecsim("validate scenarios/quickstart.json"), 0);
	CHECK(strstr(test_out, "scenarios/quickstart.json: ok (quickstart: 300 hosts in 3 zones"));
	CHECK_EQ(ecsim("validate scenarios/spread-vs-binpack.json"), 0);
	CHECK_EQ(ecsim("validate scenarios/service-scheduler.json"), 0);
	CHECK_EQ(ecsim("validate no/such/file.json"), 1);
	CHECK_STR(test_err, "cannot open no/such/file.json: No such file or directory\n");
	CHECK_EQ(ecsim("validate scenarios/quickstart.json --set services.nope.desiredCount=3"), 1);
	CHECK_STR(test_err, "--set services.nope.desiredCount=3: $.services has no element named "
			   "\"nope\"\n");
	CHECK_EQ(ecsim("validate scenarios/quickstart.json --set services.web.desiredCount=-1"), 1);
	CHECK_STR(test_err, "scenarios/quickstart.json: $.services[0].desiredCount: must be >= 0\n");
}

TEST(test_cli_run_writes_results)
{
	char dir[1100];

	snprintf(dir, sizeof(dir), "%s/r", test_tmpdir());
	char args[1400];
	snprintf(args, sizeof(args), "run scenarios/quickstart.json --set duration=2h -o '%s'", dir);
	CHECK_EQ(ecsim(args), 0);
	CHECK(strstr(test_out, "quickstart: 2 simulated hours, seed 42"));
	CHECK(exists(dir, "summary.json"));
	CHECK(exists(dir, "timeseries.csv"));
	CHECK(exists(dir, "services.csv"));
	CHECK(exists(dir, "events.csv"));
	CHECK(exists(dir, "cost.csv"));
	CHECK(exists(dir, "tasks.csv"));
	CHECK(exists(dir, "index.html"));
	/* no staging folder is left behind */
	char stage[1200];
	snprintf(stage, sizeof(stage), "ls -a '%s' | grep -q ecsim-partial", dir);
	CHECK(system(stage) != 0);
	/* --no-plots says so; --no-task-log drops tasks.csv */
	snprintf(args, sizeof(args),
		 "run scenarios/quickstart.json --set duration=1h -o '%s/n' --no-plots --no-task-log",
		 dir);
	CHECK_EQ(ecsim(args), 0);
	CHECK(strstr(test_out, "plots        skipped (--no-plots)"));
	snprintf(stage, sizeof(stage), "%s/n", dir);
	CHECK(!exists(stage, "tasks.csv"));
	CHECK(!exists(stage, "utilization.png"));
	CHECK(exists(stage, "summary.json"));
	CHECK(exists(stage, "index.html"));
}

/* The same scenario, seed and strategy give byte-identical CSVs; another
 * seed gives different ones (so the comparison can fail). */
TEST(test_cli_determinism)
{
	const char *tmp = test_tmpdir();
	static const char *const files[] = { "tasks.csv", "timeseries.csv", "services.csv",
					     "events.csv", "cost.csv" };
	char args[1400], a[1100], b[1100], c[1100], fa[1200], fb[1200];

	snprintf(a, sizeof(a), "%s/a", tmp);
	snprintf(b, sizeof(b), "%s/b", tmp);
	snprintf(c, sizeof(c), "%s/c", tmp);
	snprintf(args, sizeof(args), "run scenarios/quickstart.json --set duration=6h --no-plots "
		 "-q --strategy spread:attribute:ecs.availability-zone,binpack:memory -o '%s'", a);
	CHECK_EQ(ecsim(args), 0);
	snprintf(args, sizeof(args), "run scenarios/quickstart.json --set duration=6h --no-plots "
		 "-q --strategy spread:attribute:ecs.availability-zone,binpack:memory -o '%s'", b);
	CHECK_EQ(ecsim(args), 0);
	snprintf(args, sizeof(args), "run scenarios/quickstart.json --set duration=6h --no-plots "
		 "-q --strategy spread:attribute:ecs.availability-zone,binpack:memory --seed 43 "
		 "-o '%s'", c);
	CHECK_EQ(ecsim(args), 0);
	for (int i = 0; i < 5; i++) {
		snprintf(fa, sizeof(fa), "%s/%s", a, files[i]);
		snprintf(fb, sizeof(fb), "%s/%s", b, files[i]);
		if (!same_file(fa, fb))
			TEST_FAILED("%s differs between two runs with the same seed", files[i]);
	}
	snprintf(fa, sizeof(fa), "%s/tasks.csv", a);
	snprintf(fb, sizeof(fb), "%s/tasks.csv", c);
	CHECK(!same_file(fa, fb));
}

/* A run that fails leaves no result files and no staging folder. */
TEST(test_cli_failed_run_leaves_nothing)
{
	const char *tmp = test_tmpdir();
	char args[1400], dir[1100], cmd[1300];

	snprintf(dir, sizeof(dir), "%s/out", tmp);
	snprintf(args, sizeof(args),
		 "run scenarios/quickstart.json --strategy binpack:disk -o '%s'", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK(strstr(test_err, "--strategy binpack:disk: binpack field must be cpu or memory"));
	snprintf(cmd, sizeof(cmd), "[ ! -e '%s' ]", dir);
	CHECK(system(cmd) == 0); /* not even created */
	/* an output path that is a file */
	snprintf(args, sizeof(args), "run scenarios/quickstart.json -o README.md");
	CHECK_EQ(ecsim(args), 1);
	CHECK_STR(test_err, "ecsim: README.md exists and is not a directory\n");
}

/* A run with a deployment writes its row to deployments.csv and the service
 * events to events.csv; services.csv has the healthy and pending columns. */
TEST(test_cli_deployment_outputs)
{
	static const char *text =
		"{\"duration\": \"300s\", \"metricsInterval\": \"100s\","
		" \"taskLifecycle\": {\"warmStart\": false, \"startLatency\": {\"EC2\": 10}},"
		" \"cluster\": {\"availabilityZones\": [\"a\"],"
		"  \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 4096}],"
		"  \"instances\": [{\"instanceType\": \"m\", \"count\": 2}]},"
		" \"taskDefinitions\": ["
		"  {\"family\": \"web\", \"revision\": 1, \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 64, \"memory\": 64}]},"
		"  {\"family\": \"web\", \"revision\": 2, \"containerDefinitions\": [{\"name\": \"c\", \"cpu\": 64, \"memory\": 64}]}],"
		" \"services\": [{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\", \"desiredCount\": 2}],"
		" \"deployments\": [{\"service\": \"web\", \"at\": \"100s\", \"taskDefinition\": \"web:2\"}]}";
	char tmp[1024], path[1100], args[2400], buf[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s", test_tmpdir()); /* ecsim() takes another */
	snprintf(path, sizeof(path), "%s/d.json", tmp);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	snprintf(args, sizeof(args), "run '%s' --no-plots -q -o '%s/o'", path, tmp);
	CHECK_EQ(ecsim(args), 0);
	snprintf(path, sizeof(path), "%s/o/deployments.csv", tmp);
	test_slurp(path, buf, sizeof(buf));
	CHECK_STR(buf, "service,task_definition,rollback,start_s,end_s,outcome,failed_tasks,"
		       "breaker_threshold,lowest_healthy,strategy,stage,scaled_up_s,detail\n"
		       "web,web:2,0,100,150,COMPLETED,0,3,2,ROLLING,,,\n");
	snprintf(path, sizeof(path), "%s/o/events.csv", tmp);
	test_slurp(path, buf, sizeof(buf));
	CHECK(strncmp(buf, "time_s,service,event,host,instance_type,zone,detail\n"
			   "50,web,steady-state,,,,service web has reached a steady state.\n"
			   "100,web,deployment-started,,,,service web has started a deployment of web:2\n",
		      191) == 0);
	CHECK(strstr(buf, "150,web,deployment-completed,,,,service web deployment of web:2 completed\n"));
	snprintf(path, sizeof(path), "%s/o/services.csv", tmp);
	test_slurp(path, buf, sizeof(buf));
	CHECK(strncmp(buf, "time_s,service,desired,running,healthy,pending,demand,cpu_util,"
			   "mem_util,unserved\n0,web,2,0,0,0,,,,\n100,web,2,2,2,2,,,,\n",
		      96) == 0);
}

/* The service-scheduler example runs clean under --check: the bad release
 * fails and is rolled back, the good one completes. */
TEST(test_cli_service_scheduler_example)
{
	char tmp[1024], args[2400], path[1100], buf[4096];

	snprintf(tmp, sizeof(tmp), "%s", test_tmpdir());
	snprintf(args, sizeof(args), "run scenarios/service-scheduler.json --check --no-plots -q "
		 "-o '%s/o'", tmp);
	CHECK_EQ(ecsim(args), 0);
	snprintf(path, sizeof(path), "%s/o/deployments.csv", tmp);
	test_slurp(path, buf, sizeof(buf));
	CHECK(strstr(buf, "\nweb,web:2,0,3600,"));
	CHECK(strstr(buf, ",FAILED,6,6,12,ROLLING,,,circuit breaker: 6 failed tasks\n"
			  "web,web:1,1,"));
	CHECK(strstr(buf, ",COMPLETED,0,6,12,ROLLING,,,\nweb,web:3,0,10800,"));
}

/* Messages that tell the truth (issue 13): a --strict run that fails on a
 * workload row said the bad rows were "counted in summary.json" and then
 * that nothing was written; a size target that no fleet can meet was
 * searched for up to the largest fleet instead of refused at once. */
TEST(test_cli_messages_tell_the_truth)
{
	const char *dir = test_tmpdir();
	char p[1200], cmd[4000];
	FILE *f;

	snprintf(p, sizeof(p), "%s/tasks.csv", dir);
	f = fopen(p, "w");
	/* read while the run goes on (reorderRows 10), not when it starts */
	fputs("task_create_time,task_end_time,job_id,task_id,number_of_instances,status,cpus,"
	      "mem\n", f);
	for (int i = 0; i < 30; i++)
		fprintf(f, "%d,%d,%d,1,1,Terminated,1,0.0001\n", i, i + 1, i);
	fputs("6000,6001,99,2,1,Terminated,50\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/s.json", dir);
	f = fopen(p, "w");
	fputs("{\"duration\": \"2h\", \"cluster\": {\"availabilityZones\": [\"a\"],"
	      " \"instanceTypes\": [{\"name\": \"m\", \"cpu\": 4096, \"memory\": 4096}],"
	      " \"instances\": [{\"instanceType\": \"m\", \"count\": 1}]},"
	      " \"traces\": [{\"name\": \"t\", \"format\": \"alibaba-2017\","
	      " \"file\": \"tasks.csv\", \"reorderRows\": 10}]}", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "'%s' run s.json -o out --strict --quiet --no-plots",
		 test_ecsim());
	CHECK_EQ(test_run(dir, cmd), 1);
	CHECK_STR(test_err, "ecsim: tasks.csv:32: 7 fields, expected 8 (bad row; --strict makes "
		  "it an error)\nnothing was written to out\n");
	if (strstr(test_err, "bad row in its") || strstr(test_err, "counted in summary.json"))
		TEST_FAILED("stderr lists bad rows of a run that wrote nothing:\n%s", test_err);

	CHECK_EQ(ecsim("size tests/data/whole-host.json --target 'tasks.rejected<=-1' "
		       "-o /nonexistent/x --quiet"), 1);
	CHECK_STR(test_err, "ecsim size: --target 'tasks.rejected<=-1' cannot be met: "
		  "tasks.rejected is never below 0\n");
	CHECK_EQ(ecsim("size tests/data/whole-host.json --target 'availability>1' "
		       "-o /nonexistent/x --quiet"), 1);
	CHECK_STR(test_err, "ecsim size: --target 'availability>1' cannot be met: "
		  "availability is never above 1\n");
}
