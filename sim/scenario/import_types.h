/* import_types.h - the options and the result of `ecsim import` (import.h
 * converts): apart from import.h so that the import_*.c files, which
 * import.c drives, can use them without including the driver's header.
 */
#ifndef ECS_IMPORT_TYPES_H
#define ECS_IMPORT_TYPES_H

#include <jansson.h>

/* How every placeholder starts; the loader refuses strings that do. */
#define IMPORT_FILL "<<FILL IN: "

typedef struct import_opts {
	char *const *params;       /* "NAME=VALUE": a parameter's value, as at deploy time */
	int nparams;
	const char *stack_name;    /* AWS::StackName; NULL = unknown */
	const char *region;        /* AWS::Region (and AWS::Partition, AWS::URLSuffix) */
	const char *account;       /* AWS::AccountId */
} import_opts;

/* A line of the report: a template path and what happened there. */
typedef struct import_msg {
	char *path, *text;
} import_msg;

typedef struct import_result {
	json_t *scenario;          /* the scenario (owned) */
	import_msg *fills;         /* each placeholder, in the order found */
	int nfills;
	import_msg *notes;         /* what the import assumed, chose or left out */
	int nnotes;
} import_result;

#endif
