/* target_tracking.c - target tracking scaling policies (Application Auto
 * Scaling's TargetTrackingScalingPolicyConfiguration): keep a metric at a
 * target, scaling out fast and in gradually (docs/scenario-format.md,
 * autoScaling).  One row of as_policy_types.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "policy.h"
#include "sim/support/jread.h"
#include "sim/support/units.h"

typedef struct tt_config {
	enum as_metric metric;
	double target;             /* percent, or requests per target per minute */
	int64_t out_cooldown, in_cooldown; /* us */
	int disable_in;
} tt_config;

/* The alarms of a service's target tracking policies. */
typedef struct tt_state {
	int32_t *above, *below;    /* per policy: datapoints in a row above target /
				    * clearly below it */
	int64_t last_out, last_in; /* us of the last scale-out / scale-in, -1 = none */
} tt_state;

static const jread_key tt_keys[] = {
	JR_WORDS("metric", as_metric_names, "the metric to keep at target", JREAD_REQ),
	JR_POSITIVE("target", "percent (at most 100), or requests per target per minute",
		    JREAD_REQ),
	JR_DURATION("scaleOutCooldown", "no scale-out this long after one (default 300s)"),
	JR_DURATION("scaleInCooldown", "no scale-in this long after one (default 300s)"),
	JR_BOOL("disableScaleIn", "the policy never scales in"),
	JREAD_END,
};

static const jread_val tt_entry = { .type = JREAD_OBJ, .keys = tt_keys };

static int tt_parse(const json_t *v, const char *q, void **cfg, ecs_err *e)
{
	tt_config *t = xcalloc(1, sizeof(*t));

	*cfg = t;
	t->out_cooldown = t->in_cooldown = 300 * USEC_PER_SEC;
	if (jread_object(v, q, e) < 0 || jread_check_keys(v, q, tt_keys, e) < 0 ||
	    as_metric_parse(v, "metric", q, &t->metric, e) < 0)
		return -1;
	if (!json_object_get(v, "target"))
		return err_set(e, "%s.target: required", q);
	if (jread_number(v, "target", q, &t->target, 0, e) < 0 ||
	    jread_duration(v, "scaleOutCooldown", q, &t->out_cooldown, 0, e) < 0 ||
	    jread_duration(v, "scaleInCooldown", q, &t->in_cooldown, 0, e) < 0)
		return -1;
	if (!(t->target > 0) || (t->metric != AS_METRIC_REQUESTS && t->target > 100))
		return err_set(e, "%s.target: must be > 0%s", q,
			       t->metric != AS_METRIC_REQUESTS ? " and <= 100" : "");
	return jread_bool(v, "disableScaleIn", q, &t->disable_in, e);
}

static void *tt_init(void *const *cfgs, int n)
{
	tt_state *st = xcalloc(1, sizeof(*st));

	st->above = xcalloc((size_t)n + 1, sizeof(*st->above));
	st->below = xcalloc((size_t)n + 1, sizeof(*st->below));
	st->last_out = st->last_in = -1;
	return st;
}

static void tt_destroy(void *state)
{
	tt_state *st = state;

	if (!st)
		return;
	free(st->above);
	free(st->below);
	free(st);
}

/* Target tracking's proportional capacity, ceil(current x metric / target),
 * with a little slack so that a metric exactly on target keeps it. */
static int64_t proportional(int64_t cur, double m, double target)
{
	return (int64_t)ceil((double)cur * m / target - 1e-9);
}

/* What the policies propose this minute. */
struct proposal {
	int64_t out, in;           /* largest scale-out count; largest scale-in count, -1 */
	int all_in;                /* every policy's scale-in alarm is raised */
	int why_out, why_in;       /* the policy behind each */
	double m_out, m_in;        /* its metric */
};

/* Each policy's alarms take the datapoint: scale out when any policy's out
 * alarm has out_points datapoints in a row above target and its out
 * cooldown has passed (to the largest proposal); scale in only when every
 * policy's in alarm has in_points in a row clearly below target and no
 * cooldown runs (a scale-out cooldown blocks scale-in, a scale-in cooldown
 * does not block scale-out). */
static void propose(as_ctx *c, const tt_config *const *t, tt_state *st, int n,
		    int64_t cur, struct proposal *p)
{
	*p = (struct proposal){ .out = cur, .in = -1, .all_in = n > 0, .why_out = -1,
				.why_in = -1 };
	for (int k = 0; k < n; k++) {
		double m = c->metric(c, t[k]->metric);
		if (isnan(m)) {
			p->all_in = 0;
			continue;
		}
		st->above[k] = m > t[k]->target ? st->above[k] + 1 : 0;
		st->below[k] = m < t[k]->target * (1 - c->in_margin) ? st->below[k] + 1 : 0;
		if (st->above[k] >= c->out_points) {
			c->out_alarm = 1;
			if (st->last_out < 0 || c->now >= st->last_out + t[k]->out_cooldown) {
				int64_t x = proportional(cur, m, t[k]->target);
				if (x > p->out) {
					p->out = x;
					p->why_out = k;
					p->m_out = m;
				}
			}
		}
		if (t[k]->disable_in || st->below[k] < c->in_points ||
		    (st->last_in >= 0 && c->now < st->last_in + t[k]->in_cooldown) ||
		    (st->last_out >= 0 && c->now < st->last_out + t[k]->out_cooldown)) {
			p->all_in = 0;
		} else {
			/* gradually: towards the proportional count, but at most
			 * in_step_pct of the count (at least 1) a step */
			int64_t step = cur * c->in_step_pct / 100 > 1 ? cur * c->in_step_pct / 100 : 1;
			int64_t x = proportional(cur, m, t[k]->target);
			if (x < cur - step)
				x = cur - step;
			if (x > p->in) {
				p->in = x;
				p->why_in = k;
				p->m_in = m;
			}
		}
	}
}

/* Scale out to the largest proposal; else scale in when every policy
 * agrees, no scale-out alarm is raised and no deployment is in progress. */
static void tt_tick(as_ctx *c, void *const *cfgs, void *state, int n)
{
	const tt_config *const *t = (const tt_config *const *)cfgs;
	tt_state *st = state;
	int64_t cur = c->desired(c);
	struct proposal p;
	char d[400];

	propose(c, t, st, n, cur, &p);
	p.out = as_clamp(c, p.out);
	if (p.out > cur && p.why_out < 0) {
		/* no policy proposed it: the count was below the minimum */
		snprintf(d, sizeof(d), "target tracking scaled service %s out from %lld to %lld "
			 "(the minimum capacity)", c->service, (long long)cur, (long long)p.out);
		st->last_out = c->now;
		c->set_desired(c, p.out, d);
	} else if (p.out > cur) {
		const tt_config *w = t[p.why_out];
		snprintf(d, sizeof(d), "target tracking scaled service %s out from %lld to %lld "
			 "(%s %.4g > %.4g for %d minutes)", c->service, (long long)cur,
			 (long long)p.out, as_metric_names[w->metric], p.m_out, w->target,
			 (int)st->above[p.why_out]);
		st->last_out = c->now;
		c->set_desired(c, p.out, d);
	} else if (!c->out_alarm && p.all_in && !c->deploying(c) && as_clamp(c, p.in) < cur) {
		const tt_config *w = t[p.why_in];
		p.in = as_clamp(c, p.in);
		snprintf(d, sizeof(d), "target tracking scaled service %s in from %lld to %lld "
			 "(%s %.4g < %.4g for %d minutes)", c->service, (long long)cur,
			 (long long)p.in, as_metric_names[w->metric], p.m_in,
			 w->target * (1 - c->in_margin), (int)st->below[p.why_in]);
		st->last_in = c->now;
		c->set_desired(c, p.in, d);
	}
}

const as_policy_type as_target_tracking = {
	.key = "targetTracking",
	.what = "target tracking",
	.max = 50,
	.entry = &tt_entry,
	.parse = tt_parse,
	.free_config = free,
	.init = tt_init,
	.tick = tt_tick,
	.destroy = tt_destroy,
};
