/* sim.c - the ECS cluster model driven by the engine (see sim.h).
 *
 * Every event handler first calls accumulate(), which adds the time since
 * the previous event to the time-weighted integrals, so that statistics are
 * exact without scanning hosts.  Tasks come from a slab free list; their
 * completion events are embedded in them.
 */
#include "sim.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/rng.h"
#include "strategies/query.h"
#include "strategies/scalein.h"
#include "sim/support/units.h"

#define SLAB_TASKS 4096

/* The instance attribute that names an instance's capacity provider. */
#define CP_ATTR "ecsim.capacity-provider"

_Static_assert(SC_PORT_UDP == CL_PORT_UDP, "port keys must agree");

static const char *reason_name(enum cl_check c);

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

static sim *sim_of(eng *e)
{
	return e->user;
}

/* ---- statistics -------------------------------------------------------- */

static void accumulate(sim *s)
{
	int64_t now = s->eng.now;
	double dt;

	if (now <= s->st.last)
		return;
	dt = us_to_s(now - s->st.last);
	s->st.running += dt * (double)(s->cl.tasks_running + s->fargate_tasks);
	s->st.cpu_used += dt * (double)s->cl.cpu_used;
	s->st.cpu_up += dt * (double)s->cl.cpu_up;
	s->st.mem_used += dt * (double)s->cl.mem_used;
	s->st.mem_up += dt * (double)s->cl.mem_up;
	s->st.hosts_up += dt * s->cl.hosts_up;
	s->st.hosts_busy += dt * s->cl.hosts_busy;
	s->st.cost_usd += dt / 3600.0 * (s->cl.price_up + s->fargate_rate);
	s->st.fargate_cost_usd += dt / 3600.0 * s->fargate_rate;
	s->st.fargate_vcpu_hours += dt / 3600.0 * s->fargate_vcpu;
	s->st.fargate_gb_hours += dt / 3600.0 * s->fargate_gb;
	/* idle: the share of the instances up that no task reserves, by the
	 * scarcer of CPU and memory, cluster-wide */
	if (s->cl.cpu_up > 0 && s->cl.mem_up > 0) {
		double cpu = (double)s->cl.cpu_used / (double)s->cl.cpu_up;
		double mem = (double)s->cl.mem_used / (double)s->cl.mem_up;
		double used = cpu > mem ? cpu : mem;
		s->st.idle_cost_usd += dt / 3600.0 * s->cl.price_up * (used < 1 ? 1 - used : 0);
	}
	s->st.last = now;
}

static void svc_accumulate(sim *s, sim_service *v)
{
	int64_t now = s->eng.now;
	double dt;

	if (now <= v->since)
		return;
	dt = us_to_s(now - v->since);
	/* Only healthy tasks serve: a task starting, unhealthy or stopping does not. */
	if (v->desired > 0) {
		double f = (double)v->healthy / (double)v->desired;
		v->avail_area += dt * (f < 1 ? f : 1);
		if (v->healthy == 0)
			v->down_s += dt;
		if (v->healthy < v->desired)
			v->degraded_s += dt;
	} else {
		v->avail_area += dt;
	}
	/* Demand is held between the service's accumulation points (its
	 * events, every sample and every autoscaling minute). */
	if (v->sc->demand.given) {
		load_util u = load_apply(&v->sc->demand, v->demand, v->healthy);
		v->demand_area += dt * v->demand;
		v->unserved_area += dt * u.unserved;
		if (u.unserved > 0)
			v->overloaded_s += dt;
		v->demand = load_demand(&v->sc->demand, now);
	}
	v->since = now;
}

double sim_service_availability(const sim *s, const sim_service *v)
{
	double elapsed = us_to_s(v->since);
	return elapsed > 0 ? v->avail_area / elapsed : 1.0;
}

/* ---- tasks ------------------------------------------------------------- */

static void *pool_get(sim_pool *p)
{
	void *o = p->free;

	if (!o) {
		char *slab = xcalloc(SLAB_TASKS, p->size);
		p->slabs = xrealloc(p->slabs, (size_t)(p->nslabs + 1) * sizeof(*p->slabs));
		p->slabs[p->nslabs++] = slab;
		for (int i = SLAB_TASKS - 1; i >= 0; i--) {
			void *obj = slab + (size_t)i * p->size;
			memcpy(obj, &p->free, sizeof(p->free));
			p->free = obj;
		}
		o = p->free;
	}
	memcpy(&p->free, o, sizeof(p->free));
	return o;
}

static void pool_put(sim_pool *p, void *o)
{
	memcpy(o, &p->free, sizeof(p->free));
	p->free = o;
}

static void pool_destroy(sim_pool *p)
{
	for (int i = 0; i < p->nslabs; i++)
		free(p->slabs[i]);
	free(p->slabs);
	*p = (sim_pool){ .size = p->size };
}

static sim_task *task_init(sim *s, sim_task *t)
{
	*t = (sim_task){ .id = s->next_task_id++, .submit = s->eng.now, .start = -1,
			 .svc = -1, .wl = -1, .tr = -1, .trkey = -1, .cp = -1 };
	t->ct.host = -1;
	return t;
}

/* A standalone task (of a workload or a trace). */
static sim_task *task_new(sim *s)
{
	return task_init(s, pool_get(&s->tasks));
}

/* A task of service v; its random times are drawn at launch (task_draw). */
static sim_task *svc_task_new(sim *s, const sim_service *v)
{
	sim_svc_task *st = pool_get(&s->svc_tasks);
	sim_task *t = task_init(s, &st->t);

	t->svc = (int32_t)(v - s->svcs);
	st->crash = st->health_at = -1;
	return t;
}

static void task_free(sim *s, sim_task *t)
{
	if (t->svc >= 0)
		pool_put(&s->svc_tasks, sim_svc_task_of(t));
	else
		pool_put(&s->tasks, t);
}

static void report(sim *s, const sim_task *t, enum sim_end reason, const char *detail)
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
		.reason = reason,
		.detail = detail,
	};
	s->obs.task_done(s->obs.ctx, &r);
}

static const char *reason_name(enum cl_check c)
{
	return c == CL_NCHECKS ? "NO_ACTIVE_INSTANCES" : cl_check_reason(c);
}

/* Chooses a host for t and places it; -1 with *why if it fits nowhere. */
static int try_place(sim *s, sim_task *t, const st_chain *chain, enum cl_check *why)
{
	int32_t h;

	if (s->cl.tasks_running >= s->max_running) {
		s->over_limit = 1;
		eng_stop(&s->eng);
		*why = CL_NCHECKS;
		s->st.submitted++;
		return -1;
	}
	h = place_choose(&s->cl, &t->ct.req, chain, s->tie, &s->ws, why);
	if (err_isset(&s->err)) /* a strategy misbehaved (chain->fault) */
		eng_stop(&s->eng);
	s->st.submitted++;
	if (h < 0)
		return -1;
	cl_place(&s->cl, &t->ct, h);
	t->start = s->eng.now;
	s->st.placed++;
	return 0;
}

static void trace_task_ended(sim *s, const sim_task *t, int killed);

static void task_complete(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_task *t = ENG_CONTAINER_OF(ev, sim_task, ev);

	accumulate(s);
	s->st.completed++;
	if (t->tr >= 0)
		trace_task_ended(s, t, 0);
	report(s, t, SIM_END_COMPLETED, NULL);
	cl_unplace(&s->cl, &t->ct);
	task_free(s, t);
}

/* ---- FARGATE: tasks without hosts ---------------------------------------- */

/* USD per hour of a FARGATE task: its vCPU and GB at the scenario's prices. */
static double fargate_price(const sim *s, const sim_task *t)
{
	const sc_taskdef *td = &s->sc->taskdefs[t->td];
	return td->cpu / 1024.0 * (t->spot ? s->sc->fargate_spot_vcpu_hour
					   : s->sc->fargate_vcpu_hour) +
	       td->memory / 1024.0 * (t->spot ? s->sc->fargate_spot_gb_hour
					      : s->sc->fargate_gb_hour);
}

/* FARGATE always has room; a task goes to the zone with the fewest starting
 * or RUNNING tasks of the service (the first such zone on a tie). */
static void fargate_place(sim *s, sim_service *v, sim_task *t)
{
	int32_t best = 0;

	for (int z = 1; z < s->sc->nzones; z++)
		if (v->zone_live[z] < v->zone_live[best])
			best = z;
	s->st.submitted++;
	s->st.placed++;
	t->fargate = 1;
	t->zone = best;
	t->start = s->eng.now;
	s->fargate_tasks++;
	s->fargate_rate += fargate_price(s, t);
	s->fargate_vcpu += s->sc->taskdefs[t->td].cpu / 1024.0;
	s->fargate_gb += s->sc->taskdefs[t->td].memory / 1024.0;
}

/* Billed per second with a minimum (1 minute by default). */
static void fargate_min_charge(sim *s, const sim_task *t)
{
	int64_t ran = s->eng.now - t->start;

	if (ran < s->sc->fargate_min_billed) {
		double c = us_to_s(s->sc->fargate_min_billed - ran) / 3600.0 * fargate_price(s, t);
		s->st.cost_usd += c;
		s->st.fargate_cost_usd += c;
	}
}

static void fargate_release(sim *s, const sim_task *t)
{
	fargate_min_charge(s, t);
	s->fargate_rate = --s->fargate_tasks ? s->fargate_rate - fargate_price(s, t) : 0;
	s->fargate_vcpu = s->fargate_tasks ? s->fargate_vcpu - s->sc->taskdefs[t->td].cpu / 1024.0
					   : 0;
	s->fargate_gb = s->fargate_tasks ? s->fargate_gb - s->sc->taskdefs[t->td].memory / 1024.0
					 : 0;
}

/* ---- services ---------------------------------------------------------- *
 *
 * A service task walks the ECS lifecycle; each state's time is drawn at
 * launch (so that a task's times do not depend on what else happens) and
 * the task's one event fires when the state ends.  States that do not
 * apply are skipped: PROVISIONING and DEPROVISIONING without awsvpc,
 * ACTIVATING and DEACTIVATING without a load balancer, STOPPING when no
 * container ever started.  The task holds its resources from placement
 * until STOPPED.
 */

static void reconcile(eng *e, eng_event *ev);
static void task_step(eng *e, eng_event *ev);

/* Tasks that count towards desiredCount: starting or running. */
static int64_t active(const sim_service *v)
{
	return v->pending + v->running;
}

/* The service reconciles at time at (and not also at an earlier time). */
static void wake_at(sim *s, sim_service *v, int64_t at)
{
	eng_cancel(&s->eng, &v->ev);
	eng_schedule(&s->eng, &v->ev, at, reconcile);
}

static void reconcile_soon(sim *s, sim_service *v)
{
	wake_at(s, v, s->eng.now);
}

static void svc_link(sim_service *v, sim_task *t)
{
	t->sprev = NULL;
	t->snext = v->tasks;
	if (v->tasks)
		v->tasks->sprev = t;
	v->tasks = t;
}

static void svc_unlink(sim_service *v, sim_task *t)
{
	if (v->old_head == t)
		v->old_head = t->snext;
	if (t->sprev)
		t->sprev->snext = t->snext;
	else
		v->tasks = t->snext;
	if (t->snext)
		t->snext->sprev = t->sprev;
}

/* t no longer waits to be moved off a draining instance. */
/* Whether t counts for its capacityProviderStrategy item (cp_choose). */
static int cp_counted(const sim_service *v, const sim_task *t)
{
	return t->cp >= 0 && t->state <= SIM_RUNNING && t->gen == v->gen && !t->drained;
}

static void undrain_task(sim_service *v, sim_task *t)
{
	if (t->drained) {
		t->drained = 0;
		v->drained--;
		v->cp_n[t->cp >= 0 ? t->cp : 0] += cp_counted(v, t);
	}
}

static void svc_event(sim *s, const sim_service *v, const char *event, const char *detail)
{
	if (s->obs.event)
		s->obs.event(s->obs.ctx, s->eng.now, v->sc->name, event, detail);
}

/* Moves t to state st, keeping the service's counts by state. */
static void set_state(sim_service *v, sim_task *t, enum sim_state st)
{
	for (int sign = -1; sign <= 1; sign += 2) {
		if (t->fargate && t->state <= SIM_RUNNING)
			v->zone_live[t->zone] += sign;
		if (t->fargate && t->state == SIM_RUNNING && t->gen == v->gen)
			v->zone_stoppable[t->zone] += sign;
		if (cp_counted(v, t))
			v->cp_n[t->cp] += sign;
		switch ((enum sim_state)t->state) {
		case SIM_PROVISIONING:
		case SIM_PENDING:
		case SIM_ACTIVATING:
			v->pending += sign;
			v->old_active += sign * (t->gen != v->gen);
			break;
		case SIM_RUNNING:
			v->running += sign;
			v->healthy += sign * t->healthy;
			v->old_healthy += sign * (t->gen != v->gen && t->healthy);
			v->spot_running += sign * t->spot;
			v->old_active += sign * (t->gen != v->gen);
			break;
		case SIM_DEACTIVATING:
		case SIM_STOPPING:
		case SIM_DEPROVISIONING: v->stopping += sign; break;
		case SIM_STOPPED: break;
		}
		if (sign < 0)
			t->state = (uint8_t)st;
	}
}

/* After a change of counts: ECS reports "has reached a steady state" when
 * every desired task runs healthy, none is starting and no deployment is in
 * progress. */
static void deploy_end(sim *s, sim_service *v, const char *outcome);
static void drain_check(eng *e, eng_event *ev);

static void fargate_spot_event(eng *e, eng_event *ev);

static void svc_changed(sim *s, sim_service *v)
{
	int steady = v->healthy == v->desired && v->running == v->desired && v->pending == 0;
	char d[320];

	/* FARGATE_SPOT interruptions hit each RUNNING Spot task at a constant
	 * rate, so the service's next one is exponential with rate x tasks;
	 * being memoryless it may be drawn again whenever that count changes. */
	if (s->sc->failures.fargate_spot_rate > 0 && v->spot_running != v->spot_drawn_for) {
		v->spot_drawn_for = v->spot_running;
		eng_cancel(&s->eng, &v->spot_ev);
		if (v->spot_running > 0)
			eng_schedule(&s->eng, &v->spot_ev, s->eng.now + 1 + s_to_us(
				gsl_ran_exponential(s->sfail, 1.0 / (s->sc->failures.fargate_spot_rate *
								     (double)v->spot_running))),
				fargate_spot_event);
	}

	if (v->deploying) {
		sim_deployment *dp = &s->deps[v->dep];
		if (v->healthy < dp->lowest_healthy)
			dp->lowest_healthy = v->healthy;
		/* ECS: COMPLETED once the new tasks run healthy and no old one does */
		if (steady && v->old_active == 0)
			deploy_end(s, v, "COMPLETED");
	}
	/* no steady state while a deployment is in progress */
	steady = steady && !v->deploying;
	if (steady && !v->steady) {
		snprintf(d, sizeof(d), "service %s has reached a steady state.", v->sc->name);
		svc_event(s, v, "steady-state", d);
	}
	v->steady = steady;
}

/* Enters st, or the first later state that applies to t. */
static void enter(sim *s, sim_service *v, sim_task *t, enum sim_state st);

static void task_stopped(sim *s, sim_service *v, sim_task *t)
{
	set_state(v, t, SIM_STOPPED);
	svc_unlink(v, t);
	svc_changed(s, v);
	s->st.stopped++;
	int32_t h = t->ct.host;

	report(s, t, (enum sim_end)t->stop_why, NULL);
	if (t->fargate)
		fargate_release(s, t);
	else
		cl_unplace(&s->cl, &t->ct);
	task_free(s, t);
	/* The instance may now hold only daemon tasks: they go next, in an
	 * event of their own (not while a caller walks a task list). */
	if (h >= 0 && s->drained_by[h] >= 0 && !eng_pending(&s->drain_check_ev))
		eng_schedule(&s->eng, &s->drain_check_ev, s->eng.now, drain_check);
	/* Freed resources: services that found no host try again now, and
	 * a rolling replacement may take the next step. */
	if (v->deploying || v->drained)
		reconcile_soon(s, v);
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].waiting_capacity)
			reconcile_soon(s, &s->svcs[i]);
}

/* Health is decided at RUNNING from the task's checks: the 40-second rule
 * without any, else the slowest check to pass (container checks, load-
 * balancer target health) for a good task, or the first to fail, not
 * before the grace period ends, for a task that never becomes healthy. */
static void start_health(sim *s, sim_service *v, sim_task *t)
{
	const sc_service *ss = v->sc;
	const sc_taskdef *td = &s->sc->taskdefs[t->td];
	sim_svc_task *st = sim_svc_task_of(t);
	int checks = td->hc_given || ss->lb;
	int64_t now = s->eng.now, at;

	if (!checks) {
		/* Nothing checks the task, so nothing finds it unhealthy. */
		t->never_healthy = 0;
		at = now + s->sc->life.healthy_without_checks;
	} else if (!t->never_healthy) {
		at = 0;
		if (td->hc_given)
			at = td->hc_healthy_after;
		if (ss->lb && ss->tg.healthy_threshold * ss->tg.interval > at)
			at = ss->tg.healthy_threshold * ss->tg.interval;
		at += now;
	} else {
		at = INT64_MAX;
		if (td->hc_given)
			at = td->hc_unhealthy_after;
		if (ss->lb && ss->tg.unhealthy_threshold * ss->tg.interval < at)
			at = ss->tg.unhealthy_threshold * ss->tg.interval;
		at = now + (at > ss->grace ? at : ss->grace);
	}
	st->health_at = at;
	if (st->crash >= 0)
		st->crash += now; /* from now on a time */
}

static void schedule_running(sim *s, sim_task *t)
{
	const sim_svc_task *st = sim_svc_task_of(t);
	int64_t at = st->health_at;

	if (st->crash >= 0 && (at < 0 || st->crash <= at))
		at = st->crash;
	if (at >= 0)
		eng_schedule(&s->eng, &t->ev, at, task_step);
}

static void enter(sim *s, sim_service *v, sim_task *t, enum sim_state st)
{
	const sc_taskdef *td = &s->sc->taskdefs[t->td];
	const sim_svc_task *life = sim_svc_task_of(t);

	for (;; st++) {
		int64_t d = -1;
		switch (st) {
		case SIM_PROVISIONING: d = td->awsvpc ? life->d_attach : -1; break;
		case SIM_PENDING: d = life->d_start; break;
		case SIM_ACTIVATING:
			t->started = 1;
			if (v->sc->lb) {
				t->registered = 1;
				d = life->d_register;
			}
			break;
		case SIM_RUNNING:
			set_state(v, t, st);
			start_health(s, v, t);
			schedule_running(s, t);
			svc_changed(s, v);
			return;
		case SIM_DEACTIVATING:
			d = t->registered ? v->sc->tg.deregistration_delay : -1;
			break;
		case SIM_STOPPING: d = t->started ? td->stop_timeout : -1; break;
		case SIM_DEPROVISIONING: d = td->awsvpc ? life->d_detach : -1; break;
		case SIM_STOPPED:
			task_stopped(s, v, t);
			return;
		}
		if (d >= 0) {
			set_state(v, t, st);
			svc_changed(s, v);
			eng_schedule(&s->eng, &t->ev, s->eng.now + d, task_step);
			return;
		}
	}
}

/* Tasks that stop before RUNNING make the scheduler wait before the next
 * launch: initialDelay, doubled by each failure of a task launched after
 * the last increase, up to maxDelay.  Tasks launched before the last
 * increase (the same batch) or before a reset do not raise it again. */
static void throttle_grow(sim *s, sim_service *v, const sim_task *t)
{
	char d[320];

	if (t->launch_no < v->throttle_mark)
		return;
	v->backoff = v->backoff ? 2 * v->backoff : s->sc->throttle_initial;
	if (v->backoff > s->sc->throttle_max)
		v->backoff = s->sc->throttle_max;
	v->throttle_until = s->eng.now + v->backoff;
	v->throttle_mark = v->launches;
	snprintf(d, sizeof(d), "service %s is throttled: tasks failed to start; next launch in "
		 "%.6g s", v->sc->name, us_to_s(v->backoff));
	svc_event(s, v, "throttled", d);
}

void sim_service_reset_throttle(sim *s, sim_service *v)
{
	v->backoff = 0;
	v->throttle_until = 0;
	v->throttle_mark = v->launches;
	reconcile_soon(s, v);
}

/* The scheduler stops t (or t stopped by itself): it leaves the desired
 * count at once and is replaced while it winds down. */
static void breaker_trip(sim *s, sim_service *v);

static void stop_task(sim *s, sim_service *v, sim_task *t, enum sim_end why, const char *text)
{
	/* The circuit breaker counts tasks of the deployment that never ran,
	 * failed their health checks, or exited before they were healthy. */
	int failed = v->deploying && t->gen == v->gen &&
		     (why == SIM_END_START_FAILURE || why == SIM_END_UNHEALTHY ||
		      (why == SIM_END_EXITED && !t->healthy));
	char d[160];

	snprintf(d, sizeof(d), "task %lld (%s): %s", (long long)t->id,
		 sim_state_name(t->state), text);
	svc_event(s, v, "task-stopped", d);
	eng_cancel(&s->eng, &t->ev);
	undrain_task(v, t);
	/* A task winding down no longer counts for its service's spread,
	 * distinctInstance or scale-in (it keeps its resources). */
	if (!t->fargate)
		cl_regroup(&s->cl, &t->ct, s->stopping_group);
	t->stop_why = (uint8_t)why;
	switch (why) {
	case SIM_END_START_FAILURE: v->failed_starts++; break;
	case SIM_END_UNHEALTHY: v->unhealthy_stops++; break;
	case SIM_END_SCALED_IN: v->scaled_in++; break;
	case SIM_END_DRAINED: v->moved_off_draining++; break;
	case SIM_END_REPLACED: v->replaced++; break;
	case SIM_END_SPOT: v->spot_interrupted++; break;
	default: v->exits++; break;
	}
	if (why == SIM_END_START_FAILURE)
		throttle_grow(s, v, t);
	reconcile_soon(s, v);
	enter(s, v, t, SIM_DEACTIVATING);
	if (failed && ++s->deps[v->dep].failed >= s->deps[v->dep].threshold && v->sc->breaker)
		breaker_trip(s, v);
}

static void task_step(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_task *t = ENG_CONTAINER_OF(ev, sim_task, ev);
	sim_service *v = &s->svcs[t->svc];

	accumulate(s);
	svc_accumulate(s, v);
	switch ((enum sim_state)t->state) {
	case SIM_PENDING:
		if (t->fails_start) {
			stop_task(s, v, t, SIM_END_START_FAILURE,
				  "Task failed to start (essential container exited)");
			return;
		}
		enter(s, v, t, SIM_ACTIVATING);
		return;
	case SIM_RUNNING:
		if (sim_svc_task_of(t)->crash == e->now) {
			stop_task(s, v, t, SIM_END_EXITED, "Essential container in task exited");
		} else if (t->never_healthy) {
			const sc_taskdef *td = &s->sc->taskdefs[t->td];
			int lb_first = v->sc->lb && (!td->hc_given ||
				v->sc->tg.unhealthy_threshold * v->sc->tg.interval <
				td->hc_unhealthy_after);
			stop_task(s, v, t, SIM_END_UNHEALTHY,
				  lb_first ? "Task failed ELB health checks"
					   : "Task failed container health checks");
		} else {
			set_state(v, t, SIM_STOPPED); /* uncount, then count as healthy */
			t->healthy = 1;
			set_state(v, t, SIM_RUNNING);
			sim_svc_task_of(t)->health_at = -1;
			svc_changed(s, v);
			schedule_running(s, t);
			/* a replacement turned healthy: more old or drained
			 * tasks may go */
			if (v->drained > 0 || v->deploying)
				reconcile_soon(s, v);
		}
		return;
	default:
		enter(s, v, t, (enum sim_state)(t->state + 1));
		return;
	}
}

/* Draws every random time and fate of a new task at once, from the
 * service's own streams, so that they do not depend on what else happens. */
static void task_draw(sim *s, sim_service *v, sim_task *t)
{
	const sc_taskdef *td = &s->sc->taskdefs[t->td];
	const sc_lifecycle *l = &s->sc->life;
	sim_svc_task *st = sim_svc_task_of(t);
	double u_start, u_health;

	st->d_attach = s_to_us(dist_sample(&l->eni_attach, v->life));
	st->d_start = s_to_us(dist_sample(v->sc->fargate ? &l->start_fargate : &l->start_ec2,
					  v->life));
	st->d_register = s_to_us(dist_sample(&v->sc->tg.registration, v->life));
	st->d_detach = s_to_us(dist_sample(&l->eni_detach, v->life));
	u_start = gsl_rng_uniform(v->faults);
	u_health = gsl_rng_uniform(v->faults);
	st->crash = td->has_crash ? s_to_us(dist_sample(&td->crash, v->faults)) : -1;
	t->fails_start = u_start < td->fail_start;
	t->never_healthy = u_health < td->fail_unhealthy;
	st->health_at = -1;
}

/* ECS's per-service launch rate as a token bucket (GCRA): bursts of up to
 * launchesPerMinute, then one every 60 s / launchesPerMinute. */
static int32_t launch_rate(const sim *s, const sim_service *v)
{
	return v->sc->fargate ? s->sc->launch_rate_fargate : s->sc->launch_rate;
}

static int64_t launch_interval(const sim *s, const sim_service *v)
{
	return 60 * USEC_PER_SEC / launch_rate(s, v);
}


/* Tasks of v that scale-in may stop with scalein_choose: RUNNING and not
 * waiting to leave a draining instance. */
static int stoppable(const cl_task *ct, void *ctx)
{
	const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
	const sim_service *v = ctx;

	return t->state == SIM_RUNNING && !t->drained && t->gen == v->gen;
}

/* The task a scale-in stops: one not yet RUNNING (newest first), then an
 * unhealthy one, then the one the placement strategy's scale-in rule picks
 * (strategies/scalein.h).  The order of the first two is an assumption:
 * ECS documents only the strategy's rule. */
static sim_task *pick_to_stop(sim *s, sim_service *v)
{
	cl_task *ct;

	/* (the counts say when there is no such task, sparing a walk of
	 * every task of a large service on each stop) */
	for (sim_task *t = v->pending ? v->tasks : NULL; t; t = t->snext)
		if (t->state < SIM_RUNNING && t->gen == v->gen)
			return t;
	for (sim_task *t = v->running > v->healthy ? v->tasks : NULL; t; t = t->snext)
		if (t->state == SIM_RUNNING && !t->healthy && !t->drained && t->gen == v->gen)
			return t;
	if (v->sc->fargate) {
		/* keep the zones balanced: the newest task of the fullest zone
		 * (FARGATE tasks are never drained: stoppable = RUNNING, current) */
		const int64_t *n = v->zone_stoppable;
		int32_t best = 0;
		for (int z = 1; z < s->sc->nzones; z++)
			if (n[z] > n[best])
				best = z;
		for (sim_task *t = v->tasks; t; t = t->snext)
			if (stoppable(&t->ct, v) && t->zone == best)
				return t;
		return NULL;
	}
	ct = scalein_choose_if(&s->cl, v->group, &v->chain, s->scalein, stoppable, v);
	if (err_isset(&s->err)) /* a strategy misbehaved (chain->fault) */
		eng_stop(&s->eng);
	return ct ? ENG_CONTAINER_OF(ct, sim_task, ct) : NULL;
}

/* Tasks of the current deployment that are to stay: starting or RUNNING,
 * not waiting to leave a draining instance. */
static int64_t current(const sim_service *v)
{
	return active(v) - v->old_active - v->drained;
}

/* Current tasks on ACTIVE instances beyond desiredCount are stopped. */
static void scale_in(sim *s, sim_service *v)
{
	while (current(v) > v->desired) {
		sim_task *t = pick_to_stop(s, v);
		if (!t)
			return;
		stop_task(s, v, t, SIM_END_SCALED_IN,
			  "Scaling activity initiated by a desired count change");
	}
}

/* Rolling bounds (ECS): at most floor(desired x maximumPercent / 100)
 * tasks RUNNING, starting or stopping; at least ceil(desired x
 * minimumHealthyPercent / 100) healthy. */
static int64_t upper_bound(const sim_service *v)
{
	return v->desired * v->sc->max_pct / 100;
}

static int64_t lower_bound(const sim_service *v)
{
	return (v->desired * v->sc->min_healthy_pct + 99) / 100;
}

/* RUNNING tasks on draining instances are stopped while the healthy count
 * stays at or above the lower bound; an unhealthy one may always go. */
static void drain_replace(sim *s, sim_service *v)
{
	sim_task *t = v->tasks, *next;

	for (; t && v->drained > 0; t = next) {
		char d[96], id[24];
		next = t->snext;
		if (!t->drained || (t->healthy && v->healthy - 1 < lower_bound(v)))
			continue;
		cl_host_instance_id(t->ct.host, id);
		snprintf(d, sizeof(d), "Container instance %s is draining", id);
		stop_task(s, v, t, SIM_END_DRAINED, d);
	}
}

/* A rolling deployment stops old tasks: those not RUNNING or not healthy
 * at once, healthy ones while the healthy count stays at or above the
 * lower bound. */
static void deploy_replace(sim *s, sim_service *v)
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
		if (v->old_active == v->old_healthy && v->healthy - 1 < lower_bound(v))
			break;
		if (t->gen == v->gen || t->state > SIM_RUNNING ||
		    (t->state == SIM_RUNNING && t->healthy && v->healthy - 1 < lower_bound(v)))
			continue;
		stop_task(s, v, t, SIM_END_REPLACED, d);
		if (!v->deploying)
			return;
	}
}

/* capacityProviderStrategy: the item the next task goes to.  Items with a
 * base get tasks first until they have base; then the tasks beyond the
 * bases are shared by weight, each new one to the item with the largest
 * weight / (its tasks beyond its base + 1) (D'Hondt; ties to the earlier
 * item).  ECS leaves the rounding undocumented; this one gives base 2
 * weight 1 and weight 3 over 10 tasks 4 and 6. */
static int cp_choose(sim *s, const sim_service *v)
{
	const int64_t *n = v->cp_n;
	int best = -1;

	for (int i = 0; i < v->sc->ncps; i++)
		if (n[i] < v->sc->cps[i].base)
			return i;
	for (int i = 0; i < v->sc->ncps; i++) {
		const sc_cp_item *c = &v->sc->cps[i];
		int64_t over = n[i] - c->base;
		if (c->weight == 0)
			continue;
		if (best < 0 || (int64_t)c->weight * (n[best] - v->sc->cps[best].base + 1) >
				(int64_t)v->sc->cps[best].weight * (over + 1))
			best = i;
	}
	(void)s;
	return best;
}

/* Places an EC2 task: on the instances of its Auto Scaling group provider
 * when it has one (an extra memberOf only for this placement). */
static int cp_place(sim *s, sim_service *v, sim_task *t, enum cl_check *why)
{
	int rc;

	if (t->cp < 0)
		return try_place(s, t, &v->chain, why);
	/* only the provider's instances: a partition of the hosts, which
	 * counts as a memberOf constraint (and the levels keep apart) */
	t->ct.req.part = v->cp_part[t->cp];
	rc = try_place(s, t, &v->chain, why);
	t->ct.req.part = 0;
	return rc;
}

/* Whether the service may launch one more task now.  Short of
 * desiredCount it launches at once, except during a deployment, when every
 * launch stays within the upper bound (tasks starting, RUNNING or stopping);
 * a replacement for a task on a draining instance too. */
static int may_launch(const sim_service *v)
{
	int64_t total = active(v) + v->stopping;

	if (v->launch_blocked || current(v) >= v->desired)
		return 0;
	return total < upper_bound(v) || (!v->deploying && active(v) < v->desired);
}

/* A launch found no host (or, for a daemon, host h could not take it).
 * The event is logged once per run of failures and reason. */
/* The managed Auto Scaling group of the service's capacity provider
 * strategy (the first such item), or NULL. */
static const sim_asg *svc_asg(const sim *s, const sim_service *v)
{
	for (int k = 0; k < v->sc->ncps; k++)
		for (int g = 0; g < s->nasgs; g++)
			if (s->asgs[g].sc->provider == v->sc->cps[k].provider &&
			    v->sc->cps[k].kind == SC_CP_ASG)
				return &s->asgs[g];
	return NULL;
}

/* ECS: a task that waits for capacity provider capacity (PROVISIONING) for
 * the group's provisioningTimeout gives up and stops; the service launches
 * another, which waits again.  ecsim keeps no task object for it, so this
 * is an event and a fresh wait. */
static void provisioning_timeout(sim *s, sim_service *v)
{
	const sim_asg *g = svc_asg(s, v);
	char d[400];

	if (!g || s->eng.now - v->wait_since < g->sc->timeout)
		return;
	snprintf(d, sizeof(d), "a task of service %s waited %lld s in PROVISIONING for "
		 "capacity of %s and stopped (timeout); it is replaced", v->sc->name,
		 (long long)((s->eng.now - v->wait_since) / USEC_PER_SEC),
		 s->sc->providers[g->sc->provider]);
	svc_event(s, v, "task-stopped", d);
	v->wait_since = s->eng.now;
}

static void unplaced(sim *s, sim_service *v, enum cl_check why, int32_t h)
{
	v->placement_failures++;
	if (!v->waiting_capacity || v->last_reason != why) {
		char d[400], id[24];
		if (h >= 0) {
			cl_host_instance_id(h, id);
			snprintf(d, sizeof(d), "service %s was unable to place a task on container "
				 "instance %s: %s", v->sc->name, id, reason_name(why));
		} else {
			snprintf(d, sizeof(d), "service %s was unable to place a task because no "
				 "container instance met all of its requirements: %s", v->sc->name,
				 reason_name(why));
		}
		svc_event(s, v, "unable-to-place", d);
	}
	if (!v->waiting_capacity)
		v->wait_since = s->eng.now;
	v->last_reason = why;
	v->waiting_capacity = 1;
	provisioning_timeout(s, v);
}

/* Launches t (placed on its host) as a task of the current deployment. */
/* A warm start: the task is RUNNING and healthy at once, as if the service
 * had been running for a long time; only its crash time still applies. */
static void start_warm(sim *s, sim_service *v, sim_task *t)
{
	sim_svc_task *st = sim_svc_task_of(t);

	t->fails_start = t->never_healthy = 0;
	t->started = 1;
	t->registered = (uint8_t)v->sc->lb;
	t->healthy = 1;
	set_state(v, t, SIM_RUNNING);
	st->health_at = -1;
	if (st->crash >= 0)
		st->crash += s->eng.now; /* from now on a time */
	schedule_running(s, t);
	svc_changed(s, v);
}

/* Launches t (placed on its host) as a task of the current deployment;
 * warm: one of the service's initial tasks of a warm start (no lifecycle,
 * not counted by the launch rate). */
static void launch(sim *s, sim_service *v, sim_task *t, int warm)
{
	int64_t T = launch_interval(s, v);

	v->waiting_capacity = 0;
	if (!warm)
		v->tat = (v->tat > s->eng.now ? v->tat : s->eng.now) + T;
	t->launch_no = v->launches++;
	t->state = SIM_STOPPED;
	svc_link(v, t);
	task_draw(s, v, t);
	if (warm)
		start_warm(s, v, t);
	else
		enter(s, v, t, SIM_PROVISIONING);
}

/* A daemon service may run on h: ACTIVE and its memberOf constraints hold. */
static int daemon_host(const sim *s, const cl_req *r, int32_t h)
{
	if (s->cl.hosts[h].state != CL_ACTIVE)
		return 0;
	for (int k = 0; k < r->nmember_of; k++)
		if (!qry_eval(r->member_of[k], &s->cl, h))
			return 0;
	return 1;
}

/* DAEMON (ECS): one task on every ACTIVE instance that satisfies the
 * constraints; the desired count is the number of such instances.  An
 * instance with a task of the service (old or new; stopping ones have left
 * the group) gets no other, so a deployment replaces a daemon task only
 * after the old one stopped (maximumPercent 100). */
static void daemon_reconcile(sim *s, sim_service *v)
{
	const cl_req *r = v->dep < 0 ? &v->req : &s->deps[v->dep].req;
	int64_t T = launch_interval(s, v), tau = (int64_t)(launch_rate(s, v) - 1) * T, n = 0;
	int failed = 0, warm = v->warm;

	for (int32_t h = 0; h < s->cl.nhosts; h++)
		n += daemon_host(s, r, h);
	v->desired = n;
	v->warm = 0;
	deploy_replace(s, v);
	for (int32_t h = 0; h < s->cl.nhosts && !v->launch_blocked; h++) {
		enum cl_check why;
		sim_task *t;
		if (!daemon_host(s, r, h) || cl_group_on_host(&s->cl, v->group, h) > 0)
			continue;
		if (!warm && s->eng.now < v->throttle_until) {
			wake_at(s, v, v->throttle_until);
			break;
		}
		if (!warm && v->tat - tau > s->eng.now) {
			wake_at(s, v, v->tat - tau);
			break;
		}
		if ((why = cl_fit(&s->cl, h, r)) != CL_NCHECKS) {
			unplaced(s, v, why, h);
			failed = 1;
			continue;
		}
		t = svc_task_new(s, v);
		t->ct.req = *r;
		t->td = v->dep < 0 ? v->sc->taskdef : s->deps[v->dep].taskdef;
		t->gen = v->gen;
		s->st.submitted++;
		s->st.placed++;
		cl_place(&s->cl, &t->ct, h);
		t->start = s->eng.now;
		launch(s, v, t, warm);
	}
	if (failed && !eng_pending(&v->ev))
		wake_at(s, v, s->eng.now + s->sc->retry_interval);
	svc_changed(s, v);
}

static void reconcile(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, ev);
	int64_t T = launch_interval(s, v), tau = (int64_t)(launch_rate(s, v) - 1) * T;
	int warm = v->warm;

	accumulate(s);
	svc_accumulate(s, v);
	if (v->sc->daemon) {
		daemon_reconcile(s, v);
		return;
	}
	v->warm = 0;
	scale_in(s, v);
	drain_replace(s, v);
	deploy_replace(s, v);
	while (may_launch(v)) {
		sim_task *t;
		enum cl_check why;
		if (!warm && e->now < v->throttle_until) {
			wake_at(s, v, v->throttle_until);
			return;
		}
		if (!warm && v->tat - tau > e->now) {
			wake_at(s, v, v->tat - tau);
			return;
		}
		t = svc_task_new(s, v);
		t->ct.req = v->dep < 0 ? v->req : s->deps[v->dep].req;
		t->td = v->dep < 0 ? v->sc->taskdef : s->deps[v->dep].taskdef;
		t->gen = v->gen;
		t->cp = (int8_t)(v->sc->ncps ? cp_choose(s, v) : -1);
		if (v->sc->fargate) {
			t->spot = t->cp >= 0 && v->sc->cps[t->cp].kind == SC_CP_FARGATE_SPOT;
			fargate_place(s, v, t);
		} else if (cp_place(s, v, t, &why) < 0) {
			/* A service task that cannot be placed stays pending; the
			 * scheduler retries (ECS: "unable to place a task").  The
			 * event is logged once per run of failures and reason. */
			s->st.submitted--;
			task_free(s, t);
			s->next_task_id--;
			unplaced(s, v, why, -1);
			wake_at(s, v, e->now + s->sc->retry_interval);
			return;
		}
		launch(s, v, t, warm);
	}
	svc_changed(s, v);
}

/* The one path of every desired-count change (scheduled changes, Service
 * Auto Scaling): logged, then reconciled at once (scale-in by the
 * strategy's rule).  The caller has accumulated the statistics. */
static void set_desired(sim *s, sim_service *v, int64_t n, const char *event,
			const char *detail)
{
	svc_event(s, v, event, detail);
	v->desired = n;
	svc_changed(s, v);
	reconcile_soon(s, v);
}

/* desiredCountChanges: the service scales to the new count at once. */
static void desired_change(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, change_ev);
	const sc_desired_change *c = &v->sc->changes[v->next_change++];
	char d[320];

	accumulate(s);
	svc_accumulate(s, v);
	snprintf(d, sizeof(d), "desired count of service %s changed from %lld to %lld",
		 v->sc->name, (long long)v->desired, (long long)c->desired);
	set_desired(s, v, c->desired, "desired-count", d);
	if (v->next_change < v->sc->nchanges)
		eng_schedule(e, ev, v->sc->changes[v->next_change].at, desired_change);
}

/* ---- Service Auto Scaling ------------------------------------------------ */

/* Application Auto Scaling publishes the ECS service metrics every minute. */
#define AS_PERIOD (60 * USEC_PER_SEC)

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

static int64_t as_clamp(const sim_service *v, int64_t n)
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
		set_desired(s, v, n, "autoscaling", d);
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
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, as_ev);
	const sc_autoscaling *a = &v->sc->as;
	int64_t cur = v->desired, out = cur, in = -1;
	int out_alarm = 0, all_in = a->ntt > 0, why_out = -1, why_in = -1;
	double m_out = 0, m_in = 0;
	char d[400];

	accumulate(s);
	svc_accumulate(s, v);
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
		set_desired(s, v, out, "autoscaling", d);
	} else if (!out_alarm && all_in && !v->deploying && as_clamp(v, in) < cur) {
		const sc_tt_policy *t = &a->tt[why_in];
		in = as_clamp(v, in);
		snprintf(d, sizeof(d), "target tracking scaled service %s in from %lld to %lld "
			 "(%s %.4g < %.4g for %d minutes)", v->sc->name, (long long)cur,
			 (long long)in, as_metric_name[t->metric], m_in,
			 t->target * (1 - a->in_margin), (int)v->below[why_in]);
		v->last_in = e->now;
		v->scale_ins++;
		set_desired(s, v, in, "autoscaling", d);
	}
	as_steps(s, v, out_alarm);
	eng_schedule(e, ev, e->now + AS_PERIOD, as_tick);
}

/* A scheduled action sets the scalable target's minimum and maximum; a
 * desired count outside them moves inside at once. */
static void as_scheduled(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, sched_ev);
	const sc_scheduled_action *x = &v->sc->as.sched[v->next_sched++];
	char d[400];

	accumulate(s);
	svc_accumulate(s, v);
	if (x->min >= 0)
		v->as_min = x->min;
	if (x->max >= 0)
		v->as_max = x->max;
	if (v->as_max < v->as_min)
		v->as_max = v->as_min;
	snprintf(d, sizeof(d), "scheduled action set the capacity of service %s to min %lld, "
		 "max %lld; desired %lld to %lld", v->sc->name, (long long)v->as_min,
		 (long long)v->as_max, (long long)v->desired, (long long)as_clamp(v, v->desired));
	set_desired(s, v, as_clamp(v, v->desired), "autoscaling-scheduled", d);
	if (v->next_sched < v->sc->as.nsched)
		eng_schedule(e, ev, v->sc->as.sched[v->next_sched].at, as_scheduled);
}

/* ---- cluster auto scaling ------------------------------------------------ */

/* A cluster event (no service) for events.csv. */
static void cluster_event(sim *s, const char *event, const char *detail)
{
	if (s->obs.event)
		s->obs.event(s->obs.ctx, s->eng.now, "", event, detail);
}

/* Capacity is back (repair, drain end, a launched instance): daemons, then
 * services that found no host, try again. */
static void capacity_back(sim *s)
{
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			reconcile_soon(s, &s->svcs[i]);
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].waiting_capacity && !s->svcs[i].sc->daemon)
			reconcile_soon(s, &s->svcs[i]);
}

static void class_change(sim *s, int32_t h, int d);

static void asg_launched(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	char d[200], id[24];

	accumulate(s);
	for (int g = 0; g < s->nasgs; g++) {
		sim_asg *a = &s->asgs[g];
		if (ev < a->launch_ev || ev >= a->launch_ev + a->n)
			continue;
		int32_t h = a->first + (int32_t)(ev - a->launch_ev);
		class_change(s, h, 1);
		cl_set_state(&s->cl, h, CL_ACTIVE);
		a->launching--;
		a->launched++;
		if (e->now + a->sc->warmup > a->warm_until)
			a->warm_until = e->now + a->sc->warmup;
		cl_host_instance_id(h, id);
		snprintf(d, sizeof(d), "instance %s of %s is ACTIVE", id,
			 s->sc->providers[a->sc->provider]);
		cluster_event(s, "instance-launched", d);
	}
	capacity_back(s);
}

/* Non-daemon tasks on host h. */
static int64_t service_load(const sim *s, int32_t h)
{
	int64_t n = 0;

	for (const cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
		const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
		n += t->svc < 0 || !s->svcs[t->svc].sc->daemon;
	}
	return n;
}

/* Instances needed for the tasks that wait for this group's capacity:
 * per service, its missing tasks binpacked by CPU and memory on the
 * group's instance type (ports, ENIs and constraints are not considered;
 * ECS documents only that it binpacks). */
static int64_t asg_needed(const sim *s, const sim_asg *a)
{
	const sc_instance_type *it = &s->sc->types[s->sc->instances[a->sc->group].type];
	int64_t need = 0;

	for (int i = 0; i < s->nsvcs; i++) {
		const sim_service *v = &s->svcs[i];
		const sc_taskdef *td;
		int64_t missing = v->desired - active(v), per = INT64_MAX;
		if (v->sc->daemon || !v->waiting_capacity || missing <= 0 || svc_asg(s, v) != a)
			continue;
		td = &s->sc->taskdefs[v->dep < 0 ? v->sc->taskdef : s->deps[v->dep].taskdef];
		if (td->cpu > 0)
			per = it->cpu / td->cpu;
		if (td->memory > 0 && it->memory / td->memory < per)
			per = it->memory / td->memory;
		if (per < 1)
			per = 1;
		need += (missing + per - 1) / per;
	}
	return need;
}

/* Every minute: CapacityProviderReservation = M / N x 100, with M the
 * instances that run non-daemon tasks plus those the waiting tasks need,
 * and N the instances in service or launching.  Above targetCapacity (one
 * datapoint) and with no instance launching or warming up, scale out to
 * ceil(M x 100 / target) (2 from none), by minimumScalingStepSize ..
 * maximumScalingStepSize; below it for 15 datapoints, scale in towards
 * that, removing only instances with no task (managed termination
 * protection; an instance with daemon tasks only is kept, an ecsim
 * simplification).  Always within minSize .. maxSize. */
static void asg_tick(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_asg *a = ENG_CONTAINER_OF(ev, sim_asg, tick);
	const sc_asg *c = a->sc;
	const char *name = s->sc->providers[c->provider];
	int64_t n = a->launching, busy = 0, need, m, goal;
	char d[300];

	accumulate(s);
	for (int32_t h = a->first; h < a->first + a->n; h++)
		if (s->cl.hosts[h].state != CL_DOWN) {
			n++;
			busy += service_load(s, h) > 0;
		}
	need = asg_needed(s, a);
	m = busy + need;
	a->reservation = n > 0 ? 100.0 * (double)m / (double)n : m > 0 ? 200 : 100;
	goal = n == 0 && m > 0 ? 2 : (m * 100 + c->target - 1) / c->target;
	goal = goal < c->min_size ? c->min_size : goal > c->max_size ? c->max_size : goal;
	if ((a->reservation > c->target || n < c->min_size) && goal > n) {
		a->below = 0;
		if (a->launching == 0 && e->now >= a->warm_until) {
			int64_t step = goal - n, k = 0;
			step = step < c->min_step ? c->min_step : step > c->max_step ? c->max_step : step;
			if (n + step > c->max_size)
				step = c->max_size - n;
			for (int32_t h = a->first; h < a->first + a->n && k < step; h++) {
				eng_event *lev = &a->launch_ev[h - a->first];
				if (s->cl.hosts[h].state != CL_DOWN || eng_pending(lev))
					continue;
				eng_schedule(e, lev, e->now + 1 + s_to_us(dist_sample(&c->launch, a->launch)),
					     asg_launched);
				a->launching++;
				k++;
			}
			a->scale_outs++;
			snprintf(d, sizeof(d), "%s scaled out from %lld to %lld instances "
				 "(CapacityProviderReservation %.4g > %d)", name, (long long)n,
				 (long long)(n + k), a->reservation, (int)c->target);
			cluster_event(s, "cluster-scale-out", d);
		}
	} else if (a->reservation < c->target && goal < n) {
		if (++a->below >= 15 && a->launching == 0) {
			int64_t step = n - goal, k = 0;
			step = step < c->min_step ? c->min_step : step > c->max_step ? c->max_step : step;
			if (n - step < c->min_size)
				step = n - c->min_size;
			for (int32_t h = a->first + a->n - 1; h >= a->first && k < step; h--)
				if (s->cl.hosts[h].state != CL_DOWN && s->cl.hosts[h].ntasks == 0) {
					class_change(s, h, -1);
					cl_set_state(&s->cl, h, CL_DOWN);
					a->terminated++;
					k++;
				}
			if (k > 0) {
				a->scale_ins++;
				a->below = 0;
				snprintf(d, sizeof(d), "%s scaled in from %lld to %lld instances "
					 "(CapacityProviderReservation %.4g < %d)", name, (long long)n,
					 (long long)(n - k), a->reservation, (int)c->target);
				cluster_event(s, "cluster-scale-in", d);
			}
		}
	} else {
		a->below = 0;
	}
	eng_schedule(e, ev, e->now + AS_PERIOD, asg_tick);
}

/* ---- deployments --------------------------------------------------------- */

static void deploy_notify(sim *s, const sim_deployment *d)
{
	if (s->obs.deployment_done)
		s->obs.deployment_done(s->obs.ctx, s, d);
}

static void deploy_end(sim *s, sim_service *v, const char *outcome)
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
	svc_event(s, v, strcmp(outcome, "COMPLETED") == 0 ? "deployment-completed" :
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
			undrain_task(v, t);
	}
	snprintf(msg, sizeof(msg), "service %s has started a %sdeployment of %s:%d", v->sc->name,
		 d->rollback ? "rollback " : "", s->sc->taskdefs[d->taskdef].family,
		 s->sc->taskdefs[d->taskdef].revision);
	svc_event(s, v, "deployment-started", msg);
	sim_service_reset_throttle(s, v);
	svc_changed(s, v);
}

/* Enough of the deployment's tasks failed: it FAILS and launches stop; with
 * rollback on, a new deployment of the previous task definition starts,
 * whose tasks that still run become current again. */
static void breaker_trip(sim *s, sim_service *v)
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

static void deployment_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t k = s->next_deploy++;
	sim_service *v = &s->svcs[s->sc->deployments[k].svc];

	accumulate(s);
	svc_accumulate(s, v);
	v->gen = s->deps[k].gen = ++v->ngen;
	deploy_begin(s, v, k);
	if (s->next_deploy < s->sc->ndeployments)
		eng_schedule(e, ev, s->sc->deployments[s->next_deploy].at, deployment_event);
}

/* ---- maintenance: draining instances ------------------------------------ *
 *
 * A draining instance gets no new tasks; its service tasks that are not yet
 * RUNNING stop at once (and are replaced elsewhere), its RUNNING ones are
 * replaced within the rolling bounds, standalone tasks are left alone.
 */

static void drain_end(eng *e, eng_event *ev);

/* Daemon tasks leave a draining instance last: once no other service task
 * is on it (in any state). */
static void drain_daemons(sim *s, int32_t h)
{
	cl_task *ct;
	char d[96], id[24];

	if (s->drained_by[h] < 0 || s->in_drain_daemons)
		return;
	for (ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
		const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
		if (t->svc >= 0 && !s->svcs[t->svc].sc->daemon)
			return;
	}
	cl_host_instance_id(h, id);
	snprintf(d, sizeof(d), "Container instance %s is draining", id);
	s->in_drain_daemons = 1;
	for (;;) {
		sim_task *t = NULL;
		for (ct = s->cl.hosts[h].tasks; ct && !t; ct = ct->hnext) {
			sim_task *u = ENG_CONTAINER_OF(ct, sim_task, ct);
			if (u->svc >= 0 && u->state <= SIM_RUNNING)
				t = u;
		}
		if (!t)
			break;
		svc_accumulate(s, &s->svcs[t->svc]);
		stop_task(s, &s->svcs[t->svc], t, SIM_END_DRAINED, d);
	}
	s->in_drain_daemons = 0;
}

static void drain_check(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);

	accumulate(s);
	for (int32_t h = 0; h < s->cl.nhosts; h++)
		if (s->drained_by[h] >= 0)
			drain_daemons(s, h);
}

static void drain_host(sim *s, int32_t h, int32_t k)
{
	cl_host *ho = &s->cl.hosts[h];
	cl_task *ct, *next;

	s->drained_by[h] = k;
	if (ho->state != CL_DOWN)
		cl_set_state(&s->cl, h, CL_DRAINING);
	s->in_drain_daemons = 1; /* not while this loop walks the host's tasks */
	for (ct = ho->tasks; ct; ct = next) {
		sim_task *t = ENG_CONTAINER_OF(ct, sim_task, ct);
		sim_service *v;
		char d[96], id[24];
		next = ct->hnext;
		if (t->svc < 0 || s->svcs[t->svc].sc->daemon)
			continue;
		v = &s->svcs[t->svc];
		svc_accumulate(s, v);
		if (t->state < SIM_RUNNING) {
			cl_host_instance_id(h, id);
			snprintf(d, sizeof(d), "Container instance %s is draining", id);
			stop_task(s, v, t, SIM_END_DRAINED, d);
		} else if (t->state == SIM_RUNNING && !t->drained && t->gen == v->gen) {
			/* old tasks of a deployment leave through deploy_replace */
			if (t->cp >= 0)
				v->cp_n[t->cp]--; /* cp_counted until now */
			t->drained = 1;
			v->drained++;
			reconcile_soon(s, v);
		}
	}
	s->in_drain_daemons = 0;
	drain_daemons(s, h);
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			reconcile_soon(s, &s->svcs[i]);
}

static void drain_start(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	const sc_drain *d = &s->sc->drains[s->next_drain];
	int32_t k = s->next_drain++;
	int64_t n = 0;

	accumulate(s);
	/* The first `drain` ACTIVE instances that match, in index order. */
	for (int32_t h = 0; h < s->cl.nhosts && n < d->count; h++) {
		const cl_host *ho = &s->cl.hosts[h];
		if (ho->state != CL_ACTIVE || s->drained_by[h] >= 0 ||
		    (d->zone >= 0 && ho->zone != d->zone) || (d->type >= 0 && ho->type != d->type))
			continue;
		drain_host(s, h, k);
		n++;
	}
	if (d->duration >= 0)
		eng_schedule(e, &s->undrain_ev[k], e->now + d->duration, drain_end);
	if (s->next_drain < s->sc->ndrains)
		eng_schedule(e, ev, s->sc->drains[s->next_drain].at, drain_start);
}

/* The maintenance is over: its instances are ACTIVE again (or stay DOWN
 * until repaired); tasks still RUNNING there stay, and any surplus they
 * make is scaled in. */
static void drain_end(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t k = (int32_t)(ev - s->undrain_ev);

	accumulate(s);
	for (int32_t h = 0; h < s->cl.nhosts; h++) {
		if (s->drained_by[h] != k)
			continue;
		s->drained_by[h] = -1;
		if (s->cl.hosts[h].state == CL_DRAINING)
			cl_set_state(&s->cl, h, CL_ACTIVE);
		for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
			sim_task *t = ENG_CONTAINER_OF(ct, sim_task, ct);
			if (t->svc >= 0 && t->drained) {
				svc_accumulate(s, &s->svcs[t->svc]);
				undrain_task(&s->svcs[t->svc], t);
				reconcile_soon(s, &s->svcs[t->svc]);
			}
		}
	}
	/* Capacity is back: daemons, then services that found no host. */
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			reconcile_soon(s, &s->svcs[i]);
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].waiting_capacity && !s->svcs[i].sc->daemon)
			reconcile_soon(s, &s->svcs[i]);
}

/* ---- workloads --------------------------------------------------------- */

static void arrival(eng *e, eng_event *ev);

static void schedule_arrival(sim *s, sim_workload *w)
{
	const sc_workload *sw = w->sc;
	int64_t at;

	if (sw->count >= 0 && w->submitted >= sw->count)
		return;
	switch (sw->arrival) {
	case SC_ARRIVAL_POISSON: {
		int64_t from = w->submitted ? s->eng.now : sw->start;
		at = from + s_to_us(gsl_ran_exponential(w->arrivals, 1.0 / sw->rate));
		break;
	}
	case SC_ARRIVAL_INTERVAL:
		at = sw->start + w->submitted * sw->interval;
		if (w->submitted && at > UNITS_MAX_DURATION_US)
			return;
		break;
	case SC_ARRIVAL_TIMES:
		while (w->next_index < sw->ntimes && sw->times[w->next_index] < sw->start)
			w->next_index++;
		if (w->next_index >= sw->ntimes)
			return;
		at = sw->times[w->next_index++];
		break;
	default:
		return;
	}
	if (at >= sw->end || at > s->sc->duration)
		return;
	if (at < s->eng.now)
		at = s->eng.now;
	eng_schedule(&s->eng, &w->ev, at, arrival);
}

static int32_t draw_size(const dist *d, const gsl_rng *r)
{
	double x = floor(dist_sample(d, r) + 0.5);
	return x > INT32_MAX / 2 ? INT32_MAX / 2 : (int32_t)x;
}

static void arrival(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_workload *w = ENG_CONTAINER_OF(ev, sim_workload, ev);
	sim_task *t = task_new(s);
	enum cl_check why;
	double dur;

	accumulate(s);
	w->submitted++;
	t->ct.req = w->req;
	t->wl = (int32_t)(w - s->wls);
	if (w->sc->has_cpu)
		t->ct.req.cpu = draw_size(&w->sc->cpu, w->sizes);
	if (w->sc->has_memory)
		t->ct.req.mem = draw_size(&w->sc->memory, w->sizes);
	/* The duration is drawn whether or not the task is placed, so that
	 * the stream stays aligned across strategies (common random numbers). */
	dur = dist_sample(&w->sc->duration, w->durations);
	if (try_place(s, t, &w->chain, &why) < 0) {
		s->st.rejected++;
		s->st.rejections[why]++;
		report(s, t, SIM_END_REJECTED, reason_name(why));
		task_free(s, t);
	} else {
		eng_schedule(&s->eng, &t->ev, s->eng.now + s_to_us(dur), task_complete);
	}
	schedule_arrival(s, w);
}

/* ---- host failures ----------------------------------------------------- */

static void host_event(eng *e, eng_event *ev);

static void kill_tasks(sim *s, int32_t h)
{
	cl_host *ho = &s->cl.hosts[h];

	if (ho->ntasks > 0) {
		s->st.disruptive_failures++;
		if (ho->ntasks > s->st.max_killed_by_failure)
			s->st.max_killed_by_failure = ho->ntasks;
	}
	while (ho->tasks) {
		sim_task *t = ENG_CONTAINER_OF(ho->tasks, sim_task, ct);
		eng_cancel(&s->eng, &t->ev);
		s->st.killed++;
		if (t->tr >= 0)
			trace_task_ended(s, t, 1);
		report(s, t, SIM_END_HOST_FAILURE, NULL);
		cl_unplace(&s->cl, &t->ct);
		if (t->svc >= 0) {
			sim_service *v = &s->svcs[t->svc];
			char d[96], id[24];
			svc_accumulate(s, v);
			cl_host_instance_id(h, id);
			snprintf(d, sizeof(d), "task %lld (%s): host %s failed", (long long)t->id,
				 sim_state_name(t->state), id);
			svc_event(s, v, "task-stopped", d);
			undrain_task(v, t);
			set_state(v, t, SIM_STOPPED);
			svc_unlink(v, t);
			svc_changed(s, v);
			reconcile_soon(s, v);
		}
		task_free(s, t);
	}
}

/* Instance-hours of a class run lazily: brought up to now before its
 * count of instances up changes, and when read. */
static void class_change(sim *s, int32_t h, int d)
{
	int32_t c = s->cl.hosts[h].type * 2 + s->spot[h];

	s->class_hours[c] += us_to_s(s->eng.now - s->class_last[c]) / 3600.0 * s->class_up[c];
	s->class_last[c] = s->eng.now;
	s->class_up[c] += d;
}

double sim_instance_hours(const sim *s, int32_t type, int spot)
{
	int32_t c = type * 2 + !!spot;
	return s->class_hours[c] + us_to_s(s->eng.now - s->class_last[c]) / 3600.0 * s->class_up[c];
}

int32_t sim_instance_count(const sim *s, int32_t type, int spot)
{
	return s->class_total[type * 2 + !!spot];
}

/* One more cause holds base host h down: at the first its tasks die. */
static void host_down(sim *s, int32_t h)
{
	if (s->down_by[h]++ > 0)
		return;
	class_change(s, h, -1);
	s->st.host_failures++;
	kill_tasks(s, h);
	cl_set_state(&s->cl, h, CL_DOWN);
	/* one instance fewer for the daemons */
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			reconcile_soon(s, &s->svcs[i]);
}

/* One cause less: when none is left the host is back, empty. */
static void host_up(sim *s, int32_t h)
{
	if (--s->down_by[h] > 0)
		return;
	class_change(s, h, 1);
	s->st.host_repairs++;
	/* a drained instance comes back still draining */
	cl_set_state(&s->cl, h, s->drained_by[h] >= 0 ? CL_DRAINING : CL_ACTIVE);
	/* New capacity: daemons first, then services waiting to place tasks
	 * try at once. */
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			reconcile_soon(s, &s->svcs[i]);
	for (int i = 0; i < s->nsvcs; i++)
		if (!s->svcs[i].sc->daemon && active(&s->svcs[i]) < s->svcs[i].desired)
			reconcile_soon(s, &s->svcs[i]);
}

static void host_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t h = (int32_t)(ev - s->host_ev);
	const sc_fail_rule *f = &s->sc->failures.rules[s->host_rule[h]];
	const cl_host *ho = &s->cl.hosts[h];
	char d[160], id[24];

	accumulate(s);
	cl_host_instance_id(h, id);
	if (!s->inst_down[h]) {
		s->inst_down[h] = 1;
		s->st.instance_failures++;
		snprintf(d, sizeof(d), "container instance %s (%s, zone %s) failed", id,
			 s->sc->types[ho->type].name, s->sc->zones[ho->zone]);
		cluster_event(s, "instance-failed", d);
		host_down(s, h);
		eng_schedule(e, ev, e->now + s_to_us(dist_sample(&f->ttr, s->fail)), host_event);
	} else {
		s->inst_down[h] = 0;
		snprintf(d, sizeof(d), "container instance %s (%s, zone %s) repaired", id,
			 s->sc->types[ho->type].name, s->sc->zones[ho->zone]);
		cluster_event(s, "instance-repaired", d);
		host_up(s, h);
		/* at least 1 us up, so that a distribution that can draw 0 never
		 * loops at one instant */
		eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(&f->ttf, s->fail)), host_event);
	}
}

/* ---- correlated failures: zone outages and failure domains ------------- *
 *
 * Every instance of a zone (or with one value of the domain attribute)
 * goes down together and comes back together, whatever its own failures.
 * Only the hosts of $.cluster take part; FARGATE tasks are not touched.
 */

static void zone_out(sim *s, int32_t z)
{
	int64_t n = 0;
	char d[200];

	if (s->zone_down[z]++ > 0)
		return;
	s->st.zone_outages++;
	for (int32_t h = 0; h < s->base_hosts; h++)
		if (s->cl.hosts[h].zone == z) {
			n += s->down_by[h] == 0;
			host_down(s, h);
		}
	s->st.zone_outage_hosts += n;
	snprintf(d, sizeof(d), "zone %s is out: %" PRId64 " instances went down", s->sc->zones[z],
		 n);
	cluster_event(s, "zone-outage-started", d);
}

static void zone_in(sim *s, int32_t z)
{
	char d[200];

	if (--s->zone_down[z] > 0)
		return;
	snprintf(d, sizeof(d), "zone %s is back", s->sc->zones[z]);
	cluster_event(s, "zone-outage-ended", d);
	for (int32_t h = 0; h < s->base_hosts; h++)
		if (s->cl.hosts[h].zone == z)
			host_up(s, h);
}

/* Scheduled outage k: outage_ev[2k] starts it, outage_ev[2k+1] ends it. */
static void outage_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int64_t i = ev - s->outage_ev;
	const sc_zone_outage *o = &s->sc->failures.outages[i / 2];

	accumulate(s);
	if (i % 2 == 0) {
		zone_out(s, o->zone);
		eng_schedule(e, ev + 1, e->now + o->duration, outage_event);
	} else {
		zone_in(s, o->zone);
	}
}

static void random_outage_end(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);

	accumulate(s);
	zone_in(s, (int32_t)(ev - s->rzo_end_ev));
}

/* A random outage hits a zone drawn uniformly; one drawn for a zone already
 * in a random outage extends that outage instead of stacking on it. */
static void random_outage(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	const sc_failures *f = &s->sc->failures;
	int32_t z = (int32_t)gsl_rng_uniform_int(s->zfail, (unsigned long)s->sc->nzones);
	int64_t end = e->now + 1 + s_to_us(dist_sample(&f->outage_duration, s->zfail));
	eng_event *zev = &s->rzo_end_ev[z];

	accumulate(s);
	if (eng_pending(zev)) {
		if (zev->time < end) {
			eng_cancel(e, zev);
			eng_schedule(e, zev, end, random_outage_end);
		}
	} else {
		zone_out(s, z);
		eng_schedule(e, zev, end, random_outage_end);
	}
	eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(&f->outage_between, s->zfail)),
		     random_outage);
}

static void domain_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t v = (int32_t)(ev - s->dom_ev);
	const sc_failures *f = &s->sc->failures;
	const char *name = s->cl.attrs[s->dom_attr].values[v];
	int64_t n = 0;
	char d[300];

	accumulate(s);
	s->dom_down[v] = !s->dom_down[v];
	if (s->dom_down[v]) {
		s->st.domain_failures++;
		for (int32_t h = 0; h < s->base_hosts; h++)
			if (cl_host_attr(&s->cl, h, s->dom_attr) == v) {
				n += s->down_by[h] == 0;
				host_down(s, h);
			}
		s->st.domain_hosts += n;
		snprintf(d, sizeof(d), "%s %.100s failed: %" PRId64 " instances went down",
			 f->domain_attr, name, n);
		cluster_event(s, "domain-failed", d);
		eng_schedule(e, ev, e->now + s_to_us(dist_sample(&f->domain_ttr, s->dfail)),
			     domain_event);
	} else {
		snprintf(d, sizeof(d), "%s %.100s repaired", f->domain_attr, name);
		cluster_event(s, "domain-repaired", d);
		for (int32_t h = 0; h < s->base_hosts; h++)
			if (cl_host_attr(&s->cl, h, s->dom_attr) == v)
				host_up(s, h);
		eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(&f->domain_ttf, s->dfail)),
			     domain_event);
	}
}

/* ---- Spot interruptions ------------------------------------------------ *
 *
 * A Spot instance gets a notice; with cluster.spotDraining it goes DRAINING
 * at once (the maintenance drain: services move their tasks within their
 * bounds).  At the end of the notice it is terminated (its tasks die), and
 * a replacement Spot instance (same type, zone and attributes, taking its
 * place) is up after the replacement launch time.
 */

enum { SIM_SPOT_RUNNING, SIM_SPOT_NOTICED, SIM_SPOT_TERMINATED };

static void spot_event(eng *e, eng_event *ev);

static void spot_detail(sim *s, int32_t h, char *d, size_t n, const char *what)
{
	const cl_host *ho = &s->cl.hosts[h];
	char id[24];

	cl_host_instance_id(h, id);
	snprintf(d, n, "Spot instance %s (%s, zone %s) %s", id, s->sc->types[ho->type].name,
		 s->sc->zones[ho->zone], what);
}

static void spot_notice(sim *s, int32_t h)
{
	char d[200], what[80];

	s->spot_phase[h] = SIM_SPOT_NOTICED;
	s->st.spot_notices++;
	snprintf(what, sizeof(what), "got an interruption notice: terminated in %.0f s",
		 us_to_s(s->sc->failures.spot_notice));
	spot_detail(s, h, d, sizeof(d), what);
	cluster_event(s, "spot-interruption-notice", d);
	/* the maintenance drain marks its hosts with its entry; Spot uses the
	 * index after the last entry */
	if (s->sc->spot_draining && s->drained_by[h] < 0)
		drain_host(s, h, s->sc->ndrains);
	eng_cancel(&s->eng, &s->spot_ev[h]);
	eng_schedule(&s->eng, &s->spot_ev[h], s->eng.now + s->sc->failures.spot_notice,
		     spot_event);
}

static void spot_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t h = (int32_t)(ev - s->spot_ev);
	const sc_failures *f = &s->sc->failures;
	char d[200];

	accumulate(s);
	switch (s->spot_phase[h]) {
	case SIM_SPOT_RUNNING:
		spot_notice(s, h);
		break;
	case SIM_SPOT_NOTICED:
		s->spot_phase[h] = SIM_SPOT_TERMINATED;
		s->st.spot_interruptions++;
		if (s->down_by[h] == 0)
			for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
				const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
				s->st.spot_tasks_killed += t->svc >= 0 && t->state <= SIM_RUNNING;
			}
		spot_detail(s, h, d, sizeof(d), "terminated");
		cluster_event(s, "spot-instance-terminated", d);
		host_down(s, h);
		if (s->drained_by[h] == s->sc->ndrains)
			s->drained_by[h] = -1;
		eng_schedule(e, ev, e->now + s_to_us(dist_sample(&f->spot_launch, s->sfail)),
			     spot_event);
		break;
	default:
		s->spot_phase[h] = SIM_SPOT_RUNNING;
		s->st.spot_replacements++;
		spot_detail(s, h, d, sizeof(d), "replaced: the new instance is up");
		cluster_event(s, "spot-instance-replaced", d);
		host_up(s, h);
		if (s->spot_rule[h] >= 0)
			eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(
				&f->spot[s->spot_rule[h]].ttf, s->sfail)), spot_event);
		break;
	}
}

/* A RUNNING FARGATE_SPOT task of the service, drawn uniformly, gets the
 * two-minute warning (SIGTERM, stopCode TerminationNotice): it stops, and
 * the service launches its replacement at once. */
static void fargate_spot_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, spot_ev);
	int64_t k = (int64_t)gsl_rng_uniform_int(s->sfail, (unsigned long)v->spot_running);
	sim_task *t;

	accumulate(s);
	svc_accumulate(s, v);
	v->spot_drawn_for = -1; /* draw the next one in svc_changed */
	for (t = v->tasks; t; t = t->snext)
		if (t->spot && t->state == SIM_RUNNING && k-- == 0)
			break;
	if (!t)
		return;
	s->st.fargate_spot_interruptions++;
	stop_task(s, v, t, SIM_END_SPOT, "Your Spot Task was interrupted.");
}

/* A time of the times file: the first running Spot instance (by index) of
 * the line's type gets the notice; none running, the line is skipped. */
static void spot_file_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	const sc_failures *f = &s->sc->failures;
	int32_t type = f->spot_time_type[s->next_spot_time++];

	accumulate(s);
	for (int32_t h = 0; h < s->base_hosts; h++)
		if (s->spot[h] && s->spot_phase[h] == SIM_SPOT_RUNNING && s->down_by[h] == 0 &&
		    (type < 0 || s->cl.hosts[h].type == type)) {
			spot_notice(s, h);
			break;
		}
	if (s->next_spot_time < f->nspot_times)
		eng_schedule(e, ev, f->spot_times[s->next_spot_time], spot_file_event);
}

static void start_spot(sim *s)
{
	const sc_failures *f = &s->sc->failures;
	size_t nb = (size_t)s->base_hosts + 1;

	s->spot_phase = xcalloc(nb, sizeof(*s->spot_phase));
	s->spot_rule = xcalloc(nb, sizeof(*s->spot_rule));
	s->spot_ev = xcalloc(nb, sizeof(*s->spot_ev));
	for (int32_t h = 0; h < s->base_hosts; h++) {
		int32_t r = -1;
		for (int k = 0; s->spot[h] && k < f->spot_rules; k++)
			if (f->spot[k].type == s->cl.hosts[h].type || (f->spot[k].type < 0 && r < 0))
				r = k;
		s->spot_rule[h] = r;
		if (r >= 0)
			eng_schedule(&s->eng, &s->spot_ev[h],
				     1 + s_to_us(dist_sample(&f->spot[r].ttf, s->sfail)), spot_event);
	}
	if (f->nspot_times)
		eng_schedule(&s->eng, &s->spot_file_ev, f->spot_times[0], spot_file_event);
}

/* Builds the failure state and schedules the first failures. */
static void start_failures(sim *s)
{
	const sc_failures *f = &s->sc->failures;
	size_t nb = (size_t)s->base_hosts + 1;

	s->down_by = xcalloc(nb, sizeof(*s->down_by));
	s->inst_down = xcalloc(nb, sizeof(*s->inst_down));
	s->host_rule = xcalloc(nb, sizeof(*s->host_rule));
	s->zone_down = xcalloc((size_t)s->sc->nzones + 1, sizeof(*s->zone_down));
	s->dom_attr = -1;
	/* Trace machines come and go as their trace says, never at random. */
	if (f->instances) {
		s->host_ev = xcalloc(nb, sizeof(*s->host_ev));
		for (int32_t h = 0; h < s->base_hosts; h++) {
			int32_t r = -1;
			for (int k = 0; k < f->instances; k++)
				if (f->rules[k].type == s->cl.hosts[h].type ||
				    (f->rules[k].type < 0 && r < 0))
					r = k;
			s->host_rule[h] = r;
			if (r >= 0)
				eng_schedule(&s->eng, &s->host_ev[h],
					     1 + s_to_us(dist_sample(&f->rules[r].ttf, s->fail)),
					     host_event);
		}
	}
	s->outage_ev = xcalloc(2 * (size_t)f->noutages + 1, sizeof(*s->outage_ev));
	for (int k = 0; k < f->noutages; k++)
		eng_schedule(&s->eng, &s->outage_ev[2 * k], f->outages[k].start, outage_event);
	s->rzo_end_ev = xcalloc((size_t)s->sc->nzones + 1, sizeof(*s->rzo_end_ev));
	if (f->random_outages)
		eng_schedule(&s->eng, &s->rzo_ev,
			     1 + s_to_us(dist_sample(&f->outage_between, s->zfail)), random_outage);
	if (f->domain_attr && (s->dom_attr = cl_attr_find(&s->cl, f->domain_attr)) >= 0) {
		s->ndoms = s->cl.attrs[s->dom_attr].nvalues;
		s->dom_ev = xcalloc((size_t)s->ndoms + 1, sizeof(*s->dom_ev));
		s->dom_down = xcalloc((size_t)s->ndoms + 1, sizeof(*s->dom_down));
		for (int32_t v = 0; v < s->ndoms; v++)
			eng_schedule(&s->eng, &s->dom_ev[v],
				     1 + s_to_us(dist_sample(&f->domain_ttf, s->dfail)),
				     domain_event);
	}
	start_spot(s);
}

/* ---- traces ------------------------------------------------------------ */

static void trace_task_ended(sim *s, const sim_task *t, int killed)
{
	sim_trace *x = &s->trs[t->tr];

	if (killed)
		x->killed++;
	else
		x->completed++;
	if (t->trkey >= 0)
		trace_unbind(&x->tr, t->trkey);
}

static void trace_action(sim *s, sim_trace *x, const trace_act *a)
{
	int full = 0;              /* a task of this action was rejected */
	enum cl_check why = CL_NCHECKS;

	if (a->kind == TRACE_STOP) {
		sim_task *t = a->task;
		if (!t) /* rejected, or its machine went away */
			return;
		t->trkey = -1;
		s->st.completed++;
		trace_task_ended(s, t, 0);
		report(s, t, SIM_END_COMPLETED, NULL);
		cl_unplace(&s->cl, &t->ct);
		task_free(s, t);
		return;
	}
	for (int64_t k = 0; k < a->count; k++) {
		sim_task *t = task_new(s);
		t->ct.req = x->req;
		t->ct.req.cpu = a->cpu;
		t->ct.req.mem = a->mem;
		t->ct.req.gpu = a->gpu;
		t->ct.req.gpu_milli = a->gpu_milli;
		t->ct.req.group = a->group;
		t->tr = (int32_t)(x - s->trs);
		x->submitted++;
		/* Standalone tasks (RunTask): placed at once or rejected.  Once one
		 * is rejected, its identical siblings are too, for the same reason:
		 * a rejection changes nothing and draws no random number, so the
		 * scan over hosts is skipped with the same result. */
		if (full) {
			s->st.submitted++;
		} else if (try_place(s, t, &x->chain, &why) < 0) {
			full = 1;
		}
		if (full) {
			s->st.rejected++;
			s->st.rejections[why]++;
			x->rejected++;
			report(s, t, SIM_END_REJECTED, reason_name(why));
			task_free(s, t);
			continue;
		}
		x->placed++;
		if (a->kind == TRACE_START) {
			t->trkey = a->key;
			trace_bind(&x->tr, a->key, t);
		} else if (a->duration >= 0) {
			eng_schedule(&s->eng, &t->ev, s->eng.now + a->duration, task_complete);
		}
	}
}

static void trace_event(eng *e, eng_event *ev);

static void schedule_trace(sim *s, sim_trace *x)
{
	int64_t at = trace_next_time(&x->tr);

	if (at <= s->sc->duration)
		eng_schedule(&s->eng, &x->ev, at > s->eng.now ? at : s->eng.now, trace_event);
}

static void trace_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_trace *x = ENG_CONTAINER_OF(ev, sim_trace, ev);
	trace_act a;
	int rc;

	accumulate(s);
	while ((rc = trace_next(&x->tr, e->now, &a, &s->err)) > 0)
		trace_action(s, x, &a);
	if (rc < 0) {
		eng_stop(e);
		return;
	}
	schedule_trace(s, x);
}

/* A trace machine changes state: removed machines lose their tasks (as in a
 * failure); draining ones keep them and take no new ones (an Alibaba
 * machine error: "existing jobs may still function"). */
static void machine_change(sim *s, sim_trace *x, const trace_mevent *m)
{
	int32_t h = x->first_host + m->machine;
	cl_host *ho = &s->cl.hosts[h];

	switch (m->to) {
	case TRACE_M_UP:
		cl_set_state(&s->cl, h, CL_ACTIVE);
		for (int i = 0; i < s->nsvcs; i++)
			if (s->svcs[i].running < s->svcs[i].desired)
				reconcile_soon(s, &s->svcs[i]);
		break;
	case TRACE_M_DRAIN:
		if (ho->state != CL_DOWN)
			cl_set_state(&s->cl, h, CL_DRAINING);
		break;
	case TRACE_M_DOWN:
		if (ho->state != CL_DOWN) {
			kill_tasks(s, h);
			cl_set_state(&s->cl, h, CL_DOWN);
		}
		break;
	}
}

static void machine_event(eng *e, eng_event *ev);

static void schedule_machines(sim *s, sim_trace *x)
{
	if (x->next_mev < x->tr.nmev && x->tr.mev[x->next_mev].time <= s->sc->duration)
		eng_schedule(&s->eng, &x->mev, x->tr.mev[x->next_mev].time, machine_event);
}

static void machine_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_trace *x = ENG_CONTAINER_OF(ev, sim_trace, mev);

	accumulate(s);
	while (x->next_mev < x->tr.nmev && x->tr.mev[x->next_mev].time <= e->now)
		machine_change(s, x, &x->tr.mev[x->next_mev++]);
	schedule_machines(s, x);
}

static int build_chain(sim *s, st_chain *c, const sc_placement *pl, int is_service,
		       const sim_opts *o, ecs_err *e);

static int32_t group_of(void *ctx, const char *name)
{
	return cl_group_id(&((sim *)ctx)->cl, name);
}

/* Opens every trace and adds its machines as hosts, in the state they have
 * at time 0; before services exist, so nothing is placed yet. */
static int open_traces(sim *s, const sim_opts *o, ecs_err *e)
{
	const scenario *sc = s->sc;
	cl_cluster *cl = &s->cl;

	s->ntrs = sc->ntraces;
	s->trs = xcalloc((size_t)sc->ntraces, sizeof(*s->trs));
	for (int i = 0; i < sc->ntraces; i++) {
		sim_trace *x = &s->trs[i];
		const sc_trace *st = &sc->traces[i];
		int32_t os = cl_attr_value(cl, CL_ATTR_OS_TYPE, "linux");
		int32_t arch = cl_attr_value(cl, CL_ATTR_CPU_ARCH, "x86_64");
		if (trace_open(&x->tr, &st->spec, i, s->seed, o && o->strict, o ? o->stop : NULL,
			       group_of, s, e) < 0) {
			err_prefix(e, "%s: %s: ", sc->file, st->path);
			return -1;
		}
		x->first_host = cl->nhosts;
		for (int32_t m = 0; m < x->tr.nmachines; m++) {
			const trace_machine *tm = &x->tr.machines[m];
			int32_t zone = st->zone >= 0 ? st->zone : m % sc->nzones;
			int32_t h = cl_add_hosts(cl, 1, -1, zone, tm->cpu, tm->mem, tm->gpu, 1 << 20, 0);
			cl_host_set_attr(cl, h, CL_ATTR_INSTANCE_TYPE,
					 cl_attr_value(cl, CL_ATTR_INSTANCE_TYPE,
						       x->tr.types[tm->type]));
			cl_host_set_attr(cl, h, CL_ATTR_OS_TYPE, os);
			cl_host_set_attr(cl, h, CL_ATTR_CPU_ARCH, arch);
			cl_set_state(cl, h, CL_DOWN);
		}
		while (x->next_mev < x->tr.nmev && x->tr.mev[x->next_mev].time <= 0)
			machine_change(s, x, &x->tr.mev[x->next_mev++]);
	}
	return 0;
}

static int add_constraints(sim *s, cl_req *r, struct qry ***mo, const sc_constraint *const *all,
			   int n, ecs_err *e);

static int start_traces(sim *s, const sim_opts *o, ecs_err *e)
{
	for (int i = 0; i < s->ntrs; i++) {
		sim_trace *x = &s->trs[i];
		const sc_trace *st = &s->sc->traces[i];
		const sc_constraint *all[SC_MAX_CONSTRAINTS];
		x->req = (cl_req){ .group = x->tr.default_group };
		for (int k = 0; k < st->place.ncons; k++)
			all[k] = &st->place.cons[k];
		if (add_constraints(s, &x->req, &x->member_of, all, st->place.ncons, e) < 0)
			return -1;
		if (build_chain(s, &x->chain, &st->place, 0, o, e) < 0)
			return -1;
		schedule_machines(s, x);
		schedule_trace(s, x);
	}
	return 0;
}

json_t *sim_traces_summary(const sim *s)
{
	json_t *arr = json_array();

	for (int i = 0; i < s->ntrs; i++) {
		const sim_trace *x = &s->trs[i];
		json_t *o = trace_summary(&x->tr), *t = json_object();
		json_object_set_new(t, "submitted", json_integer(x->submitted));
		json_object_set_new(t, "placed", json_integer(x->placed));
		json_object_set_new(t, "rejected", json_integer(x->rejected));
		json_object_set_new(t, "completed", json_integer(x->completed));
		json_object_set_new(t, "killed", json_integer(x->killed));
		json_object_set_new(t, "running_at_end",
				    json_integer(x->placed - x->completed - x->killed));
		json_object_set_new(o, "tasks", t);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* ---- metrics ----------------------------------------------------------- */

static void sample(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int64_t next;

	accumulate(s);
	for (int i = 0; i < s->nsvcs; i++)
		svc_accumulate(s, &s->svcs[i]);
	if (s->obs.sample)
		s->obs.sample(s->obs.ctx, s);
	next = e->now + s->sc->metrics_interval;
	if (next <= s->sc->duration)
		eng_schedule(e, ev, next, sample);
}

/* ---- building ---------------------------------------------------------- */

static int build_chain(sim *s, st_chain *c, const sc_placement *pl, int is_service,
		       const sim_opts *o, ecs_err *e)
{
	c->reg = o ? o->reg : NULL;
	c->fault = &s->err;
	if (o && o->strategy) {
		if (st_chain_parse(c, o->strategy, &s->cl, e) < 0) {
			err_prefix(e, "--strategy %s: ", o->strategy);
			return -1;
		}
		return 0;
	}
	if (pl->given) {
		for (int i = 0; i < pl->nsteps; i++)
			if (st_chain_add(c, pl->steps[i].type, pl->steps[i].field, &s->cl, e) < 0) {
				err_prefix(e, "%s: %s: ", s->sc->file, pl->steps[i].path);
				return -1;
			}
		return 0;
	}
	/* ECS defaults: a service without a strategy balances over zones, then
	 * over instances; a standalone task goes to a random instance. */
	if (is_service)
		return st_chain_add(c, "spread", "attribute:ecs.availability-zone", &s->cl, e) ||
		       st_chain_add(c, "spread", "instanceId", &s->cl, e);
	return st_chain_add(c, "random", NULL, &s->cl, e);
}

/* Puts constraints into r: distinctInstance as a flag, memberOf compiled
 * against the cluster into *mo (owned by the caller, freed with its qry's). */
static int add_constraints(sim *s, cl_req *r, struct qry ***mo, const sc_constraint *const *all,
			   int n, ecs_err *e)
{
	*mo = xcalloc((size_t)n + 1, sizeof(**mo));
	r->member_of = (const struct qry *const *)*mo;
	for (int i = 0; i < n; i++) {
		if (all[i]->type == SC_DISTINCT_INSTANCE) {
			r->distinct = 1;
			cl_track_group_hosts(&s->cl);
		} else if (qry_parse(&(*mo)[r->nmember_of], all[i]->expression, &s->cl, e) < 0) {
			err_prefix(e, "%s: %s.expression: ", s->sc->file, all[i]->path);
			return -1;
		} else {
			r->nmember_of++;
		}
	}
	return 0;
}

static int build_req(sim *s, cl_req *r, struct qry ***mo, int32_t td, const sc_placement *pl,
		     int32_t group, ecs_err *e)
{
	const sc_taskdef *t = &s->sc->taskdefs[td];
	const sc_constraint *all[2 * SC_MAX_CONSTRAINTS];
	int n = 0;

	*r = (cl_req){
		.cpu = t->cpu, .mem = t->memory, .gpu = t->gpus, .eni = t->awsvpc ? 1 : 0,
		.ports = t->ports, .nports = t->nports, .group = group,
	};
	for (int i = 0; i < t->ncons; i++)
		all[n++] = &t->cons[i];
	for (int i = 0; i < pl->ncons; i++)
		all[n++] = &pl->cons[i];
	if (n > SC_MAX_CONSTRAINTS)
		return err_set(e, "%s: %s: %d placement constraints from the task definition and "
			       "here together; ECS allows at most %d", s->sc->file,
			       all[n - 1]->path, n, SC_MAX_CONSTRAINTS);
	return add_constraints(s, r, mo, all, n, e);
}

/* Whether instances entry i belongs to a managed Auto Scaling group. */
static int managed(const scenario *sc, int i)
{
	for (int g = 0; g < sc->nasgs; g++)
		if (sc->asgs[g].group == i)
			return 1;
	return 0;
}

/* Adds n hosts as instances entry in describes them; rr deals zones. */
static void add_instances(sim *s, const sc_instances *in, int64_t n, int64_t *rr)
{
	const scenario *sc = s->sc;
	cl_cluster *cl = &s->cl;
	const sc_instance_type *it = &sc->types[in->type];
	int32_t os = cl_attr_value(cl, CL_ATTR_OS_TYPE, it->os);
	int32_t arch = cl_attr_value(cl, CL_ATTR_CPU_ARCH, it->arch);
	int32_t *vals = xmalloc((size_t)(in->nattrs + 1) * sizeof(*vals));
	int32_t *ids = xmalloc((size_t)(in->nattrs + 1) * sizeof(*ids));

	for (int k = 0; k < in->nattrs; k++) {
		ids[k] = cl_attr_find(cl, in->attrs[k].name);
		vals[k] = cl_attr_value(cl, ids[k], in->attrs[k].value);
	}
	for (int64_t c = 0; c < n; c++) {
		int32_t zone = in->zone >= 0 ? in->zone : (int32_t)((*rr)++ % sc->nzones);
		int32_t h = cl_add_hosts(cl, 1, in->type, zone, it->cpu, it->memory, it->gpus,
					 sc_task_enis(sc, it), in->spot ? it->spot_price : it->price);
		s->spot[h] = (uint8_t)in->spot;
		cl_host_set_attr(cl, h, CL_ATTR_INSTANCE_TYPE, in->type);
		cl_host_set_attr(cl, h, CL_ATTR_OS_TYPE, os);
		cl_host_set_attr(cl, h, CL_ATTR_CPU_ARCH, arch);
		for (int k = 0; k < in->nattrs; k++)
			cl_host_set_attr(cl, h, ids[k], vals[k]);
		if (in->provider >= 0)
			cl_host_set_attr(cl, h, cl_attr_find(cl, CP_ATTR),
					 cl_attr_value(cl, cl_attr_find(cl, CP_ATTR),
						       sc->providers[in->provider]));
	}
	free(vals);
	free(ids);
}

static void build_cluster(sim *s)
{
	const scenario *sc = s->sc;
	cl_cluster *cl = &s->cl;
	int64_t rr = 0;

	cl_init(cl);
	{
		/* managed groups get their maxSize hosts, the others their count */
		int64_t nh = 0;
		for (int i = 0; i < sc->ninstances; i++)
			if (!managed(sc, i))
				nh += sc->instances[i].count;
		for (int g = 0; g < sc->nasgs; g++)
			nh += sc->asgs[g].max_size;
		s->spot = xcalloc((size_t)nh + 1, sizeof(*s->spot));
	}
	for (int i = 0; i < sc->ninstances; i++)
		for (int k = 0; k < sc->instances[i].nattrs; k++)
			cl_attr_id(cl, sc->instances[i].attrs[k].name);
	if (sc->nproviders) {
		/* hosts are partitioned by provider; every provider's value is
		 * known before the first host (and before any levels) */
		cl_set_part_attr(cl, cl_attr_id(cl, CP_ATTR));
		for (int p = 0; p < sc->nproviders; p++)
			cl_attr_value(cl, cl->part_attr, sc->providers[p]);
	}
	for (int z = 0; z < sc->nzones; z++)
		cl_attr_value(cl, CL_ATTR_ZONE, sc->zones[z]);
	for (int t = 0; t < sc->ntypes; t++)
		cl_attr_value(cl, CL_ATTR_INSTANCE_TYPE, sc->types[t].name);
	cl->nreserved_ports = sc->nreserved_ports;
	cl->reserved_ports = xmalloc((size_t)sc->nreserved_ports * sizeof(uint16_t) + 1);
	memcpy(cl->reserved_ports, sc->reserved_ports, (size_t)sc->nreserved_ports * sizeof(uint16_t));

	for (int i = 0; i < sc->ninstances; i++)
		if (!managed(sc, i))
			add_instances(s, &sc->instances[i], sc->instances[i].count, &rr);
	s->base_hosts = cl->nhosts;
	/* Managed Auto Scaling groups after the base hosts (they never fail at
	 * random): maxSize hosts each, those beyond the size at time 0 DOWN. */
	s->nasgs = sc->nasgs;
	s->asgs = xcalloc((size_t)sc->nasgs + 1, sizeof(*s->asgs));
	for (int g = 0; g < sc->nasgs; g++) {
		sim_asg *a = &s->asgs[g];
		const sc_instances *in = &sc->instances[sc->asgs[g].group];
		int64_t grr = 0;
		a->sc = &sc->asgs[g];
		a->first = cl->nhosts;
		a->n = (int32_t)a->sc->max_size;
		add_instances(s, in, a->sc->max_size, &grr);
		for (int32_t h = a->first + (int32_t)in->count; h < a->first + a->n; h++)
			cl_set_state(cl, h, CL_DOWN);
		a->launch_ev = xcalloc((size_t)a->n + 1, sizeof(*a->launch_ev));
		a->launch = rng_stream_new(s->seed, "instance-launch", (uint64_t)g);
	}
	/* Instance-hours by instance type and purchase option (cost). */
	s->nclass = 2 * sc->ntypes;
	s->class_total = xcalloc((size_t)s->nclass + 1, sizeof(*s->class_total));
	s->class_up = xcalloc((size_t)s->nclass + 1, sizeof(*s->class_up));
	s->class_hours = xcalloc((size_t)s->nclass + 1, sizeof(*s->class_hours));
	s->class_last = xcalloc((size_t)s->nclass + 1, sizeof(*s->class_last));
	for (int32_t h = 0; h < cl->nhosts; h++) {
		s->class_total[cl->hosts[h].type * 2 + s->spot[h]]++;
		if (cl->hosts[h].state != CL_DOWN)
			s->class_up[cl->hosts[h].type * 2 + s->spot[h]]++;
	}
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
	s->eng.interrupt = o ? o->stop : NULL;
	s->ws.stop = o ? o->stop : NULL;
	build_cluster(s);
	if (open_traces(s, o, e) < 0)
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
		if (build_req(s, &v->req, &v->member_of, v->sc->taskdef, &v->sc->place, v->group,
			      e) < 0 ||
		    build_chain(s, &v->chain, &v->sc->place, 1, o, e) < 0)
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
		if (build_req(s, &d->req, &d->member_of, sd->taskdef, &sc->services[sd->svc].place,
			      s->svcs[sd->svc].group, e) < 0)
			return -1;
	}
	s->nwls = sc->nworkloads;
	s->wls = xcalloc((size_t)sc->nworkloads, sizeof(*s->wls));
	for (int i = 0; i < sc->nworkloads; i++) {
		sim_workload *w = &s->wls[i];
		w->sc = &sc->workloads[i];
		w->group = cl_group_id(&s->cl, w->sc->group);
		if (build_req(s, &w->req, &w->member_of, w->sc->taskdef, &w->sc->place, w->group,
			      e) < 0 ||
		    build_chain(s, &w->chain, &w->sc->place, 0, o, e) < 0)
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
	eng_schedule(&s->eng, &s->sample_ev, 0, sample);
	/* Daemon services place first (ECS), then replica services. */
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			eng_schedule(&s->eng, &s->svcs[i].ev, 0, reconcile);
	for (int i = 0; i < s->nsvcs; i++) {
		if (!s->svcs[i].sc->daemon)
			eng_schedule(&s->eng, &s->svcs[i].ev, 0, reconcile);
		if (s->svcs[i].sc->nchanges)
			eng_schedule(&s->eng, &s->svcs[i].change_ev, s->svcs[i].sc->changes[0].at,
				     desired_change);
		if (s->svcs[i].sc->as.ntt || s->svcs[i].sc->as.nsp)
			eng_schedule(&s->eng, &s->svcs[i].as_ev, AS_PERIOD, as_tick);
		if (s->svcs[i].sc->as.nsched)
			eng_schedule(&s->eng, &s->svcs[i].sched_ev, s->svcs[i].sc->as.sched[0].at,
				     as_scheduled);
	}
	for (int g = 0; g < s->nasgs; g++)
		eng_schedule(&s->eng, &s->asgs[g].tick, AS_PERIOD, asg_tick);
	if (sc->ndrains)
		eng_schedule(&s->eng, &s->drain_ev, sc->drains[0].at, drain_start);
	if (sc->ndeployments)
		eng_schedule(&s->eng, &s->deploy_ev, sc->deployments[0].at, deployment_event);
	for (int i = 0; i < s->nwls; i++)
		schedule_arrival(s, &s->wls[i]);
	if (start_traces(s, o, e) < 0)
		return -1;
	start_failures(s);
	return 0;
}

/* ---- running ----------------------------------------------------------- */

/* What the service keeps about its task list is right: the tasks of other
 * generations are counted right and are the ones from old_head on
 * (deploy_replace starts there), and FARGATE's per-zone counts hold. */
static int check_service_counts(const sim *s, const sim_service *v, char *buf, size_t n)
{
	int64_t active = 0, healthy = 0, live[SC_MAX_ZONES + 1] = { 0 };
	int64_t stop[SC_MAX_ZONES + 1] = { 0 };
	int old = v->old_head == NULL;

	for (const sim_task *t = v->tasks; t; t = t->snext) {
		if (t->fargate && t->state <= SIM_RUNNING)
			live[t->zone]++;
		if (t->fargate && t->state == SIM_RUNNING && t->gen == v->gen)
			stop[t->zone]++;
		old |= t == v->old_head;
		if (t->gen != v->gen && !old) {
			snprintf(buf, n, "task %lld of generation %d comes before old_head",
				 (long long)t->id, t->gen);
			return -1;
		}
		if (t->gen != v->gen && t->state <= SIM_RUNNING)
			active++;
		if (t->gen != v->gen && t->state == SIM_RUNNING && t->healthy)
			healthy++;
	}
	if (!old || active != v->old_active || healthy != v->old_healthy) {
		snprintf(buf, n, "old tasks: %lld active, %lld healthy; counted %lld and %lld%s",
			 (long long)active, (long long)healthy, (long long)v->old_active,
			 (long long)v->old_healthy, old ? "" : "; old_head is not in the list");
		return -1;
	}
	for (int i = 0; i < v->sc->ncps; i++) {
		int64_t c = 0;
		for (const sim_task *t = v->tasks; t; t = t->snext)
			c += cp_counted(v, t) && t->cp == i;
		if (c != v->cp_n[i]) {
			snprintf(buf, n, "capacityProviderStrategy[%d] has %lld tasks, not %lld", i,
				 (long long)c, (long long)v->cp_n[i]);
			return -1;
		}
	}
	for (int z = 0; z < s->sc->nzones; z++)
		if (live[z] != v->zone_live[z] || stop[z] != v->zone_stoppable[z]) {
			snprintf(buf, n, "zone %s has %lld starting or RUNNING FARGATE tasks and %lld "
				 "stoppable, not %lld and %lld", s->sc->zones[z], (long long)live[z],
				 (long long)stop[z], (long long)v->zone_live[z],
				 (long long)v->zone_stoppable[z]);
			return -1;
		}
	return 0;
}

int sim_check(sim *s, ecs_err *e)
{
	char buf[600];
	int64_t open = s->st.placed - s->st.completed - s->st.killed - s->st.stopped;

	if (s->eng.now < s->last_event_time)
		return err_set(e, "check failed at t=%.6fs (event %llu): time went back from "
			       "%.6fs", us_to_s(s->eng.now), (unsigned long long)s->eng.executed,
			       us_to_s(s->last_event_time));
	s->last_event_time = s->eng.now;
	if (cl_check_invariants(&s->cl, buf, sizeof(buf)) < 0)
		return err_set(e, "check failed at t=%.6fs (event %llu): %s", us_to_s(s->eng.now),
			       (unsigned long long)s->eng.executed, buf);
	for (int i = 0; i < s->nsvcs; i++) {
		const sim_service *v = &s->svcs[i];
		if (v->pending < 0 || v->running < 0 || v->stopping < 0 || v->healthy < 0 ||
		    v->healthy > v->running)
			return err_set(e, "check failed at t=%.6fs (event %llu): service %s counts "
				       "pending %lld, running %lld, healthy %lld, stopping %lld",
				       us_to_s(s->eng.now), (unsigned long long)s->eng.executed,
				       v->sc->name, (long long)v->pending, (long long)v->running,
				       (long long)v->healthy, (long long)v->stopping);
		if (check_service_counts(s, v, buf, sizeof(buf)) < 0)
			return err_set(e, "check failed at t=%.6fs (event %llu): service %s: %s",
				       us_to_s(s->eng.now), (unsigned long long)s->eng.executed,
				       v->sc->name, buf);
	}
	if (s->st.submitted != s->st.placed + s->st.rejected ||
	    open != s->cl.tasks_running + s->fargate_tasks)
		return err_set(e, "check failed at t=%.6fs (event %llu): tasks not accounted for: "
			       "submitted %lld, placed %lld, rejected %lld, completed %lld, "
			       "killed %lld, stopped %lld, on hosts %d", us_to_s(s->eng.now),
			       (unsigned long long)s->eng.executed, (long long)s->st.submitted,
			       (long long)s->st.placed, (long long)s->st.rejected,
			       (long long)s->st.completed, (long long)s->st.killed,
			       (long long)s->st.stopped, s->cl.tasks_running);
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
	accumulate(s);
	for (int i = 0; i < s->nsvcs; i++)
		svc_accumulate(s, &s->svcs[i]);
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
				report(s, t, SIM_END_RUNNING, NULL);
			}
	}
	for (int32_t h = 0; s->obs.task_done && h < s->cl.nhosts; h++)
		for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext)
			report(s, ENG_CONTAINER_OF(ct, sim_task, ct), SIM_END_RUNNING, NULL);
}

/* Frees a request's compiled memberOf list (NULL is fine). */
static void free_member_of(struct qry **mo, int n)
{
	for (int k = 0; mo && k < n; k++)
		qry_free(mo[k]);
	free(mo);
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
		free_member_of(s->svcs[i].member_of, s->svcs[i].req.nmember_of);
		free(s->svcs[i].above);
		free(s->svcs[i].below);
		free(s->svcs[i].sp_breach);
		free(s->svcs[i].sp_last);
	}
	for (int i = 0; i < s->nwls; i++) {
		st_chain_destroy(&s->wls[i].chain);
		free_member_of(s->wls[i].member_of, s->wls[i].req.nmember_of);
		gsl_rng_free(s->wls[i].arrivals);
		gsl_rng_free(s->wls[i].durations);
		gsl_rng_free(s->wls[i].sizes);
	}
	free(s->svcs);
	free(s->wls);
	for (int i = 0; i < s->ntrs; i++) {
		st_chain_destroy(&s->trs[i].chain);
		free_member_of(s->trs[i].member_of, s->trs[i].req.nmember_of);
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
		free_member_of(s->deps[k].member_of, s->deps[k].req.nmember_of);
	free(s->deps);
	place_ws_destroy(&s->ws);
	cl_destroy(&s->cl);
	pool_destroy(&s->tasks);
	pool_destroy(&s->svc_tasks);
	*s = (sim){ 0 };
}
