/* support.c - shared test helpers (see support.h). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "test.h"

char test_out[65536], test_err[65536];

int test_start(sim *s, scenario *sc, const char *dir, const char *text,
	       const sim_observer *obs)
{
	char path[1100];
	ecs_err e = { 0 };
	sim_opts o = { .check = 1 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/s.json", dir ? dir : test_tmpdir());
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	if (scenario_load(sc, path, NULL, 0, &e) < 0 || sim_init(s, sc, &o, obs, &e) < 0) {
		fprintf(stderr, "  %s\n", e.msg);
		return -1;
	}
	return 0;
}

int test_run_to(sim *s, int64_t t)
{
	ecs_err e = { 0 };

	if (sim_run(s, t, &e) < 0) {
		fprintf(stderr, "  %s\n", e.msg);
		return -1;
	}
	return 0;
}

void test_slurp(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "rb");
	size_t k = 0;

	if (f) {
		k = fread(buf, 1, n - 1, f);
		fclose(f);
	}
	buf[k] = 0;
}

int test_run(const char *cwd, const char *command)
{
	char cmd[12000], o[1100], e[1100];
	/* Not test_tmpdir(): callers hold its buffer as their cwd. */
	const char *tmp = test_basedir();
	int st;

	snprintf(o, sizeof(o), "%s/stdout", tmp);
	snprintf(e, sizeof(e), "%s/stderr", tmp);
	snprintf(cmd, sizeof(cmd), "cd '%s' && %s >'%s' 2>'%s' </dev/null", cwd, command, o, e);
	st = system(cmd);
	test_slurp(o, test_out, sizeof(test_out));
	test_slurp(e, test_err, sizeof(test_err));
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
