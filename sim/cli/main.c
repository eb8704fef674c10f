/* main.c - the ecsim command line: the table of commands, each with its
 * help and its options, looked up by name; the same table drives 'ecsim
 * help', the option parser (cli.c), the manual page (man.c) and shell
 * completion (complete.c).  The commands live in run.c, study_cmds.c and
 * lists.c (see cli.h).
 *
 * Exit status: 0 success, 1 bad scenario or failed run, 2 bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "reports/provenance.h"
#include "sim/study/pool.h"

static void print_main_help(FILE *f);

/* ---- the options of each command ------------------------------------------- */

#define OPT_HELP { "help", 'h', 'h', CLI_FLAG, NULL }
#define OPT_SET { "set", 0, 'D', CLI_KEY, NULL }
#define OPT_PLUGIN { "plugin", 0, 'L', CLI_PLUGIN, NULL }
#define OPT_END { NULL, 0, 0, CLI_FLAG, NULL }

static const cli_option run_opts[] = {
	{ "output", 'o', 'o', CLI_DIR, NULL },
	{ "seed", 0, 's', CLI_NUMBER, NULL },
	{ "strategy", 0, 'S', CLI_STRATEGY, NULL },
	OPT_SET,
	OPT_PLUGIN,
	{ "no-plots", 0, 'P', CLI_FLAG, NULL },
	{ "no-task-log", 0, 'T', CLI_FLAG, NULL },
	{ "no-host-log", 0, 'H', CLI_FLAG, NULL },
	{ "check", 0, 'C', CLI_FLAG, NULL },
	{ "strict", 0, 'X', CLI_FLAG, NULL },
	{ "batches", 0, 'B', CLI_NUMBER, NULL },
	{ "quiet", 'q', 'q', CLI_FLAG, NULL },
	OPT_HELP,
	OPT_END,
};

static const cli_option validate_opts[] = { OPT_SET, OPT_PLUGIN, OPT_HELP, OPT_END };

/* compare's; sweep and size add theirs */
#define STUDY_OPTS                                                 \
	{ "strategies", 0, 'S', CLI_STRATEGIES, NULL },            \
	{ "replications", 'r', 'r', CLI_NUMBER, NULL },            \
	{ "jobs", 'j', 'j', CLI_NUMBER, NULL },                    \
	{ "output", 'o', 'o', CLI_DIR, NULL },                     \
	{ "seed", 0, 's', CLI_NUMBER, NULL },                      \
	OPT_SET,                                                   \
	OPT_PLUGIN,                                                \
	{ "no-plots", 0, 'P', CLI_FLAG, NULL },                    \
	{ "quiet", 'q', 'q', CLI_FLAG, NULL },                     \
	OPT_HELP

static const cli_option compare_opts[] = { STUDY_OPTS, OPT_END };

static const cli_option sweep_opts[] = {
	{ "param", 0, 'p', CLI_KEY, NULL },
	STUDY_OPTS,
	OPT_END,
};

static const cli_option size_opts[] = {
	{ "target", 0, 't', CLI_TEXT, NULL },
	{ "instances", 0, 'I', CLI_TEXT, NULL },
	{ "by", 0, 'B', CLI_CHOICE, "mean ci" },
	{ "max", 0, 'M', CLI_NUMBER, NULL },
	{ "trials", 0, 'T', CLI_NUMBER, NULL },
	STUDY_OPTS,
	OPT_END,
};

static const cli_option strategies_opts[] = { OPT_PLUGIN, OPT_HELP, OPT_END };
static const cli_option help_opts[] = { { "man", 0, 'm', CLI_FLAG, NULL }, OPT_HELP, OPT_END };
static const cli_option plain_opts[] = { OPT_HELP, OPT_END };
static const cli_option schema_opts[] = { { "output", 'o', 'o', CLI_FILE, NULL }, OPT_HELP,
					  OPT_END };
static const cli_option import_opts[] = {
	{ "output", 'o', 'o', CLI_FILE, NULL },
	{ "parameter", 'p', 'p', CLI_TEXT, NULL },
	{ "stack-name", 0, 'N', CLI_TEXT, NULL },
	{ "region", 0, 'R', CLI_TEXT, NULL },
	{ "account-id", 0, 'A', CLI_TEXT, NULL },
	OPT_HELP,
	OPT_END,
};

/* ---- help and version ------------------------------------------------------ */

/* The command name asked for is unknown: the message, with a "did you
 * mean" hint when a command is close (err_closest). */
static void unknown_command(const char *who, const char *name)
{
	const char *names[32], *best;
	int n = 0;

	for (const cli_command *c = cli_commands; c->name && n < 31; c++)
		if (!c->hidden)
			names[n++] = c->name;
	names[n] = NULL;
	best = err_closest(name, names);
	if (strcmp(who, "help") == 0) {
		if (best)
			fprintf(stderr, "ecsim help: unknown command '%s' (did you mean '%s'?)\n",
				name, best);
		else
			fprintf(stderr, "ecsim help: unknown command '%s'\n", name);
		fprintf(stderr, "(see 'ecsim help help')\n");
	} else if (best) {
		fprintf(stderr, "ecsim: unknown command '%s' (did you mean '%s'?)\n", name, best);
	} else {
		fprintf(stderr, "ecsim: unknown command '%s' (see 'ecsim --help')\n", name);
	}
}

static int cmd_help(int argc, char **argv)
{
	const cli_command *c = NULL;
	cli_opts p;
	int k, man = 0, self = 0, rc = 0;

	if (argc < 0) {
		cli_show_help("help");
		return 0;
	}
	cli_opts_init(&p, "help", argc, argv);
	while ((k = cli_opts_next(&p)) > 0) {
		man |= k == 'm';
		self |= k == 'h';
	}
	if (k < 0)
		rc = EXIT_USAGE;
	else if (p.noperands > (man ? 0 : 1))
		rc = cli_usage_error("help", "unexpected argument '%s'", p.operands[man ? 0 : 1]);
	else if (p.noperands && !(c = cli_find_command(p.operands[0]))) {
		unknown_command("help", p.operands[0]);
		rc = EXIT_USAGE;
	}
	cli_opts_destroy(&p);
	if (rc)
		return rc;
	if (self)
		cli_show_help("help");
	else if (man)
		cli_print_man(stdout, ECSIM_VERSION);
	else if (c)
		c->fn(-1, NULL);
	else
		print_main_help(stdout);
	return 0;
}

static int cmd_version(int argc, char **argv)
{
	cli_opts p;
	int k;

	if (argc < 0) {
		cli_show_help("version");
		return 0;
	}
	cli_opts_init(&p, "version", argc, argv);
	k = cli_opts_next(&p);
	if (k == 'h') {
		cli_opts_destroy(&p);
		cli_show_help("version");
		return 0;
	}
	if (k == 0 && p.noperands)
		cli_usage_error("version", "unexpected argument '%s'", p.operands[0]);
	cli_opts_destroy(&p);
	if (k != 0 || p.noperands)
		return EXIT_USAGE;
	printf("ecsim %s%s\n", ECSIM_VERSION,
	       strcmp(pool_transport(), "MPI") == 0 ? " (built with MPI)" : "");
	return 0;
}

/* ---- the table -------------------------------------------------------------- */

const cli_command cli_commands[] = {
	{ "run", cli_run, "run SCENARIO [options]", "simulate a scenario and write its report",
	  "usage: ecsim run SCENARIO [-o DIR] [--seed N] [--strategy SPEC] [--set PATH=VALUE]...\n"
	  "                 [--plugin FILE.so]... [--no-plots] [--no-task-log] [--no-host-log]\n"
	  "                 [--check] [--strict] [--batches N] [--quiet]\n"
	  "\n"
	  "Simulates SCENARIO (a JSON file, see docs/scenario-format.md) and writes\n"
	  "summary.json, timeseries.csv, services.csv, events.csv, deployments.csv,\n"
	  "cost.csv, hosts.csv, tasks.csv, PNG and SVG plots and index.html (a page to\n"
	  "open in a browser) into DIR.\n"
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
	  "      --no-host-log    do not write hosts.csv, nor keep its per-host figures\n"
	  "                       (a few per cent faster with many hosts)\n"
	  "      --check          verify the model's invariants after every event (slow)\n"
	  "      --strict         make any bad row of a trace an error (see docs/traces.md)\n"
	  "      --batches N      batch means: cut the run (from measureFrom) into N equal\n"
	  "                       batches and give every metric of summary.json a 95 %\n"
	  "                       interval from them (batch_means; 10 to 30 is usual;\n"
	  "                       see docs/experiments.md)\n"
	  "  -q, --quiet          no summary on stdout, no progress line on stderr\n"
	  "\n"
	  "A progress line (simulated time, events/s, time left) appears on stderr when\n"
	  "the run takes more than a second and stderr is a terminal.\n"
	  "Exit status: 0 ok, 1 bad scenario or failed run, 2 bad usage, 130 interrupted.",
	  run_opts, 0 },
	{ "validate", cli_validate, "validate SCENARIO [options]",
	  "check a scenario file without running it",
	  "usage: ecsim validate SCENARIO [--set PATH=VALUE]... [--plugin FILE.so]...\n"
	  "\n"
	  "Loads SCENARIO and builds its cluster exactly as 'run' would, reporting the\n"
	  "first mistake as FILE:LINE:COL: message (JSON syntax) or\n"
	  "FILE: $.json.path: message (meaning).  --plugin as for 'run'.\n"
	  "Exit status 0 if valid, 1 if not, 2 for bad usage.",
	  validate_opts, 0 },
	{ "compare", cli_compare, "compare SCENARIO --strategies 'A;B'",
	  "compare strategies over replications, with confidence intervals",
	  "usage: ecsim compare SCENARIO --strategies 'SPEC;SPEC;...' [--replications N]\n"
	  "                     [--jobs J] [-o DIR] [--seed N] [--set PATH=VALUE]...\n"
	  "                     [--plugin FILE.so]... [--no-plots] [--quiet]\n"
	  "\n"
	  "Runs SCENARIO under every strategy, N times each, and tells whether the\n"
	  "differences are real or noise.  Replication k runs with seed BASE + k under\n"
	  "every strategy (BASE is --seed or the scenario's seed): the strategies see the\n"
	  "same arrivals, durations and failures (common random numbers), and their\n"
	  "differences are paired by seed: narrower intervals where the strategies' values\n"
	  "move together (see docs/experiments.md for how much, measured).\n"
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
	  "      --strategies 'scenario;binpack:memory;spread:attribute:ecs.availability-zone'",
	  compare_opts, 0 },
	{ "sweep", cli_sweep, "sweep SCENARIO --param PATH=v1,v2",
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
	  "      --param cluster.instances[1].count=100,125,150 --strategies 'scenario;binpack:memory'",
	  sweep_opts, 0 },
	{ "size", cli_size, "size SCENARIO --target 'METRIC>=X'",
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
	  "      --target 'availability>=0.999' --target 'tasks.rejected<=50'",
	  size_opts, 0 },
	{ "import", cli_import, "import TEMPLATE [-o FILE] [options]",
	  "turn a CloudFormation template into a scenario to edit",
	  "usage: ecsim import TEMPLATE [-o FILE] [--parameter NAME=VALUE]...\n"
	  "                    [--stack-name NAME] [--region REGION] [--account-id ID]\n"
	  "\n"
	  "Reads a CloudFormation template (YAML or JSON) and writes a scenario: its\n"
	  "AWS::ECS::TaskDefinition resources as taskDefinitions, AWS::ECS::Service as\n"
	  "services, AWS::ECS::CapacityProvider with their Auto Scaling groups as the\n"
	  "cluster's capacity providers and instances, scalable targets and scaling\n"
	  "policies as the services' autoScaling (see docs/import.md).  A value the\n"
	  "template does not give becomes \"<<FILL IN: why>>\"; each is listed on stderr\n"
	  "with its template path, and 'ecsim validate' refuses the scenario until\n"
	  "they are replaced.  A parameter's default is used when it has one.\n"
	  "\n"
	  "  -o, --output FILE        write the scenario to FILE (default: stdout)\n"
	  "  -p, --parameter N=V      the value of parameter N, as at deploy time\n"
	  "      --stack-name NAME    AWS::StackName\n"
	  "      --region REGION      AWS::Region (and AWS::Partition, AWS::URLSuffix)\n"
	  "      --account-id ID      AWS::AccountId\n"
	  "\n"
	  "Exit status: 0 written (placeholders or not), 1 unreadable or no ECS\n"
	  "resources, 2 bad usage.",
	  import_opts, 0 },
	{ "strategies", cli_strategies, "strategies [--plugin FILE.so]...",
	  "list the placement strategies",
	  "usage: ecsim strategies [--plugin FILE.so]...\n"
	  "\n"
	  "Lists every placement strategy (built in, then those of the plug-ins named)\n"
	  "with a one-line description, its field and what it stops on scale-in.",
	  strategies_opts, 0 },
	{ "traces", cli_traces, "traces", "list the trace formats a scenario can replay",
	  "usage: ecsim traces\n\nLists every trace format with the machine table it can read.",
	  plain_opts, 0 },
	{ "schema", cli_schema, "schema [-o FILE]", "print the JSON Schema of scenario files",
	  "usage: ecsim schema [-o FILE]\n"
	  "\n"
	  "Prints the JSON Schema (draft 2020-12) of a scenario file, made from the\n"
	  "loader's own tables of keys: every key the loader takes is in it, with its\n"
	  "type, words, bounds and a line of description, and any other key is refused.\n"
	  "Editors use it for completion and checking as you type; a scenario may name\n"
	  "it with \"$schema\" (see docs/scenario-format.md, Editor setup).  The loader\n"
	  "checks more than the schema can say: 'ecsim validate' is the judge.\n"
	  "\n"
	  "  -o, --output FILE  write the schema to FILE (default: stdout)\n"
	  "\n"
	  "example:\n"
	  "  ecsim schema -o ecsim.schema.json",
	  schema_opts, 0 },
	{ "help", cmd_help, "help [COMMAND]", "show help for a command",
	  "usage: ecsim help [COMMAND]\n"
	  "       ecsim help --man\n"
	  "\n"
	  "Shows the help of COMMAND, or the list of commands.  Every command also\n"
	  "takes -h or --help.\n"
	  "\n"
	  "      --man        print the manual page ecsim(1) as roff (what 'man ecsim'\n"
	  "                   shows once installed; docs/ecsim.1 is this output)",
	  help_opts, 0 },
	{ "version", cmd_version, "version", "print the version",
	  "usage: ecsim version\n\nPrints the version, and whether this binary was built with MPI.",
	  plain_opts, 0 },
	{ "complete", cli_complete, "complete KIND [ARGS]", "candidates for shell completion",
	  "usage: ecsim complete KIND [ARGS]\n"
	  "\n"
	  "Prints candidates for the shell completion scripts (scripts/completion/),\n"
	  "one per line:\n"
	  "  commands                  the commands\n"
	  "  options COMMAND           the options of COMMAND\n"
	  "  value COMMAND OPTION      what OPTION takes: none, text, number, dir, plugin,\n"
	  "                            strategy, strategies, key, or choice and its words\n"
	  "  strategies [FILE.so]...   the strategy names, with those of the plug-ins\n"
	  "  keys [SCENARIO]           scenario paths for --set and --param: the common\n"
	  "                            ones, and every value of SCENARIO when given",
	  plain_opts, 1 },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 },
};

const cli_command *cli_find_command(const char *name)
{
	for (const cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void cli_show_help(const char *cmd)
{
	puts(cli_find_command(cmd)->help);
}

static void print_main_help(FILE *f)
{
	fprintf(f, "ecsim %s - discrete-event simulator of an Amazon ECS cluster\n\n"
		"usage: ecsim COMMAND [ARGS]\n\ncommands:\n", ECSIM_VERSION);
	for (const cli_command *c = cli_commands; c->name; c++)
		if (!c->hidden)
			fprintf(f, "  %-40s %s\n", c->usage, c->summary);
	fprintf(f, "\nexamples:\n"
		"  ecsim run scenarios/quickstart.json\n"
		"  ecsim run scenarios/quickstart.json --strategy binpack:memory -o out/binpack\n"
		"  ecsim validate my-cluster.json\n"
		"  ecsim compare scenarios/quickstart.json --strategies 'scenario;binpack:memory'\n\n"
		"'ecsim help COMMAND' explains a command; docs/scenario-format.md the file format.\n");
}

int main(int argc, char **argv)
{
	const cli_command *c;

	if (argc < 2) {
		print_main_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_main_help(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv + 1);
	cli_install_handlers();
	if (!(c = cli_find_command(argv[1]))) {
		unknown_command("", argv[1]);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
