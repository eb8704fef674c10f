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
#include "scenario.h"
#include "sim.h"
#include "strategies/strategy.h"
#include "units.h"

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

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
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

struct run_args {
	const char *scenario, *outdir, *strategy;
	char **sets;
	int nsets;
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
		{ "strict", no_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*a = (struct run_args){ .plots = 1, .task_log = 1 };
	a->sets = calloc((size_t)argc + 1, sizeof(*a->sets));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, full ? "o:qh" : "h", opts, NULL)) != -1) {
		if (!full && c != 'D' && c != 'h' && c != '?')
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
		case 'P': a->plots = 0; break;
		case 'q': a->quiet = 1; break;
		case 'T': a->task_log = 0; break;
		case 'C': a->check = 1; break;
		case 'X': a->strict = 1; break;
		case 'h':
			free(a->sets);
			find_command(cmd)->fn(-1, NULL);
			exit(0);
		default:
			return usage_error(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error(cmd, "%s", "missing SCENARIO file");
	if (optind + 1 < argc)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	a->scenario = argv[optind];
	return 0;
}

/* Parses argv into a; on a usage error returns its exit status with
 * nothing left allocated. */
static int parse_run_args(const char *cmd, int argc, char **argv, struct run_args *a, int full)
{
	int rc = parse_run_args_(cmd, argc, argv, a, full);

	if (rc) {
		free(a->sets);
		a->sets = NULL;
	}
	return rc;
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
	double el = wall_now() - t0, frac = (double)s->eng.now / (double)s->sc->duration;
	double eta = frac > 0 ? el * (1 - frac) / frac : 0;

	fprintf(stderr, "\r  simulated %.1f h of %.1f h (%3.0f%%)  %.2f M events/s  %s %.0f s   ",
		us_to_s(s->eng.now) / 3600, us_to_s(s->sc->duration) / 3600, 100 * frac,
		el > 0 ? (double)s->eng.executed / el / 1e6 : 0, final ? "took" : "ETA",
		final ? el : eta);
	if (final)
		fputc('\n', stderr);
}

static int cmd_run(int argc, char **argv)
{
	struct run_args a;
	scenario sc;
	sim s;
	runlog rl;
	sim_opts so;
	ecs_err e = { 0 }, plot_err = { 0 };
	char dir[4096];
	double t0;
	int rc, show, shown = 0, plots;
	json_t *summary;

	if (argc < 0) {
		puts(find_command("run")->help);
		return 0;
	}
	if ((rc = parse_run_args("run", argc, argv, &a, 1)))
		return rc;
	if (scenario_load(&sc, a.scenario, a.sets, a.nsets, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		free(a.sets);
		return EXIT_BAD;
	}
	so = (sim_opts){ .seed = a.seed, .has_seed = a.has_seed, .strategy = a.strategy,
			 .check = a.check, .strict = a.strict };
	if (a.outdir)
		snprintf(dir, sizeof(dir), "%s", a.outdir);
	else
		default_outdir(dir, sizeof(dir), sc.name);
	/* The model is built first: a scenario mistake found now must not
	 * create or touch the output directory. */
	if (sim_init(&s, &sc, &so, NULL, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		sim_destroy(&s);
		scenario_destroy(&sc);
		free(a.sets);
		return EXIT_BAD;
	}
	if (runlog_begin(&rl, dir, a.task_log, &e) < 0) {
		fprintf(stderr, "ecsim: %s\n", e.msg);
		sim_destroy(&s);
		scenario_destroy(&sc);
		free(a.sets);
		return EXIT_BAD;
	}
	s.obs = runlog_observer(&rl);

	signal(SIGINT, on_sigint);
	signal(SIGTERM, on_sigint);
	show = !a.quiet && isatty(STDERR_FILENO);
	t0 = wall_now();
	{
		/* Slices of simulated time keep the progress line and Ctrl-C
		 * responsive without a clock read per event. */
		int64_t slice = sc.duration / 1000 > 0 ? sc.duration / 1000 : 1;
		double last_shown = 0;
		for (int64_t t = 0; !interrupted;) {
			t = t + slice < sc.duration ? t + slice : sc.duration;
			if (sim_run(&s, t, &e) < 0)
				break;
			if (show && wall_now() - t0 > 1.0 && wall_now() - last_shown > 0.2) {
				progress(&s, t0, 0);
				last_shown = wall_now();
				shown = 1;
			}
			if (t >= sc.duration)
				break;
		}
	}
	if (shown)
		progress(&s, t0, 1);
	for (int i = 0; i < s.ntrs; i++)
		trace_print_bad(&s.trs[i].tr, stderr);
	if (err_isset(&e) || interrupted) {
		if (interrupted)
			fprintf(stderr, "ecsim: interrupted at %.1f simulated hours; nothing was "
				"written to %s\n", us_to_s(s.eng.now) / 3600, dir);
		else
			fprintf(stderr, "ecsim: %s\nnothing was written to %s\n", e.msg, dir);
		runlog_abort(&rl);
		sim_destroy(&s);
		scenario_destroy(&sc);
		free(a.sets);
		return interrupted ? 130 : EXIT_BAD;
	}
	sim_finish(&s);
	summary = runlog_summary(&s, wall_now() - t0);
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
		if (!a.quiet) {
			runlog_print(stdout, summary);
			printf("  results      %s/ (summary.json, timeseries.csv, services.csv%s)\n",
			       dir, a.task_log ? ", tasks.csv" : "");
			if (!a.plots)
				printf("  plots        skipped (--no-plots)\n");
			else if (!plots)
				printf("  plots        skipped: gnuplot not found (scripts/deps.sh "
				       "installs it)\n");
			else if (err_isset(&plot_err))
				printf("  plots        failed: %s\n", plot_err.msg);
			else
				printf("  plots        %s/utilization.png, hosts.png%s\n", dir,
				       s.nsvcs ? ", services.png" : "");
		}
	}
	json_decref(summary);
	sim_destroy(&s);
	scenario_destroy(&sc);
	free(a.sets);
	return rc < 0 ? EXIT_BAD : 0;
}

/* ---- validate ---------------------------------------------------------- */

static int cmd_validate(int argc, char **argv)
{
	struct run_args a;
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	int rc;

	if (argc < 0) {
		puts(find_command("validate")->help);
		return 0;
	}
	if ((rc = parse_run_args("validate", argc, argv, &a, 0)))
		return rc;
	if (scenario_load(&sc, a.scenario, a.sets, a.nsets, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		free(a.sets);
		return EXIT_BAD;
	}
	rc = sim_init(&s, &sc, NULL, NULL, &e);
	for (int i = 0; rc == 0 && i < s.ntrs; i++)
		trace_print_bad(&s.trs[i].tr, stderr);
	if (rc < 0)
		fprintf(stderr, "%s\n", e.msg);
	else
		printf("%s: ok (%s: %lld hosts in %d zones, %d task definitions, %d services, "
		       "%d workloads, %d traces, %.1f simulated hours)\n", a.scenario, sc.name,
		       (long long)s.cl.nhosts, sc.nzones, sc.ntaskdefs, sc.nservices, sc.nworkloads,
		       sc.ntraces, us_to_s(sc.duration) / 3600);
	sim_destroy(&s);
	scenario_destroy(&sc);
	free(a.sets);
	return rc < 0 ? EXIT_BAD : 0;
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
	if (argc < 0) {
		puts(find_command("strategies")->help);
		return 0;
	}
	if (argc > 1)
		return usage_error("strategies", "unexpected argument '%s'", argv[1]);
	printf("%-10s %-45s %s\n", "STRATEGY", "FIELDS", "DESCRIPTION");
	for (int i = 0; st_registry[i]; i++)
		printf("%-10s %-45s %s\n", st_registry[i]->name, st_registry[i]->fields,
		       st_registry[i]->summary);
	printf("\nChain them with commas, e.g. --strategy "
	       "'spread:attribute:ecs.availability-zone,binpack:memory'.\n");
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
	printf("ecsim %s\n", ECSIM_VERSION);
	return 0;
}

static const struct command commands[] = {
	{ "run", cmd_run, "run SCENARIO [options]", "simulate a scenario and write its report",
	  "usage: ecsim run SCENARIO [-o DIR] [--seed N] [--strategy SPEC] [--set PATH=VALUE]...\n"
	  "                 [--no-plots] [--no-task-log] [--check] [--strict] [--quiet]\n"
	  "\n"
	  "Simulates SCENARIO (a JSON file, see docs/scenario-format.md) and writes\n"
	  "summary.json, timeseries.csv, services.csv, tasks.csv and PNG plots into DIR.\n"
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
	  "      --no-plots       do not run gnuplot\n"
	  "      --no-task-log    do not write tasks.csv (large runs, sweeps)\n"
	  "      --check          verify the model's invariants after every event (slow)\n"
	  "      --strict         make any bad row of a trace an error (see docs/traces.md)\n"
	  "  -q, --quiet          no summary on stdout, no progress line on stderr\n"
	  "\n"
	  "A progress line (simulated time, events/s, time left) appears on stderr when\n"
	  "the run takes more than a second and stderr is a terminal.\n"
	  "Exit status: 0 ok, 1 bad scenario or failed run, 2 bad usage, 130 interrupted." },
	{ "validate", cmd_validate, "validate SCENARIO [--set PATH=VALUE]...",
	  "check a scenario file without running it",
	  "usage: ecsim validate SCENARIO [--set PATH=VALUE]...\n"
	  "\n"
	  "Loads SCENARIO and builds its cluster exactly as 'run' would, reporting the\n"
	  "first mistake as FILE:LINE:COL: message (JSON syntax) or\n"
	  "FILE: $.json.path: message (meaning).  Exit status 0 if valid, 1 if not." },
	{ "strategies", cmd_strategies, "strategies", "list the placement strategies",
	  "usage: ecsim strategies\n\nLists every placement strategy with its fields." },
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
		"  ecsim validate my-cluster.json\n\n"
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
	if (!(c = find_command(argv[1]))) {
		fprintf(stderr, "ecsim: unknown command '%s' (see 'ecsim --help')\n", argv[1]);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
