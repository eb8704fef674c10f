/* sim.h - the ECS cluster model: services, standalone workloads, failures.
 *
 * Builds a cluster from a loaded scenario and drives it with the engine:
 * workloads submit standalone tasks (RunTask: placed at once or rejected
 * with an ECS reason, running from placement); service tasks go through the
 * ECS lifecycle (PROVISIONING ... STOPPED) and health checks, and the
 * service scheduler keeps desiredCount of them, replacing stopped and
 * unhealthy ones within a launch rate and a throttle; tasks that cannot be
 * placed are retried.  A service's demand curve gives its tasks' utilization,
 * which Service Auto Scaling (target tracking, scheduled actions) turns into
 * desired-count changes; cluster auto scaling launches and removes the
 * instances of managed Auto Scaling groups.  Host failures kill tasks and hosts come back empty
 * after repair.  It accumulates time-weighted statistics and reports tasks,
 * service events and samples to an observer; it knows nothing of files, CSV
 * or plots.
 */
#ifndef ECS_SIM_H
#define ECS_SIM_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "sim/cluster/cluster.h"
#include "sim/engine/engine.h"
#include "demand.h"
#include "sim/scenario/scenario.h"
#include "strategies/place.h"
#include "sim/support/units.h"
#include "sim/trace/trace.h"

/* Why a task ended (or did not start). */
enum sim_end {
	SIM_END_COMPLETED,    /* ran its duration */
	SIM_END_HOST_FAILURE, /* its host failed */
	SIM_END_REJECTED,     /* standalone task that fit nowhere */
	SIM_END_RUNNING,      /* still running when the simulation ended */
	SIM_END_START_FAILURE, /* service task that stopped before RUNNING */
	SIM_END_UNHEALTHY,    /* service task stopped for failing health checks */
	SIM_END_EXITED,       /* service task whose essential container exited */
	SIM_END_SCALED_IN,    /* service task stopped because desiredCount dropped */
	SIM_END_DRAINED,      /* service task moved off a draining instance */
	SIM_END_REPLACED,     /* old service task replaced by a deployment */
	SIM_END_SPOT,         /* FARGATE_SPOT task interrupted */
};

const char *sim_end_name(enum sim_end r);

/* ECS task lifecycle states of a service task, in order. */
enum sim_state {
	SIM_PROVISIONING,   /* ENI attach (awsvpc) */
	SIM_PENDING,        /* image pull, container start */
	SIM_ACTIVATING,     /* load-balancer registration */
	SIM_RUNNING,
	SIM_DEACTIVATING,   /* load-balancer deregistration delay */
	SIM_STOPPING,       /* SIGTERM, SIGKILL after stopTimeout */
	SIM_DEPROVISIONING, /* ENI detach (awsvpc) */
	SIM_STOPPED,
};

const char *sim_state_name(enum sim_state st);

/* One finished (or rejected, or still running at the end) task. */
typedef struct sim_task_rec {
	int64_t id;
	const char *group;
	int32_t host;          /* -1 if never placed */
	const char *zone;      /* NULL if never placed */
	int64_t submit, start, end; /* us; start/end -1 when not applicable */
	enum sim_end reason;
	const char *detail;    /* rejection reason, e.g. "RESOURCE:MEMORY" */
} sim_task_rec;

struct sim;

/* A rolling deployment of a service (scenario "deployments", or the
 * rollback the circuit breaker starts). */
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
} sim_deployment;

/* Receives results as they happen; any callback may be NULL. */
typedef struct sim_observer {
	void *ctx;
	void (*task_done)(void *ctx, const sim_task_rec *r);
	/* Called every metrics interval (and at time 0 and the end). */
	void (*sample)(void *ctx, const struct sim *s);
	/* A service event, in time order: event is "steady-state",
	 * "unable-to-place", "task-stopped" or "throttled"; detail is text. */
	void (*event)(void *ctx, int64_t time, const char *service, const char *event,
		      const char *detail);
	/* A deployment ended, or is still in progress at the end (sim_finish). */
	void (*deployment_done)(void *ctx, const struct sim *s, const sim_deployment *d);
} sim_observer;

/* A time-weighted integral of a piecewise-constant quantity. */
typedef struct sim_area {
	double sum;      /* value x seconds */
} sim_area;

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
	uint8_t drained;     /* RUNNING on a draining instance, counted in svc drained */
	int32_t td, gen;     /* its task definition; its deployment generation */
	uint8_t fargate;     /* runs on FARGATE (ct.host -1), in zone */
	uint8_t spot;        /* on FARGATE_SPOT */
	int8_t cp;           /* capacityProviderStrategy item, -1 if none */
	int32_t zone;
	struct sim_task *sprev, *snext; /* the service's tasks, newest first */
	int64_t launch_no;   /* the service's launch counter at launch */
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
} sim_svc_task;

static inline sim_svc_task *sim_svc_task_of(sim_task *t)
{
	return (sim_svc_task *)t; /* t is the first member */
}

/* Fixed-size objects from slabs with a free list (the link is kept in a
 * free object's first bytes), so that a run does not allocate per task. */
typedef struct sim_pool {
	size_t size;         /* of an object */
	void *free;          /* free list */
	void **slabs;
	int nslabs;
} sim_pool;

typedef struct sim_service {
	const sc_service *sc;
	int32_t group;
	cl_req req;
	struct qry **member_of;     /* compiled memberOf constraints of req */
	int16_t *cp_part;           /* per strategy item: its Auto Scaling group's partition
				     * (cl_req part), 0 for FARGATE items */
	int64_t cp_n[6];            /* per strategy item: its starting or RUNNING tasks of
				     * the current generation, not drained (cp_counted) */
	st_chain chain;
	int64_t desired;
	/* tasks by state: pending = PROVISIONING..ACTIVATING, running = RUNNING
	 * (healthy of them), stopping = DEACTIVATING..DEPROVISIONING */
	int64_t pending, running, healthy, stopping;
	int64_t drained;            /* RUNNING tasks on draining instances, to replace */
	int64_t spot_running;       /* RUNNING tasks on FARGATE_SPOT */
	int64_t spot_drawn_for;     /* spot_running when spot_ev was drawn */
	eng_event spot_ev;          /* next FARGATE_SPOT interruption */
	int64_t spot_interrupted;   /* FARGATE_SPOT tasks interrupted */
	struct sim_task *tasks;     /* every task of the service on a host, newest first */
	int64_t *zone_live;         /* FARGATE: starting or RUNNING tasks per zone */
	int64_t *zone_stoppable;    /* FARGATE: RUNNING tasks of the current generation
				     * per zone (what scale-in may stop) */
	eng_event ev;               /* reconcile */
	eng_event change_ev;        /* next desiredCountChanges entry */
	int next_change;
	/* deployments: tasks of generation gen are current, others old */
	int32_t gen, ngen;
	int32_t dep;                /* current deployment in sim.deps, -1 = the initial */
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
	int64_t wait_since;         /* us: since when it waits for capacity */
	int warm;                   /* the first reconcile of a warm start is to come */
	int steady;                 /* in steady state (an event was logged) */
	int64_t failed_starts, unhealthy_stops, exits, scaled_in, moved_off_draining, replaced;
	/* statistics since the last change of healthy or desired */
	int64_t since;
	double avail_area, down_s, degraded_s;
	/* load (sc->demand.given): demand held since `since`, requests per
	 * second; integrals in requests, and time with unserved demand */
	double demand, demand_area, unserved_area, overloaded_s;
	/* Service Auto Scaling (sc->as.given) */
	eng_event as_ev;            /* every minute: metrics, target tracking alarms */
	eng_event sched_ev;         /* next scheduled action */
	int next_sched;
	int64_t as_min, as_max;     /* the scalable target's capacity bounds now */
	int32_t *above, *below;     /* per target tracking policy: datapoints in a row
				     * above target / clearly below it */
	int64_t last_out, last_in;  /* us of the last scale-out / scale-in, -1 = none */
	int32_t *sp_breach;         /* per step scaling policy: breaching datapoints in a row */
	int64_t *sp_last;           /* per step scaling policy: us of its last action, -1 = none */
	int64_t scale_outs, scale_ins;
} sim_service;

typedef struct sim_workload {
	const sc_workload *sc;
	int32_t group;
	cl_req req;
	struct qry **member_of;     /* compiled memberOf constraints of req */
	st_chain chain;
	eng_event ev;               /* next arrival */
	gsl_rng *arrivals, *durations, *sizes;
	int64_t submitted;
	int64_t next_index;         /* times arrivals */
} sim_workload;

/* A trace being replayed: its actions and machine changes drive two events. */
typedef struct sim_trace {
	trace tr;
	cl_req req;                 /* what every task shares (group, constraints) */
	struct qry **member_of;     /* compiled memberOf constraints of req */
	st_chain chain;
	eng_event ev;               /* next workload action */
	eng_event mev;              /* next machine change */
	int64_t next_mev;
	int32_t first_host;         /* host of machine m: first_host + m */
	int64_t submitted, placed, rejected, completed, killed;
} sim_trace;

/* An Auto Scaling group capacity provider with managed scaling: its hosts
 * are first .. first + n - 1 (maxSize of them); those not in service are
 * DOWN, and launching when their launch event is pending. */
typedef struct sim_asg {
	const sc_asg *sc;
	int32_t first, n;
	eng_event tick;             /* every minute: CapacityProviderReservation */
	eng_event *launch_ev;       /* per host: its launch completes */
	gsl_rng *launch;            /* launch times */
	int64_t launching;          /* instances launching now */
	int64_t warm_until;         /* us: no scale-out before (instance warm-up) */
	int32_t below;              /* datapoints in a row below targetCapacity */
	double reservation;         /* the last CapacityProviderReservation, percent */
	int64_t scale_outs, scale_ins, launched, terminated;
} sim_asg;

typedef struct sim_stats {
	int64_t submitted, placed, rejected, killed, completed;
	int64_t stopped;            /* service tasks the scheduler stopped or that exited */
	int64_t rejections[CL_NCHECKS + 1];
	/* integrals since time 0, in value x seconds */
	double running, cpu_used, cpu_up, mem_used, mem_up, hosts_up, hosts_busy, cost_usd;
	double fargate_cost_usd;    /* part of cost_usd */
	double idle_cost_usd;       /* part of cost_usd: instance cost x unreserved share */
	double fargate_vcpu_hours, fargate_gb_hours; /* while FARGATE tasks hold them */
	int64_t last;               /* time of the last accumulation (us) */
	int64_t host_failures, host_repairs;
	int64_t disruptive_failures;     /* failures that killed at least one task */
	int64_t max_killed_by_failure;   /* most tasks one host failure killed */
	int64_t instance_failures;       /* failures.instances: an instance failed alone */
	int64_t zone_outages;            /* zone outages started (scheduled and random) */
	int64_t zone_outage_hosts;       /* instances a zone outage took down */
	int64_t domain_failures;         /* failures.domains: a domain failed */
	int64_t domain_hosts;            /* instances a domain failure took down */
	int64_t spot_notices;            /* Spot interruption notices */
	int64_t spot_interruptions;      /* Spot instances terminated at the end of a notice */
	int64_t spot_replacements;       /* replacement Spot instances up */
	int64_t spot_tasks_killed;       /* service tasks not yet stopping that a Spot
					  * termination killed */
	int64_t fargate_spot_interruptions; /* FARGATE_SPOT tasks interrupted */
} sim_stats;

typedef struct sim {
	eng eng;
	cl_cluster cl;
	const scenario *sc;
	uint64_t seed;
	sim_service *svcs;
	sim_workload *wls;
	int nsvcs, nwls;
	sim_trace *trs;
	int ntrs;
	sim_asg *asgs;              /* cluster auto scaling, one per sc->asgs */
	int nasgs;
	int32_t base_hosts;        /* hosts of $.cluster; trace machines follow */
	ecs_err err;               /* an error raised inside an event (traces) */
	eng_event *host_ev;        /* failure / repair of host h (base hosts) */
	/* Failures (base hosts only): a host is DOWN while any cause holds it. */
	int32_t *down_by;          /* per base host: causes holding it down */
	int32_t *host_rule;        /* per base host: its failures.instances rule, -1 none */
	uint8_t *inst_down;        /* per base host: down by its own failure */
	int32_t *zone_down;        /* per zone: outages in progress */
	eng_event *outage_ev;      /* per scheduled zone outage: start, then end */
	eng_event rzo_ev;          /* next random zone outage */
	eng_event *rzo_end_ev;     /* per zone: end of its random outage */
	int32_t dom_attr, ndoms;   /* failure-domain attribute (-1 none), its values */
	eng_event *dom_ev;         /* per domain: failure / repair */
	uint8_t *dom_down;
	gsl_rng *zfail, *dfail;    /* zone outage and domain failure draws */
	/* Spot instances (base hosts): running -> noticed -> terminated -> running */
	uint8_t *spot;             /* per base host: bought as Spot */
	uint8_t *spot_phase;       /* per base host: SIM_SPOT_* */
	int32_t *spot_rule;        /* per base host: its interruption entry, -1 none */
	eng_event *spot_ev;        /* per base host: its next Spot step */
	eng_event spot_file_ev;    /* next interruption of the times file */
	int next_spot_time;
	gsl_rng *sfail;            /* Spot interruption and launch draws */
	gsl_rng *tie, *fail, *scalein;
	int32_t stopping_group;    /* group of service tasks winding down */
	int32_t *drained_by;       /* per host: maintenance entry draining it, -1 if none */
	eng_event drain_ev;        /* next maintenance drain */
	sim_deployment *deps;      /* every deployment started so far */
	int ndeps, capdeps;
	eng_event deploy_ev;       /* next scenario deployment */
	int in_drain_daemons;      /* drain_daemons is running (no re-entry) */
	eng_event drain_check_ev;  /* daemon tasks may leave draining instances */
	int64_t fargate_tasks;     /* service tasks on FARGATE (not on hosts) */
	double fargate_rate;       /* USD per hour of the FARGATE tasks */
	double fargate_vcpu, fargate_gb; /* held by the FARGATE tasks now */
	/* instance-hours by class = instance type x 2 + Spot, kept lazily */
	int32_t nclass;
	int32_t *class_total, *class_up; /* base hosts of the class, of them up */
	double *class_hours;       /* up to class_last */
	int64_t *class_last;
	int next_deploy;
	eng_event *undrain_ev;     /* per maintenance entry: its end */
	int next_drain;
	place_ws ws;
	sim_pool tasks;            /* standalone tasks (sim_task) */
	sim_pool svc_tasks;        /* service tasks (sim_svc_task) */
	int64_t next_task_id;
	eng_event sample_ev;
	sim_stats st;
	sim_observer obs;
	char strategy[512];        /* strategy label for outputs */
	int check;                 /* verify invariants after every event */
	int64_t last_event_time;   /* for the time-monotonic check */
	int64_t max_running;       /* tasks running at once, see SIM_MAX_RUNNING */
	int over_limit;            /* a task was refused for max_running: the run stops */
} sim;

/* Most tasks running at once (about 160 bytes each, so some 2 GB): a
 * workload of tiny or endless tasks stops the run with a message here
 * instead of exhausting memory.  Services alone stay below it
 * (SC_MAX_TASKS). */
#define SIM_MAX_RUNNING 10000000

/* Options that change a run without editing the scenario. */
typedef struct sim_opts {
	uint64_t seed;             /* used when has_seed */
	int has_seed;
	const char *strategy;      /* replaces every placementStrategy; NULL = scenario's */
	int check;                 /* --check */
	int64_t max_running;       /* 0 = SIM_MAX_RUNNING (tests set less) */
	const st_registry *reg;    /* strategies by name (plug-ins); NULL = built-ins.
				    * Must outlive the sim. */
	int strict;                /* --strict: a bad trace row is an error */
	/* Set by a signal handler to stop the run: polled every ENG_POLL
	 * events, in long placement scans and while a trace's machine table is
	 * read; sim_run then fails with "interrupted".  May be NULL. */
	const volatile sig_atomic_t *stop;
} sim_opts;

/* Builds the model (cluster, chains, streams) without running it; reports
 * scenario mistakes found only now (strategy fields, constraints) as
 * "file: $.path: message". */
int sim_init(sim *s, const scenario *sc, const sim_opts *o, const sim_observer *obs,
	     ecs_err *e);

/* Runs until the scenario's duration or until `until` (us), whichever comes
 * first; may be called repeatedly to advance in slices (progress display).
 * Returns -1 with a message if --check found a violated invariant, more
 * than SIM_MAX_RUNNING tasks would run at once, a trace could not go on
 * (read error, unsorted rows, --strict bad row), a strategy misbehaved
 * (a score that is not a finite number) or *stop was set ("interrupted");
 * the run cannot go on then. */
int sim_run(sim *s, int64_t until, ecs_err *e);

/* The invariants --check verifies after every event: time never runs
 * backwards, no host over capacity, every host's free resources equal its
 * capacity minus the sum of its tasks, no task on two hosts or on a down
 * host, cluster totals equal the sums over hosts, every task submitted is
 * placed or rejected and every placed one is running, completed or killed.
 * -1 with "check failed at t=...s (event N): what" in e on the first
 * violation. */
int sim_check(sim *s, ecs_err *e);

/* Closes the books at the scenario's end: final sample, still-running
 * tasks reported.  Call once after the last sim_run. */
void sim_finish(sim *s);

void sim_destroy(sim *s);

/* ---- inside the model (the files of sim/model/); not for reports or studies ---- */

/* The model that owns engine e. */
static inline sim *sim_of(eng *e)
{
	return e->user;
}

/* Application Auto Scaling and cluster auto scaling act every minute. */
#define SIM_MINUTE (60 * USEC_PER_SEC)

/* The instance attribute that names an instance's capacity provider. */
#define SIM_CP_ATTR "ecsim.capacity-provider"

/* A cluster event (no service) for events.csv. */
void sim_cluster_event(sim *s, const char *event, const char *detail);

/* Effective seed of the run. */
uint64_t sim_seed(const sim *s);

/* Instance-hours so far of the $.cluster instances of type (index into
 * the scenario's instanceTypes) bought as Spot (spot 1) or on-demand. */
double sim_instance_hours(const sim *s, int32_t type, int spot);
/* How many such instances there are (0: none, leave them out of outputs). */
int32_t sim_instance_count(const sim *s, int32_t type, int spot);

/* Service availability so far: time average of min(1, healthy / desired). */
double sim_service_availability(const sim *s, const sim_service *v);

/* The "traces" array of summary.json: rows read, bad and skipped, and what
 * became of each trace's tasks. */
json_t *sim_traces_summary(const sim *s);
/* Resets the service's launch throttle, as a new deployment does in ECS,
 * and lets it launch at once. */
void sim_service_reset_throttle(sim *s, sim_service *v);

#endif
