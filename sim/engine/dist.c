/* dist.c - parsing, sampling and means of the scenario's distributions on top of GSL (see dist.h). */
#include "dist.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sim/support/units.h"

/* How each kind uses dist.a and dist.b:
 *   constant     a = value
 *   exponential  a = mean
 *   uniform      a = min, b = max
 *   normal       a = mean, b = stddev of the normal before truncation at 0
 *   lognormal    a = mu, b = sigma (of the underlying normal)
 *   weibull, gamma, pareto   a = shape, b = scale
 *   empirical, choice        a = mean of values (weighted for choice),
 *                            computed once at parse time
 */

struct parse_ctx {
	const json_t *j;
	const char *path;
	enum dist_unit unit;
	ecs_err *e;
};

typedef int parse_fn(dist *d, const struct parse_ctx *c);


/* ---- parameter helpers ------------------------------------------------ */

static const json_t *get(const struct parse_ctx *c, const char *key)
{
	return json_object_get(c->j, key);
}

/* A value in seconds for DIST_SECONDS (a number or a duration string), a
 * plain number otherwise; always >= 0 and finite. */
static int value_at(const json_t *v, const char *path, enum dist_unit unit,
		    double *out, ecs_err *e)
{
	if (unit == DIST_SECONDS) {
		int64_t us;
		if (units_duration(v, path, &us, e) < 0)
			return -1;
		*out = us_to_s(us);
		return 0;
	}
	if (!json_is_number(v))
		return err_set(e, "%s: must be a number", path);
	*out = json_number_value(v);
	if (!(*out >= 0) || !isfinite(*out))
		return err_set(e, "%s: must be >= 0", path);
	return 0;
}

static int value_param(const struct parse_ctx *c, const char *key, double *out)
{
	char path[1024];
	const json_t *v = get(c, key);

	snprintf(path, sizeof(path), "%s.%s", c->path, key);
	if (!v)
		return err_set(c->e, "%s: required", path);
	return value_at(v, path, c->unit, out, c->e);
}

/* A value parameter that must be strictly positive (means, scales). */
static int positive_value_param(const struct parse_ctx *c, const char *key,
				double *out)
{
	const json_t *v = get(c, key);
	int64_t us;

	/* Say "> 0" rather than the ">= 0" of value_at for negatives too. */
	if ((json_is_number(v) && json_number_value(v) < 0) ||
	    (c->unit == DIST_SECONDS && json_is_string(v) &&
	     json_string_value(v)[0] == '-' &&
	     units_duration_str(json_string_value(v) + 1, &us) == 0))
		return err_set(c->e, "%s.%s: must be > 0", c->path, key);
	if (value_param(c, key, out) < 0)
		return -1;
	if (!(*out > 0))
		return err_set(c->e, "%s.%s: must be > 0", c->path, key);
	return 0;
}

/* A unitless number (shape, sigma, mu, weight); must be > 0 if positive. */
static int plain_param(const struct parse_ctx *c, const char *key, int positive,
		       double *out)
{
	const json_t *v = get(c, key);

	if (!v)
		return err_set(c->e, "%s.%s: required", c->path, key);
	if (!json_is_number(v))
		return err_set(c->e, "%s.%s: must be a number", c->path, key);
	*out = json_number_value(v);
	if (!isfinite(*out))
		return err_set(c->e, "%s.%s: must be finite", c->path, key);
	if (positive && !(*out > 0))
		return err_set(c->e, "%s.%s: must be > 0", c->path, key);
	return 0;
}

/* ---- one parser per kind ---------------------------------------------- */

static int parse_constant(dist *d, const struct parse_ctx *c)
{
	return value_param(c, "value", &d->a);
}

static int parse_exponential(dist *d, const struct parse_ctx *c)
{
	const json_t *rate = get(c, "rate");
	double r;

	if (get(c, "mean") && rate)
		return err_set(c->e, "%s: give either \"mean\" or \"rate\", not both",
			       c->path);
	if (!rate)
		return positive_value_param(c, "mean", &d->a);
	if (c->unit == DIST_SECONDS) {
		char path[1024];
		snprintf(path, sizeof(path), "%s.rate", c->path);
		if (units_rate(rate, path, &r, c->e) < 0)
			return -1;
	} else if (plain_param(c, "rate", 1, &r) < 0) {
		return -1;
	}
	d->a = 1.0 / r;
	if (!isfinite(d->a))
		return err_set(c->e, "%s.rate: too small", c->path);
	return 0;
}

static int parse_uniform(dist *d, const struct parse_ctx *c)
{
	if (value_param(c, "min", &d->a) < 0 || value_param(c, "max", &d->b) < 0)
		return -1;
	if (!(d->b >= d->a))
		return err_set(c->e, "%s.max: must be >= min", c->path);
	return 0;
}

static int parse_normal(dist *d, const struct parse_ctx *c)
{
	if (value_param(c, "mean", &d->a) < 0 ||
	    positive_value_param(c, "stddev", &d->b) < 0)
		return -1;
	return 0;
}

static int parse_lognormal(dist *d, const struct parse_ctx *c)
{
	int by_moments = get(c, "mean") || get(c, "stddev");
	int by_logs = get(c, "mu") || get(c, "sigma");
	double m, s, s2;

	if (by_moments && by_logs)
		return err_set(c->e, "%s: give either \"mean\" and \"stddev\" or "
				     "\"mu\" and \"sigma\", not both", c->path);
	if (!by_moments && !by_logs)
		return err_set(c->e, "%s: needs \"mean\" and \"stddev\", or \"mu\" "
				     "and \"sigma\"", c->path);
	if (by_logs)
		return plain_param(c, "mu", 0, &d->a) < 0 ||
		       plain_param(c, "sigma", 1, &d->b) < 0 ? -1 : 0;
	if (positive_value_param(c, "mean", &m) < 0 ||
	    positive_value_param(c, "stddev", &s) < 0)
		return -1;
	/* log1p keeps sigma accurate when stddev is small against mean. */
	s2 = log1p((s / m) * (s / m));
	d->a = log(m) - s2 / 2;
	d->b = sqrt(s2);
	if (!(d->b > 0) || !isfinite(d->b))
		return err_set(c->e, "%s.stddev: out of range for a lognormal "
				     "with this mean", c->path);
	return 0;
}

/* weibull, gamma and pareto: a plain shape and a scale in value units. */
static int parse_shape_scale(dist *d, const struct parse_ctx *c)
{
	if (plain_param(c, "shape", 1, &d->a) < 0 ||
	    positive_value_param(c, "scale", &d->b) < 0)
		return -1;
	return 0;
}

static int parse_values(dist *d, const struct parse_ctx *c)
{
	const json_t *vals = get(c, "values");
	char path[1024];
	double sum = 0;

	if (!json_is_array(vals) || json_array_size(vals) == 0)
		return err_set(c->e, "%s.values: must be a non-empty array", c->path);
	d->nvalues = json_array_size(vals);
	d->values = xcalloc(d->nvalues, sizeof(*d->values));
	for (size_t i = 0; i < d->nvalues; i++) {
		snprintf(path, sizeof(path), "%s.values[%zu]", c->path, i);
		if (value_at(json_array_get(vals, i), path, c->unit,
			     &d->values[i], c->e) < 0)
			return -1;
		sum += d->values[i];
	}
	d->a = sum / (double)d->nvalues;
	return 0;
}

static int parse_empirical(dist *d, const struct parse_ctx *c)
{
	return parse_values(d, c);
}

static int parse_choice(dist *d, const struct parse_ctx *c)
{
	const json_t *w = get(c, "weights");
	double *p, total = 0, mean = 0;
	size_t n;

	if (parse_values(d, c) < 0)
		return -1;
	if (!w)
		return 0; /* equally likely, sampled like empirical */
	if (!json_is_array(w))
		return err_set(c->e, "%s.weights: must be an array", c->path);
	n = json_array_size(w);
	if (n != d->nvalues)
		return err_set(c->e, "%s.weights: must have as many entries as "
				     "values (%zu vs %zu)", c->path, n, d->nvalues);
	p = xcalloc(n, sizeof(*p));
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_array_get(w, i);
		if (!json_is_number(v)) {
			free(p);
			return err_set(c->e, "%s.weights[%zu]: must be a number",
				       c->path, i);
		}
		p[i] = json_number_value(v);
		if (!(p[i] >= 0) || !isfinite(p[i])) {
			free(p);
			return err_set(c->e, "%s.weights[%zu]: must be >= 0",
				       c->path, i);
		}
		total += p[i];
	}
	/* GSL would divide by the total; check it before handing it over. */
	if (!(total > 0)) {
		free(p);
		return err_set(c->e, "%s.weights: must not all be 0", c->path);
	}
	if (!isfinite(total)) {
		free(p);
		return err_set(c->e, "%s.weights: sum is too large", c->path);
	}
	for (size_t i = 0; i < n; i++)
		mean += d->values[i] * (p[i] / total);
	d->a = mean;
	d->table = gsl_ran_discrete_preproc(n, p);
	free(p);
	return 0;
}

/* ---- the registry ----------------------------------------------------- */

/* Parameters in the distribution's unit are refs "distValue" (a duration
 * or a number, dist.h) and "distRate", which the scenario's schema defines
 * once per unit. */
#define PARAM(n, d) JR_REF(n, "distValue", d)
static const jread_key keys_constant[] = { PARAM("value", "the value"), JREAD_END };
static const jread_key keys_exponential[] = {
	PARAM("mean", "the mean (> 0)"),
	JR_REF("rate", "distRate", "events per second: 1 / mean (instead of mean)"),
	JREAD_END,
};
static const jread_key keys_uniform[] = {
	PARAM("min", "the least value"), PARAM("max", "the largest value (>= min)"), JREAD_END,
};
static const jread_key keys_normal[] = {
	PARAM("mean", "the mean before truncation at 0"),
	PARAM("stddev", "the standard deviation (> 0)"),
	JREAD_END,
};
static const jread_key keys_lognormal[] = {
	PARAM("mean", "the mean (> 0), with stddev"),
	PARAM("stddev", "the standard deviation (> 0), with mean"),
	{ .name = "mu", .v = { .type = JREAD_NUM }, .doc = "the mean of the log (instead of mean)" },
	JR_POSITIVE("sigma", "the standard deviation of the log, with mu"),
	JREAD_END,
};
static const jread_key keys_shape_scale[] = {
	JR_POSITIVE("shape", "the shape (> 0)"), PARAM("scale", "the scale (> 0)"), JREAD_END,
};
static const jread_val values = {
	.type = JREAD_ARR, .flags = JREAD_NONEMPTY, .items = &(const jread_val){ .ref = "distValue" },
};
static const jread_key keys_empirical[] = {
	JR_LIKE("values", &values, "the values, each equally likely"), JREAD_END,
};
static const jread_key keys_choice[] = {
	JR_LIKE("values", &values, "the values"),
	{ .name = "weights", .doc = "their weights, >= 0 (as many as values; default equal)",
	  .v = { .type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_NUM,
								   .flags = JREAD_MIN } } },
	JREAD_END,
};
#undef PARAM

/* By kind; the order here is the order of the "known:" list in error
 * messages. */
static const jread_variant dist_types[] = {
	[DIST_CONSTANT] = { "constant", keys_constant },
	[DIST_EXPONENTIAL] = { "exponential", keys_exponential },
	[DIST_UNIFORM] = { "uniform", keys_uniform },
	[DIST_NORMAL] = { "normal", keys_normal },
	[DIST_LOGNORMAL] = { "lognormal", keys_lognormal },
	[DIST_WEIBULL] = { "weibull", keys_shape_scale },
	[DIST_GAMMA] = { "gamma", keys_shape_scale },
	[DIST_PARETO] = { "pareto", keys_shape_scale },
	[DIST_EMPIRICAL] = { "empirical", keys_empirical },
	[DIST_CHOICE] = { "choice", keys_choice },
	{ NULL, NULL },
};

static parse_fn *const dist_parsers[] = {
	[DIST_CONSTANT] = parse_constant,
	[DIST_EXPONENTIAL] = parse_exponential,
	[DIST_UNIFORM] = parse_uniform,
	[DIST_NORMAL] = parse_normal,
	[DIST_LOGNORMAL] = parse_lognormal,
	[DIST_WEIBULL] = parse_shape_scale,
	[DIST_GAMMA] = parse_shape_scale,
	[DIST_PARETO] = parse_shape_scale,
	[DIST_EMPIRICAL] = parse_empirical,
	[DIST_CHOICE] = parse_choice,
};

const jread_val dist_object = {
	.type = JREAD_OBJ, .tag = "type", .variants = dist_types,
};

#define NTYPES (sizeof(dist_types) / sizeof(dist_types[0]) - 1)

static const jread_variant *find_type(const char *name)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (strcmp(dist_types[i].tag, name) == 0)
			return &dist_types[i];
	return NULL;
}

static int unknown_type(const char *path, const char *name, ecs_err *e)
{
	char known[256];
	size_t n = 0;

	known[0] = 0;
	for (size_t i = 0; i < NTYPES && n < sizeof(known); i++)
		n += snprintf(known + n, sizeof(known) - n, "%s%s",
			      i ? ", " : "", dist_types[i].tag);
	return err_set(e, "%s.type: unknown distribution \"%s\" (known: %s)", path,
		       name, known);
}

static int is_key(const jread_key *k, void *ctx)
{
	return strcmp(k->name, ctx) == 0;
}

static int check_keys(const jread_variant *t, const struct parse_ctx *c)
{
	const char *key, *names[16];
	size_t n = 0;
	json_t *v;

	for (const jread_key *k = t->keys; k->name && n + 1 < sizeof(names) / sizeof(*names); k++)
		names[n++] = k->name;
	names[n] = NULL;
	/* json_object_foreach wants a non-const object; it only reads it. */
	json_object_foreach((json_t *)c->j, key, v) {
		const char *hint;
		if (strcmp(key, "type") == 0 || jread_each(t->keys, is_key, (void *)key))
			continue;
		hint = err_closest(key, names);
		return err_set(c->e, "%s: unknown key \"%s\" for %s %s distribution%s%s%s",
			       c->path, key, strchr("aeiou", t->tag[0]) ? "an" : "a", t->tag,
			       hint ? " (did you mean \"" : "", hint ? hint : "", hint ? "\"?)" : "");
	}
	return 0;
}

static int parse_object(dist *d, const struct parse_ctx *c)
{
	const json_t *type = get(c, "type");
	const jread_variant *t;

	if (!type)
		return err_set(c->e, "%s: missing \"type\"", c->path);
	if (!json_is_string(type))
		return err_set(c->e, "%s.type: must be a string", c->path);
	t = find_type(json_string_value(type));
	if (!t)
		return unknown_type(c->path, json_string_value(type), c->e);
	/* Keys first: a typo such as "meen" explains a missing "mean". */
	if (check_keys(t, c) < 0)
		return -1;
	d->kind = (enum dist_kind)(t - dist_types);
	return dist_parsers[d->kind](d, c);
}

/* ---- public API ------------------------------------------------------- */

int dist_parse(dist *d, const json_t *j, const char *path, enum dist_unit unit,
	       ecs_err *e)
{
	struct parse_ctx c = { j, path, unit, e };
	int rc;

	memset(d, 0, sizeof(*d));
	if (json_is_object(j)) {
		rc = parse_object(d, &c);
	} else if (json_is_number(j) || (unit == DIST_SECONDS && json_is_string(j))) {
		d->kind = DIST_CONSTANT;
		rc = value_at(j, path, unit, &d->a, e);
	} else if (unit == DIST_SECONDS) {
		rc = err_set(e, "%s: must be a number of seconds, a duration string "
				"or a distribution object", path);
	} else {
		rc = err_set(e, "%s: must be a number or a distribution object", path);
	}
	if (rc < 0)
		dist_destroy(d);
	return rc;
}

void dist_constant(dist *d, double v)
{
	memset(d, 0, sizeof(*d));
	d->kind = DIST_CONSTANT;
	d->a = v;
}

static double pick(const dist *d, const gsl_rng *r)
{
	size_t i;

	if (d->table)
		i = gsl_ran_discrete(r, d->table);
	else
		i = gsl_rng_uniform_int(r, d->nvalues);
	return d->values[i];
}

double dist_sample(const dist *d, const gsl_rng *r)
{
	double x = 0;

	switch (d->kind) {
	case DIST_CONSTANT:
		return d->a;
	case DIST_EXPONENTIAL:
		x = gsl_ran_exponential(r, d->a);
		break;
	case DIST_UNIFORM:
		x = d->a + (d->b - d->a) * gsl_rng_uniform(r);
		break;
	case DIST_NORMAL:
		/* The tail x >= -mean of N(0, sd): GSL rejects plain normal
		 * draws when -mean < sd (always here, as mean >= 0), which
		 * costs at most two draws on average. */
		x = d->a + gsl_ran_gaussian_tail(r, -d->a, d->b);
		break;
	case DIST_LOGNORMAL:
		x = gsl_ran_lognormal(r, d->a, d->b);
		break;
	case DIST_WEIBULL:
		x = gsl_ran_weibull(r, d->b, d->a); /* GSL: (scale, shape) */
		break;
	case DIST_GAMMA:
		x = gsl_ran_gamma(r, d->a, d->b);
		break;
	case DIST_PARETO:
		x = gsl_ran_pareto(r, d->a, d->b);
		break;
	case DIST_EMPIRICAL:
	case DIST_CHOICE:
		return pick(d, r);
	}
	/* Rounding in mean + tail can dip below 0 by an ulp, and heavy tails
	 * with extreme parameters can overflow; keep the promise of dist.h. */
	if (!(x >= 0))
		return 0;
	if (x > DBL_MAX)
		return DBL_MAX;
	return x;
}

double dist_mean(const dist *d)
{
	double z;

	switch (d->kind) {
	case DIST_CONSTANT:
	case DIST_EXPONENTIAL:
	case DIST_EMPIRICAL:
	case DIST_CHOICE:
		return d->a;
	case DIST_UNIFORM:
		return (d->a + d->b) / 2;
	case DIST_NORMAL:
		/* Mean of N(m, s) conditioned on x >= 0. */
		z = -d->a / d->b;
		return d->a + d->b * gsl_ran_ugaussian_pdf(z) / gsl_cdf_ugaussian_Q(z);
	case DIST_LOGNORMAL:
		return exp(d->a + d->b * d->b / 2);
	case DIST_WEIBULL:
		/* tgamma gives +inf on overflow where gsl_sf_gamma would abort. */
		return d->b * tgamma(1 + 1 / d->a);
	case DIST_GAMMA:
		return d->a * d->b;
	case DIST_PARETO:
		return d->a > 1 ? d->a * d->b / (d->a - 1) : INFINITY;
	}
	return NAN;
}

void dist_destroy(dist *d)
{
	free(d->values);
	if (d->table)
		gsl_ran_discrete_free(d->table);
	memset(d, 0, sizeof(*d));
}
