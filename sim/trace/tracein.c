/* tracein.c - streaming rows from CSV or blank-separated files (see tracein.h).
 *
 * Parsing is push-based (libcsv calls back per field and per row end); the
 * rows of one chunk are queued in a buffer and handed out one by one, so the
 * memory held is one chunk's worth of rows.  Line numbers count LF
 * characters: libcsv is run with CSV_REPALL_NL so that it reports blank
 * lines too, and newlines inside quoted fields are counted from the data.
 *
 * Row length is checked once per chunk, not per byte, so a row may grow one
 * chunk past TRACEIN_MAX_ROW before it is dropped; libcsv is then reset and
 * the rest of the row skipped here, without libcsv's buffering.
 */
#include "tracein.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (64 * 1024)
#define TOO_LONG (-1) /* nfields of a queued too-long row */

static void queue_bytes(tracein *r, const char *s, size_t n)
{
	if (r->len + n + 1 > r->cap) {
		while (r->len + n + 1 > r->cap)
			r->cap = r->cap ? r->cap * 2 : CHUNK;
		r->buf = xrealloc(r->buf, r->cap);
	}
	memcpy(r->buf + r->len, s, n);
	r->buf[r->len + n] = 0;
	r->len += n + 1;
}

static void queue_row(tracein *r, size_t off, int nfields, int64_t line)
{
	if (r->nrows == r->caprows) {
		r->caprows = r->caprows ? r->caprows * 2 : 256;
		r->rows = xrealloc(r->rows, (size_t)r->caprows * sizeof(*r->rows));
	}
	r->rows[r->nrows++] = (struct tracein_row){ off, nfields, line };
}

/* ---- CSV (libcsv callbacks) -------------------------------------------- */

static void on_field(void *s, size_t n, void *data)
{
	tracein *r = data;
	const char *p = s;

	if (r->cur_fields == 0) {
		r->cur_line = r->lines + 1;
		r->cur_off = r->len;
	}
	for (size_t i = 0; i < n; i++)
		r->embedded += p[i] == '\n';
	queue_bytes(r, p, n);
	r->cur_fields++;
}

static void on_row_end(int c, void *data)
{
	tracein *r = data;

	/* The check after each chunk misses a row that passes the limit in the
	 * chunk it ends in; this keeps the limit exact wherever chunks fall. */
	if (r->cur_fields > 0 && r->len - r->cur_off - 1 > TRACEIN_MAX_ROW) {
		r->len = r->cur_off;
		queue_row(r, r->cur_off, TOO_LONG, r->cur_line);
	} else if (r->cur_fields > 0) {
		queue_row(r, r->cur_off, r->cur_fields, r->cur_line);
	}
	r->cur_fields = 0;
	r->lines += r->embedded;
	r->embedded = 0;
	if (c == '\n')
		r->lines++;
}

/* ---- CSV: skipping a too-long record ----------------------------------- */

/* The record is skipped by following libcsv's own states (libcsv.c 3.0.3;
 * the numbers are not in csv.h), so that it ends where libcsv would have
 * ended it: at a CR or LF outside quotes.  Ending at the next LF instead
 * would land inside a quoted field and read its other lines as rows. */
enum {
	CSV_ROW_NOT_BEGUN, CSV_FIELD_NOT_BEGUN, CSV_FIELD_BEGUN, CSV_FIELD_MIGHT_HAVE_ENDED,
};
enum { SKIP_OFF, SKIP_BETWEEN, SKIP_PLAIN, SKIP_QUOTED, SKIP_QUOTE_SEEN };

/* Bytes of the row being assembled: its completed fields (each with the
 * separator after it) and libcsv's partial field. */
static size_t csv_row_bytes(const tracein *r)
{
	return (r->cur_fields > 0 ? r->len - r->cur_off : 0) + r->csv.entry_pos;
}

/* Drops the row being assembled as too long and starts skipping its rest. */
static void csv_drop_row(tracein *r)
{
	const struct csv_parser *p = &r->csv;
	unsigned char delim = p->delim_char;
	int64_t nl = r->embedded;

	for (size_t i = 0; i < p->entry_pos; i++)
		nl += p->entry_buf[i] == '\n';
	queue_row(r, r->len, TOO_LONG, r->lines + 1);
	if (r->cur_fields > 0)
		r->len = r->cur_off;
	r->cur_fields = 0;
	r->lines += nl;
	r->embedded = 0;
	switch (p->pstate) {
	case CSV_FIELD_BEGUN:
		r->skip = p->quoted ? SKIP_QUOTED : SKIP_PLAIN;
		break;
	case CSV_FIELD_MIGHT_HAVE_ENDED:
		r->skip = SKIP_QUOTE_SEEN;
		r->skip_spaces = p->spaces > 0;
		break;
	default:
		r->skip = SKIP_BETWEEN;
		break;
	}
	/* Frees the field buffer, which is what the limit is for. */
	csv_free(&r->csv);
	if (csv_init(&r->csv, CSV_REPALL_NL) != 0) {
		fprintf(stderr, "ecsim: out of memory\n");
		abort();
	}
	csv_set_delim(&r->csv, delim);
}

/* Skips bytes of a too-long record; returns how many, the record's end
 * included when it is reached (then skip is off). */
static size_t csv_skip(tracein *r, const unsigned char *s, size_t n)
{
	unsigned char delim = r->csv.delim_char;
	size_t i = 0;

	while (i < n && r->skip != SKIP_OFF) {
		unsigned char c = s[i++];
		int term = c == CSV_CR || c == CSV_LF;
		int blank = (c == CSV_SPACE || c == CSV_TAB) && c != delim;

		r->lines += c == '\n';
		switch (r->skip) {
		case SKIP_BETWEEN:
			if (term)
				r->skip = SKIP_OFF;
			else if (c == CSV_QUOTE)
				r->skip = SKIP_QUOTED;
			else if (!blank && c != delim)
				r->skip = SKIP_PLAIN;
			break;
		case SKIP_PLAIN:
			if (term)
				r->skip = SKIP_OFF;
			else if (c == delim)
				r->skip = SKIP_BETWEEN;
			break;
		case SKIP_QUOTED:
			if (c == CSV_QUOTE) {
				r->skip = SKIP_QUOTE_SEEN;
				r->skip_spaces = 0;
			}
			break;
		case SKIP_QUOTE_SEEN:
			/* as libcsv: after a closing quote, text other than a
			 * separator carries on the quoted field */
			if (term)
				r->skip = SKIP_OFF;
			else if (c == delim)
				r->skip = SKIP_BETWEEN;
			else if (blank)
				r->skip_spaces = 1;
			else if (c == CSV_QUOTE && r->skip_spaces)
				r->skip_spaces = 0;
			else
				r->skip = SKIP_QUOTED;
			break;
		}
	}
	return i;
}

/* Parses one chunk; a row that has grown past the limit is dropped. */
static int csv_chunk(tracein *r, const unsigned char *s, size_t n, ecs_err *e)
{
	while (n > 0) {
		if (r->skip != SKIP_OFF) {
			size_t k = csv_skip(r, s, n);
			s += k;
			n -= k;
			continue;
		}
		if (csv_parse(&r->csv, s, n, on_field, on_row_end, r) != n)
			return err_set(e, "%s: line %lld: %s", r->name, (long long)r->lines + 1,
				       csv_strerror(csv_error(&r->csv)));
		if (csv_row_bytes(r) > TRACEIN_MAX_ROW)
			csv_drop_row(r);
		break;
	}
	return 0;
}

/* ---- blank-separated --------------------------------------------------- */

static void blank_line(tracein *r, char *s, size_t n)
{
	size_t i = 0, off = r->len;
	int nf = 0;

	r->lines++;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i == n || (r->comment && s[i] == r->comment))
		return;
	while (i < n) {
		size_t b = i;
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			i++;
		queue_bytes(r, s + b, i - b);
		nf++;
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
	}
	queue_row(r, off, nf, r->lines);
}

static void blank_chunk(tracein *r, char *s, size_t n)
{
	while (n > 0) {
		char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) : n;
		if (r->skip) {
			/* the rest of a too-long line */
			r->skip = !nl;
			r->lines += nl != NULL;
		} else if (r->ncarry + k > TRACEIN_MAX_ROW) {
			queue_row(r, r->len, TOO_LONG, r->lines + 1);
			r->ncarry = 0;
			r->skip = !nl;
			r->lines += nl != NULL;
		} else if (!nl || r->ncarry) {
			if (r->ncarry + k > r->capcarry) {
				while (r->ncarry + k > r->capcarry)
					r->capcarry = r->capcarry ? r->capcarry * 2 : 4096;
				r->carry = xrealloc(r->carry, r->capcarry);
			}
			memcpy(r->carry + r->ncarry, s, k);
			r->ncarry += k;
			if (nl) {
				blank_line(r, r->carry, r->ncarry);
				r->ncarry = 0;
			}
		} else {
			blank_line(r, s, k);
		}
		if (!nl)
			return;
		s += k + 1;
		n -= k + 1;
	}
}

/* ---- files ------------------------------------------------------------- */

static int open_file(tracein *r, int i, ecs_err *e)
{
	r->file = i;
	r->name = r->names[i];
	r->lines = r->embedded = 0;
	r->cur_fields = 0;
	r->ncarry = 0;
	r->skip = 0;
	r->eof = 0;
	errno = 0;
	r->gz = gzopen(r->paths[i], "rb");
	if (!r->gz)
		return err_set(e, "cannot open %s: %s", r->names[i],
			       errno ? strerror(errno) : "out of memory");
	gzbuffer(r->gz, 256 * 1024);
	return 0;
}

static void close_file(tracein *r)
{
	if (r->gz)
		gzclose(r->gz);
	r->gz = NULL;
}

int tracein_open(tracein *r, char *const *paths, const char *const *names, int npaths,
		 enum tracein_mode mode, char delim, char comment, ecs_err *e)
{
	*r = (tracein){ .paths = paths, .names = names, .npaths = npaths, .mode = mode,
			.comment = comment };
	r->chunk = xmalloc(CHUNK);
	if (mode == TRACEIN_CSV) {
		if (csv_init(&r->csv, CSV_REPALL_NL) != 0) {
			fprintf(stderr, "ecsim: out of memory\n");
			abort();
		}
		r->csv_ok = 1;
		csv_set_delim(&r->csv, (unsigned char)delim);
	}
	return npaths > 0 ? open_file(r, 0, e) : 0;
}

/* Parses one more chunk of the current file; at its end finishes it. */
static int read_chunk(tracein *r, ecs_err *e)
{
	int n;

	if (r->stop && *r->stop)
		return err_set(e, "interrupted");
	n = gzread(r->gz, r->chunk, CHUNK);

	if (n < 0) {
		int code;
		const char *msg = gzerror(r->gz, &code);
		return err_set(e, "%s: read error: %s", r->name,
			       code == Z_ERRNO ? strerror(errno) : msg);
	}
	if (n == 0) {
		if (!gzeof(r->gz)) {
			int code;
			const char *msg = gzerror(r->gz, &code);
			return err_set(e, "%s: read error: %s", r->name,
				       code == Z_ERRNO ? strerror(errno) : msg);
		}
		/* A row being skipped ends with the file; libcsv has none then. */
		r->skip = 0;
		if (r->mode == TRACEIN_CSV) {
			csv_fini(&r->csv, on_field, on_row_end, r);
		} else if (r->ncarry) {
			blank_line(r, r->carry, r->ncarry);
			r->ncarry = 0;
		}
		r->eof = 1;
		return 0;
	}
	if (r->mode == TRACEIN_CSV)
		return csv_chunk(r, r->chunk, (size_t)n, e);
	blank_chunk(r, (char *)r->chunk, (size_t)n);
	return 0;
}

int tracein_next(tracein *r, ecs_err *e)
{
	for (;;) {
		if (r->next < r->nrows) {
			const struct tracein_row *w = &r->rows[r->next++];
			size_t p = w->off;
			r->line = w->line;
			r->too_long = w->nfields == TOO_LONG;
			if (r->too_long) {
				r->nfields = 0;
				return 1;
			}
			if (w->nfields > r->capfield) {
				r->capfield = w->nfields * 2;
				r->field = xrealloc(r->field, (size_t)r->capfield * sizeof(*r->field));
			}
			for (int i = 0; i < w->nfields; i++) {
				r->field[i] = r->buf + p;
				p += strlen(r->buf + p) + 1;
			}
			r->nfields = w->nfields;
			return 1;
		}
		/* Keep the fields of a row that the next chunk completes. */
		if (r->cur_fields > 0) {
			memmove(r->buf, r->buf + r->cur_off, r->len - r->cur_off);
			r->len -= r->cur_off;
			r->cur_off = 0;
		} else {
			r->len = 0;
		}
		r->nrows = r->next = 0;
		if (!r->gz)
			return 0;
		if (r->eof) {
			close_file(r);
			if (r->file + 1 >= r->npaths)
				return 0;
			if (open_file(r, r->file + 1, e) < 0)
				return -1;
			continue;
		}
		if (read_chunk(r, e) < 0)
			return -1;
	}
}

void tracein_close(tracein *r)
{
	close_file(r);
	if (r->csv_ok)
		csv_free(&r->csv);
	free(r->chunk);
	free(r->buf);
	free(r->rows);
	free(r->carry);
	free(r->field);
	*r = (tracein){ 0 };
}
