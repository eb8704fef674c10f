/* fargate.h - FARGATE: service tasks without hosts, placed in the zone with the
 * fewest of the service's tasks and billed per second with a minimum.
 * FARGATE_SPOT interruptions are in spot.c.
 */
#ifndef ECS_MODEL_FARGATE_H
#define ECS_MODEL_FARGATE_H

#include "sim.h"

void fargate_release(sim *s, const sim_task *t);
void fargate_place(sim *s, sim_service *v, sim_task *t);
void fargate_min_charge(sim *s, const sim_task *t);

#endif
