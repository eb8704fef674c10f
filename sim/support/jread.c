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

/* ---- key tables ---------------------------------------------------------- */

int jread_each(const jread_key *keys, int (*fn)(const jread_key *k, void *ctx), void *ctx)
{
	int rc;

	for (const jread_key *k = keys; k && k->name; k++) {
		if (k->include) {
			rc = jread_each(k->include, fn, ctx);
		} else if (k->expand) {
			jread_key x;
			rc = 0;
			for (int i = 0; rc == 0 && k->expand(i, &x); i++)
				rc = fn(&x, ctx);
		} else {
			rc = fn(k, ctx);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* The names of a table's keys, ignored ones or not, in table order. */
struct names {
	const char **list;
	size_t n, cap;
	const char *want;          /* find: this key's row */
	int ignored;               /* collect: the ignored keys (else the others) */
};

static int find_key(const jread_key *k, void *ctx)
{
	return strcmp(k->name, ((struct names *)ctx)->want) == 0;
}

static int collect_key(const jread_key *k, void *ctx)
{
	struct names *n = ctx;

	if (!(k->flags & JREAD_IGNORED) != !n->ignored)
		return 0;
	if (n->n + 1 >= n->cap) {
		n->cap = n->cap ? 2 * n->cap : 32;
		n->list = xrealloc(n->list, n->cap * sizeof(*n->list));
	}
	n->list[n->n++] = k->name;
	n->list[n->n] = NULL;
	return 0;
}

int jread_check_keys(const json_t *obj, const char *path, const jread_key *keys, ecs_err *e)
{
	struct names known = { 0 }, ignored = { .ignored = 1 };
	const char *key, *best;
	json_t *v;
	int rc;

	json_object_foreach((json_t *)obj, key, v) {
		struct names f = { .want = key };
		if (jread_each(keys, find_key, &f))
			continue;
		/* as jread_keys: a known key is the better hint */
		jread_each(keys, collect_key, &known);
		jread_each(keys, collect_key, &ignored);
		if (!(best = err_closest(key, known.list)))
			best = err_closest(key, ignored.list);
		if (best)
			rc = err_set(e, "%s: unknown key \"%s\" (did you mean \"%s\"?)", path, key,
				     best);
		else
			rc = err_set(e, "%s: unknown key \"%s\"", path, key);
		free(known.list);
		free(ignored.list);
		return rc;
	}
	return 0;
}

/* ---- the JSON Schema of a table ------------------------------------------ */

/* A bound as an integer where it is one (so 65535, not 65535.0). */
static json_t *number(double x)
{
	if (x == floor(x) && fabs(x) < 9007199254740992.0)
		return json_integer((json_int_t)x);
	return json_real(x);
}

static void set_types(json_t *s, unsigned type)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ JREAD_BOOL, "boolean" }, { JREAD_INT, "integer" }, { JREAD_NUM, "number" },
		{ JREAD_STR, "string" }, { JREAD_ARR, "array" }, { JREAD_OBJ, "object" },
		{ JREAD_NULL, "null" },
	};
	json_t *t = json_array();

	if ((type & JREAD_ANY) == JREAD_ANY) {
		json_decref(t);
		return;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		/* "number" takes the integers too */
		if ((type & names[i].bit) && !(names[i].bit == JREAD_INT && (type & JREAD_NUM)))
			json_array_append_new(t, json_string(names[i].name));
	if (json_array_size(t) == 1)
		json_object_set(s, "type", json_array_get(t, 0));
	else if (json_array_size(t) > 1)
		json_object_set(s, "type", t);
	json_decref(t);
}

static json_t *words(const char *const *w)
{
	json_t *a = json_array();

	for (; *w; w++)
		json_array_append_new(a, json_string(*w));
	return a;
}

/* The schema of key k's value, with its description. */
static json_t *key_schema(const jread_key *k, json_t *defs)
{
	json_t *s = jread_schema(&k->v, defs);

	if (k->doc)
		json_object_set_new(s, "description", json_string(k->doc));
	else if (k->flags & JREAD_IGNORED)
		json_object_set_new(s, "description", json_string("accepted and not read"));
	return s;
}

struct props {
	json_t *properties, *required, *defs;
	const char *skip;          /* a variant object: its tag, described apart (and
				    * the keys a variant requires are its "then"'s) */
};

static int add_property(const jread_key *k, void *ctx)
{
	struct props *p = ctx;

	if (json_object_get(p->properties, k->name) || (p->skip && !strcmp(k->name, p->skip)))
		return 0;
	json_object_set_new(p->properties, k->name, key_schema(k, p->defs));
	if ((k->flags & JREAD_REQUIRED) && !p->skip)
		json_array_append_new(p->required, json_string(k->name));
	return 0;
}

static int add_name(const jread_key *k, void *ctx)
{
	size_t i;
	json_t *x;

	json_array_foreach((json_t *)ctx, i, x)
		if (strcmp(json_string_value(x), k->name) == 0)
			return 0;
	json_array_append_new(ctx, json_string(k->name));
	return 0;
}

static int add_required(const jread_key *k, void *ctx)
{
	if (k->flags & JREAD_REQUIRED)
		json_array_append_new(ctx, json_string(k->name));
	return 0;
}

/* An object whose keys depend on the string at v->tag: the tag's values,
 * every variant's keys as properties, and for each variant an "if" on the
 * tag with "then" the names (and required keys) of that variant. */
static void variant_object(json_t *s, const jread_val *v, struct props *p)
{
	json_t *tags = json_array(), *all = json_array(), *tag = json_object();

	for (const jread_variant *x = v->variants; x->tag; x++) {
		json_t *names = json_array(), *req = json_array(), *then = json_object();
		json_array_append_new(tags, json_string(x->tag));
		json_array_append_new(names, json_string(v->tag));
		jread_each(x->keys, add_name, names);
		jread_each(x->keys, add_required, req);
		json_object_set_new(then, "propertyNames", json_pack("{s:o}", "enum", names));
		if (json_array_size(req))
			json_object_set_new(then, "required", req);
		else
			json_decref(req);
		json_array_append_new(all, json_pack("{s:{s:{s:{s:s}}, s:[s]}, s:o}", "if",
						     "properties", v->tag, "const", x->tag,
						     "required", v->tag, "then", then));
	}
	json_object_set_new(tag, "enum", tags);
	json_object_set_new(p->properties, v->tag, tag);
	json_array_append_new(p->required, json_string(v->tag));
	p->skip = v->tag;
	for (const jread_variant *x = v->variants; x->tag; x++)
		jread_each(x->keys, add_property, p);
	json_object_set_new(s, "allOf", all);
}

json_t *jread_schema(const jread_val *v, json_t *defs)
{
	json_t *s;

	if (v->like)
		return jread_schema(v->like, defs);
	if (v->def && defs) {
		if (!json_object_get(defs, v->def)) {
			jread_val here = *v;
			here.def = NULL;
			/* set first: its place in $defs is where it was met first */
			json_object_set_new(defs, v->def, json_null());
			json_object_set_new(defs, v->def, jread_schema(&here, defs));
		}
		return json_pack("{s:s+}", "$ref", "#/$defs/", v->def);
	}
	s = json_object();
	if (v->ref)
		json_object_set_new(s, "$ref", json_sprintf("#/$defs/%s", v->ref));
	set_types(s, v->type);
	if (v->flags & JREAD_MIN)
		json_object_set_new(s, v->flags & JREAD_XMIN ? "exclusiveMinimum" : "minimum",
				    number(v->min));
	if (v->flags & JREAD_MAX)
		json_object_set_new(s, v->flags & JREAD_XMAX ? "exclusiveMaximum" : "maximum",
				    number(v->max));
	if ((v->flags & JREAD_NONEMPTY) && (v->type & JREAD_STR))
		json_object_set_new(s, "minLength", json_integer(1));
	if ((v->flags & JREAD_NONEMPTY) && (v->type & JREAD_ARR))
		json_object_set_new(s, "minItems", json_integer(1));
	if (v->flags & JREAD_UNIQUE)
		json_object_set_new(s, "uniqueItems", json_true());
	/* "enum" holds for every type: words go with strings alone */
	if (v->words)
		json_object_set_new(s, "enum", words(v->words));
	if (v->keys || v->variants) {
		struct props p = { json_object(), json_array(), defs, NULL };
		if (v->variants)
			variant_object(s, v, &p);
		jread_each(v->keys, add_property, &p);
		json_object_set_new(s, "properties", p.properties);
		json_object_set_new(s, "additionalProperties",
				    v->other ? jread_schema(v->other, defs) : json_false());
		if (json_array_size(p.required))
			json_object_set_new(s, "required", p.required);
		else
			json_decref(p.required);
	} else if (v->other) {
		json_object_set_new(s, "additionalProperties", jread_schema(v->other, defs));
	}
	if (v->items)
		json_object_set_new(s, "items", jread_schema(v->items, defs));
	if (v->any_of) {
		json_t *a = json_array();
		for (const jread_val *const *x = v->any_of; *x; x++)
			json_array_append_new(a, jread_schema(*x, defs));
		json_object_set_new(s, "anyOf", a);
	}
	return s;
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
