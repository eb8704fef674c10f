/* kernel.c - the kernel of the ECS model (see sim.h and model.h): builds the
 * modules of sim_modules in order, runs the engine with the hook that
 * accumulates statistics before every event, closes the books and frees;
 * and the services every module uses (events and records to the observer,
 * a service's counts changed, waking a service's scheduler).  Every ECS
 * concept lives in a module of its own (docs/architecture.md).
 */
#include "model.h"
#include "modules.h"
#include "metrics.h"
#include "results.h"
#include "workload.h"
#include "setup.h"
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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
	case SIM_END_REBALANCED: return "az-rebalancing";
	case SIM_END_CAPACITY_TIMEOUT: return "capacity-timeout";
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

/* ---- services of the kernel ---------------------------------------------- */

static void event_at(sim *s, const char *service, const char *event, int32_t host,
		     int32_t zone, const char *detail)
{
	sim_event_rec r;

	if (s->obs.event_rec) {
		if (host >= 0)
			zone = s->cl.hosts[host].zone;
		r = (sim_event_rec){
			.time = s->eng.now, .service = service, .event = event, .detail = detail,
			.host = host,
			.instance_type = host >= 0 && s->cl.hosts[host].type >= 0
						 ? s->sc->types[s->cl.hosts[host].type].name : NULL,
			.zone = zone >= 0 ? s->sc->zones[zone] : NULL,
		};
		s->obs.event_rec(s->obs.ctx, &r);
	} else if (s->obs.event) {
		s->obs.event(s->obs.ctx, s->eng.now, service, event, detail);
	}
}

void sim_service_event(sim *s, const sim_service *v, const char *event, const char *detail)
{
	event_at(s, v->sc->name, event, -1, -1, detail);
}

void sim_cluster_event(sim *s, const char *event, const char *detail)
{
	event_at(s, "", event, -1, -1, detail);
}

void sim_service_event_at(sim *s, const sim_service *v, const char *event, int32_t host,
			  int32_t zone, const char *detail)
{
	event_at(s, v->sc->name, event, host, zone, detail);
}

void sim_cluster_event_at(sim *s, const char *event, int32_t host, int32_t zone,
			  const char *detail)
{
	event_at(s, "", event, host, zone, detail);
}

void sim_task_event(sim *s, const sim_service *v, const char *event, const sim_task *t,
		    const char *detail)
{
	event_at(s, v->sc->name, event, t->ct.host, t->fargate ? t->zone : -1, detail);
}

void sim_report_task(sim *s, const sim_task *t, enum sim_end reason, const char *detail,
		     const char *stop_code, const char *stopped_reason)
{
	sim_task_rec r;
	int32_t h = t->ct.host;

	if (!s->obs.task_done)
		return;
	r = (sim_task_rec){
		.id = t->id,
		.group = s->cl.groups[t->svc >= 0 ? s->svcs[t->svc].group : t->ct.req.group],
		.host = h,
		.zone = h >= 0 ? s->sc->zones[s->cl.hosts[h].zone]
			: t->fargate ? s->sc->zones[t->zone] : NULL,
		.submit = t->submit,
		.start = t->start,
		.end = reason == SIM_END_RUNNING || reason == SIM_END_REJECTED ? -1 : s->eng.now,
		.wait = t->start >= 0 ? t->start - t->submit
			: reason == SIM_END_REJECTED ? -1 : s->eng.now - t->submit,
		.reason = reason,
		.detail = detail,
		.stop_code = stop_code,
		.stopped_reason = stopped_reason,
		.pull = reason == SIM_END_REJECTED ? -1 : t->pull,
	};
	s->obs.task_done(s->obs.ctx, &r);
}

void sim_report_deployment(sim *s, const sim_deployment_rec *d)
{
	if (s->obs.deployment_done)
		s->obs.deployment_done(s->obs.ctx, d);
}

void sim_service_changed(sim *s, sim_service *v)
{
	int steady = v->healthy == v->desired && v->running == v->desired && v->pending == 0;
	char d[320];

	SIM_HOOK(s, service_changed, v);
	/* no steady state while a deployment is in progress */
	steady = steady && !v->deploying;
	if (steady && !v->steady) {
		snprintf(d, sizeof(d), "service %s has reached a steady state.", v->sc->name);
		sim_service_event(s, v, "steady-state", d);
	}
	v->steady = steady;
}

/* A service's event: its scheduler reconciles it. */
static void reconcile_event(eng *e, eng_event *ev)
{
	SIM_HOOK(sim_of(e), reconcile, ENG_CONTAINER_OF(ev, sim_service, ev));
}

void sim_service_wake(sim *s, sim_service *v, int64_t at)
{
	eng_cancel(&s->eng, &v->ev);
	eng_schedule(&s->eng, &v->ev, at, reconcile_event);
}

/* Every event starts here (the engine's hook): the cluster's integrals
 * are brought up to now before anything changes. */
static void before_event(eng *e)
{
	metrics_accumulate(sim_of(e));
}

/* ---- building, running, closing ------------------------------------------ */

sim *sim_new(void)
{
	return xcalloc(1, sizeof(sim));
}

void sim_free(sim *s)
{
	if (!s)
		return;
	sim_destroy(s);
	free(s);
}

void sim_set_observer(sim *s, const sim_observer *obs)
{
	s->obs = obs ? *obs : (sim_observer){ 0 };
}

static void build_hooks(sim_hooks *h)
{
	for (const sim_module *const *m = sim_modules; *m; m++) {
#define SIM_HOOK_ADD(hook) if ((*m)->hook) h->hook[h->n_##hook++] = *m;
		SIM_HOOKS(SIM_HOOK_ADD)
#undef SIM_HOOK_ADD
	}
}

/* "scenario (spread:...,...)": the first service's or workload's chain. */
static void strategy_label(sim *s, const sim_opts *o)
{
	char label[512];

	if (o && o->strategy) {
		snprintf(s->strategy, sizeof(s->strategy), "%s", o->strategy);
	} else if (s->nsvcs + s->wl->n > 0) {
		st_chain_format(s->nsvcs ? &s->svcs[0].chain : &s->wl->w[0].chain, label,
				sizeof(label));
		snprintf(s->strategy, sizeof(s->strategy), "scenario (%s%s)", label,
			 s->nsvcs + s->wl->n > 1 ? ", ..." : "");
	} else {
		snprintf(s->strategy, sizeof(s->strategy), "scenario");
	}
}

/* A cluster with GPUs measures the GPU fragmentation of the workload that
 * $.gpuWorkload gives, else the traces' tasks (before the chains are
 * built: fgd reads it). */
static int gpu_workload(sim *s, const sim_opts *o, ecs_err *e)
{
	gf_workload w;
	int rc;

	if (s->cl.gpu_up <= 0)
		return 0;
	gf_workload_init(&w);
	for (int i = 0; i < s->sc->ngpu_shapes; i++) {
		const sc_gpu_shape *g = &s->sc->gpu_shapes[i];
		gf_workload_add(&w, g->cpu, g->gpus, g->milli, g->models, g->count);
	}
	rc = s->sc->ngpu_shapes ? 0 : replay_workload(s, o, &w, e);
	if (rc == 0 && w.total > 0)
		gf_new(&s->cl, &w);
	gf_workload_destroy(&w);
	return rc;
}

/* The hosts ($.cluster's, then the modules'), the index, every module in
 * table order, then the first events: at time 0 the first sample sees the
 * empty cluster, services are placed in file order, then workloads start,
 * then traces and failures. */
int sim_init(sim *s, const scenario *sc, const sim_opts *o, const sim_observer *obs,
	     ecs_err *e)
{
	*s = (sim){ 0 };
	s->sc = sc;
	s->seed = o && o->has_seed ? o->seed : sc->seed;
	s->check = o && o->check;
	s->max_running = o && o->max_running > 0 ? o->max_running : SIM_MAX_RUNNING;
	if (obs)
		s->obs = *obs;
	build_hooks(&s->hooks);
	for (const sim_module *const *m = sim_modules; *m; m++)
		if ((*m)->create)
			(*m)->create(s);
	eng_init(&s->eng);
	s->eng.user = s;
	s->eng.before = before_event;
	s->eng.interrupt = o ? o->stop : NULL;
	setup_cluster(s);
	for (const sim_module *const *m = sim_modules; *m; m++)
		if ((*m)->add_hosts && (*m)->add_hosts(s, o, e) < 0)
			return -1;
	cl_index_enable(&s->cl);
	if (gpu_workload(s, o, e) < 0)
		return -1;
	for (const sim_module *const *m = sim_modules; *m; m++)
		if ((*m)->init && (*m)->init(s, o, e) < 0)
			return -1;
	strategy_label(s, o);
	for (const sim_module *const *m = sim_modules; *m; m++)
		if ((*m)->start)
			(*m)->start(s);
	return 0;
}

static int over_limit(const sim *s, ecs_err *e)
{
	return err_set(e, "at t=%.6fs more than %lld tasks would be running at once, the most "
		       "ecsim keeps in memory; tasks that ask for (almost) no cpu and memory or "
		       "never end pile up: check the workloads' sizes and durations",
		       us_to_s(s->eng.now), (long long)s->max_running);
}

/* Runs the events at or before until (<= duration). */
static int run_events(sim *s, int64_t until, ecs_err *e)
{
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

/* Every event before t, then the clock at t.  No event lies strictly
 * between t - 1 and t (time is whole microseconds), so this is the state
 * eng_run(t) would leave if nothing were due at t. */
static int run_before(sim *s, int64_t t, ecs_err *e)
{
	if (t > 0 && run_events(s, t - 1, e) < 0)
		return -1;
	if (s->eng.now < t)
		s->eng.now = t;
	metrics_close_hours(s);
	return 0;
}

/* The summary measures from $.measureFrom: its mark is taken at that time,
 * before the events due then, so that those count (as events at time 0 do
 * without a warm-up).  Taking it changes nothing in the run. */
static int reach_measure_from(sim *s, int64_t until, int inclusive, ecs_err *e)
{
	int64_t from = s->sc->measure_from;

	if (s->measure_taken || from <= 0 || until < from || (until == from && !inclusive))
		return 0;
	if (run_before(s, from, e) < 0)
		return -1;
	s->measure_mark = sim_mark_new(s);
	s->view_mark = s->measure_mark;
	metrics_measure_from(s);
	s->measure_taken = 1;
	return 0;
}

int sim_run(sim *s, int64_t until, ecs_err *e)
{
	if (until > s->sc->duration)
		until = s->sc->duration;
	if (reach_measure_from(s, until, 1, e) < 0)
		return -1;
	return run_events(s, until, e);
}

int sim_run_before(sim *s, int64_t t, ecs_err *e)
{
	if (t > s->sc->duration)
		t = s->sc->duration;
	if (reach_measure_from(s, t, 0, e) < 0 || run_before(s, t, e) < 0)
		return -1;
	/* t is measureFrom itself: its mark comes before the events due then */
	return reach_measure_from(s, t, 1, e);
}

void sim_note_kills(sim *s, int64_t n)
{
	if (n > s->st.max_killed_by_failure)
		s->st.max_killed_by_failure = n;
	for (int i = 0; i < s->nmarks; i++)
		if (n > *s->mark_max_killed[i])
			*s->mark_max_killed[i] = n;
}

void sim_finish(sim *s)
{
	s->eng.now = s->sc->duration;
	for (const sim_module *const *m = sim_modules; *m; m++)
		if ((*m)->finish)
			(*m)->finish(s);
}

void sim_destroy(sim *s)
{
	int n = 0;

	sim_mark_free(s, s->measure_mark);
	/* First: it touches the pending events embedded in what follows. */
	eng_destroy(&s->eng);
	while (sim_modules[n])
		n++;
	while (n-- > 0)
		if (sim_modules[n]->destroy)
			sim_modules[n]->destroy(s);
	free(s->host_spot);
	free(s->zone_out);
	gf_free(s->cl.frag, &s->cl);
	cl_destroy(&s->cl);
	*s = (sim){ 0 };
}
