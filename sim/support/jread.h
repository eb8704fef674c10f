/* jread.h - fields of a JSON object read with checks, every message naming
 * the field by its "$.a[1].b" path: types, unknown keys (with a "did you
 * mean" hint), integers, numbers, shares, strings, booleans, durations and
 * names from a list, each with its range.  Knows nothing of scenarios.
 */
#ifndef ECS_JREAD_H
#define ECS_JREAD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Size of a path buffer; longer paths are cut (messages only). */
#define JREAD_PATHMAX 256

/* "an object", "an array", "a string", ... for "must be X, not Y". */
const char *jread_type_name(const json_t *j);

/* PATH.KEY and PATH[I] into buf (JREAD_PATHMAX bytes); returns buf. */
const char *jread_kpath(char *buf, const char *path, const char *key);
const char *jread_ipath(char *buf, const char *path, size_t i);

/* Every key of obj must be in known or ignored (NULL-terminated lists,
 * either may be NULL); else "PATH: unknown key ..." with a hint. */
int jread_keys(const json_t *obj, const char *path, const char *const *known,
	       const char *const *ignored, ecs_err *e);

/* j must be an object / an array / an array of at most max entries
 * ("PATH: N WHAT, at most MAX"). */
int jread_object(const json_t *j, const char *path, ecs_err *e);
int jread_array(const json_t *j, const char *path, ecs_err *e);
int jread_array_max(const json_t *j, const char *path, size_t max, const char *what,
		    ecs_err *e);

/* The readers below look up obj[key] (path is obj's path).  An absent key
 * leaves *out as it is (the caller's default) and is an error only when
 * required ("PATH.KEY: required"). */

/* An integer in [min, max]; a number with no fraction counts as one. */
int jread_int(const json_t *obj, const char *key, const char *path, int64_t *out,
	      int64_t min, int64_t max, int required, ecs_err *e);
int jread_int32(const json_t *obj, const char *key, const char *path, int32_t *out,
		int64_t min, int64_t max, int required, ecs_err *e);

/* A finite number >= min. */
int jread_number(const json_t *obj, const char *key, const char *path, double *out,
		 double min, ecs_err *e);

/* A share from 0 to 1. */
int jread_share(const json_t *obj, const char *key, const char *path, double *out,
		ecs_err *e);

/* A string, copied to *out (which is freed first); a required one must not
 * be empty. */
int jread_str(const json_t *obj, const char *key, const char *path, char **out,
	      int required, ecs_err *e);

/* true or false, as 1 or 0. */
int jread_bool(const json_t *obj, const char *key, const char *path, int *out, ecs_err *e);

/* A duration in microseconds (see units.h). */
int jread_duration(const json_t *obj, const char *key, const char *path, int64_t *out,
		   int required, ecs_err *e);

/* The index of s in names (NULL-terminated); else -1 with "PATH: unknown
 * WHAT "S"" and a hint or the list of names. */
int jread_pick(const char *s, const char *const *names, const char *path, const char *what,
	       ecs_err *e);

/* A string that must be one of names: its index in *out. */
int jread_choice(const json_t *obj, const char *key, const char *path,
		 const char *const *names, const char *what, int *out, ecs_err *e);

#endif
