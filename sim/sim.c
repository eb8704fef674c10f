/* sim.c - the ECS cluster model driven by the engine (see sim.h).
 *
 * Every event handler first calls accumulate(), which adds the time since
 * the previous event to the time-weighted integrals, so that statistics are
 * exact without scanning hosts.  Tasks come from a slab free list; their
 * completion events are embedded in them.
 */
#include "sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "strategies/query.h"
#include "units.h"

#define SLAB_TASKS 4096

_Static_assert(SC_PORT_UDP == CL_PORT_UDP, "port keys must agree");

static const char *reason_name(enum cl_check c);

const char *sim_end_name(enum sim_end r)
{
	switch (r) {
	case SIM_END_COMPLETED: return "completed";
	case SIM_END_HOST_FAILURE: return "host-failure";
	case SIM_END_REJECTED: return "rejected";
	case SIM_END_RUNNING: return "running";
	}
	return "?";
}

uint64_t sim_seed(const sim *s)
{
	return s->seed;
}

static sim *sim_of(eng *e)
{
	return e->user;
}

/* ---- statistics -------------------------------------------------------- */

static void accumulate(sim *s)
{
	int64_t now = s->eng.now;
	double dt;

	if (now <= s->st.last)
		return;
	dt = us_to_s(now - s->st.last);
	s->st.running += dt * s->cl.tasks_running;
	s->st.cpu_used += dt * (double)s->cl.cpu_used;
	s->st.cpu_up += dt * (double)s->cl.cpu_up;
	s->st.mem_used += dt * (double)s->cl.mem_used;
	s->st.mem_up += dt * (double)s->cl.mem_up;
	s->st.hosts_up += dt * s->cl.hosts_up;
	s->st.hosts_busy += dt * s->cl.hosts_busy;
	s->st.cost_usd += dt / 3600.0 * s->cl.price_up;
	s->st.last = now;
}

static void svc_accumulate(sim *s, sim_service *v)
{
	int64_t now = s->eng.now;
	double dt;

	if (now <= v->since)
		return;
	dt = us_to_s(now - v->since);
	if (v->desired > 0) {
		double f = (double)v->running / (double)v->desired;
		v->avail_area += dt * (f < 1 ? f : 1);
		if (v->running == 0)
			v->down_s += dt;
		if (v->running < v->desired)
			v->degraded_s += dt;
	} else {
		v->avail_area += dt;
	}
	v->since = now;
}

double sim_service_availability(const sim *s, const sim_service *v)
{
	double elapsed = us_to_s(v->since);
	return elapsed > 0 ? v->avail_area / elapsed : 1.0;
}

/* ---- tasks ------------------------------------------------------------- */

static sim_task *task_new(sim *s)
{
	sim_task *t = s->free_tasks;

	if (!t) {
		sim_task *slab = xcalloc(SLAB_TASKS, sizeof(*slab));
		s->slabs = xrealloc(s->slabs, (size_t)(s->nslabs + 1) * sizeof(*s->slabs));
		s->slabs[s->nslabs++] = slab;
		for (int i = SLAB_TASKS - 1; i >= 0; i--) {
			slab[i].next_free = s->free_tasks;
			s->free_tasks = &slab[i];
		}
		t = s->free_tasks;
	}
	s->free_tasks = t->next_free;
	*t = (sim_task){ .id = s->next_task_id++, .submit = s->eng.now, .start = -1,
			 .svc = -1, .wl = -1 };
	t->ct.host = -1;
	return t;
}

static void task_free(sim *s, sim_task *t)
{
	t->next_free = s->free_tasks;
	s->free_tasks = t;
}

static void report(sim *s, const sim_task *t, enum sim_end reason, const char *detail)
{
	sim_task_rec r;
	int32_t h = t->ct.host;

	if (!s->obs.task_done)
		return;
	r = (sim_task_rec){
		.id = t->id,
		.group = s->cl.groups[t->ct.req.group],
		.host = h,
		.zone = h >= 0 ? s->sc->zones[s->cl.hosts[h].zone] : NULL,
		.submit = t->submit,
		.start = t->start,
		.end = reason == SIM_END_RUNNING || reason == SIM_END_REJECTED ? -1 : s->eng.now,
		.reason = reason,
		.detail = detail,
	};
	s->obs.task_done(s->obs.ctx, &r);
}

static const char *reason_name(enum cl_check c)
{
	return c == CL_NCHECKS ? "NO_ACTIVE_INSTANCES" : cl_check_reason(c);
}

/* Chooses a host for t and places it; -1 with *why if it fits nowhere. */
static int try_place(sim *s, sim_task *t, const st_chain *chain, enum cl_check *why)
{
	int32_t h;

	if (s->cl.tasks_running >= s->max_running) {
		s->over_limit = 1;
		eng_stop(&s->eng);
		*why = CL_NCHECKS;
		s->st.submitted++;
		return -1;
	}
	h = place_choose(&s->cl, &t->ct.req, chain, s->tie, &s->ws, why);
	s->st.submitted++;
	if (h < 0)
		return -1;
	cl_place(&s->cl, &t->ct, h);
	t->start = s->eng.now;
	s->st.placed++;
	return 0;
}

static void task_complete(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_task *t = ENG_CONTAINER_OF(ev, sim_task, ev);

	accumulate(s);
	s->st.completed++;
	report(s, t, SIM_END_COMPLETED, NULL);
	cl_unplace(&s->cl, &t->ct);
	task_free(s, t);
}

/* ---- services ---------------------------------------------------------- */

static void reconcile(eng *e, eng_event *ev);

static void reconcile_soon(sim *s, sim_service *v)
{
	eng_cancel(&s->eng, &v->ev);
	eng_schedule(&s->eng, &v->ev, s->eng.now, reconcile);
}

static void reconcile(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_service *v = ENG_CONTAINER_OF(ev, sim_service, ev);

	accumulate(s);
	svc_accumulate(s, v);
	while (v->running < v->desired) {
		sim_task *t = task_new(s);
		enum cl_check why;
		t->ct.req = v->req;
		t->svc = (int32_t)(v - s->svcs);
		if (try_place(s, t, &v->chain, &why) < 0) {
			/* A service task that cannot be placed stays pending; the
			 * scheduler retries (ECS: "unable to place a task"). */
			s->st.submitted--;
			task_free(s, t);
			s->next_task_id--;
			v->placement_failures++;
			v->last_reason = why;
			eng_schedule(&s->eng, &v->ev, s->eng.now + s->sc->retry_interval, reconcile);
			return;
		}
		v->running++;
	}
}

/* ---- workloads --------------------------------------------------------- */

static void arrival(eng *e, eng_event *ev);

static void schedule_arrival(sim *s, sim_workload *w)
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
	eng_schedule(&s->eng, &w->ev, at, arrival);
}

static int32_t draw_size(const dist *d, const gsl_rng *r)
{
	double x = floor(dist_sample(d, r) + 0.5);
	return x > INT32_MAX / 2 ? INT32_MAX / 2 : (int32_t)x;
}

static void arrival(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_workload *w = ENG_CONTAINER_OF(ev, sim_workload, ev);
	sim_task *t = task_new(s);
	enum cl_check why;
	double dur;

	accumulate(s);
	w->submitted++;
	t->ct.req = w->req;
	t->wl = (int32_t)(w - s->wls);
	if (w->sc->has_cpu)
		t->ct.req.cpu = draw_size(&w->sc->cpu, w->sizes);
	if (w->sc->has_memory)
		t->ct.req.mem = draw_size(&w->sc->memory, w->sizes);
	/* The duration is drawn whether or not the task is placed, so that
	 * the stream stays aligned across strategies (common random numbers). */
	dur = dist_sample(&w->sc->duration, w->durations);
	if (try_place(s, t, &w->chain, &why) < 0) {
		s->st.rejected++;
		s->st.rejections[why]++;
		report(s, t, SIM_END_REJECTED, reason_name(why));
		task_free(s, t);
	} else {
		eng_schedule(&s->eng, &t->ev, s->eng.now + s_to_us(dur), task_complete);
	}
	schedule_arrival(s, w);
}

/* ---- host failures ----------------------------------------------------- */

static void host_event(eng *e, eng_event *ev);

static void kill_tasks(sim *s, int32_t h)
{
	cl_host *ho = &s->cl.hosts[h];

	if (ho->ntasks > 0) {
		s->st.disruptive_failures++;
		if (ho->ntasks > s->st.max_killed_by_failure)
			s->st.max_killed_by_failure = ho->ntasks;
	}
	while (ho->tasks) {
		sim_task *t = ENG_CONTAINER_OF(ho->tasks, sim_task, ct);
		eng_cancel(&s->eng, &t->ev);
		s->st.killed++;
		report(s, t, SIM_END_HOST_FAILURE, NULL);
		cl_unplace(&s->cl, &t->ct);
		if (t->svc >= 0) {
			sim_service *v = &s->svcs[t->svc];
			svc_accumulate(s, v);
			v->running--;
			reconcile_soon(s, v);
		}
		task_free(s, t);
	}
}

static void host_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	cl_host *ho = ENG_CONTAINER_OF(ev, cl_host, ev);
	int32_t h = (int32_t)(ho - s->cl.hosts);
	const sc_failures *f = &s->sc->failures;

	accumulate(s);
	if (ho->state != CL_DOWN) {
		s->st.host_failures++;
		kill_tasks(s, h);
		cl_set_state(&s->cl, h, CL_DOWN);
		eng_schedule(e, ev, e->now + s_to_us(dist_sample(&f->ttr, s->fail)), host_event);
	} else {
		s->st.host_repairs++;
		cl_set_state(&s->cl, h, CL_ACTIVE);
		ho->up_since = e->now;
		/* at least 1 us up, so that a distribution that can draw 0 never
		 * loops at one instant */
		eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(&f->ttf, s->fail)), host_event);
		/* New capacity: services waiting to place tasks try at once. */
		for (int i = 0; i < s->nsvcs; i++)
			if (s->svcs[i].running < s->svcs[i].desired)
				reconcile_soon(s, &s->svcs[i]);
	}
}

/* ---- metrics ----------------------------------------------------------- */

static void sample(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int64_t next;

	accumulate(s);
	for (int i = 0; i < s->nsvcs; i++)
		svc_accumulate(s, &s->svcs[i]);
	if (s->obs.sample)
		s->obs.sample(s->obs.ctx, s);
	next = e->now + s->sc->metrics_interval;
	if (next <= s->sc->duration)
		eng_schedule(e, ev, next, sample);
}

/* ---- building ---------------------------------------------------------- */

static int build_chain(sim *s, st_chain *c, const sc_placement *pl, int is_service,
		       const sim_opts *o, ecs_err *e)
{
	c->reg = o ? o->reg : NULL;
	if (o && o->strategy) {
		if (st_chain_parse(c, o->strategy, &s->cl, e) < 0) {
			err_prefix(e, "--strategy %s: ", o->strategy);
			return -1;
		}
		return 0;
	}
	if (pl->given) {
		for (int i = 0; i < pl->nsteps; i++)
			if (st_chain_add(c, pl->steps[i].type, pl->steps[i].field, &s->cl, e) < 0) {
				err_prefix(e, "%s: %s: ", s->sc->file, pl->steps[i].path);
				return -1;
			}
		return 0;
	}
	/* ECS defaults: a service without a strategy balances over zones, then
	 * over instances; a standalone task goes to a random instance. */
	if (is_service)
		return st_chain_add(c, "spread", "attribute:ecs.availability-zone", &s->cl, e) ||
		       st_chain_add(c, "spread", "instanceId", &s->cl, e);
	return st_chain_add(c, "random", NULL, &s->cl, e);
}

static int build_req(sim *s, cl_req *r, struct qry ***mo, int32_t td, const sc_placement *pl,
		     int32_t group, ecs_err *e)
{
	const sc_taskdef *t = &s->sc->taskdefs[td];
	const sc_constraint *all[2 * SC_MAX_CONSTRAINTS];
	int n = 0;

	*r = (cl_req){
		.cpu = t->cpu, .mem = t->memory, .gpu = t->gpus, .eni = t->awsvpc ? 1 : 0,
		.ports = t->ports, .nports = t->nports, .group = group,
	};
	for (int i = 0; i < t->ncons; i++)
		all[n++] = &t->cons[i];
	for (int i = 0; i < pl->ncons; i++)
		all[n++] = &pl->cons[i];
	if (n > SC_MAX_CONSTRAINTS)
		return err_set(e, "%s: %s: %d placement constraints from the task definition and "
			       "here together; ECS allows at most %d", s->sc->file,
			       all[n - 1]->path, n, SC_MAX_CONSTRAINTS);
	*mo = xcalloc((size_t)n + 1, sizeof(**mo));
	r->member_of = (const struct qry *const *)*mo;
	for (int i = 0; i < n; i++) {
		if (all[i]->type == SC_DISTINCT_INSTANCE) {
			r->distinct = 1;
			cl_track_group_hosts(&s->cl);
		} else if (qry_parse(&(*mo)[r->nmember_of], all[i]->expression, &s->cl, e) < 0) {
			err_prefix(e, "%s: %s.expression: ", s->sc->file, all[i]->path);
			return -1;
		} else {
			r->nmember_of++;
		}
	}
	return 0;
}

static void build_cluster(sim *s)
{
	const scenario *sc = s->sc;
	cl_cluster *cl = &s->cl;
	int64_t rr = 0;

	cl_init(cl);
	for (int i = 0; i < sc->ninstances; i++)
		for (int k = 0; k < sc->instances[i].nattrs; k++)
			cl_attr_id(cl, sc->instances[i].attrs[k].name);
	for (int z = 0; z < sc->nzones; z++)
		cl_attr_value(cl, CL_ATTR_ZONE, sc->zones[z]);
	for (int t = 0; t < sc->ntypes; t++)
		cl_attr_value(cl, CL_ATTR_INSTANCE_TYPE, sc->types[t].name);
	cl->nreserved_ports = sc->nreserved_ports;
	cl->reserved_ports = xmalloc((size_t)sc->nreserved_ports * sizeof(uint16_t) + 1);
	memcpy(cl->reserved_ports, sc->reserved_ports, (size_t)sc->nreserved_ports * sizeof(uint16_t));

	for (int i = 0; i < sc->ninstances; i++) {
		const sc_instances *in = &sc->instances[i];
		const sc_instance_type *it = &sc->types[in->type];
		int32_t os = cl_attr_value(cl, CL_ATTR_OS_TYPE, it->os);
		int32_t arch = cl_attr_value(cl, CL_ATTR_CPU_ARCH, it->arch);
		int32_t *vals = xmalloc((size_t)(in->nattrs + 1) * sizeof(*vals));
		int32_t *ids = xmalloc((size_t)(in->nattrs + 1) * sizeof(*ids));
		for (int k = 0; k < in->nattrs; k++) {
			ids[k] = cl_attr_find(cl, in->attrs[k].name);
			vals[k] = cl_attr_value(cl, ids[k], in->attrs[k].value);
		}
		for (int64_t c = 0; c < in->count; c++) {
			int32_t zone = in->zone >= 0 ? in->zone : (int32_t)(rr++ % sc->nzones);
			int32_t h = cl_add_hosts(cl, 1, in->type, zone, it->cpu, it->memory, it->gpus,
						 sc_task_enis(sc, it), it->price);
			cl_host_set_attr(cl, h, CL_ATTR_INSTANCE_TYPE, in->type);
			cl_host_set_attr(cl, h, CL_ATTR_OS_TYPE, os);
			cl_host_set_attr(cl, h, CL_ATTR_CPU_ARCH, arch);
			for (int k = 0; k < in->nattrs; k++)
				cl_host_set_attr(cl, h, ids[k], vals[k]);
		}
		free(vals);
		free(ids);
	}
}

int sim_init(sim *s, const scenario *sc, const sim_opts *o, const sim_observer *obs,
	     ecs_err *e)
{
	char label[512];

	*s = (sim){ 0 };
	s->sc = sc;
	s->seed = o && o->has_seed ? o->seed : sc->seed;
	s->check = o && o->check;
	s->max_running = o && o->max_running > 0 ? o->max_running : SIM_MAX_RUNNING;
	if (obs)
		s->obs = *obs;
	eng_init(&s->eng);
	s->eng.user = s;
	build_cluster(s);
	cl_index_enable(&s->cl);
	s->tie = rng_stream_new(s->seed, "placement-ties", 0);
	s->fail = rng_stream_new(s->seed, "instance-failures", 0);

	/* Services need per-host counts of their tasks (scale-in, spread by
	 * instance); standalone workloads alone do not pay for them. */
	if (sc->nservices)
		cl_track_group_hosts(&s->cl);
	s->nsvcs = sc->nservices;
	s->svcs = xcalloc((size_t)sc->nservices, sizeof(*s->svcs));
	for (int i = 0; i < sc->nservices; i++) {
		sim_service *v = &s->svcs[i];
		/* Sized to the name: a fixed buffer cut long names, and two
		 * services alike in their first 291 characters shared a group. */
		size_t n = strlen(sc->services[i].name) + sizeof("service:");
		char *g = xmalloc(n);
		v->sc = &sc->services[i];
		v->desired = v->sc->desired;
		snprintf(g, n, "service:%s", v->sc->name);
		v->group = cl_group_id(&s->cl, g);
		free(g);
		if (build_req(s, &v->req, &v->member_of, v->sc->taskdef, &v->sc->place, v->group,
			      e) < 0 ||
		    build_chain(s, &v->chain, &v->sc->place, 1, o, e) < 0)
			return -1;
	}
	s->nwls = sc->nworkloads;
	s->wls = xcalloc((size_t)sc->nworkloads, sizeof(*s->wls));
	for (int i = 0; i < sc->nworkloads; i++) {
		sim_workload *w = &s->wls[i];
		w->sc = &sc->workloads[i];
		w->group = cl_group_id(&s->cl, w->sc->group);
		if (build_req(s, &w->req, &w->member_of, w->sc->taskdef, &w->sc->place, w->group,
			      e) < 0 ||
		    build_chain(s, &w->chain, &w->sc->place, 0, o, e) < 0)
			return -1;
		w->arrivals = rng_stream_new(s->seed, "arrivals", (uint64_t)i);
		w->durations = rng_stream_new(s->seed, "durations", (uint64_t)i);
		w->sizes = rng_stream_new(s->seed, "sizes", (uint64_t)i);
	}
	if (o && o->strategy)
		snprintf(s->strategy, sizeof(s->strategy), "%s", o->strategy);
	else if (s->nsvcs + s->nwls > 0) {
		st_chain_format(s->nsvcs ? &s->svcs[0].chain : &s->wls[0].chain, label,
				sizeof(label));
		snprintf(s->strategy, sizeof(s->strategy), "scenario (%s%s)", label,
			 s->nsvcs + s->nwls > 1 ? ", ..." : "");
	} else
		snprintf(s->strategy, sizeof(s->strategy), "scenario");

	/* Time 0: the first sample sees the empty cluster, then services are
	 * placed in file order, then workloads start, then failures. */
	eng_schedule(&s->eng, &s->sample_ev, 0, sample);
	for (int i = 0; i < s->nsvcs; i++)
		eng_schedule(&s->eng, &s->svcs[i].ev, 0, reconcile);
	for (int i = 0; i < s->nwls; i++)
		schedule_arrival(s, &s->wls[i]);
	if (sc->failures.instances)
		for (int32_t h = 0; h < s->cl.nhosts; h++)
			eng_schedule(&s->eng, &s->cl.hosts[h].ev,
				     1 + s_to_us(dist_sample(&sc->failures.ttf, s->fail)), host_event);
	return 0;
}

/* ---- running ----------------------------------------------------------- */

int sim_check(sim *s, ecs_err *e)
{
	char buf[600];
	int64_t open = s->st.placed - s->st.completed - s->st.killed;

	if (s->eng.now < s->last_event_time)
		return err_set(e, "check failed at t=%.6fs (event %llu): time went back from "
			       "%.6fs", us_to_s(s->eng.now), (unsigned long long)s->eng.executed,
			       us_to_s(s->last_event_time));
	s->last_event_time = s->eng.now;
	if (cl_check_invariants(&s->cl, buf, sizeof(buf)) < 0)
		return err_set(e, "check failed at t=%.6fs (event %llu): %s", us_to_s(s->eng.now),
			       (unsigned long long)s->eng.executed, buf);
	if (s->st.submitted != s->st.placed + s->st.rejected || open != s->cl.tasks_running)
		return err_set(e, "check failed at t=%.6fs (event %llu): tasks not accounted for: "
			       "submitted %lld, placed %lld, rejected %lld, completed %lld, "
			       "killed %lld, running %d", us_to_s(s->eng.now),
			       (unsigned long long)s->eng.executed, (long long)s->st.submitted,
			       (long long)s->st.placed, (long long)s->st.rejected,
			       (long long)s->st.completed, (long long)s->st.killed,
			       s->cl.tasks_running);
	return 0;
}

static int over_limit(const sim *s, ecs_err *e)
{
	return err_set(e, "at t=%.6fs more than %lld tasks would be running at once, the most "
		       "ecsim keeps in memory; tasks that ask for (almost) no cpu and memory or "
		       "never end pile up: check the workloads' sizes and durations",
		       us_to_s(s->eng.now), (long long)s->max_running);
}

int sim_run(sim *s, int64_t until, ecs_err *e)
{
	if (until > s->sc->duration)
		until = s->sc->duration;
	if (s->over_limit)
		return over_limit(s, e);
	if (!s->check) {
		eng_run(&s->eng, until);
		return s->over_limit ? over_limit(s, e) : 0;
	}
	while (eng_step(&s->eng, until)) {
		if (s->over_limit)
			return over_limit(s, e);
		if (sim_check(s, e) < 0)
			return -1;
	}
	if (s->eng.now < until)
		s->eng.now = until;
	return 0;
}

void sim_finish(sim *s)
{
	s->eng.now = s->sc->duration;
	accumulate(s);
	for (int i = 0; i < s->nsvcs; i++)
		svc_accumulate(s, &s->svcs[i]);
	/* A last sample at the end when the interval does not divide it. */
	if (s->sc->duration % s->sc->metrics_interval && s->obs.sample)
		s->obs.sample(s->obs.ctx, s);
	for (int32_t h = 0; s->obs.task_done && h < s->cl.nhosts; h++)
		for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext)
			report(s, ENG_CONTAINER_OF(ct, sim_task, ct), SIM_END_RUNNING, NULL);
}

void sim_destroy(sim *s)
{
	/* First: it touches the pending events embedded in what follows. */
	eng_destroy(&s->eng);
	for (int i = 0; i < s->nsvcs; i++) {
		st_chain_destroy(&s->svcs[i].chain);
		for (int k = 0; k < s->svcs[i].req.nmember_of; k++)
			qry_free(s->svcs[i].member_of[k]);
		free(s->svcs[i].member_of);
	}
	for (int i = 0; i < s->nwls; i++) {
		st_chain_destroy(&s->wls[i].chain);
		for (int k = 0; k < s->wls[i].req.nmember_of; k++)
			qry_free(s->wls[i].member_of[k]);
		free(s->wls[i].member_of);
		gsl_rng_free(s->wls[i].arrivals);
		gsl_rng_free(s->wls[i].durations);
		gsl_rng_free(s->wls[i].sizes);
	}
	free(s->svcs);
	free(s->wls);
	gsl_rng_free(s->tie);
	gsl_rng_free(s->fail);
	place_ws_destroy(&s->ws);
	cl_destroy(&s->cl);
	for (int i = 0; i < s->nslabs; i++)
		free(s->slabs[i]);
	free(s->slabs);
	*s = (sim){ 0 };
}
