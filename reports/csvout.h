/* csvout.h - buffered CSV writing with libcsv quoting.
 *
 * Numbers are formatted deterministically (the same double always gives the
 * same text), so the same run gives byte-identical files.  Knows nothing of
 * the simulation.
 */
#ifndef ECS_CSVOUT_H
#define ECS_CSVOUT_H

#include <stdint.h>
#include <stdio.h>

#include "sim/support/err.h"

typedef struct csvw {
	FILE *f;
	char *path;
	int nfield;   /* fields written in the current row */
	int failed;   /* errno of the first write error, 0 if none (reported at close) */
	char *buf;    /* stdio buffer */
} csvw;

/* Opens path for writing with a large buffer; writes header (ncols names). */
int csvw_open(csvw *w, const char *path, const char *const *header, int ncols,
	      ecs_err *e);
void csvw_str(csvw *w, const char *s);   /* quoted by libcsv when needed; NULL = empty */
void csvw_i64(csvw *w, int64_t v);
void csvw_f(csvw *w, double v);          /* %.10g; NaN/inf written as empty */
void csvw_empty(csvw *w);
void csvw_endrow(csvw *w);
/* Flushes and closes; -1 with "cannot write PATH: strerror" on any error
 * during the file's life (disk full, ...). */
int csvw_close(csvw *w, ecs_err *e);

#endif
