/* catalog.h - the instance-type catalog: a JSON file shipped with ecsim
 * (scenarios/catalog/aws-instance-types.json) giving, for common EC2
 * instance types, what ECS registers (CPU units, memory), GPUs, ENI limits
 * with and without awsvpc trunking, the CPU architecture and the on-demand
 * price in one region, and the FARGATE prices.  Owns finding the file,
 * reading and checking it and looking names up; not what a scenario does
 * with a type (instance_types.c) nor when the loader reads the catalog (parse.c).
 */
#ifndef ECS_SCENARIO_CATALOG_H
#define ECS_SCENARIO_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "sim/support/err.h"

/* The environment variable that names the catalog file to use. */
#define CATALOG_ENV "ECSIM_CATALOG"

typedef struct cat_type {
	char *name;
	int32_t cpu;            /* CPU units: 1024 per vCPU */
	int32_t memory;         /* MiB installed */
	int32_t registered;     /* MiB the ECS agent registers (the file's figure) */
	int32_t gpus;
	int32_t enis;           /* network interfaces, the primary included; 0 = unknown */
	int32_t trunked;        /* awsvpc tasks with ENI trunking; 0 = not supported */
	double price;           /* USD per hour on-demand; < 0 = none given */
	char *arch;             /* ecs.cpu-architecture: x86_64 or arm64 */
} cat_type;

typedef struct catalog {
	char *path;
	char *prices_as_of;     /* "YYYY-MM-DD" */
	double overhead_pct;    /* registeredMemory.osOverheadPercent */
	int32_t reserved_mib;   /* registeredMemory.ecsReservedMemory */
	cat_type *types;
	int ntypes;
	const char **names;     /* the types' names, NULL-terminated (for hints) */
	int has_fargate;        /* fargate.x86_64 given */
	double fargate_vcpu_hour, fargate_gb_hour;  /* USD, Linux/x86_64 */
	double fargate_spot_discount;               /* percent off on-demand */
} catalog;

/* The file to read: $ECSIM_CATALOG when set and not empty; the source
 * tree's copy when this program runs from inside the tree it was built
 * in; else the installed copy (DATADIR/ecsim/), else the source tree's.
 * The paths are compiled in (the Makefile's CATALOG and DATADIR).  Writes
 * the path into buf and returns 1 when $ECSIM_CATALOG chose it, 0 when a
 * default location did; -1 when no default location has a file, with e
 * naming where it looked. */
int catalog_locate(char *buf, size_t n, ecs_err *e);

/* Reads and checks the catalog at path; errors are "PATH: $.key: ..." (or
 * PATH:LINE:COL for syntax).  c is safe to catalog_destroy either way. */
int catalog_load(catalog *c, const char *path, ecs_err *e);
void catalog_destroy(catalog *c);

/* The entry named name (exact), or NULL. */
const cat_type *catalog_find(const catalog *c, const char *name);
/* The catalog name closest to name (edit distance <= 2, any case), or NULL. */
const char *catalog_closest(const catalog *c, const char *name);

/* The registered-memory rule: floor(memory x (100 - overhead_pct) / 100)
 * - reserved_mib, MiB. */
int64_t catalog_registered_mib(int64_t memory, double overhead_pct, int64_t reserved_mib);

#endif
