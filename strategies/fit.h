/* fit.h - the normalised remaining-resource vector shared by best-fit and
 * worst-fit (internal to strategies/). */
#ifndef ECS_FIT_H
#define ECS_FIT_H

#include "strategy.h"

/* Weighted mean over the resources with weight w > 0 and total > 0 of
 * (avail - need) / total, where avail = free (+ r again when `back`, the host
 * as it would be after stopping r) and need = r.  0 when no resource counts. */
static inline double fit_remaining(const double *w, const cl_host *ho, const cl_req *r,
				   int back)
{
	double sum = 0, wsum = 0;

	for (int i = 0; i < ST_NRES; i++) {
		int64_t total = st_host_total(ho, i);
		if (w[i] <= 0 || total <= 0)
			continue;
		int64_t left = st_host_free(ho, i) + (back ? st_req_amount(r, i) : 0) -
			       st_req_amount(r, i);
		sum += w[i] * (double)left / (double)total;
		wsum += w[i];
	}
	return wsum > 0 ? sum / wsum : 0;
}

#endif
