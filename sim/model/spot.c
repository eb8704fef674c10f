/* spot.c - Spot interruptions: EC2 Spot instances (a notice, optional draining,
 * termination, a replacement after a launch time) and FARGATE_SPOT
 * tasks (a two-minute warning, then stopped and replaced).
 */
#include "spot.h"

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
#include "failures.h"
#include "lifecycle.h"
#include "maintenance.h"
#include "metrics.h"
#include "sim.h"

static void spot_event(eng *e, eng_event *ev);

enum { SIM_SPOT_RUNNING, SIM_SPOT_NOTICED, SIM_SPOT_TERMINATED };

static void spot_detail(sim *s, int32_t h, char *d, size_t n, const char *what)
{
	const cl_host *ho = &s->cl.hosts[h];
	char id[24];

	cl_host_instance_id(h, id);
	snprintf(d, n, "Spot instance %s (%s, zone %s) %s", id, s->sc->types[ho->type].name,
		 s->sc->zones[ho->zone], what);
}

static void spot_notice(sim *s, int32_t h)
{
	char d[200], what[80];

	s->spot_phase[h] = SIM_SPOT_NOTICED;
	s->st.spot_notices++;
	snprintf(what, sizeof(what), "got an interruption notice: terminated in %.0f s",
		 us_to_s(s->sc->failures.spot_notice));
	spot_detail(s, h, d, sizeof(d), what);
	sim_cluster_event(s, "spot-interruption-notice", d);
	/* the maintenance drain marks its hosts with its entry; Spot uses the
	 * index after the last entry */
	if (s->sc->spot_draining && s->drained_by[h] < 0)
		maint_drain_host(s, h, s->sc->ndrains);
	eng_cancel(&s->eng, &s->spot_ev[h]);
	eng_schedule(&s->eng, &s->spot_ev[h], s->eng.now + s->sc->failures.spot_notice,
		     spot_event);
}

static void spot_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t h = (int32_t)(ev - s->spot_ev);
	const sc_failures *f = &s->sc->failures;
	char d[200];

	switch (s->spot_phase[h]) {
	case SIM_SPOT_RUNNING:
		spot_notice(s, h);
		break;
	case SIM_SPOT_NOTICED:
		s->spot_phase[h] = SIM_SPOT_TERMINATED;
		s->st.spot_interruptions++;
		if (s->down_by[h] == 0)
			for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
				const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
				s->st.spot_tasks_killed += t->svc >= 0 && t->state <= SIM_RUNNING;
			}
		spot_detail(s, h, d, sizeof(d), "terminated");
		sim_cluster_event(s, "spot-instance-terminated", d);
		fail_host_down(s, h);
		if (s->drained_by[h] == s->sc->ndrains)
			s->drained_by[h] = -1;
		eng_schedule(e, ev, e->now + s_to_us(dist_sample(&f->spot_launch, s->sfail)),
			     spot_event);
		break;
	default:
		s->spot_phase[h] = SIM_SPOT_RUNNING;
		s->st.spot_replacements++;
		spot_detail(s, h, d, sizeof(d), "replaced: the new instance is up");
		sim_cluster_event(s, "spot-instance-replaced", d);
		fail_host_up(s, h);
		if (s->spot_rule[h] >= 0)
			eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(
				&f->spot[s->spot_rule[h]].ttf, s->sfail)), spot_event);
		break;
	}
}

/* A RUNNING FARGATE_SPOT task of the service, drawn uniformly, gets the
 * two-minute warning (SIGTERM, stopCode TerminationNotice): it stops, and
 * the service launches its replacement at once. */
void spot_fargate_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, spot_ev);
	int64_t k = (int64_t)gsl_rng_uniform_int(s->sfail, (unsigned long)v->spot_running);
	sim_task *t;

	metrics_service(s, v);
	v->spot_drawn_for = -1; /* draw the next one in svc_changed */
	for (t = v->tasks; t; t = t->snext)
		if (t->spot && t->state == SIM_RUNNING && k-- == 0)
			break;
	if (!t)
		return;
	s->st.fargate_spot_interruptions++;
	life_stop(s, v, t, SIM_END_SPOT, "Your Spot Task was interrupted.");
}

/* A time of the times file: the first running Spot instance (by index) of
 * the line's type gets the notice; none running, the line is skipped. */
static void spot_file_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	const sc_failures *f = &s->sc->failures;
	int32_t type = f->spot_time_type[s->next_spot_time++];

	for (int32_t h = 0; h < s->base_hosts; h++)
		if (s->spot[h] && s->spot_phase[h] == SIM_SPOT_RUNNING && s->down_by[h] == 0 &&
		    (type < 0 || s->cl.hosts[h].type == type)) {
			spot_notice(s, h);
			break;
		}
	if (s->next_spot_time < f->nspot_times)
		eng_schedule(e, ev, f->spot_times[s->next_spot_time], spot_file_event);
}

void spot_start(sim *s)
{
	const sc_failures *f = &s->sc->failures;
	size_t nb = (size_t)s->base_hosts + 1;

	s->spot_phase = xcalloc(nb, sizeof(*s->spot_phase));
	s->spot_rule = xcalloc(nb, sizeof(*s->spot_rule));
	s->spot_ev = xcalloc(nb, sizeof(*s->spot_ev));
	for (int32_t h = 0; h < s->base_hosts; h++) {
		int32_t r = -1;
		for (int k = 0; s->spot[h] && k < f->spot_rules; k++)
			if (f->spot[k].type == s->cl.hosts[h].type || (f->spot[k].type < 0 && r < 0))
				r = k;
		s->spot_rule[h] = r;
		if (r >= 0)
			eng_schedule(&s->eng, &s->spot_ev[h],
				     1 + s_to_us(dist_sample(&f->spot[r].ttf, s->sfail)), spot_event);
	}
	if (f->nspot_times)
		eng_schedule(&s->eng, &s->spot_file_ev, f->spot_times[0], spot_file_event);
}
