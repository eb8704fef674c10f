/* support.h - helpers the model and command-line tests share: a scenario
 * text run under --check, and a command run with its output captured. */
#ifndef ECS_TEST_SUPPORT_H
#define ECS_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "sim/model/model.h"
/* model tests look inside every module */
#include "sim/model/autoscale.h"
#include "sim/model/capacity.h"
#include "sim/model/cluster_scaling.h"
#include "sim/model/deploy.h"
#include "sim/model/failures.h"
#include "sim/model/fargate.h"
#include "sim/model/lifecycle.h"
#include "sim/model/maintenance.h"
#include "sim/model/metrics.h"
#include "sim/model/protection.h"
#include "sim/model/rebalance.h"
#include "sim/model/replay.h"
#include "sim/model/scheduler.h"
#include "sim/model/spot.h"
#include "sim/model/task.h"
#include "sim/model/traffic.h"
#include "sim/model/demand.h"
#include "sim/model/workload.h"
#include "sim/model/results.h"

/* Writes text to DIR/s.json (DIR: a fresh scratch folder when NULL), loads
 * it and builds the model with --check on and obs (may be NULL).  -1 with
 * the message printed when it fails. */
int test_start(sim *s, scenario *sc, const char *dir, const char *text,
	       const sim_observer *obs);

/* sim_run up to t; -1 with the message printed when it fails. */
int test_run_to(sim *s, int64_t t);

/* The whole file (at most n - 1 bytes) into buf, NUL-terminated; "" if it
 * cannot be read. */
void test_slurp(const char *path, char *buf, size_t n);

/* Output of the last test_run. */
extern char test_out[65536], test_err[65536];

/* 1 if program is on PATH (a test that needs it says it skipped if not). */
int test_have(const char *program);

/* Runs "cd CWD && COMMAND" with stdin from /dev/null; returns its exit
 * status (-1 if it did not exit) with stdout and stderr in test_out and
 * test_err. */
int test_run(const char *cwd, const char *command);

/* Starts "cd CWD && exec COMMAND" in the background, stdin from /dev/null
 * and its output kept for test_wait; returns its pid (-1 if it could not
 * start).  With exec the pid is the command's own, so signals reach it. */
int test_spawn(const char *cwd, const char *command);

/* Waits at most `seconds` for pid (from test_spawn) to end and fills
 * test_out and test_err: its exit status, 128 + N if signal N ended it, or
 * -2 if it was still running (it is then killed).  The bound catches a
 * hang; it is not a measure of speed. */
int test_wait(int pid, double seconds);

/* Sleeps for ms milliseconds. */
void test_sleep_ms(int ms);

#endif
