/* import_service.h - ECS services of a template into the scenario (import_service.c says more). */
#ifndef ECS_IMPORT_SERVICE_H
#define ECS_IMPORT_SERVICE_H

#include "import_ctx.h"

/* An AWS::ECS::Service (logical ID id) appended to m->services and kept in
 * m->svc_by_id for Service Auto Scaling. */
void imp_service(imp *m, const char *id, const json_t *res);

#endif
