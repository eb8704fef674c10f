/* yamlread.h - a YAML file as a jansson tree, as CloudFormation reads its
 * templates: mappings (keys are strings, a duplicate key is an error),
 * sequences and scalars; an untagged plain scalar is an integer, a real,
 * true/false or null when it looks like one, any other scalar a string;
 * aliases are copies of their anchor's node.  A local tag makes its node
 * the one-key object of CloudFormation's long form: !Ref X is {"Ref": X},
 * !Condition X {"Condition": X}, !GetAtt A.B {"Fn::GetAtt": ["A", "B"]},
 * any other !Name V {"Fn::Name": V}.  Only the first document is read.
 * Knows nothing else of CloudFormation (import.c does).
 */
#ifndef ECS_YAMLREAD_H
#define ECS_YAMLREAD_H

#include <jansson.h>

#include "sim/support/err.h"

/* The YAML file's tree (a new reference), or NULL with "FILE:LINE:COL:
 * message" (syntax) or "FILE: message" in e. */
json_t *yamlread_file(const char *file, ecs_err *e);

/* The same from len bytes at buf; name is the file name in messages. */
json_t *yamlread_buffer(const char *name, const char *buf, size_t len, ecs_err *e);

#endif
