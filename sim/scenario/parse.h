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

/* ---- what each section's value is ----
 * Each section's key tables (jread.h), at file scope beside the function
 * that checks an object's keys against them; these are the values other
 * sections' tables refer to.  load.c's sc_scenario_json is the whole file
 * (the root of the schema, schema.c). */
extern const jread_val sc_scenario_json;            /* load.c */
extern const jread_val sc_cluster_json;             /* cluster.c */
extern const jread_val sc_cp_strategy_json;         /* cluster.c */
extern const jread_val sc_managed_scaling_json;     /* asg.c */
extern const jread_val sc_aws_taskdef_json;         /* aws.c */
extern const jread_val sc_aws_provider_json;        /* aws.c */
extern const jread_val sc_taskdef_json;             /* taskdef.c */
extern const jread_val sc_taskdefs_json;            /* taskdef.c */
extern const jread_val sc_services_json;            /* service.c */
extern const jread_val sc_autoscaling_json;         /* autoscaling.c */
extern const jread_val sc_placement_strategy_json;  /* placement.c */
extern const jread_val sc_constraints_json;         /* placement.c */
extern const jread_val sc_workloads_json;           /* workload.c */
extern const jread_val sc_images_json;              /* images.c */
extern const jread_val sc_image_pull_json;          /* images.c */
extern const jread_val sc_traces_json;              /* traces.c */
extern const jread_val sc_gpu_workload_json;        /* gpuwork.c */
extern const jread_val sc_mixed_instances_json;     /* asg.c */
extern const jread_val sc_warm_pool_json;           /* asg.c */
extern const jread_val sc_desired_changes_json;     /* operations.c */
extern const jread_val sc_maintenance_json;         /* operations.c */
extern const jread_val sc_deployments_json;         /* operations.c */
extern const jread_val sc_pricing_json;             /* pricing.c */
extern const jread_val sc_failures_json;            /* failures.c */
/* the keys of an item of $.cluster.instanceTypes and autoScalingGroupProviders */
extern const jread_key sc_instance_type_keys[];     /* instance_types.c */
extern const jread_key sc_asg_keys[];               /* asg.c */

/* ---- parse.c: helpers of several sections ---- */

/* A distribution of seconds under key, or the default given as JSON text
 * when the key is absent; d is always safe to dist_destroy afterwards. */
int sc_get_dist(const json_t *obj, const char *key, const char *path, dist *d,
		const char *dflt, ecs_err *e);

/* Notes that the loader read file, named by key (sc->inputs). */
void sc_input_add(const scenario *sc, const char *file, const char *key);

/* A file the scenario names (trace files, a demand csv, Spot times): *out
 * the path to open, *name as written (both to free, even on an error); it
 * goes into sc->inputs under path. */
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
	char *path;                /* the file read (state 1) */
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

/* ---- aws.c: what the AWS CLI prints ---- */

/* An entry of a list section (services, capacity providers) at path; printed
 * when it came out of a CLI output (its read-only keys are then what the CLI
 * printed, not the user's). */
typedef struct sc_aws_item {
	const json_t *j;
	char path[JREAD_PATHMAX];
	int printed;
} sc_aws_item;

typedef struct sc_aws_list {
	sc_aws_item *items;
	size_t n, cap;
} sc_aws_list;

/* A list section v at path as its entries, in order: v is an array, the
 * output of `aws ecs describe-...` (an object with the keys of the table
 * output: the array under its first key, the output's other keys ignored),
 * or an array whose entries may be such outputs too (the CLI describes at
 * most 10 services a call).  At most max entries in all ("PATH: N WHAT, at
 * most MAX").  Free l with sc_aws_list_free, also after an error. */
int sc_aws_list_read(sc_aws_list *l, const json_t *v, const char *path,
		     const jread_key *output, size_t max, const char *what, ecs_err *e);
void sc_aws_list_free(sc_aws_list *l);

/* A $.taskDefinitions entry j at path: the task definition itself, or the
 * output of describe-task-definition / register-task-definition
 * ({"taskDefinition": {...}, "tags": [...]}).  *td is the task definition
 * and tdpath (JREAD_PATHMAX bytes) its path. */
int sc_aws_taskdef(const json_t *j, const char *path, const json_t **td, char *tdpath,
		   ecs_err *e);

/* A cluster.capacityProviders entry v at p, for provider sc->nproviders: a
 * name, or a capacity provider as describe-capacity-providers prints it,
 * whose Auto Scaling group settings are kept (sc->cp_printed).  *name
 * points into v. */
int sc_aws_provider(scenario *sc, const json_t *v, const char *p, const char **name,
		    ecs_err *e);

/* For autoScalingGroupProviders entry g (v, at p) of a provider printed as
 * an object: sc_aws_asg marks the provider managed and gives g the printed
 * managedTerminationProtection and managedDraining (v's own keys, read
 * after, win);
 * sc_aws_asg_scaling gives g the printed managedScaling when v has none
 * (else "p.managedScaling: required"). */
int sc_aws_asg(scenario *sc, sc_asg *g, const json_t *v, ecs_err *e);
int sc_aws_asg_scaling(const scenario *sc, sc_asg *g, const char *p, ecs_err *e);

/* Every printed provider whose managed scaling is ENABLED has an
 * autoScalingGroupProviders entry. */
int sc_aws_check_printed(const scenario *sc, ecs_err *e);
void sc_aws_destroy(scenario *sc);

/* ---- asg.c: $.cluster.autoScalingGroupProviders ---- */

/* The entries, once the providers and instances are read (absent: only
 * the check that every printed provider with managed scaling has one). */
int sc_parse_asgs(scenario *sc, const json_t *arr, ecs_err *e);

/* managedDrainingTimeout, mixedInstancesPolicy, capacityRebalance,
 * rebalanceRecommendationLead and warmPool of entry v (at p) into g. */
int sc_parse_asg_more(scenario *sc, sc_asg *g, const json_t *v, const char *p, ecs_err *e);
/* g's pools and host slots (g->pools, g->nhosts), once its sizes are known. */
int sc_asg_pools(const scenario *sc, sc_asg *g, ecs_err *e);
void sc_asg_destroy(sc_asg *g);
/* A managedScaling object ms at q (ECS's ManagedScaling) into g's target,
 * step sizes and warm-up (ECS's defaults where absent).  enabled NULL: the
 * status must be ENABLED (an autoScalingGroupProviders entry); else
 * *enabled tells whether it is (a printed provider, which may be DISABLED). */
int sc_read_managed_scaling(sc_asg *g, const json_t *ms, const char *q, int *enabled,
			    ecs_err *e);

/* ---- cluster.c: $.cluster ---- */

int sc_parse_cluster(scenario *sc, const json_t *j, ecs_err *e);
void sc_cluster_destroy(scenario *sc);

/* The zone named by PATH.zone: its index, or -1 with "unknown zone ..."
 * set. */
int sc_zone_at(const scenario *sc, const char *path, const char *name, ecs_err *e);
/* The Auto Scaling group provider named by PATH.capacityProvider (not
 * FARGATE nor FARGATE_SPOT): its index, or -1 with the error set. */
int sc_asg_provider_at(const scenario *sc, const char *path, const char *name, ecs_err *e);
/* "WHERE: unknown WHAT "NAME" (not in LIST: A, B, C)", naming the first
 * few of the n names that are there; returns -1. */
int sc_unknown_ref(const char *where, const char *what, const char *name, const char *list,
		   const char *const *names, int n, ecs_err *e);
/* A capacityProviderStrategy at path (absent: nothing), into *out / *n. */
int sc_parse_cp_strategy(const scenario *sc, const json_t *arr, const char *path,
			 sc_cp_item **out, int *n, ecs_err *e);

/* ---- instance_types.c: $.cluster.instanceTypes ---- */

/* $.cluster's instanceTypes, memoryOverheadPercent and ecsReservedMemory
 * (cluster is the $.cluster object); without instanceTypes, the instances
 * entries name catalog types, added as they are read. */
int sc_parse_instance_types(scenario *sc, const json_t *cluster, ecs_err *e);
/* The instance type named by PATH.instanceType: its index, or -1 with
 * "unknown instance type ..." set. */
int sc_type_at(const scenario *sc, const char *path, const char *name, ecs_err *e);
/* PATH.instanceType's type, taken from the catalog when the cluster
 * names catalog types (no $.cluster.instanceTypes); -1 with the error. */
int sc_instance_type_at(scenario *sc, const char *path, const char *name, ecs_err *e);
/* The same for an instance type named where the message says (where). */
int sc_ref_type(const scenario *sc, const char *name, const char *where, ecs_err *e);

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

/* ---- images.c: $.images and $.cluster.imagePull (pull, the images of
 * the task definitions); after the task definitions ---- */
int sc_parse_images(scenario *sc, const json_t *images, const json_t *pull, ecs_err *e);
void sc_images_destroy(scenario *sc);
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
/* The keys of deploymentConfiguration and of a cloudWatchAlarms entry
 * (rollout.c), for the service's key table. */
extern const jread_key sc_deployment_config_keys[];
extern const jread_key sc_cloudwatch_alarm_keys[];
/* deploymentConfiguration dc and cloudWatchAlarms alarms (either may be
 * NULL) of service s at path (rollout.c). */
int sc_parse_rollout(sc_service *s, const json_t *dc, const json_t *alarms, const char *path,
		     ecs_err *e);
void sc_rollout_destroy(sc_service *s);
int sc_parse_desired_changes(sc_service *s, const json_t *arr, const char *spath, ecs_err *e);
/* $.maintenance and $.deployments (arr may be NULL). */
int sc_parse_maintenance(scenario *sc, const json_t *arr, ecs_err *e);
int sc_parse_deployments(scenario *sc, const json_t *arr, ecs_err *e);
void sc_operations_destroy(scenario *sc);

/* ---- pricing.c: $.pricing ---- */

int sc_parse_pricing(scenario *sc, const json_t *j, ecs_err *e);

/* $.gpuWorkload (gpuwork.c). */
int sc_parse_gpu_workload(scenario *sc, const json_t *j, ecs_err *e);
void sc_gpu_workload_destroy(scenario *sc);
void sc_pricing_destroy(scenario *sc);

/* ---- failures.c: $.failures ---- */

int sc_parse_failures(scenario *sc, const json_t *j, ecs_err *e);
void sc_failures_destroy(scenario *sc);

#endif
