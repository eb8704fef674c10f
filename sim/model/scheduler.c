/* scheduler.c - the ECS service scheduler (see scheduler.h). */
#include "model.h"
#include "scheduler.h"
#include "metrics.h"
#include "fargate.h"
#include "task.h"
#include "capacity.h"
#include "lifecycle.h"
#include "protection.h"
#include "setup.h"
#include "demand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cluster/hostindex.h"
#include "sim/engine/rng.h"
#include "strategies/query.h"
#include "strategies/scalein.h"

void sched_reset_throttle(sim *s, sim_service *v)
{
	v->backoff = 0;
	v->throttle_until = 0;
	v->throttle_mark = v->launches;
	sim_service_wake_now(s, v);
}

/* ECS's per-service launch rate as a token bucket (GCRA): bursts of up to
 * launchesPerMinute, then one every 60 s / launchesPerMinute. */
static int32_t sched_launch_rate(const sim *s, const sim_service *v)
{
	return v->sc->fargate ? s->sc->launch_rate_fargate : s->sc->launch_rate;
}

static int64_t sched_launch_interval(const sim *s, const sim_service *v)
{
	return 60 * USEC_PER_SEC / sched_launch_rate(s, v);
}

/* What sched_stoppable asks about. */
typedef struct sched_pick {
	const sim_service *v;
	int64_t now;
	int held;                  /* a protected task was passed over */
} sched_pick;

/* Tasks of v that scale-in may stop with scalein_choose: RUNNING, not
 * waiting to leave a draining instance, not protected from scale-in. */
static int sched_stoppable(const cl_task *ct, void *ctx)
{
	const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
	sched_pick *p = ctx;

	if (t->state != SIM_RUNNING || t->drained || t->gen != p->v->gen)
		return 0;
	if (sim_task_protected(t, p->now)) {
		p->held = 1;
		return 0;
	}
	return 1;
}

/* The task a scale-in stops: one not yet RUNNING (newest first), then an
 * unhealthy one, then the one the placement strategy's scale-in rule picks
 * (strategies/scalein.h).  The order of the first two is an assumption:
 * ECS documents only the strategy's rule. */
static sim_task *sched_pick_to_stop(sim *s, sim_service *v)
{
	sched_pick pick = { .v = v, .now = s->eng.now };
	cl_task *ct;

	/* (the counts say when there is no such task, sparing a walk of
	 * every task of a large service on each stop) */
	for (sim_task *t = v->pending ? v->tasks : NULL; t; t = t->snext)
		if (t->state < SIM_RUNNING && t->gen == v->gen)
			return t;
	for (sim_task *t = v->running > v->healthy ? v->tasks : NULL; t; t = t->snext)
		if (t->state == SIM_RUNNING && !t->healthy && !t->drained && t->gen == v->gen &&
		    !sim_task_protected(t, s->eng.now))
			return t;
	if (v->sc->fargate) {
		/* keep the zones balanced: the newest task of the fullest zone
		 * (zone_stoppable counts RUNNING current tasks, moving or not) */
		const int64_t *n = v->zone_stoppable;
		int32_t best = 0;
		for (int z = 1; z < s->sc->nzones; z++)
			if (n[z] > n[best])
				best = z;
		for (sim_task *t = v->tasks; t; t = t->snext)
			if (t->zone == best && sched_stoppable(&t->ct, &pick))
				return t;
		/* (the zone's RUNNING tasks are all moving zone or protected) */
		for (sim_task *t = v->tasks; t; t = t->snext)
			if (sched_stoppable(&t->ct, &pick))
				return t;
		if (pick.held)
			prot_held_up(s, v);
		return NULL;
	}
	ct = scalein_choose_if(&s->cl, v->group, &v->chain, s->sched->scalein, sched_stoppable,
			       &pick);
	if (err_isset(&s->err)) /* a strategy misbehaved (chain->fault) */
		eng_stop(&s->eng);
	if (!ct && pick.held)
		prot_held_up(s, v);
	return ct ? ENG_CONTAINER_OF(ct, sim_task, ct) : NULL;
}

/* Tasks of the current deployment that are to stay: starting or RUNNING,
 * not waiting to leave a draining instance. */
static int64_t sched_current(const sim_service *v)
{
	return sim_service_active(v) - v->old_active - v->drained;
}

/* Current tasks on ACTIVE instances beyond desiredCount are stopped. */
static void sched_scale_in(sim *s, sim_service *v)
{
	while (sched_current(v) > v->desired) {
		sim_task *t = sched_pick_to_stop(s, v);
		if (!t)
			return;
		life_stop(s, v, t, SIM_END_SCALED_IN, 0);
	}
}

/* Rolling bounds (ECS): at most floor(desired x maximumPercent / 100)
 * tasks RUNNING, starting or stopping; at least ceil(desired x
 * minimumHealthyPercent / 100) healthy. */
static int64_t sched_upper_bound(const sim_service *v)
{
	return v->desired * v->sc->max_pct / 100;
}

int64_t sched_lower_bound(const sim_service *v)
{
	return (v->desired * v->sc->min_healthy_pct + 99) / 100;
}

/* The zone of a task on a host or on FARGATE. */
static int32_t sched_task_zone(const sim *s, const sim_task *t)
{
	return t->fargate ? t->zone : s->cl.hosts[t->ct.host].zone;
}

/* RUNNING tasks to replace (on draining instances, or moving zone) are
 * stopped while the healthy count stays at or above the lower bound; an
 * unhealthy one may always go. */
static void sched_drain_replace(sim *s, sim_service *v)
{
	sim_task *t = v->tasks, *next;

	for (; t && v->drained > 0; t = next) {
		next = t->snext;
		if (!t->drained || (t->healthy && v->healthy - 1 < sched_lower_bound(v)))
			continue;
		if (t->moving) {
			char d[300];
			snprintf(d, sizeof(d), "%s has stopped 1 running tasks in Availability Zone "
				 "%s due to AZ rebalancing: %lld.", v->sc->name,
				 s->sc->zones[sched_task_zone(s, t)], (long long)t->id);
			sim_service_event(s, v, "rebalancing-tasks-stopped", d);
		}
		v->rebal_below += t->moving && t->healthy && v->healthy - 1 < sched_lower_bound(v);
		life_stop(s, v, t, t->moving ? SIM_END_REBALANCED : SIM_END_DRAINED, 0);
	}
}

void sched_cancel_moves(sim *s, sim_service *v)
{
	for (sim_task *t = v->moving ? v->tasks : NULL; t; t = t->snext)
		if (t->moving)
			life_undrain(v, t);
	for (int z = 0; v->zone_want && z < s->sc->nzones; z++)
		v->zone_want[z] = 0;
	sim_service_wake_now(s, v);
}

/* The zone AZ rebalancing wants the next task in: the one with the most
 * replacements still to start (the first on a tie), -1 for none. */
static int32_t sched_move_zone(const sim *s, const sim_service *v)
{
	int32_t best = -1;

	for (int32_t z = 0; v->zone_want && z < s->sc->nzones; z++)
		if (v->zone_want[z] > 0 && (best < 0 || v->zone_want[z] > v->zone_want[best]))
			best = z;
	return best;
}

/* Places an EC2 task of v in zone z only: the service's memberOf
 * constraints and "attribute:ecs.availability-zone == z". */
static int sched_place_in_zone(sim *s, sim_service *v, sim_task *t, int32_t z,
			       enum cl_check *why)
{
	const struct qry *mo[SC_MAX_CONSTRAINTS + 1];
	cl_req r = t->ct.req;
	int rc;

	if (!s->sched->zone_q[z]) {
		char expr[600];
		ecs_err e = { 0 };
		snprintf(expr, sizeof(expr), "attribute:ecs.availability-zone == \"%s\"",
			 s->sc->zones[z]);
		if (qry_parse(&s->sched->zone_q[z], expr, &s->cl, &e) < 0) {
			/* a zone name the query language cannot quote */
			*why = CL_CHECK_MEMBER_OF;
			return -1;
		}
	}
	for (int k = 0; k < r.nmember_of; k++)
		mo[k] = r.member_of[k];
	mo[t->ct.req.nmember_of] = s->sched->zone_q[z];
	t->ct.req.member_of = mo;
	t->ct.req.nmember_of++;
	rc = cp_place(s, v, t, why);
	t->ct.req = r;
	/* the reason is the zone's, not the zone constraint's: what the first
	 * of its instances the service may use lacks */
	for (int32_t j = 0; rc < 0 && *why == CL_CHECK_MEMBER_OF &&
			    j < hix_zone_active(&s->cl.ix, z); j++) {
		int32_t h = hix_zone_select(&s->cl.ix, z, j);
		int ok = 1;
		for (int k = 0; ok && k < r.nmember_of; k++)
			ok = qry_eval(r.member_of[k], &s->cl, h);
		if (ok && cl_fit(&s->cl, h, &r) != CL_NCHECKS) {
			*why = cl_fit(&s->cl, h, &r);
			break;
		}
	}
	return rc;
}

/* A task that AZ rebalancing wanted in zone z found no room there: the
 * move is called off (ECS's SERVICE_TASK_PLACEMENT_FAILURE event, logged
 * once per run of failures, zone and reason); the next check tries again. */
static void sched_move_failed(sim *s, sim_service *v, int32_t z, enum cl_check why)
{
	char d[400];

	sched_cancel_moves(s, v);
	if (v->rebal_fail == z + 1 && v->rebal_fail_why == why)
		return;
	v->rebal_fail = z + 1;
	v->rebal_fail_why = why;
	if (v->sc->fargate)
		snprintf(d, sizeof(d), "service (%s) is unable to place a task in Availability "
			 "Zone %s.", v->sc->name, s->sc->zones[z]);
	else
		snprintf(d, sizeof(d), "service (%s) is unable to place a task in Availability "
			 "Zone %s because no container instance met all of its requirements "
			 "(%s).", v->sc->name, s->sc->zones[z], task_reason_name(why));
	sim_service_event(s, v, "unable-to-place", d);
}

/* Whether the service may launch one more task now.  Short of
 * desiredCount it launches at once, except during a deployment, when every
 * launch stays within the upper bound (tasks starting, RUNNING or stopping);
 * a replacement for a task on a draining instance too. */
static int sched_may_launch(const sim_service *v)
{
	int64_t total = sim_service_active(v) + v->stopping;

	if (v->launch_blocked || sched_current(v) >= v->desired)
		return 0;
	if (v->deploying && v->scale_up_all)
		return 1; /* BLUE_GREEN, LINEAR, CANARY: the new revision in full */
	return total < sched_upper_bound(v) || (!v->deploying && sim_service_active(v) < v->desired);
}

static void sched_unplaced(sim *s, sim_service *v, enum cl_check why, int32_t h)
{
	v->placement_failures++;
	if (!v->waiting_capacity || v->last_reason != why) {
		char d[400], id[24];
		if (v->sc->fargate) {
			snprintf(d, sizeof(d), "service %s was unable to place a task: every "
				 "Availability Zone is out", v->sc->name);
		} else if (h >= 0) {
			cl_host_instance_id(h, id);
			snprintf(d, sizeof(d), "service %s was unable to place a task on container "
				 "instance %s: %s", v->sc->name, id, task_reason_name(why));
		} else {
			snprintf(d, sizeof(d), "service %s was unable to place a task because no "
				 "container instance met all of its requirements: %s", v->sc->name,
				 task_reason_name(why));
		}
		sim_service_event(s, v, "unable-to-place", d);
	}
	v->last_reason = why;
	v->waiting_capacity = 1;
}

/* A warm start: the task is RUNNING and healthy at once, as if the service
 * had been running for a long time; only its crash time still applies. */
static void sched_start_warm(sim *s, sim_service *v, sim_task *t)
{
	sim_svc_task *st = sim_svc_task_of(t);

	t->fails_start = t->never_healthy = 0;
	t->started = 1;
	t->registered = (uint8_t)v->sc->lb;
	t->healthy = 1;
	life_set_state(v, t, SIM_RUNNING);
	st->health_at = -1;
	if (st->crash >= 0)
		st->crash += s->eng.now; /* from now on a time */
	life_schedule_running(s, t);
	SIM_HOOK(s, task_running, v, t);
	sim_service_changed(s, v);
}

/* Launches t (placed on its host) as a task of the current deployment;
 * warm: one of the service's initial tasks of a warm start (no lifecycle,
 * not counted by the launch rate). */
static void sched_launch(sim *s, sim_service *v, sim_task *t, int warm)
{
	int64_t T = sched_launch_interval(s, v);

	v->waiting_capacity = 0;
	if (!warm)
		v->tat = (v->tat > s->eng.now ? v->tat : s->eng.now) + T;
	t->launch_no = v->launches++;
	t->state = SIM_STOPPED;
	life_link(v, t);
	life_draw(s, v, t);
	if (warm)
		sched_start_warm(s, v, t);
	else
		life_enter(s, v, t, SIM_PROVISIONING);
}

/* t found no host on its managed Auto Scaling group (ECS with managed
 * scaling): it is launched and waits in PROVISIONING, on no host, for
 * the group's capacity (capacity.c); -1 when it cannot wait (another
 * provider, or the cluster's limit of waiting tasks). */
static int sched_wait(sim *s, sim_service *v, sim_task *t, enum cl_check why, int warm)
{
	if (t->cp < 0 || v->sc->cps[t->cp].kind != SC_CP_ASG || s->over_limit ||
	    cp_wait(s, t, v->sc->cps[t->cp].provider) < 0)
		return -1;
	sched_unplaced(s, v, why, -1);
	if (!warm)
		v->tat = (v->tat > s->eng.now ? v->tat : s->eng.now) + sched_launch_interval(s, v);
	t->launch_no = v->launches++;
	t->state = SIM_STOPPED;
	life_link(v, t);
	life_draw(s, v, t);
	life_set_state(v, t, SIM_PROVISIONING);
	return 0;
}

/* A task of v waiting for capacity: placed when there is room, then on
 * through its lifecycle; or it gave up at the provisioning timeout. */
static void sched_capacity_wait(sim *s, sim_task *t, int timed_out)
{
	sim_service *v;
	enum cl_check why;
	int rc;

	if (t->svc < 0)
		return;
	v = &s->svcs[t->svc];
	metrics_service(s, v);
	if (timed_out) {
		life_drop_waiting(s, v, t, SIM_END_CAPACITY_TIMEOUT);
		return;
	}
	t->ct.req.part = s->capacity->part[v->index][t->cp];
	rc = task_place_waiting(s, t, &v->chain, &why);
	t->ct.req.part = 0;
	if (rc < 0)
		return;
	cp_unwait(s, t, 1);
	life_enter(s, v, t, SIM_PROVISIONING);
	sim_service_changed(s, v);
}

/* A daemon service may run on h: ACTIVE and its memberOf constraints hold. */
static int sched_daemon_host(const sim *s, const cl_req *r, int32_t h)
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
static void sched_daemon_reconcile(sim *s, sim_service *v)
{
	const cl_req *r = &v->req_now;
	int64_t T = sched_launch_interval(s, v), tau = (int64_t)(sched_launch_rate(s, v) - 1) * T, n = 0;
	int failed = 0, warm = v->warm;

	for (int32_t h = 0; h < s->cl.nhosts; h++)
		n += sched_daemon_host(s, r, h);
	v->desired = n;
	v->warm = 0;
	SIM_HOOK(s, replace, v);
	for (int32_t h = 0; h < s->cl.nhosts && !v->launch_blocked; h++) {
		enum cl_check why;
		sim_task *t;
		if (!sched_daemon_host(s, r, h) || cl_group_on_host(&s->cl, v->group, h) > 0)
			continue;
		if (!warm && s->eng.now < v->throttle_until) {
			sim_service_wake(s, v, v->throttle_until);
			break;
		}
		if (!warm && v->tat - tau > s->eng.now) {
			sim_service_wake(s, v, v->tat - tau);
			break;
		}
		if ((why = cl_fit(&s->cl, h, r)) != CL_NCHECKS) {
			sched_unplaced(s, v, why, h);
			failed = 1;
			continue;
		}
		t = task_new_service(s, v);
		t->ct.req = *r;
		t->td = v->td_now;
		t->gen = v->gen;
		s->st.submitted++;
		s->st.placed++;
		cl_place(&s->cl, &t->ct, h);
		t->start = s->eng.now;
		sched_launch(s, v, t, warm);
	}
	if (failed && !eng_pending(&v->ev))
		sim_service_wake(s, v, s->eng.now + s->sc->retry_interval);
	sim_service_changed(s, v);
}

/* The service's event fired (sim_service_wake): stop what is beyond
 * desired, replace what must go, then launch within the launch rate. */
static void sched_reconcile(sim *s, sim_service *v)
{
	eng *e = &s->eng;
	int64_t T = sched_launch_interval(s, v), tau = (int64_t)(sched_launch_rate(s, v) - 1) * T;
	int warm = v->warm;

	metrics_service(s, v);
	if (v->sc->daemon) {
		sched_daemon_reconcile(s, v);
		return;
	}
	v->warm = 0;
	sched_scale_in(s, v);
	sched_drain_replace(s, v);
	SIM_HOOK(s, replace, v);
	while (sched_may_launch(v)) {
		sim_task *t;
		enum cl_check why = CL_NCHECKS;
		int32_t z;
		if (!warm && e->now < v->throttle_until) {
			sim_service_wake(s, v, v->throttle_until);
			return;
		}
		if (!warm && v->tat - tau > e->now) {
			sim_service_wake(s, v, v->tat - tau);
			return;
		}
		t = task_new_service(s, v);
		t->ct.req = v->req_now;
		t->td = v->td_now;
		t->gen = v->gen;
		t->cp = (int8_t)(v->sc->ncps ? cp_choose(s, v) : -1);
		z = sched_move_zone(s, v);
		if (v->sc->fargate)
			t->spot = t->cp >= 0 && v->sc->cps[t->cp].kind == SC_CP_FARGATE_SPOT;
		if (z >= 0 && (v->sc->fargate ? fargate_place(s, v, t, z)
					       : sched_place_in_zone(s, v, t, z, &why)) < 0) {
			task_unsubmit(s, t);
			sched_move_failed(s, v, z, why);
			continue;
		}
		if (z >= 0) {
			char d[300];
			v->zone_want[z]--;
			v->rebal_fail = 0;
			snprintf(d, sizeof(d), "%s has started 1 tasks in Availability Zone %s to AZ "
				 "Rebalance: %lld.", v->sc->name, s->sc->zones[z], (long long)t->id);
			sim_service_event(s, v, "rebalancing-tasks-started", d);
		} else if (v->sc->fargate ? fargate_place(s, v, t, -1) < 0
					  : cp_place(s, v, t, &why) < 0) {
			/* A service task that cannot be placed stays pending; the
			 * scheduler retries (ECS: "unable to place a task").  The
			 * event is logged once per run of failures and reason.
			 * On a managed Auto Scaling group it waits instead. */
			if (!v->sc->fargate && sched_wait(s, v, t, why, warm) == 0)
				continue;
			task_unsubmit(s, t);
			sched_unplaced(s, v, why, -1);
			sim_service_wake(s, v, e->now + s->sc->retry_interval);
			return;
		}
		sched_launch(s, v, t, warm);
	}
	sim_service_changed(s, v);
}

/* The one path of every desired-count change (scheduled changes, Service
 * Auto Scaling): logged, then reconciled at once (scale-in by the
 * strategy's rule).  The caller has accumulated the statistics. */
void sched_set_desired(sim *s, sim_service *v, int64_t n, const char *event,
			const char *detail)
{
	sim_service_event(s, v, event, detail);
	v->desired = n;
	sim_service_changed(s, v);
	sim_service_wake_now(s, v);
}

/* desiredCountChanges: the service scales to the new count at once. */
static void sched_desired_change(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, change_ev);
	const sc_desired_change *c = &v->sc->changes[v->next_change++];
	char d[320];

	metrics_service(s, v);
	snprintf(d, sizeof(d), "desired count of service %s changed from %lld to %lld",
		 v->sc->name, (long long)v->desired, (long long)c->desired);
	sched_set_desired(s, v, c->desired, "desired-count", d);
	if (v->next_change < v->sc->nchanges)
		eng_schedule(e, ev, v->sc->changes[v->next_change].at, sched_desired_change);
}

/* Capacity is back (repair, drain end, a launched instance): daemons, then
 * services that found no host, try again. */
void sched_capacity_back(sim *s)
{
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			sim_service_wake_now(s, &s->svcs[i]);
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].waiting_capacity && !s->svcs[i].sc->daemon)
			sim_service_wake_now(s, &s->svcs[i]);
	cp_capacity_back(s);
}

/* The services, in file order, each with its group, request, chain and
 * streams; then what other modules keep per service (init_service). */
static int sched_init(sim *s, const sim_opts *o, ecs_err *e)
{
	const scenario *sc = s->sc;

	s->sched->scalein = rng_stream_new(s->seed, "scale-in", 0);
	s->sched->zone_q = xcalloc((size_t)sc->nzones + 1, sizeof(*s->sched->zone_q));
	s->nsvcs = sc->nservices;
	s->svcs = xcalloc((size_t)sc->nservices + 1, sizeof(*s->svcs));
	for (int i = 0; i < sc->nservices; i++) {
		sim_service *v = &s->svcs[i];
		/* Sized to the name: a fixed buffer cut long names, and two
		 * services alike in their first 291 characters shared a group. */
		size_t n = strlen(sc->services[i].name) + sizeof("service:");
		char *g = xmalloc(n);
		v->sc = &sc->services[i];
		v->index = i;
		v->desired = v->sc->desired;
		snprintf(g, n, "service:%s", v->sc->name);
		v->group = cl_group_id(&s->cl, g);
		free(g);
		v->dep = -1;
		v->green_w = -1;
		v->warm = sc->life.warm_start;
		if (v->sc->demand.given)
			v->demand = demand_at(&v->sc->demand, 0);
		v->life = rng_stream_new(s->seed, "task-lifecycle", (uint64_t)i);
		v->zone_live = xcalloc((size_t)sc->nzones + 1, sizeof(*v->zone_live));
		v->zone_stoppable = xcalloc((size_t)sc->nzones + 1, sizeof(*v->zone_stoppable));
		v->faults = rng_stream_new(s->seed, "task-failures", (uint64_t)i);
		v->td_now = v->sc->taskdef;
		if (setup_req(s, &v->req, &v->member_of, v->sc->taskdef, &v->sc->place, v->group,
			      e) < 0 ||
		    setup_chain(s, &v->chain, &v->sc->place, 1, o, e) < 0)
			return -1;
		v->req_now = v->req;
		SIM_HOOK(s, init_service, v);
	}
	return 0;
}

/* Time 0: daemon services place first (ECS), then replica services in
 * file order, each with what other modules start per service. */
static void sched_start(sim *s)
{
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			sim_service_wake(s, &s->svcs[i], 0);
	for (int i = 0; i < s->nsvcs; i++) {
		sim_service *v = &s->svcs[i];
		if (!v->sc->daemon)
			sim_service_wake(s, v, 0);
		if (v->sc->nchanges)
			eng_schedule(&s->eng, &v->change_ev, v->sc->changes[0].at,
				     sched_desired_change);
		SIM_HOOK(s, start_service, v);
	}
}

static void sched_destroy(sim *s)
{
	for (int i = 0; i < s->nsvcs; i++) {
		sim_service *v = &s->svcs[i];
		st_chain_destroy(&v->chain);
		if (v->life)
			gsl_rng_free(v->life);
		if (v->faults)
			gsl_rng_free(v->faults);
		free(v->zone_live);
		free(v->zone_stoppable);
		setup_free_member_of(v->member_of, v->req.nmember_of);
	}
	for (int z = 0; s->sched->zone_q && z < s->sc->nzones; z++)
		qry_free(s->sched->zone_q[z]);
	free(s->sched->zone_q);
	free(s->svcs);
	if (s->sched->scalein)
		gsl_rng_free(s->sched->scalein);
	free(s->sched);
}

static void scheduler_create(sim *s)
{
	s->sched = xcalloc(1, sizeof(*s->sched));
}

const sim_module scheduler_module = {
	.name = "scheduler",
	.create = scheduler_create,
	.init = sched_init,
	.start = sched_start,
	.destroy = sched_destroy,
	.reconcile = sched_reconcile,
	.capacity_wait = sched_capacity_wait,
};
