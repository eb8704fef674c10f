/* schedexpr.c - EventBridge schedule expressions (see schedexpr.h).
 *
 * The syntax is the one of "Setting a schedule pattern for scheduled rules"
 * (EventBridge User Guide, eb-scheduled-rule-pattern) and "Schedule types
 * on EventBridge Scheduler" (Scheduler User Guide, schedule-types):
 *
 *   field         values            wildcards
 *   minutes       0-59              , - * /
 *   hours         0-23              , - * /
 *   day-of-month  1-31              , - * ? / L W
 *   month         1-12 or JAN-DEC   , - * /
 *   day-of-week   1-7 or SUN-SAT    , - * ? L #
 *   year          1970-2199         , - * /
 *
 * One of day-of-month and day-of-week must be ?, the other not.  Where
 * the guides say nothing the Quartz scheduler's meaning is taken (the
 * syntax is Quartz's): L alone in day-of-week is 7 (SAT); nW does not
 * leave its month; a range must not run backwards; names and L, W are
 * read in any case.
 */
#include "schedexpr.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- the calendar ---- */

/* H. Hinnant's days_from_civil / civil_from_days (public domain). */
int64_t sx_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void sx_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int n[] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : n[m];
}

/* 1 = Sunday ... 7 = Saturday, as EventBridge numbers days of the week
 * (1970-01-01 was a Thursday). */
static int weekday(int64_t days)
{
	int64_t w = (days + 4) % 7;

	return (int)(w < 0 ? w + 7 : w) + 1;
}

/* Seconds since 1970 of the first second after SX_YEAR_MAX. */
#define SX_END ((int64_t)86400 * 84006) /* 2200-01-01 */

int sx_parse_time(const char *s, int64_t *t, char *msg, size_t n)
{
	int v[6], len[6] = { 4, 2, 2, 2, 2, 2 };
	const char sep[6] = { '-', '-', 'T', ':', ':', 'Z' };
	const char *p = s;

	for (int i = 0; i < 6; i++) {
		v[i] = 0;
		for (int k = 0; k < len[i]; k++, p++) {
			if (!isdigit((unsigned char)*p))
				goto bad;
			v[i] = v[i] * 10 + (*p - '0');
		}
		if (*p++ != sep[i])
			goto bad;
	}
	if (*p)
		goto bad;
	if (v[0] < SX_YEAR_MIN || v[0] > SX_YEAR_MAX) {
		snprintf(msg, n, "year %d is outside %d-%d", v[0], SX_YEAR_MIN, SX_YEAR_MAX);
		return -1;
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > month_days(v[0], v[1]) || v[3] > 23 ||
	    v[4] > 59 || v[5] > 59) {
		snprintf(msg, n, "\"%s\" is not a date and time that exists", s);
		return -1;
	}
	*t = (sx_days_from_civil(v[0], v[1], v[2]) * 24 + v[3]) * 3600 + v[4] * 60 + v[5];
	return 0;
bad:
	snprintf(msg, n, "\"%.40s\" is not of the form YYYY-MM-DDTHH:MM:SSZ (ISO 8601, UTC)", s);
	return -1;
}

void sx_format_time(int64_t t, char *buf, size_t n)
{
	int64_t y, days = t / 86400, rem = t % 86400;
	int m, d;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	sx_civil_from_days(days, &y, &m, &d);
	snprintf(buf, n, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
		 (int)(rem / 3600), (int)(rem % 3600 / 60), (int)(rem % 60));
}

/* ---- parsing ---- */

static const char *const month_names[] = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL",
					   "AUG", "SEP", "OCT", "NOV", "DEC", NULL };
static const char *const day_names[] = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", NULL };

enum { F_MIN, F_HOUR, F_DOM, F_MONTH, F_DOW, F_YEAR, NFIELDS };

static const struct field {
	const char *name;
	int lo, hi;
	const char *wild;              /* the wildcards it takes */
	const char *const *names;      /* names of lo, lo + 1, ... */
} fields[NFIELDS] = {
	{ "minutes", 0, 59, ", - * /", NULL },
	{ "hours", 0, 23, ", - * /", NULL },
	{ "day-of-month", 1, 31, ", - * ? / L W", NULL },
	{ "month", 1, 12, ", - * /", month_names },
	{ "day-of-week", 1, 7, ", - * ? L #", day_names },
	{ "year", SX_YEAR_MIN, SX_YEAR_MAX, ", - * /", NULL },
};

typedef struct parser {
	const char *expr;              /* the whole expression, for messages */
	char *msg;
	size_t n;
} parser;

/* "EXPR: WHAT (field I, NAME)"; always -1. */
static int fail(const parser *ps, int f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(const parser *ps, int f, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (f >= 0)
		snprintf(ps->msg, ps->n, "%s: %s (field %d, %s)", ps->expr, what, f + 1,
			 fields[f].name);
	else
		snprintf(ps->msg, ps->n, "%s: %s", ps->expr, what);
	return -1;
}

static void set_bit(sx_expr *x, int f, int v)
{
	switch (f) {
	case F_MIN: x->minutes |= UINT64_C(1) << v; break;
	case F_HOUR: x->hours |= UINT32_C(1) << v; break;
	case F_DOM: x->dom |= UINT32_C(1) << v; break;
	case F_MONTH: x->months |= (uint16_t)(1u << v); break;
	case F_DOW: x->dow |= (uint8_t)(1u << v); break;
	default: x->years[(v - SX_YEAR_MIN) / 64] |= UINT64_C(1) << ((v - SX_YEAR_MIN) % 64); break;
	}
}

/* The wildcard c must be one that field f takes. */
static int allowed(const parser *ps, int f, char c)
{
	if (!strchr(fields[f].wild, c))
		return fail(ps, f, "%c is not allowed here (%s takes %s)", c, fields[f].name,
			    fields[f].wild);
	return 0;
}

/* A wildcard of the single-expression forms (? L W #) met inside a list
 * or a range of field f. */
static int misplaced(const parser *ps, int f, char c)
{
	if (allowed(ps, f, c) < 0)
		return -1;
	if (c == '?')
		return fail(ps, f, "? stands alone in its field");
	return fail(ps, f, "%c goes with a single day, not with a list, a range or *", c);
}

/* A value of field f at *p (digits, or a name where the field has names;
 * in day-of-week a name may be followed by L, as in FRIL); *p moves past
 * it. */
static int parse_value(const parser *ps, int f, const char **p, int *v)
{
	const struct field *fd = &fields[f];
	const char *s = *p;
	int k = 0, c = toupper((unsigned char)*s);

	if (isdigit((unsigned char)*s)) {
		long x = 0;
		while (isdigit((unsigned char)s[k])) {
			if (x < 100000)
				x = x * 10 + (s[k] - '0');
			k++;
		}
		if (x < fd->lo || x > fd->hi)
			return fail(ps, f, "%.*s is out of range %d-%d", k > 9 ? 9 : k, s, fd->lo,
				    fd->hi);
		*v = (int)x;
		*p = s + k;
		return 0;
	}
	if ((c == 'L' || c == 'W') && !isalpha((unsigned char)s[1]))
		return misplaced(ps, f, (char)c);
	if (c == '?' || c == '#')
		return misplaced(ps, f, (char)c);
	if (isalpha((unsigned char)*s)) {
		while (isalpha((unsigned char)s[k]))
			k++;
		if (!fd->names)
			return fail(ps, f, "\"%.*s\" is not a number", k > 12 ? 12 : k, s);
		if (k == 4 && f == F_DOW && toupper((unsigned char)s[3]) == 'L')
			k = 3;
		for (int i = 0; fd->names[i]; i++)
			if (k == 3 && strncasecmp(s, fd->names[i], 3) == 0) {
				*v = fd->lo + i;
				*p = s + k;
				return 0;
			}
		return fail(ps, f, "unknown name \"%.*s\" (%s)", k > 12 ? 12 : k, s,
			    f == F_MONTH ? "JAN-DEC" : "SUN-SAT");
	}
	if (*s == 0 || *s == ',' || *s == '-' || *s == '/')
		return fail(ps, f, "a value is missing");
	return fail(ps, f, "unexpected '%c'", *s);
}

/* s (len characters) is one value and a letter, as 15W or FRIL: the value
 * into *v. */
static int value_before_letter(const parser *ps, int f, const char *s, size_t len, int *v)
{
	const char *p = s;

	if (parse_value(ps, f, &p, v) < 0)
		return -1;
	if (p != s + len - 1)
		return fail(ps, f, "%s", f == F_DOM ? "W takes one day of the month before it, "
			    "as in 15W" : "L takes one day of the week before it, as in 6L or FRIL");
	return 0;
}

/* A field of ordinary values: items separated by ',', each *, V, V-V, with
 * an optional /STEP. */
static int parse_list(const parser *ps, sx_expr *x, int f, const char *s)
{
	const struct field *fd = &fields[f];
	const char *p = s;

	for (;;) {
		int a, b, c, step = 1, star = 0, range = 0;
		if (*p == '*') {
			if (allowed(ps, f, '*') < 0)
				return -1;
			a = fd->lo;
			b = fd->hi;
			star = 1;
			p++;
		} else {
			if (parse_value(ps, f, &p, &a) < 0)
				return -1;
			b = a;
			if (*p == '-') {
				p++;
				if (parse_value(ps, f, &p, &b) < 0)
					return -1;
				if (b < a)
					return fail(ps, f, "the range %d-%d runs backwards", a, b);
				range = 1;
			}
		}
		if (*p == '/') {
			long k = 0;
			int nd = 0;
			if (allowed(ps, f, '/') < 0)
				return -1;
			for (p++; isdigit((unsigned char)*p); p++, nd++)
				if (k < 100000)
					k = k * 10 + (*p - '0');
			if (nd == 0)
				return fail(ps, f, "/ needs an increment after it");
			if (k < 1)
				return fail(ps, f, "the increment after / must be at least 1");
			step = k > fd->hi - fd->lo + 1 ? fd->hi - fd->lo + 1 : (int)k;
			if (!star && !range)
				b = fd->hi;
		}
		if (*p != ',' && *p != 0) {
			c = toupper((unsigned char)*p);
			if (c == 'L' || c == 'W' || c == '#' || c == '?')
				return misplaced(ps, f, (char)c);
			return fail(ps, f, "unexpected '%c'", *p);
		}
		for (int v = a; v <= b; v += step)
			set_bit(x, f, v);
		if (*p == 0)
			return 0;
		p++;
		if (*p == 0)
			return fail(ps, f, "a value is missing after ,");
	}
}

static int ieq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* Field f (text s, NUL-terminated): its special forms, else a list. */
static int parse_field(const parser *ps, sx_expr *x, int f, const char *s)
{
	size_t len = strlen(s);
	const char *hash = strchr(s, '#');

	if (strcmp(s, "?") == 0) {
		if (allowed(ps, f, '?') < 0)
			return -1;
		if (f == F_DOM)
			x->dom_how = SX_DAY_ANY;
		else
			x->dow_how = SX_DAY_ANY;
		return 0;
	}
	if (f == F_DOM && (ieq(s, "L") || ieq(s, "LW"))) {
		x->dom_how = len == 1 ? SX_DAY_LAST : SX_DAY_LAST_WEEKDAY;
		return 0;
	}
	if (f == F_DOM && len > 1 && toupper((unsigned char)s[len - 1]) == 'W' &&
	    !strpbrk(s, ",-*/") && isdigit((unsigned char)s[0])) {
		int v;
		if (value_before_letter(ps, f, s, len, &v) < 0)
			return -1;
		x->dom_how = SX_DAY_NEAR_WEEKDAY;
		x->dom_n = (uint8_t)v;
		return 0;
	}
	if (f == F_DOW && ieq(s, "L")) {
		x->dow_how = SX_DAY_BITS;
		set_bit(x, f, 7); /* the last day of the week (Quartz) */
		return 0;
	}
	if (f == F_DOW && len > 1 && toupper((unsigned char)s[len - 1]) == 'L' &&
	    !strpbrk(s, ",-*/#")) {
		int v;
		if (value_before_letter(ps, f, s, len, &v) < 0)
			return -1;
		x->dow_how = SX_DAY_LAST_OF;
		x->dow_n = (uint8_t)v;
		return 0;
	}
	if (f == F_DOW && hash) {
		const char *p = s;
		int v;
		if (strpbrk(s, ",") || strchr(hash + 1, '#'))
			return fail(ps, f, "# allows a single day-of-week expression, not a list");
		if (parse_value(ps, f, &p, &v) < 0)
			return -1;
		if (p != hash)
			return fail(ps, f, "# takes one day of the week before it, as in 3#2");
		if (!isdigit((unsigned char)hash[1]) || hash[2] != 0 || hash[1] < '1' || hash[1] > '5')
			return fail(ps, f, "the number after # must be 1-5 (the week of the month)");
		x->dow_how = SX_DAY_NTH;
		x->dow_n = (uint8_t)v;
		x->dow_k = (uint8_t)(hash[1] - '0');
		return 0;
	}
	if (f == F_DOM)
		x->dom_how = SX_DAY_BITS;
	if (f == F_DOW)
		x->dow_how = SX_DAY_BITS;
	return parse_list(ps, x, f, s);
}

static int parse_cron(const parser *ps, sx_expr *x, const char *body, size_t blen)
{
	char buf[SX_MAX_LEN + 1], *fv[NFIELDS + 1];
	int nf = 0;

	memcpy(buf, body, blen);
	buf[blen] = 0;
	for (char *p = buf; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		if (nf <= NFIELDS)
			fv[nf] = p;
		nf++;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (nf != NFIELDS)
		return fail(ps, -1, "%d fields, EventBridge's cron has 6 (minutes hours "
			    "day-of-month month day-of-week year)%s", nf,
			    nf == 5 ? "; the sixth, the year, may be *" : "");
	x->kind = SX_CRON;
	for (int f = 0; f < NFIELDS; f++)
		if (parse_field(ps, x, f, fv[f]) < 0)
			return -1;
	if (x->dom_how == SX_DAY_ANY && x->dow_how == SX_DAY_ANY)
		return fail(ps, F_DOW, "day-of-month and day-of-week cannot both be ?; give one");
	if (x->dom_how != SX_DAY_ANY && x->dow_how != SX_DAY_ANY)
		return fail(ps, F_DOW, "day-of-month and day-of-week cannot both be given; use ? "
			    "in one");
	return 0;
}

static int parse_rate(const parser *ps, sx_expr *x, const char *body, size_t blen)
{
	static const struct { const char *one, *many; int64_t s; } units[] = {
		{ "minute", "minutes", 60 }, { "hour", "hours", 3600 }, { "day", "days", 86400 },
	};
	char buf[SX_MAX_LEN + 1], unit[SX_MAX_LEN + 1];
	int64_t v = 0;
	int nd = 0, k = 0;
	const char *p;

	memcpy(buf, body, blen);
	buf[blen] = 0;
	for (p = buf; isdigit((unsigned char)*p); p++, nd++)
		if (v < INT64_C(1) << 40)
			v = v * 10 + (*p - '0');
	if (nd == 0 || *p != ' ')
		return fail(ps, -1, "expected rate(VALUE UNIT): a positive whole number, one "
			    "space, a unit");
	for (p++; *p && *p != ' '; p++)
		unit[k++] = *p;
	unit[k] = 0;
	if (*p)
		return fail(ps, -1, "expected rate(VALUE UNIT): nothing may follow the unit");
	if (v < 1)
		return fail(ps, -1, "the value must be a positive whole number");
	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++) {
		if (strcmp(unit, units[i].one) && strcmp(unit, units[i].many))
			continue;
		if (v == 1 && strcmp(unit, units[i].one))
			return fail(ps, -1, "with the value 1 the unit is singular: %s",
				    units[i].one);
		if (v != 1 && strcmp(unit, units[i].many))
			return fail(ps, -1, "with a value other than 1 the unit is plural: %s",
				    units[i].many);
		if (v > INT64_C(100) * 365 * 86400 / units[i].s)
			return fail(ps, -1, "longer than 100 years");
		x->kind = SX_RATE;
		x->rate = v * units[i].s;
		return 0;
	}
	return fail(ps, -1, "unknown unit \"%.20s\" (minute, minutes, hour, hours, day, days)",
		    unit);
}

int sx_parse(sx_expr *x, const char *s, char *msg, size_t n)
{
	size_t len = strlen(s);
	parser ps = { s, msg, n };

	memset(x, 0, sizeof(*x));
	if (len > SX_MAX_LEN) {
		snprintf(msg, n, "a schedule expression of %zu characters; EventBridge allows at "
			 "most %d", len, SX_MAX_LEN);
		return -1;
	}
	if (len > 5 && strncmp(s, "cron(", 5) == 0 && s[len - 1] == ')')
		return parse_cron(&ps, x, s + 5, len - 6);
	if (len > 5 && strncmp(s, "rate(", 5) == 0 && s[len - 1] == ')')
		return parse_rate(&ps, x, s + 5, len - 6);
	if (strncmp(s, "at(", 3) == 0)
		return fail(&ps, -1, "one-time at() schedules are not schedule arrivals; use a "
			    "times arrival");
	return fail(&ps, -1, "must be rate(VALUE UNIT) or cron(FIELDS), e.g. rate(5 minutes) "
		    "or cron(0 12 * * ? *)");
}

/* ---- the next firing ---- */

static int year_bit(const sx_expr *x, int64_t y)
{
	int64_t i = y - SX_YEAR_MIN;

	return i >= 0 && y <= SX_YEAR_MAX && (x->years[i / 64] >> (i % 64) & 1);
}

/* The days (bit d for day d) of month m of year y that x fires on. */
static uint32_t day_mask(const sx_expr *x, int64_t y, int m)
{
	int n = month_days(y, m), w1 = weekday(sx_days_from_civil(y, m, 1)), d;
	/* days 1..n; n + 1 is 32 in a long month, too wide a shift for 32 bits */
	uint32_t all = (uint32_t)((UINT64_C(1) << (n + 1)) - 2), mask = 0;

	switch (x->dow_how) {
	case SX_DAY_ANY:
		break;
	case SX_DAY_BITS:
		for (d = 1; d <= n; d++)
			if (x->dow >> ((w1 - 1 + d - 1) % 7 + 1) & 1)
				mask |= UINT32_C(1) << d;
		return mask;
	case SX_DAY_LAST_OF: {
		int wn = (w1 - 1 + n - 1) % 7 + 1;
		return UINT32_C(1) << (n - (wn - x->dow_n + 7) % 7);
	}
	case SX_DAY_NTH:
		d = 1 + (x->dow_n - w1 + 7) % 7 + 7 * (x->dow_k - 1);
		return d <= n ? UINT32_C(1) << d : 0;
	}
	switch (x->dom_how) {
	case SX_DAY_LAST:
		return UINT32_C(1) << n;
	case SX_DAY_LAST_WEEKDAY: {
		int wn = (w1 - 1 + n - 1) % 7 + 1;
		return UINT32_C(1) << (wn == 7 ? n - 1 : wn == 1 ? n - 2 : n);
	}
	case SX_DAY_NEAR_WEEKDAY: {
		int k = x->dom_n, wk = (w1 - 1 + k - 1) % 7 + 1;
		if (k > n)
			return 0;
		if (wk == 7)
			d = k > 1 ? k - 1 : k + 2;
		else if (wk == 1)
			d = k < n ? k + 1 : k - 2;
		else
			d = k;
		return UINT32_C(1) << d;
	}
	default:
		return x->dom & all;
	}
}

static int64_t next_cron(const sx_expr *x, int64_t t)
{
	int64_t y, days;
	int m, d, h, mi, rem;

	if (t < 0)
		t = 0;
	if (t >= SX_END)
		return -1;
	t = (t + 59) / 60 * 60;
	days = t / 86400;
	rem = (int)(t % 86400);
	h = rem / 3600;
	mi = rem % 3600 / 60;
	sx_civil_from_days(days, &y, &m, &d);
	for (; y <= SX_YEAR_MAX; y++, m = 1, d = 1, h = 0, mi = 0) {
		if (!year_bit(x, y))
			continue;
		for (; m <= 12; m++, d = 1, h = 0, mi = 0) {
			uint32_t dm;
			if (!(x->months >> m & 1))
				continue;
			dm = day_mask(x, y, m) & (UINT32_MAX << d);
			for (; dm; dm &= dm - 1) {
				int dd = __builtin_ctz(dm), h0 = dd == d ? h : 0;
				uint32_t hm = x->hours & (UINT32_MAX << h0);
				for (; hm; hm &= hm - 1) {
					int hh = __builtin_ctz(hm);
					uint64_t mm = x->minutes &
						      (UINT64_MAX << (dd == d && hh == h ? mi : 0));
					if (mm)
						return (sx_days_from_civil(y, m, dd) * 24 + hh) * 3600 +
						       __builtin_ctzll(mm) * 60;
				}
			}
		}
	}
	return -1;
}

int64_t sx_next(const sx_expr *x, int64_t anchor, int64_t t)
{
	if (x->kind == SX_CRON)
		return next_cron(x, t);
	if (x->rate <= 0)
		return -1;
	if (t <= anchor)
		return anchor;
	return anchor + (t - anchor + x->rate - 1) / x->rate * x->rate;
}

/* ---- the oracle: one minute judged field by field ---- */

static int weekday_of(int64_t y, int m, int d)
{
	return weekday(sx_days_from_civil(y, m, d));
}

static int working(int w)
{
	return w >= 2 && w <= 6;
}

static int dom_ok(const sx_expr *x, int64_t y, int m, int d)
{
	int n = month_days(y, m), best = 0;

	switch (x->dom_how) {
	case SX_DAY_ANY: return 1;
	case SX_DAY_BITS: return x->dom >> d & 1;
	case SX_DAY_LAST: return d == n;
	case SX_DAY_LAST_WEEKDAY:
		if (!working(weekday_of(y, m, d)))
			return 0;
		for (int k = d + 1; k <= n; k++)
			if (working(weekday_of(y, m, k)))
				return 0;
		return 1;
	case SX_DAY_NEAR_WEEKDAY:
		if (x->dom_n > n)
			return 0;
		for (int k = 1; k <= n; k++)
			if (working(weekday_of(y, m, k)) &&
			    (!best || (k > x->dom_n ? k - x->dom_n : x->dom_n - k) <
				      (best > x->dom_n ? best - x->dom_n : x->dom_n - best)))
				best = k;
		return d == best;
	default: return 0;
	}
}

static int dow_ok(const sx_expr *x, int64_t y, int m, int d)
{
	int w = weekday_of(y, m, d);

	switch (x->dow_how) {
	case SX_DAY_ANY: return 1;
	case SX_DAY_BITS: return x->dow >> w & 1;
	case SX_DAY_LAST_OF: return w == x->dow_n && d + 7 > month_days(y, m);
	case SX_DAY_NTH: return w == x->dow_n && (d - 1) / 7 + 1 == x->dow_k;
	default: return 0;
	}
}

int sx_matches(const sx_expr *x, int64_t t)
{
	int64_t y;
	int m, d, rem;

	if (x->kind != SX_CRON || t < 0 || t >= SX_END || t % 60)
		return 0;
	rem = (int)(t % 86400);
	sx_civil_from_days(t / 86400, &y, &m, &d);
	return year_bit(x, y) && (x->months >> m & 1) && (x->hours >> (rem / 3600) & 1) &&
	       (x->minutes >> (rem % 3600 / 60) & 1) && dom_ok(x, y, m, d) && dow_ok(x, y, m, d);
}
