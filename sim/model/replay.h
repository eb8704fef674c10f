/* replay.h - trace replay: a trace's machines become hosts that come and
 * go as the trace says, and its actions submit standalone tasks (placed at
 * once or rejected) that end when the trace says or after their run time.
 * Reading and parsing the files is sim/trace/'s.
 */
#ifndef ECS_MODEL_REPLAY_H
#define ECS_MODEL_REPLAY_H

#include "types.h"
#include "sim/trace/trace.h"

/* A trace being replayed: its actions and machine changes drive two events. */
typedef struct sim_trace {
	trace tr;
	cl_req req;                 /* what every task shares (group, constraints) */
	struct qry **member_of;     /* compiled memberOf constraints of req */
	st_chain chain;
	eng_event ev;               /* next workload action */
	eng_event mev;              /* next machine change */
	int64_t next_mev;
	int32_t first_host;         /* host of machine m: first_host + m */
	int64_t submitted, placed, rejected, completed, killed;
	/* Per GPU model list of the trace (openb gpu_spec): req with one more
	 * memberOf, "attribute:ecs.instance-type in [...]"; built when first
	 * used.  spec_mo[i] ends with the one qry it owns. */
	cl_req *spec_req;
	struct qry ***spec_mo;
	int32_t nspec;
} sim_trace;

typedef struct sim_replay {
	sim_trace *trs;
	int ntrs;
} sim_replay;

extern const struct sim_module replay_module;

/* Carries out one action of x (submits its tasks: placed at once or
 * rejected, reported either way; or stops a started task).  -1 when the
 * run must stop (s->err says why), else 0. */
int replay_submit(sim *s, sim_trace *x, const trace_act *a);

/* Adds the task shapes of every trace of the scenario to w (reading each
 * trace once from its start, apart from the replay): the workload GPU
 * fragmentation is measured with.  0, or -1 with e set. */
int replay_workload(sim *s, const sim_opts *o, gf_workload *w, ecs_err *e);

#endif
