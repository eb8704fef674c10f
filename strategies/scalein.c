/* scalein.c - choosing the task to stop on scale-in (see scalein.h).
 *
 * Two passes over the hosts and no scratch memory: the first finds the best
 * score vector and counts the hosts that tie on it, the second returns the
 * k-th of them (k drawn as place_choose draws: hosts in index order).
 */
#include "scalein.h"

/* The most recently placed accepted task of g on host h (cl_place pushes
 * to the front). */
static cl_task *task_of(const cl_cluster *cl, int32_t g, int32_t h, scalein_filter *ok,
			void *ctx)
{
	for (cl_task *t = cl->hosts[h].tasks; t; t = t->hnext)
		if (t->req.group == g && (!ok || ok(t, ctx)))
			return t;
	return NULL;
}

static void stop_scores(const cl_cluster *cl, const st_chain *chain, int32_t h,
			const cl_req *r, double *sc)
{
	for (int i = 0; i < chain->n; i++) {
		const st_step *st = &chain->steps[i];
		sc[i] = st->s->stop_score ? st->s->stop_score(st, cl, h, r) : 0;
	}
}

/* -1, 0 or 1 as a is better than, equal to or worse than b. */
static int compare(const double *a, const double *b, int n)
{
	for (int i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* Whether host h runs a task of group g (*t: the latest one); the per-host
 * group counts answer at once when the cluster keeps them. */
static int runs_group(const cl_cluster *cl, int32_t g, int32_t h, cl_task **t,
		      scalein_filter *ok, void *ctx)
{
	if (cl->track_group_host && cl_group_on_host(cl, g, h) == 0)
		return 0;
	return (*t = task_of(cl, g, h, ok, ctx)) != NULL;
}

cl_task *scalein_choose(const cl_cluster *cl, int32_t g, const st_chain *chain,
			const gsl_rng *tie)
{
	return scalein_choose_if(cl, g, chain, tie, NULL, NULL);
}

cl_task *scalein_choose_if(const cl_cluster *cl, int32_t g, const st_chain *chain,
			   const gsl_rng *tie, scalein_filter *ok, void *ctx)
{
	double best[ST_MAX_STEPS], sc[ST_MAX_STEPS];
	int64_t nties = 0, k;

	for (int32_t h = 0; h < cl->nhosts; h++) {
		cl_task *t;
		int cmp;
		if (!runs_group(cl, g, h, &t, ok, ctx))
			continue;
		stop_scores(cl, chain, h, &t->req, sc);
		cmp = nties ? compare(sc, best, chain->n) : -1;
		if (cmp < 0) {
			for (int i = 0; i < chain->n; i++)
				best[i] = sc[i];
			nties = 0;
		}
		if (cmp <= 0)
			nties++;
	}
	if (!nties)
		return NULL;
	k = nties == 1 ? 0 : (int64_t)gsl_rng_uniform_int(tie, (unsigned long)nties);
	for (int32_t h = 0; h < cl->nhosts; h++) {
		cl_task *t;
		if (!runs_group(cl, g, h, &t, ok, ctx))
			continue;
		stop_scores(cl, chain, h, &t->req, sc);
		if (compare(sc, best, chain->n) == 0 && k-- == 0)
			return t;
	}
	return NULL; /* not reached: the scores are pure */
}
