/* demand.c - service demand curves and the utilization they give (see demand.h). */
#include "demand.h"

#include <math.h>

#include "sim/support/units.h"

#define DAY_US (86400 * USEC_PER_SEC)

/* How many points are at or before t (pts sorted by at). */
static int points_until(const sc_demand *d, int64_t t)
{
	int lo = 0, hi = d->npts;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (d->pts[mid].at <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Value of the last point at or before t, or before the first point. */
static double held(const sc_demand *d, int64_t t)
{
	int n = points_until(d, t);

	return n > 0 ? d->pts[n - 1].value : d->value;
}

double demand_at(const sc_demand *d, int64_t t)
{
	double v, phase;

	switch (d->kind) {
	case SC_DEMAND_CONSTANT:
		return d->value;
	case SC_DEMAND_DIURNAL:
		/* a cosine with period one day: peak at peakHour, trough 12 h later */
		phase = (double)(((t - d->peak_at) % DAY_US + DAY_US) % DAY_US) / (double)DAY_US;
		return d->trough + (d->peak - d->trough) * (1 + cos(2 * M_PI * phase)) / 2;
	case SC_DEMAND_STEPS:
	case SC_DEMAND_CSV:
		return held(d, t);
	case SC_DEMAND_SPIKES:
		/* during a spike its value replaces the base; overlapping spikes: the highest */
		v = -1;
		for (int i = 0; i < d->npts; i++)
			if (d->pts[i].at <= t && t < d->pts[i].end && d->pts[i].value > v)
				v = d->pts[i].value;
		return v >= 0 ? v : d->value;
	}
	return 0;
}

demand_util demand_apply_split(const sc_demand *d, double demand, double w, int64_t hb,
			       int64_t hg)
{
	demand_util u = { NAN, NAN, 0 };
	double db = demand * (1 - w), dg = demand * w, busy;

	if (w < 0)
		return demand_apply(d, demand, hb + hg);
	/* each revision serves up to its capacity; the rest is unserved */
	busy = fmin(db, (double)hb * d->capacity) + fmin(dg, (double)hg * d->capacity);
	u.unserved = demand - busy;
	if (u.unserved < 0)
		u.unserved = 0;
	if (hb + hg <= 0)
		return u;
	u.cpu = 100 * busy / ((double)(hb + hg) * d->capacity);
	u.mem = 100 * (d->idle_memory + (1 - d->idle_memory) * busy /
		       ((double)(hb + hg) * d->capacity));
	return u;
}

int64_t demand_next_change(const sc_demand *d, int64_t t)
{
	int64_t next = INT64_MAX;
	int n;

	switch (d->kind) {
	case SC_DEMAND_STEPS:
	case SC_DEMAND_CSV:
		n = points_until(d, t);
		return n < d->npts ? d->pts[n].at : INT64_MAX;
	case SC_DEMAND_SPIKES:
		for (int i = 0; i < d->npts; i++) {
			if (d->pts[i].at > t && d->pts[i].at < next)
				next = d->pts[i].at;
			if (d->pts[i].end > t && d->pts[i].end < next)
				next = d->pts[i].end;
		}
		return next;
	case SC_DEMAND_CONSTANT:
	case SC_DEMAND_DIURNAL:
		break;
	}
	return INT64_MAX;
}

demand_util demand_apply(const sc_demand *d, double demand, int64_t healthy)
{
	double can = (double)healthy * d->capacity, share;
	demand_util u = { NAN, NAN, demand > can ? demand - can : 0 };

	if (healthy <= 0)
		return u;
	share = demand / can;
	if (share > 1)
		share = 1;
	u.cpu = 100 * share;
	u.mem = 100 * (d->idle_memory + (1 - d->idle_memory) * share);
	return u;
}
