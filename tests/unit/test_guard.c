/* test_guard.c - what Ctrl-C, SIGTERM and misbehaving plug-ins get (issue 13):
 * a busy run stops at the first signal, a plug-in stuck in a loop at the
 * second; a plug-in that crashes, aborts, calls exit(), returns NaN or
 * fails resolve() silently is named, and nothing is written. */
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/engine/rng.h"
#include "strategies/place.h"
#include "strategies/scalein.h"

/* One plug-in, a strategy per misbehaviour. */
static const char plugin_src[] =
	"#include <math.h>\n"
	"#include <stdlib.h>\n"
	"#include \"strategies/strategy.h\"\n"
	"static int ok(st_step *s, const char *f, cl_cluster *c, ecs_err *e) { return 0; }\n"
	"static int mute(st_step *s, const char *f, cl_cluster *c, ecs_err *e) { return -1; }\n"
	"static double crash(const st_step *s, const cl_cluster *c, int32_t h, const cl_req *r)\n"
	"{ volatile int *p = (int *)(long)(h * 0); return *p; }\n"
	"static double ab(const st_step *s, const cl_cluster *c, int32_t h, const cl_req *r)\n"
	"{ abort(); }\n"
	"static double ex(const st_step *s, const cl_cluster *c, int32_t h, const cl_req *r)\n"
	"{ exit(0); }\n"
	"static double nan_(const st_step *s, const cl_cluster *c, int32_t h, const cl_req *r)\n"
	"{ return h == 1 ? NAN : h; }\n"
	"static double inf_(const st_step *s, const cl_cluster *c, int32_t h, const cl_req *r)\n"
	"{ return -INFINITY; }\n"
	"static double spin(const st_step *s, const cl_cluster *c, int32_t h, const cl_req *r)\n"
	"{ for (volatile int i = 0;; i++) ; return 0; }\n"
	"static double fine(const st_step *s, const cl_cluster *c, int32_t h, const cl_req *r)\n"
	"{ return h; }\n"
	"static const st_strategy s1 = { \"crash\", \"none\", \"x\", ok, crash, NULL, NULL };\n"
	"static const st_strategy s2 = { \"abort\", \"none\", \"x\", ok, ab, NULL, NULL };\n"
	"static const st_strategy s3 = { \"exit0\", \"none\", \"x\", ok, ex, NULL, NULL };\n"
	"static const st_strategy s4 = { \"nan\", \"none\", \"x\", ok, nan_, NULL, NULL };\n"
	"static const st_strategy s5 = { \"spin\", \"none\", \"x\", ok, spin, NULL, NULL };\n"
	"static const st_strategy s6 = { \"mute\", \"none\", \"x\", mute, fine, NULL, NULL };\n"
	"static const st_strategy s7 = { \"nanstop\", \"none\", \"x\", ok, fine, nan_, NULL };\n"
	"static const st_strategy s8 = { \"inf\", \"none\", \"x\", ok, inf_, NULL, NULL };\n"
	"ST_PLUGIN(&s1, &s2, &s3, &s4, &s5, &s6, &s7, &s8);\n";

/* Builds the plug-in into dir/bad.so; its path, or NULL. */
static const char *build_bad(const char *dir)
{
	static char so[1200];
	char c[1200], cmd[5000];
	FILE *f;

	snprintf(c, sizeof(c), "%s/bad.c", dir);
	if (!(f = fopen(c, "w")))
		return NULL;
	fputs(plugin_src, f);
	fclose(f);
	snprintf(so, sizeof(so), "%s/bad.so", dir);
	snprintf(cmd, sizeof(cmd), "cc -shared -fPIC -std=c11 -O0 -Wall -Wno-unused-parameter "
		 "-I'%s' -o '%s' '%s'", test_srcdir(), so, c);
	return system(cmd) == 0 ? so : NULL;
}

static int exists(const char *dir, const char *name)
{
	char p[1300];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return lstat(p, &st) == 0;
}

/* Runs whole-host.json with --strategy S from the plug-in; the exit status
 * (-2: still running after 60 s, killed). */
static int run_with(const char *dir, const char *so, const char *strategy)
{
	char cmd[4000];
	int pid;

	snprintf(cmd, sizeof(cmd), "'%s' run '%s/tests/data/whole-host.json' --plugin '%s' "
		 "--strategy %s -o out --no-plots --quiet", test_ecsim(), test_srcdir(), so,
		 strategy);
	pid = test_spawn(dir, cmd);
	return pid < 0 ? -1 : test_wait(pid, 60);
}

TEST(test_guard_plugin_crash_is_named)
{
	const char *dir = test_tmpdir(), *so = build_bad(dir);
	char want[1400];

	CHECK(so);
	CHECK_EQ(run_with(dir, so, "crash"), 1);
	snprintf(want, sizeof(want), "ecsim: plug-in %s, strategy \"crash\", function score() "
		 "crashed (SIGSEGV, a bad memory access); nothing was written", so);
	if (!strstr(test_err, want))
		TEST_FAILED("stderr: %s\nwant: %s", test_err, want);
	CHECK(!exists(dir, "out")); /* a new folder: nothing left */
}

TEST(test_guard_plugin_abort_is_named)
{
	const char *dir = test_tmpdir(), *so = build_bad(dir);

	CHECK(so);
	CHECK_EQ(run_with(dir, so, "abort"), 1);
	CHECK(strstr(test_err, "strategy \"abort\", function score() crashed (SIGABRT"));
	CHECK(!exists(dir, "out")); /* a new folder: nothing left */
}

/* exit(0) inside score() used to end the run with status 0 and nothing said. */
TEST(test_guard_plugin_exit_is_named)
{
	const char *dir = test_tmpdir(), *so = build_bad(dir);

	CHECK(so);
	CHECK_EQ(run_with(dir, so, "exit0"), 1);
	CHECK(strstr(test_err, "strategy \"exit0\", function score() called exit(); nothing "
		     "was written"));
	CHECK(!exists(dir, "out")); /* a new folder: nothing left */
}

/* NaN used to be taken as 0. */
TEST(test_guard_plugin_nan_score_is_an_error)
{
	const char *dir = test_tmpdir(), *so = build_bad(dir);
	char want[1400];

	CHECK(so);
	CHECK_EQ(run_with(dir, so, "nan"), 1);
	snprintf(want, sizeof(want), "strategy \"nan\" (plug-in %s) gave score() nan for "
		 "instance i-00000000000000001: scores must be finite numbers", so);
	if (!strstr(test_err, want))
		TEST_FAILED("stderr: %s\nwant: %s", test_err, want);
	CHECK(!exists(dir, "out")); /* a new folder: nothing left */
	CHECK_EQ(run_with(dir, so, "inf"), 1);
	CHECK(strstr(test_err, "gave score() -inf for instance i-00000000000000000"));
}

/* A resolve() that fails without a message used to print "--strategy mute: ". */
TEST(test_guard_plugin_silent_resolve)
{
	const char *dir = test_tmpdir(), *so = build_bad(dir);
	char want[1400];

	CHECK(so);
	CHECK_EQ(run_with(dir, so, "mute"), 1);
	snprintf(want, sizeof(want), "--strategy mute: strategy \"mute\" (plug-in %s): "
		 "resolve() failed without a message (field none)", so);
	if (!strstr(test_err, want))
		TEST_FAILED("stderr: %s\nwant: %s", test_err, want);
}

/* The first Ctrl-C cannot reach a plug-in that never returns; the second
 * ends the process at once and says which plug-in was running. */
TEST(test_guard_second_ctrl_c_stops_a_stuck_plugin)
{
	const char *dir = test_tmpdir(), *so = build_bad(dir);
	char cmd[4000];
	int pid;

	CHECK(so);
	snprintf(cmd, sizeof(cmd), "'%s' run '%s/tests/data/whole-host.json' --plugin '%s' "
		 "--strategy spin -o out --no-plots --quiet", test_ecsim(), test_srcdir(), so);
	pid = test_spawn(dir, cmd);
	CHECK(pid > 0);
	test_sleep_ms(500);
	kill(pid, SIGINT);
	test_sleep_ms(300);
	kill(pid, SIGINT);
	CHECK_EQ(test_wait(pid, 30), 130);
	if (!strstr(test_err, "ecsim: interrupted again: stopped at once (plug-in ") ||
	    !strstr(test_err, "strategy \"spin\", function score() was running); nothing was "
		    "written"))
		TEST_FAILED("stderr: %s", test_err);
	CHECK(!exists(dir, "out")); /* a new folder: nothing left */
}

/* About 10^12 events: the run used to look at the flag once per 1/1000
 * of the simulated time (minutes apart); now every ENG_POLL events. */
static void busy_signal(int sig)
{
	const char *dir = test_tmpdir();
	char cmd[4000];
	int pid;

	snprintf(cmd, sizeof(cmd), "'%s' run '%s/tests/data/busy.json' -o out --no-plots",
		 test_ecsim(), test_srcdir());
	pid = test_spawn(dir, cmd);
	CHECK(pid > 0);
	test_sleep_ms(500);
	kill(pid, sig);
	CHECK_EQ(test_wait(pid, 30), 130);
	CHECK(strstr(test_err, "ecsim: interrupted at "));
	CHECK(strstr(test_err, "nothing was written to out"));
	CHECK(!exists(dir, "out")); /* a new folder: nothing left */
}

TEST(test_guard_ctrl_c_stops_a_busy_run)
{
	busy_signal(SIGINT);
}

TEST(test_guard_sigterm_stops_a_busy_run)
{
	busy_signal(SIGTERM);
}

/* compare's runs poll the flag too (one process, --jobs 1). */
TEST(test_guard_ctrl_c_stops_a_study)
{
	const char *dir = test_tmpdir();
	char cmd[4000];
	int pid;

	snprintf(cmd, sizeof(cmd), "'%s' compare '%s/tests/data/busy.json' -r 2 --jobs 1 "
		 "--strategies 'binpack:cpu;random' -o out --no-plots", test_ecsim(),
		 test_srcdir());
	pid = test_spawn(dir, cmd);
	CHECK(pid > 0);
	test_sleep_ms(500);
	kill(pid, SIGINT);
	CHECK_EQ(test_wait(pid, 30), 130);
	CHECK(strstr(test_err, "ecsim compare: interrupted; nothing was written"));
}

/* In process: a NaN from score() is reported in the chain's fault record,
 * the host is passed over, and stop_score's NaN likewise. */
TEST(test_guard_nan_scores_in_process)
{
	const char *dir = test_tmpdir(), *so = build_bad(dir);
	st_registry reg;
	ecs_err e = { 0 }, fault = { 0 };
	cl_cluster cl;
	cl_task t[2] = { 0 };
	st_chain c = { 0 };
	place_ws ws = { 0 };
	gsl_rng *tie = rng_stream_new(1, "ties", 0);
	enum cl_check why;
	char want[1400];

	CHECK(so);
	st_registry_init(&reg);
	CHECK_EQ(st_registry_load(&reg, so, &e), 0);
	cl_init(&cl);
	cl_attr_value(&cl, CL_ATTR_ZONE, "a");
	cl_add_hosts(&cl, 3, 0, 0, 4096, 8192, 0, 10, 0.1);
	cl_track_group_hosts(&cl);
	for (int i = 0; i < 2; i++)
		t[i].req = (cl_req){ .cpu = 10, .mem = 10, .group = cl_group_id(&cl, "family:x") };
	c.reg = &reg;
	c.fault = &fault;
	CHECK_EQ(st_chain_parse(&c, "nan", &cl, &e), 0);
	/* hosts 0 and 2 score 0 and 2, host 1 NaN: host 0 wins, NaN reported */
	CHECK_EQ(place_choose(&cl, &t[0].req, &c, tie, &ws, &why), 0);
	snprintf(want, sizeof(want), "strategy \"nan\" (plug-in %s) gave score() nan for "
		 "instance i-00000000000000001: scores must be finite numbers", so);
	CHECK_STR(fault.msg, want);
	st_chain_destroy(&c);
	err_clear(&fault);
	CHECK_EQ(st_chain_parse(&c, "nanstop", &cl, &e), 0);
	cl_place(&cl, &t[0], 1);
	cl_place(&cl, &t[1], 2);
	CHECK(scalein_choose(&cl, t[0].req.group, &c, tie) != NULL);
	CHECK(strstr(fault.msg, "gave stop_score() nan for instance i-00000000000000001"));
	st_chain_destroy(&c);
	place_ws_destroy(&ws);
	gsl_rng_free(tie);
	cl_destroy(&cl);
	st_registry_destroy(&reg);
}
