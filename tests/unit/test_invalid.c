/* test_invalid.c - data-driven loader cases: one folder per invalid scenario.
 *
 * tests/invalid/NAME/scenario.json  the scenario (need not be valid JSON)
 * tests/invalid/NAME/error          the exact expected message (one line);
 *                                   the file's path is written "scenario.json"
 * tests/invalid/NAME/set            optional: --set assignments, one a line
 * A case passes when loading and building the model fails with exactly that
 * message, as 'ecsim validate' would print it.
 */
#include <dirent.h>
#include <stdlib.h>

#include "tests/test.h"
#include "sim/model/model.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	buf[n] = 0;
	fclose(f);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = 0;
	return buf;
}

static void run_case(void *arg)
{
	const char *dir = arg;
	char file[1024], path[1024], got[2048];
	char *want, *setbuf, *sets[32];
	int nsets = 0;
	scenario sc;
	sim s;
	ecs_err e = { 0 };
	int rc;

	snprintf(file, sizeof(file), "%s/scenario.json", dir);
	snprintf(path, sizeof(path), "%s/error", dir);
	want = slurp(path);
	if (!want)
		TEST_FAILED("%s: missing file 'error'", dir);
	snprintf(path, sizeof(path), "%s/set", dir);
	if ((setbuf = slurp(path)))
		for (char *save = NULL, *l = strtok_r(setbuf, "\n", &save); l && nsets < 32;
		     l = strtok_r(NULL, "\n", &save))
			sets[nsets++] = l;
	rc = scenario_load(&sc, file, sets, nsets, &e);
	if (rc == 0) {
		rc = sim_init(&s, &sc, NULL, NULL, &e);
		sim_destroy(&s);
		scenario_destroy(&sc);
	}
	free(setbuf);
	/* The file's absolute path is written as scenario.json in 'error'. */
	if (strncmp(e.msg, file, strlen(file)) == 0)
		snprintf(got, sizeof(got), "scenario.json%s", e.msg + strlen(file));
	else
		snprintf(got, sizeof(got), "%s", e.msg);
	if (rc == 0) {
		free(want);
		TEST_FAILED("%s: loaded without error", dir);
	}
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "  %s:\n    got:  %s\n    want: %s\n", dir, got, want);
		free(want);
		test_fail();
		return;
	}
	free(want);
}

__attribute__((constructor)) static void register_cases(void)
{
	char base[1024], name[1300];
	struct dirent **list;
	int n;

	snprintf(base, sizeof(base), "%s/tests/invalid", test_srcdir());
	n = scandir(base, &list, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			char *dir = malloc(strlen(base) + strlen(list[i]->d_name) + 2);
			sprintf(dir, "%s/%s", base, list[i]->d_name);
			snprintf(name, sizeof(name), "test_invalid_%s", list[i]->d_name);
			test_register_arg(name, run_case, dir);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}
