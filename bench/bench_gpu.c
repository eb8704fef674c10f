/* bench_gpu.c - placements per second of every GPU-sharing policy on the
 * inflated openb workload (Weng et al., ATC'23): the 1213 GPU nodes of
 * ../shared/data/alibaba-gpu-2023, pods of openb_pod_list_default drawn
 * with replacement (seeded) and never leaving, until the GPUs they ask add
 * up to 130 % of the cluster's.  Each placement is a scan of every host
 * through the chain, then the GPU slot, then cl_place_at, as in a run; the
 * fragmentation of fgd (and of the metric) is kept by gpufrag.  Prints
 * placements/s, the GPU allocation at the end and the time relative to
 * gpu-random.  Timing only; nothing asserted.  Skipped without the data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/engine/rng.h"
#include "strategies/place.h"

#define DATA "../shared/data/alibaba-gpu-2023/"

typedef struct pod {
	int32_t cpu, mem, gpu, milli;
} pod;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Splits line at commas into f (at most n fields); returns how many. */
static int split(char *line, char **f, int n)
{
	int k = 0;
	line[strcspn(line, "\r\n")] = 0;
	for (char *p = line; k < n; p++) {
		f[k++] = p;
		if (!(p = strchr(p, ',')))
			break;
		*p = 0;
	}
	return k;
}

static int load_nodes(cl_cluster *cl)
{
	FILE *in = fopen(DATA "openb_node_list_gpu_node.csv", "r");
	char line[512], *f[5];

	if (!in)
		return -1;
	cl_attr_value(cl, CL_ATTR_ZONE, "zone-a");
	if (!fgets(line, sizeof(line), in)) {
		fclose(in);
		return -1;
	}
	while (fgets(line, sizeof(line), in))
		if (split(line, f, 5) == 5) {
			int32_t h = cl_add_hosts(cl, 1, 0, 0, (int32_t)(atol(f[1]) * 1024 / 1000),
						 atoi(f[2]), atoi(f[3]), 1 << 20, 0);
			cl_host_set_attr(cl, h, CL_ATTR_INSTANCE_TYPE,
					 cl_attr_value(cl, CL_ATTR_INSTANCE_TYPE, f[4]));
		}
	fclose(in);
	return 0;
}

static pod *load_pods(int *n)
{
	FILE *in = fopen(DATA "openb_pod_list_default.csv", "r");
	char line[1024], *f[11];
	pod *p = NULL;
	int cap = 0;

	*n = 0;
	if (!in)
		return NULL;
	if (!fgets(line, sizeof(line), in)) {
		fclose(in);
		return NULL;
	}
	while (fgets(line, sizeof(line), in)) {
		int32_t ng, gm;
		if (split(line, f, 11) < 5)
			continue;
		if (*n == cap)
			p = realloc(p, (size_t)(cap = cap ? 2 * cap : 1024) * sizeof(*p));
		ng = atoi(f[3]);
		gm = atoi(f[4]);
		p[*n] = (pod){ .cpu = (int32_t)(atol(f[1]) * 1024 / 1000), .mem = atoi(f[2]),
			       .gpu = gm < 1000 ? 0 : ng, .milli = ng == 1 && gm < 1000 ? gm : 0 };
		(*n)++;
	}
	fclose(in);
	return p;
}

static void run(const char *spec, const pod *pods, int npods, double *base)
{
	cl_cluster cl;
	st_chain chain = { 0 };
	place_ws ws = { 0 };
	ecs_err e = { 0 };
	gf_workload w;
	gsl_rng *draw = rng_stream_new(42, "inflate", 0), *tie = rng_stream_new(42, "ties", 0);
	cl_task **tasks = NULL;
	int64_t cap = 0, want, arrived = 0, placed = 0, failed = 0;
	enum cl_check why;
	double t0, t;

	cl_init(&cl);
	if (load_nodes(&cl) < 0)
		return;
	cl_group_id(&cl, "openb");
	gf_workload_init(&w);
	for (int i = 0; i < npods; i++)
		gf_workload_add(&w, pods[i].cpu, pods[i].gpu, pods[i].milli, NULL, 1);
	gf_new(&cl, &w);
	if (st_chain_parse(&chain, spec, &cl, &e) < 0) {
		fprintf(stderr, "bench_gpu: %s\n", e.msg);
		exit(1);
	}
	want = cl.gpu_up * CL_GPU_MILLI * 13 / 10;
	t0 = now_s();
	while (arrived < want) {
		const pod *p = &pods[gsl_rng_uniform_int(draw, (unsigned long)npods)];
		cl_task *tk;
		int32_t h;
		if (placed == cap)
			tasks = realloc(tasks, (size_t)(cap = cap ? 2 * cap : 4096) * sizeof(*tasks));
		tk = tasks[placed] = calloc(1, sizeof(*tk));
		tk->req = (cl_req){ .cpu = p->cpu, .mem = p->mem, .gpu = p->gpu,
				    .gpu_milli = p->milli };
		arrived += (int64_t)p->gpu * CL_GPU_MILLI + p->milli;
		h = place_choose(&cl, &tk->req, &chain, tie, &ws, &why);
		if (h < 0) {
			failed++;
			free(tk);
			continue;
		}
		cl_place_at(&cl, tk, h, ws.gpu_slot);
		placed++;
	}
	t = now_s() - t0;
	if (!*base)
		*base = t;
	printf("%-16s %8lld %8lld %12.0f %9.3f %8.2fx %9.1f%% %10.1f\n", spec, (long long)placed,
	       (long long)failed, (double)(placed + failed) / t, t, t / *base,
	       100.0 * ((double)cl.gpu_whole * CL_GPU_MILLI + (double)cl.gpu_share_milli) /
		       ((double)cl.gpu_up * CL_GPU_MILLI),
	       gf_total(cl.frag) / CL_GPU_MILLI);
	st_chain_destroy(&chain);
	place_ws_destroy(&ws);
	gf_free(cl.frag, &cl);
	gf_workload_destroy(&w);
	gsl_rng_free(draw);
	gsl_rng_free(tie);
	cl_destroy(&cl);
	for (int64_t i = 0; i < placed; i++)
		free(tasks[i]);
	free(tasks);
}

int main(void)
{
	static const char *const specs[] = { "gpu-random", "random", "dot-product", "gpu-packing",
					     "gpu-clustering", "gpu-best-fit", "fgd", "best-fit",
					     "tetris" };
	int npods;
	pod *pods = load_pods(&npods);
	double base = 0;

	if (!pods) {
		printf("== GPU sharing: skipped (no %s)\n", DATA);
		return 0;
	}
	printf("== GPU sharing: openb default, 1213 GPU nodes, %d pods drawn with replacement until "
	       "130%% of GPU capacity has arrived (seed 42), no departures; one scan per task\n",
	       npods);
	printf("%-16s %8s %8s %12s %9s %9s %10s %10s\n", "policy", "placed", "failed",
	       "attempts/s", "seconds", "vs first", "GPU alloc", "frag GPUs");
	for (size_t i = 0; i < sizeof(specs) / sizeof(*specs); i++)
		run(specs[i], pods, npods, &base);
	free(pods);
	return 0;
}
