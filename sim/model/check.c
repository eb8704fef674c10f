/* check.c - the invariants --check verifies after every event (sim_check,
 * declared in sim.h): the cluster's bookkeeping, each service's counts,
 * and that no task is lost.  Reads every module; changes nothing. */
#include "model.h"
#include "lifecycle.h"
#include "sim/cluster/gpufrag.h"
#include "capacity.h"
#include "cluster_scaling.h"

#include <stdio.h>

/* A task waiting for capacity holds nothing: it is on no host, marked
 * waiting, in its provider's queue, and the queues hold every task the
 * totals say waits. */
static int check_waiting(const sim *s, char *buf, size_t n)
{
	int64_t total = 0;

	for (int32_t p = 0; p < s->sc->nproviders; p++)
		for (int64_t i = 0; i < cp_nwaiting(s, p); i++) {
			const sim_task *t = cp_waiting(s, p, i);
			if (!t->waiting || t->ct.host >= 0 || t->start >= 0) {
				snprintf(buf, n, "task %lld waits for capacity of %s but holds a host "
					 "(host %d, placed at %lld us)", (long long)t->id,
					 s->sc->providers[p], t->ct.host, (long long)t->start);
				return -1;
			}
			total++;
		}
	if (total != s->st.provisioning) {
		snprintf(buf, n, "%lld tasks wait for capacity, the totals say %lld",
			 (long long)total, (long long)s->st.provisioning);
		return -1;
	}
	return 0;
}

/* A draining instance of a managed group terminates only when empty or at
 * its deadline: it takes no task (DRAINING), its end is due by the
 * deadline, at once when it is empty, and none left early. */
static int check_draining(const sim *s, char *buf, size_t n)
{
	for (int g = 0; g < s->cas->nasgs; g++) {
		const sim_asg *a = &s->cas->asgs[g];
		char id[24];
		if (a->early_terminations) {
			snprintf(buf, n, "%s: %lld draining instances terminated with tasks before "
				 "their deadline", s->sc->providers[a->sc->provider],
				 (long long)a->early_terminations);
			return -1;
		}
		for (int32_t k = 0; k < a->n; k++) {
			const cl_host *ho = &s->cl.hosts[a->first + k];
			const eng_event *ev = &a->ev[k];
			if (a->phase[k] != ASG_TERMINATING)
				continue;
			if (ho->state != CL_DRAINING || !eng_pending(ev) || ev->time > a->deadline[k] ||
			    (ho->ntasks == 0 && ev->time != s->eng.now)) {
				cl_host_instance_id(a->first + k, id);
				snprintf(buf, n, "draining instance %s: state %d, %d tasks, end %s at "
					 "%lld us, deadline %lld us", id, ho->state, ho->ntasks,
					 eng_pending(ev) ? "due" : "not due", (long long)ev->time,
					 (long long)a->deadline[k]);
				return -1;
			}
		}
	}
	return 0;
}

/* What the service keeps about its task list is right: the tasks of other
 * generations are counted right and are the ones from old_head on
 * (deploy_replace starts there), and FARGATE's per-zone counts hold. */
static int check_service_counts(const sim *s, const sim_service *v, char *buf, size_t n)
{
	int64_t active = 0, healthy = 0, live[SC_MAX_ZONES + 1] = { 0 };
	int64_t stop[SC_MAX_ZONES + 1] = { 0 };
	int old = v->old_head == NULL;

	for (const sim_task *t = v->tasks; t; t = t->snext) {
		if (t->fargate && t->state <= SIM_RUNNING)
			live[t->zone]++;
		if (t->fargate && t->state == SIM_RUNNING && t->gen == v->gen)
			stop[t->zone]++;
		old |= t == v->old_head;
		if (t->gen != v->gen && !old) {
			snprintf(buf, n, "task %lld of generation %d comes before old_head",
				 (long long)t->id, t->gen);
			return -1;
		}
		if (t->gen != v->gen && t->state <= SIM_RUNNING)
			active++;
		if (t->gen != v->gen && t->state == SIM_RUNNING && t->healthy)
			healthy++;
	}
	if (!old || active != v->old_active || healthy != v->old_healthy) {
		snprintf(buf, n, "old tasks: %lld active, %lld healthy; counted %lld and %lld%s",
			 (long long)active, (long long)healthy, (long long)v->old_active,
			 (long long)v->old_healthy, old ? "" : "; old_head is not in the list");
		return -1;
	}
	for (int i = 0; i < v->sc->ncps; i++) {
		int64_t c = 0;
		for (const sim_task *t = v->tasks; t; t = t->snext)
			c += life_cp_counted(v, t) && t->cp == i;
		if (c != v->cp_n[i]) {
			snprintf(buf, n, "capacityProviderStrategy[%d] has %lld tasks, not %lld", i,
				 (long long)c, (long long)v->cp_n[i]);
			return -1;
		}
	}
	for (int z = 0; z < s->sc->nzones; z++)
		if (live[z] != v->zone_live[z] || stop[z] != v->zone_stoppable[z]) {
			snprintf(buf, n, "zone %s has %lld starting or RUNNING FARGATE tasks and %lld "
				 "stoppable, not %lld and %lld", s->sc->zones[z], (long long)live[z],
				 (long long)stop[z], (long long)v->zone_live[z],
				 (long long)v->zone_stoppable[z]);
			return -1;
		}
	return 0;
}

/* No task protected from scale-in was stopped by a scale-in, a deployment
 * or AZ rebalancing (it is seen while it stops).  AZ rebalancing stays
 * within the rolling bounds: while a move is in flight, starting and
 * RUNNING tasks stay within floor(desired x maximumPercent / 100) (or
 * desiredCount, when that is lower), and no healthy task was stopped for
 * it below the lower bound. */
static int check_stops(const sim *s, const sim_service *v, char *buf, size_t n)
{
	int64_t upper = v->desired * v->sc->max_pct / 100, want = 0;

	for (int z = 0; v->zone_want && z < s->sc->nzones; z++)
		want += v->zone_want[z];
	if (upper < v->desired)
		upper = v->desired;
	if ((v->moving || want) && sim_service_active(v) > upper) {
		snprintf(buf, n, "AZ rebalancing: %lld tasks starting or RUNNING, more than %lld "
			 "(maximumPercent %d)", (long long)sim_service_active(v), (long long)upper,
			 v->sc->max_pct);
		return -1;
	}
	for (const sim_task *t = v->stopping ? v->tasks : NULL; t; t = t->snext) {
		enum sim_end why = (enum sim_end)t->stop_why;
		if (t->state > SIM_RUNNING && sim_svc_task_of((sim_task *)t)->stop_protected &&
		    (why == SIM_END_SCALED_IN || why == SIM_END_REPLACED ||
		     why == SIM_END_REBALANCED)) {
			snprintf(buf, n, "task %lld was protected from scale-in when it was stopped "
				 "(%s)", (long long)t->id, sim_end_name(why));
			return -1;
		}
	}
	if (v->rebal_below) {
		snprintf(buf, n, "AZ rebalancing stopped a healthy task below the lower bound "
			 "(minimumHealthyPercent %d)", v->sc->min_healthy_pct);
		return -1;
	}
	return 0;
}

int sim_check(sim *s, ecs_err *e)
{
	char buf[600];
	int64_t open = s->st.placed - s->st.completed - s->st.killed - s->st.stopped;

	if (s->eng.now < s->last_event_time)
		return err_set(e, "check failed at t=%.6fs (event %llu): time went back from "
			       "%.6fs", us_to_s(s->eng.now), (unsigned long long)s->eng.executed,
			       us_to_s(s->last_event_time));
	s->last_event_time = s->eng.now;
	if (cl_check_invariants(&s->cl, buf, sizeof(buf)) < 0 ||
	    (s->cl.frag && gf_check(s->cl.frag, &s->cl, buf, sizeof(buf)) < 0))
		return err_set(e, "check failed at t=%.6fs (event %llu): %s", us_to_s(s->eng.now),
			       (unsigned long long)s->eng.executed, buf);
	for (int i = 0; i < s->nsvcs; i++) {
		const sim_service *v = &s->svcs[i];
		if (v->pending < 0 || v->running < 0 || v->stopping < 0 || v->healthy < 0 ||
		    v->healthy > v->running)
			return err_set(e, "check failed at t=%.6fs (event %llu): service %s counts "
				       "pending %lld, running %lld, healthy %lld, stopping %lld",
				       us_to_s(s->eng.now), (unsigned long long)s->eng.executed,
				       v->sc->name, (long long)v->pending, (long long)v->running,
				       (long long)v->healthy, (long long)v->stopping);
		if (check_stops(s, v, buf, sizeof(buf)) < 0 ||
		    check_service_counts(s, v, buf, sizeof(buf)) < 0)
			return err_set(e, "check failed at t=%.6fs (event %llu): service %s: %s",
				       us_to_s(s->eng.now), (unsigned long long)s->eng.executed,
				       v->sc->name, buf);
	}
	if (check_waiting(s, buf, sizeof(buf)) < 0 || check_draining(s, buf, sizeof(buf)) < 0)
		return err_set(e, "check failed at t=%.6fs (event %llu): %s", us_to_s(s->eng.now),
			       (unsigned long long)s->eng.executed, buf);
	if (s->st.submitted != s->st.placed + s->st.rejected + s->st.provisioning +
				s->st.provisioning_stopped ||
	    open != s->cl.tasks_running + s->fargate.tasks)
		return err_set(e, "check failed at t=%.6fs (event %llu): tasks not accounted for: "
			       "submitted %lld, placed %lld, rejected %lld, waiting %lld, stopped "
			       "waiting %lld, completed %lld, killed %lld, stopped %lld, on hosts %d",
			       us_to_s(s->eng.now), (unsigned long long)s->eng.executed,
			       (long long)s->st.submitted, (long long)s->st.placed,
			       (long long)s->st.rejected, (long long)s->st.provisioning,
			       (long long)s->st.provisioning_stopped,
			       (long long)s->st.completed, (long long)s->st.killed,
			       (long long)s->st.stopped, s->cl.tasks_running);
	return 0;
}
