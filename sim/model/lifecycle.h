/* lifecycle.h - the ECS lifecycle of a service task (PROVISIONING ... STOPPED): state
 * times drawn at launch, health checks, the service's counts by state,
 * and stopping a task.  Deciding which tasks to launch or stop is the
 * scheduler's (scheduler.c).
 */
#ifndef ECS_MODEL_LIFECYCLE_H
#define ECS_MODEL_LIFECYCLE_H

#include "sim.h"

void life_schedule_running(sim *s, sim_task *t);
void life_link(sim_service *v, sim_task *t);
void life_draw(sim *s, sim_service *v, sim_task *t);
int life_cp_counted(const sim_service *v, const sim_task *t);
void life_undrain(sim_service *v, sim_task *t);
void life_stop(sim *s, sim_service *v, sim_task *t, enum sim_end why, const char *text);
void life_enter(sim *s, sim_service *v, sim_task *t, enum sim_state st);
void life_unlink(sim_service *v, sim_task *t);
void life_set_state(sim_service *v, sim_task *t, enum sim_state st);

#endif
