/* import_param.c - what Ref gives for a template parameter (--parameter,
 * else its Default, as its Type makes it) and for a pseudo parameter
 * (AWS::Region, AWS::StackName, ... from the options).  Knows no other
 * intrinsic function (import_eval.c) and no resource.
 */
#include "import_param.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_note.h"
#include "import_tpl.h"

/* A parameter's value as its Type makes it: a number, a list (of numbers
 * for List<Number>), a string. */
static json_t *typed(const char *type, const json_t *v)
{
	int list = strcmp(type, "CommaDelimitedList") == 0 || strncmp(type, "List<", 5) == 0;
	char *s, *save = NULL;
	json_t *out;

	if (!json_is_string(v) && !json_is_number(v))
		return json_deep_copy(v);
	s = imp_scalar_text(v);
	if (!list) {
		out = strcmp(type, "Number") == 0 ? imp_as_number(json_string(s)) : json_string(s);
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
		json_array_append_new(out, strcmp(type, "List<Number>") == 0 ? imp_as_number(x) : x);
	}
	free(s);
	return out;
}

json_t *imp_param_ref(imp *m, const char *name, const json_t *p, char **why)
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
				*why = imp_fmt("--parameter %s: not valid UTF-8", name);
				return NULL;
			}
			v = typed(type, s);
			json_decref(s);
			return v;
		}
	if (strncmp(type, "AWS::SSM::Parameter::Value<", 27) == 0) {
		*why = imp_fmt("Ref %s (a parameter whose value is in SSM Parameter Store; give "
			       "--parameter %s=VALUE)", name, name);
		return NULL;
	}
	if (!dflt) {
		*why = imp_fmt("Ref %s (a parameter without a default; give --parameter "
			       "%s=VALUE)", name, name);
		return NULL;
	}
	{
		char *txt = json_dumps(dflt, JSON_ENCODE_ANY | JSON_COMPACT), p_path[PATHMAX];
		snprintf(p_path, sizeof(p_path), "Parameters.%s", name);
		imp_note(m, p_path, "Ref %s takes the parameter's default, %s", name,
			 txt ? txt : "?");
		free(txt);
	}
	return typed(type, dflt);
}

json_t *imp_pseudo_ref(imp *m, const char *name, char **why)
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
		*why = imp_fmt("Ref %s (give --region)", name);
	else if (strcmp(name, "AWS::AccountId") == 0)
		*why = xstrdup("Ref AWS::AccountId (give --account-id)");
	else
		*why = imp_fmt("Ref %s (known once the stack is deployed)", name);
	return NULL;
}
