/* sweep.c - ecsim sweep: the cartesian product of parameter values x
 * strategies x replications (see expt.h and docs/experiments.md).
 *
 * Point p gives parameter j the value (p / stride_j) % nvalues_j, the first
 * parameter varying slowest; run i is point i / (S R), strategy
 * (i / R) % S, replication i % R with seed base + i % R.
 */
#include "expt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/chart.h"
#include "reports/plot.h"

struct grid {
	const expt_param *par;
	int npar, npoints;
	int *stride;
	char ***sets;        /* per point: x->sets then PATH=value per parameter */
	int nsets;
};

static int value_of(const struct grid *g, int p, int j)
{
	return (p / g->stride[j]) % g->par[j].nvalues;
}

static void grid_init(struct grid *g, const expt *x, const expt_param *par, int npar)
{
	*g = (struct grid){ .par = par, .npar = npar, .npoints = 1 };
	g->stride = xmalloc((size_t)npar * sizeof(int));
	for (int j = npar - 1; j >= 0; j--) {
		g->stride[j] = g->npoints;
		g->npoints *= par[j].nvalues;
	}
	g->nsets = x->nsets + npar;
	g->sets = xmalloc((size_t)g->npoints * sizeof(char **));
	for (int p = 0; p < g->npoints; p++) {
		g->sets[p] = xmalloc((size_t)(g->nsets + 1) * sizeof(char *));
		for (int i = 0; i < x->nsets; i++)
			g->sets[p][i] = xstrdup(x->sets[i]);
		for (int j = 0; j < npar; j++) {
			const char *v = par[j].values[value_of(g, p, j)];
			size_t n = strlen(par[j].path) + strlen(v) + 2;
			char *a = xmalloc(n);
			snprintf(a, n, "%s=%s", par[j].path, v);
			g->sets[p][x->nsets + j] = a;
		}
	}
}

static void grid_free(struct grid *g)
{
	for (int p = 0; p < g->npoints; p++) {
		for (int i = 0; i < g->nsets; i++)
			free(g->sets[p][i]);
		free(g->sets[p]);
	}
	free(g->sets);
	free(g->stride);
}

/* Every value of every parameter loads (alone) before anything runs. */
static int check_params(const expt *x, const expt_param *par, int npar, ecs_err *e)
{
	char **sets = xmalloc((size_t)(x->nsets + 1) * sizeof(char *));

	memcpy(sets, x->sets, (size_t)x->nsets * sizeof(char *));
	for (int j = 0; j < npar; j++)
		for (int i = 0; i < par[j].nvalues; i++) {
			size_t n = strlen(par[j].path) + strlen(par[j].values[i]) + 2;
			char *a = xmalloc(n);
			study_spec sp = { .file = x->file, .reg = x->reg, .sets = sets, .nsets = x->nsets + 1 };
			ecs_err le = { 0 };
			json_t *sum;
			snprintf(a, n, "%s=%s", par[j].path, par[j].values[i]);
			sets[x->nsets] = a;
			sum = study_check(&sp, NULL, &le);
			free(a);
			if (!sum) {
				/* the loader names it --set; here it came from --param */
				if (strncmp(le.msg, "--set ", 6) == 0)
					err_set(e, "--param %s", le.msg + 6);
				else
					err_set(e, "--param %s=%s: %s", par[j].path, par[j].values[i],
						le.msg);
				free(sets);
				return -1;
			}
			json_decref(sum);
		}
	free(sets);
	return 0;
}

/* Opens NAME in the study's folder with the grid's parameters, then tail,
 * as columns. */
static int open_grid_csv(expt_ctx *c, const struct grid *g, const char *name,
			 const char *const *tail, int nt, csvw *w, ecs_err *e)
{
	int ncols = g->npar + nt, rc;
	const char **head = xmalloc((size_t)ncols * sizeof(char *));

	for (int j = 0; j < g->npar; j++)
		head[j] = g->par[j].path;
	for (int k = 0; k < nt; k++)
		head[g->npar + k] = tail[k];
	rc = csvw_open(w, expt_path(c, name), head, ncols, e);
	free(head);
	return rc;
}

/* The first columns of a row for point p and strategy s, metric m. */
static void grid_row_head(csvw *w, const expt *x, const struct grid *g, int p, int s,
			  const char *metric)
{
	for (int j = 0; j < g->npar; j++)
		csvw_str(w, g->par[j].values[value_of(g, p, j)]);
	csvw_str(w, x->strats[s].label);
	csvw_str(w, metric);
}

static int write_sweep(expt_ctx *c, const struct grid *g, const expt_table *t, ecs_err *e)
{
	static const char *const tail[] = { "strategy", "metric", "n", "mean", "stddev",
					     "ci95_low", "ci95_high" };
	const expt *x = c->x;
	int R = x->reps, S = x->nstrats;
	csvw w;

	if (open_grid_csv(c, g, "sweep.csv", tail, 7, &w, e) < 0)
		return -1;
	for (int p = 0; p < g->npoints; p++)
		for (int s = 0; s < S; s++)
			for (int m = 0; m < t->nmetrics; m++) {
				stats_ci st = expt_stats(t->names[m],
							 expt_col(t, m) + (size_t)(p * S + s) * (size_t)R, R);
				grid_row_head(&w, x, g, p, s, t->names[m]);
				expt_csv_stats(&w, &st);
				csvw_endrow(&w);
			}
	return csvw_close(&w, e);
}

/* percentiles.csv: each metric's spread over replications, per point and
 * strategy. */
static int write_percentiles(expt_ctx *c, const struct grid *g, const expt_table *t, ecs_err *e)
{
	static const char *const tail[] = { "strategy", "metric", EXPT_QUANTILE_COLS };
	const expt *x = c->x;
	int R = x->reps, S = x->nstrats;
	csvw w;

	if (open_grid_csv(c, g, "percentiles.csv", tail, (int)(sizeof(tail) / sizeof(*tail)), &w,
			  e) < 0)
		return -1;
	for (int p = 0; p < g->npoints; p++)
		for (int s = 0; s < S; s++)
			for (int m = 0; m < t->nmetrics; m++) {
				grid_row_head(&w, x, g, p, s, t->names[m]);
				expt_csv_quantiles(&w, expt_col(t, m) + (size_t)(p * S + s) * (size_t)R, R);
				csvw_endrow(&w);
			}
	return csvw_close(&w, e);
}

static int numeric(const expt_param *p)
{
	for (int i = 0; i < p->nvalues; i++) {
		char *end;
		double v = strtod(p->values[i], &end);
		if (end == p->values[i] || *end || !isfinite(v))
			return 0;
	}
	return 1;
}

/* Label of the line through points that share strategy s and the values
 * of every parameter but the first (point o of the rest). */
static void series_label(char *buf, size_t n, const expt_ctx *c, const struct grid *g, int s,
			 int o)
{
	size_t k = (size_t)snprintf(buf, n, "%s", c->x->strats[s].label);
	for (int j = 1; j < g->npar && k < n; j++)
		k += (size_t)snprintf(buf + k, n - k, ", %s=%s", g->par[j].path,
				      g->par[j].values[value_of(g, o, j)]);
}

static void plots(expt_ctx *c, const struct grid *g, const expt_table *t)
{
	const expt *x = c->x;
	const expt_param *p0 = &g->par[0];
	int S = x->nstrats, R = x->reps, rest = g->npoints / p0->nvalues, nser = S * rest;
	int isnum = numeric(p0), nf = 0;
	chart_series *ser = xcalloc((size_t)nser, sizeof(*ser));
	double *buf = xmalloc((size_t)nser * 4 * (size_t)p0->nvalues * sizeof(double));
	char (*labels)[512] = xmalloc((size_t)nser * sizeof(*labels));
	const char *figs[16];
	char names[16][128];
	sbuf b = { 0 };

	for (int k = 0; k < expt_nkeys; k++) {
		const char *metric = expt_keys[k].metric;
		int m = expt_table_find(t, metric);
		char title[256], yl[256];
		double worst = INFINITY;
		chart_axes ax = { .xlabel = p0->path, .ylabel = expt_keys[k].label, .dodge = 0.012 };
		if (m < 0)
			continue;
		for (int s = 0; s < S; s++)
			for (int o = 0; o < rest; o++) {
				int q = s * rest + o;
				double *X = buf + (size_t)q * 4 * (size_t)p0->nvalues;
				double *Y = X + p0->nvalues, *L = Y + p0->nvalues, *H = L + p0->nvalues;
				for (int a = 0; a < p0->nvalues; a++) {
					int p = a * rest + o;
					stats_ci st = expt_stats(metric, expt_col(t, m) +
								 (size_t)(p * S + s) * (size_t)R, R);
					X[a] = isnum ? strtod(p0->values[a], NULL) : a;
					Y[a] = st.mean, L[a] = st.lo, H[a] = st.hi;
					worst = fmin(worst, isfinite(st.lo) ? st.lo : st.mean);
				}
				series_label(labels[q], sizeof(labels[q]), c, g, s, o);
				ser[q] = (chart_series){ .label = labels[q], .n = p0->nvalues, .x = X,
							 .y = Y, .lo = R > 1 ? L : NULL,
							 .hi = R > 1 ? H : NULL };
			}
		if (!isnum) {
			ax.xtics = (const char *const *)p0->values;
			ax.nxtics = p0->nvalues;
		}
		expt_chart_axes(&ax, metric, worst, yl, sizeof(yl));
		snprintf(title, sizeof(title), "%s: %s (mean, 95%% CI)", c->name, metric);
		ax.title = title;
		snprintf(names[nf], sizeof(names[nf]), "sweep-%s", expt_keys[k].file);
		chart_lines(&b, names[nf], &ax, ser, nser);
		figs[nf] = names[nf];
		nf++;
	}
	expt_plot(c, sb_str(&b), figs, nf);
	sb_free(&b);
	free(ser);
	free(buf);
	free(labels);
}

static int write_index(expt_ctx *c, const struct grid *g, const expt_table *t, int with_plots,
		       ecs_err *e)
{
	const expt *x = c->x;
	int S = x->nstrats, R = x->reps, nk = expt_key_ncols(), ncols = g->npar + 1 + nk;
	const char **head = xmalloc((size_t)ncols * sizeof(char *));
	const char **row = xmalloc((size_t)ncols * sizeof(char *));
	char (*cell)[96] = xmalloc((size_t)nk * sizeof(*cell));
	static const char *const files[] = { "sweep.csv", "percentiles.csv", "replications.csv" };
	char title[512], path[4096];
	html h;

	snprintf(title, sizeof(title), "ecsim sweep: %s", c->name);
	expt_html_head(&h, c, title);
	html_p(&h, "%d point%s x %d strateg%s.", g->npoints, g->npoints == 1 ? "" : "s", S,
	       S == 1 ? "y" : "ies");
	if (with_plots) {
		html_h2(&h, "Plots");
		html_grid(&h);
		for (int k = 0; k < expt_nkeys; k++) {
			char name[128], cap[512];
			snprintf(name, sizeof(name), "sweep-%s", expt_keys[k].file);
			snprintf(path, sizeof(path), "%s/%s.svg", c->od.stage, name);
			if (access(path, F_OK) != 0)
				continue;
			snprintf(cap, sizeof(cap), "%s%s against %s: mean and 95 %% CI per line; "
				 "the lines' points are moved sideways a little so that equal values "
				 "stay apart", expt_keys[k].metric,
				 expt_metric_kind(expt_keys[k].metric) == EXPT_AVAILABILITY ?
				 " (as the downtime a 30-day month would have)" : "", g->par[0].path);
			html_figure(&h, name, cap);
		}
		html_grid_end(&h);
	}
	html_h2(&h, "Key metrics (mean ± half-width of the 95 % CI)");
	for (int j = 0; j < g->npar; j++)
		head[j] = g->par[j].path;
	head[g->npar] = "strategy";
	expt_key_heads(head + g->npar + 1);
	html_table(&h, head, ncols);
	for (int p = 0; p < g->npoints; p++)
		for (int s = 0; s < S; s++) {
			for (int j = 0; j < g->npar; j++)
				row[j] = g->par[j].values[value_of(g, p, j)];
			row[g->npar] = x->strats[s].label;
			expt_key_cells(t, (p * S + s) * R, R, cell, row + g->npar + 1);
			html_row(&h, row);
		}
	html_table_end(&h);
	html_h2(&h, "Files");
	html_files(&h, files, 3);
	html_p(&h, "docs/experiments.md in the ecsim sources defines every column.");
	free(head);
	free(row);
	free(cell);
	return html_write(&h, expt_path(c, "index.html"), e);
}

static void print_summary(const expt_ctx *c, const struct grid *g, const expt_table *t,
			  double wall)
{
	const expt *x = c->x;
	int S = x->nstrats, R = x->reps;
	char seeds[256];

	expt_seed_text(seeds, sizeof(seeds), c);
	printf("sweep %s: %d point%s x %d strateg%s x %d replication%s, %s\n", c->name,
	       g->npoints, g->npoints == 1 ? "" : "s", S, S == 1 ? "y" : "ies", R,
	       R == 1 ? "" : "s", seeds);
	expt_print_runs(c, wall);
	for (int p = 0; p < g->npoints; p++)
		for (int s = 0; s < S; s++) {
			printf("  ");
			for (int j = 0; j < g->npar; j++)
				printf("%s=%s ", g->par[j].path, g->par[j].values[value_of(g, p, j)]);
			printf("[%s]\n     ", x->strats[s].label);
			for (int k = 0; k < expt_nkeys; k++) {
				int m = expt_table_find(t, expt_keys[k].metric);
				char a[96];
				stats_ci st;
				if (m < 0)
					continue;
				st = expt_stats(expt_keys[k].metric,
						expt_col(t, m) + (size_t)(p * S + s) * (size_t)R, R);
				expt_fmt_metric(a, sizeof(a), expt_keys[k].metric, &st, 0);
				printf(" %s %s%s", expt_keys[k].metric, a, k + 1 < expt_nkeys ? "," : "");
			}
			printf("\n");
		}
	printf("  results      %s/ (index.html, summary.json, sweep.csv, percentiles.csv, "
	       "replications.csv)\n",
	       c->dir);
}

int expt_sweep(const expt *x, const expt_param *par, int npar, ecs_err *e)
{
	expt_ctx c;
	struct grid g;
	int S = x->nstrats, R = x->reps, n, rc, nd = npar + 4, with_plots;
	study_spec *specs;
	json_t **res;
	expt_table t;
	char **design;
	const char **dcols;
	double wall;

	if (check_params(x, par, npar, e) < 0)
		return -1;
	if (expt_begin(&c, x, "sweep", e) < 0)
		return -1;
	if (expt_open(&c, e) < 0)
		return expt_end(&c, -1, NULL);
	grid_init(&g, x, par, npar);
	n = g.npoints * S * R;
	specs = xcalloc((size_t)n, sizeof(*specs));
	res = xcalloc((size_t)n, sizeof(*res));
	for (int i = 0; i < n; i++)
		specs[i] = (study_spec){ .file = x->file, .reg = x->reg, .sets = g.sets[i / (S * R)],
					 .nsets = g.nsets, .seed = c.base + (uint64_t)(i % R),
					 .strategy = x->strats[(i / R) % S].spec };
	rc = expt_batch(&c, specs, n, res, "sweep", e);
	free(specs);
	if (rc < 0 || !pool_leader(x->pool)) {
		for (int i = 0; i < n; i++)
			json_decref(res[i]);
		free(res);
		grid_free(&g);
		return expt_end(&c, rc, e);
	}
	wall = expt_elapsed(&c);
	expt_table_init(&t, res, n);
	dcols = xmalloc((size_t)nd * sizeof(char *));
	design = xmalloc((size_t)n * (size_t)nd * sizeof(char *));
	dcols[0] = "run";
	for (int j = 0; j < npar; j++)
		dcols[1 + j] = par[j].path;
	dcols[npar + 1] = "strategy";
	dcols[npar + 2] = "replication";
	dcols[npar + 3] = "seed";
	for (int i = 0; i < n; i++) {
		char b[64], **d = design + (size_t)i * (size_t)nd;
		int p = i / (S * R);
		snprintf(b, sizeof(b), "%d", i);
		d[0] = xstrdup(b);
		for (int j = 0; j < npar; j++)
			d[1 + j] = xstrdup(par[j].values[value_of(&g, p, j)]);
		d[npar + 1] = xstrdup(x->strats[(i / R) % S].label);
		snprintf(b, sizeof(b), "%d", i % R);
		d[npar + 2] = xstrdup(b);
		snprintf(b, sizeof(b), "%llu", (unsigned long long)(c.base + (uint64_t)(i % R)));
		d[npar + 3] = xstrdup(b);
	}
	rc = write_sweep(&c, &g, &t, e);
	if (rc == 0)
		rc = write_percentiles(&c, &g, &t, e);
	if (rc == 0)
		rc = expt_write_replications(&c, dcols, nd, design, &t, e);
	with_plots = x->plots && plot_available();
	if (rc == 0 && with_plots)
		plots(&c, &g, &t);
	if (rc == 0)
		rc = write_index(&c, &g, &t, with_plots, e);
	rc = expt_commit(&c, rc, e);
	if (rc == 0 && !x->quiet)
		print_summary(&c, &g, &t, wall);
	if (rc == 0 && !x->quiet && x->plots && !with_plots)
		printf("  plots        skipped: gnuplot not found (scripts/deps.sh installs it)\n");
	for (int i = 0; i < n * nd; i++)
		free(design[i]);
	free(design);
	free(dcols);
	expt_table_free(&t);
	for (int i = 0; i < n; i++)
		json_decref(res[i]);
	free(res);
	grid_free(&g);
	return expt_end(&c, rc, e);
}
