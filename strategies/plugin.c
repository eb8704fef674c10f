/* plugin.c - loading strategy plug-ins (shared objects) into a registry.
 *
 * A plug-in exports `ecsim_api_version` and the NULL-terminated
 * `ecsim_strategies` (strategy.h's ST_PLUGIN defines both).  Its strategies
 * call back into ecsim (cl_group_on_value, st_parse_weights, ...), which the
 * ecsim binary exports for that purpose (linked with -rdynamic).  The
 * handles stay open until st_registry_destroy, because chains point into
 * the plug-in's code and data.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strategy.h"

int st_registry_load(st_registry *reg, const char *file, ecs_err *e)
{
	const int *version;
	const st_strategy *const *list;
	char path[4096];
	void *h;
	int n0 = reg->n;

	/* A bare name would make dlopen search the library path instead. */
	snprintf(path, sizeof(path), "%s%s", strchr(file, '/') ? "" : "./", file);
	dlerror();
	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
		const char *why = dlerror();
		size_t n = strlen(path);
		/* glibc starts the message with the path; do not say it twice. */
		if (why && strncmp(why, path, n) == 0 && why[n] == ':' && why[n + 1] == ' ')
			why += n + 2;
		return err_set(e, "cannot load %s: %s", file, why ? why : "unknown error");
	}
	if (!(list = dlsym(h, "ecsim_strategies"))) {
		dlclose(h);
		return err_set(e, "%s: no ecsim_strategies symbol (end the file with "
			       "ST_PLUGIN(&your_strategy))", file);
	}
	if (!(version = dlsym(h, "ecsim_api_version"))) {
		dlclose(h);
		return err_set(e, "%s: no ecsim_api_version symbol (end the file with "
			       "ST_PLUGIN(&your_strategy))", file);
	}
	if (*version < ST_API_VERSION_MIN || *version > ST_API_VERSION) {
		int v = *version;
		dlclose(h);
		return err_set(e, "%s: built for plug-in API version %d, this ecsim has %d "
			       "(rebuild it against this ecsim's strategies/strategy.h)", file, v,
			       ST_API_VERSION);
	}
	if (!list[0]) {
		dlclose(h);
		return err_set(e, "%s: ecsim_strategies is empty", file);
	}
	for (int i = 0; list[i]; i++)
		if (st_registry_add_api(reg, list[i], file, *version, e) < 0) {
			/* All or nothing: forget the ones already added. */
			while (reg->n > n0)
				free(reg->origin[--reg->n]);
			dlclose(h);
			err_prefix(e, "%s: ", file);
			return -1;
		}
	reg->handles = xrealloc(reg->handles, (size_t)(reg->nhandles + 1) * sizeof(*reg->handles));
	reg->handles[reg->nhandles++] = h;
	return 0;
}

void st_registry_destroy(st_registry *reg)
{
	for (int i = 0; i < reg->n; i++)
		free(reg->origin[i]);
	for (int i = 0; i < reg->nhandles; i++)
		dlclose(reg->handles[i]);
	free(reg->list);
	free(reg->origin);
	free(reg->api);
	free(reg->handles);
	*reg = (st_registry){ 0 };
}
