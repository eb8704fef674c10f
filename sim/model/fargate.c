/* fargate.c - FARGATE tasks, placed by zone and billed per second (see
 * fargate.h). */
#include "model.h"
#include "fargate.h"

/* USD per hour of a FARGATE task: its vCPU and GB at the scenario's prices. */
static double fargate_price(const sim *s, const sim_task *t)
{
	const sc_taskdef *td = &s->sc->taskdefs[t->td];
	return td->cpu / 1024.0 * (t->spot ? s->sc->fargate_spot_vcpu_hour
					   : s->sc->fargate_vcpu_hour) +
	       td->memory / 1024.0 * (t->spot ? s->sc->fargate_spot_gb_hour
					      : s->sc->fargate_gb_hour);
}

/* FARGATE always has room, in every zone that is not out.  A task goes to
 * zone if one is asked (AZ rebalancing), else to the zone with the fewest
 * starting or RUNNING tasks of the service (the first such zone on a
 * tie); -1 if that zone, or every zone, is out: the caller takes the
 * task back (task_unsubmit). */
int fargate_place(sim *s, sim_service *v, sim_task *t, int32_t zone)
{
	int32_t best = -1;

	s->st.submitted++; /* (task_unsubmit takes it back on -1) */
	if (zone >= 0) {
		best = s->zone_out[zone] ? -1 : zone;
	} else {
		for (int z = 0; z < s->sc->nzones; z++)
			if (!s->zone_out[z] && (best < 0 || v->zone_live[z] < v->zone_live[best]))
				best = z;
	}
	if (best < 0)
		return -1;
	s->st.placed++;
	t->fargate = 1;
	t->zone = best;
	t->start = s->eng.now;
	s->fargate.tasks++;
	s->fargate.rate += fargate_price(s, t);
	if (t->spot) {
		s->fargate.spot_rate += fargate_price(s, t);
		s->st.fargate_spot_tasks++;
	} else {
		s->st.fargate_tasks++;
	}
	s->fargate.vcpu += s->sc->taskdefs[t->td].cpu / 1024.0;
	s->fargate.gb += s->sc->taskdefs[t->td].memory / 1024.0;
	return 0;
}

/* Billed per second with a minimum (1 minute by default). */
static void min_charge(sim *s, const sim_task *t)
{
	int64_t ran = s->eng.now - t->start;

	if (ran < s->sc->fargate_min_billed) {
		double c = us_to_s(s->sc->fargate_min_billed - ran) / 3600.0 * fargate_price(s, t);
		s->st.cost_usd += c;
		s->st.fargate_cost_usd += c;
		if (t->spot)
			s->st.fargate_spot_usd += c;
	}
}

void fargate_release(sim *s, const sim_task *t)
{
	min_charge(s, t);
	s->fargate.rate = --s->fargate.tasks ? s->fargate.rate - fargate_price(s, t) : 0;
	if (!s->fargate.tasks)
		s->fargate.spot_rate = 0;
	else if (t->spot)
		s->fargate.spot_rate -= fargate_price(s, t);
	s->fargate.vcpu = s->fargate.tasks ? s->fargate.vcpu - s->sc->taskdefs[t->td].cpu / 1024.0
					   : 0;
	s->fargate.gb = s->fargate.tasks ? s->fargate.gb - s->sc->taskdefs[t->td].memory / 1024.0
					 : 0;
}

/* FARGATE tasks still running at the end: billed at least the minimum,
 * and reported like those on hosts. */
static void fargate_finish(sim *s)
{
	for (int i = 0; i < s->nsvcs; i++)
		for (const sim_task *t = s->svcs[i].tasks; t; t = t->snext)
			if (t->fargate) {
				min_charge(s, t);
				sim_report_task(s, t, SIM_END_RUNNING, NULL, NULL, NULL);
			}
}

const sim_module fargate_module = {
	.name = "fargate",
	.finish = fargate_finish,
};
