/* failures.h - failures of the $.cluster instances: an instance alone (time to
 * failure and repair), zone outages (scheduled and random) and failure
 * domains.  A host is down while any cause holds it; it comes back empty.
 */
#ifndef ECS_MODEL_FAILURES_H
#define ECS_MODEL_FAILURES_H

#include "sim.h"

void fail_start(sim *s);
void fail_host_up(sim *s, int32_t h);
void fail_host_down(sim *s, int32_t h);

#endif
