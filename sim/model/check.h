/* check.h - the invariants --check verifies after every event (sim_check).
 */
#ifndef ECS_MODEL_CHECK_H
#define ECS_MODEL_CHECK_H

#include "sim.h"


#endif
