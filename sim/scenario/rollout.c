/* rollout.c - how a service deploys: deploymentConfiguration (the rolling
 * bounds, the circuit breaker, the strategy with its traffic shifting and
 * bake times, the alarms it watches) and the service's cloudWatchAlarms
 * those alarms name.  Key names and ranges are the ECS API's
 * (DeploymentConfiguration, LinearConfiguration, CanaryConfiguration,
 * DeploymentAlarms). */
#include "parse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

const char *const sc_alarm_metric_names[] = {
	"ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization",
	"ALBRequestCountPerTarget", "UnservedRequests", "UnHealthyHostCount", "FailedTasks",
	NULL,
};

const char *const sc_strategy_names[] = { "ROLLING", "BLUE_GREEN", "LINEAR", "CANARY", NULL };

#define CW_COMPARISONS JREAD_LIST("GreaterThanOrEqualToThreshold", "GreaterThanThreshold", \
				  "LessThanThreshold", "LessThanOrEqualToThreshold")

static const jread_key breaker_keys[] = {
	JR_BOOL("enable", "stop a deployment whose tasks keep failing", JREAD_REQ),
	JR_BOOL("rollback", "then roll back to the previous task definition"),
	JREAD_END,
};

const jread_key sc_cloudwatch_alarm_keys[] = {
	JR_NAME("alarmName", "the name deploymentConfiguration.alarms.alarmNames use", JREAD_REQ),
	JR_WORDS("metric", sc_alarm_metric_names, "the service metric it watches", JREAD_REQ),
	JR_WORDS("comparison", CW_COMPARISONS, "how the datapoint is compared", JREAD_REQ),
	JR_NUM("threshold", 0, "the threshold", JREAD_REQ),
	JR_INT("evaluationPeriods", 1, 1440, "breaching one-minute datapoints in a row "
	       "(default 1)"),
	JREAD_END,
};

static const jread_key watch_keys[] = {
	{ .name = "alarmNames", .doc = "the service's cloudWatchAlarms to watch",
	  .flags = JREAD_REQUIRED, .v = { .type = JREAD_ARR,
					  .items = &(const jread_val){ .type = JREAD_STR } } },
	JR_BOOL("enable", "watch them during deployments", JREAD_REQ),
	JR_BOOL("rollback", "roll back a deployment an alarm fails", JREAD_REQ),
	JREAD_END,
};

static const jread_key linear_keys[] = {
	JR_NUM_RANGE("stepPercent", 3, 100, "traffic moved each step, a multiple of 0.1 "
		     "(default 10)"),
	JR_INT("stepBakeTimeInMinutes", 0, 1440, "minutes between steps (default 6)"),
	JREAD_END,
};

static const jread_key canary_keys[] = {
	JR_NUM_RANGE("canaryPercent", 0.1, 100, "traffic on the new revision first, a multiple "
		     "of 0.1 (default 5)"),
	JR_INT("canaryBakeTimeInMinutes", 0, 1440, "minutes before the rest moves (default 10)"),
	JREAD_END,
};

const jread_key sc_deployment_config_keys[] = {
	JR_INT("minimumHealthyPercent", 0, 100, "healthy tasks kept during a deployment, percent "
	       "of desiredCount (default 100, DAEMON 0)"),
	JR_INT("maximumPercent", 100, 200, "tasks allowed during a deployment, percent of "
	       "desiredCount (default 200, DAEMON 100)"),
	JR_OBJ("deploymentCircuitBreaker", breaker_keys, "stop (and roll back) failing rolling "
	       "deployments"),
	JR_OBJ("alarms", watch_keys, "alarms that fail (and roll back) a deployment"),
	JR_WORDS("strategy", sc_strategy_names, "how a deployment replaces the tasks (default "
		 "ROLLING)"),
	JR_INT("bakeTimeInMinutes", 0, 1440, "both revisions run this long after the traffic "
	       "shift (required with BLUE_GREEN)"),
	JR_ANY("lifecycleHooks", "not read (no Lambda functions in ecsim)"),
	JR_OBJ("linearConfiguration", linear_keys, "LINEAR's steps"),
	JR_OBJ("canaryConfiguration", canary_keys, "CANARY's canary"),
	JREAD_END,
};

/* deploymentConfiguration.deploymentCircuitBreaker, as in the ECS API. */
static int parse_breaker(sc_service *s, const json_t *j, const char *dpath, ecs_err *e)
{
	char path[JREAD_PATHMAX], p[JREAD_PATHMAX];

	if (!j)
		return 0;
	jread_kpath(path, dpath, "deploymentCircuitBreaker");
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, breaker_keys, e) < 0)
		return -1;
	if (!json_object_get(j, "enable"))
		return err_set(e, "%s: required", jread_kpath(p, path, "enable"));
	if (jread_bool(j, "enable", path, &s->breaker, e) < 0 ||
	    jread_bool(j, "rollback", path, &s->rollback, e) < 0)
		return -1;
	return 0;
}

/* cloudWatchAlarms (ecsim key): [{alarmName, metric, comparison,
 * threshold, evaluationPeriods}], the alarms deployments may watch. */
static int parse_alarms(sc_service *s, const json_t *arr, const char *spath, ecs_err *e)
{
	char path[JREAD_PATHMAX], q[JREAD_PATHMAX];
	json_t *v;
	size_t i;

	if (!arr)
		return 0;
	jread_kpath(path, spath, "cloudWatchAlarms");
	if (jread_array_max(arr, path, 100, "alarms", e) < 0)
		return -1;
	s->alarms = xcalloc(json_array_size(arr) + 1, sizeof(*s->alarms));
	json_array_foreach(arr, i, v) {
		sc_alarm *a = &s->alarms[i];
		jread_ipath(q, path, i);
		if (jread_object(v, q, e) < 0 ||
		    jread_check_keys(v, q, sc_cloudwatch_alarm_keys, e) < 0 ||
		    jread_str(v, "alarmName", q, &a->name, 1, e) < 0)
			return -1;
		s->nalarms++;
		if (cw_alarm_parse(v, q, sc_alarm_metric_names, &a->al, e) < 0)
			return -1;
		for (int k = 0; k < s->nalarms - 1; k++)
			if (strcmp(s->alarms[k].name, a->name) == 0)
				return err_set(e, "%s.alarmName: duplicate alarm \"%s\"", q, a->name);
	}
	return 0;
}

/* deploymentConfiguration.alarms: {alarmNames, enable, rollback} (all
 * three required, as in DeploymentAlarms); each name must be one of the
 * service's cloudWatchAlarms. */
static int parse_watch(sc_service *s, const json_t *j, const char *dpath, ecs_err *e)
{
	static const char *const req[] = { "alarmNames", "enable", "rollback", NULL };
	sc_rollout *r = &s->rollout;
	char path[JREAD_PATHMAX], q[JREAD_PATHMAX];
	json_t *names, *v;
	size_t i;

	if (!j)
		return 0;
	jread_kpath(path, dpath, "alarms");
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, watch_keys, e) < 0)
		return -1;
	for (int k = 0; req[k]; k++)
		if (!json_object_get(j, req[k]))
			return err_set(e, "%s: required", jread_kpath(q, path, req[k]));
	if (jread_bool(j, "enable", path, &r->alarms_on, e) < 0 ||
	    jread_bool(j, "rollback", path, &r->alarms_rollback, e) < 0)
		return -1;
	names = json_object_get(j, "alarmNames");
	jread_kpath(q, path, "alarmNames");
	if (jread_array_max(names, q, 100, "alarm names", e) < 0)
		return -1;
	r->watch = xcalloc(json_array_size(names) + 1, sizeof(*r->watch));
	json_array_foreach(names, i, v) {
		int k = 0;
		char p[JREAD_PATHMAX];
		jread_ipath(p, q, i);
		if (!json_is_string(v))
			return err_set(e, "%s: must be a string", p);
		while (k < s->nalarms && strcmp(s->alarms[k].name, json_string_value(v)))
			k++;
		if (k == s->nalarms)
			return err_set(e, "%s: no alarm \"%s\" in the service's cloudWatchAlarms "
				       "(ecsim key: the alarm's metric, comparison and threshold)",
				       p, json_string_value(v));
		r->watch[r->nwatch++] = k;
	}
	return 0;
}

/* A number of minutes 0-1440 at key of j into *us (default kept). */
static int minutes(const json_t *j, const char *key, const char *path, int64_t *us, ecs_err *e)
{
	int64_t m = *us / (60 * USEC_PER_SEC);

	if (jread_int(j, key, path, &m, 0, 1440, 0, e) < 0)
		return -1;
	*us = m * 60 * USEC_PER_SEC;
	return 0;
}

/* A percentage in [lo, 100], a multiple of 0.1 (as the API says), into
 * *share (percent / 100; default kept). */
static int percent(const json_t *j, const char *key, const char *path, double lo,
		   double *share, ecs_err *e)
{
	double p = *share * 100;
	char q[JREAD_PATHMAX];

	if (jread_number(j, key, path, &p, 0, e) < 0)
		return -1;
	if (p < lo - 1e-9 || p > 100 + 1e-9 || fabs(p * 10 - round(p * 10)) > 1e-6)
		return err_set(e, "%s: must be a multiple of 0.1 from %.1f to 100.0",
			       jread_kpath(q, path, key), lo);
	*share = p / 100;
	return 0;
}

/* strategy, bakeTimeInMinutes, linearConfiguration, canaryConfiguration. */
static int parse_strategy(sc_service *s, const json_t *dc, const char *p, ecs_err *e)
{
	sc_rollout *r = &s->rollout;
	char *st = NULL, q[JREAD_PATHMAX];
	const json_t *lin = json_object_get(dc, "linearConfiguration");
	const json_t *can = json_object_get(dc, "canaryConfiguration");
	int k = 0;

	if (jread_str(dc, "strategy", p, &st, 0, e) < 0)
		return -1;
	if (st) {
		while (sc_strategy_names[k] && strcmp(sc_strategy_names[k], st))
			k++;
		if (!sc_strategy_names[k]) {
			err_set(e, "%s.strategy: must be ROLLING, BLUE_GREEN, LINEAR or CANARY, not "
				"\"%s\"", p, st);
			free(st);
			return -1;
		}
		free(st);
	}
	r->strategy = (enum sc_strategy)k;
	if (r->strategy == SC_BLUE_GREEN && !json_object_get(dc, "bakeTimeInMinutes"))
		return err_set(e, "%s.bakeTimeInMinutes: required with strategy BLUE_GREEN", p);
	if (minutes(dc, "bakeTimeInMinutes", p, &r->bake, e) < 0)
		return -1;
	if (lin && r->strategy != SC_LINEAR)
		return err_set(e, "%s.linearConfiguration: only with strategy LINEAR", p);
	if (can && r->strategy != SC_CANARY)
		return err_set(e, "%s.canaryConfiguration: only with strategy CANARY", p);
	if (lin && (jread_object(lin, jread_kpath(q, p, "linearConfiguration"), e) < 0 ||
		    jread_check_keys(lin, q, linear_keys, e) < 0 ||
		    percent(lin, "stepPercent", q, 3.0, &r->step, e) < 0 ||
		    minutes(lin, "stepBakeTimeInMinutes", q, &r->step_bake, e) < 0))
		return -1;
	if (can && (jread_object(can, jread_kpath(q, p, "canaryConfiguration"), e) < 0 ||
		    jread_check_keys(can, q, canary_keys, e) < 0 ||
		    percent(can, "canaryPercent", q, 0.1, &r->canary, e) < 0 ||
		    minutes(can, "canaryBakeTimeInMinutes", q, &r->canary_bake, e) < 0))
		return -1;
	if (s->daemon && r->strategy != SC_ROLLING)
		return err_set(e, "%s.strategy: a DAEMON service deploys ROLLING only", p);
	if (s->breaker && r->strategy != SC_ROLLING)
		return err_set(e, "%s.deploymentCircuitBreaker: only with strategy ROLLING (the ECS "
			       "API: \"can only be used for services using the rolling update\"); "
			       "use alarms on FailedTasks to roll back a %s deployment", p,
			       sc_strategy_names[r->strategy]);
	return 0;
}

int sc_parse_rollout(sc_service *s, const json_t *dc, const json_t *alarms, const char *path,
		     ecs_err *e)
{
	sc_rollout *r = &s->rollout;
	int64_t mn = s->min_healthy_pct, mx = s->max_pct;
	char p[JREAD_PATHMAX];

	r->step = 0.10;
	r->step_bake = 6 * 60 * USEC_PER_SEC;
	r->canary = 0.05;
	r->canary_bake = 10 * 60 * USEC_PER_SEC;
	if (parse_alarms(s, alarms, path, e) < 0)
		return -1;
	if (!dc)
		return 0;
	jread_kpath(p, path, "deploymentConfiguration");
	if (jread_object(dc, p, e) < 0 ||
	    jread_check_keys(dc, p, sc_deployment_config_keys, e) < 0 ||
	    jread_int(dc, "minimumHealthyPercent", p, &mn, 0, 100, 0, e) < 0 ||
	    jread_int(dc, "maximumPercent", p, &mx, 100, 200, 0, e) < 0)
		return -1;
	s->min_healthy_pct = (int)mn;
	s->max_pct = (int)mx;
	if (s->daemon && mx != 100)
		return err_set(e, "%s.maximumPercent: must be 100 for a DAEMON service", p);
	return parse_breaker(s, json_object_get(dc, "deploymentCircuitBreaker"), p, e) < 0 ||
	       parse_strategy(s, dc, p, e) < 0 ||
	       parse_watch(s, json_object_get(dc, "alarms"), p, e) < 0 ? -1 : 0;
}

void sc_rollout_destroy(sc_service *s)
{
	for (int k = 0; k < s->nalarms; k++)
		free(s->alarms[k].name);
	free(s->alarms);
	free(s->rollout.watch);
}
