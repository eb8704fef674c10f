/* scenario.h - a scenario file loaded into plain C structures.
 *
 * The loader (scenario.c) reads JSON with jansson, applies --set overrides,
 * checks every key and value, and reports the first mistake as
 * "file:line:col: message" (syntax) or "file: $.json.path: message"
 * (meaning).  Unknown keys are errors; AWS keys that do not affect the
 * simulation are accepted and ignored (docs/scenario-format.md lists them).
 * The result is read-only input for the model (sim.c).
 */
#ifndef ECS_SCENARIO_H
#define ECS_SCENARIO_H

#include <jansson.h>
#include <stdint.h>

#include "dist.h"
#include "err.h"

typedef struct sc_kv {
	char *name, *value;
} sc_kv;

typedef struct sc_instance_type {
	char *name;
	int32_t cpu, memory, gpus;
	int32_t enis;         /* awsvpc tasks per instance: the ENI limit minus the primary */
	int32_t trunked_enis; /* awsvpc tasks per instance with ENI trunking; 0 = not given */
	double price; /* USD per hour */
	char *arch;   /* ecs.cpu-architecture */
	char *os;     /* ecs.os-type */
} sc_instance_type;

typedef struct sc_instances {
	int32_t type;      /* index into types */
	int64_t count;
	int32_t zone;      /* index into zones, -1 = round-robin */
	sc_kv *attrs;
	int nattrs;
} sc_instances;

enum sc_constraint_type { SC_DISTINCT_INSTANCE, SC_MEMBER_OF };

typedef struct sc_constraint {
	enum sc_constraint_type type;
	char *expression;
	char *path;        /* JSON path, for errors found later */
} sc_constraint;

typedef struct sc_strategy_step {
	char *type, *field;
	char *path;
} sc_strategy_step;

typedef struct sc_placement {
	sc_strategy_step *steps;
	int nsteps;
	int given;         /* placementStrategy present (possibly empty) */
	sc_constraint *cons;
	int ncons;
} sc_placement;

/* A UDP host port is its number + SC_PORT_UDP (same as CL_PORT_UDP). */
#define SC_PORT_UDP 0x10000u

typedef struct sc_taskdef {
	char *family;
	int revision;
	int32_t cpu, memory, gpus; /* what the scheduler reserves */
	int awsvpc;
	uint32_t *ports;           /* static host ports (+ SC_PORT_UDP for udp) */
	int nports;
	sc_constraint *cons;
	int ncons;
	char **containers;         /* container names */
	size_t ncontainers;
	int not_ec2;               /* requiresCompatibilities lacks EC2 (> 0) */
	char *path;
} sc_taskdef;

typedef struct sc_service {
	char *name;
	int32_t taskdef;
	int64_t desired;
	sc_placement place;
	int min_healthy_pct, max_pct;
	char *path;
} sc_service;

enum sc_arrival { SC_ARRIVAL_POISSON, SC_ARRIVAL_INTERVAL, SC_ARRIVAL_TIMES };

typedef struct sc_workload {
	char *name;
	int32_t taskdef;
	char *group;           /* task group; default family:FAMILY */
	enum sc_arrival arrival;
	double rate;           /* poisson: per second */
	int64_t interval;      /* interval: us */
	int64_t *times;        /* times: us, sorted */
	int64_t ntimes;
	int64_t start, end;    /* window of arrivals (end = INT64_MAX: run end) */
	int64_t count;         /* at most this many tasks, -1 = no limit */
	dist duration;
	dist cpu, memory;      /* per-task sizes; used when has_cpu / has_memory */
	int has_cpu, has_memory;
	sc_placement place;
	char *path;
} sc_workload;

typedef struct sc_failures {
	int instances;         /* instance failures enabled */
	dist ttf, ttr;         /* time to failure / repair, seconds */
} sc_failures;

typedef struct scenario {
	char *file;
	char *name;
	uint64_t seed;
	int64_t duration;         /* us */
	int64_t metrics_interval; /* us */
	int64_t retry_interval;   /* us between placement retries of pending service tasks */
	char **zones;
	int nzones;
	sc_instance_type *types;
	int ntypes;
	sc_instances *instances;
	int ninstances;
	int64_t nhosts;           /* total */
	uint16_t *reserved_ports;
	int nreserved_ports;
	int awsvpc_trunking;      /* cluster.awsvpcTrunking */
	sc_taskdef *taskdefs;
	int ntaskdefs;
	sc_service *services;
	int nservices;
	sc_workload *workloads;
	int nworkloads;
	sc_failures failures;
} scenario;

/* awsvpc tasks an instance of type t runs: with trunking on, the trunked
 * limit (the loader fills it for every type then), else enis. */
static inline int32_t sc_task_enis(const scenario *sc, const sc_instance_type *t)
{
	return sc->awsvpc_trunking ? t->trunked_enis : t->enis;
}

/* Limits that keep every counter and time far from overflow, memory use
 * bounded and the loader's duplicate checks fast; docs/scenario-format.md
 * ("Limits") lists them.  Where ECS has a quota, the limit is that quota. */
#define SC_MAX_FILE_BYTES (16 << 20) /* scenario file */
#define SC_MAX_HOSTS 1000000         /* instances in all */
#define SC_MAX_DESIRED 100000        /* desiredCount of one service */
#define SC_MAX_TASKS 10000000        /* desired tasks of all services together */
#define SC_MAX_CONSTRAINTS 10        /* per task (ECS quota) */
#define SC_MAX_ZONES 100
#define SC_MAX_TYPES 1000            /* instance types */
#define SC_MAX_GROUPS 10000          /* entries of cluster.instances */
#define SC_MAX_ATTRS 10              /* custom attributes per instance (ECS quota) */
#define SC_MAX_ATTR_CELLS 50000000   /* instances x distinct attribute names */
#define SC_MAX_TASKDEFS 10000
#define SC_MAX_CONTAINERS 10         /* per task definition (ECS quota) */
#define SC_MAX_PORTS 1000            /* static host ports per task */
#define SC_MAX_GPUS 1024             /* per task, as per instance type */
#define SC_MAX_SERVICES 5000         /* per cluster (ECS quota) */
#define SC_MAX_WORKLOADS 5000
#define SC_MAX_SERVICE_ROWS 100000000 /* samples x services (rows of services.csv) */

/* Loads and checks file, applying each "PATH=VALUE" of sets (nsets) first.
 * On error: -1 with the full message in e (file prefix included). */
int scenario_load(scenario *sc, const char *file, char *const *sets, int nsets,
		  ecs_err *e);

/* As scenario_load, from the len bytes at buf (need not end in a NUL);
 * file is the name used in messages and for the default scenario name. */
int scenario_load_buffer(scenario *sc, const char *file, const char *buf, size_t len,
			 char *const *sets, int nsets, ecs_err *e);

/* Applies one --set "PATH=VALUE" to a JSON tree: PATH is dot-separated keys
 * and [i] indices; a key that is not an index selects the array element
 * whose serviceName / name / family equals it.  VALUE is JSON if it parses
 * as JSON, else a string.  Errors name the path. */
int scenario_set(json_t *root, const char *assignment, ecs_err *e);

void scenario_destroy(scenario *sc);

#endif
