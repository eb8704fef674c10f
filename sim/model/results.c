/* results.c - the read-only views of the model's results (see results.h):
 * copies out of the modules' state into caller-owned structs. */
#include "model.h"
#include "results.h"
#include "metrics.h"
#include "capacity.h"
#include "autoscale.h"
#include "cluster_scaling.h"
#include "replay.h"
#include "images.h"
#include "demand.h"

#include <math.h>
#include <stdlib.h>

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
	double dur = us_to_s(s->st.last), whole = (double)cl->gpu_whole * CL_GPU_MILLI;

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
	if (dur > 0) {
		g->mean_up = s->st.gpu_up / dur;
		g->mean_whole = s->st.gpu_whole / dur / CL_GPU_MILLI;
		g->mean_shared = s->st.gpu_share / dur / CL_GPU_MILLI;
		g->mean_idle = s->st.gpu_idle / dur / CL_GPU_MILLI;
		g->mean_frag = s->st.gpu_frag / dur / CL_GPU_MILLI;
	}
}

void sim_strategy_metrics(const sim *s, st_metric_fn *fn, void *ctx)
{
	st_metrics_each(&s->cl, fn, ctx);
}

int sim_nservices(const sim *s)
{
	return s->nsvcs;
}

void sim_service_now(const sim *s, int i, sim_service_view *out)
{
	const sim_service *v = &s->svcs[i];

	*out = (sim_service_view){
		.name = v->sc->name, .desired = v->desired, .running = v->running,
		.healthy = v->healthy, .pending = v->pending,
		.has_demand = v->sc->demand.given, .demand = v->demand,
		.cpu_util = NAN, .mem_util = NAN,
		.availability = metrics_availability(v),
		.down_s = v->down_s, .degraded_s = v->degraded_s,
		.placement_failures = v->placement_failures, .failed_starts = v->failed_starts,
		.unhealthy_stops = v->unhealthy_stops, .exits = v->exits,
		.scaled_in = v->scaled_in, .moved_off_draining = v->moved_off_draining,
		.replaced = v->replaced, .spot_interrupted = v->spot_interrupted,
		.rebalanced = v->rebalanced, .rebalancing = v->rebalancing,
		.protections = v->protections, .protection_waits = v->protection_waits,
		.demand_requests = v->demand_area, .unserved_requests = v->unserved_area,
		.overloaded_s = v->overloaded_s,
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

int sim_nasgs(const sim *s)
{
	return s->cas->nasgs;
}

void sim_asg_now(const sim *s, int k, sim_asg_view *out)
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

int sim_ntraces(const sim *s)
{
	return s->replay->ntrs;
}

void sim_trace_now(const sim *s, int i, sim_trace_view *out)
{
	const sim_trace *x = &s->replay->trs[i];

	*out = (sim_trace_view){
		.tr = &x->tr, .submitted = x->submitted, .placed = x->placed,
		.rejected = x->rejected, .completed = x->completed, .killed = x->killed,
	};
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
 * of an hour. */
void sim_commitments_now(const sim *s, sim_commitment_view *v)
{
	const bill_clock *b = s->metrics->bill;
	const scenario *sc = s->sc;
	bill_totals t;
	bill_usage u;
	double spot = s->st.fargate_spot_usd, *hours;

	*v = (sim_commitment_view){ 0 };
	if (!b)
		return;
	t = b->closed;
	hours = xcalloc((size_t)sc->ntypes + 1, sizeof(*hours));
	u = (bill_usage){
		.frac = us_to_s(s->eng.now - b->hour_start) / 3600.0,
		.fargate_usd = s->st.fargate_cost_usd - s->st.fargate_spot_usd - b->fargate_od,
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
