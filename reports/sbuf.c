/* sbuf.c - growable string (see sbuf.h). */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/err.h"

static void reserve(sbuf *b, size_t more)
{
	if (b->n + more + 1 > b->cap) {
		b->cap = (b->n + more + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
}

void sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int need;

	va_start(ap, fmt);
	need = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (need < 0)
		return;
	reserve(b, (size_t)need);
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)need;
}

static void put(sbuf *b, const char *s, size_t n)
{
	reserve(b, n);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = 0;
}

void sb_gp_quoted(sbuf *b, const char *s)
{
	put(b, "'", 1);
	for (; *s; s++) {
		if (*s == '\'')
			put(b, "''", 2);
		else if ((unsigned char)*s >= 0x20)
			put(b, s, 1);
	}
	put(b, "'", 1);
}

void sb_html(sbuf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': put(b, "&amp;", 5); break;
		case '<': put(b, "&lt;", 4); break;
		case '>': put(b, "&gt;", 4); break;
		case '"': put(b, "&quot;", 6); break;
		case '\'': put(b, "&#39;", 5); break;
		default: put(b, s, 1);
		}
}

const char *sb_str(const sbuf *b)
{
	return b->s ? b->s : "";
}

void sb_free(sbuf *b)
{
	free(b->s);
	*b = (sbuf){ 0 };
}
