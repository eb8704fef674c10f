/* setup.h - building the model's cluster and requests from the scenario: hosts of
 * $.cluster and of managed Auto Scaling groups with their attributes,
 * placement requests with compiled constraints, and strategy chains.
 */
#ifndef ECS_MODEL_SETUP_H
#define ECS_MODEL_SETUP_H

#include "sim.h"

int setup_chain(sim *s, st_chain *c, const sc_placement *pl, int is_service,
		       const sim_opts *o, ecs_err *e);
int setup_req(sim *s, cl_req *r, struct qry ***mo, int32_t td, const sc_placement *pl,
		     int32_t group, ecs_err *e);
void setup_cluster(sim *s);
void setup_free_member_of(struct qry **mo, int n);
int setup_constraints(sim *s, cl_req *r, struct qry ***mo, const sc_constraint *const *all,
			   int n, ecs_err *e);

#endif
