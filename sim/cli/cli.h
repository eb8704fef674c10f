/* cli.h - what the commands of the ecsim command line share.
 *
 * cli.c owns the Ctrl-C flag, the option parser with its usage errors and
 * the helpers every command uses; main.c the command table (help texts and
 * option tables) and help; man.c the manual page made from that table;
 * complete.c the candidates the shell completion scripts ask for; run.c,
 * study_cmds.c and lists.c the commands, which parse options, call
 * sim/model, sim/study or reports/, and print.
 */
#ifndef ECS_CLI_H
#define ECS_CLI_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "strategies/strategy.h"

/* Exit statuses besides 0 (and 130, interrupted).  EXIT_USAGE: the command
 * line itself is wrong (see docs/command-line.md for every case); EXIT_BAD:
 * the scenario or what the command line asks of it, or the run failed. */
enum { EXIT_BAD = 1, EXIT_USAGE = 2 };

/* ---- the command table (main.c) -------------------------------------------- */

/* What an option's value is: the parser needs to know whether it takes one,
 * completion what to offer. */
typedef enum cli_value {
	CLI_FLAG,       /* takes no value */
	CLI_TEXT,       /* free text: nothing to offer */
	CLI_NUMBER,     /* a number: nothing to offer */
	CLI_DIR,        /* a folder */
	CLI_FILE,       /* a file */
	CLI_PLUGIN,     /* a plug-in file, *.so */
	CLI_STRATEGY,   /* a strategy chain: names separated by ',' */
	CLI_STRATEGIES, /* chains separated by ';' */
	CLI_KEY,        /* a scenario path: PATH=VALUE (--set, --param) */
	CLI_CHOICE,     /* one of the words in cli_option.choices */
} cli_value;

/* One option of a command.  A table ends with a NULL name. */
typedef struct cli_option {
	const char *name;     /* the long name, without "--" */
	char letter;          /* the short option, or 0 */
	int key;              /* what cli_opts_next returns for it */
	cli_value value;
	const char *choices;  /* CLI_CHOICE: the words, separated by spaces */
} cli_option;

typedef struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv); /* argc < 0: print the help */
	const char *usage;                /* one line for the list of commands */
	const char *summary;
	const char *help;                 /* 'ecsim help NAME'; the manual page's text */
	const cli_option *opts;
	int hidden;                       /* left out of the lists and the manual */
} cli_command;

/* Every command, in the order of 'ecsim --help'; ends with a NULL name. */
extern const cli_command cli_commands[];

/* The command named name, hidden ones included; NULL if none. */
const cli_command *cli_find_command(const char *name);

/* Prints the help text of command cmd on stdout. */
void cli_show_help(const char *cmd);

/* ---- the option parser (cli.c) --------------------------------------------- */

/* Walks a command's words: options (long, abbreviated to any unique prefix,
 * "--name=value" or "--name value"; short, clustered as in "-qo DIR") in
 * any order with the operands, up to a "--" after which every word is an
 * operand.  A value in the next word must not start with '-', unless it is
 * a negative number: "-o -q" is a forgotten value, not a folder named -q
 * (write ./-q, or attach it: -o-q, --output=-q). */
typedef struct cli_opts {
	const cli_command *cmd;
	int argc;
	char **argv;
	int next;             /* the next word */
	const char *cluster;  /* the rest of a short-option cluster, or NULL */
	int dashdash;         /* "--" seen */
	char **operands;      /* the words that are not options, in order */
	int noperands;
	const char *value;    /* the value of the option just returned, or NULL */
	char word[64];        /* that option as written, for messages: "-o", "--seed" */
} cli_opts;

/* Starts on argv[1..argc) of command cmd (argv[0] is its name). */
void cli_opts_init(cli_opts *p, const char *cmd, int argc, char **argv);

/* The key of the next option (value in p->value), 0 when every word has
 * been read (operands in p->operands), or -1 after printing a usage error
 * (the command exits EXIT_USAGE): an unknown option (with a "did you mean"
 * hint), an ambiguous one, another command's option, a missing value, a
 * value given to a flag. */
int cli_opts_next(cli_opts *p);

void cli_opts_destroy(cli_opts *p);

/* The one SCENARIO operand into *file; else a usage error. */
int cli_take_scenario(const cli_opts *p, const char **file);

/* ---- cli.c: the rest ------------------------------------------------------- */

/* Set by the first Ctrl-C (or SIGTERM); runs and studies poll it. */
extern volatile sig_atomic_t cli_interrupted;

/* Installs the Ctrl-C handlers and the plug-in guard; call before any work. */
void cli_install_handlers(void);

/* Seconds on a monotonic clock. */
double cli_wall_now(void);

/* Prints "ecsim CMD: " fmt (with arg) and the pointer to 'ecsim help CMD';
 * returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* j, indented, into file (through a temporary beside it, so that a failed
 * write leaves what was there), or to stdout when file is NULL; a failure
 * is printed as "ecsim CMD: cannot write ..." (what: "scenario", ...) and
 * returns EXIT_BAD. */
int cli_write_json(const char *cmd, const char *what, const json_t *j, const char *file);

/* A decimal non-negative integer; -1 if s is not one. */
int cli_parse_u64(const char *s, uint64_t *out);

/* "ecsim CMD ARGS..." shell-quoted (argv[1..argc-1]), without the options
 * that cannot change results (-o, --jobs, --quiet), so that what records
 * it (index.html, summary.json's provenance) is the same whatever the
 * output folder or the number of jobs; malloc'ed. */
char *cli_command_line(const char *cmd, int argc, char **argv);

/* The built-in strategies plus the plug-ins files[0..n), in order; on a
 * loading error prints it and returns EXIT_BAD with reg empty. */
int cli_load_registry(st_registry *reg, char **files, int n);

/* ---- man.c, complete.c ----------------------------------------------------- */

/* Writes the manual page ecsim(1), in man(7) roff, made from the command
 * table ('ecsim help --man'; docs/ecsim.1 is its output). */
void cli_print_man(FILE *f, const char *version);

/* ---- the commands: argc < 0 prints the command's help ---------------------- */

int cli_run(int argc, char **argv);        /* run.c */
int cli_validate(int argc, char **argv);   /* run.c */
int cli_compare(int argc, char **argv);    /* study_cmds.c */
int cli_sweep(int argc, char **argv);      /* study_cmds.c */
int cli_size(int argc, char **argv);       /* study_cmds.c */
int cli_strategies(int argc, char **argv); /* lists.c */
int cli_traces(int argc, char **argv);     /* lists.c */
int cli_schema(int argc, char **argv);     /* lists.c */
int cli_complete(int argc, char **argv);   /* complete.c */
int cli_import(int argc, char **argv);     /* import_cmd.c */

#endif
