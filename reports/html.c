/* html.c - the report page (see html.h). */
#include "html.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;"
	"max-width:1150px;padding:0 1em;color:#222;line-height:1.4}"
	"h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;"
	"border-bottom:1px solid #ddd;padding-bottom:.2em}"
	"table{border-collapse:collapse;margin:.6em 0;font-size:.9em}"
	"th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
	"th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums;"
	"white-space:nowrap}"
	/* a table wider than the page scrolls inside its box; the page never does */
	".tw{max-width:100%;overflow-x:auto}"
	"tr:nth-child(even) td{background:#fafafa}"
	"figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}"
	"figcaption{font-size:.9em;color:#555}code{background:#f4f4f4;padding:.1em .3em}"
	"details{margin:.6em 0}summary{cursor:pointer;color:#036}"
	".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:0 1em}";

void html_begin(html *h, const char *title)
{
	*h = (html){ 0 };
	sb_printf(&h->b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			 "<title>");
	sb_html(&h->b, title);
	sb_printf(&h->b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", style);
	sb_html(&h->b, title);
	sb_printf(&h->b, "</h1>\n");
}

void html_h2(html *h, const char *text)
{
	sb_printf(&h->b, "<h2>");
	sb_html(&h->b, text);
	sb_printf(&h->b, "</h2>\n");
}

void html_p(html *h, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb_printf(&h->b, "<p>");
	sb_html(&h->b, s);
	sb_printf(&h->b, "</p>\n");
	free(s);
}

void html_code(html *h, const char *text)
{
	sb_printf(&h->b, "<p><code>");
	sb_html(&h->b, text);
	sb_printf(&h->b, "</code></p>\n");
}

void html_table(html *h, const char *const *head, int ncols)
{
	h->ncols = ncols;
	sb_printf(&h->b, "<div class=\"tw\"><table>\n<tr>");
	for (int i = 0; i < ncols; i++) {
		sb_printf(&h->b, "<th>");
		sb_html(&h->b, head[i]);
		sb_printf(&h->b, "</th>");
	}
	sb_printf(&h->b, "</tr>\n");
}

static int is_number(const char *s)
{
	char *end;

	if (!*s)
		return 0;
	strtod(s, &end);
	/* "1.5 [1.2, 1.8]" and "+0.3 %" read as numbers too */
	return end != s && (*end == 0 || *end == ' ');
}

void html_row(html *h, const char *const *cells)
{
	sb_printf(&h->b, "<tr>");
	for (int i = 0; i < h->ncols; i++) {
		const char *c = cells[i] ? cells[i] : "";
		sb_printf(&h->b, is_number(c) ? "<td class=\"n\">" : "<td>");
		sb_html(&h->b, c);
		sb_printf(&h->b, "</td>");
	}
	sb_printf(&h->b, "</tr>\n");
}

void html_table_end(html *h)
{
	h->ncols = 0;
	sb_printf(&h->b, "</table></div>\n");
}

void html_fold(html *h, const char *summary)
{
	sb_printf(&h->b, "<details><summary>");
	sb_html(&h->b, summary);
	sb_printf(&h->b, "</summary>\n");
}

void html_fold_end(html *h)
{
	sb_printf(&h->b, "</details>\n");
}

void html_figure(html *h, const char *name, const char *caption)
{
	sb_printf(&h->b, "<figure><a href=\"");
	sb_html(&h->b, name);
	sb_printf(&h->b, ".png\"><img src=\"");
	sb_html(&h->b, name);
	sb_printf(&h->b, ".svg\" alt=\"");
	sb_html(&h->b, caption);
	sb_printf(&h->b, "\"></a><figcaption>");
	sb_html(&h->b, caption);
	sb_printf(&h->b, "</figcaption></figure>\n");
}

void html_grid(html *h)
{
	sb_printf(&h->b, "<div class=\"grid\">\n");
}

void html_grid_end(html *h)
{
	sb_printf(&h->b, "</div>\n");
}

void html_files(html *h, const char *const *names, int n)
{
	sb_printf(&h->b, "<ul>\n");
	for (int i = 0; i < n; i++) {
		sb_printf(&h->b, "<li><a href=\"");
		sb_html(&h->b, names[i]);
		sb_printf(&h->b, "\">");
		sb_html(&h->b, names[i]);
		sb_printf(&h->b, "</a></li>\n");
	}
	sb_printf(&h->b, "</ul>\n");
}

int html_write(html *h, const char *path, ecs_err *e)
{
	FILE *f;
	int ok;

	sb_printf(&h->b, "</body>\n</html>\n");
	f = fopen(path, "w");
	ok = f && fwrite(h->b.s, 1, h->b.n, f) == h->b.n;
	if (f && fclose(f) != 0)
		ok = 0;
	html_free(h);
	if (!ok)
		return err_set(e, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
	return 0;
}

void html_free(html *h)
{
	sb_free(&h->b);
	h->ncols = 0;
}
