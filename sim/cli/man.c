/* man.c - the manual page ecsim(1), in man(7) roff, made from the command
 * table (main.c): each command's section is its help text turned into
 * roff, so that 'man ecsim' and 'ecsim help COMMAND' cannot drift apart.
 * The sections around them (exit status, environment, files) are here.
 * docs/ecsim.1 is the output of 'ecsim help --man' (make man); a test
 * keeps it so.
 *
 * The help texts follow a few layout rules that this file relies on: the
 * usage lines first, then paragraphs; an option line is indented by at most
 * 6 spaces and starts with '-', its description continues on lines indented
 * deeper; "example:" is followed by indented command lines.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Text in roff: a backslash is \e, every '-' is \- (an ASCII hyphen-minus
 * in every output, so that options copied from the page work), a line must
 * not start with a control character, and a word may break after ';' or ','. */
static void roff_text(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i == 0 && (s[0] == '.' || s[0] == '\''))
			fputs("\\&", f);
		if (s[i] == '\\')
			fputs("\\e", f);
		else if (s[i] == '-')
			fputs("\\-", f);
		else
			fputc(s[i], f);
		/* a place to break a long word such as a strategy list */
		if ((s[i] == ';' || s[i] == ',') && i + 1 < n && s[i + 1] != ' ')
			fputs("\\:", f);
	}
}

/* A line of text; one that ends with "e.g." is not the end of a sentence
 * (roff would put two spaces after it). */
static void roff_line_n(FILE *f, const char *s, size_t n)
{
	roff_text(f, s, n);
	if (n >= 4 && memcmp(s + n - 4, "e.g.", 4) == 0)
		fputs("\\&", f);
	fputc('\n', f);
}

static void roff_line(FILE *f, const char *s)
{
	roff_line_n(f, s, strlen(s));
}

static size_t indent_of(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* The option of c named by the word w (n bytes): "-o", "-o," or "--output". */
static const cli_option *option_named(const cli_command *c, const char *w, size_t n)
{
	if (n && w[n - 1] == ',')
		n--;
	for (const cli_option *o = c->opts; o && o->name; o++) {
		if (n == 2 && w[0] == '-' && o->letter == w[1])
			return o;
		if (n > 2 && w[0] == '-' && w[1] == '-' && strlen(o->name) == n - 2 &&
		    strncmp(o->name, w + 2, n - 2) == 0)
			return o;
	}
	return NULL;
}

/* An option line "  -o, --output DIR   where results go": writes .TP and
 * the tag (the option's names in bold, then its value's name in italics if
 * it takes one); returns where the description starts. */
static const char *option_tag(FILE *f, const cli_command *c, const char *p, const char *end)
{
	fputs(".TP\n", f);
	for (;;) {
		const char *w = p;
		size_t n;
		const cli_option *o;
		int comma;
		while (p < end && *p != ' ')
			p++;
		n = (size_t)(p - w);
		comma = n > 0 && w[n - 1] == ',';
		o = option_named(c, w, n);
		fputs("\\fB", f);
		roff_text(f, w, comma ? n - 1 : n);
		fputs(comma ? "\\fR, " : "\\fR", f);
		while (p < end && *p == ' ')
			p++;
		if (comma && p < end)
			continue; /* "-o, --output": the same option again */
		if (o && o->value != CLI_FLAG && p < end) {
			w = p;
			while (p < end && *p != ' ')
				p++;
			fputs(" \\fI", f);
			roff_text(f, w, (size_t)(p - w));
			fputs("\\fR", f);
			while (p < end && *p == ' ')
				p++;
		}
		break;
	}
	fputc('\n', f);
	return p;
}

/* One command's help text as roff. */
static void help_to_roff(FILE *f, const cli_command *c)
{
	enum { NONE, TEXT, OPTION, INDENTED };
	int block = NONE;
	const char *s = c->help;
	int in_usage = 1, in_example = 0;

	fprintf(f, ".SS \"");
	roff_text(f, "ecsim ", 6);
	roff_text(f, c->usage, strlen(c->usage));
	fprintf(f, "\"\n.nf\n");
	while (*s) {
		const char *end = strchr(s, '\n'), *next;
		size_t n, ind;
		if (!end)
			end = s + strlen(s);
		next = *end ? end + 1 : end;
		n = (size_t)(end - s);
		ind = indent_of(s, n);
		if (in_usage) {
			if (n == 0) {
				fputs(".fi\n", f);
				in_usage = 0;
			} else {
				roff_line_n(f, s, n);
			}
		} else if (n == 0) {
			if (in_example)
				fputs(".RE\n.fi\n", f);
			in_example = 0;
			block = NONE;
		} else if (in_example) {
			roff_line_n(f, s + (ind >= 2 ? 2 : 0), n - (ind >= 2 ? 2 : 0));
		} else if (ind == 0 && n == 8 && strncmp(s, "example:", 8) == 0) {
			fputs(".PP\nExample:\n.PP\n.nf\n.RS\n", f);
			in_example = 1;
		} else if (ind > 0 && ind <= 6 && s[ind] == '-') {
			const char *d = option_tag(f, c, s + ind, end);
			if (d < end)
				roff_line_n(f, d, (size_t)(end - d));
			block = OPTION;
		} else {
			int want = ind == 0 ? TEXT : ind <= 6 ? INDENTED : block;
			if (want == NONE)
				want = TEXT;
			if (want != block) {
				fputs(want == INDENTED ? ".IP\n" : ".PP\n", f);
				block = want;
			}
			roff_line_n(f, s + ind, n - ind);
		}
		s = next;
	}
	if (in_usage)
		fputs(".fi\n", f);
	if (in_example)
		fputs(".RE\n.fi\n", f);
}

static const char *const man_head[] = {
	".SH NAME",
	"ecsim - discrete-event simulator of an Amazon ECS cluster",
	".SH SYNOPSIS",
	".B ecsim",
	".I COMMAND",
	".RI [ ARGS ]",
	".br",
	".B ecsim",
	".RB [ -h | --help | --version ]",
	".SH DESCRIPTION",
	"ecsim simulates a cluster of EC2 instances in Availability Zones, its task definitions,",
	"services, standalone workloads, traces and failures, all described in one JSON scenario",
	"file, and reports availability, utilization, rejections and cost as CSV, JSON, plots and",
	"an HTML page.  The same scenario, seed and strategy always give byte-identical results.",
	".PP",
	"Options and operands may come in any order; a long option may be shortened to any",
	"unique prefix, and its value given as --name=value or as the next word.  Short options",
	"cluster: -qo DIR.  After -- every word is an operand.  Every command takes -h or --help.",
	".PP",
	"A value given as the next word must not start with '-', unless it is a negative number:",
	"-o -q is taken for a forgotten value and refused.  A path that starts with '-' is",
	"written ./-x, or attached: -o-x, --output=-x.",
	NULL,
};

static const char *const man_tail[] = {
	".SH EXIT STATUS",
	".TP",
	".B 0",
	"success.",
	".TP",
	".B 1",
	"the scenario is wrong, or what the command line asks of it: the scenario file cannot be",
	"read or has a mistake (reported as FILE:LINE:COL or FILE: $.path); a --set, --param,",
	"--target or --instances that does not fit the scenario or is malformed; a strategy's",
	"field that its strategy refuses (fields are resolved against the scenario's cluster);",
	"a plug-in that cannot be loaded; an output folder that cannot be written; a run that",
	"fails.",
	".TP",
	".B 2",
	"bad usage, found before any file is read: a missing or unknown command; an unknown or",
	"ambiguous option, or one of another command; an option without its value, or with an",
	"option where its value belongs; a missing or extra operand; a value the option does",
	"not take (--seed, --jobs, --replications, --trials, --max, --by); a strategy name in",
	"--strategy or --strategies that does not exist, or a malformed --strategies list;",
	"sweep without --param, size without --target.  The message says what is wrong, with",
	"a \"did you mean\" hint for a misspelt command or option, and names",
	"'ecsim help COMMAND'.  Nothing is read, run or written.",
	".TP",
	".B 130",
	"interrupted by Ctrl-C or SIGTERM; nothing was written.",
	".SH ENVIRONMENT",
	".TP",
	".B PATH",
	"where gnuplot is looked for; without it the plots are skipped and said so.",
	".PP",
	"ecsim reads no other variable; ecsim-mpi learns its ranks from mpirun.",
	".SH FILES",
	".TP",
	".I out/NAME/",
	"the default output folder of run (NAME is the scenario's name; compare, sweep and",
	"size add -compare, -sweep, -size).  A run writes into a staging folder beside it and",
	"renames it when it succeeds.",
	".TP",
	".I /usr/local/include/ecsim/",
	"the headers a strategy plug-in is built against:",
	"cc -shared -fPIC -I /usr/local/include/ecsim -o my.so my.c",
	".TP",
	".I /usr/local/share/ecsim/",
	"data files of ecsim: the instance-type catalog, and scenario.schema.json (what",
	".B ecsim schema",
	"prints, for editors).",
	".TP",
	".I /usr/local/share/doc/ecsim/",
	"the documentation (scenario-format.md, command-line.md, strategies.md, ...) and the",
	"example plug-in.",
	".SH EXAMPLES",
	".nf",
	".RS",
	"ecsim run scenarios/quickstart.json",
	"ecsim run scenarios/quickstart.json --strategy binpack:memory -o out/binpack",
	"ecsim run scenarios/quickstart.json --set services.web.desiredCount=40 --set duration=6h",
	"ecsim validate my-cluster.json",
	"ecsim compare scenarios/quickstart.json -r 10 --strategies 'scenario;binpack:memory'",
	"ecsim sweep scenarios/quickstart.json -r 5 --param 'cluster.instances[1].count=100,125,150'",
	"ecsim size scenarios/quickstart.json -r 5 --instances 1 --target 'availability>=0.9999'",
	"mpirun -np 4 ecsim-mpi compare scenarios/quickstart.json --strategies 'scenario;random'",
	".RE",
	".fi",
	".SH SEE ALSO",
	".BR gnuplot (1),",
	".BR mpirun (1).",
	"The documentation in /usr/local/share/doc/ecsim/ (docs/ in the source tree):",
	"scenario-format.md for every key of a scenario, command-line.md for the usage errors,",
	"strategies.md, experiments.md, outputs.md, traces.md.",
	NULL,
};

/* Lines of roff written as is, except that '-' and '\' are escaped (a line
 * starting with '.' is a request and kept). */
static void roff_lines(FILE *f, const char *const *lines)
{
	for (int i = 0; lines[i]; i++) {
		if (lines[i][0] == '.') {
			const char *sp = strchr(lines[i], ' ');
			size_t n = sp ? (size_t)(sp - lines[i]) : strlen(lines[i]);
			fwrite(lines[i], 1, n, f);
			if (sp)
				roff_text(f, sp, strlen(sp));
			fputc('\n', f);
		} else {
			roff_line(f, lines[i]);
		}
	}
}

void cli_print_man(FILE *f, const char *version)
{
	fprintf(f, ".\\\" ecsim(1).  Made by 'ecsim help --man' from the command table in\n"
		   ".\\\" sim/cli/main.c and sim/cli/man.c: edit those, then 'make man'.\n");
	fprintf(f, ".TH ECSIM 1 \"\" \"ecsim %s\" \"User Commands\"\n", version);
	/* no hyphenation, ragged right: options and paths stay whole */
	fputs(".nh\n.ad l\n", f);
	roff_lines(f, man_head);
	fputs(".SH COMMANDS\n", f);
	for (const cli_command *c = cli_commands; c->name; c++)
		if (!c->hidden)
			help_to_roff(f, c);
	roff_lines(f, man_tail);
}
