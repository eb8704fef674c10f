/* fmt.c - numbers for report pages (see fmt.h). */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int is_one(double a)
{
	return 1 - a < FMT_AVAIL_EPS;
}

double fmt_nines(double a)
{
	return is_one(a) ? INFINITY : -log10(1 - a);
}

double fmt_month_downtime_s(double a)
{
	return is_one(a) ? 0 : (1 - a) * FMT_MONTH_S;
}

int fmt_avail_decimals(double a)
{
	int d;

	if (is_one(a))
		return 0;
	d = 1 - (int)floor(log10(100 * (1 - a)));
	return d < 1 ? 1 : d > 10 ? 10 : d;
}

void fmt_fixed(char *buf, size_t n, double v, int decimals)
{
	char *dot, *end;

	snprintf(buf, n, "%.*f", decimals, v);
	if (!(dot = strchr(buf, '.')))
		return;
	end = buf + strlen(buf);
	while (end > dot + 1 && end[-1] == '0')
		*--end = 0;
	if (end == dot + 1)
		*dot = 0;
}

void fmt_percent(char *buf, size_t n, double frac)
{
	double p = 100 * frac;

	if (!isfinite(p))
		snprintf(buf, n, "-");
	else if (p == 0)
		snprintf(buf, n, "0 %%");
	else if (fabs(p) >= 1)
		snprintf(buf, n, "%.1f %%", p);
	else
		snprintf(buf, n, "%.2g %%", p);
}

void fmt_duration(char *buf, size_t n, double s)
{
	if (!isfinite(s))
		snprintf(buf, n, "-");
	else if (s <= 0)
		snprintf(buf, n, "0 s");
	else if (s < 10)
		snprintf(buf, n, "%.2g s", s);
	else if (s < 120)
		snprintf(buf, n, "%.0f s", s);
	else if (s < 7200)
		snprintf(buf, n, "%.1f min", s / 60);
	else if (s < 2 * 86400)
		snprintf(buf, n, "%.1f h", s / 3600);
	else
		snprintf(buf, n, "%.1f days", s / 86400);
}

void fmt_avail_percent(char *buf, size_t n, double a)
{
	char num[64];

	if (!isfinite(a)) {
		snprintf(buf, n, "-");
		return;
	}
	fmt_fixed(num, sizeof(num), is_one(a) ? 100 : 100 * a, fmt_avail_decimals(a));
	snprintf(buf, n, "%s %%", num);
}

void fmt_nines_text(char *buf, size_t n, double a)
{
	if (!isfinite(a))
		snprintf(buf, n, "-");
	else if (is_one(a))
		snprintf(buf, n, "no downtime");
	else
		snprintf(buf, n, "%.1f", fmt_nines(a));
}

void fmt_availability(char *buf, size_t n, double a)
{
	char p[64], d[64];

	fmt_avail_percent(p, sizeof(p), a);
	if (!isfinite(a) || is_one(a)) {
		snprintf(buf, n, "%s%s", p, isfinite(a) ? " (no downtime)" : "");
		return;
	}
	fmt_duration(d, sizeof(d), fmt_month_downtime_s(a));
	snprintf(buf, n, "%s (%.1f nines, %s down a 30-day month)", p, fmt_nines(a), d);
}
