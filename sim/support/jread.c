/* jread.c - JSON fields read with checks and "$.path" messages (see
 * jread.h); what the fields mean is the caller's. */
#include "jread.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

const char *jread_type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static int in_list(const char *key, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(key, *list) == 0)
			return 1;
	return 0;
}

int jread_keys(const json_t *obj, const char *path, const char *const *known,
	       const char *const *ignored, ecs_err *e)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		const char *best;
		if (in_list(key, known) || in_list(key, ignored))
			continue;
		if (!(best = err_closest(key, known)))
			best = err_closest(key, ignored);
		if (best)
			return err_set(e, "%s: unknown key \"%s\" (did you mean \"%s\"?)", path,
				       key, best);
		return err_set(e, "%s: unknown key \"%s\"", path, key);
	}
	return 0;
}

int jread_object(const json_t *j, const char *path, ecs_err *e)
{
	if (!json_is_object(j))
		return err_set(e, "%s: must be an object, not %s", path, jread_type_name(j));
	return 0;
}

int jread_array(const json_t *j, const char *path, ecs_err *e)
{
	if (!json_is_array(j))
		return err_set(e, "%s: must be an array, not %s", path, jread_type_name(j));
	return 0;
}

int jread_array_max(const json_t *j, const char *path, size_t max, const char *what,
		    ecs_err *e)
{
	if (jread_array(j, path, e) < 0)
		return -1;
	if (json_array_size(j) > max)
		return err_set(e, "%s: %zu %s, at most %zu", path, json_array_size(j), what, max);
	return 0;
}

const char *jread_kpath(char *buf, const char *path, const char *key)
{
	snprintf(buf, JREAD_PATHMAX, "%s.%s", path, key);
	return buf;
}

const char *jread_ipath(char *buf, const char *path, size_t i)
{
	snprintf(buf, JREAD_PATHMAX, "%s[%zu]", path, i);
	return buf;
}

int jread_int(const json_t *obj, const char *key, const char *path, int64_t *out,
	      int64_t min, int64_t max, int required, ecs_err *e)
{
	json_t *v = json_object_get(obj, key);
	char p[JREAD_PATHMAX];

	jread_kpath(p, path, key);
	if (!v) {
		if (required)
			return err_set(e, "%s: required", p);
		return 0;
	}
	if (json_is_real(v) && json_real_value(v) == floor(json_real_value(v)) &&
	    fabs(json_real_value(v)) < 9e15) {
		*out = (int64_t)json_real_value(v);
	} else if (!json_is_integer(v)) {
		return err_set(e, "%s: must be an integer, not %s", p, jread_type_name(v));
	} else {
		*out = json_integer_value(v);
	}
	if (*out < min)
		return err_set(e, "%s: must be >= %" PRId64, p, min);
	if (*out > max)
		return err_set(e, "%s: must be <= %" PRId64, p, max);
	return 0;
}

int jread_int32(const json_t *obj, const char *key, const char *path, int32_t *out,
		int64_t min, int64_t max, int required, ecs_err *e)
{
	int64_t v = *out;
	if (jread_int(obj, key, path, &v, min, max, required, e) < 0)
		return -1;
	*out = (int32_t)v;
	return 0;
}

int jread_number(const json_t *obj, const char *key, const char *path, double *out,
		 double min, ecs_err *e)
{
	json_t *v = json_object_get(obj, key);
	char p[JREAD_PATHMAX];

	if (!v)
		return 0;
	jread_kpath(p, path, key);
	if (!json_is_number(v))
		return err_set(e, "%s: must be a number, not %s", p, jread_type_name(v));
	*out = json_number_value(v);
	if (!(*out >= min) || !isfinite(*out))
		return err_set(e, "%s: must be >= %g", p, min);
	return 0;
}

int jread_str(const json_t *obj, const char *key, const char *path, char **out,
	      int required, ecs_err *e)
{
	json_t *v = json_object_get(obj, key);
	char p[JREAD_PATHMAX];

	jread_kpath(p, path, key);
	if (!v) {
		if (required)
			return err_set(e, "%s: required", p);
		return 0;
	}
	if (!json_is_string(v))
		return err_set(e, "%s: must be a string, not %s", p, jread_type_name(v));
	if (required && !*json_string_value(v))
		return err_set(e, "%s: must not be empty", p);
	free(*out);
	*out = xstrdup(json_string_value(v));
	return 0;
}

int jread_bool(const json_t *obj, const char *key, const char *path, int *out, ecs_err *e)
{
	json_t *v = json_object_get(obj, key);
	char p[JREAD_PATHMAX];

	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return err_set(e, "%s: must be true or false, not %s", jread_kpath(p, path, key),
			       jread_type_name(v));
	*out = json_is_true(v);
	return 0;
}

int jread_duration(const json_t *obj, const char *key, const char *path, int64_t *out,
		   int required, ecs_err *e)
{
	json_t *v = json_object_get(obj, key);
	char p[JREAD_PATHMAX];

	jread_kpath(p, path, key);
	if (!v)
		return required ? err_set(e, "%s: required", p) : 0;
	return units_duration(v, p, out, e);
}

int jread_share(const json_t *obj, const char *key, const char *path, double *out,
		ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (jread_number(obj, key, path, out, 0, e) < 0)
		return -1;
	if (*out > 1)
		return err_set(e, "%s: must be a share between 0 and 1", jread_kpath(p, path, key));
	return 0;
}

int jread_pick(const char *s, const char *const *names, const char *path, const char *what,
	       ecs_err *e)
{
	char known[256] = "";

	for (int i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	for (int i = 0; names[i]; i++)
		snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
			 i ? ", " : "", names[i]);
	if (err_closest(s, names))
		return err_set(e, "%s: unknown %s \"%s\" (did you mean \"%s\"?)", path, what, s,
			       err_closest(s, names));
	return err_set(e, "%s: unknown %s \"%s\" (known: %s)", path, what, s, known);
}

int jread_choice(const json_t *obj, const char *key, const char *path,
		 const char *const *names, const char *what, int *out, ecs_err *e)
{
	char *s = NULL, p[JREAD_PATHMAX];
	int k;

	if (!json_object_get(obj, key))
		return 0;
	if (jread_str(obj, key, path, &s, 1, e) < 0)
		return -1;
	k = jread_pick(s, names, jread_kpath(p, path, key), what, e);
	free(s);
	if (k < 0)
		return -1;
	*out = k;
	return 0;
}
