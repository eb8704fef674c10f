/* lists.c - the listing commands 'strategies' and 'traces', driven by the
 * registries they list (strategies/registry.c, the plug-ins named, and
 * sim/trace's trace_formats). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "sim/trace/trace.h"

int cli_traces(int argc, char **argv)
{
	if (argc < 0) {
		cli_show_help("traces");
		return 0;
	}
	if (argc > 1)
		return cli_usage_error("traces", "unexpected argument '%s'", argv[1]);
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
	static const struct option opts[] = {
		{ "plugin", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char **plugins;
	int nplugins = 0, c, rc;
	st_registry reg;

	if (argc < 0) {
		cli_show_help("strategies");
		return 0;
	}
	plugins = calloc((size_t)argc + 1, sizeof(*plugins));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'L') {
			plugins[nplugins++] = optarg;
		} else if (c == 'h') {
			free(plugins);
			cli_show_help("strategies");
			return 0;
		} else {
			free(plugins);
			return cli_usage_error("strategies", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc) {
		free(plugins);
		return cli_usage_error("strategies", "unexpected argument '%s'", argv[optind]);
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
