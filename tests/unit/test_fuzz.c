/* test_fuzz.c - replays the fuzz corpus: every file of tests/fuzz/corpus/TARGET/
 * through the target's function, without libFuzzer.  A crash, sanitizer
 * report or fz_bug() in one of them fails the suite; the inputs are the
 * seeds and every bug the fuzzers found (tests/fuzz/README in docs/hardening.md).
 */
#include <dirent.h>
#include <stdlib.h>

#include "tests/test.h"
#include "tests/fuzz/targets.h"
#include "sim/support/err.h"

static uint8_t *slurp_bytes(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, k;

	if (!f)
		return NULL;
	do {
		if (n == cap)
			buf = xrealloc(buf, cap = cap ? 2 * cap : 4096);
		k = fread(buf + n, 1, cap - n, f);
		n += k;
	} while (k > 0);
	fclose(f);
	*size = n;
	return buf;
}

static void replay(void *arg)
{
	const fz_target *t = arg;
	char dir[1024], path[2048];
	struct dirent **list;
	int n, files = 0;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", test_srcdir(), t->name);
	n = scandir(dir, &list, NULL, alphasort);
	if (n < 0)
		TEST_FAILED("cannot read %s", dir);
	for (int i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			size_t size;
			uint8_t *data;
			snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
			/* ECSIM_FUZZ_VERBOSE=1 names each input, to find the one
			 * that crashes the runner. */
			if (getenv("ECSIM_FUZZ_VERBOSE"))
				fprintf(stderr, "  %s\n", path);
			if ((data = slurp_bytes(path, &size))) {
				t->fn(data, size);
				files++;
			}
			free(data);
		}
		free(list[i]);
	}
	free(list);
	CHECK_INT(files, >, 0);
}

__attribute__((constructor)) static void register_cases(void)
{
	char name[128];

	for (const fz_target *t = fz_targets; t->name; t++) {
		snprintf(name, sizeof(name), "test_fuzz_corpus_%s", t->name);
		test_register_arg(name, replay, (void *)t);
	}
}
