/* metrics.h - time-weighted statistics of the cluster and of each service, instance-
 * hours by instance type and purchase option, and the periodic samples.
 * Accumulates before every event (the engine hook); knows no file format.
 */
#ifndef ECS_MODEL_METRICS_H
#define ECS_MODEL_METRICS_H

#include "sim.h"

void metrics_sample(eng *e, eng_event *ev);
void metrics_accumulate(sim *s);
void metrics_class_change(sim *s, int32_t h, int d);
void metrics_service(sim *s, sim_service *v);

#endif
