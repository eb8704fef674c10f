/* task.c - task records, placement with its accounting, completion and the
 * death of a host's tasks (see task.h). */
#include "model.h"
#include "task.h"
#include "metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/rng.h"

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

static void pool_destroy(sim_pool *p)
{
	for (int i = 0; i < p->nslabs; i++)
		free(p->slabs[i]);
	free(p->slabs);
	*p = (sim_pool){ .size = p->size };
}

static sim_task *task_init(sim *s, sim_task *t)
{
	*t = (sim_task){ .id = s->tasks->next_id++, .submit = s->eng.now, .start = -1,
			 .svc = -1, .wl = -1, .tr = -1, .trkey = -1, .cp = -1 };
	t->ct.host = -1;
	return t;
}

/* A standalone task (of a workload or a trace). */
sim_task *task_new(sim *s)
{
	return task_init(s, pool_get(&s->tasks->tasks));
}

/* A task of service v; its random times are drawn at launch (task_draw). */
sim_task *task_new_service(sim *s, const sim_service *v)
{
	sim_svc_task *st = pool_get(&s->tasks->svc_tasks);
	sim_task *t = task_init(s, &st->t);

	t->svc = v->index;
	st->crash = st->health_at = -1;
	st->protected_until = st->work_end = 0;
	st->pev = (eng_event){ 0 };
	st->prot_on = st->stop_protected = 0;
	return t;
}

void task_unsubmit(sim *s, sim_task *t)
{
	s->st.submitted--;
	task_free(s, t);
	s->tasks->next_id--;
}

void task_free(sim *s, sim_task *t)
{
	if (t->svc >= 0)
		pool_put(&s->tasks->svc_tasks, sim_svc_task_of(t));
	else
		pool_put(&s->tasks->tasks, t);
}

const char *task_reason_name(enum cl_check c)
{
	return c == CL_NCHECKS ? "NO_ACTIVE_INSTANCES" : cl_check_reason(c);
}

/* Chooses a host for t and places it; -1 with *why if it fits nowhere.
 * submit: t is submitted now (not a task that waited and tries again). */
static int try_place(sim *s, sim_task *t, const st_chain *chain, enum cl_check *why,
		     int submit)
{
	int32_t h;

	if (s->cl.tasks_running >= s->max_running) {
		s->over_limit = 1;
		eng_stop(&s->eng);
		*why = CL_NCHECKS;
		s->st.submitted += submit;
		return -1;
	}
	h = place_choose(&s->cl, &t->ct.req, chain, s->tasks->tie, &s->tasks->ws, why);
	if (err_isset(&s->err)) /* a strategy misbehaved (chain->fault) */
		eng_stop(&s->eng);
	s->st.submitted += submit;
	if (h < 0)
		return -1;
	cl_place_at(&s->cl, &t->ct, h, s->tasks->ws.gpu_slot);
	t->start = s->eng.now;
	s->st.placed++;
	if (t->svc < 0)
		metrics_task_placed(s, t);
	return 0;
}

int task_try_place(sim *s, sim_task *t, const st_chain *chain, enum cl_check *why)
{
	return try_place(s, t, chain, why, 1);
}

int task_place_waiting(sim *s, sim_task *t, const st_chain *chain, enum cl_check *why)
{
	return try_place(s, t, chain, why, 0);
}

void task_complete(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_task *t = ENG_CONTAINER_OF(ev, sim_task, ev);

	int32_t h = t->ct.host;

	s->st.completed++;
	sim_report_task(s, t, SIM_END_COMPLETED, NULL, TASK_EXITED_CODE, TASK_EXITED_REASON);
	cl_unplace(&s->cl, &t->ct);
	SIM_HOOK(s, task_ended, t, SIM_END_COMPLETED, h);
	task_free(s, t);
}

void task_kill_all(sim *s, int32_t h, enum task_kill why)
{
	static const char *const codes[] = { "InfrastructureHealth", "SpotInterruption",
					     "InfrastructureHealth", "TerminationNotice" };
	static const char *const what[] = { "failed", "was terminated: Spot interruption",
					    "was removed by its trace",
					    "was terminated by its Auto Scaling group" };
	cl_host *ho = &s->cl.hosts[h];
	char id[24], reason[96];

	if (ho->ntasks > 0) {
		s->st.disruptive_failures++;
		sim_note_kills(s, ho->ntasks);
	}
	while (ho->tasks) {
		sim_task *t = ENG_CONTAINER_OF(ho->tasks, sim_task, ct);
		eng_cancel(&s->eng, &t->ev);
		s->st.killed++;
		if (s->obs.task_done) {
			cl_host_instance_id(h, id);
			snprintf(reason, sizeof(reason), "Host EC2 (instance %s) %s", id, what[why]);
			sim_report_task(s, t, SIM_END_HOST_FAILURE, NULL, codes[why], reason);
		}
		cl_unplace(&s->cl, &t->ct);
		SIM_HOOK(s, task_ended, t, SIM_END_HOST_FAILURE, h);
		task_free(s, t);
	}
}

/* Tasks still running on hosts at the end are reported. */
static void task_finish(sim *s)
{
	for (int32_t h = 0; s->obs.task_done && h < s->cl.nhosts; h++)
		for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext)
			sim_report_task(s, ENG_CONTAINER_OF(ct, sim_task, ct), SIM_END_RUNNING,
					NULL, NULL, NULL);
}

static int task_mod_init(sim *s, const sim_opts *o, ecs_err *e)
{
	sim_tasks *k = s->tasks;

	k->tasks.size = sizeof(sim_task);
	k->svc_tasks.size = sizeof(sim_svc_task);
	k->tie = rng_stream_new(s->seed, "placement-ties", 0);
	k->ws.stop = o ? o->stop : NULL;
	return 0;
}

static void task_destroy(sim *s)
{
	sim_tasks *k = s->tasks;

	if (k->tie)
		gsl_rng_free(k->tie);
	place_ws_destroy(&k->ws);
	pool_destroy(&k->tasks);
	pool_destroy(&k->svc_tasks);
	free(s->tasks);
}

static void task_create(sim *s)
{
	s->tasks = xcalloc(1, sizeof(*s->tasks));
}

const sim_module task_module = {
	.name = "task",
	.create = task_create,
	.init = task_mod_init,
	.finish = task_finish,
	.destroy = task_destroy,
};
