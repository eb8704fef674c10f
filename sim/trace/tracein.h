/* tracein.h - rows of a text table read as a stream: CSV or blank-separated.
 *
 * Reads one or more files (plain or gzip, told apart by zlib) in chunks of
 * 64 KiB and hands out one row at a time with the number of the line it
 * starts on, so that a file of any size is never in memory whole.  CSV is
 * parsed by libcsv (quotes, embedded newlines, CRLF); the blank-separated
 * mode splits lines on spaces and tabs and skips comment lines.  Knows
 * nothing of what the columns mean.
 *
 * A row is never longer than TRACEIN_MAX_ROW in memory: a longer one is
 * skipped to its end and handed out as a too-long row.  So what is held is
 * bounded whatever the input, a gzip bomb included: the rows of one chunk
 * and at most one row being assembled, which may pass TRACEIN_MAX_ROW by
 * one chunk before it is dropped.  That is at most about 2 MiB of queued
 * fields, 1.1 MiB in libcsv's field buffer (or the blank-mode line buffer),
 * 1.5 MiB of row index, zlib's buffers (under 1 MiB) and 8 bytes a field,
 * allocated twice over, for the field pointers of the widest row handed
 * out: under 6 MiB for rows of ordinary width, about 22 MiB at the very
 * worst (a kept row of a million empty fields).
 */
#ifndef ECS_TRACEIN_H
#define ECS_TRACEIN_H

#include <csv.h>
#include <signal.h>
#include <stdint.h>
#include <zlib.h>

#include "sim/support/err.h"

/* The longest row kept, in bytes: those of its fields as read plus one per
 * separator, so for an ordinary line its length without the line end.  A
 * row is a line, or in CSV a record (which may span lines inside quotes).
 * 1 MiB is far above any real trace row and far below a memory problem. */
#define TRACEIN_MAX_ROW 1048576

enum tracein_mode {
	TRACEIN_CSV,    /* libcsv with the given delimiter */
	TRACEIN_BLANK,  /* fields separated by runs of blanks */
};

typedef struct tracein {
	/* the current row, valid until the next tracein_next */
	char **field;
	int nfields;
	int64_t line;          /* line number (from 1) the row starts on */
	const char *name;      /* display name of the file it is from */
	int file;              /* index of that file */
	/* Set by the caller after tracein_open: once *stop is nonzero (a
	 * signal handler), the next chunk read fails with "interrupted". */
	const volatile sig_atomic_t *stop;
	int too_long;          /* longer than TRACEIN_MAX_ROW: skipped, nfields 0 */

	/* private */
	char *const *paths;
	const char *const *names;
	int npaths;
	enum tracein_mode mode;
	char comment;          /* blank mode: lines starting with it are skipped */
	gzFile gz;
	struct csv_parser csv;
	int csv_ok;
	unsigned char *chunk;
	int eof;               /* current file fully parsed */
	int skip;              /* skipping the rest of a too-long row (CSV: where in it) */
	int skip_spaces;       /* CSV: blanks seen after a closing quote while skipping */
	/* queued rows: fields NUL-terminated in buf; rows[] index them
	 * (nfields -1: a too-long row) */
	char *buf;
	size_t len, cap;
	struct tracein_row { size_t off; int nfields; int64_t line; } *rows;
	int nrows, caprows, next;
	/* row being assembled (CSV) */
	int cur_fields;
	size_t cur_off;
	int64_t cur_line, lines, embedded;
	/* partial line carried between chunks (blank mode) */
	char *carry;
	size_t ncarry, capcarry;
	int capfield;
} tracein;

/* Opens the first of npaths files (read in order, as one table).  names
 * are how messages show them (e.g. the path as the scenario writes it). */
int tracein_open(tracein *r, char *const *paths, const char *const *names, int npaths,
		 enum tracein_mode mode, char delim, char comment, ecs_err *e);

/* Next row: 1 with the row in r->field etc., 0 at the end of the last
 * file, -1 on a read error ("NAME: read error: ...").  A row longer than
 * TRACEIN_MAX_ROW comes out with too_long set, no fields and its line. */
int tracein_next(tracein *r, ecs_err *e);

void tracein_close(tracein *r);

#endif
