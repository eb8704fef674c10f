/* quantile.h - percentiles of a stream of numbers: exact while there are
 * few, then a log-bucketed histogram whose answers are within a fixed
 * relative error of the exact ones.  Deterministic: the same values, in any
 * order, give bit-identical answers on every machine (bucketing uses frexp
 * and integer arithmetic only, never log()).  Knows nothing of ecsim.
 *
 * The quantile is the nearest rank: for p in [0, 1] and n values, the k-th
 * smallest value with k = ceil(p * n), at least 1 (p = 0 is the minimum,
 * p = 1 the maximum).  A product p * n within 1e-12 (relative) above an
 * integer counts as that integer, so that 0.95 * 20 is rank 19 whatever
 * the rounding of 0.95.
 *
 * Exact mode keeps the values (up to exact_max of them) and sorts them when
 * asked.  Past exact_max it becomes a histogram: each power of two is cut
 * into 2^QTL_SUB_BITS buckets of equal width, a zero count is kept apart,
 * and negative values are bucketed by their magnitude.  The answer is the
 * midpoint of the bucket that holds the k-th smallest value, clamped to
 * [min, max], which are kept exactly (so rank 1 and rank n are exact); it is within QTL_REL_ERROR of that value
 * (|answer - exact| <= QTL_REL_ERROR * |exact|).  Memory is 8 bytes per
 * bucket between the smallest and the largest magnitude added: 1 KiB per
 * power of two spanned, 45 KiB from a microsecond to a year in seconds.
 */
#ifndef ECS_QUANTILE_H
#define ECS_QUANTILE_H

#include <stddef.h>
#include <stdint.h>

#define QTL_SUB_BITS 7
#define QTL_REL_ERROR (1.0 / (2 << QTL_SUB_BITS))   /* 1/256 */
#define QTL_EXACT_DEFAULT 4096

/* Buckets of one sign: counts of keys lo .. lo + n - 1. */
typedef struct qtl_side {
	int64_t *count;
	int32_t lo, n;
	int64_t total;
} qtl_side;

typedef struct qtl {
	int64_t n;                  /* values added */
	double min, max;
	size_t exact_max;
	double *v;                  /* exact mode: the values (NULL once a histogram) */
	size_t nv, capv;
	int sorted;
	int hist;                   /* a histogram now */
	int64_t zeros;
	qtl_side pos, neg;          /* neg: by magnitude */
} qtl;

/* An empty set that stays exact up to exact_max values (0: the default). */
void qtl_init(qtl *q, size_t exact_max);
void qtl_destroy(qtl *q);

/* Adds x; -1 (and nothing added) if x is not a finite number. */
int qtl_add(qtl *q, double x);

/* Values added so far. */
static inline int64_t qtl_count(const qtl *q)
{
	return q->n;
}

/* 1 while the answers are exact (no more than exact_max values). */
static inline int qtl_is_exact(const qtl *q)
{
	return !q->hist;
}

/* The p-quantile (nearest rank, see above), p in [0, 1] (clamped); NAN
 * when empty.  In exact mode it sorts a copy of the values unless qtl_sort
 * has been called since the last qtl_add. */
double qtl_get(const qtl *q, double p);

/* Sorts the exact values in place, so that qtl_get answers without a copy
 * until the next qtl_add.  Nothing to do for a histogram. */
void qtl_sort(qtl *q);

#endif
