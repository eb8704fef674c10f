/* import_tpl.c - the template as read, without evaluating it: its resources,
 * their types and properties, intrinsic nodes, the resource an expression
 * names, and scalars as CloudFormation writes them in strings.  Runs no
 * intrinsic function (import_eval.c does).
 */
#include "import_tpl.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_note.h"

const json_t *imp_resource(const imp *m, const char *id)
{
	const json_t *r = id ? json_object_get(m->resources, id) : NULL;
	return json_is_object(r) ? r : NULL;
}

const char *imp_rtype(const json_t *res)
{
	const char *t = json_string_value(json_object_get(res, "Type"));
	return t ? t : "";
}

static int is_type(const imp *m, const char *id, const char *type)
{
	const json_t *r = imp_resource(m, id);
	return r && strcmp(imp_rtype(r), type) == 0;
}

const json_t *imp_props(const json_t *res)
{
	const json_t *p = json_object_get(res, "Properties");
	return json_is_object(p) ? p : NULL;
}

const char *imp_intrinsic(const json_t *node, const json_t **arg)
{
	const char *k;
	json_t *v;

	if (!json_is_object(node) || json_object_size(node) != 1)
		return NULL;
	json_object_foreach((json_t *)node, k, v) {
		if (strcmp(k, "Ref") == 0 || strncmp(k, "Fn::", 4) == 0) {
			*arg = v;
			return k;
		}
	}
	return NULL;
}

int imp_is_intrinsic(const json_t *node)
{
	const json_t *arg;

	return imp_intrinsic(node, &arg) != NULL;
}

char *imp_scalar_text(const json_t *v)
{
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return imp_fmt("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_real(v))
		return imp_fmt("%.17g", json_real_value(v));
	if (json_is_true(v))
		return xstrdup("true");
	if (json_is_false(v))
		return xstrdup("false");
	return NULL;
}

json_t *imp_as_number(json_t *v)
{
	const char *s = json_string_value(v);
	char *end;
	double d;

	if (!s || imp_is_fill(v) || !*s || isspace((unsigned char)*s))
		return v;
	d = strtod(s, &end);
	if (*end)
		return v;
	json_decref(v);
	return d == floor(d) && fabs(d) < 9e15 ? json_integer((json_int_t)d) : json_real(d);
}

const char *imp_ref_target(const imp *m, const json_t *node, const char *type)
{
	const json_t *arg, *x;
	const char *fn = imp_intrinsic(node, &arg), *k, *id;
	size_t i;

	if (fn && strcmp(fn, "Ref") == 0 && json_is_string(arg))
		return is_type(m, json_string_value(arg), type) ? json_string_value(arg) : NULL;
	if (fn && strcmp(fn, "Fn::GetAtt") == 0 && json_is_array(arg) &&
	    json_is_string(json_array_get(arg, 0)))
		return is_type(m, json_string_value(json_array_get(arg, 0)), type)
			       ? json_string_value(json_array_get(arg, 0)) : NULL;
	if (fn && strcmp(fn, "Fn::Sub") == 0) {
		const json_t *t = json_is_array(arg) ? json_array_get(arg, 0) : arg;
		const char *s = json_string_value(t), *p;
		for (p = s; p && (p = strstr(p, "${")); p += 2) {
			char name[256];
			size_t n = strcspn(p + 2, ".}");
			const json_t *r;
			snprintf(name, sizeof(name), "%.*s", (int)n, p + 2);
			if ((r = json_object_get(m->resources, name)) &&
			    strcmp(imp_rtype(r), type) == 0)
				return json_object_iter_key(json_object_iter_at(m->resources, name));
		}
		if (json_is_array(arg) && (id = imp_ref_target(m, json_array_get(arg, 1), type)))
			return id;
		return NULL;
	}
	if (json_is_array(node)) {
		json_array_foreach(node, i, x)
			if ((id = imp_ref_target(m, x, type)))
				return id;
	} else if (json_is_object(node)) {
		json_object_foreach((json_t *)node, k, x)
			if ((id = imp_ref_target(m, x, type)))
				return id;
	}
	return NULL;
}
