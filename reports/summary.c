/* summary.c - summary.json of one run (see summary.h). */
#include "summary.h"
#include "inflation.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "sim/support/quantile.h"
#include "sim/support/units.h"

/* A planner's month: 30 days. */
#define HOURS_PER_MONTH 720.0

double summary_ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

/* USD of the instances of one purchase option since time 0, or measured
 * (from measureFrom). */
double summary_instances_usd(const sim *s, int spot, int measured)
{
	const scenario *sc = sim_scenario(s);
	double c = 0;

	for (int32_t t = 0; t < sc->ntypes; t++)
		if (sim_instance_count(s, t, spot))
			c += (measured ? sim_measured_instance_hours(s, t, spot)
				       : sim_instance_hours(s, t, spot)) *
			     (spot ? sc->types[t].spot_price : sc->types[t].price);
	return c;
}

/* "gpu", when the cluster has GPUs: allocation of capacity (whole GPUs and
 * shares) and fragmentation (with a workload), at the end and as time
 * averages (ratios of integrals).  Left out otherwise. */
static void summary_gpu(json_t *root, const sim *s)
{
	json_t *o;
	sim_gpu_view g;

	sim_gpu_now(s, &g);
	if (!g.has_gpus)
		return;
	o = json_object();
	json_object_set_new(o, "capacity", json_real(g.up));
	json_object_set_new(o, "allocated", json_real(summary_ratio(g.whole + g.shared, g.up)));
	json_object_set_new(o, "allocated_whole", json_real(summary_ratio(g.whole, g.up)));
	json_object_set_new(o, "allocated_shared", json_real(summary_ratio(g.shared, g.up)));
	json_object_set_new(o, "gpus_shared", json_integer(g.gpus_shared));
	json_object_set_new(o, "mean_allocated",
			    json_real(summary_ratio(g.mean_whole + g.mean_shared, g.mean_up)));
	json_object_set_new(o, "mean_allocated_whole", json_real(summary_ratio(g.mean_whole, g.mean_up)));
	json_object_set_new(o, "mean_allocated_shared", json_real(summary_ratio(g.mean_shared, g.mean_up)));
	if (g.has_frag) {
		json_object_set_new(o, "workload_shapes", json_integer(g.shapes));
		json_object_set_new(o, "fragmentation", json_real(g.frag));
		json_object_set_new(o, "fragmentation_rate", json_real(summary_ratio(g.frag, g.idle)));
		json_object_set_new(o, "mean_fragmentation", json_real(g.mean_frag));
		json_object_set_new(o, "mean_fragmentation_rate",
				    json_real(summary_ratio(g.mean_frag, g.mean_idle)));
	}
	json_object_set_new(root, "gpu", o);
}

static void add_metric(void *ctx, const st_step *step, double v)
{
	json_t *o = ctx, *m = json_object_get(o, step->spec);

	if (!m)
		json_object_set_new(o, step->spec, m = json_object());
	json_object_set_new(m, step->s->metric_name, json_real(v));
}

/* "strategy_metrics": each step's own metric (API v2), by step spec;
 * left out when no strategy has one. */
static void summary_strategy_metrics(json_t *root, const sim *s)
{
	json_t *o = json_object();

	sim_strategy_metrics(s, add_metric, o);
	if (json_object_size(o))
		json_object_set_new(root, "strategy_metrics", o);
	else
		json_decref(o);
}

static json_t *summary_tasks(const sim *s, const sim_stats *st, double dur)
{
	json_t *o = json_object();
	sim_cluster_view cl;

	sim_cluster_now(s, &cl);
	json_object_set_new(o, "submitted", json_integer(st->submitted));
	json_object_set_new(o, "placed", json_integer(st->placed));
	json_object_set_new(o, "rejected", json_integer(st->rejected));
	json_object_set_new(o, "killed", json_integer(st->killed));
	json_object_set_new(o, "completed", json_integer(st->completed));
	json_object_set_new(o, "stopped", json_integer(st->stopped));
	json_object_set_new(o, "running_at_end", json_integer(cl.tasks_running));
	json_object_set_new(o, "mean_running", json_real(summary_ratio(st->running, dur)));
	if (sim_measured_from(s) > 0) {
		sim_mark_cluster(s, &cl);
		json_object_set_new(o, "running_at_measure_from", json_integer(cl.tasks_running));
	}
	return o;
}

static json_t *summary_rejections(const sim_stats *st)
{
	json_t *o = json_object();

	for (int c = 0; c <= CL_NCHECKS; c++)
		if (st->rejections[c])
			json_object_set_new(o, c == CL_NCHECKS ? "NO_ACTIVE_INSTANCES"
							       : cl_check_reason((enum cl_check)c),
					    json_integer(st->rejections[c]));
	return o;
}

static json_t *summary_hosts(const sim *s, const sim_stats *st, double dur)
{
	json_t *o = json_object();
	sim_cluster_view cl;

	sim_cluster_now(s, &cl);
	json_object_set_new(o, "total", json_integer(cl.hosts));
	json_object_set_new(o, "mean_up", json_real(summary_ratio(st->hosts_up, dur)));
	json_object_set_new(o, "mean_busy", json_real(summary_ratio(st->hosts_busy, dur)));
	json_object_set_new(o, "instance_hours", json_real(st->hosts_up / 3600.0));
	json_object_set_new(o, "failures", json_integer(st->host_failures));
	json_object_set_new(o, "repairs", json_integer(st->host_repairs));
	json_object_set_new(o, "failures_that_killed_tasks", json_integer(st->disruptive_failures));
	json_object_set_new(o, "max_tasks_killed_by_one_failure",
			    json_integer(st->max_killed_by_failure));
	return o;
}

static json_t *summary_failures(const sim_stats *st)
{
	json_t *o = json_object();

	json_object_set_new(o, "instance_failures", json_integer(st->instance_failures));
	json_object_set_new(o, "zone_outages", json_integer(st->zone_outages));
	json_object_set_new(o, "instances_down_by_zone_outages",
			    json_integer(st->zone_outage_hosts));
	json_object_set_new(o, "domain_failures", json_integer(st->domain_failures));
	json_object_set_new(o, "instances_down_by_domain_failures",
			    json_integer(st->domain_hosts));
	json_object_set_new(o, "spot_notices", json_integer(st->spot_notices));
	json_object_set_new(o, "spot_interruptions", json_integer(st->spot_interruptions));
	json_object_set_new(o, "spot_replacements", json_integer(st->spot_replacements));
	json_object_set_new(o, "spot_tasks_killed", json_integer(st->spot_tasks_killed));
	json_object_set_new(o, "fargate_spot_interruptions",
			    json_integer(st->fargate_spot_interruptions));
	return o;
}

static json_t *summary_service(const sim_service_view *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "desired", json_integer(v->desired));
	json_object_set_new(o, "availability", json_real(v->availability));
	json_object_set_new(o, "downtime_seconds", json_real(v->down_s));
	json_object_set_new(o, "degraded_seconds", json_real(v->degraded_s));
	json_object_set_new(o, "placement_failures", json_integer(v->placement_failures));
	json_object_set_new(o, "tasks_failed_to_start", json_integer(v->failed_starts));
	json_object_set_new(o, "tasks_unhealthy", json_integer(v->unhealthy_stops));
	json_object_set_new(o, "tasks_exited", json_integer(v->exits));
	json_object_set_new(o, "tasks_scaled_in", json_integer(v->scaled_in));
	json_object_set_new(o, "tasks_moved_off_draining", json_integer(v->moved_off_draining));
	json_object_set_new(o, "tasks_replaced_by_deployments", json_integer(v->replaced));
	json_object_set_new(o, "tasks_spot_interrupted", json_integer(v->spot_interrupted));
	json_object_set_new(o, "az_rebalancing", json_string(v->rebalancing ? "ENABLED"
									      : "DISABLED"));
	json_object_set_new(o, "tasks_rebalanced", json_integer(v->rebalanced));
	json_object_set_new(o, "task_protections", json_integer(v->protections));
	json_object_set_new(o, "protection_waits", json_integer(v->protection_waits));
	if (v->has_demand) {
		json_object_set_new(o, "demand_requests", json_real(v->demand_requests));
		json_object_set_new(o, "unserved_requests", json_real(v->unserved_requests));
		json_object_set_new(o, "unserved_share",
				    json_real(summary_ratio(v->unserved_requests, v->demand_requests)));
		json_object_set_new(o, "overloaded_seconds", json_real(v->overloaded_s));
	}
	if (v->has_autoscaling) {
		json_object_set_new(o, "autoscaling_scale_outs", json_integer(v->scale_outs));
		json_object_set_new(o, "autoscaling_scale_ins", json_integer(v->scale_ins));
	}
	return o;
}

static json_t *summary_dist(const sim *s, enum sim_dist which)
{
	json_t *o = json_object();
	sim_dist_view d;

	sim_dist_now(s, which, &d);
	json_object_set_new(o, "count", json_integer(d.count));
	json_object_set_new(o, "p50", json_real(d.p50));
	json_object_set_new(o, "p95", json_real(d.p95));
	json_object_set_new(o, "p99", json_real(d.p99));
	return o;
}

/* "percentiles": of service task start latency, standalone pending time,
 * service recovery time (docs/outputs.md defines each). */
static json_t *summary_percentiles(const sim *s)
{
	json_t *o = json_object(), *r = summary_dist(s, SIM_DIST_RECOVERY);

	json_object_set_new(o, "task_start_s", summary_dist(s, SIM_DIST_START_LATENCY));
	json_object_set_new(o, "pending_s", summary_dist(s, SIM_DIST_PENDING));
	json_object_set_new(r, "open_at_end", json_integer(sim_recoveries_open(s)));
	json_object_set_new(o, "service_recovery_s", r);
	return o;
}

/* "per_host": how hosts.csv's time-weighted figures spread over the hosts
 * that were up (up_s > 0; GPU figures over hosts with GPUs): nearest-rank
 * min, p10, p50, p90, max.  Left out when the model kept no per-host
 * figures (--no-host-log, studies) or no host was up. */
static void summary_per_host(json_t *root, const sim *s)
{
	static const char *const name[] = { "cpu_reserved", "mem_reserved", "gpu_reserved",
					    "cpu_stranded", "mem_stranded", "gpu_stranded" };
	static const double p[] = { 0, 0.1, 0.5, 0.9, 1 };
	static const char *const pname[] = { "min", "p10", "p50", "p90", "max" };
	enum { N = sizeof(name) / sizeof(*name) };
	json_t *o;
	qtl q[N];
	int64_t up = 0;

	for (int k = 0; k < N; k++)
		qtl_init(&q[k], (size_t)sim_nhosts(s) + 1); /* exact */
	for (int32_t h = 0; h < sim_nhosts(s); h++) {
		sim_host_view v;
		sim_host_now(s, h, &v);
		if (!(v.up_s > 0)) /* NAN without figures */
			continue;
		up++;
		/* a figure that does not apply (no GPUs) is NAN, which qtl_add refuses */
		qtl_add(&q[0], v.cpu_reserved);
		qtl_add(&q[1], v.mem_reserved);
		qtl_add(&q[2], v.gpu_reserved);
		qtl_add(&q[3], v.cpu_stranded);
		qtl_add(&q[4], v.mem_stranded);
		qtl_add(&q[5], v.gpu_stranded);
	}
	if (up > 0) {
		o = json_object();
		json_object_set_new(o, "hosts", json_integer(up));
		for (int k = 0; k < N; k++) {
			json_t *d;
			if (!qtl_count(&q[k]))
				continue;
			d = json_object();
			json_object_set_new(d, "hosts", json_integer(qtl_count(&q[k])));
			for (size_t i = 0; i < sizeof(p) / sizeof(*p); i++)
				json_object_set_new(d, pname[i], json_real(qtl_get(&q[k], p[i])));
			json_object_set_new(o, name[k], d);
		}
		json_object_set_new(root, "per_host", o);
	}
	for (int k = 0; k < N; k++)
		qtl_destroy(&q[k]);
}

static json_t *summary_asgs(const sim *s)
{
	json_t *g = json_object();

	for (int k = 0; k < sim_nasgs(s); k++) {
		sim_asg_view a;
		json_t *o = json_object();
		sim_asg_now(s, k, &a);
		json_object_set_new(o, "scale_outs", json_integer(a.scale_outs));
		json_object_set_new(o, "scale_ins", json_integer(a.scale_ins));
		json_object_set_new(o, "instances_launched", json_integer(a.launched));
		json_object_set_new(o, "instances_terminated", json_integer(a.terminated));
		json_object_set_new(o, "last_reservation_pct", json_real(a.reservation));
		json_object_set_new(o, "instances_drained", json_integer(a.drained));
		json_object_set_new(o, "tasks_killed_by_termination",
				    json_integer(a.termination_kills));
		json_object_set_new(o, "warm_starts", json_integer(a.warm_starts));
		json_object_set_new(o, "rebalance_replacements", json_integer(a.rebalances));
		json_object_set_new(g, a.provider, o);
	}
	return g;
}

/* Tasks that waited for a managed group's capacity (PROVISIONING): how
 * many, how long (mean, longest), what became of them.  The percentiles
 * of the waits (p50/p95/p99) belong here once reports have a quantile
 * summary: feed it tasks.csv's wait_s of the rows with wait_s > 0. */
static json_t *summary_wait(const sim *s)
{
	json_t *o = json_object();
	sim_wait_view w;

	sim_wait_now(s, &w);
	json_object_set_new(o, "tasks_waited", json_integer(w.placed));
	json_object_set_new(o, "wait_mean_seconds", json_real(w.mean_s));
	json_object_set_new(o, "wait_max_seconds", json_real(w.max_s));
	json_object_set_new(o, "timeouts", json_integer(w.timeouts));
	json_object_set_new(o, "stopped_waiting", json_integer(w.stopped));
	json_object_set_new(o, "refused_at_limit", json_integer(w.refused));
	json_object_set_new(o, "peak_waiting", json_integer(w.peak));
	json_object_set_new(o, "waiting_at_end", json_integer(w.waiting));
	return o;
}

static json_t *summary_cost(const sim *s, const sim_stats *st)
{
	const scenario *sc = sim_scenario(s);
	json_t *o = json_object(), *types = json_object();

	json_object_set_new(o, "total_usd", json_real(st->cost_usd));
	json_object_set_new(o, "on_demand_usd", json_real(summary_instances_usd(s, 0, 1)));
	json_object_set_new(o, "spot_usd", json_real(summary_instances_usd(s, 1, 1)));
	json_object_set_new(o, "fargate_usd", json_real(st->fargate_cost_usd));
	json_object_set_new(o, "fargate_vcpu_hours", json_real(st->fargate_vcpu_hours));
	json_object_set_new(o, "fargate_gb_hours", json_real(st->fargate_gb_hours));
	json_object_set_new(o, "idle_usd", json_real(st->idle_cost_usd));
	json_object_set_new(o, "idle_share", json_real(summary_ratio(st->idle_cost_usd,
							     st->cost_usd - st->fargate_cost_usd)));
	for (int32_t t = 0; t < sc->ntypes; t++) {
		json_t *x = NULL;
		for (int spot = 0; spot < 2; spot++) {
			double h = sim_measured_instance_hours(s, t, spot);
			if (!sim_instance_count(s, t, spot))
				continue;
			if (!x)
				x = json_object();
			json_object_set_new(x, spot ? "spot_hours" : "on_demand_hours", json_real(h));
			json_object_set_new(x, spot ? "spot_usd" : "on_demand_usd",
					    json_real(h * (spot ? sc->types[t].spot_price
								: sc->types[t].price)));
		}
		if (x)
			json_object_set_new(types, sc->types[t].name, x);
	}
	json_object_set_new(o, "by_instance_type", types);
	return o;
}

/* cost.commitments: the run under $.pricing's Savings Plan and Reserved
 * Instances, against cost_usd (everything at on-demand and Spot prices). */
static json_t *summary_commitments(const sim_commitment_view *v, double total, double hours)
{
	json_t *o = json_object();

	json_object_set_new(o, "effective_usd", json_real(v->effective));
	json_object_set_new(o, "effective_per_hour_usd", json_real(summary_ratio(v->effective, hours)));
	json_object_set_new(o, "effective_per_month_usd",
			    json_real(summary_ratio(v->effective, hours) * HOURS_PER_MONTH));
	json_object_set_new(o, "savings_usd", json_real(total - v->effective));
	json_object_set_new(o, "savings_share", json_real(summary_ratio(total - v->effective, total)));
	json_object_set_new(o, "savings_plan_commitment_usd", json_real(v->sp_commitment));
	json_object_set_new(o, "savings_plan_used_usd", json_real(v->sp_used));
	json_object_set_new(o, "savings_plan_unused_usd", json_real(v->sp_unused));
	json_object_set_new(o, "savings_plan_utilization",
			    json_real(summary_ratio(v->sp_used, v->sp_commitment)));
	json_object_set_new(o, "savings_plan_covered_on_demand_usd", json_real(v->sp_covered));
	json_object_set_new(o, "reserved_fees_usd", json_real(v->ri_fees));
	json_object_set_new(o, "reserved_covered_hours", json_real(v->ri_covered_hours));
	json_object_set_new(o, "reserved_unused_hours", json_real(v->ri_unused_hours));
	json_object_set_new(o, "on_demand_usd", json_real(v->on_demand));
	json_object_set_new(o, "spot_usd", json_real(v->spot));
	return o;
}

/* cost_usd per simulated hour and per 30-day month, and with $.pricing
 * the cost under its commitments (new keys after the older ones). */
static void summary_cost_rates(json_t *o, const sim *s, const sim_stats *st, double hours)
{
	sim_commitment_view v;

	json_object_set_new(o, "per_hour_usd", json_real(summary_ratio(st->cost_usd, hours)));
	json_object_set_new(o, "per_month_usd",
			    json_real(summary_ratio(st->cost_usd, hours) * HOURS_PER_MONTH));
	sim_commitments_now(s, &v);
	if (v.given)
		json_object_set_new(o, "commitments", summary_commitments(&v, st->cost_usd, hours));
}

/* "FARGATE has no price for X" when tasks ran without one. */
static void fargate_warning(json_t *arr, int priced, int64_t tasks, const char *what)
{
	const char *miss = !(priced & SC_PRICED_VCPU) && !(priced & SC_PRICED_GB)
				   ? "vCPU-hours and GB-hours"
			   : !(priced & SC_PRICED_VCPU) ? "vCPU-hours" : "GB-hours";

	if (!tasks || (priced & SC_PRICED_VCPU && priced & SC_PRICED_GB))
		return;
	json_array_append_new(arr, json_sprintf("%s has no price for %s (neither $.fargate nor "
						"the catalog gives one): its %lld tasks cost 0 for "
						"them", what, miss, (long long)tasks));
}

/* The "warnings" array: costs that are 0 for want of a price, never silently. */
static json_t *summary_warnings(const sim *s, const sim_stats *st)
{
	const scenario *sc = sim_scenario(s);
	json_t *arr = json_array();

	for (int32_t t = 0; t < sc->ntypes; t++)
		for (int spot = 0; spot < 2; spot++) {
			const sc_instance_type *ty = &sc->types[t];
			int priced = ty->price_given || (spot && ty->spot_price_given);
			double h = sim_instance_hours(s, t, spot);
			int32_t n;
			if (!sim_instance_count(s, t, spot) || h <= 0 || priced)
				continue;
			n = sim_instance_count(s, t, spot);
			if (ty->catalog_price >= 0)
				json_array_append_new(arr, json_sprintf(
					"instance type %s has no price: cost is 0 for its %d %s%s "
					"(%.6g instance-hours); it gives cpu and memory, so it takes "
					"nothing from the catalog, whose price for it is %.6g USD per "
					"hour (give pricePerHour, or \"fromCatalog\": true)", ty->name,
					n, spot ? "Spot " : "", n == 1 ? "instance" : "instances", h,
					ty->catalog_price));
			else
				json_array_append_new(arr, json_sprintf(
					"instance type %s has no price (neither pricePerHour nor the "
					"catalog gives one): cost is 0 for its %d %s%s (%.6g "
					"instance-hours)", ty->name, n, spot ? "Spot " : "",
					n == 1 ? "instance" : "instances", h));
		}
	fargate_warning(arr, sc->fargate_priced, st->fargate_tasks, "FARGATE");
	fargate_warning(arr, sc->fargate_spot_priced, st->fargate_spot_tasks, "FARGATE_SPOT");
	for (int i = 0; i < sim_ntraces(s); i++) {
		sim_trace_view x;
		sim_trace_now(s, i, &x);
		if (x.tr->nmachines > 0)
			json_array_append_new(arr, json_sprintf(
				"the %d machines of trace %s have no price (a trace's machines have "
				"no instance type): cost is 0 for them", x.tr->nmachines,
				x.tr->spec->name));
	}
	return arr;
}

/* The "traces" array: rows read, bad and skipped, and what became of each
 * trace's tasks. */
static json_t *summary_traces(const sim *s)
{
	json_t *arr = json_array();

	for (int i = 0; i < sim_ntraces(s); i++) {
		sim_trace_view x;
		json_t *o, *t = json_object();
		sim_trace_now(s, i, &x);
		o = trace_summary(x.tr);
		json_object_set_new(t, "submitted", json_integer(x.submitted));
		json_object_set_new(t, "placed", json_integer(x.placed));
		json_object_set_new(t, "rejected", json_integer(x.rejected));
		json_object_set_new(t, "completed", json_integer(x.completed));
		json_object_set_new(t, "killed", json_integer(x.killed));
		json_object_set_new(t, "running_at_end", json_integer(x.running));
		json_object_set_new(o, "tasks", t);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* Container image pulls, when the scenario models them; else NULL. */
static json_t *summary_images(const sim *s)
{
	static const char *const keys[] = { "pulls", "shared_pulls", "cached", "evictions",
					    "fargate_pulls", "tasks" };
	sim_image_view v;
	json_t *o;

	sim_images_now(s, &v);
	if (!v.on)
		return NULL;
	o = json_object();
	{
		const int64_t n[] = { v.pulls, v.shared, v.cached, v.evictions, v.fargate_pulls,
				      v.tasks };
		for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++)
			json_object_set_new(o, keys[k], json_integer(n[k]));
	}
	json_object_set_new(o, "mib_pulled", json_real(v.mib_pulled));
	json_object_set_new(o, "mean_wait_s", json_real(v.mean_wait_s));
	json_object_set_new(o, "max_wait_s", json_real(v.max_wait_s));
	json_object_set_new(o, "wait_s", summary_dist(s, SIM_DIST_PULL));
	return o;
}

json_t *summary_build(const sim *s, double wall_seconds)
{
	sim_stats measured;
	const sim_stats *st = &measured;
	/* time-weighted figures measure from measureFrom (or a reader's mark) */
	int64_t from = sim_measured_from(s);
	double dur = us_to_s(sim_now(s) - from);
	json_t *root = json_object(), *o, *svcs;
	double wsum = 0, wavail = 0;

	sim_measured_totals(s, &measured);
	json_object_set_new(root, "scenario", json_string(sim_scenario(s)->name));
	json_object_set_new(root, "seed", json_integer((json_int_t)sim_seed(s)));
	json_object_set_new(root, "strategy", json_string(sim_strategy_label(s)));
	json_object_set_new(root, "sim_seconds", json_real(us_to_s(sim_now(s))));
	if (from > 0)
		json_object_set_new(root, "measure_from_seconds", json_real(us_to_s(from)));
	json_object_set_new(root, "wall_seconds", json_real(wall_seconds));
	json_object_set_new(root, "events", json_integer((json_int_t)sim_events(s)));
	json_object_set_new(root, "tasks", summary_tasks(s, st, dur));
	json_object_set_new(root, "rejections", summary_rejections(st));
	o = json_object();
	json_object_set_new(o, "cpu", json_real(summary_ratio(st->cpu_used, st->cpu_up)));
	json_object_set_new(o, "memory", json_real(summary_ratio(st->mem_used, st->mem_up)));
	json_object_set_new(root, "utilization", o);
	json_object_set_new(root, "hosts", summary_hosts(s, st, dur));
	summary_per_host(root, s);
	summary_gpu(root, s);
	json_object_set_new(root, "failures", summary_failures(st));
	svcs = json_object();
	for (int i = 0; i < sim_nservices(s); i++) {
		sim_service_view v;
		sim_service_now(s, i, &v);
		json_object_set_new(svcs, v.name, summary_service(&v));
		wsum += (double)v.desired;
		wavail += (double)v.desired * v.availability;
	}
	json_object_set_new(root, "services", svcs);
	if (sim_nasgs(s)) {
		json_object_set_new(root, "cluster_autoscaling", summary_asgs(s));
		json_object_set_new(root, "capacity_wait", summary_wait(s));
	}
	json_object_set_new(root, "availability", json_real(wsum > 0 ? wavail / wsum : 1.0));
	json_object_set_new(root, "percentiles", summary_percentiles(s));
	json_object_set_new(root, "cost_usd", json_real(st->cost_usd));
	o = summary_cost(s, st);
	summary_cost_rates(o, s, st, dur / 3600);
	json_object_set_new(root, "cost", o);
	if (sim_ntraces(s))
		json_object_set_new(root, "traces", summary_traces(s));
	if ((o = summary_images(s)))
		json_object_set_new(root, "image_pulls", o);
	json_object_set_new(root, "fargate_cost_usd", json_real(st->fargate_cost_usd));
	summary_strategy_metrics(root, s);
	if ((o = inflation_summary(s)))
		json_object_set_new(root, "inflation", o);
	json_object_set_new(root, "warnings", summary_warnings(s, st));
	return root;
}
