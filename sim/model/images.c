/* images.c - container image pulls and each instance's image cache (see
 * images.h).
 *
 * What ECS documents (Container image pull behavior, ECS developer guide;
 * ECS_IMAGE_PULL_BEHAVIOR in the agent configuration): the agent pulls a
 * task's images before its containers start and keeps a copy; with
 * `default` and `always` it pulls every time (a pull of an image already
 * on disk transfers no layer, so it costs the registry round trips alone,
 * pullLatency), with `once` only an image it has not pulled before on the
 * instance, with `prefer-cached` only an image not on the instance.
 * FARGATE keeps no image: every task pulls all of its images.
 *
 * ecsim's assumptions (docs/scenario-format.md, "images"): an instance
 * runs concurrentPulls pulls at once (default 1), each at that share of
 * its throughput (a fixed share: a pull alone is no faster), in the order
 * the tasks asked (so the images of a burst of tasks queue); a task that wants an
 * image already on its way waits for that pull (Docker joins concurrent
 * pulls of one image); images are whole (no layers shared between them);
 * an instance's images beyond its disk budget go, least recently asked for
 * first, but never one that a task on the instance uses (Docker refuses
 * to remove it); a terminated instance's disk is gone, a new one starts
 * with the AMI's images.
 */
#include "model.h"
#include "images.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The task definition whose images t runs, -1 for none (trace tasks). */
static int32_t task_td(const sim *s, const sim_task *t)
{
	if (t->svc >= 0)
		return t->td;
	if (t->wl >= 0)
		return s->sc->workloads[t->wl].taskdef;
	return -1;
}

static int64_t budget(const sim *s, int32_t h)
{
	int32_t ty = s->cl.hosts[h].type;

	if (ty >= 0 && s->sc->types[ty].cache_mib >= 0)
		return s->sc->types[ty].cache_mib * 1048576;
	return s->sc->pull.cache_bytes;
}

static double bandwidth(const sim *s, int32_t h)
{
	int32_t ty = h >= 0 ? s->cl.hosts[h].type : -1;

	if (h < 0)
		return s->sc->pull.fargate_mibps;
	if (ty >= 0 && s->sc->types[ty].pull_mibps > 0)
		return s->sc->types[ty].pull_mibps;
	return s->sc->pull.mibps;
}

/* us a pull of image i takes at mibps: the round trips and the bytes. */
static int64_t pull_time(const sim *s, int32_t i, double mibps)
{
	double us = (double)s->sc->pull.images[i].bytes / (mibps * 1048576.0) * 1e6;

	return s->sc->pull.latency + (int64_t)llround(us);
}

static img_entry *find(img_host *hs, int32_t image)
{
	for (int32_t k = 0; k < hs->n; k++)
		if (hs->e[k].image == image)
			return &hs->e[k];
	return NULL;
}

static img_entry *add(const sim *s, img_host *hs, int32_t image, int pulled, int64_t ready,
		      int64_t used)
{
	if (hs->n == hs->cap) {
		hs->cap = hs->cap ? 2 * hs->cap : 4;
		hs->e = xrealloc(hs->e, (size_t)hs->cap * sizeof(*hs->e));
	}
	hs->e[hs->n] = (img_entry){ .image = image, .pulled = (uint8_t)pulled, .ready = ready,
				    .used = used };
	hs->bytes += s->sc->pull.images[image].bytes;
	return &hs->e[hs->n++];
}

/* The pull slot of hs free first (the lowest among equals). */
static int64_t *first_free(img_host *hs, int n)
{
	int64_t *best = &hs->free_at[0];

	for (int k = 1; k < n; k++)
		if (hs->free_at[k] < *best)
			best = &hs->free_at[k];
	return best;
}

/* Marks (s->img->mark) the images the tasks on host h use. */
static void mark_in_use(const sim *s, int32_t h)
{
	const sim_images *m = s->img;

	memset(m->mark, 0, (size_t)s->sc->pull.nimages);
	for (const cl_task *ct = s->cl.hosts[h].tasks; ct; ct = ct->hnext) {
		int32_t td = task_td(s, ENG_CONTAINER_OF(ct, const sim_task, ct));
		for (int k = 0; td >= 0 && k < s->sc->taskdefs[td].nimages; k++)
			m->mark[s->sc->taskdefs[td].images[k]] = 1;
	}
}

/* Beyond its budget, host h drops the images no task of it uses, least
 * recently asked for first (the oldest entry among equals). */
static void evict(sim *s, int32_t h)
{
	sim_images *m = s->img;
	img_host *hs;
	int64_t cap;

	if (h < 0 || h >= m->nhosts)
		return;
	hs = &m->hosts[h];
	cap = budget(s, h);
	if (hs->bytes <= cap)
		return;
	mark_in_use(s, h);
	while (hs->bytes > cap) {
		int32_t victim = -1;
		for (int32_t k = 0; k < hs->n; k++)
			if (!m->mark[hs->e[k].image] && (victim < 0 || hs->e[k].used < hs->e[victim].used))
				victim = k;
		if (victim < 0)
			return; /* every image left is in use */
		hs->bytes -= s->sc->pull.images[hs->e[victim].image].bytes;
		memmove(&hs->e[victim], &hs->e[victim + 1],
			(size_t)(hs->n - victim - 1) * sizeof(*hs->e));
		hs->n--;
		m->evictions++;
	}
}

/* Host h's cache, made on first use: the AMI's images, on disk since
 * before the instance registered. */
static img_host *host_of(sim *s, int32_t h)
{
	sim_images *m = s->img;
	img_host *hs;

	if (h >= m->nhosts) {
		int32_t n = s->cl.nhosts > h ? s->cl.nhosts : h + 1;
		m->hosts = xrealloc(m->hosts, (size_t)n * sizeof(*m->hosts));
		memset(m->hosts + m->nhosts, 0, (size_t)(n - m->nhosts) * sizeof(*m->hosts));
		m->nhosts = n;
	}
	hs = &m->hosts[h];
	if (!hs->launched) {
		hs->launched = 1;
		hs->free_at = xcalloc((size_t)s->sc->pull.concurrent, sizeof(*hs->free_at));
		for (int k = 0; k < s->sc->pull.npreloaded; k++)
			add(s, hs, s->sc->pull.preloaded[k], 0, -1, -1);
		evict(s, h);
	}
	return hs;
}

int64_t img_pull(sim *s, sim_task *t)
{
	sim_images *m = s->img;
	const sc_image_pull *p = &s->sc->pull;
	int64_t now = s->eng.now, ready = now;
	int32_t tdi, h = t->ct.host;
	const sc_taskdef *td;

	t->pull = 0;
	if (!m->on || (tdi = task_td(s, t)) < 0 || s->sc->taskdefs[tdi].nimages == 0)
		return 0;
	td = &s->sc->taskdefs[tdi];
	if (t->fargate || h < 0) {
		/* FARGATE: a fresh host every task, its images one after another */
		for (int k = 0; k < td->nimages; k++)
			ready += pull_time(s, td->images[k], bandwidth(s, -1));
		m->fargate_pulls += td->nimages;
	} else {
		img_host *hs = host_of(s, h);
		double bw = bandwidth(s, h) / p->concurrent; /* a slot's share */
		for (int k = 0; k < td->nimages; k++) {
			int32_t i = td->images[k];
			img_entry *e = find(hs, i);
			int64_t at;
			if (e && e->ready > now) {
				at = e->ready; /* joins the pull under way */
				m->shared++;
			} else if (e) {
				/* on disk: the agent still asks the registry (a pull
				 * that finds every layer, which other tasks join)
				 * unless the behaviour lets it use its copy */
				int skip = p->behavior == SC_PULL_PREFER_CACHED ||
					   (p->behavior == SC_PULL_ONCE && e->pulled);
				at = skip ? now : (e->ready = now + p->latency);
				e->pulled = 1;
				m->cached++;
			} else {
				int64_t *slot = first_free(hs, p->concurrent);
				int64_t start = *slot > now ? *slot : now;
				at = *slot = start + pull_time(s, i, bw);
				e = add(s, hs, i, 1, at, now);
				m->pulls++;
				m->bytes_pulled += p->images[i].bytes;
			}
			e->used = now;
			if (at > ready)
				ready = at;
		}
		evict(s, h);
	}
	t->pull = ready - now;
	m->tasks++;
	m->wait_us += t->pull;
	qtl_add(&m->waits, us_to_s(t->pull));
	if (t->pull > m->max_wait_us)
		m->max_wait_us = t->pull;
	return t->pull;
}

void img_host_gone(sim *s, int32_t h)
{
	sim_images *m = s->img;

	if (!m->on || h >= m->nhosts)
		return;
	free(m->hosts[h].e);
	free(m->hosts[h].free_at);
	m->hosts[h] = (img_host){ 0 };
}

/* A task that starts RUNNING without walking PENDING (a warm start: the
 * service had been running long before time 0) has its images on disk. */
static void img_task_running(sim *s, sim_service *v, sim_task *t)
{
	img_host *hs;
	int32_t tdi = task_td(s, t);
	const sc_taskdef *td;

	(void)v;
	if (!s->img->on || t->fargate || t->ct.host < 0 || tdi < 0)
		return;
	td = &s->sc->taskdefs[tdi];
	hs = host_of(s, t->ct.host);
	for (int k = 0; k < td->nimages; k++)
		if (!find(hs, td->images[k]))
			add(s, hs, td->images[k], 1, s->eng.now, s->eng.now);
	evict(s, t->ct.host);
}

/* A task left host h: the images only it used may go now. */
static void img_service_task_gone(sim *s, sim_service *v, int32_t h)
{
	(void)v;
	if (s->img->on)
		evict(s, h);
}

static void img_task_ended(sim *s, sim_task *t, enum sim_end why, int32_t h)
{
	(void)t;
	(void)why;
	if (s->img->on)
		evict(s, h);
}

int img_check(const sim *s, char *buf, size_t n)
{
	const sim_images *m = s->img;
	char id[24];

	if (!m->on)
		return 0;
	for (int32_t h = 0; h < m->nhosts && h < s->cl.nhosts; h++) {
		const img_host *hs = &m->hosts[h];
		int64_t bytes = 0;
		for (int32_t k = 0; k < hs->n; k++) {
			bytes += s->sc->pull.images[hs->e[k].image].bytes;
			for (int32_t j = 0; j < k; j++)
				if (hs->e[j].image == hs->e[k].image) {
					cl_host_instance_id(h, id);
					snprintf(buf, n, "instance %s has image %s twice", id,
						 s->sc->pull.images[hs->e[k].image].name);
					return -1;
				}
		}
		cl_host_instance_id(h, id);
		if (bytes != hs->bytes) {
			snprintf(buf, n, "instance %s counts %lld bytes of images, has %lld", id,
				 (long long)hs->bytes, (long long)bytes);
			return -1;
		}
		if (bytes > budget(s, h)) {
			mark_in_use(s, h);
			for (int32_t k = 0; k < hs->n; k++)
				if (!m->mark[hs->e[k].image]) {
					snprintf(buf, n, "instance %s keeps %.6g MiB of images, more than "
						 "its budget of %.6g MiB, and image %s is not in use",
						 id, (double)bytes / 1048576.0,
						 (double)budget(s, h) / 1048576.0,
						 s->sc->pull.images[hs->e[k].image].name);
					return -1;
				}
		}
	}
	return 0;
}

static int img_init(sim *s, const sim_opts *o, ecs_err *e)
{
	(void)o;
	(void)e;
	s->img->on = s->sc->pull.on;
	if (s->img->on)
		s->img->mark = xcalloc((size_t)s->sc->pull.nimages + 1, 1);
	return 0;
}

static void images_create(sim *s)
{
	s->img = xcalloc(1, sizeof(*s->img));
	qtl_init(&s->img->waits, 0);
}

static void images_destroy(sim *s)
{
	for (int32_t h = 0; h < s->img->nhosts; h++) {
		free(s->img->hosts[h].e);
		free(s->img->hosts[h].free_at);
	}
	free(s->img->hosts);
	free(s->img->mark);
	qtl_destroy(&s->img->waits);
	free(s->img);
}

const sim_module images_module = {
	.name = "images",
	.create = images_create,
	.init = img_init,
	.destroy = images_destroy,
	.task_running = img_task_running,
	.service_task_gone = img_service_task_gone,
	.task_ended = img_task_ended,
};
