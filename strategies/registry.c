/* registry.c - the table of built-in strategies, the registry object that adds
 * plug-ins to it, and strategy chains.  Loading plug-ins is plugin.c's. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "strategy.h"

extern const st_strategy st_first_fit, st_random_order, st_best_fit, st_worst_fit;
extern const st_strategy st_least_allocated, st_most_allocated, st_balanced_allocation,
	st_requested_to_capacity_ratio;
extern const st_strategy st_tetris, st_stranding;
extern const st_strategy st_gpu_random, st_dot_product, st_gpu_packing, st_gpu_clustering,
	st_gpu_best_fit, st_fgd;

/* One line per strategy; `ecsim strategies` lists them in this order. */
const st_strategy *const st_builtins[] = {
	&st_binpack,
	&st_spread,
	&st_random,
	&st_first_fit,
	&st_random_order,
	&st_best_fit,
	&st_worst_fit,
	&st_least_allocated,
	&st_most_allocated,
	&st_balanced_allocation,
	&st_requested_to_capacity_ratio,
	&st_tetris,
	&st_stranding,
	&st_gpu_random,
	&st_dot_product,
	&st_gpu_packing,
	&st_gpu_clustering,
	&st_gpu_best_fit,
	&st_fgd,
	NULL,
};

const st_strategy *st_find(const char *name)
{
	for (int i = 0; st_builtins[i]; i++)
		if (strcmp(st_builtins[i]->name, name) == 0)
			return st_builtins[i];
	return NULL;
}

const st_strategy *st_registry_find(const st_registry *reg, const char *name)
{
	if (!reg)
		return st_find(name);
	for (int i = 0; i < reg->n; i++)
		if (strcmp(reg->list[i]->name, name) == 0)
			return reg->list[i];
	return NULL;
}

void st_registry_init(st_registry *reg)
{
	*reg = (st_registry){ 0 };
	for (int i = 0; st_builtins[i]; i++)
		if (st_registry_add(reg, st_builtins[i], NULL, NULL) < 0)
			abort(); /* the built-ins are valid and distinct */
}

static int valid_name(const char *name)
{
	if (!name || !*name)
		return 0;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
			return 0;
	return 1;
}

int st_registry_add(st_registry *reg, const st_strategy *s, const char *origin, ecs_err *e)
{
	return st_registry_add_api(reg, s, origin, ST_API_VERSION, e);
}

int st_registry_add_api(st_registry *reg, const st_strategy *s, const char *origin, int api,
			ecs_err *e)
{
	if (!valid_name(s->name))
		return err_set(e, "strategy name \"%s\" must be letters, digits, '-', '_' or '.'",
			       s->name ? s->name : "(null)");
	if (!s->resolve || !s->score)
		return err_set(e, "strategy \"%s\" has no %s function", s->name,
			       s->resolve ? "score" : "resolve");
	if (st_registry_find(reg, s->name))
		return err_set(e, "strategy \"%s\" is already defined", s->name);
	/* a version 1 plug-in's struct ends before these: never read them */
	if (api >= 2 && s->host_state && !s->host_update)
		return err_set(e, "strategy \"%s\" has host_state but no host_update function",
			       s->name);
	if (api >= 2 && s->metric) {
		const char *p = s->metric_name;
		for (; p && *p && (isalnum((unsigned char)*p) || *p == '_'); p++)
			;
		if (!s->metric_name || !*s->metric_name || *p)
			return err_set(e, "strategy \"%s\": metric_name \"%s\" must be letters, "
				       "digits or '_'", s->name, s->metric_name ? s->metric_name : "(null)");
	}
	if (reg->n == reg->cap) {
		reg->cap = reg->cap ? 2 * reg->cap : 16;
		reg->list = xrealloc(reg->list, (size_t)reg->cap * sizeof(*reg->list));
		reg->origin = xrealloc(reg->origin, (size_t)reg->cap * sizeof(*reg->origin));
		reg->api = xrealloc(reg->api, (size_t)reg->cap * sizeof(*reg->api));
	}
	reg->api[reg->n] = api;
	reg->list[reg->n] = s;
	reg->origin[reg->n++] = origin ? xstrdup(origin) : NULL;
	return 0;
}

const char *st_registry_origin(const st_registry *reg, const st_strategy *s)
{
	for (int i = 0; reg && i < reg->n; i++)
		if (reg->list[i] == s)
			return reg->origin[i];
	return NULL;
}

int st_registry_api(const st_registry *reg, const st_strategy *s)
{
	for (int i = 0; reg && i < reg->n; i++)
		if (reg->list[i] == s)
			return reg->api[i];
	return ST_API_VERSION;
}

/* ---- what a version 2 step keeps ------------------------------------------- */

/* Outlives moves of the chain (chains live inside other structs): the
 * watcher's context, with what host_update and metric read of the step. */
struct st_step_ext {
	st_step view;            /* s, field, data, spec, origin, api; ext = this */
	cl_cluster *cl;
	char *hosts;             /* host_state bytes per host */
	int32_t nhosts;
};

void *st_host_state(const st_step *step, int32_t h)
{
	return step->ext->hosts + (size_t)h * step->s->host_state;
}

const gf_workload *st_workload(const cl_cluster *cl)
{
	return cl->frag ? gf_workload_of(cl->frag) : NULL;
}

static void ext_watch(void *ctx, const cl_cluster *cl, int32_t h)
{
	struct st_step_ext *x = ctx;
	size_t sz = x->view.s->host_state;

	if (!sz || !x->view.s->host_update)
		return;
	if (h >= x->nhosts) {
		int32_t n = cl->nhosts > h + 1 ? cl->nhosts : h + 1;
		x->hosts = xrealloc(x->hosts, (size_t)n * sz);
		memset(x->hosts + (size_t)x->nhosts * sz, 0, (size_t)(n - x->nhosts) * sz);
		x->nhosts = n;
	}
	st_call_host_update(&x->view, cl, h, x->hosts + (size_t)h * sz);
}

/* A version 2 step with state or a metric: its ext, watching cl. */
static void ext_start(st_step *step, cl_cluster *cl)
{
	struct st_step_ext *x;

	if (step->api < 2 || !cl || (!step->s->host_state && !step->s->metric))
		return;
	x = xcalloc(1, sizeof(*x));
	step->ext = x;
	x->view = *step;
	x->cl = cl;
	for (int32_t h = 0; h < cl->nhosts; h++)
		ext_watch(x, cl, h);
	cl_watch(cl, ext_watch, x);
}

static void ext_stop(st_step *step)
{
	struct st_step_ext *x = step->ext;

	if (!x)
		return;
	cl_unwatch(x->cl, ext_watch, x);
	free(x->hosts);
	free(x);
	step->ext = NULL;
}

void st_metrics_each(const cl_cluster *cl, st_metric_fn *fn, void *ctx)
{
	for (int i = 0; i < cl->nwatchers; i++)
		if (cl->watchers[i].fn == ext_watch) {
			const struct st_step_ext *x = cl->watchers[i].ctx;
			if (x->view.s->metric)
				fn(ctx, &x->view, st_call_metric(&x->view, cl));
		}
}

/* ---- chains ---------------------------------------------------------------- */

/* "unknown placement strategy" with a "did you mean" hint, or the list. */
static int unknown_type(const st_registry *reg, const char *type, ecs_err *e)
{
	int n = 0;
	const char **names;
	const char *best;
	char known[2048];
	size_t len = 0;
	int rc;

	if (reg) {
		names = xcalloc((size_t)reg->n + 1, sizeof(*names));
		for (n = 0; n < reg->n; n++)
			names[n] = reg->list[n]->name;
	} else {
		while (st_builtins[n])
			n++;
		names = xcalloc((size_t)n + 1, sizeof(*names));
		for (int i = 0; i < n; i++)
			names[i] = st_builtins[i]->name;
	}
	if ((best = err_closest(type, names))) {
		rc = err_set(e, "unknown placement strategy \"%s\" (did you mean \"%s\"?)", type,
			     best);
	} else {
		known[0] = 0;
		for (int i = 0; i < n && len < sizeof(known); i++)
			len += snprintf(known + len, sizeof(known) - len, "%s%s", i ? ", " : "",
					names[i]);
		rc = err_set(e, "unknown placement strategy \"%s\" (known: %s)", type, known);
	}
	free(names);
	return rc;
}

int st_chain_add(st_chain *c, const char *type, const char *field, cl_cluster *cl,
		 ecs_err *e)
{
	const st_strategy *s = st_registry_find(c->reg, type);
	st_step *step;
	size_t n;

	if (!s)
		return unknown_type(c->reg, type, e);
	if (c->n == ST_MAX_STEPS)
		return err_set(e, "at most %d placement strategy steps", ST_MAX_STEPS);
	if (field && !*field)
		field = NULL;
	step = &c->steps[c->n];
	*step = (st_step){ .s = s, .origin = st_registry_origin(c->reg, s),
			   .api = st_registry_api(c->reg, s) };
	if (st_call_resolve(step, field, cl, e) < 0) {
		/* a plug-in that fails without a word still gets a message */
		if (!err_isset(e))
			err_set(e, "strategy \"%s\"%s%s%s: resolve() failed without a message "
				"(field %s%s%s)", type, step->origin ? " (plug-in " : "",
				step->origin ? step->origin : "", step->origin ? ")" : "",
				field ? "\"" : "", field ? field : "none", field ? "\"" : "");
		free(step->data);
		*step = (st_step){ 0 };
		return -1;
	}
	n = strlen(type) + (field ? strlen(field) + 1 : 0) + 1;
	step->spec = xmalloc(n);
	snprintf(step->spec, n, "%s%s%s", type, field ? ":" : "", field ? field : "");
	ext_start(step, cl);
	c->n++;
	return 0;
}

/* 1 if the text at p, up to the next ':' or ',' or its end, names a strategy. */
static int names_strategy(const st_registry *reg, const char *p)
{
	char name[128];
	size_t k = strcspn(p, ":,");

	if (k == 0 || k >= sizeof(name))
		return 0;
	memcpy(name, p, k);
	name[k] = 0;
	return st_registry_find(reg, name) != NULL;
}

/* Splits spec into steps as st_chain_parse documents; with c, adds each
 * step to it (resolved against cl), else only checks that each names a
 * strategy of reg and that there are at most ST_MAX_STEPS. */
static int chain_walk(st_chain *c, const st_registry *reg, const char *spec, cl_cluster *cl,
		      ecs_err *e)
{
	char *copy, *item;
	int rc = 0, n = 0;

	if (!*spec)
		return err_set(e, "empty strategy spec");
	copy = xstrdup(spec);
	for (item = copy; item && rc == 0;) {
		char *end = item, *colon;
		/* The step ends at the first comma that is not inside a field or
		 * that starts a known strategy. */
		while ((end = strchr(end, ',')) && memchr(item, ':', (size_t)(end - item)) &&
		       !names_strategy(reg, end + 1))
			end++;
		if (end)
			*end = 0;
		colon = strchr(item, ':');
		if (colon)
			*colon = 0;
		if (!*item)
			rc = err_set(e, "empty step in strategy spec \"%s\"", spec);
		else if (c)
			rc = st_chain_add(c, item, colon ? colon + 1 : NULL, cl, e);
		else if (!st_registry_find(reg, item))
			rc = unknown_type(reg, item, e);
		else if (++n > ST_MAX_STEPS)
			rc = err_set(e, "at most %d placement strategy steps", ST_MAX_STEPS);
		item = end ? end + 1 : NULL;
	}
	free(copy);
	return rc < 0 ? -1 : 0;
}

int st_chain_parse(st_chain *c, const char *spec, cl_cluster *cl, ecs_err *e)
{
	return chain_walk(c, c->reg, spec, cl, e);
}

int st_chain_check(const st_registry *reg, const char *spec, ecs_err *e)
{
	return chain_walk(NULL, reg, spec, NULL, e);
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
	for (int i = 0; i < c->n; i++) {
		ext_stop(&c->steps[i]);
		free(c->steps[i].spec);
		free(c->steps[i].data);
	}
	c->n = 0;
}
