/* test_study.c - experiments: statistics against known values, runs into
 * summaries, common random numbers, sweep and size against known answers,
 * parallel and MPI runs giving the same files as one process. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support.h"
#include "tests/test.h"
#include "reports/csvout.h"
#include "sim/study/expt.h"
#include "sim/study/pool.h"
#include "reports/stats.h"
#include "sim/study/study.h"

/* Runs BIN ARGS from the source tree root; returns the exit status, output
 * in test_out / test_err. */
static int sh(const char *bin, const char *args)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "%s %s", bin, args);
	return test_run(test_srcdir(), cmd);
}

static int ecsim(const char *args)
{
	char bin[1200];
	snprintf(bin, sizeof(bin), "'%s'", test_ecsim());
	return sh(bin, args);
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* 1 if the files dir_a/name and dir_b/name are byte for byte the same. */
static int same_file(const char *da, const char *db, const char *name)
{
	char a[1200], b[1200];
	FILE *fa, *fb;
	int ca, cb, same;

	snprintf(a, sizeof(a), "%s/%s", da, name);
	snprintf(b, sizeof(b), "%s/%s", db, name);
	fa = fopen(a, "rb");
	fb = fopen(b, "rb");
	same = fa && fb;
	while (same) {
		ca = getc(fa), cb = getc(fb);
		if (ca != cb)
			same = 0;
		if (ca == EOF || cb == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* The line of a CSV file that starts with prefix, into buf. */
static int csv_line(const char *path, const char *prefix, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(buf, (int)n, f))
		if (strncmp(buf, prefix, strlen(prefix)) == 0) {
			buf[strcspn(buf, "\n")] = 0;
			found = 1;
		}
	fclose(f);
	return found;
}

/* ---- statistics ----------------------------------------------------------- */

/* 1..5: mean 3, s = sqrt(2.5); t(0.975, 4) = 2.7764451052 (tables), so the
 * interval is 3 -/+ 2.7764451052 * 1.5811388301 / sqrt(5) = 3 -/+ 1.9632432. */
TEST(test_study_ci_known_values)
{
	static const double x[] = { 1, 2, 3, 4, 5 }, y[] = { 1, 3 };
	stats_ci c = stats_of(x, 5, 0.95);

	CHECK_EQ(c.n, 5);
	CHECK_NEAR(c.mean, 3, 1e-15);
	CHECK_NEAR(c.sd, 1.5811388300841898, 1e-12);
	CHECK_NEAR(c.lo, 3 - 1.9632432, 1e-6);
	CHECK_NEAR(c.hi, 3 + 1.9632432, 1e-6);
	CHECK_NEAR(stats_t_quantile(0.95, 4), 2.7764451052, 1e-9);
	CHECK_NEAR(stats_t_quantile(0.95, 10), 2.2281388520, 1e-9);
	CHECK_NEAR(stats_t_quantile(0.99, 30), 2.7499956536, 1e-9);
	/* n = 2: t(0.975, 1) = 12.7062047362, s = sqrt(2), half = 12.706 */
	c = stats_of(y, 2, 0.95);
	CHECK_NEAR(c.lo, 2 - 12.7062047362, 1e-8);
	CHECK_NEAR(c.hi, 2 + 12.7062047362, 1e-8);
	/* one value: a mean but no spread or interval; none: nothing */
	c = stats_of(x, 1, 0.95);
	CHECK(c.mean == 1 && isnan(c.sd) && isnan(c.lo) && isnan(c.hi));
	c = stats_of(x, 0, 0.95);
	CHECK(c.n == 0 && isnan(c.mean));
}

/* Quantiles over replications, type 7: sorted 1 1 3 4 5, h = 4p:
 * p50 h = 2 -> 3; p95 h = 3.8 -> 4 + 0.8 (5 - 4) = 4.8; p99 h = 3.96 -> 4.96. */
TEST(test_study_quantiles_known_values)
{
	static const double x[] = { 3, 1, 4, 1, 5 }, p[] = { 0, 0.5, 0.95, 0.99, 1 };
	double q[5];

	stats_quantiles(x, 5, p, q, 5);
	CHECK_NEAR(q[0], 1, 0);
	CHECK_NEAR(q[1], 3, 0);
	CHECK_NEAR(q[2], 4.8, 1e-12);
	CHECK_NEAR(q[3], 4.96, 1e-12);
	CHECK_NEAR(q[4], 5, 0);
	CHECK(x[0] == 3); /* the caller's values are left in their order */
	/* one value is every quantile; none gives NaN */
	stats_quantiles(x, 1, p, q, 5);
	CHECK(q[0] == 3 && q[2] == 3 && q[4] == 3);
	stats_quantiles(x, 0, p, q, 1);
	CHECK(isnan(q[0]));
	/* the lag-1 autocorrelation: 1 2 1 2: deviations -a a -a a, -3a^2 / 4a^2 */
	{
		static const double y[] = { 1, 2, 1, 2 }, z[] = { 7, 7, 7 };
		CHECK_NEAR(stats_lag1(y, 4), -0.75, 1e-15);
		CHECK(isnan(stats_lag1(z, 3)) && isnan(stats_lag1(y, 2)));
	}
}

/* Identical values give exactly that value and a zero-width interval, and
 * identical pairs a difference of exactly 0: no rounding noise. */
TEST(test_study_ci_identical_values_exact)
{
	static const double x[] = { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 };
	static const double a[] = { 0.3, 7.25, 1e-9 }, b[] = { 0.5, 7.75, 2e-9 };
	stats_ci c = stats_of(x, 7, 0.95);

	CHECK(c.mean == 0.1 && c.sd == 0 && c.lo == 0.1 && c.hi == 0.1);
	c = stats_paired(x, x, 7, 0.95);
	CHECK(c.mean == 0 && c.sd == 0 && c.lo == 0 && c.hi == 0);
	/* b - a = 0.2, 0.5, 1e-9: mean 0.233333, s = 0.252325 */
	c = stats_paired(b, a, 3, 0.95);
	CHECK_NEAR(c.mean, 0.7000000010 / 3, 1e-12);
	CHECK_NEAR(c.sd, 0.25166114784235827, 1e-9);
}

/* Differences within floating-point noise of the values (the same cost
 * summed in another order) are exactly 0; real ones, however small, stay. */
TEST(test_study_paired_noise_is_zero)
{
	static const double a[] = { 301.881, 0.1 + 0.2, 1e-300 };
	double b[3], c[3];
	stats_ci d;

	b[0] = 301.881 + 2.4e-13, b[1] = 0.3, b[2] = 2e-300;
	d = stats_paired(b, a, 2, 0.95);
	CHECK(d.mean == 0 && d.sd == 0 && d.lo == 0 && d.hi == 0);
	/* 1e-300 against 2e-300: a difference of the size of the values */
	d = stats_paired(b + 2, a + 2, 1, 0.95);
	CHECK(d.mean == 1e-300);
	/* differences of counts that sum to exactly 0: a mean of exactly 0,
	 * not the 1.4e-20 of a running mean (it printed as "+1.35525e-20") */
	{
		static const double u[] = { 8, 8, 7, 8, 7 }, v[] = { 7, 8, 7, 8, 8 };
		char buf[128];
		d = stats_paired(v, u, 5, 0.95);
		CHECK(d.mean == 0 && d.sd > 0);
		d = expt_paired("hosts.max_tasks_killed_by_one_failure", v, u, 5);
		expt_fmt_metric(buf, sizeof(buf), "hosts.max_tasks_killed_by_one_failure", &d, 1);
		CHECK_STR(buf, "0 ± 0.88");
	}
	for (int k = 0; k < 3; k++)
		c[k] = a[k] * (1 + 1e-6);
	d = stats_paired(c, a, 2, 0.95);
	CHECK(d.mean > 0 && d.sd > 0);
}

/* Intervals never leave what the metric can be: an availability's never
 * above 1, a count's never below 0, a difference of fractions within -1
 * and 1; savings can be negative.  significant: the interval excludes 0. */
TEST(test_study_intervals_clamped)
{
	static const double avail[] = { 1, 1, 0.999 }, rej[] = { 0, 0, 9 };
	static const double save[] = { -5, -1, -3 }, zero[] = { 0, 0, 0 };
	static const double lo[] = { 0.1, 0.9, 0.2 }, hi[] = { 0.9, 0.1, 0.95 };
	stats_ci c = expt_stats("availability", avail, 3);
	double l, h;
	char b[128];

	CHECK(c.hi == 1 && c.lo < c.mean && c.mean < 1);
	c = stats_of(avail, 3, 0.95);
	CHECK(c.hi > 1); /* what the clamp is for */
	c = expt_stats("services.web.availability", avail, 3);
	CHECK(c.hi == 1);
	c = expt_stats("tasks.rejected", rej, 3);
	CHECK(c.lo == 0 && c.hi > 9);
	c = expt_stats("cost.commitments.savings_usd", save, 3);
	CHECK(c.lo < -5);
	c = expt_paired("utilization.cpu", hi, lo, 3);
	CHECK(c.lo == -1 && c.hi == 1);
	CHECK_EQ(expt_significant(&c), 0);
	c = expt_paired("tasks.rejected", rej, zero, 3);
	CHECK_EQ(expt_significant(&c), 0);
	c = expt_paired("tasks.rejected", avail, zero, 3);
	CHECK_EQ(expt_significant(&c), 1);
	c = expt_paired("tasks.rejected", avail, zero, 1);
	CHECK_EQ(expt_significant(&c), -1);
	expt_metric_range("utilization.memory", &l, &h);
	CHECK(l == 0 && h == 1);
	expt_metric_range("cost.idle_share", &l, &h);
	CHECK(l == 0 && h == 1);
	expt_metric_range("hosts.mean_busy", &l, &h);
	CHECK(l == 0 && isinf(h));
	/* as a page shows them */
	c = expt_stats("availability", avail, 3);
	expt_fmt_metric(b, sizeof(b), "availability", &c, 0);
	CHECK_STR(b, "99.967 ± 0.14 %");
	c = expt_stats("utilization.cpu", lo, 3);
	expt_fmt_metric(b, sizeof(b), "utilization.cpu", &c, 0);
	CHECK_STR(b, "40.0 ± 60 %");
	c = expt_paired("cost_usd", zero, zero, 3);
	expt_fmt_metric(b, sizeof(b), "cost_usd", &c, 1);
	CHECK_STR(b, "0 ± 0");
	c = expt_paired("utilization.cpu", hi, lo, 3);
	expt_fmt_metric(b, sizeof(b), "utilization.cpu", &c, 1);
	CHECK_STR(b, "+25.0 ± 125 pp");
}

/* ---- one run into a summary --------------------------------------------- */

static json_t *run_one(const char *file, uint64_t seed, const char *strategy, int series)
{
	char path[2048];
	ecs_err e = { 0 };
	study_spec sp = { .file = path, .seed = seed, .strategy = strategy, .series = series };
	json_t *r;

	snprintf(path, sizeof(path), "%s/%s", test_srcdir(), file);
	r = study_run(&sp, NULL, &e);
	if (!r)
		fprintf(stderr, "  %s\n", e.msg);
	return r;
}

/* study_run gives what 'ecsim run --no-task-log' puts in summary.json,
 * except the figures that describe the process (wall time, memory) and
 * per_host (hosts.csv's figures, which studies do not keep). */
TEST(test_study_run_matches_ecsim_run)
{
	char args[2048], dir[1100], path[1200];
	json_t *r = run_one("tests/data/study-small.json", 11, "binpack:memory", 0), *f;
	json_error_t je;

	CHECK(r);
	snprintf(dir, sizeof(dir), "%s/run", test_tmpdir());
	snprintf(args, sizeof(args), "run tests/data/study-small.json --seed 11 --strategy "
		 "binpack:memory --no-task-log --no-plots -q -o '%s'", dir);
	CHECK_EQ(ecsim(args), 0);
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	f = json_load_file(path, 0, &je);
	CHECK(f);
	json_object_del(f, "wall_seconds");
	json_object_del(f, "peak_rss_mib");
	CHECK(json_object_get(f, "per_host") != NULL);
	json_object_del(f, "per_host");
	CHECK(json_object_get(json_object_get(r, "summary"), "wall_seconds") == NULL);
	CHECK(json_object_get(json_object_get(r, "summary"), "per_host") == NULL);
	/* summary.json prints 10 significant digits */
	{
		study_metric *m1, *m2;
		int n1 = study_flatten(json_object_get(r, "summary"), &m1);
		int n2 = study_flatten(f, &m2), bad = -1;
		for (int i = 0; i < n1 && i < n2 && bad < 0; i++)
			if (strcmp(m1[i].name, m2[i].name) ||
			    fabs(m1[i].value - m2[i].value) > 1e-9 * fabs(m2[i].value))
				bad = i;
		if (bad >= 0)
			fprintf(stderr, "  %s: %.17g vs %.17g\n", m1[bad].name, m1[bad].value,
				m2[bad].value);
		free(m1);
		free(m2);
		CHECK_EQ(n1, n2);
		CHECK_EQ(bad, -1);
	}
	CHECK_STR(json_string_value(json_object_get(json_object_get(r, "summary"), "strategy")),
		  json_string_value(json_object_get(f, "strategy")));
	CHECK(json_object_get(r, "series") == NULL);
	json_decref(f);
	json_decref(r);
}

/* Runs share nothing: A, B, A in one process gives A twice, and the
 * series has one entry per metrics sample (0, 30 min, ..., 12 h). */
TEST(test_study_runs_are_independent)
{
	json_t *a = run_one("tests/data/study-small.json", 3, NULL, 1);
	json_t *b = run_one("tests/data/study-small.json", 4, "random", 1);
	json_t *c = run_one("tests/data/study-small.json", 3, NULL, 1);
	const json_t *ts;

	CHECK(a && b && c);
	CHECK(json_equal(a, c));
	CHECK(!json_equal(a, b));
	ts = json_object_get(json_object_get(a, "series"), "time_s");
	CHECK_EQ(json_array_size(ts), 25);
	CHECK_NEAR(json_number_value(json_array_get(ts, 24)), 43200, 0);
	CHECK_NEAR(json_number_value(json_array_get(json_object_get(json_object_get(a, "series"),
								    "desired"), 3)), 12, 0);
	json_decref(a);
	json_decref(b);
	json_decref(c);
}

TEST(test_study_flatten_names)
{
	json_t *r = run_one("tests/data/study-small.json", 7, NULL, 0);
	study_metric *m;
	int n, seen = 0;

	CHECK(r);
	n = study_flatten(json_object_get(r, "summary"), &m);
	for (int i = 0; i < n; i++) {
		if (strcmp(m[i].name, "services.web.availability") == 0 ||
		    strcmp(m[i].name, "tasks.rejected") == 0 || strcmp(m[i].name, "cost_usd") == 0)
			seen++;
		if (strcmp(m[i].name, "seed") == 0 || strcmp(m[i].name, "wall_seconds") == 0)
			seen = -100;
	}
	free(m);
	json_decref(r);
	CHECK_EQ(seen, 3);
}

/* ---- the pool --------------------------------------------------------------- */

static int pool_texts(int jobs, int bad, char **texts, int n, ecs_err *e)
{
	char path[2048], nope[2048];
	study_spec sp[6];
	json_t *out[6];
	pool p;
	int rc;

	snprintf(path, sizeof(path), "%s/tests/data/study-small.json", test_srcdir());
	snprintf(nope, sizeof(nope), "%s/tests/data/no-such.json", test_srcdir());
	for (int i = 0; i < n; i++)
		sp[i] = (study_spec){ .file = i == bad ? nope : path, .seed = 100 + (uint64_t)i % 3,
				      .strategy = i < 3 ? NULL : "binpack:cpu" };
	pool_init(&p, NULL, NULL, jobs, 0, NULL);
	rc = pool_run(&p, sp, n, out, "test", e);
	pool_finish(&p);
	for (int i = 0; i < n && rc == 0; i++) {
		texts[i] = json_dumps(out[i], JSON_COMPACT);
		json_decref(out[i]);
	}
	return rc;
}

/* Results come back by run index, the same with 1 job (in process) and 3
 * (forked workers finishing in any order); a failed run is named. */
TEST(test_study_pool_order_and_errors)
{
	char *a[6], *b[6];
	ecs_err e = { 0 };

	CHECK_EQ(pool_texts(1, -1, a, 6, &e), 0);
	CHECK_EQ(pool_texts(3, -1, b, 6, &e), 0);
	for (int i = 0; i < 6; i++) {
		int same = strcmp(a[i], b[i]) == 0, repeat = i > 0 && strcmp(a[i], a[i - 1]) == 0;
		if (i > 0) {
			free(a[i - 1]);
			free(b[i - 1]);
		}
		if (i == 5) {
			free(a[i]);
			free(b[i]);
		}
		if (!same)
			TEST_FAILED("run %d differs between 1 and 3 jobs", i);
		CHECK(!repeat);
	}
	CHECK_EQ(pool_texts(1, 4, a, 6, &e), -1);
	CHECK(strstr(e.msg, "run 4 (seed 101, strategy binpack:cpu): cannot open"));
	err_clear(&e);
	CHECK_EQ(pool_texts(2, 4, a, 6, &e), -1);
	CHECK(strstr(e.msg, "run 4 (seed 101, strategy binpack:cpu): cannot open"));
}

/* ---- compare ---------------------------------------------------------------- */

/* Two identical strategies under common random numbers: every paired
 * difference is exactly 0 with a zero-width interval, while the metrics
 * themselves vary over replications. */
TEST(test_study_compare_common_random_numbers)
{
	char args[2048], dir[1100], path[1200], line[4096];

	snprintf(dir, sizeof(dir), "%s/c", test_tmpdir());
	snprintf(args, sizeof(args), "compare tests/data/study-small.json -r 4 --no-plots -q "
		 "--strategies 'a=binpack:memory;b=binpack:memory;c=random' -o '%s'", dir);
	CHECK_EQ(ecsim(args), 0);
	CHECK_STR(test_out, "");
	snprintf(path, sizeof(path), "%s/comparison.csv", dir);
	CHECK(csv_line(path, "metric,", line, sizeof(line)));
	CHECK_STR(line, "metric,strategy,n,mean,stddev,ci95_low,ci95_high,diff_mean,diff_stddev,"
			"diff_ci95_low,diff_ci95_high,significant");
	CHECK(csv_line(path, "tasks.rejected,a,4,", line, sizeof(line)));
	CHECK(strstr(line, ",,,,,") && !strstr(line, ",0,0,")); /* no differences for the first */
	/* a difference of exactly 0, and so not significant */
	CHECK(csv_line(path, "tasks.rejected,b,4,", line, sizeof(line)));
	CHECK(strcmp(line + strlen(line) - 10, ",0,0,0,0,0") == 0);
	CHECK(csv_line(path, "availability,b,4,", line, sizeof(line)));
	CHECK(strcmp(line + strlen(line) - 10, ",0,0,0,0,0") == 0);
	CHECK(csv_line(path, "services.web.availability,b,4,", line, sizeof(line)));
	/* the same failures hit every strategy */
	CHECK(csv_line(path, "hosts.failures,c,4,", line, sizeof(line)));
	CHECK(strcmp(line + strlen(line) - 10, ",0,0,0,0,0") == 0);
	/* but a different strategy does differ in where tasks go, significantly */
	CHECK(csv_line(path, "hosts.mean_busy,c,4,", line, sizeof(line)));
	CHECK(strcmp(line + strlen(line) - 10, ",0,0,0,0,0") != 0);
	CHECK(strcmp(line + strlen(line) - 2, ",1") == 0);
	/* replications.csv: 12 runs, seeds 7..10 for every strategy */
	snprintf(path, sizeof(path), "%s/replications.csv", dir);
	CHECK(csv_line(path, "run,strategy,replication,seed,", line, sizeof(line)));
	CHECK(csv_line(path, "0,a,0,7,", line, sizeof(line)));
	CHECK(csv_line(path, "7,b,3,10,", line, sizeof(line)));
	CHECK(csv_line(path, "11,c,3,10,", line, sizeof(line)));
	/* percentiles.csv: the spread over the 4 replications */
	snprintf(path, sizeof(path), "%s/percentiles.csv", dir);
	CHECK(csv_line(path, "metric,", line, sizeof(line)));
	CHECK_STR(line, "metric,strategy,n,min,p50,p95,p99,max");
	CHECK(csv_line(path, "sim_seconds,c,", line, sizeof(line)));
	CHECK_STR(line, "sim_seconds,c,4,43200,43200,43200,43200,43200");
	snprintf(path, sizeof(path), "%s/timeline.csv", dir);
	CHECK(csv_line(path, "strategy,time_s,desired,running,cpu_util,mem_util,hosts_busy", line,
		       sizeof(line)));
	CHECK(csv_line(path, "c,43200,12,", line, sizeof(line)));
	snprintf(path, sizeof(path), "%s/index.html", dir);
	CHECK(exists(path));
}

/* --jobs changes nothing in the files, plots included; the page has no
 * external resources. */
TEST(test_study_compare_jobs_identical)
{
	static const char *const files[] = { "comparison.csv", "replications.csv", "timeline.csv",
					     "percentiles.csv", "index.html", "timeline.svg",
					     "compare-cost.svg" };
	const char *tmp = test_tmpdir();
	char args[2048], a[1100], b[1100], page[1200];

	snprintf(a, sizeof(a), "%s/a", tmp);
	snprintf(b, sizeof(b), "%s/b", tmp);
	snprintf(args, sizeof(args), "compare tests/data/study-small.json -r 3 -q -j 1 "
		 "--strategies 'scenario;binpack:cpu' -o '%s'", a);
	CHECK_EQ(ecsim(args), 0);
	snprintf(args, sizeof(args), "compare tests/data/study-small.json -r 3 -q --jobs=2 "
		 "--strategies 'scenario;binpack:cpu' -o '%s'", b);
	CHECK_EQ(ecsim(args), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		if (i >= 5 && !exists("/usr/bin/gnuplot"))
			break;
		if (!same_file(a, b, files[i]))
			TEST_FAILED("%s differs between --jobs 1 and --jobs 2", files[i]);
	}
	snprintf(page, sizeof(page), "%s/index.html", a);
	test_slurp(page, test_out, sizeof(test_out));
	CHECK(strstr(test_out, "<table>") && strstr(test_out, "Paired differences"));
	CHECK(!strstr(test_out, "http:") && !strstr(test_out, "https:") && !strstr(test_out, "<script"));
}

/* ---- sweep and size: known answers ------------------------------------------ */

/* 5 whole-host boxes: desiredCount 2, 4, 6 run 2, 4, 5 tasks, so the
 * availability is 1, 1, 5/6 and the mean hosts busy 2, 4, 5, exactly. */
TEST(test_study_sweep_known_answer)
{
	char args[2048], dir[1100], path[1200], line[4096];

	snprintf(dir, sizeof(dir), "%s/s", test_tmpdir());
	snprintf(args, sizeof(args), "sweep tests/data/whole-host.json -r 2 --no-plots -q "
		 "--set cluster.instances[0].count=5 --param services.svc.desiredCount=2,4,6 "
		 "--param 'duration=\"1h\",7200' -o '%s'", dir);
	CHECK_EQ(ecsim(args), 0);
	snprintf(path, sizeof(path), "%s/sweep.csv", dir);
	CHECK(csv_line(path, "services.svc.desiredCount,", line, sizeof(line)));
	CHECK_STR(line, "services.svc.desiredCount,duration,strategy,metric,n,mean,stddev,"
			"ci95_low,ci95_high");
	CHECK(csv_line(path, "2,\"\"\"1h\"\"\",scenario,availability,", line, sizeof(line)));
	CHECK_STR(line, "2,\"\"\"1h\"\"\",scenario,availability,2,1,0,1,1");
	CHECK(csv_line(path, "6,\"\"\"1h\"\"\",scenario,availability,", line, sizeof(line)));
	CHECK_STR(line, "6,\"\"\"1h\"\"\",scenario,availability,2,0.8333333333,0,0.8333333333,"
			"0.8333333333");
	CHECK(csv_line(path, "4,7200,scenario,hosts.mean_busy,", line, sizeof(line)));
	CHECK_STR(line, "4,7200,scenario,hosts.mean_busy,2,4,0,4,4");
	CHECK(csv_line(path, "6,7200,scenario,sim_seconds,", line, sizeof(line)));
	CHECK_STR(line, "6,7200,scenario,sim_seconds,2,7200,0,7200,7200");
	snprintf(path, sizeof(path), "%s/replications.csv", dir);
	CHECK(csv_line(path, "11,6,7200,scenario,1,2,", line, sizeof(line)));
	snprintf(path, sizeof(path), "%s/percentiles.csv", dir);
	CHECK(csv_line(path, "services.svc.desiredCount,", line, sizeof(line)));
	CHECK_STR(line, "services.svc.desiredCount,duration,strategy,metric,n,min,p50,p95,p99,max");
	CHECK(csv_line(path, "4,7200,scenario,hosts.mean_busy,", line, sizeof(line)));
	CHECK_STR(line, "4,7200,scenario,hosts.mean_busy,2,4,4,4,4,4");
}

/* Each task takes a whole host and nothing fails: the smallest fleet with
 * availability 1 is exactly desiredCount (6), whatever the strategy, and
 * compaction ends at 6 hosts in every trial. */
TEST(test_study_size_known_answer)
{
	char args[2048], dir[1100], path[1200], line[4096];

	snprintf(dir, sizeof(dir), "%s/z", test_tmpdir());
	snprintf(args, sizeof(args), "size tests/data/whole-host.json -r 2 --trials 3 --no-plots "
		 "--strategies 'scenario;binpack:memory' --target 'availability>=1' "
		 "--target 'tasks.rejected<=0' -o '%s'", dir);
	CHECK_EQ(ecsim(args), 0);
	CHECK(strstr(test_out, "[1] scenario                 6 (6 hosts in all"));
	snprintf(path, sizeof(path), "%s/fleet.csv", dir);
	CHECK(csv_line(path, "scenario,", line, sizeof(line)));
	CHECK(strncmp(line, "scenario,cluster.instances[0].count,6,6,1,", 42) == 0);
	CHECK(csv_line(path, "binpack:memory,", line, sizeof(line)));
	CHECK(strncmp(line, "binpack:memory,cluster.instances[0].count,6,6,1,", 48) == 0);
	/* the curve: 5 hosts give 5/6 and miss, 6 meet */
	snprintf(path, sizeof(path), "%s/size.csv", dir);
	CHECK(csv_line(path, "scenario,5,5,availability,", line, sizeof(line)));
	CHECK_STR(line, "scenario,5,5,availability,2,0.8333333333,0,0.8333333333,0.8333333333,"
			">=1,0,0");
	CHECK(csv_line(path, "scenario,6,6,availability,", line, sizeof(line)));
	CHECK_STR(line, "scenario,6,6,availability,2,1,0,1,1,>=1,1,1");
	snprintf(path, sizeof(path), "%s/compaction.csv", dir);
	CHECK(csv_line(path, "binpack:memory,2,", line, sizeof(line)));
	CHECK_STR(line, "binpack:memory,2,3,10,6,0.6,1,5");
	/* a larger desired count needs a larger fleet than the scenario has:
	 * the search doubles past 10 */
	snprintf(args, sizeof(args), "size tests/data/whole-host.json -r 1 --trials 0 -q "
		 "--no-plots --set services.svc.desiredCount=13 --instances 0 "
		 "--target 'services.svc.availability>=1' -o '%s/b'", dir);
	CHECK_EQ(ecsim(args), 0);
	snprintf(path, sizeof(path), "%s/b/fleet.csv", dir);
	CHECK(csv_line(path, "scenario,", line, sizeof(line)));
	CHECK(strncmp(line, "scenario,cluster.instances[0].count,13,13,1,", 44) == 0);
	/* --max below the answer: none found, said so */
	snprintf(args, sizeof(args), "size tests/data/whole-host.json -r 1 --trials 0 "
		 "--no-plots --max 4 --target 'availability>=1' -o '%s/c'", dir);
	CHECK_EQ(ecsim(args), 0);
	CHECK(strstr(test_out, "none up to 4"));
}

/* ---- the command line --------------------------------------------------------- */

TEST(test_study_cli_errors)
{
	const char *tmp = test_tmpdir();
	char args[2048], dir[1100];

	snprintf(dir, sizeof(dir), "%s/never", tmp);
	/* usage: exit 2 */
	CHECK_EQ(ecsim("compare"), 2);
	CHECK(strstr(test_err, "missing SCENARIO file"));
	CHECK_EQ(ecsim("compare tests/data/whole-host.json -r 0"), 2);
	CHECK(strstr(test_err, "--replications wants an integer from 1 to 1000000, not '0'"));
	CHECK_EQ(ecsim("compare tests/data/whole-host.json --jobs two"), 2);
	CHECK(strstr(test_err, "--jobs wants an integer"));
	CHECK_EQ(ecsim("compare tests/data/whole-host.json --param duration=1h,2h"), 2);
	CHECK(strstr(test_err, "--param is only for 'sweep'"));
	CHECK_EQ(ecsim("sweep tests/data/whole-host.json --param duration=1h --trials 3"), 2);
	CHECK(strstr(test_err, "--trials is only for 'size'"));
	CHECK_EQ(ecsim("compare tests/data/whole-host.json --strategies 'binpack:cpu;binpack:cpu'"),
		 2);
	CHECK(strstr(test_err, "'binpack:cpu' is given twice; name them apart"));
	CHECK_EQ(ecsim("compare tests/data/whole-host.json --strategies 'a;;b'"), 2);
	CHECK(strstr(test_err, "empty strategy"));
	CHECK_EQ(ecsim("sweep tests/data/whole-host.json"), 2);
	CHECK(strstr(test_err, "give at least one --param"));
	CHECK_EQ(ecsim("size tests/data/whole-host.json"), 2);
	CHECK(strstr(test_err, "give at least one --target"));
	CHECK_EQ(ecsim("size tests/data/whole-host.json --target 'a>=1' --by median"), 2);
	CHECK_EQ(ecsim("sweep tests/data/whole-host.json --bogus"), 2);
	CHECK(strstr(test_err, "unknown option '--bogus'"));
	/* meaning: exit 1, with the path, and no output folder */
	snprintf(args, sizeof(args), "sweep tests/data/whole-host.json -o '%s' "
		 "--param services.nope.desiredCount=1,2", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK_STR(test_err, "ecsim sweep: --param services.nope.desiredCount=1: $.services has no "
			   "element named \"nope\"\n");
	snprintf(args, sizeof(args), "sweep tests/data/whole-host.json -o '%s' "
		 "--param services.svc.desiredCount=1,-2", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK(strstr(test_err, "--param services.svc.desiredCount=-2: "));
	CHECK(strstr(test_err, "$.services[0].desiredCount: must be >= 0"));
	snprintf(args, sizeof(args), "sweep tests/data/whole-host.json -o '%s' --param duration=", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK(strstr(test_err, "--param 'duration=': empty value"));
	snprintf(args, sizeof(args), "size tests/data/whole-host.json -o '%s' "
		 "--target 'availabilty>=0.99'", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK_STR(test_err, "ecsim size: --target 'availabilty>=0.99': no metric 'availabilty' in a "
			   "summary (did you mean 'availability'?)\n");
	snprintf(args, sizeof(args), "size tests/data/whole-host.json -o '%s' "
		 "--target 'availability=0.99'", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK(strstr(test_err, "--target 'availability=0.99': expected METRIC>=VALUE"));
	snprintf(args, sizeof(args), "size tests/data/whole-host.json -o '%s' "
		 "--target 'availability>=high'", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK(strstr(test_err, "the value after the comparison must be a number"));
	snprintf(args, sizeof(args), "size tests/data/whole-host.json -o '%s' "
		 "--target 'availability>=1' --instances 'cluster.instances[3].count'", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK(strstr(test_err, "--instances cluster.instances[3].count: $.cluster.instances has 1 "
			      "element"));
	snprintf(args, sizeof(args), "compare tests/data/whole-host.json -o '%s' "
		 "--strategies 'scenario;binpack:disk'", dir);
	CHECK_EQ(ecsim(args), 1);
	CHECK(strstr(test_err, "binpack field must be cpu or memory"));
	CHECK(!exists(dir));
	CHECK_EQ(ecsim("help compare"), 0);
	CHECK(strstr(test_out, "common random numbers") && strstr(test_out, "seed BASE + k"));
	CHECK_EQ(ecsim("help sweep"), 0);
	CHECK(strstr(test_out, "--param PATH=v1,v2,..."));
	CHECK_EQ(ecsim("size --help"), 0);
	CHECK(strstr(test_out, "How many hosts do we need?"));
}

/* ---- MPI -------------------------------------------------------------------- */

/* mpirun -np 2 gives the files of a local run, byte for byte. */
TEST(test_study_mpi_matches_local)
{
	static const char *const files[] = { "comparison.csv", "replications.csv", "timeline.csv",
					     "percentiles.csv", "index.html", "fleet.csv", "size.csv",
					     "compaction.csv" };
	const char *tmp = test_tmpdir();
	char args[4096], bin[2048], a[1100], b[1100];

	if (!*test_ecsim_mpi() || access(test_ecsim_mpi(), X_OK) != 0 ||
	    system("command -v mpirun >/dev/null 2>&1") != 0) {
		fprintf(stderr, "  skipped: ecsim-mpi is not built or mpirun is missing "
				"(scripts/deps.sh --mpi installs OpenMPI; then make test builds it)\n");
		return;
	}
	snprintf(a, sizeof(a), "%s/local", tmp);
	snprintf(b, sizeof(b), "%s/mpi", tmp);
	snprintf(args, sizeof(args), "compare tests/data/study-small.json -r 3 -q --no-plots "
		 "--strategies 'scenario;binpack:cpu' -o '%s/c'", a);
	CHECK_EQ(ecsim(args), 0);
	snprintf(args, sizeof(args), "size tests/data/whole-host.json -r 2 --trials 2 -q "
		 "--no-plots --target 'availability>=1' -o '%s/s'", a);
	CHECK_EQ(ecsim(args), 0);
	/* root runs CI; OpenMPI's own allocations are not ours to leak-check */
	snprintf(bin, sizeof(bin), "mpirun --allow-run-as-root --oversubscribe -x "
		 "ASAN_OPTIONS=detect_leaks=0 -np 2 '%s'", test_ecsim_mpi());
	snprintf(args, sizeof(args), "compare tests/data/study-small.json -r 3 --no-plots "
		 "--strategies 'scenario;binpack:cpu' -o '%s/c'", b);
	if (sh(bin, args) != 0)
		TEST_FAILED("mpirun failed: %s", test_err);
	CHECK(strstr(test_out, "on each of 2 MPI ranks"));
	snprintf(args, sizeof(args), "size tests/data/whole-host.json -r 2 --trials 2 -q "
		 "--no-plots --target 'availability>=1' -o '%s/s'", b);
	if (sh(bin, args) != 0)
		TEST_FAILED("mpirun failed: %s", test_err);
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char da[1200], db[1200];
		snprintf(da, sizeof(da), "%s/%s", a, i < 5 ? "c" : "s");
		snprintf(db, sizeof(db), "%s/%s", b, i < 5 ? "c" : "s");
		if (!same_file(da, db, files[i]))
			TEST_FAILED("%s differs between mpirun -np 2 and a local run", files[i]);
	}
}

/* ---- parsing what to study ---------------------------------------------------- */

TEST(test_study_parse_params_and_targets)
{
	expt_param p;
	expt_target t;
	expt_strategy *s;
	ecs_err e = { 0 };
	int n;

	CHECK_EQ(expt_parse_param("cluster.availabilityZones=[\"a\"],[\"a\",\"b\"],\"x,y\",{\"k\":[1,2]}",
				  &p, &e), 0);
	CHECK_STR(p.path, "cluster.availabilityZones");
	CHECK_EQ(p.nvalues, 4);
	CHECK_STR(p.values[1], "[\"a\",\"b\"]");
	CHECK_STR(p.values[2], "\"x,y\"");
	CHECK_STR(p.values[3], "{\"k\":[1,2]}");
	expt_param_free(&p);
	CHECK_EQ(expt_parse_param("=1,2", &p, &e), -1);
	CHECK(strstr(e.msg, "expected PATH=v1,v2,..."));
	err_clear(&e);
	CHECK_EQ(expt_parse_param("duration=1h,,2h", &p, &e), -1);
	CHECK_STR(e.msg, "--param 'duration=1h,,2h': empty value");
	err_clear(&e);

	CHECK_EQ(expt_parse_target(" services.web.availability >= 0.9999 ", &t, &e), 0);
	CHECK_STR(t.metric, "services.web.availability");
	CHECK(t.op == EXPT_GE && t.value == 0.9999);
	expt_target_free(&t);
	CHECK_EQ(expt_parse_target("tasks.rejected<10", &t, &e), 0);
	CHECK(t.op == EXPT_LT && t.value == 10);
	expt_target_free(&t);
	CHECK_EQ(expt_parse_target(">=1", &t, &e), -1);
	CHECK_STR(e.msg, "--target '>=1': missing the metric before the comparison");
	err_clear(&e);

	CHECK_EQ(expt_parse_strategies(" scenario ; p = binpack:memory;spread:instanceId;", &s, &n,
				       &e), 0);
	CHECK_EQ(n, 3);
	CHECK(s[0].spec == NULL);
	CHECK_STR(s[0].label, "scenario");
	CHECK_STR(s[1].label, "p");
	CHECK_STR(s[1].spec, "binpack:memory");
	CHECK_STR(s[2].label, "spread:instanceId");
	expt_strategies_free(s, n);
	CHECK_EQ(expt_parse_strategies("a=", &s, &n, &e), -1);
	CHECK_STR(e.msg, "--strategies 'a=': 'a=' needs LABEL=SPEC");
}
