/* setup.h - building the model from the scenario: the hosts of $.cluster
 * (and those of an instances entry, for the managed groups), placement
 * requests with their constraints compiled against the cluster, and
 * strategy chains.  A library of the kernel and the modules; no module of
 * its own and no state.
 */
#ifndef ECS_MODEL_SETUP_H
#define ECS_MODEL_SETUP_H

#include "types.h"

/* The cluster and the hosts of $.cluster's unmanaged instances entries
 * (sim.base_hosts of them); sim.host_spot sized for the managed groups'
 * hosts too. */
void setup_cluster(sim *s);
/* Adds n hosts as instances entry in describes them; *rr deals zones
 * round-robin. */
void setup_add_instances(sim *s, const sc_instances *in, int64_t n, int64_t *rr);
/* The request of task definition td placed by pl (constraints of both)
 * in group; memberOf compiled into *mo (free with setup_free_member_of).
 * Errors are "file: $.path: message". */
int setup_req(sim *s, cl_req *r, struct qry ***mo, int32_t td, const sc_placement *pl,
	      int32_t group, ecs_err *e);
/* Constraints all[0..n-1] into r (distinctInstance as a flag). */
int setup_constraints(sim *s, cl_req *r, struct qry ***mo, const sc_constraint *const *all,
		      int n, ecs_err *e);
/* The chain of pl (or --strategy, or ECS's default for a service or a
 * standalone task); its faults go to sim.err. */
int setup_chain(sim *s, st_chain *c, const sc_placement *pl, int is_service,
		const sim_opts *o, ecs_err *e);
/* Frees a request's compiled memberOf list (NULL is fine). */
void setup_free_member_of(struct qry **mo, int n);

#endif
