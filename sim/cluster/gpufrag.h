/* gpufrag.h - GPU fragmentation of a workload (Weng et al., USENIX ATC'23),
 * per host, kept current as the cluster changes.
 *
 * Owns a workload (a distribution of task shapes: CPU, whole GPUs or a
 * share of one, the GPU models accepted) and, for every host, the expected
 * GPU capacity that a task drawn from it could not use:
 *
 *   F(h) = sum over shapes m of p_m * frag(h, m)     thousandths of a GPU
 *   frag(h, m) = every free thousandth of h          if m asks no GPU, h's
 *                                                    model is not accepted, h
 *                                                    lacks m's CPU, or no k GPUs
 *                                                    of h have m's per-GPU amount
 *              = the free thousandths of h's GPUs that have less than m's
 *                per-GPU amount (1000 for a whole GPU)   otherwise
 *
 * as the authors' simulator computes it (memory is not part of the measure,
 * as there).  F is kept as an integer scaled by the workload's total
 * weight, so sums over hosts are exact.  The cluster tells it of changes
 * through a watcher (cl_watch); it knows nothing of strategies or events.
 */
#ifndef ECS_GPUFRAG_H
#define ECS_GPUFRAG_H

#include <stdint.h>

#include "cluster.h"

/* One task shape and how many tasks of the workload have it. */
typedef struct gf_shape {
	int32_t cpu;
	int32_t gpu;            /* whole GPUs */
	int32_t milli;          /* a share of one GPU (gpu 0), 1-999; else 0 */
	int32_t spec;           /* accepted models: index into specs, -1 = any */
	int64_t count;          /* weight: tasks of the shape */
} gf_shape;

typedef struct gf_workload {
	gf_shape *shapes;       /* in the order first added */
	int32_t n, cap;
	char **specs;           /* "V100M16|V100M32": model names, '|' between */
	int32_t nspecs;
	int64_t total;          /* sum of counts */
} gf_workload;

void gf_workload_init(gf_workload *w);
void gf_workload_destroy(gf_workload *w);
/* Adds count tasks of a shape (equal shapes merge: a linear search, meant
 * for the hundreds of shapes of a trace).  spec NULL or "" means any
 * model.  A share is gpu 0 and milli 1-999. */
void gf_workload_add(gf_workload *w, int32_t cpu, int32_t gpu, int32_t milli,
		     const char *spec, int64_t count);
/* p of shape i (count / total). */
double gf_workload_p(const gf_workload *w, int32_t i);

typedef struct gf_frag gf_frag;

/* Measures w (copied) on cl from now on: computes every host's F, watches
 * the cluster, and sets cl->frag.  w must have a positive total. */
gf_frag *gf_new(cl_cluster *cl, const gf_workload *w);
/* Stops watching, clears cl->frag, frees f. */
void gf_free(gf_frag *f, cl_cluster *cl);

const gf_workload *gf_workload_of(const gf_frag *f);

/* F(h) now, in thousandths of a GPU (0 for a host that is down). */
double gf_host(const gf_frag *f, int32_t h);
/* Sum of F over the hosts, thousandths of a GPU. */
double gf_total(const gf_frag *f);
/* F(h) as it would be with r placed on h (which it fits), its share (if
 * any) on GPU slot `slot` (-1: cl_share_default's).  O(classes + GPUs):
 * the host's GPUs are kept sorted, each class's weight at every CPU step
 * is precomputed per model. */
double gf_after(gf_frag *f, const cl_cluster *cl, int32_t h, const cl_req *r, int32_t slot);
/* gf_after(h) - gf_host(h), exactly: equal growths compare equal. */
double gf_delta(gf_frag *f, const cl_cluster *cl, int32_t h, const cl_req *r, int32_t slot);
/* F of a host in the given state, for tests: model = its ecs.instance-type
 * value (-1 none), cpu_free, and the free thousandths of each GPU. */
double gf_eval(gf_frag *f, const cl_cluster *cl, int32_t model, int32_t cpu_free,
	       const int32_t *left, int32_t ngpu);

/* The least gf_delta over the GPU slots r's share can take (r's whole
 * GPUs: the one way).  Remembered per request shape (cpu, GPUs, share)
 * and host until the host changes (cl_host.gen), so a placement costs
 * evaluations only for the hosts changed since its shape last came. */
double gf_best(gf_frag *f, const cl_cluster *cl, int32_t h, const cl_req *r);

/* Recomputes every host's F and the total from scratch and compares them
 * with the kept ones (for --check and tests); 0, or -1 with the first
 * difference in buf. */
int gf_check(gf_frag *f, const cl_cluster *cl, char *buf, size_t n);

/* States evaluated so far, and gf_best's answers from memory, for
 * benchmarks. */
int64_t gf_evals(const gf_frag *f);
int64_t gf_hits(const gf_frag *f);

#endif
