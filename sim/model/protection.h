/* protection.h - task scale-in protection (UpdateTaskProtection, ECS's
 * task-scale-in-protection.html): a service with taskProtection has a share
 * of its tasks protect themselves some time after RUNNING, for
 * expiresInMinutes or until their work ends, and again after it when they
 * repeat.  A protected task is never stopped by scale-in, a deployment or
 * AZ rebalancing (the scheduler, deploy.c and rebalance.c skip it and wait);
 * its end wakes a service that waited.  Draining, failures, health checks
 * and Spot stop protected tasks as any others, as in ECS.
 */
#ifndef ECS_MODEL_PROTECTION_H
#define ECS_MODEL_PROTECTION_H

#include "types.h"

typedef struct sim_protection {
	gsl_rng **rng;             /* per service: its draws (taskProtection services) */
} sim_protection;

extern const struct sim_module protection_module;

/* A protected task held up a scale-in or a deployment of v: counted, and
 * v's scheduler wakes when a protection of v ends. */
void prot_held_up(sim *s, sim_service *v);

#endif
