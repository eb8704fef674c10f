/* autoscale.c - Service Auto Scaling: the service metrics every minute, target
 * tracking and step scaling policies, and scheduled actions that set the
 * scalable target's capacity.
 */
#include "autoscale.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/engine/rng.h"
#include "sim/support/units.h"
#include "strategies/query.h"
#include "strategies/scalein.h"
#include "metrics.h"
#include "scheduler.h"
#include "sim.h"

static const char *const as_metric_name[] = { "ECSServiceAverageCPUUtilization",
					      "ECSServiceAverageMemoryUtilization",
					      "ALBRequestCountPerTarget" };

/* The metric's datapoint now: NAN when no task is healthy (no datapoint). */
static double as_metric(const sim_service *v, enum sc_metric m)
{
	load_util u = load_apply(&v->sc->demand, v->demand, v->healthy);

	switch (m) {
	case SC_METRIC_CPU: return u.cpu;
	case SC_METRIC_MEMORY: return u.mem;
	case SC_METRIC_REQUESTS:
		/* requests per target per minute */
		return v->healthy > 0 ? v->demand * 60 / (double)v->healthy : NAN;
	}
	return NAN;
}

int64_t as_clamp(const sim_service *v, int64_t n)
{
	return n < v->as_min ? v->as_min : n > v->as_max ? v->as_max : n;
}

/* Target tracking's proportional capacity, ceil(current x metric / target),
 * with a little slack so that a metric exactly on target keeps it. */
static int64_t as_proportional(int64_t cur, double m, double target)
{
	return (int64_t)ceil((double)cur * m / target - 1e-9);
}

/* PercentChangeInCapacity (Application Auto Scaling): cur x pct / 100
 * rounded towards zero, but at least 1 (and minAdjustmentMagnitude) in
 * size. */
static int64_t as_percent(int64_t cur, int64_t pct, int64_t min_mag)
{
	int64_t d = cur * pct / 100;

	if (pct > 0 && d < (min_mag > 1 ? min_mag : 1))
		d = min_mag > 1 ? min_mag : 1;
	if (pct < 0 && d > -(min_mag > 1 ? min_mag : 1))
		d = -(min_mag > 1 ? min_mag : 1);
	return cur + d;
}

/* Step scaling: each policy's alarm takes the minute's datapoint; after
 * `evaluationPeriods` breaching ones in a row, and outside the policy's
 * cooldown, the step whose interval holds metric - threshold adjusts the
 * desired count.  A scale-in waits while a deployment is in progress or a
 * target tracking scale-out alarm is raised (out if any says out). */
static void as_steps(sim *s, sim_service *v, int out_alarm)
{
	const sc_autoscaling *a = &v->sc->as;
	static const char *const adj_name[] = { "ChangeInCapacity", "PercentChangeInCapacity",
						"ExactCapacity" };

	for (int p = 0; p < a->nsp; p++) {
		const sc_step_policy *sp = &a->sp[p];
		const sc_step *st = NULL;
		double m = as_metric(v, sp->metric);
		int64_t cur = v->desired, n;
		int breach;
		char d[400];

		if (isnan(m)) {
			v->sp_breach[p] = 0;
			continue;
		}
		breach = sp->cmp == SC_CMP_GE ? m >= sp->threshold :
			 sp->cmp == SC_CMP_GT ? m > sp->threshold :
			 sp->cmp == SC_CMP_LT ? m < sp->threshold : m <= sp->threshold;
		v->sp_breach[p] = breach ? v->sp_breach[p] + 1 : 0;
		if (v->sp_breach[p] < sp->periods ||
		    (v->sp_last[p] >= 0 && s->eng.now < v->sp_last[p] + sp->cooldown))
			continue;
		for (int k = 0; k < sp->nsteps && !st; k++)
			if (sp->steps[k].lower <= m - sp->threshold && m - sp->threshold < sp->steps[k].upper)
				st = &sp->steps[k];
		if (!st)
			continue;
		n = sp->adjust == SC_ADJ_CHANGE ? cur + st->adjustment :
		    sp->adjust == SC_ADJ_PERCENT ? as_percent(cur, st->adjustment, sp->min_magnitude) :
		    st->adjustment;
		n = as_clamp(v, n);
		if (n == cur || (n < cur && (v->deploying || out_alarm)))
			continue;
		v->sp_last[p] = s->eng.now;
		if (n > cur)
			v->scale_outs++;
		else
			v->scale_ins++;
		snprintf(d, sizeof(d), "step scaling policy %d scaled service %s %s from %lld to %lld "
			 "(%s %.4g, threshold %.4g; %s %lld)", p, v->sc->name, n > cur ? "out" : "in",
			 (long long)cur, (long long)n, as_metric_name[sp->metric], m, sp->threshold,
			 adj_name[sp->adjust], (long long)st->adjustment);
		sched_set_desired(s, v, n, "autoscaling", d);
	}
}

/* Every minute: each policy's alarms take a datapoint.  Scale out when any
 * policy's out alarm has `out_points` datapoints in a row above target and
 * its out cooldown has passed (to the largest proposal); scale in only
 * when every policy's in alarm has `in_points` in a row clearly below
 * target, no cooldown runs (a scale-out cooldown blocks scale-in, a
 * scale-in cooldown does not block scale-out) and no deployment is in
 * progress. */
void as_tick(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, as_ev);
	const sc_autoscaling *a = &v->sc->as;
	int64_t cur = v->desired, out = cur, in = -1;
	int out_alarm = 0, all_in = a->ntt > 0, why_out = -1, why_in = -1;
	double m_out = 0, m_in = 0;
	char d[400];

	metrics_service(s, v);
	for (int p = 0; p < a->ntt; p++) {
		const sc_tt_policy *t = &a->tt[p];
		double m = as_metric(v, t->metric);
		if (isnan(m)) {
			all_in = 0;
			continue;
		}
		v->above[p] = m > t->target ? v->above[p] + 1 : 0;
		v->below[p] = m < t->target * (1 - a->in_margin) ? v->below[p] + 1 : 0;
		if (v->above[p] >= a->out_points) {
			out_alarm = 1;
			if (v->last_out < 0 || e->now >= v->last_out + t->out_cooldown) {
				int64_t n = as_proportional(cur, m, t->target);
				if (n > out) {
					out = n;
					why_out = p;
					m_out = m;
				}
			}
		}
		if (t->disable_in || v->below[p] < a->in_points ||
		    (v->last_in >= 0 && e->now < v->last_in + t->in_cooldown) ||
		    (v->last_out >= 0 && e->now < v->last_out + t->out_cooldown)) {
			all_in = 0;
		} else {
			/* gradually: at most a tenth of the capacity (at least 1) a step */
			int64_t step = cur / 10 > 1 ? cur / 10 : 1;
			int64_t n = as_proportional(cur, m, t->target);
			if (n < cur - step)
				n = cur - step;
			if (n > in) {
				in = n;
				why_in = p;
				m_in = m;
			}
		}
	}
	out = as_clamp(v, out);
	if (out > cur) {
		const sc_tt_policy *t = &a->tt[why_out];
		snprintf(d, sizeof(d), "target tracking scaled service %s out from %lld to %lld "
			 "(%s %.4g > %.4g for %d minutes)", v->sc->name, (long long)cur,
			 (long long)out, as_metric_name[t->metric], m_out, t->target,
			 (int)v->above[why_out]);
		v->last_out = e->now;
		v->scale_outs++;
		sched_set_desired(s, v, out, "autoscaling", d);
	} else if (!out_alarm && all_in && !v->deploying && as_clamp(v, in) < cur) {
		const sc_tt_policy *t = &a->tt[why_in];
		in = as_clamp(v, in);
		snprintf(d, sizeof(d), "target tracking scaled service %s in from %lld to %lld "
			 "(%s %.4g < %.4g for %d minutes)", v->sc->name, (long long)cur,
			 (long long)in, as_metric_name[t->metric], m_in,
			 t->target * (1 - a->in_margin), (int)v->below[why_in]);
		v->last_in = e->now;
		v->scale_ins++;
		sched_set_desired(s, v, in, "autoscaling", d);
	}
	as_steps(s, v, out_alarm);
	eng_schedule(e, ev, e->now + SIM_MINUTE, as_tick);
}

/* A scheduled action sets the scalable target's minimum and maximum; a
 * desired count outside them moves inside at once. */
void as_scheduled(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, sched_ev);
	const sc_scheduled_action *x = &v->sc->as.sched[v->next_sched++];
	char d[400];

	metrics_service(s, v);
	if (x->min >= 0)
		v->as_min = x->min;
	if (x->max >= 0)
		v->as_max = x->max;
	if (v->as_max < v->as_min)
		v->as_max = v->as_min;
	snprintf(d, sizeof(d), "scheduled action set the capacity of service %s to min %lld, "
		 "max %lld; desired %lld to %lld", v->sc->name, (long long)v->as_min,
		 (long long)v->as_max, (long long)v->desired, (long long)as_clamp(v, v->desired));
	sched_set_desired(s, v, as_clamp(v, v->desired), "autoscaling-scheduled", d);
	if (v->next_sched < v->sc->as.nsched)
		eng_schedule(e, ev, v->sc->as.sched[v->next_sched].at, as_scheduled);
}
