/* modules.h - the table of the model's modules (modules.c), for the kernel:
 * the only file that knows every module. */
#ifndef ECS_MODEL_MODULES_H
#define ECS_MODEL_MODULES_H

#include "model.h"

/* NULL-terminated, in layer order. */
extern const sim_module *const sim_modules[];

#endif
