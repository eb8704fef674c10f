/* fargate.h - FARGATE: service tasks without hosts.  A task goes to the
 * zone with the fewest of its service's tasks and is billed per second
 * (vCPU and GB at the scenario's prices) with a minimum.  Keeps the
 * FARGATE totals in sim.fargate; FARGATE_SPOT interruptions are spot.c's.
 */
#ifndef ECS_MODEL_FARGATE_H
#define ECS_MODEL_FARGATE_H

#include "types.h"

extern const struct sim_module fargate_module;

/* Places t (of v) on FARGATE: FARGATE always has room. */
void fargate_place(sim *s, sim_service *v, sim_task *t);
/* t reached STOPPED: its minimum charge, and the totals without it. */
void fargate_release(sim *s, const sim_task *t);

#endif
