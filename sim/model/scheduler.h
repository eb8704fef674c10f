/* scheduler.h - the ECS service scheduler: keeps desiredCount tasks of a
 * REPLICA service, or one per instance of a DAEMON service, within the
 * launch rate and the throttle; stops the surplus by the placement
 * strategy's scale-in rule; replaces tasks on draining instances within
 * the rolling bounds, and starts the replacements of tasks that AZ
 * rebalancing moves (rebalance.c) in the zones it asks for; retries what
 * found no host.  Owns the services
 * (sim.svcs).  Rolling deployments are deploy.c's, the task lifecycle
 * lifecycle.c's, where a task runs capacity.c's and fargate.c's.
 */
#ifndef ECS_MODEL_SCHEDULER_H
#define ECS_MODEL_SCHEDULER_H

#include "types.h"

typedef struct sim_scheduler {
	gsl_rng *scalein;          /* scale-in ties */
	struct qry **zone_q;       /* per zone: the memberOf that keeps a task there
				    * (AZ rebalancing), compiled when first needed */
} sim_scheduler;

extern const struct sim_module scheduler_module;

/* The rolling lower bound: ceil(desired x minimumHealthyPercent / 100)
 * healthy tasks. */
int64_t sched_lower_bound(const sim_service *v);
/* The one path of every desired-count change (scheduled changes, Service
 * Auto Scaling): logged as event, then reconciled at once.  The caller has
 * accumulated v's statistics. */
void sched_set_desired(sim *s, sim_service *v, int64_t n, const char *event,
		       const char *detail);
/* Resets v's launch throttle, as a new deployment does in ECS, and lets
 * it launch at once. */
void sched_reset_throttle(sim *s, sim_service *v);
/* AZ rebalancing's move is called off: v's moving tasks stay where they
 * are and no replacement is wanted in any zone (v->zone_want). */
void sched_cancel_moves(sim *s, sim_service *v);
/* Capacity is back (a repair, a drain's end, a launched instance):
 * daemons, then services that found no host, try again. */
void sched_capacity_back(sim *s);

#endif
