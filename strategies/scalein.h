/* scalein.h - which task a service stops when it scales in.
 *
 * ECS lets each placement strategy decide this too: binpack stops on the
 * instance that would have the most left, spread keeps the balance (the
 * zone with the most tasks of the service, then the instance with the
 * most), random stops anywhere.  The chain ranks the hosts that run tasks
 * of the group with each step's stop_score() (lower = stop there first),
 * each step breaking the ties of the steps before it; the hosts still tied
 * are chosen between uniformly from a seeded stream, as place_choose does:
 * by one draw over them in host index order, or for R3 chains (place.h) by
 * R3's sampling over the hosts of their zones with as many tasks of the
 * group, answered from the group's levels without visiting every host.
 * It chooses; the caller stops the task.
 */
#ifndef ECS_SCALEIN_H
#define ECS_SCALEIN_H

#include <gsl/gsl_rng.h>

#include "strategy.h"

/* The task of group g to stop: on the host the chain ranks first among
 * the hosts (in any state) running tasks of g, the task of g placed there
 * most recently.  NULL if no task of g runs.  O(hosts x steps) by the scan,
 * far less for R3 chains. */
cl_task *scalein_choose(const cl_cluster *cl, int32_t g, const st_chain *chain,
			const gsl_rng *tie);

/* Whether task t may be stopped (e.g. not already stopping). */
typedef int scalein_filter(const cl_task *t, void *ctx);

/* scalein_choose among the tasks of g that ok accepts: hosts whose tasks
 * of g it all refuses are not candidates, and on the chosen host the most
 * recent accepted task is returned.  ok NULL accepts every task. */
cl_task *scalein_choose_if(const cl_cluster *cl, int32_t g, const st_chain *chain,
			   const gsl_rng *tie, scalein_filter *ok, void *ctx);

/* The same by visiting every host, whatever the chain: the reference that
 * the indexed path of R3 chains (by the group's levels) must agree with. */
cl_task *scalein_choose_scan_if(const cl_cluster *cl, int32_t g, const st_chain *chain,
				const gsl_rng *tie, scalein_filter *ok, void *ctx);

#endif
