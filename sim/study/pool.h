/* pool.h - runs a batch of independent simulations in parallel: on local
 * worker processes and, in a build with MPI, over the ranks of mpirun.
 *
 * Run i of a batch goes to rank i mod nranks; on a rank, runs go to up to
 * `jobs` forked worker processes, each sending its result back as JSON
 * text (doubles print with 17 digits, so they come back bit for bit).
 * Results are stored by run index, never in completion order, and every
 * rank ends up with all of them: every rank then takes the same decisions
 * (bisection steps), and a study's results do not depend on jobs or ranks.
 * Knows nothing of what the runs measure.
 */
#ifndef ECS_POOL_H
#define ECS_POOL_H

#include <jansson.h>
#include <signal.h>

#include "sim/support/err.h"
#include "study.h"

typedef struct pool {
	int jobs;           /* worker processes on this rank (1 = in this process) */
	int rank, nranks;   /* 0 and 1 without MPI */
	int progress;       /* show a progress line on stderr (rank 0 only) */
	const volatile sig_atomic_t *stop;  /* set by a signal handler; may be NULL */
	int mpi;            /* MPI_Init was called here */
	/* progress of the current batch */
	double t0, last_shown;
	int done, mine, shown;
	const char *label;
} pool;

/* Starts MPI in an MPI build (a binary started without mpirun is one rank),
 * then sets jobs: 0 means one per online core, or 1 per rank when there are
 * several ranks.  progress: show a progress line (on rank 0, when stderr is
 * a terminal; the caller checks isatty and --quiet). */
int pool_init(pool *p, int *argc, char ***argv, int jobs, int progress,
	      const volatile sig_atomic_t *stop);

/* Runs specs[0..n-1]; out[i] gets run i's study_run object (caller frees).
 * label names the batch on the progress line.  -1 on the first failed or
 * crashed run (the message names it) or when stopped; out is then freed.
 * Under MPI every rank must call it with the same batch, and every rank
 * gets the same results or the same error. */
int pool_run(pool *p, const study_spec *specs, int n, json_t **out, const char *label,
	     ecs_err *e);

/* 1 if ok is nonzero on every rank (a collective call under MPI), so that
 * all ranks stop together when, say, rank 0 cannot create the output
 * folder. */
int pool_all_ok(pool *p, int ok);

/* Ends MPI if pool_init started it. */
void pool_finish(pool *p);

/* 1 on the rank that prints and writes files (rank 0). */
static inline int pool_leader(const pool *p) { return p->rank == 0; }

/* "local" or "MPI" - what this binary was built with. */
const char *pool_transport(void);

#endif
