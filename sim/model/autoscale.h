/* autoscale.h - Service Auto Scaling (Application Auto Scaling for ECS
 * services): every minute the service metrics, read by the policies of
 * each type of sim/policy/ (target tracking, step scaling) through an
 * as_ctx, which may change the desired count; and scheduled actions that
 * set the scalable target's capacity bounds.  What a policy decides is its
 * type's file; this module runs them.
 */
#ifndef ECS_MODEL_AUTOSCALE_H
#define ECS_MODEL_AUTOSCALE_H

#include "types.h"
#include "metrics.h"

/* One service's scalable target. */
typedef struct sim_as_target {
	int32_t svc;                /* in sim.svcs */
	eng_event tick;             /* every minute: metrics, alarms */
	eng_event sched_ev;         /* next scheduled action */
	int next_sched;
	int64_t min, max;           /* the capacity bounds now */
	void **state;               /* per policy type: its policies' state (type->init) */
	int64_t scale_outs, scale_ins;
	metrics_mark minute;        /* where the minute's datapoints start */
} sim_as_target;

typedef struct sim_autoscale {
	sim_as_target *t;           /* per service (only those with sc->as.given used) */
} sim_autoscale;

extern const struct sim_module autoscale_module;

#endif
