/* inflate.c - the inflation experiment (see inflate.h).
 *
 * As the artifact of Weng et al. (ATC'23, hkust-adsl/kubernetes-scheduler-
 * simulator) runs it: every task arrives at time 0, one after another,
 * none departs; a task is drawn uniformly from the trace's tasks (a row
 * standing for count tasks is drawn count times as often) and submitted
 * unless its demand would carry the arrived demand over to x capacity,
 * where the drawing stops.  Failed placements count as arrived (the
 * artifact's arrived GPU counts every pod it tried). */
#include "model.h"
#include "inflate.h"
#include "replay.h"
#include "sim/cluster/gpufrag.h"

#include <math.h>
#include <stdlib.h>

#include "sim/engine/rng.h"

void inflate_row_now(const sim *s, sim_inflation_row *r)
{
	const sim_inflate *in = s->inflate;
	const cl_cluster *cl = &s->cl;
	double up = cl->gpu_up > 0 ? (double)cl->gpu_up * CL_GPU_MILLI : NAN;
	double whole = (double)cl->gpu_whole * CL_GPU_MILLI, shared = (double)cl->gpu_share_milli;
	double idle = up - whole - shared, frag = cl->frag ? gf_total(cl->frag) : NAN;

	*r = (sim_inflation_row){
		.arrived = (double)in->arrived / (double)in->capacity,
		.tasks = in->submitted, .failed = in->failed,
		.gpu_allocated = (whole + shared) / up, .gpu_allocated_whole = whole / up,
		.gpu_allocated_shared = shared / up, .gpu_fragmentation = frag / CL_GPU_MILLI,
		.gpu_fragmentation_rate = idle > 0 ? frag / idle : NAN,
		.cpu_allocated = cl->cpu_up > 0 ? (double)cl->cpu_used / (double)cl->cpu_up : NAN,
		.mem_allocated = cl->mem_up > 0 ? (double)cl->mem_used / (double)cl->mem_up : NAN,
	};
}

/* Fills every row whose step the arrived demand has reached. */
static void take_rows(sim *s, sim_inflate *in)
{
	const sc_inflate *c = &s->sc->traces[in->trace].inflate;

	while (in->filled < in->nrows &&
	       (double)in->arrived >= (double)in->filled * c->step * (double)in->capacity *
					      (1 - 1e-12))
		inflate_row_now(s, &in->rows[in->filled++]);
}

/* The next task's shape, or NULL when the trace-first order is used up
 * and draws follow. */
static const inflate_shape *draw(sim_inflate *in, int64_t n)
{
	int64_t k, lo = 0, hi = in->nshapes - 1;

	if (in->order && n < in->tasks)
		k = in->order[n];
	else
		k = (int64_t)gsl_rng_uniform_int(in->draws, (unsigned long)in->tasks);
	while (lo < hi) { /* the shape whose tasks hold k */
		int64_t mid = (lo + hi + 1) / 2;
		if (in->shapes[mid].below <= k)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &in->shapes[lo];
}

/* One task arrives; the next follows at the same time (equal times keep
 * the order they were scheduled in), so --check sees every placement. */
static void inflate_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_inflate *in = s->inflate;
	sim_trace *x = &s->replay->trs[in->trace];
	const inflate_shape *sh = draw(in, in->submitted);
	int64_t placed = x->placed;
	trace_act a = { .kind = TRACE_SUBMIT, .time = e->now, .count = 1, .cpu = sh->cpu,
			.mem = sh->mem, .gpu = sh->gpu, .gpu_milli = sh->gpu_milli,
			.duration = -1, .group = sh->group, .key = -1, .spec = sh->spec };

	if (in->arrived + sh->demand > in->target) {
		/* steps never reached (this task would have gone over): the end */
		while (in->filled < in->nrows)
			inflate_row_now(s, &in->rows[in->filled++]);
		return;
	}
	in->arrived += sh->demand;
	in->submitted++;
	if (replay_submit(s, x, &a) < 0)
		return; /* the run stops: s->err says why */
	if (x->placed == placed && in->failed++ == 0)
		inflate_row_now(s, in->rows + in->nrows); /* the first failure */
	take_rows(s, in);
	eng_schedule(&s->eng, &in->ev, e->now, inflate_event);
}

/* The trace's tasks as shapes with counts; its stream is used up here
 * (replay does not replay an inflated trace). */
static int read_shapes(sim *s, sim_inflate *in, sim_trace *x, ecs_err *e)
{
	const sc_trace *st = &s->sc->traces[in->trace];
	int32_t cap = 0;
	trace_act a;
	int rc;

	while ((rc = trace_next(&x->tr, INT64_MAX, &a, e)) > 0) {
		inflate_shape *sh;
		if (a.kind == TRACE_STOP || a.count <= 0)
			continue;
		if (in->nshapes == cap) {
			cap = cap ? 2 * cap : 1024;
			in->shapes = xrealloc(in->shapes, (size_t)cap * sizeof(*in->shapes));
		}
		sh = &in->shapes[in->nshapes++];
		*sh = (inflate_shape){ .cpu = a.cpu, .mem = a.mem, .gpu = a.gpu,
				       .gpu_milli = a.gpu_milli, .group = a.group, .spec = a.spec,
				       .count = a.count, .below = in->tasks };
		sh->demand = st->inflate.resource == SC_INFLATE_GPU
				     ? (int64_t)a.gpu * CL_GPU_MILLI + a.gpu_milli : a.cpu;
		in->tasks += a.count;
	}
	if (rc < 0) {
		err_prefix(e, "%s: %s: ", s->sc->file, st->path);
		return -1;
	}
	return 0;
}

static int inflate_init(sim *s, const sim_opts *o, ecs_err *e)
{
	sim_inflate *in = s->inflate;
	const scenario *sc = s->sc;
	const sc_trace *st;
	int gpu, any = 0;

	for (int i = 0; i < sc->ntraces && in->trace < 0; i++)
		if (sc->traces[i].inflate.given)
			in->trace = i;
	if (in->trace < 0)
		return 0;
	st = &sc->traces[in->trace];
	gpu = st->inflate.resource == SC_INFLATE_GPU;
	in->capacity = gpu ? s->cl.gpu_up * CL_GPU_MILLI : s->cl.cpu_up;
	if (in->capacity <= 0)
		return err_set(e, "%s: %s.inflate.resource: the cluster has no %s up at time 0 to "
			       "measure the arrived load against", sc->file, st->path,
			       gpu ? "GPU" : "CPU");
	if (read_shapes(s, in, &s->replay->trs[in->trace], e) < 0)
		return -1;
	if (in->tasks == 0)
		return err_set(e, "%s: %s: the trace has no task to draw (its summary's traces "
			       "entry counts the rows skipped and bad)", sc->file, st->path);
	for (int32_t i = 0; i < in->nshapes; i++)
		any |= in->shapes[i].demand > 0;
	if (!any)
		return err_set(e, "%s: %s.inflate.resource: no task of the trace asks for %s%s, so "
			       "the arrived load never grows", sc->file, st->path, gpu ? "a GPU" : "CPU",
			       gpu && st->spec.gpu == TRACE_GPU_IGNORE ? " (\"gpu\": \"ignore\")" : "");
	if (in->tasks > (int64_t)UINT32_MAX ||
	    (st->inflate.sampling == SC_INFLATE_TRACE_FIRST && in->tasks > 100000000))
		return err_set(e, "%s: %s.inflate: the trace has %lld tasks, too many to draw "
			       "from (at most %lld)", sc->file, st->path, (long long)in->tasks,
			       st->inflate.sampling == SC_INFLATE_TRACE_FIRST ? 100000000LL
									    : (long long)UINT32_MAX);
	in->target = (int64_t)floor(st->inflate.to * (double)in->capacity + 1e-9);
	in->nrows = (int32_t)floor(st->inflate.to / st->inflate.step + 1e-9) + 1;
	in->rows = xcalloc((size_t)in->nrows + 1, sizeof(*in->rows));
	in->draws = rng_stream_new(s->seed, "inflate", (uint64_t)in->trace);
	if (st->inflate.sampling == SC_INFLATE_TRACE_FIRST) {
		in->order = xmalloc((size_t)in->tasks * sizeof(*in->order));
		for (int64_t k = 0; k < in->tasks; k++)
			in->order[k] = k;
		for (int64_t k = in->tasks - 1; k > 0; k--) { /* Fisher-Yates */
			int64_t j = (int64_t)gsl_rng_uniform_int(in->draws, (unsigned long)k + 1);
			int64_t t = in->order[k];
			in->order[k] = in->order[j];
			in->order[j] = t;
		}
	}
	return 0;
}

static void inflate_start(sim *s)
{
	if (s->inflate->trace >= 0) {
		take_rows(s, s->inflate); /* row 0: before any task */
		eng_schedule(&s->eng, &s->inflate->ev, 0, inflate_event);
	}
}

static void inflate_create(sim *s)
{
	s->inflate = xcalloc(1, sizeof(*s->inflate));
	s->inflate->trace = -1;
}

static void inflate_destroy(sim *s)
{
	sim_inflate *in = s->inflate;

	if (in->draws)
		gsl_rng_free(in->draws);
	free(in->shapes);
	free(in->order);
	free(in->rows);
	free(in);
}

const sim_module inflate_module = {
	.name = "inflate",
	.create = inflate_create,
	.init = inflate_init,
	.start = inflate_start,
	.destroy = inflate_destroy,
};
