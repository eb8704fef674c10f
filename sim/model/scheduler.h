/* scheduler.h - the ECS service scheduler: keeps desiredCount tasks (REPLICA) or one
 * per instance (DAEMON), within the launch rate and the throttle, scales
 * in by the strategy's rule, replaces tasks on draining instances, and
 * reports steady state.  Rolling deployments are deploy.c's.
 */
#ifndef ECS_MODEL_SCHEDULER_H
#define ECS_MODEL_SCHEDULER_H

#include "sim.h"

void sched_reconcile_soon(sim *s, sim_service *v);
int64_t sched_lower_bound(const sim_service *v);
void sched_set_desired(sim *s, sim_service *v, int64_t n, const char *event,
			const char *detail);
void sched_changed(sim *s, sim_service *v);
void sched_desired_change(eng *e, eng_event *ev);
int64_t sched_active(const sim_service *v);
void sched_capacity_back(sim *s);
void sched_event(sim *s, const sim_service *v, const char *event, const char *detail);
void sched_reconcile(eng *e, eng_event *ev);

#endif
