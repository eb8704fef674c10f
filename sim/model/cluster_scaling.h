/* cluster_scaling.h - cluster auto scaling of managed Auto Scaling group
 * capacity providers, and the groups as EC2 Auto Scaling runs them.
 * Every minute ECS's CapacityProviderReservation (instances in use plus
 * those the tasks waiting in PROVISIONING need, over instances in
 * service), then scale-out or scale-in within the group's bounds and step
 * sizes.  The group launches into Availability Zones in balance, by its
 * mixed instances policy (on-demand base and percentage, allocation
 * strategies, weights), from its warm pool first; on scale-in it removes
 * empty instances (managed termination protection) or those its
 * termination policy picks, draining them first (managed draining) until
 * they are empty or a deadline.  Its Spot instances get rebalance
 * recommendations and interruption notices, and Capacity Rebalancing
 * replaces them early.  A group's hosts are host slots, per pool (type and
 * purchase option), those not in service DOWN.
 */
#ifndef ECS_MODEL_CLUSTER_SCALING_H
#define ECS_MODEL_CLUSTER_SCALING_H

#include "types.h"

/* A managed group: its host slots are first .. first + n - 1, pool by pool
 * (sc->pools); per slot its phase (cluster_scaling.c), its events and what
 * Capacity Rebalancing links. */
typedef struct sim_asg {
	const sc_asg *sc;
	int32_t first, n;
	int32_t *pool_first;        /* per pool: its first slot */
	int16_t *pool_of;           /* per slot: its pool (at most 80) */
	uint8_t *phase;             /* per slot: ASG_FREE, ASG_LAUNCHING, ... */
	uint8_t *billed;            /* per slot: counted in the instance-hours */
	uint8_t *spot_next;         /* per slot: what its Spot event does next */
	int32_t *replaced_by;       /* per slot: its Capacity Rebalancing replacement, -1 */
	int32_t *replaces;          /* per slot: the instance it replaces, -1 */
	int64_t *notice_at;         /* per slot: its Spot interruption notice (us) */
	int64_t *deadline;          /* per slot: draining: terminated by then (us) */
	eng_event *ev;              /* per slot: launch, warm-up into the pool, drain end */
	eng_event *sev;             /* per slot: rebalance recommendation, notice, end */
	eng_event tick;             /* every minute: CapacityProviderReservation */
	gsl_rng *launch;            /* launch times into service */
	gsl_rng *warm_launch;       /* launch times into the warm pool, warm starts */
	gsl_rng *pick;              /* termination policy ties */
	gsl_rng *spot;              /* Spot notices and rebalance leads */
	int64_t launching;          /* instances launching into service now */
	int64_t warm_until;         /* us: no scale-out before (instance warm-up) */
	int32_t below;              /* datapoints in a row below targetCapacity */
	double reservation;         /* the last CapacityProviderReservation, percent */
	int64_t scale_outs, scale_ins, launched, terminated;
	int64_t drained;            /* instances drained before termination */
	int64_t drain_kills;        /* tasks killed by a termination (no managed draining,
				     * or at the draining deadline) */
	int64_t warm_starts;        /* launches from the warm pool */
	int64_t rebalances;         /* Capacity Rebalancing replacements launched */
	/* --check: instances that left draining with tasks before their
	 * deadline (must stay 0) */
	int64_t early_terminations;
} sim_asg;

typedef struct sim_cluster_scaling {
	sim_asg *asgs;              /* one per scenario asgs entry */
	int nasgs;
} sim_cluster_scaling;

extern const struct sim_module cluster_scaling_module;

/* Phases of a host slot. */
enum { ASG_FREE, ASG_LAUNCHING, ASG_IN_SERVICE, ASG_TERMINATING, ASG_WARMING, ASG_WARM };

/* The group of host h, or NULL. */
const sim_asg *cas_group_of(const sim *s, int32_t h);

#endif
