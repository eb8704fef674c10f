/* deploy.c - rolling deployments and the circuit breaker (see deploy.h). */
#include "model.h"
#include "deploy.h"
#include "metrics.h"
#include "lifecycle.h"
#include "protection.h"
#include "scheduler.h"
#include "setup.h"
#include "task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char *deploy_stage_name(enum dep_stage st)
{
	static const char *const names[] = { "SCALE_UP", "PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME",
					     "CLEAN_UP" };
	return st <= DEP_CLEAN_UP ? names[st] : "?";
}

/* BLUE_GREEN, LINEAR, CANARY: the old revision runs on beside the new one
 * (traffic.c shifts the traffic and bakes) until CLEAN_UP, which stops
 * every old task at once, protected ones when their protection ends. */
static void deploy_clean_up(sim *s, sim_service *v, const sim_deployment *d)
{
	sim_task *t, *next;

	if (d->stage != DEP_CLEAN_UP)
		return;
	for (t = v->old_head; t && v->old_active > 0; t = next) {
		next = t->snext;
		if (t->gen == v->gen || t->state > SIM_RUNNING)
			continue;
		if (sim_task_protected(t, s->eng.now)) {
			prot_held_up(s, v);
			continue;
		}
		life_stop(s, v, t, SIM_END_REPLACED, d->taskdef);
		if (!v->deploying)
			return;
	}
}

/* A rolling deployment stops old tasks: those not RUNNING or not healthy
 * at once, healthy ones while the healthy count stays at or above the
 * lower bound. */
static void deploy_replace(sim *s, sim_service *v)
{
	sim_task *t, *next;

	if (!v->deploying)
		return;
	if (s->deploy->deps[v->dep].strategy != SC_ROLLING) {
		deploy_clean_up(s, v, &s->deploy->deps[v->dep]);
		return;
	}
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
		.strategy = sc_strategy_names[d->strategy],
		.stage = d->strategy == SC_ROLLING ? "" : deploy_stage_name(d->stage),
		.scaled_up = d->scaled_up, .detail = d->detail,
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
	v->green_w = -1;
	v->scale_up_all = 0;
	snprintf(msg, sizeof(msg), "service %s deployment of %s:%d %s%s%s%s", v->sc->name,
		 s->sc->taskdefs[d->taskdef].family, s->sc->taskdefs[d->taskdef].revision,
		 strcmp(outcome, "COMPLETED") == 0 ? "completed" :
		 strcmp(outcome, "FAILED") == 0 ? "failed" : "was superseded",
		 d->detail[0] ? " (" : "", d->detail, d->detail[0] ? ")" : "");
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
	d->strategy = d->rollback ? SC_ROLLING : v->sc->rollout.strategy;
	d->stage = DEP_SCALE_UP;
	d->weight = 0;
	d->scaled_up = -1;
	d->detail[0] = '\0';
	/* ECS: clamp(ceil(0.5 x desired), minimum, 200) */
	d->threshold = half < s->sc->breaker_min ? s->sc->breaker_min : half > 200 ? 200 : half;
	v->dep = k;
	v->req_now = d->req;
	v->td_now = d->taskdef;
	v->gen = d->gen;
	v->deploying = 1;
	v->launch_blocked = 0;
	/* the new revision starts in full beside the old one, which keeps the
	 * production traffic until the shift */
	v->scale_up_all = d->strategy != SC_ROLLING;
	v->green_w = d->strategy != SC_ROLLING ? 0 : -1;
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

void deploy_fail(sim *s, sim_service *v, const char *why, int rollback)
{
	int32_t failed = v->dep, prev = s->deploy->deps[failed].prev;
	sim_deployment *d;

	snprintf(s->deploy->deps[failed].detail, sizeof(s->deploy->deps[failed].detail), "%s",
		 why);
	deploy_end(s, v, "FAILED");
	if (!rollback) {
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

	if (failed && ++d->failed >= d->threshold && v->sc->breaker) {
		char msg[120];
		snprintf(msg, sizeof(msg), "circuit breaker: %lld failed tasks",
			 (long long)d->failed);
		deploy_fail(s, v, msg, v->sc->rollback);
	}
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

/* Deployments still in progress at the end are reported, with what they
 * wait for. */
static void deploy_finish(sim *s)
{
	for (int i = 0; i < s->nsvcs; i++) {
		sim_service *v = &s->svcs[i];
		sim_deployment *d;
		if (!v->deploying)
			continue;
		d = &s->deploy->deps[v->dep];
		snprintf(d->detail, sizeof(d->detail), "at the end: %lld of %lld new tasks healthy, "
			 "%lld old tasks running%s%s%s", (long long)(v->healthy - v->old_healthy),
			 (long long)v->desired, (long long)v->old_active,
			 v->waiting_capacity ? "; new tasks wait for capacity (" : "",
			 v->waiting_capacity ? task_reason_name(v->last_reason) : "",
			 v->waiting_capacity ? ")" : "");
		deploy_notify(s, d);
	}
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
