/* lists.c - the listing commands 'strategies', 'traces' and 'schema',
 * driven by what they list (strategies/registry.c, the plug-ins named,
 * sim/trace's trace_formats, the scenario loader's key tables). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "sim/scenario/schema.h"
#include "sim/trace/trace.h"

int cli_schema(int argc, char **argv)
{
	const char *out = NULL;
	json_t *schema;
	cli_opts p;
	int c, rc;

	if (argc < 0) {
		cli_show_help("schema");
		return 0;
	}
	cli_opts_init(&p, "schema", argc, argv);
	while ((c = cli_opts_next(&p)) == 'o')
		out = p.value;
	if (c == 0 && p.noperands) {
		cli_usage_error("schema", "unexpected argument '%s'", p.operands[0]);
		c = -1;
	}
	if (c != 0) {
		if (c == 'h')
			cli_show_help("schema");
		cli_opts_destroy(&p);
		return c == 'h' ? 0 : EXIT_USAGE;
	}
	schema = scenario_schema();
	rc = cli_write_json("schema", "schema", schema, out);
	json_decref(schema);
	cli_opts_destroy(&p);
	return rc;
}

int cli_traces(int argc, char **argv)
{
	cli_opts p;
	int c;

	if (argc < 0) {
		cli_show_help("traces");
		return 0;
	}
	cli_opts_init(&p, "traces", argc, argv);
	c = cli_opts_next(&p);
	if (c == 'h') {
		cli_opts_destroy(&p);
		cli_show_help("traces");
		return 0;
	}
	if (c == 0 && p.noperands)
		cli_usage_error("traces", "unexpected argument '%s'", p.operands[0]);
	cli_opts_destroy(&p);
	if (c != 0 || p.noperands)
		return EXIT_USAGE;
	printf("%-17s %-22s %s\n", "FORMAT", "MACHINES", "DESCRIPTION");
	for (int i = 0; trace_formats[i]; i++)
		printf("%-17s %-22s %s\n", trace_formats[i]->name,
		       trace_formats[i]->machines ? trace_formats[i]->machines : "-",
		       trace_formats[i]->summary);
	printf("\nUse one in a scenario's \"traces\" array; docs/traces.md lists the keys,\n"
	       "the columns each format reads and how rows become tasks.\n");
	return 0;
}

int cli_strategies(int argc, char **argv)
{
	char **plugins;
	int nplugins = 0, c, rc;
	st_registry reg;
	cli_opts p;

	if (argc < 0) {
		cli_show_help("strategies");
		return 0;
	}
	plugins = xcalloc((size_t)argc + 1, sizeof(*plugins));
	cli_opts_init(&p, "strategies", argc, argv);
	while ((c = cli_opts_next(&p)) == 'L')
		plugins[nplugins++] = (char *)p.value;
	if (c == 'h') {
		cli_show_help("strategies");
	} else if (c == 0 && p.noperands) {
		cli_usage_error("strategies", "unexpected argument '%s'", p.operands[0]);
		c = -1;
	}
	cli_opts_destroy(&p);
	if (c != 0) {
		free(plugins);
		return c == 'h' ? 0 : EXIT_USAGE;
	}
	rc = cli_load_registry(&reg, plugins, nplugins);
	free(plugins);
	if (rc)
		return rc;
	for (int i = 0; i < reg.n; i++) {
		const st_strategy *st = reg.list[i];
		printf("%s\n    %s\n    field: %s\n", st->name, st->summary ? st->summary : "",
		       st->fields ? st->fields : "none");
		if (st->stop_summary)
			printf("    scale-in: %s\n", st->stop_summary);
		if (reg.origin[i])
			printf("    plug-in: %s\n", reg.origin[i]);
	}
	printf("\nChain up to %d steps with commas, e.g. --strategy "
	       "'spread:attribute:ecs.availability-zone,binpack:memory';\n"
	       "docs/strategies.md gives every formula.\n", ST_MAX_STEPS);
	st_registry_destroy(&reg);
	return 0;
}
