/* place.c - host selection by a plain scan over hosts (see place.h).
 *
 * Known limit: O(hosts x steps) per placement.  Fine for thousands of
 * hosts; indexed selection for 100,000 hosts is the placement issue's work
 * and must choose exactly what this scan chooses.
 */
#include "place.h"

#include <stdlib.h>

void place_ws_destroy(place_ws *ws)
{
	free(ws->ties);
	*ws = (place_ws){ 0 };
}

int32_t place_choose(const cl_cluster *cl, const cl_req *r, const st_chain *chain,
		     const gsl_rng *tie, place_ws *ws, enum cl_check *reason)
{
	double best[ST_MAX_STEPS], sc[ST_MAX_STEPS];
	int32_t nties = 0;
	int furthest = -1;

	if (ws->capties < cl->nhosts) {
		ws->capties = cl->nhosts;
		ws->ties = realloc(ws->ties, (size_t)ws->capties * sizeof(*ws->ties));
		if (!ws->ties)
			abort();
	}
	for (int32_t h = 0; h < cl->nhosts; h++) {
		int cmp = 0;
		enum cl_check f;

		if (cl->hosts[h].state != CL_ACTIVE)
			continue;
		f = cl_fit(cl, h, r);
		if ((int)f > furthest)
			furthest = (int)f;
		if (f != CL_NCHECKS)
			continue;
		for (int i = 0; i < chain->n; i++) {
			sc[i] = chain->steps[i].s->score(&chain->steps[i], cl, h, r);
			if (nties && !cmp)
				cmp = sc[i] < best[i] ? -1 : sc[i] > best[i];
		}
		if (nties && cmp > 0)
			continue;
		if (!nties || cmp < 0) {
			for (int i = 0; i < chain->n; i++)
				best[i] = sc[i];
			nties = 0;
		}
		ws->ties[nties++] = h;
	}
	if (!nties) {
		*reason = furthest < 0 ? CL_NCHECKS : (enum cl_check)furthest;
		return -1;
	}
	return nties == 1 ? ws->ties[0] : ws->ties[gsl_rng_uniform_int(tie, (unsigned long)nties)];
}
