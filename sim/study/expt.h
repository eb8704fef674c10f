/* expt.h - the studies behind 'ecsim compare', 'sweep' and 'size': which
 * runs they make, with which seeds, their statistics, and their files
 * (CSVs, plots, index.html) written atomically into one folder.
 *
 * Seed rule (common random numbers): replication k of every strategy,
 * parameter point and fleet size runs with seed base + k, where base is
 * --seed or the scenario's seed.  Runs go through a pool (local processes,
 * MPI ranks); only the pool's leader writes and prints.  The command line
 * is parsed by sim/cli/study_cmds.c; this module checks meaning (scenario,
 * strategies, parameters, targets) and reports it as errors (exit status 1).
 */
#ifndef ECS_EXPT_H
#define ECS_EXPT_H

#include <stdint.h>

#include "pool.h"
#include "sim/support/err.h"
#include "study.h"

/* A strategy of a study: --strategies 'SPEC;LABEL=SPEC;scenario'. */
typedef struct expt_strategy {
	char *label;      /* as shown in files: LABEL, or SPEC itself */
	char *spec;       /* NULL: each service's and workload's own (the word scenario) */
} expt_strategy;

/* What every study takes. */
typedef struct expt {
	const char *file;            /* scenario */
	const struct st_registry *reg; /* strategies by name (--plugin); NULL = built-ins */
	char *const *plugins;        /* the --plugin files (hashed for the provenance) */
	int nplugins;
	char **sets;                 /* --set, applied to every run first */
	int nsets;
	expt_strategy *strats;       /* at least one */
	int nstrats;
	int reps;                    /* replications, >= 1 */
	uint64_t seed;               /* base seed when has_seed */
	int has_seed;
	const char *outdir;          /* NULL: out/<scenario name>-<command> */
	int plots, quiet;
	const char *command_line;    /* shown in index.html */
	pool *pool;
} expt;

/* Parses --strategies: items separated by ';', each SPEC, LABEL=SPEC or
 * "scenario".  Usage errors (empty item, a label used twice) in e. */
int expt_parse_strategies(const char *arg, expt_strategy **out, int *n, ecs_err *e);
void expt_strategies_free(expt_strategy *s, int n);

/* ecsim compare: every strategy, reps replications each. */
int expt_compare(const expt *x, ecs_err *e);

/* A swept parameter: --param PATH=v1,v2,... */
typedef struct expt_param {
	char *path;
	char **values;
	int nvalues;
} expt_param;

/* Parses PATH=v1,v2,...  Values are split at commas outside brackets,
 * braces and double quotes, so JSON arrays and objects can be values. */
int expt_parse_param(const char *arg, expt_param *p, ecs_err *e);
void expt_param_free(expt_param *p);

/* ecsim sweep: the cartesian product of the parameters (the first varies
 * slowest) x strategies x replications. */
int expt_sweep(const expt *x, const expt_param *params, int nparams, ecs_err *e);

enum expt_op { EXPT_GE, EXPT_LE, EXPT_GT, EXPT_LT };

/* A target of 'ecsim size': METRIC OP VALUE, e.g. availability>=0.999. */
typedef struct expt_target {
	char *text;                  /* as given */
	char *metric;
	enum expt_op op;
	double value;
} expt_target;

/* Parses a target's syntax (the metric is checked against the scenario
 * later); errors name the target. */
int expt_parse_target(const char *arg, expt_target *t, ecs_err *e);
void expt_target_free(expt_target *t);

typedef struct expt_size_opts {
	expt_target *targets;
	int ntargets;
	const char *instances;       /* cluster.instances[I].count or I; NULL = index 0 */
	int by_ci;                   /* judge targets on the CI bound, not the mean */
	int trials;                  /* compaction trials, 0 = none */
	int64_t max;                 /* largest count tried; 0 = SC_MAX_HOSTS */
} expt_size_opts;

/* ecsim size: per strategy, the smallest count meeting every target (by
 * bisection), and the compaction figure. */
int expt_size(const expt *x, const expt_size_opts *o, ecs_err *e);

/* ---- internal: shared by compare.c, sweep.c and size.c ----------------- */

#include "reports/chart.h"
#include "reports/csvout.h"
#include "reports/html.h"
#include "reports/outdir.h"
#include "reports/sbuf.h"
#include "reports/stats.h"

/* Every metric of a set of runs: the union of their flattened summaries,
 * in order of first appearance.  A metric missing from a run counts as 0
 * (a summary leaves out rejection reasons that did not occur). */
typedef struct expt_table {
	char **names;
	int nmetrics;
	int nruns;
	double *v;                   /* v[m * nruns + r] */
} expt_table;

void expt_table_init(expt_table *t, json_t *const *results, int n);
int expt_table_find(const expt_table *t, const char *name);
static inline const double *expt_col(const expt_table *t, int m)
{
	return t->v + (size_t)m * (size_t)t->nruns;
}
void expt_table_free(expt_table *t);

/* The metrics drawn and printed by every study; label names the metric
 * with its unit, for table heads and axes. */
typedef struct expt_key {
	const char *metric, *label, *file;
} expt_key;
extern const expt_key expt_keys[];
extern const int expt_nkeys;

/* ---- what a metric can be, and how a page shows it ---------------------- */

/* The confidence level of every interval of a study. */
#define EXPT_LEVEL 0.95

/* Availabilities (availability, services.NAME.availability) and other
 * fractions (utilization.*, *_share, *_ratio, *_fraction, *_utilization)
 * are told by their names; every other metric is a plain number. */
enum expt_kind { EXPT_PLAIN, EXPT_FRACTION, EXPT_AVAILABILITY };
enum expt_kind expt_metric_kind(const char *metric);

/* The values a metric can take: a fraction lies in [0, 1]; every other
 * metric of summary.json is a count, a time or a cost, never below 0,
 * except savings (cost.commitments.savings_*), which are negative when the
 * commitments cost more than they save. */
void expt_metric_range(const char *metric, double *lo, double *hi);

/* stats_of at EXPT_LEVEL with the interval clamped to what the metric can
 * be (an availability's interval never above 1, a count's never below 0). */
stats_ci expt_stats(const char *metric, const double *x, int n);

/* stats_paired at EXPT_LEVEL (differences within floating-point noise are
 * 0), the interval clamped to what a difference of the metric can be
 * ([-1, 1] for a fraction). */
stats_ci expt_paired(const char *metric, const double *y, const double *x, int n);

/* 1 if a paired difference's interval excludes 0, 0 if not, -1 when it
 * has no interval (fewer than 2 replications). */
int expt_significant(const stats_ci *d);

/* One value of a metric as a page shows it (see expt_fmt_metric). */
void expt_fmt_value(char *buf, size_t n, const char *metric, double v, int diff);

/* A mean and the half-width of its interval as a page shows them:
 * availability "99.9907 ± 0.0055 %", a fraction "59.1 ± 1.8 %", a count
 * "293.2 ± 1.5"; with diff, a signed difference, of fractions in
 * percentage points ("+2.5 ± 1.1 pp"); just the mean with no interval. */
void expt_fmt_metric(char *buf, size_t n, const char *metric, const stats_ci *s, int diff);

/* "59.0 % to 61.2 %": the interval's ends, or "-" when there is none. */
void expt_fmt_interval(char *buf, size_t n, const char *metric, const stats_ci *s, int diff);

/* The key metrics as the columns of a table: expt_key_ncols() columns,
 * each key's mean ± half-width, availability followed by its nines and
 * the downtime a 30-day month would have at the mean.  expt_key_cells
 * fills row (and the cells it points into, expt_key_ncols() of them) from
 * runs first .. first + reps - 1. */
int expt_key_ncols(void);
void expt_key_heads(const char **head);
void expt_key_cells(const expt_table *t, int first, int reps, char (*cell)[96], const char **row);

/* The metric's name with its unit for an axis: a key metric's label, else
 * "services.web.unserved_share (%)", "cost.idle_usd (USD)". */
void expt_metric_label(char *buf, size_t n, const char *metric);

/* Sets ax's y axis for a metric: a fraction in percent; an availability as
 * the downtime a 30-day month would have (seconds, minutes or hours, from
 * 0, chosen by the lowest availability drawn, worst), with availability in
 * percent on the right-hand axis.  ylabel is kept unless it is the
 * availability's (buf holds the label it makes). */
void expt_chart_axes(chart_axes *ax, const char *metric, double worst, char *buf, size_t n);

/* The state of one study between its first check and its files. */
typedef struct expt_ctx {
	const expt *x;
	const char *command;         /* compare, sweep, size */
	char *name;                  /* scenario name */
	uint64_t base;               /* seed of replication 0 */
	char **metrics;              /* flattened metric names a run has */
	int nmetrics;
	char dir[4096];
	outdir od;
	int open;                    /* od begun (leader only) */
	double t0;
	int runs;                    /* runs made so far */
	int nseeds;                  /* seeds base .. base + nseeds - 1 are used: reps,
				    * or more (size's compaction trials) */
	json_t *prov;                /* summary.json's provenance block, files hashed
				    * at the start */
} expt_ctx;

/* Checks the scenario (with x->sets) and every strategy, and learns the
 * scenario's name, seed and metrics.  Nothing is created yet, so a mistake
 * found now or in the command's own checks leaves no folder behind.  Call
 * expt_end whatever happens next. */
int expt_begin(expt_ctx *c, const expt *x, const char *command, ecs_err *e);

/* Creates the output folder and its staging area (leader).  All ranks
 * return the same result. */
int expt_open(expt_ctx *c, ecs_err *e);

/* Runs a batch through the pool, counting the runs. */
int expt_batch(expt_ctx *c, const study_spec *specs, int n, json_t **out, const char *label,
	       ecs_err *e);

/* Commits the output folder (leader) with the study's summary.json (its
 * provenance), or aborts it when rc != 0; returns the resulting status. */
int expt_commit(expt_ctx *c, int rc, ecs_err *e);

/* expt_commit, then frees c. */
int expt_end(expt_ctx *c, int rc, ecs_err *e);

/* Path in the staging folder for a file of the study. */
const char *expt_path(expt_ctx *c, const char *name);

/* 1 if metric is one a run can report (known key or a rejection reason);
 * otherwise sets e to "<what>: no metric 'X' in a summary (did you mean
 * 'Y'?)". */
int expt_metric_ok(const expt_ctx *c, const char *metric, const char *what, ecs_err *e);

/* n, mean, stddev, ci95_low, ci95_high. */
void expt_csv_stats(csvw *w, const stats_ci *s);

/* The columns of percentiles.csv after its design columns. */
#define EXPT_QUANTILE_COLS "n", "min", "p50", "p95", "p99", "max"
/* n, min, p50, p95, p99, max of x[0..n-1] over replications (type 7
 * quantiles, stats_quantiles). */
void expt_csv_quantiles(csvw *w, const double *x, int n);

/* replications.csv: one row per run with design columns (ndesign names,
 * design[r * ndesign + j] values) and every metric. */
int expt_write_replications(expt_ctx *c, const char *const *design_cols, int ndesign,
			    char *const *design, const expt_table *t, ecs_err *e);

/* Runs a gnuplot script in the staging folder, registering NAME.png and
 * NAME.svg for each of the nfigs figures; a failure is reported on stderr
 * (leader) and does not fail the study. */
void expt_plot(expt_ctx *c, const char *script, const char *const *figs, int nfigs);

/* A file-name-safe form of a metric: services.web.availability ->
 * services-web-availability. */
void expt_safe_name(char *buf, size_t n, const char *prefix, const char *metric);

/* The seeds line: "seeds 42..51 (replication k uses seed 42 + k)". */
void expt_seed_text(char *buf, size_t n, const expt_ctx *c);

/* Common head of index.html: command, scenario, seeds, runs. */
void expt_html_head(html *h, const expt_ctx *c, const char *title);

/* "  N runs in S s (J jobs[, R MPI ranks])" on stdout. */
void expt_print_runs(const expt_ctx *c, double wall);

/* Seconds since expt_begin. */
double expt_elapsed(const expt_ctx *c);

#endif
