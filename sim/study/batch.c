/* batch.c - batch means of one long run (see batch.h). */
#include "batch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expt.h"
#include "reports/summary.h"
#include "reports/stats.h"
#include "study.h"
#include "sim/support/units.h"

double batch_lag1_limit(int n)
{
	return 1.96 / sqrt((double)n);
}

int batch_init(batch_means *b, const sim *s, int n, ecs_err *e)
{
	const scenario *sc = sim_scenario(s);
	int64_t from = sc->measure_from, span = sc->duration - from;

	*b = (batch_means){ 0 };
	if (n < 2 || n > BATCH_MAX)
		return err_set(e, "--batches %d: give 2 to %d batches (10 to 30 is usual)", n,
			       BATCH_MAX);
	if (span / n < USEC_PER_SEC)
		return err_set(e, "--batches %d: batches would be shorter than a second (%s of "
			       "%.6g s to cut)", n, from > 0 ? "measureFrom to duration" : "a run",
			       us_to_s(span));
	b->n = n;
	b->bound = xmalloc((size_t)(n + 1) * sizeof(*b->bound));
	for (int k = 0; k <= n; k++)
		b->bound[k] = from + span / n * k + span % n * k / n;
	b->sums = xcalloc((size_t)n, sizeof(*b->sums));
	return 0;
}

int64_t batch_next(const batch_means *b)
{
	return b->done + 1 < b->n ? b->bound[b->done + 1] : INT64_MAX;
}

void batch_close(batch_means *b, sim *s)
{
	const sim_mark *old = NULL;
	json_t *sm;

	if (b->done >= b->n)
		return;
	/* the first batch starts where the summary does: measureFrom's mark */
	if (b->mark)
		old = sim_measure_since(s, b->mark);
	sm = summary_build(s, 0);
	json_object_del(sm, "wall_seconds");
	if (b->mark) {
		sim_measure_since(s, old);
		sim_mark_free(s, b->mark);
		b->mark = NULL;
	}
	b->sums[b->done++] = sm;
	if (b->done < b->n)
		b->mark = sim_mark_new(s);
}

/* Keys that describe the run, or count from its start whatever the mark. */
static int not_measured(const char *name)
{
	return strcmp(name, "sim_seconds") == 0 || strcmp(name, "events") == 0;
}

json_t *batch_json(const batch_means *b)
{
	json_t *o = json_object(), *metrics = json_object(), *warn = json_array();
	expt_table t;
	double *x = xmalloc((size_t)b->n * sizeof(*x));

	json_t **wrap = xcalloc((size_t)b->n, sizeof(*wrap));

	/* expt_table reads {"summary": ...} objects, as a study's runs give them */
	for (int k = 0; k < b->done; k++) {
		wrap[k] = json_object();
		json_object_set(wrap[k], "summary", b->sums[k]);
	}
	expt_table_init(&t, wrap, b->done);
	for (int k = 0; k < b->done; k++)
		json_decref(wrap[k]);
	free(wrap);
	json_object_set_new(o, "batches", json_integer(b->n));
	json_object_set_new(o, "batch_seconds",
			    json_real(us_to_s(b->bound[1] - b->bound[0])));
	json_object_set_new(o, "from_seconds", json_real(us_to_s(b->bound[0])));
	json_object_set_new(o, "lag1_limit", json_real(batch_lag1_limit(b->n)));
	for (int m = 0; m < t.nmetrics; m++) {
		const char *name = t.names[m];
		json_t *e, *vals;
		stats_ci st;
		double r1;
		if (not_measured(name))
			continue;
		memcpy(x, expt_col(&t, m), (size_t)t.nruns * sizeof(*x));
		st = expt_stats(name, x, t.nruns);
		r1 = stats_lag1(x, t.nruns);
		e = json_object();
		json_object_set_new(e, "mean", json_real(st.mean));
		json_object_set_new(e, "stddev", isfinite(st.sd) ? json_real(st.sd) : json_null());
		json_object_set_new(e, "ci95_low", isfinite(st.lo) ? json_real(st.lo) : json_null());
		json_object_set_new(e, "ci95_high", isfinite(st.hi) ? json_real(st.hi) : json_null());
		json_object_set_new(e, "lag1_autocorrelation",
				    isfinite(r1) ? json_real(r1) : json_null());
		vals = json_array();
		for (int k = 0; k < t.nruns; k++)
			json_array_append_new(vals, json_real(x[k]));
		json_object_set_new(e, "values", vals);
		json_object_set_new(metrics, name, e);
		if (isfinite(r1) && r1 > batch_lag1_limit(b->n))
			json_array_append_new(warn, json_sprintf(
				"%s: the lag-1 autocorrelation of the batch means is %.2f, above "
				"%.2f (1.96/sqrt(%d)): the batches are probably too short to be "
				"independent and the interval too narrow; use fewer batches or a "
				"longer run", name, r1, batch_lag1_limit(b->n), b->n));
	}
	json_object_set_new(o, "metrics", metrics);
	json_object_set_new(o, "warnings", warn);
	expt_table_free(&t);
	free(x);
	return o;
}

void batch_free(batch_means *b, sim *s)
{
	if (b->mark)
		sim_mark_free(s, b->mark);
	for (int k = 0; k < b->done; k++)
		json_decref(b->sums[k]);
	free(b->sums);
	free(b->bound);
	*b = (batch_means){ 0 };
}
