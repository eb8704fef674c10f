/* failures.h - failures of the instances of $.cluster: an instance alone
 * (drawn times to failure and repair per instance type), zone outages
 * (scheduled, and random ones that extend rather than stack) and failure
 * domains (every instance with one value of an attribute).  A host is down
 * while any cause holds it; its tasks die, and it comes back empty.
 */
#ifndef ECS_MODEL_FAILURES_H
#define ECS_MODEL_FAILURES_H

#include "types.h"
#include "task.h"

/* Failures of the base hosts only: trace machines come and go as their
 * trace says, managed groups' hosts as cluster auto scaling says. */
typedef struct sim_failures {
	int32_t *down_by;          /* per base host: causes holding it down */
	int32_t *host_rule;        /* per base host: its failures.instances rule, -1 none */
	uint8_t *inst_down;        /* per base host: down by its own failure */
	eng_event *host_ev;        /* per base host: its next failure or repair */
	int32_t *zone_down;        /* per zone: outages in progress */
	eng_event *outage_ev;      /* per scheduled zone outage: start, then end */
	eng_event rzo_ev;          /* next random zone outage */
	eng_event *rzo_end_ev;     /* per zone: end of its random outage */
	int32_t dom_attr, ndoms;   /* failure-domain attribute (-1 none), its values */
	eng_event *dom_ev;         /* per domain: failure / repair */
	uint8_t *dom_down;
	gsl_rng *fail, *zfail, *dfail; /* instance, zone outage and domain draws */
} sim_failures;

extern const struct sim_module failures_module;

/* One more cause holds base host h down: at the first its tasks die (why
 * gives their stop code). */
void fail_host_down(sim *s, int32_t h, enum task_kill why);
/* One cause less: when none is left the host is back, empty. */
void fail_host_up(sim *s, int32_t h);

#endif
