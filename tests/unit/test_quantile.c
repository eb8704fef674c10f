/* test_quantile.c - sim/support/quantile: nearest-rank percentiles, exact
 * and as a histogram, against values worked out by hand. */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/support/quantile.h"

/* The nearest-rank example of the textbooks: 15 20 35 40 50. */
TEST(test_quantile_exact_nearest_rank)
{
	static const double v[] = { 40, 15, 50, 35, 20 };
	qtl q;

	qtl_init(&q, 0);
	CHECK(isnan(qtl_get(&q, 0.5)));
	for (int i = 0; i < 5; i++)
		CHECK_EQ(qtl_add(&q, v[i]), 0);
	CHECK_EQ(qtl_count(&q), 5);
	CHECK(qtl_is_exact(&q));
	CHECK_NEAR(qtl_get(&q, 0), 15, 0);     /* rank 1 */
	CHECK_NEAR(qtl_get(&q, 0.05), 15, 0);  /* ceil(0.25) = 1 */
	CHECK_NEAR(qtl_get(&q, 0.3), 20, 0);   /* ceil(1.5) = 2 */
	CHECK_NEAR(qtl_get(&q, 0.4), 20, 0);   /* 2 exactly */
	CHECK_NEAR(qtl_get(&q, 0.5), 35, 0);   /* ceil(2.5) = 3 */
	CHECK_NEAR(qtl_get(&q, 1), 50, 0);
	CHECK_NEAR(qtl_get(&q, 7), 50, 0);     /* clamped */
	CHECK_NEAR(qtl_get(&q, -1), 15, 0);
	qtl_sort(&q);                          /* the same, without a copy */
	CHECK_NEAR(qtl_get(&q, 0.3), 20, 0);
	CHECK_NEAR(qtl_get(&q, 0.5), 35, 0);
	qtl_add(&q, 1);                        /* unsorted again */
	CHECK_NEAR(qtl_get(&q, 0.5), 20, 0);   /* 1 15 20 35 40 50: ceil(3) = 3 */
	qtl_destroy(&q);
}

/* 1..100: p50 = 50, p95 = 95, p99 = 99 (0.95 * 100 is 95.00000000000001 in
 * doubles: still rank 95). */
TEST(test_quantile_exact_ranks_of_1_to_100)
{
	qtl q;

	qtl_init(&q, 0);
	for (int i = 100; i >= 1; i--)
		qtl_add(&q, i);
	CHECK_NEAR(qtl_get(&q, 0.5), 50, 0);
	CHECK_NEAR(qtl_get(&q, 0.95), 95, 0);
	CHECK_NEAR(qtl_get(&q, 0.99), 99, 0);
	CHECK_NEAR(qtl_get(&q, 0.951), 96, 0);
	/* 20 values: 0.95 * 20 is rank 19 */
	qtl_destroy(&q);
	qtl_init(&q, 0);
	for (int i = 1; i <= 20; i++)
		qtl_add(&q, i);
	CHECK_NEAR(qtl_get(&q, 0.95), 19, 0);
	qtl_destroy(&q);
}

/* Past exact_max: 1..1000 in buckets of 1/128 of a power of two.  Worked
 * by hand: 500 = 0.9765625 * 2^9, 2m - 1 = 0.953125, bucket 122 of
 * [256, 512): [500, 502), midpoint 501.  950 = 0.927734375 * 2^10,
 * bucket 109 of [512, 1024): [948, 952) -> 950.  990: bucket 119,
 * [988, 992) -> 990.  1000: [1000, 1004) -> 1002, clamped to the max. */
TEST(test_quantile_histogram_hand_values)
{
	qtl q;

	qtl_init(&q, 16);
	for (int i = 1; i <= 1000; i++)
		qtl_add(&q, i);
	CHECK(!qtl_is_exact(&q));
	CHECK_EQ(qtl_count(&q), 1000);
	CHECK_NEAR(qtl_get(&q, 0.5), 501, 0);
	CHECK_NEAR(qtl_get(&q, 0.95), 950, 0);
	CHECK_NEAR(qtl_get(&q, 0.99), 990, 0);
	CHECK_NEAR(qtl_get(&q, 1), 1000, 0);
	/* rank 1 is the min, exactly (its bucket's midpoint would be 1.00390625);
	 * rank 2 is in bucket 0 of [2, 4): [2, 2.015625) -> 2.0078125 */
	CHECK_NEAR(qtl_get(&q, 0), 1, 0);
	CHECK_NEAR(qtl_get(&q, 0.002), 2.0078125, 0);
	qtl_destroy(&q);
}

/* Zeros and negative values: -8 -1 0 0 3 as a histogram. */
TEST(test_quantile_histogram_signs)
{
	static const double v[] = { 0, 3, -1, 0, -8 };
	qtl q;

	qtl_init(&q, 1);
	for (int i = 0; i < 5; i++)
		qtl_add(&q, v[i]);
	CHECK(!qtl_is_exact(&q));
	CHECK_NEAR(qtl_get(&q, 0.2), -8, 0);          /* rank 1: the min */
	CHECK_NEAR(qtl_get(&q, 0.4), -1.00390625, 0); /* bucket [1, 1.0078125) */
	CHECK_NEAR(qtl_get(&q, 0.6), 0, 0);
	CHECK_NEAR(qtl_get(&q, 0.8), 0, 0);
	CHECK_NEAR(qtl_get(&q, 1), 3, 0);             /* rank n: the max */
	qtl_destroy(&q);
}

/* Not a number, not added. */
TEST(test_quantile_rejects_non_finite)
{
	qtl q;

	qtl_init(&q, 0);
	CHECK_EQ(qtl_add(&q, NAN), -1);
	CHECK_EQ(qtl_add(&q, INFINITY), -1);
	CHECK_EQ(qtl_add(&q, -INFINITY), -1);
	CHECK_EQ(qtl_count(&q), 0);
	CHECK_EQ(qtl_add(&q, 2), 0);
	CHECK_NEAR(qtl_get(&q, 0.5), 2, 0);
	qtl_destroy(&q);
}

/* Over a wide spread of values (a microsecond to days, and negatives),
 * every answer of the histogram is within QTL_REL_ERROR of the exact one,
 * and the order the values come in changes no bit of it. */
TEST(test_quantile_error_bound_and_order)
{
	enum { N = 20000 };
	static const double ps[] = { 0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1 };
	double *v = malloc(N * sizeof(*v));
	qtl ex, h, back;
	uint64_t x = 88172645463325252ull;

	qtl_init(&ex, N);
	qtl_init(&h, 100);
	qtl_init(&back, 100);
	for (int i = 0; i < N; i++) {
		/* xorshift64: a fixed, portable sequence */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v[i] = ldexp((double)(x >> 11) / 9007199254740992.0 + 0.5, (int)(x % 40) - 20);
		if (i % 7 == 0)
			v[i] = -v[i];
		qtl_add(&ex, v[i]);
		qtl_add(&h, v[i]);
	}
	for (int i = N - 1; i >= 0; i--)
		qtl_add(&back, v[i]);
	CHECK(qtl_is_exact(&ex));
	CHECK(!qtl_is_exact(&h));
	for (size_t k = 0; k < sizeof(ps) / sizeof(ps[0]); k++) {
		double e = qtl_get(&ex, ps[k]), a = qtl_get(&h, ps[k]), b = qtl_get(&back, ps[k]);
		if (!(fabs(a - e) <= QTL_REL_ERROR * fabs(e)))
			TEST_FAILED("p %g: histogram %.17g, exact %.17g", ps[k], a, e);
		if (memcmp(&a, &b, sizeof(a)) != 0)
			TEST_FAILED("p %g: %.17g forwards, %.17g backwards", ps[k], a, b);
	}
	free(v);
	qtl_destroy(&ex);
	qtl_destroy(&h);
	qtl_destroy(&back);
}

/* A bucket's midpoint outside the values is clamped: 1000, 1000.5, 1001 all
 * lie in [1000, 1004), whose midpoint 1002 is above the max. */
TEST(test_quantile_histogram_clamps)
{
	qtl q;

	qtl_init(&q, 1);
	qtl_add(&q, 1000);
	qtl_add(&q, 1000.5);
	qtl_add(&q, 1001);
	CHECK_NEAR(qtl_get(&q, 0.5), 1001, 0);
	qtl_destroy(&q);
}
