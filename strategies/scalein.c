/* scalein.c - choosing the task to stop on scale-in (see scalein.h).
 *
 * The scan: two passes over the hosts and no scratch memory; the first
 * finds the best score vector and counts the hosts that tie on it, the
 * second returns the k-th of them.  Chains of spreads over zones and one
 * over instances (ECS's default for services) go by the group's levels
 * instead (cluster.h), with the same choices and draws as the scan.
 */
#include "scalein.h"

#include <math.h>
#include <stdlib.h>

#include "guard.h"
#include "place.h"
#include "sim/support/err.h"

#define S3_TRIES 64

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

/* A stop score that is not a finite number is reported (the run stops)
 * and ranks the host last. */
static void stop_scores(const cl_cluster *cl, const st_chain *chain, int32_t h,
			const cl_req *r, double *sc)
{
	for (int i = 0; i < chain->n; i++) {
		const st_step *st = &chain->steps[i];
		sc[i] = st_call_stop_score(st, cl, h, r);
		if (!isfinite(sc[i])) {
			st_bad_score(chain, st, "stop_score", h, sc[i]);
			sc[i] = HUGE_VAL;
		}
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

/* A host's rank in the fallback's order: (zone, partition) for R3 chains
 * (the order of the levels' cells), none otherwise (host index order). */
static int32_t cell_of(const cl_cluster *cl, int32_t h, int r3)
{
	return r3 ? cl->hosts[h].zone * cl_nparts(cl) + cl_host_part(cl, h) : 0;
}

/* S3 (R3 chains): T's hosts all run k tasks of g; S is every host of the
 * zones of T that runs k, in (zone, host index) order.  Draws j in
 * [0, |S|) until S[j] runs an accepted task, at most S3_TRIES times.
 * Returns that task or NULL, having drawn as the indexed path does. */
static cl_task *s3_sample(const cl_cluster *cl, int32_t g, const gsl_rng *tie,
			  scalein_filter *ok, void *ctx, const char *inz, int32_t k)
{
	int32_t nz = cl->attrs[CL_ATTR_ZONE].nvalues, np = cl_nparts(cl), ns = 0, *S;
	cl_task *t = NULL;

	S = xmalloc((size_t)cl->nhosts * sizeof(*S) + 1);
	for (int32_t z = 0; z < nz; z++)
		for (int32_t p = 0; inz[z] && p < np; p++)
			for (int32_t h = 0; h < cl->nhosts; h++)
				if (cl->hosts[h].zone == z && cl_host_part(cl, h) == p &&
				    cl_group_on_host(cl, g, h) == k)
					S[ns++] = h;
	for (int i = 0; i < S3_TRIES && !t; i++)
		t = task_of(cl, g, S[gsl_rng_uniform_int(tie, (unsigned long)ns)], ok, ctx);
	free(S);
	return t;
}

cl_task *scalein_choose_scan_if(const cl_cluster *cl, int32_t g, const st_chain *chain,
				const gsl_rng *tie, scalein_filter *ok, void *ctx)
{
	double best[ST_MAX_STEPS], sc[ST_MAX_STEPS];
	int64_t nties = 0, k;
	int r3 = place_chain_r3(chain) >= 0 && cl->track_group_host;
	int32_t nc = r3 ? cl->attrs[CL_ATTR_ZONE].nvalues * cl_nparts(cl) : 1, first = -1;

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
		if (cmp < 0)
			first = h;
		if (cmp <= 0)
			nties++;
	}
	if (!nties)
		return NULL;
	if (r3) {
		char *inz = xcalloc((size_t)cl->attrs[CL_ATTR_ZONE].nvalues + 1, 1);
		cl_task *t;
		for (int32_t h = 0; h < cl->nhosts; h++) {
			cl_task *u;
			if (runs_group(cl, g, h, &u, ok, ctx)) {
				stop_scores(cl, chain, h, &u->req, sc);
				if (compare(sc, best, chain->n) == 0)
					inz[cl->hosts[h].zone] = 1;
			}
		}
		t = s3_sample(cl, g, tie, ok, ctx, inz, cl_group_on_host(cl, g, first));
		free(inz);
		if (t)
			return t;
	}
	/* the k-th of T, by (zone, partition, host index) for R3 chains, else
	 * by host index */
	k = nties == 1 ? 0 : (int64_t)gsl_rng_uniform_int(tie, (unsigned long)nties);
	for (int32_t c = 0; c < nc; c++)
		for (int32_t h = 0; h < cl->nhosts; h++) {
			cl_task *t;
			if (cell_of(cl, h, r3) != c || !runs_group(cl, g, h, &t, ok, ctx))
				continue;
			stop_scores(cl, chain, h, &t->req, sc);
			if (compare(sc, best, chain->n) == 0 && k-- == 0)
				return t;
		}
	return NULL; /* not reached: the scores are pure */
}

/* A host of level lv that runs an accepted task of g: its latest such task. */
static cl_task *level_task(const cl_cluster *cl, int32_t g, const hix_class *lv,
			   scalein_filter *ok, void *ctx)
{
	for (int32_t j = 0; j < lv->count; j++) {
		cl_task *t = task_of(cl, g, hix_set_select(lv, j), ok, ctx);
		if (t)
			return t;
	}
	return NULL;
}

/* Tasks of g in zone z, as the zone spread ranks zones (0 without one). */
static int32_t zone_count(const cl_cluster *cl, int32_t g, int32_t z, int spread)
{
	return spread ? cl_group_on_value(cl, g, CL_ATTR_ZONE, z) : 0;
}

/* R3 chains by the levels: the zones with the most tasks of g among those
 * with an accepted task, then the highest level with one, then S3's draws,
 * then the same fallback as the scan. */
static cl_task *choose_levels(const cl_cluster *cl, int32_t g, const st_chain *chain,
			      const gsl_rng *tie, scalein_filter *ok, void *ctx)
{
	const hix_levels *L = cl_group_levels(cl, g);
	int32_t np = L->nparts, nz = L->ncells / np, best_cz = -1, kstar = 0, total = 0;
	int32_t *kz = xmalloc((size_t)nz * sizeof(*kz) + 1), *cells, ncells = 0;
	cl_task *t = NULL;
	int spread = 0;

	cells = xmalloc((size_t)L->ncells * sizeof(*cells) + 1);
	for (int i = 0; i < chain->n; i++)
		spread |= st_step_index(&chain->steps[i]) == ST_INDEX_SPREAD &&
			  chain->steps[i].field == CL_ATTR_ZONE;
	/* kz: the highest level of zone z (any partition) with an accepted
	 * task, 0 if none; best_cz: the most tasks of g in such a zone (with a
	 * zone spread) */
	for (int32_t z = 0; z < nz; z++) {
		kz[z] = 0;
		for (int32_t p = 0; p < np; p++) {
			const struct hix_zlevels *zl = &L->z[z * np + p];
			for (int32_t k = zl->n - 1; k > kz[z]; k--)
				if (zl->lv[k].count && level_task(cl, g, &zl->lv[k], ok, ctx)) {
					kz[z] = k;
					break;
				}
		}
		if (kz[z] && zone_count(cl, g, z, spread) > best_cz)
			best_cz = zone_count(cl, g, z, spread);
	}
	if (best_cz < 0)
		goto out;
	for (int32_t z = 0; z < nz; z++)
		if (kz[z] && zone_count(cl, g, z, spread) == best_cz && kz[z] > kstar)
			kstar = kz[z];
	/* S: level kstar of the cells of those zones, in (zone, partition) order */
	for (int32_t z = 0; z < nz; z++)
		for (int32_t p = 0; kz[z] == kstar && zone_count(cl, g, z, spread) == best_cz &&
				    p < np; p++) {
			const hix_class *lv = hix_level(L, z * np + p, kstar);
			if (lv && lv->count) {
				cells[ncells++] = z * np + p;
				total += lv->count;
			}
		}
	for (int i = 0; i < S3_TRIES && !t; i++) {
		int32_t j = (int32_t)gsl_rng_uniform_int(tie, (unsigned long)total), c = 0;
		while (j >= hix_level(L, cells[c], kstar)->count)
			j -= hix_level(L, cells[c++], kstar)->count;
		t = task_of(cl, g, hix_set_select(hix_level(L, cells[c], kstar), j), ok, ctx);
	}
	if (!t) {
		/* T in the same order: the accepted hosts of those levels */
		int64_t nties = 0, k = 0;
		for (int pass = 0; pass < 2 && !t; pass++) {
			if (pass == 1)
				k = nties == 1 ? 0 : (int64_t)gsl_rng_uniform_int(tie, (unsigned long)nties);
			for (int32_t c = 0; c < ncells && !t; c++) {
				const hix_class *lv = hix_level(L, cells[c], kstar);
				for (int32_t j = 0; j < lv->count && !t; j++) {
					cl_task *u = task_of(cl, g, hix_set_select(lv, j), ok, ctx);
					if (!u)
						continue;
					if (pass == 0)
						nties++;
					else if (k-- == 0)
						t = u;
				}
			}
		}
	}
out:
	free(kz);
	free(cells);
	return t;
}

cl_task *scalein_choose_if(const cl_cluster *cl, int32_t g, const st_chain *chain,
			   const gsl_rng *tie, scalein_filter *ok, void *ctx)
{
	if (place_chain_r3(chain) >= 0 && cl->track_group_host)
		return choose_levels(cl, g, chain, tie, ok, ctx);
	return scalein_choose_scan_if(cl, g, chain, tie, ok, ctx);
}
