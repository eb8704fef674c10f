/* results.c - the read-only views of the model's results (see results.h):
 * copies out of the modules' state into caller-owned structs. */
#include "model.h"
#include "results.h"
#include "metrics.h"
#include "autoscale.h"
#include "cluster_scaling.h"
#include "replay.h"
#include "demand.h"

#include <math.h>

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
		.demand_requests = v->demand_area, .unserved_requests = v->unserved_area,
		.overloaded_s = v->overloaded_s,
		.has_autoscaling = v->sc->as.given,
	};
	if (v->sc->demand.given) {
		demand_util u = demand_apply(&v->sc->demand, v->demand, v->healthy);
		out->cpu_util = u.cpu;
		out->mem_util = u.mem;
		out->unserved = u.unserved;
	}
	if (v->sc->as.given && s->as->t) {
		out->scale_outs = s->as->t[i].scale_outs;
		out->scale_ins = s->as->t[i].scale_ins;
	}
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
		.reservation = a->reservation,
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
