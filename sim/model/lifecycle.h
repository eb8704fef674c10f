/* lifecycle.h - the ECS lifecycle of a service task: PROVISIONING (ENI
 * attach), PENDING (image pull, start), ACTIVATING (load balancer), RUNNING
 * with its health checks, then DEACTIVATING, STOPPING, DEPROVISIONING and
 * STOPPED; each state's time drawn at launch.  Keeps the service's counts
 * by state and the launch throttle that failed starts raise.  Which tasks
 * to launch or stop is the scheduler's (scheduler.c).
 */
#ifndef ECS_MODEL_LIFECYCLE_H
#define ECS_MODEL_LIFECYCLE_H

#include "types.h"

typedef struct sim_lifecycle {
	int32_t stopping_group;    /* group of service tasks winding down */
} sim_lifecycle;

extern const struct sim_module lifecycle_module;

/* Links t at the head of v's task list (newest first). */
void life_link(sim_service *v, sim_task *t);
/* Whether t counts for its capacityProviderStrategy item (cp_choose). */
int life_cp_counted(const sim_service *v, const sim_task *t);
/* t (RUNNING, of the current deployment) is to be replaced: the scheduler
 * starts another and stops t within the rolling bounds; moving: AZ
 * rebalancing moves it to another zone, else it is on a draining instance. */
void life_drain(sim_service *v, sim_task *t, int moving);
/* t no longer waits to be replaced (life_drain). */
void life_undrain(sim_service *v, sim_task *t);
/* Moves t to state st, keeping v's counts by state. */
void life_set_state(sim_service *v, sim_task *t, enum sim_state st);
/* Draws every random time and fate of a new task from v's own streams. */
void life_draw(sim *s, sim_service *v, sim_task *t);
/* Enters st, or the first later state that applies to t. */
void life_enter(sim *s, sim_service *v, sim_task *t, enum sim_state st);
/* Schedules t's next RUNNING event: its health verdict or its crash. */
void life_schedule_running(sim *s, sim_task *t);
/* The scheduler stops t (or t stopped by itself): it leaves the desired
 * count at once and is replaced while it winds down.  arg completes the
 * stoppedReason: the deployment's task definition for SIM_END_REPLACED, 1
 * for SIM_END_UNHEALTHY when the load balancer's check failed first. */
void life_stop(sim *s, sim_service *v, sim_task *t, enum sim_end why, int32_t arg);
/* t never had a host (it waited for capacity in PROVISIONING): it stops at
 * once for why (a scale-in, a deployment, the provisioning timeout) and
 * leaves v, which replaces it as needed. */
void life_drop_waiting(sim *s, sim_service *v, sim_task *t, enum sim_end why);
/* Zone z is out: every FARGATE task in it dies at once and is replaced
 * (in the zones that are not). */
void life_kill_zone(sim *s, int32_t z);

#endif
