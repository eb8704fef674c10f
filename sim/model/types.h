/* types.h - the data every module of the model shares: tasks (standalone
 * and service) and services, as the scheduler, the lifecycle and the
 * modules around them read and change them.  State that belongs to one
 * concept lives in that concept's module header, not here.
 */
#ifndef ECS_MODEL_TYPES_H
#define ECS_MODEL_TYPES_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "sim/cluster/cluster.h"
#include "sim/engine/engine.h"
#include "sim/scenario/scenario.h"
#include "sim/support/units.h"
#include "strategies/place.h"
#include "sim.h"
#include "demand.h"

typedef struct sim_task {
	cl_task ct;
	eng_event ev;        /* workload: completion; service: next lifecycle step */
	int64_t id;
	int64_t submit, start;
	int32_t svc, wl;     /* owner, -1 if none */
	int32_t tr, trkey;   /* trace that submitted it and its key there, -1 if none */
	/* service tasks only (the rest of their state is in sim_svc_task) */
	uint8_t state;       /* enum sim_state */
	uint8_t healthy, started, registered;
	uint8_t fails_start, never_healthy;
	uint8_t stop_why;    /* enum sim_end, once stopping */
	uint8_t drained;     /* RUNNING and to be replaced (on a draining instance, or
			      * moving zone), counted in svc drained */
	uint8_t moving;      /* drained by AZ rebalancing: leaves its zone for another */
	int32_t td, gen;     /* its task definition; its deployment generation */
	uint8_t fargate;     /* runs on FARGATE (ct.host -1), in zone */
	uint8_t spot;        /* on FARGATE_SPOT */
	int8_t cp;           /* capacityProviderStrategy item, -1 if none */
	uint8_t waiting;     /* in PROVISIONING, waiting for its Auto Scaling group's
			      * capacity (capacity.c): on no host, in its provider's
			      * queue */
	int32_t zone;
	struct sim_task *sprev, *snext; /* the service's tasks, newest first */
	union {
		int64_t launch_no; /* service task: the service's launch counter at launch */
		int64_t run_time;  /* standalone task waiting for capacity: how long it
				    * runs once placed (us), drawn at its arrival */
	};
} sim_task;

/* A service task: a task, and what only service tasks need, so that
 * standalone tasks (millions, in trace replays) do not carry it.  Service
 * tasks come from a pool of their own; the task is the first member. */
typedef struct sim_svc_task {
	sim_task t;
	/* state durations, drawn at launch (us) */
	int64_t d_attach, d_start, d_register, d_detach;
	/* Until RUNNING: us after RUNNING that the task exits (crash), -1 =
	 * never.  From RUNNING on: when it exits (us), -1 = never. */
	int64_t crash;
	int64_t health_at;   /* RUNNING: when its health is decided (us), -1 = done */
	int32_t stop_arg;    /* once stopping: what completes its stoppedReason (life_stop) */
	/* task scale-in protection (protection.c) */
	int64_t protected_until; /* us: protected from scale-in and deployments until then */
	eng_event pev;       /* its next protection change */
	int64_t work_end;    /* us: when the work it protected itself for ends */
	uint8_t prot_on;     /* pev ends a protection (else starts one) */
	uint8_t stop_protected; /* it was protected when it began to stop (--check) */
} sim_svc_task;

static inline sim_svc_task *sim_svc_task_of(sim_task *t)
{
	return (sim_svc_task *)t; /* t is the first member */
}

/* Service task t is protected from scale-in at time now (UpdateTaskProtection):
 * scale-in, deployments and AZ rebalancing leave it alone. */
static inline int sim_task_protected(const sim_task *t, int64_t now)
{
	return ((const sim_svc_task *)t)->protected_until > now;
}

/* A service as the scheduler keeps it, with what the lifecycle counts and
 * what deployments, capacity providers and FARGATE change of it. */
typedef struct sim_service {
	const sc_service *sc;
	int32_t index;              /* in sim.svcs */
	int32_t group;
	cl_req req;
	struct qry **member_of;     /* compiled memberOf constraints of req */
	int64_t cp_n[6];            /* per strategy item: its starting or RUNNING tasks of
				     * the current generation, not drained (cp_counted) */
	st_chain chain;
	int64_t desired;
	/* tasks by state: pending = PROVISIONING..ACTIVATING, running = RUNNING
	 * (healthy of them), stopping = DEACTIVATING..DEPROVISIONING */
	int64_t pending, running, healthy, stopping;
	int64_t drained;            /* RUNNING tasks to replace: on draining instances, or
				     * moving zone (AZ rebalancing) */
	int64_t moving;             /* of which moving zone */
	int rebalancing;            /* availabilityZoneRebalancing in effect */
	int64_t *zone_want;         /* per zone: replacements of moving tasks to start
				     * there (rebalancing services only, else NULL) */
	int64_t spot_running;       /* RUNNING tasks on FARGATE_SPOT */
	int64_t spot_interrupted;   /* FARGATE_SPOT tasks interrupted */
	struct sim_task *tasks;     /* every task of the service on a host, newest first */
	int64_t *zone_live;         /* FARGATE: starting or RUNNING tasks per zone */
	int64_t *zone_stoppable;    /* FARGATE: RUNNING tasks of the current generation
				     * per zone (what scale-in may stop) */
	eng_event ev;               /* reconcile */
	eng_event change_ev;        /* next desiredCountChanges entry */
	eng_event demand_ev;        /* next change of a piecewise demand (metrics.c) */
	int next_change;
	/* what a launch starts now: the service's own request and task
	 * definition, or its current deployment's (deploy.c sets them) */
	cl_req req_now;
	int32_t td_now;
	/* deployments: tasks of generation gen are current, others old */
	int32_t gen, ngen;
	int32_t dep;                /* current deployment (deploy.c), -1 = the initial */
	int deploying;              /* dep is in progress */
	int launch_blocked;         /* dep FAILED without rollback: no launches */
	int64_t old_active;         /* starting or RUNNING tasks of other generations */
	int64_t old_healthy;        /* of which RUNNING and healthy */
	struct sim_task *old_head;  /* the newest task of another generation: tasks are
				     * linked newest first, so the old ones follow it */
	int64_t placement_failures;
	enum cl_check last_reason;
	gsl_rng *life, *faults;     /* lifecycle times; failure draws */
	int64_t launches;           /* tasks launched so far */
	int64_t tat;                /* launch rate: theoretical arrival time (GCRA) */
	int64_t backoff, throttle_until, throttle_mark; /* throttle */
	int waiting_capacity;       /* the last placement attempt found no host */
	int warm;                   /* the first reconcile of a warm start is to come */
	int steady;                 /* in steady state (an event was logged) */
	int64_t failed_starts, unhealthy_stops, exits, scaled_in, moved_off_draining, replaced;
	int64_t rebalanced;         /* tasks stopped by AZ rebalancing */
	int64_t protections;        /* times a task protected itself */
	int64_t protection_waits;   /* scale-ins and deployments held up by protection */
	int prot_blocked;           /* a protected task held up the last reconcile */
	int64_t rebal_below;        /* of which healthy ones stopped below the lower
				     * bound (--check: must stay 0) */
	int32_t rebal_fail;         /* zone + 1 where the last rebalancing launch found
				     * no room (its event logged once), 0 none */
	enum cl_check rebal_fail_why;
	/* statistics since the last change of healthy or desired (metrics.c) */
	int64_t since;
	double avail_area, down_s, degraded_s;
	/* load (sc->demand.given): demand held since `since`, requests per
	 * second; integrals in requests, and time with unserved demand */
	double demand, demand_area, unserved_area, overloaded_s;
	/* Integrals since time 0 (metrics.c) that the one-minute datapoints of
	 * Service Auto Scaling and of deployment alarms difference, as
	 * CloudWatch averages a minute: CPU and memory utilization (percent)
	 * and requests per target per minute over the time a task was healthy,
	 * that time (s), and unhealthy RUNNING tasks (task-seconds) */
	double m_cpu, m_mem, m_req, m_covered, m_unhealthy;
	/* share of production traffic on the current revision while a
	 * BLUE_GREEN, LINEAR or CANARY deployment shifts it (traffic.c); -1:
	 * every healthy task serves alike */
	double green_w;
	int scale_up_all;           /* the deployment starts every new task at once,
				     * beyond maximumPercent (not ROLLING) */
} sim_service;

/* Tasks that count towards desiredCount: starting or running. */
static inline int64_t sim_service_active(const sim_service *v)
{
	return v->pending + v->running;
}

#endif
