/* complete.c - 'ecsim complete KIND': the candidates the shell completion
 * scripts (scripts/completion/ecsim.bash, _ecsim) offer, one per line,
 * taken from the command table and the strategy registry so that the
 * scripts know no command, option or strategy of their own.  Scenario paths
 * for --set come from the scenario file on the command line, read as plain
 * JSON, and from a short list of common ones (a test checks that the loader
 * accepts each).  Not in 'ecsim --help' nor the manual: a tool for scripts.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Paths offered with or without a scenario: every top-level key, and the
 * values most often set. */
static const char *const common_keys[] = {
	"name", "description", "seed", "duration", "metricsInterval", "scheduler", "cluster",
	"taskDefinitions", "services", "workloads", "traces", "failures", "taskLifecycle",
	"maintenance", "deployments", "fargate",
	"cluster.instances[0].count", "cluster.instances[0].instanceType",
	"services[0].desiredCount", "services[0].taskDefinition",
	NULL,
};

static const char *const value_names[] = {
	[CLI_FLAG] = "none", [CLI_TEXT] = "text", [CLI_NUMBER] = "number",
	[CLI_DIR] = "dir", [CLI_FILE] = "file", [CLI_PLUGIN] = "plugin", [CLI_STRATEGY] = "strategy",
	[CLI_STRATEGIES] = "strategies", [CLI_KEY] = "key", [CLI_CHOICE] = "choice",
};

/* The paths printed so far, so that none is printed twice. */
typedef struct keys {
	char **list;
	int n, cap;
} keys;

static void key_out(keys *k, const char *path)
{
	for (int i = 0; i < k->n; i++)
		if (strcmp(k->list[i], path) == 0)
			return;
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 64;
		k->list = xrealloc(k->list, (size_t)k->cap * sizeof(*k->list));
	}
	k->list[k->n++] = xstrdup(path);
	puts(path);
}

/* The name --set can select element v of arr by (serviceName, name or
 * family, as scenario_set looks them up), if it is a plain word that no
 * element before it has; else NULL (use the index). */
static const char *element_name(const json_t *arr, size_t at, const json_t *v)
{
	static const char *const by[] = { "serviceName", "name", "family", NULL };
	const char *s = NULL;

	for (int k = 0; by[k] && !s; k++)
		s = json_string_value(json_object_get(v, by[k]));
	if (!s || !*s || strpbrk(s, ".[]= \t'\"") || s[strspn(s, "0123456789")] == 0)
		return NULL;
	for (size_t i = 0; i < at; i++) {
		const json_t *w = json_array_get(arr, i);
		for (int k = 0; by[k]; k++) {
			const char *t = json_string_value(json_object_get(w, by[k]));
			if (t && strcmp(t, s) == 0)
				return NULL;
		}
	}
	return s;
}

/* Every value of j under path (n bytes used of size): the leaves, and
 * arrays of plain values as one (a list is set whole). */
static void walk(keys *k, const json_t *j, char *path, size_t n, size_t size)
{
	const char *key;
	json_t *v;
	size_t i;
	int nested = 0;

	if (k->n >= 20000 || n + 8 >= size)
		return;
	if (json_is_object(j) && json_object_size(j)) {
		json_object_foreach((json_t *)j, key, v) {
			size_t m = (size_t)snprintf(path + n, size - n, "%s%s", n ? "." : "", key);
			if (n + m < size)
				walk(k, v, path, n + m, size);
		}
		path[n] = 0;
		return;
	}
	json_array_foreach(j, i, v)
		nested |= json_is_object(v) || json_is_array(v);
	if (json_is_array(j) && nested) {
		json_array_foreach(j, i, v) {
			const char *name = element_name(j, i, v);
			size_t m = name ? (size_t)snprintf(path + n, size - n, ".%s", name)
					: (size_t)snprintf(path + n, size - n, "[%zu]", i);
			if (n + m < size)
				walk(k, v, path, n + m, size);
		}
		path[n] = 0;
		return;
	}
	if (n)
		key_out(k, path);
}

static int complete_keys(int argc, char **argv)
{
	keys k = { 0 };
	char path[1024] = "";

	if (argc > 0) {
		json_t *root = json_load_file(argv[0], 0, NULL);
		if (root)
			walk(&k, root, path, 0, sizeof(path));
		json_decref(root);
	}
	for (int i = 0; common_keys[i]; i++)
		key_out(&k, common_keys[i]);
	for (int i = 0; i < k.n; i++)
		free(k.list[i]);
	free(k.list);
	return 0;
}

/* The strategies, with those of the plug-ins that load (others are left
 * out without a word: completion must not print errors). */
static int complete_strategies(int argc, char **argv)
{
	st_registry reg;
	ecs_err e;

	st_registry_init(&reg);
	for (int i = 0; i < argc; i++) {
		e = (ecs_err){ 0 };
		st_registry_load(&reg, argv[i], &e);
	}
	for (int i = 0; i < reg.n; i++)
		puts(reg.list[i]->name);
	st_registry_destroy(&reg);
	return 0;
}

/* The option of c written as word ("-o", "--output", "--out", "--output=x"). */
static const cli_option *find_option(const cli_command *c, const char *word)
{
	const cli_option *found = NULL;
	size_t n;
	int hits = 0;

	if (word[0] != '-' || !word[1])
		return NULL;
	if (word[1] != '-') {
		for (const cli_option *o = c->opts; o->name; o++)
			if (o->letter == word[1])
				return o;
		return NULL;
	}
	n = strcspn(word + 2, "=");
	for (const cli_option *o = c->opts; o->name; o++) {
		if (strlen(o->name) == n && strncmp(o->name, word + 2, n) == 0)
			return o;
		if (n && strncmp(o->name, word + 2, n) == 0)
			found = o, hits++;
	}
	return hits == 1 ? found : NULL;
}

int cli_complete(int argc, char **argv)
{
	const char *kind = argc > 1 ? argv[1] : "";
	const cli_command *c = NULL;

	if (argc < 0) {
		cli_show_help("complete");
		return 0;
	}
	if ((strcmp(kind, "options") == 0 || strcmp(kind, "value") == 0) &&
	    (argc < 3 || !(c = cli_find_command(argv[2]))))
		return cli_usage_error("complete", "%s", "give a command: options COMMAND, "
				       "value COMMAND OPTION");
	if (strcmp(kind, "commands") == 0) {
		for (c = cli_commands; c->name; c++)
			if (!c->hidden)
				puts(c->name);
	} else if (strcmp(kind, "options") == 0) {
		for (const cli_option *o = c->opts; o->name; o++) {
			printf("--%s\n", o->name);
			if (o->letter)
				printf("-%c\n", o->letter);
		}
	} else if (strcmp(kind, "value") == 0) {
		const cli_option *o = argc > 3 ? find_option(c, argv[3]) : NULL;
		if (!o)
			return cli_usage_error("complete", "no option '%s' to complete",
					       argc > 3 ? argv[3] : "");
		printf("%s%s%s\n", value_names[o->value], o->choices ? " " : "",
		       o->choices ? o->choices : "");
	} else if (strcmp(kind, "strategies") == 0) {
		return complete_strategies(argc - 2, argv + 2);
	} else if (strcmp(kind, "keys") == 0) {
		return complete_keys(argc - 2, argv + 2);
	} else if (!*kind) {
		return cli_usage_error("complete", "%s", "missing KIND (commands, options, value, "
				       "strategies or keys)");
	} else {
		return cli_usage_error("complete", "unknown KIND '%s' (commands, options, value, "
				       "strategies or keys)", kind);
	}
	return 0;
}
