/* runlog.c - CSV, JSON and plot outputs of one run (see runlog.h). */
#include "runlog.h"
#include "inflation.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "html.h"
#include "plot.h"
#include "sim/support/quantile.h"
#include "sim/support/units.h"

void runlog_fmt_us(char buf[32], int64_t us)
{
	int64_t s = us / USEC_PER_SEC, f = us % USEC_PER_SEC;
	int n;

	if (us < 0) {
		snprintf(buf, 32, "-");
		return;
	}
	n = snprintf(buf, 32, "%" PRId64 ".%06" PRId64, s, f);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = 0;
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = 0;
}

static void field_us(csvw *w, int64_t us)
{
	char b[32];

	if (us < 0) {
		csvw_empty(w);
		return;
	}
	runlog_fmt_us(b, us);
	csvw_str(w, b);
}

/* A host's instance id, or empty for none (-1). */
static void field_host(csvw *w, int32_t h)
{
	char id[24];

	if (h < 0) {
		csvw_empty(w);
		return;
	}
	cl_host_instance_id(h, id);
	csvw_str(w, id);
}

static void on_task(void *ctx, const sim_task_rec *t)
{
	runlog *r = ctx;

	csvw_i64(&r->tasks, t->id);
	csvw_str(&r->tasks, t->group);
	field_host(&r->tasks, t->host);
	csvw_str(&r->tasks, t->zone);
	field_us(&r->tasks, t->submit);
	field_us(&r->tasks, t->start);
	field_us(&r->tasks, t->end);
	csvw_str(&r->tasks, sim_end_name(t->reason));
	csvw_str(&r->tasks, t->detail);
	csvw_str(&r->tasks, t->stop_code);
	csvw_str(&r->tasks, t->stopped_reason);
	field_us(&r->tasks, t->wait);
	if (r->task_log & RUNLOG_PULLS) {
		if (t->pull >= 0)
			field_us(&r->tasks, t->pull);
		else
			csvw_empty(&r->tasks);
	}
	csvw_endrow(&r->tasks);
	r->rows++;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

/* A planner's month: 30 days. */
#define HOURS_PER_MONTH 720.0

/* cost.csv: fixed columns, then one per instance type and purchase option
 * that has instances (in instanceTypes order, on-demand before Spot). */
static void cost_open(runlog *r, const sim *s)
{
	static const char *const fixed[] = { "time_s", "total_usd", "on_demand_usd", "spot_usd",
					     "fargate_usd", "idle_cost_usd" };
	int nf = (int)(sizeof(fixed) / sizeof(*fixed)), n = nf;
	const scenario *sc = sim_scenario(s);
	size_t nclass = 2 * (size_t)sc->ntypes;
	const char **cols = xcalloc((size_t)nf + nclass + 1, sizeof(*cols));
	char **names = xcalloc(nclass + 1, sizeof(*names));
	int k = 0;

	for (int i = 0; i < nf; i++)
		cols[i] = fixed[i];
	for (int32_t t = 0; t < sc->ntypes; t++)
		for (int spot = 0; spot < 2; spot++)
			if (sim_instance_count(s, t, spot)) {
				size_t len = strlen(sc->types[t].name) + 20;
				names[k] = xmalloc(len);
				snprintf(names[k], len, "%s:%s_usd", sc->types[t].name,
					 spot ? "spot" : "on-demand");
				cols[n++] = names[k++];
			}
	r->cost_open = csvw_open(&r->cost, outdir_path(&r->od, "cost.csv"), cols, n,
				 &r->cost_err) < 0 ? -1 : 1;
	for (int i = 0; i < k; i++)
		free(names[i]);
	free(names);
	free(cols);
}

/* USD of the instances of one purchase option since time 0, or measured
 * (from measureFrom). */
static double instances_usd(const sim *s, int spot, int measured)
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

static void cost_row(runlog *r, const sim *s)
{
	const scenario *sc = sim_scenario(s);
	const sim_stats *st = sim_totals(s);

	if (!r->cost_open)
		cost_open(r, s);
	if (r->cost_open < 0)
		return;
	field_us(&r->cost, sim_now(s));
	csvw_f(&r->cost, st->cost_usd);
	csvw_f(&r->cost, instances_usd(s, 0, 0));
	csvw_f(&r->cost, instances_usd(s, 1, 0));
	csvw_f(&r->cost, st->fargate_cost_usd);
	csvw_f(&r->cost, st->idle_cost_usd);
	for (int32_t t = 0; t < sc->ntypes; t++)
		for (int spot = 0; spot < 2; spot++)
			if (sim_instance_count(s, t, spot))
				csvw_f(&r->cost, sim_instance_hours(s, t, spot) *
						 (spot ? sc->types[t].spot_price
						       : sc->types[t].price));
	csvw_endrow(&r->cost);
}

static const char *const ts_cols[] = {
	"time_s", "hosts_up", "hosts_busy", "tasks_running", "cpu_util", "mem_util",
	"cpu_reserved_units", "mem_reserved_mib", "submitted_total", "rejected_total",
	"killed_total", "completed_total", "cost_usd",
	/* with GPUs (sim_gpu_view): shares of GPU capacity, fragmentation */
	"gpu_alloc", "gpu_alloc_whole", "gpu_alloc_shared", "gpu_frag", "gpu_frag_rate",
};
#define TS_BASE 13

/* timeseries.csv, with the GPU columns when the cluster has GPUs. */
static void ts_open(runlog *r, int gpus)
{
	int n = gpus ? (int)(sizeof(ts_cols) / sizeof(*ts_cols)) : TS_BASE;

	if (csvw_open(&r->ts, outdir_path(&r->od, "timeseries.csv"), ts_cols, n, &r->ts_err) < 0)
		r->ts_open = -1;
	else
		r->ts_open = gpus ? 2 : 1;
}

/* The GPU columns: allocation of capacity (whole + shared, whole, shared),
 * fragmented GPUs and their share of the idle ones (empty without a
 * workload). */
static void ts_gpu(csvw *w, const sim_gpu_view *g)
{
	csvw_f(w, ratio(g->whole + g->shared, g->up));
	csvw_f(w, ratio(g->whole, g->up));
	csvw_f(w, ratio(g->shared, g->up));
	if (g->has_frag) {
		csvw_f(w, g->frag);
		csvw_f(w, ratio(g->frag, g->idle));
	} else {
		csvw_empty(w);
		csvw_empty(w);
	}
}

static void on_sample(void *ctx, const sim *s)
{
	runlog *r = ctx;
	const sim_stats *st = sim_totals(s);
	sim_cluster_view cl;
	sim_gpu_view g;
	int64_t now = sim_now(s);

	sim_gpu_now(s, &g);
	if (!r->ts_open)
		ts_open(r, g.has_gpus);
	cost_row(r, s);
	sim_cluster_now(s, &cl);
	field_us(&r->ts, now);
	csvw_i64(&r->ts, cl.hosts_up);
	csvw_i64(&r->ts, cl.hosts_busy);
	csvw_i64(&r->ts, cl.tasks_running);
	csvw_f(&r->ts, ratio((double)cl.cpu_used, (double)cl.cpu_up));
	csvw_f(&r->ts, ratio((double)cl.mem_used, (double)cl.mem_up));
	csvw_i64(&r->ts, cl.cpu_used);
	csvw_i64(&r->ts, cl.mem_used);
	csvw_i64(&r->ts, st->submitted);
	csvw_i64(&r->ts, st->rejected);
	csvw_i64(&r->ts, st->killed);
	csvw_i64(&r->ts, st->completed);
	csvw_f(&r->ts, st->cost_usd);
	if (r->ts_open == 2)
		ts_gpu(&r->ts, &g);
	csvw_endrow(&r->ts);
	for (int i = 0; i < sim_nservices(s); i++) {
		sim_service_view v;
		sim_service_now(s, i, &v);
		field_us(&r->svc, now);
		csvw_str(&r->svc, v.name);
		csvw_i64(&r->svc, v.desired);
		csvw_i64(&r->svc, v.running);
		csvw_i64(&r->svc, v.healthy);
		csvw_i64(&r->svc, v.pending);
		if (v.has_demand) {
			/* no healthy task: no utilization (NaN, written empty) */
			csvw_f(&r->svc, v.demand);
			csvw_f(&r->svc, v.cpu_util);
			csvw_f(&r->svc, v.mem_util);
			csvw_f(&r->svc, v.unserved);
		} else {
			for (int k = 0; k < 4; k++)
				csvw_empty(&r->svc);
		}
		csvw_endrow(&r->svc);
	}
}

static void on_deployment(void *ctx, const sim_deployment_rec *d)
{
	runlog *r = ctx;
	char name[300];

	snprintf(name, sizeof(name), "%s:%d", d->family, d->revision);
	csvw_str(&r->deps, d->service);
	csvw_str(&r->deps, name);
	csvw_i64(&r->deps, d->rollback);
	field_us(&r->deps, d->start);
	field_us(&r->deps, d->end);
	csvw_str(&r->deps, d->outcome);
	csvw_i64(&r->deps, d->failed);
	csvw_i64(&r->deps, d->threshold);
	csvw_i64(&r->deps, d->lowest_healthy);
	csvw_str(&r->deps, d->strategy);
	csvw_str(&r->deps, d->stage);
	field_us(&r->deps, d->scaled_up);
	csvw_str(&r->deps, d->detail);
	csvw_endrow(&r->deps);
}

static void on_event(void *ctx, const sim_event_rec *ev)
{
	runlog *r = ctx;

	field_us(&r->events, ev->time);
	csvw_str(&r->events, ev->service);
	csvw_str(&r->events, ev->event);
	field_host(&r->events, ev->host);
	csvw_str(&r->events, ev->instance_type);
	csvw_str(&r->events, ev->zone);
	csvw_str(&r->events, ev->detail);
	csvw_endrow(&r->events);
}

int runlog_begin(runlog *r, const char *dir, int task_log, ecs_err *e)
{
	static const char *const svc_cols[] = { "time_s", "service", "desired", "running",
						"healthy", "pending", "demand", "cpu_util",
						"mem_util", "unserved" };
	static const char *const ev_cols[] = { "time_s", "service", "event", "host",
					       "instance_type", "zone", "detail" };
	static const char *const dep_cols[] = { "service", "task_definition", "rollback",
						"start_s", "end_s", "outcome", "failed_tasks",
						"breaker_threshold", "lowest_healthy", "strategy",
						"stage", "scaled_up_s", "detail" };
	static const char *const task_cols[] = {
		"task_id", "group", "host", "zone", "submit_s", "start_s", "end_s",
		"end_reason", "rejection_reason", "stop_code", "stopped_reason", "wait_s",
		"pull_s", /* only with RUNLOG_PULLS: keep it last */
	};
	int ntask_cols = (int)(sizeof(task_cols) / sizeof(*task_cols)) - !(task_log & RUNLOG_PULLS);

	*r = (runlog){ .task_log = task_log };
	if (outdir_begin(&r->od, dir, e) < 0)
		return -1;
	/* reserve its place among the files; opened at the first sample */
	outdir_path(&r->od, "timeseries.csv");
	if (csvw_open(&r->svc, outdir_path(&r->od, "services.csv"), svc_cols,
		      (int)(sizeof(svc_cols) / sizeof(*svc_cols)), e) < 0 ||
	    csvw_open(&r->events, outdir_path(&r->od, "events.csv"), ev_cols,
		      (int)(sizeof(ev_cols) / sizeof(*ev_cols)), e) < 0 ||
	    csvw_open(&r->deps, outdir_path(&r->od, "deployments.csv"), dep_cols,
		      (int)(sizeof(dep_cols) / sizeof(*dep_cols)), e) < 0 ||
	    (task_log && csvw_open(&r->tasks, outdir_path(&r->od, "tasks.csv"), task_cols,
				   ntask_cols, e) < 0)) {
		runlog_abort(r);
		return -1;
	}
	return 0;
}

sim_observer runlog_observer(runlog *r)
{
	/* Without a task log the model need not build task records at all. */
	return (sim_observer){ .ctx = r, .task_done = r->task_log ? on_task : NULL,
			       .sample = on_sample, .event_rec = on_event,
			       .deployment_done = on_deployment };
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
	json_object_set_new(o, "allocated", json_real(ratio(g.whole + g.shared, g.up)));
	json_object_set_new(o, "allocated_whole", json_real(ratio(g.whole, g.up)));
	json_object_set_new(o, "allocated_shared", json_real(ratio(g.shared, g.up)));
	json_object_set_new(o, "gpus_shared", json_integer(g.gpus_shared));
	json_object_set_new(o, "mean_allocated",
			    json_real(ratio(g.mean_whole + g.mean_shared, g.mean_up)));
	json_object_set_new(o, "mean_allocated_whole", json_real(ratio(g.mean_whole, g.mean_up)));
	json_object_set_new(o, "mean_allocated_shared", json_real(ratio(g.mean_shared, g.mean_up)));
	if (g.has_frag) {
		json_object_set_new(o, "workload_shapes", json_integer(g.shapes));
		json_object_set_new(o, "fragmentation", json_real(g.frag));
		json_object_set_new(o, "fragmentation_rate", json_real(ratio(g.frag, g.idle)));
		json_object_set_new(o, "mean_fragmentation", json_real(g.mean_frag));
		json_object_set_new(o, "mean_fragmentation_rate",
				    json_real(ratio(g.mean_frag, g.mean_idle)));
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

int runlog_hosts(runlog *r, const sim *s, ecs_err *e)
{
	static const char *const cols[] = {
		"host", "instance_type", "zone", "capacity_provider", "purchase", "cpu_units",
		"memory_mib", "gpus", "up_s", "cpu_reserved", "mem_reserved", "gpu_reserved",
		"tasks_placed", "cpu_stranded", "mem_stranded", "gpu_stranded",
	};
	csvw w;

	if (csvw_open(&w, outdir_path(&r->od, "hosts.csv"), cols,
		      (int)(sizeof(cols) / sizeof(*cols)), e) < 0)
		return -1;
	for (int32_t h = 0; h < sim_nhosts(s); h++) {
		sim_host_view v;
		sim_host_now(s, h, &v);
		field_host(&w, h);
		csvw_str(&w, v.instance_type);
		csvw_str(&w, v.zone);
		csvw_str(&w, v.capacity_provider);
		csvw_str(&w, !v.instance_type ? NULL : v.spot ? "spot" : "on-demand");
		csvw_i64(&w, v.cpu);
		csvw_i64(&w, v.mem);
		csvw_i64(&w, v.gpus);
		csvw_f(&w, v.up_s);
		csvw_f(&w, v.cpu_reserved);
		csvw_f(&w, v.mem_reserved);
		csvw_f(&w, v.gpu_reserved);
		csvw_i64(&w, v.tasks_placed);
		csvw_f(&w, v.cpu_stranded);
		csvw_f(&w, v.mem_stranded);
		csvw_f(&w, v.gpu_stranded);
		csvw_endrow(&w);
	}
	if (csvw_close(&w, e) < 0)
		return -1;
	r->hosts = 1;
	return 0;
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
	json_object_set_new(o, "mean_running", json_real(ratio(st->running, dur)));
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
	json_object_set_new(o, "mean_up", json_real(ratio(st->hosts_up, dur)));
	json_object_set_new(o, "mean_busy", json_real(ratio(st->hosts_busy, dur)));
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
				    json_real(ratio(v->unserved_requests, v->demand_requests)));
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
	json_object_set_new(o, "on_demand_usd", json_real(instances_usd(s, 0, 1)));
	json_object_set_new(o, "spot_usd", json_real(instances_usd(s, 1, 1)));
	json_object_set_new(o, "fargate_usd", json_real(st->fargate_cost_usd));
	json_object_set_new(o, "fargate_vcpu_hours", json_real(st->fargate_vcpu_hours));
	json_object_set_new(o, "fargate_gb_hours", json_real(st->fargate_gb_hours));
	json_object_set_new(o, "idle_usd", json_real(st->idle_cost_usd));
	json_object_set_new(o, "idle_share", json_real(ratio(st->idle_cost_usd,
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
	json_object_set_new(o, "effective_per_hour_usd", json_real(ratio(v->effective, hours)));
	json_object_set_new(o, "effective_per_month_usd",
			    json_real(ratio(v->effective, hours) * HOURS_PER_MONTH));
	json_object_set_new(o, "savings_usd", json_real(total - v->effective));
	json_object_set_new(o, "savings_share", json_real(ratio(total - v->effective, total)));
	json_object_set_new(o, "savings_plan_commitment_usd", json_real(v->sp_commitment));
	json_object_set_new(o, "savings_plan_used_usd", json_real(v->sp_used));
	json_object_set_new(o, "savings_plan_unused_usd", json_real(v->sp_unused));
	json_object_set_new(o, "savings_plan_utilization",
			    json_real(ratio(v->sp_used, v->sp_commitment)));
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

	json_object_set_new(o, "per_hour_usd", json_real(ratio(st->cost_usd, hours)));
	json_object_set_new(o, "per_month_usd",
			    json_real(ratio(st->cost_usd, hours) * HOURS_PER_MONTH));
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

json_t *runlog_summary(const sim *s, double wall_seconds)
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
	json_object_set_new(o, "cpu", json_real(ratio(st->cpu_used, st->cpu_up)));
	json_object_set_new(o, "memory", json_real(ratio(st->mem_used, st->mem_up)));
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

/* The value at a dotted path of summary.json ("cost.per_hour_usd"); NULL if absent. */
static const json_t *at_path(const json_t *sm, const char *path)
{
	char buf[128], *save = NULL;
	const json_t *v = sm;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_object_get(v, k);
	return v;
}

static double num(const json_t *o, const char *path)
{
	const json_t *v = at_path(o, path);

	return v ? json_number_value(v) : NAN;
}

void runlog_print(FILE *f, const json_t *sm)
{
	const json_t *svcs = json_object_get(sm, "services"), *v, *rej;
	const char *name;
	double wall = num(sm, "wall_seconds"), ev = num(sm, "events");
	size_t i;

	fprintf(f, "%s: %.0f simulated hours, seed %lld, strategy %s\n",
		json_string_value(json_object_get(sm, "scenario")), num(sm, "sim_seconds") / 3600,
		(long long)json_integer_value(json_object_get(sm, "seed")),
		json_string_value(json_object_get(sm, "strategy")));
	fprintf(f, "  events       %.0f in %.2f s wall (%.2f M events/s)\n", ev, wall,
		wall > 0 ? ev / wall / 1e6 : 0);
	fprintf(f, "  hosts        %.0f, mean up %.1f, mean busy %.1f, %.0f instance-hours, "
		"cost $%.2f\n", num(sm, "hosts.total"), num(sm, "hosts.mean_up"),
		num(sm, "hosts.mean_busy"), num(sm, "hosts.instance_hours"),
		num(sm, "cost_usd"));
	fprintf(f, "  cost         $%.2f: $%.4f an hour, $%.2f a 30-day month\n",
		num(sm, "cost_usd"), num(sm, "cost.per_hour_usd"), num(sm, "cost.per_month_usd"));
	if (json_object_get(json_object_get(sm, "cost"), "commitments"))
		fprintf(f, "  commitments  $%.2f under them ($%.2f a month): %.1f %% less than without; "
			"Savings Plan %.1f %% used\n", num(sm, "cost.commitments.effective_usd"),
			num(sm, "cost.commitments.effective_per_month_usd"),
			100 * num(sm, "cost.commitments.savings_share"),
			100 * num(sm, "cost.commitments.savings_plan_utilization"));
	if (num(sm, "hosts.failures") > 0)
		fprintf(f, "  failures     %.0f host failures, %.0f of them killed tasks, at most "
			"%.0f tasks in one\n", num(sm, "hosts.failures"),
			num(sm, "hosts.failures_that_killed_tasks"),
			num(sm, "hosts.max_tasks_killed_by_one_failure"));
	if (num(sm, "failures.zone_outages") > 0 || num(sm, "failures.domain_failures") > 0)
		fprintf(f, "  correlated   %.0f zone outages (%.0f instances down), %.0f domain "
			"failures (%.0f instances down)\n", num(sm, "failures.zone_outages"),
			num(sm, "failures.instances_down_by_zone_outages"),
			num(sm, "failures.domain_failures"),
			num(sm, "failures.instances_down_by_domain_failures"));
	if (num(sm, "failures.fargate_spot_interruptions") > 0)
		fprintf(f, "  spot         %.0f FARGATE_SPOT tasks interrupted\n",
			num(sm, "failures.fargate_spot_interruptions"));
	if (num(sm, "failures.spot_notices") > 0)
		fprintf(f, "  spot         %.0f notices, %.0f instances terminated, %.0f replaced, "
			"%.0f service tasks killed\n", num(sm, "failures.spot_notices"),
			num(sm, "failures.spot_interruptions"), num(sm, "failures.spot_replacements"),
			num(sm, "failures.spot_tasks_killed"));
	fprintf(f, "  tasks        %.0f submitted, %.0f placed, %.0f rejected, %.0f killed, "
		"%.0f completed, %.0f stopped, mean running %.1f\n", num(sm, "tasks.submitted"),
		num(sm, "tasks.placed"), num(sm, "tasks.rejected"), num(sm, "tasks.killed"),
		num(sm, "tasks.completed"), num(sm, "tasks.stopped"), num(sm, "tasks.mean_running"));
	rej = json_object_get(sm, "rejections");
	if (json_object_size(rej)) {
		fprintf(f, "  rejections  ");
		json_object_foreach((json_t *)rej, name, v)
			fprintf(f, " %s %lld", name, (long long)json_integer_value(v));
		fputc('\n', f);
	}
	fprintf(f, "  utilization  cpu %.1f %%, memory %.1f %% (reserved / capacity up)\n",
		100 * num(sm, "utilization.cpu"), 100 * num(sm, "utilization.memory"));
	if (json_object_size(svcs)) {
		fprintf(f, "  availability %.5f overall\n", num(sm, "availability"));
		json_object_foreach((json_t *)svcs, name, v)
			fprintf(f, "    %-20s %.5f  (down %.0f s, degraded %.0f s)\n", name,
				num(v, "availability"), num(v, "downtime_seconds"),
				num(v, "degraded_seconds"));
	}
	json_array_foreach(json_object_get(sm, "warnings"), i, v)
		fprintf(f, "warning: %s\n", json_string_value(v));
}

static void fmt_num(char *buf, size_t n, const json_t *v)
{
	if (json_is_integer(v))
		snprintf(buf, n, "%lld", (long long)json_integer_value(v));
	else if (json_is_number(v))
		snprintf(buf, n, "%.6g", json_number_value(v));
	else
		snprintf(buf, n, "%s", json_is_string(v) ? json_string_value(v) : "");
}

/* How a figure reads on the page: a count or other plain number, a fraction
 * in percent, an availability (percent, nines and the downtime a 30-day
 * month would have), dollars, a duration in seconds. */
enum fig_kind { FIG_NUM, FIG_PCT, FIG_AVAIL, FIG_USD, FIG_SECONDS };

static void fig_value(char *buf, size_t n, const json_t *v, enum fig_kind kind)
{
	double x = json_number_value(v);

	if (!json_is_number(v) || kind == FIG_NUM) {
		fmt_num(buf, n, v);
		return;
	}
	switch (kind) {
	case FIG_PCT: fmt_percent(buf, n, x); break;
	case FIG_AVAIL: fmt_availability(buf, n, x); break;
	case FIG_USD: snprintf(buf, n, fabs(x) >= 1 || x == 0 ? "%.2f" : "%.3g", x); break;
	case FIG_SECONDS: fmt_duration(buf, n, x); break;
	default: fmt_num(buf, n, v); break;
	}
}

struct fig {
	const char *path, *label;
	enum fig_kind kind;
};

static void index_row(html *h, const json_t *sm, const struct fig *f)
{
	char val[128];
	const char *cells[3] = { f->label, val, f->path };

	fig_value(val, sizeof(val), at_path(sm, f->path), f->kind);
	html_row(h, cells);
}

/* index.html: the key figures of summary.json, the plots, the files. */
static void index_rejections(html *h, const json_t *rej)
{
	static const char *const rh[] = { "rejection reason", "tasks" };
	const char *name;
	json_t *v;

	if (!json_object_size(rej))
		return;
	html_h2(h, "Rejections");
	html_table(h, rh, 2);
	json_object_foreach((json_t *)rej, name, v) {
		char n[32];
		const char *cells[2] = { name, n };
		fmt_num(n, sizeof(n), v);
		html_row(h, cells);
	}
	html_table_end(h);
}

/* Availability in percent, in nines and as the downtime a 30-day month
 * would have; the time with no healthy task and below desired as
 * durations. */
static void index_services(html *h, const json_t *svcs)
{
	static const char *const sh[] = { "service", "desired", "availability", "nines",
					  "downtime a 30-day month at that availability",
					  "time with no healthy task", "time below desired",
					  "placement failures" };
	const char *name;
	json_t *v;

	if (!json_object_size(svcs))
		return;
	html_h2(h, "Services");
	html_table(h, sh, 8);
	json_object_foreach((json_t *)svcs, name, v) {
		char c[7][64];
		const char *cells[8] = { name, c[0], c[1], c[2], c[3], c[4], c[5], c[6] };
		double a = json_number_value(json_object_get(v, "availability"));
		fmt_num(c[0], sizeof(c[0]), json_object_get(v, "desired"));
		fmt_avail_percent(c[1], sizeof(c[1]), a);
		fmt_nines_text(c[2], sizeof(c[2]), a);
		fmt_duration(c[3], sizeof(c[3]), fmt_month_downtime_s(a));
		fig_value(c[4], sizeof(c[4]), json_object_get(v, "downtime_seconds"), FIG_SECONDS);
		fig_value(c[5], sizeof(c[5]), json_object_get(v, "degraded_seconds"), FIG_SECONDS);
		fmt_num(c[6], sizeof(c[6]), json_object_get(v, "placement_failures"));
		html_row(h, cells);
	}
	html_table_end(h);
}

static void index_plots(runlog *r, html *h)
{
	static const char *const figs[][2] = {
		{ "utilization", "reserved CPU and memory over time" },
		{ "hosts", "hosts up, hosts busy and tasks running over time" },
		{ "services", "running (solid) against desired (dashed) tasks per service" },
		{ "cost", "cumulative cost: total, on-demand and Spot instances, FARGATE, idle" },
		{ "gpu", "GPU allocation (whole GPUs and shares stacked) and fragmentation over "
			 "time" },
		{ "hosts_cdf", "hosts by their time-weighted CPU, memory and GPU reservation "
			       "(empirical CDF, from hosts.csv)" },
	};
	char path[4096];
	int shown = 0;

	html_h2(h, "Plots");
	for (size_t i = 0; i < sizeof(figs) / sizeof(figs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.svg", r->od.stage, figs[i][0]);
		if (access(path, F_OK) == 0) {
			html_figure(h, figs[i][0], figs[i][1]);
			shown++;
		}
	}
	if (!shown)
		html_p(h, "No plots: they were turned off (--no-plots), gnuplot is missing, "
			  "or drawing failed (the run's output says which).");
}

static void index_files(runlog *r, html *h)
{
	const char *files[9];
	int nfiles = 0;

	html_h2(h, "Files");
	files[nfiles++] = "summary.json";
	files[nfiles++] = "timeseries.csv";
	files[nfiles++] = "services.csv";
	files[nfiles++] = "events.csv";
	files[nfiles++] = "deployments.csv";
	files[nfiles++] = "cost.csv";
	if (r->hosts)
		files[nfiles++] = "hosts.csv";
	if (r->task_log)
		files[nfiles++] = "tasks.csv";
	if (r->inflation)
		files[nfiles++] = "inflation.csv";
	html_files(h, files, nfiles);
	html_p(h, "docs/outputs.md in the ecsim sources defines every column and key.");
}

static int write_index(runlog *r, const json_t *sm, const char *title, ecs_err *e)
{
	static const char *const head[] = { "figure", "value", "summary.json key" };
	static const struct fig keys[] = {
		{ "availability", "availability (all services)", FIG_AVAIL },
		{ "tasks.submitted", "tasks submitted", FIG_NUM },
		{ "tasks.placed", "tasks placed", FIG_NUM },
		{ "tasks.rejected", "tasks rejected", FIG_NUM },
		{ "tasks.killed", "tasks killed by host failures", FIG_NUM },
		{ "tasks.completed", "tasks completed", FIG_NUM },
		{ "tasks.stopped", "service tasks stopped (failed start, unhealthy, exited)", FIG_NUM },
		{ "tasks.mean_running", "mean tasks running", FIG_NUM },
		{ "utilization.cpu", "CPU reserved / capacity up", FIG_PCT },
		{ "utilization.memory", "memory reserved / capacity up", FIG_PCT },
		{ "hosts.total", "hosts", FIG_NUM },
		{ "hosts.mean_up", "mean hosts up", FIG_NUM },
		{ "hosts.mean_busy", "mean hosts busy", FIG_NUM },
		{ "hosts.instance_hours", "instance-hours", FIG_NUM },
		{ "hosts.failures", "host failures", FIG_NUM },
		{ "hosts.max_tasks_killed_by_one_failure", "most tasks killed by one failure", FIG_NUM },
		{ "failures.zone_outages", "zone outages", FIG_NUM },
		{ "failures.domain_failures", "failure-domain failures", FIG_NUM },
		{ "failures.spot_interruptions", "Spot instances interrupted", FIG_NUM },
		{ "failures.spot_tasks_killed", "service tasks killed by Spot terminations", FIG_NUM },
		{ "cost_usd", "cost (USD)", FIG_USD },
		{ "cost.per_hour_usd", "cost per simulated hour (USD)", FIG_USD },
		{ "cost.per_month_usd", "cost per 30-day month (USD)", FIG_USD },
		{ "cost.spot_usd", "Spot instances (USD)", FIG_USD },
		{ "cost.fargate_usd", "FARGATE (USD)", FIG_USD },
		{ "cost.idle_usd", "idle instance capacity (USD)", FIG_USD },
		{ "cost.idle_share", "idle share of the instance cost", FIG_PCT },
	};
	static const struct fig commit[] = {
		{ "cost.commitments.effective_usd", "cost under the commitments of $.pricing (USD)",
		  FIG_USD },
		{ "cost.commitments.effective_per_month_usd", "the same per 30-day month (USD)",
		  FIG_USD },
		{ "cost.commitments.savings_usd", "saving against cost (USD)", FIG_USD },
		{ "cost.commitments.savings_share", "saving against cost", FIG_PCT },
		{ "cost.commitments.savings_plan_utilization", "Savings Plan commitment used",
		  FIG_PCT },
		{ "cost.commitments.reserved_unused_hours", "reserved instance-hours unused", FIG_NUM },
	};
	/* shown when summary.json has them (GPUs; hosts.csv written) */
	static const struct fig optional[] = {
		{ "gpu.capacity", "GPUs up at the end", FIG_NUM },
		{ "gpu.mean_allocated", "GPU allocation (time average)", FIG_PCT },
		{ "gpu.mean_allocated_shared", "of it, shares of GPUs", FIG_PCT },
		{ "gpu.mean_fragmentation_rate", "GPU fragmentation rate (time average)", FIG_PCT },
		{ "gpu.mean_fragmentation", "fragmented GPUs (time average)", FIG_NUM },
		{ "per_host.cpu_reserved.p10", "CPU reserved, host at p10", FIG_PCT },
		{ "per_host.cpu_reserved.p50", "CPU reserved, median host", FIG_PCT },
		{ "per_host.cpu_reserved.p90", "CPU reserved, host at p90", FIG_PCT },
		{ "per_host.mem_reserved.p50", "memory reserved, median host", FIG_PCT },
		{ "per_host.gpu_reserved.p50", "GPU reserved, median GPU host", FIG_PCT },
		{ "per_host.mem_stranded.p90", "memory stranded, host at p90", FIG_PCT },
	};
	const json_t *warn = json_object_get(sm, "warnings"), *w;
	size_t k;
	char t[512];
	html h;

	snprintf(t, sizeof(t), "ecsim run: %s", title);
	html_begin(&h, t);
	html_p(&h, "%.6g simulated hours, seed %lld, strategy %s, %lld events.",
	       num(sm, "sim_seconds") / 3600,
	       (long long)json_integer_value(json_object_get(sm, "seed")),
	       json_string_value(json_object_get(sm, "strategy")),
	       (long long)json_integer_value(json_object_get(sm, "events")));
	if (json_array_size(warn)) {
		html_h2(&h, "Warnings");
		json_array_foreach(warn, k, w)
			html_p(&h, "%s", json_string_value(w));
	}
	html_h2(&h, "Key figures");
	html_table(&h, head, 3);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		index_row(&h, sm, &keys[i]);
	if (json_object_get(json_object_get(sm, "cost"), "commitments"))
		for (size_t i = 0; i < sizeof(commit) / sizeof(commit[0]); i++)
			index_row(&h, sm, &commit[i]);
	for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		if (at_path(sm, optional[i].path))
			index_row(&h, sm, &optional[i]);
	html_table_end(&h);
	index_rejections(&h, json_object_get(sm, "rejections"));
	index_services(&h, json_object_get(sm, "services"));
	index_plots(r, &h);
	index_files(r, &h);
	return html_write(&h, outdir_path(&r->od, "index.html"), e);
}

int runlog_finish(runlog *r, const json_t *summary, const char *title, int plots,
		  ecs_err *plot_err, ecs_err *e)
{
	FILE *f;
	int rc = 0;

	if (!r->ts_open) /* no sample was taken */
		ts_open(r, 0);
	if (r->ts_open > 0)
		rc |= csvw_close(&r->ts, e);
	else
		rc |= err_set(e, "%s", r->ts_err.msg);
	rc |= csvw_close(&r->svc, e);
	rc |= csvw_close(&r->events, e);
	rc |= csvw_close(&r->deps, e);
	if (r->cost_open > 0)
		rc |= csvw_close(&r->cost, e);
	else if (r->cost_open < 0)
		rc |= err_set(e, "%s", r->cost_err.msg);
	if (r->task_log)
		rc |= csvw_close(&r->tasks, e);
	if (rc)
		goto fail;
	f = fopen(outdir_path(&r->od, "summary.json"), "w");
	if (!f || json_dumpf(summary, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
				      JSON_REAL_PRECISION(10)) < 0 ||
	    fputc('\n', f) == EOF || fclose(f) != 0) {
		err_set(e, "cannot write summary.json in %s", r->od.dir);
		goto fail;
	}
	if (plots) {
		static const char *const figs[] = { "utilization", "hosts", "services", "cost",
						    "gpu", "hosts_cdf" };
		char name[32];
		for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++) {
			snprintf(name, sizeof(name), "%s.png", figs[i]);
			outdir_path(&r->od, name);
			snprintf(name, sizeof(name), "%s.svg", figs[i]);
			outdir_path(&r->od, name);
		}
		plot_run_charts(r->od.stage, title, plot_err);
	}
	if (write_index(r, summary, title, e) < 0)
		goto fail;
	return outdir_commit(&r->od, e);
fail:
	outdir_abort(&r->od);
	return -1;
}

int runlog_inflation(runlog *r, const sim *s, ecs_err *e)
{
	sim_inflation_view v;

	sim_inflation(s, &v);
	if (!v.given)
		return 0;
	r->inflation = 1;
	return inflation_write(s, outdir_path(&r->od, "inflation.csv"), e);
}

void runlog_abort(runlog *r)
{
	csvw_close(&r->ts, NULL);
	csvw_close(&r->svc, NULL);
	csvw_close(&r->events, NULL);
	csvw_close(&r->deps, NULL);
	if (r->cost_open > 0)
		csvw_close(&r->cost, NULL);
	if (r->task_log)
		csvw_close(&r->tasks, NULL);
	outdir_abort(&r->od);
}
