/* deploy.c - rolling deployments of a service (the scenario's, and rollbacks): start,
 * replacement of old tasks within the rolling bounds, the deployment
 * circuit breaker, and the outcome.
 */
#include "deploy.h"

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
#include "capacity.h"
#include "lifecycle.h"
#include "metrics.h"
#include "scheduler.h"
#include "sim.h"

/* A rolling deployment stops old tasks: those not RUNNING or not healthy
 * at once, healthy ones while the healthy count stays at or above the
 * lower bound. */
void deploy_replace(sim *s, sim_service *v)
{
	char d[200];
	sim_task *t, *next;

	if (!v->deploying)
		return;
	snprintf(d, sizeof(d), "Task replaced by the deployment of %s:%d",
		 s->sc->taskdefs[s->deps[v->dep].taskdef].family,
		 s->sc->taskdefs[s->deps[v->dep].taskdef].revision);
	for (t = v->old_head; t && v->old_active > 0; t = next) {
		next = t->snext;
		/* at the lower bound only old tasks that are not RUNNING healthy
		 * may go: none left, nothing further would be stopped */
		if (v->old_active == v->old_healthy && v->healthy - 1 < sched_lower_bound(v))
			break;
		if (t->gen == v->gen || t->state > SIM_RUNNING ||
		    (t->state == SIM_RUNNING && t->healthy && v->healthy - 1 < sched_lower_bound(v)))
			continue;
		life_stop(s, v, t, SIM_END_REPLACED, d);
		if (!v->deploying)
			return;
	}
}

void deploy_notify(sim *s, const sim_deployment *d)
{
	if (s->obs.deployment_done)
		s->obs.deployment_done(s->obs.ctx, s, d);
}

void deploy_end(sim *s, sim_service *v, const char *outcome)
{
	sim_deployment *d = &s->deps[v->dep];
	char msg[400];

	d->end = s->eng.now;
	d->outcome = outcome;
	v->deploying = 0;
	snprintf(msg, sizeof(msg), "service %s deployment of %s:%d %s%s", v->sc->name,
		 s->sc->taskdefs[d->taskdef].family, s->sc->taskdefs[d->taskdef].revision,
		 strcmp(outcome, "COMPLETED") == 0 ? "completed" :
		 strcmp(outcome, "FAILED") == 0 ? "failed" : "was superseded",
		 strcmp(outcome, "FAILED") == 0 ? " (circuit breaker)" : "");
	sched_event(s, v, strcmp(outcome, "COMPLETED") == 0 ? "deployment-completed" :
			strcmp(outcome, "FAILED") == 0 ? "deployment-failed" : "deployment-superseded",
		  msg);
	deploy_notify(s, d);
}

/* Makes deployment k the service's current one: the tasks of other
 * generations become old and are replaced within the rolling bounds; the
 * throttle is reset, as a new deployment does in ECS. */
static void deploy_begin(sim *s, sim_service *v, int32_t k)
{
	sim_deployment *d;
	int64_t half = (v->desired + 1) / 2;
	char msg[400];

	if (v->deploying)
		deploy_end(s, v, "SUPERSEDED");
	d = &s->deps[k];
	d->prev = v->dep;
	d->start = s->eng.now;
	d->end = -1;
	d->outcome = "IN_PROGRESS";
	d->lowest_healthy = v->healthy;
	/* ECS: clamp(ceil(0.5 x desired), minimum, 200) */
	d->threshold = half < s->sc->breaker_min ? s->sc->breaker_min : half > 200 ? 200 : half;
	v->dep = k;
	v->gen = d->gen;
	v->deploying = 1;
	v->launch_blocked = 0;
	v->old_active = v->old_healthy = 0;
	v->old_head = v->tasks; /* every task is of an older generation now */
	memset(v->cp_n, 0, sizeof(v->cp_n)); /* so none counts for cp_choose */
	memset(v->zone_stoppable, 0, (size_t)s->sc->nzones * sizeof(*v->zone_stoppable));
	for (sim_task *t = v->tasks; t; t = t->snext) {
		if (t->gen != v->gen && t->state <= SIM_RUNNING)
			v->old_active++;
		if (t->gen != v->gen && t->state == SIM_RUNNING && t->healthy)
			v->old_healthy++;
		if (t->gen != v->gen)
			life_undrain(v, t);
	}
	snprintf(msg, sizeof(msg), "service %s has started a %sdeployment of %s:%d", v->sc->name,
		 d->rollback ? "rollback " : "", s->sc->taskdefs[d->taskdef].family,
		 s->sc->taskdefs[d->taskdef].revision);
	sched_event(s, v, "deployment-started", msg);
	sim_service_reset_throttle(s, v);
	sched_changed(s, v);
}

/* Enough of the deployment's tasks failed: it FAILS and launches stop; with
 * rollback on, a new deployment of the previous task definition starts,
 * whose tasks that still run become current again. */
void deploy_breaker_trip(sim *s, sim_service *v)
{
	int32_t failed = v->dep, prev = s->deps[failed].prev;
	sim_deployment *d;

	deploy_end(s, v, "FAILED");
	if (!v->sc->rollback) {
		v->launch_blocked = 1;
		return;
	}
	if (s->ndeps == s->capdeps) {
		s->capdeps = s->capdeps ? 2 * s->capdeps : 4;
		s->deps = xrealloc(s->deps, (size_t)s->capdeps * sizeof(*s->deps));
	}
	d = &s->deps[s->ndeps];
	*d = (sim_deployment){ .svc = (int32_t)(v - s->svcs), .rollback = 1 };
	if (prev < 0) {
		d->taskdef = v->sc->taskdef;
		d->req = v->req;
		d->gen = 0;
	} else {
		d->taskdef = s->deps[prev].taskdef;
		d->req = s->deps[prev].req;
		d->gen = s->deps[prev].gen;
	}
	deploy_begin(s, v, s->ndeps++);
}

void deploy_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t k = s->next_deploy++;
	sim_service *v = &s->svcs[s->sc->deployments[k].svc];

	metrics_service(s, v);
	v->gen = s->deps[k].gen = ++v->ngen;
	deploy_begin(s, v, k);
	if (s->next_deploy < s->sc->ndeployments)
		eng_schedule(e, ev, s->sc->deployments[s->next_deploy].at, deploy_event);
}
