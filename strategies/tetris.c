/* tetris.c - Tetris alignment (Grandl et al., "Multi-resource packing for
 * cluster schedulers", SIGCOMM 2014).
 *
 * alignment = sum_i w_i * (req_i / total_i) * (free_i / total_i)
 * over the listed resources (default cpu=1,memory=1) with total_i > 0:
 * the dot product of the task's demand and the host's free resources (before
 * placing), both normalised by the host's capacity.  The paper prefers the
 * largest alignment, so score() returns its negation.  It favours hosts
 * with much free of what the task needs most.  Scale-in (the preference
 * reversed): stop on the host with the smallest alignment of the task with
 * what would be free after stopping it.
 */
#include <stdlib.h>

#include "strategy.h"

static double alignment(const double *w, const cl_host *ho, const cl_req *r, int back)
{
	double dot = 0;

	for (int i = 0; i < ST_NRES; i++) {
		int64_t total = st_host_total(ho, i);
		if (w[i] <= 0 || total <= 0)
			continue;
		int64_t avail = st_host_free(ho, i) + (back ? st_req_amount(r, i) : 0);
		dot += w[i] * ((double)st_req_amount(r, i) / (double)total) *
		       ((double)avail / (double)total);
	}
	return dot;
}

static int tetris_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	double *w = xcalloc(ST_NRES, sizeof(*w));
	step->data = w;
	return st_parse_weights(w, field, "tetris", ST_WEIGHTS_REAL, e);
}

static double tetris_score(const st_step *step, const cl_cluster *cl, int32_t h,
			   const cl_req *r)
{
	return -alignment(step->data, &cl->hosts[h], r, 0);
}

static double tetris_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
				const cl_req *r)
{
	return alignment(step->data, &cl->hosts[h], r, 1);
}

const st_strategy st_tetris = {
	.name = "tetris",
	.fields = "RES[=W],... (default cpu=1,memory=1)",
	.summary = "Tetris: largest dot product of normalised demand and free resources",
	.resolve = tetris_resolve,
	.score = tetris_score,
	.stop_score = tetris_stop_score,
	.stop_summary = "the host with the smallest alignment after stopping",
};
