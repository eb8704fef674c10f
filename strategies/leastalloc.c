/* leastalloc.c - Kubernetes NodeResourcesFit LeastAllocated.
 *
 * Per resource i (see k8s.h for requested/allocatable and skipped ones):
 *   s_i = (allocatable_i - requested_i) * 100 / allocatable_i   (integer division)
 * host score = sum_i s_i * w_i / sum_i w_i   (integer division); higher is
 * better in Kubernetes, so score() returns its negation.  Weights are
 * integers 1-100, default cpu=1,memory=1 (kube-scheduler's defaults).
 * Favours the emptiest hosts (spreads).  Scale-in (the preference reversed):
 * stop on the host with the lowest such score as it is now, task included,
 * i.e. the most allocated one.
 */
#include <stdlib.h>

#include "k8s.h"

static int64_t least_allocated(const double *w, const cl_host *ho, const cl_req *r, int back)
{
	int64_t req[ST_NRES], alloc[ST_NRES], node = 0, wsum = 0;

	k8s_amounts(w, ho, r, back, req, alloc);
	for (int i = 0; i < ST_NRES; i++) {
		if (alloc[i] == 0)
			continue;
		int64_t s = req[i] > alloc[i] ? 0 :
			    (alloc[i] - req[i]) * K8S_MAX_NODE_SCORE / alloc[i];
		node += s * (int64_t)w[i];
		wsum += (int64_t)w[i];
	}
	return wsum ? node / wsum : 0;
}

static int la_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	double *w = xcalloc(ST_NRES, sizeof(*w));
	step->data = w;
	return st_parse_weights(w, field, "least-allocated", ST_WEIGHTS_INT, e);
}

static double la_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return -(double)least_allocated(step->data, &cl->hosts[h], r, 0);
}

static double la_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	return (double)least_allocated(step->data, &cl->hosts[h], r, 1);
}

const st_strategy st_least_allocated = {
	.name = "least-allocated",
	.fields = "RES[=W],... weights 1-100 (default cpu=1,memory=1)",
	.summary = "Kubernetes LeastAllocated: highest weighted % unrequested after placing",
	.resolve = la_resolve,
	.score = la_score,
	.stop_score = la_stop_score,
	.stop_summary = "the most allocated host (lowest LeastAllocated score now)",
};
