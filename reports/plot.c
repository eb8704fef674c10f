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

/* ---- services.csv split by service ------------------------------------- */

struct svc_rows {
	char **names;
	int nnames;
	int col;             /* current column of the current row */
	char *f[4];          /* time_s, service, desired, running */
	int header_done;
	sbuf *blocks;        /* one data block per service */
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

static void on_field(void *s, size_t n, void *ctx)
{
	struct svc_rows *r = ctx;
	if (r->col < 4) {
		free(r->f[r->col]);
		r->f[r->col] = xmalloc(n + 1);
		memcpy(r->f[r->col], s, n);
		r->f[r->col][n] = 0;
	}
	r->col++;
}

static void on_row(int c, void *ctx)
{
	struct svc_rows *r = ctx;
	(void)c;
	if (r->header_done && r->col >= 4) {
		int i = svc_index(r, r->f[1]);
		sb_printf(&r->blocks[i], "%s %s %s\n", r->f[0], r->f[3], r->f[2]);
	}
	r->header_done = 1;
	r->col = 0;
}

static void svc_rows_free(struct svc_rows *r)
{
	for (int i = 0; i < r->nnames; i++) {
		free(r->names[i]);
		free(r->blocks[i].s);
	}
	free(r->names);
	free(r->blocks);
	for (int i = 0; i < 4; i++)
		free(r->f[i]);
}

static int read_services(const char *dir, struct svc_rows *r, ecs_err *e)
{
	char path[4096], buf[65536];
	struct csv_parser p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/services.csv", dir);
	if (!(f = fopen(path, "rb")))
		return err_set(e, "cannot read %s: %s", path, strerror(errno));
	csv_init(&p, CSV_APPEND_NULL);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_row, r) != n) {
			fclose(f);
			csv_free(&p);
			return err_set(e, "cannot parse %s: %s", path,
				       csv_strerror(csv_error(&p)));
		}
	csv_fini(&p, on_field, on_row, r);
	csv_free(&p);
	fclose(f);
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

int plot_run_charts(const char *dir, const char *title, ecs_err *e)
{
	sbuf b = { 0 }, f = { 0 };
	struct svc_rows r = { 0 };
	char datpath[4096];
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
	rc = plot_run(dir, sb_str(&b), e);
	unlink(datpath);
	sb_free(&b);
	svc_rows_free(&r);
	return rc;
}
