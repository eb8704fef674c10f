/* model.h - the inside of the ECS model: struct sim, the table of modules
 * and the hooks by which modules hear of each other, and the kernel's
 * services (events to the observer, waking a service's scheduler).
 *
 * The model is a table of modules (sim_modules, modules.c), ROSS-style:
 * each is a const struct of functions and owns a state struct of its own,
 * which struct sim points to.  The kernel (kernel.c) calls their init, start,
 * finish and destroy in table order, and the hooks below in table order.
 * A module calls functions of the modules before it in the table, never of
 * those after it: what a lower module must tell a higher one goes through
 * a hook.  For the model's own files and its tests, not for reports or
 * studies (they read results.h).
 */
#ifndef ECS_MODEL_H
#define ECS_MODEL_H

#include "stats.h"
#include "types.h"

/* For each hook, the modules that implement it, in table order (built by
 * sim_init from the table, so that a hook costs a call per implementer,
 * not a look at every module). */
#define SIM_MAX_MODULES 32
#define SIM_MAX_MARKS 8
#define SIM_HOOKS(X) X(init_service) X(start_service) X(reconcile) X(service_changed) \
		     X(replace) X(task_running) X(task_stopping) X(service_task_gone) \
		     X(task_ended) X(capacity_wait)
typedef struct sim_hooks {
#define SIM_HOOK_LIST(h) const struct sim_module *h[SIM_MAX_MODULES]; int n_##h;
	SIM_HOOKS(SIM_HOOK_LIST)
#undef SIM_HOOK_LIST
} sim_hooks;

/* FARGATE tasks now (fargate.c keeps them, metrics.c integrates them). */
typedef struct sim_fargate_now {
	int64_t tasks;             /* service tasks on FARGATE (not on hosts) */
	double rate;               /* USD per hour of the FARGATE tasks */
	double spot_rate;          /* part of rate: the FARGATE_SPOT tasks' */
	double vcpu, gb;           /* held by the FARGATE tasks */
} sim_fargate_now;

struct sim {
	/* ---- shared by every module ---- */
	eng eng;
	cl_cluster cl;
	const scenario *sc;
	uint64_t seed;
	sim_service *svcs;
	int nsvcs;
	int32_t base_hosts;        /* hosts of $.cluster; managed groups, then trace
				    * machines follow */
	uint8_t *host_spot;        /* per host: bought as Spot */
	uint8_t *zone_out;         /* per zone: in an outage (failures.c keeps it; FARGATE
				    * and AZ rebalancing go around it) */
	sim_stats st;
	sim_fargate_now fargate;
	double warm_rate;          /* USD per hour of the instances that run in warm
				    * pools (Warmed:Running): billed, not registered */
	ecs_err err;               /* an error raised inside an event */
	sim_observer obs;
	char strategy[512];        /* strategy label for outputs */
	int check;                 /* verify invariants after every event */
	int64_t last_event_time;   /* for the time-monotonic check */
	int64_t max_running;       /* tasks running at once, see SIM_MAX_RUNNING */
	int over_limit;            /* a task was refused for max_running: the run stops */
	sim_hooks hooks;
	/* Measuring from a time (results.c's marks): the mark of
	 * $.measureFrom once the run has reached it, the mark the views count
	 * from (NULL: time 0), and the live marks' "most tasks one failure
	 * killed since", kept up by sim_note_kills. */
	struct sim_mark *measure_mark;
	int measure_taken;
	const struct sim_mark *view_mark;
	int64_t *mark_max_killed[SIM_MAX_MARKS];
	int nmarks;
	/* ---- each module's own state, in table order: its type is in the
	 * module's header, it is allocated by the module's create ---- */
	struct sim_metrics *metrics;
	struct sim_tasks *tasks;
	struct sim_images *img;
	struct sim_capacity *capacity;
	struct sim_lifecycle *life;
	struct sim_protection *prot;
	struct sim_scheduler *sched;
	struct sim_autoscale *as;
	struct sim_maintenance *maint;
	struct sim_cluster_scaling *cas;
	struct sim_deploy *deploy;
	struct sim_traffic *traffic;
	struct sim_rebalance *rebal;
	struct sim_workloads *wl;
	struct sim_replay *replay;
	struct sim_inflate *inflate;
	struct sim_failures *fail;
	struct sim_spot *spot;
};

/* One module.  Every function may be NULL.  Building: create (every
 * module's, first), add_hosts (hosts beyond $.cluster's), then init; init_service and start_service run per
 * service from the scheduler's init and start, in service order, so that
 * what a module sets up for a service follows the service's own. */
typedef struct sim_module {
	const char *name;
	void (*create)(sim *s);                 /* allocates its state, zeroed */
	int (*add_hosts)(sim *s, const sim_opts *o, ecs_err *e);
	int (*init)(sim *s, const sim_opts *o, ecs_err *e);
	void (*init_service)(sim *s, sim_service *v);
	void (*start)(sim *s);                  /* schedules the first events */
	void (*start_service)(sim *s, sim_service *v);
	void (*finish)(sim *s);                 /* at the scenario's end */
	void (*destroy)(sim *s);                /* in reverse table order; frees
						 * what create allocated */

	/* ---- hooks ---- */
	/* the scheduler reconciles v (the service's event fired) */
	void (*reconcile)(sim *s, sim_service *v);
	/* v's counts changed (a task changed state, desired changed) */
	void (*service_changed)(sim *s, sim_service *v);
	/* the scheduler's reconcile, after scale-in and before launches: the
	 * step where old tasks are replaced */
	void (*replace)(sim *s, sim_service *v);
	/* a service task reached RUNNING */
	void (*task_running)(sim *s, sim_service *v, sim_task *t);
	/* a service task began to stop; failed: it counts as a failed task
	 * of the service's current deployment */
	void (*task_stopping)(sim *s, sim_service *v, sim_task *t, enum sim_end why,
			      int failed);
	/* a service task reached STOPPED and left host (-1: FARGATE) */
	void (*service_task_gone)(sim *s, sim_service *v, int32_t host);
	/* a task completed or was killed with its host, which it left (before
	 * it is freed) */
	void (*task_ended)(sim *s, sim_task *t, enum sim_end why, int32_t host);
	/* t waits for its Auto Scaling group's capacity (capacity.c) and is
	 * its owner's (a service's task, or a workload's): timed_out 0,
	 * capacity may be back: the owner tries to place it and calls
	 * cp_unwait when it does; timed_out 1, it waited the group's
	 * provisioningTimeout and left the queue: the owner stops it */
	void (*capacity_wait)(sim *s, sim_task *t, int timed_out);
} sim_module;


/* Calls hook on every module that has it, in table order. */
#define SIM_HOOK(s, hook, ...)                                               \
	do {                                                                 \
		const sim_hooks *h_ = &(s)->hooks;                           \
		for (int i_ = 0; i_ < h_->n_##hook; i_++)                     \
			h_->hook[i_]->hook((s), __VA_ARGS__);                \
	} while (0)

/* ---- the kernel's services (kernel.c) ------------------------------------ */

/* The model that owns engine e. */
static inline sim *sim_of(eng *e)
{
	return e->user;
}

/* Application Auto Scaling and cluster auto scaling act every minute. */
#define SIM_MINUTE (60 * USEC_PER_SEC)

/* The instance attribute that names an instance's capacity provider. */
#define SIM_CP_ATTR "ecsim.capacity-provider"

/* A service event for events.csv. */
void sim_service_event(sim *s, const sim_service *v, const char *event, const char *detail);
/* A cluster event (no service) for events.csv. */
void sim_cluster_event(sim *s, const char *event, const char *detail);
/* The same about one host (host >= 0: its zone too) or one zone (host -1,
 * zone >= 0); -1 for none. */
void sim_service_event_at(sim *s, const sim_service *v, const char *event, int32_t host,
			  int32_t zone, const char *detail);
void sim_cluster_event_at(sim *s, const char *event, int32_t host, int32_t zone,
			  const char *detail);
/* A service event about task t: its host, or its zone on FARGATE. */
void sim_task_event(sim *s, const sim_service *v, const char *event, const sim_task *t,
		    const char *detail);
/* A task's record for tasks.csv; stop_code and stopped_reason for a task
 * that stopped (ECS's stopCode and stoppedReason), else NULL. */
void sim_report_task(sim *s, const sim_task *t, enum sim_end reason, const char *detail,
		     const char *stop_code, const char *stopped_reason);
/* A deployment's record for deployments.csv. */
void sim_report_deployment(sim *s, const sim_deployment_rec *d);
/* A host failure killed n tasks: the largest such n, since time 0 and
 * since each live mark. */
void sim_note_kills(sim *s, int64_t n);

/* v's counts changed: the service_changed hooks, then ECS's steady-state
 * event ("has reached a steady state": every desired task runs healthy,
 * none is starting, no deployment is in progress). */
void sim_service_changed(sim *s, sim_service *v);

/* v's scheduler reconciles at time at (and not also at an earlier time);
 * now: at once. */
void sim_service_wake(sim *s, sim_service *v, int64_t at);
static inline void sim_service_wake_now(sim *s, sim_service *v)
{
	sim_service_wake(s, v, s->eng.now);
}

#endif
