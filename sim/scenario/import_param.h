/* import_param.h - template parameters and pseudo parameters for Ref (import_param.c says more). */
#ifndef ECS_IMPORT_PARAM_H
#define ECS_IMPORT_PARAM_H

#include "import_ctx.h"

/* Ref name of the parameter declared as p: the --parameter value, else its
 * Default (with a note), typed; NULL with *why when neither is known. */
json_t *imp_param_ref(imp *m, const char *name, const json_t *p, char **why);

/* Ref AWS::name from the options; NULL with *why (which option to give, or
 * known once deployed). */
json_t *imp_pseudo_ref(imp *m, const char *name, char **why);

#endif
