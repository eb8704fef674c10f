/* import_eval.c - CloudFormation's intrinsic functions evaluated where the
 * import needs a value: Ref (of resources: their names), Fn::GetAtt, Fn::Sub,
 * Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::If and the Conditions
 * (memoized); what cannot be known gives the reason why.  Parameters are
 * import_param.c's; placing a value into the scenario is the mappers'.
 */
#include "import_eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_note.h"
#include "import_param.h"
#include "import_tpl.h"

#define MAX_EVAL_DEPTH 64

char *imp_eval_text(imp *m, const json_t *node, char **why)
{
	json_t *v = imp_eval_deep(m, node, why);
	char *s;

	if (!v)
		return NULL;
	s = v == m->novalue ? NULL : imp_scalar_text(v);
	if (!s)
		*why = xstrdup("a value that is not a string");
	json_decref(v);
	return s;
}

/* A resource's name where CloudFormation lets the template give one (key)
 * and makes one up otherwise: the scenario uses the logical ID then. */
static char *resource_name(imp *m, const char *id, const char *key, const char *what)
{
	const json_t *p = imp_props(imp_resource(m, id)), *v = p ? json_object_get(p, key) : NULL;
	char path[PATHMAX], *why = NULL, *s;

	snprintf(path, sizeof(path), "Resources.%s.Properties.%s", id, key);
	if (!v) {
		imp_note(m, path, "absent: CloudFormation would make up the %s's name; the scenario "
			 "calls it %s", what, id);
		return xstrdup(id);
	}
	if ((s = imp_eval_text(m, v, &why)))
		return s;
	imp_note(m, path, "%s cannot be evaluated (%s); the scenario calls the %s %s", key, why, what,
		 id);
	free(why);
	return xstrdup(id);
}

char *imp_td_family(imp *m, const char *id)
{
	return resource_name(m, id, "Family", "task definition family");
}

char *imp_svc_name(imp *m, const char *id)
{
	return resource_name(m, id, "ServiceName", "service");
}

char *imp_cp_name(imp *m, const char *id)
{
	return resource_name(m, id, "Name", "capacity provider");
}

static json_t *resource_ref(imp *m, const char *id, const json_t *res, char **why)
{
	const char *t = imp_rtype(res);
	char *s = NULL;

	if (strcmp(t, "AWS::ECS::TaskDefinition") == 0)
		s = imp_td_family(m, id);
	else if (strcmp(t, "AWS::ECS::CapacityProvider") == 0)
		s = imp_cp_name(m, id);
	else if (strcmp(t, "AWS::AutoScaling::AutoScalingGroup") == 0)
		s = resource_name(m, id, "AutoScalingGroupName", "Auto Scaling group");
	if (!s) {
		*why = imp_fmt("Ref %s (what the %s %s returns is known once deployed)", id, t, id);
		return NULL;
	}
	return imp_string(s);
}

static json_t *eval_ref(imp *m, const json_t *arg, char **why)
{
	const char *name = json_string_value(arg);
	const json_t *p, *res;

	if (!name) {
		*why = xstrdup("Ref of something that is not a name");
		return NULL;
	}
	if (strcmp(name, "AWS::NoValue") == 0)
		return json_incref(m->novalue);
	if (strncmp(name, "AWS::", 5) == 0)
		return imp_pseudo_ref(m, name, why);
	if ((p = json_object_get(m->params, name)) && json_is_object(p))
		return imp_param_ref(m, name, p, why);
	if ((res = imp_resource(m, name)))
		return resource_ref(m, name, res, why);
	*why = imp_fmt("Ref %s (no parameter or resource of that name in the template)", name);
	return NULL;
}

static json_t *getatt(imp *m, const char *id, const char *att, char **why)
{
	const json_t *res = imp_resource(m, id);
	char *s = NULL;

	if (!res) {
		*why = imp_fmt("Fn::GetAtt %s.%s (%s is not a resource of this template)", id, att,
			       id);
		return NULL;
	}
	if (strcmp(imp_rtype(res), "AWS::ECS::Service") == 0 && strcmp(att, "Name") == 0)
		s = imp_svc_name(m, id);
	else if (strcmp(imp_rtype(res), "AWS::ECS::TaskDefinition") == 0 &&
		 strcmp(att, "TaskDefinitionArn") == 0)
		s = imp_td_family(m, id);
	if (!s) {
		*why = imp_fmt("Fn::GetAtt %s.%s (an attribute known once deployed)", id, att);
		return NULL;
	}
	return imp_string(s);
}

static json_t *eval_getatt(imp *m, const json_t *arg, char **why)
{
	json_t *a = imp_eval_deep(m, arg, why), *v = NULL;

	if (!a)
		return NULL;
	if (json_is_array(a) && json_array_size(a) == 2 &&
	    json_is_string(json_array_get(a, 0)) && json_is_string(json_array_get(a, 1)))
		v = getatt(m, json_string_value(json_array_get(a, 0)),
			   json_string_value(json_array_get(a, 1)), why);
	else
		*why = xstrdup("Fn::GetAtt needs [LogicalName, Attribute]");
	json_decref(a);
	return v;
}

/* n bytes at s appended to *out (*len bytes long, kept 0-terminated). */
static void append(char **out, size_t *len, const char *s, size_t n)
{
	*out = xrealloc(*out, *len + n + 1);
	memcpy(*out + *len, s, n);
	*len += n;
	(*out)[*len] = 0;
}

/* Fn::Sub: "${Name}" is a Ref, "${Name.Attr}" a GetAtt, "${!x}" the text
 * "${x}"; [string, {vars}] gives variables of its own. */
static json_t *eval_sub(imp *m, const json_t *arg, char **why)
{
	const json_t *tmpl = arg, *vars = NULL;
	const char *s, *p;
	char *out = xstrdup(""), *inner = NULL;
	size_t len = 0;

	if (json_is_array(arg) && json_array_size(arg) == 2) {
		tmpl = json_array_get(arg, 0);
		vars = json_array_get(arg, 1);
	}
	if (!json_is_string(tmpl)) {
		free(out);
		*why = xstrdup("Fn::Sub needs a string");
		return NULL;
	}
	s = json_string_value(tmpl);
	for (p = s; *p; ) {
		const char *open = strstr(p, "${"), *close;
		char name[256], *piece = NULL;
		if (!open || !(close = strchr(open + 2, '}'))) {
			append(&out, &len, p, strlen(p));
			break;
		}
		append(&out, &len, p, (size_t)(open - p));
		snprintf(name, sizeof(name), "%.*s", (int)(close - open - 2), open + 2);
		if (name[0] == '!') {
			piece = imp_fmt("${%s}", name + 1);
		} else {
			const json_t *var = vars ? json_object_get(vars, name) : NULL;
			char *dot = strchr(name, '.');
			json_t *v;
			if (var) {
				piece = imp_eval_text(m, var, &inner);
			} else if (dot) {
				*dot = 0;
				if ((v = getatt(m, name, dot + 1, &inner))) {
					piece = imp_scalar_text(v);
					json_decref(v);
				}
			} else {
				json_t *ref = json_string(name);
				if ((v = eval_ref(m, ref, &inner))) {
					piece = v == m->novalue ? NULL : imp_scalar_text(v);
					if (!piece)
						inner = imp_fmt("${%s} is not a string", name);
					json_decref(v);
				}
				json_decref(ref);
			}
		}
		if (!piece) {
			*why = imp_fmt("Fn::Sub \"%s\": %s", s, inner ? inner : "?");
			free(inner);
			free(out);
			return NULL;
		}
		append(&out, &len, piece, strlen(piece));
		free(piece);
		p = close + 1;
	}
	return imp_string(out);
}

/* [a, b] of an intrinsic's argument, deep-evaluated. */
static json_t *eval_args(imp *m, const char *fn, const json_t *arg, size_t n, char **why)
{
	json_t *a = imp_eval_deep(m, arg, why);

	if (a && (!json_is_array(a) || json_array_size(a) < n)) {
		json_decref(a);
		*why = imp_fmt("%s needs a list of %zu", fn, n);
		return NULL;
	}
	return a;
}

static json_t *eval_join(imp *m, const json_t *arg, char **why)
{
	json_t *a = eval_args(m, "Fn::Join", arg, 2, why), *list, *x, *v = NULL;
	char *out = NULL;
	const char *delim;
	size_t i;

	if (!a)
		return NULL;
	delim = json_string_value(json_array_get(a, 0));
	list = json_array_get(a, 1);
	if (!delim || !json_is_array(list)) {
		*why = xstrdup("Fn::Join needs [delimiter, [values]]");
		goto out;
	}
	out = xstrdup("");
	json_array_foreach(list, i, x) {
		char *s = imp_scalar_text(x), *t;
		if (!s) {
			*why = xstrdup("Fn::Join of a value that is not a string");
			goto out;
		}
		t = imp_fmt("%s%s%s", out, i ? delim : "", s);
		free(out);
		free(s);
		out = t;
	}
	v = json_string(out);
out:
	free(out);
	json_decref(a);
	return v;
}

static json_t *eval_select(imp *m, const json_t *arg, char **why)
{
	json_t *a = eval_args(m, "Fn::Select", arg, 2, why), *v = NULL;
	char *s, *end;
	long i;

	if (!a)
		return NULL;
	s = imp_scalar_text(json_array_get(a, 0));
	i = s ? strtol(s, &end, 10) : -1;
	if (!s || *end || i < 0 || !json_is_array(json_array_get(a, 1)) ||
	    (size_t)i >= json_array_size(json_array_get(a, 1)))
		*why = xstrdup("Fn::Select of an index outside the list");
	else
		v = json_incref(json_array_get(json_array_get(a, 1), (size_t)i));
	free(s);
	json_decref(a);
	return v;
}

static json_t *eval_split(imp *m, const json_t *arg, char **why)
{
	json_t *a = eval_args(m, "Fn::Split", arg, 2, why), *v;
	const char *d, *s, *p;

	if (!a)
		return NULL;
	d = json_string_value(json_array_get(a, 0));
	s = json_string_value(json_array_get(a, 1));
	if (!d || !*d || !s) {
		json_decref(a);
		*why = xstrdup("Fn::Split needs [delimiter, string]");
		return NULL;
	}
	v = json_array();
	for (p = s;; ) {
		const char *q = strstr(p, d);
		json_array_append_new(v, json_stringn(p, q ? (size_t)(q - p) : strlen(p)));
		if (!q)
			break;
		p = q + strlen(d);
	}
	json_decref(a);
	return v;
}

static json_t *eval_findinmap(imp *m, const json_t *arg, char **why)
{
	json_t *a = eval_args(m, "Fn::FindInMap", arg, 3, why), *v = NULL;
	char *k[3] = { NULL, NULL, NULL };

	if (!a)
		return NULL;
	for (int i = 0; i < 3; i++)
		k[i] = imp_scalar_text(json_array_get(a, (size_t)i));
	if (k[0] && k[1] && k[2])
		v = json_object_get(json_object_get(json_object_get(m->mappings, k[0]), k[1]), k[2]);
	if (v)
		v = json_incref(v);
	else
		*why = imp_fmt("Fn::FindInMap [%s, %s, %s] (not in the template's Mappings)",
			       k[0] ? k[0] : "?", k[1] ? k[1] : "?", k[2] ? k[2] : "?");
	for (int i = 0; i < 3; i++)
		free(k[i]);
	json_decref(a);
	return v;
}

static json_t *eval_if(imp *m, const json_t *arg, char **why)
{
	const char *cond = json_string_value(json_array_get(arg, 0));
	char *inner = NULL;
	int c;

	if (!json_is_array(arg) || json_array_size(arg) != 3 || !cond) {
		*why = xstrdup("Fn::If needs [condition, value if true, value if false]");
		return NULL;
	}
	if ((c = imp_cond_eval(m, cond, &inner)) < 0) {
		*why = imp_fmt("Fn::If %s (the condition cannot be evaluated: %s)", cond, inner);
		free(inner);
		return NULL;
	}
	return imp_eval(m, json_array_get(arg, c ? 1 : 2), why);
}

static json_t *eval_importvalue(imp *m, const json_t *arg, char **why)
{
	char *inner = NULL, *name = imp_eval_text(m, arg, &inner);

	*why = imp_fmt("Fn::ImportValue %s (an export of another stack)", name ? name : "?");
	free(name);
	free(inner);
	return NULL;
}

static json_t *eval_getazs(imp *m, const json_t *arg, char **why)
{
	*why = xstrdup("Fn::GetAZs (the region's Availability Zones, known once deployed)");
	return NULL;
}

/* The intrinsic functions evaluated; any other one (Fn::Base64, Fn::Cidr,
 * ...) gives a placeholder. */
static const struct intrinsic_fn {
	const char *name;
	json_t *(*eval)(imp *m, const json_t *arg, char **why);
} fns[] = {
	{ "Ref", eval_ref },
	{ "Fn::GetAtt", eval_getatt },
	{ "Fn::Sub", eval_sub },
	{ "Fn::Join", eval_join },
	{ "Fn::Select", eval_select },
	{ "Fn::Split", eval_split },
	{ "Fn::FindInMap", eval_findinmap },
	{ "Fn::If", eval_if },
	{ "Fn::ImportValue", eval_importvalue },
	{ "Fn::GetAZs", eval_getazs },
	{ NULL, NULL },
};

json_t *imp_eval(imp *m, const json_t *node, char **why)
{
	const json_t *arg;
	const char *fn = imp_intrinsic(node, &arg);
	const struct intrinsic_fn *f;
	json_t *v;

	if (!fn)
		return json_incref((json_t *)node);
	if (m->depth >= MAX_EVAL_DEPTH) {
		*why = xstrdup("intrinsic functions nested too deep (or a loop)");
		return NULL;
	}
	m->depth++;
	for (f = fns; f->name && strcmp(f->name, fn); f++)
		;
	if (f->name) {
		v = f->eval(m, arg, why);
	} else {
		*why = imp_fmt("%s (not evaluated by ecsim import)", fn);
		v = NULL;
	}
	m->depth--;
	return v;
}

json_t *imp_eval_deep(imp *m, const json_t *node, char **why)
{
	json_t *v = imp_eval(m, node, why), *out, *x, *y;
	const char *k;
	size_t i;

	if (!v || v == m->novalue || (!json_is_array(v) && !json_is_object(v)))
		return v;
	/* one of the two loops runs; an entry that is AWS::NoValue is left out */
	out = json_is_array(v) ? json_array() : json_object();
	json_array_foreach(v, i, x) {
		if (!(y = imp_eval_deep(m, x, why)))
			goto fail;
		if (y != m->novalue)
			json_array_append(out, y);
		json_decref(y);
	}
	json_object_foreach(v, k, x) {
		if (!(y = imp_eval_deep(m, x, why)))
			goto fail;
		if (y != m->novalue)
			json_object_set(out, k, y);
		json_decref(y);
	}
	json_decref(v);
	return out;
fail:
	json_decref(out);
	json_decref(v);
	return NULL;
}

char *imp_text_or_null(imp *m, const json_t *node)
{
	char *why = NULL, *s = imp_eval_text(m, node, &why);

	free(why);
	return s;
}

static int cond_expr(imp *m, const json_t *node, char **why)
{
	const json_t *arg;
	const char *fn = imp_intrinsic(node, &arg), *name;
	int c;

	if (json_is_object(node) && json_object_size(node) == 1 &&
	    (name = json_string_value(json_object_get(node, "Condition"))))
		return imp_cond_eval(m, name, why);
	if (fn && strcmp(fn, "Fn::Equals") == 0) {
		json_t *a = eval_args(m, "Fn::Equals", arg, 2, why);
		char *x, *y;
		if (!a)
			return -1;
		x = imp_scalar_text(json_array_get(a, 0));
		y = imp_scalar_text(json_array_get(a, 1));
		c = x && y ? strcmp(x, y) == 0
			   : json_equal(json_array_get(a, 0), json_array_get(a, 1));
		free(x);
		free(y);
		json_decref(a);
		return c;
	}
	if (fn && strcmp(fn, "Fn::Not") == 0 && json_is_array(arg) && json_array_size(arg) == 1)
		return (c = cond_expr(m, json_array_get(arg, 0), why)) < 0 ? -1 : !c;
	if (fn && (strcmp(fn, "Fn::And") == 0 || strcmp(fn, "Fn::Or") == 0) && json_is_array(arg)) {
		int and = strcmp(fn, "Fn::And") == 0;
		char *first = NULL; /* why the first unknown operand is unknown */
		size_t i;
		json_t *x;
		json_array_foreach(arg, i, x) {
			char *w = NULL;
			c = cond_expr(m, x, &w);
			if (c < 0 && !first) {
				first = w;
			} else if (c < 0) {
				free(w);
			} else if (c != and) {
				free(first);
				return c; /* decides, whatever the unknown ones are */
			}
		}
		if (first) {
			*why = first;
			return -1;
		}
		return and;
	}
	*why = xstrdup("not a condition ecsim import evaluates");
	return -1;
}

int imp_cond_eval(imp *m, const char *name, char **why)
{
	json_t *c = json_object_get(m->conds, name);
	const json_t *def = json_object_get(m->conditions, name);
	int v;

	if (c)
		return json_is_boolean(c) ? json_is_true(c) :
		       (*why = imp_fmt("condition %s refers to itself", name), -1);
	if (!def) {
		*why = imp_fmt("no condition %s in the template", name);
		return -1;
	}
	json_object_set_new(m->conds, name, json_null());
	v = cond_expr(m, def, why);
	if (v < 0)
		json_object_del(m->conds, name);
	else
		json_object_set_new(m->conds, name, json_boolean(v));
	return v;
}
