/* trace_spec.h - what to replay of a trace: its files, format, time window,
 * sampling, scales and units (one "$.traces" entry of a scenario).
 *
 * Owns the settings trace_open takes, and nothing computed from them.  The
 * scenario loader fills and checks them; this layer knows nothing of JSON,
 * zones or placement (the scenario's sc_trace holds those around a spec).
 */
#ifndef ECS_TRACE_SPEC_H
#define ECS_TRACE_SPEC_H

#include <stdint.h>

/* Columns a csv trace can map (see docs/traces.md). */
enum trace_csv_col {
	TRACE_CSV_SUBMIT, TRACE_CSV_END, TRACE_CSV_DURATION, TRACE_CSV_CPU, TRACE_CSV_MEMORY,
	TRACE_CSV_COUNT, TRACE_CSV_GROUP, TRACE_CSV_GPU, TRACE_CSV_NCOLS,
};

enum trace_cpu_unit { TRACE_CPU_CORES, TRACE_CPU_MILLICORES, TRACE_CPU_PERCENT,
		      TRACE_CPU_UNITS, TRACE_CPU_NORMALIZED };

/* The column mapping of a csv trace. */
typedef struct trace_csv_map {
	int col[TRACE_CSV_NCOLS];       /* column index from 0, -1 = not mapped */
	char *colname[TRACE_CSV_NCOLS]; /* header name when mapped by name */
	int header;                     /* the first row is a header */
	char delim;
	int64_t time_unit;              /* us per unit of the time columns */
	enum trace_cpu_unit cpu_unit;
	double mem_unit;                /* MiB per unit of memory; 0 = normalized */
} trace_csv_map;

enum trace_gpu_mode { TRACE_GPU_SHARED, TRACE_GPU_WHOLE, TRACE_GPU_IGNORE };

struct trace_format;

/* The members of a trace_spec, as a list: sc_trace (scenario.h) holds a
 * spec in a union with an unnamed struct of the same members, so that
 * st->spec is what trace_open takes and st->files etc. still read as
 * members of the scenario's entry.  One list keeps the two the same. */
#define TRACE_SPEC_MEMBERS \
	char *name;                 /* "trace:NAME" is its default task group */ \
	const struct trace_format *fmt; \
	char **files, **file_names; /* resolved paths / as written */ \
	int nfiles; \
	char **machines, **machine_names; \
	int nmachines; \
	int64_t start, end;         /* window in trace time, us; end INT64_MAX = none */ \
	double time_scale, duration_scale; \
	double sample;              /* fraction of rows (jobs for google-2011) kept */ \
	int32_t cpu_per_core;       /* CPU units per trace core */ \
	double cpu_per_unit;        /* CPU units per 1.0 of normalized CPU */ \
	double memory_per_unit;     /* MiB per 1.0 of normalized memory */ \
	int32_t default_memory;     /* MiB when a row gives none */ \
	enum trace_gpu_mode gpu; \
	char *group;                /* fixed task group, NULL = from the trace */ \
	int64_t reorder_rows;       /* rows read ahead to put them in time order */ \
	int64_t error_recovery;     /* us a machine error lasts, -1 = until re-added */ \
	int unscheduled;            /* also the tasks the trace never ran (openb \
				     * Pending pods), as running to the end */ \
	trace_csv_map csv;          /* format csv */

typedef struct trace_spec {
	TRACE_SPEC_MEMBERS
} trace_spec;

#endif
