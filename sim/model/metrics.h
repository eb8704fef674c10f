/* metrics.h - time-weighted statistics of the cluster and of each service,
 * instance-hours by instance type and purchase option, the periodic
 * samples, and the distributions (percentiles) of task start latency,
 * standalone tasks' pending time and services' recovery time.  The cluster's integrals are brought up to now before every
 * event (the engine's hook); a service's before each change of its counts.
 * Knows no file format: samples go to the observer.
 */
#ifndef ECS_MODEL_METRICS_H
#define ECS_MODEL_METRICS_H

#include "billing.h"
#include "stats.h"
#include "types.h"
#include "sim/support/quantile.h"

/* Per host: integrals over its up time up to `last`, for hosts.csv.  They
 * are of what is free, not reserved (reserved = registered x up time -
 * free), so that a change reads only the hot first cache line of the
 * cl_host and writes this one line.  Amounts in CPU units and MiB (GPUs in
 * metrics_gpu, kept for hosts that have some), times in seconds. */
typedef struct metrics_host {
	int64_t last;              /* us */
	double up_s;
	double cpu_free, mem_free; /* integral of what is free dt */
	double cpu_strand, mem_strand; /* integral of what is stranded dt */
	int64_t placed;            /* tasks placed on it */
	int32_t gpu;               /* its metrics_gpu, -1: no GPU */
} __attribute__((aligned(64))) metrics_host;

typedef struct metrics_gpu {
	double free, strand;       /* integrals of whole GPUs free, stranded dt */
} metrics_gpu;

/* Per service: a stretch below desired healthy (a recovery to time). */
typedef struct metrics_svc {
	int64_t below_since;       /* us, when below */
	uint8_t below;             /* below desired healthy since below_since */
	uint8_t whole;             /* has had desired healthy once (the initial
				    * start-up is no recovery) */
} metrics_svc;

typedef struct sim_metrics {
	eng_event sample_ev;
	/* instance-hours by class = instance type x 2 + Spot, kept lazily */
	int32_t nclass;
	int32_t *class_total, *class_up; /* base hosts of the class, of them up */
	double *class_hours;       /* up to class_last */
	int64_t *class_last;
	bill_clock *bill;          /* clock hours for $.pricing; NULL without it */
	/* distributions, in seconds */
	qtl start_latency;         /* service tasks: launch to RUNNING */
	qtl pending;               /* standalone tasks: submitted to placed */
	qtl recovery;              /* services: below desired healthy to back */
	metrics_svc *svc;          /* per service */
	/* per host, NULL unless sim_opts.host_figures */
	metrics_host *host;        /* nhost of them */
	metrics_gpu *gpu;          /* ngpu of them */
	int32_t nhost, ngpu;
	/* a resource is exhausted on a host below this much free: the smallest
	 * positive reservation of any task definition (1 when none) */
	int32_t min_cpu, min_mem;
} sim_metrics;

extern const struct sim_module metrics_module;

/* Brings the cluster's integrals (sim.st) up to now. */
void metrics_accumulate(sim *s);
/* The run's totals with the cluster's integrals brought up to t >= the
 * last accumulation, without changing the model (a reader's copy). */
void metrics_totals_at(const sim *s, int64_t t, sim_stats *out);
/* Bills the clock hours of $.pricing that end by now.  It changes no
 * figure: the hours are billed the same whenever they are closed. */
void metrics_close_hours(sim *s);
/* Brings v's availability and demand integrals up to now; call before a
 * change of its healthy or desired count. */
void metrics_service(sim *s, sim_service *v);
/* A service's time integrals since time 0, in seconds (demand and
 * unserved: requests): sum of min(1, healthy / desired) dt, time with no
 * healthy task, below desired, demand, unserved demand, time overloaded. */
typedef struct metrics_sums {
	double avail, down, degraded, demand, unserved, overloaded;
} metrics_sums;

/* v's sums brought up to t >= its last accumulation point, without
 * changing it (the demand held since then, as metrics_service would). */
void metrics_service_at(const sim_service *v, int64_t t, metrics_sums *out);
/* A reader's mark in v's integrals: its next datapoints are averages from
 * the mark to the time it reads them. */
typedef struct metrics_mark {
	double cpu, mem, req, covered, unserved, unhealthy;
	int64_t at;                /* us */
} metrics_mark;

/* The average since mark of metric m of v, brought up to now by the caller
 * (metrics_service): an enum as_metric (CPU, memory, requests per target
 * per minute; NAN without a healthy task since mark), then unserved
 * requests per second and unhealthy RUNNING tasks (SC_AM_UNSERVED,
 * SC_AM_UNHEALTHY of enum sc_alarm_metric; NAN over no time). */
double metrics_minute(const sim_service *v, const metrics_mark *mark, int m);
/* Sets mark to v's integrals at its last accumulation point. */
void metrics_minute_mark(const sim_service *v, metrics_mark *mark);

/* What v's healthy tasks make of its demand now, with the traffic split of
 * a deployment that shifts it (demand_apply_split). */
demand_util metrics_util(const sim_service *v);
/* Host h (of $.cluster or a managed group) goes up (d 1) or down (-1). */
void metrics_class_change(sim *s, int32_t h, int d);
/* Instance-hours of class c up to time t (no change of its count between
 * its last one and t). */
double metrics_class_hours_at(const sim_metrics *m, int32_t c, int64_t t);
/* Service task t entered RUNNING (its start latency). */
void metrics_task_running(sim *s, const sim_task *t);
/* Standalone task t was placed (its pending time). */
void metrics_task_placed(sim *s, const sim_task *t);
/* The summary measures from now ($.measureFrom): the percentiles' sets
 * start again. */
void metrics_measure_from(sim *s);
/* The integrals of host h brought from x->last up to now, into x and g
 * (g: NULL when x->gpu < 0): copies, for a view, or the host's own. */
void metrics_host_advance(const sim *s, int32_t h, metrics_host *x, metrics_gpu *g,
			  int64_t now);
/* v's availability so far: time average of min(1, healthy / desired). */
double metrics_availability(const sim_service *v);

#endif
