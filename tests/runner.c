/* runner.c - runs every registered test case and prints "N passed, N failed".
 *
 * Usage: run_tests [SUBSTRING...]  runs only the cases whose name contains
 * one of the substrings.  Each case gets a fresh scratch directory.
 */
#include "test.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../sim/err.h"

#ifndef ECS_SRCDIR
#error "ECS_SRCDIR must be defined by the Makefile"
#endif
#ifndef ECS_BIN
#error "ECS_BIN must be defined by the Makefile"
#endif
#ifndef ECS_MPI_BIN
#define ECS_MPI_BIN ""
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

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	const char *t = getenv("TMPDIR");
	char cmd[PATH_MAX + 16];

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
		if (!selected(cases[i].name, argc, argv))
			continue;
		cur_failed = 0;
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (cases[i].fn)
			cases[i].fn();
		else
			cases[i].afn(cases[i].arg);
		clock_gettime(CLOCK_MONOTONIC, &b);
		double ms = (b.tv_sec - a.tv_sec) * 1e3 +
			    (b.tv_nsec - a.tv_nsec) / 1e6;
		printf("%s %s (%.0f ms)\n", cur_failed ? "FAIL" : "ok  ",
		       cases[i].name, ms);
		fflush(stdout);
		if (cur_failed)
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
