/* fargate.c - FARGATE: service tasks without hosts, placed in the zone with the
 * fewest of the service's tasks and billed per second with a minimum.
 * FARGATE_SPOT interruptions are in spot.c.
 */
#include "fargate.h"

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

/* USD per hour of a FARGATE task: its vCPU and GB at the scenario's prices. */
static double fargate_price(const sim *s, const sim_task *t)
{
	const sc_taskdef *td = &s->sc->taskdefs[t->td];
	return td->cpu / 1024.0 * (t->spot ? s->sc->fargate_spot_vcpu_hour
					   : s->sc->fargate_vcpu_hour) +
	       td->memory / 1024.0 * (t->spot ? s->sc->fargate_spot_gb_hour
					      : s->sc->fargate_gb_hour);
}

/* FARGATE always has room; a task goes to the zone with the fewest starting
 * or RUNNING tasks of the service (the first such zone on a tie). */
void fargate_place(sim *s, sim_service *v, sim_task *t)
{
	int32_t best = 0;

	for (int z = 1; z < s->sc->nzones; z++)
		if (v->zone_live[z] < v->zone_live[best])
			best = z;
	s->st.submitted++;
	s->st.placed++;
	t->fargate = 1;
	t->zone = best;
	t->start = s->eng.now;
	s->fargate_tasks++;
	s->fargate_rate += fargate_price(s, t);
	s->fargate_vcpu += s->sc->taskdefs[t->td].cpu / 1024.0;
	s->fargate_gb += s->sc->taskdefs[t->td].memory / 1024.0;
}

/* Billed per second with a minimum (1 minute by default). */
void fargate_min_charge(sim *s, const sim_task *t)
{
	int64_t ran = s->eng.now - t->start;

	if (ran < s->sc->fargate_min_billed) {
		double c = us_to_s(s->sc->fargate_min_billed - ran) / 3600.0 * fargate_price(s, t);
		s->st.cost_usd += c;
		s->st.fargate_cost_usd += c;
	}
}

void fargate_release(sim *s, const sim_task *t)
{
	fargate_min_charge(s, t);
	s->fargate_rate = --s->fargate_tasks ? s->fargate_rate - fargate_price(s, t) : 0;
	s->fargate_vcpu = s->fargate_tasks ? s->fargate_vcpu - s->sc->taskdefs[t->td].cpu / 1024.0
					   : 0;
	s->fargate_gb = s->fargate_tasks ? s->fargate_gb - s->sc->taskdefs[t->td].memory / 1024.0
					 : 0;
}
