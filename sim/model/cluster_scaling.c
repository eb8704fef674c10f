/* cluster_scaling.c - cluster auto scaling of managed Auto Scaling groups,
 * and the groups themselves (see cluster_scaling.h). */
#include "model.h"
#include "cluster_scaling.h"
#include "metrics.h"
#include "task.h"
#include "capacity.h"
#include "scheduler.h"
#include "maintenance.h"
#include "setup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim/engine/rng.h"

/* What a Spot instance's next Spot event is. */
enum { SPOT_NONE, SPOT_RECOMMEND, SPOT_NOTICE, SPOT_TERMINATE };

static void cas_host_ev(eng *e, eng_event *ev);
static void cas_spot_ev(eng *e, eng_event *ev);
static void asg_remove(sim *s, sim_asg *a, int32_t h, const char *why);

#define SLOT(a, h) ((h) - (a)->first)

const sim_asg *cas_group_of(const sim *s, int32_t h)
{
	for (int g = 0; h >= 0 && g < s->cas->nasgs; g++)
		if (h >= s->cas->asgs[g].first && h < s->cas->asgs[g].first + s->cas->asgs[g].n)
			return &s->cas->asgs[g];
	return NULL;
}

static sim_asg *asg_of(sim *s, int32_t h)
{
	return (sim_asg *)cas_group_of(s, h);
}

/* The pool of host h. */
static int asg_pool(const sim_asg *a, int32_t h)
{
	return a->pool_of[SLOT(a, h)];
}

static int32_t asg_weight(const sim_asg *a, int32_t h)
{
	return a->sc->pools[asg_pool(a, h)].weight;
}

/* Launching or in service: what counts toward the desired capacity. */
static int asg_counted(const sim_asg *a, int32_t h)
{
	int ph = a->phase[SLOT(a, h)];

	return ph == ASG_LAUNCHING || ph == ASG_IN_SERVICE;
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

/* Instance-hours count h (metrics) while it runs: in service, or in a
 * warm pool in the Running state. */
static void asg_bill(sim *s, sim_asg *a, int32_t h, int on)
{
	if (a->billed[SLOT(a, h)] == on)
		return;
	a->billed[SLOT(a, h)] = (uint8_t)on;
	metrics_class_change(s, h, on ? 1 : -1);
}

/* A Warmed:Running instance costs its price while it waits in the pool. */
static void asg_warm_running(sim *s, sim_asg *a, int32_t h, int on)
{
	if (a->sc->warm_state != SC_WARM_RUNNING)
		return;
	asg_bill(s, a, h, on);
	s->warm_rate += on ? s->cl.hosts[h].price : -s->cl.hosts[h].price;
	if (s->warm_rate < 1e-9)
		s->warm_rate = 0; /* no drift below zero when the pool empties */
}

static void asg_wake_daemons(sim *s)
{
	for (int i = 0; i < s->nsvcs; i++)
		if (s->svcs[i].sc->daemon)
			sim_service_wake_now(s, &s->svcs[i]);
}

/* ---- where an instance goes: zone, purchase option, type ---------------- */

/* The zone the group launches in: the one with the fewest instances
 * launching or in service (EC2 Auto Scaling balances zones first), the
 * first on a tie; the instances entry's zone when it names one. */
static int32_t asg_zone(const sim *s, const sim_asg *a)
{
	int64_t c[SC_MAX_ZONES] = { 0 };
	int32_t best = 0, fixed = s->sc->instances[a->sc->group].zone;

	if (fixed >= 0)
		return fixed;
	for (int32_t h = a->first; h < a->first + a->n; h++)
		if (asg_counted(a, h))
			c[s->cl.hosts[h].zone]++;
	for (int32_t z = 1; z < s->sc->nzones; z++)
		if (c[z] < c[best])
			best = z;
	return best;
}

/* The first free slot of pool p in zone z (any zone for z < 0), -1 none. */
static int32_t asg_free_slot(const sim *s, const sim_asg *a, int p, int32_t z)
{
	int32_t h0 = a->pool_first[p];

	for (int32_t h = h0; h < h0 + (int32_t)a->sc->pools[p].slots; h++)
		if (a->phase[SLOT(a, h)] == ASG_FREE && (z < 0 || s->cl.hosts[h].zone == z))
			return h;
	return -1;
}

/* USD per hour and capacity unit of pool p. */
static double asg_unit_price(const sim *s, const sc_asg_pool *p)
{
	const sc_instance_type *t = &s->sc->types[p->type];

	return (p->spot ? t->spot_price : t->price) / p->weight;
}

/* ecsim's stand-in for a Spot pool's spare capacity, which AWS does not
 * publish: the mean time to an interruption notice of its instance type
 * (failures.spotInterruptions), infinite without one. */
static double asg_spot_capacity(const sim *s, int32_t type)
{
	const sc_failures *f = &s->sc->failures;
	int r = -1;

	for (int k = 0; k < f->spot_rules; k++)
		if (f->spot[k].type == type || (f->spot[k].type < 0 && r < 0))
			r = k;
	return r < 0 ? INFINITY : dist_mean(&f->spot[r].ttf);
}

/* Units in service or launching of one purchase option. */
static int64_t asg_option_units(const sim_asg *a, int spot)
{
	int64_t u = 0;

	for (int32_t h = a->first; h < a->first + a->n; h++)
		if (asg_counted(a, h) && a->sc->pools[asg_pool(a, h)].spot == spot)
			u += asg_weight(a, h);
	return u;
}

/* The on-demand part of desired capacity d: the base, then the
 * percentage above it, rounded up in favour of on-demand (EC2 Auto
 * Scaling's instances distribution). */
static int64_t asg_od_target(const sc_asg *g, int64_t d)
{
	int64_t base = d < g->od_base ? d : g->od_base, above = d - base;

	return base + (above * g->od_pct + 99) / 100;
}

/* Instances of pool p launching or in service in zone z. */
static int64_t asg_pool_in_zone(const sim *s, const sim_asg *a, int p, int32_t z)
{
	int64_t n = 0;

	for (int32_t h = a->pool_first[p]; h < a->pool_first[p] + (int32_t)a->sc->pools[p].slots; h++)
		n += asg_counted(a, h) && s->cl.hosts[h].zone == z;
	return n;
}

/* Whether pool p ranks before pool q for the option's allocation
 * strategy (so p launches first and is terminated last). */
static int asg_before(const sim *s, const sim_asg *a, int p, int q)
{
	const sc_asg *g = a->sc;
	const sc_asg_pool *pp = &g->pools[p], *qp = &g->pools[q];
	double pc, qc, pr = asg_unit_price(s, pp), qr = asg_unit_price(s, qp);

	if (!pp->spot) /* prioritized: override order; lowest-price: price first */
		return g->od_lowest_price && pr != qr ? pr < qr : p < q;
	pc = asg_spot_capacity(s, pp->type);
	qc = asg_spot_capacity(s, qp->type);
	switch (g->spot_alloc) {
	case SC_SPOT_CAPACITY_OPTIMIZED:
		return pc != qc ? pc > qc : pr != qr ? pr < qr : p < q;
	case SC_SPOT_CAPACITY_OPTIMIZED_PRIORITIZED:
		return pc != qc ? pc > qc : p < q;
	default: /* lowest-price, and price-capacity-optimized among its pools */
		return pr != qr ? pr < qr : p < q;
	}
}

/* The pool the group launches its next instance into, filling toward
 * desired capacity d (units) in zone z: on-demand while on-demand is short
 * of its share (or Spot when spot), then the type the option's allocation
 * strategy picks among the pools with a free slot in z.  price-capacity-
 * optimized keeps the pools with at least half the best pool's capacity,
 * then takes the cheapest (ecsim's reading of "least likely to be
 * interrupted and lowest possible price"); lowest-price spreads over the
 * spotInstancePools cheapest pools, to the one with the fewest instances
 * in z.  -1: no free slot. */
static int asg_pick_pool(const sim *s, const sim_asg *a, int64_t d, int32_t z, int spot)
{
	const sc_asg *g = a->sc;
	int want, best = -1, cand[2 * 40 + 1], nc = 0;
	double cap = 0;

	if (!g->noverrides)
		return asg_free_slot(s, a, 0, z) >= 0 || asg_free_slot(s, a, 0, -1) >= 0 ? 0 : -1;
	want = spot || asg_option_units(a, 0) >= asg_od_target(g, d);
	for (int pass = 0; pass < 2 && nc == 0; pass++)
		for (int p = 0; p < g->npools; p++)
			if (g->pools[p].spot == (pass ? !want : want) &&
			    asg_free_slot(s, a, p, z) >= 0)
				cand[nc++] = p;
	if (nc == 0)
		return -1;
	if (g->pools[cand[0]].spot && g->spot_alloc == SC_SPOT_PRICE_CAPACITY_OPTIMIZED) {
		for (int i = 0; i < nc; i++)
			if (asg_spot_capacity(s, g->pools[cand[i]].type) > cap)
				cap = asg_spot_capacity(s, g->pools[cand[i]].type);
		for (int i = 0; i < nc; i++)
			if (asg_spot_capacity(s, g->pools[cand[i]].type) >= cap / 2 &&
			    (best < 0 || asg_before(s, a, cand[i], best)))
				best = cand[i];
		return best;
	}
	for (int i = 0; i < nc; i++)
		if (best < 0 || asg_before(s, a, cand[i], best))
			best = cand[i];
	if (g->pools[best].spot && g->spot_alloc == SC_SPOT_LOWEST_PRICE) {
		/* the cheapest spotInstancePools pools (sorted by insertion) */
		int order[2 * 40 + 1], k = nc < g->spot_pools ? nc : g->spot_pools;
		for (int i = 0; i < nc; i++) {
			int j = i;
			for (; j > 0 && asg_before(s, a, cand[i], order[j - 1]); j--)
				order[j] = order[j - 1];
			order[j] = cand[i];
		}
		best = order[0];
		for (int i = 1; i < k; i++)
			if (asg_pool_in_zone(s, a, order[i], z) < asg_pool_in_zone(s, a, best, z))
				best = order[i];
	}
	return best;
}

/* ---- launches ------------------------------------------------------------ */

/* Starts one instance toward desired capacity d (units): from the warm
 * pool when it has one ready (in the balancing zone if it can), else a
 * cold launch into the pool asg_pick_pool chooses.  spot: a Spot
 * instance (a Spot replacement).  Its host, or -1 when no slot is free. */
static int32_t asg_launch(sim *s, sim_asg *a, int64_t d, int spot)
{
	int32_t z = asg_zone(s, a), h = -1;
	int p;

	if (a->sc->warm && !spot) {
		for (int32_t k = a->first; k < a->first + a->n; k++)
			if (a->phase[SLOT(a, k)] == ASG_WARM &&
			    (h < 0 || (s->cl.hosts[h].zone != z && s->cl.hosts[k].zone == z)))
				h = k;
	}
	if (h >= 0) {
		a->phase[SLOT(a, h)] = ASG_LAUNCHING;
		a->warm_starts++;
		eng_schedule(&s->eng, &a->ev[SLOT(a, h)], s->eng.now + 1 +
			     s_to_us(dist_sample(&a->sc->warm_start, a->warm_launch)), cas_host_ev);
		a->launching++;
		return h;
	}
	if ((p = asg_pick_pool(s, a, d, z, spot)) < 0)
		return -1;
	if ((h = asg_free_slot(s, a, p, z)) < 0 && (h = asg_free_slot(s, a, p, -1)) < 0)
		return -1;
	a->phase[SLOT(a, h)] = ASG_LAUNCHING;
	eng_schedule(&s->eng, &a->ev[SLOT(a, h)], s->eng.now + 1 +
		     s_to_us(dist_sample(&a->sc->launch, a->launch)), cas_host_ev);
	a->launching++;
	return h;
}

/* Units launching or in service. */
static int64_t asg_units(const sim_asg *a)
{
	int64_t u = 0;

	for (int32_t h = a->first; h < a->first + a->n; h++)
		if (asg_counted(a, h))
			u += asg_weight(a, h);
	return u;
}

/* The warm pool holds max(minSize, maxGroupPreparedCapacity (maxSize by
 * default) - the group's desired capacity) instances: new ones are
 * launched into it (cold) when it is short, the newest ready ones are
 * terminated when it is over. */
static void asg_fill_warm(sim *s, sim_asg *a)
{
	const sc_asg *g = a->sc;
	int64_t prepared = g->warm_prepared >= 0 ? g->warm_prepared : g->max_size, target, n = 0;

	if (!g->warm)
		return;
	target = prepared - asg_units(a);
	if (target < g->warm_min)
		target = g->warm_min;
	for (int32_t h = a->first; h < a->first + a->n; h++)
		n += a->phase[SLOT(a, h)] == ASG_WARM || a->phase[SLOT(a, h)] == ASG_WARMING;
	for (int32_t h = a->first; h < a->first + a->n && n < target; h++)
		if (a->phase[SLOT(a, h)] == ASG_FREE) {
			a->phase[SLOT(a, h)] = ASG_WARMING;
			eng_schedule(&s->eng, &a->ev[SLOT(a, h)], s->eng.now + 1 +
				     s_to_us(dist_sample(&g->launch, a->warm_launch)), cas_host_ev);
			n++;
		}
	for (int32_t h = a->first + a->n - 1; h >= a->first && n > target; h--)
		if (a->phase[SLOT(a, h)] == ASG_WARM) {
			asg_warm_running(s, a, h, 0);
			a->phase[SLOT(a, h)] = ASG_FREE;
			n--;
		}
}

/* The spot rule (failures.spotInterruptions) of host h's type, -1 none. */
static int asg_spot_rule(const sim *s, int32_t h)
{
	const sc_failures *f = &s->sc->failures;
	int r = -1;

	for (int k = 0; k < f->spot_rules; k++)
		if (f->spot[k].type == s->cl.hosts[h].type || (f->spot[k].type < 0 && r < 0))
			r = k;
	return r;
}

/* A Spot instance in service: its notice is drawn; with Capacity
 * Rebalancing its rebalance recommendation comes rebalanceRecommendationLead
 * before it (EC2 documents that it can come earlier, not by how much). */
static void asg_spot_start(sim *s, sim_asg *a, int32_t h)
{
	int r = asg_spot_rule(s, h);
	int32_t k = SLOT(a, h);
	int64_t at;

	if (!s->host_spot[h] || r < 0)
		return;
	a->notice_at[k] = s->eng.now + 1 +
			  s_to_us(dist_sample(&s->sc->failures.spot[r].ttf, a->spot));
	at = a->notice_at[k];
	a->spot_next[k] = SPOT_NOTICE;
	if (a->sc->rebalance) {
		at -= s_to_us(dist_sample(&a->sc->rebalance_lead, a->spot));
		if (at <= s->eng.now)
			at = s->eng.now + 1;
		a->spot_next[k] = SPOT_RECOMMEND;
	}
	eng_schedule(&s->eng, &a->sev[k], at, cas_spot_ev);
}

/* An instance finished launching (cold, or from the warm pool): ACTIVE. */
static void asg_launched(sim *s, sim_asg *a, int32_t h)
{
	int32_t k = SLOT(a, h), old = a->replaces[k];
	char d[200], id[24];

	if (a->billed[k]) /* it left a Running warm pool: billed as ACTIVE now */
		asg_warm_running(s, a, h, 0);
	asg_bill(s, a, h, 1);
	cl_set_state(&s->cl, h, CL_ACTIVE);
	a->phase[k] = ASG_IN_SERVICE;
	a->launching--;
	a->launched++;
	if (s->eng.now + a->sc->warmup > a->warm_until)
		a->warm_until = s->eng.now + a->sc->warmup;
	cl_host_instance_id(h, id);
	snprintf(d, sizeof(d), "instance %s of %s is ACTIVE", id,
		 s->sc->providers[a->sc->provider]);
	sim_cluster_event(s, "instance-launched", d);
	asg_spot_start(s, a, h);
	if (old >= 0) {
		/* a replacement is up: Capacity Rebalancing now terminates the
		 * instance at risk (draining it first) */
		a->replaces[k] = -1;
		s->st.spot_replacements++;
		if (a->replaced_by[SLOT(a, old)] == h && a->phase[SLOT(a, old)] == ASG_IN_SERVICE)
			asg_remove(s, a, old, "replaced by Capacity Rebalancing");
	}
	sched_capacity_back(s);
	asg_fill_warm(s, a);
}

/* ---- terminations -------------------------------------------------------- */

/* Host h leaves the group's service: its tasks (if any) die, it is DOWN
 * (or back in the warm pool with reuseOnScaleIn), its events stop. */
static void asg_terminate(sim *s, sim_asg *a, int32_t h, enum task_kill why)
{
	int32_t k = SLOT(a, h);
	int32_t n = s->cl.hosts[h].ntasks;
	int was = a->phase[k];
	char d[300], id[24];

	if (was == ASG_TERMINATING && n > 0 && s->eng.now < a->deadline[k])
		a->early_terminations++;
	eng_cancel(&s->eng, &a->ev[k]);
	eng_cancel(&s->eng, &a->sev[k]);
	a->spot_next[k] = SPOT_NONE;
	if (a->replaced_by[k] >= 0) /* its replacement stays, as an instance of its own */
		a->replaces[SLOT(a, a->replaced_by[k])] = -1;
	a->replaced_by[k] = -1;
	if (n > 0) {
		a->drain_kills += n;
		cl_host_instance_id(h, id);
		snprintf(d, sizeof(d), "instance %s of %s terminated with %d tasks on it (%s)", id,
			 s->sc->providers[a->sc->provider], (int)n,
			 why == TASK_KILL_SPOT ? "Spot interruption" :
			 was == ASG_TERMINATING ? "draining deadline" : "no managed draining");
		sim_cluster_event(s, "instance-terminated", d);
		task_kill_all(s, h, why);
	}
	if (s->cl.hosts[h].state != CL_DOWN)
		cl_set_state(&s->cl, h, CL_DOWN);
	asg_bill(s, a, h, 0);
	if (s->maint->drained_by[h] >= s->sc->ndrains)
		s->maint->drained_by[h] = -1;
	a->phase[k] = ASG_FREE;
	a->terminated++;
	if (a->sc->warm && a->sc->warm_reuse && why != TASK_KILL_SPOT) {
		a->phase[k] = ASG_WARM; /* stopped and back in the pool */
		asg_warm_running(s, a, h, 1);
	}
	asg_wake_daemons(s);
	asg_fill_warm(s, a);
}

/* Standalone tasks on an instance managed draining terminates get SIGTERM
 * and stop within their stopTimeout, unless they end first (managed
 * instance draining stops tasks whether a service or RunTask launched
 * them). */
static void cas_standalone_stopped(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_task *t = ENG_CONTAINER_OF(ev, sim_task, ev);
	int32_t h = t->ct.host;
	char id[24], reason[128];

	cl_host_instance_id(h, id);
	snprintf(reason, sizeof(reason), "Container instance %s is being terminated (managed "
		 "instance draining)", id);
	s->st.stopped++;
	sim_report_task(s, t, SIM_END_DRAINED, NULL, "TerminationNotice", reason);
	cl_unplace(&s->cl, &t->ct);
	SIM_HOOK(s, task_ended, t, SIM_END_DRAINED, h);
	task_free(s, t);
}

static void asg_stop_standalone(sim *s, int32_t h)
{
	for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
		sim_task *t = ENG_CONTAINER_OF(ct, sim_task, ct);
		int64_t at = s->eng.now + (t->wl >= 0 ?
			s->sc->taskdefs[s->sc->workloads[t->wl].taskdef].stop_timeout :
			30 * USEC_PER_SEC);
		if (t->svc >= 0 || !eng_pending(&t->ev) || t->ev.time <= at)
			continue;
		eng_cancel(&s->eng, &t->ev);
		eng_schedule(&s->eng, &t->ev, at, cas_standalone_stopped);
	}
}

/* Host h is to leave service (scale-in, Capacity Rebalancing): empty, it
 * goes at once; else with managed draining it is drained (service tasks
 * replaced within their rolling bounds, standalone ones stopped, daemons
 * last) and goes once empty or at managedDrainingTimeout; without, its
 * tasks die with it. */
static void asg_remove(sim *s, sim_asg *a, int32_t h, const char *why)
{
	int32_t k = SLOT(a, h);
	char d[300], id[24];

	eng_cancel(&s->eng, &a->ev[k]);
	if (s->cl.hosts[h].ntasks == 0 || !a->sc->draining) {
		asg_terminate(s, a, h, TASK_KILL_SCALE_IN);
		return;
	}
	a->phase[k] = ASG_TERMINATING;
	a->deadline[k] = s->eng.now + a->sc->drain_timeout;
	a->drained++;
	eng_schedule(&s->eng, &a->ev[k], a->deadline[k], cas_host_ev);
	cl_host_instance_id(h, id);
	snprintf(d, sizeof(d), "instance %s of %s is DRAINING before it is terminated (%s)", id,
		 s->sc->providers[a->sc->provider], why);
	sim_cluster_event(s, "instance-draining", d);
	asg_stop_standalone(s, h);
	if (s->maint->drained_by[h] < 0)
		maint_drain_host(s, h, s->sc->ndrains + 1);
	else /* drained already (maintenance, Spot): the group's now, to its end */
		s->maint->drained_by[h] = s->sc->ndrains + 1;
	if (s->cl.hosts[h].ntasks == 0 && a->phase[k] == ASG_TERMINATING) {
		eng_cancel(&s->eng, &a->ev[k]);
		eng_schedule(&s->eng, &a->ev[k], s->eng.now, cas_host_ev);
	}
}

/* A task left host h: a draining instance that is now empty goes. */
static void cas_host_left(sim *s, int32_t h)
{
	sim_asg *a = asg_of(s, h);
	int32_t k;

	if (!a || a->phase[k = SLOT(a, h)] != ASG_TERMINATING || s->cl.hosts[h].ntasks > 0)
		return;
	eng_cancel(&s->eng, &a->ev[k]);
	eng_schedule(&s->eng, &a->ev[k], s->eng.now, cas_host_ev);
}

static void cas_task_ended(sim *s, sim_task *t, enum sim_end why, int32_t host)
{
	cas_host_left(s, host);
}

static void cas_service_task_gone(sim *s, sim_service *v, int32_t host)
{
	cas_host_left(s, host);
}

/* A host's own event: its launch ends, its warm-up into the pool ends, or
 * its draining ends (empty, or the deadline). */
static void cas_host_ev(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);

	for (int g = 0; g < s->cas->nasgs; g++) {
		sim_asg *a = &s->cas->asgs[g];
		int32_t h;
		if (ev < a->ev || ev >= a->ev + a->n)
			continue;
		h = a->first + (int32_t)(ev - a->ev);
		switch (a->phase[SLOT(a, h)]) {
		case ASG_LAUNCHING: asg_launched(s, a, h); break;
		case ASG_WARMING:
			a->phase[SLOT(a, h)] = ASG_WARM;
			asg_warm_running(s, a, h, 1);
			break;
		case ASG_TERMINATING: asg_terminate(s, a, h, TASK_KILL_SCALE_IN); break;
		default: break;
		}
		return;
	}
}

/* ---- Spot ---------------------------------------------------------------- */

/* A Spot instance's rebalance recommendation, interruption notice and
 * termination.  At the recommendation, Capacity Rebalancing launches a
 * replacement (and terminates the instance once it is up); at the
 * termination an instance still counted is replaced by the group (its
 * health check), unless a replacement is on its way. */
static void cas_spot_ev(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_asg *a = NULL;
	int32_t h = -1, k, r;

	for (int g = 0; g < s->cas->nasgs && !a; g++)
		if (ev >= s->cas->asgs[g].sev && ev < s->cas->asgs[g].sev + s->cas->asgs[g].n) {
			a = &s->cas->asgs[g];
			h = a->first + (int32_t)(ev - a->sev);
		}
	if (!a)
		return;
	k = SLOT(a, h);
	switch (a->spot_next[k]) {
	case SPOT_RECOMMEND:
		maint_spot_event(s, h, "spot-rebalance-recommendation",
				 "got a rebalance recommendation");
		if (a->phase[k] == ASG_IN_SERVICE && a->replaced_by[k] < 0 &&
		    (r = asg_launch(s, a, asg_units(a) + asg_weight(a, h), 1)) >= 0) {
			a->replaced_by[k] = r;
			a->replaces[SLOT(a, r)] = h;
			a->rebalances++;
		}
		a->spot_next[k] = SPOT_NOTICE;
		eng_schedule(e, ev, a->notice_at[k] > e->now ? a->notice_at[k] : e->now + 1,
			     cas_spot_ev);
		break;
	case SPOT_NOTICE:
		maint_spot_notice(s, h);
		a->spot_next[k] = SPOT_TERMINATE;
		eng_schedule(e, ev, e->now + s->sc->failures.spot_notice, cas_spot_ev);
		break;
	case SPOT_TERMINATE: {
		int counted = a->phase[k] == ASG_IN_SERVICE;
		int32_t w = asg_weight(a, h), coming = a->replaced_by[k];
		s->st.spot_interruptions++;
		for (cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
			const sim_task *t = ENG_CONTAINER_OF(ct, const sim_task, ct);
			s->st.spot_tasks_killed += t->svc >= 0 && t->state <= SIM_RUNNING;
		}
		maint_spot_event(s, h, "spot-instance-terminated", "terminated");
		asg_terminate(s, a, h, TASK_KILL_SPOT);
		if (coming >= 0) /* Capacity Rebalancing's replacement is on its way */
			a->replaces[SLOT(a, coming)] = h;
		else if (counted && (r = asg_launch(s, a, asg_units(a) + w, 0)) >= 0)
			a->replaces[SLOT(a, r)] = h;
		break;
	}
	default:
		break;
	}
}

/* ---- ECS managed scaling ------------------------------------------------- */

/* A bin of the scale-out estimate: what is left of an instance. */
typedef struct asg_bin {
	int64_t cpu, mem, gpu, eni;
	const uint32_t *ports[4];   /* static port lists of its tasks (one each) */
	int nports;
} asg_bin;

static int asg_fits(const asg_bin *b, const cl_req *r)
{
	if (b->cpu < r->cpu || b->mem < r->mem || b->gpu < r->gpu || b->eni < r->eni)
		return 0;
	if (r->nports == 0)
		return 1;
	for (int i = 0; i < b->nports; i++)
		if (b->ports[i] == r->ports)
			return 0;
	return b->nports < 4;
}

static void asg_put(asg_bin *b, const cl_req *r)
{
	b->cpu -= r->cpu;
	b->mem -= r->mem;
	b->gpu -= r->gpu;
	b->eni -= r->eni;
	if (r->nports)
		b->ports[b->nports++] = r->ports;
}

/* A waiting task and its largest share of an instance, for sorting. */
typedef struct asg_item {
	double share;
	int64_t order;              /* queue order: ties keep it (qsort is not stable) */
	const cl_req *req;
} asg_item;

static int cmp_share(const void *x, const void *y)
{
	const asg_item *a = x, *b = y;

	if (a->share != b->share)
		return a->share < b->share ? 1 : -1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Instances the tasks waiting for the group's capacity need (ECS's
 * managed scale-out): each resource's smallest and largest value over
 * the group's instance types make a smallest and a largest instance; a
 * task that does not fit the smallest is left out (it cannot run here),
 * the others are binpacked by CPU, memory, GPUs, ENIs and static ports on
 * largest instances.  ECS groups the tasks by their requirements first
 * and documents no more; ecsim packs them all together, largest share
 * first, first fit over the newest 64 bins. */
static int64_t cas_needed(const sim *s, const sim_asg *a)
{
	const sc_asg *g = a->sc;
	asg_bin big = { 0 }, small = { INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX, { 0 }, 0 };
	asg_item *items;
	int64_t n = 0, nb = 0;
	asg_bin *bins;

	if ((n = cp_nwaiting(s, g->provider)) == 0)
		return 0;
	for (int p = 0; p < g->npools; p++) {
		const sc_instance_type *it = &s->sc->types[g->pools[p].type];
		int64_t v[4] = { it->cpu, it->memory, it->gpus, sc_task_enis(s->sc, it) };
		int64_t *bv[4] = { &big.cpu, &big.mem, &big.gpu, &big.eni };
		int64_t *sv[4] = { &small.cpu, &small.mem, &small.gpu, &small.eni };
		for (int r = 0; r < 4; r++) {
			if (v[r] > *bv[r])
				*bv[r] = v[r];
			if (v[r] < *sv[r])
				*sv[r] = v[r];
		}
	}
	items = xmalloc((size_t)n * sizeof(*items));
	bins = xcalloc((size_t)n + 1, sizeof(*bins));
	n = 0;
	for (int64_t i = 0; i < cp_nwaiting(s, g->provider); i++) {
		const cl_req *r = &cp_waiting(s, g->provider, i)->ct.req;
		double c = big.cpu ? (double)r->cpu / (double)big.cpu : 0;
		double m = big.mem ? (double)r->mem / (double)big.mem : 0;
		if (!asg_fits(&small, r))
			continue;
		items[n].share = c > m ? c : m;
		items[n].order = n;
		items[n++].req = r;
	}
	qsort(items, (size_t)n, sizeof(*items), cmp_share);
	for (int64_t i = 0; i < n; i++) {
		int64_t b = nb - 64 > 0 ? nb - 64 : 0;
		while (b < nb && !asg_fits(&bins[b], items[i].req))
			b++;
		if (b == nb)
			bins[nb++] = big;
		asg_put(&bins[b], items[i].req);
	}
	free(items);
	free(bins);
	return nb;
}

/* Instances to remove on scale-in, down to target_u units: with managed
 * termination protection only instances with no non-daemon task, the
 * newest first (ECS lifts their scale-in protection); without it the
 * group's default termination policy: the purchase option above its share
 * (mixed instances), the zone with the most instances, the pool its
 * allocation strategy ranks last, then at random (the launch template and
 * billing-hour steps do not apply: one template, per-second billing).
 * Returns how many instances it removed; *u drops by their units. */
static int64_t asg_scale_in(sim *s, sim_asg *a, int64_t target_u, int64_t *u)
{
	const sc_asg *g = a->sc;
	int32_t *cand = xmalloc((size_t)a->n * sizeof(*cand));
	int64_t k = 0;

	if (g->protect) {
		for (int32_t h = a->first + a->n - 1; h >= a->first && *u > target_u; h--)
			if (a->phase[SLOT(a, h)] == ASG_IN_SERVICE && cas_service_load(s, h) == 0 &&
			    *u - asg_weight(a, h) >= target_u) {
				*u -= asg_weight(a, h);
				asg_remove(s, a, h, "scale-in");
				k++;
			}
		free(cand);
		return k;
	}
	while (*u > target_u) {
		int64_t zc[SC_MAX_ZONES] = { 0 }, od = asg_option_units(a, 0);
		int spot = g->noverrides && od <= asg_od_target(g, target_u);
		int32_t nc = 0, zbest = -1, h;
		for (int pass = 0; pass < 2 && nc == 0; pass++) {
			for (h = a->first; h < a->first + a->n; h++)
				if (asg_counted(a, h))
					zc[s->cl.hosts[h].zone]++;
			for (h = a->first; h < a->first + a->n; h++)
				if (a->phase[SLOT(a, h)] == ASG_IN_SERVICE &&
				    *u - asg_weight(a, h) >= target_u &&
				    (!g->noverrides || g->pools[asg_pool(a, h)].spot == (pass ? !spot : spot)) &&
				    (zbest < 0 || zc[s->cl.hosts[h].zone] > zc[zbest]))
					zbest = s->cl.hosts[h].zone;
			for (h = a->first; zbest >= 0 && h < a->first + a->n; h++) {
				int p = asg_pool(a, h);
				if (a->phase[SLOT(a, h)] != ASG_IN_SERVICE || s->cl.hosts[h].zone != zbest ||
				    *u - asg_weight(a, h) < target_u ||
				    (g->noverrides && g->pools[p].spot != (pass ? !spot : spot)))
					continue;
				/* the pool ranked last by the allocation strategy goes first */
				if (nc > 0 && asg_pool(a, cand[0]) != p) {
					if (asg_before(s, a, p, asg_pool(a, cand[0])))
						continue;
					nc = 0;
				}
				cand[nc++] = h;
			}
			for (int z = 0; z < SC_MAX_ZONES; z++)
				zc[z] = 0;
		}
		if (nc == 0)
			break;
		h = cand[nc > 1 ? gsl_rng_uniform_int(a->pick, (unsigned long)nc) : 0];
		*u -= asg_weight(a, h);
		asg_remove(s, a, h, "scale-in");
		k++;
	}
	free(cand);
	return k;
}

/* Every minute: CapacityProviderReservation = M / N x 100, with M the
 * instances that run non-daemon tasks plus those the waiting tasks need
 * (cas_needed), and N the instances in service or launching (draining
 * ones are leaving and count in neither).  Above targetCapacity (one
 * datapoint) and with no instance launching or warming up, scale out to
 * ceil(M x 100 / target) (2 from none), by minimumScalingStepSize ..
 * maximumScalingStepSize; below it for 15 datapoints, scale in towards
 * that (asg_scale_in).  Always within minSize .. maxSize.  A weighted
 * group (instance weighting) counts its size in capacity units: ECS's
 * target tracking sets the desired capacity in proportion, ceil(goal x
 * units / instances), and the step sizes bound units. */
static void cas_tick(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_asg *a = ENG_CONTAINER_OF(ev, sim_asg, tick);
	const sc_asg *c = a->sc;
	const char *name = s->sc->providers[c->provider];
	int64_t n = 0, u = 0, busy = 0, need, m, goal;
	char d[300];

	for (int32_t h = a->first; h < a->first + a->n; h++)
		if (asg_counted(a, h)) {
			n++;
			u += asg_weight(a, h);
			busy += a->phase[SLOT(a, h)] == ASG_IN_SERVICE && cas_service_load(s, h) > 0;
		}
	need = cas_needed(s, a);
	m = busy + need;
	a->reservation = n > 0 ? 100.0 * (double)m / (double)n : m > 0 ? 200 : 100;
	goal = n == 0 && m > 0 ? 2 : (m * 100 + c->target - 1) / c->target;
	if (c->weighted && n > 0)
		goal = (goal * u + n - 1) / n;
	goal = goal < c->min_size ? c->min_size : goal > c->max_size ? c->max_size : goal;
	if ((a->reservation > c->target || u < c->min_size) && goal > u) {
		a->below = 0;
		if (a->launching == 0 && e->now >= a->warm_until) {
			int64_t step = goal - u, k = 0, target;
			step = step < c->min_step ? c->min_step : step > c->max_step ? c->max_step : step;
			if (u + step > c->max_size)
				step = c->max_size - u;
			for (target = u + step; u < target; k++) {
				int32_t h = asg_launch(s, a, target, 0);
				if (h < 0)
					break;
				u += asg_weight(a, h);
			}
			a->scale_outs++;
			snprintf(d, sizeof(d), "%s scaled out from %lld to %lld instances "
				 "(CapacityProviderReservation %.4g > %d)", name, (long long)n,
				 (long long)(n + k), a->reservation, (int)c->target);
			sim_cluster_event(s, "cluster-scale-out", d);
			asg_fill_warm(s, a);
		}
	} else if (a->reservation < c->target && goal < u) {
		if (++a->below >= 15 && a->launching == 0) {
			int64_t step = u - goal, k;
			step = step < c->min_step ? c->min_step : step > c->max_step ? c->max_step : step;
			if (u - step < c->min_size)
				step = u - c->min_size;
			k = asg_scale_in(s, a, u - step, &u);
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
	eng_schedule(&s->eng, ev, e->now + SIM_MINUTE, cas_tick);
}

/* Managed groups' hosts come after the base hosts (they never fail at
 * random): each pool's slots, those not in service DOWN.  A plain group
 * has its instances entry's count in service at time 0 (the first slots);
 * a mixed one launches that many units by its instances distribution. */
static int cas_add_hosts(sim *s, const sim_opts *o, ecs_err *e)
{
	const scenario *sc = s->sc;
	sim_cluster_scaling *c = s->cas;

	c->nasgs = sc->nasgs;
	c->asgs = xcalloc((size_t)sc->nasgs + 1, sizeof(*c->asgs));
	for (int g = 0; g < sc->nasgs; g++) {
		sim_asg *a = &c->asgs[g];
		const sc_instances *in = &sc->instances[sc->asgs[g].group];
		size_t n;
		int64_t grr = 0;
		a->sc = &sc->asgs[g];
		a->first = s->cl.nhosts;
		a->n = (int32_t)a->sc->nhosts;
		a->pool_first = xcalloc((size_t)a->sc->npools + 1, sizeof(*a->pool_first));
		for (int p = 0; p < a->sc->npools; p++) {
			sc_instances pin = *in;
			pin.type = a->sc->pools[p].type;
			pin.spot = a->sc->pools[p].spot;
			a->pool_first[p] = s->cl.nhosts;
			setup_add_instances(s, &pin, a->sc->pools[p].slots, &grr);
		}
		n = (size_t)a->n + 1;
		a->pool_of = xcalloc(n, sizeof(*a->pool_of));
		for (int p = 0; p < a->sc->npools; p++)
			for (int64_t k = 0; k < a->sc->pools[p].slots; k++)
				a->pool_of[a->pool_first[p] - a->first + k] = (int16_t)p;
		a->phase = xcalloc(n, 1);
		a->billed = xcalloc(n, 1);
		a->spot_next = xcalloc(n, 1);
		a->replaced_by = xmalloc(n * sizeof(*a->replaced_by));
		a->replaces = xmalloc(n * sizeof(*a->replaces));
		a->notice_at = xcalloc(n, sizeof(*a->notice_at));
		a->deadline = xcalloc(n, sizeof(*a->deadline));
		a->ev = xcalloc(n, sizeof(*a->ev));
		a->sev = xcalloc(n, sizeof(*a->sev));
		for (int32_t k = 0; k < a->n; k++)
			a->replaced_by[k] = a->replaces[k] = -1;
		a->launch = rng_stream_new(s->seed, "instance-launch", (uint64_t)g);
		a->warm_launch = rng_stream_new(s->seed, "instance-launch-warm", (uint64_t)g);
		a->pick = rng_stream_new(s->seed, "asg-termination", (uint64_t)g);
		a->spot = rng_stream_new(s->seed, "asg-spot", (uint64_t)g);
		for (int32_t h = a->first; h < a->first + a->n; h++)
			cl_set_state(&s->cl, h, CL_DOWN);
		for (int64_t u = 0; u < in->count;) {
			int32_t h;
			int p = a->sc->noverrides ? asg_pick_pool(s, a, in->count, asg_zone(s, a), 0) : 0;
			if (p < 0)
				break;
			if (!a->sc->noverrides)
				h = a->first + (int32_t)u;
			else if ((h = asg_free_slot(s, a, p, asg_zone(s, a))) < 0 &&
				 (h = asg_free_slot(s, a, p, -1)) < 0)
				break;
			a->phase[SLOT(a, h)] = ASG_IN_SERVICE;
			a->billed[SLOT(a, h)] = 1; /* metrics_init counts the hosts up */
			cl_set_state(&s->cl, h, CL_ACTIVE);
			u += a->sc->pools[p].weight;
		}
	}
	return 0;
}

/* Time 0: warm pools are prepared already, Spot instances in service have
 * their notices drawn, and the first reservation is taken at 60 s. */
static void cas_start(sim *s)
{
	for (int g = 0; g < s->cas->nasgs; g++) {
		sim_asg *a = &s->cas->asgs[g];
		if (a->sc->warm) {
			asg_fill_warm(s, a);
			for (int32_t h = a->first; h < a->first + a->n; h++)
				if (a->phase[SLOT(a, h)] == ASG_WARMING) {
					eng_cancel(&s->eng, &a->ev[SLOT(a, h)]);
					a->phase[SLOT(a, h)] = ASG_WARM;
					asg_warm_running(s, a, h, 1);
				}
		}
		for (int32_t h = a->first; h < a->first + a->n; h++)
			if (a->phase[SLOT(a, h)] == ASG_IN_SERVICE)
				asg_spot_start(s, a, h);
		eng_schedule(&s->eng, &a->tick, SIM_MINUTE, cas_tick);
	}
}

static void cas_destroy(sim *s)
{
	for (int g = 0; g < s->cas->nasgs; g++) {
		sim_asg *a = &s->cas->asgs[g];
		free(a->pool_first);
		free(a->pool_of);
		free(a->phase);
		free(a->billed);
		free(a->spot_next);
		free(a->replaced_by);
		free(a->replaces);
		free(a->notice_at);
		free(a->deadline);
		free(a->ev);
		free(a->sev);
		if (a->launch)
			gsl_rng_free(a->launch);
		if (a->warm_launch)
			gsl_rng_free(a->warm_launch);
		if (a->pick)
			gsl_rng_free(a->pick);
		if (a->spot)
			gsl_rng_free(a->spot);
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
	.service_task_gone = cas_service_task_gone,
	.task_ended = cas_task_ended,
};
