/* task.h - task records: slab pools, creation and release, placement of a
 * task through a strategy chain with the accounting of submitted, placed
 * and rejected tasks, completion of standalone tasks, and the death of
 * every task on a host.  What a service task goes through is lifecycle.c's.
 */
#ifndef ECS_MODEL_TASK_H
#define ECS_MODEL_TASK_H

#include "types.h"

/* Fixed-size objects from slabs with a free list (the link is kept in a
 * free object's first bytes), so that a run does not allocate per task. */
typedef struct sim_pool {
	size_t size;         /* of an object */
	void *free;          /* free list */
	void **slabs;
	int nslabs;
} sim_pool;

typedef struct sim_tasks {
	sim_pool tasks;            /* standalone tasks (sim_task) */
	sim_pool svc_tasks;        /* service tasks (sim_svc_task) */
	int64_t next_id;
	place_ws ws;
	gsl_rng *tie;              /* placement ties */
} sim_tasks;

extern const struct sim_module task_module;

/* A standalone task (of a workload or a trace), submitted now. */
sim_task *task_new(sim *s);
/* A task of service v; its random times are drawn at launch (life_draw). */
sim_task *task_new_service(sim *s, const sim_service *v);
/* Takes back a task never placed (a service's failed attempt): its id is
 * given to the next task. */
void task_unsubmit(sim *s, sim_task *t);
void task_free(sim *s, sim_task *t);

/* Chooses a host for t by chain and places it; -1 with *why if it fits
 * nowhere (or the run must stop: too many tasks, a strategy's fault). */
int task_try_place(sim *s, sim_task *t, const st_chain *chain, enum cl_check *why);
/* The same for t, submitted earlier, that waited for capacity. */
int task_place_waiting(sim *s, sim_task *t, const st_chain *chain, enum cl_check *why);
/* "RESOURCE:MEMORY", ..., "NO_ACTIVE_INSTANCES" for CL_NCHECKS. */
const char *task_reason_name(enum cl_check c);

/* How ECS reports a task whose essential container exited (a standalone
 * task that ran its course). */
#define TASK_EXITED_CODE "EssentialContainerExited"
#define TASK_EXITED_REASON "Essential container in task exited"

/* Why the tasks of a host die: their stopCode and stoppedReason.  ECS's
 * InfrastructureHealth (TaskStopCode, the API reference) for a failed or
 * removed host, SpotInterruption for an EC2 Spot termination,
 * TerminationNotice for an instance its Auto Scaling group terminates with
 * tasks on it (scale-in without managed draining, or at the draining
 * deadline; ecsim's choice of code); the stoppedReason "Host EC2 (instance
 * i-...) ..." is ecsim's wording. */
enum task_kill { TASK_KILL_FAILURE, TASK_KILL_SPOT, TASK_KILL_REMOVED, TASK_KILL_SCALE_IN };

/* A standalone task's completion event. */
void task_complete(eng *e, eng_event *ev);
/* Host h went down: every task on it dies (the task_ended hooks see each). */
void task_kill_all(sim *s, int32_t h, enum task_kill why);

#endif
