/* spot.c - Spot interruptions of EC2 instances and FARGATE_SPOT tasks (see
 * spot.h). */
#include "model.h"
#include "spot.h"
#include "metrics.h"
#include "lifecycle.h"
#include "maintenance.h"
#include "failures.h"

#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "sim/engine/rng.h"

static void spot_event(eng *e, eng_event *ev);

enum { SIM_SPOT_RUNNING, SIM_SPOT_NOTICED, SIM_SPOT_TERMINATED };

static void spot_notice(sim *s, int32_t h)
{
	s->spot->phase[h] = SIM_SPOT_NOTICED;
	maint_spot_notice(s, h);
	eng_cancel(&s->eng, &s->spot->ev[h]);
	eng_schedule(&s->eng, &s->spot->ev[h], s->eng.now + s->sc->failures.spot_notice,
		     spot_event);
}

static void spot_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t h = (int32_t)(ev - s->spot->ev);
	const sc_failures *f = &s->sc->failures;

	switch (s->spot->phase[h]) {
	case SIM_SPOT_RUNNING:
		spot_notice(s, h);
		break;
	case SIM_SPOT_NOTICED:
		s->spot->phase[h] = SIM_SPOT_TERMINATED;
		s->st.spot_interruptions++;
		if (s->fail->down_by[h] == 0)
			for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
				const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
				s->st.spot_tasks_killed += t->svc >= 0 && t->state <= SIM_RUNNING;
			}
		maint_spot_event(s, h, "spot-instance-terminated", "terminated");
		fail_host_down(s, h, TASK_KILL_SPOT);
		if (s->maint->drained_by[h] == s->sc->ndrains)
			s->maint->drained_by[h] = -1;
		eng_schedule(e, ev, e->now + s_to_us(dist_sample(&f->spot_launch, s->spot->sfail)),
			     spot_event);
		break;
	default:
		s->spot->phase[h] = SIM_SPOT_RUNNING;
		s->st.spot_replacements++;
		maint_spot_event(s, h, "spot-instance-replaced", "replaced: the new instance is up");
		fail_host_up(s, h);
		if (s->spot->rule[h] >= 0)
			eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(
				&f->spot[s->spot->rule[h]].ttf, s->spot->sfail)), spot_event);
		break;
	}
}

/* A RUNNING FARGATE_SPOT task of the service, drawn uniformly, gets the
 * two-minute warning (SIGTERM, stopCode TerminationNotice): it stops, and
 * the service launches its replacement at once. */
static void spot_fargate_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_spot_service *x = ENG_CONTAINER_OF(ev, sim_spot_service, ev);
	sim_service *v = &s->svcs[x->svc];
	int64_t k = (int64_t)gsl_rng_uniform_int(s->spot->sfail, (unsigned long)v->spot_running);
	sim_task *t;

	metrics_service(s, v);
	x->drawn_for = -1; /* draw the next one in spot_service_changed */
	for (t = v->tasks; t; t = t->snext)
		if (t->spot && t->state == SIM_RUNNING && k-- == 0)
			break;
	if (!t)
		return;
	s->st.fargate_spot_interruptions++;
	life_stop(s, v, t, SIM_END_SPOT, 0);
}

/* A time of the times file: the first running Spot instance (by index) of
 * the line's type gets the notice; none running, the line is skipped. */
static void spot_file_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	const sc_failures *f = &s->sc->failures;
	int32_t type = f->spot_time_type[s->spot->next_time++];

	for (int32_t h = 0; h < s->base_hosts; h++)
		if (s->host_spot[h] && s->spot->phase[h] == SIM_SPOT_RUNNING && s->fail->down_by[h] == 0 &&
		    (type < 0 || s->cl.hosts[h].type == type)) {
			spot_notice(s, h);
			break;
		}
	if (s->spot->next_time < f->nspot_times)
		eng_schedule(e, ev, f->spot_times[s->spot->next_time], spot_file_event);
}

static void spot_start(sim *s)
{
	const sc_failures *f = &s->sc->failures;
	size_t nb = (size_t)s->base_hosts + 1;

	s->spot->phase = xcalloc(nb, sizeof(*s->spot->phase));
	s->spot->rule = xcalloc(nb, sizeof(*s->spot->rule));
	s->spot->ev = xcalloc(nb, sizeof(*s->spot->ev));
	for (int32_t h = 0; h < s->base_hosts; h++) {
		int32_t r = -1;
		for (int k = 0; s->host_spot[h] && k < f->spot_rules; k++)
			if (f->spot[k].type == s->cl.hosts[h].type || (f->spot[k].type < 0 && r < 0))
				r = k;
		s->spot->rule[h] = r;
		if (r >= 0)
			eng_schedule(&s->eng, &s->spot->ev[h],
				     1 + s_to_us(dist_sample(&f->spot[r].ttf, s->spot->sfail)), spot_event);
	}
	if (f->nspot_times)
		eng_schedule(&s->eng, &s->spot->file_ev, f->spot_times[0], spot_file_event);
}

/* FARGATE_SPOT interruptions hit each RUNNING Spot task at a constant
 * rate, so the service's next one is exponential with rate x tasks; being
 * memoryless it may be drawn again whenever that count changes. */
static void spot_service_changed(sim *s, sim_service *v)
{
	sim_spot_service *x;
	double rate = s->sc->failures.fargate_spot_rate;

	if (rate <= 0 || !s->spot->fsvc)
		return;
	x = &s->spot->fsvc[v->index];
	if (v->spot_running == x->drawn_for)
		return;
	x->drawn_for = v->spot_running;
	eng_cancel(&s->eng, &x->ev);
	if (v->spot_running > 0)
		eng_schedule(&s->eng, &x->ev, s->eng.now + 1 + s_to_us(
			gsl_ran_exponential(s->spot->sfail, 1.0 / (rate * (double)v->spot_running))),
			spot_fargate_event);
}

static int spot_init(sim *s, const sim_opts *o, ecs_err *e)
{
	s->spot->sfail = rng_stream_new(s->seed, "spot-interruptions", 0);
	s->spot->fsvc = xcalloc((size_t)s->nsvcs + 1, sizeof(*s->spot->fsvc));
	for (int i = 0; i < s->nsvcs; i++)
		s->spot->fsvc[i].svc = i;
	return 0;
}

static void spot_destroy(sim *s)
{
	sim_spot *p = s->spot;

	if (p->sfail)
		gsl_rng_free(p->sfail);
	free(p->phase);
	free(p->rule);
	free(p->ev);
	free(p->fsvc);
	free(s->spot);
}

static void spot_create(sim *s)
{
	s->spot = xcalloc(1, sizeof(*s->spot));
}

const sim_module spot_module = {
	.name = "spot",
	.create = spot_create,
	.init = spot_init,
	.start = spot_start,
	.destroy = spot_destroy,
	.service_changed = spot_service_changed,
};
