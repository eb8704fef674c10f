/* csvout.c - buffered CSV writer; quoting by libcsv's csv_fwrite (see csvout.h). */
#include "csvout.h"

#include <csv.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CSVW_BUF (1 << 20)

int csvw_open(csvw *w, const char *path, const char *const *header, int ncols, ecs_err *e)
{
	*w = (csvw){ 0 };
	w->f = fopen(path, "w");
	if (!w->f)
		return err_set(e, "cannot write %s: %s", path, strerror(errno));
	w->path = xstrdup(path);
	w->buf = xmalloc(CSVW_BUF);
	setvbuf(w->f, w->buf, _IOFBF, CSVW_BUF);
	for (int i = 0; i < ncols; i++)
		csvw_str(w, header[i]);
	csvw_endrow(w);
	return 0;
}

/* Keeps the errno of the first failed write, for the message at close. */
static void fail(csvw *w)
{
	if (!w->failed)
		w->failed = errno ? errno : EIO;
}

static void sep(csvw *w)
{
	if (w->nfield++ && putc(',', w->f) == EOF)
		fail(w);
}

/* Only fields that need it are quoted; libcsv does the quoting. */
static int needs_quotes(const char *s)
{
	return strpbrk(s, ",\"\r\n") != NULL || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '));
}

void csvw_str(csvw *w, const char *s)
{
	if (!w->f)
		return;
	sep(w);
	if (!s || !*s)
		return;
	if (needs_quotes(s)) {
		if (csv_fwrite(w->f, s, strlen(s)) != 0)
			fail(w);
	} else if (fputs(s, w->f) == EOF) {
		fail(w);
	}
}

void csvw_i64(csvw *w, int64_t v)
{
	if (!w->f)
		return;
	sep(w);
	if (fprintf(w->f, "%" PRId64, v) < 0)
		fail(w);
}

void csvw_f(csvw *w, double v)
{
	if (!w->f)
		return;
	sep(w);
	if (!isfinite(v))
		return;
	if (v == 0)
		v = 0; /* no "-0" */
	if (fprintf(w->f, "%.10g", v) < 0)
		fail(w);
}

void csvw_empty(csvw *w)
{
	if (w->f)
		sep(w);
}

void csvw_endrow(csvw *w)
{
	if (!w->f)
		return;
	if (putc('\n', w->f) == EOF)
		fail(w);
	w->nfield = 0;
}

int csvw_close(csvw *w, ecs_err *e)
{
	int rc = 0;

	if (!w->f)
		return 0;
	if (ferror(w->f))
		fail(w);
	if (fclose(w->f) != 0)
		fail(w);
	if (w->failed)
		rc = err_set(e, "cannot write %s: %s", w->path, strerror(w->failed));
	free(w->path);
	free(w->buf);
	*w = (csvw){ 0 };
	return rc;
}
