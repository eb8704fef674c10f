/* mostalloc.c - Kubernetes NodeResourcesFit MostAllocated.
 *
 * Per resource i (see k8s.h for requested/allocatable and skipped ones):
 *   s_i = min(requested_i, allocatable_i) * 100 / allocatable_i   (integer division)
 * host score = sum_i s_i * w_i / sum_i w_i   (integer division); higher is
 * better in Kubernetes, so score() returns its negation.  Weights are
 * integers 1-100, default cpu=1,memory=1.  Favours the fullest hosts
 * (binpacks).  Scale-in (the preference reversed): stop on the host with the
 * lowest such score as it is now, task included, i.e. the emptiest one.
 */
#include <stdlib.h>

#include "k8s.h"

static int64_t most_allocated(const double *w, const cl_host *ho, const cl_req *r, int back)
{
	int64_t req[ST_NRES], alloc[ST_NRES], node = 0, wsum = 0;

	k8s_amounts(w, ho, r, back, req, alloc);
	for (int i = 0; i < ST_NRES; i++) {
		if (alloc[i] == 0)
			continue;
		int64_t q = req[i] > alloc[i] ? alloc[i] : req[i];
		node += q * K8S_MAX_NODE_SCORE / alloc[i] * (int64_t)w[i];
		wsum += (int64_t)w[i];
	}
	return wsum ? node / wsum : 0;
}

static int ma_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	double *w = xcalloc(ST_NRES, sizeof(*w));
	step->data = w;
	return st_parse_weights(w, field, "most-allocated", ST_WEIGHTS_INT, e);
}

static double ma_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return -(double)most_allocated(step->data, &cl->hosts[h], r, 0);
}

static double ma_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	return (double)most_allocated(step->data, &cl->hosts[h], r, 1);
}

const st_strategy st_most_allocated = {
	.name = "most-allocated",
	.fields = "RES[=W],... weights 1-100 (default cpu=1,memory=1)",
	.summary = "Kubernetes MostAllocated: highest weighted % requested after placing",
	.resolve = ma_resolve,
	.score = ma_score,
	.stop_score = ma_stop_score,
	.stop_summary = "the least allocated host (lowest MostAllocated score now)",
};
