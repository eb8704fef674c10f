/* plot.c - charts of a run drawn by gnuplot, run without a shell (see plot.h).
 *
 * Scenario and service names only ever reach gnuplot inside single-quoted
 * string literals with quotes doubled, so a name cannot run gnuplot code.
 * services.csv is split per service in C (libcsv) into a temporary
 * whitespace-separated file, so names with commas or quotes plot fine.
 */
#include "plot.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sbuf.h"

static char *find_gnuplot(void)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL, buf[4096];

	if (!path)
		path = "/usr/bin:/bin";
	copy = xstrdup(path);
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(buf, sizeof(buf), "%s/gnuplot", *d ? d : ".");
		if (access(buf, X_OK) == 0) {
			free(copy);
			return xstrdup(buf);
		}
	}
	free(copy);
	return NULL;
}

int plot_available(void)
{
	char *g = find_gnuplot();
	free(g);
	return g != NULL;
}

int plot_run(const char *dir, const char *script, ecs_err *e)
{
	char *gp = find_gnuplot(), errbuf[2048];
	int in[2], er[2], status;
	size_t len = strlen(script), off = 0, got = 0;
	pid_t pid;
	ssize_t k;

	if (!gp)
		return err_set(e, "gnuplot not found on PATH");
	if (pipe(in) != 0 || pipe(er) != 0) {
		free(gp);
		return err_set(e, "cannot run gnuplot: %s", strerror(errno));
	}
	pid = fork();
	if (pid < 0) {
		free(gp);
		return err_set(e, "cannot run gnuplot: %s", strerror(errno));
	}
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(er[1], 2);
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 1);
		close(in[0]), close(in[1]), close(er[0]), close(er[1]);
		if (chdir(dir) != 0)
			_exit(126);
		execl(gp, "gnuplot", (char *)NULL);
		_exit(127);
	}
	free(gp);
	close(in[0]);
	close(er[1]);
	{
		/* A gnuplot that dies early must not kill us with SIGPIPE; the
		 * process's own handling is put back afterwards. */
		struct sigaction ign = { .sa_handler = SIG_IGN }, old;
		sigemptyset(&ign.sa_mask);
		sigaction(SIGPIPE, &ign, &old);
		while (off < len && (k = write(in[1], script + off, len - off)) > 0)
			off += (size_t)k;
		close(in[1]);
		sigaction(SIGPIPE, &old, NULL);
	}
	/* Keep the start of what gnuplot says; read the rest away so that it
	 * never blocks on a full pipe. */
	for (;;) {
		char drop[1024];
		if (got < sizeof(errbuf) - 1)
			k = read(er[0], errbuf + got, sizeof(errbuf) - 1 - got);
		else
			k = read(er[0], drop, sizeof(drop));
		if (k <= 0)
			break;
		if (got < sizeof(errbuf) - 1)
			got += (size_t)k;
	}
	errbuf[got] = 0;
	close(er[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* Keep the first lines of what gnuplot said. */
		int lines = 0;
		for (char *p = errbuf; *p; p++)
			if (*p == '\n' && ++lines == 5) {
				*p = 0;
				break;
			}
		for (char *p = errbuf; *p; p++)
			if (*p == '\n')
				*p = ' ';
		return err_set(e, "gnuplot failed (status %d): %s", WIFEXITED(status) ?
			       WEXITSTATUS(status) : -1, got ? errbuf : "no message");
	}
	return 0;
}

/* ---- CSV files read by column name (libcsv) ---------------------------- */

/* fn(ctx, f) for each data row: f[i] is the field of column names[i], ""
 * when the file has no such column. */
typedef void csv_row_fn(void *ctx, char *const *f);

struct csv_cols {
	const char *const *names;
	int n;
	int *map;            /* file column -> index in names, -1 */
	int nmap, col, header_done;
	char **f;
	csv_row_fn *fn;
	void *ctx;
};

static void cols_field(void *s, size_t n, void *ctx)
{
	struct csv_cols *r = ctx;
	int i;

	if (!r->header_done) {
		r->map = xrealloc(r->map, (size_t)(r->nmap + 1) * sizeof(*r->map));
		r->map[r->nmap] = -1;
		for (i = 0; i < r->n; i++)
			if (strlen(r->names[i]) == n && memcmp(r->names[i], s, n) == 0)
				r->map[r->nmap] = i;
		r->nmap++;
	} else if (r->col < r->nmap && (i = r->map[r->col]) >= 0) {
		free(r->f[i]);
		r->f[i] = xmalloc(n + 1);
		memcpy(r->f[i], s, n);
		r->f[i][n] = 0;
	}
	r->col++;
}

static void cols_row(int c, void *ctx)
{
	struct csv_cols *r = ctx;
	(void)c;
	if (r->header_done)
		r->fn(r->ctx, r->f);
	for (int i = 0; i < r->n; i++)
		r->f[i][0] = 0;
	r->header_done = 1;
	r->col = 0;
}

/* Reads dir/file, calling fn for each row after the header. */
static int read_csv(const char *dir, const char *file, const char *const *names, int n,
		    csv_row_fn *fn, void *ctx, ecs_err *e)
{
	char path[4096], buf[65536];
	struct csv_cols r = { .names = names, .n = n, .fn = fn, .ctx = ctx };
	struct csv_parser p;
	FILE *f;
	size_t got;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (!(f = fopen(path, "rb")))
		return err_set(e, "cannot read %s: %s", path, strerror(errno));
	r.f = xmalloc((size_t)n * sizeof(*r.f));
	for (int i = 0; i < n; i++)
		r.f[i] = xcalloc(1, 1);
	csv_init(&p, CSV_APPEND_NULL);
	while (rc == 0 && (got = fread(buf, 1, sizeof(buf), f)) > 0)
		if (csv_parse(&p, buf, got, cols_field, cols_row, &r) != got)
			rc = err_set(e, "cannot parse %s: %s", path, csv_strerror(csv_error(&p)));
	if (rc == 0)
		csv_fini(&p, cols_field, cols_row, &r);
	csv_free(&p);
	fclose(f);
	for (int i = 0; i < n; i++)
		free(r.f[i]);
	free(r.f);
	free(r.map);
	return rc;
}

/* ---- services.csv split by service ------------------------------------- */

struct svc_rows {
	char **names;
	int nnames;
	sbuf *blocks;        /* one data block per service: time running desired */
};

static int svc_index(struct svc_rows *r, const char *name)
{
	for (int i = 0; i < r->nnames; i++)
		if (strcmp(r->names[i], name) == 0)
			return i;
	r->names = xrealloc(r->names, (size_t)(r->nnames + 1) * sizeof(*r->names));
	r->blocks = xrealloc(r->blocks, (size_t)(r->nnames + 1) * sizeof(*r->blocks));
	r->names[r->nnames] = xstrdup(name);
	r->blocks[r->nnames] = (sbuf){ 0 };
	return r->nnames++;
}

static void svc_row(void *ctx, char *const *f)
{
	struct svc_rows *r = ctx;
	int i = svc_index(r, f[1]);

	sb_printf(&r->blocks[i], "%s %s %s\n", f[0], f[3], f[2]);
}

static void svc_rows_free(struct svc_rows *r)
{
	for (int i = 0; i < r->nnames; i++) {
		free(r->names[i]);
		free(r->blocks[i].s);
	}
	free(r->names);
	free(r->blocks);
}

static int read_services(const char *dir, struct svc_rows *r, ecs_err *e)
{
	static const char *const cols[] = { "time_s", "service", "desired", "running" };

	return read_csv(dir, "services.csv", cols, 4, svc_row, r, e);
}

/* ---- hosts.csv's figures, each sorted ---------------------------------- */

/* cpu_reserved, mem_reserved, gpu_reserved of the hosts that were up */
#define HOST_FIGS 3

struct host_figs {
	double *v[HOST_FIGS];
	size_t n[HOST_FIGS], cap[HOST_FIGS];
};

static void host_row(void *ctx, char *const *f)
{
	struct host_figs *r = ctx;
	char *end;

	if (!(strtod(f[0], &end) > 0) || end == f[0]) /* never up */
		return;
	for (int k = 0; k < HOST_FIGS; k++) {
		double x = strtod(f[k + 1], &end);
		if (end == f[k + 1] || !isfinite(x)) /* empty: no GPUs */
			continue;
		if (r->n[k] == r->cap[k]) {
			r->cap[k] = r->cap[k] ? 2 * r->cap[k] : 256;
			r->v[k] = xrealloc(r->v[k], r->cap[k] * sizeof(double));
		}
		r->v[k][r->n[k]++] = x;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int read_hosts(const char *dir, struct host_figs *r, ecs_err *e)
{
	static const char *const cols[] = { "up_s", "cpu_reserved", "mem_reserved",
					    "gpu_reserved" };

	if (read_csv(dir, "hosts.csv", cols, 4, host_row, r, e) < 0)
		return -1;
	for (int k = 0; k < HOST_FIGS; k++)
		if (r->n[k])
			qsort(r->v[k], r->n[k], sizeof(double), cmp_double);
	return 0;
}

/* Each figure's empirical CDF as a data block of "x y" points (percent):
 * (v1, 0), then (v_i, 100 i / n), drawn with steps. */
static int write_cdf(const char *path, const struct host_figs *r, ecs_err *e)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return err_set(e, "cannot write %s: %s", path, strerror(errno));
	for (int k = 0; k < HOST_FIGS; k++) {
		if (r->n[k])
			fprintf(f, "%.17g 0\n", 100 * r->v[k][0]);
		for (size_t i = 0; i < r->n[k]; i++)
			fprintf(f, "%.17g %.17g\n", 100 * r->v[k][i], 100.0 * (double)(i + 1) /
				(double)r->n[k]);
		fprintf(f, "\n\n");
	}
	if (fclose(f) != 0)
		return err_set(e, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

/* ---- charts ------------------------------------------------------------ */

/* A colour-blind-safe palette (Paul Tol's "bright"), cycled. */
static const char *const colours[] = { "#4477AA", "#EE6677", "#228833", "#CCBB44",
				       "#66CCEE", "#AA3377", "#BBBBBB" };
#define NCOLOURS (int)(sizeof(colours) / sizeof(colours[0]))

/* Open markers of different shapes: circle, square, triangle, diamond,
 * inverted triangle, pentagon; two that coincide both stay visible. */
static const int points[] = { 6, 4, 8, 12, 10, 14 };
#define NPOINTS (int)(sizeof(points) / sizeof(points[0]))

const char *plot_colour(int i)
{
	return colours[i % NCOLOURS];
}

void plot_style(sbuf *b, int i)
{
	sb_printf(b, "lc rgb '%s' dt %d pt %d", colours[i % NCOLOURS], i % 4 + 1,
		  points[i % NPOINTS]);
}

void plot_figure(sbuf *b, const char *name, int width, int height, const char *body)
{
	/* The body is emitted once per format; "reset" keeps one figure's
	 * settings out of the next. */
	sb_printf(b, "reset\nset terminal pngcairo size %d,%d noenhanced font ',10'\n"
		     "set output '%s.png'\n%s\nset output\n", width, height, name, body);
	sb_printf(b, "reset\nset terminal svg size %d,%d noenhanced font 'Sans,10' "
		     "background rgb 'white'\nset output '%s.svg'\n%s\nset output\n",
		  width, height, name, body);
}

/* Settings every time chart of a run shares; what is its title's end. */
static void preamble(sbuf *b, const char *title, const char *what)
{
	sb_printf(b, "set datafile separator comma\nset datafile columnheaders\n"
		     "set grid\nset xlabel 'simulated time (hours)'\n"
		     "set offsets 0, 0, graph 0.08, 0\nset title ");
	{
		size_t len = strlen(title) + strlen(what) + 8;
		char *t = xmalloc(len);
		snprintf(t, len, "%s: %s", title, what);
		sb_gp_quoted(b, t);
		free(t);
	}
	sb_printf(b, "\n");
}

/* Running against desired: a panel per service (small multiples), running
 * as a wide solid line and desired as a dashed black line over it, so that
 * both show when they are equal.  Past MAX_PANELS services, one panel
 * with a colour per service. */
#define MAX_PANELS 12

static void services_chart(sbuf *b, const char *title, const struct svc_rows *r)
{
	sbuf f = { 0 };
	int n = r->nnames, panels = n <= MAX_PANELS;
	int cols = !panels ? 1 : n <= 1 ? 1 : n <= 4 ? 2 : 3, rows = panels ? (n + cols - 1) / cols : 1;

	preamble(&f, title, "service tasks running against desired");
	sb_printf(&f, "set datafile separator whitespace\nset datafile nocolumnheaders\n"
		      "set ylabel 'tasks'\nset yrange [0:*]\nset key bmargin right horizontal width 3\nset bmargin 5\n");
	if (!panels) {
		sb_printf(&f, "set key outside right top\nplot ");
		for (int i = 0; i < n; i++) {
			char t[600];
			sb_printf(&f, "%s'.services.dat' index %d using ($1/3600):2 with lines lw 3 "
				      "lc rgb '%s' title ", i ? ", " : "", i, plot_colour(i));
			snprintf(t, sizeof(t), "%s running", r->names[i]);
			sb_gp_quoted(&f, t);
			sb_printf(&f, ", '.services.dat' index %d using ($1/3600):3 with lines dt 2 "
				      "lw 1.5 lc rgb 'black' title ", i);
			snprintf(t, sizeof(t), "%s desired", r->names[i]);
			sb_gp_quoted(&f, t);
		}
		sb_printf(&f, "\n");
		plot_figure(b, "services", 1100, 600, sb_str(&f));
		sb_free(&f);
		return;
	}
	sb_printf(&f, "set multiplot layout %d,%d title ", rows, cols);
	{
		size_t len = strlen(title) + 64;
		char *t = xmalloc(len);
		snprintf(t, len, "%s: service tasks running against desired", title);
		sb_gp_quoted(&f, t);
		free(t);
	}
	sb_printf(&f, "\n");
	for (int i = 0; i < n; i++) {
		sb_printf(&f, "set title ");
		sb_gp_quoted(&f, r->names[i]);
		sb_printf(&f, "\nplot '.services.dat' index %d using ($1/3600):2 with lines lw 4 "
			      "lc rgb '%s' title 'running', '' index %d using ($1/3600):3 with lines "
			      "dt 2 lw 1.5 lc rgb 'black' title 'desired'\n", i, plot_colour(i), i);
	}
	sb_printf(&f, "unset multiplot\n");
	plot_figure(b, "services", 1100, 60 + 300 * rows, sb_str(&f));
	sb_free(&f);
}

/* cost.csv's first columns are fixed (time_s, total_usd, on_demand_usd,
 * spot_usd, fargate_usd, idle_cost_usd); the per-type ones are not drawn.
 * The parts of the total are stacked, so none hides another and the top of
 * the stack is the total; a part that is 0 throughout is left out of the
 * stack and the legend, and the title says so. */
static void cost_chart(sbuf *b, const char *title)
{
	static const char *const part[] = { "on-demand instances", "Spot instances", "FARGATE" };
	static const char *const fill[] = { "#4477AA", "#CCBB44", "#66CCEE" };
	sbuf f = { 0 };

	preamble(&f, title, "cumulative cost");
	sb_printf(&f, "set yrange [0:*]\nset ylabel 'USD (cumulative)'\nset key top left\n"
		      "set style fill solid 0.55 noborder\nnone = ''\n");
	for (int k = 3; k <= 6; k++)
		sb_printf(&f, "C%d_max = 0\nstats 'cost.csv' using %d nooutput name 'C%d'\n", k, k,
			  k);
	for (int k = 0; k < 3; k++)
		sb_printf(&f, "if (C%d_max <= 0) none = none . (none eq '' ? '' : ', ') . 'no %s'\n",
			  k + 3, part[k]);
	{
		size_t len = strlen(title) + 32;
		char *t = xmalloc(len);
		snprintf(t, len, "%s: cumulative cost", title);
		sb_printf(&f, "T = ");
		sb_gp_quoted(&f, t);
		sb_printf(&f, "\nset title T . (none eq '' ? '' : ' (' . none . ')')\n");
		free(t);
	}
	sb_printf(&f, "plot ");
	for (int k = 0; k < 3; k++) {
		/* the stack below part k: columns 3 .. k+2 */
		sb_printf(&f, "%s'cost.csv' using ($1/3600):(", k ? ", " : "");
		for (int j = 0; j < k; j++)
			sb_printf(&f, "%s$%d", j ? "+" : "", j + 3);
		sb_printf(&f, "%s):(", k ? "" : "0");
		for (int j = 0; j <= k; j++)
			sb_printf(&f, "%s$%d", j ? "+" : "", j + 3);
		sb_printf(&f, ") with filledcurves lc rgb '%s' title (C%d_max > 0 ? '%s' : '')", fill[k],
			  k + 3, part[k]);
	}
	sb_printf(&f, ", '' using ($1/3600):2 with lines lw 1.5 lc rgb 'black' title "
		      "'total (top of the stack)', '' using ($1/3600):6 with linespoints dt 2 lw 2 "
		      "pt 6 pn 12 lc rgb '#AA3377' title (C6_max > 0 ? 'idle instance capacity "
		      "(part of the instances'' cost)' : '')\n");
	plot_figure(b, "cost", 1100, 600, sb_str(&f));
	sb_free(&f);
}

/* hosts_cdf.png: the empirical CDF over the hosts that were up of each
 * one's time-weighted reservation (hosts.csv), CPU, memory and (hosts with
 * GPUs) GPU, each a step line of its own colour, dash and points. */
static void hosts_cdf_chart(sbuf *b, const char *title, const struct host_figs *r)
{
	static const char *const what[] = { "CPU", "memory", "GPU" };
	sbuf f = { 0 };
	int first = 1;

	preamble(&f, title, "hosts by their reservation while up");
	sb_printf(&f, "set datafile separator whitespace\nset datafile nocolumnheaders\n"
		      "set xlabel 'reserved while up, time-weighted (%% of the host)'\n"
		      "set ylabel 'hosts at or below (%% of hosts up)'\nset xrange [0:100]\n"
		      "set yrange [0:100]\nset offsets 0, 0, 0, 0\nset key bottom right\nplot ");
	for (int k = 0; k < HOST_FIGS; k++) {
		if (!r->n[k])
			continue;
		sb_printf(&f, "%s'.hosts_cdf.dat' index %d using 1:2 with steps lw %s ", first ? ""
			  : ", ", k, k ? "1.5" : "3");
		plot_style(&f, k);
		sb_printf(&f, " title '%s (%zu hosts)', '' index %d using 1:2 every %zu with points ",
			  what[k], r->n[k], k, r->n[k] > 24 ? r->n[k] / 12 : 1);
		plot_style(&f, k);
		sb_printf(&f, " notitle");
		first = 0;
	}
	sb_printf(&f, "\n");
	plot_figure(b, "hosts_cdf", 1100, 600, sb_str(&f));
	sb_free(&f);
}

/* Where gpu.png reads its columns: timeseries.csv against time, or, for a
 * run that inflates a trace, inflation.csv against the arrived demand
 * (its tasks all arrive at time 0, so time says nothing there). */
struct gpu_src {
	const char *file, *x, *xlabel;
	const char *cols[4];  /* allocated, whole, shared, fragmentation rate */
};

static const struct gpu_src gpu_by_time = {
	"timeseries.csv", "($1/3600)", "simulated time (hours)",
	{ "gpu_alloc", "gpu_alloc_whole", "gpu_alloc_shared", "gpu_frag_rate" },
};
static const struct gpu_src gpu_by_arrival = {
	"inflation.csv", "(100*column('arrived'))",
	"arrived demand (% of the capacity the trace inflates against)",
	{ "gpu_allocated", "gpu_allocated_whole", "gpu_allocated_shared",
	  "gpu_fragmentation_rate" },
};

/* Rows with an allocation, with a fragmentation rate (none without a
 * workload to measure it with). */
struct gpu_rows {
	long alloc, frag;
};

static void gpu_row(void *ctx, char *const *f)
{
	struct gpu_rows *r = ctx;

	r->alloc += f[0][0] != 0;
	r->frag += f[3][0] != 0;
}

/* gpu.png: the GPU allocation ratio, whole GPUs and shares stacked (the
 * top is the total); below it, when measured, GPU fragmentation as a
 * share of the idle GPUs. */
static void gpu_chart(sbuf *b, const char *title, const struct gpu_src *g,
		      const struct gpu_rows *r)
{
	sbuf f = { 0 };

	preamble(&f, title, "GPUs");
	sb_printf(&f, "%sset yrange [0:100]\nset offsets 0, 0, 0, 0\n"
		      "set ylabel 'allocated (%% of GPUs up)'\nset xlabel ", r->frag ?
		      "set multiplot layout 2,1\n" : "");
	sb_gp_quoted(&f, r->frag ? "" : g->xlabel);
	sb_printf(&f, "\nset key bmargin right horizontal width 3\n"
		      "set style fill solid 0.55 noborder\n"
		      "plot '%s' using %s:(0):(100*column('%s')) with filledcurves lc rgb '#4477AA' "
		      "title 'whole GPUs', '' using %s:(100*column('%s')):(100*(column('%s')+"
		      "column('%s'))) with filledcurves lc rgb '#CCBB44' title 'shares of GPUs', "
		      "'' using %s:(100*column('%s')) with lines lw 1.5 lc rgb 'black' title "
		      "'allocated (top of the stack)'\n", g->file, g->x, g->cols[1], g->x, g->cols[1],
		  g->cols[1], g->cols[2], g->x, g->cols[0]);
	if (r->frag) {
		sb_printf(&f, "unset title\nset ylabel 'fragmented (%% of idle GPUs)'\nset xlabel ");
		sb_gp_quoted(&f, g->xlabel);
		sb_printf(&f, "\nplot '%s' using %s:(100*column('%s')) with lines lw 2 lc rgb '%s' "
			      "title 'GPU fragmentation rate (Weng et al., ATC''23)'\n"
			      "unset multiplot\n", g->file, g->x, g->cols[3], plot_colour(1));
	}
	plot_figure(b, "gpu", 1100, r->frag ? 720 : 600, sb_str(&f));
	sb_free(&f);
}

int plot_run_charts(const char *dir, const char *title, ecs_err *e)
{
	sbuf b = { 0 }, f = { 0 };
	struct svc_rows r = { 0 };
	struct host_figs hf = { 0 };
	char datpath[4096], cdfpath[4096], hostspath[4096];
	int rc;

	preamble(&f, title, "reserved CPU and memory");
	sb_printf(&f, "set ylabel 'reserved (%% of capacity of hosts up)'\nset yrange [0:100]\n"
		      "set offsets 0, 0, 0, 0\nset key bmargin right horizontal width 3\n"
		      "plot 'timeseries.csv' using ($1/3600):(100*column('cpu_util')) with lines "
		      "lw 3 lc rgb '%s' title 'CPU', '' using ($1/3600):(100*column('mem_util')) "
		      "with linespoints dt 2 lw 1.5 pt 6 pn 24 lc rgb 'black' title 'memory'\n",
		  plot_colour(0));
	plot_figure(&b, "utilization", 1100, 600, sb_str(&f));
	sb_free(&f);
	/* two panels: hosts up and busy are near each other, tasks are many more */
	preamble(&f, title, "hosts and tasks");
	sb_printf(&f, "set multiplot layout 2,1\nset yrange [0:*]\nset ylabel 'hosts'\n"
		      "set key bmargin right horizontal width 3\nset xlabel ''\n"
		      "plot 'timeseries.csv' using ($1/3600):(column('hosts_up')) with lines lw 3 "
		      "lc rgb '%s' title 'hosts up', '' using ($1/3600):(column('hosts_busy')) with "
		      "linespoints dt 2 lw 1.5 pt 6 pn 24 lc rgb 'black' title 'hosts busy (running "
		      "a task)'\nunset title\nset ylabel 'tasks'\n"
		      "set xlabel 'simulated time (hours)'\n"
		      "plot 'timeseries.csv' using ($1/3600):(column('tasks_running')) with lines "
		      "lw 2 lc rgb '%s' title 'tasks running (on hosts and FARGATE)'\n"
		      "unset multiplot\n", plot_colour(0), plot_colour(2));
	plot_figure(&b, "hosts", 1100, 720, sb_str(&f));
	sb_free(&f);
	cost_chart(&b, title);

	if (read_services(dir, &r, e) < 0) {
		sb_free(&b);
		svc_rows_free(&r);
		return -1;
	}
	snprintf(datpath, sizeof(datpath), "%s/.services.dat", dir);
	if (r.nnames > 0) {
		FILE *fd = fopen(datpath, "w");
		if (!fd) {
			sb_free(&b);
			svc_rows_free(&r);
			return err_set(e, "cannot write %s: %s", datpath, strerror(errno));
		}
		for (int i = 0; i < r.nnames; i++)
			fprintf(fd, "%s\n\n", r.blocks[i].s ? r.blocks[i].s : "");
		fclose(fd);
		services_chart(&b, title, &r);
	}
	{
		const struct gpu_src *src = &gpu_by_time;
		struct gpu_rows g = { 0 };
		char ipath[4096];
		snprintf(ipath, sizeof(ipath), "%s/inflation.csv", dir);
		if (access(ipath, F_OK) == 0)
			src = &gpu_by_arrival;
		if (read_csv(dir, src->file, src->cols, 4, gpu_row, &g, e) < 0) {
			rc = -1;
			goto out;
		}
		if (g.alloc)
			gpu_chart(&b, title, src, &g);
	}
	snprintf(cdfpath, sizeof(cdfpath), "%s/.hosts_cdf.dat", dir);
	snprintf(hostspath, sizeof(hostspath), "%s/hosts.csv", dir);
	if (access(hostspath, F_OK) == 0) {
		if (read_hosts(dir, &hf, e) < 0 || write_cdf(cdfpath, &hf, e) < 0) {
			rc = -1;
			goto out;
		}
		if (hf.n[0])
			hosts_cdf_chart(&b, title, &hf);
	}
	rc = plot_run(dir, sb_str(&b), e);
out:
	unlink(datpath);
	unlink(cdfpath);
	for (int k = 0; k < HOST_FIGS; k++)
		free(hf.v[k]);
	sb_free(&b);
	svc_rows_free(&r);
	return rc;
}
