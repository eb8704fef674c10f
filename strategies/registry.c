/* registry.c - the table of placement strategies and strategy chains. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strategy.h"

/* One line per strategy; `ecsim strategies` lists them in this order. */
const st_strategy *const st_registry[] = {
	&st_binpack,
	&st_spread,
	&st_random,
	NULL,
};

const st_strategy *st_find(const char *name)
{
	for (int i = 0; st_registry[i]; i++)
		if (strcmp(st_registry[i]->name, name) == 0)
			return st_registry[i];
	return NULL;
}

static void known_names(char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; st_registry[i] && len < n; i++)
		len += snprintf(buf + len, n - len, "%s%s", i ? ", " : "",
				st_registry[i]->name);
}

int st_chain_add(st_chain *c, const char *type, const char *field, cl_cluster *cl,
		 ecs_err *e)
{
	const st_strategy *s = st_find(type);
	st_step *step;
	char known[256];
	size_t n;

	if (!s) {
		known_names(known, sizeof(known));
		return err_set(e, "unknown placement strategy \"%s\" (known: %s)", type, known);
	}
	if (c->n == ST_MAX_STEPS)
		return err_set(e, "at most %d placement strategy steps", ST_MAX_STEPS);
	step = &c->steps[c->n];
	*step = (st_step){ .s = s };
	if (s->resolve(step, field, cl, e) < 0)
		return -1;
	n = strlen(type) + (field ? strlen(field) + 1 : 0) + 1;
	step->spec = xmalloc(n);
	snprintf(step->spec, n, "%s%s%s", type, field ? ":" : "", field ? field : "");
	c->n++;
	return 0;
}

int st_chain_parse(st_chain *c, const char *spec, cl_cluster *cl, ecs_err *e)
{
	char *copy = xstrdup(spec), *save = NULL, *item;
	int rc = 0;

	if (!*spec) {
		free(copy);
		return err_set(e, "empty strategy spec");
	}
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		if (colon)
			*colon = 0;
		if (st_chain_add(c, item, colon ? colon + 1 : NULL, cl, e) < 0) {
			rc = -1;
			break;
		}
	}
	free(copy);
	return rc;
}

void st_chain_format(const st_chain *c, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < c->n && len < n; i++)
		len += snprintf(buf + len, n - len, "%s%s", i ? "," : "", c->steps[i].spec);
}

void st_chain_destroy(st_chain *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->steps[i].spec);
	c->n = 0;
}
