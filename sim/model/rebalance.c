/* rebalance.c - Availability Zone rebalancing (see rebalance.h). */
#include "model.h"
#include "rebalance.h"
#include "capacity.h"
#include "lifecycle.h"
#include "scheduler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cluster/hostindex.h"
#include "strategies/query.h"

static void rebal_check(eng *e, eng_event *ev);

int rebal_enabled(const sim_service *v)
{
	const st_chain *c = &v->chain;

	if (v->sc->daemon || v->sc->rebalancing == SC_REBAL_DISABLED)
		return 0;
	if (v->sc->rebalancing == SC_REBAL_ENABLED || v->sc->fargate)
		return 1;
	for (int i = 0; i < c->n; i++)
		if (st_step_index(&c->steps[i]) == ST_INDEX_BINPACK)
			return 0;
	return c->n > 0 && st_step_index(&c->steps[0]) == ST_INDEX_SPREAD &&
	       c->steps[0].field == CL_ATTR_ZONE;
}

/* Host h can take v's tasks: ACTIVE (the caller's), of one of v's capacity
 * providers' instances if it has any, and every memberOf holds. */
static int rebal_host_ok(const sim *s, const sim_service *v, int32_t h)
{
	const cl_req *r = &v->req_now;
	int ok = v->sc->ncps == 0;

	for (int k = 0; k < v->sc->ncps && !ok; k++)
		ok = s->capacity->part[v->index][k] == cl_host_part(&s->cl, h);
	for (int k = 0; ok && k < r->nmember_of; k++)
		ok = qry_eval(r->member_of[k], &s->cl, h);
	return ok;
}

/* The zones v can use: FARGATE's that are not out; on EC2, those with an
 * ACTIVE instance that v may be placed on (room aside).  Returns how many. */
static int rebal_usable(sim *s, const sim_service *v, uint8_t *usable)
{
	const hix *x = &s->cl.ix;
	int n = 0;

	for (int32_t z = 0; z < s->sc->nzones; z++) {
		usable[z] = 0;
		if (v->sc->fargate) {
			usable[z] = !s->zone_out[z];
		} else if (z < x->nzones) {
			for (int32_t j = 0; j < hix_zone_active(x, z) && !usable[z]; j++)
				usable[z] = (uint8_t)rebal_host_ok(s, v, hix_zone_select(x, z, j));
		}
		n += usable[z];
	}
	return n;
}

/* "3 tasks in us-east-1a, 3 in us-east-1b, and 0 in us-east-1c" (the
 * STARTED event's words; each_tasks: "tasks" after every count, as the
 * COMPLETED event writes it). */
static void rebal_counts(const sim *s, const int32_t *count, const uint8_t *usable,
			 int each_tasks, char *buf, size_t n)
{
	int nz = 0, k = 0;
	size_t len = 0;

	for (int32_t z = 0; z < s->sc->nzones; z++)
		nz += usable[z];
	buf[0] = '\0';
	for (int32_t z = 0; z < s->sc->nzones && len < n; z++) {
		if (!usable[z])
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%d %sin %s",
					k == 0 ? "" : k == nz - 1 ? (nz == 2 ? " and " : ", and ")
								  : ", ",
					count[z], k == 0 || each_tasks ? "tasks " : "",
					s->sc->zones[z]);
		k++;
	}
}

/* Whether v may be rebalanced now: in steady state (ECS starts watching a
 * service there), no deployment, nothing being replaced already (draining
 * instances, a move in flight), and a move can make progress: either
 * bound leaves room for one task (min 100 % with max 100 % cannot). */
static int rebal_ready(const sim *s, const sim_service *v)
{
	int64_t upper = v->desired * v->sc->max_pct / 100;

	if (!v->steady || v->deploying || v->drained || v->launch_blocked || v->desired <= 0)
		return 0;
	for (int32_t z = 0; z < s->sc->nzones; z++)
		if (v->zone_want[z])
			return 0;
	return upper > v->desired || sched_lower_bound(v) < v->desired;
}

/* Marks surplus tasks of zone z to move, newest first (or oldest first,
 * scheduler.azRebalancing.order): RUNNING tasks of the current deployment
 * that are not protected from scale-in.  Returns how many it marked. */
static int32_t rebal_mark(sim *s, sim_service *v, int32_t z, int32_t surplus)
{
	int32_t n = 0;

	sim_task *t = v->tasks, *last = NULL;

	if (s->sc->rebal_oldest)
		for (last = v->tasks; last && last->snext; last = last->snext)
			;
	for (t = s->sc->rebal_oldest ? last : v->tasks; t && surplus > 0;
	     t = s->sc->rebal_oldest ? t->sprev : t->snext) {
		int32_t tz = t->fargate ? t->zone : t->waiting ? -1 : s->cl.hosts[t->ct.host].zone;
		if (tz == z && t->state == SIM_RUNNING && t->gen == v->gen && !t->drained &&
		    !sim_task_protected(t, s->eng.now)) {
			life_drain(v, t, 1);
			surplus--;
			n++;
		}
	}
	return n;
}

/* Balanced: the counts of the usable zones differ by at most one.  If not,
 * targets: the count over the usable zones shared out evenly, the zones
 * with the most keeping the remainder; the surplus over a zone's target
 * moves, and v->zone_want asks for it in the zones short of theirs. */
static void rebal_service(sim *s, sim_service *v)
{
	sim_rebalance *rb = s->rebal;
	sim_rebal_service *x = &rb->x[v->index];
	int32_t *c = rb->count, nz = s->sc->nzones, lo = INT32_MAX, hi = -1, total = 0;
	int k = rebal_usable(s, v, rb->usable), rem, marked = 0;
	char counts[1024], d[1200];

	memset(c, 0, (size_t)nz * sizeof(*c));
	for (const sim_task *t = v->tasks; t; t = t->snext)
		if (t->state <= SIM_RUNNING && t->gen == v->gen && !t->drained && !t->waiting)
			c[t->fargate ? t->zone : s->cl.hosts[t->ct.host].zone]++;
	for (int32_t z = 0; z < nz; z++)
		if (rb->usable[z]) {
			lo = c[z] < lo ? c[z] : lo;
			hi = c[z] > hi ? c[z] : hi;
			total += c[z];
		}
	if (k < 2 || hi - lo <= 1) {
		if (x->started) {
			rebal_counts(s, c, rb->usable, 1, counts, sizeof(counts));
			snprintf(d, sizeof(d), "service (%s) is AZ balanced with %s.", v->sc->name,
				 counts);
			sim_service_event(s, v, "rebalancing-completed", d);
			x->started = 0;
		}
		return;
	}
	if (!x->started) {
		rebal_counts(s, c, rb->usable, 0, counts, sizeof(counts));
		snprintf(d, sizeof(d), "service (%s) is not AZ balanced with %s. AZ Rebalancing in "
			 "progress.", v->sc->name, counts);
		sim_service_event(s, v, "rebalancing-started", d);
		x->started = 1;
	}
	/* the remainder goes to the zones with the most (the first on a tie) */
	rem = total % k;
	for (int32_t z = 0; z < nz; z++)
		rb->usable[z] = rb->usable[z] ? 1 : 0;
	while (rem-- > 0) {
		int32_t best = -1;
		for (int32_t z = 0; z < nz; z++)
			if (rb->usable[z] == 1 && (best < 0 || c[z] > c[best]))
				best = z;
		rb->usable[best] = 2; /* target total / k + 1 */
	}
	/* the surplus first (protected tasks stay), then as many replacements
	 * as tasks were marked, to the zones furthest below their share */
	for (int32_t z = 0; z < nz; z++) {
		int32_t target = total / k + (rb->usable[z] == 2);
		if (rb->usable[z] && c[z] > target)
			marked += rebal_mark(s, v, z, c[z] - target);
		c[z] = rb->usable[z] ? target - c[z] : 0; /* now: the deficit */
	}
	while (marked-- > 0) {
		int32_t best = -1;
		for (int32_t z = 0; z < nz; z++)
			if (c[z] > 0 && (best < 0 || c[z] > c[best]))
				best = z;
		c[best]--;
		v->zone_want[best]++;
	}
	x->desired = v->desired;
	x->rebalanced = v->rebalanced;
	sim_service_wake_now(s, v);
}

static void rebal_check(eng *e, eng_event *ev)
{
	sim *s = sim_of(e);
	sim_rebal_service *x = ENG_CONTAINER_OF(ev, sim_rebal_service, ev);
	sim_service *v = &s->svcs[x->svc];

	if (rebal_ready(s, v))
		rebal_service(s, v);
	eng_schedule(e, ev, e->now + s->sc->rebal_interval, rebal_check);
}

/* A move is called off when the desired count changes or a deployment
 * starts (ECS does not rebalance during a deployment); once the service
 * is steady again after a move that moved a task, it is checked at once
 * rather than at the next interval (after one that moved none, say for
 * want of room, it waits for the interval). */
static void rebal_service_changed(sim *s, sim_service *v)
{
	sim_rebal_service *x;
	int moving = 0;

	if (!v->rebalancing)
		return;
	x = &s->rebal->x[v->index];
	for (int32_t z = 0; !moving && z < s->sc->nzones; z++)
		moving = v->zone_want[z] > 0;
	moving |= v->moving > 0;
	if (moving && (v->deploying || v->desired != x->desired))
		sched_cancel_moves(s, v);
	else if (!moving && x->started && v->rebalanced > x->rebalanced && rebal_ready(s, v)) {
		x->rebalanced = v->rebalanced;
		eng_cancel(&s->eng, &x->ev);
		eng_schedule(&s->eng, &x->ev, s->eng.now, rebal_check);
	}
}

static void rebal_init_service(sim *s, sim_service *v)
{
	v->rebalancing = rebal_enabled(v);
	if (v->rebalancing)
		v->zone_want = xcalloc((size_t)s->sc->nzones + 1, sizeof(*v->zone_want));
	s->rebal->x[v->index].svc = v->index;
}

static void rebal_start_service(sim *s, sim_service *v)
{
	if (v->rebalancing)
		eng_schedule(&s->eng, &s->rebal->x[v->index].ev, s->sc->rebal_interval,
			     rebal_check);
}

static void rebalance_create(sim *s)
{
	const scenario *sc = s->sc;

	s->rebal = xcalloc(1, sizeof(*s->rebal));
	s->rebal->x = xcalloc((size_t)sc->nservices + 1, sizeof(*s->rebal->x));
	s->rebal->count = xcalloc((size_t)sc->nzones + 1, sizeof(*s->rebal->count));
	s->rebal->usable = xcalloc((size_t)sc->nzones + 1, sizeof(*s->rebal->usable));
}

static void rebalance_destroy(sim *s)
{
	for (int i = 0; i < s->nsvcs; i++) {
		free(s->svcs[i].zone_want);
		s->svcs[i].zone_want = NULL;
	}
	free(s->rebal->x);
	free(s->rebal->count);
	free(s->rebal->usable);
	free(s->rebal);
}

const sim_module rebalance_module = {
	.name = "rebalance",
	.create = rebalance_create,
	.destroy = rebalance_destroy,
	.init_service = rebal_init_service,
	.start_service = rebal_start_service,
	.service_changed = rebal_service_changed,
};
