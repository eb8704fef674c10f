/* tracein.h - rows of a text table read as a stream: CSV or blank-separated.
 *
 * Reads one or more files (plain or gzip, told apart by zlib) in chunks of
 * 64 KiB and hands out one row at a time with the number of the line it
 * starts on, so that a file of any size is never in memory whole.  CSV is
 * parsed by libcsv (quotes, embedded newlines, CRLF); the blank-separated
 * mode splits lines on spaces and tabs and skips comment lines.  Knows
 * nothing of what the columns mean.
 */
#ifndef ECS_TRACEIN_H
#define ECS_TRACEIN_H

#include <csv.h>
#include <stdint.h>
#include <zlib.h>

#include "err.h"

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
	/* queued rows: fields NUL-terminated in buf; rows[] index them */
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
 * file, -1 on a read error ("NAME: read error: ..."). */
int tracein_next(tracein *r, ecs_err *e);

void tracein_close(tracein *r);

#endif
