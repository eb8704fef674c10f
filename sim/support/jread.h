/* jread.h - fields of a JSON object read with checks, every message naming
 * the field by its "$.a[1].b" path: types, unknown keys (with a "did you
 * mean" hint), integers, numbers, shares, strings, booleans, durations and
 * names from a list, each with its range.  Knows nothing of scenarios.
 */
#ifndef ECS_JREAD_H
#define ECS_JREAD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Size of a path buffer; longer paths are cut (messages only). */
#define JREAD_PATHMAX 256

/* "an object", "an array", "a string", ... for "must be X, not Y". */
const char *jread_type_name(const json_t *j);

/* PATH.KEY and PATH[I] into buf (JREAD_PATHMAX bytes); returns buf. */
const char *jread_kpath(char *buf, const char *path, const char *key);
const char *jread_ipath(char *buf, const char *path, size_t i);

/* Every key of obj must be in known or ignored (NULL-terminated lists,
 * either may be NULL); else "PATH: unknown key ..." with a hint.  (For
 * files that have no key table: a scenario's objects have one, below.) */
int jread_keys(const json_t *obj, const char *path, const char *const *known,
	       const char *const *ignored, ecs_err *e);

/* ---- key tables -------------------------------------------------------------
 * A key table lists the keys an object may have, one row per key, ended by
 * JREAD_END: the key's name, what its value may be and a line of
 * description.  The loader checks an object's keys against its table
 * (jread_check_keys) and jread_schema turns the same table into a JSON
 * Schema, so that the two cannot disagree about which keys there are.  A
 * value (jread_val) is described by the JSON types it may have and, where
 * cheap, its bounds, its words, the keys of an object and what the entries
 * of an array are; the readers above still make every check. */

/* JSON types of a value (bits of jread_val.type). */
enum {
	JREAD_BOOL = 1 << 0,
	JREAD_INT = 1 << 1,    /* an integer (a number with no fraction counts) */
	JREAD_NUM = 1 << 2,    /* any number */
	JREAD_STR = 1 << 3,
	JREAD_ARR = 1 << 4,
	JREAD_OBJ = 1 << 5,
	JREAD_NULL = 1 << 6,
	JREAD_ANY = (1 << 7) - 1,
};

/* jread_val.flags */
enum {
	JREAD_MIN = 1 << 0,      /* numbers: >= min (> min with JREAD_XMIN) */
	JREAD_MAX = 1 << 1,      /* numbers: <= max (< max with JREAD_XMAX) */
	JREAD_XMIN = 1 << 2,
	JREAD_XMAX = 1 << 3,
	JREAD_NONEMPTY = 1 << 4, /* strings: not ""; arrays: at least one entry */
	JREAD_UNIQUE = 1 << 5,   /* arrays: no entry twice */
};

/* jread_key.flags */
enum {
	JREAD_REQUIRED = 1 << 0, /* the key must be there whatever the rest says */
	JREAD_IGNORED = 1 << 1,  /* accepted and not read (an AWS key without
				  * effect); suggested only when no known key is */
};

typedef struct jread_key jread_key;
typedef struct jread_val jread_val;

/* The keys of an object whose tag key has the value tag. */
typedef struct jread_variant {
	const char *tag;           /* NULL ends a list */
	const jread_key *keys;
} jread_variant;

/* What a value may be.  An all-zero one is anything. */
struct jread_val {
	unsigned type;                   /* JREAD_BOOL | ...; 0 with ref or like */
	unsigned flags;                  /* JREAD_MIN, ... */
	double min, max;
	const char *const *words;        /* strings: the only values (NULL-ended) */
	const char *ref;                 /* a shape the schema defines ($defs/REF) */
	const jread_val *like;           /* the value is as *like says */
	const jread_key *keys;           /* objects: their keys (NULL: any keys) */
	const jread_val *other;          /* objects: any other key, with this value */
	const jread_val *items;          /* arrays: each entry (NULL: anything) */
	const jread_val *const *any_of;  /* one of these (NULL-ended) */
	const char *tag;                 /* objects whose keys depend on the string */
	const jread_variant *variants;   /* at key tag: its values and their keys */
	const char *def;                 /* a value used in several places: its name
					  * in the schema's $defs */
};

/* One row of a key table. */
struct jread_key {
	const char *name;                /* NULL ends the table */
	unsigned flags;                  /* JREAD_REQUIRED, JREAD_IGNORED */
	jread_val v;
	const char *doc;                 /* one line, for the schema */
	const jread_key *include;        /* a row that stands for another table's rows */
	/* a row that stands for keys known at run time: the i-th into *out, 0
	 * when there is none (e.g. one per autoscaling policy type) */
	int (*expand)(int i, jread_key *out);
};

/* Rows; the optional last argument sets more, e.g. JREAD_REQ. */
#define JREAD_END { .name = NULL }
#define JREAD_REQ .flags = JREAD_REQUIRED
#define JREAD_LIST(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define JR_IGNORED(n) { .name = (n), .flags = JREAD_IGNORED, .v = { .type = JREAD_ANY } }
#define JR_ANY(n, d, ...) { .name = (n), .v = { .type = JREAD_ANY }, .doc = (d), __VA_ARGS__ }
#define JR_BOOL(n, d, ...) { .name = (n), .v = { .type = JREAD_BOOL }, .doc = (d), __VA_ARGS__ }
#define JR_STR(n, d, ...) { .name = (n), .v = { .type = JREAD_STR }, .doc = (d), __VA_ARGS__ }
#define JR_NAME(n, d, ...)                                                             \
	{ .name = (n), .v = { .type = JREAD_STR, .flags = JREAD_NONEMPTY }, .doc = (d),  \
	  __VA_ARGS__ }
#define JR_WORDS(n, w, d, ...)                                                         \
	{ .name = (n), .v = { .type = JREAD_STR, .words = (w) }, .doc = (d), __VA_ARGS__ }
#define JR_INT(n, lo, hi, d, ...)                                                      \
	{ .name = (n), .v = { .type = JREAD_INT, .flags = JREAD_MIN | JREAD_MAX,          \
			      .min = (lo), .max = (hi) }, .doc = (d), __VA_ARGS__ }
#define JR_NUM(n, lo, d, ...)                                                          \
	{ .name = (n), .v = { .type = JREAD_NUM, .flags = JREAD_MIN, .min = (lo) },      \
	  .doc = (d), __VA_ARGS__ }
/* a number in [lo, hi] */
#define JR_NUM_RANGE(n, lo, hi, d, ...)                                                \
	{ .name = (n), .v = { .type = JREAD_NUM, .flags = JREAD_MIN | JREAD_MAX,          \
			      .min = (lo), .max = (hi) }, .doc = (d), __VA_ARGS__ }
/* a number in [lo, hi) */
#define JR_NUM_BELOW(n, lo, hi, d, ...)                                                \
	{ .name = (n), .v = { .type = JREAD_NUM, .flags = JREAD_MIN | JREAD_MAX |         \
			      JREAD_XMAX, .min = (lo), .max = (hi) }, .doc = (d), __VA_ARGS__ }
/* a number > 0 */
#define JR_POSITIVE(n, d, ...)                                                         \
	{ .name = (n), .v = { .type = JREAD_NUM, .flags = JREAD_MIN | JREAD_XMIN },       \
	  .doc = (d), __VA_ARGS__ }
#define JR_REF(n, r, d, ...) { .name = (n), .v = { .ref = (r) }, .doc = (d), __VA_ARGS__ }
#define JR_DURATION(n, d, ...) JR_REF(n, "duration", d, __VA_ARGS__)
#define JR_RATE(n, d, ...) JR_REF(n, "rate", d, __VA_ARGS__)
#define JR_LIKE(n, val, d, ...) { .name = (n), .v = { .like = (val) }, .doc = (d), __VA_ARGS__ }
#define JR_OBJ(n, k, d, ...)                                                           \
	{ .name = (n), .v = { .type = JREAD_OBJ, .keys = (k) }, .doc = (d), __VA_ARGS__ }
/* an array of objects with keys k */
#define JR_OBJS(n, k, d, ...)                                                          \
	{ .name = (n), .v = { .type = JREAD_ARR,                                          \
			      .items = &(const jread_val){ .type = JREAD_OBJ, .keys = (k) } }, \
	  .doc = (d), __VA_ARGS__ }
#define JR_INCLUDE(k) { .name = "", .include = (k) }
#define JR_EXPAND(fn) { .name = "", .expand = (fn) }

/* Every key of obj must be in the table (an unknown one: as jread_keys). */
int jread_check_keys(const json_t *obj, const char *path, const jread_key *keys, ecs_err *e);

/* Calls fn on each key of the table in order, include and expand rows
 * replaced by the keys they stand for; stops at the first fn that returns
 * nonzero, and returns that. */
int jread_each(const jread_key *keys, int (*fn)(const jread_key *k, void *ctx), void *ctx);

/* The JSON Schema (draft 2020-12) of a value: "type", bounds, "enum",
 * "properties" (with "additionalProperties": false unless other says
 * otherwise, and "required"), "items", "anyOf"; a variant object's keys by
 * "if"/"then"; a ref as {"$ref": "#/$defs/REF"}.  A value with a def goes
 * into the object defs under that name, once, and is referred to (without
 * defs, NULL, it is written out where it is used).  A new reference. */
json_t *jread_schema(const jread_val *v, json_t *defs);

/* j must be an object / an array / an array of at most max entries
 * ("PATH: N WHAT, at most MAX"). */
int jread_object(const json_t *j, const char *path, ecs_err *e);
int jread_array(const json_t *j, const char *path, ecs_err *e);
int jread_array_max(const json_t *j, const char *path, size_t max, const char *what,
		    ecs_err *e);

/* The readers below look up obj[key] (path is obj's path).  An absent key
 * leaves *out as it is (the caller's default) and is an error only when
 * required ("PATH.KEY: required"). */

/* An integer in [min, max]; a number with no fraction counts as one. */
int jread_int(const json_t *obj, const char *key, const char *path, int64_t *out,
	      int64_t min, int64_t max, int required, ecs_err *e);
int jread_int32(const json_t *obj, const char *key, const char *path, int32_t *out,
		int64_t min, int64_t max, int required, ecs_err *e);

/* A finite number >= min. */
int jread_number(const json_t *obj, const char *key, const char *path, double *out,
		 double min, ecs_err *e);

/* A share from 0 to 1. */
int jread_share(const json_t *obj, const char *key, const char *path, double *out,
		ecs_err *e);

/* A string, copied to *out (which is freed first); a required one must not
 * be empty. */
int jread_str(const json_t *obj, const char *key, const char *path, char **out,
	      int required, ecs_err *e);

/* true or false, as 1 or 0. */
int jread_bool(const json_t *obj, const char *key, const char *path, int *out, ecs_err *e);

/* A duration in microseconds (see units.h). */
int jread_duration(const json_t *obj, const char *key, const char *path, int64_t *out,
		   int required, ecs_err *e);

/* The index of s in names (NULL-terminated); else -1 with "PATH: unknown
 * WHAT "S"" and a hint or the list of names. */
int jread_pick(const char *s, const char *const *names, const char *path, const char *what,
	       ecs_err *e);

/* A string that must be one of names: its index in *out. */
int jread_choice(const json_t *obj, const char *key, const char *path,
		 const char *const *names, const char *what, int *out, ecs_err *e);

#endif
