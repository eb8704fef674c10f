/* study.c - a run into a summary (see study.h). */
#include "study.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/inflation.h"
#include "reports/summary.h"
#include "sim/scenario/scenario.h"
#include "sim/model/results.h"
#include "sim/model/sim.h"
#include "sim/support/units.h"

/* The time series, grown one sample at a time. */
struct series {
	double *v[6];
	size_t n, cap;
};

static const char *const series_names[6] = { "time_s", "desired", "running", "cpu_util",
					      "mem_util", "hosts_busy" };

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

static void on_sample(void *ctx, const sim *s)
{
	struct series *ts = ctx;
	sim_cluster_view cl;
	double desired = 0, running = 0;

	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? 2 * ts->cap : 256;
		for (int i = 0; i < 6; i++)
			ts->v[i] = xrealloc(ts->v[i], ts->cap * sizeof(double));
	}
	for (int i = 0; i < sim_nservices(s); i++) {
		sim_service_view v;
		sim_service_now(s, i, &v);
		desired += (double)v.desired;
		running += (double)v.running;
	}
	sim_cluster_now(s, &cl);
	ts->v[0][ts->n] = us_to_s(sim_now(s));
	ts->v[1][ts->n] = desired;
	ts->v[2][ts->n] = running;
	ts->v[3][ts->n] = ratio((double)cl.cpu_used, (double)cl.cpu_up);
	ts->v[4][ts->n] = ratio((double)cl.mem_used, (double)cl.mem_up);
	ts->v[5][ts->n] = (double)cl.hosts_busy;
	ts->n++;
}

static json_t *series_json(const struct series *ts)
{
	json_t *o = json_object();

	for (int i = 0; i < 6; i++) {
		json_t *a = json_array();
		for (size_t k = 0; k < ts->n; k++)
			json_array_append_new(a, json_real(ts->v[i][k]));
		json_object_set_new(o, series_names[i], a);
	}
	return o;
}

/* Loads and builds; run == 0 stops there. */
static json_t *study_do(const study_spec *sp, int run, const volatile sig_atomic_t *stop,
			uint64_t *scenario_seed, ecs_err *e)
{
	scenario sc;
	sim *s;
	sim_opts so = { .seed = sp->seed, .has_seed = run, .strategy = sp->strategy,
			.reg = sp->reg, .stop = stop };
	struct series ts = { 0 };
	sim_observer obs = { .ctx = &ts, .sample = sp->series ? on_sample : NULL };
	json_t *out = NULL, *sum;
	int rc;

	if (scenario_load(&sc, sp->file, sp->sets, sp->nsets, e) < 0)
		return NULL;
	s = sim_new();
	rc = sim_init(s, &sc, &so, &obs, e);
	if (rc == 0 && scenario_seed)
		*scenario_seed = sim_seed(s);
	if (rc == 0 && run) {
		/* Slices of simulated time so that a stop request is seen soon. */
		int64_t slice = sc.duration / 64 > 0 ? sc.duration / 64 : 1;
		for (int64_t t = 0; rc == 0;) {
			if (stop && *stop) {
				rc = err_set(e, "interrupted");
				break;
			}
			t = t + slice < sc.duration ? t + slice : sc.duration;
			rc = sim_run(s, t, e);
			if (t >= sc.duration)
				break;
		}
		if (rc == 0)
			sim_finish(s);
	}
	if (rc == 0) {
		sum = summary_build(s, 0);
		json_object_del(sum, "wall_seconds");
		out = json_object();
		json_object_set_new(out, "summary", sum);
		if (sp->series && run) {
			json_t *inf = inflation_columns(s);
			json_object_set_new(out, "series", series_json(&ts));
			if (inf)
				json_object_set_new(out, "inflation", inf);
		}
	}
	for (int i = 0; i < 6; i++)
		free(ts.v[i]);
	sim_free(s);
	scenario_destroy(&sc);
	return out;
}

json_t *study_run(const study_spec *sp, const volatile sig_atomic_t *stop, ecs_err *e)
{
	return study_do(sp, 1, stop, NULL, e);
}

json_t *study_check(const study_spec *sp, uint64_t *scenario_seed, ecs_err *e)
{
	json_t *r = study_do(sp, 0, NULL, scenario_seed, e), *sum;

	if (!r)
		return NULL;
	sum = json_incref(json_object_get(r, "summary"));
	json_decref(r);
	return sum;
}

int study_not_a_metric(const char *name)
{
	return strcmp(name, "seed") == 0 || strcmp(name, "wall_seconds") == 0 ||
	       strcmp(name, "measure_from_seconds") == 0 ||
	       strcmp(name, "peak_rss_mib") == 0 || strcmp(name, "provenance") == 0 ||
	       strncmp(name, "provenance.", 11) == 0 || study_metric_repeats(name);
}

/* Keys of summary.json kept under a second name for readers of the file
 * (docs/outputs.md says "= cost_usd"): one name each in the metrics. */
static const char *const repeats[][2] = {
	{ "cost.total_usd", "cost_usd" },
	{ "cost.fargate_usd", "fargate_cost_usd" },
};

const char *study_metric_repeats(const char *name)
{
	for (size_t i = 0; i < sizeof(repeats) / sizeof(repeats[0]); i++)
		if (strcmp(name, repeats[i][0]) == 0)
			return repeats[i][1];
	return NULL;
}

/* prefix joined with key: "prefix.key", or "prefix[key]" when key holds a
 * '.', '[' or ']' (an instance type such as m6i.xlarge), with each ']' of
 * it doubled, so that every name reads back to one path of keys. */
static void join(char *out, size_t n, const char *prefix, const char *key)
{
	size_t k;

	if (!strpbrk(key, ".[]")) {
		snprintf(out, n, "%s%s%s", prefix, *prefix ? "." : "", key);
		return;
	}
	k = (size_t)snprintf(out, n, "%s[", prefix);
	for (const char *p = key; *p && k + 3 < n; p++) {
		out[k++] = *p;
		if (*p == ']')
			out[k++] = ']';
	}
	if (k + 1 < n)
		out[k++] = ']';
	out[k < n ? k : n - 1] = 0;
}

static void flatten(const json_t *o, const char *prefix, study_metric **out, int *n, int *cap)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)o, key, v) {
		char name[192];
		join(name, sizeof(name), prefix, key);
		if (study_not_a_metric(name))
			continue;
		if (json_is_object(v)) {
			flatten(v, name, out, n, cap);
		} else if (json_is_number(v)) {
			if (*n == *cap) {
				*cap = *cap ? 2 * *cap : 64;
				*out = xrealloc(*out, (size_t)*cap * sizeof(**out));
			}
			snprintf((*out)[*n].name, sizeof((*out)[*n].name), "%s", name);
			(*out)[*n].value = json_number_value(v);
			(*n)++;
		}
	}
}

int study_flatten(const json_t *summary, study_metric **out)
{
	int n = 0, cap = 0;

	*out = NULL;
	flatten(summary, "", out, &n, &cap);
	return n;
}

void study_metric_dotted(char *out, size_t n, const char *name)
{
	size_t k = 0;

	for (const char *p = name; *p && k + 1 < n; p++) {
		if (*p != '[') {
			out[k++] = *p;
			continue;
		}
		if (k > 0 && k + 1 < n)
			out[k++] = '.';
		for (p++; *p && k + 1 < n; p++) {
			if (*p == ']' && p[1] == ']')
				p++;
			else if (*p == ']')
				break;
			out[k++] = *p;
		}
		if (!*p)
			break;
	}
	out[k] = 0;
}
