/* bestfit.c - best-fit on a weighted resource vector.
 *
 * score = sum_i w_i * (free_i - req_i) / total_i  /  sum_i w_i
 * over the resources listed in the field (default cpu=1,memory=1) whose
 * host total is > 0: the weighted mean of the fractions of each resource
 * the host would have left after placing the task.  Lower is better, so the
 * task goes where it leaves the least (normalised) room: a multi-resource
 * binpack.  Scale-in (the placement preference reversed): stop on the host
 * that would have the most left with the task gone, i.e. the largest
 * weighted mean of free_i / total_i now.
 */
#include <stdlib.h>

#include "fit.h"

static int bf_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	double *w = xcalloc(ST_NRES, sizeof(*w));
	step->data = w;
	return st_parse_weights(w, field, "best-fit", ST_WEIGHTS_REAL, e);
}

static double bf_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return fit_remaining(step->data, &cl->hosts[h], r, 0);
}

static double bf_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	return -fit_remaining(step->data, &cl->hosts[h], r, 1);
}

const st_strategy st_best_fit = {
	.name = "best-fit",
	.fields = "RES[=W],... of cpu memory gpu eni (default cpu=1,memory=1)",
	.summary = "host left with the least weighted normalised free resources (research)",
	.resolve = bf_resolve,
	.score = bf_score,
	.stop_score = bf_stop_score,
	.stop_summary = "the host that would have the most left after stopping",
};
