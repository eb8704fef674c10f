/* traffic.h - the deployment strategies that shift traffic (ECS's
 * deploymentConfiguration.strategy BLUE_GREEN, LINEAR and CANARY): once
 * every task of the new revision is healthy, production traffic moves to
 * it (at once, in stepPercent steps, or a canaryPercent first), each step
 * held for its bake time, then both revisions run for bakeTimeInMinutes and
 * CLEAN_UP stops the old one (deploy.c).  The split drives the demand each
 * revision serves (metrics_util).  And the deployment alarms of every
 * strategy: deploymentConfiguration.alarms watch cloudWatchAlarms on the
 * service's one-minute datapoints and fail the deployment (and roll it
 * back) when one goes off.
 */
#ifndef ECS_MODEL_TRAFFIC_H
#define ECS_MODEL_TRAFFIC_H

#include "types.h"
#include "metrics.h"

typedef struct sim_traffic_service {
	eng_event stage_ev;        /* the next shift step, or the end of the bake */
	eng_event alarm_ev;        /* the deployment's alarms, every minute */
	int32_t svc;
	int32_t dep;               /* the deployment the two belong to, -1 none */
	int32_t *breach;           /* per watched alarm: breaching datapoints in a row */
	metrics_mark minute;       /* where the alarms' datapoint starts */
	int64_t failed_mark;       /* the deployment's failed tasks then */
} sim_traffic_service;

typedef struct sim_traffic {
	sim_traffic_service *x;    /* per service */
} sim_traffic;

extern const struct sim_module traffic_module;

#endif
