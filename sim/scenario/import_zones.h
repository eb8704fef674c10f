/* import_zones.h - the cluster's Availability Zones, from subnets and groups
 * (import_zones.c says more). */
#ifndef ECS_IMPORT_ZONES_H
#define ECS_IMPORT_ZONES_H

#include "import_ctx.h"

/* Zones of the subnets a list (raw, at path) names: AWS::EC2::Subnet
 * resources of the template give theirs; any other subnet's is unknown. */
void imp_subnet_zones(imp *m, const json_t *raw, const char *path);

/* Zones of a group's AvailabilityZones (raw, at path). */
void imp_group_zones(imp *m, const json_t *raw, const char *path);

#endif
