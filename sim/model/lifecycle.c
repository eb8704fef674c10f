/* lifecycle.c - the ECS lifecycle of a service task (see lifecycle.h). */
#include "model.h"
#include "lifecycle.h"
#include "metrics.h"
#include "fargate.h"
#include "task.h"
#include "capacity.h"

#include <stdio.h>

static void life_step(eng *e, eng_event *ev);
static const char *stop_code(enum sim_end why);
static void stop_text(const sim *s, const sim_task *t, char *buf, size_t n);

void life_link(sim_service *v, sim_task *t)
{
	t->sprev = NULL;
	t->snext = v->tasks;
	if (v->tasks)
		v->tasks->sprev = t;
	v->tasks = t;
}

static void unlink_task(sim_service *v, sim_task *t)
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

int life_cp_counted(const sim_service *v, const sim_task *t)
{
	return t->cp >= 0 && t->state <= SIM_RUNNING && t->gen == v->gen && !t->drained;
}

void life_undrain(sim_service *v, sim_task *t)
{
	if (t->drained) {
		t->drained = 0;
		v->drained--;
		v->cp_n[t->cp >= 0 ? t->cp : 0] += life_cp_counted(v, t);
	}
	if (t->moving) {
		t->moving = 0;
		v->moving--;
	}
}

void life_drain(sim_service *v, sim_task *t, int moving)
{
	if (t->cp >= 0)
		v->cp_n[t->cp]--; /* cp_counted until now */
	t->drained = 1;
	v->drained++;
	if (moving) {
		t->moving = 1;
		v->moving++;
	}
}

/* Moves t to state st, keeping the service's counts by state. */
void life_set_state(sim_service *v, sim_task *t, enum sim_state st)
{
	for (int sign = -1; sign <= 1; sign += 2) {
		if (t->fargate && t->state <= SIM_RUNNING)
			v->zone_live[t->zone] += sign;
		if (t->fargate && t->state == SIM_RUNNING && t->gen == v->gen)
			v->zone_stoppable[t->zone] += sign;
		if (life_cp_counted(v, t))
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

static void life_stopped(sim *s, sim_service *v, sim_task *t)
{
	life_set_state(v, t, SIM_STOPPED);
	unlink_task(v, t);
	sim_service_changed(s, v);
	s->st.stopped++;
	int32_t h = t->ct.host;

	if (s->obs.task_done) {
		char text[128];
		stop_text(s, t, text, sizeof(text));
		sim_report_task(s, t, (enum sim_end)t->stop_why, NULL,
				stop_code((enum sim_end)t->stop_why), text);
	}
	if (t->fargate)
		fargate_release(s, t);
	else
		cl_unplace(&s->cl, &t->ct);
	task_free(s, t);
	SIM_HOOK(s, service_task_gone, v, h);
	/* Freed resources: services that found no host try again now, and
	 * a rolling replacement may take the next step. */
	if (v->deploying || v->drained)
		sim_service_wake_now(s, v);
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].waiting_capacity)
			sim_service_wake_now(s, &s->svcs[i]);
}

/* Health is decided at RUNNING from the task's checks: the 40-second rule
 * without any, else the slowest check to pass (container checks, load-
 * balancer target health) for a good task, or the first to fail, not
 * before the grace period ends, for a task that never becomes healthy. */
static void life_start_health(sim *s, sim_service *v, sim_task *t)
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

void life_schedule_running(sim *s, sim_task *t)
{
	const sim_svc_task *st = sim_svc_task_of(t);
	int64_t at = st->health_at;

	if (st->crash >= 0 && (at < 0 || st->crash <= at))
		at = st->crash;
	if (at >= 0)
		eng_schedule(&s->eng, &t->ev, at, life_step);
}

void life_enter(sim *s, sim_service *v, sim_task *t, enum sim_state st)
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
			life_set_state(v, t, st);
			life_start_health(s, v, t);
			life_schedule_running(s, t);
			SIM_HOOK(s, task_running, v, t);
			sim_service_changed(s, v);
			return;
		/* FARGATE_SPOT: the two-minute warning, then the task is gone,
		 * whatever the deregistration delay (no ENI detach after) */
		case SIM_DEACTIVATING:
			d = t->registered && t->stop_why != SIM_END_SPOT ?
			    v->sc->tg.deregistration_delay : -1;
			break;
		case SIM_STOPPING:
			d = t->stop_why == SIM_END_SPOT ? s->sc->failures.fargate_spot_warning :
			    t->started ? td->stop_timeout : -1;
			break;
		case SIM_DEPROVISIONING:
			d = td->awsvpc && t->stop_why != SIM_END_SPOT ? life->d_detach : -1;
			break;
		case SIM_STOPPED:
			life_stopped(s, v, t);
			return;
		}
		if (d >= 0) {
			life_set_state(v, t, st);
			sim_service_changed(s, v);
			eng_schedule(&s->eng, &t->ev, s->eng.now + d, life_step);
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
	/* ECS's service event, with the wait ECS does not print */
	snprintf(d, sizeof(d), "(service %s) is unable to consistently start tasks successfully. "
		 "(next launch in %.6g s)", v->sc->name, us_to_s(v->backoff));
	sim_service_event(s, v, "throttled", d);
}

/* ECS's stopCode of a service task that stopped for why (TaskStopCode in
 * the ECS API reference). */
static const char *stop_code(enum sim_end why)
{
	switch (why) {
	case SIM_END_START_FAILURE:
	case SIM_END_CAPACITY_TIMEOUT: return "TaskFailedToStart";
	case SIM_END_EXITED: return "EssentialContainerExited";
	case SIM_END_SPOT: return "TerminationNotice"; /* FARGATE_SPOT's two-minute warning */
	default: return "ServiceSchedulerInitiated";
	}
}

/* Its stoppedReason: ECS's words where ECS documents them ("Essential
 * container in task exited", "Task failed ELB health checks", "Your Spot
 * Task was interrupted."), else ecsim's. */
static void stop_text(const sim *s, const sim_task *t, char *buf, size_t n)
{
	const sim_svc_task *st = sim_svc_task_of((sim_task *)t);
	char id[24];

	switch ((enum sim_end)t->stop_why) {
	case SIM_END_START_FAILURE:
		snprintf(buf, n, "Task failed to start (essential container exited)");
		break;
	case SIM_END_UNHEALTHY:
		snprintf(buf, n, "%s", st->stop_arg ? "Task failed ELB health checks"
						    : "Task failed container health checks");
		break;
	case SIM_END_SCALED_IN:
		snprintf(buf, n, "Scaling activity initiated by a desired count change");
		break;
	case SIM_END_DRAINED:
		cl_host_instance_id(t->ct.host, id);
		snprintf(buf, n, "Container instance %s is draining", id);
		break;
	case SIM_END_REPLACED:
		snprintf(buf, n, "Task replaced by the deployment of %s:%d",
			 s->sc->taskdefs[st->stop_arg].family, s->sc->taskdefs[st->stop_arg].revision);
		break;
	case SIM_END_SPOT:
		snprintf(buf, n, "Your Spot Task was interrupted.");
		break;
	case SIM_END_CAPACITY_TIMEOUT:
		snprintf(buf, n, "Timed out waiting for capacity (PROVISIONING)");
		break;
	case SIM_END_REBALANCED:
		snprintf(buf, n, "Task stopped for Availability Zone rebalancing (zone %s)",
			 s->sc->zones[t->fargate ? t->zone : s->cl.hosts[t->ct.host].zone]);
		break;
	default:
		snprintf(buf, n, "Essential container in task exited");
		break;
	}
}

void life_stop(sim *s, sim_service *v, sim_task *t, enum sim_end why, int32_t arg)
{
	/* The circuit breaker counts tasks of the deployment that never ran,
	 * failed their health checks, or exited before they were healthy. */
	int failed = v->deploying && t->gen == v->gen &&
		     (why == SIM_END_START_FAILURE || why == SIM_END_UNHEALTHY ||
		      (why == SIM_END_EXITED && !t->healthy));
	char d[160], text[128];

	if (t->waiting) {
		life_drop_waiting(s, v, t, why);
		return;
	}
	t->stop_why = (uint8_t)why;
	sim_svc_task_of(t)->stop_arg = arg;
	sim_svc_task_of(t)->stop_protected = (uint8_t)sim_task_protected(t, s->eng.now);
	eng_cancel(&s->eng, &sim_svc_task_of(t)->pev);
	stop_text(s, t, text, sizeof(text));
	snprintf(d, sizeof(d), "task %lld (%s): %s", (long long)t->id,
		 sim_state_name(t->state), text);
	sim_service_event(s, v, "task-stopped", d);
	eng_cancel(&s->eng, &t->ev);
	life_undrain(v, t);
	/* A task winding down no longer counts for its service's spread,
	 * distinctInstance or scale-in (it keeps its resources). */
	if (!t->fargate)
		cl_regroup(&s->cl, &t->ct, s->life->stopping_group);
	switch (why) {
	case SIM_END_START_FAILURE: v->failed_starts++; break;
	case SIM_END_UNHEALTHY: v->unhealthy_stops++; break;
	case SIM_END_SCALED_IN: v->scaled_in++; break;
	case SIM_END_DRAINED: v->moved_off_draining++; break;
	case SIM_END_REPLACED: v->replaced++; break;
	case SIM_END_SPOT: v->spot_interrupted++; break;
	case SIM_END_REBALANCED: v->rebalanced++; break;
	default: v->exits++; break;
	}
	if (why == SIM_END_START_FAILURE)
		throttle_grow(s, v, t);
	sim_service_wake_now(s, v);
	life_enter(s, v, t, SIM_DEACTIVATING);
	SIM_HOOK(s, task_stopping, v, t, why, failed);
}

void life_drop_waiting(sim *s, sim_service *v, sim_task *t, enum sim_end why)
{
	int failed = why == SIM_END_CAPACITY_TIMEOUT && v->deploying && t->gen == v->gen;
	char d[200], text[128];

	if (t->waiting)
		cp_unwait(s, t, 0);
	t->stop_why = (uint8_t)why;
	stop_text(s, t, text, sizeof(text));
	snprintf(d, sizeof(d), "task %lld (PROVISIONING): %s", (long long)t->id, text);
	sim_service_event(s, v, "task-stopped", d);
	life_set_state(v, t, SIM_STOPPED);
	unlink_task(v, t);
	sim_report_task(s, t, why, NULL, stop_code(why), text);
	SIM_HOOK(s, task_stopping, v, t, why, failed);
	task_free(s, t);
	sim_service_changed(s, v);
	sim_service_wake_now(s, v);
}

static void life_step(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_task *t = ENG_CONTAINER_OF(ev, sim_task, ev);
	sim_service *v = &s->svcs[t->svc];

	metrics_service(s, v);
	switch ((enum sim_state)t->state) {
	case SIM_PENDING:
		if (t->fails_start) {
			life_stop(s, v, t, SIM_END_START_FAILURE, 0);
			return;
		}
		life_enter(s, v, t, SIM_ACTIVATING);
		return;
	case SIM_RUNNING:
		if (sim_svc_task_of(t)->crash == e->now) {
			life_stop(s, v, t, SIM_END_EXITED, 0);
		} else if (t->never_healthy) {
			const sc_taskdef *td = &s->sc->taskdefs[t->td];
			int lb_first = v->sc->lb && (!td->hc_given ||
				v->sc->tg.unhealthy_threshold * v->sc->tg.interval <
				td->hc_unhealthy_after);
			life_stop(s, v, t, SIM_END_UNHEALTHY, lb_first);
		} else {
			life_set_state(v, t, SIM_STOPPED); /* uncount, then count as healthy */
			t->healthy = 1;
			life_set_state(v, t, SIM_RUNNING);
			sim_svc_task_of(t)->health_at = -1;
			sim_service_changed(s, v);
			life_schedule_running(s, t);
			/* a replacement turned healthy: more old or drained
			 * tasks may go */
			if (v->drained > 0 || v->deploying)
				sim_service_wake_now(s, v);
		}
		return;
	default:
		life_enter(s, v, t, (enum sim_state)(t->state + 1));
		return;
	}
}

/* Draws every random time and fate of a new task at once, from the
 * service's own streams, so that they do not depend on what else happens. */
void life_draw(sim *s, sim_service *v, sim_task *t)
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

/* A service task died with its host (task_kill_all): it leaves its
 * service at once, which replaces it. */
static void life_task_ended(sim *s, sim_task *t, enum sim_end why, int32_t h)
{
	sim_service *v;
	char d[96], id[24];

	if (t->svc < 0 || why != SIM_END_HOST_FAILURE)
		return;
	v = &s->svcs[t->svc];
	metrics_service(s, v);
	eng_cancel(&s->eng, &sim_svc_task_of(t)->pev);
	cl_host_instance_id(h, id);
	snprintf(d, sizeof(d), "task %lld (%s): host %s failed", (long long)t->id,
		 sim_state_name(t->state), id);
	sim_service_event(s, v, "task-stopped", d);
	life_undrain(v, t);
	life_set_state(v, t, SIM_STOPPED);
	unlink_task(v, t);
	sim_service_changed(s, v);
	sim_service_wake_now(s, v);
}

/* Zone z is out: every FARGATE task there dies at once (stopCode
 * InfrastructureHealth, as a task of a failed instance) and leaves its
 * service, which replaces it in a zone that is not out (fargate_place). */
void life_kill_zone(sim *s, int32_t z)
{
	for (int i = 0; i < s->nsvcs; i++) {
		sim_service *v = &s->svcs[i];
		sim_task *t, *next;
		int n = 0;
		if (!v->sc->fargate)
			continue;
		metrics_service(s, v);
		for (t = v->tasks; t; t = next) {
			char d[160], why[96];
			next = t->snext;
			if (!t->fargate || t->zone != z)
				continue;
			snprintf(why, sizeof(why), "Availability Zone %s is out", s->sc->zones[z]);
			snprintf(d, sizeof(d), "task %lld (%s): %s", (long long)t->id,
				 sim_state_name(t->state), why);
			sim_service_event(s, v, "task-stopped", d);
			eng_cancel(&s->eng, &t->ev);
			eng_cancel(&s->eng, &sim_svc_task_of(t)->pev);
			s->st.killed++;
			if (s->obs.task_done)
				sim_report_task(s, t, SIM_END_HOST_FAILURE, NULL, "InfrastructureHealth",
						why);
			life_undrain(v, t);
			life_set_state(v, t, SIM_STOPPED);
			unlink_task(v, t);
			fargate_release(s, t);
			task_free(s, t);
			n++;
		}
		if (n) {
			sim_service_changed(s, v);
			sim_service_wake_now(s, v);
		}
	}
}

/* Services need per-host counts of their tasks (scale-in, spread by
 * instance); standalone workloads alone do not pay for them. */
static int life_init(sim *s, const sim_opts *o, ecs_err *e)
{
	if (s->sc->nservices)
		cl_track_group_hosts(&s->cl);
	s->life->stopping_group = cl_group_id(&s->cl, "ecsim:stopping");
	return 0;
}

static void lifecycle_create(sim *s)
{
	s->life = xcalloc(1, sizeof(*s->life));
}

static void lifecycle_destroy(sim *s)
{
	free(s->life);
}

const sim_module lifecycle_module = {
	.name = "lifecycle",
	.create = lifecycle_create,
	.destroy = lifecycle_destroy,
	.init = life_init,
	.task_ended = life_task_ended,
};
