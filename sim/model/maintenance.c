/* maintenance.c - draining instances (see maintenance.h). */
#include "model.h"
#include "maintenance.h"
#include "metrics.h"
#include "lifecycle.h"
#include "scheduler.h"

#include <stdio.h>
#include <stdlib.h>

static void maint_drain_end(eng *e, eng_event *ev);
static void maint_drain_check(eng *e, eng_event *ev);

/* Daemon tasks leave a draining instance last: once no other service task
 * is on it (in any state). */
static void maint_drain_daemons(sim *s, int32_t h)
{
	cl_task *ct;

	if (s->maint->drained_by[h] < 0 || s->maint->in_drain_daemons)
		return;
	for (ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
		const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
		if (t->svc >= 0 && !s->svcs[t->svc].sc->daemon)
			return;
	}
	s->maint->in_drain_daemons = 1;
	for (;;) {
		sim_task *t = NULL;
		for (ct = s->cl.hosts[h].tasks; ct && !t; ct = ct->hnext) {
			sim_task *u = ENG_CONTAINER_OF(ct, sim_task, ct);
			if (u->svc >= 0 && u->state <= SIM_RUNNING)
				t = u;
		}
		if (!t)
			break;
		metrics_service(s, &s->svcs[t->svc]);
		life_stop(s, &s->svcs[t->svc], t, SIM_END_DRAINED, 0);
	}
	s->maint->in_drain_daemons = 0;
}

static void maint_drain_check(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);

	for (int32_t h = 0; h < s->cl.nhosts; h++)
		if (s->maint->drained_by[h] >= 0)
			maint_drain_daemons(s, h);
}

void maint_drain_host(sim *s, int32_t h, int32_t k)
{
	cl_host *ho = &s->cl.hosts[h];
	cl_task *ct, *next;

	s->maint->drained_by[h] = k;
	if (ho->state != CL_DOWN)
		cl_set_state(&s->cl, h, CL_DRAINING);
	s->maint->in_drain_daemons = 1; /* not while this loop walks the host's tasks */
	for (ct = ho->tasks; ct; ct = next) {
		sim_task *t = ENG_CONTAINER_OF(ct, sim_task, ct);
		sim_service *v;
		next = ct->hnext;
		if (t->svc < 0 || s->svcs[t->svc].sc->daemon)
			continue;
		v = &s->svcs[t->svc];
		metrics_service(s, v);
		if (t->state < SIM_RUNNING) {
			life_stop(s, v, t, SIM_END_DRAINED, 0);
		} else if (t->state == SIM_RUNNING && !t->drained && t->gen == v->gen) {
			/* old tasks of a deployment leave through deploy_replace */
			life_drain(v, t, 0);
			sim_service_wake_now(s, v);
		}
	}
	s->maint->in_drain_daemons = 0;
	maint_drain_daemons(s, h);
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			sim_service_wake_now(s, &s->svcs[i]);
}

static void maint_drain_start(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	const sc_drain *d = &s->sc->drains[s->maint->next_drain];
	int32_t k = s->maint->next_drain++;
	int64_t n = 0;

	/* The first `drain` ACTIVE instances that match, in index order. */
	for (int32_t h = 0; h < s->cl.nhosts && n < d->count; h++) {
		const cl_host *ho = &s->cl.hosts[h];
		if (ho->state != CL_ACTIVE || s->maint->drained_by[h] >= 0 ||
		    (d->zone >= 0 && ho->zone != d->zone) || (d->type >= 0 && ho->type != d->type))
			continue;
		maint_drain_host(s, h, k);
		n++;
	}
	if (d->duration >= 0)
		eng_schedule(e, &s->maint->undrain_ev[k], e->now + d->duration, maint_drain_end);
	if (s->maint->next_drain < s->sc->ndrains)
		eng_schedule(e, ev, s->sc->drains[s->maint->next_drain].at, maint_drain_start);
}

/* The maintenance is over: its instances are ACTIVE again (or stay DOWN
 * until repaired); tasks still RUNNING there stay, and any surplus they
 * make is scaled in. */
static void maint_drain_end(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t k = (int32_t)(ev - s->maint->undrain_ev);

	for (int32_t h = 0; h < s->cl.nhosts; h++) {
		if (s->maint->drained_by[h] != k)
			continue;
		s->maint->drained_by[h] = -1;
		if (s->cl.hosts[h].state == CL_DRAINING)
			cl_set_state(&s->cl, h, CL_ACTIVE);
		for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
			sim_task *t = ENG_CONTAINER_OF(ct, sim_task, ct);
			if (t->svc >= 0 && t->drained) {
				metrics_service(s, &s->svcs[t->svc]);
				life_undrain(&s->svcs[t->svc], t);
				sim_service_wake_now(s, &s->svcs[t->svc]);
			}
		}
	}
	sched_capacity_back(s);
}

/* A service task left host h: if h is draining, it may now hold only
 * daemon tasks, which go next, in an event of their own (not while a
 * caller walks a task list). */
static void maint_task_gone(sim *s, sim_service *v, int32_t h)
{
	sim_maintenance *m = s->maint;

	if (h >= 0 && m->drained_by[h] >= 0 && !eng_pending(&m->drain_check_ev))
		eng_schedule(&s->eng, &m->drain_check_ev, s->eng.now, maint_drain_check);
}

void maint_spot_event(sim *s, int32_t h, const char *event, const char *what)
{
	const cl_host *ho = &s->cl.hosts[h];
	char d[200], id[24];

	cl_host_instance_id(h, id);
	snprintf(d, sizeof(d), "Spot instance %s (%s, zone %s) %s", id,
		 s->sc->types[ho->type].name, s->sc->zones[ho->zone], what);
	sim_cluster_event(s, event, d);
}

void maint_spot_notice(sim *s, int32_t h)
{
	char what[80];

	s->st.spot_notices++;
	snprintf(what, sizeof(what), "got an interruption notice: terminated in %.0f s",
		 us_to_s(s->sc->failures.spot_notice));
	maint_spot_event(s, h, "spot-interruption-notice", what);
	/* the maintenance drain marks its hosts with its entry; Spot uses the
	 * index after the last entry */
	if (s->sc->spot_draining && s->maint->drained_by[h] < 0)
		maint_drain_host(s, h, s->sc->ndrains);
}

static int maint_init(sim *s, const sim_opts *o, ecs_err *e)
{
	sim_maintenance *m = s->maint;

	m->drained_by = xmalloc((size_t)s->cl.nhosts * sizeof(*m->drained_by) + 1);
	for (int32_t h = 0; h < s->cl.nhosts; h++)
		m->drained_by[h] = -1;
	m->undrain_ev = xcalloc((size_t)s->sc->ndrains + 1, sizeof(*m->undrain_ev));
	return 0;
}

static void maint_start(sim *s)
{
	if (s->sc->ndrains)
		eng_schedule(&s->eng, &s->maint->drain_ev, s->sc->drains[0].at, maint_drain_start);
}

static void maint_destroy(sim *s)
{
	free(s->maint->drained_by);
	free(s->maint->undrain_ev);
	free(s->maint);
}

static void maintenance_create(sim *s)
{
	s->maint = xcalloc(1, sizeof(*s->maint));
}

const sim_module maintenance_module = {
	.name = "maintenance",
	.create = maintenance_create,
	.init = maint_init,
	.start = maint_start,
	.destroy = maint_destroy,
	.service_task_gone = maint_task_gone,
};
