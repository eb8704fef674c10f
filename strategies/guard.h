/* guard.h - plug-in code under watch.
 *
 * Calls into a plug-in's functions (resolve, score, stop_score) go through
 * the st_call_* wrappers, which note the step being called, so that a fatal
 * signal, an exit() or a second Ctrl-C while plug-in code runs is reported
 * with the plug-in's file, strategy and function instead of a bare "signal
 * 11" or a silent exit.  Built-in steps (no origin) cost one branch.  The
 * note is process-global, as signal handlers need it: one simulation runs
 * per thread at a time.  Owns the fatal-signal handlers; knows nothing of
 * output folders (the caller passes a cleanup function).
 */
#ifndef ECS_GUARD_H
#define ECS_GUARD_H

#include <stddef.h>

#include "strategy.h"

/* The plug-in step whose function runs now, and that function's name. */
extern const st_step *volatile st_guard_step;
extern const char *volatile st_guard_fn;

/* Async-signal-safe: called from signal handlers and exit() before the
 * process ends, e.g. to remove a half-written output folder. */
typedef void st_guard_cleanup(void);

/* Installs the handlers of fatal signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 * SIGABRT, SIGSYS, SIGTRAP, on an alternate stack so that a runaway
 * recursion is caught too) and an atexit() check.  A fatal signal inside
 * plug-in code prints "ecsim: plug-in FILE crashed in NAME's score()
 * (SIGSEGV); nothing was written", runs cleanup and exits 1; elsewhere it
 * prints "ecsim: internal error: SIGSEGV", runs cleanup and dies of the
 * signal.  exit() called by plug-in code prints "ecsim: plug-in FILE called
 * exit() in NAME's score(); nothing was written", runs cleanup and exits 1.
 * Call once, early in main(). */
void st_guard_install(st_guard_cleanup *cleanup);

/* Writes what runs now ("plug-in FILE, strategy NAME, function score()")
 * into buf (at most n bytes, NUL-terminated); 0 and "" when no plug-in code
 * runs.  Async-signal-safe. */
size_t st_guard_describe(char *buf, size_t n);

/* Runs the cleanup given to st_guard_install, if any.  Async-signal-safe. */
void st_guard_run_cleanup(void);

static inline int st_call_resolve(st_step *st, const char *field, cl_cluster *cl, ecs_err *e)
{
	int rc;

	if (!st->origin)
		return st->s->resolve(st, field, cl, e);
	st_guard_fn = "resolve";
	st_guard_step = st;
	rc = st->s->resolve(st, field, cl, e);
	st_guard_step = NULL;
	return rc;
}

static inline double st_call_score(const st_step *st, const cl_cluster *cl, int32_t h,
				   const cl_req *r)
{
	double v;

	if (!st->origin)
		return st->s->score(st, cl, h, r);
	st_guard_fn = "score";
	st_guard_step = st;
	v = st->s->score(st, cl, h, r);
	st_guard_step = NULL;
	return v;
}

static inline double st_call_stop_score(const st_step *st, const cl_cluster *cl, int32_t h,
					const cl_req *r)
{
	double v;

	if (!st->s->stop_score)
		return 0;
	if (!st->origin)
		return st->s->stop_score(st, cl, h, r);
	st_guard_fn = "stop_score";
	st_guard_step = st;
	v = st->s->stop_score(st, cl, h, r);
	st_guard_step = NULL;
	return v;
}

static inline double st_call_gpu_score(const st_step *st, const cl_cluster *cl, int32_t h,
				       const cl_req *r, int32_t slot)
{
	double v;

	if (!st->origin)
		return st->s->gpu_score(st, cl, h, r, slot);
	st_guard_fn = "gpu_score";
	st_guard_step = st;
	v = st->s->gpu_score(st, cl, h, r, slot);
	st_guard_step = NULL;
	return v;
}

static inline void st_call_host_update(const st_step *st, const cl_cluster *cl, int32_t h,
				       void *state)
{
	if (!st->origin) {
		st->s->host_update(st, cl, h, state);
		return;
	}
	st_guard_fn = "host_update";
	st_guard_step = st;
	st->s->host_update(st, cl, h, state);
	st_guard_step = NULL;
}

static inline double st_call_metric(const st_step *st, const cl_cluster *cl)
{
	double v;

	if (!st->origin)
		return st->s->metric(st, cl);
	st_guard_fn = "metric";
	st_guard_step = st;
	v = st->s->metric(st, cl);
	st_guard_step = NULL;
	return v;
}

/* Reports a score that is not a finite number (NaN, +-inf) given by step i
 * of c's function fn for host h: into *c->fault as "strategy \"NAME\"
 * (plug-in FILE) gave score() nan for instance i-...: scores must be
 * finite numbers", or on stderr and abort() when c->fault is NULL.  The
 * caller treats the host as not a candidate; the run must then stop. */
void st_bad_score(const st_chain *c, const st_step *st, const char *fn, int32_t h, double v);

#endif
