/* task.h - task records: slab pools, creation and release, placement through the
 * strategy chain with its accounting, completion of standalone tasks, the
 * death of every task on a host, and the task_done report.  Does not know
 * the service lifecycle (lifecycle.c).
 */
#ifndef ECS_MODEL_TASK_H
#define ECS_MODEL_TASK_H

#include "sim.h"

void task_free(sim *s, sim_task *t);
void task_report(sim *s, const sim_task *t, enum sim_end reason, const char *detail);
const char *task_reason_name(enum cl_check c);
void task_complete(eng *e, eng_event *ev);
void task_pool_destroy(sim_pool *p);
int task_try_place(sim *s, sim_task *t, const st_chain *chain, enum cl_check *why);
void task_kill_all(sim *s, int32_t h);
sim_task *task_new_service(sim *s, const sim_service *v);
sim_task *task_new(sim *s);

#endif
