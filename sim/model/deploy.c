/* deploy.c - rolling deployments and the circuit breaker (see deploy.h). */
#include "model.h"
#include "deploy.h"
#include "metrics.h"
#include "lifecycle.h"
#include "protection.h"
#include "scheduler.h"
#include "setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A rolling deployment stops old tasks: those not RUNNING or not healthy
 * at once, healthy ones while the healthy count stays at or above the
 * lower bound. */
static void deploy_replace(sim *s, sim_service *v)
{
	sim_task *t, *next;

	if (!v->deploying)
		return;
	for (t = v->old_head; t && v->old_active > 0; t = next) {
		next = t->snext;
		/* at the lower bound only old tasks that are not RUNNING healthy
		 * may go: none left, nothing further would be stopped */
		if (v->old_active == v->old_healthy && v->healthy - 1 < sched_lower_bound(v))
			break;
		if (t->gen == v->gen || t->state > SIM_RUNNING ||
		    (t->state == SIM_RUNNING && t->healthy && v->healthy - 1 < sched_lower_bound(v)))
			continue;
		/* ECS: a deployment waits for an old task's protection to end */
		if (sim_task_protected(t, s->eng.now)) {
			prot_held_up(s, v);
			continue;
		}
		life_stop(s, v, t, SIM_END_REPLACED, s->deploy->deps[v->dep].taskdef);
		if (!v->deploying)
			return;
	}
}

static void deploy_notify(sim *s, const sim_deployment *d)
{
	const sc_taskdef *td = &s->sc->taskdefs[d->taskdef];
	sim_deployment_rec r = {
		.service = s->sc->services[d->svc].name, .taskdef = d->taskdef,
		.family = td->family,
		.revision = td->revision, .rollback = d->rollback, .start = d->start,
		.end = d->end, .outcome = d->outcome, .failed = d->failed,
		.threshold = d->threshold, .lowest_healthy = d->lowest_healthy,
	};
	sim_report_deployment(s, &r);
}

static void deploy_end(sim *s, sim_service *v, const char *outcome)
{
	sim_deployment *d = &s->deploy->deps[v->dep];
	char msg[400];

	d->end = s->eng.now;
	d->outcome = outcome;
	v->deploying = 0;
	snprintf(msg, sizeof(msg), "service %s deployment of %s:%d %s%s", v->sc->name,
		 s->sc->taskdefs[d->taskdef].family, s->sc->taskdefs[d->taskdef].revision,
		 strcmp(outcome, "COMPLETED") == 0 ? "completed" :
		 strcmp(outcome, "FAILED") == 0 ? "failed" : "was superseded",
		 strcmp(outcome, "FAILED") == 0 ? " (circuit breaker)" : "");
	sim_service_event(s, v, strcmp(outcome, "COMPLETED") == 0 ? "deployment-completed" :
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
	d = &s->deploy->deps[k];
	d->prev = v->dep;
	d->start = s->eng.now;
	d->end = -1;
	d->outcome = "IN_PROGRESS";
	d->lowest_healthy = v->healthy;
	/* ECS: clamp(ceil(0.5 x desired), minimum, 200) */
	d->threshold = half < s->sc->breaker_min ? s->sc->breaker_min : half > 200 ? 200 : half;
	v->dep = k;
	v->req_now = d->req;
	v->td_now = d->taskdef;
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
	sim_service_event(s, v, "deployment-started", msg);
	sched_reset_throttle(s, v);
	sim_service_changed(s, v);
}

/* Enough of the deployment's tasks failed: it FAILS and launches stop; with
 * rollback on, a new deployment of the previous task definition starts,
 * whose tasks that still run become current again. */
static void deploy_breaker_trip(sim *s, sim_service *v)
{
	int32_t failed = v->dep, prev = s->deploy->deps[failed].prev;
	sim_deployment *d;

	deploy_end(s, v, "FAILED");
	if (!v->sc->rollback) {
		v->launch_blocked = 1;
		return;
	}
	if (s->deploy->ndeps == s->deploy->capdeps) {
		s->deploy->capdeps = s->deploy->capdeps ? 2 * s->deploy->capdeps : 4;
		s->deploy->deps = xrealloc(s->deploy->deps, (size_t)s->deploy->capdeps * sizeof(*s->deploy->deps));
	}
	d = &s->deploy->deps[s->deploy->ndeps];
	*d = (sim_deployment){ .svc = v->index, .rollback = 1 };
	if (prev < 0) {
		d->taskdef = v->sc->taskdef;
		d->req = v->req;
		d->gen = 0;
	} else {
		d->taskdef = s->deploy->deps[prev].taskdef;
		d->req = s->deploy->deps[prev].req;
		d->gen = s->deploy->deps[prev].gen;
	}
	deploy_begin(s, v, s->deploy->ndeps++);
}

static void deploy_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t k = s->deploy->next_deploy++;
	sim_service *v = &s->svcs[s->sc->deployments[k].svc];

	metrics_service(s, v);
	v->gen = s->deploy->deps[k].gen = ++v->ngen;
	deploy_begin(s, v, k);
	if (s->deploy->next_deploy < s->sc->ndeployments)
		eng_schedule(e, ev, s->sc->deployments[s->deploy->next_deploy].at, deploy_event);
}

/* Deployments track the lowest healthy count; one COMPLETES once the new
 * tasks run healthy and no old one does (ECS), before the steady-state
 * check (sim_service_changed) looks at deploying. */
static void deploy_service_changed(sim *s, sim_service *v)
{
	sim_deployment *dp;

	if (!v->deploying)
		return;
	dp = &s->deploy->deps[v->dep];
	if (v->healthy < dp->lowest_healthy)
		dp->lowest_healthy = v->healthy;
	if (v->healthy == v->desired && v->running == v->desired && v->pending == 0 &&
	    v->old_active == 0)
		deploy_end(s, v, "COMPLETED");
}

/* The circuit breaker counts tasks of the deployment that never ran,
 * failed their health checks, or exited before they were healthy. */
static void deploy_task_stopping(sim *s, sim_service *v, sim_task *t, enum sim_end why,
				 int failed)
{
	sim_deployment *d = &s->deploy->deps[v->dep < 0 ? 0 : v->dep];

	if (failed && ++d->failed >= d->threshold && v->sc->breaker)
		deploy_breaker_trip(s, v);
}

/* Scenario deployments are deps[0..n-1]; rollbacks are added after. */
static int deploy_init(sim *s, const sim_opts *o, ecs_err *e)
{
	const scenario *sc = s->sc;
	sim_deploy *dp = s->deploy;

	dp->capdeps = dp->ndeps = sc->ndeployments;
	dp->deps = xcalloc((size_t)sc->ndeployments + 1, sizeof(*dp->deps));
	for (int k = 0; k < sc->ndeployments; k++) {
		const sc_deployment *sd = &sc->deployments[k];
		sim_deployment *d = &dp->deps[k];
		d->svc = sd->svc;
		d->taskdef = sd->taskdef;
		d->end = -1;
		if (setup_req(s, &d->req, &d->member_of, sd->taskdef, &sc->services[sd->svc].place,
			      s->svcs[sd->svc].group, e) < 0)
			return -1;
	}
	return 0;
}

static void deploy_start(sim *s)
{
	if (s->sc->ndeployments)
		eng_schedule(&s->eng, &s->deploy->deploy_ev, s->sc->deployments[0].at, deploy_event);
}

/* Deployments still in progress at the end are reported. */
static void deploy_finish(sim *s)
{
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].deploying)
			deploy_notify(s, &s->deploy->deps[s->svcs[i].dep]);
}

static void deploy_destroy(sim *s)
{
	for (int k = 0; k < s->deploy->ndeps; k++)
		setup_free_member_of(s->deploy->deps[k].member_of, s->deploy->deps[k].req.nmember_of);
	free(s->deploy->deps);
	free(s->deploy);
}

static void deploy_create(sim *s)
{
	s->deploy = xcalloc(1, sizeof(*s->deploy));
}

const sim_module deploy_module = {
	.name = "deploy",
	.create = deploy_create,
	.init = deploy_init,
	.start = deploy_start,
	.finish = deploy_finish,
	.destroy = deploy_destroy,
	.service_changed = deploy_service_changed,
	.replace = deploy_replace,
	.task_stopping = deploy_task_stopping,
};
