/* schema.h - the JSON Schema (draft 2020-12) of a scenario file, made from
 * the loader's own key tables, so that a key the loader accepts is in the
 * schema and a key it refuses is refused by the schema too ('ecsim
 * schema', docs/scenario-format.md).  The loader stays the judge: the
 * schema checks keys, types, words and simple bounds, not the rules that
 * tie values together.
 */
#ifndef ECS_SCENARIO_SCHEMA_H
#define ECS_SCENARIO_SCHEMA_H

#include <jansson.h>

#include "sim/support/jread.h"

/* The schema as JSON (a new reference). */
json_t *scenario_schema(void);

/* The schema as the text 'ecsim schema' prints (indented, ending in a
 * newline); free it. */
char *scenario_schema_text(void);

/* What a scenario file is: the root of the loader's key tables (every
 * section's table hangs from it), for tests that walk them. */
const jread_val *scenario_tables(void);

#endif
