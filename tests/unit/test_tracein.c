/* test_tracein.c - streaming rows: line numbers, chunk edges, gzip, blanks. */
#include <stdlib.h>
#include <zlib.h>

#include "../test.h"
#include "sim/tracein.h"

static char *write_file(const char *name, const char *text, size_t n, int gz)
{
	static char path[4][1100];
	static int k;
	char *p = path[k++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", test_tmpdir(), name);
	if (gz) {
		gzFile f = gzopen(p, "wb");
		gzwrite(f, text, (unsigned)n);
		gzclose(f);
	} else {
		FILE *f = fopen(p, "wb");
		fwrite(text, 1, n, f);
		fclose(f);
	}
	return p;
}

/* CRLF, blank lines and a quoted newline: each row knows its first line. */
TEST(test_tracein_csv_lines)
{
	static const char text[] = "a,b\r\n\r\nc,\"d\ne\"\r\n, \n x ,y\nlast";
	char *paths[1];
	const char *names[1] = { "t.csv" };
	tracein in;
	ecs_err e = { 0 };

	paths[0] = write_file("t.csv", text, sizeof(text) - 1, 0);
	CHECK_EQ(tracein_open(&in, paths, names, 1, TRACEIN_CSV, ',', 0, &e), 0);
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 1);
	CHECK_EQ(in.nfields, 2);
	CHECK_STR(in.field[1], "b");
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 3);
	CHECK_STR(in.field[1], "d\ne");
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 5);
	CHECK_EQ(in.nfields, 2);
	CHECK_STR(in.field[1], "");
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 6);
	CHECK_STR(in.field[0], "x"); /* libcsv trims blanks */
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 7);
	CHECK_STR(in.field[0], "last");
	CHECK_STR(in.name, "t.csv");
	CHECK_EQ(tracein_next(&in, &e), 0);
	CHECK_EQ(tracein_next(&in, &e), 0);
	tracein_close(&in);
}

/* Rows across 64 KiB chunk edges, gzip-compressed, then a second file. */
TEST(test_tracein_chunks_gzip_and_files)
{
	enum { N = 30000 };
	size_t cap = (size_t)N * 40, n = 0;
	char *text = malloc(cap), *paths[2];
	const char *names[2] = { "big.csv.gz", "small.csv" };
	tracein in;
	ecs_err e = { 0 };
	int64_t rows = 0;

	for (int i = 0; i < N; i++)
		n += (size_t)snprintf(text + n, cap - n, "%d,row %d,%s\n", i, i, i % 7 ? "x" : "");
	paths[0] = write_file("big.csv.gz", text, n, 1);
	paths[1] = write_file("small.csv", "only,row\n", 9, 0);
	free(text);
	CHECK_EQ(tracein_open(&in, paths, names, 2, TRACEIN_CSV, ',', 0, &e), 0);
	while (tracein_next(&in, &e) == 1 && in.file == 0) {
		char want[32];
		if (in.nfields != 3 || in.line != rows + 1 || atoi(in.field[0]) != rows) {
			tracein_close(&in);
			TEST_FAILED("row %lld: %d fields, line %lld, first \"%s\"", (long long)rows,
				    in.nfields, (long long)in.line, in.field[0]);
		}
		snprintf(want, sizeof(want), "row %lld", (long long)rows);
		if (strcmp(in.field[1], want) != 0) {
			tracein_close(&in);
			TEST_FAILED("row %lld: \"%s\"", (long long)rows, in.field[1]);
		}
		rows++;
	}
	CHECK_EQ(rows, N);
	CHECK_EQ(in.file, 1);
	CHECK_EQ(in.line, 1);
	CHECK_STR(in.name, "small.csv");
	CHECK_STR(in.field[1], "row");
	CHECK_EQ(tracein_next(&in, &e), 0);
	CHECK(!err_isset(&e));
	tracein_close(&in);
}

/* SWF style: runs of blanks, comment lines, no newline at the end. */
TEST(test_tracein_blank_separated)
{
	static const char text[] = "; header\n;\n   1   0  -1\t 5\r\n\n  2 10 3 4";
	char *paths[1];
	const char *names[1] = { "t.swf" };
	tracein in;
	ecs_err e = { 0 };

	paths[0] = write_file("t.swf", text, sizeof(text) - 1, 0);
	CHECK_EQ(tracein_open(&in, paths, names, 1, TRACEIN_BLANK, 0, ';', &e), 0);
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 3);
	CHECK_EQ(in.nfields, 4);
	CHECK_STR(in.field[2], "-1");
	CHECK_STR(in.field[3], "5");
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 5);
	CHECK_STR(in.field[3], "4");
	CHECK_EQ(tracein_next(&in, &e), 0);
	tracein_close(&in);
}

TEST(test_tracein_errors)
{
	char *paths[1] = { "/nonexistent/x.csv" };
	const char *names[1] = { "x.csv" };
	tracein in;
	ecs_err e = { 0 };
	static const char junk[] = "\x1f\x8b\x08\x00garbage that is not deflate data at all....";

	CHECK_EQ(tracein_open(&in, paths, names, 1, TRACEIN_CSV, ',', 0, &e), -1);
	CHECK_STR(e.msg, "cannot open x.csv: No such file or directory");
	tracein_close(&in);
	err_clear(&e);
	paths[0] = write_file("bad.gz", junk, sizeof(junk) - 1, 0);
	names[0] = "bad.gz";
	CHECK_EQ(tracein_open(&in, paths, names, 1, TRACEIN_CSV, ',', 0, &e), 0);
	CHECK_EQ(tracein_next(&in, &e), -1);
	CHECK(strncmp(e.msg, "bad.gz: read error: ", 20) == 0);
	tracein_close(&in);
}
