/* task.c - task records: slab pools, creation and release, placement through the
 * strategy chain with its accounting, completion of standalone tasks, the
 * death of every task on a host, and the task_done report.  Does not know
 * the service lifecycle (lifecycle.c).
 */
#include "task.h"

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
#include "lifecycle.h"
#include "metrics.h"
#include "replay.h"
#include "scheduler.h"
#include "sim.h"

/* Tasks per slab of a pool. */
#define SLAB_TASKS 4096

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

void task_pool_destroy(sim_pool *p)
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
sim_task *task_new(sim *s)
{
	return task_init(s, pool_get(&s->tasks));
}

/* A task of service v; its random times are drawn at launch (task_draw). */
sim_task *task_new_service(sim *s, const sim_service *v)
{
	sim_svc_task *st = pool_get(&s->svc_tasks);
	sim_task *t = task_init(s, &st->t);

	t->svc = (int32_t)(v - s->svcs);
	st->crash = st->health_at = -1;
	return t;
}

void task_free(sim *s, sim_task *t)
{
	if (t->svc >= 0)
		pool_put(&s->svc_tasks, sim_svc_task_of(t));
	else
		pool_put(&s->tasks, t);
}

void task_report(sim *s, const sim_task *t, enum sim_end reason, const char *detail)
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

const char *task_reason_name(enum cl_check c)
{
	return c == CL_NCHECKS ? "NO_ACTIVE_INSTANCES" : cl_check_reason(c);
}

/* Chooses a host for t and places it; -1 with *why if it fits nowhere. */
int task_try_place(sim *s, sim_task *t, const st_chain *chain, enum cl_check *why)
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

void task_complete(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_task *t = ENG_CONTAINER_OF(ev, sim_task, ev);

	s->st.completed++;
	if (t->tr >= 0)
		replay_task_ended(s, t, 0);
	task_report(s, t, SIM_END_COMPLETED, NULL);
	cl_unplace(&s->cl, &t->ct);
	task_free(s, t);
}

void task_kill_all(sim *s, int32_t h)
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
			replay_task_ended(s, t, 1);
		task_report(s, t, SIM_END_HOST_FAILURE, NULL);
		cl_unplace(&s->cl, &t->ct);
		if (t->svc >= 0) {
			sim_service *v = &s->svcs[t->svc];
			char d[96], id[24];
			metrics_service(s, v);
			cl_host_instance_id(h, id);
			snprintf(d, sizeof(d), "task %lld (%s): host %s failed", (long long)t->id,
				 sim_state_name(t->state), id);
			sched_event(s, v, "task-stopped", d);
			life_undrain(v, t);
			life_set_state(v, t, SIM_STOPPED);
			life_unlink(v, t);
			sched_changed(s, v);
			sched_reconcile_soon(s, v);
		}
		task_free(s, t);
	}
}
