/* cli.c - Ctrl-C handling and the helpers every command shares (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reports/outdir.h"
#include "strategies/guard.h"

volatile sig_atomic_t cli_interrupted;

static void say(const char *s)
{
	ssize_t w = write(STDERR_FILENO, s, strlen(s));
	(void)w;
}

/* The first Ctrl-C (or SIGTERM) asks the run to stop: the engine, long
 * placement scans and the study loops poll the flag, and the command ends
 * with "interrupted; nothing was written".  A second one ends the process
 * at once, even inside a plug-in that never returns. */
static void on_sigint(int sig)
{
	char what[1024];

	(void)sig;
	if (!cli_interrupted) {
		cli_interrupted = 1;
		return;
	}
	say("\necsim: interrupted again: stopped at once");
	if (st_guard_describe(what, sizeof(what))) {
		say(" (");
		say(what);
		say(" was running)");
	}
	say("; nothing was written\n");
	st_guard_run_cleanup();
	_exit(130);
}

/* Installed before any work, so that Ctrl-C is never the default (a
 * silent death) once main() runs. */
void cli_install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	st_guard_install(outdir_emergency_cleanup);
}

double cli_wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "ecsim %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see 'ecsim help %s')\n", cmd);
	return EXIT_USAGE;
}

int cli_take_scenario(const char *cmd, int argc, char **argv, const char **file)
{
	if (optind >= argc)
		return cli_usage_error(cmd, "%s", "missing SCENARIO file");
	if (optind + 1 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	*file = argv[optind];
	return 0;
}

int cli_parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

int cli_load_registry(st_registry *reg, char **files, int n)
{
	ecs_err e = { 0 };

	st_registry_init(reg);
	for (int i = 0; i < n; i++)
		if (st_registry_load(reg, files[i], &e) < 0) {
			fprintf(stderr, "ecsim: %s\n", e.msg);
			st_registry_destroy(reg);
			return EXIT_BAD;
		}
	return 0;
}
