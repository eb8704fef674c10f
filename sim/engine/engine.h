/* engine.h - the discrete-event core: a clock and a queue of timed events.
 *
 * Time is an int64_t count of microseconds.  Events are ordered by (time,
 * sequence number), so events at equal times run in the order they were
 * scheduled and every run is deterministic.  Events are caller-owned structs
 * (usually embedded in the object they concern, found again with
 * ENG_CONTAINER_OF), so scheduling never allocates once the queue has grown.
 * The engine knows nothing about hosts or tasks.
 */
#ifndef ECS_ENGINE_H
#define ECS_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

struct eng;
typedef struct eng_event eng_event;

/* Called when ev's time comes; ev is no longer scheduled and may be
 * rescheduled from inside the callback. */
typedef void eng_fn(struct eng *eng, eng_event *ev);

/* Called before every event, with the clock already at the event's time
 * (redis's before-sleep hook, per event): where a model accumulates its
 * time-weighted integrals once instead of at the top of every handler. */
typedef void eng_hook(struct eng *eng);

/* 32 bytes, so that two records share a cache line and none straddles two. */
struct eng_event {
	eng_fn *fn;
	int64_t time;    /* when it runs */
	uint64_t seq;    /* scheduling order, compared only between equal times */
	uint32_t where;  /* 0 = not scheduled, ENG_IN_HEAP, ENG_OVERFLOW, or a
			  * calendar bucket + ENG_RING_BASE */
	uint32_t pos;    /* position in the heap or in its bucket */
};

#define ENG_IN_HEAP 1u
#define ENG_RING_BASE 2u
#define ENG_OVERFLOW UINT32_MAX

/* A heap entry: 16 bytes, the time beside the pointer, so the 4 children
 * of a node fill one cache line and comparing them reads no event. */
struct eng_entry {
	int64_t time;
	eng_event *ev;
};

/* An unsorted list of events of one calendar bucket (pointers only: at a
 * million pending events the queue's footprint is what costs). */
struct eng_bucket {
	eng_event **e;
	uint32_t n, cap;
};

typedef struct eng {
	int64_t now;        /* current simulated time (us) */
	uint64_t seq;       /* next sequence number */
	uint64_t executed;  /* events run so far */
	/* Near future: a 4-ary heap of the events of buckets <= cur. */
	struct eng_entry *heap;   /* heap[0] is the root */
	void *heap_mem;          /* allocation: heap is shifted inside it */
	uint32_t n, cap;
	int hole;           /* heap[0] is free: the running event's slot */
	/* Later: a calendar ring of ENG_RING buckets of 2^shift us each, then
	 * an overflow list beyond its horizon. */
	int shift;               /* bucket width: 2^shift us */
	int64_t cur;             /* current bucket number: time >> shift */
	int64_t nosplit;         /* buckets before this time were split already */
	struct eng_bucket *ring, over;
	uint64_t nring;          /* events in the ring */
	uint64_t loads, skipped; /* buckets loaded / empty buckets passed */
	int stopped;        /* set by eng_stop */
	/* Polled every ENG_POLL events by eng_run: when *interrupt becomes
	 * nonzero (a signal handler sets it) the run stops after the current
	 * event and `interrupted` is set.  NULL: never. */
	const volatile sig_atomic_t *interrupt;
	int interrupted;
	eng_hook *before;   /* may be NULL */
	void *user;         /* the model that owns this engine */
} eng;

/* Events between two looks at *interrupt: a few microseconds of work at
 * the slowest events measured, so a stop request is seen at once. */
#define ENG_POLL 1024

#define ENG_CONTAINER_OF(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

void eng_init(eng *e);
void eng_destroy(eng *e);

/* Schedules ev (which must not be pending) to run fn at time at >= now. */
void eng_schedule(eng *e, eng_event *ev, int64_t at, eng_fn *fn);

/* Removes ev from the queue if pending; no-op otherwise. */
void eng_cancel(eng *e, eng_event *ev);

static inline int eng_pending(const eng_event *ev) { return ev->where != 0; }

/* Number of events scheduled. */
uint64_t eng_size(const eng *e);

/* Time of the next event, or INT64_MAX if the queue is empty. */
int64_t eng_next_time(eng *e);

/* Runs events with time <= until, in order, then sets now = until (unless
 * stopped or interrupted).  Returns the number of events run. */
uint64_t eng_run(eng *e, int64_t until);

/* Runs the single next event if its time is <= until; 1 if one ran.  Also
 * polls *interrupt every ENG_POLL events: 0 (nothing run) once it is set. */
int eng_step(eng *e, int64_t until);

/* Makes eng_run return after the current event. */
static inline void eng_stop(eng *e) { e->stopped = 1; }

#endif
