/* cli.h - what the commands of the ecsim command line share.
 *
 * cli.c owns the Ctrl-C flag and the helpers every command uses; main.c the
 * command table and help; run.c, study_cmds.c and lists.c the commands, which
 * parse options, call sim/model, sim/study or reports/, and print.
 */
#ifndef ECS_CLI_H
#define ECS_CLI_H

#include <signal.h>
#include <stdint.h>

#include "strategies/strategy.h"

/* Exit statuses besides 0 (and 130, interrupted). */
enum { EXIT_BAD = 1, EXIT_USAGE = 2 };

/* ---- cli.c ----------------------------------------------------------------- */

/* Set by the first Ctrl-C (or SIGTERM); runs and studies poll it. */
extern volatile sig_atomic_t cli_interrupted;

/* Installs the Ctrl-C handlers and the plug-in guard; call before any work. */
void cli_install_handlers(void);

/* Seconds on a monotonic clock. */
double cli_wall_now(void);

/* Prints "ecsim CMD: " fmt (with arg) and the pointer to 'ecsim help CMD';
 * returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* The one SCENARIO operand after getopt (at optind) into *file; else a
 * usage error. */
int cli_take_scenario(const char *cmd, int argc, char **argv, const char **file);

/* A decimal non-negative integer; -1 if s is not one. */
int cli_parse_u64(const char *s, uint64_t *out);

/* The built-in strategies plus the plug-ins files[0..n), in order; on a
 * loading error prints it and returns EXIT_BAD with reg empty. */
int cli_load_registry(st_registry *reg, char **files, int n);

/* ---- main.c ---------------------------------------------------------------- */

/* Prints the help text of command cmd on stdout. */
void cli_show_help(const char *cmd);

/* ---- the commands: argc < 0 prints the command's help ---------------------- */

int cli_run(int argc, char **argv);        /* run.c */
int cli_validate(int argc, char **argv);   /* run.c */
int cli_compare(int argc, char **argv);    /* study_cmds.c */
int cli_sweep(int argc, char **argv);      /* study_cmds.c */
int cli_size(int argc, char **argv);       /* study_cmds.c */
int cli_strategies(int argc, char **argv); /* lists.c */
int cli_traces(int argc, char **argv);     /* lists.c */
int cli_import(int argc, char **argv);     /* import_cmd.c */

#endif
