/* import_ctx.h - the state of one `ecsim import` conversion, shared by the
 * import_*.c files: the template's parts, the options, the report, and the
 * scenario's lists as they are built.  Functions shared between those files
 * are named imp_ (import.h is the public interface).
 */
#ifndef ECS_IMPORT_CTX_H
#define ECS_IMPORT_CTX_H

#include <jansson.h>

#include "import_types.h"
#include "sim/support/err.h"

/* The size of a template path ("Resources.X.Properties.Key[0]...") */
#define PATHMAX 512

typedef struct imp {
	const char *file;
	json_t *tpl;
	json_t *params, *resources, *conditions, *mappings; /* borrowed, may be NULL */
	const import_opts *o;
	import_result *r;
	json_t *novalue;           /* what Ref AWS::NoValue evaluates to */
	json_t *conds;             /* condition name -> true / false / null (evaluating) */
	json_t *noted;             /* notes already given (path + text) */
	int depth;
	/* what the conversion builds */
	json_t *taskdefs, *services, *providers, *instances, *types, *asgs;
	json_t *svc_by_id;         /* ECS::Service logical id -> its scenario object */
	json_t *target_svc;        /* ScalableTarget logical id -> the service's logical id */
	json_t *zones;             /* zone names seen */
	int zones_unknown;         /* some subnet's or group's zone is not in the template: */
	char zones_path[PATHMAX];  /* the first such, */
	char *zones_why;           /* and why */
} imp;

#endif
