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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim/engine/dist.h"
#include "sim/study/expt.h"
#include "sim/engine/rng.h"
#include "sim/scenario/scenario.h"
#include "sim/model/model.h"
#include "sim/trace/trace.h"
#include "sim/support/schedexpr.h"
#include "sim/support/units.h"
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
	{ "regex", fz_regex },
	{ "set", fz_set },
	{ "strategy", fz_strategy },
	{ "units", fz_units },
	{ "schedexpr", fz_schedexpr },
	{ "dist", fz_dist },
	{ "study", fz_study },
	{ "trace_ali17", fz_trace_ali17 },
	{ "trace_openb", fz_trace_openb },
	{ "trace_swf", fz_trace_swf },
	{ "trace_google", fz_trace_google },
	{ "trace_csv", fz_trace_csv },
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

/* Regular expressions against a value, timed: the input is VALUE, a
 * newline, then PATTERN.  Whatever the pattern, compiling it and matching
 * it against a value of up to 256 bytes on six hosts must stay well under
 * a second (issue 13: "(a*)*" 24 times took 74 s per value).  Only the
 * libFuzzer build (FZ_TIMED) judges the time: the replay in 'make test'
 * checks the answers alone, and the runner's time limit catches a hang. */
#define FZ_REGEX_MAX_MS 500

int fz_regex(const uint8_t *data, size_t size)
{
	char *in = cstr(data, size), *nl = strchr(in, '\n'), expr[4400];
	const char *pat, *quote;
	ecs_err e = { 0 };
	cl_cluster cl;
	qry *q = NULL;
	int32_t x;
	struct timespec t0, t1;

	if (!nl || nl - in > 256 || strlen(nl + 1) > 4000) {
		free(in);
		return 0;
	}
	*nl = 0;
	pat = nl + 1;
	/* the query language's quotes have no escapes: take the other kind */
	quote = strchr(pat, '\'') ? (strchr(pat, '"') ? NULL : "\"") : "'";
	if (!quote) {
		free(in);
		return 0;
	}
	snprintf(expr, sizeof(expr), "attribute:x =~ %s%s%s", quote, pat, quote);
	cl_init(&cl);
	x = cl_attr_id(&cl, "x");
	for (int32_t h = 0; h < 6; h++) {
		int32_t z = cl_attr_value(&cl, CL_ATTR_ZONE, "a");
		char v[300];
		cl_add_hosts(&cl, 1, 0, z, 4096, 8192, 0, 3, 0.1);
		/* the value, its prefixes and the value doubled */
		snprintf(v, sizeof(v), "%.*s%s", h < 4 ? (int)strlen(in) * (h + 1) / 4 : 256, in,
			 h == 5 ? in : "");
		cl_host_set_attr(&cl, h, x, cl_attr_value(&cl, x, v));
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	if (qry_parse(&q, expr, &cl, &e) == 0) {
		for (int32_t h = 0; h < cl.nhosts; h++)
			if (qry_eval(q, &cl, h) > 1)
				fz_bug("qry_eval returned neither 0 nor 1");
		qry_free(q);
	} else if (!err_isset(&e)) {
		fz_bug("regex rejected without a message");
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
#ifdef FZ_TIMED
	{
		double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ms > FZ_REGEX_MAX_MS)
			fz_bug("compiling and matching %s took %.0f ms", expr, ms);
	}
#endif
	(void)t1;
	cl_destroy(&cl);
	free(in);
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

/* An EventBridge schedule expression, and after a newline the time to
 * look from ("YYYY-MM-DDTHH:MM:SSZ", else 1970).  A mistake must come
 * with a message naming the expression; a parse: a rate of at least a
 * minute, a cron next firing that is a minute the oracle (sx_matches)
 * agrees fires, at or after the time asked, with no firing the oracle
 * sees in the hour before it; a time that parses formats back the same. */
#define FZ_SX_WINDOW 60 /* minutes before a next firing the oracle checks */
int fz_schedexpr(const uint8_t *data, size_t size)
{
	char *in = cstr(data, size), *nl = strchr(in, '\n'), msg[512], back[32];
	int64_t from = 0, next;
	sx_expr x;

	if (nl) {
		*nl = 0;
		msg[0] = 0;
		if (sx_parse_time(nl + 1, &from, msg, sizeof(msg)) == 0) {
			sx_format_time(from, back, sizeof(back));
			if (from < 0 || strcmp(back, nl + 1) != 0)
				fz_bug("time \"%s\" parsed to %lld, formats as %s", nl + 1,
				       (long long)from, back);
		} else {
			if (!msg[0])
				fz_bug("time \"%s\" refused without a message", nl + 1);
			from = 0;
		}
	}
	msg[0] = 0;
	if (sx_parse(&x, in, msg, sizeof(msg)) < 0) {
		if (!msg[0])
			fz_bug("expression \"%s\" refused without a message", in);
	} else if (x.kind == SX_RATE) {
		if (x.rate < 60 || (next = sx_next(&x, from, from + 1)) < from || next > from + x.rate)
			fz_bug("rate \"%s\": every %lld s", in, (long long)x.rate);
	} else if ((next = sx_next(&x, 0, from)) >= 0) {
		if (next < from || !sx_matches(&x, next))
			fz_bug("cron \"%s\" from %lld: next %lld, which it does not fire at", in,
			       (long long)from, (long long)next);
		for (int64_t t = (next - FZ_SX_WINDOW * 60) / 60 * 60; t < next; t += 60)
			if (t >= from && sx_matches(&x, t))
				fz_bug("cron \"%s\" from %lld: next %lld, but it fires at %lld", in,
				       (long long)from, (long long)next, (long long)t);
	}
	free(in);
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

/* ---- trace readers ----------------------------------------------------- */

/* The input is cut at form feeds: the workload file, then the machine
 * table (formats with one; for the others a second workload file), then a
 * second workload file.  The parts are written to temporary files, named
 * in a small scenario that the loader checks as it would a user's, and the
 * trace is replayed to its end with trace_open / trace_next as the model
 * does, once as `ecsim run` and once as `ecsim run --strict`.  A small
 * reorder buffer makes unsorted inputs reach the "not sorted" error. */
#define FZ_TRACE_PARTS 3

/* Group ids as the model hands them out; only their range is checked. */
static int32_t fz_group(void *ctx, const char *name)
{
	int32_t *n = ctx;

	if (!name || !*name)
		fz_bug("empty group name");
	return (*n)++;
}

static char *temp_file(const uint8_t *data, size_t size)
{
	const char *dir = getenv("TMPDIR");
	char *path = xmalloc(4096);
	int fd;

	snprintf(path, 4096, "%s/ecsim-fuzz-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		fz_bug("cannot create a temporary file %s", path);
	if (size && write(fd, data, size) != (ssize_t)size)
		fz_bug("cannot write a temporary file %s", path);
	close(fd);
	return path;
}

static int64_t tally_sum(const trace_tally *y)
{
	int64_t n = 0;

	for (int i = 0; i < y->n; i++) {
		if (y->count[i] <= 0 || !y->reason[i] || !*y->reason[i])
			fz_bug("tally \"%s\" of %lld", y->reason[i] ? y->reason[i] : "(null)",
			       (long long)y->count[i]);
		n += y->count[i];
	}
	return n;
}

static void check_table(const trace_table_stats *st, const char *what)
{
	int64_t skipped = tally_sum(&st->skipped);

	tally_sum(&st->notes);
	if (st->rows != st->used + st->bad + skipped)
		fz_bug("%s: %lld rows but %lld used + %lld bad + %lld skipped", what,
		       (long long)st->rows, (long long)st->used, (long long)st->bad,
		       (long long)skipped);
	if (st->nexamples != (st->bad < 10 ? st->bad : 10))
		fz_bug("%s: %lld bad rows but %d examples", what, (long long)st->bad,
		       st->nexamples);
}

static void check_machines(const trace *t)
{
	int64_t last = 0;

	check_table(&t->machines_in, "machine table");
	if (t->nmachines > t->machines_in.used)
		fz_bug("%d machines from %lld rows", t->nmachines, (long long)t->machines_in.used);
	for (int32_t i = 0; i < t->nmachines; i++) {
		const trace_machine *m = &t->machines[i];
		if (m->cpu <= 0 || m->mem <= 0 || m->gpu < 0 || m->gpu > 1024 || m->type < 0 ||
		    m->type >= t->ntypes)
			fz_bug("machine %d: cpu %d, mem %d, gpu %d, type %d of %d", i, m->cpu,
			       m->mem, m->gpu, m->type, t->ntypes);
	}
	for (int64_t k = 0; k < t->nmev; k++) {
		const trace_mevent *v = &t->mev[k];
		if (v->time < last || v->machine < 0 || v->machine >= t->nmachines)
			fz_bug("machine event %lld: time %lld after %lld, machine %d of %d",
			       (long long)k, (long long)v->time, (long long)last, v->machine,
			       t->nmachines);
		last = v->time;
	}
}

static int fz_key_marker;

/* Replays the trace; 1 if it was read to its end, 0 if it stopped with an
 * error (then with a message).  *bad: bad rows of both tables. */
static int replay_trace(const sc_trace *sc, int strict, int64_t *tasks, int64_t *bad)
{
	ecs_err e = { 0 };
	int32_t groups = 0;
	int64_t now = 0, subs = 0, starts = 0, stops = 0, sum = 0;
	int ok = 1, google = strcmp(sc->fmt->name, "google-2011") == 0;
	trace t;
	trace_act a;
	FILE *null;

	if (trace_open(&t, &sc->spec, 0, 1, strict, NULL, fz_group, &groups, &e) < 0) {
		if (!err_isset(&e))
			fz_bug("trace_open failed without a message");
		trace_close(&t);
		return 0;
	}
	check_machines(&t);
	while (ok && trace_next_time(&t) != INT64_MAX) {
		int64_t next = trace_next_time(&t);
		int rc;
		if (next < now)
			fz_bug("next action at %lld, before %lld", (long long)next, (long long)now);
		now = next;
		while ((rc = trace_next(&t, now, &a, &e)) > 0) {
			if (a.time != now)
				fz_bug("action at %lld handed out at %lld", (long long)a.time,
				       (long long)now);
			if (a.kind == TRACE_STOP) {
				if (!google || a.task != &fz_key_marker)
					fz_bug("stop of key %d that was not started", a.key);
				trace_unbind(&t, a.key);
				stops++;
				continue;
			}
			if (a.count < 1 || a.count > 1000000 || a.cpu < 0 || a.mem < 0 ||
			    a.gpu < 0 || a.gpu > 1024 || a.gpu_milli < 0 || a.gpu_milli >= 1000 ||
			    (a.gpu && a.gpu_milli) || a.duration < -1 ||
			    a.duration > UNITS_MAX_DURATION_US || a.group < 0 || a.group >= groups)
				fz_bug("action: %lld tasks of cpu %d, mem %d, gpu %d + %d/1000 for "
				       "%lld us, group %d of %d", (long long)a.count, a.cpu, a.mem,
				       a.gpu, a.gpu_milli, (long long)a.duration, a.group, groups);
			if (a.kind == TRACE_START) {
				if (!google || a.count != 1 || a.duration != -1 || a.key < 0)
					fz_bug("start of %lld tasks, key %d", (long long)a.count, a.key);
				trace_bind(&t, a.key, &fz_key_marker);
				starts++;
			} else {
				if (google)
					fz_bug("google-2011 submitted tasks without a start");
				subs++;
			}
			sum += a.count;
		}
		if (rc < 0) {
			if (!err_isset(&e))
				fz_bug("trace_next failed without a message");
			ok = 0;
		}
	}
	if (ok) {
		if (!t.tasks_in.complete)
			fz_bug("no actions left but the workload was not read to its end");
		check_table(&t.tasks_in, "workload");
		if (t.tasks != sum)
			fz_bug("trace counts %lld tasks, the actions %lld", (long long)t.tasks,
			       (long long)sum);
		if (google ? starts + stops > t.tasks_in.used || stops > starts
			   : subs != t.tasks_in.used)
			fz_bug("%lld rows used, %lld submits, %lld starts, %lld stops",
			       (long long)t.tasks_in.used, (long long)subs, (long long)starts,
			       (long long)stops);
		if (strict && t.tasks_in.bad + t.machines_in.bad)
			fz_bug("--strict replay went on past a bad row");
	}
	json_decref(trace_summary(&t));
	if ((null = fopen("/dev/null", "w"))) {
		trace_print_bad(&t, null);
		fclose(null);
	}
	*tasks = sum;
	*bad = t.tasks_in.bad + t.machines_in.bad;
	trace_close(&t);
	return ok;
}

/* format is the JSON of the "format" key, extra more keys of the trace,
 * machine_keys NULL if the format has no machine table, else more keys for
 * a trace with one. */
static void fuzz_trace(const char *format, const char *extra, const char *machine_keys,
		       const uint8_t *data, size_t size)
{
	char *path[FZ_TRACE_PARTS] = { 0 }, *text, *files;
	size_t len;
	int nparts = 0, machines;
	scenario sc;
	ecs_err e = { 0 };
	int64_t tasks, bad, tasks2, bad2;
	int ok;

	while (nparts < FZ_TRACE_PARTS) {
		const uint8_t *ff = memchr(data, '\f', size);
		size_t n = ff && nparts < FZ_TRACE_PARTS - 1 ? (size_t)(ff - data) : size;
		path[nparts++] = temp_file(data, n);
		if (n == size)
			break;
		data += n + 1;
		size -= n + 1;
	}
	machines = nparts > 1 && machine_keys;
	len = strlen(format) + strlen(extra) + (machine_keys ? strlen(machine_keys) : 0) +
	      FZ_TRACE_PARTS * 4100 + 1024;
	files = xmalloc(len);
	snprintf(files, len, "\"%s\"", path[0]);
	for (int i = 1; i < nparts; i++)
		if (i != 1 || !machines)
			snprintf(files + strlen(files), len - strlen(files), ",\"%s\"", path[i]);
	text = xmalloc(len);
	snprintf(text, len,
		 "{\"name\":\"fuzz\",\"duration\":\"1h\",\"cluster\":{\"availabilityZones\":"
		 "[\"a\",\"b\"],\"instanceTypes\":[{\"name\":\"m\",\"cpu\":4096,\"memory\":8192}],"
		 "\"instances\":[{\"instanceType\":\"m\",\"count\":1}]},\"traces\":[{\"name\":"
		 "\"t\",\"format\":%s,\"file\":[%s]%s%s%s%s,\"reorderRows\":16%s}]}",
		 format, files, machines ? ",\"machines\":\"" : "", machines ? path[1] : "",
		 machines ? "\"" : "", machines ? machine_keys : "", extra);
	free(files);
	if (scenario_load_buffer(&sc, "fuzz.json", text, strlen(text), NULL, 0, &e) < 0) {
		/* only a csv mapping from the input may be wrong */
		if (!err_isset(&e) || format[0] == '"')
			fz_bug("trace scenario rejected: %s", e.msg);
	} else {
		if (sc.ntraces != 1)
			fz_bug("%d traces loaded", sc.ntraces);
		ok = replay_trace(&sc.traces[0], 0, &tasks, &bad);
		if (replay_trace(&sc.traces[0], 1, &tasks2, &bad2) != (ok && bad == 0))
			fz_bug("--strict %s though %lld bad rows (replay %s)",
			       ok && bad == 0 ? "failed" : "succeeded", (long long)bad,
			       ok ? "succeeded" : "failed");
		if (ok && bad == 0 && tasks != tasks2)
			fz_bug("--strict replayed %lld tasks, without %lld", (long long)tasks2,
			       (long long)tasks);
		scenario_destroy(&sc);
	}
	free(text);
	for (int i = 0; i < nparts; i++) {
		unlink(path[i]);
		free(path[i]);
	}
}

int fz_trace_ali17(const uint8_t *data, size_t size)
{
	fuzz_trace("\"alibaba-2017\"", ",\"start\":\"1s\"", ",\"errorRecovery\":\"10m\"", data,
		   size);
	return 0;
}

int fz_trace_openb(const uint8_t *data, size_t size)
{
	fuzz_trace("\"alibaba-gpu-2023\"", ",\"start\":\"1s\"", "", data, size);
	return 0;
}

int fz_trace_swf(const uint8_t *data, size_t size)
{
	fuzz_trace("\"swf\"", ",\"start\":\"1s\",\"defaultMemory\":64", NULL, data, size);
	return 0;
}

int fz_trace_google(const uint8_t *data, size_t size)
{
	fuzz_trace("\"google-2011\"", ",\"start\":\"1s\",\"sample\":0.75", "", data, size);
	return 0;
}

/* A first line that starts with '{' is the column mapping ("format"),
 * else the columns are by number: submit, duration, cpu, memory (MiB),
 * count, group, gpu. */
int fz_trace_csv(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl;
	char *format;

	if (size > 0 && text[0] == '{' && (nl = memchr(text, '\n', size))) {
		format = cstr(data, (size_t)(nl - text));
		size -= (size_t)(nl - text) + 1;
		data = (const uint8_t *)nl + 1;
	} else {
		format = xstrdup("{\"columns\":{\"submit\":1,\"duration\":2,\"cpu\":3,\"memory\":4,"
				 "\"count\":5,\"group\":6,\"gpu\":7},\"header\":false}");
	}
	fuzz_trace(format, "", NULL, data, size);
	free(format);
	return 0;
}
