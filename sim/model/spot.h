/* spot.h - Spot interruptions: EC2 Spot instances (a notice, optional draining,
 * termination, a replacement after a launch time) and FARGATE_SPOT
 * tasks (a two-minute warning, then stopped and replaced).
 */
#ifndef ECS_MODEL_SPOT_H
#define ECS_MODEL_SPOT_H

#include "sim.h"

void spot_fargate_event(eng *e, eng_event *ev);
void spot_start(sim *s);

#endif
