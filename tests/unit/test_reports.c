/* test_reports.c - the output layer on its own: CSV quoting, numbers, the
 * atomic output folder, the gnuplot charts and numbers as pages show them. */
#include <csv.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/test.h"
#include "reports/csvout.h"
#include "reports/fmt.h"
#include "reports/outdir.h"
#include "reports/plot.h"

struct fields {
	char *f[16];
	int n, rows;
};

static void on_field(void *s, size_t len, void *ctx)
{
	struct fields *x = ctx;
	if (x->rows == 1 && x->n < 16) { /* the data row, after the header */
		x->f[x->n] = calloc(1, len + 1);
		memcpy(x->f[x->n++], s, len);
	}
}

static void on_row(int c, void *ctx)
{
	(void)c;
	((struct fields *)ctx)->rows++;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b = calloc(1, 1 << 20);
	*n = f ? fread(b, 1, (1 << 20) - 1, f) : 0;
	if (f)
		fclose(f);
	return b;
}

/* Fields with commas, quotes, newlines and blanks come back from libcsv's
 * own parser exactly as written. */
TEST(test_reports_csv_round_trip)
{
	static const char *const hdr[] = { "a", "b", "c", "d", "e", "f" };
	static const char *const vals[] = { "plain", "a,b", "say \"hi\"", "two\nlines",
					    " padded ", "" };
	char path[1100];
	csvw w;
	ecs_err e = { 0 };
	struct fields x = { 0 };
	struct csv_parser p;
	size_t n;
	char *buf;

	snprintf(path, sizeof(path), "%s/t.csv", test_tmpdir());
	CHECK_EQ(csvw_open(&w, path, hdr, 6, &e), 0);
	for (int i = 0; i < 6; i++)
		csvw_str(&w, vals[i]);
	csvw_endrow(&w);
	CHECK_EQ(csvw_close(&w, &e), 0);
	buf = slurp(path, &n);
	csv_init(&p, 0);
	CHECK_EQ(csv_parse(&p, buf, n, on_field, on_row, &x), n);
	csv_fini(&p, on_field, on_row, &x);
	csv_free(&p);
	CHECK_EQ(x.rows, 2);
	CHECK_EQ(x.n, 6);
	for (int i = 0; i < 6; i++)
		CHECK_STR(x.f[i], vals[i]);
	/* plain fields are not quoted */
	CHECK(strncmp(buf + strlen("a,b,c,d,e,f\n"), "plain,\"a,b\",", 12) == 0);
	for (int i = 0; i < x.n; i++)
		free(x.f[i]);
	free(buf);
}

TEST(test_reports_csv_numbers)
{
	static const char *const hdr[] = { "i", "f", "g", "h", "nan" };
	char path[1100];
	csvw w;
	ecs_err e = { 0 };
	size_t n;
	char *buf;

	snprintf(path, sizeof(path), "%s/n.csv", test_tmpdir());
	CHECK_EQ(csvw_open(&w, path, hdr, 5, &e), 0);
	csvw_i64(&w, -9007199254740993LL);
	csvw_f(&w, 0.1 + 0.2);
	csvw_f(&w, -0.0);
	csvw_f(&w, 1e308 * 10); /* inf */
	csvw_f(&w, NAN);
	csvw_endrow(&w);
	CHECK_EQ(csvw_close(&w, &e), 0);
	buf = slurp(path, &n);
	/* -0 prints as 0; inf and NaN as empty fields */
	CHECK_STR(buf, "i,f,g,h,nan\n-9007199254740993,0.3,0,,\n");
	free(buf);
}

/* A write error (here the file is a directory's stand-in: /dev/full) is
 * reported at close with its reason. */
TEST(test_reports_csv_write_error)
{
	static const char *const hdr[] = { "x" };
	csvw w;
	ecs_err e = { 0 };

	if (access("/dev/full", W_OK) != 0) {
		printf("  skipped: no /dev/full\n");
		return;
	}
	CHECK_EQ(csvw_open(&w, "/dev/full", hdr, 1, &e), 0);
	for (int i = 0; i < 200000; i++) {
		csvw_i64(&w, i);
		csvw_endrow(&w);
	}
	CHECK_EQ(csvw_close(&w, &e), -1);
	CHECK_STR(e.msg, "cannot write /dev/full: No space left on device");
}

static int exists(const char *dir, const char *name)
{
	char p[2200];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

/* Files are invisible in DIR until commit; abort leaves the previous result. */
TEST(test_reports_outdir_atomic)
{
	char dir[1100], cmd[1300];
	const char *tmp = test_tmpdir();
	outdir o;
	ecs_err e = { 0 };

	snprintf(dir, sizeof(dir), "%s/a/b", tmp);
	CHECK_EQ(outdir_begin(&o, dir, &e), 0);
	write_file(outdir_path(&o, "x.csv"), "first\n");
	CHECK(!exists(dir, "x.csv"));
	CHECK_EQ(outdir_commit(&o, &e), 0);
	CHECK(exists(dir, "x.csv"));
	/* a second run that fails leaves the first result whole */
	CHECK_EQ(outdir_begin(&o, dir, &e), 0);
	write_file(outdir_path(&o, "x.csv"), "half");
	outdir_abort(&o);
	{
		size_t n;
		char p[1200], *b;
		snprintf(p, sizeof(p), "%s/x.csv", dir);
		b = slurp(p, &n);
		CHECK_STR(b, "first\n");
		free(b);
	}
	/* and no staging folder is left: x.csv and the manifest of the commit */
	snprintf(cmd, sizeof(cmd), "[ \"$(ls -A '%s' | tr '\\n' ' ')\" = '.ecsim-manifest x.csv ' ]",
		 dir);
	CHECK_EQ(system(cmd), 0);
	/* a path that is a file */
	snprintf(dir, sizeof(dir), "%s/a/b/x.csv", tmp);
	CHECK_EQ(outdir_begin(&o, dir, &e), -1);
	CHECK(strstr(e.msg, "exists and is not a directory"));
}

/* 1 if dir/name is a PNG of some size. */
static int is_png(const char *dir, const char *name)
{
	char p[1200], *png;
	size_t n;
	int yes;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	png = slurp(p, &n);
	yes = png && n >= 1000 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0;
	free(png);
	return yes;
}

/* Charts from small hand-written CSVs are real PNGs; a service name with
 * quotes and commas is data, not gnuplot code. */
TEST(test_reports_plot_charts)
{
	const char *dir = test_tmpdir();
	char p[1100];
	ecs_err e = { 0 };

	if (!plot_available()) {
		printf("  skipped: gnuplot not found\n");
		return;
	}
	snprintf(p, sizeof(p), "%s/cost.csv", dir);
	write_file(p, "time_s,total_usd,on_demand_usd,spot_usd,fargate_usd,idle_cost_usd\n"
		      "0,0,0,0,0,0\n3600,1.5,1,0.25,0.25,0.5\n7200,3,2,0.5,0.5,0.9\n");
	snprintf(p, sizeof(p), "%s/services.csv", dir);
	write_file(p, "time_s,service,desired,running\n"
		      "0,\"we'b, \"\"v2\"\"\",2,0\n3600,\"we'b, \"\"v2\"\"\",2,2\n"
		      "0,db,1,0\n3600,db,1,1\n");
	/* GPU columns (the fragmentation rate empty: no workload) draw gpu.png;
	 * hosts.csv (a host never up, one without GPUs) draws hosts_cdf.png */
	snprintf(p, sizeof(p), "%s/timeseries.csv", dir);
	write_file(p, "time_s,hosts_up,hosts_busy,tasks_running,cpu_util,mem_util,gpu_alloc,"
		      "gpu_alloc_whole,gpu_alloc_shared,gpu_frag,gpu_frag_rate\n"
		      "0,3,0,0,0,0,0,0,0,,\n3600,3,2,5,0.5,0.25,0.5,0.25,0.25,,\n"
		      "7200,2,2,4,0.75,0.5,0.75,0.5,0.25,,\n");
	snprintf(p, sizeof(p), "%s/hosts.csv", dir);
	write_file(p, "host,up_s,cpu_reserved,mem_reserved,gpu_reserved\n"
		      "a,7200,0.5,0.25,0.75\nb,3600,1,0.5,\nc,0,0,0,\n");
	if (plot_run_charts(dir, "it's a \"test\"; set output '/tmp/x'", &e) < 0)
		TEST_FAILED("%s", e.msg);
	static const char *const names[] = { "utilization.png", "hosts.png", "services.png",
					     "cost.png", "gpu.png", "hosts_cdf.png" };
	for (int i = 0; i < 6; i++)
		if (!is_png(dir, names[i]))
			TEST_FAILED("%s is not a PNG", names[i]);
	CHECK(!exists(dir, ".services.dat"));
	CHECK(!exists(dir, ".hosts_cdf.dat"));
	/* a run that inflates a trace draws gpu.png from inflation.csv: with a
	 * timeseries.csv that has no GPU columns, only that file can make it */
	snprintf(p, sizeof(p), "%s/gpu.png", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/timeseries.csv", dir);
	write_file(p, "time_s,hosts_up,hosts_busy,tasks_running,cpu_util,mem_util\n"
		      "0,3,0,0,0,0\n1,3,3,9,0.9,0.5\n");
	snprintf(p, sizeof(p), "%s/inflation.csv", dir);
	write_file(p, "arrived_step,arrived,tasks,failed,gpu_allocated,gpu_allocated_whole,"
		      "gpu_allocated_shared,gpu_fragmentation,gpu_fragmentation_rate\n"
		      "0,0,0,0,0,0,0,2,0.5\n0.5,0.5,3,0,0.5,0.25,0.25,1,0.5\n"
		      "1,1,6,1,0.75,0.5,0.25,0.5,1\n");
	if (plot_run_charts(dir, "inflated", &e) < 0)
		TEST_FAILED("%s", e.msg);
	CHECK(is_png(dir, "gpu.png"));
	/* a script error is reported with gnuplot's words */
	CHECK_EQ(plot_run(dir, "plot 'no-such-file.csv'\n", &e), -1);
	CHECK(strstr(e.msg, "gnuplot failed"));
}

/* Availability as a reader reads it: 0.9999 is told from 1, in percent,
 * nines and downtime a 30-day month; fractions in percent. */
TEST(test_reports_fmt_numbers)
{
	char b[128];

	CHECK_NEAR(fmt_nines(0.9995), 3.30103, 1e-5);
	CHECK_NEAR(fmt_nines(0.999), 3, 1e-9);
	CHECK(isinf(fmt_nines(1)));
	CHECK_NEAR(fmt_month_downtime_s(0.9999), 259.2, 1e-6);
	CHECK_EQ(fmt_month_downtime_s(1), 0);
	fmt_availability(b, sizeof(b), 0.9995);
	CHECK_STR(b, "99.95 % (3.3 nines, 21.6 min down a 30-day month)");
	fmt_availability(b, sizeof(b), 0.9999);
	CHECK_STR(b, "99.99 % (4.0 nines, 4.3 min down a 30-day month)");
	fmt_availability(b, sizeof(b), 0.999958);
	CHECK_STR(b, "99.9958 % (4.4 nines, 109 s down a 30-day month)");
	fmt_availability(b, sizeof(b), 1);
	CHECK_STR(b, "100 % (no downtime)");
	/* rounding below 1 is not downtime */
	fmt_availability(b, sizeof(b), 0.99999999999999989);
	CHECK_STR(b, "100 % (no downtime)");
	fmt_availability(b, sizeof(b), 0.646164);
	CHECK_STR(b, "64.6 % (0.5 nines, 10.6 days down a 30-day month)");
	fmt_avail_percent(b, sizeof(b), 0.99999);
	CHECK_STR(b, "99.999 %");
	fmt_nines_text(b, sizeof(b), 1);
	CHECK_STR(b, "no downtime");
	fmt_percent(b, sizeof(b), 0.646164);
	CHECK_STR(b, "64.6 %");
	fmt_percent(b, sizeof(b), 0.0042);
	CHECK_STR(b, "0.42 %");
	fmt_percent(b, sizeof(b), 0);
	CHECK_STR(b, "0 %");
	fmt_duration(b, sizeof(b), 0);
	CHECK_STR(b, "0 s");
	fmt_duration(b, sizeof(b), 4.2);
	CHECK_STR(b, "4.2 s");
	fmt_duration(b, sizeof(b), 7776);
	CHECK_STR(b, "2.2 h");
	fmt_duration(b, sizeof(b), 3 * 86400);
	CHECK_STR(b, "3.0 days");
	fmt_fixed(b, sizeof(b), 99.950, 3);
	CHECK_STR(b, "99.95");
	fmt_fixed(b, sizeof(b), 100, 2);
	CHECK_STR(b, "100");
}
