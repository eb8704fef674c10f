/* engine.c - the event queue: a small heap for the near future and a
 * calendar of unsorted buckets for later (see engine.h).
 *
 * Events of bucket number <= cur (time / width) are in a 4-ary min-heap on
 * (time, seq) with positions stored in the events, so cancelling is
 * O(log n).  Later events wait unsorted in a ring of ENG_RING buckets, or in
 * an overflow list beyond the ring's horizon; scheduling or cancelling them
 * is O(1).  When the heap runs dry the next non-empty bucket is loaded into
 * it.  The bucket width adapts: halved when a bucket brings too many
 * events, doubled when too many buckets are empty.  Order never depends on
 * the buckets: the heap decides, by (time, seq).
 *
 * While an event runs its root slot is left open ("the hole"): the first
 * event its handler schedules into the heap fills it with one sift-down.
 */
#include "engine.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define ARITY 4
#define ENG_RING 4096u          /* buckets in the ring (power of two) */
#define BIG_BUCKET 1024u        /* more events in one bucket: halve the width */
#define INIT_WIDTH 1000000      /* 1 s to start with */

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

static void heap_push(eng *e, eng_event *ev)
{
	if (e->hole) {
		/* every other entry is >= now: the root's subtrees are valid */
		e->hole = 0;
		sift_down(e, 0, (struct eng_slot){ ev->time, ev });
		return;
	}
	if (e->n == e->cap)
		grow(e);
	sift_up(e, e->n++, (struct eng_slot){ ev->time, ev });
}

static void close_hole(eng *e)
{
	e->hole = 0;
	if (--e->n)
		sift_down(e, 0, e->heap[e->n]);
}

/* ---- buckets ------------------------------------------------------------ */

static void bucket_add(struct eng_bucket *b, eng_event *ev, uint32_t id)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->ev = xrealloc(b->ev, (size_t)b->cap * sizeof(*b->ev));
	}
	ev->bucket = id;
	ev->pos = b->n;
	b->ev[b->n++] = ev;
}

static void bucket_del(struct eng_bucket *b, eng_event *ev)
{
	eng_event *last = b->ev[--b->n];

	b->ev[ev->pos] = last;
	last->pos = ev->pos;
	ev->bucket = 0;
}

/* Files ev by its time: heap, ring or overflow. */
static void file(eng *e, eng_event *ev)
{
	int64_t b = ev->time / e->width;

	if (b <= e->cur) {
		heap_push(e, ev);
	} else if (b - e->cur < (int64_t)ENG_RING) {
		uint32_t k = (uint32_t)b & (ENG_RING - 1);
		bucket_add(&e->ring[k], ev, k + 1);
		e->nring++;
	} else {
		bucket_add(&e->over, ev, ENG_OVERFLOW);
	}
}

/* Moves the overflow events that the ring now reaches into it. */
static void refile_overflow(eng *e)
{
	struct eng_bucket o = e->over;

	e->over = (struct eng_bucket){ 0 };
	for (uint32_t i = 0; i < o.n; i++) {
		o.ev[i]->bucket = 0;
		file(e, o.ev[i]);
	}
	free(o.ev);
}

/* Sets a new width and files every event outside the heap again; cur is
 * chosen so that everything in the heap stays in buckets <= cur. */
static void rewidth(eng *e, int64_t width)
{
	int64_t limit = (e->cur + 1) * e->width; /* heap events are < limit */
	eng_event **all;
	uint64_t n = 0, total = e->nring + e->over.n;

	all = xmalloc((size_t)(total ? total : 1) * sizeof(*all));
	for (uint32_t k = 0; k < ENG_RING; k++) {
		for (uint32_t i = 0; i < e->ring[k].n; i++)
			all[n++] = e->ring[k].ev[i];
		e->ring[k].n = 0;
	}
	for (uint32_t i = 0; i < e->over.n; i++)
		all[n++] = e->over.ev[i];
	e->over.n = 0;
	e->nring = 0;
	e->width = width;
	e->cur = (limit - 1) / width;
	/* Events in [limit, (cur + 1) * width) now belong in the heap: file()
	 * puts them there. */
	for (uint64_t i = 0; i < n; i++) {
		all[i]->bucket = 0;
		file(e, all[i]);
	}
	free(all);
}

/* Loads the next non-empty bucket into the (empty) heap; 0 if none left. */
static int advance(eng *e)
{
	while (e->n == 0) {
		struct eng_bucket *b;
		if (e->nring == 0) {
			int64_t minb = INT64_MAX;
			if (e->over.n == 0)
				return 0;
			/* Jump over the empty stretch to the earliest overflow event. */
			for (uint32_t i = 0; i < e->over.n; i++)
				if (e->over.ev[i]->time / e->width < minb)
					minb = e->over.ev[i]->time / e->width;
			e->cur = minb - 1;
			refile_overflow(e);
			continue;
		}
		e->cur++;
		if ((e->cur & (ENG_RING - 1)) == 0)
			refile_overflow(e); /* once a lap: the horizon moved */
		b = &e->ring[e->cur & (ENG_RING - 1)];
		if (!b->n) {
			e->skipped++;
			continue;
		}
		e->loads++;
		e->nring -= b->n;
		if (e->cap < b->n)
			while (e->cap < b->n)
				grow(e);
		for (uint32_t i = 0; i < b->n; i++) {
			b->ev[i]->bucket = 0;
			place(e, e->n++, (struct eng_slot){ b->ev[i]->time, b->ev[i] });
		}
		/* Floyd's heapify of what was loaded */
		for (int64_t i = ((int64_t)e->n - 2) / ARITY; i >= 0; i--)
			sift_down(e, (uint32_t)i, e->heap[i]);
		{
			uint32_t m = b->n;
			b->n = 0;
			/* Adapt: a crowded bucket halves the width; many empty
			 * buckets per load double it. */
			if (m > BIG_BUCKET && e->width > 1) {
				rewidth(e, e->width / 2);
			} else if (e->loads >= 64) {
				if (e->skipped > 16 * e->loads && e->width < INT64_MAX / 4)
					rewidth(e, e->width * 2);
				e->loads = e->skipped = 0;
			}
		}
	}
	return 1;
}

/* ---- API ------------------------------------------------------------------ */

void eng_init(eng *e)
{
	*e = (eng){ .width = INIT_WIDTH, .cur = 0 };
	e->ring = xcalloc(ENG_RING, sizeof(*e->ring));
}

void eng_destroy(eng *e)
{
	for (uint32_t i = e->hole; i < e->n; i++)
		e->heap[i].ev->slot = 0;
	for (uint32_t k = 0; e->ring && k < ENG_RING; k++) {
		for (uint32_t i = 0; i < e->ring[k].n; i++)
			e->ring[k].ev[i]->bucket = 0;
		free(e->ring[k].ev);
	}
	for (uint32_t i = 0; i < e->over.n; i++)
		e->over.ev[i]->bucket = 0;
	free(e->over.ev);
	free(e->ring);
	free(e->heap_mem);
	*e = (eng){ 0 };
}

void eng_schedule(eng *e, eng_event *ev, int64_t at, eng_fn *fn)
{
	assert(!eng_pending(ev) && "event already scheduled");
	assert(at >= e->now && "event scheduled in the past");
	ev->fn = fn;
	ev->seq = e->seq++;
	ev->time = at;
	file(e, ev);
}

void eng_cancel(eng *e, eng_event *ev)
{
	uint32_t i;
	struct eng_slot last;

	if (ev->bucket) {
		if (ev->bucket == ENG_OVERFLOW) {
			bucket_del(&e->over, ev);
		} else {
			bucket_del(&e->ring[ev->bucket - 1], ev);
			e->nring--;
		}
		return;
	}
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

uint64_t eng_size(const eng *e)
{
	return e->n - (uint64_t)e->hole + e->nring + e->over.n;
}

int64_t eng_next_time(eng *e)
{
	if (e->hole)
		close_hole(e);
	if (!e->n && !advance(e))
		return INT64_MAX;
	return e->heap[0].time;
}

int eng_step(eng *e, int64_t until)
{
	struct eng_slot top;

	if (e->hole)
		close_hole(e);
	if (!e->n && !advance(e))
		return 0;
	if (e->heap[0].time > until)
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
