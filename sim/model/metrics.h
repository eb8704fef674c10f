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
#include "types.h"
#include "sim/support/quantile.h"

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
} sim_metrics;

extern const struct sim_module metrics_module;

/* Brings the cluster's integrals (sim.st) up to now. */
void metrics_accumulate(sim *s);
/* Brings v's availability and demand integrals up to now; call before a
 * change of its healthy or desired count. */
void metrics_service(sim *s, sim_service *v);
/* Host h (of $.cluster or a managed group) goes up (d 1) or down (-1). */
void metrics_class_change(sim *s, int32_t h, int d);
/* Instance-hours of class c up to time t (no change of its count between
 * its last one and t). */
double metrics_class_hours_at(const sim_metrics *m, int32_t c, int64_t t);
/* Service task t entered RUNNING (its start latency). */
void metrics_task_running(sim *s, const sim_task *t);
/* Standalone task t was placed (its pending time). */
void metrics_task_placed(sim *s, const sim_task *t);
/* v's availability so far: time average of min(1, healthy / desired). */
double metrics_availability(const sim_service *v);

#endif
