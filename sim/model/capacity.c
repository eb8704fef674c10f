/* capacity.c - capacity provider strategies (see capacity.h). */
#include "model.h"
#include "capacity.h"
#include "task.h"

#include <stdio.h>
#include <stdlib.h>

/* capacityProviderStrategy: the item the next task goes to.  Items with a
 * base get tasks first until they have base; then the tasks beyond the
 * bases are shared by weight, each new one to the item with the largest
 * weight / (its tasks beyond its base + 1) (D'Hondt; ties to the earlier
 * item).  ECS leaves the rounding undocumented; this one gives base 2
 * weight 1 and weight 3 over 10 tasks 4 and 6. */
int cp_choose(sim *s, const sim_service *v)
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

/* The managed Auto Scaling group of the service's capacity provider
 * strategy (the first such item), or NULL. */
const sc_asg *cp_service_asg(const sim *s, const sim_service *v)
{
	for (int k = 0; k < v->sc->ncps; k++)
		for (int g = 0; g < s->sc->nasgs; g++)
			if (s->sc->asgs[g].provider == v->sc->cps[k].provider &&
			    v->sc->cps[k].kind == SC_CP_ASG)
				return &s->sc->asgs[g];
	return NULL;
}

/* ECS: a task that waits for capacity provider capacity (PROVISIONING) for
 * the group's provisioningTimeout gives up and stops; the service launches
 * another, which waits again.  ecsim keeps no task object for it, so this
 * is an event and a fresh wait. */
void cp_provisioning_timeout(sim *s, sim_service *v)
{
	const sc_asg *g = cp_service_asg(s, v);
	char d[400];

	if (!g || s->eng.now - v->wait_since < g->timeout)
		return;
	snprintf(d, sizeof(d), "a task of service %s waited %lld s in PROVISIONING for "
		 "capacity of %s and stopped (timeout); it is replaced", v->sc->name,
		 (long long)((s->eng.now - v->wait_since) / USEC_PER_SEC),
		 s->sc->providers[g->provider]);
	sim_service_event(s, v, "task-stopped", d);
	v->wait_since = s->eng.now;
}

static void capacity_init_service(sim *s, sim_service *v)
{
	int16_t *p = xcalloc((size_t)v->sc->ncps + 1, sizeof(*p));

	for (int k = 0; k < v->sc->ncps; k++)
		if (v->sc->cps[k].kind == SC_CP_ASG)
			p[k] = (int16_t)(cl_attr_value(&s->cl, s->cl.part_attr,
						       s->sc->providers[v->sc->cps[k].provider]) + 1);
	s->capacity->part[v->index] = p;
}

static int capacity_init(sim *s, const sim_opts *o, ecs_err *e)
{
	s->capacity->part = xcalloc((size_t)s->sc->nservices + 1, sizeof(*s->capacity->part));
	return 0;
}

static void capacity_destroy(sim *s)
{
	for (int i = 0; s->capacity->part && i < s->sc->nservices; i++)
		free(s->capacity->part[i]);
	free(s->capacity->part);
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
	.destroy = capacity_destroy,
};
