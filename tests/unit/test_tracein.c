/* test_tracein.c - streaming rows: line numbers, chunk edges, gzip, blanks,
 * rows over the length limit and the memory a gzip bomb can take. */
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "tests/test.h"
#include "sim/trace/tracein.h"

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

/* ---- rows longer than TRACEIN_MAX_ROW ---------------------------------- */

/* Writes n copies of byte c, in pieces so that the test itself holds little. */
static void put_run(FILE *f, gzFile g, int c, size_t n)
{
	static char piece[64 * 1024];

	memset(piece, c, sizeof(piece));
	while (n > 0) {
		size_t k = n < sizeof(piece) ? n : sizeof(piece);
		if (g)
			gzwrite(g, piece, (unsigned)k);
		else if (f)
			fwrite(piece, 1, k, f);
		n -= k;
	}
}

static char *scratch(const char *name)
{
	static char path[4][1100];
	static int k;
	char *p = path[k++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", test_tmpdir(), name);
	return p;
}

/* A 3 MiB row between two ordinary ones: it comes out as too long, in its
 * place, and the line numbers after it are right. */
TEST(test_tracein_csv_too_long_row)
{
	char *paths[1] = { scratch("long.csv") };
	const char *names[1] = { "long.csv" };
	FILE *f = fopen(paths[0], "wb");
	tracein in;
	ecs_err e = { 0 };

	fputs("a,b\n", f);
	put_run(f, NULL, 'x', 3 * 1024 * 1024);
	fputs("\nc,d\n", f);
	fclose(f);
	CHECK_EQ(tracein_open(&in, paths, names, 1, TRACEIN_CSV, ',', 0, &e), 0);
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 1);
	CHECK_EQ(in.too_long, 0);
	CHECK_STR(in.field[1], "b");
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 2);
	CHECK_EQ(in.too_long, 1);
	CHECK_EQ(in.nfields, 0);
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 3);
	CHECK_EQ(in.too_long, 0);
	CHECK_EQ(in.nfields, 2);
	CHECK_STR(in.field[0], "c");
	CHECK_STR(in.field[1], "d");
	CHECK_EQ(tracein_next(&in, &e), 0);
	CHECK(!err_isset(&e));
	tracein_close(&in);
}

/* A quoted field that grows past the limit over 30000 lines, with quotes,
 * separators and a CRLF end: the skip ends where the record does, not at
 * the first newline inside the quotes. */
TEST(test_tracein_csv_too_long_quoted_record)
{
	char *paths[1] = { scratch("quoted.csv") };
	const char *names[1] = { "quoted.csv" };
	FILE *f = fopen(paths[0], "wb");
	tracein in;
	ecs_err e = { 0 };

	fputs("a,b\r\nx,\"", f);
	for (int i = 0; i < 30000; i++) {
		put_run(f, NULL, 'y', 90);
		fputs(i % 3 ? "\"\",z, \"\"\n" : "\n", f);
	}
	fputs("\",z\r\nc,\"d\ne\"\r\n", f);
	fclose(f);
	CHECK_EQ(tracein_open(&in, paths, names, 1, TRACEIN_CSV, ',', 0, &e), 0);
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 1);
	CHECK_EQ(in.nfields, 2);
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 2);
	CHECK_EQ(in.too_long, 1);
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 30003);
	CHECK_EQ(in.too_long, 0);
	CHECK_EQ(in.nfields, 2);
	CHECK_STR(in.field[0], "c");
	CHECK_STR(in.field[1], "d\ne");
	CHECK_EQ(tracein_next(&in, &e), 0);
	CHECK(!err_isset(&e));
	tracein_close(&in);
}

/* Exactly TRACEIN_MAX_ROW bytes is kept, one more is not, whichever chunk
 * the row ends in; then a too-long last line without a newline, and the
 * next file starts afresh. */
static void limit_file(const char *path, char sep, int blank)
{
	FILE *f = fopen(path, "wb");

	put_run(f, NULL, 'a', TRACEIN_MAX_ROW - 2);
	fprintf(f, "%cb\n", sep);
	put_run(f, NULL, 'c', TRACEIN_MAX_ROW + 1);
	fputs(blank ? "\n1  2\n" : "\n1,2\n", f);
	put_run(f, NULL, 'd', 2 * TRACEIN_MAX_ROW);
	fclose(f);
}

static void check_limit(enum tracein_mode mode)
{
	int blank = mode == TRACEIN_BLANK;
	char *paths[2] = { scratch("limit"), scratch("next") };
	const char *names[2] = { "limit", "next" };
	FILE *f = fopen(paths[1], "wb");
	tracein in;
	ecs_err e = { 0 };

	fputs("3 4\n", f);
	fclose(f);
	limit_file(paths[0], blank ? ' ' : ',', blank);
	CHECK_EQ(tracein_open(&in, paths, names, 2, mode, ',', ';', &e), 0);
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 1);
	CHECK_EQ(in.too_long, 0);
	CHECK_EQ(in.nfields, 2);
	CHECK_EQ(strlen(in.field[0]), TRACEIN_MAX_ROW - 2);
	CHECK_STR(in.field[1], "b");
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 2);
	CHECK_EQ(in.too_long, 1);
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 3);
	CHECK_EQ(in.too_long, 0);
	CHECK_STR(in.field[1], "2");
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_EQ(in.line, 4);
	CHECK_EQ(in.too_long, 1);
	CHECK_STR(in.name, "limit");
	CHECK_EQ(tracein_next(&in, &e), 1);
	CHECK_STR(in.name, "next");
	CHECK_EQ(in.line, 1);
	CHECK_EQ(in.too_long, 0);
	CHECK_EQ(in.nfields, blank ? 2 : 1);
	CHECK_EQ(tracein_next(&in, &e), 0);
	CHECK(!err_isset(&e));
	tracein_close(&in);
}

TEST(test_tracein_limit_is_exact_csv)
{
	check_limit(TRACEIN_CSV);
}

TEST(test_tracein_limit_is_exact_blank)
{
	check_limit(TRACEIN_BLANK);
}

/* What a read of the bomb saw, sent back from the child process. */
struct bomb_result {
	int rc1, too_long, nfields, rc2;
	int64_t line;
	long growth_kib;
};

/* Reads path in a child process and measures its peak memory growth there:
 * ru_maxrss is a high-water mark, and the cases run before this one in the
 * same process may have set it higher than this read ever would. */
static int read_bomb(char *path, enum tracein_mode mode, struct bomb_result *out)
{
	int fd[2], status;
	pid_t pid;

	if (pipe(fd) != 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct bomb_result b = { 0 };
		struct rusage ru;
		const char *names[1] = { "bomb" };
		tracein in;
		ecs_err e = { 0 };
		long before;

		getrusage(RUSAGE_SELF, &ru);
		before = ru.ru_maxrss;
		if (tracein_open(&in, &path, names, 1, mode, ',', ';', &e) == 0) {
			b.rc1 = tracein_next(&in, &e);
			b.too_long = in.too_long;
			b.nfields = in.nfields;
			b.line = in.line;
			b.rc2 = tracein_next(&in, &e);
		}
		tracein_close(&in);
		getrusage(RUSAGE_SELF, &ru);
		b.growth_kib = ru.ru_maxrss - before; /* KiB on Linux */
		_exit(write(fd[1], &b, sizeof(b)) == (ssize_t)sizeof(b) ? 0 : 1);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], out, sizeof(*out)) != (ssize_t)sizeof(*out)) {
		close(fd[0]);
		return -1;
	}
	close(fd[0]);
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* 20 MiB of NUL bytes and no newline, gzip'ed (20 KiB): one too-long row,
 * then the end, and the memory held stays near one row's worth. */
static void check_bomb(enum tracein_mode mode)
{
	char *path = scratch("bomb.gz");
	gzFile g = gzopen(path, "wb9");
	struct bomb_result b;

	put_run(NULL, g, 0, 20 * 1024 * 1024);
	gzclose(g);
	CHECK_EQ(read_bomb(path, mode, &b), 0);
	CHECK_EQ(b.rc1, 1);
	CHECK_EQ(b.too_long, 1);
	CHECK_EQ(b.nfields, 0);
	CHECK_EQ(b.line, 1);
	CHECK_EQ(b.rc2, 0);
#ifndef __SANITIZE_ADDRESS__
	/* ASan keeps freed blocks in quarantine, so the bound holds only without it */
	CHECK_INT(b.growth_kib, <, 16 * 1024);
#endif
}

TEST(test_tracein_gzip_bomb_csv)
{
	check_bomb(TRACEIN_CSV);
}

TEST(test_tracein_gzip_bomb_blank)
{
	check_bomb(TRACEIN_BLANK);
}
