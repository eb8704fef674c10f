/* metrics.c - time-weighted statistics, instance-hours and samples (see
 * metrics.h). */
#include "model.h"
#include "metrics.h"
#include "demand.h"
#include "sim/cluster/gpufrag.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Recovery: the state of v held over (v->since, now], which has a length.
 * A stretch below desired healthy that follows a time with desired
 * healthy ends when the service is back to it.  Changes at one instant
 * that undo each other make no stretch. */
static void recovery(sim *s, const sim_service *v)
{
	metrics_svc *r = &s->metrics->svc[v->index];
	int below = v->desired > 0 && v->healthy < v->desired;

	if (below && !r->below && r->whole) {
		r->below = 1;
		r->below_since = v->since;
	} else if (!below) {
		if (r->below)
			qtl_add(&s->metrics->recovery, us_to_s(v->since - r->below_since));
		r->below = 0;
		r->whole = 1;
	}
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
	recovery(s, v);
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

/* Borg's stranded resources (docs/outputs.md, hosts.csv): what is free on
 * an up host but cannot be used because another resource every task needs
 * is exhausted there.  CPU is stranded by exhausted memory, memory by
 * exhausted CPU, free whole GPUs by either; an exhausted GPU strands
 * nothing, as tasks without GPUs still fit.  (A host without GPUs has
 * gpu_free 0, so g is touched only when there are GPUs free.) */
void metrics_host_advance(const sim *s, int32_t h, metrics_host *x, metrics_gpu *g,
			  int64_t now)
{
	const cl_host *ho = &s->cl.hosts[h];
	const sim_metrics *m = s->metrics;
	double dt;
	int cpu_out, mem_out;

	if (now <= x->last)
		return;
	if (ho->state != CL_DOWN) {
		dt = us_to_s(now - x->last);
		cpu_out = ho->cpu_free < m->min_cpu;
		mem_out = ho->mem_free < m->min_mem;
		x->up_s += dt;
		x->cpu_free += dt * ho->cpu_free;
		x->mem_free += dt * ho->mem_free;
		if (mem_out)
			x->cpu_strand += dt * ho->cpu_free;
		if (cpu_out)
			x->mem_strand += dt * ho->mem_free;
		if (ho->gpu_free > 0 && g) {
			g->free += dt * ho->gpu_free;
			if (cpu_out || mem_out)
				g->strand += dt * ho->gpu_free;
		}
	}
	x->last = now;
}

/* Records for hosts from m->nhost up to n (all hosts at init; a host added
 * later gets one when it first changes), on 64-byte lines. */
static void hosts_grow(sim *s, int32_t n)
{
	sim_metrics *m = s->metrics;
	void *block = NULL;

	if (posix_memalign(&block, 64, ((size_t)n + 1) * sizeof(*m->host)) != 0)
		block = xmalloc((size_t)-1 / 2); /* reports out-of-memory */
	if (m->nhost)
		memcpy(block, m->host, (size_t)m->nhost * sizeof(*m->host));
	free(m->host);
	m->host = block;
	for (int32_t h = m->nhost; h < n; h++) {
		m->host[h] = (metrics_host){ .last = s->eng.now, .gpu = -1 };
		if (s->cl.hosts[h].gpu_total > 0) {
			m->gpu = xrealloc(m->gpu, ((size_t)m->ngpu + 1) * sizeof(*m->gpu));
			m->gpu[m->ngpu] = (metrics_gpu){ 0 };
			m->host[h].gpu = m->ngpu++;
		}
	}
	m->nhost = n;
}

/* The cluster's pre-change hook: host h is about to change. */
static void host_changing(void *ctx, int32_t h, enum cl_change what)
{
	sim *s = ctx;
	sim_metrics *m = s->metrics;
	metrics_host *x;

	if (h >= m->nhost)
		hosts_grow(s, s->cl.nhosts);
	x = &m->host[h];
	metrics_host_advance(s, h, x, x->gpu >= 0 ? &m->gpu[x->gpu] : NULL, s->eng.now);
	x->placed += what == CL_CHANGE_PLACE;
}

void metrics_task_running(sim *s, const sim_task *t)
{
	qtl_add(&s->metrics->start_latency, us_to_s(s->eng.now - t->submit));
}

/* From $.measureFrom on, the percentiles are those of what happens from
 * then: the sets start again empty (a recovery that began before ends in
 * them whole). */
void metrics_measure_from(sim *s)
{
	qtl *q[] = { &s->metrics->start_latency, &s->metrics->pending, &s->metrics->recovery };

	for (size_t i = 0; i < sizeof(q) / sizeof(*q); i++) {
		qtl_destroy(q[i]);
		qtl_init(q[i], 0);
	}
}

void metrics_task_placed(sim *s, const sim_task *t)
{
	qtl_add(&s->metrics->pending, us_to_s(s->eng.now - t->submit));
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
	m->min_cpu = m->min_mem = 0;
	for (int i = 0; i < s->sc->ntaskdefs; i++) {
		const sc_taskdef *td = &s->sc->taskdefs[i];
		if (td->cpu > 0 && (m->min_cpu == 0 || td->cpu < m->min_cpu))
			m->min_cpu = td->cpu;
		if (td->memory > 0 && (m->min_mem == 0 || td->memory < m->min_mem))
			m->min_mem = td->memory;
	}
	if (m->min_cpu == 0)
		m->min_cpu = 1;
	if (m->min_mem == 0)
		m->min_mem = 1;
	if (o && o->host_figures) {
		hosts_grow(s, cl->nhosts);
		s->cl.prechange = host_changing;
		s->cl.prechange_ctx = s;
	}
	qtl_init(&m->start_latency, 0);
	qtl_init(&m->pending, 0);
	qtl_init(&m->recovery, 0);
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

static void metrics_init_service(sim *s, sim_service *v)
{
	if (!s->metrics->svc)
		s->metrics->svc = xcalloc((size_t)s->nsvcs + 1, sizeof(*s->metrics->svc));
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
	qtl_destroy(&m->start_latency);
	qtl_destroy(&m->pending);
	qtl_destroy(&m->recovery);
	free(m->svc);
	free(m->host);
	free(m->gpu);
	s->cl.prechange = NULL;
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
	.init_service = metrics_init_service,
	.start = metrics_start,
	.start_service = metrics_start_service,
	.finish = metrics_finish,
	.destroy = metrics_destroy,
};
