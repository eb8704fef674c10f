/* expt.c - what compare, sweep and size share (see expt.h). */
#include "expt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reports/fmt.h"
#include "reports/plot.h"
#include "reports/provenance.h"
#include "sim/scenario/scenario.h"

const expt_key expt_keys[] = {
	{ "availability", "availability", "availability" },
	{ "utilization.cpu", "CPU reserved (%)", "utilization-cpu" },
	{ "utilization.memory", "memory reserved (%)", "utilization-memory" },
	{ "hosts.mean_busy", "hosts busy (mean number)", "hosts-busy" },
	{ "tasks.rejected", "tasks rejected (count)", "rejected" },
	{ "cost_usd", "cost (USD)", "cost" },
};
const int expt_nkeys = (int)(sizeof(expt_keys) / sizeof(expt_keys[0]));

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = 0;
	return s;
}

/* ---- strategies --------------------------------------------------------- */

int expt_parse_strategies(const char *arg, expt_strategy **out, int *n, ecs_err *e)
{
	char *copy = xstrdup(arg), *save = NULL, *item;
	int k = 0, cap = 0;

	*out = NULL;
	*n = 0;
	/* strtok_r would skip empty items; split by hand to report them */
	for (item = copy;; item = save + 1) {
		char *eq, *label, *spec;
		save = strchr(item, ';');
		if (save)
			*save = 0;
		item = trim(item);
		if (!*item) {
			if (!save && k > 0)
				break; /* a trailing ';' is fine */
			err_set(e, "--strategies '%s': empty strategy (separate specs with ';')", arg);
			goto fail;
		}
		eq = strchr(item, '=');
		if (eq && (eq == item || !*trim(eq + 1))) {
			err_set(e, "--strategies '%s': '%s' needs LABEL=SPEC", arg, item);
			goto fail;
		}
		label = eq ? trim((*eq = 0, item)) : item;
		spec = eq ? trim(eq + 1) : item;
		for (int i = 0; i < k; i++)
			if (strcmp((*out)[i].label, label) == 0) {
				err_set(e, "--strategies: '%s' is given twice; name them apart, e.g. "
					   "'a=%s;b=%s'", label, spec, spec);
				goto fail;
			}
		if (k == cap) {
			cap = cap ? 2 * cap : 4;
			*out = xrealloc(*out, (size_t)cap * sizeof(**out));
		}
		(*out)[k].label = xstrdup(label);
		(*out)[k].spec = strcmp(spec, "scenario") == 0 ? NULL : xstrdup(spec);
		k++;
		if (!save)
			break;
	}
	free(copy);
	*n = k;
	return 0;
fail:
	free(copy);
	expt_strategies_free(*out, k);
	*out = NULL;
	return -1;
}

void expt_strategies_free(expt_strategy *s, int n)
{
	for (int i = 0; i < n; i++) {
		free(s[i].label);
		free(s[i].spec);
	}
	free(s);
}

/* ---- parameters and targets --------------------------------------------- */

int expt_parse_param(const char *arg, expt_param *p, ecs_err *e)
{
	const char *eq = strchr(arg, '='), *s, *start;
	int depth = 0, quoted = 0;

	*p = (expt_param){ 0 };
	if (!eq || eq == arg)
		return err_set(e, "--param '%s': expected PATH=v1,v2,..., e.g. "
			       "services.web.desiredCount=10,20,40", arg);
	p->path = xmalloc((size_t)(eq - arg) + 1);
	memcpy(p->path, arg, (size_t)(eq - arg));
	p->path[eq - arg] = 0;
	for (s = start = eq + 1;; s++) {
		if (quoted) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				quoted = 0;
		} else if (*s == '"') {
			quoted = 1;
		} else if (*s == '[' || *s == '{') {
			depth++;
		} else if ((*s == ']' || *s == '}') && depth > 0) {
			depth--;
		}
		if (*s == 0 || (*s == ',' && depth == 0 && !quoted)) {
			size_t len = (size_t)(s - start);
			char *v = xmalloc(len + 1);
			memcpy(v, start, len);
			v[len] = 0;
			if (!*trim(v)) {
				free(v);
				expt_param_free(p);
				return err_set(e, "--param '%s': empty value", arg);
			}
			p->values = xrealloc(p->values, (size_t)(p->nvalues + 1) * sizeof(char *));
			p->values[p->nvalues++] = v;
			if (*s == 0)
				break;
			start = s + 1;
		}
	}
	return 0;
}

void expt_param_free(expt_param *p)
{
	for (int i = 0; i < p->nvalues; i++)
		free(p->values[i]);
	free(p->values);
	free(p->path);
	*p = (expt_param){ 0 };
}

int expt_parse_target(const char *arg, expt_target *t, ecs_err *e)
{
	static const struct { const char *s; enum expt_op op; } ops[] = {
		{ ">=", EXPT_GE }, { "<=", EXPT_LE }, { ">", EXPT_GT }, { "<", EXPT_LT },
	};
	const char *at = NULL;
	char *metric, *end;
	int k = -1;

	*t = (expt_target){ 0 };
	for (int i = 0; i < 4 && !at; i++)
		if ((at = strstr(arg, ops[i].s)))
			k = i;
	if (!at)
		return err_set(e, "--target '%s': expected METRIC>=VALUE, METRIC<=VALUE, "
			       "METRIC>VALUE or METRIC<VALUE, e.g. availability>=0.999", arg);
	metric = xmalloc((size_t)(at - arg) + 1);
	memcpy(metric, arg, (size_t)(at - arg));
	metric[at - arg] = 0;
	t->metric = xstrdup(trim(metric));
	free(metric);
	t->text = xstrdup(arg);
	t->op = ops[k].op;
	at += strlen(ops[k].s);
	while (isspace((unsigned char)*at))
		at++;
	t->value = strtod(at, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (!*t->metric || end == at || *end || !isfinite(t->value)) {
		err_set(e, "--target '%s': %s", arg, !*t->metric ? "missing the metric before the "
			"comparison" : "the value after the comparison must be a number");
		expt_target_free(t);
		return -1;
	}
	return 0;
}

void expt_target_free(expt_target *t)
{
	free(t->text);
	free(t->metric);
	*t = (expt_target){ 0 };
}

/* ---- the table of metrics ----------------------------------------------- */

int expt_table_find(const expt_table *t, const char *name)
{
	for (int m = 0; m < t->nmetrics; m++)
		if (strcmp(t->names[m], name) == 0)
			return m;
	return -1;
}

void expt_table_init(expt_table *t, json_t *const *results, int n)
{
	study_metric **fl = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*fl));
	int *nf = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*nf));

	*t = (expt_table){ .nruns = n };
	for (int r = 0; r < n; r++) {
		nf[r] = study_flatten(json_object_get(results[r], "summary"), &fl[r]);
		for (int i = 0; i < nf[r]; i++)
			if (expt_table_find(t, fl[r][i].name) < 0) {
				t->names = xrealloc(t->names, (size_t)(t->nmetrics + 1) * sizeof(char *));
				t->names[t->nmetrics++] = xstrdup(fl[r][i].name);
			}
	}
	t->v = xcalloc((size_t)t->nmetrics * (size_t)(n > 0 ? n : 1), sizeof(double));
	for (int r = 0; r < n; r++) {
		for (int i = 0; i < nf[r]; i++) {
			/* summaries share their order, so the metric is usually at i */
			int m = i < t->nmetrics && strcmp(t->names[i], fl[r][i].name) == 0
					? i : expt_table_find(t, fl[r][i].name);
			t->v[(size_t)m * (size_t)n + (size_t)r] = fl[r][i].value;
		}
		free(fl[r]);
	}
	free(fl);
	free(nf);
}

void expt_table_free(expt_table *t)
{
	for (int m = 0; m < t->nmetrics; m++)
		free(t->names[m]);
	free(t->names);
	free(t->v);
	*t = (expt_table){ 0 };
}

/* ---- the study's life ---------------------------------------------------- */

static void default_dir(char *buf, size_t n, const char *name, const char *command)
{
	size_t k = (size_t)snprintf(buf, n, "out/");
	for (const char *p = name; *p && k + 1 < n; p++)
		buf[k++] = (*p == '/' || *p == '\\' || (p == name && *p == '.')) ? '_' : *p;
	snprintf(buf + k, n - k, "-%s", command);
}

/* The provenance block, the files hashed now: the scenario (loaded again,
 * with x->sets, to learn what else it reads) and the plug-ins. */
static json_t *study_provenance(const expt *x, ecs_err *e)
{
	scenario sc;
	json_t *p;

	if (scenario_load(&sc, x->file, x->sets, x->nsets, e) < 0)
		return NULL;
	p = prov_new(x->command_line);
	if (prov_add_inputs(p, &sc, x->plugins, x->nplugins, e) < 0) {
		json_decref(p);
		p = NULL;
	}
	scenario_destroy(&sc);
	return p;
}

int expt_begin(expt_ctx *c, const expt *x, const char *command, ecs_err *e)
{
	study_spec sp = { .file = x->file, .reg = x->reg, .sets = x->sets, .nsets = x->nsets };
	study_metric *fl;
	json_t *sum;
	uint64_t seed = 0;

	*c = (expt_ctx){ .x = x, .command = command, .t0 = now_s(), .nseeds = x->reps };
	if (!(sum = study_check(&sp, &seed, e)))
		return -1;
	if (!(c->prov = study_provenance(x, e))) {
		json_decref(sum);
		return -1;
	}
	c->name = xstrdup(json_string_value(json_object_get(sum, "scenario")));
	c->base = x->has_seed ? x->seed : seed;
	c->nmetrics = study_flatten(sum, &fl);
	c->metrics = xmalloc((size_t)(c->nmetrics > 0 ? c->nmetrics : 1) * sizeof(char *));
	for (int i = 0; i < c->nmetrics; i++)
		c->metrics[i] = xstrdup(fl[i].name);
	free(fl);
	json_decref(sum);
	for (int s = 0; s < x->nstrats; s++) {
		if (!x->strats[s].spec)
			continue;
		sp.strategy = x->strats[s].spec;
		if (!(sum = study_check(&sp, NULL, e))) {
			err_prefix(e, "--strategies: ");
			expt_end(c, -1, NULL);
			return -1;
		}
		json_decref(sum);
	}
	if (x->outdir)
		snprintf(c->dir, sizeof(c->dir), "%s", x->outdir);
	else
		default_dir(c->dir, sizeof(c->dir), c->name, command);
	return 0;
}

int expt_open(expt_ctx *c, ecs_err *e)
{
	const expt *x = c->x;
	int ok = 1;

	if (pool_leader(x->pool)) {
		ok = outdir_begin(&c->od, c->dir, e) == 0;
		c->open = ok;
	}
	if (!pool_all_ok(x->pool, ok)) {
		if (ok)
			err_set(e, "rank 0 could not create the output folder %s", c->dir);
		return -1;
	}
	return 0;
}

int expt_batch(expt_ctx *c, const study_spec *specs, int n, json_t **out, const char *label,
	       ecs_err *e)
{
	int rc = pool_run(c->x->pool, specs, n, out, label, e);

	if (rc == 0)
		c->runs += n;
	return rc;
}

const char *expt_path(expt_ctx *c, const char *name)
{
	return outdir_path(&c->od, name);
}

/* The study's summary.json: what ran and what it came from. */
static int write_summary(expt_ctx *c, ecs_err *e)
{
	const expt *x = c->x;
	json_t *o = json_object(), *strats = json_array();
	FILE *f;
	int rc = 0;

	for (int i = 0; i < x->nstrats; i++) {
		const expt_strategy *st = &x->strats[i];
		json_array_append_new(strats, !st->spec ? json_string(st->label)
					      : strcmp(st->label, st->spec) == 0 ? json_string(st->spec)
					      : json_sprintf("%s=%s", st->label, st->spec));
	}
	json_object_set_new(c->prov, "seeds", json_pack("{s:I,s:I}", "first",
							(json_int_t)c->base, "last",
							(json_int_t)(c->base + (uint64_t)c->nseeds - 1)));
	json_object_set_new(c->prov, "strategies", strats);
	json_object_set_new(o, "command", json_string(c->command));
	json_object_set_new(o, "scenario", json_string(c->name));
	json_object_set_new(o, "replications", json_integer(x->reps));
	json_object_set_new(o, "runs", json_integer(c->runs));
	json_object_set_new(o, "provenance", json_incref(c->prov));
	f = fopen(expt_path(c, "summary.json"), "w");
	if (!f || json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 ||
	    fputc('\n', f) == EOF) {
		rc = err_set(e, "cannot write summary.json in %s", c->dir);
	}
	if (f && fclose(f) != 0 && rc == 0)
		rc = err_set(e, "cannot write summary.json in %s", c->dir);
	json_decref(o);
	return rc;
}

int expt_commit(expt_ctx *c, int rc, ecs_err *e)
{
	if (c->open) {
		if (rc == 0)
			rc = write_summary(c, e);
		if (rc == 0) {
			rc = outdir_commit(&c->od, e);
		} else {
			/* Say so, as 'run' does: the previous result stays. */
			size_t len = strlen(e->msg);
			if (err_isset(e))
				snprintf(e->msg + len, sizeof(e->msg) - len,
					 "\nnothing was written to %s", c->dir);
			outdir_abort(&c->od);
		}
		c->open = 0;
	}
	return rc;
}

int expt_end(expt_ctx *c, int rc, ecs_err *e)
{
	rc = expt_commit(c, rc, e);
	json_decref(c->prov);
	c->prov = NULL;
	for (int i = 0; i < c->nmetrics; i++)
		free(c->metrics[i]);
	free(c->metrics);
	free(c->name);
	c->metrics = NULL;
	c->name = NULL;
	return rc;
}

void expt_print_runs(const expt_ctx *c, double wall)
{
	const pool *p = c->x->pool;

	printf("  %d runs in %.2f s (%d job%s", c->runs, wall, p->jobs, p->jobs == 1 ? "" : "s");
	if (p->nranks > 1)
		printf(" on each of %d MPI ranks", p->nranks);
	printf(")\n");
}

double expt_elapsed(const expt_ctx *c)
{
	return now_s() - c->t0;
}

int expt_metric_ok(const expt_ctx *c, const char *metric, const char *what, ecs_err *e)
{
	const char **list;
	const char *near;

	for (int i = 0; i < c->nmetrics; i++)
		if (strcmp(c->metrics[i], metric) == 0)
			return 1;
	/* rejection reasons appear in a summary only once they occur */
	if (strncmp(metric, "rejections.", 11) == 0 && metric[11])
		return 1;
	if ((near = study_metric_repeats(metric))) {
		err_set(e, "%s: '%s' is '%s' under a second name; the metric is '%s'", what,
			metric, near, near);
		return 0;
	}
	for (int i = 0; i < c->nmetrics; i++) {
		char dotted[192];
		study_metric_dotted(dotted, sizeof(dotted), c->metrics[i]);
		if (strchr(c->metrics[i], '[') && strcmp(dotted, metric) == 0) {
			err_set(e, "%s: no metric '%s'; a key with '.' is written in brackets: "
				"'%s'", what, metric, c->metrics[i]);
			return 0;
		}
	}
	list = xmalloc((size_t)(c->nmetrics + 1) * sizeof(*list));
	for (int i = 0; i < c->nmetrics; i++)
		list[i] = c->metrics[i];
	list[c->nmetrics] = NULL;
	near = err_closest(metric, list);
	if (near)
		err_set(e, "%s: no metric '%s' in a summary (did you mean '%s'?)", what, metric, near);
	else
		err_set(e, "%s: no metric '%s' in a summary; metrics are summary.json keys joined "
			"with '.', e.g. availability, tasks.rejected, services.NAME.availability",
			what, metric);
	free(list);
	return 0;
}

/* ---- what a metric can be, and how a page shows it ---------------------- */

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && strcmp(s + n - k, tail) == 0;
}

enum expt_kind expt_metric_kind(const char *metric)
{
	static const char *const fraction_tails[] = { "_share", "_ratio", "_fraction",
						      "_utilization" };

	if (strcmp(metric, "availability") == 0 || ends_with(metric, ".availability"))
		return EXPT_AVAILABILITY;
	if (strncmp(metric, "utilization.", 12) == 0)
		return EXPT_FRACTION;
	for (size_t i = 0; i < sizeof(fraction_tails) / sizeof(*fraction_tails); i++)
		if (ends_with(metric, fraction_tails[i]))
			return EXPT_FRACTION;
	return EXPT_PLAIN;
}

void expt_metric_range(const char *metric, double *lo, double *hi)
{
	*lo = strstr(metric, "savings_") ? -HUGE_VAL : 0;
	*hi = expt_metric_kind(metric) == EXPT_PLAIN ? HUGE_VAL : 1;
}

static void clamp(stats_ci *c, double lo, double hi)
{
	if (isfinite(c->lo) && c->lo < lo)
		c->lo = lo;
	if (isfinite(c->hi) && c->hi > hi)
		c->hi = hi;
}

stats_ci expt_stats(const char *metric, const double *x, int n)
{
	stats_ci c = stats_of(x, n, EXPT_LEVEL);
	double lo, hi;

	expt_metric_range(metric, &lo, &hi);
	clamp(&c, lo, hi);
	return c;
}

stats_ci expt_paired(const char *metric, const double *y, const double *x, int n)
{
	stats_ci c = stats_paired(y, x, n, EXPT_LEVEL);
	double lo, hi;

	/* a difference of two values in [lo, hi] lies in [lo - hi, hi - lo] */
	expt_metric_range(metric, &lo, &hi);
	clamp(&c, lo - hi, hi - lo);
	return c;
}

int expt_significant(const stats_ci *d)
{
	if (d->n < 2 || !isfinite(d->lo) || !isfinite(d->hi))
		return -1;
	return d->lo > 0 || d->hi < 0;
}

/* Two significant digits without an exponent where one can do without. */
static void sig2(char *buf, size_t n, double v)
{
	if (v == 0)
		snprintf(buf, n, "0");
	else if (fabs(v) >= 100)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "%.2g", v);
}

/* A plain number: six significant digits, no exponent from 1e6 up. */
static void plain(char *buf, size_t n, double v, int sign)
{
	if (v == 0)
		snprintf(buf, n, "0");
	else if (fabs(v) >= 1e6)
		snprintf(buf, n, sign ? "%+.0f" : "%.0f", v);
	else
		snprintf(buf, n, sign ? "%+.6g" : "%.6g", v);
}

void expt_fmt_value(char *buf, size_t n, const char *metric, double v, int diff)
{
	enum expt_kind kind = expt_metric_kind(metric);
	double p = 100 * v;

	if (!isfinite(v))
		snprintf(buf, n, "-");
	else if (kind == EXPT_PLAIN)
		plain(buf, n, v, diff);
	else if (!diff && kind == EXPT_AVAILABILITY)
		fmt_avail_percent(buf, n, v);
	else if (!diff)
		fmt_percent(buf, n, v);
	else if (v == 0)
		snprintf(buf, n, "0 pp");
	else
		snprintf(buf, n, fabs(p) >= 1 ? "%+.1f pp" : "%+.2g pp", p);
}

void expt_fmt_metric(char *buf, size_t n, const char *metric, const stats_ci *s, int diff)
{
	char m[64], h[64], *unit;
	double k = expt_metric_kind(metric) == EXPT_PLAIN ? 1 : 100;

	if (s->n < 1) {
		snprintf(buf, n, "-");
		return;
	}
	expt_fmt_value(m, sizeof(m), metric, s->mean, diff);
	if (!isfinite(s->lo) || !isfinite(s->hi)) {
		snprintf(buf, n, "%s", m);
		return;
	}
	/* "59.1 %" -> "59.1 ± 1.8 %": the unit goes after the half-width */
	unit = strchr(m, ' ');
	if (unit)
		*unit++ = 0;
	/* the larger distance to an end: a clamped interval is not symmetric */
	sig2(h, sizeof(h), k * fmax(s->mean - s->lo, s->hi - s->mean));
	snprintf(buf, n, "%s ± %s%s%s", m, h, unit ? " " : "", unit ? unit : "");
}

void expt_fmt_interval(char *buf, size_t n, const char *metric, const stats_ci *s, int diff)
{
	char l[64], h[64];

	if (s->n < 2 || !isfinite(s->lo) || !isfinite(s->hi)) {
		snprintf(buf, n, "-");
		return;
	}
	expt_fmt_value(l, sizeof(l), metric, s->lo, diff);
	expt_fmt_value(h, sizeof(h), metric, s->hi, diff);
	snprintf(buf, n, "%s to %s", l, h);
}

int expt_key_ncols(void)
{
	int n = 0;

	for (int k = 0; k < expt_nkeys; k++)
		n += expt_metric_kind(expt_keys[k].metric) == EXPT_AVAILABILITY ? 3 : 1;
	return n;
}

void expt_key_heads(const char **head)
{
	int j = 0;

	for (int k = 0; k < expt_nkeys; k++) {
		head[j++] = expt_keys[k].label;
		if (expt_metric_kind(expt_keys[k].metric) == EXPT_AVAILABILITY) {
			head[j++] = "nines";
			head[j++] = "downtime a 30-day month";
		}
	}
}

void expt_key_cells(const expt_table *t, int first, int reps, char (*cell)[96], const char **row)
{
	int j = 0;

	for (int k = 0; k < expt_nkeys; k++) {
		const char *metric = expt_keys[k].metric;
		int m = expt_table_find(t, metric);
		stats_ci st = { 0 };
		if (m >= 0)
			st = expt_stats(metric, expt_col(t, m) + first, reps);
		expt_fmt_metric(cell[j], sizeof(cell[j]), metric, &st, 0);
		row[j] = cell[j];
		j++;
		if (expt_metric_kind(metric) == EXPT_AVAILABILITY) {
			if (st.n < 1) {
				snprintf(cell[j], sizeof(cell[j]), "-");
				snprintf(cell[j + 1], sizeof(cell[j + 1]), "-");
			} else {
				fmt_nines_text(cell[j], sizeof(cell[j]), st.mean);
				fmt_duration(cell[j + 1], sizeof(cell[j + 1]),
					     fmt_month_downtime_s(st.mean));
			}
			row[j] = cell[j];
			row[j + 1] = cell[j + 1];
			j += 2;
		}
	}
}

void expt_metric_label(char *buf, size_t n, const char *metric)
{
	static const struct { const char *tail, *unit; } units[] = {
		{ "_usd", "USD" }, { "_seconds", "s" }, { "_hours", "h" }, { "_mib", "MiB" },
	};

	for (int k = 0; k < expt_nkeys; k++)
		if (strcmp(expt_keys[k].metric, metric) == 0) {
			snprintf(buf, n, "%s", expt_keys[k].label);
			return;
		}
	if (expt_metric_kind(metric) != EXPT_PLAIN) {
		snprintf(buf, n, "%s (%%)", metric);
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
		if (ends_with(metric, units[i].tail)) {
			snprintf(buf, n, "%s (%s)", metric, units[i].unit);
			return;
		}
	snprintf(buf, n, "%s", metric);
}

void expt_chart_axes(chart_axes *ax, const char *metric, double worst, char *buf, size_t n)
{
	static const struct { double s; const char *name; } units[] = {
		{ 1, "s" }, { 60, "min" }, { 3600, "h" },
	};
	enum expt_kind kind = expt_metric_kind(metric);
	double down, u, lo, hi;
	int k;

	expt_metric_range(metric, &lo, &hi);
	ax->nonneg = lo >= 0;
	if (kind == EXPT_FRACTION) {
		ax->scale = 100;
		return;
	}
	if (kind != EXPT_AVAILABILITY)
		return;
	/* availability near 1 reads as downtime: 0.9999 is 4.3 min a month, 1 is 0 */
	down = isfinite(worst) ? fmt_month_downtime_s(worst) : 0;
	k = down < 120 ? 0 : down < 7200 ? 1 : 2;
	u = units[k].s;
	ax->offset = FMT_MONTH_S / u;
	ax->scale = -FMT_MONTH_S / u;
	ax->from_zero = 1;
	snprintf(buf, n, "%s as downtime a 30-day month (%s)", metric, units[k].name);
	ax->ylabel = buf;
	ax->y2label = "availability (%)";
	ax->y2_offset = 100;
	ax->y2_scale = -100 * u / FMT_MONTH_S;
}

/* ---- output helpers ------------------------------------------------------- */

void expt_csv_stats(csvw *w, const stats_ci *s)
{
	csvw_i64(w, s->n);
	csvw_f(w, s->mean);
	csvw_f(w, s->sd);
	csvw_f(w, s->lo);
	csvw_f(w, s->hi);
}

void expt_csv_quantiles(csvw *w, const double *x, int n)
{
	static const double p[] = { 0, 0.5, 0.95, 0.99, 1 };
	double q[5];

	stats_quantiles(x, n, p, q, 5);
	csvw_i64(w, n);
	for (int i = 0; i < 5; i++)
		csvw_f(w, q[i]);
}

int expt_write_replications(expt_ctx *c, const char *const *design_cols, int ndesign,
			    char *const *design, const expt_table *t, ecs_err *e)
{
	int ncols = ndesign + t->nmetrics;
	const char **head = xmalloc((size_t)ncols * sizeof(*head));
	csvw w;
	int rc;

	for (int j = 0; j < ndesign; j++)
		head[j] = design_cols[j];
	for (int m = 0; m < t->nmetrics; m++)
		head[ndesign + m] = t->names[m];
	rc = csvw_open(&w, expt_path(c, "replications.csv"), head, ncols, e);
	free(head);
	if (rc < 0)
		return -1;
	for (int r = 0; r < t->nruns; r++) {
		for (int j = 0; j < ndesign; j++)
			csvw_str(&w, design[(size_t)r * (size_t)ndesign + (size_t)j]);
		for (int m = 0; m < t->nmetrics; m++)
			csvw_f(&w, expt_col(t, m)[r]);
		csvw_endrow(&w);
	}
	return csvw_close(&w, e);
}

void expt_plot(expt_ctx *c, const char *script, const char *const *figs, int nfigs)
{
	ecs_err pe = { 0 };
	char name[512];

	for (int i = 0; i < nfigs; i++) {
		snprintf(name, sizeof(name), "%s.png", figs[i]);
		expt_path(c, name);
		snprintf(name, sizeof(name), "%s.svg", figs[i]);
		expt_path(c, name);
	}
	if (plot_run(c->od.stage, script, &pe) < 0)
		fprintf(stderr, "ecsim %s: plots failed: %s\n", c->command, pe.msg);
}

void expt_safe_name(char *buf, size_t n, const char *prefix, const char *metric)
{
	size_t k = (size_t)snprintf(buf, n, "%s", prefix);
	for (const char *p = metric; *p && k + 1 < n; p++)
		buf[k++] = isalnum((unsigned char)*p) ? *p : '-';
	buf[k < n ? k : n - 1] = 0;
}

void expt_seed_text(char *buf, size_t n, const expt_ctx *c)
{
	if (c->x->reps == 1)
		snprintf(buf, n, "seed %llu", (unsigned long long)c->base);
	else
		snprintf(buf, n, "seeds %llu..%llu (replication k uses seed %llu + k under every "
			 "strategy)", (unsigned long long)c->base,
			 (unsigned long long)(c->base + (uint64_t)c->x->reps - 1),
			 (unsigned long long)c->base);
}

void expt_html_head(html *h, const expt_ctx *c, const char *title)
{
	char seeds[256];

	html_begin(h, title);
	if (c->x->command_line)
		html_code(h, c->x->command_line);
	expt_seed_text(seeds, sizeof(seeds), c);
	html_p(h, "Scenario %s (%s), %d replication%s per configuration, %s; %d runs in all. "
	       "Intervals are 95 %% Student-t confidence intervals over replications.",
	       c->name, c->x->file, c->x->reps, c->x->reps == 1 ? "" : "s", seeds, c->runs);
}
