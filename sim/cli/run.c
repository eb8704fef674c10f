/* run.c - the commands 'run' (simulate one scenario, write its report) and
 * 'validate' (load and build it, run nothing).  Their options, the run
 * loop with its progress line, and what they print; the simulation is
 * sim/model's and the files are reports/runlog's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "reports/plot.h"
#include "reports/provenance.h"
#include "reports/runlog.h"
#include "reports/runpage.h"
#include "reports/summary.h"
#include "sim/model/results.h"
#include "sim/study/batch.h"
#include "sim/study/expt.h"
#include "sim/model/sim.h"
#include "sim/scenario/scenario.h"
#include "sim/support/units.h"

struct run_args {
	const char *scenario, *outdir, *strategy;
	char *command_line;        /* for summary.json's provenance */
	char **sets, **plugins;
	int nsets, nplugins;
	uint64_t seed;
	int has_seed, plots, quiet, task_log, host_log, check, strict;
	int batches;               /* --batches N, 0 = none */
};

/* Parses argv into a (validate has only --set, --plugin and --help); on a
 * usage error returns its exit status with nothing left allocated; on
 * --help prints the help and exits. */
static int parse_run_args(const char *cmd, int argc, char **argv, struct run_args *a)
{
	cli_opts p;
	int c, rc = 0;

	*a = (struct run_args){ .plots = 1, .task_log = 1, .host_log = 1 };
	a->sets = xcalloc((size_t)argc + 1, sizeof(*a->sets));
	a->plugins = xcalloc((size_t)argc + 1, sizeof(*a->plugins));
	cli_opts_init(&p, cmd, argc, argv);
	while (rc == 0 && (c = cli_opts_next(&p)) != 0) {
		switch (c) {
		case 'o': a->outdir = p.value; break;
		case 's':
			if (cli_parse_u64(p.value, &a->seed) < 0)
				rc = cli_usage_error(cmd, "--seed wants a non-negative integer, "
						     "not '%s'", p.value);
			a->has_seed = 1;
			break;
		case 'S': a->strategy = p.value; break;
		case 'D': a->sets[a->nsets++] = (char *)p.value; break;
		case 'L': a->plugins[a->nplugins++] = (char *)p.value; break;
		case 'P': a->plots = 0; break;
		case 'q': a->quiet = 1; break;
		case 'T': a->task_log = 0; break;
		case 'H': a->host_log = 0; break;
		case 'C': a->check = 1; break;
		case 'X': a->strict = 1; break;
		case 'B': {
			uint64_t n;
			if (cli_parse_u64(p.value, &n) < 0 || n < 2 || n > BATCH_MAX)
				rc = cli_usage_error(cmd, "--batches wants an integer from 2 to 1000, "
						     "not '%s'", p.value);
			else
				a->batches = (int)n;
			break;
		}
		case 'h':
			cli_opts_destroy(&p);
			free(a->sets);
			free(a->plugins);
			cli_show_help(cmd);
			exit(0);
		default: /* -1: the parser said what is wrong */
			rc = EXIT_USAGE;
		}
	}
	if (rc == 0)
		rc = cli_take_scenario(&p, &a->scenario);
	cli_opts_destroy(&p);
	if (rc == 0)
		a->command_line = cli_command_line(cmd, argc, argv);
	if (rc) {
		free(a->sets);
		free(a->plugins);
		a->sets = a->plugins = NULL;
	}
	return rc;
}

static void free_run_args(struct run_args *a)
{
	free(a->command_line);
	free(a->sets);
	free(a->plugins);
}

/* out/<name> with the name made safe as one path component. */
static void default_outdir(char *buf, size_t n, const char *name)
{
	size_t k = snprintf(buf, n, "out/");
	for (const char *p = name; *p && k + 1 < n; p++)
		buf[k++] = (*p == '/' || *p == '\\' || (p == name && *p == '.')) ? '_' : *p;
	buf[k] = 0;
}

static void progress(const sim *s, double t0, int final)
{
	int64_t now = sim_now(s), duration = sim_scenario(s)->duration;
	double el = cli_wall_now() - t0, frac = (double)now / (double)duration;
	double eta = frac > 0 ? el * (1 - frac) / frac : 0;

	fprintf(stderr, "\r  simulated %.1f h of %.1f h (%3.0f%%)  %.2f M events/s  %s %.0f s   ",
		us_to_s(now) / 3600, us_to_s(duration) / 3600, 100 * frac,
		el > 0 ? (double)sim_events(s) / el / 1e6 : 0, final ? "took" : "ETA",
		final ? el : eta);
	if (final)
		fputc('\n', stderr);
}

/* Loads the scenario, builds the model, hashes the files read into *prov,
 * then opens the output folder dir (the model first: a scenario mistake
 * found now must not create or touch the folder).  0, or the exit status
 * with the message printed and everything freed. */
static int run_open(const struct run_args *a, const st_registry *reg, scenario *sc, sim *s,
		    runlog *rl, json_t **prov, char *dir, size_t ndir, ecs_err *e)
{
	sim_opts so;
	sim_observer obs;

	if (scenario_load(sc, a->scenario, a->sets, a->nsets, e) < 0) {
		fprintf(stderr, "%s\n", e->msg);
		return EXIT_BAD;
	}
	so = (sim_opts){ .seed = a->seed, .has_seed = a->has_seed, .strategy = a->strategy,
			 .check = a->check, .reg = reg, .strict = a->strict,
			 .host_figures = a->host_log,
			 .stop = &cli_interrupted };
	if (a->outdir)
		snprintf(dir, ndir, "%s", a->outdir);
	else
		default_outdir(dir, ndir, sc->name);
	if (sim_init(s, sc, &so, NULL, e) < 0 || cli_interrupted) {
		if (cli_interrupted)
			fprintf(stderr, "ecsim: interrupted; nothing was written to %s\n", dir);
		else
			fprintf(stderr, "%s\n", e->msg);
		sim_destroy(s);
		scenario_destroy(sc);
		return cli_interrupted ? 130 : EXIT_BAD;
	}
	*prov = prov_new(a->command_line);
	if (prov_add_inputs(*prov, sc, a->plugins, a->nplugins, e) < 0 ||
	    runlog_begin(rl, dir, !a->task_log ? 0 : RUNLOG_TASKS |
			 (sc->pull.on ? RUNLOG_PULLS : 0), e) < 0) {
		fprintf(stderr, "ecsim: %s\n", e->msg);
		json_decref(*prov);
		sim_destroy(s);
		scenario_destroy(sc);
		return EXIT_BAD;
	}
	obs = runlog_observer(rl);
	sim_set_observer(s, &obs);
	return 0;
}

/* Runs the model to the scenario's end, or an error (in e), or Ctrl-C.
 * Slices of simulated time keep the progress line (shown when show is set
 * and the run takes over a second) and Ctrl-C responsive without a clock
 * read per event.  With batches (may be NULL), it stops before each
 * batch's end to close it. */
static void run_slices(sim *s, const scenario *sc, batch_means *bm, int show, double t0,
		       ecs_err *e)
{
	int64_t slice = sc->duration / 1000 > 0 ? sc->duration / 1000 : 1;
	double last_shown = 0;
	int shown = 0;

	for (int64_t t = 0; !cli_interrupted;) {
		int64_t next = bm ? batch_next(bm) : INT64_MAX;
		t = t + slice < sc->duration ? t + slice : sc->duration;
		if (next <= t) {
			if (sim_run_before(s, next, e) < 0)
				break;
			batch_close(bm, s);
			t = next;
			continue;
		}
		if (sim_run(s, t, e) < 0)
			break;
		if (show && cli_wall_now() - t0 > 1.0 && cli_wall_now() - last_shown > 0.2) {
			progress(s, t0, 0);
			last_shown = cli_wall_now();
			shown = 1;
		}
		if (t >= sc->duration)
			break;
	}
	if (shown)
		progress(s, t0, 1);
}

/* The batch means of the key metrics, and their warnings, on stdout. */
static void print_batches(const json_t *bj)
{
	const json_t *ms = json_object_get(bj, "metrics"), *w;
	size_t i;

	printf("  batch means  %lld batches of %.6g s from %.6g s (95 %% Student-t intervals)\n",
	       (long long)json_integer_value(json_object_get(bj, "batches")),
	       json_number_value(json_object_get(bj, "batch_seconds")),
	       json_number_value(json_object_get(bj, "from_seconds")));
	for (int k = 0; k < expt_nkeys; k++) {
		const json_t *m = json_object_get(ms, expt_keys[k].metric);
		if (!m)
			continue;
		const json_t *r1 = json_object_get(m, "lag1_autocorrelation");
		const json_t *lo = json_object_get(m, "ci95_low"), *hi = json_object_get(m, "ci95_high");
		stats_ci st = { .n = 2, .mean = json_number_value(json_object_get(m, "mean")),
				.lo = json_is_number(lo) ? json_number_value(lo) : NAN,
				.hi = json_is_number(hi) ? json_number_value(hi) : NAN };
		char buf[128], r[32] = "-";
		if (json_is_number(r1))
			snprintf(r, sizeof(r), "%.2f", json_number_value(r1));
		expt_fmt_metric(buf, sizeof(buf), expt_keys[k].metric, &st, 0);
		printf("    %-20s %-28s lag-1 autocorrelation %s\n", expt_keys[k].metric, buf, r);
	}
	json_array_foreach(json_object_get(bj, "warnings"), i, w)
		printf("warning: batch means: %s\n", json_string_value(w));
}

/* The summary and where the report went, on stdout. */
static void print_results(const struct run_args *a, const sim *s, const json_t *summary,
			  const char *dir, int plots, const ecs_err *plot_err)
{
	runpage_print(stdout, summary);
	printf("  results      %s/ (index.html, summary.json, timeseries.csv, "
	       "services.csv, events.csv, deployments.csv, cost.csv%s%s%s)\n", dir,
	       a->host_log ? ", hosts.csv" : "", a->task_log ? ", tasks.csv" : "",
	       json_object_get(summary, "inflation") ? ", inflation.csv" : "");
	if (!a->plots)
		printf("  plots        skipped (--no-plots)\n");
	else if (!plots)
		printf("  plots        skipped: gnuplot not found (scripts/deps.sh "
		       "installs it)\n");
	else if (err_isset(plot_err))
		printf("  plots        failed: %s\n", plot_err->msg);
	else {
		static const char *const figs[] = { "utilization", "hosts", "services", "cost",
						    "gpu", "hosts_cdf" };
		char path[4200];
		int n = 0;
		printf("  plots        %s/", dir);
		for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++) {
			snprintf(path, sizeof(path), "%s/%s.png", dir, figs[i]);
			if (access(path, F_OK) == 0)
				printf("%s%s.png", n++ ? ", " : "", figs[i]);
		}
		printf(" (and .svg)\n");
	}
}

/* The bad rows of every trace, for a run whose summary counts them. */
static void print_bad_rows(const sim *s)
{
	for (int i = 0; i < sim_ntraces(s); i++) {
		sim_trace_view x;
		sim_trace_now(s, i, &x);
		trace_print_bad(x.tr, stderr);
	}
}

static int run_scenario(const struct run_args *a, const st_registry *reg)
{
	scenario sc;
	sim *s = sim_new();
	runlog rl;
	ecs_err e = { 0 }, plot_err = { 0 };
	char dir[4096];
	double t0;
	int rc, plots;
	json_t *summary, *prov;
	struct rusage ru;
	batch_means bm = { 0 };

	if ((rc = run_open(a, reg, &sc, s, &rl, &prov, dir, sizeof(dir), &e))) {
		free(s); /* run_open destroyed it */
		return rc;
	}
	if (a->batches && batch_init(&bm, s, a->batches, &e) < 0) {
		fprintf(stderr, "ecsim: %s\nnothing was written to %s\n", e.msg, dir);
		runlog_abort(&rl);
		sim_free(s);
		scenario_destroy(&sc);
		return EXIT_BAD;
	}
	t0 = cli_wall_now();
	run_slices(s, &sc, a->batches ? &bm : NULL, !a->quiet && isatty(STDERR_FILENO), t0, &e);
	/* (bad rows are listed only for a run whose summary counts them) */
	if (err_isset(&e) || cli_interrupted) {
		if (cli_interrupted)
			fprintf(stderr, "ecsim: interrupted at %.1f simulated hours; nothing was "
				"written to %s\n", us_to_s(sim_now(s)) / 3600, dir);
		else
			fprintf(stderr, "ecsim: %s\nnothing was written to %s\n", e.msg, dir);
		runlog_abort(&rl);
		json_decref(prov);
		batch_free(&bm, s);
		sim_free(s);
		scenario_destroy(&sc);
		return cli_interrupted ? 130 : EXIT_BAD;
	}
	sim_finish(s);
	if (a->batches)
		batch_close(&bm, s);
	summary = summary_build(s, cli_wall_now() - t0);
	if (a->batches)
		json_object_set_new(summary, "batch_means", batch_json(&bm));
	if (getrusage(RUSAGE_SELF, &ru) == 0) /* ru_maxrss is in KiB on Linux */
		json_object_set_new(summary, "peak_rss_mib", json_real(ru.ru_maxrss / 1024.0));
	json_object_set_new(prov, "seed", json_integer((json_int_t)sim_seed(s)));
	json_object_set_new(prov, "strategy", json_string(sim_strategy_label(s)));
	json_object_set_new(summary, "provenance", prov);
	plots = a->plots && plot_available();
	rc = a->host_log ? runlog_hosts(&rl, s, &e) : 0;
	if (rc == 0)
		rc = runlog_inflation(&rl, s, &e);
	if (rc == 0)
		rc = runlog_finish(&rl, summary, sc.name, plots, &plot_err, &e);
	else
		runlog_abort(&rl);
	if (rc < 0) {
		fprintf(stderr, "ecsim: %s\nnothing was written to %s\n", e.msg, dir);
	} else {
		print_bad_rows(s);
		if (!a->quiet)
			print_results(a, s, summary, dir, plots, &plot_err);
		if (!a->quiet && a->batches)
			print_batches(json_object_get(summary, "batch_means"));
	}
	json_decref(summary);
	batch_free(&bm, s);
	sim_free(s);
	scenario_destroy(&sc);
	return rc < 0 ? EXIT_BAD : 0;
}

int cli_run(int argc, char **argv)
{
	struct run_args a;
	st_registry reg;
	ecs_err e = { 0 };
	int rc;

	if (argc < 0) {
		cli_show_help("run");
		return 0;
	}
	if ((rc = parse_run_args("run", argc, argv, &a)))
		return rc;
	if (!(rc = cli_load_registry(&reg, a.plugins, a.nplugins))) {
		/* A strategy name that does not exist is a usage error, found
		 * before the scenario is read; a field is resolved against the
		 * scenario's cluster when the model is built (exit status 1). */
		if (a.strategy && st_chain_check(&reg, a.strategy, &e) < 0) {
			err_prefix(&e, "--strategy %s: ", a.strategy);
			rc = cli_usage_error("run", "%s", e.msg);
		} else {
			rc = run_scenario(&a, &reg);
		}
		st_registry_destroy(&reg);
	}
	free_run_args(&a);
	return rc;
}

int cli_validate(int argc, char **argv)
{
	struct run_args a;
	scenario sc;
	sim *s;
	sim_cluster_view cv;
	sim_opts so;
	st_registry reg;
	ecs_err e = { 0 };
	int rc;

	if (argc < 0) {
		cli_show_help("validate");
		return 0;
	}
	if ((rc = parse_run_args("validate", argc, argv, &a)))
		return rc;
	if ((rc = cli_load_registry(&reg, a.plugins, a.nplugins))) {
		free_run_args(&a);
		return rc;
	}
	if (scenario_load(&sc, a.scenario, a.sets, a.nsets, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		st_registry_destroy(&reg);
		free_run_args(&a);
		return EXIT_BAD;
	}
	so = (sim_opts){ .reg = &reg };
	s = sim_new();
	rc = sim_init(s, &sc, &so, NULL, &e);
	if (rc == 0)
		print_bad_rows(s);
	sim_cluster_now(s, &cv);
	if (rc < 0)
		fprintf(stderr, "%s\n", e.msg);
	else
		printf("%s: ok (%s: %lld hosts in %d zones, %d task definitions, %d services, "
		       "%d workloads, %d traces, %.1f simulated hours)\n", a.scenario, sc.name,
		       (long long)cv.hosts, sc.nzones, sc.ntaskdefs, sc.nservices, sc.nworkloads,
		       sc.ntraces, us_to_s(sc.duration) / 3600);
	sim_free(s);
	scenario_destroy(&sc);
	st_registry_destroy(&reg);
	free_run_args(&a);
	return rc < 0 ? EXIT_BAD : 0;
}
