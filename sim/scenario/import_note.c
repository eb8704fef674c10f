/* import_note.c - what `ecsim import` reports: the placeholders ("<<FILL IN: ...>>",
 * each recorded with its template path) and the notes on what it assumed
 * or left out, and the message formatting they share.  Evaluates nothing
 * and reads no template (import_eval.c, import_tpl.c do).
 */
#include "import_note.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *vfmt(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static char *vfmt(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *imp_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vfmt(fmt, ap);
	va_end(ap);
	return s;
}

static void add_msg(import_msg **a, int *n, const char *path, char *text)
{
	*a = xrealloc(*a, (size_t)(*n + 1) * sizeof(**a));
	(*a)[*n].path = xstrdup(path);
	(*a)[(*n)++].text = text;
}

void imp_note(imp *m, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *text, *key;

	va_start(ap, fmt);
	text = vfmt(fmt, ap);
	va_end(ap);
	key = imp_fmt("%s\n%s", path, text);
	if (json_object_get(m->noted, key)) {
		free(text);
	} else {
		json_object_set_new(m->noted, key, json_true());
		add_msg(&m->r->notes, &m->r->nnotes, path, text);
	}
	free(key);
}

json_t *imp_fill(imp *m, const char *path, char *why)
{
	json_t *v;
	char *s;

	if (!why)
		why = xstrdup("a value import cannot evaluate");
	s = imp_fmt("%s%s>>", IMPORT_FILL, why);
	v = json_string(s);
	free(s);
	if (!v) /* why quotes an argument that is not valid UTF-8 */
		v = json_string(IMPORT_FILL "a value import cannot evaluate>>");
	add_msg(&m->r->fills, &m->r->nfills, path, why);
	return v;
}

int imp_is_fill(const json_t *v)
{
	return json_is_string(v) && strncmp(json_string_value(v), IMPORT_FILL,
					    strlen(IMPORT_FILL)) == 0;
}

void imp_unplaced(imp *m, json_t *v, const char *consequence)
{
	for (int i = m->r->nfills - 1; i >= 0; i--) {
		import_msg *f = &m->r->fills[i];
		if (strncmp(json_string_value(v) + strlen(IMPORT_FILL), f->text, strlen(f->text)))
			continue;
		imp_note(m, f->path, "%s; %s", f->text, consequence);
		free(f->path);
		free(f->text);
		memmove(f, f + 1, (size_t)(m->r->nfills - i - 1) * sizeof(*f));
		m->r->nfills--;
		break;
	}
}

json_t *imp_string(char *s)
{
	json_t *v = json_string(s);

	free(s);
	return v;
}

char *imp_join(const json_t *list)
{
	char *out = xstrdup(""), *l;
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x) {
		l = imp_fmt("%s%s%s", out, i ? ", " : "", json_string_value(x));
		free(out);
		out = l;
	}
	return out;
}

const char *imp_str(const json_t *v)
{
	return imp_is_fill(v) ? NULL : json_string_value(v);
}
