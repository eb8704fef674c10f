/* test_safety.c - output safety of the ecsim binary: a full disk, an
 * unwritable place and Ctrl-C leave the previous result whole and say so;
 * nothing in a scenario makes ecsim write outside its output directory or
 * run a command.
 *
 * A full disk is simulated with a file size limit (ulimit -f, SIGXFSZ
 * ignored): every write past it fails with EFBIG through the same paths as
 * ENOSPC, and the test needs no root and no mount.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support.h"
#include "tests/test.h"
#include "sim/support/err.h"

/* Runs a sh command line in dir (NULL: the source tree) with $ECSIM set to
 * the binary; returns the exit status, stderr in test_err. */
static int sh(const char *dir, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int sh(const char *dir, const char *fmt, ...)
{
	const char *tmp = test_tmpdir();
	char cmd[8192], body[16384], e[1100], script[1100];
	va_list ap;
	FILE *f;
	int st;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(script, sizeof(script), "%s/cmd.sh", tmp);
	snprintf(e, sizeof(e), "%s/stderr", tmp);
	if (!(f = fopen(script, "w")))
		return -1;
	fprintf(f, "%s\n", body);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cd '%s' && ECSIM='%s' sh '%s' >/dev/null 2>'%s' </dev/null",
		 dir ? dir : test_srcdir(), test_ecsim(), script, e);
	st = system(cmd);
	test_slurp(e, test_err, sizeof(test_err));
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* 1 if the two folders hold the same files with the same bytes. */
static int same_tree(const char *a, const char *b)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd), "diff -r '%s' '%s' >/dev/null 2>&1", a, b);
	return system(cmd) == 0;
}

#define RUN_1H "run scenarios/quickstart.json --set duration=1h"
#define COMPARE "compare tests/data/study-small.json -r 2 --jobs 2 --strategies 'scenario;binpack:cpu'"

/* A first result in dir and a copy of it in dir.copy. */
static int first_result(const char *dir, const char *command)
{
	return sh(NULL, "$ECSIM %s -o '%s' --no-plots --quiet && cp -r '%s' '%s.copy'", command,
		  dir, dir, dir);
}

/* Disk full while writing: exit 1, the file and the reason named, and the
 * previous result untouched, for run (the task log, then the small files
 * alone) and for compare. */
TEST(test_safety_disk_full)
{
	static const struct {
		const char *command, *kib, *file;
	} cases[] = {
		{ RUN_1H, "64", "tasks.csv" },
		{ RUN_1H " --no-task-log", "1", ".csv" },
		{ COMPARE, "1", ".csv" },
	};
	const char *tmp = test_tmpdir();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char dir[1200], copy[1300];
		snprintf(dir, sizeof(dir), "%s/out%zu", tmp, i);
		snprintf(copy, sizeof(copy), "%s.copy", dir);
		if (first_result(dir, cases[i].command) != 0)
			TEST_FAILED("case %zu: the first run failed: %s", i, test_err);
		if (sh(NULL, "trap '' XFSZ; ulimit -f %s; $ECSIM %s -o '%s' --no-plots --quiet",
		       cases[i].kib, cases[i].command, dir) != 1)
			TEST_FAILED("case %zu: exit status not 1; stderr: %s", i, test_err);
		if (!strstr(test_err, "cannot write ") || !strstr(test_err, cases[i].file) ||
		    !strstr(test_err, "File too large") || !strstr(test_err, "nothing was written"))
			TEST_FAILED("case %zu: unclear message: %s", i, test_err);
		if (!same_tree(dir, copy))
			TEST_FAILED("case %zu: the previous result in %s changed", i, dir);
	}
}

/* An output path that cannot be a directory, and (when not root, who may
 * write anywhere) a directory without write permission. */
TEST(test_safety_unwritable_output)
{
	const char *tmp = test_tmpdir();
	char dir[1200];

	CHECK_EQ(sh(NULL, "$ECSIM " RUN_1H " -o README.md/out --quiet"), 1);
	CHECK_STR(test_err, "ecsim: cannot create output directory README.md/out: Not a directory\n");
	CHECK_EQ(sh(NULL, "$ECSIM " COMPARE " -o README.md/out --quiet"), 1);
	CHECK(strstr(test_err, "cannot create output directory README.md/out: Not a directory"));
	/* a name longer than the buffers it goes through is refused, not cut */
	{
		char *deep = xmalloc(6000);
		size_t k = (size_t)snprintf(deep, 6000, "%s/", tmp);
		while (k + 2 < 5000)
			deep[k++] = 'd', deep[k++] = '/';
		deep[k] = 0;
		CHECK_EQ(sh(NULL, "$ECSIM " RUN_1H " -o '%s' --quiet", deep), 1);
		free(deep);
		CHECK_STR(test_err, "ecsim: output directory name too long (more than 3900 bytes)\n");
	}
	if (geteuid() == 0)
		return;
	snprintf(dir, sizeof(dir), "%s/ro", tmp);
	mkdir(dir, 0500);
	CHECK_EQ(sh(NULL, "$ECSIM " RUN_1H " -o '%s/out' --quiet", dir), 1);
	CHECK(strstr(test_err, "Permission denied"));
}

/* Ctrl-C during a long run and a long compare: exit 130, the message says
 * nothing was written, the previous result stays. */
TEST(test_safety_sigint)
{
	static const char *const commands[] = {
		"run scenarios/quickstart.json --set duration=3650d",
		"compare scenarios/quickstart.json --set duration=3650d -r 2 --jobs 2 "
		"--strategies 'scenario;binpack:cpu'",
	};
	const char *tmp = test_tmpdir();

	for (int i = 0; i < 2; i++) {
		char dir[1200], copy[1300];
		snprintf(dir, sizeof(dir), "%s/out%d", tmp, i);
		snprintf(copy, sizeof(copy), "%s.copy", dir);
		if (first_result(dir, i ? COMPARE : RUN_1H) != 0)
			TEST_FAILED("the first run failed: %s", test_err);
		CHECK_EQ(sh(NULL, "$ECSIM %s -o '%s' --no-plots --quiet & p=$!; sleep 0.3; "
			    "kill -INT $p; wait $p", commands[i], dir), 130);
		CHECK(strstr(test_err, "interrupted"));
		CHECK(strstr(test_err, "nothing was written"));
		CHECK(same_tree(dir, copy));
	}
}

/* Names from the scenario become one folder under out/, whatever they
 * hold; a service name made to break out of a gnuplot string is only a
 * title. */
TEST(test_safety_names_stay_inside)
{
	static const char *const names[] = { "../../escape", "/etc", "..", ".", "a/../../b" };
	const char *tmp = test_tmpdir();
	char work[1200], cmd[4096];

	snprintf(work, sizeof(work), "%s/w", tmp);
	mkdir(work, 0700);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		CHECK_EQ(sh(work, "$ECSIM run '%s/tests/data/study-small.json' --set duration=1h "
			    "--set 'name=%s' --no-plots --quiet", test_srcdir(), names[i]), 0);
		CHECK_EQ(sh(work, "$ECSIM compare '%s/tests/data/study-small.json' -r 2 --jobs 1 "
			    "--set duration=1h --set 'name=%s' --no-plots --quiet", test_srcdir(),
			    names[i]), 0);
	}
	/* everything went to out/, one folder level deep */
	snprintf(cmd, sizeof(cmd), "cd '%s' && [ \"$(ls -A)\" = out ] && "
		 "[ -z \"$(find out -mindepth 2 -type d)\" ] && [ -f out/_etc/summary.json ] && "
		 "[ -f out/_./summary.json ] && [ -f out/_._.._escape/summary.json ] && "
		 "[ ! -e '%s/escape' ]", work, tmp);
	CHECK_EQ(system(cmd), 0);
	/* gnuplot gets the service name as a quoted title only */
	CHECK_EQ(sh(work, "$ECSIM run '%s/tests/data/study-small.json' --set duration=1h "
		    "--set \"services[0].serviceName=x'\\`touch pwned1\\`' system('touch pwned2')\" "
		    "-o plots --quiet", test_srcdir()), 0);
	snprintf(cmd, sizeof(cmd), "[ ! -e '%s/pwned1' ] && [ ! -e '%s/pwned2' ]", work, work);
	CHECK_EQ(system(cmd), 0);
}

/* SIGKILL cannot be caught: the killed run leaves its hidden staging folder
 * and the previous result; the next run into the folder removes the stale
 * staging folder and leaves only complete files. */
TEST(test_safety_killed_run)
{
	const char *tmp = test_tmpdir();
	char dir[1200], copy[1300], cmd[4096];

	snprintf(dir, sizeof(dir), "%s/out", tmp);
	snprintf(copy, sizeof(copy), "%s.copy", dir);
	if (first_result(dir, RUN_1H) != 0)
		TEST_FAILED("the first run failed: %s", test_err);
	sh(NULL, "$ECSIM run scenarios/quickstart.json --set duration=3650d -o '%s' --quiet & "
	   "p=$!; sleep 0.3; kill -KILL $p; wait $p", dir);
	snprintf(cmd, sizeof(cmd), "ls -A '%s' | grep -q '^.ecsim-partial-'", dir);
	CHECK_EQ(system(cmd), 0);
	/* the visible files are the previous result */
	snprintf(cmd, sizeof(cmd), "diff -r -x '.ecsim-partial-*' '%s' '%s' >/dev/null", dir, copy);
	CHECK_EQ(system(cmd), 0);
	CHECK_EQ(sh(NULL, "$ECSIM " RUN_1H " -o '%s' --no-plots --quiet", dir), 0);
	snprintf(cmd, sizeof(cmd), "ls -A '%s' | grep -q '^.ecsim-partial-'", dir);
	CHECK(system(cmd) != 0);
}
