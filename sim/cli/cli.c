/* cli.c - Ctrl-C handling, the option parser with its usage errors, and the
 * helpers every command shares (see cli.h). */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reports/outdir.h"
#include "strategies/guard.h"

volatile sig_atomic_t cli_interrupted;

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
	if (!cli_interrupted) {
		cli_interrupted = 1;
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
void cli_install_handlers(void)
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

double cli_wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "ecsim %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see 'ecsim help %s')\n", cmd);
	return EXIT_USAGE;
}

int cli_write_json(const char *cmd, const char *what, const json_t *j, const char *file)
{
	char *tmp;
	FILE *f;
	int ok;

	if (!file) {
		ok = json_dumpf(j, stdout, JSON_INDENT(2)) == 0 && fputc('\n', stdout) != EOF &&
		     fflush(stdout) == 0;
		if (!ok)
			fprintf(stderr, "ecsim %s: cannot write the %s: %s\n", cmd, what,
				strerror(errno));
		return ok ? 0 : EXIT_BAD;
	}
	tmp = xmalloc(strlen(file) + 8);
	sprintf(tmp, "%s.tmp~", file);
	if (!(f = fopen(tmp, "w"))) {
		fprintf(stderr, "ecsim %s: cannot create %s: %s\n", cmd, tmp, strerror(errno));
		free(tmp);
		return EXIT_BAD;
	}
	ok = json_dumpf(j, f, JSON_INDENT(2)) == 0 && fputc('\n', f) != EOF;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, file) != 0) {
		fprintf(stderr, "ecsim %s: cannot write %s: %s\n", cmd, file, strerror(errno));
		remove(tmp);
		free(tmp);
		return EXIT_BAD;
	}
	free(tmp);
	return 0;
}

int cli_parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

int cli_load_registry(st_registry *reg, char **files, int n)
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

/* ---- the option parser ------------------------------------------------------ */

void cli_opts_init(cli_opts *p, const char *cmd, int argc, char **argv)
{
	*p = (cli_opts){ .cmd = cli_find_command(cmd), .argc = argc, .argv = argv, .next = 1 };
	p->operands = xcalloc((size_t)(argc > 0 ? argc : 0) + 1, sizeof(*p->operands));
}

void cli_opts_destroy(cli_opts *p)
{
	free(p->operands);
	p->operands = NULL;
}

int cli_take_scenario(const cli_opts *p, const char **file)
{
	if (p->noperands == 0)
		return cli_usage_error(p->cmd->name, "%s", "missing SCENARIO file");
	if (p->noperands > 1)
		return cli_usage_error(p->cmd->name, "unexpected argument '%s'", p->operands[1]);
	*file = p->operands[0];
	return 0;
}

/* A negative number ("-3", "-.5") can be a value; any other word that
 * starts with '-' is taken for an option. */
static int dashed(const char *w)
{
	return w[0] == '-' &&
	       !(isdigit((unsigned char)w[1]) || (w[1] == '.' && isdigit((unsigned char)w[2])));
}

static const cli_option *by_letter(const cli_option *o, char c)
{
	for (; o && o->name; o++)
		if (o->letter && o->letter == c)
			return o;
	return NULL;
}

/* The option of table o named by the n bytes at name: an exact name, else
 * the one name they begin; NULL if none, with *many set when several
 * begin with them. */
static const cli_option *by_name(const cli_option *o, const char *name, size_t n, int *many)
{
	const cli_option *found = NULL;

	*many = 0;
	for (const cli_option *x = o; x && x->name; x++)
		if (strlen(x->name) == n && strncmp(x->name, name, n) == 0)
			return x;
	for (; o && o->name; o++)
		if (strncmp(o->name, name, n) == 0) {
			if (found)
				*many = 1;
			found = o;
		}
	return *many ? NULL : found;
}

/* 1 if word (a whole argument) is an option of command c. */
static int is_option_of(const cli_command *c, const char *word)
{
	int many;

	if (word[0] != '-' || !word[1])
		return 0;
	if (word[1] != '-')
		return by_letter(c->opts, word[1]) != NULL;
	return word[2] && by_name(c->opts, word + 2, strcspn(word + 2, "="), &many) != NULL;
}

/* "'run'", "'run' and 'size'", "'run', 'sweep' and 'size'": the commands
 * (not c) that have the option named (n bytes) or lettered; 0 if none. */
static int owners(const cli_command *c, const char *name, size_t n, char letter, char *buf,
		  size_t size)
{
	const cli_command *hit[32];
	int k = 0, many;
	size_t len = 0;

	for (const cli_command *x = cli_commands; x->name && k < 32; x++) {
		const cli_option *o = NULL;
		if (x == c || x->hidden)
			continue;
		if (letter)
			o = by_letter(x->opts, letter);
		else if ((o = by_name(x->opts, name, n, &many)) && strlen(o->name) != n)
			o = NULL; /* another command's option by its whole name only */
		if (o)
			hit[k++] = x;
	}
	buf[0] = 0;
	for (int i = 0; i < k && len < size; i++)
		len += snprintf(buf + len, size - len, "%s'%s'", i == 0 ? "" :
				i == k - 1 ? " and " : ", ", hit[i]->name);
	return k;
}

/* The long option of c that name (n bytes) was probably meant to be: one
 * within two edits, else one it begins all but the last two letters of
 * ("--strategy" for "--strategies"); NULL if none. */
static const char *closest_option(const cli_command *c, const char *name, size_t n)
{
	const char *names[64], *best;
	char word[64];
	int k = 0;
	size_t common = 0;

	snprintf(word, sizeof(word), "%.*s", (int)n, name);
	for (const cli_option *o = c->opts; o && o->name && k < 63; o++)
		names[k++] = o->name;
	names[k] = NULL;
	if ((best = err_closest(word, names)))
		return best;
	for (int i = 0; i < k; i++) {
		size_t m = 0;
		while (m < n && names[i][m] == word[m])
			m++;
		if (m >= 5 && m + 2 >= n && m > common)
			common = m, best = names[i];
	}
	return best;
}

static int opts_error(cli_opts *p, const char *msg)
{
	cli_usage_error(p->cmd->name, "%s", msg);
	return -1;
}

/* The value of option o (named p->word) in the next word; attached: the
 * value written in the same word (NULL if none). */
static int take_value(cli_opts *p, const cli_option *o, const char *attached)
{
	char msg[512];
	const char *w;

	if (o->value == CLI_FLAG) {
		if (!attached)
			return o->key;
		snprintf(msg, sizeof(msg), "option '%s' takes no value", p->word);
		return opts_error(p, msg);
	}
	if (attached) {
		p->value = attached;
		return o->key;
	}
	if (p->next >= p->argc) {
		snprintf(msg, sizeof(msg), "option '%s' needs a value", p->word);
		return opts_error(p, msg);
	}
	w = p->argv[p->next];
	if (dashed(w)) {
		if (is_option_of(p->cmd, w))
			snprintf(msg, sizeof(msg), "option '%s' needs a value, not the option '%s'",
				 p->word, w);
		else
			snprintf(msg, sizeof(msg), "option '%s' needs a value, not '%s' (for a path "
				 "that starts with '-', write ./%s)", p->word, w, w);
		return opts_error(p, msg);
	}
	p->next++;
	p->value = w;
	return o->key;
}

static int long_option(cli_opts *p, const char *w)
{
	const char *name = w + 2, *eq = strchr(name, '='), *hint;
	size_t n = eq ? (size_t)(eq - name) : strlen(name);
	const cli_option *o;
	char msg[1024], who[256];
	int many, len;

	snprintf(p->word, sizeof(p->word), "--%.*s", (int)n, name);
	if (n == 0) { /* "--=x" */
		snprintf(msg, sizeof(msg), "unknown option '%s'", w);
		return opts_error(p, msg);
	}
	if ((o = by_name(p->cmd->opts, name, n, &many)))
		return take_value(p, o, eq ? eq + 1 : NULL);
	if (many) {
		const cli_option *hit[64];
		int k = 0;
		for (o = p->cmd->opts; o->name && k < 64; o++)
			if (strncmp(o->name, name, n) == 0)
				hit[k++] = o;
		len = snprintf(msg, sizeof(msg), "option '%s' is ambiguous (could be", p->word);
		for (int i = 0; i < k && len + 64 < (int)sizeof(msg); i++)
			len += snprintf(msg + len, sizeof(msg) - (size_t)len, "%s--%s",
					i == 0 ? " " : i == k - 1 ? " or " : ", ", hit[i]->name);
		snprintf(msg + len, sizeof(msg) - (size_t)len, ")");
		return opts_error(p, msg);
	}
	hint = closest_option(p->cmd, name, n);
	if (owners(p->cmd, name, n, 0, who, sizeof(who)))
		len = snprintf(msg, sizeof(msg), "%s is only for %s", p->word, who);
	else
		len = snprintf(msg, sizeof(msg), "unknown option '%s'", p->word);
	if (hint)
		snprintf(msg + len, sizeof(msg) - (size_t)len, " (did you mean '--%s'?)", hint);
	return opts_error(p, msg);
}

static int short_option(cli_opts *p)
{
	char c = *p->cluster++, msg[512], who[256];
	const cli_option *o = by_letter(p->cmd->opts, c);

	snprintf(p->word, sizeof(p->word), "-%c", c);
	if (!*p->cluster)
		p->cluster = NULL;
	if (!o) {
		if (owners(p->cmd, NULL, 0, c, who, sizeof(who)))
			snprintf(msg, sizeof(msg), "%s is only for %s", p->word, who);
		else
			snprintf(msg, sizeof(msg), "unknown option '%s'", p->word);
		return opts_error(p, msg);
	}
	if (o->value == CLI_FLAG)
		return o->key;
	if (p->cluster) { /* -ofolder: the rest of the word is the value */
		p->value = p->cluster;
		p->cluster = NULL;
		return o->key;
	}
	return take_value(p, o, NULL);
}

int cli_opts_next(cli_opts *p)
{
	p->value = NULL;
	if (p->cluster)
		return short_option(p);
	while (p->next < p->argc) {
		const char *w = p->argv[p->next++];
		if (p->dashdash || w[0] != '-' || w[1] == 0) {
			p->operands[p->noperands++] = (char *)w;
		} else if (strcmp(w, "--") == 0) {
			p->dashdash = 1;
		} else if (w[1] == '-') {
			return long_option(p, w);
		} else {
			p->cluster = w + 1;
			return short_option(p);
		}
	}
	return 0;
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

char *cli_command_line(const char *cmd, int argc, char **argv)
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
