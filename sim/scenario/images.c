/* images.c - $.images (container images and their sizes) and
 * $.cluster.imagePull (ECS_IMAGE_PULL_BEHAVIOR, pull throughput, the
 * instances' image cache, images baked into the AMI); resolves the images
 * task definitions name.  Off when both are absent: a container's "image"
 * is then read and not used.
 */
#include "parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

static const char *const behaviors[] = { "default", "always", "once", "prefer-cached", NULL };

/* Defaults (docs/scenario-format.md, "images" says where each comes from). */
#define DEFAULT_IMAGE_MIB 500    /* an image $.images does not list */
#define DEFAULT_PULL_MIBPS 125   /* a gp3 volume's baseline throughput */
#define DEFAULT_CACHE_MIB 20480  /* of the 30 GiB root volume of an ECS-optimized AMI */
#define DEFAULT_LATENCY "1s"     /* registry round trips of a pull (auth, manifest) */

static const jread_key image_keys[] = {
	JR_NAME("name", "the image as containers name it (\"image\"), e.g. "
		"\"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2\"", JREAD_REQ),
	JR_POSITIVE("sizeMiB", "its size, MiB (what a pull transfers and the cache holds)",
		    JREAD_REQ),
	JREAD_END,
};

const jread_val sc_images_json = {
	.type = JREAD_ARR, .items = &(const jread_val){ .type = JREAD_OBJ, .keys = image_keys },
};

static const jread_key pull_keys[] = {
	JR_WORDS("behavior", behaviors, "ECS_IMAGE_PULL_BEHAVIOR of the agent (default "
		 "\"default\")"),
	JR_POSITIVE("defaultImageSizeMiB", "size of an image $.images does not list (default 500)"),
	JR_POSITIVE("bandwidthMiBps", "an instance's pull throughput, MiB/s (default 125)"),
	JR_POSITIVE("fargateBandwidthMiBps", "a FARGATE task's pull throughput, MiB/s (default "
		    "125)"),
	JR_INT("cacheMiB", 0, SC_MAX_CACHE_MIB, "disk an instance keeps images in, MiB; least "
	       "recently used ones go beyond it (default 20480)"),
	JR_DURATION("pullLatency", "time a pull spends besides its bytes: registry "
		    "authentication, manifest (default 1s)"),
	JR_INT("concurrentPulls", 1, SC_MAX_CONCURRENT_PULLS, "pulls an instance runs at once, "
	       "sharing its throughput equally (default 1)"),
	{ .name = "preloaded", .doc = "images every instance has at launch (baked into its AMI)",
	  .v = { .type = JREAD_ARR, .flags = JREAD_UNIQUE,
		 .items = &(const jread_val){ .type = JREAD_STR, .flags = JREAD_NONEMPTY } } },
	JREAD_END,
};

const jread_val sc_image_pull_json = { .type = JREAD_OBJ, .keys = pull_keys };

static int find_image(const sc_image_pull *p, const char *name)
{
	for (int i = 0; i < p->nimages; i++)
		if (strcmp(p->images[i].name, name) == 0)
			return i;
	return -1;
}

static int64_t mib_bytes(double mib)
{
	return (int64_t)llround(mib * 1048576.0);
}

/* A size or throughput in MiB (> 0, at most max) at path.key into *out. */
static int read_mib(const json_t *j, const char *key, const char *path, double max,
		    double *out, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (!json_object_get(j, key))
		return 0;
	if (jread_number(j, key, path, out, 0, e) < 0)
		return -1;
	if (*out <= 0 || *out > max)
		return err_set(e, "%s: must be > 0 and at most %.0f", jread_kpath(p, path, key),
			       max);
	return 0;
}

static int add_image(sc_image_pull *p, const char *name, int64_t bytes)
{
	p->images = xrealloc(p->images, (size_t)(p->nimages + 1) * sizeof(*p->images));
	p->images[p->nimages] = (sc_image){ .name = xstrdup(name), .bytes = bytes };
	return p->nimages++;
}

static int parse_images(sc_image_pull *p, const json_t *arr, ecs_err *e)
{
	char q[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (jread_array_max(arr, "$.images", SC_MAX_IMAGES, "images", e) < 0)
		return -1;
	json_array_foreach(arr, i, v) {
		char *name = NULL;
		double mib = 0;
		jread_ipath(q, "$.images", i);
		if (jread_object(v, q, e) < 0 || jread_check_keys(v, q, image_keys, e) < 0 ||
		    jread_str(v, "name", q, &name, 1, e) < 0) {
			free(name);
			return -1;
		}
		if (find_image(p, name) >= 0) {
			err_set(e, "%s.name: duplicate image \"%s\"", q, name);
			free(name);
			return -1;
		}
		if (!json_object_get(v, "sizeMiB")) {
			free(name);
			return err_set(e, "%s.sizeMiB: required", q);
		}
		if (read_mib(v, "sizeMiB", q, SC_MAX_IMAGE_MIB, &mib, e) < 0) {
			free(name);
			return -1;
		}
		add_image(p, name, mib_bytes(mib));
		free(name);
	}
	return 0;
}

static int parse_pull(sc_image_pull *p, const json_t *j, ecs_err *e)
{
	const char *path = "$.cluster.imagePull";
	double size = DEFAULT_IMAGE_MIB;
	int64_t cache = DEFAULT_CACHE_MIB, concurrent = 1;
	int behavior = SC_PULL_DEFAULT;

	p->mibps = p->fargate_mibps = DEFAULT_PULL_MIBPS;
	units_duration_str(DEFAULT_LATENCY, &p->latency);
	if (j && (jread_object(j, path, e) < 0 || jread_check_keys(j, path, pull_keys, e) < 0 ||
		  jread_choice(j, "behavior", path, behaviors, "pull behavior", &behavior, e) < 0 ||
		  read_mib(j, "defaultImageSizeMiB", path, SC_MAX_IMAGE_MIB, &size, e) < 0 ||
		  read_mib(j, "bandwidthMiBps", path, SC_MAX_PULL_MIBPS, &p->mibps, e) < 0 ||
		  read_mib(j, "fargateBandwidthMiBps", path, SC_MAX_PULL_MIBPS, &p->fargate_mibps,
			   e) < 0 ||
		  jread_int(j, "cacheMiB", path, &cache, 0, SC_MAX_CACHE_MIB, 0, e) < 0 ||
		  jread_duration(j, "pullLatency", path, &p->latency, 0, e) < 0 ||
		  jread_int(j, "concurrentPulls", path, &concurrent, 1, SC_MAX_CONCURRENT_PULLS, 0,
			    e) < 0))
		return -1;
	p->concurrent = (int)concurrent;
	p->behavior = (enum sc_pull_behavior)behavior;
	p->default_bytes = mib_bytes(size);
	p->cache_bytes = cache * 1048576;
	return 0;
}

/* The images task definitions name, as indexes (new names get the default
 * size), then the preloaded ones, which must be images of one or the other. */
static int resolve(scenario *sc, sc_image_pull *p, const json_t *j, ecs_err *e)
{
	const json_t *arr = j ? json_object_get(j, "preloaded") : NULL, *v;
	char q[JREAD_PATHMAX];
	size_t i;

	for (int t = 0; t < sc->ntaskdefs; t++) {
		sc_taskdef *td = &sc->taskdefs[t];
		td->images = xcalloc((size_t)td->nimages + 1, sizeof(*td->images));
		for (int k = 0; k < td->nimages; k++) {
			int x = find_image(p, td->image_names[k]);
			if (x < 0 && p->nimages >= SC_MAX_IMAGES)
				return err_set(e, "%s: more than %d images in all", td->path,
					       SC_MAX_IMAGES);
			td->images[k] = x >= 0 ? x : add_image(p, td->image_names[k],
								p->default_bytes);
		}
	}
	if (!arr)
		return 0;
	if (jread_array(arr, "$.cluster.imagePull.preloaded", e) < 0)
		return -1;
	p->preloaded = xcalloc(json_array_size(arr) + 1, sizeof(*p->preloaded));
	json_array_foreach(arr, i, v) {
		const char *name = json_string_value(v);
		int x;
		jread_ipath(q, "$.cluster.imagePull.preloaded", i);
		if (!name || !*name)
			return err_set(e, "%s: must be a non-empty string", q);
		if ((x = find_image(p, name)) < 0)
			return err_set(e, "%s: \"%s\" is neither in $.images nor the image of a "
				       "container", q, name);
		for (int k = 0; k < p->npreloaded; k++)
			if (p->preloaded[k] == x)
				return err_set(e, "%s: \"%s\" is listed twice", q, name);
		p->preloaded[p->npreloaded++] = x;
	}
	return 0;
}

int sc_parse_images(scenario *sc, const json_t *images, const json_t *pull, ecs_err *e)
{
	sc_image_pull *p = &sc->pull;

	p->on = images || pull;
	if (!p->on)
		return 0;
	if (parse_pull(p, pull, e) < 0 || (images && parse_images(p, images, e) < 0))
		return -1;
	return resolve(sc, p, pull, e);
}

void sc_images_destroy(scenario *sc)
{
	for (int i = 0; i < sc->pull.nimages; i++)
		free(sc->pull.images[i].name);
	free(sc->pull.images);
	free(sc->pull.preloaded);
}
