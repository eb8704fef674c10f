/* spot.h - Spot interruptions.  An EC2 Spot instance gets a notice (drawn
 * per instance type, or read from a times file), is drained with
 * cluster.spotDraining, is terminated at the end of the notice (its tasks
 * die) and is replaced by a new Spot instance after a launch time.  A
 * RUNNING FARGATE_SPOT task gets a two-minute warning, stops, and is
 * replaced.
 */
#ifndef ECS_MODEL_SPOT_H
#define ECS_MODEL_SPOT_H

#include "types.h"

/* FARGATE_SPOT interruptions of one service. */
typedef struct sim_spot_service {
	int32_t svc;
	eng_event ev;               /* its next interruption */
	int64_t drawn_for;          /* spot_running when ev was drawn */
} sim_spot_service;

typedef struct sim_spot {
	/* Spot instances (base hosts): running -> noticed -> terminated -> running */
	uint8_t *phase;            /* per base host: SIM_SPOT_* */
	int32_t *rule;             /* per base host: its interruption entry, -1 none */
	eng_event *ev;             /* per base host: its next Spot step */
	eng_event file_ev;         /* next interruption of the times file */
	int next_time;
	sim_spot_service *fsvc;    /* per service: FARGATE_SPOT */
	gsl_rng *sfail;            /* Spot interruption and launch draws */
} sim_spot;

extern const struct sim_module spot_module;

#endif
