/* import_cmd.c - the command 'import': a CloudFormation template into a
 * scenario file (sim/scenario/import.c converts), written to stdout or
 * -o FILE, with the values to fill in and the notes on stderr. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sim/scenario/import.h"

/* The scenario into file (through a temporary beside it, so that a failed
 * write leaves what was there), or to stdout when file is NULL. */
static int write_scenario(const json_t *sc, const char *file)
{
	char *tmp;
	FILE *f;
	int ok;

	if (!file) {
		ok = json_dumpf(sc, stdout, JSON_INDENT(2)) == 0 && fputc('\n', stdout) != EOF &&
		     fflush(stdout) == 0;
		if (!ok)
			fprintf(stderr, "ecsim import: cannot write the scenario: %s\n", strerror(errno));
		return ok ? 0 : EXIT_BAD;
	}
	tmp = malloc(strlen(file) + 8);
	sprintf(tmp, "%s.tmp~", file);
	if (!(f = fopen(tmp, "w"))) {
		fprintf(stderr, "ecsim import: cannot create %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return EXIT_BAD;
	}
	ok = json_dumpf(sc, f, JSON_INDENT(2)) == 0 && fputc('\n', f) != EOF;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, file) != 0) {
		fprintf(stderr, "ecsim import: cannot write %s: %s\n", file, strerror(errno));
		remove(tmp);
		free(tmp);
		return EXIT_BAD;
	}
	free(tmp);
	return 0;
}

static void report(const char *tmpl, const char *out, const import_result *r)
{
	fprintf(stderr, "ecsim import: %s: the scenario is %s%s\n", tmpl, out ? "in " : "on stdout",
		out ? out : "");
	if (r->nfills) {
		fprintf(stderr, "%d value%s to fill in (each a \"<<FILL IN: ...>>\" in the scenario; "
			"'ecsim validate' refuses them):\n", r->nfills, r->nfills == 1 ? "" : "s");
		for (int i = 0; i < r->nfills; i++)
			fprintf(stderr, "  %s: %s\n", r->fills[i].path, r->fills[i].text);
	}
	if (r->nnotes) {
		fprintf(stderr, "notes:\n");
		for (int i = 0; i < r->nnotes; i++)
			fprintf(stderr, "  %s: %s\n", r->notes[i].path, r->notes[i].text);
	}
}

int cli_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "parameter", required_argument, NULL, 'p' },
		{ "stack-name", required_argument, NULL, 'N' },
		{ "region", required_argument, NULL, 'R' },
		{ "account-id", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	import_opts o = { 0 };
	import_result r;
	const char *out = NULL, *file;
	ecs_err e = { 0 };
	char **params;
	int c, rc;

	if (argc < 0) {
		cli_show_help("import");
		return 0;
	}
	params = calloc((size_t)argc + 1, sizeof(*params));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'p': params[o.nparams++] = optarg; break;
		case 'N': o.stack_name = optarg; break;
		case 'R': o.region = optarg; break;
		case 'A': o.account = optarg; break;
		case 'h':
			free(params);
			cli_show_help("import");
			return 0;
		default:
			free(params);
			return cli_usage_error("import", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	o.params = params;
	if (optind + 1 != argc) {
		free(params);
		return optind >= argc ? cli_usage_error("import", "%s", "missing TEMPLATE file")
				      : cli_usage_error("import", "unexpected argument '%s'",
							argv[optind + 1]);
	}
	file = argv[optind];
	if (import_template(file, &o, &r, &e) < 0) {
		fprintf(stderr, "ecsim import: %s\n", e.msg);
		free(params);
		return EXIT_BAD;
	}
	if ((rc = write_scenario(r.scenario, out)) == 0)
		report(file, out, &r);
	import_result_destroy(&r);
	free(params);
	return rc;
}
