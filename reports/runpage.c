/* runpage.c - what a reader sees of one run (see runpage.h). */
#include "runpage.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "html.h"

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

void runpage_print(FILE *f, const json_t *sm)
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

static void index_plots(const char *stage, html *h)
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
		snprintf(path, sizeof(path), "%s/%s.svg", stage, figs[i][0]);
		if (access(path, F_OK) == 0) {
			html_figure(h, figs[i][0], figs[i][1]);
			shown++;
		}
	}
	if (!shown)
		html_p(h, "No plots: they were turned off (--no-plots), gnuplot is missing, "
			  "or drawing failed (the run's output says which).");
}

int runpage_write(outdir *od, const json_t *sm, const char *title, const char *const *files,
		  int nfiles, ecs_err *e)
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
	index_plots(od->stage, &h);
	html_h2(&h, "Files");
	html_files(&h, files, nfiles);
	html_p(&h, "docs/outputs.md in the ecsim sources defines every column and key.");
	return html_write(&h, outdir_path(od, "index.html"), e);
}
