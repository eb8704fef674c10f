/* cluster_scaling.h - cluster auto scaling of managed Auto Scaling group
 * capacity providers: every minute CapacityProviderReservation (instances
 * in use and needed over instances in service), then scale-out or
 * scale-in within the group's bounds and step sizes, and instance launches
 * after a drawn launch time.  A group's hosts are its maxSize hosts, those
 * not in service DOWN.
 */
#ifndef ECS_MODEL_CLUSTER_SCALING_H
#define ECS_MODEL_CLUSTER_SCALING_H

#include "types.h"

/* A managed group: its hosts are first .. first + n - 1; those not in
 * service are DOWN, and launching when their launch event is pending. */
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

typedef struct sim_cluster_scaling {
	sim_asg *asgs;              /* one per scenario asgs entry */
	int nasgs;
} sim_cluster_scaling;

extern const struct sim_module cluster_scaling_module;

#endif
