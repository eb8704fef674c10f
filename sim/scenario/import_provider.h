/* import_provider.h - capacity providers, cluster provider lists and strategies
 * (import_provider.c says more). */
#ifndef ECS_IMPORT_PROVIDER_H
#define ECS_IMPORT_PROVIDER_H

#include "import_ctx.h"

/* An AWS::ECS::CapacityProvider (logical ID id): its name into the
 * provider list, its group's instances (the group's logical ID marked in
 * used_groups) and, with managed scaling, an autoScalingGroupProviders entry. */
void imp_provider(imp *m, const char *id, const json_t *res, json_t *used_groups);

/* A cluster's or association's provider list and default strategy (into
 * *dflt, the first one found). */
void imp_cluster_providers(imp *m, const char *id, const json_t *res, json_t **dflt);

/* obj[key], a capacity provider strategy, as the scenario's (the providers
 * it names added to the list). */
json_t *imp_conv_strategy(imp *m, const json_t *obj, const char *key, const char *path);

#endif
