/* import_props.c - a resource's properties read for the scenario: a key
 * evaluated (one level or through and through), a placeholder where it
 * cannot be, copied under the scenario's key as a string, number or
 * boolean, a list mapped entry by entry.  Knows no resource type.
 */
#include "import_props.h"

#include <stdio.h>
#include <string.h>

#include "import_eval.h"
#include "import_note.h"
#include "import_tpl.h"

/* v (NULL: absent) evaluated one level or (deep) through and through: a
 * new reference, NULL when absent or AWS::NoValue; a value that cannot be
 * evaluated is a placeholder recorded at vp. */
static json_t *value_at(imp *m, const json_t *v, int deep, const char *vp)
{
	json_t *r;
	char *why = NULL;

	if (!v)
		return NULL;
	if (!(r = deep ? imp_eval_deep(m, v, &why) : imp_eval(m, v, &why)))
		return imp_fill(m, vp, why);
	if (r == m->novalue) {
		json_decref(r);
		return NULL;
	}
	return r;
}

json_t *imp_get(imp *m, const json_t *obj, const char *key, const char *path, char *kp)
{
	snprintf(kp, PATHMAX, "%s.%s", path, key);
	return value_at(m, json_is_object(obj) ? json_object_get(obj, key) : NULL, 0, kp);
}

json_t *imp_get_deep(imp *m, const json_t *obj, const char *key, const char *path, char *kp)
{
	snprintf(kp, PATHMAX, "%s.%s", path, key);
	return value_at(m, json_is_object(obj) ? json_object_get(obj, key) : NULL, 1, kp);
}

/* The i-th entry of list (one level), as imp_get; ip is set to path[i]. */
static json_t *item(imp *m, const json_t *list, size_t i, const char *path, char *ip)
{
	snprintf(ip, PATHMAX, "%s[%zu]", path, i);
	return value_at(m, json_array_get(list, i), 0, ip);
}

/* "true" / "false" strings as booleans.  Takes v. */
static json_t *as_bool(json_t *v)
{
	const char *s = json_string_value(v);

	if (s && strcasecmp(s, "true") == 0) {
		json_decref(v);
		return json_true();
	}
	if (s && strcasecmp(s, "false") == 0) {
		json_decref(v);
		return json_false();
	}
	return v;
}

void imp_copy(imp *m, json_t *out, const char *okey, const json_t *obj, const char *key,
	      const char *path, enum conv c)
{
	char kp[PATHMAX];
	json_t *v = imp_get_deep(m, obj, key, path, kp);

	if (!v)
		return;
	if (c == AS_NUMBER)
		v = imp_as_number(v);
	else if (c == AS_BOOL)
		v = as_bool(v);
	json_object_set_new(out, okey, v);
}

/* obj[key] as a list with each entry (evaluated one level) through conv:
 * every entry, or (!every) each object, other entries kept as they are.
 * An entry that is AWS::NoValue is left out; a key that is not a list is
 * returned as it is. */
static json_t *map_list(imp *m, const json_t *obj, const char *key, const char *path,
			imp_conv_fn *conv, int every)
{
	char kp[PATHMAX], ip[PATHMAX];
	json_t *list = imp_get(m, obj, key, path, kp), *out;

	if (!list || !json_is_array(list))
		return list;
	out = json_array();
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *x = item(m, list, i, kp, ip), *y;
		if (!x)
			continue;
		y = every || json_is_object(x) ? conv(m, x, ip) : json_incref(x);
		json_decref(x);
		json_array_append_new(out, y);
	}
	json_decref(list);
	return out;
}

json_t *imp_conv_list(imp *m, const json_t *obj, const char *key, const char *path,
		      imp_conv_fn *conv)
{
	return map_list(m, obj, key, path, conv, 0);
}

json_t *imp_conv_each(imp *m, const json_t *obj, const char *key, const char *path,
		      imp_conv_fn *conv)
{
	return map_list(m, obj, key, path, conv, 1);
}
