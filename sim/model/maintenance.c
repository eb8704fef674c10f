/* maintenance.c - maintenance: draining instances (ECS DRAINING).  A draining instance
 * gets no new tasks; its service tasks not yet RUNNING stop, RUNNING ones
 * are replaced within the rolling bounds, daemon tasks leave last.
 */
#include "maintenance.h"

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
#include "deploy.h"
#include "lifecycle.h"
#include "metrics.h"
#include "scheduler.h"
#include "sim.h"

static void maint_drain_end(eng *e, eng_event *ev);

/* Daemon tasks leave a draining instance last: once no other service task
 * is on it (in any state). */
static void maint_drain_daemons(sim *s, int32_t h)
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
		metrics_service(s, &s->svcs[t->svc]);
		life_stop(s, &s->svcs[t->svc], t, SIM_END_DRAINED, d);
	}
	s->in_drain_daemons = 0;
}

void maint_drain_check(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);

	for (int32_t h = 0; h < s->cl.nhosts; h++)
		if (s->drained_by[h] >= 0)
			maint_drain_daemons(s, h);
}

void maint_drain_host(sim *s, int32_t h, int32_t k)
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
		metrics_service(s, v);
		if (t->state < SIM_RUNNING) {
			cl_host_instance_id(h, id);
			snprintf(d, sizeof(d), "Container instance %s is draining", id);
			life_stop(s, v, t, SIM_END_DRAINED, d);
		} else if (t->state == SIM_RUNNING && !t->drained && t->gen == v->gen) {
			/* old tasks of a deployment leave through deploy_replace */
			if (t->cp >= 0)
				v->cp_n[t->cp]--; /* cp_counted until now */
			t->drained = 1;
			v->drained++;
			sched_reconcile_soon(s, v);
		}
	}
	s->in_drain_daemons = 0;
	maint_drain_daemons(s, h);
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			sched_reconcile_soon(s, &s->svcs[i]);
}

void maint_drain_start(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	const sc_drain *d = &s->sc->drains[s->next_drain];
	int32_t k = s->next_drain++;
	int64_t n = 0;

	/* The first `drain` ACTIVE instances that match, in index order. */
	for (int32_t h = 0; h < s->cl.nhosts && n < d->count; h++) {
		const cl_host *ho = &s->cl.hosts[h];
		if (ho->state != CL_ACTIVE || s->drained_by[h] >= 0 ||
		    (d->zone >= 0 && ho->zone != d->zone) || (d->type >= 0 && ho->type != d->type))
			continue;
		maint_drain_host(s, h, k);
		n++;
	}
	if (d->duration >= 0)
		eng_schedule(e, &s->undrain_ev[k], e->now + d->duration, maint_drain_end);
	if (s->next_drain < s->sc->ndrains)
		eng_schedule(e, ev, s->sc->drains[s->next_drain].at, maint_drain_start);
}

/* The maintenance is over: its instances are ACTIVE again (or stay DOWN
 * until repaired); tasks still RUNNING there stay, and any surplus they
 * make is scaled in. */
static void maint_drain_end(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t k = (int32_t)(ev - s->undrain_ev);

	for (int32_t h = 0; h < s->cl.nhosts; h++) {
		if (s->drained_by[h] != k)
			continue;
		s->drained_by[h] = -1;
		if (s->cl.hosts[h].state == CL_DRAINING)
			cl_set_state(&s->cl, h, CL_ACTIVE);
		for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
			sim_task *t = ENG_CONTAINER_OF(ct, sim_task, ct);
			if (t->svc >= 0 && t->drained) {
				metrics_service(s, &s->svcs[t->svc]);
				life_undrain(&s->svcs[t->svc], t);
				sched_reconcile_soon(s, &s->svcs[t->svc]);
			}
		}
	}
	/* Capacity is back: daemons, then services that found no host. */
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			sched_reconcile_soon(s, &s->svcs[i]);
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].waiting_capacity && !s->svcs[i].sc->daemon)
			sched_reconcile_soon(s, &s->svcs[i]);
}
