/* alarm.h - a CloudWatch metric alarm as ecsim models one: a metric, a
 * comparison with a threshold, and the one-minute datapoints in a row
 * (evaluationPeriods) that must breach it.  Step scaling policies and
 * deployment alarms (deploymentConfiguration.alarms) are built on it.
 */
#ifndef ECS_POLICY_ALARM_H
#define ECS_POLICY_ALARM_H

#include <jansson.h>
#include <stdint.h>

#include "sim/support/err.h"

enum cw_cmp { CW_GE, CW_GT, CW_LT, CW_LE };

typedef struct cw_alarm {
	int metric;                /* index into the caller's metric names */
	enum cw_cmp cmp;
	double threshold;
	int32_t periods;           /* breaching datapoints in a row that raise it */
} cw_alarm;

/* Reads "metric" (required, one of the NULL-terminated metric_names),
 * "comparison" (required: GreaterThanOrEqualToThreshold, ...), "threshold"
 * (required) and "evaluationPeriods" (1-1440, default 1) of v at q into
 * *a; the caller checks v's keys.  -1 with "q.key: ..." in e. */
int cw_alarm_parse(const json_t *v, const char *q, const char *const *metric_names,
		   cw_alarm *a, ecs_err *e);

/* Whether datapoint m breaches the threshold (a NAN never does). */
int cw_breaches(const cw_alarm *a, double m);

#endif
