/* plot.h - PNG and SVG plots of a run's CSVs drawn by gnuplot (an external program).
 *
 * gnuplot is looked up on PATH; when it is missing, plot_available() is 0 and
 * the caller says plots were skipped.  Scripts are fed to gnuplot on stdin;
 * nothing from the scenario is interpreted as gnuplot code (names are
 * escaped).  Knows the CSV column names it plots, nothing else of the model.
 */
#ifndef ECS_PLOT_H
#define ECS_PLOT_H

#include "sbuf.h"
#include "sim/support/err.h"

/* 1 if a gnuplot executable is on PATH. */
int plot_available(void);

/* Runs a gnuplot script (text) with the working directory set to dir;
 * -1 with gnuplot's stderr (first lines) in e on failure. */
int plot_run(const char *dir, const char *script, ecs_err *e);

/* Appends a figure to a script: body (gnuplot commands ending in a plot or a
 * multiplot) drawn into NAME.png (pngcairo) and again into NAME.svg, each
 * after a "reset", so settings never leak from one figure into the next. */
void plot_figure(sbuf *script, const char *name, int width, int height, const char *body);

/* The look of series i of a figure, so that series that coincide stay
 * apart: plot_colour is a colour-blind-safe colour (cycled); plot_style
 * appends "lc rgb 'COLOUR' dt N pt M": that colour, a dash type and an
 * open point of a shape of its own. */
const char *plot_colour(int i);
void plot_style(sbuf *b, int i);

/* Draws the standard plots of one run from files in dir (the staging
 * folder), writing PNGs and SVGs of the same name into the same folder:
 *   utilization.png  cpu_util and mem_util (%) vs time (h) from timeseries.csv
 *   hosts.png        hosts_up and hosts_busy, and below tasks_running, vs time
 *                    from timeseries.csv
 *   services.png     running vs desired from services.csv, a panel per
 *                    service (desired dashed over running)
 *   cost.png         cumulative cost from the first columns of cost.csv: the
 *                    on-demand, Spot and FARGATE parts stacked (the top is the
 *                    total), idle capacity dashed
 * title is the scenario name (escaped for gnuplot).  Returns 0, or -1 with
 * the reason.  services.png is skipped when services.csv has no rows. */
int plot_run_charts(const char *dir, const char *title, ecs_err *e);

#endif
