/* workload.c - standalone workloads (see workload.h). */
#include "model.h"
#include "workload.h"
#include "task.h"
#include "capacity.h"
#include "setup.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "sim/engine/rng.h"

static void wl_arrival(eng *e, eng_event *ev);

static void wl_schedule_arrival(sim *s, sim_workload *w)
{
	const sc_workload *sw = w->sc;
	int64_t at;

	if (sw->count >= 0 && w->submitted >= sw->count)
		return;
	switch (sw->arrival) {
	case SC_ARRIVAL_POISSON: {
		int64_t from = w->submitted ? s->eng.now : sw->start;
		at = from + s_to_us(gsl_ran_exponential(w->arrivals, 1.0 / sw->rate));
		break;
	}
	case SC_ARRIVAL_INTERVAL:
		at = sw->start + w->submitted * sw->interval;
		if (w->submitted && at > UNITS_MAX_DURATION_US)
			return;
		break;
	case SC_ARRIVAL_TIMES:
		while (w->next_index < sw->ntimes && sw->times[w->next_index] < sw->start)
			w->next_index++;
		if (w->next_index >= sw->ntimes)
			return;
		at = sw->times[w->next_index++];
		break;
	default:
		return;
	}
	if (at >= sw->end || at > s->sc->duration)
		return;
	if (at < s->eng.now)
		at = s->eng.now;
	eng_schedule(&s->eng, &w->ev, at, wl_arrival);
}

static int32_t wl_draw_size(const dist *d, const gsl_rng *r)
{
	double x = floor(dist_sample(d, r) + 0.5);
	return x > INT32_MAX / 2 ? INT32_MAX / 2 : (int32_t)x;
}

/* Places t on its strategy item's instances (anywhere without one). */
static int wl_place(sim *s, sim_workload *w, sim_task *t, int again, enum cl_check *why)
{
	int rc;

	if (t->cp >= 0)
		t->ct.req.part = w->part[t->cp];
	rc = again ? task_place_waiting(s, t, &w->chain, why) : task_try_place(s, t, &w->chain, why);
	t->ct.req.part = 0;
	return rc;
}

static void wl_arrival(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_workload *w = ENG_CONTAINER_OF(ev, sim_workload, ev);
	sim_task *t = task_new(s);
	enum cl_check why;
	double dur;

	w->submitted++;
	t->ct.req = w->req;
	t->wl = (int32_t)(w - s->wl->w);
	if (w->sc->has_cpu)
		t->ct.req.cpu = wl_draw_size(&w->sc->cpu, w->sizes);
	if (w->sc->has_memory)
		t->ct.req.mem = wl_draw_size(&w->sc->memory, w->sizes);
	if (w->sc->ncps)
		t->cp = (int8_t)cp_choose_items(w->sc->cps, w->sc->ncps, w->cp_n);
	/* The duration is drawn whether or not the task is placed, so that
	 * the stream stays aligned across strategies (common random numbers). */
	dur = dist_sample(&w->sc->duration, w->durations);
	if (wl_place(s, w, t, 0, &why) == 0) {
		w->cp_n[t->cp >= 0 ? t->cp : 0] += t->cp >= 0;
		eng_schedule(&s->eng, &t->ev, s->eng.now + s_to_us(dur), task_complete);
	} else if (t->cp >= 0 && !s->over_limit &&
		   (t->run_time = s_to_us(dur), cp_wait(s, t, w->sc->cps[t->cp].provider)) == 0) {
		/* ECS: PROVISIONING until the managed group has room */
		w->cp_n[t->cp]++;
	} else {
		s->st.rejected++;
		s->st.rejections[why]++;
		sim_report_task(s, t, SIM_END_REJECTED, task_reason_name(why), NULL, NULL);
		task_free(s, t);
	}
	wl_schedule_arrival(s, w);
}

/* A task of a workload that waits for capacity: placed when there is room
 * (it runs its drawn run time from then), or given up at the timeout. */
static void wl_capacity_wait(sim *s, sim_task *t, int timed_out)
{
	sim_workload *w;
	enum cl_check why;

	if (t->wl < 0)
		return;
	w = &s->wl->w[t->wl];
	if (timed_out) {
		w->cp_n[t->cp]--;
		sim_report_task(s, t, SIM_END_CAPACITY_TIMEOUT, NULL, "TaskFailedToStart",
				"Timed out waiting for capacity (PROVISIONING)");
		task_free(s, t);
		return;
	}
	if (wl_place(s, w, t, 1, &why) < 0)
		return;
	cp_unwait(s, t, 1);
	eng_schedule(&s->eng, &t->ev, s->eng.now + t->run_time, task_complete);
}

/* A task that counted for its strategy item left its host. */
static void wl_task_ended(sim *s, sim_task *t, enum sim_end why, int32_t host)
{
	if (t->wl >= 0 && t->cp >= 0)
		s->wl->w[t->wl].cp_n[t->cp]--;
}

static int wl_init(sim *s, const sim_opts *o, ecs_err *e)
{
	const scenario *sc = s->sc;

	s->wl->n = sc->nworkloads;
	s->wl->w = xcalloc((size_t)sc->nworkloads + 1, sizeof(*s->wl->w));
	for (int i = 0; i < sc->nworkloads; i++) {
		sim_workload *w = &s->wl->w[i];
		w->sc = &sc->workloads[i];
		w->group = cl_group_id(&s->cl, w->sc->group);
		if (setup_req(s, &w->req, &w->member_of, w->sc->taskdef, &w->sc->place, w->group,
			      e) < 0 ||
		    setup_chain(s, &w->chain, &w->sc->place, 0, o, e) < 0)
			return -1;
		for (int k = 0; k < w->sc->ncps; k++)
			w->part[k] = cp_part(s, w->sc->cps[k].provider);
		w->arrivals = rng_stream_new(s->seed, "arrivals", (uint64_t)i);
		w->durations = rng_stream_new(s->seed, "durations", (uint64_t)i);
		w->sizes = rng_stream_new(s->seed, "sizes", (uint64_t)i);
	}
	return 0;
}

static void wl_start(sim *s)
{
	for (int i = 0; i < s->wl->n; i++)
		wl_schedule_arrival(s, &s->wl->w[i]);
}

static void wl_destroy(sim *s)
{
	for (int i = 0; i < s->wl->n; i++) {
		sim_workload *w = &s->wl->w[i];
		st_chain_destroy(&w->chain);
		setup_free_member_of(w->member_of, w->req.nmember_of);
		if (w->arrivals)
			gsl_rng_free(w->arrivals);
		if (w->durations)
			gsl_rng_free(w->durations);
		if (w->sizes)
			gsl_rng_free(w->sizes);
	}
	free(s->wl->w);
	free(s->wl);
}

static void workload_create(sim *s)
{
	s->wl = xcalloc(1, sizeof(*s->wl));
}

const sim_module workload_module = {
	.name = "workload",
	.create = workload_create,
	.init = wl_init,
	.start = wl_start,
	.destroy = wl_destroy,
	.task_ended = wl_task_ended,
	.capacity_wait = wl_capacity_wait,
};
