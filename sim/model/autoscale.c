/* autoscale.c - Service Auto Scaling (see autoscale.h). */
#include "model.h"
#include "autoscale.h"
#include "metrics.h"
#include "scheduler.h"
#include "demand.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* What the policies' context points to. */
struct as_run {
	sim *s;
	sim_service *v;
	sim_as_target *x;
};

/* n within the scalable target's bounds now. */
static int64_t bound(const sim_as_target *x, int64_t n)
{
	return n < x->min ? x->min : n > x->max ? x->max : n;
}

/* The metric's one-minute datapoint, as CloudWatch publishes ECS's service
 * metrics: the average over the minute just ended (of the time a task was
 * healthy: ECSServiceAverageCPUUtilization averages the tasks' own
 * utilization); NAN when no task was healthy at all (no datapoint). */
static double as_metric(const as_ctx *c, enum as_metric m)
{
	const struct as_run *r = c->model;

	return metrics_minute(r->v, &r->x->minute, (int)m);
}

static int64_t as_desired(const as_ctx *c)
{
	return ((const struct as_run *)c->model)->v->desired;
}

static int as_deploying(const as_ctx *c)
{
	return ((const struct as_run *)c->model)->v->deploying;
}

static void as_set_desired(as_ctx *c, int64_t n, const char *detail)
{
	struct as_run *r = c->model;

	if (n > r->v->desired)
		r->x->scale_outs++;
	else
		r->x->scale_ins++;
	sched_set_desired(r->s, r->v, n, "autoscaling", detail);
}

/* Every minute: the policies of each type, types in table order. */
static void as_tick(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_as_target *x = ENG_CONTAINER_OF(ev, sim_as_target, tick);
	sim_service *v = &s->svcs[x->svc];
	const sc_autoscaling *a = &v->sc->as;
	struct as_run r = { s, v, x };
	as_ctx c = {
		.now = e->now, .min = x->min, .max = x->max, .out_points = a->out_points,
		.in_points = a->in_points, .in_margin = a->in_margin,
		.in_step_pct = a->in_step_pct, .service = v->sc->name,
		.metric = as_metric, .desired = as_desired, .deploying = as_deploying,
		.set_desired = as_set_desired, .model = &r,
	};

	metrics_service(s, v);
	for (int t = 0; t < a->npol; t++)
		if (a->pol[t].n)
			a->pol[t].type->tick(&c, a->pol[t].cfgs, x->state[t], a->pol[t].n);
	metrics_minute_mark(v, &x->minute); /* the next minute's datapoints start */
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
		 (long long)x->max, (long long)v->desired, (long long)bound(x, v->desired));
	sched_set_desired(s, v, bound(x, v->desired), "autoscaling-scheduled", d);
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
	v->desired = bound(x, v->desired);
	x->state = xcalloc((size_t)v->sc->as.npol + 1, sizeof(*x->state));
	for (int t = 0; t < v->sc->as.npol; t++) {
		const sc_policies *p = &v->sc->as.pol[t];
		x->state[t] = p->type->init(p->cfgs, p->n);
	}
}

static void as_start_service(sim *s, sim_service *v)
{
	sim_as_target *x = &s->as->t[v->index];

	if (v->sc->as.npolicies)
		eng_schedule(&s->eng, &x->tick, SIM_MINUTE, as_tick);
	if (v->sc->as.nsched)
		eng_schedule(&s->eng, &x->sched_ev, v->sc->as.sched[0].at, as_scheduled);
}

static void as_destroy(sim *s)
{
	for (int i = 0; s->as->t && i < s->sc->nservices; i++) {
		const sc_autoscaling *a = &s->sc->services[i].as;
		for (int t = 0; s->as->t[i].state && t < a->npol; t++)
			a->pol[t].type->destroy(s->as->t[i].state[t]);
		free(s->as->t[i].state);
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
