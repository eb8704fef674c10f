/* workload.c - standalone workloads (RunTask): arrivals (Poisson, fixed intervals,
 * given times), task sizes and run times drawn from seeded streams, and
 * placement at once or rejection with an ECS reason.
 */
#include "workload.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/engine/rng.h"
#include "sim/support/units.h"
#include "strategies/query.h"
#include "strategies/scalein.h"
#include "sim.h"
#include "task.h"

static void wl_arrival(eng *e, eng_event *ev);

void wl_schedule_arrival(sim *s, sim_workload *w)
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

static void wl_arrival(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_workload *w = ENG_CONTAINER_OF(ev, sim_workload, ev);
	sim_task *t = task_new(s);
	enum cl_check why;
	double dur;

	w->submitted++;
	t->ct.req = w->req;
	t->wl = (int32_t)(w - s->wls);
	if (w->sc->has_cpu)
		t->ct.req.cpu = wl_draw_size(&w->sc->cpu, w->sizes);
	if (w->sc->has_memory)
		t->ct.req.mem = wl_draw_size(&w->sc->memory, w->sizes);
	/* The duration is drawn whether or not the task is placed, so that
	 * the stream stays aligned across strategies (common random numbers). */
	dur = dist_sample(&w->sc->duration, w->durations);
	if (task_try_place(s, t, &w->chain, &why) < 0) {
		s->st.rejected++;
		s->st.rejections[why]++;
		task_report(s, t, SIM_END_REJECTED, task_reason_name(why));
		task_free(s, t);
	} else {
		eng_schedule(&s->eng, &t->ev, s->eng.now + s_to_us(dur), task_complete);
	}
	wl_schedule_arrival(s, w);
}
