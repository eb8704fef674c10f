/* test_schema.c - 'ecsim schema': the JSON Schema made from the loader's
 * key tables holds every key of the tables; a real validator (the Python
 * module jsonschema; the cases that need it are skipped, and say so,
 * without it) accepts every valid scenario and AWS CLI output of the tree
 * and refuses an unknown key exactly where the loader does; and
 * docs/scenario.schema.json is what 'ecsim schema' prints. */
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/test.h"
#include "tests/support.h"
#include "sim/engine/dist.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/schema.h"

/* ---- the schema's text --------------------------------------------------- */

TEST(test_schema_file_is_up_to_date)
{
	size_t n = 1 << 22;
	char path[2048], *file = malloc(n), *text = scenario_schema_text();

	snprintf(path, sizeof(path), "%s/docs/scenario.schema.json", test_srcdir());
	test_slurp(path, file, n);
	CHECK(strlen(text) > 10000 && strlen(text) < n - 1);
	if (strcmp(file, text) != 0) {
		free(file);
		free(text);
		TEST_FAILED("docs/scenario.schema.json differs from 'ecsim schema': run 'make schema'");
	}
	free(file);
	free(text);
}

/* ---- every key of the tables is in the schema ------------------------------ */

/* Whether the schema node (refs followed into root's $defs, anyOf
 * alternatives tried) has the path segs[0..n): key names, "[]" for the
 * entries of an array. */
static int schema_has(json_t *root, json_t *node, const char *const *segs, int n)
{
	json_t *ref = json_object_get(node, "$ref"), *any = json_object_get(node, "anyOf"), *x;
	size_t i;

	if (ref && strncmp(json_string_value(ref), "#/$defs/", 8) == 0)
		return schema_has(root, json_object_get(json_object_get(root, "$defs"),
							json_string_value(ref) + 8), segs, n);
	if (!node)
		return 0;
	if (n == 0)
		return 1;
	x = strcmp(segs[0], "[]") == 0 ? json_object_get(node, "items")
				       : json_object_get(json_object_get(node, "properties"), segs[0]);
	if (x && schema_has(root, x, segs + 1, n - 1))
		return 1;
	json_array_foreach(any, i, x)
		if (schema_has(root, x, segs, n))
			return 1;
	return 0;
}

struct walk {
	json_t *root, *start;      /* the schema, and where the walk's paths start in it */
	const char *segs[64];
	int n, keys, missing;
};

static void walk_val(struct walk *w, const jread_val *v);

static int walk_key(const jread_key *k, void *ctx)
{
	struct walk *w = ctx;

	if (w->n >= 64)
		return 0;
	w->segs[w->n++] = k->name;
	w->keys++;
	if (!schema_has(w->root, w->start, w->segs, w->n)) {
		fprintf(stderr, "  not in the schema:");
		for (int i = 0; i < w->n; i++)
			fprintf(stderr, "%s%s", strcmp(w->segs[i], "[]") && i ? "." : "", w->segs[i]);
		fputc('\n', stderr);
		w->missing++;
	}
	walk_val(w, &k->v);
	w->n--;
	return 0;
}

static void walk_val(struct walk *w, const jread_val *v)
{
	if (v->like)
		walk_val(w, v->like);
	jread_each(v->keys, walk_key, w);
	for (const jread_variant *x = v->variants; x && x->tag; x++)
		jread_each(x->keys, walk_key, w);
	if (v->items && w->n < 64) {
		w->segs[w->n++] = "[]";
		walk_val(w, v->items);
		w->n--;
	}
	for (const jread_val *const *x = v->any_of; x && *x; x++)
		walk_val(w, *x);
}

TEST(test_schema_has_every_table_key)
{
	json_t *s = scenario_schema(), *defs = json_object_get(s, "$defs");
	struct walk w = { .root = s, .start = s };

	walk_val(&w, scenario_tables());
	CHECK_EQ(w.missing, 0);
	/* the walk saw the tables: the services' keys, a policy type's, ... */
	CHECK(w.keys > 500);
	CHECK(schema_has(s, s, (const char *const[]){ "services", "[]", "autoScaling",
						      "targetTracking", "[]", "metric" }, 6));
	CHECK(schema_has(s, s, (const char *const[]){ "services", "services", "[]",
						      "demand", "spikes", "[]", "at" }, 7));
	CHECK(!schema_has(s, s, (const char *const[]){ "services", "[]", "desiredCont" }, 3));
	/* distributions: every type's keys, in both units */
	for (const char *def = "distSeconds"; def; def = strcmp(def, "distNumber") ? "distNumber"
									      : NULL) {
		w = (struct walk){ .root = s, .start = json_object_get(defs, def) };
		walk_val(&w, &dist_object);
		CHECK_EQ(w.missing, 0);
		CHECK(w.keys >= 16);
	}
	CHECK(json_object_get(json_object_get(s, "properties"), "$schema"));
	CHECK(json_is_false(json_object_get(s, "additionalProperties")));
	json_decref(s);
}

/* ---- a real validator ------------------------------------------------------ */

/* Whether python3 has jsonschema; else why the case is skipped, printed. */
static int have_validator(void)
{
	if (test_run(test_basedir(), "python3 -c 'import jsonschema' 2>&1") == 0)
		return 1;
	printf("  skipped: no JSON Schema validator (python3 with jsonschema; Debian: "
	       "python3-jsonschema, scripts/deps.sh installs it)\n");
	return 0;
}

/* A batch of documents for tests/schema_check.py. */
typedef struct cases {
	FILE *f;
	char dir[1024];
	int n;
	char **what;               /* per case, for messages */
	int *want;                 /* 1 valid, 0 invalid */
} cases;

static void cases_init(cases *c)
{
	char p[1100];

	*c = (cases){ 0 };
	snprintf(c->dir, sizeof(c->dir), "%s", test_tmpdir());
	snprintf(p, sizeof(p), "%s/cases.jsonl", c->dir);
	c->f = fopen(p, "w");
}

/* doc (taken) against the schema's part at pointer must be valid or not. */
static void cases_add(cases *c, const char *pointer, json_t *doc, int valid, const char *what)
{
	json_t *line = json_pack("[s, o]", pointer, doc);

	json_dumpf(line, c->f, JSON_COMPACT);
	fputc('\n', c->f);
	json_decref(line);
	c->what = realloc(c->what, (size_t)(c->n + 1) * sizeof(*c->what));
	c->want = realloc(c->want, (size_t)(c->n + 1) * sizeof(*c->want));
	c->what[c->n] = strdup(what);
	c->want[c->n++] = valid;
}

/* Runs the validator on the cases; the number that did not come out as
 * wanted (each printed), or -1 when it could not run. */
static int cases_run(cases *c)
{
	char cmd[4096], p[1100], *out, *line, *save = NULL;
	size_t n = (size_t)c->n * 400 + 4096;
	int bad = 0, i = 0;

	fclose(c->f);
	snprintf(cmd, sizeof(cmd), "'%s' schema -o '%s/schema.json' && python3 "
		 "'%s/tests/schema_check.py' '%s/schema.json' '%s/cases.jsonl' '%s/out.txt'",
		 test_ecsim(), c->dir, test_srcdir(), c->dir, c->dir, c->dir);
	if (test_run(c->dir, cmd) != 0) {
		fprintf(stderr, "  %s failed:\n%s%s\n", cmd, test_out, test_err);
		return -1;
	}
	out = malloc(n);
	snprintf(p, sizeof(p), "%s/out.txt", c->dir);
	test_slurp(p, out, n);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), i++) {
		int valid = strcmp(line, "ok") == 0;
		if (i < c->n && valid != c->want[i] && bad++ < 20)
			fprintf(stderr, "  %s: the schema says %s (want %s)\n", c->what[i], line,
				c->want[i] ? "valid" : "invalid");
	}
	if (i != c->n) {
		fprintf(stderr, "  %d results for %d cases\n", i, c->n);
		bad++;
	}
	free(out);
	for (i = 0; i < c->n; i++)
		free(c->what[i]);
	free(c->what);
	free(c->want);
	return bad;
}

/* The valid scenarios of the tree: the examples, the benchmarks' and the
 * tests' own. */
static const char *const scenario_globs[] = {
	"scenarios/*.json", "bench/*.json", "tests/data/busy.json", "tests/data/study-small.json",
	"tests/data/whole-host.json", "tests/data/aws/pasted.json", NULL,
};

/* Loads file (text from its path) as ecsim does: 0 valid, else the error
 * in e (a trace scenario without ../shared/data cannot open its files). */
static int load_text(const char *file, const char *text, ecs_err *e)
{
	scenario sc;

	err_clear(e);
	if (scenario_load_buffer(&sc, file, text, strlen(text), NULL, 0, e) < 0)
		return -1;
	scenario_destroy(&sc);
	return 0;
}

TEST(test_schema_accepts_valid_scenarios)
{
	static const struct { const char *glob, *pointer; } parts[] = {
		{ "tests/data/describe-task-definition.json", "/properties/taskDefinitions/items" },
		{ "tests/data/aws/describe-task-definition-*.json",
		  "/properties/taskDefinitions/items" },
		{ "tests/data/aws/describe-services.json", "/properties/services" },
		{ "tests/data/aws/describe-capacity-providers.json",
		  "/properties/cluster/properties/capacityProviders" },
	};
	char pattern[2048];
	int files = 0, loaded = 0;
	cases c;

	if (!have_validator())
		return;
	cases_init(&c);
	for (int g = 0; scenario_globs[g]; g++) {
		glob_t gl;
		snprintf(pattern, sizeof(pattern), "%s/%s", test_srcdir(), scenario_globs[g]);
		if (glob(pattern, 0, NULL, &gl) != 0)
			TEST_FAILED("no file %s", pattern);
		for (size_t i = 0; i < gl.gl_pathc; i++) {
			json_t *doc = json_load_file(gl.gl_pathv[i], 0, NULL);
			char *text = json_dumps(doc, 0);
			ecs_err e;
			/* each must be valid for the loader too (traces aside) */
			if (load_text(gl.gl_pathv[i], text, &e) == 0)
				loaded++;
			else if (!strstr(e.msg, "cannot open"))
				TEST_FAILED("%s", e.msg);
			free(text);
			cases_add(&c, "", doc, 1, gl.gl_pathv[i]);
			files++;
		}
		globfree(&gl);
	}
	for (size_t k = 0; k < sizeof(parts) / sizeof(*parts); k++) {
		glob_t gl;
		snprintf(pattern, sizeof(pattern), "%s/%s", test_srcdir(), parts[k].glob);
		if (glob(pattern, 0, NULL, &gl) != 0)
			TEST_FAILED("no file %s", pattern);
		for (size_t i = 0; i < gl.gl_pathc; i++)
			cases_add(&c, parts[k].pointer, json_load_file(gl.gl_pathv[i], 0, NULL), 1,
				  gl.gl_pathv[i]);
		globfree(&gl);
	}
	CHECK(files >= 20 && loaded >= 17);
	CHECK_EQ(cases_run(&c), 0);
}

/* Adds "zzUnknownKey" to every object of doc (at path, in the loader's
 * "$.a[1].b" form): the loader must refuse exactly those the schema
 * refuses.  *refused counts the objects where both refuse. */
struct mutate {
	const char *file;
	json_t *root;
	cases *c;
	int refused, accepted, failed;
};

static void mutate(struct mutate *m, json_t *node, const char *path)
{
	char p[1024], want[1200], what[2400], *text;
	const char *k;
	json_t *v;
	size_t i;
	ecs_err e;
	int rc;

	if (json_is_array(node)) {
		json_array_foreach(node, i, v) {
			snprintf(p, sizeof(p), "%s[%zu]", path, i);
			mutate(m, v, p);
		}
		return;
	}
	if (!json_is_object(node))
		return;
	json_object_foreach(node, k, v) {
		snprintf(p, sizeof(p), "%s.%s", path, k);
		mutate(m, v, p);
	}
	json_object_set_new(node, "zzUnknownKey", json_string("x"));
	text = json_dumps(m->root, 0);
	rc = load_text(m->file, text, &e);
	free(text);
	snprintf(want, sizeof(want), "%s: unknown key \"zzUnknownKey\"", path);
	snprintf(what, sizeof(what), "%s with %s.zzUnknownKey", m->file, path);
	if (rc < 0 && !strstr(e.msg, want)) {
		fprintf(stderr, "  %s: the loader says %s\n", what, e.msg);
		m->failed++;
	} else {
		cases_add(m->c, "", json_deep_copy(m->root), rc == 0, what);
		if (rc < 0)
			m->refused++;
		else
			m->accepted++;
	}
	json_object_del(node, "zzUnknownKey");
}

TEST(test_schema_refuses_unknown_keys_as_the_loader_does)
{
	char pattern[2048];
	struct mutate m = { 0 };
	json_t *doc;
	cases c;
	glob_t gl;

	if (!have_validator())
		return;
	cases_init(&c);
	m.c = &c;
	/* every object of every valid scenario that loads here */
	for (int g = 0; scenario_globs[g]; g++) {
		snprintf(pattern, sizeof(pattern), "%s/%s", test_srcdir(), scenario_globs[g]);
		if (glob(pattern, 0, NULL, &gl) != 0)
			TEST_FAILED("no file %s", pattern);
		for (size_t i = 0; i < gl.gl_pathc; i++) {
			char *text;
			ecs_err e;
			doc = json_load_file(gl.gl_pathv[i], 0, NULL);
			text = json_dumps(doc, 0);
			if (load_text(gl.gl_pathv[i], text, &e) == 0) {
				m.file = gl.gl_pathv[i];
				m.root = doc;
				mutate(&m, doc, "$");
			}
			free(text);
			json_decref(doc);
		}
		globfree(&gl);
	}
	CHECK_EQ(m.failed, 0);
	/* where the loader takes any key: attributes, values it does not read */
	CHECK(m.accepted >= 5);
	CHECK(m.refused >= 300);
	/* the unknown keys of tests/invalid/ */
	snprintf(pattern, sizeof(pattern), "%s/tests/invalid/*/error", test_srcdir());
	CHECK_EQ(glob(pattern, 0, NULL, &gl), 0);
	for (size_t i = 0; i < gl.gl_pathc; i++) {
		char err[4096], file[2048], set[2048];
		int dir = (int)(strlen(gl.gl_pathv[i]) - strlen("error"));
		test_slurp(gl.gl_pathv[i], err, sizeof(err));
		snprintf(set, sizeof(set), "%.*sset", dir, gl.gl_pathv[i]);
		/* not those whose unknown key comes from --set */
		if (!strstr(err, ": unknown key") || access(set, F_OK) == 0)
			continue;
		snprintf(file, sizeof(file), "%.*sscenario.json", dir, gl.gl_pathv[i]);
		if ((doc = json_load_file(file, 0, NULL)))
			cases_add(&c, "", doc, 0, file);
	}
	globfree(&gl);
	/* "$schema" is a key: a string */
	snprintf(pattern, sizeof(pattern), "%s/scenarios/quickstart.json", test_srcdir());
	doc = json_load_file(pattern, 0, NULL);
	json_object_set_new(doc, "$schema", json_string("../docs/scenario.schema.json"));
	cases_add(&c, "", json_deep_copy(doc), 1, "quickstart with $schema");
	json_object_set_new(doc, "$schema", json_integer(1));
	cases_add(&c, "", doc, 0, "quickstart with \"$schema\": 1");
	CHECK_EQ(cases_run(&c), 0);
}
