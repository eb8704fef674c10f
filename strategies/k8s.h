/* k8s.h - what the Kubernetes scoring strategies share (internal to strategies/).
 *
 * Follows kube-scheduler's noderesources plugins as of v1.35
 * (resource_allocation.go, least_allocated.go, most_allocated.go,
 * balanced_allocation.go, requested_to_capacity_ratio.go): integer scores
 * 0..100 (MaxNodeScore) with Go's truncating integer division, so that
 * hosts tie exactly where Kubernetes's would.  For each resource:
 *   allocatable = the host's registered total,
 *   requested   = what tasks on the host reserve + what this task asks.
 * A resource whose allocatable is 0 is skipped; so are gpu and eni (the
 * "extended resources") when the task asks none of them.  Kubernetes also
 * substitutes 100m CPU / 200 MB for containers without requests when it
 * scores; ECS tasks have explicit reservations, so ecsim does not.
 */
#ifndef ECS_K8S_H
#define ECS_K8S_H

#include "strategy.h"

#define K8S_MAX_NODE_SCORE 100

/* Fills requested/allocatable for the resources with w > 0; alloc[i] = 0
 * marks a skipped one.  back: the host as it would be after stopping r
 * (then requested is what the host reserves now, r included). */
static inline void k8s_amounts(const double *w, const cl_host *ho, const cl_req *r, int back,
			       int64_t req[ST_NRES], int64_t alloc[ST_NRES])
{
	for (int i = 0; i < ST_NRES; i++) {
		int64_t pod = st_req_amount(r, i);
		req[i] = alloc[i] = 0;
		if (w[i] <= 0 || (pod == 0 && (i == ST_RES_GPU || i == ST_RES_ENI)))
			continue;
		alloc[i] = st_host_total(ho, i);
		req[i] = alloc[i] - st_host_free(ho, i) + (back ? 0 : pod);
	}
}

#endif
