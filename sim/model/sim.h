/* sim.h - the ECS cluster model, as the command line, the studies and the
 * reports see it: build it from a loaded scenario, run it, read its results.
 *
 * Workloads and traces submit standalone tasks (RunTask: placed at once or
 * rejected with an ECS reason); services keep desiredCount tasks through
 * the ECS task lifecycle, deployments, Service Auto Scaling, capacity
 * providers and cluster auto scaling; instances fail, are drained and are
 * interrupted.  Results arrive through an observer as they happen and
 * through the read-only views of results.h.  The model knows nothing of
 * files, CSV, JSON or plots.  Its inside (struct sim, the modules) is
 * model.h's, for the model's own files and its tests.
 */
#ifndef ECS_SIM_H
#define ECS_SIM_H

#include <signal.h>
#include <stdint.h>

#include "sim/scenario/scenario.h"
#include "sim/support/err.h"

typedef struct sim sim;
struct st_registry;

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
	SIM_END_DRAINED,      /* service task moved off a draining instance; standalone
			       * task stopped by managed instance draining */
	SIM_END_REPLACED,     /* old service task replaced by a deployment */
	SIM_END_SPOT,         /* FARGATE_SPOT task interrupted */
	SIM_END_REBALANCED,   /* service task moved to another zone (AZ rebalancing) */
	SIM_END_CAPACITY_TIMEOUT, /* waited for capacity (PROVISIONING) until the
				   * provisioning timeout */
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
	int64_t wait;          /* us it waited for capacity in PROVISIONING before it
				* was placed or gave up (0: placed at once), -1 for a
				* rejected task */
	enum sim_end reason;
	const char *detail;    /* rejection reason, e.g. "RESOURCE:MEMORY" */
	/* a task that stopped: ECS's stopCode ("EssentialContainerExited",
	 * "ServiceSchedulerInitiated", ...) and stoppedReason; NULL otherwise */
	const char *stop_code, *stopped_reason;
	int64_t pull;          /* us its start waited for its images; -1 if never placed */
} sim_task_rec;

/* A deployment that ended, or is still in progress at the end. */
typedef struct sim_deployment_rec {
	const char *service;
	int32_t taskdef;           /* index in the scenario's taskDefinitions */
	const char *family;        /* of its task definition */
	int revision;
	int rollback;              /* started by the circuit breaker */
	int64_t start, end;        /* us; end -1 while in progress */
	const char *outcome;       /* "IN_PROGRESS", "COMPLETED", "FAILED", "SUPERSEDED" */
	int64_t failed;            /* its tasks that failed (circuit breaker count) */
	int64_t threshold;         /* failures that trip the breaker */
	int64_t lowest_healthy;    /* lowest healthy count while it ran */
	const char *strategy;      /* "ROLLING", "BLUE_GREEN", "LINEAR", "CANARY" */
	const char *stage;         /* its last lifecycle stage ("" for ROLLING) */
	int64_t scaled_up;         /* us: every new task healthy, -1 = never (ROLLING: -1) */
	const char *detail;        /* why it FAILED, or what it waits for; "" */
} sim_deployment_rec;

/* An event of events.csv, with where it happened when it concerns one
 * host or one zone. */
typedef struct sim_event_rec {
	int64_t time;              /* us */
	const char *service;       /* "" for a cluster event */
	const char *event, *detail;
	int32_t host;              /* -1: none */
	const char *instance_type; /* the host's; NULL: no host, or a trace's machine */
	const char *zone;          /* the host's, or the zone the event is about; NULL: none */
} sim_event_rec;

/* Receives results as they happen; any callback may be NULL. */
typedef struct sim_observer {
	void *ctx;
	void (*task_done)(void *ctx, const sim_task_rec *r);
	/* Called every metrics interval (and at time 0 and the end); read the
	 * model through results.h. */
	void (*sample)(void *ctx, const sim *s);
	/* A service event, in time order: event is "steady-state",
	 * "unable-to-place", "task-stopped", "throttled", ...; service is ""
	 * for a cluster event; detail is text. */
	void (*event)(void *ctx, int64_t time, const char *service, const char *event,
		      const char *detail);
	/* The same with where it happened; when set, it is called instead of
	 * event. */
	void (*event_rec)(void *ctx, const sim_event_rec *r);
	/* A deployment ended, or is still in progress at the end (sim_finish). */
	void (*deployment_done)(void *ctx, const sim_deployment_rec *d);
} sim_observer;

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
	const struct st_registry *reg; /* strategies by name (plug-ins); NULL = built-ins.
				    * Must outlive the sim. */
	int strict;                /* --strict: a bad trace row is an error */
	int host_figures;          /* keep per-host figures over time (hosts.csv,
				    * sim_host_view): a little work per placement */
	/* Set by a signal handler to stop the run: polled every ENG_POLL
	 * events, in long placement scans and while a trace's machine table is
	 * read; sim_run then fails with "interrupted".  May be NULL. */
	const volatile sig_atomic_t *stop;
} sim_opts;

/* A model on the heap (struct sim is model.h's): sim_new then sim_init;
 * sim_free (after sim_init, whatever it returned) destroys and frees. */
sim *sim_new(void);
void sim_free(sim *s);

/* Builds the model (cluster, chains, streams) without running it; reports
 * scenario mistakes found only now (strategy fields, constraints) as
 * "file: $.path: message".  sim_destroy is needed whatever it returns. */
int sim_init(sim *s, const scenario *sc, const sim_opts *o, const sim_observer *obs,
	     ecs_err *e);

/* The observer results go to from now on (e.g. once the output folder is
 * open). */
void sim_set_observer(sim *s, const sim_observer *obs);

/* Runs until the scenario's duration or until `until` (us), whichever comes
 * first; may be called repeatedly to advance in slices (progress display).
 * Returns -1 with a message if --check found a violated invariant, more
 * than SIM_MAX_RUNNING tasks would run at once, a trace could not go on
 * (read error, unsorted rows, --strict bad row), a strategy misbehaved
 * (a score that is not a finite number) or *stop was set ("interrupted");
 * the run cannot go on then. */
int sim_run(sim *s, int64_t until, ecs_err *e);

/* Runs every event before t (none at t) and moves the clock to t: where
 * a reader takes a mark (results.h) or reads figures "up to t" without
 * changing the run.  Errors as sim_run. */
int sim_run_before(sim *s, int64_t t, ecs_err *e);

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

#endif
