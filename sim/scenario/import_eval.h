/* import_eval.h - intrinsic functions and conditions of a template, evaluated
 * (import_eval.c says more). */
#ifndef ECS_IMPORT_EVAL_H
#define ECS_IMPORT_EVAL_H

#include "import_ctx.h"

/* node with its intrinsic function evaluated (one level: a plain list or
 * object is returned as it is): a new reference, m->novalue for
 * AWS::NoValue, or NULL with *why (owned) when it cannot be known. */
json_t *imp_eval(imp *m, const json_t *node, char **why);

/* The same through and through, entries that are AWS::NoValue left out. */
json_t *imp_eval_deep(imp *m, const json_t *node, char **why);

/* A node evaluated to a string (numbers written out), owned. */
char *imp_eval_text(imp *m, const json_t *node, char **why);

/* A node evaluated to a string, or NULL whatever the reason (for a look-up
 * by name that finds nothing then). */
char *imp_text_or_null(imp *m, const json_t *node);

/* Condition name: 1 true, 0 false, -1 unknown (*why); memoized. */
int imp_cond_eval(imp *m, const char *name, char **why);

/* The scenario's name of the task definition family, service or capacity
 * provider of logical ID id: the name the template gives it, else id (with
 * a note); owned. */
char *imp_td_family(imp *m, const char *id);
char *imp_svc_name(imp *m, const char *id);
char *imp_cp_name(imp *m, const char *id);

#endif
