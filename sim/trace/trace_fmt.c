/* trace_fmt.c - the trace formats: one row parser per table, and the registry.
 *
 * A parser turns one row into a record in trace time (microseconds) and the
 * model's units (CPU units, MiB, whole GPUs or thousandths of one); the
 * window, scaling, sampling and ordering are trace.c's.  Return values:
 * 1 record (*why = a note on it, or left NULL), 0 skipped (*why = reason;
 * *why == NULL for a header row),
 * -1 bad row (*why = what is wrong), -2 the table cannot be read at all
 * (*why = message, e.g. a csv header without a mapped column).
 * docs/traces.md describes every column and choice made here.
 */
#include "trace_fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"
#include "trace_row.h"

#define MAX_COUNT 1000000 /* tasks from one row */

static int want_fields(trace_row_ctx *cx, const tracein *in, int n, const char **why)
{
	if (in->nfields < n)
		return trace_row_bad(cx, why, "%d fields, expected %d", in->nfields, n);
	return 0;
}

/* A row whose first time field is not a number, first in its file, is a
 * header (the tables have none officially; copies often add one). */
static int is_header(const trace_row_ctx *cx, const char *timefield)
{
	double x;
	return cx->header_pending && trace_row_num(timefield, &x) < 0;
}

static int cores_to_units(trace_row_ctx *cx, double cores, int32_t *out)
{
	return trace_row_amount(cores * cx->spec->cpu_per_core, out);
}

/* A machine's capacity: as trace_row_amount, and -1 if it rounds to 0 (a
 * machine of 0 MiB would be a host that no task with memory fits on). */
static int machine_amount(double v, int32_t *out)
{
	return trace_row_amount(v, out) < 0 || *out == 0 ? -1 : 0;
}

/* ---- alibaba-2017 ------------------------------------------------------ */

/* batch_task.csv: create time, end time, job id, task id, instances, status,
 * CPUs per instance (100 = one core), normalized memory per instance. */
static int ali17_task(trace_row_ctx *cx, const tracein *in, struct trace_rec *r,
		      const char **why)
{
	char **f = in->field;
	double create, end = 0, cpu, mem;
	int64_t n;
	int running;

	if (in->nfields >= 1 && is_header(cx, f[0])) {
		*why = NULL;
		return 0;
	}
	if (want_fields(cx, in, 8, why) < 0)
		return -1;
	if (trace_row_num(f[0], &create) < 0)
		return trace_row_bad(cx, why, "create time \"%s\" is not a number", f[0]);
	if (strcmp(f[5], "Waiting") == 0) {
		*why = "status Waiting (never started; no resources given)";
		return 0;
	}
	if (strcmp(f[5], "Ready") == 0 || strcmp(f[5], "Cancelled") == 0) {
		*why = strcmp(f[5], "Ready") == 0 ? "status Ready (never started)"
						 : "status Cancelled (never started)";
		return 0;
	}
	running = strcmp(f[5], "Running") == 0;
	if (!running && strcmp(f[5], "Terminated") && strcmp(f[5], "Failed"))
		return trace_row_bad(cx, why, "unknown status \"%s\"", f[5]);
	if (trace_row_int(f[4], &n) < 0 || n < 0)
		return trace_row_bad(cx, why, "number of instances \"%s\" is not a whole number "
				     ">= 0", f[4]);
	if (n > MAX_COUNT)
		return trace_row_bad(cx, why, "%lld instances, more than %d", (long long)n,
				     MAX_COUNT);
	if (!*f[6])
		return trace_row_bad(cx, why, "no CPU request (empty field)");
	if (trace_row_num(f[6], &cpu) < 0 || cores_to_units(cx, cpu / 100, &r->cpu) < 0)
		return trace_row_bad(cx, why, "CPU request \"%s\" is not a number >= 0", f[6]);
	if (!*f[7])
		return trace_row_bad(cx, why, "no memory request (empty field)");
	if (trace_row_num(f[7], &mem) < 0 ||
	    trace_row_amount(mem * cx->spec->memory_per_unit, &r->mem) < 0)
		return trace_row_bad(cx, why, "memory request \"%s\" is not a number >= 0", f[7]);
	/* A Running task's end time is 0 (or empty): it runs past the trace. */
	if (running && (!*f[1] || strcmp(f[1], "0") == 0)) {
		end = -1;
	} else {
		if (!*f[1])
			return trace_row_bad(cx, why, "no end time (empty field)");
		if (trace_row_num(f[1], &end) < 0)
			return trace_row_bad(cx, why, "end time \"%s\" is not a number", f[1]);
		if (end < create)
			return trace_row_bad(cx, why, "end time %s is before create time %s", f[1],
					     f[0]);
	}
	if (trace_row_time(create, USEC_PER_SEC, &r->time) < 0 ||
	    (end >= 0 && trace_row_time(end - create, USEC_PER_SEC, &r->duration) < 0))
		return trace_row_bad(cx, why, "time out of range");
	if (n == 0) {
		*why = "no instances";
		return 0;
	}
	r->count = n;
	r->group = trace_row_group(cx, "job", f[2]);
	return 1;
}

/* server_event.csv: time, machine id, event (add, softerror, harderror,
 * remove), detail, CPUs, normalized memory, normalized disk. */
static int ali17_machine(trace_row_ctx *cx, const tracein *in, struct trace_raw_machine *m,
			 const char **why)
{
	char **f = in->field;
	double time, cpus, mem;

	if (in->nfields >= 1 && is_header(cx, f[0])) {
		*why = NULL;
		return 0;
	}
	if (want_fields(cx, in, 6, why) < 0)
		return -1;
	if (trace_row_num(f[0], &time) < 0 || trace_row_time(time, USEC_PER_SEC, &m->time) < 0)
		return trace_row_bad(cx, why, "time \"%s\" is not a number", f[0]);
	if (trace_row_int(f[1], &m->id) < 0 || m->id < 0)
		return trace_row_bad(cx, why, "machine id \"%s\" is not a whole number >= 0", f[1]);
	m->type = "alibaba-2017";
	if (strcmp(f[2], "softerror") == 0 || strcmp(f[2], "harderror") == 0) {
		m->what = RM_ERROR;
		return 1;
	}
	if (strcmp(f[2], "remove") == 0) {
		m->what = RM_REMOVE;
		return 1;
	}
	if (strcmp(f[2], "add") != 0)
		return trace_row_bad(cx, why, "unknown event \"%s\"", f[2]);
	m->what = RM_ADD;
	if (trace_row_num(f[4], &cpus) < 0 ||
	    machine_amount(cpus * cx->spec->cpu_per_core, &m->cpu) < 0)
		return trace_row_bad(cx, why, "add event with CPUs \"%s\", not a number > 0 (of at "
				     "least 1 CPU unit)", f[4]);
	if (trace_row_num(f[5], &mem) < 0 ||
	    machine_amount(mem * cx->spec->memory_per_unit, &m->mem) < 0)
		return trace_row_bad(cx, why, "add event with memory \"%s\", not a number > 0 (of "
				     "at least 1 MiB)", f[5]);
	return 1;
}

/* ---- alibaba-gpu-2023 (openb) ------------------------------------------ */

/* Whole GPUs or a share of one, as the trace's gpu setting wants. */
static int set_gpus(trace_row_ctx *cx, const char **why, double num, double milli,
		    int32_t *gpu, int32_t *share)
{
	*gpu = *share = 0;
	if (num < 0 || num != floor(num) || num > 1024)
		return trace_row_bad(cx, why, "GPU count %g is not a whole number 0-1024", num);
	if (cx->spec->gpu == TRACE_GPU_IGNORE || num == 0)
		return 0;
	if (milli <= 0 || milli > 1000 || milli != floor(milli))
		return trace_row_bad(cx, why, "GPU share %g is not 1-1000 thousandths", milli);
	if (milli < 1000 && num > 1)
		return trace_row_bad(cx, why, "a share of a GPU (%g thousandths) with %g GPUs",
				     milli, num);
	if (milli < 1000 && cx->spec->gpu == TRACE_GPU_SHARED)
		*share = (int32_t)milli;
	else
		*gpu = (int32_t)num;
	return 0;
}

/* openb_pod_list_*.csv: name, cpu_milli, memory_mib, num_gpu, gpu_milli,
 * gpu_spec, qos, pod_phase, creation_time, deletion_time, scheduled_time;
 * or only the first five or six (openb_pod_list_multigpu*.csv): pods
 * without times, submitted at time 0 and running to the end. */
static int openb_pod(trace_row_ctx *cx, const tracein *in, struct trace_rec *r, const char **why)
{
	char **f = in->field;
	double create = 0, del = 0, sched = 0, cpu, mem, ng, gm;
	int pending, untimed = in->nfields == 5 || in->nfields == 6;

	if (in->nfields >= 9 && is_header(cx, f[8])) {
		*why = NULL;
		return 0;
	}
	if (untimed && is_header(cx, f[1])) {
		*why = NULL;
		return 0;
	}
	if (!untimed && want_fields(cx, in, 11, why) < 0)
		return -1;
	if (!untimed && trace_row_num(f[8], &create) < 0)
		return trace_row_bad(cx, why, "creation_time \"%s\" is not a number", f[8]);
	/* untimed pods count as never scheduled: the same treatment (kept,
	 * running to the end) whatever spec->unscheduled says */
	pending = untimed || strcmp(f[7], "Pending") == 0 || !*f[10];
	if (untimed)
		goto resources;
	if (pending && !cx->spec->unscheduled) {
		*why = "never scheduled (Pending, no scheduled_time)";
		return 0;
	}
	if (!pending && strcmp(f[7], "Running") && strcmp(f[7], "Succeeded") &&
	    strcmp(f[7], "Failed"))
		return trace_row_bad(cx, why, "unknown pod_phase \"%s\"", f[7]);
	if (!pending && (trace_row_num(f[10], &sched) < 0 || sched < create))
		return trace_row_bad(cx, why, "scheduled_time \"%s\" is not a number >= "
				     "creation_time", f[10]);
	if (!pending && (trace_row_num(f[9], &del) < 0 || del < sched))
		return trace_row_bad(cx, why, "deletion_time \"%s\" is not a number >= "
				     "scheduled_time", f[9]);
resources:
	if (trace_row_num(f[1], &cpu) < 0 || cores_to_units(cx, cpu / 1000, &r->cpu) < 0)
		return trace_row_bad(cx, why, "cpu_milli \"%s\" is not a number >= 0", f[1]);
	if (trace_row_num(f[2], &mem) < 0 || trace_row_amount(mem, &r->mem) < 0)
		return trace_row_bad(cx, why, "memory_mib \"%s\" is not a number >= 0", f[2]);
	if (trace_row_num(f[3], &ng) < 0)
		return trace_row_bad(cx, why, "num_gpu \"%s\" is not a number", f[3]);
	if (trace_row_num(f[4], &gm) < 0)
		return trace_row_bad(cx, why, "gpu_milli \"%s\" is not a number", f[4]);
	if (set_gpus(cx, why, ng, gm, &r->gpu, &r->gpu_milli) < 0)
		return -1;
	/* Submitted when created; holds its resources for its run time (a
	 * pod never scheduled, kept for spec->unscheduled: to the end). */
	if (trace_row_time(create, USEC_PER_SEC, &r->time) < 0 ||
	    (!pending && trace_row_time(del - sched, USEC_PER_SEC, &r->duration) < 0))
		return trace_row_bad(cx, why, "time out of range");
	if (pending)
		r->duration = -1;
	r->count = 1;
	r->group = cx->default_group;
	/* the GPU models it accepts, as the node list's `model` names them */
	if (in->nfields > 5 && *f[5])
		r->spec = trace_row_spec(cx, f[5]);
	return 1;
}

/* openb_node_list_*.csv: sn, cpu_milli, memory_mib, gpu, model. */
static int openb_node(trace_row_ctx *cx, const tracein *in, struct trace_raw_machine *m,
		      const char **why)
{
	char **f = in->field;
	double cpu, mem, gpu;

	if (in->nfields >= 2 && is_header(cx, f[1])) {
		*why = NULL;
		return 0;
	}
	if (want_fields(cx, in, 5, why) < 0)
		return -1;
	if (trace_row_num(f[1], &cpu) < 0 ||
	    machine_amount(cpu / 1000 * cx->spec->cpu_per_core, &m->cpu) < 0)
		return trace_row_bad(cx, why, "cpu_milli \"%s\" is not a number > 0 (of at least 1 "
				     "CPU unit)", f[1]);
	if (trace_row_num(f[2], &mem) < 0 || machine_amount(mem, &m->mem) < 0)
		return trace_row_bad(cx, why, "memory_mib \"%s\" is not a number > 0 (of at least "
				     "1 MiB)", f[2]);
	if (trace_row_num(f[3], &gpu) < 0 || gpu < 0 || gpu != floor(gpu) || gpu > 1024)
		return trace_row_bad(cx, why, "gpu \"%s\" is not a whole number 0-1024", f[3]);
	m->gpu = cx->spec->gpu == TRACE_GPU_IGNORE ? 0 : (int32_t)gpu;
	m->time = 0;
	m->id = -1;
	m->what = RM_ADD;
	m->type = *f[4] ? f[4] : "cpu-only";
	return 1;
}

/* ---- swf --------------------------------------------------------------- */

/* Standard Workload Format 2.2: 18 blank-separated fields, -1 = unknown,
 * comment lines start with ';'.  A job becomes one task per processor. */
static int swf_job(trace_row_ctx *cx, const tracein *in, struct trace_rec *r, const char **why)
{
	char **f = in->field;
	double v[18], procs;

	if (want_fields(cx, in, 18, why) < 0)
		return -1;
	for (int i = 0; i < 18; i++)
		if (trace_row_num(f[i], &v[i]) < 0)
			return trace_row_bad(cx, why, "field %d \"%s\" is not a number", i + 1,
					     f[i]);
	if (v[1] < 0)
		return trace_row_bad(cx, why, "submit time %s is negative", f[1]);
	if (v[3] < 0) {
		if (v[3] != -1)
			return trace_row_bad(cx, why, "run time %s is negative", f[3]);
		*why = "unknown run time (-1)";
		return 0;
	}
	/* bounded as a double: a count beyond int64 cannot be converted */
	procs = v[4] > 0 ? v[4] : v[7] > 0 ? v[7] : 0;
	if (procs > MAX_COUNT)
		return trace_row_bad(cx, why, "%s processors, more than %d", v[4] > 0 ? f[4] : f[7],
				     MAX_COUNT);
	r->count = (int64_t)procs;
	if (r->count == 0) {
		*why = "unknown number of processors";
		return 0;
	}
	r->cpu = cx->spec->cpu_per_core;
	/* Memory per processor in KB: requested, else used, else the default. */
	if (v[9] > 0 || v[6] > 0) {
		double kb = v[9] > 0 ? v[9] : v[6];
		if (trace_row_amount(ceil(kb / 1024), &r->mem) < 0)
			return trace_row_bad(cx, why, "memory %g KB is too large", kb);
	} else {
		r->mem = cx->spec->default_memory;
	}
	if (trace_row_time(v[1], USEC_PER_SEC, &r->time) < 0 ||
	    trace_row_time(v[3], USEC_PER_SEC, &r->duration) < 0)
		return trace_row_bad(cx, why, "time out of range");
	r->group = trace_row_group(cx, "job", f[0]);
	return 1;
}

/* ---- google-2011 ------------------------------------------------------- */

/* task_events: time (us), missing info, job id, task index, machine id,
 * event type, user, scheduling class, priority, CPU request, memory
 * request, disk request, different-machines restriction.  CPU and memory
 * are normalized to the largest machine and may be empty. */
static int google_task(trace_row_ctx *cx, const tracein *in, struct trace_rec *r, const char **why)
{
	char **f = in->field;
	double cpu, mem;
	int64_t time, ev, idx;

	if (in->nfields >= 1 && is_header(cx, f[0])) {
		*why = NULL;
		return 0;
	}
	if (want_fields(cx, in, 13, why) < 0)
		return -1;
	if (trace_row_int(f[0], &time) < 0 || time < 0 ||
	    trace_row_time((double)time, 1, &r->time) < 0)
		return trace_row_bad(cx, why, "time \"%s\" is not a whole number of microseconds",
				     f[0]);
	if (trace_row_int(f[2], &r->job) < 0 || r->job < 0 || r->job >= INT64_C(1) << 40)
		return trace_row_bad(cx, why, "job id \"%s\" is not a whole number 0-2^40", f[2]);
	if (trace_row_int(f[3], &idx) < 0 || idx < 0 || idx >= 1 << 23)
		return trace_row_bad(cx, why, "task index \"%s\" is not a whole number 0-2^23",
				     f[3]);
	if (trace_row_int(f[5], &ev) < 0 || ev < 0 || ev > G_UPDATE_RUNNING)
		return trace_row_bad(cx, why, "event type \"%s\" is not 0-8", f[5]);
	r->index = (int32_t)idx;
	r->event = (int8_t)ev;
	r->cpu = r->mem = -1;
	if (*f[9] && (trace_row_num(f[9], &cpu) < 0 ||
		      trace_row_amount(cpu * cx->spec->cpu_per_unit, &r->cpu) < 0))
		return trace_row_bad(cx, why, "CPU request \"%s\" is not a number >= 0", f[9]);
	if (*f[10] && (trace_row_num(f[10], &mem) < 0 ||
		       trace_row_amount(mem * cx->spec->memory_per_unit, &r->mem) < 0))
		return trace_row_bad(cx, why, "memory request \"%s\" is not a number >= 0", f[10]);
	r->count = 1;
	r->duration = -1;
	r->group = trace_row_group(cx, "job", f[2]);
	return 1;
}

/* machine_events: time (us), machine id, event (0 ADD, 1 REMOVE, 2 UPDATE),
 * platform id, CPUs, memory (normalized to the largest machine). */
static int google_machine(trace_row_ctx *cx, const tracein *in, struct trace_raw_machine *m,
			  const char **why)
{
	char **f = in->field;
	double cpu, mem;
	int64_t time, ev;

	if (in->nfields >= 1 && is_header(cx, f[0])) {
		*why = NULL;
		return 0;
	}
	if (want_fields(cx, in, 6, why) < 0)
		return -1;
	if (trace_row_int(f[0], &time) < 0 || time < 0 ||
	    trace_row_time((double)time, 1, &m->time) < 0)
		return trace_row_bad(cx, why, "time \"%s\" is not a whole number of microseconds",
				     f[0]);
	if (trace_row_int(f[1], &m->id) < 0 || m->id < 0)
		return trace_row_bad(cx, why, "machine id \"%s\" is not a whole number >= 0", f[1]);
	if (trace_row_int(f[2], &ev) < 0 || ev < 0 || ev > 2)
		return trace_row_bad(cx, why, "event type \"%s\" is not 0-2", f[2]);
	m->type = *f[3] ? f[3] : "google-2011";
	m->what = ev == 0 ? RM_ADD : ev == 1 ? RM_REMOVE : RM_UPDATE;
	if (m->what != RM_ADD)
		return 1;
	if (trace_row_num(f[4], &cpu) < 0 ||
	    machine_amount(cpu * cx->spec->cpu_per_unit, &m->cpu) < 0)
		return trace_row_bad(cx, why, "ADD event with CPUs \"%s\", not a number > 0 (of at "
				     "least 1 CPU unit)", f[4]);
	if (trace_row_num(f[5], &mem) < 0 ||
	    machine_amount(mem * cx->spec->memory_per_unit, &m->mem) < 0)
		return trace_row_bad(cx, why, "ADD event with memory \"%s\", not a number > 0 (of "
				     "at least 1 MiB)", f[5]);
	return 1;
}

/* ---- csv (a column mapping) -------------------------------------------- */

static const char *const csv_col_names[TRACE_CSV_NCOLS] = {
	"submit", "end", "duration", "cpu", "memory", "count", "group", "gpu",
};

/* The header row of a file: finds the columns mapped by name. */
static int csv_header(trace_row_ctx *cx, const tracein *in, const char **why)
{
	const trace_csv_map *m = &cx->spec->csv;

	for (int c = 0; c < TRACE_CSV_NCOLS; c++) {
		if (!m->colname[c])
			continue;
		cx->cols[c] = -1;
		for (int i = 0; i < in->nfields; i++)
			if (strcmp(in->field[i], m->colname[c]) == 0) {
				cx->cols[c] = i;
				break;
			}
		if (cx->cols[c] < 0) {
			snprintf(cx->msg, sizeof(cx->msg), "%s: no column \"%s\" (for %s) in the "
				 "header", in->name, m->colname[c], csv_col_names[c]);
			*why = cx->msg;
			return -2;
		}
	}
	*why = NULL;
	return 0;
}

static const char *csv_field(trace_row_ctx *cx, const tracein *in, int c)
{
	int i = cx->cols[c];
	return i >= 0 && i < in->nfields ? in->field[i] : NULL;
}

static int csv_time_field(trace_row_ctx *cx, const tracein *in, int c, const char **why, double *v)
{
	const char *s = csv_field(cx, in, c);

	if (!s)
		return trace_row_bad(cx, why, "no column %d (%s)", cx->cols[c] + 1,
				     csv_col_names[c]);
	if (trace_row_num(s, v) < 0)
		return trace_row_bad(cx, why, "%s \"%s\" is not a number", csv_col_names[c], s);
	return 0;
}

/* The columns a mapping may leave out: count, gpu and group. */
static int csv_optional(trace_row_ctx *cx, const tracein *in, struct trace_rec *r,
			const char **why)
{
	const trace_spec *sp = cx->spec;
	const char *s;
	double v;

	r->count = 1;
	if (cx->cols[TRACE_CSV_COUNT] >= 0) {
		int64_t n;
		if (!(s = csv_field(cx, in, TRACE_CSV_COUNT)))
			return trace_row_bad(cx, why, "no column %d (count)",
					     cx->cols[TRACE_CSV_COUNT] + 1);
		if (trace_row_int(s, &n) < 0 || n < 0 || n > MAX_COUNT)
			return trace_row_bad(cx, why, "count \"%s\" is not a whole number 0-%d", s,
					     MAX_COUNT);
		if (n == 0) {
			*why = "count 0";
			return 0;
		}
		r->count = n;
	}
	if (cx->cols[TRACE_CSV_GPU] >= 0) {
		if (!(s = csv_field(cx, in, TRACE_CSV_GPU)))
			return trace_row_bad(cx, why, "no column %d (gpu)",
					     cx->cols[TRACE_CSV_GPU] + 1);
		if (trace_row_num(s, &v) < 0 || v < 0)
			return trace_row_bad(cx, why, "gpu \"%s\" is not a number >= 0", s);
		/* below 1: a share of one GPU, in thousandths */
		if (v > 0 && v < 1 ? set_gpus(cx, why, 1, floor(v * 1000 + 0.5), &r->gpu,
					       &r->gpu_milli) < 0
				   : set_gpus(cx, why, v, 1000, &r->gpu, &r->gpu_milli) < 0)
			return -1;
	}
	if (cx->cols[TRACE_CSV_GROUP] >= 0) {
		if (!(s = csv_field(cx, in, TRACE_CSV_GROUP)))
			return trace_row_bad(cx, why, "no column %d (group)",
					     cx->cols[TRACE_CSV_GROUP] + 1);
		/* an empty field names no group (ECS group names are not empty) */
		if (!*s && !sp->group)
			*why = "empty group (the trace's default group used)";
		r->group = sp->group || !*s ? cx->default_group : cx->group_fn(cx->group_ctx, s);
	} else {
		r->group = cx->default_group;
	}
	return 1;
}

static int csv_task(trace_row_ctx *cx, const tracein *in, struct trace_rec *r, const char **why)
{
	const trace_csv_map *m = &cx->spec->csv;
	const trace_spec *sp = cx->spec;
	double submit, stop, cpu, mem = 0;
	const char *s;

	if (cx->header_pending && m->header)
		return csv_header(cx, in, why);
	if (csv_time_field(cx, in, TRACE_CSV_SUBMIT, why, &submit) < 0)
		return -1;
	if (cx->cols[TRACE_CSV_END] >= 0) {
		if (csv_time_field(cx, in, TRACE_CSV_END, why, &stop) < 0)
			return -1;
		if (stop < submit)
			return trace_row_bad(cx, why, "end %s is before submit %s",
					     csv_field(cx, in, TRACE_CSV_END),
					     csv_field(cx, in, TRACE_CSV_SUBMIT));
		stop -= submit;
	} else {
		if (csv_time_field(cx, in, TRACE_CSV_DURATION, why, &stop) < 0)
			return -1;
		if (stop < 0)
			return trace_row_bad(cx, why, "duration %s is negative",
					     csv_field(cx, in, TRACE_CSV_DURATION));
	}
	if (trace_row_time(submit, m->time_unit, &r->time) < 0 ||
	    trace_row_time(stop, m->time_unit, &r->duration) < 0)
		return trace_row_bad(cx, why, "time out of range");
	if (!(s = csv_field(cx, in, TRACE_CSV_CPU)))
		return trace_row_bad(cx, why, "no column %d (cpu)", cx->cols[TRACE_CSV_CPU] + 1);
	if (trace_row_num(s, &cpu) < 0 || cpu < 0)
		return trace_row_bad(cx, why, "cpu \"%s\" is not a number >= 0", s);
	switch (m->cpu_unit) {
	case TRACE_CPU_CORES: cpu *= sp->cpu_per_core; break;
	case TRACE_CPU_MILLICORES: cpu *= sp->cpu_per_core / 1000.0; break;
	case TRACE_CPU_PERCENT: cpu *= sp->cpu_per_core / 100.0; break;
	case TRACE_CPU_UNITS: break;
	case TRACE_CPU_NORMALIZED: cpu *= sp->cpu_per_unit; break;
	}
	if (trace_row_amount(cpu, &r->cpu) < 0)
		return trace_row_bad(cx, why, "cpu \"%s\" is too large", s);
	if (cx->cols[TRACE_CSV_MEMORY] >= 0) {
		if (!(s = csv_field(cx, in, TRACE_CSV_MEMORY)))
			return trace_row_bad(cx, why, "no column %d (memory)",
					     cx->cols[TRACE_CSV_MEMORY] + 1);
		if (trace_row_num(s, &mem) < 0 || mem < 0)
			return trace_row_bad(cx, why, "memory \"%s\" is not a number >= 0", s);
		mem *= m->mem_unit > 0 ? m->mem_unit : sp->memory_per_unit;
		if (trace_row_amount(mem, &r->mem) < 0)
			return trace_row_bad(cx, why, "memory \"%s\" is too large", s);
	} else {
		r->mem = sp->default_memory;
	}
	return csv_optional(cx, in, r, why);
}

/* ---- registry ---------------------------------------------------------- */

static const trace_format fmt_alibaba_2017 = {
	.name = "alibaba-2017",
	.summary = "Alibaba cluster trace v2017: batch_task.csv, server_event.csv machines",
	.machines = "server_event.csv",
	.flags = TRACE_F_CORES | TRACE_F_NORM_MEM | TRACE_F_ERRORS,
	.mode = TRACEIN_CSV,
	.time_unit = USEC_PER_SEC,
	/* batch_task.csv is not sorted by create time; 131072 holds all of it */
	.reorder_rows = 131072,
	.task_row = ali17_task,
	.machine_row = ali17_machine,
};

static const trace_format fmt_alibaba_gpu_2023 = {
	.name = "alibaba-gpu-2023",
	.summary = "Alibaba GPU cluster trace v2023 (openb): pod list, node list machines",
	.machines = "openb_node_list_*.csv",
	.flags = TRACE_F_CORES | TRACE_F_GPU,
	.mode = TRACEIN_CSV,
	.time_unit = USEC_PER_SEC,
	.reorder_rows = 4096,
	.task_row = openb_pod,
	.machine_row = openb_node,
};

static const trace_format fmt_swf = {
	.name = "swf",
	.summary = "Standard Workload Format (Parallel Workloads Archive), .swf or .swf.gz",
	.flags = TRACE_F_CORES | TRACE_F_DEFAULT_MEM,
	.mode = TRACEIN_BLANK,
	.time_unit = USEC_PER_SEC,
	.reorder_rows = 4096,
	.task_row = swf_job,
};

static const trace_format fmt_google_2011 = {
	.name = "google-2011",
	.summary = "Google cluster-usage trace 2011: task_events, machine_events machines",
	.machines = "machine_events",
	.flags = TRACE_F_NORM_CPU | TRACE_F_NORM_MEM,
	.mode = TRACEIN_CSV,
	.time_unit = 1,
	.reorder_rows = 4096,
	.task_row = google_task,
	.machine_row = google_machine,
};

static const trace_format fmt_csv = {
	.name = "csv",
	.summary = "any CSV: a column mapping object gives the columns and their units",
	.flags = TRACE_F_MAPPING | TRACE_F_CORES | TRACE_F_NORM_CPU | TRACE_F_NORM_MEM |
		 TRACE_F_GPU | TRACE_F_DEFAULT_MEM,
	.mode = TRACEIN_CSV,
	.time_unit = USEC_PER_SEC,
	.reorder_rows = 4096,
	.task_row = csv_task,
};

const trace_format *const trace_formats[] = {
	&fmt_alibaba_2017, &fmt_alibaba_gpu_2023, &fmt_swf, &fmt_google_2011, &fmt_csv, NULL,
};

const char *const trace_format_names[] = {
	"alibaba-2017", "alibaba-gpu-2023", "swf", "google-2011", "csv", NULL,
};

const trace_format *trace_format_find(const char *name)
{
	for (int i = 0; trace_formats[i]; i++)
		if (strcmp(trace_formats[i]->name, name) == 0)
			return trace_formats[i];
	return NULL;
}
