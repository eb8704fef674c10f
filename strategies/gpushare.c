/* gpushare.c - the GPU-sharing baselines of Weng et al., "Beware of
 * Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation
 * Gradient Descent" (USENIX ATC'23), as their simulator defines them
 * (hkust-adsl/kubernetes-scheduler-simulator, pkg/simulator/plugin/):
 * gpu-random, dot-product, gpu-packing, gpu-clustering, gpu-best-fit and
 * fgd.  Scores are the simulator's negated (lower is better here); the
 * differences are in docs/strategies.md.
 *
 * "Free GPU" below is in thousandths: whole free GPUs x 1000 plus what the
 * shared GPUs have left.  Cmax and Gmax normalise as the simulator's
 * MaxSpecCpu and MaxSpecGpu do: the largest CPU and GPU capacity of a host
 * of the cluster when the step is built.
 *
 * The field "integer" (dot-product, gpu-best-fit, fgd) truncates the score
 * to the simulator's integer 0-100, as kube-scheduler's scores are, so that
 * hosts within one point tie; gpu-packing and gpu-clustering are integers
 * already.  Without it the exact number ranks (ecsim's default).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strategy.h"

/* Thousandths of GPU free on ho. */
static int64_t gpu_free_milli(const cl_host *ho)
{
	int64_t m = (int64_t)ho->gpu_free * CL_GPU_MILLI;

	for (int32_t i = 0; ho->gpu_used && i < ho->gpu_total; i++)
		if (ho->gpu_used[i] > 0)
			m += CL_GPU_MILLI - ho->gpu_used[i];
	return m;
}

static int64_t req_milli(const cl_req *r)
{
	return (int64_t)r->gpu * CL_GPU_MILLI + r->gpu_milli;
}

/* The normalisers, in step->data. */
typedef struct norm {
	double cpu, gpu;     /* Cmax (CPU units), Gmax (thousandths) */
} norm;

static int no_field(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	if (field)
		return err_set(e, "%s takes no field, not \"%s\"", step->s->name, field);
	return 0;
}

/* step->field = 1 for "integer", 0 when absent. */
static int integer_field(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	if (field && strcmp(field, "integer") != 0)
		return err_set(e, "%s field must be \"integer\" or absent, not \"%s\"",
			       step->s->name, field);
	step->field = field != NULL;
	return 0;
}

/* The simulator's int64(MaxNodeScore x v) for its score v in [0, 1]
 * (higher is better), negated. */
static double int_score(double v)
{
	return -(double)(int64_t)(100.0 * v);
}

/* Resolves step->data (after the field), 0. */
static int norm_build(st_step *step, const cl_cluster *cl)
{
	norm *n = xcalloc(1, sizeof(*n));

	for (int32_t h = 0; h < cl->nhosts; h++) {
		if (cl->hosts[h].cpu_total > n->cpu)
			n->cpu = cl->hosts[h].cpu_total;
		if ((double)cl->hosts[h].gpu_total * CL_GPU_MILLI > n->gpu)
			n->gpu = (double)cl->hosts[h].gpu_total * CL_GPU_MILLI;
	}
	/* a cluster without hosts or GPUs yet: any positive scale ranks alike */
	n->cpu = n->cpu > 0 ? n->cpu : 1;
	n->gpu = n->gpu > 0 ? n->gpu : CL_GPU_MILLI;
	step->data = n;
	return 0;
}

static int norm_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	return no_field(step, field, cl, e) < 0 ? -1 : norm_build(step, cl);
}

static int norm_int_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	return integer_field(step, field, cl, e) < 0 ? -1 : norm_build(step, cl);
}

/* Scale-in of a policy whose stop is its placement ranking reversed
 * (gpu-packing, gpu-clustering): the host it would rank last now. */
static double rank_last(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return -step->s->score(step, cl, h, r);
}

/* ---- gpu-random --------------------------------------------------------- */

static double zero(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return 0;
}

static double zero_slot(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r,
			int32_t slot)
{
	return 0;
}

const st_strategy st_gpu_random = {
	.name = "gpu-random",
	.fields = "none",
	.summary = "any host, and any GPU a share fits on, uniformly (Weng et al.'s Random)",
	.resolve = no_field,
	.score = zero,
	.stop_score = zero,
	.stop_summary = "any host, uniformly",
	/* every host ties, as random's: the index may answer */
	.indexed_as = ST_INDEX_RANDOM,
	.gpu_score = zero_slot,
};

/* ---- dot-product ------------------------------------------------------- */

/* (free cpu / Cmax)(req cpu / Cmax) + (free gpu / Gmax)(req gpu / Gmax),
 * free before placing; the simulator keeps the host with the smallest
 * (its score: 1 - dot / 2). */
static double dot(const norm *n, const cl_host *ho, const cl_req *r, int64_t cpu, int64_t gpu)
{
	return ((double)cpu / n->cpu) * ((double)r->cpu / n->cpu) +
	       ((double)gpu / n->gpu) * ((double)req_milli(r) / n->gpu);
}

static double dp_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	const cl_host *ho = &cl->hosts[h];
	double d = dot(step->data, ho, r, ho->cpu_free, gpu_free_milli(ho));

	return step->field ? int_score(1.0 - d / 2.0) : d;
}

static double dp_stop(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	const cl_host *ho = &cl->hosts[h];
	return -dot(step->data, ho, r, (int64_t)ho->cpu_free + r->cpu,
		    gpu_free_milli(ho) + req_milli(r));
}

const st_strategy st_dot_product = {
	.name = "dot-product",
	.fields = "none | integer",
	.summary = "least free cpu.req + free gpu.req, normalised by the largest host (Weng et "
		   "al.'s DotProd)",
	.resolve = norm_int_resolve,
	.score = dp_score,
	.stop_score = dp_stop,
	.stop_summary = "largest dot product after stopping",
};

/* ---- gpu-best-fit ------------------------------------------------------- */

static double bf(const norm *n, int64_t cpu_left, int64_t gpu_left)
{
	return 0.5 * (double)cpu_left / n->cpu + 0.5 * (double)gpu_left / n->gpu;
}

static double gbf_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	const cl_host *ho = &cl->hosts[h];
	double v = bf(step->data, (int64_t)ho->cpu_free - r->cpu, gpu_free_milli(ho) - req_milli(r));

	/* the simulator min-max normalises the integers after, which keeps
	 * the set of best hosts as it is */
	return step->field ? int_score(1.0 - v) : v;
}

static double gbf_stop(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	const cl_host *ho = &cl->hosts[h];
	return -bf(step->data, ho->cpu_free, gpu_free_milli(ho));
}

const st_strategy st_gpu_best_fit = {
	.name = "gpu-best-fit",
	.fields = "none | integer",
	.summary = "least cpu and gpu left, each over the largest host's, weighed 1/2 each "
		   "(Weng et al.'s BestFit)",
	.resolve = norm_int_resolve,
	.score = gbf_score,
	.stop_score = gbf_stop,
	.stop_summary = "most cpu and gpu left after stopping",
};

/* ---- gpu-packing ------------------------------------------------------- */

static int cmp_asc(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The simulator's getPackingScore (0-100, higher = pack there), whose
 * tiers are: shared GPUs that r fits on (100 - their free % / 10, at
 * least 50), free GPUs of a host in use (50 - how many, at least 33), a
 * host whose GPUs are all free (33 - how many).  r asks a GPU. */
static int64_t packing(const cl_host *ho, const cl_req *r)
{
	int32_t buf[64], *left, n = 0, free_n = ho->gpu_free;
	int32_t want = r->gpu_milli ? 1 : r->gpu, x = r->gpu_milli ? r->gpu_milli : CL_GPU_MILLI;
	int32_t full_used = 0;
	int64_t pct = 0, s;

	if (free_n == ho->gpu_total) {
		s = 100 / 3 - free_n;
		return s > free_n ? s : free_n;
	}
	left = ho->gpu_total <= 64 ? buf : xmalloc((size_t)ho->gpu_total * sizeof(*left));
	for (int32_t i = 0; ho->gpu_used && i < ho->gpu_total; i++)
		if (ho->gpu_used[i] > 0)
			left[n++] = CL_GPU_MILLI - ho->gpu_used[i];
	for (int32_t i = 0; i < ho->gpu_free; i++)
		left[n++] = CL_GPU_MILLI;
	qsort(left, (size_t)n, sizeof(*left), cmp_asc);
	for (int32_t i = 0; i < n && want > 0; i++)
		if (left[i] >= x) {
			want--;
			full_used += left[i] == CL_GPU_MILLI;
			pct += (int64_t)left[i] * 100 / CL_GPU_MILLI;
		}
	if (left != buf)
		free(left);
	if (full_used > 0) {
		s = 100 / 2 - full_used;
		return s > 100 / 3 ? s : 100 / 3;
	}
	s = 100 - pct / 10;
	return s > 100 / 2 ? s : 100 / 2;
}

static double pack_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return req_milli(r) > 0 ? -(double)packing(&cl->hosts[h], r) : 0;
}

const st_strategy st_gpu_packing = {
	.name = "gpu-packing",
	.fields = "none",
	.summary = "shared GPUs first, then free GPUs of hosts in use, then idle hosts (Weng et "
		   "al.'s GpuPacking)",
	.resolve = no_field,
	.score = pack_score,
	.stop_score = rank_last,
	.stop_summary = "the host packing would rank last now",
};

/* ---- gpu-clustering ----------------------------------------------------- */

/* Kinds of GPU request (the simulator's GPU affinity): a share, k whole
 * GPUs (1-8), more. */
enum { KIND_NONE = -1, KIND_SHARE = 0, KIND_OTHER = 9, NKINDS = 10 };

typedef struct kinds {
	int32_t count[NKINDS];   /* tasks of each kind on the host */
	int32_t distinct;        /* kinds with tasks */
} kinds;

static int kind_of(const cl_req *r)
{
	if (r->gpu_milli > 0)
		return KIND_SHARE;
	if (r->gpu <= 0)
		return KIND_NONE;
	return r->gpu <= 8 ? r->gpu : KIND_OTHER;
}

static void kinds_update(const st_step *step, const cl_cluster *cl, int32_t h, void *state)
{
	kinds *k = state;

	memset(k, 0, sizeof(*k));
	for (const cl_task *t = cl->hosts[h].tasks; t; t = t->hnext) {
		int q = kind_of(&t->req);
		if (q != KIND_NONE && k->count[q]++ == 0)
			k->distinct++;
	}
}

static double clus_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	const kinds *k = st_host_state(step, h);
	const norm *n = step->data;
	int q = kind_of(r);
	int64_t gmax = (int64_t)n->gpu, base, s;

	if (q == KIND_NONE)
		return 0;
	/* Go's int64 arithmetic, left to right */
	base = 100 / 4 * (gmax - gpu_free_milli(&cl->hosts[h])) / gmax;
	if (k->count[q] > 0)
		s = base + (k->distinct == 1 ? 100 * 3 / 4 : 100 * 2 / 4);
	else
		s = base + (k->distinct == 0 ? 100 / 4 : 0);
	return -(double)s;
}

const st_strategy st_gpu_clustering = {
	.name = "gpu-clustering",
	.fields = "none",
	.summary = "hosts running only GPU tasks of the task's kind, then mixed, idle, others "
		   "(Weng et al.'s GpuClustering)",
	.resolve = norm_resolve,
	.score = clus_score,
	.stop_score = rank_last,
	.stop_summary = "the host clustering would rank last now",
	.host_state = sizeof(kinds),
	.host_update = kinds_update,
};

/* ---- fgd ---------------------------------------------------------------- */

static int fgd_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	if (integer_field(step, field, cl, e) < 0)
		return -1;
	if (!cl->frag)
		return err_set(e, "fgd needs the workload's task shapes: replay a trace or give "
			       "$.gpuWorkload (the cluster has no GPUs, or nothing gives them)");
	return 0;
}

/* The simulator's integer score of a growth d (thousandths of a GPU):
 * sigmoid(-d / 1000) x 100, truncated, negated. */
static double fgd_int(double d)
{
	return int_score(1.0 / (1.0 + exp(d / 1000.0)));
}

/* How much the fragmentation of h grows with r there, its share on the
 * GPU where it grows least. */
static double fgd_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	double d = gf_best(cl->frag, cl, h, r);

	return step->field ? fgd_int(d) : d;
}

/* With "integer", GPUs of equal integer score go to the lowest-numbered
 * slot, as the simulator keeps the first best GPU it meets (slot numbers
 * are below 2^24, so the sum stays exact). */
static double fgd_slot(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r,
		       int32_t slot)
{
	double d = gf_delta(cl->frag, cl, h, r, slot);

	return step->field ? fgd_int(d) * (1 << 24) + slot : d;
}

static double fgd_stop(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	/* stop where fragmentation is greatest now */
	return -gf_host(cl->frag, h);
}

const st_strategy st_fgd = {
	.name = "fgd",
	.fields = "none | integer",
	.summary = "least growth of the workload's expected GPU fragmentation, GPU chosen alike "
		   "(Weng et al.'s FGD)",
	.resolve = fgd_resolve,
	.score = fgd_score,
	.stop_score = fgd_stop,
	.stop_summary = "the host with the most fragmentation",
	.gpu_score = fgd_slot,
};
