/* balanced.c - Kubernetes NodeResourcesBalancedAllocation, standard-deviation form.
 *
 * As kube-scheduler v1.22 to v1.35 (balancedResourceScorer): for the listed
 * resources that are not skipped (k8s.h), f_i = min(1, requested_i /
 * allocatable_i) in floating point; std = |f_1 - f_2| / 2 for two
 * resources, the population standard deviation sqrt(sum (f_i - mean)^2 / n)
 * for more, 0 for fewer; score = trunc((1 - std) * 100), higher better, so
 * score() returns its negation.  Kubernetes ignores weights here, so the
 * field lists names only (default cpu,memory).  A task that asks none of
 * the listed resources scores 0 everywhere (Kubernetes skips the plugin for
 * such best-effort pods).  Kubernetes v1.36 (PR #135573) scores the change
 * in balance instead; that form is not modelled.  Scale-in (the preference
 * reversed): stop on the host whose current use is the least balanced.
 */
#include <math.h>
#include <stdlib.h>

#include "k8s.h"

static int64_t balanced(const double *w, const cl_host *ho, const cl_req *r, int back)
{
	int64_t req[ST_NRES], alloc[ST_NRES];
	double f[ST_NRES], total = 0, sd = 0;
	int n = 0, asks = 0;

	for (int i = 0; i < ST_NRES; i++)
		asks |= w[i] > 0 && st_req_amount(r, i) > 0;
	if (!asks)
		return 0;
	k8s_amounts(w, ho, r, back, req, alloc);
	for (int i = 0; i < ST_NRES; i++) {
		if (alloc[i] == 0)
			continue;
		double x = (double)req[i] / (double)alloc[i];
		f[n++] = x > 1 ? 1 : x;
		total += f[n - 1];
	}
	if (n == 2) {
		sd = fabs((f[0] - f[1]) / 2);
	} else if (n > 2) {
		double mean = total / n, sum = 0;
		for (int i = 0; i < n; i++)
			sum += (f[i] - mean) * (f[i] - mean);
		sd = sqrt(sum / n);
	}
	return (int64_t)((1 - sd) * K8S_MAX_NODE_SCORE);
}

static int ba_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	double *w = xcalloc(ST_NRES, sizeof(*w));
	step->data = w;
	return st_parse_weights(w, field, "balanced-allocation", ST_WEIGHTS_NONE, e);
}

static double ba_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return -(double)balanced(step->data, &cl->hosts[h], r, 0);
}

static double ba_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	return (double)balanced(step->data, &cl->hosts[h], r, 1);
}

const st_strategy st_balanced_allocation = {
	.name = "balanced-allocation",
	.fields = "RES,... (default cpu,memory)",
	.summary = "Kubernetes BalancedAllocation: least std-dev of requested/allocatable",
	.resolve = ba_resolve,
	.score = ba_score,
	.stop_score = ba_stop_score,
	.stop_summary = "the host whose use is the least balanced now",
};
