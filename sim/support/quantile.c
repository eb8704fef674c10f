/* quantile.c - exact, then log-bucketed, percentiles (see quantile.h). */
#include "quantile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define SUB (1 << QTL_SUB_BITS)

void qtl_init(qtl *q, size_t exact_max)
{
	*q = (qtl){ .exact_max = exact_max ? exact_max : QTL_EXACT_DEFAULT };
}

void qtl_destroy(qtl *q)
{
	free(q->v);
	free(q->pos.count);
	free(q->neg.count);
	*q = (qtl){ 0 };
}

/* The bucket of magnitude a > 0: a = m 2^e with m in [0.5, 1) (frexp, exact),
 * so 2m - 1 in [0, 1) and its first QTL_SUB_BITS bits pick the bucket.  Keys
 * grow with a. */
static int32_t key_of(double a)
{
	int e;
	double m = frexp(a, &e);

	return (int32_t)e * SUB + (int32_t)((2 * m - 1) * SUB);
}

/* The midpoint of bucket key: [2^(e-1) (1 + j/SUB), 2^(e-1) (1 + (j+1)/SUB)). */
static double mid_of(int32_t key)
{
	int32_t e = key >= 0 ? key / SUB : -((-key + SUB - 1) / SUB);
	int32_t j = key - e * SUB;

	return ldexp(1 + (j + 0.5) / SUB, e - 1);
}

static void side_add(qtl_side *s, int32_t key)
{
	if (s->n == 0) {
		s->count = xcalloc(1, sizeof(*s->count));
		s->lo = key;
		s->n = 1;
	} else if (key < s->lo || key >= s->lo + s->n) {
		int32_t lo = key < s->lo ? key : s->lo;
		int32_t hi = key >= s->lo + s->n ? key + 1 : s->lo + s->n;
		int64_t *c = xcalloc((size_t)(hi - lo), sizeof(*c));
		memcpy(c + (s->lo - lo), s->count, (size_t)s->n * sizeof(*c));
		free(s->count);
		s->count = c;
		s->lo = lo;
		s->n = hi - lo;
	}
	s->count[key - s->lo]++;
	s->total++;
}

static void hist_add(qtl *q, double x)
{
	if (x == 0)
		q->zeros++;
	else if (x > 0)
		side_add(&q->pos, key_of(x));
	else
		side_add(&q->neg, key_of(-x));
}

int qtl_add(qtl *q, double x)
{
	if (!isfinite(x))
		return -1;
	if (q->n == 0 || x < q->min)
		q->min = x;
	if (q->n == 0 || x > q->max)
		q->max = x;
	q->n++;
	if (q->hist) {
		hist_add(q, x);
		return 0;
	}
	if (q->nv == q->exact_max) {
		/* too many to keep: every value so far goes into buckets */
		for (size_t i = 0; i < q->nv; i++)
			hist_add(q, q->v[i]);
		free(q->v);
		q->v = NULL;
		q->nv = q->capv = 0;
		q->hist = 1;
		hist_add(q, x);
		return 0;
	}
	if (q->nv == q->capv) {
		q->capv = q->capv ? 2 * q->capv : 64;
		if (q->capv > q->exact_max)
			q->capv = q->exact_max;
		q->v = xrealloc(q->v, q->capv * sizeof(*q->v));
	}
	q->v[q->nv++] = x;
	q->sorted = 0;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The k-th smallest (from 1) of the histogram, as its bucket's midpoint:
 * negative buckets from the largest magnitude down, the zeros, then the
 * positive buckets up. */
static double hist_rank(const qtl *q, int64_t k)
{
	if (k <= q->neg.total) {
		for (int32_t i = q->neg.n - 1; i >= 0; i--)
			if ((k -= q->neg.count[i]) <= 0)
				return -mid_of(q->neg.lo + i);
	}
	k -= q->neg.total;
	if (k <= q->zeros)
		return 0;
	k -= q->zeros;
	for (int32_t i = 0; i < q->pos.n; i++)
		if ((k -= q->pos.count[i]) <= 0)
			return mid_of(q->pos.lo + i);
	return q->max; /* not reached: k <= n */
}

void qtl_sort(qtl *q)
{
	if (!q->hist && !q->sorted) {
		qsort(q->v, q->nv, sizeof(*q->v), cmp_double);
		q->sorted = 1;
	}
}

double qtl_get(const qtl *q, double p)
{
	double r, v;
	int64_t k;

	if (q->n == 0)
		return NAN;
	if (!(p > 0))
		p = 0;
	if (p > 1)
		p = 1;
	r = p * (double)q->n;
	k = (int64_t)ceil(r - r * 1e-12);
	if (k < 1)
		k = 1;
	if (k > q->n)
		k = q->n;
	if (k == 1)
		return q->min;
	if (k == q->n)
		return q->max;
	if (!q->hist) {
		double *c;
		if (q->sorted)
			return q->v[k - 1];
		/* a sorted copy: q stays as it is (qtl_sort avoids this) */
		c = xmalloc(q->nv * sizeof(*c));
		memcpy(c, q->v, q->nv * sizeof(*c));
		qsort(c, q->nv, sizeof(*c), cmp_double);
		v = c[k - 1];
		free(c);
		return v;
	}
	v = hist_rank(q, k);
	return v < q->min ? q->min : v > q->max ? q->max : v;
}
