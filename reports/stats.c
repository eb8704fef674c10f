/* stats.c - replication statistics (see stats.h). */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/err.h"

double stats_t_quantile(double level, int df)
{
	return gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, (double)df);
}

/* Equal values give exactly that value (a sum / n may not); others a
 * compensated sum (Neumaier's) / n, so that values whose sum is exactly 0,
 * such as paired differences -1, 0, 0, 0, +1, give a mean of exactly 0:
 * GSL's running mean leaves 1.4e-20 there, which would print as a
 * difference. */
static double mean_of(const double *x, int n)
{
	double s = 0, c = 0;
	int same = 1;

	for (int k = 1; k < n && same; k++)
		same = x[k] == x[0];
	if (same)
		return x[0];
	for (int k = 0; k < n; k++) {
		double t = s + x[k];
		c += fabs(s) >= fabs(x[k]) ? (s - t) + x[k] : (x[k] - t) + s;
		s = t;
	}
	return (s + c) / n;
}

stats_ci stats_of(const double *x, int n, double level)
{
	stats_ci c = { .n = n, .mean = NAN, .sd = NAN, .lo = NAN, .hi = NAN };
	double half;

	if (n < 1)
		return c;
	c.mean = mean_of(x, n);
	if (n < 2)
		return c;
	c.sd = gsl_stats_sd_m(x, 1, (size_t)n, c.mean);
	half = c.sd == 0 ? 0 : stats_t_quantile(level, n - 1) * c.sd / sqrt((double)n);
	c.lo = c.mean - half;
	c.hi = c.mean + half;
	return c;
}

stats_ci stats_paired(const double *y, const double *x, int n, double level)
{
	double *d = xmalloc((size_t)(n > 0 ? n : 1) * sizeof(*d));
	stats_ci c;

	for (int k = 0; k < n; k++) {
		double m = fmax(fabs(y[k]), fabs(x[k]));
		d[k] = y[k] - x[k];
		/* the same quantity summed in another order: noise, not a difference */
		if (fabs(d[k]) <= STATS_NOISE * m)
			d[k] = 0;
	}
	c = stats_of(d, n, level);
	free(d);
	return c;
}

double stats_lag1(const double *x, int n)
{
	double m, num = 0, den = 0;

	if (n < 3)
		return NAN;
	m = gsl_stats_mean(x, 1, (size_t)n);
	for (int k = 0; k < n; k++)
		den += (x[k] - m) * (x[k] - m);
	for (int k = 0; k + 1 < n; k++)
		num += (x[k] - m) * (x[k + 1] - m);
	return den > 0 ? num / den : NAN;
}

void stats_quantiles(const double *x, int n, const double *p, double *q, int np)
{
	double *y;

	if (n < 1) {
		for (int i = 0; i < np; i++)
			q[i] = NAN;
		return;
	}
	y = xmalloc((size_t)n * sizeof(*y));
	memcpy(y, x, (size_t)n * sizeof(*y));
	gsl_sort(y, 1, (size_t)n);
	for (int i = 0; i < np; i++)
		q[i] = gsl_stats_quantile_from_sorted_data(y, 1, (size_t)n, p[i]);
	free(y);
}
