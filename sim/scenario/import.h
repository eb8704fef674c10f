/* import.h - `ecsim import`: a CloudFormation template (JSON or YAML) with
 * ECS resources turned into a scenario (a JSON tree) for the user to edit.
 * Task definitions, services, capacity providers with their Auto Scaling
 * groups, and Service Auto Scaling's scalable targets and policies map to
 * the scenario's keys; a value the template does not determine (a Ref to
 * a parameter without a default, Fn::ImportValue, an attribute known only
 * once deployed, the registered size of an instance type, ...) becomes a
 * placeholder string "<<FILL IN: why>>", listed with its template path,
 * never a guess.  Builds JSON only; the loader judges the result (and
 * refuses a placeholder left in it, naming its path).
 */
#ifndef ECS_IMPORT_H
#define ECS_IMPORT_H

#include <jansson.h>

#include "import_types.h"
#include "sim/support/err.h"

/* Reads file (YAML, or JSON when it starts with '{') and converts it into
 * r (filled in even when some values are placeholders).  -1 with e set when
 * the file cannot be read or parsed, is not a template, or holds no ECS
 * resource; r is then empty.  Free r with import_result_destroy. */
int import_template(const char *file, const import_opts *o, import_result *r, ecs_err *e);

void import_result_destroy(import_result *r);

#endif
