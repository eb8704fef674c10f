/* schedexpr.h - EventBridge schedule expressions: rate(VALUE UNIT) and the
 * six-field cron(minutes hours day-of-month month day-of-week year) of
 * EventBridge rules and EventBridge Scheduler, with , - * / ? L W # and
 * the names JAN-DEC and SUN-SAT.  Parses with a message that names the
 * field at fault, and finds the next time an expression fires, in UTC
 * seconds since 1970, with bounded work whatever the expression (at most
 * a scan of the months of 1970-2199, never a minute-by-minute one).
 * Also the UTC calendar it needs.  Knows nothing of ecsim.
 */
#ifndef ECS_SCHEDEXPR_H
#define ECS_SCHEDEXPR_H

#include <stddef.h>
#include <stdint.h>

/* Longest expression (EventBridge's ScheduleExpression: 256 characters). */
#define SX_MAX_LEN 256
/* The years a cron expression may name (EventBridge's range). */
#define SX_YEAR_MIN 1970
#define SX_YEAR_MAX 2199

enum sx_kind { SX_RATE, SX_CRON };

/* How day-of-month or day-of-week picks days: from its bits, or one of the
 * single-expression forms. */
enum sx_day {
	SX_DAY_ANY,        /* ? : the other field decides */
	SX_DAY_BITS,       /* values, ranges, steps, * */
	SX_DAY_LAST,       /* day-of-month L: the last day of the month */
	SX_DAY_LAST_WEEKDAY, /* day-of-month LW: the last Monday-Friday of the month */
	SX_DAY_NEAR_WEEKDAY, /* day-of-month nW: the Monday-Friday nearest day n, in its month */
	SX_DAY_LAST_OF,    /* day-of-week nL: the last weekday n of the month */
	SX_DAY_NTH,        /* day-of-week n#k: the k-th weekday n of the month */
};

typedef struct sx_expr {
	enum sx_kind kind;
	int64_t rate;              /* rate: seconds between firings */
	uint64_t minutes;          /* cron: bit m for minute m (0-59) */
	uint32_t hours;            /* bit h (0-23) */
	uint32_t dom;              /* bit d (1-31), SX_DAY_BITS */
	uint16_t months;           /* bit m (1-12) */
	uint8_t dow;               /* bit w (1 = SUN ... 7 = SAT), SX_DAY_BITS */
	uint8_t dom_how, dow_how;  /* enum sx_day */
	uint8_t dom_n;             /* nW: n */
	uint8_t dow_n, dow_k;      /* nL: n; n#k: n and k */
	uint64_t years[4];         /* bit y - SX_YEAR_MIN */
} sx_expr;

/* Parses s.  On a mistake: -1 and, in msg (n bytes), the expression and
 * what is wrong with it, e.g. "cron(0 12 * * * *): day-of-month and
 * day-of-week cannot both be given; use ? in one (field 5, day-of-week)". */
int sx_parse(sx_expr *x, const char *s, char *msg, size_t n);

/* The first time at or after t (s since 1970, UTC) that x fires; a rate
 * fires at anchor + k * rate (k >= 0).  -1 when it never does: a cron
 * expression after SX_YEAR_MAX, or one no date satisfies ("30 FEB"). */
int64_t sx_next(const sx_expr *x, int64_t anchor, int64_t t);

/* Whether cron expression x fires in the minute that starts at t (a
 * multiple of 60), judged field by field without sx_next's search: the
 * oracle the tests and the fuzz target check sx_next against. */
int sx_matches(const sx_expr *x, int64_t t);

/* ---- the UTC calendar (proleptic Gregorian) ---- */

/* Days since 1970-01-01 of y-m-d, and back. */
int64_t sx_days_from_civil(int64_t y, int m, int d);
void sx_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601, UTC), years 1970-2199, to seconds
 * since 1970: 0, or -1 with what is wrong in msg. */
int sx_parse_time(const char *s, int64_t *t, char *msg, size_t n);
/* The same format, from t (at least 21 bytes). */
void sx_format_time(int64_t t, char *buf, size_t n);

#endif
