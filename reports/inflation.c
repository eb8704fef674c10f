/* inflation.c - the inflation experiment's outputs (see inflation.h). */
#include "inflation.h"

#include <math.h>

#include "csvout.h"

const char *const inflation_fig_names[INFLATION_NFIGS] = {
	"gpu_allocated", "gpu_allocated_whole", "gpu_allocated_shared", "gpu_fragmentation",
	"gpu_fragmentation_rate", "cpu_allocated", "mem_allocated",
};

double inflation_fig(const sim_inflation_row *r, int k)
{
	const double v[INFLATION_NFIGS] = {
		r->gpu_allocated, r->gpu_allocated_whole, r->gpu_allocated_shared,
		r->gpu_fragmentation, r->gpu_fragmentation_rate, r->cpu_allocated, r->mem_allocated,
	};
	return v[k];
}

/* A number, or null for what the run does not have (NaN). */
static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *row_json(const sim_inflation_row *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "arrived", num(r->arrived));
	json_object_set_new(o, "tasks", json_integer((json_int_t)r->tasks));
	json_object_set_new(o, "failed", json_integer((json_int_t)r->failed));
	for (int k = 0; k < INFLATION_NFIGS; k++)
		json_object_set_new(o, inflation_fig_names[k], num(inflation_fig(r, k)));
	return o;
}

json_t *inflation_summary(const sim *s)
{
	sim_inflation_view v;
	json_t *o;

	sim_inflation(s, &v);
	if (!v.given)
		return NULL;
	o = json_object();
	json_object_set_new(o, "trace", json_string(v.trace));
	json_object_set_new(o, "resource", json_string(v.resource));
	json_object_set_new(o, "sampling", json_string(v.sampling));
	json_object_set_new(o, "to", json_real(v.to));
	json_object_set_new(o, "step", json_real(v.step));
	json_object_set_new(o, "capacity", json_real(v.capacity));
	json_object_set_new(o, "trace_tasks", json_integer((json_int_t)v.trace_tasks));
	json_object_set_new(o, "end", row_json(&v.end));
	json_object_set_new(o, "first_failure", v.first_failure ? row_json(v.first_failure)
								 : json_null());
	return o;
}

json_t *inflation_columns(const sim *s)
{
	sim_inflation_view v;
	json_t *o, *a[4 + INFLATION_NFIGS];
	static const char *const head[4] = { "arrived_step", "arrived", "tasks", "failed" };

	sim_inflation(s, &v);
	if (!v.given)
		return NULL;
	o = json_object();
	for (int k = 0; k < 4 + INFLATION_NFIGS; k++) {
		a[k] = json_array();
		json_object_set_new(o, k < 4 ? head[k] : inflation_fig_names[k - 4], a[k]);
	}
	for (int32_t i = 0; i < v.nrows; i++) {
		const sim_inflation_row *r = &v.rows[i];
		json_array_append_new(a[0], json_real((double)i * v.step));
		json_array_append_new(a[1], json_real(r->arrived));
		json_array_append_new(a[2], json_integer((json_int_t)r->tasks));
		json_array_append_new(a[3], json_integer((json_int_t)r->failed));
		for (int k = 0; k < INFLATION_NFIGS; k++)
			json_array_append_new(a[4 + k], num(inflation_fig(r, k)));
	}
	return o;
}

int inflation_write(const sim *s, const char *path, ecs_err *e)
{
	static const char *const head[4 + INFLATION_NFIGS] = {
		"arrived_step", "arrived", "tasks", "failed", "gpu_allocated",
		"gpu_allocated_whole", "gpu_allocated_shared", "gpu_fragmentation",
		"gpu_fragmentation_rate", "cpu_allocated", "mem_allocated",
	};
	sim_inflation_view v;
	csvw w;

	sim_inflation(s, &v);
	if (!v.given)
		return 0;
	if (csvw_open(&w, path, head, 4 + INFLATION_NFIGS, e) < 0)
		return -1;
	for (int32_t i = 0; i < v.nrows; i++) {
		const sim_inflation_row *r = &v.rows[i];
		csvw_f(&w, (double)i * v.step);
		csvw_f(&w, r->arrived);
		csvw_i64(&w, r->tasks);
		csvw_i64(&w, r->failed);
		for (int k = 0; k < INFLATION_NFIGS; k++)
			csvw_f(&w, inflation_fig(r, k));
		csvw_endrow(&w);
	}
	return csvw_close(&w, e);
}
