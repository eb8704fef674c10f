/* resources.c - resource vectors for strategies: names and the weight-list
 * field syntax ("cpu=1,memory=2") shared by the research strategies and open
 * to plug-ins (declared in strategy.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strategy.h"

static const char *const res_names[ST_NRES + 1] = { "cpu", "memory", "gpu", "eni", NULL };

const char *st_res_name(int res)
{
	return res >= 0 && res < ST_NRES ? res_names[res] : "?";
}

static int find_res(const char *name, size_t len)
{
	for (int i = 0; i < ST_NRES; i++)
		if (strlen(res_names[i]) == len && strncmp(res_names[i], name, len) == 0)
			return i;
	return -1;
}

/* A weight: digits with an optional fraction, nothing else (no sign, no
 * exponent, no blanks), so that a typo never reads as a number. */
static int parse_weight(const char *s, double *out)
{
	const char *p = s;
	char *end;

	if (!*p)
		return -1;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p || p == s || *s == '.')
		return -1;
	*out = strtod(s, &end);
	return isfinite(*out) ? 0 : -1;
}

int st_parse_weights(double w[ST_NRES], const char *text, const char *who,
		     enum st_weights mode, ecs_err *e)
{
	char *copy, *item, *save = NULL;
	int rc = 0;

	for (int i = 0; i < ST_NRES; i++)
		w[i] = 0;
	if (!text || !*text) {
		w[ST_RES_CPU] = w[ST_RES_MEMORY] = 1;
		return 0;
	}
	if (text[strlen(text) - 1] == ',' || text[0] == ',' || strstr(text, ",,"))
		return err_set(e, "%s: empty item in resource list \"%s\"", who, text);
	copy = xstrdup(text);
	for (item = strtok_r(copy, ",", &save); item && !rc; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		size_t len = eq ? (size_t)(eq - item) : strlen(item);
		int r = find_res(item, len);
		double v = 1;

		if (r < 0) {
			rc = err_set(e, "%s: unknown resource \"%.*s\" (known: cpu, memory, gpu, eni)",
				     who, (int)len, item);
			break;
		}
		if (w[r] > 0) {
			rc = err_set(e, "%s: resource %s listed twice", who, res_names[r]);
			break;
		}
		if (eq && mode == ST_WEIGHTS_NONE) {
			rc = err_set(e, "%s takes resource names without weights, not \"%s\"", who,
				     item);
			break;
		}
		if (eq && mode == ST_WEIGHTS_REAL && (parse_weight(eq + 1, &v) < 0 || v <= 0)) {
			rc = err_set(e, "%s: weight of %s must be a number > 0, not \"%s\"", who,
				     res_names[r], eq + 1);
			break;
		}
		if (eq && mode == ST_WEIGHTS_INT &&
		    (parse_weight(eq + 1, &v) < 0 || v != floor(v) || v < 1 || v > 100)) {
			rc = err_set(e, "%s: weight of %s must be an integer 1-100, not \"%s\"", who,
				     res_names[r], eq + 1);
			break;
		}
		w[r] = v;
	}
	free(copy);
	return rc;
}
