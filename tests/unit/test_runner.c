/* test_runner.c - the runner itself: a case that crashes or hangs fails with
 * its name and the others still run (each case is a child process with a
 * time limit).  The two misbehaving cases do nothing unless the check below
 * runs them on purpose. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/support.h"
#include "tests/test.h"

TEST(test_runner_selfcheck_crashes)
{
	if (getenv("ECS_RUNNER_SELFCHECK"))
		abort(); /* (ASan would turn a SIGSEGV into exit status 1) */
}

TEST(test_runner_selfcheck_hangs)
{
	if (getenv("ECS_RUNNER_SELFCHECK"))
		for (;;)
			pause();
}

TEST(test_runner_selfcheck_passes)
{
	CHECK_EQ(1 + 1, 2);
}

TEST(test_runner_isolates_cases)
{
	char self[1024], cmd[1400];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (getenv("ECS_RUNNER_SELFCHECK"))
		return; /* not from inside the check itself */
	CHECK(n > 0);
	self[n] = 0;
	snprintf(cmd, sizeof(cmd), "ECS_RUNNER_SELFCHECK=1 ECS_TEST_TIMEOUT=2 '%s' "
		 "test_runner_selfcheck", self);
	CHECK_EQ(test_run(test_basedir(), cmd), 1);
	if (!strstr(test_out, "FAIL test_runner_selfcheck_crashes (") ||
	    !strstr(test_out, "): crashed: Aborted\n") ||
	    !strstr(test_out, "FAIL test_runner_selfcheck_hangs (") ||
	    !strstr(test_out, "): timed out after 2 s\n") ||
	    !strstr(test_out, "ok   test_runner_selfcheck_passes (") ||
	    !strstr(test_out, "1 passed, 2 failed\n"))
		TEST_FAILED("runner output:\n%s", test_out);
}
