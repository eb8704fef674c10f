/* traces.c - $.traces: workloads (and fleets) replayed from trace files:
 * their format or csv column mapping, files, window, sampling, scales and
 * units, zone and placement.  Owns the checks of what a format allows; the
 * reading is the trace layer's (sim/trace/, given each entry's spec).
 */
#include "parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"
#include "sim/trace/trace_fmt.h"

/* "file" and "machines": one file name or an array of them, read in order. */
static int trace_files(const scenario *sc, const json_t *j, const char *key, const char *path,
		       char ***files, char ***names, int *n, ecs_err *e)
{
	json_t *v = json_object_get(j, key), *x;
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX];
	size_t i;

	jread_kpath(p, path, key);
	if (json_is_array(v)) {
		if (json_array_size(v) == 0)
			return err_set(e, "%s: must name at least one file", p);
		*files = xcalloc(json_array_size(v), sizeof(**files));
		*names = xcalloc(json_array_size(v), sizeof(**names));
		json_array_foreach(v, i, x) {
			(*n)++;
			if (sc_file_path(sc, x, jread_ipath(q, p, i), &(*files)[i], &(*names)[i],
					 e) < 0)
				return -1;
		}
		return 0;
	}
	*files = xcalloc(1, sizeof(**files));
	*names = xcalloc(1, sizeof(**names));
	*n = 1;
	if (!json_is_string(v))
		return err_set(e, "%s: must be a file name or an array of them, not %s", p,
			       jread_type_name(v));
	return sc_file_path(sc, v, p, &(*files)[0], &(*names)[0], e);
}

static const char *const cols[] = { "submit", "end", "duration", "cpu", "memory", "count",
				    "group", "gpu", NULL };
static const char *const tunits[] = { "us", "ms", "s", "m", "h", "d", NULL };
static const char *const cunits[] = { "cores", "millicores", "percent", "units", "normalized",
				      NULL };
static const char *const munits[] = { "MiB", "GiB", "KiB", "bytes", "MB", "GB", "normalized",
				      NULL };
static const char *const gpu_modes[] = { "shared", "whole", "ignore", NULL };

/* a column: its number from 1, or its name in the header */
#define JR_COLUMN(n, d, ...)                                                           \
	{ .name = (n), .v = { .type = JREAD_INT | JREAD_STR, .flags = JREAD_MIN | JREAD_MAX | \
			      JREAD_NONEMPTY, .min = 1, .max = 100000 }, .doc = (d), __VA_ARGS__ }

/* in the order of cols */
static const jread_key column_keys[] = {
	JR_COLUMN("submit", "submit times", JREAD_REQ),
	JR_COLUMN("end", "end times (or duration)"),
	JR_COLUMN("duration", "run times (or end)"),
	JR_COLUMN("cpu", "CPU requests", JREAD_REQ),
	JR_COLUMN("memory", "memory requests"),
	JR_COLUMN("count", "tasks a row stands for"),
	JR_COLUMN("group", "the task group"),
	JR_COLUMN("gpu", "GPU requests"),
	JREAD_END,
};

static const jread_key csv_keys[] = {
	JR_OBJ("columns", column_keys, "which column holds what: a number from 1, or a header "
	       "name", JREAD_REQ),
	JR_BOOL("header", "the first row names the columns (default true)"),
	JR_STR("delimiter", "one character (default ,)"),
	JR_WORDS("timeUnit", tunits, "unit of times (default s)"),
	JR_WORDS("cpuUnit", cunits, "unit of CPU requests (default cores)"),
	JR_WORDS("memoryUnit", munits, "unit of memory requests (default MiB)"),
	JREAD_END,
};

/* format as an object: a csv column mapping. */
static int parse_csv_map(trace_csv_map *m, const json_t *j, const char *path, ecs_err *e)
{
	static const int64_t tus[] = { 1, 1000, USEC_PER_SEC, 60 * USEC_PER_SEC,
				       3600 * USEC_PER_SEC, 86400 * USEC_PER_SEC };
	static const double mmib[] = { 1, 1024, 1.0 / 1024, 1.0 / 1048576, 1e6 / 1048576,
				       1e9 / 1048576, 0 };
	json_t *c, *v;
	const char *key;
	char p[JREAD_PATHMAX], q[JREAD_PATHMAX], *d = NULL;
	int k = 2, cu = TRACE_CPU_CORES, mu = 0;

	if (jread_check_keys(j, path, csv_keys, e) < 0)
		return -1;
	m->header = 1;
	m->delim = ',';
	if (jread_bool(j, "header", path, &m->header, e) < 0)
		return -1;
	if (json_object_get(j, "delimiter")) {
		if (jread_str(j, "delimiter", path, &d, 1, e) < 0)
			return -1;
		if (strlen(d) != 1 || d[0] == '"' || d[0] == '\n' || d[0] == '\r') {
			free(d);
			return err_set(e, "%s.delimiter: must be one character, not a quote or "
				       "newline", path);
		}
		m->delim = d[0];
		free(d);
	}
	if (jread_choice(j, "timeUnit", path, tunits, "time unit", &k, e) < 0 ||
	    jread_choice(j, "cpuUnit", path, cunits, "CPU unit", &cu, e) < 0 ||
	    jread_choice(j, "memoryUnit", path, munits, "memory unit", &mu, e) < 0)
		return -1;
	m->time_unit = tus[k];
	m->cpu_unit = (enum trace_cpu_unit)cu;
	m->mem_unit = mmib[mu];
	for (int i = 0; i < TRACE_CSV_NCOLS; i++)
		m->col[i] = -1;
	if (!(c = json_object_get(j, "columns")))
		return err_set(e, "%s.columns: required (which column holds what)", path);
	jread_kpath(p, path, "columns");
	if (jread_object(c, p, e) < 0 || jread_check_keys(c, p, column_keys, e) < 0)
		return -1;
	json_object_foreach(c, key, v) {
		int i = jread_pick(key, cols, p, "column", e);
		jread_kpath(q, p, key);
		if (json_is_integer(v) && json_integer_value(v) >= 1 &&
		    json_integer_value(v) <= 100000) {
			m->col[i] = (int)json_integer_value(v) - 1;
		} else if (json_is_string(v) && *json_string_value(v)) {
			if (!m->header)
				return err_set(e, "%s: a column name needs \"header\": true; give "
					       "the column's number (from 1)", q);
			m->colname[i] = xstrdup(json_string_value(v));
			m->col[i] = INT32_MAX; /* found in the header */
		} else {
			return err_set(e, "%s: must be a column number (from 1) or a header name",
				       q);
		}
	}
	if (m->col[TRACE_CSV_SUBMIT] < 0)
		return err_set(e, "%s.submit: required (the column of submit times)", p);
	if ((m->col[TRACE_CSV_END] < 0) == (m->col[TRACE_CSV_DURATION] < 0))
		return err_set(e, "%s: give exactly one of \"end\" and \"duration\"", p);
	if (m->col[TRACE_CSV_CPU] < 0)
		return err_set(e, "%s.cpu: required (the column of CPU requests)", p);
	return 0;
}

/* Which scaling keys a trace takes, by its format (and csv mapping). */
static unsigned trace_uses(const trace_spec *sp)
{
	unsigned f = sp->fmt->flags & ~(unsigned)TRACE_F_MAPPING;
	const trace_csv_map *m = &sp->csv;

	if (!(sp->fmt->flags & TRACE_F_MAPPING))
		return f;
	f = 0;
	if (m->cpu_unit == TRACE_CPU_CORES || m->cpu_unit == TRACE_CPU_MILLICORES ||
	    m->cpu_unit == TRACE_CPU_PERCENT)
		f |= TRACE_F_CORES;
	if (m->cpu_unit == TRACE_CPU_NORMALIZED)
		f |= TRACE_F_NORM_CPU;
	if (m->col[TRACE_CSV_MEMORY] >= 0 && m->mem_unit == 0)
		f |= TRACE_F_NORM_MEM;
	if (m->col[TRACE_CSV_MEMORY] < 0)
		f |= TRACE_F_DEFAULT_MEM;
	if (m->col[TRACE_CSV_GPU] >= 0)
		f |= TRACE_F_GPU;
	return f;
}

/* "format": a format name, or a csv column mapping object. */
static int parse_format(trace_spec *sp, const json_t *j, const char *path, ecs_err *e)
{
	json_t *f = json_object_get(j, "format");
	char p[JREAD_PATHMAX];

	jread_kpath(p, path, "format");
	if (!f)
		return err_set(e, "%s: required (one of alibaba-2017, alibaba-gpu-2023, swf, "
			       "google-2011, or a csv column mapping object)", p);
	if (json_is_object(f)) {
		sp->fmt = trace_format_find("csv");
		if (parse_csv_map(&sp->csv, f, p, e) < 0)
			return -1;
	} else if (json_is_string(f)) {
		int k = jread_pick(json_string_value(f), trace_format_names, p, "trace format", e);
		if (k < 0)
			return -1;
		sp->fmt = trace_format_find(trace_format_names[k]);
		if (sp->fmt->flags & TRACE_F_MAPPING)
			return err_set(e, "%s: csv needs a column mapping object, e.g. {\"columns\": "
				       "{\"submit\": 1, \"duration\": 2, \"cpu\": 3, \"memory\": 4}}", p);
	} else {
		return err_set(e, "%s: must be a format name or a csv column mapping object, not %s",
			       p, jread_type_name(f));
	}
	sp->reorder_rows = sp->fmt->reorder_rows;
	return 0;
}

/* "file" (required) and "machines" (formats with a machine table only). */
static int parse_files(const scenario *sc, trace_spec *sp, const json_t *j, const char *path,
		       ecs_err *e)
{
	if (!json_object_get(j, "file"))
		return err_set(e, "%s.file: required", path);
	if (trace_files(sc, j, "file", path, &sp->files, &sp->file_names, &sp->nfiles, e) < 0)
		return -1;
	if (!json_object_get(j, "machines"))
		return 0;
	if (!sp->fmt->machines)
		return err_set(e, "%s.machines: %s traces have no machine table; the "
			       "scenario's cluster runs them", path, sp->fmt->name);
	return trace_files(sc, j, "machines", path, &sp->machines, &sp->machine_names,
			   &sp->nmachines, e);
}

/* The window in trace time and how it maps to simulated time. */
static int parse_window(trace_spec *sp, const json_t *j, const char *path, ecs_err *e)
{
	if (jread_str(j, "name", path, &sp->name, 0, e) < 0 ||
	    jread_duration(j, "start", path, &sp->start, 0, e) < 0 ||
	    jread_duration(j, "end", path, &sp->end, 0, e) < 0 ||
	    jread_number(j, "timeScale", path, &sp->time_scale, 0, e) < 0)
		return -1;
	if (sp->end <= sp->start)
		return err_set(e, "%s.end: must be after start", path);
	if (!(sp->time_scale > 0))
		return err_set(e, "%s.timeScale: must be > 0", path);
	sp->duration_scale = sp->time_scale;
	return 0;
}

/* Sampling, units and the rest of the spec; *zone as written (to free). */
static int parse_scales(trace_spec *sp, const json_t *j, const char *path, char **zone,
			ecs_err *e)
{
	int gpu = TRACE_GPU_SHARED;

	if (jread_number(j, "durationScale", path, &sp->duration_scale, 0, e) < 0 ||
	    jread_number(j, "sample", path, &sp->sample, 0, e) < 0 ||
	    jread_int32(j, "cpuPerCore", path, &sp->cpu_per_core, 1, 1 << 20, 0, e) < 0 ||
	    jread_number(j, "cpuPerUnit", path, &sp->cpu_per_unit, 0, e) < 0 ||
	    jread_number(j, "memoryPerUnit", path, &sp->memory_per_unit, 0, e) < 0 ||
	    jread_int32(j, "defaultMemory", path, &sp->default_memory, 0, INT32_MAX / 2, 0,
			e) < 0 ||
	    jread_choice(j, "gpu", path, gpu_modes, "gpu handling", &gpu, e) < 0 ||
	    jread_str(j, "group", path, &sp->group, 0, e) < 0 ||
	    jread_int(j, "reorderRows", path, &sp->reorder_rows, 1, 10000000, 0, e) < 0 ||
	    jread_str(j, "zone", path, zone, 0, e) < 0 ||
	    jread_duration(j, "errorRecovery", path, &sp->error_recovery, 0, e) < 0)
		return -1;
	sp->gpu = (enum trace_gpu_mode)gpu;
	if (!(sp->duration_scale > 0))
		return err_set(e, "%s.durationScale: must be > 0", path);
	if (!(sp->sample > 0 && sp->sample <= 1))
		return err_set(e, "%s.sample: must be > 0 and <= 1", path);
	if (!(sp->cpu_per_unit > 0))
		return err_set(e, "%s.cpuPerUnit: must be > 0", path);
	if (!(sp->memory_per_unit > 0))
		return err_set(e, "%s.memoryPerUnit: must be > 0", path);
	if (sp->group && !*sp->group)
		return err_set(e, "%s.group: must not be empty", path);
	if (sp->name && !*sp->name)
		return err_set(e, "%s.name: must not be empty", path);
	return 0;
}

/* A scaling key the trace's format does not use is a mistake, not a no-op. */
static int check_uses(const trace_spec *sp, const json_t *j, const char *path, ecs_err *e)
{
	static const struct { const char *key; unsigned flag; const char *why; } scaled[] = {
		{ "cpuPerCore", TRACE_F_CORES, "its CPU requests are not in cores" },
		{ "cpuPerUnit", TRACE_F_NORM_CPU, "its CPU requests are not normalized" },
		{ "memoryPerUnit", TRACE_F_NORM_MEM, "its memory requests are not normalized" },
		{ "defaultMemory", TRACE_F_DEFAULT_MEM, "its rows always give memory" },
		{ "gpu", TRACE_F_GPU, "it has no GPU requests" },
		{ "errorRecovery", TRACE_F_ERRORS, "its machine table has no error events" },
	};
	unsigned uses = trace_uses(sp);

	for (size_t i = 0; i < sizeof(scaled) / sizeof(*scaled); i++)
		if (json_object_get(j, scaled[i].key) && !(uses & scaled[i].flag))
			return err_set(e, "%s.%s: not used by this trace: %s", path, scaled[i].key,
				       scaled[i].why);
	return 0;
}

/* zone and errorRecovery are about the trace's own machines. */
static int trace_machines(const scenario *sc, sc_trace *t, const json_t *j, const char *path,
			  const char *zone, ecs_err *e)
{
	if (zone) {
		if (!t->spec.nmachines)
			return err_set(e, "%s.zone: only for a trace's own machines (\"machines\")",
				       path);
		if ((t->zone = sc_zone_at(sc, path, zone, e)) < 0)
			return -1;
	}
	if (json_object_get(j, "errorRecovery") && !t->spec.nmachines)
		return err_set(e, "%s.errorRecovery: only for a trace's own machines (\"machines\")",
			       path);
	return 0;
}

/* The name, by default the first file's without its folder and
 * extensions; names tell traces apart in the outputs. */
static int trace_name(const scenario *sc, sc_trace *t, const json_t *j, const char *path,
		      ecs_err *e)
{
	trace_spec *sp = &t->spec;

	if (!sp->name) {
		const char *b = strrchr(sp->file_names[0], '/');
		char *dot;
		sp->name = xstrdup(b ? b + 1 : sp->file_names[0]);
		while ((dot = strrchr(sp->name, '.')) && dot != sp->name)
			*dot = 0;
	}
	for (int k = 0; k < sc->ntraces; k++)
		if (&sc->traces[k] != t && sc->traces[k].spec.name &&
		    strcmp(sc->traces[k].spec.name, sp->name) == 0)
			return err_set(e, "%s.name: duplicate trace \"%s\"%s", path, sp->name,
				       json_object_get(j, "name") ? "" : " (from the file name; "
				       "set \"name\")");
	return 0;
}

static const char *const inflate_resources[] = { "gpu", "cpu", NULL };
static const char *const inflate_samplings[] = { "replacement", "trace-first", NULL };

/* Rows of inflation.csv: at most this many steps. */
#define INFLATE_MAX_STEPS 100000

static const jread_key inflate_keys[] = {
	JR_POSITIVE("to", "stop when the arrived demand reaches this multiple of the cluster's "
		    "capacity (1.3: 130 %)", JREAD_REQ),
	JR_WORDS("resource", inflate_resources, "the demand counted: gpu (default) or cpu"),
	JR_POSITIVE("step", "arrived load between rows of inflation.csv, a multiple of "
		    "capacity (default 0.01)"),
	JR_WORDS("sampling", inflate_samplings, "replacement (default): every task drawn from "
		 "all of the trace's; trace-first: each task once in a random order, then drawn"),
	JREAD_END,
};

/* "inflate": the tasks drawn at random until the arrived demand reaches
 * a multiple of capacity; no time window, no replay. */
static int parse_inflate(sc_trace *t, const json_t *j, const char *path, ecs_err *e)
{
	sc_inflate *in = &t->inflate;
	json_t *v = json_object_get(j, "inflate");
	char p[JREAD_PATHMAX];
	int res = SC_INFLATE_GPU, smp = SC_INFLATE_REPLACEMENT;

	if (!v)
		return 0;
	jread_kpath(p, path, "inflate");
	if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, inflate_keys, e) < 0)
		return -1;
	in->given = 1;
	in->step = 0.01;
	if (!json_object_get(v, "to"))
		return err_set(e, "%s.to: required (the arrived demand to stop at, a multiple of "
			       "capacity, e.g. 1.3)", p);
	if (jread_number(v, "to", p, &in->to, 0, e) < 0 ||
	    jread_number(v, "step", p, &in->step, 0, e) < 0 ||
	    jread_choice(v, "resource", p, inflate_resources, "resource", &res, e) < 0 ||
	    jread_choice(v, "sampling", p, inflate_samplings, "sampling", &smp, e) < 0)
		return -1;
	if (!(in->to > 0 && in->to <= 1000))
		return err_set(e, "%s.to: must be > 0 and <= 1000 (a multiple of capacity)", p);
	if (!(in->step > 0 && in->step <= in->to))
		return err_set(e, "%s.step: must be > 0 and at most to (%g)", p, in->to);
	if (in->to / in->step > INFLATE_MAX_STEPS)
		return err_set(e, "%s.step: to / step must be at most %d rows, not %.0f", p,
			       INFLATE_MAX_STEPS, ceil(in->to / in->step));
	/* every task of the trace is drawn, ran or not (the artifact of the
	 * ATC'23 paper keeps openb's Pending pods too) */
	t->spec.unscheduled = 1;
	in->resource = (enum sc_inflate_resource)res;
	in->sampling = (enum sc_inflate_sampling)smp;
	return 0;
}

/* a file name, or an array of them */
static const jread_val files_json = {
	.type = JREAD_STR | JREAD_ARR, .flags = JREAD_NONEMPTY,
	.items = &(const jread_val){ .type = JREAD_STR, .flags = JREAD_NONEMPTY },
};

static const jread_key trace_keys[] = {
	JR_NAME("name", "unique name (default: the file's name)"),
	{ .name = "format", .flags = JREAD_REQUIRED, .doc = "a trace format (ecsim traces), or a "
	  "csv column mapping", .v = { .any_of = (const jread_val *const[]){
		&(const jread_val){ .type = JREAD_STR, .words = trace_format_names },
		&(const jread_val){ .type = JREAD_OBJ, .keys = csv_keys }, NULL } } },
	JR_LIKE("file", &files_json, "the workload file(s), relative to the scenario", JREAD_REQ),
	JR_LIKE("machines", &files_json, "the machine table(s): machines become hosts"),
	JR_DURATION("start", "window start in trace time"),
	JR_DURATION("end", "window end in trace time"),
	JR_POSITIVE("timeScale", "trace time to simulated time (default 1)"),
	JR_POSITIVE("durationScale", "scale of run times (default timeScale)"),
	{ .name = "sample", .doc = "share of rows (jobs) kept, seeded (default 1)",
	  .v = { .type = JREAD_NUM, .flags = JREAD_MIN | JREAD_XMIN | JREAD_MAX, .max = 1 } },
	JR_INT("cpuPerCore", 1, 1 << 20, "CPU units per core (default 1024)"),
	JR_POSITIVE("cpuPerUnit", "CPU units per 1.0 of normalized CPU (default 65536)"),
	JR_POSITIVE("memoryPerUnit", "MiB per 1.0 of normalized memory (default 131072)"),
	JR_INT("defaultMemory", 0, INT32_MAX / 2, "MiB of a task whose row gives none"),
	JR_WORDS("gpu", gpu_modes, "GPU requests: shared, whole or ignore (default shared)"),
	JR_NAME("group", "the task group of all its tasks"),
	JR_INT("reorderRows", 1, 10000000, "reorder buffer for rows not in time order"),
	JR_STR("zone", "zone of the trace's machines"),
	JR_DURATION("errorRecovery", "how long a machine error lasts"),
	JR_LIKE("placementStrategy", &sc_placement_strategy_json, "how a host is chosen"),
	JR_LIKE("placementConstraints", &sc_constraints_json, "which hosts may run its tasks"),
	JR_OBJ("inflate", inflate_keys, "draw its tasks at random, none ending, until the "
	       "arrived demand reaches a multiple of capacity (inflation.csv)"),
	JREAD_END,
};

const jread_val sc_traces_json = {
	.type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_OBJ, .keys = trace_keys },
};

static int parse_trace(scenario *sc, sc_trace *t, const json_t *j, const char *path,
		       ecs_err *e)
{
	trace_spec *sp = &t->spec;
	char *zone = NULL;
	int rc;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, trace_keys, e) < 0)
		return -1;
	t->path = xstrdup(path);
	t->zone = -1;
	sp->end = INT64_MAX;
	sp->time_scale = 1;
	sp->sample = 1;
	sp->cpu_per_core = 1024;
	sp->cpu_per_unit = 65536;
	sp->memory_per_unit = 131072;
	sp->error_recovery = -1;
	for (int i = 0; i < TRACE_CSV_NCOLS; i++)
		sp->csv.col[i] = -1;
	rc = parse_format(sp, j, path, e) < 0 || parse_files(sc, sp, j, path, e) < 0 ||
	     parse_window(sp, j, path, e) < 0 || parse_scales(sp, j, path, &zone, e) < 0 ||
	     check_uses(sp, j, path, e) < 0 || trace_machines(sc, t, j, path, zone, e) < 0 ||
	     trace_name(sc, t, j, path, e) < 0 || parse_inflate(t, j, path, e) < 0
	     ? -1 : 0;
	free(zone);
	return rc < 0 ? -1 : sc_parse_placement(&t->place, j, path, e);
}

int sc_parse_traces(scenario *sc, const json_t *arr, ecs_err *e)
{
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	if (jread_array(arr, "$.traces", e) < 0)
		return -1;
	sc->traces = xcalloc(json_array_size(arr), sizeof(*sc->traces));
	json_array_foreach(arr, i, v) {
		sc->ntraces++;
		if (parse_trace(sc, &sc->traces[i], v, jread_ipath(p, "$.traces", i), e) < 0)
			return -1;
		/* one stream of draws, one capacity: one inflated trace */
		for (size_t k = 0; k < i && sc->traces[i].inflate.given; k++)
			if (sc->traces[k].inflate.given)
				return err_set(e, "%s.inflate: only one trace may inflate (%s "
					       "does)", p, sc->traces[k].path);
	}
	return 0;
}

void sc_traces_destroy(scenario *sc)
{
	for (int i = 0; i < sc->ntraces; i++) {
		sc_trace *t = &sc->traces[i];
		trace_spec *sp = &t->spec;
		free(sp->name);
		for (int k = 0; k < sp->nfiles; k++) {
			free(sp->files[k]);
			free(sp->file_names[k]);
		}
		free(sp->files);
		free(sp->file_names);
		for (int k = 0; k < sp->nmachines; k++) {
			free(sp->machines[k]);
			free(sp->machine_names[k]);
		}
		free(sp->machines);
		free(sp->machine_names);
		for (int k = 0; k < TRACE_CSV_NCOLS; k++)
			free(sp->csv.colname[k]);
		free(sp->group);
		free(t->path);
		sc_placement_destroy(&t->place);
	}
	free(sc->traces);
}
