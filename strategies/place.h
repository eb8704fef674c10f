/* place.h - choosing a host for a task: resource filter, then the chain.
 *
 * Follows the ECS order: hosts that are ACTIVE and have the resources (cpu,
 * memory, gpu, ports, eni) and satisfy distinctInstance; then the strategy
 * chain ranks them; the hosts still tied are chosen between uniformly from
 * the tie-break stream: sorted by host index, one draw picks the k-th
 * (no draw is made when a single host is left).
 */
#ifndef ECS_PLACE_H
#define ECS_PLACE_H

#include <gsl/gsl_rng.h>

#include "strategy.h"

typedef struct place_ws {
	int32_t *ties;   /* scratch for tied hosts */
	int32_t capties;
} place_ws;

void place_ws_destroy(place_ws *ws);

/* Returns the chosen host, or -1 with *reason set to the check that
 * removed the last candidates (CL_NCHECKS if there were no ACTIVE hosts). */
int32_t place_choose(const cl_cluster *cl, const cl_req *r, const st_chain *chain,
		     const gsl_rng *tie, place_ws *ws, enum cl_check *reason);

#endif
