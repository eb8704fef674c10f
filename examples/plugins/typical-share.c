/* typical-share.c - an example strategy plug-in for API version 2, using
 * all four of its additions:
 *   - the workload's shapes (st_workload): the most frequent share of a GPU
 *     among the workload's tasks, s;
 *   - per-host state kept as the cluster changes (host_state, host_update):
 *     each host's "stranded" thousandths, free on GPUs that have less than
 *     s free (but some);
 *   - the GPU slot (gpu_score): a share goes where it strands least;
 *   - a metric of its own (metric): the stranded GPUs at the end of the run,
 *     in summary.json's "strategy_metrics".
 * A host scores how much placing the task there would add to its stranded
 * thousandths (lower is better).  Build: make plugins, then
 *   ecsim run SCENARIO --plugin build/plugins/typical-share.so --strategy typical-share
 */
#include "strategies/strategy.h"

typedef struct share_state {
	int32_t stranded;        /* thousandths free on GPUs with 0 < free < s */
} share_state;

/* The typical share s, in step->field: the workload's most frequent one
 * (500 without a workload or a share in it). */
static int ts_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	const gf_workload *w = st_workload(cl);
	int64_t best = 0;

	if (field)
		return err_set(e, "typical-share takes no field, not \"%s\"", field);
	step->field = 500;
	for (int32_t i = 0; w && i < w->n; i++)
		if (w->shapes[i].milli > 0 && w->shapes[i].count > best) {
			best = w->shapes[i].count;
			step->field = w->shapes[i].milli;
		}
	return 0;
}

static int32_t stranded_of(int32_t free_milli, int32_t s)
{
	return free_milli > 0 && free_milli < s ? free_milli : 0;
}

/* Stranded thousandths of host h, slot `slot` taking `take` more. */
static int32_t stranded(const cl_host *ho, int32_t s, int32_t slot, int32_t take)
{
	int32_t sum = 0;

	for (int32_t i = 0; ho->gpu_used && i < ho->gpu_total; i++)
		if (ho->gpu_used[i] > 0 || i == slot)
			sum += stranded_of(cl_slot_free(ho, i) - (i == slot ? take : 0), s);
	if (slot >= 0 && !ho->gpu_used) /* the first share of the host */
		sum += stranded_of(1000 - take, s);
	return sum;
}

static void ts_update(const st_step *step, const cl_cluster *cl, int32_t h, void *state)
{
	((share_state *)state)->stranded = stranded(&cl->hosts[h], step->field, -1, 0);
}

static double ts_gpu_score(const st_step *step, const cl_cluster *cl, int32_t h,
			   const cl_req *r, int32_t slot)
{
	const share_state *now = st_host_state(step, h);
	return stranded(&cl->hosts[h], step->field, slot, r->gpu_milli) - now->stranded;
}

static double ts_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	int32_t slots[64], n;
	double best;

	if (r->gpu_milli <= 0 || cl->hosts[h].gpu_total > 64)
		return 0;
	n = cl_share_slots(&cl->hosts[h], r->gpu_milli, slots);
	best = ts_gpu_score(step, cl, h, r, slots[0]);
	for (int32_t i = 1; i < n; i++) {
		double d = ts_gpu_score(step, cl, h, r, slots[i]);
		best = d < best ? d : best;
	}
	return best;
}

static double ts_metric(const st_step *step, const cl_cluster *cl)
{
	int64_t sum = 0;

	for (int32_t h = 0; h < cl->nhosts; h++)
		sum += ((const share_state *)st_host_state(step, h))->stranded;
	return (double)sum / 1000;
}

static const st_strategy typical_share = {
	.name = "typical-share",
	.fields = "none",
	.summary = "least GPU left stranded below the workload's typical share (example plug-in, "
		   "API v2)",
	.resolve = ts_resolve,
	.score = ts_score,
	.gpu_score = ts_gpu_score,
	.host_state = sizeof(share_state),
	.host_update = ts_update,
	.metric_name = "stranded_gpus",
	.metric = ts_metric,
};

ST_PLUGIN(&typical_share);
