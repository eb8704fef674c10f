/* policy.h - the policy types of Service Auto Scaling, as a table: each
 * type parses its entries of a service's autoScaling object and, every
 * minute, decides on the desired count through a context the model fills
 * (as_ctx).  A new policy type is one file and one row of as_policy_types
 * (policy.c); the loader and the model find it there.  Knows nothing of
 * the model or the scenario: only the metrics, the count and its bounds.
 */
#ifndef ECS_POLICY_H
#define ECS_POLICY_H

#include <jansson.h>
#include <stdint.h>

#include "sim/support/err.h"
#include "sim/support/jread.h"

/* The ECS service metrics a policy may read (Application Auto Scaling's
 * predefined metric types). */
enum as_metric { AS_METRIC_CPU, AS_METRIC_MEMORY, AS_METRIC_REQUESTS, AS_NMETRICS };

/* "ECSServiceAverageCPUUtilization", ... */
extern const char *const as_metric_names[AS_NMETRICS + 1];

/* The metric named by key of v (required) into *m; -1 with "PATH.key: must
 * be ECSServiceAverageCPUUtilization, ..." set. */
int as_metric_parse(const json_t *v, const char *key, const char *path, enum as_metric *m,
		    ecs_err *e);

/* What a policy sees of one service's scalable target each minute, and
 * what it may do.  The functions read the model live: a change of the
 * desired count by one policy is seen by the next. */
typedef struct as_ctx {
	int64_t now;                /* us */
	int64_t min, max;           /* the scalable target's capacity bounds now */
	int out_points, in_points;  /* datapoints in a row that raise the scale-out /
				     * scale-in alarms of target tracking */
	double in_margin;           /* "clearly below": target x (1 - in_margin) */
	int32_t in_step_pct;        /* target tracking scales in at most this percent of
				     * the count a step (at least one) */
	const char *service;        /* the service's name, for messages */
	/* a scale-out alarm is raised this minute (set by target tracking, read
	 * by the types after it in the table) */
	int out_alarm;
	/* the datapoint of metric m now; NAN when there is none (no healthy task) */
	double (*metric)(const struct as_ctx *c, enum as_metric m);
	int64_t (*desired)(const struct as_ctx *c);
	/* a deployment of the service is in progress (scale-in waits) */
	int (*deploying)(const struct as_ctx *c);
	/* sets the desired count to n (a scale-out or scale-in), with detail
	 * for events.csv */
	void (*set_desired)(struct as_ctx *c, int64_t n, const char *detail);
	void *model;                /* the model's, for the functions above */
} as_ctx;

/* n within the bounds of c. */
static inline int64_t as_clamp(const as_ctx *c, int64_t n)
{
	return n < c->min ? c->min : n > c->max ? c->max : n;
}

/* One type of policy: one row of as_policy_types. */
typedef struct as_policy_type {
	const char *key;            /* its array in services[].autoScaling */
	const char *what;           /* "target tracking", in messages */
	int max;                    /* entries at most */
	const jread_val *entry;     /* what an entry is: its keys (for the schema) */
	/* Parses entry v (at path) into *cfg (allocated; freed with
	 * free_config, also after an error). */
	int (*parse)(const json_t *v, const char *path, void **cfg, ecs_err *e);
	void (*free_config)(void *cfg);
	/* The state of a service's n policies of this type (owned, freed
	 * with destroy). */
	void *(*init)(void *const *cfgs, int n);
	/* Every minute, types in table order: the policies' alarms take the
	 * minute's datapoint and may change the desired count. */
	void (*tick)(as_ctx *c, void *const *cfgs, void *state, int n);
	void (*destroy)(void *state);
} as_policy_type;

/* Every policy type, NULL-terminated, in the order they act each minute
 * (target tracking first: step scaling reads its out_alarm). */
extern const as_policy_type *const as_policy_types[];

#endif
