/* failures.c - instance failures, zone outages and failure domains (see
 * failures.h). */
#include "model.h"
#include "failures.h"
#include "metrics.h"
#include "task.h"
#include "images.h"
#include "lifecycle.h"
#include "maintenance.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim/engine/rng.h"

static void fail_host_event(eng *e, eng_event *ev);

/* One more cause holds base host h down: at the first its tasks die. */
void fail_host_down(sim *s, int32_t h, enum task_kill why)
{
	if (s->fail->down_by[h]++ > 0)
		return;
	metrics_class_change(s, h, -1);
	s->st.host_failures++;
	task_kill_all(s, h, why);
	cl_set_state(&s->cl, h, CL_DOWN);
	img_host_gone(s, h);
	/* one instance fewer for the daemons */
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			sim_service_wake_now(s, &s->svcs[i]);
}

/* One cause less: when none is left the host is back, empty. */
void fail_host_up(sim *s, int32_t h)
{
	if (--s->fail->down_by[h] > 0)
		return;
	metrics_class_change(s, h, 1);
	s->st.host_repairs++;
	/* a drained instance comes back still draining */
	cl_set_state(&s->cl, h, s->maint->drained_by[h] >= 0 ? CL_DRAINING : CL_ACTIVE);
	/* New capacity: daemons first, then services waiting to place tasks
	 * try at once. */
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			sim_service_wake_now(s, &s->svcs[i]);
	for (int i = 0; i < s->nsvcs; i++)
		if (!s->svcs[i].sc->daemon && sim_service_active(&s->svcs[i]) < s->svcs[i].desired)
			sim_service_wake_now(s, &s->svcs[i]);
}

static void fail_host_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t h = (int32_t)(ev - s->fail->host_ev);
	const sc_fail_rule *f = &s->sc->failures.rules[s->fail->host_rule[h]];
	const cl_host *ho = &s->cl.hosts[h];
	char d[160], id[24];

	cl_host_instance_id(h, id);
	if (!s->fail->inst_down[h]) {
		s->fail->inst_down[h] = 1;
		s->st.instance_failures++;
		snprintf(d, sizeof(d), "container instance %s (%s, zone %s) failed", id,
			 s->sc->types[ho->type].name, s->sc->zones[ho->zone]);
		sim_cluster_event_at(s, "instance-failed", h, -1, d);
		fail_host_down(s, h, TASK_KILL_FAILURE);
		eng_schedule(e, ev, e->now + s_to_us(dist_sample(&f->ttr, s->fail->fail)), fail_host_event);
	} else {
		s->fail->inst_down[h] = 0;
		snprintf(d, sizeof(d), "container instance %s (%s, zone %s) repaired", id,
			 s->sc->types[ho->type].name, s->sc->zones[ho->zone]);
		sim_cluster_event_at(s, "instance-repaired", h, -1, d);
		fail_host_up(s, h);
		/* at least 1 us up, so that a distribution that can draw 0 never
		 * loops at one instant */
		eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(&f->ttf, s->fail->fail)), fail_host_event);
	}
}

static void fail_zone_out(sim *s, int32_t z)
{
	int64_t n = 0;
	char d[200];

	if (s->fail->zone_down[z]++ > 0)
		return;
	s->zone_out[z] = 1;
	s->st.zone_outages++;
	for (int32_t h = 0; h < s->base_hosts; h++)
		if (s->cl.hosts[h].zone == z) {
			n += s->fail->down_by[h] == 0;
			fail_host_down(s, h, TASK_KILL_FAILURE);
		}
	s->st.zone_outage_hosts += n;
	snprintf(d, sizeof(d), "zone %s is out: %" PRId64 " instances went down", s->sc->zones[z],
		 n);
	sim_cluster_event_at(s, "zone-outage-started", -1, z, d);
	life_kill_zone(s, z);
}

static void fail_zone_in(sim *s, int32_t z)
{
	char d[200];

	if (--s->fail->zone_down[z] > 0)
		return;
	s->zone_out[z] = 0;
	snprintf(d, sizeof(d), "zone %s is back", s->sc->zones[z]);
	sim_cluster_event_at(s, "zone-outage-ended", -1, z, d);
	for (int32_t h = 0; h < s->base_hosts; h++)
		if (s->cl.hosts[h].zone == z)
			fail_host_up(s, h);
	/* FARGATE services that had no zone to go to */
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->fargate && s->svcs[i].waiting_capacity)
			sim_service_wake_now(s, &s->svcs[i]);
}

/* Scheduled outage k: outage_ev[2k] starts it, outage_ev[2k+1] ends it. */
static void fail_outage_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int64_t i = ev - s->fail->outage_ev;
	const sc_zone_outage *o = &s->sc->failures.outages[i / 2];

	if (i % 2 == 0) {
		fail_zone_out(s, o->zone);
		eng_schedule(e, ev + 1, e->now + o->duration, fail_outage_event);
	} else {
		fail_zone_in(s, o->zone);
	}
}

static void fail_random_outage_end(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);

	fail_zone_in(s, (int32_t)(ev - s->fail->rzo_end_ev));
}

/* A random outage hits a zone drawn uniformly; one drawn for a zone already
 * in a random outage extends that outage instead of stacking on it. */
static void fail_random_outage(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	const sc_failures *f = &s->sc->failures;
	int32_t z = (int32_t)gsl_rng_uniform_int(s->fail->zfail, (unsigned long)s->sc->nzones);
	int64_t end = e->now + 1 + s_to_us(dist_sample(&f->outage_duration, s->fail->zfail));
	eng_event *zev = &s->fail->rzo_end_ev[z];

	if (eng_pending(zev)) {
		if (zev->time < end) {
			eng_cancel(e, zev);
			eng_schedule(e, zev, end, fail_random_outage_end);
		}
	} else {
		fail_zone_out(s, z);
		eng_schedule(e, zev, end, fail_random_outage_end);
	}
	eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(&f->outage_between, s->fail->zfail)),
		     fail_random_outage);
}

static void fail_domain_event(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	int32_t v = (int32_t)(ev - s->fail->dom_ev);
	const sc_failures *f = &s->sc->failures;
	const char *name = s->cl.attrs[s->fail->dom_attr].values[v];
	int64_t n = 0;
	char d[300];

	s->fail->dom_down[v] = !s->fail->dom_down[v];
	if (s->fail->dom_down[v]) {
		s->st.domain_failures++;
		for (int32_t h = 0; h < s->base_hosts; h++)
			if (cl_host_attr(&s->cl, h, s->fail->dom_attr) == v) {
				n += s->fail->down_by[h] == 0;
				fail_host_down(s, h, TASK_KILL_FAILURE);
			}
		s->st.domain_hosts += n;
		snprintf(d, sizeof(d), "%s %.100s failed: %" PRId64 " instances went down",
			 f->domain_attr, name, n);
		sim_cluster_event(s, "domain-failed", d);
		eng_schedule(e, ev, e->now + s_to_us(dist_sample(&f->domain_ttr, s->fail->dfail)),
			     fail_domain_event);
	} else {
		snprintf(d, sizeof(d), "%s %.100s repaired", f->domain_attr, name);
		sim_cluster_event(s, "domain-repaired", d);
		for (int32_t h = 0; h < s->base_hosts; h++)
			if (cl_host_attr(&s->cl, h, s->fail->dom_attr) == v)
				fail_host_up(s, h);
		eng_schedule(e, ev, e->now + 1 + s_to_us(dist_sample(&f->domain_ttf, s->fail->dfail)),
			     fail_domain_event);
	}
}

/* Builds the failure state and schedules the first failures. */
static void fail_start(sim *s)
{
	const sc_failures *f = &s->sc->failures;
	size_t nb = (size_t)s->base_hosts + 1;

	s->fail->down_by = xcalloc(nb, sizeof(*s->fail->down_by));
	s->fail->inst_down = xcalloc(nb, sizeof(*s->fail->inst_down));
	s->fail->host_rule = xcalloc(nb, sizeof(*s->fail->host_rule));
	s->fail->zone_down = xcalloc((size_t)s->sc->nzones + 1, sizeof(*s->fail->zone_down));
	s->fail->dom_attr = -1;
	/* Trace machines come and go as their trace says, never at random. */
	if (f->instances) {
		s->fail->host_ev = xcalloc(nb, sizeof(*s->fail->host_ev));
		for (int32_t h = 0; h < s->base_hosts; h++) {
			int32_t r = -1;
			for (int k = 0; k < f->instances; k++)
				if (f->rules[k].type == s->cl.hosts[h].type ||
				    (f->rules[k].type < 0 && r < 0))
					r = k;
			s->fail->host_rule[h] = r;
			if (r >= 0)
				eng_schedule(&s->eng, &s->fail->host_ev[h],
					     1 + s_to_us(dist_sample(&f->rules[r].ttf, s->fail->fail)),
					     fail_host_event);
		}
	}
	s->fail->outage_ev = xcalloc(2 * (size_t)f->noutages + 1, sizeof(*s->fail->outage_ev));
	for (int k = 0; k < f->noutages; k++)
		eng_schedule(&s->eng, &s->fail->outage_ev[2 * k], f->outages[k].start, fail_outage_event);
	s->fail->rzo_end_ev = xcalloc((size_t)s->sc->nzones + 1, sizeof(*s->fail->rzo_end_ev));
	if (f->random_outages)
		eng_schedule(&s->eng, &s->fail->rzo_ev,
			     1 + s_to_us(dist_sample(&f->outage_between, s->fail->zfail)), fail_random_outage);
	if (f->domain_attr && (s->fail->dom_attr = cl_attr_find(&s->cl, f->domain_attr)) >= 0) {
		s->fail->ndoms = s->cl.attrs[s->fail->dom_attr].nvalues;
		s->fail->dom_ev = xcalloc((size_t)s->fail->ndoms + 1, sizeof(*s->fail->dom_ev));
		s->fail->dom_down = xcalloc((size_t)s->fail->ndoms + 1, sizeof(*s->fail->dom_down));
		for (int32_t v = 0; v < s->fail->ndoms; v++)
			eng_schedule(&s->eng, &s->fail->dom_ev[v],
				     1 + s_to_us(dist_sample(&f->domain_ttf, s->fail->dfail)),
				     fail_domain_event);
	}
}

static int fail_init(sim *s, const sim_opts *o, ecs_err *e)
{
	s->fail->fail = rng_stream_new(s->seed, "instance-failures", 0);
	s->fail->zfail = rng_stream_new(s->seed, "zone-outages", 0);
	s->fail->dfail = rng_stream_new(s->seed, "domain-failures", 0);
	s->fail->dom_attr = -1;
	return 0;
}

static void fail_destroy(sim *s)
{
	sim_failures *f = s->fail;

	if (f->fail)
		gsl_rng_free(f->fail);
	if (f->zfail)
		gsl_rng_free(f->zfail);
	if (f->dfail)
		gsl_rng_free(f->dfail);
	free(f->host_ev);
	free(f->down_by);
	free(f->inst_down);
	free(f->host_rule);
	free(f->zone_down);
	free(f->outage_ev);
	free(f->rzo_end_ev);
	free(f->dom_ev);
	free(f->dom_down);
	free(s->fail);
}

static void failures_create(sim *s)
{
	s->fail = xcalloc(1, sizeof(*s->fail));
}

const sim_module failures_module = {
	.name = "failures",
	.create = failures_create,
	.init = fail_init,
	.start = fail_start,
	.destroy = fail_destroy,
};
