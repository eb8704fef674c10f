/* engine.c - event queue as a 4-ary min-heap on (time, seq) with positions
 * stored in the events for O(log n) cancellation (see engine.h).
 *
 * While an event runs, its root slot is left open ("the hole"): the first
 * event its handler schedules fills it with one sift-down, instead of a
 * pop and a push (the classic hold).  The hole is closed before anything
 * else looks at the heap. */
#include "engine.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define ARITY 4

static inline int before(const struct eng_slot *a, const struct eng_slot *b)
{
	return a->time < b->time || (a->time == b->time && a->ev->seq < b->ev->seq);
}

static inline void place(eng *e, uint32_t i, struct eng_slot s)
{
	e->heap[i] = s;
	s.ev->slot = i + 1;
}

static void sift_up(eng *e, uint32_t i, struct eng_slot s)
{
	while (i > 0) {
		uint32_t p = (i - 1) / ARITY;
		if (!before(&s, &e->heap[p]))
			break;
		place(e, i, e->heap[p]);
		i = p;
	}
	place(e, i, s);
}

static void sift_down(eng *e, uint32_t i, struct eng_slot s)
{
	for (;;) {
		uint32_t c = i * ARITY + 1, best, end;
		if (c >= e->n)
			break;
		end = c + ARITY < e->n ? c + ARITY : e->n;
		best = c;
		for (uint32_t k = c + 1; k < end; k++)
			if (before(&e->heap[k], &e->heap[best]))
				best = k;
		if (!before(&e->heap[best], &s))
			break;
		place(e, i, e->heap[best]);
		i = best;
	}
	place(e, i, s);
}

void eng_init(eng *e)
{
	*e = (eng){ 0 };
}

void eng_destroy(eng *e)
{
	for (uint32_t i = e->hole; i < e->n; i++)
		e->heap[i].ev->slot = 0;
	free(e->heap_mem);
	*e = (eng){ 0 };
}

/* Children of i are 4i+1..4i+4: with the root 3 slots past a 64-byte
 * boundary, every group of siblings starts on a cache line. */
static void grow(eng *e)
{
	uint32_t cap = e->cap ? e->cap * 2 : 1024;
	void *mem = NULL;

	if (posix_memalign(&mem, 64, ((size_t)cap + 4) * sizeof(struct eng_slot)) != 0)
		mem = xmalloc((size_t)-1 / 2); /* reports out-of-memory */
	if (e->n)
		memcpy((struct eng_slot *)mem + 3, e->heap, (size_t)e->n * sizeof(*e->heap));
	free(e->heap_mem);
	e->heap_mem = mem;
	e->heap = (struct eng_slot *)mem + 3;
	e->cap = cap;
}

static void close_hole(eng *e)
{
	e->hole = 0;
	if (--e->n)
		sift_down(e, 0, e->heap[e->n]);
}

void eng_schedule(eng *e, eng_event *ev, int64_t at, eng_fn *fn)
{
	assert(!ev->slot && "event already scheduled");
	assert(at >= e->now && "event scheduled in the past");
	ev->fn = fn;
	ev->seq = e->seq++;
	if (e->hole) {
		/* every other entry is >= now: the root's subtrees are valid */
		e->hole = 0;
		sift_down(e, 0, (struct eng_slot){ at, ev });
		return;
	}
	if (e->n == e->cap)
		grow(e);
	sift_up(e, e->n++, (struct eng_slot){ at, ev });
}

void eng_cancel(eng *e, eng_event *ev)
{
	uint32_t i;
	struct eng_slot last;

	if (!ev->slot)
		return;
	if (e->hole)
		close_hole(e);
	i = ev->slot - 1;
	ev->slot = 0;
	last = e->heap[--e->n];
	if (i == e->n)
		return;
	if (i > 0 && before(&last, &e->heap[(i - 1) / ARITY]))
		sift_up(e, i, last);
	else
		sift_down(e, i, last);
}

int64_t eng_next_time(eng *e)
{
	if (e->hole)
		close_hole(e);
	return e->n ? e->heap[0].time : INT64_MAX;
}

int eng_step(eng *e, int64_t until)
{
	struct eng_slot top;

	if (!e->n || e->heap[0].time > until)
		return 0;
	top = e->heap[0];
	top.ev->slot = 0;
	e->hole = 1;
	e->now = top.time;
	e->executed++;
	top.ev->fn(e, top.ev);
	if (e->hole)
		close_hole(e);
	return 1;
}

uint64_t eng_run(eng *e, int64_t until)
{
	uint64_t start = e->executed;

	e->stopped = 0;
	while (!e->stopped && eng_step(e, until))
		;
	if (!e->stopped && e->now < until)
		e->now = until;
	return e->executed - start;
}
