/* autoscale.h - Service Auto Scaling (Application Auto Scaling for ECS
 * services): the service metrics every minute, target tracking and step
 * scaling policies that change the desired count, and scheduled actions
 * that set the scalable target's capacity bounds.
 */
#ifndef ECS_MODEL_AUTOSCALE_H
#define ECS_MODEL_AUTOSCALE_H

#include "types.h"

/* One service's scalable target. */
typedef struct sim_as_target {
	int32_t svc;                /* in sim.svcs */
	eng_event tick;             /* every minute: metrics, alarms */
	eng_event sched_ev;         /* next scheduled action */
	int next_sched;
	int64_t min, max;           /* the capacity bounds now */
	int32_t *above, *below;     /* per target tracking policy: datapoints in a row
				     * above target / clearly below it */
	int64_t last_out, last_in;  /* us of the last scale-out / scale-in, -1 = none */
	int32_t *sp_breach;         /* per step scaling policy: breaching datapoints in a row */
	int64_t *sp_last;           /* per step scaling policy: us of its last action, -1 = none */
	int64_t scale_outs, scale_ins;
} sim_as_target;

typedef struct sim_autoscale {
	sim_as_target *t;           /* per service (only those with sc->as.given used) */
} sim_autoscale;

extern const struct sim_module autoscale_module;

#endif
