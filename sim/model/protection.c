/* protection.c - task scale-in protection (see protection.h). */
#include "model.h"
#include "protection.h"

#include <stdlib.h>

#include "sim/engine/rng.h"

/* On: the task protects itself for expiresInMinutes (ECS clears it then),
 * and its work lasts workDuration (without one, as long as the protection).
 * Off, at the sooner of the two: the protection is over; a service that
 * waited on it tries again, and a repeating task protects itself again
 * once its work is done and the next `after` has passed. */
static void prot_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_svc_task *st = ENG_CONTAINER_OF(ev, sim_svc_task, pev);
	sim_service *v = &s->svcs[st->t.svc];
	const sc_protection *p = &v->sc->prot;

	if (!st->prot_on) {
		int64_t work = p->has_work ? s_to_us(dist_sample(&p->work, s->prot->rng[v->index])) : p->expires;
		st->prot_on = 1;
		st->protected_until = e->now + p->expires;
		st->work_end = e->now + work;
		v->protections++;
		eng_schedule(e, ev, e->now + (work < p->expires ? work : p->expires), prot_event);
		return;
	}
	st->prot_on = 0;
	st->protected_until = 0;
	if (v->prot_blocked) {
		v->prot_blocked = 0;
		sim_service_wake_now(s, v);
	}
	if (p->repeat)
		eng_schedule(e, ev, (st->work_end > e->now ? st->work_end : e->now) +
			     s_to_us(dist_sample(&p->after, s->prot->rng[v->index])), prot_event);
}

void prot_held_up(sim *s, sim_service *v)
{
	if (!v->prot_blocked) {
		char d[300];
		v->protection_waits++;
		snprintf(d, sizeof(d), "service %s is waiting for task scale-in protection to end "
			 "before it stops more tasks", v->sc->name);
		sim_service_event(s, v, "protection-wait", d);
	}
	v->prot_blocked = 1;
}

/* A task of a taskProtection service that draws itself among the share
 * protects itself `after` its RUNNING. */
static void prot_task_running(sim *s, sim_service *v, sim_task *t)
{
	const sc_protection *p = &v->sc->prot;
	sim_svc_task *st = sim_svc_task_of(t);

	if (!p->given || gsl_rng_uniform(s->prot->rng[v->index]) >= p->share)
		return;
	st->prot_on = 0;
	eng_schedule(&s->eng, &st->pev, s->eng.now + s_to_us(dist_sample(&p->after, s->prot->rng[v->index])),
		     prot_event);
}

/* Its own stream, so that services without protection draw as before. */
static void prot_init_service(sim *s, sim_service *v)
{
	if (v->sc->prot.given)
		s->prot->rng[v->index] = rng_stream_new(s->seed, "task-protection",
							(uint64_t)v->index);
}

static void prot_create(sim *s)
{
	s->prot = xcalloc(1, sizeof(*s->prot));
	s->prot->rng = xcalloc((size_t)s->sc->nservices + 1, sizeof(*s->prot->rng));
}

static void prot_destroy(sim *s)
{
	for (int i = 0; i < s->sc->nservices; i++)
		if (s->prot->rng[i])
			gsl_rng_free(s->prot->rng[i]);
	free(s->prot->rng);
	free(s->prot);
}

const sim_module protection_module = {
	.name = "protection",
	.create = prot_create,
	.destroy = prot_destroy,
	.init_service = prot_init_service,
	.task_running = prot_task_running,
};
