/* stranding.c - least stranded resource (after Borg, Verma et al., EuroSys
 * 2015: "reduce the amount of stranded resources - ones that cannot be used
 * because another resource on the machine is fully allocated").
 *
 * CPU and memory only.  Let s = (s_cpu, s_mem) be the typical task shape and
 * a = (free_cpu - req_cpu, free_mem - req_mem) what the host has left after
 * placing the task.  k = min over the resources with s_i > 0 of a_i / s_i is
 * how many typical tasks (fractionally) still fit; what they could not use,
 *   stranded = (a_cpu - k s_cpu) / total_cpu + (a_mem - k s_mem) / total_mem,
 * is the score (lower is better; 0 when the leftover has the typical shape,
 * and 0 everywhere when s = 0).  The shape is the field:
 *   absent or "cluster": the cluster's reserved cpu : memory ratio, this task
 *                        included (cl->cpu_used + req_cpu, cl->mem_used + req_mem),
 *   "task":              the task's own request,
 *   "cpu=C,memory=M":    a fixed shape, C and M numbers > 0.
 * Only the ratio matters.  Scale-in (the preference reversed): stop on the
 * host that strands the most now, task included (shape "cluster" then uses
 * the reservations as they are).
 */
#include <stdlib.h>
#include <string.h>

#include "strategy.h"

enum { SHAPE_CLUSTER, SHAPE_TASK, SHAPE_FIXED };

typedef struct shape {
	int kind;
	double w[ST_NRES];  /* SHAPE_FIXED: cpu and memory */
} shape;

static double stranded(const shape *p, const cl_cluster *cl, const cl_host *ho,
		       const cl_req *r, int back)
{
	double s[2], a[2], k = -1, out = 0;
	int64_t total[2] = { ho->cpu_total, ho->mem_total };

	if (p->kind == SHAPE_FIXED) {
		s[0] = p->w[ST_RES_CPU];
		s[1] = p->w[ST_RES_MEMORY];
	} else if (p->kind == SHAPE_TASK) {
		s[0] = r->cpu;
		s[1] = r->mem;
	} else {
		s[0] = (double)cl->cpu_used + (back ? 0 : r->cpu);
		s[1] = (double)cl->mem_used + (back ? 0 : r->mem);
	}
	a[0] = (double)ho->cpu_free - (back ? 0 : r->cpu);
	a[1] = (double)ho->mem_free - (back ? 0 : r->mem);
	for (int i = 0; i < 2; i++)
		if (s[i] > 0 && (k < 0 || a[i] / s[i] < k))
			k = a[i] / s[i];
	if (k < 0)
		return 0;
	for (int i = 0; i < 2; i++)
		if (total[i] > 0)
			out += (a[i] - k * s[i]) / (double)total[i];
	return out;
}

static int strand_resolve(st_step *step, const char *field, cl_cluster *cl, ecs_err *e)
{
	shape *p = xcalloc(1, sizeof(*p));

	step->data = p;
	if (!field || strcmp(field, "cluster") == 0) {
		p->kind = SHAPE_CLUSTER;
		return 0;
	}
	if (strcmp(field, "task") == 0) {
		p->kind = SHAPE_TASK;
		return 0;
	}
	p->kind = SHAPE_FIXED;
	if (!strchr(field, '='))
		return err_set(e, "stranding field must be cluster, task or cpu=C,memory=M, "
			       "not \"%s\"", field);
	if (st_parse_weights(p->w, field, "stranding", ST_WEIGHTS_REAL, e) < 0)
		return -1;
	if (p->w[ST_RES_GPU] > 0 || p->w[ST_RES_ENI] > 0)
		return err_set(e, "stranding: the shape is cpu and memory only, not \"%s\"", field);
	if (!strstr(field, "cpu=") || !strstr(field, "memory="))
		return err_set(e, "stranding: a fixed shape needs both cpu=C and memory=M, "
			       "not \"%s\"", field);
	return 0;
}

static double strand_score(const st_step *step, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	return stranded(step->data, cl, &cl->hosts[h], r, 0);
}

static double strand_stop_score(const st_step *step, const cl_cluster *cl, int32_t h,
			    const cl_req *r)
{
	return -stranded(step->data, cl, &cl->hosts[h], r, 1);
}

const st_strategy st_stranding = {
	.name = "stranding",
	.fields = "cluster | task | cpu=C,memory=M (typical task shape; default cluster)",
	.summary = "host left with the least resource stranded for the typical task shape (Borg)",
	.resolve = strand_resolve,
	.score = strand_score,
	.stop_score = strand_stop_score,
	.stop_summary = "the host that strands the most now",
};
