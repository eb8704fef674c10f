/* import.c - a CloudFormation template into a scenario (see import.h): the
 * template's intrinsic functions evaluated where a value is needed, and
 * its ECS resources mapped to the scenario's keys, resource type by
 * resource type.  Owns that mapping and the placeholders; the YAML reading
 * is yamlread.c's, the checks of the result the loader's.
 */
#include "import.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yamlread.h"

#define PATHMAX 512
#define MAX_EVAL_DEPTH 64

typedef struct imp {
	const char *file;
	json_t *tpl;
	json_t *params, *resources, *conditions, *mappings; /* borrowed, may be NULL */
	const import_opts *o;
	import_result *r;
	json_t *novalue;           /* what Ref AWS::NoValue evaluates to */
	json_t *conds;             /* condition name -> true / false / null (evaluating) */
	json_t *noted;             /* notes already given (path + text) */
	int depth;
	/* what the conversion builds */
	json_t *taskdefs, *services, *providers, *instances, *types, *asgs;
	json_t *svc_by_id;         /* ECS::Service logical id -> its scenario object */
	json_t *target_svc;        /* ScalableTarget logical id -> the service's logical id */
	json_t *zones;             /* zone names seen */
	int zones_unknown;         /* some subnet's or group's zone is not in the template: */
	char zones_path[PATHMAX];  /* the first such, */
	char *zones_why;           /* and why */
} imp;

/* ---- messages ------------------------------------------------------- */

static char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *xfmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static void add_msg(import_msg **a, int *n, const char *path, char *text)
{
	*a = xrealloc(*a, (size_t)(*n + 1) * sizeof(**a));
	(*a)[*n].path = xstrdup(path);
	(*a)[(*n)++].text = text;
}

static void note(imp *m, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A note on what was assumed or left out, once per path and text. */
static void note(imp *m, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *text, *key;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	text = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(text, (size_t)n + 1, fmt, ap);
	va_end(ap);
	key = xfmt("%s\n%s", path, text);
	if (json_object_get(m->noted, key)) {
		free(text);
	} else {
		json_object_set_new(m->noted, key, json_true());
		add_msg(&m->r->notes, &m->r->nnotes, path, text);
	}
	free(key);
}

/* A placeholder for a value the template does not determine (why: owned):
 * recorded at path, returned as the string to put where the value goes. */
static json_t *fill(imp *m, const char *path, char *why)
{
	json_t *v;
	char *s;

	if (!why)
		why = xstrdup("a value import cannot evaluate");
	s = xfmt("%s%s>>", IMPORT_FILL, why);
	v = json_string(s);
	free(s);
	if (!v) /* why quotes an argument that is not valid UTF-8 */
		v = json_string(IMPORT_FILL "a value import cannot evaluate>>");
	add_msg(&m->r->fills, &m->r->nfills, path, why);
	return v;
}

static int is_fill(const json_t *v)
{
	return json_is_string(v) && strncmp(json_string_value(v), IMPORT_FILL,
					    strlen(IMPORT_FILL)) == 0;
}

/* A placeholder v that will not be placed (an object wanted only for a
 * note): its line moves from the values to fill in to the notes. */
static void unplaced(imp *m, json_t *v, const char *consequence)
{
	for (int i = m->r->nfills - 1; i >= 0; i--) {
		import_msg *f = &m->r->fills[i];
		if (strncmp(json_string_value(v) + strlen(IMPORT_FILL), f->text, strlen(f->text)))
			continue;
		note(m, f->path, "%s; %s", f->text, consequence);
		free(f->path);
		free(f->text);
		memmove(f, f + 1, (size_t)(m->r->nfills - i - 1) * sizeof(*f));
		m->r->nfills--;
		break;
	}
}

/* ---- the template --------------------------------------------------- */

static const json_t *resource(const imp *m, const char *id)
{
	const json_t *r = id ? json_object_get(m->resources, id) : NULL;
	return json_is_object(r) ? r : NULL;
}

static const char *rtype(const json_t *res)
{
	const char *t = json_string_value(json_object_get(res, "Type"));
	return t ? t : "";
}

static int is_type(const imp *m, const char *id, const char *type)
{
	const json_t *r = resource(m, id);
	return r && strcmp(rtype(r), type) == 0;
}

static const json_t *props(const json_t *res)
{
	const json_t *p = json_object_get(res, "Properties");
	return json_is_object(p) ? p : NULL;
}

/* The function of an intrinsic node ({"Ref": x} or {"Fn::...": x}) and
 * its argument; NULL for any other node. */
static const char *intrinsic(const json_t *node, const json_t **arg)
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

static int is_intrinsic(const json_t *node)
{
	const json_t *arg;

	return intrinsic(node, &arg) != NULL;
}

/* A scalar as the text CloudFormation makes of it in a string. */
static char *scalar_text(const json_t *v)
{
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xfmt("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_real(v))
		return xfmt("%.17g", json_real_value(v));
	if (json_is_true(v))
		return xstrdup("true");
	if (json_is_false(v))
		return xstrdup("false");
	return NULL;
}

/* ---- intrinsic functions -------------------------------------------- */

static json_t *eval(imp *m, const json_t *node, char **why);
static json_t *eval_deep(imp *m, const json_t *node, char **why);
static int cond_eval(imp *m, const char *name, char **why);

/* A node evaluated to a string (numbers written out). */
static char *eval_text(imp *m, const json_t *node, char **why)
{
	json_t *v = eval_deep(m, node, why);
	char *s;

	if (!v)
		return NULL;
	s = v == m->novalue ? NULL : scalar_text(v);
	if (!s)
		*why = xstrdup("a value that is not a string");
	json_decref(v);
	return s;
}

/* A number written as a string ("2", CloudFormation's String-typed sizes)
 * as a number; anything else as it is (the loader judges it).  Takes v. */
static json_t *as_number(json_t *v)
{
	const char *s = json_string_value(v);
	char *end;
	double d;

	if (!s || is_fill(v) || !*s || isspace((unsigned char)*s))
		return v;
	d = strtod(s, &end);
	if (*end)
		return v;
	json_decref(v);
	return d == floor(d) && fabs(d) < 9e15 ? json_integer((json_int_t)d) : json_real(d);
}

/* A parameter's value as its Type makes it: a number, a list (of numbers
 * for List<Number>), a string. */
static json_t *typed(const char *type, const json_t *v)
{
	int list = strcmp(type, "CommaDelimitedList") == 0 || strncmp(type, "List<", 5) == 0;
	char *s, *save = NULL;
	json_t *out;

	if (!json_is_string(v) && !json_is_number(v))
		return json_deep_copy(v);
	s = scalar_text(v);
	if (!list) {
		out = strcmp(type, "Number") == 0 ? as_number(json_string(s)) : json_string(s);
		free(s);
		return out;
	}
	out = json_array();
	for (char *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		json_t *x;
		while (isspace((unsigned char)*t))
			t++;
		for (char *e = t + strlen(t); e > t && isspace((unsigned char)e[-1]); )
			*--e = 0;
		x = json_string(t);
		json_array_append_new(out, strcmp(type, "List<Number>") == 0 ? as_number(x) : x);
	}
	free(s);
	return out;
}

static json_t *param_ref(imp *m, const char *name, const json_t *p, char **why)
{
	const char *type = json_string_value(json_object_get(p, "Type"));
	const json_t *dflt = json_object_get(p, "Default");
	size_t n = strlen(name);

	if (!type)
		type = "String";
	for (int i = m->o ? m->o->nparams - 1 : -1; i >= 0; i--)
		if (strncmp(m->o->params[i], name, n) == 0 && m->o->params[i][n] == '=') {
			json_t *s = json_string(m->o->params[i] + n + 1), *v;
			if (!s) {
				*why = xfmt("--parameter %s: not valid UTF-8", name);
				return NULL;
			}
			v = typed(type, s);
			json_decref(s);
			return v;
		}
	if (strncmp(type, "AWS::SSM::Parameter::Value<", 27) == 0) {
		*why = xfmt("Ref %s (a parameter whose value is in SSM Parameter Store; give "
			    "--parameter %s=VALUE)", name, name);
		return NULL;
	}
	if (!dflt) {
		*why = xfmt("Ref %s (a parameter without a default; give --parameter %s=VALUE)", name,
			    name);
		return NULL;
	}
	{
		char *txt = json_dumps(dflt, JSON_ENCODE_ANY | JSON_COMPACT), p_path[PATHMAX];
		snprintf(p_path, sizeof(p_path), "Parameters.%s", name);
		note(m, p_path, "Ref %s takes the parameter's default, %s", name, txt ? txt : "?");
		free(txt);
	}
	return typed(type, dflt);
}

static json_t *pseudo_ref(imp *m, const char *name, char **why)
{
	const import_opts *o = m->o;
	const char *region = o ? o->region : NULL;

	if (strcmp(name, "AWS::StackName") == 0 && o && o->stack_name)
		return json_string(o->stack_name);
	if (strcmp(name, "AWS::Region") == 0 && region)
		return json_string(region);
	if (strcmp(name, "AWS::AccountId") == 0 && o && o->account)
		return json_string(o->account);
	if (strcmp(name, "AWS::Partition") == 0 && region)
		return json_string(strncmp(region, "cn-", 3) == 0 ? "aws-cn" :
				   strncmp(region, "us-gov-", 7) == 0 ? "aws-us-gov" : "aws");
	if (strcmp(name, "AWS::URLSuffix") == 0 && region)
		return json_string(strncmp(region, "cn-", 3) == 0 ? "amazonaws.com.cn" :
				   "amazonaws.com");
	if (strcmp(name, "AWS::StackName") == 0)
		*why = xstrdup("Ref AWS::StackName (the stack's name; give --stack-name)");
	else if (strcmp(name, "AWS::Region") == 0 || strcmp(name, "AWS::Partition") == 0 ||
		 strcmp(name, "AWS::URLSuffix") == 0)
		*why = xfmt("Ref %s (give --region)", name);
	else if (strcmp(name, "AWS::AccountId") == 0)
		*why = xstrdup("Ref AWS::AccountId (give --account-id)");
	else
		*why = xfmt("Ref %s (known once the stack is deployed)", name);
	return NULL;
}

/* A resource's name where CloudFormation lets the template give one (key)
 * and makes one up otherwise: the scenario uses the logical ID then. */
static char *resource_name(imp *m, const char *id, const char *key, const char *what)
{
	const json_t *p = props(resource(m, id)), *v = p ? json_object_get(p, key) : NULL;
	char path[PATHMAX], *why = NULL, *s;

	snprintf(path, sizeof(path), "Resources.%s.Properties.%s", id, key);
	if (!v) {
		note(m, path, "absent: CloudFormation would make up the %s's name; the scenario "
		     "calls it %s", what, id);
		return xstrdup(id);
	}
	if ((s = eval_text(m, v, &why)))
		return s;
	note(m, path, "%s cannot be evaluated (%s); the scenario calls the %s %s", key, why, what,
	     id);
	free(why);
	return xstrdup(id);
}

static char *td_family(imp *m, const char *id)
{
	return resource_name(m, id, "Family", "task definition family");
}

static char *svc_name(imp *m, const char *id)
{
	return resource_name(m, id, "ServiceName", "service");
}

static char *cp_name(imp *m, const char *id)
{
	return resource_name(m, id, "Name", "capacity provider");
}

static json_t *resource_ref(imp *m, const char *id, const json_t *res, char **why)
{
	const char *t = rtype(res);
	char *s = NULL;
	json_t *v;

	if (strcmp(t, "AWS::ECS::TaskDefinition") == 0)
		s = td_family(m, id);
	else if (strcmp(t, "AWS::ECS::CapacityProvider") == 0)
		s = cp_name(m, id);
	else if (strcmp(t, "AWS::AutoScaling::AutoScalingGroup") == 0)
		s = resource_name(m, id, "AutoScalingGroupName", "Auto Scaling group");
	if (!s) {
		*why = xfmt("Ref %s (what the %s %s returns is known once deployed)", id, t, id);
		return NULL;
	}
	v = json_string(s);
	free(s);
	return v;
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
		return pseudo_ref(m, name, why);
	if ((p = json_object_get(m->params, name)) && json_is_object(p))
		return param_ref(m, name, p, why);
	if ((res = resource(m, name)))
		return resource_ref(m, name, res, why);
	*why = xfmt("Ref %s (no parameter or resource of that name in the template)", name);
	return NULL;
}

static json_t *getatt(imp *m, const char *id, const char *att, char **why)
{
	const json_t *res = resource(m, id);
	char *s = NULL;
	json_t *v;

	if (!res) {
		*why = xfmt("Fn::GetAtt %s.%s (%s is not a resource of this template)", id, att, id);
		return NULL;
	}
	if (strcmp(rtype(res), "AWS::ECS::Service") == 0 && strcmp(att, "Name") == 0)
		s = svc_name(m, id);
	else if (strcmp(rtype(res), "AWS::ECS::TaskDefinition") == 0 &&
		 strcmp(att, "TaskDefinitionArn") == 0)
		s = td_family(m, id);
	if (!s) {
		*why = xfmt("Fn::GetAtt %s.%s (an attribute known once deployed)", id, att);
		return NULL;
	}
	v = json_string(s);
	free(s);
	return v;
}

static json_t *eval_getatt(imp *m, const json_t *arg, char **why)
{
	json_t *a = eval_deep(m, arg, why), *v = NULL;

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
		size_t n;
		if (!open || !(close = strchr(open + 2, '}'))) {
			n = strlen(p);
			out = xrealloc(out, len + n + 1);
			memcpy(out + len, p, n + 1);
			len += n;
			break;
		}
		n = (size_t)(open - p);
		out = xrealloc(out, len + n + 1);
		memcpy(out + len, p, n);
		len += n;
		out[len] = 0;
		snprintf(name, sizeof(name), "%.*s", (int)(close - open - 2), open + 2);
		if (name[0] == '!') {
			piece = xfmt("${%s}", name + 1);
		} else {
			const json_t *var = vars ? json_object_get(vars, name) : NULL;
			char *dot = strchr(name, '.');
			json_t *v;
			if (var) {
				piece = eval_text(m, var, &inner);
			} else if (dot) {
				*dot = 0;
				if ((v = getatt(m, name, dot + 1, &inner))) {
					piece = scalar_text(v);
					json_decref(v);
				}
			} else {
				json_t *ref = json_string(name);
				if ((v = eval_ref(m, ref, &inner))) {
					piece = v == m->novalue ? NULL : scalar_text(v);
					if (!piece)
						inner = xfmt("${%s} is not a string", name);
					json_decref(v);
				}
				json_decref(ref);
			}
		}
		if (!piece) {
			*why = xfmt("Fn::Sub \"%s\": %s", s, inner ? inner : "?");
			free(inner);
			free(out);
			return NULL;
		}
		n = strlen(piece);
		out = xrealloc(out, len + n + 1);
		memcpy(out + len, piece, n + 1);
		len += n;
		free(piece);
		p = close + 1;
	}
	{
		json_t *v = json_string(out);
		free(out);
		return v;
	}
}

/* [a, b] of an intrinsic's argument, deep-evaluated. */
static json_t *eval_args(imp *m, const char *fn, const json_t *arg, size_t n, char **why)
{
	json_t *a = eval_deep(m, arg, why);

	if (a && (!json_is_array(a) || json_array_size(a) < n)) {
		json_decref(a);
		*why = xfmt("%s needs a list of %zu", fn, n);
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
		char *s = scalar_text(x), *t;
		if (!s) {
			*why = xstrdup("Fn::Join of a value that is not a string");
			goto out;
		}
		t = xfmt("%s%s%s", out, i ? delim : "", s);
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
	s = scalar_text(json_array_get(a, 0));
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
		k[i] = scalar_text(json_array_get(a, (size_t)i));
	if (k[0] && k[1] && k[2])
		v = json_object_get(json_object_get(json_object_get(m->mappings, k[0]), k[1]), k[2]);
	if (v)
		v = json_incref(v);
	else
		*why = xfmt("Fn::FindInMap [%s, %s, %s] (not in the template's Mappings)",
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
	if ((c = cond_eval(m, cond, &inner)) < 0) {
		*why = xfmt("Fn::If %s (the condition cannot be evaluated: %s)", cond, inner);
		free(inner);
		return NULL;
	}
	return eval(m, json_array_get(arg, c ? 1 : 2), why);
}

static json_t *eval(imp *m, const json_t *node, char **why)
{
	const json_t *arg;
	const char *fn = intrinsic(node, &arg);
	json_t *v;

	if (!fn)
		return json_incref((json_t *)node);
	if (m->depth >= MAX_EVAL_DEPTH) {
		*why = xstrdup("intrinsic functions nested too deep (or a loop)");
		return NULL;
	}
	m->depth++;
	if (strcmp(fn, "Ref") == 0)
		v = eval_ref(m, arg, why);
	else if (strcmp(fn, "Fn::GetAtt") == 0)
		v = eval_getatt(m, arg, why);
	else if (strcmp(fn, "Fn::Sub") == 0)
		v = eval_sub(m, arg, why);
	else if (strcmp(fn, "Fn::Join") == 0)
		v = eval_join(m, arg, why);
	else if (strcmp(fn, "Fn::Select") == 0)
		v = eval_select(m, arg, why);
	else if (strcmp(fn, "Fn::Split") == 0)
		v = eval_split(m, arg, why);
	else if (strcmp(fn, "Fn::FindInMap") == 0)
		v = eval_findinmap(m, arg, why);
	else if (strcmp(fn, "Fn::If") == 0)
		v = eval_if(m, arg, why);
	else if (strcmp(fn, "Fn::ImportValue") == 0) {
		char *inner = NULL, *name = eval_text(m, arg, &inner);
		*why = xfmt("Fn::ImportValue %s (an export of another stack)", name ? name : "?");
		free(name);
		free(inner);
		v = NULL;
	} else if (strcmp(fn, "Fn::GetAZs") == 0) {
		*why = xstrdup("Fn::GetAZs (the region's Availability Zones, known once deployed)");
		v = NULL;
	} else {
		*why = xfmt("%s (not evaluated by ecsim import)", fn);
		v = NULL;
	}
	m->depth--;
	return v;
}

static json_t *eval_deep(imp *m, const json_t *node, char **why)
{
	json_t *v = eval(m, node, why), *out, *x;
	const char *k;
	size_t i;

	if (!v || v == m->novalue || (!json_is_array(v) && !json_is_object(v)))
		return v;
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x) {
			json_t *y = eval_deep(m, x, why);
			if (!y) {
				json_decref(out);
				json_decref(v);
				return NULL;
			}
			if (y == m->novalue)
				json_decref(y);
			else
				json_array_append_new(out, y);
		}
	} else {
		out = json_object();
		json_object_foreach(v, k, x) {
			json_t *y = eval_deep(m, x, why);
			if (!y) {
				json_decref(out);
				json_decref(v);
				return NULL;
			}
			if (y == m->novalue)
				json_decref(y);
			else
				json_object_set_new(out, k, y);
		}
	}
	json_decref(v);
	return out;
}

/* ---- conditions ----------------------------------------------------- */

static int cond_expr(imp *m, const json_t *node, char **why)
{
	const json_t *arg;
	const char *fn = intrinsic(node, &arg), *name;
	int c;

	if (json_is_object(node) && json_object_size(node) == 1 &&
	    (name = json_string_value(json_object_get(node, "Condition"))))
		return cond_eval(m, name, why);
	if (fn && strcmp(fn, "Fn::Equals") == 0) {
		json_t *a = eval_args(m, "Fn::Equals", arg, 2, why);
		char *x, *y;
		if (!a)
			return -1;
		x = scalar_text(json_array_get(a, 0));
		y = scalar_text(json_array_get(a, 1));
		c = x && y ? strcmp(x, y) == 0 : json_equal(json_array_get(a, 0), json_array_get(a, 1));
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

/* 1 true, 0 false, -1 unknown (*why); memoized. */
static int cond_eval(imp *m, const char *name, char **why)
{
	json_t *c = json_object_get(m->conds, name);
	const json_t *def = json_object_get(m->conditions, name);
	int v;

	if (c)
		return json_is_boolean(c) ? json_is_true(c) :
		       (*why = xfmt("condition %s refers to itself", name), -1);
	if (!def) {
		*why = xfmt("no condition %s in the template", name);
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

/* ---- reading properties --------------------------------------------- */

/* obj[key] evaluated one level (an intrinsic there resolved, a plain
 * object or list returned as it is): a new reference, NULL when absent or
 * AWS::NoValue; a value that cannot be evaluated is a placeholder recorded
 * at kp (path.key). */
static json_t *get(imp *m, const json_t *obj, const char *key, const char *path, char *kp)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL, *r;
	char *why = NULL;

	snprintf(kp, PATHMAX, "%s.%s", path, key);
	if (!v)
		return NULL;
	if (!(r = eval(m, v, &why)))
		return fill(m, kp, why);
	if (r == m->novalue) {
		json_decref(r);
		return NULL;
	}
	return r;
}

/* obj[key] evaluated through and through (a list of names, a whole value). */
static json_t *get_deep(imp *m, const json_t *obj, const char *key, const char *path, char *kp)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL, *r;
	char *why = NULL;

	snprintf(kp, PATHMAX, "%s.%s", path, key);
	if (!v)
		return NULL;
	if (!(r = eval_deep(m, v, &why)))
		return fill(m, kp, why);
	if (r == m->novalue) {
		json_decref(r);
		return NULL;
	}
	return r;
}

/* The i-th entry of list (one level), as get. */
static json_t *item(imp *m, const json_t *list, size_t i, const char *path, char *ip)
{
	json_t *r;
	char *why = NULL;

	snprintf(ip, PATHMAX, "%s[%zu]", path, i);
	if (!(r = eval(m, json_array_get(list, i), &why)))
		return fill(m, ip, why);
	if (r == m->novalue) {
		json_decref(r);
		return NULL;
	}
	return r;
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

enum conv { AS_IS, AS_NUMBER, AS_BOOL };

/* out[okey] = obj[key], converted, when obj has key. */
static void copy(imp *m, json_t *out, const char *okey, const json_t *obj, const char *key,
		 const char *path, enum conv c)
{
	char kp[PATHMAX];
	json_t *v = get_deep(m, obj, key, path, kp);

	if (!v)
		return;
	if (c == AS_NUMBER)
		v = as_number(v);
	else if (c == AS_BOOL)
		v = as_bool(v);
	json_object_set_new(out, okey, v);
}

/* A value as a string for comparisons (NULL for a placeholder or a
 * non-scalar); borrowed from v. */
static const char *str_of(const json_t *v)
{
	return is_fill(v) ? NULL : json_string_value(v);
}

/* The logical ID of a resource of type that node names: {"Ref": X},
 * {"Fn::GetAtt": [X, ...]} or "${X}" / "${X.Attr}" in a Fn::Sub string,
 * anywhere inside node; NULL if none. */
static const char *ref_target(const imp *m, const json_t *node, const char *type)
{
	const json_t *arg, *x;
	const char *fn = intrinsic(node, &arg), *k, *id;
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
			if ((r = json_object_get(m->resources, name)) && strcmp(rtype(r), type) == 0)
				return json_object_iter_key(json_object_iter_at(m->resources, name));
		}
		if (json_is_array(arg) && (id = ref_target(m, json_array_get(arg, 1), type)))
			return id;
		return NULL;
	}
	if (json_is_array(node)) {
		json_array_foreach(node, i, x)
			if ((id = ref_target(m, x, type)))
				return id;
	} else if (json_is_object(node)) {
		json_object_foreach((json_t *)node, k, x)
			if ((id = ref_target(m, x, type)))
				return id;
	}
	return NULL;
}

/* ---- task definitions ----------------------------------------------- */

static json_t *conv_list(imp *m, const json_t *obj, const char *key, const char *path,
			 json_t *(*conv)(imp *m, const json_t *x, const char *p))
{
	char kp[PATHMAX], ip[PATHMAX];
	json_t *list = get(m, obj, key, path, kp), *out;

	if (!list || !json_is_array(list))
		return list;
	out = json_array();
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *x = item(m, list, i, kp, ip), *y;
		if (!x)
			continue;
		y = json_is_object(x) ? conv(m, x, ip) : json_incref(x);
		json_decref(x);
		json_array_append_new(out, y);
	}
	json_decref(list);
	return out;
}

static json_t *conv_constraint(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object();

	copy(m, o, "type", x, "Type", p, AS_IS);
	copy(m, o, "expression", x, "Expression", p, AS_IS);
	return o;
}

static json_t *conv_port(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object();

	copy(m, o, "containerPort", x, "ContainerPort", p, AS_NUMBER);
	copy(m, o, "hostPort", x, "HostPort", p, AS_NUMBER);
	copy(m, o, "protocol", x, "Protocol", p, AS_IS);
	copy(m, o, "containerPortRange", x, "ContainerPortRange", p, AS_IS);
	return o;
}

static json_t *conv_requirement(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object(), *v;

	copy(m, o, "type", x, "Type", p, AS_IS);
	copy(m, o, "value", x, "Value", p, AS_IS);
	/* the API's value is a string ("1"); YAML reads 1 as a number */
	if ((v = json_object_get(o, "value")) && json_is_number(v)) {
		char *s = scalar_text(v);
		json_object_set_new(o, "value", json_string(s));
		free(s);
	}
	return o;
}

static json_t *conv_container(imp *m, const json_t *c, const char *p)
{
	json_t *o = json_object(), *hc, *v;
	char kp[PATHMAX];

	copy(m, o, "name", c, "Name", p, AS_IS);
	if (!json_object_get(o, "name")) {
		snprintf(kp, sizeof(kp), "%s.Name", p);
		json_object_set_new(o, "name", fill(m, kp, xstrdup("the container's name (Name "
								   "is absent)")));
	}
	copy(m, o, "cpu", c, "Cpu", p, AS_NUMBER);
	copy(m, o, "memory", c, "Memory", p, AS_NUMBER);
	copy(m, o, "memoryReservation", c, "MemoryReservation", p, AS_NUMBER);
	if ((v = conv_list(m, c, "PortMappings", p, conv_port)))
		json_object_set_new(o, "portMappings", v);
	if ((v = conv_list(m, c, "ResourceRequirements", p, conv_requirement)))
		json_object_set_new(o, "resourceRequirements", v);
	if ((hc = get(m, c, "HealthCheck", p, kp))) {
		json_t *h = is_fill(hc) ? json_incref(hc) : json_object();
		if (json_is_object(hc)) {
			copy(m, h, "interval", hc, "Interval", kp, AS_NUMBER);
			copy(m, h, "timeout", hc, "Timeout", kp, AS_NUMBER);
			copy(m, h, "retries", hc, "Retries", kp, AS_NUMBER);
			copy(m, h, "startPeriod", hc, "StartPeriod", kp, AS_NUMBER);
		}
		json_object_set_new(o, "healthCheck", h);
		json_decref(hc);
	}
	copy(m, o, "stopTimeout", c, "StopTimeout", p, AS_NUMBER);
	return o;
}

static void conv_taskdef(imp *m, const char *id, const json_t *res)
{
	const json_t *p = props(res);
	char path[PATHMAX], *family = td_family(m, id);
	json_t *td = json_object(), *v;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	json_object_set_new(td, "family", json_string(family));
	free(family);
	copy(m, td, "cpu", p, "Cpu", path, AS_IS);
	copy(m, td, "memory", p, "Memory", path, AS_IS);
	copy(m, td, "networkMode", p, "NetworkMode", path, AS_IS);
	copy(m, td, "requiresCompatibilities", p, "RequiresCompatibilities", path, AS_IS);
	if ((v = conv_list(m, p, "PlacementConstraints", path, conv_constraint)))
		json_object_set_new(td, "placementConstraints", v);
	if ((v = conv_list(m, p, "ContainerDefinitions", path, conv_container)))
		json_object_set_new(td, "containerDefinitions", v);
	json_array_append_new(m->taskdefs, td);
}

/* ---- services ------------------------------------------------------- */

/* A capacity provider a strategy or list names: a CapacityProvider of the
 * template (its scenario name) or a name. */
static json_t *provider_ref(imp *m, const json_t *raw, const char *path)
{
	const char *id = ref_target(m, raw, "AWS::ECS::CapacityProvider");
	char *why = NULL, *s;
	json_t *v;

	if (id && is_intrinsic(raw)) {
		s = cp_name(m, id);
		v = json_string(s);
		free(s);
		return v;
	}
	if ((s = eval_text(m, raw, &why))) {
		v = json_string(s);
		free(s);
		return v;
	}
	return fill(m, path, why);
}

static void add_provider(imp *m, json_t *name)
{
	size_t i;
	json_t *x;

	if (!json_is_string(name))
		return;
	json_array_foreach(m->providers, i, x)
		if (json_equal(x, name))
			return;
	json_array_append(m->providers, name);
}

static json_t *conv_strategy(imp *m, const json_t *obj, const char *key, const char *path)
{
	char kp[PATHMAX], ip[PATHMAX];
	json_t *list = get(m, obj, key, path, kp), *out;

	if (!list || !json_is_array(list))
		return list;
	out = json_array();
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *x = item(m, list, i, kp, ip), *o, *cp;
		char cpp[PATHMAX];
		if (!x)
			continue;
		o = json_object();
		if (json_is_object(x) && json_object_get(x, "CapacityProvider")) {
			snprintf(cpp, sizeof(cpp), "%s.CapacityProvider", ip);
			cp = provider_ref(m, json_object_get(x, "CapacityProvider"), cpp);
			add_provider(m, cp);
			json_object_set_new(o, "capacityProvider", cp);
		}
		copy(m, o, "base", x, "Base", ip, AS_NUMBER);
		copy(m, o, "weight", x, "Weight", ip, AS_NUMBER);
		json_decref(x);
		json_array_append_new(out, o);
	}
	json_decref(list);
	return out;
}

static json_t *conv_placement(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object();

	copy(m, o, "type", x, "Type", p, AS_IS);
	copy(m, o, "field", x, "Field", p, AS_IS);
	return o;
}

static json_t *conv_lb(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object(), *v;
	char kp[PATHMAX], *why = NULL;
	static const char *const keys[][2] = { { "ContainerName", "containerName" },
					       { "ContainerPort", "containerPort" } };

	/* the entries are not read: only what evaluates is kept, and nothing
	 * is asked for */
	for (int k = 0; k < 2; k++) {
		const json_t *raw = json_object_get(x, keys[k][0]);
		snprintf(kp, sizeof(kp), "%s.%s", p, keys[k][0]);
		if (raw && (v = eval_deep(m, raw, &why)))
			json_object_set_new(o, keys[k][1], k ? as_number(v) : v);
		free(why);
		why = NULL;
	}
	return o;
}

/* A zone of the cluster, or (name NULL) a place whose zone the template
 * does not say: the first is kept for the placeholder. */
static void add_zone(imp *m, const char *name, const char *path, const char *why)
{
	size_t k;
	json_t *y;

	if (!name) {
		if (!m->zones_unknown) {
			m->zones_unknown = 1;
			snprintf(m->zones_path, sizeof(m->zones_path), "%s", path);
			m->zones_why = xstrdup(why);
		}
		return;
	}
	json_array_foreach(m->zones, k, y)
		if (strcmp(json_string_value(y), name) == 0)
			return;
	json_array_append_new(m->zones, json_string(name));
}

/* Zones of the subnets a list (raw, at path) names: AWS::EC2::Subnet
 * resources of the template give theirs; any other subnet's is unknown. */
static void subnet_zones(imp *m, const json_t *raw, const char *path)
{
	char ip[PATHMAX], zp[PATHMAX];
	size_t i;
	json_t *x;

	if (!json_is_array(raw)) {
		add_zone(m, NULL, path, "subnets the template does not define");
		return;
	}
	json_array_foreach(raw, i, x) {
		const char *id = ref_target(m, x, "AWS::EC2::Subnet");
		const json_t *az = id ? json_object_get(props(resource(m, id)), "AvailabilityZone")
				      : NULL;
		char *why = NULL, *zone = az ? eval_text(m, az, &why) : NULL;
		snprintf(ip, sizeof(ip), "%s[%zu]", path, i);
		snprintf(zp, sizeof(zp), "Resources.%s.Properties.AvailabilityZone", id ? id : "");
		if (zone)
			add_zone(m, zone, ip, NULL);
		else if (!id)
			add_zone(m, NULL, ip, "a subnet the template does not define");
		else if (!az)
			add_zone(m, NULL, zp, "the subnet gives no AvailabilityZone");
		else
			add_zone(m, NULL, zp, why);
		free(zone);
		free(why);
	}
}

/* Zones of a group's AvailabilityZones (raw, at path). */
static void group_zones(imp *m, const json_t *raw, const char *path)
{
	char *why = NULL;
	json_t *z = eval_deep(m, raw, &why), *x;
	size_t i;

	if (!json_is_array(z))
		add_zone(m, NULL, path, why ? why : "not a list of zones");
	json_array_foreach(z, i, x)
		add_zone(m, json_string_value(x), path, "not a zone name");
	json_decref(z);
	free(why);
}

static void conv_service(imp *m, const char *id, const json_t *res)
{
	const json_t *p = props(res), *raw;
	char path[PATHMAX], kp[PATHMAX], *name = svc_name(m, id);
	json_t *s = json_object(), *v, *ss;
	const char *td;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	json_object_set_new(s, "serviceName", json_string(name));
	free(name);
	raw = json_object_get(p, "TaskDefinition");
	if ((td = ref_target(m, raw, "AWS::ECS::TaskDefinition")) &&
	    is_intrinsic(raw)) {
		char *fam = td_family(m, td);
		json_object_set_new(s, "taskDefinition", json_string(fam));
		free(fam);
	} else if ((v = get_deep(m, p, "TaskDefinition", path, kp))) {
		if (str_of(v))
			note(m, kp, "the task definition \"%s\" is not in the template: add it to "
			     "taskDefinitions (aws ecs describe-task-definition prints it)", str_of(v));
		json_object_set_new(s, "taskDefinition", v);
	} else {
		json_object_set_new(s, "taskDefinition",
				    fill(m, kp, xstrdup("the service's task definition (TaskDefinition "
							"is absent)")));
	}
	ss = get_deep(m, p, "SchedulingStrategy", path, kp);
	if ((v = get_deep(m, p, "DesiredCount", path, kp))) {
		json_object_set_new(s, "desiredCount", as_number(v));
	} else if (!(str_of(ss) && strcmp(str_of(ss), "DAEMON") == 0)) {
		note(m, kp, "absent: a new service starts with 1 (CloudFormation's default)");
		json_object_set_new(s, "desiredCount", json_integer(1));
	}
	copy(m, s, "launchType", p, "LaunchType", path, AS_IS);
	if ((v = conv_strategy(m, p, "CapacityProviderStrategy", path)))
		json_object_set_new(s, "capacityProviderStrategy", v);
	if (ss)
		json_object_set_new(s, "schedulingStrategy", ss);
	if ((v = conv_list(m, p, "PlacementStrategies", path, conv_placement)))
		json_object_set_new(s, "placementStrategy", v);
	if ((v = conv_list(m, p, "PlacementConstraints", path, conv_constraint)))
		json_object_set_new(s, "placementConstraints", v);
	if ((v = get(m, p, "DeploymentConfiguration", path, kp)) && is_fill(v)) {
		json_object_set(s, "deploymentConfiguration", v);
	} else if (v && json_is_object(v)) {
		json_t *dc = json_object(), *cb, *st;
		char cp[PATHMAX];
		copy(m, dc, "minimumHealthyPercent", v, "MinimumHealthyPercent", kp, AS_NUMBER);
		copy(m, dc, "maximumPercent", v, "MaximumPercent", kp, AS_NUMBER);
		if ((cb = get(m, v, "DeploymentCircuitBreaker", kp, cp)) && is_fill(cb)) {
			json_object_set(dc, "deploymentCircuitBreaker", cb);
		} else if (cb && json_is_object(cb)) {
			json_t *o = json_object();
			copy(m, o, "enable", cb, "Enable", cp, AS_BOOL);
			copy(m, o, "rollback", cb, "Rollback", cp, AS_BOOL);
			json_object_set_new(dc, "deploymentCircuitBreaker", o);
		}
		json_decref(cb);
		if ((st = get_deep(m, v, "Strategy", kp, cp)) && str_of(st) &&
		    strcmp(str_of(st), "ROLLING") != 0)
			note(m, cp, "%s deployments: ecsim simulates rolling ones", str_of(st));
		json_decref(st);
		json_object_set_new(s, "deploymentConfiguration", dc);
	}
	json_decref(v);
	if ((v = get(m, p, "DeploymentController", path, kp)) && is_fill(v)) {
		unplaced(m, v, "ecsim simulates ECS's rolling deployments");
	} else if (v && json_is_object(v)) {
		char tp[PATHMAX];
		json_t *t = get_deep(m, v, "Type", kp, tp);
		if (is_fill(t))
			unplaced(m, t, "ecsim simulates ECS's rolling deployments");
		else if (str_of(t) && strcmp(str_of(t), "ECS") != 0)
			note(m, tp, "deployment controller %s: ecsim simulates ECS's rolling "
			     "deployments", str_of(t));
		json_decref(t);
	}
	json_decref(v);
	if ((v = conv_list(m, p, "LoadBalancers", path, conv_lb)))
		json_object_set_new(s, "loadBalancers", v);
	copy(m, s, "healthCheckGracePeriodSeconds", p, "HealthCheckGracePeriodSeconds", path,
	     AS_NUMBER);
	/* the zones of its awsvpc subnets */
	if ((raw = json_object_get(p, "NetworkConfiguration")) &&
	    (raw = json_object_get(raw, "AwsvpcConfiguration")) &&
	    (raw = json_object_get(raw, "Subnets"))) {
		snprintf(kp, sizeof(kp), "%s.NetworkConfiguration.AwsvpcConfiguration.Subnets", path);
		subnet_zones(m, raw, kp);
	}
	json_object_set(m->svc_by_id, id, s);
	json_array_append_new(m->services, s);
}

/* ---- capacity providers and Auto Scaling groups --------------------- */

/* The launch template a specification ({LaunchTemplateId|LaunchTemplateName,
 * Version}) names, or NULL. */
static const char *launch_template(imp *m, const json_t *spec)
{
	const char *id = ref_target(m, json_object_get(spec, "LaunchTemplateId"),
				    "AWS::EC2::LaunchTemplate");
	const json_t *name = json_object_get(spec, "LaunchTemplateName"), *r;
	const char *k;
	char *why = NULL, *s;

	if (id)
		return id;
	if (!name)
		return NULL;
	if ((id = ref_target(m, name, "AWS::EC2::LaunchTemplate")))
		return id;
	if (!(s = eval_text(m, name, &why))) {
		free(why);
		return NULL;
	}
	json_object_foreach(m->resources, k, r) {
		char *n = NULL, *w = NULL;
		const json_t *raw = json_object_get(props(r), "LaunchTemplateName");
		if (strcmp(rtype(r), "AWS::EC2::LaunchTemplate") || !raw)
			continue;
		n = eval_text(m, raw, &w);
		free(w);
		if (n && strcmp(n, s) == 0) {
			free(n);
			free(s);
			return k;
		}
		free(n);
	}
	free(s);
	return NULL;
}

/* The instance type of a launch template's data (tpath where it is), and
 * into *purchase "spot" when its market type says so. */
static json_t *lt_type(imp *m, const char *lt, const char *group, const char *gpath,
		       json_t **purchase, char *tpath)
{
	const json_t *data = json_object_get(props(resource(m, lt)), "LaunchTemplateData");
	char path[PATHMAX], kp[PATHMAX], mp[PATHMAX];
	json_t *t, *mo;

	snprintf(path, sizeof(path), "Resources.%s.Properties.LaunchTemplateData", lt);
	snprintf(tpath, PATHMAX, "%s.InstanceType", path);
	if ((mo = get(m, data, "InstanceMarketOptions", path, kp))) {
		json_t *mt = is_fill(mo) ? json_incref(mo) : get_deep(m, mo, "MarketType", kp, mp);
		if (is_fill(mt))
			*purchase = json_incref(mt);
		else if (str_of(mt) && strcasecmp(str_of(mt), "spot") == 0)
			*purchase = json_string("spot");
		json_decref(mt);
		json_decref(mo);
	}
	if (json_object_get(data, "InstanceRequirements") &&
	    !json_object_get(data, "InstanceType"))
		return fill(m, gpath, xfmt("one instance type for Auto Scaling group %s (its "
					   "launch template %s selects types by attributes)",
					   group, lt));
	if ((t = get_deep(m, data, "InstanceType", path, kp)))
		return t;
	return fill(m, gpath, xfmt("the instance type of Auto Scaling group %s (launch template "
				   "%s gives none)", group, lt));
}

/* The one instance type a mixed instances policy's Overrides (at op) name,
 * or a placeholder when they name several; NULL when none. */
static json_t *override_type(imp *m, const json_t *ov, const char *op, const char *asg)
{
	json_t *types = json_array(), *x, *t = NULL;
	char *list = xstrdup(""), *l;
	size_t i, k;

	json_array_foreach(ov, i, x) {
		json_t *it = json_object_get(x, "InstanceType"), *y;
		int seen = 0;
		if (!json_is_string(it))
			continue;
		json_array_foreach(types, k, y)
			seen |= json_equal(y, it);
		if (!seen)
			json_array_append(types, it);
	}
	json_array_foreach(types, i, x) {
		l = xfmt("%s%s%s", list, i ? ", " : "", json_string_value(x));
		free(list);
		list = l;
	}
	if (json_array_size(types) == 1)
		t = json_incref(json_array_get(types, 0));
	else if (json_array_size(types) > 1)
		t = fill(m, op, xfmt("one instance type for Auto Scaling group %s (its mixed "
				     "instances policy lists %s; ecsim gives a group one type)", asg,
				     list));
	free(list);
	json_decref(types);
	return t;
}

/* A mixed instances policy's purchase option: on-demand above a base
 * (CloudFormation's defaults: base 0, 100 % on-demand). */
static json_t *distribution(imp *m, const json_t *dist, const char *dp, const char *asg)
{
	char bp[PATHMAX], pp[PATHMAX];
	json_t *base = get_deep(m, dist, "OnDemandBaseCapacity", dp, bp), *v = NULL;
	json_t *pct = get_deep(m, dist, "OnDemandPercentageAboveBaseCapacity", dp, pp);

	base = base ? as_number(base) : json_integer(0);
	pct = pct ? as_number(pct) : json_integer(100);
	if (is_fill(pct) || is_fill(base))
		v = json_incref(is_fill(pct) ? pct : base);
	else if (json_is_integer(pct) && json_integer_value(pct) == 0 && json_is_integer(base) &&
		 json_integer_value(base) == 0)
		v = json_string("spot");
	else if (!(json_is_integer(pct) && json_integer_value(pct) == 100))
		v = fill(m, dp, xfmt("on-demand or spot for Auto Scaling group %s (it mixes "
				     "both; ecsim gives a group one purchase option)", asg));
	json_decref(base);
	json_decref(pct);
	return v;
}

/* The instance type of group (logical ID asg) as a string or placeholder,
 * and tpath where it comes from; *purchase the purchase option ("spot"),
 * or a placeholder, or NULL (on-demand). */
static json_t *asg_type(imp *m, const char *asg, json_t **purchase, char *tpath)
{
	const json_t *p = props(resource(m, asg)), *spec;
	char path[PATHMAX], gpath[PATHMAX], kp[PATHMAX];
	const char *lt;
	json_t *t = NULL;

	*purchase = NULL;
	snprintf(path, sizeof(path), "Resources.%s.Properties", asg);
	snprintf(gpath, sizeof(gpath), "%s.LaunchTemplate", path);
	if (json_object_get(p, "MixedInstancesPolicy")) {
		json_t *mp = get(m, p, "MixedInstancesPolicy", path, kp), *ltc = NULL, *ov = NULL,
		       *dist = NULL, *lt_purchase = NULL;
		char lp[PATHMAX], op[PATHMAX], dp[PATHMAX];
		snprintf(gpath, sizeof(gpath), "%s", kp);
		if (is_fill(mp))
			t = json_incref(mp);
		else if ((ltc = get(m, mp, "LaunchTemplate", kp, lp)) && is_fill(ltc))
			t = json_incref(ltc);
		else if ((ov = get_deep(m, ltc, "Overrides", lp, op)) && is_fill(ov))
			t = json_incref(ov);
		if (!t && json_is_array(ov) && (t = override_type(m, ov, op, asg)))
			snprintf(tpath, PATHMAX, "%s", op);
		if (!t && ltc && (spec = json_object_get(ltc, "LaunchTemplateSpecification")) &&
		    (lt = launch_template(m, spec)))
			t = lt_type(m, lt, asg, lp, &lt_purchase, tpath);
		if (t && !tpath[0])
			snprintf(tpath, PATHMAX, "%s", kp);
		json_decref(lt_purchase); /* a mixed policy's distribution decides */
		if (json_is_object(mp) && (dist = get(m, mp, "InstancesDistribution", kp, dp)))
			*purchase = is_fill(dist) ? json_incref(dist) : distribution(m, dist, dp, asg);
		json_decref(dist);
		json_decref(ov);
		json_decref(ltc);
		json_decref(mp);
	} else if ((spec = json_object_get(p, "LaunchTemplate"))) {
		if ((lt = launch_template(m, spec)))
			t = lt_type(m, lt, asg, gpath, purchase, tpath);
	} else if (json_object_get(p, "LaunchConfigurationName")) {
		const char *lc = ref_target(m, json_object_get(p, "LaunchConfigurationName"),
					    "AWS::AutoScaling::LaunchConfiguration");
		char lpath[PATHMAX];
		snprintf(gpath, sizeof(gpath), "%s.LaunchConfigurationName", path);
		if (lc) {
			snprintf(lpath, sizeof(lpath), "Resources.%s.Properties", lc);
			t = get_deep(m, props(resource(m, lc)), "InstanceType", lpath, tpath);
			if (json_object_get(props(resource(m, lc)), "SpotPrice"))
				*purchase = json_string("spot");
		}
	}
	if (!t) {
		snprintf(tpath, PATHMAX, "%s", gpath);
		t = fill(m, gpath, xfmt("the instance type of Auto Scaling group %s (its launch "
					"template is not in the template)", asg));
	}
	return t;
}

static void add_type(imp *m, const json_t *type, const char *path)
{
	size_t i;
	json_t *x, *o;
	const char *name = json_string_value(type);

	if (!name)
		return;
	json_array_foreach(m->types, i, x)
		if (json_equal(json_object_get(x, "name"), type))
			return;
	o = json_object();
	json_object_set(o, "name", (json_t *)type);
	if (is_fill(type)) {
		json_object_set_new(o, "cpu", json_string(IMPORT_FILL "the CPU units that type "
							  "registers with ECS>>"));
		json_object_set_new(o, "memory", json_string(IMPORT_FILL "the MiB of memory that "
							     "type registers with ECS>>"));
	} else {
		json_object_set_new(o, "cpu", fill(m, path, xfmt("the CPU units one %s registers "
								  "with ECS (1024 per vCPU)", name)));
		json_object_set_new(o, "memory", fill(m, path, xfmt("the MiB of memory one %s "
								     "registers with ECS (less than "
								     "it has installed)", name)));
	}
	json_array_append_new(m->types, o);
}

/* An instances entry for group asg (its capacity provider's scenario name,
 * or NULL); into *min, *max the group's bounds. */
static void group_instances(imp *m, const char *asg, const json_t *cp, json_t **min,
			    json_t **max)
{
	const json_t *p = props(resource(m, asg)), *raw;
	char path[PATHMAX], kp[PATHMAX], tpath[PATHMAX] = "";
	json_t *in = json_object(), *purchase, *type = asg_type(m, asg, &purchase, tpath), *count;

	add_type(m, type, tpath);
	snprintf(path, sizeof(path), "Resources.%s.Properties", asg);
	json_object_set_new(in, "instanceType", type);
	*min = get_deep(m, p, "MinSize", path, kp);
	*min = *min ? as_number(*min) : fill(m, kp, xfmt("the MinSize of Auto Scaling group %s",
							 asg));
	*max = get_deep(m, p, "MaxSize", path, kp);
	*max = *max ? as_number(*max) : fill(m, kp, xfmt("the MaxSize of Auto Scaling group %s",
							 asg));
	if ((count = get_deep(m, p, "DesiredCapacity", path, kp))) {
		count = as_number(count);
	} else {
		note(m, kp, "absent: the group starts at its MinSize");
		count = json_incref(*min);
	}
	json_object_set_new(in, "count", count);
	if (cp)
		json_object_set(in, "capacityProvider", (json_t *)cp);
	if (purchase)
		json_object_set_new(in, "purchaseOption", purchase);
	json_array_append_new(m->instances, in);
	snprintf(kp, sizeof(kp), "%s.AvailabilityZones", path);
	if ((raw = json_object_get(p, "AvailabilityZones")))
		group_zones(m, raw, kp);
	snprintf(kp, sizeof(kp), "%s.VPCZoneIdentifier", path);
	if ((raw = json_object_get(p, "VPCZoneIdentifier")))
		subnet_zones(m, raw, kp);
}

/* The Auto Scaling group of the template that a provider's
 * AutoScalingGroupArn names (a Ref, or its name or ARN), or NULL. */
static const char *provider_group(imp *m, const json_t *raw)
{
	const char *id = ref_target(m, raw, "AWS::AutoScaling::AutoScalingGroup"), *k;
	char *why = NULL, *s;
	const json_t *r;

	if (id || !raw)
		return id;
	if (!(s = eval_text(m, raw, &why))) {
		free(why);
		return NULL;
	}
	json_object_foreach(m->resources, k, r) {
		const json_t *n = json_object_get(props(r), "AutoScalingGroupName");
		const char *name = json_string_value(n), *tail = strstr(s, "autoScalingGroupName/");
		if (strcmp(rtype(r), "AWS::AutoScaling::AutoScalingGroup") || !name)
			continue;
		if (strcmp(name, s) == 0 || (tail && strcmp(tail + 21, name) == 0)) {
			free(s);
			return k;
		}
	}
	free(s);
	return NULL;
}

static void conv_provider(imp *m, const char *id, const json_t *res, json_t *used_groups)
{
	const json_t *p = props(res);
	char path[PATHMAX], ap[PATHMAX], kp[PATHMAX], *name = cp_name(m, id);
	json_t *cp = json_string(name), *asgp, *ms, *status = NULL, *min, *max;
	const char *group;

	free(name);
	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	add_provider(m, cp);
	if (json_object_get(p, "ManagedInstancesProvider"))
		note(m, path, "an ECS Managed Instances provider: not modelled (the scenario "
		     "refuses it); give its capacity as an Auto Scaling group provider");
	if (!(asgp = get(m, p, "AutoScalingGroupProvider", path, ap)) ||
	    (!json_is_object(asgp) && !is_fill(asgp))) {
		json_decref(asgp);
		json_decref(cp);
		return;
	}
	group = provider_group(m, json_object_get(asgp, "AutoScalingGroupArn"));
	if (group) {
		json_object_set_new(used_groups, group, json_true());
		group_instances(m, group, cp, &min, &max);
	} else {
		json_t *in = json_object(), *t;
		char gp[PATHMAX];
		snprintf(gp, sizeof(gp), "%s%s", ap, is_fill(asgp) ? "" : ".AutoScalingGroupArn");
		t = is_fill(asgp) ? json_incref(asgp) :
		    fill(m, gp, xfmt("the instance type of capacity provider %s's Auto Scaling "
				     "group (the group is not in the template)", json_string_value(cp)));
		add_type(m, t, gp);
		json_object_set_new(in, "instanceType", t);
		json_object_set_new(in, "count", fill(m, gp, xfmt("the size of capacity provider "
								  "%s's Auto Scaling group",
								  json_string_value(cp))));
		json_object_set(in, "capacityProvider", cp);
		json_array_append_new(m->instances, in);
		min = fill(m, gp, xfmt("the MinSize of capacity provider %s's Auto Scaling group",
				       json_string_value(cp)));
		max = fill(m, gp, xfmt("the MaxSize of capacity provider %s's Auto Scaling group",
				       json_string_value(cp)));
	}
	if ((ms = get(m, asgp, "ManagedScaling", ap, kp)) && is_fill(ms)) {
		status = json_incref(ms);
	} else if (ms && json_is_object(ms)) {
		char sp[PATHMAX];
		status = get_deep(m, ms, "Status", kp, sp);
		if (!status)
			status = fill(m, sp, xstrdup("ENABLED or DISABLED (ManagedScaling has no Status; "
						     "ECS documents no default)"));
	}
	if (status && !(str_of(status) && strcmp(str_of(status), "DISABLED") == 0)) {
		json_t *g = json_object(), *o = json_object(), *mtp;
		json_object_set(g, "capacityProvider", cp);
		json_object_set(g, "minSize", min);
		json_object_set(g, "maxSize", max);
		json_object_set_new(o, "status", json_incref(status));
		copy(m, o, "targetCapacity", ms, "TargetCapacity", kp, AS_NUMBER);
		copy(m, o, "minimumScalingStepSize", ms, "MinimumScalingStepSize", kp, AS_NUMBER);
		copy(m, o, "maximumScalingStepSize", ms, "MaximumScalingStepSize", kp, AS_NUMBER);
		copy(m, o, "instanceWarmupPeriod", ms, "InstanceWarmupPeriod", kp, AS_NUMBER);
		json_object_set_new(g, "managedScaling", o);
		if (!(mtp = get_deep(m, asgp, "ManagedTerminationProtection", ap, kp))) {
			note(m, kp, "absent: ECS's default is DISABLED (scale-in may pick busy "
			     "instances, drained first with managed draining): say ENABLED if the "
			     "group protects its instances from scale-in");
			mtp = json_string("DISABLED");
		}
		json_object_set_new(g, "managedTerminationProtection", mtp);
		if ((mtp = get_deep(m, asgp, "ManagedDraining", ap, kp)))
			json_object_set_new(g, "managedDraining", mtp);
		json_array_append_new(m->asgs, g);
	}
	json_decref(status);
	json_decref(ms);
	json_decref(min);
	json_decref(max);
	json_decref(asgp);
	json_decref(cp);
}

/* A cluster's or association's provider list and default strategy. */
static void conv_cluster_providers(imp *m, const char *id, const json_t *res, json_t **dflt)
{
	const json_t *p = props(res), *list = json_object_get(p, "CapacityProviders");
	char path[PATHMAX], kp[PATHMAX], ip[PATHMAX];
	json_t *v;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	snprintf(kp, sizeof(kp), "%s.CapacityProviders", path);
	if (json_is_array(list))
		for (size_t i = 0; i < json_array_size(list); i++) {
			snprintf(ip, sizeof(ip), "%s[%zu]", kp, i);
			v = provider_ref(m, json_array_get(list, i), ip);
			add_provider(m, v);
			json_decref(v);
		}
	if (!*dflt && (v = conv_strategy(m, p, "DefaultCapacityProviderStrategy", path)))
		*dflt = v;
}

/* ---- Service Auto Scaling ------------------------------------------- */

/* The service (logical ID) a ResourceId names: "service/CLUSTER/NAME", as
 * an expression over the template's service or as a string. */
static const char *target_service(imp *m, const json_t *rid)
{
	const char *id = ref_target(m, rid, "AWS::ECS::Service"), *k;
	char *why = NULL, *s, *slash;
	json_t *x;

	if (id || !rid)
		return id;
	if (!(s = eval_text(m, rid, &why))) {
		free(why);
		return NULL;
	}
	slash = strrchr(s, '/');
	json_object_foreach(m->svc_by_id, k, x)
		if (slash && strncmp(s, "service/", 8) == 0 &&
		    strcmp(json_string_value(json_object_get(x, "serviceName")), slash + 1) == 0) {
			free(s);
			return k;
		}
	free(s);
	return NULL;
}

static void conv_target(imp *m, const char *id, const json_t *res)
{
	const json_t *p = props(res);
	char path[PATHMAX], kp[PATHMAX];
	json_t *dim, *svc, *as;
	const char *sid;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	dim = get_deep(m, p, "ScalableDimension", path, kp);
	if (str_of(dim) && strcmp(str_of(dim), "ecs:service:DesiredCount") != 0) {
		json_decref(dim);
		return; /* another service's target (DynamoDB, ...) */
	}
	json_decref(dim);
	if (!(sid = target_service(m, json_object_get(p, "ResourceId"))) ||
	    !(svc = json_object_get(m->svc_by_id, sid))) {
		note(m, path, "the scalable target's service is not in the template (or its "
		     "ResourceId cannot be read): left out");
		return;
	}
	as = json_object();
	copy(m, as, "minCapacity", p, "MinCapacity", path, AS_NUMBER);
	copy(m, as, "maxCapacity", p, "MaxCapacity", path, AS_NUMBER);
	json_object_set_new(svc, "autoScaling", as);
	json_object_set_new(m->target_svc, id, json_string(sid));
	if (json_object_get(p, "ScheduledActions")) {
		snprintf(kp, sizeof(kp), "%s.ScheduledActions", path);
		note(m, kp, "not imported: ecsim's scheduledActions are times from the start of "
		     "the run, not schedules (give them in autoScaling.scheduledActions)");
	}
	if (json_object_get(p, "SuspendedState")) {
		snprintf(kp, sizeof(kp), "%s.SuspendedState", path);
		note(m, kp, "not imported: ecsim does not suspend scaling");
	}
}

/* The CloudWatch metric of an alarm as a service metric of ecsim. */
static json_t *alarm_metric(imp *m, const json_t *ap, const char *path, const char *policy)
{
	char kp[PATHMAX];
	json_t *ns = get_deep(m, ap, "Namespace", path, kp), *mn, *v = NULL;

	mn = get_deep(m, ap, "MetricName", path, kp);
	if (str_of(ns) && str_of(mn)) {
		if (strcmp(str_of(ns), "AWS/ECS") == 0 && strcmp(str_of(mn), "CPUUtilization") == 0)
			v = json_string("ECSServiceAverageCPUUtilization");
		else if (strcmp(str_of(ns), "AWS/ECS") == 0 &&
			 strcmp(str_of(mn), "MemoryUtilization") == 0)
			v = json_string("ECSServiceAverageMemoryUtilization");
		else if (strcmp(str_of(ns), "AWS/ApplicationELB") == 0 &&
			 strcmp(str_of(mn), "RequestCountPerTarget") == 0)
			v = json_string("ALBRequestCountPerTarget");
	}
	if (!v)
		v = fill(m, kp, xfmt("ECSServiceAverageCPUUtilization, "
				     "ECSServiceAverageMemoryUtilization or ALBRequestCountPerTarget "
				     "for policy %s (its alarm watches a metric ecsim does not "
				     "simulate)", policy));
	json_decref(ns);
	json_decref(mn);
	return v;
}

static json_t *conv_step(imp *m, const json_t *x, const char *p)
{
	json_t *o = json_object();

	copy(m, o, "metricIntervalLowerBound", x, "MetricIntervalLowerBound", p, AS_NUMBER);
	copy(m, o, "metricIntervalUpperBound", x, "MetricIntervalUpperBound", p, AS_NUMBER);
	copy(m, o, "scalingAdjustment", x, "ScalingAdjustment", p, AS_NUMBER);
	return o;
}

/* One stepScaling entry: the alarm (id, may be NULL) and the policy's
 * StepScalingPolicyConfiguration (sc at sp). */
static json_t *step_entry(imp *m, const char *pid, const char *alarm, const json_t *sc,
			  const char *sp)
{
	json_t *o = json_object(), *v;
	char apath[PATHMAX], kp[PATHMAX];

	if (alarm) {
		const json_t *ap = props(resource(m, alarm));
		json_t *period;
		snprintf(apath, sizeof(apath), "Resources.%s.Properties", alarm);
		json_object_set_new(o, "metric", alarm_metric(m, ap, apath, pid));
		copy(m, o, "comparison", ap, "ComparisonOperator", apath, AS_IS);
		copy(m, o, "threshold", ap, "Threshold", apath, AS_NUMBER);
		copy(m, o, "evaluationPeriods", ap, "EvaluationPeriods", apath, AS_NUMBER);
		if ((period = get_deep(m, ap, "Period", apath, kp)) &&
		    !(json_is_integer(period = as_number(period)) &&
		      json_integer_value(period) == 60))
			note(m, kp, "the alarm's period is not 60 s: ecsim's datapoints are one "
			     "minute each");
		json_decref(period);
		if (json_object_get(ap, "DatapointsToAlarm")) {
			snprintf(kp, sizeof(kp), "%s.DatapointsToAlarm", apath);
			note(m, kp, "not imported: ecsim's step scaling alarm breaches after "
			     "evaluationPeriods datapoints in a row");
		}
	} else {
		snprintf(apath, sizeof(apath), "Resources.%s", pid);
		json_object_set_new(o, "metric", fill(m, apath, xfmt("the metric of the alarm "
								      "that triggers policy %s (no "
								      "AWS::CloudWatch::Alarm of the "
								      "template names it)", pid)));
		json_object_set_new(o, "comparison", fill(m, apath, xfmt("that alarm's comparison, "
									 "e.g. "
									 "GreaterThanOrEqualToThreshold")));
		json_object_set_new(o, "threshold", fill(m, apath, xfmt("that alarm's threshold")));
	}
	if (is_fill(sc))
		json_object_set(o, "adjustmentType", (json_t *)sc);
	copy(m, o, "adjustmentType", sc, "AdjustmentType", sp, AS_IS);
	if ((v = conv_list(m, sc, "StepAdjustments", sp, conv_step)))
		json_object_set_new(o, "stepAdjustments", v);
	copy(m, o, "minAdjustmentMagnitude", sc, "MinAdjustmentMagnitude", sp, AS_NUMBER);
	copy(m, o, "cooldown", sc, "Cooldown", sp, AS_NUMBER);
	return o;
}

/* Appends entry (taken) to the service's autoScaling array key. */
static void add_policy(json_t *svc, const char *key, json_t *entry)
{
	json_t *as = json_object_get(svc, "autoScaling"), *arr = json_object_get(as, key);

	if (!arr) {
		arr = json_array();
		json_object_set_new(as, key, arr);
	}
	json_array_append_new(arr, entry);
}

static void conv_policy(imp *m, const char *id, const json_t *res)
{
	const json_t *p = props(res), *tid = json_object_get(p, "ScalingTargetId");
	char path[PATHMAX], kp[PATHMAX], sp[PATHMAX];
	const char *target = ref_target(m, tid, "AWS::ApplicationAutoScaling::ScalableTarget");
	const char *sid = NULL, *k;
	json_t *svc, *type, *sc, *dim;
	int alarms = 0;

	snprintf(path, sizeof(path), "Resources.%s.Properties", id);
	if (target)
		sid = json_string_value(json_object_get(m->target_svc, target));
	else if (!tid && json_object_get(p, "ResourceId")) {
		dim = get_deep(m, p, "ScalableDimension", path, kp);
		if (str_of(dim) && strcmp(str_of(dim), "ecs:service:DesiredCount") != 0) {
			json_decref(dim);
			return;
		}
		json_decref(dim);
		sid = target_service(m, json_object_get(p, "ResourceId"));
	}
	if (!sid || !(svc = json_object_get(m->svc_by_id, sid)) ||
	    !json_object_get(svc, "autoScaling")) {
		note(m, path, "the policy's scalable target is not in the template (or not an ECS "
		     "service's): left out");
		return;
	}
	type = get_deep(m, p, "PolicyType", path, kp);
	if (str_of(type) && strcmp(str_of(type), "TargetTrackingScaling") == 0) {
		json_t *o = json_object(), *pm = NULL, *mt;
		char mp[PATHMAX];
		sc = get(m, p, "TargetTrackingScalingPolicyConfiguration", path, sp);
		if (is_fill(sc))
			json_object_set(o, "metric", sc);
		else if ((pm = get(m, sc, "PredefinedMetricSpecification", sp, mp)) && is_fill(pm))
			json_object_set(o, "metric", pm);
		else if (pm && (mt = get_deep(m, pm, "PredefinedMetricType", mp, kp)))
			json_object_set_new(o, "metric", mt);
		else
			json_object_set_new(o, "metric", fill(m, sp, xfmt(
				"ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization "
				"or ALBRequestCountPerTarget for policy %s (it tracks a customized "
				"metric ecsim does not simulate)", id)));
		json_decref(pm);
		copy(m, o, "target", sc, "TargetValue", sp, AS_NUMBER);
		copy(m, o, "scaleOutCooldown", sc, "ScaleOutCooldown", sp, AS_NUMBER);
		copy(m, o, "scaleInCooldown", sc, "ScaleInCooldown", sp, AS_NUMBER);
		copy(m, o, "disableScaleIn", sc, "DisableScaleIn", sp, AS_BOOL);
		add_policy(svc, "targetTracking", o);
		json_decref(sc);
	} else if (str_of(type) && strcmp(str_of(type), "StepScaling") == 0) {
		const json_t *r;
		sc = get(m, p, "StepScalingPolicyConfiguration", path, sp);
		/* each alarm whose AlarmActions name the policy */
		json_object_foreach(m->resources, k, r) {
			const json_t *acts = json_object_get(props(r), "AlarmActions"), *x;
			size_t i;
			if (strcmp(rtype(r), "AWS::CloudWatch::Alarm") || !json_is_array(acts))
				continue;
			json_array_foreach(acts, i, x)
				if (ref_target(m, x, "AWS::ApplicationAutoScaling::ScalingPolicy") &&
				    strcmp(ref_target(m, x, "AWS::ApplicationAutoScaling::ScalingPolicy"),
					   id) == 0) {
					add_policy(svc, "stepScaling", step_entry(m, id, k, sc, sp));
					alarms++;
					break;
				}
		}
		if (!alarms)
			add_policy(svc, "stepScaling", step_entry(m, id, NULL, sc, sp));
		json_decref(sc);
	} else {
		note(m, kp, "%s policy: not imported (ecsim simulates target tracking and step "
		     "scaling)", str_of(type) ? str_of(type) : "this");
		json_decref(type);
		return;
	}
	json_decref(type);
	if (!json_object_get(svc, "demand")) {
		char dp[PATHMAX];
		snprintf(dp, sizeof(dp), "Resources.%s", sid);
		json_object_set_new(svc, "demand", fill(m, dp, xfmt(
			"the load on service %s, a demand object (docs/scenario-format.md#demand); "
			"its scaling policies need it and the template does not say",
			json_string_value(json_object_get(svc, "serviceName")))));
	}
}

/* ---- the whole template --------------------------------------------- */

/* Whether resource id is in the stack: its Condition true (or unknown:
 * kept, with a note). */
static int included(imp *m, const char *id, const json_t *res)
{
	const char *cond = json_string_value(json_object_get(res, "Condition"));
	char path[PATHMAX], *why = NULL;
	int c;

	if (!cond)
		return 1;
	snprintf(path, sizeof(path), "Resources.%s.Condition", id);
	if ((c = cond_eval(m, cond, &why)) == 0) {
		note(m, path, "%s is false: the resource is left out", cond);
		return 0;
	}
	if (c < 0) {
		note(m, path, "%s cannot be evaluated (%s): the resource is kept", cond, why);
		free(why);
	}
	return 1;
}

static int is_ecs(const char *t)
{
	return strcmp(t, "AWS::ECS::TaskDefinition") == 0 || strcmp(t, "AWS::ECS::Service") == 0 ||
	       strcmp(t, "AWS::ECS::CapacityProvider") == 0 || strcmp(t, "AWS::ECS::Cluster") == 0 ||
	       strcmp(t, "AWS::ECS::ClusterCapacityProviderAssociations") == 0;
}

static json_t *read_template(const char *file, ecs_err *e)
{
	FILE *f = fopen(file, "rb");
	json_error_t jerr;
	json_t *j;
	int c;

	if (!f) {
		err_set(e, "cannot open %s: %s", file, strerror(errno));
		return NULL;
	}
	while ((c = getc(f)) != EOF && isspace(c))
		;
	fclose(f);
	if (c != '{')
		return yamlread_file(file, e);
	if (!(j = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr)))
		err_set(e, "%s:%d:%d: %s", file, jerr.line, jerr.column, jerr.text);
	return j;
}

static json_t *scenario_of(imp *m, json_t *dflt)
{
	json_t *sc = json_object(), *cl = json_object();
	const char *base = strrchr(m->file, '/');
	char *name = xstrdup(base ? base + 1 : m->file), *dot = strrchr(name, '.');

	if (dot && dot != name)
		*dot = 0;
	json_object_set_new(sc, "name", json_string(name));
	free(name);
	json_object_set_new(sc, "description", json_null()); /* set when the fills are counted */
	json_object_set_new(sc, "duration", json_string("24h"));
	if (json_array_size(m->zones) && !m->zones_unknown) {
		json_object_set(cl, "availabilityZones", m->zones);
	} else {
		json_t *z = json_array();
		char *list = xstrdup(""), *l;
		size_t i;
		json_t *x;
		json_array_foreach(m->zones, i, x) {
			l = xfmt("%s%s%s", list, i ? ", " : "", json_string_value(x));
			free(list);
			list = l;
		}
		if (!m->zones_unknown)
			json_array_append_new(z, fill(m, "Resources", xstrdup(
				"the cluster's Availability Zones, one string each (the template names "
				"no subnets or zones)")));
		else
			json_array_append_new(z, fill(m, m->zones_path, xfmt(
				"the cluster's Availability Zones, one string each (%s%s%s)",
				m->zones_why, *list ? "; the template names " : "", list)));
		free(list);
		json_object_set_new(cl, "availabilityZones", z);
	}
	json_object_set(cl, "instanceTypes", m->types);
	json_object_set(cl, "instances", m->instances);
	if (json_array_size(m->providers))
		json_object_set(cl, "capacityProviders", m->providers);
	if (dflt)
		json_object_set(cl, "defaultCapacityProviderStrategy", dflt);
	if (json_array_size(m->asgs))
		json_object_set(cl, "autoScalingGroupProviders", m->asgs);
	json_object_set_new(sc, "cluster", cl);
	json_object_set(sc, "taskDefinitions", m->taskdefs);
	json_object_set(sc, "services", m->services);
	return sc;
}

/* Fills the placeholders' text in as the scenario shows it, and the
 * description. */
static void finish(imp *m)
{
	char *d = m->r->nfills ?
		xfmt("Imported by 'ecsim import' from %s: %d value%s to fill in (search for "
		     "\"<<FILL IN\"); duration is ecsim's choice. See docs/import.md.", m->file,
		     m->r->nfills, m->r->nfills == 1 ? "" : "s") :
		xfmt("Imported by 'ecsim import' from %s; duration is ecsim's choice. See "
		     "docs/import.md.", m->file);

	json_object_set_new(m->r->scenario, "description", json_string(d));
	free(d);
}

int import_template(const char *file, const import_opts *o, import_result *r, ecs_err *e)
{
	imp m = { .file = file, .o = o, .r = r };
	json_t *dflt = NULL, *used_groups, *res;
	const char *id;
	int ecs = 0;

	*r = (import_result){ 0 };
	if (!(m.tpl = read_template(file, e)))
		return -1;
	m.resources = json_object_get(m.tpl, "Resources");
	if (!json_is_object(m.tpl) || !json_is_object(m.resources)) {
		json_decref(m.tpl);
		return err_set(e, "%s: not a CloudFormation template (no Resources object)", file);
	}
	json_object_foreach(m.resources, id, res)
		ecs |= json_is_object(res) && is_ecs(rtype(res));
	if (!ecs) {
		json_decref(m.tpl);
		return err_set(e, "%s: no ECS resources in the template (ecsim import reads "
			       "AWS::ECS::TaskDefinition, AWS::ECS::Service, "
			       "AWS::ECS::CapacityProvider, AWS::ECS::Cluster and "
			       "AWS::ECS::ClusterCapacityProviderAssociations, with their Auto Scaling "
			       "groups and Service Auto Scaling)", file);
	}
	m.params = json_object_get(m.tpl, "Parameters");
	m.conditions = json_object_get(m.tpl, "Conditions");
	m.mappings = json_object_get(m.tpl, "Mappings");
	for (int i = 0; o && i < o->nparams; i++) {
		const char *eq = strchr(o->params[i], '=');
		char name[256];
		snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - o->params[i]) : 0, o->params[i]);
		if (!eq || !json_object_get(m.params, name)) {
			json_decref(m.tpl);
			return err_set(e, "--parameter %s: %s", o->params[i],
				       eq ? "the template has no such parameter" : "expected NAME=VALUE");
		}
	}
	m.novalue = json_object();
	m.conds = json_object();
	m.noted = json_object();
	m.taskdefs = json_array();
	m.services = json_array();
	m.providers = json_array();
	m.instances = json_array();
	m.types = json_array();
	m.asgs = json_array();
	m.svc_by_id = json_object();
	m.target_svc = json_object();
	m.zones = json_array();
	used_groups = json_object();

	/* in an order where each finds what it refers to */
	json_object_foreach(m.resources, id, res)
		if (strcmp(rtype(res), "AWS::ECS::TaskDefinition") == 0 && included(&m, id, res))
			conv_taskdef(&m, id, res);
	json_object_foreach(m.resources, id, res)
		if ((strcmp(rtype(res), "AWS::ECS::ClusterCapacityProviderAssociations") == 0 ||
		     strcmp(rtype(res), "AWS::ECS::Cluster") == 0) && included(&m, id, res))
			conv_cluster_providers(&m, id, res, &dflt);
	json_object_foreach(m.resources, id, res)
		if (strcmp(rtype(res), "AWS::ECS::CapacityProvider") == 0 && included(&m, id, res))
			conv_provider(&m, id, res, used_groups);
	json_object_foreach(m.resources, id, res)
		if (strcmp(rtype(res), "AWS::AutoScaling::AutoScalingGroup") == 0 &&
		    !json_object_get(used_groups, id) && included(&m, id, res)) {
			json_t *min, *max;
			char path[PATHMAX];
			snprintf(path, sizeof(path), "Resources.%s", id);
			note(&m, path, "a group of no capacity provider: its instances take tasks of "
			     "the EC2 launch type, and its own scaling policies are not simulated "
			     "(it keeps its starting size)");
			group_instances(&m, id, NULL, &min, &max);
			json_decref(min);
			json_decref(max);
		}
	json_object_foreach(m.resources, id, res)
		if (strcmp(rtype(res), "AWS::ECS::Service") == 0 && included(&m, id, res))
			conv_service(&m, id, res);
	json_object_foreach(m.resources, id, res)
		if (strcmp(rtype(res), "AWS::ApplicationAutoScaling::ScalableTarget") == 0 &&
		    included(&m, id, res))
			conv_target(&m, id, res);
	json_object_foreach(m.resources, id, res)
		if (strcmp(rtype(res), "AWS::ApplicationAutoScaling::ScalingPolicy") == 0 &&
		    included(&m, id, res))
			conv_policy(&m, id, res);

	r->scenario = scenario_of(&m, dflt);
	finish(&m);
	json_decref(dflt);
	json_decref(used_groups);
	json_decref(m.novalue);
	json_decref(m.conds);
	json_decref(m.noted);
	json_decref(m.taskdefs);
	json_decref(m.services);
	json_decref(m.providers);
	json_decref(m.instances);
	json_decref(m.types);
	json_decref(m.asgs);
	json_decref(m.svc_by_id);
	json_decref(m.target_svc);
	json_decref(m.zones);
	free(m.zones_why);
	json_decref(m.tpl);
	return 0;
}

void import_result_destroy(import_result *r)
{
	for (int i = 0; i < r->nfills; i++) {
		free(r->fills[i].path);
		free(r->fills[i].text);
	}
	for (int i = 0; i < r->nnotes; i++) {
		free(r->notes[i].path);
		free(r->notes[i].text);
	}
	free(r->fills);
	free(r->notes);
	json_decref(r->scenario);
	*r = (import_result){ 0 };
}
