/* runlog.c - CSV, JSON and plot outputs of one run (see runlog.h). */
#include "runlog.h"
#include "inflation.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"
#include "runpage.h"
#include "summary.h"
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
	csvw_f(&r->cost, summary_instances_usd(s, 0, 0));
	csvw_f(&r->cost, summary_instances_usd(s, 1, 0));
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
	csvw_f(w, summary_ratio(g->whole + g->shared, g->up));
	csvw_f(w, summary_ratio(g->whole, g->up));
	csvw_f(w, summary_ratio(g->shared, g->up));
	if (g->has_frag) {
		csvw_f(w, g->frag);
		csvw_f(w, summary_ratio(g->frag, g->idle));
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
	csvw_f(&r->ts, summary_ratio((double)cl.cpu_used, (double)cl.cpu_up));
	csvw_f(&r->ts, summary_ratio((double)cl.mem_used, (double)cl.mem_up));
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


/* The files of the run, for its page. */
static int run_files(const runlog *r, const char **files)
{
	int nfiles = 0;

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
	return nfiles;
}

int runlog_finish(runlog *r, const json_t *summary, const char *title, int plots,
		  ecs_err *plot_err, ecs_err *e)
{
	const char *files[9];
	FILE *f;
	int rc = 0, nfiles;

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
	nfiles = run_files(r, files);
	if (runpage_write(&r->od, summary, title, files, nfiles, e) < 0)
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
