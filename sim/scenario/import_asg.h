/* import_asg.h - Auto Scaling groups into instances and instance types (import_asg.c says more). */
#ifndef ECS_IMPORT_ASG_H
#define ECS_IMPORT_ASG_H

#include "import_ctx.h"

/* An instances entry for group asg (its capacity provider's scenario name,
 * or NULL) appended to m->instances; into *min, *max the group's bounds
 * (new references). */
void imp_group_instances(imp *m, const char *asg, const json_t *cp, json_t **min,
			 json_t **max);

/* An instanceTypes entry for type (a name or a placeholder; path where it
 * comes from), once per type: its registered size is always to fill in. */
void imp_add_type(imp *m, const json_t *type, const char *path);

#endif
