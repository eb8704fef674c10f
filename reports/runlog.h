/* runlog.h - the files of one run: CSVs streamed while it runs, summary.json,
 * plots, all committed to the output directory together at the end.
 *
 *   timeseries.csv  one row per metrics interval (cluster totals)
 *   services.csv    one row per metrics interval and service
 *   events.csv      service events in time order
 *   deployments.csv one row per deployment, when it ends
 *   tasks.csv       one row per task (unless the task log is off)
 *   hosts.csv       one row per host, written at the end (runlog_hosts)
 *   inflation.csv   one row per step of arrived load (a trace's "inflate")
 *   summary.json    totals, availability, utilization, cost (built by summary.c)
 *   *.png, *.svg    plots (gnuplot), unless off or unavailable
 *   index.html      a page with the key figures and the plots (runpage.c)
 */
#ifndef ECS_RUNLOG_H
#define ECS_RUNLOG_H

#include <jansson.h>
#include <stdio.h>

#include "csvout.h"
#include "outdir.h"
#include "sim/model/results.h"
#include "sim/model/sim.h"

typedef struct runlog {
	outdir od;
	csvw ts, svc, tasks, events, deps;
	int ts_open;      /* timeseries.csv: opened at the first sample (GPU
			   * columns when the cluster has GPUs), as cost is;
			   * 1 open, 2 with GPU columns, -1 failed (ts_err) */
	ecs_err ts_err;
	csvw cost;        /* opened at the first sample: its columns need the sim */
	int cost_open;    /* 1 open, -1 could not be opened (cost_err says why) */
	ecs_err cost_err;
	int task_log;
	int inflation;    /* inflation.csv written */
	int64_t rows;     /* task rows written */
	int hosts;        /* hosts.csv written */
} runlog;

/* task_log: 0 for no tasks.csv, else RUNLOG_TASKS, with RUNLOG_PULLS for
 * its pull_s column (a scenario that models image pulls). */
#define RUNLOG_TASKS 1
#define RUNLOG_PULLS 2

/* Opens the staging files in dir. */
int runlog_begin(runlog *r, const char *dir, int task_log, ecs_err *e);

/* The observer to hand to sim_init. */
sim_observer runlog_observer(runlog *r);

/* Writes hosts.csv, one row per host over the run (call after sim_finish,
 * before runlog_finish); -1 with the error in e. */
int runlog_hosts(runlog *r, const sim *s, ecs_err *e);

/* Closes the CSVs, writes summary.json, draws plots unless plots == 0,
 * writes index.html and commits the directory.  A plotting failure does not fail the run: it
 * is left in plot_err and the CSVs are still committed. */
int runlog_finish(runlog *r, const json_t *summary, const char *title, int plots,
		  ecs_err *plot_err, ecs_err *e);

/* Writes inflation.csv when a trace inflates (before runlog_finish). */
int runlog_inflation(runlog *r, const sim *s, ecs_err *e);

/* Discards everything written so far. */
void runlog_abort(runlog *r);

/* "123.456789" with trailing zeros trimmed: exact microseconds as seconds. */
void runlog_fmt_us(char buf[32], int64_t us);

#endif
