/* capacity.h - capacity provider strategies: which provider the next task of a service
 * goes to (base and weight), placement on an Auto Scaling group
 * provider's instances, and the PROVISIONING timeout.  Scaling the groups
 * is cluster_scaling.c's.
 */
#ifndef ECS_MODEL_CAPACITY_H
#define ECS_MODEL_CAPACITY_H

#include "sim.h"

int cp_choose(sim *s, const sim_service *v);
int cp_place(sim *s, sim_service *v, sim_task *t, enum cl_check *why);
const sim_asg *cp_service_asg(const sim *s, const sim_service *v);
void cp_provisioning_timeout(sim *s, sim_service *v);

#endif
