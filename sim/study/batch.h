/* batch.h - batch means: one long run cut into equal batches, with a
 * confidence interval for every metric of its summary.
 *
 * The measured part of the run, [measureFrom, duration], is cut into n
 * batches of equal length; each batch's summary is what summary.json
 * would say of that stretch alone (the figures measured from a mark at its
 * start, results.h).  Their values of a metric are treated as n
 * independent samples: mean, standard deviation, Student-t interval with
 * n - 1 degrees of freedom, and the lag-1 autocorrelation that says
 * whether that holds.  The run is not changed: marks only read it.  The
 * caller drives the run (sim_run_before to each boundary); this module
 * knows nothing of the command line or files.
 */
#ifndef ECS_BATCH_H
#define ECS_BATCH_H

#include <jansson.h>
#include <stdint.h>

#include "sim/model/results.h"
#include "sim/model/sim.h"
#include "sim/support/err.h"

#define BATCH_MAX 1000

typedef struct batch_means {
	int n;                     /* batches */
	int64_t *bound;            /* n + 1 times (us): measureFrom, ..., duration */
	int done;                  /* batches closed */
	sim_mark *mark;            /* start of the open batch (NULL: measureFrom's) */
	json_t **sums;             /* the closed batches' summaries */
} batch_means;

/* n batches of the run s is about to make (2 <= n <= BATCH_MAX, each at
 * least a second long); errors say why not. */
int batch_init(batch_means *b, const sim *s, int n, ecs_err *e);

/* The boundary to stop before next (sim_run_before), INT64_MAX when only
 * the run's end is left. */
int64_t batch_next(const batch_means *b);

/* Closes the open batch: at its boundary (after sim_run_before), or for
 * the last one after sim_finish. */
void batch_close(batch_means *b, sim *s);

/* "batch_means" of summary.json: n, the batches' length and, per metric
 * (summary.json's numeric keys joined by '.'), mean, stddev, ci95_low,
 * ci95_high, lag1_autocorrelation and the batches' values; "warnings"
 * names the metrics whose batch means look correlated. */
json_t *batch_json(const batch_means *b);

/* The warning threshold of the lag-1 autocorrelation for n batches:
 * 1.96 / sqrt(n), the 95 % bound of a sample autocorrelation when the
 * true one is 0. */
double batch_lag1_limit(int n);

void batch_free(batch_means *b, sim *s);

#endif
