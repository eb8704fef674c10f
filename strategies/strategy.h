/* strategy.h - the placement strategy API and registry.
 *
 * A strategy ranks the hosts a task fits on: score() returns a number, lower
 * is better.  A chain of up to ST_MAX_STEPS steps is applied as ECS applies
 * placementStrategy arrays: each step only breaks the ties left by the ones
 * before it, and the hosts still tied at the end are chosen between uniformly
 * at random from a seeded stream.  Strategies see the cluster read-only;
 * place.c applies nothing, the caller does.
 *
 * Adding a strategy: write strategies/NAME.c defining a const st_strategy,
 * and add one line to the table in strategies/registry.c.
 */
#ifndef ECS_STRATEGY_H
#define ECS_STRATEGY_H

#include "sim/cluster.h"
#include "sim/err.h"

#define ST_MAX_STEPS 5

/* spread field meaning "the instance itself" (ECS instanceId / host). */
#define ST_FIELD_INSTANCE (-2)

typedef struct st_step st_step;

typedef struct st_strategy {
	const char *name;        /* as in placementStrategy.type */
	const char *fields;      /* accepted fields, for `ecsim strategies` */
	const char *summary;     /* one line for `ecsim strategies` */
	/* Checks field (NULL when absent) and resolves it against cl into
	 * step->field; may call cl_attr_track.  Message without a path, e.g.
	 * "binpack field must be cpu or memory, not \"disk\"". */
	int (*resolve)(st_step *step, const char *field, cl_cluster *cl, ecs_err *e);
	/* Rank of host h for request r; lower is better. */
	double (*score)(const st_step *step, const cl_cluster *cl, int32_t h,
			const cl_req *r);
} st_strategy;

/* The ECS strategies (strategies/ecs.c); place.c recognises them to use
 * its indexes.  binpack's resolved field is one of ST_BINPACK_*. */
extern const st_strategy st_binpack, st_spread, st_random;
enum { ST_BINPACK_CPU, ST_BINPACK_MEMORY };

struct st_step {
	const st_strategy *s;
	int32_t field;   /* resolved field (resource, attribute id, ...) */
	char *spec;      /* "type:field" as written, for output */
};

typedef struct st_chain {
	st_step steps[ST_MAX_STEPS];
	int n;
} st_chain;

/* The registry, in listing order, and lookup by name. */
extern const st_strategy *const st_registry[];
const st_strategy *st_find(const char *name);

/* Appends a step (type, optional field) to c, resolved against cl. */
int st_chain_add(st_chain *c, const char *type, const char *field, cl_cluster *cl,
		 ecs_err *e);

/* Parses a command-line SPEC: "spread:attribute:ecs.availability-zone,binpack:memory"
 * (type, then the field after the first colon; commas separate steps). */
int st_chain_parse(st_chain *c, const char *spec, cl_cluster *cl, ecs_err *e);

/* Writes "spread:attribute:ecs.availability-zone,binpack:memory" into buf. */
void st_chain_format(const st_chain *c, char *buf, size_t n);

void st_chain_destroy(st_chain *c);

#endif
