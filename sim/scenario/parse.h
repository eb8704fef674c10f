/* parse.h - private to sim/scenario/ (not for use outside it): the loader of
 * each section of a scenario file and the helpers they share.  load.c
 * calls the sections in an order that lets each refer to what an earlier
 * one defined; each reports its first mistake with its "$.path", and its
 * *_destroy frees what it built, even after a failed load.
 */
#ifndef ECS_SCENARIO_PARSE_H
#define ECS_SCENARIO_PARSE_H

#include <jansson.h>

#include "catalog.h"
#include "scenario.h"
#include "sim/support/jread.h"

/* ---- parse.c: helpers of several sections ---- */

/* A distribution of seconds under key, or the default given as JSON text
 * when the key is absent; d is always safe to dist_destroy afterwards. */
int sc_get_dist(const json_t *obj, const char *key, const char *path, dist *d,
		const char *dflt, ecs_err *e);

/* A file the scenario names (trace files, a demand csv, Spot times): *out
 * the path to open, *name as written (both to free, even on an error). */
int sc_file_path(const scenario *sc, const json_t *v, const char *path, char **out,
		 char **name, ecs_err *e);

/* What the loader knows of the instance-type catalog while it loads one
 * scenario (sc->cat): the catalog is read the first time a section needs
 * it, at most once a load, and freed when the load ends. */
typedef struct sc_catalog_use {
	catalog cat;
	int state;                 /* 0 not looked for, 1 read, -1 none (why says why) */
	int hard;                  /* state -1 is an error even where the catalog is optional:
				    * $ECSIM_CATALOG names no file, or the file is bad */
	ecs_err why;
	double overhead;           /* cluster.memoryOverheadPercent, < 0 = the catalog's */
	int64_t reserved;          /* cluster.ecsReservedMemory, < 0 = the catalog's */
	int implicit;              /* cluster.instanceTypes is absent: instances name
				    * catalog types */
} sc_catalog_use;

/* sc's catalog state (made on first use). */
sc_catalog_use *sc_catalog_use_of(scenario *sc);
/* The catalog, read on first use; NULL with e set when there is none. */
const catalog *sc_catalog(scenario *sc, ecs_err *e);
/* The same where the catalog is optional: NULL with e untouched when no
 * default location has one, NULL with e set when it is an error. */
const catalog *sc_catalog_optional(scenario *sc, ecs_err *e);
/* Frees the catalog state (the end of a load, or scenario_destroy). */
void sc_catalog_release(scenario *sc);

/* ---- cluster.c: $.cluster ---- */

int sc_parse_cluster(scenario *sc, const json_t *j, ecs_err *e);
void sc_cluster_destroy(scenario *sc);

/* The zone / instance type named by PATH.zone / PATH.instanceType: its
 * index, or -1 with "unknown zone ..." set. */
int sc_zone_at(const scenario *sc, const char *path, const char *name, ecs_err *e);
int sc_type_at(const scenario *sc, const char *path, const char *name, ecs_err *e);
/* The same for an instance type named where the message says (where). */
int sc_ref_type(const scenario *sc, const char *name, const char *where, ecs_err *e);

/* A capacityProviderStrategy at path (absent: nothing), into *out / *n. */
int sc_parse_cp_strategy(const scenario *sc, const json_t *arr, const char *path,
			 sc_cp_item **out, int *n, ecs_err *e);

/* ---- placement.c: placementStrategy and placementConstraints ---- */

int sc_parse_constraints(sc_constraint **out, int *n, const json_t *arr, const char *path,
			 ecs_err *e);
/* Both keys of obj (a service, workload or trace at path). */
int sc_parse_placement(sc_placement *pl, const json_t *obj, const char *path, ecs_err *e);
void sc_placement_destroy(sc_placement *pl);

/* ---- taskdef.c: $.taskDefinitions ---- */

int sc_parse_taskdefs(scenario *sc, const json_t *arr, ecs_err *e);
void sc_taskdefs_destroy(scenario *sc);

/* PATH.taskDefinition of obj ("family", "family:revision" or an ARN) as an
 * index into sc->taskdefs. */
int sc_resolve_taskdef(const scenario *sc, const json_t *obj, const char *path, int32_t *out,
		       ecs_err *e);
/* Task definition t can run on FARGATE / on some instance type of the
 * cluster; else the reason, at path. */
int sc_check_fargate(const scenario *sc, int32_t t, const char *path, ecs_err *e);
int sc_check_fits(const scenario *sc, int32_t t, const char *path, ecs_err *e);

/* ---- service.c and autoscaling.c: $.services ---- */

int sc_parse_services(scenario *sc, const json_t *arr, ecs_err *e);
void sc_services_destroy(scenario *sc);

/* services[].autoScaling (j may be NULL); spath is the service's path. */
int sc_parse_autoscaling(sc_service *s, const json_t *j, const char *spath, ecs_err *e);
void sc_autoscaling_destroy(sc_autoscaling *a);

/* ---- workload.c: $.workloads ---- */

int sc_parse_workloads(scenario *sc, const json_t *arr, ecs_err *e);
void sc_workloads_destroy(scenario *sc);

/* ---- traces.c: $.traces ---- */

int sc_parse_traces(scenario *sc, const json_t *arr, ecs_err *e);
void sc_traces_destroy(scenario *sc);

/* ---- operations.c: changes at given times ---- */

/* services[].desiredCountChanges (arr may be NULL). */
int sc_parse_desired_changes(sc_service *s, const json_t *arr, const char *spath, ecs_err *e);
/* $.maintenance and $.deployments (arr may be NULL). */
int sc_parse_maintenance(scenario *sc, const json_t *arr, ecs_err *e);
int sc_parse_deployments(scenario *sc, const json_t *arr, ecs_err *e);
void sc_operations_destroy(scenario *sc);

/* ---- pricing.c: $.pricing ---- */

int sc_parse_pricing(scenario *sc, const json_t *j, ecs_err *e);
void sc_pricing_destroy(scenario *sc);

/* ---- failures.c: $.failures ---- */

int sc_parse_failures(scenario *sc, const json_t *j, ecs_err *e);
void sc_failures_destroy(scenario *sc);

#endif
