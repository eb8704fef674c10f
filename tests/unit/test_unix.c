/* test_unix.c - the Unix conventions of the command line: every usage error
 * with its message and exit status (docs/command-line.md lists the same),
 * "did you mean", option forms, the manual page made from the command
 * table, bash and zsh completion, make install and make uninstall. */
#include <jansson.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/scenario/scenario.h"
#include "tests/support.h"
#include "tests/test.h"

#define S "tests/data/whole-host.json"
#define SEE(cmd) "\n(see 'ecsim help " cmd "')\n"

/* Runs ecsim with args (shell text) from the source tree root. */
static int ecsim(const char *args)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "'%s' %s", test_ecsim(), args);
	return test_run(test_srcdir(), cmd);
}

static int exists(const char *dir, const char *name)
{
	char p[4096];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

/* ---- usage errors ------------------------------------------------------------ */

/* The table of docs/command-line.md, row by row: what is typed, the exit
 * status, and the whole of stderr (NULL: not checked). */
static const struct {
	const char *args;
	int status;
	const char *err;
} usage_cases[] = {
	/* commands */
	{ "rnu", 2, "ecsim: unknown command 'rnu' (did you mean 'run'?)\n" },
	{ "comapre " S, 2, "ecsim: unknown command 'comapre' (did you mean 'compare'?)\n" },
	{ "frobnicate", 2, "ecsim: unknown command 'frobnicate' (see 'ecsim --help')\n" },
	{ "complet", 2, "ecsim: unknown command 'complet' (see 'ecsim --help')\n" },
	{ "help rnu", 2, "ecsim help: unknown command 'rnu' (did you mean 'run'?)" SEE("help") },
	{ "help run compare", 2, "ecsim help: unexpected argument 'compare'" SEE("help") },
	/* operands */
	{ "run", 2, "ecsim run: missing SCENARIO file" SEE("run") },
	{ "run " S " " S, 2, "ecsim run: unexpected argument '" S "'" SEE("run") },
	{ "traces x", 2, "ecsim traces: unexpected argument 'x'" SEE("traces") },
	{ "strategies x", 2, "ecsim strategies: unexpected argument 'x'" SEE("strategies") },
	{ "version x", 2, "ecsim version: unexpected argument 'x'" SEE("version") },
	{ "schema x", 2, "ecsim schema: unexpected argument 'x'" SEE("schema") },
	/* options */
	{ "run " S " --stratgy binpack", 2,
	  "ecsim run: unknown option '--stratgy' (did you mean '--strategy'?)" SEE("run") },
	{ "run " S " --bogus", 2, "ecsim run: unknown option '--bogus'" SEE("run") },
	{ "run " S " -x", 2, "ecsim run: unknown option '-x'" SEE("run") },
	{ "run " S " -qx", 2, "ecsim run: unknown option '-x'" SEE("run") },
	{ "run " S " --s 1", 2, "ecsim run: option '--s' is ambiguous (could be --seed, "
				"--strategy, --set or --strict)" SEE("run") },
	{ "import", 2, "ecsim import: missing TEMPLATE file" SEE("import") },
	{ "import a.yaml b.yaml", 2, "ecsim import: unexpected argument 'b.yaml'" SEE("import") },
	{ "import --regoin x a.yaml", 2,
	  "ecsim import: unknown option '--regoin' (did you mean '--region'?)" SEE("import") },
	{ "validate " S " -o out", 2,
	  "ecsim validate: -o is only for 'run', 'compare', 'sweep', 'size', 'import' and "
	  "'schema'" SEE("validate") },
	{ "validate " S " --no-plots", 2, "ecsim validate: --no-plots is only for 'run', "
					  "'compare', 'sweep' and 'size'" SEE("validate") },
	{ "compare " S " --strategy binpack", 2, "ecsim compare: --strategy is only for 'run' "
						 "(did you mean '--strategies'?)" SEE("compare") },
	{ "compare " S " --param duration=1h", 2,
	  "ecsim compare: --param is only for 'sweep'" SEE("compare") },
	{ "sweep " S " --param duration=1h --trials 3", 2,
	  "ecsim sweep: --trials is only for 'size'" SEE("sweep") },
	/* values */
	{ "run " S " --seed", 2, "ecsim run: option '--seed' needs a value" SEE("run") },
	{ "run " S " -o", 2, "ecsim run: option '-o' needs a value" SEE("run") },
	{ "run " S " -o -q", 2,
	  "ecsim run: option '-o' needs a value, not the option '-q'" SEE("run") },
	{ "run " S " --output --quiet", 2,
	  "ecsim run: option '--output' needs a value, not the option '--quiet'" SEE("run") },
	{ "run " S " -o -x", 2, "ecsim run: option '-o' needs a value, not '-x' (for a path "
				"that starts with '-', write ./-x)" SEE("run") },
	{ "run " S " --quiet=yes", 2, "ecsim run: option '--quiet' takes no value" SEE("run") },
	{ "run " S " --seed x", 2,
	  "ecsim run: --seed wants a non-negative integer, not 'x'" SEE("run") },
	{ "run " S " --seed -3", 2,
	  "ecsim run: --seed wants a non-negative integer, not '-3'" SEE("run") },
	{ "run " S " --batches 1", 2,
	  "ecsim run: --batches wants an integer from 2 to 1000, not '1'" SEE("run") },
	{ "compare " S " -r 0", 2, "ecsim compare: --replications wants an integer from 1 to "
				   "1000000, not '0'" SEE("compare") },
	{ "compare " S " --jobs two", 2,
	  "ecsim compare: --jobs wants an integer from 1 to 4096, not 'two'" SEE("compare") },
	{ "size " S " --target 'availability>=1' --by median", 2,
	  "ecsim size: --by wants 'mean' or 'ci', not 'median'" SEE("size") },
	{ "size " S " --target 'availability>=1' --max 0", 2,
	  "ecsim size: --max wants an instance count from 1 to 1000000, not '0'" SEE("size") },
	{ "size " S " --target 'availability>=1' --trials -1", 2,
	  "ecsim size: --trials wants an integer from 0 to 10000, not '-1'" SEE("size") },
	/* strategy names: checked before the scenario is read */
	{ "run " S " --strategy binpak", 2, "ecsim run: --strategy binpak: unknown placement "
					    "strategy \"binpak\" (did you mean \"binpack\"?)" SEE("run") },
	{ "run " S " --strategy spread,binpak:cpu", 2,
	  "ecsim run: --strategy spread,binpak:cpu: unknown placement strategy \"binpak\" "
	  "(did you mean \"binpack\"?)" SEE("run") },
	{ "run " S " --strategy random,random,random,random,random,random", 2,
	  "ecsim run: --strategy random,random,random,random,random,random: at most 5 "
	  "placement strategy steps" SEE("run") },
	{ "run " S " --strategy ''", 2, "ecsim run: --strategy : empty strategy spec" SEE("run") },
	{ "compare " S " --strategies 'scenario;binpak'", 2,
	  "ecsim compare: --strategies 'scenario;binpak': unknown placement strategy "
	  "\"binpak\" (did you mean \"binpack\"?)" SEE("compare") },
	{ "compare " S " --strategies 'a;;b'", 2, "ecsim compare: --strategies 'a;;b': empty "
						  "strategy (separate specs with ';')" SEE("compare") },
	{ "compare " S " --strategies 'x;x'", 2, "ecsim compare: --strategies: 'x' is given "
						 "twice; name them apart, e.g. 'a=x;b=x'" SEE("compare") },
	{ "compare " S " --strategies 'packed='", 2, "ecsim compare: --strategies 'packed=': "
						     "'packed=' needs LABEL=SPEC" SEE("compare") },
	/* what a command needs */
	{ "sweep " S, 2, "ecsim sweep: give at least one --param PATH=v1,v2,..." SEE("sweep") },
	{ "size " S, 2, "ecsim size: give at least one --target, e.g. --target "
			"'availability>=0.999'" SEE("size") },
	{ "complete nope", 2, "ecsim complete: unknown KIND 'nope' (commands, options, value, "
			      "strategies or keys)" SEE("complete") },
	/* the other side of the rule: the scenario and what is asked of it */
	{ "run no/such.json", 1, "cannot open no/such.json: No such file or directory\n" },
	{ "validate " S " --set bogus=1", 1, S ": $: unknown key \"bogus\"\n" },
	{ "validate " S " --set duration", 1,
	  "--set duration: expected PATH=VALUE, e.g. services.web.desiredCount=40\n" },
	{ "validate " S " --set services.svc.desiredCount=-1", 1,
	  S ": $.services[0].desiredCount: must be >= 0\n" },
	{ "run " S " --strategy binpack:disk", 1,
	  "--strategy binpack:disk: binpack field must be cpu or memory, not \"disk\"\n" },
	{ "sweep " S " --param duration -o /nonexistent/x", 1,
	  "ecsim sweep: --param 'duration': expected PATH=v1,v2,..., e.g. "
	  "services.web.desiredCount=10,20,40\n" },
	{ "size " S " --target 'availabilty>=0.99' -o /nonexistent/x", 1,
	  "ecsim size: --target 'availabilty>=0.99': no metric 'availabilty' in a summary "
	  "(did you mean 'availability'?)\n" },
	{ "strategies --plugin nope.so", 1, NULL },
};

TEST(test_unix_usage_errors)
{
	int failed = 0;

	for (size_t i = 0; i < sizeof(usage_cases) / sizeof(usage_cases[0]); i++) {
		int rc = ecsim(usage_cases[i].args);
		if (rc != usage_cases[i].status ||
		    (usage_cases[i].err && strcmp(test_err, usage_cases[i].err) != 0)) {
			fprintf(stderr, "  ecsim %s: exit %d, want %d\n    got:  %s    want: %s\n",
				usage_cases[i].args, rc, usage_cases[i].status, test_err,
				usage_cases[i].err ? usage_cases[i].err : "(any)\n");
			failed = 1;
		}
		if (rc == 2 && *test_out)
			TEST_FAILED("ecsim %s: a usage error printed on stdout:\n%s",
				    usage_cases[i].args, test_out);
	}
	if (failed)
		TEST_FAILED("usage errors differ (above)");
	/* no command: the list of commands, on stderr */
	CHECK_EQ(ecsim(""), 2);
	CHECK(strncmp(test_err, "ecsim ", 6) == 0 && strstr(test_err, "commands:"));
	CHECK(!strstr(test_err, "complete")); /* hidden */
}

/* A usage error reads and writes nothing: -o -q makes no folder "-q". */
TEST(test_unix_usage_error_writes_nothing)
{
	char cmd[4096];
	const char *dir = test_tmpdir();

	snprintf(cmd, sizeof(cmd), "'%s' run '%s/" S "' -q -o -q --no-plots", test_ecsim(),
		 test_srcdir());
	CHECK_EQ(test_run(dir, cmd), 2);
	CHECK(!exists(dir, "-q"));
	snprintf(cmd, sizeof(cmd), "'%s' run '%s/" S "' -o out --strategy binpak", test_ecsim(),
		 test_srcdir());
	CHECK_EQ(test_run(dir, cmd), 2);
	CHECK(!exists(dir, "out"));
	snprintf(cmd, sizeof(cmd), "'%s' compare '%s/" S "' -o out --strategies 'binpack;x' -r 2",
		 test_ecsim(), test_srcdir());
	CHECK_EQ(test_run(dir, cmd), 2);
	CHECK(!exists(dir, "out"));
}

/* The forms an option can take, and operands anywhere. */
TEST(test_unix_option_forms)
{
	static const struct {
		const char *args, *dir;
	} forms[] = {
		{ "run --no-plots -q -o a SCEN", "a" },            /* options first */
		{ "run SCEN --no-plots --quiet --output=b", "b" }, /* --name=value */
		{ "run SCEN --no-plots -qoc", "c" },               /* a cluster, value attached */
		{ "run SCEN --no-pl --qui --out d", "d" },         /* unique prefixes */
		{ "run --no-plots -q -o e -- SCEN", "e" },         /* operands after -- */
		{ "run SCEN --no-plots -q -o ./-x", "-x" },        /* a folder named -x */
		{ "run SCEN --no-plots -q --output=-y", "-y" },
		{ "run SCEN --no-plots -q -o-z", "-z" },
	};
	const char *dir = test_tmpdir();
	char cmd[4096], args[1024], want[256];

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const char *at = strstr(forms[i].args, "SCEN");
		snprintf(args, sizeof(args), "%.*s'%s/" S "'%s", (int)(at - forms[i].args),
			 forms[i].args, test_srcdir(), at + 4);
		snprintf(cmd, sizeof(cmd), "'%s' %s", test_ecsim(), args);
		if (test_run(dir, cmd) != 0)
			TEST_FAILED("ecsim %s: failed:\n%s", args, test_err);
		snprintf(want, sizeof(want), "%s/summary.json", forms[i].dir);
		if (!exists(dir, want))
			TEST_FAILED("ecsim %s: no %s", args, want);
	}
	/* -h anywhere shows the command's help */
	CHECK_EQ(ecsim("run -h"), 0);
	CHECK(strncmp(test_out, "usage: ecsim run SCENARIO", 25) == 0);
	CHECK_EQ(ecsim("traces --help"), 0);
	CHECK(strncmp(test_out, "usage: ecsim traces", 19) == 0);
	CHECK_EQ(ecsim("help --help"), 0);
	CHECK(strncmp(test_out, "usage: ecsim help", 17) == 0);
}

/* ---- help texts, the option tables and the manual page ----------------------- */

/* Each line of text, into lines (at most max), in place. */
static int split_lines(char *text, char **lines, int max)
{
	int n = 0;

	for (char *p = strtok(text, "\n"); p && n < max; p = strtok(NULL, "\n"))
		lines[n++] = p;
	return n;
}

/* Every option of every command is in its help text (sweep and size refer
 * to compare's for the options they share), and every option a help text
 * lists is in the command's table: the parser, the help and the manual
 * page cannot drift apart. */
TEST(test_unix_help_lists_every_option)
{
	static char cmds[4096], opts[4096], help[16384], compare[16384];
	char *names[64], *olist[128], *hl[512];
	int nc, no, nh;

	CHECK_EQ(ecsim("help compare"), 0);
	snprintf(compare, sizeof(compare), "%s", test_out);
	CHECK_EQ(ecsim("complete commands"), 0);
	snprintf(cmds, sizeof(cmds), "%s", test_out);
	nc = split_lines(cmds, names, 64);
	CHECK(nc >= 9);
	for (int i = 0; i < nc; i++) {
		char args[256];
		snprintf(args, sizeof(args), "help %s", names[i]);
		CHECK_EQ(ecsim(args), 0);
		snprintf(help, sizeof(help), "%s", test_out);
		snprintf(args, sizeof(args), "complete options %s", names[i]);
		CHECK_EQ(ecsim(args), 0);
		snprintf(opts, sizeof(opts), "%s", test_out);
		no = split_lines(opts, olist, 128);
		for (int k = 0; k < no; k++) {
			int shared = strstr(help, "as for 'compare'") != NULL;
			if (strcmp(olist[k], "--help") == 0 || strcmp(olist[k], "-h") == 0)
				continue; /* every command's; said in 'ecsim help help' */
			if (!strstr(help, olist[k]) && !(shared && strstr(compare, olist[k])))
				TEST_FAILED("ecsim help %s does not mention %s", names[i], olist[k]);
		}
		/* the reverse: option lines of the help name options of the table */
		nh = split_lines(help, hl, 512);
		for (int k = 0; k < nh; k++) {
			size_t ind = strspn(hl[k], " ");
			char word[64];
			int found = 0;
			if (ind == 0 || ind > 6 || hl[k][ind] != '-')
				continue;
			for (char *w = hl[k] + ind; *w == '-';) {
				size_t n = strcspn(w, " ,");
				snprintf(word, sizeof(word), "%.*s", (int)n, w);
				found = 0;
				for (int m = 0; m < no; m++)
					found |= strcmp(olist[m], word) == 0;
				if (!found)
					TEST_FAILED("ecsim help %s lists %s, which it does not take",
						    names[i], word);
				w += n;
				w += strspn(w, ", ");
			}
		}
	}
}

/* docs/ecsim.1 is what 'ecsim help --man' prints. */
TEST(test_unix_man_page_is_up_to_date)
{
	static char file[65536];
	char path[2048];

	CHECK_EQ(ecsim("help --man"), 0);
	snprintf(path, sizeof(path), "%s/docs/ecsim.1", test_srcdir());
	test_slurp(path, file, sizeof(file));
	CHECK(strlen(test_out) > 1000 && strlen(test_out) < sizeof(test_out) - 1);
	if (strcmp(file, test_out) != 0)
		TEST_FAILED("docs/ecsim.1 differs from 'ecsim help --man': run 'make man'");
}

/* groff renders the page without a warning, with every command and every
 * option of the table in it. */
static void check_man_renders(const char *page)
{
	static char text[131072], cmds[4096], opts[4096];
	char cmd[4096], *names[64], *olist[128];
	FILE *f;
	size_t n;
	int nc;

	/* -Tascii: '\-' is '-' on every groff; -P-cbou: no bold or underline */
	snprintf(cmd, sizeof(cmd), "groff -man -Tascii -P-cbou -ww '%s'", page);
	CHECK_EQ(test_run(test_basedir(), cmd), 0);
	if (*test_err)
		TEST_FAILED("groff warns about %s:\n%s", page, test_err);
	f = popen(cmd, "r");
	CHECK(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = 0;
	pclose(f);
	CHECK(strstr(text, "NAME") && strstr(text, "SYNOPSIS") && strstr(text, "EXIT STATUS") &&
	      strstr(text, "ENVIRONMENT") && strstr(text, "FILES") && strstr(text, "EXAMPLES") &&
	      strstr(text, "SEE ALSO"));
	CHECK_EQ(ecsim("complete commands"), 0);
	snprintf(cmds, sizeof(cmds), "%s", test_out);
	nc = split_lines(cmds, names, 64);
	for (int i = 0; i < nc; i++) {
		char want[256], args[256];
		int no;
		snprintf(want, sizeof(want), "ecsim %s", names[i]);
		if (!strstr(text, want))
			TEST_FAILED("the manual has no section %s", want);
		snprintf(args, sizeof(args), "complete options %s", names[i]);
		CHECK_EQ(ecsim(args), 0);
		snprintf(opts, sizeof(opts), "%s", test_out);
		no = split_lines(opts, olist, 128);
		for (int k = 0; k < no; k++)
			if (!strstr(text, olist[k]))
				TEST_FAILED("the manual does not mention %s", olist[k]);
	}
}

TEST(test_unix_man_page_renders)
{
	char page[2048];

	if (!test_have("groff")) {
		fprintf(stderr, "  skipped: groff not found (apt-get install groff-base)\n");
		return;
	}
	snprintf(page, sizeof(page), "%s/docs/ecsim.1", test_srcdir());
	check_man_renders(page);
}

/* ---- completion -------------------------------------------------------------- */

/* COMPREPLY of the bash script for the words (shell text, the first being
 * the program), on one line separated by spaces; line: the line typed
 * (COMP_LINE), or NULL to give COMP_WORDS only. */
static const char *bash_complete(const char *script, const char *words, const char *line)
{
	static char out[65536];
	char cmd[8192];

	if (line)
		snprintf(cmd, sizeof(cmd), "bash -c 'source \"$1\"; COMP_LINE=$2; "
			 "COMP_POINT=${#COMP_LINE}; COMP_WORDS=(\"${COMP_LINE%%%% *}\"); "
			 "COMP_CWORD=1; _ecsim; for c in \"${COMPREPLY[@]}\"; do printf \"%%s \" "
			 "\"$c\"; done' x '%s' \"%s\"", script, line);
	else
		snprintf(cmd, sizeof(cmd), "bash -c 'source \"$1\"; shift; COMP_WORDS=(\"$@\"); "
			 "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _ecsim; for c in "
			 "\"${COMPREPLY[@]}\"; do printf \"%%s \" \"$c\"; done' x '%s' %s",
			 script, words);
	if (test_run(test_srcdir(), cmd) != 0 || *test_err)
		fprintf(stderr, "  bash: %s\n", test_err);
	snprintf(out, sizeof(out), "%s", test_out);
	return out;
}

TEST(test_unix_bash_completion)
{
	char script[2048], w[4096], line[4096];
	const char *bin = test_ecsim();
	const char *out;

	if (!test_have("bash")) {
		fprintf(stderr, "  skipped: bash not found\n");
		return;
	}
	snprintf(script, sizeof(script), "%s/scripts/completion/ecsim.bash", test_srcdir());
#define BASH(words, want)                                                            \
	do {                                                                         \
		snprintf(w, sizeof(w), "'%s' %s", bin, words);                       \
		out = bash_complete(script, w, NULL);                                \
		if (strcmp(out, want) != 0)                                          \
			TEST_FAILED("completing %s:\n    got:  %s\n    want: %s", words, \
				    out, want);                                      \
	} while (0)
	/* commands, not the hidden one */
	BASH("ru", "run ");
	BASH("''", "run validate compare sweep size import strategies traces schema help version ");
	BASH("-", "--help --version ");
	BASH("help com", "compare ");
	/* options, per command */
	BASH("run " S " --st", "--strategy --strict ");
	BASH("validate " S " -", "--set --plugin --help -h ");
	BASH("compare " S " --st", "--strategies ");
	/* strategies, in chains and lists */
	BASH("run " S " --strategy bin", "binpack ");
	BASH("run " S " --strategy spread:attribute:ecs.availability-zone,ra",
	     "spread:attribute:ecs.availability-zone,random "
	     "spread:attribute:ecs.availability-zone,random-order ");
	BASH("run " S " --strategy=b", "--strategy=binpack --strategy=best-fit "
					"--strategy=balanced-allocation ");
	BASH("compare " S " --strategies 'scenario;sp'", "scenario;spread ");
	BASH("compare " S " --strategies 'packed=bin'", "packed=binpack ");
	BASH("compare " S " --strategies sc", "scenario ");
	/* scenario paths for --set, from the scenario on the line */
	BASH("run scenarios/quickstart.json --set services.web.des",
	     "services.web.desiredCount= ");
	BASH("sweep " S " --param services.s", "services.svc.serviceName= "
					      "services.svc.taskDefinition= "
					      "services.svc.desiredCount= ");
	BASH("validate --set dur", "duration= ");
	/* choices, files, nothing for numbers */
	BASH("size " S " --by ''", "mean ci ");
	BASH("run " S " --seed ''", "");
	BASH("validate scenarios/quickst", "scenarios/quickstart.json ");
#undef BASH
	/* what bash gives when the line splits at '=' and ':' (COMP_WORDBREAKS):
	 * only the text after the last of them is replaced */
	snprintf(line, sizeof(line), "%s run scenarios/quickstart.json --set=services.web.des",
		 bin);
	out = bash_complete(script, NULL, line);
	CHECK_STR(out, "services.web.desiredCount= ");
	snprintf(line, sizeof(line), "%s run " S " --strategy spread:attribute:x,ra", bin);
	out = bash_complete(script, NULL, line);
	CHECK_STR(out, "x,random x,random-order ");
	snprintf(line, sizeof(line), "%s r", bin);
	out = bash_complete(script, NULL, line);
	CHECK_STR(out, "run ");
}

/* zsh's completion system cannot run outside an interactive shell; its
 * builtins are replaced by stand-ins that print what they are given. */
TEST(test_unix_zsh_completion)
{
	char script[2048], cmd[8192];

	if (!test_have("zsh")) {
		fprintf(stderr, "  skipped: zsh not found, so scripts/completion/_ecsim is not "
				"tested (apt-get install zsh)\n");
		return;
	}
	snprintf(script, sizeof(script), "%s/scripts/completion/_ecsim", test_srcdir());
#define ZSH(words, want)                                                                 \
	do {                                                                             \
		snprintf(cmd, sizeof(cmd),                                               \
			 "zsh -fc 'compadd() { local -a w; while (( $# )); do case $1 in " \
			 "-a) shift; w+=(${(P)1});; -[SPJVXx]) shift;; --) shift; "      \
			 "w+=(\"$@\"); break;; -*) ;; *) w+=($1);; esac; shift; done; "  \
			 "print -rn -- \"$w \"; }; compset() { return 1; }; "             \
			 "_files() { print -rn -- \"_files $* \"; }; source \"$1\"; "      \
			 "shift; words=(\"$@\"); CURRENT=$#; _ecsim' x '%s' '%s' %s",     \
			 script, test_ecsim(), words);                                   \
		CHECK_EQ(test_run(test_srcdir(), cmd), 0);                               \
		if (!strstr(test_out, want))                                             \
			TEST_FAILED("zsh completing %s:\n    got:  %s\n    want: %s",      \
				    words, test_out, want);                              \
	} while (0)
	ZSH("ru", "run validate compare sweep size import strategies traces schema help version ");
	ZSH("run " S " --st", "--strategy --set --plugin");
	ZSH("run " S " --strategy b", "binpack spread random");
	ZSH("run scenarios/quickstart.json --set s", "services.web.desiredCount ");
	ZSH("size " S " --by ''", "mean ci ");
	ZSH("run " S " -o ''", "_files -/ ");
	ZSH("validate sc", "_files -g *.json ");
#undef ZSH
}

/* What 'ecsim complete' answers. */
TEST(test_unix_complete_kinds)
{
	CHECK_EQ(ecsim("complete value run -o"), 0);
	CHECK_STR(test_out, "dir\n");
	CHECK_EQ(ecsim("complete value run --out"), 0);
	CHECK_STR(test_out, "dir\n");
	CHECK_EQ(ecsim("complete value size --by"), 0);
	CHECK_STR(test_out, "choice mean ci\n");
	CHECK_EQ(ecsim("complete value run --no-plots"), 0);
	CHECK_STR(test_out, "none\n");
	CHECK_EQ(ecsim("complete value compare --strategies"), 0);
	CHECK_STR(test_out, "strategies\n");
	CHECK_EQ(ecsim("complete value run --bogus"), 2);
	CHECK_EQ(ecsim("complete options nope"), 2);
	CHECK_EQ(ecsim("complete strategies"), 0);
	CHECK(strncmp(test_out, "binpack\nspread\nrandom\n", 22) == 0);
	CHECK_EQ(ecsim("complete strategies nope.so"), 0); /* a bad plug-in: left out */
	CHECK(strncmp(test_out, "binpack\n", 8) == 0);
	CHECK_EQ(ecsim("complete commands"), 0);
	CHECK(!strstr(test_out, "complete"));
}

/* The paths 'ecsim complete keys' offers are ones --set takes: those of a
 * scenario resolve in it, the common ones are keys the loader knows. */
TEST(test_unix_complete_keys_are_real)
{
	static char list[65536];
	char file[2048], *lines[4096], set[1200];
	int n;
	json_t *root;
	ecs_err e;

	snprintf(file, sizeof(file), "%s/scenarios/quickstart.json", test_srcdir());
	CHECK_EQ(ecsim("complete keys scenarios/quickstart.json"), 0);
	snprintf(list, sizeof(list), "%s", test_out);
	CHECK(strstr(list, "\nservices.web.desiredCount\n"));
	CHECK(strstr(list, "\ncluster.instances[1].count\n"));
	CHECK(strstr(list, "\nseed\n"));
	n = split_lines(list, lines, 4096);
	CHECK(n > 50);
	root = json_load_file(file, 0, NULL);
	CHECK(root);
	for (int i = 0; i < n; i++) {
		json_t *copy = json_deep_copy(root);
		e = (ecs_err){ 0 };
		snprintf(set, sizeof(set), "%s=0", lines[i]);
		if (scenario_set(copy, set, &e) < 0) {
			json_decref(copy);
			json_decref(root);
			TEST_FAILED("--set %s: %s", set, e.msg);
		}
		json_decref(copy);
	}
	json_decref(root);

	CHECK_EQ(ecsim("complete keys"), 0);
	snprintf(list, sizeof(list), "%s", test_out);
	n = split_lines(list, lines, 4096);
	CHECK(n >= 16);
	for (int i = 0; i < n; i++) {
		scenario sc;
		char *sets[1] = { set };
		e = (ecs_err){ 0 };
		snprintf(set, sizeof(set), "%s=0", lines[i]);
		if (scenario_load(&sc, file, sets, 1, &e) == 0)
			scenario_destroy(&sc);
		else if (strstr(e.msg, "unknown key") || strncmp(e.msg, "--set", 5) == 0)
			TEST_FAILED("--set %s: %s", set, e.msg);
	}
}

/* ---- make install ------------------------------------------------------------ */

/* Runs make TARGET ARGS in the source tree, as a make of its own (not a
 * part of the make that runs the tests). */
static int make(const char *target, const char *args)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s "
		 "--no-print-directory %s %s %s", target, test_make_vars(), args);
	return test_run(test_srcdir(), cmd);
}

TEST(test_unix_make_install)
{
	char tmp[1024], stage[1100], args[4096], cmd[8192], path[2048];
	static char buf[65536];

	snprintf(tmp, sizeof(tmp), "%s", test_tmpdir());
	snprintf(stage, sizeof(stage), "%s/stage", tmp);
	snprintf(args, sizeof(args), "PREFIX='%s'", stage);
	if (make("install", args) != 0)
		TEST_FAILED("make install failed:\n%s%s", test_out, test_err);
	CHECK(exists(stage, "bin/ecsim"));
	CHECK(exists(stage, "include/ecsim/strategies/strategy.h"));
	CHECK(exists(stage, "include/ecsim/sim/cluster/cluster.h"));
	CHECK(exists(stage, "share/man/man1/ecsim.1"));
	CHECK(exists(stage, "share/bash-completion/completions/ecsim"));
	CHECK(exists(stage, "share/zsh/site-functions/_ecsim"));
	CHECK(exists(stage, "share/ecsim"));
	CHECK(exists(stage, "share/ecsim/scenario.schema.json"));
	CHECK(exists(stage, "share/doc/ecsim/scenario-format.md"));
	CHECK(exists(stage, "share/doc/ecsim/examples/least-tasks.c"));
	CHECK_EQ(exists(stage, "bin/ecsim-mpi"), access(test_ecsim_mpi(), X_OK) == 0);

	/* the installed program runs away from the source tree */
	snprintf(cmd, sizeof(cmd), "'%s/bin/ecsim' run '%s/scenarios/quickstart.json' "
		 "--set duration=6h -o out --no-plots -q", stage, test_srcdir());
	if (test_run(tmp, cmd) != 0)
		TEST_FAILED("the installed ecsim failed:\n%s", test_err);
	CHECK(exists(tmp, "out/summary.json"));

	/* a plug-in builds against the installed headers alone */
	snprintf(cmd, sizeof(cmd), "mkdir pl && cp '%s/examples/plugins/least-tasks.c' pl/lt.c && "
		 "cd pl && cc -shared -fPIC -Wall -Werror -I '%s/include/ecsim' -o lt.so lt.c",
		 test_srcdir(), stage);
	if (test_run(tmp, cmd) != 0)
		TEST_FAILED("the example plug-in does not build against %s/include/ecsim:\n%s",
			    stage, test_err);
	snprintf(cmd, sizeof(cmd), "'%s/bin/ecsim' strategies --plugin ./pl/lt.so", stage);
	CHECK_EQ(test_run(tmp, cmd), 0);
	CHECK(strstr(test_out, "least-tasks\n"));
	snprintf(cmd, sizeof(cmd), "'%s/bin/ecsim' complete strategies ./pl/lt.so", stage);
	CHECK_EQ(test_run(tmp, cmd), 0);
	CHECK(strstr(test_out, "\nleast-tasks\n"));

	/* the manual names the folders under PREFIX, and renders */
	snprintf(path, sizeof(path), "%s/share/man/man1/ecsim.1", stage);
	test_slurp(path, buf, sizeof(buf));
	snprintf(cmd, sizeof(cmd), "%s/include/ecsim/", stage);
	CHECK(strstr(buf, cmd) && !strstr(buf, "/usr/local"));
	if (test_have("groff"))
		check_man_renders(path);
	else
		fprintf(stderr, "  (groff not found: the installed page is not rendered)\n");

	/* the installed bash completion */
	snprintf(cmd, sizeof(cmd), "bash -c 'source \"$1\"; COMP_WORDS=(\"$2\" ru); COMP_CWORD=1; "
		 "_ecsim; printf \"%%s\\n\" \"${COMPREPLY[@]}\"' x "
		 "'%s/share/bash-completion/completions/ecsim' '%s/bin/ecsim'", stage, stage);
	CHECK_EQ(test_run(tmp, cmd), 0);
	CHECK_STR(test_out, "run\n");

	/* uninstall leaves no file */
	if (make("uninstall", args) != 0)
		TEST_FAILED("make uninstall failed:\n%s%s", test_out, test_err);
	snprintf(cmd, sizeof(cmd), "find '%s' -type f", stage);
	CHECK_EQ(test_run(tmp, cmd), 0);
	CHECK_STR(test_out, "");
	CHECK(!exists(stage, "include/ecsim") && !exists(stage, "share/ecsim") &&
	      !exists(stage, "share/doc/ecsim"));
}

/* DESTDIR stages an install for PREFIX; DATA_FILES go to PREFIX/share/ecsim. */
TEST(test_unix_make_install_destdir)
{
	char tmp[1024], dest[1100], args[4096], cmd[4096], path[2048];
	static char buf[65536];

	snprintf(tmp, sizeof(tmp), "%s", test_tmpdir());
	snprintf(dest, sizeof(dest), "%s/dest", tmp);
	snprintf(args, sizeof(args), "DESTDIR='%s' PREFIX=/opt/ecsim "
		 "DATA_FILES='tests/data/whole-host.json scenarios/quickstart.json'", dest);
	if (make("install", args) != 0)
		TEST_FAILED("make install failed:\n%s%s", test_out, test_err);
	CHECK(exists(dest, "opt/ecsim/bin/ecsim"));
	CHECK(exists(dest, "opt/ecsim/share/ecsim/whole-host.json"));
	CHECK(exists(dest, "opt/ecsim/share/ecsim/quickstart.json"));
	snprintf(path, sizeof(path), "%s/opt/ecsim/share/man/man1/ecsim.1", dest);
	test_slurp(path, buf, sizeof(buf));
	CHECK(strstr(buf, "/opt/ecsim/include/ecsim/") && !strstr(buf, dest));
	if (make("uninstall", args) != 0)
		TEST_FAILED("make uninstall failed:\n%s%s", test_out, test_err);
	snprintf(cmd, sizeof(cmd), "find '%s' -type f", dest);
	CHECK_EQ(test_run(tmp, cmd), 0);
	CHECK_STR(test_out, "");
}
