/* alarm.c - CloudWatch metric alarms (see alarm.h). */
#include "alarm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/jread.h"

static const char *const cmp_names[] = { "GreaterThanOrEqualToThreshold",
					 "GreaterThanThreshold", "LessThanThreshold",
					 "LessThanOrEqualToThreshold", NULL };

/* The index in names of s (the count of names when it is none of them). */
static int index_of(const char *const *names, const char *s)
{
	int k = 0;

	while (names[k] && strcmp(names[k], s))
		k++;
	return k;
}

/* "q.key: must be A, B or C". */
static int one_of(const char *q, const char *key, const char *const *names, ecs_err *e)
{
	char list[512];
	size_t len = 0;

	list[0] = '\0';
	for (int k = 0; names[k] && len < sizeof(list); k++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					k == 0 ? "" : names[k + 1] ? ", " : " or ", names[k]);
	return err_set(e, "%s.%s: must be %s", q, key, list);
}

int cw_alarm_parse(const json_t *v, const char *q, const char *const *metric_names,
		   cw_alarm *a, ecs_err *e)
{
	char *m = NULL, *cmp = NULL;
	int km, kc, rc = -1;

	a->periods = 1;
	if (jread_str(v, "metric", q, &m, 1, e) < 0 ||
	    jread_str(v, "comparison", q, &cmp, 1, e) < 0)
		goto out;
	km = index_of(metric_names, m);
	kc = index_of(cmp_names, cmp);
	if (!metric_names[km])
		one_of(q, "metric", metric_names, e);
	else if (!cmp_names[kc])
		one_of(q, "comparison", cmp_names, e);
	else
		rc = 0;
	a->metric = km;
	a->cmp = (enum cw_cmp)kc;
out:
	free(m);
	free(cmp);
	if (rc < 0)
		return -1;
	if (!json_object_get(v, "threshold"))
		return err_set(e, "%s.threshold: required", q);
	return jread_number(v, "threshold", q, &a->threshold, 0, e) < 0 ||
	       jread_int32(v, "evaluationPeriods", q, &a->periods, 1, 1440, 0, e) < 0 ? -1 : 0;
}

int cw_breaches(const cw_alarm *a, double m)
{
	if (isnan(m))
		return 0;
	switch (a->cmp) {
	case CW_GE: return m >= a->threshold;
	case CW_GT: return m > a->threshold;
	case CW_LT: return m < a->threshold;
	case CW_LE: return m <= a->threshold;
	}
	return 0;
}
