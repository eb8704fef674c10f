/* parse.c - helpers several section loaders share (see parse.h): default
 * distributions and the files a scenario names.  Owns no section.
 */
#include "parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	return 0;
}
