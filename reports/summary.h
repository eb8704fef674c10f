/* summary.h - summary.json of one run: tasks, hosts, utilization,
 * availability, percentiles, cost, GPU figures, the traces, warnings
 * (docs/outputs.md defines every key), built from the model's read-only
 * views (sim/model/results.h).  Writes no file: runlog writes it, studies
 * read it as their metrics, runpage shows it.
 */
#ifndef ECS_SUMMARY_H
#define ECS_SUMMARY_H

#include <jansson.h>

#include "sim/model/results.h"
#include "sim/model/sim.h"

/* The summary of a finished run (or of a run so far: batch means). */
json_t *summary_build(const sim *s, double wall_seconds);

/* a / b, 0 when b is not positive: a share of a total that may be 0. */
double summary_ratio(double a, double b);

/* USD of the instances of one purchase option (spot 0 or 1) since time 0,
 * or measured from $.measureFrom (measured 1). */
double summary_instances_usd(const sim *s, int spot, int measured);

#endif
