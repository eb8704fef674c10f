/* chart.c - study charts for gnuplot (see chart.h). */
#include "chart.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot.h"

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

/* The value as drawn: offset + scale * v. */
static double drawn(const chart_axes *ax, double v)
{
	return ax->offset + (ax->scale != 0 ? ax->scale : 1) * v;
}

/* An interval as drawn, low end first (a negative scale swaps them). */
static void drawn_interval(const chart_axes *ax, double lo, double hi, double *l, double *h)
{
	double a = drawn(ax, lo), b = drawn(ax, hi);

	*l = a <= b ? a : b;
	*h = a <= b ? b : a;
}

/* A round step near x: 1, 2 or 5 times a power of ten. */
static double nice_step(double x)
{
	double p = pow(10, floor(log10(x))), m = x / p;

	return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

/* Tics of the right-hand axis at round values of its own unit over y from
 * 0 (or ymin) to a little past ymax: gnuplot's own tics on a linked axis
 * fall on the left axis's round values, such as 99.98611111. */
static void y2_tics(sbuf *f, const chart_axes *ax, double ymin, double ymax)
{
	double a = ax->y2_offset + ax->y2_scale * ymin;
	double b = ax->y2_offset + ax->y2_scale * (ymax + 0.3 * (ymax - ymin));
	double lo = fmin(a, b), hi = fmax(a, b), step;
	int decimals, first = 1;

	if (!(hi > lo))
		return;
	step = nice_step((hi - lo) / 5);
	decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
	sb_printf(f, "set y2tics (");
	for (double v = ceil(lo / step) * step; v <= hi + step * 1e-6; v += step) {
		sb_printf(f, "%s'%.*f' %.*f", first ? "" : ", ", decimals, v, decimals, v);
		first = 0;
	}
	sb_printf(f, ")\n");
}

static void common(sbuf *f, const chart_axes *ax, double ymin, double ymax)
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
	if (ax->y2label && ax->y2_scale != 0 && isfinite(ymax)) {
		/* a linear link: the right axis reads the same points in other units */
		sb_printf(f, "set ytics nomirror\n"
			      "set link y2 via %.10g + %.10g * y inverse (y - %.10g) / %.10g\n"
			      "set y2label ", ax->y2_offset, ax->y2_scale, ax->y2_offset, ax->y2_scale);
		sb_gp_quoted(f, ax->y2label);
		sb_printf(f, "\n");
		y2_tics(f, ax, ax->from_zero ? 0 : ymin, ymax);
	}
}

/* The y range: from 0 when asked, or when the values cannot be negative
 * and the lowest is not far above 0; room above the highest value so that
 * no line runs along the frame. */
static void y_range(sbuf *f, const chart_axes *ax, double ymin, double ymax, int bars)
{
	int from_zero = ax->from_zero || (ax->nonneg && (!isfinite(ymin) || ymin <= 0.5 * ymax));

	if (from_zero && (!isfinite(ymin) || ymin >= 0)) {
		/* bars stand on 0; lines get a sliver below 0 so that a line at 0
		 * (no downtime, no rejection) shows above the frame */
		double below = bars || !isfinite(ymax) || ymax <= 0 ? 0 : -0.03 * ymax;
		if (!isfinite(ymax) || ymax <= 0)
			sb_printf(f, "set yrange [%s:1]\n", bars ? "0" : "-0.03");
		else if (ax->ytop > 0)
			sb_printf(f, "set yrange [%.10g:%.10g]\n", below, ax->ytop);
		else
			sb_printf(f, "set yrange [%.10g:*]\nset offsets 0, 0, graph 0.08, 0\n", below);
	} else if (ax->ytop > 0) {
		sb_printf(f, "set yrange [*:%.10g]\nset offsets 0, 0, 0, graph 0.08\n", ax->ytop);
	} else {
		sb_printf(f, "set offsets 0, 0, graph 0.08, graph 0.08\n");
	}
}

void chart_lines(sbuf *script, const char *name, const chart_axes *ax,
		 const chart_series *s, int ns)
{
	sbuf f = { 0 };
	char bn[160];
	double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY, span;
	int first = 1;

	for (int i = 0; i < ns; i++)
		for (int j = 0; j < s[i].n; j++) {
			xmin = fmin(xmin, s[i].x[j]);
			xmax = fmax(xmax, s[i].x[j]);
		}
	span = ax->xtics ? (ax->nxtics > 1 ? ax->nxtics - 1 : 1) : (xmax > xmin ? xmax - xmin : 1);
	for (int i = 0; i < ns; i++) {
		double dx = (i - (ns - 1) / 2.0) * ax->dodge * span;
		if (s[i].n == 0)
			continue;
		block_name(bn, sizeof(bn), name, i);
		sb_printf(script, "%s << EOD\n", bn);
		for (int j = 0; j < s[i].n; j++) {
			double y = drawn(ax, s[i].y[j]), l = NAN, h = NAN;
			if (s[i].lo && s[i].hi)
				drawn_interval(ax, s[i].lo[j], s[i].hi[j], &l, &h);
			num(script, s[i].x[j] + dx);
			num(script, y);
			num(script, l);
			num(script, h);
			sb_printf(script, "\n");
			if (isfinite(y))
				ymin = fmin(ymin, y), ymax = fmax(ymax, y);
			if (isfinite(l))
				ymin = fmin(ymin, l), ymax = fmax(ymax, h);
		}
		sb_printf(script, "EOD\n");
	}
	common(&f, ax, ymin, ymax);
	y_range(&f, ax, ymin, ymax, 0);
	if (ax->xhi > ax->xlo)
		sb_printf(&f, "set xrange [%.10g:%.10g]\n", ax->xlo, ax->xhi);
	sb_printf(&f, "set key outside below\nplot ");
	for (int i = 0; i < ns; i++) {
		if (s[i].n == 0)
			continue;
		block_name(bn, sizeof(bn), name, i);
		if (s[i].lo && s[i].hi) {
			sb_printf(&f, "%s%s using 1:2:3:4 with yerrorbars lc rgb '%s' lw 1.2 ps 0 "
				      "notitle", first ? "" : ", ", bn, plot_colour(i));
			first = 0;
		}
		sb_printf(&f, "%s%s using 1:2 with linespoints lw 2 ps 1.3 ", first ? "" : ", ", bn);
		plot_style(&f, i);
		sb_printf(&f, " title ");
		sb_gp_quoted(&f, s[i].label ? s[i].label : "");
		first = 0;
	}
	if (ax->has_hline) {
		sb_printf(&f, "%s%.10g with lines dt 2 lw 1.5 lc rgb 'black' title ",
			  first ? "" : ", ", drawn(ax, ax->hline));
		sb_gp_quoted(&f, ax->hline_label ? ax->hline_label : "");
	}
	sb_printf(&f, "\n");
	plot_figure(script, name, 720, 460, sb_str(&f));
	sb_free(&f);
}

void chart_bars(sbuf *script, const char *name, const chart_axes *ax,
		const char *const *labels, const double *mean, const double *lo,
		const double *hi, int n)
{
	sbuf f = { 0 };
	char bn[160];
	double ymin = INFINITY, ymax = -INFINITY;
	int any_ci = 0;
	chart_axes a = *ax;

	block_name(bn, sizeof(bn), name, 0);
	sb_printf(script, "%s << EOD\n", bn);
	for (int i = 0; i < n; i++) {
		double m = drawn(ax, mean[i]), l = m, h = m;
		if (isfinite(lo[i]) && isfinite(hi[i])) {
			drawn_interval(ax, lo[i], hi[i], &l, &h);
			any_ci = 1;
		}
		sb_printf(script, "%d", i);
		num(script, m);
		num(script, l);
		num(script, h);
		sb_printf(script, "\n");
		if (isfinite(l))
			ymin = fmin(ymin, fmin(l, m)), ymax = fmax(ymax, fmax(h, m));
	}
	sb_printf(script, "EOD\n");
	a.xtics = labels;
	a.nxtics = n;
	a.from_zero = 1;
	common(&f, &a, ymin, ymax);
	sb_printf(&f, "set boxwidth 0.6\nset style fill solid 0.75 noborder\nset key below\n"
		      "set xtics noenhanced rotate by -15\n");
	/* bars are lengths: the axis always starts at 0 */
	if (!isfinite(ymin) || ymin >= 0) {
		y_range(&f, &a, ymin, ymax, 1);
	} else {
		double lo_ = fmin(ymin, 0), hi_ = fmax(ymax, 0), pad = 0.08 * (hi_ - lo_);
		sb_printf(&f, "set yrange [%.10g:%.10g]\nset xzeroaxis lt -1\n", lo_ - pad, hi_ + pad);
	}
	sb_printf(&f, "plot %s using 1:2 with boxes lc rgb '%s' title 'mean'", bn, plot_colour(0));
	if (any_ci)
		sb_printf(&f, ", %s using 1:2:3:4 with yerrorbars lc rgb 'black' lw 1.5 pt 7 ps 0.4 "
			      "title '95 %% confidence interval'", bn);
	/* the mean written over each bar, so that a bar of 0 still says so */
	sb_printf(&f, ", %s using 1:($4 > $2 ? $4 : $2):(sprintf('%%.3g', $2)) with labels "
		      "offset 0,0.8 notitle\n", bn);
	plot_figure(script, name, 560, 420, sb_str(&f));
	sb_free(&f);
}

void chart_timelines(sbuf *script, const char *name, const char *title,
		     const chart_timeline *s, int ns)
{
	sbuf f = { 0 };
	char bn[160], t[600];

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
	sb_printf(&f, "set multiplot layout %d,2 title ", ns > 0 ? ns : 1);
	sb_gp_quoted(&f, title ? title : "");
	sb_printf(&f, "\nset grid\nset key outside right top\nset xlabel 'simulated time (hours)'\n");
	for (int i = 0; i < ns; i++) {
		const char *label = s[i].label ? s[i].label : "";
		block_name(bn, sizeof(bn), name, i);
		snprintf(t, sizeof(t), "%s: service tasks", label);
		sb_printf(&f, "set title ");
		sb_gp_quoted(&f, t);
		sb_printf(&f, "\nset ylabel 'tasks'\nset yrange [0:*]\nset offsets 0, 0, graph 0.08, 0\n"
			      "plot %s using 1:3 with lines lw 4 lc rgb '%s' title 'running', %s using "
			      "1:2 with lines dt 2 lw 1.5 lc rgb 'black' title 'desired'\n", bn,
			  plot_colour(i), bn);
		snprintf(t, sizeof(t), "%s: reserved", label);
		sb_printf(&f, "set title ");
		sb_gp_quoted(&f, t);
		sb_printf(&f, "\nset ylabel '%% of capacity up'\nset yrange [0:100]\n"
			      "set offsets 0, 0, 0, 0\nplot %s using 1:4 with lines lw 4 lc rgb '%s' "
			      "title 'CPU', %s using 1:5 with linespoints dt 2 lw 1.5 pt 6 pn 16 "
			      "lc rgb 'black' title 'memory'\n", bn, plot_colour(i), bn);
	}
	sb_printf(&f, "unset multiplot\n");
	plot_figure(script, name, 1100, 60 + 280 * (ns > 0 ? ns : 1), sb_str(&f));
	sb_free(&f);
}
