/* import_note.h - placeholders and notes of `ecsim import` (import_note.c says more). */
#ifndef ECS_IMPORT_NOTE_H
#define ECS_IMPORT_NOTE_H

#include "import_ctx.h"

/* The text of a printf format (owned). */
char *imp_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A note on what was assumed or left out, once per path and text. */
void imp_note(imp *m, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A placeholder for a value the template does not determine (why: owned;
 * NULL: "a value import cannot evaluate"): recorded at path, returned as
 * the string to put where the value goes. */
json_t *imp_fill(imp *m, const char *path, char *why);

/* Whether v is a placeholder. */
int imp_is_fill(const json_t *v);

/* A placeholder v that will not be placed (an object wanted only for a
 * note): its line moves from the values to fill in to the notes. */
void imp_unplaced(imp *m, json_t *v, const char *consequence);

/* A JSON string of s, which it frees. */
json_t *imp_string(char *s);

/* The strings of list, ", " between them (owned). */
char *imp_join(const json_t *list);

/* A value as a string for comparisons (NULL for a placeholder or a
 * non-scalar); borrowed from v. */
const char *imp_str(const json_t *v);

#endif
