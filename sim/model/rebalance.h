/* rebalance.h - Availability Zone rebalancing of a service
 * (availabilityZoneRebalancing, ECS's service-rebalancing.html).  Once a
 * service is in steady state it is checked every scheduler.azRebalancing
 * interval: when its tasks are not balanced over the zones it can use (the
 * most and the fewest in a zone differ by more than one), the surplus tasks
 * of the fullest zones are marked to move and the scheduler starts their
 * replacements in the zones with the fewest, then stops them, within the
 * rolling bounds (minimumHealthyPercent, maximumPercent), as it replaces
 * tasks on a draining instance.
 */
#ifndef ECS_MODEL_REBALANCE_H
#define ECS_MODEL_REBALANCE_H

#include "types.h"

/* Per service. */
typedef struct sim_rebal_service {
	eng_event ev;              /* next check */
	int32_t svc;
	int started;               /* SERVICE_REBALANCING_STARTED logged, not COMPLETED */
	int64_t desired;           /* desiredCount when the move began */
	int64_t rebalanced;        /* the service's tasks moved, when last checked */
} sim_rebal_service;

typedef struct sim_rebalance {
	sim_rebal_service *x;      /* per service */
	int32_t *count;            /* per zone, scratch: tasks of the service */
	uint8_t *usable;           /* per zone, scratch: the service can run there */
} sim_rebalance;

extern const struct sim_module rebalance_module;

/* Whether availabilityZoneRebalancing is in effect for v: as the scenario
 * says, or when not said, ENABLED for a compatible service: a REPLICA
 * service on FARGATE, or on EC2 whose placement begins with spread over
 * attribute:ecs.availability-zone and never binpacks. */
int rebal_enabled(const sim_service *v);

#endif
