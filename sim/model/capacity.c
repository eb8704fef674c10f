/* capacity.c - capacity provider strategies and the tasks waiting for a
 * managed Auto Scaling group's capacity (see capacity.h). */
#include "model.h"
#include "capacity.h"
#include "task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* capacityProviderStrategy: the item the next task goes to.  Items with a
 * base get tasks first until they have base; then the tasks beyond the
 * bases are shared by weight, each new one to the item with the largest
 * weight / (its tasks beyond its base + 1) (D'Hondt; ties to the earlier
 * item).  ECS leaves the rounding undocumented; this one gives base 2
 * weight 1 and weight 3 over 10 tasks 4 and 6. */
int cp_choose_items(const sc_cp_item *items, int n, const int64_t *counts)
{
	int best = -1;

	for (int i = 0; i < n; i++)
		if (counts[i] < items[i].base)
			return i;
	for (int i = 0; i < n; i++) {
		const sc_cp_item *c = &items[i];
		int64_t over = counts[i] - c->base;
		if (c->weight == 0)
			continue;
		if (best < 0 || (int64_t)c->weight * (counts[best] - items[best].base + 1) >
				(int64_t)items[best].weight * (over + 1))
			best = i;
	}
	return best;
}

int cp_choose(sim *s, const sim_service *v)
{
	(void)s;
	return cp_choose_items(v->sc->cps, v->sc->ncps, v->cp_n);
}

/* Places an EC2 task: on the instances of its Auto Scaling group provider
 * when it has one (an extra memberOf only for this placement). */
int cp_place(sim *s, sim_service *v, sim_task *t, enum cl_check *why)
{
	int rc;

	if (t->cp < 0)
		return task_try_place(s, t, &v->chain, why);
	/* only the provider's instances: a partition of the hosts, which
	 * counts as a memberOf constraint (and the levels keep apart) */
	t->ct.req.part = s->capacity->part[v->index][t->cp];
	rc = task_try_place(s, t, &v->chain, why);
	t->ct.req.part = 0;
	return rc;
}

int16_t cp_part(sim *s, int32_t provider)
{
	return (int16_t)(cl_attr_value(&s->cl, s->cl.part_attr, s->sc->providers[provider]) + 1);
}

const sc_asg *cp_managed(const sim *s, int32_t provider)
{
	for (int g = 0; g < s->sc->nasgs; g++)
		if (s->sc->asgs[g].provider == provider)
			return &s->sc->asgs[g];
	return NULL;
}

/* The queue a waiting task is in: its owner's strategy item's provider. */
static int32_t cp_provider_of(const sim *s, const sim_task *t)
{
	const sc_cp_item *items = t->svc >= 0 ? s->svcs[t->svc].sc->cps
					      : s->sc->workloads[t->wl].cps;
	return items[t->cp].provider;
}

static void cp_unlink(sim_capacity *c, sim_cp_queue *q, sim_task *t)
{
	int64_t i = q->n - 1;

	while (i >= 0 && q->v[i] != t)
		i--;
	if (i < 0)
		return;
	memmove(&q->v[i], &q->v[i + 1], (size_t)(q->n - i - 1) * sizeof(*q->v));
	q->n--;
	if (i <= c->iter)
		c->iter--;
}

/* The provisioning timeout: t leaves the queue and its owner stops it. */
static void cp_timeout(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_task *t = ENG_CONTAINER_OF(ev, sim_task, ev);

	cp_unwait(s, t, 0);
	s->capacity->timeouts++;
	SIM_HOOK(s, capacity_wait, t, 1);
}

int cp_wait(sim *s, sim_task *t, int32_t provider)
{
	sim_capacity *c = s->capacity;
	sim_cp_queue *q = &c->queue[provider];
	const sc_asg *g = cp_managed(s, provider);

	/* ECS keeps at most so many tasks in PROVISIONING per cluster; the
	 * others fail to launch as they would without managed scaling */
	if (!g || s->st.provisioning >= s->sc->max_provisioning) {
		c->refused += g != NULL;
		return -1;
	}
	t->waiting = 1;
	t->ct.host = -1;
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 16;
		q->v = xrealloc(q->v, (size_t)q->cap * sizeof(*q->v));
	}
	q->v[q->n++] = t;
	if (++s->st.provisioning > c->peak)
		c->peak = s->st.provisioning;
	eng_schedule(&s->eng, &t->ev, s->eng.now + g->timeout, cp_timeout);
	return 0;
}

void cp_unwait(sim *s, sim_task *t, int placed)
{
	sim_capacity *c = s->capacity;

	cp_unlink(c, &c->queue[cp_provider_of(s, t)], t);
	eng_cancel(&s->eng, &t->ev);
	t->waiting = 0;
	s->st.provisioning--;
	if (placed) {
		int64_t w = s->eng.now - t->submit;
		c->waited++;
		c->wait_sum_s += us_to_s(w);
		if (w > c->wait_max)
			c->wait_max = w;
	} else {
		s->st.provisioning_stopped++;
	}
}

/* Oldest first, each owner tries its task again; a task placed leaves the
 * queue (cp_unlink keeps c->iter right when it does). */
static void cp_retry(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_capacity *c = s->capacity;

	for (int32_t p = 0; p < s->sc->nproviders; p++) {
		sim_cp_queue *q = &c->queue[p];
		for (c->iter = 0; c->iter < q->n; c->iter++) {
			sim_task *t = q->v[c->iter]; /* (the hook's argument, once) */
			SIM_HOOK(s, capacity_wait, t, 0);
		}
	}
	c->iter = 0;
}

void cp_capacity_back(sim *s)
{
	sim_capacity *c = s->capacity;

	if (s->st.provisioning > 0 && !eng_pending(&c->retry_ev))
		eng_schedule(&s->eng, &c->retry_ev, s->eng.now, cp_retry);
}

int64_t cp_nwaiting(const sim *s, int32_t provider)
{
	return s->capacity->queue ? s->capacity->queue[provider].n : 0;
}

const sim_task *cp_waiting(const sim *s, int32_t provider, int64_t i)
{
	return s->capacity->queue[provider].v[i];
}

/* A task left a host: room for a waiting one, perhaps. */
static void cp_task_ended(sim *s, sim_task *t, enum sim_end why, int32_t host)
{
	cp_capacity_back(s);
}

static void cp_service_task_gone(sim *s, sim_service *v, int32_t host)
{
	cp_capacity_back(s);
}

static void capacity_init_service(sim *s, sim_service *v)
{
	int16_t *p = xcalloc((size_t)v->sc->ncps + 1, sizeof(*p));

	for (int k = 0; k < v->sc->ncps; k++)
		if (v->sc->cps[k].kind == SC_CP_ASG)
			p[k] = cp_part(s, v->sc->cps[k].provider);
	s->capacity->part[v->index] = p;
}

static int capacity_init(sim *s, const sim_opts *o, ecs_err *e)
{
	s->capacity->part = xcalloc((size_t)s->sc->nservices + 1, sizeof(*s->capacity->part));
	s->capacity->queue = xcalloc((size_t)s->sc->nproviders + 1, sizeof(*s->capacity->queue));
	return 0;
}

/* Tasks still waiting at the end are reported as still there. */
static void capacity_finish(sim *s)
{
	for (int32_t p = 0; s->obs.task_done && p < s->sc->nproviders; p++)
		for (int64_t i = 0; i < s->capacity->queue[p].n; i++)
			sim_report_task(s, s->capacity->queue[p].v[i], SIM_END_RUNNING, NULL, NULL,
					NULL);
}

static void capacity_destroy(sim *s)
{
	for (int i = 0; s->capacity->part && i < s->sc->nservices; i++)
		free(s->capacity->part[i]);
	free(s->capacity->part);
	for (int32_t p = 0; s->capacity->queue && p < s->sc->nproviders; p++)
		free(s->capacity->queue[p].v);
	free(s->capacity->queue);
	free(s->capacity);
}

static void capacity_create(sim *s)
{
	s->capacity = xcalloc(1, sizeof(*s->capacity));
}

const sim_module capacity_module = {
	.name = "capacity",
	.create = capacity_create,
	.init = capacity_init,
	.init_service = capacity_init_service,
	.finish = capacity_finish,
	.destroy = capacity_destroy,
	.task_ended = cp_task_ended,
	.service_task_gone = cp_service_task_gone,
};
