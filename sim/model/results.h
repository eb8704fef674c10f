/* results.h - the model's results, read-only, for reports and studies.
 *
 * Every figure an output file shows comes through these functions: run
 * totals and integrals, the cluster now, each service, each managed Auto
 * Scaling group, instance-hours by type and purchase option, and each
 * replayed trace.  They copy into caller-owned structs and never expose
 * the model's inside (model.h); they build no JSON (that is reports/').
 */
#ifndef ECS_RESULTS_H
#define ECS_RESULTS_H

#include <stdint.h>

#include "sim.h"
#include "stats.h"
#include "sim/cluster/cluster.h"
#include "sim/trace/trace.h"
#include "strategies/strategy.h"

/* Figures "so far" (totals, integrals, the services', groups', traces'
 * counts, instance-hours, commitments) are measured from a mark: from
 * $.measureFrom once the run has passed it, else from time 0; a reader may
 * measure from a mark of its own (sim_measure_since).  They are brought up
 * to now without changing the run.  What is "now" (the cluster, the
 * services' counts, sim_totals, sim_instance_hours) is the run's. */

/* The run: what it is and where it stands. */
const scenario *sim_scenario(const sim *s);
uint64_t sim_seed(const sim *s);
const char *sim_strategy_label(const sim *s);   /* "binpack:memory", "scenario (...)" */
int64_t sim_now(const sim *s);                  /* us */
uint64_t sim_events(const sim *s);              /* events run so far */
/* Totals since time 0, integrals up to the last event (the time series'
 * running totals). */
const sim_stats *sim_totals(const sim *s);

/* The cluster at this moment. */
typedef struct sim_cluster_view {
	int32_t hosts;              /* all hosts, down ones included */
	int32_t hosts_up, hosts_busy;
	int64_t tasks_running;      /* on hosts and on FARGATE */
	int64_t cpu_used, cpu_up, mem_used, mem_up;
} sim_cluster_view;

void sim_cluster_now(const sim *s, sim_cluster_view *c);

/* GPUs, in GPUs (thousandths / 1000): now and time averages so far.
 * Allocation counts whole GPUs held and the shares' thousandths; idle is
 * what no task holds; fragmentation is gpufrag.h's F summed over hosts
 * (has_frag 0 without a workload of task shapes). */
typedef struct sim_gpu_view {
	int has_gpus;               /* a host or an instance type has GPUs */
	int has_frag;
	int32_t shapes;             /* task shapes of the workload */
	double up, whole, shared, idle, frag;          /* now */
	int64_t gpus_shared;        /* GPUs holding shares now */
	double mean_up, mean_whole, mean_shared, mean_idle, mean_frag; /* time averages */
} sim_gpu_view;

void sim_gpu_now(const sim *s, sim_gpu_view *g);

/* The inflation experiment ($.traces[].inflate, inflate.h): the figures
 * when the arrived demand first reached each step, and at the first
 * placement that failed (sim_inflation_row: stats.h). */

typedef struct sim_inflation_view {
	int given;                  /* 0: no trace inflates (the rest is 0) */
	const char *trace;          /* its name */
	const char *resource;       /* "gpu" or "cpu" */
	const char *sampling;       /* "replacement" or "trace-first" */
	double to, step;
	double capacity;            /* GPUs, or CPU units */
	int64_t trace_tasks;        /* the tasks drawn from */
	const sim_inflation_row *rows; /* nrows: step k at arrived >= k x step */
	int32_t nrows;
	const sim_inflation_row *first_failure; /* NULL: none failed */
	sim_inflation_row end;      /* after the last task */
} sim_inflation_view;

void sim_inflation(const sim *s, sim_inflation_view *v);

/* The metrics of the run's strategies (st_strategy.metric), now. */
void sim_strategy_metrics(const sim *s, st_metric_fn *fn, void *ctx);

/* A service, now and so far. */
typedef struct sim_service_view {
	const char *name;
	int64_t desired, running, healthy, pending;
	int has_demand;             /* the service has a demand curve */
	double demand;              /* requests per second now */
	double cpu_util, mem_util;  /* fractions 0-1, NAN with no healthy task */
	double unserved;            /* requests per second not served now */
	double availability;        /* time average of min(1, healthy / desired) */
	double down_s, degraded_s;
	int64_t placement_failures, failed_starts, unhealthy_stops, exits, scaled_in,
		moved_off_draining, replaced, spot_interrupted, rebalanced, protections,
		protection_waits;
	int rebalancing;            /* availabilityZoneRebalancing in effect */
	double demand_requests, unserved_requests, overloaded_s;
	int has_autoscaling;
	int64_t scale_outs, scale_ins;
} sim_service_view;

int sim_nservices(const sim *s);
void sim_service_now(const sim *s, int i, sim_service_view *v);

/* A host over the run so far (hosts.csv; docs/outputs.md defines each
 * figure).  Fractions are of the host's registered resources over its up
 * time; NAN when it was never up (and GPU ones when it has no GPU).  The
 * figures over time are kept only when the model was built with
 * sim_opts.host_figures: without, up_s and they are NAN, tasks_placed 0. */
typedef struct sim_host_view {
	const char *instance_type;  /* NULL: a trace's machine */
	const char *zone;
	const char *capacity_provider; /* NULL: none */
	int spot;                   /* bought as Spot */
	int32_t cpu, mem, gpus;     /* registered: CPU units, MiB, GPUs */
	double up_s;
	double cpu_reserved, mem_reserved, gpu_reserved;
	double cpu_stranded, mem_stranded, gpu_stranded;
	int64_t tasks_placed;
} sim_host_view;

int32_t sim_nhosts(const sim *s);
void sim_host_now(const sim *s, int32_t h, sim_host_view *v);

/* A distribution of durations over the run so far, in seconds: nearest-rank
 * percentiles (sim/support/quantile.h: exact up to 4096 values, then
 * within 1/256 of the exact value).  All 0 when count is 0. */
typedef struct sim_dist_view {
	int64_t count;
	double p50, p95, p99;
	int exact;                  /* the percentiles are exact */
} sim_dist_view;

enum sim_dist {
	SIM_DIST_START_LATENCY,     /* service tasks: launch to RUNNING */
	SIM_DIST_PENDING,           /* standalone tasks: submitted to placed */
	SIM_DIST_RECOVERY,          /* services: below desired healthy to back */
	SIM_DIST_PULL,              /* tasks whose task definition names an image:
				     * the wait for the pulls (images.c); the whole
				     * run, not from $.measureFrom */
};

void sim_dist_now(const sim *s, enum sim_dist which, sim_dist_view *d);
/* Services below desired healthy now, after having had it (recoveries not
 * over, so not in SIM_DIST_RECOVERY). */
int64_t sim_recoveries_open(const sim *s);

/* A managed Auto Scaling group capacity provider. */
typedef struct sim_asg_view {
	const char *provider;
	int64_t scale_outs, scale_ins, launched, terminated;
	double reservation;         /* the last CapacityProviderReservation, percent
				     * (AWS's unit; summary key last_reservation_pct) */
	int64_t drained;            /* instances drained before termination */
	int64_t termination_kills;  /* tasks that died with an instance it terminated */
	int64_t warm_starts;        /* launches from its warm pool */
	int64_t rebalances;         /* Capacity Rebalancing replacements */
} sim_asg_view;

int sim_nasgs(const sim *s);
void sim_asg_now(const sim *s, int k, sim_asg_view *a);

/* Tasks that waited in PROVISIONING for a managed group's capacity, so
 * far.  (Percentiles of the waits come from tasks.csv's wait_s, or from a
 * quantile summary fed with each wait where cp_unwait counts it.) */
typedef struct sim_wait_view {
	int64_t waiting;            /* waiting now */
	int64_t placed;             /* waited, then found a host */
	double mean_s, max_s;       /* of their waits */
	int64_t timeouts;           /* gave up at the provisioning timeout */
	int64_t stopped;            /* stopped while waiting (timeouts, scale-in) */
	int64_t refused;            /* could not wait: cluster.maxProvisioningTasks */
	int64_t peak;               /* most waiting at once */
} sim_wait_view;

void sim_wait_now(const sim *s, sim_wait_view *w);

/* Instance-hours since time 0 of the $.cluster instances of type (index into
 * the scenario's instanceTypes) bought as Spot (spot 1) or on-demand. */
double sim_instance_hours(const sim *s, int32_t type, int spot);
/* How many such instances there are (0: none, leave them out of outputs). */
int32_t sim_instance_count(const sim *s, int32_t type, int spot);

/* The cost under $.pricing's commitments so far (all 0 without it), USD
 * unless said otherwise: clock hours from time 0, the last one (still
 * open) counted for the part of it simulated.  effective = ri_fees +
 * sp_commitment + on_demand + spot. */
typedef struct sim_commitment_view {
	int given;                  /* the scenario has $.pricing */
	double effective;           /* what the run costs under the commitments */
	double sp_commitment;       /* Savings Plan commitment billed */
	double sp_used;             /* of it, spent on covered usage */
	double sp_unused;           /* of it, left unused (billed anyway) */
	double sp_covered;          /* on-demand value of the usage it covered */
	double ri_fees;             /* Reserved Instances billed, used or not */
	double ri_covered_hours, ri_unused_hours; /* instance-hours */
	double on_demand;           /* usage left at on-demand prices */
	double spot;                /* Spot instances and FARGATE_SPOT, never covered */
} sim_commitment_view;

void sim_commitments_now(const sim *s, sim_commitment_view *v);

/* A replayed trace: what became of its tasks, and the reader's tables
 * (rows read, bad and skipped, machines). */
typedef struct sim_trace_view {
	const trace *tr;
	int64_t submitted, placed, rejected, completed, killed;
	int64_t running;            /* its tasks running now */
} sim_trace_view;

int sim_ntraces(const sim *s);
void sim_trace_now(const sim *s, int i, sim_trace_view *t);

/* Container image pulls so far (on: the scenario models them). */
typedef struct sim_image_view {
	int on;
	int64_t pulls;              /* images downloaded to instances */
	int64_t shared;             /* times a task joined a pull under way */
	int64_t cached;             /* times a task found its image on the instance */
	int64_t evictions;          /* images dropped beyond an instance's budget */
	int64_t fargate_pulls;      /* images FARGATE tasks pulled */
	double mib_pulled;          /* by instances */
	int64_t tasks;              /* tasks that waited for images (0 s included) */
	double mean_wait_s, max_wait_s;
} sim_image_view;

void sim_images_now(const sim *s, sim_image_view *v);

/* ---- measuring from a time: the warm-up and batches ---------------------- */

/* A mark: every figure "so far" at one time, for measuring from there. */
typedef struct sim_mark sim_mark;

/* A mark at now; take it after sim_run_before(s, t), so that the events
 * due at t come after it.  At most a few at once; free each. */
sim_mark *sim_mark_new(sim *s);
void sim_mark_free(sim *s, sim_mark *m);
/* The figures "so far" measure from m until called again (NULL: from time
 * 0); returns the mark they measured from.  The most tasks one failure
 * killed is counted since m was taken, so measure up to now only. */
const sim_mark *sim_measure_since(sim *s, const sim_mark *m);
/* The mark of $.measureFrom, NULL before it or without it. */
const sim_mark *sim_measure_mark(const sim *s);
/* Time (us) of the mark the figures measure from; 0 without one. */
int64_t sim_measured_from(const sim *s);
/* The cluster as it was at that mark (all 0 without one). */
void sim_mark_cluster(const sim *s, sim_cluster_view *c);
/* The run's totals and integrals from that mark up to now; the most tasks
 * one failure killed, since the mark. */
void sim_measured_totals(const sim *s, sim_stats *out);
/* Instance-hours of a type and purchase option from that mark up to now. */
double sim_measured_instance_hours(const sim *s, int32_t type, int spot);

#endif
