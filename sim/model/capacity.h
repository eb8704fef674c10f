/* capacity.h - capacity provider strategies: which provider the next task
 * of a service (or of a workload) goes to (base, then weight), placement
 * on an Auto Scaling group provider's instances (a partition of the
 * hosts), and the tasks that wait in PROVISIONING for a managed group's
 * capacity: a queue per provider, the per-cluster limit, the provisioning
 * timeout, and retries when capacity may be back.  What a waiting task
 * does once placed, or when it gives up, is its owner's (the capacity_wait
 * hook: scheduler.c, workload.c); scaling the groups is cluster_scaling.c's.
 */
#ifndef ECS_MODEL_CAPACITY_H
#define ECS_MODEL_CAPACITY_H

#include "types.h"

/* The tasks waiting for one managed provider's capacity, oldest first (a
 * small array: the cluster's limit keeps it short, and removals from the
 * middle, a scale-in of a waiting task, are rare). */
typedef struct sim_cp_queue {
	sim_task **v;
	int64_t n, cap;
} sim_cp_queue;

typedef struct sim_capacity {
	/* per service, per strategy item: its Auto Scaling group's partition
	 * (cl_req part), 0 for FARGATE items */
	int16_t **part;
	sim_cp_queue *queue;       /* per provider (empty for unmanaged ones) */
	eng_event retry_ev;        /* waiting tasks try again */
	/* waits that ended in a placement: how many, and their total and
	 * longest wait; waits refused at the cluster's limit */
	int64_t waited, refused, peak;
	double wait_sum_s;
	int64_t wait_max;
	int64_t timeouts;          /* waits that ended at the provisioning timeout */
	int64_t iter;              /* the retry walk's position (cp_unwait moves it) */
} sim_capacity;

extern const struct sim_module capacity_module;

/* The item of items[0..n-1] the next task goes to, given each item's
 * count of tasks (base first, then weight). */
int cp_choose_items(const sc_cp_item *items, int n, const int64_t *counts);
/* The capacityProviderStrategy item v's next task goes to. */
int cp_choose(sim *s, const sim_service *v);
/* Places an EC2 task t of v on its provider's instances (all instances
 * when t has no provider); as task_try_place. */
int cp_place(sim *s, sim_service *v, sim_task *t, enum cl_check *why);
/* The partition (cl_req part) of provider p's instances. */
int16_t cp_part(sim *s, int32_t provider);
/* The managed Auto Scaling group of provider p (an autoScalingGroupProviders
 * entry), or NULL: only its tasks wait for capacity. */
const sc_asg *cp_managed(const sim *s, int32_t provider);

/* t (submitted, on no host) found no room on managed provider p's
 * instances: it waits in PROVISIONING, holding no resources, until it is
 * placed or its provisioningTimeout passes.  -1: the cluster has
 * maxProvisioningTasks waiting already, t cannot wait. */
int cp_wait(sim *s, sim_task *t, int32_t provider);
/* t waits no more: placed (its wait is counted), or stopped (placed 0). */
void cp_unwait(sim *s, sim_task *t, int placed);
/* Capacity may be back (a task left a host, an instance came up): the
 * waiting tasks try again, oldest first, in an event of their own. */
void cp_capacity_back(sim *s);
/* How many tasks wait for provider p, and the i-th oldest of them. */
int64_t cp_nwaiting(const sim *s, int32_t provider);
const sim_task *cp_waiting(const sim *s, int32_t provider, int64_t i);

#endif
