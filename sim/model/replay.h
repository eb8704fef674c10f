/* replay.h - trace replay: a trace's machines become hosts that come and go as the
 * trace says, and its actions submit standalone tasks (placed or
 * rejected) that end when the trace says.  Reading and parsing the files
 * is sim/trace/'s.
 */
#ifndef ECS_MODEL_REPLAY_H
#define ECS_MODEL_REPLAY_H

#include "sim.h"

int replay_open(sim *s, const sim_opts *o, ecs_err *e);
int replay_start(sim *s, const sim_opts *o, ecs_err *e);
void replay_task_ended(sim *s, const sim_task *t, int killed);

#endif
