/* import_scaling.h - Service Auto Scaling of a template into services' autoScaling
 * (import_scaling.c says more). */
#ifndef ECS_IMPORT_SCALING_H
#define ECS_IMPORT_SCALING_H

#include "import_ctx.h"

/* A ScalableTarget of an ECS service: the service's autoScaling bounds. */
void imp_target(imp *m, const char *id, const json_t *res);

/* A ScalingPolicy of such a target: a targetTracking or stepScaling entry
 * (and a demand placeholder for a service without one). */
void imp_policy(imp *m, const char *id, const json_t *res);

#endif
