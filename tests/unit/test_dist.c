/* test_dist.c - distributions: exact parse errors, analytic means, and sample moments against them. */
#include "tests/test.h"

#include <float.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "sim/engine/dist.h"
#include "sim/support/units.h"

#define NSAMPLES 200000
#define SEED 20240601UL

/* Parses text (any JSON value) into d with path "$.x". */
static int parse(dist *d, const char *text, enum dist_unit unit, ecs_err *e)
{
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	int rc;

	err_clear(e);
	if (!j) {
		fprintf(stderr, "  bad test JSON: %s\n", text);
		abort();
	}
	rc = dist_parse(d, j, "$.x", unit, e);
	json_decref(j);
	return rc;
}

struct moments {
	double mean, var, m4; /* sample mean, variance, 4th central moment */
	double min, max;
	int nonfinite;
};

static void draw(const dist *d, unsigned long seed, struct moments *m)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	double *x = xmalloc(NSAMPLES * sizeof(*x));
	double sum = 0, s2 = 0, s4 = 0;

	gsl_rng_set(r, seed);
	m->min = INFINITY;
	m->max = -INFINITY;
	m->nonfinite = 0;
	for (int i = 0; i < NSAMPLES; i++) {
		x[i] = dist_sample(d, r);
		if (!isfinite(x[i]))
			m->nonfinite++;
		m->min = fmin(m->min, x[i]);
		m->max = fmax(m->max, x[i]);
		sum += x[i];
	}
	m->mean = sum / NSAMPLES;
	for (int i = 0; i < NSAMPLES; i++) {
		double dx = x[i] - m->mean;
		s2 += dx * dx;
		s4 += dx * dx * dx * dx;
	}
	m->var = s2 / (NSAMPLES - 1);
	m->m4 = s4 / NSAMPLES;
	free(x);
	gsl_rng_free(r);
}

/* Nonzero if the sample mean of d is within 5 standard errors of mean and,
 * when var is finite, the sample variance within 5 standard errors of var
 * (the standard error of a variance estimate is sqrt((m4 - var^2) / n)).
 * The mean's standard error uses the true variance where it is known. */
static int moments_match(const char *what, const dist *d, double mean, double var)
{
	struct moments m;
	double se, tol;

	draw(d, SEED, &m);
	if (m.nonfinite || m.min < 0) {
		fprintf(stderr, "  %s: %d non-finite samples, min %g\n", what,
			m.nonfinite, m.min);
		return 0;
	}
	if (fabs(dist_mean(d) - mean) > 1e-9 * fabs(mean)) {
		fprintf(stderr, "  %s: dist_mean %.9g, expected %.9g\n", what,
			dist_mean(d), mean);
		return 0;
	}
	se = sqrt((isfinite(var) ? var : m.var) / NSAMPLES);
	tol = 5 * se;
	if (!(fabs(m.mean - mean) <= tol)) {
		fprintf(stderr, "  %s: sample mean %.6g, expected %.6g (tol %.3g)\n",
			what, m.mean, mean, tol);
		return 0;
	}
	if (isfinite(var)) {
		tol = 5 * sqrt((m.m4 - m.var * m.var) / NSAMPLES);
		if (!(fabs(m.var - var) <= tol)) {
			fprintf(stderr, "  %s: sample variance %.6g, expected %.6g "
				"(tol %.3g)\n", what, m.var, var, tol);
			return 0;
		}
	}
	return 1;
}

/* Parses text and checks its moments; names the case by its JSON. */
static int parsed_moments_match(const char *text, enum dist_unit unit,
				double mean, double var)
{
	dist d;
	ecs_err e;
	int ok;

	if (parse(&d, text, unit, &e) != 0) {
		fprintf(stderr, "  %s: %s\n", text, e.msg);
		return 0;
	}
	ok = moments_match(text, &d, mean, var);
	dist_destroy(&d);
	return ok;
}

/* Mean and variance of N(m, s) conditioned on x >= 0. */
static void truncated_normal(double m, double s, double *mean, double *var)
{
	double a = -m / s;
	double lambda = gsl_ran_ugaussian_pdf(a) / (1 - gsl_cdf_ugaussian_P(a));

	*mean = m + s * lambda;
	*var = s * s * (1 + a * lambda - lambda * lambda);
}

/* ---- parsing ---------------------------------------------------------- */

TEST(test_dist_parse_errors)
{
	static const struct {
		const char *json;
		enum dist_unit unit;
		const char *msg;
	} cases[] = {
		{ "{\"type\":\"exponential\",\"mean\":0}", DIST_SECONDS,
		  "$.x.mean: must be > 0" },
		{ "{\"type\":\"exponential\",\"mean\":-2}", DIST_SECONDS,
		  "$.x.mean: must be > 0" },
		{ "{\"type\":\"exponential\",\"mean\":\"-2s\"}", DIST_SECONDS,
		  "$.x.mean: must be > 0" },
		{ "{\"type\":\"exponential\",\"mean\":\"0s\"}", DIST_SECONDS,
		  "$.x.mean: must be > 0" },
		{ "{\"type\":\"exponential\",\"mean\":-2}", DIST_NUMBER,
		  "$.x.mean: must be > 0" },
		{ "{\"type\":\"exponential\",\"mean\":\"2s\"}", DIST_NUMBER,
		  "$.x.mean: must be a number" },
		{ "{\"type\":\"exponential\",\"mean\":\"5x\"}", DIST_SECONDS,
		  "$.x.mean: bad duration \"5x\" (use seconds or a string like "
		  "\"90s\", \"15m\", \"36h\", \"7d\")" },
		{ "{\"type\":\"exponential\"}", DIST_SECONDS, "$.x.mean: required" },
		{ "{\"type\":\"exponential\",\"mean\":1,\"rate\":1}", DIST_SECONDS,
		  "$.x: give either \"mean\" or \"rate\", not both" },
		{ "{\"type\":\"exponential\",\"rate\":\"x\"}", DIST_SECONDS,
		  "$.x.rate: bad rate \"x\" (use events per second or a string "
		  "like \"12/min\")" },
		{ "{\"type\":\"exponential\",\"rate\":0}", DIST_NUMBER,
		  "$.x.rate: must be > 0" },
		{ "{\"type\":\"exponential\",\"meen\":1}", DIST_SECONDS,
		  "$.x: unknown key \"meen\" for an exponential distribution (did you mean \"mean\"?)" },
		{ "{\"type\":\"uniform\",\"min\":3,\"max\":2}", DIST_SECONDS,
		  "$.x.max: must be >= min" },
		{ "{\"type\":\"uniform\",\"min\":\"1m\",\"max\":\"59s\"}",
		  DIST_SECONDS, "$.x.max: must be >= min" },
		{ "{\"type\":\"uniform\",\"min\":-1,\"max\":2}", DIST_NUMBER,
		  "$.x.min: must be >= 0" },
		{ "{\"type\":\"uniform\",\"min\":1}", DIST_NUMBER,
		  "$.x.max: required" },
		{ "{\"type\":\"normal\",\"stddev\":1}", DIST_SECONDS,
		  "$.x.mean: required" },
		{ "{\"type\":\"normal\",\"mean\":1,\"stddev\":0}", DIST_SECONDS,
		  "$.x.stddev: must be > 0" },
		{ "{\"type\":\"normal\",\"mean\":1,\"stddev\":1,\"min\":0}",
		  DIST_SECONDS, "$.x: unknown key \"min\" for a normal distribution (did you mean \"mean\"?)" },
		{ "{\"type\":\"lognormal\",\"mean\":1,\"stddev\":1,\"mu\":0}",
		  DIST_SECONDS, "$.x: give either \"mean\" and \"stddev\" or \"mu\" "
				"and \"sigma\", not both" },
		{ "{\"type\":\"lognormal\"}", DIST_SECONDS,
		  "$.x: needs \"mean\" and \"stddev\", or \"mu\" and \"sigma\"" },
		{ "{\"type\":\"lognormal\",\"mean\":1}", DIST_SECONDS,
		  "$.x.stddev: required" },
		{ "{\"type\":\"lognormal\",\"sigma\":1}", DIST_SECONDS,
		  "$.x.mu: required" },
		{ "{\"type\":\"lognormal\",\"mu\":0,\"sigma\":0}", DIST_SECONDS,
		  "$.x.sigma: must be > 0" },
		{ "{\"type\":\"lognormal\",\"mu\":\"1s\",\"sigma\":1}", DIST_SECONDS,
		  "$.x.mu: must be a number" },
		{ "{\"type\":\"weibull\",\"shape\":0,\"scale\":1}", DIST_SECONDS,
		  "$.x.shape: must be > 0" },
		{ "{\"type\":\"weibull\",\"shape\":\"2\",\"scale\":1}", DIST_SECONDS,
		  "$.x.shape: must be a number" },
		{ "{\"type\":\"gamma\",\"shape\":2}", DIST_SECONDS,
		  "$.x.scale: required" },
		{ "{\"type\":\"pareto\",\"shape\":2,\"scale\":0}", DIST_NUMBER,
		  "$.x.scale: must be > 0" },
		{ "{\"type\":\"empirical\",\"values\":[]}", DIST_SECONDS,
		  "$.x.values: must be a non-empty array" },
		{ "{\"type\":\"empirical\"}", DIST_SECONDS,
		  "$.x.values: must be a non-empty array" },
		{ "{\"type\":\"empirical\",\"values\":5}", DIST_SECONDS,
		  "$.x.values: must be a non-empty array" },
		{ "{\"type\":\"empirical\",\"values\":[1,\"2s\",-3]}", DIST_SECONDS,
		  "$.x.values[2]: must be >= 0" },
		{ "{\"type\":\"empirical\",\"values\":[1,\"2s\"]}", DIST_NUMBER,
		  "$.x.values[1]: must be a number" },
		{ "{\"type\":\"choice\",\"values\":[1,2],\"weights\":[1,1,1]}",
		  DIST_SECONDS,
		  "$.x.weights: must have as many entries as values (3 vs 2)" },
		{ "{\"type\":\"choice\",\"values\":[1,2],\"weights\":[0,0]}",
		  DIST_SECONDS, "$.x.weights: must not all be 0" },
		{ "{\"type\":\"choice\",\"values\":[1,2],\"weights\":[1,-1]}",
		  DIST_SECONDS, "$.x.weights[1]: must be >= 0" },
		{ "{\"type\":\"choice\",\"values\":[1,2],\"weights\":[1,\"a\"]}",
		  DIST_SECONDS, "$.x.weights[1]: must be a number" },
		{ "{\"type\":\"choice\",\"values\":[1,2],\"weights\":{}}",
		  DIST_SECONDS, "$.x.weights: must be an array" },
		{ "{\"type\":\"choice\",\"values\":[1],\"weight\":[1]}", DIST_SECONDS,
		  "$.x: unknown key \"weight\" for a choice distribution (did you mean \"weights\"?)" },
		{ "{\"type\":\"poison\",\"mean\":1}", DIST_SECONDS,
		  "$.x.type: unknown distribution \"poison\" (known: constant, "
		  "exponential, uniform, normal, lognormal, weibull, gamma, pareto, "
		  "empirical, choice)" },
		{ "{\"type\":5}", DIST_SECONDS, "$.x.type: must be a string" },
		{ "{\"mean\":5}", DIST_SECONDS, "$.x: missing \"type\"" },
		{ "{\"type\":\"constant\"}", DIST_SECONDS, "$.x.value: required" },
		{ "{\"type\":\"constant\",\"value\":\"5s\"}", DIST_NUMBER,
		  "$.x.value: must be a number" },
		{ "-1", DIST_SECONDS, "$.x: must be >= 0" },
		{ "-1", DIST_NUMBER, "$.x: must be >= 0" },
		{ "\"90\"", DIST_SECONDS,
		  "$.x: bad duration \"90\" (use seconds or a string like \"90s\", "
		  "\"15m\", \"36h\", \"7d\")" },
		{ "\"90s\"", DIST_NUMBER,
		  "$.x: must be a number or a distribution object" },
		{ "true", DIST_SECONDS, "$.x: must be a number of seconds, a duration "
					"string or a distribution object" },
		{ "[1,2]", DIST_NUMBER,
		  "$.x: must be a number or a distribution object" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dist d;
		ecs_err e;
		if (parse(&d, cases[i].json, cases[i].unit, &e) != -1)
			TEST_FAILED("accepted: %s", cases[i].json);
		CHECK_STR(e.msg, cases[i].msg);
		/* A failed parse leaves nothing to free; destroying is harmless. */
		CHECK(d.values == NULL && d.table == NULL);
		dist_destroy(&d);
	}
}

TEST(test_dist_parse_units)
{
	static const struct {
		const char *json;
		enum dist_unit unit;
		enum dist_kind kind;
		double mean;
	} cases[] = {
		{ "5", DIST_NUMBER, DIST_CONSTANT, 5 },
		{ "2.5", DIST_SECONDS, DIST_CONSTANT, 2.5 },
		{ "\"90s\"", DIST_SECONDS, DIST_CONSTANT, 90 },
		{ "{\"type\":\"constant\",\"value\":\"2m\"}", DIST_SECONDS,
		  DIST_CONSTANT, 120 },
		{ "{\"type\":\"exponential\",\"mean\":\"1h\"}", DIST_SECONDS,
		  DIST_EXPONENTIAL, 3600 },
		{ "{\"type\":\"exponential\",\"rate\":\"30/min\"}", DIST_SECONDS,
		  DIST_EXPONENTIAL, 2 },
		{ "{\"type\":\"exponential\",\"rate\":4}", DIST_NUMBER,
		  DIST_EXPONENTIAL, 0.25 },
		{ "{\"type\":\"uniform\",\"min\":\"500ms\",\"max\":\"1.5s\"}",
		  DIST_SECONDS, DIST_UNIFORM, 1 },
		{ "{\"type\":\"uniform\",\"min\":2,\"max\":2}", DIST_NUMBER,
		  DIST_UNIFORM, 2 },
		{ "{\"type\":\"normal\",\"mean\":\"10m\",\"stddev\":\"1s\"}",
		  DIST_SECONDS, DIST_NORMAL, 600 },
		{ "{\"type\":\"lognormal\",\"mean\":\"1h\",\"stddev\":\"30m\"}",
		  DIST_SECONDS, DIST_LOGNORMAL, 3600 },
		{ "{\"type\":\"gamma\",\"shape\":2,\"scale\":\"1m\"}", DIST_SECONDS,
		  DIST_GAMMA, 120 },
		{ "{\"type\":\"pareto\",\"shape\":2,\"scale\":\"1d\"}", DIST_SECONDS,
		  DIST_PARETO, 2 * 86400 },
		{ "{\"type\":\"empirical\",\"values\":[\"1s\",2,\"3000ms\"]}",
		  DIST_SECONDS, DIST_EMPIRICAL, 2 },
		{ "{\"type\":\"choice\",\"values\":[\"1m\",0],\"weights\":[1,3]}",
		  DIST_SECONDS, DIST_CHOICE, 15 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dist d;
		ecs_err e;
		if (parse(&d, cases[i].json, cases[i].unit, &e) != 0)
			TEST_FAILED("%s: %s", cases[i].json, e.msg);
		CHECK_EQ(d.kind, cases[i].kind);
		CHECK_NEAR(dist_mean(&d), cases[i].mean, 1e-9 * cases[i].mean);
		dist_destroy(&d);
	}
}

TEST(test_dist_destroy_and_reparse)
{
	dist d;
	ecs_err e;

	CHECK_EQ(parse(&d, "{\"type\":\"choice\",\"values\":[1,2],\"weights\":[1,1]}",
		       DIST_NUMBER, &e), 0);
	CHECK(d.table != NULL);
	dist_destroy(&d);
	CHECK(d.values == NULL && d.table == NULL);
	CHECK_EQ(parse(&d, "{\"type\":\"empirical\",\"values\":[4]}", DIST_NUMBER,
		       &e), 0);
	CHECK_NEAR(dist_mean(&d), 4, 0);
	dist_destroy(&d);
	/* Fails after the values were allocated: must not leak (ASan checks). */
	CHECK_EQ(parse(&d, "{\"type\":\"choice\",\"values\":[1,2],\"weights\":[0,0]}",
		       DIST_NUMBER, &e), -1);
	dist_destroy(&d);
}

/* ---- analytic means ----------------------------------------------------- */

TEST(test_dist_mean_analytic)
{
	dist d;
	ecs_err e;

	dist_constant(&d, 7);
	CHECK_NEAR(dist_mean(&d), 7, 0);
	dist_destroy(&d);

	CHECK_EQ(parse(&d, "{\"type\":\"normal\",\"mean\":0,\"stddev\":1}",
		       DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), sqrt(2 / M_PI), 1e-12); /* half-normal */
	CHECK_EQ(parse(&d, "{\"type\":\"normal\",\"mean\":100,\"stddev\":1}",
		       DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), 100, 1e-12); /* truncation negligible */
	CHECK_EQ(parse(&d, "{\"type\":\"weibull\",\"shape\":2,\"scale\":1}",
		       DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), sqrt(M_PI) / 2, 1e-12);
	CHECK_EQ(parse(&d, "{\"type\":\"weibull\",\"shape\":1,\"scale\":3}",
		       DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), 3, 1e-12);
	CHECK_EQ(parse(&d, "{\"type\":\"lognormal\",\"mean\":5,\"stddev\":20}",
		       DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), 5, 1e-12);
	CHECK_EQ(parse(&d, "{\"type\":\"lognormal\",\"mu\":1,\"sigma\":2}",
		       DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), exp(3), 1e-9);
	CHECK_EQ(parse(&d, "{\"type\":\"pareto\",\"shape\":3,\"scale\":2}",
		       DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), 3, 1e-12);
	CHECK_EQ(parse(&d, "{\"type\":\"pareto\",\"shape\":1,\"scale\":2}",
		       DIST_NUMBER, &e), 0);
	CHECK(isinf(dist_mean(&d)));
	CHECK_EQ(parse(&d, "{\"type\":\"pareto\",\"shape\":0.5,\"scale\":2}",
		       DIST_NUMBER, &e), 0);
	CHECK(isinf(dist_mean(&d)));
	CHECK_EQ(parse(&d, "{\"type\":\"choice\",\"values\":[1,10,100],"
			   "\"weights\":[7,2,1]}", DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), 12.7, 1e-12);
	dist_destroy(&d);
	CHECK_EQ(parse(&d, "{\"type\":\"choice\",\"values\":[1,10,100]}",
		       DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), 37, 1e-12);
	dist_destroy(&d);
}

/* ---- sample moments ----------------------------------------------------- */

TEST(test_dist_constant_samples)
{
	dist d;
	ecs_err e;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int ok = 1;

	CHECK_EQ(parse(&d, "\"90s\"", DIST_SECONDS, &e), 0);
	for (int i = 0; i < 1000; i++)
		ok &= dist_sample(&d, r) == 90.0;
	gsl_rng_free(r);
	dist_destroy(&d);
	CHECK(ok);
}

TEST(test_dist_exponential_moments)
{
	CHECK(parsed_moments_match("{\"type\":\"exponential\",\"mean\":2}",
				   DIST_NUMBER, 2, 4));
	CHECK(parsed_moments_match("{\"type\":\"exponential\",\"rate\":\"30/min\"}",
				   DIST_SECONDS, 2, 4));
}

TEST(test_dist_uniform_moments)
{
	CHECK(parsed_moments_match("{\"type\":\"uniform\",\"min\":1,\"max\":3}",
				   DIST_NUMBER, 2, 4.0 / 12));
}

TEST(test_dist_normal_moments)
{
	double m, v;

	/* Far from 0 the truncation is invisible. */
	truncated_normal(10, 2, &m, &v);
	CHECK_NEAR(m, 10, 1e-5);
	CHECK(parsed_moments_match("{\"type\":\"normal\",\"mean\":10,\"stddev\":2}",
				   DIST_NUMBER, m, v));
	/* Two stddevs out the truncation shifts the mean by ~0.0109 stddevs,
	 * about 20 standard errors at this sample size. */
	truncated_normal(2, 1, &m, &v);
	CHECK(parsed_moments_match("{\"type\":\"normal\",\"mean\":2,\"stddev\":1}",
				   DIST_NUMBER, m, v));
}

TEST(test_dist_normal_truncated)
{
	dist d;
	ecs_err e;
	struct moments s;
	double m, v;

	truncated_normal(0.5, 1, &m, &v);
	CHECK_EQ(parse(&d, "{\"type\":\"normal\",\"mean\":0.5,\"stddev\":1}",
		       DIST_NUMBER, &e), 0);
	CHECK_NEAR(dist_mean(&d), m, 1e-12);
	CHECK_NEAR(m, 1.00916, 1e-5); /* 0.5 + phi(0.5) / Phi(0.5) */
	draw(&d, SEED, &s);
	CHECK(s.min >= 0);
	CHECK_EQ(s.nonfinite, 0);
	CHECK(moments_match("normal(0.5, 1)", &d, m, v));
	/* The untruncated mean is rejected: the check has power. */
	CHECK(fabs(s.mean - 0.5) > 5 * sqrt(v / NSAMPLES));
	dist_destroy(&d);
}

TEST(test_dist_lognormal_moments)
{
	double s2 = 0.25;

	CHECK(parsed_moments_match(
		"{\"type\":\"lognormal\",\"mean\":2,\"stddev\":1}", DIST_NUMBER, 2, 1));
	CHECK(parsed_moments_match(
		"{\"type\":\"lognormal\",\"mu\":0,\"sigma\":0.5}", DIST_NUMBER,
		exp(s2 / 2), (exp(s2) - 1) * exp(s2)));
}

TEST(test_dist_weibull_moments)
{
	double g1 = tgamma(1.5), g2 = tgamma(2);

	CHECK(parsed_moments_match("{\"type\":\"weibull\",\"shape\":2,\"scale\":3}",
				   DIST_NUMBER, 3 * g1, 9 * (g2 - g1 * g1)));
	/* Shape and scale apart enough that swapping them would show:
	 * mean Gamma(3) = 2, variance Gamma(5) - 4 = 20. */
	CHECK(parsed_moments_match("{\"type\":\"weibull\",\"shape\":0.5,\"scale\":1}",
				   DIST_NUMBER, 2, 20));
}

TEST(test_dist_gamma_moments)
{
	CHECK(parsed_moments_match("{\"type\":\"gamma\",\"shape\":3,\"scale\":2}",
				   DIST_NUMBER, 6, 12));
	CHECK(parsed_moments_match("{\"type\":\"gamma\",\"shape\":0.5,\"scale\":4}",
				   DIST_NUMBER, 2, 8));
}

TEST(test_dist_pareto_moments)
{
	dist d;
	ecs_err e;
	struct moments s;

	/* shape 5, scale 2: mean 2.5, variance 4 * 5 / (16 * 3). */
	CHECK(parsed_moments_match("{\"type\":\"pareto\",\"shape\":5,\"scale\":2}",
				   DIST_NUMBER, 2.5, 20.0 / 48));
	CHECK_EQ(parse(&d, "{\"type\":\"pareto\",\"shape\":5,\"scale\":2}",
		       DIST_NUMBER, &e), 0);
	draw(&d, SEED, &s);
	CHECK(s.min >= 2);
	dist_destroy(&d);
}

TEST(test_dist_empirical_moments)
{
	/* values 1, 2, 3, 10: mean 4, population variance 50 / 4. */
	CHECK(parsed_moments_match(
		"{\"type\":\"empirical\",\"values\":[\"1s\",2,\"3000ms\",10]}",
		DIST_SECONDS, 4, 12.5));
}

/* Counts of each value in NSAMPLES draws, each within 5 binomial standard
 * errors of n * p[i]. */
static int frequencies_match(const char *text, const double *p, size_t n)
{
	dist d;
	ecs_err e;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	long count[8] = { 0 };
	int ok = 1;

	if (parse(&d, text, DIST_NUMBER, &e) != 0 || d.nvalues != n || n > 8) {
		fprintf(stderr, "  %s: %s\n", text, e.msg);
		gsl_rng_free(r);
		return 0;
	}
	gsl_rng_set(r, SEED);
	for (int i = 0; i < NSAMPLES; i++) {
		double x = dist_sample(&d, r);
		size_t k = 0;
		while (k < n && d.values[k] != x)
			k++;
		if (k == n) {
			fprintf(stderr, "  %s: drew %g, not a value\n", text, x);
			ok = 0;
			break;
		}
		count[k]++;
	}
	for (size_t k = 0; ok && k < n; k++) {
		double want = NSAMPLES * p[k];
		double tol = 5 * sqrt(NSAMPLES * p[k] * (1 - p[k]));
		if (!(fabs(count[k] - want) <= tol)) {
			fprintf(stderr, "  %s: value %zu drawn %ld times, expected "
				"%.0f (tol %.0f)\n", text, k, count[k], want, tol);
			ok = 0;
		}
	}
	dist_destroy(&d);
	gsl_rng_free(r);
	return ok;
}

TEST(test_dist_choice_moments)
{
	static const double p[] = { 0.7, 0.2, 0.1 };
	static const double zero[] = { 0.5, 0, 0.5 };
	static const double even[] = { 0.25, 0.25, 0.25, 0.25 };
	/* mean 12.7; E[x^2] = 0.7 + 20 + 1000 = 1020.7 */
	double var = 1020.7 - 12.7 * 12.7;

	CHECK(parsed_moments_match(
		"{\"type\":\"choice\",\"values\":[1,10,100],\"weights\":[7,2,1]}",
		DIST_NUMBER, 12.7, var));
	CHECK(frequencies_match(
		"{\"type\":\"choice\",\"values\":[1,10,100],\"weights\":[7,2,1]}",
		p, 3));
	/* A value of weight 0 is never drawn. */
	CHECK(frequencies_match(
		"{\"type\":\"choice\",\"values\":[1,2,3],\"weights\":[1,0,1]}",
		zero, 3));
	CHECK(frequencies_match(
		"{\"type\":\"choice\",\"values\":[1,2,3,4]}", even, 4));
	CHECK(frequencies_match(
		"{\"type\":\"empirical\",\"values\":[1,2,3,4]}", even, 4));
}

TEST(test_dist_extreme_tails_finite)
{
	static const char *const texts[] = {
		"{\"type\":\"pareto\",\"shape\":0.01,\"scale\":1}",
		"{\"type\":\"weibull\",\"shape\":0.01,\"scale\":1}",
		"{\"type\":\"lognormal\",\"mu\":700,\"sigma\":10}",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		dist d;
		ecs_err e;
		gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
		int bad = 0;

		CHECK_EQ(parse(&d, texts[i], DIST_NUMBER, &e), 0);
		gsl_rng_set(r, SEED);
		for (int k = 0; k < 20000; k++) {
			double x = dist_sample(&d, r);
			bad += !(x >= 0 && x <= DBL_MAX);
		}
		gsl_rng_free(r);
		dist_destroy(&d);
		if (bad)
			TEST_FAILED("%s: %d samples negative or not finite",
				    texts[i], bad);
	}
}
