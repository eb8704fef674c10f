/* deploy.h - rolling deployments of a service (the scenario's, and rollbacks): start,
 * replacement of old tasks within the rolling bounds, the deployment
 * circuit breaker, and the outcome.
 */
#ifndef ECS_MODEL_DEPLOY_H
#define ECS_MODEL_DEPLOY_H

#include "sim.h"

void deploy_breaker_trip(sim *s, sim_service *v);
void deploy_notify(sim *s, const sim_deployment *d);
void deploy_end(sim *s, sim_service *v, const char *outcome);
void deploy_replace(sim *s, sim_service *v);
void deploy_event(eng *e, eng_event *ev);

#endif
