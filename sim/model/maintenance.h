/* maintenance.h - draining instances (ECS DRAINING), as scheduled
 * maintenance does it and as Spot draining reuses it.  A draining instance
 * gets no new tasks; its service tasks not yet RUNNING stop at once,
 * RUNNING ones are replaced within the rolling bounds (the scheduler's
 * part), daemon tasks leave last, standalone tasks are left alone.  Also
 * what a Spot notice does (spot.c's instances, and managed groups').
 */
#ifndef ECS_MODEL_MAINTENANCE_H
#define ECS_MODEL_MAINTENANCE_H

#include "types.h"

typedef struct sim_maintenance {
	int32_t *drained_by;       /* per host: maintenance entry draining it, -1 if none
				    * (Spot draining: the entry after the last) */
	eng_event drain_ev;        /* next maintenance drain */
	eng_event *undrain_ev;     /* per maintenance entry: its end */
	int next_drain;
	int in_drain_daemons;      /* drain_daemons is running (no re-entry) */
	eng_event drain_check_ev;  /* daemon tasks may leave draining instances */
} sim_maintenance;

extern const struct sim_module maintenance_module;

/* Drains host h for maintenance entry k. */
void maint_drain_host(sim *s, int32_t h, int32_t k);
/* An EC2 Spot instance h (of $.cluster or of a managed group) gets its
 * interruption notice: counted, logged, and drained with
 * cluster.spotDraining (Spot's entry: the one after the last). */
void maint_spot_notice(sim *s, int32_t h);
/* A cluster event about Spot instance h: "Spot instance i-... (TYPE, zone
 * Z) WHAT". */
void maint_spot_event(sim *s, int32_t h, const char *event, const char *what);

#endif
