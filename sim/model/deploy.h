/* deploy.h - rolling deployments of a service: the scenario's, and the
 * rollbacks the deployment circuit breaker starts.  A deployment makes the
 * service's tasks of other generations old; the scheduler's reconcile then
 * lets this module replace them within the rolling bounds; it COMPLETES,
 * FAILS (circuit breaker) or is SUPERSEDED.
 */
#ifndef ECS_MODEL_DEPLOY_H
#define ECS_MODEL_DEPLOY_H

#include "types.h"

/* Where a BLUE_GREEN, LINEAR or CANARY deployment is (ECS's lifecycle
 * stages); a ROLLING one has none. */
enum dep_stage { DEP_SCALE_UP, DEP_TRAFFIC_SHIFT, DEP_BAKE_TIME, DEP_CLEAN_UP };

/* A deployment of a service (scenario "deployments", or a rollback). */
typedef struct sim_deployment {
	int32_t svc, taskdef;
	int32_t gen;               /* generation of the tasks it launches */
	int32_t prev;              /* deployment it replaced (-1: the initial one) */
	int rollback;              /* started by the circuit breaker */
	int64_t start, end;        /* us; end -1 while in progress */
	const char *outcome;       /* "IN_PROGRESS", "COMPLETED", "FAILED", "SUPERSEDED" */
	int64_t failed;            /* its tasks that failed (circuit breaker count) */
	int64_t threshold;         /* failures that trip the breaker */
	int64_t lowest_healthy;    /* lowest healthy count while it ran */
	cl_req req;
	struct qry **member_of;    /* owned unless rollback */
	int strategy;              /* enum sc_strategy; a rollback is ROLLING */
	enum dep_stage stage;      /* (not ROLLING) */
	double weight;             /* production traffic on its revision, 0-1 */
	int64_t scaled_up;         /* us: every new task healthy (not ROLLING), -1 = not yet */
	char detail[240];          /* why it FAILED, or what it waits for */
} sim_deployment;

typedef struct sim_deploy {
	sim_deployment *deps;      /* every deployment started so far: the
				    * scenario's first, rollbacks after */
	int ndeps, capdeps;
	eng_event deploy_ev;       /* next scenario deployment */
	int next_deploy;
} sim_deploy;

extern const struct sim_module deploy_module;

/* "SCALE_UP", "PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP". */
const char *deploy_stage_name(enum dep_stage st);

/* v's deployment FAILS for why (deployments.csv's detail); with rollback
 * the previous revision is deployed again (ROLLING: its tasks that still
 * run become current, the new ones stop), else launches stop. */
void deploy_fail(sim *s, sim_service *v, const char *why, int rollback);

#endif
