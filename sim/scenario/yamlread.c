/* yamlread.c - a YAML file as a jansson tree (see yamlread.h), through
 * libyaml's document loader.  Bounded: nesting (aliases included) and the
 * number of values made, so that a small file of aliases to aliases cannot
 * expand without end.
 */
#include "yamlread.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define YR_MAX_DEPTH 256
#define YR_MAX_VALUES 2000000

struct yr {
	const char *name;
	yaml_document_t *doc;
	long values;
	ecs_err *e;
};

static int yr_fail(struct yr *y, const yaml_node_t *n, const char *msg, const char *arg)
{
	char text[512];

	snprintf(text, sizeof(text), msg, arg);
	return err_set(y->e, "%s:%lu:%lu: %s", y->name, (unsigned long)n->start_mark.line + 1,
		       (unsigned long)n->start_mark.column + 1, text);
}

/* A plain scalar as YAML 1.1 resolves it where CloudFormation cares:
 * decimal integers (no leading zero), reals, true/false, null. */
static json_t *plain_scalar(const char *s)
{
	const char *p = s;
	char *end;

	if (!*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	    strcmp(s, "NULL") == 0)
		return json_null();
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0)
		return json_true();
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0)
		return json_false();
	if (*p == '-' || *p == '+')
		p++;
	if (isdigit((unsigned char)*p) && (p[0] != '0' || !isdigit((unsigned char)p[1]))) {
		const char *q = p;
		while (isdigit((unsigned char)*q))
			q++;
		if (!*q) {
			long long v;
			errno = 0;
			v = strtoll(s, &end, 10);
			if (!errno && !*end)
				return json_integer(v);
		}
	}
	/* a real: digits with a '.', or an exponent (no .inf / .nan) */
	if ((isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) &&
	    strpbrk(p, ".eE")) {
		double d;
		errno = 0;
		d = strtod(s, &end);
		if (!errno && !*end && !strpbrk(s, "xXpPnN"))
			return json_real(d);
	}
	return json_string(s);
}

static json_t *node_json(struct yr *y, yaml_node_t *n, int depth);

/* The one-key object a local tag stands for (CloudFormation's short forms). */
static json_t *tagged(struct yr *y, yaml_node_t *n, json_t *v)
{
	const char *tag = (const char *)n->tag;
	char key[256];
	json_t *o;

	if (strcmp(tag, "!GetAtt") == 0 && json_is_string(v)) {
		const char *s = json_string_value(v), *dot = strchr(s, '.');
		json_t *arr = json_array();
		if (!dot || dot == s || !dot[1]) {
			yr_fail(y, n, "!GetAtt %s: expected LogicalName.Attribute", s);
			json_decref(arr);
			json_decref(v);
			return NULL;
		}
		json_array_append_new(arr, json_stringn(s, (size_t)(dot - s)));
		json_array_append_new(arr, json_string(dot + 1));
		json_decref(v);
		v = arr;
	}
	if (strcmp(tag, "!Ref") == 0 || strcmp(tag, "!Condition") == 0)
		snprintf(key, sizeof(key), "%s", tag + 1);
	else
		snprintf(key, sizeof(key), "Fn::%s", tag + 1);
	o = json_object();
	json_object_set_new(o, key, v);
	return o;
}

static json_t *mapping(struct yr *y, yaml_node_t *n, int depth)
{
	json_t *o = json_object();

	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
		const char *key;
		json_t *jv;

		if (!k || k->type != YAML_SCALAR_NODE) {
			json_decref(o);
			yr_fail(y, k ? k : n, "%s", "a mapping key must be a scalar");
			return NULL;
		}
		key = (const char *)k->data.scalar.value;
		if (json_object_get(o, key)) {
			json_decref(o);
			yr_fail(y, k, "duplicate key \"%s\"", key);
			return NULL;
		}
		if (!(jv = node_json(y, v, depth + 1))) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, key, jv);
	}
	return o;
}

static json_t *node_json(struct yr *y, yaml_node_t *n, int depth)
{
	json_t *v = NULL;
	const char *tag;

	if (!n) {
		err_set(y->e, "%s: broken YAML document", y->name);
		return NULL;
	}
	if (depth > YR_MAX_DEPTH) {
		yr_fail(y, n, "%s", "nested too deep (or an alias inside its own anchor)");
		return NULL;
	}
	if (++y->values > YR_MAX_VALUES) {
		yr_fail(y, n, "%s", "more than 2000000 values once aliases are expanded");
		return NULL;
	}
	tag = n->tag ? (const char *)n->tag : "";
	switch (n->type) {
	case YAML_SCALAR_NODE: {
		const char *s = (const char *)n->data.scalar.value;
		if (strlen(s) != n->data.scalar.length) {
			yr_fail(y, n, "%s", "a NUL character in a scalar");
			return NULL;
		}
		/* the loader gives untagged scalars the default tag; quoted or
		 * tagged ones are strings */
		if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    strcmp(tag, YAML_DEFAULT_SCALAR_TAG) == 0)
			v = plain_scalar(s);
		else
			v = json_string(s);
		if (!v) {
			yr_fail(y, n, "%s", "a scalar that is not valid UTF-8");
			return NULL;
		}
		break;
	}
	case YAML_SEQUENCE_NODE:
		v = json_array();
		for (yaml_node_item_t *i = n->data.sequence.items.start;
		     i < n->data.sequence.items.top; i++) {
			json_t *x = node_json(y, yaml_document_get_node(y->doc, *i), depth + 1);
			if (!x) {
				json_decref(v);
				return NULL;
			}
			json_array_append_new(v, x);
		}
		break;
	case YAML_MAPPING_NODE:
		if (!(v = mapping(y, n, depth)))
			return NULL;
		break;
	default:
		err_set(y->e, "%s: broken YAML document", y->name);
		return NULL;
	}
	/* local tags (one '!'); "tag:yaml.org,2002:..." are YAML's own */
	if (tag[0] == '!' && tag[1] && tag[1] != '!')
		return tagged(y, n, v);
	return v;
}

static json_t *load(const char *name, yaml_parser_t *parser, ecs_err *e)
{
	yaml_document_t doc;
	yaml_node_t *root;
	struct yr y = { .name = name, .doc = &doc, .e = e };
	json_t *j;

	if (!yaml_parser_load(parser, &doc)) {
		if (parser->problem_mark.line || parser->problem_mark.column)
			err_set(e, "%s:%lu:%lu: %s%s%s", name,
				(unsigned long)parser->problem_mark.line + 1,
				(unsigned long)parser->problem_mark.column + 1,
				parser->problem ? parser->problem : "YAML error",
				parser->context ? " " : "", parser->context ? parser->context : "");
		else
			err_set(e, "%s: %s", name, parser->problem ? parser->problem : "YAML error");
		return NULL;
	}
	if (!(root = yaml_document_get_root_node(&doc))) {
		yaml_document_delete(&doc);
		err_set(e, "%s: empty YAML document", name);
		return NULL;
	}
	j = node_json(&y, root, 0);
	yaml_document_delete(&doc);
	return j;
}

json_t *yamlread_buffer(const char *name, const char *buf, size_t len, ecs_err *e)
{
	yaml_parser_t parser;
	json_t *j;

	if (!yaml_parser_initialize(&parser)) {
		err_set(e, "%s: cannot start the YAML parser", name);
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	j = load(name, &parser, e);
	yaml_parser_delete(&parser);
	return j;
}

json_t *yamlread_file(const char *file, ecs_err *e)
{
	yaml_parser_t parser;
	FILE *f = fopen(file, "rb");
	json_t *j;

	if (!f) {
		err_set(e, "cannot open %s: %s", file, strerror(errno));
		return NULL;
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		err_set(e, "%s: cannot start the YAML parser", file);
		return NULL;
	}
	yaml_parser_set_input_file(&parser, f);
	j = load(file, &parser, e);
	yaml_parser_delete(&parser);
	fclose(f);
	return j;
}
