/* chart.c - study charts for gnuplot (see chart.h). */
#include "chart.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot.h"

/* A colour-blind-safe palette (Paul Tol's "bright"), cycled. */
static const char *const colours[] = { "#4477AA", "#EE6677", "#228833", "#CCBB44",
				       "#66CCEE", "#AA3377", "#BBBBBB" };
#define NCOLOURS (int)(sizeof(colours) / sizeof(colours[0]))

/* A gnuplot datablock name from a figure name and an index. */
static void block_name(char *buf, size_t n, const char *name, int i)
{
	size_t k = (size_t)snprintf(buf, n, "$d_");
	for (const char *p = name; *p && k + 12 < n; p++)
		buf[k++] = isalnum((unsigned char)*p) ? *p : '_';
	snprintf(buf + k, n - k, "_%d", i);
}

static void num(sbuf *b, double v)
{
	if (isfinite(v))
		sb_printf(b, " %.10g", v);
	else
		sb_printf(b, " NaN");
}

static void common(sbuf *f, const chart_axes *ax)
{
	sb_printf(f, "set grid\nset title ");
	sb_gp_quoted(f, ax->title ? ax->title : "");
	sb_printf(f, "\nset xlabel ");
	sb_gp_quoted(f, ax->xlabel ? ax->xlabel : "");
	sb_printf(f, "\nset ylabel ");
	sb_gp_quoted(f, ax->ylabel ? ax->ylabel : "");
	sb_printf(f, "\n");
	if (ax->xtics) {
		sb_printf(f, "set xtics (");
		for (int i = 0; i < ax->nxtics; i++) {
			sb_printf(f, "%s", i ? ", " : "");
			sb_gp_quoted(f, ax->xtics[i]);
			sb_printf(f, " %d", i);
		}
		sb_printf(f, ")\nset xrange [-0.5:%g]\n", ax->nxtics - 0.5);
	}
}

void chart_lines(sbuf *script, const char *name, const chart_axes *ax,
		 const chart_series *s, int ns)
{
	sbuf f = { 0 };
	char bn[160];
	double k = ax->percent ? 100 : 1;
	int first = 1;

	for (int i = 0; i < ns; i++) {
		block_name(bn, sizeof(bn), name, i);
		sb_printf(script, "%s << EOD\n", bn);
		for (int j = 0; j < s[i].n; j++) {
			num(script, s[i].x[j]);
			num(script, k * s[i].y[j]);
			num(script, s[i].lo ? k * s[i].lo[j] : NAN);
			num(script, s[i].hi ? k * s[i].hi[j] : NAN);
			sb_printf(script, "\n");
		}
		sb_printf(script, "EOD\n");
	}
	common(&f, ax);
	sb_printf(&f, "set key outside below\nset offsets graph 0.02, graph 0.02, graph 0.05, "
		      "graph 0.05\nset style fill transparent solid 0.18 noborder\nplot ");
	for (int i = 0; i < ns; i++) {
		const char *c = colours[i % NCOLOURS];
		block_name(bn, sizeof(bn), name, i);
		if (s[i].lo && s[i].hi) {
			sb_printf(&f, "%s%s using 1:3:4 with filledcurves lc rgb '%s' notitle",
				  first ? "" : ", ", bn, c);
			first = 0;
		}
		sb_printf(&f, "%s%s using 1:2 with linespoints lw 2 pt 7 ps 0.6 lc rgb '%s' "
			      "title ", first ? "" : ", ", bn, c);
		sb_gp_quoted(&f, s[i].label ? s[i].label : "");
		first = 0;
	}
	if (ax->has_hline) {
		sb_printf(&f, "%s%.10g with lines dt 2 lw 1.5 lc rgb 'black' title ",
			  first ? "" : ", ", k * ax->hline);
		sb_gp_quoted(&f, ax->hline_label ? ax->hline_label : "");
	}
	sb_printf(&f, "\n");
	plot_figure(script, name, 720, 440, sb_str(&f));
	sb_free(&f);
}

void chart_bars(sbuf *script, const char *name, const chart_axes *ax,
		const char *const *labels, const double *mean, const double *lo,
		const double *hi, int n)
{
	sbuf f = { 0 };
	char bn[160];
	double k = ax->percent ? 100 : 1, ymin = INFINITY, ymax = -INFINITY;
	chart_axes a = *ax;

	block_name(bn, sizeof(bn), name, 0);
	sb_printf(script, "%s << EOD\n", bn);
	for (int i = 0; i < n; i++) {
		double l = isfinite(lo[i]) ? lo[i] : mean[i], h = isfinite(hi[i]) ? hi[i] : mean[i];
		sb_printf(script, "%d", i);
		num(script, k * mean[i]);
		num(script, k * l);
		num(script, k * h);
		sb_printf(script, "\n");
		if (isfinite(l) && l < ymin)
			ymin = l;
		if (isfinite(h) && h > ymax)
			ymax = h;
	}
	sb_printf(script, "EOD\n");
	a.xtics = labels;
	a.nxtics = n;
	common(&f, &a);
	sb_printf(&f, "set boxwidth 0.6\nset style fill solid 0.75 noborder\nunset key\n"
		      "set xtics noenhanced rotate by -15\n");
	if (isfinite(ymin) && ymin > 0 && ymax - ymin < 0.1 * ymax) {
		/* bars far from 0 and close together: zoom in */
		/* at least 1 % of the value, so that printing cannot collapse it */
		double span = ymax - ymin > 0.01 * ymax ? ymax - ymin : 0.01 * ymax;
		sb_printf(&f, "set yrange [%.10g:%.10g]\n", k * (ymin - span), k * (ymax + span));
	} else if (isfinite(ymin) && ymin >= 0) {
		sb_printf(&f, "set yrange [0:*]\nset offsets 0, 0, graph 0.08, 0\n");
	} else {
		sb_printf(&f, "set offsets 0, 0, graph 0.08, graph 0.08\n");
	}
	sb_printf(&f, "plot %s using 1:2 with boxes lc rgb '%s', %s using 1:2:3:4 with "
		      "yerrorbars lc rgb 'black' lw 1.5 pt 7 ps 0.4\n", bn, colours[0], bn);
	plot_figure(script, name, 560, 400, sb_str(&f));
	sb_free(&f);
}

void chart_timelines(sbuf *script, const char *name, const char *title,
		     const chart_timeline *s, int ns)
{
	sbuf f = { 0 };
	char bn[160];

	for (int i = 0; i < ns; i++) {
		block_name(bn, sizeof(bn), name, i);
		sb_printf(script, "%s << EOD\n", bn);
		for (int j = 0; j < s[i].n; j++) {
			num(script, s[i].t_s[j] / 3600);
			num(script, s[i].desired[j]);
			num(script, s[i].running[j]);
			num(script, 100 * s[i].cpu[j]);
			num(script, 100 * s[i].mem[j]);
			sb_printf(script, "\n");
		}
		sb_printf(script, "EOD\n");
	}
	sb_printf(&f, "set multiplot layout 2,1 title ");
	sb_gp_quoted(&f, title ? title : "");
	sb_printf(&f, "\nset grid\nset key outside right top\nset lmargin 10\nset rmargin 34\n"
		      "set ylabel 'service tasks'\nset yrange [0:*]\nset offsets 0, 0, graph 0.05, 0\n"
		      "set xlabel ''\nplot ");
	for (int i = 0; i < ns; i++) {
		block_name(bn, sizeof(bn), name, i);
		sb_printf(&f, "%s%s using 1:3 with lines lw 2 lc rgb '%s' title ", i ? ", " : "",
			  bn, colours[i % NCOLOURS]);
		sb_gp_quoted(&f, s[i].label ? s[i].label : "");
	}
	if (ns > 0) {
		block_name(bn, sizeof(bn), name, 0);
		sb_printf(&f, ", %s using 1:2 with lines dt 2 lw 1.5 lc rgb 'black' title 'desired'",
			  bn);
	}
	sb_printf(&f, "\nset ylabel 'reserved (%% of capacity up)'\nset yrange [0:100]\n"
		      "set offsets 0, 0, 0, 0\nset xlabel 'simulated time (hours)'\nplot ");
	for (int i = 0; i < ns; i++) {
		const char *c = colours[i % NCOLOURS];
		block_name(bn, sizeof(bn), name, i);
		sb_printf(&f, "%s%s using 1:4 with lines lw 2 lc rgb '%s' title ", i ? ", " : "", bn,
			  c);
		{
			char t[600];
			snprintf(t, sizeof(t), "%s CPU", s[i].label ? s[i].label : "");
			sb_gp_quoted(&f, t);
			sb_printf(&f, ", %s using 1:5 with lines lw 2 dt 3 lc rgb '%s' title ", bn, c);
			snprintf(t, sizeof(t), "%s memory", s[i].label ? s[i].label : "");
			sb_gp_quoted(&f, t);
		}
	}
	sb_printf(&f, "\nunset multiplot\n");
	plot_figure(script, name, 1100, 720, sb_str(&f));
	sb_free(&f);
}
