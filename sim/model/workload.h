/* workload.h - standalone workloads (RunTask): arrivals (Poisson, fixed
 * intervals or given times), task sizes and run times drawn from seeded
 * streams, each task placed at once or rejected with an ECS reason; with a
 * capacityProviderStrategy on its provider's instances, where a task that
 * finds no room on a managed Auto Scaling group waits for capacity
 * (capacity.c) and runs once placed, or gives up at the timeout.
 */
#ifndef ECS_MODEL_WORKLOAD_H
#define ECS_MODEL_WORKLOAD_H

#include "types.h"

typedef struct sim_workload {
	const sc_workload *sc;
	int32_t group;
	cl_req req;
	struct qry **member_of;     /* compiled memberOf constraints of req */
	st_chain chain;
	eng_event ev;               /* next arrival */
	gsl_rng *arrivals, *durations, *sizes;
	int64_t submitted;
	int64_t next_index;         /* times arrivals */
	int16_t part[6];            /* per strategy item: its provider's partition */
	int64_t cp_n[6];            /* per strategy item: tasks waiting or on a host */
} sim_workload;

typedef struct sim_workloads {
	sim_workload *w;
	int n;
} sim_workloads;

extern const struct sim_module workload_module;

#endif
