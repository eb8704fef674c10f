/* sbuf.h - a growable string for building scripts and documents.
 *
 * Used for gnuplot scripts (with sb_gp_quoted for names) and HTML (with
 * sb_html for text).  Knows nothing of the simulation.
 */
#ifndef ECS_SBUF_H
#define ECS_SBUF_H

#include <stddef.h>

typedef struct sbuf {
	char *s;         /* NUL-terminated once anything was added; NULL before */
	size_t n, cap;
} sbuf;

/* Appends formatted text. */
void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends s as a gnuplot single-quoted literal: quotes doubled, control
 * bytes dropped, so a name can never run gnuplot code. */
void sb_gp_quoted(sbuf *b, const char *s);

/* Appends s with &, <, >, " and ' escaped for HTML text and attributes. */
void sb_html(sbuf *b, const char *s);

/* The text so far ("" when empty); owned by b. */
const char *sb_str(const sbuf *b);

void sb_free(sbuf *b);

#endif
