/* cluster_scaling.h - cluster auto scaling of managed Auto Scaling group capacity providers:
 * CapacityProviderReservation every minute, scale-out and scale-in
 * within the group's bounds, and instance launches.
 */
#ifndef ECS_MODEL_CLUSTER_SCALING_H
#define ECS_MODEL_CLUSTER_SCALING_H

#include "sim.h"

void cas_tick(eng *e, eng_event *ev);

#endif
