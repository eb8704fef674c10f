/* targets.h - the fuzz targets: one function per parser that takes arbitrary bytes.
 *
 * Each target feeds its input to one of ecsim's parsers (and, when the
 * input parses, to what consumes the result) and aborts through fz_bug()
 * when it finds a broken promise, e.g. a distribution sampling a negative
 * value or --check failing on a loaded scenario.  The same functions are
 * linked into libFuzzer drivers (fuzz_main.c, 'make fuzz') and into the
 * test runner, which replays tests/fuzz/corpus/TARGET/ (tests/unit/test_fuzz.c).
 */
#ifndef ECS_FUZZ_TARGETS_H
#define ECS_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

typedef int fz_fn(const uint8_t *data, size_t size);

typedef struct fz_target {
	const char *name;  /* also the corpus folder name */
	fz_fn *fn;
} fz_target;

/* Every target, NULL-terminated. */
extern const fz_target fz_targets[];

fz_fn fz_scenario, fz_query, fz_regex, fz_set, fz_strategy, fz_units, fz_schedexpr, fz_dist,
	fz_study;
fz_fn fz_trace_ali17, fz_trace_openb, fz_trace_swf, fz_trace_google, fz_trace_csv;

/* Prints "fuzz bug: MESSAGE" and aborts. */
void fz_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
