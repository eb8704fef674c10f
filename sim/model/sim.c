/* sim.c - the kernel of the ECS model (see sim.h): builds the modules in order, runs
 * the engine with a hook before every event, closes the books and frees.
 * Owns struct sim's shared parts; every ECS concept lives in a module of
 * its own (docs/architecture.md lists them).
 */
#include "sim.h"

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
#include "autoscale.h"
#include "cluster_scaling.h"
#include "deploy.h"
#include "failures.h"
#include "fargate.h"
#include "maintenance.h"
#include "metrics.h"
#include "replay.h"
#include "scheduler.h"
#include "setup.h"
#include "task.h"
#include "workload.h"
#include "capacity.h"
#include "check.h"
#include "lifecycle.h"
#include "spot.h"

const char *sim_end_name(enum sim_end r)
{
	switch (r) {
	case SIM_END_COMPLETED: return "completed";
	case SIM_END_HOST_FAILURE: return "host-failure";
	case SIM_END_REJECTED: return "rejected";
	case SIM_END_RUNNING: return "running";
	case SIM_END_START_FAILURE: return "start-failure";
	case SIM_END_UNHEALTHY: return "unhealthy";
	case SIM_END_EXITED: return "exited";
	case SIM_END_SCALED_IN: return "scale-in";
	case SIM_END_DRAINED: return "draining";
	case SIM_END_REPLACED: return "deployment";
	case SIM_END_SPOT: return "spot-interruption";
	}
	return "?";
}

const char *sim_state_name(enum sim_state st)
{
	static const char *const names[] = { "PROVISIONING", "PENDING", "ACTIVATING", "RUNNING",
					     "DEACTIVATING", "STOPPING", "DEPROVISIONING",
					     "STOPPED" };
	return st <= SIM_STOPPED ? names[st] : "?";
}

uint64_t sim_seed(const sim *s)
{
	return s->seed;
}


/* Every event starts here (the engine's hook): the cluster's integrals
 * are brought up to now before anything changes. */
static void before_event(eng *e)
{
	metrics_accumulate(sim_of(e));
}

/* A cluster event (no service) for events.csv. */
void sim_cluster_event(sim *s, const char *event, const char *detail)
{
	if (s->obs.event)
		s->obs.event(s->obs.ctx, s->eng.now, "", event, detail);
}

int sim_init(sim *s, const scenario *sc, const sim_opts *o, const sim_observer *obs,
	     ecs_err *e)
{
	char label[512];

	*s = (sim){ .tasks.size = sizeof(sim_task), .svc_tasks.size = sizeof(sim_svc_task) };
	s->sc = sc;
	s->seed = o && o->has_seed ? o->seed : sc->seed;
	s->check = o && o->check;
	s->max_running = o && o->max_running > 0 ? o->max_running : SIM_MAX_RUNNING;
	if (obs)
		s->obs = *obs;
	eng_init(&s->eng);
	s->eng.user = s;
	s->eng.before = before_event;
	s->eng.interrupt = o ? o->stop : NULL;
	s->ws.stop = o ? o->stop : NULL;
	setup_cluster(s);
	if (replay_open(s, o, e) < 0)
		return -1;
	cl_index_enable(&s->cl);
	s->tie = rng_stream_new(s->seed, "placement-ties", 0);
	s->fail = rng_stream_new(s->seed, "instance-failures", 0);
	s->zfail = rng_stream_new(s->seed, "zone-outages", 0);
	s->dfail = rng_stream_new(s->seed, "domain-failures", 0);
	s->sfail = rng_stream_new(s->seed, "spot-interruptions", 0);
	s->scalein = rng_stream_new(s->seed, "scale-in", 0);
	s->drained_by = xmalloc((size_t)s->cl.nhosts * sizeof(*s->drained_by) + 1);
	for (int32_t h = 0; h < s->cl.nhosts; h++)
		s->drained_by[h] = -1;
	s->undrain_ev = xcalloc((size_t)sc->ndrains + 1, sizeof(*s->undrain_ev));

	/* Services need per-host counts of their tasks (scale-in, spread by
	 * instance); standalone workloads alone do not pay for them. */
	if (sc->nservices)
		cl_track_group_hosts(&s->cl);
	s->stopping_group = cl_group_id(&s->cl, "ecsim:stopping");
	s->nsvcs = sc->nservices;
	s->svcs = xcalloc((size_t)sc->nservices, sizeof(*s->svcs));
	for (int i = 0; i < sc->nservices; i++) {
		sim_service *v = &s->svcs[i];
		/* Sized to the name: a fixed buffer cut long names, and two
		 * services alike in their first 291 characters shared a group. */
		size_t n = strlen(sc->services[i].name) + sizeof("service:");
		char *g = xmalloc(n);
		v->sc = &sc->services[i];
		v->desired = v->sc->desired;
		snprintf(g, n, "service:%s", v->sc->name);
		v->group = cl_group_id(&s->cl, g);
		v->dep = -1;
		v->warm = sc->life.warm_start;
		if (v->sc->demand.given)
			v->demand = load_demand(&v->sc->demand, 0);
		if (v->sc->as.given) {
			/* registering the scalable target moves desired within min..max */
			v->as_min = v->sc->as.min;
			v->as_max = v->sc->as.max;
			v->desired = as_clamp(v, v->desired);
			v->last_out = v->last_in = -1;
			v->above = xcalloc((size_t)v->sc->as.ntt + 1, sizeof(*v->above));
			v->below = xcalloc((size_t)v->sc->as.ntt + 1, sizeof(*v->below));
			v->sp_breach = xcalloc((size_t)v->sc->as.nsp + 1, sizeof(*v->sp_breach));
			v->sp_last = xmalloc(((size_t)v->sc->as.nsp + 1) * sizeof(*v->sp_last));
			for (int k = 0; k < v->sc->as.nsp; k++)
				v->sp_last[k] = -1;
		}
		v->life = rng_stream_new(s->seed, "task-lifecycle", (uint64_t)i);
		v->zone_live = xcalloc((size_t)s->sc->nzones + 1, sizeof(*v->zone_live));
		v->zone_stoppable = xcalloc((size_t)s->sc->nzones + 1, sizeof(*v->zone_stoppable));
		v->faults = rng_stream_new(s->seed, "task-failures", (uint64_t)i);
		free(g);
		if (setup_req(s, &v->req, &v->member_of, v->sc->taskdef, &v->sc->place, v->group,
			      e) < 0 ||
		    setup_chain(s, &v->chain, &v->sc->place, 1, o, e) < 0)
			return -1;
		v->cp_part = xcalloc((size_t)v->sc->ncps + 1, sizeof(*v->cp_part));
		for (int k = 0; k < v->sc->ncps; k++)
			if (v->sc->cps[k].kind == SC_CP_ASG)
				v->cp_part[k] = (int16_t)(cl_attr_value(&s->cl, s->cl.part_attr,
						sc->providers[v->sc->cps[k].provider]) + 1);
	}
	/* Scenario deployments are s->deps[0..n-1]; rollbacks are added after. */
	s->capdeps = s->ndeps = sc->ndeployments;
	s->deps = xcalloc((size_t)sc->ndeployments + 1, sizeof(*s->deps));
	for (int k = 0; k < sc->ndeployments; k++) {
		const sc_deployment *sd = &sc->deployments[k];
		sim_deployment *d = &s->deps[k];
		d->svc = sd->svc;
		d->taskdef = sd->taskdef;
		d->end = -1;
		if (setup_req(s, &d->req, &d->member_of, sd->taskdef, &sc->services[sd->svc].place,
			      s->svcs[sd->svc].group, e) < 0)
			return -1;
	}
	s->nwls = sc->nworkloads;
	s->wls = xcalloc((size_t)sc->nworkloads, sizeof(*s->wls));
	for (int i = 0; i < sc->nworkloads; i++) {
		sim_workload *w = &s->wls[i];
		w->sc = &sc->workloads[i];
		w->group = cl_group_id(&s->cl, w->sc->group);
		if (setup_req(s, &w->req, &w->member_of, w->sc->taskdef, &w->sc->place, w->group,
			      e) < 0 ||
		    setup_chain(s, &w->chain, &w->sc->place, 0, o, e) < 0)
			return -1;
		w->arrivals = rng_stream_new(s->seed, "arrivals", (uint64_t)i);
		w->durations = rng_stream_new(s->seed, "durations", (uint64_t)i);
		w->sizes = rng_stream_new(s->seed, "sizes", (uint64_t)i);
	}
	if (o && o->strategy)
		snprintf(s->strategy, sizeof(s->strategy), "%s", o->strategy);
	else if (s->nsvcs + s->nwls > 0) {
		st_chain_format(s->nsvcs ? &s->svcs[0].chain : &s->wls[0].chain, label,
				sizeof(label));
		snprintf(s->strategy, sizeof(s->strategy), "scenario (%s%s)", label,
			 s->nsvcs + s->nwls > 1 ? ", ..." : "");
	} else
		snprintf(s->strategy, sizeof(s->strategy), "scenario");

	/* Time 0: the first sample sees the empty cluster, then services are
	 * placed in file order, then workloads start, then failures. */
	eng_schedule(&s->eng, &s->sample_ev, 0, metrics_sample);
	/* Daemon services place first (ECS), then replica services. */
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			eng_schedule(&s->eng, &s->svcs[i].ev, 0, sched_reconcile);
	for (int i = 0; i < s->nsvcs; i++) {
		if (!s->svcs[i].sc->daemon)
			eng_schedule(&s->eng, &s->svcs[i].ev, 0, sched_reconcile);
		if (s->svcs[i].sc->nchanges)
			eng_schedule(&s->eng, &s->svcs[i].change_ev, s->svcs[i].sc->changes[0].at,
				     sched_desired_change);
		if (s->svcs[i].sc->as.ntt || s->svcs[i].sc->as.nsp)
			eng_schedule(&s->eng, &s->svcs[i].as_ev, SIM_MINUTE, as_tick);
		if (s->svcs[i].sc->as.nsched)
			eng_schedule(&s->eng, &s->svcs[i].sched_ev, s->svcs[i].sc->as.sched[0].at,
				     as_scheduled);
	}
	for (int g = 0; g < s->nasgs; g++)
		eng_schedule(&s->eng, &s->asgs[g].tick, SIM_MINUTE, cas_tick);
	if (sc->ndrains)
		eng_schedule(&s->eng, &s->drain_ev, sc->drains[0].at, maint_drain_start);
	if (sc->ndeployments)
		eng_schedule(&s->eng, &s->deploy_ev, sc->deployments[0].at, deploy_event);
	for (int i = 0; i < s->nwls; i++)
		wl_schedule_arrival(s, &s->wls[i]);
	if (replay_start(s, o, e) < 0)
		return -1;
	fail_start(s);
	return 0;
}

static int over_limit(const sim *s, ecs_err *e)
{
	return err_set(e, "at t=%.6fs more than %lld tasks would be running at once, the most "
		       "ecsim keeps in memory; tasks that ask for (almost) no cpu and memory or "
		       "never end pile up: check the workloads' sizes and durations",
		       us_to_s(s->eng.now), (long long)s->max_running);
}

int sim_run(sim *s, int64_t until, ecs_err *e)
{
	if (until > s->sc->duration)
		until = s->sc->duration;
	if (s->over_limit)
		return over_limit(s, e);
	if (!s->check) {
		eng_run(&s->eng, until);
	} else {
		while (!err_isset(&s->err) && !s->over_limit && eng_step(&s->eng, until))
			if (sim_check(s, e) < 0)
				return -1;
		if (!err_isset(&s->err) && !s->over_limit && !s->eng.interrupted &&
		    s->eng.now < until)
			s->eng.now = until;
	}
	if (s->over_limit)
		return over_limit(s, e);
	if (err_isset(&s->err))
		return err_set(e, "%s", s->err.msg);
	if (s->eng.interrupted)
		return err_set(e, "interrupted");
	return 0;
}

void sim_finish(sim *s)
{
	s->eng.now = s->sc->duration;
	metrics_accumulate(s);
	for (int i = 0; i < s->nsvcs; i++)
		metrics_service(s, &s->svcs[i]);
	/* A last sample at the end when the interval does not divide it. */
	if (s->sc->duration % s->sc->metrics_interval && s->obs.sample)
		s->obs.sample(s->obs.ctx, s);
	for (int i = 0; i < s->nsvcs; i++) {
		if (s->svcs[i].deploying)
			deploy_notify(s, &s->deps[s->svcs[i].dep]);
		/* FARGATE tasks still running: billed at least the minimum, and
		 * reported like those on hosts */
		for (const sim_task *t = s->svcs[i].tasks; t; t = t->snext)
			if (t->fargate) {
				fargate_min_charge(s, t);
				task_report(s, t, SIM_END_RUNNING, NULL);
			}
	}
	for (int32_t h = 0; s->obs.task_done && h < s->cl.nhosts; h++)
		for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext)
			task_report(s, ENG_CONTAINER_OF(ct, sim_task, ct), SIM_END_RUNNING, NULL);
}

void sim_destroy(sim *s)
{
	/* First: it touches the pending events embedded in what follows. */
	eng_destroy(&s->eng);
	for (int i = 0; i < s->nsvcs; i++) {
		st_chain_destroy(&s->svcs[i].chain);
		if (s->svcs[i].life)
			gsl_rng_free(s->svcs[i].life);
		free(s->svcs[i].zone_live);
		free(s->svcs[i].zone_stoppable);
		if (s->svcs[i].faults)
			gsl_rng_free(s->svcs[i].faults);
		free(s->svcs[i].cp_part);
		setup_free_member_of(s->svcs[i].member_of, s->svcs[i].req.nmember_of);
		free(s->svcs[i].above);
		free(s->svcs[i].below);
		free(s->svcs[i].sp_breach);
		free(s->svcs[i].sp_last);
	}
	for (int i = 0; i < s->nwls; i++) {
		st_chain_destroy(&s->wls[i].chain);
		setup_free_member_of(s->wls[i].member_of, s->wls[i].req.nmember_of);
		gsl_rng_free(s->wls[i].arrivals);
		gsl_rng_free(s->wls[i].durations);
		gsl_rng_free(s->wls[i].sizes);
	}
	free(s->svcs);
	free(s->wls);
	for (int i = 0; i < s->ntrs; i++) {
		st_chain_destroy(&s->trs[i].chain);
		setup_free_member_of(s->trs[i].member_of, s->trs[i].req.nmember_of);
		trace_close(&s->trs[i].tr);
	}
	free(s->trs);
	for (int g = 0; g < s->nasgs; g++) {
		free(s->asgs[g].launch_ev);
		gsl_rng_free(s->asgs[g].launch);
	}
	free(s->asgs);
	gsl_rng_free(s->tie);
	gsl_rng_free(s->fail);
	free(s->host_ev);
	if (s->zfail)
		gsl_rng_free(s->zfail);
	if (s->dfail)
		gsl_rng_free(s->dfail);
	free(s->down_by);
	free(s->inst_down);
	free(s->host_rule);
	free(s->zone_down);
	free(s->outage_ev);
	free(s->rzo_end_ev);
	free(s->dom_ev);
	free(s->dom_down);
	if (s->sfail)
		gsl_rng_free(s->sfail);
	free(s->spot);
	free(s->spot_phase);
	free(s->spot_rule);
	free(s->spot_ev);
	free(s->class_total);
	free(s->class_up);
	free(s->class_hours);
	free(s->class_last);
	if (s->scalein)
		gsl_rng_free(s->scalein);
	free(s->drained_by);
	free(s->undrain_ev);
	for (int k = 0; k < s->ndeps; k++)
		setup_free_member_of(s->deps[k].member_of, s->deps[k].req.nmember_of);
	free(s->deps);
	place_ws_destroy(&s->ws);
	cl_destroy(&s->cl);
	task_pool_destroy(&s->tasks);
	task_pool_destroy(&s->svc_tasks);
	*s = (sim){ 0 };
}
