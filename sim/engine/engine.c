/* engine.c - the event queue: a small heap for the near future and a
 * calendar of unsorted buckets for later (see engine.h).
 *
 * Events of bucket number <= cur (time >> shift) are in a 4-ary min-heap on
 * (time, seq) with positions stored in the events, so cancelling is
 * O(log n).  Later events wait unsorted in a ring of ENG_RING buckets, or in
 * an overflow list beyond the ring's horizon; scheduling or cancelling them
 * is O(1).  When the heap runs dry the next non-empty bucket is loaded into
 * it.  The bucket width (a power of two, so that filing shifts instead of
 * dividing) adapts: halved when a bucket brings too many events, doubled
 * when too many buckets are empty, and a bucket far too crowded to load
 * (the first one, say, before anything has adapted) is split before it is
 * loaded.  Order never depends on the buckets: the heap decides, by
 * (time, seq).
 *
 * At a million pending events the cost is memory traffic, not instructions:
 * event records are 32 bytes, bucket entries bare pointers, and a bucket's
 * events are prefetched as it is loaded.
 *
 * While an event runs its root slot is left open ("the hole"): the first
 * event its handler schedules into the heap fills it with one sift-down.
 */
#include "engine.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/err.h"

#define ARITY 4
#define ENG_RING 8192u          /* buckets in the ring (power of two) */
#define BIG_BUCKET 1024u        /* more events in one bucket: halve the width */
#define SPLIT_BUCKET (16 * BIG_BUCKET) /* more: halve it before loading */
#define INIT_SHIFT 20           /* buckets of 2^20 us (about 1 s) to start with */
#define PREFETCH 16             /* events ahead when loading a bucket */
#define KEEP_BUCKET 256u        /* a loaded bucket keeps an array up to this size */

static inline int before(const struct eng_entry *a, const struct eng_entry *b)
{
	return a->time < b->time || (a->time == b->time && a->ev->seq < b->ev->seq);
}

static inline void place(eng *e, uint32_t i, struct eng_entry s)
{
	e->heap[i] = s;
	s.ev->pos = i;
}

static void sift_up(eng *e, uint32_t i, struct eng_entry s)
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

/* The earlier of heap entries x and y.  Times decide without branching;
 * equal times (rarer, and predictable) read the events' sequence numbers. */
static inline uint32_t earlier(const struct eng_entry *h, uint32_t x, uint32_t y)
{
	int64_t tx = h[x].time, ty = h[y].time;
	uint32_t r = ty < tx ? y : x;

	if (__builtin_expect(tx == ty, 0))
		r = h[y].ev->seq < h[x].ev->seq ? y : x;
	return r;
}

static void sift_down(eng *e, uint32_t i, struct eng_entry s)
{
	const uint32_t n = e->n;
	struct eng_entry *h = e->heap;

	for (;;) {
		uint32_t c = i * ARITY + 1, best;
		if (c + ARITY <= n) {
			/* a tournament of the 4 children */
			best = earlier(h, earlier(h, c, c + 1), earlier(h, c + 2, c + 3));
		} else {
			if (c >= n)
				break;
			best = c;
			for (uint32_t k = c + 1; k < n; k++)
				best = earlier(h, best, k);
		}
		if (!before(&h[best], &s))
			break;
		place(e, i, h[best]);
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

	if (posix_memalign(&mem, 64, ((size_t)cap + 4) * sizeof(struct eng_entry)) != 0)
		mem = xmalloc((size_t)-1 / 2); /* reports out-of-memory */
	if (e->n)
		memcpy((struct eng_entry *)mem + 3, e->heap, (size_t)e->n * sizeof(*e->heap));
	free(e->heap_mem);
	e->heap_mem = mem;
	e->heap = (struct eng_entry *)mem + 3;
	e->cap = cap;
}

static void heap_push(eng *e, eng_event *ev)
{
	ev->where = ENG_IN_HEAP;
	if (e->hole) {
		/* every other entry is >= now: the root's subtrees are valid */
		e->hole = 0;
		sift_down(e, 0, (struct eng_entry){ ev->time, ev });
		return;
	}
	if (e->n == e->cap)
		grow(e);
	sift_up(e, e->n++, (struct eng_entry){ ev->time, ev });
}

static void close_hole(eng *e)
{
	e->hole = 0;
	if (--e->n)
		sift_down(e, 0, e->heap[e->n]);
}

/* ---- buckets ------------------------------------------------------------ */

static void bucket_add(struct eng_bucket *b, eng_event *ev, uint32_t where)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->e = xrealloc(b->e, (size_t)b->cap * sizeof(*b->e));
	}
	ev->where = where;
	ev->pos = b->n;
	b->e[b->n++] = ev;
}

static void bucket_del(struct eng_bucket *b, eng_event *ev)
{
	eng_event *last = b->e[--b->n];

	b->e[ev->pos] = last;
	last->pos = ev->pos;
	ev->where = 0;
}

/* Files ev by its time: heap, ring or overflow. */
static void file(eng *e, eng_event *ev)
{
	int64_t b = ev->time >> e->shift;

	if (b <= e->cur) {
		heap_push(e, ev);
	} else if (b - e->cur < (int64_t)ENG_RING) {
		uint32_t k = (uint32_t)b & (ENG_RING - 1);
		bucket_add(&e->ring[k], ev, k + ENG_RING_BASE);
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
	for (uint32_t i = 0; i < o.n; i++)
		file(e, o.e[i]);
	free(o.e);
}

/* Sets a new width and files every event outside the heap again; cur is
 * chosen so that everything in the heap stays in buckets <= cur. */
static void rewidth(eng *e, int shift)
{
	int64_t limit = (e->cur + 1) << e->shift; /* heap events are < limit */
	eng_event **all;
	uint64_t n = 0, total = e->nring + e->over.n;

	all = xmalloc((size_t)(total ? total : 1) * sizeof(*all));
	for (uint32_t k = 0; k < ENG_RING; k++) {
		for (uint32_t i = 0; i < e->ring[k].n; i++)
			all[n++] = e->ring[k].e[i];
		e->ring[k].n = 0;
	}
	for (uint32_t i = 0; i < e->over.n; i++)
		all[n++] = e->over.e[i];
	e->over.n = 0;
	e->nring = 0;
	e->shift = shift;
	e->cur = (limit - 1) >> shift;
	/* Events in [limit, (cur + 1) * width) now belong in the heap: file()
	 * puts them there. */
	for (uint64_t i = 0; i < n; i++)
		file(e, all[i]);
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
				if (e->over.e[i]->time >> e->shift < minb)
					minb = e->over.e[i]->time >> e->shift;
			e->cur = minb - 1;
			refile_overflow(e);
			if (e->over.n > e->nring && e->shift < 60)
				rewidth(e, e->shift + 1); /* too narrow: see below */
			continue;
		}
		e->cur++;
		if ((e->cur & (ENG_RING - 1)) == 0) {
			/* Once a lap the horizon moves and the overflow is filed
			 * again.  When it holds most events (the width shrank for
			 * a crowded moment and stayed narrow), that would refile
			 * them lap after lap: double the width instead. */
			if (e->over.n > e->nring && e->shift < 60) {
				e->cur--;
				rewidth(e, e->shift + 1);
				continue;
			}
			refile_overflow(e);
		}
		b = &e->ring[e->cur & (ENG_RING - 1)];
		if (!b->n) {
			e->skipped++;
			continue;
		}
		if (b->n > SPLIT_BUCKET && e->shift > 0 && e->cur << e->shift >= e->nosplit) {
			/* Far too crowded to sort in the heap (as at the start,
			 * before the width has adapted): split it first, in one
			 * step, into buckets of about BIG_BUCKET / 2 if its events
			 * are spread evenly over their span.  Only once: what a
			 * split leaves crowded (many events at one time, which no
			 * width separates) is loaded as it is. */
			int64_t lo = INT64_MAX, hi = INT64_MIN, w;
			int d = 1;
			for (uint32_t i = 0; i < b->n; i++) {
				lo = b->e[i]->time < lo ? b->e[i]->time : lo;
				hi = b->e[i]->time > hi ? b->e[i]->time : hi;
			}
			e->nosplit = (e->cur + 1) << e->shift;
			if (lo < hi) {
				w = (hi - lo) / (2 * (int64_t)b->n / BIG_BUCKET);
				while (d < e->shift && (INT64_C(1) << (e->shift - d)) > w)
					d++;
				e->cur--;
				rewidth(e, e->shift - d);
				continue;
			}
		}
		e->loads++;
		e->nring -= b->n;
		if (e->cap < b->n)
			while (e->cap < b->n)
				grow(e);
		/* The events are scattered: ask for them ahead of their turn. */
		for (uint32_t i = 0; i < b->n; i++) {
			if (i + PREFETCH < b->n)
				__builtin_prefetch(b->e[i + PREFETCH], 1);
			b->e[i]->where = ENG_IN_HEAP;
			place(e, e->n++, (struct eng_entry){b->e[i]->time, b->e[i]});
		}
		/* Floyd's heapify of what was loaded */
		for (int64_t i = ((int64_t)e->n - 2) / ARITY; i >= 0; i--)
			sift_down(e, (uint32_t)i, e->heap[i]);
		{
			uint32_t m = b->n;
			b->n = 0;
			if (b->cap > KEEP_BUCKET) {
				/* A bucket fills again only a lap later: give a large
				 * array back rather than keep every bucket at its peak. */
				free(b->e);
				b->e = NULL;
				b->cap = 0;
			}
			/* Adapt: a crowded bucket halves the width; many empty
			 * buckets per load double it. */
			if (m > BIG_BUCKET && e->shift > 0) {
				rewidth(e, e->shift - 1);
			} else if (e->loads >= 64) {
				if (e->skipped > 16 * e->loads && e->shift < 60)
					rewidth(e, e->shift + 1);
				e->loads = e->skipped = 0;
			}
		}
	}
	return 1;
}

/* ---- API ------------------------------------------------------------------ */

void eng_init(eng *e)
{
	*e = (eng){ .shift = INIT_SHIFT, .cur = -1 }; /* nothing loaded yet */
	e->ring = xcalloc(ENG_RING, sizeof(*e->ring));
}

void eng_destroy(eng *e)
{
	for (uint32_t i = e->hole; i < e->n; i++)
		e->heap[i].ev->where = 0;
	for (uint32_t k = 0; e->ring && k < ENG_RING; k++) {
		for (uint32_t i = 0; i < e->ring[k].n; i++)
			e->ring[k].e[i]->where = 0;
		free(e->ring[k].e);
	}
	for (uint32_t i = 0; i < e->over.n; i++)
		e->over.e[i]->where = 0;
	free(e->over.e);
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
	struct eng_entry last;

	if (ev->where == 0)
		return;
	if (ev->where == ENG_OVERFLOW) {
		bucket_del(&e->over, ev);
		return;
	}
	if (ev->where != ENG_IN_HEAP) {
		bucket_del(&e->ring[ev->where - ENG_RING_BASE], ev);
		e->nring--;
		return;
	}
	if (e->hole)
		close_hole(e);
	i = ev->pos;
	ev->where = 0;
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
	struct eng_entry top;

	if (e->interrupt && (e->executed & (ENG_POLL - 1)) == 0 && *e->interrupt)
		e->interrupted = 1;
	if (e->interrupted)
		return 0;
	if (e->hole)
		close_hole(e);
	if (!e->n && !advance(e))
		return 0;
	if (e->heap[0].time > until)
		return 0;
	top = e->heap[0];
	top.ev->where = 0;
	e->hole = 1;
	e->now = top.time;
	e->executed++;
	if (e->before)
		e->before(e);
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
	if (!e->stopped && !e->interrupted && e->now < until)
		e->now = until;
	return e->executed - start;
}
