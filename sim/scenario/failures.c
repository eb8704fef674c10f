/* failures.c - $.failures: instances that fail and are repaired, zone
 * outages (scheduled and random), failure domains and Spot interruptions
 * (drawn or from a times file, EC2 and FARGATE_SPOT).  Not the failures of
 * tasks, which are their task definition's ("failure", taskdef.c).
 */
#include "parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/units.h"

/* A time to failure: a distribution of seconds with a mean > 0. */
static int get_ttf(const json_t *obj, const char *path, dist *d, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	jread_kpath(p, path, "timeToFailure");
	if (!json_object_get(obj, "timeToFailure"))
		return err_set(e, "%s: required", p);
	if (sc_get_dist(obj, "timeToFailure", path, d, "0", e) < 0)
		return -1;
	if (!(dist_mean(d) > 0))
		return err_set(e, "%s: must have a mean > 0", p);
	return 0;
}

static int get_ttr(const json_t *obj, const char *path, dist *d, ecs_err *e)
{
	char p[JREAD_PATHMAX];

	if (!json_object_get(obj, "timeToRepair"))
		return err_set(e, "%s: required", jread_kpath(p, path, "timeToRepair"));
	return sc_get_dist(obj, "timeToRepair", path, d, "0", e);
}

#define JR_TTF JR_REF("timeToFailure", "distSeconds", "time to failure (mean > 0)", JREAD_REQ)
#define JR_TTR JR_REF("timeToRepair", "distSeconds", "time to repair", JREAD_REQ)

static const jread_key in_keys[] = { JR_TTF, JR_TTR, JREAD_END };
static const jread_key typed_in_keys[] = {
	JR_STR("instanceType", "the type these failures are for (default: the other types)"),
	JR_TTF, JR_TTR,
	JREAD_END,
};

/* failures.instances: one object for every instance, or an array of them,
 * each for one instanceType (or, without it, for the other types). */
static int parse_instance_failures(scenario *sc, const json_t *in, ecs_err *e)
{
	const char *path = "$.failures.instances";
	char p[JREAD_PATHMAX];
	size_t i, n = json_is_array(in) ? json_array_size(in) : 1;
	json_t *v;

	if (!json_is_array(in) && jread_object(in, path, e) < 0)
		return -1;
	sc->failures.rules = xcalloc(n + 1, sizeof(*sc->failures.rules));
	if (!json_is_array(in)) {
		sc_fail_rule *r = &sc->failures.rules[0];
		r->type = -1;
		sc->failures.instances = 1;
		if (jread_check_keys(in, path, in_keys, e) < 0 || get_ttf(in, path, &r->ttf, e) < 0)
			return -1;
		return get_ttr(in, path, &r->ttr, e);
	}
	if (json_array_size(in) > (size_t)SC_MAX_TYPES + 1)
		return err_set(e, "%s: %zu entries, at most %d", path, json_array_size(in),
			       SC_MAX_TYPES + 1);
	json_array_foreach(in, i, v) {
		sc_fail_rule *r = &sc->failures.rules[i];
		char *type = NULL;
		int rc = 0;
		jread_ipath(p, path, i);
		r->type = -1;
		sc->failures.instances++;
		if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, typed_in_keys, e) < 0 ||
		    jread_str(v, "instanceType", p, &type, 0, e) < 0)
			return -1;
		if (type && (r->type = sc_type_at(sc, p, type, e)) < 0)
			rc = -1;
		for (size_t k = 0; rc == 0 && k < i; k++)
			if (sc->failures.rules[k].type == r->type)
				rc = type ? err_set(e, "%s.instanceType: instance type \"%s\" has "
						    "failures already", p, type)
					  : err_set(e, "%s: only one entry may leave out "
						    "instanceType", p);
		free(type);
		if (rc < 0 || get_ttf(v, p, &r->ttf, e) < 0 || get_ttr(v, p, &r->ttr, e) < 0)
			return -1;
	}
	return 0;
}

static const jread_key outage_keys[] = {
	JR_NAME("zone", "the zone that fails", JREAD_REQ),
	JR_DURATION("start", "when", JREAD_REQ),
	JR_DURATION("duration", "how long (> 0)", JREAD_REQ),
	JREAD_END,
};

static int parse_zone_outages(scenario *sc, const json_t *arr, ecs_err *e)
{
	const char *path = "$.failures.zoneOutages";
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (jread_array_max(arr, path, 100000, "outages", e) < 0)
		return -1;
	sc->failures.outages = xcalloc(json_array_size(arr) + 1, sizeof(*sc->failures.outages));
	json_array_foreach(arr, i, v) {
		sc_zone_outage *o = &sc->failures.outages[i];
		char *zone = NULL;
		int rc;
		jread_ipath(p, path, i);
		if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, outage_keys, e) < 0 ||
		    jread_str(v, "zone", p, &zone, 1, e) < 0 ||
		    jread_duration(v, "start", p, &o->start, 1, e) < 0 ||
		    jread_duration(v, "duration", p, &o->duration, 1, e) < 0) {
			free(zone);
			return -1;
		}
		rc = (o->zone = sc_zone_at(sc, p, zone, e)) < 0 ? -1 : 0;
		free(zone);
		if (rc < 0)
			return -1;
		if (o->duration == 0)
			return err_set(e, "%s.duration: must be > 0", p);
		sc->failures.noutages++;
	}
	return 0;
}

static const jread_key random_outage_keys[] = {
	JR_RATE("rate", "outages per second, or a string such as \"1/d\" (or timeBetween)"),
	JR_REF("timeBetween", "distSeconds", "time between outages (or rate)"),
	JR_REF("duration", "distSeconds", "how long an outage lasts", JREAD_REQ),
	JREAD_END,
};

/* randomZoneOutages: {rate | timeBetween, duration}. */
static int parse_random_outages(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.failures.randomZoneOutages";
	sc_failures *f = &sc->failures;
	json_t *rate;
	char p[JREAD_PATHMAX];

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, random_outage_keys, e) < 0)
		return -1;
	f->random_outages = 1;
	rate = json_object_get(j, "rate");
	if (rate && json_object_get(j, "timeBetween"))
		return err_set(e, "%s: give either \"rate\" or \"timeBetween\", not both", path);
	if (rate) {
		double r;
		if (units_rate(rate, jread_kpath(p, path, "rate"), &r, e) < 0)
			return -1;
		/* Poisson outages: exponential times between them. */
		{
			json_t *d = json_pack("{s:s, s:f}", "type", "exponential", "mean", 1.0 / r);
			int rc = dist_parse(&f->outage_between, d, p, DIST_SECONDS, e);
			json_decref(d);
			if (rc < 0)
				return -1;
		}
	} else if (!json_object_get(j, "timeBetween")) {
		return err_set(e, "%s: give \"rate\" or \"timeBetween\"", path);
	} else if (sc_get_dist(j, "timeBetween", path, &f->outage_between, "0", e) < 0) {
		return -1;
	}
	if (!(dist_mean(&f->outage_between) > 0))
		return err_set(e, "%s.%s: must have a mean > 0", path,
			       rate ? "rate" : "timeBetween");
	if (!json_object_get(j, "duration"))
		return err_set(e, "%s.duration: required", path);
	return sc_get_dist(j, "duration", path, &f->outage_duration, "0", e);
}

static const jread_key domain_keys[] = {
	JR_NAME("attribute", "a custom attribute: instances with the same value fail together",
		JREAD_REQ),
	JR_TTF, JR_TTR,
	JREAD_END,
};

/* domains: {attribute, timeToFailure, timeToRepair}; the attribute must be
 * a custom one that some instances carry. */
static int parse_domains(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.failures.domains";
	sc_failures *f = &sc->failures;
	int found = 0;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, domain_keys, e) < 0 ||
	    jread_str(j, "attribute", path, &f->domain_attr, 1, e) < 0)
		return -1;
	for (int i = 0; i < sc->ninstances && !found; i++)
		for (int k = 0; k < sc->instances[i].nattrs; k++)
			if (strcmp(sc->instances[i].attrs[k].name, f->domain_attr) == 0)
				found = 1;
	if (!found)
		return err_set(e, "%s.attribute: no instance has attribute \"%s\" (set it in "
			       "$.cluster.instances[].attributes)", path, f->domain_attr);
	if (get_ttf(j, path, &f->domain_ttf, e) < 0)
		return -1;
	return get_ttr(j, path, &f->domain_ttr, e);
}

#define JR_SPOT_RATE JR_RATE("rate", "interruptions per instance and second, or a string " \
				   "such as \"2/d\" (or timeToInterruption)")
#define JR_TTI JR_REF("timeToInterruption", "distSeconds", "time to an interruption (or rate)")

static const jread_key spot_keys[] = { JR_SPOT_RATE, JR_TTI, JREAD_END };
static const jread_key typed_spot_keys[] = {
	JR_STR("instanceType", "the type these interruptions are for (default: the other types)"),
	JR_SPOT_RATE, JR_TTI,
	JREAD_END,
};

/* One Spot interruption entry: "rate" (per instance) or "timeToInterruption"
 * (a distribution), and with types an optional "instanceType". */
static int parse_spot_rule(scenario *sc, sc_fail_rule *r, const json_t *j, const char *path,
			   int with_type, ecs_err *e)
{
	json_t *rate;
	char *type = NULL, p[JREAD_PATHMAX];
	int rc = 0;

	r->type = -1;
	if (jread_object(j, path, e) < 0 ||
	    jread_check_keys(j, path, with_type ? typed_spot_keys : spot_keys, e) < 0 ||
	    (with_type && jread_str(j, "instanceType", path, &type, 0, e) < 0))
		return -1;
	if (type && (r->type = sc_type_at(sc, path, type, e)) < 0)
		rc = -1;
	free(type);
	if (rc < 0)
		return -1;
	rate = json_object_get(j, "rate");
	if (rate && json_object_get(j, "timeToInterruption"))
		return err_set(e, "%s: give either \"rate\" or \"timeToInterruption\", not both",
			       path);
	if (rate) {
		double x;
		json_t *d;
		if (units_rate(rate, jread_kpath(p, path, "rate"), &x, e) < 0)
			return -1;
		d = json_pack("{s:s, s:f}", "type", "exponential", "mean", 1.0 / x);
		rc = dist_parse(&r->ttf, d, p, DIST_SECONDS, e);
		json_decref(d);
		return rc;
	}
	if (!json_object_get(j, "timeToInterruption"))
		return err_set(e, "%s: give \"rate\" or \"timeToInterruption\"", path);
	if (sc_get_dist(j, "timeToInterruption", path, &r->ttf, "0", e) < 0)
		return -1;
	if (!(dist_mean(&r->ttf) > 0))
		return err_set(e, "%s.timeToInterruption: must have a mean > 0", path);
	return 0;
}

/* The times file: one interruption per line, "SECONDS" or
 * "SECONDS,INSTANCETYPE", in time order; blank lines and # comments skipped. */
static int read_spot_times(scenario *sc, const json_t *v, const char *path, ecs_err *e)
{
	sc_failures *f = &sc->failures;
	char *file = NULL, *name = NULL, line[512];
	int cap = 0, lineno = 0, rc = 0;
	FILE *in;

	if (sc_file_path(sc, v, path, &file, &name, e) < 0 || !(in = fopen(file, "r"))) {
		if (file && !e->msg[0])
			err_set(e, "%s: cannot open \"%s\": %s", path, name, strerror(errno));
		free(file);
		free(name);
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), in)) {
		char *p = line, *end, *comma;
		double t;
		int32_t type = -1;
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		if ((comma = strchr(p, ',')))
			*comma++ = 0;
		t = strtod(p, &end);
		while (*end == ' ' || *end == '\t')
			end++;
		if (end == p || *end || !(t >= 0) || t > 3153600000.0) {
			rc = err_set(e, "%s: %s line %d: bad time \"%s\" (seconds from the start)",
				     path, name, lineno, p);
			break;
		}
		if (comma) {
			char where[JREAD_PATHMAX + 300];
			snprintf(where, sizeof(where), "%s: %s line %d", path, name, lineno);
			if ((type = sc_ref_type(sc, comma, where, e)) < 0) {
				rc = -1;
				break;
			}
		}
		if (f->nspot_times && s_to_us(t) < f->spot_times[f->nspot_times - 1]) {
			rc = err_set(e, "%s: %s line %d: times must be in order", path, name, lineno);
			break;
		}
		if (f->nspot_times == cap) {
			cap = cap ? 2 * cap : 64;
			f->spot_times = xrealloc(f->spot_times, (size_t)cap * sizeof(*f->spot_times));
			f->spot_time_type = xrealloc(f->spot_time_type,
						     (size_t)cap * sizeof(*f->spot_time_type));
		}
		f->spot_times[f->nspot_times] = s_to_us(t);
		f->spot_time_type[f->nspot_times++] = type;
	}
	fclose(in);
	free(file);
	free(name);
	return rc;
}

static const jread_key fargate_spot_keys[] = {
	JR_RATE("rate", "interruptions per FARGATE_SPOT task and second", JREAD_REQ),
	JR_DURATION("warning", "the warning before a task stops (default 120s)"),
	JREAD_END,
};

static const jread_key spot_interruption_keys[] = {
	{ .name = "instances", .doc = "interruptions of Spot instances: one entry for all, or "
	  "an array by instanceType", .v = { .type = JREAD_OBJ | JREAD_ARR, .keys = spot_keys,
		.items = &(const jread_val){ .type = JREAD_OBJ, .keys = typed_spot_keys } } },
	JR_NAME("timesFile", "interruptions at given times: lines \"SECONDS[,INSTANCETYPE]\""),
	JR_DURATION("notice", "the interruption notice (default 120s)"),
	JR_REF("replacementLaunchTime", "distSeconds", "time to launch a replacement (default "
	       "180)"),
	JR_OBJ("fargate", fargate_spot_keys, "interruptions of FARGATE_SPOT tasks"),
	JREAD_END,
};

/* failures.spotInterruptions */
static int parse_spot(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.failures.spotInterruptions";
	sc_failures *f = &sc->failures;
	json_t *in = json_object_get(j, "instances");
	char p[JREAD_PATHMAX];
	size_t i;
	json_t *v;

	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, spot_interruption_keys, e) < 0)
		return -1;
	f->spot_notice = 120 * USEC_PER_SEC;
	f->fargate_spot_warning = 120 * USEC_PER_SEC;
	if (jread_duration(j, "notice", path, &f->spot_notice, 0, e) < 0 ||
	    sc_get_dist(j, "replacementLaunchTime", path, &f->spot_launch, "180", e) < 0)
		return -1;
	if (in && json_is_array(in)) {
		jread_kpath(p, path, "instances");
		if (json_array_size(in) > (size_t)SC_MAX_TYPES + 1)
			return err_set(e, "%s: %zu entries, at most %d", p, json_array_size(in),
				       SC_MAX_TYPES + 1);
		f->spot = xcalloc(json_array_size(in) + 1, sizeof(*f->spot));
		json_array_foreach(in, i, v) {
			char q[JREAD_PATHMAX];
			f->spot_rules++;
			if (parse_spot_rule(sc, &f->spot[i], v, jread_ipath(q, p, i), 1, e) < 0)
				return -1;
			for (size_t k = 0; k < i; k++)
				if (f->spot[k].type == f->spot[i].type)
					return f->spot[i].type >= 0
						? err_set(e, "%s.instanceType: instance type \"%s\" has "
							  "interruptions already", q,
							  sc->types[f->spot[i].type].name)
						: err_set(e, "%s: only one entry may leave out "
							  "instanceType", q);
		}
	} else if (in) {
		f->spot = xcalloc(1, sizeof(*f->spot));
		f->spot_rules = 1;
		if (parse_spot_rule(sc, &f->spot[0], in, jread_kpath(p, path, "instances"), 0,
				    e) < 0)
			return -1;
	}
	if ((v = json_object_get(j, "timesFile")) &&
	    read_spot_times(sc, v, jread_kpath(p, path, "timesFile"), e) < 0)
		return -1;
	if ((v = json_object_get(j, "fargate"))) {
		char q[JREAD_PATHMAX];
		jread_kpath(p, path, "fargate");
		if (jread_object(v, p, e) < 0 || jread_check_keys(v, p, fargate_spot_keys, e) < 0)
			return -1;
		if (!json_object_get(v, "rate"))
			return err_set(e, "%s.rate: required", p);
		if (units_rate(json_object_get(v, "rate"), jread_kpath(q, p, "rate"),
			       &f->fargate_spot_rate, e) < 0 ||
		    jread_duration(v, "warning", p, &f->fargate_spot_warning, 0, e) < 0)
			return -1;
	}
	return 0;
}

static const jread_key failures_keys[] = {
	{ .name = "instances", .doc = "instance failures: one entry for all, or an array by "
	  "instanceType", .v = { .type = JREAD_OBJ | JREAD_ARR, .keys = in_keys,
		.items = &(const jread_val){ .type = JREAD_OBJ, .keys = typed_in_keys } } },
	JR_OBJS("zoneOutages", outage_keys, "scheduled zone outages"),
	JR_OBJ("randomZoneOutages", random_outage_keys, "zone outages at random times"),
	JR_OBJ("domains", domain_keys, "failure domains: instances that fail together"),
	JR_OBJ("spotInterruptions", spot_interruption_keys, "Spot interruptions"),
	JREAD_END,
};

const jread_val sc_failures_json = { .type = JREAD_OBJ, .keys = failures_keys };

/* The parts in order; domains need the instances' attributes. */
int sc_parse_failures(scenario *sc, const json_t *j, ecs_err *e)
{
	const char *path = "$.failures";
	json_t *v;

	if (!j)
		return 0;
	if (jread_object(j, path, e) < 0 || jread_check_keys(j, path, failures_keys, e) < 0)
		return -1;
	if ((v = json_object_get(j, "instances")) && parse_instance_failures(sc, v, e) < 0)
		return -1;
	if ((v = json_object_get(j, "zoneOutages")) && parse_zone_outages(sc, v, e) < 0)
		return -1;
	if ((v = json_object_get(j, "randomZoneOutages")) && parse_random_outages(sc, v, e) < 0)
		return -1;
	if ((v = json_object_get(j, "domains")) && parse_domains(sc, v, e) < 0)
		return -1;
	if ((v = json_object_get(j, "spotInterruptions")) && parse_spot(sc, v, e) < 0)
		return -1;
	return 0;
}

void sc_failures_destroy(scenario *sc)
{
	sc_failures *f = &sc->failures;

	if (f->rules)
		for (int i = 0; i < f->instances; i++) {
			dist_destroy(&f->rules[i].ttf);
			dist_destroy(&f->rules[i].ttr);
		}
	free(f->rules);
	free(f->outages);
	dist_destroy(&f->outage_between);
	dist_destroy(&f->outage_duration);
	free(f->domain_attr);
	dist_destroy(&f->domain_ttf);
	dist_destroy(&f->domain_ttr);
	for (int i = 0; i < f->spot_rules; i++)
		dist_destroy(&f->spot[i].ttf);
	free(f->spot);
	free(f->spot_times);
	free(f->spot_time_type);
	dist_destroy(&f->spot_launch);
}
