/* step_scaling.c - step scaling policies (Application Auto Scaling's
 * StepScalingPolicyConfiguration, each with its CloudWatch alarm): after
 * evaluationPeriods breaching datapoints, the step whose interval holds
 * metric - threshold adjusts the desired count (docs/scenario-format.md,
 * step scaling).  One row of as_policy_types.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm.h"
#include "policy.h"
#include "sim/support/jread.h"
#include "sim/support/units.h"

/* The largest desired count a scenario may give (SC_MAX_DESIRED). */
#define STEP_MAX_ADJUST 100000

/* One step: applies when lower <= metric - threshold < upper. */
typedef struct step {
	double lower, upper;       /* -INFINITY / INFINITY when absent */
	int64_t adjustment;
} step;

enum step_adjust { ADJ_CHANGE, ADJ_PERCENT, ADJ_EXACT };

typedef struct step_config {
	cw_alarm al;               /* its alarm: metric (an enum as_metric), comparison,
				    * threshold, evaluationPeriods */
	enum step_adjust adjust;
	int64_t min_magnitude;     /* PercentChangeInCapacity: at least this many */
	int64_t cooldown;          /* us */
	step *steps;
	int nsteps;
} step_config;

typedef struct step_state {
	int32_t *breach;           /* per policy: breaching datapoints in a row */
	int64_t *last;             /* per policy: us of its last action, -1 = none */
} step_state;

static const char *const adj_names[] = { "ChangeInCapacity", "PercentChangeInCapacity",
					 "ExactCapacity", NULL };
static const char *const cmps[] = { "GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
				    "LessThanThreshold", "LessThanOrEqualToThreshold", NULL };

static const jread_key step_keys[] = {
	{ .name = "metricIntervalLowerBound", .v = { .type = JREAD_NUM },
	  .doc = "the step applies from metric - threshold >= this (default -infinity)" },
	{ .name = "metricIntervalUpperBound", .v = { .type = JREAD_NUM },
	  .doc = "... to metric - threshold < this (default infinity)" },
	JR_INT("scalingAdjustment", -STEP_MAX_ADJUST, STEP_MAX_ADJUST, "the change, as "
	       "adjustmentType says", JREAD_REQ),
	JREAD_END,
};

static const jread_key policy_keys[] = {
	JR_WORDS("metric", as_metric_names, "the alarm's metric", JREAD_REQ),
	JR_WORDS("comparison", cmps, "how the metric is compared with threshold", JREAD_REQ),
	JR_NUM("threshold", 0, "the alarm's threshold", JREAD_REQ),
	JR_INT("evaluationPeriods", 1, 1440, "breaching minutes in a row that set off the alarm "
	       "(default 1)"),
	JR_WORDS("adjustmentType", adj_names, "what scalingAdjustment means", JREAD_REQ),
	{ .name = "stepAdjustments", .flags = JREAD_REQUIRED, .doc = "1 to 20 steps",
	  .v = { .type = JREAD_ARR, .flags = JREAD_NONEMPTY,
		 .items = &(const jread_val){ .type = JREAD_OBJ, .keys = step_keys } } },
	JR_DURATION("cooldown", "no action this long after one (default 300s)"),
	JR_INT("minAdjustmentMagnitude", 0, STEP_MAX_ADJUST, "PercentChangeInCapacity: at least "
	       "this many tasks"),
	JREAD_END,
};

static const jread_val step_entry = { .type = JREAD_OBJ, .keys = policy_keys };

/* stepAdjustments of a policy at q: 1 to 20 steps, each an interval of
 * the metric relative to the alarm threshold. */
static int parse_steps(step_config *sp, const json_t *v, const char *q, ecs_err *e)
{
	char p[JREAD_PATHMAX], r[JREAD_PATHMAX];
	json_t *arr, *x;
	size_t i;

	jread_kpath(p, q, "stepAdjustments");
	if (!(arr = json_object_get(v, "stepAdjustments")))
		return err_set(e, "%s: required", p);
	if (jread_array_max(arr, p, 20, "steps", e) < 0)
		return -1;
	if (json_array_size(arr) == 0)
		return err_set(e, "%s: must have at least one step", p);
	sp->steps = xcalloc(json_array_size(arr), sizeof(*sp->steps));
	json_array_foreach(arr, i, x) {
		step *st = &sp->steps[i];
		jread_ipath(r, p, i);
		st->lower = -INFINITY;
		st->upper = INFINITY;
		if (jread_object(x, r, e) < 0 || jread_check_keys(x, r, step_keys, e) < 0 ||
		    jread_number(x, "metricIntervalLowerBound", r, &st->lower, -INFINITY, e) < 0 ||
		    jread_number(x, "metricIntervalUpperBound", r, &st->upper, -INFINITY, e) < 0 ||
		    jread_int(x, "scalingAdjustment", r, &st->adjustment, -STEP_MAX_ADJUST,
			      STEP_MAX_ADJUST, 1, e) < 0)
			return -1;
		if (!(st->upper > st->lower))
			return err_set(e, "%s.metricIntervalUpperBound: must be > "
				       "metricIntervalLowerBound", r);
		sp->nsteps++;
	}
	return 0;
}

/* The index in names of s (the count of names when it is none of them). */
static int index_of(const char *const *names, const char *s)
{
	int k = 0;

	while (names[k] && strcmp(names[k], s))
		k++;
	return k;
}

/* The alarm (metric, comparison, threshold, evaluationPeriods) and the
 * StepScalingPolicyConfiguration. */
static int step_parse(const json_t *v, const char *q, void **cfg, ecs_err *e)
{
	step_config *sp = xcalloc(1, sizeof(*sp));
	char *a = NULL;
	int ka;

	*cfg = sp;
	sp->cooldown = 300 * USEC_PER_SEC;
	if (jread_object(v, q, e) < 0 || jread_check_keys(v, q, policy_keys, e) < 0 ||
	    cw_alarm_parse(v, q, as_metric_names, &sp->al, e) < 0 ||
	    jread_str(v, "adjustmentType", q, &a, 1, e) < 0)
		return -1;
	ka = index_of(adj_names, a);
	free(a);
	if (!adj_names[ka])
		return err_set(e, "%s.adjustmentType: must be ChangeInCapacity, "
			       "PercentChangeInCapacity or ExactCapacity", q);
	sp->adjust = (enum step_adjust)ka;
	if (jread_duration(v, "cooldown", q, &sp->cooldown, 0, e) < 0 ||
	    jread_int(v, "minAdjustmentMagnitude", q, &sp->min_magnitude, 0, STEP_MAX_ADJUST, 0,
		      e) < 0)
		return -1;
	return parse_steps(sp, v, q, e);
}

static void step_free_config(void *cfg)
{
	step_config *sp = cfg;

	if (sp)
		free(sp->steps);
	free(sp);
}

static void *step_init(void *const *cfgs, int n)
{
	step_state *st = xcalloc(1, sizeof(*st));

	st->breach = xcalloc((size_t)n + 1, sizeof(*st->breach));
	st->last = xmalloc(((size_t)n + 1) * sizeof(*st->last));
	for (int k = 0; k < n; k++)
		st->last[k] = -1;
	return st;
}

static void step_destroy(void *state)
{
	step_state *st = state;

	if (!st)
		return;
	free(st->breach);
	free(st->last);
	free(st);
}

/* PercentChangeInCapacity (Application Auto Scaling): cur x pct / 100
 * rounded towards zero, but at least 1 (and minAdjustmentMagnitude) in
 * size. */
static int64_t percent(int64_t cur, int64_t pct, int64_t min_mag)
{
	int64_t d = cur * pct / 100;

	if (pct > 0 && d < (min_mag > 1 ? min_mag : 1))
		d = min_mag > 1 ? min_mag : 1;
	if (pct < 0 && d > -(min_mag > 1 ? min_mag : 1))
		d = -(min_mag > 1 ? min_mag : 1);
	return cur + d;
}

/* Each policy's alarm takes the minute's datapoint; after `periods`
 * breaching ones in a row, and outside the policy's cooldown, the step
 * whose interval holds metric - threshold adjusts the desired count.  A
 * scale-in waits while a deployment is in progress or a target tracking
 * scale-out alarm is raised (out if any says out). */
static void step_tick(as_ctx *c, void *const *cfgs, void *state, int n)
{
	step_state *st = state;

	for (int p = 0; p < n; p++) {
		const step_config *sp = cfgs[p];
		const step *s = NULL;
		double m = c->metric(c, (enum as_metric)sp->al.metric);
		int64_t cur = c->desired(c), x;
		char d[400];

		if (isnan(m)) {
			st->breach[p] = 0;
			continue;
		}
		st->breach[p] = cw_breaches(&sp->al, m) ? st->breach[p] + 1 : 0;
		if (st->breach[p] < sp->al.periods ||
		    (st->last[p] >= 0 && c->now < st->last[p] + sp->cooldown))
			continue;
		for (int k = 0; k < sp->nsteps && !s; k++)
			if (sp->steps[k].lower <= m - sp->al.threshold &&
			    m - sp->al.threshold < sp->steps[k].upper)
				s = &sp->steps[k];
		if (!s)
			continue;
		x = sp->adjust == ADJ_CHANGE ? cur + s->adjustment :
		    sp->adjust == ADJ_PERCENT ? percent(cur, s->adjustment, sp->min_magnitude) :
		    s->adjustment;
		x = as_clamp(c, x);
		if (x == cur || (x < cur && (c->deploying(c) || c->out_alarm)))
			continue;
		st->last[p] = c->now;
		snprintf(d, sizeof(d), "step scaling policy %d scaled service %s %s from %lld to "
			 "%lld (%s %.4g, threshold %.4g; %s %lld)", p, c->service,
			 x > cur ? "out" : "in", (long long)cur, (long long)x,
			 as_metric_names[sp->al.metric], m, sp->al.threshold, adj_names[sp->adjust],
			 (long long)s->adjustment);
		c->set_desired(c, x, d);
	}
}

const as_policy_type as_step_scaling = {
	.key = "stepScaling",
	.what = "step scaling",
	.max = 50,
	.entry = &step_entry,
	.parse = step_parse,
	.free_config = step_free_config,
	.init = step_init,
	.tick = step_tick,
	.destroy = step_destroy,
};
