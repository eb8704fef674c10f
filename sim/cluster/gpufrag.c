/* gpufrag.c - the workload's GPU fragmentation per host (see gpufrag.h).
 *
 * F(h) * total = G * total - sum over GPU classes c (k GPUs of x
 * thousandths each) of W_c(cpu_free) * U_c, where G is the host's free
 * thousandths, W_c(C) the count of the class's accepted shapes asking at
 * most C of CPU (a step function kept per model), and U_c what the class
 * can use: 1000 * (free GPUs) when at least k are free (x = 1000), else the
 * free thousandths of the GPUs with x or more (a share), 0 when none has.
 * With each model's weights tabled at every CPU step and each host's GPUs
 * kept sorted (updated when the host changes), one evaluation costs one
 * binary search and O(classes + GPUs), not O(shapes x GPUs).
 */
#include "gpufrag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/err.h"

typedef struct gf_class {
	int32_t k, x;            /* k GPUs of x thousandths (x 1000: whole) */
} gf_class;

/* The shapes one GPU model accepts. */
typedef struct gf_model {
	int built;
	gf_class *cls;           /* whole first, then shares by x descending */
	int32_t ncls;
	int32_t *cpu;            /* the shapes' CPU requests, distinct, ascending */
	int32_t ncpu;
	int64_t *w;              /* [j * ncls + c]: count of c's shapes, cpu <= cpu[j] */
} gf_model;

struct gf_frag {
	gf_workload w;
	gf_model *models;        /* [value id + 1] of ecs.instance-type */
	int32_t nmodels;
	int64_t *hf;             /* scaled F per host, 0 when down */
	int32_t **hl;            /* per host: its GPUs' free thousandths, descending */
	int32_t nh;
	int64_t total;           /* sum of hf */
	int64_t evals;           /* states evaluated by gf_after / gf_delta */
	/* gf_best's answers by request shape, per host, with the host's
	 * generation + 1 they are good for (0: none) */
	struct best_cache {
		int32_t cpu, gpu, milli;
		int32_t n;       /* hosts allocated */
		struct best_ent { uint32_t gen; int64_t d; } *h;
	} *bc;
	int32_t nbc;
	int32_t last_bc;         /* the one asked for last: a scan asks it per host */
	int64_t hits;
};

#define BEST_SHAPES 256          /* request shapes remembered: the first ones */

/* ---- workload ---------------------------------------------------------- */

void gf_workload_init(gf_workload *w)
{
	*w = (gf_workload){ 0 };
}

void gf_workload_destroy(gf_workload *w)
{
	for (int32_t i = 0; i < w->nspecs; i++)
		free(w->specs[i]);
	free(w->specs);
	free(w->shapes);
	*w = (gf_workload){ 0 };
}

static int32_t spec_id(gf_workload *w, const char *spec)
{
	if (!spec || !*spec)
		return -1;
	for (int32_t i = 0; i < w->nspecs; i++)
		if (strcmp(w->specs[i], spec) == 0)
			return i;
	w->specs = xrealloc(w->specs, (size_t)(w->nspecs + 1) * sizeof(*w->specs));
	w->specs[w->nspecs] = xstrdup(spec);
	return w->nspecs++;
}

void gf_workload_add(gf_workload *w, int32_t cpu, int32_t gpu, int32_t milli,
		     const char *spec, int64_t count)
{
	int32_t sp = spec_id(w, spec);

	w->total += count;
	for (int32_t i = 0; i < w->n; i++) {
		gf_shape *s = &w->shapes[i];
		if (s->cpu == cpu && s->gpu == gpu && s->milli == milli && s->spec == sp) {
			s->count += count;
			return;
		}
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->shapes = xrealloc(w->shapes, (size_t)w->cap * sizeof(*w->shapes));
	}
	w->shapes[w->n++] = (gf_shape){ cpu, gpu, milli, sp, count };
}

double gf_workload_p(const gf_workload *w, int32_t i)
{
	return w->total > 0 ? (double)w->shapes[i].count / (double)w->total : 0;
}

static void workload_copy(gf_workload *dst, const gf_workload *src)
{
	gf_workload_init(dst);
	for (int32_t i = 0; i < src->n; i++) {
		const gf_shape *s = &src->shapes[i];
		gf_workload_add(dst, s->cpu, s->gpu, s->milli, s->spec >= 0 ? src->specs[s->spec] : NULL,
				s->count);
	}
}

/* ---- per model --------------------------------------------------------- */

/* Whether model name (NULL: a host without one) is in "A|B|C". */
static int accepts(const char *spec, const char *name)
{
	size_t n;

	if (!name)
		return 0;
	n = strlen(name);
	for (const char *p = spec; *p;) {
		size_t k = strcspn(p, "|");
		if (k == n && strncmp(p, name, n) == 0)
			return 1;
		p += k + (p[k] == '|');
	}
	return 0;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Classes in evaluation order: whole ones first, then shares by x
 * descending (so that one walk down the sorted GPUs serves them all). */
static int cmp_class(const void *a, const void *b)
{
	const gf_class *x = a, *y = b;
	if ((x->x == CL_GPU_MILLI) != (y->x == CL_GPU_MILLI))
		return x->x == CL_GPU_MILLI ? -1 : 1;
	if (x->x != y->x)
		return x->x > y->x ? -1 : 1;
	return (x->k > y->k) - (x->k < y->k);
}

static int class_of(const gf_shape *s, int32_t *k, int32_t *x)
{
	if (!s->gpu && !s->milli)
		return 0; /* asks no GPU: every free GPU is a fragment to it */
	*k = s->milli ? 1 : s->gpu;
	*x = s->milli ? s->milli : CL_GPU_MILLI;
	return 1;
}

/* The classes of the shapes model v accepts, and their weights at every
 * CPU step: w[j * ncls + c] = count of class c's shapes with cpu <=
 * cpu[j]. */
static void model_build(gf_frag *f, const cl_cluster *cl, int32_t v, gf_model *m)
{
	const gf_workload *w = &f->w;
	const char *name = v >= 0 ? cl->attrs[CL_ATTR_INSTANCE_TYPE].values[v] : NULL;
	char *ok = xcalloc((size_t)w->n + 1, 1);
	int32_t n = 0;

	m->built = 1;
	m->cpu = xmalloc(((size_t)w->n + 1) * sizeof(*m->cpu));
	for (int32_t i = 0; i < w->n; i++) {
		const gf_shape *s = &w->shapes[i];
		int32_t k, x, c;
		if (!class_of(s, &k, &x) || (s->spec >= 0 && !accepts(w->specs[s->spec], name)))
			continue;
		ok[i] = 1;
		m->cpu[n++] = s->cpu;
		for (c = 0; c < m->ncls; c++)
			if (m->cls[c].k == k && m->cls[c].x == x)
				break;
		if (c == m->ncls) {
			m->cls = xrealloc(m->cls, (size_t)(m->ncls + 1) * sizeof(*m->cls));
			m->cls[m->ncls++] = (gf_class){ .k = k, .x = x };
		}
	}
	if (m->ncls > 1)
		qsort(m->cls, (size_t)m->ncls, sizeof(*m->cls), cmp_class);
	qsort(m->cpu, (size_t)n, sizeof(*m->cpu), cmp_i32);
	m->ncpu = 0;
	for (int32_t j = 0; j < n; j++)
		if (!m->ncpu || m->cpu[m->ncpu - 1] != m->cpu[j])
			m->cpu[m->ncpu++] = m->cpu[j];
	m->w = xcalloc((size_t)m->ncpu * (size_t)m->ncls + 1, sizeof(*m->w));
	for (int32_t i = 0; i < w->n; i++) {
		const gf_shape *s = &w->shapes[i];
		int32_t k = 0, x = 0, c;
		if (!ok[i])
			continue;
		class_of(s, &k, &x);
		for (c = 0; m->cls[c].k != k || m->cls[c].x != x; c++)
			;
		for (int32_t j = 0; j < m->ncpu; j++)
			if (m->cpu[j] >= s->cpu)
				m->w[(size_t)j * m->ncls + c] += s->count;
	}
	free(ok);
}

static gf_model *model_of(gf_frag *f, const cl_cluster *cl, int32_t v)
{
	if (v + 1 >= f->nmodels) {
		int32_t n = v + 2;
		f->models = xrealloc(f->models, (size_t)n * sizeof(*f->models));
		memset(f->models + f->nmodels, 0, (size_t)(n - f->nmodels) * sizeof(*f->models));
		f->nmodels = n;
	}
	if (!f->models[v + 1].built)
		model_build(f, cl, v, &f->models[v + 1]);
	return &f->models[v + 1];
}

/* Sorts a few numbers descending (insertion: n is a host's GPUs). */
static void sort_desc(int32_t *a, int32_t n)
{
	for (int32_t i = 1; i < n; i++) {
		int32_t v = a[i], j = i;
		for (; j > 0 && a[j - 1] < v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* Scaled F of a state whose GPUs' free thousandths are left[0..n),
 * descending. */
static int64_t eval_sorted(const gf_model *m, int32_t C, const int32_t *left, int32_t n,
			   int64_t total)
{
	int64_t G = 0, use = 0, prefix = 0;
	int32_t full = 0, lo = 0, hi = m->ncpu, i = 0;
	const int64_t *w;

	for (int32_t g = 0; g < n; g++) {
		G += left[g];
		full += left[g] == CL_GPU_MILLI;
	}
	if (!G)
		return 0;
	while (lo < hi) { /* the CPU step: the last one at most C */
		int32_t mid = (lo + hi) / 2;
		if (m->cpu[mid] <= C)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return G * total;
	w = m->w + (size_t)(lo - 1) * m->ncls;
	for (int32_t c = 0; c < m->ncls; c++) {
		const gf_class *g = &m->cls[c];
		if (g->x == CL_GPU_MILLI) {
			if (w[c] && full >= g->k)
				use += w[c] * full * CL_GPU_MILLI;
			continue;
		}
		/* shares, x descending: the GPUs with x or more free, so far */
		while (i < n && left[i] >= g->x)
			prefix += left[i++];
		use += w[c] * prefix;
	}
	return G * total - use;
}

/* The free thousandths of host ho's GPUs, descending, into left (gpu_total
 * of them). */
static void host_left(const cl_host *ho, int32_t *left)
{
	int32_t n = 0;

	for (int32_t i = 0; i < ho->gpu_free; i++)
		left[n++] = CL_GPU_MILLI;
	for (int32_t i = 0; ho->gpu_used && i < ho->gpu_total; i++)
		if (ho->gpu_used[i] > 0)
			left[n++] = CL_GPU_MILLI - ho->gpu_used[i];
	while (n < ho->gpu_total) /* held whole */
		left[n++] = 0;
	sort_desc(left + ho->gpu_free, ho->gpu_total - ho->gpu_free);
}

static int32_t host_model(const cl_cluster *cl, int32_t h)
{
	return cl_host_attr(cl, h, CL_ATTR_INSTANCE_TYPE);
}

static void on_change(void *ctx, const cl_cluster *cl, int32_t h)
{
	gf_frag *f = ctx;
	const cl_host *ho = &cl->hosts[h];
	int64_t v = 0;

	if (h >= f->nh) {
		int32_t n = cl->nhosts > h + 1 ? cl->nhosts : h + 1;
		f->hf = xrealloc(f->hf, (size_t)n * sizeof(*f->hf));
		f->hl = xrealloc(f->hl, (size_t)n * sizeof(*f->hl));
		memset(f->hf + f->nh, 0, (size_t)(n - f->nh) * sizeof(*f->hf));
		memset(f->hl + f->nh, 0, (size_t)(n - f->nh) * sizeof(*f->hl));
		f->nh = n;
	}
	if (ho->gpu_total > 0) {
		if (!f->hl[h])
			f->hl[h] = xmalloc((size_t)ho->gpu_total * sizeof(**f->hl));
		host_left(ho, f->hl[h]);
		if (ho->state != CL_DOWN)
			v = eval_sorted(model_of(f, cl, host_model(cl, h)), ho->cpu_free, f->hl[h],
					ho->gpu_total, f->w.total);
	}
	f->total += v - f->hf[h];
	f->hf[h] = v;
}

gf_frag *gf_new(cl_cluster *cl, const gf_workload *w)
{
	gf_frag *f = xcalloc(1, sizeof(*f));

	workload_copy(&f->w, w);
	for (int32_t h = 0; h < cl->nhosts; h++)
		on_change(f, cl, h);
	cl_watch(cl, on_change, f);
	cl->frag = f;
	return f;
}

void gf_free(gf_frag *f, cl_cluster *cl)
{
	if (!f)
		return;
	cl_unwatch(cl, on_change, f);
	if (cl->frag == f)
		cl->frag = NULL;
	for (int32_t m = 0; m < f->nmodels; m++) {
		free(f->models[m].cls);
		free(f->models[m].cpu);
		free(f->models[m].w);
	}
	for (int32_t h = 0; h < f->nh; h++)
		free(f->hl[h]);
	for (int32_t i = 0; i < f->nbc; i++)
		free(f->bc[i].h);
	free(f->bc);
	free(f->hl);
	free(f->models);
	free(f->hf);
	gf_workload_destroy(&f->w);
	free(f);
}

const gf_workload *gf_workload_of(const gf_frag *f)
{
	return &f->w;
}

double gf_host(const gf_frag *f, int32_t h)
{
	return h < f->nh ? (double)f->hf[h] / (double)f->w.total : 0;
}

double gf_total(const gf_frag *f)
{
	return (double)f->total / (double)f->w.total;
}

static int32_t *scratch(int32_t n, int32_t *buf, int32_t cap)
{
	return n <= cap ? buf : xmalloc((size_t)n * sizeof(int32_t));
}

double gf_eval(gf_frag *f, const cl_cluster *cl, int32_t model, int32_t cpu_free,
	       const int32_t *left, int32_t ngpu)
{
	int32_t buf[64], *l = scratch(ngpu, buf, 64);
	double r;

	memcpy(l, left, (size_t)ngpu * sizeof(*l));
	sort_desc(l, ngpu);
	r = (double)eval_sorted(model_of(f, cl, model), cpu_free, l, ngpu, f->w.total) /
	    (double)f->w.total;
	if (l != buf)
		free(l);
	return r;
}

/* Scaled F of h with r placed: from the host's sorted GPUs, r's whole GPUs
 * taken from the free ones (at the front), its share taken from one GPU
 * with slot's free amount, moved down to its place. */
static int64_t after_scaled(gf_frag *f, const cl_cluster *cl, int32_t h, const cl_req *r,
			    int32_t slot)
{
	const cl_host *ho = &cl->hosts[h];
	int32_t buf[64], *left, n = ho->gpu_total;
	int64_t v;

	if (n <= 0)
		return 0;
	left = scratch(n, buf, 64);
	if (r->gpu > 0) {
		memcpy(left, f->hl[h] + r->gpu, (size_t)(n - r->gpu) * sizeof(*left));
		for (int32_t i = n - r->gpu; i < n; i++)
			left[i] = 0;
	} else {
		memcpy(left, f->hl[h], (size_t)n * sizeof(*left));
	}
	if (r->gpu_milli > 0) {
		int32_t L, i = 0;
		if (slot < 0)
			slot = cl_share_default(ho, r->gpu_milli);
		L = cl_slot_free(ho, slot);
		while (left[i] != L)
			i++;
		left[i] -= r->gpu_milli;
		for (; i + 1 < n && left[i + 1] > left[i]; i++) {
			int32_t t = left[i];
			left[i] = left[i + 1];
			left[i + 1] = t;
		}
	}
	v = eval_sorted(model_of(f, cl, host_model(cl, h)), ho->cpu_free - r->cpu, left, n,
			f->w.total);
	f->evals++;
	if (left != buf)
		free(left);
	return v;
}

double gf_after(gf_frag *f, const cl_cluster *cl, int32_t h, const cl_req *r, int32_t slot)
{
	return (double)after_scaled(f, cl, h, r, slot) / (double)f->w.total;
}

double gf_delta(gf_frag *f, const cl_cluster *cl, int32_t h, const cl_req *r, int32_t slot)
{
	int64_t now = h < f->nh ? f->hf[h] : 0;
	return (double)(after_scaled(f, cl, h, r, slot) - now) / (double)f->w.total;
}

int gf_check(gf_frag *f, const cl_cluster *cl, char *buf, size_t n)
{
	int64_t total = 0;

	for (int32_t h = 0; h < cl->nhosts; h++) {
		const cl_host *ho = &cl->hosts[h];
		int32_t tmp[64], *left = scratch(ho->gpu_total, tmp, 64);
		int64_t v = 0;
		int sorted = 1;
		if (ho->gpu_total > 0) {
			host_left(ho, left);
			for (int32_t i = 0; i < ho->gpu_total; i++)
				sorted &= h < f->nh && f->hl[h] && f->hl[h][i] == left[i];
			if (ho->state != CL_DOWN)
				v = eval_sorted(model_of(f, cl, host_model(cl, h)), ho->cpu_free, left,
						ho->gpu_total, f->w.total);
		}
		if (left != tmp)
			free(left);
		if (!sorted || (h < f->nh ? f->hf[h] : 0) != v) {
			snprintf(buf, n, "host %d: GPU fragmentation kept as %.3f, recomputed %.3f%s", h,
				 h < f->nh ? (double)f->hf[h] / (double)f->w.total : 0,
				 (double)v / (double)f->w.total, sorted ? "" : " (its GPUs drifted)");
			return -1;
		}
		total += v;
	}
	if (total != f->total) {
		snprintf(buf, n, "GPU fragmentation total kept as %.3f, recomputed %.3f",
			 (double)f->total / (double)f->w.total, (double)total / (double)f->w.total);
		return -1;
	}
	return 0;
}

int64_t gf_evals(const gf_frag *f)
{
	return f->evals;
}

int64_t gf_hits(const gf_frag *f)
{
	return f->hits;
}

/* The remembered answers for r's shape, NULL past BEST_SHAPES shapes. */
static struct best_cache *best_cache(gf_frag *f, const cl_req *r)
{
	const struct best_cache *l = f->nbc ? &f->bc[f->last_bc] : NULL;

	if (l && l->cpu == r->cpu && l->gpu == r->gpu && l->milli == r->gpu_milli)
		return &f->bc[f->last_bc];
	for (int32_t i = 0; i < f->nbc; i++)
		if (f->bc[i].cpu == r->cpu && f->bc[i].gpu == r->gpu && f->bc[i].milli == r->gpu_milli)
			return &f->bc[f->last_bc = i];
	if (f->nbc == BEST_SHAPES)
		return NULL;
	if ((f->nbc & (f->nbc - 1)) == 0)
		f->bc = xrealloc(f->bc, (size_t)(f->nbc ? 2 * f->nbc : 4) * sizeof(*f->bc));
	f->bc[f->nbc] = (struct best_cache){ .cpu = r->cpu, .gpu = r->gpu, .milli = r->gpu_milli };
	f->last_bc = f->nbc;
	return &f->bc[f->nbc++];
}

/* The least growth over the slots a share can take (or r's whole GPUs). */
static int64_t best_scaled(gf_frag *f, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	int32_t buf[64], *slots, n;
	int64_t best;

	if (r->gpu_milli <= 0)
		return after_scaled(f, cl, h, r, -1) - f->hf[h];
	slots = cl->hosts[h].gpu_total <= 64 ? buf
		: xmalloc((size_t)cl->hosts[h].gpu_total * sizeof(*slots));
	n = cl_share_slots(&cl->hosts[h], r->gpu_milli, slots);
	best = after_scaled(f, cl, h, r, slots[0]);
	for (int32_t i = 1; i < n; i++) {
		/* slots with the same free amount give the same state */
		int64_t d;
		if (cl_slot_free(&cl->hosts[h], slots[i]) == cl_slot_free(&cl->hosts[h], slots[i - 1]))
			continue;
		d = after_scaled(f, cl, h, r, slots[i]);
		best = d < best ? d : best;
	}
	if (slots != buf)
		free(slots);
	return best - f->hf[h];
}

double gf_best(gf_frag *f, const cl_cluster *cl, int32_t h, const cl_req *r)
{
	struct best_cache *c = best_cache(f, r);
	uint32_t gen = cl->hosts[h].gen + 1;
	int64_t d;

	if (c && h < c->n && c->h[h].gen == gen) {
		f->hits++;
		return (double)c->h[h].d / (double)f->w.total;
	}
	d = best_scaled(f, cl, h, r);
	if (c) {
		if (h >= c->n) {
			int32_t n = cl->nhosts > h + 1 ? cl->nhosts : h + 1;
			c->h = xrealloc(c->h, (size_t)n * sizeof(*c->h));
			memset(c->h + c->n, 0, (size_t)(n - c->n) * sizeof(*c->h));
			c->n = n;
		}
		c->h[h] = (struct best_ent){ gen, d };
	}
	return (double)d / (double)f->w.total;
}
