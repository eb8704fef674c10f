/* units.h - parsing of the scenario's human units: durations and rates.
 *
 * Durations are a JSON number of seconds or a string "<number><unit>" with
 * unit us, ms, s, m (minutes), h, d (e.g. "90s", "15m", "1.5h", "7d"); the
 * result is an int64_t count of microseconds.  Rates are a number per second
 * or a string "<number>/<unit>" with unit s, min, h, d (e.g. "12/min").
 * Knows nothing of the scenario; only of JSON values.
 */
#ifndef ECS_UNITS_H
#define ECS_UNITS_H

#include <jansson.h>
#include <stdint.h>

#include "err.h"

#define USEC_PER_SEC INT64_C(1000000)
/* Longest duration accepted anywhere: 100 years, far below INT64_MAX us. */
#define UNITS_MAX_DURATION_US (INT64_C(100) * 365 * 86400 * USEC_PER_SEC)

/* Parses a duration string; 0 on success, -1 if malformed, negative or
 * above UNITS_MAX_DURATION_US.  Surrounding blanks are not allowed. */
int units_duration_str(const char *s, int64_t *usec);

/* Parses a JSON duration (number of seconds or string).  On failure sets
 * "<path>: <what is wrong>" in e, e.g.
 * "$.duration: bad duration \"5x\" (use seconds or a string like \"90s\", \"15m\", \"36h\", \"7d\")". */
int units_duration(const json_t *j, const char *path, int64_t *usec, ecs_err *e);

/* Parses a JSON rate to events per second (number, or "12/min" etc.);
 * must be > 0 and finite.  Errors as above, with path. */
int units_rate(const json_t *j, const char *path, double *per_sec, ecs_err *e);

/* The JSON Schemas of what units_duration and units_rate accept (strings
 * by their syntax, made from the unit tables; the 100-year bound of a
 * duration string is left to the loader).  New references. */
json_t *units_duration_schema(void);
json_t *units_rate_schema(void);

/* Seconds as double from microseconds, for output and random draws. */
static inline double us_to_s(int64_t us) { return (double)us / 1e6; }

/* Microseconds from seconds, rounded to nearest, saturating at
 * UNITS_MAX_DURATION_US (draws from heavy tails can be huge). */
int64_t s_to_us(double s);

#endif
