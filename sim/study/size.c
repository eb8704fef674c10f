/* size.c - ecsim size: the smallest instance count meeting targets, by
 * bisection, and Borg-style compaction (see expt.h, docs/experiments.md).
 *
 * Both searches assume monotonicity: more hosts never make a target metric
 * worse, and a cluster that fits keeps fitting with hosts added.  All
 * strategies (and compaction trials) search in lockstep, so each step is
 * one batch for the pool.
 */
#include "expt.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/chart.h"
#include "reports/fmt.h"
#include "reports/plot.h"
#include "sim/engine/rng.h"
#include "sim/scenario/scenario.h"

#define NDESIGN 7

/* Every run of the study, in the order made. */
struct runs {
	json_t **res;
	char **design;           /* NDESIGN per run */
	int n, cap;
};

static void runs_add(struct runs *r, json_t *res, const char *phase, const char *strategy,
		     int64_t count, int64_t hosts, int rep, uint64_t seed)
{
	char b[64], **d;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->res = xrealloc(r->res, (size_t)r->cap * sizeof(*r->res));
		r->design = xrealloc(r->design, (size_t)r->cap * NDESIGN * sizeof(char *));
	}
	r->res[r->n] = res;
	d = r->design + (size_t)r->n * NDESIGN;
	snprintf(b, sizeof(b), "%d", r->n);
	d[0] = xstrdup(b);
	d[1] = xstrdup(phase);
	d[2] = xstrdup(strategy);
	snprintf(b, sizeof(b), "%lld", (long long)count);
	d[3] = xstrdup(count >= 0 ? b : "");
	snprintf(b, sizeof(b), "%lld", (long long)hosts);
	d[4] = xstrdup(b);
	snprintf(b, sizeof(b), "%d", rep);
	d[5] = xstrdup(b);
	snprintf(b, sizeof(b), "%llu", (unsigned long long)seed);
	d[6] = xstrdup(b);
	r->n++;
}

static void runs_free(struct runs *r)
{
	for (int i = 0; i < r->n; i++)
		json_decref(r->res[i]);
	for (int i = 0; i < r->n * NDESIGN; i++)
		free(r->design[i]);
	free(r->res);
	free(r->design);
}

/* A count tried for a strategy: its runs are first .. first + reps - 1. */
struct point {
	int64_t count;
	int first, meets;
};

struct search {
	int64_t lo, hi;          /* lo fails, hi meets (once known) */
	int lo_known, hi_known, done;
	struct point *pts;
	int npts;
};

/* Compaction of one strategy in one trial: k hosts removed. */
struct compact {
	int64_t lo, hi;          /* removing lo fits; removing hi does not (N + 1 at first) */
	int done, full_fits, runs;
};

/* "PATH=VALUE" strings for one run: the study's sets, then counts. */
struct setlist {
	char **v;
	int n;
};

static void setlist_init(struct setlist *l, const expt *x, int extra)
{
	l->v = xcalloc((size_t)(x->nsets + extra + 1), sizeof(char *));
	l->n = x->nsets;
	for (int i = 0; i < x->nsets; i++)
		l->v[i] = xstrdup(x->sets[i]);
}

static void setlist_count(struct setlist *l, int group, int64_t count)
{
	char b[96];
	snprintf(b, sizeof(b), "cluster.instances[%d].count=%lld", group, (long long)count);
	l->v[l->n++] = xstrdup(b);
}

static void setlist_free(struct setlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* --instances: cluster.instances[I].count or I. */
static int parse_instances(const char *arg, int ngroups, int *group, ecs_err *e)
{
	char *end;
	long v;

	if (!arg) {
		*group = 0;
	} else {
		const char *p = arg;
		if (strncmp(p, "cluster.instances[", 18) == 0)
			p += 18;
		v = strtol(p, &end, 10);
		if (end == p || v < 0 || (p != arg && strcmp(end, "].count") != 0) ||
		    (p == arg && *end))
			return err_set(e, "--instances %s: expected cluster.instances[I].count or "
				       "an index I", arg);
		*group = (int)v;
	}
	if (*group >= ngroups)
		return err_set(e, "--instances %s: $.cluster.instances has %d element%s (indices "
			       "from 0)", arg ? arg : "0", ngroups, ngroups == 1 ? "" : "s");
	return 0;
}

/* The value a target is judged on: the mean, or the unfavourable end of
 * the interval (the mean when there is no interval). */
static double judged(const stats_ci *s, enum expt_op op, int by_ci)
{
	if (!by_ci || !isfinite(s->lo))
		return s->mean;
	return op == EXPT_GE || op == EXPT_GT ? s->lo : s->hi;
}

/* >= and <= allow a relative 1e-9 so that rounding (an availability of
 * 0.99999999999999989 for a service that was never short) does not fail
 * a target of exactly 1; > and < are strict. */
static int target_met(const expt_target *t, double v)
{
	double tol = 1e-9 * (fabs(t->value) > 1 ? fabs(t->value) : 1);

	switch (t->op) {
	case EXPT_GE: return v >= t->value - tol;
	case EXPT_GT: return v > t->value;
	case EXPT_LE: return v <= t->value + tol;
	case EXPT_LT: return v < t->value;
	}
	return 0;
}

/* 1 (with why) if no value the metric can take meets t: checked before a
 * search that would otherwise try every fleet size up to --max. */
static int unreachable(const expt_target *t, char *why, size_t n)
{
	double lo, hi;

	expt_metric_range(t->metric, &lo, &hi);
	if (!target_met(t, lo) && !target_met(t, hi) &&
	    ((t->op == EXPT_LE || t->op == EXPT_LT) ? !target_met(t, lo) : !target_met(t, hi))) {
		if (t->op == EXPT_LE || t->op == EXPT_LT)
			snprintf(why, n, "%s is never below %g", t->metric, lo);
		else
			snprintf(why, n, "%s is never above %g", t->metric, hi);
		return 1;
	}
	return 0;
}

static const char *op_text(enum expt_op op)
{
	return op == EXPT_GE ? ">=" : op == EXPT_LE ? "<=" : op == EXPT_GT ? ">" : "<";
}

/* Does a workload fit: no rejection and no service ever short of room.
 * Placement failures, not degraded time: replacements take time to become
 * healthy even when there is room (the task lifecycle). */
static int fits(const json_t *res)
{
	const json_t *sum = json_object_get(res, "summary"), *v;
	const char *name;

	if (json_number_value(json_object_get(json_object_get(sum, "tasks"), "rejected")) > 0)
		return 0;
	json_object_foreach(json_object_get(sum, "services"), name, v)
		if (json_number_value(json_object_get(v, "placement_failures")) > 0)
			return 0;
	return 1;
}

struct sizing {
	expt_ctx *c;
	const expt_size_opts *o;
	scenario sc;              /* with the study's sets: group counts */
	int group;                /* the sized group */
	int64_t others, max;      /* hosts in the other groups; largest count tried */
	struct search *srch;
	struct compact *cmp;      /* nstrats x trials */
	size_t **order;           /* per trial: group of the k-th host removed */
	struct runs all;
};

/* Runs one step of the fleet search: the counts in want (per strategy, up
 * to 2, -1 = none). */
static int size_step(struct sizing *z, int64_t (*want)[2], int step, ecs_err *e)
{
	expt_ctx *c = z->c;
	const expt *x = c->x;
	int R = x->reps, n = 0, k = 0, rc;
	study_spec *specs;
	struct setlist *sets;
	json_t **res;
	char label[64];

	for (int s = 0; s < x->nstrats; s++)
		for (int j = 0; j < 2; j++)
			n += want[s][j] >= 0 ? R : 0;
	specs = xcalloc((size_t)n, sizeof(*specs));
	sets = xcalloc((size_t)n, sizeof(*sets));
	res = xcalloc((size_t)n, sizeof(*res));
	for (int s = 0; s < x->nstrats; s++)
		for (int j = 0; j < 2; j++)
			for (int r = 0; r < R && want[s][j] >= 0; r++, k++) {
				setlist_init(&sets[k], x, 1);
				setlist_count(&sets[k], z->group, want[s][j]);
				specs[k] = (study_spec){ .file = x->file, .reg = x->reg, .sets = sets[k].v,
							 .nsets = sets[k].n,
							 .seed = c->base + (uint64_t)r,
							 .strategy = x->strats[s].spec };
			}
	snprintf(label, sizeof(label), "size step %d", step);
	rc = expt_batch(c, specs, n, res, label, e);
	for (int i = 0; i < n; i++)
		setlist_free(&sets[i]);
	free(sets);
	free(specs);
	if (rc < 0) {
		free(res);
		return -1;
	}
	{
		expt_table t;
		expt_table_init(&t, res, n);
		k = 0;
		for (int s = 0; s < x->nstrats; s++)
			for (int j = 0; j < 2; j++) {
				struct search *q = &z->srch[s];
				struct point pt;
				if (want[s][j] < 0)
					continue;
				pt = (struct point){ .count = want[s][j], .first = z->all.n, .meets = 1 };
				for (int i = 0; i < z->o->ntargets; i++) {
					const expt_target *tg = &z->o->targets[i];
					int m = expt_table_find(&t, tg->metric);
					double *zero = xcalloc((size_t)R, sizeof(double));
					/* an absent rejection reason is 0 */
					stats_ci st = expt_stats(tg->metric, m >= 0 ? expt_col(&t, m) + k : zero,
								 R);
					free(zero);
					if (!target_met(tg, judged(&st, tg->op, z->o->by_ci)))
						pt.meets = 0;
				}
				for (int r = 0; r < R; r++)
					runs_add(&z->all, res[k + r], "size", x->strats[s].label,
						 want[s][j], want[s][j] + z->others, r,
						 c->base + (uint64_t)r);
				k += R;
				q->pts = xrealloc(q->pts, (size_t)(q->npts + 1) * sizeof(*q->pts));
				q->pts[q->npts++] = pt;
				if (pt.meets && (!q->hi_known || pt.count < q->hi)) {
					q->hi = pt.count;
					q->hi_known = 1;
				} else if (!pt.meets && (!q->lo_known || pt.count > q->lo)) {
					q->lo = pt.count;
					q->lo_known = 1;
				}
			}
		expt_table_free(&t);
	}
	free(res);
	return 0;
}

static int fleet_search(struct sizing *z, ecs_err *e)
{
	const expt *x = z->c->x;
	int64_t (*want)[2] = xmalloc((size_t)x->nstrats * sizeof(*want));
	int64_t c0 = z->sc.instances[z->group].count;
	int step = 1, rc = 0;

	for (int s = 0; s < x->nstrats; s++) {
		want[s][0] = c0 < z->max ? c0 : z->max;
		want[s][1] = want[s][0] > 0 ? 0 : -1;
	}
	for (;;) {
		int any = 0;
		if ((rc = size_step(z, want, step++, e)) < 0)
			break;
		for (int s = 0; s < x->nstrats; s++) {
			struct search *q = &z->srch[s];
			want[s][0] = want[s][1] = -1;
			if (q->done)
				continue;
			if (q->hi_known && (q->hi == 0 || (q->lo_known && q->hi - q->lo <= 1))) {
				q->done = 1;
			} else if (!q->hi_known) {
				int64_t next = q->lo > 0 ? 2 * q->lo : 1;
				if (q->lo >= z->max)
					q->done = 1; /* nothing up to max meets the targets */
				else
					want[s][0] = next < z->max ? next : z->max;
			} else {
				want[s][0] = q->lo + (q->hi - q->lo) / 2;
			}
			any |= want[s][0] >= 0;
		}
		if (!any)
			break;
	}
	free(want);
	return rc;
}

/* Counts of every group once the first k hosts of trial t's order are gone. */
static void compact_sets(const struct sizing *z, int t, int64_t k, struct setlist *l)
{
	int ng = z->sc.ninstances;
	int64_t *left = xmalloc((size_t)ng * sizeof(*left));

	for (int g = 0; g < ng; g++)
		left[g] = z->sc.instances[g].count;
	for (int64_t i = 0; i < k; i++)
		left[z->order[t][i]]--;
	setlist_init(l, z->c->x, ng);
	for (int g = 0; g < ng; g++)
		setlist_count(l, g, left[g]);
	free(left);
}

static int compaction(struct sizing *z, ecs_err *e)
{
	expt_ctx *c = z->c;
	const expt *x = c->x;
	int T = z->o->trials, S = x->nstrats, step = 1, rc = 0;
	int64_t N = z->sc.nhosts;
	int64_t *want = xmalloc((size_t)(S * T) * sizeof(*want));

	z->order = xcalloc((size_t)T, sizeof(size_t *));
	for (int t = 0; t < T; t++) {
		gsl_rng *g = rng_stream_new(c->base + (uint64_t)t, "compaction", 0);
		size_t k = 0;
		z->order[t] = xmalloc((size_t)(N > 0 ? N : 1) * sizeof(size_t));
		for (int gr = 0; gr < z->sc.ninstances; gr++)
			for (int64_t i = 0; i < z->sc.instances[gr].count; i++)
				z->order[t][k++] = (size_t)gr;
		gsl_ran_shuffle(g, z->order[t], (size_t)N, sizeof(size_t));
		gsl_rng_free(g);
	}
	for (int i = 0; i < S * T; i++) {
		z->cmp[i] = (struct compact){ .lo = 0, .hi = N + 1 };
		want[i] = 0;
	}
	for (;;) {
		int n = 0, k = 0;
		study_spec *specs;
		struct setlist *sets;
		json_t **res;
		char label[64];

		for (int i = 0; i < S * T; i++)
			n += want[i] >= 0;
		if (n == 0)
			break;
		specs = xcalloc((size_t)n, sizeof(*specs));
		sets = xcalloc((size_t)n, sizeof(*sets));
		res = xcalloc((size_t)n, sizeof(*res));
		for (int i = 0; i < S * T; i++) {
			if (want[i] < 0)
				continue;
			compact_sets(z, i % T, want[i], &sets[k]);
			specs[k] = (study_spec){ .file = x->file, .reg = x->reg, .sets = sets[k].v, .nsets = sets[k].n,
						 .seed = c->base + (uint64_t)(i % T),
						 .strategy = x->strats[i / T].spec };
			k++;
		}
		snprintf(label, sizeof(label), "compaction step %d", step++);
		rc = expt_batch(c, specs, n, res, label, e);
		for (int i = 0; i < n; i++)
			setlist_free(&sets[i]);
		free(sets);
		free(specs);
		if (rc < 0) {
			free(res);
			break;
		}
		k = 0;
		for (int i = 0; i < S * T; i++) {
			struct compact *q = &z->cmp[i];
			int ok;
			if (want[i] < 0)
				continue;
			ok = fits(res[k]);
			runs_add(&z->all, res[k], "compaction", x->strats[i / T].label, -1, N - want[i],
				 i % T, c->base + (uint64_t)(i % T));
			k++;
			q->runs++;
			if (want[i] == 0)
				q->full_fits = ok;
			if (!ok && want[i] == 0)
				q->done = 1;
			else if (ok)
				q->lo = want[i];
			else
				q->hi = want[i];
			want[i] = -1;
			if (q->done || q->hi - q->lo <= 1)
				q->done = 1;
			else
				want[i] = q->lo + (q->hi - q->lo) / 2;
		}
		free(res);
	}
	free(want);
	return rc;
}

/* ---- outputs -------------------------------------------------------------- */

static int cmp_count(const void *a, const void *b)
{
	const struct point *p = a, *q = b;
	return (p->count > q->count) - (p->count < q->count);
}

static int answer(const struct search *q)
{
	return q->hi_known;
}

static void path_text(char *buf, size_t n, const struct sizing *z)
{
	snprintf(buf, n, "cluster.instances[%d].count", z->group);
}

/* The metrics size.csv reports: the targets' then the key ones. */
static int curve_metrics(const struct sizing *z, const char **out)
{
	int n = 0;

	for (int i = 0; i < z->o->ntargets; i++) {
		int dup = 0;
		for (int j = 0; j < n; j++)
			dup |= strcmp(out[j], z->o->targets[i].metric) == 0;
		if (!dup)
			out[n++] = z->o->targets[i].metric;
	}
	for (int k = 0; k < expt_nkeys; k++) {
		int dup = 0;
		for (int j = 0; j < n; j++)
			dup |= strcmp(out[j], expt_keys[k].metric) == 0;
		if (!dup)
			out[n++] = expt_keys[k].metric;
	}
	return n;
}

static stats_ci point_stats(const expt_table *t, const char *metric, int first, int reps)
{
	int m = expt_table_find(t, metric);
	double *zero;
	stats_ci st;

	if (m >= 0)
		return expt_stats(metric, expt_col(t, m) + first, reps);
	zero = xcalloc((size_t)reps, sizeof(double));
	st = expt_stats(metric, zero, reps);
	free(zero);
	return st;
}

static int write_size(struct sizing *z, const expt_table *t, ecs_err *e)
{
	static const char *const head[] = { "strategy", "count", "hosts", "metric", "n", "mean",
					     "stddev", "ci95_low", "ci95_high", "target", "met",
					     "all_met" };
	const expt *x = z->c->x;
	const char *metrics[64];
	int nm = curve_metrics(z, metrics);
	csvw w;

	if (csvw_open(&w, expt_path(z->c, "size.csv"), head, 12, e) < 0)
		return -1;
	for (int s = 0; s < x->nstrats; s++) {
		struct search *q = &z->srch[s];
		struct point *pts = xmalloc((size_t)(q->npts > 0 ? q->npts : 1) * sizeof(*pts));
		memcpy(pts, q->pts, (size_t)q->npts * sizeof(*pts));
		qsort(pts, (size_t)q->npts, sizeof(*pts), cmp_count);
		for (int p = 0; p < q->npts; p++)
			for (int j = 0; j < nm; j++) {
				stats_ci st = point_stats(t, metrics[j], pts[p].first, x->reps);
				char tg[256] = "";
				int met = -1;
				for (int i = 0; i < z->o->ntargets; i++) {
					const expt_target *g = &z->o->targets[i];
					size_t len = strlen(tg);
					if (strcmp(g->metric, metrics[j]))
						continue;
					snprintf(tg + len, sizeof(tg) - len, "%s%s%.10g", len ? " " : "",
						 op_text(g->op), g->value);
					met = (met != 0) && target_met(g, judged(&st, g->op, z->o->by_ci));
				}
				csvw_str(&w, x->strats[s].label);
				csvw_i64(&w, pts[p].count);
				csvw_i64(&w, pts[p].count + z->others);
				csvw_str(&w, metrics[j]);
				expt_csv_stats(&w, &st);
				csvw_str(&w, tg);
				if (met < 0)
					csvw_empty(&w);
				else
					csvw_i64(&w, met);
				csvw_i64(&w, pts[p].meets);
				csvw_endrow(&w);
			}
		free(pts);
	}
	return csvw_close(&w, e);
}

static int write_fleet(struct sizing *z, ecs_err *e)
{
	static const char *const head[] = { "strategy", "instances", "smallest_count", "hosts",
					     "found", "counts_tried", "runs" };
	const expt *x = z->c->x;
	char path[64];
	csvw w;

	path_text(path, sizeof(path), z);
	if (csvw_open(&w, expt_path(z->c, "fleet.csv"), head, 7, e) < 0)
		return -1;
	for (int s = 0; s < x->nstrats; s++) {
		const struct search *q = &z->srch[s];
		csvw_str(&w, x->strats[s].label);
		csvw_str(&w, path);
		if (answer(q)) {
			csvw_i64(&w, q->hi);
			csvw_i64(&w, q->hi + z->others);
		} else {
			csvw_empty(&w);
			csvw_empty(&w);
		}
		csvw_i64(&w, answer(q));
		csvw_i64(&w, q->npts);
		csvw_i64(&w, q->npts * x->reps);
		csvw_endrow(&w);
	}
	return csvw_close(&w, e);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int64_t compacted(const struct sizing *z, const struct compact *q)
{
	return q->full_fits ? z->sc.nhosts - q->lo : z->sc.nhosts;
}

static int write_compaction(struct sizing *z, ecs_err *e)
{
	static const char *const head[] = { "strategy", "trial", "seed", "hosts",
					     "compacted_hosts", "compacted_fraction",
					     "fits_at_full_size", "runs" };
	const expt *x = z->c->x;
	int T = z->o->trials;
	csvw w;

	if (csvw_open(&w, expt_path(z->c, "compaction.csv"), head, 8, e) < 0)
		return -1;
	for (int i = 0; i < x->nstrats * T; i++) {
		const struct compact *q = &z->cmp[i];
		csvw_str(&w, x->strats[i / T].label);
		csvw_i64(&w, i % T);
		csvw_i64(&w, (int64_t)(z->c->base + (uint64_t)(i % T)));
		csvw_i64(&w, z->sc.nhosts);
		csvw_i64(&w, compacted(z, q));
		csvw_f(&w, z->sc.nhosts > 0 ? (double)compacted(z, q) / (double)z->sc.nhosts : 0);
		csvw_i64(&w, q->full_fits);
		csvw_i64(&w, q->runs);
		csvw_endrow(&w);
	}
	return csvw_close(&w, e);
}

/* The compacted sizes of strategy s's trials that fit at full size, in
 * increasing order, into v (trials of them); returns how many. */
static int fitting_sizes(const struct sizing *z, int s, double *v)
{
	int T = z->o->trials, k = 0;

	for (int i = 0; i < T; i++)
		if (z->cmp[s * T + i].full_fits)
			v[k++] = (double)compacted(z, &z->cmp[s * T + i]);
	qsort(v, (size_t)k, sizeof(double), cmp_double);
	return k;
}

/* The compaction chart: per strategy, the cumulative share of all trials
 * whose compacted size is at most x; trials that do not fit at full size
 * are not drawn, so that line ends below 100 %.  0 when no trial of any
 * strategy fits (nothing to draw). */
static int compaction_chart(struct sizing *z, sbuf *b, chart_series *ser)
{
	const expt *x = z->c->x;
	int S = x->nstrats, T = z->o->trials, drawn = 0;
	double *xs = xmalloc((size_t)(S * T) * sizeof(double));
	double *ys = xmalloc((size_t)T * sizeof(double));
	char title[512];
	chart_axes ax = { .xlabel = "compacted cluster (% of its hosts)",
			  .ylabel = "trials at or below (% of all trials)", .from_zero = 1,
			  .xlo = 0, .xhi = 100 };

	for (int k = 0; k < T; k++)
		ys[k] = 100.0 * (k + 1) / T;
	for (int s = 0; s < S; s++) {
		double *xv = xs + (size_t)s * (size_t)T;
		int k = fitting_sizes(z, s, xv);
		for (int i = 0; i < k; i++)
			xv[i] = z->sc.nhosts > 0 ? 100.0 * xv[i] / (double)z->sc.nhosts : 0;
		ser[s] = (chart_series){ .label = x->strats[s].label, .n = k, .x = xv, .y = ys };
		drawn += k > 0;
	}
	snprintf(title, sizeof(title), "%s: compaction over %d trial%s (cumulative)", z->c->name,
		 T, T == 1 ? "" : "s");
	ax.title = title;
	if (drawn)
		chart_lines(b, "compaction", &ax, ser, S);
	free(xs);
	free(ys);
	return drawn > 0;
}

static void plots(struct sizing *z, const expt_table *t)
{
	const expt *x = z->c->x;
	int S = x->nstrats, T = z->o->trials, nf = 0, R = x->reps;
	const char *figs[40], *done[40];
	char names[40][128], xl[64];
	chart_series *ser = xcalloc((size_t)S, sizeof(*ser));
	sbuf b = { 0 };

	path_text(xl, sizeof(xl), z);
	for (int i = 0; i < z->o->ntargets && nf < 32; i++) {
		const expt_target *g = &z->o->targets[i];
		double *buf[4], worst = g->value;
		int dup = 0, total = 0;
		char title[512], hl[400], yl[300], hv[64];
		chart_axes ax = { .xlabel = xl, .ylabel = yl, .has_hline = 1, .hline = g->value,
				  .hline_label = hl, .dodge = 0.012 };
		for (int j = 0; j < nf; j++)
			dup |= strcmp(done[j], g->metric) == 0;
		if (dup)
			continue;
		expt_metric_label(yl, sizeof(yl), g->metric);
		for (int s = 0; s < S; s++)
			total += z->srch[s].npts;
		for (int k = 0; k < 4; k++)
			buf[k] = xmalloc((size_t)(total > 0 ? total : 1) * sizeof(double));
		total = 0;
		for (int s = 0; s < S; s++) {
			struct search *q = &z->srch[s];
			struct point *pts = xmalloc((size_t)(q->npts > 0 ? q->npts : 1) * sizeof(*pts));
			memcpy(pts, q->pts, (size_t)q->npts * sizeof(*pts));
			qsort(pts, (size_t)q->npts, sizeof(*pts), cmp_count);
			for (int p = 0; p < q->npts; p++) {
				stats_ci st = point_stats(t, g->metric, pts[p].first, R);
				buf[0][total + p] = (double)pts[p].count;
				buf[1][total + p] = st.mean;
				buf[2][total + p] = st.lo;
				buf[3][total + p] = st.hi;
				worst = fmin(worst, isfinite(st.lo) ? st.lo : st.mean);
			}
			ser[s] = (chart_series){ .label = x->strats[s].label, .n = q->npts,
						 .x = buf[0] + total, .y = buf[1] + total,
						 .lo = R > 1 ? buf[2] + total : NULL,
						 .hi = R > 1 ? buf[3] + total : NULL };
			total += q->npts;
			free(pts);
		}
		expt_chart_axes(&ax, g->metric, worst, yl, sizeof(yl));
		expt_fmt_value(hv, sizeof(hv), g->metric, g->value, 0);
		if (expt_metric_kind(g->metric) == EXPT_AVAILABILITY) {
			char d[64];
			fmt_duration(d, sizeof(d), fmt_month_downtime_s(g->value));
			snprintf(hl, sizeof(hl), "target %s %s (%s a month)", op_text(g->op), hv, d);
		} else {
			snprintf(hl, sizeof(hl), "target %s %s", op_text(g->op), hv);
		}
		snprintf(title, sizeof(title), "%s: %s against the fleet (mean, 95%% CI)",
			 z->c->name, g->metric);
		ax.title = title;
		expt_safe_name(names[nf], sizeof(names[nf]), "size-", g->metric);
		chart_lines(&b, names[nf], &ax, ser, S);
		done[nf] = g->metric;
		figs[nf] = names[nf];
		nf++;
		for (int k = 0; k < 4; k++)
			free(buf[k]);
	}
	if (T > 0 && compaction_chart(z, &b, ser)) {
		snprintf(names[nf], sizeof(names[nf]), "compaction");
		figs[nf] = names[nf];
		nf++;
	}
	expt_plot(z->c, sb_str(&b), figs, nf);
	sb_free(&b);
	free(ser);
}

static void targets_text(char *buf, size_t n, const struct sizing *z)
{
	size_t k = 0;
	buf[0] = 0;
	for (int i = 0; i < z->o->ntargets && k < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? " and " : "", z->o->targets[i].text);
}

/* Min, median and max compacted size over strategy s's trials that fit at
 * full size; returns how many fit (0: the three are not set). */
static int compaction_range(const struct sizing *z, int s, int64_t *mn, int64_t *med,
			    int64_t *mx)
{
	double *v = xmalloc((size_t)(z->o->trials > 0 ? z->o->trials : 1) * sizeof(double));
	int k = fitting_sizes(z, s, v);

	if (k > 0) {
		*mn = (int64_t)v[0];
		*mx = (int64_t)v[k - 1];
		*med = (int64_t)(k % 2 ? v[k / 2] : floor((v[k / 2 - 1] + v[k / 2]) / 2));
	}
	free(v);
	return k;
}

/* "min 12, median 13, max 15", with the trials that did not fit, or "does
 * not fit at full size" when none did. */
static void compaction_text(char *buf, size_t n, const struct sizing *z, int s)
{
	int64_t mn = 0, md = 0, mx = 0;
	int T = z->o->trials, k = compaction_range(z, s, &mn, &md, &mx);

	if (k == 0)
		snprintf(buf, n, "does not fit at full size (%s%d trial%s)", T == 1 ? "" : "any of ",
			 T, T == 1 ? "" : "s");
	else if (k < T)
		snprintf(buf, n, "min %lld, median %lld, max %lld over the %d trial%s that fit; "
			 "%d do%s not fit at full size", (long long)mn, (long long)md,
			 (long long)mx, k, k == 1 ? "" : "s", T - k, T - k == 1 ? "es" : "");
	else
		snprintf(buf, n, "min %lld, median %lld, max %lld", (long long)mn, (long long)md,
			 (long long)mx);
}

/* index.html's answer: per strategy the smallest count, and the targets'
 * statistics there. */
static void index_answer(html *h, const struct sizing *z, const expt_table *t)
{
	const expt *x = z->c->x;
	int ncols = 4 + z->o->ntargets;
	const char **head = xmalloc((size_t)ncols * sizeof(char *));
	const char **row = xmalloc((size_t)ncols * sizeof(char *));
	char (*cell)[96] = xmalloc((size_t)(ncols > 0 ? ncols : 1) * sizeof(*cell));

	head[0] = "strategy";
	head[1] = "smallest count";
	head[2] = "hosts in all";
	head[3] = "counts tried";
	for (int i = 0; i < z->o->ntargets; i++)
		head[4 + i] = z->o->targets[i].text;
	html_h2(h, "Answer");
	html_table(h, head, ncols);
	for (int s = 0; s < x->nstrats; s++) {
		const struct search *q = &z->srch[s];
		row[0] = x->strats[s].label;
		if (answer(q)) {
			snprintf(cell[0], sizeof(cell[0]), "%lld", (long long)q->hi);
			snprintf(cell[1], sizeof(cell[1]), "%lld", (long long)(q->hi + z->others));
		} else {
			snprintf(cell[0], sizeof(cell[0]), "none up to %lld", (long long)z->max);
			snprintf(cell[1], sizeof(cell[1]), "-");
		}
		snprintf(cell[2], sizeof(cell[2]), "%d", q->npts);
		row[1] = cell[0], row[2] = cell[1], row[3] = cell[2];
		for (int i = 0; i < z->o->ntargets; i++) {
			stats_ci st = { 0 };
			for (int p = 0; p < q->npts && answer(q); p++)
				if (q->pts[p].count == q->hi)
					st = point_stats(t, z->o->targets[i].metric, q->pts[p].first,
							 x->reps);
			expt_fmt_metric(cell[3 + i], sizeof(cell[3 + i]), z->o->targets[i].metric,
					&st, 0);
			row[4 + i] = cell[3 + i];
		}
		html_row(h, row);
	}
	html_table_end(h);
	free(head);
	free(row);
	free(cell);
}

/* index.html's measured curves: one chart per target metric that was drawn
 * (two targets on one metric share it). */
static void index_curves(html *h, const struct sizing *z)
{
	char path[4096];

	html_h2(h, "Measured curve");
	html_grid(h);
	for (int i = 0; i < z->o->ntargets; i++) {
		char name[256], cap[512];
		expt_safe_name(name, sizeof(name), "size-", z->o->targets[i].metric);
		snprintf(path, sizeof(path), "%s/%s.svg", z->c->od.stage, name);
		if (access(path, F_OK) != 0 || strstr(sb_str(&h->b), name))
			continue;
		snprintf(cap, sizeof(cap), "%s%s at every count tried, mean and 95 %% CI per "
			 "strategy (moved sideways a little so that equal values stay apart); "
			 "dashed: the target", z->o->targets[i].metric,
			 expt_metric_kind(z->o->targets[i].metric) == EXPT_AVAILABILITY ?
			 " as the downtime a 30-day month would have" : "");
		html_figure(h, name, cap);
	}
	html_grid_end(h);
}

/* index.html's compaction table and chart. */
static void index_compaction(html *h, const struct sizing *z, int with_plots)
{
	const expt *x = z->c->x;
	static const char *const head[] = { "strategy", "hosts", "trials that fit at full size",
					     "compacted: min", "median", "max" };
	int T = z->o->trials;
	char path[4096];

	html_h2(h, "Compaction");
	html_p(h, "Hosts are removed from the whole cluster in a random order (trial t "
	       "uses seed %llu + t, the same order for every strategy) until the workload "
	       "no longer fits: a task is rejected, or a service is below its desired "
	       "count at any time.  The compacted size is the smallest cluster along that "
	       "order that still fits (found by bisection).  A trial whose workload does not "
	       "fit at full size has no compacted size.",
	       (unsigned long long)z->c->base);
	html_table(h, head, 6);
	for (int s = 0; s < x->nstrats; s++) {
		int64_t mn = 0, md = 0, mx = 0;
		int ok = compaction_range(z, s, &mn, &md, &mx);
		char c[5][96];
		const char *row[6] = { x->strats[s].label, c[0], c[1], c[2], c[3], c[4] };
		snprintf(c[0], sizeof(c[0]), "%lld", (long long)z->sc.nhosts);
		snprintf(c[1], sizeof(c[1]), "%d of %d", ok, T);
		if (ok == 0) {
			snprintf(c[2], sizeof(c[2]), "does not fit at full size");
			snprintf(c[3], sizeof(c[3]), "-");
			snprintf(c[4], sizeof(c[4]), "-");
		} else {
			snprintf(c[2], sizeof(c[2]), "%lld", (long long)mn);
			snprintf(c[3], sizeof(c[3]), "%lld", (long long)md);
			snprintf(c[4], sizeof(c[4]), "%lld", (long long)mx);
		}
		html_row(h, row);
	}
	html_table_end(h);
	snprintf(path, sizeof(path), "%s/compaction.svg", z->c->od.stage);
	if (with_plots && access(path, F_OK) == 0)
		html_figure(h, "compaction", "Compacted cluster size over trials, in percent of "
			    "its hosts (cumulative, in percent of all trials; trials that do not fit "
			    "at full size are not drawn)");
}

static int write_index(struct sizing *z, const expt_table *t, int with_plots, ecs_err *e)
{
	static const char *const files[] = { "fleet.csv", "size.csv", "compaction.csv",
					     "replications.csv" };
	char title[512], tt[2048], xl[64];
	html h;

	path_text(xl, sizeof(xl), z);
	targets_text(tt, sizeof(tt), z);
	snprintf(title, sizeof(title), "ecsim size: %s", z->c->name);
	expt_html_head(&h, z->c, title);
	html_p(&h, "Smallest %s (now %lld; the other groups keep %lld hosts) meeting %s, judged "
	       "on the %s over replications.", xl, (long long)z->sc.instances[z->group].count,
	       (long long)z->others, tt, z->o->by_ci ? "unfavourable end of the 95 % interval"
						     : "mean");
	index_answer(&h, z, t);
	if (with_plots)
		index_curves(&h, z);
	if (z->o->trials > 0)
		index_compaction(&h, z, with_plots);
	html_h2(&h, "Files");
	html_files(&h, files, 4);
	html_p(&h, "docs/experiments.md in the ecsim sources defines every column.");
	return html_write(&h, expt_path(z->c, "index.html"), e);
}

static void print_summary(const struct sizing *z, const expt_table *t, double wall)
{
	const expt *x = z->c->x;
	char tt[2048], xl[64];

	path_text(xl, sizeof(xl), z);
	targets_text(tt, sizeof(tt), z);
	printf("size %s: smallest %s meeting %s (%s of %d replication%s)\n", z->c->name, xl, tt,
	       z->o->by_ci ? "95 % CI bound" : "mean", x->reps, x->reps == 1 ? "" : "s");
	expt_print_runs(z->c, wall);
	for (int s = 0; s < x->nstrats; s++) {
		const struct search *q = &z->srch[s];
		if (!answer(q)) {
			printf("  [%d] %-24s none up to %lld (tried %d counts)\n", s + 1,
			       x->strats[s].label, (long long)z->max, q->npts);
			continue;
		}
		printf("  [%d] %-24s %lld (%lld hosts in all; tried %d counts)", s + 1,
		       x->strats[s].label, (long long)q->hi, (long long)(q->hi + z->others), q->npts);
		for (int i = 0; i < z->o->ntargets; i++)
			for (int p = 0; p < q->npts; p++)
				if (q->pts[p].count == q->hi) {
					char a[96];
					stats_ci st = point_stats(t, z->o->targets[i].metric,
								  q->pts[p].first, x->reps);
					expt_fmt_metric(a, sizeof(a), z->o->targets[i].metric, &st, 0);
					printf("%s %s %s", i ? "," : " ", z->o->targets[i].metric, a);
				}
		printf("\n");
	}
	if (z->o->trials > 0) {
		printf("  compaction over %d trial%s (smallest cluster that still fits, of %lld "
		       "hosts):\n", z->o->trials, z->o->trials == 1 ? "" : "s",
		       (long long)z->sc.nhosts);
		for (int s = 0; s < x->nstrats; s++) {
			char text[256];
			compaction_text(text, sizeof(text), z, s);
			printf("  [%d] %-24s %s\n", s + 1, x->strats[s].label, text);
		}
	}
	printf("  results      %s/ (index.html, summary.json, fleet.csv, size.csv, compaction.csv, "
	       "replications.csv)\n", z->c->dir);
}

int expt_size(const expt *x, const expt_size_opts *o, ecs_err *e)
{
	static const char *const dcols[NDESIGN] = { "run", "phase", "strategy", "count", "hosts",
						    "replication", "seed" };
	struct sizing z = { .o = o };
	expt_ctx c;
	expt_table t = { 0 };
	int rc, with_plots = 0;
	double wall;

	if (scenario_load(&z.sc, x->file, x->sets, x->nsets, e) < 0)
		return -1;
	if (parse_instances(o->instances, z.sc.ninstances, &z.group, e) < 0) {
		scenario_destroy(&z.sc);
		return -1;
	}
	z.others = z.sc.nhosts - z.sc.instances[z.group].count;
	z.max = o->max > 0 ? o->max : SC_MAX_HOSTS;
	if (z.max > SC_MAX_HOSTS - z.others)
		z.max = SC_MAX_HOSTS - z.others;
	if (expt_begin(&c, x, "size", e) < 0) {
		scenario_destroy(&z.sc);
		return -1;
	}
	z.c = &c;
	if (o->trials > c.nseeds) /* compaction trial t runs with seed BASE + t */
		c.nseeds = o->trials;
	for (int i = 0; i < o->ntargets; i++) {
		char what[600];
		snprintf(what, sizeof(what), "--target '%s'", o->targets[i].text);
		char why[300];
		if (!expt_metric_ok(&c, o->targets[i].metric, what, e)) {
			scenario_destroy(&z.sc);
			return expt_end(&c, -1, NULL);
		}
		if (unreachable(&o->targets[i], why, sizeof(why))) {
			err_set(e, "%s cannot be met: %s", what, why);
			scenario_destroy(&z.sc);
			return expt_end(&c, -1, NULL);
		}
	}
	if (expt_open(&c, e) < 0) {
		scenario_destroy(&z.sc);
		return expt_end(&c, -1, NULL);
	}
	z.srch = xcalloc((size_t)x->nstrats, sizeof(*z.srch));
	z.cmp = xcalloc((size_t)(x->nstrats * (o->trials > 0 ? o->trials : 1)), sizeof(*z.cmp));
	rc = fleet_search(&z, e);
	if (rc == 0 && o->trials > 0)
		rc = compaction(&z, e);
	wall = expt_elapsed(&c);
	if (rc == 0 && pool_leader(x->pool)) {
		expt_table_init(&t, z.all.res, z.all.n);
		rc = write_fleet(&z, e);
		if (rc == 0)
			rc = write_size(&z, &t, e);
		if (rc == 0 && o->trials > 0)
			rc = write_compaction(&z, e);
		if (rc == 0)
			rc = expt_write_replications(&c, dcols, NDESIGN, z.all.design, &t, e);
		with_plots = x->plots && plot_available();
		if (rc == 0 && with_plots)
			plots(&z, &t);
		if (rc == 0)
			rc = write_index(&z, &t, with_plots, e);
		rc = expt_commit(&c, rc, e);
		if (rc == 0 && !x->quiet)
			print_summary(&z, &t, wall);
		if (rc == 0 && !x->quiet && x->plots && !with_plots)
			printf("  plots        skipped: gnuplot not found (scripts/deps.sh installs "
			       "it)\n");
		expt_table_free(&t);
	}
	for (int s = 0; s < x->nstrats; s++)
		free(z.srch[s].pts);
	free(z.srch);
	free(z.cmp);
	for (int k = 0; z.order && k < o->trials; k++)
		free(z.order[k]);
	free(z.order);
	runs_free(&z.all);
	scenario_destroy(&z.sc);
	return expt_end(&c, rc, e);
}
