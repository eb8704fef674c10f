/* autoscale.h - Service Auto Scaling: the service metrics every minute, target
 * tracking and step scaling policies, and scheduled actions that set the
 * scalable target's capacity.
 */
#ifndef ECS_MODEL_AUTOSCALE_H
#define ECS_MODEL_AUTOSCALE_H

#include "sim.h"

int64_t as_clamp(const sim_service *v, int64_t n);
void as_scheduled(eng *e, eng_event *ev);
void as_tick(eng *e, eng_event *ev);

#endif
