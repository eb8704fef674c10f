/* stats.h - sample mean, standard deviation and Student-t confidence interval.
 *
 * For n independent replications x_1..x_n: mean, sample standard deviation
 * s (divisor n - 1) and the interval mean -/+ t(1 - alpha/2, n - 1) s / sqrt(n),
 * with the t quantile from GSL (gsl_cdf_tdist_Pinv).  A paired difference
 * is the same statistics of d_k = y_k - x_k over replications that share a
 * seed (common random numbers).  Also the lag-1 autocorrelation (batch
 * means) and quantiles.  Knows nothing of the simulation.
 */
#ifndef ECS_STATS_H
#define ECS_STATS_H

typedef struct stats_ci {
	int n;
	double mean;       /* NaN when n == 0 */
	double sd;         /* NaN when n < 2 */
	double lo, hi;     /* the interval; NaN when n < 2 */
} stats_ci;

/* Statistics of x[0..n-1] at confidence level (0.95 for 95 %).  Identical
 * values give mean == the value and a zero-width interval, exactly. */
stats_ci stats_of(const double *x, int n, double level);

/* Differences within this share of the values compared are floating-point
 * noise (the same sums taken in another order) and count as 0. */
#define STATS_NOISE 1e-9

/* Statistics of the differences y[k] - x[k]; identical samples, and
 * samples that differ only within STATS_NOISE, give exactly 0 with a
 * zero-width interval. */
stats_ci stats_paired(const double *y, const double *x, int n, double level);

/* The two-sided Student t factor t(1 - (1 - level) / 2, df). */
double stats_t_quantile(double level, int df);

/* The lag-1 autocorrelation of x[0..n-1], as correlograms draw it:
 * sum (x_k - m)(x_k+1 - m) / sum (x_k - m)^2.  NaN for n < 3 or
 * identical values. */
double stats_lag1(const double *x, int n);

/* The quantiles p[0..np-1] (in [0, 1]) of x[0..n-1] into q: the sorted
 * values interpolated linearly, q = x_(j) + (h - j)(x_(j+1) - x_(j)) with
 * h = (n - 1) p (Hyndman and Fan's type 7, R's and numpy's default;
 * gsl_stats_quantile_from_sorted_data).  NaN when n == 0. */
void stats_quantiles(const double *x, int n, const double *p, double *q, int np);

#endif
