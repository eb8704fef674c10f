/* results.c - the read-only views of the model's results (see results.h):
 * copies out of the modules' state into caller-owned structs. */
#include "model.h"
#include "results.h"
#include "metrics.h"
#include "inflate.h"
#include "capacity.h"
#include "autoscale.h"
#include "cluster_scaling.h"
#include "replay.h"
#include "images.h"
#include "demand.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Every figure "so far" at one time (see results.h). */
struct sim_mark {
	int64_t at;                 /* us */
	sim_stats st;               /* the totals, integrals brought up to at */
	int64_t max_killed;         /* most tasks one host failure killed since at */
	sim_cluster_view cl;
	int nsvcs, nasgs, ntrs;
	sim_service_view *svc;      /* from time 0 */
	double *avail;              /* each service's sum of min(1, healthy / desired) dt */
	sim_asg_view *asg;
	sim_trace_view *tr;
	double *hours;              /* instance-hours by class (type x 2 + Spot) */
	sim_commitment_view com;
};

const scenario *sim_scenario(const sim *s)
{
	return s->sc;
}

uint64_t sim_seed(const sim *s)
{
	return s->seed;
}

const char *sim_strategy_label(const sim *s)
{
	return s->strategy;
}

int64_t sim_now(const sim *s)
{
	return s->eng.now;
}

uint64_t sim_events(const sim *s)
{
	return s->eng.executed;
}

const sim_stats *sim_totals(const sim *s)
{
	return &s->st;
}

void sim_cluster_now(const sim *s, sim_cluster_view *c)
{
	const cl_cluster *cl = &s->cl;

	*c = (sim_cluster_view){
		.hosts = cl->nhosts, .hosts_up = cl->hosts_up, .hosts_busy = cl->hosts_busy,
		.tasks_running = cl->tasks_running + s->fargate.tasks,
		.cpu_used = cl->cpu_used, .cpu_up = cl->cpu_up,
		.mem_used = cl->mem_used, .mem_up = cl->mem_up,
	};
}

void sim_gpu_now(const sim *s, sim_gpu_view *g)
{
	const cl_cluster *cl = &s->cl;
	double dur, whole = (double)cl->gpu_whole * CL_GPU_MILLI;
	sim_stats st;

	*g = (sim_gpu_view){ .has_gpus = cl->gpu_up > 0, .has_frag = cl->frag != NULL };
	for (int t = 0; t < s->sc->ntypes; t++)
		g->has_gpus |= s->sc->types[t].gpus > 0;
	for (int32_t h = 0; h < cl->nhosts && !g->has_gpus; h++)
		g->has_gpus = cl->hosts[h].gpu_total > 0;
	g->up = (double)cl->gpu_up;
	g->whole = (double)cl->gpu_whole;
	g->shared = (double)cl->gpu_share_milli / CL_GPU_MILLI;
	g->gpus_shared = cl->gpu_shared;
	g->idle = ((double)cl->gpu_up * CL_GPU_MILLI - whole - (double)cl->gpu_share_milli) /
		  CL_GPU_MILLI;
	if (cl->frag) {
		g->frag = gf_total(cl->frag) / CL_GPU_MILLI;
		g->shapes = gf_workload_of(cl->frag)->n;
	}
	sim_measured_totals(s, &st);
	dur = us_to_s(s->eng.now - sim_measured_from(s));
	if (dur > 0) {
		g->mean_up = st.gpu_up / dur;
		g->mean_whole = st.gpu_whole / dur / CL_GPU_MILLI;
		g->mean_shared = st.gpu_share / dur / CL_GPU_MILLI;
		g->mean_idle = st.gpu_idle / dur / CL_GPU_MILLI;
		g->mean_frag = st.gpu_frag / dur / CL_GPU_MILLI;
	}
}

void sim_inflation(const sim *s, sim_inflation_view *v)
{
	const sim_inflate *in = s->inflate;
	const sc_inflate *c;

	*v = (sim_inflation_view){ 0 };
	if (in->trace < 0)
		return;
	c = &s->sc->traces[in->trace].inflate;
	*v = (sim_inflation_view){
		.given = 1, .trace = s->sc->traces[in->trace].spec.name,
		.resource = c->resource == SC_INFLATE_GPU ? "gpu" : "cpu",
		.sampling = c->sampling == SC_INFLATE_TRACE_FIRST ? "trace-first" : "replacement",
		.to = c->to, .step = c->step,
		.capacity = c->resource == SC_INFLATE_GPU
				    ? (double)in->capacity / CL_GPU_MILLI : (double)in->capacity,
		.trace_tasks = in->tasks, .rows = in->rows, .nrows = in->filled,
		.first_failure = in->failed ? &in->rows[in->nrows] : NULL,
	};
	inflate_row_now(s, &v->end);
}

void sim_strategy_metrics(const sim *s, st_metric_fn *fn, void *ctx)
{
	st_metrics_each(&s->cl, fn, ctx);
}

int sim_nservices(const sim *s)
{
	return s->nsvcs;
}

/* v's view with its sums up to now, from time 0; *sums its time sums. */
static void service_raw(const sim *s, int i, sim_service_view *out, metrics_sums *sums)
{
	const sim_service *v = &s->svcs[i];
	double elapsed = us_to_s(s->eng.now);

	metrics_service_at(v, s->eng.now, sums);
	*out = (sim_service_view){
		.name = v->sc->name, .desired = v->desired, .running = v->running,
		.healthy = v->healthy, .pending = v->pending,
		.has_demand = v->sc->demand.given, .demand = v->demand,
		.cpu_util = NAN, .mem_util = NAN,
		.availability = elapsed > 0 ? sums->avail / elapsed : 1.0,
		.down_s = sums->down, .degraded_s = sums->degraded,
		.placement_failures = v->placement_failures, .failed_starts = v->failed_starts,
		.unhealthy_stops = v->unhealthy_stops, .exits = v->exits,
		.scaled_in = v->scaled_in, .moved_off_draining = v->moved_off_draining,
		.replaced = v->replaced, .spot_interrupted = v->spot_interrupted,
		.rebalanced = v->rebalanced, .rebalancing = v->rebalancing,
		.protections = v->protections, .protection_waits = v->protection_waits,
		.demand_requests = sums->demand, .unserved_requests = sums->unserved,
		.overloaded_s = sums->overloaded,
		.has_autoscaling = v->sc->as.given,
	};
	if (v->sc->demand.given) {
		demand_util u = metrics_util(v);
		/* metrics_util gives percent (what target tracking compares) */
		out->cpu_util = u.cpu / 100;
		out->mem_util = u.mem / 100;
		out->unserved = u.unserved;
	}
	if (v->sc->as.given && s->as->t) {
		out->scale_outs = s->as->t[i].scale_outs;
		out->scale_ins = s->as->t[i].scale_ins;
	}
}

int32_t sim_nhosts(const sim *s)
{
	return s->cl.nhosts;
}

/* What of total was not free over up_s, from the integral of free dt. */
static double used_share(double free_area, int32_t total, double up_s)
{
	return total > 0 && up_s > 0 ? 1 - free_area / ((double)total * up_s) : NAN;
}

static double share(double area, int32_t total, double up_s)
{
	return total > 0 && up_s > 0 ? area / ((double)total * up_s) : NAN;
}

void sim_host_now(const sim *s, int32_t h, sim_host_view *v)
{
	const cl_host *ho = &s->cl.hosts[h];
	const sim_metrics *m = s->metrics;
	metrics_host x = { .last = s->eng.now, .gpu = -1 };
	metrics_gpu g = { 0 };
	int32_t cp = cl_attr_find(&s->cl, SIM_CP_ATTR);
	int32_t cpv = cp >= 0 ? cl_host_attr(&s->cl, h, cp) : -1;
	int kept = m->host && h < m->nhost;

	if (kept) {
		x = m->host[h];
		if (x.gpu >= 0)
			g = m->gpu[x.gpu];
		metrics_host_advance(s, h, &x, x.gpu >= 0 ? &g : NULL, s->eng.now);
	}
	*v = (sim_host_view){
		.instance_type = ho->type >= 0 ? s->sc->types[ho->type].name : NULL,
		.zone = s->sc->zones[ho->zone],
		.capacity_provider = cpv >= 0 ? s->cl.attrs[cp].values[cpv] : NULL,
		.spot = ho->type >= 0 && s->host_spot[h], /* trace machines: none */
		.cpu = ho->cpu_total, .mem = ho->mem_total, .gpus = ho->gpu_total,
		.up_s = kept ? x.up_s : NAN,
		.cpu_reserved = used_share(x.cpu_free, ho->cpu_total, x.up_s),
		.mem_reserved = used_share(x.mem_free, ho->mem_total, x.up_s),
		.gpu_reserved = used_share(g.free, ho->gpu_total, x.up_s),
		.cpu_stranded = share(x.cpu_strand, ho->cpu_total, x.up_s),
		.mem_stranded = share(x.mem_strand, ho->mem_total, x.up_s),
		.gpu_stranded = share(g.strand, ho->gpu_total, x.up_s),
		.tasks_placed = x.placed,
	};
}

void sim_dist_now(const sim *s, enum sim_dist which, sim_dist_view *d)
{
	const sim_metrics *m = s->metrics;
	const qtl *q = which == SIM_DIST_START_LATENCY ? &m->start_latency
		       : which == SIM_DIST_PENDING ? &m->pending
		       : which == SIM_DIST_PULL ? &s->img->waits : &m->recovery;

	*d = (sim_dist_view){ .count = qtl_count(q), .exact = qtl_is_exact(q) };
	if (d->count > 0) {
		d->p50 = qtl_get(q, 0.50);
		d->p95 = qtl_get(q, 0.95);
		d->p99 = qtl_get(q, 0.99);
	}
}

int64_t sim_recoveries_open(const sim *s)
{
	int64_t n = 0;

	for (int i = 0; i < s->nsvcs && s->metrics->svc; i++)
		n += s->metrics->svc[i].below;
	return n;
}

/* Written out field by field: a field added to sim_service_view that
 * counts or integrates must be subtracted below too. */
_Static_assert(sizeof(sim_service_view) == 248,
	       "sim_service_view changed: measure its new field from the mark in "
	       "sim_service_now (results.c)");

void sim_service_now(const sim *s, int i, sim_service_view *out)
{
	const sim_mark *m = s->view_mark;
	const sim_service_view *a;
	metrics_sums sums;
	double dt;

	service_raw(s, i, out, &sums);
	if (!m || i >= m->nsvcs)
		return;
	a = &m->svc[i];
	dt = us_to_s(s->eng.now - m->at);
	out->availability = dt > 0 ? (sums.avail - m->avail[i]) / dt : 1.0;
	out->down_s -= a->down_s;
	out->degraded_s -= a->degraded_s;
	out->placement_failures -= a->placement_failures;
	out->failed_starts -= a->failed_starts;
	out->unhealthy_stops -= a->unhealthy_stops;
	out->exits -= a->exits;
	out->scaled_in -= a->scaled_in;
	out->moved_off_draining -= a->moved_off_draining;
	out->replaced -= a->replaced;
	out->spot_interrupted -= a->spot_interrupted;
	out->rebalanced -= a->rebalanced;
	out->protections -= a->protections;
	out->protection_waits -= a->protection_waits;
	out->demand_requests -= a->demand_requests;
	out->unserved_requests -= a->unserved_requests;
	out->overloaded_s -= a->overloaded_s;
	out->scale_outs -= a->scale_outs;
	out->scale_ins -= a->scale_ins;
}

int sim_nasgs(const sim *s)
{
	return s->cas->nasgs;
}

static void asg_raw(const sim *s, int k, sim_asg_view *out)
{
	const sim_asg *a = &s->cas->asgs[k];

	*out = (sim_asg_view){
		.provider = s->sc->providers[a->sc->provider], .scale_outs = a->scale_outs,
		.scale_ins = a->scale_ins, .launched = a->launched, .terminated = a->terminated,
		.reservation = a->reservation, .drained = a->drained,
		.termination_kills = a->drain_kills, .warm_starts = a->warm_starts,
		.rebalances = a->rebalances,
	};
}

void sim_wait_now(const sim *s, sim_wait_view *w)
{
	const sim_capacity *c = s->capacity;

	*w = (sim_wait_view){
		.waiting = s->st.provisioning, .placed = c->waited,
		.mean_s = c->waited ? c->wait_sum_s / (double)c->waited : 0,
		.max_s = us_to_s(c->wait_max), .timeouts = c->timeouts,
		.stopped = s->st.provisioning_stopped, .refused = c->refused, .peak = c->peak,
	};
}

void sim_asg_now(const sim *s, int k, sim_asg_view *out)
{
	const sim_mark *m = s->view_mark;

	asg_raw(s, k, out);
	if (!m || k >= m->nasgs)
		return;
	out->scale_outs -= m->asg[k].scale_outs;
	out->scale_ins -= m->asg[k].scale_ins;
	out->launched -= m->asg[k].launched;
	out->terminated -= m->asg[k].terminated;
}

int sim_ntraces(const sim *s)
{
	return s->replay->ntrs;
}

static void trace_raw(const sim *s, int i, sim_trace_view *out)
{
	const sim_trace *x = &s->replay->trs[i];

	*out = (sim_trace_view){
		.tr = &x->tr, .submitted = x->submitted, .placed = x->placed,
		.rejected = x->rejected, .completed = x->completed, .killed = x->killed,
		.running = x->placed - x->completed - x->killed,
	};
}

void sim_trace_now(const sim *s, int i, sim_trace_view *out)
{
	const sim_mark *m = s->view_mark;

	trace_raw(s, i, out);
	if (!m || i >= m->ntrs)
		return;
	out->submitted -= m->tr[i].submitted;
	out->placed -= m->tr[i].placed;
	out->rejected -= m->tr[i].rejected;
	out->completed -= m->tr[i].completed;
	out->killed -= m->tr[i].killed;
}

void sim_images_now(const sim *s, sim_image_view *out)
{
	const sim_images *m = s->img;

	*out = (sim_image_view){
		.on = m->on, .pulls = m->pulls, .shared = m->shared, .cached = m->cached,
		.evictions = m->evictions, .fargate_pulls = m->fargate_pulls,
		.mib_pulled = (double)m->bytes_pulled / 1048576.0, .tasks = m->tasks,
		.mean_wait_s = m->tasks ? us_to_s(m->wait_us) / (double)m->tasks : 0,
		.max_wait_s = us_to_s(m->max_wait_us),
	};
}

double sim_instance_hours(const sim *s, int32_t type, int spot)
{
	const sim_metrics *m = s->metrics;
	int32_t c = type * 2 + !!spot;
	return m->class_hours[c] + us_to_s(s->eng.now - m->class_last[c]) / 3600.0 * m->class_up[c];
}

int32_t sim_instance_count(const sim *s, int32_t type, int spot)
{
	return s->metrics->class_total[type * 2 + !!spot];
}

/* The closed hours' totals, and the open hour's usage so far at its share
 * of an hour (st: the totals up to now). */
static void commitments_raw(const sim *s, const sim_stats *st, sim_commitment_view *v)
{
	const bill_clock *b = s->metrics->bill;
	const scenario *sc = s->sc;
	bill_totals t;
	bill_usage u;
	double spot = st->fargate_spot_usd, *hours;

	*v = (sim_commitment_view){ 0 };
	if (!b)
		return;
	t = b->closed;
	hours = xcalloc((size_t)sc->ntypes + 1, sizeof(*hours));
	u = (bill_usage){
		.frac = us_to_s(s->eng.now - b->hour_start) / 3600.0,
		.fargate_usd = st->fargate_cost_usd - st->fargate_spot_usd - b->fargate_od,
		.type_hours = hours,
	};
	for (int32_t i = 0; i < sc->ntypes; i++) {
		hours[i] = sim_instance_hours(s, i, 0) - b->od_hours[i];
		u.ec2_usd += hours[i] * sc->types[i].price;
		spot += sim_instance_hours(s, i, 1) * sc->types[i].spot_price;
	}
	bill_hour(sc, &u, &t);
	free(hours);
	*v = (sim_commitment_view){
		.given = 1, .sp_commitment = t.sp_commitment, .sp_used = t.sp_used,
		.sp_unused = t.sp_unused,
		.sp_covered = t.sp_covered, .ri_fees = t.ri_fees,
		.ri_covered_hours = t.ri_covered_hours, .ri_unused_hours = t.ri_unused_hours,
		.on_demand = t.on_demand, .spot = spot,
		.effective = t.ri_fees + t.sp_commitment + t.on_demand + spot,
	};
}

void sim_commitments_now(const sim *s, sim_commitment_view *v)
{
	const sim_mark *m = s->view_mark;
	sim_stats st;

	metrics_totals_at(s, s->eng.now, &st);
	commitments_raw(s, &st, v);
	if (!m || !v->given)
		return;
	v->effective -= m->com.effective;
	v->sp_commitment -= m->com.sp_commitment;
	v->sp_used -= m->com.sp_used;
	v->sp_unused -= m->com.sp_unused;
	v->sp_covered -= m->com.sp_covered;
	v->ri_fees -= m->com.ri_fees;
	v->ri_covered_hours -= m->com.ri_covered_hours;
	v->ri_unused_hours -= m->com.ri_unused_hours;
	v->on_demand -= m->com.on_demand;
	v->spot -= m->com.spot;
}

/* ---- measuring from a mark ------------------------------------------------- */


sim_mark *sim_mark_new(sim *s)
{
	sim_mark *m = xcalloc(1, sizeof(*m));
	int32_t nclass = s->metrics->nclass;

	if (s->nmarks == SIM_MAX_MARKS) { /* a caller's bug: marks are few and short-lived */
		fprintf(stderr, "ecsim: more than %d marks at once\n", SIM_MAX_MARKS);
		abort();
	}
	m->at = s->eng.now;
	metrics_totals_at(s, m->at, &m->st);
	sim_cluster_now(s, &m->cl);
	m->nsvcs = s->nsvcs;
	m->svc = xcalloc((size_t)m->nsvcs + 1, sizeof(*m->svc));
	m->avail = xcalloc((size_t)m->nsvcs + 1, sizeof(*m->avail));
	for (int i = 0; i < m->nsvcs; i++) {
		metrics_sums sums;
		service_raw(s, i, &m->svc[i], &sums);
		m->avail[i] = sums.avail;
	}
	m->nasgs = sim_nasgs(s);
	m->asg = xcalloc((size_t)m->nasgs + 1, sizeof(*m->asg));
	for (int k = 0; k < m->nasgs; k++)
		asg_raw(s, k, &m->asg[k]);
	m->ntrs = sim_ntraces(s);
	m->tr = xcalloc((size_t)m->ntrs + 1, sizeof(*m->tr));
	for (int i = 0; i < m->ntrs; i++)
		trace_raw(s, i, &m->tr[i]);
	m->hours = xcalloc((size_t)nclass + 1, sizeof(*m->hours));
	for (int32_t c = 0; c < nclass; c++)
		m->hours[c] = sim_instance_hours(s, c / 2, c % 2);
	commitments_raw(s, &m->st, &m->com);
	s->mark_max_killed[s->nmarks++] = &m->max_killed;
	return m;
}

void sim_mark_free(sim *s, sim_mark *m)
{
	if (!m)
		return;
	for (int i = 0; i < s->nmarks; i++)
		if (s->mark_max_killed[i] == &m->max_killed) {
			s->mark_max_killed[i] = s->mark_max_killed[--s->nmarks];
			break;
		}
	if (s->view_mark == m)
		s->view_mark = NULL;
	free(m->svc);
	free(m->avail);
	free(m->asg);
	free(m->tr);
	free(m->hours);
	free(m);
}

const sim_mark *sim_measure_since(sim *s, const sim_mark *m)
{
	const sim_mark *old = s->view_mark;

	s->view_mark = m;
	return old;
}

const sim_mark *sim_measure_mark(const sim *s)
{
	return s->measure_mark;
}

int64_t sim_measured_from(const sim *s)
{
	return s->view_mark ? s->view_mark->at : 0;
}

void sim_mark_cluster(const sim *s, sim_cluster_view *c)
{
	const sim_mark *m = s->view_mark;

	if (m)
		*c = m->cl;
	else
		*c = (sim_cluster_view){ 0 };
}

/* Written out field by field: a field added to sim_stats must be
 * measured from the mark below too (or said here why not). */
_Static_assert(sizeof(sim_stats) == (43 + CL_NCHECKS + 1) * 8,
	       "sim_stats changed: measure its new field from the mark in "
	       "sim_measured_totals (results.c)");

void sim_measured_totals(const sim *s, sim_stats *out)
{
	const sim_mark *m = s->view_mark;
	const sim_stats *a;

	metrics_totals_at(s, s->eng.now, out);
	if (!m)
		return;
	a = &m->st;
	out->submitted -= a->submitted;
	out->placed -= a->placed;
	out->rejected -= a->rejected;
	out->killed -= a->killed;
	out->completed -= a->completed;
	out->stopped -= a->stopped;
	for (int c = 0; c <= CL_NCHECKS; c++)
		out->rejections[c] -= a->rejections[c];
	out->running -= a->running;
	out->cpu_used -= a->cpu_used;
	out->cpu_up -= a->cpu_up;
	out->mem_used -= a->mem_used;
	out->mem_up -= a->mem_up;
	out->hosts_up -= a->hosts_up;
	out->hosts_busy -= a->hosts_busy;
	out->cost_usd -= a->cost_usd;
	out->fargate_cost_usd -= a->fargate_cost_usd;
	out->fargate_spot_usd -= a->fargate_spot_usd;
	out->fargate_tasks -= a->fargate_tasks;
	out->fargate_spot_tasks -= a->fargate_spot_tasks;
	out->idle_cost_usd -= a->idle_cost_usd;
	out->fargate_vcpu_hours -= a->fargate_vcpu_hours;
	out->fargate_gb_hours -= a->fargate_gb_hours;
	out->gpu_up -= a->gpu_up;
	out->gpu_whole -= a->gpu_whole;
	out->gpu_share -= a->gpu_share;
	out->gpu_idle -= a->gpu_idle;
	out->gpu_frag -= a->gpu_frag;
	/* provisioning: a state, read now; last: the time the integrals reach, now */
	out->provisioning_stopped -= a->provisioning_stopped;
	out->host_failures -= a->host_failures;
	out->host_repairs -= a->host_repairs;
	out->disruptive_failures -= a->disruptive_failures;
	out->max_killed_by_failure = m->max_killed;
	out->instance_failures -= a->instance_failures;
	out->zone_outages -= a->zone_outages;
	out->zone_outage_hosts -= a->zone_outage_hosts;
	out->domain_failures -= a->domain_failures;
	out->domain_hosts -= a->domain_hosts;
	out->spot_notices -= a->spot_notices;
	out->spot_interruptions -= a->spot_interruptions;
	out->spot_replacements -= a->spot_replacements;
	out->spot_tasks_killed -= a->spot_tasks_killed;
	out->fargate_spot_interruptions -= a->fargate_spot_interruptions;
}

double sim_measured_instance_hours(const sim *s, int32_t type, int spot)
{
	const sim_mark *m = s->view_mark;
	double h = sim_instance_hours(s, type, spot);

	return m ? h - m->hours[type * 2 + !!spot] : h;
}
