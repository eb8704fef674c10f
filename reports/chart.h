/* chart.h - study charts as gnuplot script text: bars from 0 with error
 * bars, points with interval whiskers joined by lines, and a timeline in
 * panels.
 *
 * Each function appends to a script the data (inline gnuplot datablocks,
 * so no temporary files) and a figure drawn as NAME.png and NAME.svg (see
 * plot_figure); run the script with plot_run.  Labels reach gnuplot only as
 * quoted literals.  NaN values are left out.  Every series has a colour, a
 * dash type and a point shape of its own (plot_style) and a name in the
 * legend.  Knows nothing of the simulation or of statistics: it draws the
 * numbers it is given.
 */
#ifndef ECS_CHART_H
#define ECS_CHART_H

#include "sbuf.h"

typedef struct chart_axes {
	const char *title, *xlabel, *ylabel;   /* labels say the unit */
	const char *const *xtics;   /* categorical x: label of x = 0, 1, ...; NULL = numeric */
	int nxtics;
	/* What is drawn is offset + scale * value (scale 0 means 1): 100 shows a
	 * fraction in percent; (K, -K) shows an availability as downtime.  A
	 * negative scale swaps the ends of the intervals. */
	double offset, scale;
	int from_zero;              /* the y axis starts at 0 (all values drawn are >= 0) */
	int nonneg;                 /* no value can be negative: the axis shows none, and
				     * starts at 0 when the lowest value is below half
				     * the highest */
	/* A second y axis on the right, linear in the first:
	 * y2 = y2_offset + y2_scale * y; none when y2label is NULL. */
	const char *y2label;
	double y2_offset, y2_scale;
	int has_hline;              /* a dashed horizontal line at value hline */
	double hline;
	const char *hline_label;
	double xlo, xhi;            /* the x range when xhi > xlo, else automatic */
	double ytop;                /* the top of the y axis when > 0 (drawn units: a
				     * share in percent ends at 100), else automatic */
	/* Points of series i are moved sideways by (i - (ns - 1) / 2) x dodge x
	 * the x span, so that equal values stay apart; 0 = none. */
	double dodge;
} chart_axes;

/* One line: n points (x[i], y[i]) and, when lo and hi are given, an
 * interval from lo[i] to hi[i]. */
typedef struct chart_series {
	const char *label;
	int n;
	const double *x, *y, *lo, *hi;
} chart_series;

/* Points joined by lines, one style per series, intervals as whiskers.
 * A series with no point is left out. */
void chart_lines(sbuf *script, const char *name, const chart_axes *ax,
		 const chart_series *s, int ns);

/* One bar per label (mean) with an error bar from lo to hi.  The value
 * axis starts at 0 (or includes 0 when a value is negative). */
void chart_bars(sbuf *script, const char *name, const chart_axes *ax,
		const char *const *labels, const double *mean, const double *lo,
		const double *hi, int n);

/* One strategy's time series, means over replications. */
typedef struct chart_timeline {
	const char *label;
	int n;
	const double *t_s, *desired, *running, *cpu, *mem;
} chart_timeline;

/* A row of two panels per strategy, over simulated hours: service tasks
 * running against desired (dashed over it), and reserved CPU against
 * memory (dashed over it), in percent. */
void chart_timelines(sbuf *script, const char *name, const char *title,
		     const chart_timeline *s, int ns);

#endif
