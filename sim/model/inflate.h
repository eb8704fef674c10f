/* inflate.h - the inflation experiment of GPU-sharing papers: a trace's
 * tasks drawn at random (seeded per replication), none ever ending, until
 * the arrived demand of GPUs (or CPU) reaches a multiple of the cluster's
 * capacity, with the figures at every step of arrived load and at the
 * first placement that failed.  The draws and the capacity are this
 * module's; placing a task is replay's (replay_submit); the figures are
 * results.c's views.  It does not write them out (reports/ does).
 */
#ifndef ECS_MODEL_INFLATE_H
#define ECS_MODEL_INFLATE_H

#include <gsl/gsl_rng.h>

#include "types.h"
#include "stats.h"

/* One task shape of the trace and how many of its tasks have it. */
typedef struct inflate_shape {
	int32_t cpu, mem, gpu, gpu_milli, group, spec;
	int64_t count;
	int64_t below;              /* tasks of the shapes before it */
	int64_t demand;             /* of the resource: CPU units or GPU thousandths */
} inflate_shape;

typedef struct sim_inflate {
	int trace;                  /* index in $.traces, -1: none inflates */
	inflate_shape *shapes;
	int32_t nshapes;
	int64_t tasks;              /* tasks of the trace (sum of counts) */
	int64_t *order;             /* trace-first: the tasks in a random order */
	gsl_rng *draws;             /* stream "inflate" */
	eng_event ev;
	int64_t capacity;           /* of the resource at time 0, in its units */
	int64_t target;             /* floor(to x capacity) */
	int64_t arrived;            /* demand of the tasks submitted */
	int64_t submitted, failed;
	/* row k (results.h): the figures when the arrived load first reached
	 * k x step; rows[nrows]: at the first failed placement, if failed */
	sim_inflation_row *rows;
	int32_t nrows, filled;
} sim_inflate;

extern const struct sim_module inflate_module;

/* The figures now, with the arrived load and the counts so far. */
void inflate_row_now(const sim *s, sim_inflation_row *r);

#endif
