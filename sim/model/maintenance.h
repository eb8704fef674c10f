/* maintenance.h - maintenance: draining instances (ECS DRAINING).  A draining instance
 * gets no new tasks; its service tasks not yet RUNNING stop, RUNNING ones
 * are replaced within the rolling bounds, daemon tasks leave last.
 */
#ifndef ECS_MODEL_MAINTENANCE_H
#define ECS_MODEL_MAINTENANCE_H

#include "sim.h"

void maint_drain_host(sim *s, int32_t h, int32_t k);
void maint_drain_start(eng *e, eng_event *ev);
void maint_drain_check(eng *e, eng_event *ev);

#endif
