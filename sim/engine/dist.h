/* dist.h - probability distributions for durations and sizes (GSL-backed).
 *
 * A dist is parsed once from the scenario and sampled many times with a GSL
 * generator the caller owns (one stream per purpose, see rng.h).  Parameters
 * are checked at parse time so sampling never fails.  Knows nothing of the
 * scenario beyond the JSON value it is handed.
 *
 * JSON forms (unit DIST_SECONDS takes durations as in units.h wherever a
 * number of seconds is expected, e.g. "mean": "1h"):
 *   5  or  "90s"                           constant
 *   {"type":"constant","value":V}
 *   {"type":"exponential","mean":M}  or {"type":"exponential","rate":R}
 *   {"type":"uniform","min":A,"max":B}
 *   {"type":"normal","mean":M,"stddev":S}  truncated at 0 (resampled tail)
 *   {"type":"lognormal","mean":M,"stddev":S}  or  {"type":"lognormal","mu":U,"sigma":S}
 *   {"type":"weibull","shape":K,"scale":L}
 *   {"type":"gamma","shape":K,"scale":T}
 *   {"type":"pareto","shape":A,"scale":XM}  (values >= XM)
 *   {"type":"empirical","values":[...]}     each value equally likely
 *   {"type":"choice","values":[...],"weights":[...]}  weights optional
 * Unknown keys in the object are an error.
 */
#ifndef ECS_DIST_H
#define ECS_DIST_H

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <jansson.h>

#include "sim/support/err.h"
#include "sim/support/jread.h"

enum dist_unit {
	DIST_SECONDS, /* values are durations, sampled as seconds */
	DIST_NUMBER,  /* plain non-negative numbers (sizes, counts) */
};

enum dist_kind {
	DIST_CONSTANT,
	DIST_EXPONENTIAL,
	DIST_UNIFORM,
	DIST_NORMAL,
	DIST_LOGNORMAL,
	DIST_WEIBULL,
	DIST_GAMMA,
	DIST_PARETO,
	DIST_EMPIRICAL,
	DIST_CHOICE,
};

typedef struct dist {
	enum dist_kind kind;
	double a, b;             /* kind-specific parameters */
	double *values;          /* empirical / choice */
	size_t nvalues;
	gsl_ran_discrete_t *table; /* choice with weights */
} dist;

/* What a distribution object is, for a JSON Schema: its "type" and each
 * type's keys (the table the parser checks keys against).  Parameters in
 * the distribution's unit are refs "distValue", a rate "distRate": the
 * schema defines them per unit. */
extern const jread_val dist_object;

/* Parses j into d (caller-owned, destroyed with dist_destroy).  On error
 * sets "<path>[.key]: message" in e, e.g.
 * "$.workloads[0].duration.mean: must be > 0" or
 * "$.workloads[0].duration.type: unknown distribution \"poison\" (known: constant, exponential, ...)". */
int dist_parse(dist *d, const json_t *j, const char *path, enum dist_unit unit,
	       ecs_err *e);

/* A constant distribution (for defaults set in code). */
void dist_constant(dist *d, double v);

/* One draw; always >= 0 and finite for parsed distributions. */
double dist_sample(const dist *d, const gsl_rng *r);

/* Mean of the distribution (of the truncated one for normal); INFINITY
 * where it does not exist (pareto with shape <= 1). */
double dist_mean(const dist *d);

/* Frees what dist_parse allocated; d may then be parsed again. */
void dist_destroy(dist *d);

#endif
