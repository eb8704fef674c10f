/* trace_fmt.h - the trace formats: a const table of row parsers per format,
 * found by name.
 *
 * Owns the registry (`ecsim traces` lists it, the scenario loader checks
 * format names against it) and what each format lets a scenario set.  The
 * parsers build on trace_row.h; what is done with their records is trace.c's.
 */
#ifndef ECS_TRACE_FMT_H
#define ECS_TRACE_FMT_H

#include <stdint.h>

#include "tracein.h"

/* What the loader allows for a format (trace_format.flags). */
#define TRACE_F_CORES       0x01 /* CPU in cores (or parts of one): cpuPerCore */
#define TRACE_F_NORM_CPU    0x02 /* normalized CPU: cpuPerUnit */
#define TRACE_F_NORM_MEM    0x04 /* normalized memory: memoryPerUnit */
#define TRACE_F_GPU         0x08 /* GPU requests: gpu */
#define TRACE_F_ERRORS      0x10 /* machine error events: errorRecovery */
#define TRACE_F_DEFAULT_MEM 0x20 /* rows may lack memory: defaultMemory */
#define TRACE_F_MAPPING     0x40 /* format is a column mapping object (csv) */

struct trace_row_ctx;
struct trace_rec;
struct trace_raw_machine;

/* A trace format.  task_row parses one row of the workload file: 1 if it
 * gave a record, 0 if the row is skipped (*why names the reason), -1 if it
 * is bad (*why says what is wrong).  machine_row is the same for the
 * machine table (NULL if the format has none). */
typedef struct trace_format {
	const char *name;
	const char *summary;      /* one line for `ecsim traces` */
	const char *machines;     /* what `machines` names, NULL = no machine table */
	unsigned flags;
	enum tracein_mode mode;
	int64_t time_unit;        /* us per trace time unit */
	int64_t reorder_rows;     /* default size of the reorder buffer */
	int (*task_row)(struct trace_row_ctx *cx, const tracein *in, struct trace_rec *r,
			const char **why);
	int (*machine_row)(struct trace_row_ctx *cx, const tracein *in,
			   struct trace_raw_machine *m, const char **why);
} trace_format;

/* The registry, in listing order (NULL-terminated), and lookup by name. */
extern const trace_format *const trace_formats[];
const trace_format *trace_format_find(const char *name);
/* Names of the formats, NULL-terminated, for "did you mean" hints. */
extern const char *const trace_format_names[];

#endif
