/* size_report.c - what ecsim size writes and shows once its search is
 * done (see size.h): size.csv (every target per count tried), fleet.csv,
 * compaction.csv, the curves and compaction plots, index.html and the
 * answer printed on stdout.  Runs nothing.
 */
#include "size.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/chart.h"
#include "reports/fmt.h"
#include "reports/plot.h"

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

int size_write_size(struct sizing *z, const expt_table *t, ecs_err *e)
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
						 size_op_text(g->op), g->value);
					met = (met != 0) && size_target_met(g, size_judged(&st, g->op, z->o->by_ci));
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

int size_write_fleet(struct sizing *z, ecs_err *e)
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

int size_write_compaction(struct sizing *z, ecs_err *e)
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

void size_plots(struct sizing *z, const expt_table *t)
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
			snprintf(hl, sizeof(hl), "target %s %s (%s a month)", size_op_text(g->op), hv, d);
		} else {
			snprintf(hl, sizeof(hl), "target %s %s", size_op_text(g->op), hv);
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

int size_write_index(struct sizing *z, const expt_table *t, int with_plots, ecs_err *e)
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

void size_print_summary(const struct sizing *z, const expt_table *t, double wall)
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
