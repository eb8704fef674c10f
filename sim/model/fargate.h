/* fargate.h - FARGATE: service tasks without hosts.  A task goes to the
 * zone (of those not out) with the fewest of its service's tasks and is
 * billed per second (vCPU and GB at the scenario's prices) with a minimum.
 * Keeps the FARGATE totals in sim.fargate; FARGATE_SPOT interruptions are
 * spot.c's, a zone outage's lifecycle.c's (life_kill_zone).
 */
#ifndef ECS_MODEL_FARGATE_H
#define ECS_MODEL_FARGATE_H

#include "types.h"

extern const struct sim_module fargate_module;

/* Places t (of v) on FARGATE, in zone (-1: the zone with the fewest of
 * v's tasks): FARGATE always has room, except in a zone that is out
 * (s->zone_out); -1 when there is no zone to go to. */
int fargate_place(sim *s, sim_service *v, sim_task *t, int32_t zone);
/* t reached STOPPED: its minimum charge, and the totals without it. */
void fargate_release(sim *s, const sim_task *t);

#endif
