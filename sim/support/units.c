/* units.c - durations and rates from JSON numbers or strings like "90s" and "12/min" (see units.h). */
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DURATION_HINT "(use seconds or a string like \"90s\", \"15m\", \"36h\", \"7d\")"
#define RATE_HINT "(use events per second or a string like \"12/min\")"

struct unit_name {
	const char *name;
	double factor;
};

static const struct unit_name duration_units[] = {
	{ "us", 1.0 },
	{ "ms", 1e3 },
	{ "s", 1e6 },
	{ "m", 60e6 },
	{ "h", 3600e6 },
	{ "d", 86400e6 },
};

/* Per-second divisors: "12/min" is 12 / 60 per second. */
static const struct unit_name rate_units[] = {
	{ "s", 1.0 },
	{ "sec", 1.0 },
	{ "min", 60.0 },
	{ "h", 3600.0 },
	{ "hour", 3600.0 },
	{ "d", 86400.0 },
	{ "day", 86400.0 },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Reads "-?digits(.digits)?" at s, the only number form accepted inside
 * strings.  Checking the grammar first is what keeps strtod from taking
 * blanks, "+", "nan", "inf", hex or exponents.  Returns the end of the
 * number, or NULL if there is none. */
static const char *scan_number(const char *s, double *v)
{
	const char *p = s;
	char *end;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	*v = strtod(s, &end);
	if (end != p)
		return NULL;
	return p;
}

static const struct unit_name *find_unit(const struct unit_name *t, size_t n,
					 const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

enum dur_status { DUR_OK, DUR_MALFORMED, DUR_NEGATIVE, DUR_TOO_LONG };

static enum dur_status parse_duration(const char *s, int64_t *usec)
{
	const struct unit_name *u;
	const char *p;
	double v, us;

	p = scan_number(s, &v);
	if (!p)
		return DUR_MALFORMED;
	u = find_unit(duration_units, NELEM(duration_units), p);
	if (!u)
		return DUR_MALFORMED;
	/* "-0s" is zero, not negative. */
	if (v < 0)
		return DUR_NEGATIVE;
	us = v * u->factor;
	if (!(us <= (double)UNITS_MAX_DURATION_US))
		return DUR_TOO_LONG;
	*usec = (int64_t)llround(us);
	return DUR_OK;
}

int units_duration_str(const char *s, int64_t *usec)
{
	int64_t v;

	if (!s || parse_duration(s, &v) != DUR_OK)
		return -1;
	*usec = v;
	return 0;
}

int units_duration(const json_t *j, const char *path, int64_t *usec, ecs_err *e)
{
	if (json_is_integer(j)) {
		json_int_t v = json_integer_value(j);
		if (v < 0)
			return err_set(e, "%s: must be >= 0", path);
		if (v > UNITS_MAX_DURATION_US / USEC_PER_SEC)
			return err_set(e, "%s: too long (at most 100 years)", path);
		*usec = (int64_t)v * USEC_PER_SEC;
		return 0;
	}
	if (json_is_real(j)) {
		double v = json_real_value(j);
		if (isnan(v) || v < 0)
			return err_set(e, "%s: must be >= 0", path);
		if (!(v * 1e6 <= (double)UNITS_MAX_DURATION_US))
			return err_set(e, "%s: too long (at most 100 years)", path);
		*usec = s_to_us(v);
		return 0;
	}
	if (json_is_string(j)) {
		const char *s = json_string_value(j);
		switch (parse_duration(s, usec)) {
		case DUR_OK:
			return 0;
		case DUR_NEGATIVE:
			return err_set(e, "%s: must be >= 0", path);
		case DUR_TOO_LONG:
			return err_set(e, "%s: too long (at most 100 years)", path);
		case DUR_MALFORMED:
			break;
		}
		return err_set(e, "%s: bad duration \"%s\" " DURATION_HINT, path, s);
	}
	return err_set(e, "%s: must be a number of seconds or a duration string",
		       path);
}

int units_rate(const json_t *j, const char *path, double *per_sec, ecs_err *e)
{
	if (json_is_number(j)) {
		double v = json_number_value(j);
		if (!(v > 0) || !isfinite(v))
			return err_set(e, "%s: must be > 0", path);
		*per_sec = v;
		return 0;
	}
	if (json_is_string(j)) {
		const char *s = json_string_value(j);
		const struct unit_name *u = NULL;
		const char *p;
		double v = 0;

		p = scan_number(s, &v);
		if (p && *p == '/')
			u = find_unit(rate_units, NELEM(rate_units), p + 1);
		/* A number too long for a double is malformed, not a rate. */
		if (!u || !isfinite(v))
			return err_set(e, "%s: bad rate \"%s\" " RATE_HINT, path, s);
		if (!(v > 0))
			return err_set(e, "%s: must be > 0", path);
		*per_sec = v / u->factor;
		/* "0.000...1/day" with hundreds of zeros underflows to 0. */
		if (!(*per_sec > 0))
			return err_set(e, "%s: must be > 0", path);
		return 0;
	}
	return err_set(e, "%s: must be a number of events per second or a rate "
			  "string like \"12/min\"", path);
}

/* The schema of a number or a string "NUMBER<unit>" (fmt: the string's
 * pattern, %s where the units go), described as what and the units. */
static json_t *unit_schema(const char *what, const char *fmt, const struct unit_name *t,
			   size_t nt)
{
	char alt[128] = "(", list[128] = "", pattern[256], desc[512];

	for (size_t i = 0; i < nt; i++) {
		snprintf(alt + strlen(alt), sizeof(alt) - strlen(alt), "%s%s", t[i].name,
			 i + 1 < nt ? "|" : ")");
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
			 t[i].name);
	}
	snprintf(pattern, sizeof(pattern), fmt, alt);
	snprintf(desc, sizeof(desc), "%s (units %s)", what, list);
	return json_pack("{s:s, s:[s, s], s:s}", "description", desc, "type", "number",
			 "string", "pattern", pattern);
}

json_t *units_duration_schema(void)
{
	/* scan_number's "-?digits(.digits)?": only a zero may have a sign */
	json_t *s = unit_schema("a duration: seconds, or a string such as \"90s\", \"15m\", "
				"\"36h\", \"7d\"", "^(-?0+(\\.0+)?|[0-9]+(\\.[0-9]+)?)%s$",
				duration_units, NELEM(duration_units));

	json_object_set_new(s, "minimum", json_integer(0));
	json_object_set_new(s, "maximum",
			    json_integer(UNITS_MAX_DURATION_US / USEC_PER_SEC));
	return s;
}

json_t *units_rate_schema(void)
{
	/* the number must be > 0: not made of zeros alone */
	json_t *s = unit_schema("a rate: events per second, or a string such as \"12/min\"",
				"^(?![0.]*/)[0-9]+(\\.[0-9]+)?/%s$", rate_units,
				NELEM(rate_units));

	json_object_set_new(s, "exclusiveMinimum", json_integer(0));
	return s;
}

int64_t s_to_us(double s)
{
	double us;

	if (!(s > 0))
		return 0; /* negative, zero and NaN */
	us = s * 1e6;
	if (us >= (double)UNITS_MAX_DURATION_US)
		return UNITS_MAX_DURATION_US;
	return (int64_t)llround(us);
}
