/* compare.c - ecsim compare: strategies side by side over replications
 * with common random numbers (see expt.h and docs/experiments.md).
 *
 * Run i is strategy i / reps, replication i % reps, seed base + i % reps.
 */
#include "expt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/chart.h"
#include "reports/inflation.h"
#include "reports/plot.h"

static int write_comparison(expt_ctx *c, const expt_table *t, ecs_err *e)
{
	static const char *const head[] = {
		"metric", "strategy", "n", "mean", "stddev", "ci95_low", "ci95_high",
		"diff_mean", "diff_stddev", "diff_ci95_low", "diff_ci95_high", "significant",
	};
	const expt *x = c->x;
	csvw w;

	if (csvw_open(&w, expt_path(c, "comparison.csv"), head, 12, e) < 0)
		return -1;
	for (int m = 0; m < t->nmetrics; m++) {
		const double *col = expt_col(t, m);
		for (int s = 0; s < x->nstrats; s++) {
			const double *v = col + (size_t)s * (size_t)x->reps;
			stats_ci st = expt_stats(t->names[m], v, x->reps);
			csvw_str(&w, t->names[m]);
			csvw_str(&w, x->strats[s].label);
			expt_csv_stats(&w, &st);
			if (s == 0) {
				for (int k = 0; k < 5; k++)
					csvw_empty(&w);
			} else {
				stats_ci d = expt_paired(t->names[m], v, col, x->reps);
				int sig = expt_significant(&d);
				csvw_f(&w, d.mean);
				csvw_f(&w, d.sd);
				csvw_f(&w, d.lo);
				csvw_f(&w, d.hi);
				if (sig < 0)
					csvw_empty(&w);
				else
					csvw_i64(&w, sig);
			}
			csvw_endrow(&w);
		}
	}
	return csvw_close(&w, e);
}

/* percentiles.csv: each metric's spread over replications, per strategy. */
static int write_percentiles(expt_ctx *c, const expt_table *t, ecs_err *e)
{
	static const char *const head[] = { "metric", "strategy", EXPT_QUANTILE_COLS };
	const expt *x = c->x;
	csvw w;

	if (csvw_open(&w, expt_path(c, "percentiles.csv"), head, 8, e) < 0)
		return -1;
	for (int m = 0; m < t->nmetrics; m++)
		for (int s = 0; s < x->nstrats; s++) {
			csvw_str(&w, t->names[m]);
			csvw_str(&w, x->strats[s].label);
			expt_csv_quantiles(&w, expt_col(t, m) + (size_t)s * (size_t)x->reps, x->reps);
			csvw_endrow(&w);
		}
	return csvw_close(&w, e);
}

/* Means over replications of each strategy's time series. */
struct timeline {
	int n;
	double *v[6];   /* time_s, desired, running, cpu_util, mem_util, hosts_busy */
};

static const char *const series_keys[6] = { "time_s", "desired", "running", "cpu_util",
					    "mem_util", "hosts_busy" };

static void timeline_mean(struct timeline *tl, json_t *const *res, int reps)
{
	int n = -1;

	/* every replication samples at the same times; take the shortest */
	for (int k = 0; k < reps; k++) {
		int len = (int)json_array_size(json_object_get(
			json_object_get(res[k], "series"), "time_s"));
		if (n < 0 || len < n)
			n = len;
	}
	tl->n = n > 0 ? n : 0;
	for (int j = 0; j < 6; j++) {
		double *x = xmalloc((size_t)reps * sizeof(double));
		tl->v[j] = xcalloc((size_t)(tl->n > 0 ? tl->n : 1), sizeof(double));
		for (int i = 0; i < tl->n; i++) {
			for (int k = 0; k < reps; k++)
				x[k] = json_number_value(json_array_get(json_object_get(
					json_object_get(res[k], "series"), series_keys[j]), (size_t)i));
			tl->v[j][i] = stats_of(x, reps, EXPT_LEVEL).mean;
		}
		free(x);
	}
}

static int write_timeline(expt_ctx *c, const struct timeline *tl, ecs_err *e)
{
	static const char *const head[] = { "strategy", "time_s", "desired", "running",
					     "cpu_util", "mem_util", "hosts_busy" };
	csvw w;

	if (csvw_open(&w, expt_path(c, "timeline.csv"), head, 7, e) < 0)
		return -1;
	for (int s = 0; s < c->x->nstrats; s++)
		for (int i = 0; i < tl[s].n; i++) {
			csvw_str(&w, c->x->strats[s].label);
			for (int j = 0; j < 6; j++)
				csvw_f(&w, tl[s].v[j][i]);
			csvw_endrow(&w);
		}
	return csvw_close(&w, e);
}

/* The inflation experiment over replications: per strategy and step of
 * arrived load, the mean and 95 % interval of each figure of the runs'
 * inflation.csv (the steps are the same in every run). */
#define INFL_NF (2 + INFLATION_NFIGS)   /* arrived, failed, then the figures */

struct infl {
	int n;                      /* steps; 0: no trace inflates */
	double *step;
	stats_ci *ci[INFL_NF];
};

static const char *infl_name(int j)
{
	return j == 0 ? "arrived" : j == 1 ? "failed" : inflation_fig_names[j - 2];
}

static void infl_mean(struct infl *f, json_t *const *res, int reps)
{
	int n = -1;
	double *x = xmalloc((size_t)reps * sizeof(double));

	for (int k = 0; k < reps; k++) {
		const json_t *o = json_object_get(res[k], "inflation");
		int len = o ? (int)json_array_size(json_object_get(o, "arrived_step")) : 0;
		if (n < 0 || len < n)
			n = len;
	}
	f->n = n > 0 ? n : 0;
	f->step = xcalloc((size_t)f->n + 1, sizeof(double));
	for (int j = 0; j < INFL_NF; j++)
		f->ci[j] = xcalloc((size_t)f->n + 1, sizeof(stats_ci));
	for (int i = 0; i < f->n; i++) {
		f->step[i] = json_number_value(json_array_get(
			json_object_get(json_object_get(res[0], "inflation"), "arrived_step"),
			(size_t)i));
		for (int j = 0; j < INFL_NF; j++) {
			int m = 0;
			for (int k = 0; k < reps; k++) {
				const json_t *v = json_array_get(json_object_get(
					json_object_get(res[k], "inflation"), infl_name(j)), (size_t)i);
				if (json_is_number(v))
					x[m++] = json_number_value(v);
			}
			f->ci[j][i] = stats_of(x, m, EXPT_LEVEL);
		}
	}
	free(x);
}

static void infl_free(struct infl *f)
{
	free(f->step);
	for (int j = 0; j < INFL_NF; j++)
		free(f->ci[j]);
}

/* compare's inflation.csv: strategy, arrived_step, n, then each figure's
 * mean, ci95_low and ci95_high. */
static int write_inflation(expt_ctx *c, const struct infl *f, ecs_err *e)
{
	const char *head[3 + 3 * INFL_NF];
	char names[3 * INFL_NF][64];
	csvw w;

	head[0] = "strategy", head[1] = "arrived_step", head[2] = "n";
	for (int j = 0; j < INFL_NF; j++)
		for (int q = 0; q < 3; q++) {
			snprintf(names[3 * j + q], sizeof(names[0]), "%s_%s", infl_name(j),
				 q == 0 ? "mean" : q == 1 ? "ci95_low" : "ci95_high");
			head[3 + 3 * j + q] = names[3 * j + q];
		}
	if (csvw_open(&w, expt_path(c, "inflation.csv"), head, 3 + 3 * INFL_NF, e) < 0)
		return -1;
	for (int s = 0; s < c->x->nstrats; s++)
		for (int i = 0; i < f[s].n; i++) {
			csvw_str(&w, c->x->strats[s].label);
			csvw_f(&w, f[s].step[i]);
			csvw_i64(&w, f[s].ci[0][i].n);
			for (int j = 0; j < INFL_NF; j++) {
				csvw_f(&w, f[s].ci[j][i].mean);
				csvw_f(&w, f[s].ci[j][i].lo);
				csvw_f(&w, f[s].ci[j][i].hi);
			}
			csvw_endrow(&w);
		}
	return csvw_close(&w, e);
}

/* Allocation against arrived load, one line per strategy with its
 * intervals: the whole range from 0 (every 5 % or so), then its last 50 %
 * of capacity at every step or so, where the strategies part. */
static int infl_chart(sbuf *b, const expt_ctx *c, const struct infl *f, const char *resource,
		      int zoom, char *name, size_t nname)
{
	const expt *x = c->x;
	int gpu = strcmp(resource, "gpu") == 0, j = 2 + (gpu ? 0 : 5), n = f[0].n;
	double last = n ? f[0].step[n - 1] : 0, from = zoom ? fmax(0, last - 0.5) : 0;
	int stride = n > 27 ? (zoom ? (int)ceil(n * 0.5 / last / 26) : (n + 25) / 26) : 1;
	chart_series *ser = xcalloc((size_t)x->nstrats, sizeof(*ser));
	double *v = xcalloc((size_t)x->nstrats * 4 * (size_t)(n + 1), sizeof(double));
	char title[512], xl[128], yl[128];
	chart_axes ax = { .scale = 100, .nonneg = 1, .from_zero = !zoom };

	for (int s = 0; s < x->nstrats; s++) {
		double *X = v + (size_t)s * 4 * (size_t)(n + 1), *Y = X + n + 1, *L = Y + n + 1,
		       *H = L + n + 1;
		int k = 0;
		for (int i = 0; i < f[s].n && i < n; i++)
			if (f[s].step[i] >= from - 1e-9 && (i % stride == 0 || i == n - 1)) {
				X[k] = 100 * f[s].step[i];
				Y[k] = f[s].ci[j][i].mean;
				L[k] = f[s].ci[j][i].lo;
				H[k] = f[s].ci[j][i].hi;
				k++;
			}
		ser[s] = (chart_series){ .label = x->strats[s].label, .n = k, .x = X, .y = Y,
					 .lo = L, .hi = H };
	}
	snprintf(xl, sizeof(xl), "arrived %s demand (%% of the cluster's %s capacity)",
		 gpu ? "GPU" : "CPU", gpu ? "GPU" : "CPU");
	snprintf(yl, sizeof(yl), "%s allocated (%% of capacity)", gpu ? "GPU" : "CPU");
	snprintf(title, sizeof(title), "%s: %s allocation against arrived load%s (mean, 95%% CI, "
		 "%d replication%s)", c->name, gpu ? "GPU" : "CPU", zoom ? ", zoom" : "", x->reps,
		 x->reps == 1 ? "" : "s");
	ax.title = title, ax.xlabel = xl, ax.ylabel = yl;
	ax.dodge = 0.004;
	ax.xlo = 100 * from - 1, ax.xhi = 100 * last + 1;
	ax.ytop = 100; /* a share of capacity */
	snprintf(name, nname, zoom ? "inflation-end" : "inflation");
	chart_lines(b, name, &ax, ser, x->nstrats);
	free(v);
	free(ser);
	return 1;
}

static void plots(expt_ctx *c, const expt_table *t, const struct timeline *tl,
		  const struct infl *inf, const char *resource)
{
	const expt *x = c->x;
	const char **labels = xmalloc((size_t)x->nstrats * sizeof(char *));
	double *mean = xmalloc((size_t)x->nstrats * sizeof(double));
	double *lo = xmalloc((size_t)x->nstrats * sizeof(double));
	double *hi = xmalloc((size_t)x->nstrats * sizeof(double));
	chart_timeline *ct = xmalloc((size_t)x->nstrats * sizeof(*ct));
	const char *figs[16];
	char names[16][128];
	int nf = 0;
	sbuf b = { 0 };

	for (int s = 0; s < x->nstrats; s++)
		labels[s] = x->strats[s].label;
	for (int k = 0; k < expt_nkeys; k++) {
		const char *metric = expt_keys[k].metric;
		int m = expt_table_find(t, metric);
		chart_axes ax = { .xlabel = "strategy", .ylabel = expt_keys[k].label };
		char title[256], yl[256];
		double worst = INFINITY;
		if (m < 0)
			continue;
		for (int s = 0; s < x->nstrats; s++) {
			stats_ci st = expt_stats(metric, expt_col(t, m) + (size_t)s * (size_t)x->reps,
						 x->reps);
			mean[s] = st.mean, lo[s] = st.lo, hi[s] = st.hi;
			worst = fmin(worst, isfinite(st.lo) ? st.lo : st.mean);
		}
		expt_chart_axes(&ax, metric, worst, yl, sizeof(yl));
		snprintf(title, sizeof(title), "%s: %s (mean, 95%% CI)", c->name, metric);
		ax.title = title;
		snprintf(names[nf], sizeof(names[nf]), "compare-%s", expt_keys[k].file);
		chart_bars(&b, names[nf], &ax, labels, mean, lo, hi, x->nstrats);
		figs[nf] = names[nf];
		nf++;
	}
	for (int s = 0; s < x->nstrats; s++)
		ct[s] = (chart_timeline){ .label = labels[s], .n = tl[s].n, .t_s = tl[s].v[0],
					  .desired = tl[s].v[1], .running = tl[s].v[2],
					  .cpu = tl[s].v[3], .mem = tl[s].v[4] };
	{
		char title[256];
		snprintf(title, sizeof(title), "%s: means over %d replication%s", c->name, x->reps,
			 x->reps == 1 ? "" : "s");
		chart_timelines(&b, "timeline", title, ct, x->nstrats);
		snprintf(names[nf], sizeof(names[nf]), "timeline");
		figs[nf] = names[nf];
		nf++;
	}
	for (int zoom = 0; resource && inf[0].n > 0 && zoom < 2; zoom++) {
		infl_chart(&b, c, inf, resource, zoom, names[nf], sizeof(names[nf]));
		figs[nf] = names[nf];
		nf++;
	}
	expt_plot(c, sb_str(&b), figs, nf);
	sb_free(&b);
	free(labels);
	free(mean);
	free(lo);
	free(hi);
	free(ct);
}

static const char *significant_text(const stats_ci *d)
{
	int sig = expt_significant(d);
	return sig < 0 ? "-" : sig ? "yes" : "no";
}

/* index.html's tables of the key metrics: mean ± CI per strategy, then the
 * paired differences from the first strategy, one row per strategy and
 * metric with whether it is significant. */
static void index_key_tables(html *h, const expt_ctx *c, const expt_table *t)
{
	static const char *const dhead[] = { "strategy", "metric", "difference (mean)",
					      "95 % interval", "significant" };
	const expt *x = c->x;
	int ncols = expt_key_ncols() + 1;
	const char **head = xmalloc((size_t)ncols * sizeof(char *));
	char (*cell)[96] = xmalloc((size_t)ncols * sizeof(*cell));
	const char **row = xmalloc((size_t)ncols * sizeof(char *));

	head[0] = "strategy";
	expt_key_heads(head + 1);
	html_table(h, head, ncols);
	for (int s = 0; s < x->nstrats; s++) {
		row[0] = x->strats[s].label;
		expt_key_cells(t, s * x->reps, x->reps, cell, row + 1);
		html_row(h, row);
	}
	html_table_end(h);
	if (x->nstrats > 1) {
		char hd[600];
		snprintf(hd, sizeof(hd), "Paired differences from %s (same seeds)",
			 x->strats[0].label);
		html_h2(h, hd);
		html_table(h, dhead, 5);
		for (int s = 1; s < x->nstrats; s++)
			for (int k = 0; k < expt_nkeys; k++) {
				const char *metric = expt_keys[k].metric;
				int m = expt_table_find(t, metric);
				stats_ci d = { 0 };
				const char *r[5] = { x->strats[s].label, expt_keys[k].label, cell[0],
						     cell[1], cell[2] };
				if (m >= 0)
					d = expt_paired(metric, expt_col(t, m) + (size_t)s * (size_t)x->reps,
							expt_col(t, m), x->reps);
				expt_fmt_value(cell[0], sizeof(cell[0]), metric, d.n ? d.mean : NAN, 1);
				expt_fmt_interval(cell[1], sizeof(cell[1]), metric, &d, 1);
				snprintf(cell[2], sizeof(cell[2]), "%s", significant_text(&d));
				html_row(h, r);
			}
		html_table_end(h);
		html_p(h, "Each difference is this strategy minus %s over replications that share "
			  "a seed.  It is significant (at the 5 %% level) when its interval excludes "
			  "0.  Differences of percentages are in percentage points (pp).  Common "
			  "random numbers make these intervals narrower than those of unpaired runs "
			  "where the strategies' values move together from seed to seed (not "
			  "always: docs/experiments.md gives measurements); differences within "
			  "floating-point noise (within 10⁻⁹ of the values) are 0.",
			   x->strats[0].label);
	}
	free(head);
	free(cell);
	free(row);
}

/* index.html's plots: the charts that were drawn (gnuplot may be missing). */
static void index_plots(html *h, const expt_ctx *c)
{
	char path[4096];

	html_h2(h, "Plots");
	html_grid(h);
	for (int k = 0; k < expt_nkeys; k++) {
		char name[128], cap[256];
		snprintf(name, sizeof(name), "compare-%s", expt_keys[k].file);
		snprintf(path, sizeof(path), "%s/%s.svg", c->od.stage, name);
		if (access(path, F_OK) != 0)
			continue;
		snprintf(cap, sizeof(cap), expt_metric_kind(expt_keys[k].metric) == EXPT_AVAILABILITY
			 ? "%s as the downtime a 30-day month would have (0 = no downtime): mean "
			   "with 95 %% CI per strategy" : "%s: mean with 95 %% CI per strategy",
			 expt_keys[k].metric);
		html_figure(h, name, cap);
	}
	html_grid_end(h);
	snprintf(path, sizeof(path), "%s/timeline.svg", c->od.stage);
	if (access(path, F_OK) == 0)
		html_figure(h, "timeline", "Per strategy: service tasks running against desired "
			    "(dashed), and reserved CPU against memory (dashed), over time: means "
			    "over replications at each sample time");
	snprintf(path, sizeof(path), "%s/inflation.svg", c->od.stage);
	if (access(path, F_OK) == 0) {
		html_figure(h, "inflation", "The inflation experiment: allocation when the "
			    "arrived demand first reached each step (inflation.csv), mean and 95 % "
			    "CI over replications");
		html_figure(h, "inflation-end", "The same over the last 50 % of capacity of "
			    "arrived load, where the strategies part (the y axis does not start at "
			    "0)");
	}
}

/* index.html's folded table of every metric. */
static void index_all_metrics(html *h, const expt_ctx *c, const expt_table *t)
{
	const expt *x = c->x;
	static const char *const head[] = { "metric", "strategy", "mean ± CI",
					     "paired difference", "significant" };

	html_h2(h, "All metrics");
	html_fold(h, "every numeric summary key, per strategy");
	html_table(h, head, 5);
	for (int m = 0; m < t->nmetrics; m++)
		for (int s = 0; s < x->nstrats; s++) {
			char a[96], d[96] = "";
			const char *row[5] = { t->names[m], x->strats[s].label, a, d, "" };
			const double *v = expt_col(t, m) + (size_t)s * (size_t)x->reps;
			stats_ci st = expt_stats(t->names[m], v, x->reps);
			expt_fmt_metric(a, sizeof(a), t->names[m], &st, 0);
			if (s > 0) {
				st = expt_paired(t->names[m], v, expt_col(t, m), x->reps);
				expt_fmt_metric(d, sizeof(d), t->names[m], &st, 1);
				row[4] = significant_text(&st);
			}
			html_row(h, row);
		}
	html_table_end(h);
	html_fold_end(h);
}

static int write_index(expt_ctx *c, const expt_table *t, int with_plots, int infl,
		       ecs_err *e)
{
	html h;
	char title[512];
	static const char *const files[] = { "comparison.csv", "percentiles.csv", "replications.csv",
					     "timeline.csv", "inflation.csv" };

	snprintf(title, sizeof(title), "ecsim compare: %s", c->name);
	expt_html_head(&h, c, title);
	html_h2(&h, "Key metrics (mean ± half-width of the 95 % CI)");
	index_key_tables(&h, c, t);
	if (with_plots)
		index_plots(&h, c);
	index_all_metrics(&h, c, t);
	html_h2(&h, "Files");
	html_files(&h, files, infl ? 5 : 4);
	html_p(&h, "docs/experiments.md in the ecsim sources defines every column.");
	return html_write(&h, expt_path(c, "index.html"), e);
}

static void print_summary(const expt_ctx *c, const expt_table *t, double wall, int infl)
{
	const expt *x = c->x;
	char seeds[256];

	expt_seed_text(seeds, sizeof(seeds), c);
	printf("compare %s: %d strateg%s x %d replication%s, %s\n", c->name, x->nstrats,
	       x->nstrats == 1 ? "y" : "ies", x->reps, x->reps == 1 ? "" : "s", seeds);
	expt_print_runs(c, wall);
	for (int s = 0; s < x->nstrats; s++) {
		printf("  [%d] %s\n", s + 1, x->strats[s].label);
		for (int k = 0; k < expt_nkeys; k++) {
			int m = expt_table_find(t, expt_keys[k].metric);
			char a[96], d[96] = "";
			stats_ci st;
			if (m < 0)
				continue;
			st = expt_stats(expt_keys[k].metric, expt_col(t, m) + (size_t)s * (size_t)x->reps,
					x->reps);
			expt_fmt_metric(a, sizeof(a), expt_keys[k].metric, &st, 0);
			if (s > 0) {
				char v[80];
				st = expt_paired(expt_keys[k].metric,
						 expt_col(t, m) + (size_t)s * (size_t)x->reps,
						 expt_col(t, m), x->reps);
				expt_fmt_metric(v, sizeof(v), expt_keys[k].metric, &st, 1);
				snprintf(d, sizeof(d), "  vs [1]: %s%s", v,
					 expt_significant(&st) > 0 ? " (significant)" : "");
			}
			printf("      %-20s %-26s%s\n", expt_keys[k].metric, a, d);
		}
	}
	printf("  results      %s/ (index.html, summary.json, comparison.csv, percentiles.csv, "
	       "replications.csv, timeline.csv%s)\n", c->dir, infl ? ", inflation.csv" : "");
}

int expt_compare(const expt *x, ecs_err *e)
{
	expt_ctx c;
	int n = x->nstrats * x->reps, rc;
	study_spec *specs;
	json_t **res;
	expt_table t;
	struct timeline *tl;
	struct infl *inf;
	const char *resource;
	char **design;
	int with_plots;
	double wall;

	if (expt_begin(&c, x, "compare", e) < 0)
		return -1;
	if (expt_open(&c, e) < 0)
		return expt_end(&c, -1, NULL);
	specs = xcalloc((size_t)n, sizeof(*specs));
	res = xcalloc((size_t)n, sizeof(*res));
	for (int i = 0; i < n; i++)
		specs[i] = (study_spec){ .file = x->file, .reg = x->reg, .sets = x->sets, .nsets = x->nsets,
					 .seed = c.base + (uint64_t)(i % x->reps),
					 .strategy = x->strats[i / x->reps].spec, .series = 1 };
	rc = expt_batch(&c, specs, n, res, "compare", e);
	free(specs);
	if (rc < 0 || !pool_leader(x->pool)) {
		for (int i = 0; i < n; i++)
			json_decref(res[i]);
		free(res);
		return expt_end(&c, rc, e);
	}
	wall = expt_elapsed(&c);
	expt_table_init(&t, res, n);
	tl = xcalloc((size_t)x->nstrats, sizeof(*tl));
	inf = xcalloc((size_t)x->nstrats, sizeof(*inf));
	for (int s = 0; s < x->nstrats; s++) {
		timeline_mean(&tl[s], res + (size_t)s * (size_t)x->reps, x->reps);
		infl_mean(&inf[s], res + (size_t)s * (size_t)x->reps, x->reps);
	}
	resource = json_string_value(json_object_get(json_object_get(json_object_get(
		res[0], "summary"), "inflation"), "resource"));
	design = xmalloc((size_t)n * 4 * sizeof(char *));
	for (int i = 0; i < n; i++) {
		char b[64];
		snprintf(b, sizeof(b), "%d", i);
		design[4 * i] = xstrdup(b);
		design[4 * i + 1] = xstrdup(x->strats[i / x->reps].label);
		snprintf(b, sizeof(b), "%d", i % x->reps);
		design[4 * i + 2] = xstrdup(b);
		snprintf(b, sizeof(b), "%llu", (unsigned long long)(c.base + (uint64_t)(i % x->reps)));
		design[4 * i + 3] = xstrdup(b);
	}
	{
		static const char *const dcols[] = { "run", "strategy", "replication", "seed" };
		rc = write_comparison(&c, &t, e);
		if (rc == 0)
			rc = write_percentiles(&c, &t, e);
		if (rc == 0)
			rc = expt_write_replications(&c, dcols, 4, design, &t, e);
		if (rc == 0)
			rc = write_timeline(&c, tl, e);
		if (rc == 0 && resource)
			rc = write_inflation(&c, inf, e);
	}
	with_plots = x->plots && plot_available();
	if (rc == 0 && with_plots)
		plots(&c, &t, tl, inf, resource);
	if (rc == 0)
		rc = write_index(&c, &t, with_plots, resource != NULL, e);
	rc = expt_commit(&c, rc, e);
	if (rc == 0 && !x->quiet)
		print_summary(&c, &t, wall, resource != NULL);
	if (rc == 0 && !x->quiet && x->plots && !with_plots)
		printf("  plots        skipped: gnuplot not found (scripts/deps.sh installs it)\n");
	for (int i = 0; i < 4 * n; i++)
		free(design[i]);
	free(design);
	for (int s = 0; s < x->nstrats; s++) {
		for (int j = 0; j < 6; j++)
			free(tl[s].v[j]);
		infl_free(&inf[s]);
	}
	free(tl);
	free(inf);
	expt_table_free(&t);
	for (int i = 0; i < n; i++)
		json_decref(res[i]);
	free(res);
	return expt_end(&c, rc, e);
}
