/* trace.h - replaying cluster traces: formats, time windows, sampling, order.
 *
 * A trace is read as a stream (tracein) through a format - a const table of
 * row parsers found by name - and handed to the model as time-ordered
 * actions: submit N tasks of one size for a run time, start a task that
 * runs until a later stop, stop it.  Rows are read only as far as the model
 * has consumed them, plus a bounded reorder buffer (traces that are not
 * sorted by time).  A trace's machine table, which is small, is read whole
 * into machines and their state changes.  Rows that cannot be replayed are
 * counted by reason; malformed rows ("bad rows") are also reported with
 * their file and line.  Given what to read as a trace_spec (trace_spec.h),
 * it knows nothing of the scenario file, hosts, placement or events.
 */
#ifndef ECS_TRACE_H
#define ECS_TRACE_H

#include <jansson.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/support/err.h"
#include "sim/support/hmap.h"
#include "trace_fmt.h"
#include "trace_row.h" /* the private part of struct trace */
#include "trace_spec.h"
#include "tracein.h"

typedef struct trace trace;

enum trace_act_kind {
	TRACE_SUBMIT,  /* count tasks that run duration (or to the end: -1) */
	TRACE_START,   /* one task that runs until its TRACE_STOP */
	TRACE_STOP,    /* the task of a TRACE_START ends */
};

typedef struct trace_act {
	enum trace_act_kind kind;
	int64_t time;              /* us of simulated time */
	int64_t count;
	int32_t cpu, mem, gpu, gpu_milli;
	int64_t duration;          /* us, -1 = until the end of the run */
	int32_t group;
	int32_t key;               /* START/STOP: which task */
	int32_t spec;              /* GPU models accepted: t->row.specs[spec], -1 any */
	void *task;                /* STOP: what trace_bind stored, or NULL */
} trace_act;

/* A machine of the trace's fleet and a change of its state. */
typedef struct trace_machine {
	int32_t cpu, mem, gpu;
	int32_t type;              /* index into trace.types (ecs.instance-type) */
} trace_machine;

enum trace_mstate { TRACE_M_UP, TRACE_M_DRAIN, TRACE_M_DOWN };

typedef struct trace_mevent {
	int64_t time;              /* us of simulated time */
	int32_t machine;
	enum trace_mstate to;
	int64_t seq;               /* keeps the order of changes at equal times */
} trace_mevent;

/* Counts by reason (rows skipped, notes on rows used). */
typedef struct trace_tally {
	const char **reason;       /* static strings */
	int64_t *count;
	int n;
} trace_tally;

/* Rows of one table (the workload or the machines). */
typedef struct trace_table_stats {
	int64_t rows;              /* data rows read (headers not counted) */
	int64_t used;              /* rows that gave a record */
	int64_t bad;
	char *examples[10];        /* the first bad rows, "FILE:LINE: reason" */
	int nexamples;
	trace_tally skipped, notes;
	int complete;              /* read to the end */
} trace_table_stats;

struct trace {
	const trace_spec *spec;
	int index;                 /* in $.traces */
	int strict;                /* a bad row is an error */
	uint64_t seed;
	int32_t default_group;     /* "trace:NAME" or the fixed group */

	trace_machine *machines;
	int32_t nmachines;
	char **types;              /* machine type names */
	int32_t ntypes;
	trace_mevent *mev;         /* sorted by time */
	int64_t nmev;

	trace_table_stats tasks_in, machines_in;
	int64_t tasks;             /* tasks in the actions handed out */
	int64_t pending_at_end;    /* google-2011: tasks submitted, never scheduled */

	/* private */
	trace_row_ctx row;         /* what the format's parsers see (spec and group again) */
	tracein in;
	int in_open;
	int cur_file;
	struct trace_rec *heap;
	int64_t nheap, capheap;
	int64_t seq, last;
	hmap ids;                  /* google-2011: (job, index) -> entry + 1 */
	struct trace_gtask *gt;    /* google-2011 task entries */
	int32_t ngt, capgt, freegt;
	hmap mids;                 /* machine id -> machine + 1 (while loading) */
	const volatile sig_atomic_t *stop; /* polled per chunk read, may be NULL */
};

/* Opens the trace's files, reads its machine table and fills the reorder
 * buffer.  Errors (files, --strict bad rows) are "FILE: ..." messages;
 * reading stops with "interrupted" once *stop is set (stop may be NULL). */
int trace_open(trace *t, const trace_spec *spec, int index, uint64_t seed, int strict,
	       const volatile sig_atomic_t *stop, trace_group_fn *group_fn, void *group_ctx,
	       ecs_err *e);

/* Simulated time of the next action, INT64_MAX if there is none. */
int64_t trace_next_time(const trace *t);

/* The next action due at or before now: 1 with it in *a, 0 if none is due,
 * -1 on an error (read error, trace out of order, --strict bad row). */
int trace_next(trace *t, int64_t now, trace_act *a, ecs_err *e);

/* Remembers the model's task for a started key / forgets it (it ended). */
void trace_bind(trace *t, int32_t key, void *task);
void trace_unbind(trace *t, int32_t key);

/* The "traces" entry of summary.json for this trace. */
json_t *trace_summary(const trace *t);

/* Prints the bad rows (the first ones in full) to f; nothing if none. */
void trace_print_bad(const trace *t, FILE *f);

void trace_close(trace *t);

#endif
