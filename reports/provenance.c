/* provenance.c - the provenance block of summary.json (see provenance.h). */
#include "provenance.h"

#include "sim/support/sha256.h"

/* Set by the Makefile for this file alone (see GIT_COMMIT there). */
#ifndef ECSIM_GIT_COMMIT
#define ECSIM_GIT_COMMIT ""
#endif

const char *ecsim_git_commit(void)
{
	return ECSIM_GIT_COMMIT;
}

json_t *prov_new(const char *command_line)
{
	json_t *p = json_object();

	json_object_set_new(p, "ecsim_version", json_string(ECSIM_VERSION));
	json_object_set_new(p, "git_commit",
			    *ecsim_git_commit() ? json_string(ecsim_git_commit()) : json_null());
	json_object_set_new(p, "command_line",
			    command_line ? json_string(command_line) : json_null());
	json_object_set_new(p, "files", json_array());
	return p;
}

int prov_add_file(json_t *prov, const char *file, const char *from, ecs_err *e)
{
	char hex[SHA256_HEX_LEN + 1];
	json_t *f;

	if (sha256_file(file, hex, e) < 0)
		return -1;
	f = json_object();
	json_object_set_new(f, "file", json_string(file));
	json_object_set_new(f, "from", json_string(from));
	json_object_set_new(f, "sha256", json_string(hex));
	json_array_append_new(json_object_get(prov, "files"), f);
	return 0;
}

int prov_add_inputs(json_t *prov, const scenario *sc, char *const *plugins, int nplugins,
		    ecs_err *e)
{
	if (prov_add_file(prov, sc->file, "scenario", e) < 0)
		return -1;
	for (int i = 0; sc->inputs && i < sc->inputs->n; i++)
		if (prov_add_file(prov, sc->inputs->v[i].file, sc->inputs->v[i].key, e) < 0)
			return -1;
	for (int i = 0; i < nplugins; i++)
		if (prov_add_file(prov, plugins[i], "--plugin", e) < 0)
			return -1;
	return 0;
}
