/* parse.c - helpers several section loaders share (see parse.h): default
 * distributions, the files a scenario names and the instance-type catalog
 * of a load.  Owns no section.
 */
#include "parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sc_get_dist(const json_t *obj, const char *key, const char *path, dist *d,
		const char *dflt, ecs_err *e)
{
	json_t *v = json_object_get(obj, key), *def = NULL;
	char p[JREAD_PATHMAX];
	int rc;

	dist_destroy(d);
	if (!v)
		v = def = json_loads(dflt, JSON_DECODE_ANY, NULL);
	rc = dist_parse(d, v, jread_kpath(p, path, key), DIST_SECONDS, e);
	json_decref(def);
	return rc;
}

/* Absolute as written, else relative to the directory of the scenario
 * file (so a scenario and its data move together).  It must be a regular
 * file: a directory or a missing file is reported here, with the path as
 * written and as resolved, not later when it is read. */
int sc_file_path(const scenario *sc, const json_t *v, const char *path, char **out,
		 char **name, ecs_err *e)
{
	const char *s, *slash = strrchr(sc->file, '/');
	struct stat st;
	size_t n;

	if (!json_is_string(v) || !*(s = json_string_value(v)))
		return err_set(e, "%s: must be a file name (a non-empty string)", path);
	*name = xstrdup(s);
	if (s[0] == '/' || !slash) {
		*out = xstrdup(s);
	} else {
		n = (size_t)(slash - sc->file) + strlen(s) + 2;
		*out = xmalloc(n);
		snprintf(*out, n, "%.*s/%s", (int)(slash - sc->file), sc->file, s);
	}
	if (stat(*out, &st) != 0)
		return err_set(e, "%s: cannot open \"%s\" (%s): %s", path, s, *out, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(e, "%s: \"%s\" (%s) is not a file", path, s, *out);
	sc_input_add(sc, *out, path);
	return 0;
}

void sc_input_add(const scenario *sc, const char *file, const char *key)
{
	sc_inputs *in = sc->inputs;

	if (!in)
		return;
	in->v = xrealloc(in->v, ((size_t)in->n + 1) * sizeof(*in->v));
	in->v[in->n].file = xstrdup(file);
	in->v[in->n].key = xstrdup(key);
	in->n++;
}

sc_catalog_use *sc_catalog_use_of(scenario *sc)
{
	if (!sc->cat) {
		sc->cat = xcalloc(1, sizeof(*sc->cat));
		sc->cat->overhead = -1;
		sc->cat->reserved = -1;
	}
	return sc->cat;
}

/* Looks for the catalog once a load.  A default location without a file
 * is a soft failure (a scenario may not need the catalog); a file named by
 * $ECSIM_CATALOG that is missing, and a file that does not read, are hard
 * ones. */
static void catalog_read(sc_catalog_use *u)
{
	char path[4096];
	int from_env;

	if (u->state)
		return;
	from_env = catalog_locate(path, sizeof(path), &u->why);
	if (from_env < 0) {
		u->state = -1;
		return;
	}
	if (from_env && access(path, R_OK) != 0) {
		err_set(&u->why, "cannot read the instance-type catalog %s (from $%s): %s", path,
			CATALOG_ENV, strerror(errno));
		u->state = -1;
		u->hard = 1;
		return;
	}
	if (catalog_load(&u->cat, path, &u->why) < 0) {
		err_prefix(&u->why, "instance-type catalog ");
		catalog_destroy(&u->cat);
		u->state = -1;
		u->hard = 1;
		return;
	}
	u->path = xstrdup(path);
	u->state = 1;
}

const catalog *sc_catalog(scenario *sc, ecs_err *e)
{
	sc_catalog_use *u = sc_catalog_use_of(sc);

	catalog_read(u);
	if (u->state > 0)
		return &u->cat;
	err_set(e, "%s", u->why.msg);
	return NULL;
}

const catalog *sc_catalog_optional(scenario *sc, ecs_err *e)
{
	sc_catalog_use *u = sc_catalog_use_of(sc);

	catalog_read(u);
	if (u->state > 0)
		return &u->cat;
	if (u->hard)
		err_set(e, "%s", u->why.msg);
	return NULL;
}

void sc_catalog_release(scenario *sc)
{
	if (!sc->cat)
		return;
	catalog_destroy(&sc->cat->cat);
	free(sc->cat->path);
	free(sc->cat);
	sc->cat = NULL;
}
