/* import_taskdef.h - task definitions of a template into the scenario
 * (import_taskdef.c says more). */
#ifndef ECS_IMPORT_TASKDEF_H
#define ECS_IMPORT_TASKDEF_H

#include "import_ctx.h"

/* An AWS::ECS::TaskDefinition (logical ID id) appended to m->taskdefs. */
void imp_taskdef(imp *m, const char *id, const json_t *res);

/* A PlacementConstraints entry (of a task definition or a service). */
json_t *imp_conv_constraint(imp *m, const json_t *x, const char *p);

#endif
