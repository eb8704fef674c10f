/* capacity.h - capacity provider strategies: which provider the next task
 * of a service goes to (base, then weight), placement on an Auto Scaling
 * group provider's instances (a partition of the hosts), and the
 * PROVISIONING timeout of a task waiting for a group's capacity.  Scaling
 * the groups is cluster_scaling.c's.
 */
#ifndef ECS_MODEL_CAPACITY_H
#define ECS_MODEL_CAPACITY_H

#include "types.h"

typedef struct sim_capacity {
	/* per service, per strategy item: its Auto Scaling group's partition
	 * (cl_req part), 0 for FARGATE items */
	int16_t **part;
} sim_capacity;

extern const struct sim_module capacity_module;

/* The capacityProviderStrategy item v's next task goes to. */
int cp_choose(sim *s, const sim_service *v);
/* Places an EC2 task t of v on its provider's instances (all instances
 * when t has no provider); as task_try_place. */
int cp_place(sim *s, sim_service *v, sim_task *t, enum cl_check *why);
/* The managed Auto Scaling group of v's strategy (its first such item),
 * or NULL. */
const sc_asg *cp_service_asg(const sim *s, const sim_service *v);
/* v found no host: a task that waited longer than the group's
 * provisioningTimeout gives up (an event) and a new wait begins. */
void cp_provisioning_timeout(sim *s, sim_service *v);

#endif
