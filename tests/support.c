/* support.c - shared test helpers (see support.h). */
#include "support.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

int test_have(const char *program)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", program);
	return system(cmd) == 0;
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

static void out_files(char *o, char *e, size_t n)
{
	snprintf(o, n, "%s/spawn-stdout", test_basedir());
	snprintf(e, n, "%s/spawn-stderr", test_basedir());
}

int test_spawn(const char *cwd, const char *command)
{
	char cmd[12000], o[1100], e[1100];
	pid_t pid;

	out_files(o, e, sizeof(o));
	snprintf(cmd, sizeof(cmd), "cd '%s' && exec %s >'%s' 2>'%s' </dev/null", cwd, command,
		 o, e);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return (int)pid;
}

void test_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int test_wait(int pid, double seconds)
{
	char o[1100], e[1100];
	int st = 0, rc = -2;

	for (int i = 0; i < (int)(seconds * 100) + 1; i++) {
		pid_t w = waitpid((pid_t)pid, &st, WNOHANG);
		if (w == (pid_t)pid) {
			rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			break;
		}
		test_sleep_ms(10);
	}
	if (rc == -2) {
		kill((pid_t)pid, SIGKILL);
		waitpid((pid_t)pid, &st, 0);
	}
	out_files(o, e, sizeof(o));
	test_slurp(o, test_out, sizeof(test_out));
	test_slurp(e, test_err, sizeof(test_err));
	return rc;
}
