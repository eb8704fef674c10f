/* autoscale.c - Service Auto Scaling (see autoscale.h). */
#include "model.h"
#include "autoscale.h"
#include "metrics.h"
#include "scheduler.h"
#include "demand.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const as_metric_name[] = { "ECSServiceAverageCPUUtilization",
					      "ECSServiceAverageMemoryUtilization",
					      "ALBRequestCountPerTarget" };

/* The metric's datapoint now: NAN when no task is healthy (no datapoint). */
static double as_metric(const sim_service *v, enum sc_metric m)
{
	demand_util u = demand_apply(&v->sc->demand, v->demand, v->healthy);

	switch (m) {
	case SC_METRIC_CPU: return u.cpu;
	case SC_METRIC_MEMORY: return u.mem;
	case SC_METRIC_REQUESTS:
		/* requests per target per minute */
		return v->healthy > 0 ? v->demand * 60 / (double)v->healthy : NAN;
	}
	return NAN;
}

static int64_t as_clamp(const sim_as_target *x, int64_t n)
{
	return n < x->min ? x->min : n > x->max ? x->max : n;
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
static void as_steps(sim *s, sim_service *v, sim_as_target *x, int out_alarm)
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
			x->sp_breach[p] = 0;
			continue;
		}
		breach = sp->cmp == SC_CMP_GE ? m >= sp->threshold :
			 sp->cmp == SC_CMP_GT ? m > sp->threshold :
			 sp->cmp == SC_CMP_LT ? m < sp->threshold : m <= sp->threshold;
		x->sp_breach[p] = breach ? x->sp_breach[p] + 1 : 0;
		if (x->sp_breach[p] < sp->periods ||
		    (x->sp_last[p] >= 0 && s->eng.now < x->sp_last[p] + sp->cooldown))
			continue;
		for (int k = 0; k < sp->nsteps && !st; k++)
			if (sp->steps[k].lower <= m - sp->threshold && m - sp->threshold < sp->steps[k].upper)
				st = &sp->steps[k];
		if (!st)
			continue;
		n = sp->adjust == SC_ADJ_CHANGE ? cur + st->adjustment :
		    sp->adjust == SC_ADJ_PERCENT ? as_percent(cur, st->adjustment, sp->min_magnitude) :
		    st->adjustment;
		n = as_clamp(x, n);
		if (n == cur || (n < cur && (v->deploying || out_alarm)))
			continue;
		x->sp_last[p] = s->eng.now;
		if (n > cur)
			x->scale_outs++;
		else
			x->scale_ins++;
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
static void as_tick(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_as_target *x = ENG_CONTAINER_OF(ev, sim_as_target, tick);
	sim_service *v = &s->svcs[x->svc];
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
		x->above[p] = m > t->target ? x->above[p] + 1 : 0;
		x->below[p] = m < t->target * (1 - a->in_margin) ? x->below[p] + 1 : 0;
		if (x->above[p] >= a->out_points) {
			out_alarm = 1;
			if (x->last_out < 0 || e->now >= x->last_out + t->out_cooldown) {
				int64_t n = as_proportional(cur, m, t->target);
				if (n > out) {
					out = n;
					why_out = p;
					m_out = m;
				}
			}
		}
		if (t->disable_in || x->below[p] < a->in_points ||
		    (x->last_in >= 0 && e->now < x->last_in + t->in_cooldown) ||
		    (x->last_out >= 0 && e->now < x->last_out + t->out_cooldown)) {
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
	out = as_clamp(x, out);
	if (out > cur) {
		const sc_tt_policy *t = &a->tt[why_out];
		snprintf(d, sizeof(d), "target tracking scaled service %s out from %lld to %lld "
			 "(%s %.4g > %.4g for %d minutes)", v->sc->name, (long long)cur,
			 (long long)out, as_metric_name[t->metric], m_out, t->target,
			 (int)x->above[why_out]);
		x->last_out = e->now;
		x->scale_outs++;
		sched_set_desired(s, v, out, "autoscaling", d);
	} else if (!out_alarm && all_in && !v->deploying && as_clamp(x, in) < cur) {
		const sc_tt_policy *t = &a->tt[why_in];
		in = as_clamp(x, in);
		snprintf(d, sizeof(d), "target tracking scaled service %s in from %lld to %lld "
			 "(%s %.4g < %.4g for %d minutes)", v->sc->name, (long long)cur,
			 (long long)in, as_metric_name[t->metric], m_in,
			 t->target * (1 - a->in_margin), (int)x->below[why_in]);
		x->last_in = e->now;
		x->scale_ins++;
		sched_set_desired(s, v, in, "autoscaling", d);
	}
	as_steps(s, v, x, out_alarm);
	eng_schedule(e, ev, e->now + SIM_MINUTE, as_tick);
}

/* A scheduled action sets the scalable target's minimum and maximum; a
 * desired count outside them moves inside at once. */
static void as_scheduled(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_as_target *x = ENG_CONTAINER_OF(ev, sim_as_target, sched_ev);
	sim_service *v = &s->svcs[x->svc];
	const sc_scheduled_action *a = &v->sc->as.sched[x->next_sched++];
	char d[400];

	metrics_service(s, v);
	if (a->min >= 0)
		x->min = a->min;
	if (a->max >= 0)
		x->max = a->max;
	if (x->max < x->min)
		x->max = x->min;
	snprintf(d, sizeof(d), "scheduled action set the capacity of service %s to min %lld, "
		 "max %lld; desired %lld to %lld", v->sc->name, (long long)x->min,
		 (long long)x->max, (long long)v->desired, (long long)as_clamp(x, v->desired));
	sched_set_desired(s, v, as_clamp(x, v->desired), "autoscaling-scheduled", d);
	if (x->next_sched < v->sc->as.nsched)
		eng_schedule(e, ev, v->sc->as.sched[x->next_sched].at, as_scheduled);
}

/* Registering the scalable target moves desired within min..max. */
static void as_init_service(sim *s, sim_service *v)
{
	sim_as_target *x;

	/* (before this module's init: the scheduler's init calls it) */
	if (!s->as->t)
		s->as->t = xcalloc((size_t)s->sc->nservices + 1, sizeof(*s->as->t));
	x = &s->as->t[v->index];
	x->svc = v->index;
	if (!v->sc->as.given)
		return;
	x->min = v->sc->as.min;
	x->max = v->sc->as.max;
	v->desired = as_clamp(x, v->desired);
	x->last_out = x->last_in = -1;
	x->above = xcalloc((size_t)v->sc->as.ntt + 1, sizeof(*x->above));
	x->below = xcalloc((size_t)v->sc->as.ntt + 1, sizeof(*x->below));
	x->sp_breach = xcalloc((size_t)v->sc->as.nsp + 1, sizeof(*x->sp_breach));
	x->sp_last = xmalloc(((size_t)v->sc->as.nsp + 1) * sizeof(*x->sp_last));
	for (int k = 0; k < v->sc->as.nsp; k++)
		x->sp_last[k] = -1;
}

static void as_start_service(sim *s, sim_service *v)
{
	sim_as_target *x = &s->as->t[v->index];

	if (v->sc->as.ntt || v->sc->as.nsp)
		eng_schedule(&s->eng, &x->tick, SIM_MINUTE, as_tick);
	if (v->sc->as.nsched)
		eng_schedule(&s->eng, &x->sched_ev, v->sc->as.sched[0].at, as_scheduled);
}

static void as_destroy(sim *s)
{
	for (int i = 0; s->as->t && i < s->sc->nservices; i++) {
		free(s->as->t[i].above);
		free(s->as->t[i].below);
		free(s->as->t[i].sp_breach);
		free(s->as->t[i].sp_last);
	}
	free(s->as->t);
	free(s->as);
}

static void autoscale_create(sim *s)
{
	s->as = xcalloc(1, sizeof(*s->as));
}

const sim_module autoscale_module = {
	.name = "autoscale",
	.create = autoscale_create,
	.init_service = as_init_service,
	.start_service = as_start_service,
	.destroy = as_destroy,
};
