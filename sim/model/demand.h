/* demand.h - service demand curves and the utilization they give.
 *
 * Evaluates a service's "demand" (requests per second over time) and turns
 * demand and healthy tasks into the CPU and memory utilization and the
 * unserved demand that Service Auto Scaling and the outputs read.  Knows
 * nothing of the event queue or of tasks; the model samples it.
 */
#ifndef ECS_DEMAND_H
#define ECS_DEMAND_H

#include <stdint.h>

#include "sim/scenario/scenario.h"

/* Demand at time t (us), requests per second. */
double demand_at(const sc_demand *d, int64_t t);

/* What healthy tasks make of demand: cpu and mem are the average
 * utilization of a task in percent (capped at 100; NAN with no healthy
 * task, as ECS publishes no datapoint then), unserved the requests per
 * second beyond what they serve. */
typedef struct demand_util {
	double cpu, mem, unserved;
} demand_util;

demand_util demand_apply(const sc_demand *d, double demand, int64_t healthy);

/* The same with production traffic split by weighted target groups: the
 * new revision's hg healthy tasks get share w of demand, the old one's hb
 * the rest; each serves its own; cpu and mem average over all their tasks.
 * w < 0: no split (demand_apply over hb + hg). */
demand_util demand_apply_split(const sc_demand *d, double demand, double w, int64_t hb,
			       int64_t hg);

/* The first time after t (us) at which a piecewise demand (steps, csv,
 * spikes) changes; INT64_MAX when it never does again or is continuous. */
int64_t demand_next_change(const sc_demand *d, int64_t t);

#endif
