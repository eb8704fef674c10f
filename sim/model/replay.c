/* replay.c - trace replay (see replay.h). */
#include "model.h"
#include "replay.h"
#include "task.h"
#include "images.h"
#include "setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strategies/query.h"


static void replay_event(eng *e, eng_event *ev);
static void replay_machine_event(eng *e, eng_event *ev);

static void replay_task_ended(sim *s, const sim_task *t, int killed)
{
	sim_trace *x = &s->replay->trs[t->tr];

	if (killed)
		x->killed++;
	else
		x->completed++;
	if (t->trkey >= 0)
		trace_unbind(&x->tr, t->trkey);
}

/* The request of a task of x that accepts only the GPU models of spec:
 * x's, with "attribute:ecs.instance-type in [...]" added; NULL (and the
 * run stops) if the models cannot be written as a query. */
static const cl_req *spec_req(sim *s, sim_trace *x, int32_t spec)
{
	if (spec >= x->nspec) {
		int32_t n = x->tr.row.nspecs;
		x->spec_req = xrealloc(x->spec_req, (size_t)n * sizeof(*x->spec_req));
		x->spec_mo = xrealloc(x->spec_mo, (size_t)n * sizeof(*x->spec_mo));
		for (int32_t i = x->nspec; i < n; i++)
			x->spec_mo[i] = NULL;
		x->nspec = n;
	}
	if (!x->spec_mo[spec]) {
		const char *models = x->tr.row.specs[spec];
		size_t len = 2 * strlen(models) + 64;
		char *expr = xmalloc(len), *p = expr;
		int32_t n = x->req.nmember_of;
		struct qry **mo = xcalloc((size_t)n + 2, sizeof(*mo));
		ecs_err e = { 0 };
		p += sprintf(p, "attribute:ecs.instance-type in [\"");
		for (const char *c = models; *c; c++)
			p += *c == '|' ? sprintf(p, "\", \"") : sprintf(p, "%c", *c);
		sprintf(p, "\"]");
		for (int32_t i = 0; i < n; i++)
			mo[i] = (struct qry *)x->req.member_of[i];
		if (qry_parse(&mo[n], expr, &s->cl, &e) < 0) {
			err_set(&s->err, "%s: gpu_spec \"%s\": %s", x->tr.spec->name, models, e.msg);
			eng_stop(&s->eng);
			free(expr);
			free(mo);
			return NULL;
		}
		free(expr);
		x->spec_mo[spec] = mo;
		x->spec_req[spec] = x->req;
		x->spec_req[spec].member_of = (const struct qry *const *)mo;
		x->spec_req[spec].nmember_of = (uint8_t)(n + 1);
	}
	return &x->spec_req[spec];
}

int replay_submit(sim *s, sim_trace *x, const trace_act *a)
{
	int full = 0;              /* a task of this action was rejected */
	enum cl_check why = CL_NCHECKS;

	if (a->kind == TRACE_STOP) {
		sim_task *t = a->task;
		if (!t) /* rejected, or its machine went away */
			return 0;
		t->trkey = -1;
		s->st.completed++;
		replay_task_ended(s, t, 0);
		sim_report_task(s, t, SIM_END_COMPLETED, NULL, TASK_EXITED_CODE, TASK_EXITED_REASON);
		cl_unplace(&s->cl, &t->ct);
		task_free(s, t);
		return 0;
	}
	const cl_req *base = a->spec >= 0 ? spec_req(s, x, a->spec) : &x->req;

	if (!base)
		return -1;
	for (int64_t k = 0; k < a->count; k++) {
		sim_task *t = task_new(s);
		t->ct.req = *base;
		t->ct.req.cpu = a->cpu;
		t->ct.req.mem = a->mem;
		t->ct.req.gpu = a->gpu;
		t->ct.req.gpu_milli = a->gpu_milli;
		t->ct.req.group = a->group;
		t->tr = (int32_t)(x - s->replay->trs);
		x->submitted++;
		/* Standalone tasks (RunTask): placed at once or rejected.  Once one
		 * is rejected, its identical siblings are too, for the same reason:
		 * a rejection changes nothing and draws no random number, so the
		 * scan over hosts is skipped with the same result. */
		if (full) {
			s->st.submitted++;
		} else if (task_try_place(s, t, &x->chain, &why) < 0) {
			full = 1;
		}
		if (full) {
			s->st.rejected++;
			s->st.rejections[why]++;
			x->rejected++;
			sim_report_task(s, t, SIM_END_REJECTED, task_reason_name(why), NULL, NULL);
			task_free(s, t);
			continue;
		}
		x->placed++;
		if (a->kind == TRACE_START) {
			t->trkey = a->key;
			trace_bind(&x->tr, a->key, t);
		} else if (a->duration >= 0) {
			eng_schedule(&s->eng, &t->ev, s->eng.now + a->duration, task_complete);
		}
	}
	return 0;
}

static void replay_schedule(sim *s, sim_trace *x)
{
	int64_t at = trace_next_time(&x->tr);

	if (at <= s->sc->duration)
		eng_schedule(&s->eng, &x->ev, at > s->eng.now ? at : s->eng.now, replay_event);
}

static void replay_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_trace *x = ENG_CONTAINER_OF(ev, sim_trace, ev);
	trace_act a;
	int rc;

	while ((rc = trace_next(&x->tr, e->now, &a, &s->err)) > 0)
		if (replay_submit(s, x, &a) < 0)
			return;
	if (rc < 0) {
		eng_stop(e);
		return;
	}
	replay_schedule(s, x);
}

/* A trace machine changes state: removed machines lose their tasks (as in a
 * failure); draining ones keep them and take no new ones (an Alibaba
 * machine error: "existing jobs may still function"). */
static void replay_machine_change(sim *s, sim_trace *x, const trace_mevent *m)
{
	int32_t h = x->first_host + m->machine;
	cl_host *ho = &s->cl.hosts[h];

	switch (m->to) {
	case TRACE_M_UP:
		cl_set_state(&s->cl, h, CL_ACTIVE);
		for (int i = 0; i < s->nsvcs; i++)
			if (s->svcs[i].running < s->svcs[i].desired)
				sim_service_wake_now(s, &s->svcs[i]);
		break;
	case TRACE_M_DRAIN:
		if (ho->state != CL_DOWN)
			cl_set_state(&s->cl, h, CL_DRAINING);
		break;
	case TRACE_M_DOWN:
		if (ho->state != CL_DOWN) {
			task_kill_all(s, h, TASK_KILL_REMOVED);
			cl_set_state(&s->cl, h, CL_DOWN);
			img_host_gone(s, h);
		}
		break;
	}
}

static void replay_schedule_machines(sim *s, sim_trace *x)
{
	if (x->next_mev < x->tr.nmev && x->tr.mev[x->next_mev].time <= s->sc->duration)
		eng_schedule(&s->eng, &x->mev, x->tr.mev[x->next_mev].time, replay_machine_event);
}

static void replay_machine_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_trace *x = ENG_CONTAINER_OF(ev, sim_trace, mev);

	while (x->next_mev < x->tr.nmev && x->tr.mev[x->next_mev].time <= e->now)
		replay_machine_change(s, x, &x->tr.mev[x->next_mev++]);
	replay_schedule_machines(s, x);
}

static int32_t replay_group_of(void *ctx, const char *name)
{
	return cl_group_id(&((sim *)ctx)->cl, name);
}

/* Opens every trace and adds its machines as hosts, in the state they have
 * at time 0; before services exist, so nothing is placed yet. */
static int replay_open(sim *s, const sim_opts *o, ecs_err *e)
{
	const scenario *sc = s->sc;
	cl_cluster *cl = &s->cl;

	s->replay->ntrs = sc->ntraces;
	s->replay->trs = xcalloc((size_t)sc->ntraces + 1, sizeof(*s->replay->trs));
	for (int i = 0; i < sc->ntraces; i++) {
		sim_trace *x = &s->replay->trs[i];
		const sc_trace *st = &sc->traces[i];
		int32_t os = cl_attr_value(cl, CL_ATTR_OS_TYPE, "linux");
		int32_t arch = cl_attr_value(cl, CL_ATTR_CPU_ARCH, "x86_64");
		if (trace_open(&x->tr, &st->spec, i, s->seed, o && o->strict, o ? o->stop : NULL,
			       replay_group_of, s, e) < 0) {
			err_prefix(e, "%s: %s: ", sc->file, st->path);
			return -1;
		}
		x->first_host = cl->nhosts;
		for (int32_t m = 0; m < x->tr.nmachines; m++) {
			const trace_machine *tm = &x->tr.machines[m];
			int32_t zone = st->zone >= 0 ? st->zone : m % sc->nzones;
			int32_t h = cl_add_hosts(cl, 1, -1, zone, tm->cpu, tm->mem, tm->gpu, 1 << 20, 0);
			cl_host_set_attr(cl, h, CL_ATTR_INSTANCE_TYPE,
					 cl_attr_value(cl, CL_ATTR_INSTANCE_TYPE,
						       x->tr.types[tm->type]));
			cl_host_set_attr(cl, h, CL_ATTR_OS_TYPE, os);
			cl_host_set_attr(cl, h, CL_ATTR_CPU_ARCH, arch);
			cl_set_state(cl, h, CL_DOWN);
		}
		while (x->next_mev < x->tr.nmev && x->tr.mev[x->next_mev].time <= 0)
			replay_machine_change(s, x, &x->tr.mev[x->next_mev++]);
	}
	return 0;
}

static int32_t no_group(void *ctx, const char *name)
{
	return 0;
}

int replay_workload(sim *s, const sim_opts *o, gf_workload *w, ecs_err *e)
{
	const scenario *sc = s->sc;

	for (int i = 0; i < sc->ntraces; i++) {
		trace t;
		trace_act a;
		int rc;
		if (trace_open(&t, &sc->traces[i].spec, i, s->seed, o && o->strict,
			       o ? o->stop : NULL, no_group, NULL, e) < 0) {
			err_prefix(e, "%s: %s: ", sc->file, sc->traces[i].path);
			return -1;
		}
		while ((rc = trace_next(&t, INT64_MAX, &a, e)) > 0)
			if (a.kind != TRACE_STOP && a.count > 0)
				gf_workload_add(w, a.cpu, a.gpu, a.gpu_milli,
						a.spec >= 0 ? t.row.specs[a.spec] : NULL, a.count);
		trace_close(&t);
		if (rc < 0) {
			err_prefix(e, "%s: %s: ", sc->file, sc->traces[i].path);
			return -1;
		}
	}
	return 0;
}

/* Each trace's request (its constraints) and chain. */
static int replay_init(sim *s, const sim_opts *o, ecs_err *e)
{
	for (int i = 0; i < s->replay->ntrs; i++) {
		sim_trace *x = &s->replay->trs[i];
		const sc_trace *st = &s->sc->traces[i];
		const sc_constraint *all[SC_MAX_CONSTRAINTS];
		x->req = (cl_req){ .group = x->tr.default_group };
		for (int k = 0; k < st->place.ncons; k++)
			all[k] = &st->place.cons[k];
		if (setup_constraints(s, &x->req, &x->member_of, all, st->place.ncons, e) < 0)
			return -1;
		if (setup_chain(s, &x->chain, &st->place, 0, o, e) < 0)
			return -1;
	}
	return 0;
}

/* An inflated trace's tasks are inflate.c's to submit, not replayed. */
static void replay_start(sim *s)
{
	for (int i = 0; i < s->replay->ntrs; i++) {
		replay_schedule_machines(s, &s->replay->trs[i]);
		if (!s->sc->traces[i].inflate.given)
			replay_schedule(s, &s->replay->trs[i]);
	}
}

/* A task of a trace completed or died with its machine. */
static void replay_ended(sim *s, sim_task *t, enum sim_end why, int32_t host)
{
	if (t->tr >= 0)
		replay_task_ended(s, t, why == SIM_END_HOST_FAILURE);
}

static void replay_destroy(sim *s)
{
	for (int i = 0; i < s->replay->ntrs; i++) {
		sim_trace *x = &s->replay->trs[i];
		st_chain_destroy(&x->chain);
		for (int32_t k = 0; k < x->nspec; k++)
			if (x->spec_mo[k]) {
				qry_free(x->spec_mo[k][x->req.nmember_of]);
				free(x->spec_mo[k]);
			}
		free(x->spec_mo);
		free(x->spec_req);
		setup_free_member_of(x->member_of, x->req.nmember_of);
		trace_close(&x->tr);
	}
	free(s->replay->trs);
	free(s->replay);
}

static void replay_create(sim *s)
{
	s->replay = xcalloc(1, sizeof(*s->replay));
}

const sim_module replay_module = {
	.name = "replay",
	.create = replay_create,
	.add_hosts = replay_open,
	.init = replay_init,
	.start = replay_start,
	.destroy = replay_destroy,
	.task_ended = replay_ended,
};
