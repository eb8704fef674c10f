/* metrics.c - time-weighted statistics, instance-hours and samples (see
 * metrics.h). */
#include "model.h"
#include "metrics.h"
#include "demand.h"
#include "sim/cluster/gpufrag.h"

#include <math.h>
#include <stdlib.h>

#define HOUR_US (3600 * USEC_PER_SEC)

double metrics_class_hours_at(const sim_metrics *m, int32_t c, int64_t t)
{
	return m->class_hours[c] + us_to_s(t - m->class_last[c]) / 3600.0 * m->class_up[c];
}

/* Closes every clock hour (from time 0) that ends in (st.last, now] for
 * $.pricing: its on-demand usage, from the integrals at its end, goes
 * through bill_hour.  Rates are constant since st.last. */
static void close_hours(sim *s, int64_t now)
{
	sim_metrics *m = s->metrics;
	bill_clock *b = m->bill;
	const scenario *sc = s->sc;
	double fg_last = s->st.fargate_cost_usd - s->st.fargate_spot_usd;
	double fg_rate = s->fargate.rate - s->fargate.spot_rate;

	while (b->hour_start + HOUR_US <= now) {
		int64_t end = b->hour_start + HOUR_US;
		double fg = fg_last + us_to_s(end - s->st.last) / 3600.0 * fg_rate;
		bill_usage u = { .frac = 1, .fargate_usd = fg - b->fargate_od,
				 .type_hours = b->scratch };
		for (int32_t t = 0; t < sc->ntypes; t++) {
			double h = metrics_class_hours_at(m, 2 * t, end);
			b->scratch[t] = h - b->od_hours[t];
			u.ec2_usd += b->scratch[t] * sc->types[t].price;
			b->od_hours[t] = h;
		}
		bill_hour(sc, &u, &b->closed);
		b->fargate_od = fg;
		b->hour_start = end;
	}
}

/* Adds dt seconds at the cluster's present rates to st (the rates read
 * first: st may be s->st). */
static void add_cluster(const sim *s, double dt, sim_stats *st)
{
	const cl_cluster *cl = &s->cl;
	double price = cl->price_up, fg = s->fargate.rate;

	st->running += dt * (double)(cl->tasks_running + s->fargate.tasks);
	st->cpu_used += dt * (double)cl->cpu_used;
	st->cpu_up += dt * (double)cl->cpu_up;
	st->mem_used += dt * (double)cl->mem_used;
	st->mem_up += dt * (double)cl->mem_up;
	st->hosts_up += dt * cl->hosts_up;
	st->hosts_busy += dt * cl->hosts_busy;
	if (cl->gpu_up > 0) {
		double whole = (double)cl->gpu_whole * CL_GPU_MILLI;
		st->gpu_up += dt * (double)cl->gpu_up;
		st->gpu_whole += dt * whole;
		st->gpu_share += dt * (double)cl->gpu_share_milli;
		st->gpu_idle += dt * ((double)cl->gpu_up * CL_GPU_MILLI - whole -
				      (double)cl->gpu_share_milli);
		if (cl->frag)
			st->gpu_frag += dt * gf_total(cl->frag);
	}
	st->cost_usd += dt / 3600.0 * (price + fg + s->warm_rate);
	st->fargate_cost_usd += dt / 3600.0 * fg;
	st->fargate_spot_usd += dt / 3600.0 * s->fargate.spot_rate;
	st->fargate_vcpu_hours += dt / 3600.0 * s->fargate.vcpu;
	st->fargate_gb_hours += dt / 3600.0 * s->fargate.gb;
	/* idle: the share of the instances up that no task reserves, by the
	 * scarcer of CPU and memory, cluster-wide */
	if (cl->cpu_up > 0 && cl->mem_up > 0) {
		double cpu = (double)cl->cpu_used / (double)cl->cpu_up;
		double mem = (double)cl->mem_used / (double)cl->mem_up;
		double used = cpu > mem ? cpu : mem;
		st->idle_cost_usd += dt / 3600.0 * price * (used < 1 ? 1 - used : 0);
	}
}

void metrics_accumulate(sim *s)
{
	int64_t now = s->eng.now;

	if (now <= s->st.last)
		return;
	if (s->metrics->bill)
		close_hours(s, now);
	add_cluster(s, us_to_s(now - s->st.last), &s->st);
	s->st.last = now;
}

void metrics_totals_at(const sim *s, int64_t t, sim_stats *out)
{
	*out = s->st;
	if (t > s->st.last) {
		add_cluster(s, us_to_s(t - s->st.last), out);
		out->last = t;
	}
}

void metrics_close_hours(sim *s)
{
	if (s->metrics->bill && s->eng.now > s->st.last)
		close_hours(s, s->eng.now);
}

double metrics_minute(const sim_service *v, const metrics_mark *k, int m)
{
	double cov = v->m_covered - k->covered, dt = us_to_s(v->since - k->at);

	switch (m) {
	case SC_AM_CPU: return cov > 0 ? (v->m_cpu - k->cpu) / cov : NAN;
	case SC_AM_MEMORY: return cov > 0 ? (v->m_mem - k->mem) / cov : NAN;
	case SC_AM_REQUESTS: return cov > 0 ? (v->m_req - k->req) / cov : NAN;
	case SC_AM_UNSERVED: return dt > 0 ? (v->unserved_area - k->unserved) / dt : NAN;
	case SC_AM_UNHEALTHY: return dt > 0 ? (v->m_unhealthy - k->unhealthy) / dt : NAN;
	}
	return NAN;
}

void metrics_minute_mark(const sim_service *v, metrics_mark *k)
{
	*k = (metrics_mark){ .cpu = v->m_cpu, .mem = v->m_mem, .req = v->m_req,
			     .covered = v->m_covered, .unserved = v->unserved_area,
			     .unhealthy = v->m_unhealthy, .at = v->since };
}

demand_util metrics_util(const sim_service *v)
{
	/* while traffic shifts, the old revision's healthy tasks are old_healthy */
	return demand_apply_split(&v->sc->demand, v->demand, v->green_w, v->old_healthy,
				  v->healthy - v->old_healthy);
}

/* What dt seconds at v's present counts and demand (u: what its healthy
 * tasks make of it) add to its sums. */
static metrics_sums service_add(const sim_service *v, const demand_util *u, double dt)
{
	metrics_sums d = { 0 };

	/* Only healthy tasks serve: a task starting, unhealthy or stopping does not. */
	if (v->desired > 0) {
		double f = (double)v->healthy / (double)v->desired;
		d.avail = dt * (f < 1 ? f : 1);
		if (v->healthy == 0)
			d.down = dt;
		if (v->healthy < v->desired)
			d.degraded = dt;
	} else {
		d.avail = dt;
	}
	if (v->sc->demand.given) {
		d.demand = dt * v->demand;
		d.unserved = dt * u->unserved;
		if (u->unserved > 0)
			d.overloaded = dt;
	}
	return d;
}

void metrics_service(sim *s, sim_service *v)
{
	int64_t now = s->eng.now;
	demand_util u = { 0 };
	metrics_sums d;
	double dt;

	if (now <= v->since)
		return;
	dt = us_to_s(now - v->since);
	if (v->sc->demand.given)
		u = metrics_util(v);
	/* (adding 0 where nothing accrued leaves a sum as it was, bit for bit) */
	d = service_add(v, &u, dt);
	v->avail_area += d.avail;
	v->down_s += d.down;
	v->degraded_s += d.degraded;
	/* Demand is held between the service's accumulation points (its
	 * events, every sample and every autoscaling minute). */
	v->m_unhealthy += dt * (double)(v->running - v->healthy);
	if (v->sc->demand.given) {
		v->demand_area += d.demand;
		v->unserved_area += d.unserved;
		v->overloaded_s += d.overloaded;
		if (v->healthy > 0) {
			v->m_cpu += dt * u.cpu;
			v->m_mem += dt * u.mem;
			v->m_req += dt * v->demand * 60 / (double)v->healthy;
			v->m_covered += dt;
		}
		v->demand = demand_at(&v->sc->demand, now);
	}
	v->since = now;
}

void metrics_service_at(const sim_service *v, int64_t t, metrics_sums *out)
{
	demand_util u = { 0 };

	*out = (metrics_sums){ .avail = v->avail_area, .down = v->down_s,
			       .degraded = v->degraded_s, .demand = v->demand_area,
			       .unserved = v->unserved_area, .overloaded = v->overloaded_s };
	if (t > v->since) {
		metrics_sums d;
		if (v->sc->demand.given)
			u = metrics_util(v);
		d = service_add(v, &u, us_to_s(t - v->since));
		out->avail += d.avail;
		out->down += d.down;
		out->degraded += d.degraded;
		out->demand += d.demand;
		out->unserved += d.unserved;
		out->overloaded += d.overloaded;
	}
}

double metrics_availability(const sim_service *v)
{
	double elapsed = us_to_s(v->since);
	return elapsed > 0 ? v->avail_area / elapsed : 1.0;
}

/* Instance-hours of a class run lazily: brought up to now before its
 * count of instances up changes, and when read. */
void metrics_class_change(sim *s, int32_t h, int d)
{
	sim_metrics *m = s->metrics;
	int32_t c = s->cl.hosts[h].type * 2 + s->host_spot[h];

	m->class_hours[c] += us_to_s(s->eng.now - m->class_last[c]) / 3600.0 * m->class_up[c];
	m->class_last[c] = s->eng.now;
	m->class_up[c] += d;
}

static void sample(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int64_t next;

	for (int i = 0; i < s->nsvcs; i++)
		metrics_service(s, &s->svcs[i]);
	if (s->obs.sample)
		s->obs.sample(s->obs.ctx, s);
	next = e->now + s->sc->metrics_interval;
	if (next <= s->sc->duration)
		eng_schedule(e, ev, next, sample);
}

/* Instance-hours by class: every host of $.cluster and of the managed
 * groups (trace machines have no instance type and no price). */
static int metrics_init(sim *s, const sim_opts *o, ecs_err *e)
{
	sim_metrics *m = s->metrics;
	const cl_cluster *cl = &s->cl;

	m->nclass = 2 * s->sc->ntypes;
	m->class_total = xcalloc((size_t)m->nclass + 1, sizeof(*m->class_total));
	m->class_up = xcalloc((size_t)m->nclass + 1, sizeof(*m->class_up));
	m->class_hours = xcalloc((size_t)m->nclass + 1, sizeof(*m->class_hours));
	m->class_last = xcalloc((size_t)m->nclass + 1, sizeof(*m->class_last));
	for (int32_t h = 0; h < cl->nhosts; h++) {
		if (cl->hosts[h].type < 0)
			continue;
		m->class_total[cl->hosts[h].type * 2 + s->host_spot[h]]++;
		if (cl->hosts[h].state != CL_DOWN)
			m->class_up[cl->hosts[h].type * 2 + s->host_spot[h]]++;
	}
	if (s->sc->pricing.given) {
		m->bill = xcalloc(1, sizeof(*m->bill));
		m->bill->od_hours = xcalloc((size_t)s->sc->ntypes + 1, sizeof(double));
		m->bill->scratch = xcalloc((size_t)s->sc->ntypes + 1, sizeof(double));
	}
	return 0;
}

/* Time 0: the first sample sees the empty cluster. */
static void metrics_start(sim *s)
{
	eng_schedule(&s->eng, &s->metrics->sample_ev, 0, sample);
}

/* A piecewise demand (steps, csv, spikes) changes: its integrals are
 * brought up to now with the old value, which the new one replaces, so
 * that demand, unserved demand and the autoscaling averages are exact
 * (a continuous curve is held between the service's accumulation points). */
static void demand_change(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, demand_ev);
	int64_t next = demand_next_change(&v->sc->demand, e->now);

	metrics_service(s, v);
	if (next < s->sc->duration)
		eng_schedule(e, ev, next, demand_change);
}

static void metrics_start_service(sim *s, sim_service *v)
{
	int64_t next;

	if (!v->sc->demand.given)
		return;
	next = demand_next_change(&v->sc->demand, 0);
	if (next < s->sc->duration)
		eng_schedule(&s->eng, &v->demand_ev, next, demand_change);
}

/* The books closed at the end: a last sample when the interval does not
 * divide the duration. */
static void metrics_finish(sim *s)
{
	metrics_accumulate(s);
	for (int i = 0; i < s->nsvcs; i++)
		metrics_service(s, &s->svcs[i]);
	if (s->sc->duration % s->sc->metrics_interval && s->obs.sample)
		s->obs.sample(s->obs.ctx, s);
}

static void metrics_destroy(sim *s)
{
	sim_metrics *m = s->metrics;

	free(m->class_total);
	free(m->class_up);
	free(m->class_hours);
	free(m->class_last);
	if (m->bill) {
		free(m->bill->od_hours);
		free(m->bill->scratch);
		free(m->bill);
	}
	free(s->metrics);
}

static void metrics_create(sim *s)
{
	s->metrics = xcalloc(1, sizeof(*s->metrics));
}

const sim_module metrics_module = {
	.name = "metrics",
	.create = metrics_create,
	.init = metrics_init,
	.start = metrics_start,
	.start_service = metrics_start_service,
	.finish = metrics_finish,
	.destroy = metrics_destroy,
};
