/* study.h - one simulation run into its summary, without files.
 *
 * Loads a scenario (with --set assignments), runs it with a given seed and
 * strategy, and returns summary_build's JSON without the wall time, so the
 * result depends on the inputs only; optionally a compact time series too.
 * Every run owns all of its state, so many run in one process, one after
 * another.  Knows nothing of statistics, processes or output files.
 */
#ifndef ECS_STUDY_H
#define ECS_STUDY_H

#include <jansson.h>
#include <signal.h>
#include <stdint.h>

#include "sim/support/err.h"

struct st_registry;

/* One run. */
typedef struct study_spec {
	const char *file;          /* the scenario */
	char *const *sets;         /* "PATH=VALUE" assignments, applied in order */
	int nsets;
	uint64_t seed;             /* replaces the scenario's seed */
	const char *strategy;      /* replaces every strategy; NULL = the scenario's */
	const struct st_registry *reg; /* strategies by name (--plugin); NULL = built-ins */
	int series;                /* also return the time series */
} study_spec;

/* Runs one simulation to the scenario's end, as 'ecsim run --no-task-log'
 * would.  Returns a new object
 *   {"summary": {...},                     summary_build minus wall_seconds
 *    "series": {"time_s": [...], "desired": [...], "running": [...],
 *               "cpu_util": [...], "mem_util": [...], "hosts_busy": [...]}}
 * where the series (only when sp->series) has one entry per metrics sample
 * and desired/running are summed over services.  NULL with the message in
 * e on failure, or when *stop becomes nonzero (stop may be NULL). */
json_t *study_run(const study_spec *sp, const volatile sig_atomic_t *stop, ecs_err *e);

/* Loads the scenario and builds the model without running it, so a bad
 * file, --set or strategy is reported before any run starts.  Returns the
 * summary of the model at time 0 (it has the keys every run has, except
 * rejection reasons, which appear only when nonzero) and puts the
 * scenario's own seed (after sets) in *scenario_seed; NULL on error. */
json_t *study_check(const study_spec *sp, uint64_t *scenario_seed, ecs_err *e);

/* A numeric summary value under its flattened name. */
typedef struct study_metric {
	char name[192];            /* nested keys joined by '.': services.web.availability;
				    * a key with '.', '[' or ']' in brackets, each ']' of it
				    * doubled: cost.by_instance_type[m6i.xlarge].on_demand_usd */
	double value;
} study_metric;

/* The numeric leaves of summary in its order, except those that describe a
 * run rather than measure it (seed, wall_seconds, peak_rss_mib, the
 * provenance block) and those that repeat another under a second name
 * (study_metric_repeats).  Returns how many; *out is malloc'ed (free it). */
int study_flatten(const json_t *summary, study_metric **out);

/* 1 if name (a flattened name, or an object's) is excluded by study_flatten. */
int study_not_a_metric(const char *name);

/* The metric that name repeats under a second name (cost.total_usd is
 * cost_usd), or NULL. */
const char *study_metric_repeats(const char *name);

/* name with its brackets taken off, keys joined by '.' alone
 * (cost.by_instance_type.m6i.xlarge.on_demand_usd): what a user may type
 * for it, to be pointed at the real name. */
void study_metric_dotted(char *out, size_t n, const char *name);

#endif
