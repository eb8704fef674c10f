/* targets.c - the fuzz targets (see targets.h).
 *
 * Inputs are bytes; string parsers get a NUL-terminated copy (an embedded
 * NUL just ends the string, as it would on a command line).  A target
 * returns 0 whatever the parser said: rejecting garbage with a message is
 * the expected outcome, and only crashes, leaks, hangs and fz_bug() count.
 */
#include "targets.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/dist.h"
#include "sim/expt.h"
#include "sim/rng.h"
#include "sim/scenario.h"
#include "sim/sim.h"
#include "sim/units.h"
#include "strategies/place.h"
#include "strategies/query.h"
#include "strategies/strategy.h"

/* The simulation of a loaded scenario is bounded so that one input stays
 * well under libFuzzer's timeout: larger scenarios are only loaded. */
#define FZ_MAX_HOSTS 256
#define FZ_MAX_TASKS 4096
#define FZ_MAX_EVENTS 1000

const fz_target fz_targets[] = {
	{ "scenario", fz_scenario },
	{ "query", fz_query },
	{ "set", fz_set },
	{ "strategy", fz_strategy },
	{ "units", fz_units },
	{ "dist", fz_dist },
	{ "study", fz_study },
	{ NULL, NULL },
};

void fz_bug(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz bug: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static char *cstr(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

/* Runs a loaded scenario for a bounded number of events under --check,
 * with strategy (NULL: the scenario's own) as --strategy. */
static void simulate(const scenario *sc, const char *strategy)
{
	sim_opts o = { .check = 1, .strategy = strategy };
	ecs_err e = { 0 };
	int64_t tasks = 0;
	sim s;

	if (sc->nhosts > FZ_MAX_HOSTS)
		return;
	for (int i = 0; i < sc->nservices; i++)
		tasks += sc->services[i].desired;
	if (tasks > FZ_MAX_TASKS)
		return;
	if (sim_init(&s, sc, &o, NULL, &e) == 0) {
		for (int n = 0; n < FZ_MAX_EVENTS && eng_step(&s.eng, sc->duration); n++)
			if (sim_check(&s, &e) < 0)
				fz_bug("--check failed: %s", e.msg);
		sim_finish(&s);
	} else if (!err_isset(&e)) {
		fz_bug("sim_init failed without a message");
	}
	sim_destroy(&s);
}

/* A scenario; when the input starts with '#', its first line is a
 * --strategy spec for the whole run ("#binpack:memory\n{...}"). */
int fz_scenario(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl;
	char *strategy = NULL;
	scenario sc;
	ecs_err e = { 0 };

	if (size > 0 && text[0] == '#' && (nl = memchr(text, '\n', size))) {
		strategy = cstr(data + 1, (size_t)(nl - text) - 1);
		size -= (size_t)(nl - text) + 1;
		text = nl + 1;
	}
	if (scenario_load_buffer(&sc, "fuzz.json", text, size, NULL, 0, &e) < 0) {
		if (!err_isset(&e))
			fz_bug("scenario rejected without a message");
		free(strategy);
		return 0;
	}
	simulate(&sc, strategy && *strategy ? strategy : NULL);
	scenario_destroy(&sc);
	free(strategy);
	return 0;
}

/* Six hosts in two zones with a custom attribute and a few tasks, as in
 * tests/unit/test_query.c; built afresh per input because compiling a
 * query interns its values into the cluster. */
static void small_cluster(cl_cluster *cl, cl_task *tasks)
{
	static const char *const zones[] = { "a", "b", "a", "b", "a", "b" };
	static const char *const types[] = { "t2.micro", "m5.large", "t2.micro", "c5.xlarge",
					     "m5.large", "t3.nano" };
	int32_t rack;

	cl_init(cl);
	rack = cl_attr_id(cl, "rack");
	for (int32_t h = 0; h < 6; h++) {
		int32_t z = cl_attr_value(cl, CL_ATTR_ZONE, zones[h]);
		cl_add_hosts(cl, 1, 0, z, 4096, 8192, h == 3, 3, 0.1);
		cl_host_set_attr(cl, h, CL_ATTR_INSTANCE_TYPE,
				 cl_attr_value(cl, CL_ATTR_INSTANCE_TYPE, types[h]));
		/* a long value, so that a slow regular expression shows as a
		 * timeout */
		if (h % 2)
			cl_host_set_attr(cl, h, rack, cl_attr_value(cl, rack, h == 1 ? "r1" : "10"));
		else if (h == 4)
			cl_host_set_attr(cl, h, rack, cl_attr_value(cl, rack,
				"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"));
	}
	cl_track_group_hosts(cl);
	cl_set_state(cl, 5, CL_DOWN);
	for (int i = 0; i < 3; i++) {
		tasks[i] = (cl_task){ 0 };
		tasks[i].req.cpu = 256;
		tasks[i].req.mem = 512;
		tasks[i].req.group = cl_group_id(cl, i ? "service:web" : "database");
		cl_place(cl, &tasks[i], i);
	}
}

int fz_query(const uint8_t *data, size_t size)
{
	char *expr = cstr(data, size);
	ecs_err e = { 0 };
	cl_cluster cl;
	cl_task tasks[3];
	qry *q = NULL;

	if (qry_parse(&q, expr, NULL, &e) == 0)
		qry_free(q);
	else if (!err_isset(&e))
		fz_bug("query rejected without a message");
	q = NULL;
	err_clear(&e);
	small_cluster(&cl, tasks);
	if (qry_parse(&q, expr, &cl, &e) == 0) {
		for (int32_t h = 0; h < cl.nhosts; h++)
			if (qry_eval(q, &cl, h) > 1)
				fz_bug("qry_eval returned neither 0 nor 1");
		qry_free(q);
	}
	cl_destroy(&cl);
	free(expr);
	return 0;
}

/* A small valid scenario for --set to change; the result is loaded. */
static const char set_base[] =
	"{\"name\":\"s\",\"duration\":\"1h\",\"cluster\":{\"availabilityZones\":[\"a\",\"b\"],"
	"\"instanceTypes\":[{\"name\":\"m5.large\",\"cpu\":2048,\"memory\":8192}],"
	"\"instances\":[{\"instanceType\":\"m5.large\",\"count\":4,\"attributes\":{\"rack\":\"r1\"}}]},"
	"\"taskDefinitions\":[{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"c\","
	"\"cpu\":256,\"memory\":512}]}],"
	"\"services\":[{\"serviceName\":\"web\",\"taskDefinition\":\"web\",\"desiredCount\":3,"
	"\"placementStrategy\":[{\"type\":\"binpack\",\"field\":\"memory\"}]}],"
	"\"workloads\":[{\"name\":\"batch\",\"taskDefinition\":\"web\",\"arrival\":{\"type\":"
	"\"poisson\",\"rate\":\"1/min\"},\"duration\":{\"type\":\"exponential\",\"mean\":\"5m\"}}]}";

int fz_set(const uint8_t *data, size_t size)
{
	char *assign = cstr(data, size), *text;
	ecs_err e = { 0 };
	json_t *root = json_loads(set_base, 0, NULL);
	scenario sc;

	if (!root)
		fz_bug("the base scenario does not parse");
	if (scenario_set(root, assign, &e) < 0) {
		if (!err_isset(&e))
			fz_bug("--set rejected without a message");
	} else if ((text = json_dumps(root, JSON_COMPACT))) {
		if (scenario_load_buffer(&sc, "set.json", text, strlen(text), NULL, 0, &e) == 0) {
			simulate(&sc, NULL);
			scenario_destroy(&sc);
		}
		free(text);
	}
	json_decref(root);
	free(assign);
	return 0;
}

int fz_strategy(const uint8_t *data, size_t size)
{
	char *spec = cstr(data, size), buf[512];
	ecs_err e = { 0 };
	st_chain c = { 0 };
	cl_cluster cl;
	cl_task tasks[3];
	cl_req r = { .cpu = 128, .mem = 256 };
	place_ws ws = { 0 };
	gsl_rng *tie;
	enum cl_check why;

	small_cluster(&cl, tasks);
	r.group = cl_group_id(&cl, "service:web");
	if (st_chain_parse(&c, spec, &cl, &e) == 0) {
		if (c.n < 1 || c.n > ST_MAX_STEPS)
			fz_bug("chain of %d steps", c.n);
		st_chain_format(&c, buf, sizeof(buf));
		tie = rng_stream_new(1, "fuzz", 0);
		for (int i = 0; i < 4; i++) {
			int32_t h = place_choose(&cl, &r, &c, tie, &ws, &why);
			if (h < -1 || h >= cl.nhosts)
				fz_bug("place_choose returned host %d", h);
		}
		gsl_rng_free(tie);
	} else if (!err_isset(&e)) {
		fz_bug("strategy rejected without a message");
	}
	st_chain_destroy(&c);
	place_ws_destroy(&ws);
	cl_destroy(&cl);
	free(spec);
	return 0;
}

int fz_units(const uint8_t *data, size_t size)
{
	char *s = cstr(data, size);
	ecs_err e = { 0 };
	json_t *j;
	int64_t us;
	double rate;

	if (units_duration_str(s, &us) == 0 && (us < 0 || us > UNITS_MAX_DURATION_US))
		fz_bug("duration \"%s\" parsed to %lld us", s, (long long)us);
	if ((j = json_loads(s, JSON_DECODE_ANY, NULL)) || (j = json_string(s))) {
		if (units_duration(j, "$.d", &us, &e) == 0 && (us < 0 || us > UNITS_MAX_DURATION_US))
			fz_bug("JSON duration parsed to %lld us", (long long)us);
		err_clear(&e);
		if (units_rate(j, "$.r", &rate, &e) == 0 && !(rate > 0 && isfinite(rate)))
			fz_bug("rate parsed to %g", rate);
		json_decref(j);
	}
	free(s);
	return 0;
}

int fz_dist(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	gsl_rng *r;

	if (!j)
		return 0;
	r = rng_stream_new(7, "fuzz", 0);
	for (int unit = DIST_SECONDS; unit <= DIST_NUMBER; unit++) {
		ecs_err e = { 0 };
		dist d = { 0 };
		if (dist_parse(&d, j, "$.x", (enum dist_unit)unit, &e) < 0) {
			if (!err_isset(&e))
				fz_bug("distribution rejected without a message");
			dist_destroy(&d);
			continue;
		}
		for (int i = 0; i < 64; i++) {
			double x = dist_sample(&d, r);
			if (!(x >= 0) || !isfinite(x))
				fz_bug("distribution sampled %g", x);
		}
		if (!(dist_mean(&d) >= 0))
			fz_bug("distribution has mean %g", dist_mean(&d));
		dist_destroy(&d);
	}
	gsl_rng_free(r);
	json_decref(j);
	return 0;
}

/* The study options: --strategies, --param (each value applied as --set
 * would be) and --target, all from the same bytes. */
int fz_study(const uint8_t *data, size_t size)
{
	char *arg = cstr(data, size);
	ecs_err e = { 0 };
	expt_strategy *st = NULL;
	expt_param p;
	expt_target t;
	int n = 0;

	if (expt_parse_strategies(arg, &st, &n, &e) == 0)
		expt_strategies_free(st, n);
	else if (!err_isset(&e))
		fz_bug("--strategies rejected without a message");
	err_clear(&e);
	if (expt_parse_param(arg, &p, &e) == 0) {
		json_t *root = json_loads(set_base, 0, NULL);
		for (int i = 0; i < p.nvalues; i++) {
			size_t len = strlen(p.path) + strlen(p.values[i]) + 2;
			char *a = xmalloc(len);
			ecs_err se = { 0 };
			snprintf(a, len, "%s=%s", p.path, p.values[i]);
			scenario_set(root, a, &se);
			free(a);
		}
		json_decref(root);
		expt_param_free(&p);
	} else if (!err_isset(&e)) {
		fz_bug("--param rejected without a message");
	}
	err_clear(&e);
	if (expt_parse_target(arg, &t, &e) == 0)
		expt_target_free(&t);
	else if (!err_isset(&e))
		fz_bug("--target rejected without a message");
	free(arg);
	return 0;
}
