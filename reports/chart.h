/* chart.h - study charts as gnuplot script text: bars with error bars, lines
 * with confidence bands, and a two-panel timeline.
 *
 * Each function appends to a script the data (inline gnuplot datablocks,
 * so no temporary files) and a figure drawn as NAME.png and NAME.svg (see
 * plot_figure); run the script with plot_run.  Labels reach gnuplot only as
 * quoted literals.  NaN values are left out.  Knows nothing of the
 * simulation or of statistics: it draws the numbers it is given.
 */
#ifndef ECS_CHART_H
#define ECS_CHART_H

#include "sbuf.h"

typedef struct chart_axes {
	const char *title, *xlabel, *ylabel;
	const char *const *xtics;   /* categorical x: label of x = 0, 1, ...; NULL = numeric */
	int nxtics;
	int has_hline;              /* a dashed horizontal line at y = hline */
	double hline;
	const char *hline_label;
	int percent;                /* show y (given as a fraction) in percent */
} chart_axes;

/* One line: n points (x[i], y[i]) and, when lo and hi are given, a band
 * from lo[i] to hi[i]. */
typedef struct chart_series {
	const char *label;
	int n;
	const double *x, *y, *lo, *hi;
} chart_series;

/* Lines with points and shaded bands, one colour per series. */
void chart_lines(sbuf *script, const char *name, const chart_axes *ax,
		 const chart_series *s, int ns);

/* One bar per label (mean) with an error bar from lo to hi.  The y axis
 * starts at 0 unless every bar is far from 0 and close to the others; then
 * it is zoomed so the differences show. */
void chart_bars(sbuf *script, const char *name, const chart_axes *ax,
		const char *const *labels, const double *mean, const double *lo,
		const double *hi, int n);

/* One strategy's time series, means over replications. */
typedef struct chart_timeline {
	const char *label;
	int n;
	const double *t_s, *desired, *running, *cpu, *mem;
} chart_timeline;

/* Two panels over simulated hours: service tasks running per strategy
 * against desired (dashed), and reserved CPU (solid) and memory (dashed)
 * in percent per strategy. */
void chart_timelines(sbuf *script, const char *name, const char *title,
		     const chart_timeline *s, int ns);

#endif
