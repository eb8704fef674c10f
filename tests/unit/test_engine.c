/* test_engine.c - event order, ties in scheduling order, cancellation. */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/engine/engine.h"
#include "sim/engine/rng.h"

struct rec {
	eng_event ev;
	int id;
	int64_t at;
	int *log;
	int *nlog;
};

static void record(eng *e, eng_event *ev)
{
	struct rec *r = ENG_CONTAINER_OF(ev, struct rec, ev);
	r->log[(*r->nlog)++] = r->id;
	if (e->now != r->at)
		r->log[(*r->nlog)++] = -1000; /* wrong clock: makes the test fail */
}

TEST(test_engine_order_and_ties)
{
	eng e;
	struct rec r[6];
	int log[16], n = 0;
	/* times; ids 2, 3 and 5 share time 20 and must run in scheduling order */
	int64_t at[6] = { 30, 10, 20, 20, 5, 20 };
	int want[6] = { 4, 1, 2, 3, 5, 0 };

	eng_init(&e);
	for (int i = 0; i < 6; i++) {
		r[i] = (struct rec){ .id = i, .at = at[i], .log = log, .nlog = &n };
		eng_schedule(&e, &r[i].ev, at[i], record);
	}
	CHECK_EQ(eng_run(&e, 100), 6);
	CHECK_EQ(n, 6);
	for (int i = 0; i < 6; i++)
		CHECK_EQ(log[i], want[i]);
	CHECK_EQ(e.now, 100);
	eng_destroy(&e);
}

TEST(test_engine_run_until_leaves_later_events)
{
	eng e;
	struct rec a, b;
	int log[4], n = 0;

	eng_init(&e);
	a = (struct rec){ .id = 1, .at = 50, .log = log, .nlog = &n };
	b = (struct rec){ .id = 2, .at = 51, .log = log, .nlog = &n };
	eng_schedule(&e, &a.ev, 50, record);
	eng_schedule(&e, &b.ev, 51, record);
	CHECK_EQ(eng_run(&e, 50), 1);
	CHECK_EQ(e.now, 50);
	CHECK(eng_pending(&b.ev));
	CHECK(!eng_pending(&a.ev));
	CHECK_EQ(eng_next_time(&e), 51);
	eng_destroy(&e);
}

TEST(test_engine_cancel)
{
	eng e;
	struct rec r[5];
	int log[8], n = 0;

	eng_init(&e);
	for (int i = 0; i < 5; i++) {
		r[i] = (struct rec){ .id = i, .at = 10 * (i + 1), .log = log, .nlog = &n };
		eng_schedule(&e, &r[i].ev, r[i].at, record);
	}
	eng_cancel(&e, &r[2].ev);
	eng_cancel(&e, &r[0].ev);
	eng_cancel(&e, &r[0].ev); /* twice is harmless */
	CHECK(!eng_pending(&r[2].ev));
	eng_run(&e, 1000);
	CHECK_EQ(n, 3);
	CHECK_EQ(log[0], 1);
	CHECK_EQ(log[1], 3);
	CHECK_EQ(log[2], 4);
	eng_destroy(&e);
}

struct chain {
	eng_event ev;
	int left;
};

static void resched(eng *e, eng_event *ev)
{
	struct chain *c = ENG_CONTAINER_OF(ev, struct chain, ev);
	if (--c->left > 0)
		eng_schedule(e, ev, e->now + 7, resched);
}

TEST(test_engine_reschedule_from_callback)
{
	eng e;
	struct chain c = { .left = 10 };

	eng_init(&e);
	eng_schedule(&e, &c.ev, 0, resched);
	CHECK_EQ(eng_run(&e, 1000), 10);
	CHECK_EQ(c.left, 0);
	CHECK_EQ(e.executed, 10);
	eng_destroy(&e);
}

/* A random mix of schedules and cancels must come out sorted by (time, seq)
 * with nothing lost: compared against a brute-force model. */
struct item {
	eng_event ev;
	int64_t at;
	uint64_t order;
	int live;
	int64_t *last_at;
	uint64_t *last_order;
	int *bad, *ran;
};

static void check_order(eng *e, eng_event *ev)
{
	struct item *it = ENG_CONTAINER_OF(ev, struct item, ev);
	if (it->at < *it->last_at || (it->at == *it->last_at && it->order < *it->last_order) ||
	    !it->live)
		(*it->bad)++;
	*it->last_at = it->at;
	*it->last_order = it->order;
	it->live = 0;
	(*it->ran)++;
}

TEST(test_engine_random_against_model)
{
	enum { N = 20000 };
	eng e;
	struct item *it = calloc(N, sizeof(*it));
	gsl_rng *r = rng_stream_new(1, "test", 0);
	int64_t last_at = -1;
	uint64_t last_order = 0, seq = 0;
	int bad = 0, ran = 0, live = 0;

	eng_init(&e);
	for (int i = 0; i < N; i++) {
		it[i] = (struct item){ .at = (int64_t)gsl_rng_uniform_int(r, 500), .order = seq++,
				       .live = 1, .last_at = &last_at, .last_order = &last_order,
				       .bad = &bad, .ran = &ran };
		eng_schedule(&e, &it[i].ev, it[i].at, check_order);
		live++;
		if (i > 10 && gsl_rng_uniform(r) < 0.3) {
			int k = (int)gsl_rng_uniform_int(r, (unsigned long)i);
			if (it[k].live) {
				eng_cancel(&e, &it[k].ev);
				it[k].live = 0;
				live--;
			}
		}
	}
	eng_run(&e, 1000);
	CHECK_EQ(bad, 0);
	CHECK_EQ(ran, live);
	CHECK_EQ(e.n, 0);
	gsl_rng_free(r);
	free(it);
	eng_destroy(&e);
}

TEST(test_engine_rng_streams_independent)
{
	gsl_rng *a = rng_stream_new(42, "arrivals", 0), *b = rng_stream_new(42, "arrivals", 0);
	gsl_rng *c = rng_stream_new(42, "arrivals", 1), *d = rng_stream_new(43, "arrivals", 0);
	int same_ab = 1, same_ac = 1, same_ad = 1;

	for (int i = 0; i < 100; i++) {
		unsigned long x = gsl_rng_get(a), y = gsl_rng_get(b), z = gsl_rng_get(c),
			      w = gsl_rng_get(d);
		same_ab &= x == y;
		same_ac &= x == z;
		same_ad &= x == w;
	}
	CHECK(same_ab);
	CHECK(!same_ac);
	CHECK(!same_ad);
	gsl_rng_free(a), gsl_rng_free(b), gsl_rng_free(c), gsl_rng_free(d);
}

/* The calendar: times from microseconds to years apart, crowded and
 * sparse stretches (so the bucket width halves and doubles), cancellations
 * in the heap, the ring and the overflow, and events that reschedule
 * themselves.  Everything must run once, in (time, seq) order. */
struct citem {
	eng_event ev;
	int live, runs, id;
};

struct cstate {
	struct citem *it;
	int n, bad, ran;
	int64_t last_at;
	uint64_t last_seq;
	gsl_rng *r;
	eng *e;
};

static struct cstate *cst;

static int64_t draw_gap(gsl_rng *r)
{
	double u = gsl_rng_uniform(r);
	if (u < 0.4)
		return (int64_t)gsl_rng_uniform_int(r, 50);               /* crowded */
	if (u < 0.8)
		return (int64_t)gsl_rng_uniform_int(r, 4000000000ul);     /* hours */
	if (u < 0.95)
		return (int64_t)(gsl_rng_uniform(r) * 3e13);              /* a year */
	return 0;                                                        /* ties */
}

static void cal_run(eng *e, eng_event *ev)
{
	struct citem *it = ENG_CONTAINER_OF(ev, struct citem, ev);
	if (!it->live || e->now < cst->last_at ||
	    (e->now == cst->last_at && ev->seq < cst->last_seq))
		cst->bad++;
	cst->last_at = e->now;
	cst->last_seq = ev->seq;
	it->runs++;
	cst->ran++;
	it->live = 0;
	/* a third reschedule themselves; some cancel another event */
	if (gsl_rng_uniform(cst->r) < 0.33) {
		it->live = 1;
		eng_schedule(e, ev, e->now + draw_gap(cst->r), cal_run);
	}
	if (gsl_rng_uniform(cst->r) < 0.1) {
		struct citem *o = &cst->it[gsl_rng_uniform_int(cst->r, (unsigned long)cst->n)];
		if (o->live && o != it) {
			eng_cancel(e, &o->ev);
			o->live = 0;
		}
	}
	/* every live event is pending and nothing else is */
	if (cst->ran % 97 == 0) {
		uint64_t live = 0;
		for (int i = 0; i < cst->n; i++) {
			if (cst->it[i].live != eng_pending(&cst->it[i].ev))
				cst->bad++;
			live += cst->it[i].live;
		}
		if (live != eng_size(e))
			cst->bad++;
	}
}

/* n items, none scheduled yet, and the engine, with cst pointing at st. */
static void cal_begin(struct cstate *st, eng *e, int n, uint64_t seed)
{
	*st = (struct cstate){ .it = calloc((size_t)n, sizeof(*st->it)), .n = n,
			       .r = rng_stream_new(seed, "test", 0), .e = e, .last_at = -1 };
	cst = st;
	eng_init(e);
}

/* Frees what cal_begin made; returns how many items are live or pending
 * (0 when every event ran). */
static int cal_end(struct cstate *st)
{
	int left = 0;

	for (int i = 0; i < st->n; i++)
		left += st->it[i].live || eng_pending(&st->it[i].ev);
	eng_destroy(st->e);
	gsl_rng_free(st->r);
	free(st->it);
	cst = NULL;
	return left;
}

TEST(test_engine_calendar_random)
{
	enum { N = 30000 };
	eng e;
	struct cstate st = { 0 };
	int live = 0;

	cal_begin(&st, &e, N, 7);
	for (int i = 0; i < N; i++) {
		st.it[i].id = i;
		st.it[i].live = 1;
		eng_schedule(&e, &st.it[i].ev, draw_gap(st.r), cal_run);
		if (i > 10 && gsl_rng_uniform(st.r) < 0.2) {
			int k = (int)gsl_rng_uniform_int(st.r, (unsigned long)i);
			if (st.it[k].live) {
				eng_cancel(&e, &st.it[k].ev);
				st.it[k].live = 0;
			}
		}
	}
	for (int i = 0; i < N; i++)
		live += st.it[i].live;
	CHECK_EQ(eng_size(&e), live);
	/* run in slices, as the CLI does */
	for (int64_t t = 0; eng_size(&e) && !st.bad; t += 250000000000)
		eng_run(&e, t);
	CHECK_EQ(st.bad, 0);
	CHECK_EQ(eng_size(&e), 0);
	CHECK_EQ(cal_end(&st), 0);
	CHECK(st.ran > N);
}

/* A crowded start: 100,000 events within the first 2 s, a tenth of them
 * tied, fill the first bucket (2^20 us) far beyond what the heap should
 * sort.  It must be split before it is loaded (the heap stays small), and
 * everything must still run once, in (time, seq) order, with cancellations
 * of events in the heap and in the ring along the way. */
TEST(test_engine_crowded_first_bucket)
{
	enum { N = 100000 };
	eng e;
	struct cstate st = { 0 };

	cal_begin(&st, &e, N, 11);
	for (int i = 0; i < N; i++) {
		int64_t at = gsl_rng_uniform(st.r) < 0.1 ? 500000
							 : (int64_t)gsl_rng_uniform_int(st.r, 2000000);
		st.it[i].id = i;
		st.it[i].live = 1;
		eng_schedule(&e, &st.it[i].ev, at, cal_run);
	}
	CHECK(eng_step(&e, INT64_MAX));
	if (e.n > 4 * 1024)
		TEST_FAILED("the first bucket was loaded whole: %u events in the heap", e.n);
	for (int i = 0; i < N; i += 7)
		if (st.it[i].live) {
			eng_cancel(&e, &st.it[i].ev);
			st.it[i].live = 0;
		}
	eng_run(&e, INT64_MAX);
	CHECK_EQ(st.bad, 0);
	CHECK_EQ(eng_size(&e), 0);
	CHECK_EQ(cal_end(&st), 0);
}

/* A crowded moment narrows the buckets; afterwards the overflow must not
 * keep most events (each lap would file them all again): the width grows
 * back.  120,000 events spread over 10 h, and 40,000 within 2 ms at 3 h. */
TEST(test_engine_width_recovers_after_a_crowd)
{
	enum { N = 160000 };
	eng e;
	struct cstate st;

	cal_begin(&st, &e, N, 13);
	for (int i = 0; i < N; i++) {
		int64_t at = i < 40000 ? 10800000000 + (int64_t)gsl_rng_uniform_int(st.r, 2000)
				       : (int64_t)(gsl_rng_uniform(st.r) * 36e9);
		st.it[i].live = 1;
		eng_schedule(&e, &st.it[i].ev, at, cal_run);
	}
	eng_run(&e, 18000000000);
	CHECK_EQ(st.bad, 0);
	if (e.over.n > e.nring)
		TEST_FAILED("at 5 h the overflow holds %u events, the ring %llu", e.over.n,
			    (unsigned long long)e.nring);
	eng_run(&e, INT64_MAX);
	CHECK_EQ(st.bad, 0);
	CHECK_EQ(cal_end(&st), 0);
}
