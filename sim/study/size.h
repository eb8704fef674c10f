/* size.h - what ecsim size's search (size.c) and its report
 * (size_report.c) share: the runs made, the points tried, the compaction
 * trials, the state of one study.  Private to those two files; the
 * command's entry point is expt_size (expt.h).
 */
#ifndef ECS_SIZE_H
#define ECS_SIZE_H

#include "expt.h"

#include "sim/scenario/scenario.h"

#define NDESIGN 7

/* Every run of the study, in the order made. */
struct runs {
	json_t **res;
	char **design;           /* NDESIGN per run */
	int n, cap;
};

/* A count tried for a strategy: its runs are first .. first + reps - 1. */
struct point {
	int64_t count;
	int first, meets;
};

struct search {
	int64_t lo, hi;          /* lo fails, hi meets (once known) */
	int lo_known, hi_known, done;
	struct point *pts;
	int npts;
};

/* Compaction of one strategy in one trial: k hosts removed. */
struct compact {
	int64_t lo, hi;          /* removing lo fits; removing hi does not (N + 1 at first) */
	int done, full_fits, runs;
};

struct sizing {
	expt_ctx *c;
	const expt_size_opts *o;
	scenario sc;              /* with the study's sets: group counts */
	int group;                /* the sized group */
	int64_t others, max;      /* hosts in the other groups; largest count tried */
	struct search *srch;
	struct compact *cmp;      /* nstrats x trials */
	size_t **order;           /* per trial: group of the k-th host removed */
	struct runs all;
};

/* The value a target is judged on: the mean, or the unfavourable end of
 * the interval (the mean when there is no interval). */
double size_judged(const stats_ci *s, enum expt_op op, int by_ci);
/* Does v meet t (>= and <= with a relative 1e-9 of slack). */
int size_target_met(const expt_target *t, double v);
const char *size_op_text(enum expt_op op);

/* The outputs of a finished search (size_report.c): size.csv, fleet.csv,
 * compaction.csv, the plots, index.html and the printed answer. */
int size_write_size(struct sizing *z, const expt_table *t, ecs_err *e);
int size_write_fleet(struct sizing *z, ecs_err *e);
int size_write_compaction(struct sizing *z, ecs_err *e);
void size_plots(struct sizing *z, const expt_table *t);
int size_write_index(struct sizing *z, const expt_table *t, int with_plots, ecs_err *e);
void size_print_summary(const struct sizing *z, const expt_table *t, double wall);

#endif
