/* guard.c - plug-in code under watch (see guard.h). */
#include "guard.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const st_step *volatile st_guard_step;
const char *volatile st_guard_fn;

static st_guard_cleanup *guard_cleanup;

/* Signal-handler-safe string building: no stdio, no allocation. */
static size_t cat(char *buf, size_t n, size_t k, const char *s)
{
	while (s && *s && k + 1 < n)
		buf[k++] = *s++;
	buf[k < n ? k : n - 1] = 0;
	return k;
}

size_t st_guard_describe(char *buf, size_t n)
{
	const st_step *st = st_guard_step;
	size_t k = 0;

	if (n)
		buf[0] = 0;
	if (!st || !n)
		return 0;
	k = cat(buf, n, k, "plug-in ");
	k = cat(buf, n, k, st->origin);
	k = cat(buf, n, k, ", strategy \"");
	k = cat(buf, n, k, st->s->name);
	k = cat(buf, n, k, "\", function ");
	k = cat(buf, n, k, st_guard_fn);
	k = cat(buf, n, k, "()");
	return k;
}

void st_guard_run_cleanup(void)
{
	if (guard_cleanup)
		guard_cleanup();
}

static void say(const char *s)
{
	ssize_t w = write(STDERR_FILENO, s, strlen(s));
	(void)w;
}

static const char *sig_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV, a bad memory access";
	case SIGBUS: return "SIGBUS, a bad memory access";
	case SIGFPE: return "SIGFPE, an arithmetic error";
	case SIGILL: return "SIGILL, an illegal instruction";
	case SIGABRT: return "SIGABRT, abort() was called";
	case SIGSYS: return "SIGSYS, a bad system call";
	case SIGTRAP: return "SIGTRAP, a trap";
	default: return "a fatal signal";
	}
}

static void on_fatal(int sig)
{
	char what[1024];

	if (st_guard_describe(what, sizeof(what))) {
		say("ecsim: ");
		say(what);
		say(" crashed (");
		say(sig_name(sig));
		say("); nothing was written\n");
		st_guard_run_cleanup();
		_exit(1);
	}
	say("ecsim: internal error: ");
	say(sig_name(sig));
	say("; nothing was written (please report this with the scenario)\n");
	st_guard_run_cleanup();
	/* SA_RESETHAND restored the default: returning re-runs the faulting
	 * instruction (abort() raises again), and the process dies of it. */
}

static void on_exit_check(void)
{
	char what[1024];

	if (!st_guard_describe(what, sizeof(what)))
		return;
	say("ecsim: ");
	say(what);
	say(" called exit(); nothing was written\n");
	st_guard_run_cleanup();
	_exit(1);
}

void st_guard_install(st_guard_cleanup *cleanup)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS, SIGTRAP };
	static char altstack[64 * 1024];
	static int installed;
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;

	guard_cleanup = cleanup;
	if (installed)
		return;
	installed = 1;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	atexit(on_exit_check);
}

void st_bad_score(const st_chain *c, const st_step *st, const char *fn, int32_t h, double v)
{
	char id[32], msg[1024];

	cl_host_instance_id(h, id);
	snprintf(msg, sizeof(msg), "strategy \"%s\"%s%s%s gave %s() %s for instance %s: scores "
		 "must be finite numbers", st->s->name, st->origin ? " (plug-in " : "",
		 st->origin ? st->origin : "", st->origin ? ")" : "", fn,
		 isnan(v) ? "nan" : v > 0 ? "inf" : "-inf", id);
	if (!c->fault) {
		fprintf(stderr, "ecsim: %s\n", msg);
		abort();
	}
	if (!err_isset(c->fault))
		err_set(c->fault, "%s", msg);
}
