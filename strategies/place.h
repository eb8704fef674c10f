/* place.h - choosing a host for a task: resource filter, chain, tie-break.
 *
 * Follows the ECS order: hosts that are ACTIVE, have the resources (cpu,
 * memory, gpu, ports, eni) and satisfy the constraints; the strategy chain
 * ranks them, each step breaking the ties of the previous ones; the hosts
 * still tied (T) are chosen between uniformly at random from the tie-break
 * stream.  ECS does not document the tie-break; ecsim's, exactly:
 *
 *  R1 (neither R2 nor R3 applies: the chain has a binpack, a research or a
 *     plug-in step, say): sort T by (zone, free cpu, free memory, host
 *     index); if |T| > 1 draw j uniform in [0, |T|) and take T[j].
 *  R2 (the chain has only random and zone-spread steps, or none): let Z be
 *     the zones of the hosts in T and S all hosts of Z, in any state, in
 *     (zone, host index) order; draw j uniform in [0, |S|) until S[j] is
 *     ACTIVE and fits, at most 64 times; then fall back to R1.  (Rejection
 *     sampling: uniform over T, and O(1) draws when most hosts fit.)
 *  R3 (one spread on instanceId, after any zone spreads, with random steps
 *     anywhere): as R2, but S holds only the hosts that run as many tasks of
 *     the group as the hosts of T do, in (zone, partition, host index)
 *     order, and only those of the partition when the request asks for one
 *     (cl_req part: a capacity provider's instances).
 *
 * All are uniform over T.  place_choose uses the cluster's index for R3
 * chains (by the group's levels, whatever the request) and for chains of
 * zone-spread, binpack and random steps when the request asks for cpu and
 * memory only, and a scan otherwise.  A step counts as binpack, spread or
 * random by its strategy's indexed_as (st_step_index: never a plug-in's);
 * the two make the same choices with the same draws (tested).
 *
 * Then, for a share of a GPU, the GPU slot (place_choose_slot): the chain's
 * steps with a gpu_score rank the slots, ties drawn from the same stream
 * after the host's draw; without such a step, no draw and cl_place's
 * default (the fullest GPU the share fits on).
 */
#ifndef ECS_PLACE_H
#define ECS_PLACE_H

#include <gsl/gsl_rng.h>
#include <signal.h>

#include "strategy.h"

typedef struct place_ws {
	int32_t *ties;   /* scratch for tied hosts */
	int32_t capties;
	int32_t *cand;   /* scratch for R2 candidates */
	int32_t capcand;
	int64_t indexed, scanned; /* placements by path, for benchmarks */
	/* The GPU slot place_choose chose for a share on its host (the chain's
	 * gpu_score steps), -1 for cl_place's default: pass to cl_place_at. */
	int32_t gpu_slot;
	/* When *stop is set (a signal handler) a scan gives up within
	 * PLACE_POLL hosts: the run is being abandoned.  May be NULL. */
	const volatile sig_atomic_t *stop;
} place_ws;

#define PLACE_POLL 1024

void place_ws_destroy(place_ws *ws);

/* The step of an R3 chain (see above) that spreads on instanceId, or -1:
 * the chain has one such step, every other step is random or a spread over
 * zones, and no zone spread comes after the instance spread. */
int place_chain_r3(const st_chain *c);

/* Returns the chosen host, or -1 with *reason set to the check that
 * removed the last candidates (CL_NCHECKS if there were no ACTIVE hosts). */
int32_t place_choose(const cl_cluster *cl, const cl_req *r, const st_chain *chain,
		     const gsl_rng *tie, place_ws *ws, enum cl_check *reason);

/* The GPU slot for r's share on host h: the chain's steps with a
 * gpu_score rank cl_share_slots' slots (in chain order, each breaking the
 * ties of the ones before), then one draw from tie among the slots still
 * tied (none when one is left).  -1 when r asks no share or no step has a
 * gpu_score: cl_place's default, and no draw. */
int32_t place_choose_slot(const cl_cluster *cl, int32_t h, const cl_req *r,
			  const st_chain *chain, const gsl_rng *tie);

/* The same choice by a plain scan over all hosts (the reference). */
int32_t place_choose_scan(const cl_cluster *cl, const cl_req *r, const st_chain *chain,
			  const gsl_rng *tie, place_ws *ws, enum cl_check *reason);

/* 1 if place_choose would use the index for r and chain. */
int place_indexable(const cl_cluster *cl, const cl_req *r, const st_chain *chain);

#endif
