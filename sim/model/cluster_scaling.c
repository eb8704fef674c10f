/* cluster_scaling.c - cluster auto scaling of managed Auto Scaling groups
 * (see cluster_scaling.h). */
#include "model.h"
#include "cluster_scaling.h"
#include "metrics.h"
#include "capacity.h"
#include "scheduler.h"
#include "setup.h"

#include <stdio.h>
#include <stdlib.h>

#include "sim/engine/rng.h"

static void cas_launched(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	char d[200], id[24];

	for (int g = 0; g < s->cas->nasgs; g++) {
		sim_asg *a = &s->cas->asgs[g];
		if (ev < a->launch_ev || ev >= a->launch_ev + a->n)
			continue;
		int32_t h = a->first + (int32_t)(ev - a->launch_ev);
		metrics_class_change(s, h, 1);
		cl_set_state(&s->cl, h, CL_ACTIVE);
		a->launching--;
		a->launched++;
		if (e->now + a->sc->warmup > a->warm_until)
			a->warm_until = e->now + a->sc->warmup;
		cl_host_instance_id(h, id);
		snprintf(d, sizeof(d), "instance %s of %s is ACTIVE", id,
			 s->sc->providers[a->sc->provider]);
		sim_cluster_event_at(s, "instance-launched", h, -1, d);
	}
	sched_capacity_back(s);
}

/* Non-daemon tasks on host h. */
static int64_t cas_service_load(const sim *s, int32_t h)
{
	int64_t n = 0;

	for (const cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
		const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
		n += t->svc < 0 || !s->svcs[t->svc].sc->daemon;
	}
	return n;
}

/* Instances needed for the tasks that wait for this group's capacity:
 * per service, its missing tasks binpacked by CPU and memory on the
 * group's instance type (ports, ENIs and constraints are not considered;
 * ECS documents only that it binpacks). */
static int64_t cas_needed(const sim *s, const sim_asg *a)
{
	const sc_instance_type *it = &s->sc->types[s->sc->instances[a->sc->group].type];
	int64_t need = 0;

	for (int i = 0; i < s->nsvcs; i++) {
		const sim_service *v = &s->svcs[i];
		const sc_taskdef *td;
		int64_t missing = v->desired - sim_service_active(v), per = INT64_MAX;
		if (v->sc->daemon || !v->waiting_capacity || missing <= 0 || cp_service_asg(s, v) != a->sc)
			continue;
		td = &s->sc->taskdefs[v->td_now];
		if (td->cpu > 0)
			per = it->cpu / td->cpu;
		if (td->memory > 0 && it->memory / td->memory < per)
			per = it->memory / td->memory;
		if (per < 1)
			per = 1;
		need += (missing + per - 1) / per;
	}
	return need;
}

/* Every minute: CapacityProviderReservation = M / N x 100, with M the
 * instances that run non-daemon tasks plus those the waiting tasks need,
 * and N the instances in service or launching.  Above targetCapacity (one
 * datapoint) and with no instance launching or warming up, scale out to
 * ceil(M x 100 / target) (2 from none), by minimumScalingStepSize ..
 * maximumScalingStepSize; below it for 15 datapoints, scale in towards
 * that, removing only instances with no task (managed termination
 * protection; an instance with daemon tasks only is kept, an ecsim
 * simplification).  Always within minSize .. maxSize. */
static void cas_tick(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_asg *a = ENG_CONTAINER_OF(ev, sim_asg, tick);
	const sc_asg *c = a->sc;
	const char *name = s->sc->providers[c->provider];
	int64_t n = a->launching, busy = 0, need, m, goal;
	char d[300];

	for (int32_t h = a->first; h < a->first + a->n; h++)
		if (s->cl.hosts[h].state != CL_DOWN) {
			n++;
			busy += cas_service_load(s, h) > 0;
		}
	need = cas_needed(s, a);
	m = busy + need;
	a->reservation = n > 0 ? 100.0 * (double)m / (double)n : m > 0 ? 200 : 100;
	goal = n == 0 && m > 0 ? 2 : (m * 100 + c->target - 1) / c->target;
	goal = goal < c->min_size ? c->min_size : goal > c->max_size ? c->max_size : goal;
	if ((a->reservation > c->target || n < c->min_size) && goal > n) {
		a->below = 0;
		if (a->launching == 0 && e->now >= a->warm_until) {
			int64_t step = goal - n, k = 0;
			step = step < c->min_step ? c->min_step : step > c->max_step ? c->max_step : step;
			if (n + step > c->max_size)
				step = c->max_size - n;
			for (int32_t h = a->first; h < a->first + a->n && k < step; h++) {
				eng_event *lev = &a->launch_ev[h - a->first];
				if (s->cl.hosts[h].state != CL_DOWN || eng_pending(lev))
					continue;
				eng_schedule(e, lev, e->now + 1 + s_to_us(dist_sample(&c->launch, a->launch)),
					     cas_launched);
				a->launching++;
				k++;
			}
			a->scale_outs++;
			snprintf(d, sizeof(d), "%s scaled out from %lld to %lld instances "
				 "(CapacityProviderReservation %.4g > %d)", name, (long long)n,
				 (long long)(n + k), a->reservation, (int)c->target);
			sim_cluster_event(s, "cluster-scale-out", d);
		}
	} else if (a->reservation < c->target && goal < n) {
		if (++a->below >= 15 && a->launching == 0) {
			int64_t step = n - goal, k = 0;
			step = step < c->min_step ? c->min_step : step > c->max_step ? c->max_step : step;
			if (n - step < c->min_size)
				step = n - c->min_size;
			for (int32_t h = a->first + a->n - 1; h >= a->first && k < step; h--)
				if (s->cl.hosts[h].state != CL_DOWN && s->cl.hosts[h].ntasks == 0) {
					metrics_class_change(s, h, -1);
					cl_set_state(&s->cl, h, CL_DOWN);
					a->terminated++;
					k++;
				}
			if (k > 0) {
				a->scale_ins++;
				a->below = 0;
				snprintf(d, sizeof(d), "%s scaled in from %lld to %lld instances "
					 "(CapacityProviderReservation %.4g < %d)", name, (long long)n,
					 (long long)(n - k), a->reservation, (int)c->target);
				sim_cluster_event(s, "cluster-scale-in", d);
			}
		}
	} else {
		a->below = 0;
	}
	eng_schedule(e, ev, e->now + SIM_MINUTE, cas_tick);
}

/* Managed groups' hosts come after the base hosts (they never fail at
 * random): maxSize hosts each, those beyond the size at time 0 DOWN. */
static int cas_add_hosts(sim *s, const sim_opts *o, ecs_err *e)
{
	const scenario *sc = s->sc;
	sim_cluster_scaling *c = s->cas;

	c->nasgs = sc->nasgs;
	c->asgs = xcalloc((size_t)sc->nasgs + 1, sizeof(*c->asgs));
	for (int g = 0; g < sc->nasgs; g++) {
		sim_asg *a = &c->asgs[g];
		const sc_instances *in = &sc->instances[sc->asgs[g].group];
		int64_t grr = 0;
		a->sc = &sc->asgs[g];
		a->first = s->cl.nhosts;
		a->n = (int32_t)a->sc->max_size;
		setup_add_instances(s, in, a->sc->max_size, &grr);
		for (int32_t h = a->first + (int32_t)in->count; h < a->first + a->n; h++)
			cl_set_state(&s->cl, h, CL_DOWN);
		a->launch_ev = xcalloc((size_t)a->n + 1, sizeof(*a->launch_ev));
		a->launch = rng_stream_new(s->seed, "instance-launch", (uint64_t)g);
	}
	return 0;
}

static void cas_start(sim *s)
{
	for (int g = 0; g < s->cas->nasgs; g++)
		eng_schedule(&s->eng, &s->cas->asgs[g].tick, SIM_MINUTE, cas_tick);
}

static void cas_destroy(sim *s)
{
	for (int g = 0; g < s->cas->nasgs; g++) {
		free(s->cas->asgs[g].launch_ev);
		gsl_rng_free(s->cas->asgs[g].launch);
	}
	free(s->cas->asgs);
	free(s->cas);
}

static void cluster_scaling_create(sim *s)
{
	s->cas = xcalloc(1, sizeof(*s->cas));
}

const sim_module cluster_scaling_module = {
	.name = "cluster_scaling",
	.create = cluster_scaling_create,
	.add_hosts = cas_add_hosts,
	.start = cas_start,
	.destroy = cas_destroy,
};
