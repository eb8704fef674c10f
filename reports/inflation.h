/* inflation.h - the outputs of the inflation experiment ($.traces[].inflate):
 * its summary.json object, inflation.csv (one row per step of arrived
 * load), and the same rows as JSON columns for studies.  Reads the model
 * only through sim_inflation (sim/model/results.h); compare's means over
 * replications are sim/study/compare.c's.
 */
#ifndef ECS_REPORTS_INFLATION_H
#define ECS_REPORTS_INFLATION_H

#include <jansson.h>

#include "sim/model/results.h"
#include "sim/support/err.h"

/* The figures of a row, in the order of inflation.csv's columns after
 * arrived_step, arrived, tasks and failed. */
#define INFLATION_NFIGS 7
extern const char *const inflation_fig_names[INFLATION_NFIGS];
double inflation_fig(const sim_inflation_row *r, int k);

/* summary.json's "inflation", NULL when no trace inflates. */
json_t *inflation_summary(const sim *s);

/* The rows as columns {"arrived_step": [...], "arrived": [...], ...},
 * NULL when no trace inflates. */
json_t *inflation_columns(const sim *s);

/* inflation.csv at path; 0 (nothing written) when no trace inflates. */
int inflation_write(const sim *s, const char *path, ecs_err *e);

#endif
