/* traffic.c - traffic shifting, bake times and deployment alarms (see
 * traffic.h). */
#include "model.h"
#include "traffic.h"
#include "deploy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void traffic_stage(eng *e, eng_event *ev);

static void traffic_event(sim *s, sim_service *v, const sim_deployment *d, const char *event,
			  const char *what)
{
	char msg[400];

	snprintf(msg, sizeof(msg), "service %s deployment of %s:%d (%s): %s", v->sc->name,
		 s->sc->taskdefs[d->taskdef].family, s->sc->taskdefs[d->taskdef].revision,
		 sc_strategy_names[d->strategy], what);
	sim_service_event(s, v, event, msg);
}

/* Production traffic moves to the new revision: all of it (BLUE_GREEN),
 * canaryPercent then the rest (CANARY), stepPercent more each step
 * (LINEAR).  Each step below 100 % is held for its bake time; at 100 % the
 * deployment bakes with both revisions running, then cleans up. */
static void traffic_shift(sim *s, sim_service *v, sim_deployment *d)
{
	const sc_rollout *r = &v->sc->rollout;
	sim_traffic_service *x = &s->traffic->x[v->index];
	double w = d->strategy == SC_BLUE_GREEN ? 1 :
		   d->strategy == SC_CANARY ? (d->weight > 0 ? 1 : r->canary) :
		   d->weight + r->step;
	char what[160];

	if (w > 1 - 1e-9)
		w = 1;
	metrics_service(s, v); /* the integrals up to now with the old split */
	d->stage = DEP_TRAFFIC_SHIFT;
	d->weight = w;
	v->green_w = w;
	snprintf(what, sizeof(what), "%.4g %% of production traffic on the new revision",
		 100 * w);
	traffic_event(s, v, d, "deployment-traffic-shifted", what);
	if (w < 1) {
		eng_schedule(&s->eng, &x->stage_ev, s->eng.now +
			     (d->strategy == SC_CANARY ? r->canary_bake : r->step_bake),
			     traffic_stage);
		return;
	}
	d->stage = DEP_BAKE_TIME;
	snprintf(what, sizeof(what), "bake time %.6g min with both revisions running",
		 us_to_s(r->bake) / 60);
	traffic_event(s, v, d, "deployment-bake-time", what);
	eng_schedule(&s->eng, &x->stage_ev, s->eng.now + r->bake, traffic_stage);
}

/* A step's bake time ended (the next step), or the bake (CLEAN_UP: the
 * scheduler's reconcile stops the old revision, deploy.c). */
static void traffic_stage(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_traffic_service *x = ENG_CONTAINER_OF(ev, sim_traffic_service, stage_ev);
	sim_service *v = &s->svcs[x->svc];
	sim_deployment *d = &s->deploy->deps[x->dep];

	if (d->stage == DEP_TRAFFIC_SHIFT) {
		traffic_shift(s, v, d);
		return;
	}
	d->stage = DEP_CLEAN_UP;
	traffic_event(s, v, d, "deployment-clean-up", "the old revision stops");
	sim_service_wake_now(s, v);
}

/* One minute of the deployment's alarms: each takes its datapoint (the
 * minute's average, FailedTasks the minute's count); one that breaches
 * evaluationPeriods datapoints in a row fails the deployment, which rolls
 * back when alarms.rollback says so. */
static void traffic_alarms(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_traffic_service *x = ENG_CONTAINER_OF(ev, sim_traffic_service, alarm_ev);
	sim_service *v = &s->svcs[x->svc];
	const sc_rollout *r = &v->sc->rollout;
	const sim_deployment *d;

	if (!v->deploying || v->dep != x->dep)
		return;
	metrics_service(s, v);
	d = &s->deploy->deps[v->dep];
	for (int k = 0; k < r->nwatch; k++) {
		const sc_alarm *a = &v->sc->alarms[r->watch[k]];
		double m = a->al.metric == SC_AM_FAILED ? (double)(d->failed - x->failed_mark)
							: metrics_minute(v, &x->minute, a->al.metric);
		x->breach[k] = cw_breaches(&a->al, m) ? x->breach[k] + 1 : 0;
		if (x->breach[k] >= a->al.periods) {
			char why[240];
			snprintf(why, sizeof(why), "alarm %s: %s at %.6g for %d datapoint%s", a->name,
				 sc_alarm_metric_names[a->al.metric], m, (int)a->al.periods,
				 a->al.periods == 1 ? "" : "s");
			deploy_fail(s, v, why, r->alarms_rollback);
			return;
		}
	}
	metrics_minute_mark(v, &x->minute);
	x->failed_mark = d->failed;
	eng_schedule(e, ev, e->now + SIM_MINUTE, traffic_alarms);
}

/* A deployment began (its alarms start watching), ended or was superseded
 * (what ran for the last one stops); the new revision is all healthy
 * (the shift begins). */
static void traffic_service_changed(sim *s, sim_service *v)
{
	sim_traffic_service *x = &s->traffic->x[v->index];
	int32_t dep = v->deploying ? v->dep : -1;
	sim_deployment *d;

	if (dep != x->dep) {
		eng_cancel(&s->eng, &x->stage_ev);
		eng_cancel(&s->eng, &x->alarm_ev);
		x->dep = dep;
		if (dep >= 0 && !s->deploy->deps[dep].rollback && v->sc->rollout.alarms_on &&
		    v->sc->rollout.nwatch) {
			memset(x->breach, 0, (size_t)v->sc->rollout.nwatch * sizeof(*x->breach));
			metrics_minute_mark(v, &x->minute);
			x->failed_mark = s->deploy->deps[dep].failed;
			eng_schedule(&s->eng, &x->alarm_ev, s->eng.now + SIM_MINUTE, traffic_alarms);
		}
	}
	if (dep < 0)
		return;
	d = &s->deploy->deps[dep];
	if (d->strategy != SC_ROLLING && d->stage == DEP_SCALE_UP &&
	    v->healthy - v->old_healthy >= v->desired && !eng_pending(&x->stage_ev)) {
		d->scaled_up = s->eng.now;
		traffic_shift(s, v, d);
	}
}

static void traffic_init_service(sim *s, sim_service *v)
{
	sim_traffic_service *x = &s->traffic->x[v->index];

	x->svc = v->index;
	x->dep = -1;
	x->breach = xcalloc((size_t)v->sc->rollout.nwatch + 1, sizeof(*x->breach));
}

static void traffic_create(sim *s)
{
	s->traffic = xcalloc(1, sizeof(*s->traffic));
	s->traffic->x = xcalloc((size_t)s->sc->nservices + 1, sizeof(*s->traffic->x));
}

static void traffic_destroy(sim *s)
{
	for (int i = 0; i < s->sc->nservices; i++)
		free(s->traffic->x[i].breach);
	free(s->traffic->x);
	free(s->traffic);
}

const sim_module traffic_module = {
	.name = "traffic",
	.create = traffic_create,
	.destroy = traffic_destroy,
	.init_service = traffic_init_service,
	.service_changed = traffic_service_changed,
};
