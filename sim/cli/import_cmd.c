/* import_cmd.c - the command 'import': a CloudFormation template into a
 * scenario file (sim/scenario/import.c converts), written to stdout or
 * -o FILE, with the values to fill in and the notes on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sim/scenario/import.h"

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
	import_opts o = { 0 };
	import_result r;
	const char *out = NULL, *file;
	ecs_err e = { 0 };
	char **params;
	cli_opts p;
	int c, rc;

	if (argc < 0) {
		cli_show_help("import");
		return 0;
	}
	params = xcalloc((size_t)argc + 1, sizeof(*params));
	cli_opts_init(&p, "import", argc, argv);
	while ((c = cli_opts_next(&p)) > 0 && c != 'h') {
		switch (c) {
		case 'o': out = p.value; break;
		case 'p': params[o.nparams++] = (char *)p.value; break;
		case 'N': o.stack_name = p.value; break;
		case 'R': o.region = p.value; break;
		case 'A': o.account = p.value; break;
		}
	}
	if (c == 0 && p.noperands != 1) {
		if (p.noperands == 0)
			cli_usage_error("import", "%s", "missing TEMPLATE file");
		else
			cli_usage_error("import", "unexpected argument '%s'", p.operands[1]);
		c = -1;
	}
	if (c != 0) {
		if (c == 'h')
			cli_show_help("import");
		cli_opts_destroy(&p);
		free(params);
		return c == 'h' ? 0 : EXIT_USAGE;
	}
	o.params = params;
	file = p.operands[0];
	if (import_template(file, &o, &r, &e) < 0) {
		fprintf(stderr, "ecsim import: %s\n", e.msg);
		rc = EXIT_BAD;
	} else {
		if ((rc = cli_write_json("import", "scenario", r.scenario, out)) == 0)
			report(file, out, &r);
		import_result_destroy(&r);
	}
	cli_opts_destroy(&p);
	free(params);
	return rc;
}
