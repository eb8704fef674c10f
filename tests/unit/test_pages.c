/* test_pages.c - the report pages read right in a real browser.
 *
 * The run page of the quickstart scenario and the pages of a small compare,
 * sweep and size are opened in headless chromium at 1280 px.  A copy of each
 * page gets a script that, once the page has loaded, writes what chromium
 * laid out into the page itself: its width, every table (rows, columns,
 * empty cells, the heading above it) and every image (loaded, natural and
 * drawn size).  chromium --dump-dom prints that, and the test checks it: no
 * page wider than the window, every expected table there with rows, every
 * plot loaded with a size.  The reports themselves stay without scripts.
 * Skipped, saying so, when chromium or gnuplot is missing (scripts/deps.sh
 * installs both).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"
#include "tests/test.h"

#define WIDTH 1280

/* Added before </body> of a copy of the page; its report goes first in the
 * body so that it is early in what --dump-dom prints. */
static const char check_script[] =
	"<script>\n"
	"window.addEventListener('load', function () {\n"
	"  var out = [], h2 = '', de = document.documentElement;\n"
	"  out.push('width ' + de.scrollWidth + ' ' + window.innerWidth);\n"
	"  document.querySelectorAll('h2, table, img').forEach(function (e) {\n"
	"    if (e.tagName == 'H2') { h2 = e.textContent; return; }\n"
	"    if (e.tagName == 'IMG') {\n"
	"      out.push('img ' + (e.complete ? 1 : 0) + ' ' + e.naturalWidth + ' ' +\n"
	"               e.naturalHeight + ' ' + Math.round(e.getBoundingClientRect().width) +\n"
	"               ' ' + e.getAttribute('src'));\n"
	"      return;\n"
	"    }\n"
	"    var empty = 0;\n"
	"    e.querySelectorAll('td').forEach(function (c) { if (!c.textContent.trim()) empty++; });\n"
	"    out.push('table ' + (e.rows.length - 1) + ' ' +\n"
	"             (e.rows.length ? e.rows[0].cells.length : 0) + ' ' + empty + ' ' + h2);\n"
	"  });\n"
	"  var pre = document.createElement('pre');\n"
	"  pre.id = 'ecsim-check';\n"
	"  pre.textContent = out.join('\\n') + '\\nend\\n';\n"
	"  document.body.insertBefore(pre, document.body.firstChild);\n"
	"});\n"
	"</script>\n";

struct page {
	int width, inner;          /* the page's scroll width and the window's */
	int nimg, ntab;
	struct { int complete, nw, nh, w; char src[128]; } img[32];
	struct { int rows, cols, empty; char heading[160]; } tab[16];
	char html[200000];         /* index.html as written */
};

static const char *browser(void)
{
	if (test_have("chromium"))
		return "chromium";
	if (test_have("chromium-browser"))
		return "chromium-browser";
	return NULL;
}

/* 1 (with the reason printed) when the test cannot run here. */
static int skip(void)
{
	if (!browser()) {
		fprintf(stderr, "  skipped: chromium not found (scripts/deps.sh installs it)\n");
		return 1;
	}
	if (!test_have("gnuplot")) {
		fprintf(stderr, "  skipped: gnuplot not found, so the pages have no plots "
				"(scripts/deps.sh installs it)\n");
		return 1;
	}
	return 0;
}

/* Runs ecsim ARGS from the source tree; 0 when it succeeded and gnuplot
 * drew every figure (a figure that gnuplot could not finish is still
 * written, in part, so the files alone do not tell). */
static int ecsim(const char *args)
{
	char cmd[4096];
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' %s", test_ecsim(), args);
	st = test_run(test_srcdir(), cmd);
	if (st != 0)
		fprintf(stderr, "  ecsim %s: status %d\n%s", args, st, test_err);
	else if (strstr(test_out, "plots        failed") || strstr(test_err, "plots failed"))
		fprintf(stderr, "  ecsim %s:\n%s%s", args, test_out, test_err), st = -1;
	return st;
}

static void parse(struct page *p, const char *dump)
{
	const char *s = strstr(dump, "<pre id=\"ecsim-check\">");
	char line[512];

	if (!s)
		return;
	s += strlen("<pre id=\"ecsim-check\">");
	while (*s) {
		size_t n = strcspn(s, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1), s);
		s += n + (s[n] == '\n');
		if (strcmp(line, "end") == 0)
			break;
		if (sscanf(line, "width %d %d", &p->width, &p->inner) == 2)
			continue;
		if (strncmp(line, "img ", 4) == 0 && p->nimg < 32) {
			int k = 0;
			sscanf(line, "img %d %d %d %d %n", &p->img[p->nimg].complete, &p->img[p->nimg].nw,
			       &p->img[p->nimg].nh, &p->img[p->nimg].w, &k);
			snprintf(p->img[p->nimg].src, sizeof(p->img[0].src), "%s", k ? line + k : "");
			p->nimg++;
		} else if (strncmp(line, "table ", 6) == 0 && p->ntab < 16) {
			int k = 0;
			sscanf(line, "table %d %d %d %n", &p->tab[p->ntab].rows, &p->tab[p->ntab].cols,
			       &p->tab[p->ntab].empty, &k);
			snprintf(p->tab[p->ntab].heading, sizeof(p->tab[0].heading), "%s",
				 k ? line + k : "");
			p->ntab++;
		}
	}
}

/* Opens DIR/index.html in headless chromium and fills p; -1 (with why on
 * stderr) when the page or the browser's report is missing. */
static int open_page(const char *dir, struct page *p)
{
	char path[1200], cmd[4096], *at;
	FILE *f;

	memset(p, 0, sizeof(*p));
	p->width = p->inner = -1;
	snprintf(path, sizeof(path), "%s/index.html", dir);
	test_slurp(path, p->html, sizeof(p->html));
	if (!(at = strstr(p->html, "</body>"))) {
		fprintf(stderr, "  %s: no page, or no </body>\n", path);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/check.html", dir);
	if (!(f = fopen(path, "w")))
		return -1;
	fprintf(f, "%.*s%s%s", (int)(at - p->html), p->html, check_script, at);
	fclose(f);
	/* a profile of its own, so that nothing of the user's is read or kept */
	snprintf(cmd, sizeof(cmd), "timeout 120 %s --headless --no-sandbox --disable-gpu "
		 "--hide-scrollbars --no-first-run --user-data-dir='%s/.chromium' "
		 "--window-size=%d,1000 --virtual-time-budget=10000 --dump-dom 'file://%s'",
		 browser(), dir, WIDTH, path);
	if (test_run(dir, cmd) != 0 || !strstr(test_out, "ecsim-check")) {
		fprintf(stderr, "  chromium gave no report for %s:\n%.2000s\n", path, test_err);
		return -1;
	}
	parse(p, test_out);
	return 0;
}

/* Rows of the first table under a heading that starts with heading; -1
 * when there is none.  *empty gets its empty cells. */
static int table_rows(const struct page *p, const char *heading, int *empty)
{
	for (int i = 0; i < p->ntab; i++)
		if (strncmp(p->tab[i].heading, heading, strlen(heading)) == 0) {
			if (empty)
				*empty = p->tab[i].empty;
			return p->tab[i].rows;
		}
	return -1;
}

/* 1 if the image src loaded and is drawn with a size. */
static int image_shown(const struct page *p, const char *src)
{
	for (int i = 0; i < p->nimg; i++)
		if (strcmp(p->img[i].src, src) == 0)
			return p->img[i].complete && p->img[i].nw > 0 && p->img[i].nh > 0 &&
			       p->img[i].w > 0;
	return 0;
}

/* A table cell holding nothing but a raw fraction such as 0.646164: the
 * pages show fractions in percent. */
static const char *raw_fraction(const char *html)
{
	for (const char *s = strstr(html, ">0."); s; s = strstr(s + 1, ">0.")) {
		size_t d = strspn(s + 3, "0123456789");
		if (d >= 4 && strncmp(s + 3 + d, "</td>", 5) == 0)
			return s + 1;
	}
	return NULL;
}

/* Writes DIR/NAME with "ecsim ARGS -o DIR/NAME" (DIR a fresh scratch
 * folder) and opens its index.html: 0 when both worked. */
static int render(const char *name, const char *args, struct page *p)
{
	char cmd[4096], dir[1100];

	snprintf(dir, sizeof(dir), "%s/%s", test_tmpdir(), name);
	snprintf(cmd, sizeof(cmd), "%s -o '%s'", args, dir);
	if (ecsim(cmd) != 0)
		return -1;
	return open_page(dir, p);
}

#define CHECK_FITS(p)                                                              \
	do {                                                                       \
		CHECK_INT((p)->inner, >, 0);                                       \
		CHECK_INT((p)->inner, <=, WIDTH);                                  \
		if ((p)->width > (p)->inner)                                       \
			TEST_FAILED("the page is %d px wide in a %d px window",    \
				    (p)->width, (p)->inner);                       \
	} while (0)

/* The table under heading has from min to max rows and no empty cell. */
#define CHECK_TABLE(p, heading, min, max)                                          \
	do {                                                                       \
		int empty_ = 0, rows_ = table_rows(p, heading, &empty_);           \
		if (rows_ < (min) || rows_ > (max))                                \
			TEST_FAILED("table under '%s': %d rows, want %d to %d",     \
				    heading, rows_, min, max);                     \
		if (empty_ > 0)                                                    \
			TEST_FAILED("table under '%s': %d empty cells", heading,   \
				    empty_);                                       \
	} while (0)

#define CHECK_IMAGE(p, src)                                                        \
	do {                                                                       \
		if (!image_shown(p, src))                                          \
			TEST_FAILED("%s is not shown (missing, not loaded or of no "\
				    "size)", src);                                 \
	} while (0)

#define CHECK_NO_RAW_FRACTION(p)                                                   \
	do {                                                                       \
		const char *f_ = raw_fraction((p)->html);                          \
		if (f_)                                                            \
			TEST_FAILED("a raw fraction on the page: %.20s", f_);      \
	} while (0)

static struct page page;

TEST(test_pages_run)
{
	if (skip())
		return;
	/* not -q: a plot that failed is said on stdout */
	CHECK_EQ(render("run", "run scenarios/quickstart.json --set duration=6h", &page), 0);
	CHECK_FITS(&page);
	CHECK_TABLE(&page, "Key figures", 20, 60);
	CHECK_TABLE(&page, "Rejections", 1, 10);
	CHECK_TABLE(&page, "Services", 3, 3);
	CHECK_IMAGE(&page, "utilization.svg");
	CHECK_IMAGE(&page, "hosts.svg");
	CHECK_IMAGE(&page, "services.svg");
	CHECK_IMAGE(&page, "cost.svg");
	CHECK_NO_RAW_FRACTION(&page);
	/* availability in percent, in nines and as downtime; utilization in percent */
	CHECK(strstr(page.html, "nines, ") && strstr(page.html, "down a 30-day month"));
	CHECK(strstr(page.html, "<td>CPU reserved / capacity up</td><td class=\"n\">"));
	CHECK(strstr(strstr(page.html, "CPU reserved / capacity up"), " %</td>"));
}

TEST(test_pages_compare)
{
	static const char *const figs[] = { "compare-availability.svg", "compare-utilization-cpu.svg",
					    "compare-utilization-memory.svg", "compare-hosts-busy.svg",
					    "compare-rejected.svg", "compare-cost.svg",
					    "timeline.svg" };

	if (skip())
		return;
	CHECK_EQ(render("compare", "compare scenarios/quickstart.json --set duration=6h -r 3 -q "
			"--jobs 2 --strategies 'scenario;binpack:memory'", &page), 0);
	CHECK_FITS(&page);
	CHECK_TABLE(&page, "Key metrics", 2, 2);
	/* one row per key metric of the second strategy, with whether it is significant */
	CHECK_TABLE(&page, "Paired differences", 6, 6);
	CHECK(strstr(page.html, "<th>significant</th>"));
	CHECK_INT(table_rows(&page, "All metrics", NULL), >, 50);
	for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++)
		CHECK_IMAGE(&page, figs[i]);
	CHECK_NO_RAW_FRACTION(&page);
	/* equal costs under both strategies: a difference of exactly 0, no noise */
	CHECK(strstr(page.html, "<td>cost (USD)</td><td class=\"n\">0</td><td class=\"n\">0 to 0"
				"</td><td>no</td>"));
}

TEST(test_pages_sweep)
{
	static const char *const figs[] = { "sweep-availability.svg", "sweep-utilization-cpu.svg",
					    "sweep-utilization-memory.svg", "sweep-hosts-busy.svg",
					    "sweep-rejected.svg", "sweep-cost.svg" };

	if (skip())
		return;
	/* two parameters and two strategies: the widest table of the four pages */
	CHECK_EQ(render("sweep", "sweep scenarios/quickstart.json --set duration=6h -r 2 -q "
			"--jobs 2 --param 'cluster.instances[1].count=100,150' "
			"--param 'services.web.desiredCount=100,150' "
			"--strategies 'scenario;binpack:memory'", &page), 0);
	CHECK_FITS(&page);
	CHECK_TABLE(&page, "Key metrics", 8, 8);
	for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++)
		CHECK_IMAGE(&page, figs[i]);
	CHECK_NO_RAW_FRACTION(&page);
}

TEST(test_pages_size)
{
	if (skip())
		return;
	/* the quickstart rejects tasks at full size: compaction has nothing to do */
	CHECK_EQ(render("size", "size scenarios/quickstart.json --set duration=6h -r 2 -q "
			"--jobs 2 --instances 1 --target 'availability>=0.999' "
			"--target 'tasks.rejected<=100' --trials 2", &page), 0);
	CHECK_FITS(&page);
	CHECK_TABLE(&page, "Answer", 1, 1);
	CHECK_TABLE(&page, "Compaction", 1, 1);
	CHECK_IMAGE(&page, "size-availability.svg");
	CHECK_IMAGE(&page, "size-tasks-rejected.svg");
	CHECK_NO_RAW_FRACTION(&page);
	CHECK(strstr(page.html, ">0 of 2</td><td>does not fit at full size</td>"));
	CHECK(!strstr(page.html, "compaction.svg"));
}
