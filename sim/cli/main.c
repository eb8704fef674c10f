/* main.c - the ecsim command line: a table of commands, each with its help.
 *
 * Exit status: 0 success, 1 bad scenario or failed run, 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "reports/plot.h"
#include "reports/runlog.h"
#include "sim/scenario/scenario.h"
#include "sim/model/results.h"
#include "sim/model/sim.h"
#include "strategies/guard.h"
#include "strategies/strategy.h"
#include "reports/outdir.h"
#include "sim/study/expt.h"
#include "sim/study/pool.h"
#include "sim/support/units.h"

#define ECSIM_VERSION "0.1.0"

enum { EXIT_BAD = 1, EXIT_USAGE = 2 };

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *summary;
	const char *help;
};

static const struct command *find_command(const char *name);
static void print_main_help(FILE *f);

static volatile sig_atomic_t interrupted;

static void say(const char *s)
{
	ssize_t w = write(STDERR_FILENO, s, strlen(s));
	(void)w;
}

/* The first Ctrl-C (or SIGTERM) asks the run to stop: the engine, long
 * placement scans and the study loops poll the flag, and the command ends
 * with "interrupted; nothing was written".  A second one ends the process
 * at once, even inside a plug-in that never returns. */
static void on_sigint(int sig)
{
	char what[1024];

	(void)sig;
	if (!interrupted) {
		interrupted = 1;
		return;
	}
	say("\necsim: interrupted again: stopped at once");
	if (st_guard_describe(what, sizeof(what))) {
		say(" (");
		say(what);
		say(" was running)");
	}
	say("; nothing was written\n");
	st_guard_run_cleanup();
	_exit(130);
}

/* Installed before any work, so that Ctrl-C is never the default (a
 * silent death) once main() runs. */
static void install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	st_guard_install(outdir_emergency_cleanup);
}

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "ecsim %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see 'ecsim help %s')\n", cmd);
	return EXIT_USAGE;
}

/* ---- run --------------------------------------------------------------- */

/* The one operand every simulating command takes, after getopt is done. */
static int take_scenario(const char *cmd, int argc, char **argv, const char **file)
{
	if (optind >= argc)
		return usage_error(cmd, "%s", "missing SCENARIO file");
	if (optind + 1 < argc)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	*file = argv[optind];
	return 0;
}

struct run_args {
	const char *scenario, *outdir, *strategy;
	char **sets, **plugins;
	int nsets, nplugins;
	uint64_t seed;
	int has_seed, plots, quiet, task_log, check, strict;
};

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int parse_run_args_(const char *cmd, int argc, char **argv, struct run_args *a,
			   int full)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "strategy", required_argument, NULL, 'S' },
		{ "set", required_argument, NULL, 'D' },
		{ "no-plots", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-task-log", no_argument, NULL, 'T' },
		{ "check", no_argument, NULL, 'C' },
		{ "plugin", required_argument, NULL, 'L' },
		{ "strict", no_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*a = (struct run_args){ .plots = 1, .task_log = 1 };
	a->sets = calloc((size_t)argc + 1, sizeof(*a->sets));
	a->plugins = calloc((size_t)argc + 1, sizeof(*a->plugins));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, full ? "o:qh" : "h", opts, NULL)) != -1) {
		if (!full && c != 'D' && c != 'L' && c != 'h' && c != '?')
			return usage_error(cmd, "option '%s' is only for 'run'", argv[optind - 1]);
		switch (c) {
		case 'o': a->outdir = optarg; break;
		case 's':
			if (parse_u64(optarg, &a->seed) < 0)
				return usage_error(cmd, "--seed wants a non-negative integer, not '%s'",
						   optarg);
			a->has_seed = 1;
			break;
		case 'S': a->strategy = optarg; break;
		case 'D': a->sets[a->nsets++] = optarg; break;
		case 'L': a->plugins[a->nplugins++] = optarg; break;
		case 'P': a->plots = 0; break;
		case 'q': a->quiet = 1; break;
		case 'T': a->task_log = 0; break;
		case 'C': a->check = 1; break;
		case 'X': a->strict = 1; break;
		case 'h':
			free(a->sets);
			free(a->plugins);
			find_command(cmd)->fn(-1, NULL);
			exit(0);
		default:
			return usage_error(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	return take_scenario(cmd, argc, argv, &a->scenario);
}

/* Parses argv into a; on a usage error returns its exit status with
 * nothing left allocated. */
static int parse_run_args(const char *cmd, int argc, char **argv, struct run_args *a, int full)
{
	int rc = parse_run_args_(cmd, argc, argv, a, full);

	if (rc) {
		free(a->sets);
		free(a->plugins);
		a->sets = a->plugins = NULL;
	}
	return rc;
}

static void free_run_args(struct run_args *a)
{
	free(a->sets);
	free(a->plugins);
}

/* The built-in strategies plus the plug-ins named by --plugin, in order;
 * on a loading error prints it and returns EXIT_BAD with reg empty. */
static int load_registry(st_registry *reg, char **files, int n)
{
	ecs_err e = { 0 };

	st_registry_init(reg);
	for (int i = 0; i < n; i++)
		if (st_registry_load(reg, files[i], &e) < 0) {
			fprintf(stderr, "ecsim: %s\n", e.msg);
			st_registry_destroy(reg);
			return EXIT_BAD;
		}
	return 0;
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
	double el = wall_now() - t0, frac = (double)now / (double)duration;
	double eta = frac > 0 ? el * (1 - frac) / frac : 0;

	fprintf(stderr, "\r  simulated %.1f h of %.1f h (%3.0f%%)  %.2f M events/s  %s %.0f s   ",
		us_to_s(now) / 3600, us_to_s(duration) / 3600, 100 * frac,
		el > 0 ? (double)sim_events(s) / el / 1e6 : 0, final ? "took" : "ETA",
		final ? el : eta);
	if (final)
		fputc('\n', stderr);
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

static int run_scenario(const struct run_args *ap, const st_registry *reg)
{
	struct run_args a = *ap;
	scenario sc;
	sim *s;
	sim_observer obs;
	runlog rl;
	sim_opts so;
	ecs_err e = { 0 }, plot_err = { 0 };
	char dir[4096];
	double t0;
	int rc, show, shown = 0, plots;
	json_t *summary;

	if (scenario_load(&sc, a.scenario, a.sets, a.nsets, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return EXIT_BAD;
	}
	s = sim_new();
	so = (sim_opts){ .seed = a.seed, .has_seed = a.has_seed, .strategy = a.strategy,
			 .check = a.check, .reg = reg, .strict = a.strict, .stop = &interrupted };
	if (a.outdir)
		snprintf(dir, sizeof(dir), "%s", a.outdir);
	else
		default_outdir(dir, sizeof(dir), sc.name);
	/* The model is built first: a scenario mistake found now must not
	 * create or touch the output directory. */
	if (sim_init(s, &sc, &so, NULL, &e) < 0 || interrupted) {
		if (interrupted)
			fprintf(stderr, "ecsim: interrupted; nothing was written to %s\n", dir);
		else
			fprintf(stderr, "%s\n", e.msg);
		sim_free(s);
		scenario_destroy(&sc);
		return interrupted ? 130 : EXIT_BAD;
	}
	if (runlog_begin(&rl, dir, a.task_log, &e) < 0) {
		fprintf(stderr, "ecsim: %s\n", e.msg);
		sim_free(s);
		scenario_destroy(&sc);
		return EXIT_BAD;
	}
	obs = runlog_observer(&rl);
	sim_set_observer(s, &obs);

	show = !a.quiet && isatty(STDERR_FILENO);
	t0 = wall_now();
	{
		/* Slices of simulated time keep the progress line and Ctrl-C
		 * responsive without a clock read per event. */
		int64_t slice = sc.duration / 1000 > 0 ? sc.duration / 1000 : 1;
		double last_shown = 0;
		for (int64_t t = 0; !interrupted;) {
			t = t + slice < sc.duration ? t + slice : sc.duration;
			if (sim_run(s, t, &e) < 0)
				break;
			if (show && wall_now() - t0 > 1.0 && wall_now() - last_shown > 0.2) {
				progress(s, t0, 0);
				last_shown = wall_now();
				shown = 1;
			}
			if (t >= sc.duration)
				break;
		}
	}
	if (shown)
		progress(s, t0, 1);
	/* (bad rows are listed only for a run whose summary counts them) */
	if (err_isset(&e) || interrupted) {
		if (interrupted)
			fprintf(stderr, "ecsim: interrupted at %.1f simulated hours; nothing was "
				"written to %s\n", us_to_s(sim_now(s)) / 3600, dir);
		else
			fprintf(stderr, "ecsim: %s\nnothing was written to %s\n", e.msg, dir);
		runlog_abort(&rl);
		sim_free(s);
		scenario_destroy(&sc);
		return interrupted ? 130 : EXIT_BAD;
	}
	sim_finish(s);
	summary = runlog_summary(s, wall_now() - t0);
	{
		struct rusage ru;
		if (getrusage(RUSAGE_SELF, &ru) == 0) /* ru_maxrss is in KiB on Linux */
			json_object_set_new(summary, "peak_rss_mib", json_real(ru.ru_maxrss / 1024.0));
	}
	plots = a.plots && plot_available();
	rc = runlog_finish(&rl, summary, sc.name, plots, &plot_err, &e);
	if (rc < 0) {
		fprintf(stderr, "ecsim: %s\nnothing was written to %s\n", e.msg, dir);
	} else {
		print_bad_rows(s);
		if (!a.quiet) {
			runlog_print(stdout, summary);
			printf("  results      %s/ (index.html, summary.json, timeseries.csv, "
			       "services.csv, events.csv, deployments.csv, cost.csv%s)\n", dir,
			       a.task_log ? ", tasks.csv" : "");
			if (!a.plots)
				printf("  plots        skipped (--no-plots)\n");
			else if (!plots)
				printf("  plots        skipped: gnuplot not found (scripts/deps.sh "
				       "installs it)\n");
			else if (err_isset(&plot_err))
				printf("  plots        failed: %s\n", plot_err.msg);
			else
				printf("  plots        %s/utilization.png, hosts.png%s, cost.png "
				       "(and .svg)\n", dir, sim_nservices(s) ? ", services.png" : "");
		}
	}
	json_decref(summary);
	sim_free(s);
	scenario_destroy(&sc);
	return rc < 0 ? EXIT_BAD : 0;
}

static int cmd_run(int argc, char **argv)
{
	struct run_args a;
	st_registry reg;
	int rc;

	if (argc < 0) {
		puts(find_command("run")->help);
		return 0;
	}
	if ((rc = parse_run_args("run", argc, argv, &a, 1)))
		return rc;
	if (!(rc = load_registry(&reg, a.plugins, a.nplugins))) {
		rc = run_scenario(&a, &reg);
		st_registry_destroy(&reg);
	}
	free_run_args(&a);
	return rc;
}

/* ---- validate ---------------------------------------------------------- */

static int cmd_validate(int argc, char **argv)
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
		puts(find_command("validate")->help);
		return 0;
	}
	if ((rc = parse_run_args("validate", argc, argv, &a, 0)))
		return rc;
	if ((rc = load_registry(&reg, a.plugins, a.nplugins))) {
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

/* ---- compare, sweep, size ------------------------------------------------ */

struct study_args {
	expt x;
	char *strategies;
	int jobs;
	char **params, **targets;      /* raw --param / --target values */
	int nparams, ntargets;
	char **plugins;                /* --plugin files */
	int nplugins;
	const char *instances, *by;
	int trials;
	int64_t max;
};

static int parse_int(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || !*s || *end || *out < lo || *out > hi ? -1 : 0;
}

/* 1 if argv[i] is an option that cannot change results (-o, --jobs,
 * --quiet); *skip is set when its value is the next argument. */
static int no_effect(const char *a, int *skip)
{
	static const char *const with_value[] = { "-o", "--output", "-j", "--jobs" };

	*skip = 0;
	for (int k = 0; k < 4; k++) {
		size_t n = strlen(with_value[k]);
		if (strcmp(a, with_value[k]) == 0)
			return *skip = 1;
		if (strncmp(a, with_value[k], n) == 0 &&
		    (a[n] == '=' || (a[1] != '-' && a[n] != 0)))
			return 1;
	}
	return strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0;
}

/* The command line as one shell-quoted string for index.html, without the
 * options that do not change results, so that the page is the same
 * whatever the output folder or the number of jobs. */
static char *join_args(const char *cmd, int argc, char **argv)
{
	size_t n = strlen(cmd) + 8;
	char *s, *p;

	for (int i = 1; i < argc; i++)
		n += 4 * strlen(argv[i]) + 3;
	p = s = xmalloc(n);
	p += sprintf(p, "ecsim %s", cmd);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int plain = *a != 0, skip;
		if (no_effect(a, &skip)) {
			i += skip;
			continue;
		}
		for (const char *q = a; *q; q++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				    "-_./=:,@%+", *q))
				plain = 0;
		if (plain) {
			p += sprintf(p, " %s", a);
			continue;
		}
		p += sprintf(p, " '");
		for (const char *q = a; *q; q++)
			p += *q == '\'' ? sprintf(p, "'\\''") : sprintf(p, "%c", *q);
		p += sprintf(p, "'");
	}
	return s;
}

static void study_args_free(struct study_args *a)
{
	free(a->x.sets);
	free(a->params);
	free(a->targets);
	free(a->plugins);
	expt_strategies_free(a->x.strats, a->x.nstrats);
	free((char *)a->x.command_line);
	*a = (struct study_args){ 0 };
}

static int parse_study_args_(const char *cmd, int argc, char **argv, struct study_args *a)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "strategies", required_argument, NULL, 'S' },
		{ "replications", required_argument, NULL, 'r' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "seed", required_argument, NULL, 's' },
		{ "set", required_argument, NULL, 'D' },
		{ "param", required_argument, NULL, 'p' },
		{ "target", required_argument, NULL, 't' },
		{ "instances", required_argument, NULL, 'I' },
		{ "trials", required_argument, NULL, 'T' },
		{ "by", required_argument, NULL, 'B' },
		{ "max", required_argument, NULL, 'M' },
		{ "plugin", required_argument, NULL, 'L' },
		{ "no-plots", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int sweep = strcmp(cmd, "sweep") == 0, size = strcmp(cmd, "size") == 0, c;
	long long v;
	ecs_err e = { 0 };

	*a = (struct study_args){ .x = { .reps = 10, .plots = 1 }, .trials = 5 };
	a->x.sets = xcalloc((size_t)argc + 1, sizeof(char *));
	a->params = xcalloc((size_t)argc + 1, sizeof(char *));
	a->targets = xcalloc((size_t)argc + 1, sizeof(char *));
	a->plugins = xcalloc((size_t)argc + 1, sizeof(char *));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:r:j:qh", opts, NULL)) != -1) {
		if (c == 'p' && !sweep)
			return usage_error(cmd, "%s", "--param is only for 'sweep'");
		if (c && strchr("tITBM", c) && !size)
			return usage_error(cmd, "%s", "--target, --instances, --by, --max and "
					   "--trials are only for 'size'");
		switch (c) {
		case 'o': a->x.outdir = optarg; break;
		case 'S': a->strategies = optarg; break;
		case 'r':
			if (parse_int(optarg, 1, 1000000, &v) < 0)
				return usage_error(cmd, "--replications wants an integer from 1 to "
						   "1000000, not '%s'", optarg);
			a->x.reps = (int)v;
			break;
		case 'j':
			if (parse_int(optarg, 1, 4096, &v) < 0)
				return usage_error(cmd, "--jobs wants an integer from 1 to 4096, not '%s'",
						   optarg);
			a->jobs = (int)v;
			break;
		case 's':
			if (parse_u64(optarg, &a->x.seed) < 0)
				return usage_error(cmd, "--seed wants a non-negative integer, not '%s'",
						   optarg);
			a->x.has_seed = 1;
			break;
		case 'D': a->x.sets[a->x.nsets++] = optarg; break;
		case 'p': a->params[a->nparams++] = optarg; break;
		case 't': a->targets[a->ntargets++] = optarg; break;
		case 'L': a->plugins[a->nplugins++] = optarg; break;
		case 'I': a->instances = optarg; break;
		case 'T':
			if (parse_int(optarg, 0, 10000, &v) < 0)
				return usage_error(cmd, "--trials wants an integer from 0 to 10000, not '%s'",
						   optarg);
			a->trials = (int)v;
			break;
		case 'B':
			if (strcmp(optarg, "mean") && strcmp(optarg, "ci"))
				return usage_error(cmd, "--by wants 'mean' or 'ci', not '%s'", optarg);
			a->by = optarg;
			break;
		case 'M':
			if (parse_int(optarg, 1, SC_MAX_HOSTS, &v) < 0)
				return usage_error(cmd, "--max wants an instance count from 1 to 1000000, "
						   "not '%s'", optarg);
			a->max = v;
			break;
		case 'P': a->x.plots = 0; break;
		case 'q': a->x.quiet = 1; break;
		case 'h':
			study_args_free(a);
			find_command(cmd)->fn(-1, NULL);
			exit(0);
		default:
			return usage_error(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if ((c = take_scenario(cmd, argc, argv, &a->x.file)))
		return c;
	if (sweep && a->nparams == 0)
		return usage_error(cmd, "%s", "give at least one --param PATH=v1,v2,...");
	if (size && a->ntargets == 0)
		return usage_error(cmd, "%s", "give at least one --target, e.g. "
				   "--target 'availability>=0.999'");
	if (expt_parse_strategies(a->strategies ? a->strategies : "scenario", &a->x.strats,
				  &a->x.nstrats, &e) < 0)
		return usage_error(cmd, "%s", e.msg);
	a->x.command_line = join_args(cmd, argc, argv);
	return 0;
}

static int parse_study_args(const char *cmd, int argc, char **argv, struct study_args *a)
{
	int rc = parse_study_args_(cmd, argc, argv, a);

	if (rc)
		study_args_free(a);
	return rc;
}

/* Parses, starts the pool (and MPI), runs the study, reports. */
static int cmd_study(const char *cmd, int argc, char **argv)
{
	struct study_args a;
	st_registry reg;
	pool p;
	ecs_err e = { 0 };
	expt_param *params = NULL;
	expt_target *targets = NULL;
	int rc = 0, np = 0, nt = 0;

	if (argc < 0) {
		puts(find_command(cmd)->help);
		return 0;
	}
	if ((rc = parse_study_args(cmd, argc, argv, &a)))
		return rc;
	/* Plug-ins are loaded before the pool forks its workers (and on every
	 * MPI rank, which parses the same command line). */
	if ((rc = load_registry(&reg, a.plugins, a.nplugins))) {
		study_args_free(&a);
		return rc;
	}
	if (pool_init(&p, &argc, &argv, a.jobs, !a.x.quiet && isatty(STDERR_FILENO),
		      &interrupted) < 0) {
		fprintf(stderr, "ecsim %s: cannot start MPI\n", cmd);
		st_registry_destroy(&reg);
		study_args_free(&a);
		return EXIT_BAD;
	}
	a.x.pool = &p;
	a.x.reg = &reg;
	/* A bad --param or --target is a mistake in what to study, like a bad
	 * scenario: exit status 1, with the path or target named. */
	params = xcalloc((size_t)a.nparams + 1, sizeof(*params));
	for (; np < a.nparams && rc == 0; np++)
		rc = expt_parse_param(a.params[np], &params[np], &e);
	targets = xcalloc((size_t)a.ntargets + 1, sizeof(*targets));
	for (; nt < a.ntargets && rc == 0; nt++)
		rc = expt_parse_target(a.targets[nt], &targets[nt], &e);
	if (rc == 0) {
		if (strcmp(cmd, "compare") == 0) {
			rc = expt_compare(&a.x, &e);
		} else if (strcmp(cmd, "sweep") == 0) {
			rc = expt_sweep(&a.x, params, np, &e);
		} else {
			expt_size_opts o = { .targets = targets, .ntargets = nt,
					     .instances = a.instances, .trials = a.trials,
					     .by_ci = a.by && strcmp(a.by, "ci") == 0, .max = a.max };
			rc = expt_size(&a.x, &o, &e);
		}
	}
	if (rc < 0 && pool_leader(&p)) {
		if (interrupted)
			fprintf(stderr, "ecsim %s: interrupted; nothing was written\n", cmd);
		else
			fprintf(stderr, "ecsim %s: %s\n", cmd, e.msg);
	}
	for (int i = 0; i < np; i++)
		expt_param_free(&params[i]);
	for (int i = 0; i < nt; i++)
		expt_target_free(&targets[i]);
	free(params);
	free(targets);
	study_args_free(&a);
	pool_finish(&p);
	st_registry_destroy(&reg);
	return rc < 0 ? (interrupted ? 130 : EXIT_BAD) : 0;
}

static int cmd_compare(int argc, char **argv)
{
	return cmd_study("compare", argc, argv);
}

static int cmd_sweep(int argc, char **argv)
{
	return cmd_study("sweep", argc, argv);
}

static int cmd_size(int argc, char **argv)
{
	return cmd_study("size", argc, argv);
}

/* ---- traces ------------------------------------------------------------ */

static int cmd_traces(int argc, char **argv)
{
	if (argc < 0) {
		puts(find_command("traces")->help);
		return 0;
	}
	if (argc > 1)
		return usage_error("traces", "unexpected argument '%s'", argv[1]);
	printf("%-17s %-22s %s\n", "FORMAT", "MACHINES", "DESCRIPTION");
	for (int i = 0; trace_formats[i]; i++)
		printf("%-17s %-22s %s\n", trace_formats[i]->name,
		       trace_formats[i]->machines ? trace_formats[i]->machines : "-",
		       trace_formats[i]->summary);
	printf("\nUse one in a scenario's \"traces\" array; docs/traces.md lists the keys,\n"
	       "the columns each format reads and how rows become tasks.\n");
	return 0;
}

/* ---- strategies, help, version ------------------------------------------ */

static int cmd_strategies(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "plugin", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char **plugins;
	int nplugins = 0, c, rc;
	st_registry reg;

	if (argc < 0) {
		puts(find_command("strategies")->help);
		return 0;
	}
	plugins = calloc((size_t)argc + 1, sizeof(*plugins));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'L') {
			plugins[nplugins++] = optarg;
		} else if (c == 'h') {
			free(plugins);
			puts(find_command("strategies")->help);
			return 0;
		} else {
			free(plugins);
			return usage_error("strategies", "unknown or incomplete option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind < argc) {
		free(plugins);
		return usage_error("strategies", "unexpected argument '%s'", argv[optind]);
	}
	rc = load_registry(&reg, plugins, nplugins);
	free(plugins);
	if (rc)
		return rc;
	for (int i = 0; i < reg.n; i++) {
		const st_strategy *st = reg.list[i];
		printf("%s\n    %s\n    field: %s\n", st->name, st->summary ? st->summary : "",
		       st->fields ? st->fields : "none");
		if (st->stop_summary)
			printf("    scale-in: %s\n", st->stop_summary);
		if (reg.origin[i])
			printf("    plug-in: %s\n", reg.origin[i]);
	}
	printf("\nChain up to %d steps with commas, e.g. --strategy "
	       "'spread:attribute:ecs.availability-zone,binpack:memory';\n"
	       "docs/strategies.md gives every formula.\n", ST_MAX_STEPS);
	st_registry_destroy(&reg);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	const struct command *c;

	if (argc < 0 || argc < 2) {
		print_main_help(stdout);
		return 0;
	}
	if (!(c = find_command(argv[1])))
		return usage_error("help", "unknown command '%s'", argv[1]);
	return c->fn(-1, NULL);
}

static int cmd_version(int argc, char **argv)
{
	printf("ecsim %s%s\n", ECSIM_VERSION,
	       strcmp(pool_transport(), "MPI") == 0 ? " (built with MPI)" : "");
	return 0;
}

static const struct command commands[] = {
	{ "run", cmd_run, "run SCENARIO [options]", "simulate a scenario and write its report",
	  "usage: ecsim run SCENARIO [-o DIR] [--seed N] [--strategy SPEC] [--set PATH=VALUE]...\n"
	  "                 [--plugin FILE.so]... [--no-plots] [--no-task-log] [--check]\n"
	  "                 [--strict] [--quiet]\n"
	  "\n"
	  "Simulates SCENARIO (a JSON file, see docs/scenario-format.md) and writes\n"
	  "summary.json, timeseries.csv, services.csv, tasks.csv, PNG and SVG plots and\n"
	  "index.html (a page to open in a browser) into DIR.\n"
	  "Files appear only when the run succeeds; a failed or interrupted run leaves\n"
	  "what was there before.\n"
	  "\n"
	  "  -o, --output DIR     where results go (default: out/<scenario name>/)\n"
	  "      --seed N         replace the scenario's seed (same seed = same CSVs)\n"
	  "      --strategy SPEC  replace every service's and workload's placement strategy;\n"
	  "                       SPEC is an ECS chain, steps separated by commas, each\n"
	  "                       TYPE[:FIELD], e.g. spread:attribute:ecs.availability-zone,binpack:memory\n"
	  "                       (see 'ecsim strategies')\n"
	  "      --set PATH=VALUE override one scenario value, e.g.\n"
	  "                       --set services.web.desiredCount=40\n"
	  "                       --set cluster.instances[0].count=500  --set duration=2d\n"
	  "                       (array elements by index or by serviceName/name/family;\n"
	  "                       VALUE is JSON when it parses as JSON, else a string)\n"
	  "      --plugin FILE.so load placement strategies from a plug-in (repeatable; see\n"
	  "                       docs/strategies.md); they can then be used in SPEC and\n"
	  "                       in the scenario's placementStrategy\n"
	  "      --no-plots       do not run gnuplot\n"
	  "      --no-task-log    do not write tasks.csv (large runs, sweeps)\n"
	  "      --check          verify the model's invariants after every event (slow)\n"
	  "      --strict         make any bad row of a trace an error (see docs/traces.md)\n"
	  "  -q, --quiet          no summary on stdout, no progress line on stderr\n"
	  "\n"
	  "A progress line (simulated time, events/s, time left) appears on stderr when\n"
	  "the run takes more than a second and stderr is a terminal.\n"
	  "Exit status: 0 ok, 1 bad scenario or failed run, 2 bad usage, 130 interrupted." },
	{ "validate", cmd_validate, "validate SCENARIO [options]",
	  "check a scenario file without running it",
	  "usage: ecsim validate SCENARIO [--set PATH=VALUE]... [--plugin FILE.so]...\n"
	  "\n"
	  "Loads SCENARIO and builds its cluster exactly as 'run' would, reporting the\n"
	  "first mistake as FILE:LINE:COL: message (JSON syntax) or\n"
	  "FILE: $.json.path: message (meaning).  --plugin as for 'run'.\n"
	  "Exit status 0 if valid, 1 if not." },
	{ "compare", cmd_compare, "compare SCENARIO --strategies 'A;B'",
	  "compare strategies over replications, with confidence intervals",
	  "usage: ecsim compare SCENARIO --strategies 'SPEC;SPEC;...' [--replications N]\n"
	  "                     [--jobs J] [-o DIR] [--seed N] [--set PATH=VALUE]...\n"
	  "                     [--plugin FILE.so]... [--no-plots] [--quiet]\n"
	  "\n"
	  "Runs SCENARIO under every strategy, N times each, and tells whether the\n"
	  "differences are real or noise.  Replication k runs with seed BASE + k under\n"
	  "every strategy (BASE is --seed or the scenario's seed): the strategies see the\n"
	  "same arrivals, durations and failures (common random numbers), so their paired\n"
	  "differences have much narrower confidence intervals than separate runs would.\n"
	  "\n"
	  "  --strategies LIST  strategies separated by ';'. Each is an ECS chain as for\n"
	  "                     'run --strategy', LABEL=SPEC to name it, or the word\n"
	  "                     'scenario' for the scenario's own (the default), e.g.\n"
	  "                     'scenario;packed=binpack:memory;spread:attribute:ecs.availability-zone'\n"
	  "  -r, --replications N  runs per strategy (default 10); the interval needs N >= 2\n"
	  "  -j, --jobs J       runs at once on this machine (default: one per core);\n"
	  "                     results are identical whatever J is\n"
	  "  -o, --output DIR   where results go (default: out/<scenario name>-compare/)\n"
	  "      --seed N       base seed BASE\n"
	  "      --set PATH=VALUE  override a scenario value in every run (as for 'run')\n"
	  "      --plugin FILE.so  load placement strategies from a plug-in (repeatable),\n"
	  "                     so that --strategies can name them; see docs/strategies.md\n"
	  "      --no-plots     do not run gnuplot\n"
	  "  -q, --quiet        nothing on stdout, no progress line\n"
	  "\n"
	  "Writes comparison.csv (per metric and strategy: n, mean, stddev, 95 % Student-t\n"
	  "interval, and the paired difference to the first strategy with its interval),\n"
	  "replications.csv (one row per run, every metric), timeline.csv, bar charts with\n"
	  "error bars, a timeline chart and index.html.  Metrics are the numeric keys of\n"
	  "summary.json joined with '.', e.g. tasks.rejected, services.web.availability.\n"
	  "\n"
	  "Under MPI ('mpirun -np 4 ecsim-mpi compare ...') the runs are split over the\n"
	  "ranks and rank 0 writes the same files.  See docs/experiments.md.\n"
	  "\n"
	  "example:\n"
	  "  ecsim compare scenarios/quickstart.json -r 10 \\\n"
	  "      --strategies 'scenario;binpack:memory;spread:attribute:ecs.availability-zone'" },
	{ "sweep", cmd_sweep, "sweep SCENARIO --param PATH=v1,v2",
	  "run a grid of parameter values, with confidence bands",
	  "usage: ecsim sweep SCENARIO --param PATH=v1,v2,... [--param ...]\n"
	  "                   [--strategies 'SPEC;...'] [--replications N] [--jobs J]\n"
	  "                   [-o DIR] [--seed N] [--set PATH=VALUE]... [--plugin FILE.so]...\n"
	  "                   [--no-plots] [--quiet]\n"
	  "\n"
	  "Runs every combination of the parameter values (the first --param varies\n"
	  "slowest) under every strategy, N replications each, with the seed rule of\n"
	  "'compare' (replication k uses seed BASE + k at every point).\n"
	  "\n"
	  "  --param PATH=v1,v2,...  a scenario value to vary; PATH as in --set, e.g.\n"
	  "                     --param cluster.instances[0].count=100,150,200\n"
	  "                     --param services.web.desiredCount=50,100\n"
	  "                     Values are JSON when they parse as JSON; commas inside\n"
	  "                     [...], {...} or \"...\" do not split values.\n"
	  "  other options as for 'compare' (default output: out/<scenario name>-sweep/)\n"
	  "\n"
	  "Writes sweep.csv (one row per point, strategy and metric: n, mean, stddev,\n"
	  "95 % interval), replications.csv, line charts of the key metrics against the\n"
	  "first parameter with confidence bands, and index.html.  A bad PATH or value\n"
	  "is reported with its path and exit status 1 before anything runs.\n"
	  "\n"
	  "example:\n"
	  "  ecsim sweep scenarios/quickstart.json -r 5 \\\n"
	  "      --param cluster.instances[1].count=100,125,150 --strategies 'scenario;binpack:memory'" },
	{ "size", cmd_size, "size SCENARIO --target 'METRIC>=X'",
	  "find the smallest fleet meeting targets; compaction figure",
	  "usage: ecsim size SCENARIO --target 'METRIC OP VALUE' [--target ...]\n"
	  "                  [--instances PATH] [--by mean|ci] [--max N] [--trials T]\n"
	  "                  [--strategies 'SPEC;...'] [--replications N] [--jobs J]\n"
	  "                  [-o DIR] [--seed N] [--set PATH=VALUE]... [--plugin FILE.so]...\n"
	  "                  [--no-plots] [--quiet]\n"
	  "\n"
	  "How many hosts do we need?  For every strategy, finds the smallest count of\n"
	  "one instance group that meets every target, by bisection: it tries the\n"
	  "scenario's count and 0, doubles until a count meets the targets, then halves\n"
	  "the gap.  It assumes more hosts never make a metric worse.\n"
	  "\n"
	  "  --target T         METRIC>=X, METRIC<=X, METRIC>X or METRIC<X, e.g.\n"
	  "                     'availability>=0.999', 'tasks.rejected<=10',\n"
	  "                     'services.web.availability>=0.9999'\n"
	  "  --instances PATH   the count to size: cluster.instances[I].count, or just I\n"
	  "                     (default 0, the first instance group); others stay fixed\n"
	  "  --by mean          a count meets a target when the mean over the replications\n"
	  "                     does (default); --by ci asks the whole 95 % interval to\n"
	  "                     (its low end for >=, its high end for <=)\n"
	  "  --max N            largest count to try (default 1000000)\n"
	  "  --trials T         compaction trials (default 5, 0 = none): remove hosts from\n"
	  "                     the whole cluster in a random order (seed BASE + trial) until\n"
	  "                     the workload no longer fits - a task is rejected or a\n"
	  "                     service task finds no room at some time - and report the\n"
	  "                     smallest cluster that still fits (Borg's compaction)\n"
	  "  other options as for 'compare' (default output: out/<scenario name>-size/)\n"
	  "\n"
	  "Writes fleet.csv (the answer per strategy), size.csv (every count tried with\n"
	  "its statistics), compaction.csv, replications.csv, plots and index.html.\n"
	  "\n"
	  "example:\n"
	  "  ecsim size scenarios/quickstart.json --instances 1 -r 5 \\\n"
	  "      --target 'availability>=0.999' --target 'tasks.rejected<=50'" },
	{ "strategies", cmd_strategies, "strategies [--plugin FILE.so]...",
	  "list the placement strategies",
	  "usage: ecsim strategies [--plugin FILE.so]...\n"
	  "\n"
	  "Lists every placement strategy (built in, then those of the plug-ins named)\n"
	  "with a one-line description, its field and what it stops on scale-in." },
	{ "traces", cmd_traces, "traces", "list the trace formats a scenario can replay",
	  "usage: ecsim traces\n\nLists every trace format with the machine table it can read." },
	{ "help", cmd_help, "help [COMMAND]", "show help for a command",
	  "usage: ecsim help [COMMAND]" },
	{ "version", cmd_version, "version", "print the version", "usage: ecsim version" },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_main_help(FILE *f)
{
	fprintf(f, "ecsim %s - discrete-event simulator of an Amazon ECS cluster\n\n"
		"usage: ecsim COMMAND [ARGS]\n\ncommands:\n", ECSIM_VERSION);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-40s %s\n", commands[i].usage, commands[i].summary);
	fprintf(f, "\nexamples:\n"
		"  ecsim run scenarios/quickstart.json\n"
		"  ecsim run scenarios/quickstart.json --strategy binpack:memory -o out/binpack\n"
		"  ecsim validate my-cluster.json\n"
		"  ecsim compare scenarios/quickstart.json --strategies 'scenario;binpack:memory'\n\n"
		"'ecsim help COMMAND' explains a command; docs/scenario-format.md the file format.\n");
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_main_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_main_help(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(0, NULL);
	install_handlers();
	if (!(c = find_command(argv[1]))) {
		fprintf(stderr, "ecsim: unknown command '%s' (see 'ecsim --help')\n", argv[1]);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
