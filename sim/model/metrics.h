/* metrics.h - time-weighted statistics of the cluster and of each service,
 * instance-hours by instance type and purchase option, and the periodic
 * samples.  The cluster's integrals are brought up to now before every
 * event (the engine's hook); a service's before each change of its counts.
 * Knows no file format: samples go to the observer.
 */
#ifndef ECS_MODEL_METRICS_H
#define ECS_MODEL_METRICS_H

#include "billing.h"
#include "stats.h"
#include "types.h"

typedef struct sim_metrics {
	eng_event sample_ev;
	/* instance-hours by class = instance type x 2 + Spot, kept lazily */
	int32_t nclass;
	int32_t *class_total, *class_up; /* base hosts of the class, of them up */
	double *class_hours;       /* up to class_last */
	int64_t *class_last;
	bill_clock *bill;          /* clock hours for $.pricing; NULL without it */
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
/* v's availability so far: time average of min(1, healthy / desired). */
double metrics_availability(const sim_service *v);

#endif
