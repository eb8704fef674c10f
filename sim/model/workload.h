/* workload.h - standalone workloads (RunTask): arrivals (Poisson, fixed intervals,
 * given times), task sizes and run times drawn from seeded streams, and
 * placement at once or rejection with an ECS reason.
 */
#ifndef ECS_MODEL_WORKLOAD_H
#define ECS_MODEL_WORKLOAD_H

#include "sim.h"

void wl_schedule_arrival(sim *s, sim_workload *w);

#endif
