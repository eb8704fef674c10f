/* runner.c - runs every registered test case and prints "N passed, N failed".
 *
 * Usage: run_tests [SUBSTRING...]  runs only the cases whose name contains
 * one of the substrings.  Each case gets a fresh scratch directory and runs
 * in a child process of its own (as libuv's runner does), in a process
 * group of its own, with a time limit (ECS_TEST_TIMEOUT seconds, default
 * 300): a case that crashes, hangs or leaks (LeakSanitizer reports at the
 * child's exit) fails with its name and the rest of the suite still runs.
 * The limit catches hangs; it is not a measure of speed.
 */
#include "test.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/support/err.h"

#ifndef ECS_SRCDIR
#error "ECS_SRCDIR must be defined by the Makefile"
#endif
#ifndef ECS_BIN
#error "ECS_BIN must be defined by the Makefile"
#endif
#ifndef ECS_MPI_BIN
#define ECS_MPI_BIN ""
#endif
#ifndef ECS_MAKE_VARS
#define ECS_MAKE_VARS ""
#endif

struct tcase {
	char *name;
	test_fn *fn;
	test_arg_fn *afn;
	void *arg;
};

static struct tcase *cases;
static int ncases, capcases;
static int cur_failed;
static char tmpdir[PATH_MAX];
static int tmpseq;

void test_register_arg(const char *name, test_arg_fn *fn, void *arg)
{
	if (ncases == capcases) {
		capcases = capcases ? capcases * 2 : 64;
		cases = xrealloc(cases, capcases * sizeof(*cases));
	}
	cases[ncases++] = (struct tcase){ xstrdup(name), NULL, fn, arg };
}

void test_register(const char *name, test_fn *fn)
{
	test_register_arg(name, NULL, NULL);
	cases[ncases - 1].fn = fn;
}

void test_fail(void) { cur_failed = 1; }
const char *test_srcdir(void) { return ECS_SRCDIR; }
const char *test_ecsim(void) { return ECS_BIN; }
const char *test_ecsim_mpi(void) { return ECS_MPI_BIN; }
const char *test_make_vars(void) { return ECS_MAKE_VARS; }

static char base_tmp[PATH_MAX];

const char *test_basedir(void)
{
	return base_tmp;
}

const char *test_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/t%d", base_tmp, ++tmpseq);
	if (mkdir(tmpdir, 0700) != 0) {
		perror(tmpdir);
		abort();
	}
	return tmpdir;
}

static int cmp_case(const void *a, const void *b)
{
	return strcmp(((const struct tcase *)a)->name,
		      ((const struct tcase *)b)->name);
}

static int selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strstr(name, argv[i]))
			return 1;
	return 0;
}

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

/* Runs case c in a child; 0 passed, else fails with why. */
static int run_case(const struct tcase *c, int index, int limit, char *why, size_t n)
{
	struct sigaction sa;
	pid_t pid;
	int st = 0;

	why[0] = 0;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, n, "cannot fork: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		/* scratch folders t<index*1000+k>: unique across children */
		tmpseq = index * 1000;
		cur_failed = 0;
		if (c->fn)
			c->fn();
		else
			c->afn(c->arg);
		fflush(NULL);
		exit(cur_failed ? 1 : 0); /* exit, not _exit: LeakSanitizer runs */
	}
	setpgid(pid, pid);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	timed_out = 0;
	alarm((unsigned)limit);
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR || timed_out) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			snprintf(why, n, "timed out after %d s", limit);
			alarm(0);
			return 1;
		}
	}
	alarm(0);
	kill(-pid, SIGKILL); /* anything the case left running */
	if (WIFSIGNALED(st)) {
		snprintf(why, n, "crashed: %s", strsignal(WTERMSIG(st)));
		return 1;
	}
	if (WEXITSTATUS(st) > 1)
		snprintf(why, n, "exit status %d", WEXITSTATUS(st));
	return WEXITSTATUS(st) != 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, limit = 300;
	const char *t = getenv("TMPDIR"), *lim = getenv("ECS_TEST_TIMEOUT");
	char cmd[PATH_MAX + 16], why[128];

	if (lim && atoi(lim) > 0)
		limit = atoi(lim);
	snprintf(base_tmp, sizeof(base_tmp), "%s/ecsim-test-XXXXXX",
		 t && *t ? t : "/tmp");
	if (!mkdtemp(base_tmp)) {
		perror("mkdtemp");
		return 2;
	}
	/* Registration order depends on link order; sort for a stable log. */
	qsort(cases, ncases, sizeof(*cases), cmp_case);
	for (int i = 0; i < ncases; i++) {
		struct timespec a, b;
		int bad;
		if (!selected(cases[i].name, argc, argv))
			continue;
		clock_gettime(CLOCK_MONOTONIC, &a);
		bad = run_case(&cases[i], i + 1, limit, why, sizeof(why));
		clock_gettime(CLOCK_MONOTONIC, &b);
		double ms = (b.tv_sec - a.tv_sec) * 1e3 +
			    (b.tv_nsec - a.tv_nsec) / 1e6;
		printf("%s %s (%.0f ms)%s%s\n", bad ? "FAIL" : "ok  ", cases[i].name, ms,
		       why[0] ? ": " : "", why);
		fflush(stdout);
		if (bad)
			failed++;
		else
			passed++;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base_tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", base_tmp);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
