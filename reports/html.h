/* html.h - one self-contained report page, index.html, beside a run's files.
 *
 * The page has inline CSS and no scripts or external resources, so it opens
 * from the disk in any browser without a server.  Figures are <img> of SVGs
 * in the same folder, each linked to its PNG.  All text is escaped.  Knows
 * nothing of the simulation.
 */
#ifndef ECS_HTML_H
#define ECS_HTML_H

#include "sbuf.h"
#include "sim/support/err.h"

typedef struct html {
	sbuf b;
	int ncols;      /* columns of the open table, 0 when none is open */
} html;

/* Starts a page titled title (also its first heading). */
void html_begin(html *h, const char *title);

void html_h2(html *h, const char *text);

/* A paragraph of escaped, printf-formatted text. */
void html_p(html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A paragraph with text in a monospace <code> element (commands, specs). */
void html_code(html *h, const char *text);

/* A table: html_table, then html_row per row (ncols cells each, NULL =
 * empty; cells that are numbers are right-aligned and not wrapped), then
 * html_table_end.  A table wider than the page scrolls sideways in a box of
 * its own, so that the page stays as wide as the window. */
void html_table(html *h, const char *const *head, int ncols);
void html_row(html *h, const char *const *cells);
void html_table_end(html *h);

/* A collapsed section (<details>) around what follows, until html_fold_end. */
void html_fold(html *h, const char *summary);
void html_fold_end(html *h);

/* A figure: NAME.svg shown, linked to NAME.png, with a caption. */
void html_figure(html *h, const char *name, const char *caption);

/* Figures between html_grid and html_grid_end sit side by side. */
void html_grid(html *h);
void html_grid_end(html *h);

/* A list of links to files in the same folder. */
void html_files(html *h, const char *const *names, int n);

/* Ends the page and writes it to path; frees h. */
int html_write(html *h, const char *path, ecs_err *e);

/* Frees h without writing. */
void html_free(html *h);

#endif
