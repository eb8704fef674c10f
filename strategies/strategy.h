/* strategy.h - the placement strategy API: the one header a strategy author reads.
 *
 * A strategy ranks the hosts a task fits on: score() returns a number, lower
 * is better.  A chain of up to ST_MAX_STEPS steps is applied as ECS applies
 * placementStrategy arrays: each step only breaks the ties left by the ones
 * before it, and the hosts still tied at the end are chosen between uniformly
 * at random from a seeded stream.  On scale-in the same chain ranks the hosts
 * that run tasks of a service with stop_score() (lower = stop there first).
 * Strategies see the cluster read-only and return numbers; they never change
 * it or draw random numbers.  API version 2 adds, all optional: ranking the
 * GPU slots a share of a GPU can take (gpu_score), per-host state that
 * ecsim keeps current through host_update (the only state a strategy
 * keeps), the workload's task shapes (st_workload) and a metric of the
 * strategy's own.
 *
 * Adding a strategy (docs/strategies.md walks through an example):
 *   - built in: write strategies/NAME.c defining a `const st_strategy`, and
 *     add one line to the table in strategies/registry.c;
 *   - plug-in: write one C file that includes this header and ends with
 *     ST_PLUGIN(&my_strategy, ...); build it as a shared object
 *       cc -shared -fPIC -I ECSIM_SOURCE_DIR -o my.so my.c
 *     (or -I PREFIX/include/ecsim, where make install puts this header and
 *     those it includes)
 *     and load it with `ecsim run --plugin ./my.so ...`.
 * Either way the strategy is then a placementStrategy `type` in scenarios,
 * a step in --strategy, and a line in `ecsim strategies`.
 *
 * What a score may read: the host (cl->hosts[h]: free and total cpu, memory,
 * gpu and ENIs, ntasks, state, zone, type), attributes (cl_host_attr), the
 * task-group counters (cl_group_on_host, cl_group_on_value), the cluster
 * totals (cpu_used, mem_used, ...) and the request r.  Scores must be pure
 * functions of these: equal inputs give equal scores, so that runs are
 * reproducible and exact ties reach the next step.
 */
#ifndef ECS_STRATEGY_H
#define ECS_STRATEGY_H

#include <stddef.h>

#include "sim/cluster/cluster.h"
#include "sim/cluster/gpufrag.h"
#include "sim/support/err.h"

/* Raised whenever st_strategy, st_step or anything a plug-in calls
 * changes.  Version 2 added the members after indexed_as (GPU slots,
 * per-host state, a metric); a plug-in built for version 1 still loads
 * (ecsim reads only the members version 1 has), any other is refused. */
#define ST_API_VERSION 2
#define ST_API_VERSION_MIN 1

#define ST_MAX_STEPS 5

/* spread field meaning "the instance itself" (ECS instanceId / host). */
#define ST_FIELD_INSTANCE (-2)

typedef struct st_step st_step;

/* Which of the cluster's indexed searches a strategy is equivalent to
 * (strategies/place.c, scalein.c).  The contract: a strategy may declare a
 * kind only if, for every field it accepts, it resolves step->field as
 * ecs.c's strategy of that kind does, and its score (and stop_score) rank
 * hosts exactly as that strategy's do: the same order and the same ties.
 * The index is then used instead of score(), and the tie-break rule
 * (place.h: R1, R2, R3) follows the kind, so a wrong claim changes choices
 * silently.  When in doubt, ST_INDEX_NONE: every host is scored. */
enum st_index {
	ST_INDEX_NONE = 0, /* scored host by host (the default) */
	ST_INDEX_BINPACK,  /* ecs.c's binpack: least free cpu or memory left */
	ST_INDEX_SPREAD,   /* ecs.c's spread: fewest tasks of the group per value */
	ST_INDEX_RANDOM,   /* ecs.c's random: every fitting host ties */
};

/* ---- writing a strategy --------------------------------------------------- */

typedef struct st_strategy {
	/* The placementStrategy `type`: letters, digits, '-', '_' and '.'. */
	const char *name;
	/* The accepted fields in a few words, for `ecsim strategies`, e.g.
	 * "cpu | memory" or "none". */
	const char *fields;
	/* One line: where the task goes, for `ecsim strategies`. */
	const char *summary;
	/* Checks field (NULL when absent; "" counts as absent) and stores what
	 * score() needs in step->field and/or step->data (one malloc'ed block,
	 * freed with free() by st_chain_destroy).  May call cl_attr_track.
	 * On a bad field: err_set(e, ...) with a message without a path, e.g.
	 * "binpack field must be cpu or memory, not \"disk\"", and return -1. */
	int (*resolve)(st_step *step, const char *field, cl_cluster *cl, ecs_err *e);
	/* Rank of host h for placing r; lower is better.  Only called for
	 * ACTIVE hosts that r fits on (every resource, port and constraint). */
	double (*score)(const st_step *step, const cl_cluster *cl, int32_t h,
			const cl_req *r);
	/* Optional.  Rank of host h for stopping a task r of the group that
	 * runs there (scale-in); lower = stop there first.  h's free resources
	 * still include r as placed.  NULL ranks every host equal. */
	double (*stop_score)(const st_step *step, const cl_cluster *cl, int32_t h,
			     const cl_req *r);
	/* Optional: one line, which host loses a task on scale-in. */
	const char *stop_summary;
	/* Added at the end, after API version 1 (whose plug-ins have a shorter
	 * struct: ecsim never reads this from a plug-in, see st_step_index).
	 * Leave it out (ST_INDEX_NONE) unless the contract of enum st_index
	 * holds. */
	enum st_index indexed_as;

	/* ---- API version 2: all optional (NULL / 0 = not used) ------------ */

	/* Rank of GPU slot `slot` of host h for r's share of a GPU (r->gpu_milli
	 * > 0), lower is better.  Called, after h is chosen, for each slot
	 * cl_share_slots offers; the chain's steps that have it rank the slots
	 * as steps rank hosts, and slots still tied are drawn between from the
	 * tie-break stream.  When no step has it the share goes where
	 * cl_share_default says (the fullest GPU it fits on). */
	double (*gpu_score)(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r, int32_t slot);
	/* Per-host state: host_state bytes for each host (zeroed), read with
	 * st_host_state().  host_update(step, cl, h, state) runs for every host
	 * when the step is built, then after every change of host h (a task
	 * placed or removed, a state change, a new host): keep it O(1). */
	size_t host_state;
	void (*host_update)(const st_step *step, const cl_cluster *cl, int32_t h, void *state);
	/* A metric of the strategy's own, written to summary.json
	 * ("strategy_metrics": {"STEP SPEC": {"NAME": value}}) at the end of
	 * the run: metric_name is letters, digits and '_'. */
	const char *metric_name;
	double (*metric)(const st_step *step, const cl_cluster *cl);
} st_strategy;

/* The ECS strategies (strategies/ecs.c); they declare their index kind.
 * binpack's resolved field is one of ST_BINPACK_*. */
extern const st_strategy st_binpack, st_spread, st_random;
enum { ST_BINPACK_CPU, ST_BINPACK_MEMORY };

struct st_step {
	const st_strategy *s;
	int32_t field;   /* resolved field (resource, attribute id, ...) */
	void *data;      /* resolve()'s parameters, if any; freed with free() */
	char *spec;      /* "type:field" as written, for output */
	/* Added at the end (the fields above keep their offsets for API v1
	 * plug-ins): the plug-in file the strategy came from, NULL for a
	 * built-in.  Set by st_chain_add. */
	const char *origin;
	/* Added in API version 2: the plug-in's version (ST_API_VERSION for a
	 * built-in), and what the step keeps for host_state and metric. */
	int api;
	struct st_step_ext *ext;
};

/* The state step keeps for host h (host_state bytes). */
void *st_host_state(const st_step *step, int32_t h);

/* The workload's task shapes (gpufrag.h) the run measures fragmentation
 * with: from the replayed traces or the scenario; NULL when there is none
 * (a cluster without GPUs). */
const gf_workload *st_workload(const cl_cluster *cl);

/* Resources as vectors, for strategies that weigh several at once. */
enum st_res { ST_RES_CPU, ST_RES_MEMORY, ST_RES_GPU, ST_RES_ENI, ST_NRES };

/* "cpu", "memory", "gpu", "eni". */
const char *st_res_name(int res);

/* What host ho has free / registered, and what r asks, of resource res.
 * A type without an ENI limit has a very large eni total (2^20). */
static inline int64_t st_host_free(const cl_host *ho, int res)
{
	return res == ST_RES_CPU ? ho->cpu_free : res == ST_RES_MEMORY ? ho->mem_free :
	       res == ST_RES_GPU ? ho->gpu_free : ho->eni_free;
}

static inline int64_t st_host_total(const cl_host *ho, int res)
{
	return res == ST_RES_CPU ? ho->cpu_total : res == ST_RES_MEMORY ? ho->mem_total :
	       res == ST_RES_GPU ? ho->gpu_total : ho->eni_total;
}

static inline int64_t st_req_amount(const cl_req *r, int res)
{
	return res == ST_RES_CPU ? r->cpu : res == ST_RES_MEMORY ? r->mem :
	       res == ST_RES_GPU ? r->gpu : r->eni;
}

/* How st_parse_weights treats "=WEIGHT". */
enum st_weights {
	ST_WEIGHTS_REAL,  /* optional, a number > 0 (default 1) */
	ST_WEIGHTS_INT,   /* optional, an integer 1-100 (default 1), as kube-scheduler */
	ST_WEIGHTS_NONE,  /* not allowed: resource names only */
};

/* Parses a resource list such as "cpu=1,memory=2" or "cpu,memory" into
 * w[ST_NRES] (0 for a resource not listed).  text NULL or "" gives
 * cpu=1,memory=1.  who names the strategy in messages, e.g.
 * "best-fit: unknown resource \"disk\" (known: cpu, memory, gpu, eni)". */
int st_parse_weights(double w[ST_NRES], const char *text, const char *who,
		     enum st_weights mode, ecs_err *e);

/* ---- plug-ins -------------------------------------------------------------- */

/* A plug-in (a shared object) exports exactly these two symbols; ecsim
 * checks the version first.  ST_PLUGIN(&a, &b) defines both. */
extern const int ecsim_api_version;
extern const st_strategy *const ecsim_strategies[]; /* NULL-terminated */

#define ST_PLUGIN(...)                                                         \
	const int ecsim_api_version = ST_API_VERSION;                          \
	const st_strategy *const ecsim_strategies[] = { __VA_ARGS__, NULL }

/* ---- end of the strategy author's part; the simulator's side follows ------ */

/* The index kind of a chain step.  A plug-in's step (origin set) is always
 * ST_INDEX_NONE: a plug-in built for API version 1 has a shorter
 * st_strategy, without indexed_as to read. */
static inline enum st_index st_step_index(const st_step *step)
{
	return step->origin ? ST_INDEX_NONE : step->s->indexed_as;
}

/* The step's gpu_score, NULL for a version 1 plug-in or none. */
static inline double (*st_step_gpu_score(const st_step *step))(const st_step *, const cl_cluster *,
								 int32_t, const cl_req *, int32_t)
{
	return step->api >= 2 ? step->s->gpu_score : NULL;
}

/* Calls fn(ctx, step, value) for every step built on cl whose strategy
 * has a metric, in the order they were built. */
typedef void st_metric_fn(void *ctx, const st_step *step, double value);
void st_metrics_each(const cl_cluster *cl, st_metric_fn *fn, void *ctx);

/* The strategies a run can use: the built-ins, then plug-ins in load order.
 * Owned by main() (or a test) and passed down; loading a plug-in is the only
 * thing that changes it. */
typedef struct st_registry {
	const st_strategy **list;
	char **origin;           /* NULL for built-ins, else the plug-in's file */
	int *api;                /* the API version each was built for */
	int n, cap;
	void **handles;          /* dlopen handles, closed by st_registry_destroy */
	int nhandles;
} st_registry;

/* The built-in strategies, in listing order, NULL-terminated. */
extern const st_strategy *const st_builtins[];

/* Fills reg with the built-ins. */
void st_registry_init(st_registry *reg);
/* Adds s; -1 with "strategy \"NAME\" is already defined" and the like. */
int st_registry_add(st_registry *reg, const st_strategy *s, const char *origin,
		    ecs_err *e);
/* Loads the plug-in FILE (a path; "x.so" means ./x.so) and adds its
 * strategies, all or none.  Errors: "cannot load FILE: <dlerror>",
 * "FILE: no ecsim_strategies symbol", "FILE: strategy \"binpack\" is already
 * defined", "FILE: built for plug-in API version 3, this ecsim has 2". */
int st_registry_load(st_registry *reg, const char *file, ecs_err *e);
/* Closes the plug-ins: call after every chain that uses them is gone. */
void st_registry_destroy(st_registry *reg);

/* Lookup by name in reg (NULL: the built-ins only). */
const st_strategy *st_registry_find(const st_registry *reg, const char *name);
/* Lookup among the built-ins. */
const st_strategy *st_find(const char *name);

typedef struct st_chain {
	st_step steps[ST_MAX_STEPS];
	int n;
	const st_registry *reg;  /* where types are looked up; NULL = built-ins */
	/* Where a step's misbehaviour (a score that is not a finite number) is
	 * reported; NULL: printed, then abort().  Owned by the caller. */
	ecs_err *fault;
} st_chain;

/* The plug-in file s was loaded from, NULL for a built-in or when reg is
 * NULL. */
const char *st_registry_origin(const st_registry *reg, const st_strategy *s);
/* The API version s was built for (ST_API_VERSION for a built-in). */
int st_registry_api(const st_registry *reg, const st_strategy *s);
/* Adds s as a plug-in built for API version api (st_registry_load's). */
int st_registry_add_api(st_registry *reg, const st_strategy *s, const char *origin, int api,
			ecs_err *e);

/* Appends a step (type, optional field) to c, resolved against cl. */
int st_chain_add(st_chain *c, const char *type, const char *field, cl_cluster *cl,
		 ecs_err *e);

/* Parses a command-line SPEC: "spread:attribute:ecs.availability-zone,binpack:memory"
 * (type, then the field after the first colon).  Commas separate steps, except
 * that inside a field a comma not followed by a known strategy name belongs
 * to the field: "best-fit:cpu=2,memory=1,spread:instanceId" is two steps. */
int st_chain_parse(st_chain *c, const char *spec, cl_cluster *cl, ecs_err *e);

/* Checks what st_chain_parse can check without a cluster: every step names a
 * strategy of reg (NULL: the built-ins), at most ST_MAX_STEPS of them.  The
 * fields are left to st_chain_parse (a strategy resolves them against the
 * cluster). */
int st_chain_check(const st_registry *reg, const char *spec, ecs_err *e);

/* Writes "spread:attribute:ecs.availability-zone,binpack:memory" into buf. */
void st_chain_format(const st_chain *c, char *buf, size_t n);

void st_chain_destroy(st_chain *c);

#endif
