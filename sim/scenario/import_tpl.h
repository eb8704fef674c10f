/* import_tpl.h - the CloudFormation template as read, nothing evaluated
 * (import_tpl.c says more). */
#ifndef ECS_IMPORT_TPL_H
#define ECS_IMPORT_TPL_H

#include "import_ctx.h"

/* The resource of logical ID id (NULL: none, or id NULL). */
const json_t *imp_resource(const imp *m, const char *id);

/* A resource's Type ("" when it has none). */
const char *imp_rtype(const json_t *res);

/* A resource's Properties object, or NULL. */
const json_t *imp_props(const json_t *res);

/* The function of an intrinsic node ({"Ref": x} or {"Fn::...": x}) and
 * its argument; NULL for any other node. */
const char *imp_intrinsic(const json_t *node, const json_t **arg);

int imp_is_intrinsic(const json_t *node);

/* A scalar as the text CloudFormation makes of it in a string (owned);
 * NULL for null, a list or an object. */
char *imp_scalar_text(const json_t *v);

/* A number written as a string ("2", CloudFormation's String-typed sizes)
 * as a number; anything else as it is (the loader judges it).  Takes v. */
json_t *imp_as_number(json_t *v);

/* The logical ID of a resource of type that node names: {"Ref": X},
 * {"Fn::GetAtt": [X, ...]} or "${X}" / "${X.Attr}" in a Fn::Sub string,
 * anywhere inside node; NULL if none. */
const char *imp_ref_target(const imp *m, const json_t *node, const char *type);

#endif
