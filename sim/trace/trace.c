/* trace.c - the trace machinery shared by all formats (see trace.h).
 *
 * Workload rows go through: parse (trace_fmt.c) -> count bad and skipped
 * rows -> time window -> sampling -> reorder buffer (a binary heap on
 * simulated time, then row order) -> actions.  The heap is kept full:
 * one row is read for every record taken out, so reading follows the
 * simulated clock and never runs more than reorderRows rows ahead.  A row
 * that arrives after the replay has passed its time means the file is not
 * sorted within that many rows: a clear error, not a silent reordering.
 *
 * google-2011 rows are events of a task's life; they are turned into
 * actions when they come out of the heap, in time order, by a small state
 * machine per (job, task index).
 */
#include "trace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/rng.h"
#include "sim/support/units.h"

/* google-2011: one task (job, index) between its SUBMIT and its end. */
struct trace_gtask {
	int64_t job;               /* -1 = free entry */
	int32_t index;
	int32_t cpu, mem, group;
	int scheduled;
	void *task;                /* the model's task while it runs */
	int32_t next_free;
};

/* ---- counts ------------------------------------------------------------ */

static void tally(trace_tally *y, const char *reason)
{
	for (int i = 0; i < y->n; i++)
		if (strcmp(y->reason[i], reason) == 0) {
			y->count[i]++;
			return;
		}
	y->reason = xrealloc(y->reason, (size_t)(y->n + 1) * sizeof(*y->reason));
	y->count = xrealloc(y->count, (size_t)(y->n + 1) * sizeof(*y->count));
	y->reason[y->n] = reason;
	y->count[y->n++] = 1;
}

static void tally_free(trace_tally *y)
{
	free(y->reason);
	free(y->count);
	*y = (trace_tally){ 0 };
}

/* A bad row: counted and kept as an example, or under --strict an error. */
static int bad_row(trace *t, trace_table_stats *st, const tracein *in, const char *why,
		   ecs_err *e)
{
	char buf[512];

	st->bad++;
	snprintf(buf, sizeof(buf), "%s:%lld: %s", in->name, (long long)in->line, why);
	if (t->strict)
		return err_set(e, "%s (bad row; --strict makes it an error)", buf);
	if (st->nexamples < (int)(sizeof(st->examples) / sizeof(*st->examples)))
		st->examples[st->nexamples++] = xstrdup(buf);
	return 0;
}

/* A row tracein dropped for its length: a bad row like any other, with no
 * fields for the format to look at. */
static int too_long_row(trace *t, trace_table_stats *st, const tracein *in, ecs_err *e)
{
	const char *why;

	trace_row_bad(&t->row, &why, "row longer than %d bytes", TRACEIN_MAX_ROW);
	st->rows++;
	return bad_row(t, st, in, why, e);
}

/* ---- window, scaling, sampling ----------------------------------------- */

static int64_t scale(int64_t us, double f)
{
	double x = (double)us * f;
	return x >= (double)UNITS_MAX_DURATION_US ? UNITS_MAX_DURATION_US : (int64_t)llround(x);
}

/* Maps r to simulated time; 0 with *why if it falls outside the window.  A
 * task that began before the window and still runs at its start is
 * submitted at time 0 with what is left of its run time. */
static int window(const trace *t, struct trace_rec *r, const char **why)
{
	const trace_spec *sp = t->spec;
	int64_t at = r->time, d = r->duration;

	if (at >= sp->end) {
		*why = "after the window";
		return 0;
	}
	if (at < sp->start) {
		if (r->event >= 0) {
			*why = "before the window";
			return 0;
		}
		if (d >= 0 && at + d <= sp->start) {
			*why = "ended before the window";
			return 0;
		}
		if (d >= 0)
			d = at + d - sp->start;
		at = sp->start;
	}
	r->time = scale(at - sp->start, sp->time_scale);
	r->duration = d < 0 ? -1 : scale(d, sp->duration_scale);
	return 1;
}

/* Keeps a fraction sample of rows (of jobs for google-2011): a hash of the
 * seed, the trace and the row's place, so the same rows are kept whatever
 * the strategy and however far the file is read. */
static int sampled_out(const trace *t, const struct trace_rec *r, const tracein *in)
{
	uint64_t key, h;

	if (t->spec->sample >= 1)
		return 0;
	key = r->event >= 0 ? (uint64_t)r->job : (uint64_t)in->file << 48 ^ (uint64_t)in->line;
	h = rng_mix64(t->seed ^ rng_mix64(key ^ rng_mix64(0x74726163ULL + (uint64_t)t->index)));
	return (double)(h >> 11) * 0x1.0p-53 >= t->spec->sample;
}

/* ---- reorder buffer ---------------------------------------------------- */

static int rec_before(const struct trace_rec *a, const struct trace_rec *b)
{
	return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void heap_push(trace *t, const struct trace_rec *r)
{
	int64_t i = t->nheap++;

	if (t->nheap > t->capheap) {
		t->capheap = t->capheap ? t->capheap * 2 : 256;
		t->heap = xrealloc(t->heap, (size_t)t->capheap * sizeof(*t->heap));
	}
	while (i > 0 && rec_before(r, &t->heap[(i - 1) / 2])) {
		t->heap[i] = t->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	t->heap[i] = *r;
}

static struct trace_rec heap_pop(trace *t)
{
	struct trace_rec top = t->heap[0], last = t->heap[--t->nheap];
	int64_t i = 0, n = t->nheap;

	for (;;) {
		int64_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && rec_before(&t->heap[c + 1], &t->heap[c]))
			c++;
		if (!rec_before(&t->heap[c], &last))
			break;
		t->heap[i] = t->heap[c];
		i = c;
	}
	if (n > 0)
		t->heap[i] = last;
	return top;
}

/* ---- reading the workload ---------------------------------------------- */

/* Reads rows until one enters the buffer: 1, or 0 at the end, -1 error. */
static int read_row(trace *t, ecs_err *e)
{
	trace_table_stats *st = &t->tasks_in;

	for (;;) {
		struct trace_rec r = { .event = -1, .duration = -1, .spec = -1 };
		const char *why = NULL;
		int rc = tracein_next(&t->in, e), k;

		if (rc < 0)
			return -1;
		if (rc == 0) {
			st->complete = 1;
			tracein_close(&t->in);
			t->in_open = 0;
			return 0;
		}
		t->row.header_pending = t->in.file != t->cur_file;
		t->cur_file = t->in.file;
		/* it takes the header's place: the row after it is data */
		if (t->in.too_long) {
			t->row.header_pending = 0;
			if (too_long_row(t, st, &t->in, e) < 0)
				return -1;
			continue;
		}
		k = t->spec->fmt->task_row(&t->row, &t->in, &r, &why);
		t->row.header_pending = 0;
		if (k == -2)
			return err_set(e, "%s", why);
		if (k == 0 && !why)
			continue; /* a header */
		st->rows++;
		if (k < 0) {
			if (bad_row(t, st, &t->in, why, e) < 0)
				return -1;
			continue;
		}
		if (k == 0) {
			tally(&st->skipped, why);
			continue;
		}
		if (why)
			tally(&st->notes, why);
		if (!window(t, &r, &why)) {
			tally(&st->skipped, why);
			continue;
		}
		if (sampled_out(t, &r, &t->in)) {
			tally(&st->skipped, "sampled out");
			continue;
		}
		if (r.time < t->last)
			return err_set(e, "%s:%lld: this row's time (%.6g s simulated) is before "
				       "%.6g s, which the replay has passed: the file is not sorted "
				       "by time within %lld rows (reorderRows); sort it by time or "
				       "raise reorderRows", t->in.name, (long long)t->in.line,
				       us_to_s(r.time), us_to_s(t->last),
				       (long long)t->spec->reorder_rows);
		r.seq = t->seq++;
		heap_push(t, &r);
		st->used++;
		return 1;
	}
}

static int fill(trace *t, ecs_err *e)
{
	while (t->in_open && t->nheap < t->spec->reorder_rows) {
		int rc = read_row(t, e);
		if (rc <= 0)
			return rc;
	}
	return 0;
}

/* ---- google-2011 task life --------------------------------------------- */

static uint64_t gkey(int64_t job, int32_t index)
{
	return (uint64_t)job << 23 | (uint32_t)index;
}

static int32_t gt_find(const trace *t, int64_t job, int32_t index)
{
	return hmap_get(&t->ids, gkey(job, index)) - 1;
}

static int32_t gt_new(trace *t, const struct trace_rec *r)
{
	int32_t i;

	if (t->freegt >= 0) {
		i = t->freegt;
		t->freegt = t->gt[i].next_free;
	} else {
		if (t->ngt == t->capgt) {
			t->capgt = t->capgt ? t->capgt * 2 : 1024;
			t->gt = xrealloc(t->gt, (size_t)t->capgt * sizeof(*t->gt));
		}
		i = t->ngt++;
	}
	t->gt[i] = (struct trace_gtask){ .job = r->job, .index = r->index, .cpu = -1, .mem = -1,
					 .group = r->group, .next_free = -1 };
	hmap_add(&t->ids, gkey(r->job, r->index), i + 1);
	return i;
}

static void gt_free(trace *t, int32_t i)
{
	hmap_add(&t->ids, gkey(t->gt[i].job, t->gt[i].index), -(i + 1));
	t->gt[i].job = -1;
	t->gt[i].task = NULL;
	t->gt[i].next_free = t->freegt;
	t->freegt = i;
}

static trace_tally *ignored(trace *t)
{
	return &t->tasks_in.notes;
}

/* 1 with an action in *a, 0 if the event only changes the task's state. */
static int google_apply(trace *t, const struct trace_rec *r, trace_act *a)
{
	int32_t i = gt_find(t, r->job, r->index);
	struct trace_gtask *g;

	switch (r->event) {
	case G_SUBMIT:
	case G_UPDATE_PENDING:
		if (i < 0)
			i = gt_new(t, r);
		g = &t->gt[i];
		if (g->scheduled) {
			tally(ignored(t), "SUBMIT or UPDATE_PENDING of a running task (ignored)");
			return 0;
		}
		if (r->cpu >= 0)
			g->cpu = r->cpu;
		if (r->mem >= 0)
			g->mem = r->mem;
		return 0;
	case G_SCHEDULE:
		if (i < 0)
			i = gt_new(t, r);
		g = &t->gt[i];
		if (g->scheduled) {
			tally(ignored(t), "SCHEDULE of a running task (ignored)");
			return 0;
		}
		if (r->cpu >= 0)
			g->cpu = r->cpu;
		if (r->mem >= 0)
			g->mem = r->mem;
		if (g->cpu < 0 || g->mem < 0)
			tally(ignored(t), "no CPU or memory request (taken as 0)");
		g->scheduled = 1;
		*a = (trace_act){ .spec = -1, .kind = TRACE_START, .time = r->time, .count = 1,
				  .cpu = g->cpu < 0 ? 0 : g->cpu, .mem = g->mem < 0 ? 0 : g->mem,
				  .duration = -1, .group = g->group, .key = i };
		return 1;
	case G_UPDATE_RUNNING:
		tally(ignored(t), "UPDATE_RUNNING (changes of running tasks are not modelled)");
		return 0;
	default: /* EVICT, FAIL, FINISH, KILL, LOST */
		if (i < 0) {
			tally(ignored(t), "end of a task not seen before (ignored)");
			return 0;
		}
		if (!t->gt[i].scheduled) {
			tally(ignored(t), "end of a task never scheduled");
			gt_free(t, i);
			return 0;
		}
		*a = (trace_act){ .spec = -1, .kind = TRACE_STOP, .time = r->time, .key = i,
				  .task = t->gt[i].task };
		gt_free(t, i);
		return 1;
	}
}

void trace_bind(trace *t, int32_t key, void *task)
{
	t->gt[key].task = task;
}

void trace_unbind(trace *t, int32_t key)
{
	t->gt[key].task = NULL;
}

/* ---- actions ----------------------------------------------------------- */

int64_t trace_next_time(const trace *t)
{
	return t->nheap ? t->heap[0].time : INT64_MAX;
}

int trace_next(trace *t, int64_t now, trace_act *a, ecs_err *e)
{
	while (t->nheap && t->heap[0].time <= now) {
		struct trace_rec r = heap_pop(t);
		t->last = r.time;
		if (fill(t, e) < 0)
			return -1;
		if (r.event >= 0) {
			if (!google_apply(t, &r, a))
				continue;
		} else {
			*a = (trace_act){ .kind = TRACE_SUBMIT, .time = r.time, .count = r.count,
					  .cpu = r.cpu, .mem = r.mem, .gpu = r.gpu,
					  .gpu_milli = r.gpu_milli, .duration = r.duration,
					  .group = r.group, .key = -1, .spec = r.spec };
		}
		if (a->kind != TRACE_STOP)
			t->tasks += a->count;
		return 1;
	}
	return 0;
}

/* ---- machines ---------------------------------------------------------- */

struct raw_m {
	struct trace_raw_machine m;
	int32_t type;
};

static int raw_cmp(const void *pa, const void *pb)
{
	const struct raw_m *a = pa, *b = pb;
	if (a->m.time != b->m.time)
		return a->m.time < b->m.time ? -1 : 1;
	return (a->m.seq > b->m.seq) - (a->m.seq < b->m.seq);
}

static int mev_cmp(const void *pa, const void *pb)
{
	const trace_mevent *a = pa, *b = pb;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Simulated time of a machine event at trace time at; -1 after the window. */
static int64_t machine_time(const trace *t, int64_t at)
{
	if (at >= t->spec->end)
		return -1;
	return at <= t->spec->start ? 0 : scale(at - t->spec->start, t->spec->time_scale);
}

static void emit(trace *t, int64_t *cap, int64_t at, int32_t m, enum trace_mstate to)
{
	if (t->nmev == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		t->mev = xrealloc(t->mev, (size_t)*cap * sizeof(*t->mev));
	}
	t->mev[t->nmev] = (trace_mevent){ .time = at, .machine = m, .to = to, .seq = t->nmev };
	t->nmev++;
}

/* Turns the rows (in time order) into machines and their state changes:
 * add -> up, error -> draining (until re-added, or errorRecovery later),
 * remove -> down.  Changes that change nothing are dropped. */
static void machine_timeline(trace *t, struct raw_m *raw, int64_t n)
{
	trace_table_stats *st = &t->machines_in;
	enum trace_mstate *state = NULL;
	int64_t *recover = NULL, cap = 0;
	int32_t capm = 0;

	if (n > 0) /* raw is NULL when no row gave a machine */
		qsort(raw, (size_t)n, sizeof(*raw), raw_cmp);
	for (int64_t k = 0; k < n; k++) {
		const struct trace_raw_machine *m = &raw[k].m;
		int64_t at = machine_time(t, m->time);
		int32_t i = m->id >= 0 ? hmap_get(&t->mids, (uint64_t)m->id) - 1 : -1;

		/* load_machines counted the row as used; a skipped row is not */
		if (at < 0) {
			tally(&st->skipped, "after the window");
			st->used--;
			continue;
		}
		if (i < 0 && m->what != RM_ADD) {
			tally(&st->skipped, "event of a machine not added before");
			st->used--;
			continue;
		}
		if (i < 0) {
			if (t->nmachines == capm) {
				capm = capm ? capm * 2 : 256;
				t->machines = xrealloc(t->machines, (size_t)capm * sizeof(*t->machines));
				state = xrealloc(state, (size_t)capm * sizeof(*state));
				recover = xrealloc(recover, (size_t)capm * sizeof(*recover));
			}
			i = t->nmachines++;
			t->machines[i] = (trace_machine){ m->cpu, m->mem, m->gpu, raw[k].type };
			state[i] = TRACE_M_DOWN;
			recover[i] = -1;
			if (m->id >= 0)
				hmap_add(&t->mids, (uint64_t)m->id, i + 1);
		}
		if (state[i] == TRACE_M_DRAIN && recover[i] >= 0 && recover[i] <= m->time) {
			emit(t, &cap, machine_time(t, recover[i]), i, TRACE_M_UP);
			state[i] = TRACE_M_UP;
		}
		switch (m->what) {
		case RM_ADD:
			if (state[i] != TRACE_M_UP)
				emit(t, &cap, at, i, TRACE_M_UP);
			else
				tally(&st->notes, "add of a machine already up (ignored)");
			if (m->cpu != t->machines[i].cpu || m->mem != t->machines[i].mem)
				tally(&st->notes, "capacity differs from the first add (first kept)");
			state[i] = TRACE_M_UP;
			break;
		case RM_ERROR:
			if (state[i] == TRACE_M_DOWN) {
				tally(&st->notes, "error of a machine that is down (ignored)");
				break;
			}
			if (state[i] == TRACE_M_UP)
				emit(t, &cap, at, i, TRACE_M_DRAIN);
			state[i] = TRACE_M_DRAIN;
			recover[i] = t->spec->error_recovery >= 0 ? m->time + t->spec->error_recovery : -1;
			break;
		case RM_REMOVE:
			if (state[i] != TRACE_M_DOWN)
				emit(t, &cap, at, i, TRACE_M_DOWN);
			state[i] = TRACE_M_DOWN;
			break;
		default:
			tally(&st->notes, "UPDATE (capacity changes are not modelled)");
			break;
		}
	}
	for (int32_t i = 0; i < t->nmachines; i++)
		if (state[i] == TRACE_M_DRAIN && recover[i] >= 0) {
			int64_t at = machine_time(t, recover[i]);
			if (at >= 0)
				emit(t, &cap, at, i, TRACE_M_UP);
		}
	if (t->nmev > 0)
		qsort(t->mev, (size_t)t->nmev, sizeof(*t->mev), mev_cmp);
	free(state);
	free(recover);
}

/* The index of a machine type name, added on first sight. */
static int32_t intern_type(trace *t, const char *name)
{
	for (int32_t i = 0; i < t->ntypes; i++)
		if (strcmp(t->types[i], name) == 0)
			return i;
	t->types = xrealloc(t->types, (size_t)(t->ntypes + 1) * sizeof(*t->types));
	t->types[t->ntypes] = xstrdup(name);
	return t->ntypes++;
}

static int load_machines(trace *t, ecs_err *e)
{
	const trace_spec *sp = t->spec;
	trace_table_stats *st = &t->machines_in;
	struct raw_m *raw = NULL;
	int64_t n = 0, cap = 0;
	tracein in;
	int rc, cur = -1;

	if (tracein_open(&in, sp->machines, (const char *const *)sp->machines,
			 sp->nmachines, sp->fmt->mode, ',', ';', e) < 0) {
		tracein_close(&in);
		return -1;
	}
	in.stop = t->stop;
	while ((rc = tracein_next(&in, e)) > 0) {
		struct trace_raw_machine m = { .id = -1 };
		const char *why = NULL;
		int k;
		t->row.header_pending = in.file != cur;
		cur = in.file;
		if (in.too_long) {
			t->row.header_pending = 0;
			if (too_long_row(t, st, &in, e) < 0)
				break;
			continue;
		}
		k = sp->fmt->machine_row(&t->row, &in, &m, &why);
		t->row.header_pending = 0;
		if (k == 0 && !why)
			continue;
		st->rows++;
		if (k < 0) {
			if (bad_row(t, st, &in, why, e) < 0)
				break;
			continue;
		}
		if (k == 0) {
			tally(&st->skipped, why);
			continue;
		}
		st->used++;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			raw = xrealloc(raw, (size_t)cap * sizeof(*raw));
		}
		m.seq = n;
		raw[n].m = m;
		raw[n].m.type = NULL;
		raw[n++].type = intern_type(t, m.type);
	}
	tracein_close(&in);
	if (err_isset(e)) {
		free(raw);
		return -1;
	}
	st->complete = 1;
	machine_timeline(t, raw, n);
	free(raw);
	return 0;
}

/* ---- open / close ------------------------------------------------------ */

int trace_open(trace *t, const trace_spec *spec, int index, uint64_t seed, int strict,
	       const volatile sig_atomic_t *stop, trace_group_fn *group_fn, void *group_ctx,
	       ecs_err *e)
{
	char g[300];
	int rc;

	*t = (trace){ .spec = spec, .index = index, .seed = seed, .strict = strict, .stop = stop,
		      .freegt = -1, .last = INT64_MIN, .cur_file = -1 };
	t->row = (trace_row_ctx){ .spec = spec, .group_fn = group_fn, .group_ctx = group_ctx };
	hmap_init(&t->ids);
	hmap_init(&t->mids);
	for (int c = 0; c < TRACE_CSV_NCOLS; c++)
		t->row.cols[c] = spec->csv.col[c];
	if (spec->group)
		snprintf(g, sizeof(g), "%s", spec->group);
	else
		snprintf(g, sizeof(g), "trace:%s", spec->name);
	t->default_group = t->row.default_group = group_fn(group_ctx, g);
	if (spec->nmachines && load_machines(t, e) < 0)
		return -1;
	rc = tracein_open(&t->in, spec->files, (const char *const *)spec->files, spec->nfiles,
			  spec->fmt->mode, spec->csv.delim ? spec->csv.delim : ',', ';', e);
	t->in.stop = stop;
	t->in_open = 1;
	return rc < 0 ? -1 : fill(t, e);
}

static json_t *tally_json(const trace_tally *y)
{
	json_t *o = json_object();
	for (int i = 0; i < y->n; i++)
		json_object_set_new(o, y->reason[i], json_integer(y->count[i]));
	return o;
}

static json_t *table_json(const trace_table_stats *st)
{
	json_t *o = json_object(), *ex = json_array();

	json_object_set_new(o, "rows", json_integer(st->rows));
	json_object_set_new(o, "rows_used", json_integer(st->used));
	json_object_set_new(o, "rows_skipped", tally_json(&st->skipped));
	json_object_set_new(o, "rows_bad", json_integer(st->bad));
	for (int i = 0; i < st->nexamples; i++)
		json_array_append_new(ex, json_string(st->examples[i]));
	json_object_set_new(o, "bad_rows", ex);
	json_object_set_new(o, "notes", tally_json(&st->notes));
	json_object_set_new(o, "read_to_end", json_boolean(st->complete));
	return o;
}

json_t *trace_summary(const trace *t)
{
	json_t *o = json_object(), *files = json_array(), *w = table_json(&t->tasks_in);
	int64_t pending = 0;

	json_object_set_new(o, "name", json_string(t->spec->name));
	json_object_set_new(o, "format", json_string(t->spec->fmt->name));
	for (int i = 0; i < t->spec->nfiles; i++)
		json_array_append_new(files, json_string(t->spec->file_names[i]));
	json_object_set_new(o, "files", files);
	json_object_set_new(w, "rows_buffered_at_end", json_integer(t->nheap));
	json_object_set_new(o, "workload", w);
	for (int32_t i = 0; i < t->ngt; i++)
		pending += t->gt[i].job >= 0 && !t->gt[i].scheduled;
	if (t->spec->fmt == trace_format_find("google-2011"))
		json_object_set_new(o, "tasks_pending_at_end", json_integer(pending));
	if (t->spec->nmachines) {
		json_t *m = table_json(&t->machines_in);
		json_object_set_new(m, "machines", json_integer(t->nmachines));
		json_object_set_new(o, "machines", m);
	}
	return o;
}

static void print_table(const trace *t, const trace_table_stats *st, const char *what,
			FILE *f)
{
	if (!st->bad)
		return;
	fprintf(f, "ecsim: trace %s: %lld bad row%s in its %s, not replayed%s\n", t->spec->name,
		(long long)st->bad, st->bad > 1 ? "s" : "", what,
		st->bad > st->nexamples ? "; the first:" : ":");
	for (int i = 0; i < st->nexamples; i++)
		fprintf(f, "  %s\n", st->examples[i]);
	if (st->bad > st->nexamples)
		fprintf(f, "  ... and %lld more (counted in summary.json)\n",
			(long long)(st->bad - st->nexamples));
}

void trace_print_bad(const trace *t, FILE *f)
{
	print_table(t, &t->machines_in, "machine table", f);
	print_table(t, &t->tasks_in, "workload", f);
}

static void table_free(trace_table_stats *st)
{
	for (int i = 0; i < st->nexamples; i++)
		free(st->examples[i]);
	tally_free(&st->skipped);
	tally_free(&st->notes);
}

void trace_close(trace *t)
{
	if (t->in_open)
		tracein_close(&t->in);
	table_free(&t->tasks_in);
	table_free(&t->machines_in);
	free(t->machines);
	for (int32_t i = 0; i < t->ntypes; i++)
		free(t->types[i]);
	free(t->types);
	for (int32_t i = 0; i < t->row.nspecs; i++)
		free(t->row.specs[i]);
	free(t->row.specs);
	free(t->mev);
	free(t->heap);
	free(t->gt);
	hmap_destroy(&t->ids);
	hmap_destroy(&t->mids);
	*t = (trace){ 0 };
}
