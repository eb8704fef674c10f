/* worstfit.c - worst-fit on a weighted resource vector.
 *
 * score = -(sum_i w_i * (free_i - req_i) / total_i  /  sum_i w_i)
 * (best-fit's measure, negated): the task goes to the host that keeps the
 * most normalised room after placing it, which spreads load.  Scale-in (the
 * preference reversed): stop on the host that would have the least left with
 * the task gone, i.e. the most loaded host.
 */
#include <stdlib.h>

#include "fit.h"

static int wf_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	double *w = xcalloc(ST_NRES, sizeof(*w));
	step->data = w;
	return st_parse_weights(w, field, "worst-fit", ST_WEIGHTS_REAL, e);
}

static double wf_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return -fit_remaining(step->data, &cl->hosts[h], r, 0);
}

static double wf_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	return fit_remaining(step->data, &cl->hosts[h], r, 1);
}

const st_strategy st_worst_fit = {
	.name = "worst-fit",
	.fields = "RES[=W],... of cpu memory gpu eni (default cpu=1,memory=1)",
	.summary = "host left with the most weighted normalised free resources (research)",
	.resolve = wf_resolve,
	.score = wf_score,
	.stop_score = wf_stop_score,
	.stop_summary = "the host that would have the least left after stopping",
};
