/* trace_row.c - the strict field readers and bad-row messages the trace
 * formats share (see trace_row.h); no format of its own. */
#include "trace_row.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

int trace_row_num(const char *s, double *out)
{
	char *end;

	if (!*s || !(isdigit((unsigned char)*s) || *s == '-' || *s == '+' || *s == '.') ||
	    strpbrk(s, "xXpP"))
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	return *end || errno == ERANGE || !isfinite(*out) ? -1 : 0;
}

int trace_row_int(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!*s || !(isdigit((unsigned char)*s) || *s == '-'))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}

int trace_row_time(double v, int64_t unit, int64_t *out)
{
	double x = v * (double)unit;

	if (!isfinite(x) || fabs(x) > (double)UNITS_MAX_DURATION_US)
		return -1;
	*out = (int64_t)llround(x);
	return 0;
}

int trace_row_amount(double v, int32_t *out)
{
	if (!(v >= 0) || v > INT32_MAX / 2)
		return -1;
	*out = (int32_t)floor(v + 0.5);
	return 0;
}

int32_t trace_row_group(trace_row_ctx *cx, const char *prefix, const char *id)
{
	char buf[160];

	if (cx->spec->group)
		return cx->default_group;
	snprintf(buf, sizeof(buf), "%s:%s", prefix, id);
	return cx->group_fn(cx->group_ctx, buf);
}

int trace_row_bad(trace_row_ctx *cx, const char **why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cx->msg, sizeof(cx->msg), fmt, ap);
	va_end(ap);
	*why = cx->msg;
	return -1;
}

int32_t trace_row_spec(trace_row_ctx *cx, const char *spec)
{
	for (int32_t i = 0; i < cx->nspecs; i++)
		if (strcmp(cx->specs[i], spec) == 0)
			return i;
	cx->specs = xrealloc(cx->specs, (size_t)(cx->nspecs + 1) * sizeof(*cx->specs));
	cx->specs[cx->nspecs] = xstrdup(spec);
	return cx->nspecs++;
}
