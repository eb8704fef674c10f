/* pool.c - local worker processes and MPI ranks (see pool.h).
 *
 * Fork per run: a worker runs one simulation, writes its result to a pipe
 * and exits, so a crash (or a leak) in one run cannot touch another, and
 * the parent never shares memory with a running simulation.  Forking costs
 * about a millisecond, far below a run.
 */
#include "pool.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reports/sbuf.h"

#ifdef ECSIM_MPI
#include <mpi.h>
#endif

const char *pool_transport(void)
{
#ifdef ECSIM_MPI
	return "MPI";
#else
	return "local";
#endif
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int pool_init(pool *p, int *argc, char ***argv, int jobs, int progress,
	      const volatile sig_atomic_t *stop)
{
	*p = (pool){ .jobs = jobs, .rank = 0, .nranks = 1, .stop = stop };
#ifdef ECSIM_MPI
	{
		int inited = 0;
		MPI_Initialized(&inited);
		if (!inited) {
			if (MPI_Init(argc, argv) != MPI_SUCCESS)
				return -1;
			p->mpi = 1;
		}
		MPI_Comm_rank(MPI_COMM_WORLD, &p->rank);
		MPI_Comm_size(MPI_COMM_WORLD, &p->nranks);
	}
#else
	(void)argc;
	(void)argv;
#endif
	if (p->jobs <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		p->jobs = p->nranks > 1 ? 1 : n > 0 ? (int)n : 1;
	}
	p->progress = progress && p->rank == 0;
	return 0;
}

int pool_all_ok(pool *p, int ok)
{
#ifdef ECSIM_MPI
	if (p->nranks > 1) {
		int all = 0;
		ok = ok != 0;
		MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
		return all;
	}
#else
	(void)p;
#endif
	return ok != 0;
}

void pool_finish(pool *p)
{
#ifdef ECSIM_MPI
	if (p->mpi)
		MPI_Finalize();
#endif
	p->mpi = 0;
}

static void show(pool *p, int final)
{
	double el = now_s() - p->t0, eta;

	if (!p->progress || (!final && (el < 1.0 || now_s() - p->last_shown < 0.2)))
		return;
	if (final && !p->shown)
		return;
	eta = p->done > 0 ? el * (p->mine - p->done) / p->done : 0;
	if (final)
		fprintf(stderr, "\r  %s: runs %d/%d%s done in %.1f s                \n", p->label,
			p->done, p->mine, p->nranks > 1 ? " (rank 0)" : "", el);
	else
		fprintf(stderr, "\r  %s: runs %d/%d%s  elapsed %.1f s  ETA %.0f s   ", p->label,
			p->done, p->mine, p->nranks > 1 ? " (rank 0)" : "", el, eta);
	p->last_shown = now_s();
	p->shown = 1;
}

static int run_failed(const study_spec *sp, int i, const char *msg, ecs_err *e)
{
	return err_set(e, "run %d (seed %llu, strategy %s): %s", i,
		       (unsigned long long)sp->seed, sp->strategy ? sp->strategy : "scenario's",
		       msg);
}

/* A result object from a worker; -1 if it is an error report. */
static int take(const study_spec *sp, int i, json_t *r, json_t **out, ecs_err *e)
{
	const json_t *msg = json_object_get(r, "error");

	if (msg) {
		run_failed(sp, i, json_string_value(msg), e);
		json_decref(r);
		return -1;
	}
	*out = r;
	return 0;
}

struct worker {
	pid_t pid;
	int fd, idx;
	sbuf buf;
};

static void child(const study_spec *sp, int fd)
{
	ecs_err e = { 0 };
	json_t *r;
	char *text;
	size_t len, off = 0;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	r = study_run(sp, NULL, &e);
	if (!r) {
		r = json_object();
		json_object_set_new(r, "error", json_string(e.msg));
	}
	text = json_dumps(r, JSON_COMPACT);
	json_decref(r);
	len = text ? strlen(text) : 0;
	while (off < len) {
		ssize_t k = write(fd, text + off, len - off);
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	free(text);
	/* _exit: the parent's stdio buffers and atexit handlers are not ours */
	_exit(off == len ? 0 : 3);
}

static void reap_all(struct worker *w, int nw)
{
	for (int i = 0; i < nw; i++)
		if (w[i].pid > 0) {
			kill(w[i].pid, SIGTERM);
			waitpid(w[i].pid, NULL, 0);
			close(w[i].fd);
			sb_free(&w[i].buf);
			w[i].pid = 0;
		}
}

/* --jobs 1: the runs one after the other in this process. */
static int run_serial(pool *p, const study_spec *specs, const int *idx, int n, json_t **out,
		      ecs_err *e)
{
	for (int k = 0; k < n; k++) {
		ecs_err re = { 0 };
		int i = idx[k];
		if (p->stop && *p->stop)
			return err_set(e, "interrupted");
		out[i] = study_run(&specs[i], p->stop, &re);
		if (!out[i])
			return p->stop && *p->stop ? err_set(e, "interrupted")
						   : run_failed(&specs[i], i, re.msg, e);
		p->done++;
		show(p, 0);
	}
	return 0;
}

/* Forks workers into the free slots of w for the runs idx[*next..n), while
 * fewer than p->jobs run and no stop is asked. */
static int start_workers(pool *p, struct worker *w, const study_spec *specs, const int *idx,
			 int n, int *next, int *active, ecs_err *e)
{
	while (*active < p->jobs && *next < n && !(p->stop && *p->stop)) {
		int fds[2], s = 0;
		pid_t pid;
		while (w[s].pid > 0)
			s++;
		if (pipe(fds) != 0)
			return err_set(e, "cannot start a worker: %s", strerror(errno));
		pid = fork();
		if (pid < 0) {
			close(fds[0]);
			close(fds[1]);
			return err_set(e, "cannot start a worker: %s", strerror(errno));
		}
		if (pid == 0) {
			close(fds[0]);
			child(&specs[idx[*next]], fds[1]);
		}
		close(fds[1]);
		w[s] = (struct worker){ .pid = pid, .fd = fds[0], .idx = idx[*next] };
		(*next)++;
		(*active)++;
	}
	return 0;
}

/* Worker wk's pipe is readable: takes what came, and when the worker has
 * finished (end of file) reaps it and takes its result into out.  *done is
 * set then. */
static int read_worker(struct worker *wk, const study_spec *specs, json_t **out, int *done,
		       ecs_err *e)
{
	char chunk[65536];
	ssize_t got;
	int st;
	json_t *r;

	*done = 0;
	got = read(wk->fd, chunk, sizeof(chunk));
	if (got < 0 && errno == EINTR)
		return 0;
	if (got > 0) {
		sb_printf(&wk->buf, "%.*s", (int)got, chunk);
		return 0;
	}
	/* end of the result: the worker has finished */
	close(wk->fd);
	waitpid(wk->pid, &st, 0);
	wk->pid = 0;
	*done = 1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		char why[64];
		if (WIFSIGNALED(st))
			snprintf(why, sizeof(why), "the worker died of signal %d", WTERMSIG(st));
		else
			snprintf(why, sizeof(why), "the worker exited with status %d",
				 WEXITSTATUS(st));
		return run_failed(&specs[wk->idx], wk->idx, why, e);
	}
	if (!(r = json_loads(sb_str(&wk->buf), 0, NULL)))
		return run_failed(&specs[wk->idx], wk->idx, "the worker sent an unreadable result",
				  e);
	return take(&specs[wk->idx], wk->idx, r, &out[wk->idx], e);
}

/* Runs the runs idx[0..n-1] of specs on this rank; results into out[idx]. */
static int run_local(pool *p, const study_spec *specs, const int *idx, int n, json_t **out,
		     ecs_err *e)
{
	struct worker *w;
	int next = 0, active = 0, rc = 0;

	if (p->jobs <= 1)
		return run_serial(p, specs, idx, n, out, e);
	w = xcalloc((size_t)p->jobs, sizeof(*w));
	fflush(NULL); /* nothing buffered may be written twice */
	while ((next < n || active > 0) && rc == 0) {
		struct pollfd pf[p->jobs];
		int slot[p->jobs], np = 0;

		if ((rc = start_workers(p, w, specs, idx, n, &next, &active, e)))
			break;
		if (p->stop && *p->stop) {
			rc = err_set(e, "interrupted");
			break;
		}
		for (int s = 0; s < p->jobs; s++)
			if (w[s].pid > 0) {
				pf[np] = (struct pollfd){ .fd = w[s].fd, .events = POLLIN };
				slot[np++] = s;
			}
		if (poll(pf, (nfds_t)np, 200) < 0 && errno != EINTR) {
			rc = err_set(e, "poll: %s", strerror(errno));
			break;
		}
		for (int k = 0; k < np && rc == 0; k++) {
			struct worker *wk = &w[slot[k]];
			int done;

			if (!(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			rc = read_worker(wk, specs, out, &done, e);
			if (!done)
				continue;
			active--;
			sb_free(&wk->buf);
			if (rc == 0) {
				p->done++;
				show(p, 0);
			}
		}
	}
	reap_all(w, p->jobs);
	free(w);
	return rc;
}

#ifdef ECSIM_MPI
/* Every rank sends its results (one JSON text per line, in index order, or
 * one {"error": ...} line) to every other. */
static int exchange(pool *p, int n, json_t **out, int local_rc, const ecs_err *local_e,
		    ecs_err *e)
{
	sbuf mine = { 0 };
	int len, *lens = xcalloc((size_t)p->nranks, sizeof(int));
	int *displs = xcalloc((size_t)p->nranks, sizeof(int)), total = 0, rc = 0;
	char *all;

	if (local_rc) {
		json_t *r = json_object();
		char *t;
		json_object_set_new(r, "error", json_string(local_e->msg));
		t = json_dumps(r, JSON_COMPACT);
		sb_printf(&mine, "%s\n", t);
		free(t);
		json_decref(r);
	} else {
		for (int i = p->rank; i < n; i += p->nranks) {
			char *t = json_dumps(out[i], JSON_COMPACT);
			sb_printf(&mine, "%s\n", t);
			free(t);
		}
	}
	len = (int)mine.n;
	MPI_Allgather(&len, 1, MPI_INT, lens, 1, MPI_INT, MPI_COMM_WORLD);
	for (int r = 0; r < p->nranks; r++) {
		displs[r] = total;
		total += lens[r];
	}
	all = xmalloc((size_t)total + 1);
	MPI_Allgatherv(mine.s ? mine.s : "", len, MPI_CHAR, all, lens, displs, MPI_CHAR,
		       MPI_COMM_WORLD);
	all[total] = 0;
	for (int r = 0; r < p->nranks && rc == 0; r++) {
		char *line = all + displs[r], *end = line + lens[r];
		for (int i = r; line < end && rc == 0; i += p->nranks) {
			char *nl = memchr(line, '\n', (size_t)(end - line));
			json_t *obj;
			const json_t *msg;
			if (!nl)
				break;
			*nl = 0;
			obj = json_loads(line, 0, NULL);
			line = nl + 1;
			if (!obj) {
				rc = err_set(e, "rank %d sent an unreadable result", r);
			} else if ((msg = json_object_get(obj, "error"))) {
				rc = err_set(e, "%s", json_string_value(msg));
				json_decref(obj);
			} else if (i >= n) {
				rc = err_set(e, "rank %d sent too many results", r);
				json_decref(obj);
			} else if (r == p->rank) {
				json_decref(obj); /* already have it */
			} else {
				out[i] = obj;
			}
		}
	}
	for (int i = 0; i < n && rc == 0; i++)
		if (!out[i])
			rc = err_set(e, "run %d: no result came back", i);
	free(all);
	free(lens);
	free(displs);
	sb_free(&mine);
	return rc;
}
#endif

int pool_run(pool *p, const study_spec *specs, int n, json_t **out, const char *label,
	     ecs_err *e)
{
	int *idx = xmalloc((size_t)(n > 0 ? n : 1) * sizeof(*idx)), mine = 0, rc;
	ecs_err le = { 0 };

	for (int i = 0; i < n; i++)
		out[i] = NULL;
	for (int i = p->rank; i < n; i += p->nranks)
		idx[mine++] = i;
	p->t0 = now_s();
	p->last_shown = 0;
	p->done = 0;
	p->mine = mine;
	p->shown = 0;
	p->label = label;
	rc = run_local(p, specs, idx, mine, out, &le);
	show(p, 1);
	free(idx);
#ifdef ECSIM_MPI
	if (p->nranks > 1)
		rc = exchange(p, n, out, rc, &le, e);
	else if (rc)
		err_set(e, "%s", le.msg);
#else
	if (rc)
		err_set(e, "%s", le.msg);
#endif
	if (rc)
		for (int i = 0; i < n; i++) {
			json_decref(out[i]);
			out[i] = NULL;
		}
	return rc;
}
