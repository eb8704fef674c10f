/* study_cmds.c - the commands 'compare', 'sweep' and 'size': their shared
 * options, the command line recorded in index.html, and starting the pool
 * (and MPI).  The studies themselves are sim/study's (expt.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sim/scenario/scenario.h"
#include "sim/study/expt.h"
#include "sim/study/pool.h"

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

/* One option c of command cmd, with its value v, into a; 0, or the exit
 * status of a usage error.  Which options a command takes is its table's
 * (main.c): the parser refuses the others. */
static int study_option(const char *cmd, int c, const char *v, struct study_args *a)
{
	long long n;

	switch (c) {
	case 'o': a->x.outdir = v; break;
	case 'S': a->strategies = (char *)v; break;
	case 'r':
		if (parse_int(v, 1, 1000000, &n) < 0)
			return cli_usage_error(cmd, "--replications wants an integer from 1 to "
					       "1000000, not '%s'", v);
		a->x.reps = (int)n;
		break;
	case 'j':
		if (parse_int(v, 1, 4096, &n) < 0)
			return cli_usage_error(cmd, "--jobs wants an integer from 1 to 4096, "
					       "not '%s'", v);
		a->jobs = (int)n;
		break;
	case 's':
		if (cli_parse_u64(v, &a->x.seed) < 0)
			return cli_usage_error(cmd, "--seed wants a non-negative integer, not '%s'",
					       v);
		a->x.has_seed = 1;
		break;
	case 'D': a->x.sets[a->x.nsets++] = (char *)v; break;
	case 'p': a->params[a->nparams++] = (char *)v; break;
	case 't': a->targets[a->ntargets++] = (char *)v; break;
	case 'L': a->plugins[a->nplugins++] = (char *)v; break;
	case 'I': a->instances = v; break;
	case 'T':
		if (parse_int(v, 0, 10000, &n) < 0)
			return cli_usage_error(cmd, "--trials wants an integer from 0 to 10000, "
					       "not '%s'", v);
		a->trials = (int)n;
		break;
	case 'B':
		if (strcmp(v, "mean") && strcmp(v, "ci"))
			return cli_usage_error(cmd, "--by wants 'mean' or 'ci', not '%s'", v);
		a->by = v;
		break;
	case 'M':
		if (parse_int(v, 1, SC_MAX_HOSTS, &n) < 0)
			return cli_usage_error(cmd, "--max wants an instance count from 1 to "
					       "1000000, not '%s'", v);
		a->max = n;
		break;
	case 'P': a->x.plots = 0; break;
	case 'q': a->x.quiet = 1; break;
	default: /* -1: the parser said what is wrong */
		return EXIT_USAGE;
	}
	return 0;
}

static int parse_study_args_(const char *cmd, int argc, char **argv, struct study_args *a)
{
	cli_opts p;
	int c, rc = 0;
	ecs_err e = { 0 };

	*a = (struct study_args){ .x = { .reps = 10, .plots = 1 }, .trials = 5 };
	a->x.sets = xcalloc((size_t)argc + 1, sizeof(char *));
	a->params = xcalloc((size_t)argc + 1, sizeof(char *));
	a->targets = xcalloc((size_t)argc + 1, sizeof(char *));
	a->plugins = xcalloc((size_t)argc + 1, sizeof(char *));
	cli_opts_init(&p, cmd, argc, argv);
	while (rc == 0 && (c = cli_opts_next(&p)) != 0) {
		if (c == 'h') {
			cli_opts_destroy(&p);
			study_args_free(a);
			cli_show_help(cmd);
			exit(0);
		}
		rc = study_option(cmd, c, p.value, a);
	}
	if (rc == 0)
		rc = cli_take_scenario(&p, &a->x.file);
	cli_opts_destroy(&p);
	if (rc)
		return rc;
	if (strcmp(cmd, "sweep") == 0 && a->nparams == 0)
		return cli_usage_error(cmd, "%s", "give at least one --param PATH=v1,v2,...");
	if (strcmp(cmd, "size") == 0 && a->ntargets == 0)
		return cli_usage_error(cmd, "%s", "give at least one --target, e.g. "
				       "--target 'availability>=0.999'");
	if (expt_parse_strategies(a->strategies ? a->strategies : "scenario", &a->x.strats,
				  &a->x.nstrats, &e) < 0)
		return cli_usage_error(cmd, "%s", e.msg);
	a->x.command_line = cli_command_line(cmd, argc, argv);
	return 0;
}

/* Every strategy name in --strategies is one of reg's (plug-ins loaded):
 * else a usage error, before the scenario is read.  Fields are resolved
 * against the scenario's cluster, per run (exit status 1). */
static int check_strategies(const char *cmd, const struct study_args *a, const st_registry *reg)
{
	ecs_err e = { 0 };

	for (int i = 0; i < a->x.nstrats; i++)
		if (a->x.strats[i].spec && st_chain_check(reg, a->x.strats[i].spec, &e) < 0) {
			err_prefix(&e, "--strategies '%s': ", a->strategies);
			return cli_usage_error(cmd, "%s", e.msg);
		}
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
		cli_show_help(cmd);
		return 0;
	}
	if ((rc = parse_study_args(cmd, argc, argv, &a)))
		return rc;
	/* Plug-ins are loaded before the pool forks its workers (and on every
	 * MPI rank, which parses the same command line). */
	if ((rc = cli_load_registry(&reg, a.plugins, a.nplugins))) {
		study_args_free(&a);
		return rc;
	}
	if ((rc = check_strategies(cmd, &a, &reg))) {
		st_registry_destroy(&reg);
		study_args_free(&a);
		return rc;
	}
	if (pool_init(&p, &argc, &argv, a.jobs, !a.x.quiet && isatty(STDERR_FILENO),
		      &cli_interrupted) < 0) {
		fprintf(stderr, "ecsim %s: cannot start MPI\n", cmd);
		st_registry_destroy(&reg);
		study_args_free(&a);
		return EXIT_BAD;
	}
	a.x.pool = &p;
	a.x.reg = &reg;
	a.x.plugins = a.plugins;
	a.x.nplugins = a.nplugins;
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
		if (cli_interrupted)
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
	return rc < 0 ? (cli_interrupted ? 130 : EXIT_BAD) : 0;
}

int cli_compare(int argc, char **argv)
{
	return cmd_study("compare", argc, argv);
}

int cli_sweep(int argc, char **argv)
{
	return cmd_study("sweep", argc, argv);
}

int cli_size(int argc, char **argv)
{
	return cmd_study("size", argc, argv);
}
