/* trace_row.h - private to sim/trace/: one row of a trace table as a format
 * parses it.  Owns the records a row gives, the state a parser sees
 * (trace_row_ctx) and the strict field readers the parsers share; not the
 * formats (trace_fmt.c), nor the windows, sampling and order (trace.c).
 */
#ifndef ECS_TRACE_ROW_H
#define ECS_TRACE_ROW_H

#include <stdint.h>

#include "trace_spec.h"

/* Called to turn a group name into the model's group id. */
typedef int32_t trace_group_fn(void *ctx, const char *name);

/* What a row parser reads and writes besides the row: set up by
 * trace_open, the first-row flag kept by the reading loop. */
typedef struct trace_row_ctx {
	const trace_spec *spec;
	trace_group_fn *group_fn;
	void *group_ctx;
	int32_t default_group;     /* "trace:NAME" or the fixed group */
	int header_pending;        /* the row being parsed is the first of its file */
	int cols[TRACE_CSV_NCOLS]; /* csv: resolved column indices */
	char msg[256];             /* scratch for messages of bad rows */
	char **specs;              /* GPU model lists as written ("A|B"), interned */
	int32_t nspecs;
} trace_row_ctx;

/* Google 2011 task event types (task_events table). */
enum {
	G_SUBMIT, G_SCHEDULE, G_EVICT, G_FAIL, G_FINISH, G_KILL, G_LOST, G_UPDATE_PENDING,
	G_UPDATE_RUNNING,
};

/* One record of the workload, first in trace time, then in simulated time. */
struct trace_rec {
	int64_t time;              /* us: trace time from the parser, then simulated */
	int64_t seq;               /* row order, breaks ties of time */
	int64_t count;             /* tasks */
	int64_t duration;          /* us, -1 = runs until the end (or its stop event) */
	int64_t job;               /* google-2011: job id; sampling key */
	int32_t cpu, mem, gpu, gpu_milli; /* -1 = not given (google-2011) */
	int32_t spec;              /* GPU models accepted (trace_row_spec), -1 any */
	int32_t group;
	int32_t index;             /* google-2011: task index */
	int8_t event;              /* google-2011: event type; -1 for other formats */
};

enum { RM_ADD, RM_ERROR, RM_REMOVE, RM_UPDATE };

/* One row of a machine table. */
struct trace_raw_machine {
	int64_t time;              /* us of trace time */
	int64_t id;                /* machine id, -1 = a new machine per row */
	int what;                  /* RM_* */
	int32_t cpu, mem, gpu;
	const char *type;          /* ecs.instance-type value */
	int64_t seq;
};

/* Strict numbers: the whole string (libcsv trims blanks), no empty string. */
int trace_row_num(const char *s, double *out);
int trace_row_int(const char *s, int64_t *out);

/* v trace units (unit us each) as us, 0 or -1 if out of range (> 100 years). */
int trace_row_time(double v, int64_t unit, int64_t *out);

/* A resource amount rounded to a whole number, -1 if negative or too large. */
int trace_row_amount(double v, int32_t *out);

/* The id of a GPU model list ("V100M16|V100M32"), interned in cx. */
int32_t trace_row_spec(trace_row_ctx *cx, const char *spec);

/* The group of a row: the trace's fixed group, else PREFIX:ID. */
int32_t trace_row_group(trace_row_ctx *cx, const char *prefix, const char *id);

/* Sets a message for a bad row (in cx->msg) and returns -1. */
int trace_row_bad(trace_row_ctx *cx, const char **why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
