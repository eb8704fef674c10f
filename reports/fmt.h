/* fmt.h - numbers as a reader of a report page reads them: fractions in
 * percent, availability in percent, in "nines" and as the downtime a
 * 30-day month would have, durations in the unit that suits them.
 *
 * For pages and plots only: CSV and JSON files keep their own units.
 * Knows nothing of the simulation.
 */
#ifndef ECS_FMT_H
#define ECS_FMT_H

#include <stddef.h>

/* A 30-day month in seconds: the month of cost.per_month_usd. */
#define FMT_MONTH_S (30.0 * 86400.0)

/* An availability within this of 1 is 1: what is left is rounding. */
#define FMT_AVAIL_EPS 1e-12

/* "nines" of an availability a (a fraction): -log10(1 - a), so 0.999 is
 * 3 and 0.9995 is 3.3; INFINITY when a is 1. */
double fmt_nines(double a);

/* The downtime per 30-day month that availability a implies:
 * (1 - a) x 30 days, in seconds (0 when a is 1). */
double fmt_month_downtime_s(double a);

/* Decimals to print a in percent with so that 1 - a keeps two
 * significant digits: 99.95 (2), 99.9958 (4); 0 when a is 1. */
int fmt_avail_decimals(double a);

/* v with at most that many decimals, trailing zeros dropped: "99.95",
 * "100". */
void fmt_fixed(char *buf, size_t n, double v, int decimals);

/* "64.6 %": one decimal from 1 % up, two significant digits below. */
void fmt_percent(char *buf, size_t n, double frac);

/* A duration in the unit that suits it: "0 s", "4.2 s", "45 s",
 * "2.2 min", "3.6 h", "2.5 days". */
void fmt_duration(char *buf, size_t n, double seconds);

/* "99.9958 %": availability a in percent, see fmt_avail_decimals. */
void fmt_avail_percent(char *buf, size_t n, double a);

/* "99.9958 % (4.4 nines, 1.8 min down a 30-day month)", or
 * "100 % (no downtime)". */
void fmt_availability(char *buf, size_t n, double a);

/* "4.4" nines with one decimal, or "no downtime" when a is 1. */
void fmt_nines_text(char *buf, size_t n, double a);

#endif
