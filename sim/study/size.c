/* size.c - ecsim size: the smallest instance count meeting targets, by
 * bisection, and Borg-style compaction (see expt.h, docs/experiments.md).
 *
 * Both searches assume monotonicity: more hosts never make a target metric
 * worse, and a cluster that fits keeps fitting with hosts added.  All
 * strategies (and compaction trials) search in lockstep, so each step is
 * one batch for the pool.  The files, plots, page and printed answer of
 * a finished search are size_report.c's.
 */
#include "size.h"

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
double size_judged(const stats_ci *s, enum expt_op op, int by_ci)
{
	if (!by_ci || !isfinite(s->lo))
		return s->mean;
	return op == EXPT_GE || op == EXPT_GT ? s->lo : s->hi;
}

/* >= and <= allow a relative 1e-9 so that rounding (an availability of
 * 0.99999999999999989 for a service that was never short) does not fail
 * a target of exactly 1; > and < are strict. */
int size_target_met(const expt_target *t, double v)
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
	if (!size_target_met(t, lo) && !size_target_met(t, hi) &&
	    ((t->op == EXPT_LE || t->op == EXPT_LT) ? !size_target_met(t, lo) : !size_target_met(t, hi))) {
		if (t->op == EXPT_LE || t->op == EXPT_LT)
			snprintf(why, n, "%s is never below %g", t->metric, lo);
		else
			snprintf(why, n, "%s is never above %g", t->metric, hi);
		return 1;
	}
	return 0;
}

const char *size_op_text(enum expt_op op)
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
					if (!size_target_met(tg, size_judged(&st, tg->op, z->o->by_ci)))
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
		rc = size_write_fleet(&z, e);
		if (rc == 0)
			rc = size_write_size(&z, &t, e);
		if (rc == 0 && o->trials > 0)
			rc = size_write_compaction(&z, e);
		if (rc == 0)
			rc = expt_write_replications(&c, dcols, NDESIGN, z.all.design, &t, e);
		with_plots = x->plots && plot_available();
		if (rc == 0 && with_plots)
			size_plots(&z, &t);
		if (rc == 0)
			rc = size_write_index(&z, &t, with_plots, e);
		rc = expt_commit(&c, rc, e);
		if (rc == 0 && !x->quiet)
			size_print_summary(&z, &t, wall);
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
