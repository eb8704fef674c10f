/* import_props.h - a resource's properties read into scenario values (import_props.c says more). */
#ifndef ECS_IMPORT_PROPS_H
#define ECS_IMPORT_PROPS_H

#include "import_ctx.h"

enum conv { AS_IS, AS_NUMBER, AS_BOOL };

/* Converts a list entry x (at path p) into a new scenario value. */
typedef json_t *imp_conv_fn(imp *m, const json_t *x, const char *p);

/* obj[key] evaluated one level (an intrinsic there resolved, a plain
 * object or list returned as it is): a new reference, NULL when absent or
 * AWS::NoValue; a value that cannot be evaluated is a placeholder recorded
 * at kp (set to path.key, PATHMAX bytes). */
json_t *imp_get(imp *m, const json_t *obj, const char *key, const char *path, char *kp);

/* obj[key] evaluated through and through (a list of names, a whole value). */
json_t *imp_get_deep(imp *m, const json_t *obj, const char *key, const char *path, char *kp);

/* out[okey] = obj[key], converted, when obj has key. */
void imp_copy(imp *m, json_t *out, const char *okey, const json_t *obj, const char *key,
	      const char *path, enum conv c);

/* obj[key], a list, with each object entry through conv (other entries
 * kept as they are; an AWS::NoValue entry left out); a key that is not a
 * list as it is, NULL when absent. */
json_t *imp_conv_list(imp *m, const json_t *obj, const char *key, const char *path,
		      imp_conv_fn *conv);

/* The same with every entry through conv. */
json_t *imp_conv_each(imp *m, const json_t *obj, const char *key, const char *path,
		      imp_conv_fn *conv);

#endif
