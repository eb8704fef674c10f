/* err.h - the caller-owned error record every fallible ecsim function fills.
 *
 * Functions return 0 on success or -1 on failure and leave the message in an
 * ecs_err the caller owns.  The first error set wins (as in jansson), so a
 * low-level message ("$.seed: must be an integer") is not overwritten by the
 * generic one of a caller higher up.
 */
#ifndef ECS_ERR_H
#define ECS_ERR_H

#include <stddef.h>

typedef struct ecs_err {
	char msg[1024];
} ecs_err;

/* Clears e so that it can take a new error. */
void err_clear(ecs_err *e);

/* Sets the message unless one is already set; always returns -1. */
int err_set(ecs_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Puts prefix (e.g. "file: ") before an existing message. */
void err_prefix(ecs_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Nonzero if an error is set. */
static inline int err_isset(const ecs_err *e) { return e && e->msg[0] != 0; }

/* The entry of the NULL-terminated list closest to word (edit distance at
 * most 2, case-insensitive), for "did you mean" hints; NULL if none. */
const char *err_closest(const char *word, const char *const *list);

/* Allocation that cannot fail: prints and aborts on out-of-memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
