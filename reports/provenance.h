/* provenance.h - what a result came from, as the "provenance" block of
 * summary.json: ecsim's version, the git commit it was built from (taken
 * at build time), the SHA-256 of every file read (the scenario, the files
 * it names, the instance-type catalog, strategy plug-ins), and the command
 * line.  The caller adds the seed(s) and the strategy.  Owns no file and
 * runs no git.
 */
#ifndef ECS_PROVENANCE_H
#define ECS_PROVENANCE_H

#include <jansson.h>

#include "sim/scenario/scenario.h"
#include "sim/support/err.h"

#define ECSIM_VERSION "0.1.0"

/* The commit ecsim was built from: 40 hex digits, "-dirty" after them when
 * tracked files differed from it; "" when not built from a git checkout. */
const char *ecsim_git_commit(void);

/* A new block: ecsim_version, git_commit (null when ""), command_line (null
 * when NULL) and an empty "files" array. */
json_t *prov_new(const char *command_line);

/* Appends {"file": file, "from": from, "sha256": ...} to the block's files,
 * reading file now; -1 with "cannot read FILE: reason" in e. */
int prov_add_file(json_t *prov, const char *file, const char *from, ecs_err *e);

/* The scenario file (from "scenario") and every file its loader read
 * (from the JSON path that named it, or "catalog"), then each plug-in
 * (from "--plugin"); -1 as prov_add_file. */
int prov_add_inputs(json_t *prov, const scenario *sc, char *const *plugins, int nplugins,
		    ecs_err *e);

#endif
