/* metrics.c - time-weighted statistics of the cluster and of each service, instance-
 * hours by instance type and purchase option, and the periodic samples.
 * Accumulates before every event (the engine hook); knows no file format.
 */
#include "metrics.h"

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
#include "sim.h"

void metrics_accumulate(sim *s)
{
	int64_t now = s->eng.now;
	double dt;

	if (now <= s->st.last)
		return;
	dt = us_to_s(now - s->st.last);
	s->st.running += dt * (double)(s->cl.tasks_running + s->fargate_tasks);
	s->st.cpu_used += dt * (double)s->cl.cpu_used;
	s->st.cpu_up += dt * (double)s->cl.cpu_up;
	s->st.mem_used += dt * (double)s->cl.mem_used;
	s->st.mem_up += dt * (double)s->cl.mem_up;
	s->st.hosts_up += dt * s->cl.hosts_up;
	s->st.hosts_busy += dt * s->cl.hosts_busy;
	s->st.cost_usd += dt / 3600.0 * (s->cl.price_up + s->fargate_rate);
	s->st.fargate_cost_usd += dt / 3600.0 * s->fargate_rate;
	s->st.fargate_vcpu_hours += dt / 3600.0 * s->fargate_vcpu;
	s->st.fargate_gb_hours += dt / 3600.0 * s->fargate_gb;
	/* idle: the share of the instances up that no task reserves, by the
	 * scarcer of CPU and memory, cluster-wide */
	if (s->cl.cpu_up > 0 && s->cl.mem_up > 0) {
		double cpu = (double)s->cl.cpu_used / (double)s->cl.cpu_up;
		double mem = (double)s->cl.mem_used / (double)s->cl.mem_up;
		double used = cpu > mem ? cpu : mem;
		s->st.idle_cost_usd += dt / 3600.0 * s->cl.price_up * (used < 1 ? 1 - used : 0);
	}
	s->st.last = now;
}

void metrics_service(sim *s, sim_service *v)
{
	int64_t now = s->eng.now;
	double dt;

	if (now <= v->since)
		return;
	dt = us_to_s(now - v->since);
	/* Only healthy tasks serve: a task starting, unhealthy or stopping does not. */
	if (v->desired > 0) {
		double f = (double)v->healthy / (double)v->desired;
		v->avail_area += dt * (f < 1 ? f : 1);
		if (v->healthy == 0)
			v->down_s += dt;
		if (v->healthy < v->desired)
			v->degraded_s += dt;
	} else {
		v->avail_area += dt;
	}
	/* Demand is held between the service's accumulation points (its
	 * events, every sample and every autoscaling minute). */
	if (v->sc->demand.given) {
		load_util u = load_apply(&v->sc->demand, v->demand, v->healthy);
		v->demand_area += dt * v->demand;
		v->unserved_area += dt * u.unserved;
		if (u.unserved > 0)
			v->overloaded_s += dt;
		v->demand = load_demand(&v->sc->demand, now);
	}
	v->since = now;
}

double sim_service_availability(const sim *s, const sim_service *v)
{
	double elapsed = us_to_s(v->since);
	return elapsed > 0 ? v->avail_area / elapsed : 1.0;
}

/* Instance-hours of a class run lazily: brought up to now before its
 * count of instances up changes, and when read. */
void metrics_class_change(sim *s, int32_t h, int d)
{
	int32_t c = s->cl.hosts[h].type * 2 + s->spot[h];

	s->class_hours[c] += us_to_s(s->eng.now - s->class_last[c]) / 3600.0 * s->class_up[c];
	s->class_last[c] = s->eng.now;
	s->class_up[c] += d;
}

double sim_instance_hours(const sim *s, int32_t type, int spot)
{
	int32_t c = type * 2 + !!spot;
	return s->class_hours[c] + us_to_s(s->eng.now - s->class_last[c]) / 3600.0 * s->class_up[c];
}

int32_t sim_instance_count(const sim *s, int32_t type, int spot)
{
	return s->class_total[type * 2 + !!spot];
}

void metrics_sample(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int64_t next;

	for (int i = 0; i < s->nsvcs; i++)
		metrics_service(s, &s->svcs[i]);
	if (s->obs.sample)
		s->obs.sample(s->obs.ctx, s);
	next = e->now + s->sc->metrics_interval;
	if (next <= s->sc->duration)
		eng_schedule(e, ev, next, metrics_sample);
}
